/*
 * obligations.c - the status of each obligation of each State Party on a
 * day, from the obligation rules and the record's obligation events.
 *
 * Deadlines count from the state's entry into force as status.c derived it
 * (a retroactive succession moves them too). Only events dated on or before
 * the day asked about count. This module reads; it never changes the record.
 */
#include "pacta/obligations.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pacta_obligation_status_name(pacta_obligation_status s)
{
	static const char *const names[PACTA_OBLIGATION__COUNT] = {
		[PACTA_OBLIGATION_NOT_YET_DUE] = "not_yet_due",
		[PACTA_OBLIGATION_OPEN] = "open",
		[PACTA_OBLIGATION_EXTENDED] = "extended",
		[PACTA_OBLIGATION_MET] = "met",
		[PACTA_OBLIGATION_OVERDUE] = "overdue",
		[PACTA_OBLIGATION_ENDED] = "ended",
		[PACTA_OBLIGATION_UNKNOWN] = "unknown",
	};
	return (unsigned)s < PACTA_OBLIGATION__COUNT ? names[s] : "?";
}

/* The events of one participant's obligation, in date order ("applies"
 * rows without a date first). Returns how many (at most max). */
static size_t events_of(const pacta_record *rec, uint32_t treaty, uint32_t p, const char *article,
			uint32_t *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rec->n_obligation_events && n < max; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[i];
		if (e->treaty != treaty || e->participant != p || strcmp(e->article, article) != 0)
			continue;
		/* Insertion keeps them sorted by date; the lists are short. */
		size_t k = n++;
		while (k > 0 && rec->obligation_events[out[k - 1]].date > e->date) {
			out[k] = out[k - 1];
			k--;
		}
		out[k] = (uint32_t)i;
	}
	return n;
}

static void cite(pacta_obligation *ob, uint32_t event)
{
	if (ob->n_events < PACTA_OBLIGATION_MAX_SOURCES)
		ob->events[ob->n_events++] = event;
}

/* The occurrence of month/day in year. */
static pacta_day annual_day(const pacta_obligation_rule *r, int year)
{
	return pacta_date_from_civil(year, r->month, r->day);
}

static int year_of(pacta_day d)
{
	int y, m, dd;
	pacta_date_to_civil(d, &y, &m, &dd);
	return y;
}

static void deadline_status(const pacta_record *rec, pacta_obligation *ob, const uint32_t *ev,
			    size_t n_ev, pacta_day on)
{
	const pacta_obligation_rule *r = ob->rule;
	ob->original_due = pacta_delay_apply(r->delay, ob->starts);
	ob->due = ob->original_due;
	pacta_day due_at_completion = PACTA_DAY_NONE;
	for (size_t i = 0; i < n_ev; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[ev[i]];
		if (e->kind == PACTA_OBL_APPLIES) {
			ob->stated_original = e->deadline;
			cite(ob, ev[i]);
			continue;
		}
		if (e->date > on)
			continue;
		switch (e->kind) {
		case PACTA_OBL_EXTENSION_GRANTED:
			if (!r->extensions)
				break;
			ob->due = e->deadline;
			if (ob->n_extensions < PACTA_OBLIGATION_MAX_EXTENSIONS)
				ob->extensions[ob->n_extensions++] = ev[i];
			cite(ob, ev[i]);
			break;
		case PACTA_OBL_COMPLETED:
		case PACTA_OBL_REPORT_SUBMITTED:
			/* Once its withdrawal has taken effect it owes nothing:
			 * a later completion does not meet it. */
			if (ob->met_on == PACTA_DAY_NONE &&
			    (ob->ended_on == PACTA_DAY_NONE || e->date < ob->ended_on)) {
				ob->met_on = e->date;
				ob->completion = (int32_t)ev[i];
				due_at_completion = ob->due;
				cite(ob, ev[i]);
			}
			break;
		case PACTA_OBL_NEW_CONTAMINATION:
			/* The obligation applies again to the new areas. */
			ob->met_on = PACTA_DAY_NONE;
			ob->completion = -1;
			if (e->deadline != PACTA_DAY_NONE)
				ob->due = e->deadline;
			cite(ob, ev[i]);
			break;
		case PACTA_OBL_MISSED:
			cite(ob, ev[i]);
			break;
		default:
			break;
		}
	}
	if (ob->met_on != PACTA_DAY_NONE) {
		ob->status = PACTA_OBLIGATION_MET;
		ob->late = ob->met_on > due_at_completion;
		return;
	}
	/* A withdrawal that took effect ends the duty from that day, missed or
	 * not; what was overdue before stays visible when asked about a day
	 * before it. */
	if (ob->ended_on != PACTA_DAY_NONE && ob->ended_on <= on) {
		ob->status = PACTA_OBLIGATION_ENDED;
		return;
	}
	if (on > ob->due) {
		ob->overdue_since = pacta_date_add_days(ob->due, 1);
		/* Where the record tracks completion only for some states (reports
		 * of all parties), silence is not evidence of a breach. */
		ob->status = r->applies == PACTA_APPLIES_RECORDED ? PACTA_OBLIGATION_OVERDUE
								  : PACTA_OBLIGATION_UNKNOWN;
		if (ob->status == PACTA_OBLIGATION_UNKNOWN)
			ob->overdue_since = PACTA_DAY_NONE;
		return;
	}
	ob->status = ob->n_extensions ? PACTA_OBLIGATION_EXTENDED : PACTA_OBLIGATION_OPEN;
}

