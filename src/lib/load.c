/*
 * load.c - reads the bundled record (plain CSV files and rules files) into a
 * record. Every error names file:line and the column.
 *
 * Loading checks format only (columns, dates, known codes and actions);
 * the legal checks are in check.c.
 */
#include "array.h"
#include "csv.h"
#include "pacta/url.h"
#include "record_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DATA_FILE_MAX (64u * 1024u * 1024u)
#define RULES_FILE_MAX (1024u * 1024u)

/* A header-driven view of one CSV file. */
typedef struct table {
	csv_reader *reader;
	csv_row header;
	const char **names; /* header copy: the reader's row is reused */
	size_t n_names;
	char *data;
	const char *name;
	uint32_t treaty; /* the treaty a stated-facts file belongs to */
} table;

static void table_close(table *t)
{
	csv_reader_free(t->reader);
	if (t->names)
		for (size_t i = 0; i < t->n_names; i++)
			free((void *)t->names[i]);
	free(t->names);
	free(t->data);
	memset(t, 0, sizeof(*t));
}

/* Opens a CSV held in data (taken over: freed by table_close) and reads its
 * header, checking that every column in required is present. */
static pacta_rc table_open(table *t, char *data, size_t len, const char *name,
			   const char *const *required, pacta_error *err)
{
	memset(t, 0, sizeof(*t));
	t->data = data;
	t->name = name;
	t->reader = csv_reader_new(data, len, name);
	if (!t->reader)
		return pacta_error_set(err, PACTA_ERR_NOMEM, name, "out of memory");
	csv_row row;
	int r = csv_reader_next(t->reader, &row, err);
	if (r < 0)
		return err ? err->code : PACTA_ERR_PARSE;
	if (r == 0)
		return pacta_error_set(err, PACTA_ERR_PARSE, name, "empty file: expected a header row");
	t->names = calloc(row.n, sizeof(*t->names));
	if (!t->names)
		return pacta_error_set(err, PACTA_ERR_NOMEM, name, "out of memory");
	t->n_names = row.n;
	for (size_t i = 0; i < row.n; i++) {
		t->names[i] = strdup(row.fields[i]);
		if (!t->names[i])
			return pacta_error_set(err, PACTA_ERR_NOMEM, name, "out of memory");
	}
	t->header.n = t->n_names;
	t->header.fields = t->names;
	t->header.line = row.line;
	for (const char *const *c = required; *c; c++)
		if (csv_row_find(&t->header, *c) < 0)
			return pacta_error_set(err, PACTA_ERR_PARSE, name,
					       "missing column '%s' in the header", *c);
	return PACTA_OK;
}

static int col(const table *t, const char *name)
{
	return csv_row_find(&t->header, name);
}

/* Field by column index; "" when the column is absent or the row short. */
static const char *cell(const csv_row *row, int c)
{
	return c >= 0 && (size_t)c < row->n ? row->fields[c] : "";
}

static void where_of(char *buf, size_t size, const table *t, const csv_row *row)
{
	snprintf(buf, size, "%s:%ld", t->name, row->line);
}

static pacta_rc bad(pacta_error *err, const table *t, const csv_row *row, const char *column,
		    const char *value, const char *why)
{
	char where[300];
	where_of(where, sizeof(where), t, row);
	return pacta_error_set(err, PACTA_ERR_PARSE, where, "column '%s': %s ('%.60s')", column,
			       why, value);
}

static pacta_rc row_shape(pacta_error *err, const table *t, const csv_row *row)
{
	if (row->n != t->n_names) {
		char where[300];
		where_of(where, sizeof(where), t, row);
		return pacta_error_set(err, PACTA_ERR_PARSE, where,
				       "%zu fields, but the header has %zu", row->n, t->n_names);
	}
	return PACTA_OK;
}

/* Optional date: "" -> NONE. */
static bool parse_opt_date(const char *s, pacta_day *out)
{
	if (!*s) {
		*out = PACTA_DAY_NONE;
		return true;
	}
	return pacta_date_parse(s, strlen(s), out);
}

/* A row's source: present, and a valid http(s) URL (pacta/url.h). need
 * says what an empty one lacks ("every act needs an http(s) source"). */
static pacta_rc source_of(pacta_error *err, const table *t, const csv_row *row, const char *url,
			  const char *need)
{
	char why[PACTA_URL_WHY_BUFSZ], text[PACTA_URL_WHY_BUFSZ + 40];
	if (!*url)
		return bad(err, t, row, "source_url", url, need);
	if (pacta_url_check(url, why, sizeof(why)))
		return PACTA_OK;
	snprintf(text, sizeof(text), "not a valid http(s) URL: %s", why);
	return bad(err, t, row, "source_url", url, text);
}

/* Reads a file of the data directory; errors name it as name, relative
 * to the directory like every other error here. */
static pacta_rc read_file(const char *path, const char *name, size_t max, char **data,
			  size_t *len, pacta_error *err)
{
	pacta_rc rc = csv_slurp(path, max, data, len, err);
	if (rc != PACTA_OK && err)
		snprintf(err->where, sizeof(err->where), "%.200s", name);
	return rc;
}

static pacta_rc code_of(const pacta_record *rec, const table *t, const csv_row *row,
			const char *column, const char *value, uint32_t *out, pacta_error *err)
{
	int32_t idx = pacta_record_participant_by_iso3(rec, value);
	if (idx < 0)
		return bad(err, t, row, column, value,
			   "unknown state code (not in states.csv)");
	*out = (uint32_t)idx;
	return PACTA_OK;
}

