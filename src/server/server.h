/*
 * server.h - the HTTP service: options, start and stop. The serve command
 * parses its options and calls these; everything the service holds lives
 * in the pacta_server it owns (no global state).
 *
 * Ownership: server_start() gives a server the caller stops (and frees)
 * with server_stop().
 */
#ifndef PACTA_SERVER_H
#define PACTA_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pacta/error.h"
#include "pacta/store.h"

typedef struct server_options {
	const char *db_path; /* the database (must exist and hold a record) */
	const char *bind;    /* IPv4 or IPv6 address; default 127.0.0.1 */
	/* The service's public address ("https://example.org"), for the
	 * links a feed gives to itself; NULL: http://BIND:PORT. */
	const char *public_url;
	uint16_t port;	  /* 0: any free port (see server_port) */
	unsigned threads; /* pool size; 0: one per online CPU */
	/* Connections in all and from one address (the gate makes room by
	 * closing the connection that has waited longest for its request). */
	unsigned connection_limit;
	unsigned per_ip_limit;
	unsigned timeout_s; /* idle connection timeout */
	/* From a connection's start (or its previous answer) to the end of
	 * its request, head and body, however slowly it comes. */
	unsigned request_timeout_s;
	size_t memory_limit; /* per connection: request line and headers */
	size_t body_limit;   /* largest request body; more is 413 */
	/* The data directory whose stated facts (the published reporting
	 * rates) are read each time the record is loaded from the database
	 * (pacta_record_load_stated); NULL: none. */
	const char *data_dir;
	/* The map's shapes (borrowed; must outlive the server), or NULL to
	 * serve no map (the page then draws a tile per state). */
	const struct pacta_map *map;
	/* Called (under the service's write lock) after a token holder
	 * decided proposal id (POST /v1/review/ID/accept or reject), so that
	 * the caller can tell the webhook: the service itself fetches nothing
	 * and sends nothing. NULL: nobody is told. */
	void (*decided)(void *arg, pacta_store *st, long long id);
	void *decided_arg;
	/* The message catalogues (LL/LC_MESSAGES/pacta.mo) and the states'
	 * names in many languages (borrowed; must outlive the server), for
	 * answers in the language asked for (?lang=, Accept-Language);
	 * NULL: English only, the record's names. */
	const char *locale_dir;
	const struct pacta_names *names;
	/* Where lines about clients go, at most a few a second (borrowed);
	 * NULL: stderr. */
	FILE *log;
} server_options;

/* The defaults above, for options left zero. */
void server_options_default(server_options *o);

typedef struct pacta_server pacta_server;

pacta_rc server_start(const server_options *o, pacta_server **out,
		      pacta_error *err) PACTA_MUST_CHECK;
/* The port the service listens on (the one chosen for port 0). */
uint16_t server_port(const pacta_server *s);
void server_stop(pacta_server *s);

#endif
