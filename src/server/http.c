/*
 * http.c - the HTTP side of the service on libmicrohttpd: the daemon
 * (epoll, a thread pool, limits), the connections' gate (gate.c) wired to
 * the library's callbacks, the checks on the raw request target, the
 * two-phase request handler, the body cap, conditional requests (ETag,
 * Last-Modified), the answer cache and the security headers every
 * response carries, the library's own error pages included.
 *
 * What this module must never do: queue a response on the first call of
 * a request (MHD 0.9.75 then closes every connection: no keep-alive, a
 * quarter of the throughput), use MHD_PostProcessor, answer without the
 * security headers, or write a line about a client except through the
 * gate's rate-limited log.
 */
/* dlsym(RTLD_NEXT): the library's MHD_queue_response (see below). */
#define _GNU_SOURCE

#include "service.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "encoding.h"
#include "pacta/date.h"

#define CSP                                                                              \
	"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " \
	"frame-ancestors 'none'; form-action 'none'"

void server_options_default(server_options *o)
{
	if (!o->bind)
		o->bind = "127.0.0.1";
	if (!o->threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		o->threads = n > 0 && n < 256 ? (unsigned)n : 2;
	}
	if (!o->connection_limit)
		o->connection_limit = 2048;
	if (!o->per_ip_limit)
		o->per_ip_limit = 256;
	if (!o->timeout_s)
		o->timeout_s = 30;
	if (!o->request_timeout_s)
		o->request_timeout_s = 10;
	if (!o->memory_limit)
		o->memory_limit = 64 * 1024;
	if (!o->body_limit)
		o->body_limit = 256 * 1024;
}

/* ---- Snapshots ---- */

/* Swaps in a snapshot of the store when another process has committed to
 * it since the current one was built. One request thread looks at a time,
 * at most once per SERVICE_STORE_CHECK_MS, and never waits: a write under
 * way builds its own snapshot. The current snapshot stays when the store
 * cannot be read (the next look tries again) and when its record fails
 * the integrity check (logged once; the service is then damaged until a
 * new data version verifies). */
static void refresh_from_store(pacta_server *srv)
{
	long long now = gate_now_ms();
	long long due = atomic_load(&srv->next_store_check_ms);
	snapshot *next = NULL;
	pacta_error err;
	long long version;
	pacta_rc rc;

	if (now < due ||
	    !atomic_compare_exchange_strong(&srv->next_store_check_ms, &due,
					    now + SERVICE_STORE_CHECK_MS))
		return;
	if (pthread_mutex_trylock(&srv->write_lock) != 0)
		return;
	if (pacta_store_data_version(srv->store, &version, &err) == PACTA_OK &&
	    version != srv->data_version) {
		rc = snapshot_load(srv->store, srv->opt.data_dir, &next, &err);
		if (rc == PACTA_OK) {
			srv->data_version = version;
			atomic_store(&srv->damaged, false);
			service_swap(srv, next);
		} else if (version != srv->failed_version) {
			srv->failed_version = version;
			fprintf(stderr, "pacta: the database changed, and its record %s: %s%s%s\n",
				rc == PACTA_ERR_INTEGRITY ? "fails its integrity check" :
							    "cannot be read",
				err.where, err.where[0] ? ": " : "", err.message);
			if (rc == PACTA_ERR_INTEGRITY) {
				srv->data_version = version;
				atomic_store(&srv->damaged, true);
				fprintf(stderr, "pacta: serving the record as last verified; writes "
						"are refused until the database verifies again\n");
			}
		}
	}
	pthread_mutex_unlock(&srv->write_lock);
}

snapshot *service_snapshot(pacta_server *srv)
{
	refresh_from_store(srv);
	pthread_mutex_lock(&srv->snap_lock);
	snapshot *s = snapshot_acquire(srv->snap);
	pthread_mutex_unlock(&srv->snap_lock);
	return s;
}