/* One data row: read it into the record; errors name the row. */
typedef pacta_rc (*row_fn)(pacta_record *rec, const table *t, const csv_row *row,
			   pacta_error *err);

/* Reads path, checks the header has the required columns, and hands every
 * row, checked for its field count, to fn. */
static pacta_rc load_treaty_rows(pacta_record *rec, uint32_t treaty, const char *path,
				 const char *name, const char *const *required, row_fn fn,
				 pacta_error *err)
{
	char *data;
	size_t len;
	pacta_rc rc = read_file(path, name, DATA_FILE_MAX, &data, &len, err);
	if (rc)
		return rc;
	table t;
	if ((rc = table_open(&t, data, len, name, required, err)))
		goto out;
	t.treaty = treaty;
	csv_row row;
	int r;
	while ((r = csv_reader_next(t.reader, &row, err)) > 0) {
		if ((rc = row_shape(err, &t, &row)) || (rc = fn(rec, &t, &row, err)))
			goto out;
	}
	if (r < 0)
		rc = err->code;
out:
	table_close(&t);
	return rc;
}

static pacta_rc load_rows(pacta_record *rec, const char *path, const char *name,
			  const char *const *required, row_fn fn, pacta_error *err)
{
	return load_treaty_rows(rec, 0, path, name, required, fn, err);
}

/* The cell of the named column in row ("" if the column is absent). */
static const char *field(const table *t, const csv_row *row, const char *column)
{
	return cell(row, col(t, column));
}

static pacta_rc state_row(pacta_record *rec, const table *t, const csv_row *row,
			  pacta_error *err)
{
	pacta_participant p;
	pacta_rc rc;
	memset(&p, 0, sizeof(p));
	const char *iso3 = field(t, row, "iso3"), *iso2 = field(t, row, "iso2");
	if (strlen(iso3) != 3)
		return bad(err, t, row, "iso3", iso3, "expected a three-letter code");
	if (strlen(iso2) > 2)
		return bad(err, t, row, "iso2", iso2, "expected a two-letter code");
	memcpy(p.iso3, iso3, 4);
	memcpy(p.iso2, iso2, strlen(iso2) + 1);
	p.numeric = field(t, row, "numeric");
	p.name = field(t, row, "name");
	p.depositary_name = field(t, row, "depositary_name");
	p.aliases = field(t, row, "aliases");
	p.wikidata = field(t, row, "wikidata");
	p.source_url = field(t, row, "source_url");
	p.note = field(t, row, "note");
	if (!*p.name)
		return bad(err, t, row, "name", "", "must not be empty");
	if ((rc = source_of(err, t, row, p.source_url, "every row needs an http(s) source")))
		return rc;
	const char *kind = field(t, row, "kind");
	bool known = false;
	for (int k = PACTA_KIND_STATE; k <= PACTA_KIND_ORGANIZATION; k++) {
		if (strcmp(kind, pacta_kind_name((pacta_participant_kind)k)) == 0) {
			p.kind = (pacta_participant_kind)k;
			known = true;
		}
	}
	if (!known)
		return bad(err, t, row, "kind", kind, "unknown participant kind");
	const char *un = field(t, row, "un_member_since");
	if (!parse_opt_date(un, &p.un_member_since))
		return bad(err, t, row, "un_member_since", un, "expected a date YYYY-MM-DD");
	rc = pacta_record_add_participant(rec, &p, err);
	if (rc)
		where_of(err->where, sizeof(err->where), t, row);
	return rc;
}

static pacta_rc group_row(pacta_record *rec, const table *t, const csv_row *row,
			  pacta_error *err)
{
	pacta_group_member g;
	memset(&g, 0, sizeof(g));
	g.group = field(t, row, "group");
	if (!*g.group)
		return bad(err, t, row, "group", "", "must not be empty");
	pacta_rc rc = code_of(rec, t, row, "iso3", field(t, row, "iso3"), &g.participant, err);
	if (rc)
		return rc;
	if (!parse_opt_date(field(t, row, "from"), &g.from))
		return bad(err, t, row, "from", field(t, row, "from"), "expected a date");
	if (!parse_opt_date(field(t, row, "to"), &g.to))
		return bad(err, t, row, "to", field(t, row, "to"), "expected a date");
	/* groups.csv gives the last day of membership; intervals here are
	 * half-open, so the end is the day after. */
	if (g.to != PACTA_DAY_NONE)
		g.to = pacta_date_add_days(g.to, 1);
	g.source_url = field(t, row, "source_url");
	g.note = field(t, row, "note");
	if ((rc = source_of(err, t, row, g.source_url, "every row needs an http(s) source")))
		return rc;
	return pacta_record_add_group_member(rec, &g, err);
}

