/*
 * feed.c - Atom and JSON feeds of status changes. Acts come from the
 * record, derived dates from the compiled intervals and their derivations;
 * nothing here computes a date.
 */
#include "pacta/feed.h"
#include "array.h"
#include "jsontext.h"
#include "strbuf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The tagging date of every id (RFC 4151): fixed, so ids never change. */
#define TAG_PREFIX "tag:pacta,2025:"

static const char *const kind_names[] = {
	[PACTA_FEED_SIGNATURE] = "signature",
	[PACTA_FEED_CONSENT] = "consent",
	[PACTA_FEED_ENTRY_INTO_FORCE] = "entry-into-force",
	[PACTA_FEED_WITHDRAWAL_NOTIFIED] = "withdrawal-notified",
	[PACTA_FEED_WITHDRAWAL_EFFECTIVE] = "withdrawal-effective",
	[PACTA_FEED_WITHDRAWAL_HELD] = "withdrawal-held",
};

const char *pacta_feed_kind_name(pacta_feed_kind kind)
{
	return (unsigned)kind <= PACTA_FEED_WITHDRAWAL_HELD ? kind_names[kind] : "?";
}

bool pacta_feed_format_parse(const char *name, pacta_feed_format *out)
{
	if (name && strcmp(name, "atom") == 0)
		*out = PACTA_FEED_ATOM;
	else if (name && strcmp(name, "json") == 0)
		*out = PACTA_FEED_JSON;
	else
		return false;
	return true;
}

typedef struct collector {
	const pacta_treaty_status *ts;
	const pacta_record *rec;
	pacta_day on;
	pacta_day first_recorded; /* the day the treaty's record was first
				   * loaded: its earliest record time */
	pacta_feed_entry *items;
	size_t n, cap;
} collector;

/* Adds an entry resting on acts[0..n_acts) (act indexes); skipped when
 * they were not all dated by `on`. */
