/*
 * test_server.c - the service's parts without sockets: HTTP dates, the
 * routes' answers against the report functions, problem documents for bad
 * input (client bytes included), and writes through the shared import path
 * with tokens; the gate (limits, deadlines, the log) on socket pairs; and
 * the service on loopback sockets against hostile clients: 2,000 slow or
 * idle connections from six addresses while /healthz is asked, requests
 * that trickle past their deadline, a thousand query parameters, control
 * characters in the target, a chunked body over the limit, the HTTP
 * library's own error pages, and the log under a flood. Caching, the
 * routes over HTTP and the page are tested by tests/web/.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

#include <cmocka.h>
#include <jansson.h>

#include "pacta/datapackage.h"
#include "pacta/names.h"
#include "pacta/report.h"
#include "pacta/token.h"
#include "listing.h"
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

/* GET path?args with an Accept-Language header; the summary of the
 * explanation and its steps' texts, one a line, in *summary (freed by the
 * caller). */
static unsigned get_in(struct fixture *f, const char *path, const char *const *args,
		       const char *accept, route_answer *a, char **summary)
{
	route_request rq = { .method = "GET", .path = path, .arg = arg, .arg_ctx = (void *)args,
			     .accept_language = accept };
	snapshot *s = service_snapshot(&f->srv);
	routes_handle(&f->srv, s, &rq, a);
	snapshot_release(s);
	json_t *doc = json_loadb(a->body, a->len, 0, NULL);
	free(a->body);
	a->body = NULL;
	json_t *ex = json_object_get(doc, "explanation");
	const char *text = json_string_value(json_object_get(ex, "summary"));
	size_t size = strlen(text ? text : "") + 2, i;
	json_t *step;
	json_array_foreach(json_object_get(ex, "steps"), i, step)
		size += strlen(json_string_value(json_object_get(step, "text"))) + 1;
	*summary = malloc(size);
	assert_non_null(*summary);
	size_t used = (size_t)snprintf(*summary, size, "%s", text ? text : "");
	json_array_foreach(json_object_get(ex, "steps"), i, step)
		used += (size_t)snprintf(*summary + used, size - used, "\n%s",
					 json_string_value(json_object_get(step, "text")));
	json_decref(doc);
	return a->status;
}

/* A state's answer speaks the language asked for, by ?lang= before
 * Accept-Language, names the state in it, writes its dates in words, and
 * says which language it is in; a language with no catalogue is English. */
static void test_state_in_language(void **state)
{
	struct fixture *f = *state;
	const char *build = getenv("PACTA_BUILD_ROOT");
	char dir[4096], path[4200];
	snprintf(dir, sizeof(dir), "%s/po", build ? build : "build");
	snprintf(path, sizeof(path), "%s/names.tsv", build ? build : "build");
	pacta_names *names = NULL;
	pacta_error err;
	assert_int_equal(pacta_names_load(path, &names, &err), PACTA_OK);
	f->srv.opt.locale_dir = dir;
	f->srv.opt.names = names;
	const char *on[] = { "on=2026-11-29", NULL };
	const char *es[] = { "on=2026-11-29", "lang=es", NULL };
	const char *lva = "/v1/treaties/apmbc/states/LVA";
	route_answer a;
	char *s;
	assert_int_equal(get_in(f, lva, on, "fr-CH, fr;q=0.9, en;q=0.8", &a, &s), 200);
	assert_string_equal(a.lang, "fr");
	assert_non_null(strstr(s, "Au 29 novembre 2026, Lettonie"));
	assert_non_null(strstr(s, "27 décembre 2025"));
	free(s);
	assert_int_equal(get_in(f, lva, es, "fr", &a, &s), 200);
	assert_string_equal(a.lang, "es");
	assert_non_null(strstr(s, "Letonia"));
	assert_non_null(strstr(s, "27 de diciembre de 2025"));
	/* The explanation's steps too (under the same English keys). */
	assert_non_null(strstr(s, "El depositario recibió la notificación de denuncia de Letonia el 27 de junio de 2025"));
	assert_non_null(strstr(s, "Art. 20(3): la denuncia surte efecto seis meses"));
	free(s);
	assert_int_equal(get_in(f, lva, on, "de-DE", &a, &s), 200);
	assert_string_equal(a.lang, "en");
	assert_non_null(strstr(s, "On 2026-11-29 Latvia is no longer bound"));
	assert_non_null(strstr(s, "The depositary received Latvia's notification of withdrawal on 2025-06-27"));
	free(s);
	pacta_names_free(names);
	f->srv.opt.names = NULL;
	f->srv.opt.locale_dir = NULL;
}

/* GET /v1/treaties with args: the ids listed, comma-separated, in ids;
 * its total and next in *total and next (size bytes, "" for null). */
static void treaty_page(struct fixture *f, const char *const *args, char *ids, size_t size,
			long *total, char *next, size_t next_size)
{
	route_answer a;
	char *text;
	assert_int_equal(request(f, "GET", "/v1/treaties", args, NULL, NULL, &a, &text), 200);
	assert_true(a.cacheable);
	json_t *doc = json_loads(text, 0, NULL), *t;
	assert_non_null(doc);
	size_t i, used = 0;
	ids[0] = '\0';
	json_array_foreach(json_object_get(doc, "treaties"), i, t)
	{
		int n = snprintf(ids + used, size - used, "%s%s", i ? "," : "",
				 json_string_value(json_object_get(t, "id")));
		assert_true(n > 0 && (size_t)n < size - used);
		used += (size_t)n;
	}
	assert_int_equal(json_integer_value(json_object_get(doc, "count")),
			 json_array_size(json_object_get(doc, "treaties")));
	*total = (long)json_integer_value(json_object_get(doc, "total"));
	const char *nx = json_string_value(json_object_get(doc, "next"));
	snprintf(next, next_size, "%s", nx ? nx : "");
	json_decref(doc);
	free(text);
}

/* The treaties a page at a time: the pages walk the record's order with
 * the cursor next gives, a search finds by id, name or title whatever the
 * case (and the marks, with the names' fold; in a language, by its titles
 * too), and a bad limit, cursor or search is a 400 that says why. */
