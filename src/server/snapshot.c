/*
 * snapshot.c - building and freeing the service's immutable views of the
 * record, and HTTP dates (without gmtime: date.c does the calendar).
 *
 * What this module must never do: change a snapshot after it is shared,
 * except its answer cache, which has its own lock.
 */
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__) /* defined by the headers above */
#include <malloc.h> /* malloc_trim */
#endif

#include <microhttpd.h>

#include "pacta/date.h"
#include "array.h"
#include "bigalloc.h"

static const char *const wdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void snapshot_http_date(long long t, char out[40])
{
	pacta_day epoch = pacta_date_from_civil(1970, 1, 1);
	long long days = t / 86400, rem = t % 86400;
	int y, m, d;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	pacta_day day = (pacta_day)(epoch + days);
	pacta_date_to_civil(day, &y, &m, &d);
	snprintf(out, 40, "%s, %02d %s %04d %02lld:%02lld:%02lld GMT",
		 wdays[pacta_date_weekday(day)], d, months[m - 1], y, rem / 3600, rem / 60 % 60,
		 rem % 60);
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* "Sun, 06 Nov 1994 08:49:37 GMT" only; the obsolete forms are ignored. */
bool snapshot_parse_http_date(const char *s, long long *t)
{
	int d, y, hh, mm, ss, m = -1;

	if (!s || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return false;
	for (int i = 0; i < 12; i++)
		if (strncmp(s + 8, months[i], 3) == 0)
			m = i + 1;
	if (m < 0 || !digits(s + 5, 2, &d) || !digits(s + 12, 4, &y) || !digits(s + 17, 2, &hh) ||
	    !digits(s + 20, 2, &mm) || !digits(s + 23, 2, &ss) || !pacta_date_valid(y, m, d) ||
	    hh > 23 || mm > 59 || ss > 60)
		return false;
	long long days =
		(long long)pacta_date_from_civil(y, m, d) - pacta_date_from_civil(1970, 1, 1);
	*t = days * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

/* "YYYY-MM-DDTHH:MM:SSZ" (the store's record time) to Unix time. */
static bool stamp_time(const char *s, long long *t)
{
	int y, m, d, hh, mm, ss;
	if (strlen(s) != 20 || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &hh) || !digits(s + 14, 2, &mm) ||
	    !digits(s + 17, 2, &ss) || !pacta_date_valid(y, m, d))
		return false;
	long long days =
		(long long)pacta_date_from_civil(y, m, d) - pacta_date_from_civil(1970, 1, 1);
	*t = days * 86400 + hh * 3600 + mm * 60 + ss;
	return true;
}

static void batch_release(snapshot_batch *b)
{
	if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1) {
		for (size_t i = 0; i < b->n; i++)
			pacta_treaty_status_free(b->ts[i]);
		free(b->ts);
		pacta_status_blocks_free(b->blocks);
		pacta_record_free(b->rec);
		free(b);
	}
}

/* Lets go of a reference to a slice; the last frees it. NULL is ignored. */
static void slice_release(snapshot_slice *sl)
{
	if (sl && atomic_fetch_sub_explicit(&sl->refs, 1, memory_order_acq_rel) == 1)
		free(sl);
}

static void snapshot_free(snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < SNAPSHOT_CACHE_SLOTS; i++) {
		free(s->cache[i].key);
		if (s->cache[i].response)
			MHD_destroy_response(s->cache[i].response);
	}
	pthread_rwlock_destroy(&s->cache_lock);
	for (size_t i = 0; i < SNAPSHOT_MAX_BATCHES; i++)
		batch_release(s->batches[i]);
	for (size_t i = 0; s->slices && i < s->n_slices; i++)
		slice_release(s->slices[i]);
	free(s->slices);
	free(s->protocols);
	pacta_record_free(s->rec);
	free(s);
}