void service_swap(pacta_server *srv, snapshot *s)
{
	pthread_mutex_lock(&srv->snap_lock);
	snapshot *old = srv->snap;
	srv->snap = s;
	pthread_mutex_unlock(&srv->snap_lock);
	snapshot_release(old);
}

/* ---- A request ---- */

typedef struct request {
	char *body;
	size_t len, cap;
	bool started; /* the handler has seen the request's head */
	/* Past the body limit: the rest of the body is read and dropped,
	 * then the answer is 413. */
	bool too_big;
	/* The raw request target was refused (400, 414): the answer, after
	 * the body (dropped) if any. */
	unsigned refused;
	char why[128];
} request;

/* The connection's place in the gate (set when it was opened). */
static gate_conn *gate_conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *i =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i ? i->socket_context : NULL;
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
		      enum MHD_RequestTerminationCode toe)
{
	pacta_server *srv = cls;
	request *rq = *req_cls;
	if (rq) {
		free(rq->body);
		free(rq);
	}
	*req_cls = NULL;
	/* Answered on a kept-alive connection: the next request's deadline
	 * runs from now. */
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		gate_waiting(srv->gate, gate_conn_of(conn));
}

/* ---- The raw request target ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Refuses, in rq, a target the service will not route: a control
 * character, raw or percent-encoded (the library decodes the path in
 * place, and an encoded NUL would end it: "/v1/treaties/apmbc%00/status"
 * would be answered as "/v1/treaties/apmbc"), a target over
 * SERVICE_TARGET_MAX bytes, or more than SERVICE_PARAMS_MAX parameters. */
static void check_target(const char *t, request *rq)
{
	size_t n = strlen(t), params = 0;
	const char *q = strchr(t, '?');
	if (q && q[1])
		for (params = 1, q++; *q; q++)
			params += *q == '&';
	if (n > SERVICE_TARGET_MAX) {
		rq->refused = 414;
		snprintf(rq->why, sizeof(rq->why),
			 "the request target is %zu bytes long; at most %d are read", n,
			 SERVICE_TARGET_MAX);
		return;
	}
	if (params > SERVICE_PARAMS_MAX) {
		rq->refused = 414;
		snprintf(rq->why, sizeof(rq->why),
			 "the query has %zu parameters; at most %d are read", params,
			 SERVICE_PARAMS_MAX);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)t[i];
		if (t[i] == '%' && hex_value(t[i + 1]) >= 0 && hex_value(t[i + 2]) >= 0)
			c = hex_value(t[i + 1]) * 16 + hex_value(t[i + 2]);
		if (c < 0x20 || c == 0x7f) {
			rq->refused = 400;
			snprintf(rq->why, sizeof(rq->why),
				 "the request target holds a control character (%%%02X) at byte "
				 "%zu",
				 (unsigned)c, i + 1);
			return;
		}
	}
}

/* The library calls this with the raw request target, before it splits
 * off the query and decodes anything; what it returns becomes the
 * request's *req_cls. */
static void *target_seen(void *cls, const char *target, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	request *rq = calloc(1, sizeof(*rq));
	if (!rq)
		return NULL; /* the handler allocates it, and checks nothing */
	if (!target) /* a request line without one */
		return rq;
	check_target(target, rq);
	/* Right after this call the library parses the query into the
	 * connection's memory, and MHD 0.9.75, when that runs out (a
	 * thousand parameters), queues a 431 it then forgets: the client
	 * waits for the idle timeout and gets nothing. A refused request
	 * needs no parameters, so its query is cut here, in the library's
	 * own line buffer, which is writable and which it has not yet
	 * split (it then finds an empty query). */
	char *query = rq->refused ? strchr(target, '?') : NULL;
	if (query)
		query[1] = '\0';
	return rq;
}

