/*
 * routes.c - the service's answers: which route a path names, which
 * methods it allows, and the JSON the library gives for it. The JSON
 * bodies are the library's report functions' output, byte for byte what
 * the CLI prints with --json.
 *
 * What this module must never do: hold treaty law (the library computes
 * every answer), trust a parameter (each is parsed and bounded), or fail
 * without an answer (every error is a problem document).
 */
#include "service.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pacta/datapackage.h"
#include "pacta/date.h"
#include "pacta/declarations.h"
#include "pacta/ical.h"
#include "pacta/panel.h"
#include "pacta/territory.h"
#include "pacta/explain.h"
#include "pacta/lang.h"
#include "pacta/names.h"
#include "pacta/import.h"
#include "pacta/obligations.h"
#include "pacta/report.h"
#include "pacta/token.h"
#include "pacta/update.h"
#include "pacta/url.h"
#include "csv.h"
#include "jsontext.h"
#include "listing.h"
#include "pacta/map.h"
#include "pacta/counts.h"
#include "pacta/feed.h"
#include "pacta/period.h"
#include "pacta/profile.h"

#define JSON_TYPE "application/json"
#define PROBLEM_TYPE "application/problem+json"
/* Most monthly samples a counts answer gives (a century). */
#define COUNTS_MAX_SAMPLES 1200
/* Most acts one POST may carry. */
#define POST_MAX_ACTS 1000
/* Seconds a client is asked to wait when another process holds the
 * store's write lock: as long as the service itself waited. */
#define STORE_RETRY_AFTER_S 5
#define MAX_SEGMENTS 8
/* Most rows a panel answer may have: periods times the states it could
 * hold (the record's, or the one asked for); about 10 MB of CSV. */
#define PANEL_MAX_ROWS 100000

const char *const routes_params[] = { "on",   "from",  "to",   "group", "unit",  "year", "state",
				      "rule", "lang",  "limit", "after", "q", NULL };

void routes_lang(const pacta_server *srv, const char *lang_param, const char *accept_language,
		 char *out, size_t size)
{
	const char *dir = srv->opt.locale_dir;
	snprintf(out, size, "en");
	if (!dir)
		return;
	if (lang_param && pacta_lang_pick(lang_param, dir, out, size))
		return;
	if (accept_language && pacta_lang_pick(accept_language, dir, out, size))
		return;
}

typedef struct ctx {
	pacta_server *srv;
	snapshot *snap;
	const route_request *rq;
	route_answer *out;
	const char *seg[MAX_SEGMENTS];
	size_t n_seg;
	uint32_t treaty; /* when the route names one */
	const pacta_treaty_status *ts;
} ctx;

/* ---- Answers ---- */

/* A client's value, cut to size - 4 bytes, as printable ASCII (anything
 * else becomes '?'), with "..." when cut: safe to echo in a detail. */
