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
#include <time.h>

#include "pacta/map.h"
#include "pacta/token.h"
#include "server.h"
#include "update_run.h"

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

/* "6h", "30m", "1d", "90s": a period in seconds; false when it is none
 * (or under a minute, which would ask the depositary too often). */
static bool parse_period(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || v <= 0 || strlen(end) != 1)
		return false;
	long unit = *end == 's' ? 1 : *end == 'm' ? 60 : *end == 'h' ? 3600 : *end == 'd' ? 86400 : 0;
	if (!unit || v > 366L * 86400 / unit || v * unit < 60)
		return false;
	*out = v * unit;
	return true;
}

/* A token holder accepted a proposal: the webhook hears of it. */
static void on_decided(void *arg, pacta_store *st, long long id)
{
	pacta_proposal p;
	pacta_error err;
	if (pacta_store_proposal_get(st, id, &p, &err) != PACTA_OK)
		return;
	if (p.status == PACTA_PROPOSAL_ACCEPTED)
		update_tell(st, arg, "change recorded", &p, 1);
	pacta_proposal_clear(&p);
}

/* One round of pacta update for every treaty with a UNTC page, on a
 * connection of its own (the service notices what it stores as it
 * notices any other process's writes). Failures are logged, never fatal. */
static void scheduled_update(cli *c, const fetch_opts *fo)
{
	fprintf(stderr, "pacta: scheduled update\n");
	c->writing = true;
	if (cli_open(c) != EXIT_OK)
		return;
	size_t made = 0;
	for (size_t i = 0; i < c->rec->n_treaties; i++) {
		char ref[64];
		if (!pacta_untc_treaty_ref(&c->rec->treaties[i], ref, sizeof(ref)))
			continue;
		pacta_proposal *p;
		size_t n;
		(void)update_one(c, (uint32_t)i, fo, &p, &n);
		update_tell(c->store, fo, "change proposed", p, n);
		made += n;
		pacta_proposals_free(p, n);
	}
	fprintf(stderr, "pacta: scheduled update done: %zu new proposal%s\n", made,
		made == 1 ? "" : "s");
	pacta_record_free(c->rec);
	c->rec = NULL;
	pacta_store_close(c->store);
	c->store = NULL;
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
	long every = 0;
	if (c->update_every && !parse_period(c->update_every, &every))
		return cli_usage(c, "--update-every takes a period of a minute or more, such as 6h, 30m or 1d, not '%s'",
				 c->update_every);
	fetch_opts fo;
	if ((wrc = update_fetch_options(c, &fo)))
		return wrc;
	/* The service takes writes (POST), so its database must be writable. */
	c->writing = true;
	/* The database made ready (created, upgraded), not loaded: the
	 * service opens its own connections, and its start checks the chain
	 * and loads the record, as a command would (loading it here as well
	 * took half of the start of a large record). */
	int rc = cli_open_store(c);
	if (rc)
		return rc;
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
	o.locale_dir = cli_locale_dir();
	o.names = cli_names(c);
	o.bind = c->bind;
	o.public_url = c->public_url;
	o.port = (uint16_t)port;
	o.threads = (unsigned)threads;
	o.decided = on_decided;
	o.decided_arg = &fo;
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
	if (every) {
		fprintf(stderr, "pacta: updating from the depositary every %ld s\n", every);
		for (;;) {
			struct timespec ts = {.tv_sec = every, .tv_nsec = 0};
			sig = sigtimedwait(&set, NULL, &ts);
			if (sig > 0)
				break;
			if (errno == EAGAIN)
				scheduled_update(c, &fo);
		}
	} else {
		sigwait(&set, &sig);
	}
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
	/* Adding or revoking a token is a write, which checks the chain
	 * itself (the record is not needed: on a large store its load was
	 * most of the time); the list is a question, asked of a record
	 * checked as every question's is. */
	int rc = cli_writes_now(c);
	c->writing = true;
	if (!rc)
		rc = named ? cli_open_store(c) : cli_open(c);
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
