/*
 * cmd_profile.c - one state across every treaty of the record: its status
 * and dates under each on a day, then its changes of status in date order.
 */
#include "cli.h"
#include "pacta/declarations.h"
#include "pacta/profile.h"

#include <stdio.h>
#include <string.h>

static const char *d2s(pacta_day d, char *buf)
{
	pacta_date_format(d, buf);
	return buf;
}

/* "Art. 17(2): ratification of 2011-03-24", "withdrawal of 2024-09-06". */
static void why_text(const pacta_record *rec, const pacta_derivation *d, char *buf, size_t size)
{
	char on[PACTA_DATE_BUFSZ];
	const pacta_act *a = d->n_acts ? &rec->acts[d->acts[0]] : NULL;
	snprintf(buf, size, "%s%s%s%s%s%s", d->article ? "Art. " : "", d->article ? d->article : "",
		 d->article && a ? ": " : "", a ? pacta_action_name(a->action) : "",
		 a ? " of " : "", a ? d2s(a->date, on) : "");
}

static void profile_csv(const pacta_profile *pr)
{
	static const char *const head[] = {"state", "on", "treaty", "status", "since",
					   "signature", "consent", "consent_instrument",
					   "entry_into_force", "withdrawal_notified",
					   "withdrawal_effective"};
	out_csv_row(stdout, head, 11);
	char on[PACTA_DATE_BUFSZ], b[6][PACTA_DATE_BUFSZ];
	for (size_t i = 0; i < pr->n_treaties; i++) {
		const pacta_state_view *v = &pr->treaties[i].view;
		const char *row[] = {pr->rec->participants[pr->participant].iso3, d2s(pr->on, on),
				     pr->rec->treaties[pr->treaties[i].treaty].id,
				     pacta_status_name(v->status), d2s(v->since, b[0]),
				     d2s(v->signed_on, b[1]), d2s(v->consented_on, b[2]),
				     v->consented_on != PACTA_DAY_NONE
					     ? pacta_action_name(v->consent_action)
					     : "",
				     d2s(v->entry_into_force, b[3]),
				     d2s(v->withdrawal_notified, b[4]),
				     d2s(v->withdrawal_effective, b[5])};
		out_csv_row(stdout, row, 11);
	}
}

static void profile_table(const pacta_profile *pr)
{
	const pacta_record *rec = pr->rec;
	const pacta_participant *who = &rec->participants[pr->participant];
	char on[PACTA_DATE_BUFSZ], b[4][PACTA_DATE_BUFSZ], nb[160];
	printf("%s (%s) under the %zu %s of the record, on %s\n\n", who->name, who->iso3,
	       pr->n_treaties, pr->n_treaties == 1 ? "treaty" : "treaties", d2s(pr->on, on));
	printf("%-8s %-42s %-34s %-10s  %-10s  %s\n", "TREATY", "NAME", "STATUS", "SINCE",
	       "IN FORCE", "WITHDRAWAL");
	for (size_t i = 0; i < pr->n_treaties; i++) {
		const pacta_treaty *tr = &rec->treaties[pr->treaties[i].treaty];
		const pacta_state_view *v = &pr->treaties[i].view;
		char wd[64] = "";
		if (v->withdrawal_notified != PACTA_DAY_NONE)
			snprintf(wd, sizeof(wd), "notified %s, effective %s",
				 d2s(v->withdrawal_notified, b[2]),
				 v->withdrawal_effective != PACTA_DAY_NONE
					 ? d2s(v->withdrawal_effective, b[3])
					 : "(held)");
		char line[400];
		snprintf(line, sizeof(line), "%-8s %s %-34s %-10s  %-10s%s%s", tr->id,
			 out_pad(nb, sizeof(nb), tr->name, 42),
			 out_status_label(v->status, v->provisional), d2s(v->since, b[0]),
			 d2s(v->entry_into_force, b[1]), *wd ? "  " : "", wd);
		/* No trailing spaces when the last columns are empty. */
		size_t n = strlen(line);
		while (n && line[n - 1] == ' ')
			line[--n] = '\0';
		printf("%s\n", line);
	}
	if (!pr->n_changes) {
		printf("\nNo change of status recorded.\n");
		return;
	}
	printf("\nChanges of status:\n");
	for (size_t i = 0; i < pr->n_changes; i++) {
		const pacta_profile_change *ch = &pr->changes[i];
		char why[200], st[96], before[48];
		why_text(rec, &ch->why, why, sizeof(why));
		/* out_status_label may share one buffer: copy the first. */
		snprintf(before, sizeof(before), "%s", out_status_label(ch->before, false));
		snprintf(st, sizeof(st), "%s -> %s", before,
			 out_status_label(ch->after, ch->provisional));
		printf("%-10s  %-8s %-58s %s%s\n", d2s(ch->date, b[0]),
		       rec->treaties[ch->treaty].id, st, why,
		       ch->upcoming ? " (to come)" : "");
	}
}

/* The state's declarations under every treaty, one line each; the texts
 * are for `pacta declarations`. -1 when out of memory. */
static int profile_declarations(const pacta_record *rec, uint32_t p, pacta_day on)
{
	bool header = false;
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		pacta_declarations list;
		pacta_error err;
		if (pacta_declarations_list(rec, t, &p, 1, on, &list, &err) != PACTA_OK)
			return -1;
		for (size_t i = 0; i < list.n; i++) {
			const pacta_declaration *d = &list.items[i];
			const pacta_act *a = &rec->acts[d->act];
			char day[PACTA_DATE_BUFSZ], what[96];
			if (!header) {
				printf("\nDeclarations (pacta declarations TREATY %s gives their texts):\n",
				       rec->participants[p].iso3);
				header = true;
			}
			snprintf(what, sizeof(what), "%s%s%s%s%s", pacta_action_name(a->action),
				 d->occasion_act >= 0 ? ", upon " : "",
				 d->occasion_act >= 0
					 ? pacta_action_name(rec->acts[d->occasion_act].action)
					 : "",
				 *a->territory ? " " : "", a->territory);
			if (d->occasion == PACTA_OCCASION_RESPONSE)
				printf("%-10s  %-8s %-44s addressed to %s\n", d2s(a->date, day),
				       rec->treaties[t].id, what,
				       rec->participants[a->target].iso3);
			else
				printf("%-10s  %-8s %-44s %zu response%s\n", d2s(a->date, day),
				       rec->treaties[t].id, what, d->n_responses,
				       d->n_responses == 1 ? "" : "s");
		}
		pacta_declarations_free(&list);
	}
	return 0;
}

int cmd_profile(cli *c)
{
	if (c->n_args != 1)
		return cli_usage(c, "profile takes one STATE");
	int rc = cli_open(c);
	uint32_t p;
	if (rc || (rc = cli_state(c, c->args[0], &p)))
		return rc;
	if (c->format == OUT_JSON)
		return out_json(pacta_report_profile_json(c->rec, p, c->on));
	pacta_profile pr;
	pacta_error err;
	if (pacta_profile_build(c->rec, p, c->on, &pr, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if (c->format == OUT_CSV) {
		profile_csv(&pr);
	} else {
		profile_table(&pr);
		if (profile_declarations(c->rec, p, c->on) != 0) {
			pacta_profile_free(&pr);
			pacta_error_set(&err, PACTA_ERR_NOMEM, "", "out of memory");
			return cli_fail(c, &err);
		}
	}
	pacta_profile_free(&pr);
	return EXIT_OK;
}
