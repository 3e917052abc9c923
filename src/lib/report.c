/*
 * report.c - JSON answers built with jansson. The CLI's --json and the
 * service's responses both come from here, so they cannot drift apart.
 *
 * Key order is the insertion order below; output is indented by two
 * spaces and ends with a newline.
 */
#include "pacta/report.h"
#include "pacta/counts.h"
#include "pacta/profile.h"
#include "jsontext.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *jdate(pacta_day d)
{
	if (d == PACTA_DAY_NONE || d == PACTA_DAY_OPEN)
		return json_null();
	char buf[PACTA_DATE_BUFSZ];
	return json_string(pacta_date_format(d, buf));
}

/* json_object_set_new that remembers failure in *ok. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (!value || json_object_set_new(obj, key, value) != 0)
		*ok = false;
}

static void push(json_t *arr, json_t *value, bool *ok)
{
	if (!value || json_array_append_new(arr, value) != 0)
		*ok = false;
}

static const pacta_rules *rules_of(const pacta_treaty_status *ts)
{
	return pacta_treaty_status_record(ts)->treaties[pacta_treaty_status_treaty(ts)].rules;
}

static const pacta_treaty *treaty_of(const pacta_treaty_status *ts)
{
	return &pacta_treaty_status_record(ts)->treaties[pacta_treaty_status_treaty(ts)];
}

pacta_state_view pacta_state_view_on(const pacta_treaty_status *ts, uint32_t p, pacta_day on)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
	const pacta_interval *iv;
	pacta_state_view v;
	memset(&v, 0, sizeof(v));
	v.status = pacta_status_on(ts, p, on, &iv);
	/* A status of none has a start too when an act ended the one before
	 * (a notice of non-intent, a revocation, ceasing to exist). */
	v.since = iv ? iv->from : PACTA_DAY_NONE;
	v.provisional = iv && iv->provisional;
	v.signed_on = tl->signed_on != PACTA_DAY_NONE && tl->signed_on <= on ? tl->signed_on
									 : PACTA_DAY_NONE;
	v.consented_on = v.entry_into_force = PACTA_DAY_NONE;
	v.withdrawal_notified = v.withdrawal_effective = PACTA_DAY_NONE;
	v.consent_action = PACTA_ACT_RATIFICATION;
	if (tl->consent_act >= 0 && rec->acts[tl->consent_act].date <= on) {
		v.consented_on = tl->consented_on;
		v.consent_action = rec->acts[tl->consent_act].action;
		v.entry_into_force = tl->entry_into_force;
	}
	if (tl->withdrawal_notified != PACTA_DAY_NONE && tl->withdrawal_notified <= on) {
		v.withdrawal_notified = tl->withdrawal_notified;
		v.withdrawal_effective = tl->withdrawal_effective;
	}
	for (size_t i = 0; i < tl->n_claims; i++)
		if (rec->acts[tl->claims[i]].date <= on)
			v.n_claims++;
	for (size_t i = 0; i < tl->n_objections; i++)
		if (rec->acts[tl->objections[i]].date <= on)
			v.n_objections++;
	return v;
}

static json_t *counts_json(const pacta_treaty_status *ts, pacta_day on, bool *ok)
{
	pacta_counts c = pacta_status_count(ts, on);
	json_t *o = json_object();
	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "parties", json_integer((json_int_t)c.parties), ok);
	put(o, "consented", json_integer((json_int_t)c.consented), ok);
	put(o, "signatories", json_integer((json_int_t)c.signatories), ok);
	put(o, "withdrawing", json_integer((json_int_t)c.withdrawing), ok);
	put(o, "withdrawn", json_integer((json_int_t)c.withdrawn), ok);
	json_t *m = json_object();
	put(m, "parties", json_string(pacta_counts_meaning_parties), ok);
	put(m, "consented", json_string(pacta_counts_meaning_consented), ok);
	put(m, "signatories", json_string(pacta_counts_meaning_signatories), ok);
	put(m, "withdrawing", json_string(pacta_counts_meaning_withdrawing), ok);
	put(m, "withdrawn", json_string(pacta_counts_meaning_withdrawn), ok);
	put(o, "meaning", m, ok);
	return o;
}

static json_t *claims_json(const pacta_treaty_status *ts, uint32_t p, pacta_day on, bool *ok)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
	json_t *arr = json_array();
	if (!arr) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < tl->n_claims; i++) {
		const pacta_act *a = &rec->acts[tl->claims[i]];
		if (a->date > on)
			continue;
		json_t *c = json_object(), *by = json_array();
		if (!c || !by) {
			json_decref(c);
			json_decref(by);
			*ok = false;
			break;
		}
		put(c, "action", json_string(pacta_action_name(a->action)), ok);
		put(c, "date", jdate(a->date), ok);
		put(c, "effect", json_string("none: claimed, not provided for by the treaty"), ok);
		put(c, "source_url", json_string(a->source_url), ok);
		put(c, "circulated", jdate(a->circulated), ok);
		for (size_t j = 0; j < tl->n_objections; j++) {
			const pacta_act *o = &rec->acts[tl->objections[j]];
			if (o->date <= on)
				push(by, json_string(rec->participants[o->participant].iso3), ok);
		}
		put(c, "contested_by", by, ok);
		push(arr, c, ok);
	}
	return arr;
}

