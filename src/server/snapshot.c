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

#include <microhttpd.h>

#include "pacta/date.h"

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

static void status_release(snapshot_status *b)
{
	if (b && atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1) {
		pacta_treaty_status_free(b->ts);
		pacta_record_free(b->rec);
		free(b);
	}
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
	if (s->shared)
		for (size_t i = 0; i < s->rec->n_treaties; i++)
			status_release(s->shared[i]);
	free(s->shared);
	free(s->ts);
	pacta_record_free(s->rec);
	free(s);
}

/* Treaty t compiled on s->rec, in a box of its own. */
static pacta_rc compile_one(snapshot *s, uint32_t t, pacta_error *err)
{
	snapshot_status *b = calloc(1, sizeof(*b));
	if (!b)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	pacta_rc rc = pacta_status_compile(s->rec, t, &b->ts, err);
	if (rc != PACTA_OK) {
		free(b);
		return rc;
	}
	atomic_init(&b->refs, 1);
	b->rec = pacta_record_ref(s->rec);
	status_release(s->shared[t]);
	s->shared[t] = b;
	s->ts[t] = b->ts;
	s->recompiled++;
	return PACTA_OK;
}

/* An empty snapshot of rec (taken, even on failure). */
static pacta_rc snapshot_alloc(pacta_record *rec, snapshot **out, pacta_error *err)
{
	snapshot *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s) {
		pacta_record_free(rec);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	s->rec = rec;
	if (pthread_rwlock_init(&s->cache_lock, NULL) != 0) {
		pacta_record_free(rec);
		free(s);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "cannot make a lock");
	}
	atomic_init(&s->refs, 1);
	s->ts = calloc(rec->n_treaties ? rec->n_treaties : 1, sizeof(*s->ts));
	s->shared = calloc(rec->n_treaties ? rec->n_treaties : 1, sizeof(*s->shared));
	if (!s->ts || !s->shared) {
		snapshot_free(s);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	*out = s;
	return PACTA_OK;
}

/* Last-Modified from the store's history; then s is the answer. */
static pacta_rc snapshot_done(pacta_store *st, snapshot *s, snapshot **out, pacta_error *err)
{
	pacta_history_entry *h = NULL;
	size_t n = 0;
	if (!st) { /* a benchmark's: no store, no Last-Modified */
		*out = s;
		return PACTA_OK;
	}
	pacta_rc rc = pacta_store_history(st, &h, &n, err);
	if (rc != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	if (n && !stamp_time(h[n - 1].at, &s->modified))
		s->modified = 0;
	free(h);
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
		if ((rc = compile_one(s, t, err)) != PACTA_OK) {
			snapshot_free(s);
			return rc;
		}
	}
	return snapshot_done(st, s, out, err);
}

/* Did treaty t's acts change between the versions a and b? */
static bool acts_changed(const pacta_record *a, const pacta_record *b, uint32_t t)
{
	size_t f1, l1, f2, l2;
	pacta_record_acts_of_treaty(a, t, &f1, &l1);
	pacta_record_acts_of_treaty(b, t, &f2, &l2);
	return f1 != f2 || l1 != l2;
}

static int seq_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? 1 : x > y ? -1 : 0;
}

/* The oldest version (by number) a status of s may be compiled on and
 * still be shared: the SNAPSHOT_MAX_VERSIONS newest older than s->rec (and
 * the loaded record, version 0, which holds the buffers anyway) are kept. */
static uint64_t oldest_kept(const snapshot *s)
{
	uint64_t seen[SNAPSHOT_MAX_VERSIONS * 4];
	size_t n = 0;
	uint64_t now = pacta_record_version(s->rec);
	for (size_t t = 0; t < s->rec->n_treaties; t++) {
		if (!s->shared[t]) /* compiled anew */
			continue;
		uint64_t v = pacta_record_version(s->shared[t]->rec);
		if (v == 0 || v == now)
			continue;
		size_t i = 0;
		while (i < n && seen[i] != v)
			i++;
		if (i < n)
			continue;
		if (n == sizeof(seen) / sizeof(seen[0])) {
			/* Too many to count: keep the newest seen so far. */
			qsort(seen, n, sizeof(*seen), seq_desc);
			n = SNAPSHOT_MAX_VERSIONS;
		}
		seen[n++] = v;
	}
	if (n <= SNAPSHOT_MAX_VERSIONS)
		return 0;
	qsort(seen, n, sizeof(*seen), seq_desc);
	return seen[SNAPSHOT_MAX_VERSIONS - 1];
}

pacta_rc snapshot_update(pacta_store *st, const snapshot *old, pacta_record *rec, snapshot **out,
			 pacta_error *err)
{
	snapshot *s;
	pacta_rc rc;
	size_t nt = rec->n_treaties;

	*out = NULL;
	if (nt != old->rec->n_treaties || rec->n_participants != old->rec->n_participants) {
		pacta_record_free(rec);
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "a snapshot is updated with acts only");
	}
	if ((rc = snapshot_alloc(rec, &s, err)) != PACTA_OK)
		return rc;
	bool *redo = calloc(nt ? nt : 1, sizeof(*redo));
	if (!redo) {
		snapshot_free(s);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	for (uint32_t t = 0; t < nt; t++)
		redo[t] = acts_changed(old->rec, rec, t);
	/* A protocol's status reads its parent's acts: compile it again when
	 * the parent's changed, and so on down. */
	for (bool more = true; more;) {
		more = false;
		for (uint32_t t = 0; t < nt; t++) {
			const char *parent = rec->treaties[t].rules.requires_party_to;
			int32_t p = parent ? pacta_record_treaty_by_id(rec, parent) : -1;
			if (!redo[t] && p >= 0 && redo[p])
				redo[t] = more = true;
		}
	}
	for (uint32_t t = 0; t < nt; t++) {
		if (redo[t])
			continue;
		s->shared[t] = old->shared[t];
		atomic_fetch_add_explicit(&s->shared[t]->refs, 1, memory_order_relaxed);
		s->ts[t] = s->shared[t]->ts;
	}
	uint64_t keep = oldest_kept(s);
	for (uint32_t t = 0; t < nt; t++) {
		uint64_t v = pacta_record_version(s->shared[t] ? s->shared[t]->rec : rec);
		if (redo[t] || (v != 0 && v < keep)) {
			if ((rc = compile_one(s, t, err)) != PACTA_OK)
				break;
		}
	}
	free(redo);
	if (rc != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	return snapshot_done(st, s, out, err);
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
	return snapshot_new(st, rec, out, err);
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
