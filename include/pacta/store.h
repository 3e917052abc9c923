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
 * Append-only and tamper-evident: acts, obligation events and history
 * entries are never updated or deleted (triggers refuse it); a correction
 * is a new act that supersedes the old one. Each history entry is sealed
 * with a BLAKE2b-256 hash over itself, the rows it added, the reference
 * data and tokens as they stand after it, and the previous entry's hash
 * (docs/reliability.md has the format). Every load and every write first
 * recomputes the chain and refuses a record that does not verify
 * (PACTA_ERR_INTEGRITY); pacta_store_verify() adds SQLite's own checks. A
 * write on a handle that has verified the chain (a load, a check, its own
 * writes), while no other connection has committed since (PRAGMA
 * data_version), checks only the chain's tip: the rest is what it verified
 * (docs/reliability.md, "Checking a write", says what that leaves out).
 *
 * Errors a user can act on have their own codes: PACTA_ERR_BUSY (another
 * process holds the write lock for longer than the 5 s this one waits),
 * PACTA_ERR_STORAGE (an I/O error, a full disk, a file that cannot be
 * written) and PACTA_ERR_INTEGRITY (a damaged or altered file). Their
 * messages say what to do and carry no SQL.
 *
 * Bitemporal: the record can be loaded as it stood at any record time,
 * then asked about any valid day as usual.
 *
 * Ownership: pacta_store_open() gives a handle the caller closes with
 * pacta_store_close(). pacta_store_load() gives a new record the caller frees.
 */
#ifndef PACTA_STORE_H
#define PACTA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacta/error.h"
#include "pacta/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pacta_store pacta_store;

/* Flags of pacta_store_open(). */
#define PACTA_STORE_CREATE 1u /* create the file when it is missing */
/* Loads skip the integrity check: for forensic reading of a damaged or
 * altered record, with pacta_store_check() to say what is wrong. Writes
 * are checked all the same. */
#define PACTA_STORE_TRUST 2u
/* Opens the file read-only (SQLite's SQLITE_OPEN_READONLY): nothing is
 * ever written to it, and a file the caller may not write (0444 in a 0555
 * folder, another user's) can still be read. When the WAL's shared-memory
 * file can be neither opened nor created (a read-only folder without
 * pacta.db-shm), or when the file has no write permission bits and no
 * WAL content waiting, the file is opened as immutable (SQLite's
 * immutable=1): no -wal or -shm file is created, which is correct while
 * nothing writes to it, as such a file or folder tells writers. Writes on such a handle fail with PACTA_ERR_USAGE. A
 * file that needs an upgrade of its schema is refused (PACTA_ERR_DB): open
 * it once without this flag. Not with PACTA_STORE_CREATE. */
#define PACTA_STORE_READONLY 4u

/* Opens (and with PACTA_STORE_CREATE, creates) the database at path and
 * migrates it. PACTA_ERR_DB for a file that is not a pacta database or a
 * newer schema; PACTA_ERR_NOTFOUND when the file is missing and may not be
 * created. Migrating a file that holds a history first checks its chain
 * (PACTA_ERR_INTEGRITY, and the file is left as it was), then seals the
 * upgrade as an entry of its own (kind "seal"). */
pacta_rc pacta_store_open(const char *path, unsigned flags, pacta_store **out,
			  pacta_error *err) PACTA_MUST_CHECK;
void pacta_store_close(pacta_store *st);

/* True when the database holds no treaty yet; false when it cannot be
 * read (so that a caller never mistakes an error for an empty store). */
bool pacta_store_is_empty(pacta_store *st);

/* A number that changes when another connection (another process, such as
 * the CLI writing while the service runs) has committed a change to the
 * database since this one last looked; this connection's own writes leave
 * it as it was (SQLite's PRAGMA data_version). */
pacta_rc pacta_store_data_version(pacta_store *st, long long *out,
				  pacta_error *err) PACTA_MUST_CHECK;
/* Does now what a process's first write would: syncs the write-ahead
 * log's file and, the first time, its directory (SQLite's own first sync
 * of it), so that a service's first write waits for one sync fewer. Does
 * nothing on a store opened read-only or whose log is not open yet. */