static const char *shown(char *dst, size_t size, const char *src)
{
	size_t n = 0;
	for (; src[n] && n + 4 < size; n++)
		dst[n] = src[n] >= 0x20 && src[n] < 0x7f ? src[n] : '?';
	if (src[n]) {
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return dst;
}

static const char *problem_slug(unsigned status)
{
	switch (status) {
	case 400:
		return "bad-request";
	case 401:
		return "unauthorized";
	case 404:
		return "not-found";
	case 405:
		return "method-not-allowed";
	case 413:
		return "content-too-large";
	case 414:
		return "uri-too-long";
	case 415:
		return "unsupported-media-type";
	case 422:
		return "record-check-failed";
	case 503:
		return "unavailable";
	default:
		return "server-error";
	}
}

static void problem_v(route_answer *out, unsigned status, const char *title, json_t *extra,
		      const char *fmt, va_list ap) PACTA_PRINTF(5, 0);

static void problem_v(route_answer *out, unsigned status, const char *title, json_t *extra,
		      const char *fmt, va_list ap)
{
	char detail[1024], type[64];
	if (vsnprintf(detail, sizeof(detail), fmt, ap) < 0)
		detail[0] = '\0';
	snprintf(type, sizeof(type), "urn:pacta:problem:%s", problem_slug(status));
	json_t *o = json_pack("{s:s,s:s,s:i,s:s}", "type", type, "title", title, "status",
			      (int)status, "detail", detail);
	if (!o) /* a detail that is not UTF-8 (client bytes in a library message) */
		o = json_pack("{s:s,s:s,s:i,s:s}", "type", type, "title", title, "status",
			      (int)status, "detail", "(the detail is not valid UTF-8)");
	if (o && extra)
		json_object_update(o, extra);
	json_decref(extra);
	char *s = json_text(o, o != NULL);
	free(out->body);
	out->body = NULL;
	out->status = status;
	out->content_type = PROBLEM_TYPE;
	out->cacheable = false;
	out->cache_control = "no-store";
	if (s) {
		out->body = s;
		out->len = strlen(s);
		return;
	}
	out->static_body =
		"{\"type\":\"urn:pacta:problem:server-error\",\"title\":\"Out of memory\","
		"\"status\":500,\"detail\":\"the answer could not be built\"}\n";
	out->len = strlen(out->static_body);
	out->status = 500;
}

void routes_problem(route_answer *out, unsigned status, const char *title, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem_v(out, status, title, NULL, fmt, ap);
	va_end(ap);
}

static void problem_with(route_answer *out, unsigned status, const char *title, json_t *extra,
			 const char *fmt, ...) PACTA_PRINTF(5, 6);
static void problem_with(route_answer *out, unsigned status, const char *title, json_t *extra,
			 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem_v(out, status, title, extra, fmt, ap);
	va_end(ap);
}

/* A JSON body from the library (taken); NULL means memory ran out. */
static void json_answer(ctx *c, char *body)
{
	if (!body) {
		routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		return;
	}
	c->out->status = 200;
	c->out->content_type = JSON_TYPE;
	c->out->body = body;
	c->out->len = strlen(body);
	c->out->cacheable = true;
	c->out->cache_control = "public, no-cache";
}

/* Dumps a composed answer the way report.c does: two-space indent, keys
 * in insertion order, a final newline. Takes root. */
static void json_compose(ctx *c, json_t *root)
{
	json_answer(c, json_text(root, root != NULL));
}

/* A library JSON text parsed back, to be placed inside a composed answer. */
static json_t *reparse(char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return v;
}

/* ---- Parameters ---- */

/* A date parameter: absent gives def; false (with a 400 answer) when bad. */
static bool date_param(ctx *c, const char *name, pacta_day def, pacta_day *out)
{
	const char *v = c->rq->arg(c->rq->arg_ctx, name);
	if (!v) {
		*out = def;
		/* The answer changes at midnight: Last-Modified says so. */
		if (def == pacta_date_today())
			c->out->today_based = true;
		return true;
	}
	if (!pacta_date_parse(v, strlen(v), out)) {
		char buf[28];
		routes_problem(c->out, 400, "Bad date",
			       "'%s' needs a real date YYYY-MM-DD, not '%s'", name,
			       shown(buf, sizeof(buf), v));
		return false;
	}
	return true;
}

static bool participant_param(ctx *c, const char *code, uint32_t *out)
{
	const pacta_record *rec = c->snap->rec;
	char up[4];
	size_t n = strlen(code);
	if (n == 3) {
		for (size_t i = 0; i < 3; i++)
			up[i] = (char)toupper((unsigned char)code[i]);
		up[3] = '\0';
		int32_t p = pacta_record_participant_by_iso3(rec, up);
		if (p >= 0) {
			*out = (uint32_t)p;
			return true;
		}
	}
	char buf[20];
	routes_problem(c->out, 404, "Unknown state",
		       "no state with ISO 3166-1 alpha-3 code '%s' in the record (see /v1/states)",
		       shown(buf, sizeof(buf), code));
	return false;
}

/* ---- Routes ---- */

#define HEALTH_DAMAGED                                                                      \
	"the database's record fails its integrity check: answers are from the record as "   \
	"last verified, and writes are refused"

static void r_health(ctx *c)
{
	bool damaged = atomic_load(&c->srv->damaged);

	c->out->status = damaged ? 503 : 200;
	c->out->content_type = JSON_TYPE;
	/* The page asks whether there is a map to fetch. A store whose record
	 * failed its integrity check makes the service unhealthy, although
	 * it still answers from the record it last verified. */
	if (damaged)
		c->out->static_body =
			c->srv->opt.map ?
				"{\"status\":\"damaged\",\"map\":true,\"detail\":\"" HEALTH_DAMAGED "\"}\n" :
				"{\"status\":\"damaged\",\"map\":false,\"detail\":\"" HEALTH_DAMAGED "\"}\n";
	else
		c->out->static_body = c->srv->opt.map ? "{\"status\":\"ok\",\"map\":true}\n" :
							"{\"status\":\"ok\",\"map\":false}\n";
	c->out->len = strlen(c->out->static_body);
	c->out->cache_control = "no-store";
}

/* ?limit=: absent gives LISTING_LIMIT_DEFAULT; false (with a 400 answer)
 * when it is not a whole number from 1 to LISTING_LIMIT_MAX. */
static bool limit_param(ctx *c, size_t *out)
{
	const char *v = c->rq->arg(c->rq->arg_ctx, "limit");
	*out = LISTING_LIMIT_DEFAULT;
	if (!v)
		return true;
	size_t n = 0, len = strlen(v);
	bool ok = len > 0 && len <= 7;
	for (size_t i = 0; ok && i < len; i++) {
		ok = v[i] >= '0' && v[i] <= '9';
		n = n * 10 + (size_t)(v[i] - '0');
	}
	if (!ok || n == 0 || n > LISTING_LIMIT_MAX) {
		char buf[28];
		routes_problem(c->out, 400, "Bad limit",
			       "'limit' needs a whole number from 1 to %d, not '%s'",
			       LISTING_LIMIT_MAX, shown(buf, sizeof(buf), v));
		return false;
	}
	*out = n;
	return true;
}

/* Is s (len bytes) UTF-8 throughout? */
static bool utf8_text(const char *s, size_t len)
{
	for (size_t i = 0, n; i < len; i += n)
		if (!(n = csv_utf8_len((const unsigned char *)s + i, len - i)))
			return false;
	return true;
}

/* Appends "&name=value" (the value percent-encoded but for RFC 3986's
 * unreserved characters) to f. */
static void put_query(FILE *f, const char *name, const char *value)
{
	fprintf(f, "&%s=", name);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			fputc(*p, f);
		else
			fprintf(f, "%%%02X", *p);
}

/* The address of the page after the one listed: the same search from
 * the last treaty shown. malloc'd; NULL when memory ran out. */
static char *next_link(const char *after, size_t limit, const char *q, const char *lang)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fputs("/v1/treaties?", f);
	fprintf(f, "limit=%zu", limit);
	put_query(f, "after", after);
	if (q && *q)
		put_query(f, "q", q);
	if (lang)
		put_query(f, "lang", lang);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The register's treaties, a page at a time: ?limit= of them from the
 * one after ?after= (an id), those whose id, name or title holds ?q=, with
 * their titles in ?lang= where the rules give them. */
static void r_treaties(ctx *c)
{
	const pacta_record *rec = c->snap->rec;
	const char *after = c->rq->arg(c->rq->arg_ctx, "after");
	const char *q = c->rq->arg(c->rq->arg_ctx, "q");
	const char *lang = c->rq->arg(c->rq->arg_ctx, "lang");
	char buf[40];
	size_t limit;
	if (!limit_param(c, &limit))
		return;
	uint32_t from = 0;
	if (after) {
		int32_t t = pacta_record_treaty_by_id(rec, after);
		if (t < 0) {
			routes_problem(c->out, 400, "Unknown cursor",
				       "'after' names no treaty of the record: '%s' (a page's "
				       "\"next\" gives the address of the one after it)",
				       shown(buf, sizeof(buf), after));
			return;
		}
		from = (uint32_t)t + 1;
	}
	if (q && (strlen(q) > LISTING_QUERY_MAX || !utf8_text(q, strlen(q)))) {
		routes_problem(c->out, 400, "Bad search",
			       "'q' needs at most %d bytes of UTF-8 text, not '%s'",
			       LISTING_QUERY_MAX, shown(buf, sizeof(buf), q));
		return;
	}
	if (lang && (!*lang || strlen(lang) > 15))
		lang = NULL;
	listing page;
	if (!listing_find(rec, c->srv->opt.names, q, lang, from, limit, &page)) {
		routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		return;
	}
	/* The page's compiled statuses, in its order. */
	pacta_treaty_status **statuses = malloc((page.n ? page.n : 1) * sizeof(*statuses));
	for (size_t k = 0; statuses && k < page.n; k++)
		statuses[k] = snapshot_status(c->snap, page.treaties[k]);
	json_t *root = statuses ? reparse(pacta_report_treaty_list_json(rec, statuses,
									 page.treaties, page.n)) :
				  NULL;
	free(statuses);
	json_t *arr = json_object_get(root, "treaties");
	bool ok = root && arr;
	/* The titles in the language asked for, where a source gives them. */
	for (size_t k = 0; ok && lang && strcmp(lang, "en") != 0 && k < page.n; k++) {
		const pacta_title *ti =
			pacta_treaty_title(&rec->treaties[page.treaties[k]], lang);
		if (ti)
			ok = json_object_set_new(json_array_get(arr, k), "in_language",
						 json_pack("{s:s,s:s,s:s?}", "lang", ti->lang,
							   "title", ti->title, "name", ti->name)) ==
			     0;
	}
	char *next = ok && page.more && page.n ?
			     next_link(rec->treaties[page.treaties[page.n - 1]].id, limit, q,
				       lang) :
			     NULL;
	ok = ok && (!page.more || !page.n || next) &&
	     json_object_set_new(root, "count", json_integer((json_int_t)page.n)) == 0 &&
	     json_object_set_new(root, "total", json_integer((json_int_t)page.total)) == 0 &&
	     json_object_set_new(root, "limit", json_integer((json_int_t)limit)) == 0 &&
	     json_object_set_new(root, "next", next ? json_string(next) : json_null()) == 0;
	free(next);
	listing_free(&page);
	if (!ok) {
		json_decref(root);
		root = NULL;
	}
	json_compose(c, root);
}

static void r_states(ctx *c)
{
	json_answer(c, pacta_report_states_json(c->snap->rec));
}

/* The page's own words, translated for it by /v1/language: the texts,
 * aria-labels and titles of index.html, the messages of app.js (its tr()
 * and fmt()) and the codes it shows in words. tests/web/check_words.py
 * holds this list to the page's. */
static const char *const page_msgids[] = {
	PACTA_N_("treaty register"),
	PACTA_N_("Treaty"),
	PACTA_N_("Find a treaty"),
	PACTA_N_("Date"),
	PACTA_N_("Move through time"),
	PACTA_N_("One state"),
	PACTA_N_("State"),
	PACTA_N_("Choose a state…"),
	PACTA_N_("Map"),
	PACTA_N_("Parties and signatories over time"),
	PACTA_N_("Annual transparency reports"),
	PACTA_N_("Withdrawals tracker"),
	PACTA_N_("Downloads"),
	PACTA_N_("Language"),
	/* The page's own text (index.html). */
	PACTA_N_("pacta: who is bound by a treaty, on any date"),
	PACTA_N_("Skip to the map and the answers"),
	PACTA_N_("Loading…"),
	PACTA_N_("Click a state, or Tab to the map, move between states with the arrow keys and "
		 "press Enter, to see its story. Zoom with the buttons, or Tab to the view and "
		 "use + and −, the arrow keys to pan, E for Europe and 0 to reset."),
	PACTA_N_("Map view"),
	PACTA_N_("Zoom in"),
	PACTA_N_("Zoom out"),
	PACTA_N_("Europe"),
	PACTA_N_("Whole world"),
	PACTA_N_("Legend"),
	PACTA_N_("The last years, day by day"),
	PACTA_N_("Every state that took a step out of the treaty by the date, and where it "
		 "stands. Domestic steps have no legal effect by themselves; the notification to "
		 "the depositary does."),
	PACTA_N_("Stage"),
	PACTA_N_("Announced"),
	PACTA_N_("Parliament"),
	PACTA_N_("Notified"),
	PACTA_N_("Effective"),
	PACTA_N_("Status on the date"),
	PACTA_N_("The files the %s command writes: a calendar of the treaty's dates (iCalendar), "
		 "membership panels (one row per state and period; CSV or NDJSON) and the whole "
		 "record as a data package (ZIP)."),
	PACTA_N_("The whole record: %s"),
	PACTA_N_("data package (ZIP)"),
	PACTA_N_("Every answer is computed from the treaty's final clauses and the recorded acts, "
		 "each with its source. The same data as JSON: %s. Told of changes: %s, %s."),
	PACTA_N_("API description"),
	PACTA_N_("Atom feed"),
	PACTA_N_("JSON Feed"),
	/* Its messages (app.js). */
	PACTA_N_("YYYY-MM-DD"),
	PACTA_N_("day 1"),
	/* TRANSLATORS: a state and its status ("Latvia: Withdrawn"). */
	PACTA_N_("%s: %s"),
	PACTA_N_("Not in the record"),
	PACTA_N_("Not on the map:"),
	PACTA_N_("World map of statuses on %s"),
	PACTA_N_("Map view: + and − zoom, the arrow keys pan, E shows Europe, 0 the whole world"),
	PACTA_N_("States by status on %s"),
	PACTA_N_("withdrawn: %s"),
	PACTA_N_("%s dates of withdrawal, %s to %s"),
	PACTA_N_("Parties from %s to %s: %s to %s; signatories %s at the end."),
	PACTA_N_("parties"),
	PACTA_N_("signatories"),
	PACTA_N_("Monthly, from %s to %s. The purple line is the chosen date; red dashes mark "
		 "withdrawals taking effect."),
	PACTA_N_("%s out %s"),
	PACTA_N_("%s due out %s"),
	PACTA_N_("none"),
	PACTA_N_("Parties day by day from %s (%s) to %s (%s); withdrawals taking effect: %s."),
	PACTA_N_("July"),
	PACTA_N_("%s notified its withdrawal on %s"),
	PACTA_N_("Parties each day from %s to %s (the scale starts at %s). Red dashes: a "
		 "withdrawal taking effect, labelled with the state; rings on the axis: the day "
		 "it was notified to the depositary."),
	PACTA_N_("no year with every report on record"),
	PACTA_N_("Annual reports on %s to %s: %s; published rates %s."),
	PACTA_N_("rate, every report on record"),
	PACTA_N_("published rate"),
	PACTA_N_("share on record"),
	PACTA_N_("Reports (Art. %s) by the calendar year they cover, as recorded on %s. Required: "
		 "%s. pacta gives a rate only for a year whose every report is on record "
		 "(submitted, or listed by a source as not received); the rings are the rates the "
		 "ICBL and Landmine Monitor published, and the bars how much of each year the "
		 "record holds."),
	PACTA_N_("source"),
	PACTA_N_("extended to it on %s"),
	PACTA_N_("excluded on %s"),
	PACTA_N_("not yet extended to it"),
	PACTA_N_("no act names it: the treaty applies as to the rest of the state's territory"),
	PACTA_N_("%s since %s"),
	PACTA_N_("not applied"),
	PACTA_N_("Territory %s: %s; %s"),
	PACTA_N_("Territory %s"),
	PACTA_N_(", due %s"),
	PACTA_N_(", met %s"),
	PACTA_N_("How"),
	PACTA_N_("Obligations"),
	PACTA_N_(", upon %s"),
	PACTA_N_(", addressed to %s"),
	PACTA_N_("(no text in the record)"),
	PACTA_N_("%s %s by %s"),
	PACTA_N_("Declarations"),
	PACTA_N_("No answer for %s."),
	PACTA_N_("Status on %s"),
	PACTA_N_("Since"),
	PACTA_N_("Signed"),
	PACTA_N_("Consent"),
	PACTA_N_("In force for it"),
	PACTA_N_("Withdrawal notified"),
	PACTA_N_("Withdrawal effective"),
	PACTA_N_("%s by %s"),
	PACTA_N_("Why"),
	PACTA_N_("Timeline"),
	PACTA_N_("Sources"),
	PACTA_N_("not a withdrawal; contested by %s"),
	PACTA_N_("not a withdrawal"),
	PACTA_N_("No withdrawal steps recorded by %s."),
	PACTA_N_("On %s"),
	PACTA_N_("%s: %s parties"),
	PACTA_N_("(%s when it entered into force on %s)"),
	PACTA_N_("; %s consented, not yet in force; %s signatories not consented; %s withdrawn."),
	PACTA_N_("Withdrawals in progress"),
	PACTA_N_("not yet (held)"),
	PACTA_N_("%s (%s): notified %s, effective %s"),
	PACTA_N_("Changes from %s to %s"),
	PACTA_N_("No state's status changed."),
	PACTA_N_("Choose a state on the map or in the list for its own story."),
	PACTA_N_("Calendar (.ics)"),
	PACTA_N_("Panel by year, %s:"),
	PACTA_N_("Panel by month, %s:"),
	PACTA_N_("Panel by day, %s:"),
	PACTA_N_("For %s"),
	PACTA_N_("For %s under %s"),
	PACTA_N_("%s parties on %s"),
	PACTA_N_("Treaties found: %s"),
	PACTA_N_("(%s withdrawing)"),
	PACTA_N_(", %s consented, not yet in force, %s signatories not consented, %s withdrawn"),
	PACTA_N_("Could not load the answer: %s"),
	/* The statuses and the stages of a withdrawal. */
	PACTA_N_("Party (bound)"),
	PACTA_N_("Party, withdrawal pending"),
	PACTA_N_("Party, withdrawal held (armed conflict)"),
	PACTA_N_("Consented, not yet in force"),
	PACTA_N_("Signatory"),
	PACTA_N_("Withdrawn"),
	PACTA_N_("Not a participant"),
	PACTA_N_("announced"),
	PACTA_N_("government decision"),
	PACTA_N_("approved by parliament"),
	PACTA_N_("signed into law"),
	PACTA_N_("notified to the depositary"),
	PACTA_N_("held (armed conflict)"),
	PACTA_N_("took effect"),
	/* The actions' and obligations' codes in words, and what a step does in law. */
	PACTA_N_("announcement"),
	PACTA_N_("parliament approval"),
	PACTA_N_("head of state signature"),
	PACTA_N_("signature"),
	PACTA_N_("definitive signature"),
	PACTA_N_("ratification"),
	PACTA_N_("acceptance"),
	PACTA_N_("approval"),
	PACTA_N_("accession"),
	PACTA_N_("succession"),
	PACTA_N_("consent"),
	PACTA_N_("formal confirmation"),
	PACTA_N_("provisional application"),
	PACTA_N_("reservation"),
	PACTA_N_("declaration"),
	PACTA_N_("territorial application"),
	PACTA_N_("communication"),
	PACTA_N_("withdrawal"),
	PACTA_N_("revocation"),
	PACTA_N_("non intent"),
	PACTA_N_("ceased"),
	PACTA_N_("suspension claim"),
	PACTA_N_("objection"),
	PACTA_N_("reservation withdrawal"),
	PACTA_N_("declaration withdrawal"),
	PACTA_N_("territorial exclusion"),
	PACTA_N_("provisional application end"),
	PACTA_N_("not yet due"),
	PACTA_N_("open"),
	PACTA_N_("extended"),
	PACTA_N_("met"),
	PACTA_N_("overdue"),
	PACTA_N_("ended"),
	PACTA_N_("unknown"),
	PACTA_N_("none (domestic step)"),
	PACTA_N_("none (claim)"),
	PACTA_N_("see status"),
	/* Dates in words: the months (the pattern and "day 1" are above). */
	PACTA_N_("January"),
	PACTA_N_("February"),
	PACTA_N_("March"),
	PACTA_N_("April"),
	PACTA_N_("May"),
	PACTA_N_("June"),
	PACTA_N_("August"),
	PACTA_N_("September"),
	PACTA_N_("October"),
	PACTA_N_("November"),
	PACTA_N_("December"),
	NULL,
};

/* The language the page speaks: ?lang= (any language code: the names are
 * given in every language the names file has, the words in those with a
 * catalogue), else the best of Accept-Language with a catalogue. NULL
 * when the answer is a problem already. */
static pacta_lang *page_lang(ctx *c)
{
	const char *asked = c->rq->arg(c->rq->arg_ctx, "lang");
	char code[16];
	pacta_error err;
	pacta_lang *lang = NULL;
	if (asked && pacta_lang_new(asked, c->srv->opt.locale_dir, &lang, &err) == PACTA_OK)
		snprintf(code, sizeof(code), "%s", pacta_lang_code(lang));
	else
		routes_lang(c->srv, NULL, c->rq->accept_language, code, sizeof(code));
	pacta_lang_free(lang);
	lang = NULL;
	if (pacta_lang_new(code, c->srv->opt.locale_dir, &lang, &err) != PACTA_OK) {
		routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		return NULL;
	}
	snprintf(c->out->lang, sizeof(c->out->lang), "%s", code);
	return lang;
}

static void r_language(ctx *c)
{
	pacta_lang *lang = page_lang(c);
	if (!lang)
		return;
	const char *code = c->out->lang;
	const pacta_record *rec = c->snap->rec;
	json_t *root = json_object(), *names = json_object(), *words = json_object();
	bool ok = root && names && words &&
		  json_object_set_new(root, "lang", json_string(code)) == 0 &&
		  json_object_set_new(root, "translated", json_boolean(pacta_lang_translates(lang))) == 0;
	for (size_t i = 0; ok && i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		/* English is the record's own spelling, the depositary's. */
		const char *n = strcmp(code, "en") != 0
					? pacta_names_get(c->srv->opt.names, p->iso3, code)
					: NULL;
		ok = json_object_set_new(names, p->iso3, json_string(n ? n : p->name)) == 0;
	}
	/* Only the words the catalogue changes: the page's own are English. */
	for (size_t i = 0; ok && page_msgids[i]; i++) {
		const char *w = pacta_tr(lang, page_msgids[i]);
		if (strcmp(w, page_msgids[i]) != 0)
			ok = json_object_set_new(words, page_msgids[i], json_string(w)) == 0;
	}
	/* The treaties' titles in the language, where a source gives them; a
	 * register larger than a page of /v1/treaties gives them there
	 * (?lang=), a page at a time, and none here. */
	bool all_titles = rec->n_treaties <= LISTING_LIMIT_MAX;
	json_t *titles = json_object();
	ok = ok && titles;
	for (size_t i = 0; ok && all_titles && strcmp(code, "en") != 0 && i < rec->n_treaties; i++) {
		const pacta_treaty *tr = &rec->treaties[i];
		const pacta_title *ti = pacta_treaty_title(tr, code);
		if (!ti)
			continue;
		json_t *o = json_object();
		ok = o && json_object_set_new(o, "title", json_string(ti->title)) == 0 &&
		     json_object_set_new(o, "name", ti->name ? json_string(ti->name) : json_null()) == 0;
		/* set_new takes o even when it fails. */
		ok = json_object_set_new(titles, tr->id, o) == 0 && ok;
	}
	pacta_lang_free(lang);
	if (ok)
		ok = json_object_set(root, "names", names) == 0 &&
		     json_object_set(root, "words", words) == 0 &&
		     (!all_titles || json_object_set(root, "treaties", titles) == 0);
	json_decref(names);
	json_decref(words);
	json_decref(titles);
	if (!ok) {
		json_decref(root);
		root = NULL;
	}
	json_compose(c, root);
}

/* The rules file as loaded: final clauses, articles and their texts. */
static void r_treaty(ctx *c)
{
	char *b = pacta_treaty_rules_json(c->snap->rec, c->treaty);
	size_t n = b ? strlen(b) : 0;
	if (b && (n == 0 || b[n - 1] != '\n')) {
		char *nl = realloc(b, n + 2);
		if (nl) {
			nl[n] = '\n';
			nl[n + 1] = '\0';
		} else {
			free(b);
		}
		b = nl;
	}
	json_answer(c, b);
}

static void r_status(ctx *c)
{
	pacta_day on;
	if (date_param(c, "on", pacta_date_today(), &on))
		json_answer(c, pacta_report_status_json(c->ts, on, NULL, 0));
}

static void r_parties(ctx *c)
{
	pacta_day on;
	const char *group = c->rq->arg(c->rq->arg_ctx, "group");
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	if (group && !pacta_record_group_exists(c->snap->rec, group)) {
		char buf[36];
		routes_problem(c->out, 404, "Unknown group", "no group '%s' in the record",
			       shown(buf, sizeof(buf), group));
		return;
	}
	json_answer(c, pacta_report_parties_json(c->ts, on, group));
}

/* A participant's name in the answer's language, for the explanation's
 * steps; NULL (the record's) where the names file has none. */
static const char *name_in_language(void *ctx_, uint32_t participant)
{
	const ctx *c = ctx_;
	return pacta_names_get(c->srv->opt.names, c->snap->rec->participants[participant].iso3,
			       c->out->lang);
}

/* One state under one treaty: its status view, its timeline and the
 * explanation of its status, each as the CLI's --json gives it. */
static void r_state(ctx *c)
{
	pacta_day on;
	uint32_t p;
	if (!date_param(c, "on", pacta_date_today(), &on) || !participant_param(c, c->seg[4], &p))
		return;
	pacta_explanation ex;
	pacta_error err;
	/* The explanation's summary in the language asked for. */
	routes_lang(c->srv, c->rq->arg(c->rq->arg_ctx, "lang"), c->rq->accept_language, c->out->lang,
		    sizeof(c->out->lang));
	pacta_lang *lang = NULL;
	if (pacta_lang_new(c->out->lang, c->srv->opt.locale_dir, &lang, &err) != PACTA_OK) {
		routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		return;
	}
	const pacta_participant *who = &c->snap->rec->participants[p];
	pacta_explain_opts say = {lang, strcmp(c->out->lang, "en") != 0
						? pacta_names_get(c->srv->opt.names, who->iso3, c->out->lang)
						: NULL,
				  strcmp(c->out->lang, "en") != 0 ? name_in_language : NULL, c};
	pacta_rc rc = pacta_explain_in(c->ts, p, on, &say, &ex, &err);
	pacta_lang_free(lang);
	if (rc != PACTA_OK) {
		routes_problem(c->out, err.code == PACTA_ERR_NOMEM ? 500 : 404, "No explanation",
			       "%s", err.message);
		return;
	}
	json_t *status = reparse(pacta_report_status_json(c->ts, on, &p, 1));
	json_t *timeline = reparse(pacta_report_timeline_json(c->ts, p));
	json_t *explain = reparse(pacta_report_explain_json(c->ts, p, &ex));
	pacta_explanation_free(&ex);
	json_t *view = status ? json_array_get(json_object_get(status, "states"), 0) : NULL;
	json_t *root = json_object();
	bool ok = root && view && timeline && explain;
	char d[PACTA_DATE_BUFSZ];
	if (ok)
		ok = json_object_set_new(root, "treaty",
					 json_string(c->snap->rec->treaties[c->treaty].id)) ==
			     0 &&
		     json_object_set_new(root, "on", json_string(pacta_date_format(on, d))) == 0 &&
		     json_object_set(root, "status", view) == 0 &&
		     json_object_set(root, "timeline", json_object_get(timeline, "events")) == 0 &&
		     json_object_set(root, "explanation", explain) == 0;
	json_decref(status);
	json_decref(timeline);
	json_decref(explain);
	if (!ok) {
		json_decref(root);
		root = NULL;
	}
	json_compose(c, root);
}

/* The declarations of the treaty as of ?on (pacta declarations): of the
 * one state *p, or of all when p is NULL. */
static void declarations_answer(ctx *c, pacta_day on, const uint32_t *p)
{
	pacta_declarations list;
	pacta_error err;
	if (pacta_declarations_list(c->snap->rec, c->treaty, p, p ? 1 : 0, on, &list, &err) !=
	    PACTA_OK) {
		routes_problem(c->out, 500, "No declarations", "%s", err.message);
		return;
	}
	json_answer(c, pacta_report_declarations_json(c->ts, on, &list));
	pacta_declarations_free(&list);
}

/* All states' declarations, or with ?state= one state's (code or name). */
static void r_declarations(ctx *c)
{
	pacta_day on;
	uint32_t p = 0;
	const char *state = c->rq->arg(c->rq->arg_ctx, "state");
	if (date_param(c, "on", pacta_date_today(), &on) &&
	    (!state || participant_param(c, state, &p)))
		declarations_answer(c, on, state ? &p : NULL);
}

/* Whether the treaty applies to one territory of a state (pacta status
 * TREATY STATE --territory CODE):
 * /v1/treaties/{id}/states/{state}/territories/{code}. */
static void r_state_territory(ctx *c)
{
	pacta_day on;
	uint32_t p;
	const char *code = c->seg[6];
	if (!date_param(c, "on", pacta_date_today(), &on) || !participant_param(c, c->seg[4], &p))
		return;
	size_t n = strlen(code);
	bool ok = n > 0 && n <= PACTA_TERRITORY_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = isalnum((unsigned char)code[i]) || code[i] == '-';
	if (!ok) {
		char buf[44];
		routes_problem(c->out, 400, "Bad territory",
			       "'%s' is not a territory code (letters, digits and '-')",
			       shown(buf, sizeof(buf), code));
		return;
	}
	pacta_territory_view v;
	pacta_error err;
	if (pacta_territory_status(c->ts, p, code, on, &v, &err) != PACTA_OK) {
		routes_problem(c->out, err.code == PACTA_ERR_USAGE ? 400 : 500,
			       err.code == PACTA_ERR_USAGE ? "Bad territory" : "No answer", "%s",
			       err.message);
		return;
	}
	json_answer(c, pacta_report_territory_json(c->ts, p, code, on, &v));
}

/* One state's declarations: /v1/treaties/{id}/states/{state}/declarations. */
static void r_state_declarations(ctx *c)
{
	pacta_day on;
	uint32_t p;
	if (date_param(c, "on", pacta_date_today(), &on) && participant_param(c, c->seg[4], &p))
		declarations_answer(c, on, &p);
}

static void r_diff(ctx *c)
{
	pacta_day from, to;
	if (!date_param(c, "from", PACTA_DAY_NONE, &from) ||
	    !date_param(c, "to", pacta_date_today(), &to))
		return;
	if (from == PACTA_DAY_NONE) {
		routes_problem(c->out, 400, "Missing date", "'from' is required: ?from=YYYY-MM-DD");
		return;
	}
	if (from >= to) {
		routes_problem(c->out, 400, "Bad dates", "'from' must be earlier than 'to'");
		return;
	}
	pacta_change *ch;
	size_t n;
	pacta_error err;
	if (pacta_status_diff(c->ts, from, to, &ch, &n, &err) != PACTA_OK) {
		routes_problem(c->out, 500, "No answer", "%s", err.message);
		return;
	}
	json_answer(c, pacta_report_diff_json(c->ts, from, to, ch, n));
	free(ch);
}

/* Every State Party's obligations on ?on, or with ?state= one state's
 * (pacta obligations TREATY [STATE]). */
static void r_obligations(ctx *c)
{
	pacta_day on;
	uint32_t p = 0;
	const char *state = c->rq->arg(c->rq->arg_ctx, "state");
	if (!date_param(c, "on", pacta_date_today(), &on) ||
	    (state && !participant_param(c, state, &p)))
		return;
	pacta_obligation *obs;
	size_t n;
	pacta_error err;
	if (pacta_obligations_on(c->ts, on, state ? &p : NULL, state ? 1 : 0, &obs, &n, &err) !=
	    PACTA_OK) {
		routes_problem(c->out, 500, "No answer", "%s", err.message);
		return;
	}
	json_answer(c, pacta_report_obligations_json(c->ts, on, obs, n));
	free(obs);
}

/* The annual reports per calendar year (pacta reports): every year due by
 * `on`, or with ?year=Y that year state by state. */
static void r_reports(ctx *c)
{
	pacta_day on;
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	int year = 0;
	const char *y = c->rq->arg(c->rq->arg_ctx, "year");
	if (y) {
		bool ok = strlen(y) == 4;
		for (size_t i = 0; ok && i < 4; i++)
			ok = y[i] >= '0' && y[i] <= '9';
		if (!ok || y[0] == '0') {
			char buf[20];
			routes_problem(c->out, 400, "Bad year", "'year' is a calendar year YYYY, not '%s'",
				       shown(buf, sizeof(buf), y));
			return;
		}
		for (size_t i = 0; i < 4; i++)
			year = year * 10 + (y[i] - '0');
	}
	pacta_report_year *ys = NULL;
	pacta_report_entry *es = NULL;
	size_t n = 0, ne = 0;
	pacta_error err;
	if (pacta_reports_years(c->ts, on, year, &ys, &n, &err) != PACTA_OK ||
	    (year && pacta_reports_entries(c->ts, on, year, &es, &ne, &err) != PACTA_OK)) {
		routes_problem(c->out, err.code == PACTA_ERR_NOMEM ? 500 : 404, "No reports", "%s",
			       err.message);
	} else {
		/* Who must report, in the language of ?lang= or Accept-Language. */
		routes_lang(c->srv, c->rq->arg(c->rq->arg_ctx, "lang"), c->rq->accept_language,
			    c->out->lang, sizeof(c->out->lang));
		pacta_lang *lang = NULL;
		const pacta_obligation_rule *rule = pacta_reports_rule(c->ts);
		char *body = pacta_report_reports_json(c->ts, on, ys, n, es, ne);
		if (strcmp(c->out->lang, "en") == 0 || !rule || !body) {
			json_answer(c, body);
		} else if (pacta_lang_new(c->out->lang, c->srv->opt.locale_dir, &lang, &err) != PACTA_OK) {
			free(body);
			routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		} else {
			char meaning[512];
			json_t *j = reparse(body);
			if (j && json_object_set_new(j, "required_meaning",
						     json_string(pacta_reports_meaning_in(
							     rule, lang, meaning, sizeof(meaning)))) != 0) {
				json_decref(j);
				j = NULL;
			}
			json_compose(c, j);
		}
		pacta_lang_free(lang);
	}
	free(ys);
	free(es);
}

static void r_withdrawals(ctx *c)
{
	pacta_day on;
	if (date_param(c, "on", pacta_date_today(), &on))
		json_answer(c, pacta_report_withdrawals_json(c->ts, on));
}

/* The window of a counts answer: from (default: the treaty's adoption) to
 * `to` (default: today), at most COUNTS_MAX_SAMPLES months; false (with a
 * 400 answer) otherwise. */
static bool counts_window(ctx *c, pacta_day *from, pacta_day *to)
{
	const pacta_treaty *tr = &c->snap->rec->treaties[c->treaty];
	if (!date_param(c, "from", tr->adopted, from) ||
	    !date_param(c, "to", pacta_date_today(), to))
		return false;
	if (*from == PACTA_DAY_NONE || *from > *to) {
		routes_problem(c->out, 400, "Bad dates", "'from' must not be later than 'to'");
		return false;
	}
	int fy, fm, fd, ty, tm, td;
	pacta_date_to_civil(*from, &fy, &fm, &fd);
	pacta_date_to_civil(*to, &ty, &tm, &td);
	if ((ty - fy) * 12 + (tm - fm) > COUNTS_MAX_SAMPLES) {
		routes_problem(c->out, 400, "Window too long",
			       "at most %d months between 'from' and 'to'", COUNTS_MAX_SAMPLES);
		return false;
	}
	return true;
}

/* The number of parties, consented and signatories over time: the
 * library's series, as `pacta counts` prints it; monthly unless `unit`
 * says day or year. */
static void r_counts(ctx *c)
{
	pacta_day from, to;
	pacta_error err;
	pacta_unit unit = PACTA_UNIT_MONTH;
	const char *u = c->rq->arg(c->rq->arg_ctx, "unit");
	if (u && !pacta_unit_parse(u, &unit)) {
		char buf[20];
		routes_problem(c->out, 400, "Bad unit", "'unit' is day, month or year, not '%s'",
			       shown(buf, sizeof(buf), u));
		return;
	}
	if (!counts_window(c, &from, &to))
		return;
	char *body = pacta_counts_series_json(c->ts, from, to, unit, &err);
	if (!body) {
		routes_problem(c->out, err.code == PACTA_ERR_NOMEM ? 500 : 400, "No series", "%s",
			       err.message);
		return;
	}
	json_answer(c, body);
}

static void r_map(ctx *c)
{
	pacta_day on;
	pacta_error err;
	char *svg = NULL;
	size_t len = 0;
	if (!c->srv->opt.map) {
		routes_problem(c->out, 404, "No map",
			       "the service was started without the map's shapes");
		return;
	}
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	/* Its words and names in the page's language. */
	pacta_lang *lang = page_lang(c);
	if (!lang)
		return;
	pacta_map_opts say = {lang, c->srv->opt.names};
	pacta_rc rc = pacta_map_write_svg_in(c->srv->opt.map, c->ts, on, &say, &svg, &len, &err);
	pacta_lang_free(lang);
	if (rc != PACTA_OK) {
		routes_problem(c->out, 500, "No map", "%s", err.message);
		return;
	}
	json_answer(c, svg);
	c->out->len = len;
	c->out->content_type = "image/svg+xml";
}

/* The service's own address for a feed's rel="self" link: --public-url
 * when the service sits behind a proxy, else the address it listens on. */
static void self_url(const ctx *c, char *buf, size_t size)
{
	const server_options *o = &c->srv->opt;
	if (o->public_url) {
		snprintf(buf, size, "%s%s", o->public_url, c->rq->path);
		return;
	}
	const char *host = o->bind ? o->bind : "127.0.0.1";
	bool v6 = strchr(host, ':') != NULL;
	snprintf(buf, size, "http://%s%s%s:%u%s", v6 ? "[" : "", host, v6 ? "]" : "",
		 (unsigned)c->srv->port, c->rq->path);
}

/* A change feed (Atom or JSON Feed) of the treaty, or of one state under
 * it: the library's feed, as `pacta feed` prints it but with its URL. */
static void no_store(ctx *c)
{
	c->out->cacheable = false;
	c->out->cache_control = "no-store";
}

static void feed_answer(ctx *c, const uint32_t *participant, pacta_feed_format fmt)
{
	pacta_day on;
	pacta_error err;
	char url[1024];
	char *text = NULL;
	size_t len = 0;
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	self_url(c, url, sizeof(url));
	if (pacta_feed_write(c->ts, on, participant, participant ? 1 : 0, fmt, url, &text, &len,
			     &err) != PACTA_OK) {
		routes_problem(c->out, err.code == PACTA_ERR_NOMEM ? 500 : 400, "No feed", "%s",
			       err.message);
		return;
	}
	json_answer(c, text);
	c->out->len = len;
	c->out->content_type = fmt == PACTA_FEED_ATOM ? "application/atom+xml; charset=utf-8"
						      : "application/feed+json; charset=utf-8";
}

static void r_feed_atom(ctx *c)
{
	feed_answer(c, NULL, PACTA_FEED_ATOM);
}

static void r_feed_json(ctx *c)
{
	feed_answer(c, NULL, PACTA_FEED_JSON);
}

static void state_feed(ctx *c, pacta_feed_format fmt)
{
	uint32_t p;
	if (participant_param(c, c->seg[4], &p))
		feed_answer(c, &p, fmt);
}

/* The review feed: what pacta update proposed, and what was recorded.
 * Public, as the depositary's page is: deciding needs a token. */
static void review_feed(ctx *c, pacta_feed_format fmt)
{
	pacta_server *srv = c->srv;
	pacta_error err;
	char url[1024];
	char *text = NULL;
	size_t len = 0;
	pacta_proposal *p = NULL;
	size_t n = 0;
	const pacta_treaty *tr = &c->snap->rec->treaties[c->treaty];
	self_url(c, url, sizeof(url));
	pthread_mutex_lock(&srv->write_lock);
	pacta_rc rc = pacta_store_proposals(srv->store, tr->id, -1, &p, &n, &err);
	pthread_mutex_unlock(&srv->write_lock);
	if (rc != PACTA_OK) {
		routes_store_problem(srv, c->out, &err);
		return;
	}
	rc = pacta_feed_write_review(tr, p, n, fmt, url, &text, &len, &err);
	pacta_proposals_free(p, n);
	if (rc != PACTA_OK) {
		routes_problem(c->out, 500, "No feed", "%s", err.message);
		return;
	}
	json_answer(c, text);
	c->out->len = len;
	c->out->content_type = fmt == PACTA_FEED_ATOM ? "application/atom+xml; charset=utf-8"
						      : "application/feed+json; charset=utf-8";
	no_store(c);
}

static void r_review_feed_atom(ctx *c)
{
	review_feed(c, PACTA_FEED_ATOM);
}

static void r_review_feed_json(ctx *c)
{
	review_feed(c, PACTA_FEED_JSON);
}

static void r_state_feed_atom(ctx *c)
{
	state_feed(c, PACTA_FEED_ATOM);
}

static void r_state_feed_json(ctx *c)
{
	state_feed(c, PACTA_FEED_JSON);
}

/* One state across every treaty of the record: the library's profile, as
 * `pacta profile STATE --json` prints it. */
static void r_state_all(ctx *c)
{
	pacta_day on;
	uint32_t p;
	if (!date_param(c, "on", pacta_date_today(), &on) || !participant_param(c, c->seg[2], &p))
		return;
	json_answer(c, pacta_report_profile_json(c->snap->rec, p, on));
}

/* ---- Downloads: what the CLI writes to a file, byte for byte ---- */

/* A body the library wrote (taken) as a download named after the
 * treaty (or "pacta"), the state (or NULL) and what it is:
 * "apmbc-GBR-calendar.ics". */
static void download(ctx *c, char *body, size_t len, const char *type, const uint32_t *p,
		     const char *what)
{
	if (!body) {
		routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		return;
	}
	json_answer(c, body);
	c->out->len = len;
	c->out->content_type = type;
	const pacta_record *rec = c->snap->rec;
	snprintf(c->out->filename, sizeof(c->out->filename), "%s%s%s-%s",
		 c->ts ? rec->treaties[c->treaty].id : "pacta", p ? "-" : "",
		 p ? rec->participants[*p].iso3 : "", what);
}

/* The treaty's dates as iCalendar (pacta calendar TREATY [STATE]). */
static void calendar_answer(ctx *c, const uint32_t *p)
{
	pacta_day on;
	pacta_error err;
	char *ics = NULL;
	size_t len = 0;
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	if (pacta_ical_write(c->ts, on, p, p ? 1 : 0, &ics, &len, &err) != PACTA_OK) {
		routes_problem(c->out, err.code == PACTA_ERR_NOMEM ? 500 : 400, "No calendar", "%s",
			       err.message);
		return;
	}
	download(c, ics, len, "text/calendar; charset=utf-8", p, "calendar.ics");
}

/* The treaty's calendar, or with a state segment the state's. */
static void r_calendar(ctx *c)
{
	uint32_t p;
	bool state = c->n_seg == 6;
	if (!state || participant_param(c, c->seg[4], &p))
		calendar_answer(c, state ? &p : NULL);
}

/* The number of periods of unit from one day to another, both included. */
static long periods_between(pacta_unit unit, pacta_day from, pacta_day to)
{
	int fy, fm, fd, ty, tm, td;
	pacta_date_to_civil(from, &fy, &fm, &fd);
	pacta_date_to_civil(to, &ty, &tm, &td);
	switch (unit) {
	case PACTA_UNIT_YEAR:
		return ty - fy + 1;
	case PACTA_UNIT_MONTH:
		return (long)(ty - fy) * 12 + (tm - fm) + 1;
	default:
		return (long)(to - from) + 1;
	}
}

/* A membership panel (pacta panel TREATY [--state STATE] --from --to
 * [--unit] [--rule] [--ndjson]): ?from and ?to are required, as on the
 * command line. */
static void panel_answer(ctx *c, const uint32_t *p, pacta_panel_format fmt)
{
	pacta_panel_options opt;
	pacta_error err;
	memset(&opt, 0, sizeof(opt));
	opt.unit = PACTA_UNIT_YEAR;
	const char *u = c->rq->arg(c->rq->arg_ctx, "unit");
	const char *rule = c->rq->arg(c->rq->arg_ctx, "rule");
	const char *from = c->rq->arg(c->rq->arg_ctx, "from");
	const char *to = c->rq->arg(c->rq->arg_ctx, "to");
	char buf[28];
	if (u && !pacta_unit_parse(u, &opt.unit)) {
		routes_problem(c->out, 400, "Bad unit", "'unit' is year, month or day, not '%s'",
			       shown(buf, sizeof(buf), u));
		return;
	}
	if (rule && !pacta_panel_rule_parse(rule, &opt.rule)) {
		routes_problem(c->out, 400, "Bad rule",
			       "'rule' is end-of-period or any-time, not '%s'",
			       shown(buf, sizeof(buf), rule));
		return;
	}
	if (!from || !to) {
		routes_problem(c->out, 400, "Missing window",
			       "a panel needs 'from' and 'to' (YYYY, YYYY-MM or YYYY-MM-DD)");
		return;
	}
	if (pacta_period_parse_bound(from, false, "from", &opt.from, &err) != PACTA_OK ||
	    pacta_period_parse_bound(to, true, "to", &opt.to, &err) != PACTA_OK) {
		routes_problem(c->out, 400, "Bad window", "'%s': %s", err.where, err.message);
		return;
	}
	pacta_day first = pacta_period_start(opt.unit, opt.from);
	pacta_day last = pacta_period_end(opt.unit, opt.to);
	if (first > last) {
		routes_problem(c->out, 400, "Bad window", "'from' is after 'to'");
		return;
	}
	long periods = periods_between(opt.unit, first, last);
	size_t states = p ? 1 : c->snap->rec->n_participants;
	if (periods > PANEL_MAX_ROWS || (size_t)periods * (states ? states : 1) > PANEL_MAX_ROWS) {
		routes_problem(c->out, 400, "Panel too large",
			       "%ld %ss for %zu states is more than %d rows: ask for a shorter "
			       "window, a longer unit or one state",
			       periods, pacta_unit_name(opt.unit), states, PANEL_MAX_ROWS);
		return;
	}
	opt.participants = p;
	opt.n_participants = p ? 1 : 0;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	const pacta_treaty_status *ts = c->ts;
	pacta_rc rc = f ? pacta_panel_write(f, fmt, &ts, 1, &opt, &err) :
			  pacta_error_set(&err, PACTA_ERR_NOMEM, "", "out of memory");
	if (f && fclose(f) != 0 && rc == PACTA_OK)
		rc = pacta_error_set(&err, PACTA_ERR_NOMEM, "", "out of memory");
	if (rc != PACTA_OK) {
		free(text);
		routes_problem(c->out, rc == PACTA_ERR_USAGE ? 400 : 500, "No panel", "%s",
			       err.message);
		return;
	}
	char what[80];
	snprintf(what, sizeof(what), "panel-%s-%.12s-%.12s.%s", pacta_unit_name(opt.unit), from,
		 to, fmt == PACTA_PANEL_CSV ? "csv" : "ndjson");
	/* Only the characters a file name may keep. */
	for (char *q = what; *q; q++)
		if (!isalnum((unsigned char)*q) && *q != '-' && *q != '.')
			*q = '_';
	download(c, text, len,
		 fmt == PACTA_PANEL_CSV ? "text/csv; charset=utf-8; header=present" :
					  "application/x-ndjson",
		 p, what);
}

/* The treaty's panel, or with a state segment
 * (/v1/treaties/{id}/states/{iso3}/panel.csv) the state's; CSV or NDJSON
 * as the file name says. */
static void r_panel(ctx *c)
{
	uint32_t p;
	bool state = c->n_seg == 6;
	if (state && !participant_param(c, c->seg[4], &p))
		return;
	panel_answer(c, state ? &p : NULL,
		     strcmp(c->seg[c->n_seg - 1], "panel.ndjson") == 0 ? PACTA_PANEL_NDJSON :
									    PACTA_PANEL_CSV);
}

/* One file of the data package, as pacta export --datapackage writes it:
 * "datapackage.json" or a resource's "NAME.csv"; NULL when out of memory
 * (*found false when there is no such file). */
static char *datapackage_file(const pacta_record *rec, const char *file, pacta_day on,
			      size_t *len, bool *found)
{
	*found = true;
	if (strcmp(file, "datapackage.json") == 0) {
		char *d = pacta_datapackage_descriptor(rec, on);
		*len = d ? strlen(d) : 0;
		return d;
	}
	char name[64];
	size_t n = strlen(file);
	*found = n > 4 && n - 4 < sizeof(name) && strcmp(file + n - 4, ".csv") == 0;
	if (!*found)
		return NULL;
	snprintf(name, sizeof(name), "%.*s", (int)(n - 4), file);
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	pacta_error err;
	pacta_rc rc = f ? pacta_datapackage_write_resource(rec, name, on, f, &err) : PACTA_ERR_NOMEM;
	if (f && fclose(f) != 0 && rc == PACTA_OK)
		rc = PACTA_ERR_NOMEM;
	if (rc != PACTA_OK) {
		*found = rc != PACTA_ERR_NOTFOUND;
		free(text);
		return NULL;
	}
	return text;
}

/* The whole data package in one ZIP file: datapackage.json and every
 * resource's CSV at its root, each dated `on` (the bytes
 * `pacta export --datapackage FILE.zip` writes). */
static void r_datapackage_zip(ctx *c)
{
	pacta_day on;
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	char *archive = NULL;
	size_t len = 0;
	pacta_error err;
	if (pacta_datapackage_zip(c->snap->rec, on, &archive, &len, &err) != PACTA_OK) {
		free(archive);
		archive = NULL;
	}
	char date[PACTA_DATE_BUFSZ], what[48];
	snprintf(what, sizeof(what), "datapackage-%s.zip", pacta_date_format(on, date));
	download(c, archive, len, "application/zip", NULL, what);
}

/* One file of the data package: /v1/datapackage/{file}, so that a
 * validator given /v1/datapackage/datapackage.json finds the CSV files
 * beside it. Shown in the browser, not downloaded. */
static void r_datapackage_file(ctx *c)
{
	pacta_day on;
	size_t len = 0;
	bool found;
	if (!date_param(c, "on", pacta_date_today(), &on))
		return;
	char *text = datapackage_file(c->snap->rec, c->seg[2], on, &len, &found);
	if (!text && found) {
		routes_problem(c->out, 500, "Out of memory", "the answer could not be built");
		return;
	}
	if (!text) {
		char buf[44];
		routes_problem(c->out, 404, "Not found",
			       "no file '%s' in the data package (datapackage.json, and a CSV file "
			       "per resource)",
			       shown(buf, sizeof(buf), c->seg[2]));
		return;
	}
	json_answer(c, text);
	c->out->len = len;
	if (strcmp(c->seg[2], "datapackage.json") != 0)
		c->out->content_type = "text/csv; charset=utf-8; header=present";
}

static void r_asset(ctx *c)
{
	const char *path = c->rq->path;
	if (strcmp(path, "/index.html") == 0)
		path = "/";
	for (size_t i = 0; i < web_assets_count; i++) {
		if (strcmp(web_assets[i].path, path) == 0) {
			c->out->status = 200;
			c->out->content_type = web_assets[i].content_type;
			c->out->static_body = (const char *)web_assets[i].data;
			c->out->len = web_assets[i].len;
			c->out->asset = &web_assets[i];
			c->out->cacheable = true;
			c->out->cache_control = "public, no-cache";
			return;
		}
	}
	routes_problem(c->out, 404, "Not found", "nothing at this path (the API is under /v1)");
}

/* ---- Writes ---- */

static const char *const act_columns[] = { "state",	   "action",	 "date",
					   "effective",	   "target",	 "source_url",
					   "note",	   "notification", "circulated",
					   "territory",	   "text" };
#define N_ACT_COLUMNS (sizeof(act_columns) / sizeof(act_columns[0]))

/* One act object as a CSV row; false (with a 400 answer) when a field is
 * unknown or not a string. */
static bool act_row(ctx *c, FILE *f, json_t *act, size_t index)
{
	const char *key;
	json_t *v;
	if (!json_is_object(act)) {
		routes_problem(c->out, 400, "Bad act", "act %zu is not a JSON object", index + 1);
		return false;
	}
	json_object_foreach(act, key, v)
	{
		bool known = false;
		for (size_t k = 0; k < N_ACT_COLUMNS; k++)
			known = known || strcmp(key, act_columns[k]) == 0;
		if (!known || !(json_is_string(v) || json_is_null(v))) {
			char buf[44];
			routes_problem(
				c->out, 400, "Bad act",
				known ? "act %zu: '%s' must be a string or null" :
					"act %zu: unknown field '%s' (fields: state, action, date, effective, target, source_url, note, notification, circulated, territory, text)",
				index + 1, shown(buf, sizeof(buf), key));
			return false;
		}
	}
	for (size_t k = 0; k < N_ACT_COLUMNS; k++) {
		const char *s = json_string_value(json_object_get(act, act_columns[k]));
		if (k)
			fputc(',', f);
		csv_write_field(f, s ? s : "", false);
	}
	fputs("\r\n", f);
	return true;
}

/* The request's acts as an acts CSV (the import format), so that they pass
 * exactly the parser and the checks `pacta import` uses. */
static char *acts_csv(ctx *c, size_t *len)
{
	const char *ct = c->rq->content_type ? c->rq->content_type : "";
	size_t ctn = strcspn(ct, ";");
	if (!(ctn == 16 && strncasecmp(ct, "application/json", 16) == 0)) {
		routes_problem(
			c->out, 415, "Unsupported media type",
			"send the acts as application/json: one act object or an array of them");
		return NULL;
	}
	json_error_t jerr;
	json_t *doc = json_loadb(c->rq->body ? c->rq->body : "", c->rq->body_len,
				 JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		routes_problem(c->out, 400, "Bad JSON", "line %d, column %d: %s", jerr.line,
			       jerr.column, jerr.text);
		return NULL;
	}
	if (json_is_object(doc)) {
		json_t *arr = json_array();
		if (!arr || json_array_append_new(arr, doc) != 0) {
			json_decref(arr);
			routes_problem(c->out, 500, "Out of memory",
				       "the request could not be read");
			return NULL;
		}
		doc = arr;
	}
	size_t n = json_array_size(doc);
	if (!json_is_array(doc) || n == 0 || n > POST_MAX_ACTS) {
		json_decref(doc);
		routes_problem(c->out, 400, "Bad acts",
			       "send one act object or an array of 1 to %d of them", POST_MAX_ACTS);
		return NULL;
	}
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	bool ok = f != NULL;
	if (f) {
		for (size_t k = 0; k < N_ACT_COLUMNS; k++)
			fprintf(f, "%s%s", k ? "," : "", act_columns[k]);
		fputs("\r\n", f);
	}
	for (size_t i = 0; ok && i < n; i++)
		ok = act_row(c, f, json_array_get(doc, i), i);
	json_decref(doc);
	if (f && fclose(f) != 0 && ok) {
		routes_problem(c->out, 500, "Out of memory", "the request could not be read");
		ok = false;
	}
	if (!f)
		routes_problem(c->out, 500, "Out of memory", "the request could not be read");
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

void routes_store_problem(pacta_server *srv, route_answer *out, const pacta_error *err)
{
	/* The detail names the database's path and may quote SQLite: it is
	 * for the log, never for the client. */
	fprintf(stderr, "pacta: the store: %s%s%s\n", err->where, err->where[0] ? ": " : "",
		err->message);
	switch (err->code) {
	case PACTA_ERR_BUSY:
		routes_problem(out, 503, "Store busy",
			       "another process is writing to the record; try again in a moment");
		out->retry_after = STORE_RETRY_AFTER_S;
		break;
	case PACTA_ERR_STORAGE:
		routes_problem(out, 503, "Store unavailable",
			       "the record cannot be read or written just now (an I/O error, a full "
			       "disk or a file the service may not write); the service's log has "
			       "the detail");
		break;
	case PACTA_ERR_INTEGRITY:
		atomic_store(&srv->damaged, true);
		routes_problem(out, 503, "Record failed its integrity check",
			       "the database's record fails its integrity check, so nothing is "
			       "written to it; the service's log has the detail");
		break;
	case PACTA_ERR_NOMEM:
		routes_problem(out, 500, "Out of memory", "the answer could not be built");
		break;
	default:
		routes_problem(out, 500, "Store error",
			       "the record could not be read or written; the service's log has "
			       "the detail");
		break;
	}
}

/* "Bearer TOKEN" checked against the store; the token's name on success. */
static bool authorized(ctx *c, char name[PACTA_TOKEN_NAME_MAX])
{
	const char *h = c->rq->authorization;
	pacta_error err;
	if (!h || strncasecmp(h, "Bearer ", 7) != 0) {
		routes_problem(c->out, 401, "Token required",
			       "writes need 'Authorization: Bearer TOKEN' (pacta token add NAME)");
		c->out->authenticate = true;
		return false;
	}
	h += 7;
	while (*h == ' ')
		h++;
	if (pacta_token_check(c->srv->store, h, strlen(h), name, &err) != PACTA_OK) {
		if (err.code == PACTA_ERR_NOTFOUND) {
			routes_problem(c->out, 401, "Bad token", "the token is unknown or revoked");
			c->out->authenticate = true;
		} else {
			routes_store_problem(c->srv, c->out, &err);
		}
		return false;
	}
	return true;
}

/* {"problems":[{"where","message"}]} for a refused write, or NULL when
 * out of memory (the answer then goes without the list). */
static json_t *problems_json(const pacta_diags *problems)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < problems->n; i++)
		json_array_append_new(list, json_pack("{s:s,s:s}", "where", problems->items[i].where,
						      "message", problems->items[i].message));
	return list ? json_pack("{s:o}", "problems", list) : NULL;
}

