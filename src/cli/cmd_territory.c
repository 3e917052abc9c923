/*
 * cmd_territory.c - `--territory` of `pacta status` and `pacta
 * obligations`: whether the treaty applies to one territory of a state, and
 * on what act (the library decides, territory.c; this file formats).
 */
#include "cli.h"
#include "pacta/report.h"
#include "pacta/territory.h"

/* One sentence on the view: the status and the act it rests on. */
static void territory_text(const cli *c, uint32_t p, const char *territory,
			   const pacta_territory_view *v)
{
	const pacta_record *rec = c->rec;
	const pacta_participant *who = &rec->participants[p];
	const pacta_act *a = v->act >= 0 ? &rec->acts[v->act] : NULL;
	char d[PACTA_DATE_BUFSZ], since[PACTA_DATE_BUFSZ], cn[PACTA_NOTIFICATION_MAX + 48];

	if (v->applies && v->status != PACTA_STATUS_NONE)
		printf("%s since %s", pacta_status_name(v->status),
		       pacta_date_format(v->since, since));
	else
		printf("%s", v->applies ? "none" : "not applied");
	switch (v->basis) {
	case PACTA_TERRITORY_WHOLE:
		printf(": no territorial act names %s; the treaty applies to it as to the rest of "
		       "%s's territory (VCLT Art. 29)\n",
		       territory, who->name);
		return;
	case PACTA_TERRITORY_NOT_EXTENDED:
		printf(": %s had not yet extended the treaty to %s (its extension comes later)\n",
		       who->name, territory);
		return;
	case PACTA_TERRITORY_EXTENDED:
		printf(": %s extended the treaty to %s on %s\n", who->name, territory,
		       pacta_date_format(a->date, d));
		break;
	case PACTA_TERRITORY_EXCLUDED:
		printf(": %s excluded %s on %s\n", who->name, territory,
		       pacta_date_format(a->date, d));
		break;
	}
	notification_label(a, cn, sizeof(cn));
	printf("Source: %s %s %s: %s%s\n", who->iso3, pacta_action_name(a->action),
	       pacta_date_format(a->date, d), cn, a->source_url);
}

int territory_answer(cli *c, pacta_treaty_status *ts, uint32_t p, bool json)
{
	pacta_territory_view v;
	pacta_error err;
	if (pacta_territory_status(ts, p, c->territory, c->on, &v, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if (json)
		return out_json(pacta_report_territory_json(ts, p, c->territory, c->on, &v));
	const pacta_participant *who = &c->rec->participants[p];
	const pacta_treaty *tr = &c->rec->treaties[pacta_treaty_status_treaty(ts)];
	char on[PACTA_DATE_BUFSZ];
	printf("%s (%s), territory %s, and the %s (%s), on %s\n", who->name, who->iso3,
	       c->territory, tr->name, tr->id, pacta_date_format(c->on, on));
	territory_text(c, p, c->territory, &v);
	return EXIT_OK;
}
