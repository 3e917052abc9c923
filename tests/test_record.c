/*
 * test_record.c - the record: naming a participant (codes, names,
 * depositary names, aliases, prefixes, and the refusals); loading an acts
 * CSV, each format error with its exact file:line, and all or nothing;
 * loading a data directory whose files are broken; group membership on a
 * day.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "bigalloc.h"
#include "csv.h"
#include "fixture.h"
#include "record_internal.h"

/* The fixture plus a few participants with real-world naming quirks. */
static void open_names(struct fx *f)
{
	fx_open(f, NULL);
	fx_add_state(f, "BHS", "BS", "Bahamas", "Bahamas (The)",
		     "Commonwealth of The Bahamas|The Bahamas");
	fx_add_state(f, "NER", "NE", "Niger", "Niger", "Republic of the Niger");
	fx_add_state(f, "NGA", "NG", "Nigeria", "Nigeria", "Federal Republic of Nigeria");
	fx_add_state(f, "NAM", "NA", "Namibia", "Namibia", "");
	fx_finish(f);
}

static void expect_resolves(const struct fx *f, const char *query, const char *iso3)
{
	uint32_t p = UINT32_MAX;
	pacta_error err;

	memset(&err, 0, sizeof(err));
	if (pacta_record_resolve_participant(f->rec, query, &p, &err) != PACTA_OK)
		fail_msg("'%s': %s", query, err.message);
	assert_int_equal(p, fx_p(f, iso3));
}

static void expect_unresolved(const struct fx *f, const char *query, pacta_rc code,
			      const char *message)
{
	uint32_t p = 12345;
	pacta_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_resolve_participant(f->rec, query, &p, &err), code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.message, message);
	assert_int_equal(p, 12345);
}

static void test_resolve(void **state)
{
	struct fx f;

	(void)state;
	open_names(&f);
	/* ISO alpha-3 in any case. */
	expect_resolves(&f, "SYL", "SYL");
	expect_resolves(&f, "syl", "SYL");
	expect_resolves(&f, "sYl", "SYL");
	expect_resolves(&f, "BHS", "BHS");
	/* Alpha-2, including Namibia's "NA". */
	expect_resolves(&f, "sy", "SYL");
	expect_resolves(&f, "NA", "NAM");
	expect_resolves(&f, "na", "NAM");
	/* Name, depositary name, alias: whole and case-insensitive. */
	expect_resolves(&f, "Syldavia", "SYL");
	expect_resolves(&f, "SYLDAVIA", "SYL");
	expect_resolves(&f, "Bahamas (The)", "BHS");
	expect_resolves(&f, "bahamas (the)", "BHS");
	expect_resolves(&f, "Syldavia (Kingdom of)", "SYL");
	expect_resolves(&f, "the bahamas", "BHS");
	expect_resolves(&f, "Commonwealth of The Bahamas", "BHS");
	expect_resolves(&f, "Syldavian Kingdom", "SYL");
	expect_resolves(&f, "kingdom of ruritania", "RUR");
	/* An exact name wins over a longer name it begins. */
	expect_resolves(&f, "Niger", "NER");
	/* A unique prefix of a name. */
	expect_resolves(&f, "Molv", "MOL");
	expect_resolves(&f, "bah", "BHS");
	expect_resolves(&f, "Nigeri", "NGA");
	/* A word inside a name or depositary name. */
	expect_resolves(&f, "davia", "SYL");
	fx_close(&f);
}

static void test_resolve_refusals(void **state)
{
	struct fx f;

	(void)state;
	open_names(&f);
	expect_unresolved(&f, "Nige", PACTA_ERR_AMBIGUOUS,
			  "'Nige' is ambiguous: Niger (NER), Nigeria (NGA)");
	expect_unresolved(&f, "Atlantis", PACTA_ERR_NOTFOUND,
			  "no state or participant called 'Atlantis' (try an ISO code such as"
			  " LVA, or 'pacta states')");
	/* Prefixes need three letters; an alias is matched whole. */
	expect_unresolved(&f, "Ba", PACTA_ERR_NOTFOUND,
			  "no state or participant called 'Ba' (try an ISO code such as LVA, or"
			  " 'pacta states')");
	expect_unresolved(&f, "Syldavian", PACTA_ERR_NOTFOUND,
			  "no state or participant called 'Syldavian' (try an ISO code such as"
			  " LVA, or 'pacta states')");
	expect_unresolved(&f, "", PACTA_ERR_NOTFOUND,
			  "no state or participant called '' (try an ISO code such as LVA, or"
			  " 'pacta states')");
	fx_close(&f);
}

#define HEADER "state,action,date,effective,target,source_url,note\n"
#define SRC "https://example.org/a"

/* Loads data as "t.csv" into a finished fixture record; on failure the
 * error must be code at where with message, and the record unchanged. */
static void expect_load_error(int32_t treaty, const char *data, pacta_rc code,
			      const char *where, const char *message)
{
	struct fx f;
	pacta_error err;
	size_t n_before, first, last;

	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	n_before = f.rec->n_acts;
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_load_acts_csv(f.rec, treaty, data, strlen(data), "t.csv",
						    PACTA_DAY_NONE, &err), code);
	assert_string_equal(err.where, where);
	assert_string_equal(err.message, message);
	assert_int_equal(f.rec->n_acts, n_before);
	/* Still finished and indexed as before. */
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "ARC"), &first, &last);
	assert_int_equal(last - first, 2);
	pacta_record_acts_of_treaty(f.rec, 0, &first, &last);
	assert_int_equal(last - first, n_before);
	fx_close(&f);
}

static void test_load_acts_csv(void **state)
{
	static const char data[] =
		"note,source_url,target,effective,date,action,state\n"
		"\"a note, with a comma\",https://example.org/1,,,2025-06-27,withdrawal,LAT\n"
		",https://example.org/2,,2011-07-09,2011-11-11,succession,TOM\n"
		",http://example.org/3,WAD,,2025-10-17,objection,ARC\n";
	struct fx f;
	pacta_error err;
	const pacta_act *a;
	size_t first, last;

	(void)state;
	fx_open(&f, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, data, sizeof(data) - 1, "t.csv",
						    fx_day("2026-01-02"), &err), PACTA_OK);
	assert_int_equal(f.rec->n_acts, 3);
	fx_finish(&f);
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "LAT"), &first, &last);
	assert_int_equal(last - first, 1);
	a = &f.rec->acts[first];
	assert_int_equal(a->action, PACTA_ACT_WITHDRAWAL);
	assert_day(a->date, "2025-06-27");
	assert_true(a->effective == PACTA_DAY_NONE);
	assert_int_equal(a->target, -1);
	assert_int_equal(a->treaty, 0);
	assert_int_equal(a->id, 0);
	assert_string_equal(a->source_url, "https://example.org/1");
	assert_string_equal(a->note, "a note, with a comma");
	assert_string_equal(a->origin, "t.csv:2");
	assert_day(a->recorded, "2026-01-02");
	a = &f.rec->acts[fx_find_act(&f, "TOM", "succession", "2011-11-11")];
	assert_day(a->effective, "2011-07-09");
	assert_string_equal(a->origin, "t.csv:3");
	assert_string_equal(a->note, "");
	a = &f.rec->acts[fx_find_act(&f, "ARC", "objection", "2025-10-17")];
	assert_int_equal(a->target, (int32_t)fx_p(&f, "WAD"));
	assert_string_equal(a->origin, "t.csv:4");
	fx_close(&f);
}

/* Rows enough to fill several of the blocks the acts' origins are packed
 * in, and a row whose text fields are each as long as a field may be (a
 * quoted one with "" in it): every act keeps its own origin and text. */
static void test_load_acts_csv_many_and_longest(void **state)
{
	enum { ROWS = 3000 };
	size_t cap = ROWS * 80 + 3 * CSV_MAX_FIELD + 256, n = 0;
	char *data = malloc(cap);
	struct fx f;
	pacta_error err;

	(void)state;
	assert_non_null(data);
	n += (size_t)snprintf(data + n, cap - n, "state,action,date,source_url,note,text\n");
	for (int i = 0; i < ROWS; i++)
		n += (size_t)snprintf(
			data + n, cap - n,
			"ARC,communication,2001-01-%02d,https://example.org/%d,n%d,\n", i % 28 + 1,
			i % 3, i);
	n += (size_t)snprintf(data + n, cap - n, "ARC,communication,2002-02-02," SRC ",");
	memset(data + n, 'n', CSV_MAX_FIELD);
	n += CSV_MAX_FIELD;
	data[n++] = ',';
	data[n++] = '"';
	memcpy(data + n, "\"\"", 2);
	memset(data + n + 2, 't', CSV_MAX_FIELD - 1);
	n += CSV_MAX_FIELD + 1;
	n += (size_t)snprintf(data + n, cap - n,
			      "\"\nARC,communication,2002-02-03," SRC ",last,\n");
	fx_open(&f, NULL);
	assert_int_equal(
		pacta_record_load_acts_csv(f.rec, 0, data, n, "t.csv", PACTA_DAY_NONE, &err),
		PACTA_OK);
	assert_int_equal(f.rec->n_acts, ROWS + 2);
	for (int i = 0; i < ROWS; i++) {
		char want[32];
		snprintf(want, sizeof(want), "t.csv:%d", i + 2);
		assert_string_equal(f.rec->acts[i].origin, want);
		snprintf(want, sizeof(want), "n%d", i);
		assert_string_equal(f.rec->acts[i].note, want);
		snprintf(want, sizeof(want), "https://example.org/%d", i % 3);
		assert_string_equal(f.rec->acts[i].source_url, want);
	}
	const pacta_act *a = &f.rec->acts[ROWS];
	assert_string_equal(a->origin, "t.csv:3002");
	assert_int_equal(strlen(a->note), CSV_MAX_FIELD);
	assert_int_equal(strlen(a->text), CSV_MAX_FIELD);
	assert_int_equal(a->text[0], '"');
	assert_int_equal(a->text[CSV_MAX_FIELD - 1], 't');
	assert_string_equal(a[1].origin, "t.csv:3003");
	assert_string_equal(a[1].note, "last");
	assert_string_equal(a[1].text, "");
	fx_close(&f);
	free(data);
}