static pacta_rc conflict_row(pacta_record *rec, const table *t, const csv_row *row,
			     pacta_error *err)
{
	pacta_conflict c;
	memset(&c, 0, sizeof(c));
	char where[300];
	where_of(where, sizeof(where), t, row);
	c.origin = where;
	pacta_rc rc = code_of(rec, t, row, "state", field(t, row, "state"), &c.participant, err);
	if (rc)
		return rc;
	const char *from = field(t, row, "from");
	if (!pacta_date_parse(from, strlen(from), &c.from))
		return bad(err, t, row, "from", from, "expected a date");
	if (!parse_opt_date(field(t, row, "to"), &c.to))
		return bad(err, t, row, "to", field(t, row, "to"), "expected a date or empty");
	if (c.to == PACTA_DAY_NONE)
		c.to = PACTA_DAY_OPEN;
	c.source_url = field(t, row, "source_url");
	c.note = field(t, row, "note");
	if ((rc = source_of(err, t, row, c.source_url, "every row needs an http(s) source")))
		return rc;
	return pacta_record_add_conflict(rec, &c, err);
}

/* One data row of an acts file into rec; errors name the row. */
/* The columns of an acts file, found once per file rather than per row
 * (-1: absent). */
typedef struct act_columns {
	int treaty, state, action, date, effective, target, source_url, note, notification,
		circulated, territory, text;
} act_columns;

static act_columns act_columns_of(const table *t)
{
	return (act_columns){
		.treaty = col(t, "treaty"),
		.state = col(t, "state"),
		.action = col(t, "action"),
		.date = col(t, "date"),
		.effective = col(t, "effective"),
		.target = col(t, "target"),
		.source_url = col(t, "source_url"),
		.note = col(t, "note"),
		.notification = col(t, "notification"),
		.circulated = col(t, "circulated"),
		.territory = col(t, "territory"),
		.text = col(t, "text"),
	};
}

/* Writes "name:line" into buf, as where_of() does, without a printf per
 * row (an origin is written for every act of the record). */
static void origin_of(char *buf, size_t size, const table *t, const csv_row *row)
{
	char digits[24];
	size_t nd = 0, n = strlen(t->name);
	unsigned long line = row->line > 0 ? (unsigned long)row->line : 0;
	do
		digits[nd++] = (char)('0' + line % 10);
	while ((line /= 10) != 0);
	if (n + 1 + nd + 1 > size || row->line < 0) {
		where_of(buf, size, t, row);
		return;
	}
	memcpy(buf, t->name, n);
	buf[n++] = ':';
	while (nd)
		buf[n++] = digits[--nd];
	buf[n] = '\0';
}

static pacta_rc act_row(pacta_record *rec, int32_t treaty, const table *t, const act_columns *c,
			const csv_row *row, pacta_day recorded, const char **checked_url,
			pacta_error *err)
{
	int c_treaty = c->treaty, c_state = c->state, c_action = c->action, c_date = c->date,
	    c_eff = c->effective, c_target = c->target, c_src = c->source_url, c_note = c->note;
	pacta_rc rc;
	if ((rc = row_shape(err, t, row)))
		return rc;
	pacta_act a;
	pacta_act_init(&a);
	char where[300];
	origin_of(where, sizeof(where), t, row);
	a.origin = where;
	a.recorded = recorded;
	a.target = -1;
	if (c_treaty >= 0 && *cell(row, c_treaty)) {
		int32_t ti = pacta_record_treaty_by_id(rec, cell(row, c_treaty));
		if (ti < 0)
			return bad(err, t, row, "treaty", cell(row, c_treaty), "unknown treaty");
		a.treaty = (uint32_t)ti;
	} else if (treaty >= 0) {
		a.treaty = (uint32_t)treaty;
	} else {
		return bad(err, t, row, "treaty", "", "must not be empty");
	}
	if ((rc = code_of(rec, t, row, "state", cell(row, c_state), &a.participant, err)))
		return rc;
	if (!pacta_action_parse(cell(row, c_action), &a.action))
		return bad(err, t, row, "action", cell(row, c_action),
			   "unknown action (see docs/record.md for the vocabulary)");
	const char *d = cell(row, c_date);
	if (!pacta_date_parse(d, strlen(d), &a.date))
		return bad(err, t, row, "date", d, "expected a real date YYYY-MM-DD");
	if (!parse_opt_date(cell(row, c_eff), &a.effective))
		return bad(err, t, row, "effective", cell(row, c_eff),
			   "expected a real date YYYY-MM-DD or empty");
	if (*cell(row, c_target)) {
		uint32_t tgt = 0;
		if ((rc = code_of(rec, t, row, "target", cell(row, c_target), &tgt, err)))
			return rc;
		a.target = (int32_t)tgt;
	}
	a.source_url = cell(row, c_src);
	/* Rows of a file mostly repeat the source the row before gave: it
	 * was checked then. */
	if ((!*checked_url || strcmp(*checked_url, a.source_url) != 0) &&
	    (rc = source_of(err, t, row, a.source_url, "every act needs an http(s) source")))
		return rc;
	a.note = cell(row, c_note);
	a.notification = cell(row, c->notification);
	a.territory = cell(row, c->territory);
	a.text = cell(row, c->text);
	if (!parse_opt_date(cell(row, c->circulated), &a.circulated))
		return bad(err, t, row, "circulated", cell(row, c->circulated),
			   "expected a real date YYYY-MM-DD or empty");
	const char *which;
	char why[160];
	if (!pacta_act_fields_ok(&a, &which, why, sizeof(why)))
		return bad(err, t, row, which, field(t, row, which), why);
	if ((rc = pacta_record_add_act(rec, &a, err)) == PACTA_OK)
		*checked_url = rec->acts[rec->n_acts - 1].source_url;
	return rc;
}

