/*
 * test_vocabulary.c - the final clauses beyond a plain threshold: entry
 * into force that needs named states or a group, "not before" a date or a
 * time after opening, "the first day of the month following the expiry of
 * N months", a notice in years across leap days, revocation of a consent
 * before it is in force, a signatory's notice of non-intent, definitive
 * signature, a participant that ceased to exist, a protocol whose parties
 * must be parties to its parent, the discrepancies with what sources state,
 * a state's profile across treaties, and the reader's errors for each new
 * key (file and JSON path).
 */
#include "fixture.h"
#include "pacta/explain.h"
#include "pacta/profile.h"

/* The fixture's rules with `from` replaced by `to` (one occurrence). */
static void open_edited(struct fx *f, const char *eif, const char *from, const char *to)
{
	char base[4096], json[8192];

	fx_rules_text(base, sizeof(base), eif);
	if (from)
		fx_replace(base, from, to, json, sizeof(json));
	else
		snprintf(json, sizeof(json), "%s", base);
	fx_open_rules(f, json, strlen(json));
}

/* The rules text with `from` replaced by `to` must be refused with
 * "treaties/mini.json: message". */
static void expect_refused(const char *eif, const char *from, const char *to, const char *message)
{
	char base[4096], json[8192];
	pacta_record *rec = pacta_record_new();
	pacta_error err;

	fx_rules_text(base, sizeof(base), eif);
	if (from)
		fx_replace(base, from, to, json, sizeof(json));
	else
		snprintf(json, sizeof(json), "%s", base);
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "treaties/mini.json", &err),
			 PACTA_ERR_PARSE);
	assert_string_equal(err.where, "treaties/mini.json");
	assert_string_equal(err.message, message);
	pacta_record_free(rec);
}

static void expect_one_diag(const pacta_diags *d, const char *where, const char *message)
{
	for (size_t i = 0; d->n != 1 && i < d->n; i++)
		print_message("# %s: %s\n", d->items[i].where, d->items[i].message);
	assert_int_equal(d->n, 1);
	assert_string_equal(d->items[0].where, where);
	assert_string_equal(d->items[0].message, message);
}

/* Checks the finished record: exactly one problem, at "acts.csv:line". */
static void expect_check_at(struct fx *f, int line, const char *message)
{
	pacta_diags d;
	char where[32];

	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f->rec, &d), 1);
	snprintf(where, sizeof(where), "acts.csv:%d", line);
	expect_one_diag(&d, where, message);
	pacta_diags_free(&d);
}

/* ---- delays ---- */

static void test_first_day_of_month_following(void **state)
{
	static const struct {
		const char *base;
		int n;
		const char *want;
	} cases[] = {
		/* Three months after 15 Jan is 15 Apr: the month following
		 * begins on 1 May. */
		{"2020-01-15", 3, "2020-05-01"},
		/* From the 1st as from the 31st: the expiry is in the same
		 * month, so the answer is the same. */
		{"2020-01-01", 3, "2020-05-01"},
		{"2020-01-31", 3, "2020-05-01"},
		/* Leap day, and a month end that clamps. */
		{"2020-02-29", 1, "2020-04-01"},
		{"2019-11-30", 3, "2020-03-01"},
		/* Across a year end. */
		{"2019-12-01", 0, "2020-01-01"},
		{"2019-10-31", 2, "2020-01-01"},
	};
	char words[120];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pacta_delay d = {PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING, cases[i].n};

		assert_day(pacta_delay_apply(d, fx_day(cases[i].base)), cases[i].want);
	}
	pacta_delay three = {PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING, 3};
	assert_string_equal(pacta_delay_describe(three, words, sizeof(words)),
			    "the first day of the month following the expiry of three months after");
	/* The month of the deposit, as first_day_of_month_after counts: one
	 * month fewer for the same day. */
	pacta_delay after = {PACTA_DELAY_FIRST_OF_MONTH, 3};
	assert_day(pacta_delay_apply(after, fx_day("2020-01-15")), "2020-04-01");
}

static void test_withdrawal_notice_in_years(void **state)
{
	struct fx f;

	(void)state;
	open_edited(&f, NULL, "\"notice\": {\"months\": 6}", "\"notice\": {\"years\": 1}");
	fx_base(&f);
	fx_act(&f, "FRE", "accession", "2000-01-10", NULL, NULL);
	fx_act(&f, "GEN", "accession", "2000-01-10", NULL, NULL);
	fx_act(&f, "HYR", "accession", "2000-01-10", NULL, NULL);
	/* A leap day notice: one year later is clamped to 28 February. */
	fx_act(&f, "FRE", "withdrawal", "2024-02-29", NULL, NULL);
	fx_act(&f, "GEN", "withdrawal", "2023-02-28", NULL, NULL);
	/* Held while engaged in an armed conflict on the day it expires
	 * (the CCW's Art. 9(2)), released when it ends. */
	fx_act(&f, "HYR", "withdrawal", "2022-03-01", NULL, NULL);
	fx_conflict(&f, "HYR", "2023-01-01", "2024-06-30");
	fx_finish(&f);

	assert_day(fx_tl(&f, "FRE")->withdrawal_effective, "2025-02-28");
	assert_int_equal(fx_status(&f, "FRE", "2025-02-27"), PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_int_equal(fx_status(&f, "FRE", "2025-02-28"), PACTA_STATUS_WITHDRAWN);
	assert_day(fx_tl(&f, "GEN")->withdrawal_effective, "2024-02-28");
	assert_int_equal(fx_status(&f, "HYR", "2023-03-01"), PACTA_STATUS_WITHDRAWAL_HELD);
	assert_int_equal(fx_status(&f, "HYR", "2024-06-29"), PACTA_STATUS_WITHDRAWAL_HELD);
	assert_int_equal(fx_status(&f, "HYR", "2024-06-30"), PACTA_STATUS_WITHDRAWN);
	fx_close(&f);
}

/* ---- the treaty's own entry into force ---- */

#define EIF_REQUIRES_STATES \
	"{\"article\": \"14(1)\", \"instruments\": 3, \"delay\": {\"days\": 180}," \
	" \"requires\": {\"states\": [\"ZUB\", \"WAD\"]}}"

static void test_requires_named_states(void **state)
{
	struct fx f;
	const pacta_derivation *d;

	(void)state;
	fx_open(&f, EIF_REQUIRES_STATES);
	fx_base(&f); /* the third instrument on 1998-09-16 */
	fx_act(&f, "WAD", "accession", "1998-05-01", NULL, NULL);
	fx_finish(&f);
	/* ZUB has not deposited: not in force, whatever the count. */
	assert_null(pacta_treaty_status_in_force(f.ts));
	assert_int_equal(fx_status(&f, "ARC", "2010-01-01"), PACTA_STATUS_CONSENTED);

	fx_act(&f, "ZUB", "accession", "2000-02-10", NULL, NULL);
	/* Deposited the same day as the last required state: among the
	 * first, so in force on the treaty's own date. */
	fx_act(&f, "FRE", "accession", "2000-02-10", NULL, NULL);
	fx_act(&f, "GEN", "accession", "2000-02-11", NULL, NULL);
	fx_finish(&f);
	d = pacta_treaty_status_in_force(f.ts);
	assert_non_null(d);
	assert_day(d->base, "2000-02-10");
	assert_day(d->date, "2000-08-08"); /* 2000 is a leap year: 180 days */
	assert_int_equal(d->acts[0], fx_find_act(&f, "ZUB", "accession", "2000-02-10"));
	assert_day(fx_tl(&f, "ARC")->entry_into_force, "2000-08-08");
	assert_day(fx_tl(&f, "FRE")->entry_into_force, "2000-08-08");
	/* The next day: Art. 17(2) of the fixture gives 2000-08-01, floored
	 * at the treaty's own date. */
	d = fx_deriv(&f, fx_tl(&f, "GEN")->entry_into_force_why);
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_LATER);
	assert_day(d->computed, "2000-08-01");
	assert_day(d->floor, "2000-08-08");
	assert_day(fx_tl(&f, "GEN")->entry_into_force, "2000-08-08");
	fx_close(&f);
}

