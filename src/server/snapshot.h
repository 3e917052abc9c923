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

typedef struct snapshot {
	atomic_uint refs;
	pacta_record *rec;
	pacta_treaty_status **ts; /* one per treaty, in record order */
	long long modified;	  /* Unix time of the last history entry, or 0 */
	pthread_rwlock_t cache_lock;
	snapshot_cached cache[SNAPSHOT_CACHE_SLOTS];
	size_t cache_bytes;
} snapshot;

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
snapshot *snapshot_acquire(snapshot *s);
void snapshot_release(snapshot *s);

/* Formats Unix time t as an HTTP date (IMF-fixdate) into out[40]. */
void snapshot_http_date(long long t, char out[40]);
/* Parses an IMF-fixdate; false when it is not one. */
bool snapshot_parse_http_date(const char *s, long long *t);

#endif
