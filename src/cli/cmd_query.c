/*
 * cmd_query.c - the questions: status, parties, timeline, explain, diff,
 * summary, map. Each opens the record, compiles one treaty and formats what the
 * library answers.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pacta/map.h"

static const char *d2s(pacta_day d, char *buf)
{
	pacta_date_format(d, buf);
	return buf;
}

/* Opens the record and compiles the treaty named by args[0]. */
static int open_treaty(cli *c, int min_args, int max_args, uint32_t *treaty,
		       pacta_treaty_status **ts)
{
	if (c->n_args < min_args || (max_args >= 0 && c->n_args > max_args))
		return cli_usage(c, cli_tr(c, "wrong number of arguments"));
	int rc = cli_open(c);
	if (rc)
		return rc;
	if ((rc = cli_treaty(c, c->args[0], treaty)))
		return rc;
	return cli_compile(c, *treaty, ts);
}

static const pacta_treaty *treaty_of(const cli *c, uint32_t t)
{
	return &c->rec->treaties[t];
}

static void status_csv(cli *c, pacta_treaty_status *ts, const uint32_t *ps, size_t n)
{
	static const char *const head[] = {"treaty", "on", "state", "name", "status", "since",
					   "signature", "consent", "consent_instrument",
					   "entry_into_force", "withdrawal_notified",
					   "withdrawal_effective", "claims"};
	out_csv_row(stdout, head, 13);
	char on[PACTA_DATE_BUFSZ];
	pacta_date_format(c->on, on);
	for (size_t i = 0; i < n; i++) {
		pacta_state_view v = pacta_state_view_on(ts, ps[i], c->on);
		char b[6][PACTA_DATE_BUFSZ], claims[16];
		snprintf(claims, sizeof(claims), "%zu", v.n_claims);
		const char *row[] = {treaty_of(c, pacta_treaty_status_treaty(ts))->id, on,
				     c->rec->participants[ps[i]].iso3,
				     c->rec->participants[ps[i]].name,
				     pacta_status_name(v.status), d2s(v.since, b[0]),
				     d2s(v.signed_on, b[1]), d2s(v.consented_on, b[2]),
				     v.consented_on != PACTA_DAY_NONE
					     ? pacta_action_name(v.consent_action)
					     : "",
				     d2s(v.entry_into_force, b[3]),
				     d2s(v.withdrawal_notified, b[4]),
				     d2s(v.withdrawal_effective, b[5]), claims};
		out_csv_row(stdout, row, 13);
	}
}