/* The current snapshot no longer holds the store's record (a write was
 * saved but its snapshot could not be built): no write may build on it, and
 * the next look at the store (service_snapshot) loads it anew. Under
 * write_lock. */
static void stale(pacta_server *srv)
{
	srv->data_version = -1;
}

/* rec, just written to the store, becomes the current snapshot (rec is
 * taken). The write is saved; the answer says so even if the new snapshot
 * cannot be built (the next write or restart builds it). The stated facts
 * of the data directory are never stored: the new snapshot reads them as
 * the one it replaces did. */
static void publish(pacta_server *srv, pacta_record *rec)
{
	snapshot *next = NULL;
	pacta_error err;
	if (srv->opt.data_dir &&
	    pacta_record_load_stated(rec, srv->opt.data_dir, &err) != PACTA_OK)
		pacta_record_free(rec);
	else if (snapshot_new(srv->store, rec, &next, &err) == PACTA_OK) {
		service_swap(srv, next);
		return;
	}
	stale(srv);
}

/* The current snapshot, referenced, when a write of len bytes of acts to
 * treaty can go to a version derived from its record: nothing else has
 * written to the store since it was built (its data version is the one
 * the snapshot was built at), and the shared buffers have room for the
 * acts the body can hold (one a line at most) twice and the treaty's
 * acts. Else NULL: the record is loaded anew (and then compacted). */
