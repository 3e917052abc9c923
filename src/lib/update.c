/*
 * update.c - the difference between a depositary status page and the
 * record, as proposals (pacta/update.h). Nothing here writes: the store
 * keeps proposals (evidence.c), a person decides them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "pacta/update.h"
#include "strbuf.h"

static const char *const kind_names[] = {
	[PACTA_PROPOSAL_NEW] = "new",
	[PACTA_PROPOSAL_DATE] = "date",
	[PACTA_PROPOSAL_GONE] = "gone",
	[PACTA_PROPOSAL_COUNT] = "count",
};

static const char *const status_names[] = {
	[PACTA_PROPOSAL_PENDING] = "pending",
	[PACTA_PROPOSAL_ACCEPTED] = "accepted",
	[PACTA_PROPOSAL_REJECTED] = "rejected",
};

const char *pacta_proposal_kind_name(pacta_proposal_kind kind)
{
	return (unsigned)kind <= PACTA_PROPOSAL_COUNT ? kind_names[kind] : "?";
}

const char *pacta_proposal_status_name(pacta_proposal_status status)
{
	return (unsigned)status <= PACTA_PROPOSAL_REJECTED ? status_names[status] : "?";
}

void pacta_proposal_clear(pacta_proposal *p)
{
	free(p->page_says);
	free(p->record_says);
	free(p->would_append);
	free(p->act);
	free(p->decided_by);
	free(p->note);
	memset(p, 0, sizeof(*p));
}

void pacta_proposals_free(pacta_proposal *p, size_t n)
{
	if (!p)
		return;
	for (size_t i = 0; i < n; i++)
		pacta_proposal_clear(&p[i]);
	free(p);
}

/* A formatted string, malloc'd; NULL when out of memory. */
#define dupf(...)                                        \
	(strbuf_init(&fmt_sb), strbuf_appendf(&fmt_sb, __VA_ARGS__), strbuf_take(&fmt_sb))

/* SHA-256 of text as hex. */
static void sha_hex(const char *text, char out[PACTA_SHA256_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, PACTA_SHA256_HEX, h, sizeof(h));
}

/* The growing list of proposals. */
typedef struct plist {
	pacta_proposal *p;
	size_t n, cap;
} plist;

static pacta_proposal *plist_push(plist *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		pacta_proposal *np = realloc(l->p, cap * sizeof(*np));
		if (!np)
			return NULL;
		l->p = np;
		l->cap = cap;
	}
	pacta_proposal *q = &l->p[l->n++];
	memset(q, 0, sizeof(*q));
	return q;
}

static const char *iso(const pacta_record *rec, int32_t i)
{
	return i >= 0 && (size_t)i < rec->n_participants ? rec->participants[i].iso3 : "";
}

static void json_day(json_t *o, const char *key, pacta_day d)
{
	char b[PACTA_DATE_BUFSZ];
	json_object_set_new(o, key, d == PACTA_DAY_NONE ? json_null()
							: json_string(pacta_date_format(d, b)));
}

static void json_text(json_t *o, const char *key, const char *s)
{
	json_object_set_new(o, key, s && *s ? json_string(s) : json_null());
}

/* The page act a as the act that accepting appends, as JSON. */
static char *act_json(const pacta_untc_page *page, const pacta_record *rec,
		      const pacta_untc_act *a)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "state", json_string(iso(rec, a->participant)));
	json_object_set_new(o, "action", json_string(pacta_action_name(a->action)));
	json_day(o, "date", a->date);
	json_day(o, "effective", PACTA_DAY_NONE);
	json_text(o, "target", iso(rec, a->target));
	json_object_set_new(o, "source_url", json_string(page->source_url));
	json_text(o, "note", a->note);
	json_text(o, "notification", a->notification);
	json_day(o, "circulated", a->circulated);
	json_text(o, "territory", a->territory);
	json_text(o, "text", a->text);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return s;
}

