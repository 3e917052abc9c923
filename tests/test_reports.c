/*
 * test_reports.c - the annual reports counted per calendar year: who is
 * required (in force by 30 April of the year, withdrawal not yet effective
 * on the due day), submitted on time and late, missed only where a row
 * says so, unknown otherwise, the rate only without unknowns, published
 * rates attached by year and day; the loader's checks of report rows and
 * of the published-rates file; and the bundled record's tallies against
 * the figures the ICBL and Landmine Monitor published.
 */
#include "pacta/obligations.h"
#include "pacta/reports.h"
#include "pacta/report.h"

#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"

#define HEAD "state,article,event,date,deadline,value,source_url,note\n"

/*
 * In force 1999-03-01: ARC, BOR, COS, ELB (fx_base). KRA and MOL
 * 1999-04-01; LAT 1999-07-01 (after 30 April: it reports first on 2000);
 * FRE 2000-04-01; GEN 2000-05-01 (first on 2001). KRA's withdrawal takes
 * effect 2002-03-01 (it reports on 2000, not on 2001); MOL's on
 * 2001-04-30, the due day of its report on 2000, which it no longer owes.
 */
static const char report_csv[] =
	HEAD
	"ARC,7.2,report_submitted,2000-04-28,,1999,https://example.org/un,on time\n"
	"ELB,7.2,report_submitted,2000-06-01,,1999,https://example.org/un,late\n"
	"BOR,7.2,missed,2000-09-01,,1999,https://example.org/list,named as missing\n"
	"KRA,7.2,missed,2000-09-01,,1999,https://example.org/list,named as missing\n"
	"KRA,7.2,report_submitted,2000-10-01,,1999,https://example.org/un,after the list\n"
	"MOL,7.2,report_submitted,2000-04-01,,1999,https://example.org/un,\n"
	"MOL,7.2,report_submitted,2001-04-01,,2000,https://example.org/un,not owed\n"
	"ARC,7.2,report_submitted,2002-04-01,,2001,https://example.org/un,\n"
	"BOR,7.2,report_submitted,2002-04-02,,2001,https://example.org/un,\n"
	"COS,7.2,report_submitted,2002-04-03,,2001,https://example.org/un,\n"
	"ELB,7.2,report_submitted,2002-04-04,,2001,https://example.org/un,\n"
	"FRE,7.2,report_submitted,2002-05-04,,2001,https://example.org/un,\n"
	"LAT,7.2,missed,2002-06-01,,2001,https://example.org/list2,\n"
	"GEN,7.2,missed,2002-06-01,,2001,https://example.org/list2,\n"
	/* A report without its year is not counted anywhere. */
	"COS,7.2,report_submitted,2000-04-20,,,https://example.org/un,year not stated\n";

static void open_record(struct fx *f)
{
	fx_open_obligations(f, NULL);
	fx_base(f);
	fx_act(f, "KRA", "accession", "1998-10-10", NULL, NULL);
	fx_act(f, "KRA", "withdrawal", "2001-09-01", NULL, NULL);
	fx_act(f, "MOL", "accession", "1998-10-20", NULL, NULL);
	fx_act(f, "MOL", "withdrawal", "2000-10-30", NULL, NULL);
	fx_act(f, "LAT", "accession", "1999-01-15", NULL, NULL);
	fx_act(f, "FRE", "accession", "1999-10-15", NULL, NULL);
	fx_act(f, "GEN", "accession", "1999-11-05", NULL, NULL);
	fx_obligations_csv(f, report_csv);
	fx_finish(f);
}

static void add_rate(struct fx *f, int year, const char *as_at, long long submitted,
		     long long required, int rate)
{
	pacta_stated s;
	pacta_error err;
	memset(&s, 0, sizeof(s));
	s.treaty = 0;
	s.kind = PACTA_STATED_REPORT_RATE;
	s.participant = -1;
	s.date = fx_day(as_at);
	s.year = year;
	s.value = submitted;
	s.not_submitted = -1;
	s.required = required;
	s.rate = rate;
	s.source_url = "https://example.org/published";
	s.note = "";
	s.origin = "rates.csv:2";
	if (pacta_record_add_stated(f->rec, &s, &err) != PACTA_OK)
		fail_msg("add_stated: %s", err.message);
}