static const char *query_arg(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static bool add_security_headers(struct MHD_Response *r)
{
	return MHD_add_response_header(r, "Content-Security-Policy", CSP) == MHD_YES &&
	       MHD_add_response_header(r, "X-Content-Type-Options", "nosniff") == MHD_YES &&
	       MHD_add_response_header(r, "Referrer-Policy", "no-referrer") == MHD_YES &&
	       MHD_add_response_header(r, "X-Frame-Options", "DENY") == MHD_YES;
}

/* libmicrohttpd answers some requests itself, without calling the
 * service: a head larger than a connection's memory (414, 431), a header
 * line or Content-Length it cannot parse (400, 413), a malformed chunk,
 * an HTTP version it does not speak (505). It builds those pages inside
 * the library, with no option to add headers to them, but queues them
 * through its exported MHD_queue_response(), and the dynamic linker looks
 * for an exported function in the program before the libraries. So the
 * service defines that function: it gives any response that lacks them
 * the security headers (and a type, for the library's HTML pages), then
 * hands it to the library's own, found once with dlsym(RTLD_NEXT). The
 * service's own responses pass through it too and already have them.
 * tests/test_server.c checks the library's pages. */
typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
static queue_fn library_queue;
static pthread_once_t library_queue_once = PTHREAD_ONCE_INIT;

static void find_library_queue(void)
{
	void *f = dlsym(RTLD_NEXT, "MHD_queue_response");
	/* ISO C has no cast from an object pointer to a function pointer. */
	memcpy(&library_queue, &f, sizeof(library_queue));
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *conn, unsigned int status,
				   struct MHD_Response *r)
{
	pthread_once(&library_queue_once, find_library_queue);
	if (!library_queue)
		return MHD_NO;
	if (r && !MHD_get_response_header(r, "X-Content-Type-Options")) {
		if (!add_security_headers(r))
			return MHD_NO;
		if (status >= 400 && !MHD_get_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE) &&
		    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					    "text/html; charset=utf-8") != MHD_YES)
			return MHD_NO;
	}
	return library_queue(conn, status, r);
}

/* A strong ETag: the first 8 bytes of the (uncompressed) body's BLAKE2b
 * hash, in hex. */
static void etag_of(const void *body, size_t len, char out[SNAPSHOT_ETAG_BUFSZ])
{
	unsigned char h[8];
	char hex[17];
	crypto_generichash(h, sizeof(h), body, len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(out, SNAPSHOT_ETAG_BUFSZ, "\"%s\"", hex);
}

/* The ETag of a compressed form: the body's, and the coding ("...-br"),
 * since each form is its own representation (RFC 9110 8.8.3). */
static void etag_coded(char etag[SNAPSHOT_ETAG_BUFSZ], content_coding coding)
{
	size_t n = strlen(etag);
	if (coding != CODING_IDENTITY && n >= 2)
		snprintf(etag + n - 1, SNAPSHOT_ETAG_BUFSZ - (n - 1), "-%s\"",
			 encoding_name(coding));
}

/* Does an If-None-Match list name etag ("*" names every one)? */
static bool etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		p = strchr(p, ',');
	}
	return false;
}

/* When an answer last changed: the record's last change, or, for an answer
 * about "today" (a date parameter left out), the start of today if later. */
static long long answer_modified(const snapshot *s, bool today_based)
{
	long long lm = s->modified;
	if (today_based) {
		long long midnight =
			((long long)pacta_date_today() - pacta_date_from_civil(1970, 1, 1)) * 86400;
		if (midnight > lm)
			lm = midnight;
	}
	return lm;
}

/* RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only without it. */
static bool not_modified(struct MHD_Connection *conn, long long modified, const char *etag)
{
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
	if (inm)
		return etag_listed(inm, etag);
	const char *ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-Modified-Since");
	long long t;
	return ims && modified && snapshot_parse_http_date(ims, &t) && modified <= t;
}

