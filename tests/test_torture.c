/*
 * test_torture.c - allocation failure torture (curl's torture mode): a full
 * path (room for a few treaties and acts expected, load the record from
 * files, check it, write it to a store, load it back, compile, ask every
 * kind of question, append an act, verify the chain) runs once to count its allocations, then once more for every N,
 * with the Nth allocation failing. Each run must end in success or
 * PACTA_ERR_NOMEM (or NULL from a function that returns a string), never a
 * crash, and must free everything it allocated. The same for a checked
 * load alone, of treaties whose rows it keeps to hash later: when theirs
 * fails, the load goes on and its check reads the tables again. And the
 * service's snapshots (src/server/snapshot.c), the first and a write's.
 *
 * This binary is linked with -Wl,--wrap for malloc, calloc, realloc,
 * strdup and free, so the library's own allocations go through the
 * counters below; jansson's go through them too (json_set_alloc_funcs,
 * global, so only in this binary). SQLite's internal allocations are left
 * out: SQLite is tested for out-of-memory by its own suite, and what pacta
 * must handle is the error code it returns.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "pacta/explain.h"
#include "pacta/ical.h"
#include "pacta/obligations.h"
#include "pacta/profile.h"
#include "pacta/record.h"
#include "pacta/report.h"
#include "pacta/status.h"
#include "pacta/store.h"
#include "snapshot.h"
#include "store_internal.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
int __real_posix_memalign(void **out, size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
void __wrap_free(void *p);
int __wrap_posix_memalign(void **out, size_t align, size_t n);

/* The test's own state (never the library's): which call fails, how many
 * there were, how many blocks are live. */
static long fail_at;
static long calls;
static long live;
/* Whether the allocation that failed was jansson's: its lexer reports a
 * failed allocation inside a string as a parse error, so a rules file
 * may then be refused as malformed instead of out of memory. */
static bool jansson_failed;
/* The line of full_path() whose step failed. */
static int failed_line;

/* *a: an act of Latvia (participant lva) under treaty 0, on date, with no
 * stated effective date or target. */
static void latvia_act(pacta_act *a, int32_t lva, pacta_action action, const char *date,
		       const char *source_url)
{
	pacta_act_init(a);
	a->treaty = 0;
	a->participant = (uint32_t)lva;
	a->action = action;
	assert_true(pacta_date_parse(date, strlen(date), &a->date));
	a->effective = PACTA_DAY_NONE;
	a->target = -1;
	a->source_url = source_url;
	a->origin = "torture";
}

static bool fail_now(void)
{
	return ++calls == fail_at;
}

void *__wrap_malloc(size_t n)
{
	void *p;

	if (fail_now())
		return NULL;
	p = __real_malloc(n);
	if (p)
		live++;
	return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
	void *p;

	if (fail_now())
		return NULL;
	p = __real_calloc(n, size);
	if (p)
		live++;
	return p;
}

void *__wrap_realloc(void *p, size_t n)
{
	void *q;

	if (fail_now())
		return NULL;
	q = __real_realloc(p, n);
	if (!p && q)
		live++;
	return q;
}

char *__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (fail_now())
		return NULL;
	p = __real_malloc(n);
	if (!p)
		return NULL;
	live++;
	memcpy(p, s, n);
	return p;
}

/* Large blocks (bigalloc.c) start on a huge page's boundary. */
int __wrap_posix_memalign(void **out, size_t align, size_t n)
{
	if (fail_now())
		return ENOMEM;
	int rc = __real_posix_memalign(out, align, n);
	if (rc == 0)
		live++;
	return rc;
}

void __wrap_free(void *p)
{
	if (p)
		live--;
	__real_free(p);
}

static void *json_malloc(size_t n)
{
	if (calls + 1 == fail_at)
		jansson_failed = true;
	return __wrap_malloc(n);
}

static void json_free(void *p)
{
	__wrap_free(p);
}

static char db_path[512];
static char data_dir[1024];

static void remove_db(void)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char buf[600];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", db_path, suffixes[i]);
		unlink(buf);
	}
}

/* A result: OK, or the one code an allocation failure may give. */
#define STEP(expr)                                                                   \
	do {                                                                         \
		rc = (expr);                                                         \
		if (rc != PACTA_OK) {                                                \
			failed_line = __LINE__;                                      \
			goto out;                                                    \
		}                                                                    \
	} while (0)
