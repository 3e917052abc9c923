/*
 * pacta/rules.h - a treaty's final clauses as data.
 *
 * A treaty is described by a rules file (JSON, see docs/rules.md): identity
 * and the clauses the engine interprets, each with the article it comes from
 * and, optionally, the article's words for explanations. The code knows the
 * vocabulary (threshold, delay, notice period, suspension during armed
 * conflict); the numbers and articles come from the file only.
 */
#ifndef PACTA_RULES_H
#define PACTA_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "pacta/date.h"
#include "pacta/error.h"

/* How a period is counted from a base date (see date.h for the policy). */
typedef enum pacta_delay_unit {
	PACTA_DELAY_NONE = 0,    /* no delay: the base date itself */
	PACTA_DELAY_DAYS,        /* "N days after" */
	PACTA_DELAY_MONTHS,      /* "N months after" (clamped) */
	PACTA_DELAY_YEARS,       /* "N years after" (clamped) */
	PACTA_DELAY_FIRST_OF_MONTH /* "the first day of the Nth month after" */
} pacta_delay_unit;

typedef struct pacta_delay {
	pacta_delay_unit unit;
	int n;
} pacta_delay;

pacta_day pacta_delay_apply(pacta_delay delay, pacta_day base);
/* "six months after", "the first day of the sixth month after", ... into
 * buf (always NUL-terminated). Returns buf. */
char *pacta_delay_describe(pacta_delay delay, char *buf, size_t size);

/* A clause: where it is in the treaty and, optionally, its words. */
typedef struct pacta_clause {
	const char *article; /* "17(2)"; NULL when the treaty has no such clause */
	const char *text;    /* the article's words, or NULL */
} pacta_clause;

typedef struct pacta_rules {
	/* Identity. */
	const char *id;    /* "apmbc" */
	const char *name;  /* short name, "Anti-Personnel Mine Ban Convention" */
	const char *title; /* full title */
	pacta_day adopted;
	const char *adopted_place;
	pacta_day signature_opened;
	const char *signature_place;
	const char *depositary;
	const char *depositary_ref; /* "UN Treaty Collection, chapter XXVI-5" */
	const char *source_url;

	/* Signature: open from signature_opened; closes at the treaty's entry
	 * into force when signature_closes_at_entry_into_force. */
	pacta_clause signature;
	bool signature_closes_at_entry_into_force;

	/* Consent to be bound. consent_actions and consent_requires_signature
	 * are bit sets of (1u << pacta_action). */
	pacta_clause consent;
	uint32_t consent_actions;
	uint32_t consent_requires_signature;
	bool accession_only_by_non_signatories;

	/* The treaty's own entry into force: after the Nth consent instrument,
	 * entry_into_force_delay after the date it was deposited; or a date the
	 * depositary states (entry_into_force_stated), which wins. */
	pacta_clause entry_into_force;
	int entry_into_force_instruments;
	pacta_delay entry_into_force_delay;
	pacta_day entry_into_force_stated;

	/* Entry into force for a state depositing after the Nth instrument. */
	pacta_clause entry_into_force_later;
	pacta_delay entry_into_force_later_delay;

	/* Succession: a stated effective date (e.g. independence) wins over the
	 * computed one when succession_effective_stated. */
	pacta_clause succession;
	bool succession_effective_stated;

	pacta_clause provisional_application;
	bool provisional_application_allowed;

	pacta_clause reservations;
	bool reservations_allowed;

	/* Withdrawal: takes effect withdrawal_notice after the depositary
	 * receives the notification; held while the state is engaged in an
	 * armed conflict on the day it would take effect, when
	 * withdrawal_held_during_armed_conflict. */
	pacta_clause withdrawal;
	bool withdrawal_allowed;
	pacta_delay withdrawal_notice;
	pacta_clause armed_conflict;
	bool withdrawal_held_during_armed_conflict;

	/* What the treaty says (or does not say) about suspension, for
	 * explaining claims it has no clause for. */
	pacta_clause suspension;
} pacta_rules;

#endif
