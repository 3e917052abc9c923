/*
 * untc_declarations.c - the sections of a UN Treaty Collection status page
 * below its participants table ("Declarations", "Reservations",
 * "Declarations and Reservations", "Objections", "Territorial Application",
 * "Declarations made under article ..."), and the end notes that withdraw a
 * reservation or declaration or extend the treaty to a territory, read into
 * acts with the depositary's text.
 *
 * It walks the tree libxml2 built, never the HTML as text. It never guesses:
 * an act whose date, state objected to or territory the page does not give
 * is a warning naming the entry or the end note, and is not added.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "untc_internal.h"

/* ---- Paragraphs ---- */

/* One paragraph of an entry or end note, as the page lays it out. */
typedef struct para {
	char *text;   /* squeezed */
	bool italic;  /* every letter of it in <i> or <em> */
	bool right;   /* in <p align=right>: the depositary's date lines */
} para;

typedef struct paras {
	para *v;
	size_t n, cap;
	strbuf cur;
	size_t letters, italic_letters;
	bool right;
	bool oom;
} paras;

#define MAX_PARAS 4096

static void para_end(paras *ps)
{
	if (ps->oom)
		return;
	/* An empty strbuf has no text to take: give it its terminator. */
	strbuf_append(&ps->cur, "");
	char *t = strbuf_take(&ps->cur);
	strbuf_init(&ps->cur);
	if (!t) {
		ps->oom = true;
		return;
	}
	untc_squeeze(t);
	if (!*t || ps->n == MAX_PARAS) {
		free(t);
	} else {
		if (ps->n == ps->cap) {
			size_t cap = ps->cap ? ps->cap * 2 : 16;
			para *v = realloc(ps->v, cap * sizeof(*v));
			if (!v) {
				free(t);
				ps->oom = true;
				return;
			}
			ps->v = v;
			ps->cap = cap;
		}
		ps->v[ps->n++] = (para){.text = t,
					.italic = ps->letters && ps->italic_letters == ps->letters,
					.right = ps->right};
	}
	ps->letters = ps->italic_letters = 0;
	ps->right = false;
}

static bool attr_is(const xmlNode *n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	bool hit = v && strcasecmp((const char *)v, value) == 0;
	xmlFree(v);
	return hit;
}

/* Lays n's subtree out in paragraphs: <br> and <p> end one; footnote marks
 * (<sup>, <superscript>), the participant's hidden name (<p
 * class=invisible>), scripts and styles are left out. */
static void flatten(const xmlNode *n, paras *ps, bool italic)
{
	for (const xmlNode *c = n->children; c && !ps->oom; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)c->content;
			if (!t)
				continue;
			strbuf_append(&ps->cur, t);
			for (; *t; t++)
				if (isalnum((unsigned char)*t)) {
					ps->letters++;
					ps->italic_letters += italic;
				}
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (untc_name_is(c, "script") || untc_name_is(c, "style") || untc_name_is(c, "sup") ||
		    untc_name_is(c, "superscript"))
			continue;
		if (untc_name_is(c, "br")) {
			para_end(ps);
			continue;
		}
		if (untc_name_is(c, "p")) {
			if (untc_has_class(c, (void *)"invisible"))
				continue;
			para_end(ps);
			bool right = attr_is(c, "align", "right");
			flatten(c, ps, italic);
			ps->right = ps->right || right;
			para_end(ps);
			continue;
		}
		bool it = untc_name_is(c, "i") || untc_name_is(c, "em");
		flatten(c, ps, italic || it);
	}
}

static void paras_free(paras *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].text);
	free(ps->v);
	strbuf_free(&ps->cur);
}

static pacta_rc paras_of(parser *p, const xmlNode *n, paras *ps)
{
	memset(ps, 0, sizeof(*ps));
	strbuf_init(&ps->cur);
	flatten(n, ps, false);
	para_end(ps);
	if (ps->oom) {
		paras_free(ps);
		return untc_oom(p->err);
	}
	return PACTA_OK;
}

/* A paragraph that is one date and nothing else ("28 September 2000"). */
static pacta_day date_line(const char *t)
{
	size_t used;
	bool bad;
	pacta_day d = untc_read_date(t, &used, &bad);
	return d != PACTA_DAY_NONE && t[used] == '\0' ? d : PACTA_DAY_NONE;
}

/* ---- What a heading says ---- */

