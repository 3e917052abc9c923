/*
 * names.c - the states' names in many languages (the names file the build
 * writes from iso-codes: scripts/state_names.py) and finding a state by
 * any of them, case- and accent-insensitively.
 *
 * The fold rule lives in the file (its "f" lines), written by the same
 * script that folded the names, so a query and a name always fold alike.
 * It never changes a loaded table and never guesses past the record's own
 * ambiguity rule: several states found are all named.
 */
#include "pacta/names.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define NAMES_FILE_MAX (64u << 20)

typedef struct name_entry {
	const char *iso3, *lang, *name, *key;
	int rank; /* shown first: 0 CLDR's (where better), iso-codes' 1 short,
		   * 2 common, 3 official name; 4 CLDR's, found but not shown */
} name_entry;

typedef struct fold_entry {
	uint32_t cp;
	const char *to;
} fold_entry;

struct pacta_names {
	char *text;
	name_entry *names;
	size_t n_names;
	fold_entry *folds;
	size_t n_folds;
};

#ifndef PACTA_INSTALL_NAMES_FILE
#define PACTA_INSTALL_NAMES_FILE "/usr/local/share/pacta/names.tsv"
#endif

const char *pacta_names_default_path(void)
{
	return PACTA_INSTALL_NAMES_FILE;
}

/* Decodes one UTF-8 character at p (valid UTF-8: the file and the CLI's
 * arguments are checked or come from the build); returns its length. */
static size_t utf8_next(const unsigned char *p, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
	uint32_t c = p[0] & (0x3Fu >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	*cp = c;
	return n;
}

static int fold_cmp(const void *a, const void *b)
{
	uint32_t x = ((const fold_entry *)a)->cp, y = ((const fold_entry *)b)->cp;
	return x < y ? -1 : x > y;
}

size_t pacta_names_fold(const pacta_names *names, const char *in, char *out, size_t size)
{
	size_t used = 0;
	if (!size)
		return 0;
	const unsigned char *p = (const unsigned char *)in;
	while (*p) {
		uint32_t cp;
		size_t n = utf8_next(p, &cp);
		char ascii;
		const char *to = (const char *)p;
		size_t to_len = n;
		if (cp < 0x80) {
			ascii = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
			to = &ascii;
			to_len = 1;
		} else if (names) {
			fold_entry key = {cp, NULL};
			const fold_entry *f =
				bsearch(&key, names->folds, names->n_folds, sizeof(key), fold_cmp);
			if (f) {
				to = f->to;
				to_len = strlen(f->to);
			}
		}
		if (used + to_len >= size)
			break;
		memcpy(out + used, to, to_len);
		used += to_len;
		p += n;
	}
	out[used] = '\0';
	return used;
}

/* Splits line into at most max tab-separated fields in place. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;
	for (char *p = line; n < max;) {
		fields[n++] = p;
		char *tab = strchr(p, '\t');
		if (!tab)
			break;
		*tab = '\0';
		p = tab + 1;
	}
	return n;
}

pacta_rc pacta_names_load(const char *path, pacta_names **out, pacta_error *err)
{
	*out = NULL;
	pacta_names *nm = calloc(1, sizeof(*nm));
	if (!nm)
		return pacta_error_set(err, PACTA_ERR_NOMEM, path, "out of memory");
	size_t len;
	pacta_rc rc = csv_slurp(path, NAMES_FILE_MAX, &nm->text, &len, err);
	if (rc != PACTA_OK) {
		free(nm);
		return rc;
	}
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += nm->text[i] == '\n';
	nm->names = calloc(lines + 1, sizeof(*nm->names));
	nm->folds = calloc(lines + 1, sizeof(*nm->folds));
	if (!nm->names || !nm->folds) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, path, "out of memory");
		goto out;
	}
	size_t line_no = 0;
	for (char *line = nm->text; *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		line_no++;
		char *f[7];
		size_t n = split_tabs(line, f, 7);
		if (n == 3 && strcmp(f[0], "f") == 0 && f[1][0]) {
			uint32_t cp;
			if (utf8_next((const unsigned char *)f[1], &cp) != strlen(f[1]))
				goto bad;
			nm->folds[nm->n_folds++] = (fold_entry){cp, f[2]};
		} else if (n == 6 && strcmp(f[0], "n") == 0 && strlen(f[1]) == 3 &&
			   f[3][0] >= '0' && f[3][0] <= '4' && !f[3][1] && f[4][0] && f[5][0]) {
			nm->names[nm->n_names++] =
				(name_entry){f[1], f[2], f[4], f[5], f[3][0] - '0'};
		} else {
			goto bad;
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	qsort(nm->folds, nm->n_folds, sizeof(*nm->folds), fold_cmp);
	*out = nm;
	return PACTA_OK;
bad:
	rc = pacta_error_set(err, PACTA_ERR_PARSE, path,
			     "line %zu is not a names line ('n' with 5 fields or 'f' with 2)", line_no);
out:
	pacta_names_free(nm);
	return rc;
}

void pacta_names_free(pacta_names *names)
{
	if (!names)
		return;
	free(names->text);
	free(names->names);
	free(names->folds);
	free(names);
}

const char *pacta_names_get(const pacta_names *names, const char *iso3, const char *lang)
{
	const char *best = NULL;
	int best_rank = 4; /* rank 4 is never shown */
	for (size_t i = 0; names && i < names->n_names; i++) {
		const name_entry *e = &names->names[i];
		if (e->rank < best_rank && strcmp(e->iso3, iso3) == 0 && strcmp(e->lang, lang) == 0) {
			best = e->name;
			best_rank = e->rank;
		}
	}
	return best;
}

