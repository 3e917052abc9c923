/*
 * cmd_export.c - the commands for researchers and watchers: panel, counts,
 * feed, export. Each parses its options and hands the work to the library
 * (panel.h, counts.h, feed.h, datapackage.h).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "pacta/counts.h"
#include "pacta/datapackage.h"
#include "pacta/feed.h"
#include "pacta/panel.h"

/* The states of --state (ISO codes or names, comma-separated) into *out
 * (malloc'd); *n = 0 and *out = NULL without --state. */
static int resolve_states(cli *c, uint32_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!c->state)
		return EXIT_OK;
	size_t len = strlen(c->state);
	uint32_t *ps = calloc(len + 1, sizeof(*ps));
	char *copy = malloc(len + 1);
	if (!ps || !copy) {
		free(ps);
		free(copy);
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	memcpy(copy, c->state, len + 1);
	char *p = copy;
	while (p) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		int rc = *p ? cli_state(c, p, &ps[*n]) : cli_usage(c, "--state has an empty name");
		if (rc) {
			free(ps);
			free(copy);
			return rc;
		}
		(*n)++;
		p = comma ? comma + 1 : NULL;
	}
	free(copy);
	*out = ps;
	return EXIT_OK;
}

/* Compiles the treaties named in args (all of them when none, into
 * *blocks, which the caller frees after the statuses). */
static int compile_treaties(cli *c, pacta_treaty_status ***out, size_t *n,
			    pacta_status_blocks **blocks)
{
	size_t want = c->n_args ? (size_t)c->n_args : c->rec->n_treaties;
	pacta_treaty_status **ts = calloc(want ? want : 1, sizeof(*ts));
	int rc = EXIT_OK;
	*blocks = NULL;
	if (!ts) {
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	if (!c->n_args) {
		pacta_error err;
		if (pacta_status_compile_all(c->rec, ts, blocks, &err) != PACTA_OK) {
			free(ts);
			return cli_fail(c, &err);
		}
		*out = ts;
		*n = want;
		return EXIT_OK;
	}
	for (size_t i = 0; rc == EXIT_OK && i < want; i++) {
		uint32_t t = (uint32_t)i;
		if (c->n_args)
			rc = cli_treaty(c, c->args[i], &t);
		if (rc == EXIT_OK)
			rc = cli_compile(c, t, &ts[i]);
	}
	if (rc) {
		for (size_t i = 0; i < want; i++)
			pacta_treaty_status_free(ts[i]);
		free(ts);
		return rc;
	}
	*out = ts;
	*n = want;
	return EXIT_OK;
}

static int unit_option(cli *c, pacta_unit dflt, pacta_unit *out)
{
	*out = dflt;
	if (c->unit && !pacta_unit_parse(c->unit, out))
		return cli_usage(c, "--unit is year, month or day, not '%s'", c->unit);
	return EXIT_OK;
}

int cmd_panel(cli *c)
{
	pacta_panel_options opt;
	pacta_error err;
	memset(&opt, 0, sizeof(opt));
	int rc = unit_option(c, PACTA_UNIT_YEAR, &opt.unit);
	if (rc)
		return rc;
	if (c->rule && !pacta_panel_rule_parse(c->rule, &opt.rule))
		return cli_usage(c, "--rule is end-of-period or any-time, not '%s'", c->rule);
	if (!c->from_arg || !c->to_arg)
		return cli_usage(c, "a panel needs --from and --to");
	if (pacta_period_parse_bound(c->from_arg, false, "--from", &opt.from, &err) ||
	    pacta_period_parse_bound(c->to_arg, true, "--to", &opt.to, &err))
		return cli_usage(c, "%s: %s", err.where, err.message);
	if (pacta_period_start(opt.unit, opt.from) > pacta_period_end(opt.unit, opt.to))
		return cli_usage(c, "--from %s is after --to %s", c->from_arg, c->to_arg);
	opt.all_states = c->all_states;
	if ((rc = cli_open(c)) != 0)
		return rc;
	uint32_t *states = NULL;
	size_t n_states = 0;
	if ((rc = resolve_states(c, &states, &n_states)) != 0)
		return rc;
	opt.participants = states;
	opt.n_participants = n_states;
	pacta_treaty_status **ts = NULL;
	pacta_status_blocks *blocks = NULL;
	size_t n = 0;
	if ((rc = compile_treaties(c, &ts, &n, &blocks)) == 0) {
		if (pacta_panel_write(stdout, c->ndjson ? PACTA_PANEL_NDJSON : PACTA_PANEL_CSV,
				      (const pacta_treaty_status *const *)ts, n, &opt,
				      &err) != PACTA_OK)
			rc = cli_fail(c, &err);
		for (size_t i = 0; i < n; i++)
			pacta_treaty_status_free(ts[i]);
		pacta_status_blocks_free(blocks);
		free(ts);
	}
	free(states);
	return rc;
}

int cmd_counts(cli *c)
{
	pacta_unit unit;
	pacta_error err;
	int rc = unit_option(c, PACTA_UNIT_YEAR, &unit);
	if (rc)
		return rc;
	if (c->n_args != 1)
		return cli_usage(c, cli_tr(c, "wrong number of arguments"));
	if (c->from == PACTA_DAY_NONE || c->to == PACTA_DAY_NONE)
		return cli_usage(c, "counts needs --from and --to");
	if (c->from > c->to)
		return cli_usage(c, cli_tr(c, "--from must not be after --to"));
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	if ((rc = cli_open(c)) != 0 || (rc = cli_treaty(c, c->args[0], &t)) != 0 ||
	    (rc = cli_compile(c, t, &ts)) != 0)
		return rc;
	if (c->format == OUT_JSON) {
		char *json = pacta_counts_series_json(ts, c->from, c->to, unit, &err);
		rc = json ? out_json(json) : cli_fail(c, &err);
		pacta_treaty_status_free(ts);
		return rc;
	}
	pacta_counts_point *pts = NULL;
	size_t n = 0;
	if (pacta_counts_series(ts, c->from, c->to, unit, &pts, &n, &err) != PACTA_OK) {
		pacta_treaty_status_free(ts);
		return cli_fail(c, &err);
	}
	char d[PACTA_DATE_BUFSZ];
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"date", "parties", "consented", "signatories"};
		out_csv_row(stdout, head, 4);
		for (size_t i = 0; i < n; i++)
			printf("%s,%zu,%zu,%zu\r\n", pacta_date_format(pts[i].date, d),
			       pts[i].parties, pts[i].consented, pts[i].signatories);
	} else {
		printf("%-10s  %7s  %9s  %11s\n", "date", "parties", "consented", "signatories");
		for (size_t i = 0; i < n; i++)
			printf("%-10s  %7zu  %9zu  %11zu\n", pacta_date_format(pts[i].date, d),
			       pts[i].parties, pts[i].consented, pts[i].signatories);
		printf("\nparties: %s.\nconsented: %s.\nsignatories: %s.\n",
		       pacta_counts_meaning_parties, pacta_counts_meaning_consented,
		       pacta_counts_meaning_signatories);
	}
	free(pts);
	pacta_treaty_status_free(ts);
	return EXIT_OK;
}

