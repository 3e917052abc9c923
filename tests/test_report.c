/*
 * test_report.c - the JSON answers, parsed back with jansson: keys and
 * values of the status answer per state (dates that depend on later acts
 * are null), the parties answer with and without a group, diffs with
 * their became/ceased counts, explanations, timelines, the lists of
 * treaties and states, and the obligations answer's evidence, requests and
 * re-opening.
 */
#include <jansson.h>

#include "pacta/obligations.h"
#include "pacta/report.h"

#include "fixture.h"

static void add_member(struct fx *f, const char *group, const char *iso3, const char *from)
{
	pacta_group_member g;
	pacta_error err;

	memset(&g, 0, sizeof(g));
	g.group = group;
	g.participant = fx_p(f, iso3);
	g.from = fx_day(from);
	g.to = PACTA_DAY_NONE;
	g.source_url = "https://example.org/g";
	assert_int_equal(pacta_record_add_group_member(f->rec, &g, &err), PACTA_OK);
}

static void open_record(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "ratification", "1998-11-13", NULL, NULL);
	fx_act(f, "ILL", "signature", "1997-12-10", NULL, NULL);
	fx_act(f, "KRA", "signature", "1997-12-04", NULL, NULL);
	fx_act(f, "KRA", "ratification", "1998-12-01", NULL, NULL);
	fx_act(f, "KRA", "provisional_application", "1998-12-01", NULL, NULL);
	fx_act(f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_act(f, "LAT", "accession", "2005-07-01", NULL, NULL);
	fx_act(f, "LAT", "withdrawal", "2025-06-27", NULL, NULL);
	fx_act(f, "POT", "accession", "2000-01-10", NULL, NULL);
	fx_act(f, "POT", "withdrawal", "2025-06-27", NULL, NULL);
	fx_conflict(f, "POT", "2024-01-01", NULL);
	fx_act(f, "WAD", "accession", "2005-12-27", NULL, NULL);
	fx_act(f, "WAD", "government_decision", "2025-06-29", NULL, NULL);
	fx_act(f, "WAD", "suspension_claim", "2025-07-18", NULL, NULL);
	fx_act(f, "BOR", "objection", "2025-12-02", NULL, "WAD");
	fx_act(f, "ARC", "objection", "2025-10-17", NULL, "WAD");
	add_member(f, "eu", "ARC", "1995-01-01");
	add_member(f, "eu", "GEN", "2004-05-01");
	add_member(f, "eu", "LAT", "2004-05-01");
	add_member(f, "eu", "ZUB", "2004-05-01");
	fx_finish(f);
}

/* Parses an answer (which must end with a newline) and frees the text. */
static json_t *parse(char *text)
{
	json_error_t jerr;
	json_t *root;
	size_t n;

	assert_non_null(text);
	n = strlen(text);
	assert_true(n > 1 && text[n - 1] == '\n');
	root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		fail_msg("not JSON (%d:%d): %s", jerr.line, jerr.column, jerr.text);
	free(text);
	return root;
}

static json_t *get(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		fail_msg("no key '%s'", key);
	return v;
}

static void expect_str(json_t *obj, const char *key, const char *want)
{
	json_t *v = get(obj, key);

	if (!json_is_string(v))
		fail_msg("'%s' is not a string", key);
	assert_string_equal(json_string_value(v), want);
}

static void expect_null(json_t *obj, const char *key)
{
	if (!json_is_null(get(obj, key)))
		fail_msg("'%s' is not null", key);
}

static void expect_int(json_t *obj, const char *key, json_int_t want)
{
	json_t *v = get(obj, key);

	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), want);
}

static void expect_bool(json_t *obj, const char *key, bool want)
{
	json_t *v = get(obj, key);

	assert_true(json_is_boolean(v));
	assert_int_equal(json_is_true(v), want);
}

/* The object's keys, in order, joined by ','. */
static void expect_keys(json_t *obj, const char *want)
{
	char keys[512] = "";
	size_t used = 0;

	for (void *it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		int n = snprintf(keys + used, sizeof(keys) - used, "%s%s", used ? "," : "",
				 json_object_iter_key(it));

		assert_true(n > 0 && (size_t)n < sizeof(keys) - used);
		used += (size_t)n;
	}
	assert_string_equal(keys, want);
}

/* The state object for iso3 in an array of states (or parties). */
static json_t *state_in(json_t *arr, const char *iso3)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		if (strcmp(json_string_value(get(v, "state")), iso3) == 0)
			return v;
	}
	fail_msg("no state %s", iso3);
	return NULL;
}

