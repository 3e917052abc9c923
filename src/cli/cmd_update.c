/*
 * cmd_update.c - pacta update (the depositary's pages fetched, kept, and
 * compared with the record), pacta review (proposals accepted into the
 * record or rejected) and pacta webhook (who is told). docs/update.md.
 */
#include "cli.h"
#include "fetch.h"
#include "update_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "csv.h"
#include "pacta/import.h"
#include "pacta/update.h"
#include "pacta/url.h"

static json_t *proposal_json(const pacta_proposal *p);
static json_t *opt_string(const char *s);
static char *hook_body(const char *event, const pacta_proposal *p, const char *sha256);

/* A positive number of seconds (fractions allowed) as milliseconds. */
static int seconds_opt(cli *c, const char *name, const char *v, long *out)
{
	if (!v)
		return EXIT_OK;
	char *end;
	errno = 0;
	double s = strtod(v, &end);
	if (errno || end == v || *end || !(s > 0) || s > 86400)
		return cli_usage(c, "%s takes a number of seconds above 0 (at most 86400), not '%s'", name,
				 v);
	*out = (long)(s * 1000.0 + 0.5);
	if (*out < 1)
		*out = 1;
	return EXIT_OK;
}

static int count_opt(cli *c, const char *name, const char *v, long min, long max, long *out)
{
	if (!v)
		return EXIT_OK;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < min || n > max)
		return cli_usage(c, "%s takes a whole number from %ld to %ld, not '%s'", name, min, max, v);
	*out = n;
	return EXIT_OK;
}

int update_fetch_options(cli *c, fetch_opts *o)
{
	fetch_opts_default(o);
	snprintf(o->agent_buf, sizeof(o->agent_buf), "pacta/%s", PACTA_VERSION);
	o->user_agent = o->agent_buf;
	long max = (long)o->max_bytes, retries = o->retries;
	int rc;
	if ((rc = seconds_opt(c, "--timeout", c->timeout, &o->timeout_ms)) ||
	    (rc = seconds_opt(c, "--connect-timeout", c->connect_timeout, &o->connect_timeout_ms)) ||
	    (rc = seconds_opt(c, "--retry-wait", c->retry_wait, &o->retry_wait_ms)) ||
	    (rc = count_opt(c, "--max-bytes", c->max_bytes, 1, PACTA_UNTC_MAX_BYTES, &max)) ||
	    (rc = count_opt(c, "--retries", c->retries, 0, 10, &retries)))
		return rc;
	o->max_bytes = (size_t)max;
	o->retries = (int)retries;
	return EXIT_OK;
}

static size_t discard(char *d, size_t s, size_t n, void *u)
{
	(void)d;
	(void)u;
	return s * n;
}

/* POSTs body to the webhook, signed, with retries; a warning when it is
 * not delivered (the proposal or the record stays as it is). */
