/*
 * pacta/obligations.h - what each State Party owes under a treaty, by when,
 * and whether it delivered, on any date.
 *
 * The rules file names each obligation (its article, a deadline after the
 * state's entry into force, an annual due day, or a continuing duty); the
 * record holds what happened (extensions requested and granted,
 * completions, missed deadlines as sources state them, new contamination,
 * reports, retained mines). An answer "on D" uses only events dated on or
 * before D, so an extension decided later does not count yet.
 *
 * The evidence policy (docs/record.md): `met` rests on a recorded
 * completion; `overdue` rests on a `missed` row about the deadline in
 * force; a deadline passed with neither is `unknown`, never overdue.
 *
 * Ownership: pacta_obligations_on() gives a malloc'd array the caller
 * frees with free(); its pointers borrow from the compiled status and the
 * record, which must outlive it.
 */
#ifndef PACTA_OBLIGATIONS_H
#define PACTA_OBLIGATIONS_H

#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_obligation_status {
	PACTA_OBLIGATION_NOT_YET_DUE = 0, /* the treaty is not yet in force for it */
	PACTA_OBLIGATION_OPEN,            /* due date ahead */
	PACTA_OBLIGATION_EXTENDED,        /* due date ahead, moved by extensions */
	PACTA_OBLIGATION_MET,             /* completed: see late */
	PACTA_OBLIGATION_OVERDUE,         /* due date passed, not completed, and a
					   * source says it was missed */
	PACTA_OBLIGATION_ENDED,           /* its withdrawal took effect first */
	PACTA_OBLIGATION_UNKNOWN,         /* due date passed; no completion and no
					   * source saying it was missed */
	PACTA_OBLIGATION__COUNT
} pacta_obligation_status;

const char *pacta_obligation_status_name(pacta_obligation_status s);

#define PACTA_OBLIGATION_MAX_EXTENSIONS 16
#define PACTA_OBLIGATION_MAX_SOURCES 24

/* Where the deadline of a re-opened obligation comes from. */
typedef enum pacta_reopening_basis {
	PACTA_REOPEN_NONE = 0, /* not re-opened */
	PACTA_REOPEN_RUNNING,  /* reported before the deadline in force passed:
				* that deadline still applies */
	PACTA_REOPEN_RECORDED, /* the new_contamination row gives it */
	PACTA_REOPEN_RULE,     /* the reopening clause's delay gives it */
	PACTA_REOPEN_OPEN,     /* none until one is recorded (an extension) */
	PACTA_REOPEN__COUNT
} pacta_reopening_basis;

/* "running", "record", "rule", "none" ("" for NONE). */
const char *pacta_reopening_basis_name(pacta_reopening_basis b);

typedef struct pacta_obligation {
	uint32_t participant;
	const pacta_obligation_rule *rule;
	pacta_obligation_status status;
	pacta_day starts;         /* the state's entry into force */
	pacta_day original_due;   /* by the rule (annual: the first due day) */
	pacta_day due;            /* in force on the day asked about, as recorded
				   * then; annual: the next due day; NONE when
				   * re-opened without a deadline */
	pacta_day last_due;       /* annual: the due day before `due`, or NONE */
	pacta_day met_on;         /* completion, or NONE */
	bool late;                /* completed after the deadline in force then */
	pacta_day overdue_since;  /* the day after the missed deadline, or NONE */
	pacta_day ended_on;       /* withdrawal effective, or NONE */
	pacta_day stated_original;/* the original deadline a source states */
	long long retained;       /* Art. 3-like: the latest count, or -1 */
	pacta_day retained_on;
	uint32_t extensions[PACTA_OBLIGATION_MAX_EXTENSIONS]; /* event indexes */
	size_t n_extensions;
	int32_t completion;       /* event index, or -1 */
	/* Overdue: the `missed` event that makes it so, about the deadline
	 * in force; otherwise -1. */
	int32_t evidence;
	int32_t missed;           /* the latest `missed` event on or before the
				   * day (since any re-opening), or -1 */
	pacta_day missed_due;     /* the deadline in force on that event's date */
	int32_t reopened;         /* the latest new_contamination event, or -1 */
	pacta_reopening_basis reopen_basis;
	pacta_day reopened_from;  /* the deadline in force before it, or NONE */
	bool reopened_met;        /* it had been met when re-opened */
	/* Extension requests on or before the day with no grant on or after
	 * their date (event indexes, in date order). */
	uint32_t requests[PACTA_OBLIGATION_MAX_EXTENSIONS];
	size_t n_requests;
	/* Every event the answer rests on, in date order (event indexes). */
	uint32_t events[PACTA_OBLIGATION_MAX_SOURCES];
	size_t n_events;
} pacta_obligation;

/* Every obligation of the participants given (NULL: every participant the
 * treaty has been in force for, or whose consent stands, on `on`), in
 * participant then rule order. */
pacta_rc pacta_obligations_on(const pacta_treaty_status *ts, pacta_day on,
			      const uint32_t *participants, size_t n,
			      pacta_obligation **out, size_t *n_out,
			      pacta_error *err) PACTA_MUST_CHECK;

/* The explanation of one answer in words, with its articles and the dates
 * it rests on; malloc'd (caller frees), NULL on out-of-memory. */
char *pacta_obligation_explain(const pacta_treaty_status *ts, const pacta_obligation *ob,
			       pacta_day on);

/* Every due date of one obligation falling in [from, to], as recorded on
 * `to`: deadlines in force, and each annual due day while bound.
 * Writes up to max days into days[] and returns how many there are. */
size_t pacta_obligation_due_days(const pacta_treaty_status *ts, const pacta_obligation *ob,
				 pacta_day from, pacta_day to, pacta_day *days, size_t max);

#ifdef __cplusplus
}
#endif

#endif