static void test_load_acts_csv_errors(void **state)
{
	(void)state;
	expect_load_error(0, HEADER "XXX,signature,1998-01-01,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:2", "column 'state': unknown state code (not in states.csv) ('XXX')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,," SRC ",\n"
			  "Arcadia,signature,1998-01-01,,," SRC ",\n", PACTA_ERR_PARSE, "t.csv:3",
			  "column 'state': unknown state code (not in states.csv) ('Arcadia')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,," SRC ",\n"
			  "ARC,ratify,1998-02-01,,," SRC ",\n", PACTA_ERR_PARSE, "t.csv:3",
			  "column 'action': unknown action (see docs/record.md for the vocabulary)"
			  " ('ratify')");
	/* A name that is an action's in its first eight bytes, its last byte
	 * and its length, not in between. */
	expect_load_error(0, HEADER "ARC,ratificatiXn,1998-01-01,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:2",
			  "column 'action': unknown action (see docs/record.md for the"
			  " vocabulary) ('ratificatiXn')");
	expect_load_error(0, HEADER "ARC,Signature,1998-01-01,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:2", "column 'action': unknown action (see docs/record.md for the"
			  " vocabulary) ('Signature')");
	expect_load_error(0, HEADER "ARC,signature,2023-02-30,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:2", "column 'date': expected a real date YYYY-MM-DD ('2023-02-30')");
	expect_load_error(0, HEADER "ARC,signature,,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:2", "column 'date': expected a real date YYYY-MM-DD ('')");
	expect_load_error(0, HEADER "TOM,succession,2011-11-11,2011-7-9,," SRC ",\n",
			  PACTA_ERR_PARSE, "t.csv:2",
			  "column 'effective': expected a real date YYYY-MM-DD or empty ('2011-7-9')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,,,\n", PACTA_ERR_PARSE, "t.csv:2",
			  "column 'source_url': every act needs an http(s) source ('')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,,ftp://example.org/a,\n",
			  PACTA_ERR_PARSE, "t.csv:2",
			  "column 'source_url': not a valid http(s) URL: it does not start with http:// or https://"
			  " ('ftp://example.org/a')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,,https://example.org/<script>,\n",
			  PACTA_ERR_PARSE, "t.csv:2",
			  "column 'source_url': not a valid http(s) URL: '<' at character 21 is not"
			  " allowed in the path (write it as %3C) ('https://example.org/<script>')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,,\"https://example.org/a b\",\n",
			  PACTA_ERR_PARSE, "t.csv:2",
			  "column 'source_url': not a valid http(s) URL: a space at character 22"
			  " (write it as %20) ('https://example.org/a b')");
	expect_load_error(0, HEADER "ARC,objection,2025-10-17,,XYZ," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:2",
			  "column 'target': unknown state code (not in states.csv) ('XYZ')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01\n", PACTA_ERR_PARSE, "t.csv:2",
			  "3 fields, but the header has 7");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,," SRC ",,extra\n",
			  PACTA_ERR_PARSE, "t.csv:2", "8 fields, but the header has 7");
	/* A column the file lacks reads as empty, in the checks and in the
	 * error: here the territory a territorial act names. */
	expect_load_error(0, HEADER "ARC,territorial_application,1998-01-01,,," SRC ",\n",
			  PACTA_ERR_PARSE, "t.csv:2",
			  "column 'territory': a territorial_application names its territory"
			  " (ISO 3166-1 alpha-3 where it has one) ('')");
	/* A source is taken as checked only when it is the treaty's own page
	 * ("https://example.org/mini") or the row before's, exactly: what
	 * begins like one, or is one of them less its end, is checked. */
	expect_load_error(0,
			  HEADER "ARC,signature,1998-01-01,,,https://example.org/mini,\n"
				 "ARC,ratification,1998-02-01,,,https://example.org/mini<,\n",
			  PACTA_ERR_PARSE, "t.csv:3",
			  "column 'source_url': not a valid http(s) URL: '<' at character 25 is not"
			  " allowed in the path (write it as %3C) ('https://example.org/mini<')");
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,,https://example.org/min<,\n",
			  PACTA_ERR_PARSE, "t.csv:2",
			  "column 'source_url': not a valid http(s) URL: '<' at character 24 is not"
			  " allowed in the path (write it as %3C) ('https://example.org/min<')");
	expect_load_error(0,
			  HEADER "ARC,signature,1998-01-01,,,https://example.org/mini,\n"
				 "ARC,ratification,1998-02-01,,,https:,\n",
			  PACTA_ERR_PARSE, "t.csv:3",
			  "column 'source_url': not a valid http(s) URL: it does not start with"
			  " http:// or https:// ('https:')");
	/* A quoted note spanning two lines: the next record starts on line 4. */
	expect_load_error(0, HEADER "ARC,signature,1998-01-01,,," SRC ",\"two\nlines\"\n"
			  "ARC,ratification,1998-13-01,,," SRC ",\n", PACTA_ERR_PARSE, "t.csv:4",
			  "column 'date': expected a real date YYYY-MM-DD ('1998-13-01')");
}

static void test_load_acts_csv_header_errors(void **state)
{
	(void)state;
	expect_load_error(0, "state,action,effective,target,source_url,note\n", PACTA_ERR_PARSE,
			  "t.csv", "missing column 'date' in the header");
	expect_load_error(0, "state,action,date,note\nARC,signature,1998-01-01,\n",
			  PACTA_ERR_PARSE, "t.csv", "missing column 'source_url' in the header");
	expect_load_error(0, "state,action,date,source_url,colour\n", PACTA_ERR_PARSE, "t.csv",
			  "unknown column 'colour' in the header");
	expect_load_error(0, "", PACTA_ERR_PARSE, "t.csv", "empty file: expected a header row");
	/* No default treaty: a treaty column is needed, and each row needs a
	 * known treaty. */
	expect_load_error(-1, HEADER "ARC,signature,1998-01-01,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv", "missing column 'treaty' (or name the treaty)");
	expect_load_error(-1, "treaty," HEADER "mini,ARC,signature,1998-01-01,,," SRC ",\n"
			  "nope,ARC,ratification,1998-07-01,,," SRC ",\n", PACTA_ERR_PARSE,
			  "t.csv:3", "column 'treaty': unknown treaty ('nope')");
	expect_load_error(0, "treaty," HEADER "nope,ARC,signature,1998-01-01,,," SRC ",\n",
			  PACTA_ERR_PARSE, "t.csv:2", "column 'treaty': unknown treaty ('nope')");
	expect_load_error(-1, "treaty," HEADER ",ARC,signature,1998-01-01,,," SRC ",\n",
			  PACTA_ERR_PARSE, "t.csv:2", "column 'treaty': must not be empty ('')");
}

/* Two good rows, then a bad third: none of the three is added. */
static void test_load_acts_csv_all_or_nothing(void **state)
{
	static const char data[] = HEADER
		"GEN,signature,1997-12-05,,," SRC ",\n"
		"GEN,ratification,1998-11-13,,," SRC ",\n"
		"GEN,provisional_application,1998-11-31,,," SRC ",\n";
	struct fx f;
	pacta_error err;
	size_t n, first, last;

	(void)state;
	expect_load_error(0, data, PACTA_ERR_PARSE, "t.csv:4",
			  "column 'date': expected a real date YYYY-MM-DD ('1998-11-31')");
	/* The same, and then the caller goes on with the record. */
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	n = f.rec->n_acts;
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, data, sizeof(data) - 1, "t.csv",
						    PACTA_DAY_NONE, &err), PACTA_ERR_PARSE);
	assert_int_equal(f.rec->n_acts, n);
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "GEN"), &first, &last);
	assert_int_equal(last, first);
	fx_finish(&f);
	assert_int_equal(pacta_status_count(f.ts, fx_day("2000-01-01")).parties, 4);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("2000-01-01"), NULL),
			 PACTA_STATUS_NONE);
	fx_close(&f);
}

/* Every bad row, each with its line and why, up to the limit, then a
 * count; nothing added. */