/* The fields of a state view, in the order every answer uses. */
static void put_view(json_t *o, const pacta_state_view *v, bool *ok)
{
	put(o, "status", json_string(pacta_status_name(v->status)), ok);
	put(o, "bound", json_boolean(pacta_status_is_bound(v->status)), ok);
	put(o, "since", jdate(v->since), ok);
	put(o, "signature", jdate(v->signed_on), ok);
	put(o, "consent", jdate(v->consented_on), ok);
	put(o, "consent_instrument",
	    v->consented_on != PACTA_DAY_NONE ? json_string(pacta_action_name(v->consent_action))
					      : json_null(),
	    ok);
	put(o, "entry_into_force", jdate(v->entry_into_force), ok);
	put(o, "provisional_application", json_boolean(v->provisional), ok);
	put(o, "withdrawal_notified", jdate(v->withdrawal_notified), ok);
	put(o, "withdrawal_effective", jdate(v->withdrawal_effective), ok);
}

static json_t *state_json(const pacta_treaty_status *ts, uint32_t p, pacta_day on, bool *ok)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_participant *who = &rec->participants[p];
	pacta_state_view v = pacta_state_view_on(ts, p, on);
	json_t *o = json_object();
	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "state", json_string(who->iso3), ok);
	put(o, "name", json_string(who->name), ok);
	put_view(o, &v, ok);
	put(o, "claims", claims_json(ts, p, on, ok), ok);
	return o;
}

static json_t *header(const pacta_treaty_status *ts, pacta_day on, bool *ok)
{
	json_t *root = json_object();
	if (!root) {
		*ok = false;
		return NULL;
	}
	put(root, "treaty", json_string(treaty_of(ts)->id), ok);
	if (on != PACTA_DAY_NONE)
		put(root, "on", jdate(on), ok);
	return root;
}

/* The required states (entry_into_force.requires) with no standing consent
 * on day, as [{"state","name"}] (name null for a code the record lacks). */
static json_t *waits_for_json(const pacta_treaty_status *ts, pacta_day day, bool *ok)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_required_state *missing = NULL;
	size_t n = 0;
	pacta_error err;
	json_t *arr = json_array();
	if (!arr || pacta_status_required_missing(ts, day, &missing, &n, &err) != PACTA_OK) {
		*ok = false;
		json_decref(arr);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		if (!o) {
			*ok = false;
			break;
		}
		put(o, "state", json_string(missing[i].iso3), ok);
		put(o, "name",
		    missing[i].participant >= 0
			    ? json_string(rec->participants[missing[i].participant].name)
			    : json_null(),
		    ok);
		push(arr, o, ok);
	}
	free(missing);
	return arr;
}

/* The treaty's own entry into force, so no one need parse an explanation
 * for it: "treaty_entry_into_force" is its date, or null with
 * "treaty_not_in_force_because"; while it is not in force on the day
 * (PACTA_DAY_OPEN: the record as it stands) and the rules name states it
 * needs, "treaty_waits_for" lists those that have not deposited. */
static void put_treaty_in_force(json_t *root, const pacta_treaty_status *ts, pacta_day on,
				bool *ok)
{
	const pacta_derivation *d = pacta_treaty_status_in_force(ts);
	const pacta_rules *r = rules_of(ts);
	bool listed = r->entry_into_force_requires_group || r->n_entry_into_force_requires;
	put(root, "treaty_entry_into_force", d ? jdate(d->date) : json_null(), ok);
	if (!d) {
		char why[96];
		if (treaty_of(ts)->entry_into_force_instruments > 0)
			snprintf(why, sizeof(why), "fewer than %d instruments deposited%s",
				 treaty_of(ts)->entry_into_force_instruments,
				 listed ? ", or a required state has not deposited" : "");
		else
			snprintf(why, sizeof(why), "not every required state has deposited");
		put(root, "treaty_not_in_force_because", json_string(why), ok);
	}
	if (listed && (!d || on < d->date))
		put(root, "treaty_waits_for", waits_for_json(ts, on, ok), ok);
}

char *pacta_report_status_json(const pacta_treaty_status *ts, pacta_day on,
			       const uint32_t *participants, size_t n)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	json_t *root = header(ts, on, &ok);
	json_t *states = json_array();
	if (!root || !states) {
		json_decref(states);
		return json_text(root, false);
	}
	put_treaty_in_force(root, ts, on, &ok);
	if (!participants)
		put(root, "counts", counts_json(ts, on, &ok), &ok);
	if (participants) {
		for (size_t i = 0; i < n; i++)
			push(states, state_json(ts, participants[i], on, &ok), &ok);
	} else {
		for (uint32_t p = 0; p < rec->n_participants; p++)
			if (pacta_status_on(ts, p, on, NULL) != PACTA_STATUS_NONE)
				push(states, state_json(ts, p, on, &ok), &ok);
	}
	put(root, "states", states, &ok);
	return json_text(root, ok);
}

char *pacta_report_parties_json(const pacta_treaty_status *ts, pacta_day on, const char *group)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	json_t *root = header(ts, on, &ok);
	json_t *arr = json_array();
	if (!root || !arr) {
		json_decref(arr);
		return json_text(root, false);
	}
	put_treaty_in_force(root, ts, on, &ok);
	put(root, "group", group ? json_string(group) : json_null(), &ok);
	size_t count = 0;
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		const pacta_interval *iv;
		if (!pacta_status_is_bound(pacta_status_on(ts, p, on, &iv)))
			continue;
		if (group && !pacta_record_in_group(rec, p, group, on))
			continue;
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		put(o, "state", json_string(rec->participants[p].iso3), &ok);
		put(o, "name", json_string(rec->participants[p].name), &ok);
		put(o, "status", json_string(pacta_status_name(iv->status)), &ok);
		put(o, "entry_into_force", jdate(tl->entry_into_force), &ok);
		push(arr, o, &ok);
		count++;
	}
	put(root, "count", json_integer((json_int_t)count), &ok);
	json_t *meaning = json_object();
	put(meaning, "count", json_string(pacta_counts_meaning_parties), &ok);
	put(root, "meaning", meaning, &ok);
	put(root, "parties", arr, &ok);
	return json_text(root, ok);
}

