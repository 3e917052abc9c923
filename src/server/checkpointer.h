/*
 * checkpointer.h - the write-ahead log copied into the database on a
 * thread of its own, so that no POST pays for it.
 *
 * SQLite's automatic checkpoint runs inside the commit that makes the log
 * pass 1,000 pages: on a large record about one write in a hundred took
 * twice the others. The service's writer hands its checkpoints off
 * (pacta_store_hand_off_checkpoints) to a checkpointer, which holds its own
 * connection and runs a passive checkpoint once one is due and writes have
 * paused (a checkpoint's syncs slow a write that syncs meanwhile), or at
 * once when the log has grown to four times its size; and again a second
 * later while readers keep part of the log.
 *
 * Ownership: checkpointer_start() gives a checkpointer the caller stops
 * (and frees) with checkpointer_stop(), before it closes the writer.
 */
#ifndef PACTA_CHECKPOINTER_H
#define PACTA_CHECKPOINTER_H

#include "gate.h"
#include "pacta/error.h"
#include "pacta/store.h"

typedef struct checkpointer checkpointer;

/* Opens a second connection to db_path and starts its thread, then hands
 * writer's checkpoints to it when the log passes pages pages. A
 * checkpoint that fails is tried again each second; the first failure
 * goes to log, and so does the first success after it. log is borrowed
 * and must outlive the checkpointer. */
pacta_rc checkpointer_start(pacta_store *writer, const char *db_path, int pages, gate_log *log,
			    checkpointer **out, pacta_error *err) PACTA_MUST_CHECK;
/* Gives the writer its automatic checkpoint back, stops the thread and
 * closes its connection: called while no write on the writer is under
 * way (the service's daemon stopped). NULL is a no-op. */
void checkpointer_stop(checkpointer *c);
/* How many checkpoints the thread has run, and how many of them copied
 * the whole log (for tests). */
void checkpointer_counts(checkpointer *c, long long *runs, long long *whole);

#endif