static const pacta_report_entry *entry(const pacta_report_entry *es, size_t n, struct fx *f,
				       const char *iso3)
{
	uint32_t p = fx_p(f, iso3);
	for (size_t i = 0; i < n; i++)
		if (es[i].participant == p)
			return &es[i];
	return NULL;
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(pacta_report_state_name(PACTA_REPORT_NOT_REQUIRED), "not_required");
	assert_string_equal(pacta_report_state_name(PACTA_REPORT_SUBMITTED), "submitted");
	assert_string_equal(pacta_report_state_name(PACTA_REPORT_MISSED), "missed");
	assert_string_equal(pacta_report_state_name(PACTA_REPORT_UNKNOWN), "unknown");
	assert_string_equal(pacta_report_state_name(PACTA_REPORT__COUNT), "?");
}

/* The first year: six required (LAT, bound from 1 July, is not); a late
 * report; a report after the list that named it missing wins. */
static void test_first_year(void **state)
{
	(void)state;
	struct fx f;
	pacta_report_year *ys;
	pacta_report_entry *es;
	size_t n, ne;
	pacta_error err;

	open_record(&f);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2002-12-31"), 0, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 3); /* 1999, 2000, 2001 */
	assert_int_equal(ys[0].year, 1999);
	assert_day(ys[0].in_force_by, "1999-04-30");
	assert_day(ys[0].due, "2000-04-30");
	assert_int_equal(ys[0].required, 6);
	assert_int_equal(ys[0].submitted, 4);
	assert_int_equal(ys[0].late, 2);
	assert_int_equal(ys[0].missed, 1);
	assert_int_equal(ys[0].unknown, 1);
	assert_true(ys[0].rate < 0);
	free(ys);

	assert_int_equal(pacta_reports_entries(f.ts, fx_day("2002-12-31"), 1999, &es, &ne, &err),
			 PACTA_OK);
	assert_int_equal(ne, 6);
	assert_null(entry(es, ne, &f, "LAT"));
	assert_int_equal(entry(es, ne, &f, "ARC")->state, PACTA_REPORT_SUBMITTED);
	assert_false(entry(es, ne, &f, "ARC")->late);
	assert_day(entry(es, ne, &f, "ARC")->submitted_on, "2000-04-28");
	assert_true(entry(es, ne, &f, "ELB")->late);
	assert_int_equal(entry(es, ne, &f, "BOR")->state, PACTA_REPORT_MISSED);
	assert_string_equal(f.rec->obligation_events[entry(es, ne, &f, "BOR")->event].source_url,
			    "https://example.org/list");
	assert_int_equal(entry(es, ne, &f, "KRA")->state, PACTA_REPORT_SUBMITTED);
	assert_true(entry(es, ne, &f, "KRA")->late);
	/* COS's report without a year counts for no year. */
	assert_int_equal(entry(es, ne, &f, "COS")->state, PACTA_REPORT_UNKNOWN);
	assert_int_equal(entry(es, ne, &f, "COS")->event, -1);
	free(es);
	fx_close(&f);
}

/* As recorded on a day: later rows do not count, and the years end with
 * the last due day that has come. */