/* A string result: NULL only on out-of-memory. */
#define TEXT(expr)                                                                   \
	do {                                                                         \
		char *text_ = (expr);                                                \
		if (!text_) {                                                        \
			failed_line = __LINE__;                                      \
			rc = PACTA_ERR_NOMEM;                                        \
			goto out;                                                    \
		}                                                                    \
		free(text_);                                                         \
	} while (0)

/* The whole path; returns its first error, with err filled. */
static pacta_rc full_path(pacta_error *err)
{
	pacta_record *rec = NULL, *back = NULL;
	pacta_store *st = NULL;
	pacta_treaty_status *ts = NULL;
	pacta_obligation *obs = NULL;
	pacta_change *changes = NULL;
	pacta_history_entry *h = NULL;
	pacta_diags diags = {0};
	pacta_explanation ex;
	pacta_verify_result v;
	pacta_day on, from;
	char *ics = NULL;
	size_t n_obs = 0, n_changes = 0, n_h = 0, len = 0;
	int32_t lva;
	pacta_act a;
	pacta_rc rc = PACTA_OK;

	memset(&ex, 0, sizeof(ex));
	remove_db();
	rec = pacta_record_new();
	if (!rec)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "record");
	STEP(pacta_record_expect(rec, 4, 64, err));
	STEP(pacta_record_load_dir(rec, data_dir, err));
	if (pacta_record_check(rec, &diags) < 0) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "check");
		goto out;
	}
	STEP(pacta_store_open(db_path, PACTA_STORE_CREATE, &st, err));
	STEP(pacta_store_replace(st, rec, "torture", "first", err));
	STEP(pacta_store_load(st, &back, err));
	STEP(pacta_status_compile(back, 0, &ts, err));
	assert_true(pacta_date_parse("2026-11-29", 10, &on));
	assert_true(pacta_date_parse("2020-01-01", 10, &from));
	lva = pacta_record_participant_by_iso3(back, "LVA");
	assert_true(lva >= 0);
	TEXT(pacta_report_status_json(ts, on, NULL, 0));
	TEXT(pacta_report_parties_json(ts, on, "eu"));
	TEXT(pacta_report_timeline_json(ts, (uint32_t)lva));
	TEXT(pacta_report_treaties_json(back));
	TEXT(pacta_report_states_json(back));
	STEP(pacta_explain(ts, (uint32_t)lva, on, &ex, err));
	TEXT(pacta_report_explain_json(ts, (uint32_t)lva, &ex));
	STEP(pacta_status_diff(ts, from, on, &changes, &n_changes, err));
	TEXT(pacta_report_diff_json(ts, from, on, changes, n_changes));
	STEP(pacta_obligations_on(ts, on, NULL, 0, &obs, &n_obs, err));
	TEXT(pacta_report_obligations_json(ts, on, obs, n_obs));
	for (size_t i = 0; i < n_obs; i++)
		TEXT(pacta_obligation_explain(ts, &obs[i], on));
	STEP(pacta_ical_write(ts, on, NULL, 0, &ics, &len, err));

	/* A write after the questions: Latvia accedes again. */
	latvia_act(&a, lva, PACTA_ACT_ACCESSION, "2027-03-01", "https://example.org/torture");
	a.recorded = on;
	STEP(pacta_record_add_act(back, &a, err));
	STEP(pacta_record_finish(back, err));
	STEP(pacta_store_append_acts(st, back, 0, "torture", "second", err));
	STEP(pacta_store_history(st, &h, &n_h, err));
	STEP(pacta_store_verify(st, &v, err));
out:
	free(ics);
	free(h);
	free(obs);
	free(changes);
	pacta_explanation_free(&ex);
	pacta_treaty_status_free(ts);
	pacta_store_close(st);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_diags_free(&diags);
	return rc;
}