static void test_load_acts_csv_all(void **state)
{
	static const char data[] = HEADER
		"GEN,signature,1997-12-05,,," SRC ",\n"
		"XYZ,ratification,1998-11-13,,," SRC ",\n"
		"GEN,rejoin,1998-11-13,,," SRC ",\n"
		"GEN,accession,1998-11-31,,," SRC ",\n";
	struct fx f;
	pacta_error err;
	pacta_diags problems = { 0 };
	size_t n;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	n = f.rec->n_acts;
	assert_int_equal(pacta_record_load_acts_csv_all(f.rec, 0, data, sizeof(data) - 1, "t.csv",
							PACTA_DAY_NONE, NULL, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_record_load_acts_csv_all(f.rec, 0, data, sizeof(data) - 1, "t.csv",
							PACTA_DAY_NONE, &problems, &err),
			 PACTA_ERR_PARSE);
	assert_string_equal(err.message, "3 bad rows");
	assert_int_equal(f.rec->n_acts, n);
	assert_int_equal(problems.n, 3);
	assert_string_equal(problems.items[0].where, "t.csv:3");
	assert_non_null(strstr(problems.items[0].message, "column 'state'"));
	assert_string_equal(problems.items[1].where, "t.csv:4");
	assert_non_null(strstr(problems.items[1].message, "column 'action'"));
	assert_string_equal(problems.items[2].where, "t.csv:5");
	assert_non_null(strstr(problems.items[2].message, "column 'date'"));
	pacta_diags_free(&problems);

	/* Past the limit: the rest are counted in one last problem. */
	size_t bad = PACTA_IMPORT_MAX_ROW_PROBLEMS + 5, len = 0;
	char *many = malloc(sizeof(HEADER) + bad * 100);
	assert_non_null(many);
	len = (size_t)snprintf(many, sizeof(HEADER), "%s", HEADER);
	for (size_t k = 0; k < bad; k++)
		len += (size_t)snprintf(many + len, 100, "XYZ,signature,1997-12-05,,," SRC ",\n");
	assert_int_equal(pacta_record_load_acts_csv_all(f.rec, 0, many, len, "m.csv", PACTA_DAY_NONE,
							&problems, &err),
			 PACTA_ERR_PARSE);
	assert_int_equal(problems.n, PACTA_IMPORT_MAX_ROW_PROBLEMS + 1);
	assert_string_equal(problems.items[problems.n - 1].message, "and 5 more bad rows");
	assert_int_equal(f.rec->n_acts, n);
	pacta_diags_free(&problems);
	free(many);
	fx_close(&f);
}

/* What the rows of an acts file remember of the rows before them gives
 * what each row alone would: a treaty named as the row before named it, a
 * state code seen before (in either case), every action by its name, and
 * the origin counted on across 9 to 10 and 99 to 101 and past a quoted line
 * break; a treaty not found is not remembered, so each row naming it is
 * an error of its own, and the next row with a known one is read. */
/* A large acts file makes room for its rows at once, counted from its
 * lines (the last one without a newline too): the act array is then as
 * large as the rows, where growing row by row leaves it a power of two. */
static void test_load_acts_csv_large_expects(void **state)
{
	struct fx f;
	pacta_error err;
	size_t rows = 90000, cap = 64 + rows * 80, n = 0;
	char *data = malloc(cap);

	(void)state;
	assert_non_null(data);
	fx_open(&f, NULL);
	n += (size_t)snprintf(data + n, cap - n, "state,action,date,note,source_url\n");
	for (size_t i = 0; i < rows; i++)
		n += (size_t)snprintf(data + n, cap - n, "ARC,declaration,2001-01-%02zu,n %zu," SRC "%s",
				      i % 28 + 1, i, i + 1 < rows ? "\n" : "");
	assert_true(n >= ((size_t)4 << 20));
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, data, n, "big.csv", PACTA_DAY_NONE,
						    &err),
			 PACTA_OK);
	assert_int_equal(f.rec->n_acts, rows);
	assert_int_equal(f.rec->index->cap_acts, rows);
	assert_string_equal(f.rec->acts[rows - 1].note, "n 89999");
	fx_finish(&f);
	assert_null(f.rec->index->warmer);
	free(data);
	fx_close(&f);
}

static void test_load_acts_csv_rows_remember(void **state)
{
	struct fx f;
	pacta_error err;
	pacta_diags problems = { 0 };
	char base[4096], json[4096], origin[32];
	size_t cap = 16384, n = 0;
	char *data = malloc(cap);
	long line = 2;

	(void)state;
	assert_non_null(data);
	fx_open(&f, NULL);
	fx_rules_text(base, sizeof(base), NULL);
	fx_replace(base, "\"id\": \"mini\"", "\"id\": \"t-1\"", json, sizeof(json));
	assert_int_equal(pacta_record_add_treaty(f.rec, json, strlen(json), "t.json", &err),
			 PACTA_OK);
	n += (size_t)snprintf(data + n, cap - n, "treaty,state,action,date,territory,note,source_url\n");
	for (int i = 0; i < PACTA_ACT__COUNT; i++) {
		bool territorial = i == PACTA_ACT_TERRITORIAL_APPLICATION ||
				   i == PACTA_ACT_TERRITORIAL_EXCLUSION;
		n += (size_t)snprintf(data + n, cap - n, "%s,%s,%s,2001-%02d-%02d,%s,%s," SRC "\n",
				      (i / 2) % 2 ? (i % 8 < 4 ? "T-1" : "t-1") : "mini",
				      i % 3 ? "ARC" : "arc",
				      pacta_action_name((pacta_action)i), i % 12 + 1, i + 1,
				      territorial ? "FLK" : "", i == 5 ? "\"two\nlines\"" : "");
	}
	/* Rows on to line 101. */
	while (n < cap - 100 && line + PACTA_ACT__COUNT < 101) {
		n += (size_t)snprintf(data + n, cap - n, "mini,BOR,signature,2002-01-01,,," SRC "\n");
		line++;
	}
	assert_int_equal(pacta_record_load_acts_csv(f.rec, -1, data, n, "t.csv", PACTA_DAY_NONE, &err),
			 PACTA_OK);
	assert_int_equal(f.rec->n_acts, (size_t)PACTA_ACT__COUNT + (size_t)(line - 2));
	for (int i = 0; i < PACTA_ACT__COUNT; i++) {
		const pacta_act *a = &f.rec->acts[i];
		char date[16];

		assert_int_equal(a->action, i);
		assert_int_equal(a->treaty, (i / 2) % 2 ? 1 : 0);
		assert_int_equal(a->participant, fx_p(&f, "ARC"));
		snprintf(date, sizeof(date), "2001-%02d-%02d", i % 12 + 1, i + 1);
		assert_day(a->date, date);
		snprintf(origin, sizeof(origin), "t.csv:%d", i + 2 + (i > 5));
		assert_string_equal(a->origin, origin);
	}
	for (size_t k = PACTA_ACT__COUNT; k < f.rec->n_acts; k++) {
		snprintf(origin, sizeof(origin), "t.csv:%zu", k + 3);
		assert_string_equal(f.rec->acts[k].origin, origin);
		assert_int_equal(f.rec->acts[k].participant, fx_p(&f, "BOR"));
	}
	assert_string_equal(f.rec->acts[f.rec->n_acts - 1].origin, "t.csv:101");

	/* The treaty after the last one is tried first: taken only when its
	 * id is the field's, else the id table answers (a case apart, a
	 * treaty before). */
	static const char order[] = "treaty,state,action,date,source_url\n"
				    "T-1,ARC,signature,1998-01-01," SRC "\n"
				    "mini,ARC,signature,1998-01-02," SRC "\n"
				    "t-1,ARC,signature,1998-01-03," SRC "\n"
				    "MINI,ARC,signature,1998-01-04," SRC "\n";
	size_t before = f.rec->n_acts;
	assert_int_equal(pacta_record_load_acts_csv(f.rec, -1, order, sizeof(order) - 1, "o.csv",
						    PACTA_DAY_NONE, &err),
			 PACTA_OK);
	assert_int_equal(f.rec->n_acts, before + 4);
	assert_int_equal(f.rec->acts[before].treaty, 1);
	assert_int_equal(f.rec->acts[before + 1].treaty, 0);
	assert_int_equal(f.rec->acts[before + 2].treaty, 1);
	assert_int_equal(f.rec->acts[before + 3].treaty, 0);

	static const char bad[] = "treaty,state,action,date,source_url\n"
				  "mini,ARC,signature,1998-01-01," SRC "\n"
				  "nosuch,ARC,signature,1998-01-02," SRC "\n"
				  "nosuch,ARC,signature,1998-01-03," SRC "\n"
				  "mini,ARC,signature,1998-01-04," SRC "\n"
				  "mini,ARX,signature,1998-01-05," SRC "\n"
				  "mini,ARX,signature,1998-01-06," SRC "\n";
	assert_int_equal(pacta_record_load_acts_csv_all(f.rec, -1, bad, sizeof(bad) - 1, "b.csv",
							PACTA_DAY_NONE, &problems, &err),
			 PACTA_ERR_PARSE);
	assert_string_equal(err.message, "4 bad rows");
	assert_int_equal(problems.n, 4);
	assert_string_equal(problems.items[0].where, "b.csv:3");
	assert_string_equal(problems.items[0].message, "column 'treaty': unknown treaty ('nosuch')");
	assert_string_equal(problems.items[1].where, "b.csv:4");
	assert_string_equal(problems.items[1].message, "column 'treaty': unknown treaty ('nosuch')");
	assert_string_equal(problems.items[3].where, "b.csv:7");
	assert_string_equal(problems.items[3].message,
			    "column 'state': unknown state code (not in states.csv) ('ARX')");
	pacta_diags_free(&problems);
	free(data);
	fx_close(&f);
}

/* A date of an acts file is what pacta_date_parse makes of it, whether its
 * month was seen on a row before or not: every day of some months around
 * the edges (leap years, day 00 and 32, month 00 and 13, years 0000 and
 * 9999, a letter or a space for a digit). */
static void test_load_acts_csv_dates(void **state)
{
	static const char *const years[] = {"1900", "2000", "2001", "2004", "2100", "0000", "0001",
					    "9999", "20x1"};
	static const char *const months[] = {"00", "01", "02", "04", "12", "13", "1 "};
	static const char *const days[] = {"00", "01", "09", "10", "28", "29", "30", "31", "32",
					   "3x", "x1", " 1", "99"};
	struct fx f;
	pacta_error err;
	char date[16], data[512];

	(void)state;
	fx_open(&f, NULL);
	for (size_t y = 0; y < sizeof(years) / sizeof(years[0]); y++)
		for (size_t mo = 0; mo < sizeof(months) / sizeof(months[0]); mo++)
			for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
				pacta_day want = 0;
				snprintf(date, sizeof(date), "%s-%s-%s", years[y], months[mo], days[d]);
				bool ok = pacta_date_parse(date, strlen(date), &want);
				for (int warm = 0; warm < 2; warm++) {
					/* warm: a row of the month's first day before. */
					char first[16];
					snprintf(first, sizeof(first), "%.8s01", date);
					size_t n = (size_t)snprintf(
						data, sizeof(data),
						"state,action,date,effective,source_url\n%s%s%s"
						"ARC,signature,%s,%s," SRC "\n",
						warm ? "ARC,signature," : "", warm ? first : "",
						warm ? ",," SRC "\n" : "", date, date);
					size_t before = f.rec->n_acts;
					bool warm_ok = !warm || pacta_date_parse(first, 10, NULL);
					pacta_rc rc = pacta_record_load_acts_csv(f.rec, 0, data, n, "t.csv",
										 PACTA_DAY_NONE, &err);
					if (!warm_ok) {
						assert_int_equal(rc, PACTA_ERR_PARSE);
						continue;
					}
					if (!ok) {
						assert_int_equal(rc, PACTA_ERR_PARSE);
						assert_non_null(strstr(err.message, "column 'date'"));
						assert_int_equal(f.rec->n_acts, before);
						continue;
					}
					assert_int_equal(rc, PACTA_OK);
					assert_int_equal(f.rec->acts[f.rec->n_acts - 1].date, want);
					assert_int_equal(f.rec->acts[f.rec->n_acts - 1].effective, want);
				}
			}
	fx_close(&f);
}