static enum MHD_Result queue_not_modified(struct MHD_Connection *conn, long long modified,
					  const char *etag, const char *cache_control)
{
	char lm[40] = "";
	if (modified)
		snapshot_http_date(modified, lm);
	struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	bool ok = add_security_headers(r) && MHD_add_response_header(r, "ETag", etag) == MHD_YES &&
		  MHD_add_response_header(r, "Cache-Control", cache_control) == MHD_YES &&
		  MHD_add_response_header(r, "Vary", "Accept-Encoding") == MHD_YES &&
		  (!lm[0] || MHD_add_response_header(r, "Last-Modified", lm) == MHD_YES);
	enum MHD_Result ret = ok ? MHD_queue_response(conn, MHD_HTTP_NOT_MODIFIED, r) : MHD_NO;
	MHD_destroy_response(r);
	return ret;
}

/* The cache key: the path, every parameter an answer may read and the
 * content coding; a missing `on` or `to` means today, so today is part of
 * the key. */
static char *cache_key(pacta_server *srv, struct MHD_Connection *conn, const char *path,
		       content_coding coding, uint64_t *hash)
{
	/* The language an answer may be in: the one chosen, not the header
	 * (many headers choose the same). */
	char lang[16];
	routes_lang(srv, MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang"),
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"), lang,
		    sizeof(lang));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	char today[PACTA_DATE_BUFSZ];
	/* Each part with its length, so that no value can pass for another. */
	fprintf(f, "%zu:%s", strlen(path), path);
	for (size_t i = 0; routes_params[i]; i++) {
		const char *v =
			MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, routes_params[i]);
		if (v)
			fprintf(f, "|%zu:%s", strlen(v), v);
		else
			fputs("|-", f);
	}
	fprintf(f, "|%s|%s|%s", pacta_date_format(pacta_date_today(), today), encoding_name(coding),
		lang);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)buf[i]) * 1099511628211ull;
	*hash = h;
	return buf;
}

/* Queues the cached answer for key, if any: true with *ret set. */
static bool queue_cached(struct MHD_Connection *conn, snapshot *s, const char *key, uint64_t hash,
			 enum MHD_Result *ret)
{
	bool hit = false;
	pthread_rwlock_rdlock(&s->cache_lock);
	snapshot_cached *e = &s->cache[hash % SNAPSHOT_CACHE_SLOTS];
	if (e->key && e->hash == hash && strcmp(e->key, key) == 0) {
		hit = true;
		if (not_modified(conn, e->modified, e->etag))
			*ret = queue_not_modified(conn, e->modified, e->etag, "public, no-cache");
		else
			*ret = MHD_queue_response(conn, MHD_HTTP_OK, e->response);
	}
	pthread_rwlock_unlock(&s->cache_lock);
	return hit;
}

/* Keeps r (and key) in the cache: true when the cache took both, with the
 * caller's reference to r. */
static bool cache_put(snapshot *s, char *key, uint64_t hash, struct MHD_Response *r,
		      const char *etag, long long modified, size_t bytes)
{
	bool taken = false;
	pthread_rwlock_wrlock(&s->cache_lock);
	snapshot_cached *e = &s->cache[hash % SNAPSHOT_CACHE_SLOTS];
	size_t after = s->cache_bytes - (e->key ? e->bytes : 0) + bytes;
	if (after <= SNAPSHOT_CACHE_MAX_BYTES) {
		free(e->key);
		if (e->response)
			MHD_destroy_response(e->response);
		e->key = key;
		e->hash = hash;
		/* MHD counts the queued copies; the response lives until the
		 * cache lets go and the last copy is sent. */
		e->response = r;
		snprintf(e->etag, sizeof(e->etag), "%s", etag);
		e->modified = modified;
		e->bytes = bytes;
		s->cache_bytes = after;
		taken = true;
	}
	pthread_rwlock_unlock(&s->cache_lock);
	return taken;
}

