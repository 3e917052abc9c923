/*
 * test_server.c - the service's parts without sockets: HTTP dates, the
 * routes' answers against the report functions, problem documents for bad
 * input (client bytes included), and writes through the shared import path
 * with tokens. The HTTP side (limits, caching, hostile clients) is tested
 * over sockets by tests/web/test_http.py.
 */
#include <limits.h>
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

#include "pacta/report.h"
#include "pacta/token.h"
#include "service.h"

struct fixture {
	char path[64];
	pacta_server srv;
	snapshot *snap;
	char token[PACTA_TOKEN_BUFSZ];
};

/* Query parameters as "name=value" pairs in a NULL-ended array. */
static const char *arg(void *ctx, const char *name)
{
	const char *const *kv = ctx;
	size_t n = strlen(name);
	for (; kv && *kv; kv++)
		if (strncmp(*kv, name, n) == 0 && (*kv)[n] == '=')
			return *kv + n + 1;
	return NULL;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *root = getenv("PACTA_SOURCE_ROOT");
	char dir[4096];
	pacta_error err;
	pacta_record *rec = pacta_record_new();
	if (!f || !root || !rec)
		return -1;
	snprintf(dir, sizeof(dir), "%s/data", root);
	snprintf(f->path, sizeof(f->path), "test-server-%ld.db", (long)getpid());
	unlink(f->path);
	if (pacta_record_load_dir(rec, dir, &err) != PACTA_OK ||
	    pacta_store_open(f->path, PACTA_STORE_CREATE, &f->srv.store, &err) != PACTA_OK ||
	    pacta_store_replace(f->srv.store, rec, "tester", "fixture", &err) != PACTA_OK) {
		print_error("%s: %s\n", err.where, err.message);
		return -1;
	}
	pacta_record_free(rec);
	rec = NULL;
	if (pacta_store_load(f->srv.store, &rec, &err) != PACTA_OK ||
	    snapshot_new(f->srv.store, rec, &f->snap, &err) != PACTA_OK ||
	    pacta_token_add(f->srv.store, "unit", "admin", f->token, &err) != PACTA_OK ||
	    pacta_store_data_version(f->srv.store, &f->srv.data_version, &err) != PACTA_OK)
		return -1;
	server_options_default(&f->srv.opt);
	pthread_mutex_init(&f->srv.snap_lock, NULL);
	pthread_mutex_init(&f->srv.write_lock, NULL);
	f->srv.snap = snapshot_acquire(f->snap);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[80];
	snapshot_release(f->snap);
	snapshot_release(f->srv.snap);
	pacta_store_close(f->srv.store);
	pthread_mutex_destroy(&f->srv.snap_lock);
	pthread_mutex_destroy(&f->srv.write_lock);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

/* Runs one request; the answer's body is NUL-terminated in *body (freed
 * by the caller) and its status returned. */
static unsigned request(struct fixture *f, const char *method, const char *path,
			const char *const *args, const char *body, const char *auth,
			route_answer *a, char **text)
{
	route_request rq = { .method = method,
			     .path = path,
			     .arg = arg,
			     .arg_ctx = (void *)args,
			     .body = body,
			     .body_len = body ? strlen(body) : 0,
			     .content_type = body ? "application/json" : NULL,
			     .authorization = auth };
	snapshot *s = service_snapshot(&f->srv);
	routes_handle(&f->srv, s, &rq, a);
	snapshot_release(s);
	const char *b = a->body ? a->body : a->static_body;
	*text = calloc(1, a->len + 1);
	assert_non_null(*text);
	memcpy(*text, b, a->len);
	free(a->body);
	a->body = NULL;
	return a->status;
}

/* The problem document's status, checking its shape. */
static void expect_problem(const char *text, unsigned status)
{
	json_error_t e;
	json_t *doc = json_loads(text, 0, &e);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "status")), status);
	assert_non_null(json_string_value(json_object_get(doc, "type")));
	assert_non_null(json_string_value(json_object_get(doc, "title")));
	assert_non_null(json_string_value(json_object_get(doc, "detail")));
	json_decref(doc);
}