static void hook_post(const fetch_opts *o, const char *url, const char *secret, const char *body)
{
	char mac[PACTA_SHA256_HEX], sig[100];
	pacta_hmac_sha256_hex(secret, body, strlen(body), mac);
	snprintf(sig, sizeof(sig), "X-Pacta-Signature: sha256=%s", mac);
	long wait = o->retry_wait_ms;
	for (int attempt = 0;; attempt++) {
		CURL *h = curl_easy_init();
		if (!h)
			break;
		struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
		hdrs = curl_slist_append(hdrs, sig);
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
		curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent);
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
		CURLcode cc = curl_easy_perform(h);
		long status = 0;
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_slist_free_all(hdrs);
		curl_easy_cleanup(h);
		if (cc == CURLE_OK && status >= 200 && status <= 299)
			return;
		if (attempt >= o->retries) {
			if (cc == CURLE_OK)
				fprintf(stderr, "pacta: warning: webhook %s: HTTP status %ld; not delivered\n",
					url, status);
			else
				fprintf(stderr, "pacta: warning: webhook %s: %s; not delivered\n", url,
					curl_easy_strerror(cc));
			return;
		}
		struct timespec ts = {.tv_sec = wait / 1000, .tv_nsec = (wait % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		wait *= 2;
	}
}

void update_tell(pacta_store *st, const fetch_opts *o, const char *event,
		 const pacta_proposal *p, size_t n)
{
	char url[1024], secret[256];
	bool found = false;
	pacta_error err;
	if (n == 0 || pacta_store_webhook(st, url, sizeof(url), secret, sizeof(secret), &found,
					  &err) != PACTA_OK ||
	    !found)
		return;
	for (size_t i = 0; i < n; i++) {
		pacta_snapshot s;
		const char *sha = NULL;
		if (pacta_store_snapshot_get(st, p[i].snapshot, &s, &err) == PACTA_OK)
			sha = s.sha256;
		char *body = hook_body(event, &p[i], sha);
		if (sha)
			pacta_snapshot_clear(&s);
		if (body)
			hook_post(o, url, secret, body);
		free(body);
	}
}

/* The webhook's JSON body for one proposal: the event, the proposal as
 * review list --json gives it, and its snapshot's SHA-256. */
static char *hook_body(const char *event, const pacta_proposal *p, const char *sha256)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "event", json_string(event));
	json_object_set_new(o, "treaty", json_string(p->treaty));
	json_object_set_new(o, "proposal", proposal_json(p));
	json_object_set_new(o, "snapshot_sha256", opt_string(sha256));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

static void print_proposal_line(FILE *f, const pacta_proposal *p)
{
	fprintf(f, "%-5lld %-8s %-5s %-4s %-8s %s\n", p->id, p->treaty,
		pacta_proposal_kind_name(p->kind), p->state[0] ? p->state : "-",
		pacta_proposal_status_name(p->status), p->page_says);
}

