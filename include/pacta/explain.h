/*
 * pacta/explain.h - an answer that explains itself: why a participant has
 * its status under a treaty on a date, step by step, with the articles and
 * the acts (and their sources) each step rests on.
 *
 * The explanation reads the derivations made by status.c; it recomputes
 * nothing. Steps are in date order and cover what was known on the day
 * asked about; each step cites acts by their position in `sources`
 * (shown as [1], [2], ... in the text).
 *
 * Ownership: pacta_explain() fills a caller-provided pacta_explanation whose
 * memory the caller releases with pacta_explanation_free().
 */
#ifndef PACTA_EXPLAIN_H
#define PACTA_EXPLAIN_H

#include "pacta/lang.h"
#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_step_kind {
	PACTA_STEP_TREATY_IN_FORCE = 0,
	PACTA_STEP_SIGNATURE,
	PACTA_STEP_CONSENT,
	PACTA_STEP_IN_FORCE,
	PACTA_STEP_PROVISIONAL,
	PACTA_STEP_DECLARATION,
	PACTA_STEP_WITHDRAWAL,
	PACTA_STEP_CLAIM,
	PACTA_STEP_DOMESTIC,
	PACTA_STEP_STATUS
} pacta_step_kind;

const char *pacta_step_kind_name(pacta_step_kind kind);

typedef struct pacta_step {
	pacta_step_kind kind;
	pacta_day date;
	const char *article; /* borrowed from the rules, or NULL */
	char *text;          /* owned */
	size_t *cites;       /* owned: 1-based positions in sources */
	size_t n_cites;
} pacta_step;

typedef struct pacta_explanation {
	char *summary;       /* one sentence, owned */
	pacta_step *steps;
	size_t n_steps;
	uint32_t *sources;   /* act indexes, in order of first citation */
	size_t n_sources;
	pacta_status status;
	pacta_day on;
} pacta_explanation;

pacta_rc pacta_explain(const pacta_treaty_status *ts, uint32_t participant,
		       pacta_day on, pacta_explanation *out,
		       pacta_error *err) PACTA_MUST_CHECK;
/* How an explanation is said. Every member may be NULL (English, the
 * record's names); a zeroed struct is pacta_explain()'s. Borrowed for the
 * call only. */
typedef struct pacta_explain_opts {
	const pacta_lang *lang;   /* the sentences of the summary and steps, and dates */
	/* The state's name in lang (the caller's, from pacta_names_get()), or
	 * NULL for the record's: the law layer reads no names file. */
	const char *state_name;
	/* The other participants' names in lang (the depositary of the Nth
	 * instrument, objecting states): name(ctx, participant) gives one,
	 * or NULL for the record's. name may be NULL. */
	const char *(*name)(void *ctx, uint32_t participant);
	void *ctx;
} pacta_explain_opts;

/* pacta_explain() said as opts asks (opts may be NULL). Articles and
 * citations read the same in every language ("Art. 20(3)"); what the
 * rules file quotes (a clause's text) is as the file gives it. */
pacta_rc pacta_explain_in(const pacta_treaty_status *ts, uint32_t participant,
			  pacta_day on, const pacta_explain_opts *opts,
			  pacta_explanation *out,
			  pacta_error *err) PACTA_MUST_CHECK;
void pacta_explanation_free(pacta_explanation *ex);

#ifdef __cplusplus
}
#endif

#endif