static void status_table(cli *c, pacta_treaty_status *ts, const uint32_t *ps, size_t n)
{
	const pacta_treaty *tr = treaty_of(c, pacta_treaty_status_treaty(ts));
	char on[PACTA_DATE_BUFSZ];
	const pacta_title *ti = pacta_treaty_title(tr, pacta_lang_code(c->lang));
	printf(cli_tr(c, "%s (%s), status on %s\n\n"), ti && ti->name ? ti->name : tr->name, tr->id,
	       d2s(c->on, on));
	/* Each column as wide as its heading in the language, at least as
	 * wide as in English, so that the rows stay under their headings. */
	const char *heads[5] = {cli_tr(c, "STATE"), cli_tr(c, "NAME"), cli_tr(c, "STATUS"),
				cli_tr(c, "SINCE"), cli_tr(c, "IN FORCE")};
	static const int min_w[5] = {5, 28, 34, 10, 10};
	int w[5];
	char h[5][64];
	for (size_t k = 0; k < 5; k++) {
		w[k] = out_width(heads[k]) > min_w[k] ? out_width(heads[k]) : min_w[k];
		out_pad(h[k], sizeof(h[k]), heads[k], w[k]);
	}
	printf("%s %s %s %s  %s  %s\n", h[0], h[1], h[2], h[3], h[4], cli_tr(c, "WITHDRAWAL"));
	for (size_t i = 0; i < n; i++) {
		const pacta_participant *p = &c->rec->participants[ps[i]];
		pacta_state_view v = pacta_state_view_on(ts, ps[i], c->on);
		char since[PACTA_DATE_BUFSZ], eif[PACTA_DATE_BUFSZ], wn[PACTA_DATE_BUFSZ],
			we[PACTA_DATE_BUFSZ], wd[64] = "";
		if (v.withdrawal_notified != PACTA_DAY_NONE)
			snprintf(wd, sizeof(wd), cli_tr(c, "notified %s, effective %s"),
				 d2s(v.withdrawal_notified, wn),
				 v.withdrawal_effective != PACTA_DAY_NONE
					 ? d2s(v.withdrawal_effective, we)
					 : cli_tr(c, "(held)"));
		char cb[16], nb[128], sb[160], db[2][32];
		/* Padded, never cut: the longest label is wider than its column. */
		const char *label = cli_tr(c, out_status_label(v.status, v.provisional));
		int lw = out_width(label) > w[2] ? out_width(label) : w[2];
		printf("%s %s %s %s  %s%s%s\n", out_pad(cb, sizeof(cb), p->iso3, w[0]),
		       out_pad(nb, sizeof(nb), cli_name(c, p), w[1]), out_pad(sb, sizeof(sb), label, lw),
		       out_pad(db[0], sizeof(db[0]), d2s(v.since, since), w[3]),
		       out_pad(db[1], sizeof(db[1]), d2s(v.entry_into_force, eif), w[4]),
		       *wd ? "  " : "", wd);
		if (v.n_claims)
			printf("      claims a suspension the treaty does not provide for (%zu objection%s); changes no status\n",
			       v.n_objections, v.n_objections == 1 ? "" : "s");
	}
}

static void counts_lines(cli *c, pacta_treaty_status *ts)
{
	pacta_counts k = pacta_status_count(ts, c->on);
	printf("\n%zu parties (in force for them%s), %zu consented but not yet bound, %zu signatories not consented, %zu withdrawn (withdrawal in effect)\n",
	       k.parties,
	       k.withdrawing ? ", including those withdrawing" : "", k.consented,
	       k.signatories, k.withdrawn);
}

int cmd_status(cli *c)
{
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	int rc = open_treaty(c, 1, -1, &t, &ts);
	if (rc)
		return rc;
	uint32_t *ps = calloc(c->rec->n_participants + (size_t)c->n_args, sizeof(*ps));
	size_t n = 0;
	if (!ps) {
		pacta_treaty_status_free(ts);
		return EXIT_BADDATA;
	}
	bool named = c->n_args > 1;
	if (c->territory && c->n_args != 2) {
		free(ps);
		pacta_treaty_status_free(ts);
		return cli_usage(c, "--territory takes one STATE: status TREATY STATE --territory CODE");
	}
	for (int i = 1; i < c->n_args && rc == EXIT_OK; i++)
		rc = cli_state(c, c->args[i], &ps[n++]);
	if (rc == EXIT_OK && c->territory) {
		rc = territory_answer(c, ts, ps[0], c->format == OUT_JSON);
		free(ps);
		pacta_treaty_status_free(ts);
		return rc;
	}
	if (!named)
		for (uint32_t p = 0; p < c->rec->n_participants; p++)
			if (pacta_status_on(ts, p, c->on, NULL) != PACTA_STATUS_NONE)
				ps[n++] = p;
	if (rc == EXIT_OK) {
		if (c->format == OUT_JSON)
			rc = out_json(pacta_report_status_json(ts, c->on, named ? ps : NULL, n));
		else if (c->format == OUT_CSV)
			status_csv(c, ts, ps, n);
		else {
			status_table(c, ts, ps, n);
			if (!named)
				counts_lines(c, ts);
		}
	}
	free(ps);
	pacta_treaty_status_free(ts);
	return rc;
}

