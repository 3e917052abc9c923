/*
 * test_panel.c - panels: the two rules on partial periods, entry into force
 * mid-period, withdrawal effective on the first and last day of a period,
 * leap days and month ends, which states are listed, CSV quoting and
 * formula safety, NDJSON.
 */
#include "fixture.h"

#include <jansson.h>

#include "pacta/panel.h"

#define MAX_ROWS 64

typedef struct got {
	size_t n;
	char lines[MAX_ROWS][PACTA_PANEL_ROW_MAX];
	pacta_panel_row rows[MAX_ROWS];
	pacta_panel_format fmt;
} got;

static int sink(void *ctx, const pacta_panel_row *row)
{
	got *g = ctx;
	if (g->n == MAX_ROWS)
		return 1;
	g->rows[g->n] = *row;
	pacta_panel_format_row(g->fmt, row, g->lines[g->n]);
	g->n++;
	return 0;
}

static void run(const struct fx *f, pacta_panel_options *opt, got *g)
{
	pacta_error err;
	const pacta_treaty_status *ts = f->ts;
	g->n = 0;
	if (pacta_panel_each(&ts, 1, opt, sink, g, &err) != PACTA_OK)
		fail_msg("panel: %s: %s", err.where, err.message);
}

static pacta_panel_options window(const char *from, const char *to, pacta_unit unit,
				  pacta_panel_rule rule, const uint32_t *who, size_t n)
{
	pacta_panel_options o;
	memset(&o, 0, sizeof(o));
	o.from = fx_day(from);
	o.to = fx_day(to);
	o.unit = unit;
	o.rule = rule;
	o.participants = who;
	o.n_participants = n;
	return o;
}

/* ARC, ELB, BOR, COS: in force 1999-03-01. ELB notifies withdrawal
 * 2009-07-01 (effective 2010-01-01, the first day of a year); BOR
 * 2010-05-31 (effective 2010-11-30, the last day of November); HYR
 * accedes 1999-08-15 (in force 2000-02-01, mid-year). */
static void open_story(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "ELB", "withdrawal", "2009-07-01", NULL, NULL);
	fx_act(f, "BOR", "withdrawal", "2010-05-31", NULL, NULL);
	fx_act(f, "HYR", "accession", "1999-08-15", NULL, NULL);
	fx_finish(f);
}

static void test_eif_mid_period(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_CSV};
	open_story(&f);
	uint32_t hyr = fx_p(&f, "HYR");
	pacta_panel_options o = window("1999-01-01", "2000-12-31", PACTA_UNIT_YEAR,
				       PACTA_PANEL_END_OF_PERIOD, &hyr, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.lines[0], "mini,HYR,1999,consented,0,0,,1999-08-15,2000-02-01,,\r\n");
	/* 2000-02-01 .. 2000-12-31: 335 days of a leap year. */
	assert_string_equal(g.lines[1], "mini,HYR,2000,party,1,335,,1999-08-15,2000-02-01,,\r\n");
	/* Months: January 2000 not bound by either rule, February bound. */
	o = window("2000-01-01", "2000-02-01", PACTA_UNIT_MONTH, PACTA_PANEL_ANY_TIME, &hyr, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 2);
	assert_false(g.rows[0].bound);
	assert_true(g.rows[1].bound);
	assert_int_equal(g.rows[1].bound_days, 29);
	assert_day(g.rows[1].end, "2000-02-29");
	fx_close(&f);
}

static void test_withdrawal_first_day(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_CSV};
	open_story(&f);
	uint32_t elb = fx_p(&f, "ELB");
	for (int rule = 0; rule < 2; rule++) {
		pacta_panel_options o = window("2009-01-01", "2010-12-31", PACTA_UNIT_YEAR,
					       (pacta_panel_rule)rule, &elb, 1);
		run(&f, &o, &g);
		assert_int_equal(g.n, 2);
		/* Bound all of 2009 under both rules, none of 2010. */
		assert_string_equal(g.lines[0], "mini,ELB,2009,withdrawal_pending,1,365,1997-12-04,"
						"1998-08-01,1999-03-01,2009-07-01,2010-01-01\r\n");
		assert_string_equal(g.lines[1], "mini,ELB,2010,withdrawn,0,0,1997-12-04,"
						"1998-08-01,1999-03-01,2009-07-01,2010-01-01\r\n");
	}
	fx_close(&f);
}

