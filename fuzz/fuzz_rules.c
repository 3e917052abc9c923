/*
 * fuzz_rules.c - rules files (JSON): any bytes become a treaty or are
 * refused with an error that names where; a refused file adds no treaty.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pacta_record *rec = pacta_record_new();
	pacta_error err;

	if (!rec)
		return 0;
	if (pacta_record_add_treaty(rec, (const char *)data, size, "fuzz.json", &err) != PACTA_OK) {
		if (rec->n_treaties != 0)
			fuzz_fail("a refused rules file added a treaty");
		if (!err.message[0])
			fuzz_fail("a refused rules file gave no reason");
	}
	pacta_record_free(rec);
	return 0;
}