/* A bad row's error as a problem: where is copied into rec's strings. */
static pacta_rc row_problem(pacta_record *rec, pacta_diags *problems, const pacta_error *row_err,
			    pacta_error *err)
{
	void *items = problems->items;
	char *where = arena_strndup(&rec->index->strings, row_err->where, strlen(row_err->where));
	if (!where || array_grow(&items, problems->n, &problems->cap, sizeof(pacta_diag)) != 0)
		return pacta_error_set(err, PACTA_ERR_NOMEM, row_err->where, "out of memory");
	problems->items = items;
	pacta_diag *g = &problems->items[problems->n++];
	memset(g, 0, sizeof(*g));
	g->where = where;
	g->act = g->other = -1;
	size_t n = strnlen(row_err->message, sizeof(g->message) - 1);
	memcpy(g->message, row_err->message, n);
	g->message[n] = '\0';
	return PACTA_OK;
}

/* Reads the acts; with problems, a bad row does not stop the reading (see
 * pacta_record_load_acts_csv_all). */
static pacta_rc load_acts(pacta_record *rec, int32_t treaty, const char *data, size_t len,
			  const char *name, pacta_day recorded, pacta_diags *problems,
			  pacta_error *err)
{
	static const char *const req[] = {"state", "action", "date", "source_url", NULL};
	pacta_error local;
	if (!err)
		err = &local; /* err may be NULL; the code below reads err->code */
	/* The reader borrows a copy so the caller keeps its buffer. */
	char *copy = malloc(len + 1);
	if (!copy)
		return pacta_error_set(err, PACTA_ERR_NOMEM, name, "out of memory");
	memcpy(copy, data, len);
	copy[len] = '\0';
	size_t acts_before = rec->n_acts, bad_rows = 0;
	bool finished_before = rec->index->finished;
	table t;
	pacta_rc rc = table_open(&t, copy, len, name, req, err);
	if (rc)
		goto out;
	if (treaty < 0 && col(&t, "treaty") < 0) {
		rc = pacta_error_set(err, PACTA_ERR_PARSE, name,
				     "missing column 'treaty' (or name the treaty)");
		goto out;
	}
	for (size_t i = 0; i < t.n_names; i++) {
		static const char *const known[] = {"treaty", "state", "action", "date",
						    "effective", "target", "source_url",
						    "note", "notification", "circulated",
						    "territory", "text", NULL};
		bool ok = false;
		for (const char *const *k = known; *k; k++)
			ok |= strcmp(*k, t.names[i]) == 0;
		if (!ok) {
			rc = pacta_error_set(err, PACTA_ERR_PARSE, name,
					     "unknown column '%.60s' in the header", t.names[i]);
			goto out;
		}
	}
	csv_row row;
	int r;
	act_columns cols = act_columns_of(&t);
	const char *checked_url = NULL; /* the record's copy of the last source checked */
	while ((r = csv_reader_next(t.reader, &row, err)) > 0) {
		pacta_error row_err;
		rc = act_row(rec, treaty, &t, &cols, &row, recorded, &checked_url, &row_err);
		if (rc == PACTA_OK)
			continue;
		/* Out of memory, or a caller that wants the first error only:
		 * stop here. */
		if (!problems || rc == PACTA_ERR_NOMEM) {
			*err = row_err;
			goto out;
		}
		if (bad_rows++ < PACTA_IMPORT_MAX_ROW_PROBLEMS &&
		    (rc = row_problem(rec, problems, &row_err, err)) != PACTA_OK)
			goto out;
		rc = PACTA_OK;
	}
	if (r < 0) {
		rc = err->code;
		goto out;
	}
	if (bad_rows > PACTA_IMPORT_MAX_ROW_PROBLEMS) {
		pacta_error more;
		pacta_error_set(&more, PACTA_ERR_PARSE, name, "and %zu more bad row%s",
				bad_rows - PACTA_IMPORT_MAX_ROW_PROBLEMS,
				bad_rows - PACTA_IMPORT_MAX_ROW_PROBLEMS == 1 ? "" : "s");
		if ((rc = row_problem(rec, problems, &more, err)) != PACTA_OK)
			goto out;
	}
	/* Two messages, not a plural "%s", so that a catalogue can say each
	 * (pacta_lang_message). */
	if (bad_rows == 1)
		rc = pacta_error_set(err, PACTA_ERR_PARSE, name, "1 bad row");
	else if (bad_rows)
		rc = pacta_error_set(err, PACTA_ERR_PARSE, name, "%zu bad rows", bad_rows);
out:
	table_close(&t);
	if (rc != PACTA_OK) {
		/* All or nothing: the acts added are dropped, and a record that
		 * was finished is finished again (its index covers the rest). */
		rec->n_acts = acts_before;
		rec->index->finished = finished_before;
	}
	return rc;
}

pacta_rc pacta_record_load_acts_csv(pacta_record *rec, int32_t treaty, const char *data,
				    size_t len, const char *name, pacta_day recorded,
				    pacta_error *err)
{
	return load_acts(rec, treaty, data, len, name, recorded, NULL, err);
}

pacta_rc pacta_record_load_acts_csv_all(pacta_record *rec, int32_t treaty, const char *data,
					size_t len, const char *name, pacta_day recorded,
					pacta_diags *problems, pacta_error *err)
{
	if (!problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, name, "no problem list");
	return load_acts(rec, treaty, data, len, name, recorded, problems, err);
}