/* A temporary data directory; files are written with put(). */
struct tmpdir {
	char path[512];
	char files[8][600];
	char dirs[4][600];
	size_t n_files, n_dirs;
};

static void tmp_open(struct tmpdir *t)
{
	const char *base = getenv("TMPDIR");

	memset(t, 0, sizeof(*t));
	snprintf(t->path, sizeof(t->path), "%s/pacta-test-XXXXXX", base && *base ? base : "/tmp");
	assert_non_null(mkdtemp(t->path));
}

static void tmp_mkdir(struct tmpdir *t, const char *rel)
{
	char base[sizeof(t->path)];

	assert_true(t->n_dirs < 4);
	memcpy(base, t->path, sizeof(base));
	snprintf(t->dirs[t->n_dirs], sizeof(t->dirs[0]), "%s/%s", base, rel);
	assert_int_equal(mkdir(t->dirs[t->n_dirs], 0700), 0);
	t->n_dirs++;
}

static void tmp_put(struct tmpdir *t, const char *rel, const char *text)
{
	char base[sizeof(t->path)];
	FILE *fp;

	assert_true(t->n_files < 8);
	memcpy(base, t->path, sizeof(base));
	snprintf(t->files[t->n_files], sizeof(t->files[0]), "%s/%s", base, rel);
	fp = fopen(t->files[t->n_files], "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	t->n_files++;
}

static void tmp_close(struct tmpdir *t)
{
	for (size_t i = 0; i < t->n_files; i++)
		assert_int_equal(remove(t->files[i]), 0);
	for (size_t i = t->n_dirs; i > 0; i--)
		assert_int_equal(rmdir(t->dirs[i - 1]), 0);
	assert_int_equal(rmdir(t->path), 0);
}

#define STATES_HEADER \
	"iso3,iso2,numeric,name,depositary_name,aliases,kind,un_member_since,wikidata," \
	"source_url,note\n"
#define STATE_ROW(code, name) \
	code ",,," name "," name ",,state,,,https://example.org/s,\n"

static void test_load_dir_broken_states(void **state)
{
	struct tmpdir t;
	pacta_record *rec = pacta_record_new();
	pacta_error err;

	(void)state;
	tmp_open(&t);
	tmp_put(&t, "states.csv", STATES_HEADER STATE_ROW("ARC", "Arcadia")
		"BOR,BO,,Borduria,Borduria,,planet,,,https://example.org/s,\n");
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_load_dir(rec, t.path, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.where, "states.csv:3");
	assert_string_equal(err.message, "column 'kind': unknown participant kind ('planet')");
	pacta_record_free(rec);
	tmp_close(&t);

	/* A duplicated code names the line too. */
	rec = pacta_record_new();
	tmp_open(&t);
	tmp_put(&t, "states.csv", STATES_HEADER STATE_ROW("ARC", "Arcadia")
		STATE_ROW("BOR", "Borduria") STATE_ROW("ARC", "Arcadia again"));
	assert_int_equal(pacta_record_load_dir(rec, t.path, &err), PACTA_ERR_CHECK);
	assert_string_equal(err.where, "states.csv:4");
	assert_string_equal(err.message, "participant ARC is listed twice");
	pacta_record_free(rec);
	tmp_close(&t);

	/* No states.csv at all. */
	rec = pacta_record_new();
	tmp_open(&t);
	assert_int_equal(pacta_record_load_dir(rec, t.path, &err), PACTA_ERR_IO);
	pacta_record_free(rec);
	tmp_close(&t);
}

/* Each other data file names its file and line, and why. */
static void test_load_dir_broken_groups_and_conflicts(void **state)
{
	static const struct {
		const char *groups, *conflicts, *where, *message;
	} cases[] = {
		{"eu,XXX,1995-01-01,,https://example.org/g,\n", "", "groups.csv:2",
		 "column 'iso3': unknown state code (not in states.csv) ('XXX')"},
		{"eu,ARC,1995-01-01,2020-02-30,https://example.org/g,\n", "", "groups.csv:2",
		 "column 'to': expected a date ('2020-02-30')"},
		{"eu,ARC,1995-01-01,,ftp://example.org/g,\n", "", "groups.csv:2",
		 "column 'source_url': not a valid http(s) URL: it does not start with http:// or https:// ('ftp://example.org/g')"},
		{"", "ARC,2014-13-01,,https://example.org/c,\n", "armed-conflicts.csv:2",
		 "column 'from': expected a date ('2014-13-01')"},
		{"", "ARC,2014-02-20,,,\n", "armed-conflicts.csv:2",
		 "column 'source_url': every row needs an http(s) source ('')"},
		{"", "ARC,2014-02-20\n", "armed-conflicts.csv:2",
		 "2 fields, but the header has 5"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tmpdir t;
		pacta_record *rec = pacta_record_new();
		pacta_error err;
		char groups[512], conflicts[512];
		snprintf(groups, sizeof(groups), "group,iso3,from,to,source_url,note\n%s",
			 cases[i].groups);
		snprintf(conflicts, sizeof(conflicts), "state,from,to,source_url,note\n%s",
			 cases[i].conflicts);
		tmp_open(&t);
		tmp_put(&t, "states.csv", STATES_HEADER STATE_ROW("ARC", "Arcadia"));
		tmp_put(&t, "groups.csv", groups);
		tmp_put(&t, "armed-conflicts.csv", conflicts);
		memset(&err, 0, sizeof(err));
		assert_int_equal(pacta_record_load_dir(rec, t.path, &err), PACTA_ERR_PARSE);
		assert_string_equal(err.where, cases[i].where);
		assert_string_equal(err.message, cases[i].message);
		pacta_record_free(rec);
		tmp_close(&t);
	}
}

static void test_load_dir_broken_acts(void **state)
{
	struct tmpdir t;
	pacta_record *rec = pacta_record_new();
	pacta_error err;
	char rules[4096], json[4096];

	(void)state;
	fx_rules_text(rules, sizeof(rules), NULL);
	fx_replace(rules, "\"rules\": {", "\"record\": [\"mini/acts.csv\"], \"rules\": {", json,
		   sizeof(json));
	tmp_open(&t);
	tmp_mkdir(&t, "treaties");
	tmp_mkdir(&t, "mini");
	tmp_put(&t, "states.csv", STATES_HEADER STATE_ROW("ARC", "Arcadia")
		STATE_ROW("BOR", "Borduria"));
	tmp_put(&t, "groups.csv", "group,iso3,from,to,source_url,note\n"
		"eu,ARC,1995-01-01,2020-01-31,https://example.org/g,\n");
	tmp_put(&t, "armed-conflicts.csv", "state,from,to,source_url,note\n");
	tmp_put(&t, "treaties/mini.json", json);
	tmp_put(&t, "mini/acts.csv", HEADER "ARC,signature,1997-12-03,,," SRC ",\n"
		"BOR,signature,1997-12-03,,,," SRC "\n");
	assert_int_equal(pacta_record_load_dir(rec, t.path, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.where, "mini/acts.csv:3");
	assert_string_equal(err.message,
			    "column 'source_url': every act needs an http(s) source ('')");
	pacta_record_free(rec);

	/* Mended, it loads; the group's inclusive last day is kept. */
	rec = pacta_record_new();
	remove(t.files[--t.n_files]);
	tmp_put(&t, "mini/acts.csv", HEADER "ARC,signature,1997-12-03,,," SRC ",\n"
		"BOR,signature,1997-12-03,,," SRC ",\n");
	assert_int_equal(pacta_record_load_dir(rec, t.path, &err), PACTA_OK);
	assert_int_equal(rec->n_participants, 2);
	assert_int_equal(rec->n_treaties, 1);
	assert_int_equal(rec->n_acts, 2);
	assert_string_equal(rec->acts[0].origin, "mini/acts.csv:2");
	assert_true(pacta_record_in_group(rec, 0, "eu", fx_day("2020-01-31")));
	assert_false(pacta_record_in_group(rec, 0, "eu", fx_day("2020-02-01")));
	pacta_record_free(rec);
	tmp_close(&t);
}

/* The error detail is optional (docs/internals.md): the loaders must
 * refuse without it, and without crashing. */
static void test_load_without_error_detail(void **state)
{
	static const char quote[] = HEADER "ARC,signature,1997-12-03,,," SRC ",\n"
		"AR\"C,signature,1997-12-03,,," SRC ",\n";
	static const char code[] = HEADER "XXX,signature,1997-12-03,,," SRC ",\n";
	struct tmpdir t;
	struct fx f;
	pacta_record *rec;

	(void)state;
	fx_open(&f, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, quote, sizeof(quote) - 1, "t.csv",
						    PACTA_DAY_NONE, NULL), PACTA_ERR_PARSE);
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, code, sizeof(code) - 1, "t.csv",
						    PACTA_DAY_NONE, NULL), PACTA_ERR_PARSE);
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, "", 0, "t.csv", PACTA_DAY_NONE,
						    NULL), PACTA_ERR_PARSE);
	assert_int_equal(f.rec->n_acts, 0);
	fx_close(&f);

	rec = pacta_record_new();
	tmp_open(&t);
	tmp_put(&t, "states.csv", STATES_HEADER STATE_ROW("ARC", "Arcadia")
		STATE_ROW("ARC", "Arcadia again"));
	assert_int_equal(pacta_record_load_dir(rec, t.path, NULL), PACTA_ERR_CHECK);
	pacta_record_free(rec);
	tmp_close(&t);
}

