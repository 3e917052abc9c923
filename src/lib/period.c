/*
 * period.c - calendar periods: units, window bounds, labels. Civil dates
 * only, through date.h; never libc time functions.
 */
#include "pacta/period.h"

#include <string.h>

static const char *const unit_names[] = {
	[PACTA_UNIT_YEAR] = "year",
	[PACTA_UNIT_MONTH] = "month",
	[PACTA_UNIT_DAY] = "day",
};

const char *pacta_unit_name(pacta_unit unit)
{
	return (unsigned)unit <= PACTA_UNIT_DAY ? unit_names[unit] : "?";
}

bool pacta_unit_parse(const char *name, pacta_unit *out)
{
	for (unsigned i = 0; i <= PACTA_UNIT_DAY; i++) {
		if (name && strcmp(name, unit_names[i]) == 0) {
			*out = (pacta_unit)i;
			return true;
		}
	}
	return false;
}

/* n ASCII digits at s, or -1. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

pacta_rc pacta_period_parse_bound(const char *s, bool end, const char *what, pacta_day *out,
				  pacta_error *err)
{
	size_t len = s ? strlen(s) : 0;
	int y = len >= 4 ? digits(s, 4) : -1, m = -1;
	if (len == 10 && pacta_date_parse(s, len, out))
		return PACTA_OK;
	if (len == 7 && s[4] == '-')
		m = digits(s + 5, 2);
	else if (len == 4)
		m = end ? 12 : 1;
	if (y < PACTA_DATE_MIN_YEAR || y > PACTA_DATE_MAX_YEAR || m < 1 || m > 12)
		return pacta_error_set(err, PACTA_ERR_USAGE, what,
				       "expected YYYY, YYYY-MM or YYYY-MM-DD (a real date), not '%s'",
				       s ? s : "");
	*out = pacta_date_from_civil(y, m, end ? pacta_date_days_in_month(y, m) : 1);
	return PACTA_OK;
}

pacta_day pacta_period_start(pacta_unit unit, pacta_day d)
{
	int y, m, dd;
	if (unit == PACTA_UNIT_DAY)
		return d;
	pacta_date_to_civil(d, &y, &m, &dd);
	return pacta_date_from_civil(y, unit == PACTA_UNIT_YEAR ? 1 : m, 1);
}

pacta_day pacta_period_end(pacta_unit unit, pacta_day d)
{
	int y, m, dd;
	if (unit == PACTA_UNIT_DAY)
		return d;
	pacta_date_to_civil(d, &y, &m, &dd);
	if (unit == PACTA_UNIT_YEAR)
		m = 12;
	return pacta_date_from_civil(y, m, pacta_date_days_in_month(y, m));
}

size_t pacta_period_label(pacta_unit unit, pacta_day start, char out[PACTA_DATE_BUFSZ])
{
	static const size_t lens[] = {[PACTA_UNIT_YEAR] = 4, [PACTA_UNIT_MONTH] = 7,
				      [PACTA_UNIT_DAY] = 10};
	pacta_date_format(start, out);
	size_t n = (unsigned)unit <= PACTA_UNIT_DAY ? lens[unit] : 10;
	out[n] = '\0';
	return n;
}
