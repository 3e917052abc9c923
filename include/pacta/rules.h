/*
 * pacta/rules.h - a treaty's final clauses as data.
 *
 * A treaty is described by a rules file (JSON, see docs/rules.md): identity
 * and the clauses the engine interprets, each with the article it comes from
 * and, optionally, the article's words for explanations. The code knows the
 * vocabulary (threshold, required states, floor date, delay, notice period,
 * suspension during armed conflict, parent treaty); the numbers and
 * articles come from the file only.
 */
#ifndef PACTA_RULES_H
#define PACTA_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "pacta/date.h"
#include "pacta/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How a period is counted from a base date (see date.h for the policy). */
typedef enum pacta_delay_unit {
	PACTA_DELAY_NONE = 0,    /* no delay: the base date itself */
	PACTA_DELAY_DAYS,        /* "N days after" */
	PACTA_DELAY_MONTHS,      /* "N months after" (clamped) */
	PACTA_DELAY_YEARS,       /* "N years after" (clamped) */
	PACTA_DELAY_FIRST_OF_MONTH, /* "the first day of the Nth month after"
				     * (counted from the month of the base) */
	PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING /* "the first day of the month
					      * following the expiry of N
					      * months after" */
} pacta_delay_unit;

typedef struct pacta_delay {
	pacta_delay_unit unit;
	int n;
} pacta_delay;

pacta_day pacta_delay_apply(pacta_delay delay, pacta_day base);
/* "six months after", "the first day of the sixth month after", ... into
 * buf (always NUL-terminated). Returns buf. */
char *pacta_delay_describe(pacta_delay delay, char *buf, size_t size);
/* "1st", "2nd", "3rd", "11th", "22nd", "101st" into buf (always
 * NUL-terminated). Returns buf. */
char *pacta_ordinal(int n, char *buf, size_t size);

/* A clause: where it is in the treaty and, optionally, its words. */
typedef struct pacta_clause {
	const char *article; /* "17(2)"; NULL when the treaty has no such clause */
	const char *text;    /* the article's words, or NULL */
} pacta_clause;

/* An obligation of each State Party (see docs/rules.md, "obligations"). */
typedef enum pacta_obligation_kind {
	PACTA_OBLIGATION_DEADLINE = 0, /* once, a delay after entry into force */
	PACTA_OBLIGATION_ANNUAL,       /* every year on a fixed day */
	PACTA_OBLIGATION_CONTINUING    /* for as long as the state is bound */
} pacta_obligation_kind;

/* To whom it applies: every party, or the parties the record says it
 * applies to (an `applies` event: stockpiles held, mined areas). For the
 * latter the record tracks completion, so a passed deadline without one is
 * overdue; for "all parties" (reports) a passed deadline with nothing
 * recorded is unknown, not overdue. */
typedef enum pacta_obligation_scope {
	PACTA_APPLIES_ALL_PARTIES = 0,
	PACTA_APPLIES_RECORDED
} pacta_obligation_scope;

#define PACTA_OBLIGATION_ID_MAX 8

typedef struct pacta_obligation_rule {
	char id[PACTA_OBLIGATION_ID_MAX]; /* "4", "7.1": the record's `article` */
	pacta_clause clause;
	const char *name;         /* "stockpile destruction" */
	pacta_obligation_kind kind;
	pacta_obligation_scope applies;
	pacta_delay delay;        /* deadline: after the state's entry into force */
	int month, day;           /* annual: the day each year */
	bool extensions;          /* deadline: extensions may be granted */
	pacta_clause extension;   /* where extensions come from */
	/* Deadline: mined areas reported after completion or after the
	 * deadline (new_contamination rows) re-open it, by this clause. */
	bool reopening;
	pacta_clause reopen;      /* its article and text */
	const char *reopen_decision; /* the decision it comes from, or NULL */
	const char *reopen_source;   /* where that decision is published, or NULL */
	bool reopen_has_delay;    /* false: no deadline until one is recorded */
	pacta_delay reopen_delay; /* after the day the areas were reported */
} pacta_obligation_rule;

#define PACTA_OBLIGATIONS_MAX 16

/* Which event separates the states bound from the treaty's own entry into
 * force from those that take the later-depositor rule. */
typedef enum pacta_later_after {
	PACTA_LATER_AFTER_NTH_INSTRUMENT = 0, /* "after the date of deposit of the Nth" */
	PACTA_LATER_AFTER_ENTRY_INTO_FORCE    /* "subsequent to its entry into force" */
} pacta_later_after;

/* The treaty's title in one of the six languages of the United Nations
 * (its authentic texts' languages), as a source gives it. */
typedef struct pacta_title {
	const char *lang;       /* "en", "fr", "es", "ar", "zh" or "ru" */
	const char *title;      /* the full title */
	const char *name;       /* a short name, or NULL */
	const char *source_url; /* where the title is given */
} pacta_title;
#define PACTA_TITLE_LANGS 6

