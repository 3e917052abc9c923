/*
 * untc.c - reading a UN Treaty Collection status page into acts.
 *
 * The page goes through libxml2's HTML parser; this file walks the tree.
 * It never reads HTML as text: only the text of elements the parser found,
 * and the values of attributes. What it cannot read it reports with the
 * row and the text as printed; it never guesses an action, a date or a
 * participant. See docs/untc.md.
 */
#include "pacta/untc.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "array.h"
#include "csv.h"
#include "record_internal.h"
#include "strbuf.h"
#include "untc_internal.h"

/* The words of column headers pacta knows, in lower case. */
static const struct {
	const char *label;
	pacta_action action;
	bool definitive;
	const char *what;
} label_words[] = {
	{.label = "signature", .action = PACTA_ACT_SIGNATURE},
	{.label = "definitive signature", .action = PACTA_ACT_SIGNATURE, .definitive = true,
	 .what = "definitive signature"},
	{.label = "succession to signature", .action = PACTA_ACT_SIGNATURE,
	 .what = "succession to signature"},
	{.label = "ratification", .action = PACTA_ACT_RATIFICATION},
	{.label = "acceptance", .action = PACTA_ACT_ACCEPTANCE},
	{.label = "approval", .action = PACTA_ACT_APPROVAL},
	{.label = "accession", .action = PACTA_ACT_ACCESSION},
	{.label = "succession", .action = PACTA_ACT_SUCCESSION},
	{.label = "notification of succession", .action = PACTA_ACT_SUCCESSION},
	{.label = "formal confirmation", .action = PACTA_ACT_FORMAL_CONFIRMATION},
	{.label = "act of formal confirmation", .action = PACTA_ACT_FORMAL_CONFIRMATION},
	{.label = "consent to be bound", .action = PACTA_ACT_CONSENT},
	{.label = "notification of consent to be bound", .action = PACTA_ACT_CONSENT},
	{.label = "provisional application", .action = PACTA_ACT_PROVISIONAL_APPLICATION},
	{.label = "notification of provisional application",
	 .action = PACTA_ACT_PROVISIONAL_APPLICATION},
	/* "Declaration under article 41": a column of declarations some
	 * pages have; declarations make no party or signatory. */
	{.label = "declaration", .action = PACTA_ACT_DECLARATION},
	{.label = "declarations", .action = PACTA_ACT_DECLARATION},
};

static const char *const month_names[12] = {"january", "february", "march",     "april",
					    "may",     "june",     "july",      "august",
					    "september", "october", "november", "december"};

/* ---- Small text helpers ---- */

pacta_rc untc_oom(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

static bool is_space_at(const char *s, size_t *len)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
		*len = 1;
		return true;
	}
	if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
		*len = 2;
		return true;
	}
	return false;
}

/* Collapses runs of white space (no-break spaces too) into one space and
 * trims, in place. */
void untc_squeeze(char *s)
{
	char *w = s;
	bool space = true; /* drops leading space */
	for (const char *r = s; *r;) {
		size_t n;
		if (is_space_at(r, &n)) {
			if (!space)
				*w++ = ' ';
			space = true;
			r += n;
		} else {
			*w++ = *r++;
			space = false;
		}
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

bool untc_name_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

/* The text of n's subtree. With skip_sup, <sup> elements (footnote marks)
 * are left out; with only_sup, only their text is taken, each followed by a
 * comma. Script and style never count; <br> is a space. */
static void untc_collect_text(const xmlNode *n, strbuf *sb, bool skip_sup, bool only_sup, bool in_sup)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (!only_sup || in_sup)
				strbuf_append(sb, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (untc_name_is(c, "script") || untc_name_is(c, "style"))
				continue;
			if (untc_name_is(c, "br")) {
				strbuf_append(sb, " ");
				continue;
			}
			/* <superscript> is how the sections mark a footnote. */
			bool sup = untc_name_is(c, "sup") || untc_name_is(c, "superscript");
			if (sup && skip_sup)
				continue;
			untc_collect_text(c, sb, skip_sup, only_sup, in_sup || sup);
			if (sup && only_sup)
				strbuf_append(sb, ",");
		}
	}
}

/* Text of n as a squeezed malloc'd string (NULL on out-of-memory). */
char *untc_text_of(const xmlNode *n, bool skip_sup, bool only_sup)
{
	strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "");
	untc_collect_text(n, &sb, skip_sup, only_sup, false);
	char *s = strbuf_take(&sb);
	if (s)
		untc_squeeze(s);
	return s;
}

/* Copies s into a fixed buffer, cutting at a UTF-8 boundary. */
void untc_copy_text(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

bool untc_starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Case-insensitive (ASCII) search. */
const char *untc_find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	int first = tolower((unsigned char)needle[0]);
	/* The first letter is checked here: a call at every position of
	 * every sentence of every end note is most of a page's reading. */
	for (; *hay; hay++)
		if (tolower((unsigned char)*hay) == first && strncasecmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* A month name or its abbreviation of at least three letters ("Sep",
 * "Sept", "September"): 1..12, or 0. */
static int month_of(const char *word, size_t len)
{
	if (len < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(month_names[m]);
		if (len <= full && strncasecmp(word, month_names[m], len) == 0)
			return m + 1;
	}
	return 0;
}

/* Reads "D Month YYYY" at s (single spaces, as squeezed): the day, or
 * PACTA_DAY_NONE. *used is the length read. A day number that is not a
 * real date ("31 Sep 2001") gives bad = true. */
pacta_day untc_read_date(const char *s, size_t *used, bool *bad)
{
	*bad = false;
	const char *p = s;
	int day = 0, nd = 0;
	while (isdigit((unsigned char)*p) && nd < 3) {
		day = day * 10 + (*p - '0');
		p++;
		nd++;
	}
	if (nd == 0 || nd > 2 || *p != ' ')
		return PACTA_DAY_NONE;
	p++;
	const char *mw = p;
	while (isalpha((unsigned char)*p))
		p++;
	int month = month_of(mw, (size_t)(p - mw));
	if (*p == '.') /* "Sept." */
		p++;
	if (!month || *p != ' ')
		return PACTA_DAY_NONE;
	p++;
	int year = 0, ny = 0;
	while (isdigit((unsigned char)*p) && ny < 5) {
		year = year * 10 + (*p - '0');
		p++;
		ny++;
	}
	if (ny != 4 || isalnum((unsigned char)*p))
		return PACTA_DAY_NONE;
	*used = (size_t)(p - s);
	if (!pacta_date_valid(year, month, day)) {
		*bad = true;
		return PACTA_DAY_NONE;
	}
	return pacta_date_from_civil(year, month, day);
}

/* The first date in s at a word start, with its position; NONE if none. */
pacta_day untc_first_date(const char *s, const char **at, size_t *used)
{
	for (const char *p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > s && isalnum((unsigned char)p[-1])))
			continue;
		bool bad;
		pacta_day d = untc_read_date(p, used, &bad);
		if (d != PACTA_DAY_NONE) {
			if (at)
				*at = p;
			return d;
		}
	}
	return PACTA_DAY_NONE;
}

/* ---- The page being built ---- */

const char *untc_keep(parser *ps, const char *s)
{
	return arena_strndup(&ps->priv->strings, s, strlen(s));
}

pacta_rc untc_diag(parser *ps, pacta_untc_severity sev, int row, const char *where,
		     const char *text, const char *fmt, ...)
{
	pacta_untc_page *pg = ps->page;
	if (array_grow((void **)&pg->diags, pg->n_diags, &ps->priv->cap_diags, sizeof(*pg->diags)))
		return untc_oom(ps->err);
	pacta_untc_diag *d = &pg->diags[pg->n_diags++];
	memset(d, 0, sizeof(*d));
	d->severity = sev;
	d->row = row;
	untc_copy_text(d->where, sizeof(d->where), where ? where : "");
	untc_copy_text(d->text, sizeof(d->text), text ? text : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->why, sizeof(d->why), fmt, ap);
	va_end(ap);
	return PACTA_OK;
}