/* The states the treaty still waits for: on each day, the required states
 * with no standing consent, a code the record lacks included; a revoked
 * instrument makes its state wanted again. Summaries, explanations and JSON
 * read this list. */
static void test_required_missing(void **state)
{
	struct fx f;
	pacta_required_state *m = NULL;
	size_t n = 0;
	pacta_error err;
	pacta_explanation ex;

	(void)state;
	fx_open(&f, "{\"article\": \"14(1)\", \"instruments\": 3, \"delay\": {\"days\": 180},"
		    " \"requires\": {\"states\": [\"ZUB\", \"WAD\", \"QQQ\"]}}");
	fx_base(&f);
	fx_act(&f, "WAD", "accession", "1998-05-01", NULL, NULL);
	fx_act(&f, "WAD", "revocation", "2001-01-01", NULL, NULL);
	fx_act(&f, "ZUB", "accession", "2000-02-10", NULL, NULL);
	fx_finish(&f);
	assert_null(pacta_treaty_status_in_force(f.ts));
	/* Before WAD's deposit: all three, in order of their codes. */
	assert_int_equal(pacta_status_required_missing(f.ts, fx_day("1998-04-30"), &m, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].iso3, "QQQ");
	assert_int_equal(m[0].participant, -1);
	assert_string_equal(m[1].iso3, "WAD");
	assert_int_equal(m[1].participant, (int32_t)fx_p(&f, "WAD"));
	assert_string_equal(m[2].iso3, "ZUB");
	free(m);
	/* The day of a deposit counts. */
	assert_int_equal(pacta_status_required_missing(f.ts, fx_day("2000-02-10"), &m, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].iso3, "QQQ");
	free(m);
	/* Revoked: wanted again from that day. */
	assert_int_equal(pacta_status_required_missing(f.ts, fx_day("2001-01-01"), &m, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 2);
	assert_string_equal(m[0].iso3, "QQQ");
	assert_string_equal(m[1].iso3, "WAD");
	free(m);
	/* The explanation of any state, signatory or not, says so. */
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "ARC"), fx_day("2001-01-01"), &ex, &err),
			 PACTA_OK);
	assert_int_equal(ex.steps[0].kind, PACTA_STEP_TREATY_IN_FORCE);
	assert_string_equal(ex.steps[0].text,
			    "The Mini Convention is not in force on 2001-01-01. Art. 14(1) requires each of the 3 states it names to have deposited, as well as 3 instruments in all; 2 of them have not: QQQ, Wadiya (WAD).");
	pacta_explanation_free(&ex);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "TOM"), fx_day("2000-02-10"), &ex, &err),
			 PACTA_OK);
	assert_string_equal(ex.steps[0].text,
			    "The Mini Convention is not in force on 2000-02-10. Art. 14(1) requires each of the 3 states it names to have deposited, as well as 3 instruments in all; 1 of them has not: QQQ.");
	pacta_explanation_free(&ex);
	fx_close(&f);

	/* No required states: nothing, and no such step. */
	fx_open(&f, NULL);
	fx_act(&f, "ARC", "accession", "1998-07-01", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_status_required_missing(f.ts, fx_day("2001-01-01"), &m, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 0);
	assert_null(m);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "ARC"), fx_day("2001-01-01"), &ex, &err),
			 PACTA_OK);
	assert_int_not_equal(ex.steps[0].kind, PACTA_STEP_TREATY_IN_FORCE);
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_requires_group_not_before_opening(void **state)
{
	struct fx f;
	pacta_group_member g;
	pacta_error err;
	const pacta_derivation *d;
	static const char *const annex[] = {"ARC", "BOR", "ELB"};

	(void)state;
	/* No count: only the group, and in no case earlier than two years
	 * after opening for signature (1997-12-03). */
	fx_open(&f, "{\"article\": \"XIV\", \"delay\": {\"days\": 180},"
		    " \"requires\": {\"group\": \"annex-2\"},"
		    " \"not_before\": {\"after_opening\": {\"years\": 2}}}");
	memset(&g, 0, sizeof(g));
	for (size_t i = 0; i < 3; i++) {
		g.group = "annex-2";
		g.participant = fx_p(&f, annex[i]);
		g.from = g.to = PACTA_DAY_NONE;
		g.source_url = "https://example.org/annex";
		assert_int_equal(pacta_record_add_group_member(f.rec, &g, &err), PACTA_OK);
	}
	fx_base(&f); /* ARC, ELB, BOR by 1998-09-16; COS is not listed */
	fx_finish(&f);
	/* Before BOR's deposit the group waits for it; after, for none. */
	{
		pacta_required_state *m = NULL;
		size_t n = 0;
		assert_int_equal(pacta_status_required_missing(f.ts, fx_day("1998-09-15"), &m, &n,
							       &err),
				 PACTA_OK);
		assert_int_equal(n, 1);
		assert_string_equal(m[0].iso3, "BOR");
		free(m);
		assert_int_equal(pacta_status_required_missing(f.ts, fx_day("1998-09-16"), &m, &n,
							       &err),
				 PACTA_OK);
		assert_int_equal(n, 0);
	}
	d = pacta_treaty_status_in_force(f.ts);
	assert_non_null(d);
	assert_day(d->base, "1998-09-16");
	/* 1998-09-16 + 180 days = 1999-03-15, floored at 1999-12-03. */
	assert_day(d->floor, "1999-12-03");
	assert_day(d->date, "1999-12-03");
	assert_day(d->computed, "1999-12-03");
	assert_int_equal(f.rec->treaties[0].entry_into_force_instruments, 0);
	/* The explanation names the floor and the group, and no "0th". */
	pacta_explanation ex;
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "ARC"), fx_day("2000-01-01"), &ex, &err),
			 PACTA_OK);
	assert_string_equal(ex.steps[0].text,
			    "The Mini Convention entered into force on 1999-12-03. Art. XIV: 180 days after the date on which the last required instrument was deposited; the last required instrument was Borduria's instrument of ratification, deposited on 1998-09-16 [1]: 1998-09-16 + 180 days = 1999-03-15. Art. XIV requires every state of annex-2 to have deposited. Not before 1999-12-03 (Art. XIV), so the rule gives 1999-12-03.");
	assert_non_null(strstr(ex.steps[3].text, "Its instrument (1998-07-01) counts (deposited on or before 1998-09-16, the date of the last required instrument)"));
	pacta_explanation_free(&ex);
	fx_close(&f);

	/* A fixed date. */
	fx_open(&f, "{\"article\": \"17\", \"instruments\": 3, \"delay\": {\"days\": 30},"
		    " \"not_before\": {\"date\": \"1999-01-01\"}}");
	fx_base(&f);
	fx_finish(&f);
	assert_day(pacta_treaty_status_in_force(f.ts)->date, "1999-01-01");
	fx_close(&f);
}

