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

const char *pacta_reopening_basis_name(pacta_reopening_basis b)
{
	static const char *const names[PACTA_REOPEN__COUNT] = {
		[PACTA_REOPEN_NONE] = "",
		[PACTA_REOPEN_RUNNING] = "running",
		[PACTA_REOPEN_RECORDED] = "record",
		[PACTA_REOPEN_RULE] = "rule",
		[PACTA_REOPEN_OPEN] = "none",
	};
	return (unsigned)b < PACTA_REOPEN__COUNT ? names[b] : "?";
}

/* New mined areas reported (a new_contamination row): the completion before
 * it is set aside, and the deadline is the row's; or, reported before the
 * deadline in force passed, that deadline; or what the rules' reopening
 * clause gives: its delay after the report, or none until an extension
 * sets one. */
static void reopen(const pacta_obligation_rule *r, pacta_obligation *ob,
		   const pacta_obligation_event *e, uint32_t event)
{
	ob->reopened_met = ob->met_on != PACTA_DAY_NONE;
	ob->reopened_from = ob->due;
	ob->met_on = PACTA_DAY_NONE;
	ob->completion = -1;
	ob->reopened = (int32_t)event;
	ob->missed = -1;
	if (e->deadline != PACTA_DAY_NONE) {
		ob->due = e->deadline;
		ob->reopen_basis = PACTA_REOPEN_RECORDED;
	} else if (ob->due != PACTA_DAY_NONE && e->date <= ob->due) {
		ob->reopen_basis = PACTA_REOPEN_RUNNING;
	} else if (r->reopen_has_delay) {
		ob->due = pacta_delay_apply(r->reopen_delay, e->date);
		ob->reopen_basis = PACTA_REOPEN_RULE;
	} else {
		ob->due = PACTA_DAY_NONE;
		ob->reopen_basis = PACTA_REOPEN_OPEN;
	}
}

/* The requests on or before `on` that no grant dated on or after them (and
 * on or before `on`) has decided. */
static void pending_requests(const pacta_record *rec, pacta_obligation *ob, const uint32_t *ev,
			     size_t n_ev, pacta_day on)
{
	for (size_t i = 0; i < n_ev; i++) {
		const pacta_obligation_event *q = &rec->obligation_events[ev[i]];
		if (q->kind != PACTA_OBL_EXTENSION_REQUESTED || q->date > on)
			continue;
		bool decided = false;
		for (size_t j = 0; j < n_ev && !decided; j++) {
			const pacta_obligation_event *g = &rec->obligation_events[ev[j]];
			decided = g->kind == PACTA_OBL_EXTENSION_GRANTED && g->date >= q->date &&
				  g->date <= on;
		}
		if (!decided && ob->n_requests < PACTA_OBLIGATION_MAX_EXTENSIONS)
			ob->requests[ob->n_requests++] = ev[i];
	}
}