static void add_member(struct fx *f, const char *group, const char *iso3, const char *from,
		       const char *to)
{
	pacta_group_member g;
	pacta_error err;

	memset(&g, 0, sizeof(g));
	g.group = group;
	g.participant = fx_p(f, iso3);
	g.from = fx_day(from);
	g.to = to ? fx_day(to) : PACTA_DAY_NONE;
	g.source_url = "https://example.org/g";
	assert_int_equal(pacta_record_add_group_member(f->rec, &g, &err), PACTA_OK);
}

static void test_in_group(void **state)
{
	struct fx f;
	pacta_group_member g;
	pacta_error err;
	uint32_t arc, bor, cos;

	(void)state;
	fx_open(&f, NULL);
	/* [from, to): to is the first day outside. */
	add_member(&f, "eu", "ARC", "1995-01-01", NULL);
	add_member(&f, "eu", "BOR", "1973-01-01", "2020-02-01");
	add_member(&f, "eu", "BOR", "2030-01-01", NULL);
	add_member(&f, "un-weog", "COS", NULL, NULL);
	add_member(&f, "nato", "ARC", "1999-03-12", NULL);
	fx_finish(&f);
	arc = fx_p(&f, "ARC");
	bor = fx_p(&f, "BOR");
	cos = fx_p(&f, "COS");
	assert_false(pacta_record_in_group(f.rec, arc, "eu", fx_day("1994-12-31")));
	assert_true(pacta_record_in_group(f.rec, arc, "eu", fx_day("1995-01-01")));
	assert_true(pacta_record_in_group(f.rec, arc, "EU", fx_day("2100-01-01")));
	assert_false(pacta_record_in_group(f.rec, arc, "nato", fx_day("1999-03-11")));
	assert_true(pacta_record_in_group(f.rec, arc, "nato", fx_day("1999-03-12")));
	assert_false(pacta_record_in_group(f.rec, bor, "eu", fx_day("1972-12-31")));
	assert_true(pacta_record_in_group(f.rec, bor, "eu", fx_day("2020-01-31")));
	assert_false(pacta_record_in_group(f.rec, bor, "eu", fx_day("2020-02-01")));
	assert_false(pacta_record_in_group(f.rec, bor, "eu", fx_day("2029-12-31")));
	assert_true(pacta_record_in_group(f.rec, bor, "eu", fx_day("2030-01-01")));
	assert_false(pacta_record_in_group(f.rec, bor, "nato", fx_day("2030-01-01")));
	assert_true(pacta_record_in_group(f.rec, cos, "un-weog", fx_day("1900-01-01")));
	assert_false(pacta_record_in_group(f.rec, cos, "eu", fx_day("2000-01-01")));
	assert_false(pacta_record_in_group(f.rec, cos, "g77", fx_day("2000-01-01")));
	assert_true(pacta_record_group_exists(f.rec, "nato"));
	assert_true(pacta_record_group_exists(f.rec, "NATO"));
	assert_false(pacta_record_group_exists(f.rec, "g77"));
	/* A member outside the record is refused. */
	memset(&g, 0, sizeof(g));
	g.group = "eu";
	g.participant = 999;
	assert_int_equal(pacta_record_add_group_member(f.rec, &g, &err), PACTA_ERR_USAGE);
	assert_int_equal(f.rec->n_groups, 5);
	fx_close(&f);
}

/* The adders refuse what cannot be indexed. */
static void test_adders_refuse(void **state)
{
	struct fx f;
	pacta_participant p;
	pacta_act a;
	pacta_error err;

	(void)state;
	fx_open(&f, NULL);
	memset(&p, 0, sizeof(p));
	snprintf(p.iso3, sizeof(p.iso3), "arc");
	p.name = "lower";
	assert_int_equal(pacta_record_add_participant(f.rec, &p, &err), PACTA_ERR_PARSE);
	snprintf(p.iso3, sizeof(p.iso3), "ARC");
	assert_int_equal(pacta_record_add_participant(f.rec, &p, &err), PACTA_ERR_CHECK);
	assert_string_equal(err.message, "participant ARC is listed twice");
	assert_int_equal(f.rec->n_participants, FX_N_STATES);
	pacta_act_init(&a);
	a.participant = 0;
	a.treaty = 1;
	a.target = -1;
	a.origin = "x.csv:9";
	assert_int_equal(pacta_record_add_act(f.rec, &a, &err), PACTA_ERR_USAGE);
	assert_string_equal(err.where, "x.csv:9");
	a.treaty = 0;
	a.target = 20;
	assert_int_equal(pacta_record_add_act(f.rec, &a, &err), PACTA_ERR_USAGE);
	assert_int_equal(f.rec->n_acts, 0);
	fx_close(&f);
}

/* The installed record's folder: an absolute path ending in pacta/data,
 * the same string every call (static, owned by the library). */
static void test_data_dir(void **state)
{
	(void)state;
	const char *d = pacta_data_dir();
	assert_non_null(d);
	assert_int_equal(d[0], '/');
	size_t n = strlen(d);
	assert_true(n > strlen("/share/pacta/data"));
	assert_string_equal(d + n - strlen("/pacta/data"), "/pacta/data");
	assert_ptr_equal(pacta_data_dir(), d);
}

/* Treaty ids are found by hash, whatever the case asked in, among many
 * treaties (the table grows past its first size); a second treaty with an
 * id already taken is refused. Acts are found per (treaty,
 * participant) pair; a pair without acts has an empty range. */
static void test_many_treaties(void **state)
{
	struct fx f;
	pacta_error err;
	char base[4096], json[4096], id[32];
	size_t first, last;

	(void)state;
	fx_open(&f, NULL);
	fx_rules_text(base, sizeof(base), NULL);
	for (int i = 1; i < 200; i++) {
		snprintf(id, sizeof(id), "\"id\": \"t-%d\"", i);
		fx_replace(base, "\"id\": \"mini\"", id, json, sizeof(json));
		assert_int_equal(pacta_record_add_treaty(f.rec, json, strlen(json), "t.json", &err),
				 PACTA_OK);
	}
	assert_int_equal(pacta_record_treaty_by_id(f.rec, "mini"), 0);
	assert_int_equal(pacta_record_treaty_by_id(f.rec, "T-57"), 57);
	assert_int_equal(pacta_record_treaty_by_id(f.rec, "t-199"), 199);
	assert_int_equal(pacta_record_treaty_by_id(f.rec, "t-200"), -1);
	assert_int_equal(pacta_record_treaty_by_id(f.rec, ""), -1);
	fx_replace(base, "\"id\": \"mini\"", "\"id\": \"t-5\"", json, sizeof(json));
	assert_int_equal(pacta_record_add_treaty(f.rec, json, strlen(json), "dup.json", &err),
			 PACTA_ERR_CHECK);
	assert_non_null(strstr(err.message, "defined twice"));
	assert_int_equal(f.rec->n_treaties, 200);
	fx_base(&f);
	fx_finish(&f);
	/* ARC, BOR, COS, ELB have acts under treaty 0; WAD none. */
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "BOR"), &first, &last);
	assert_int_equal(last - first, 2);
	assert_int_equal(f.rec->acts[first].participant, fx_p(&f, "BOR"));
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "WAD"), &first, &last);
	assert_int_equal(first, last);
	pacta_record_acts_of(f.rec, 57, fx_p(&f, "ARC"), &first, &last);
	assert_int_equal(first, last);
	pacta_record_acts_of_treaty(f.rec, 0, &first, &last);
	assert_int_equal(first, 0);
	assert_int_equal(last, 7);
	pacta_record_acts_of_treaty(f.rec, 199, &first, &last);
	assert_int_equal(first, last);
	pacta_record_acts_of_treaty(f.rec, 200, &first, &last);
	assert_int_equal(first, last);
	fx_close(&f);
}

/* Acts appended to a finished record (a write) are merged into their
 * places: the record is in order again and each pair's range holds its
 * acts, new ones included. */
static void test_finish_merges_new_acts(void **state)
{
	struct fx f;
	size_t first, last;
	char day[16];

	(void)state;
	fx_open(&f, NULL);
	for (int y = 0; y < 20; y++) {
		snprintf(day, sizeof(day), "%d-01-01", 1990 + y);
		fx_act(&f, "BOR", "communication", day, NULL, NULL);
		fx_act(&f, "ELB", "communication", day, NULL, NULL);
	}
	fx_finish(&f);
	assert_int_equal(f.rec->n_acts, 40);
	/* Two new acts: one before every other, one among ELB's. */
	fx_act(&f, "ARC", "signature", "1997-12-03", NULL, NULL);
	fx_act(&f, "ELB", "signature", "1995-06-01", NULL, NULL);
	fx_finish(&f);
	for (size_t i = 1; i < f.rec->n_acts; i++) {
		const pacta_act *a = &f.rec->acts[i - 1], *b = &f.rec->acts[i];
		assert_true(a->participant < b->participant ||
			    (a->participant == b->participant && a->date <= b->date));
	}
	assert_int_equal(f.rec->acts[0].participant, fx_p(&f, "ARC"));
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "ELB"), &first, &last);
	assert_int_equal(last - first, 21);
	assert_int_equal(f.rec->acts[first + 5].action, PACTA_ACT_COMMUNICATION);
	assert_int_equal(f.rec->acts[first + 6].action, PACTA_ACT_SIGNATURE);
	assert_int_equal(fx_status(&f, "ELB", "1996-01-01"), PACTA_STATUS_SIGNATORY);
	assert_int_equal(fx_status(&f, "ARC", "1998-01-01"), PACTA_STATUS_SIGNATORY);
	fx_close(&f);
}