/* ---- accession open only once the treaty is in force ---- */

#define ACCESSION_AT_EIF \
	"\"accession_only_by_non_signatories\": true, \"accession_opens_at_entry_into_force\": true"

static void test_accession_opens_at_entry_into_force(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	open_edited(&f, NULL, "\"accession_only_by_non_signatories\": true", ACCESSION_AT_EIF);
	assert_true(f.rec->treaties[0].rules->accession_opens_at_entry_into_force);
	fx_base(&f); /* COS accedes on 1998-09-16; in force 1999-03-01 */
	/* On the day of entry into force, and after: open. */
	fx_act(&f, "LAT", "accession", "1999-03-01", NULL, NULL);
	fx_act(&f, "VUL", "accession", "2003-05-05", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 1);
	expect_one_diag(&d, "acts.csv:8",
			"COS accession on 1998-09-16: Art. 16 opens accession only once the treaty is in force, on 1999-03-01");
	pacta_diags_free(&d);
	/* The check refuses; the status still counts the instrument, as the
	 * depositary did. */
	assert_day(fx_tl(&f, "COS")->entry_into_force, "1999-03-01");
	fx_close(&f);

	/* Not in force at all: every accession is early. */
	open_edited(&f, NULL, "\"accession_only_by_non_signatories\": true", ACCESSION_AT_EIF);
	fx_act(&f, "ARC", "signature", "1997-12-03", NULL, NULL);
	fx_act(&f, "ARC", "ratification", "1998-07-01", NULL, NULL);
	int line = fx_act(&f, "HYR", "accession", "2001-01-01", NULL, NULL);
	fx_finish(&f);
	expect_check_at(&f, line,
			"HYR accession on 2001-01-01: Art. 16 opens accession only once the treaty is in force, and it is not");
	fx_close(&f);

	/* Without the key, the same record is clean. */
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	pacta_diags_free(&d);
	fx_close(&f);

	expect_refused(NULL, "\"accession_only_by_non_signatories\": true",
		       "\"accession_opens_at_entry_into_force\": \"yes\"",
		       "field 'rules.consent.accession_opens_at_entry_into_force': expected true or false");
	expect_refused(NULL,
		       "\"instruments\": [\"ratification\", \"acceptance\", \"approval\",    \"accession\", \"succession\"],   \"requires_signature\": [\"ratification\", \"acceptance\", \"approval\"],   \"accession_only_by_non_signatories\": true",
		       "\"instruments\": [\"ratification\"], \"requires_signature\": [\"ratification\"], \"accession_opens_at_entry_into_force\": true",
		       "field 'rules.consent.accession_opens_at_entry_into_force': rules.consent.instruments has no accession");
}

/* ---- provisional application: when, of what, and its end ---- */

#define PROV_FROM "\"provisional_application\": {\"article\": \"18\","
#define PROV_ATT \
	"\"provisional_application\": {\"article\": \"23\", \"at\": [\"signature\", \"consent\"]," \
	" \"articles\": [\"6\", \"7\"],"

static void test_provisional_application(void **state)
{
	struct fx f;
	pacta_diags d;
	pacta_error err;
	pacta_explanation ex;
	const pacta_interval *iv;

	(void)state;
	open_edited(&f, NULL, PROV_FROM, PROV_ATT);
	assert_string_equal(f.rec->treaties[0].rules->provisional_articles, "6 and 7");
	fx_base(&f); /* in force 1999-03-01 */
	/* At signature; it goes on past the ratification, and ends when the
	 * treaty is in force for the state. */
	fx_act(&f, "FRE", "signature", "1998-06-03", NULL, NULL);
	fx_act(&f, "FRE", "provisional_application", "1998-06-03", NULL, NULL);
	fx_act(&f, "FRE", "ratification", "1999-05-10", NULL, NULL);
	/* At signature, then a notice of non-intent ends it with the
	 * signature. */
	fx_act(&f, "GEN", "signature", "1998-06-03", NULL, NULL);
	fx_act(&f, "GEN", "provisional_application", "1998-06-03", NULL, NULL);
	fx_act(&f, "GEN", "non_intent", "2001-02-02", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1998-06-02"), &iv),
			 PACTA_STATUS_NONE);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1998-06-03"), &iv),
			 PACTA_STATUS_SIGNATORY);
	assert_true(iv->provisional);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1999-05-10"), &iv),
			 PACTA_STATUS_CONSENTED);
	assert_true(iv->provisional);
	/* 1999-05-10: the first day of the sixth month after is 1999-11-01. */
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1999-10-31"), &iv),
			 PACTA_STATUS_CONSENTED);
	assert_true(iv->provisional);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1999-11-01"), &iv),
			 PACTA_STATUS_PARTY);
	assert_false(iv->provisional);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("2001-02-01"), &iv),
			 PACTA_STATUS_SIGNATORY);
	assert_true(iv->provisional);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("2001-02-02"), &iv),
			 PACTA_STATUS_NONE);
	assert_false(iv->provisional);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	pacta_diags_free(&d);
	/* The explanation names the articles, and the end. */
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "FRE"), fx_day("1998-07-01"), &ex, &err),
			 PACTA_OK);
	assert_string_equal(ex.summary,
			    "On 1998-07-01 Freedonia is a signatory, not bound by the Mini Convention; it applies Art. 6 and 7 provisionally, as it declared.");
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "[2]. It applies Art. 6 and 7 provisionally, pending the treaty's entry into force for it."));
	pacta_explanation_free(&ex);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "GEN"), fx_day("2002-01-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "It is no longer a signatory; its signature creates no obligation from this day. Its provisional application ends with it."));
	pacta_explanation_free(&ex);
	fx_close(&f);

	/* Declared on another day, or with nothing to apply: each a problem,
	 * never silently ignored. */
	open_edited(&f, NULL, PROV_FROM, PROV_ATT);
	fx_base(&f);
	fx_act(&f, "HYR", "signature", "1998-06-03", NULL, NULL);
	int late = fx_act(&f, "HYR", "provisional_application", "1998-06-04", NULL, NULL);
	int party = fx_act(&f, "ARC", "provisional_application", "2000-01-05", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 2);
	char where[32], msg[300];
	snprintf(where, sizeof(where), "acts.csv:%d", party);
	assert_string_equal(d.items[0].where, where);
	assert_string_equal(d.items[0].message,
			    "ARC provisional application on 2000-01-05 changes nothing: only a signatory, or a state whose consent is not yet in force for it, applies a treaty provisionally (its status that day: party)");
	snprintf(where, sizeof(where), "acts.csv:%d", late);
	snprintf(msg, sizeof(msg), "%s", "HYR provisional application on 1998-06-04: Art. 23 allows it to be declared only at signature or on the deposit of a consent instrument");
	assert_string_equal(d.items[1].where, where);
	assert_string_equal(d.items[1].message, msg);
	pacta_diags_free(&d);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "ARC"), fx_day("2001-01-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text, "It changes nothing"));
	pacta_explanation_free(&ex);
	fx_close(&f);

	/* Only at consent: a declaration at signature is a problem. */
	open_edited(&f, NULL, PROV_FROM,
		    "\"provisional_application\": {\"article\": \"18\", \"at\": [\"consent\"],");
	fx_base(&f);
	fx_act(&f, "HYR", "signature", "1998-06-03", NULL, NULL);
	late = fx_act(&f, "HYR", "provisional_application", "1998-06-03", NULL, NULL);
	fx_act(&f, "ILL", "accession", "1998-10-01", NULL, NULL);
	fx_act(&f, "ILL", "provisional_application", "1998-10-01", NULL, NULL);
	fx_finish(&f);
	expect_check_at(&f, late,
			"HYR provisional application on 1998-06-03: Art. 18 allows it to be declared only on the deposit of a consent instrument");
	fx_close(&f);

	expect_refused(NULL, PROV_FROM, PROV_FROM " \"at\": [\"ratification\"],",
		       "field 'rules.provisional_application.at': expected \"signature\" or \"consent\"");
	expect_refused(NULL, PROV_FROM, PROV_FROM " \"at\": [\"consent\", \"consent\"],",
		       "field 'rules.provisional_application.at': lists a moment twice");
	expect_refused(NULL, PROV_FROM, PROV_FROM " \"at\": \"consent\",",
		       "field 'rules.provisional_application.at': expected a list of \"signature\" and \"consent\"");
	expect_refused(NULL, PROV_FROM, PROV_FROM " \"articles\": [],",
		       "field 'rules.provisional_application.articles': expected a list of 1 to 32 article numbers");
	expect_refused(NULL, PROV_FROM, PROV_FROM " \"articles\": [\"6\", \"6\"],",
		       "field 'rules.provisional_application.articles': lists an article twice");
	expect_refused(NULL, PROV_FROM, PROV_FROM " \"articles\": [6],",
		       "field 'rules.provisional_application.articles': each entry must be an article number of 1 to 12 characters");
	expect_refused(NULL, PROV_FROM, PROV_FROM " \"from\": \"signature\",",
		       "field 'rules.provisional_application.from': unknown key");
}

