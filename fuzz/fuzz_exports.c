/*
 * fuzz_exports.c - the exporters' invariants over records made from any
 * acts CSV: every JSON answer (status, timeline, counts series, data
 * package descriptor) parses back as JSON, the Atom feed is produced whole,
 * and none of them crashes whatever the record holds.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "pacta/counts.h"
#include "pacta/datapackage.h"
#include "pacta/feed.h"
#include "pacta/report.h"
#include "pacta/status.h"

/* A JSON answer must parse; NULL is out of memory, allowed. */
static void json_ok(char *text, const char *what)
{
	json_error_t jerr;
	json_t *v;

	if (!text)
		return;
	v = json_loads(text, 0, &jerr);
	if (!v)
		fuzz_fail(what);
	json_decref(v);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pacta_record *rec = fuzz_base_record();
	pacta_treaty_status *ts = NULL;
	pacta_error err;
	pacta_day on = 20000, from = 10000;
	char *feed = NULL;
	size_t len = 0;

	if (!rec)
		return 0;
	if (pacta_record_load_acts_csv(rec, 0, (const char *)data, size, "fuzz.csv", on, &err) !=
	    PACTA_OK) {
		fuzz_base_return(rec, false);
		return 0;
	}
	if (pacta_record_finish(rec, &err) != PACTA_OK ||
	    pacta_status_compile(rec, 0, &ts, &err) != PACTA_OK) {
		fuzz_base_return(rec, true);
		return 0;
	}
	json_ok(pacta_report_status_json(ts, on, NULL, 0), "status JSON does not parse");
	for (uint32_t p = 0; p < rec->n_participants; p++)
		json_ok(pacta_report_timeline_json(ts, p), "timeline JSON does not parse");
	json_ok(pacta_counts_series_json(ts, from, on, PACTA_UNIT_YEAR, &err),
		"counts JSON does not parse");
	json_ok(pacta_datapackage_descriptor(rec, on), "data package descriptor does not parse");
	if (pacta_feed_write(ts, on, NULL, 0, PACTA_FEED_ATOM, NULL, &feed, &len, &err) ==
	    PACTA_OK) {
		if (!feed || strlen(feed) != len || !strstr(feed, "</feed>"))
			fuzz_fail("the Atom feed is not whole");
	}
	free(feed);
	pacta_treaty_status_free(ts);
	fuzz_base_return(rec, true);
	return 0;
}