/* An act of treaty t added to rec (a version or not) with origin; the
 * add's result. */
static pacta_rc add_act_from(pacta_record *rec, uint32_t t, uint32_t p, const char *action,
			     pacta_day date, const char *origin)
{
	pacta_act a;
	pacta_error err;
	pacta_act_init(&a);
	a.treaty = t;
	a.participant = p;
	assert_true(pacta_action_parse(action, &a.action));
	a.date = date;
	a.source_url = "https://example.org/depositary";
	a.origin = origin;
	return pacta_record_add_act(rec, &a, &err);
}

static pacta_rc add_to(pacta_record *rec, uint32_t t, uint32_t p, const char *action,
		       const char *date)
{
	return add_act_from(rec, t, p, action, fx_day(date), "versions");
}

/* An act of treaty t whose origin says its place in the input. */
static void add_numbered(struct fx *f, uint32_t t, const char *iso3, const char *action,
			 pacta_day date, int k)
{
	char origin[32];
	snprintf(origin, sizeof(origin), "in:%d", k);
	assert_int_equal(add_act_from(f->rec, t, fx_p(f, iso3), action, date, origin), PACTA_OK);
}

/* Adds a second treaty, "other", to f's record (index 1). */
static void add_other_treaty(struct fx *f)
{
	char base[4096], json[4096];
	pacta_error err;
	fx_rules_text(base, sizeof(base), NULL);
	fx_replace(base, "\"id\": \"mini\"", "\"id\": \"other\"", json, sizeof(json));
	assert_int_equal(pacta_record_add_treaty(f->rec, json, strlen(json), "o.json", &err),
			 PACTA_OK);
}

/* The acts of f's record, k of them added with add_numbered(), are in
 * order: by treaty, participant, date, action, and acts equal in all of
 * those as they came; each once. */
static void expect_sorted(const struct fx *f, int k)
{
	assert_int_equal(f->rec->n_acts, (size_t)k);
	int seen[200] = {0};
	for (size_t i = 0; i < f->rec->n_acts; i++) {
		const pacta_act *b = &f->rec->acts[i];
		int n = atoi(b->origin + 3);
		assert_true(n >= 0 && n < k);
		seen[n]++;
		if (i == 0)
			continue;
		const pacta_act *a = &f->rec->acts[i - 1];
		assert_true(a->treaty <= b->treaty);
		if (a->treaty != b->treaty)
			continue;
		assert_true(a->participant <= b->participant);
		if (a->participant != b->participant)
			continue;
		assert_true(a->date <= b->date);
		if (a->date != b->date)
			continue;
		assert_true(a->action <= b->action);
		if (a->action == b->action)
			assert_true(atoi(a->origin + 3) < n); /* ties as they came */
	}
	for (int n = 0; n < k; n++)
		assert_int_equal(seen[n], 1);
}

/* The finish sorts a long run of one treaty (more acts than it sorts by
 * insertion) by participant, then date, action and id, acts equal in all
 * of those keeping the order they came in; acts of two treaties that come
 * interleaved are grouped first. One participant's own run is long too. */
static void test_finish_sorts_long_runs(void **state)
{
	struct fx f;
	const char *few[] = {"BOR", "COS", "ELB"};
	pacta_day day0 = fx_day("2000-01-01");
	int k = 0;

	(void)state;
	fx_open(&f, NULL);
	add_other_treaty(&f);
	/* ARC: 40 acts under treaty 0 on distinct days, latest first; the
	 * others ten each on three days, with ties; treaty 1 in between. */
	for (int i = 0; i < 40; i++) {
		add_numbered(&f, 0, "ARC", "communication", day0 + (39 - i) * 3, k++);
		const char *iso3 = few[i % 3];
		add_numbered(&f, 0, iso3, i % 2 ? "communication" : "declaration",
			     day0 + (i * 7) % 3, k++);
		if (i % 4 == 0)
			add_numbered(&f, 1, few[i % 3], "signature", day0 + 40 - i, k++);
	}
	fx_finish(&f);
	expect_sorted(&f, k);
	size_t first, last;
	pacta_record_acts_of(f.rec, 0, fx_p(&f, "ARC"), &first, &last);
	assert_int_equal(last - first, 40);
	assert_int_equal(f.rec->acts[first].date, day0);
	pacta_record_acts_of_treaty(f.rec, 1, &first, &last);
	assert_int_equal(last - first, 10);
	fx_close(&f);
}

/* The same when the acts come grouped by treaty, as a depositary lists
 * them (each treaty's run is sorted as the finish indexes it), and when
 * they come grouped but for one act of treaty 0 after treaty 1's. */
static void test_finish_sorts_grouped_runs(void **state)
{
	const char *few[] = {"BOR", "COS", "ELB"};
	pacta_day day0 = fx_day("2000-01-01");

	(void)state;
	for (int late = 0; late < 2; late++) {
		struct fx f;
		int k = 0;
		fx_open(&f, NULL);
		add_other_treaty(&f);
		for (int i = 0; i < 40; i++) {
			add_numbered(&f, 0, "ARC", "communication", day0 + (39 - i) * 3, k++);
			add_numbered(&f, 0, few[i % 3], i % 2 ? "communication" : "declaration",
				     day0 + (i * 7) % 3, k++);
		}
		for (int i = 0; i < 10; i++)
			add_numbered(&f, 1, few[i % 3], "signature", day0 + 40 - i, k++);
		if (late)
			add_numbered(&f, 0, "ARC", "declaration", day0, k++);
		fx_finish(&f);
		expect_sorted(&f, k);
		size_t first, last;
		pacta_record_acts_of(f.rec, 0, fx_p(&f, "ARC"), &first, &last);
		assert_int_equal(last - first, 40 + late);
		assert_int_equal(f.rec->acts[first].date, day0);
		pacta_record_acts_of(f.rec, 0, fx_p(&f, "COS"), &first, &last);
		assert_int_equal(last - first, 13);
		pacta_record_acts_of_treaty(f.rec, 1, &first, &last);
		assert_int_equal(last - first, 10);
		assert_int_equal(f.rec->acts[first].participant, fx_p(&f, "BOR"));
		fx_close(&f);
	}
}

/* Acts of six treaties in a scrambled order, with ties: the finish
 * groups them in place by following the cycles of their permutation,
 * which here are long and many; each act once, in order, ties as they
 * came, and each treaty's span its own acts. */
static void test_finish_groups_scrambled_treaties(void **state)
{
	const char *few[] = {"ARC", "BOR", "COS", "ELB"};
	pacta_day day0 = fx_day("2000-01-01");
	struct fx f;
	int per_treaty[6] = {0};
	char base[4096], json[4096], id[32];
	pacta_error err;

	(void)state;
	fx_open(&f, NULL);
	fx_rules_text(base, sizeof(base), NULL);
	for (int t = 1; t < 6; t++) {
		snprintf(id, sizeof(id), "\"id\": \"other%d\"", t);
		fx_replace(base, "\"id\": \"mini\"", id, json, sizeof(json));
		assert_int_equal(pacta_record_add_treaty(f.rec, json, strlen(json), "o.json", &err),
				 PACTA_OK);
	}
	int k = 0;
	for (int i = 0; i < 180; i++) {
		uint32_t t = (uint32_t)((i * 7 + i / 11) % 6);
		add_numbered(&f, t, few[(i * 5) % 4], i % 3 ? "communication" : "declaration",
			     day0 + (i * 13) % 4, k++);
		per_treaty[t]++;
	}
	fx_finish(&f);
	expect_sorted(&f, k);
	for (uint32_t t = 0; t < 6; t++) {
		size_t first, last;
		pacta_record_acts_of_treaty(f.rec, t, &first, &last);
		assert_int_equal(last - first, per_treaty[t]);
		for (size_t a = first; a < last; a++)
			assert_int_equal(f.rec->acts[a].treaty, t);
	}
	fx_close(&f);
}

/* Acts equal in everything the record orders them by (one state's
 * declarations of one day), more of them than are sorted by insertion:
 * they stay in the order they came, in a treaty's long run and among the
 * few acts a later version adds. */
static void test_finish_keeps_ties_in_order(void **state)
{
	pacta_day day0 = fx_day("2000-01-01");
	struct fx f;
	int k = 0;

	(void)state;
	fx_open(&f, NULL);
	add_other_treaty(&f);
	for (int i = 0; i < 150; i++) {
		/* Treaty 1's ties, then treaty 0's, mixed with a later day
		 * of ARC and another state: the acts are grouped by treaty,
		 * then by state, then sorted. */
		uint32_t t = i % 5 == 0 ? 1u : 0u;
		pacta_day day = i % 7 == 0 ? day0 + 1 : day0;
		add_numbered(&f, t, i % 11 == 0 ? "BOR" : "ARC", "declaration", day, k++);
	}
	fx_finish(&f);
	expect_sorted(&f, k);
	fx_close(&f);
}

/* Expecting treaties and acts makes room for them at once; the record is
 * the same as without, more than expected can be added, and a shared
 * record or an impossible count is refused. */