pacta_rc untc_add_act(parser *ps, const pacta_untc_act *a)
{
	pacta_untc_page *pg = ps->page;
	if (array_grow((void **)&pg->acts, pg->n_acts, &ps->priv->cap_acts, sizeof(*pg->acts)))
		return untc_oom(ps->err);
	pacta_untc_act *kept = &pg->acts[pg->n_acts++];
	*kept = *a;
	/* The depositary's fields an act of the table does not have. */
	if (!kept->territory)
		kept->territory = "";
	if (!kept->text)
		kept->text = "";
	if (!kept->notification)
		kept->notification = "";
	if (!a->text && !a->notification)
		kept->circulated = PACTA_DAY_NONE;
	return PACTA_OK;
}

/* ---- Finding things in the tree ---- */

/* Calls fn on every element of the subtree in document order until it
 * returns true; returns that element, or NULL. */
const xmlNode *untc_walk(const xmlNode *n, node_pred fn, void *ctx)
{
	for (const xmlNode *c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (fn(c, ctx))
			return c;
		const xmlNode *hit = untc_walk(c->children, fn, ctx);
		if (hit)
			return hit;
	}
	return NULL;
}

/* The value of a query parameter in a URL ("mtdsg_no"), into buf. */
static bool url_param(const char *url, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *q = strchr(url, '?');
	if (!q)
		return false;
	for (const char *p = q + 1; *p;) {
		const char *end = p + strcspn(p, "&#");
		if ((size_t)(end - p) > klen && strncasecmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t n = (size_t)(end - p) - klen - 1;
			if (n == 0 || n >= size)
				return false;
			memcpy(buf, p + klen + 1, n);
			buf[n] = '\0';
			return true;
		}
		if (*end != '&')
			break;
		p = end + 1;
	}
	return false;
}

/* A UNTC chapter number: letters, digits and dashes ("XXVI-2-b"). */
static bool mtdsg_ok(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

typedef struct url_hunt {
	const char *element, *attr;
	char mtdsg[40];
	char chapter[16];
} url_hunt;

static bool has_mtdsg(const xmlNode *n, void *ctx)
{
	url_hunt *h = ctx;
	if (!untc_name_is(n, h->element))
		return false;
	if (strcmp(h->element, "link") == 0) {
		xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
		bool canonical = rel && strcasecmp((const char *)rel, "canonical") == 0;
		xmlFree(rel);
		if (!canonical)
			return false;
	}
	xmlChar *v = xmlGetProp(n, (const xmlChar *)h->attr);
	if (!v)
		return false;
	bool ok = url_param((const char *)v, "mtdsg_no", h->mtdsg, sizeof(h->mtdsg)) &&
		  mtdsg_ok(h->mtdsg);
	if (ok && !url_param((const char *)v, "chapter", h->chapter, sizeof(h->chapter)))
		h->chapter[0] = '\0';
	xmlFree(v);
	return ok;
}

/* The chapter's number from the roman numeral that starts mtdsg_no. */
static int roman_chapter(const char *mtdsg)
{
	int total = 0, prev = 0;
	for (const char *p = mtdsg; *p && *p != '-'; p++) {
		int v = *p == 'I' ? 1 : *p == 'V' ? 5 : *p == 'X' ? 10 : *p == 'L' ? 50 : 0;
		if (!v)
			return 0;
		total += v > prev ? v - 2 * prev : v;
		prev = v;
	}
	return total;
}

/* mtdsg_no and the canonical URL: from <link rel=canonical>, else the
 * form's action, else the first link that names a mtdsg_no. */
static pacta_rc read_identity(parser *ps, const xmlNode *root)
{
	static const struct {
		const char *element, *attr;
	} places[] = {{"link", "href"}, {"form", "action"}, {"a", "href"}};
	url_hunt h;
	bool found = false;
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]) && !found; i++) {
		memset(&h, 0, sizeof(h));
		h.element = places[i].element;
		h.attr = places[i].attr;
		found = untc_walk(root, has_mtdsg, &h) != NULL;
	}
	if (!found)
		return pacta_error_set(ps->err, PACTA_ERR_PARSE, ps->name,
				       "the page names no treaty (no link with a mtdsg_no): is it a UN Treaty Collection status page?");
	int chapter = 0;
	for (const char *p = h.chapter; *p && isdigit((unsigned char)*p) && chapter < 1000; p++)
		chapter = chapter * 10 + (*p - '0');
	if (!chapter)
		chapter = roman_chapter(h.mtdsg);
	char url[256];
	if (chapter)
		snprintf(url, sizeof(url),
			 "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=%s&chapter=%d&clang=_en",
			 h.mtdsg, chapter);
	else
		snprintf(url, sizeof(url),
			 "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=%s&clang=_en",
			 h.mtdsg);
	ps->page->mtdsg_no = untc_keep(ps, h.mtdsg);
	ps->page->source_url = untc_keep(ps, url);
	if (!ps->page->mtdsg_no || !ps->page->source_url)
		return untc_oom(ps->err);
	return PACTA_OK;
}

bool untc_has_class(const xmlNode *n, void *ctx)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"class");
	if (!v)
		return false;
	bool hit = false;
	size_t want = strlen(ctx);
	for (const char *p = (const char *)v; *p;) {
		size_t len = strcspn(p, " \t\n");
		if (len == want && strncmp(p, ctx, len) == 0)
			hit = true;
		p += len;
		p += strspn(p, " \t\n");
	}
	xmlFree(v);
	return hit;
}

/* The title: the element of class "treatyCenter", without the number the
 * chapter gives it ("5.", "2. b"). */
static pacta_rc read_title(parser *ps, const xmlNode *root)
{
	const xmlNode *n = untc_walk(root, untc_has_class, "treatyCenter");
	char *t = n ? untc_text_of(n, true, false) : NULL;
	const char *s = t ? t : "";
	/* Leading words of digits and dots, or one lower-case letter. */
	for (;;) {
		size_t len = strcspn(s, " ");
		if (!s[len])
			break;
		bool number = len > 0 && strspn(s, "0123456789.") == len;
		bool letter = (len == 1 || (len == 2 && s[1] == '.')) && islower((unsigned char)s[0]);
		if (!number && !letter)
			break;
		s += len + 1;
	}
	ps->page->title = untc_keep(ps, s);
	free(t);
	if (!ps->page->title)
		return untc_oom(ps->err);
	if (!n)
		return untc_diag(ps, PACTA_UNTC_NOTICE, 0, "title", "",
			    "the page gives no treaty title where a status page does");
	return PACTA_OK;
}

typedef struct text_hunt {
	const char *prefix;
	const xmlNode *hit;
} text_hunt;

/* An element with a text child starting with the prefix. */
static bool has_text(const xmlNode *n, void *ctx)
{
	text_hunt *h = ctx;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_TEXT_NODE || !c->content)
			continue;
		const char *s = (const char *)c->content;
		s += strspn(s, " \t\r\n");
		if (untc_starts_with_ci(s, h->prefix))
			return true;
	}
	return false;
}

/* "STATUS AS AT : 03-02-2026 10:16:18 EDT" */
static void read_as_at(parser *ps, const xmlNode *root)
{
	text_hunt h = {.prefix = "STATUS AS AT"};
	const xmlNode *n = untc_walk(root, has_text, &h);
	ps->page->as_at = PACTA_DAY_NONE;
	char *t = n ? untc_text_of(n, true, false) : NULL;
	const char *colon = t ? strchr(t, ':') : NULL;
	if (colon) {
		int d, m, y;
		char tail;
		/* DD-MM-YYYY, digits only. */
		const char *p = colon + 1 + strspn(colon + 1, " ");
		if (strlen(p) >= 10 && isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
		    p[2] == '-' && isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) &&
		    p[5] == '-' && strspn(p + 6, "0123456789") == 4) {
			d = (p[0] - '0') * 10 + (p[1] - '0');
			m = (p[3] - '0') * 10 + (p[4] - '0');
			y = (p[6] - '0') * 1000 + (p[7] - '0') * 100 + (p[8] - '0') * 10 + (p[9] - '0');
			tail = p[10];
			if (pacta_date_valid(y, m, d) && (tail == '\0' || tail == ' '))
				ps->page->as_at = pacta_date_from_civil(y, m, d);
		}
	}
	free(t);
}

/* The value cell of a "Label | : | value" row of the page's head. */
typedef struct label_hunt {
	const char *label;
} label_hunt;

static bool is_label_cell(const xmlNode *n, void *ctx)
{
	label_hunt *h = ctx;
	if (!untc_name_is(n, "td") && !untc_name_is(n, "th"))
		return false;
	char *t = untc_text_of(n, true, false);
	bool hit = t && strcasecmp(t, h->label) == 0;
	free(t);
	return hit;
}

