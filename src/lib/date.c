/*
 * date.c - civil dates as day numbers since 1970-01-01, and the month
 * arithmetic of treaty clauses.
 *
 * The conversions are Howard Hinnant's days_from_civil and civil_from_days
 * (proleptic Gregorian, no tables), done in 64-bit so no intermediate can
 * overflow. The date policy is stated once, in pacta/date.h; this file
 * implements it and nothing more. It must never call the libc time
 * functions (mktime, gmtime, localtime, strptime): they read the time zone
 * and silently normalise 30 February. The only clock read is time(2) in
 * pacta_date_today.
 *
 * Conventions beyond the header:
 *  - PACTA_DAY_NONE and PACTA_DAY_OPEN pass through every add_* function
 *    unchanged: an unknown date stays unknown, an open end stays open.
 *  - A result that does not fit in a pacta_day (or would collide with one
 *    of the two sentinels) is PACTA_DAY_NONE.
 *  - pacta_date_valid also requires the year to lie in
 *    [PACTA_DATE_MIN_YEAR, PACTA_DATE_MAX_YEAR], so a validated date always
 *    converts, formats and parses back to itself.
 */
#include <string.h>
#include <time.h>

#include "date_internal.h"
#include "pacta/date.h"

/* 0001-01-01 and 9999-12-31 as day numbers. */
#define DAY_MIN (-719162)
#define DAY_MAX 2932896

static bool is_leap64(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int dim64(int64_t y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && is_leap64(y))
		return 29;
	return days[m - 1];
}

/* Hinnant's days_from_civil; m in 1..12 and d in 1..31 already checked. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);			      /* [0, 399] */
	const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	      /* [0, 146096] */

	return era * 146097 + (int64_t)doe - 719468;
}

/* Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097); /* [0, 146096] */
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);		    /* [0, 365] */
	const unsigned mp = (5 * doy + 2) / 153;				    /* [0, 11] */

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* A 64-bit day count as a pacta_day, or NONE when it does not fit. */
static pacta_day to_day(int64_t z)
{
	if (z <= (int64_t)PACTA_DAY_NONE || z >= (int64_t)PACTA_DAY_OPEN)
		return PACTA_DAY_NONE;
	return (pacta_day)z;
}

static bool is_sentinel(pacta_day d)
{
	return d == PACTA_DAY_NONE || d == PACTA_DAY_OPEN;
}

bool pacta_date_is_leap(int year)
{
	return is_leap64(year);
}

int pacta_date_days_in_month(int year, int month)
{
	return dim64(year, month);
}

bool pacta_date_valid(int year, int month, int day)
{
	if (year < PACTA_DATE_MIN_YEAR || year > PACTA_DATE_MAX_YEAR)
		return false;
	return day >= 1 && day <= dim64(year, month);
}

pacta_day pacta_date_from_civil(int year, int month, int day)
{
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return PACTA_DAY_NONE;
	return to_day(days_from_civil(year, (unsigned)month, (unsigned)day));
}

void pacta_date_to_civil(pacta_day d, int *year, int *month, int *day)
{
	int64_t y;
	unsigned m, dd;

	civil_from_days(d, &y, &m, &dd);
	/* |y| < 5.9 million for any 32-bit day count, so it fits in an int. */
	if (year)
		*year = (int)y;
	if (month)
		*month = (int)m;
	if (day)
		*day = (int)dd;
}

/* The value of n ASCII digits, or -1 if any byte is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool pacta_date_parse(const char *s, size_t len, pacta_day *out)
{
	int y, m, d;

	if (!s || len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !pacta_date_valid(y, m, d))
		return false;
	if (out)
		*out = pacta_date_from_civil(y, m, d);
	return true;
}

static void put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *pacta_date_format(pacta_day d, char out[PACTA_DATE_BUFSZ])
{
	int y, m, dd;

	/* The sentinels, and days whose year needs other than four digits,
	 * have no ISO form here. */
	if (d < DAY_MIN || d > DAY_MAX) {
		out[0] = '\0';
		return out;
	}
	pacta_date_to_civil(d, &y, &m, &dd);
	put_digits(out, y, 4);
	out[4] = '-';
	put_digits(out + 5, m, 2);
	out[7] = '-';
	put_digits(out + 8, dd, 2);
	out[10] = '\0';
	return out;
}

pacta_day pacta_date_add_days(pacta_day d, int days)
{
	if (is_sentinel(d))
		return d;
	return to_day((int64_t)d + days);
}

/* The clamping policy of date.h, with a 64-bit month count. */
static pacta_day add_months64(pacta_day d, int64_t months)
{
	int64_t y, total, ny;
	unsigned m, dd;
	int nm, last;

	if (is_sentinel(d))
		return d;
	civil_from_days(d, &y, &m, &dd);
	total = y * 12 + (int64_t)(m - 1) + months;
	/* Floor division, so negative totals land in the right year. */
	ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	nm = (int)(total - ny * 12) + 1;
	last = dim64(ny, nm);
	if ((int)dd > last)
		dd = (unsigned)last;
	return to_day(days_from_civil(ny, (unsigned)nm, dd));
}

pacta_day pacta_date_add_months(pacta_day d, int months)
{
	return add_months64(d, months);
}

pacta_day pacta_date_add_years(pacta_day d, int years)
{
	/* "N years after D" is N * 12 months after D (date.h). */
	return add_months64(d, (int64_t)years * 12);
}

pacta_day pacta_date_first_of_nth_month_after(pacta_day d, int n)
{
	int64_t y, total, ny;
	unsigned m, dd;

	if (is_sentinel(d))
		return d;
	civil_from_days(d, &y, &m, &dd);
	/* Day 1 of d's month (none when that is out of range), then n months
	 * on: day 1 never clamps, so one conversion each way. */
	if (to_day((int64_t)d - (dd - 1)) == PACTA_DAY_NONE)
		return PACTA_DAY_NONE;
	total = y * 12 + (int64_t)(m - 1) + n;
	ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	return to_day(days_from_civil(ny, (unsigned)(total - ny * 12) + 1, 1));
}

int pacta_date_weekday(pacta_day d)
{
	/* 1970-01-01 (day 0) was a Thursday, 3 when Monday is 0. */
	int64_t w = ((int64_t)d + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

pacta_day pacta_date_today(void)
{
	time_t t = time(NULL);
	int64_t s, days;

	if (t == (time_t)-1)
		return PACTA_DAY_NONE;
	s = (int64_t)t;
	days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	return to_day(days);
}

bool date_parse_by_month(date_month *months, const char *s, pacta_day *out)
{
	uint64_t key;

	memcpy(&key, s, sizeof(key));
	date_month *m = &months[(key * 0x9E3779B97F4A7C15u) >> (64 - DATE_MONTH_BITS)];
	if (m->key != key) {
		char first[10];
		pacta_day day;
		memcpy(first, s, 8);
		first[8] = '0';
		first[9] = '1';
		if (!pacta_date_parse(first, sizeof(first), &day))
			return false; /* no month: no day of it is a date */
		m->key = key;
		m->first = day;
		m->days = pacta_date_days_in_month(digits(first, 4), digits(first + 5, 2));
	}
	unsigned d1 = (unsigned)(unsigned char)s[8] - '0';
	unsigned d2 = (unsigned)(unsigned char)s[9] - '0';
	if (d1 > 9 || d2 > 9 || d1 * 10 + d2 < 1 || d1 * 10 + d2 > (unsigned)m->days)
		return false;
	*out = m->first + (pacta_day)(d1 * 10 + d2) - 1;
	return true;
}