static snapshot *incremental(pacta_server *srv, uint32_t treaty, size_t len)
{
	long long version;
	pacta_error err;
	size_t first, last;
	if (pacta_store_data_version(srv->store, &version, &err) != PACTA_OK ||
	    version != srv->data_version)
		return NULL;
	snapshot *cur = service_snapshot(srv);
	pacta_record_acts_of_treaty(cur->rec, treaty, &first, &last);
	if (!pacta_record_can_derive(cur->rec) || len > SIZE_MAX / 4 ||
	    pacta_record_room(cur->rec) < 2 * (len / 2 + 1) + (last - first)) {
		snapshot_release(cur);
		return NULL;
	}
	return cur;
}

/* rec, a version derived from cur's record and just written to the store,
 * becomes the current snapshot, sharing cur's statuses of the treaties the
 * write did not touch (rec is taken). When that fails, the record is loaded
 * anew as publish() does. */
static void publish_update(pacta_server *srv, const snapshot *cur, pacta_record *rec)
{
	snapshot *next = NULL;
	pacta_error err;
	if (snapshot_update(srv->store, cur, rec, &next, &err) == PACTA_OK) {
		service_swap(srv, next);
		return;
	}
	if (snapshot_load(srv->store, srv->opt.data_dir, &next, &err) == PACTA_OK)
		service_swap(srv, next);
	else
		stale(srv);
}