static void deadline_status(const pacta_record *rec, pacta_obligation *ob, const uint32_t *ev,
			    size_t n_ev, pacta_day on)
{
	const pacta_obligation_rule *r = ob->rule;
	ob->original_due = pacta_delay_apply(r->delay, ob->starts);
	ob->due = ob->original_due;
	pacta_day due_at_completion = PACTA_DAY_NONE;
	/* Whether the deadline in force was set by an extension, and whether
	 * the latest `missed` row is about it (a later extension or re-opening
	 * needs new evidence). */
	bool extended = false, missed_current = false;
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
			extended = true;
			missed_current = false;
			if (ob->n_extensions < PACTA_OBLIGATION_MAX_EXTENSIONS)
				ob->extensions[ob->n_extensions++] = ev[i];
			cite(ob, ev[i]);
			break;
		case PACTA_OBL_EXTENSION_REQUESTED:
			/* A request never moves the deadline; it is cited, and
			 * listed while no decision is recorded. */
			if (r->extensions)
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
			reopen(r, ob, e, ev[i]);
			if (ob->reopen_basis != PACTA_REOPEN_RUNNING)
				extended = false;
			missed_current = false;
			cite(ob, ev[i]);
			break;
		case PACTA_OBL_MISSED:
			/* Evidence only about the deadline in force on its date
			 * (its date is that deadline or a later listing). */
			ob->missed = (int32_t)ev[i];
			ob->missed_due = ob->due;
			missed_current = ob->due != PACTA_DAY_NONE && e->date >= ob->due;
			cite(ob, ev[i]);
			break;
		default:
			break;
		}
	}
	if (r->extensions)
		pending_requests(rec, ob, ev, n_ev, on);
	if (ob->met_on != PACTA_DAY_NONE) {
		ob->status = PACTA_OBLIGATION_MET;
		ob->late = due_at_completion != PACTA_DAY_NONE && ob->met_on > due_at_completion;
		return;
	}
	/* A withdrawal that took effect ends the duty from that day, missed or
	 * not; what was overdue before stays visible when asked about a day
	 * before it. */
	if (ob->ended_on != PACTA_DAY_NONE && ob->ended_on <= on) {
		ob->status = PACTA_OBLIGATION_ENDED;
		return;
	}
	if (ob->due != PACTA_DAY_NONE && on > ob->due) {
		/* Overdue is a finding: it needs a source that says this
		 * deadline was missed. Silence is unknown, whoever the record
		 * follows. */
		if (missed_current) {
			ob->status = PACTA_OBLIGATION_OVERDUE;
			ob->overdue_since = pacta_date_add_days(ob->due, 1);
			ob->evidence = ob->missed;
		} else {
			ob->status = PACTA_OBLIGATION_UNKNOWN;
		}
		return;
	}
	ob->status = extended ? PACTA_OBLIGATION_EXTENDED : PACTA_OBLIGATION_OPEN;
}

static void annual_status(const pacta_record *rec, pacta_obligation *ob, const uint32_t *ev,
			  size_t n_ev, pacta_day on)
{
	const pacta_obligation_rule *r = ob->rule;
	/* Policy (the same as reports.c counts): the first report covers the
	 * first calendar year the state was bound on the annual day, and is
	 * due on that day of the next year. */
	int first = year_of(ob->starts);
	if (ob->starts > annual_day(r, first))
		first++;
	ob->original_due = annual_day(r, first + 1);
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
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
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
	ob->completion = ob->evidence = ob->missed = ob->reopened = -1;
	ob->missed_due = ob->reopened_from = PACTA_DAY_NONE;
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
	const pacta_rules *r = rec->treaties[pacta_treaty_status_treaty(ts)].rules;
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

/* "ten years" from a delay's words ("ten years after"). */
static const char *delay_words(pacta_delay d, char *words, size_t size)
{
	pacta_delay_describe(d, words, size);
	size_t wl = strlen(words);
	if (wl > 6 && strcmp(words + wl - 6, " after") == 0)
		words[wl - 6] = '\0';
	return words;
}

/* Where a re-opening comes from: "the decision of ... (Art. 5(1))". */
static void reopening_cite(strbuf *sb, const pacta_obligation_rule *r)
{
	if (r->reopen_decision && r->reopen.article)
		strbuf_appendf(sb, "%s (Art. %s)", r->reopen_decision, r->reopen.article);
	else if (r->reopen_decision)
		strbuf_append(sb, r->reopen_decision);
	else if (r->reopen.article)
		strbuf_appendf(sb, "Art. %s", r->reopen.article);
	else
		strbuf_append(sb, "the rules file");
}

/* ", after its completion and after the deadline of D had passed": when
 * the areas the reopening clause governs were reported. */
static void reopened_when(strbuf *sb, const pacta_obligation *ob)
{
	char d[PACTA_DATE_BUFSZ];
	strbuf_append(sb, ob->reopened_met ? ", after its completion and " : ", ");
	if (ob->reopened_from != PACTA_DAY_NONE)
		strbuf_appendf(sb, "after the deadline of %s had passed",
			       pacta_date_format(ob->reopened_from, d));
	else
		strbuf_append(sb, "while no deadline was in force");
}

/* The sentence for the latest re-opening. */
static void explain_reopening(strbuf *sb, const pacta_record *rec, const pacta_obligation *ob)
{
	const pacta_obligation_rule *r = ob->rule;
	const pacta_obligation_event *e = &rec->obligation_events[ob->reopened];
	char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ], words[80];
	pacta_date_format(e->date, a);
	switch (ob->reopen_basis) {
	case PACTA_REOPEN_RUNNING:
		strbuf_appendf(sb, " Mined areas were reported on %s, before the deadline in force"
				   " had passed; that deadline still applies.", a);
		break;
	case PACTA_REOPEN_RECORDED:
		strbuf_appendf(sb, " Mined areas reported on %s re-opened it, with the deadline the"
				   " record gives for them: %s.", a, pacta_date_format(e->deadline, b));
		break;
	case PACTA_REOPEN_RULE:
		strbuf_appendf(sb, " Mined areas reported on %s", a);
		reopened_when(sb, ob);
		strbuf_append(sb, ", re-opened it; under ");
		reopening_cite(sb, r);
		strbuf_appendf(sb, " the deadline is %s + %s = %s.", a,
			       delay_words(r->reopen_delay, words, sizeof(words)),
			       pacta_date_format(pacta_delay_apply(r->reopen_delay, e->date), b));
		break;
	case PACTA_REOPEN_OPEN:
		strbuf_appendf(sb, " Mined areas reported on %s", a);
		reopened_when(sb, ob);
		strbuf_append(sb, ", re-opened it; under ");
		reopening_cite(sb, r);
		strbuf_append(sb, " no deadline applies to them until an extension sets one.");
		break;
	default:
		break;
	}
}

