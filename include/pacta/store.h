/*
 * pacta/store.h - the record in an SQLite database.
 *
 * One file holds participants, groups, treaties (their rules files' text),
 * acts, armed-conflict periods, obligation events and the history of changes
 * (who, when, why).
 * WAL journal, STRICT tables, prepared statements only (no SQL is built from
 * input), schema versions in PRAGMA user_version, and an application_id so
 * that a foreign SQLite file is refused. Every write is one
 * BEGIN IMMEDIATE transaction: all of it lands or none of it does.
 *
 * Acts are never edited in place; a later act may supersede an earlier one
 * (the earlier stays in the history).
 *
 * Ownership: pacta_store_open() gives a handle the caller closes with
 * pacta_store_close(). pacta_store_load() gives a new record the caller frees.
 */
#ifndef PACTA_STORE_H
#define PACTA_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "pacta/error.h"
#include "pacta/record.h"

typedef struct pacta_store pacta_store;

/* Opens (and with create, creates and migrates) the database at path.
 * PACTA_ERR_DB for a file that is not a pacta database or a newer schema;
 * PACTA_ERR_NOTFOUND when the file is missing and create is false. */
pacta_rc pacta_store_open(const char *path, bool create, pacta_store **out,
			  pacta_error *err) PACTA_MUST_CHECK;
void pacta_store_close(pacta_store *st);

/* True when the database holds no treaty yet; false when it cannot be
 * read (so that a caller never mistakes an error for an empty store). */
bool pacta_store_is_empty(pacta_store *st);

/* Replaces the whole content with rec (participants, groups, treaties,
 * acts, conflicts, obligation events), in one transaction, and writes one
 * history entry with who (required) and why. Earlier history entries are
 * kept. Acts are written in the order of their ids, so a freshly loaded
 * record keeps its act numbers as row ids; load the store again to see the
 * ids it gave. An act keeps its record day (recorded) when it has one other
 * than today; otherwise the write's time is its record time. Obligation
 * events are written in the record's order, numbered from 1 again. */
pacta_rc pacta_store_replace(pacta_store *st, const pacta_record *rec,
			     const char *who, const char *why,
			     pacta_error *err) PACTA_MUST_CHECK;

/* Appends the acts of rec->acts[first .. rec->n_acts) that are not in the
 * store yet, in one transaction with one history entry (nothing is written
 * when there are none). An act is in the store when it was loaded from it
 * or appended to it: its origin is "store:act <id>". So acts added to a
 * record loaded from this store are found wherever pacta_record_finish()
 * has sorted them: pass first = 0. On success the appended acts get their
 * row ids and origins "store:act <id>", and rec is finished again. On
 * failure neither the database nor rec changes, except PACTA_ERR_NOMEM
 * from finishing rec again, which comes after the acts were saved. */
pacta_rc pacta_store_append_acts(pacta_store *st, pacta_record *rec,
				 size_t first, const char *who,
				 const char *why,
				 pacta_error *err) PACTA_MUST_CHECK;

/* Loads the whole record into a new, finished record (*out). Acts and
 * obligation events carry their row ids (id) and origins "store:act <id>"
 * and "store:obligation <id>"; obligation events come in id order. */
pacta_rc pacta_store_load(pacta_store *st, pacta_record **out,
			  pacta_error *err) PACTA_MUST_CHECK;

typedef struct pacta_history_entry {
	long long id;
	char at[32];   /* record time, UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	char who[128];
	char why[256];
	long long acts; /* number of acts the change added */
} pacta_history_entry;

/* The history, oldest first; *out malloc'd (caller frees). */
pacta_rc pacta_store_history(pacta_store *st, pacta_history_entry **out,
			     size_t *n, pacta_error *err) PACTA_MUST_CHECK;

/* API tokens (for writes over HTTP). The store keeps only a 32-byte hash
 * of each token (see pacta/token.h); a name is never reused, and a revoked
 * token stays listed. */
#define PACTA_TOKEN_HASH_SIZE 32
#define PACTA_TOKEN_NAME_MAX 64

typedef struct pacta_token_entry {
	char name[PACTA_TOKEN_NAME_MAX];
	unsigned char hash[PACTA_TOKEN_HASH_SIZE];
	char created_at[32]; /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	char revoked_at[32]; /* "" while active */
} pacta_token_entry;

/* PACTA_ERR_CHECK when the name exists (active or revoked). */
pacta_rc pacta_store_token_add(pacta_store *st, const char *name,
			       const unsigned char hash[PACTA_TOKEN_HASH_SIZE],
			       pacta_error *err) PACTA_MUST_CHECK;
/* PACTA_ERR_NOTFOUND when no active token has that name. */
pacta_rc pacta_store_token_revoke(pacta_store *st, const char *name,
				  pacta_error *err) PACTA_MUST_CHECK;
/* Every token, oldest first; *out malloc'd (caller frees). */
pacta_rc pacta_store_tokens(pacta_store *st, pacta_token_entry **out, size_t *n,
			    pacta_error *err) PACTA_MUST_CHECK;

#endif
