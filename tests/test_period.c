/*
 * test_period.c - units, window bounds and labels.
 */
#include "fixture.h"

#include "pacta/period.h"

static void test_units(void **state)
{
	(void)state;
	pacta_unit u;
	assert_true(pacta_unit_parse("year", &u) && u == PACTA_UNIT_YEAR);
	assert_true(pacta_unit_parse("month", &u) && u == PACTA_UNIT_MONTH);
	assert_true(pacta_unit_parse("day", &u) && u == PACTA_UNIT_DAY);
	assert_false(pacta_unit_parse("week", &u));
	assert_false(pacta_unit_parse("", &u));
	assert_false(pacta_unit_parse(NULL, &u));
	assert_string_equal(pacta_unit_name(PACTA_UNIT_MONTH), "month");
}

static void test_bounds(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		bool end;
		const char *want; /* NULL: refused */
	} cases[] = {
		{"2024", false, "2024-01-01"},	    {"2024", true, "2024-12-31"},
		{"2024-02", false, "2024-02-01"},   {"2024-02", true, "2024-02-29"},
		{"2023-02", true, "2023-02-28"},    {"2025-12-27", false, "2025-12-27"},
		{"2025-12-27", true, "2025-12-27"}, {"2024-13", false, NULL},
		{"2024-00", true, NULL},	    {"2023-02-29", false, NULL},
		{"24", false, NULL},		    {"20x4", false, NULL},
		{"2024-1", false, NULL},	    {"", false, NULL},
		{"0000", false, NULL},		    {"2024-02-01x", false, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pacta_day d = PACTA_DAY_NONE;
		pacta_error err;
		pacta_rc rc = pacta_period_parse_bound(cases[i].in, cases[i].end, "--from", &d, &err);
		if (!cases[i].want) {
			assert_int_equal(rc, PACTA_ERR_USAGE);
			assert_string_equal(err.where, "--from");
			assert_non_null(strstr(err.message, "YYYY"));
			continue;
		}
		assert_int_equal(rc, PACTA_OK);
		assert_day(d, cases[i].want);
	}
}

static void test_periods(void **state)
{
	(void)state;
	char l[PACTA_DATE_BUFSZ];
	pacta_day d = fx_day("2024-02-15");
	assert_day(pacta_period_start(PACTA_UNIT_YEAR, d), "2024-01-01");
	assert_day(pacta_period_end(PACTA_UNIT_YEAR, d), "2024-12-31");
	assert_day(pacta_period_start(PACTA_UNIT_MONTH, d), "2024-02-01");
	assert_day(pacta_period_end(PACTA_UNIT_MONTH, d), "2024-02-29");
	assert_day(pacta_period_end(PACTA_UNIT_MONTH, fx_day("2023-02-01")), "2023-02-28");
	assert_day(pacta_period_end(PACTA_UNIT_MONTH, fx_day("2025-12-27")), "2025-12-31");
	assert_day(pacta_period_start(PACTA_UNIT_DAY, d), "2024-02-15");
	assert_day(pacta_period_end(PACTA_UNIT_DAY, d), "2024-02-15");
	assert_int_equal(pacta_period_label(PACTA_UNIT_YEAR, d, l), 4);
	assert_string_equal(l, "2024");
	assert_int_equal(pacta_period_label(PACTA_UNIT_MONTH, d, l), 7);
	assert_string_equal(l, "2024-02");
	assert_int_equal(pacta_period_label(PACTA_UNIT_DAY, d, l), 10);
	assert_string_equal(l, "2024-02-15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_periods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
