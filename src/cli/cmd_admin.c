/*
 * cmd_admin.c - the record itself: treaties, states, init, import, record,
 * check, history. Writes go through the record checks first and land all at
 * once or not at all.
 */
#include "cli.h"
#include "csv.h"
#include "pacta/import.h"
#include "pacta/scaffold.h"
#include "pacta/untc.h"
#include "pacta/url.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int cmd_treaties(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "treaties takes no arguments");
	int rc = cli_open(c);
	if (rc)
		return rc;
	if (c->format == OUT_JSON)
		return out_json(pacta_report_treaties_json(c->rec));
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"id", "name", "adopted", "depositary_ref",
						   "source_url"};
		out_csv_row(stdout, head, 5);
	}
	for (size_t i = 0; i < c->rec->n_treaties; i++) {
		const pacta_treaty *tr = &c->rec->treaties[i];
		const pacta_rules *r = tr->rules;
		char d[PACTA_DATE_BUFSZ];
		pacta_date_format(tr->adopted, d);
		if (c->format == OUT_CSV) {
			const char *row[] = {tr->id, tr->name, d,
					     r->depositary_ref ? r->depositary_ref : "", tr->source_url};
			out_csv_row(stdout, row, 5);
		} else {
			printf("%-8s %s (adopted %s; %s)\n", tr->id, tr->name, d,
			       r->depositary_ref ? r->depositary_ref : r->depositary);
		}
	}
	return EXIT_OK;
}

int cmd_states(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "states takes no arguments");
	int rc = cli_open(c);
	if (rc)
		return rc;
	if (c->format == OUT_JSON)
		return out_json(pacta_report_states_json(c->rec));
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"state", "iso2", "name", "depositary_name",
						   "kind", "wikidata"};
		out_csv_row(stdout, head, 6);
	}
	for (size_t i = 0; i < c->rec->n_participants; i++) {
		const pacta_participant *p = &c->rec->participants[i];
		if (c->format == OUT_CSV) {
			const char *row[] = {p->iso3, p->iso2, p->name, p->depositary_name,
					     pacta_kind_name(p->kind), p->wikidata};
			out_csv_row(stdout, row, 6);
		} else {
			/* In English as it always was (cut at 40 bytes); in another
			 * language the name in it, padded by characters, and the
			 * record's name last. */
			char nb[160];
			const char *name = cli_name(c, p);
			if (name != p->name)
				printf("%-4s %-2s %s %-17s %s\n", p->iso3, p->iso2,
				       out_pad(nb, sizeof(nb), name, 40), pacta_kind_name(p->kind),
				       p->name);
			else
				printf("%-4s %-2s %-40.40s %-17s %s\n", p->iso3, p->iso2, name,
				       pacta_kind_name(p->kind),
				       strcmp(p->name, p->depositary_name) ? p->depositary_name : "");
		}
	}
	return EXIT_OK;
}

int cmd_init(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "init takes no arguments");
	int rc = cli_writes_now(c);
	if (rc)
		return rc;
	rc = cli_init_store(c, c->force);
	if (rc == EXIT_OK)
		fprintf(stderr, "pacta: %s holds the record from %s\n", cli_db_path(c),
			cli_data_dir(c));
	return rc;
}

/* True for an act the depositary circulates: not a domestic step. */
static bool circulated_by_depositary(const pacta_act *a)
{
	return pacta_action_class_of(a->action) != PACTA_CLASS_DOMESTIC;
}

/* Per treaty, how many of the acts the depositary circulated carry their
 * notification reference; with --notifications, each act without one. */
static void notifications_missing(cli *c, const pacta_record *rec)
{
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		size_t first, last, all = 0, with = 0;
		pacta_record_acts_of_treaty(rec, t, &first, &last);
		for (size_t i = first; i < last; i++) {
			const pacta_act *a = &rec->acts[i];
			if (!circulated_by_depositary(a))
				continue;
			all++;
			if (*a->notification) {
				with++;
			} else if (c->notifications) {
				char d[PACTA_DATE_BUFSZ];
				printf("%s/%s: %s %s %s: no depositary notification reference\n",
				       cli_data_dir(c), a->origin, rec->participants[a->participant].iso3,
				       pacta_action_name(a->action), pacta_date_format(a->date, d));
			}
		}
		printf("%s: %zu of %zu acts the depositary circulated carry their notification "
		       "reference%s\n",
		       rec->treaties[t].id, with, all,
		       with < all && !c->notifications ? " (check --notifications lists the others)"
							: "");
	}
}

