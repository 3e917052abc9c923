/*
 * listing.h - a page of the register's treaties, as GET /v1/treaties lists
 * them: in the record's order from a cursor, those a search finds, at most
 * a limit. Only the page's treaties are handed on to be written out, so an
 * answer costs its page, whatever the size of the register; a search reads
 * every treaty's names once (there is no index to keep in step with the
 * record).
 *
 * Ownership: listing_find() fills a listing whose treaties array the
 * caller frees with listing_free().
 */
#ifndef PACTA_LISTING_H
#define PACTA_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacta/names.h"
#include "pacta/record.h"

/* The treaties a page has unless ?limit= says, and the most it may ask:
 * the bundled record and any register of this size fit in one page. */
#define LISTING_LIMIT_DEFAULT 100
#define LISTING_LIMIT_MAX 1000
/* The longest search (bytes of UTF-8). */
#define LISTING_QUERY_MAX 200

typedef struct listing {
	uint32_t *treaties; /* record indexes, in the record's order */
	size_t n;
	size_t total; /* treaties the search finds in the whole register */
	bool more;    /* and some of them come after the page */
} listing;

/* Fills page with at most limit (> 0) treaties from record index `from`
 * on whose id, name or title holds q (NULL or "": every treaty), both
 * folded as the names of states are (pacta_names_fold(); names NULL folds
 * ASCII letters' case only); with lang (not "en"), their title and short
 * name in that language too, where the rules give one. false when memory
 * ran out (page then holds nothing). */
bool listing_find(const pacta_record *rec, const pacta_names *names, const char *q,
		  const char *lang, uint32_t from, size_t limit, listing *page);
void listing_free(listing *page);

#endif
