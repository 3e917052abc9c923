/*
 * pacta/untc.h - reading a UN Treaty Collection status page ("Status of
 * Treaties", one treaty per page) as saved from the web.
 *
 * The page is parsed with libxml2's HTML parser. What is read: the treaty's
 * title, its chapter number (mtdsg_no, "XXVI-5") and the page's date; the
 * participants table, found by its header cells ("Participant", then columns
 * such as "Signature" or "Ratification, Acceptance(A), Approval(AA),
 * Accession(a), Succession(d)"), with each column's legend of date suffixes;
 * each cell's dates with their suffixes, square brackets and footnote marks;
 * the end notes' withdrawal and denunciation notices; the page's stated
 * counts ("Signatories : 132. Parties : 162"), checked against the rows; and
 * the sections of declarations, reservations, objections and territorial
 * application, with the end notes that withdraw a reservation or a
 * declaration or extend the treaty to a territory (untc_declarations.c).
 *
 * Nothing is guessed: a cell, suffix, participant or note of the table that
 * cannot be read is reported as a problem (pacta_untc_diag) with its row and
 * text, and yields no act. A declaration or end note that cannot be placed
 * (no date, no state objected to) is a warning: it yields no act and does not
 * stop the page's import. docs/untc.md describes the whole of it.
 *
 * Ownership: pacta_untc_parse() gives a page the caller frees with
 * pacta_untc_page_free(); every string and array in it belongs to the page.
 * The page does not keep the record it was resolved against: participant
 * indexes refer to that record and stay valid as long as it is not reloaded.
 */
#ifndef PACTA_UNTC_H
#define PACTA_UNTC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pacta/date.h"
#include "pacta/error.h"
#include "pacta/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds on what is read. */
#define PACTA_UNTC_MAX_BYTES (32u * 1024u * 1024u)
#define PACTA_UNTC_MAX_ROWS 5000

typedef enum pacta_untc_severity {
	PACTA_UNTC_PROBLEM = 0, /* something of the table could not be read */
	PACTA_UNTC_NOTICE,      /* said for the reader; nothing was lost */
	PACTA_UNTC_WARNING      /* a declaration or end note not placed: no act */
} pacta_untc_severity;

/* One thing said about the page: where (the participants table's row, 1 for
 * the first participant, or 0; and a short place such as "column 3" or
 * "end note 4"), the text as printed, and why. */
typedef struct pacta_untc_diag {
	pacta_untc_severity severity;
	int row;
	char where[64];
	char text[160];
	char why[240];
} pacta_untc_diag;

/* One act read from the page. */
typedef struct pacta_untc_act {
	int row;                 /* participants table row (1-based) */
	const char *name;        /* the participant as the page prints it */
	int32_t participant;     /* index in the record, or -1 (reported) */
	pacta_action action;
	pacta_day date;          /* the act's date; receipt for a notification */
	pacta_day stated_effective; /* a withdrawal's effect as the page states it, or NONE */
	bool bracketed;          /* printed in square brackets (withdrawn) */
	bool definitive;         /* a definitive signature (consent by signature) */
	int end_note;            /* the end note it was read from, or 0 */
	const char *note;        /* the act's note for the record, "" when none */
	/* Declarations, reservations, objections and territorial acts: */
	int32_t target;          /* an objection's state objected to, or -1 */
	const char *territory;   /* ISO alpha-3 or the name as printed, or "" */
	const char *text;        /* the depositary's words ("\n" between
				  * paragraphs), or "" */
	const char *notification; /* "C.N.286.2022.TREATIES-XXVI-6", or "" */
	pacta_day circulated;    /* the notification's date as printed, or NONE */
} pacta_untc_act;

/* A count the page states, and the one counted from its rows. */
typedef struct pacta_untc_count {
	char label[48];   /* as printed: "Signatories", "Parties" */
	long stated;
	long counted;     /* -1 when pacta has no counterpart for the label */
} pacta_untc_count;

