/*
 * test_check.c - the record checks, one test per rule: a clean record
 * gives no diagnostic, and each test adds one offending act (or armed
 * conflict) to it and expects exactly one diagnostic, naming the act's
 * origin and saying which rule it breaks.
 */
#include "fixture.h"

/* A record that breaks no rule: the threshold, later deposits, a
 * provisional application, a withdrawal, a re-accession after one, a
 * retroactive succession, a claim with objections, domestic steps and
 * armed conflicts. */
static void clean(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "FRE", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "FRE", "ratification", "1998-11-13", NULL, NULL);
	fx_act(f, "FRE", "provisional_application", "1998-11-13", NULL, NULL);
	fx_act(f, "FRE", "declaration", "1998-11-13", NULL, NULL);
	/* Signed on the eve of the treaty's entry into force. */
	fx_act(f, "ILL", "signature", "1999-02-28", NULL, NULL);
	fx_act(f, "LAT", "accession", "2005-07-01", NULL, NULL);
	fx_act(f, "LAT", "announcement", "2025-03-18", NULL, NULL);
	fx_act(f, "LAT", "withdrawal", "2025-06-27", NULL, NULL);
	/* Domestic steps and claims may follow a withdrawal. */
	fx_act(f, "LAT", "announcement", "2026-01-05", NULL, NULL);
	fx_act(f, "VUL", "accession", "2000-01-10", NULL, NULL);
	fx_act(f, "VUL", "withdrawal", "2010-01-15", NULL, NULL);
	fx_act(f, "VUL", "accession", "2012-03-20", NULL, NULL);
	fx_act(f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_act(f, "WAD", "accession", "2005-12-27", NULL, NULL);
	fx_act(f, "WAD", "suspension_claim", "2025-07-18", NULL, NULL);
	fx_act(f, "ARC", "objection", "2025-10-17", NULL, "WAD");
	fx_act(f, "BOR", "objection", "2025-12-02", NULL, "WAD");
	fx_act(f, "ZUB", "government_decision", "1990-01-01", NULL, NULL);
	fx_conflict(f, "WAD", "2014-02-20", NULL);
	fx_conflict(f, "POT", "2001-01-01", "2001-01-02");
}

/* Where clean() records Latvia's withdrawal. */
#define LAT_WITHDRAWAL "acts.csv:16"

/* Runs the checks: exactly one diagnostic, at "acts.csv:line" (or
 * "armed-conflicts.csv:line" when conflict), with message. */
static void expect_one(struct fx *f, int line, bool conflict, const char *message)
{
	pacta_diags d;
	char where[64];
	long n;

	fx_finish(f);
	memset(&d, 0, sizeof(d));
	n = pacta_record_check(f->rec, &d);
	for (size_t i = 0; d.n != 1 && i < d.n; i++)
		print_message("# %s: %s\n", d.items[i].where, d.items[i].message);
	assert_int_equal(n, 1);
	assert_int_equal(d.n, 1);
	snprintf(where, sizeof(where), "%s:%d", conflict ? "armed-conflicts.csv" : "acts.csv", line);
	assert_string_equal(d.items[0].where, where);
	assert_string_equal(d.items[0].message, message);
	pacta_diags_free(&d);
	assert_null(d.items);
	assert_int_equal(d.n, 0);
	fx_close(f);
}

static void test_clean_record(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	clean(&f);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	for (size_t i = 0; i < d.n; i++)
		print_message("# %s: %s\n", d.items[i].where, d.items[i].message);
	assert_int_equal(d.n, 0);
	pacta_diags_free(&d);
	fx_close(&f);
}

/* Diagnostics are appended: a second run on the same list adds as many
 * again, and the count returned is this run's. */
static void test_diagnostics_accumulate(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	clean(&f);
	fx_act(&f, "GEN", "reservation", "2000-01-01", NULL, NULL);
	fx_act(&f, "HYR", "reservation", "2000-01-01", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 2);
	assert_int_equal(pacta_record_check(f.rec, &d), 2);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.items[0].where, d.items[2].where);
	pacta_diags_free(&d);
	fx_close(&f);
}

static void test_ratification_without_signature(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "GEN", "ratification", "1998-11-13", NULL, NULL);
	expect_one(&f, line, false,
		   "GEN deposited an instrument of ratification on 1998-11-13 but never signed;"
		   " Art. 16: a state that did not sign must accede");
}