pacta_rc pacta_store_ready_to_write(pacta_store *st, pacta_error *err) PACTA_MUST_CHECK;
/* Leaves the log's checkpoints to another handle. Without this, a commit
 * that leaves the write-ahead log at 1,000 pages or more copies the log
 * into the database before it returns (SQLite's automatic checkpoint:
 * syncs of both files, in that one write's time). After it, a commit that
 * leaves the log at `pages` pages or more copies nothing and calls
 * due(arg, log_pages) instead, on the committing thread, with the log's
 * size in pages after the commit; the caller then runs
 * pacta_store_checkpoint() on another handle of the same file (a
 * service's thread of its own); until it does, the log grows. due must be
 * quick and must not use st. pages 0 gives the automatic checkpoint back
 * (due and arg are not read). A read-only handle commits nothing: OK. */
pacta_rc pacta_store_hand_off_checkpoints(pacta_store *st, int pages,
					  void (*due)(void *arg, int log_pages), void *arg,
					  pacta_error *err) PACTA_MUST_CHECK;
/* Copies the write-ahead log into the database as far as no reader still
 * needs it, without waiting for or blocking readers and writers (SQLite's
 * passive checkpoint). *log_pages and *copied (either may be NULL) say how
 * many pages the log holds and how many of them are now in the database:
 * when they are equal, the next write starts the log over. PACTA_ERR_BUSY
 * when another handle is checkpointing; PACTA_ERR_USAGE on a read-only
 * handle. */
pacta_rc pacta_store_checkpoint(pacta_store *st, int *log_pages, int *copied,
				pacta_error *err) PACTA_MUST_CHECK;

/* Writes rec as a new snapshot (participants, groups, treaties, acts,
 * conflicts, obligation events), in one transaction, with one history
 * entry of kind "snapshot" with who (required) and why. The record is from
 * then on the snapshot's content plus later writes. Earlier acts,
 * obligation events and history entries are kept, for the history and for
 * queries as recorded before; the reference data (participants, groups,
 * treaties, conflicts) is replaced. Acts are written in the order of their
 * ids, so a freshly loaded record into a new file keeps its act numbers as
 * row ids; load the store again to see the ids it gave. An act keeps its
 * record day (recorded) when it has one other than today; otherwise the
 * write's time is its record time. Obligation events are written in the
 * record's order. */
pacta_rc pacta_store_replace(pacta_store *st, const pacta_record *rec,
			     const char *who, const char *why,
			     pacta_error *err) PACTA_MUST_CHECK;

/* Appends the acts of rec->acts[first .. rec->n_acts) that are not in the
 * store yet, in one transaction with one history entry (nothing is written
 * when there are none). An act is in the store when it was loaded from it
 * or appended to it: its origin is "store:act <id>". So acts added to a
 * record loaded from this store are found wherever pacta_record_finish()
 * has sorted them: pass first = 0. The acts a store loaded into rec or
 * saved from it are not looked at again (the record remembers how many
 * lead it), so do not change an act's id or origin in place. On success
 * the appended acts get their row ids and origins "store:act <id>", and
 * rec is finished again. On
 * failure neither the database nor rec changes, except PACTA_ERR_NOMEM
 * from finishing rec again, which comes after the acts were saved. */
pacta_rc pacta_store_append_acts(pacta_store *st, pacta_record *rec,
				 size_t first, const char *who,
				 const char *why,
				 pacta_error *err) PACTA_MUST_CHECK;

/* Loads the whole record into a new, finished record (*out). Acts and
 * obligation events carry their row ids (id) and origins "store:act <id>"
 * and "store:obligation <id>"; obligation events come in id order. The
 * chain is checked first, in the same read transaction, as
 * pacta_store_check() does (unless the store was opened with
 * PACTA_STORE_TRUST): PACTA_ERR_INTEGRITY and no record when it fails. */
pacta_rc pacta_store_load(pacta_store *st, pacta_record **out,
			  pacta_error *err) PACTA_MUST_CHECK;

/* Record time: "YYYY-MM-DDTHH:MM:SSZ" (UTC) plus NUL. */
#define PACTA_STAMP_BUFSZ 21

/* Parses a record time: "YYYY-MM-DDTHH:MM:SSZ", or a day "YYYY-MM-DD"
 * meaning the end of that day (23:59:59Z). PACTA_ERR_PARSE otherwise. */
pacta_rc pacta_store_parse_stamp(const char *text, char out[PACTA_STAMP_BUFSZ],
				 pacta_error *err) PACTA_MUST_CHECK;

/* The record as it stood at record time as_recorded (a normalized stamp,
 * see pacta_store_parse_stamp; NULL for now): the acts and obligation
 * events of the changes made by then, from the latest snapshot made by
 * then on, without the acts superseded by corrections made by then. The
 * reference data (participants, groups, treaties) is the latest
 * snapshot's. PACTA_ERR_NOTFOUND when nothing was recorded by then. */