static void test_as_recorded(void **state)
{
	(void)state;
	struct fx f;
	pacta_report_year *ys;
	size_t n;
	pacta_error err;

	open_record(&f);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2000-09-15"), 0, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ys[0].submitted, 3);
	assert_int_equal(ys[0].missed, 2); /* KRA: not yet submitted, as listed */
	assert_int_equal(ys[0].unknown, 1);
	free(ys);
	/* The due day itself closes the year; the day before, nothing is due. */
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2000-04-30"), 0, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 1);
	free(ys);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2000-04-29"), 0, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 0);
	assert_null(ys);
	/* Before the treaty is in force for anyone. */
	assert_int_equal(pacta_reports_years(f.ts, fx_day("1998-01-01"), 0, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 0);
	fx_close(&f);
}

/* The denominator: bound by 30 April of the year covered; a withdrawal
 * that took effect by the due day ends the duty, one after it does not. */
static void test_denominator(void **state)
{
	(void)state;
	struct fx f;
	pacta_report_entry *es;
	size_t ne;
	pacta_error err;

	open_record(&f);
	assert_int_equal(pacta_reports_entries(f.ts, fx_day("2002-12-31"), 2000, &es, &ne, &err),
			 PACTA_OK);
	assert_int_equal(ne, 7);
	assert_non_null(entry(es, ne, &f, "LAT")); /* in force 1999-07-01 */
	assert_non_null(entry(es, ne, &f, "FRE")); /* 2000-04-01: by 30 April */
	assert_null(entry(es, ne, &f, "GEN"));	   /* 2000-05-01: after it */
	assert_non_null(entry(es, ne, &f, "KRA")); /* leaves 2002-03-01 */
	assert_null(entry(es, ne, &f, "MOL"));	   /* leaves 2001-04-30, the due day */
	free(es);
	assert_int_equal(pacta_reports_entries(f.ts, fx_day("2002-12-31"), 2001, &es, &ne, &err),
			 PACTA_OK);
	assert_int_equal(ne, 7);
	assert_non_null(entry(es, ne, &f, "GEN"));
	assert_null(entry(es, ne, &f, "KRA"));
	free(es);
	/* pacta obligations agrees: GEN's first report, on 2001, is due on
	 * 2002-04-30; LAT's, on 2000, on 2001-04-30. */
	pacta_obligation *obs;
	size_t no;
	uint32_t who[2] = {fx_p(&f, "GEN"), fx_p(&f, "LAT")};
	assert_int_equal(pacta_obligations_on(f.ts, fx_day("2002-12-31"), who, 2, &obs, &no, &err),
			 PACTA_OK);
	size_t seen = 0;
	for (size_t i = 0; i < no; i++) {
		if (strcmp(obs[i].rule->id, "7.2") != 0)
			continue;
		assert_day(obs[i].original_due, obs[i].participant == who[0] ? "2002-04-30"
									  : "2001-04-30");
		seen++;
	}
	assert_int_equal(seen, 2);
	free(obs);
	fx_close(&f);
}

/* A year without unknowns has a rate; published rates are attached by
 * year, once their day has come. */
static void test_rate_and_published(void **state)
{
	(void)state;
	struct fx f;
	pacta_report_year *ys;
	size_t n;
	pacta_error err;

	open_record(&f);
	add_rate(&f, 2001, "2002-06-30", 5, 7, 71);
	add_rate(&f, 2001, "2003-01-10", -1, -1, 80);
	add_rate(&f, 1999, "2000-12-01", -1, 6, -1);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2002-12-31"), 2001, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ys[0].year, 2001);
	assert_int_equal(ys[0].required, 7);
	assert_int_equal(ys[0].submitted, 5);
	assert_int_equal(ys[0].late, 1); /* FRE, 4 May */
	assert_int_equal(ys[0].missed, 2);
	assert_int_equal(ys[0].unknown, 0);
	assert_true(ys[0].rate > 71.42 && ys[0].rate < 71.43);
	assert_int_equal(ys[0].n_stated, 1); /* the 2003 figure comes later */
	assert_int_equal(f.rec->stated[ys[0].stated[0]].rate, 71);

	char *json = pacta_report_reports_json(f.ts, fx_day("2002-12-31"), ys, n, NULL, 0);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"rate\": 71.4,"));
	assert_non_null(strstr(json, "\"required_meaning\": \"States Parties for which the treaty"
				     " was in force on 30 April of the year covered"));
	assert_null(strstr(json, "\"states\""));
	free(json);
	free(ys);
	fx_close(&f);
}

/* One year's JSON lists its states, each with the row it rests on, and
 * the year's distinct sources. */
static void test_year_json(void **state)
{
	(void)state;
	struct fx f;
	pacta_report_year *ys;
	pacta_report_entry *es;
	size_t n, ne;
	pacta_error err;

	open_record(&f);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2002-12-31"), 1999, &ys, &n, &err),
			 PACTA_OK);
	assert_int_equal(pacta_reports_entries(f.ts, fx_day("2002-12-31"), 1999, &es, &ne, &err),
			 PACTA_OK);
	char *json = pacta_report_reports_json(f.ts, fx_day("2002-12-31"), ys, n, es, ne);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"sources\": [\n        \"https://example.org/un\",\n"
				     "        \"https://example.org/list\"\n      ]"));
	assert_non_null(strstr(json, "\"state\": \"BOR\",\n      \"name\": \"Borduria\",\n"
				     "      \"report\": \"missed\""));
	assert_non_null(strstr(json, "\"report\": \"unknown\",\n      \"submitted_on\": null,\n"
				     "      \"late\": null,\n      \"source_url\": null"));
	free(json);
	free(ys);
	free(es);
	fx_close(&f);
}

