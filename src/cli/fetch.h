/*
 * fetch.h - fetching a depositary page over HTTP(S) with libcurl, for
 * `pacta update` and the service's schedule. The command line's, not the
 * library's: the library never reaches the network (docs/internals.md).
 *
 * TLS is verified (libcurl's defaults, never turned off); only http and
 * https; conditional requests from the last snapshot's validators (ETag,
 * Last-Modified); a connect and a total timeout; a size limit; retries
 * with doubling waits on 5xx answers, timeouts and refused connections;
 * redirects followed only to the same scheme, host and port; the
 * User-Agent "pacta/VERSION". One request at a time: a fetch returns
 * before the next starts, so no host ever gets two at once.
 *
 * Ownership: fetch_result.body is malloc'd; fetch_result_clear() frees it.
 */
#ifndef PACTA_CLI_FETCH_H
#define PACTA_CLI_FETCH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct fetch_opts {
	long connect_timeout_ms; /* default 10 s */
	long timeout_ms;	 /* the whole transfer, default 60 s */
	size_t max_bytes;	 /* default PACTA_UNTC_MAX_BYTES */
	int retries;		 /* after the first try, default 3 */
	long retry_wait_ms;	 /* the first wait, doubled each time, default 2 s */
	const char *etag;	 /* If-None-Match, or NULL */
	const char *last_modified; /* If-Modified-Since, or NULL */
	const char *user_agent;	 /* "pacta/0.1.0" (default "pacta") */
	char agent_buf[32];	 /* room for a user_agent the caller builds */
	bool quiet;		 /* no retry notes on stderr */
} fetch_opts;

typedef struct fetch_result {
	long status;		/* 200, 304 */
	char *body;		/* NUL-terminated; NULL for a 304 */
	size_t len;
	char etag[256];
	char last_modified[64];
	char charset[64];	/* from Content-Type, lower case, or "" */
	char url[1024];		/* the URL finally answered (after redirects) */
} fetch_result;

void fetch_opts_default(fetch_opts *o);
void fetch_result_clear(fetch_result *r);

/* Fetches url. 0 on a 200 or 304 answer; otherwise -1 with why (a
 * sentence naming the URL and what failed: timeout, HTTP status, a
 * redirect to another host, over the size limit, a cut-off transfer). */
int fetch_url(const char *url, const fetch_opts *o, fetch_result *out, char *why,
	      size_t why_size);

/* Whether text[0..len) is in the encoding it declares (charset from the
 * HTTP answer, else the page's <meta charset>): UTF-8 or US-ASCII are
 * checked; any other declared charset is refused (pacta reads UTF-8
 * pages). false with why when not. */
bool fetch_encoding_ok(const char *text, size_t len, const char *charset, char *why,
		       size_t why_size);

#endif