pacta_rc pacta_store_load_as_recorded(pacta_store *st, const char *as_recorded,
				      pacta_record **out,
				      pacta_error *err) PACTA_MUST_CHECK;

/* Corrects act old_id of the current record: writes fixed as a new act
 * that supersedes it, with one history entry of kind "correct" (who and why
 * required); the old act stays in the table and in the history. fixed's
 * treaty, participant and target are indexes into rec (a record loaded
 * from this store); its treaty and participant must be the old act's.
 * PACTA_ERR_NOTFOUND when old_id is not an act of the current record (never
 * stored, or already superseded). *new_id (if not NULL) gets the new act's
 * id. */
pacta_rc pacta_store_correct_act(pacta_store *st, const pacta_record *rec,
				 uint32_t old_id, const pacta_act *fixed,
				 const char *who, const char *why,
				 uint32_t *new_id,
				 pacta_error *err) PACTA_MUST_CHECK;

typedef struct pacta_history_entry {
	long long id;
	char at[32];   /* record time, UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	char who[128];
	char why[256];
	long long acts; /* number of acts the change added */
	/* "snapshot", "append", "correct", "token" (a token added or
	 * revoked) or "seal" (pacta upgraded the file) */
	char kind[12];
	char hash[68];  /* the entry's chain hash, hex ("" if unsealed) */
} pacta_history_entry;

/* The history, oldest first; *out malloc'd (caller frees). */
pacta_rc pacta_store_history(pacta_store *st, pacta_history_entry **out,
			     size_t *n, pacta_error *err) PACTA_MUST_CHECK;

/* The record time of the newest history entry ("YYYY-MM-DDTHH:MM:SSZ",
 * as in pacta_history_entry.at), or "" when there is none: what
 * pacta_store_history() ends with, read without the rest. */
pacta_rc pacta_store_modified(pacta_store *st, char out[PACTA_STAMP_BUFSZ],
			      pacta_error *err) PACTA_MUST_CHECK;

/* The changes that added acts of treaty (its id) by or aimed at the state
 * iso3, or its obligation events, oldest first; *out malloc'd. */
pacta_rc pacta_store_history_of(pacta_store *st, const char *treaty,
				const char *iso3, pacta_history_entry **out,
				size_t *n, pacta_error *err) PACTA_MUST_CHECK;

typedef struct pacta_verify_result {
	long long changes;   /* history entries checked */
	long long rows;      /* acts and obligation events checked */
	char head[68];       /* the last entry's hash, hex: note it or publish
				it, and a rewritten chain shows */
} pacta_verify_result;

/* The check every load makes, and a write that does not check only the
 * tip (see the top of this file): the file's size against its
 * header (while no other process has frames in the write-ahead log), then
 * the whole chain recomputed from the tables (not their indexes) in the
 * order the loader reads them: every entry's content hash from the rows it
 * added, its hash from its fields, its link to the previous entry, rows
 * that belong to no entry, and the reference data and tokens against the
 * head. PACTA_OK when all hold; PACTA_ERR_INTEGRITY when one does not:
 * err->where names the first broken entry ("change N"), or the database,
 * and err->message what differs. */
pacta_rc pacta_store_check(pacta_store *st, pacta_error *err) PACTA_MUST_CHECK;

/* pacta_store_check(), then SQLite's integrity check of the whole file
 * (every page, and every index against its table). The same codes; out
 * gets the counts and the head hash. */
pacta_rc pacta_store_verify(pacta_store *st, pacta_verify_result *out,
			    pacta_error *err) PACTA_MUST_CHECK;

/* API tokens (for writes over HTTP). The store keeps only a 32-byte hash
 * of each token (see pacta/token.h); a name is never reused, and a revoked
 * token stays listed. Adding and revoking are history entries (kind
 * "token", by who, why "token add NAME"), so the tokens are under the
 * chain like the rest. */
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
			       const char *who, pacta_error *err) PACTA_MUST_CHECK;
/* PACTA_ERR_NOTFOUND when no active token has that name. */
pacta_rc pacta_store_token_revoke(pacta_store *st, const char *name, const char *who,
				  pacta_error *err) PACTA_MUST_CHECK;
/* Every token, oldest first; *out malloc'd (caller frees). */
pacta_rc pacta_store_tokens(pacta_store *st, pacta_token_entry **out, size_t *n,
			    pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