static const xmlNode *head_value(const xmlNode *root, const char *label)
{
	label_hunt h = {.label = label};
	const xmlNode *cell = untc_walk(root, is_label_cell, &h);
	if (!cell)
		return NULL;
	const xmlNode *value = NULL;
	for (const xmlNode *s = cell->next; s; s = s->next) {
		if (!untc_name_is(s, "td") && !untc_name_is(s, "th"))
			continue;
		char *t = untc_text_of(s, true, false);
		bool sep = !t || !*t || strcmp(t, ":") == 0;
		free(t);
		if (!sep) {
			value = s;
			break;
		}
	}
	return value;
}

/* "Signatories : 132. Parties : 162" into page->counts (counted later). */
static pacta_rc read_counts(parser *ps, const xmlNode *root)
{
	const xmlNode *v = head_value(root, "Status");
	if (!v)
		return untc_diag(ps, PACTA_UNTC_NOTICE, 0, "status", "",
			    "the page states no counts (no 'Status' line); nothing to cross-check");
	char *t = untc_text_of(v, true, false);
	if (!t)
		return untc_oom(ps->err);
	pacta_rc rc = PACTA_OK;
	const char *label = t;
	for (const char *p = t; *p && rc == PACTA_OK; p++) {
		if (*p == '.' || *p == ',' || *p == ';') {
			label = p + 1;
			continue;
		}
		if (*p != ':')
			continue;
		const char *q = p + 1 + strspn(p + 1, " ");
		size_t nd = strspn(q, "0123456789");
		char lab[48];
		size_t ll = (size_t)(p - label);
		while (ll && label[0] == ' ')
			label++, ll--;
		while (ll && label[ll - 1] == ' ')
			ll--;
		if (ll >= sizeof(lab))
			ll = sizeof(lab) - 1;
		memcpy(lab, label, ll);
		lab[ll] = '\0';
		if (nd == 0 || nd > 6) {
			rc = untc_diag(ps, PACTA_UNTC_NOTICE, 0, "status", t,
				  "'%s' is followed by no number; not checked", lab);
			continue;
		}
		pacta_untc_page *pg = ps->page;
		if (array_grow((void **)&pg->counts, pg->n_counts, &ps->priv->cap_counts,
			       sizeof(*pg->counts))) {
			rc = untc_oom(ps->err);
			break;
		}
		pacta_untc_count *c = &pg->counts[pg->n_counts++];
		memset(c, 0, sizeof(*c));
		untc_copy_text(c->label, sizeof(c->label), lab);
		c->stated = 0;
		for (size_t i = 0; i < nd; i++)
			c->stated = c->stated * 10 + (q[i] - '0');
		c->counted = -1;
		p = q + nd - 1;
		label = p + 1;
	}
	free(t);
	return rc;
}

/* ---- The participants table ---- */

/* The rows of a table: its own <tr>s, directly or in thead/tbody/tfoot. */
static size_t table_rows(const xmlNode *table, const xmlNode **rows, size_t max)
{
	size_t n = 0;
	for (const xmlNode *c = table->children; c; c = c->next) {
		if (untc_name_is(c, "tr")) {
			if (n < max)
				rows[n] = c;
			n++;
		} else if (untc_name_is(c, "thead") || untc_name_is(c, "tbody") || untc_name_is(c, "tfoot")) {
			for (const xmlNode *r = c->children; r; r = r->next)
				if (untc_name_is(r, "tr")) {
					if (n < max)
						rows[n] = r;
					n++;
				}
		}
	}
	return n;
}

static size_t row_cells(const xmlNode *tr, const xmlNode **cells, size_t max)
{
	size_t n = 0;
	for (const xmlNode *c = tr->children; c; c = c->next)
		if (untc_name_is(c, "td") || untc_name_is(c, "th")) {
			if (n < max)
				cells[n] = c;
			n++;
		}
	return n;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* Parses one header cell into its legend. */
static void parse_header(column *col, const char *text)
{
	memset(col, 0, sizeof(*col));
	untc_copy_text(col->header, sizeof(col->header), text);
	col->plain = -1;
	const char *p = text;
	while (*p && col->n_items < MAX_ITEMS) {
		size_t len = strcspn(p, ",");
		char item[160];
		untc_copy_text(item, len + 1 < sizeof(item) ? len + 1 : sizeof(item), p);
		p += len;
		if (*p == ',')
			p++;
		untc_squeeze(item);
		if (!*item)
			continue;
		legend_item *it = &col->items[col->n_items++];
		/* "Acceptance(A)": a suffix of 1-3 letters in parentheses. */
		char *open = strrchr(item, '(');
		char *close = open ? strchr(open, ')') : NULL;
		if (open && close) {
			size_t sl = (size_t)(close - open - 1);
			bool letters = sl >= 1 && sl <= 3;
			for (size_t i = 0; letters && i < sl; i++)
				letters = isalpha((unsigned char)open[1 + i]) != 0;
			if (letters) {
				memcpy(it->suffix, open + 1, sl);
				it->suffix[sl] = '\0';
				memmove(open, close + 1, strlen(close + 1) + 1);
				untc_squeeze(item);
			}
		}
		untc_copy_text(it->label, sizeof(it->label), item);
		char low[96];
		untc_copy_text(low, sizeof(low), item);
		lower_ascii(low);
		/* "Provisional application under article 23": a known label may
		 * be qualified by where the treaty provides for it. */
		char *under = strstr(low, " under ");
		if (under)
			*under = '\0';
		for (size_t w = 0; w < sizeof(label_words) / sizeof(label_words[0]); w++) {
			if (strcmp(low, label_words[w].label) == 0) {
				it->known = true;
				it->action = label_words[w].action;
				it->definitive = label_words[w].definitive;
				it->what = label_words[w].what;
				/* A vocabulary with an act of its own for a
				 * definitive signature gets it; otherwise it is a
				 * signature whose note says it is definitive. */
				pacta_action own;
				if (it->definitive &&
				    pacta_action_parse("definitive_signature", &own)) {
					it->action = own;
					it->what = NULL;
				}
				col->recognised = true;
				break;
			}
		}
		if (!it->suffix[0])
			col->plain = col->plain == -1 ? col->n_items - 1 : -2;
	}
}

/* Is this the participants table? Its header's first cell is "Participant"
 * and a later one names acts pacta knows. Fills ps->cols. */
static bool is_participants_header(parser *ps, const xmlNode *tr)
{
	const xmlNode *cells[MAX_COLUMNS + 1];
	size_t n = row_cells(tr, cells, MAX_COLUMNS + 1);
	if (n < 2 || n > MAX_COLUMNS)
		return false;
	char *first = untc_text_of(cells[0], true, false);
	bool ok = first && (strcasecmp(first, "Participant") == 0 ||
			    strcasecmp(first, "Participants") == 0);
	free(first);
	if (!ok)
		return false;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		char *t = untc_text_of(cells[i], true, false);
		parse_header(&ps->cols[i], t ? t : "");
		free(t);
		if (i > 0 && ps->cols[i].recognised)
			any = true;
	}
	ps->n_cols = (int)n;
	return any;
}

/* One date of a cell. */
typedef struct cell_date {
	pacta_day date;
	char suffix[8];
	bool bracketed;
} cell_date;

#define MAX_CELL_DATES 8

/* Reads a cell's text: dates "3 Dec 1997", each with an optional suffix of
 * 1-3 letters, any of them in square brackets. Returns the number of dates,
 * or -1 with why filled. */