static void test_every_allocation_fails_once(void **state)
{
	pacta_error err;
	long total, baseline, failures = 0, jansson_parse = 0;
	pacta_rc rc;
	(void)state;

	/* Once to count, and every allocation freed. */
	fail_at = 0;
	calls = 0;
	baseline = live;
	memset(&err, 0, sizeof(err));
	rc = full_path(&err);
	if (rc != PACTA_OK)
		fail_msg("the path fails with no allocation failing (line %d): %s: %s",
			 failed_line, err.where, err.message);
	total = calls;
	assert_int_equal(live, baseline);
	assert_true(total > 100);

	for (long n = 1; n <= total; n++) {
		fail_at = n;
		calls = 0;
		baseline = live;
		jansson_failed = false;
		memset(&err, 0, sizeof(err));
		rc = full_path(&err);
		if (rc == PACTA_ERR_PARSE && jansson_failed)
			jansson_parse++;
		else if (rc != PACTA_OK && rc != PACTA_ERR_NOMEM)
			fail_msg("allocation %ld of %ld failing gave %s at line %d, not out of "
				 "memory: %s: %s",
				 n, total, pacta_rc_name(rc), failed_line, err.where, err.message);
		if (live != baseline)
			fail_msg("allocation %ld of %ld failing leaked %ld block(s) (%s at line %d: %s)",
				 n, total, live - baseline, pacta_rc_name(rc), failed_line,
				 err.message);
		if (rc != PACTA_OK)
			failures++;
	}
	print_message("# %ld allocations on the path; each failed once: %ld runs reported an "
		      "error (%ld of them a parse error from jansson's lexer), %ld recovered\n",
		      total, failures, jansson_parse, total - failures);
	remove_db();
}

/* Shared clauses and two treaties of their own fields on them, whose rows
 * a checked load keeps to hash after the sections between (chain_later). */
static const char kept_clauses[] =
	"{\"clauses\": \"kept\", \"depositary\": \"The parties\", \"rules\": {"
	" \"consent\": {\"article\": \"4\", \"instruments\": [\"accession\"]},"
	" \"entry_into_force\": {\"article\": \"5\", \"delay\": {\"days\": 10}}}}";
static const char *const kept_treaties[] = {
	"{\"id\": \"k-1\", \"name\": \"K 1\", \"title\": \"Agreement K 1\","
	" \"clauses\": \"kept\", \"adopted\": {\"date\": \"2001-02-03\"},"
	" \"source_url\": \"https://example.org/k-1\","
	" \"rules\": {\"entry_into_force\": {\"instruments\": 3}}}",
	"{\"id\": \"k-2\", \"name\": \"K 2\", \"title\": \"Agreement K 2\","
	" \"clauses\": \"kept\", \"adopted\": {\"date\": \"2002-03-04\"},"
	" \"source_url\": \"https://example.org/k-2\","
	" \"rules\": {\"entry_into_force\": {\"instruments\": 5}}}",
};

/*
 * A checked load of a store whose treaties keep rows for later, with each
 * of its allocations failing once: out of memory, or, when the one that
 * failed was the kept rows' (the load then has no hash of its own for the
 * reference tables), the same record, the check having read the tables
 * again (or a parse error when jansson's lexer failed, as above). At least
 * one run takes that way; none leaks.
 */
static void test_load_without_memory_for_kept_rows(void **state)
{
	pacta_record *rec, *back = NULL;
	pacta_store *st = NULL;
	pacta_store_checks c0, c1;
	pacta_error err;
	char *want, *got;
	long total, reread = 0, failures = 0;
	(void)state;

	fail_at = 0;
	remove_db();
	rec = pacta_record_new();
	assert_non_null(rec);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_add_clauses(rec, kept_clauses, strlen(kept_clauses),
						  "treaties/clauses/kept.json", &err),
			 PACTA_OK);
	for (size_t i = 0; i < sizeof(kept_treaties) / sizeof(kept_treaties[0]); i++)
		assert_int_equal(pacta_record_add_treaty(rec, kept_treaties[i],
							 strlen(kept_treaties[i]),
							 "treaties/k.json", &err),
				 PACTA_OK);
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	assert_int_equal(pacta_store_open(db_path, PACTA_STORE_CREATE, &st, &err), PACTA_OK);
	assert_int_equal(pacta_store_replace(st, rec, "torture", "kept rows", &err), PACTA_OK);
	pacta_store_close(st);
	want = pacta_report_treaties_json(rec);
	assert_non_null(want);
	pacta_record_free(rec);

	assert_int_equal(pacta_store_open(db_path, 0, &st, &err), PACTA_OK);
	calls = 0;
	assert_int_equal(pacta_store_load(st, &back, &err), PACTA_OK);
	total = calls;
	pacta_record_free(back);
	for (long n = 1; n <= total; n++) {
		long baseline = live;
		back = NULL;
		pacta_store_checks_(st, &c0);
		fail_at = n;
		calls = 0;
		jansson_failed = false;
		memset(&err, 0, sizeof(err));
		pacta_rc rc = pacta_store_load(st, &back, &err);
		fail_at = 0;
		pacta_store_checks_(st, &c1);
		if (rc == PACTA_OK) {
			got = pacta_report_treaties_json(back);
			assert_non_null(got);
			if (strcmp(got, want) != 0)
				fail_msg("allocation %ld of %ld failing loaded other treaties: %s",
					 n, total, got);
			free(got);
			if (c1.reference > c0.reference)
				reread++;
		} else if (rc != PACTA_ERR_NOMEM && !(rc == PACTA_ERR_PARSE && jansson_failed)) {
			fail_msg("allocation %ld of %ld failing gave %s, not out of memory: %s: %s",
				 n, total, pacta_rc_name(rc), err.where, err.message);
		} else {
			assert_null(back);
		}
		if (rc != PACTA_OK)
			failures++;
		pacta_record_free(back);
		if (live != baseline)
			fail_msg("allocation %ld of %ld failing leaked %ld block(s)", n, total,
				 live - baseline);
	}
	print_message("# %ld allocations in the load; each failed once: %ld runs reported an "
		      "error, %ld recovered (%ld of them reading the reference tables again)\n",
		      total, failures, total - failures, reread);
	assert_true(reread > 0);
	free(want);
	pacta_store_close(st);
	remove_db();
}