/* A `missed` row that is not evidence of the deadline now in force, and
 * why; or one that conflicts with the completion recorded. */
static void explain_missed(strbuf *sb, const pacta_record *rec, const pacta_obligation *ob)
{
	if (ob->missed < 0 || ob->evidence >= 0)
		return;
	const pacta_obligation_event *m = &rec->obligation_events[ob->missed];
	char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
	pacta_date_format(m->date, a);
	pacta_date_format(ob->missed_due, b);
	if (ob->status == PACTA_OBLIGATION_MET) {
		/* A source saying it was not done by a day on or after the
		 * recorded completion: kept, cited, and outweighed. */
		if (m->date >= ob->met_on)
			strbuf_appendf(sb, " A source dated %s says the deadline of %s was missed;"
					   " the sources conflict, and the completion recorded wins.",
				       a, b);
	} else if (ob->missed_due == PACTA_DAY_NONE) {
		strbuf_appendf(sb, " A source dated %s says a deadline was missed, but none was in"
				   " force then: it is not evidence.", a);
	} else if (m->date < ob->missed_due) {
		strbuf_appendf(sb, " A source dated %s says the deadline was missed, but the"
				   " deadline then in force, %s, had not passed: it is not evidence.",
			       a, b);
	} else if (ob->missed_due != ob->due) {
		strbuf_appendf(sb, " A source dated %s says the deadline then in force, %s, was"
				   " missed; it was extended since%s.",
			       a, b,
			       ob->status == PACTA_OBLIGATION_UNKNOWN
				       ? ", so that is not evidence about the deadline now in force"
				       : "");
	} else {
		strbuf_appendf(sb, " A source dated %s says the deadline of %s was missed.", a, b);
	}
}

