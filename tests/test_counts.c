/*
 * test_counts.c - count series: every point equals pacta_status_count() on
 * its day; steps by day, month and year; limits and errors; the JSON shape.
 */
#include "fixture.h"

#include <jansson.h>

#include "pacta/counts.h"

static void open_story(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "FRE", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "ratification", "2001-03-10", NULL, NULL);
	fx_act(f, "ELB", "withdrawal", "2009-07-01", NULL, NULL);
	fx_act(f, "ELB", "accession", "2012-02-29", NULL, NULL);
	fx_act(f, "HYR", "accession", "1999-08-15", NULL, NULL);
	fx_act(f, "ILL", "succession", "2006-06-03", "2006-06-03", NULL);
	fx_finish(f);
}

static void expect_equal(const struct fx *f, const char *from, const char *to, pacta_unit unit,
			 size_t want_n)
{
	pacta_counts_point *pts;
	size_t n;
	pacta_error err;
	if (pacta_counts_series(f->ts, fx_day(from), fx_day(to), unit, &pts, &n, &err))
		fail_msg("series: %s", err.message);
	if (want_n)
		assert_int_equal(n, want_n);
	for (size_t i = 0; i < n; i++) {
		pacta_counts c = pacta_status_count(f->ts, pts[i].date);
		if (c.parties != pts[i].parties || c.consented != pts[i].consented ||
		    c.signatories != pts[i].signatories) {
			char d[PACTA_DATE_BUFSZ];
			fail_msg("%s: series %zu/%zu/%zu, count %zu/%zu/%zu",
				 pacta_date_format(pts[i].date, d), pts[i].parties,
				 pts[i].consented, pts[i].signatories, c.parties, c.consented,
				 c.signatories);
		}
	}
	free(pts);
}

static void test_equals_status_count(void **state)
{
	(void)state;
	struct fx f = {0};
	open_story(&f);
	/* Every day of fifteen years, and by months and years. */
	expect_equal(&f, "1997-01-01", "2013-12-31", PACTA_UNIT_DAY, 6209);
	expect_equal(&f, "1997-01-31", "2013-12-31", PACTA_UNIT_MONTH, 204);
	expect_equal(&f, "1996-02-29", "2014-01-01", PACTA_UNIT_YEAR, 18);
	fx_close(&f);
}

static void test_steps(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_counts_point *pts;
	size_t n;
	pacta_error err;
	open_story(&f);
	assert_int_equal(pacta_counts_series(f.ts, fx_day("2024-01-31"), fx_day("2024-04-30"),
					     PACTA_UNIT_MONTH, &pts, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 4);
	assert_day(pts[1].date, "2024-02-29");
	assert_day(pts[2].date, "2024-03-31");
	assert_day(pts[3].date, "2024-04-30");
	free(pts);
	assert_int_equal(pacta_counts_series(f.ts, fx_day("2024-02-29"), fx_day("2028-03-01"),
					     PACTA_UNIT_YEAR, &pts, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 5);
	assert_day(pts[1].date, "2025-02-28");
	assert_day(pts[4].date, "2028-02-29");
	free(pts);
	assert_int_equal(pacta_counts_series(f.ts, fx_day("2024-02-29"), fx_day("2024-02-29"),
					     PACTA_UNIT_DAY, &pts, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 1);
	free(pts);
	assert_int_equal(pacta_counts_series(f.ts, fx_day("2024-03-01"), fx_day("2024-02-29"),
					     PACTA_UNIT_DAY, &pts, &n, &err),
			 PACTA_ERR_USAGE);
	assert_null(pts);
	assert_int_equal(pacta_counts_series(f.ts, fx_day("0001-01-01"), fx_day("9999-12-31"),
					     PACTA_UNIT_DAY, &pts, &n, &err),
			 PACTA_ERR_LIMIT);
	fx_close(&f);
}

static void test_json(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_error err;
	open_story(&f);
	char *text = pacta_counts_series_json(f.ts, fx_day("1999-02-28"), fx_day("1999-03-01"),
					      PACTA_UNIT_DAY, &err);
	assert_non_null(text);
	assert_int_equal(text[strlen(text) - 1], '\n');
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_int_equal(json_object_size(j), 6);
	assert_string_equal(json_string_value(json_object_get(j, "treaty")), "mini");
	assert_string_equal(json_string_value(json_object_get(j, "from")), "1999-02-28");
	assert_string_equal(json_string_value(json_object_get(j, "to")), "1999-03-01");
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "day");
	json_t *m = json_object_get(j, "meaning");
	assert_string_equal(json_string_value(json_object_get(m, "parties")),
			    pacta_counts_meaning_parties);
	assert_non_null(json_object_get(m, "consented"));
	assert_non_null(json_object_get(m, "signatories"));
	json_t *s = json_object_get(j, "series");
	assert_int_equal(json_array_size(s), 2);
	json_t *p0 = json_array_get(s, 0), *p1 = json_array_get(s, 1);
	assert_int_equal(json_object_size(p0), 4);
	assert_string_equal(json_string_value(json_object_get(p0, "date")), "1999-02-28");
	/* The treaty enters into force on 1999-03-01 for the first four. */
	assert_int_equal(json_integer_value(json_object_get(p0, "parties")), 0);
	assert_int_equal(json_integer_value(json_object_get(p0, "consented")), 4);
	assert_int_equal(json_integer_value(json_object_get(p1, "parties")), 4);
	assert_int_equal(json_integer_value(json_object_get(p1, "consented")), 0);
	assert_int_equal(json_integer_value(json_object_get(p1, "signatories")), 2);
	json_decref(j);
	free(text);
	assert_null(pacta_counts_series_json(f.ts, fx_day("1999-03-01"), fx_day("1999-02-28"),
					     PACTA_UNIT_DAY, &err));
	assert_int_equal(err.code, PACTA_ERR_USAGE);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals_status_count),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