static int parse_cell(const char *text, cell_date *out, char *why, size_t why_size)
{
	/* Brackets become words of their own. */
	char buf[512];
	size_t w = 0;
	for (const char *p = text; *p && w + 4 < sizeof(buf); p++) {
		if (*p == '[' || *p == ']') {
			buf[w++] = ' ';
			buf[w++] = *p;
			buf[w++] = ' ';
		} else {
			buf[w++] = *p;
		}
	}
	buf[w] = '\0';
	untc_squeeze(buf);
	int n = 0;
	bool open = false;
	const char *p = buf;
	while (*p) {
		if (*p == '[' || *p == ']') {
			if ((*p == '[') == open) {
				snprintf(why, why_size, "unbalanced square brackets");
				return -1;
			}
			open = *p == '[';
			p += p[1] == ' ' ? 2 : 1;
			continue;
		}
		if (strcmp(p, "-") == 0 || strcmp(p, "\xe2\x80\x94") == 0) /* a dash: empty */
			break;
		size_t used = 0;
		bool bad;
		pacta_day d = untc_read_date(p, &used, &bad);
		if (d == PACTA_DAY_NONE) {
			size_t wl = strcspn(p, " ");
			snprintf(why, why_size, bad ? "'%.*s' is not a real date"
						     : "'%.*s' is not a date of the form '3 Dec 1997'",
				 bad ? (int)strcspn(p, "]") : (int)wl, p);
			return -1;
		}
		if (n == MAX_CELL_DATES) {
			snprintf(why, why_size, "more than %d dates in one cell", MAX_CELL_DATES);
			return -1;
		}
		cell_date *cd = &out[n++];
		memset(cd, 0, sizeof(*cd));
		cd->date = d;
		cd->bracketed = open;
		p += used;
		p += *p == ' ';
		/* A suffix: letters that are not the start of a month's date. */
		size_t wl = strcspn(p, " ]");
		bool letters = wl >= 1;
		for (size_t i = 0; i < wl && letters; i++)
			letters = isalpha((unsigned char)p[i]) != 0;
		if (letters) {
			if (wl > 3) {
				snprintf(why, why_size, "'%.*s' after a date is not a suffix", (int)wl, p);
				return -1;
			}
			memcpy(cd->suffix, p, wl);
			cd->suffix[wl] = '\0';
			p += wl;
			p += *p == ' ';
		}
	}
	if (open) {
		snprintf(why, why_size, "unbalanced square brackets");
		return -1;
	}
	return n;
}

/* Footnote numbers in a mark's text ("10, 11,") into notes; returns how
 * many. */
static int footnote_numbers(const char *s, int *notes, int max)
{
	int n = 0;
	while (*s) {
		if (!isdigit((unsigned char)*s)) {
			s++;
			continue;
		}
		int v = 0;
		while (isdigit((unsigned char)*s)) {
			if (v < 100000)
				v = v * 10 + (*s - '0');
			s++;
		}
		if (n < max && v > 0)
			notes[n++] = v;
	}
	return n;
}

static pacta_rc add_ref(parser *ps, const struct row_ref *r)
{
	if (array_grow((void **)&ps->refs, ps->n_refs, &ps->cap_refs, sizeof(*ps->refs)))
		return untc_oom(ps->err);
	ps->refs[ps->n_refs++] = *r;
	return PACTA_OK;
}

/* "UNTC status page: a; b" from the parts given, or "". */
const char *untc_make_note(parser *ps, const char *const *parts, size_t n)
{
	strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "");
	for (size_t i = 0; i < n; i++) {
		if (!parts[i] || !*parts[i])
			continue;
		strbuf_append(&sb, sb.len ? "; " : "UNTC status page: ");
		strbuf_append(&sb, parts[i]);
	}
	char *s = strbuf_take(&sb);
	const char *kept = s ? untc_keep(ps, s) : NULL;
	free(s);
	return kept;
}

static void where_col(char *buf, size_t size, int col, const char *header)
{
	snprintf(buf, size, "column %d '%.40s'", col + 1, header);
}

static pacta_rc read_row(parser *ps, const xmlNode *tr, int row)
{
	const xmlNode *cells[MAX_COLUMNS + 1];
	size_t n = row_cells(tr, cells, MAX_COLUMNS + 1);
	pacta_rc rc = PACTA_OK;
	char *name = untc_text_of(cells[0], true, false);
	char *marks = untc_text_of(cells[0], false, true);
	if (!name || !marks) {
		free(name);
		free(marks);
		return untc_oom(ps->err);
	}
	bool name_bracketed = false;
	size_t nl = strlen(name);
	if (nl >= 2 && name[0] == '[' && name[nl - 1] == ']') {
		name_bracketed = true;
		memmove(name, name + 1, nl - 2);
		name[nl - 2] = '\0';
		untc_squeeze(name);
	}
	int notes[MAX_NOTES];
	int n_notes = footnote_numbers(marks, notes, MAX_NOTES);
	free(marks);
	const char *kept_name = untc_keep(ps, name);
	if (!kept_name) {
		free(name);
		return untc_oom(ps->err);
	}
	if (n != (size_t)ps->n_cols) {
		rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, "row", name,
			  "the row has %zu cells where the header has %d; not read", n, ps->n_cols);
		free(name);
		return rc;
	}
	int32_t who = -1;
	if (!*name) {
		rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, "column 1", "", "a row without a participant");
	} else {
		who = pacta_record_participant_by_name(ps->rec, name);
		if (who == -1)
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, "column 1", name,
				  "no participant of that name in the record (states.csv: name, depositary_name or aliases)");
		else if (who < -1)
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, "column 1", name,
				  "the name fits more than one participant of the record");
		if (who < 0)
			who = -1;
	}
	bool has_sig = false, has_consent = false, any_bracket = name_bracketed, any_date = false;
	for (int c = 1; c < ps->n_cols && rc == PACTA_OK; c++) {
		column *col = &ps->cols[c];
		char *text = untc_text_of(cells[c], true, false);
		char *cmarks = untc_text_of(cells[c], false, true);
		if (!text || !cmarks) {
			free(text);
			free(cmarks);
			rc = untc_oom(ps->err);
			break;
		}
		int cnotes[MAX_NOTES];
		int n_cnotes = footnote_numbers(cmarks, cnotes, MAX_NOTES);
		free(cmarks);
		char where[64], why[200];
		where_col(where, sizeof(where), c, col->header);
		cell_date dates[MAX_CELL_DATES];
		int nd = *text ? parse_cell(text, dates, why, sizeof(why)) : 0;
		if (nd < 0) {
			any_date = true; /* one there, unread and reported */
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, where, text, "%s (%s)", why, name);
			free(text);
			continue;
		}
		if (nd > 0 && !col->recognised) {
			any_date = true;
			col->unread += nd;
			free(text);
			continue;
		}
		for (int i = 0; i < nd && rc == PACTA_OK; i++) {
			const cell_date *cd = &dates[i];
			const legend_item *it = NULL;
			if (!cd->suffix[0]) {
				if (col->plain >= 0)
					it = &col->items[col->plain];
				else
					rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, where, text,
						  "a date without a suffix, and the header gives %s for one (%s)",
						  col->plain == -1 ? "no act" : "several acts", name);
			} else {
				for (int k = 0; k < col->n_items; k++)
					if (strcmp(col->items[k].suffix, cd->suffix) == 0)
						it = &col->items[k];
				if (!it)
					rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, where, text,
						  "unknown suffix '%s': the column's header does not give it (%s)",
						  cd->suffix, name);
			}
			if (it && !it->known) {
				rc = untc_diag(ps, PACTA_UNTC_PROBLEM, row, where, text,
					  "the header calls '%s' '%s', which is no act pacta knows (%s)",
					  it->suffix[0] ? it->suffix : "(no suffix)", it->label, name);
				it = NULL;
			}
			any_date = true;
			if (!it)
				continue;
			bool bracketed = cd->bracketed || name_bracketed;
			any_bracket = any_bracket || bracketed;
			pacta_action_class cls = pacta_action_class_of(it->action);
			if (!bracketed) {
				if (it->definitive || cls == PACTA_CLASS_CONSENT)
					has_consent = has_consent ||
						      it->action != PACTA_ACT_PROVISIONAL_APPLICATION;
				else if (cls == PACTA_CLASS_SIGNATURE)
					has_sig = true;
			}
			if (who < 0)
				continue;
			/* The note: what the suffix says, brackets, footnotes. */
			char kind[80] = "", marks_s[80] = "";
			if (it->what)
				snprintf(kind, sizeof(kind), "%s%s%s%s", it->what,
					 it->suffix[0] ? " (" : "", it->suffix, it->suffix[0] ? ")" : "");
			size_t used = 0;
			for (int k = 0; k < n_notes + n_cnotes; k++) {
				int v = k < n_notes ? notes[k] : cnotes[k - n_notes];
				int wr = snprintf(marks_s + used, sizeof(marks_s) - used, "%s%d",
						  k ? ", " : (n_notes + n_cnotes > 1 ? "end notes " : "end note "), v);
				if (wr < 0 || (size_t)wr >= sizeof(marks_s) - used)
					break;
				used += (size_t)wr;
			}
			const char *parts[] = {
				kind,
				bracketed ? "shown in square brackets by the depositary (withdrawn)" : "",
				marks_s,
			};
			pacta_untc_act a = {
				.row = row,
				.name = kept_name,
				.participant = who,
				.action = it->action,
				.date = cd->date,
				.stated_effective = PACTA_DAY_NONE,
			.target = -1,
				.bracketed = bracketed,
				.definitive = it->definitive,
				.note = untc_make_note(ps, parts, 3),
			};
			if (!a.note)
				rc = untc_oom(ps->err);
			else
				rc = untc_add_act(ps, &a);
		}
		free(text);
	}
	if (rc == PACTA_OK && !any_date && !any_bracket && *name)
		rc = untc_diag(ps, PACTA_UNTC_NOTICE, row, "row", name, "a participant without any date");
	ps->signatories += has_sig;
	ps->consents += has_consent;
	for (int k = 0; k < n_notes && rc == PACTA_OK; k++) {
		struct row_ref r = {.row = row, .note = notes[k], .name = kept_name,
				    .participant = who, .bracketed = any_bracket};
		rc = add_ref(ps, &r);
	}
	if (rc == PACTA_OK && any_bracket && n_notes == 0) {
		struct row_ref r = {.row = row, .note = 0, .name = kept_name, .participant = who,
				    .bracketed = true};
		rc = add_ref(ps, &r);
	}
	free(name);
	return rc;
}

