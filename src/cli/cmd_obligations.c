/*
 * cmd_obligations.c - what States Parties owe: obligations, deadlines,
 * overdue, calendar. The library computes; this file formats.
 */
#include "cli.h"
#include "pacta/ical.h"
#include "pacta/territory.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Opens the record, compiles treaty args[0] and resolves args[1..] as
 * states into *ps (malloc'd; NULL when none are named). */
static int open_obligations(cli *c, int max_args, pacta_treaty_status **ts, uint32_t **ps,
			    size_t *n)
{
	*ts = NULL;
	*ps = NULL;
	*n = 0;
	if (c->n_args < 1 || (max_args >= 0 && c->n_args > max_args))
		return cli_usage(c, cli_tr(c, "wrong number of arguments"));
	uint32_t t;
	int rc = cli_open(c);
	if (rc || (rc = cli_treaty(c, c->args[0], &t)) || (rc = cli_compile(c, t, ts)))
		return rc;
	if (c->n_args > 1) {
		*ps = calloc((size_t)c->n_args, sizeof(**ps));
		if (!*ps)
			return EXIT_BADDATA;
		for (int i = 1; i < c->n_args; i++)
			if ((rc = cli_state(c, c->args[i], &(*ps)[(*n)++])))
				return rc;
	}
	return EXIT_OK;
}

static const char *d2s(pacta_day d, char *buf)
{
	return pacta_date_format(d, buf);
}

static void obligations_csv_head(void)
{
	static const char *const head[] = {"treaty", "on", "state", "name", "article",
					   "obligation", "original_due", "due", "status",
					   "late", "met_on", "overdue_since", "extensions",
					   "evidence", "evidence_date", "evidence_source_url"};
	out_csv_row(stdout, head, 16);
}

/* The row that makes an obligation overdue, or NULL. */
static const pacta_obligation_event *evidence_of(const cli *c, const pacta_obligation *ob)
{
	return ob->evidence >= 0 ? &c->rec->obligation_events[ob->evidence] : NULL;
}

static void obligation_csv(cli *c, const pacta_obligation *ob, const char *treaty)
{
	char on[PACTA_DATE_BUFSZ], b[5][PACTA_DATE_BUFSZ], n_ext[16];
	snprintf(n_ext, sizeof(n_ext), "%zu", ob->n_extensions);
	const pacta_participant *p = &c->rec->participants[ob->participant];
	const pacta_obligation_event *ev = evidence_of(c, ob);
	const char *row[] = {treaty, d2s(c->on, on), p->iso3, p->name, ob->rule->id,
			     ob->rule->name, d2s(ob->original_due, b[0]), d2s(ob->due, b[1]),
			     pacta_obligation_status_name(ob->status),
			     ob->status == PACTA_OBLIGATION_MET ? (ob->late ? "true" : "false") : "",
			     d2s(ob->met_on, b[2]), d2s(ob->overdue_since, b[3]), n_ext,
			     ev ? pacta_obligation_event_name(ev->kind) : "",
			     ev ? d2s(ev->date, b[4]) : "", ev ? ev->source_url : ""};
	out_csv_row(stdout, row, 16);
}

static void obligation_line(cli *c, const pacta_obligation *ob)
{
	char b[4][PACTA_DATE_BUFSZ], nb[128], status[64], last[80] = "";
	const pacta_participant *p = &c->rec->participants[ob->participant];
	const pacta_obligation_event *ev = evidence_of(c, ob);
	snprintf(status, sizeof(status), "%s%s", pacta_obligation_status_name(ob->status),
		 ob->status == PACTA_OBLIGATION_MET ? (ob->late ? " (late)" : " (on time)") : "");
	if (ob->status == PACTA_OBLIGATION_MET) {
		snprintf(last, sizeof(last), "met %s", d2s(ob->met_on, b[2]));
	} else if (ob->status == PACTA_OBLIGATION_OVERDUE) {
		snprintf(last, sizeof(last), "overdue since %s", d2s(ob->overdue_since, b[2]));
	} else if (ob->n_requests) {
		const pacta_obligation_event *q =
			&c->rec->obligation_events[ob->requests[ob->n_requests - 1]];
		snprintf(last, sizeof(last), "extension to %s requested %s", d2s(q->deadline, b[2]),
			 d2s(q->date, b[3]));
	} else if (ob->reopen_basis == PACTA_REOPEN_OPEN && ob->due == PACTA_DAY_NONE) {
		snprintf(last, sizeof(last), "re-opened %s, no deadline",
			 d2s(c->rec->obligation_events[ob->reopened].date, b[2]));
	} else if (ob->retained >= 0) {
		snprintf(last, sizeof(last), "%lld retained (%s)", ob->retained,
			 d2s(ob->retained_on, b[2]));
	}
	printf("%-5s %s %-5s %-19s %-10s  %-10s%s%s\n", p->iso3, out_pad(nb, sizeof(nb), p->name, 20),
	       ob->rule->id, status, d2s(ob->original_due, b[0]), d2s(ob->due, b[1]),
	       *last ? "  " : "", last);
	/* Overdue is a finding: the row and source it rests on. */
	if (ev)
		printf("      evidence: %s %s, %s\n", pacta_obligation_event_name(ev->kind),
		       d2s(ev->date, b[2]), ev->source_url);
}

/* Prints obligations selected by keep (NULL keeps all). */
static int print_obligations(cli *c, pacta_treaty_status *ts, const pacta_obligation *obs,
			     size_t n, bool (*keep)(const pacta_obligation *))
{
	const pacta_treaty *tr = &c->rec->treaties[pacta_treaty_status_treaty(ts)];
	pacta_obligation *sel = calloc(n ? n : 1, sizeof(*sel));
	size_t k = 0;
	if (!sel)
		return EXIT_BADDATA;
	for (size_t i = 0; i < n; i++)
		if (!keep || keep(&obs[i]))
			sel[k++] = obs[i];
	int rc = EXIT_OK;
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_obligations_json(ts, c->on, sel, k));
	} else if (c->format == OUT_CSV) {
		obligations_csv_head();
		for (size_t i = 0; i < k; i++)
			obligation_csv(c, &sel[i], tr->id);
	} else {
		char on[PACTA_DATE_BUFSZ];
		printf("%s (%s), obligations on %s\n\n", tr->name, tr->id, d2s(c->on, on));
		printf("%-5s %-20s %-5s %-19s %-10s  %s\n", "STATE", "NAME", "ART.", "STATUS",
		       "ORIGINAL", "DUE");
		for (size_t i = 0; i < k; i++)
			obligation_line(c, &sel[i]);
		/* One state asked about: explain each of its obligations. */
		bool one_state = k > 0;
		for (size_t i = 1; i < k; i++)
			one_state &= sel[i].participant == sel[0].participant;
		for (size_t i = 0; one_state && i < k; i++) {
			char *text = pacta_obligation_explain(ts, &sel[i], c->on);
			if (text) {
				printf("\n");
				out_wrap(stdout, text, "", "", 78);
				free(text);
			}
		}
		printf("\n%zu obligation%s. Statuses: not_yet_due, open, extended, met, overdue (a source says the deadline was missed), ended, unknown (the deadline passed; the record holds neither a completion nor a source saying it was missed).\n",
		       k, k == 1 ? "" : "s");
	}
	free(sel);
	return rc;
}