/* The ids of the acts at idx[0, n) of rec, in that order, into out. */
static void ids_at(const pacta_record *rec, const size_t *idx, size_t n, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = rec->acts[idx[i]].id;
}

/*
 * The two sorts that take room of their own after the record is made: a
 * derived version sorting again a span it wrote, once a store has given
 * its new acts ids that change their order among acts equal in everything
 * else (finish_derived), and a profile sorting a state's changes
 * (profile.c). With that room failing: out of memory, nothing moved, no
 * block left; with it: in order.
 */
static void test_sorts_without_memory(void **state)
{
	enum { TIED = 40 }; /* more than a run sorted by insertion */
	pacta_record *rec, *v = NULL;
	pacta_error err;
	pacta_act a;
	pacta_day day, on;
	size_t idx[TIED], n = 0;
	uint32_t before[TIED], after[TIED];
	long baseline;
	(void)state;

	fail_at = 0;
	rec = pacta_record_new();
	assert_non_null(rec);
	assert_int_equal(pacta_record_load_dir(rec, data_dir, &err), PACTA_OK);
	assert_int_equal(pacta_record_reserve(rec, 2 * TIED, &err), PACTA_OK);
	assert_int_equal(pacta_record_derive(rec, &v, &err), PACTA_OK);
	int32_t lva = pacta_record_participant_by_iso3(v, "LVA");
	assert_true(lva >= 0);
	assert_true(pacta_date_parse("2027-01-05", 10, &day));
	for (int i = 0; i < TIED; i++) {
		latvia_act(&a, lva, PACTA_ACT_COMMUNICATION, "2027-01-05", "https://example.org/tied");
		assert_int_equal(pacta_record_add_act(v, &a, &err), PACTA_OK);
	}
	assert_int_equal(pacta_record_finish(v, &err), PACTA_OK);
	for (size_t k = 0; k < v->n_acts; k++) {
		const pacta_act *x = &v->acts[k];
		if (x->treaty == 0 && x->participant == (uint32_t)lva && x->date == day &&
		    x->action == PACTA_ACT_COMMUNICATION) {
			assert_true(n < TIED);
			idx[n++] = k;
		}
	}
	assert_int_equal(n, TIED);
	/* The store's ids, the last of the run first: out of order now. */
	for (size_t i = 0; i < n; i++)
		v->acts[idx[i]].id = (uint32_t)(TIED - i);
	ids_at(v, idx, n, before);

	baseline = live;
	calls = 0;
	fail_at = 1;
	assert_int_equal(pacta_record_finish(v, &err), PACTA_ERR_NOMEM);
	fail_at = 0;
	assert_int_equal(live, baseline);
	ids_at(v, idx, n, after);
	assert_memory_equal(before, after, sizeof(before));

	assert_int_equal(pacta_record_finish(v, &err), PACTA_OK);
	ids_at(v, idx, n, after);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(after[i], i + 1);

	/* A profile of Latvia: each of its allocations failing once. */
	assert_true(pacta_date_parse("2026-11-29", 10, &on));
	pacta_profile pr;
	calls = 0;
	baseline = live;
	assert_int_equal(pacta_profile_build(v, (uint32_t)lva, on, &pr, &err), PACTA_OK);
	long total = calls;
	assert_true(pr.n_changes > 1);
	pacta_profile_free(&pr);
	assert_int_equal(live, baseline);
	for (long k = 1; k <= total; k++) {
		calls = 0;
		fail_at = k;
		pacta_rc rc = pacta_profile_build(v, (uint32_t)lva, on, &pr, &err);
		fail_at = 0;
		if (rc != PACTA_OK && rc != PACTA_ERR_NOMEM)
			fail_msg("allocation %ld of %ld failing gave %s", k, total, pacta_rc_name(rc));
		if (rc == PACTA_OK) {
			for (size_t i = 1; i < pr.n_changes; i++)
				assert_true(pr.changes[i - 1].date <= pr.changes[i].date);
			pacta_profile_free(&pr);
		}
		if (live != baseline)
			fail_msg("allocation %ld of %ld failing leaked %ld block(s)", k, total,
				 live - baseline);
	}
	pacta_record_free(v);
	pacta_record_free(rec);
}