int cmd_parties(cli *c)
{
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	int rc = open_treaty(c, 1, 1, &t, &ts);
	if (rc)
		return rc;
	if (c->group && !pacta_record_group_exists(c->rec, c->group)) {
		fprintf(stderr, "pacta: no group '%s'; the record knows:", c->group);
		/* Each distinct group name once, in the record's order. */
		for (size_t i = 0; i < c->rec->n_groups; i++) {
			const char *g = c->rec->groups[i].group;
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++)
				seen = strcmp(c->rec->groups[j].group, g) == 0;
			if (!seen)
				fprintf(stderr, " %s", g);
		}
		fprintf(stderr, "\n");
		pacta_treaty_status_free(ts);
		return EXIT_NOTFOUND;
	}
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_parties_json(ts, c->on, c->group));
		pacta_treaty_status_free(ts);
		return rc;
	}
	const pacta_treaty *tr = treaty_of(c, t);
	char on[PACTA_DATE_BUFSZ], eif[PACTA_DATE_BUFSZ];
	size_t count = 0;
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"treaty", "on", "state", "name", "status",
						   "entry_into_force"};
		out_csv_row(stdout, head, 6);
	}
	for (uint32_t p = 0; p < c->rec->n_participants; p++) {
		const pacta_interval *iv;
		pacta_status s = pacta_status_on(ts, p, c->on, &iv);
		if (!pacta_status_is_bound(s) ||
		    (c->group && !pacta_record_in_group(c->rec, p, c->group, c->on)))
			continue;
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		const pacta_participant *who = &c->rec->participants[p];
		if (c->format == OUT_CSV) {
			const char *row[] = {tr->id, d2s(c->on, on), who->iso3, who->name,
					     pacta_status_name(s), d2s(tl->entry_into_force, eif)};
			out_csv_row(stdout, row, 6);
		} else {
			if (count == 0)
				printf("%-5s %-32s %-10s  %s\n", "STATE", "NAME", "IN FORCE", "STATUS");
			char nb[128];
			printf("%-5s %s %-10s  %s\n", who->iso3, out_pad(nb, sizeof(nb), who->name, 32),
			       d2s(tl->entry_into_force, eif), out_status_label(s, false));
		}
		count++;
	}
	if (c->format == OUT_TABLE)
		printf("\n%zu parties to the %s on %s%s%s: states for which it is in force that day.\n",
		       count, tr->name, d2s(c->on, on), c->group ? " in group " : "",
		       c->group ? c->group : "");
	pacta_treaty_status_free(ts);
	return EXIT_OK;
}