/* feed --review: what pacta update proposed for the treaty, and what of
 * it was recorded. */
static int review_feed(cli *c, uint32_t t, pacta_feed_format fmt)
{
	pacta_error err;
	pacta_proposal *p;
	size_t n;
	if (c->state || c->on_given)
		return cli_usage(c, "--review takes neither --state nor --on");
	const pacta_treaty *tr = &c->rec->treaties[t];
	if (pacta_store_proposals(c->store, tr->id, -1, &p, &n, &err) != PACTA_OK)
		return cli_fail(c, &err);
	char *text = NULL;
	size_t len = 0;
	int rc = EXIT_OK;
	if (pacta_feed_write_review(tr, p, n, fmt, NULL, &text, &len, &err) != PACTA_OK)
		rc = cli_fail(c, &err);
	else
		fwrite(text, 1, len, stdout);
	free(text);
	pacta_proposals_free(p, n);
	return rc;
}

int cmd_feed(cli *c)
{
	pacta_feed_format fmt = PACTA_FEED_ATOM;
	pacta_error err;
	int rc;
	if (c->n_args != 1)
		return cli_usage(c, cli_tr(c, "wrong number of arguments"));
	if (c->feed_format && !pacta_feed_format_parse(c->feed_format, &fmt))
		return cli_usage(c, "--format is atom or json, not '%s'", c->feed_format);
	if (c->format == OUT_JSON)
		fmt = PACTA_FEED_JSON;
	uint32_t t;
	if ((rc = cli_open(c)) != 0 || (rc = cli_treaty(c, c->args[0], &t)) != 0)
		return rc;
	if (c->review)
		return review_feed(c, t, fmt);
	uint32_t *states = NULL;
	size_t n_states = 0;
	if ((rc = resolve_states(c, &states, &n_states)) != 0)
		return rc;
	pacta_treaty_status *ts = NULL;
	if ((rc = cli_compile(c, t, &ts)) == 0) {
		char *text = NULL;
		size_t len = 0;
		if (pacta_feed_write(ts, c->on, states, n_states, fmt, NULL, &text, &len, &err))
			rc = cli_fail(c, &err);
		else
			fwrite(text, 1, len, stdout);
		free(text);
		pacta_treaty_status_free(ts);
	}
	free(states);
	return rc;
}

int cmd_export(cli *c)
{
	pacta_error err;
	int rc;
	if (c->n_args != 0)
		return cli_usage(c, "export takes no arguments");
	if (!c->datapackage || !c->datapackage[0])
		return cli_usage(c, "export needs --datapackage DIR or --datapackage FILE.zip");
	if ((rc = cli_open(c)) != 0)
		return rc;
	/* A name ending in .zip is one archive, the very bytes the service's
	 * /v1/datapackage.zip gives for the same record and day. */
	size_t n = strlen(c->datapackage);
	if (n > 4 && strcmp(c->datapackage + n - 4, ".zip") == 0) {
		char *zip = NULL;
		size_t len = 0;
		if (pacta_datapackage_zip(c->rec, c->on, &zip, &len, &err) != PACTA_OK)
			return cli_fail(c, &err);
		rc = out_write_file(c->datapackage, zip, len);
		free(zip);
		if (rc == EXIT_OK)
			fprintf(stderr, "pacta: wrote the data package to %s\n", c->datapackage);
		return rc;
	}
	if (pacta_datapackage_write(c->rec, c->datapackage, c->on, &err) != PACTA_OK)
		return cli_fail(c, &err);
	fprintf(stderr, "pacta: wrote the data package to %s\n", c->datapackage);
	return EXIT_OK;
}
