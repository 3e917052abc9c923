/*
 * pacta/feed.h - change feeds: an Atom feed (RFC 4287) and a JSON Feed 1.1
 * of the status-changing acts and effective dates of one treaty, for every
 * state or for the states asked.
 *
 * Entries: each signature, each consent instrument deposited, each
 * notification of withdrawal (acts), and each entry into force for a
 * state, withdrawal taking effect and withdrawal held (dates the engine
 * derives). Entry ids are tag URIs (RFC 4151) built from the treaty, the
 * state, the kind and the date, e.g.
 *   tag:pacta,2025:apmbc/LVA/withdrawal-effective/2025-12-27
 * so they stay the same across runs and machines.
 *
 * Dates (docs/exports.md): `published` is the day the entry became known,
 * the date of the latest act it rests on (a withdrawal's effective date is
 * published with its notification, the effective date is in the title);
 * `updated` is the record time of those acts (the day pacta recorded them),
 * never earlier than `published` and never later than the feed's day. A
 * feed "on D" holds only entries published on or before D.
 *
 * Ownership: entry arrays and texts are malloc'd; the caller frees them.
 */
#ifndef PACTA_FEED_H
#define PACTA_FEED_H

#include "pacta/status.h"
#include "pacta/update.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_feed_format {
	PACTA_FEED_ATOM = 0,
	PACTA_FEED_JSON
} pacta_feed_format;

/* "atom", "json". */
bool pacta_feed_format_parse(const char *name, pacta_feed_format *out);

typedef enum pacta_feed_kind {
	PACTA_FEED_SIGNATURE = 0,
	PACTA_FEED_CONSENT,
	PACTA_FEED_ENTRY_INTO_FORCE,
	PACTA_FEED_WITHDRAWAL_NOTIFIED,
	PACTA_FEED_WITHDRAWAL_EFFECTIVE,
	PACTA_FEED_WITHDRAWAL_HELD
} pacta_feed_kind;

/* "signature", "consent", "entry-into-force", "withdrawal-notified",
 * "withdrawal-effective", "withdrawal-held". */
const char *pacta_feed_kind_name(pacta_feed_kind kind);

#define PACTA_FEED_ID_MAX 160

typedef struct pacta_feed_entry {
	pacta_feed_kind kind;
	uint32_t participant;
	pacta_day date;      /* the day it happens or happened */
	pacta_day published; /* the day it became known */
	pacta_day updated;   /* record time, within [published, on] */
	int32_t act;         /* the act it rests on (its source), or -1 */
	int32_t why;         /* the derivation of a derived date, or -1 */
	char id[PACTA_FEED_ID_MAX];
} pacta_feed_entry;

/* The entries published on or before `on` for the participants given
 * (NULL: every participant), newest first (published, then date, then id,
 * all descending). */
pacta_rc pacta_feed_entries(const pacta_treaty_status *ts, pacta_day on,
			    const uint32_t *participants, size_t n,
			    pacta_feed_entry **out, size_t *n_out,
			    pacta_error *err) PACTA_MUST_CHECK;

/* The feed as text. self_url (may be NULL) is the feed's own URL, given by
 * a server; without it the feed has no rel="self" link. The feed id is
 * tag:pacta,2025:TREATY, or tag:pacta,2025:TREATY/ISO3 for one state. */
pacta_rc pacta_feed_write(const pacta_treaty_status *ts, pacta_day on,
			  const uint32_t *participants, size_t n,
			  pacta_feed_format fmt, const char *self_url, char **out,
			  size_t *len, pacta_error *err) PACTA_MUST_CHECK;

/* The review feed of the treaty: a "change proposed" entry for
 * each of the proposals p (published when it was made) and a "change
 * recorded" entry for each one accepted (published when it was), newest
 * first. Ids: tag:pacta,2025:TREATY/review/ID/proposed (or /recorded);
 * categories (tags) change-proposed and change-recorded. */
pacta_rc pacta_feed_write_review(const pacta_treaty *treaty, const pacta_proposal *p, size_t n,
				 pacta_feed_format fmt, const char *self_url, char **out,
				 size_t *len, pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