int cmd_timeline(cli *c)
{
	uint32_t t, p;
	pacta_treaty_status *ts = NULL;
	int rc = open_treaty(c, 2, 2, &t, &ts);
	if (rc)
		return rc;
	if ((rc = cli_state(c, c->args[1], &p))) {
		pacta_treaty_status_free(ts);
		return rc;
	}
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_timeline_json(ts, p));
		pacta_treaty_status_free(ts);
		return rc;
	}
	pacta_event *ev;
	size_t n;
	pacta_error err;
	if (pacta_timeline_events(ts, p, &ev, &n, &err) != PACTA_OK) {
		pacta_treaty_status_free(ts);
		return cli_fail(c, &err);
	}
	const pacta_treaty *tr = treaty_of(c, t);
	const pacta_participant *who = &c->rec->participants[p];
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"treaty", "state", "date", "kind", "event",
						   "by", "article", "legal_effect", "source_url",
						   "notification"};
		out_csv_row(stdout, head, 10);
	} else {
		printf("%s (%s) and the %s (%s)\n\n", who->name, who->iso3, tr->name, tr->id);
	}
	for (size_t i = 0; i < n; i++) {
		char d[PACTA_DATE_BUFSZ];
		d2s(ev[i].date, d);
		if (ev[i].act >= 0) {
			const pacta_act *a = &c->rec->acts[ev[i].act];
			pacta_action_class cls = pacta_action_class_of(a->action);
			const char *effect = cls == PACTA_CLASS_DOMESTIC ? "none (domestic step)"
					     : cls == PACTA_CLASS_CLAIM  ? "none (claim)"
									 : "";
			const char *by = c->rec->participants[a->participant].iso3;
			if (c->format == OUT_CSV) {
				const char *row[] = {tr->id, who->iso3, d, "act",
						     pacta_action_name(a->action), by, "",
						     effect, a->source_url, a->notification};
				out_csv_row(stdout, row, 10);
			} else {
				char label[96];
				if (a->participant != p)
					snprintf(label, sizeof(label), "%s by %s", pacta_action_name(a->action), by);
				else if (*a->territory)
					snprintf(label, sizeof(label), "%s %.20s",
						 pacta_action_name(a->action), a->territory);
				else
					snprintf(label, sizeof(label), "%s", pacta_action_name(a->action));
				char cn[PACTA_NOTIFICATION_MAX + 48];
				notification_label(a, cn, sizeof(cn));
				printf("%s  %-28s %s%s%s%s\n", d, label,
				       *effect ? "no legal effect by itself  " : "",
				       a->effective != PACTA_DAY_NONE ? "(stated effective date) " : "",
				       cn, a->source_url);
			}
		} else {
			pacta_derivation dv_buf;
			const pacta_derivation *dv =
				pacta_treaty_status_derivation(ts, (uint32_t)ev[i].why, &dv_buf);
			const char *article = dv && dv->article ? dv->article : "";
			if (dv && dv->kind == PACTA_DERIV_IN_FORCE_STATED && !dv->article)
				article = "stated effective date";
			if (c->format == OUT_CSV) {
				const char *row[] = {tr->id, who->iso3, d, "status",
						     pacta_status_name(ev[i].status), "", article, "",
						     "", ""};
				out_csv_row(stdout, row, 10);
			} else {
				char label[64];
				snprintf(label, sizeof(label), "-> %s", pacta_status_name(ev[i].status));
				if (*article)
					printf("%s  %-28s %s%s\n", d, label,
					       dv && dv->article ? "Art. " : "", article);
				else
					printf("%s  %s\n", d, label);
			}
		}
	}
	free(ev);
	pacta_treaty_status_free(ts);
	return EXIT_OK;
}

/* A participant's name in the answers' language, for explain's steps. */
static const char *name_in_language(void *ctx, uint32_t participant)
{
	cli *c = ctx;
	return cli_name(c, &c->rec->participants[participant]);
}

int cmd_explain(cli *c)
{
	uint32_t t, p;
	pacta_treaty_status *ts = NULL;
	int rc = open_treaty(c, 2, 2, &t, &ts);
	if (rc)
		return rc;
	if ((rc = cli_state(c, c->args[1], &p))) {
		pacta_treaty_status_free(ts);
		return rc;
	}
	pacta_explanation ex;
	pacta_error err;
	pacta_explain_opts say = {c->lang, cli_name(c, &c->rec->participants[p]),
				  name_in_language, c};
	if (pacta_explain_in(ts, p, c->on, &say, &ex, &err) != PACTA_OK) {
		pacta_treaty_status_free(ts);
		return cli_fail(c, &err);
	}
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_explain_json(ts, p, &ex));
	} else {
		const pacta_treaty *tr = treaty_of(c, t);
		const pacta_participant *who = &c->rec->participants[p];
		char on[PACTA_LANG_DATE_BUFSZ];
		const pacta_title *ti = pacta_treaty_title(tr, pacta_lang_code(c->lang));
		printf(cli_tr(c, "%s (%s) and the %s, on %s\n\n"), cli_name(c, who), who->iso3,
		       ti && ti->name ? ti->name : tr->name,
		       pacta_lang_date(c->lang, c->on, on, sizeof(on)));
		out_wrap(stdout, ex.summary, "", "", 78);
		printf("\n");
		for (size_t i = 0; i < ex.n_steps; i++) {
			if (ex.steps[i].kind == PACTA_STEP_STATUS)
				continue; /* the summary above says it */
			char first[32];
			snprintf(first, sizeof(first), "%2zu. ", i + 1);
			out_wrap(stdout, ex.steps[i].text, first, "    ", 78);
		}
		/* No heading over nothing: a state with no act has no sources. */
		if (ex.n_sources)
			printf("\n%s\n", cli_tr(c, "Sources:"));
		for (size_t i = 0; i < ex.n_sources; i++) {
			const pacta_act *a = &c->rec->acts[ex.sources[i]];
			char d[PACTA_DATE_BUFSZ];
			char cn[PACTA_NOTIFICATION_MAX + 48];
			notification_label(a, cn, sizeof(cn));
			printf("[%zu] %s %s %s: %s%s\n", i + 1,
			       c->rec->participants[a->participant].iso3,
			       pacta_action_name(a->action), d2s(a->date, d), cn, a->source_url);
		}
	}
	pacta_explanation_free(&ex);
	pacta_treaty_status_free(ts);
	return rc;
}

