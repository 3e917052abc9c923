/*
 * test_date.c - the civil-date module against independent, naive
 * reckoning: every day from 0001-01-01 to 9999-12-31 is counted out one by
 * one and must convert, format and parse back; month arithmetic is checked
 * against a loop that steps one month at a time. These tests must never use
 * the libc time functions either: they are what the module replaces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "date_internal.h"
#include "pacta/date.h"

/* Independent calendar: a table and the Gregorian leap rule. */
static int naive_dim(int y, int m)
{
	static const int days[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);

	return m == 2 && leap ? 29 : days[m];
}

/* n months after y-m-d by stepping one month at a time, then clamping. */
static void naive_add_months(int y, int m, int d, int n, int *oy, int *om, int *od)
{
	for (; n > 0; n--)
		if (++m == 13) {
			m = 1;
			y++;
		}
	for (; n < 0; n++)
		if (--m == 0) {
			m = 12;
			y--;
		}
	*oy = y;
	*om = m;
	*od = d > naive_dim(y, m) ? naive_dim(y, m) : d;
}

static pacta_day day_of(const char *iso)
{
	pacta_day d = 0;

	assert_true(pacta_date_parse(iso, strlen(iso), &d));
	return d;
}

static void assert_day(pacta_day d, const char *iso)
{
	char buf[PACTA_DATE_BUFSZ];

	assert_string_equal(pacta_date_format(d, buf), iso);
}

static void test_epoch_and_bounds(void **state)
{
	(void)state;
	assert_int_equal(pacta_date_from_civil(1970, 1, 1), 0);
	assert_int_equal(pacta_date_from_civil(1970, 1, 2), 1);
	assert_int_equal(pacta_date_from_civil(1969, 12, 31), -1);
	assert_int_equal(pacta_date_from_civil(2000, 3, 1), 11017);
	assert_int_equal(pacta_date_from_civil(1, 1, 1), -719162);
	assert_int_equal(pacta_date_from_civil(9999, 12, 31), 2932896);
}