/* Gives the answer's body in the coding the client asked for, when that
 * pays: an embedded file's form made at build time, or the body
 * compressed now (a.body replaced). Returns the coding of the body that
 * *body, *len then hold. */
static content_coding encode_answer(route_answer *a, content_coding want, const void **body,
				    size_t *len)
{
	if (want == CODING_IDENTITY || !encoding_worthwhile(a->content_type, a->len))
		return CODING_IDENTITY;
	if (a->asset) {
		const unsigned char *data = want == CODING_GZIP ? a->asset->gzip : a->asset->br;
		size_t n = want == CODING_GZIP ? a->asset->gzip_len : a->asset->br_len;
		if (!n)
			return CODING_IDENTITY;
		*body = data;
		*len = n;
		return want;
	}
	unsigned char *packed;
	size_t n;
	/* Out of memory, or no smaller: the body as it is. */
	if (!encoding_compress(want, EFFORT_FAST, *body, *len, &packed, &n))
		return CODING_IDENTITY;
	if (n >= *len) {
		free(packed);
		return CODING_IDENTITY;
	}
	free(a->body);
	a->body = (char *)packed;
	a->static_body = NULL;
	*body = packed;
	*len = n;
	return want;
}

static enum MHD_Result answer(pacta_server *srv, struct MHD_Connection *conn, const char *url,
			      const char *method, request *rq)
{
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	snapshot *s = service_snapshot(srv);
	enum MHD_Result ret = MHD_NO;
	uint64_t hash = 0;
	char *key = NULL;
	content_coding want =
		get ? encoding_choose(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
								  "Accept-Encoding")) :
		      CODING_IDENTITY;

	if (get && (key = cache_key(srv, conn, url, want, &hash)) &&
	    queue_cached(conn, s, key, hash, &ret)) {
		free(key);
		snapshot_release(s);
		return ret;
	}
	route_request req = {
		.method = method,
		.path = url,
		.arg = query_arg,
		.arg_ctx = conn,
		.accept_language = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"),
		.body = rq->body,
		.body_len = rq->len,
		.content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"),
		.authorization =
			MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization"),
	};
	route_answer a;
	/* The request is in: the gate's deadline no longer applies. */
	gate_busy(srv->gate, gate_conn_of(conn));
	if (rq->refused) {
		memset(&a, 0, sizeof(a));
		routes_problem(&a, rq->refused, rq->refused == 414 ? "URI too long" : "Bad request",
			       "%s", rq->why);
	} else if (rq->too_big) {
		memset(&a, 0, sizeof(a));
		routes_problem(&a, 413, "Content too large", "the body is limited to %zu bytes",
			       srv->opt.body_limit);
	} else {
		routes_handle(srv, s, &req, &a);
	}
	const void *body = a.body ? (const void *)a.body : (const void *)a.static_body;
	size_t len = a.len;
	char etag[SNAPSHOT_ETAG_BUFSZ] = "", lm[40] = "";
	content_coding coding = CODING_IDENTITY;
	/* Only a GET's 200 is compressed; whether it may be depends on its
	 * type and size alone, so those answers always say they vary. */
	bool varies = get && a.status == 200 && encoding_worthwhile(a.content_type, a.len);
	if (get && a.status == 200) {
		/* The ETag names the body before coding, and the coding. */
		etag_of(body, len, etag);
		coding = encode_answer(&a, want, &body, &len);
		etag_coded(etag, coding);
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, (void *)body, a.body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(a.body);
		free(key);
		snapshot_release(s);
		return MHD_NO;
	}
	long long modified = answer_modified(s, a.today_based);
	if (modified)
		snapshot_http_date(modified, lm);
	bool ok =
		add_security_headers(r) &&
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, a.content_type) ==
			MHD_YES &&
		MHD_add_response_header(r, "Cache-Control",
					a.cache_control ? a.cache_control : "no-store") == MHD_YES;
	if (ok && etag[0])
		ok = MHD_add_response_header(r, "ETag", etag) == MHD_YES &&
		     (!lm[0] || MHD_add_response_header(r, "Last-Modified", lm) == MHD_YES);
	if (ok && varies)
		ok = MHD_add_response_header(r, "Vary", "Accept-Encoding") == MHD_YES;
	if (ok && coding != CODING_IDENTITY)
		ok = MHD_add_response_header(r, "Content-Encoding", encoding_name(coding)) ==
		     MHD_YES;
	if (ok && a.lang[0])
		ok = MHD_add_response_header(r, "Content-Language", a.lang) == MHD_YES &&
		     MHD_add_response_header(r, "Vary", "Accept-Language") == MHD_YES;
	if (ok && a.status == 200 && a.filename[0]) {
		char cd[128];
		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", a.filename);
		ok = MHD_add_response_header(r, "Content-Disposition", cd) == MHD_YES;
	}
	if (ok && a.allow)
		ok = MHD_add_response_header(r, "Allow", a.allow) == MHD_YES;
	if (ok && a.authenticate)
		ok = MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"pacta\"") ==
		     MHD_YES;
	if (ok && a.retry_after) {
		char secs[24];
		snprintf(secs, sizeof(secs), "%u", a.retry_after);
		ok = MHD_add_response_header(r, "Retry-After", secs) == MHD_YES;
	}
	if (ok) {
		if (etag[0] && not_modified(conn, modified, etag))
			ret = queue_not_modified(conn, modified, etag, a.cache_control);
		else
			ret = MHD_queue_response(conn, a.status, r);
		if (a.cacheable && a.status == 200 && key &&
		    cache_put(s, key, hash, r, etag, modified, len)) {
			key = NULL;
			r = NULL;
		}
	}
	if (r)
		MHD_destroy_response(r);
	free(key);
	snapshot_release(s);
	return ret;
}

