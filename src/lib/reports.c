/*
 * reports.c - the annual transparency reports of a treaty counted per
 * calendar year, from the compiled status (who was bound, from when, until
 * when) and the record's report events (pacta/reports.h has the policy).
 *
 * It reads the status and the record; it never changes them, never
 * reads files and never formats. A missed report is only ever one a
 * source names: no row, no finding.
 */
#include "pacta/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pacta_report_state_name(pacta_report_state s)
{
	static const char *const names[PACTA_REPORT__COUNT] = {
		[PACTA_REPORT_NOT_REQUIRED] = "not_required",
		[PACTA_REPORT_SUBMITTED] = "submitted",
		[PACTA_REPORT_MISSED] = "missed",
		[PACTA_REPORT_UNKNOWN] = "unknown",
	};
	return (unsigned)s < PACTA_REPORT__COUNT ? names[s] : "?";
}

const pacta_obligation_rule *pacta_reports_rule(const pacta_treaty_status *ts)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_rules *r = rec->treaties[pacta_treaty_status_treaty(ts)].rules;
	for (size_t i = 0; i < r->n_obligations; i++)
		if (r->obligations[i].kind == PACTA_OBLIGATION_ANNUAL)
			return &r->obligations[i];
	return NULL;
}

char *pacta_reports_meaning(const pacta_obligation_rule *rule, char *buf, size_t size)
{
	return pacta_reports_meaning_in(rule, NULL, buf, size);
}

char *pacta_reports_meaning_in(const pacta_obligation_rule *rule, const pacta_lang *lang, char *buf,
			       size_t size)
{
	static const char *const months[12] = {"January", "February", "March",	   "April",
					       "May",	  "June",     "July",	   "August",
					       "September", "October", "November", "December"};
	const char *m = rule->month >= 1 && rule->month <= 12
				? pacta_tr(lang, months[rule->month - 1])
				: "?";
	/* TRANSLATORS: who must report in a year: the day and month of
	   the annual day ("30", "April"), twice. */
	snprintf(buf, size,
		 pacta_tr(lang, "States Parties for which the treaty was in force on %d %s of the year "
				"covered, and whose withdrawal had not taken effect by the due day, %d %s "
				"of the next year"),
		 rule->day, m, rule->day, m);
	return buf;
}

static int year_of(pacta_day d)
{
	int y, m, dd;
	pacta_date_to_civil(d, &y, &m, &dd);
	return y;
}

static pacta_day annual_day(const pacta_obligation_rule *r, int year)
{
	return pacta_date_from_civil(year, r->month, r->day);
}

/* The report events of every participant for the years [y0, y0 + ny):
 * the earliest submission and the latest `missed` row of each, dated on
 * or before `on` (event indexes, -1 for none). */
typedef struct grid {
	const pacta_treaty_status *ts;
	const pacta_obligation_rule *rule;
	pacta_day on;
	int y0;
	size_t ny;
	int32_t *sub;
	int32_t *mis;
} grid;

static void grid_free(grid *g)
{
	free(g->sub);
	free(g->mis);
}

/* Whether p was bound in time to report on year y, and not yet gone by
 * the due day. */
static bool required(const grid *g, uint32_t p, int y)
{
	const pacta_record *rec = pacta_treaty_status_record(g->ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(g->ts, p, &tl_buf);
	if (tl->consent_act < 0 || rec->acts[tl->consent_act].date > g->on ||
	    tl->entry_into_force == PACTA_DAY_NONE)
		return false;
	if (tl->entry_into_force > annual_day(g->rule, y))
		return false;
	/* Once its withdrawal has taken effect a state owes no report; on
	 * the last due day before that it still does. */
	return tl->withdrawal_effective == PACTA_DAY_NONE ||
	       tl->withdrawal_effective > annual_day(g->rule, y + 1);
}

/* The years a report was due in by `on`: from the first year any State
 * Party was bound by the annual day to the last whose due day has come. */
static pacta_rc grid_open(grid *g, const pacta_treaty_status *ts, pacta_day on, int year,
			  pacta_error *err)
{
	memset(g, 0, sizeof(*g));
	g->ts = ts;
	g->on = on;
	g->rule = pacta_reports_rule(ts);
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	if (!g->rule)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, "",
				       "the rules of %s name no annual report", tr->id);
	pacta_day first = PACTA_DAY_NONE;
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		if (tl->consent_act >= 0 && rec->acts[tl->consent_act].date <= on &&
		    tl->entry_into_force != PACTA_DAY_NONE &&
		    (first == PACTA_DAY_NONE || tl->entry_into_force < first))
			first = tl->entry_into_force;
	}
	int y0 = 0, y1 = year_of(on) - 1;
	if (annual_day(g->rule, y1 + 1) > on)
		y1--;
	if (first != PACTA_DAY_NONE) {
		y0 = year_of(first);
		if (first > annual_day(g->rule, y0))
			y0++;
	}
	if (first == PACTA_DAY_NONE || y1 < y0) {
		if (year > 0)
			return pacta_error_set(err, PACTA_ERR_NOTFOUND, "",
					       "no annual report of %s was due by then", tr->id);
		return PACTA_OK;
	}
	if (year > 0) {
		if (year < y0 || year > y1)
			return pacta_error_set(err, PACTA_ERR_NOTFOUND, "",
					       "reports of %s were due for %d to %d, not %d",
					       tr->id, y0, y1, year);
		y0 = y1 = year;
	}
	g->y0 = y0;
	g->ny = (size_t)(y1 - y0 + 1);
	size_t cells = rec->n_participants * g->ny;
	g->sub = malloc((cells ? cells : 1) * sizeof(*g->sub));
	g->mis = malloc((cells ? cells : 1) * sizeof(*g->mis));
	if (!g->sub || !g->mis) {
		grid_free(g);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	memset(g->sub, 0xff, cells * sizeof(*g->sub)); /* -1 */
	memset(g->mis, 0xff, cells * sizeof(*g->mis));
	uint32_t treaty = pacta_treaty_status_treaty(ts);
	for (size_t i = 0; i < rec->n_obligation_events; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[i];
		if (e->treaty != treaty || e->date > on || e->value < y0 || e->value > y1 ||
		    strcmp(e->article, g->rule->id) != 0)
			continue;
		size_t at = e->participant * g->ny + (size_t)(e->value - y0);
		if (e->kind == PACTA_OBL_REPORT_SUBMITTED &&
		    (g->sub[at] < 0 || rec->obligation_events[g->sub[at]].date > e->date))
			g->sub[at] = (int32_t)i;
		else if (e->kind == PACTA_OBL_MISSED &&
			 (g->mis[at] < 0 || rec->obligation_events[g->mis[at]].date <= e->date))
			g->mis[at] = (int32_t)i;
	}
	return PACTA_OK;
}