/* A notice terminating provisional application (the Energy Charter
 * Treaty's Art. 45(3)(a)) ends the mark from its date and leaves the
 * status; one by a state not applying the treaty provisionally, or under
 * a treaty without the clause, is a problem and its explanation says so. */
static void test_provisional_application_end(void **state)
{
	struct fx f;
	pacta_error err;
	pacta_explanation ex;
	const pacta_interval *iv;

	(void)state;
	open_edited(&f, NULL, PROV_FROM, PROV_ATT);
	fx_base(&f); /* in force 1999-03-01 */
	fx_act(&f, "FRE", "signature", "1998-06-03", NULL, NULL);
	fx_act(&f, "FRE", "provisional_application", "1998-06-03", NULL, NULL);
	int end = fx_act(&f, "FRE", "provisional_application_end", "1998-09-15", NULL, NULL);
	/* Consented and applying provisionally, then ended: consented. */
	fx_act(&f, "GEN", "signature", "1998-06-03", NULL, NULL);
	fx_act(&f, "GEN", "ratification", "1998-08-03", NULL, NULL);
	fx_act(&f, "GEN", "provisional_application", "1998-08-03", NULL, NULL);
	fx_act(&f, "GEN", "provisional_application_end", "1998-10-01", NULL, NULL);
	/* A signatory that never declared it: nothing to end. */
	fx_act(&f, "HYR", "signature", "1998-06-03", NULL, NULL);
	int nothing = fx_act(&f, "HYR", "provisional_application_end", "1998-09-15", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1998-09-14"), &iv),
			 PACTA_STATUS_SIGNATORY);
	assert_true(iv->provisional);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1998-09-15"), &iv),
			 PACTA_STATUS_SIGNATORY);
	assert_false(iv->provisional);
	assert_int_equal(iv->to, PACTA_DAY_OPEN);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("1998-09-30"), &iv),
			 PACTA_STATUS_CONSENTED);
	assert_true(iv->provisional);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("1998-10-01"), &iv),
			 PACTA_STATUS_CONSENTED);
	assert_false(iv->provisional);
	/* Its entry into force is still to come. */
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("1999-03-01"), &iv),
			 PACTA_STATUS_PARTY);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "HYR"), fx_day("1998-09-15"), &iv),
			 PACTA_STATUS_SIGNATORY);
	assert_false(iv->provisional);
	expect_check_at(&f, nothing,
			"HYR end of provisional application on 1998-09-15 changes nothing: it was not applying the treaty provisionally");
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "FRE"), fx_day("1998-10-01"), &ex, &err),
			 PACTA_OK);
	assert_string_equal(ex.summary,
			    "On 1998-10-01 Freedonia is a signatory, not bound by the Mini Convention.");
	assert_string_equal(pacta_step_kind_name(ex.steps[ex.n_steps - 2].kind),
			    "provisional_application");
	assert_string_equal(ex.steps[ex.n_steps - 2].article, "23");
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "a notification terminating its provisional application on 1998-09-15 [3]. Its provisional application ends on 1998-09-15; its status is otherwise unchanged."));
	pacta_explanation_free(&ex);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "HYR"), fx_day("1998-10-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "It changes nothing: it was not applying the treaty provisionally."));
	pacta_explanation_free(&ex);
	(void)end;
	fx_close(&f);

	/* A treaty without the clause. */
	open_edited(&f, NULL,
		    "\"provisional_application\": {\"article\": \"18\","
		    "   \"text\": \"Applied provisionally pending entry into force.\"},",
		    "");
	fx_base(&f);
	fx_act(&f, "FRE", "signature", "1998-06-03", NULL, NULL);
	end = fx_act(&f, "FRE", "provisional_application_end", "1998-09-15", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "FRE"), fx_day("1998-09-15"), &iv),
			 PACTA_STATUS_SIGNATORY);
	assert_false(iv->provisional);
	expect_check_at(&f, end,
			"FRE ended a provisional application, which this treaty does not provide for");
	fx_close(&f);
}

/* ---- withdrawal on a later date the notification names; conditions ---- */

#define WD_FROM "\"withdrawal\": {\"article\": \"20(2)\", \"notice\": {\"months\": 6},"
#define WD_ATT \
	"\"withdrawal\": {\"article\": \"24(2)\", \"notice\": {\"days\": 90}, \"later_date\": true," \
	" \"conditions\": {\"article\": \"X(1)\", \"text\": \"extraordinary events\"},"