/* Called several times per request: first with the headers (set
 * *req_cls, queue nothing), then with each piece of the body, then with
 * *upload_data_size == 0, when the answer is queued. */
static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **req_cls)
{
	pacta_server *srv = cls;
	request *rq = *req_cls;
	(void)version;

	if (!rq || !rq->started) {
		if (!rq && !(rq = calloc(1, sizeof(*rq))))
			return MHD_NO;
		*req_cls = rq;
		rq->started = true;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		/* An announced body over the cap is refused before it is
		 * read: this response closes the connection anyway, so the
		 * keep-alive rule above does not matter here. */
		if (cl && (strlen(cl) > 12 || strtoull(cl, NULL, 10) > srv->opt.body_limit)) {
			rq->too_big = true;
			return answer(srv, conn, url, method, rq);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (rq->too_big || rq->refused)
			return MHD_YES; /* dropped */
		if (n > srv->opt.body_limit - rq->len) {
			/* Only a chunked body gets here (an announced length
			 * is checked above, and the library reads no more than
			 * it). Its rest is read and dropped, and the 413 comes
			 * after it: answering now would close the connection
			 * under a client still sending, and its system would
			 * then reset the connection and lose the answer. The
			 * gate's deadline bounds how long a client may send. */
			rq->too_big = true;
			free(rq->body);
			rq->body = NULL;
			rq->len = rq->cap = 0;
			return MHD_YES;
		}
		if (rq->len + n + 1 > rq->cap) {
			size_t cap = rq->cap ? rq->cap : 4096;
			while (cap < rq->len + n + 1)
				cap *= 2;
			char *b = realloc(rq->body, cap);
			if (!b)
				return MHD_NO;
			rq->body = b;
			rq->cap = cap;
		}
		memcpy(rq->body + rq->len, upload_data, n);
		rq->len += n;
		rq->body[rq->len] = '\0';
		return MHD_YES;
	}
	return answer(srv, conn, url, method, rq);
}

/* ---- The gate and the log ---- */

static enum MHD_Result admit(void *cls, const struct sockaddr *addr, socklen_t len)
{
	pacta_server *srv = cls;
	return gate_admit(srv->gate, addr, len) ? MHD_YES : MHD_NO;
}

static void connection_event(void *cls, struct MHD_Connection *conn, void **socket_ctx,
			     enum MHD_ConnectionNotificationCode code)
{
	pacta_server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		gate_closed(srv->gate, *socket_ctx);
		*socket_ctx = NULL;
		return;
	}
	const union MHD_ConnectionInfo *fd =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *ad =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!fd)
		return;
	const struct sockaddr *sa = ad ? ad->client_addr : NULL;
	socklen_t len = (socklen_t)sizeof(struct sockaddr_in);
	if (sa && sa->sa_family == AF_INET6)
		len = (socklen_t)sizeof(struct sockaddr_in6);
	*socket_ctx = gate_opened(srv->gate, fd->connect_fd, sa, len);
	/* No memory to keep it by: no deadline could apply, so it goes. */
	if (!*socket_ctx)
		shutdown(fd->connect_fd, SHUT_RDWR);
}