static void entry_of(const grid *g, uint32_t p, size_t k, pacta_report_entry *e)
{
	const pacta_record *rec = pacta_treaty_status_record(g->ts);
	int y = g->y0 + (int)k;
	memset(e, 0, sizeof(*e));
	e->participant = p;
	e->submitted_on = PACTA_DAY_NONE;
	e->event = -1;
	if (!required(g, p, y)) {
		e->state = PACTA_REPORT_NOT_REQUIRED;
		return;
	}
	int32_t sub = g->sub[p * g->ny + k], mis = g->mis[p * g->ny + k];
	if (sub >= 0) {
		/* A report wins over an earlier list that did not have it yet. */
		e->state = PACTA_REPORT_SUBMITTED;
		e->event = sub;
		e->submitted_on = rec->obligation_events[sub].date;
		e->late = e->submitted_on > annual_day(g->rule, y + 1);
	} else if (mis >= 0) {
		e->state = PACTA_REPORT_MISSED;
		e->event = mis;
	} else {
		e->state = PACTA_REPORT_UNKNOWN;
	}
}

pacta_rc pacta_reports_years(const pacta_treaty_status *ts, pacta_day on, int year,
			     pacta_report_year **out, size_t *n_out, pacta_error *err)
{
	*out = NULL;
	*n_out = 0;
	grid g;
	pacta_rc rc = grid_open(&g, ts, on, year, err);
	if (rc || g.ny == 0)
		return rc;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_report_year *ys = calloc(g.ny, sizeof(*ys));
	if (!ys) {
		grid_free(&g);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	for (size_t k = 0; k < g.ny; k++) {
		pacta_report_year *y = &ys[k];
		y->year = g.y0 + (int)k;
		y->in_force_by = annual_day(g.rule, y->year);
		y->due = annual_day(g.rule, y->year + 1);
		for (uint32_t p = 0; p < rec->n_participants; p++) {
			pacta_report_entry e;
			entry_of(&g, p, k, &e);
			switch (e.state) {
			case PACTA_REPORT_SUBMITTED:
				y->submitted++;
				y->late += e.late;
				break;
			case PACTA_REPORT_MISSED:
				y->missed++;
				break;
			case PACTA_REPORT_UNKNOWN:
				y->unknown++;
				break;
			default:
				continue;
			}
			y->required++;
		}
		y->rate = y->unknown || !y->required ? -1.0
						     : 100.0 * (double)y->submitted / (double)y->required;
		for (size_t i = 0; i < rec->n_stated && y->n_stated < PACTA_REPORTS_MAX_STATED; i++)
			if (rec->stated[i].kind == PACTA_STATED_REPORT_RATE &&
			    rec->stated[i].treaty == pacta_treaty_status_treaty(ts) &&
			    rec->stated[i].year == y->year && rec->stated[i].date <= on)
				y->stated[y->n_stated++] = (uint32_t)i;
	}
	grid_free(&g);
	*out = ys;
	*n_out = g.ny;
	return PACTA_OK;
}

pacta_rc pacta_reports_entries(const pacta_treaty_status *ts, pacta_day on, int year,
			       pacta_report_entry **out, size_t *n_out, pacta_error *err)
{
	*out = NULL;
	*n_out = 0;
	if (year <= 0)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "a year is needed");
	grid g;
	pacta_rc rc = grid_open(&g, ts, on, year, err);
	if (rc)
		return rc;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_report_entry *es = calloc(rec->n_participants ? rec->n_participants : 1, sizeof(*es));
	if (!es) {
		grid_free(&g);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	size_t n = 0;
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		entry_of(&g, p, 0, &es[n]);
		if (es[n].state != PACTA_REPORT_NOT_REQUIRED)
			n++;
	}
	grid_free(&g);
	*out = es;
	*n_out = n;
	return PACTA_OK;
}
