/*
 * untc_internal.h - what the two halves of the status page reader share:
 * untc.c (the page's head, participants table, end notes on withdrawal from
 * the treaty, counts) and untc_declarations.c (the sections of declarations,
 * reservations, objections and territorial application, and the end notes
 * about them). Nobody else includes it.
 *
 * Ownership: strings given by untc_keep() and every act and diagnostic live
 * in the page (its arena and arrays); untc_text_of() and untc_text_lines()
 * return malloc'd strings the caller frees.
 */
#ifndef PACTA_UNTC_INTERNAL_H
#define PACTA_UNTC_INTERNAL_H

#include <libxml/tree.h>

#include "arena.h"
#include "pacta/untc.h"
#include "strbuf.h"

typedef struct page_priv {
	arena strings;
	size_t cap_acts, cap_diags, cap_counts;
} page_priv;

#define MAX_ITEMS 12   /* legend items in one column header */
#define MAX_COLUMNS 16 /* columns of the participants table */
#define MAX_NOTES 8    /* footnote marks on one row */

/* One "Label(s)" of a column header's legend. */
typedef struct legend_item {
	char suffix[8];   /* "" for the column's plain dates */
	char label[96];   /* as printed */
	bool known;
	pacta_action action;
	bool definitive;
	const char *what; /* a note for acts of this kind, or NULL */
} legend_item;

typedef struct column {
	char header[200];
	legend_item items[MAX_ITEMS];
	int n_items;
	int plain;      /* the item for dates without a suffix; -1 none, -2 several */
	bool recognised;
	long unread;    /* dates in a column pacta cannot read */
} column;

/* The page being built. */
typedef struct parser {
	pacta_untc_page *page;
	page_priv *priv;
	const pacta_record *rec;
	const char *name;
	pacta_error *err;
	column cols[MAX_COLUMNS];
	int n_cols;
	/* footnote marks of each row: which rows refer to end note k */
	struct row_ref {
		int row;
		int note;
		const char *name;  /* as printed, without brackets */
		int32_t participant;
		bool bracketed;
		bool has_withdrawal;
	} *refs;
	size_t n_refs, cap_refs;
	long signatories, consents;
} parser;

typedef bool (*node_pred)(const xmlNode *n, void *ctx);

pacta_rc untc_oom(pacta_error *err);
/* Collapses white space runs (no-break spaces too) into one space, trims. */
void untc_squeeze(char *s);
bool untc_name_is(const xmlNode *n, const char *name);
/* The squeezed text of n's subtree (see collect_text in untc.c). */
char *untc_text_of(const xmlNode *n, bool skip_sup, bool only_sup);
void untc_copy_text(char *dst, size_t size, const char *s);
bool untc_starts_with_ci(const char *s, const char *prefix);
const char *untc_find_ci(const char *hay, const char *needle);
/* "D Month YYYY" at s; see untc.c. */
pacta_day untc_read_date(const char *s, size_t *used, bool *bad);
pacta_day untc_first_date(const char *s, const char **at, size_t *used);
const char *untc_keep(parser *ps, const char *s);
pacta_rc untc_diag(parser *ps, pacta_untc_severity sev, int row, const char *where,
		   const char *text, const char *fmt, ...) PACTA_PRINTF(6, 7);
pacta_rc untc_add_act(parser *ps, const pacta_untc_act *a);
const xmlNode *untc_walk(const xmlNode *n, node_pred fn, void *ctx);
/* node_pred: ctx is a class name. */
bool untc_has_class(const xmlNode *n, void *ctx);
size_t untc_sentences(char *text, char **s, size_t max);
bool untc_names_in(const char *sentence, const char *name);
struct row_ref *untc_note_owner(parser *ps, int number, const char *text, int *refs);
const char *untc_make_note(parser *ps, const char *const *parts, size_t n);

/* The sections of declarations, reservations, objections and territorial
 * application, and the end notes about them (untc_declarations.c). Runs
 * after the table and the withdrawal notices were read. */
pacta_rc untc_read_declarations(parser *ps, const xmlNode *root);

#endif
