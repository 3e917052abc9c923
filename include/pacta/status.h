/*
 * pacta/status.h - status timelines: who is bound by a treaty, since when and
 * until when, each change with its derivation.
 *
 * pacta_status_compile() reads a finished record and one treaty's rules and
 * computes, for every participant, the half-open intervals [from, to) of its
 * status. Every computed date carries a derivation: the rule and its
 * article, the acts it used, and the arithmetic. Explanations, reports and
 * checks read derivations; none recompute.
 *
 * Only the participants with acts under the treaty get a timeline of their
 * own: compiling costs the treaty's acts, whatever the number of
 * participants in the record.
 *
 * Ownership: the compiled status borrows the record (which must outlive it
 * and must not change meanwhile) and owns its intervals and derivations;
 * pointers into it live until pacta_treaty_status_free(). Timelines and
 * derivations are written into the caller's storage
 * (pacta_treaty_status_timeline(), pacta_treaty_status_derivation()); the
 * treaty's own entry into force is the one derivation handed out by
 * pointer. The statuses pacta_status_compile_all() makes are the one
 * exception: they lie in a few large blocks that a pacta_status_blocks
 * owns, live until pacta_status_blocks_free(), and
 * pacta_treaty_status_free() leaves them alone.
 */
#ifndef PACTA_STATUS_H
#define PACTA_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacta/date.h"
#include "pacta/error.h"
#include "pacta/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_status {
	PACTA_STATUS_NONE = 0,
	PACTA_STATUS_SIGNATORY,          /* signed, no consent deposited */
	PACTA_STATUS_CONSENTED,          /* deposited, not yet in force for it */
	PACTA_STATUS_PARTY,              /* bound */
	PACTA_STATUS_WITHDRAWAL_PENDING, /* bound; notice period running */
	PACTA_STATUS_WITHDRAWAL_HELD,    /* bound; held by an armed conflict */
	PACTA_STATUS_WITHDRAWN,
	PACTA_STATUS__COUNT
} pacta_status;

const char *pacta_status_name(pacta_status s);
/* The treaty is in force for the participant (party, or withdrawing). */
bool pacta_status_is_bound(pacta_status s);
/* Consent stands: consented or bound. */
bool pacta_status_has_consented(pacta_status s);

typedef enum pacta_derivation_kind {
	PACTA_DERIV_ACT = 0,            /* the date of an act itself */
	PACTA_DERIV_TREATY_IN_FORCE,    /* treaty's own entry into force */
	PACTA_DERIV_IN_FORCE_INITIAL,   /* state among the first N instruments */
	PACTA_DERIV_IN_FORCE_LATER,     /* state depositing after the Nth */
	PACTA_DERIV_IN_FORCE_STATED,    /* a stated effective date (succession) */
	PACTA_DERIV_WITHDRAWAL_EFFECTIVE,
	PACTA_DERIV_WITHDRAWAL_HELD,    /* notice expired during armed conflict */
	PACTA_DERIV_WITHDRAWAL_RELEASED /* armed conflict ended */
} pacta_derivation_kind;

#define PACTA_DERIV_MAX_ACTS 3

typedef struct pacta_derivation {
	pacta_derivation_kind kind;
	pacta_day date;        /* the derived date */
	const char *article;   /* the rule's article, or NULL for a plain act */
	pacta_day base;        /* date = delay applied to base (when computed) */
	pacta_delay delay;
	pacta_day computed;    /* what the rule gives; differs from date when a
				* stated date or a floor won */
	pacta_day floor;       /* the treaty's own entry into force, when a
				* state's date could not be earlier; or NONE */
	uint32_t acts[PACTA_DERIV_MAX_ACTS]; /* indexes into record->acts */
	unsigned n_acts;
	int32_t conflict;      /* index into record->conflicts, or -1 */
} pacta_derivation;

typedef struct pacta_interval {
	pacta_day from, to;  /* [from, to); to may be PACTA_DAY_OPEN */
	pacta_status status;
	uint32_t why;        /* derivation of `from` */
	bool provisional;    /* provisional application declared (signatory or
			      * consented), until the treaty is in force for it
			      * or a notice of non-intent ends it */
} pacta_interval;

/* One participant's story under one treaty. Dates are NONE when absent.
 * It does not name its participant: every participant without acts under
 * the treaty shares one empty story (since the sparse layout; callers keep
 * the index they asked with). */
typedef struct pacta_timeline {
	const pacta_interval *intervals; /* sorted, contiguous, first from = NONE */
	size_t n_intervals;
	pacta_day signed_on;
	pacta_day consented_on;   /* the last consent instrument's date */
	int32_t consent_act;      /* its act index, or -1 */
	pacta_day entry_into_force;
	int32_t entry_into_force_why; /* derivation index, or -1 */
	pacta_day withdrawal_notified;
	pacta_day withdrawal_effective; /* NONE while held with no end */
	int32_t withdrawal_why;
	const uint32_t *claims;   /* act indexes of claims (suspension, ...) */
	size_t n_claims;
	const uint32_t *objections; /* act indexes of objections to its claims */
	size_t n_objections;
} pacta_timeline;

typedef struct pacta_treaty_status pacta_treaty_status;

/* Treaty `treaty` of rec compiled into a block of its own (one malloc):
 * *out is freed with pacta_treaty_status_free(). */
pacta_rc pacta_status_compile(const pacta_record *rec, uint32_t treaty,
			      pacta_treaty_status **out,
			      pacta_error *err) PACTA_MUST_CHECK;
/* Frees a status pacta_status_compile() made; NULL is allowed. A status
 * of pacta_status_compile_all() is left alone (its blocks own it), so a
 * caller may free every status it holds the same way, whichever made it. */