static void annual_status(const pacta_record *rec, pacta_obligation *ob, const uint32_t *ev,
			  size_t n_ev, pacta_day on)
{
	const pacta_obligation_rule *r = ob->rule;
	/* Policy: the first annual due day is the one in the calendar year
	 * after the year of entry into force (the report covers that year). */
	ob->original_due = annual_day(r, year_of(ob->starts) + 1);
	int y = year_of(on);
	pacta_day next = annual_day(r, y);
	if (next < on)
		next = annual_day(r, y + 1);
	if (next < ob->original_due)
		next = ob->original_due;
	ob->due = next;
	ob->last_due = next > ob->original_due ? annual_day(r, year_of(next) - 1) : PACTA_DAY_NONE;
	if (ob->ended_on != PACTA_DAY_NONE && ob->ended_on <= on) {
		/* No next due day once it has ended; the last one stays. */
		ob->last_due = ob->ended_on > ob->original_due
				       ? annual_day(r, year_of(pacta_date_add_days(ob->ended_on, -1)))
				       : PACTA_DAY_NONE;
		if (ob->last_due != PACTA_DAY_NONE && ob->last_due >= ob->ended_on)
			ob->last_due = annual_day(r, year_of(ob->last_due) - 1);
		if (ob->last_due != PACTA_DAY_NONE && ob->last_due < ob->original_due)
			ob->last_due = PACTA_DAY_NONE;
		ob->due = PACTA_DAY_NONE;
		ob->status = PACTA_OBLIGATION_ENDED;
		return;
	}
	/* Recorded reports are cited, but their absence proves nothing: the
	 * record holds reports only where a source gave them, so an annual
	 * duty is never called overdue from silence. */
	for (size_t i = 0; i < n_ev; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[ev[i]];
		if (e->kind == PACTA_OBL_REPORT_SUBMITTED && e->date <= on)
			cite(ob, ev[i]);
	}
	ob->status = PACTA_OBLIGATION_OPEN;
}

static void continuing_status(const pacta_record *rec, pacta_obligation *ob, const uint32_t *ev,
			      size_t n_ev, pacta_day on)
{
	for (size_t i = 0; i < n_ev; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[ev[i]];
		if (e->date > on || e->kind != PACTA_OBL_RETAINED)
			continue;
		ob->retained = e->value;
		ob->retained_on = e->date;
		cite(ob, ev[i]);
	}
	ob->status = ob->ended_on != PACTA_DAY_NONE && ob->ended_on <= on
			     ? PACTA_OBLIGATION_ENDED
			     : PACTA_OBLIGATION_OPEN;
}

/* Fills ob for one participant and rule; false when the obligation does
 * not apply to it. */