typedef struct table_hunt {
	parser *ps;
	int seen; /* participants tables seen */
	const xmlNode *found;
	const xmlNode *header;
} table_hunt;

static bool is_participants_table(const xmlNode *n, void *ctx)
{
	table_hunt *h = ctx;
	if (!untc_name_is(n, "table"))
		return false;
	const xmlNode *rows[8];
	size_t nr = table_rows(n, rows, 8);
	for (size_t i = 0; i < nr && i < 8; i++) {
		if (is_participants_header(h->ps, rows[i])) {
			h->found = n;
			h->header = rows[i];
			return true;
		}
	}
	return false;
}

/* Other tables that start with "Participant" but name no act pacta knows
 * (the CCW page's table of Protocols accepted) are said to be left out. */
typedef struct other_hunt {
	parser *ps;
	const xmlNode *skip;
	pacta_rc rc;
} other_hunt;

static bool other_participant_table(const xmlNode *n, void *ctx)
{
	other_hunt *h = ctx;
	if (!untc_name_is(n, "table") || n == h->skip || h->rc != PACTA_OK)
		return false;
	const xmlNode *rows[1];
	if (table_rows(n, rows, 1) == 0)
		return false;
	const xmlNode *cells[MAX_COLUMNS];
	size_t nc = row_cells(rows[0], cells, MAX_COLUMNS);
	if (nc < 2)
		return false;
	char *first = untc_text_of(cells[0], true, false);
	bool hit = first && strcasecmp(first, "Participant") == 0;
	free(first);
	if (!hit)
		return false;
	strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "");
	for (size_t i = 0; i < nc && i < MAX_COLUMNS; i++) {
		char *t = untc_text_of(cells[i], true, false);
		strbuf_appendf(&sb, "%s%s", i ? " | " : "", t ? t : "");
		free(t);
	}
	char *hdr = strbuf_take(&sb);
	h->rc = untc_diag(h->ps, PACTA_UNTC_NOTICE, 0, "other table", hdr ? hdr : "",
		     "a second table of participants whose columns name no act pacta knows; not read");
	free(hdr);
	return false;
}

static pacta_rc read_table(parser *ps, const xmlNode *root)
{
	table_hunt h = {.ps = ps};
	if (!untc_walk(root, is_participants_table, &h))
		return pacta_error_set(ps->err, PACTA_ERR_PARSE, ps->name,
				       "no participants table: no table whose header starts with 'Participant' and names acts such as 'Signature' or 'Ratification'");
	other_hunt o = {.ps = ps, .skip = h.found};
	untc_walk(root, other_participant_table, &o);
	if (o.rc != PACTA_OK)
		return o.rc;
	/* The header as read. */
	strbuf sb;
	strbuf_init(&sb);
	strbuf_append(&sb, "");
	for (int i = 0; i < ps->n_cols; i++)
		strbuf_appendf(&sb, "%s%s", i ? " | " : "", ps->cols[i].header);
	char *hdr = strbuf_take(&sb);
	ps->page->columns = hdr ? untc_keep(ps, hdr) : NULL;
	free(hdr);
	if (!ps->page->columns)
		return untc_oom(ps->err);
	for (int i = 1; i < ps->n_cols; i++) {
		if (!ps->cols[i].recognised) {
			pacta_rc rc = untc_diag(ps, PACTA_UNTC_NOTICE, 0, "header", ps->cols[i].header,
					   "column %d names no act pacta knows", i + 1);
			if (rc)
				return rc;
		}
	}
	size_t total = table_rows(h.found, NULL, 0);
	const xmlNode **rows = calloc(total ? total : 1, sizeof(*rows));
	if (!rows)
		return untc_oom(ps->err);
	table_rows(h.found, rows, total);
	pacta_rc rc = PACTA_OK;
	bool after_header = false;
	int row = 0;
	for (size_t i = 0; i < total && rc == PACTA_OK; i++) {
		if (rows[i] == h.header) {
			after_header = true;
			continue;
		}
		if (!after_header)
			continue;
		const xmlNode *cells[1];
		if (row_cells(rows[i], cells, 1) == 0)
			continue;
		if (row == PACTA_UNTC_MAX_ROWS) {
			rc = pacta_error_set(ps->err, PACTA_ERR_LIMIT, ps->name,
					     "more than %d participant rows", PACTA_UNTC_MAX_ROWS);
			break;
		}
		rc = read_row(ps, rows[i], ++row);
	}
	free(rows);
	ps->page->n_rows = (size_t)row;
	for (int i = 1; i < ps->n_cols && rc == PACTA_OK; i++) {
		if (ps->cols[i].unread) {
			char where[64];
			where_col(where, sizeof(where), i, ps->cols[i].header);
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, 0, where, ps->cols[i].header,
				  "%ld date%s in a column that names no act pacta knows; not read",
				  ps->cols[i].unread, ps->cols[i].unread == 1 ? "" : "s");
		}
	}
	return rc;
}

/* ---- End notes: withdrawals and denunciations ---- */

typedef struct note_hunt {
	parser *ps;
	pacta_rc rc;
	int seen[64]; /* note numbers read, to skip repeats */
	int n_seen;
} note_hunt;

static pacta_rc read_note(parser *ps, int number, const char *text);

/* An end note: <a name="3">3</a> followed by the note's text, in one
 * element. */
static bool is_end_note(const xmlNode *n, void *ctx)
{
	note_hunt *h = ctx;
	if (h->rc != PACTA_OK || !untc_name_is(n, "a"))
		return false;
	xmlChar *nm = xmlGetProp(n, (const xmlChar *)"name");
	if (!nm)
		return false;
	int number = 0;
	bool digits = nm[0] != '\0' && strspn((const char *)nm, "0123456789") == strlen((const char *)nm) &&
		      strlen((const char *)nm) <= 5;
	if (digits)
		number = (int)strtol((const char *)nm, NULL, 10);
	xmlFree(nm);
	if (!digits || number <= 0 || !n->parent)
		return false;
	for (int i = 0; i < h->n_seen; i++)
		if (h->seen[i] == number)
			return false;
	if (h->n_seen < 64)
		h->seen[h->n_seen++] = number;
	char *t = untc_text_of(n->parent, true, false);
	if (!t) {
		h->rc = untc_oom(h->ps->err);
		return false;
	}
	/* Drop the number that starts the note. */
	const char *body = t;
	char numtext[16];
	snprintf(numtext, sizeof(numtext), "%d", number);
	if (strncmp(body, numtext, strlen(numtext)) == 0)
		body += strlen(numtext);
	body += strspn(body, " ");
	h->rc = read_note(h->ps, number, body);
	free(t);
	return false;
}

/* Splits text into sentences in place: a '.' followed by spaces, line breaks or quotes
 * and a capital letter ends one ("C.N.361.2025" does not). Returns the
 * number, with starts in s[]. */