int cmd_diff(cli *c)
{
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	if (c->n_args != 3)
		return cli_usage(c, cli_tr(c, "wrong number of arguments"));
	pacta_day d1, d2;
	if (!pacta_date_parse(c->args[1], strlen(c->args[1]), &d1) ||
	    !pacta_date_parse(c->args[2], strlen(c->args[2]), &d2))
		return cli_usage(c, cli_tr(c, "DATE1 and DATE2 must be real dates YYYY-MM-DD"));
	if (d1 >= d2)
		return cli_usage(c, cli_tr(c, "DATE1 must be earlier than DATE2"));
	int rc = open_treaty(c, 3, 3, &t, &ts);
	if (rc)
		return rc;
	pacta_change *ch;
	size_t n;
	pacta_error err;
	if (pacta_status_diff(ts, d1, d2, &ch, &n, &err) != PACTA_OK) {
		pacta_treaty_status_free(ts);
		return cli_fail(c, &err);
	}
	const pacta_treaty *tr = treaty_of(c, t);
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_diff_json(ts, d1, d2, ch, n));
	} else if (c->format == OUT_CSV) {
		static const char *const head[] = {"treaty", "state", "name", "before", "after",
						   "date", "article"};
		out_csv_row(stdout, head, 7);
		for (size_t i = 0; i < n; i++) {
			pacta_derivation dv_buf;
			const pacta_derivation *dv = pacta_treaty_status_derivation(ts, ch[i].why, &dv_buf);
			char d[PACTA_DATE_BUFSZ];
			const char *row[] = {tr->id, c->rec->participants[ch[i].participant].iso3,
					     c->rec->participants[ch[i].participant].name,
					     pacta_status_name(ch[i].before),
					     pacta_status_name(ch[i].after), d2s(ch[i].date, d),
					     dv && dv->article ? dv->article : ""};
			out_csv_row(stdout, row, 7);
		}
	} else {
		char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
		printf("%s (%s): changes between %s and %s\n", tr->name, tr->id, d2s(d1, a),
		       d2s(d2, b));
		static const char *const titles[] = {"Became bound", "Ceased to be bound",
						     "Other changes"};
		for (int g = 0; g < 3; g++) {
			size_t shown = 0;
			for (size_t i = 0; i < n; i++) {
				bool b0 = pacta_status_is_bound(ch[i].before),
				     b1 = pacta_status_is_bound(ch[i].after);
				int group = !b0 && b1 ? 0 : b0 && !b1 ? 1 : 2;
				if (group != g)
					continue;
				if (!shown++)
					printf("\n%s:\n", titles[g]);
				pacta_derivation dv_buf;
				const pacta_derivation *dv =
					pacta_treaty_status_derivation(ts, ch[i].why, &dv_buf);
				char d[PACTA_DATE_BUFSZ], nb[128];
				printf("  %-5s %s %s -> %s on %s%s%s%s\n",
				       c->rec->participants[ch[i].participant].iso3,
				       out_pad(nb, sizeof(nb), c->rec->participants[ch[i].participant].name, 28),
				       pacta_status_name(ch[i].before), pacta_status_name(ch[i].after),
				       d2s(ch[i].date, d), dv && dv->article ? " (Art. " : "",
				       dv && dv->article ? dv->article : "",
				       dv && dv->article ? ")" : "");
			}
		}
		size_t became = 0, ceased = 0;
		for (size_t i = 0; i < n; i++) {
			became += !pacta_status_is_bound(ch[i].before) && pacta_status_is_bound(ch[i].after);
			ceased += pacta_status_is_bound(ch[i].before) && !pacta_status_is_bound(ch[i].after);
		}
		printf("\n%zu became bound, %zu ceased to be bound, %zu other changes.\n", became,
		       ceased, n - became - ceased);
	}
	free(ch);
	pacta_treaty_status_free(ts);
	return rc;
}