/* One write as the service makes it: a version derived from rec, an act
 * added to it and the version finished (its own table of spans, and a
 * chunk of them copied for the treaty written). */
static pacta_rc derived_write(pacta_record *rec, int32_t lva, pacta_record **v, pacta_error *err)
{
	pacta_act a;
	pacta_rc rc = pacta_record_derive(rec, v, err);
	if (rc != PACTA_OK)
		return rc;
	latvia_act(&a, lva, PACTA_ACT_COMMUNICATION, "2027-01-05", "https://example.org/derived");
	if ((rc = pacta_record_add_act(*v, &a, err)) != PACTA_OK)
		return rc;
	return pacta_record_finish(*v, err);
}

/* That write with each of its allocations failing once: out of memory,
 * the version freed with nothing left, its parent the latest again; or
 * the act is in the treaty's acts. */
static void test_derived_write_without_memory(void **state)
{
	pacta_record *rec, *v = NULL;
	pacta_error err;
	size_t first, last, before;
	(void)state;

	fail_at = 0;
	rec = pacta_record_new();
	assert_non_null(rec);
	assert_int_equal(pacta_record_load_dir(rec, data_dir, &err), PACTA_OK);
	/* A write copies its treaty's live acts to the end, beside the new. */
	assert_int_equal(pacta_record_reserve(rec, 4096, &err), PACTA_OK);
	int32_t lva = pacta_record_participant_by_iso3(rec, "LVA");
	assert_true(lva >= 0);
	pacta_record_acts_of_treaty(rec, 0, &first, &last);
	before = last - first;
	long baseline = live;
	calls = 0;
	assert_int_equal(derived_write(rec, lva, &v, &err), PACTA_OK);
	long total = calls;
	assert_true(total >= 2); /* the version's table and its chunk at least */
	pacta_record_free(v);
	assert_int_equal(live, baseline);
	for (long k = 1; k <= total; k++) {
		calls = 0;
		fail_at = k;
		v = NULL;
		pacta_rc rc = derived_write(rec, lva, &v, &err);
		fail_at = 0;
		if (rc != PACTA_OK && rc != PACTA_ERR_NOMEM)
			fail_msg("allocation %ld of %ld failing gave %s", k, total, pacta_rc_name(rc));
		if (rc == PACTA_OK) {
			pacta_record_acts_of_treaty(v, 0, &first, &last);
			assert_int_equal(last - first, before + 1);
		}
		pacta_record_free(v);
		if (live != baseline)
			fail_msg("allocation %ld of %ld failing leaked %ld block(s)", k, total,
				 live - baseline);
		assert_true(pacta_record_can_derive(rec));
	}
	pacta_record_free(rec);
}

/* Allocation k of total failed (none when k is 0): the call gave rc and
 * made made (NULL unless rc is PACTA_OK), and the run succeeded or ran
 * out of memory. */