/* With --territory and --json: the obligations' JSON with the territory's
 * view (pacta status --territory --json) as its "territory" member. */
static int territory_obligations_json(cli *c, pacta_treaty_status *ts, uint32_t p,
				      const pacta_obligation *obs, size_t n_obs)
{
	pacta_territory_view v;
	pacta_error err;
	if (pacta_territory_status(ts, p, c->territory, c->on, &v, &err) != PACTA_OK)
		return cli_fail(c, &err);
	char *o = pacta_report_obligations_json(ts, c->on, obs, n_obs);
	char *t = pacta_report_territory_json(ts, p, c->territory, c->on, &v);
	json_t *root = o ? json_loads(o, 0, NULL) : NULL;
	json_t *view = t ? json_loads(t, 0, NULL) : NULL;
	free(o);
	free(t);
	char *text = NULL;
	if (root && view && json_object_set(root, "territory", view) == 0)
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					       JSON_REAL_PRECISION(12));
	json_decref(root);
	json_decref(view);
	if (!text)
		return out_json(NULL);
	printf("%s\n", text);
	free(text);
	return EXIT_OK;
}

int cmd_obligations(cli *c)
{
	pacta_treaty_status *ts;
	uint32_t *ps;
	size_t n;
	int rc = open_obligations(c, -1, &ts, &ps, &n);
	if (rc == EXIT_OK) {
		pacta_obligation *obs;
		size_t n_obs;
		pacta_error err;
		if (c->territory && n != 1) {
			rc = cli_usage(c, "--territory takes one STATE: obligations TREATY STATE "
					  "--territory CODE");
		} else if (pacta_obligations_on(ts, c->on, ps, n, &obs, &n_obs, &err) != PACTA_OK) {
			rc = cli_fail(c, &err);
		} else if (c->territory && c->format == OUT_JSON) {
			rc = territory_obligations_json(c, ts, ps[0], obs, n_obs);
			free(obs);
		} else {
			if (c->territory && c->format == OUT_TABLE) {
				rc = territory_answer(c, ts, ps[0], false);
				printf("The obligations below are %s's: they cover %s while the treaty "
				       "applies to it.\n\n",
				       c->rec->participants[ps[0]].name, c->territory);
			}
			if (rc == EXIT_OK)
				rc = print_obligations(c, ts, obs, n_obs, NULL);
			free(obs);
		}
	}
	free(ps);
	pacta_treaty_status_free(ts);
	return rc;
}

