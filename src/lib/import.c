/*
 * import.c - adding acts to a stored record: parse, check, append, all or
 * nothing.
 *
 * What this module must never do: write when a check fails, or judge acts
 * itself (the record checks and the treaty's rules do).
 */
#include <string.h>

#include "pacta/date.h"
#include "pacta/import.h"
#include "array.h"

/* Finishes rec and runs the record checks; the problems that do not
 * involve only stored acts go to problems and make it PACTA_ERR_CHECK. */
static pacta_rc check_new(pacta_record *rec, pacta_diags *problems, pacta_error *err)
{
	pacta_diags all = { 0 };
	long blocking = 0;
	pacta_rc rc;

	if ((rc = pacta_record_finish(rec, err)) != PACTA_OK)
		return rc;
	if (pacta_record_check(rec, &all) < 0) {
		pacta_diags_free(&all);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	for (size_t i = 0; i < all.n; i++) {
		if (strncmp(all.items[i].where, "store:", 6) == 0)
			continue;
		void *items = problems->items;
		if (array_grow(&items, problems->n, &problems->cap, sizeof(pacta_diag)) != 0) {
			pacta_diags_free(&all);
			return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		}
		problems->items = items;
		/* The message is copied; where points into rec, which outlives it. */
		problems->items[problems->n++] = all.items[i];
		blocking++;
	}
	pacta_diags_free(&all);
	if (blocking)
		return pacta_error_set(err, PACTA_ERR_CHECK, "",
				       "%ld problem%s; nothing was recorded", blocking,
				       blocking == 1 ? "" : "s");
	return PACTA_OK;
}

pacta_rc pacta_import_append(pacta_store *st, pacta_record *rec, const char *who, const char *why,
			     pacta_diags *problems, pacta_error *err)
{
	pacta_rc rc;

	if (!st || !rec || !problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "no store, record or problem list");
	if ((rc = check_new(rec, problems, err)) != PACTA_OK)
		return rc;
	return pacta_store_append_acts(st, rec, 0, who, why, err);
}

pacta_rc pacta_import_correct(pacta_store *st, pacta_record *rec, uint32_t old_id,
			      const pacta_act *fixed, const char *who, const char *why,
			      pacta_diags *problems, uint32_t *new_id, pacta_error *err)
{
	size_t i = 0;
	pacta_act act;
	pacta_rc rc;

	if (!st || !rec || !fixed || !problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "no store, record, act or problem list");
	while (i < rec->n_acts && !(rec->acts[i].id == old_id && rec->acts[i].treaty == fixed->treaty))
		i++;
	if (old_id == 0 || i == rec->n_acts)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, "",
				       "act %u is not an act of %s in the current record",
				       (unsigned)old_id,
				       fixed->treaty < rec->n_treaties ?
					       rec->treaties[fixed->treaty].rules.id : "that treaty");
	/* The checks see the record as it will be: the correction in place
	 * of the act, as a new act (no store origin), so its problems block. */
	act = *fixed;
	act.id = 0;
	if (!act.origin || strncmp(act.origin, "store:", 6) == 0)
		act.origin = "correction";
	rec->acts[i] = act;
	if ((rc = check_new(rec, problems, err)) != PACTA_OK)
		return rc;
	return pacta_store_correct_act(st, rec, old_id, &act, who, why, new_id, err);
}

pacta_rc pacta_import_acts_csv(pacta_store *st, pacta_record *rec, int32_t treaty, const char *data,
			       size_t len, const char *name, const char *who, const char *why,
			       pacta_diags *problems, size_t *added, pacta_error *err)
{
	size_t before;
	pacta_rc rc;

	if (!rec || !added)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no record");
	*added = 0;
	before = rec->n_acts;
	rc = pacta_record_load_acts_csv(rec, treaty, data, len, name, pacta_date_today(), err);
	if (rc != PACTA_OK)
		return rc;
	*added = rec->n_acts - before;
	return pacta_import_append(st, rec, who, why, problems, err);
}