static void test_withdrawal_last_day(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_CSV};
	open_story(&f);
	uint32_t bor = fx_p(&f, "BOR");
	pacta_panel_options o = window("2010-10-01", "2010-12-31", PACTA_UNIT_MONTH,
				       PACTA_PANEL_END_OF_PERIOD, &bor, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 3);
	assert_true(g.rows[0].bound);
	assert_int_equal(g.rows[0].bound_days, 31);
	/* Withdrawn on 2010-11-30, the month's last day: not bound at the
	 * end of November, but bound on 29 of its days. */
	assert_string_equal(pacta_status_name(g.rows[1].view.status), "withdrawn");
	assert_false(g.rows[1].bound);
	assert_int_equal(g.rows[1].bound_days, 29);
	o.rule = PACTA_PANEL_ANY_TIME;
	run(&f, &o, &g);
	assert_true(g.rows[1].bound);
	assert_false(g.rows[2].bound);
	/* The year 2010: withdrawn at its end, bound until 2010-11-29. */
	o = window("2010-01-01", "2010-12-31", PACTA_UNIT_YEAR, PACTA_PANEL_ANY_TIME, &bor, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 1);
	assert_true(g.rows[0].bound);
	assert_int_equal(g.rows[0].bound_days, 333);
	fx_close(&f);
}

static void test_leap_day(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_CSV};
	open_story(&f);
	uint32_t hyr = fx_p(&f, "HYR");
	pacta_panel_options o = window("2000-01-31", "2000-02-01", PACTA_UNIT_DAY,
				       PACTA_PANEL_END_OF_PERIOD, &hyr, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 2);
	assert_false(g.rows[0].bound);
	assert_true(g.rows[1].bound);
	o = window("2000-02-28", "2000-03-01", PACTA_UNIT_DAY, PACTA_PANEL_END_OF_PERIOD, &hyr, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 3);
	assert_true(strncmp(g.lines[1], "mini,HYR,2000-02-29,party,1,1,", 30) == 0);
	o = window("2001-02-28", "2001-03-01", PACTA_UNIT_DAY, PACTA_PANEL_END_OF_PERIOD, &hyr, 1);
	run(&f, &o, &g);
	assert_int_equal(g.n, 2);
	fx_close(&f);
}

static void test_which_states(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_CSV};
	open_story(&f);
	/* 1998: the four first states and nobody else. */
	pacta_panel_options o = window("1998-01-01", "1998-12-31", PACTA_UNIT_YEAR,
				       PACTA_PANEL_END_OF_PERIOD, NULL, 0);
	run(&f, &o, &g);
	assert_int_equal(g.n, 4);
	/* HYR acceded in 1999 and appears from then. */
	o = window("1999-01-01", "1999-12-31", PACTA_UNIT_YEAR, PACTA_PANEL_END_OF_PERIOD, NULL, 0);
	run(&f, &o, &g);
	assert_int_equal(g.n, 5);
	o.all_states = true;
	run(&f, &o, &g);
	assert_int_equal(g.n, FX_N_STATES);
	fx_close(&f);
}

static void test_errors(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_CSV};
	pacta_error err;
	open_story(&f);
	const pacta_treaty_status *ts = f.ts;
	pacta_panel_options o = window("2001-01-01", "2000-12-31", PACTA_UNIT_YEAR,
				       PACTA_PANEL_END_OF_PERIOD, NULL, 0);
	assert_int_equal(pacta_panel_each(&ts, 1, &o, sink, &g, &err), PACTA_ERR_USAGE);
	assert_non_null(strstr(err.message, "starts (2001-01-01) after it ends"));
	/* Within one year, the window is widened to the whole year. */
	o = window("2000-06-01", "2000-05-01", PACTA_UNIT_YEAR, PACTA_PANEL_END_OF_PERIOD, NULL, 0);
	assert_int_equal(pacta_panel_each(&ts, 1, &o, sink, &g, &err), PACTA_OK);
	uint32_t bad = 999;
	o = window("2000-01-01", "2000-12-31", PACTA_UNIT_YEAR, PACTA_PANEL_END_OF_PERIOD, &bad, 1);
	assert_int_equal(pacta_panel_each(&ts, 1, &o, sink, &g, &err), PACTA_ERR_USAGE);
	/* A sink that stops stops the panel. */
	o = window("1990-01-01", "2040-12-31", PACTA_UNIT_MONTH, PACTA_PANEL_END_OF_PERIOD, NULL, 0);
	g.n = 0;
	assert_int_equal(pacta_panel_each(&ts, 1, &o, sink, &g, &err), PACTA_ERR_IO);
	assert_int_equal(g.n, MAX_ROWS);
	fx_close(&f);
}

