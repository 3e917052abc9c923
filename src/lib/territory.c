/*
 * territory.c - whether a treaty applies to one territory of a state (see
 * pacta/territory.h).
 */
#include "pacta/territory.h"

#include <strings.h>

const char *pacta_territory_basis_name(pacta_territory_basis b)
{
	static const char *const names[] = {"whole_territory", "extended", "not_yet_extended",
					    "excluded"};
	return (unsigned)b <= PACTA_TERRITORY_EXCLUDED ? names[b] : "?";
}

static bool territorial(const pacta_act *a, const char *territory)
{
	return (a->action == PACTA_ACT_TERRITORIAL_APPLICATION ||
		a->action == PACTA_ACT_TERRITORIAL_EXCLUSION) &&
	       strcasecmp(a->territory, territory) == 0;
}

/* The day an act takes effect: its stated effective day, else its date. */
static pacta_day effect_of(const pacta_act *a)
{
	return a->effective != PACTA_DAY_NONE ? a->effective : a->date;
}

pacta_rc pacta_territory_status(const pacta_treaty_status *ts, uint32_t p, const char *territory,
				pacta_day day, pacta_territory_view *out, pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	size_t first, last;
	int32_t latest = -1;
	bool later_application = false;

	out->basis = PACTA_TERRITORY_WHOLE;
	out->applies = false;
	out->status = PACTA_STATUS_NONE;
	out->since = PACTA_DAY_NONE;
	out->act = -1;
	if (!territory || !*territory)
		return pacta_error_set(err, PACTA_ERR_USAGE, "territory", "name a territory");
	if (pacta_record_participant_by_iso3(rec, territory) >= 0)
		return pacta_error_set(err, PACTA_ERR_USAGE, "territory",
				       "%.8s names a state in the record, not one of its territories",
				       territory);
	if (p >= rec->n_participants)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no participant %u", p);
	pacta_record_acts_of(rec, pacta_treaty_status_treaty(ts), p, &first, &last);
	/* Acts are in date order: the last one in effect by day wins. */
	for (size_t i = first; i < last; i++) {
		const pacta_act *a = &rec->acts[i];
		if (!territorial(a, territory))
			continue;
		if (effect_of(a) <= day)
			latest = (int32_t)i;
		else if (a->action == PACTA_ACT_TERRITORIAL_APPLICATION)
			later_application = true;
	}
	const pacta_interval *iv = NULL;
	pacta_status st = pacta_status_on(ts, p, day, &iv);
	if (latest >= 0) {
		const pacta_act *a = &rec->acts[latest];
		out->act = latest;
		out->basis = a->action == PACTA_ACT_TERRITORIAL_APPLICATION
				     ? PACTA_TERRITORY_EXTENDED
				     : PACTA_TERRITORY_EXCLUDED;
	} else if (later_application) {
		out->basis = PACTA_TERRITORY_NOT_EXTENDED;
	}
	out->applies = out->basis == PACTA_TERRITORY_WHOLE || out->basis == PACTA_TERRITORY_EXTENDED;
	if (!out->applies)
		return PACTA_OK;
	out->status = st;
	if (st != PACTA_STATUS_NONE && iv) {
		out->since = iv->from;
		if (out->act >= 0 && effect_of(&rec->acts[out->act]) > out->since)
			out->since = effect_of(&rec->acts[out->act]);
	}
	return PACTA_OK;
}

int32_t pacta_territory_holder(const pacta_treaty_status *ts, const char *territory, pacta_day day)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	size_t first, last;
	int32_t holder = -1;
	pacta_day when = PACTA_DAY_NONE;

	pacta_record_acts_of_treaty(rec, pacta_treaty_status_treaty(ts), &first, &last);
	for (size_t i = first; i < last; i++) {
		const pacta_act *a = &rec->acts[i];
		if (territorial(a, territory) && a->date <= day &&
		    (when == PACTA_DAY_NONE || a->date >= when)) {
			holder = (int32_t)a->participant;
			when = a->date;
		}
	}
	return holder;
}
