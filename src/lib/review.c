/*
 * review.c - a proposal accepted into the record, or rejected
 * (pacta/update.h). Accepting goes through the same checked, all-or-nothing,
 * hash-chained write as any other (pacta/import.h), with the snapshot the
 * proposal came from named in the history's reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pacta/import.h"
#include "pacta/update.h"

static const char *str(pacta_record *rec, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return pacta_record_strdup(rec, s ? s : "");
}

static pacta_day day(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	pacta_day d = PACTA_DAY_NONE;
	if (s && !pacta_date_parse(s, strlen(s), &d))
		d = PACTA_DAY_NONE;
	return d;
}

/* The proposal's act against rec, in a. */
static pacta_rc act_of(const pacta_proposal *p, pacta_record *rec, const char *source,
		       pacta_act *a, pacta_error *err)
{
	json_t *o = p->act ? json_loads(p->act, 0, NULL) : NULL;
	int32_t t = pacta_record_treaty_by_id(rec, p->treaty);
	const char *state = o ? json_string_value(json_object_get(o, "state")) : NULL;
	const char *target = o ? json_string_value(json_object_get(o, "target")) : NULL;
	const char *action = o ? json_string_value(json_object_get(o, "action")) : NULL;
	int32_t who = state ? pacta_record_participant_by_iso3(rec, state) : -1;
	int32_t tgt = target ? pacta_record_participant_by_iso3(rec, target) : -1;
	pacta_action act;
	if (!o || t < 0 || who < 0 || (target && tgt < 0) || !action ||
	    !pacta_action_parse(action, &act)) {
		json_decref(o);
		return pacta_error_set(err, PACTA_ERR_CHECK, "",
				       "proposal %lld: its act no longer fits the record (its treaty, state or action is unknown)",
				       p->id);
	}
	pacta_act_init(a);
	a->treaty = (uint32_t)t;
	a->participant = (uint32_t)who;
	a->action = act;
	a->date = day(o, "date");
	a->effective = day(o, "effective");
	a->target = tgt;
	a->source_url = source ? pacta_record_strdup(rec, source) : str(rec, o, "source_url");
	a->note = str(rec, o, "note");
	a->notification = str(rec, o, "notification");
	a->circulated = day(o, "circulated");
	a->territory = str(rec, o, "territory");
	a->text = str(rec, o, "text");
	a->recorded = pacta_date_today();
	a->origin = "review";
	json_decref(o);
	if (!a->source_url || !a->note || !a->notification || !a->territory || !a->text)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	return PACTA_OK;
}

/* The last history entry: the change an accept has just written. */
static long long last_change(pacta_store *st)
{
	pacta_history_entry *h;
	size_t n;
	pacta_error err;
	long long id = 0;
	if (pacta_store_history(st, &h, &n, &err) == PACTA_OK) {
		if (n)
			id = h[n - 1].id;
		free(h);
	}
	return id;
}

pacta_rc pacta_review_accept(pacta_store *st, pacta_record *rec, long long id, const char *source,
			     const char *note, const char *who, unsigned flags,
			     pacta_diags *problems, long long *change, pacta_error *err)
{
	*change = 0;
	pacta_proposal p;
	pacta_rc rc = pacta_store_proposal_get(st, id, &p, err);
	if (rc != PACTA_OK)
		return rc;
	if (p.status != PACTA_PROPOSAL_PENDING) {
		rc = pacta_error_set(err, PACTA_ERR_CHECK, "", "proposal %lld was %s already (%s by %s)",
				     id, pacta_proposal_status_name(p.status), p.decided_at,
				     p.decided_by ? p.decided_by : "?");
		goto out;
	}
	pacta_snapshot s;
	if ((rc = pacta_store_snapshot_get(st, p.snapshot, &s, err)) != PACTA_OK)
		goto out;
	/* The history keeps a reason of under 256 bytes. */
	char why[256];
	snprintf(why, sizeof(why), "proposal %lld accepted: %.16s snapshot %lld (%.60s, %s), sha256 %.64s",
		 p.id, p.treaty, s.id, s.url, s.fetched_at, s.sha256);
	pacta_snapshot_clear(&s);
	if (p.kind == PACTA_PROPOSAL_NEW || p.kind == PACTA_PROPOSAL_DATE) {
		pacta_act a;
		if ((rc = act_of(&p, rec, source, &a, err)) != PACTA_OK)
			goto out;
		if (p.kind == PACTA_PROPOSAL_NEW) {
			rc = pacta_record_add_act(rec, &a, err);
			if (rc == PACTA_OK)
				rc = pacta_import_append(st, rec, who, why, flags, problems, err);
		} else {
			/* The act as recorded, with the page's date: its note,
			 * notification and the rest stay as they were. */
			for (size_t i = 0; i < rec->n_acts; i++) {
				if (rec->acts[i].id != (uint32_t)p.supersedes)
					continue;
				pacta_day date = a.date;
				const char *src = a.source_url;
				a = rec->acts[i];
				a.date = date;
				if (source)
					a.source_url = src;
				a.recorded = pacta_date_today();
				break;
			}
			uint32_t new_id;
			rc = pacta_import_correct(st, rec, (uint32_t)p.supersedes, &a, who, why, flags,
						  problems, &new_id, err);
		}
		if (rc != PACTA_OK)
			goto out;
		*change = last_change(st);
	}
	rc = pacta_store_proposal_decide(st, id, true, who, note, *change, err);
out:
	pacta_proposal_clear(&p);
	return rc;
}

pacta_rc pacta_review_reject(pacta_store *st, long long id, const char *who, const char *note,
			     pacta_error *err)
{
	pacta_proposal p;
	pacta_rc rc = pacta_store_proposal_get(st, id, &p, err);
	if (rc != PACTA_OK)
		return rc;
	if (p.status != PACTA_PROPOSAL_PENDING)
		rc = pacta_error_set(err, PACTA_ERR_CHECK, "", "proposal %lld was %s already (%s by %s)",
				     id, pacta_proposal_status_name(p.status), p.decided_at,
				     p.decided_by ? p.decided_by : "?");
	else
		rc = pacta_store_proposal_decide(st, id, false, who, note, 0, err);
	pacta_proposal_clear(&p);
	return rc;
}