static json_t *status_of(const struct fx *f, const char *iso3, const char *on)
{
	uint32_t p = fx_p(f, iso3);
	json_t *root = parse(pacta_report_status_json(f->ts, fx_day(on), &p, 1));
	json_t *s;

	assert_int_equal(json_array_size(get(root, "states")), 1);
	s = json_array_get(get(root, "states"), 0);
	json_incref(s);
	json_decref(root);
	return s;
}

/* A notice terminating provisional application: the status stays, the
 * JSON's mark goes from its date. */
static void test_status_provisional_end(void **state)
{
	struct fx f;
	json_t *s;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "KRA", "signature", "1997-12-04", NULL, NULL);
	fx_act(&f, "KRA", "ratification", "1998-12-01", NULL, NULL);
	fx_act(&f, "KRA", "provisional_application", "1998-12-01", NULL, NULL);
	fx_act(&f, "KRA", "provisional_application_end", "1999-02-01", NULL, NULL);
	fx_finish(&f);
	s = status_of(&f, "KRA", "1999-01-31");
	expect_str(s, "status", "consented");
	expect_bool(s, "provisional_application", true);
	json_decref(s);
	s = status_of(&f, "KRA", "1999-02-01");
	expect_str(s, "status", "consented");
	expect_bool(s, "provisional_application", false);
	expect_str(s, "entry_into_force", "1999-06-01");
	json_decref(s);
	fx_close(&f);
}

static void test_status_all(void **state)
{
	static const char *const order[] = { "ARC", "BOR", "COS", "ELB", "GEN", "ILL",
					     "KRA", "LAT", "POT", "TOM", "WAD" };
	struct fx f;
	json_t *root, *counts, *states, *s;

	(void)state;
	open_record(&f);
	root = parse(pacta_report_status_json(f.ts, fx_day("2026-01-01"), NULL, 0));
	expect_keys(root, "treaty,on,treaty_entry_into_force,counts,states");
	expect_str(root, "treaty", "mini");
	expect_str(root, "treaty_entry_into_force", "1999-03-01");
	expect_str(root, "on", "2026-01-01");
	counts = get(root, "counts");
	expect_keys(counts, "parties,consented,signatories,withdrawing,withdrawn,"
		    "meaning");
	expect_int(counts, "parties", 9);
	expect_int(counts, "consented", 0);
	expect_int(counts, "signatories", 1);
	expect_int(counts, "withdrawing", 1);
	expect_int(counts, "withdrawn", 1);
	/* Everyone whose status is not none, in record order. */
	states = get(root, "states");
	assert_int_equal(json_array_size(states), 11);
	for (size_t i = 0; i < 11; i++)
		expect_str(json_array_get(states, i), "state", order[i]);

	s = state_in(states, "LAT");
	expect_keys(s, "state,name,status,bound,since,signature,consent,consent_instrument,"
		    "entry_into_force,provisional_application,withdrawal_notified,"
		    "withdrawal_effective,claims");
	expect_str(s, "name", "Latveria");
	expect_str(s, "status", "withdrawn");
	expect_bool(s, "bound", false);
	expect_str(s, "since", "2025-12-27");
	expect_null(s, "signature");
	expect_str(s, "consent", "2005-07-01");
	expect_str(s, "consent_instrument", "accession");
	expect_str(s, "entry_into_force", "2006-01-01");
	expect_bool(s, "provisional_application", false);
	expect_str(s, "withdrawal_notified", "2025-06-27");
	expect_str(s, "withdrawal_effective", "2025-12-27");
	assert_int_equal(json_array_size(get(s, "claims")), 0);

	s = state_in(states, "POT");
	expect_str(s, "status", "withdrawal_held");
	expect_bool(s, "bound", true);
	expect_str(s, "since", "2025-12-27");
	expect_str(s, "withdrawal_notified", "2025-06-27");
	expect_null(s, "withdrawal_effective");

	s = state_in(states, "TOM");
	expect_str(s, "status", "party");
	expect_str(s, "since", "2011-07-09");
	expect_str(s, "consent", "2011-11-11");
	expect_str(s, "consent_instrument", "succession");
	expect_str(s, "entry_into_force", "2011-07-09");

	s = state_in(states, "ILL");
	expect_str(s, "status", "signatory");
	expect_str(s, "signature", "1997-12-10");
	expect_null(s, "consent");
	expect_null(s, "consent_instrument");
	expect_null(s, "entry_into_force");
	json_decref(root);
	fx_close(&f);
}

