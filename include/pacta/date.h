/*
 * pacta/date.h - civil dates as day numbers, and the month arithmetic that
 * treaty clauses use.
 *
 * A date is a civil date with no time and no zone, held as the number of days
 * since 1970-01-01 in the proleptic Gregorian calendar (Hinnant's
 * days_from_civil). This module never calls libc time functions: they read
 * the time zone and silently turn 30 February into 2 March.
 *
 * Date policy (the one place it is decided):
 *  - "N days after D" is D + N.
 *  - "N months after D" keeps the day of the month and clamps to the last day
 *    of the target month when that day does not exist:
 *    2025-08-31 + 6 months = 2026-02-28; 2023-08-31 + 6 months = 2024-02-29.
 *  - "N years after D" is N * 12 months after D, so 2024-02-29 + 1 year =
 *    2025-02-28.
 *  - "the first day of the Nth month after D" (and "after the month of D") is
 *    the first day of the month that comes N months after D's month:
 *    1998-09-16 -> 1999-03-01 for N = 6. The two wordings give the same day.
 */
#ifndef PACTA_DATE_H
#define PACTA_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Days since 1970-01-01. */
typedef int32_t pacta_day;

/* "No date" (an unknown or absent date). Sorts before every real date. */
#define PACTA_DAY_NONE INT32_MIN
/* "Open end" of a half-open interval [from, PACTA_DAY_OPEN). */
#define PACTA_DAY_OPEN INT32_MAX

/* Dates outside [0001-01-01, 9999-12-31] are rejected by the parser. */
#define PACTA_DATE_MIN_YEAR 1
#define PACTA_DATE_MAX_YEAR 9999

/* ISO "YYYY-MM-DD" plus the terminating NUL. */
#define PACTA_DATE_BUFSZ 11

bool pacta_date_is_leap(int year);
/* Days in month (1..12) of year; 0 for a month out of range. */
int pacta_date_days_in_month(int year, int month);

/* The day number of a valid civil date. The caller validates y/m/d
 * (pacta_date_valid) first; invalid input gives an unspecified day. */
pacta_day pacta_date_from_civil(int year, int month, int day);
bool pacta_date_valid(int year, int month, int day);
void pacta_date_to_civil(pacta_day d, int *year, int *month, int *day);

/* Parses exactly "YYYY-MM-DD" (len bytes, no NUL needed). Rejects anything
 * else: other lengths, signs, spaces, 2023-02-30, years outside the range. */
bool pacta_date_parse(const char *s, size_t len, pacta_day *out);

/* Writes "YYYY-MM-DD" into out (PACTA_DATE_BUFSZ bytes). PACTA_DAY_NONE and
 * PACTA_DAY_OPEN are written as the empty string. Returns out. */
char *pacta_date_format(pacta_day d, char out[PACTA_DATE_BUFSZ]);

pacta_day pacta_date_add_days(pacta_day d, int days);
/* Month and year offsets follow the clamping policy above; n may be negative. */
pacta_day pacta_date_add_months(pacta_day d, int months);
pacta_day pacta_date_add_years(pacta_day d, int years);
/* The first day of the month n months after the month of d (n >= 0). */
pacta_day pacta_date_first_of_nth_month_after(pacta_day d, int n);

/* 0 = Monday ... 6 = Sunday. */
int pacta_date_weekday(pacta_day d);

/* Today's civil date in UTC, from the system clock (time(2) only). */
pacta_day pacta_date_today(void);

#ifdef __cplusplus
}
#endif

#endif