static int add(collector *c, pacta_feed_kind kind, uint32_t p, pacta_day date,
	       const uint32_t *acts, size_t n_acts, int32_t why)
{
	pacta_day published = n_acts ? PACTA_DAY_NONE : date, recorded = PACTA_DAY_NONE;
	for (size_t i = 0; i < n_acts; i++) {
		const pacta_act *a = &c->rec->acts[acts[i]];
		if (a->date > published)
			published = a->date;
		if (a->recorded != PACTA_DAY_OPEN && a->recorded > recorded)
			recorded = a->recorded;
	}
	if (published == PACTA_DAY_NONE || published > c->on)
		return 0;
	if (array_grow((void **)&c->items, c->n, &c->cap, sizeof(*c->items)))
		return -1;
	pacta_feed_entry *e = &c->items[c->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->participant = p;
	e->date = date;
	e->published = published;
	/* An entry from the record as first loaded changed when it was
	 * published; one whose acts were recorded later, when they were (never
	 * after the feed's day). So entries keep their updated however often
	 * the record is loaded again, and a late addition shows as new. */
	if (recorded == PACTA_DAY_NONE || recorded <= c->first_recorded || recorded < published)
		e->updated = published;
	else
		e->updated = recorded > c->on ? c->on : recorded;
	e->act = n_acts ? (int32_t)acts[n_acts - 1] : -1;
	e->why = why;
	char d[PACTA_DATE_BUFSZ];
	snprintf(e->id, sizeof(e->id), TAG_PREFIX "%s/%s/%s/%s",
		 c->rec->treaties[pacta_treaty_status_treaty(c->ts)].id,
		 c->rec->participants[p].iso3, kind_names[kind], pacta_date_format(date, d));
	return 0;
}

static int collect_participant(collector *c, uint32_t p)
{
	size_t first, last;
	uint32_t treaty = pacta_treaty_status_treaty(c->ts);
	pacta_record_acts_of(c->rec, treaty, p, &first, &last);
	for (size_t i = first; i < last; i++) {
		const pacta_act *a = &c->rec->acts[i];
		uint32_t idx = (uint32_t)i;
		int rc = 0;
		switch (pacta_action_class_of(a->action)) {
		case PACTA_CLASS_SIGNATURE:
			rc = add(c, PACTA_FEED_SIGNATURE, p, a->date, &idx, 1, -1);
			break;
		case PACTA_CLASS_CONSENT:
			if (a->action != PACTA_ACT_PROVISIONAL_APPLICATION)
				rc = add(c, PACTA_FEED_CONSENT, p, a->date, &idx, 1, -1);
			break;
		case PACTA_CLASS_WITHDRAWAL:
			rc = add(c, PACTA_FEED_WITHDRAWAL_NOTIFIED, p, a->date, &idx, 1, -1);
			break;
		default:
			break;
		}
		if (rc)
			return rc;
	}
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(c->ts, p, &tl_buf);
	for (size_t k = 1; k < tl->n_intervals; k++) {
		const pacta_interval *iv = &tl->intervals[k];
		pacta_status before = tl->intervals[k - 1].status;
		pacta_feed_kind kind;
		if (pacta_status_is_bound(iv->status) && !pacta_status_is_bound(before))
			kind = PACTA_FEED_ENTRY_INTO_FORCE;
		else if (iv->status == PACTA_STATUS_WITHDRAWAL_HELD)
			kind = PACTA_FEED_WITHDRAWAL_HELD;
		else if (iv->status == PACTA_STATUS_WITHDRAWN)
			kind = PACTA_FEED_WITHDRAWAL_EFFECTIVE;
		else
			continue;
		pacta_derivation d_buf;
		const pacta_derivation *d = pacta_treaty_status_derivation(c->ts, iv->why, &d_buf);
		if (add(c, kind, p, iv->from, d->acts, d->n_acts, (int32_t)iv->why))
			return -1;
	}
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const pacta_feed_entry *x = a, *y = b;
	if (x->published != y->published)
		return x->published < y->published ? 1 : -1;
	if (x->date != y->date)
		return x->date < y->date ? 1 : -1;
	return -strcmp(x->id, y->id);
}

pacta_rc pacta_feed_entries(const pacta_treaty_status *ts, pacta_day on,
			    const uint32_t *participants, size_t n, pacta_feed_entry **out,
			    size_t *n_out, pacta_error *err)
{
	collector c = {ts, pacta_treaty_status_record(ts), on, PACTA_DAY_NONE, NULL, 0, 0};
	{
		size_t first, last;
		pacta_record_acts_of_treaty(c.rec, pacta_treaty_status_treaty(ts), &first, &last);
		for (size_t i = first; i < last; i++) {
			pacta_day r = c.rec->acts[i].recorded;
			if (r != PACTA_DAY_NONE && r != PACTA_DAY_OPEN &&
			    (c.first_recorded == PACTA_DAY_NONE || r < c.first_recorded))
				c.first_recorded = r;
		}
	}
	size_t count = participants ? n : c.rec->n_participants;
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i < count; i++) {
		uint32_t p = participants ? participants[i] : (uint32_t)i;
		if (p >= c.rec->n_participants) {
			free(c.items);
			return pacta_error_set(err, PACTA_ERR_USAGE, "state",
					       "participant %zu is not in the record", (size_t)p);
		}
		if (collect_participant(&c, p)) {
			free(c.items);
			return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		}
	}
	if (c.n)
		qsort(c.items, c.n, sizeof(*c.items), entry_cmp);
	*out = c.items;
	*n_out = c.n;
	return PACTA_OK;
}

/* ---- Words ---- */

static void title(strbuf *sb, const pacta_treaty_status *ts, const pacta_feed_entry *e)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const char *who = rec->participants[e->participant].name;
	char d[PACTA_DATE_BUFSZ];
	pacta_date_format(e->date, d);
	switch (e->kind) {
	case PACTA_FEED_SIGNATURE:
		strbuf_appendf(sb, "%s: signature, %s", who, d);
		break;
	case PACTA_FEED_CONSENT:
		strbuf_appendf(sb, "%s: %s deposited, %s", who,
			       pacta_action_phrase(rec->acts[e->act].action), d);
		break;
	case PACTA_FEED_ENTRY_INTO_FORCE:
		strbuf_appendf(sb, "%s: entry into force for it, %s", who, d);
		break;
	case PACTA_FEED_WITHDRAWAL_NOTIFIED:
		strbuf_appendf(sb, "%s: notification of withdrawal received, %s", who, d);
		break;
	case PACTA_FEED_WITHDRAWAL_EFFECTIVE:
		strbuf_appendf(sb, "%s: withdrawal effective %s", who, d);
		break;
	case PACTA_FEED_WITHDRAWAL_HELD:
		strbuf_appendf(sb, "%s: withdrawal held from %s (armed conflict)", who, d);
		break;
	}
}