static int event_cmp(const void *a, const void *b)
{
	const pacta_event *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	/* Acts before the status change they cause; acts in record order. */
	if ((x->act < 0) != (y->act < 0))
		return x->act < 0 ? 1 : -1;
	return x->act < y->act ? -1 : x->act > y->act;
}

pacta_rc pacta_timeline_events(const pacta_treaty_status *ts, uint32_t p, pacta_event **out,
			       size_t *n, pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
	size_t first, last;
	pacta_record_acts_of(rec, pacta_treaty_status_treaty(ts), p, &first, &last);
	size_t cap = (last - first) + tl->n_intervals + tl->n_objections + 1;
	pacta_event *ev = calloc(cap, sizeof(*ev));
	if (!ev)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	size_t k = 0;
	for (size_t i = first; i < last; i++)
		ev[k++] = (pacta_event){rec->acts[i].date, pacta_action_name(rec->acts[i].action),
					(int32_t)i, PACTA_STATUS_NONE, -1};
	/* Objections by others to this participant's claims belong here too. */
	for (size_t i = 0; i < tl->n_objections; i++) {
		const pacta_act *a = &rec->acts[tl->objections[i]];
		ev[k++] = (pacta_event){a->date, pacta_action_name(a->action),
					(int32_t)tl->objections[i], PACTA_STATUS_NONE, -1};
	}
	for (size_t i = 1; i < tl->n_intervals; i++)
		ev[k++] = (pacta_event){tl->intervals[i].from, "status", -1,
					tl->intervals[i].status, (int32_t)tl->intervals[i].why};
	if (k > 1)
		qsort(ev, k, sizeof(*ev), event_cmp);
	*out = ev;
	*n = k;
	return PACTA_OK;
}

static json_t *act_json(const pacta_record *rec, uint32_t ai, bool *ok)
{
	const pacta_act *a = &rec->acts[ai];
	json_t *o = json_object();
	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "id", json_integer(a->id), ok);
	put(o, "state", json_string(rec->participants[a->participant].iso3), ok);
	put(o, "action", json_string(pacta_action_name(a->action)), ok);
	put(o, "date", jdate(a->date), ok);
	put(o, "effective", jdate(a->effective), ok);
	put(o, "target", a->target >= 0 ? json_string(rec->participants[a->target].iso3) : json_null(),
	    ok);
	put(o, "source_url", json_string(a->source_url), ok);
	put(o, "note", json_string(a->note), ok);
	put(o, "notification", *a->notification ? json_string(a->notification) : json_null(), ok);
	put(o, "circulated", jdate(a->circulated), ok);
	put(o, "territory", *a->territory ? json_string(a->territory) : json_null(), ok);
	put(o, "text", *a->text ? json_string(a->text) : json_null(), ok);
	return o;
}

char *pacta_report_timeline_json(const pacta_treaty_status *ts, uint32_t p)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_event *ev;
	size_t n;
	pacta_error err;
	if (pacta_timeline_events(ts, p, &ev, &n, &err) != PACTA_OK)
		return NULL;
	json_t *root = header(ts, PACTA_DAY_NONE, &ok);
	json_t *arr = json_array();
	if (root) {
		put(root, "state", json_string(rec->participants[p].iso3), &ok);
		put(root, "name", json_string(rec->participants[p].name), &ok);
	}
	for (size_t i = 0; arr && i < n; i++) {
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		put(o, "date", jdate(ev[i].date), &ok);
		put(o, "kind", json_string(ev[i].act >= 0 ? "act" : "status"), &ok);
		if (ev[i].act >= 0) {
			const pacta_act *a = &rec->acts[ev[i].act];
			pacta_action_class c = pacta_action_class_of(a->action);
			put(o, "act", act_json(rec, (uint32_t)ev[i].act, &ok), &ok);
			put(o, "legal_effect",
			    json_string(c == PACTA_CLASS_DOMESTIC ? "none (domestic step)"
					: c == PACTA_CLASS_CLAIM      ? "none (claim)"
								      : "see status"),
			    &ok);
		} else {
			pacta_derivation d_buf;
			const pacta_derivation *d =
				pacta_treaty_status_derivation(ts, (uint32_t)ev[i].why, &d_buf);
			put(o, "status", json_string(pacta_status_name(ev[i].status)), &ok);
			put(o, "article", d && d->article ? json_string(d->article) : json_null(), &ok);
		}
		push(arr, o, &ok);
	}
	free(ev);
	if (!arr)
		ok = false;
	else if (root)
		put(root, "events", arr, &ok);
	else
		json_decref(arr); /* no root to take it (out of memory) */
	return json_text(root, ok);
}

char *pacta_report_explain_json(const pacta_treaty_status *ts, uint32_t p,
				const pacta_explanation *ex)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	json_t *root = header(ts, ex->on, &ok);
	json_t *steps = json_array(), *sources = json_array();
	if (!root || !steps || !sources) {
		json_decref(steps);
		json_decref(sources);
		return json_text(root, false);
	}
	put(root, "state", json_string(rec->participants[p].iso3), &ok);
	put(root, "name", json_string(rec->participants[p].name), &ok);
	put(root, "status", json_string(pacta_status_name(ex->status)), &ok);
	put(root, "summary", json_string(ex->summary ? ex->summary : ""), &ok);
	for (size_t i = 0; i < ex->n_steps; i++) {
		const pacta_step *s = &ex->steps[i];
		json_t *o = json_object(), *cites = json_array();
		if (!o || !cites) {
			json_decref(o);
			json_decref(cites);
			ok = false;
			break;
		}
		put(o, "kind", json_string(pacta_step_kind_name(s->kind)), &ok);
		put(o, "date", jdate(s->date), &ok);
		put(o, "article", s->article ? json_string(s->article) : json_null(), &ok);
		put(o, "text", json_string(s->text), &ok);
		for (size_t j = 0; j < s->n_cites; j++)
			push(cites, json_integer((json_int_t)s->cites[j]), &ok);
		put(o, "sources", cites, &ok);
		push(steps, o, &ok);
	}
	put(root, "steps", steps, &ok);
	for (size_t i = 0; i < ex->n_sources; i++) {
		json_t *o = act_json(rec, ex->sources[i], &ok);
		if (o)
			put(o, "ref", json_integer((json_int_t)(i + 1)), &ok);
		push(sources, o, &ok);
	}
	put(root, "sources", sources, &ok);
	return json_text(root, ok);
}