/* The obligation rule of treaty t with this id, or NULL. */
static const pacta_obligation_rule *obligation_rule(const pacta_record *rec, uint32_t t,
						    const char *id)
{
	const pacta_rules *r = &rec->treaties[t].rules;
	for (size_t i = 0; i < r->n_obligations; i++)
		if (strcmp(r->obligations[i].id, id) == 0)
			return &r->obligations[i];
	return NULL;
}

/* An annual report's row: its value is the calendar year the report
 * covers (required in a 'missed' row), which ends before the row's date;
 * a report is missed only after its due day. */
static pacta_rc annual_report_row(const table *t, const csv_row *row,
				  const pacta_obligation_rule *rule, const pacta_obligation_event *e,
				  const char *value, pacta_error *err)
{
	if (e->value < 0) {
		if (e->kind == PACTA_OBL_MISSED)
			return bad(err, t, row, "value", "",
				   "a 'missed' annual report needs the calendar year it covers");
		return PACTA_OK;
	}
	int y, m, d;
	pacta_date_to_civil(e->date, &y, &m, &d);
	if (e->value < 1000 || e->value > 9999)
		return bad(err, t, row, "value", value, "expected the calendar year covered (YYYY)");
	if (e->value >= y)
		return bad(err, t, row, "value", value,
			   "a report covers a calendar year that ended before its date");
	if (e->kind == PACTA_OBL_MISSED &&
	    e->date <= pacta_date_from_civil((int)e->value + 1, rule->month, rule->day))
		return bad(err, t, row, "date", field(t, row, "date"),
			   "a report is missed only after its due day");
	return PACTA_OK;
}

static pacta_rc obligation_row(pacta_record *rec, uint32_t treaty, const table *t,
			       const csv_row *row, pacta_error *err)
{
	pacta_obligation_event e;
	memset(&e, 0, sizeof(e));
	char where[300];
	where_of(where, sizeof(where), t, row);
	e.origin = where;
	e.treaty = treaty;
	e.value = -1;
	pacta_rc rc = code_of(rec, t, row, "state", field(t, row, "state"), &e.participant, err);
	if (rc)
		return rc;
	const char *article = field(t, row, "article");
	const pacta_obligation_rule *rule = obligation_rule(rec, treaty, article);
	if (!rule)
		return bad(err, t, row, "article", article,
			   "not an obligation of this treaty's rules file");
	memcpy(e.article, article, strlen(article) + 1);
	const char *kind = field(t, row, "event");
	if (!pacta_obligation_event_parse(kind, &e.kind))
		return bad(err, t, row, "event", kind,
			   "unknown event (see docs/record.md for the vocabulary)");
	const char *date = field(t, row, "date"), *deadline = field(t, row, "deadline");
	if (!parse_opt_date(date, &e.date))
		return bad(err, t, row, "date", date, "expected a real date YYYY-MM-DD or empty");
	if (e.date == PACTA_DAY_NONE && e.kind != PACTA_OBL_APPLIES)
		return bad(err, t, row, "date", "", "only an 'applies' row may leave the date empty");
	if (!parse_opt_date(deadline, &e.deadline))
		return bad(err, t, row, "deadline", deadline,
			   "expected a real date YYYY-MM-DD or empty");
	bool extension = e.kind == PACTA_OBL_EXTENSION_GRANTED ||
			 e.kind == PACTA_OBL_EXTENSION_REQUESTED;
	if (e.kind == PACTA_OBL_EXTENSION_GRANTED && e.deadline == PACTA_DAY_NONE)
		return bad(err, t, row, "deadline", "", "an extension needs its new deadline");
	if (e.kind == PACTA_OBL_EXTENSION_REQUESTED && e.deadline == PACTA_DAY_NONE)
		return bad(err, t, row, "deadline", "", "a request needs the deadline requested");
	if (extension && !rule->extensions)
		return bad(err, t, row, "event", kind,
			   "the rules file allows no extensions of this obligation");
	if (e.kind == PACTA_OBL_NEW_CONTAMINATION && !rule->reopening)
		return bad(err, t, row, "event", kind,
			   "the rules file has no reopening clause for this obligation");
	const char *value = field(t, row, "value");
	if (*value) {
		char *end;
		errno = 0;
		long long v = strtoll(value, &end, 10);
		if (errno || *end || v < 0)
			return bad(err, t, row, "value", value, "expected a whole number");
		e.value = v;
	}
	if (e.kind == PACTA_OBL_RETAINED && e.value < 0)
		return bad(err, t, row, "value", "", "a 'retained' row needs the number of mines");
	if (rule->kind == PACTA_OBLIGATION_ANNUAL &&
	    (e.kind == PACTA_OBL_REPORT_SUBMITTED || e.kind == PACTA_OBL_MISSED) &&
	    (rc = annual_report_row(t, row, rule, &e, value, err)))
		return rc;
	e.source_url = field(t, row, "source_url");
	if ((rc = source_of(err, t, row, e.source_url, "every row needs an http(s) source")))
		return rc;
	e.note = field(t, row, "note");
	return pacta_record_add_obligation_event(rec, &e, err);
}