static bool obligation_of(const pacta_treaty_status *ts, uint32_t p,
			  const pacta_obligation_rule *r, pacta_day on, pacta_obligation *ob)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p);
	if (tl->entry_into_force == PACTA_DAY_NONE || tl->consent_act < 0 ||
	    rec->acts[tl->consent_act].date > on)
		return false;
	uint32_t ev[PACTA_OBLIGATION_MAX_SOURCES * 2];
	size_t n_ev = events_of(rec, pacta_treaty_status_treaty(ts), p, r->id, ev,
				sizeof(ev) / sizeof(ev[0]));
	if (r->applies == PACTA_APPLIES_RECORDED && n_ev == 0)
		return false;
	memset(ob, 0, sizeof(*ob));
	ob->participant = p;
	ob->rule = r;
	ob->starts = tl->entry_into_force;
	ob->original_due = ob->due = ob->last_due = PACTA_DAY_NONE;
	ob->met_on = ob->overdue_since = ob->stated_original = ob->retained_on = PACTA_DAY_NONE;
	ob->ended_on = tl->withdrawal_effective;
	ob->retained = -1;
	ob->completion = -1;
	switch (r->kind) {
	case PACTA_OBLIGATION_DEADLINE:
		deadline_status(rec, ob, ev, n_ev, on);
		break;
	case PACTA_OBLIGATION_ANNUAL:
		annual_status(rec, ob, ev, n_ev, on);
		break;
	case PACTA_OBLIGATION_CONTINUING:
		continuing_status(rec, ob, ev, n_ev, on);
		break;
	}
	if (on < ob->starts && ob->status != PACTA_OBLIGATION_MET)
		ob->status = PACTA_OBLIGATION_NOT_YET_DUE;
	return true;
}

pacta_rc pacta_obligations_on(const pacta_treaty_status *ts, pacta_day on,
			      const uint32_t *participants, size_t n, pacta_obligation **out,
			      size_t *n_out, pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_rules *r = &rec->treaties[pacta_treaty_status_treaty(ts)].rules;
	size_t count = participants ? n : rec->n_participants;
	*out = NULL;
	*n_out = 0;
	if (r->n_obligations == 0 || count == 0)
		return PACTA_OK;
	pacta_obligation *obs = calloc(count * r->n_obligations, sizeof(*obs));
	if (!obs)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < count; i++) {
		uint32_t p = participants ? participants[i] : (uint32_t)i;
		for (size_t j = 0; j < r->n_obligations; j++)
			if (obligation_of(ts, p, &r->obligations[j], on, &obs[k]))
				k++;
	}
	*out = obs;
	*n_out = k;
	return PACTA_OK;
}

size_t pacta_obligation_due_days(const pacta_treaty_status *ts, const pacta_obligation *ob,
				 pacta_day from, pacta_day to, pacta_day *days, size_t max)
{
	(void)ts;
	size_t n = 0;
	bool bound_end = ob->ended_on != PACTA_DAY_NONE;
	switch (ob->rule->kind) {
	case PACTA_OBLIGATION_DEADLINE:
		if (ob->due >= from && ob->due <= to &&
		    (ob->met_on == PACTA_DAY_NONE || ob->met_on >= from) &&
		    (!bound_end || ob->due < ob->ended_on)) {
			if (max)
				days[0] = ob->due;
			n = 1;
		}
		break;
	case PACTA_OBLIGATION_ANNUAL:
		for (int y = year_of(from > ob->original_due ? from : ob->original_due);
		     y <= year_of(to); y++) {
			pacta_day d = annual_day(ob->rule, y);
			if (d < from || d > to || d < ob->original_due ||
			    (bound_end && d >= ob->ended_on))
				continue;
			if (n < max)
				days[n] = d;
			n++;
		}
		break;
	case PACTA_OBLIGATION_CONTINUING:
		break;
	}
	return n;
}