/* The library's messages (a client closed mid-request, a malformed
 * request, a limit reached) come one per hostile connection: through the
 * gate's log, so that a flood of them is a few lines a second. */
static void library_log(void *cls, const char *fmt, va_list ap) PACTA_PRINTF(2, 0);
static void library_log(void *cls, const char *fmt, va_list ap)
{
	pacta_server *srv = cls;
	gate_log_vline(gate_get_log(srv->gate), gate_now_ms(), fmt, ap);
}

/* The connection limits that fit in the file-descriptor limit (one per
 * connection, and some for the database, the listening socket and the
 * threads): the gate's, and the library's, a quarter above it for the
 * connections the gate has closed but the library has not yet let go.
 * Returns the limit asked for when it had to be lowered, else 0. */
static unsigned fit_limits(const server_options *o, gate_limits *lim, unsigned *library_limit)
{
	unsigned limit = o->connection_limit, asked = 0;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		rlim_t spare = rl.rlim_cur > 256 ? rl.rlim_cur - 64 : rl.rlim_cur / 2;
		rlim_t fit = spare / 5 * 4;
		if (fit < 1)
			fit = 1;
		if (limit > fit) {
			asked = limit;
			limit = (unsigned)fit;
		}
	}
	lim->connections = limit;
	lim->per_address = o->per_ip_limit < limit ? o->per_ip_limit : limit;
	lim->reserve = limit / 8;
	lim->small = 4;
	lim->deadline_ms = (long long)o->request_timeout_s * 1000;
	*library_limit = limit + limit / 4 + 1;
	return asked;
}

/* ---- Start and stop ---- */

uint16_t server_port(const pacta_server *s)
{
	return s->port;
}

