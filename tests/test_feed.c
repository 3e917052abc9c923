/*
 * test_feed.c - change feeds: which entries, their ids (stable across
 * runs), dates, the feed "on" a day, and both forms read back by parsers:
 * the Atom feed by libxml2 (with XPath), the JSON Feed by jansson.
 */
#include "fixture.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "pacta/feed.h"

/* ELB withdraws (notified 2009-07-01, effective 2010-01-01); BOR notifies
 * 2010-05-31 while engaged in an armed conflict, so its withdrawal is held
 * from 2010-11-30; HYR accedes 1999-08-15 (in force 2000-02-01). */
static void open_story(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "ELB", "withdrawal", "2009-07-01", NULL, NULL);
	fx_act(f, "BOR", "withdrawal", "2010-05-31", NULL, NULL);
	fx_act(f, "HYR", "accession", "1999-08-15", NULL, NULL);
	fx_conflict(f, "BOR", "2010-01-01", NULL);
	fx_finish(f);
}

static bool has(const pacta_feed_entry *es, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(es[i].id, id) == 0)
			return true;
	return false;
}

/* The entries of one state (iso3) as on `on`; *n their number. */
static pacta_feed_entry *entries_of(const struct fx *f, const char *iso3, const char *on, size_t *n)
{
	pacta_feed_entry *es;
	pacta_error err;
	uint32_t p = fx_p(f, iso3);
	if (pacta_feed_entries(f->ts, fx_day(on), &p, 1, &es, n, &err) != PACTA_OK)
		fail_msg("feed entries: %s", err.message);
	return es;
}

static void test_entries(void **state)
{
	(void)state;
	struct fx f = {0};
	size_t n;
	open_story(&f);
	pacta_feed_entry *es = entries_of(&f, "ELB", "2020-01-01", &n);
	assert_int_equal(n, 5);
	/* Newest first. */
	assert_string_equal(es[0].id, "tag:pacta,2025:mini/ELB/withdrawal-effective/2010-01-01");
	assert_string_equal(es[1].id, "tag:pacta,2025:mini/ELB/withdrawal-notified/2009-07-01");
	assert_string_equal(es[2].id, "tag:pacta,2025:mini/ELB/entry-into-force/1999-03-01");
	assert_string_equal(es[3].id, "tag:pacta,2025:mini/ELB/consent/1998-08-01");
	assert_string_equal(es[4].id, "tag:pacta,2025:mini/ELB/signature/1997-12-04");
	/* A withdrawal's effective date is known from its notification. */
	assert_day(es[0].published, "2009-07-01");
	assert_day(es[0].date, "2010-01-01");
	/* The treaty's entry into force became known with the third
	 * instrument (1998-09-16), after ELB's own. */
	assert_day(es[2].published, "1998-09-16");
	for (size_t i = 0; i < n; i++) {
		assert_true(es[i].updated == es[i].published); /* no record time */
		assert_true(es[i].act >= 0);
	}
	free(es);
	fx_close(&f);
}

/* An entry of the record as first loaded is updated when published; one
 * whose act was recorded later, on its record day (never after the feed's
 * day). */
static void test_updated(void **state)
{
	(void)state;
	struct fx f = {0};
	size_t n;
	open_story(&f);
	uint32_t notice = fx_find_act(&f, "ELB", "withdrawal", "2009-07-01");
	for (size_t i = 0; i < f.rec->n_acts; i++)
		f.rec->acts[i].recorded = fx_day("2020-01-01");
	f.rec->acts[notice].recorded = fx_day("2021-03-05");
	pacta_feed_entry *es = entries_of(&f, "ELB", "2022-01-01", &n);
	assert_int_equal(n, 5);
	assert_day(es[0].updated, "2021-03-05"); /* withdrawal effective */
	assert_day(es[1].updated, "2021-03-05"); /* withdrawal notified */
	assert_day(es[3].updated, "1998-08-01"); /* consent: as published */
	assert_day(es[4].updated, "1997-12-04");
	free(es);
	es = entries_of(&f, "ELB", "2021-01-01", &n);
	assert_day(es[1].updated, "2021-01-01"); /* never after the feed's day */
	free(es);
	fx_close(&f);
}

