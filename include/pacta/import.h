/*
 * pacta/import.h - adding acts to a stored record, all or nothing: parse,
 * check against the treaty's rules with the new acts in place, append. The
 * CLI's import and record commands and the service's POST share it, so a
 * write is checked the same way wherever it comes from.
 *
 * Ownership: problems is the caller's (free it with pacta_diags_free);
 * rec is changed (new acts, finished again) and stays the caller's.
 */
#ifndef PACTA_IMPORT_H
#define PACTA_IMPORT_H

#include <stdint.h>

#include "pacta/error.h"
#include "pacta/record.h"
#include "pacta/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags of the writes below. */
/* Accept acts dated after today. Without it, such an act is refused with
 * a problem that says so (PACTA_ERR_CHECK, nothing written): an act is
 * recorded once it has been made. A stated effective date may always be
 * later (a withdrawal takes effect months after its notification). */
#define PACTA_IMPORT_ALLOW_FUTURE 1u

/* Judges the acts of rec that are not stored yet (those without the
 * origin "store:act <id>" of their id) and appends them, with one history
 * entry (who, why). Each needs a valid source URL (pacta/url.h), else
 * PACTA_ERR_PARSE at its origin. Then the record checks of the treaties
 * they touch, and of the protocols that require those, run on the record
 * as stored and on rec with the new acts in place, whatever their dates:
 * every problem of the second run that the first did not have (the same
 * check about the same stored acts) is appended to problems, wherever it
 * is located, and then PACTA_ERR_CHECK is returned and nothing is written.
 * Problems the stored record already had do not block. An act dated
 * after today is refused first, unless flags has
 * PACTA_IMPORT_ALLOW_FUTURE. */
pacta_rc pacta_import_append(pacta_store *st, pacta_record *rec, const char *who, const char *why,
			     unsigned flags, pacta_diags *problems,
			     pacta_error *err) PACTA_MUST_CHECK;

/* Corrects act old_id of rec (a record loaded from st) under fixed's
 * treaty: fixed (whose source URL must be valid, else PACTA_ERR_PARSE)
 * takes its place in rec and is judged as a new act is, against the record
 * as stored (problems it brings block: PACTA_ERR_CHECK, nothing written),
 * then the store writes it as a new act superseding old_id
 * (pacta_store_correct_act). PACTA_ERR_NOTFOUND when rec holds no such act.
 * fixed's strings must outlive rec. *new_id (if not NULL) gets the new
 * act's id. */
pacta_rc pacta_import_correct(pacta_store *st, pacta_record *rec, uint32_t old_id,
			      const pacta_act *fixed, const char *who, const char *why,
			      unsigned flags, pacta_diags *problems, uint32_t *new_id,
			      pacta_error *err) PACTA_MUST_CHECK;

/* Parses an acts CSV held in data[0..len) (see
 * pacta_record_load_acts_csv_all: every bad row goes to problems, up to a
 * limit, and then PACTA_ERR_PARSE and nothing is written; treaty is the
 * default treaty or -1, name is used in errors), then
 * pacta_import_append(). *added gets the number of acts read. */
pacta_rc pacta_import_acts_csv(pacta_store *st, pacta_record *rec, int32_t treaty, const char *data,
			       size_t len, const char *name, const char *who, const char *why,
			       unsigned flags, pacta_diags *problems, size_t *added,
			       pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