/* An answer "on D" shows only what the record held for that day. */
static void test_status_dates_after_on_are_null(void **state)
{
	struct fx f;
	json_t *s, *claim, *by;

	(void)state;
	open_record(&f);
	s = status_of(&f, "LAT", "2025-06-26");
	expect_str(s, "status", "party");
	expect_bool(s, "bound", true);
	expect_str(s, "since", "2006-01-01");
	expect_null(s, "withdrawal_notified");
	expect_null(s, "withdrawal_effective");
	json_decref(s);
	/* From the notice on, the effective date is known. */
	s = status_of(&f, "LAT", "2025-06-27");
	expect_str(s, "status", "withdrawal_pending");
	expect_bool(s, "bound", true);
	expect_str(s, "since", "2025-06-27");
	expect_str(s, "withdrawal_notified", "2025-06-27");
	expect_str(s, "withdrawal_effective", "2025-12-27");
	json_decref(s);

	s = status_of(&f, "GEN", "1998-11-12");
	expect_str(s, "status", "signatory");
	expect_str(s, "since", "1997-12-05");
	expect_str(s, "signature", "1997-12-05");
	expect_null(s, "consent");
	expect_null(s, "consent_instrument");
	expect_null(s, "entry_into_force");
	json_decref(s);
	s = status_of(&f, "GEN", "1998-11-13");
	expect_str(s, "status", "consented");
	expect_bool(s, "bound", false);
	expect_str(s, "consent", "1998-11-13");
	expect_str(s, "consent_instrument", "ratification");
	expect_str(s, "entry_into_force", "1999-05-01");
	json_decref(s);
	s = status_of(&f, "GEN", "1997-12-04");
	expect_str(s, "status", "none");
	expect_null(s, "since");
	expect_null(s, "signature");
	json_decref(s);

	s = status_of(&f, "KRA", "1999-01-01");
	expect_str(s, "status", "consented");
	expect_bool(s, "provisional_application", true);
	expect_str(s, "since", "1998-12-01");
	expect_str(s, "entry_into_force", "1999-06-01");
	json_decref(s);
	s = status_of(&f, "KRA", "1999-06-01");
	expect_bool(s, "provisional_application", false);
	json_decref(s);

	/* Claims appear from their date, objections from theirs. */
	s = status_of(&f, "WAD", "2025-07-17");
	assert_int_equal(json_array_size(get(s, "claims")), 0);
	json_decref(s);
	s = status_of(&f, "WAD", "2025-11-01");
	claim = json_array_get(get(s, "claims"), 0);
	assert_non_null(claim);
	expect_keys(claim, "action,date,effect,source_url,circulated,contested_by");
	expect_str(claim, "action", "suspension_claim");
	expect_str(claim, "date", "2025-07-18");
	expect_str(claim, "effect", "none: claimed, not provided for by the treaty");
	expect_str(claim, "source_url", "https://example.org/depositary");
	by = get(claim, "contested_by");
	assert_int_equal(json_array_size(by), 1);
	assert_string_equal(json_string_value(json_array_get(by, 0)), "ARC");
	json_decref(s);
	s = status_of(&f, "WAD", "2026-01-01");
	expect_str(s, "status", "party");
	by = get(json_array_get(get(s, "claims"), 0), "contested_by");
	assert_int_equal(json_array_size(by), 2);
	assert_string_equal(json_string_value(json_array_get(by, 0)), "ARC");
	assert_string_equal(json_string_value(json_array_get(by, 1)), "BOR");
	json_decref(s);
	fx_close(&f);
}

static void test_status_listed_participants(void **state)
{
	struct fx f;
	uint32_t ps[2];
	json_t *root, *states;

	(void)state;
	open_record(&f);
	ps[0] = fx_p(&f, "ZUB");
	ps[1] = fx_p(&f, "ARC");
	root = parse(pacta_report_status_json(f.ts, fx_day("2000-01-01"), ps, 2));
	/* No counts when participants are named; their order is kept. */
	expect_keys(root, "treaty,on,treaty_entry_into_force,states");
	states = get(root, "states");
	assert_int_equal(json_array_size(states), 2);
	expect_str(json_array_get(states, 0), "state", "ZUB");
	expect_str(json_array_get(states, 0), "status", "none");
	expect_null(json_array_get(states, 0), "since");
	expect_str(json_array_get(states, 1), "state", "ARC");
	expect_str(json_array_get(states, 1), "since", "1999-03-01");
	json_decref(root);
	fx_close(&f);
}