static void test_errors(void **state)
{
	(void)state;
	struct fx f;
	pacta_report_year *ys;
	pacta_report_entry *es;
	size_t n;
	pacta_error err;

	open_record(&f);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2002-12-31"), 2002, &ys, &n, &err),
			 PACTA_ERR_NOTFOUND);
	assert_string_equal(err.message, "reports of mini were due for 1999 to 2001, not 2002");
	assert_int_equal(pacta_reports_entries(f.ts, fx_day("2002-12-31"), 1998, &es, &n, &err),
			 PACTA_ERR_NOTFOUND);
	assert_int_equal(pacta_reports_entries(f.ts, fx_day("2002-12-31"), 0, &es, &n, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_reports_years(f.ts, fx_day("1998-01-01"), 1999, &ys, &n, &err),
			 PACTA_ERR_NOTFOUND);
	assert_string_equal(err.message, "no annual report of mini was due by then");
	fx_close(&f);

	/* Rules without an annual obligation. */
	fx_open_obligations(&f, "[{\"id\": \"4\", \"article\": \"4\", \"name\": \"stockpiles\","
				" \"kind\": \"deadline\", \"applies\": \"recorded\","
				" \"delay\": {\"years\": 4}}]");
	fx_base(&f);
	fx_finish(&f);
	assert_null(pacta_reports_rule(f.ts));
	assert_int_equal(pacta_reports_years(f.ts, fx_day("2002-12-31"), 0, &ys, &n, &err),
			 PACTA_ERR_NOTFOUND);
	assert_string_equal(err.message, "the rules of mini name no annual report");
	assert_null(pacta_report_reports_json(f.ts, fx_day("2002-12-31"), NULL, 0, NULL, 0));
	fx_close(&f);
}

/* A report row that the loader refuses: where and why. */
static void load_fails(const char *row, const char *column, const char *sub)
{
	struct fx f;
	pacta_error err;
	char csv[1024];

	fx_open_obligations(&f, NULL);
	snprintf(csv, sizeof(csv), "%s%s\n", HEAD, row);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_load_obligations_csv(f.rec, 0, csv, strlen(csv), "r.csv",
							   &err),
			 PACTA_ERR_PARSE);
	if (strcmp(err.where, "r.csv:2") != 0 || !strstr(err.message, column) ||
	    !strstr(err.message, sub))
		fail_msg("'%s' gave %s: %s", row, err.where, err.message);
	assert_int_equal(f.rec->n_obligation_events, 0);
	fx_close(&f);
}

static void test_report_rows(void **state)
{
	(void)state;
	load_fails("ARC,7.2,missed,2001-06-01,,,https://example.org/l,",
		   "column 'value'", "a 'missed' annual report needs the calendar year it covers");
	load_fails("ARC,7.2,report_submitted,2001-06-01,,99,https://example.org/l,",
		   "column 'value'", "expected the calendar year covered (YYYY)");
	load_fails("ARC,7.2,missed,2001-06-01,,10000,https://example.org/l,",
		   "column 'value'", "expected the calendar year covered (YYYY)");
	load_fails("ARC,7.2,report_submitted,2001-06-01,,2001,https://example.org/l,",
		   "column 'value'", "a report covers a calendar year that ended before its date");
	load_fails("ARC,7.2,missed,2001-04-30,,2000,https://example.org/l,", "column 'date'",
		   "a report is missed only after its due day");

	/* The day after the due day is the first a report can be missed. */
	struct fx f;
	fx_open_obligations(&f, NULL);
	fx_obligations_csv(&f, HEAD "ARC,7.2,missed,2001-05-01,,2000,https://example.org/l,\n"
				    "ARC,7.1,missed,1999-08-28,,,https://example.org/l,\n");
	assert_int_equal(f.rec->n_obligation_events, 2);
	fx_close(&f);
}