/* The states the treaty still waits for on the day (its rules name them):
 * "Waits for 2 of the required states (Art. XIV(1)): ..." */
static int summary_waits_for(cli *c, const pacta_treaty_status *ts)
{
	const pacta_rules *r = c->rec->treaties[pacta_treaty_status_treaty(ts)].rules;
	pacta_required_state *missing = NULL;
	size_t n = 0;
	pacta_error err;
	if (pacta_status_required_missing(ts, c->on, &missing, &n, &err) != PACTA_OK)
		return cli_fail(c, &err);
	char *line = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);
	if (!m) {
		free(missing);
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	if (n == 0)
		fprintf(m, "Every state required by Art. %s has deposited.",
			r->entry_into_force.article ? r->entry_into_force.article : "?");
	else
		fprintf(m, "Waits for %zu of the states required by Art. %s:", n,
			r->entry_into_force.article ? r->entry_into_force.article : "?");
	for (size_t i = 0; i < n; i++) {
		if (missing[i].participant >= 0)
			fprintf(m, "%s %s (%s)", i ? "," : "",
				c->rec->participants[missing[i].participant].name, missing[i].iso3);
		else
			fprintf(m, "%s %s", i ? "," : "", missing[i].iso3);
	}
	if (n)
		fputc('.', m);
	fclose(m);
	free(missing);
	out_wrap(stdout, line ? line : "", "", "", 78);
	free(line);
	return 0;
}