/* Not in force: the treaty's date is null, and the answer says why. */
static void test_treaty_not_in_force(void **state)
{
	struct fx f;
	json_t *root;

	(void)state;
	fx_open(&f, NULL);
	fx_act(&f, "COS", "accession", "1998-09-16", NULL, NULL);
	fx_finish(&f);
	root = parse(pacta_report_status_json(f.ts, fx_day("2026-01-01"), NULL, 0));
	expect_keys(root, "treaty,on,treaty_entry_into_force,treaty_not_in_force_because,counts,"
		    "states");
	expect_null(root, "treaty_entry_into_force");
	expect_str(root, "treaty_not_in_force_because", "fewer than 3 instruments deposited");
	json_decref(root);
	root = parse(pacta_report_parties_json(f.ts, fx_day("2026-01-01"), NULL));
	expect_null(root, "treaty_entry_into_force");
	expect_str(root, "treaty_not_in_force_because", "fewer than 3 instruments deposited");
	json_decref(root);
	root = parse(pacta_report_treaties_json(f.rec));
	expect_null(json_array_get(get(root, "treaties"), 0), "treaty_entry_into_force");
	json_decref(root);
	fx_close(&f);
}

/* Waiting for named states: treaty_waits_for lists those with no standing
 * consent on the day (a code the record lacks with a null name), in status,
 * parties and treaties; absent once the treaty is in force on the day. */
static void test_treaty_waits_for(void **state)
{
	struct fx f;
	json_t *root, *w;

	(void)state;
	fx_open(&f, "{\"article\": \"XIV(1)\", \"delay\": {\"days\": 180},"
		    " \"requires\": {\"states\": [\"ZUB\", \"ARC\", \"QQQ\"]}}");
	fx_act(&f, "ARC", "accession", "1998-07-01", NULL, NULL);
	fx_finish(&f);
	root = parse(pacta_report_status_json(f.ts, fx_day("2026-01-01"), NULL, 0));
	expect_keys(root, "treaty,on,treaty_entry_into_force,treaty_not_in_force_because,"
		    "treaty_waits_for,counts,states");
	expect_str(root, "treaty_not_in_force_because", "not every required state has deposited");
	w = get(root, "treaty_waits_for");
	assert_int_equal(json_array_size(w), 2);
	expect_keys(json_array_get(w, 0), "state,name");
	expect_str(json_array_get(w, 0), "state", "QQQ");
	expect_null(json_array_get(w, 0), "name");
	expect_str(json_array_get(w, 1), "state", "ZUB");
	expect_str(json_array_get(w, 1), "name", "Zubrowka");
	json_decref(root);
	/* Before ARC's deposit, it is wanted too. */
	root = parse(pacta_report_parties_json(f.ts, fx_day("1998-06-30"), NULL));
	assert_int_equal(json_array_size(get(root, "treaty_waits_for")), 3);
	json_decref(root);
	root = parse(pacta_report_treaties_json(f.rec));
	assert_int_equal(json_array_size(get(json_array_get(get(root, "treaties"), 0),
					     "treaty_waits_for")),
			 2);
	json_decref(root);
	fx_close(&f);

	/* In force from 1999-12-28 (ZUB on 1999-07-01 + 180 days): before it,
	 * it waits for no state; from it, the key is gone. */
	fx_open(&f, "{\"article\": \"XIV(1)\", \"delay\": {\"days\": 180},"
		    " \"requires\": {\"states\": [\"ZUB\", \"ARC\"]}}");
	fx_act(&f, "ARC", "accession", "1998-07-01", NULL, NULL);
	fx_act(&f, "ZUB", "accession", "1999-07-01", NULL, NULL);
	fx_finish(&f);
	root = parse(pacta_report_status_json(f.ts, fx_day("1999-12-27"), NULL, 0));
	expect_str(root, "treaty_entry_into_force", "1999-12-28");
	assert_int_equal(json_array_size(get(root, "treaty_waits_for")), 0);
	json_decref(root);
	root = parse(pacta_report_status_json(f.ts, fx_day("1999-12-28"), NULL, 0));
	expect_keys(root, "treaty,on,treaty_entry_into_force,counts,states");
	json_decref(root);
	fx_close(&f);
}

/* A signatory's notice of non-intent (the United States and the Arms Trade
 * Treaty: signed 2013-09-25, notice received 2019-07-18): from that day its
 * status is none, since that day, and its signature is still shown. */
static void test_non_intent_ends_signatory(void **state)
{
	struct fx f;
	json_t *root, *st;
	uint32_t usa;

	(void)state;
	fx_open(&f, NULL);
	fx_add_state(&f, "USA", "US", "United States", "United States of America", "");
	fx_base(&f);
	fx_act(&f, "USA", "signature", "2013-09-25", NULL, NULL);
	fx_act(&f, "USA", "non_intent", "2019-07-18", NULL, NULL);
	fx_finish(&f);
	usa = fx_p(&f, "USA");
	root = parse(pacta_report_status_json(f.ts, fx_day("2019-07-17"), &usa, 1));
	st = json_array_get(get(root, "states"), 0);
	expect_str(st, "status", "signatory");
	expect_str(st, "since", "2013-09-25");
	json_decref(root);
	root = parse(pacta_report_status_json(f.ts, fx_day("2019-07-18"), &usa, 1));
	st = json_array_get(get(root, "states"), 0);
	expect_str(st, "status", "none");
	expect_str(st, "since", "2019-07-18");
	expect_str(st, "signature", "2013-09-25");
	json_decref(root);
	/* Not among the whole treaty's signatories any more. */
	assert_int_equal(pacta_status_count(f.ts, fx_day("2019-07-17")).signatories, 1);
	assert_int_equal(pacta_status_count(f.ts, fx_day("2019-07-18")).signatories, 0);
	fx_close(&f);
}

