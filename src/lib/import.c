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

pacta_rc pacta_import_append(pacta_store *st, pacta_record *rec, const char *who, const char *why,
			     pacta_diags *problems, pacta_error *err)
{
	pacta_diags all = { 0 };
	long blocking = 0;
	pacta_rc rc;

	if (!st || !rec || !problems)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "no store, record or problem list");
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
	return pacta_store_append_acts(st, rec, 0, who, why, err);
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