/* True when needle is a whole word of hay: bounded by the ends or by
 * characters that are not letters (any non-ASCII byte counts as a letter,
 * so a word never ends inside a character). */
static bool has_word(const char *hay, const char *needle, size_t n)
{
	for (const char *h = strstr(hay, needle); h; h = strstr(h + 1, needle)) {
		unsigned char before = h == hay ? ' ' : (unsigned char)h[-1];
		unsigned char after = (unsigned char)h[n] ? (unsigned char)h[n] : ' ';
		bool start = before < 0x80 && !((before | 32) >= 'a' && (before | 32) <= 'z');
		bool end = after < 0x80 && !((after | 32) >= 'a' && (after | 32) <= 'z');
		if (start && end)
			return true;
	}
	return false;
}

/* Adds participant idx to found[] unless it is there. */
static void add_found(uint32_t *found, size_t *n, uint32_t idx)
{
	for (size_t i = 0; i < *n && i < 8; i++)
		if (found[i] == idx)
			return;
	if (*n < 8)
		found[*n] = idx;
	(*n)++;
}

size_t pacta_names_also(const pacta_names *names, const pacta_record *rec, const char *query,
			uint32_t chosen, char *out, size_t size)
{
	size_t n = 0, used = 0;
	if (size)
		out[0] = '\0';
	char key[256];
	size_t klen = names ? pacta_names_fold(names, query, key, sizeof(key)) : 0;
	if (klen < 4)
		return 0;
	bool *seen = calloc(rec->n_participants + 1, sizeof(*seen));
	if (!seen)
		return 0;
	for (size_t i = 0; i < names->n_names; i++) {
		const name_entry *e = &names->names[i];
		if (!has_word(e->key, key, klen))
			continue;
		int32_t idx = pacta_record_participant_by_iso3(rec, e->iso3);
		if (idx < 0 || (uint32_t)idx == chosen || seen[idx] ||
		    rec->participants[idx].kind == PACTA_KIND_FORMER_STATE)
			continue;
		seen[idx] = true;
		n++;
		const pacta_participant *p = &rec->participants[idx];
		int w = snprintf(out + used, size > used ? size - used : 0, "%s%s (%s)",
				 used ? ", " : "", p->name, p->iso3);
		if (w > 0 && used + (size_t)w < size)
			used += (size_t)w;
	}
	free(seen);
	return n;
}

pacta_rc pacta_names_resolve(const pacta_names *names, const pacta_record *rec, const char *query,
			     uint32_t *out, pacta_error *err)
{
	pacta_error local;
	pacta_rc rc = pacta_record_resolve_participant(rec, query, out, err ? err : &local);
	if (rc != PACTA_ERR_NOTFOUND || !names)
		return rc;
	char key[256];
	size_t klen = pacta_names_fold(names, query, key, sizeof(key));
	if (!klen)
		return rc;
	uint32_t found[8];
	size_t n = 0;
	for (int pass = 0; pass < 2 && n == 0; pass++) {
		/* The second pass, a word inside a name, as the record's own
		 * resolver does it, needs four characters at least. */
		if (pass == 1 && klen < 4)
			break;
		for (size_t i = 0; i < names->n_names; i++) {
			const name_entry *e = &names->names[i];
			if (pass == 0 ? strcmp(e->key, key) != 0 : !has_word(e->key, key, klen))
				continue;
			int32_t idx = pacta_record_participant_by_iso3(rec, e->iso3);
			if (idx >= 0)
				add_found(found, &n, (uint32_t)idx);
		}
	}
	if (n == 0)
		return rc;
	if (n == 1) {
		*out = found[0];
		return PACTA_OK;
	}
	char list[200] = "";
	size_t used = 0;
	for (size_t i = 0; i < n && i < 8; i++) {
		const pacta_participant *p = &rec->participants[found[i]];
		int w = snprintf(list + used, sizeof(list) - used, "%s%s (%s)", i ? ", " : "", p->name,
				 p->iso3);
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return pacta_error_set(err, PACTA_ERR_AMBIGUOUS, "", "'%s' is ambiguous: %s%s", query, list,
			       n > 8 ? ", ..." : "");
}
