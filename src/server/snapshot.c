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

/* Lets go of a reference to sp; the last frees it. NULL is ignored. */
static void spares_unref(snapshot_spares *sp)
{
	if (sp && atomic_fetch_sub_explicit(&sp->refs, 1, memory_order_acq_rel) == 1) {
		free(sp->ts);
		free(sp->from);
		pthread_mutex_destroy(&sp->lock);
		free(sp);
	}
}

/* Gives s's arrays to the spares when they hold none, and lets go of the
 * spares. */
static void spares_release(snapshot *s)
{
	snapshot_spares *sp = s->spares;
	if (!sp)
		return;
	pthread_mutex_lock(&sp->lock);
	if (!sp->n && s->ts && s->from) {
		sp->ts = s->ts;
		sp->from = s->from;
		sp->n = s->rec->n_treaties ? s->rec->n_treaties : 1;
		s->ts = NULL;
		s->from = NULL;
	}
	pthread_mutex_unlock(&sp->lock);
	spares_unref(sp);
}

static void snapshot_free(snapshot *s)
{
	if (!s)
		return;
	spares_release(s);
	for (size_t i = 0; i < SNAPSHOT_CACHE_SLOTS; i++) {
		free(s->cache[i].key);
		if (s->cache[i].response)
			MHD_destroy_response(s->cache[i].response);
	}
	pthread_rwlock_destroy(&s->cache_lock);
	for (size_t i = 0; i < s->n_batches; i++)
		batch_release(s->batches[i]);
	free(s->protocols);
	free(s->from);
	free(s->ts);
	pacta_record_free(s->rec);
	free(s);
}