static void test_state_view(void **state)
{
	struct fx f;
	pacta_state_view v;

	(void)state;
	open_record(&f);
	v = pacta_state_view_on(f.ts, fx_p(&f, "WAD"), fx_day("2026-01-01"));
	assert_int_equal(v.status, PACTA_STATUS_PARTY);
	assert_day(v.since, "2006-06-01");
	assert_int_equal(v.n_claims, 1);
	assert_int_equal(v.n_objections, 2);
	assert_int_equal(v.consent_action, PACTA_ACT_ACCESSION);
	v = pacta_state_view_on(f.ts, fx_p(&f, "WAD"), fx_day("2025-11-01"));
	assert_int_equal(v.n_objections, 1);
	v = pacta_state_view_on(f.ts, fx_p(&f, "POT"), fx_day("2026-01-01"));
	assert_int_equal(v.status, PACTA_STATUS_WITHDRAWAL_HELD);
	assert_day(v.withdrawal_notified, "2025-06-27");
	assert_true(v.withdrawal_effective == PACTA_DAY_NONE);
	fx_close(&f);
}

static void test_parties(void **state)
{
	struct fx f;
	json_t *root, *parties;

	(void)state;
	open_record(&f);
	root = parse(pacta_report_parties_json(f.ts, fx_day("1999-03-01"), NULL));
	expect_keys(root, "treaty,on,treaty_entry_into_force,group,count,meaning,parties");
	/* The treaty's own date, whatever the day asked. */
	expect_str(root, "treaty_entry_into_force", "1999-03-01");
	expect_str(root, "on", "1999-03-01");
	expect_null(root, "group");
	expect_int(root, "count", 4);
	parties = get(root, "parties");
	assert_int_equal(json_array_size(parties), 4);
	expect_keys(json_array_get(parties, 0), "state,name,status,entry_into_force");
	expect_str(json_array_get(parties, 0), "state", "ARC");
	expect_str(json_array_get(parties, 3), "state", "ELB");
	expect_str(json_array_get(parties, 3), "status", "party");
	expect_str(json_array_get(parties, 3), "entry_into_force", "1999-03-01");
	json_decref(root);

	/* The day before: none. */
	root = parse(pacta_report_parties_json(f.ts, fx_day("1999-02-28"), NULL));
	expect_int(root, "count", 0);
	assert_int_equal(json_array_size(get(root, "parties")), 0);
	json_decref(root);

	/* Withdrawing states still count; withdrawn ones do not. */
	root = parse(pacta_report_parties_json(f.ts, fx_day("2025-12-26"), NULL));
	expect_int(root, "count", 10);
	expect_str(state_in(get(root, "parties"), "LAT"), "status", "withdrawal_pending");
	json_decref(root);
	root = parse(pacta_report_parties_json(f.ts, fx_day("2026-01-01"), NULL));
	expect_int(root, "count", 9);
	expect_str(state_in(get(root, "parties"), "POT"), "status", "withdrawal_held");
	json_decref(root);

	/* In a group: ARC and GEN of eu (LAT withdrew, ZUB never joined). */
	root = parse(pacta_report_parties_json(f.ts, fx_day("2026-01-01"), "eu"));
	expect_str(root, "group", "eu");
	expect_int(root, "count", 2);
	parties = get(root, "parties");
	expect_str(json_array_get(parties, 0), "state", "ARC");
	expect_str(json_array_get(parties, 1), "state", "GEN");
	expect_str(json_array_get(parties, 1), "entry_into_force", "1999-05-01");
	json_decref(root);
	fx_close(&f);
}

