/*
 * panel.c - membership panels streamed from compiled timelines.
 *
 * The iteration is treaties x states x periods. For one state the periods
 * advance in order, so a cursor walks its intervals once; `bound_days` is
 * the overlap of the period with its bound intervals. Nothing here decides
 * a status: statuses and dates come from status.h and report.h.
 */
#include "pacta/panel.h"

#include "jsontext.h"

#include <stdlib.h>
#include <string.h>

/* Treaty ids longer than this are refused, which bounds a row. */
#define PANEL_ID_MAX 64

static const char *const rule_names[] = {
	[PACTA_PANEL_END_OF_PERIOD] = "end-of-period",
	[PACTA_PANEL_ANY_TIME] = "any-time",
};

const char *pacta_panel_rule_name(pacta_panel_rule rule)
{
	return (unsigned)rule <= PACTA_PANEL_ANY_TIME ? rule_names[rule] : "?";
}

bool pacta_panel_rule_parse(const char *name, pacta_panel_rule *out)
{
	for (unsigned i = 0; i <= PACTA_PANEL_ANY_TIME; i++) {
		if (name && strcmp(name, rule_names[i]) == 0) {
			*out = (pacta_panel_rule)i;
			return true;
		}
	}
	return false;
}

pacta_rc pacta_panel_check(const pacta_record *rec, const pacta_panel_options *opt,
			   pacta_error *err)
{
	if (opt->from == PACTA_DAY_NONE || opt->to == PACTA_DAY_NONE)
		return pacta_error_set(err, PACTA_ERR_USAGE, "--from", "a panel needs a window");
	if (pacta_period_start(opt->unit, opt->from) > pacta_period_end(opt->unit, opt->to)) {
		char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
		return pacta_error_set(err, PACTA_ERR_USAGE, "--from",
				       "the window starts (%s) after it ends (%s)",
				       pacta_date_format(opt->from, a), pacta_date_format(opt->to, b));
	}
	for (size_t i = 0; opt->participants && i < opt->n_participants; i++)
		if (opt->participants[i] >= rec->n_participants)
			return pacta_error_set(err, PACTA_ERR_USAGE, "--state",
					       "participant %zu is not in the record",
					       (size_t)opt->participants[i]);
	for (size_t i = 0; i < rec->n_treaties; i++)
		if (strlen(rec->treaties[i].id) > PANEL_ID_MAX)
			return pacta_error_set(err, PACTA_ERR_LIMIT, rec->treaties[i].origin,
					       "a treaty id longer than %d bytes cannot go in a panel",
					       PANEL_ID_MAX);
	return PACTA_OK;
}

/* Does the participant's status differ from none on a day of [from, to]? */
static bool appears(const pacta_timeline *tl, pacta_day from, pacta_day to)
{
	for (size_t i = 0; i < tl->n_intervals; i++) {
		const pacta_interval *iv = &tl->intervals[i];
		if (iv->status != PACTA_STATUS_NONE && iv->from <= to && iv->to > from)
			return true;
	}
	return false;
}

/* The first day after `day` on which the state view (report.h) of p may
 * change: an interval's start, or the date of an act it shows. */
static pacta_day next_change(const pacta_treaty_status *ts, const pacta_timeline *tl,
			     size_t cur, pacta_day day)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_day next = PACTA_DAY_OPEN;
	pacta_day cands[3] = {tl->signed_on, tl->withdrawal_notified,
			      tl->consent_act >= 0 ? rec->acts[tl->consent_act].date
						   : PACTA_DAY_NONE};
	for (size_t k = cur; k < tl->n_intervals; k++) {
		if (tl->intervals[k].from > day) {
			next = tl->intervals[k].from;
			break;
		}
	}
	for (size_t i = 0; i < 3; i++)
		if (cands[i] != PACTA_DAY_NONE && cands[i] > day && cands[i] < next)
			next = cands[i];
	for (size_t i = 0; i < tl->n_claims; i++)
		if (rec->acts[tl->claims[i]].date > day && rec->acts[tl->claims[i]].date < next)
			next = rec->acts[tl->claims[i]].date;
	for (size_t i = 0; i < tl->n_objections; i++)
		if (rec->acts[tl->objections[i]].date > day &&
		    rec->acts[tl->objections[i]].date < next)
			next = rec->acts[tl->objections[i]].date;
	return next;
}