static json_t *opt_string(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *proposal_json(const pacta_proposal *p)
{
	char *text = pacta_proposal_json(p);
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return o;
}

int update_pending(pacta_store *st, const char *treaty, size_t *n, pacta_error *err)
{
	pacta_proposal *p;
	*n = 0;
	pacta_rc rc = pacta_store_proposals(st, treaty, PACTA_PROPOSAL_PENDING, &p, n, err);
	if (rc == PACTA_OK)
		pacta_proposals_free(p, *n);
	return rc;
}

/* Reads one treaty's page (fetched or from a file), keeps it and proposes
 * what differs. new_props gets the proposals made now (caller frees). */
int update_one(cli *c, uint32_t t, const fetch_opts *o, pacta_proposal **new_props,
	       size_t *n_new)
{
	*new_props = NULL;
	*n_new = 0;
	const pacta_treaty *tr = &c->rec->treaties[t];
	const char *tid = tr->id;
	pacta_error err;
	char url[1024], why[1400];
	if (c->from_file)
		snprintf(url, sizeof(url), "file:%s", c->from_file);
	else
		snprintf(url, sizeof(url), "%s", c->url ? c->url : tr->source_url ? tr->source_url : "");
	if (!url[0]) {
		fprintf(stderr, "pacta: %s: its rules file gives no source_url to fetch\n", tid);
		return EXIT_USAGE;
	}
	/* The validators of this URL's last page; the counts of the
	 * treaty's last page, wherever it came from. */
	pacta_snapshot last, prev;
	bool have_last = false, have_prev = false;
	if (pacta_store_snapshot_last(c->store, url, NULL, &last, &have_last, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if (pacta_store_snapshot_last(c->store, NULL, tid, &prev, &have_prev, &err) != PACTA_OK) {
		pacta_snapshot_clear(&last);
		return cli_fail(c, &err);
	}
	fetch_result r = {0};
	if (c->from_file) {
		if (csv_slurp(c->from_file, o->max_bytes, &r.body, &r.len, &err) != PACTA_OK) {
			pacta_snapshot_clear(&last);
			pacta_snapshot_clear(&prev);
			return cli_fail(c, &err);
		}
		r.status = 200;
	} else {
		fetch_opts fo = *o;
		if (have_last) {
			fo.etag = last.etag;
			fo.last_modified = last.last_modified;
		}
		if (fetch_url(url, &fo, &r, why, sizeof(why)) != 0) {
			fprintf(stderr, "pacta: %s: %s\n", tid, why);
			pacta_snapshot_clear(&last);
			pacta_snapshot_clear(&prev);
			return EXIT_FETCH;
		}
	}
	pacta_snapshot snap = {0};
	snprintf(snap.treaty, sizeof(snap.treaty), "%s", tid);
	snprintf(snap.url, sizeof(snap.url), "%s", url);
	snap.http_status = r.status;
	snprintf(snap.etag, sizeof(snap.etag), "%s", r.etag);
	snprintf(snap.last_modified, sizeof(snap.last_modified), "%s", r.last_modified);
	int rc = EXIT_OK;
	pacta_untc_page *pg = NULL;
	if (r.status == 304) {
		/* Nothing new: kept as a fetch that confirms the last page. */
		snprintf(snap.sha256, sizeof(snap.sha256), "%s", have_last ? last.sha256 : "");
		if (!have_last)
			memset(snap.sha256, '0', 64);
		if (pacta_store_snapshot_add(c->store, &snap, NULL, 0, &err) != PACTA_OK)
			rc = cli_fail(c, &err);
		else
			fprintf(stderr, "pacta: %s: not modified since %s (%s)\n", tid,
				have_last ? last.fetched_at : "the last fetch", url);
		goto out;
	}
	/* Every page is kept, readable or not: what was served is evidence. */
	bool readable = fetch_encoding_ok(r.body, r.len, r.charset, why, sizeof(why));
	pacta_rc prc = PACTA_OK;
	if (readable) {
		prc = pacta_untc_parse(r.body, r.len, url, c->rec, &pg, &err);
		readable = prc == PACTA_OK;
	}
	if (readable) {
		snap.counts = pacta_update_counts_text(pg);
		if (!snap.counts) {
			rc = EXIT_BADDATA;
			fprintf(stderr, "pacta: out of memory\n");
			goto out;
		}
	}
	if (pacta_store_snapshot_add(c->store, &snap, r.body, r.len, &err) != PACTA_OK) {
		rc = cli_fail(c, &err);
		goto out;
	}
	if (!readable) {
		if (prc != PACTA_OK)
			rc = cli_fail(c, &err);
		else {
			fprintf(stderr, "pacta: %s: %s: %s\n", tid, url, why);
			rc = EXIT_BADDATA;
		}
		fprintf(stderr, "pacta: %s: kept as snapshot %lld; nothing proposed\n", tid, snap.id);
		goto out;
	}
	cli_untc_report(url, pg);
	char ref[64];
	if (pacta_untc_treaty_ref(tr, ref, sizeof(ref)) && strcasecmp(ref, pg->mtdsg_no) != 0) {
		fprintf(stderr, "pacta: %s: the page is UNTC %s, but %s is UNTC %s; nothing proposed\n",
			url, pg->mtdsg_no, tid, ref);
		rc = EXIT_BADDATA;
		goto out;
	}
	size_t problems = pacta_untc_problems(pg);
	if (problems) {
		fprintf(stderr, "pacta: %s: %zu thing%s on the page could not be read; nothing proposed\n",
			url, problems, problems == 1 ? "" : "s");
		rc = EXIT_BADDATA;
		goto out;
	}
	pacta_proposal *p = NULL;
	size_t n = 0, added = 0;
	if (pacta_update_diff(pg, c->rec, t, have_prev ? prev.counts : NULL, &p, &n, &err) !=
	    PACTA_OK) {
		rc = cli_fail(c, &err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		p[i].snapshot = snap.id;
	if (pacta_store_proposals_add(c->store, p, n, &added, &err) != PACTA_OK) {
		pacta_proposals_free(p, n);
		rc = cli_fail(c, &err);
		goto out;
	}
	fprintf(stderr, "pacta: %s: snapshot %lld (sha256 %.16s...): %zu difference%s from the record, %zu new proposal%s\n",
		tid, snap.id, snap.sha256, n, n == 1 ? "" : "s", added, added == 1 ? "" : "s");
	/* The stored ones are at the front; the rest were made before. */
	for (size_t i = added; i < n; i++)
		pacta_proposal_clear(&p[i]);
	*new_props = p;
	*n_new = added;
out:
	pacta_untc_page_free(pg);
	pacta_snapshot_clear(&snap);
	pacta_snapshot_clear(&last);
	pacta_snapshot_clear(&prev);
	fetch_result_clear(&r);
	return rc;
}

int cmd_update(cli *c)
{
	if ((c->from_file || c->url) && c->n_args != 1)
		return cli_usage(c, "%s needs exactly one TREATY", c->from_file ? "--from-file" : "--url");
	if (c->from_file && c->url)
		return cli_usage(c, "--from-file and --url exclude each other");
	fetch_opts o;
	int rc = update_fetch_options(c, &o);
	if (rc || (rc = cli_open_for_writing(c)))
		return rc;
	uint32_t list[64];
	size_t nt = 0;
	if (c->n_args) {
		for (int i = 0; i < c->n_args && nt < 64; i++)
			if ((rc = cli_treaty(c, c->args[i], &list[nt++])))
				return rc;
	} else {
		for (size_t i = 0; i < c->rec->n_treaties && nt < 64; i++) {
			char ref[64];
			if (pacta_untc_treaty_ref(&c->rec->treaties[i], ref, sizeof(ref)))
				list[nt++] = (uint32_t)i;
		}
	}
	int worst = EXIT_OK;
	json_t *all = c->format == OUT_JSON ? json_array() : NULL;
	for (size_t i = 0; i < nt; i++) {
		pacta_proposal *p;
		size_t n;
		int r = update_one(c, list[i], &o, &p, &n);
		if (r && !worst)
			worst = r;
		for (size_t k = 0; k < n; k++) {
			if (all)
				json_array_append_new(all, proposal_json(&p[k]));
			else
				print_proposal_line(stdout, &p[k]);
		}
		update_tell(c->store, &o, "change proposed", p, n);
		pacta_proposals_free(p, n);
	}
	size_t pending = 0, n;
	pacta_error err;
	for (size_t i = 0; i < nt; i++) {
		if (update_pending(c->store, c->rec->treaties[list[i]].id, &n, &err) != PACTA_OK) {
			json_decref(all);
			return cli_fail(c, &err);
		}
		pending += n;
	}
	if (all) {
		json_t *o2 = json_pack("{s:o, s:I}", "proposals", all, "pending", (json_int_t)pending);
		if ((rc = out_json(json_dumps(o2, JSON_INDENT(2) | JSON_PRESERVE_ORDER))))
			worst = worst ? worst : rc;
		json_decref(o2);
	}
	if (worst)
		return worst;
	if (pending) {
		fprintf(stderr, "pacta: %zu proposal%s wait%s for review (pacta review list)\n", pending,
			pending == 1 ? "" : "s", pending == 1 ? "s" : "");
		return EXIT_PROPOSED;
	}
	fprintf(stderr, "pacta: nothing waits for review\n");
	return EXIT_OK;
}

/* ---- review ---- */

static int proposal_id(cli *c, const char *s, long long *id)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 1)
		return cli_usage(c, "ID must be a proposal's number, not '%s'", s);
	*id = v;
	return EXIT_OK;
}

int review_accept(cli *c, long long id, char *msg, size_t msg_size)
{
	pacta_error err;
	pacta_diags problems = {0};
	long long change = 0;
	pacta_rc rc = pacta_review_accept(c->store, c->rec, id, c->source, c->note, cli_who(),
					  cli_import_flags(c), &problems, &change, &err);
	int code = cli_report_import(c, rc, &problems, &err);
	if (code)
		return code;
	if (change)
		snprintf(msg, msg_size, "proposal %lld accepted: recorded as change %lld", id, change);
	else
		snprintf(msg, msg_size, "proposal %lld accepted: nothing appended to the record", id);
	return EXIT_OK;
}

static int review_list(cli *c)
{
	if (c->n_args > 2)
		return cli_usage(c, "review list takes at most one TREATY");
	int rc = cli_open(c);
	if (rc)
		return rc;
	const char *treaty = NULL;
	uint32_t t;
	if (c->n_args == 2) {
		if ((rc = cli_treaty(c, c->args[1], &t)))
			return rc;
		treaty = c->rec->treaties[t].id;
	}
	pacta_proposal *p;
	size_t n;
	pacta_error err;
	if (pacta_store_proposals(c->store, treaty, c->all ? -1 : PACTA_PROPOSAL_PENDING, &p, &n,
				  &err) != PACTA_OK)
		return cli_fail(c, &err);
	if (c->format == OUT_JSON) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, proposal_json(&p[i]));
		pacta_proposals_free(p, n);
		json_t *o = json_pack("{s:o}", "proposals", arr);
		rc = out_json(json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER));
		json_decref(o);
		return rc;
	}
	if (n)
		printf("ID    TREATY   KIND  STATE STATUS   THE PAGE SAYS\n");
	for (size_t i = 0; i < n; i++)
		print_proposal_line(stdout, &p[i]);
	if (!n)
		fprintf(stderr, "pacta: no proposals%s\n", c->all ? "" : " wait for review");
	pacta_proposals_free(p, n);
	return EXIT_OK;
}

