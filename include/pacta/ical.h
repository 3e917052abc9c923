/*
 * pacta/ical.h - an iCalendar (RFC 5545) feed of a treaty's dates: each
 * state's entry into force and withdrawal, and its obligations' deadlines
 * (annual ones as a yearly RRULE).
 *
 * All-day events (DTSTART;VALUE=DATE with an exclusive DTEND), stable UIDs
 * (one per state and date kind, so a moved deadline updates its event),
 * CRLF line ends, lines folded at 75 octets without splitting a UTF-8
 * character, text escaped as RFC 5545 section 3.3.11 says.
 */
#ifndef PACTA_ICAL_H
#define PACTA_ICAL_H

#include "pacta/obligations.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the feed as recorded on `on` (also its DTSTAMP) for the
 * participants given (NULL: every state the treaty has been in force for).
 * *out is malloc'd (caller frees), *len its length. */
pacta_rc pacta_ical_write(const pacta_treaty_status *ts, pacta_day on,
			  const uint32_t *participants, size_t n, char **out,
			  size_t *len, pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