static const char two_digits[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* v (0..99) as two digits: a table, since this runs for every row. */
static void put2(char *out, int v)
{
	memcpy(out, two_digits + 2 * v, 2);
}

/* Periods are stepped on civil dates, so no day is converted twice. */
typedef struct cursor {
	int y, m, d;
} cursor;

/* The day's label, YYYY-MM-DD: 10 bytes, no NUL. */
static void put_day(const cursor *c, char *out)
{
	put2(out, c->y / 100);
	put2(out + 2, c->y % 100);
	out[4] = '-';
	put2(out + 5, c->m);
	out[7] = '-';
	put2(out + 8, c->d);
}

static void label_of(pacta_unit unit, const cursor *c, char out[PACTA_DATE_BUFSZ])
{
	static const size_t lens[] = {[PACTA_UNIT_YEAR] = 4, [PACTA_UNIT_MONTH] = 7,
				      [PACTA_UNIT_DAY] = 10};
	put_day(c, out);
	out[lens[unit]] = '\0';
}

/* Length of the period starting at c, and c moved to the next one. */
static int advance(pacta_unit unit, cursor *c)
{
	int len;
	switch (unit) {
	case PACTA_UNIT_YEAR:
		len = pacta_date_is_leap(c->y) ? 366 : 365;
		c->y++;
		break;
	case PACTA_UNIT_MONTH:
		len = pacta_date_days_in_month(c->y, c->m);
		if (++c->m > 12) {
			c->m = 1;
			c->y++;
		}
		break;
	default:
		len = 1;
		if (++c->d > 28 && c->d > pacta_date_days_in_month(c->y, c->m)) {
			c->d = 1;
			if (++c->m > 12) {
				c->m = 1;
				c->y++;
			}
		}
		break;
	}
	return len;
}

/* Writes the rest of a run of days: the days after row->end up to stop,
 * whose rows differ from row by their date only, with c the day after
 * row->end. Leaves row and c on stop as the row-by-row loop would. A
 * non-zero return stops the panel. */
typedef int (*panel_run_fn)(void *ctx, pacta_panel_row *row, cursor *c, pacta_day stop);

/* The run of days as single rows, for sinks that take them one by one. */
static int run_by_rows(pacta_panel_sink sink, void *ctx, pacta_panel_row *row, cursor *c,
		       pacta_day stop)
{
	while (row->end < stop && c->y <= PACTA_DATE_MAX_YEAR) {
		row->start = row->end = row->end + 1;
		label_of(PACTA_UNIT_DAY, c, row->label);
		advance(PACTA_UNIT_DAY, c);
		if (sink(ctx, row))
			return 1;
	}
	return 0;
}

static pacta_rc panel_state(const pacta_treaty_status *ts, uint32_t p,
			    const pacta_panel_options *opt, pacta_panel_sink sink,
			    panel_run_fn run, void *ctx)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
	pacta_day last = pacta_period_end(opt->unit, opt->to);
	pacta_day refresh = PACTA_DAY_NONE; /* recompute the view from this day */
	pacta_panel_row row;
	size_t cur = 0;
	cursor c;
	bool bound_of[PACTA_STATUS__COUNT];

	for (int i = 0; i < PACTA_STATUS__COUNT; i++)
		bound_of[i] = pacta_status_is_bound((pacta_status)i);
	memset(&row, 0, sizeof(row));
	row.treaty = rec->treaties[pacta_treaty_status_treaty(ts)].id;
	row.state = rec->participants[p].iso3;
	row.participant = p;
	row.unit = opt->unit;
	row.start = pacta_period_start(opt->unit, opt->from);
	pacta_date_to_civil(row.start, &c.y, &c.m, &c.d);
	while (row.start <= last) {
		label_of(opt->unit, &c, row.label);
		row.end = row.start + advance(opt->unit, &c) - 1;
		/* Intervals are contiguous and sorted: skip those over before
		 * the period, then add the bound days of those it overlaps. */
		while (cur + 1 < tl->n_intervals && tl->intervals[cur].to <= row.start)
			cur++;
		row.bound_days = 0;
		for (size_t k = cur; k < tl->n_intervals; k++) {
			const pacta_interval *iv = &tl->intervals[k];
			if (iv->from > row.end)
				break;
			if (!bound_of[iv->status])
				continue;
			pacta_day lo = iv->from > row.start ? iv->from : row.start;
			pacta_day hi = iv->to == PACTA_DAY_OPEN || iv->to - 1 > row.end ? row.end
											 : iv->to - 1;
			row.bound_days += hi - lo + 1;
		}
		if (row.end >= refresh) {
			row.view = pacta_state_view_on(ts, p, row.end);
			refresh = next_change(ts, tl, cur, row.end);
		}
		row.bound = opt->rule == PACTA_PANEL_ANY_TIME ? row.bound_days > 0
							      : bound_of[row.view.status];
		if (sink(ctx, &row))
			return PACTA_ERR_IO;
		if (opt->unit == PACTA_UNIT_DAY) {
			/* The days left in this interval before the view can
			 * change differ from this one by their date only. */
			const pacta_interval *iv = &tl->intervals[cur];
			pacta_day stop = iv->to == PACTA_DAY_OPEN || iv->to - 1 > last ? last
											: iv->to - 1;
			if (refresh != PACTA_DAY_OPEN && refresh - 1 < stop)
				stop = refresh - 1;
			if (row.end < stop && (run ? run(ctx, &row, &c, stop)
						   : run_by_rows(sink, ctx, &row, &c, stop)))
				return PACTA_ERR_IO;
		}
		if (row.end >= PACTA_DAY_OPEN - 1 || c.y > PACTA_DATE_MAX_YEAR)
			break;
		row.start = row.end + 1;
	}
	return PACTA_OK;
}