/* Every day of the supported range, counted out with the naive calendar. */
static void test_round_trip_every_day(void **state)
{
	pacta_day first = pacta_date_from_civil(1, 1, 1);
	pacta_day last = pacta_date_from_civil(9999, 12, 31);
	int y = 1, m = 1, d = 1, wd = pacta_date_weekday(first);
	char want[48], got[PACTA_DATE_BUFSZ];
	long count = 0;

	(void)state;
	/* 0001-01-01 was a Monday in the proleptic Gregorian calendar. */
	assert_int_equal(wd, 0);
	for (pacta_day z = first;; z++) {
		int cy, cm, cd;
		pacta_day back = PACTA_DAY_NONE;

		pacta_date_to_civil(z, &cy, &cm, &cd);
		if (cy != y || cm != m || cd != d)
			fail_msg("day %ld: to_civil gave %d-%d-%d, want %d-%d-%d", (long)z, cy, cm,
				 cd, y, m, d);
		assert_true(pacta_date_valid(y, m, d));
		assert_int_equal(pacta_date_from_civil(y, m, d), z);
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
		assert_string_equal(pacta_date_format(z, got), want);
		assert_true(pacta_date_parse(got, strlen(got), &back));
		assert_int_equal(back, z);
		assert_int_equal(pacta_date_weekday(z), wd);
		count++;
		if (z == last)
			break;
		wd = (wd + 1) % 7;
		if (++d > naive_dim(y, m)) {
			d = 1;
			if (++m == 13) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 9999);
	assert_int_equal(count, 3652059);
}

static void check_add_months(int y, int m, int d)
{
	pacta_day z = pacta_date_from_civil(y, m, d);

	for (int n = -24; n <= 24; n++) {
		int wy, wm, wd, gy, gm, gd;

		naive_add_months(y, m, d, n, &wy, &wm, &wd);
		if (wy < PACTA_DATE_MIN_YEAR || wy > PACTA_DATE_MAX_YEAR)
			continue;
		pacta_date_to_civil(pacta_date_add_months(z, n), &gy, &gm, &gd);
		if (gy != wy || gm != wm || gd != wd)
			fail_msg("%04d-%02d-%02d %+d months: got %d-%d-%d, want %d-%d-%d", y, m, d,
				 n, gy, gm, gd, wy, wm, wd);
		if (n % 12 == 0)
			assert_int_equal(pacta_date_add_years(z, n / 12),
					 pacta_date_add_months(z, n));
	}
}

/* Every month end (so every leap day) of every year, n in -24..24. */
static void test_add_months_every_month_end(void **state)
{
	(void)state;
	for (int y = PACTA_DATE_MIN_YEAR; y <= PACTA_DATE_MAX_YEAR; y++)
		for (int m = 1; m <= 12; m++)
			check_add_months(y, m, naive_dim(y, m));
}

/* Days 28..31 (where they exist) of every month over three centuries:
 * the days that clamp when their month is longer than the target. */
static void test_add_months_late_days(void **state)
{
	(void)state;
	for (int y = 1899; y <= 2101; y++)
		for (int m = 1; m <= 12; m++)
			for (int d = 1; d <= naive_dim(y, m); d++)
				if (d == 1 || d == 15 || d >= 28)
					check_add_months(y, m, d);
}

static void test_policy_cases(void **state)
{
	static const struct {
		const char *from;
		int months;
		const char *want;
	} cases[] = {
		{ "2025-06-27", 6, "2025-12-27" },  { "2025-08-31", 6, "2026-02-28" },
		{ "2023-08-31", 6, "2024-02-29" },  { "2024-01-31", 1, "2024-02-29" },
		{ "2024-03-31", -1, "2024-02-29" }, { "2025-03-31", -13, "2024-02-29" },
		{ "2025-12-15", 1, "2026-01-15" },  { "2026-01-15", -1, "2025-12-15" },
		{ "2025-05-31", 0, "2025-05-31" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_day(pacta_date_add_months(day_of(cases[i].from), cases[i].months),
			   cases[i].want);
}

static void test_years(void **state)
{
	(void)state;
	assert_day(pacta_date_add_years(day_of("2024-02-29"), 1), "2025-02-28");
	assert_day(pacta_date_add_years(day_of("2024-02-29"), 4), "2028-02-29");
	assert_day(pacta_date_add_years(day_of("2024-02-29"), -1), "2023-02-28");
	assert_day(pacta_date_add_years(day_of("2000-02-29"), 100), "2100-02-28");
	assert_day(pacta_date_add_years(day_of("2002-07-01"), 1), "2003-07-01");
}

static void test_first_of_nth_month(void **state)
{
	static const struct {
		const char *from;
		int n;
		const char *want;
	} cases[] = {
		{ "2025-07-01", 6, "2026-01-01" },  { "1998-09-16", 6, "1999-03-01" },
		{ "1998-12-31", 6, "1999-06-01" },  { "1999-01-14", 6, "1999-07-01" },
		{ "2002-04-11", 0, "2002-04-01" },  { "2002-04-11", 1, "2002-05-01" },
		{ "2024-02-29", 12, "2025-02-01" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_day(pacta_date_first_of_nth_month_after(day_of(cases[i].from), cases[i].n),
			   cases[i].want);
}

/* The first of the nth month after, on every day of four centuries and
 * both sides of year 0, is the first of the day's month moved n months on
 * (what it was computed as before it took one conversion each way). */
static void test_first_of_nth_month_everywhere(void **state)
{
	static const int ns[] = { -25, -13, -12, -1, 0, 1, 2, 3, 6, 11, 12, 13, 24, 100 };
	static const pacta_day ranges[][2] = {
		{ -146097 * 2 - 800, -146097 * 2 + 800 },       /* around 1570 */
		{ -719162 - 800, -719162 + 800 },               /* around year 1 */
		{ -10000, 136097 },                             /* 1942 to 2342 */
	};

	(void)state;
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
		for (pacta_day d = ranges[r][0]; d <= ranges[r][1]; d++) {
			int y, m, dd;

			pacta_date_to_civil(d, &y, &m, &dd);
			for (size_t k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
				assert_int_equal(pacta_date_first_of_nth_month_after(d, ns[k]),
						 pacta_date_add_months(pacta_date_from_civil(y, m, 1),
								       ns[k]));
		}
	/* Near the ends of the day numbers: a first of the month out of range
	 * is none, as adding months to none is. */
	assert_int_equal(pacta_date_first_of_nth_month_after(PACTA_DAY_NONE + 1, 1),
			 PACTA_DAY_NONE);
	assert_int_equal(pacta_date_first_of_nth_month_after(PACTA_DAY_OPEN - 1, 1),
			 PACTA_DAY_NONE);
}

static void test_add_days(void **state)
{
	(void)state;
	/* VCLT art. 84(1): the thirtieth day following the date of deposit. */
	assert_day(pacta_date_add_days(day_of("1969-12-31"), 30), "1970-01-30");
	/* Rome Statute art. 126: 60th day after 11 April 2002, then the first of
	 * the following month. */
	assert_day(pacta_date_first_of_nth_month_after(
			   pacta_date_add_days(day_of("2002-04-11"), 60), 1),
		   "2002-07-01");
	assert_day(pacta_date_add_days(day_of("2024-02-28"), 1), "2024-02-29");
	assert_day(pacta_date_add_days(day_of("2023-02-28"), 1), "2023-03-01");
	assert_day(pacta_date_add_days(day_of("2024-01-01"), -1), "2023-12-31");
}

static void test_parse_rejects(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
#define S(lit) { lit, sizeof(lit) - 1 }
		S("2023-02-29"),    S("2024-02-30"),
		S("2023-13-01"),    S("0000-01-01"),
		S("2023-1-01"),	    S(" 2023-01-01"),
		S("2023-01-01 "),   S("+023-01-01"),
		S("2023/01/01"),    S(""),
		S("2023-01-011"),   S("2023-01-01\n"),
		S("2023-0\0-01"),   S("2023-01-0\0"),
		S("\000023-01-01"), S("1900-02-29"),
		S("2023-04-31"),    S("2023-00-10"),
		S("2023-01-00"),    S("2023-01-32"),
		S("10000-01-01"),   S("-001-01-01"),
		S("2023-01-0a"),    S("2023-01-1 "),
		S("2023--1-01"),    S("2023-01+01"),
		S("20230101"),	    S("2023-1-1"),
#undef S
	};
	pacta_day out = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (pacta_date_parse(bad[i].s, bad[i].len, &out))
			fail_msg("accepted bad date #%zu", i);
		assert_int_equal(out, 12345);
	}
	assert_false(pacta_date_parse(NULL, 10, &out));
	/* The length decides, not a terminating NUL. */
	assert_true(pacta_date_parse("2023-01-01xyz", 10, &out));
	assert_day(out, "2023-01-01");
	assert_true(pacta_date_parse("2023-01-01", 10, NULL));
}

static void test_parse_accepts(void **state)
{
	static const char *const good[] = {
		"0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "1970-01-01", "2023-12-31",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_day(day_of(good[i]), good[i]);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(pacta_date_weekday(day_of("1970-01-01")), 3); /* Thursday */
	assert_int_equal(pacta_date_weekday(day_of("2000-01-01")), 5); /* Saturday */
	assert_int_equal(pacta_date_weekday(day_of("1969-12-29")), 0); /* Monday */
	assert_int_equal(pacta_date_weekday(day_of("2024-06-30")), 6); /* Sunday */
	assert_int_equal(pacta_date_weekday(PACTA_DAY_NONE) >= 0, 1);
	assert_int_equal(pacta_date_weekday(PACTA_DAY_OPEN) <= 6, 1);
}

static void test_format_sentinels(void **state)
{
	char buf[PACTA_DATE_BUFSZ];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_string_equal(pacta_date_format(PACTA_DAY_NONE, buf), "");
	memset(buf, 'x', sizeof(buf));
	assert_string_equal(pacta_date_format(PACTA_DAY_OPEN, buf), "");
	/* Days whose year has no four-digit form are not written either. */
	assert_string_equal(pacta_date_format(-719163, buf), "");
	assert_string_equal(pacta_date_format(2932897, buf), "");
	assert_true(pacta_date_format(0, buf) == buf);
}

static void test_sentinels_pass_through(void **state)
{
	(void)state;
	assert_int_equal(pacta_date_add_days(PACTA_DAY_NONE, 5), PACTA_DAY_NONE);
	assert_int_equal(pacta_date_add_days(PACTA_DAY_OPEN, -5), PACTA_DAY_OPEN);
	assert_int_equal(pacta_date_add_months(PACTA_DAY_NONE, 1), PACTA_DAY_NONE);
	assert_int_equal(pacta_date_add_months(PACTA_DAY_OPEN, 1), PACTA_DAY_OPEN);
	assert_int_equal(pacta_date_add_years(PACTA_DAY_OPEN, 1), PACTA_DAY_OPEN);
	assert_int_equal(pacta_date_first_of_nth_month_after(PACTA_DAY_NONE, 1), PACTA_DAY_NONE);
	/* Results that do not fit in a pacta_day are "no date". */
	assert_int_equal(pacta_date_add_days(INT32_MAX - 2, 5), PACTA_DAY_NONE);
	assert_int_equal(pacta_date_add_days(INT32_MIN + 2, -5), PACTA_DAY_NONE);
	assert_int_equal(pacta_date_add_years(0, INT32_MAX), PACTA_DAY_NONE);
	assert_int_equal(pacta_date_add_months(0, INT32_MIN), PACTA_DAY_NONE);
}

static void test_calendar_helpers(void **state)
{
	(void)state;
	assert_true(pacta_date_is_leap(2000));
	assert_true(pacta_date_is_leap(2024));
	assert_false(pacta_date_is_leap(1900));
	assert_false(pacta_date_is_leap(2023));
	assert_int_equal(pacta_date_days_in_month(2023, 2), 28);
	assert_int_equal(pacta_date_days_in_month(2024, 2), 29);
	assert_int_equal(pacta_date_days_in_month(2024, 4), 30);
	assert_int_equal(pacta_date_days_in_month(2024, 0), 0);
	assert_int_equal(pacta_date_days_in_month(2024, 13), 0);
	assert_false(pacta_date_valid(0, 1, 1));
	assert_false(pacta_date_valid(10000, 1, 1));
	assert_false(pacta_date_valid(2023, 2, 29));
	assert_false(pacta_date_valid(2023, 1, 0));
	assert_true(pacta_date_valid(2024, 2, 29));
	assert_int_equal(pacta_date_from_civil(2024, 13, 1), PACTA_DAY_NONE);
	assert_int_equal(pacta_date_from_civil(2024, 1, 0), PACTA_DAY_NONE);
}

static void test_today(void **state)
{
	pacta_day t = pacta_date_today();
	char buf[PACTA_DATE_BUFSZ];

	(void)state;
	/* Only that the clock gives a plausible, formattable day. */
	assert_true(t > day_of("2020-01-01"));
	assert_int_equal(strlen(pacta_date_format(t, buf)), 10);
}

/* Dates read by their month answer as pacta_date_parse: every day of
 * every year, then texts that are not dates (day 00 and past the month's
 * end, 29 February of common years, months 00 and 13, year 0000, other
 * bytes in each place), read through one table of months, so that slots
 * are taken over and months read again. */
static void test_parse_by_month(void **state)
{
	static date_month months[DATE_MONTHS];
	static const char *const odd[] = {
		"2023-02-29", "2024-02-29", "2024-02-30", "1900-02-29", "2000-02-29",
		"2024-04-31", "2024-12-32", "2024-01-00", "2024-00-01", "2024-13-01",
		"0000-01-01", "9999-12-31", "2024-1x-01", "2024-01-1x", "2024-01-x1",
		"x024-01-01", "2024/01-01", "2024-01/01", "2024-01- 1", "2024-01-1 ",
		"2024-01-+1", "2024-01-:1", "2024-01-1:", "+024-01-01", "2024--1-01",
	};
	char buf[PACTA_DATE_BUFSZ];
	pacta_day a, b;

	(void)state;
	for (pacta_day d = pacta_date_from_civil(1, 1, 1); d <= pacta_date_from_civil(9999, 12, 31);
	     d++) {
		pacta_date_format(d, buf);
		assert_true(date_parse_by_month(months, buf, &a));
		assert_int_equal(a, d);
	}
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
			bool x = date_parse_by_month(months, odd[i], &a);
			bool y = pacta_date_parse(odd[i], 10, &b);
			if (x != y || (x && a != b))
				fail_msg("%s: %d %d, %d %d", odd[i], x, (int)a, y, (int)b);
		}
		/* Every day number of a few months, and the bytes around. */
		for (int m = 0; m <= 13; m++) {
			for (int dd = 0; dd <= 99; dd++) {
				char t[11];
				snprintf(t, sizeof(t), "%04d-%02d-%02d", 1999 + round, m, dd);
				bool x = date_parse_by_month(months, t, &a);
				bool y = pacta_date_parse(t, 10, &b);
				if (x != y || (x && a != b))
					fail_msg("%s: %d %d, %d %d", t, x, (int)a, y, (int)b);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_bounds),
		cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_add_months_every_month_end),
		cmocka_unit_test(test_add_months_late_days),
		cmocka_unit_test(test_policy_cases),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_first_of_nth_month),
		cmocka_unit_test(test_first_of_nth_month_everywhere),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_parse_rejects),
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_format_sentinels),
		cmocka_unit_test(test_sentinels_pass_through),
		cmocka_unit_test(test_calendar_helpers),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_parse_by_month),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
