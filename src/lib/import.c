/*
 * import.c - adding acts to a stored record: parse, check, append, all or
 * nothing.
 *
 * A write is judged by what it changes: the record checks run on the
 * treaties its acts touch (and the protocols that require them), once on
 * the record as stored and once with the new acts in place, and every
 * problem of the second run that the first did not have blocks the write,
 * wherever it is located. So a new act dated before a stored one that it
 * contradicts is refused, though the checks blame the later act, which is
 * the stored one; and problems the stored record already had do not block
 * an unrelated write.
 *
 * What this module must never do: write when a check fails, or judge acts
 * itself (the record checks and the treaty's rules do).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pacta/date.h"
#include "pacta/import.h"
#include "pacta/url.h"
#include "array.h"
#include "record_internal.h"

/* A problem as two runs of the checks compare it: the check and the acts
 * it names, by store id (0: an act not stored yet, which no problem of
 * the stored record names), or, for a problem that names no act, its
 * location. */
typedef struct problem_key {
	unsigned check;
	int64_t act, other; /* store ids; -1 for no act */
	const char *where;
} problem_key;

/* Is the act in the store, as pacta_store_append_acts() judges: loaded
 * from it or appended to it, with the origin "store:act <id>"? */
static bool saved(const pacta_act *a)
{
	static const char prefix[] = "store:act ";
	if (a->id == 0 || !a->origin || strncmp(a->origin, prefix, sizeof(prefix) - 1) != 0)
		return false;
	/* The id as "%u" writes it (no sign, no leading zero), read without
	 * a printf: a write asks this of many acts. */
	const char *p = a->origin + sizeof(prefix) - 1;
	uint64_t id = 0;
	if (*p < '1' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9' && id <= UINT32_MAX; p++)
		id = id * 10 + (uint64_t)(*p - '0');
	return *p == '\0' && id == a->id;
}

/* The leading acts a store loaded or saved into rec: all saved(). */
static size_t stored_acts(const pacta_record *rec)
{
	return rec->index->stored <= rec->n_acts ? rec->index->stored : 0;
}

static int64_t act_id(const pacta_record *rec, int32_t i)
{
	return i < 0 ? -1 : saved(&rec->acts[i]) ? (int64_t)rec->acts[i].id : 0;
}

static problem_key key_of(const pacta_record *rec, const pacta_diag *d)
{
	problem_key k = { d->check, act_id(rec, d->act), act_id(rec, d->other), d->where };
	return k;
}

static bool same_problem(const problem_key *a, const problem_key *b)
{
	if (a->check != b->check || a->act != b->act || a->other != b->other)
		return false;
	if (a->act == 0 || a->other == 0) /* an unstored act: new */
		return false;
	return a->act >= 0 || a->other >= 0 || strcmp(a->where, b->where) == 0;
}

static pacta_rc nomem(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

/* Every act not stored yet has a valid source URL (pacta/url.h): the
 * loaders check theirs, and this holds for every other writer too. */
static pacta_rc check_sources(const pacta_record *rec, pacta_error *err)
{
	char why[PACTA_URL_WHY_BUFSZ];
	for (size_t i = stored_acts(rec); i < rec->n_acts; i++) {
		const pacta_act *a = &rec->acts[i];
		if (!saved(a) && !pacta_url_check(a->source_url, why, sizeof(why)))
			return pacta_error_set(err, PACTA_ERR_PARSE, a->origin,
					       "source_url: not a valid http(s) URL: %s", why);
	}
	return PACTA_OK;
}

/* Treaty indexes, ascending, each once. */
typedef struct treaty_list {
	uint32_t *at;
	size_t n;
} treaty_list;

static bool listed(const treaty_list *l, uint32_t t)
{
	size_t k = array_lower_bound_u32(l->at, 0, l->n, t);
	return k < l->n && l->at[k] == t;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts l->at[0..n) and keeps each index once. */
static void list_settle(treaty_list *l)
{
	qsort(l->at, l->n, sizeof(*l->at), u32_cmp);
	size_t u = 0;
	for (size_t i = 0; i < l->n; i++)
		if (u == 0 || l->at[u - 1] != l->at[i])
			l->at[u++] = l->at[i];
	l->n = u;
}

/* The treaty of every act not stored yet (and treaty, when it is not -1),
 * then every protocol that requires a touched treaty, until none is added:
 * a new act can change the parent's status a protocol's consents rest on.
 * A list, not a flag per treaty: a write to a register of 250,000 treaties
 * touches one or two. False when out of memory; the caller frees out->at. */
static bool touched_treaties(const pacta_record *rec, int64_t treaty, treaty_list *out)
{
	const struct pacta_record_index *x = rec->index;
	size_t from = stored_acts(rec);
	/* Room for each new act's treaty, treaty and every protocol. */
	size_t cap = (rec->n_acts - from) + 1 + x->n_protocols;
	treaty_list l = { malloc(cap * sizeof(uint32_t)), 0 };
	*out = (treaty_list){ NULL, 0 };
	if (!l.at)
		return false;
	for (size_t i = from; i < rec->n_acts; i++)
		if (!saved(&rec->acts[i]))
			l.at[l.n++] = rec->acts[i].treaty;
	if (treaty >= 0)
		l.at[l.n++] = (uint32_t)treaty;
	list_settle(&l);
	for (bool more = true; more;) {
		more = false;
		for (size_t k = 0; k < x->n_protocols; k++) {
			uint32_t t = x->protocols[k];
			const char *parent = rec->treaties[t].rules->requires_party_to;
			int32_t p = parent ? pacta_record_treaty_by_id(rec, parent) : -1;
			if (p >= 0 && !listed(&l, t) && listed(&l, (uint32_t)p)) {
				l.at[l.n++] = t;
				list_settle(&l);
				more = true;
			}
		}
	}
	*out = l;
	return true;
}

/* The problems of the touched treaties in rec as it is now, as keys. */
static pacta_rc problems_before(const pacta_record *rec, const treaty_list *touched,
				problem_key **keys, size_t *n, pacta_error *err)
{
	pacta_diags d = { 0 };
	*keys = NULL;
	*n = 0;
	if (pacta_record_check_treaties(rec, touched->at, touched->n, &d) < 0) {
		pacta_diags_free(&d);
		return nomem(err);
	}
	if (d.n && !(*keys = malloc(d.n * sizeof(**keys)))) {
		pacta_diags_free(&d);
		return nomem(err);
	}
	for (size_t i = 0; i < d.n; i++)
		(*keys)[i] = key_of(rec, &d.items[i]);
	*n = d.n;
	pacta_diags_free(&d);
	return PACTA_OK;
}

/* Finishes rec (the record as it will be) and runs the checks of the
 * touched treaties; each problem not among before[0..n) (each of which
 * excuses one) goes to problems, and then the result is PACTA_ERR_CHECK. */
static pacta_rc problems_after(pacta_record *rec, const treaty_list *touched,
			       const problem_key *before, size_t n, pacta_diags *problems,
			       pacta_error *err)
{
	pacta_diags all = { 0 };
	bool *used = NULL;
	size_t blocking = 0;
	pacta_rc rc;

	if ((rc = pacta_record_finish(rec, err)) != PACTA_OK)
		return rc;
	if (pacta_record_check_treaties(rec, touched->at, touched->n, &all) < 0 ||
	    (n && !(used = calloc(n, sizeof(*used))))) {
		pacta_diags_free(&all);
		return nomem(err);
	}
	for (size_t i = 0; i < all.n; i++) {
		problem_key k = key_of(rec, &all.items[i]);
		size_t j = 0;
		while (j < n && (used[j] || !same_problem(&k, &before[j])))
			j++;
		if (j < n) {
			used[j] = true; /* the stored record had it already */
			continue;
		}
		void *items = problems->items;
		if (array_grow(&items, problems->n, &problems->cap, sizeof(pacta_diag)) != 0) {
			free(used);
			pacta_diags_free(&all);
			return nomem(err);
		}
		problems->items = items;
		/* The message is copied; where points into rec, which outlives it. */
		problems->items[problems->n++] = all.items[i];
		blocking++;
	}
	free(used);
	pacta_diags_free(&all);
	if (blocking)
		return pacta_error_set(err, PACTA_ERR_CHECK, "",
				       "%zu problem%s; nothing was recorded", blocking,
				       blocking == 1 ? "" : "s");
	return PACTA_OK;
}

/* Moves the acts not stored yet after the stored ones, keeping the
 * order of each; returns how many acts are stored, or SIZE_MAX when out of
 * memory. The record is unfinished until pacta_record_finish(). */
static size_t new_acts_last(pacta_record *rec)
{
	/* The acts the store loaded or saved are never new: they stay. */
	size_t from = stored_acts(rec), n_new = 0, k = from;
	for (size_t i = from; i < rec->n_acts; i++)
		n_new += !saved(&rec->acts[i]);
	if (n_new == 0)
		return rec->n_acts;
	/* Already last (as acts just added are): nothing moves, which a
	 * version sharing its acts with another needs. */
	bool last = true;
	for (size_t i = rec->n_acts - n_new; last && i < rec->n_acts; i++)
		last = !saved(&rec->acts[i]);
	if (last)
		return rec->n_acts - n_new;
	pacta_act *tmp = malloc(n_new * sizeof(*tmp));
	if (!tmp)
		return SIZE_MAX;
	for (size_t i = from, m = 0; i < rec->n_acts; i++) {
		if (!saved(&rec->acts[i]))
			tmp[m++] = rec->acts[i];
		else
			rec->acts[k++] = rec->acts[i];
	}
	memcpy(rec->acts + k, tmp, n_new * sizeof(*tmp));
	free(tmp);
	return k;
}

/* Judges the unstored acts of rec: the problems of the stored record
 * (the acts hidden for a moment, by setting n_acts: the record's own
 * array keeps them) against those with the new acts in place. */
static pacta_rc check_new(pacta_record *rec, pacta_diags *problems, pacta_error *err)
{
	problem_key *before = NULL;
	size_t n_before = 0, n_all = rec->n_acts, n_stored;
	treaty_list touched;
	pacta_rc rc;

	if ((rc = check_sources(rec, err)) != PACTA_OK)
		return rc;
	if (!touched_treaties(rec, -1, &touched))
		return nomem(err);
	if ((n_stored = new_acts_last(rec)) == SIZE_MAX) {
		free(touched.at);
		return nomem(err);
	}
	rec->n_acts = n_stored;
	rc = pacta_record_finish(rec, err);
	if (rc == PACTA_OK)
		rc = problems_before(rec, &touched, &before, &n_before, err);
	rec->n_acts = n_all;
	if (rc == PACTA_OK)
		rc = problems_after(rec, &touched, before, n_before, problems, err);
	else if (pacta_record_finish(rec, NULL) != PACTA_OK)
		rc = nomem(err); /* rec must be left finished */
	free(before);
	free(touched.at);
	return rc;
}

/* Adds a problem for act a if it is dated after today; returns false
 * only when out of memory. */
static bool future_problem(const pacta_act *a, pacta_day today, pacta_diags *problems)
{
	char d[PACTA_DATE_BUFSZ], t[PACTA_DATE_BUFSZ];
	void *items = problems->items;

	if (a->date <= today)
		return true;
	if (array_grow(&items, problems->n, &problems->cap, sizeof(pacta_diag)) != 0)
		return false;
	problems->items = items;
	pacta_diag *g = &problems->items[problems->n++];
	memset(g, 0, sizeof(*g));
	g->where = a->origin ? a->origin : "";
	g->act = g->other = -1;
	snprintf(g->message, sizeof(g->message),
		 "the act is dated %s, after today (%s): acts are recorded once made; "
		 "allow future dates (pacta --allow-future, or allow_future=true over HTTP) "
		 "to record it all the same",
		 pacta_date_format(a->date, d), pacta_date_format(today, t));
	return true;
}

/* The refusal of acts dated after today, when problems has any. */
static pacta_rc future_refused(size_t n, pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_CHECK, "",
			       "%zu act%s dated after today; nothing was recorded", n,
			       n == 1 ? "" : "s");
}

pacta_rc pacta_import_append(pacta_store *st, pacta_record *rec, const char *who, const char *why,
			     unsigned flags, pacta_diags *problems, pacta_error *err)
{
	pacta_rc rc;

	if (!st || !rec || !problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "no store, record or problem list");
	if (!(flags & PACTA_IMPORT_ALLOW_FUTURE)) {
		pacta_day today = pacta_date_today();
		size_t n0 = problems->n;
		for (size_t i = stored_acts(rec); i < rec->n_acts; i++)
			if (!saved(&rec->acts[i]) &&
			    !future_problem(&rec->acts[i], today, problems))
				return nomem(err);
		if (problems->n > n0)
			return future_refused(problems->n - n0, err);
	}
	if ((rc = check_new(rec, problems, err)) != PACTA_OK)
		return rc;
	return pacta_store_append_acts(st, rec, 0, who, why, err);
}

pacta_rc pacta_import_correct(pacta_store *st, pacta_record *rec, uint32_t old_id,
			      const pacta_act *fixed, const char *who, const char *why,
			      unsigned flags, pacta_diags *problems, uint32_t *new_id,
			      pacta_error *err)
{
	char reason[PACTA_URL_WHY_BUFSZ];
	problem_key *before = NULL;
	size_t i = 0, n_before = 0;
	treaty_list touched = { NULL, 0 };
	pacta_act act;
	pacta_rc rc;

	if (!st || !rec || !fixed || !problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "no store, record, act or problem list");
	if ((rc = pacta_record_finish(rec, err)) != PACTA_OK)
		return rc;
	while (i < rec->n_acts &&
	       !(rec->acts[i].id == old_id && rec->acts[i].treaty == fixed->treaty))
		i++;
	if (old_id == 0 || i == rec->n_acts)
		return pacta_error_set(
			err, PACTA_ERR_NOTFOUND, "",
			"act %u is not an act of %s in the current record", (unsigned)old_id,
			fixed->treaty < rec->n_treaties ? rec->treaties[fixed->treaty].id :
							  "that treaty");
	if (!(flags & PACTA_IMPORT_ALLOW_FUTURE)) {
		size_t n0 = problems->n;
		if (!future_problem(fixed, pacta_date_today(), problems))
			return nomem(err);
		if (problems->n > n0)
			return future_refused(1, err);
	}
	if (!pacta_url_check(fixed->source_url, reason, sizeof(reason)))
		return pacta_error_set(err, PACTA_ERR_PARSE, fixed->origin ? fixed->origin : "",
				       "source_url: not a valid http(s) URL: %s", reason);
	/* The checks see the record as stored, then as it will be: the
	 * correction in place of the act, as a new act (no store id, so its
	 * problems are new). */
	if (!touched_treaties(rec, fixed->treaty, &touched))
		return nomem(err);
	if ((rc = problems_before(rec, &touched, &before, &n_before, err)) == PACTA_OK) {
		act = *fixed;
		act.id = 0;
		if (!act.origin || strncmp(act.origin, "store:", 6) == 0)
			act.origin = "correction";
		rec->acts[i] = act;
		rc = problems_after(rec, &touched, before, n_before, problems, err);
	}
	free(before);
	free(touched.at);
	if (rc != PACTA_OK)
		return rc;
	return pacta_store_correct_act(st, rec, old_id, &act, who, why, new_id, err);
}

pacta_rc pacta_import_acts_csv(pacta_store *st, pacta_record *rec, int32_t treaty, const char *data,
			       size_t len, const char *name, const char *who, const char *why,
			       unsigned flags, pacta_diags *problems, size_t *added,
			       pacta_error *err)
{
	size_t before;
	pacta_rc rc;

	if (!rec || !added)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no record");
	*added = 0;
	before = rec->n_acts;
	if (!problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no problem list");
	rc = pacta_record_load_acts_csv_all(rec, treaty, data, len, name, pacta_date_today(),
					    problems, err);
	if (rc != PACTA_OK)
		return rc;
	*added = rec->n_acts - before;
	return pacta_import_append(st, rec, who, why, flags, problems, err);
}