static pacta_rc panel_each(const pacta_treaty_status *const *ts, size_t n,
			   const pacta_panel_options *opt, pacta_panel_sink sink, panel_run_fn run,
			   void *ctx, pacta_error *err)
{
	if (n == 0)
		return PACTA_OK;
	const pacta_record *rec = pacta_treaty_status_record(ts[0]);
	pacta_rc rc = pacta_panel_check(rec, opt, err);
	pacta_day from = pacta_period_start(opt->unit, opt->from);
	pacta_day to = pacta_period_end(opt->unit, opt->to);
	for (size_t t = 0; rc == PACTA_OK && t < n; t++) {
		if (opt->participants) {
			for (size_t i = 0; rc == PACTA_OK && i < opt->n_participants; i++)
				rc = panel_state(ts[t], opt->participants[i], opt, sink, run, ctx);
			continue;
		}
		for (uint32_t p = 0; rc == PACTA_OK && p < rec->n_participants; p++) {
			pacta_timeline tl;
			if (opt->all_states ||
			    appears(pacta_treaty_status_timeline(ts[t], p, &tl), from, to))
				rc = panel_state(ts[t], p, opt, sink, run, ctx);
		}
	}
	return rc;
}

pacta_rc pacta_panel_each(const pacta_treaty_status *const *ts, size_t n,
			  const pacta_panel_options *opt, pacta_panel_sink sink, void *ctx,
			  pacta_error *err)
{
	return panel_each(ts, n, opt, sink, NULL, ctx, err);
}

/* ---- Formatting ---- */

#define CSV_HEADER                                                                     \
	"treaty,state,period,status,bound,bound_days,signature,consent,entry_into_force," \
	"withdrawal_notified,withdrawal_effective"

const char *pacta_panel_header(pacta_panel_format fmt)
{
	return fmt == PACTA_PANEL_CSV ? CSV_HEADER "\r\n" : "";
}

typedef struct rowbuf {
	char *buf;
	size_t len, cap; /* cap leaves room for the NUL */
} rowbuf;