/* "accession of Tuvalu (TUV) dated 2026-11-02" and its like. */
static void describe(const pacta_record *rec, int32_t participant, pacta_action action,
		     pacta_day date, int32_t target, const char *territory, char *buf,
		     size_t size)
{
	char d[PACTA_DATE_BUFSZ];
	const pacta_participant *p = &rec->participants[participant];
	int n = snprintf(buf, size, "%s of %s (%s) dated %s", pacta_action_name(action), p->name,
			 p->iso3, pacta_date_format(date, d));
	if (n > 0 && (size_t)n < size && target >= 0)
		n += snprintf(buf + n, size - (size_t)n, ", aimed at %s", iso(rec, target));
	if (n > 0 && (size_t)n < size && territory && *territory)
		snprintf(buf + n, size - (size_t)n, ", for %s", territory);
}

static void fingerprint(char out[PACTA_SHA256_HEX], const char *fmt, ...) PACTA_PRINTF(2, 3);
static void fingerprint(char out[PACTA_SHA256_HEX], const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sha_hex(buf, out);
}

/* Does the page show record act r (same participant, action, date, target
 * and territory)? */
static bool page_shows(const pacta_untc_page *page, const pacta_act *r)
{
	for (size_t i = 0; i < page->n_acts; i++) {
		const pacta_untc_act *a = &page->acts[i];
		if (a->participant == (int32_t)r->participant && a->action == r->action &&
		    a->date == r->date && a->target == r->target &&
		    strcmp(a->territory, r->territory ? r->territory : "") == 0)
			return true;
	}
	return false;
}

static bool from_page(const pacta_untc_page *page, const pacta_act *r)
{
	return r->source_url && strcmp(r->source_url, page->source_url) == 0;
}

static bool dated_kind(pacta_action a)
{
	/* Acts whose date may change while the act stays the same: not the
	 * texts (declarations and the like), which are matched by text. */
	return a == PACTA_ACT_SIGNATURE || a == PACTA_ACT_DEFINITIVE_SIGNATURE ||
	       a == PACTA_ACT_RATIFICATION || a == PACTA_ACT_ACCEPTANCE ||
	       a == PACTA_ACT_APPROVAL || a == PACTA_ACT_ACCESSION ||
	       a == PACTA_ACT_SUCCESSION || a == PACTA_ACT_CONSENT ||
	       a == PACTA_ACT_FORMAL_CONFIRMATION || a == PACTA_ACT_WITHDRAWAL;
}

/* A record act with the page's source, the same participant and action
 * and another date, that the page does not show as it is: the act whose
 * date changed; -1 when none (or it was already taken). */
static long changed_from(const pacta_untc_page *page, const pacta_record *rec, uint32_t treaty,
			 const pacta_untc_act *a, const bool *used)
{
	if (!dated_kind(a->action))
		return -1;
	size_t first, last;
	pacta_record_acts_of(rec, treaty, (uint32_t)a->participant, &first, &last);
	for (size_t k = first; k < last; k++) {
		const pacta_act *r = &rec->acts[k];
		if (!used[k] && r->action == a->action && r->date != a->date && from_page(page, r) &&
		    !page_shows(page, r))
			return (long)k;
	}
	return -1;
}

/* Has the participant ceased to exist? The depositary's table drops such a
 * state and keeps its acts in end notes, so their absence from the rows is
 * no news. */
static bool ceased(const pacta_record *rec, uint32_t treaty, uint32_t participant)
{
	size_t first, last;
	pacta_record_acts_of(rec, treaty, participant, &first, &last);
	for (size_t k = first; k < last; k++)
		if (rec->acts[k].action == PACTA_ACT_CEASED)
			return true;
	return false;
}

static pacta_rc oom(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

/* The label's count in "A=1;B=2", or -1. */
static long prev_count(const char *counts, const char *label)
{
	size_t ll = strlen(label);
	for (const char *s = counts; s && *s;) {
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len > ll && strncmp(s, label, ll) == 0 && s[ll] == '=')
			return strtol(s + ll + 1, NULL, 10);
		s = end ? end + 1 : NULL;
	}
	return -1;
}

char *pacta_update_counts_text(const pacta_untc_page *page)
{
	size_t size = 1;
	for (size_t i = 0; i < page->n_counts; i++)
		size += strlen(page->counts[i].label) + 24;
	char *s = malloc(size);
	if (!s)
		return NULL;
	size_t n = 0;
	s[0] = '\0';
	for (size_t i = 0; i < page->n_counts; i++) {
		int w = snprintf(s + n, size - n, "%s%s=%ld", i ? ";" : "", page->counts[i].label,
				 page->counts[i].stated);
		if (w > 0)
			n += (size_t)w;
	}
	return s;
}