typedef struct pacta_rules {
	/* A treaty's final clauses. Treaties that name the same shared
	 * clauses point at one pacta_rules; a treaty that spells its clauses
	 * out has its own. Within each group the pointers come first and the
	 * numbers and flags after them, so that little is lost to padding. */

	/* Who keeps the treaty: given by its rules file or by the shared
	 * clauses it names. The treaty's own identity (id, name, title, dates,
	 * titles) and its threshold are pacta_treaty's, not these rules': a
	 * treaty that names shared clauses points at their one copy. */
	const char *depositary;
	const char *depositary_ref; /* "UN Treaty Collection, chapter XXVI-5" */

	/* Signature: open from the treaty's signature_opened; closes at its
	 * entry into force when signature_closes_at_entry_into_force. */
	pacta_clause signature;
	pacta_day signature_open_until; /* last day to sign, or NONE */
	bool signature_closes_at_entry_into_force;

	/* Consent to be bound. consent_actions and consent_requires_signature
	 * are bit sets of (1u << pacta_action). */
	pacta_clause consent;
	/* A protocol: consent needs a standing consent to this treaty (id),
	 * checked by pacta_record_check(); NULL when there is no parent. */
	const char *requires_party_to;
	pacta_clause parent;
	/* A withdrawal from the parent is a withdrawal from this treaty too
	 * (CCW Art. 9(3)), on the same day of receipt, by this treaty's own
	 * withdrawal rule, when parent_withdrawal_applies. */
	pacta_clause parent_withdrawal;
	uint32_t consent_actions;
	uint32_t consent_requires_signature;
	bool accession_only_by_non_signatories;
	/* Accession is open only once the treaty is in force (a record
	 * check refuses an earlier one). */
	bool accession_opens_at_entry_into_force;
	bool parent_withdrawal_applies;

	/* The treaty's own entry into force: after the Nth consent instrument
	 * (N is the treaty's entry_into_force_instruments),
	 * entry_into_force_delay after the date it was deposited; or a date the
	 * depositary states (the treaty's entry_into_force_stated), which wins. */
	pacta_clause entry_into_force;
	/* Entry into force for a state depositing later: after the date of the
	 * Nth instrument, or on or after the treaty's own entry into force
	 * (entry_into_force_later_after), entry_into_force_later_delay after
	 * it; earlier states are bound from the treaty's own date. */
	pacta_clause entry_into_force_later;
	/* Every one of these states must have deposited too: a group of the
	 * record (its members on any day) or a list of ISO3 codes. */
	const char *entry_into_force_requires_group;
	const char **entry_into_force_requires; /* ISO3 codes */
	size_t n_entry_into_force_requires;
	/* The instruments counted towards the threshold, a bit
	 * set like consent_actions and a subset of it ("instruments of
	 * ratification, acceptance or approval", not accessions). */
	uint32_t entry_into_force_counts;
	pacta_delay entry_into_force_delay;
	/* Not before this date, or this delay after opening for signature. */
	pacta_day entry_into_force_not_before;
	pacta_delay entry_into_force_not_before_opening;
	pacta_delay entry_into_force_later_delay;
	pacta_later_after entry_into_force_later_after;
	bool entry_into_force_has_not_before_opening;

	/* Succession: a stated effective date (e.g. independence) wins over the
	 * computed one when succession_effective_stated. */
	pacta_clause succession;
	/* Provisional application pending entry into force for the state,
	 * declared while it is a signatory or has consented. When the rules
	 * say `at`, only at signature (the day of its signature) and/or at
	 * consent (the day of its consent instrument); of the articles named
	 * ("6 and 7"), or of the whole treaty when NULL. */
	pacta_clause provisional_application;
	const char *provisional_articles;
	pacta_clause reservations;
	bool succession_effective_stated;
	/* "computed": a succession's stated effective date is not used (and
	 * the record check reports it). */
	bool succession_effective_computed;
	bool provisional_application_allowed;
	bool provisional_at_signature, provisional_at_consent; /* both false: any time */
	bool reservations_allowed;

	/* Withdrawal: takes effect withdrawal_notice after the depositary
	 * receives the notification; held while the state is engaged in an
	 * armed conflict on the day it would take effect, when
	 * withdrawal_held_during_armed_conflict. */
	pacta_clause withdrawal;
	pacta_clause armed_conflict;
	/* Conditions the treaty sets for withdrawing ("extraordinary events"),
	 * quoted in explanations; the engine does not judge them. */
	pacta_clause withdrawal_conditions;
	pacta_delay withdrawal_notice;
	bool withdrawal_allowed;
	bool withdrawal_held_during_armed_conflict;
	/* "… unless the notification specifies a later date": a withdrawal
	 * act's effective date, when later than the notice's end, wins. */
	bool withdrawal_later_date;

	/* Revocation of a consent before the treaty is in force for the
	 * state: quoted in explanations (the act works whether or not the
	 * treaty has a clause for it; depositary practice). */
	pacta_clause revocation;
	/* A signatory's notice that it does not intend to become a party. */
	pacta_clause non_intent;

	/* What the treaty says (or does not say) about suspension, for
	 * explaining claims it has no clause for. */
	pacta_clause suspension;

	/* Obligations of each State Party, in the file's order: n_obligations
	 * of them (at most PACTA_OBLIGATIONS_MAX), in the record's storage, or
	 * NULL when there are none. (An array here would make every treaty's
	 * rules 2.6 KB, most of it empty, on a record of many treaties.) */
	pacta_obligation_rule *obligations;
	size_t n_obligations;
} pacta_rules;

#ifdef __cplusplus
}
#endif

#endif
