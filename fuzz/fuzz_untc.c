/*
 * fuzz_untc.c - the UNTC status page import: any bytes are read as a page
 * or refused with an error; a page read is added to a record all or
 * nothing, and written back as CSV.
 */
#include <stdio.h>

#include "fuzz.h"
#include "pacta/untc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pacta_record *rec = fuzz_base_record();
	pacta_untc_page *page = NULL;
	pacta_error err;
	size_t added = 0, skipped = 0, before;
	bool changed = false;
	FILE *sink;

	if (!rec)
		return 0;
	if (pacta_untc_parse((const char *)data, size, "fuzz.html", rec, &page, &err) != PACTA_OK) {
		if (page)
			fuzz_fail("a refused page was returned");
		if (!err.message[0])
			fuzz_fail("a refused page gave no reason");
		fuzz_base_return(rec, false);
		return 0;
	}
	(void)pacta_untc_problems(page);
	(void)pacta_untc_counts_agree(page);
	before = rec->n_acts;
	if (pacta_untc_add_acts(page, rec, 0, 20000, &added, &skipped, &err) != PACTA_OK) {
		if (rec->n_acts != before)
			fuzz_fail("a refused page added acts");
	} else {
		if (rec->n_acts != before + added)
			fuzz_fail("the acts added are not the count reported");
		changed = true;
	}
	sink = fopen("/dev/null", "w");
	if (sink) {
		if (pacta_untc_write_csv(page, rec, sink, &err) != PACTA_OK && !err.message[0])
			fuzz_fail("a failed CSV write gave no reason");
		fclose(sink);
	}
	pacta_untc_page_free(page);
	fuzz_base_return(rec, changed);
	return 0;
}