static void content(strbuf *sb, const pacta_treaty_status *ts, const pacta_feed_entry *e)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	char d[PACTA_DATE_BUFSZ];
	title(sb, ts, e);
	strbuf_appendf(sb, ". %s.", tr->name);
	if (e->why >= 0) {
		pacta_derivation dv_buf;
		const pacta_derivation *dv = pacta_treaty_status_derivation(ts, (uint32_t)e->why, &dv_buf);
		if (dv->article)
			strbuf_appendf(sb, " Article %s.", dv->article);
	}
	strbuf_appendf(sb, " Known since %s.", pacta_date_format(e->published, d));
	if (e->act >= 0)
		strbuf_appendf(sb, " Source: %s", rec->acts[e->act].source_url);
}

static const char *source_of(const pacta_treaty_status *ts, const pacta_feed_entry *e)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	if (e->act >= 0 && rec->acts[e->act].source_url[0])
		return rec->acts[e->act].source_url;
	return rec->treaties[pacta_treaty_status_treaty(ts)].source_url;
}

/* ---- Atom ---- */

static void xml(strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			strbuf_append(sb, "&amp;");
			break;
		case '<':
			strbuf_append(sb, "&lt;");
			break;
		case '>':
			strbuf_append(sb, "&gt;");
			break;
		case '"':
			strbuf_append(sb, "&quot;");
			break;
		default:
			/* XML 1.0 has no place for other control characters. */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n') {
				char ch[2] = {*s, '\0'};
				strbuf_append(sb, ch);
			}
		}
	}
}

static void stamp(strbuf *sb, pacta_day d)
{
	char s[PACTA_DATE_BUFSZ];
	strbuf_appendf(sb, "%sT00:00:00Z", pacta_date_format(d, s));
}

static void element(strbuf *sb, const char *indent, const char *name, const char *text)
{
	strbuf_appendf(sb, "%s<%s>", indent, name);
	xml(sb, text);
	strbuf_appendf(sb, "</%s>\n", name);
}

static void atom(strbuf *sb, const pacta_treaty_status *ts, const char *feed_id,
		 const char *feed_title, const char *self_url, pacta_day updated,
		 const pacta_feed_entry *es, size_t n)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	strbuf s;
	strbuf_init(&s);
	strbuf_append(sb, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			  "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
	element(sb, "  ", "id", feed_id);
	element(sb, "  ", "title", feed_title);
	strbuf_append(sb, "  <updated>");
	stamp(sb, updated);
	strbuf_append(sb, "</updated>\n  <author><name>pacta</name></author>\n"
			  "  <generator>pacta</generator>\n  <link rel=\"related\" href=\"");
	xml(sb, tr->source_url);
	strbuf_append(sb, "\"/>\n");
	if (self_url) {
		strbuf_append(sb, "  <link rel=\"self\" href=\"");
		xml(sb, self_url);
		strbuf_append(sb, "\"/>\n");
	}
	for (size_t i = 0; i < n; i++) {
		const pacta_feed_entry *e = &es[i];
		strbuf_append(sb, "  <entry>\n");
		element(sb, "    ", "id", e->id);
		s.len = 0;
		title(&s, ts, e);
		element(sb, "    ", "title", s.buf ? s.buf : "");
		strbuf_append(sb, "    <published>");
		stamp(sb, e->published);
		strbuf_append(sb, "</published>\n    <updated>");
		stamp(sb, e->updated);
		strbuf_append(sb, "</updated>\n    <link rel=\"alternate\" href=\"");
		xml(sb, source_of(ts, e));
		strbuf_appendf(sb, "\"/>\n    <category term=\"%s\"/>\n",
			       kind_names[e->kind]);
		s.len = 0;
		content(&s, ts, e);
		strbuf_append(sb, "    <content type=\"text\">");
		xml(sb, s.buf ? s.buf : "");
		strbuf_append(sb, "</content>\n  </entry>\n");
		if (strbuf_failed(&s))
			sb->failed = true;
	}
	strbuf_append(sb, "</feed>\n");
	strbuf_free(&s);
}

/* ---- JSON Feed 1.1 ---- */

static json_t *jstamp(pacta_day d)
{
	char s[PACTA_DATE_BUFSZ], t[32];
	snprintf(t, sizeof(t), "%sT00:00:00Z", pacta_date_format(d, s));
	return json_string(t);
}

