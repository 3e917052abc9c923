/*
 * profile.c - one participant across treaties: compiles each treaty's
 * status (status.c holds the law) and keeps what concerns the participant.
 */
#include "pacta/profile.h"
#include "array.h"

#include <stdlib.h>
#include <string.h>

/* A change and the place it was gathered in: one treaty's changes of one
 * day keep their order (qsort() keeps no order of equals: glibc's did up to
 * 2.36, as a merge sort, and a later one would not). */
typedef struct gathered_change {
	pacta_profile_change change;
	size_t seq;
} gathered_change;

static int change_cmp(const void *a, const void *b)
{
	const gathered_change *gx = a, *gy = b;
	const pacta_profile_change *x = &gx->change, *y = &gy->change;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->treaty != y->treaty)
		return x->treaty < y->treaty ? -1 : 1;
	return gx->seq < gy->seq ? -1 : gx->seq > gy->seq;
}

/* Sorts the n changes by day, then treaty, then as gathered. -1 when out
 * of memory (nothing changed). */
static int sort_changes(pacta_profile_change *changes, size_t n)
{
	gathered_change *g = malloc(n * sizeof(*g));
	if (!g)
		return -1;
	for (size_t i = 0; i < n; i++)
		g[i] = (gathered_change){changes[i], i};
	qsort(g, n, sizeof(*g), change_cmp);
	for (size_t i = 0; i < n; i++)
		changes[i] = g[i].change;
	free(g);
	return 0;
}

/* Were all the acts a derivation rests on made by `on`? */
static bool known_by(const pacta_record *rec, const pacta_derivation *d, pacta_day on)
{
	for (unsigned i = 0; i < d->n_acts; i++)
		if (rec->acts[d->acts[i]].date > on)
			return false;
	return true;
}

static int gather(pacta_profile *pr, const pacta_treaty_status *ts, size_t *cap)
{
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, pr->participant, &tl_buf);
	uint32_t t = pacta_treaty_status_treaty(ts);
	for (size_t k = 1; k < tl->n_intervals; k++) {
		const pacta_interval *iv = &tl->intervals[k];
		pacta_derivation d_buf;
		const pacta_derivation *d = pacta_treaty_status_derivation(ts, iv->why, &d_buf);
		if (!d || !known_by(pr->rec, d, pr->on))
			continue;
		if (array_grow((void **)&pr->changes, pr->n_changes, cap, sizeof(*pr->changes)))
			return -1;
		pr->changes[pr->n_changes++] = (pacta_profile_change){
			iv->from, t, tl->intervals[k - 1].status, iv->status, iv->provisional, *d,
			iv->from > pr->on};
	}
	return 0;
}

pacta_rc pacta_profile_build(const pacta_record *rec, uint32_t participant, pacta_day on,
			     pacta_profile *out, pacta_error *err)
{
	memset(out, 0, sizeof(*out));
	if (participant >= rec->n_participants)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no participant with index %u",
				       participant);
	out->rec = rec;
	out->participant = participant;
	out->on = on;
	out->treaties = calloc(rec->n_treaties ? rec->n_treaties : 1, sizeof(*out->treaties));
	if (!out->treaties)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	size_t cap = 0;
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		pacta_treaty_status *ts;
		pacta_rc rc = pacta_status_compile(rec, t, &ts, err);
		if (rc) {
			pacta_profile_free(out);
			return rc;
		}
		out->treaties[t].treaty = t;
		out->treaties[t].view = pacta_state_view_on(ts, participant, on);
		int g = gather(out, ts, &cap);
		pacta_treaty_status_free(ts);
		if (g) {
			pacta_profile_free(out);
			return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		}
	}
	out->n_treaties = rec->n_treaties;
	if (out->n_changes > 1 && sort_changes(out->changes, out->n_changes)) {
		pacta_profile_free(out);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	return PACTA_OK;
}

void pacta_profile_free(pacta_profile *p)
{
	if (!p)
		return;
	free(p->treaties);
	free(p->changes);
	memset(p, 0, sizeof(*p));
}