char *pacta_report_diff_json(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
			     const pacta_change *changes, size_t n)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	json_t *root = header(ts, PACTA_DAY_NONE, &ok);
	json_t *arr = json_array();
	if (!root || !arr) {
		json_decref(arr);
		return json_text(root, false);
	}
	put(root, "from", jdate(from), &ok);
	put(root, "to", jdate(to), &ok);
	size_t became = 0, ceased = 0;
	for (size_t i = 0; i < n; i++) {
		const pacta_change *c = &changes[i];
		bool b0 = pacta_status_is_bound(c->before), b1 = pacta_status_is_bound(c->after);
		became += !b0 && b1;
		ceased += b0 && !b1;
		pacta_derivation d_buf;
		const pacta_derivation *d = pacta_treaty_status_derivation(ts, c->why, &d_buf);
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		put(o, "state", json_string(rec->participants[c->participant].iso3), &ok);
		put(o, "name", json_string(rec->participants[c->participant].name), &ok);
		put(o, "before", json_string(pacta_status_name(c->before)), &ok);
		put(o, "after", json_string(pacta_status_name(c->after)), &ok);
		put(o, "change", json_string(!b0 && b1 ? "became_bound" : b0 && !b1 ? "ceased_to_be_bound" : "other"), &ok);
		put(o, "date", jdate(c->date), &ok);
		put(o, "article", d && d->article ? json_string(d->article) : json_null(), &ok);
		put(o, "source_url", d && d->n_acts ? json_string(rec->acts[d->acts[0]].source_url) : json_null(), &ok);
		push(arr, o, &ok);
	}
	put(root, "became_bound", json_integer((json_int_t)became), &ok);
	put(root, "ceased_to_be_bound", json_integer((json_int_t)ceased), &ok);
	put(root, "changes", arr, &ok);
	return json_text(root, ok);
}

/* Overdue: the row that makes it so ("evidence"), else null. */
static json_t *obligation_evidence_json(const pacta_record *rec, const pacta_obligation *ob,
					bool *ok)
{
	if (ob->evidence < 0)
		return json_null();
	const pacta_obligation_event *e = &rec->obligation_events[ob->evidence];
	json_t *x = json_object();
	if (!x) {
		*ok = false;
		return NULL;
	}
	put(x, "event", json_string(pacta_obligation_event_name(e->kind)), ok);
	put(x, "date", jdate(e->date), ok);
	put(x, "deadline", jdate(ob->missed_due), ok);
	put(x, "source_url", json_string(e->source_url), ok);
	put(x, "note", e->note && *e->note ? json_string(e->note) : json_null(), ok);
	return x;
}

/* Extension requests with no decision recorded ("requests"). */
static json_t *obligation_requests_json(const pacta_record *rec, const pacta_obligation *ob,
					bool *ok)
{
	json_t *arr = json_array();
	if (!arr) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < ob->n_requests; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[ob->requests[i]];
		json_t *x = json_object();
		if (!x) {
			*ok = false;
			break;
		}
		put(x, "requested", jdate(e->date), ok);
		put(x, "deadline", jdate(e->deadline), ok);
		put(x, "source_url", json_string(e->source_url), ok);
		push(arr, x, ok);
	}
	return arr;
}

/* The latest re-opening ("reopened"): when, where the deadline comes from
 * (running, record, rule, none) and the decision the rules file cites. */
static json_t *obligation_reopened_json(const pacta_record *rec, const pacta_obligation *ob,
					bool *ok)
{
	if (ob->reopened < 0)
		return json_null();
	const pacta_obligation_event *e = &rec->obligation_events[ob->reopened];
	json_t *x = json_object();
	if (!x) {
		*ok = false;
		return NULL;
	}
	put(x, "reported", jdate(e->date), ok);
	put(x, "deadline_from", json_string(pacta_reopening_basis_name(ob->reopen_basis)), ok);
	/* The decision is cited where the reopening clause gave the deadline
	 * (or that there is none), not where the record or the running
	 * deadline did. */
	bool by_rule = ob->reopen_basis == PACTA_REOPEN_RULE || ob->reopen_basis == PACTA_REOPEN_OPEN;
	put(x, "decision",
	    by_rule && ob->rule->reopen_decision ? json_string(ob->rule->reopen_decision)
						 : json_null(),
	    ok);
	put(x, "source_url", json_string(e->source_url), ok);
	return x;
}