static void test_on(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_feed_entry *es;
	size_t n;
	pacta_error err;
	open_story(&f);
	/* The day after the notification: the effective date is an entry. */
	es = entries_of(&f, "ELB", "2009-07-02", &n);
	assert_true(has(es, n, "tag:pacta,2025:mini/ELB/withdrawal-effective/2010-01-01"));
	free(es);
	/* The day before: no withdrawal at all. */
	es = entries_of(&f, "ELB", "2009-06-30", &n);
	assert_int_equal(n, 3);
	assert_false(has(es, n, "tag:pacta,2025:mini/ELB/withdrawal-notified/2009-07-01"));
	free(es);
	/* Before anything happened: an empty feed. */
	assert_int_equal(pacta_feed_entries(f.ts, fx_day("1990-01-01"), NULL, 0, &es, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 0);
	free(es);
	uint32_t bad = 999;
	assert_int_equal(pacta_feed_entries(f.ts, fx_day("2020-01-01"), &bad, 1, &es, &n, &err),
			 PACTA_ERR_USAGE);
	fx_close(&f);
}

static void test_held(void **state)
{
	(void)state;
	struct fx f = {0};
	size_t n;
	open_story(&f);
	pacta_feed_entry *es = entries_of(&f, "BOR", "2020-01-01", &n);
	assert_true(has(es, n, "tag:pacta,2025:mini/BOR/withdrawal-held/2010-11-30"));
	assert_false(has(es, n, "tag:pacta,2025:mini/BOR/withdrawal-effective/2010-11-30"));
	free(es);
	fx_close(&f);
}

static char *write_feed(const struct fx *f, pacta_feed_format fmt, const uint32_t *who, size_t n,
			const char *self)
{
	char *text;
	size_t len;
	pacta_error err;
	if (pacta_feed_write(f->ts, fx_day("2020-01-01"), who, n, fmt, self, &text, &len, &err))
		fail_msg("feed: %s", err.message);
	assert_int_equal(len, strlen(text));
	return text;
}

static void test_stable(void **state)
{
	(void)state;
	struct fx a = {0}, b = {0};
	open_story(&a);
	open_story(&b);
	for (int fmt = 0; fmt < 2; fmt++) {
		char *x = write_feed(&a, (pacta_feed_format)fmt, NULL, 0, NULL);
		char *y = write_feed(&b, (pacta_feed_format)fmt, NULL, 0, NULL);
		char *z = write_feed(&a, (pacta_feed_format)fmt, NULL, 0, NULL);
		assert_string_equal(x, y);
		assert_string_equal(x, z);
		free(x);
		free(y);
		free(z);
	}
	fx_close(&a);
	fx_close(&b);
}

static long xcount(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	assert_non_null(o);
	long n = o->type == XPATH_NUMBER ? (long)o->floatval
		 : o->nodesetval       ? o->nodesetval->nodeNr
				       : 0;
	xmlXPathFreeObject(o);
	return n;
}

static void test_atom_parses(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_feed_entry *es;
	size_t n;
	pacta_error err;
	open_story(&f);
	uint32_t who[] = {fx_p(&f, "ELB"), fx_p(&f, "BOR")};
	char *text = write_feed(&f, PACTA_FEED_ATOM, who, 2, "https://example.org/feed?a=1&b=<2>");
	assert_int_equal(pacta_feed_entries(f.ts, fx_day("2020-01-01"), who, 2, &es, &n, &err),
			 PACTA_OK);
	xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), "feed.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		fail_msg("libxml2 cannot read the feed:\n%s", text);
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"a", (const xmlChar *)"http://www.w3.org/2005/Atom");
	assert_int_equal(xcount(ctx, "count(/a:feed)"), 1);
	assert_int_equal(xcount(ctx, "count(/a:feed/a:id)"), 1);
	assert_int_equal(xcount(ctx, "count(/a:feed/a:updated)"), 1);
	assert_int_equal(xcount(ctx, "count(/a:feed/a:author/a:name)"), 1);
	assert_int_equal(xcount(ctx, "count(/a:feed/a:link[@rel='self' and @href='https://example.org/feed?a=1&b=<2>'])"), 1);
	assert_int_equal(xcount(ctx, "count(/a:feed/a:entry)"), (long)n);
	/* RFC 4287 4.1.2: every entry has exactly one id, title, updated. */
	assert_int_equal(xcount(ctx, "count(/a:feed/a:entry[count(a:id) = 1 and count(a:title) = 1"
				     " and count(a:updated) = 1 and a:link/@href])"),
			 (long)n);
	char expr[512];
	for (size_t i = 0; i < n; i++) {
		snprintf(expr, sizeof(expr), "count(/a:feed/a:entry[a:id = '%s'])", es[i].id);
		assert_int_equal(xcount(ctx, expr), 1);
	}
	assert_int_equal(xcount(ctx, "count(/a:feed/a:entry[a:updated = '2010-05-31T00:00:00Z'"
				     " and a:id = 'tag:pacta,2025:mini/BOR/withdrawal-notified/2010-05-31'])"),
			 1);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	free(text);
	free(es);
	fx_close(&f);
}

static void test_json_feed(void **state)
{
	(void)state;
	struct fx f = {0};
	open_story(&f);
	uint32_t elb = fx_p(&f, "ELB");
	char *text = write_feed(&f, PACTA_FEED_JSON, &elb, 1, NULL);
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "version")),
			    "https://jsonfeed.org/version/1.1");
	assert_null(json_object_get(j, "feed_url"));
	json_t *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), 5);
	json_t *first = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(first, "id")),
			    "tag:pacta,2025:mini/ELB/withdrawal-effective/2010-01-01");
	assert_string_equal(json_string_value(json_object_get(first, "date_published")),
			    "2009-07-01T00:00:00Z");
	assert_non_null(strstr(json_string_value(json_object_get(first, "title")), "2010-01-01"));
	assert_string_equal(json_string_value(json_array_get(json_object_get(first, "tags"), 0)),
			    "withdrawal-effective");
	json_decref(j);
	free(text);
	pacta_feed_format fmt;
	assert_true(pacta_feed_format_parse("json", &fmt) && fmt == PACTA_FEED_JSON);
	assert_true(pacta_feed_format_parse("atom", &fmt) && fmt == PACTA_FEED_ATOM);
	assert_false(pacta_feed_format_parse("rss", &fmt));
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_updated),	    cmocka_unit_test(test_on),
		cmocka_unit_test(test_held),	    cmocka_unit_test(test_stable),
		cmocka_unit_test(test_atom_parses), cmocka_unit_test(test_json_feed),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