/* A placeholder left in a rules file, printed as dir/treaties/ID.json:
 * field 'PATH': TODO ... */
struct todo_ctx {
	const char *dir, *origin;
};

static void print_todo(const char *path, const char *value, void *ctx)
{
	const struct todo_ctx *t = ctx;
	printf("%s/%s: field '%s': %s\n", t->dir, t->origin, path, value);
}

/* The placeholders ("TODO") the rules files still hold, as pacta new-treaty
 * left them: to fill in, not errors. */
static void todos_left(cli *c, const pacta_record *rec)
{
	for (size_t i = 0; i < rec->n_treaties; i++) {
		struct todo_ctx t = {cli_data_dir(c), rec->treaties[i].origin};
		char *json = pacta_treaty_rules_json(rec, i);
		if (!json)
			fprintf(stderr, "pacta: out of memory\n");
		long n = pacta_scaffold_todos(json, NULL, NULL);
		if (n > 0) {
			printf("%s: %ld placeholder%s to fill in from the treaty's final clauses:\n",
			       rec->treaties[i].id, n, n == 1 ? "" : "s");
			pacta_scaffold_todos(json, print_todo, &t);
		}
		free(json);
	}
}

int cmd_check(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "check takes no arguments");
	pacta_record *rec = NULL;
	int rc = cli_load_bundled(c, &rec, stdout);
	if (rc)
		return rc;
	printf("%zu participants, %zu treaties, %zu acts, %zu armed-conflict periods: no problems\n",
	       rec->n_participants, rec->n_treaties, rec->n_acts, rec->n_conflicts);
	/* Where the record or the rules disagree with what a source states:
	 * findings to read, not errors. */
	pacta_diags diags = {0};
	long n = pacta_record_discrepancies(rec, &diags);
	if (n > 0)
		printf("%ld discrepanc%s with what sources state:\n", n, n == 1 ? "y" : "ies");
	for (size_t i = 0; i < diags.n; i++)
		printf("%s/%s: %s\n", cli_data_dir(c), diags.items[i].where, diags.items[i].message);
	pacta_diags_free(&diags);
	notifications_missing(c, rec);
	todos_left(c, rec);
	pacta_record_free(rec);
	if (n < 0) {
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	return EXIT_OK;
}

/* The write's flags: --allow-future accepts acts dated after today. */
unsigned cli_import_flags(const cli *c)
{
	return c->allow_future ? PACTA_IMPORT_ALLOW_FUTURE : 0u;
}

/* Checks the record with the new acts in it, then appends them (see
 * pacta_import_append), printing each problem. */
int cli_report_import(cli *c, pacta_rc rc, pacta_diags *problems, pacta_error *err)
{
	for (size_t i = 0; i < problems->n; i++)
		cli_say(c, NULL, problems->items[i].where, problems->items[i].message);
	pacta_diags_free(problems);
	if (rc == PACTA_OK)
		return EXIT_OK;
	return cli_fail(c, err);
}

static int check_and_append(cli *c, const char *who, const char *why)
{
	pacta_error err;
	pacta_diags problems = {0};
	pacta_rc rc = pacta_import_append(c->store, c->rec, who, why, cli_import_flags(c),
					  &problems, &err);
	return cli_report_import(c, rc, &problems, &err);
}

int cmd_import(cli *c)
{
	if (c->n_args != 1)
		return cli_usage(c, "import takes one FILE");
	int rc = cli_open_for_writing(c);
	if (rc)
		return rc;
	int32_t treaty = -1;
	if (c->treaty) {
		uint32_t t;
		if ((rc = cli_treaty(c, c->treaty, &t)))
			return rc;
		treaty = (int32_t)t;
	}
	pacta_error err;
	char *data;
	size_t len, added = 0;
	if (csv_slurp(c->args[0], 64u * 1024u * 1024u, &data, &len, &err) != PACTA_OK)
		return cli_fail(c, &err);
	pacta_diags problems = {0};
	pacta_rc prc = pacta_import_acts_csv(c->store, c->rec, treaty, data, len, c->args[0],
					     cli_who(), c->why ? c->why : "pacta import",
					     cli_import_flags(c), &problems, &added, &err);
	free(data);
	if ((rc = cli_report_import(c, prc, &problems, &err))) {
		if (prc == PACTA_ERR_PARSE)
			fprintf(stderr, "pacta: %s\n", cli_tr(c, "nothing was imported"));
		return rc;
	}
	fprintf(stderr, "pacta: imported %zu act%s from %s\n", added, added == 1 ? "" : "s",
		c->args[0]);
	return EXIT_OK;
}

