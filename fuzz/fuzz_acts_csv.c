/*
 * fuzz_acts_csv.c - the acts CSV import: any bytes are imported or refused
 * with an error; a refused import leaves the record as it was; an accepted
 * one finishes and passes through the record checks.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pacta_record *rec = fuzz_base_record();
	pacta_diags diags = {0};
	pacta_error err;
	size_t before;

	if (!rec)
		return 0;
	before = rec->n_acts;
	if (pacta_record_load_acts_csv(rec, 0, (const char *)data, size, "fuzz.csv", 20000, &err) !=
	    PACTA_OK) {
		if (rec->n_acts != before)
			fuzz_fail("a refused import added acts");
		if (!err.message[0])
			fuzz_fail("a refused import gave no reason");
		fuzz_base_return(rec, false);
		return 0;
	}
	if (pacta_record_finish(rec, &err) == PACTA_OK)
		pacta_record_check(rec, &diags);
	pacta_diags_free(&diags);
	fuzz_base_return(rec, true);
	return 0;
}
