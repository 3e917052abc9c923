/*
 * pacta/reports.h - the annual transparency reports a treaty asks of its
 * States Parties (the Mine Ban Convention's Art. 7(2)), counted per
 * calendar year: who was required to report, who did, who a source says
 * did not, and who the record is silent about.
 *
 * The report on calendar year Y is due on the annual obligation's day in
 * Y+1 (30 April for the Mine Ban Convention). A State Party is required to
 * make it when the treaty was in force for it on that day of Y (so a state
 * bound from 1 May of Y reports first on Y+1) and its withdrawal had not
 * taken effect by the due day. A required state's report is
 *   - submitted: a `report_submitted` row for Y, dated on or before the day
 *     asked about (late when dated after the due day);
 *   - missed: no such row, and a `missed` row for Y, from a source that
 *     lists the states that had not reported by its date;
 *   - unknown: neither. Silence is never read as a missed report.
 * The rate is submitted / required, given only for a year without unknowns.
 *
 * Ownership: the arrays returned are malloc'd and freed by the caller with
 * free(); they borrow nothing but indexes into the record, which must
 * outlive their use.
 */
#ifndef PACTA_REPORTS_H
#define PACTA_REPORTS_H

#include "pacta/lang.h"
#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_report_state {
	PACTA_REPORT_NOT_REQUIRED = 0,
	PACTA_REPORT_SUBMITTED,
	PACTA_REPORT_MISSED,
	PACTA_REPORT_UNKNOWN,
	PACTA_REPORT__COUNT
} pacta_report_state;

/* "not_required", "submitted", "missed", "unknown". */
const char *pacta_report_state_name(pacta_report_state s);

/* One State Party's report on one year. */
typedef struct pacta_report_entry {
	uint32_t participant;
	pacta_report_state state;
	pacta_day submitted_on; /* the row's date (submitted), or NONE */
	bool late;              /* submitted after the due day */
	int32_t event;          /* the obligation event it rests on, or -1 */
} pacta_report_entry;

#define PACTA_REPORTS_MAX_STATED 8

/* The tally of one calendar year. */
typedef struct pacta_report_year {
	int year;           /* the calendar year the reports cover */
	pacta_day in_force_by; /* the annual day in `year`: bound by then */
	pacta_day due;      /* the annual day in year + 1 */
	size_t required, submitted, late, missed, unknown;
	double rate;        /* percent submitted of required; -1 with unknowns */
	/* Published rates for the year (indexes into rec->stated). */
	uint32_t stated[PACTA_REPORTS_MAX_STATED];
	size_t n_stated;
} pacta_report_year;

/* The treaty's annual reporting obligation: its first rule of kind
 * annual, or NULL. */
const pacta_obligation_rule *pacta_reports_rule(const pacta_treaty_status *ts);

/* Who is counted as required to report, in one sentence naming the
 * annual day ("30 April"), written into buf (at least 256 bytes is
 * enough); returns buf. */
char *pacta_reports_meaning(const pacta_obligation_rule *rule, char *buf, size_t size);
/* The same sentence in lang (NULL: English), the day as its dates have it. */
char *pacta_reports_meaning_in(const pacta_obligation_rule *rule, const pacta_lang *lang, char *buf,
			       size_t size);

/* The tallies of every year from the first a State Party was required to
 * report on to the last whose due day is on or before `on`, using the
 * events dated on or before `on`. With year > 0, only that year (which
 * must lie in the range: PACTA_ERR_NOTFOUND otherwise). A treaty without
 * an annual obligation is PACTA_ERR_NOTFOUND. */
pacta_rc pacta_reports_years(const pacta_treaty_status *ts, pacta_day on, int year,
			     pacta_report_year **out, size_t *n_out,
			     pacta_error *err) PACTA_MUST_CHECK;

/* The report of every State Party required to report on `year`, in
 * participant order, as recorded on `on`. Errors as pacta_reports_years. */
pacta_rc pacta_reports_entries(const pacta_treaty_status *ts, pacta_day on, int year,
			       pacta_report_entry **out, size_t *n_out,
			       pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
