/*
 * update_run.h - what pacta update and pacta review share with the
 * service's schedule (serve --update-every) and its review routes.
 */
#ifndef PACTA_CLI_UPDATE_RUN_H
#define PACTA_CLI_UPDATE_RUN_H

#include "cli.h"
#include "fetch.h"
#include "pacta/update.h"

/* The fetch options from --timeout, --connect-timeout, --max-bytes,
 * --retries and --retry-wait (a usage error when one is wrong). */
int update_fetch_options(cli *c, fetch_opts *o);
/* Fetches (or with --from-file reads) treaty t's page, keeps it, and
 * stores what differs from the record as proposals; *new_props gets the
 * ones made now (free with pacta_proposals_free). An exit code. */
int update_one(cli *c, uint32_t t, const fetch_opts *o, pacta_proposal **new_props,
	       size_t *n_new);
/* The proposals waiting for review of treaty (NULL: all). */
int update_pending(pacta_store *st, const char *treaty, size_t *n, pacta_error *err);
/* Tells the webhook (if one is set) of each proposal: event "change
 * proposed" or "change recorded". Failures are warnings on stderr. */
void update_tell(pacta_store *st, const fetch_opts *o, const char *event,
		 const pacta_proposal *p, size_t n);
/* pacta_review_accept() of proposal id into c's record, with --source
 * and --note; its problems on stderr; msg says what was done. */
int review_accept(cli *c, long long id, char *msg, size_t msg_size);

#endif
