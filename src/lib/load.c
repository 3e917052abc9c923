/*
 * load.c - reads the bundled record (plain CSV files and rules files) into a
 * record. Every error names file:line and the column.
 *
 * Loading checks format only (columns, dates, known codes and actions);
 * the legal checks are in check.c.
 */
#include "array.h"
#include "csv.h"
#include "date_internal.h"
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

/* Opens a CSV held in data and reads its header, checking that every
 * column in required is present. owned (data, or NULL when the caller
 * keeps it) is taken over: freed by table_close. */
static pacta_rc table_open_data(table *t, const char *data, size_t len, char *owned,
				const char *name, const char *const *required, pacta_error *err)
{
	memset(t, 0, sizeof(*t));
	t->data = owned;
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

static pacta_rc table_open(table *t, char *data, size_t len, const char *name,
			   const char *const *required, pacta_error *err)
{
	return table_open_data(t, data, len, data, name, required, err);
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

static void where_at(char *buf, size_t size, const table *t, long line)
{
	snprintf(buf, size, "%s:%ld", t->name, line);
}

static void where_of(char *buf, size_t size, const table *t, const csv_row *row)
{
	where_at(buf, size, t, row->line);
}

/* The error of a bad value (shown up to its first 60 bytes) in column, on
 * the row starting at line. */
static pacta_rc bad_at(pacta_error *err, const table *t, long line, const char *column,
		       const char *value, const char *why)
{
	char where[300];
	where_at(where, sizeof(where), t, line);
	return pacta_error_set(err, PACTA_ERR_PARSE, where, "column '%s': %s ('%.60s')", column,
			       why, value);
}

static pacta_rc bad(pacta_error *err, const table *t, const csv_row *row, const char *column,
		    const char *value, const char *why)
{
	return bad_at(err, t, row->line, column, value, why);
}

static pacta_rc shape_at(pacta_error *err, const table *t, size_t n, long line)
{
	if (n != t->n_names) {
		char where[300];
		where_at(where, sizeof(where), t, line);
		return pacta_error_set(err, PACTA_ERR_PARSE, where,
				       "%zu fields, but the header has %zu", n, t->n_names);
	}
	return PACTA_OK;
}

static pacta_rc row_shape(pacta_error *err, const table *t, const csv_row *row)
{
	return shape_at(err, t, row->n, row->line);
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
static pacta_rc source_at(pacta_error *err, const table *t, long line, const char *url,
			  const char *need)
{
	char why[PACTA_URL_WHY_BUFSZ], text[PACTA_URL_WHY_BUFSZ + 40];
	if (!*url)
		return bad_at(err, t, line, "source_url", url, need);
	if (pacta_url_check(url, why, sizeof(why)))
		return PACTA_OK;
	snprintf(text, sizeof(text), "not a valid http(s) URL: %s", why);
	return bad_at(err, t, line, "source_url", url, text);
}

static pacta_rc source_of(pacta_error *err, const table *t, const csv_row *row, const char *url,
			  const char *need)
{
	return source_at(err, t, row->line, url, need);
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

/* The columns of an acts file, in the order act_row() reads them. */
enum act_column {
	AC_TREATY,
	AC_STATE,
	AC_ACTION,
	AC_DATE,
	AC_EFFECTIVE,
	AC_TARGET,
	AC_SOURCE_URL,
	AC_NOTE,
	AC_NOTIFICATION,
	AC_CIRCULATED,
	AC_TERRITORY,
	AC_TEXT,
	AC__COUNT
};

static const char *const act_column_names[AC__COUNT + 1] = {
	"treaty", "state",	  "action",	"date",	     "effective", "target", "source_url",
	"note",	  "notification", "circulated", "territory", "text",	  NULL
};

/* Writes "name:line" into buf, as where_at() does, without a printf per
 * row (an origin is written for every act of the record). */
static void origin_of(char *buf, size_t size, const table *t, size_t name_len, long line)
{
	char digits[24];
	size_t nd = 0, n = name_len;
	unsigned long l = line > 0 ? (unsigned long)line : 0;
	do
		digits[nd++] = (char)('0' + l % 10);
	while ((l /= 10) != 0);
	if (n + 1 + nd + 1 > size || line < 0) {
		where_at(buf, size, t, line);
		return;
	}
	memcpy(buf, t->name, n);
	buf[n++] = ':';
	while (nd)
		buf[n++] = digits[--nd];
	buf[n] = '\0';
}

#define ACTION_SLOTS 64 /* a power of two, well above PACTA_ACT__COUNT */
_Static_assert(PACTA_ACT__COUNT < ACTION_SLOTS / 2, "room for every action name");

/* The reading of one acts file: its columns, and what rows remember of
 * the rows before them. Rows are read as spans of the file
 * (csv_reader_next_spans) and turned into an act without copying the
 * fields the act does not keep as text. */
typedef struct acts_reading {
	const table *t;
	int col[AC__COUNT]; /* each column's index in a row, found once per file */
	size_t name_len;
	int32_t treaty; /* the treaty named by the caller, or -1 */
	pacta_day recorded;
	/* The last treaty id found, and its treaty: rows of a file come
	 * treaty by treaty. */
	char *last_id;
	size_t last_id_len, last_id_cap;
	uint32_t last_treaty;
	bool last_treaty_known;
	/* The record's copy of the last source checked (rows mostly repeat the
	 * source the row before gave), and its length. */
	const char *checked_url;
	size_t checked_url_len;
	/* State codes found, by their three bytes (tag: the bytes + 1 << 24),
	 * so that a row does not hash and compare a code already seen. */
	struct {
		uint32_t tag;
		uint32_t participant;
	} codes[256];
	/* The actions by their names, open addressing on action_slot(). */
	struct {
		const char *name;
		size_t len;
		pacta_action action;
	} actions[ACTION_SLOTS];
	/* The row's fields that the act keeps as text, as C strings: room
	 * for TEXT_FIELDS of them at their longest, touched only as far as
	 * the longest row's fields go. */
	char *text;
	/* The last row's origin, "name:line": the next line's is mostly one
	 * more, written by carrying digits rather than all again. */
	char origin[300];
	long origin_line; /* 0: none to carry from */
	size_t origin_len;
	/* The acts' own copies of their origins, packed one after another
	 * in blocks of the record's strings (a string each would cost an
	 * allocation and up to 7 bytes of padding an act): the room left in
	 * the current block, at origin_at. */
	char *origin_at;
	size_t origin_room;
	/* Months of the dates read, by their "YYYY-MM-" (DATE_MONTHS slots
	 * for date_parse_by_month(), or NULL: then every date is parsed
	 * whole). */
	date_month *months;
} acts_reading;

/* The fields an act keeps as text: source_url, note, notification,
 * territory, text. */
#define TEXT_FIELDS 5

static size_t action_slot(const char *name, size_t len)
{
	return (len * 31 + (unsigned char)name[0] * 7 + (unsigned char)name[len - 1]) &
	       (ACTION_SLOTS - 1);
}

static void actions_index(acts_reading *m)
{
	for (int i = 0; i < PACTA_ACT__COUNT; i++) {
		const char *name = pacta_action_name((pacta_action)i);
		size_t len = strlen(name), k = action_slot(name, len);
		while (m->actions[k].name)
			k = (k + 1) & (ACTION_SLOTS - 1);
		m->actions[k].name = name;
		m->actions[k].len = len;
		m->actions[k].action = (pacta_action)i;
	}
}

/* Whether a[0..n) and b[0..n) are equal: from 8 to 16 bytes (an action's
 * name, a treaty's id) by two words each, which may overlap, rather than
 * by a call. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t x, y, u, v;
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);
		memcpy(&v, b + n - 8, 8);
		return ((x ^ y) | (u ^ v)) == 0;
	}
	return memcmp(a, b, n) == 0;
}

/* The action named by a field (pacta_action_parse, without a C string). */
static bool action_span(const acts_reading *m, const csv_span *f, pacta_action *out)
{
	if (!f->len)
		return false;
	for (size_t k = action_slot(f->p, f->len); m->actions[k].name;
	     k = (k + 1) & (ACTION_SLOTS - 1)) {
		if (m->actions[k].len == f->len && same_bytes(m->actions[k].name, f->p, f->len)) {
			*out = m->actions[k].action;
			return true;
		}
	}
	return false;
}

/* The origin of the row at line: origin_of(), by a carry where it can. */
static const char *origin_next(acts_reading *m, long line)
{
	size_t first = m->name_len + 1, k = m->origin_len;
	if (m->origin_line > 0 && line == m->origin_line + 1) {
		while (k > first && m->origin[k - 1] == '9')
			m->origin[--k] = '0';
		if (k > first) {
			m->origin[k - 1]++;
			m->origin_line = line;
			return m->origin;
		}
	}
	origin_of(m->origin, sizeof(m->origin), m->t, m->name_len, line);
	/* A name too long for the buffer is cut: no digits to carry. */
	m->origin_line = first + 24 < sizeof(m->origin) ? line : 0;
	m->origin_len = strlen(m->origin);
	return m->origin;
}

#define ORIGIN_BLOCK 4096u /* well under the arena's block: little left unused at its end */

/* The record's copy of the row's origin (m->origin), for the act added
 * last; NULL when out of memory. */
static const char *origin_keep(pacta_record *rec, acts_reading *m)
{
	size_t n = m->origin_len + 1;
	if (n > m->origin_room) {
		pacta_record *root = rec->index->root ? rec->index->root : rec;
		size_t size = n > ORIGIN_BLOCK ? n : ORIGIN_BLOCK;
		char *block = arena_alloc(&root->index->strings, size);
		if (!block)
			return NULL;
		m->origin_at = block;
		m->origin_room = size;
	}
	char *copy = m->origin_at;
	memcpy(copy, m->origin, n);
	m->origin_at += n;
	m->origin_room -= n;
	return copy;
}

/* A field as an error shows it: its first 60 bytes, in buf. */
static const char *shown(const csv_span *f, char buf[61])
{
	size_t n = f->len < 60 ? f->len : 60;
	memcpy(buf, f->p, n);
	buf[n] = '\0';
	return buf;
}

static bool span_is(const csv_span *f, const char *s, size_t len)
{
	return f->len == len && same_bytes(f->p, s, len);
}

/* The participant of a state code field (pacta_record_participant_by_iso3). */
static pacta_rc code_span(const pacta_record *rec, acts_reading *m, long line, const char *column,
			  const csv_span *f, uint32_t *out, pacta_error *err)
{
	char buf[61];
	if (f->len != 3)
		return bad_at(err, m->t, line, column, shown(f, buf),
			      "unknown state code (not in states.csv)");
	const unsigned char *p = (const unsigned char *)f->p;
	uint32_t tag = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | 1u << 24;
	uint32_t slot = (tag * 2654435761u) >> 24;
	if (m->codes[slot].tag == tag) {
		*out = m->codes[slot].participant;
		return PACTA_OK;
	}
	int32_t idx = pacta_record_participant_by_iso3(rec, shown(f, buf));
	if (idx < 0)
		return bad_at(err, m->t, line, column, buf, "unknown state code (not in states.csv)");
	m->codes[slot].tag = tag;
	m->codes[slot].participant = (uint32_t)idx;
	*out = (uint32_t)idx;
	return PACTA_OK;
}

/* The treaty of a non-empty treaty field. */
static pacta_rc treaty_span(const pacta_record *rec, acts_reading *m, long line,
			    const csv_span *f, uint32_t *out, pacta_error *err)
{
	if (m->last_id && span_is(f, m->last_id, m->last_id_len)) {
		*out = m->last_treaty;
		return PACTA_OK;
	}
	if (f->len + 1 > m->last_id_cap) {
		size_t cap = f->len + 1 > 64 ? f->len + 1 : 64;
		char *id = realloc(m->last_id, cap);
		if (!id)
			return pacta_error_set(err, PACTA_ERR_NOMEM, m->t->name, "out of memory");
		m->last_id = id;
		m->last_id_cap = cap;
	}
	memcpy(m->last_id, f->p, f->len);
	m->last_id[f->len] = '\0';
	m->last_id_len = f->len;
	int32_t ti = record_treaty_after(rec, m->last_treaty_known ? (int32_t)m->last_treaty : -1,
					 m->last_id, f->len);
	if (ti < 0) {
		char buf[61];
		m->last_id_len = 0;
		m->last_id[0] = '\0';
		m->last_treaty_known = false;
		return bad_at(err, m->t, line, "treaty", shown(f, buf), "unknown treaty");
	}
	m->last_treaty = (uint32_t)ti;
	m->last_treaty_known = true;
	*out = (uint32_t)ti;
	return PACTA_OK;
}

/* A date field, as pacta_date_parse reads it: each month decided once
 * (date_parse_by_month()). */
static bool date_of(acts_reading *m, const csv_span *f, pacta_day *out)
{
	if (f->len != 10 || !m->months)
		return pacta_date_parse(f->p, f->len, out);
	return date_parse_by_month(m->months, f->p, out);
}

/* An optional date field: empty -> NONE. */
static bool date_span(acts_reading *m, const csv_span *f, pacta_day *out)
{
	if (!f->len) {
		*out = PACTA_DAY_NONE;
		return true;
	}
	return date_of(m, f, out);
}

/* A field as a C string: "" when empty, else a copy at m->text + *used
 * (which has room for every field an act keeps as text at their longest). */
static const char *text_of(acts_reading *m, const csv_span *f, size_t *used)
{
	if (!f->len)
		return "";
	char *s = m->text + *used;
	memcpy(s, f->p, f->len);
	s[f->len] = '\0';
	*used += f->len + 1;
	return s;
}

/* Whether url[0..len) is treaty's own source, which its rules' check
 * passed (rules_parse, rules_from_own). */
static bool is_treaty_source(const pacta_record *rec, uint32_t treaty, const char *url, size_t len)
{
	const char *own = rec->treaties[treaty].source_url;
	return own && strncmp(own, url, len) == 0 && own[len] == '\0';
}

/* One data row of an acts file into rec; errors name the row. The checks
 * come in the order of the columns' meaning, the first failing one is
 * the row's error. */
static pacta_rc act_row(pacta_record *rec, acts_reading *m, const csv_spans *row,
			pacta_error *err)
{
	const table *t = m->t;
	long line = row->line;
	char buf[61];
	pacta_rc rc;
	if ((rc = shape_at(err, t, row->n, line)))
		return rc;
	/* Every row has as many fields as the header, and a column absent
	 * from it is field n, empty (csv_spans). */
	const csv_span *fs = row->fields;
	const int *cl = m->col;
#define F(column) (fs + cl[column])
	pacta_act a;
	pacta_act_init(&a);
	/* The act gets its origin once added (origin_keep): "" costs
	 * pacta_record_add_act nothing. */
	a.origin = "";
	a.recorded = m->recorded;
	if (F(AC_TREATY)->len) {
		if ((rc = treaty_span(rec, m, line, F(AC_TREATY), &a.treaty, err)))
			return rc;
	} else if (m->treaty >= 0) {
		a.treaty = (uint32_t)m->treaty;
	} else {
		return bad_at(err, t, line, "treaty", "", "must not be empty");
	}
	if ((rc = code_span(rec, m, line, "state", F(AC_STATE), &a.participant, err)))
		return rc;
	if (!action_span(m, F(AC_ACTION), &a.action))
		return bad_at(err, t, line, "action", shown(F(AC_ACTION), buf),
			      "unknown action (see docs/record.md for the vocabulary)");
	if (!date_of(m, F(AC_DATE), &a.date))
		return bad_at(err, t, line, "date", shown(F(AC_DATE), buf),
			      "expected a real date YYYY-MM-DD");
	if (!date_span(m, F(AC_EFFECTIVE), &a.effective))
		return bad_at(err, t, line, "effective", shown(F(AC_EFFECTIVE), buf),
			      "expected a real date YYYY-MM-DD or empty");
	if (F(AC_TARGET)->len) {
		uint32_t tgt = 0;
		if ((rc = code_span(rec, m, line, "target", F(AC_TARGET), &tgt, err)))
			return rc;
		a.target = (int32_t)tgt;
	}
	size_t used = 0;
	/* Rows of a file mostly repeat the source the row before gave: it
	 * was checked then, and the record's copy serves; or they cite their
	 * treaty's page, which the treaty's own check passed. */
	const csv_span *url = F(AC_SOURCE_URL);
	if (m->checked_url && span_is(url, m->checked_url, m->checked_url_len)) {
		a.source_url = m->checked_url;
	} else {
		a.source_url = text_of(m, url, &used);
		if (!is_treaty_source(rec, a.treaty, a.source_url, url->len) &&
		    (rc = source_at(err, t, line, a.source_url,
				    "every act needs an http(s) source")))
			return rc;
	}
	a.note = text_of(m, F(AC_NOTE), &used);
	a.notification = text_of(m, F(AC_NOTIFICATION), &used);
	a.territory = text_of(m, F(AC_TERRITORY), &used);
	a.text = text_of(m, F(AC_TEXT), &used);
	if (!date_span(m, F(AC_CIRCULATED), &a.circulated))
		return bad_at(err, t, line, "circulated", shown(F(AC_CIRCULATED), buf),
			      "expected a real date YYYY-MM-DD or empty");
	/* A row with no notification, territory or circulation, of an act
	 * that names no territory, has nothing pacta_act_fields_ok() refuses:
	 * most rows. */
	const char *which;
	char why[160];
	if ((*a.notification || *a.territory || a.circulated != PACTA_DAY_NONE ||
	     a.action == PACTA_ACT_TERRITORIAL_APPLICATION ||
	     a.action == PACTA_ACT_TERRITORIAL_EXCLUSION) &&
	    !pacta_act_fields_ok(&a, &which, why, sizeof(why))) {
		int c = col(t, which);
		return bad_at(err, t, line, which, shown(fs + (c >= 0 ? (size_t)c : row->n), buf),
			      why);
	}
	if ((rc = pacta_record_add_act(rec, &a, err)) != PACTA_OK)
		return rc;
	pacta_act *added = &rec->acts[rec->n_acts - 1];
	origin_next(m, line);
	if (!(added->origin = origin_keep(rec, m))) {
		rec->n_acts--;
		return pacta_error_set(err, PACTA_ERR_NOMEM, m->origin, "out of memory");
	}
	m->checked_url = added->source_url;
	m->checked_url_len = url->len;
	return PACTA_OK;
#undef F
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

/* From this size on an acts file's rows are counted ahead (its lines). */
#define ACTS_EXPECT_BYTES ((size_t)4 << 20)

/* The lines of data[0..len) after its first, the last one counted
 * whether or not a newline ends it. */
static size_t lines_after_header(const char *data, size_t len)
{
	size_t lines = 0;
	const char *p = data, *end = data + len;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lines++;
		p++;
	}
	if (len && data[len - 1] != '\n')
		lines++;
	return lines ? lines - 1 : 0;
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
	/* The reader never writes to data, and the record copies what it
	 * keeps: the rows are read in the caller's buffer. */
	size_t acts_before = rec->n_acts, bad_rows = 0;
	bool finished_before = rec->index->finished;
	table t;
	acts_reading m;
	memset(&m, 0, sizeof(m));
	pacta_rc rc = table_open_data(&t, data, len, NULL, name, req, err);
	if (rc)
		goto out;
	if (treaty < 0 && col(&t, "treaty") < 0) {
		rc = pacta_error_set(err, PACTA_ERR_PARSE, name,
				     "missing column 'treaty' (or name the treaty)");
		goto out;
	}
	for (size_t i = 0; i < t.n_names; i++) {
		bool ok = false;
		for (const char *const *k = act_column_names; *k; k++)
			ok |= strcmp(*k, t.names[i]) == 0;
		if (!ok) {
			rc = pacta_error_set(err, PACTA_ERR_PARSE, name,
					     "unknown column '%.60s' in the header", t.names[i]);
			goto out;
		}
	}
	csv_spans row;
	int r;
	m.t = &t;
	for (int i = 0; i < AC__COUNT; i++) {
		m.col[i] = col(&t, act_column_names[i]);
		if (m.col[i] < 0) /* read as the empty field after a row's last */
			m.col[i] = (int)t.n_names;
	}
	m.name_len = strlen(name);
	m.treaty = treaty;
	m.recorded = recorded;
	actions_index(&m);
	m.months = calloc(DATE_MONTHS, sizeof(*m.months)); /* NULL: dates parsed whole */
	if (!(m.text = malloc(TEXT_FIELDS * (CSV_MAX_FIELD + 1)))) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, name, "out of memory");
		goto out;
	}
	/* A large file: room for its rows at once, and the act array faulted
	 * in ahead of them on another core (pacta_record_expect()). Its
	 * lines after the header are never fewer than its rows. A hint only:
	 * a record that refuses it (a shared version) loads as before. */
	if (len >= ACTS_EXPECT_BYTES && pacta_record_expect(rec, 0, lines_after_header(data, len),
							   NULL) != PACTA_OK) {
		/* refused: the array grows as the rows come */
	}
	while ((r = csv_reader_next_spans(t.reader, &row, err)) > 0) {
		pacta_error row_err;
		rc = act_row(rec, &m, &row, &row_err);
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
	free(m.last_id);
	free(m.text);
	free(m.months);
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
	const pacta_rules *r = rec->treaties[t].rules;
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