static json_t *obligation_json(const pacta_treaty_status *ts, const pacta_obligation *ob,
				pacta_day on, bool *ok)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_participant *who = &rec->participants[ob->participant];
	json_t *o = json_object(), *ext = json_array(), *src = json_array();
	if (!o || !ext || !src) {
		json_decref(o);
		json_decref(ext);
		json_decref(src);
		*ok = false;
		return NULL;
	}
	put(o, "state", json_string(who->iso3), ok);
	put(o, "name", json_string(who->name), ok);
	put(o, "article", json_string(ob->rule->id), ok);
	put(o, "obligation", json_string(ob->rule->name), ok);
	put(o, "starts", jdate(ob->starts), ok);
	put(o, "original_due", jdate(ob->original_due), ok);
	put(o, "due", jdate(ob->due), ok);
	put(o, "status", json_string(pacta_obligation_status_name(ob->status)), ok);
	put(o, "late", ob->status == PACTA_OBLIGATION_MET ? json_boolean(ob->late) : json_null(), ok);
	put(o, "met_on", jdate(ob->met_on), ok);
	put(o, "overdue_since", jdate(ob->overdue_since), ok);
	put(o, "ended_on", ob->ended_on != PACTA_DAY_NONE && ob->ended_on <= on ? jdate(ob->ended_on)
										: json_null(),
	    ok);
	if (ob->rule->kind == PACTA_OBLIGATION_ANNUAL)
		put(o, "last_due", jdate(ob->last_due), ok);
	if (ob->rule->kind == PACTA_OBLIGATION_CONTINUING)
		put(o, "retained", ob->retained >= 0 ? json_integer(ob->retained) : json_null(), ok);
	put(o, "stated_original_due", jdate(ob->stated_original), ok);
	for (size_t i = 0; i < ob->n_extensions; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[ob->extensions[i]];
		json_t *x = json_object();
		if (!x) {
			*ok = false;
			break;
		}
		put(x, "decided", jdate(e->date), ok);
		put(x, "deadline", jdate(e->deadline), ok);
		put(x, "source_url", json_string(e->source_url), ok);
		push(ext, x, ok);
	}
	put(o, "extensions", ext, ok);
	put(o, "evidence", obligation_evidence_json(rec, ob, ok), ok);
	put(o, "requests", obligation_requests_json(rec, ob, ok), ok);
	put(o, "reopened", obligation_reopened_json(rec, ob, ok), ok);
	char *text = pacta_obligation_explain(ts, ob, on);
	put(o, "explanation", text ? json_string(text) : NULL, ok);
	free(text);
	for (size_t i = 0; i < ob->n_events; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[ob->events[i]];
		json_t *x = json_object();
		if (!x) {
			*ok = false;
			break;
		}
		put(x, "event", json_string(pacta_obligation_event_name(e->kind)), ok);
		put(x, "date", jdate(e->date), ok);
		put(x, "source_url", json_string(e->source_url), ok);
		push(src, x, ok);
	}
	put(o, "sources", src, ok);
	return o;
}

/* The obligations' JSON; a window [from, to] first when from is a day. */
static char *obligations_text(const pacta_treaty_status *ts, pacta_day on, pacta_day from,
			      pacta_day to, const pacta_obligation *obs, size_t n)
{
	bool ok = true;
	json_t *root = header(ts, on, &ok);
	json_t *arr = json_array();
	if (!root || !arr) {
		json_decref(arr);
		return json_text(root, false);
	}
	if (from != PACTA_DAY_NONE) {
		put(root, "from", jdate(from), &ok);
		put(root, "to", jdate(to), &ok);
	}
	for (size_t i = 0; i < n; i++)
		push(arr, obligation_json(ts, &obs[i], on, &ok), &ok);
	put(root, "obligations", arr, &ok);
	return json_text(root, ok);
}

char *pacta_report_obligations_json(const pacta_treaty_status *ts, pacta_day on,
				    const pacta_obligation *obs, size_t n)
{
	return obligations_text(ts, on, PACTA_DAY_NONE, PACTA_DAY_NONE, obs, n);
}

char *pacta_report_deadlines_json(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
				  const pacta_obligation *obs, size_t n)
{
	return obligations_text(ts, to, from, to, obs, n);
}

static json_t *published_json(const pacta_stated *s, bool *ok)
{
	json_t *o = json_object();
	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "as_at", jdate(s->date), ok);
	put(o, "submitted", s->value >= 0 ? json_integer(s->value) : json_null(), ok);
	put(o, "not_submitted", s->not_submitted >= 0 ? json_integer(s->not_submitted) : json_null(),
	    ok);
	put(o, "required", s->required >= 0 ? json_integer(s->required) : json_null(), ok);
	put(o, "rate", s->rate >= 0 ? json_integer(s->rate) : json_null(), ok);
	put(o, "source_url", json_string(s->source_url), ok);
	put(o, "note", *s->note ? json_string(s->note) : json_null(), ok);
	return o;
}

/* One year's tally; its sources are the distinct URLs of the rows that
 * decided a report (only known when the entries are given). */
static json_t *report_year_json(const pacta_record *rec, const pacta_report_year *y,
				const pacta_report_entry *es, size_t n_es, bool *ok)
{
	json_t *o = json_object(), *pub = json_array(), *src = json_array();
	if (!o || !pub || !src) {
		json_decref(o);
		json_decref(pub);
		json_decref(src);
		*ok = false;
		return NULL;
	}
	put(o, "year", json_integer(y->year), ok);
	put(o, "in_force_by", jdate(y->in_force_by), ok);
	put(o, "due", jdate(y->due), ok);
	put(o, "required", json_integer((json_int_t)y->required), ok);
	put(o, "submitted", json_integer((json_int_t)y->submitted), ok);
	put(o, "late", json_integer((json_int_t)y->late), ok);
	put(o, "missed", json_integer((json_int_t)y->missed), ok);
	put(o, "unknown", json_integer((json_int_t)y->unknown), ok);
	/* One decimal, as a number: 54.5. */
	put(o, "rate", y->rate >= 0 ? json_real((double)(long long)(y->rate * 10 + 0.5) / 10)
				    : json_null(),
	    ok);
	for (size_t i = 0; i < y->n_stated; i++)
		push(pub, published_json(&rec->stated[y->stated[i]], ok), ok);
	put(o, "published", pub, ok);
	for (size_t i = 0; i < n_es; i++) {
		if (es[i].event < 0)
			continue;
		const char *url = rec->obligation_events[es[i].event].source_url;
		bool seen = false;
		for (size_t j = 0; j < json_array_size(src) && !seen; j++)
			seen = strcmp(json_string_value(json_array_get(src, j)), url) == 0;
		if (!seen)
			push(src, json_string(url), ok);
	}
	put(o, "sources", src, ok);
	return o;
}

