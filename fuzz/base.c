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

pacta_record *fuzz_base_record(void)
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