static void put(rowbuf *b, const char *s, size_t n)
{
	if (n > b->cap - b->len)
		n = b->cap - b->len;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static void puts_(rowbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putc_(rowbuf *b, char c)
{
	put(b, &c, 1);
}

static void put_int(rowbuf *b, long v)
{
	char tmp[24];
	size_t n = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[sizeof(tmp) - 1 - n++] = '-';
	put(b, tmp + sizeof(tmp) - n, n);
}

/* A CSV field per RFC 4180, formula-safe (docs/exports.md). */
static void put_csv(rowbuf *b, const char *s)
{
	bool guard = strchr("=+-@\t\r", s[0]) && s[0];
	bool quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
		     (s[0] && s[strlen(s) - 1] == ' ');
	if (quote)
		putc_(b, '"');
	if (guard)
		putc_(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			putc_(b, '"');
		putc_(b, *s);
	}
	if (quote)
		putc_(b, '"');
}

/* jsontext_string()'s sink. */
static bool put_sink(void *to, const char *s, size_t n)
{
	put(to, s, n);
	return true;
}

static void put_json_string(rowbuf *b, const char *s)
{
	jsontext_string(s, strlen(s), put_sink, b);
}

static void put_date(rowbuf *b, pacta_panel_format fmt, pacta_day d)
{
	char s[PACTA_DATE_BUFSZ];
	if (d == PACTA_DAY_NONE || d == PACTA_DAY_OPEN) {
		if (fmt == PACTA_PANEL_NDJSON)
			puts_(b, "null");
		return;
	}
	pacta_date_format(d, s);
	if (fmt == PACTA_PANEL_NDJSON)
		putc_(b, '"');
	put(b, s, 10);
	if (fmt == PACTA_PANEL_NDJSON)
		putc_(b, '"');
}

/* The row in three parts: the treaty and state, the period's label, the
 * rest (status, bound, days, dates); the writer below reuses the first and
 * last while they do not change. */
static void format_head(pacta_panel_format fmt, const pacta_panel_row *row, rowbuf *b)
{
	if (fmt == PACTA_PANEL_CSV) {
		put_csv(b, row->treaty);
		putc_(b, ',');
		put_csv(b, row->state);
		putc_(b, ',');
	} else {
		puts_(b, "{\"treaty\":");
		put_json_string(b, row->treaty);
		puts_(b, ",\"state\":");
		put_json_string(b, row->state);
		puts_(b, ",\"period\":\"");
	}
}

static void format_label(const pacta_panel_row *row, rowbuf *b)
{
	static const size_t lens[] = {[PACTA_UNIT_YEAR] = 4, [PACTA_UNIT_MONTH] = 7,
				      [PACTA_UNIT_DAY] = 10};
	char label[PACTA_DATE_BUFSZ];
	if (row->label[0] && (unsigned)row->unit <= PACTA_UNIT_DAY)
		put(b, row->label, lens[row->unit]);
	else
		put(b, label, pacta_period_label(row->unit, row->start, label));
}

static void format_tail(pacta_panel_format fmt, const pacta_panel_row *row, rowbuf *b)
{
	const pacta_state_view *v = &row->view;
	const pacta_day dates[] = {v->signed_on, v->consented_on, v->entry_into_force,
				   v->withdrawal_notified, v->withdrawal_effective};
	static const char *const json_keys[] = {",\"signature\":", ",\"consent\":",
						",\"entry_into_force\":",
						",\"withdrawal_notified\":",
						",\"withdrawal_effective\":"};

	if (fmt == PACTA_PANEL_CSV) {
		putc_(b, ',');
		puts_(b, pacta_status_name(v->status));
		puts_(b, row->bound ? ",1," : ",0,");
		put_int(b, row->bound_days);
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			putc_(b, ',');
			put_date(b, fmt, dates[i]);
		}
		put(b, "\r\n", 2);
	} else {
		puts_(b, "\",\"status\":\"");
		puts_(b, pacta_status_name(v->status));
		puts_(b, row->bound ? "\",\"bound\":true" : "\",\"bound\":false");
		puts_(b, ",\"bound_days\":");
		put_int(b, row->bound_days);
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			puts_(b, json_keys[i]);
			put_date(b, fmt, dates[i]);
		}
		puts_(b, "}\n");
	}
}

size_t pacta_panel_format_row(pacta_panel_format fmt, const pacta_panel_row *row,
			      char buf[PACTA_PANEL_ROW_MAX])
{
	rowbuf b = {buf, 0, PACTA_PANEL_ROW_MAX - 1};
	format_head(fmt, row, &b);
	format_label(row, &b);
	format_tail(fmt, row, &b);
	buf[b.len] = '\0';
	return b.len;
}

/* What the tail depends on. */
typedef struct tail_key {
	pacta_day dates[5];
	int bound_days;
	pacta_status status;
	bool bound;
} tail_key;

typedef struct writer {
	FILE *out;
	pacta_panel_format fmt;
	pacta_error *err;
	const char *treaty, *state; /* whose head is cached */
	tail_key key;
	bool have_tail;
	char head[PACTA_PANEL_ROW_MAX / 2], tail[PACTA_PANEL_ROW_MAX / 2];
	size_t head_len, tail_len;
	/* Rows are gathered and written 64 KiB at a time: one locked stdio
	 * call per row would cost more than formatting it. */
	char *batch;
	size_t used;
} writer;

#define BATCH (64 * 1024)

static int flush(writer *w)
{
	if (w->used && fwrite(w->batch, 1, w->used, w->out) != w->used) {
		pacta_error_set(w->err, PACTA_ERR_IO, "", "cannot write the panel");
		return 1;
	}
	w->used = 0;
	return 0;
}