char *pacta_report_reports_json(const pacta_treaty_status *ts, pacta_day on,
				const pacta_report_year *years, size_t n,
				const pacta_report_entry *entries, size_t n_entries)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_obligation_rule *rule = pacta_reports_rule(ts);
	json_t *root = header(ts, on, &ok);
	json_t *arr = json_array();
	if (!root || !arr || !rule) {
		json_decref(arr);
		return json_text(root, false);
	}
	char meaning[512];
	put(root, "article", json_string(rule->clause.article), &ok);
	put(root, "obligation", json_string(rule->name), &ok);
	put(root, "required_meaning",
	    json_string(pacta_reports_meaning(rule, meaning, sizeof(meaning))), &ok);
	for (size_t i = 0; i < n; i++)
		push(arr, report_year_json(rec, &years[i], n == 1 ? entries : NULL,
					   n == 1 ? n_entries : 0, &ok),
		     &ok);
	put(root, "years", arr, &ok);
	if (entries) {
		json_t *st = json_array();
		if (!st) {
			json_decref(root);
			return NULL;
		}
		for (size_t i = 0; i < n_entries; i++) {
			const pacta_report_entry *e = &entries[i];
			const pacta_participant *p = &rec->participants[e->participant];
			const pacta_obligation_event *ev =
				e->event >= 0 ? &rec->obligation_events[e->event] : NULL;
			json_t *o = json_object();
			if (!o) {
				ok = false;
				break;
			}
			put(o, "state", json_string(p->iso3), &ok);
			put(o, "name", json_string(p->name), &ok);
			put(o, "report", json_string(pacta_report_state_name(e->state)), &ok);
			put(o, "submitted_on", jdate(e->submitted_on), &ok);
			put(o, "late", e->state == PACTA_REPORT_SUBMITTED ? json_boolean(e->late)
									 : json_null(),
			    &ok);
			put(o, "source_url", ev ? json_string(ev->source_url) : json_null(), &ok);
			put(o, "note", ev && ev->note && *ev->note ? json_string(ev->note) : json_null(),
			    &ok);
			push(st, o, &ok);
		}
		put(root, "states", st, &ok);
	}
	return json_text(root, ok);
}

char *pacta_report_treaty_list_json(const pacta_record *rec, pacta_treaty_status *const *ts,
				    const uint32_t *treaties, size_t n)
{
	bool ok = true;
	json_t *root = json_object(), *arr = json_array();
	if (!root || !arr) {
		json_decref(arr);
		return json_text(root, false);
	}
	for (size_t k = 0; k < n; k++) {
		uint32_t i = treaties ? treaties[k] : (uint32_t)k;
		const pacta_treaty *tr = &rec->treaties[i];
		const pacta_rules *r = tr->rules;
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		put(o, "id", json_string(tr->id), &ok);
		put(o, "name", json_string(tr->name), &ok);
		put(o, "title", json_string(tr->title), &ok);
		put(o, "adopted", jdate(tr->adopted), &ok);
		put(o, "adopted_at", tr->adopted_place ? json_string(tr->adopted_place) : json_null(),
		    &ok);
		put(o, "depositary", json_string(r->depositary), &ok);
		put(o, "depositary_ref",
		    r->depositary_ref ? json_string(r->depositary_ref) : json_null(), &ok);
		put(o, "source_url", json_string(tr->source_url), &ok);
		/* Its own entry into force, as the status answers give it: from
		 * the caller's compiled status, else compiled for it alone. */
		pacta_treaty_status *own = NULL;
		pacta_error err;
		if (ts && ts[k])
			put_treaty_in_force(o, ts[k], PACTA_DAY_OPEN, &ok);
		else if (pacta_status_compile(rec, i, &own, &err) == PACTA_OK)
			put_treaty_in_force(o, own, PACTA_DAY_OPEN, &ok);
		else
			ok = false;
		pacta_treaty_status_free(own);
		bool annual = false;
		for (size_t j = 0; j < r->n_obligations; j++)
			annual |= r->obligations[j].kind == PACTA_OBLIGATION_ANNUAL;
		/* Whether .../reports answers for it. */
		put(o, "annual_reports", json_boolean(annual), &ok);
		push(arr, o, &ok);
	}
	put(root, "treaties", arr, &ok);
	return json_text(root, ok);
}

char *pacta_report_treaties_json(const pacta_record *rec)
{
	return pacta_report_treaty_list_json(rec, NULL, NULL, rec->n_treaties);
}

char *pacta_report_states_json(const pacta_record *rec)
{
	bool ok = true;
	json_t *root = json_object(), *arr = json_array();
	if (!root || !arr) {
		json_decref(arr);
		return json_text(root, false);
	}
	for (size_t i = 0; i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		json_t *o = json_object();
		if (!o) {
			ok = false;
			break;
		}
		put(o, "state", json_string(p->iso3), &ok);
		put(o, "iso2", json_string(p->iso2), &ok);
		put(o, "name", json_string(p->name), &ok);
		put(o, "depositary_name", json_string(p->depositary_name), &ok);
		put(o, "kind", json_string(pacta_kind_name(p->kind)), &ok);
		put(o, "wikidata", *p->wikidata ? json_string(p->wikidata) : json_null(), &ok);
		push(arr, o, &ok);
	}
	put(root, "states", arr, &ok);
	return json_text(root, ok);
}

