/*
 * base.c - the record the import harnesses start from (see fuzz.h).
 */
#include "fuzz.h"
#include "../tests/rules_tt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_json[] = TT_RULES_JSON;

void fuzz_fail(const char *what)
{
	fprintf(stderr, "invariant broken: %s\n", what);
	abort();
}

/* The harness's own state between inputs (libFuzzer calls one input at a
 * time); the library keeps none. */
static pacta_record *kept;

/* What a refused input must leave unchanged. */
struct base_counts {
	size_t participants, treaties, acts, conflicts, obligation_events, stated;
};
static struct base_counts kept_counts;

static struct base_counts counts_of(const pacta_record *rec)
{
	struct base_counts c = {
		.participants = rec->n_participants,
		.treaties = rec->n_treaties,
		.acts = rec->n_acts,
		.conflicts = rec->n_conflicts,
		.obligation_events = rec->n_obligation_events,
		.stated = rec->n_stated,
	};
	return c;
}

static void free_kept(void)
{
	pacta_record_free(kept);
	kept = NULL;
}

static pacta_record *build_base_record(void)
{
	static const char *const iso3[] = {"LVA", "RUS", "EST", "USA"};
	pacta_record *rec = pacta_record_new();
	pacta_error err;

	if (!rec)
		return NULL;
	for (size_t i = 0; i < sizeof(iso3) / sizeof(iso3[0]); i++) {
		pacta_participant p;
		memset(&p, 0, sizeof(p));
		memcpy(p.iso3, iso3[i], 4);
		p.name = iso3[i];
		p.depositary_name = iso3[i];
		p.kind = PACTA_KIND_STATE;
		p.un_member_since = PACTA_DAY_NONE;
		p.source_url = "https://example.org/states";
		if (pacta_record_add_participant(rec, &p, &err) != PACTA_OK)
			goto fail;
	}
	if (pacta_record_add_treaty(rec, rules_json, sizeof(rules_json) - 1, "tt.json", &err) !=
		    PACTA_OK ||
	    pacta_record_finish(rec, &err) != PACTA_OK)
		goto fail;
	return rec;
fail:
	pacta_record_free(rec);
	return NULL;
}

pacta_record *fuzz_base_record(void)
{
	static bool registered;

	if (!kept) {
		kept = build_base_record();
		if (kept)
			kept_counts = counts_of(kept);
	}
	if (!registered) {
		/* So that leak checkers see the last one freed. */
		atexit(free_kept);
		registered = true;
	}
	return kept;
}

void fuzz_base_return(pacta_record *rec, bool changed)
{
	struct base_counts now;

	if (!rec || rec != kept)
		fuzz_fail("a record that is not the base was given back");
	if (changed) {
		free_kept();
		return;
	}
	now = counts_of(rec);
	if (memcmp(&now, &kept_counts, sizeof(now)) != 0)
		fuzz_fail("an input that was refused changed the record");
}