static json_t *diff(const struct fx *f, const char *from, const char *to, size_t want)
{
	pacta_change *ch;
	size_t n;
	pacta_error err;
	json_t *root;

	assert_int_equal(pacta_status_diff(f->ts, fx_day(from), fx_day(to), &ch, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, want);
	root = parse(pacta_report_diff_json(f->ts, fx_day(from), fx_day(to), ch, n));
	free(ch);
	return root;
}

static void test_diff(void **state)
{
	struct fx f;
	json_t *root, *c;

	(void)state;
	open_record(&f);
	root = diff(&f, "1999-02-28", "1999-03-01", 4);
	expect_keys(root, "treaty,from,to,became_bound,ceased_to_be_bound,changes");
	expect_str(root, "from", "1999-02-28");
	expect_str(root, "to", "1999-03-01");
	expect_int(root, "became_bound", 4);
	expect_int(root, "ceased_to_be_bound", 0);
	c = json_array_get(get(root, "changes"), 0);
	expect_keys(c, "state,name,before,after,change,date,article,source_url");
	expect_str(c, "state", "ARC");
	expect_str(c, "before", "consented");
	expect_str(c, "after", "party");
	expect_str(c, "change", "became_bound");
	expect_str(c, "date", "1999-03-01");
	expect_str(c, "article", "17(1)");
	expect_str(c, "source_url", "https://example.org/depositary");
	json_decref(root);

	/* LAT ceased; POT is held, still bound: another kind of change. */
	root = diff(&f, "2025-06-01", "2026-01-01", 2);
	expect_int(root, "became_bound", 0);
	expect_int(root, "ceased_to_be_bound", 1);
	c = json_array_get(get(root, "changes"), 0);
	expect_str(c, "state", "LAT");
	expect_str(c, "before", "party");
	expect_str(c, "after", "withdrawn");
	expect_str(c, "change", "ceased_to_be_bound");
	expect_str(c, "date", "2025-12-27");
	expect_str(c, "article", "20(2)");
	c = json_array_get(get(root, "changes"), 1);
	expect_str(c, "state", "POT");
	expect_str(c, "after", "withdrawal_held");
	expect_str(c, "change", "other");
	expect_str(c, "article", "20(3)");
	json_decref(root);

	/* Signatures and consents are changes that bind nobody. */
	root = diff(&f, "1997-12-01", "1998-12-31", 7);
	expect_int(root, "became_bound", 0);
	expect_int(root, "ceased_to_be_bound", 0);
	c = state_in(get(root, "changes"), "ILL");
	expect_str(c, "before", "none");
	expect_str(c, "after", "signatory");
	expect_str(c, "change", "other");
	expect_null(c, "article");
	json_decref(root);
	fx_close(&f);
}

static void test_explain_json(void **state)
{
	struct fx f;
	pacta_explanation ex;
	pacta_error err;
	json_t *root, *steps, *sources, *s;

	(void)state;
	open_record(&f);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "WAD"), fx_day("2026-01-01"), &ex, &err),
			 PACTA_OK);
	root = parse(pacta_report_explain_json(f.ts, fx_p(&f, "WAD"), &ex));
	expect_keys(root, "treaty,on,state,name,status,summary,steps,sources");
	expect_str(root, "on", "2026-01-01");
	expect_str(root, "state", "WAD");
	expect_str(root, "status", "party");
	expect_str(root, "summary", ex.summary);
	steps = get(root, "steps");
	assert_int_equal(json_array_size(steps), ex.n_steps);
	s = json_array_get(steps, 4);
	expect_keys(s, "kind,date,article,text,sources");
	expect_str(s, "kind", "claim");
	expect_str(s, "date", "2025-07-18");
	expect_null(s, "article");
	expect_str(s, "text", ex.steps[4].text);
	assert_int_equal(json_array_size(get(s, "sources")), 3);
	assert_int_equal(json_integer_value(json_array_get(get(s, "sources"), 0)), 4);
	s = json_array_get(steps, 2);
	expect_str(s, "kind", "entry_into_force");
	expect_str(s, "article", "17(2)");
	sources = get(root, "sources");
	assert_int_equal(json_array_size(sources), ex.n_sources);
	s = json_array_get(sources, 3);
	expect_keys(s, "id,state,action,date,effective,target,source_url,note,notification,circulated,territory,text,ref");
	expect_int(s, "ref", 4);
	expect_str(s, "state", "WAD");
	expect_str(s, "action", "suspension_claim");
	expect_null(s, "target");
	expect_null(s, "effective");
	s = json_array_get(sources, 4);
	expect_int(s, "ref", 5);
	expect_str(s, "state", "ARC");
	expect_str(s, "action", "objection");
	expect_str(s, "target", "WAD");
	json_decref(root);
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_timeline(void **state)
{
	static const struct {
		const char *date, *kind, *what; /* action or status */
	} want[] = {
		{ "2005-07-01", "act", "accession" },
		{ "2005-07-01", "status", "consented" },
		{ "2006-01-01", "status", "party" },
		{ "2025-06-27", "act", "withdrawal" },
		{ "2025-06-27", "status", "withdrawal_pending" },
		{ "2025-12-27", "status", "withdrawn" },
	};
	struct fx f;
	json_t *root, *events, *e;
	pacta_event *ev;
	size_t n;
	pacta_error err;

	(void)state;
	open_record(&f);
	root = parse(pacta_report_timeline_json(f.ts, fx_p(&f, "LAT")));
	expect_keys(root, "treaty,state,name,events");
	expect_str(root, "state", "LAT");
	events = get(root, "events");
	assert_int_equal(json_array_size(events), 6);
	for (size_t i = 0; i < 6; i++) {
		e = json_array_get(events, i);
		expect_str(e, "date", want[i].date);
		expect_str(e, "kind", want[i].kind);
		if (strcmp(want[i].kind, "act") == 0) {
			expect_str(get(e, "act"), "action", want[i].what);
			expect_str(e, "legal_effect", "see status");
		} else {
			expect_str(e, "status", want[i].what);
		}
	}
	expect_str(json_array_get(events, 2), "article", "17(2)");
	expect_str(json_array_get(events, 5), "article", "20(2)");
	expect_null(json_array_get(events, 1), "article");
	json_decref(root);

	/* The claimant's timeline holds the objections others filed. */
	assert_int_equal(pacta_timeline_events(f.ts, fx_p(&f, "WAD"), &ev, &n, &err), PACTA_OK);
	/* accession, consented, party, decision, claim, two objections. */
	assert_int_equal(n, 7);
	assert_string_equal(ev[0].kind, "accession");
	assert_string_equal(ev[1].kind, "status");
	assert_int_equal(ev[1].act, -1);
	assert_int_equal(ev[1].status, PACTA_STATUS_CONSENTED);
	assert_int_equal(ev[2].status, PACTA_STATUS_PARTY);
	assert_int_equal(ev[2].why, fx_tl(&f, "WAD")->entry_into_force_why);
	assert_string_equal(ev[3].kind, "government_decision");
	assert_string_equal(ev[4].kind, "suspension_claim");
	assert_string_equal(ev[5].kind, "objection");
	assert_int_equal(ev[5].act, (int32_t)fx_find_act(&f, "ARC", "objection", "2025-10-17"));
	assert_string_equal(ev[6].kind, "objection");
	assert_day(ev[6].date, "2025-12-02");
	for (size_t i = 1; i < n; i++)
		assert_true(ev[i - 1].date <= ev[i].date);
	free(ev);
	root = parse(pacta_report_timeline_json(f.ts, fx_p(&f, "WAD")));
	events = get(root, "events");
	expect_str(json_array_get(events, 3), "legal_effect", "none (domestic step)");
	expect_str(json_array_get(events, 4), "legal_effect", "none (claim)");
	expect_str(json_array_get(events, 5), "legal_effect", "none (claim)");
	expect_str(get(json_array_get(events, 5), "act"), "state", "ARC");
	expect_str(get(json_array_get(events, 5), "act"), "target", "WAD");
	json_decref(root);
	fx_close(&f);
}