void pacta_treaty_status_free(pacta_treaty_status *ts);

/* The blocks that hold the statuses of pacta_status_compile_all(). */
typedef struct pacta_status_blocks pacta_status_blocks;

/* Every treaty of rec compiled, out[t] treaty t's status (out is the
 * caller's array of rec->n_treaties), the statuses packed one after the
 * other into a few large blocks, sized from the record's counts of acts
 * and treaties, instead of one malloc each: what compiling a record of
 * many small treaties (a treaty series) spends on the allocator. The
 * answers are exactly pacta_status_compile()'s.
 *
 * Ownership: *blocks owns every out[t]. They live until
 * pacta_status_blocks_free(*blocks), which frees them all at once, and
 * pacta_treaty_status_free() on one of them does nothing (it reads the
 * status, so it comes before pacta_status_blocks_free(), never after). A
 * treaty compiled again later (after a write) with pacta_status_compile()
 * is a block of its own, freed on its own, while the others stay in the
 * shared blocks: a holder of both kinds (the service's snapshots) frees
 * each status it compiled alone, and the blocks once nothing reads any of
 * their statuses. On failure out[] is all NULL and *blocks NULL: nothing to free. */
pacta_rc pacta_status_compile_all(const pacta_record *rec, pacta_treaty_status **out,
				  pacta_status_blocks **blocks, pacta_error *err) PACTA_MUST_CHECK;
/* Frees the blocks and every status in them; NULL is allowed. */
void pacta_status_blocks_free(pacta_status_blocks *blocks);

const pacta_record *pacta_treaty_status_record(const pacta_treaty_status *ts);
uint32_t pacta_treaty_status_treaty(const pacta_treaty_status *ts);

/* The treaty's own entry into force, or NULL while it is not in force. The
 * derivation's acts[0] is the instrument that met the threshold. */
const pacta_derivation *
pacta_treaty_status_in_force(const pacta_treaty_status *ts);
/* How many counted instruments were deposited on the day of the one that
 * met the threshold (itself included): more than one means the record
 * cannot tell which of them was the Nth. 0 while the threshold is not met. */
size_t pacta_treaty_status_threshold_day_count(const pacta_treaty_status *ts);

/* A state the rules require for the treaty's entry into force
 * (entry_into_force.requires). */
typedef struct pacta_required_state {
	const char *iso3;    /* borrowed from the record or the rules */
	int32_t participant; /* its index, or -1: a code the record lacks */
} pacta_required_state;

/* The required states with no standing consent (consented or bound) on
 * day, in order of their codes: those the treaty still waits for. *out is
 * malloc'd (caller frees; NULL when *n is 0). Nothing when the rules name
 * no states. */
pacta_rc pacta_status_required_missing(const pacta_treaty_status *ts, pacta_day day,
				       pacta_required_state **out, size_t *n,
				       pacta_error *err) PACTA_MUST_CHECK;

/* Participant's timeline, written into *buf: returns buf, or NULL for an
 * index out of range. A participant without acts under the treaty gets the
 * shared empty story (one interval of PACTA_STATUS_NONE, the same static
 * one for all, no dates); the others their own, found in O(log n) of the
 * participants with acts (or directly, when they are many of the
 * record's). The compiled status keeps timelines compact, so the caller
 * gives the storage: *buf's intervals, claims and objections point into the
 * compiled status and live until pacta_treaty_status_free(). (Until 2026-12
 * this returned a pointer into the compiled status and took no buffer.) */
const pacta_timeline *pacta_treaty_status_timeline(const pacta_treaty_status *ts,
						   uint32_t participant, pacta_timeline *buf);
/* The participants with acts under the treaty (only they can have a status
 * other than none): how many, and the kth (k < that many), in ascending
 * index order. */
size_t pacta_treaty_status_n_active(const pacta_treaty_status *ts);
uint32_t pacta_treaty_status_active(const pacta_treaty_status *ts, size_t k);
/* Derivation `index` (an interval's `why`, a timeline's *_why, a change's
 * `why`), written into *buf: returns buf, or NULL when there is no such
 * derivation. The compiled status does not keep most derivations as
 * structs (the date of an act itself is a reference to the act), so the
 * caller gives the storage; the result lives as long as *buf, and its
 * `article` as long as the record. (Until 2026-12 this returned a pointer
 * into the compiled status and took no buffer.) */
const pacta_derivation *
pacta_treaty_status_derivation(const pacta_treaty_status *ts, uint32_t index,
			       pacta_derivation *buf);

/* Status on day; *iv (if not NULL) gets the interval. */
pacta_status pacta_status_on(const pacta_treaty_status *ts,
			     uint32_t participant, pacta_day day,
			     const pacta_interval **iv);

typedef struct pacta_counts {
	size_t parties;        /* in force for them (incl. withdrawing) */
	size_t consented;      /* consented, not yet in force */
	size_t signatories;    /* signed, not consented */
	size_t withdrawing;    /* parties whose withdrawal is pending or held */
	size_t withdrawn;
} pacta_counts;

pacta_counts pacta_status_count(const pacta_treaty_status *ts, pacta_day day);

/* A change of status between two days, for diffs. */
typedef struct pacta_change {
	uint32_t participant;
	pacta_status before, after;
	pacta_day date; /* when the last change in the window happened */
	uint32_t why;   /* its derivation */
} pacta_change;

/* Participants whose status on `to` differs from `from` (from < to), in
 * participant order. *out is malloc'd (caller frees). */
pacta_rc pacta_status_diff(const pacta_treaty_status *ts, pacta_day from,
			   pacta_day to, pacta_change **out, size_t *n,
			   pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