/* What the page said that pacta could not read, and the counts check, on
 * stderr. */
void cli_untc_report(const char *path, const pacta_untc_page *pg)
{
	char d[PACTA_DATE_BUFSZ];
	fprintf(stderr, "pacta: %s: UNTC %s, %s, status as at %s\n", path, pg->mtdsg_no,
		pg->title[0] ? pg->title : "(no title)",
		pg->as_at == PACTA_DAY_NONE ? "not stated" : pacta_date_format(pg->as_at, d));
	fprintf(stderr, "pacta: %s: participants table: %s; %zu rows, %zu acts\n", path,
		pg->columns, pg->n_rows, pg->n_acts);
	for (size_t i = 0; i < pg->n_diags; i++) {
		const pacta_untc_diag *g = &pg->diags[i];
		char row[32] = "";
		if (g->row)
			snprintf(row, sizeof(row), "row %d, ", g->row);
		fprintf(stderr, "pacta: %s: %s%s%s: %s%s%s%s\n", path,
			g->severity == PACTA_UNTC_PROBLEM   ? "not read: "
			: g->severity == PACTA_UNTC_WARNING ? "warning: "
							    : "note: ",
			row, g->where,
			g->why, g->text[0] ? " ('" : "", g->text, g->text[0] ? "')" : "");
	}
	size_t warnings = pacta_untc_warnings(pg);
	if (warnings)
		fprintf(stderr, "pacta: %s: %zu warning%s: declarations or end notes not placed, listed above; the rest is read\n",
			path, warnings, warnings == 1 ? "" : "s");
	if (pg->n_counts == 0)
		fprintf(stderr, "pacta: %s: counts: the page states none\n", path);
	for (size_t i = 0; i < pg->n_counts; i++) {
		const pacta_untc_count *k = &pg->counts[i];
		if (k->counted < 0)
			fprintf(stderr, "pacta: %s: counts: %s: stated %ld, pacta has no count of that kind: disagree\n",
				path, k->label, k->stated);
		else
			fprintf(stderr, "pacta: %s: counts: %s: stated %ld, counted %ld from the rows: %s\n",
				path, k->label, k->stated, k->counted,
				k->stated == k->counted ? "agree" : "disagree");
	}
}