char *pacta_obligation_explain(const pacta_treaty_status *ts, const pacta_obligation *ob,
			       pacta_day on)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_obligation_rule *r = ob->rule;
	const char *who = rec->participants[ob->participant].name;
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, ob->participant, &tl_buf);
	pacta_derivation eif_buf;
	const pacta_derivation *eif =
		tl->entry_into_force_why >= 0
			? pacta_treaty_status_derivation(ts, (uint32_t)tl->entry_into_force_why, &eif_buf)
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
		strbuf_appendf(&sb, " Original deadline: %s + %s = %s.", a,
			       delay_words(r->delay, words, sizeof(words)),
			       pacta_date_format(ob->original_due, b));
		if (ob->stated_original != PACTA_DAY_NONE)
			strbuf_appendf(&sb, " A source states %s%s.",
				       pacta_date_format(ob->stated_original, c),
				       ob->stated_original == ob->original_due ? ", the same" : ", which differs");
		/* Extensions and the latest re-opening, in date order. */
		pacta_day reopened_on = ob->reopened >= 0
						? rec->obligation_events[ob->reopened].date
						: PACTA_DAY_NONE;
		bool told = ob->reopened < 0;
		for (size_t i = 0; i < ob->n_extensions; i++) {
			const pacta_obligation_event *e = &rec->obligation_events[ob->extensions[i]];
			if (!told && e->date > reopened_on) {
				explain_reopening(&sb, rec, ob);
				told = true;
			}
			strbuf_appendf(&sb, " Extended%s%s to %s by a decision of %s.",
				       r->extension.article ? " under Art. " : "",
				       r->extension.article ? r->extension.article : "",
				       pacta_date_format(e->deadline, b), pacta_date_format(e->date, c));
		}
		if (!told)
			explain_reopening(&sb, rec, ob);
		break;
	}
	case PACTA_OBLIGATION_ANNUAL:
		strbuf_appendf(&sb,
			       " Due every year on %02d-%02d from %s, the first report covering %d, the"
			       " first calendar year %s was bound on %02d-%02d.",
			       r->month, r->day, pacta_date_format(ob->original_due, b),
			       year_of(ob->original_due) - 1, who, r->month, r->day);
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
		else if (r->kind == PACTA_OBLIGATION_DEADLINE)
			strbuf_appendf(&sb, " On %s no deadline is in force for it.", c);
		else
			strbuf_appendf(&sb, " On %s it applies for as long as %s is bound.", c, who);
		break;
	case PACTA_OBLIGATION_MET:
		strbuf_appendf(&sb, " Completed on %s, %s.", pacta_date_format(ob->met_on, b),
			       ob->late ? "after the deadline then in force" : "on time");
		break;
	case PACTA_OBLIGATION_OVERDUE:
		strbuf_appendf(&sb, " On %s it is overdue since %s: a source dated %s says the"
				    " deadline of %s was missed, and no completion is recorded.",
			       c, pacta_date_format(ob->overdue_since, b),
			       pacta_date_format(rec->obligation_events[ob->evidence].date, a),
			       pacta_date_format(ob->due, words));
		break;
	case PACTA_OBLIGATION_ENDED:
		strbuf_appendf(&sb, " It ended on %s, when %s's withdrawal took effect.",
			       pacta_date_format(ob->ended_on, b), who);
		break;
	case PACTA_OBLIGATION_UNKNOWN:
		strbuf_appendf(&sb, " On %s the deadline of %s has passed; the record holds neither a"
				    " completion nor a source saying it was missed.",
			       c, pacta_date_format(ob->due, b));
		break;
	default:
		break;
	}
	if (r->kind == PACTA_OBLIGATION_DEADLINE)
		explain_missed(&sb, rec, ob);
	for (size_t i = 0; i < ob->n_requests; i++) {
		const pacta_obligation_event *q = &rec->obligation_events[ob->requests[i]];
		strbuf_appendf(&sb, " An extension to %s was requested on %s; the record holds no"
				    " decision.",
			       pacta_date_format(q->deadline, b), pacta_date_format(q->date, a));
	}
	return strbuf_take(&sb);
}