static pacta_rc nomem(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

/* A new batch of s, for statuses compiled on s->rec; its index in
 * s->batches, or -1 when out of memory. */
static int batch_new(snapshot *s)
{
	snapshot_batch *b = calloc(1, sizeof(*b));
	if (!b || s->n_batches == SNAPSHOT_MAX_BATCHES) {
		free(b);
		return -1;
	}
	atomic_init(&b->refs, 1);
	b->rec = pacta_record_ref(s->rec);
	s->batches[s->n_batches] = b;
	s->uses[s->n_batches] = 0;
	return (int)s->n_batches++;
}

/* Treaty t compiled on s->rec into batch k of s. */
static pacta_rc compile_one(snapshot *s, int k, uint32_t t, pacta_error *err)
{
	snapshot_batch *b = s->batches[k];
	pacta_treaty_status *ts;
	void *list = b->ts;
	if (array_grow(&list, b->n, &b->cap, sizeof(*b->ts)))
		return nomem(err);
	b->ts = list;
	pacta_rc rc = pacta_status_compile(s->rec, t, &ts, err);
	if (rc != PACTA_OK)
		return rc;
	b->ts[b->n++] = ts;
	if (s->ts[t])
		s->uses[s->from[t]]--;
	s->ts[t] = ts;
	s->from[t] = (uint8_t)k;
	s->uses[k]++;
	s->recompiled++;
	return PACTA_OK;
}

/* An empty snapshot of rec (taken, even on failure). */
/* New spares for the snapshots of a loaded record; NULL when out of
 * memory (a snapshot then does without). */
static snapshot_spares *spares_new(void)
{
	snapshot_spares *sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	if (pthread_mutex_init(&sp->lock, NULL) != 0) {
		free(sp);
		return NULL;
	}
	atomic_init(&sp->refs, 1);
	return sp;
}

/* A snapshot of rec (taken, even on failure) with its arrays of one entry
 * per treaty, the spares' when they hold some (then shared with it: a
 * reference is taken), new ones otherwise. */
static pacta_rc snapshot_alloc(pacta_record *rec, snapshot_spares *spares, snapshot **out,
			       pacta_error *err)
{
	snapshot *s = calloc(1, sizeof(*s));
	size_t nt = rec->n_treaties ? rec->n_treaties : 1;

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
	if (spares) {
		atomic_fetch_add_explicit(&spares->refs, 1, memory_order_relaxed);
		s->spares = spares;
		pthread_mutex_lock(&spares->lock);
		if (spares->n >= nt) {
			s->ts = spares->ts;
			s->from = spares->from;
			spares->ts = NULL;
			spares->from = NULL;
			spares->n = 0;
		}
		pthread_mutex_unlock(&spares->lock);
	}
	if (!s->ts) {
		s->ts = big_malloc(nt * sizeof(*s->ts));
		s->from = big_malloc(nt * sizeof(*s->from));
	}
	if (!s->ts || !s->from) {
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
	snapshot_spares *spares = spares_new();
	rc = snapshot_alloc(rec, spares, &s, err);
	/* The first write's arrays, made now (faulted in: on a series they
	 * are 2 MB of fresh memory, slow to fault in here) rather than by
	 * that write; without them the write makes its own. */
	if (rc == PACTA_OK && spares) {
		size_t nt = rec->n_treaties ? rec->n_treaties : 1;
		spares->ts = big_malloc(nt * sizeof(*spares->ts));
		spares->from = big_malloc(nt * sizeof(*spares->from));
		if (spares->ts && spares->from) {
			spares->n = nt;
		} else {
			free(spares->ts);
			free(spares->from);
			spares->ts = NULL;
			spares->from = NULL;
		}
	}
	spares_unref(spares); /* the snapshot holds its own reference */
	if (rc != PACTA_OK)
		return rc;
	memset(s->ts, 0, rec->n_treaties * sizeof(*s->ts));
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
	int k = batch_new(s);
	if (k < 0) {
		snapshot_free(s);
		return nomem(err);
	}
	/* Every treaty into the batch's shared blocks: a write's snapshot
	 * compiles the treaties it touches into a batch of its own, one block
	 * each, and this batch, with its blocks, goes with the last snapshot
	 * that still uses one of its statuses. */
	if ((rc = pacta_status_compile_all(rec, s->ts, &s->batches[k]->blocks, err)) != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	memset(s->from, k, rec->n_treaties * sizeof(*s->from));
	/* The first write's arrays get what it will copy into them, now:
	 * memory faulted in but left as zeros is slow again at its first
	 * write some seconds later on a virtual machine (the host takes such
	 * pages back), and that write was 2.5 ms of the first POST on a
	 * series (docs/performance.md). */
	if (s->spares && s->spares->n >= rec->n_treaties) {
		memcpy(s->spares->ts, s->ts, rec->n_treaties * sizeof(*s->ts));
		memcpy(s->spares->from, s->from, rec->n_treaties * sizeof(*s->from));
	}
	s->uses[k] = rec->n_treaties;
	s->recompiled = rec->n_treaties;
	return snapshot_done(st, s, out, err);
}

/* Compiles again on s->rec, into batch k, the treaties of the oldest
 * batch other than the loaded record's and k, when more than
 * SNAPSHOT_MAX_VERSIONS such are in use. */
static pacta_rc keep_few_versions(snapshot *s, int k, pacta_error *err)
{
	size_t older = 0;
	int oldest = -1;
	for (size_t i = 0; i < s->n_batches; i++) {
		uint64_t v = pacta_record_version(s->batches[i]->rec);
		if ((int)i == k || v == 0 || s->uses[i] == 0)
			continue;
		older++;
		if (oldest < 0 || v < pacta_record_version(s->batches[oldest]->rec))
			oldest = (int)i;
	}
	if (older <= SNAPSHOT_MAX_VERSIONS)
		return PACTA_OK;
	for (uint32_t t = 0; t < s->rec->n_treaties; t++)
		if (s->from[t] == oldest) {
			pacta_rc rc = compile_one(s, k, t, err);
			if (rc != PACTA_OK)
				return rc;
		}
	return PACTA_OK;
}

/* Releases the batches no treaty of s uses any more, and renumbers. */
static void drop_unused(snapshot *s)
{
	uint8_t map[SNAPSHOT_MAX_BATCHES];
	size_t n = 0;
	bool moved = false;
	for (size_t i = 0; i < s->n_batches; i++) {
		if (s->uses[i] == 0) {
			batch_release(s->batches[i]);
			moved = true;
			continue;
		}
		map[i] = (uint8_t)n;
		s->batches[n] = s->batches[i];
		s->uses[n++] = s->uses[i];
	}
	s->n_batches = n;
	if (moved)
		for (size_t t = 0; t < s->rec->n_treaties; t++)
			s->from[t] = map[s->from[t]];
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
	    pacta_record_version(rec) != pacta_record_version(old->rec) + 1 ||
	    old->n_batches == SNAPSHOT_MAX_BATCHES) {
		pacta_record_free(rec);
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "a snapshot is updated with the next version of its record");
	}
	if ((rc = snapshot_alloc(rec, old->spares, &s, err)) != PACTA_OK)
		return rc;
	memcpy(s->ts, old->ts, nt * sizeof(*s->ts));
	memcpy(s->from, old->from, nt * sizeof(*s->from));
	for (size_t i = 0; i < old->n_batches; i++) {
		s->batches[i] = old->batches[i];
		atomic_fetch_add_explicit(&s->batches[i]->refs, 1, memory_order_relaxed);
		s->uses[i] = old->uses[i];
	}
	s->n_batches = old->n_batches;
	/* The treaties written, and the protocols that require them, and so
	 * on down: a protocol's status reads its parent's acts. */
	uint32_t *redo = malloc((n_written + old->n_protocols + 1) * sizeof(*redo));
	if (old->n_protocols &&
	    (s->protocols = malloc(old->n_protocols * sizeof(*s->protocols))) != NULL) {
		memcpy(s->protocols, old->protocols, old->n_protocols * sizeof(*s->protocols));
		s->n_protocols = old->n_protocols;
	}
	int k = batch_new(s);
	if (!redo || k < 0 || s->n_protocols != old->n_protocols) {
		free(redo);
		snapshot_free(s);
		return nomem(err);
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