int cmd_import_untc(cli *c)
{
	if (c->n_args != 1)
		return cli_usage(c, "import-untc takes one PAGE.html");
	/* --csv and --dry-run only read the database. */
	int rc = c->format == OUT_CSV || c->dry_run ? cli_open(c) : cli_open_for_writing(c);
	if (rc)
		return rc;
	const char *path = c->args[0];
	pacta_error err;
	char *html;
	size_t len;
	if (csv_slurp(path, PACTA_UNTC_MAX_BYTES, &html, &len, &err) != PACTA_OK)
		return cli_fail(c, &err);
	pacta_untc_page *pg = NULL;
	pacta_rc prc = pacta_untc_parse(html, len, path, c->rec, &pg, &err);
	free(html);
	if (prc != PACTA_OK) {
		rc = cli_fail(c, &err);
		fprintf(stderr, "pacta: %s\n", cli_tr(c, "nothing was imported"));
		return rc;
	}
	cli_untc_report(path, pg);
	size_t problems = pacta_untc_problems(pg);
	bool agree = pacta_untc_counts_agree(pg);
	uint32_t t = 0;
	if (c->treaty) {
		if ((rc = cli_treaty(c, c->treaty, &t)))
			goto out;
		char ref[64];
		if (pacta_untc_treaty_ref(&c->rec->treaties[t], ref, sizeof(ref)) &&
		    strcasecmp(ref, pg->mtdsg_no) != 0) {
			rc = cli_usage(c, "the page is UNTC %s, but treaty '%s' is UNTC %s", pg->mtdsg_no,
				       c->treaty, ref);
			goto out;
		}
	} else if (pacta_untc_find_treaty(pg, c->rec, &t, &err) != PACTA_OK &&
		   c->format != OUT_CSV) {
		/* --csv needs no treaty: its rows have no treaty column. */
		rc = cli_fail(c, &err);
		fprintf(stderr, "pacta: %s\n", cli_tr(c, "nothing was imported"));
		goto out;
	}
	if (c->format == OUT_CSV) {
		if (pacta_untc_write_csv(pg, c->rec, stdout, &err) != PACTA_OK) {
			rc = cli_fail(c, &err);
			goto out;
		}
		rc = problems || !agree ? EXIT_BADDATA : EXIT_OK;
		goto out;
	}
	if (problems || (!agree && !c->force)) {
		if (problems)
			fprintf(stderr, "pacta: %zu thing%s on the page could not be read; nothing was imported\n",
				problems, problems == 1 ? "" : "s");
		else
			fprintf(stderr, "pacta: the page's counts disagree with its rows; nothing was imported (--force imports anyway)\n");
		rc = EXIT_BADDATA;
		goto out;
	}
	size_t added, skipped;
	if (pacta_untc_add_acts(pg, c->rec, t, pacta_date_today(), &added, &skipped, &err) !=
	    PACTA_OK) {
		rc = cli_fail(c, &err);
		goto out;
	}
	const char *id = c->rec->treaties[t].id;
	if (c->dry_run) {
		fprintf(stderr, "pacta: dry run: %zu act%s would be added to %s, %zu already in the record\n",
			added, added == 1 ? "" : "s", id, skipped);
		rc = EXIT_OK;
		goto out;
	}
	/* The history keeps a reason of under 256 bytes: a long title is cut,
	 * at a character boundary, with "...". */
	char why[256], d[PACTA_DATE_BUFSZ];
	if (!c->why) {
		char title[160];
		size_t tl = strlen(pg->title);
		if (tl < sizeof(title)) {
			memcpy(title, pg->title, tl + 1);
		} else {
			size_t cut = sizeof(title) - 4;
			while (cut > 0 && ((unsigned char)pg->title[cut] & 0xC0) == 0x80)
				cut--;
			memcpy(title, pg->title, cut);
			memcpy(title + cut, "...", 4);
		}
		snprintf(why, sizeof(why), "UNTC status page %s (%s), status as at %s", pg->mtdsg_no,
			 title, pg->as_at == PACTA_DAY_NONE ? "not stated" : pacta_date_format(pg->as_at, d));
	}
	if ((rc = check_and_append(c, "import-untc", c->why ? c->why : why)))
		goto out;
	fprintf(stderr, "pacta: imported %zu act%s into %s from %s; %zu already in the record\n", added,
		added == 1 ? "" : "s", id, path, skipped);
out:
	pacta_untc_page_free(pg);
	return rc;
}

/* --source, checked as every write checks a source (pacta/url.h). */
static int source_option(cli *c)
{
	char why[PACTA_URL_WHY_BUFSZ];
	if (pacta_url_check(c->source, why, sizeof(why)))
		return EXIT_OK;
	return cli_usage(c, "--source must be an http(s) URL (RFC 3986): %s", why);
}

/* The value of a depositary option: 'none' removes the field. */
static const char *or_none(const char *v)
{
	return strcmp(v, "none") == 0 ? "" : v;
}

/* Applies --notification, --circulated, --territory and --text to a, then
 * checks the act's depositary fields as a whole (pacta_act_fields_ok). */
static int depositary_options(cli *c, pacta_act *a)
{
	if (c->notification)
		a->notification = or_none(c->notification);
	if (c->territory)
		a->territory = or_none(c->territory);
	if (c->text)
		a->text = or_none(c->text);
	if (c->circulated) {
		if (strcmp(c->circulated, "none") == 0)
			a->circulated = PACTA_DAY_NONE;
		else if (!pacta_date_parse(c->circulated, strlen(c->circulated), &a->circulated))
			return cli_usage(c, "--circulated must be a real date YYYY-MM-DD or 'none'");
	}
	const char *field;
	char why[160];
	if (!pacta_act_fields_ok(a, &field, why, sizeof(why)))
		return cli_usage(c, "--%s: %s", field, why);
	return EXIT_OK;
}

