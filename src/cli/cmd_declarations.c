/*
 * cmd_declarations.c - `pacta declarations`: what states declared about a
 * treaty (declarations, reservations, objections, territorial application,
 * withdrawals of reservations), with the depositary's text, when each was
 * made and the responses it drew. The library lists (declarations.c); this
 * file formats.
 */
#include "cli.h"
#include "pacta/declarations.h"
#include "pacta/report.h"

#include <stdlib.h>
#include <string.h>

/* "declaration, upon ratification of 1999-09-14", "objection", ... */
static void what_label(const pacta_record *rec, const pacta_declaration *d, char *out, size_t size)
{
	const pacta_act *a = &rec->acts[d->act];
	if (d->occasion_act >= 0) {
		const pacta_act *u = &rec->acts[d->occasion_act];
		snprintf(out, size, "%s, upon %s", pacta_action_name(a->action),
			 pacta_action_name(u->action));
	} else if (a->target >= 0) {
		snprintf(out, size, "%s, addressed to %s", pacta_action_name(a->action),
			 rec->participants[a->target].iso3);
	} else {
		snprintf(out, size, "%s", pacta_action_name(a->action));
	}
}

static void text_block(const pacta_act *a, const char *indent)
{
	char cn[PACTA_NOTIFICATION_MAX + 48];
	if (*a->territory)
		printf("%sTerritory: %s\n", indent, a->territory);
	if (*a->text) {
		/* Each paragraph of the depositary's text folded on its own. */
		const char *p = a->text;
		while (*p) {
			size_t n = strcspn(p, "\n");
			char *para = strndup(p, n);
			if (para) {
				if (*para)
					out_wrap(stdout, para, indent, indent, 78);
				else
					printf("\n");
				free(para);
			}
			p += n;
			if (*p == '\n')
				p++;
		}
	} else {
		printf("%s(no text in the record)\n", indent);
	}
	notification_label(a, cn, sizeof(cn));
	printf("%sSource: %s%s\n", indent, cn, a->source_url);
}

static void declarations_text(cli *c, const pacta_treaty *tr, const pacta_declarations *list)
{
	const pacta_rules *r = tr->rules;
	const pacta_record *rec = c->rec;
	char on[PACTA_DATE_BUFSZ];
	printf("Declarations under the %s (%s), as of %s\n", tr->name, tr->id,
	       pacta_date_format(c->on, on));
	if (r->reservations_allowed)
		printf("Reservations: allowed%s%s%s\n", r->reservations.article ? " (Art. " : "",
		       r->reservations.article ? r->reservations.article : "",
		       r->reservations.article ? ")" : "");
	else
		printf("Reservations: not allowed (Art. %s)\n",
		       r->reservations.article ? r->reservations.article : "?");
	if (list->n == 0)
		printf("\nNo declarations, reservations or objections in the record.\n");
	int32_t last = -1;
	for (size_t i = 0; i < list->n; i++) {
		const pacta_declaration *d = &list->items[i];
		const pacta_act *a = &rec->acts[d->act];
		char day[PACTA_DATE_BUFSZ], label[96];
		if ((int32_t)a->participant != last) {
			printf("\n%s (%s)\n", rec->participants[a->participant].name,
			       rec->participants[a->participant].iso3);
			last = (int32_t)a->participant;
		}
		what_label(rec, d, label, sizeof(label));
		printf("  %s  %s\n", pacta_date_format(a->date, day), label);
		text_block(a, "      ");
		for (size_t k = 0; k < d->n_responses; k++) {
			const pacta_act *o = &rec->acts[list->responses[d->first_response + k]];
			printf("    %s  %s by %s\n", pacta_date_format(o->date, day),
			       pacta_action_name(o->action), rec->participants[o->participant].iso3);
			text_block(o, "        ");
		}
	}
}

static void declarations_csv(cli *c, const pacta_treaty *tr, const pacta_declarations *list)
{
	static const char *const head[] = {"treaty",	 "state",	 "action",     "date",
					   "occasion",	 "upon_action", "upon_date",  "target",
					   "territory",	 "notification", "circulated", "text",
					   "source_url", "responses"};
	const pacta_record *rec = c->rec;
	out_csv_row(stdout, head, 14);
	for (size_t i = 0; i < list->n; i++) {
		const pacta_declaration *d = &list->items[i];
		const pacta_act *a = &rec->acts[d->act];
		const pacta_act *u = d->occasion_act >= 0 ? &rec->acts[d->occasion_act] : NULL;
		char day[PACTA_DATE_BUFSZ], upon[PACTA_DATE_BUFSZ], circ[PACTA_DATE_BUFSZ];
		/* The responses as "BOR objection 1999-01-01", ';'-separated. */
		size_t cap = 1 + d->n_responses * 48;
		char *responses = calloc(1, cap);
		for (size_t k = 0; responses && k < d->n_responses; k++) {
			const pacta_act *o = &rec->acts[list->responses[d->first_response + k]];
			char od[PACTA_DATE_BUFSZ];
			size_t used = strlen(responses);
			snprintf(responses + used, cap - used, "%s%s %s %s", k ? ";" : "",
				 rec->participants[o->participant].iso3, pacta_action_name(o->action),
				 pacta_date_format(o->date, od));
		}
		const char *row[] = {tr->id,
				     rec->participants[a->participant].iso3,
				     pacta_action_name(a->action),
				     pacta_date_format(a->date, day),
				     pacta_occasion_name(d->occasion),
				     u ? pacta_action_name(u->action) : "",
				     u ? pacta_date_format(u->date, upon) : "",
				     a->target >= 0 ? rec->participants[a->target].iso3 : "",
				     a->territory,
				     a->notification,
				     pacta_date_format(a->circulated, circ),
				     a->text,
				     a->source_url,
				     responses ? responses : ""};
		out_csv_row(stdout, row, 14);
		free(responses);
	}
}

int cmd_declarations(cli *c)
{
	if (c->n_args < 1)
		return cli_usage(c, "declarations takes TREATY [STATE...]");
	int rc = cli_open(c);
	uint32_t t;
	if (rc || (rc = cli_treaty(c, c->args[0], &t)))
		return rc;
	size_t n_states = (size_t)c->n_args - 1;
	uint32_t *states = calloc(n_states ? n_states : 1, sizeof(*states));
	if (!states) {
		pacta_error oom;
		pacta_error_set(&oom, PACTA_ERR_NOMEM, "", "out of memory");
		return cli_fail(c, &oom);
	}
	for (size_t i = 0; i < n_states; i++)
		if ((rc = cli_state(c, c->args[i + 1], &states[i]))) {
			free(states);
			return rc;
		}
	pacta_treaty_status *ts = NULL;
	if ((rc = cli_compile(c, t, &ts))) {
		free(states);
		return rc;
	}
	pacta_declarations list;
	pacta_error err;
	if (pacta_declarations_list(c->rec, t, states, n_states, c->on, &list, &err) != PACTA_OK) {
		free(states);
		pacta_treaty_status_free(ts);
		return cli_fail(c, &err);
	}
	const pacta_treaty *tr = &c->rec->treaties[t];
	if (c->format == OUT_JSON)
		rc = out_json(pacta_report_declarations_json(ts, c->on, &list));
	else if (c->format == OUT_CSV)
		declarations_csv(c, tr, &list);
	else
		declarations_text(c, tr, &list);
	pacta_declarations_free(&list);
	pacta_treaty_status_free(ts);
	free(states);
	return rc;
}