/* The kinds of act a heading names, in lower case; the first that starts
 * the heading wins ("Interpretative declarations [made upon ...]:"). */
static const struct {
	const char *word;
	pacta_action action;
} heading_words[] = {
	{.word = "reservation", .action = PACTA_ACT_RESERVATION},
	{.word = "declaration", .action = PACTA_ACT_DECLARATION},
	{.word = "interpretative declaration", .action = PACTA_ACT_DECLARATION},
	{.word = "interpretative statement", .action = PACTA_ACT_DECLARATION},
	{.word = "understanding", .action = PACTA_ACT_DECLARATION},
	{.word = "statement", .action = PACTA_ACT_DECLARATION},
	{.word = "objection", .action = PACTA_ACT_OBJECTION},
	{.word = "with regard to", .action = PACTA_ACT_OBJECTION},
	{.word = "communication", .action = PACTA_ACT_COMMUNICATION},
	{.word = "territorial application", .action = PACTA_ACT_TERRITORIAL_APPLICATION},
};

/* The act a heading names; false when it names none. "With regard to"
 * opens an objection only under "Objections": elsewhere it is a sub-heading
 * ("With regard to Article 1, paragraph 2:"), kept in the text. */
static bool heading_kind(const char *t, pacta_action section, pacta_action *out)
{
	const char *s = t + strspn(t, "\"'[(");
	for (size_t i = 0; i < sizeof(heading_words) / sizeof(heading_words[0]); i++)
		if (untc_starts_with_ci(s, heading_words[i].word)) {
			if (strcmp(heading_words[i].word, "with regard to") == 0 &&
			    section != PACTA_ACT_OBJECTION)
				return false;
			*out = heading_words[i].action;
			return true;
		}
	return false;
}

/* "Upon signature:", "Made upon ratification:": when what follows was
 * made. 1 signature, 2 consent, 0 neither. */
static int upon_heading(const char *t)
{
	const char *s = t;
	if (untc_starts_with_ci(s, "made "))
		s += 5;
	if (!untc_starts_with_ci(s, "upon ") && !untc_starts_with_ci(s, "on "))
		return 0;
	if (strlen(t) > 80)
		return 0;
	if (untc_find_ci(s, "signature"))
		return 1;
	if (untc_find_ci(s, "ratification") || untc_find_ci(s, "accession") ||
	    untc_find_ci(s, "acceptance") || untc_find_ci(s, "approval") ||
	    untc_find_ci(s, "succession") || untc_find_ci(s, "consent") ||
	    untc_find_ci(s, "confirmation"))
		return 2;
	return 0;
}

/* ---- The participant's dates in the table ---- */

/* The one date of the participant's signature (cls SIGNATURE) or consent
 * (cls CONSENT) in the table, not in brackets; NONE when it has none or
 * several. */
static pacta_day table_date(const parser *p, int32_t who, pacta_action_class cls)
{
	pacta_day found = PACTA_DAY_NONE;
	int n = 0;
	for (size_t i = 0; i < p->page->n_acts; i++) {
		const pacta_untc_act *a = &p->page->acts[i];
		if (a->participant != who || a->end_note || a->bracketed)
			continue;
		pacta_action_class c = pacta_action_class_of(a->action);
		bool consent = c == PACTA_CLASS_CONSENT && a->action != PACTA_ACT_PROVISIONAL_APPLICATION;
		if ((cls == PACTA_CLASS_CONSENT && consent) ||
		    (cls == PACTA_CLASS_SIGNATURE && c == PACTA_CLASS_SIGNATURE)) {
			if (n == 0 || a->date != found)
				n++;
			found = a->date;
		}
	}
	return n == 1 ? found : PACTA_DAY_NONE;
}

/* ---- The state objected to ---- */

/* The participant named right after "made by" in t ("the reservation made by
 * the United States of America upon consenting ..."): the longest run of
 * words, without "the Government of" or "the", that is a participant's name
 * exactly. -1 when there is none. */