static json_t *view_json(const pacta_record *rec, const pacta_profile_treaty *pt, bool *ok)
{
	const pacta_treaty *tr = &rec->treaties[pt->treaty];
	const pacta_state_view *v = &pt->view;
	json_t *o = json_object();
	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "treaty", json_string(tr->id), ok);
	put(o, "name", json_string(tr->name), ok);
	put_view(o, v, ok);
	return o;
}

static json_t *change_json(const pacta_record *rec, const pacta_profile_change *c, bool *ok)
{
	json_t *o = json_object();
	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "date", jdate(c->date), ok);
	put(o, "treaty", json_string(rec->treaties[c->treaty].id), ok);
	put(o, "before", json_string(pacta_status_name(c->before)), ok);
	put(o, "after", json_string(pacta_status_name(c->after)), ok);
	put(o, "upcoming", json_boolean(c->upcoming), ok);
	put(o, "article", c->why.article ? json_string(c->why.article) : json_null(), ok);
	put(o, "act", c->why.n_acts ? act_json(rec, c->why.acts[0], ok) : json_null(), ok);
	return o;
}

static json_t *declared_json(const pacta_record *rec, uint32_t ai, bool *ok);

/* The state's declarations under every treaty, made by on: each as
 * `declarations --json` gives it, with the treaty's id first. */
static json_t *profile_declarations_json(const pacta_record *rec, uint32_t participant,
					 pacta_day on, bool *ok)
{
	json_t *arr = json_array();
	if (!arr) {
		*ok = false;
		return NULL;
	}
	for (uint32_t t = 0; t < rec->n_treaties && *ok; t++) {
		pacta_declarations list;
		pacta_error err;
		if (pacta_declarations_list(rec, t, &participant, 1, on, &list, &err) != PACTA_OK) {
			*ok = false;
			break;
		}
		for (size_t i = 0; i < list.n; i++) {
			const pacta_declaration *d = &list.items[i];
			json_t *o = json_object(), *x = declared_json(rec, d->act, ok);
			const char *key;
			json_t *v;
			put(o, "treaty", json_string(rec->treaties[t].id), ok);
			json_object_foreach(x, key, v)
				put(o, key, json_incref(v), ok);
			json_decref(x);
			put(o, "occasion", json_string(pacta_occasion_name(d->occasion)), ok);
			push(arr, o, ok);
		}
		pacta_declarations_free(&list);
	}
	return arr;
}

char *pacta_report_profile_json(const pacta_record *rec, uint32_t participant, pacta_day on)
{
	pacta_profile pr;
	pacta_error err;
	if (pacta_profile_build(rec, participant, on, &pr, &err) != PACTA_OK)
		return NULL;
	bool ok = true;
	json_t *root = json_object(), *treaties = json_array(), *changes = json_array();
	if (!root || !treaties || !changes) {
		json_decref(treaties);
		json_decref(changes);
		ok = false;
	} else {
		put(root, "state", json_string(rec->participants[participant].iso3), &ok);
		put(root, "name", json_string(rec->participants[participant].name), &ok);
		put(root, "on", jdate(on), &ok);
		for (size_t i = 0; i < pr.n_treaties; i++)
			push(treaties, view_json(rec, &pr.treaties[i], &ok), &ok);
		for (size_t i = 0; i < pr.n_changes; i++)
			push(changes, change_json(rec, &pr.changes[i], &ok), &ok);
		put(root, "treaties", treaties, &ok);
		put(root, "changes", changes, &ok);
		put(root, "declarations", profile_declarations_json(rec, participant, on, &ok), &ok);
	}
	pacta_profile_free(&pr);
	return json_text(root, ok);
}

/*
 * The withdrawals tracker. A domestic step dated after the state's consent
 * can only be a step out of the treaty (the steps in, before consent, are
 * part of joining); a withdrawal notification is the act that counts
 * (APMBC Art. 20(2)-(3) and the like: the rules compute when it takes
 * effect). The stage is the furthest point reached on `on`.
 */