static void test_treaty_pages(void **state)
{
	struct fixture *f = *state;
	char ids[512], next[256];
	long total;
	const char *two[] = { "limit=2", NULL };
	treaty_page(f, two, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "apmbc,ccm");
	assert_int_equal(total, 6);
	assert_string_equal(next, "/v1/treaties?limit=2&after=ccm");
	const char *second[] = { "limit=2", "after=ccm", NULL };
	treaty_page(f, second, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccw,ccw-ap2");
	assert_string_equal(next, "/v1/treaties?limit=2&after=ccw-ap2");
	const char *last[] = { "limit=2", "after=ccw-ap2", NULL };
	treaty_page(f, last, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccw-p2,ccw-p5");
	assert_string_equal(next, "");
	const char *past[] = { "after=ccw-p5", NULL };
	treaty_page(f, past, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "");
	assert_int_equal(total, 6);

	/* A search: the total counts the whole register, the page from the
	 * cursor; next keeps the search (encoded). */
	const char *prot[] = { "q=PROTOCOL II", "limit=1", NULL };
	treaty_page(f, prot, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccw-ap2");
	assert_int_equal(total, 2);
	assert_string_equal(next, "/v1/treaties?limit=1&after=ccw-ap2&q=PROTOCOL%20II");
	const char *prot2[] = { "q=PROTOCOL II", "limit=1", "after=ccw-ap2", NULL };
	treaty_page(f, prot2, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccw-p2");
	assert_int_equal(total, 2);
	assert_string_equal(next, "");
	const char *by_id[] = { "q=Ccw-P", NULL };
	treaty_page(f, by_id, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccw-p2,ccw-p5");
	const char *none[] = { "q=no such treaty", NULL };
	treaty_page(f, none, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "");
	assert_int_equal(total, 0);
	assert_string_equal(next, "");

	/* The French titles, folded as the states' names are: "À" is "a". */
	const char *build = getenv("PACTA_BUILD_ROOT");
	char path[4200];
	snprintf(path, sizeof(path), "%s/names.tsv", build ? build : "build");
	pacta_names *names = NULL;
	pacta_error err;
	assert_int_equal(pacta_names_load(path, &names, &err), PACTA_OK);
	f->srv.opt.names = names;
	const char *fr[] = { "q=ARMES A SOUS", "lang=fr", NULL };
	treaty_page(f, fr, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccm");
	const char *fr_marked[] = { "q=armes À sous", "lang=fr", NULL };
	treaty_page(f, fr_marked, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "ccm");
	const char *en[] = { "q=armes a sous", NULL };
	treaty_page(f, en, ids, sizeof(ids), &total, next, sizeof(next));
	assert_string_equal(ids, "");
	route_answer a;
	char *text;
	assert_int_equal(request(f, "GET", "/v1/treaties", fr, NULL, NULL, &a, &text), 200);
	assert_non_null(strstr(text, "\"in_language\": {\n        \"lang\": \"fr\",\n        "
				     "\"title\": \"Convention sur les armes à sous-munitions\""));
	free(text);
	f->srv.opt.names = NULL;
	pacta_names_free(names);

	static const struct {
		const char *arg, *title;
	} bad[] = {
		{ "limit=0", "Bad limit" },	    { "limit=1001", "Bad limit" },
		{ "limit=ten", "Bad limit" },	    { "limit=", "Bad limit" },
		{ "limit=-1", "Bad limit" },	    { "limit=99999999999", "Bad limit" },
		{ "after=nope", "Unknown cursor" }, { "after=", "Unknown cursor" },
		{ "q=\xff", "Bad search" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { bad[i].arg, NULL };
		assert_int_equal(request(f, "GET", "/v1/treaties", args, NULL, NULL, &a, &text),
				 400);
		expect_problem(text, 400);
		assert_non_null(strstr(text, bad[i].title));
		free(text);
	}
	char longq[LISTING_QUERY_MAX + 8] = "q=";
	memset(longq + 2, 'a', LISTING_QUERY_MAX + 1);
	longq[LISTING_QUERY_MAX + 3] = '\0';
	const char *toolong[] = { longq, NULL };
	assert_int_equal(request(f, "GET", "/v1/treaties", toolong, NULL, NULL, &a, &text), 400);
	assert_non_null(strstr(text, "Bad search"));
	free(text);
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
	char *want = pacta_report_status_json(snapshot_status(f->snap, 0), d, NULL, 0);
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
	want = pacta_report_withdrawals_json(snapshot_status(f->snap, 0), d);
	assert_string_equal(text, want);
	free(want);
	free(text);

	/* The bundled record in one page: the report's list, and the page's
	 * fields after it. */
	assert_int_equal(request(f, "HEAD", "/v1/treaties", NULL, NULL, NULL, &a, &text), 200);
	want = pacta_report_treaties_json(f->snap->rec);
	json_t *got = json_loads(text, 0, NULL), *all = json_loads(want, 0, NULL);
	assert_true(json_equal(json_object_get(got, "treaties"), json_object_get(all, "treaties")));
	assert_int_equal(json_integer_value(json_object_get(got, "count")), 6);
	assert_int_equal(json_integer_value(json_object_get(got, "total")), 6);
	assert_true(json_is_null(json_object_get(got, "next")));
	assert_int_equal(json_object_size(got), 5);
	json_decref(got);
	json_decref(all);
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

	/* An act dated after today: refused with the reason, unless
	 * ?allow_future=true (then judged as any act: here by the checks, as
	 * a second accession after the one below would be; it is refused for
	 * a signature the state never made). */
	const char *future = "{\"state\":\"USA\",\"action\":\"ratification\","
			     "\"date\":\"2999-01-01\",\"source_url\":\"https://example.org/usa\"}";
	assert_int_equal(request(f, "POST", path, NULL, future, auth, &a, &text), 422);
	assert_non_null(strstr(text, "after today"));
	assert_non_null(strstr(text, "allow_future=true"));
	free(text);
	const char *const bogus[] = { "allow_future=yes", NULL };
	assert_int_equal(request(f, "POST", path, bogus, future, auth, &a, &text), 400);
	assert_non_null(strstr(text, "allow_future"));
	free(text);
	const char *const allow[] = { "allow_future=true", NULL };
	assert_int_equal(request(f, "POST", path, allow, future, auth, &a, &text), 422);
	assert_null(strstr(text, "after today"));
	free(text);
	/* Every bad act of a request is named, each with its place. */
	assert_int_equal(request(f, "POST", path, NULL,
				 "[{\"state\":\"XYZ\",\"action\":\"accession\",\"date\":\"2026-06-01\","
				 "\"source_url\":\"https://example.org/a\"},"
				 "{\"state\":\"USA\",\"action\":\"rejoin\",\"date\":\"2026-06-01\","
				 "\"source_url\":\"https://example.org/a\"}]",
				 auth, &a, &text),
			 400);
	assert_non_null(strstr(text, "request:2"));
	assert_non_null(strstr(text, "request:3"));
	assert_non_null(strstr(text, "2 bad rows"));
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
	assert_int_equal(pacta_status_on(snapshot_status(f->srv.snap, 0), (uint32_t)usa, d, NULL),
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

/* Appends s to *all (a growing string); asserts it was built. */
static void gather(char **all, size_t *len, char *s)
{
	assert_non_null(s);
	size_t n = strlen(s);
	char *grown = realloc(*all, *len + n + 2);
	assert_non_null(grown);
	memcpy(grown + *len, s, n);
	grown[*len + n] = '\n';
	grown[*len + n + 1] = '\0';
	*all = grown;
	*len += n + 1;
	free(s);
}

/* Every answer of one treaty of snapshot s: its status and parties on a
 * few days, and each participant's timeline and explanation today. */
static char *treaty_answers(const snapshot *s, uint32_t t)
{
	static const char *const days[] = { "1999-03-01", "2026-06-02", "2027-06-01" };
	const pacta_treaty_status *ts = snapshot_status(s, t);
	char *all = NULL;
	size_t len = 0;
	pacta_error err;
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		pacta_day d;
		assert_true(pacta_date_parse(days[i], 10, &d));
		gather(&all, &len, pacta_report_status_json(ts, d, NULL, 0));
		gather(&all, &len, pacta_report_parties_json(ts, d, NULL));
	}
	for (uint32_t p = 0; p < s->rec->n_participants; p++) {
		pacta_explanation ex;
		gather(&all, &len, pacta_report_timeline_json(ts, p));
		assert_int_equal(pacta_explain(ts, p, pacta_date_today(), &ex, &err), PACTA_OK);
		gather(&all, &len, pacta_report_explain_json(ts, p, &ex));
		pacta_explanation_free(&ex);
	}
	return all;
}

/* The data package's acts of rec, as one string. */
static char *acts_resource(const pacta_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	pacta_error err;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	assert_int_equal(pacta_datapackage_write_resource(rec, "acts", pacta_date_today(), out,
							  &err),
			 PACTA_OK);
	assert_int_equal(fclose(out), 0);
	return buf;
}

/* The answers of every treaty of s, one string each. */
static char **answers(const snapshot *s)
{
	char **a = calloc(s->rec->n_treaties, sizeof(*a));
	assert_non_null(a);
	for (uint32_t t = 0; t < s->rec->n_treaties; t++)
		a[t] = treaty_answers(s, t);
	return a;
}

static void answers_free(char **a, size_t n)
{
	for (size_t t = 0; t < n; t++)
		free(a[t]);
	free(a);
}

/* Is every answer of a the same as b's? Names the first that is not. */
static bool same_answers(char **a, char **b, const pacta_record *rec)
{
	for (uint32_t t = 0; t < rec->n_treaties; t++)
		if (strcmp(a[t], b[t]) != 0) {
			print_error("%s answers differently\n", rec->treaties[t].id);
			return false;
		}
	return true;
}

/* A participant that is a state with no act under treaty t of rec. */
static const char *without_acts(const pacta_record *rec, const char *treaty)
{
	int32_t t = pacta_record_treaty_by_id(rec, treaty);
	assert_true(t >= 0);
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		size_t first, last;
		pacta_record_acts_of(rec, (uint32_t)t, p, &first, &last);
		if (first == last && rec->participants[p].kind == PACTA_KIND_STATE &&
		    rec->participants[p].un_member_since != PACTA_DAY_NONE)
			return rec->participants[p].iso3;
	}
	fail();
	return NULL;
}

/* A write goes to a version derived from the snapshot's record: the new
 * snapshot compiles only the treaties whose acts changed (and the
 * protocols that require them) and answers exactly as a snapshot of the
 * store loaded afresh does, while a snapshot held from before answers as
 * it did: an accession, a withdrawal, and an accession to a treaty with
 * protocols. */
static void test_writes_incremental(void **state)
{
	struct fixture *f = *state;
	route_answer a;
	char *text, auth[PACTA_TOKEN_BUFSZ + 8], body[512], path[64];
	pacta_error err;
	snprintf(auth, sizeof(auth), "Bearer %s", f->token);

	snapshot *held = snapshot_acquire(f->srv.snap);
	size_t nt = held->rec->n_treaties;
	char **before = answers(held);

	/* A party to apmbc on 2026-06-01, which withdraws that day. */
	int32_t apmbc = pacta_record_treaty_by_id(held->rec, "apmbc");
	pacta_day day;
	assert_true(pacta_date_parse("2026-06-01", 10, &day));
	const char *party = NULL;
	for (uint32_t p = 0; !party && p < held->rec->n_participants; p++)
		if (pacta_status_on(snapshot_status(held, (uint32_t)apmbc), p, day, NULL) == PACTA_STATUS_PARTY &&
		    held->rec->participants[p].kind == PACTA_KIND_STATE)
			party = held->rec->participants[p].iso3;
	assert_non_null(party);

	struct {
		const char *treaty, *state, *action;
		size_t recompiled; /* the treaty and the protocols that require it */
	} writes[] = {
		{ "apmbc", without_acts(held->rec, "apmbc"), "accession", 1 },
		{ "apmbc", party, "withdrawal", 1 },
		{ "ccw", without_acts(held->rec, "ccw"), "accession", 4 },
	};
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		snprintf(path, sizeof(path), "/v1/treaties/%s/acts", writes[i].treaty);
		snprintf(body, sizeof(body),
			 "{\"state\":\"%s\",\"action\":\"%s\",\"date\":\"2026-06-01\","
			 "\"source_url\":\"https://example.org/w%zu\"}",
			 writes[i].state, writes[i].action, i);
		unsigned status = request(f, "POST", path, NULL, body, auth, &a, &text);
		if (status != 201)
			print_error("write %zu: %s\n", i, text);
		assert_int_equal(status, 201);
		free(text);

		snapshot *now = f->srv.snap;
		assert_int_equal(pacta_record_version(now->rec), i + 1);
		assert_int_equal(now->recompiled, writes[i].recompiled);
		pacta_record *rec;
		snapshot *fresh;
		assert_int_equal(pacta_store_load(f->srv.store, &rec, &err), PACTA_OK);
		assert_int_equal(snapshot_new(f->srv.store, rec, &fresh, &err), PACTA_OK);
		size_t live = 0;
		for (size_t k = 0; k < now->rec->n_acts; k++)
			live += pacta_record_act_live(now->rec, k);
		assert_int_equal(live, fresh->rec->n_acts);
		char *acts_now = acts_resource(now->rec), *acts_fresh = acts_resource(fresh->rec);
		assert_string_equal(acts_now, acts_fresh);
		free(acts_now);
		free(acts_fresh);
		char **want = answers(fresh), **got = answers(now);
		assert_true(same_answers(got, want, now->rec));
		answers_free(want, nt);
		answers_free(got, nt);
		snapshot_release(fresh);
	}
	/* The snapshot held from before the writes answers as it did. */
	char **after = answers(held);
	assert_true(same_answers(after, before, held->rec));
	answers_free(after, nt);
	answers_free(before, nt);
	snapshot_release(held);
}

/* An act of treaty t by the first state without acts under it, on day,
 * added to a version derived from s's record and finished. */
static pacta_record *version_with_act(snapshot *s, int32_t t, pacta_action action, const char *day)
{
	pacta_error err;
	pacta_record *v = NULL;
	pacta_act a;
	pacta_act_init(&a);
	a.treaty = (uint32_t)t;
	a.participant = (uint32_t)pacta_record_participant_by_iso3(
		s->rec, without_acts(s->rec, "apmbc"));
	a.action = action;
	assert_true(pacta_date_parse(day, 10, &a.date));
	a.source_url = "https://example.org/version";
	a.origin = "test";
	assert_int_equal(pacta_record_derive(s->rec, &v, &err), PACTA_OK);
	assert_int_equal(pacta_record_add_act(v, &a, &err), PACTA_OK);
	assert_int_equal(pacta_record_finish(v, &err), PACTA_OK);
	return v;
}

/* The loaded record's statuses lie in shared blocks; a write's snapshot
 * compiles the treaty it touched into a block of its own and shares every
 * other status with the snapshot before. Either snapshot may go first: the
 * one left answers as it did (the sanitizers see any use after a free). */
static void test_snapshot_shared_blocks(void **state)
{
	struct fixture *f = *state;
	pacta_error err;
	for (int order = 0; order < 2; order++) {
		pacta_record *rec = NULL;
		snapshot *old = NULL, *now = NULL;
		assert_int_equal(pacta_store_load(f->srv.store, &rec, &err), PACTA_OK);
		assert_int_equal(snapshot_new(f->srv.store, rec, &old, &err), PACTA_OK);
		size_t nt = old->rec->n_treaties;
		assert_int_equal(old->recompiled, nt);
		assert_non_null(old->batches[0]->blocks);
		char **before = answers(old);

		int32_t t = pacta_record_treaty_by_id(old->rec, "apmbc");
		assert_true(t >= 0);
		pacta_record *v = version_with_act(old, t, PACTA_ACT_ACCESSION, "2026-06-01");
		assert_int_equal(snapshot_update(f->srv.store, old, v, &now, &err), PACTA_OK);
		assert_int_equal(now->recompiled, 1);
		for (size_t k = 0; k < nt; k++)
			if (k == (size_t)t)
				assert_ptr_not_equal(snapshot_status(now, (uint32_t)k), snapshot_status(old, (uint32_t)k));
			else
				assert_ptr_equal(snapshot_status(now, (uint32_t)k), snapshot_status(old, (uint32_t)k));
		char **after = answers(now);
		assert_true(strcmp(after[t], before[t]) != 0);

		snapshot *first = order ? now : old, *left = order ? old : now;
		char **want = order ? before : after;
		snapshot_release(first);
		char **still = answers(left);
		assert_true(same_answers(still, want, left->rec));
		answers_free(still, nt);
		snapshot_release(left);
		answers_free(before, nt);
		answers_free(after, nt);
	}
}

/* The bundled record with `extra` more treaties, copies of apmbc's rules
 * under ids "x<i>", finished. */
static pacta_record *record_with_treaties(int extra)
{
	const char *root = getenv("PACTA_SOURCE_ROOT");
	char path[4096], id[32];
	pacta_error err;
	pacta_record *rec = pacta_record_new();
	assert_non_null(root);
	assert_non_null(rec);
	snprintf(path, sizeof(path), "%s/data", root);
	assert_int_equal(pacta_record_load_dir(rec, path, &err), PACTA_OK);
	snprintf(path, sizeof(path), "%s/data/treaties/apmbc.json", root);
	FILE *in = fopen(path, "rb");
	assert_non_null(in);
	static char text[1 << 16], copy[(1 << 16) + 64];
	size_t len = fread(text, 1, sizeof(text) - 1, in);
	fclose(in);
	text[len] = '\0';
	const char *at = strstr(text, "\"id\": \"apmbc\"");
	assert_non_null(at);
	for (int i = 0; i < extra; i++) {
		snprintf(id, sizeof(id), "\"id\": \"x%d\"", i);
		int n = snprintf(copy, sizeof(copy), "%.*s%s%s", (int)(at - text), text, id,
				 at + strlen("\"id\": \"apmbc\""));
		assert_true(n > 0 && (size_t)n < sizeof(copy));
		assert_int_equal(pacta_record_add_treaty(rec, copy, (size_t)n, "x.json", &err),
				 PACTA_OK);
	}
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	return rec;
}

/* Each treaty's status answer in s on one day, one string each (lighter
 * than answers(), for a register of a thousand treaties). */
static char **statuses(const snapshot *s)
{
	pacta_day d;
	assert_true(pacta_date_parse("2027-06-01", 10, &d));
	char **a = calloc(s->rec->n_treaties, sizeof(*a));
	assert_non_null(a);
	for (uint32_t t = 0; t < s->rec->n_treaties; t++) {
		a[t] = pacta_report_status_json(snapshot_status(s, t), d, NULL, 0);
		assert_non_null(a[t]);
	}
	return a;
}

/* A snapshot made for a write shares the slices of the one before but the
 * one it compiled a treaty of again, which it copies; a slice only it
 * names it writes in place; a slice goes with the last snapshot naming it,
 * whichever goes first (the sanitizers see any use after a free), and each
 * answers as it did. On a register past one slice. */
static void test_snapshot_shares_slices(void **state)
{
	pacta_error err;
	snapshot *s0 = NULL, *s1 = NULL, *s2 = NULL;
	(void)state;
	pacta_record *rec = record_with_treaties((int)SNAPSHOT_SLICE + 4);
	size_t nt = rec->n_treaties;
	assert_true(nt > SNAPSHOT_SLICE);
	assert_int_equal(snapshot_new(NULL, rec, &s0, &err), PACTA_OK);
	assert_int_equal(s0->n_slices, 2);
	int32_t t0 = pacta_record_treaty_by_id(s0->rec, "apmbc");
	/* The last treaty, in the second slice. */
	int32_t t1 = pacta_record_treaty_by_id(s0->rec, "x1027");
	assert_true(t0 >= 0 && (size_t)t0 < SNAPSHOT_SLICE);
	assert_true(t1 >= 0 && (size_t)t1 == nt - 1);
	char **answers0 = statuses(s0);

	/* A write to apmbc: slice 0 copied, slice 1 shared. */
	assert_int_equal(snapshot_update(NULL, s0,
					 version_with_act(s0, t0, PACTA_ACT_ACCESSION, "2026-06-01"),
					 &s1, &err),
			 PACTA_OK);
	assert_ptr_not_equal(s1->slices[0], s0->slices[0]);
	assert_ptr_equal(s1->slices[1], s0->slices[1]);
	assert_int_equal(atomic_load(&s0->slices[0]->refs), 1);
	assert_int_equal(atomic_load(&s1->slices[1]->refs), 2);
	for (size_t k = 0; k < nt; k++)
		if (k != (size_t)t0)
			assert_ptr_equal(snapshot_status(s1, (uint32_t)k),
					 snapshot_status(s0, (uint32_t)k));
	assert_ptr_not_equal(snapshot_status(s1, (uint32_t)t0), snapshot_status(s0, (uint32_t)t0));
	char **answers1 = statuses(s1);
	assert_true(strcmp(answers1[t0], answers0[t0]) != 0);

	/* s0 goes: s1 alone names its slices; a write to x1027 copies slice
	 * 1 (s2 and s1 name it), and slice 0 is s1's, shared with s2. */
	snapshot_release(s0);
	assert_int_equal(atomic_load(&s1->slices[1]->refs), 1);
	const snapshot_slice *kept = s1->slices[0];
	assert_int_equal(snapshot_update(NULL, s1,
					 version_with_act(s1, t1, PACTA_ACT_ACCESSION, "2026-07-01"),
					 &s2, &err),
			 PACTA_OK);
	assert_ptr_equal(s2->slices[0], kept);
	assert_int_equal(atomic_load(&kept->refs), 2);
	assert_ptr_not_equal(s2->slices[1], s1->slices[1]);
	char **answers2 = statuses(s2);
	for (size_t k = 0; k < nt; k++)
		if (k != (size_t)t1)
			assert_string_equal(answers2[k], answers1[k]);
	assert_true(strcmp(answers2[t1], answers1[t1]) != 0);
	/* s1 goes first this time; s2 answers as it did. */
	snapshot_release(s1);
	assert_int_equal(atomic_load(&kept->refs), 1);
	char **again = statuses(s2);
	for (size_t k = 0; k < nt; k++)
		assert_string_equal(again[k], answers2[k]);
	answers_free(answers0, nt);
	answers_free(answers1, nt);
	answers_free(answers2, nt);
	answers_free(again, nt);
	snapshot_release(s2);
}

/* A long run of writes, each to a treaty of its own, keeps a few versions
 * of the record: past SNAPSHOT_MAX_VERSIONS, the oldest write's statuses
 * are compiled again on the newest and its batch goes (its slot taken by
 * a later one); every treaty answers as it did when it was written. */
static void test_snapshot_keeps_few_versions(void **state)
{
	enum { WRITES = SNAPSHOT_MAX_VERSIONS + 4 };
	pacta_error err;
	char id[16], *written[WRITES];
	int32_t t[WRITES];
	(void)state;
	pacta_record *rec = record_with_treaties(WRITES);
	snapshot *s = NULL;
	assert_int_equal(snapshot_new(NULL, rec, &s, &err), PACTA_OK);
	for (int i = 0; i < WRITES; i++) {
		snprintf(id, sizeof(id), "x%d", i);
		t[i] = pacta_record_treaty_by_id(s->rec, id);
		assert_true(t[i] >= 0);
		snapshot *next = NULL;
		assert_int_equal(snapshot_update(NULL, s,
						 version_with_act(s, t[i], PACTA_ACT_ACCESSION,
								  "2026-06-01"),
						 &next, &err),
				 PACTA_OK);
		snapshot_release(s);
		s = next;
		pacta_day d;
		assert_true(pacta_date_parse("2027-06-01", 10, &d));
		written[i] = pacta_report_status_json(snapshot_status(s, (uint32_t)t[i]), d, NULL, 0);
		/* The loaded record's batch, at most SNAPSHOT_MAX_VERSIONS
		 * older writes' and this one's. */
		size_t live = 0, older = 0;
		for (int b = 0; b < SNAPSHOT_MAX_BATCHES; b++) {
			if (!s->batches[b])
				continue;
			live++;
			assert_true(s->uses[b] > 0);
			uint64_t v = pacta_record_version(s->batches[b]->rec);
			older += v != 0 && v != pacta_record_version(s->rec);
		}
		assert_true(older <= SNAPSHOT_MAX_VERSIONS);
		assert_int_equal(live, older + 2);
	}
	/* The first writes' statuses were compiled again on a later version,
	 * and each answers as when it was written. */
	for (int i = 0; i < WRITES; i++) {
		pacta_day d;
		assert_true(pacta_date_parse("2027-06-01", 10, &d));
		char *now = pacta_report_status_json(snapshot_status(s, (uint32_t)t[i]), d, NULL, 0);
		assert_string_equal(now, written[i]);
		free(now);
		free(written[i]);
	}
	const pacta_record *first = pacta_treaty_status_record(snapshot_status(s, (uint32_t)t[0]));
	assert_true(pacta_record_version(first) > 1);
	snapshot_release(s);
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

/* ---- The gate, on socket pairs ---- */

static struct sockaddr_in v4(const char *text)
{
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, text, &a.sin_addr), 1);
	return a;
}

static struct sockaddr_in6 v6(const char *text)
{
	struct sockaddr_in6 a;
	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, text, &a.sin6_addr), 1);
	return a;
}

/* A connection the gate keeps, on one end of a socket pair; the test
 * reads the other end to see whether the gate shut it down. */
typedef struct pair {
	int mine, peer;
	gate_conn *c;
} pair;

static void pair_open(gate *g, pair *p, const void *addr, socklen_t len)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	p->mine = sv[0];
	p->peer = sv[1];
	assert_true(gate_admit(g, addr, len));
	p->c = gate_opened(g, p->mine, addr, len);
	assert_non_null(p->c);
}

/* Has the gate shut this connection down (the peer reads its end)? Waits
 * up to wait_ms for it. */
static bool pair_shut(const pair *p, int wait_ms)
{
	struct pollfd pfd = { .fd = p->peer, .events = POLLIN };
	char b;
	return poll(&pfd, 1, wait_ms) == 1 && recv(p->peer, &b, 1, MSG_DONTWAIT) == 0;
}

/* Where the gate tests' log goes. */
static FILE *quiet;

static void pair_close(gate *g, pair *p)
{
	gate_closed(g, p->c);
	close(p->mine);
	close(p->peer);
}

static void test_gate_limits(void **state)
{
	(void)state;
	gate *g;
	pacta_error err;
	gate_counts n;
	const gate_limits lim = {
		.connections = 8, .per_address = 3, .reserve = 2, .small = 2, .deadline_ms = 600000
	};
	struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2"), c = v4("192.0.2.3"),
			   d = v4("192.0.2.4");
	pair pa[4], pb[2], pc[2], pd;
	assert_int_equal(gate_new(&lim, quiet, &g, &err), PACTA_OK);

	/* An address at its limit trades its oldest waiting connection. */
	for (int i = 0; i < 3; i++)
		pair_open(g, &pa[i], &a, sizeof(a));
	gate_busy(g, pa[1].c); /* answering: not to be closed */
	pair_open(g, &pa[3], &a, sizeof(a));
	assert_true(pair_shut(&pa[0], 0));
	assert_false(pair_shut(&pa[1], 0));
	assert_false(pair_shut(&pa[2], 0));
	/* Now 1 is busy and 2, 3 wait: 2 goes next. */
	gate_closed(g, pa[0].c);
	pa[0].c = NULL;
	gate_get_counts(g, &n);
	assert_int_equal(n.open, 3);
	assert_int_equal(n.evicted, 1);
	/* With none of its connections waiting, it is refused. */
	gate_busy(g, pa[2].c);
	gate_busy(g, pa[3].c);
	assert_false(gate_admit(g, (struct sockaddr *)&a, sizeof(a)));
	gate_get_counts(g, &n);
	assert_int_equal(n.refused, 1);
	gate_waiting(g, pa[2].c); /* answered, kept alive: waits again */

	/* The reserve: at 6 of 8, an address with 2 or more trades its own;
	 * one with fewer comes in. */
	for (int i = 0; i < 2; i++)
		pair_open(g, &pb[i], &b, sizeof(b));
	pair_open(g, &pc[0], &c, sizeof(c));
	gate_get_counts(g, &n);
	assert_int_equal(n.open, 6);
	assert_true(gate_admit(g, (struct sockaddr *)&b, sizeof(b)));
	assert_true(pair_shut(&pb[0], 0));
	assert_false(pair_shut(&pb[1], 0));
	pair_open(g, &pc[1], &c, sizeof(c)); /* c held 1: in */
	pair_open(g, &pd, &d, sizeof(d));    /* new: in, the last slot */
	gate_get_counts(g, &n);
	assert_int_equal(n.open, 7);
	assert_int_equal(n.addresses, 4);

	/* Full: a newcomer replaces the connection that has waited longest,
	 * a's third, waiting for its next request since its answer. */
	struct sockaddr_in e = v4("192.0.2.5");
	pair pe;
	pair_open(g, &pe, &e, sizeof(e));
	gate_get_counts(g, &n);
	assert_int_equal(n.open, 8);
	assert_true(gate_admit(g, (struct sockaddr *)&e, sizeof(e)));
	assert_true(pair_shut(&pa[2], 0));
	assert_false(pair_shut(&pb[1], 0));
	assert_false(pair_shut(&pa[3], 0));

	for (int i = 0; i < 4; i++)
		pair_close(g, &pa[i]);
	pair_close(g, &pb[0]);
	pair_close(g, &pb[1]);
	pair_close(g, &pc[0]);
	pair_close(g, &pc[1]);
	pair_close(g, &pd);
	pair_close(g, &pe);
	gate_get_counts(g, &n);
	assert_int_equal(n.open, 0);
	assert_int_equal(n.waiting, 0);
	assert_int_equal(n.addresses, 0);
	gate_free(g);
}

/* IPv6 addresses count by /64; IPv4 mapped into IPv6 counts as IPv4. */
static void test_gate_addresses(void **state)
{
	(void)state;
	gate *g;
	pacta_error err;
	gate_counts n;
	const gate_limits lim = { .connections = 100,
				  .per_address = 1,
				  .reserve = 0,
				  .small = 1,
				  .deadline_ms = 600000 };
	struct sockaddr_in6 x1 = v6("2001:db8:1:2::1"), x2 = v6("2001:db8:1:2:ffff::9"),
			    y = v6("2001:db8:1:3::1"), m = v6("::ffff:192.0.2.7");
	struct sockaddr_in m4 = v4("192.0.2.7");
	pair p[4];
	assert_int_equal(gate_new(&lim, quiet, &g, &err), PACTA_OK);
	pair_open(g, &p[0], &x1, sizeof(x1));
	pair_open(g, &p[1], &x2, sizeof(x2)); /* same /64: trades x1's */
	assert_true(pair_shut(&p[0], 0));
	pair_open(g, &p[2], &y, sizeof(y)); /* another /64 */
	assert_false(pair_shut(&p[1], 0));
	pair_open(g, &p[3], &m, sizeof(m));
	gate_busy(g, p[3].c);
	assert_false(gate_admit(g, (struct sockaddr *)&m4, sizeof(m4)));
	gate_get_counts(g, &n);
	assert_int_equal(n.addresses, 3);
	for (int i = 0; i < 4; i++)
		pair_close(g, &p[i]);
	gate_free(g);
}

/* A connection that has not sent its request by the deadline is shut
 * down, whatever it sent meanwhile; one being answered is not. */
static void test_gate_deadline(void **state)
{
	(void)state;
	gate *g;
	pacta_error err;
	gate_counts n;
	const gate_limits lim = {
		.connections = 10, .per_address = 10, .reserve = 0, .small = 1, .deadline_ms = 100
	};
	struct sockaddr_in a = v4("192.0.2.1");
	pair slow, busy;
	assert_int_equal(gate_new(&lim, quiet, &g, &err), PACTA_OK);
	pair_open(g, &slow, &a, sizeof(a));
	pair_open(g, &busy, &a, sizeof(a));
	gate_busy(g, busy.c);
	assert_true(pair_shut(&slow, 10000));
	assert_false(pair_shut(&busy, 300));
	gate_get_counts(g, &n);
	assert_int_equal(n.late, 1);
	assert_int_equal(n.open, 1);
	pair_close(g, &slow);
	pair_close(g, &busy);
	gate_free(g);
}

/* At most GATE_LOG_PER_SECOND lines a second, then one summary line;
 * control characters never reach the terminal. */
static void test_gate_log(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	gate_log l;
	assert_non_null(f);
	gate_log_init(&l, f);
	for (int i = 0; i < 100; i++)
		gate_log_line(&l, 5000 + i, "client %d went away\n", i);
	gate_log_flush(&l, 5500); /* the second is not over: nothing yet */
	gate_log_line(&l, 6200, "a \x1b[31mred\x1b[0m line");
	gate_log_flush(&l, 7300);
	gate_log_destroy(&l);
	fclose(f);
	size_t lines = 0;
	for (const char *p = buf; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, GATE_LOG_PER_SECOND + 2);
	assert_non_null(strstr(buf, "pacta: client 9 went away\n"));
	assert_null(strstr(buf, "client 10 "));
	assert_non_null(strstr(buf,
			       "pacta: 90 more lines about clients left out of the log in 2 s\n"
			       "pacta: a ?[31mred?[0m line\n"));
	free(buf);
}

/* ---- The service on loopback sockets ---- */

/* One database for every test that starts a server. */
static char live_db[64];

static void live_db_make(void)
{
	if (live_db[0])
		return;
	const char *root = getenv("PACTA_SOURCE_ROOT");
	char dir[4096];
	pacta_error err;
	pacta_store *st = NULL;
	pacta_record *rec = pacta_record_new();
	assert_non_null(root);
	assert_non_null(rec);
	snprintf(dir, sizeof(dir), "%s/data", root);
	snprintf(live_db, sizeof(live_db), "test-server-live-%ld.db", (long)getpid());
	unlink(live_db);
	assert_int_equal(pacta_record_load_dir(rec, dir, &err), PACTA_OK);
	assert_int_equal(pacta_store_open(live_db, true, &st, &err), PACTA_OK);
	assert_int_equal(pacta_store_replace(st, rec, "tester", "fixture", &err), PACTA_OK);
	pacta_store_close(st);
	pacta_record_free(rec);
}

static void live_db_remove(void)
{
	char p[80];
	if (!live_db[0])
		return;
	unlink(live_db);
	snprintf(p, sizeof(p), "%s-wal", live_db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", live_db);
	unlink(p);
}

typedef struct live {
	pacta_server *srv;
	uint16_t port;
	char log_path[64];
	FILE *log;
} live;

static void live_start(live *lv, unsigned request_timeout_s)
{
	server_options o;
	pacta_error err;
	memset(&o, 0, sizeof(o));
	memset(lv, 0, sizeof(*lv));
	live_db_make();
	snprintf(lv->log_path, sizeof(lv->log_path), "test-server-log-%ld.txt", (long)getpid());
	lv->log = fopen(lv->log_path, "w");
	assert_non_null(lv->log);
	o.db_path = live_db;
	o.request_timeout_s = request_timeout_s;
	o.log = lv->log;
	if (server_start(&o, &lv->srv, &err) != PACTA_OK)
		fail_msg("server_start: %s: %s", err.where, err.message);
	lv->port = server_port(lv->srv);
}

/* Stops the server; returns the lines it logged (freed by the caller). */
static char *live_stop(live *lv)
{
	server_stop(lv->srv);
	fclose(lv->log);
	FILE *f = fopen(lv->log_path, "r");
	assert_non_null(f);
	char *text = calloc(1, 1 << 20);
	assert_non_null(text);
	size_t n = fread(text, 1, (1 << 20) - 1, f);
	text[n] = '\0';
	fclose(f);
	unlink(lv->log_path);
	return text;
}

static long long mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* POSTs one act of the USA to apmbc; the answer's status. */
static unsigned post_usa(struct fixture *f, const char *auth, const char *action,
			 const char *date)
{
	route_answer a;
	char body[256], *text;
	snprintf(body, sizeof(body),
		 "{\"state\":\"USA\",\"action\":\"%s\",\"date\":\"%s\","
		 "\"source_url\":\"https://example.org/usa\"}",
		 action, date);
	unsigned status = request(f, "POST", "/v1/treaties/apmbc/acts", NULL, body, auth, &a, &text);
	free(text);
	return status;
}

/* The service's writes leave the log to its checkpointer: a POST that
 * makes the log pass its size (one page here) is followed by a
 * checkpoint on the checkpointer's thread that copies the whole log. A
 * checkpointer that cannot open the file is refused; one stopped gives
 * the writer its automatic checkpoint back (under ASan a hook left
 * behind would be a use after free at the next write). */
static void test_checkpointer(void **state)
{
	struct fixture *f = *state;
	char auth[PACTA_TOKEN_BUFSZ + 8];
	checkpointer *c = NULL;
	gate_log lg;
	pacta_error err;
	long long runs = 0, whole = 0;
	FILE *log = tmpfile();
	assert_non_null(log);
	gate_log_init(&lg, log);
	snprintf(auth, sizeof(auth), "Bearer %s", f->token);

	assert_int_not_equal(
		checkpointer_start(f->srv.store, "no-such-folder/pacta.db", 1, &lg, &c, &err),
		PACTA_OK);
	assert_null(c);
	assert_int_equal(checkpointer_start(f->srv.store, f->path, 1, &lg, &c, &err), PACTA_OK);
	checkpointer_counts(c, &runs, &whole);
	assert_int_equal(runs, 0);
	assert_int_equal(post_usa(f, auth, "accession", "2026-06-01"), 201);
	long long end = mono_ms() + 10000;
	while (whole == 0 && mono_ms() < end) {
		struct timespec pause = { 0, 5000000 };
		nanosleep(&pause, NULL);
		checkpointer_counts(c, &runs, &whole);
	}
	assert_true(runs >= 1);
	assert_true(whole >= 1);
	checkpointer_stop(c);
	checkpointer_stop(NULL);
	assert_int_equal(post_usa(f, auth, "declaration", "2026-06-02"), 201);
	gate_log_destroy(&lg);
	fclose(log);
}

/* A connection to the server from source address src; -1 when refused. */
static int dial(const char *src, uint16_t port)
{
	struct sockaddr_in from = v4(src), to = v4("127.0.0.1");
	to.sin_port = htons(port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&from, sizeof(from)) != 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Reads until the server closes or wait_ms pass; the text read (freed by
 * the caller), or NULL when nothing came. */
static char *read_all(int fd, int wait_ms)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	long long end = mono_ms() + wait_ms;
	assert_non_null(buf);
	for (;;) {
		long long left = end - mono_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&pfd, 1, (int)left) != 1)
			break;
		if (len + 4096 > cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		ssize_t n = recv(fd, buf + len, cap - len - 1, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (!len) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* One request on a fresh connection from src; the whole answer, or NULL. */
static char *exchange(const char *src, uint16_t port, const char *req, size_t len, int wait_ms)
{
	int fd = dial(src, port);
	if (fd < 0)
		return NULL;
	char *out = send_all(fd, req, len) ? read_all(fd, wait_ms) : NULL;
	close(fd);
	return out;
}

static char *get(uint16_t port, const char *target)
{
	char *req = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&req, &len);
	assert_non_null(f);
	fprintf(f, "GET %s HTTP/1.1\r\nHost: pacta\r\nConnection: close\r\n\r\n", target);
	fclose(f);
	char *out = exchange("127.0.0.1", port, req, len, 10000);
	free(req);
	return out;
}

static void expect_status(const char *answer, unsigned status)
{
	char want[32];
	snprintf(want, sizeof(want), "HTTP/1.1 %u ", status);
	if (!answer)
		fail_msg("no answer, expected %u", status);
	if (strncmp(answer, want, strlen(want)) != 0)
		fail_msg("expected %u, got: %.200s", status, answer);
}

/* The headers every answer carries, the library's own pages included. */
static void expect_security_headers(const char *answer)
{
	static const char *const h[] = {
		"\r\nContent-Security-Policy: default-src 'self';",
		"\r\nX-Content-Type-Options: nosniff\r\n",
		"\r\nReferrer-Policy: no-referrer\r\n",
		"\r\nX-Frame-Options: DENY\r\n",
	};
	for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		if (!strstr(answer, h[i]))
			fail_msg("no %s in: %.400s", h[i] + 2, answer);
}

static void expect_problem_answer(const char *answer, unsigned status)
{
	expect_status(answer, status);
	expect_security_headers(answer);
	assert_non_null(strstr(answer, "\r\nContent-Type: application/problem+json\r\n"));
	const char *body = strstr(answer, "\r\n\r\n");
	assert_non_null(body);
	expect_problem(body + 4, status);
}

/* Raises the soft limit on descriptors to need, or as far as the hard
 * limit goes; returns the limit in force. */
static rlim_t raise_nofile(rlim_t need)
{
	struct rlimit rl;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < need) {
		rl.rlim_cur =
			rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	return rl.rlim_cur;
}

static int cmp_ms(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* 2,000 connections from 127.0.0.1 .. 127.0.0.6, half idle and half
 * sending a header line now and then, never a whole request: /healthz is
 * still answered, from one of those addresses and from a new one. */
static void test_slow_clients(void **state)
{
	(void)state;
	live lv;
	/* Each connection is a descriptor here and one in the server (which
	 * may hold a quarter more while it closes some). */
	size_t want = RUNNING_ON_VALGRIND ? 300 : 2000, count = want;
	rlim_t have = raise_nofile((rlim_t)want * 5 / 2 + 200);
	if (have < (rlim_t)count * 5 / 2 + 200)
		count = have > 400 ? (size_t)(have - 200) * 2 / 5 : 50;
	if (count != want)
		print_message("# %zu connections, not %zu: the descriptor limit is %llu\n", count,
			      want, (unsigned long long)have);
	live_start(&lv, 0);
	int *fd = malloc(count * sizeof(*fd));
	assert_non_null(fd);
	static const char head[] = "GET /healthz HTTP/1.1\r\nHost: pacta\r\n";
	size_t opened = 0;
	for (size_t i = 0; i < count; i++) {
		char src[16];
		snprintf(src, sizeof(src), "127.0.0.%zu", 1 + i % 6);
		fd[i] = dial(src, lv.port);
		if (fd[i] >= 0) {
			opened++;
			if (i % 2)
				(void)send_all(fd[i], head, sizeof(head) - 1);
		}
	}
	for (size_t i = 1; i < count; i += 2)
		if (fd[i] >= 0)
			(void)send_all(fd[i], "X-Slow: 1\r\n", 11);
	assert_true(opened >= count * 9 / 10);

	long long took[10];
	static const char probe[] =
		"GET /healthz HTTP/1.1\r\nHost: pacta\r\nConnection: close\r\n\r\n";
	for (int i = 0; i < 10; i++) {
		long long t0 = mono_ms();
		char *out = exchange(i % 2 ? "127.0.0.1" : "127.0.0.200", lv.port, probe,
				     sizeof(probe) - 1, 5000);
		took[i] = mono_ms() - t0;
		if (!out)
			fail_msg("probe %d from %s: no answer within 5 s", i,
				 i % 2 ? "127.0.0.1" : "127.0.0.200");
		expect_status(out, 200);
		free(out);
	}
	qsort(took, 10, sizeof(took[0]), cmp_ms);
	print_message("# %zu connections held; /healthz answered in %lld ms (median), %lld ms "
		      "(slowest)\n",
		      opened, took[5], took[9]);
	/* Answered within a second (valgrind makes everything far slower). */
	if (!RUNNING_ON_VALGRIND)
		assert_true(took[5] < 1000);
	gate_counts n;
	gate_get_counts(lv.srv->gate, &n);
	assert_true(n.open <= lv.srv->opt.connection_limit);
	for (size_t i = 0; i < count; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	free(fd);
	free(live_stop(&lv));
}

/* With a deadline of one second: a connection that sends nothing, one
 * that sends a header line every 200 ms, and a kept-alive one that was
 * answered and then says nothing, are all closed well before the idle
 * timeout (30 s); a request sent at once is answered. */
static void test_request_deadline(void **state)
{
	(void)state;
	live lv;
	live_start(&lv, 1);
	int idle = dial("127.0.0.1", lv.port), drip = dial("127.0.0.2", lv.port),
	    kept = dial("127.0.0.3", lv.port);
	assert_true(idle >= 0 && drip >= 0 && kept >= 0);
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: pacta\r\n\r\n";
	assert_true(send_all(kept, req, sizeof(req) - 1));
	char first[512];
	ssize_t n = recv(kept, first, sizeof(first) - 1, 0);
	assert_true(n > 0);
	first[n] = '\0';
	expect_status(first, 200);
	assert_true(send_all(drip, "GET /healthz HTTP/1.1\r\n", 23));

	long long start = mono_ms();
	bool closed[3] = { false, false, false };
	int fds[3] = { idle, drip, kept };
	while (mono_ms() - start < 15000 && !(closed[0] && closed[1] && closed[2])) {
		if (!closed[1] && !send_all(drip, "X-Slow: 1\r\n", 11))
			closed[1] = true;
		for (int i = 0; i < 3; i++) {
			struct pollfd pfd = { .fd = fds[i], .events = POLLIN };
			char b[256];
			if (!closed[i] && poll(&pfd, 1, 0) == 1 &&
			    recv(fds[i], b, sizeof(b), 0) <= 0)
				closed[i] = true;
		}
		struct timespec ts = { 0, 200 * 1000000 };
		nanosleep(&ts, NULL);
	}
	long long took = mono_ms() - start;
	print_message("# closed after %lld ms: idle %d, trickling %d, kept alive %d\n", took,
		      closed[0], closed[1], closed[2]);
	assert_true(closed[0]);
	assert_true(closed[1]);
	assert_true(closed[2]);
	char *out = get(lv.port, "/healthz");
	expect_status(out, 200);
	free(out);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	char *log = live_stop(&lv);
	assert_non_null(strstr(log, "that sent no whole request in 1 s"));
	free(log);
}

/* The raw target: a thousand parameters and an over-long target are 414,
 * control characters (raw or encoded, path or query) 400; each a problem
 * document with the security headers, answered at once. */
static void test_request_targets(void **state)
{
	(void)state;
	live lv;
	live_start(&lv, 0);
	char *target = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&target, &len);
	assert_non_null(f);
	fputs("/v1/treaties/apmbc/status?on=2026-01-01", f);
	for (int i = 0; i < 1000; i++)
		fputs("&a=1", f);
	fclose(f);
	char *out = get(lv.port, target);
	expect_problem_answer(out, 414);
	assert_non_null(strstr(out, "1001 parameters"));
	free(out);
	free(target);

	char *longer = malloc(SERVICE_TARGET_MAX + 100);
	assert_non_null(longer);
	memset(longer, 'a', SERVICE_TARGET_MAX + 99);
	longer[0] = '/';
	longer[SERVICE_TARGET_MAX + 99] = '\0';
	out = get(lv.port, longer);
	expect_problem_answer(out, 414);
	free(out);
	free(longer);

	static const char *const bad[] = {
		"/v1/treaties/apmbc%00/status",
		"/v1/treaties/apmbc%0a/status",
		"/v1/treaties/apmbc%7F/status",
		"/v1/treaties/apmbc/status?on=2026-01-01%00",
		"/v1/treaties/apmbc/status?group=eu%1b",
		"/v1/treaties/apmbc/states/LVA%0d%0aX-Injected:%201",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = get(lv.port, bad[i]);
		expect_problem_answer(out, 400);
		assert_non_null(strstr(out, "control character"));
		free(out);
	}
	/* What is not a control character still goes to the routes. */
	out = get(lv.port, "/v1/treaties/apmbc/status?on=2026-01-01&group=%65u");
	expect_status(out, 200);
	free(out);
	out = get(lv.port, "/v1/treaties/apmbc%zz/status");
	expect_problem_answer(out, 404);
	free(out);
	free(live_stop(&lv));
}

/* A chunked body over the limit is read to its end and answered 413 (a
 * problem document, with the headers), not cut off by a reset. */
static void test_chunked_body_limit(void **state)
{
	(void)state;
	live lv;
	live_start(&lv, 0);
	int fd = dial("127.0.0.1", lv.port);
	assert_true(fd >= 0);
	static const char head[] = "POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: pacta\r\n"
				   "Content-Type: application/json\r\nConnection: close\r\n"
				   "Transfer-Encoding: chunked\r\n\r\n";
	assert_true(send_all(fd, head, sizeof(head) - 1));
	/* 16 MiB: more than the sockets between the two can hold, so the
	 * server must read it. */
	size_t chunk = 64 * 1024;
	char *buf = malloc(chunk + 16);
	assert_non_null(buf);
	int hl = snprintf(buf, 16, "%zx\r\n", chunk);
	memset(buf + hl, ' ', chunk);
	memcpy(buf + hl + chunk, "\r\n", 2);
	for (int i = 0; i < 256; i++)
		if (!send_all(fd, buf, (size_t)hl + chunk + 2))
			fail_msg("the server stopped reading after %d KiB: %s", i * 64,
				 strerror(errno));
	assert_true(send_all(fd, "0\r\n\r\n", 5));
	free(buf);
	char *out = read_all(fd, 10000);
	close(fd);
	expect_problem_answer(out, 413);
	free(out);
	/* And the service goes on. */
	out = get(lv.port, "/healthz");
	expect_status(out, 200);
	free(out);
	free(live_stop(&lv));
}

/* The pages libmicrohttpd writes itself carry the security headers. */
static void test_library_pages(void **state)
{
	(void)state;
	live lv;
	live_start(&lv, 0);
	static const struct {
		const char *head, *tail;
		size_t filler; /* bytes of 'a' between head and tail */
		unsigned status;
	} cases[] = {
		/* A request line larger than the connection's memory. */
		{ "GET /", " HTTP/1.1\r\nHost: pacta\r\n\r\n", 100000, 414 },
		/* A header larger than it. */
		{ "GET /healthz HTTP/1.1\r\nHost: pacta\r\nX-Big: ", "\r\n\r\n", 100000, 431 },
		{ "GET /healthz HTTP/1.1\r\nHost: pacta\r\nno colon here\r\n\r\n", "", 0, 400 },
		{ "POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: pacta\r\nContent-Length: 12x\r\n\r\n",
		  "", 0, 400 },
		{ "POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: pacta\r\n"
		  "Content-Length: 99999999999999999999999\r\n\r\n",
		  "", 0, 413 },
		{ "POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: pacta\r\n"
		  "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
		  "", 0, 400 },
		{ "GET /healthz HTTP/2.5\r\nHost: pacta\r\n\r\n", "", 0, 505 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t h = strlen(cases[i].head), t = strlen(cases[i].tail);
		char *req = malloc(h + cases[i].filler + t);
		assert_non_null(req);
		memcpy(req, cases[i].head, h);
		memset(req + h, 'a', cases[i].filler);
		memcpy(req + h + cases[i].filler, cases[i].tail, t);
		char *out = exchange("127.0.0.1", lv.port, req, h + cases[i].filler + t, 10000);
		free(req);
		if (out && strncmp(out, "HTTP/1.1 ", 9) == 0)
			print_message("# case %zu: %.12s\n", i, out);
		expect_status(out, cases[i].status);
		expect_security_headers(out);
		free(out);
	}
	free(live_stop(&lv));
}

/* 500 connections that go away mid-request, each of which the library
 * reports: the log takes a few lines a second and sums up the rest. */
static void test_log_flood(void **state)
{
	(void)state;
	live lv;
	live_start(&lv, 0);
	long long start = mono_ms();
	for (int i = 0; i < 500; i++) {
		int fd = dial("127.0.0.1", lv.port);
		if (fd < 0)
			continue;
		(void)send_all(fd, "GET /healthz HTTP/1.1\r\nHost:", 28);
		close(fd);
	}
	char *out = get(lv.port, "/healthz");
	expect_status(out, 200);
	free(out);
	long long seconds = (mono_ms() - start) / 1000 + 1;
	char *log = live_stop(&lv);
	size_t lines = 0;
	for (const char *p = log; *p; p++)
		lines += *p == '\n';
	print_message("# %zu lines in %lld s\n", lines, seconds);
	/* Per second: the lines and a summary; one more summary at the stop. */
	assert_true(lines <= (size_t)(seconds + 1) * (GATE_LOG_PER_SECOND + 1) + 1);
	assert_non_null(strstr(log, "more lines about clients left out of the log"));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_dates),
		cmocka_unit_test_setup_teardown(test_answers_are_the_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_treaty_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_state_in_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpointer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_incremental, setup, teardown),
		cmocka_unit_test(test_snapshot_shares_slices),
		cmocka_unit_test(test_snapshot_keeps_few_versions),
		cmocka_unit_test_setup_teardown(test_snapshot_shared_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_judged_whatever_their_dates, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_outside_change, setup, teardown),
		cmocka_unit_test(test_gate_limits),
		cmocka_unit_test(test_gate_addresses),
		cmocka_unit_test(test_gate_deadline),
		cmocka_unit_test(test_gate_log),
		cmocka_unit_test(test_slow_clients),
		cmocka_unit_test(test_request_deadline),
		cmocka_unit_test(test_request_targets),
		cmocka_unit_test(test_chunked_body_limit),
		cmocka_unit_test(test_library_pages),
		cmocka_unit_test(test_log_flood),
	};
	quiet = fopen("/dev/null", "w");
	if (!quiet)
		return 1;
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	fclose(quiet);
	live_db_remove();
	return rc;
}