pacta_rc server_start(const server_options *o, pacta_server **out, pacta_error *err)
{
	struct sockaddr_storage addr;
	socklen_t addr_len;
	snapshot *snap = NULL;
	pacta_rc rc;

	*out = NULL;
	if (sodium_init() < 0)
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot initialise libsodium");
	pacta_server *srv = calloc(1, sizeof(*srv));
	if (!srv)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	atomic_init(&srv->damaged, false);
	srv->opt = *o;
	server_options_default(&srv->opt);
	pthread_mutex_init(&srv->snap_lock, NULL);
	pthread_mutex_init(&srv->write_lock, NULL);

	memset(&addr, 0, sizeof(addr));
	struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_TURBO;
	if (inet_pton(AF_INET, srv->opt.bind, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(srv->opt.port);
		addr_len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, srv->opt.bind, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(srv->opt.port);
		addr_len = sizeof(*a6);
		flags |= MHD_USE_IPv6;
	} else {
		server_stop(srv);
		return pacta_error_set(err, PACTA_ERR_USAGE, "--bind",
				       "'%s' is not an IPv4 or IPv6 address", o->bind);
	}
	(void)addr_len;

	if ((rc = pacta_store_open(srv->opt.db_path, 0, &srv->store, err)) != PACTA_OK ||
	    (rc = pacta_store_data_version(srv->store, &srv->data_version, err)) != PACTA_OK ||
	    (rc = snapshot_load(srv->store, srv->opt.data_dir, &snap, err)) != PACTA_OK) {
		server_stop(srv);
		return rc;
	}
	srv->snap = snap;
	atomic_store(&srv->next_store_check_ms, gate_now_ms() + SERVICE_STORE_CHECK_MS);

	/* The gate counts and times the connections; the library's
	 * per-address limit is left off (the gate's makes room instead of
	 * refusing), and its idle timeout stays for answers read slowly. */
	gate_limits lim;
	unsigned library_limit;
	unsigned asked = fit_limits(&srv->opt, &lim, &library_limit);
	if ((rc = gate_new(&lim, srv->opt.log, &srv->gate, err)) != PACTA_OK) {
		server_stop(srv);
		return rc;
	}
	if (asked)
		gate_log_line(gate_get_log(srv->gate), gate_now_ms(),
			      "the file-descriptor limit allows %u connections, not %u; raise it "
			      "with ulimit -n",
			      lim.connections, asked);
	/* The first write's sync of the log's directory, now. A store that
	 * cannot sync is said so; its writes are refused each with its error. */
	pacta_error unsynced;
	if (pacta_store_ready_to_write(srv->store, &unsynced) != PACTA_OK)
		gate_log_line(gate_get_log(srv->gate), gate_now_ms(), "%s: %s", unsynced.where,
			      unsynced.message);
	/* Without its own checkpoints the service still works: each write
	 * that makes the log pass its size then copies it. */
	pacta_error no_checkpointer;
	if (checkpointer_start(srv->store, srv->opt.db_path, SERVICE_CHECKPOINT_PAGES,
			       gate_get_log(srv->gate), &srv->checkpoints,
			       &no_checkpointer) != PACTA_OK)
		gate_log_line(gate_get_log(srv->gate), gate_now_ms(),
			      "the log is checkpointed by the writes themselves: %s%s%s",
			      no_checkpointer.where, no_checkpointer.where[0] ? ": " : "",
			      no_checkpointer.message);
	/* The logger first: the library says so, for messages about the
	 * options that follow. */
	srv->daemon = MHD_start_daemon(
		flags, srv->opt.port, admit, srv, handle, srv, MHD_OPTION_EXTERNAL_LOGGER,
		library_log, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, srv->opt.threads, MHD_OPTION_CONNECTION_LIMIT,
		library_limit, MHD_OPTION_CONNECTION_TIMEOUT, srv->opt.timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->opt.memory_limit,
		MHD_OPTION_URI_LOG_CALLBACK, target_seen, srv, MHD_OPTION_NOTIFY_CONNECTION,
		connection_event, srv, MHD_OPTION_NOTIFY_COMPLETED, completed, srv, MHD_OPTION_END);
	if (!srv->daemon) {
		server_stop(srv);
		return pacta_error_set(err, PACTA_ERR_IO, "--port",
				       "cannot listen on %s port %u (in use, or not allowed)",
				       o->bind ? o->bind : "127.0.0.1", (unsigned)o->port);
	}
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : srv->opt.port;
	*out = srv;
	return PACTA_OK;
}

void server_stop(pacta_server *srv)
{
	if (!srv)
		return;
	if (srv->daemon)
		MHD_stop_daemon(srv->daemon);
	/* Before the gate, whose log it writes to, and the store it serves. */
	checkpointer_stop(srv->checkpoints);
	gate_free(srv->gate);
	snapshot_release(srv->snap);
	pacta_store_close(srv->store);
	pthread_mutex_destroy(&srv->snap_lock);
	pthread_mutex_destroy(&srv->write_lock);
	free(srv);
}
