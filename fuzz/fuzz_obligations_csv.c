/*
 * fuzz_obligations_csv.c - the obligations CSV import: imported or refused
 * with an error, all or nothing.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pacta_record *rec = fuzz_base_record();
	pacta_error err;

	if (!rec)
		return 0;
	if (pacta_record_load_obligations_csv(rec, 0, (const char *)data, size, "fuzz.csv", &err) !=
	    PACTA_OK) {
		if (rec->n_obligation_events != 0)
			fuzz_fail("a refused import added obligation events");
		if (!err.message[0])
			fuzz_fail("a refused import gave no reason");
		fuzz_base_return(rec, false);
		return 0;
	}
	fuzz_base_return(rec, true);
	return 0;
}