static void test_treaties_and_states(void **state)
{
	struct fx f;
	json_t *root, *t, *s;

	(void)state;
	open_record(&f);
	root = parse(pacta_report_treaties_json(f.rec));
	assert_int_equal(json_array_size(get(root, "treaties")), 1);
	t = json_array_get(get(root, "treaties"), 0);
	expect_keys(t, "id,name,title,adopted,adopted_at,depositary,depositary_ref,source_url,"
		    "treaty_entry_into_force,annual_reports");
	expect_str(t, "treaty_entry_into_force", "1999-03-01");
	expect_str(t, "id", "mini");
	expect_str(t, "name", "Mini Convention");
	expect_str(t, "adopted", "1997-09-18");
	expect_str(t, "adopted_at", "Oslo");
	expect_str(t, "depositary_ref", "test chapter");
	json_decref(root);

	root = parse(pacta_report_states_json(f.rec));
	assert_int_equal(json_array_size(get(root, "states")), FX_N_STATES);
	s = json_array_get(get(root, "states"), 15);
	expect_keys(s, "state,iso2,name,depositary_name,kind,wikidata");
	expect_str(s, "state", "SYL");
	expect_str(s, "iso2", "SY");
	expect_str(s, "depositary_name", "Syldavia (Kingdom of)");
	expect_str(s, "kind", "state");
	expect_null(s, "wikidata");
	json_decref(root);
	fx_close(&f);
}

