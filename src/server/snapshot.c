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
	if (s->ts)
		for (size_t i = 0; i < s->rec->n_treaties; i++)
			pacta_treaty_status_free(s->ts[i]);
	free(s->ts);
	pacta_record_free(s->rec);
	free(s);
}

pacta_rc snapshot_new(pacta_store *st, pacta_record *rec, snapshot **out, pacta_error *err)
{
	pacta_history_entry *h = NULL;
	size_t n = 0;
	pacta_rc rc;
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
	if (!s->ts) {
		snapshot_free(s);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		if ((rc = pacta_status_compile(rec, t, &s->ts[t], err)) != PACTA_OK) {
			snapshot_free(s);
			return rc;
		}
	}
	if ((rc = pacta_store_history(st, &h, &n, err)) != PACTA_OK) {
		snapshot_free(s);
		return rc;
	}
	if (n && !stamp_time(h[n - 1].at, &s->modified))
		s->modified = 0;
	free(h);
	*out = s;
	return PACTA_OK;
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