static int review_show(cli *c, long long id)
{
	int rc = cli_open(c);
	if (rc)
		return rc;
	pacta_proposal p;
	pacta_error err;
	if (pacta_store_proposal_get(c->store, id, &p, &err) != PACTA_OK)
		return cli_fail(c, &err);
	pacta_snapshot s;
	bool have = pacta_store_snapshot_get(c->store, p.snapshot, &s, &err) == PACTA_OK;
	if (c->format == OUT_JSON) {
		json_t *o = proposal_json(&p);
		if (have)
			json_object_set_new(o, "evidence",
					    json_pack("{s:I, s:s, s:s, s:I, s:s, s:I}", "snapshot",
						      (json_int_t)s.id, "url", s.url, "fetched_at",
						      s.fetched_at, "http_status", (json_int_t)s.http_status,
						      "sha256", s.sha256, "size", (json_int_t)s.size));
		rc = out_json(json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER));
		json_decref(o);
	} else {
		printf("proposal %lld (%s, %s): %s\n", p.id, p.treaty, pacta_proposal_kind_name(p.kind),
		       pacta_proposal_status_name(p.status));
		printf("  the page says:    %s\n", p.page_says);
		printf("  the record says:  %s\n", p.record_says);
		printf("  accepting %s: %s\n", p.act ? "appends" : "records", p.would_append);
		if (have)
			printf("  evidence:         snapshot %lld of %s, fetched %s, HTTP %ld, %zu bytes, sha256 %s\n",
			       s.id, s.url, s.fetched_at, s.http_status, s.size, s.sha256);
		if (p.status != PACTA_PROPOSAL_PENDING)
			printf("  decided:          %s by %s%s%s\n", p.decided_at,
			       p.decided_by ? p.decided_by : "?", p.note ? ": " : "", p.note ? p.note : "");
	}
	if (have)
		pacta_snapshot_clear(&s);
	pacta_proposal_clear(&p);
	return rc;
}