int cmd_record(cli *c)
{
	if (c->n_args != 4)
		return cli_usage(c, "record takes TREATY STATE ACTION DATE");
	if (!c->source)
		return cli_usage(c, "every act needs its source: --source URL");
	int rc = cli_open_for_writing(c);
	if (rc)
		return rc;
	uint32_t t, p;
	if ((rc = cli_treaty(c, c->args[0], &t)) || (rc = cli_state(c, c->args[1], &p)))
		return rc;
	pacta_act a;
	pacta_act_init(&a);
	a.treaty = t;
	a.participant = p;
	a.target = -1;
	a.effective = PACTA_DAY_NONE;
	a.recorded = pacta_date_today();
	a.origin = "command line";
	if (!pacta_action_parse(c->args[2], &a.action))
		return cli_usage(c, "unknown action '%s' (see pacta record --help)", c->args[2]);
	if (!pacta_date_parse(c->args[3], strlen(c->args[3]), &a.date))
		return cli_usage(c, "DATE must be a real date YYYY-MM-DD, not '%s'", c->args[3]);
	if (c->effective &&
	    !pacta_date_parse(c->effective, strlen(c->effective), &a.effective))
		return cli_usage(c, "--effective must be a real date YYYY-MM-DD");
	if (c->target) {
		uint32_t tgt;
		if ((rc = cli_state(c, c->target, &tgt)))
			return rc;
		a.target = (int32_t)tgt;
	}
	if ((rc = source_option(c)))
		return rc;
	a.source_url = c->source;
	a.note = c->note ? c->note : "";
	if ((rc = depositary_options(c, &a)))
		return rc;
	pacta_error err;
	if (pacta_record_add_act(c->rec, &a, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if ((rc = check_and_append(c, cli_who(), c->why ? c->why : "pacta record")))
		return rc;
	fprintf(stderr, "pacta: recorded %s %s %s on %s\n", c->rec->treaties[t].id,
		c->rec->participants[p].iso3, pacta_action_name(a.action), c->args[3]);
	return EXIT_OK;
}

/* ACT_ID: a positive decimal number that fits an act id. */
static bool parse_act_id(const char *s, uint32_t *out)
{
	unsigned long long v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long long)(*s - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return v > 0;
}

/* Applies the options of 'correct' to a copy of the act. */
static int corrected(cli *c, pacta_act *a)
{
	int rc;
	if (c->date && !pacta_date_parse(c->date, strlen(c->date), &a->date))
		return cli_usage(c, "--date must be a real date YYYY-MM-DD, not '%s'", c->date);
	if (c->action && !pacta_action_parse(c->action, &a->action))
		return cli_usage(c, "unknown action '%s' (see pacta record --help)", c->action);
	if (c->effective) {
		if (strcmp(c->effective, "none") == 0)
			a->effective = PACTA_DAY_NONE;
		else if (!pacta_date_parse(c->effective, strlen(c->effective), &a->effective))
			return cli_usage(c, "--effective must be a real date YYYY-MM-DD or 'none'");
	}
	if (c->target) {
		uint32_t tgt;
		if (strcmp(c->target, "none") == 0)
			a->target = -1;
		else if ((rc = cli_state(c, c->target, &tgt)))
			return rc;
		else
			a->target = (int32_t)tgt;
	}
	if (c->source) {
		if ((rc = source_option(c)))
			return rc;
		a->source_url = c->source;
	}
	if (c->note)
		a->note = c->note;
	if ((rc = depositary_options(c, a)))
		return rc;
	a->id = 0;
	a->origin = "command line";
	a->recorded = pacta_date_today();
	return EXIT_OK;
}

int cmd_correct(cli *c)
{
	if (c->n_args != 2)
		return cli_usage(c, "correct takes TREATY ACT_ID");
	int rc = cli_writes_now(c);
	if (rc)
		return rc;
	uint32_t id;
	if (!parse_act_id(c->args[1], &id))
		return cli_usage(c, "ACT_ID must be an act number, not '%s'", c->args[1]);
	if (!c->why || !*c->why)
		return cli_usage(c, "a correction needs its reason: --why TEXT");
	if (!c->date && !c->action && !c->effective && !c->target && !c->source && !c->note &&
	    !c->notification && !c->circulated && !c->territory && !c->text)
		return cli_usage(c, "nothing to correct: give --date, --action, --effective, "
				    "--target, --source, --note, --notification, --circulated, "
				    "--territory or --text");
	if ((rc = cli_open_for_writing(c)))
		return rc;
	uint32_t t;
	if ((rc = cli_treaty(c, c->args[0], &t)))
		return rc;
	size_t i = 0;
	while (i < c->rec->n_acts && !(c->rec->acts[i].id == id && c->rec->acts[i].treaty == t))
		i++;
	if (i == c->rec->n_acts) {
		fprintf(stderr, "pacta: act %u is not an act of %s in the current record\n",
			(unsigned)id, c->args[0]);
		return EXIT_NOTFOUND;
	}
	pacta_act fixed = c->rec->acts[i];
	if ((rc = corrected(c, &fixed)))
		return rc;
	pacta_error err;
	pacta_diags problems = {0};
	uint32_t new_id = 0;
	pacta_rc prc = pacta_import_correct(c->store, c->rec, id, &fixed, cli_who(), c->why,
					    cli_import_flags(c), &problems, &new_id, &err);
	if ((rc = cli_report_import(c, prc, &problems, &err)))
		return rc;
	char d[PACTA_DATE_BUFSZ];
	fprintf(stderr, "pacta: act %u of %s is superseded by act %u (%s %s on %s)\n",
		(unsigned)id, c->args[0], (unsigned)new_id,
		c->rec->participants[fixed.participant].iso3, pacta_action_name(fixed.action),
		pacta_date_format(fixed.date, d));
	return EXIT_OK;
}

int cmd_verify(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "verify takes no arguments");
	pacta_error err;
	pacta_verify_result v;
	const char *path = cli_db_path(c);
	/* A file that does not open as a pacta database fails verification
	 * too; a busy or unreadable one keeps its own code (try again). */
	/* Read-only; a file whose schema needs an upgrade is opened for
	 * writing to make it, as before. */
	pacta_rc orc = pacta_store_open(path, PACTA_STORE_READONLY, &c->store, &err);
	if (orc == PACTA_ERR_DB)
		orc = pacta_store_open(path, 0, &c->store, &err);
	if (orc != PACTA_OK ||
	    pacta_store_verify(c->store, &v, &err) != PACTA_OK) {
		if (err.where[0])
			fprintf(stderr, "pacta: %s: %s\n", err.where, err.message);
		else
			fprintf(stderr, "pacta: %s\n", err.message);
		switch (err.code) {
		case PACTA_ERR_USAGE:
			return EXIT_USAGE;
		case PACTA_ERR_NOTFOUND:
			return EXIT_NOTFOUND;
		case PACTA_ERR_BUSY:
			return EXIT_BUSY;
		case PACTA_ERR_STORAGE:
			return EXIT_STORAGE;
		default:
			return EXIT_INTEGRITY;
		}
	}
	printf("%lld change%s, %lld acts and obligation events: the chain holds\nhead %s\n",
	       v.changes, v.changes == 1 ? "" : "s", v.rows, v.head);
	return EXIT_OK;
}

int cmd_history(cli *c)
{
	if (c->n_args != 0 && c->n_args != 2)
		return cli_usage(c, "history takes no arguments, or TREATY STATE");
	int rc = cli_open(c);
	if (rc)
		return rc;
	const char *treaty = NULL, *iso3 = NULL;
	if (c->n_args == 2) {
		uint32_t t, p;
		if ((rc = cli_treaty(c, c->args[0], &t)) || (rc = cli_state(c, c->args[1], &p)))
			return rc;
		treaty = c->rec->treaties[t].id;
		iso3 = c->rec->participants[p].iso3;
	}
	pacta_history_entry *h;
	size_t n;
	pacta_error err;
	if (pacta_store_history_of(c->store, treaty, iso3, &h, &n, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if (c->format == OUT_JSON) {
		json_t *root = json_object(), *list = json_array();
		json_object_set_new(root, "history", list);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s}",
							      "id", (json_int_t)h[i].id,
							      "at", h[i].at, "who", h[i].who,
							      "why", h[i].why,
							      "acts", (json_int_t)h[i].acts,
							      "kind", h[i].kind, "hash", h[i].hash));
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(root);
		free(h);
		if (!s)
			return out_json(NULL);
		rc = out_json(s);
		printf("\n");
		return rc;
	}
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"id", "at", "who", "why", "acts", "kind", "hash"};
		out_csv_row(stdout, head, 7);
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], acts[24];
		snprintf(id, sizeof(id), "%lld", h[i].id);
		snprintf(acts, sizeof(acts), "%lld", h[i].acts);
		if (c->format == OUT_CSV) {
			const char *row[] = {id, h[i].at, h[i].who, h[i].why, acts, h[i].kind,
					     h[i].hash};
			out_csv_row(stdout, row, 7);
		} else {
			printf("%-4s %s  %-12s %-8s %5s acts  %.12s  %s\n", id, h[i].at, h[i].who,
			       h[i].kind, acts, h[i].hash, h[i].why);
		}
	}
	free(h);
	return EXIT_OK;
}