static int32_t named_after_made_by(const parser *p, const char *t)
{
	for (const char *at = untc_find_ci(t, "made by "); at; at = untc_find_ci(at + 1, "made by ")) {
		const char *s = at + 8;
		static const char *const skip[] = {"the Government of the ", "the Government of ",
						   "the Governments of ", "the "};
		for (size_t k = 0; k < sizeof(skip) / sizeof(skip[0]); k++)
			if (untc_starts_with_ci(s, skip[k])) {
				s += strlen(skip[k]);
				break;
			}
		char words[160];
		untc_copy_text(words, sizeof(words), s);
		/* Up to eight words, the longest first. */
		size_t ends[8];
		size_t n = 0;
		for (size_t i = 0; words[i] && n < 8; i++)
			if (words[i + 1] == '\0' || words[i + 1] == ' ' || words[i + 1] == ',' ||
			    words[i + 1] == ':' || words[i + 1] == ';' || words[i + 1] == '.')
				if (isalnum((unsigned char)words[i]) || words[i] == ')')
					ends[n++] = i + 1;
		while (n > 0) {
			char name[160];
			memcpy(name, words, ends[n - 1]);
			name[ends[n - 1]] = '\0';
			int32_t who = pacta_record_participant_by_name(p->rec, name);
			if (who >= 0)
				return who;
			n--;
		}
	}
	return -1;
}

/* ---- Territories ---- */

/* Territories the depositary's notes name, with their ISO 3166-1 alpha-3
 * codes: a standard's codes, not treaty law. Names not here are kept as
 * printed. */
static const struct {
	const char *name;
	const char *iso3;
} territory_names[] = {
	{.name = "Faroe Islands", .iso3 = "FRO"},
	{.name = "Greenland", .iso3 = "GRL"},
	{.name = "Tokelau", .iso3 = "TKL"},
	{.name = "Cook Islands", .iso3 = "COK"},
	{.name = "Niue", .iso3 = "NIU"},
	{.name = "Curaçao", .iso3 = "CUW"},
	{.name = "Aruba", .iso3 = "ABW"},
	{.name = "Sint Maarten", .iso3 = "SXM"},
	{.name = "Caribbean part", .iso3 = "BES"},
	{.name = "Bonaire, Sint Eustatius and Saba", .iso3 = "BES"},
	{.name = "Hong Kong", .iso3 = "HKG"},
	{.name = "Macao", .iso3 = "MAC"},
	{.name = "Macau", .iso3 = "MAC"},
	{.name = "Isle of Man", .iso3 = "IMN"},
	{.name = "Guernsey", .iso3 = "GGY"},
	{.name = "Jersey", .iso3 = "JEY"},
	{.name = "Bermuda", .iso3 = "BMU"},
	{.name = "Anguilla", .iso3 = "AIA"},
	{.name = "Falkland Islands", .iso3 = "FLK"},
	{.name = "Cayman Islands", .iso3 = "CYM"},
	{.name = "Montserrat", .iso3 = "MSR"},
	{.name = "Pitcairn", .iso3 = "PCN"},
	{.name = "Gibraltar", .iso3 = "GIB"},
	{.name = "Turks and Caicos", .iso3 = "TCA"},
	{.name = "British Virgin Islands", .iso3 = "VGB"},
	{.name = "Virgin Islands", .iso3 = "VGB"},
	{.name = "South Georgia", .iso3 = "SGS"},
	{.name = "British Indian Ocean Territory", .iso3 = "IOT"},
	{.name = "New Caledonia", .iso3 = "NCL"},
	{.name = "French Polynesia", .iso3 = "PYF"},
	/* Parts of a participant that have no code of their own. */
	{.name = "Kingdom in Europe", .iso3 = NULL},
	{.name = "European part", .iso3 = NULL},
};

#define MAX_TERRITORIES 16

/* The territories named in t, each once, as codes or names. */
static size_t territories_in(const char *t, const char **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof(territory_names) / sizeof(territory_names[0]) && n < max; i++) {
		if (!untc_find_ci(t, territory_names[i].name))
			continue;
		const char *v = territory_names[i].iso3 ? territory_names[i].iso3 : territory_names[i].name;
		bool dup = false;
		for (size_t k = 0; k < n; k++)
			dup = dup || strcmp(out[k], v) == 0;
		/* "Virgin Islands" inside "British Virgin Islands" is one. */
		if (!dup)
			out[n++] = v;
	}
	return n;
}

/* ---- C.N. references ---- */

/* The first depositary notification reference in t ("C.N.286.2022
 * .TREATIES-XXVI-6": the page prints its link text and the rest apart) into
 * buf, and the first date after it ("of 20 September 2022") into *when. */