int cmd_review(cli *c)
{
	if (c->n_args < 1)
		return cli_usage(c, "review takes list, show, accept or reject");
	const char *what = c->args[0];
	if (strcmp(what, "list") == 0)
		return review_list(c);
	if (strcmp(what, "show") != 0 && strcmp(what, "accept") != 0 && strcmp(what, "reject") != 0)
		return cli_usage(c, "review takes list, show, accept or reject, not '%s'", what);
	if (c->n_args != 2)
		return cli_usage(c, "review %s takes one ID", what);
	long long id = 0;
	int rc = proposal_id(c, c->args[1], &id);
	if (rc)
		return rc;
	if (strcmp(what, "show") == 0)
		return review_show(c, id);
	if (c->source && what[0] == 'r')
		return cli_usage(c, "--source is for review accept");
	if (c->source) {
		char why[PACTA_URL_WHY_BUFSZ];
		if (!pacta_url_check(c->source, why, sizeof(why)))
			return cli_usage(c, "--source must be an http(s) URL (RFC 3986): %s", why);
	}
	if ((rc = cli_open_for_writing(c)))
		return rc;
	pacta_error err;
	char msg[400];
	if (what[0] == 'a') {
		if ((rc = review_accept(c, id, msg, sizeof(msg))))
			return rc;
		fprintf(stderr, "pacta: %s\n", msg);
		fetch_opts o;
		pacta_proposal q;
		if (update_fetch_options(c, &o) == EXIT_OK &&
		    pacta_store_proposal_get(c->store, id, &q, &err) == PACTA_OK) {
			update_tell(c->store, &o, "change recorded", &q, 1);
			pacta_proposal_clear(&q);
		}
		return EXIT_OK;
	}
	if (pacta_review_reject(c->store, id, cli_who(), c->note, &err) != PACTA_OK)
		return cli_fail(c, &err);
	fprintf(stderr, "pacta: proposal %lld rejected; the same evidence is not proposed again\n", id);
	return EXIT_OK;
}