static int write_row(void *ctx, const pacta_panel_row *row)
{
	writer *w = ctx;
	if (BATCH - w->used < PACTA_PANEL_ROW_MAX && flush(w))
		return 1;
	rowbuf b = {w->batch + w->used, 0, PACTA_PANEL_ROW_MAX - 1};
	tail_key k;
	memset(&k, 0, sizeof(k)); /* padding too: keys are compared by memcmp */
	k.dates[0] = row->view.signed_on;
	k.dates[1] = row->view.consented_on;
	k.dates[2] = row->view.entry_into_force;
	k.dates[3] = row->view.withdrawal_notified;
	k.dates[4] = row->view.withdrawal_effective;
	k.bound_days = row->bound_days;
	k.status = row->view.status;
	k.bound = row->bound;
	if (row->treaty != w->treaty || row->state != w->state) {
		rowbuf h = {w->head, 0, sizeof(w->head)};
		format_head(w->fmt, row, &h);
		w->head_len = h.len;
		w->treaty = row->treaty;
		w->state = row->state;
	}
	if (!w->have_tail || memcmp(&k, &w->key, sizeof(k)) != 0) {
		rowbuf t = {w->tail, 0, sizeof(w->tail)};
		format_tail(w->fmt, row, &t);
		w->tail_len = t.len;
		w->key = k;
		w->have_tail = true;
	}
	put(&b, w->head, w->head_len);
	format_label(row, &b);
	put(&b, w->tail, w->tail_len);
	w->used += b.len;
	return 0;
}

/* Rows up to this long are copied as a fixed-size block (see write_run). */
#define RUN_COPY 128
_Static_assert(RUN_COPY <= PACTA_PANEL_ROW_MAX, "a copy must fit the room kept in a batch");

/* A run of days, after write_row wrote its first: the rows differ by the
 * date only, so the row is kept as a template with the month's date, and
 * each day copies it and writes its own day digits into the copy (not into
 * the template, which the next copy would then wait on). Most of a day
 * panel's rows are written here. */
static int write_run(void *ctx, pacta_panel_row *row, cursor *c, pacta_day stop)
{
	writer *w = ctx;
	char tmpl[PACTA_PANEL_ROW_MAX];
	const size_t day_at = w->head_len + 8, len = w->head_len + 10 + w->tail_len;
	char *dst = w->batch + w->used;
	const char *room_end = w->batch + BATCH - PACTA_PANEL_ROW_MAX;
	/* No day past the last year a date can have. */
	pacta_day last = pacta_date_from_civil(PACTA_DATE_MAX_YEAR, 12, 31);
	pacta_day day = row->end; /* the last day written */
	int last_d = c->d;

	if (stop > last)
		stop = last;
	memcpy(tmpl, w->head, w->head_len);
	memcpy(tmpl + w->head_len + 10, w->tail, w->tail_len);
	if (len < RUN_COPY)
		memset(tmpl + len, 0, RUN_COPY - len);
	while (day < stop) {
		/* The days left of c's month, up to stop. */
		int month_end = pacta_date_days_in_month(c->y, c->m);
		int first = c->d;
		int n = month_end - first + 1;
		if (n > stop - day)
			n = (int)(stop - day);
		put_day(c, tmpl + w->head_len);
		for (int d = first; d < first + n; d++) {
			if (dst > room_end) {
				w->used = (size_t)(dst - w->batch);
				if (flush(w))
					return 1;
				dst = w->batch;
			}
			/* A fixed-size copy compiles to a few vector moves;
			 * the bytes past the row are overwritten by the next. */
			if (len <= RUN_COPY)
				memcpy(dst, tmpl, RUN_COPY);
			else
				memcpy(dst, tmpl, len);
			put2(dst + day_at, d);
			dst += len;
		}
		day += n;
		last_d = c->d = first + n - 1;
		advance(PACTA_UNIT_DAY, c);
	}
	w->used = (size_t)(dst - w->batch);
	row->start = row->end = day;
	memcpy(row->label, tmpl + w->head_len, 10);
	put2(row->label + 8, last_d);
	row->label[10] = '\0';
	return 0;
}

pacta_rc pacta_panel_write(FILE *out, pacta_panel_format fmt,
			   const pacta_treaty_status *const *ts, size_t n,
			   const pacta_panel_options *opt, pacta_error *err)
{
	writer w;
	memset(&w, 0, sizeof(w));
	w.out = out;
	w.fmt = fmt;
	w.err = err;
	w.batch = malloc(BATCH);
	if (!w.batch)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	const char *h = pacta_panel_header(fmt);
	pacta_rc rc = PACTA_OK;
	if (fputs(h, out) == EOF && h[0])
		rc = pacta_error_set(err, PACTA_ERR_IO, "", "cannot write the panel");
	if (rc == PACTA_OK)
		rc = panel_each(ts, n, opt, write_row, write_run, &w, err);
	if (rc == PACTA_OK && flush(&w))
		rc = PACTA_ERR_IO;
	free(w.batch);
	return rc;
}