static void test_csv_quoting(void **state)
{
	(void)state;
	char buf[PACTA_PANEL_ROW_MAX];
	pacta_panel_row row;
	memset(&row, 0, sizeof(row));
	row.unit = PACTA_UNIT_YEAR;
	row.start = fx_day("2024-01-01");
	row.end = fx_day("2024-12-31");
	row.view.signed_on = row.view.consented_on = row.view.entry_into_force = PACTA_DAY_NONE;
	row.view.withdrawal_notified = row.view.withdrawal_effective = PACTA_DAY_NONE;
	static const struct {
		const char *treaty, *state, *want;
	} cases[] = {
		{"=cmd", "ABC", "'=cmd,ABC,"},
		{"+1", "@x", "'+1,'@x,"},
		{"-x\"y", "A,B", "\"'-x\"\"y\",\"A,B\","},
		{"\tt", "a\r\nb", "'\tt,\"a\r\nb\","},
		{" lead", "trail ", "\" lead\",\"trail \","},
		{"plain", "LVA", "plain,LVA,"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		row.treaty = cases[i].treaty;
		row.state = cases[i].state;
		size_t n = pacta_panel_format_row(PACTA_PANEL_CSV, &row, buf);
		assert_int_equal(n, strlen(buf));
		if (strncmp(buf, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: got %s", i, buf);
		assert_string_equal(buf + strlen(cases[i].want), "2024,none,0,0,,,,,\r\n");
	}
	assert_string_equal(pacta_panel_header(PACTA_PANEL_CSV),
			    "treaty,state,period,status,bound,bound_days,signature,consent,"
			    "entry_into_force,withdrawal_notified,withdrawal_effective\r\n");
	assert_string_equal(pacta_panel_header(PACTA_PANEL_NDJSON), "");
}

static void test_ndjson(void **state)
{
	(void)state;
	struct fx f = {0};
	got g = {.fmt = PACTA_PANEL_NDJSON};
	open_story(&f);
	pacta_panel_options o = window("2009-01-01", "2010-12-31", PACTA_UNIT_YEAR,
				       PACTA_PANEL_ANY_TIME, NULL, 0);
	o.all_states = true;
	run(&f, &o, &g);
	assert_int_equal(g.n, 2 * FX_N_STATES);
	for (size_t i = 0; i < g.n; i++) {
		size_t len = strlen(g.lines[i]);
		assert_true(len > 1 && g.lines[i][len - 1] == '\n');
		assert_null(memchr(g.lines[i], '\n', len - 1));
		json_error_t je;
		json_t *j = json_loads(g.lines[i], 0, &je);
		if (!j)
			fail_msg("line %zu is not JSON: %s: %s", i, je.text, g.lines[i]);
		assert_string_equal(json_string_value(json_object_get(j, "treaty")), "mini");
		assert_string_equal(json_string_value(json_object_get(j, "state")),
				    g.rows[i].state);
		assert_true(json_is_boolean(json_object_get(j, "bound")));
		assert_int_equal(json_integer_value(json_object_get(j, "bound_days")),
				 g.rows[i].bound_days);
		assert_int_equal(json_object_size(j), 11);
		json_decref(j);
	}
	/* A treaty id needing escapes still gives one valid line, with the
	 * escapes every JSON string pacta writes by hand has (jsontext.h). */
	pacta_panel_row row = g.rows[0];
	char buf[PACTA_PANEL_ROW_MAX];
	row.treaty = "a\"b\\c\n\x01\t\r\x1f/";
	pacta_panel_format_row(PACTA_PANEL_NDJSON, &row, buf);
	assert_non_null(strstr(buf, "{\"treaty\":\"a\\\"b\\\\c\\n\\u0001\\t\\r\\u001f/\","));
	json_t *j = json_loads(buf, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "treaty")), "a\"b\\c\n\x01\t\r\x1f/");
	json_decref(j);
	fx_close(&f);
}

typedef struct checker {
	const struct fx *f;
	size_t rows;
	pacta_day next;      /* the day the next row must be */
	uint32_t participant;
} checker;

/* Every row of a day panel is the view of its day (report.h), and the
 * days follow one another. */
static int check_row(void *ctx, const pacta_panel_row *row)
{
	checker *c = ctx;
	if (row->participant != c->participant) {
		c->participant = row->participant;
		c->next = fx_day("1997-01-01");
	}
	if (row->start != c->next || row->end != row->start)
		fail_msg("row %zu: day out of order", c->rows);
	char want[PACTA_DATE_BUFSZ];
	pacta_date_format(row->start, want);
	assert_string_equal(row->label, want);
	pacta_state_view v = pacta_state_view_on(c->f->ts, row->participant, row->start);
	if (v.status != row->view.status || v.signed_on != row->view.signed_on ||
	    v.consented_on != row->view.consented_on ||
	    v.entry_into_force != row->view.entry_into_force ||
	    v.withdrawal_notified != row->view.withdrawal_notified ||
	    v.withdrawal_effective != row->view.withdrawal_effective ||
	    row->bound != pacta_status_is_bound(v.status) ||
	    row->bound_days != (row->bound ? 1 : 0))
		fail_msg("%s on %s: the row differs from the day's view", row->state, want);
	c->next = row->start + 1;
	c->rows++;
	return 0;
}

static void test_day_panel_is_each_day(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_error err;
	open_story(&f);
	fx_conflict(&f, "ARC", "2005-01-01", "2006-06-01");
	fx_act(&f, "ARC", "withdrawal", "2005-03-15", NULL, NULL);
	fx_act(&f, "ELB", "accession", "2011-02-28", NULL, NULL);
	fx_act(&f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_finish(&f);
	const pacta_treaty_status *ts = f.ts;
	pacta_panel_options o = window("1997-01-01", "2012-12-31", PACTA_UNIT_DAY,
				       PACTA_PANEL_END_OF_PERIOD, NULL, 0);
	o.all_states = true;
	checker c = {&f, 0, 0, UINT32_MAX};
	assert_int_equal(pacta_panel_each(&ts, 1, &o, check_row, &c, &err), PACTA_OK);
	assert_int_equal(c.rows, FX_N_STATES * 5844);
	fx_close(&f);
}

typedef struct joined {
	FILE *out;
	pacta_panel_format fmt;
} joined;

static int join_row(void *ctx, const pacta_panel_row *row)
{
	joined *j = ctx;
	char buf[PACTA_PANEL_ROW_MAX];
	size_t n = pacta_panel_format_row(j->fmt, row, buf);
	return fwrite(buf, 1, n, j->out) != n;
}

/* pacta_panel_write takes a shortcut for runs of days (a row copied with
 * its date rewritten): its bytes must be those of the rows formatted one
 * by one, in both formats (CSV rows are under 128 bytes here, NDJSON rows
 * over), across month and year ends, a leap day, and up to the last day a
 * date can have. */
static void test_write_is_rows_formatted(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_error err;
	const char *windows[][2] = {{"1997-01-01", "2012-12-31"}, {"9999-11-15", "9999-12-31"}};
	open_story(&f);
	const pacta_treaty_status *ts = f.ts;
	for (int fmt = PACTA_PANEL_CSV; fmt <= PACTA_PANEL_NDJSON; fmt++) {
		for (size_t w = 0; w < sizeof(windows) / sizeof(windows[0]); w++) {
			char *fast = NULL, *slow = NULL;
			size_t fast_len = 0, slow_len = 0;
			pacta_panel_options o = window(windows[w][0], windows[w][1], PACTA_UNIT_DAY,
						       PACTA_PANEL_END_OF_PERIOD, NULL, 0);
			o.all_states = true;
			FILE *a = open_memstream(&fast, &fast_len);
			FILE *b = open_memstream(&slow, &slow_len);
			assert_non_null(a);
			assert_non_null(b);
			assert_int_equal(pacta_panel_write(a, (pacta_panel_format)fmt, &ts, 1, &o, &err),
					 PACTA_OK);
			joined j = {b, (pacta_panel_format)fmt};
			fputs(pacta_panel_header((pacta_panel_format)fmt), b);
			assert_int_equal(pacta_panel_each(&ts, 1, &o, join_row, &j, &err), PACTA_OK);
			fclose(a);
			fclose(b);
			assert_true(slow_len > 10000);
			assert_int_equal(fast_len, slow_len);
			assert_memory_equal(fast, slow, slow_len);
			free(fast);
			free(slow);
		}
	}
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eif_mid_period),
		cmocka_unit_test(test_withdrawal_first_day),
		cmocka_unit_test(test_withdrawal_last_day),
		cmocka_unit_test(test_leap_day),
		cmocka_unit_test(test_which_states),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_ndjson),
		cmocka_unit_test(test_day_panel_is_each_day),
		cmocka_unit_test(test_write_is_rows_formatted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