static void test_accession_by_signatory(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	int sig = fx_act(&f, "GEN", "signature", "1997-12-05", NULL, NULL);
	line = fx_act(&f, "GEN", "accession", "2001-04-02", NULL, NULL);
	char msg[300];
	snprintf(msg, sizeof(msg),
		 "GEN signed, so it ratifies, accepts or approves; Art. 16 keeps accession for"
		 " states that did not sign: its accession on 2001-04-02 follows its signature"
		 " recorded at acts.csv:%d (signature on 1997-12-05)",
		 sig);
	expect_one(&f, line, false, msg);
}

static void test_signature_after_entry_into_force(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "GEN", "signature", "1999-03-01", NULL, NULL);
	expect_one(&f, line, false,
		   "GEN signature on 1999-03-01: signature closed when the treaty entered into"
		   " force on 1999-03-01 (Art. 15); a state that has not signed may only accede");
}

static void test_act_before_adoption(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "GEN", "declaration", "1997-09-17", NULL, NULL);
	expect_one(&f, line, false,
		   "GEN declaration on 1997-09-17 is dated before the treaty was adopted"
		   " (1997-09-18)");
}

static void test_signature_before_opening(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "GEN", "signature", "1997-12-02", NULL, NULL);
	expect_one(&f, line, false,
		   "GEN signature on 1997-12-02 is before the treaty was opened for signature"
		   " (1997-12-03)");
}

static void test_reservation_forbidden(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "COS", "reservation", "1998-09-16", NULL, NULL);
	expect_one(&f, line, false, "COS reservation on 1998-09-16: Art. 19 forbids reservations");
}

static void test_act_after_withdrawal(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	/* LAT's withdrawal took effect on 2025-12-27. */
	line = fx_act(&f, "LAT", "declaration", "2025-12-27", NULL, NULL);
	expect_one(&f, line, false,
		   "LAT declaration on 2025-12-27 comes after its withdrawal recorded at "
		   LAT_WITHDRAWAL " (withdrawal on 2025-06-27); only a new consent to be bound is"
		   " possible");
}

/* The day before the withdrawal takes effect, the state is still a party. */
static void test_act_before_withdrawal_takes_effect(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	clean(&f);
	fx_act(&f, "LAT", "declaration", "2025-12-26", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	pacta_diags_free(&d);
	fx_close(&f);
}

/* A withdrawal held by an armed conflict has not taken effect: a later
 * act is no act "after its withdrawal". */
static void test_act_while_withdrawal_held(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	clean(&f);
	fx_conflict(&f, "LAT", "2025-01-01", NULL);
	fx_act(&f, "LAT", "declaration", "2026-06-01", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 0);
	pacta_diags_free(&d);
	fx_close(&f);
}

static void test_duplicate_act(void **state)
{
	struct fx f;
	int first, line;

	(void)state;
	clean(&f);
	first = fx_act(&f, "HYR", "declaration", "2003-05-05", NULL, NULL);
	line = fx_act(&f, "HYR", "declaration", "2003-05-05", NULL, NULL);
	{
		char msg[128];

		snprintf(msg, sizeof(msg),
			 "HYR declaration on 2003-05-05 is recorded twice (also at acts.csv:%d)",
			 first);
		expect_one(&f, line, false, msg);
	}
}

static void test_two_consents_without_withdrawal(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	int first = fx_act(&f, "HYR", "accession", "2001-01-10", NULL, NULL);
	line = fx_act(&f, "HYR", "accession", "2002-01-10", NULL, NULL);
	char msg[300];
	snprintf(msg, sizeof(msg),
		 "HYR accession on 2002-01-10 contradicts its earlier consent to be bound recorded"
		 " at acts.csv:%d (accession on 2001-01-10), which still stands",
		 first);
	expect_one(&f, line, false, msg);
}

static void test_withdrawal_without_consent(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	/* ILL only signed. */
	line = fx_act(&f, "ILL", "withdrawal", "2020-01-10", NULL, NULL);
	expect_one(&f, line, false,
		   "ILL notified a withdrawal on 2020-01-10 without a standing consent to be"
		   " bound");
}

/* A problem names the act it is about and the act it contradicts, by
 * index; the same problem found twice has the same check and acts. */
static void test_problem_names_both_acts(void **state)
{
	struct fx f;
	pacta_diags d;

	(void)state;
	clean(&f);
	fx_act(&f, "HYR", "accession", "2001-01-10", NULL, NULL);
	fx_act(&f, "HYR", "accession", "2002-01-10", NULL, NULL);
	fx_act(&f, "GEN", "reservation", "2000-01-01", NULL, NULL);
	fx_finish(&f);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pacta_record_check(f.rec, &d), 2);
	assert_int_equal(pacta_record_check(f.rec, &d), 2);
	for (size_t i = 0; i < 2; i++) {
		const pacta_diag *x = &d.items[i];
		if (x->other < 0) { /* the reservation: one act */
			assert_int_equal(x->act, fx_find_act(&f, "GEN", "reservation", "2000-01-01"));
			continue;
		}
		assert_int_equal(x->act, fx_find_act(&f, "HYR", "accession", "2002-01-10"));
		assert_int_equal(x->other, fx_find_act(&f, "HYR", "accession", "2001-01-10"));
	}
	assert_int_not_equal(d.items[0].check, d.items[1].check);
	assert_int_equal(d.items[0].check, d.items[2].check);
	assert_int_equal(d.items[0].act, d.items[2].act);
	assert_int_equal(d.items[0].other, d.items[2].other);
	pacta_diags_free(&d);

	/* Checking its one treaty finds the same; checking none, or only
	 * an index past the record's treaties, nothing; listing it twice,
	 * each problem twice. */
	uint32_t only[2] = { 0, 0 };
	assert_int_equal(pacta_record_check_treaties(f.rec, only, 1, &d), 2);
	pacta_diags_free(&d);
	assert_int_equal(pacta_record_check_treaties(f.rec, NULL, 0, &d), 0);
	pacta_diags_free(&d);
	only[0] = (uint32_t)f.rec->n_treaties;
	assert_int_equal(pacta_record_check_treaties(f.rec, only, 1, &d), 0);
	pacta_diags_free(&d);
	only[0] = 0;
	assert_int_equal(pacta_record_check_treaties(f.rec, only, 2, &d), 4);
	pacta_diags_free(&d);
	fx_close(&f);
}