size_t untc_sentences(char *text, char **s, size_t max)
{
	size_t n = 0;
	char *start = text;
	for (char *p = text; *p; p++) {
		if (*p != '.')
			continue;
		char *q = p + 1;
		bool gap = false;
		for (;;) {
			if (*q == ' ' || *q == '\n' || *q == '"' || *q == '\'') {
				q++;
				gap = true;
			} else if ((unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
				   ((unsigned char)q[2] == 0x9C || (unsigned char)q[2] == 0x9D ||
				    (unsigned char)q[2] == 0x99)) {
				q += 3; /* curly quotes */
				gap = true;
			} else {
				break;
			}
		}
		if (gap && isupper((unsigned char)*q)) {
			p[1] = '\0';
			if (n < max)
				s[n++] = start;
			start = q;
			p = q - 1;
		}
	}
	if (*start && n < max)
		s[n++] = start;
	return n;
}

/* The stated date of effect in s: the first date after a word starting
 * "effect". */
static pacta_day effect_date(const char *s)
{
	for (const char *p = untc_find_ci(s, "effect"); p; p = untc_find_ci(p + 1, "effect")) {
		size_t used;
		pacta_day d = untc_first_date(p, NULL, &used);
		if (d != PACTA_DAY_NONE)
			return d;
	}
	return PACTA_DAY_NONE;
}

/* Is the sentence a notice (of withdrawal) rather than the statement of its
 * effect? A notice says it was notified, deposited, received or decided,
 * and its first date is not one that follows "effect" ("The withdrawal took
 * effect ... on 6 March 2025. (See depositary notification ...)"). */
static bool is_notice(const char *t)
{
	if (!untc_find_ci(t, "notif") && !untc_find_ci(t, "deposit") && !untc_find_ci(t, "inform") &&
	    !untc_find_ci(t, "decision") && !untc_find_ci(t, "received"))
		return false;
	const char *at = NULL;
	size_t used;
	const char *effect = untc_find_ci(t, "effect");
	if (untc_first_date(t, &at, &used) == PACTA_DAY_NONE || !effect)
		return true;
	return at < effect;
}

/* Does the participant's name, as printed, appear in the sentence? The
 * depositary's "Netherlands (Kingdom of the)" is looked for without its
 * parenthesis. */
bool untc_names_in(const char *sentence, const char *name)
{
	char base[128];
	untc_copy_text(base, sizeof(base), name);
	char *paren = strchr(base, '(');
	if (paren)
		*paren = '\0';
	untc_squeeze(base);
	return *base && untc_find_ci(sentence, base) != NULL;
}

/* The row an end note belongs to: the one row that refers to it, or among
 * several the one the text names; NULL (and *refs the count) otherwise. */
struct row_ref *untc_note_owner(parser *ps, int number, const char *text, int *refs)
{
	struct row_ref *who = NULL, *named_ref = NULL;
	int named = 0;
	*refs = 0;
	for (size_t k = 0; k < ps->n_refs; k++) {
		struct row_ref *r = &ps->refs[k];
		if (r->note != number)
			continue;
		(*refs)++;
		who = r;
		if (untc_names_in(text, r->name)) {
			named++;
			named_ref = r;
		}
	}
	if (*refs > 1)
		who = named == 1 ? named_ref : NULL;
	return who;
}

/* "In a communication received on 18 July 2019, the Government of ...
 * informed the Secretary-General ... that [it] does not intend to become a
 * party": a signatory's notice, dated by the first date of the note. An act
 * when the vocabulary has one ("non_intent"), else a problem. */
static pacta_rc read_non_intent(parser *ps, int number, const char *text, const char *where)
{
	if (!untc_find_ci(text, "not intend to become a party") &&
	    !untc_find_ci(text, "intention not to become a party"))
		return PACTA_OK;
	pacta_action act;
	if (!pacta_action_parse("non_intent", &act))
		return untc_diag(ps, PACTA_UNTC_PROBLEM, 0, where, text,
			    "a notice that the participant does not intend to become a party: pacta has no act for that; not read");
	size_t used;
	pacta_day date = untc_first_date(text, NULL, &used);
	int refs;
	struct row_ref *who = untc_note_owner(ps, number, text, &refs);
	if (date == PACTA_DAY_NONE || !who)
		return untc_diag(ps, PACTA_UNTC_PROBLEM, 0, where, text,
			    date == PACTA_DAY_NONE
				    ? "a notice of intent not to become a party without a date that can be read"
				    : "a notice of intent not to become a party whose participant cannot be told");
	if (who->participant < 0)
		return PACTA_OK; /* reported with its row */
	char what[96];
	snprintf(what, sizeof(what), "end note %d: notice that it does not intend to become a party",
		 number);
	const char *parts[] = {what};
	pacta_untc_act a = {
		.row = who->row,
		.name = who->name,
		.participant = who->participant,
		.action = act,
		.date = date,
		.stated_effective = PACTA_DAY_NONE,
			.target = -1,
		.bracketed = who->bracketed,
		.end_note = number,
		.note = untc_make_note(ps, parts, 1),
	};
	return a.note ? untc_add_act(ps, &a) : untc_oom(ps->err);
}

static pacta_rc read_note(parser *ps, int number, const char *text)
{
	char *copy = strdup(text);
	if (!copy)
		return untc_oom(ps->err);
	char *s[256];
	size_t n = untc_sentences(copy, s, 256);
	char where[32];
	snprintf(where, sizeof(where), "end note %d", number);
	pacta_rc rc = PACTA_OK;
	for (size_t i = 0; i < n && rc == PACTA_OK; i++) {
		const char *t = s[i];
		bool withdraw = untc_find_ci(t, "withdraw") || untc_find_ci(t, "denounc") ||
				untc_find_ci(t, "denunciation");
		if (!withdraw)
			continue;
		/* A reservation, declaration or objection withdrawn is no
		 * withdrawal from the treaty: untc_declarations.c reads it. */
		if (untc_find_ci(t, "reservation") || untc_find_ci(t, "declaration") ||
		    untc_find_ci(t, "objection"))
			continue;
		if (!is_notice(t))
			continue; /* "The withdrawal took effect ...": read with its notice */
		/* A withdrawal rescinded before it took effect: no act of the
		 * vocabulary says so, and dropping it would be a guess. */
		if (untc_find_ci(t, "rescind") || untc_find_ci(t, "revok") || untc_find_ci(t, "revocation") ||
		    untc_find_ci(t, "withdraw its notification") || untc_find_ci(t, "withdrawal of its notification") ||
		    untc_find_ci(t, "withdraw the notification")) {
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, 0, where, t,
				  "a withdrawal revoked or rescinded: pacta has no act for that; not read");
			continue;
		}
		const char *at = NULL;
		size_t used = 0;
		pacta_day date = untc_first_date(t, &at, &used);
		if (date == PACTA_DAY_NONE) {
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, 0, where, t,
				  "a withdrawal notice without a date that can be read");
			continue;
		}
		/* The stated effect: later in this sentence or in the ones that
		 * follow, up to the next notice. */
		pacta_day eff = effect_date(at + used);
		for (size_t j = i + 1; eff == PACTA_DAY_NONE && j < n; j++) {
			if (is_notice(s[j]))
				break;
			eff = effect_date(s[j]);
		}
		/* Whose: the row that refers to this note; among several, the one
		 * the sentence names. */
		int refs;
		struct row_ref *who = untc_note_owner(ps, number, t, &refs);
		if (!who) {
			rc = untc_diag(ps, PACTA_UNTC_PROBLEM, 0, where, t,
				  refs ? "a withdrawal notice, and the rows that refer to the note are several: whose cannot be told"
				       : "a withdrawal notice that no participant's row refers to");
			continue;
		}
		who->has_withdrawal = true;
		if (who->participant < 0)
			continue; /* reported with its row */
		bool denounce = untc_find_ci(t, "denounc") || untc_find_ci(t, "denunciation");
		char what[160], effd[PACTA_DATE_BUFSZ];
		if (eff != PACTA_DAY_NONE)
			snprintf(what, sizeof(what), "end note %d: notification of %s; effect stated as %s",
				 number, denounce ? "denunciation" : "withdrawal",
				 pacta_date_format(eff, effd));
		else
			snprintf(what, sizeof(what), "end note %d: notification of %s; no date of effect stated",
				 number, denounce ? "denunciation" : "withdrawal");
		const char *parts[] = {what};
		pacta_untc_act a = {
			.row = who->row,
			.name = who->name,
			.participant = who->participant,
			.action = PACTA_ACT_WITHDRAWAL,
			.date = date,
			.stated_effective = eff,
			.target = -1,
			.bracketed = who->bracketed,
			.end_note = number,
			.note = untc_make_note(ps, parts, 1),
		};
		rc = a.note ? untc_add_act(ps, &a) : untc_oom(ps->err);
	}
	free(copy);
	if (rc == PACTA_OK)
		rc = read_non_intent(ps, number, text, where);
	return rc;
}