static void r_post_acts(ctx *c)
{
	char name[PACTA_TOKEN_NAME_MAX], who[PACTA_TOKEN_NAME_MAX + 8], why[200];
	pacta_server *srv = c->srv;
	pacta_record *rec = NULL;
	snapshot *cur = NULL;
	pacta_diags problems = { 0 };
	pacta_error err;
	size_t len = 0, added = 0;
	char *csv = NULL;

	/* ?allow_future=true accepts acts dated after today. */
	const char *future = c->rq->arg(c->rq->arg_ctx, "allow_future");
	unsigned flags = 0;
	if (future) {
		char buf[28];
		if (strcmp(future, "true") != 0 && strcmp(future, "false") != 0) {
			routes_problem(c->out, 400, "Bad parameter",
				       "'allow_future' is true or false, not '%s'",
				       shown(buf, sizeof(buf), future));
			return;
		}
		if (strcmp(future, "true") == 0)
			flags |= PACTA_IMPORT_ALLOW_FUTURE;
	}

	pthread_mutex_lock(&srv->write_lock);
	if (!authorized(c, name))
		goto out;
	if (!(csv = acts_csv(c, &len)))
		goto out;
	/* The store, not the snapshot, is the truth a write builds on. While
	 * nothing else has written to it since the current snapshot was built,
	 * they hold the same record, and the write goes to a version derived
	 * from the snapshot's (incremental()); else the record is loaded afresh
	 * under the writer's lock. */
	cur = incremental(srv, c->treaty, len);
	if (cur && pacta_record_derive(cur->rec, &rec, &err) != PACTA_OK) {
		snapshot_release(cur);
		cur = NULL;
	}
	if (!cur && pacta_store_load(srv->store, &rec, &err) != PACTA_OK) {
		routes_store_problem(srv, c->out, &err);
		goto out;
	}
	const char *id = c->snap->rec->treaties[c->treaty].id;
	int32_t treaty = pacta_record_treaty_by_id(rec, id);
	if (treaty < 0) { /* the database changed under the service */
		routes_problem(c->out, 503, "Store changed",
			       "the database no longer holds the treaty");
		goto out;
	}
	snprintf(who, sizeof(who), "token:%s", name);
	snprintf(why, sizeof(why), "POST /v1/treaties/%s/acts", id);
	pacta_rc rc = pacta_import_acts_csv(srv->store, rec, treaty, csv, len, "request", who, why,
					    flags, &problems, &added, &err);
	if (rc == PACTA_ERR_PARSE && problems.n) {
		/* Every bad act, each with its place in the request. */
		problem_with(c->out, 400, "Bad acts", problems_json(&problems),
			     "%s; nothing was recorded", err.message);
		goto out;
	}
	if (rc == PACTA_ERR_CHECK && problems.n) {
		problem_with(c->out, 422, "Record check failed", problems_json(&problems),
			     "%zu problem%s; nothing was recorded", problems.n,
			     problems.n == 1 ? "" : "s");
		goto out;
	}
	if (rc == PACTA_ERR_PARSE || rc == PACTA_ERR_CHECK || rc == PACTA_ERR_USAGE ||
	    rc == PACTA_ERR_LIMIT || rc == PACTA_ERR_NOTFOUND) {
		/* The request's own fault. Only a place in the request is
		 * named, never the store's (its path). */
		bool in_request = strncmp(err.where, "request", 7) == 0;
		routes_problem(c->out, 400, "Bad acts", "%s%s%s", in_request ? err.where : "",
			       in_request ? ": " : "", err.message);
		goto out;
	}
	if (rc != PACTA_OK) {
		routes_store_problem(srv, c->out, &err);
		goto out;
	}
	if (cur)
		publish_update(srv, cur, rec);
	else
		publish(srv, rec);
	rec = NULL;
	json_t *o =
		json_pack("{s:s,s:I,s:s}", "treaty", id, "added", (json_int_t)added, "who", who);
	json_compose(c, o);
	c->out->status = 201;
	c->out->cacheable = false;
	c->out->cache_control = "no-store";
out:
	pacta_record_free(rec); /* a refused write's version, before the lock goes */
	snapshot_release(cur);
	pthread_mutex_unlock(&srv->write_lock);
	pacta_diags_free(&problems);
	free(csv);
}