/* ---- webhook ---- */

int cmd_webhook(cli *c)
{
	if (c->n_args < 1)
		return cli_usage(c, "webhook takes set, show or remove");
	const char *what = c->args[0];
	pacta_error err;
	int rc;
	if (strcmp(what, "show") == 0) {
		if (c->n_args != 1)
			return cli_usage(c, "webhook show takes nothing more");
		if ((rc = cli_open(c)))
			return rc;
		char url[1024], secret[256];
		bool found;
		if (pacta_store_webhook(c->store, url, sizeof(url), secret, sizeof(secret), &found,
					&err) != PACTA_OK)
			return cli_fail(c, &err);
		if (!found) {
			fprintf(stderr, "pacta: no webhook is set\n");
			return EXIT_NOTFOUND;
		}
		printf("%s\n", url);
		return EXIT_OK;
	}
	if (strcmp(what, "set") == 0) {
		if (c->n_args != 2)
			return cli_usage(c, "webhook set takes one URL");
		if (!c->secret)
			return cli_usage(c, "webhook set needs --secret SECRET (16 bytes or more)");
		char why[PACTA_URL_WHY_BUFSZ];
		if (!pacta_url_check(c->args[1], why, sizeof(why)))
			return cli_usage(c, "the webhook must be an http(s) URL (RFC 3986): %s", why);
		if ((rc = cli_open_for_writing(c)))
			return rc;
		if (pacta_store_webhook_set(c->store, c->args[1], c->secret, &err) != PACTA_OK)
			return cli_fail(c, &err);
		fprintf(stderr, "pacta: webhook set: %s\n", c->args[1]);
		return EXIT_OK;
	}
	if (strcmp(what, "remove") == 0) {
		if (c->n_args != 1)
			return cli_usage(c, "webhook remove takes nothing more");
		if ((rc = cli_open_for_writing(c)))
			return rc;
		if (pacta_store_webhook_set(c->store, NULL, NULL, &err) != PACTA_OK)
			return cli_fail(c, &err);
		fprintf(stderr, "pacta: webhook removed\n");
		return EXIT_OK;
	}
	return cli_usage(c, "webhook takes set, show or remove, not '%s'", what);
}
