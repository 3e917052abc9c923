/*
 * pacta/period.h - calendar periods (years, months, days) for panels and
 * count series: parsing a unit and a window bound, stepping, labels.
 *
 * A period is a closed range of days [start, end]. Periods of one unit tile
 * the calendar: the year 2024 is 2024-01-01..2024-12-31, the month 2024-02
 * is 2024-02-01..2024-02-29, the day 2024-02-29 is itself.
 */
#ifndef PACTA_PERIOD_H
#define PACTA_PERIOD_H

#include <stdbool.h>

#include "pacta/date.h"
#include "pacta/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_unit {
	PACTA_UNIT_YEAR = 0,
	PACTA_UNIT_MONTH,
	PACTA_UNIT_DAY
} pacta_unit;

/* "year", "month", "day". */
const char *pacta_unit_name(pacta_unit unit);
/* Parses a unit name; false if it is none of the three. */
bool pacta_unit_parse(const char *name, pacta_unit *out);

/* Parses a window bound written "YYYY", "YYYY-MM" or "YYYY-MM-DD". As a
 * start (end = false) it is the first day it names, as an end the last:
 * "2024" is 2024-01-01 or 2024-12-31, "2024-02" is 2024-02-01 or
 * 2024-02-29. PACTA_ERR_USAGE (err->where = what) for anything else. */
pacta_rc pacta_period_parse_bound(const char *s, bool end, const char *what,
				  pacta_day *out, pacta_error *err) PACTA_MUST_CHECK;

/* The first and last day of the period of `unit` holding day d. */
pacta_day pacta_period_start(pacta_unit unit, pacta_day d);
pacta_day pacta_period_end(pacta_unit unit, pacta_day d);

/* The period's label into out (PACTA_DATE_BUFSZ bytes): "2024",
 * "2024-02" or "2024-02-29". Returns the label's length. */
size_t pacta_period_label(pacta_unit unit, pacta_day start,
			  char out[PACTA_DATE_BUFSZ]);

#ifdef __cplusplus
}
#endif

#endif