char *pacta_report_withdrawals_json(const pacta_treaty_status *ts, pacta_day on)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	uint32_t t = pacta_treaty_status_treaty(ts);
	json_t *root = header(ts, on, &ok);
	json_t *list = json_array();
	if (!root || !list) {
		json_decref(list);
		return json_text(root, false);
	}
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		size_t first, last;
		pacta_record_acts_of(rec, t, p, &first, &last);
		pacta_day step[PACTA_ACT_HEAD_OF_STATE_SIGNATURE + 1];
		for (size_t k = 0; k <= PACTA_ACT_HEAD_OF_STATE_SIGNATURE; k++)
			step[k] = PACTA_DAY_NONE;
		json_t *sources = json_array();
		if (!sources) {
			ok = false;
			break;
		}
		bool any = false;
		for (size_t i = first; i < last; i++) {
			const pacta_act *a = &rec->acts[i];
			bool domestic = pacta_action_class_of(a->action) == PACTA_CLASS_DOMESTIC;
			if (a->date > on || a->participant != p)
				continue;
			if (domestic && (tl->consented_on == PACTA_DAY_NONE || a->date <= tl->consented_on))
				continue;
			if (!domestic && a->action != PACTA_ACT_WITHDRAWAL)
				continue;
			if (domestic)
				step[a->action] = a->date;
			any = true;
			push(sources, act_json(rec, (uint32_t)i, &ok), &ok);
		}
		if (!any) {
			json_decref(sources);
			continue;
		}
		pacta_state_view v = pacta_state_view_on(ts, p, on);
		const char *stage = "announced";
		if (step[PACTA_ACT_GOVERNMENT_DECISION] != PACTA_DAY_NONE)
			stage = "government_decision";
		if (step[PACTA_ACT_PARLIAMENT_APPROVAL] != PACTA_DAY_NONE)
			stage = "parliament_approved";
		if (step[PACTA_ACT_HEAD_OF_STATE_SIGNATURE] != PACTA_DAY_NONE)
			stage = "signed_into_law";
		if (v.withdrawal_notified != PACTA_DAY_NONE)
			stage = "notified";
		if (v.status == PACTA_STATUS_WITHDRAWAL_HELD)
			stage = "held";
		if (v.status == PACTA_STATUS_WITHDRAWN)
			stage = "effective";
		json_t *o = json_object();
		if (!o) {
			json_decref(sources);
			ok = false;
			break;
		}
		put(o, "state", json_string(rec->participants[p].iso3), &ok);
		put(o, "name", json_string(rec->participants[p].name), &ok);
		put(o, "status", json_string(pacta_status_name(v.status)), &ok);
		put(o, "stage", json_string(stage), &ok);
		put(o, "announced", jdate(step[PACTA_ACT_ANNOUNCEMENT]), &ok);
		put(o, "government_decision", jdate(step[PACTA_ACT_GOVERNMENT_DECISION]), &ok);
		put(o, "parliament_approval", jdate(step[PACTA_ACT_PARLIAMENT_APPROVAL]), &ok);
		put(o, "head_of_state_signature", jdate(step[PACTA_ACT_HEAD_OF_STATE_SIGNATURE]), &ok);
		put(o, "withdrawal_notified", jdate(v.withdrawal_notified), &ok);
		put(o, "withdrawal_effective", jdate(v.withdrawal_effective), &ok);
		/* A notice the treaty does not provide for (Ukraine's claimed
		 * suspension), with who contested it: a step toward the depositary
		 * that is not a withdrawal. */
		put(o, "claims", claims_json(ts, p, on, &ok), &ok);
		put(o, "acts", sources, &ok);
		push(list, o, &ok);
	}
	put(root, "meaning",
	    json_string("every state that took a step out of the treaty by the date: domestic steps after its consent (announced, government_decision, parliament_approved, signed_into_law; no legal effect by themselves), then the notification (notified), a notice period held by an armed conflict (held) and the withdrawal taking effect (effective)"),
	    &ok);
	put(root, "withdrawals", list, &ok);
	return json_text(root, ok);
}

/* An act of a declarations list: the act as act_json gives it, with the
 * state's name. */
static json_t *declared_json(const pacta_record *rec, uint32_t ai, bool *ok)
{
	json_t *o = act_json(rec, ai, ok);
	if (o)
		put(o, "name", json_string(rec->participants[rec->acts[ai].participant].name), ok);
	return o;
}

char *pacta_report_declarations_json(const pacta_treaty_status *ts, pacta_day on,
				     const pacta_declarations *list)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_rules *r = rules_of(ts);
	json_t *root = header(ts, on, &ok);
	json_t *rule = json_object(), *arr = json_array();
	if (!root || !rule || !arr) {
		json_decref(rule);
		json_decref(arr);
		json_decref(root);
		return NULL;
	}
	put(rule, "allowed", json_boolean(r->reservations_allowed), &ok);
	put(rule, "article", r->reservations.article ? json_string(r->reservations.article)
						     : json_null(), &ok);
	put(rule, "text", r->reservations.text ? json_string(r->reservations.text) : json_null(),
	    &ok);
	put(root, "reservations", rule, &ok);
	for (size_t i = 0; i < list->n; i++) {
		const pacta_declaration *d = &list->items[i];
		json_t *o = declared_json(rec, d->act, &ok), *resp = json_array();
		if (!o || !resp) {
			json_decref(o);
			json_decref(resp);
			ok = false;
			break;
		}
		put(o, "occasion", json_string(pacta_occasion_name(d->occasion)), &ok);
		if (d->occasion_act >= 0) {
			const pacta_act *u = &rec->acts[d->occasion_act];
			json_t *upon = json_object();
			put(upon, "action", json_string(pacta_action_name(u->action)), &ok);
			put(upon, "date", jdate(u->date), &ok);
			put(o, "upon", upon, &ok);
		} else {
			put(o, "upon", json_null(), &ok);
		}
		for (size_t k = 0; k < d->n_responses; k++)
			push(resp, declared_json(rec, list->responses[d->first_response + k], &ok),
			     &ok);
		put(o, "responses", resp, &ok);
		push(arr, o, &ok);
	}
	put(root, "declarations", arr, &ok);
	return json_text(root, ok);
}

char *pacta_report_territory_json(const pacta_treaty_status *ts, uint32_t p, const char *territory,
				  pacta_day on, const pacta_territory_view *view)
{
	bool ok = true;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	json_t *root = header(ts, on, &ok);
	if (!root)
		return NULL;
	put(root, "state", json_string(rec->participants[p].iso3), &ok);
	put(root, "name", json_string(rec->participants[p].name), &ok);
	put(root, "territory", json_string(territory), &ok);
	put(root, "applies", json_boolean(view->applies), &ok);
	put(root, "basis", json_string(pacta_territory_basis_name(view->basis)), &ok);
	put(root, "status", json_string(pacta_status_name(view->status)), &ok);
	put(root, "since", jdate(view->since), &ok);
	put(root, "act", view->act >= 0 ? act_json(rec, (uint32_t)view->act, &ok) : json_null(), &ok);
	return json_text(root, ok);
}