static void test_expect(void **state)
{
	struct fx f;
	pacta_error err;
	pacta_record *v;
	char base[4096], json[4096], id[32];

	(void)state;
	fx_open(&f, NULL);
	assert_int_equal(pacta_record_expect(f.rec, 100, 5, &err), PACTA_OK);
	assert_true(f.rec->n_treaties == 1 && f.rec->n_acts == 0);
	fx_rules_text(base, sizeof(base), NULL);
	for (int i = 1; i < 150; i++) { /* more than expected */
		snprintf(id, sizeof(id), "\"id\": \"t-%d\"", i);
		fx_replace(base, "\"id\": \"mini\"", id, json, sizeof(json));
		assert_int_equal(pacta_record_add_treaty(f.rec, json, strlen(json), "t.json", &err),
				 PACTA_OK);
	}
	for (int i = 1; i < 150; i++) {
		snprintf(id, sizeof(id), "T-%d", i);
		assert_int_equal(pacta_record_treaty_by_id(f.rec, id), i);
	}
	fx_base(&f); /* seven acts of five expected */
	fx_finish(&f);
	assert_int_equal(f.rec->n_acts, 7);
	assert_int_equal(fx_status(&f, "ARC", "2000-01-01"), PACTA_STATUS_PARTY);
	assert_int_equal(pacta_record_expect(f.rec, 0, SIZE_MAX, &err), PACTA_ERR_LIMIT);
	assert_string_equal(err.message, "too many treaties or acts to expect");
	assert_int_equal(pacta_record_expect(f.rec, SIZE_MAX, 0, &err), PACTA_ERR_LIMIT);
	assert_int_equal(pacta_record_derive(f.rec, &v, &err), PACTA_OK);
	assert_int_equal(pacta_record_expect(f.rec, 1, 1, &err), PACTA_ERR_USAGE);
	assert_int_equal(pacta_record_expect(v, 1, 1, &err), PACTA_ERR_USAGE);
	pacta_record_free(v);
	fx_close(&f);
}

/* Expecting many acts faults the arrays in on another thread while the
 * treaties and acts are added: ended when the acts outgrow what was
 * expected, by another expect that grows them, by the finish, and by a
 * free without a finish (a warmer left running would leak, which the
 * sanitizers' run says). The record is the same as without. */
static void test_expect_warms(void **state)
{
	struct fx f;
	pacta_error err;

	(void)state;
	fx_open(&f, NULL);
	size_t many = BIG_WARM_BYTES / sizeof(pacta_act) + 1;
	assert_int_equal(pacta_record_expect(f.rec, many, many, &err), PACTA_OK);
	bool warms = f.rec->index->warmer != NULL;
	if (!warms)
		print_message("# this system does not fill pages on request: nothing warmed\n");
	fx_base(&f);
	/* Growing the acts ends the warmer first and starts one for the new
	 * room. */
	assert_int_equal(pacta_record_expect(f.rec, 0, 2 * many, &err), PACTA_OK);
	assert_int_equal(f.rec->index->warmer != NULL, warms);
	fx_finish(&f);
	assert_null(f.rec->index->warmer);
	assert_int_equal(f.rec->n_acts, 7);
	assert_int_equal(fx_status(&f, "ARC", "2000-01-01"), PACTA_STATUS_PARTY);
	fx_close(&f);

	/* Freed unfinished, still warming. */
	fx_open(&f, NULL);
	assert_int_equal(pacta_record_expect(f.rec, many, 4 * many, &err), PACTA_OK);
	fx_base(&f);
	fx_close(&f);

	/* Acts past those expected move the act array: the warmer (of the
	 * treaties' here) is ended before. */
	fx_open(&f, NULL);
	assert_int_equal(pacta_record_expect(f.rec, 2 * many, 5, &err), PACTA_OK);
	assert_int_equal(f.rec->index->warmer != NULL, warms);
	fx_base(&f); /* seven acts */
	assert_null(f.rec->index->warmer);
	fx_finish(&f);
	assert_int_equal(fx_status(&f, "ARC", "2000-01-01"), PACTA_STATUS_PARTY);
	fx_close(&f);

	/* Few acts: nothing to warm. */
	fx_open(&f, NULL);
	assert_int_equal(pacta_record_expect(f.rec, 10, 1000, &err), PACTA_OK);
	assert_null(f.rec->index->warmer);
	fx_close(&f);
}

/* An act that cites its treaty's page shares the treaty's copy of the
 * URL; other sources, notes and territories are one copy each however
 * the acts interleave them. */
static void test_act_strings_shared(void **state)
{
	struct fx f;
	pacta_error err;
	const char *sources[] = {"https://example.org/mini", "https://example.org/a",
				 "https://example.org/b"};
	const char *notes[] = {"", "late", "early"};

	(void)state;
	fx_open(&f, NULL);
	for (int i = 0; i < 12; i++) {
		char url[64], note[16], territory[8];
		pacta_act a;
		pacta_act_init(&a);
		a.participant = fx_p(&f, "ARC");
		a.action = i % 2 ? PACTA_ACT_TERRITORIAL_APPLICATION : PACTA_ACT_COMMUNICATION;
		a.date = fx_day("2001-01-01") + i;
		/* Copies, so that only the text can match. */
		snprintf(url, sizeof(url), "%s", sources[i % 3]);
		snprintf(note, sizeof(note), "%s", notes[(i / 2) % 3]);
		snprintf(territory, sizeof(territory), "%s", i % 2 ? (i % 4 == 1 ? "BES" : "FLK") : "");
		a.source_url = url;
		a.note = note;
		a.territory = territory;
		assert_int_equal(pacta_record_add_act(f.rec, &a, &err), PACTA_OK);
	}
	fx_finish(&f);
	const pacta_act *acts = f.rec->acts;
	assert_int_equal(f.rec->n_acts, 12);
	for (size_t i = 0; i < 12; i++) {
		const pacta_act *a = &acts[i];
		size_t d = (size_t)(a->date - fx_day("2001-01-01"));
		assert_string_equal(a->source_url, sources[d % 3]);
		assert_string_equal(a->note, notes[(d / 2) % 3]);
		assert_string_equal(a->territory, d % 2 ? (d % 4 == 1 ? "BES" : "FLK") : "");
		if (d % 3 == 0)
			assert_ptr_equal(a->source_url, f.rec->treaties[0].source_url);
		for (size_t j = 0; j < i; j++) {
			const pacta_act *b = &acts[j];
			if (strcmp(a->source_url, b->source_url) == 0)
				assert_ptr_equal(a->source_url, b->source_url);
			if (strcmp(a->note, b->note) == 0)
				assert_ptr_equal(a->note, b->note);
			if (strcmp(a->territory, b->territory) == 0)
				assert_ptr_equal(a->territory, b->territory);
		}
	}
	fx_close(&f);
}

/* Versions: a record derived from another shares its acts; a write to one
 * treaty gives that treaty a new span at the end and leaves every other
 * act, and everything the version derived from sees, where it was. Only
 * the latest version takes acts or is derived; nothing else is added to a
 * shared record; a version freed before its child gives the room back;
 * the room runs out with PACTA_ERR_LIMIT. */
static void test_versions(void **state)
{
	struct fx f;
	pacta_error err;
	size_t first, last, f2, l2;
	pacta_record *v1, *v2, *v3;

	(void)state;
	fx_open(&f, NULL);
	add_other_treaty(&f);
	fx_base(&f);
	uint32_t arc = fx_p(&f, "ARC"), elb = fx_p(&f, "ELB");
	assert_int_equal(add_to(f.rec, 1, arc, "signature", "1999-01-01"), PACTA_OK);
	assert_int_equal(add_to(f.rec, 1, elb, "signature", "1999-02-01"), PACTA_OK);
	fx_finish(&f);
	pacta_record *root = f.rec;
	assert_int_equal(pacta_record_version(root), 0);
	assert_int_equal(pacta_record_reserve(root, 20, &err), PACTA_OK);
	assert_true(pacta_record_room(root) >= 20);
	pacta_act seen[9];
	assert_int_equal(root->n_acts, 9);
	memcpy(seen, root->acts, sizeof(seen));

	assert_int_equal(pacta_record_derive(root, &v1, &err), PACTA_OK);
	assert_int_equal(pacta_record_version(v1), 1);
	/* The root is no longer the latest, and it is shared. */
	assert_false(pacta_record_can_derive(root));
	assert_int_equal(pacta_record_derive(root, &v2, &err), PACTA_ERR_USAGE);
	assert_int_equal(add_to(root, 0, arc, "communication", "2001-01-01"), PACTA_ERR_USAGE);
	pacta_participant p = { .iso3 = "ZZZ", .name = "Z", .source_url = "https://example.org" };
	assert_int_equal(pacta_record_add_participant(v1, &p, &err), PACTA_ERR_USAGE);
	assert_int_equal(pacta_record_add_participant(root, &p, &err), PACTA_ERR_USAGE);
	assert_int_equal(pacta_record_reserve(root, 10, &err), PACTA_ERR_USAGE);

	/* A write to treaty 0: its acts move to a new span; treaty 1's stay. */
	assert_int_equal(add_to(v1, 0, elb, "withdrawal", "2001-01-01"), PACTA_OK);
	assert_int_equal(pacta_record_finish(v1, &err), PACTA_OK);
	pacta_record_acts_of_treaty(v1, 0, &first, &last);
	assert_int_equal(first, 9);
	assert_int_equal(last, 17);
	pacta_record_acts_of(v1, 0, elb, &first, &last);
	assert_int_equal(last - first, 3);
	assert_int_equal(v1->acts[last - 1].action, PACTA_ACT_WITHDRAWAL);
	pacta_record_acts_of_treaty(v1, 1, &first, &last);
	pacta_record_acts_of_treaty(root, 1, &f2, &l2);
	assert_int_equal(first, f2);
	assert_int_equal(last, l2);
	assert_false(pacta_record_act_live(v1, 0));
	assert_true(pacta_record_act_live(v1, 7));
	assert_true(pacta_record_act_live(v1, 16));
	assert_true(pacta_record_act_live(root, 0));
	/* The root sees what it saw. */
	assert_int_equal(root->n_acts, 9);
	assert_memory_equal(root->acts, seen, sizeof(seen));
	pacta_record_acts_of(root, 0, elb, &first, &last);
	assert_int_equal(last - first, 2);
	pacta_treaty_status *old_ts, *new_ts;
	assert_int_equal(pacta_status_compile(root, 0, &old_ts, &err), PACTA_OK);
	assert_int_equal(pacta_status_compile(v1, 0, &new_ts, &err), PACTA_OK);
	assert_int_equal(pacta_status_on(old_ts, elb, fx_day("2003-01-01"), NULL),
			 PACTA_STATUS_PARTY);
	assert_int_not_equal(pacta_status_on(new_ts, elb, fx_day("2003-01-01"), NULL),
			     PACTA_STATUS_PARTY);
	pacta_treaty_status_free(old_ts);
	pacta_treaty_status_free(new_ts);

	/* A refused write: the version is freed and its parent is the latest
	 * again, its room free. */
	size_t room = pacta_record_room(v1);
	assert_int_equal(pacta_record_derive(v1, &v2, &err), PACTA_OK);
	assert_int_equal(add_to(v2, 1, arc, "ratification", "2000-01-01"), PACTA_OK);
	assert_int_equal(pacta_record_finish(v2, &err), PACTA_OK);
	assert_int_equal(pacta_record_finish(v1, &err), PACTA_OK); /* nothing new */
	pacta_record_free(v2);
	assert_true(pacta_record_can_derive(v1));
	assert_int_equal(pacta_record_room(v1), room);

	/* The root goes first (an old snapshot released); v1 lives on. */
	fx_close(&f);
	assert_int_equal(pacta_record_derive(v1, &v3, &err), PACTA_OK);
	pacta_record_acts_of(v3, 0, elb, &first, &last);
	assert_int_equal(last - first, 3);
	/* The room runs out. */
	pacta_rc rc = PACTA_OK;
	for (int i = 0; rc == PACTA_OK && i < 1000; i++)
		rc = add_to(v3, 1, arc, "communication", "2002-01-01");
	assert_int_equal(rc, PACTA_ERR_LIMIT);
	assert_int_equal(pacta_record_finish(v3, &err), PACTA_ERR_LIMIT);
	pacta_record_free(v1);
	pacta_record_free(v3);
}