pacta_rc pacta_record_load_obligations_csv(pacta_record *rec, uint32_t treaty, const char *data,
					   size_t len, const char *name, pacta_error *err)
{
	static const char *const req[] = {"state", "article", "event", "date", "deadline",
					  "source_url", NULL};
	pacta_error local;
	if (!err)
		err = &local;
	if (treaty >= rec->n_treaties)
		return pacta_error_set(err, PACTA_ERR_USAGE, name, "no such treaty");
	char *copy = malloc(len + 1);
	if (!copy)
		return pacta_error_set(err, PACTA_ERR_NOMEM, name, "out of memory");
	memcpy(copy, data, len);
	copy[len] = '\0';
	size_t before = rec->n_obligation_events;
	table t;
	pacta_rc rc = table_open(&t, copy, len, name, req, err);
	static const char *const known[] = {"state", "article", "event", "date", "deadline",
					    "value", "source_url", "note", NULL};
	for (size_t i = 0; rc == PACTA_OK && i < t.n_names; i++) {
		bool ok = false;
		for (const char *const *k = known; *k; k++)
			ok |= strcmp(*k, t.names[i]) == 0;
		if (!ok)
			rc = pacta_error_set(err, PACTA_ERR_PARSE, name,
					     "unknown column '%.60s' in the header", t.names[i]);
	}
	csv_row row;
	int r = 0;
	while (rc == PACTA_OK && (r = csv_reader_next(t.reader, &row, err)) > 0)
		if (!(rc = row_shape(err, &t, &row)))
			rc = obligation_row(rec, treaty, &t, &row, err);
	if (rc == PACTA_OK && r < 0)
		rc = err->code;
	table_close(&t);
	if (rc != PACTA_OK)
		rec->n_obligation_events = before; /* all or nothing */
	return rc;
}

static pacta_rc load_acts_file(pacta_record *rec, int32_t treaty, const char *path,
			       const char *name, pacta_error *err)
{
	char *data;
	size_t len;
	pacta_rc rc = read_file(path, name, DATA_FILE_MAX, &data, &len, err);
	if (rc)
		return rc;
	rc = pacta_record_load_acts_csv(rec, treaty, data, len, name, PACTA_DAY_NONE, err);
	free(data);
	return rc;
}

/* An optional count in a stated-facts row: -1 when empty; false when it is
 * not a whole number from 0 to max. */
static bool opt_count(const char *v, long long max, long long *out)
{
	*out = -1;
	if (!*v)
		return true;
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (errno || *end || n < 0 || n > max)
		return false;
	*out = n;
	return true;
}

/* Starts a stated-facts row of `kind`: where (the row's origin, in the
 * caller's buffer of 300 bytes), no participant, no counts, and its source.
 * Rows of a stated-facts file belong to the treaty whose rules name it. */
static pacta_rc stated_open(const table *t, const csv_row *row, pacta_stated_kind kind,
			    pacta_stated *s, char *where, pacta_error *err)
{
	memset(s, 0, sizeof(*s));
	where_of(where, 300, t, row);
	s->origin = where;
	s->kind = kind;
	s->treaty = t->treaty;
	s->participant = -1;
	s->value = s->required = s->not_submitted = -1;
	s->rate = -1;
	s->source_url = field(t, row, "source_url");
	s->note = field(t, row, "note");
	return source_of(err, t, row, s->source_url, "every row needs an http(s) source");
}

/* as_at,signatories,parties,source_url,note: either count may be empty. */
static pacta_rc stated_count_row(pacta_record *rec, const table *t, const csv_row *row,
				 pacta_error *err)
{
	pacta_stated s;
	char where[300];
	pacta_rc rc = stated_open(t, row, PACTA_STATED_PARTIES, &s, where, err);
	if (rc)
		return rc;
	const char *at = field(t, row, "as_at");
	if (!pacta_date_parse(at, strlen(at), &s.date))
		return bad(err, t, row, "as_at", at, "expected a date YYYY-MM-DD");
	static const struct {
		const char *column;
		pacta_stated_kind kind;
	} counts[] = {{"signatories", PACTA_STATED_SIGNATORIES}, {"parties", PACTA_STATED_PARTIES}};
	for (size_t i = 0; i < 2; i++) {
		const char *v = field(t, row, counts[i].column);
		if (!opt_count(v, 100000, &s.value))
			return bad(err, t, row, counts[i].column, v, "expected a count");
		if (s.value < 0)
			continue;
		s.kind = counts[i].kind;
		if ((rc = pacta_record_add_stated(rec, &s, err)))
			return rc;
	}
	return PACTA_OK;
}

/* state,entry_into_force,source_url,note */
static pacta_rc stated_eif_row(pacta_record *rec, const table *t, const csv_row *row,
			       pacta_error *err)
{
	pacta_stated s;
	char where[300];
	uint32_t p = 0;
	pacta_rc rc = stated_open(t, row, PACTA_STATED_ENTRY_INTO_FORCE, &s, where, err);
	if (rc || (rc = code_of(rec, t, row, "state", field(t, row, "state"), &p, err)))
		return rc;
	s.participant = (int32_t)p;
	const char *d = field(t, row, "entry_into_force");
	if (!pacta_date_parse(d, strlen(d), &s.date))
		return bad(err, t, row, "entry_into_force", d, "expected a date YYYY-MM-DD");
	return pacta_record_add_stated(rec, &s, err);
}

/* year,as_at,submitted,not_submitted,required,rate,source_url,note: a
 * published share of the annual reports on one calendar year, as the source
 * counts it on as_at. Each count and the rate may be empty, but not all. */
