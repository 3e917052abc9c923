/*
 * date_internal.h - dates read by the million (internal to the library):
 * the loaders' many ISO dates, each month decided once.
 *
 * What it must never do: read a date otherwise than pacta_date_parse().
 */
#ifndef PACTA_DATE_INTERNAL_H
#define PACTA_DATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "pacta/date.h"

/* A month seen, by its "YYYY-MM-": its first day and its length. */
typedef struct date_month {
	uint64_t key; /* the eight bytes; 0: an empty slot */
	pacta_day first;
	int days;
} date_month;

/* The slots of a table of months: more months than most records' years
 * hold. */
#define DATE_MONTH_BITS 11
#define DATE_MONTHS ((size_t)1 << DATE_MONTH_BITS)

/* The day of the ISO date s[0..10) (ten bytes readable), as
 * pacta_date_parse(s, 10, out) reads it, through months (DATE_MONTHS
 * slots, zeroed before the first call): a date's day number is its month's
 * first day's plus DD - 1 (days_from_civil is linear in the day), and
 * YYYY-MM-DD is a date exactly when YYYY-MM-01 is one and DD is from 01 to
 * the month's length, so each month is parsed once, on its first day. */
bool date_parse_by_month(date_month *months, const char *s, pacta_day *out);

#endif