static bool cn_reference(const char *t, char *buf, size_t size, pacta_day *when)
{
	const char *at = strstr(t, "C.N.");
	*when = PACTA_DAY_NONE;
	if (!at || size < 2)
		return false;
	size_t n = 0;
	const char *p = at;
	for (; *p && n + 1 < size; p++) {
		if (*p == ' ' && p[1] == '.')
			continue; /* "C.N.347.2024 .TREATIES" */
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			break;
		buf[n++] = *p;
	}
	while (n && buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
	size_t used;
	*when = untc_first_date(p, NULL, &used);
	return n > 4;
}

/* ---- Building acts ---- */

typedef struct draft {
	bool open;
	pacta_action action;
	char heading[200];
	pacta_day date;   /* dated by the page, or NONE */
	int upon;         /* 1 signature, 2 consent, 0 not said */
	strbuf text;
	int32_t target;
} draft;

typedef struct entry_ctx {
	parser *p;
	const char *section;    /* as printed */
	pacta_action fallback;  /* for text under no heading */
	bool upon_consent;      /* the section's "unless otherwise indicated" */
	const char *name;       /* the participant as printed */
	int32_t who;
	int number;             /* entry number in the section, for warnings */
} entry_ctx;

static pacta_rc warn(entry_ctx *e, const draft *d, const char *why)
{
	char where[64], text[160];
	snprintf(where, sizeof(where), "%.40s: %.20s", e->section, e->name);
	snprintf(text, sizeof(text), "%.60s%s%.90s", d->heading, d->heading[0] ? " " : "",
		 d->text.buf ? d->text.buf : "");
	return untc_diag(e->p, PACTA_UNTC_WARNING, 0, where, text, "%s; not added", why);
}

static pacta_rc flush(entry_ctx *e, draft *d)
{
	if (!d->open)
		return PACTA_OK;
	d->open = false;
	pacta_rc rc = PACTA_OK;
	const char *text = d->text.buf ? d->text.buf : "";
	if (!*text && !d->heading[0])
		goto out;
	pacta_day date = d->date;
	const char *made = "";
	if (date == PACTA_DAY_NONE && d->upon == 1) {
		date = table_date(e->p, e->who, PACTA_CLASS_SIGNATURE);
		made = "made upon signature";
	} else if (date == PACTA_DAY_NONE && (d->upon == 2 || (d->upon == 0 && e->upon_consent))) {
		date = table_date(e->p, e->who, PACTA_CLASS_CONSENT);
		made = "made upon consent to be bound";
	}
	if (e->who < 0)
		goto out; /* warned once for the entry */
	if (date == PACTA_DAY_NONE) {
		rc = warn(e, d, "no date: the entry gives none, and the table no single date of the "
				"act it was made upon");
		goto out;
	}
	if (d->action == PACTA_ACT_OBJECTION && d->target < 0) {
		rc = warn(e, d, "an objection whose state objected to the page does not name as a "
				"participant of the record");
		goto out;
	}
	char kind[300];
	snprintf(kind, sizeof(kind), "section '%s'%s%s%s%s%s", e->section,
		 d->heading[0] ? "; heading '" : "", d->heading, d->heading[0] ? "'" : "",
		 *made ? "; " : "", made);
	const char *parts[] = {kind};
	pacta_untc_act a = {
		.row = 0,
		.name = untc_keep(e->p, e->name),
		.participant = e->who,
		.action = d->action,
		.date = date,
		.stated_effective = PACTA_DAY_NONE,
		.target = d->action == PACTA_ACT_OBJECTION ? d->target : -1,
		.territory = "",
		.text = untc_keep(e->p, text),
		.notification = "",
		.circulated = PACTA_DAY_NONE,
		.note = untc_make_note(e->p, parts, 1),
	};
	rc = a.name && a.text && a.note ? untc_add_act(e->p, &a) : untc_oom(e->p->err);
out:
	strbuf_free(&d->text);
	strbuf_init(&d->text);
	d->heading[0] = '\0';
	return rc;
}

static void draft_start(entry_ctx *e, draft *d, pacta_action action, const char *heading,
			pacta_day date, int upon)
{
	d->open = true;
	d->action = action;
	untc_copy_text(d->heading, sizeof(d->heading), heading);
	d->date = date;
	d->upon = upon;
	d->target = action == PACTA_ACT_OBJECTION ? named_after_made_by(e->p, heading) : -1;
}

static void draft_line(draft *d, const char *t)
{
	if (d->text.len)
		strbuf_append(&d->text, "\n");
	strbuf_append(&d->text, t);
}

/* Reads one entry: the participant's paragraphs under the section. */
static pacta_rc read_entry(entry_ctx *e, const xmlNode *n)
{
	paras ps;
	pacta_rc rc = paras_of(e->p, n, &ps);
	if (rc)
		return rc;
	draft d = {.target = -1};
	strbuf_init(&d.text);
	pacta_day dated = PACTA_DAY_NONE;
	int upon = 0;
	char pending[200] = "";
	for (size_t i = 0; i < ps.n && rc == PACTA_OK; i++) {
		const char *t = ps.v[i].text;
		pacta_day day = date_line(t);
		if (day != PACTA_DAY_NONE && (ps.v[i].right || strlen(t) < 20)) {
			/* A date line dates the act it follows when that has no
			 * text yet ("Reservation:" then "28 September 2000"),
			 * else what comes next. */
			if (d.open && d.text.len == 0) {
				d.date = day;
			} else {
				rc = flush(e, &d);
				dated = day;
			}
			continue;
		}
		int up = upon_heading(t);
		if (up && (ps.v[i].italic || t[strlen(t) - 1] == ':')) {
			rc = flush(e, &d);
			upon = up;
			dated = PACTA_DAY_NONE;
			continue;
		}
		pacta_action act;
		bool short_heading = strlen(t) < 160 && t[strlen(t) - 1] == ':';
		if ((ps.v[i].italic || short_heading) && heading_kind(t, e->fallback, &act)) {
			rc = flush(e, &d);
			if (rc)
				break;
			/* "Declaration in respect of article 1: [Same
			 * declaration ...]": the heading, then its text. */
			const char *colon = strchr(t, ':');
			char head[200];
			size_t hl = colon ? (size_t)(colon - t) + 1 : strlen(t);
			untc_copy_text(head, hl + 1 < sizeof(head) ? hl + 1 : sizeof(head), t);
			/* "Declaration made upon signature:" */
			const char *u = untc_find_ci(head, "upon ");
			int hu = u ? upon_heading(u) : 0;
			draft_start(e, &d, act, head, dated, hu ? hu : upon);
			if (pending[0]) {
				draft_line(&d, pending);
				pending[0] = '\0';
			}
			if (colon && colon[1]) {
				const char *rest = colon + 1 + strspn(colon + 1, " ");
				if (*rest)
					draft_line(&d, rest);
			}
			continue;
		}
		/* "Confirmed upon succession:" before any heading: a line of
		 * the act that follows, not an act of its own. */
		if (!d.open && short_heading && i + 1 < ps.n) {
			untc_copy_text(pending, sizeof(pending), t);
			continue;
		}
		if (!d.open) {
			draft_start(e, &d, e->fallback, "", dated, upon);
			if (pending[0]) {
				draft_line(&d, pending);
				pending[0] = '\0';
			}
		}
		if (d.action == PACTA_ACT_OBJECTION && d.target < 0)
			d.target = named_after_made_by(e->p, t);
		draft_line(&d, t);
	}
	if (rc == PACTA_OK)
		rc = flush(e, &d);
	strbuf_free(&d.text);
	paras_free(&ps);
	return rc;
}

/* ---- The sections ---- */

static const struct {
	const char *title;
	bool prefix;
	pacta_action fallback;
} section_titles[] = {
	{.title = "Declarations and Reservations", .fallback = PACTA_ACT_DECLARATION},
	{.title = "Reservations and Declarations", .fallback = PACTA_ACT_DECLARATION},
	{.title = "Declarations", .fallback = PACTA_ACT_DECLARATION},
	{.title = "Reservations", .fallback = PACTA_ACT_RESERVATION},
	{.title = "Objections", .fallback = PACTA_ACT_OBJECTION},
	{.title = "Territorial Application", .fallback = PACTA_ACT_TERRITORIAL_APPLICATION},
	{.title = "Territorial Applications", .fallback = PACTA_ACT_TERRITORIAL_APPLICATION},
	{.title = "Declarations made under article", .prefix = true,
	 .fallback = PACTA_ACT_DECLARATION},
	{.title = "Declarations and Reservations made under article", .prefix = true,
	 .fallback = PACTA_ACT_DECLARATION},
};

typedef struct section_walk {
	parser *p;
	pacta_rc rc;
	char title[120];
	bool in_section;
	bool got_subtitle;
	bool upon_consent;
	pacta_action fallback;
	int entries;
} section_walk;

static bool section_step(const xmlNode *n, void *ctx)
{
	section_walk *w = ctx;
	if (w->rc != PACTA_OK)
		return true;
	if (untc_has_class(n, (void *)"bold")) {
		char *t = untc_text_of(n, true, false);
		if (!t) {
			w->rc = untc_oom(w->p->err);
			return true;
		}
		bool hit = false;
		for (size_t i = 0; i < sizeof(section_titles) / sizeof(section_titles[0]) && !hit; i++) {
			const char *want = section_titles[i].title;
			hit = section_titles[i].prefix ? untc_starts_with_ci(t, want)
						       : strcasecmp(t, want) == 0;
			if (hit)
				w->fallback = section_titles[i].fallback;
		}
		if (hit) {
			untc_copy_text(w->title, sizeof(w->title), t);
			w->in_section = true;
			w->got_subtitle = false;
			w->upon_consent = false;
			w->entries = 0;
		}
		free(t);
		return false;
	}
	if (untc_has_class(n, (void *)"end-notes")) {
		w->in_section = false;
		return false;
	}
	if (!w->in_section)
		return false;
	if (!w->got_subtitle && untc_has_class(n, (void *)"heading-four-one")) {
		/* "(Unless otherwise indicated, the declarations were made upon
		 * ratification, acceptance, approval, accession or
		 * succession.)" */
		char *t = untc_text_of(n, true, false);
		if (!t) {
			w->rc = untc_oom(w->p->err);
			return true;
		}
		w->got_subtitle = true;
		const char *u = untc_find_ci(t, "upon");
		w->upon_consent = u && untc_find_ci(t, "unless otherwise") && upon_heading(u) == 2;
		free(t);
		return false;
	}
	if (!untc_has_class(n, (void *)"content-two"))
		return false;
	/* The participant: its hidden name, else the entry's heading. */
	const xmlNode *who_node = NULL;
	for (const xmlNode *c = n->children; c && !who_node; c = c->next)
		if (untc_name_is(c, "p") && untc_has_class(c, (void *)"invisible"))
			who_node = c;
	for (const xmlNode *s = n->prev; s && !who_node; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && untc_has_class(s, (void *)"heading-two"))
			who_node = s;
	char *name = who_node ? untc_text_of(who_node, true, false) : NULL;
	entry_ctx e = {.p = w->p, .section = w->title, .fallback = w->fallback,
		       .upon_consent = w->upon_consent, .name = name ? name : "",
		       .number = ++w->entries};
	e.who = *e.name ? pacta_record_participant_by_name(w->p->rec, e.name) : -1;
	if (e.who < 0) {
		char where[64];
		snprintf(where, sizeof(where), "%.40s: entry %d", w->title, e.number);
		w->rc = untc_diag(w->p, PACTA_UNTC_WARNING, 0, where, e.name,
				  "an entry whose participant the record does not know; not added");
		e.who = -1;
	}
	if (w->rc == PACTA_OK)
		w->rc = read_entry(&e, n);
	free(name);
	return false;
}

/* ---- End notes ---- */

typedef struct note_walk {
	parser *p;
	pacta_rc rc;
	int seen[256];
	int n_seen;
} note_walk;

/* Does the note already give an act (a withdrawal from the treaty, a
 * notice of non-intent, read by untc.c)? */
static bool note_has_act(const parser *p, int number)
{
	for (size_t i = 0; i < p->page->n_acts; i++)
		if (p->page->acts[i].end_note == number)
			return true;
	return false;
}

static pacta_rc note_warn(parser *p, int number, const char *text, const char *why)
{
	char where[32];
	snprintf(where, sizeof(where), "end note %d", number);
	return untc_diag(p, PACTA_UNTC_WARNING, 0, where, text, "%s; not added", why);
}

typedef struct note_act {
	pacta_action action;
	pacta_day date;
	const char *territory;
	const char *text;
	const char *what;
	char cn[PACTA_NOTIFICATION_MAX + 1];
	pacta_day circulated;
} note_act;

static pacta_rc add_note_act(parser *p, int number, const struct row_ref *who, const note_act *n)
{
	char what[200];
	snprintf(what, sizeof(what), "end note %d: %s", number, n->what);
	const char *parts[] = {what};
	pacta_untc_act a = {
		.row = who->row,
		.name = who->name,
		.participant = who->participant,
		.action = n->action,
		.date = n->date,
		.stated_effective = PACTA_DAY_NONE,
		.end_note = number,
		.target = -1,
		.territory = untc_keep(p, n->territory ? n->territory : ""),
		.text = untc_keep(p, n->text),
		.notification = untc_keep(p, n->cn),
		.circulated = n->cn[0] ? n->circulated : PACTA_DAY_NONE,
		.note = untc_make_note(p, parts, 1),
	};
	if (!a.territory || !a.text || !a.notification || !a.note)
		return untc_oom(p->err);
	return untc_add_act(p, &a);
}

/* Is the sentence about extending the treaty to a territory, or not? 1
 * application, 2 exclusion, 0 neither. */
static int territorial(const char *s)
{
	if (untc_find_ci(s, "not apply to") || untc_find_ci(s, "not extend to") ||
	    untc_find_ci(s, "shall not apply") || untc_find_ci(s, "exclu"))
		return 2;
	if (untc_find_ci(s, "apply to") || untc_find_ci(s, "extended to") ||
	    untc_find_ci(s, "extend to") || untc_find_ci(s, "territorial application") ||
	    untc_starts_with_ci(s, "for the kingdom in europe") ||
	    untc_starts_with_ci(s, "on behalf of the kingdom in europe") ||
	    untc_starts_with_ci(s, "for the european part"))
		return 1;
	return 0;
}

static bool quoted_start(const char *t)
{
	return *t == '"' || *t == '\'' || strncmp(t, "\xe2\x80\x9c", 3) == 0 ||
	       strncmp(t, "\xe2\x80\xa6", 3) == 0; /* “ or … */
}

/* One end note, laid out in paragraphs: withdrawals of reservations and
 * declarations, territorial application and exclusion. */
static pacta_rc read_note_acts(parser *p, int number, const xmlNode *holder)
{
	paras ps;
	pacta_rc rc = paras_of(p, holder, &ps);
	if (rc)
		return rc;
	/* The whole note, paragraphs kept, without its number. */
	strbuf all;
	strbuf_init(&all);
	strbuf_append(&all, "");
	char numtext[16];
	snprintf(numtext, sizeof(numtext), "%d", number);
	for (size_t i = 0; i < ps.n; i++) {
		const char *t = ps.v[i].text;
		if (i == 0 && strncmp(t, numtext, strlen(numtext)) == 0)
			t += strlen(numtext) + strspn(t + strlen(numtext), " ");
		if (*t)
			strbuf_appendf(&all, "%s%s", all.len ? "\n" : "", t);
	}
	char *note = strbuf_take(&all);
	if (!note) {
		paras_free(&ps);
		return untc_oom(p->err);
	}
	int refs;
	struct row_ref *who = untc_note_owner(p, number, note, &refs);
	bool placed = note_has_act(p, number);
	bool wanted = false; /* the note speaks of an act pacta could record */
	char *copy = strdup(note);
	char *s[256];
	size_t ns = copy ? untc_sentences(copy, s, 256) : 0;
	if (!copy)
		rc = untc_oom(p->err);
	for (size_t i = 0; i < ns && rc == PACTA_OK; i++) {
		const char *t = s[i];
		note_act n = {.circulated = PACTA_DAY_NONE};
		/* The notification, in this sentence or the "(See C.N...)" one
		 * after it. */
		if (!cn_reference(t, n.cn, sizeof(n.cn), &n.circulated) && i + 1 < ns &&
		    untc_starts_with_ci(s[i + 1], "(see"))
			cn_reference(s[i + 1], n.cn, sizeof(n.cn), &n.circulated);
		const char *at = NULL;
		size_t used;
		pacta_day date = untc_first_date(t, &at, &used);
		bool withdraw = untc_find_ci(t, "withdraw") != NULL;
		bool reservation = untc_find_ci(t, "reservation") != NULL;
		bool declaration = untc_find_ci(t, "declaration") != NULL;
		if (withdraw && (reservation || declaration || untc_find_ci(t, "objection"))) {
			wanted = true;
			if (!reservation && !declaration) {
				rc = note_warn(p, number, t, "a withdrawal of an objection: pacta has no act for that");
				continue;
			}
			if (date == PACTA_DAY_NONE) {
				rc = note_warn(p, number, t, "a withdrawal of a reservation or declaration without a date");
				continue;
			}
			if (!who) {
				rc = note_warn(p, number, t, "a withdrawal of a reservation or declaration that no single participant's row refers to");
				continue;
			}
			placed = true;
			if (who->participant < 0)
				continue;
			n.action = reservation ? PACTA_ACT_RESERVATION_WITHDRAWAL
					       : PACTA_ACT_DECLARATION_WITHDRAWAL;
			n.date = date;
			n.text = note;
			n.what = reservation ? "withdrawal of a reservation" : "withdrawal of a declaration";
			rc = add_note_act(p, number, who, &n);
			continue;
		}
		int terr = territorial(t);
		if (!terr)
			continue;
		wanted = true;
		/* The territories: in the sentence, else in the quoted
		 * statement the sentence announces ("... of the following:"). */
		const char *names[MAX_TERRITORIES];
		size_t nt = territories_in(t, names, MAX_TERRITORIES);
		strbuf stmt;
		strbuf_init(&stmt);
		strbuf_append(&stmt, t);
		for (size_t j = i + 1; j < ns && quoted_start(s[j]); j++)
			strbuf_appendf(&stmt, " %s", s[j]);
		if (nt == 0 && stmt.buf)
			nt = territories_in(stmt.buf, names, MAX_TERRITORIES);
		if (date == PACTA_DAY_NONE && who && who->participant >= 0)
			date = table_date(p, who->participant, PACTA_CLASS_CONSENT);
		if (!stmt.buf) {
			rc = untc_oom(p->err);
		} else if (nt == 0) {
			rc = note_warn(p, number, t, "a territorial application or exclusion whose territory pacta cannot name");
		} else if (date == PACTA_DAY_NONE) {
			rc = note_warn(p, number, t, "a territorial application or exclusion without a date");
		} else if (!who) {
			rc = note_warn(p, number, t, "a territorial application or exclusion that no single participant's row refers to");
		} else {
			placed = true;
			n.action = terr == 2 ? PACTA_ACT_TERRITORIAL_EXCLUSION
					     : PACTA_ACT_TERRITORIAL_APPLICATION;
			n.date = date;
			n.text = stmt.buf;
			n.what = terr == 2 ? "territorial exclusion" : "territorial application";
			for (size_t k = 0; k < nt && rc == PACTA_OK && who->participant >= 0; k++) {
				n.territory = names[k];
				rc = add_note_act(p, number, who, &n);
			}
		}
		strbuf_free(&stmt);
	}
	/* A note that speaks of a reservation, declaration or objection and
	 * gave no act is named, so that nobody takes silence for nothing. */
	if (rc == PACTA_OK && !placed && !wanted &&
	    (untc_find_ci(note, "reservation") || untc_find_ci(note, "declar") ||
	     untc_find_ci(note, "objection") || untc_find_ci(note, "notified the Secretary-General") ||
	     untc_find_ci(note, "informed the Secretary-General")))
		rc = note_warn(p, number, note, "an end note about a declaration, reservation, objection or notification that pacta cannot place");
	free(copy);
	free(note);
	paras_free(&ps);
	return rc;
}

static bool note_step(const xmlNode *n, void *ctx)
{
	note_walk *w = ctx;
	if (w->rc != PACTA_OK)
		return true;
	if (!untc_name_is(n, "a") || !n->parent)
		return false;
	xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
	if (!nm)
		return false;
	size_t len = strlen((const char *)nm);
	bool digits = len > 0 && len <= 5 && strspn((const char *)nm, "0123456789") == len;
	int number = digits ? (int)strtol((const char *)nm, NULL, 10) : 0;
	xmlFree(nm);
	if (number <= 0)
		return false;
	for (int i = 0; i < w->n_seen; i++)
		if (w->seen[i] == number)
			return false;
	if (w->n_seen < 256)
		w->seen[w->n_seen++] = number;
	w->rc = read_note_acts(w->p, number, n->parent);
	return false;
}

pacta_rc untc_read_declarations(parser *p, const xmlNode *root)
{
	section_walk w = {.p = p};
	untc_walk(root, section_step, &w);
	if (w.rc != PACTA_OK)
		return w.rc;
	note_walk nw = {.p = p};
	untc_walk(root, note_step, &nw);
	return nw.rc;
}
