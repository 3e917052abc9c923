/*
 * counts.c - count series by a sweep over status interval boundaries: each
 * interval adds one to its category at its start and takes it away at its
 * end; the samples read the running totals. Statuses come from status.h.
 */
#include "pacta/counts.h"
#include "array.h"
#include "jsontext.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *const pacta_counts_meaning_parties =
	"states for which the treaty is in force on the date, including those whose withdrawal is pending or held";
const char *const pacta_counts_meaning_consented =
	"states that have deposited consent to be bound but for which the treaty is not yet in force on the date";
const char *const pacta_counts_meaning_signatories =
	"states that have signed but not deposited consent to be bound";
const char *const pacta_counts_meaning_withdrawing =
	"parties whose withdrawal is pending or held (counted among the parties)";
const char *const pacta_counts_meaning_withdrawn =
	"states whose withdrawal has taken effect";

enum { CAT_PARTIES = 0, CAT_CONSENTED, CAT_SIGNATORIES, CAT_NONE };

static int category(pacta_status s)
{
	if (pacta_status_is_bound(s))
		return CAT_PARTIES;
	if (s == PACTA_STATUS_CONSENTED)
		return CAT_CONSENTED;
	if (s == PACTA_STATUS_SIGNATORY)
		return CAT_SIGNATORIES;
	return CAT_NONE;
}

typedef struct edge {
	pacta_day day;
	int cat, delta;
} edge;

static int edge_cmp(const void *a, const void *b)
{
	const edge *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

static pacta_day sample(pacta_day from, pacta_unit unit, size_t k)
{
	if (unit == PACTA_UNIT_DAY)
		return from + (pacta_day)k;
	return pacta_date_add_months(from, (int)k * (unit == PACTA_UNIT_YEAR ? 12 : 1));
}

pacta_rc pacta_counts_series(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
			     pacta_unit unit, pacta_counts_point **out, size_t *n,
			     pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	size_t n_points = 0, n_edges = 0, cap = 0;
	edge *edges = NULL;
	pacta_counts_point *pts = NULL;

	*out = NULL;
	*n = 0;
	if (from == PACTA_DAY_NONE || to == PACTA_DAY_NONE || from > to)
		return pacta_error_set(err, PACTA_ERR_USAGE, "--from",
				       "the series needs a start on or before its end");
	while (sample(from, unit, n_points) <= to) {
		if (++n_points > PACTA_COUNTS_MAX_POINTS)
			return pacta_error_set(err, PACTA_ERR_LIMIT, "--unit",
					       "more than %d points; choose a longer unit",
					       PACTA_COUNTS_MAX_POINTS);
	}
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		for (size_t i = 0; i < tl->n_intervals; i++) {
			const pacta_interval *iv = &tl->intervals[i];
			int cat = category(iv->status);
			if (cat == CAT_NONE || iv->to <= from || iv->from > to)
				continue;
			if (array_grow((void **)&edges, n_edges, &cap, sizeof(*edges)))
				goto nomem;
			edges[n_edges++] = (edge){iv->from, cat, +1};
			if (iv->to == PACTA_DAY_OPEN)
				continue;
			if (array_grow((void **)&edges, n_edges, &cap, sizeof(*edges)))
				goto nomem;
			edges[n_edges++] = (edge){iv->to, cat, -1};
		}
	}
	if (n_edges) /* qsort(NULL, 0, ...) is undefined: a window before every act */
		qsort(edges, n_edges, sizeof(*edges), edge_cmp);
	pts = calloc(n_points, sizeof(*pts));
	if (!pts)
		goto nomem;
	long running[3] = {0, 0, 0};
	size_t e = 0;
	for (size_t k = 0; k < n_points; k++) {
		pacta_day d = sample(from, unit, k);
		/* An interval [a, b) counts on d when a <= d < b. */
		for (; e < n_edges && edges[e].day <= d; e++)
			running[edges[e].cat] += edges[e].delta;
		pts[k] = (pacta_counts_point){d, (size_t)running[CAT_PARTIES],
					      (size_t)running[CAT_CONSENTED],
					      (size_t)running[CAT_SIGNATORIES]};
	}
	free(edges);
	*out = pts;
	*n = n_points;
	return PACTA_OK;
nomem:
	free(edges);
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

static json_t *jday(pacta_day d)
{
	char s[PACTA_DATE_BUFSZ];
	return json_string(pacta_date_format(d, s));
}

char *pacta_counts_series_json(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
			       pacta_unit unit, pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_counts_point *pts;
	size_t n;
	char *text;

	if (pacta_counts_series(ts, from, to, unit, &pts, &n, err) != PACTA_OK)
		return NULL;
	json_t *series = json_array();
	json_t *root = json_pack(
		"{s:s, s:o, s:o, s:s, s:{s:s, s:s, s:s}, s:o}", "treaty",
		rec->treaties[pacta_treaty_status_treaty(ts)].id, "from", jday(from), "to",
		jday(to), "unit", pacta_unit_name(unit), "meaning", "parties",
		pacta_counts_meaning_parties, "consented", pacta_counts_meaning_consented,
		"signatories", pacta_counts_meaning_signatories, "series", series);
	bool ok = root != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		json_t *o = json_pack("{s:o, s:I, s:I, s:I}", "date", jday(pts[i].date),
				      "parties", (json_int_t)pts[i].parties, "consented",
				      (json_int_t)pts[i].consented, "signatories",
				      (json_int_t)pts[i].signatories);
		ok = o && json_array_append_new(series, o) == 0;
	}
	text = json_text(root, ok);
	free(pts);
	if (!text)
		pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	return text;
}