static pacta_rc stated_rate_row(pacta_record *rec, const table *t, const csv_row *row,
				pacta_error *err)
{
	pacta_stated s;
	char where[300];
	pacta_rc rc = stated_open(t, row, PACTA_STATED_REPORT_RATE, &s, where, err);
	if (rc)
		return rc;
	const char *y = field(t, row, "year"), *at = field(t, row, "as_at");
	long long year, rate;
	if (!opt_count(y, 9999, &year) || year < 1000)
		return bad(err, t, row, "year", y, "expected a calendar year YYYY");
	s.year = (int)year;
	if (!pacta_date_parse(at, strlen(at), &s.date))
		return bad(err, t, row, "as_at", at, "expected a date YYYY-MM-DD");
	int ay, am, ad;
	pacta_date_to_civil(s.date, &ay, &am, &ad);
	if (ay <= s.year)
		return bad(err, t, row, "as_at", at,
			   "a count of the reports on a year is made after that year");
	const char *sub = field(t, row, "submitted"), *req = field(t, row, "required"),
		   *r = field(t, row, "rate"), *nsub = field(t, row, "not_submitted");
	if (!opt_count(sub, 100000, &s.value))
		return bad(err, t, row, "submitted", sub, "expected a count or empty");
	if (!opt_count(nsub, 100000, &s.not_submitted))
		return bad(err, t, row, "not_submitted", nsub, "expected a count or empty");
	if (!opt_count(req, 100000, &s.required))
		return bad(err, t, row, "required", req, "expected a count or empty");
	if (!opt_count(r, 100, &rate))
		return bad(err, t, row, "rate", r, "expected a whole percent from 0 to 100, or empty");
	s.rate = (int)rate;
	if (s.value < 0 && s.not_submitted < 0 && s.required < 0 && s.rate < 0)
		return bad(err, t, row, "rate", r, "a row needs a count or a rate");
	if (s.required >= 0 && ((s.value >= 0 && s.value > s.required) ||
				(s.not_submitted >= 0 && s.not_submitted > s.required) ||
				(s.value >= 0 && s.not_submitted >= 0 &&
				 s.value + s.not_submitted != s.required)))
		return bad(err, t, row, "required", req,
			   "submitted and not submitted do not add up to it");
	return pacta_record_add_stated(rec, &s, err);
}

/* The stated-facts files of treaty `ti`; all or nothing. */
static pacta_rc load_stated(pacta_record *rec, const char *dir, uint32_t ti, pacta_error *err)
{
	static const char *const counts_req[] = {"as_at", "signatories", "parties", "source_url",
						 NULL};
	static const char *const eif_req[] = {"state", "entry_into_force", "source_url", NULL};
	static const char *const rate_req[] = {"year",	   "as_at", "submitted", "not_submitted",
					       "required", "rate",	"source_url", NULL};
	const pacta_treaty *t = &rec->treaties[ti];
	char file[4096];
	pacta_rc rc = PACTA_OK;
	size_t before = rec->n_stated;
	for (size_t f = 0; rc == PACTA_OK && f < t->files->n_stated_count_files; f++) {
		snprintf(file, sizeof(file), "%s/%s", dir, t->files->stated_count_files[f]);
		rc = load_treaty_rows(rec, ti, file, t->files->stated_count_files[f], counts_req,
				      stated_count_row, err);
	}
	for (size_t f = 0; rc == PACTA_OK && f < t->files->n_stated_eif_files; f++) {
		snprintf(file, sizeof(file), "%s/%s", dir, t->files->stated_eif_files[f]);
		rc = load_treaty_rows(rec, ti, file, t->files->stated_eif_files[f], eif_req,
				      stated_eif_row, err);
	}
	for (size_t f = 0; rc == PACTA_OK && f < t->files->n_stated_report_rate_files; f++) {
		snprintf(file, sizeof(file), "%s/%s", dir, t->files->stated_report_rate_files[f]);
		rc = load_treaty_rows(rec, ti, file, t->files->stated_report_rate_files[f], rate_req,
				      stated_rate_row, err);
	}
	if (rc)
		rec->n_stated = before;
	return rc;
}

pacta_rc pacta_record_load_stated(pacta_record *rec, const char *dir, pacta_error *err)
{
	pacta_error local;
	if (!err)
		err = &local;
	char path[4096];
	snprintf(path, sizeof(path), "%s/treaties", dir);
	struct stat sb;
	/* A database used without its data directory has no stated facts. */
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return PACTA_OK;
	size_t before = rec->n_stated;
	pacta_rc rc = PACTA_OK;
	for (uint32_t t = 0; rc == PACTA_OK && t < rec->n_treaties; t++)
		rc = load_stated(rec, dir, t, err);
	if (rc)
		rec->n_stated = before;
	return rc;
}

/* By treaty id: "ccw.json" before "ccw-ap2.json", as "ccw" < "ccw-ap2". */
static int name_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strlen(x) - 5, ly = strlen(y) - 5; /* without ".json" */
	int c = strncmp(x, y, lx < ly ? lx : ly);
	if (c)
		return c;
	return lx < ly ? -1 : lx > ly;
}

#define RULES_FILES_MAX 256

/* The names of the *.json files in path, sorted (so that treaty indexes
 * do not depend on the file system), into names (free each); a missing
 * folder is an error only when required. */
