/*
 * pacta/update.h - keeping the record current from the depositary: the
 * difference between a status page and the record becomes proposals, kept
 * with the page they came from until a person accepts or rejects them
 * (docs/update.md).
 *
 * pacta_update_diff() compares a parsed UNTC page (pacta/untc.h) with the
 * record; nothing is written. The store functions keep the evidence: every
 * fetched page (compressed with zlib, its SHA-256, URL, time, HTTP status
 * and validators) and the proposals, each pointing at its snapshot. These
 * tables are not the record: an accepted proposal enters the record only
 * through the ordinary checked, hash-chained append (pacta/import.h).
 *
 * Ownership: arrays of proposals are malloc'd, each proposal's strings
 * too; free them with pacta_proposals_free(). Snapshot bodies are malloc'd
 * for the caller.
 */
#ifndef PACTA_UPDATE_H
#define PACTA_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "pacta/error.h"
#include "pacta/record.h"
#include "pacta/store.h"
#include "pacta/untc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_proposal_kind {
	PACTA_PROPOSAL_NEW = 0, /* an act on the page the record does not hold */
	PACTA_PROPOSAL_DATE,	/* an act the record holds with another date */
	PACTA_PROPOSAL_GONE,	/* an act the record has from this page that the
				   page no longer shows */
	PACTA_PROPOSAL_COUNT	/* a count the page states that its rows do not
				   give, new since the last snapshot */
} pacta_proposal_kind;

/* "new", "date", "gone", "count". */
const char *pacta_proposal_kind_name(pacta_proposal_kind kind);

typedef enum pacta_proposal_status {
	PACTA_PROPOSAL_PENDING = 0,
	PACTA_PROPOSAL_ACCEPTED,
	PACTA_PROPOSAL_REJECTED
} pacta_proposal_status;

/* "pending", "accepted", "rejected". */
const char *pacta_proposal_status_name(pacta_proposal_status status);

#define PACTA_SHA256_HEX 65 /* 64 hex digits and NUL */

typedef struct pacta_proposal {
	long long id;		/* 0 until stored */
	char treaty[64];
	long long snapshot;	/* the page it came from (page_snapshot id) */
	pacta_proposal_kind kind;
	char state[4];		/* ISO alpha-3, "" for a count */
	/* What identifies the evidence: the same fingerprint is never
	 * proposed twice for a treaty (SHA-256, hex). */
	char fingerprint[PACTA_SHA256_HEX];
	char *page_says;	/* what the page says */
	char *record_says;	/* what the record says */
	char *would_append;	/* the act that accepting appends, or what
				   accepting does when it appends none */
	/* NEW and DATE: the act to append as JSON (state, action, date,
	 * effective, target, source_url, note, notification, circulated,
	 * territory, text); NULL otherwise. */
	char *act;
	long long supersedes;	/* DATE: the record act it corrects; else 0 */
	pacta_proposal_status status;
	char created_at[32];
	char decided_at[32];	/* "" while pending */
	char *decided_by;	/* NULL while pending */
	char *note;		/* the reviewer's note, or NULL */
	long long change_id;	/* the history entry that recorded it, or 0 */
} pacta_proposal;

/* Frees one proposal's strings and zeroes it (not the proposal itself). */
void pacta_proposal_clear(pacta_proposal *p);
/* Frees an array of n proposals and their strings. */
void pacta_proposals_free(pacta_proposal *p, size_t n);

/* One proposal as a JSON object (id, treaty, kind, state, status,
 * page_says, record_says, would_append, act, supersedes, snapshot,
 * created_at, decided_at, decided_by, note, change_id; absent values
 * null); malloc'd, NULL on allocation failure. */
char *pacta_proposal_json(const pacta_proposal *p);

/* The proposals page makes against the record rec for its treaty
 * (pacta_untc_find_treaty's), page order: new acts and changed dates (acts
 * with a resolved participant not held by the record; a record act of the
 * same participant and action, with this page's source URL and another
 * date, makes it a changed date), then record acts with the page's source
 * URL that the page no longer shows (signatures, instruments, withdrawals),
 * then stated counts that the page's rows do not give and that differ
 * from prev_counts ("Parties=162;Signatories=132", the last snapshot's, or
 * NULL). rec must be finished. *out is NULL when there are none. */
pacta_rc pacta_update_diff(const pacta_untc_page *page, const pacta_record *rec,
			   uint32_t treaty, const char *prev_counts, pacta_proposal **out,
			   size_t *n, pacta_error *err) PACTA_MUST_CHECK;

/* The page's stated counts as pacta_update_diff() reads prev_counts;
 * malloc'd, NULL on allocation failure. */
char *pacta_update_counts_text(const pacta_untc_page *page);