typedef struct pacta_untc_page {
	const char *title;      /* the treaty's title as printed, or "" */
	const char *mtdsg_no;   /* "XXVI-5" */
	const char *source_url; /* the canonical status page URL */
	pacta_day as_at;        /* "STATUS AS AT : 03-02-2026 ...", or NONE */
	const char *columns;    /* the participants table's header, "A | B | C" */
	size_t n_rows;          /* participant rows read */
	pacta_untc_act *acts;   /* in page order */
	size_t n_acts;
	pacta_untc_diag *diags; /* in page order */
	size_t n_diags;
	pacta_untc_count *counts;
	size_t n_counts;
	void *priv_;            /* private storage */
} pacta_untc_page;

/* Parses the page held in html[0..len) (name is used in errors) and
 * resolves its participants against rec (names as the depositary spells
 * them, through states.csv's names and aliases; exact matches only).
 * PACTA_ERR_PARSE when the text is no HTML document, looks truncated (no
 * closing </html>), names no treaty (no mtdsg_no) or has no participants
 * table; PACTA_ERR_LIMIT over the bounds above. Anything smaller that cannot
 * be read becomes a problem in (*out)->diags, not an error. */
pacta_rc pacta_untc_parse(const char *html, size_t len, const char *name,
			  const pacta_record *rec, pacta_untc_page **out,
			  pacta_error *err) PACTA_MUST_CHECK;
void pacta_untc_page_free(pacta_untc_page *page);

/* The number of problems (diagnostics of severity PROBLEM). */
size_t pacta_untc_problems(const pacta_untc_page *page);
/* The number of warnings: declarations and end notes not placed. */
size_t pacta_untc_warnings(const pacta_untc_page *page);
/* True when every stated count has a counterpart and agrees with it. */
bool pacta_untc_counts_agree(const pacta_untc_page *page);

/* The UNTC chapter number a treaty gives (its source_url's mtdsg_no, else
 * the last word of its rules' depositary_ref) into buf; false when it
 * gives none. */
bool pacta_untc_treaty_ref(const pacta_treaty *treaty, char *buf, size_t size);

/* The treaty of the record whose reference is the page's mtdsg_no.
 * PACTA_ERR_NOTFOUND when none is, PACTA_ERR_AMBIGUOUS when several are. */
pacta_rc pacta_untc_find_treaty(const pacta_untc_page *page,
				const pacta_record *rec, uint32_t *out,
				pacta_error *err) PACTA_MUST_CHECK;

/* Adds the page's acts (those with a resolved participant) to rec under
 * treaty, skipping any the record already holds (same treaty, participant,
 * action and date; for declaration-class acts and objections also the same
 * target and territory, one record act answering one page act). recorded is their record day. *added and *skipped say
 * how many; rec must be finished again afterwards. All or nothing: on
 * error rec is left as it was. */
pacta_rc pacta_untc_add_acts(const pacta_untc_page *page, pacta_record *rec,
			     uint32_t treaty, pacta_day recorded, size_t *added,
			     size_t *skipped, pacta_error *err) PACTA_MUST_CHECK;

/* Marks in take[0 .. page->n_acts) the page's acts (with a resolved
 * participant) that the record does not hold yet under treaty, as
 * pacta_untc_add_acts() would add them; returns how many it skips as held
 * (or given twice by the page). rec must be finished. */
size_t pacta_untc_unheld(const pacta_untc_page *page, const pacta_record *rec, uint32_t treaty,
			 bool *take);

/* Writes the acts with a resolved participant in the bundled acts.csv
 * format (state,action,date,effective,target,source_url,note,notification,
 * circulated,territory,text; sorted by state, date and action as the
 * bundled files are, page order within those) to out. PACTA_ERR_IO
 * when writing fails, PACTA_ERR_NOMEM. */
pacta_rc pacta_untc_write_csv(const pacta_untc_page *page,
			      const pacta_record *rec, FILE *out,
			      pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