static void test_second_withdrawal(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "LAT", "withdrawal", "2025-08-01", NULL, NULL);
	expect_one(&f, line, false,
		   "LAT notified a second withdrawal on 2025-08-01; the first is recorded at "
		   LAT_WITHDRAWAL " (withdrawal on 2025-06-27)");
}

static void test_objection_without_target(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "COS", "objection", "2025-11-25", NULL, NULL);
	expect_one(&f, line, false,
		   "COS objection on 2025-11-25 names no target (column 'target')");
}

static void test_target_on_non_objection(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "COS", "declaration", "2025-11-25", NULL, "WAD");
	expect_one(&f, line, false, "COS declaration: only an objection has a target");
}

static void test_effective_on_non_consent(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	/* (A signature may: a succession to the predecessor's signature.) */
	line = fx_act(&f, "FRE", "declaration", "1999-01-05", "1999-01-01", NULL);
	expect_one(&f, line, false,
		   "FRE declaration: only a consent to be bound can carry an effective date");
}

static void test_effective_after_deposit(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_act(&f, "GEN", "succession", "2011-11-11", "2011-11-12", NULL);
	expect_one(&f, line, false,
		   "GEN succession: a stated effective date after the deposit is not a"
		   " retroactive succession; leave it to the rules");
}

static void test_conflict_ends_before_it_starts(void **state)
{
	struct fx f;
	int line;

	(void)state;
	clean(&f);
	line = fx_conflict(&f, "QUM", "2020-05-01", "2020-05-01");
	expect_one(&f, line, true, "QUM armed conflict ends before it starts");
	clean(&f);
	line = fx_conflict(&f, "QUM", "2020-05-01", "2019-05-01");
	expect_one(&f, line, true, "QUM armed conflict ends before it starts");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_record),
		cmocka_unit_test(test_diagnostics_accumulate),
		cmocka_unit_test(test_ratification_without_signature),
		cmocka_unit_test(test_accession_by_signatory),
		cmocka_unit_test(test_signature_after_entry_into_force),
		cmocka_unit_test(test_act_before_adoption),
		cmocka_unit_test(test_signature_before_opening),
		cmocka_unit_test(test_reservation_forbidden),
		cmocka_unit_test(test_act_after_withdrawal),
		cmocka_unit_test(test_act_while_withdrawal_held),
		cmocka_unit_test(test_act_before_withdrawal_takes_effect),
		cmocka_unit_test(test_duplicate_act),
		cmocka_unit_test(test_two_consents_without_withdrawal),
		cmocka_unit_test(test_withdrawal_without_consent),
		cmocka_unit_test(test_problem_names_both_acts),
		cmocka_unit_test(test_second_withdrawal),
		cmocka_unit_test(test_objection_without_target),
		cmocka_unit_test(test_target_on_non_objection),
		cmocka_unit_test(test_effective_on_non_consent),
		cmocka_unit_test(test_effective_after_deposit),
		cmocka_unit_test(test_conflict_ends_before_it_starts),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