/* The published-rates file, read from a data directory. */
static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void open_with_rates(struct fx *f)
{
	char base[4096], json[8192];
	fx_rules_text(base, sizeof(base), NULL);
	fx_replace(base, "\"rules\":", "\"stated_report_rates\": [\"r.csv\"], \"rules\":", json,
		   sizeof(json));
	fx_open_rules(f, json, strlen(json));
	fx_base(f);
	fx_finish(f);
}

static void rates_fail(const char *row, const char *sub)
{
	struct fx f;
	pacta_error err;
	char text[512];

	snprintf(text, sizeof(text),
		 "year,as_at,submitted,not_submitted,required,rate,source_url,note\n"
		 "2009,2010-12-02,85,71,156,54,https://example.org/p,good\n%s\n",
		 row);
	write_file("r.csv", text);
	open_with_rates(&f);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_load_stated(f.rec, tmpdir, &err), PACTA_ERR_PARSE);
	if (strcmp(err.where, "r.csv:3") != 0 || !strstr(err.message, sub))
		fail_msg("'%s' gave %s: %s", row, err.where, err.message);
	assert_int_equal(f.rec->n_stated, 0);
	fx_close(&f);
}

static void test_rates_file(void **state)
{
	(void)state;
	struct fx f;
	pacta_error err;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pacta-reports-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	/* No treaties directory: a database used without its data. */
	open_with_rates(&f);
	assert_int_equal(pacta_record_load_stated(f.rec, tmpdir, &err), PACTA_OK);
	assert_int_equal(f.rec->n_stated, 0);
	fx_close(&f);

	char sub[128];
	snprintf(sub, sizeof(sub), "%s/treaties", tmpdir);
	assert_int_equal(mkdir(sub, 0700), 0);
	write_file("r.csv", "year,as_at,submitted,not_submitted,required,rate,source_url,note\n"
			    "2009,2010-12-02,85,71,156,54,https://example.org/p,ICBL\n"
			    "2010,2011-06-22,,,,44,https://example.org/q,\n");
	open_with_rates(&f);
	assert_int_equal(pacta_record_load_stated(f.rec, tmpdir, &err), PACTA_OK);
	assert_int_equal(f.rec->n_stated, 2);
	const pacta_stated *s = &f.rec->stated[0];
	assert_int_equal(s->kind, PACTA_STATED_REPORT_RATE);
	assert_int_equal(s->year, 2009);
	assert_day(s->date, "2010-12-02");
	assert_int_equal(s->value, 85);
	assert_int_equal(s->not_submitted, 71);
	assert_int_equal(s->required, 156);
	assert_int_equal(s->rate, 54);
	assert_string_equal(s->origin, "r.csv:2");
	assert_int_equal(f.rec->stated[1].value, -1);
	assert_int_equal(f.rec->stated[1].required, -1);
	fx_close(&f);

	rates_fail("20x9,2010-12-02,,,,54,https://example.org/p,", "column 'year'");
	rates_fail("2009,2010-02-30,,,,54,https://example.org/p,", "column 'as_at'");
	rates_fail("2009,2009-12-31,,,,54,https://example.org/p,",
		   "a count of the reports on a year is made after that year");
	rates_fail("2009,2010-12-02,-1,,,54,https://example.org/p,", "column 'submitted'");
	rates_fail("2009,2010-12-02,,x,,54,https://example.org/p,", "column 'not_submitted'");
	rates_fail("2009,2010-12-02,,,1e3,54,https://example.org/p,", "column 'required'");
	rates_fail("2009,2010-12-02,,,,101,https://example.org/p,",
		   "expected a whole percent from 0 to 100");
	rates_fail("2009,2010-12-02,,,,,https://example.org/p,", "a row needs a count or a rate");
	rates_fail("2009,2010-12-02,85,70,156,,https://example.org/p,",
		   "submitted and not submitted do not add up to it");
	rates_fail("2009,2010-12-02,157,,156,,https://example.org/p,",
		   "submitted and not submitted do not add up to it");
	rates_fail("2009,2010-12-02,,157,156,,https://example.org/p,",
		   "submitted and not submitted do not add up to it");
	rates_fail("2009,2010-12-02,,,,54,,", "every row needs an http(s) source");
	rates_fail("2009,2010-12-02,,,,54,ftp://example.org/p,", "not a valid http(s) URL");
	snprintf(sub, sizeof(sub), "%s/r.csv", tmpdir);
	remove(sub);
	snprintf(sub, sizeof(sub), "%s/treaties", tmpdir);
	rmdir(sub);
	rmdir(tmpdir);
}