/* What one act and one treaty cost, on a 64-bit machine: a treaty series
 * holds hundreds of thousands of each (docs/performance.md, "the record's
 * memory"). A field added here is a choice to make knowingly. */
static void test_sizes(void **state)
{
	(void)state;
	if (sizeof(void *) != 8)
		skip();
	assert_int_equal(sizeof(pacta_act), 88);
	assert_int_equal(sizeof(pacta_rules), 400);
	assert_int_equal(sizeof(pacta_treaty), 120);
}

/* Adds treaties "t<i>" for i in [from, to) to f's record. */
static void add_numbered_treaties(struct fx *f, int from, int to)
{
	char base[4096], json[4096], id[32];
	pacta_error err;
	fx_rules_text(base, sizeof(base), NULL);
	for (int i = from; i < to; i++) {
		snprintf(id, sizeof(id), "\"id\": \"t%d\"", i);
		fx_replace(base, "\"id\": \"mini\"", id, json, sizeof(json));
		assert_int_equal(pacta_record_add_treaty(f->rec, json, strlen(json), "t.json", &err),
				 PACTA_OK);
	}
}

/* The acts of treaty t in a and in b are the same range. */
static void assert_same_span(const pacta_record *a, const pacta_record *b, uint32_t t)
{
	size_t a0, a1, b0, b1;
	pacta_record_acts_of_treaty(a, t, &a0, &a1);
	pacta_record_acts_of_treaty(b, t, &b0, &b1);
	assert_int_equal(a0, b0);
	assert_int_equal(a1, b1);
}

/* A derived version shares its parent's spans, a chunk of
 * RECORD_SPAN_CHUNK treaties at a time, and copies only the chunk it
 * writes (the service derives one per write: on a treaty series the
 * whole table was 4 MB of fresh memory each time). A chunk it alone
 * names it writes in place; a chunk goes with the last version that
 * names it, whatever the order they are freed in (the sanitizers and
 * valgrind see that). */
static void test_versions_share_spans(void **state)
{
	struct fx f;
	pacta_error err;
	size_t a0, a1;
	pacta_record *v1, *v2, *v3;

	(void)state;
	fx_open(&f, NULL);
	/* Treaty 0 in the first chunk, treaty `last` in the second. */
	add_numbered_treaties(&f, 1, (int)RECORD_SPAN_CHUNK + 2);
	uint32_t last = (uint32_t)RECORD_SPAN_CHUNK + 1;
	fx_base(&f);
	uint32_t arc = fx_p(&f, "ARC"), elb = fx_p(&f, "ELB");
	assert_int_equal(add_to(f.rec, last, arc, "signature", "1999-01-01"), PACTA_OK);
	fx_finish(&f);
	pacta_record *root = f.rec;
	assert_int_equal(root->n_treaties, RECORD_SPAN_CHUNK + 2);
	assert_int_equal(pacta_record_reserve(root, 64, &err), PACTA_OK);
	const struct pacta_record_index *rx = root->index;

	/* Derived: every chunk the root's. */
	assert_int_equal(pacta_record_derive(root, &v1, &err), PACTA_OK);
	for (size_t c = 0; c < 2; c++) {
		assert_ptr_equal(v1->index->spans[c].at, rx->spans[c].at);
		assert_null(v1->index->spans[c].owned);
	}
	/* A write to treaty 0: its chunk copied, the other still shared. */
	assert_int_equal(add_to(v1, 0, elb, "signature", "1999-02-01"), PACTA_OK);
	assert_int_equal(pacta_record_finish(v1, &err), PACTA_OK);
	const record_span_chunk *c0 = v1->index->spans[0].owned;
	assert_non_null(c0);
	assert_ptr_equal(v1->index->spans[0].at, c0->span);
	assert_int_equal(atomic_load(&c0->refs), 1);
	assert_ptr_equal(v1->index->spans[1].at, rx->spans[1].at);
	for (uint32_t t = 1; t <= last; t++)
		assert_same_span(v1, root, t);
	pacta_record_acts_of_treaty(v1, 0, &a0, &a1);
	pacta_record_acts_of_treaty(root, 0, &a0, &a1);
	assert_int_equal(a1 - a0, 7); /* the fixture's acts; the root sees them alone */
	pacta_record_acts_of(v1, 0, elb, &a0, &a1);
	assert_int_equal(v1->acts[a1 - 1].action, PACTA_ACT_SIGNATURE);

	/* v2 names v1's chunk too; its write to `last` copies only that
	 * chunk, and a second write to it is made in place. */
	assert_int_equal(pacta_record_derive(v1, &v2, &err), PACTA_OK);
	assert_ptr_equal(v2->index->spans[0].owned, c0);
	assert_int_equal(atomic_load(&c0->refs), 2);
	assert_int_equal(add_to(v2, last, elb, "signature", "1999-03-01"), PACTA_OK);
	assert_int_equal(pacta_record_finish(v2, &err), PACTA_OK);
	const record_span_chunk *c1 = v2->index->spans[1].owned;
	assert_non_null(c1);
	assert_ptr_equal(v2->index->spans[0].owned, c0);
	assert_int_equal(add_to(v2, last, elb, "communication", "1999-04-01"), PACTA_OK);
	assert_int_equal(pacta_record_finish(v2, &err), PACTA_OK);
	assert_ptr_equal(v2->index->spans[1].owned, c1);
	pacta_record_acts_of_treaty(v2, last, &a0, &a1);
	assert_int_equal(a1 - a0, 3);
	pacta_record_acts_of_treaty(v1, last, &a0, &a1);
	assert_int_equal(a1 - a0, 1);
	assert_same_span(v2, v1, 0);

	/* v1 goes first: v2 alone names c0 now, and writes it in place. */
	pacta_record_free(v1);
	assert_int_equal(atomic_load(&c0->refs), 1);
	assert_int_equal(add_to(v2, 0, arc, "communication", "1999-05-01"), PACTA_OK);
	assert_int_equal(pacta_record_finish(v2, &err), PACTA_OK);
	assert_ptr_equal(v2->index->spans[0].owned, c0);
	/* v3 from v2, the root gone before them: every chunk still there. */
	assert_int_equal(pacta_record_derive(v2, &v3, &err), PACTA_OK);
	fx_close(&f);
	assert_int_equal(atomic_load(&c0->refs), 2);
	assert_int_equal(atomic_load(&c1->refs), 2);
	pacta_record_free(v2);
	assert_int_equal(atomic_load(&c1->refs), 1);
	pacta_record_acts_of_treaty(v3, last, &a0, &a1);
	assert_int_equal(a1 - a0, 3);
	pacta_record_acts_of_treaty(v3, 0, &a0, &a1);
	assert_int_equal(a1 - a0, 9);
	pacta_record_free(v3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_refusals),
		cmocka_unit_test(test_load_acts_csv),
		cmocka_unit_test(test_load_acts_csv_errors),
		cmocka_unit_test(test_load_acts_csv_header_errors),
		cmocka_unit_test(test_load_acts_csv_all_or_nothing),
		cmocka_unit_test(test_load_dir_broken_states),
		cmocka_unit_test(test_load_dir_broken_groups_and_conflicts),
		cmocka_unit_test(test_load_dir_broken_acts),
		cmocka_unit_test(test_load_without_error_detail),
		cmocka_unit_test(test_in_group),
		cmocka_unit_test(test_adders_refuse),
		cmocka_unit_test(test_data_dir),
		cmocka_unit_test(test_load_acts_csv_all),
		cmocka_unit_test(test_load_acts_csv_rows_remember),
		cmocka_unit_test(test_load_acts_csv_large_expects),
		cmocka_unit_test(test_load_acts_csv_dates),
		cmocka_unit_test(test_load_acts_csv_many_and_longest),
		cmocka_unit_test(test_many_treaties),
		cmocka_unit_test(test_finish_merges_new_acts),
		cmocka_unit_test(test_finish_sorts_long_runs),
		cmocka_unit_test(test_finish_sorts_grouped_runs),
		cmocka_unit_test(test_finish_groups_scrambled_treaties),
		cmocka_unit_test(test_finish_keeps_ties_in_order),
		cmocka_unit_test(test_expect),
		cmocka_unit_test(test_expect_warms),
		cmocka_unit_test(test_act_strings_shared),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_versions_share_spans),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
