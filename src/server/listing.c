/*
 * listing.c - which treaties a page of GET /v1/treaties lists (see
 * listing.h).
 *
 * What this module must never do: build or hold anything per treaty of the
 * register (only the page's indexes), or read past the page when there is
 * no search to count.
 */
#include "listing.h"

#include <stdlib.h>
#include <string.h>

#include "pacta/rules.h"

/* Room for one folded name: a longer one is searched in its first
 * LISTING_FOLD_MAX - 1 bytes (a title of some eight hundred letters). */
#define LISTING_FOLD_MAX 2048

/* Does text, folded, hold key (folded already)? */
static bool holds(const pacta_names *names, const char *text, const char *key, char *buf)
{
	if (!text || !*text)
		return false;
	pacta_names_fold(names, text, buf, LISTING_FOLD_MAX);
	return strstr(buf, key) != NULL;
}

static bool found(const pacta_rules *r, const pacta_names *names, const char *key,
		  const char *lang, char *buf)
{
	if (holds(names, r->id, key, buf) || holds(names, r->name, key, buf) ||
	    holds(names, r->title, key, buf))
		return true;
	const pacta_title *ti = lang ? pacta_rules_title(r, lang) : NULL;
	return ti && (holds(names, ti->title, key, buf) || holds(names, ti->name, key, buf));
}

bool listing_find(const pacta_record *rec, const pacta_names *names, const char *q,
		  const char *lang, uint32_t from, size_t limit, listing *page)
{
	*page = (listing){0};
	size_t n_treaties = rec->n_treaties;
	page->treaties = malloc((limit ? limit : 1) * sizeof(*page->treaties));
	if (!page->treaties)
		return false;
	if (lang && strcmp(lang, "en") == 0)
		lang = NULL; /* the record's own titles are English */
	if (!q || !*q) {
		/* Every treaty: the page is a range of the record's order. */
		for (size_t t = from; t < n_treaties && page->n < limit; t++)
			page->treaties[page->n++] = (uint32_t)t;
		page->total = n_treaties;
		page->more = (size_t)from + page->n < n_treaties;
		return true;
	}
	char key[LISTING_FOLD_MAX], *buf = malloc(LISTING_FOLD_MAX);
	if (!buf) {
		listing_free(page);
		return false;
	}
	pacta_names_fold(names, q, key, sizeof(key));
	/* The whole register is read for the total; only the page is kept. */
	for (size_t t = 0; t < n_treaties; t++) {
		if (!found(&rec->treaties[t].rules, names, key, lang, buf))
			continue;
		page->total++;
		if (t < from)
			continue;
		if (page->n < limit)
			page->treaties[page->n++] = (uint32_t)t;
		else
			page->more = true;
	}
	free(buf);
	return true;
}

void listing_free(listing *page)
{
	free(page->treaties);
	*page = (listing){0};
}