static void test_withdrawal_later_date(void **state)
{
	struct fx f;
	pacta_error err;
	pacta_explanation ex;

	(void)state;
	open_edited(&f, NULL, WD_FROM, WD_ATT);
	fx_base(&f);
	fx_act(&f, "LAT", "accession", "2005-07-01", NULL, NULL);
	fx_act(&f, "VUL", "accession", "2005-07-01", NULL, NULL);
	fx_act(&f, "MOL", "accession", "2005-07-01", NULL, NULL);
	/* 90 days after 2025-06-27 is 2025-09-25; the notification names
	 * 2026-01-01, which wins. */
	fx_act(&f, "LAT", "withdrawal", "2025-06-27", "2026-01-01", NULL);
	/* Names a date before the period ends: refused, the period stands. */
	int early = fx_act(&f, "VUL", "withdrawal", "2025-06-27", "2025-07-01", NULL);
	/* Names the period's own last day: the same date, no problem. */
	fx_act(&f, "MOL", "withdrawal", "2025-06-27", "2025-09-25", NULL);
	fx_finish(&f);
	assert_day(fx_tl(&f, "LAT")->withdrawal_effective, "2026-01-01");
	assert_int_equal(fx_status(&f, "LAT", "2025-12-31"), PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_int_equal(fx_status(&f, "LAT", "2026-01-01"), PACTA_STATUS_WITHDRAWN);
	const pacta_derivation *dv = fx_deriv(&f, fx_tl(&f, "LAT")->withdrawal_why);
	assert_day(dv->computed, "2025-09-25");
	assert_day(dv->date, "2026-01-01");
	assert_day(fx_tl(&f, "VUL")->withdrawal_effective, "2025-09-25");
	assert_day(fx_tl(&f, "MOL")->withdrawal_effective, "2025-09-25");
	expect_check_at(&f, early,
			"VUL withdrawal on 2025-06-27 names 2025-07-01, before its notice period ends on 2025-09-25 (Art. 24(2)); a notification may only name a later date");
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "LAT"), fx_day("2026-02-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[ex.n_steps - 3].text,
			       "Art. X(1) sets conditions for withdrawing, which pacta quotes and does not judge: \"extraordinary events\""));
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "2025-06-27 + 90 days = 2025-09-25. The notification names a later date, 2026-01-01, which Art. 24(2) allows: it is used."));
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text, "took effect on 2026-01-01."));
	pacta_explanation_free(&ex);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "VUL"), fx_day("2026-02-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "The notification names 2025-07-01, before the period ends; only a later date may be named, so 2025-09-25 stands."));
	pacta_explanation_free(&ex);
	fx_close(&f);

	/* Without later_date, a withdrawal's effective date is a problem and
	 * changes nothing. */
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "LAT", "accession", "2005-07-01", NULL, NULL);
	int named = fx_act(&f, "LAT", "withdrawal", "2025-06-27", "2026-06-01", NULL);
	fx_finish(&f);
	assert_day(fx_tl(&f, "LAT")->withdrawal_effective, "2025-12-27");
	expect_check_at(&f, named,
			"LAT withdrawal: only a consent to be bound (or a withdrawal, where rules.withdrawal.later_date allows a later date) can carry an effective date");
	fx_close(&f);

	expect_refused(NULL, WD_FROM, WD_FROM " \"later_date\": 1,",
		       "field 'rules.withdrawal.later_date': expected true or false");
	expect_refused(NULL, WD_FROM, WD_FROM " \"conditions\": \"extraordinary events\",",
		       "field 'rules.withdrawal.conditions': expected an object");
	expect_refused(NULL, WD_FROM, WD_FROM " \"conditions\": {\"article\": \"X\"},",
		       "field 'rules.withdrawal.conditions.text': missing");
	expect_refused(NULL, WD_FROM, WD_FROM " \"conditions\": {\"text\": \"t\", \"judged\": true},",
		       "field 'rules.withdrawal.conditions.judged': unknown key");
}

/* ---- succession to a signature ---- */

static void test_succession_to_signature(void **state)
{
	struct fx f;
	pacta_diags d;
	pacta_error err;
	pacta_explanation ex;
	const pacta_interval *iv;
	const pacta_derivation *dv;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f); /* in force 1999-03-01, when signature closes */
	/* Notified on 2000-05-01, effective from the succession of
	 * 1999-06-01: a signatory from then, though signature had closed;
	 * its ratification needs no signature of its own. */
	fx_act(&f, "TOM", "signature", "2000-05-01", "1999-06-01", NULL);
	fx_act(&f, "TOM", "ratification", "2001-01-10", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(fx_status(&f, "TOM", "1999-05-31"), PACTA_STATUS_NONE);
	assert_int_equal(fx_status(&f, "TOM", "1999-06-01"), PACTA_STATUS_SIGNATORY);
	assert_day(fx_tl(&f, "TOM")->signed_on, "1999-06-01");
	assert_day(fx_tl(&f, "TOM")->entry_into_force, "2001-07-01");
	/* The signatory's derivation is the act's, dated from the succession
	 * (the compiled status keeps it as a reference to the act). */
	pacta_status_on(f.ts, fx_p(&f, "TOM"), fx_day("1999-06-01"), &iv);
	dv = fx_deriv(&f, (int32_t)iv->why);
	assert_int_equal(dv->kind, PACTA_DERIV_ACT);
	assert_day(dv->date, "1999-06-01");
	assert_day(dv->base, "2000-05-01");
	assert_day(dv->computed, "2000-05-01");
	assert_int_equal(dv->n_acts, 1);
	assert_int_equal(dv->acts[0], fx_find_act(&f, "TOM", "signature", "2000-05-01"));
	assert_null(dv->article);
	assert_int_equal(dv->conflict, -1);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	pacta_diags_free(&d);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "TOM"), fx_day("2000-06-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[0].text,
			       "Tomainia notified on 2000-05-01 its succession to its predecessor's signature [1]; it is a signatory from 1999-06-01, the date of succession the record states."));
	assert_string_equal(ex.summary,
			    "On 2000-06-01 Tomainia is a signatory, not bound by the Mini Convention.");
	pacta_explanation_free(&ex);
	fx_close(&f);

	/* A succession dated after its notification is a problem; so is a
	 * ratification by a state that neither signed nor succeeded. */
	fx_open(&f, NULL);
	fx_base(&f);
	int after = fx_act(&f, "TOM", "signature", "2000-05-01", "2000-06-01", NULL);
	fx_finish(&f);
	expect_check_at(&f, after,
			"TOM signature: a succession to a signature takes effect on or before its notification, not after");
	fx_close(&f);
}

/* ---- succession.effective: "computed" is honoured, not ignored ---- */