static void test_http_dates(void **state)
{
	char buf[40];
	long long t;
	(void)state;
	snapshot_http_date(0, buf);
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 GMT");
	snapshot_http_date(784111777, buf);
	assert_string_equal(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
	assert_true(snapshot_parse_http_date(buf, &t));
	assert_int_equal(t, 784111777);
	snapshot_http_date(1795910400, buf); /* 2026-11-29T00:00:00Z */
	assert_string_equal(buf, "Sun, 29 Nov 2026 00:00:00 GMT");
	static const char *const bad[] = {
		"",
		"Sun, 06 Nov 1994 08:49:37",
		"Sun, 30 Feb 1994 08:49:37 GMT",
		"Sun, 06 Nox 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun, 06 Nov 1994 24:49:37 GMT",
		"Sun, 06 Nov 1994 08:49:37 GMT ",
		"Sun Nov  6 08:49:37 1994",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(snapshot_parse_http_date(bad[i], &t));
}

static void test_answers_are_the_reports(void **state)
{
	struct fixture *f = *state;
	route_answer a;
	char *text;
	const char *const on[] = { "on=2026-01-01", NULL };
	pacta_day d;
	assert_true(pacta_date_parse("2026-01-01", 10, &d));
	assert_int_equal(request(f, "GET", "/v1/treaties/apmbc/status", on, NULL, NULL, &a, &text),
			 200);
	char *want = pacta_report_status_json(f->snap->ts[0], d, NULL, 0);
	assert_string_equal(text, want);
	assert_true(a.cacheable);
	assert_false(a.today_based);
	assert_string_equal(a.content_type, "application/json");
	free(want);
	free(text);
	/* Without `on` the answer is about today, and changes at midnight. */
	assert_int_equal(
		request(f, "GET", "/v1/treaties/apmbc/status", NULL, NULL, NULL, &a, &text), 200);
	assert_true(a.today_based);
	free(text);

	assert_int_equal(
		request(f, "GET", "/v1/treaties/apmbc/withdrawals", on, NULL, NULL, &a, &text),
		200);
	want = pacta_report_withdrawals_json(f->snap->ts[0], d);
	assert_string_equal(text, want);
	free(want);
	free(text);

	assert_int_equal(request(f, "HEAD", "/v1/treaties", NULL, NULL, NULL, &a, &text), 200);
	want = pacta_report_treaties_json(f->snap->rec);
	assert_string_equal(text, want);
	free(want);
	free(text);

	assert_int_equal(request(f, "GET", "/", NULL, NULL, NULL, &a, &text), 200);
	assert_non_null(strstr(text, "<html"));
	assert_string_equal(a.content_type, "text/html; charset=utf-8");
	free(text);
}

static void test_problems(void **state)
{
	struct fixture *f = *state;
	route_answer a;
	char *text;
	static const struct {
		const char *method, *path, *arg;
		unsigned status;
	} cases[] = {
		{ "GET", "/nothing", NULL, 404 },
		{ "GET", "/v1/treaties/nopact/status", NULL, 404 },
		{ "GET", "/v1/treaties/\xff\xfe/status", NULL, 404 },
		{ "GET", "/v1/treaties/apmbc/states/XX", NULL, 404 },
		{ "GET", "/v1/treaties/apmbc/states/\xc3", NULL, 404 },
		{ "GET", "/v1/treaties/apmbc/status", "on=2026-02-30", 400 },
		{ "GET", "/v1/treaties/apmbc/status", "on=\xff\xfe\xfd", 400 },
		{ "GET", "/v1/treaties/apmbc/parties", "group=\xc3(", 404 },
		{ "GET", "/v1/treaties/apmbc/diff", NULL, 400 },
		{ "GET", "/v1/treaties/apmbc/counts", "from=2030-01-01", 400 },
		{ "DELETE", "/v1/treaties", NULL, 405 },
		{ "\xff", "/v1/treaties", NULL, 405 },
		{ "GET", "/v1/treaties/apmbc/acts", NULL, 405 },
		{ "GET", "/a/b/c/d/e/f/g/h/i/j", NULL, 404 },
		{ "GET", "relative", NULL, 404 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *args[] = { cases[i].arg, NULL };
		unsigned st =
			request(f, cases[i].method, cases[i].path, args, NULL, NULL, &a, &text);
		if (st != cases[i].status)
			print_error("case %zu: %u\n", i, st);
		assert_int_equal(st, cases[i].status);
		assert_string_equal(a.content_type, "application/problem+json");
		expect_problem(text, cases[i].status);
		if (cases[i].status == 405)
			assert_non_null(a.allow);
		free(text);
	}
}

static void test_writes(void **state)
{
	struct fixture *f = *state;
	route_answer a;
	char *text, auth[PACTA_TOKEN_BUFSZ + 8];
	const char *act = "{\"state\":\"USA\",\"action\":\"accession\",\"date\":\"2026-06-01\","
			  "\"source_url\":\"https://example.org/usa\"}";
	const char *path = "/v1/treaties/apmbc/acts";
	snprintf(auth, sizeof(auth), "Bearer %s", f->token);

	assert_int_equal(request(f, "POST", path, NULL, act, NULL, &a, &text), 401);
	assert_true(a.authenticate);
	free(text);
	assert_int_equal(request(f, "POST", path, NULL, act, "Bearer pacta_00", &a, &text), 401);
	free(text);
	assert_int_equal(request(f, "POST", path, NULL, "[]", auth, &a, &text), 400);
	free(text);
	assert_int_equal(request(f, "POST", path, NULL, "{\"state\":1}", auth, &a, &text), 400);
	free(text);
	assert_int_equal(
		request(f, "POST", path, NULL,
			"{\"state\":\"USA\",\"action\":\"signature\",\"date\":\"2026-06-01\","
			"\"source_url\":\"https://example.org/usa\"}",
			auth, &a, &text),
		422);
	assert_non_null(strstr(text, "\"problems\""));
	free(text);

	snapshot *before = f->srv.snap;
	assert_int_equal(request(f, "POST", path, NULL, act, auth, &a, &text), 201);
	assert_non_null(strstr(text, "\"who\": \"token:unit\""));
	free(text);
	/* A new snapshot was swapped in; the old one lives while held. */
	assert_ptr_not_equal(f->srv.snap, before);
	assert_ptr_equal(f->snap, before);
	int32_t usa = pacta_record_participant_by_iso3(f->srv.snap->rec, "USA");
	pacta_day d;
	assert_true(pacta_date_parse("2027-01-01", 10, &d));
	assert_int_equal(pacta_status_on(f->srv.snap->ts[0], (uint32_t)usa, d, NULL),
			 PACTA_STATUS_PARTY);

	pacta_history_entry *h;
	size_t n;
	pacta_error err;
	assert_int_equal(pacta_store_history(f->srv.store, &h, &n, &err), PACTA_OK);
	assert_string_equal(h[n - 1].who, "token:unit");
	free(h);

	assert_int_equal(pacta_store_token_revoke(f->srv.store, "unit", "admin", &err), PACTA_OK);
	assert_int_equal(request(f, "POST", path, NULL, act, auth, &a, &text), 401);
	free(text);
}

/* The store's entry into force of apmbc and iso3's status on day, and
 * the number of changes in its history. */
static void stored_state(struct fixture *f, const char *iso3, const char *day, pacta_day *eif,
			 pacta_status *st, size_t *changes)
{
	pacta_record *rec;
	pacta_treaty_status *ts;
	pacta_history_entry *h;
	pacta_error err;
	pacta_day d;

	assert_true(pacta_date_parse(day, strlen(day), &d));
	assert_int_equal(pacta_store_load(f->srv.store, &rec, &err), PACTA_OK);
	int32_t t = pacta_record_treaty_by_id(rec, "apmbc");
	int32_t p = pacta_record_participant_by_iso3(rec, iso3);
	assert_true(t >= 0 && p >= 0);
	assert_int_equal(pacta_status_compile(rec, (uint32_t)t, &ts, &err), PACTA_OK);
	*eif = pacta_treaty_status_in_force(ts)->date;
	*st = pacta_status_on(ts, (uint32_t)p, d, NULL);
	pacta_treaty_status_free(ts);
	pacta_record_free(rec);
	assert_int_equal(pacta_store_history(f->srv.store, &h, changes, &err), PACTA_OK);
	free(h);
}

/* Acts that contradict stored acts dated after them are refused (422)
 * like those dated after, with problems that name both acts; the store,
 * the snapshot, the treaty's entry into force and the state's status stay
 * as they were. A source that is not a valid http(s) URL is a 400 that
 * names the field. */
static void test_writes_judged_whatever_their_dates(void **state)
{
	static const struct {
		const char *act, *state, *day, *problem;
	} refused[] = {
		/* A second ratification before Germany's stored one: with ten
		 * of these the Convention would enter into force in January. */
		{ "{\"state\":\"DEU\",\"action\":\"ratification\",\"date\":\"1997-12-04\","
		  "\"source_url\":\"https://treaties.un.org/x\"}",
		  "DEU", "1998-12-01",
		  "DEU ratification on 1998-07-23 contradicts its earlier consent to be bound recorded"
		  " at request:2 (ratification on 1997-12-04), which still stands" },
		/* An accession before Poland's stored signature. */
		{ "{\"state\":\"POL\",\"action\":\"accession\",\"date\":\"1997-12-03\","
		  "\"source_url\":\"https://treaties.un.org/x\"}",
		  "POL", "2000-01-01",
		  "POL signature on 1997-12-04 comes after its consent to be bound recorded at"
		  " request:2 (accession on 1997-12-03)" },
		/* Latvia's accession again, exactly as stored. */
		{ "{\"state\":\"LVA\",\"action\":\"accession\",\"date\":\"2005-07-01\","
		  "\"source_url\":\"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&"
		  "mtdsg_no=XXVI-5&chapter=26&clang=_en\"}",
		  "LVA", "2010-01-01",
		  "LVA accession on 2005-07-01 is recorded twice (also at request:2)" },
	};
	static const struct {
		const char *url, *why;
	} bad_sources[] = {
		{ "https://example.org/<script>",
		  "'<' at character 21 is not allowed in the path (write it as %3C)" },
		{ "https://example.org/a b", "a space at character 22 (write it as %20)" },
		{ "javascript:alert(1)", "it does not start with http:// or https://" },
	};
	struct fixture *f = *state;
	route_answer a;
	char *text, auth[PACTA_TOKEN_BUFSZ + 8], body[512];
	const char *path = "/v1/treaties/apmbc/acts";
	pacta_day eif0, eif1;
	pacta_status st0, st1;
	size_t n0, n1;

	snprintf(auth, sizeof(auth), "Bearer %s", f->token);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snapshot *before = f->srv.snap;
		stored_state(f, refused[i].state, refused[i].day, &eif0, &st0, &n0);
		assert_int_equal(request(f, "POST", path, NULL, refused[i].act, auth, &a, &text),
				 422);
		expect_problem(text, 422);
		if (!strstr(text, refused[i].problem))
			fail_msg("%s lacks: %s", text, refused[i].problem);
		free(text);
		assert_ptr_equal(f->srv.snap, before);
		stored_state(f, refused[i].state, refused[i].day, &eif1, &st1, &n1);
		assert_int_equal(eif1, eif0);
		assert_int_equal(st1, st0);
		assert_int_equal(n1, n0);
	}
	assert_true(pacta_date_parse("1999-03-01", 10, &eif0));
	assert_int_equal(eif1, eif0);

	for (size_t i = 0; i < sizeof(bad_sources) / sizeof(bad_sources[0]); i++) {
		char want[200];
		stored_state(f, "USA", "2027-01-01", &eif0, &st0, &n0);
		snprintf(body, sizeof(body),
			 "{\"state\":\"USA\",\"action\":\"accession\",\"date\":\"2026-06-01\","
			 "\"source_url\":\"%s\"}",
			 bad_sources[i].url);
		assert_int_equal(request(f, "POST", path, NULL, body, auth, &a, &text), 400);
		expect_problem(text, 400);
		snprintf(want, sizeof(want), "column 'source_url': not a valid http(s) URL: %s",
			 bad_sources[i].why);
		if (!strstr(text, want))
			fail_msg("%s lacks: %s", text, want);
		free(text);
		stored_state(f, "USA", "2027-01-01", &eif1, &st1, &n1);
		assert_int_equal(st1, PACTA_STATUS_NONE);
		assert_int_equal(n1, n0);
	}
}

/* A change another connection commits is picked up on a request once the
 * look is due, and not before; with nothing committed, nothing is rebuilt. */
static void test_outside_change(void **state)
{
	struct fixture *f = *state;
	route_answer a;
	char *text, token[PACTA_TOKEN_BUFSZ];
	pacta_store *other = NULL;
	pacta_error err;
	snapshot *before = f->srv.snap;

	assert_int_equal(request(f, "GET", "/v1/treaties", NULL, NULL, NULL, &a, &text), 200);
	free(text);
	assert_ptr_equal(f->srv.snap, before);
	assert_int_equal(pacta_store_open(f->path, 0, &other, &err), PACTA_OK);
	assert_int_equal(pacta_token_add(other, "outside", "admin", token, &err), PACTA_OK);
	pacta_store_close(other);
	/* Not due yet: the snapshot stays. */
	atomic_store(&f->srv.next_store_check_ms, LLONG_MAX);
	assert_int_equal(request(f, "GET", "/v1/treaties", NULL, NULL, NULL, &a, &text), 200);
	free(text);
	assert_ptr_equal(f->srv.snap, before);
	/* Due: a new snapshot, and the next look not before a second. */
	atomic_store(&f->srv.next_store_check_ms, 0);
	assert_int_equal(request(f, "GET", "/v1/treaties", NULL, NULL, NULL, &a, &text), 200);
	free(text);
	assert_ptr_not_equal(f->srv.snap, before);
	assert_true(atomic_load(&f->srv.next_store_check_ms) > 0);
	before = f->srv.snap;
	atomic_store(&f->srv.next_store_check_ms, 0);
	assert_int_equal(request(f, "GET", "/v1/treaties", NULL, NULL, NULL, &a, &text), 200);
	free(text);
	assert_ptr_equal(f->srv.snap, before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_dates),
		cmocka_unit_test_setup_teardown(test_answers_are_the_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_judged_whatever_their_dates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_outside_change, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