pacta_rc pacta_update_diff(const pacta_untc_page *page, const pacta_record *rec, uint32_t treaty,
			   const char *prev_counts, pacta_proposal **out, size_t *n,
			   pacta_error *err)
{
	*out = NULL;
	*n = 0;
	if (treaty >= rec->n_treaties)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no such treaty");
	const char *tid = rec->treaties[treaty].id;
	strbuf fmt_sb;
	bool *take = calloc(page->n_acts ? page->n_acts : 1, sizeof(*take));
	bool *used = calloc(rec->n_acts ? rec->n_acts : 1, sizeof(*used));
	plist l = {0};
	pacta_rc rc = PACTA_OK;
	if (!take || !used) {
		rc = oom(err);
		goto out;
	}
	(void)pacta_untc_unheld(page, rec, treaty, take);
	char what[512], was[512], d[PACTA_DATE_BUFSZ];
	for (size_t i = 0; i < page->n_acts; i++) {
		if (!take[i])
			continue;
		const pacta_untc_act *a = &page->acts[i];
		pacta_proposal *q = plist_push(&l);
		if (!q) {
			rc = oom(err);
			goto out;
		}
		snprintf(q->treaty, sizeof(q->treaty), "%s", tid);
		snprintf(q->state, sizeof(q->state), "%s", iso(rec, a->participant));
		describe(rec, a->participant, a->action, a->date, a->target, a->territory, what,
			 sizeof(what));
		long k = changed_from(page, rec, treaty, a, used);
		char where[64];
		if (a->end_note)
			snprintf(where, sizeof(where), "end note %d", a->end_note);
		else if (a->row > 0)
			snprintf(where, sizeof(where), "row %d", a->row);
		else
			snprintf(where, sizeof(where), "its sections");
		q->act = act_json(page, rec, a);
		if (k >= 0) {
			const pacta_act *r = &rec->acts[k];
			used[k] = true;
			q->kind = PACTA_PROPOSAL_DATE;
			q->supersedes = r->id;
			describe(rec, (int32_t)r->participant, r->action, r->date, r->target,
				 r->territory, was, sizeof(was));
			q->page_says = dupf("%s (%s, %s)", what, page->mtdsg_no, where);
			q->record_says = dupf("act %u: %s", r->id, was);
			q->would_append = dupf("a correction of act %u dated %s", r->id,
					       pacta_date_format(a->date, d));
			fingerprint(q->fingerprint, "date|%s|%u|%s|%s", tid, r->id, q->state,
				    pacta_date_format(a->date, d));
		} else {
			char text_hash[PACTA_SHA256_HEX];
			sha_hex(a->text, text_hash);
			q->kind = PACTA_PROPOSAL_NEW;
			q->page_says = dupf("%s (%s, %s)", what, page->mtdsg_no, where);
			q->record_says = dupf("no such act");
			q->would_append = dupf("%s, source %s", what, page->source_url);
			fingerprint(q->fingerprint, "new|%s|%s|%s|%s|%s|%s|%s", tid, q->state,
				    pacta_action_name(a->action), pacta_date_format(a->date, d),
				    iso(rec, a->target), a->territory, text_hash);
		}
		if (!q->act || !q->page_says || !q->record_says || !q->would_append) {
			rc = oom(err);
			goto out;
		}
	}
	/* The record's acts from this page that the page no longer shows. */
	size_t first, last;
	pacta_record_acts_of_treaty(rec, treaty, &first, &last);
	for (size_t k = first; k < last; k++) {
		const pacta_act *r = &rec->acts[k];
		/* Only the table's acts: a declaration's text may be quoted
		 * another way, and acts the record derives from a section
		 * (a provisional application "upon ratification") have no
		 * row of their own. */
		if (used[k] || !dated_kind(r->action) || !from_page(page, r) || page_shows(page, r) ||
		    ceased(rec, treaty, r->participant))
			continue;
		pacta_proposal *q = plist_push(&l);
		if (!q) {
			rc = oom(err);
			goto out;
		}
		snprintf(q->treaty, sizeof(q->treaty), "%s", tid);
		snprintf(q->state, sizeof(q->state), "%s", rec->participants[r->participant].iso3);
		q->kind = PACTA_PROPOSAL_GONE;
		q->supersedes = 0;
		describe(rec, (int32_t)r->participant, r->action, r->date, r->target, r->territory,
			 was, sizeof(was));
		q->page_says = dupf("no such act (%s)", page->mtdsg_no);
		q->record_says = dupf("act %u: %s", r->id, was);
		q->would_append = dupf("nothing: the record keeps act %u; accepting notes that it "
				       "was seen to be gone (correct it with pacta correct if it is wrong)",
				       r->id);
		fingerprint(q->fingerprint, "gone|%s|%u|%s|%s|%s", tid, r->id, q->state,
			    pacta_action_name(r->action), pacta_date_format(r->date, d));
		if (!q->page_says || !q->record_says || !q->would_append) {
			rc = oom(err);
			goto out;
		}
	}
	/* Stated counts that changed since the last snapshot. */
	for (size_t i = 0; i < page->n_counts; i++) {
		const pacta_untc_count *c = &page->counts[i];
		long before = prev_count(prev_counts, c->label);
		/* A change the page's rows explain (a new accession) is
		 * proposed by its row; one they do not is proposed here. */
		if (before == c->stated || c->stated == c->counted)
			continue;
		pacta_proposal *q = plist_push(&l);
		if (!q) {
			rc = oom(err);
			goto out;
		}
		snprintf(q->treaty, sizeof(q->treaty), "%s", tid);
		q->kind = PACTA_PROPOSAL_COUNT;
		q->page_says = dupf("%s: %ld (%s)", c->label, c->stated, page->mtdsg_no);
		q->record_says = before < 0
					 ? dupf("%s: counted from the page's rows: %ld", c->label, c->counted)
					 : dupf("%s: %ld in the last snapshot; counted from the page's rows: %ld",
						c->label, before, c->counted);
		q->would_append = dupf("nothing: accepting notes the new count");
		fingerprint(q->fingerprint, "count|%s|%s|%ld", tid, c->label, c->stated);
		if (!q->page_says || !q->record_says || !q->would_append) {
			rc = oom(err);
			goto out;
		}
	}
out:
	free(take);
	free(used);
	if (rc != PACTA_OK) {
		pacta_proposals_free(l.p, l.n);
		return rc;
	}
	*out = l.p;
	*n = l.n;
	return PACTA_OK;
}

