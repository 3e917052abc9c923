/*
 * pacta/panel.h - treaty membership panels: one row per treaty, state and
 * period (year, month or day), streamed row by row.
 *
 * A panel is computed from compiled status timelines; nothing is held but
 * the row being written, so a day-level panel of every treaty needs no
 * more memory than the timelines themselves. Two rules decide `bound` for
 * a period (docs/exports.md):
 *  - end of period: bound if the treaty is in force for the state on the
 *    period's last day;
 *  - any time: bound if it is in force for the state on any day of the
 *    period (answered by interval overlap, never day by day).
 * `status` and the dates are always those of the period's last day, as the
 * record held them then (a withdrawal notified later is not shown), and
 * `bound_days` counts the days of the period the treaty was in force for
 * the state, so either rule can be checked against it.
 *
 * Ownership: rows passed to a sink borrow from the compiled statuses and
 * live until the sink returns.
 */
#ifndef PACTA_PANEL_H
#define PACTA_PANEL_H

#include <stdio.h>

#include "pacta/period.h"
#include "pacta/report.h"
#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_panel_rule {
	PACTA_PANEL_END_OF_PERIOD = 0,
	PACTA_PANEL_ANY_TIME
} pacta_panel_rule;

/* "end-of-period", "any-time". */
const char *pacta_panel_rule_name(pacta_panel_rule rule);
bool pacta_panel_rule_parse(const char *name, pacta_panel_rule *out);

typedef enum pacta_panel_format {
	PACTA_PANEL_CSV = 0, /* RFC 4180, CRLF, formula-safe, with a header */
	PACTA_PANEL_NDJSON   /* one JSON object per line, LF */
} pacta_panel_format;

typedef struct pacta_panel_options {
	pacta_day from, to;       /* the window, inclusive; widened to whole periods */
	pacta_unit unit;
	pacta_panel_rule rule;
	/* The states: these participants (n_participants of them), or, when
	 * NULL, every participant whose status is not none on some day of the
	 * window, or every participant when all_states. */
	const uint32_t *participants;
	size_t n_participants;
	bool all_states;
} pacta_panel_options;

typedef struct pacta_panel_row {
	const char *treaty;     /* the rules id */
	const char *state;      /* ISO 3166-1 alpha-3 */
	uint32_t participant;
	pacta_unit unit;
	pacta_day start, end;   /* the period, inclusive */
	char label[PACTA_DATE_BUFSZ]; /* "2024", "2024-02", "2024-02-29"; when
				       * empty, formatting makes it from start */
	bool bound;             /* by the rule */
	int bound_days;         /* days of the period it was in force for the state */
	pacta_state_view view;  /* status and dates on `end` */
} pacta_panel_row;

/* Called once per row in treaty, state (participant order), period order;
 * a non-zero return stops the panel (pacta_panel_each then returns
 * PACTA_ERR_IO with err untouched, so the sink fills it). */
typedef int (*pacta_panel_sink)(void *ctx, const pacta_panel_row *row);

/* Checks the options: PACTA_ERR_USAGE when from > to (after widening) or a
 * participant index is out of range. */
pacta_rc pacta_panel_check(const pacta_record *rec, const pacta_panel_options *opt,
			   pacta_error *err) PACTA_MUST_CHECK;

/* Streams the panel of the treaties compiled in ts[0..n) (all from the same
 * record) to sink. */
pacta_rc pacta_panel_each(const pacta_treaty_status *const *ts, size_t n,
			  const pacta_panel_options *opt, pacta_panel_sink sink,
			  void *ctx, pacta_error *err) PACTA_MUST_CHECK;

/* The CSV header line (with its CRLF), or "" for NDJSON. */
const char *pacta_panel_header(pacta_panel_format fmt);

#define PACTA_PANEL_ROW_MAX 1024

/* One row as CSV (CRLF) or NDJSON (LF) into buf; returns its length. Rows
 * longer than the buffer (a treaty id of hundreds of bytes) are cut at
 * PACTA_PANEL_ROW_MAX - 1 bytes, which pacta_panel_check() rules out by
 * refusing such ids. */
size_t pacta_panel_format_row(pacta_panel_format fmt, const pacta_panel_row *row,
			      char buf[PACTA_PANEL_ROW_MAX]);

/* Writes the header and every row to out. PACTA_ERR_IO when out refuses a
 * write. */
pacta_rc pacta_panel_write(FILE *out, pacta_panel_format fmt,
			   const pacta_treaty_status *const *ts, size_t n,
			   const pacta_panel_options *opt,
			   pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