static pacta_rc read_notes(parser *ps, const xmlNode *root)
{
	note_hunt h = {.ps = ps};
	untc_walk(root, is_end_note, &h);
	if (h.rc != PACTA_OK)
		return h.rc;
	/* A row in brackets has left the treaty: its withdrawal must be read. */
	for (size_t k = 0; k < ps->n_refs; k++) {
		struct row_ref *r = &ps->refs[k];
		if (!r->bracketed)
			continue;
		bool any = false;
		for (size_t j = 0; j < ps->n_refs; j++)
			if (ps->refs[j].row == r->row && ps->refs[j].has_withdrawal)
				any = true;
		bool first = true;
		for (size_t j = 0; j < k; j++)
			if (ps->refs[j].row == r->row)
				first = false;
		if (!any && first) {
			pacta_rc rc = untc_diag(ps, PACTA_UNTC_PROBLEM, r->row, "row", r->name,
					   "shown in square brackets (withdrawn), but no withdrawal notice could be read from its end notes");
			if (rc)
				return rc;
		}
	}
	return PACTA_OK;
}

/* ---- The counts cross-check ---- */

static void check_counts(parser *ps)
{
	for (size_t i = 0; i < ps->page->n_counts; i++) {
		pacta_untc_count *c = &ps->page->counts[i];
		char low[48];
		untc_copy_text(low, sizeof(low), c->label);
		lower_ascii(low);
		if (strcmp(low, "signatories") == 0)
			c->counted = ps->signatories;
		else if (strcmp(low, "parties") == 0 || strcmp(low, "contracting parties") == 0 ||
			 strcmp(low, "contracting states") == 0)
			c->counted = ps->consents;
	}
}

/* ---- Public ---- */

static bool ends_with_html_close(const char *html, size_t len)
{
	/* A saved page ends with its </html>; a download cut short does not.
	 * This is a check of the byte stream, not a reading of the HTML. */
	while (len && strchr(" \t\r\n", html[len - 1]))
		len--;
	return len >= 7 && strncasecmp(html + len - 7, "</html>", 7) == 0;
}

/* libxml2 reports a failed conversion from a page's declared encoding
 * through its generic error handler, which prints to stderr whatever the
 * parser's options say. For the length of a parse, this thread's handler
 * (libxml2 keeps one per thread) counts them instead, and is then put back. */
static void count_generic_error(void *ctx, const char *msg, ...)
{
	(void)msg;
	(*(int *)ctx)++;
}

pacta_rc pacta_untc_parse(const char *html, size_t len, const char *name, const pacta_record *rec,
			  pacta_untc_page **out, pacta_error *err)
{
	*out = NULL;
	if (len > PACTA_UNTC_MAX_BYTES)
		return pacta_error_set(err, PACTA_ERR_LIMIT, name, "the page is over %u bytes",
				       PACTA_UNTC_MAX_BYTES);
	if (len > INT32_MAX)
		return pacta_error_set(err, PACTA_ERR_LIMIT, name, "the page is too large");
	if (memchr(html, '\0', len))
		return pacta_error_set(err, PACTA_ERR_PARSE, name,
				       "the file holds NUL bytes: it is not an HTML page");
	if (!ends_with_html_close(html, len))
		return pacta_error_set(err, PACTA_ERR_PARSE, name,
				       "the page does not end with </html>: it looks truncated; nothing was read");
	xmlInitParser();
	int conversion_errors = 0;
	void *old_error_ctx = xmlGenericErrorContext;
	xmlGenericErrorFunc old_error = xmlGenericError;
	xmlSetGenericErrorFunc(&conversion_errors, count_generic_error);
	htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, NULL,
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	xmlSetGenericErrorFunc(old_error_ctx, old_error);
	if (doc && conversion_errors) {
		xmlFreeDoc(doc);
		return pacta_error_set(err, PACTA_ERR_PARSE, name,
				       "the page's bytes are not valid in the character encoding it "
				       "declares; nothing was read");
	}
	if (!doc)
		return pacta_error_set(err, PACTA_ERR_PARSE, name,
				       "libxml2's HTML parser could not read the page");
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root) {
		xmlFreeDoc(doc);
		return pacta_error_set(err, PACTA_ERR_PARSE, name, "the page is empty");
	}
	pacta_untc_page *page = calloc(1, sizeof(*page));
	page_priv *priv = calloc(1, sizeof(*priv));
	if (!page || !priv) {
		free(page);
		free(priv);
		xmlFreeDoc(doc);
		return untc_oom(err);
	}
	arena_init(&priv->strings);
	page->priv_ = priv;
	page->as_at = PACTA_DAY_NONE;
	page->title = page->mtdsg_no = page->source_url = page->columns = "";
	parser ps = {.page = page, .priv = priv, .rec = rec, .name = name, .err = err};
	pacta_rc rc = read_identity(&ps, root);
	if (rc == PACTA_OK)
		rc = read_title(&ps, root);
	if (rc == PACTA_OK) {
		read_as_at(&ps, root);
		rc = read_counts(&ps, root);
	}
	if (rc == PACTA_OK)
		rc = read_table(&ps, root);
	if (rc == PACTA_OK)
		rc = read_notes(&ps, root);
	if (rc == PACTA_OK)
		rc = untc_read_declarations(&ps, root);
	if (rc == PACTA_OK)
		check_counts(&ps);
	free(ps.refs);
	xmlFreeDoc(doc);
	if (rc != PACTA_OK) {
		pacta_untc_page_free(page);
		return rc;
	}
	*out = page;
	return PACTA_OK;
}

void pacta_untc_page_free(pacta_untc_page *page)
{
	if (!page)
		return;
	page_priv *priv = page->priv_;
	if (priv) {
		arena_free(&priv->strings);
		free(priv);
	}
	free(page->acts);
	free(page->diags);
	free(page->counts);
	free(page);
}

size_t pacta_untc_problems(const pacta_untc_page *page)
{
	size_t n = 0;
	for (size_t i = 0; i < page->n_diags; i++)
		n += page->diags[i].severity == PACTA_UNTC_PROBLEM;
	return n;
}

size_t pacta_untc_warnings(const pacta_untc_page *page)
{
	size_t n = 0;
	for (size_t i = 0; i < page->n_diags; i++)
		n += page->diags[i].severity == PACTA_UNTC_WARNING;
	return n;
}

bool pacta_untc_counts_agree(const pacta_untc_page *page)
{
	for (size_t i = 0; i < page->n_counts; i++)
		if (page->counts[i].counted != page->counts[i].stated)
			return false;
	return true;
}

bool pacta_untc_treaty_ref(const pacta_treaty *treaty, char *buf, size_t size)
{
	if (treaty->source_url && url_param(treaty->source_url, "mtdsg_no", buf, size) &&
	    mtdsg_ok(buf))
		return true;
	const char *ref = treaty->rules->depositary_ref;
	if (!ref || !*ref)
		return false;
	const char *last = strrchr(ref, ' ');
	last = last ? last + 1 : ref;
	if (strlen(last) >= size)
		return false;
	memcpy(buf, last, strlen(last) + 1);
	return mtdsg_ok(buf) && strchr(buf, '-') != NULL;
}

pacta_rc pacta_untc_find_treaty(const pacta_untc_page *page, const pacta_record *rec,
				uint32_t *out, pacta_error *err)
{
	size_t hits = 0;
	for (size_t i = 0; i < rec->n_treaties; i++) {
		char ref[64];
		if (pacta_untc_treaty_ref(&rec->treaties[i], ref, sizeof(ref)) &&
		    strcasecmp(ref, page->mtdsg_no) == 0) {
			if (!hits)
				*out = (uint32_t)i;
			hits++;
		}
	}
	if (hits == 1)
		return PACTA_OK;
	if (hits > 1)
		return pacta_error_set(err, PACTA_ERR_AMBIGUOUS, "",
				       "more than one treaty of the record is UNTC %s; name one with --treaty",
				       page->mtdsg_no);
	return pacta_error_set(err, PACTA_ERR_NOTFOUND, "",
			       "no treaty of the record is UNTC %s (by its rules file's source_url or depositary_ref); name one with --treaty",
			       page->mtdsg_no);
}