void pacta_hmac_sha256_hex(const char *secret, const char *body, size_t len,
			   char out[PACTA_SHA256_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state s;
	crypto_auth_hmacsha256_init(&s, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&s, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&s, mac);
	sodium_bin2hex(out, PACTA_SHA256_HEX, mac, sizeof(mac));
}

static json_t *opt_string(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

char *pacta_proposal_json(const pacta_proposal *p)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_t *act = p->act ? json_loads(p->act, 0, NULL) : NULL;
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "treaty", json_string(p->treaty));
	json_object_set_new(o, "kind", json_string(pacta_proposal_kind_name(p->kind)));
	json_object_set_new(o, "state", opt_string(p->state));
	json_object_set_new(o, "status", json_string(pacta_proposal_status_name(p->status)));
	json_object_set_new(o, "page_says", json_string(p->page_says));
	json_object_set_new(o, "record_says", json_string(p->record_says));
	json_object_set_new(o, "would_append", json_string(p->would_append));
	json_object_set_new(o, "act", act ? act : json_null());
	json_object_set_new(o, "supersedes", p->supersedes ? json_integer(p->supersedes) : json_null());
	json_object_set_new(o, "snapshot", json_integer(p->snapshot));
	json_object_set_new(o, "created_at", json_string(p->created_at));
	json_object_set_new(o, "decided_at", opt_string(p->decided_at));
	json_object_set_new(o, "decided_by", opt_string(p->decided_by));
	json_object_set_new(o, "note", opt_string(p->note));
	json_object_set_new(o, "change_id", p->change_id ? json_integer(p->change_id) : json_null());
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}