int cmd_summary(cli *c)
{
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	int rc = open_treaty(c, 1, 1, &t, &ts);
	if (rc)
		return rc;
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_status_json(ts, c->on, NULL, 0));
		pacta_treaty_status_free(ts);
		return rc;
	}
	const pacta_treaty *tr = treaty_of(c, t);
	const pacta_rules *r = tr->rules;
	/* Dates in sentences are in words in the language (ISO in English);
	 * the list's dates below stay ISO. */
	const pacta_lang *l = c->lang;
	char on[PACTA_LANG_DATE_BUFSZ], d[PACTA_LANG_DATE_BUFSZ], e[PACTA_LANG_DATE_BUFSZ];
	const pacta_title *ti = pacta_treaty_title(tr, pacta_lang_code(l));
	pacta_lang_date(l, c->on, on, sizeof(on));
	printf(cli_tr(c, "%s (%s), on %s\n"), ti && ti->name ? ti->name : tr->name, tr->id, on);
	printf(cli_tr(c, "Adopted at %s on %s. Depositary: %s (%s).\n"),
	       tr->adopted_place ? tr->adopted_place : "?", pacta_lang_date(l, tr->adopted, d, sizeof(d)),
	       r->depositary, r->depositary_ref ? r->depositary_ref : "");
	const pacta_derivation *eif = pacta_treaty_status_in_force(ts);
	/* Asked about a day before the entry into force: not yet in force
	 * then, and no past tense for what came after it. */
	bool future = eif && eif->date > c->on;
	/* The threshold itself came after the day asked: no date was
	 * determined then. */
	bool undetermined = future && eif->n_acts && c->rec->acts[eif->acts[0]].date > c->on;
	if (undetermined)
		printf(cli_tr(c, "Not yet in force on %s, and no date for it determined then: Art. %s was met on %s, which put it in force from %s.\n"),
		       on, eif->article ? eif->article : "?",
		       pacta_lang_date(l, c->rec->acts[eif->acts[0]].date, e, sizeof(e)),
		       pacta_lang_date(l, eif->date, d, sizeof(d)));
	else if (eif && future)
		printf(cli_tr(c, "Not yet in force on %s: it enters into force on %s"), on,
		       pacta_lang_date(l, eif->date, d, sizeof(d)));
	else if (eif)
		printf(cli_tr(c, "In force since %s"), pacta_lang_date(l, eif->date, d, sizeof(d)));
	if (eif && eif->n_acts && !undetermined) {
		const pacta_act *nth = &c->rec->acts[eif->acts[0]];
		char nth_word[24];
		size_t ties = pacta_treaty_status_threshold_day_count(ts);
		if (tr->entry_into_force_instruments > 0)
			pacta_ordinal(tr->entry_into_force_instruments, nth_word, sizeof(nth_word));
		else
			snprintf(nth_word, sizeof(nth_word), "last required");
		pacta_lang_date(l, nth->date, e, sizeof(e));
		const char *art = eif->article ? eif->article : "?";
		int nth_n = tr->entry_into_force_instruments;
		/* English spells the ordinal (pacta_ordinal); a translation
		 * takes the number, as its language writes ordinals. */
		if (pacta_lang_translates(l) && ties > 1 && nth_n > 0)
			printf(cli_tr(c, " (Art. %s: instrument number %d was one of the %zu instruments deposited on %s).\n"),
			       art, nth_n, ties, e);
		else if (pacta_lang_translates(l) && nth_n > 0)
			printf(cli_tr(c, " (Art. %s: instrument number %d was deposited on %s by %s).\n"),
			       art, nth_n, e, cli_name(c, &c->rec->participants[nth->participant]));
		else if (pacta_lang_translates(l))
			printf(cli_tr(c, " (Art. %s: the last required instrument was deposited on %s by %s).\n"),
			       art, e, cli_name(c, &c->rec->participants[nth->participant]));
		else if (ties > 1 && nth_n > 0)
			printf(" (Art. %s: the %s instrument was one of the %zu instruments deposited on %s).\n",
			       art, nth_word, ties, e);
		else
			printf(" (Art. %s: the %s instrument was deposited on %s by %s).\n", art, nth_word,
			       e, c->rec->participants[nth->participant].name);
	} else if (eif && !eif->n_acts) {
		printf("%s", cli_tr(c, " (as the depositary states).\n"));
	} else if (eif) {
		/* undetermined: said above. */
	} else if (tr->entry_into_force_instruments > 0) {
		printf(cli_tr(c, "Not in force: fewer than %d instruments deposited%s.\n"),
		       tr->entry_into_force_instruments,
		       r->entry_into_force_requires_group || r->n_entry_into_force_requires
			       ? cli_tr(c, ", or a required state has not deposited")
			       : "");
	} else {
		printf("%s", cli_tr(c, "Not in force: not every required state has deposited.\n"));
	}
	if ((r->entry_into_force_requires_group || r->n_entry_into_force_requires) &&
	    (!eif || future) && (rc = summary_waits_for(c, ts))) {
		pacta_treaty_status_free(ts);
		return rc;
	}
	pacta_counts k = pacta_status_count(ts, c->on);
	printf(cli_tr(c, "\n  %4zu parties: states for which it is in force on %s\n"), k.parties, on);
	printf(cli_tr(c, "  %4zu of them with a withdrawal pending or held\n"), k.withdrawing);
	printf(cli_tr(c, "  %4zu consented, not yet in force for them\n"), k.consented);
	printf(cli_tr(c, "  %4zu signatories that have not consented\n"), k.signatories);
	printf(cli_tr(c, "  %4zu withdrawn: their withdrawal has taken effect\n"), k.withdrawn);
	size_t shown = 0;
	for (uint32_t p = 0; p < c->rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		if (tl->withdrawal_notified == PACTA_DAY_NONE || tl->withdrawal_notified > c->on)
			continue;
		if (!shown++)
			printf(cli_tr(c, "\nWithdrawals (Art. %s):\n"),
			       r->withdrawal.article ? r->withdrawal.article : "?");
		pacta_status s = pacta_status_on(ts, p, c->on, NULL);
		char nb[128];
		printf(cli_tr(c, "  %-5s %s notified %s, %s %s  %s\n"), c->rec->participants[p].iso3,
		       out_pad(nb, sizeof(nb), cli_name(c, &c->rec->participants[p]), 12),
		       d2s(tl->withdrawal_notified, d),
		       tl->withdrawal_effective != PACTA_DAY_NONE && tl->withdrawal_effective <= c->on
			       ? cli_tr(c, "effective")
			       : cli_tr(c, "takes effect"),
		       tl->withdrawal_effective != PACTA_DAY_NONE ? d2s(tl->withdrawal_effective, e)
								  : cli_tr(c, "(held)"),
		       pacta_status_name(s));
	}
	shown = 0;
	for (uint32_t p = 0; p < c->rec->n_participants; p++) {
		pacta_state_view v = pacta_state_view_on(ts, p, c->on);
		if (!v.n_claims)
			continue;
		if (!shown++)
			printf("%s", cli_tr(c, "\nClaims the treaty does not provide for (recorded, changing no status):\n"));
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		const pacta_act *a = &c->rec->acts[tl->claims[0]];
		char nb[128];
		printf("  %-5s %s %s %s, contested by", c->rec->participants[p].iso3,
		       out_pad(nb, sizeof(nb), c->rec->participants[p].name, 12), pacta_action_name(a->action), d2s(a->date, d));
		for (size_t j = 0; j < tl->n_objections; j++)
			if (c->rec->acts[tl->objections[j]].date <= c->on)
				printf(" %s", c->rec->participants[c->rec->acts[tl->objections[j]].participant].iso3);
		printf("; status: %s\n", pacta_status_name(v.status));
	}
	printf(cli_tr(c, "\nMore: pacta status %s, pacta explain %s STATE, pacta --help\n"), tr->id, tr->id);
	pacta_treaty_status_free(ts);
	return EXIT_OK;
}

int cmd_map(cli *c)
{
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	pacta_map *map = NULL;
	pacta_error err;
	char path[4096], *svg = NULL;
	size_t len = 0;
	int rc = open_treaty(c, 1, 1, &t, &ts);
	if (rc)
		return rc;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", cli_data_dir(c), PACTA_MAP_SHAPES_FILE) >=
	    sizeof(path)) {
		rc = cli_usage(c, "data directory path too long");
	} else if (pacta_map_load(path, &map, &err) != PACTA_OK ||
		   pacta_map_write_svg_in(map, ts, c->on,
					  &(pacta_map_opts){c->lang, cli_names(c)}, &svg, &len,
					  &err) != PACTA_OK) {
		rc = cli_fail(c, &err);
	} else if (c->out) {
		rc = out_write_file(c->out, svg, len);
	} else {
		fwrite(svg, 1, len, stdout);
	}
	free(svg);
	pacta_map_free(map);
	pacta_treaty_status_free(ts);
	return rc;
}
