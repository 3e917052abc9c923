/*
 * fuzz_routes.c - the HTTP service's routes: any method, path, query
 * parameters and body get an answer, never a crash, and never a server
 * error (500) for something the client sent.
 *
 * The input is lines: the method, the path, then "name=value" query
 * parameters up to an empty line, then the body. The service runs on the
 * small record of tests/torture/data, in a store made once in the
 * temporary directory (test-only state, in this binary).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "pacta/store.h"
#include "service.h"

#define FUZZ_MAX_ARGS 16

static pacta_server *srv;

static const char *arg(void *ctx, const char *name)
{
	const char *const *kv = ctx;
	size_t n = strlen(name);

	for (; kv && *kv; kv++)
		if (strncmp(*kv, name, n) == 0 && (*kv)[n] == '=')
			return *kv + n + 1;
	return NULL;
}

/* The store's file, removed with its log when the process ends. */
static char store_path[512];

static void remove_store(void)
{
	char p[600];
	if (srv) {
		pacta_store_close(srv->store);
		srv->store = NULL;
	}
	unlink(store_path);
	snprintf(p, sizeof(p), "%s-wal", store_path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", store_path);
	unlink(p);
}

static pacta_server *server(void)
{
	static pacta_server s;
	const char *root = getenv("PACTA_SOURCE_ROOT");
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	pacta_record *rec = pacta_record_new();
	snapshot *snap = NULL;
	pacta_error err;

	snprintf(dir, sizeof(dir), "%s/tests/torture/data", root ? root : ".");
	snprintf(store_path, sizeof(store_path), "%s/pacta-fuzz-routes-%ld.db",
		 tmp && *tmp ? tmp : "/tmp", (long)getpid());
	unlink(store_path);
	atexit(remove_store);
	if (!rec || pacta_record_load_dir(rec, dir, &err) != PACTA_OK ||
	    pacta_store_open(store_path, PACTA_STORE_CREATE, &s.store, &err) != PACTA_OK ||
	    pacta_store_replace(s.store, rec, "fuzz", "fuzz", &err) != PACTA_OK)
		fuzz_fail("cannot set up the store (PACTA_SOURCE_ROOT?)");
	pacta_record_free(rec);
	rec = NULL;
	if (pacta_store_load(s.store, &rec, &err) != PACTA_OK ||
	    snapshot_new(s.store, rec, &snap, &err) != PACTA_OK ||
	    pacta_store_data_version(s.store, &s.data_version, &err) != PACTA_OK)
		fuzz_fail("cannot make the snapshot");
	server_options_default(&s.opt);
	pthread_mutex_init(&s.snap_lock, NULL);
	pthread_mutex_init(&s.write_lock, NULL);
	s.snap = snap;
	return &s;
}

/* The next line of [*p, end) as a new string; NULL at the end. */
static char *line(const char **p, const char *end)
{
	const char *nl;
	char *out;

	if (*p >= end)
		return NULL;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (!nl)
		nl = end;
	out = malloc((size_t)(nl - *p) + 1);
	if (!out)
		return NULL;
	memcpy(out, *p, (size_t)(nl - *p));
	out[nl - *p] = '\0';
	*p = nl < end ? nl + 1 : end;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *method, *path, *args[FUZZ_MAX_ARGS + 1] = {0};
	size_t n = 0;
	route_request rq;
	route_answer a;
	snapshot *s;

	if (!srv)
		srv = server();
	method = line(&p, end);
	path = line(&p, end);
	while (n < FUZZ_MAX_ARGS && (args[n] = line(&p, end)) != NULL && args[n][0])
		n++;
	if (n < FUZZ_MAX_ARGS && args[n] && !args[n][0]) {
		free(args[n]);
		args[n] = NULL;
	}
	memset(&rq, 0, sizeof(rq));
	memset(&a, 0, sizeof(a));
	rq.method = method ? method : "GET";
	rq.path = path ? path : "/";
	rq.arg = arg;
	rq.arg_ctx = args;
	rq.body = p;
	rq.body_len = (size_t)(end - p);
	rq.content_type = "application/json";
	s = service_snapshot(srv);
	routes_handle(srv, s, &rq, &a);
	snapshot_release(s);
	if (a.status < 200 || a.status > 599)
		fuzz_fail("an answer without a valid status");
	if (a.status >= 500 && a.status != 503)
		fuzz_fail("a server error for a client's request");
	if (a.len && !a.body && !a.static_body)
		fuzz_fail("an answer with a length and no body");
	free(a.body);
	free(method);
	free(path);
	for (size_t i = 0; i <= FUZZ_MAX_ARGS; i++)
		free(args[i]);
	return 0;
}
