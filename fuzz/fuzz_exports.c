/*
 * fuzz_exports.c - the exporters' invariants over records made from any
 * acts CSV: every JSON answer (status, timeline, counts series, data
 * package descriptor, JSON Feed) parses back as JSON, the Atom feed is
 * produced whole, every iCalendar line is CRLF-ended and folded at 75
 * octets, every panel line (CSV, NDJSON; year and day units) is whole and
 * every NDJSON line a JSON object, every data package table is written,
 * and none of them crashes whatever the record holds.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "pacta/counts.h"
#include "pacta/datapackage.h"
#include "pacta/feed.h"
#include "pacta/ical.h"
#include "pacta/panel.h"
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

/* Every line of text[0..len) ends with eol; with max, none is longer than
 * max octets before its end. */
static bool lines_ok(const char *text, size_t len, const char *eol, size_t max)
{
	size_t eol_len = strlen(eol), start = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		size_t end = i + 1;
		if (end - start < eol_len || memcmp(text + end - eol_len, eol, eol_len) != 0)
			return false;
		if (max && end - start - eol_len > max)
			return false;
		start = end;
	}
	return start == len;
}

static void panel_ok(const pacta_treaty_status *ts, pacta_panel_format fmt, pacta_unit unit,
		     pacta_day from, pacta_day to)
{
	pacta_panel_options po;
	pacta_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return;
	memset(&po, 0, sizeof(po));
	po.from = from;
	po.to = to;
	po.unit = unit;
	po.all_states = true;
	pacta_rc rc = pacta_panel_write(out, fmt, &ts, 1, &po, &err);
	if (fclose(out) == 0 && rc == PACTA_OK) {
		if (!lines_ok(text, len, fmt == PACTA_PANEL_CSV ? "\r\n" : "\n", 0))
			fuzz_fail("a panel line is not whole");
		for (char *line = text; fmt == PACTA_PANEL_NDJSON && line < text + len;) {
			char *nl = memchr(line, '\n', (size_t)(text + len - line));
			json_error_t jerr;
			json_t *v = json_loadb(line, (size_t)(nl - line), 0, &jerr);
			if (!json_is_object(v))
				fuzz_fail("an NDJSON panel line is not a JSON object");
			json_decref(v);
			line = nl + 1;
		}
	}
	free(text);
}

static void tables_ok(const pacta_record *rec, pacta_day on)
{
	static const char *const tables[] = {"treaties", "states", "groups", "acts",
					     "status_intervals", "obligations"};
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		pacta_error err;
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		if (!out)
			continue;
		pacta_rc rc = pacta_datapackage_write_resource(rec, tables[i], on, out, &err);
		if (fclose(out) == 0 && rc == PACTA_OK && (len < 2 || memcmp(text + len - 2, "\r\n", 2)))
			fuzz_fail("a data package table is not whole");
		free(text);
	}
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
	feed = NULL;
	if (pacta_feed_write(ts, on, NULL, 0, PACTA_FEED_JSON, "https://example.org/feed.json",
			     &feed, &len, &err) == PACTA_OK)
		json_ok(feed, "the JSON Feed does not parse");
	else
		free(feed);
	feed = NULL;
	if (pacta_ical_write(ts, on, NULL, 0, &feed, &len, &err) == PACTA_OK &&
	    (!feed || strlen(feed) != len || !lines_ok(feed, len, "\r\n", 75) ||
	     !strstr(feed, "END:VCALENDAR\r\n")))
		fuzz_fail("the iCalendar text is not whole, CRLF-ended and folded");
	free(feed);
	panel_ok(ts, PACTA_PANEL_CSV, PACTA_UNIT_YEAR, from, on);
	panel_ok(ts, PACTA_PANEL_NDJSON, PACTA_UNIT_YEAR, on - 730, on);
	panel_ok(ts, PACTA_PANEL_CSV, PACTA_UNIT_DAY, on - 45, on);
	tables_ok(rec, on);
	pacta_treaty_status_free(ts);
	fuzz_base_return(rec, true);
	return 0;
}