static void assert_ok_or_nomem(long k, long total, pacta_rc rc, const void *made)
{
	if (rc != PACTA_OK && (k == 0 || rc != PACTA_ERR_NOMEM))
		fail_msg("allocation %ld of %ld failing gave %s", k, total, pacta_rc_name(rc));
	assert_true((rc == PACTA_OK) == (made != NULL));
}

/* Everything the run allocated is freed: as many blocks live as before. */
static void assert_nothing_left(long k, long total, long baseline)
{
	if (live != baseline)
		fail_msg("allocation %ld of %ld failing leaked %ld block(s)", k, total,
			 live - baseline);
}

/* The service's snapshots with each of their allocations failing once:
 * the first snapshot of a record, then the snapshot of a write (its
 * slices shared with the first, the one it writes copied). Each ends in
 * success or out of memory, frees what it made (the record it was given
 * too), and leaves the snapshot it was updated from as it was. */
static void test_snapshot_without_memory(void **state)
{
	pacta_record *rec, *v = NULL;
	snapshot *s0 = NULL, *s1 = NULL;
	pacta_error err;
	long total = 0, baseline;
	pacta_day on = pacta_date_from_civil(2027, 6, 1);
	(void)state;

	fail_at = 0;
	for (long k = 0; k == 0 || k <= total; k++) {
		baseline = live;
		rec = pacta_record_new();
		assert_non_null(rec);
		assert_int_equal(pacta_record_load_dir(rec, data_dir, &err), PACTA_OK);
		calls = 0;
		fail_at = k;
		pacta_rc rc = snapshot_new(NULL, rec, &s0, &err);
		fail_at = 0;
		if (k == 0)
			total = calls;
		assert_ok_or_nomem(k, total, rc, s0);
		snapshot_release(s0);
		s0 = NULL;
		assert_nothing_left(k, total, baseline);
	}
	assert_true(total >= 3);

	rec = pacta_record_new();
	assert_non_null(rec);
	assert_int_equal(pacta_record_load_dir(rec, data_dir, &err), PACTA_OK);
	assert_int_equal(pacta_record_reserve(rec, 4096, &err), PACTA_OK);
	assert_int_equal(snapshot_new(NULL, rec, &s0, &err), PACTA_OK);
	int32_t lva = pacta_record_participant_by_iso3(s0->rec, "LVA");
	assert_true(lva >= 0);
	char *before = pacta_report_status_json(snapshot_status(s0, 0), on, NULL, 0);
	assert_non_null(before);
	total = 0;
	for (long k = 0; k == 0 || k <= total; k++) {
		baseline = live;
		assert_int_equal(derived_write(s0->rec, lva, &v, &err), PACTA_OK);
		calls = 0;
		fail_at = k;
		pacta_rc rc = snapshot_update(NULL, s0, v, &s1, &err);
		fail_at = 0;
		if (k == 0)
			total = calls;
		assert_ok_or_nomem(k, total, rc, s1);
		if (s1)
			assert_true(snapshot_status(s1, 0) != snapshot_status(s0, 0));
		snapshot_release(s1);
		s1 = NULL;
		v = NULL;
		assert_nothing_left(k, total, baseline);
		assert_true(pacta_record_can_derive(s0->rec));
		char *after = pacta_report_status_json(snapshot_status(s0, 0), on, NULL, 0);
		assert_non_null(after);
		assert_string_equal(after, before);
		free(after);
	}
	assert_true(total >= 3); /* the snapshot, its slices, the slice it writes */
	free(before);
	snapshot_release(s0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_fails_once),
		cmocka_unit_test(test_load_without_memory_for_kept_rows),
		cmocka_unit_test(test_sorts_without_memory),
		cmocka_unit_test(test_derived_write_without_memory),
		cmocka_unit_test(test_snapshot_without_memory),
	};
	const char *root = getenv("PACTA_SOURCE_ROOT");
	const char *dir = getenv("TMPDIR");
	int fd;

	json_set_alloc_funcs(json_malloc, json_free);
	snprintf(data_dir, sizeof(data_dir), "%s/tests/torture/data", root ? root : ".");
	snprintf(db_path, sizeof(db_path), "%s/pacta-torture-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(db_path);
	if (fd < 0)
		return 1;
	close(fd);
	fd = cmocka_run_group_tests(tests, NULL, NULL);
	/* Also after a failure, which leaves the test early. */
	remove_db();
	return fd;
}
