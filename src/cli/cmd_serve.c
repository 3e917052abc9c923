/*
 * cmd_serve.c - `pacta serve` (options, then the service in src/server
 * runs until SIGINT or SIGTERM) and `pacta token` (API tokens for writes).
 */
#include "cli.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "pacta/map.h"
#include "pacta/token.h"
#include "server.h"

/* Descriptors pacta serve asks for: its 2048 connections, the quarter
 * the library may hold past them, and its own files. */
#define SERVE_NOFILE_WANTED 4096

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

int cmd_serve(cli *c)
{
	server_options o;
	memset(&o, 0, sizeof(o));
	unsigned long port = 8080, threads = 0;
	if (c->n_args)
		return cli_usage(c, "serve takes options only");
	/* The service answers from the record as it stands, and writes. */
	int wrc = cli_writes_now(c);
	if (wrc)
		return wrc;
	if (c->port && !parse_uint(c->port, 65535, &port))
		return cli_usage(c, "--port needs a number from 0 to 65535, not '%s'", c->port);
	if (c->public_url && strncmp(c->public_url, "http://", 7) != 0 &&
	    strncmp(c->public_url, "https://", 8) != 0)
		return cli_usage(c, "--public-url starts with http:// or https://, not '%s'",
				 c->public_url);
	if (c->threads && (!parse_uint(c->threads, 256, &threads) || threads == 0))
		return cli_usage(c, "--threads needs a number from 1 to 256");
	/* The service takes writes (POST), so its database must be writable. */
	c->writing = true;
	int rc = cli_open(c);
	if (rc)
		return rc;
	/* The service opens its own connections. */
	pacta_record_free(c->rec);
	c->rec = NULL;
	pacta_store_close(c->store);
	c->store = NULL;

	/* Without its shapes the service still answers; the page then draws
	 * one tile per state instead of the map. */
	pacta_map *map = NULL;
	pacta_error err;
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", cli_data_dir(c), PACTA_MAP_SHAPES_FILE);
	if (pacta_map_load(path, &map, &err) != PACTA_OK)
		fprintf(stderr, "pacta: no map (%s%s%s); serving without it\n", err.where,
			err.where[0] ? ": " : "", err.message);
	o.map = map;
	o.db_path = cli_db_path(c);
	o.data_dir = cli_data_dir(c);
	o.bind = c->bind;
	o.public_url = c->public_url;
	o.port = (uint16_t)port;
	o.threads = (unsigned)threads;
	/* A connection is a file descriptor: take what the hard limit allows
	 * (the soft one is often 1024), up to what the limits need. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < SERVE_NOFILE_WANTED &&
	    rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max < SERVE_NOFILE_WANTED ? rl.rlim_max : SERVE_NOFILE_WANTED;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* Block the signals before any thread starts, so that only sigwait
	 * below receives them. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);

	pacta_server *srv = NULL;
	if (server_start(&o, &srv, &err) != PACTA_OK) {
		pacta_map_free(map);
		return cli_fail(c, &err);
	}
	const char *host = c->bind ? c->bind : "127.0.0.1";
	bool v6 = strchr(host, ':') != NULL;
	printf("pacta: serving http://%s%s%s:%u/\n", v6 ? "[" : "", host, v6 ? "]" : "",
	       (unsigned)server_port(srv));
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "pacta: stopping (signal %d)\n", sig);
	server_stop(srv);
	pacta_map_free(map);
	return EXIT_OK;
}

int cmd_token(cli *c)
{
	pacta_error err;
	const char *verb = c->n_args ? c->args[0] : "";
	bool named = strcmp(verb, "add") == 0 || strcmp(verb, "revoke") == 0;
	if (strcmp(verb, "list") == 0 ? c->n_args != 1 : !named || c->n_args != 2)
		return cli_usage(c, "use: token add NAME | token list | token revoke NAME");
	int rc = cli_open_for_writing(c);
	if (rc)
		return rc;
	if (strcmp(verb, "add") == 0) {
		char token[PACTA_TOKEN_BUFSZ];
		if (pacta_token_add(c->store, c->args[1], cli_who(), token, &err) != PACTA_OK)
			return cli_fail(c, &err);
		printf("%s\n", token);
		fprintf(stderr,
			"pacta: token '%s' created; it is shown only now. Use it as\n"
			"  Authorization: Bearer %s\n",
			c->args[1], token);
		return EXIT_OK;
	}
	if (strcmp(verb, "revoke") == 0) {
		if (pacta_store_token_revoke(c->store, c->args[1], cli_who(), &err) != PACTA_OK)
			return cli_fail(c, &err);
		fprintf(stderr, "pacta: token '%s' revoked\n", c->args[1]);
		return EXIT_OK;
	}
	pacta_token_entry *list;
	size_t n;
	if (pacta_store_tokens(c->store, &list, &n, &err) != PACTA_OK)
		return cli_fail(c, &err);
	for (size_t i = 0; i < n; i++)
		printf("%-20s created %s%s%s\n", list[i].name, list[i].created_at,
		       list[i].revoked_at[0] ? "  revoked " : "  active", list[i].revoked_at);
	free(list);
	return EXIT_OK;
}