static pacta_rc nomem(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

/* A new batch of s in its first free slot (*k), for statuses compiled on
 * s->rec. PACTA_ERR_USAGE when every slot is taken. */
static pacta_rc batch_new(snapshot *s, int *k, pacta_error *err)
{
	int free_slot = 0;
	while (free_slot < SNAPSHOT_MAX_BATCHES && s->batches[free_slot])
		free_slot++;
	if (free_slot == SNAPSHOT_MAX_BATCHES)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no batch left for a snapshot");
	snapshot_batch *b = calloc(1, sizeof(*b));
	if (!b)
		return nomem(err);
	atomic_init(&b->refs, 1);
	b->rec = pacta_record_ref(s->rec);
	s->batches[free_slot] = b;
	s->uses[free_slot] = 0;
	*k = free_slot;
	return PACTA_OK;
}

/* Treaty t's slice in s, to be written: made s's own first (copied) when
 * another snapshot names it too. Only the snapshot being made is written,
 * on one thread, and nothing names its slices yet but itself and the
 * snapshots it copied its table from. NULL when out of memory. */
static snapshot_slice *slice_to_write(snapshot *s, uint32_t t)
{
	snapshot_slice **at = &s->slices[t >> SNAPSHOT_SLICE_BITS];
	if (atomic_load_explicit(&(*at)->refs, memory_order_acquire) != 1) {
		snapshot_slice *own = malloc(sizeof(*own));
		if (!own)
			return NULL;
		memcpy(own->ts, (*at)->ts, sizeof(own->ts));
		memcpy(own->from, (*at)->from, sizeof(own->from));
		atomic_init(&own->refs, 1);
		slice_release(*at);
		*at = own;
	}
	return *at;
}

/* Treaty t compiled on s->rec into batch k of s. */
static pacta_rc compile_one(snapshot *s, int k, uint32_t t, pacta_error *err)
{
	snapshot_batch *b = s->batches[k];
	pacta_treaty_status *ts;
	snapshot_slice *sl = slice_to_write(s, t);
	if (!sl)
		return nomem(err);
	void *list = b->ts;
	if (array_grow(&list, b->n, &b->cap, sizeof(*b->ts)))
		return nomem(err);
	b->ts = list;
	pacta_rc rc = pacta_status_compile(s->rec, t, &ts, err);
	if (rc != PACTA_OK)
		return rc;
	b->ts[b->n++] = ts;
	size_t i = t & (SNAPSHOT_SLICE - 1);
	if (sl->ts[i])
		s->uses[sl->from[i]]--;
	sl->ts[i] = ts;
	sl->from[i] = (uint8_t)k;
	s->uses[k]++;
	s->recompiled++;
	return PACTA_OK;
}

/* An empty snapshot of rec (taken, even on failure), with a table for
 * its slices (none made). */
static pacta_rc snapshot_alloc(pacta_record *rec, snapshot **out, pacta_error *err)
{
	snapshot *s = calloc(1, sizeof(*s));
	size_t n = (rec->n_treaties + SNAPSHOT_SLICE - 1) >> SNAPSHOT_SLICE_BITS;

	*out = NULL;
	if (!s) {
		pacta_record_free(rec);
		return nomem(err);
	}
	s->rec = rec;
	if (pthread_rwlock_init(&s->cache_lock, NULL) != 0) {
		pacta_record_free(rec);
		free(s);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "cannot make a lock");
	}
	atomic_init(&s->refs, 1);
	s->n_slices = n;
	if (!(s->slices = calloc(n ? n : 1, sizeof(*s->slices)))) {
		snapshot_free(s);
		return nomem(err);
	}
	*out = s;
	return PACTA_OK;
}

/* Last-Modified from the store's newest history entry; then s is the
 * answer. */