static void test_succession_effective_computed(void **state)
{
	struct fx f;

	(void)state;
	open_edited(&f, NULL, "\"effective\": \"stated\"", "\"effective\": \"computed\"");
	fx_base(&f);
	int line = fx_act(&f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_finish(&f);
	/* The later rule's date, not the stated one. */
	assert_day(fx_tl(&f, "TOM")->entry_into_force, "2012-05-01");
	expect_check_at(&f, line,
			"TOM succession on 2011-11-11 states an effective date (2011-07-09), but rules.succession.effective says \"computed\": it is not used");
	fx_close(&f);

	/* "stated" (the fixture's): the stated date wins, no problem. */
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_finish(&f);
	assert_day(fx_tl(&f, "TOM")->entry_into_force, "2011-07-09");
	fx_close(&f);
}

/* ---- revocation, non-intent, definitive signature, ceased ---- */

static void test_revocation_before_entry_into_force(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	/* ELB revokes on 1998-09-01, before the third instrument: the third
	 * is now COS/BOR's day only if a third remains — FRE's makes it. */
	fx_act(&f, "ELB", "revocation", "1998-09-01", NULL, NULL);
	fx_act(&f, "FRE", "accession", "1998-10-05", NULL, NULL);
	fx_finish(&f);
	assert_day(pacta_treaty_status_in_force(f.ts)->base, "1998-09-16");
	assert_int_equal(fx_status(&f, "ELB", "1998-08-31"), PACTA_STATUS_CONSENTED);
	assert_int_equal(fx_status(&f, "ELB", "1998-09-01"), PACTA_STATUS_SIGNATORY);
	assert_int_equal(fx_status(&f, "ELB", "2010-01-01"), PACTA_STATUS_SIGNATORY);
	assert_true(fx_tl(&f, "ELB")->entry_into_force == PACTA_DAY_NONE);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	pacta_diags_free(&d);
	fx_close(&f);

	/* The revoked instrument does not count: with ARC's revoked, BOR and
	 * COS alone are two, and FRE's is the third. */
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "ARC", "revocation", "1998-08-15", NULL, NULL);
	fx_act(&f, "FRE", "accession", "1998-10-05", NULL, NULL);
	/* A revocation of a consent in force changes nothing. */
	int late = fx_act(&f, "BOR", "revocation", "1999-04-01", NULL, NULL);
	fx_finish(&f);
	assert_day(pacta_treaty_status_in_force(f.ts)->base, "1998-10-05");
	assert_day(pacta_treaty_status_in_force(f.ts)->date, "1999-04-01");
	assert_int_equal(fx_status(&f, "BOR", "1999-04-02"), PACTA_STATUS_PARTY);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 1);
	char where[32];
	snprintf(where, sizeof(where), "acts.csv:%d", late);
	expect_one_diag(&d, where,
			"BOR revocation on 1999-04-01 changes nothing: only a consent not yet in force for the state can be revoked (one in force can only be withdrawn from)");
	pacta_diags_free(&d);
	fx_close(&f);
}

static void test_non_intent_and_ceased(void **state)
{
	struct fx f;
	pacta_diags d;
	pacta_explanation ex;
	pacta_error err;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "KRA", "signature", "1998-01-05", NULL, NULL);
	fx_act(&f, "KRA", "non_intent", "2002-05-06", NULL, NULL);
	/* A party cannot stop being one by a notice of non-intent. */
	int wrong = fx_act(&f, "ARC", "non_intent", "2002-05-06", NULL, NULL);
	fx_act(&f, "BOR", "ceased", "2003-01-01", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(fx_status(&f, "KRA", "2002-05-05"), PACTA_STATUS_SIGNATORY);
	assert_int_equal(fx_status(&f, "KRA", "2002-05-06"), PACTA_STATUS_NONE);
	assert_int_equal(fx_status(&f, "ARC", "2002-05-06"), PACTA_STATUS_PARTY);
	assert_int_equal(fx_status(&f, "BOR", "2002-12-31"), PACTA_STATUS_PARTY);
	assert_int_equal(fx_status(&f, "BOR", "2003-01-01"), PACTA_STATUS_NONE);
	assert_int_equal(pacta_status_count(f.ts, fx_day("2003-01-01")).parties, 3);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 1);
	char where[32];
	snprintf(where, sizeof(where), "acts.csv:%d", wrong);
	expect_one_diag(&d, where,
			"ARC non_intent on 2002-05-06 changes nothing: only a signatory that has not consented can say it does not intend to become a party");
	pacta_diags_free(&d);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "KRA"), fx_day("2010-01-01"), &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.steps[ex.n_steps - 2].text,
			       "It is no longer a signatory; its signature creates no obligation"));
	assert_string_equal(ex.summary,
			    "On 2010-01-01 Krakozhia is not a signatory of the Mini Convention: on 2002-05-06 it gave notice that it does not intend to become a party.");
	pacta_explanation_free(&ex);
	assert_int_equal(pacta_explain(f.ts, fx_p(&f, "BOR"), fx_day("2010-01-01"), &ex, &err),
			 PACTA_OK);
	assert_string_equal(ex.summary,
			    "On 2010-01-01 Borduria no longer exists (since 2003-01-01) and has no status under the Mini Convention.");
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_definitive_signature(void **state)
{
	struct fx f;

	(void)state;
	open_edited(&f, NULL, "\"instruments\": [\"ratification\",",
		    "\"instruments\": [\"definitive_signature\", \"ratification\",");
	fx_base(&f);
	fx_act(&f, "LAT", "definitive_signature", "2001-03-14", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(fx_status(&f, "LAT", "2001-03-14"), PACTA_STATUS_CONSENTED);
	assert_day(fx_tl(&f, "LAT")->signed_on, "2001-03-14");
	assert_day(fx_tl(&f, "LAT")->entry_into_force, "2001-09-01");
	fx_close(&f);
}

/* ---- a protocol and its parent; discrepancies; profile ---- */

/* A protocol of the fixture's treaty: stated is its stated entry into
 * force (or NULL); extra is added to its rules (or NULL) and, with
 * withdrawal_applies, so is the parent's withdrawal. */
static void add_protocol_with(struct fx *f, const char *stated, const char *extra,
			      bool withdrawal_applies)
{
	char json[2048];
	pacta_error err;
	int n = snprintf(json, sizeof(json),
			 "{\"id\": \"mini-p1\", \"name\": \"Mini Protocol\", \"title\": \"Protocol I\","
			 " \"adopted\": {\"date\": \"1998-01-01\"}, \"depositary\": \"UN\","
			 " \"source_url\": \"https://example.org/p1\", \"rules\": {"
			 " \"consent\": {\"article\": \"4\", \"instruments\": [\"consent\"],"
			 "  \"requires_party_to\": {\"treaty\": \"mini\", \"article\": \"4(3)\"%s}},"
			 " \"entry_into_force\": {\"article\": \"5(3)\", \"instruments\": 2,"
			 "  \"delay\": {\"months\": 6}%s%s%s}%s}}",
			 withdrawal_applies
				 ? ", \"withdrawal_applies\": {\"article\": \"9(3)\","
				   " \"text\": \"A denunciation of the Convention applies to its Protocols.\"}"
				 : "",
			 stated ? ", \"stated\": \"" : "", stated ? stated : "", stated ? "\"" : "",
			 extra ? extra : "");
	assert_true(n > 0 && (size_t)n < sizeof(json));
	if (pacta_record_add_treaty(f->rec, json, (size_t)n, "treaties/mini-p1.json", &err) !=
	    PACTA_OK)
		fail_msg("protocol: %s", err.message);
}

static void add_protocol(struct fx *f, const char *stated)
{
	add_protocol_with(f, stated, NULL, false);
}

static void protocol_act(struct fx *f, const char *iso3, const char *date)
{
	pacta_act a;
	pacta_error err;

	pacta_act_init(&a);
	a.treaty = 1;
	a.participant = fx_p(f, iso3);
	a.action = PACTA_ACT_CONSENT;
	a.date = fx_day(date);
	a.effective = PACTA_DAY_NONE;
	a.target = -1;
	a.source_url = "https://example.org/p1";
	a.origin = "p1.csv:2";
	assert_int_equal(pacta_record_add_act(f->rec, &a, &err), PACTA_OK);
}

static void test_parent_treaty_and_discrepancies(void **state)
{
	struct fx f;
	pacta_diags d;
	pacta_stated s;
	pacta_error err;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	add_protocol(&f, "1999-12-01");
	/* The same day as its consent to the parent: allowed. */
	protocol_act(&f, "ARC", "1998-07-01");
	protocol_act(&f, "COS", "1999-01-05");
	/* Not a party to the parent at all. */
	protocol_act(&f, "ZUB", "1999-02-01");
	memset(&s, 0, sizeof(s));
	s.treaty = 0;
	s.kind = PACTA_STATED_PARTIES;
	s.participant = -1;
	s.date = fx_day("1999-03-01");
	s.value = 5;
	s.source_url = "https://example.org/counts";
	s.origin = "mini/depositary-counts.csv:2";
	assert_int_equal(pacta_record_add_stated(f.rec, &s, &err), PACTA_OK);
	s.kind = PACTA_STATED_ENTRY_INTO_FORCE;
	s.participant = (int32_t)fx_p(&f, "ELB");
	s.date = fx_day("1999-02-01");
	s.value = -1;
	s.origin = "mini/published-eif.csv:2";
	assert_int_equal(pacta_record_add_stated(f.rec, &s, &err), PACTA_OK);
	s.participant = (int32_t)fx_p(&f, "ARC");
	s.date = fx_day("1999-03-01"); /* agrees: no line */
	assert_int_equal(pacta_record_add_stated(f.rec, &s, &err), PACTA_OK);
	fx_finish(&f);

	memset(&d, 0, sizeof(d));
	pacta_record_check(f.rec, &d);
	expect_one_diag(&d, "p1.csv:2",
			"ZUB consent on 1999-02-01: not a party to mini that day (none; Art. 4(3)): a state must consent to mini first or at the same time");
	pacta_diags_free(&d);

	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_discrepancies(f.rec, &d), 3);
	assert_string_equal(d.items[0].where, "mini/depositary-counts.csv:2");
	assert_string_equal(d.items[0].message,
			    "mini on 1999-03-01: the depositary states 5 parties; the record gives 4");
	assert_string_equal(d.items[1].where, "mini/published-eif.csv:2");
	assert_string_equal(d.items[1].message,
			    "mini ELB: entry into force 1999-02-01 as the source states; computed 1999-03-01");
	assert_string_equal(d.items[2].where, "treaties/mini-p1.json");
	assert_string_equal(d.items[2].message,
			    "mini-p1: entry into force 1999-12-01 as the depositary states; Art. 5(3) computes 1999-07-05 from the instrument that met the threshold (COS consent of 1999-01-05)");
	pacta_diags_free(&d);
	fx_close(&f);
}

