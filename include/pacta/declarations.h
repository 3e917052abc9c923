/*
 * pacta/declarations.h - what states declared about a treaty, as the
 * depositary records it: declarations, reservations, objections,
 * communications, territorial application and exclusion, provisional
 * application, claims to suspend the treaty, and the withdrawals of
 * reservations and declarations.
 *
 * pacta does not judge whether a declaration is a disguised reservation: it
 * lists each act with the kind the depositary gives it, when it was made
 * (upon signature, upon the consent to be bound, or later) and the
 * responses it drew: the objections and communications another participant
 * addressed to the declaring state on or after it, each placed under the
 * latest of that state's declarations made by then.
 *
 * Ownership: a pacta_declarations list is malloc'd; free it with
 * pacta_declarations_free(). It holds indexes into the record, which must
 * outlive it.
 */
#ifndef PACTA_DECLARATIONS_H
#define PACTA_DECLARATIONS_H

#include "pacta/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_occasion {
	PACTA_OCCASION_SIGNATURE = 0, /* made upon signature */
	PACTA_OCCASION_CONSENT,       /* upon ratification, accession, ... */
	PACTA_OCCASION_LATER,         /* any other day */
	PACTA_OCCASION_RESPONSE       /* an objection or communication */
} pacta_occasion;

/* "signature", "consent", "later", "response". */
const char *pacta_occasion_name(pacta_occasion o);

typedef struct pacta_declaration {
	uint32_t act;           /* index into rec->acts */
	pacta_occasion occasion;
	int32_t occasion_act;   /* the signature or consent it was made upon, or -1 */
	size_t first_response;  /* responses[first_response .. + n_responses) */
	size_t n_responses;
} pacta_declaration;

typedef struct pacta_declarations {
	pacta_declaration *items; /* by state (as asked), then date */
	size_t n;
	uint32_t *responses;      /* act indexes */
	size_t n_responses_total;
} pacta_declarations;

/* True for the actions this module lists. */
bool pacta_action_is_declaration(pacta_action action);

/*
 * The declarations of treaty made on or before on, by the given states
 * (all when n_states is 0), each with the responses it drew by then. The
 * record must be finished. *out is filled on success.
 */
pacta_rc pacta_declarations_list(const pacta_record *rec, uint32_t treaty,
				 const uint32_t *states, size_t n_states, pacta_day on,
				 pacta_declarations *out, pacta_error *err) PACTA_MUST_CHECK;

void pacta_declarations_free(pacta_declarations *list);

#ifdef __cplusplus
}
#endif

#endif