/* Do two acts of one participant say the same? Same action and date; a
 * declaration, reservation, objection or territorial act also the same
 * target and territory (its text may be quoted another way). */
static bool same_act(pacta_action action, pacta_day date, int32_t target, const char *territory,
		     const pacta_untc_act *a)
{
	return action == a->action && date == a->date && target == a->target &&
	       strcmp(territory ? territory : "", a->territory) == 0;
}

/* Letters and digits of s, lower-cased (ASCII), up to cap-1 of them:
 * how two copies of a depositary text are compared, whatever their quotes,
 * spaces and line breaks. */
static size_t letters(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c))
			out[n++] = (char)tolower(c);
		else if (c >= 0x80)
			out[n++] = (char)c; /* kept as they are */
	}
	out[n] = '\0';
	return n;
}

/* Are a and b the same text, or is one a part of the other (the record may
 * split one section of the page into its declaration and its
 * understandings)? Short texts must match whole. */
static bool same_words(const char *a, const char *b)
{
	char x[4096], y[4096];
	size_t nx = letters(a, x, sizeof(x)), ny = letters(b, y, sizeof(y));
	if (nx == 0 || ny == 0)
		return false;
	if (nx < 40 || ny < 40)
		return strcmp(x, y) == 0;
	return strstr(nx >= ny ? x : y, nx >= ny ? y : x) != NULL;
}

/* Does the record hold this act? One record act answers one page act: the
 * k-th page act of a kind is held when the record has more than k of it
 * (two declarations of one day are two acts). */
static bool held(const pacta_record *rec, uint32_t treaty, const pacta_untc_page *page, size_t i)
{
	const pacta_untc_act *a = &page->acts[i];
	size_t first, last, in_record = 0, before = 0;
	pacta_record_acts_of(rec, treaty, (uint32_t)a->participant, &first, &last);
	/* The same text, whatever the record calls it or dates it: the record
	 * may read the page's "declaration" as the provisional application it
	 * declares, "on behalf of the Kingdom in Europe" as the territories it
	 * leaves out, or date a text by the line above it where the page's
	 * reader takes the consent's date. */
	for (size_t k = first; k < last && a->text[0]; k++)
		if (rec->acts[k].text && same_words(rec->acts[k].text, a->text))
			return true;
	for (size_t k = first; k < last; k++) {
		if (!same_act(rec->acts[k].action, rec->acts[k].date, rec->acts[k].target,
			      rec->acts[k].territory, a))
			continue;
		if (a->text[0] && strcmp(rec->acts[k].text ? rec->acts[k].text : "", a->text) == 0)
			return true; /* word for word */
		in_record++;
	}
	for (size_t j = 0; j < i; j++)
		before += page->acts[j].participant == a->participant &&
			  same_act(page->acts[j].action, page->acts[j].date, page->acts[j].target,
				   page->acts[j].territory, a);
	return before < in_record;
}

size_t pacta_untc_unheld(const pacta_untc_page *page, const pacta_record *rec, uint32_t treaty,
			 bool *take)
{
	size_t skipped = 0;
	for (size_t i = 0; i < page->n_acts; i++) {
		const pacta_untc_act *a = &page->acts[i];
		take[i] = false;
		if (a->participant < 0)
			continue;
		bool dup = held(rec, treaty, page, i);
		/* The table and an end note can give one act twice. */
		for (size_t j = 0; j < i && !dup; j++)
			dup = take[j] && page->acts[j].participant == a->participant &&
			      !a->text[0] && !page->acts[j].text[0] &&
			      same_act(page->acts[j].action, page->acts[j].date, page->acts[j].target,
				       page->acts[j].territory, a);
		if (dup)
			skipped++;
		else
			take[i] = true;
	}
	return skipped;
}

pacta_rc pacta_untc_add_acts(const pacta_untc_page *page, pacta_record *rec, uint32_t treaty,
			     pacta_day recorded, size_t *added, size_t *skipped, pacta_error *err)
{
	*added = *skipped = 0;
	if (treaty >= rec->n_treaties)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no such treaty");
	if (!rec->index->finished)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "the record must be finished before acts are added");
	bool *take = calloc(page->n_acts ? page->n_acts : 1, sizeof(*take));
	if (!take)
		return untc_oom(err);
	*skipped = pacta_untc_unheld(page, rec, treaty, take);
	size_t before = rec->n_acts;
	pacta_rc rc = PACTA_OK;
	for (size_t i = 0; i < page->n_acts && rc == PACTA_OK; i++) {
		if (!take[i])
			continue;
		const pacta_untc_act *a = &page->acts[i];
		char origin[300];
		if (a->end_note)
			snprintf(origin, sizeof(origin), "UNTC %s: end note %d", page->mtdsg_no,
				 a->end_note);
		else
			snprintf(origin, sizeof(origin), "UNTC %s: row %d (%s)", page->mtdsg_no, a->row,
				 a->name);
		pacta_act act = {
			.treaty = treaty,
			.participant = (uint32_t)a->participant,
			.action = a->action,
			.date = a->date,
			.effective = PACTA_DAY_NONE,
			.circulated = a->circulated,
			.target = a->target,
			.source_url = page->source_url,
			.note = a->note,
			.origin = origin,
			.recorded = recorded,
			.notification = a->notification,
			.territory = a->territory,
			.text = a->text,
		};
		rc = pacta_record_add_act(rec, &act, err);
		if (rc == PACTA_OK)
			(*added)++;
	}
	free(take);
	if (rc != PACTA_OK) {
		rec->n_acts = before; /* all or nothing */
		rec->index->finished = true;
		*added = 0;
	}
	return rc;
}

typedef struct csv_line {
	char iso3[4];
	pacta_day date;
	pacta_action action;
	size_t index;
} csv_line;

static int csv_line_cmp(const void *a, const void *b)
{
	const csv_line *x = a, *y = b;
	int c = strcmp(x->iso3, y->iso3);
	if (c)
		return c;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->action != y->action)
		return x->action < y->action ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

pacta_rc pacta_untc_write_csv(const pacta_untc_page *page, const pacta_record *rec, FILE *out,
			      pacta_error *err)
{
	csv_line *lines = calloc(page->n_acts ? page->n_acts : 1, sizeof(*lines));
	if (!lines)
		return untc_oom(err);
	size_t n = 0;
	for (size_t i = 0; i < page->n_acts; i++) {
		const pacta_untc_act *a = &page->acts[i];
		if (a->participant < 0 || (size_t)a->participant >= rec->n_participants)
			continue;
		csv_line *l = &lines[n++];
		memcpy(l->iso3, rec->participants[a->participant].iso3, 4);
		l->date = a->date;
		l->action = a->action;
		l->index = i;
	}
	if (n > 1)
		qsort(lines, n, sizeof(*lines), csv_line_cmp);
	fputs("state,action,date,effective,target,source_url,note,notification,circulated,territory,text\n",
	      out);
	for (size_t i = 0; i < n; i++) {
		const pacta_untc_act *a = &page->acts[lines[i].index];
		char d[PACTA_DATE_BUFSZ];
		fprintf(out, "%s,%s,%s,,", lines[i].iso3, pacta_action_name(a->action),
			pacta_date_format(a->date, d));
		if (a->target >= 0 && (size_t)a->target < rec->n_participants)
			fputs(rec->participants[a->target].iso3, out);
		fputc(',', out);
		csv_write_field(out, page->source_url, false);
		fputc(',', out);
		csv_write_field(out, a->note, false);
		fputc(',', out);
		csv_write_field(out, a->notification, false);
		fputc(',', out);
		if (a->circulated != PACTA_DAY_NONE)
			fputs(pacta_date_format(a->circulated, d), out);
		fputc(',', out);
		csv_write_field(out, a->territory, false);
		fputc(',', out);
		csv_write_field(out, a->text, false);
		fputc('\n', out);
	}
	free(lines);
	if (ferror(out))
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot write the CSV");
	return PACTA_OK;
}
