/*
 * pacta/profile.h - one participant across every treaty of the record: its
 * status and dates under each on a day, and its status changes over time
 * in date order.
 *
 * Ownership: a pacta_profile borrows the record (which must outlive it)
 * and owns its arrays; pacta_profile_free() releases them.
 */
#ifndef PACTA_PROFILE_H
#define PACTA_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacta/record.h"
#include "pacta/report.h"
#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Under one treaty, on the profile's day. */
typedef struct pacta_profile_treaty {
	uint32_t treaty;
	pacta_state_view view;      /* as pacta_state_view_on() gives it */
} pacta_profile_treaty;

/* A change of status under one treaty. */
typedef struct pacta_profile_change {
	pacta_day date;
	uint32_t treaty;
	pacta_status before, after;
	bool provisional;           /* after: consented, applied provisionally */
	pacta_derivation why;       /* a copy: the status it came from is gone */
	bool upcoming;              /* after the profile's day, from acts made
				     * on or before it (a pending withdrawal) */
} pacta_profile_change;

typedef struct pacta_profile {
	const pacta_record *rec;
	uint32_t participant;
	pacta_day on;
	pacta_profile_treaty *treaties; /* one per treaty, in record order */
	size_t n_treaties;
	pacta_profile_change *changes;  /* by date, then treaty */
	size_t n_changes;
} pacta_profile;

/* Compiles every treaty's status and gathers the participant's. Changes
 * are those that happened on or before `on`, and those after it that acts
 * of that day or earlier already determine. */
pacta_rc pacta_profile_build(const pacta_record *rec, uint32_t participant, pacta_day on,
			     pacta_profile *out, pacta_error *err) PACTA_MUST_CHECK;
void pacta_profile_free(pacta_profile *p);

/* {"state","name","on","treaties":[{"treaty","name","status","bound",
 * "since","signature","consent","consent_instrument","entry_into_force",
 * "provisional_application","withdrawal_notified","withdrawal_effective"}],
 * "changes":[{"date","treaty","before","after","upcoming","article",
 * "act":{...}}]}; malloc'd (caller frees), NULL on error. The service's
 * answer for one state; see report.h for the conventions. */
char *pacta_report_profile_json(const pacta_record *rec, uint32_t participant, pacta_day on);

#ifdef __cplusplus
}
#endif

#endif
