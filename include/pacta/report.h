/*
 * pacta/report.h - the answers as JSON, shared by the CLI and the service so
 * that both print the same bytes for the same question.
 *
 * Every function returns a malloc'd, NUL-terminated JSON text ending in a
 * newline (the caller frees it), or NULL when memory ran out. Dates are ISO
 * "YYYY-MM-DD" or null. Dates that depend on acts later than `on` are
 * null: an answer "on D" shows only what the record held for that day.
 */
#ifndef PACTA_REPORT_H
#define PACTA_REPORT_H

#include "pacta/explain.h"
#include "pacta/obligations.h"
#include "pacta/reports.h"
#include "pacta/declarations.h"
#include "pacta/status.h"
#include "pacta/territory.h"

#ifdef __cplusplus
extern "C" {
#endif

/* {"treaty","on","treaty_entry_into_force","counts":{...},"states":[...]};
 * participants NULL = every participant whose status on `on` is not none.
 * treaty_entry_into_force is the treaty's own date, or null with
 * "treaty_not_in_force_because". */
char *pacta_report_status_json(const pacta_treaty_status *ts, pacta_day on,
			       const uint32_t *participants, size_t n);
/* {"treaty","on","treaty_entry_into_force","group","count","counts":{...},
 * "parties":[...]}; group may be NULL. */
char *pacta_report_parties_json(const pacta_treaty_status *ts, pacta_day on,
				const char *group);
/* {"treaty","state","name","events":[...]} in date order: acts, domestic
 * steps and status changes. */
char *pacta_report_timeline_json(const pacta_treaty_status *ts,
				 uint32_t participant);
char *pacta_report_explain_json(const pacta_treaty_status *ts,
				uint32_t participant,
				const pacta_explanation *ex);
char *pacta_report_diff_json(const pacta_treaty_status *ts, pacta_day from,
			     pacta_day to, const pacta_change *changes,
			     size_t n);
/* {"treaty","on","obligations":[{"state","name","article","obligation",
 * "original_due","due","status","late","met_on","overdue_since",
 * "ended_on","extensions":[...],"explanation","sources":[...]}]} */
char *pacta_report_obligations_json(const pacta_treaty_status *ts, pacta_day on,
				    const pacta_obligation *obs, size_t n);
/* {"treaty","on","state","name","territory","applies","basis","status",
 * "since","act"}: whether the treaty applies to one territory of a state
 * (pacta/territory.h); "act" is the territorial act it rests on, or null. */
char *pacta_report_territory_json(const pacta_treaty_status *ts, uint32_t p, const char *territory,
				  pacta_day on, const pacta_territory_view *view);

/* The declarations list (pacta/declarations.h) of the treaty ts compiles,
 * as of on: the treaty's rule on reservations, then each act with when it
 * was made, its text and notification, and the responses it drew. */
char *pacta_report_declarations_json(const pacta_treaty_status *ts, pacta_day on,
				     const pacta_declarations *list);

/* {"treaty","on","article","obligation","required_meaning","years":[{"year",
 * "in_force_by","due","required","submitted","late","missed","unknown",
 * "rate","published":[...],"sources":[...]}]}; with entries (one year's),
 * also "states":[{"state","name","report","submitted_on","late",
 * "source_url","note"}]. */
/* As pacta_report_obligations_json, as of `to`, with the window's "from"
 * and "to" after "on" (pacta deadlines). */
char *pacta_report_deadlines_json(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
				  const pacta_obligation *obs, size_t n);
char *pacta_report_reports_json(const pacta_treaty_status *ts, pacta_day on,
				const pacta_report_year *years, size_t n,
				const pacta_report_entry *entries, size_t n_entries);
/* {"treaties":[{"id","name","title","adopted","adopted_at","depositary",
 * "depositary_ref","source_url","treaty_entry_into_force"(,
 * "treaty_not_in_force_because"),"annual_reports"}]}; compiles each
 * treaty's status for its entry into force (rec must be finished). NULL on
 * out-of-memory. */
char *pacta_report_treaties_json(const pacta_record *rec);
/* The same answer for some of the treaties: the n record indexes of
 * treaties, in their order (NULL: the first n). ts, when not NULL, holds
 * the compiled status of each treaty listed, ts[k] for the k-th (n
 * entries, borrowed; a NULL entry is compiled here), so that a page of a
 * large register costs its n entries only. (Until 2026-12-07 ts was
 * indexed by record index, an entry per treaty of the record.) NULL on
 * out-of-memory. */
char *pacta_report_treaty_list_json(const pacta_record *rec, pacta_treaty_status *const *ts,
				    const uint32_t *treaties, size_t n);
/* {"treaty","on","meaning","withdrawals":[{"state","name","status","stage",
 * "announced","government_decision","parliament_approval",
 * "head_of_state_signature","withdrawal_notified","withdrawal_effective",
 * "acts":[...]}]}: every state that took a step out of the treaty by `on`
 * (domestic steps after its consent, a withdrawal notification). */
char *pacta_report_withdrawals_json(const pacta_treaty_status *ts, pacta_day on);
char *pacta_report_states_json(const pacta_record *rec);

/* The per-state fields shared by status answers, for one participant on
 * one day; exposed so the CLI's tables and CSV use the same values. */
typedef struct pacta_state_view {
	pacta_status status;
	pacta_day since;            /* start of the current interval, or NONE */
	bool provisional;
	pacta_day signed_on;
	pacta_day consented_on;
	pacta_action consent_action;
	pacta_day entry_into_force;
	pacta_day withdrawal_notified;
	pacta_day withdrawal_effective;
	size_t n_claims;            /* claims made on or before `on` */
	size_t n_objections;
} pacta_state_view;

pacta_state_view pacta_state_view_on(const pacta_treaty_status *ts,
				     uint32_t participant, pacta_day on);

/* A timeline event, as listed by pacta_report_timeline_json and the CLI. */
typedef struct pacta_event {
	pacta_day date;
	const char *kind;   /* an action name, or "status" */
	int32_t act;        /* act index, or -1 for a status change */
	pacta_status status;/* for status changes */
	int32_t why;        /* derivation for status changes, or -1 */
} pacta_event;

/* The participant's events in date order (acts, then the status change of
 * the same day); *out malloc'd, caller frees. */
pacta_rc pacta_timeline_events(const pacta_treaty_status *ts,
			       uint32_t participant, pacta_event **out,
			       size_t *n, pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
