/*
 * snapshot.h - one immutable view of the record for the service: the
 * record, each treaty's compiled status, the time of the last change, and
 * a cache of answers. Request threads share a snapshot read-only and hold
 * it by reference count; a write builds a new snapshot and swaps it in, so
 * a reader never sees a half-applied change and never waits for a writer.
 *
 * Ownership: snapshot_new() takes the record. snapshot_release() frees the
 * snapshot when the last reference goes.
 */
#ifndef PACTA_SNAPSHOT_H
#define PACTA_SNAPSHOT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "pacta/record.h"
#include "pacta/status.h"
#include "pacta/store.h"

struct MHD_Response;

/* Direct-mapped cache of complete responses, keyed by route and the
 * parameters it reads; bounded in entries and in bytes. */
#define SNAPSHOT_CACHE_SLOTS 1024
#define SNAPSHOT_CACHE_MAX_BYTES (32u * 1024u * 1024u)
#define SNAPSHOT_ETAG_BUFSZ 24

typedef struct snapshot_cached {
	uint64_t hash;
	char *key;
	struct MHD_Response *response;
	char etag[SNAPSHOT_ETAG_BUFSZ];
	long long modified; /* the Last-Modified the response carries */
	size_t bytes;
} snapshot_cached;

/* The statuses compiled on one version of the record, shared by the
 * snapshots that use any of them; it holds a reference to that version
 * (which then stays alive: see SNAPSHOT_MAX_VERSIONS). Freed with the last
 * snapshot that uses one of its statuses: a status a later write replaced
 * lives as long as its batch. A loaded record's batch holds every treaty's
 * status in shared blocks (pacta_status_compile_all()), a write's batch
 * the few it compiled, one block each (in ts). */
typedef struct snapshot_batch {
	atomic_uint refs;
	pacta_record *rec;
	pacta_treaty_status **ts; /* compiled one by one: freed each */
	size_t n, cap;
	pacta_status_blocks *blocks; /* or NULL; freed with the batch */
} snapshot_batch;

/* Versions of the record, other than the loaded one and the snapshot's
 * own, whose statuses a snapshot may share (with those two and one being
 * made, SNAPSHOT_MAX_BATCHES: fewer than 256, a batch's slot is a byte);
 * past it, the statuses of the
 * oldest are compiled again on the newest, so a long run of writes keeps a
 * few versions, not one per write. */
#define SNAPSHOT_MAX_VERSIONS 8
#define SNAPSHOT_MAX_BATCHES (SNAPSHOT_MAX_VERSIONS + 3) /* and the new one */
/* The room for acts a snapshot built from a loaded record keeps for
 * the writes that follow (at least; an eighth of its acts when more). */
#define SNAPSHOT_ROOM_ACTS 65536

/* A protocol and the treaty it requires (rules.requires_party_to). */
typedef struct snapshot_protocol {
	uint32_t treaty, parent;
} snapshot_protocol;

/* Each treaty's status, and the batch it is of, in slices of
 * SNAPSHOT_SLICE treaties: a snapshot made for a write shares every slice
 * of the one before but those whose treaties it compiled again, so a
 * write copies a few KB, not an entry per treaty of the register (on a
 * treaty series, 2.3 MB of fresh memory each time before). A slice is
 * counted (the snapshots whose table names it) and freed with the last. */
#define SNAPSHOT_SLICE_BITS 10
#define SNAPSHOT_SLICE ((size_t)1 << SNAPSHOT_SLICE_BITS)

typedef struct snapshot_slice {
	atomic_uint refs;
	pacta_treaty_status *ts[SNAPSHOT_SLICE];
	uint8_t from[SNAPSHOT_SLICE]; /* ts[i] is of batches[from[i]] */
} snapshot_slice;

typedef struct snapshot {
	atomic_uint refs;
	pacta_record *rec; /* the newest version; every status is true of it */
	/* Treaty t's status is slices[t >> SNAPSHOT_SLICE_BITS]->ts[t &
	 * (SNAPSHOT_SLICE - 1)] (snapshot_status()). */
	snapshot_slice **slices;
	size_t n_slices;
	/* batches[i] (NULL: a free slot; a batch keeps its slot while it
	 * lives, so that no slice changes when another batch goes); uses[i]
	 * counts the treaties whose status is of batches[i]. */
	snapshot_batch *batches[SNAPSHOT_MAX_BATCHES];
	size_t uses[SNAPSHOT_MAX_BATCHES];
	snapshot_protocol *protocols;
	size_t n_protocols;
	size_t recompiled;	  /* treaties compiled for this snapshot (not shared) */
	long long modified;	  /* Unix time of the last history entry, or 0 */
	pthread_rwlock_t cache_lock;
	snapshot_cached cache[SNAPSHOT_CACHE_SLOTS];
	size_t cache_bytes;
} snapshot;

/* Treaty t's compiled status in s (t < s->rec->n_treaties). */
static inline pacta_treaty_status *snapshot_status(const snapshot *s, uint32_t t)
{
	return s->slices[t >> SNAPSHOT_SLICE_BITS]->ts[t & (SNAPSHOT_SLICE - 1)];
}

/* Builds a snapshot from rec (taken, even on failure) and the store's
 * history (for Last-Modified). */
pacta_rc snapshot_new(pacta_store *st, pacta_record *rec, snapshot **out,
		      pacta_error *err) PACTA_MUST_CHECK;
/* Loads the store's record, with the stated facts of data_dir (never
 * stored; see pacta_record_load_stated; NULL: none), and builds a snapshot
 * of it: the service's start and every look at a new data version. The
 * load checks the chain first (pacta_store_load), so a record that fails
 * it (PACTA_ERR_INTEGRITY) never becomes a snapshot. */
pacta_rc snapshot_load(pacta_store *st, const char *data_dir, snapshot **out,
		       pacta_error *err) PACTA_MUST_CHECK;
/* The snapshot after a write applied to the version of the record derived
 * from old's (rec, taken, even on failure): the treaties that version
 * wrote, and the protocols that require them, are compiled again; every
 * other treaty's status is old's, shared. */
pacta_rc snapshot_update(pacta_store *st, const snapshot *old, pacta_record *rec, snapshot **out,
			 pacta_error *err) PACTA_MUST_CHECK;
snapshot *snapshot_acquire(snapshot *s);
void snapshot_release(snapshot *s);

/* Formats Unix time t as an HTTP date (IMF-fixdate) into out[40]. */
void snapshot_http_date(long long t, char out[40]);
/* Parses an IMF-fixdate; false when it is not one. */
bool snapshot_parse_http_date(const char *s, long long *t);

#endif