/* One fetch, as kept. */
typedef struct pacta_snapshot {
	long long id;
	char treaty[64];
	char url[1024];
	char fetched_at[32];
	long http_status;		/* 200, or 304 (nothing new: no body) */
	char etag[256];			/* "" when none */
	char last_modified[64];		/* "" when none */
	char sha256[PACTA_SHA256_HEX];	/* of the page's bytes; for a 304, of
					   the snapshot it confirms */
	size_t size;			/* the page's bytes, uncompressed */
	char *counts;			/* stated counts ("" when the page
					   states none), NULL for a page
					   pacta could not read */
} pacta_snapshot;

void pacta_snapshot_clear(pacta_snapshot *s);

/* Keeps a fetch: body[0..len) compressed, with its SHA-256 (a 304 keeps
 * no body and the sha256 the caller puts in s). s->id gets the row id.
 * PACTA_ERR_LIMIT over PACTA_UNTC_MAX_BYTES. */
pacta_rc pacta_store_snapshot_add(pacta_store *st, pacta_snapshot *s, const char *body,
				  size_t len, pacta_error *err) PACTA_MUST_CHECK;
/* The latest snapshot of a page pacta could read (status 200, with its
 * counts) of url (NULL: any) and treaty (NULL: any); *found false when
 * there is none. */
pacta_rc pacta_store_snapshot_last(pacta_store *st, const char *url, const char *treaty,
				   pacta_snapshot *out, bool *found,
				   pacta_error *err) PACTA_MUST_CHECK;
pacta_rc pacta_store_snapshot_get(pacta_store *st, long long id, pacta_snapshot *out,
				  pacta_error *err) PACTA_MUST_CHECK;
/* A snapshot's bytes, decompressed and checked against its SHA-256
 * (PACTA_ERR_INTEGRITY when they differ). */
pacta_rc pacta_store_snapshot_body(pacta_store *st, long long id, char **body, size_t *len,
				   pacta_error *err) PACTA_MUST_CHECK;

/* Stores the proposals not yet made for their treaty (by fingerprint,
 * whatever their status), in one transaction; each stored one gets its id
 * and created_at, and is moved to the front of p in its order; *added says
 * how many. */
pacta_rc pacta_store_proposals_add(pacta_store *st, pacta_proposal *p, size_t n,
				   size_t *added, pacta_error *err) PACTA_MUST_CHECK;
/* Proposals, oldest first: of treaty (NULL: every one), with status
 * (-1: any). */
pacta_rc pacta_store_proposals(pacta_store *st, const char *treaty, int status,
			       pacta_proposal **out, size_t *n,
			       pacta_error *err) PACTA_MUST_CHECK;
/* PACTA_ERR_NOTFOUND when there is no proposal id. */
pacta_rc pacta_store_proposal_get(pacta_store *st, long long id, pacta_proposal *out,
				  pacta_error *err) PACTA_MUST_CHECK;
/* Decides a pending proposal (PACTA_ERR_CHECK when it was decided
 * already). change_id: the history entry that recorded it, or 0. */
pacta_rc pacta_store_proposal_decide(pacta_store *st, long long id, bool accepted,
				     const char *who, const char *note, long long change_id,
				     pacta_error *err) PACTA_MUST_CHECK;

/* Accepts pending proposal id into rec (a record loaded from st): a new
 * act is appended (pacta_import_append), a changed date corrects the act
 * (pacta_import_correct), each checked and all or nothing, with the
 * snapshot (its id, URL, time and SHA-256) in the history's reason; a gone
 * act or a count appends nothing. Then the proposal is decided (who, note).
 * source: the act's source (NULL: the status page's). *change gets the
 * history entry written, or 0. PACTA_ERR_CHECK when the proposal was
 * decided already or its act no longer fits the record; the codes of
 * pacta_import_append otherwise, with problems. */
pacta_rc pacta_review_accept(pacta_store *st, pacta_record *rec, long long id, const char *source,
			     const char *note, const char *who, unsigned flags,
			     pacta_diags *problems, long long *change,
			     pacta_error *err) PACTA_MUST_CHECK;
/* Rejects pending proposal id: the same evidence is not proposed again.
 * PACTA_ERR_CHECK when it was decided already. */
pacta_rc pacta_review_reject(pacta_store *st, long long id, const char *who, const char *note,
			     pacta_error *err) PACTA_MUST_CHECK;

/* The webhook told of proposals and of what is recorded: url and secret
 * (the HMAC-SHA256 key) into the caller's buffers; *found false when none
 * is set. */
pacta_rc pacta_store_webhook(pacta_store *st, char *url, size_t url_size, char *secret,
			     size_t secret_size, bool *found, pacta_error *err) PACTA_MUST_CHECK;
/* Sets it (url NULL: removes it). The secret is at least 16 bytes. */
pacta_rc pacta_store_webhook_set(pacta_store *st, const char *url, const char *secret,
				 pacta_error *err) PACTA_MUST_CHECK;

/* HMAC-SHA256 of body under secret, as 64 hex digits. */
void pacta_hmac_sha256_hex(const char *secret, const char *body, size_t len,
			   char out[PACTA_SHA256_HEX]);

#ifdef __cplusplus
}
#endif

#endif