/* CCW Art. 9(3): a denunciation of the parent applies to the protocol. */
static void test_parent_withdrawal_applies(void **state)
{
	struct fx f;
	pacta_explanation ex;
	pacta_error err;
	pacta_treaty_status *ps;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	add_protocol_with(&f, NULL, ", \"withdrawal\": {\"article\": \"9(2)\", \"notice\": {\"years\": 1}}",
			  true);
	protocol_act(&f, "ARC", "1998-07-01");
	protocol_act(&f, "BOR", "1998-09-16");
	/* ARC leaves the parent: the protocol goes too, by its own notice. */
	fx_act(&f, "ARC", "withdrawal", "2025-06-27", NULL, NULL);
	/* BOR denounced the protocol first; the parent's later notice does
	 * not restart its year. */
	pacta_act a;
	pacta_act_init(&a);
	a.treaty = 1;
	a.participant = fx_p(&f, "BOR");
	a.action = PACTA_ACT_WITHDRAWAL;
	a.date = fx_day("2025-01-10");
	a.effective = PACTA_DAY_NONE;
	a.target = -1;
	a.source_url = "https://example.org/p1";
	a.origin = "p1.csv:9";
	assert_int_equal(pacta_record_add_act(f.rec, &a, &err), PACTA_OK);
	fx_act(&f, "BOR", "withdrawal", "2025-03-01", NULL, NULL);
	fx_finish(&f);
	assert_int_equal(pacta_status_compile(f.rec, 1, &ps, &err), PACTA_OK);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ps, fx_p(&f, "ARC"), &tl_buf);
	assert_day(tl->withdrawal_notified, "2025-06-27");
	assert_day(tl->withdrawal_effective, "2026-06-27");
	tl = pacta_treaty_status_timeline(ps, fx_p(&f, "BOR"), &tl_buf);
	assert_day(tl->withdrawal_notified, "2025-01-10");
	assert_day(tl->withdrawal_effective, "2026-01-10");
	/* Under the parent itself, six months. */
	assert_day(fx_tl(&f, "ARC")->withdrawal_effective, "2025-12-27");
	assert_int_equal(pacta_explain(ps, fx_p(&f, "ARC"), fx_day("2026-07-01"), &ex, &err),
			 PACTA_OK);
	bool found = false;
	for (size_t i = 0; i < ex.n_steps; i++)
		found |= strstr(ex.steps[i].text,
				"It withdraws from the Mini Convention; Art. 9(3): A denunciation of the Convention applies to its Protocols.") != NULL;
	assert_true(found);
	pacta_explanation_free(&ex);
	pacta_treaty_status_free(ps);
	fx_close(&f);

	/* The rule needs the protocol's own withdrawal clause. */
	pacta_record *rec = pacta_record_new();
	const char *bad =
		"{\"id\": \"p\", \"name\": \"P\", \"title\": \"P\", \"adopted\": {\"date\": \"1998-01-01\"},"
		" \"depositary\": \"UN\", \"source_url\": \"https://example.org/p\", \"rules\": {"
		" \"consent\": {\"instruments\": [\"consent\"], \"requires_party_to\": {\"treaty\": \"mini\","
		"  \"withdrawal_applies\": {}}},"
		" \"entry_into_force\": {\"instruments\": 2, \"delay\": {\"months\": 6}}}}";
	assert_int_equal(pacta_record_add_treaty(rec, bad, strlen(bad), "treaties/p.json", &err),
			 PACTA_ERR_PARSE);
	assert_string_equal(err.message,
			    "field 'rules.consent.requires_party_to.withdrawal_applies': needs this treaty's own withdrawal clause (rules.withdrawal)");
	pacta_record_free(rec);
}