static pacta_rc snapshot_done(pacta_store *st, snapshot *s, snapshot **out, pacta_error *err)
{
	char at[PACTA_STAMP_BUFSZ];
	if (!st) { /* a benchmark's: no store, no Last-Modified */
		*out = s;
		return PACTA_OK;
	}
	pacta_rc rc = pacta_store_modified(st, at, err);
	if (rc != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	if (at[0] && !stamp_time(at, &s->modified))
		s->modified = 0;
	*out = s;
	return PACTA_OK;
}

pacta_rc snapshot_new(pacta_store *st, pacta_record *rec, snapshot **out, pacta_error *err)
{
	snapshot *s;
	pacta_rc rc;
	size_t room = rec->n_acts / 8 > SNAPSHOT_ROOM_ACTS ? rec->n_acts / 8 : SNAPSHOT_ROOM_ACTS;

	*out = NULL;
	/* Room for the writes to come, before anything shares the record;
	 * without it (a record already shared), writes load the record anew. */
	if (pacta_record_can_derive(rec) && pacta_record_reserve(rec, room, NULL) != PACTA_OK)
		room = 0; /* the write path finds no room and takes the long way */
	if ((rc = snapshot_alloc(rec, &s, err)) != PACTA_OK)
		return rc;
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		const char *parent = rec->treaties[t].rules->requires_party_to;
		int32_t p = parent ? pacta_record_treaty_by_id(rec, parent) : -1;
		if (p < 0)
			continue;
		void *list = s->protocols;
		size_t cap = s->n_protocols;
		if (array_grow(&list, s->n_protocols, &cap, sizeof(*s->protocols))) {
			snapshot_free(s);
			return nomem(err);
		}
		s->protocols = list;
		s->protocols[s->n_protocols++] = (snapshot_protocol){ t, (uint32_t)p };
	}
	int k = 0;
	if ((rc = batch_new(s, &k, err)) != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	/* Every treaty into the batch's shared blocks: a write's snapshot
	 * compiles the treaties it touches into a batch of its own, one block
	 * each, and this batch, with its blocks, goes with the last snapshot
	 * that still uses one of its statuses. The statuses come in one
	 * array, then go to the slices. */
	size_t nt = rec->n_treaties;
	pacta_treaty_status **all = big_calloc(nt ? nt : 1, sizeof(*all));
	if (!all) {
		snapshot_free(s);
		return nomem(err);
	}
	rc = pacta_status_compile_all(rec, all, &s->batches[k]->blocks, err);
	for (size_t i = 0; rc == PACTA_OK && i < s->n_slices; i++) {
		snapshot_slice *sl = malloc(sizeof(*sl));
		if (!sl) {
			rc = nomem(err);
			break;
		}
		size_t first = i << SNAPSHOT_SLICE_BITS, n = nt - first;
		if (n > SNAPSHOT_SLICE)
			n = SNAPSHOT_SLICE;
		atomic_init(&sl->refs, 1);
		memset(sl->ts, 0, sizeof(sl->ts));
		memcpy(sl->ts, all + first, n * sizeof(*all));
		memset(sl->from, k, sizeof(sl->from));
		s->slices[i] = sl;
	}
	free(all);
	if (rc != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	s->uses[k] = nt;
	s->recompiled = nt;
	return snapshot_done(st, s, out, err);
}

/* Compiles again on s->rec, into batch k, the statuses s still uses of
 * the oldest batch other than the loaded record's and k, when more than
 * SNAPSHOT_MAX_VERSIONS such are in use. A write's batch lists what it
 * compiled, so this follows the writes, not the treaties. */
static pacta_rc keep_few_versions(snapshot *s, int k, pacta_error *err)
{
	size_t older = 0;
	int oldest = -1;
	for (int i = 0; i < SNAPSHOT_MAX_BATCHES; i++) {
		if (!s->batches[i])
			continue;
		/* The loaded record's batch (in blocks) is never compiled
		 * again here. */
		uint64_t v = pacta_record_version(s->batches[i]->rec);
		if (i == k || v == 0 || s->batches[i]->blocks || s->uses[i] == 0)
			continue;
		older++;
		if (oldest < 0 || v < pacta_record_version(s->batches[oldest]->rec))
			oldest = i;
	}
	if (older <= SNAPSHOT_MAX_VERSIONS)
		return PACTA_OK;
	const snapshot_batch *b = s->batches[oldest];
	for (size_t j = 0; j < b->n && s->uses[oldest]; j++) {
		uint32_t t = pacta_treaty_status_treaty(b->ts[j]);
		if (snapshot_status(s, t) == b->ts[j]) {
			pacta_rc rc = compile_one(s, k, t, err);
			if (rc != PACTA_OK)
				return rc;
		}
	}
	return PACTA_OK;
}

/* Releases the batches no treaty of s uses any more; their slots are
 * free for the next. */
static void drop_unused(snapshot *s)
{
	for (int i = 0; i < SNAPSHOT_MAX_BATCHES; i++) {
		if (s->batches[i] && s->uses[i] == 0) {
			batch_release(s->batches[i]);
			s->batches[i] = NULL;
		}
	}
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

pacta_rc snapshot_update(pacta_store *st, const snapshot *old, pacta_record *rec, snapshot **out,
			 pacta_error *err)
{
	snapshot *s;
	pacta_rc rc;
	size_t nt = rec->n_treaties;
	const uint32_t *written;
	size_t n_written = pacta_record_written(rec, &written);

	*out = NULL;
	if (nt != old->rec->n_treaties || rec->n_participants != old->rec->n_participants ||
	    pacta_record_version(rec) != pacta_record_version(old->rec) + 1) {
		pacta_record_free(rec);
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "a snapshot is updated with the next version of its record");
	}
	if ((rc = snapshot_alloc(rec, &s, err)) != PACTA_OK)
		return rc;
	/* Every slice and batch shared; a slice is copied when written. */
	for (size_t i = 0; i < s->n_slices; i++) {
		s->slices[i] = old->slices[i];
		atomic_fetch_add_explicit(&s->slices[i]->refs, 1, memory_order_relaxed);
	}
	for (size_t i = 0; i < SNAPSHOT_MAX_BATCHES; i++) {
		s->batches[i] = old->batches[i];
		if (s->batches[i])
			atomic_fetch_add_explicit(&s->batches[i]->refs, 1, memory_order_relaxed);
		s->uses[i] = old->uses[i];
	}
	/* The treaties written, and the protocols that require them, and so
	 * on down: a protocol's status reads its parent's acts. */
	uint32_t *redo = malloc((n_written + old->n_protocols + 1) * sizeof(*redo));
	if (old->n_protocols &&
	    (s->protocols = malloc(old->n_protocols * sizeof(*s->protocols))) != NULL) {
		memcpy(s->protocols, old->protocols, old->n_protocols * sizeof(*s->protocols));
		s->n_protocols = old->n_protocols;
	}
	int k = 0;
	if (!redo || s->n_protocols != old->n_protocols)
		rc = nomem(err);
	else
		rc = batch_new(s, &k, err);
	if (rc != PACTA_OK) {
		free(redo);
		snapshot_free(s);
		return rc;
	}
	size_t n = n_written;
	memcpy(redo, written, n * sizeof(*redo));
	qsort(redo, n, sizeof(*redo), u32_cmp);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || redo[u - 1] != redo[i])
			redo[u++] = redo[i];
	n = u;
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < s->n_protocols; i++) {
			const snapshot_protocol *p = &s->protocols[i];
			bool parent = false, child = false;
			for (size_t j = 0; j < n; j++) {
				parent |= redo[j] == p->parent;
				child |= redo[j] == p->treaty;
			}
			if (parent && !child) {
				redo[n++] = p->treaty;
				more = true;
			}
		}
	}
	rc = PACTA_OK;
	for (size_t i = 0; i < n && rc == PACTA_OK; i++)
		rc = compile_one(s, k, redo[i], err);
	free(redo);
	if (rc == PACTA_OK)
		rc = keep_few_versions(s, k, err);
	if (rc != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	drop_unused(s);
	return snapshot_done(st, s, out, err);
}

/* Gives the heap's free pages back to the system. Loading a record frees
 * much of what it allocated inside the heap (the store's rows, arrays
 * outgrown), which glibc would otherwise keep: on the treaty series the
 * service held 990 MB after its start, 500 MB after this. A load is rare
 * and slow already; a write, which must be quick, does not call it. */
static void return_free_memory(void)
{
#if defined(__GLIBC__)
	(void)malloc_trim(0);
#endif
}

pacta_rc snapshot_load(pacta_store *st, const char *data_dir, snapshot **out, pacta_error *err)
{
	pacta_record *rec = NULL;
	pacta_rc rc = pacta_store_load(st, &rec, err);

	*out = NULL;
	if (rc == PACTA_OK && data_dir)
		rc = pacta_record_load_stated(rec, data_dir, err);
	if (rc != PACTA_OK) {
		pacta_record_free(rec);
		return rc;
	}
	rc = snapshot_new(st, rec, out, err);
	return_free_memory();
	return rc;
}

snapshot *snapshot_acquire(snapshot *s)
{
	atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
	return s;
}

void snapshot_release(snapshot *s)
{
	if (s && atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) == 1)
		snapshot_free(s);
}