/* ---- Review: the proposals pacta update made, for token holders ---- */

/* The proposal number of segment 2; a 404 when it is none. */
static bool proposal_id(ctx *c, long long *id)
{
	char *end;
	char buf[28];
	long long v = strtoll(c->seg[2], &end, 10);
	if (*end || v < 1 || c->seg[2][0] == '+' || c->seg[2][0] == ' ') {
		routes_problem(c->out, 404, "Unknown proposal", "'%s' is no proposal's number",
			       shown(buf, sizeof(buf), c->seg[2]));
		return false;
	}
	*id = v;
	return true;
}

static void r_review_list(ctx *c)
{
	char name[PACTA_TOKEN_NAME_MAX], buf[28];
	pacta_server *srv = c->srv;
	pacta_error err;
	const char *all = c->rq->arg(c->rq->arg_ctx, "all");
	if (all && strcmp(all, "true") != 0 && strcmp(all, "false") != 0) {
		routes_problem(c->out, 400, "Bad parameter", "'all' is true or false, not '%s'",
			       shown(buf, sizeof(buf), all));
		return;
	}
	pthread_mutex_lock(&srv->write_lock);
	if (!authorized(c, name))
		goto out;
	pacta_proposal *p;
	size_t n;
	if (pacta_store_proposals(srv->store, NULL,
				  all && strcmp(all, "true") == 0 ? -1 : PACTA_PROPOSAL_PENDING, &p,
				  &n, &err) != PACTA_OK) {
		routes_store_problem(srv, c->out, &err);
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		json_array_append_new(list, reparse(pacta_proposal_json(&p[i])));
	pacta_proposals_free(p, n);
	json_compose(c, list ? json_pack("{s:o}", "proposals", list) : NULL);
	no_store(c);
out:
	pthread_mutex_unlock(&srv->write_lock);
}

static void r_review_one(ctx *c)
{
	char name[PACTA_TOKEN_NAME_MAX];
	pacta_server *srv = c->srv;
	pacta_error err;
	long long id;
	if (!proposal_id(c, &id))
		return;
	pthread_mutex_lock(&srv->write_lock);
	if (!authorized(c, name))
		goto out;
	pacta_proposal p;
	if (pacta_store_proposal_get(srv->store, id, &p, &err) != PACTA_OK) {
		if (err.code == PACTA_ERR_NOTFOUND)
			routes_problem(c->out, 404, "Unknown proposal", "no proposal %lld", id);
		else
			routes_store_problem(srv, c->out, &err);
		goto out;
	}
	json_t *o = reparse(pacta_proposal_json(&p));
	pacta_snapshot s;
	if (o && pacta_store_snapshot_get(srv->store, p.snapshot, &s, &err) == PACTA_OK) {
		json_object_set_new(o, "evidence",
				    json_pack("{s:I,s:s,s:s,s:I,s:s,s:I}", "snapshot", (json_int_t)s.id,
					      "url", s.url, "fetched_at", s.fetched_at, "http_status",
					      (json_int_t)s.http_status, "sha256", s.sha256, "size",
					      (json_int_t)s.size));
		pacta_snapshot_clear(&s);
	}
	pacta_proposal_clear(&p);
	json_compose(c, o);
	no_store(c);
out:
	pthread_mutex_unlock(&srv->write_lock);
}

/* The optional body of a decision: {"source": URL, "note": TEXT}. */
static bool decision_body(ctx *c, json_t **doc, const char **source, const char **note)
{
	*doc = NULL;
	*source = *note = NULL;
	if (c->rq->body_len == 0)
		return true;
	json_error_t jerr;
	*doc = json_loadb(c->rq->body, c->rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(*doc)) {
		routes_problem(c->out, 400, "Bad request",
			       "send nothing, or a JSON object {\"source\": URL, \"note\": TEXT}");
		return false;
	}
	const char *key;
	json_t *v;
	json_object_foreach(*doc, key, v) {
		char buf[28];
		if ((strcmp(key, "source") != 0 && strcmp(key, "note") != 0) || !json_is_string(v)) {
			routes_problem(c->out, 400, "Bad request",
				       "'%s': only \"source\" and \"note\", each a string",
				       shown(buf, sizeof(buf), key));
			return false;
		}
	}
	*source = json_string_value(json_object_get(*doc, "source"));
	*note = json_string_value(json_object_get(*doc, "note"));
	char why[PACTA_URL_WHY_BUFSZ];
	if (*source && !pacta_url_check(*source, why, sizeof(why))) {
		routes_problem(c->out, 400, "Bad source", "'source' must be an http(s) URL: %s", why);
		return false;
	}
	return true;
}

static void r_review_decide(ctx *c)
{
	char name[PACTA_TOKEN_NAME_MAX], who[PACTA_TOKEN_NAME_MAX + 8];
	pacta_server *srv = c->srv;
	pacta_record *rec = NULL;
	pacta_diags problems = { 0 };
	pacta_error err;
	json_t *doc = NULL;
	const char *source, *note;
	long long id, change = 0;
	bool accept = strcmp(c->seg[3], "accept") == 0;
	if (!proposal_id(c, &id))
		return;
	pthread_mutex_lock(&srv->write_lock);
	if (!authorized(c, name) || !decision_body(c, &doc, &source, &note))
		goto out;
	snprintf(who, sizeof(who), "token:%s", name);
	pacta_rc rc;
	if (accept) {
		if (pacta_store_load(srv->store, &rec, &err) != PACTA_OK) {
			routes_store_problem(srv, c->out, &err);
			goto out;
		}
		rc = pacta_review_accept(srv->store, rec, id, source, note, who, 0, &problems,
					 &change, &err);
	} else {
		rc = source ? pacta_error_set(&err, PACTA_ERR_USAGE, "", "'source' is for accept")
			    : pacta_review_reject(srv->store, id, who, note, &err);
	}
	if (rc == PACTA_ERR_NOTFOUND) {
		routes_problem(c->out, 404, "Unknown proposal", "no proposal %lld", id);
		goto out;
	}
	if (rc == PACTA_ERR_CHECK && problems.n) {
		problem_with(c->out, 422, "Record check failed", problems_json(&problems),
			     "%zu problem%s; nothing was recorded", problems.n,
			     problems.n == 1 ? "" : "s");
		goto out;
	}
	if (rc == PACTA_ERR_CHECK) {
		routes_problem(c->out, 409, "Already decided", "%s", err.message);
		goto out;
	}
	if (rc == PACTA_ERR_USAGE) {
		routes_problem(c->out, 400, "Bad request", "%s", err.message);
		goto out;
	}
	if (rc != PACTA_OK) {
		routes_store_problem(srv, c->out, &err);
		goto out;
	}
	if (change) {
		publish(srv, rec);
		rec = NULL;
	}
	if (srv->opt.decided)
		srv->opt.decided(srv->opt.decided_arg, srv->store, id);
	json_t *o = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "status",
			      accept ? "accepted" : "rejected", "who", who);
	if (o)
		json_object_set_new(o, "change", change ? json_integer(change) : json_null());
	json_compose(c, o);
	no_store(c);
out:
	pthread_mutex_unlock(&srv->write_lock);
	json_decref(doc);
	pacta_diags_free(&problems);
	pacta_record_free(rec);
}