/* The bundled record against the published figures. */
static void test_bundled_against_published(void **state)
{
	(void)state;
	const char *root = getenv("PACTA_SOURCE_ROOT");
	char dir[4096];
	pacta_error err;
	pacta_treaty_status *ts;
	pacta_report_year *ys;
	size_t n;

	if (!root)
		fail_msg("PACTA_SOURCE_ROOT is not set");
	snprintf(dir, sizeof(dir), "%s/data", root);
	pacta_record *rec = pacta_record_new();
	assert_non_null(rec);
	if (pacta_record_load_dir(rec, dir, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	int32_t t = pacta_record_treaty_by_id(rec, "apmbc");
	assert_true(t >= 0);
	assert_int_equal(pacta_status_compile(rec, (uint32_t)t, &ts, &err), PACTA_OK);
	assert_int_equal(pacta_reports_years(ts, fx_day("2026-12-06"), 0, &ys, &n, &err), PACTA_OK);
	assert_int_equal(ys[0].year, 1999);
	assert_int_equal(ys[n - 1].year, 2025);
	size_t checked = 0;
	for (size_t i = 0; i < n; i++) {
		const pacta_report_year *y = &ys[i];
		for (size_t k = 0; k < y->n_stated; k++) {
			const pacta_stated *s = &rec->stated[y->stated[k]];
			long long req = (long long)y->required;
			/* A published denominator is pacta's (data/NOTES.md
			 * explains every published figure). */
			if (s->required >= 0 && s->required != req)
				fail_msg("%d: published %lld required, pacta %lld", y->year,
					 s->required, req);
			/* A count of the missing with a rate: pacta's States
			 * Parties less the missing give the rate within a point. */
			if (s->not_submitted >= 0 && s->rate >= 0) {
				double r = 100.0 * (double)(req - s->not_submitted) / (double)req;
				if (r < s->rate - 1 || r > s->rate + 1)
					fail_msg("%d: %.1f%% from %lld missing of %lld, published %d%%",
						 y->year, r, s->not_submitted, req, s->rate);
				checked++;
			}
			/* Where pacta knows every report, its rate is the
			 * published one within a point. */
			if (y->rate >= 0 && s->rate >= 0 &&
			    (y->rate < s->rate - 1 || y->rate > s->rate + 1))
				fail_msg("%d: pacta %.1f%%, published %d%%", y->year, y->rate, s->rate);
			/* Never more missing than the source counts. */
			if (s->not_submitted >= 0 && (long long)y->missed > s->not_submitted)
				fail_msg("%d: %zu missed, the source counts %lld", y->year, y->missed,
					 s->not_submitted);
		}
	}
	assert_int_equal(checked, 3); /* 2009, 2010 (December 2011), 2014 */
	/* The ICBL's figures: 62% for 2002, 78% then 79% for 2003 (its high),
	 * 54% for 2009. */
	assert_int_equal(ys[2002 - 1999].year, 2002);
	assert_int_equal(rec->stated[ys[2002 - 1999].stated[0]].rate, 62);
	assert_int_equal(ys[2003 - 1999].n_stated, 2);
	assert_int_equal(rec->stated[ys[2003 - 1999].stated[0]].rate, 78);
	assert_int_equal(rec->stated[ys[2003 - 1999].stated[1]].rate, 79);
	assert_int_equal(ys[2009 - 1999].required, 156);
	assert_int_equal(rec->stated[ys[2009 - 1999].stated[0]].rate, 54);
	/* The states the sources name. */
	assert_int_equal(ys[2010 - 1999].missed, 9);
	assert_int_equal(ys[2014 - 1999].missed, 82);
	free(ys);
	pacta_treaty_status_free(ts);
	pacta_record_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_first_year),
		cmocka_unit_test(test_as_recorded),
		cmocka_unit_test(test_denominator),
		cmocka_unit_test(test_rate_and_published),
		cmocka_unit_test(test_year_json),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_report_rows),
		cmocka_unit_test(test_rates_file),
		cmocka_unit_test(test_bundled_against_published),
	};

	return cmocka_run_group_tests_name("reports", tests, NULL, NULL);
}