static char *json_feed(const pacta_treaty_status *ts, const char *feed_title,
		       const char *self_url, const pacta_feed_entry *es, size_t n)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	json_t *items = json_array();
	json_t *root = json_pack("{s:s, s:s, s:s, s:[{s:s}], s:o}", "version",
				 "https://jsonfeed.org/version/1.1", "title", feed_title,
				 "home_page_url", tr->source_url, "authors", "name", "pacta",
				 "items", items);
	bool ok = root != NULL;
	strbuf s;
	strbuf_init(&s);
	if (ok && self_url)
		ok = json_object_set_new(root, "feed_url", json_string(self_url)) == 0;
	for (size_t i = 0; ok && i < n; i++) {
		const pacta_feed_entry *e = &es[i];
		s.len = 0;
		title(&s, ts, e);
		json_t *o = json_pack("{s:s, s:s, s:s%}", "id", e->id, "url", source_of(ts, e),
				      "title", s.buf ? s.buf : "", s.len);
		s.len = 0;
		content(&s, ts, e);
		ok = o && !strbuf_failed(&s) &&
		     json_object_set_new(o, "content_text", json_string(s.buf)) == 0 &&
		     json_object_set_new(o, "date_published", jstamp(e->published)) == 0 &&
		     json_object_set_new(o, "date_modified", jstamp(e->updated)) == 0 &&
		     json_object_set_new(o, "tags", json_pack("[s]", kind_names[e->kind])) == 0;
		if (ok)
			ok = json_array_append_new(items, o) == 0; /* takes o either way */
		else
			json_decref(o);
	}
	strbuf_free(&s);
	return json_text(root, ok);
}

pacta_rc pacta_feed_write(const pacta_treaty_status *ts, pacta_day on,
			  const uint32_t *participants, size_t n, pacta_feed_format fmt,
			  const char *self_url, char **out, size_t *len, pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	pacta_feed_entry *es;
	size_t n_es;
	char feed_id[PACTA_FEED_ID_MAX], feed_title[512];

	*out = NULL;
	*len = 0;
	pacta_rc rc = pacta_feed_entries(ts, on, participants, n, &es, &n_es, err);
	if (rc)
		return rc;
	bool one = participants && n == 1;
	snprintf(feed_id, sizeof(feed_id), TAG_PREFIX "%s%s%s", tr->id, one ? "/" : "",
		 one ? rec->participants[participants[0]].iso3 : "");
	snprintf(feed_title, sizeof(feed_title), "%s%s%s: signatures, consents, entries into force and withdrawals",
		 tr->name, one ? ", " : "", one ? rec->participants[participants[0]].name : "");
	pacta_day updated = PACTA_DAY_NONE;
	for (size_t i = 0; i < n_es; i++)
		if (es[i].updated > updated)
			updated = es[i].updated;
	if (updated == PACTA_DAY_NONE)
		updated = on;
	char *text;
	if (fmt == PACTA_FEED_ATOM) {
		strbuf sb;
		strbuf_init(&sb);
		atom(&sb, ts, feed_id, feed_title, self_url, updated, es, n_es);
		text = strbuf_take(&sb);
	} else {
		text = json_feed(ts, feed_title, self_url, es, n_es);
	}
	free(es);
	if (!text)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	*out = text;
	*len = strlen(text);
	return PACTA_OK;
}

/* ---- The review feed ---- */

typedef struct review_entry {
	const pacta_proposal *p;
	bool recorded;	   /* "change recorded", else "change proposed" */
	const char *when;  /* record time */
} review_entry;

static int review_newest_first(const void *a, const void *b)
{
	const review_entry *x = a, *y = b;
	int c = strcmp(y->when, x->when);
	if (c)
		return c;
	if (x->p->id != y->p->id)
		return x->p->id < y->p->id ? 1 : -1;
	return (int)y->recorded - (int)x->recorded;
}

static void review_title(strbuf *sb, const review_entry *e)
{
	strbuf_appendf(sb, "%s: %s", e->recorded ? "change recorded" : "change proposed",
		       e->p->page_says);
}

static void review_content(strbuf *sb, const review_entry *e)
{
	const pacta_proposal *p = e->p;
	strbuf_appendf(sb, "Proposal %lld (%s). The depositary's page says: %s. The record said: %s. "
			   "Accepting %s: %s.",
		       p->id, pacta_proposal_kind_name(p->kind), p->page_says, p->record_says,
		       p->act ? "appends" : "records", p->would_append);
	if (e->recorded && p->change_id)
		strbuf_appendf(sb, " Recorded as change %lld.", p->change_id);
}

