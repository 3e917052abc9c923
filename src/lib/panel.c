/*
 * panel.c - membership panels streamed from compiled timelines.
 *
 * The iteration is treaties x states x periods. For one state the periods
 * advance in order, so a cursor walks its intervals once; `bound_days` is
 * the overlap of the period with its bound intervals. Nothing here decides
 * a status: statuses and dates come from status.h and report.h.
 */
#include "pacta/panel.h"

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
		if (strlen(rec->treaties[i].rules.id) > PANEL_ID_MAX)
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

static pacta_rc panel_state(const pacta_treaty_status *ts, uint32_t p,
			    const pacta_panel_options *opt, pacta_panel_sink sink, void *ctx)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p);
	pacta_day last = pacta_period_end(opt->unit, opt->to);
	pacta_panel_row row;
	size_t cur = 0;

	memset(&row, 0, sizeof(row));
	row.treaty = rec->treaties[pacta_treaty_status_treaty(ts)].rules.id;
	row.state = rec->participants[p].iso3;
	row.participant = p;
	row.unit = opt->unit;
	for (pacta_day start = pacta_period_start(opt->unit, opt->from); start <= last;
	     start = row.end + 1) {
		row.start = start;
		row.end = pacta_period_end(opt->unit, start);
		/* Intervals are contiguous and sorted: skip those over before
		 * the period, then add the bound days of those it overlaps. */
		while (cur + 1 < tl->n_intervals && tl->intervals[cur].to <= start)
			cur++;
		row.bound_days = 0;
		for (size_t k = cur; k < tl->n_intervals; k++) {
			const pacta_interval *iv = &tl->intervals[k];
			if (iv->from > row.end)
				break;
			if (!pacta_status_is_bound(iv->status))
				continue;
			pacta_day lo = iv->from > start ? iv->from : start;
			pacta_day hi = iv->to == PACTA_DAY_OPEN || iv->to - 1 > row.end ? row.end
											 : iv->to - 1;
			row.bound_days += hi - lo + 1;
		}
		row.view = pacta_state_view_on(ts, p, row.end);
		row.bound = opt->rule == PACTA_PANEL_ANY_TIME ? row.bound_days > 0
							      : pacta_status_is_bound(row.view.status);
		if (sink(ctx, &row))
			return PACTA_ERR_IO;
		if (row.end == PACTA_DAY_OPEN - 1)
			break;
	}
	return PACTA_OK;
}

pacta_rc pacta_panel_each(const pacta_treaty_status *const *ts, size_t n,
			  const pacta_panel_options *opt, pacta_panel_sink sink, void *ctx,
			  pacta_error *err)
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
				rc = panel_state(ts[t], opt->participants[i], opt, sink, ctx);
			continue;
		}
		for (uint32_t p = 0; rc == PACTA_OK && p < rec->n_participants; p++)
			if (opt->all_states ||
			    appears(pacta_treaty_status_timeline(ts[t], p), from, to))
				rc = panel_state(ts[t], p, opt, sink, ctx);
	}
	return rc;
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

static void put_json_string(rowbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	putc_(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			putc_(b, '\\');
			putc_(b, (char)c);
		} else if (c < 0x20) {
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			put(b, esc, sizeof(esc));
		} else {
			putc_(b, (char)c);
		}
	}
	putc_(b, '"');
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

size_t pacta_panel_format_row(pacta_panel_format fmt, const pacta_panel_row *row,
			      char buf[PACTA_PANEL_ROW_MAX])
{
	rowbuf b = {buf, 0, PACTA_PANEL_ROW_MAX - 1};
	char label[PACTA_DATE_BUFSZ];
	size_t n = pacta_period_label(row->unit, row->start, label);
	const pacta_state_view *v = &row->view;
	const pacta_day dates[] = {v->signed_on, v->consented_on, v->entry_into_force,
				   v->withdrawal_notified, v->withdrawal_effective};
	static const char *const json_keys[] = {",\"signature\":", ",\"consent\":",
						",\"entry_into_force\":",
						",\"withdrawal_notified\":",
						",\"withdrawal_effective\":"};

	if (fmt == PACTA_PANEL_CSV) {
		put_csv(&b, row->treaty);
		putc_(&b, ',');
		put_csv(&b, row->state);
		putc_(&b, ',');
		put(&b, label, n);
		putc_(&b, ',');
		puts_(&b, pacta_status_name(v->status));
		puts_(&b, row->bound ? ",1," : ",0,");
		put_int(&b, row->bound_days);
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			putc_(&b, ',');
			put_date(&b, fmt, dates[i]);
		}
		put(&b, "\r\n", 2);
	} else {
		puts_(&b, "{\"treaty\":");
		put_json_string(&b, row->treaty);
		puts_(&b, ",\"state\":");
		put_json_string(&b, row->state);
		puts_(&b, ",\"period\":\"");
		put(&b, label, n);
		puts_(&b, "\",\"status\":\"");
		puts_(&b, pacta_status_name(v->status));
		puts_(&b, row->bound ? "\",\"bound\":true" : "\",\"bound\":false");
		puts_(&b, ",\"bound_days\":");
		put_int(&b, row->bound_days);
		for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
			puts_(&b, json_keys[i]);
			put_date(&b, fmt, dates[i]);
		}
		puts_(&b, "}\n");
	}
	buf[b.len] = '\0';
	return b.len;
}

typedef struct writer {
	FILE *out;
	pacta_panel_format fmt;
	pacta_error *err;
} writer;

static int write_row(void *ctx, const pacta_panel_row *row)
{
	writer *w = ctx;
	char buf[PACTA_PANEL_ROW_MAX];
	size_t n = pacta_panel_format_row(w->fmt, row, buf);
	if (fwrite(buf, 1, n, w->out) != n) {
		pacta_error_set(w->err, PACTA_ERR_IO, "", "cannot write the panel");
		return 1;
	}
	return 0;
}

pacta_rc pacta_panel_write(FILE *out, pacta_panel_format fmt,
			   const pacta_treaty_status *const *ts, size_t n,
			   const pacta_panel_options *opt, pacta_error *err)
{
	writer w = {out, fmt, err};
	const char *h = pacta_panel_header(fmt);
	if (fputs(h, out) == EOF && h[0])
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot write the panel");
	return pacta_panel_each(ts, n, opt, write_row, &w, err);
}
