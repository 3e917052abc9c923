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

/* Whether ASCII text holds key (folded) whatever the case: 1 or 0; -1
 * when text is not ASCII. The fold of ASCII is its lower case, so most
 * names are searched where they are, without a copy. */
static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int ascii_holds(const char *text, const char *key, size_t klen)
{
	const unsigned char *k = (const unsigned char *)key;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p >= 0x80)
			return -1;
		if (lower(*p) != k[0])
			continue;
		size_t i = 1;
		while (i < klen && p[i] && p[i] < 0x80 && lower(p[i]) == k[i])
			i++;
		if (i == klen)
			return 1;
	}
	return 0;
}

/* Does text, folded, hold key (folded already, klen bytes)? */
static bool holds(const pacta_names *names, const char *text, const char *key, size_t klen,
		  char *buf)
{
	if (!text || !*text)
		return false;
	int ascii = ascii_holds(text, key, klen);
	if (ascii >= 0)
		return ascii == 1;
	pacta_names_fold(names, text, buf, LISTING_FOLD_MAX);
	return strstr(buf, key) != NULL;
}

static bool found(const pacta_treaty *t, const pacta_names *names, const char *key, size_t klen,
		  const char *lang, char *buf)
{
	if (holds(names, t->id, key, klen, buf) || holds(names, t->name, key, klen, buf) ||
	    holds(names, t->title, key, klen, buf))
		return true;
	const pacta_title *ti = lang ? pacta_treaty_title(t, lang) : NULL;
	return ti &&
	       (holds(names, ti->title, key, klen, buf) || holds(names, ti->name, key, klen, buf));
}

bool listing_find(const pacta_record *rec, const pacta_names *names, const char *q,
		  const char *lang, uint32_t from, size_t limit, listing *page)
{
	*page = (listing){ 0 };
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
	size_t klen = pacta_names_fold(names, q, key, sizeof(key));
	/* The whole register is read for the total; only the page is kept. */
	for (size_t t = 0; t < n_treaties; t++) {
		if (!found(&rec->treaties[t], names, key, klen, lang, buf))
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
	*page = (listing){ 0 };
}