/* ---- The table ---- */

typedef struct route {
	const char *pattern; /* '*' matches one segment */
	const char *allow;
	bool treaty; /* segment 2 is a treaty id */
	void (*get)(ctx *c);
	void (*post)(ctx *c);
} route;

static const route routes[] = {
	{ "/", "GET, HEAD", false, r_asset, NULL },
	{ "/healthz", "GET, HEAD", false, r_health, NULL },
	{ "/v1/treaties", "GET, HEAD", false, r_treaties, NULL },
	{ "/v1/states", "GET, HEAD", false, r_states, NULL },
	{ "/v1/language", "GET, HEAD", false, r_language, NULL },
	{ "/v1/states/*", "GET, HEAD", false, r_state_all, NULL },
	{ "/v1/treaties/*", "GET, HEAD", true, r_treaty, NULL },
	{ "/v1/treaties/*/status", "GET, HEAD", true, r_status, NULL },
	{ "/v1/treaties/*/parties", "GET, HEAD", true, r_parties, NULL },
	{ "/v1/treaties/*/states/*", "GET, HEAD", true, r_state, NULL },
	{ "/v1/treaties/*/diff", "GET, HEAD", true, r_diff, NULL },
	{ "/v1/treaties/*/obligations", "GET, HEAD", true, r_obligations, NULL },
	{ "/v1/treaties/*/withdrawals", "GET, HEAD", true, r_withdrawals, NULL },
	{ "/v1/treaties/*/reports", "GET, HEAD", true, r_reports, NULL },
	{ "/v1/treaties/*/declarations", "GET, HEAD", true, r_declarations, NULL },
	{ "/v1/treaties/*/states/*/declarations", "GET, HEAD", true, r_state_declarations, NULL },
	{ "/v1/treaties/*/states/*/territories/*", "GET, HEAD", true, r_state_territory, NULL },
	{ "/v1/treaties/*/counts", "GET, HEAD", true, r_counts, NULL },
	{ "/v1/treaties/*/map.svg", "GET, HEAD", true, r_map, NULL },
	{ "/v1/treaties/*/feed.atom", "GET, HEAD", true, r_feed_atom, NULL },
	{ "/v1/treaties/*/feed.json", "GET, HEAD", true, r_feed_json, NULL },
	{ "/v1/treaties/*/review.atom", "GET, HEAD", true, r_review_feed_atom, NULL },
	{ "/v1/treaties/*/review.json", "GET, HEAD", true, r_review_feed_json, NULL },
	{ "/v1/treaties/*/states/*/feed.atom", "GET, HEAD", true, r_state_feed_atom, NULL },
	{ "/v1/treaties/*/states/*/feed.json", "GET, HEAD", true, r_state_feed_json, NULL },
	{ "/v1/treaties/*/calendar.ics", "GET, HEAD", true, r_calendar, NULL },
	{ "/v1/treaties/*/states/*/calendar.ics", "GET, HEAD", true, r_calendar, NULL },
	{ "/v1/treaties/*/panel.csv", "GET, HEAD", true, r_panel, NULL },
	{ "/v1/treaties/*/panel.ndjson", "GET, HEAD", true, r_panel, NULL },
	{ "/v1/treaties/*/states/*/panel.csv", "GET, HEAD", true, r_panel, NULL },
	{ "/v1/treaties/*/states/*/panel.ndjson", "GET, HEAD", true, r_panel, NULL },
	{ "/v1/datapackage.zip", "GET, HEAD", false, r_datapackage_zip, NULL },
	{ "/v1/datapackage/*", "GET, HEAD", false, r_datapackage_file, NULL },
	{ "/v1/treaties/*/acts", "POST", true, NULL, r_post_acts },
	{ "/v1/review", "GET, HEAD", false, r_review_list, NULL },
	{ "/v1/review/*", "GET, HEAD", false, r_review_one, NULL },
	{ "/v1/review/*/accept", "POST", false, NULL, r_review_decide },
	{ "/v1/review/*/reject", "POST", false, NULL, r_review_decide },
};

