/*
 * pacta/counts.h - how many states stand where, over time: the series
 * behind a chart of a treaty's parties, with what each number counts.
 *
 * The three counts are those of pacta_status_count() and are disjoint:
 *  - parties: states for which the treaty is in force on the date
 *    (including those whose withdrawal is pending or held);
 *  - consented: states that have deposited consent to be bound (by
 *    ratification, acceptance, approval, accession or succession) but for
 *    which the treaty is not yet in force on the date;
 *  - signatories: states that have signed and not deposited consent.
 * A series is computed by one sweep over the timelines' interval
 * boundaries, not by counting every state on every sampled day.
 *
 * Ownership: the series and the JSON text are malloc'd; the caller frees.
 */
#ifndef PACTA_COUNTS_H
#define PACTA_COUNTS_H

#include "pacta/period.h"
#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The meaning of each count, in words, as the JSON's "meaning" says. */
extern const char *const pacta_counts_meaning_parties;
extern const char *const pacta_counts_meaning_consented;
extern const char *const pacta_counts_meaning_signatories;
extern const char *const pacta_counts_meaning_withdrawing;
extern const char *const pacta_counts_meaning_withdrawn;

typedef struct pacta_counts_point {
	pacta_day date;
	size_t parties, consented, signatories;
} pacta_counts_point;

/* At most this many points in one series (PACTA_ERR_LIMIT beyond). */
#define PACTA_COUNTS_MAX_POINTS 1000000

/* The counts on from, from + 1 unit, from + 2 units, ... up to `to`
 * (inclusive; month and year steps are counted from `from` and clamp to
 * the month's last day as date.h says, so 2024-01-31 by months gives
 * 2024-02-29, 2024-03-31, ...). PACTA_ERR_USAGE when from > to. */
pacta_rc pacta_counts_series(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
			     pacta_unit unit, pacta_counts_point **out, size_t *n,
			     pacta_error *err) PACTA_MUST_CHECK;

/* The series as JSON text ending in a newline:
 * {"treaty","from","to","unit","meaning":{"parties","consented",
 * "signatories"},"series":[{"date","parties","consented","signatories"}]}.
 * NULL on error (err filled). */
char *pacta_counts_series_json(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
			       pacta_unit unit, pacta_error *err);

#ifdef __cplusplus
}
#endif

#endif