pacta_rc pacta_feed_write_review(const pacta_treaty *treaty, const pacta_proposal *p, size_t n,
				 pacta_feed_format fmt, const char *self_url, char **out,
				 size_t *len, pacta_error *err)
{
	*out = NULL;
	*len = 0;
	review_entry *es = calloc(2 * n + 1, sizeof(*es));
	if (!es)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		es[k++] = (review_entry){.p = &p[i], .recorded = false, .when = p[i].created_at};
		if (p[i].status == PACTA_PROPOSAL_ACCEPTED)
			es[k++] = (review_entry){.p = &p[i], .recorded = true, .when = p[i].decided_at};
	}
	qsort(es, k, sizeof(*es), review_newest_first);
	char feed_id[PACTA_FEED_ID_MAX], feed_title[512], id[PACTA_FEED_ID_MAX];
	snprintf(feed_id, sizeof(feed_id), TAG_PREFIX "%s/review", treaty->id);
	snprintf(feed_title, sizeof(feed_title), "%s: changes proposed from the depositary's page, and recorded",
		 treaty->name);
	const char *updated = k ? es[0].when : "1970-01-01T00:00:00Z";
	strbuf s;
	strbuf_init(&s);
	char *text = NULL;
	if (fmt == PACTA_FEED_ATOM) {
		strbuf sb;
		strbuf_init(&sb);
		strbuf_append(&sb, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
				   "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
		element(&sb, "  ", "id", feed_id);
		element(&sb, "  ", "title", feed_title);
		element(&sb, "  ", "updated", updated);
		strbuf_append(&sb, "  <author><name>pacta</name></author>\n"
				   "  <generator>pacta</generator>\n  <link rel=\"related\" href=\"");
		xml(&sb, treaty->source_url);
		strbuf_append(&sb, "\"/>\n");
		if (self_url) {
			strbuf_append(&sb, "  <link rel=\"self\" href=\"");
			xml(&sb, self_url);
			strbuf_append(&sb, "\"/>\n");
		}
		for (size_t i = 0; i < k; i++) {
			snprintf(id, sizeof(id), TAG_PREFIX "%s/review/%lld/%s", treaty->id, es[i].p->id,
				 es[i].recorded ? "recorded" : "proposed");
			strbuf_append(&sb, "  <entry>\n");
			element(&sb, "    ", "id", id);
			s.len = 0;
			review_title(&s, &es[i]);
			element(&sb, "    ", "title", s.buf ? s.buf : "");
			element(&sb, "    ", "published", es[i].when);
			element(&sb, "    ", "updated", es[i].when);
			strbuf_append(&sb, "    <link rel=\"alternate\" href=\"");
			xml(&sb, treaty->source_url);
			strbuf_appendf(&sb, "\"/>\n    <category term=\"%s\"/>\n",
				       es[i].recorded ? "change-recorded" : "change-proposed");
			s.len = 0;
			review_content(&s, &es[i]);
			element(&sb, "    ", "content", s.buf ? s.buf : "");
			strbuf_append(&sb, "  </entry>\n");
			if (strbuf_failed(&s))
				sb.failed = true;
		}
		strbuf_append(&sb, "</feed>\n");
		text = strbuf_take(&sb);
	} else {
		json_t *items = json_array();
		json_t *root = json_pack("{s:s, s:s, s:s, s:[{s:s}], s:o}", "version",
					 "https://jsonfeed.org/version/1.1", "title", feed_title,
					 "home_page_url", treaty->source_url, "authors", "name", "pacta",
					 "items", items);
		bool ok = root != NULL;
		if (ok && self_url)
			ok = json_object_set_new(root, "feed_url", json_string(self_url)) == 0;
		for (size_t i = 0; ok && i < k; i++) {
			snprintf(id, sizeof(id), TAG_PREFIX "%s/review/%lld/%s", treaty->id, es[i].p->id,
				 es[i].recorded ? "recorded" : "proposed");
			s.len = 0;
			review_title(&s, &es[i]);
			json_t *o = json_pack("{s:s, s:s, s:s%}", "id", id, "url", treaty->source_url,
					      "title", s.buf ? s.buf : "", s.len);
			s.len = 0;
			review_content(&s, &es[i]);
			ok = o && !strbuf_failed(&s) &&
			     json_object_set_new(o, "content_text", json_string(s.buf)) == 0 &&
			     json_object_set_new(o, "date_published", json_string(es[i].when)) == 0 &&
			     json_object_set_new(o, "date_modified", json_string(es[i].when)) == 0 &&
			     json_object_set_new(o, "tags",
						 json_pack("[s]", es[i].recorded ? "change-recorded"
										 : "change-proposed")) == 0;
			if (ok)
				ok = json_array_append_new(items, o) == 0;
			else
				json_decref(o);
		}
		text = json_text(root, ok);
	}
	strbuf_free(&s);
	free(es);
	if (!text)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	*out = text;
	*len = strlen(text);
	return PACTA_OK;
}