/* Splits path into c->seg (pointers into buf); false when too deep. */
static bool split(ctx *c, char *buf)
{
	c->n_seg = 0;
	for (char *p = buf + 1; *p;) {
		if (c->n_seg == MAX_SEGMENTS)
			return false;
		c->seg[c->n_seg++] = p;
		char *slash = strchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	return true;
}

static bool matches(const ctx *c, const char *pattern)
{
	char pat[64];
	const char *ps[MAX_SEGMENTS];
	size_t n = 0;
	snprintf(pat, sizeof(pat), "%s", pattern);
	for (char *p = pat + 1; *p && n < MAX_SEGMENTS;) {
		ps[n++] = p;
		char *slash = strchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
		p = slash + 1;
	}
	if (n != c->n_seg)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ps[i], "*") == 0 ? c->seg[i][0] == '\0' : strcmp(ps[i], c->seg[i]) != 0)
			return false;
	return true;
}

static bool is_asset(const char *path)
{
	for (size_t i = 0; i < web_assets_count; i++)
		if (strcmp(web_assets[i].path, path) == 0)
			return true;
	return strcmp(path, "/index.html") == 0;
}

void routes_handle(pacta_server *srv, snapshot *snap, const route_request *rq, route_answer *out)
{
	ctx c = { .srv = srv, .snap = snap, .rq = rq, .out = out };
	char buf[512];
	memset(out, 0, sizeof(*out));
	if (!rq->path || rq->path[0] != '/' || strlen(rq->path) >= sizeof(buf)) {
		routes_problem(out, 404, "Not found", "no such path");
		return;
	}
	snprintf(buf, sizeof(buf), "%s", rq->path);
	if (!split(&c, buf)) {
		routes_problem(out, 404, "Not found", "no such path");
		return;
	}
	const route *r = NULL;
	if (is_asset(rq->path)) {
		r = &routes[0];
	} else {
		for (size_t i = 1; i < sizeof(routes) / sizeof(routes[0]) && !r; i++)
			if (matches(&c, routes[i].pattern))
				r = &routes[i];
	}
	if (!r) {
		routes_problem(out, 404, "Not found",
			       "no such path (the API is under /v1; see /openapi.json)");
		return;
	}
	bool get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	void (*fn)(ctx *) = get ? r->get : strcmp(rq->method, "POST") == 0 ? r->post : NULL;
	if (!fn) {
		char mbuf[20];
		routes_problem(out, 405, "Method not allowed", "%s is not allowed here; use %s",
			       shown(mbuf, sizeof(mbuf), rq->method), r->allow);
		out->allow = r->allow;
		return;
	}
	if (r->treaty) {
		int32_t t = pacta_record_treaty_by_id(snap->rec, c.seg[2]);
		if (t < 0) {
			char tbuf[36];
			routes_problem(out, 404, "Unknown treaty",
				       "no treaty '%s' in the record (see /v1/treaties)",
				       shown(tbuf, sizeof(tbuf), c.seg[2]));
			return;
		}
		c.treaty = (uint32_t)t;
		c.ts = snapshot_status(snap, c.treaty);
	}
	fn(&c);
}