char *pacta_obligation_explain(const pacta_treaty_status *ts, const pacta_obligation *ob,
			       pacta_day on)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_obligation_rule *r = ob->rule;
	const char *who = rec->participants[ob->participant].name;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, ob->participant);
	const pacta_derivation *eif =
		tl->entry_into_force_why >= 0
			? pacta_treaty_status_derivation(ts, (uint32_t)tl->entry_into_force_why)
			: NULL;
	char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ], c[PACTA_DATE_BUFSZ], words[80];
	strbuf sb;
	strbuf_init(&sb);
	strbuf_appendf(&sb, "Art. %s (%s). Entry into force for %s: %s", r->clause.article, r->name,
		       who, pacta_date_format(ob->starts, a));
	if (eif && eif->article)
		strbuf_appendf(&sb, " (Art. %s)", eif->article);
	else if (eif && eif->kind == PACTA_DERIV_IN_FORCE_STATED)
		strbuf_append(&sb, " (the stated effective date of its succession)");
	strbuf_append(&sb, ".");
	switch (r->kind) {
	case PACTA_OBLIGATION_DEADLINE: {
		pacta_delay_describe(r->delay, words, sizeof(words));
		size_t wl = strlen(words);
		if (wl > 6 && strcmp(words + wl - 6, " after") == 0)
			words[wl - 6] = '\0';
		strbuf_appendf(&sb, " Original deadline: %s + %s = %s.", a, words,
			       pacta_date_format(ob->original_due, b));
		if (ob->stated_original != PACTA_DAY_NONE)
			strbuf_appendf(&sb, " A source states %s%s.",
				       pacta_date_format(ob->stated_original, c),
				       ob->stated_original == ob->original_due ? ", the same" : ", which differs");
		for (size_t i = 0; i < ob->n_extensions; i++) {
			const pacta_obligation_event *e = &rec->obligation_events[ob->extensions[i]];
			strbuf_appendf(&sb, " Extended%s%s to %s by a decision of %s.",
				       r->extension.article ? " under Art. " : "",
				       r->extension.article ? r->extension.article : "",
				       pacta_date_format(e->deadline, b), pacta_date_format(e->date, c));
		}
		break;
	}
	case PACTA_OBLIGATION_ANNUAL:
		strbuf_appendf(&sb, " Due every year on %02d-%02d from %s (the year after entry into force).",
			       r->month, r->day, pacta_date_format(ob->original_due, b));
		break;
	case PACTA_OBLIGATION_CONTINUING:
		if (ob->retained >= 0)
			strbuf_appendf(&sb, " Latest recorded count: %lld (as of %s).", ob->retained,
				       pacta_date_format(ob->retained_on, b));
		break;
	}
	pacta_date_format(on, c);
	switch (ob->status) {
	case PACTA_OBLIGATION_NOT_YET_DUE:
		strbuf_appendf(&sb, " On %s the treaty is not yet in force for %s.", c, who);
		break;
	case PACTA_OBLIGATION_OPEN:
	case PACTA_OBLIGATION_EXTENDED:
		if (ob->due != PACTA_DAY_NONE)
			strbuf_appendf(&sb, " On %s it is due by %s.", c, pacta_date_format(ob->due, b));
		else
			strbuf_appendf(&sb, " On %s it applies for as long as %s is bound.", c, who);
		break;
	case PACTA_OBLIGATION_MET:
		strbuf_appendf(&sb, " Completed on %s, %s.", pacta_date_format(ob->met_on, b),
			       ob->late ? "after the deadline then in force" : "on time");
		break;
	case PACTA_OBLIGATION_OVERDUE:
		strbuf_appendf(&sb, " On %s it is overdue since %s: no completion is recorded.", c,
			       pacta_date_format(ob->overdue_since, b));
		break;
	case PACTA_OBLIGATION_ENDED:
		strbuf_appendf(&sb, " It ended on %s, when %s's withdrawal took effect.",
			       pacta_date_format(ob->ended_on, b), who);
		break;
	case PACTA_OBLIGATION_UNKNOWN:
		strbuf_appendf(&sb, " On %s the deadline has passed; the record holds no report either way.",
			       c);
		break;
	default:
		break;
	}
	return strbuf_take(&sb);
}