static bool is_overdue(const pacta_obligation *ob)
{
	return ob->status == PACTA_OBLIGATION_OVERDUE;
}

int cmd_overdue(cli *c)
{
	pacta_treaty_status *ts;
	uint32_t *ps;
	size_t n;
	int rc = open_obligations(c, 1, &ts, &ps, &n);
	if (rc == EXIT_OK) {
		pacta_obligation *obs;
		size_t n_obs;
		pacta_error err;
		if (pacta_obligations_on(ts, c->on, NULL, 0, &obs, &n_obs, &err) != PACTA_OK) {
			rc = cli_fail(c, &err);
		} else {
			rc = print_obligations(c, ts, obs, n_obs, is_overdue);
			free(obs);
		}
	}
	free(ps);
	pacta_treaty_status_free(ts);
	return rc;
}

typedef struct due_item {
	pacta_day day;
	pacta_obligation ob;
} due_item;

static int due_cmp(const void *a, const void *b)
{
	const due_item *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->ob.participant != y->ob.participant)
		return x->ob.participant < y->ob.participant ? -1 : 1;
	return strcmp(x->ob.rule->id, y->ob.rule->id);
}

int cmd_deadlines(cli *c)
{
	pacta_treaty_status *ts;
	uint32_t *ps;
	size_t n;
	int rc = open_obligations(c, 1, &ts, &ps, &n);
	if (rc) {
		free(ps);
		pacta_treaty_status_free(ts);
		return rc;
	}
	pacta_day from = c->from != PACTA_DAY_NONE ? c->from : c->on;
	pacta_day to = c->to != PACTA_DAY_NONE ? c->to : pacta_date_add_years(from, 1);
	if (from > to) {
		pacta_treaty_status_free(ts);
		return cli_usage(c, cli_tr(c, "--from must not be after --to"));
	}
	/* What was recorded by the end of the window decides each deadline. */
	pacta_obligation *obs;
	size_t n_obs;
	pacta_error err;
	if (pacta_obligations_on(ts, to, NULL, 0, &obs, &n_obs, &err) != PACTA_OK) {
		pacta_treaty_status_free(ts);
		return cli_fail(c, &err);
	}
	due_item *items = NULL;
	size_t n_items = 0, cap = 0;
	for (size_t i = 0; i < n_obs && rc == EXIT_OK; i++) {
		pacta_day days[64];
		size_t k = pacta_obligation_due_days(ts, &obs[i], from, to, days, 64);
		for (size_t j = 0; j < k && j < 64; j++) {
			if (n_items == cap) {
				cap = cap ? cap * 2 : 256;
				due_item *p = realloc(items, cap * sizeof(*p));
				if (!p) {
					rc = EXIT_BADDATA;
					break;
				}
				items = p;
			}
			items[n_items++] = (due_item){days[j], obs[i]};
		}
	}
	if (n_items)
		qsort(items, n_items, sizeof(*items), due_cmp);
	const pacta_treaty *tr = &c->rec->treaties[pacta_treaty_status_treaty(ts)];
	char fb[PACTA_DATE_BUFSZ], tb[PACTA_DATE_BUFSZ], db[PACTA_DATE_BUFSZ], nb[128];
	if (rc == EXIT_OK && c->format == OUT_CSV) {
		static const char *const head[] = {"treaty", "due", "state", "name", "article",
						   "obligation", "status"};
		out_csv_row(stdout, head, 7);
		for (size_t i = 0; i < n_items; i++) {
			const pacta_participant *p = &c->rec->participants[items[i].ob.participant];
			const char *row[] = {tr->id, d2s(items[i].day, db), p->iso3, p->name,
					     items[i].ob.rule->id, items[i].ob.rule->name,
					     pacta_obligation_status_name(items[i].ob.status)};
			out_csv_row(stdout, row, 7);
		}
	} else if (rc == EXIT_OK && c->format == OUT_JSON) {
		pacta_obligation *list = calloc(n_items ? n_items : 1, sizeof(*list));
		if (!list) {
			rc = EXIT_BADDATA;
		} else {
			for (size_t i = 0; i < n_items; i++) {
				list[i] = items[i].ob;
				list[i].due = items[i].day; /* each occurrence of an annual duty */
			}
			rc = out_json(pacta_report_deadlines_json(ts, from, to, list, n_items));
			free(list);
		}
	} else if (rc == EXIT_OK) {
		printf("%s (%s): falling due from %s to %s\n\n", tr->name, tr->id, d2s(from, fb),
		       d2s(to, tb));
		for (size_t i = 0; i < n_items; i++) {
			const pacta_participant *p = &c->rec->participants[items[i].ob.participant];
			printf("%s  %-5s %s Art. %-5s %s\n", d2s(items[i].day, db), p->iso3,
			       out_pad(nb, sizeof(nb), p->name, 20), items[i].ob.rule->clause.article,
			       items[i].ob.rule->name);
		}
		printf("\n%zu due date%s.\n", n_items, n_items == 1 ? "" : "s");
	}
	free(items);
	free(obs);
	free(ps);
	pacta_treaty_status_free(ts);
	return rc;
}

int cmd_calendar(cli *c)
{
	pacta_treaty_status *ts;
	uint32_t *ps;
	size_t n;
	int rc = open_obligations(c, -1, &ts, &ps, &n);
	if (rc == EXIT_OK) {
		pacta_error err;
		char *ics = NULL;
		size_t len = 0;
		if (pacta_ical_write(ts, c->on, ps, n, &ics, &len, &err) != PACTA_OK) {
			rc = cli_fail(c, &err);
		} else {
			fwrite(ics, 1, len, stdout);
			free(ics);
		}
	}
	free(ps);
	pacta_treaty_status_free(ts);
	return rc;
}
