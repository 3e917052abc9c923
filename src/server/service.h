/*
 * service.h - what the service's parts share: the server (daemon, the
 * current snapshot, the writer), a request as the routes see it, and the
 * answer they give. http.c speaks HTTP; routes.c decides the answers.
 */
#ifndef PACTA_SERVICE_H
#define PACTA_SERVICE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "checkpointer.h"
#include "gate.h"
#include "server.h"
#include "snapshot.h"

struct MHD_Daemon;

struct pacta_server {
	server_options opt;
	struct MHD_Daemon *daemon;
	uint16_t port;
	/* Connections: limits, deadlines and the log about clients. */
	gate *gate;
	/* The current snapshot; the pointer is read and swapped under
	 * snap_lock, the snapshot itself is shared read-only. */
	pthread_mutex_t snap_lock;
	snapshot *snap;
	/* The one writer: token checks and appends, one at a time. */
	pthread_mutex_t write_lock;
	pacta_store *store;
	/* The store's log copied into the database off the request path;
	 * NULL when it could not start (commits then checkpoint it). */
	checkpointer *checkpoints;
	/* Changes another process commits (`pacta import` while the service
	 * runs) are looked for at most once per SERVICE_STORE_CHECK_MS, on a
	 * request (service_snapshot): the monotonic time of the next look, and
	 * the store's data version the snapshot was built from (under
	 * write_lock). */
	atomic_llong next_store_check_ms;
	long long data_version;
	/* A data version whose record failed to load: its failure is logged
	 * once (under write_lock). */
	long long failed_version;
	/* The store's record failed its integrity check (at a look or a
	 * write): the service keeps answering from the snapshot it last
	 * verified, refuses writes (their load fails), and /healthz says so,
	 * until a look finds a record that verifies. */
	atomic_bool damaged;
};

#define SERVICE_STORE_CHECK_MS 1000

/* The write-ahead log's size, in pages, past which the service's
 * checkpointer copies it into the database: SQLite's own default. */
#define SERVICE_CHECKPOINT_PAGES 1000

/* The longest request target (path and query) and the most query
 * parameters a request may have: past them, 414. */
#define SERVICE_TARGET_MAX 8192
#define SERVICE_PARAMS_MAX 32

/* The current snapshot, with a reference the caller releases; first, when
 * it is time to look, a snapshot of what another process committed. */
snapshot *service_snapshot(pacta_server *srv);
/* Makes s (whose reference is taken) the current snapshot. */
void service_swap(pacta_server *srv, snapshot *s);

typedef struct route_request {
	const char *method;
	const char *path;
	/* A query parameter's value, or NULL when absent. */
	const char *(*arg)(void *ctx, const char *name);
	void *arg_ctx;
	const char *body;
	size_t body_len;
	const char *content_type;
	const char *authorization;
	const char *accept_language; /* the header, or NULL */
} route_request;

typedef struct route_answer {
	unsigned status;
	const char *content_type;
	char *body; /* malloc'd; or NULL and static_body */
	const char *static_body;
	size_t len;
	const char *allow; /* for 405: the methods the route allows */
	const char *cache_control;
	bool cacheable;	   /* depends only on the snapshot and the cache key */
	bool authenticate; /* 401: ask for a bearer token */
	unsigned retry_after; /* seconds, for a 503 worth retrying; 0: none */
	bool today_based;  /* a date parameter was left out: "today" */
	/* The answer is in a language the request chose ("fr"; "" when it
	 * speaks no language): Content-Language and Vary say so. */
	char lang[16];
	/* A download: sent with Content-Disposition: attachment and this
	 * file name (ASCII letters, digits, '-', '.', '_'); "" for none. */
	char filename[96];
	/* An embedded file, whose compressed forms were made at build time;
	 * NULL for answers made per request. */
	const struct web_asset *asset;
} route_answer;

/* Fills out for the request, against snapshot snap. Never fails: errors
 * are problem documents (RFC 9457). */
void routes_handle(pacta_server *srv, snapshot *snap, const route_request *rq, route_answer *out);

/* The language an answer to the request is in: ?lang= when the service
 * has its catalogue, else the best of Accept-Language it has, else "en".
 * Writes the code into out (size bytes). */
void routes_lang(const pacta_server *srv, const char *lang_param, const char *accept_language,
		 char *out, size_t size);

/* The query parameters an answer may depend on (the cache key's parts). */
extern const char *const routes_params[];

/* Fills out with a problem document. */
void routes_problem(route_answer *out, unsigned status, const char *title, const char *fmt, ...)
	PACTA_PRINTF(4, 5);

/* Fills out with the problem document for a failure of the store (err,
 * from the library), and logs the detail on stderr: the body never
 * carries a file path or SQL. A busy store is 503 with Retry-After. */
void routes_store_problem(pacta_server *srv, route_answer *out, const pacta_error *err);

/* The embedded files (web page, OpenAPI document); generated at build time. */
typedef struct web_asset {
	const char *path; /* "/", "/app.js", "/openapi.json" */
	const char *content_type;
	const unsigned char *data;
	size_t len;
	/* The same bytes gzipped and brotli-compressed at their best, at
	 * build time (scripts/precompress.c); len 0 when not smaller. */
	const unsigned char *gzip;
	size_t gzip_len;
	const unsigned char *br;
	size_t br_len;
} web_asset;

extern const web_asset web_assets[];
extern const size_t web_assets_count;

#endif