/* One obligation of the answer on day: state, article (a new reference). */
static json_t *obligation_in(const struct fx *f, const char *iso3, const char *article,
			     const char *day)
{
	pacta_obligation *obs;
	size_t n;
	pacta_error err;
	json_t *root, *o = NULL, *v;
	size_t i;

	if (pacta_obligations_on(f->ts, fx_day(day), NULL, 0, &obs, &n, &err) != PACTA_OK)
		fail_msg("obligations_on: %s", err.message);
	root = parse(pacta_report_obligations_json(f->ts, fx_day(day), obs, n));
	free(obs);
	json_array_foreach(get(root, "obligations"), i, v) {
		if (strcmp(json_string_value(get(v, "state")), iso3) == 0 &&
		    strcmp(json_string_value(get(v, "article")), article) == 0)
			o = v;
	}
	if (!o)
		fail_msg("no obligation %s %s", iso3, article);
	json_incref(o);
	json_decref(root);
	return o;
}

/* The obligations answer carries what an overdue rests on ("evidence"),
 * the extension requests with no decision ("requests") and the latest
 * re-opening ("reopened"). */
static void test_obligations_evidence(void **state)
{
	struct fx f;
	json_t *o, *x;

	(void)state;
	fx_open_obligations(&f, NULL);
	fx_base(&f);
	fx_obligations_csv(&f, "state,article,event,date,deadline,value,source_url,note\n"
			       "BOR,5,applies,1999-03-01,2009-03-01,,https://example.org/b,\n"
			       "BOR,5,missed,2009-03-01,,,https://example.org/b/missed,a listing\n"
			       "COS,5,applies,1999-03-01,2009-03-01,,https://example.org/c,\n"
			       "COS,5,extension_requested,2008-03-31,2014-03-01,,"
			       "https://example.org/c/request,\n"
			       "ARC,5,applies,1999-03-01,2009-03-01,,https://example.org/a,\n"
			       "ARC,5,completed,2005-01-01,,,https://example.org/a,\n"
			       "ARC,5,new_contamination,2009-06-01,,,https://example.org/a/new,\n");
	fx_finish(&f);
	o = obligation_in(&f, "BOR", "5", "2010-01-01");
	expect_keys(o, "state,name,article,obligation,starts,original_due,due,status,late,met_on,"
		       "overdue_since,ended_on,stated_original_due,extensions,evidence,requests,"
		       "reopened,explanation,sources");
	expect_str(o, "status", "overdue");
	expect_str(o, "overdue_since", "2009-03-02");
	x = get(o, "evidence");
	expect_keys(x, "event,date,deadline,source_url,note");
	expect_str(x, "event", "missed");
	expect_str(x, "date", "2009-03-01");
	expect_str(x, "deadline", "2009-03-01");
	expect_str(x, "source_url", "https://example.org/b/missed");
	expect_str(x, "note", "a listing");
	assert_int_equal(json_array_size(get(o, "requests")), 0);
	expect_null(o, "reopened");
	json_decref(o);
	/* Passed in silence, a request pending: unknown, the request listed. */
	o = obligation_in(&f, "COS", "5", "2010-01-01");
	expect_str(o, "status", "unknown");
	expect_null(o, "overdue_since");
	expect_null(o, "evidence");
	assert_int_equal(json_array_size(get(o, "requests")), 1);
	x = json_array_get(get(o, "requests"), 0);
	expect_keys(x, "requested,deadline,source_url");
	expect_str(x, "requested", "2008-03-31");
	expect_str(x, "deadline", "2014-03-01");
	expect_str(x, "source_url", "https://example.org/c/request");
	json_decref(o);
	/* Re-opened after the deadline, no deadline given: none, by the
	 * reopening clause, whose decision is named. */
	o = obligation_in(&f, "ARC", "5", "2010-01-01");
	expect_str(o, "status", "open");
	expect_null(o, "due");
	x = get(o, "reopened");
	expect_keys(x, "reported,deadline_from,decision,source_url");
	expect_str(x, "reported", "2009-06-01");
	expect_str(x, "deadline_from", "none");
	expect_str(x, "decision", "the decision of the Second Meeting");
	expect_str(x, "source_url", "https://example.org/a/new");
	json_decref(o);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_all),
		cmocka_unit_test(test_status_provisional_end),
		cmocka_unit_test(test_status_dates_after_on_are_null),
		cmocka_unit_test(test_status_listed_participants),
		cmocka_unit_test(test_treaty_not_in_force),
		cmocka_unit_test(test_treaty_waits_for),
		cmocka_unit_test(test_non_intent_ends_signatory),
		cmocka_unit_test(test_state_view),
		cmocka_unit_test(test_parties),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_explain_json),
		cmocka_unit_test(test_timeline),
		cmocka_unit_test(test_treaties_and_states),
		cmocka_unit_test(test_obligations_evidence),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