static void test_profile(void **state)
{
	struct fx f;
	pacta_profile pr;
	pacta_error err;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	add_protocol(&f, NULL);
	protocol_act(&f, "ARC", "1998-07-01");
	protocol_act(&f, "COS", "1999-01-05");
	fx_act(&f, "ARC", "withdrawal", "2025-06-27", NULL, NULL);
	fx_finish(&f);

	assert_int_equal(pacta_profile_build(f.rec, fx_p(&f, "ARC"), fx_day("2025-07-01"), &pr,
					     &err),
			 PACTA_OK);
	assert_int_equal(pr.n_treaties, 2);
	assert_int_equal(pr.treaties[0].view.status, PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_int_equal(pr.treaties[1].view.status, PACTA_STATUS_PARTY);
	assert_day(pr.treaties[1].view.entry_into_force, "1999-07-05");
	/* Signed, consented (both treaties the same day: parent first),
	 * in force under each, notified, and the withdrawal to come. */
	assert_int_equal(pr.n_changes, 7);
	assert_day(pr.changes[0].date, "1997-12-03");
	assert_day(pr.changes[1].date, "1998-07-01");
	assert_int_equal(pr.changes[1].treaty, 0);
	assert_int_equal(pr.changes[2].treaty, 1);
	assert_day(pr.changes[3].date, "1999-03-01");
	assert_day(pr.changes[4].date, "1999-07-05");
	assert_int_equal(pr.changes[6].after, PACTA_STATUS_WITHDRAWN);
	assert_true(pr.changes[6].upcoming);
	assert_false(pr.changes[5].upcoming);
	pacta_profile_free(&pr);

	/* Before the notice, the withdrawal is not known. */
	assert_int_equal(pacta_profile_build(f.rec, fx_p(&f, "ARC"), fx_day("2025-01-01"), &pr,
					     &err),
			 PACTA_OK);
	assert_int_equal(pr.n_changes, 5);
	pacta_profile_free(&pr);

	char *json = pacta_report_profile_json(f.rec, fx_p(&f, "ARC"), fx_day("2025-07-01"));
	assert_non_null(json);
	assert_non_null(strstr(json, "\"state\": \"ARC\""));
	assert_non_null(strstr(json, "\"treaty\": \"mini-p1\""));
	assert_non_null(strstr(json, "\"upcoming\": true"));
	free(json);
	assert_int_equal(pacta_profile_build(f.rec, 999, fx_day("2025-07-01"), &pr, &err),
			 PACTA_ERR_USAGE);
	fx_close(&f);
}

/* ---- the reader ---- */

static void test_reader_errors(void **state)
{
	(void)state;
	expect_refused("{\"instruments\": 3, \"delay\": {\"days\": 1},"
		       " \"requires\": {\"states\": [\"usa\"]}}",
		       NULL, NULL,
		       "field 'rules.entry_into_force.requires.states': each entry must be an ISO 3166 alpha-3 code such as \"USA\"");
	expect_refused("{\"instruments\": 3, \"delay\": {\"days\": 1},"
		       " \"requires\": {\"states\": [\"USA\", \"USA\"]}}",
		       NULL, NULL, "field 'rules.entry_into_force.requires.states': lists a state twice");
	expect_refused("{\"instruments\": 3, \"delay\": {\"days\": 1},"
		       " \"requires\": {\"group\": \"g\", \"states\": [\"USA\"]}}",
		       NULL, NULL,
		       "field 'rules.entry_into_force.requires': expected {\"group\": NAME} or {\"states\": [ISO3, ...]}");
	expect_refused("{\"delay\": {\"days\": 1}}", NULL, NULL,
		       "field 'rules.entry_into_force.instruments': expected a whole number from 1");
	expect_refused("{\"instruments\": 3, \"delay\": {\"days\": 1},"
		       " \"not_before\": {\"date\": \"1999-02-30\"}}",
		       NULL, NULL, "field 'rules.entry_into_force.not_before.date': expected a date YYYY-MM-DD");
	expect_refused("{\"instruments\": 3, \"delay\": {\"days\": 1},"
		       " \"not_before\": {\"after_opening\": {\"weeks\": 2}}}",
		       NULL, NULL,
		       "field 'rules.entry_into_force.not_before.after_opening': unknown unit (use days, months, years, first_day_of_month_after or first_day_of_month_following)");
	expect_refused("{\"instruments\": 3, \"delay\": {\"days\": 1},"
		       " \"not_before\": {\"after_opening\": {\"years\": 2}}}",
		       " \"opened_for_signature\": {\"date\": \"1997-12-03\", \"place\": \"Ottawa\"},",
		       "", "field 'rules.entry_into_force.not_before.after_opening': needs \"opened_for_signature\"");
	expect_refused(NULL, "\"accession_only_by_non_signatories\": true}",
		       "\"requires_party_to\": {\"treaty\": \"mini\"}}",
		       "field 'rules.consent.requires_party_to.treaty': must name another treaty");
	expect_refused(NULL, "\"accession_only_by_non_signatories\": true}",
		       "\"requires_party_to\": {\"treaty\": \"ccw\", \"articles\": \"4\"}}",
		       "field 'rules.consent.requires_party_to.articles': unknown key");
	expect_refused(NULL, "\"closes_at_entry_into_force\": true}",
		       "\"open_until\": \"1982-13-10\"}",
		       "field 'rules.signature.open_until': expected a date YYYY-MM-DD");
	expect_refused(NULL, "\"suspension\":", "\"revocation\": {\"article\": 7}, \"suspension\":",
		       "field 'rules.revocation.article': expected a string");
}

/* A signature after the date the rules close it. */
static void test_signature_open_until(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	open_edited(&f, NULL, "\"closes_at_entry_into_force\": true}",
		    "\"open_until\": \"1998-04-10\"}");
	fx_base(&f);
	fx_act(&f, "FRE", "signature", "1998-04-10", NULL, NULL);
	int late = fx_act(&f, "GEN", "signature", "1998-04-11", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 1);
	char where[32];
	snprintf(where, sizeof(where), "acts.csv:%d", late);
	expect_one_diag(&d, where, "GEN signature on 1998-04-11: signature closed after 1998-04-10 (Art. 15)");
	pacta_diags_free(&d);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_day_of_month_following),
		cmocka_unit_test(test_withdrawal_notice_in_years),
		cmocka_unit_test(test_requires_named_states),
		cmocka_unit_test(test_requires_group_not_before_opening),
		cmocka_unit_test(test_required_missing),
		cmocka_unit_test(test_accession_opens_at_entry_into_force),
		cmocka_unit_test(test_provisional_application),
		cmocka_unit_test(test_provisional_application_end),
		cmocka_unit_test(test_withdrawal_later_date),
		cmocka_unit_test(test_succession_to_signature),
		cmocka_unit_test(test_succession_effective_computed),
		cmocka_unit_test(test_revocation_before_entry_into_force),
		cmocka_unit_test(test_non_intent_and_ceased),
		cmocka_unit_test(test_definitive_signature),
		cmocka_unit_test(test_parent_treaty_and_discrepancies),
		cmocka_unit_test(test_parent_withdrawal_applies),
		cmocka_unit_test(test_profile),
		cmocka_unit_test(test_reader_errors),
		cmocka_unit_test(test_signature_open_until),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