static pacta_rc list_json(const char *path, bool required, char **names, size_t *n,
			  pacta_error *err)
{
	*n = 0;
	DIR *d = opendir(path);
	if (!d)
		return required ? pacta_error_set(err, PACTA_ERR_IO, path,
						  "cannot open the treaties directory")
				: PACTA_OK;
	struct dirent *e;
	pacta_rc rc = PACTA_OK;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 || e->d_name[0] == '.')
			continue;
		if (*n == RULES_FILES_MAX) {
			rc = pacta_error_set(err, PACTA_ERR_LIMIT, path, "more than 256 rules files");
			break;
		}
		names[*n] = strdup(e->d_name);
		if (!names[*n]) {
			rc = pacta_error_set(err, PACTA_ERR_NOMEM, path, "out of memory");
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (*n > 1) /* names is NULL for an empty directory */
		qsort(names, *n, sizeof(*names), name_cmp);
	return rc;
}

/* DIR/treaties/clauses/(*).json: the shared final clauses the rules files
 * may name, before them. */
static pacta_rc load_clauses(pacta_record *rec, const char *dir, pacta_error *err)
{
	char path[4096], *names[RULES_FILES_MAX];
	size_t n;
	snprintf(path, sizeof(path), "%s/treaties/clauses", dir);
	pacta_rc rc = list_json(path, false, names, &n, err);
	for (size_t i = 0; rc == PACTA_OK && i < n; i++) {
		char file[4096 + 300], shown[512], *data;
		size_t len;
		snprintf(file, sizeof(file), "%s/%s", path, names[i]);
		snprintf(shown, sizeof(shown), "treaties/clauses/%s", names[i]);
		rc = read_file(file, shown, RULES_FILE_MAX, &data, &len, err);
		if (rc == PACTA_OK) {
			rc = pacta_record_add_clauses(rec, data, len, shown, err);
			free(data);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return rc;
}

static pacta_rc load_treaties(pacta_record *rec, const char *dir, pacta_error *err)
{
	char path[4096], *names[RULES_FILES_MAX];
	size_t n;
	snprintf(path, sizeof(path), "%s/treaties", dir);
	pacta_rc rc = load_clauses(rec, dir, err);
	if (rc != PACTA_OK)
		return rc;
	rc = list_json(path, true, names, &n, err);
	for (size_t i = 0; rc == PACTA_OK && i < n; i++) {
		char file[4096], shown[512];
		snprintf(file, sizeof(file), "%s/treaties/%s", dir, names[i]);
		snprintf(shown, sizeof(shown), "treaties/%s", names[i]);
		char *data;
		size_t len;
		rc = read_file(file, shown, RULES_FILE_MAX, &data, &len, err);
		if (rc)
			break;
		rc = pacta_record_add_treaty(rec, data, len, shown, err);
		free(data);
		if (rc)
			break;
		pacta_treaty *t = &rec->treaties[rec->n_treaties - 1];
		for (size_t f = 0; rc == PACTA_OK && f < t->files->n_record_files; f++) {
			snprintf(file, sizeof(file), "%s/%s", dir, t->files->record_files[f]);
			rc = load_acts_file(rec, (int32_t)(rec->n_treaties - 1), file,
					    t->files->record_files[f], err);
		}
		for (size_t f = 0; rc == PACTA_OK && f < t->files->n_obligation_files; f++) {
			snprintf(file, sizeof(file), "%s/%s", dir, t->files->obligation_files[f]);
			char *obl;
			size_t obl_len;
			rc = read_file(file, t->files->obligation_files[f], DATA_FILE_MAX, &obl,
				       &obl_len, err);
			if (rc)
				break;
			rc = pacta_record_load_obligations_csv(rec, (uint32_t)(rec->n_treaties - 1),
							       obl, obl_len,
							       t->files->obligation_files[f], err);
			free(obl);
		}
		if (rc == PACTA_OK)
			rc = load_stated(rec, dir, (uint32_t)(rec->n_treaties - 1), err);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return rc;
}

/* PACTA_INSTALL_DATA_DIR comes from meson.build (the install prefix). */
#ifndef PACTA_INSTALL_DATA_DIR
#define PACTA_INSTALL_DATA_DIR "/usr/local/share/pacta/data"
#endif

const char *pacta_data_dir(void)
{
	return PACTA_INSTALL_DATA_DIR;
}

pacta_rc pacta_record_load_dir(pacta_record *rec, const char *dir, pacta_error *err)
{
	pacta_error local;
	if (!err)
		err = &local; /* err may be NULL; the code below reads err->code */
	char path[4096];
	snprintf(path, sizeof(path), "%s/states.csv", dir);
	static const char *const states_req[] = {"iso3", "name", "depositary_name", "kind",
						 "source_url", NULL};
	static const char *const groups_req[] = {"group", "iso3", "source_url", NULL};
	static const char *const conflicts_req[] = {"state", "from", "to", "source_url", NULL};
	pacta_rc rc = load_rows(rec, path, "states.csv", states_req, state_row, err);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/groups.csv", dir);
	if ((rc = load_rows(rec, path, "groups.csv", groups_req, group_row, err)))
		return rc;
	snprintf(path, sizeof(path), "%s/armed-conflicts.csv", dir);
	if ((rc = load_rows(rec, path, "armed-conflicts.csv", conflicts_req, conflict_row,
			    err)))
		return rc;
	if ((rc = load_treaties(rec, dir, err)))
		return rc;
	return pacta_record_finish(rec, err);
}
