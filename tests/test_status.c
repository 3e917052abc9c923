/*
 * test_status.c - status timelines compiled from small records: the
 * treaty's own entry into force and the threshold day, deposits after it,
 * a stated entry into force, withdrawals across month ends and leap days,
 * withdrawals held by an armed conflict, retroactive successions,
 * provisional application, re-accession, claims and objections, and the
 * interval, count and diff functions built on the timelines.
 */
#include "fixture.h"

struct iv {
	const char *from; /* NULL for the first interval */
	pacta_status status;
	bool provisional;
};

/* The participant's intervals must be exactly want[0..n): the first from
 * NONE, each ending where the next starts, the last open; and
 * pacta_status_on must give each status on its first day and the
 * previous status on the day before. */
static void expect_story(const struct fx *f, const char *iso3, const struct iv *want, size_t n)
{
	const pacta_timeline *tl = fx_tl(f, iso3);

	assert_int_equal(tl->n_intervals, n);
	for (size_t i = 0; i < n; i++) {
		const pacta_interval *iv = &tl->intervals[i];
		const pacta_interval *got = NULL;

		if (i == 0)
			assert_true(iv->from == PACTA_DAY_NONE);
		else
			assert_day(iv->from, want[i].from);
		if (i + 1 < n)
			assert_true(iv->to == tl->intervals[i + 1].from);
		else
			assert_true(iv->to == PACTA_DAY_OPEN);
		assert_true(iv->from < iv->to);
		assert_string_equal(pacta_status_name(iv->status),
				    pacta_status_name(want[i].status));
		assert_int_equal(iv->provisional, want[i].provisional);
		if (i == 0)
			continue;
		assert_int_equal(pacta_status_on(f->ts, fx_p(f, iso3), iv->from, &got),
				 want[i].status);
		assert_ptr_equal(got, iv);
		assert_int_equal(pacta_status_on(f->ts, fx_p(f, iso3), iv->from - 1, &got),
				 want[i - 1].status);
		assert_ptr_equal(got, iv - 1);
	}
}

#define STORY(f, iso3, ...) do { \
	static const struct iv want_[] = { __VA_ARGS__ }; \
	expect_story((f), (iso3), want_, sizeof(want_) / sizeof(want_[0])); \
} while (0)

#define NONE_ { NULL, PACTA_STATUS_NONE, false }

/* Entry-into-force derivation of a participant. */
static const pacta_derivation *eif_of(const struct fx *f, const char *iso3)
{
	return fx_deriv(f, fx_tl(f, iso3)->entry_into_force_why);
}

static void test_treaty_in_force_from_nth_instrument(void **state)
{
	struct fx f;
	const pacta_derivation *d;
	const pacta_act *nth;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);

	d = pacta_treaty_status_in_force(f.ts);
	assert_non_null(d);
	assert_int_equal(d->kind, PACTA_DERIV_TREATY_IN_FORCE);
	assert_day(d->date, "1999-03-01");
	assert_day(d->computed, "1999-03-01");
	assert_day(d->base, "1998-09-16");
	assert_string_equal(d->article, "17(1)");
	assert_int_equal(d->delay.unit, PACTA_DELAY_FIRST_OF_MONTH);
	assert_int_equal(d->delay.n, 6);
	assert_true(d->floor == PACTA_DAY_NONE);
	assert_int_equal(d->conflict, -1);
	assert_int_equal(d->n_acts, 1);
	/* The third instrument: one of the two deposited on 1998-09-16. */
	nth = &f.rec->acts[d->acts[0]];
	assert_day(nth->date, "1998-09-16");
	assert_true(nth->participant == fx_p(&f, "BOR") || nth->participant == fx_p(&f, "COS"));

	/* ARC's instrument is among the first three: the treaty's date. */
	d = eif_of(&f, "ARC");
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_INITIAL);
	assert_day(d->date, "1999-03-01");
	assert_day(d->computed, "1999-03-01");
	assert_day(d->base, "1998-09-16");
	assert_string_equal(d->article, "17(1)");
	assert_int_equal(d->n_acts, 2);
	assert_int_equal(d->acts[0], fx_find_act(&f, "ARC", "ratification", "1998-07-01"));
	assert_int_equal(d->acts[1], pacta_treaty_status_in_force(f.ts)->acts[0]);
	assert_day(fx_tl(&f, "ARC")->entry_into_force, "1999-03-01");
	assert_day(fx_tl(&f, "ARC")->consented_on, "1998-07-01");
	assert_day(fx_tl(&f, "ARC")->signed_on, "1997-12-03");
	assert_int_equal(fx_tl(&f, "ARC")->consent_act,
			 fx_find_act(&f, "ARC", "ratification", "1998-07-01"));

	STORY(&f, "ARC", NONE_,
	      { "1997-12-03", PACTA_STATUS_SIGNATORY, false },
	      { "1998-07-01", PACTA_STATUS_CONSENTED, false },
	      { "1999-03-01", PACTA_STATUS_PARTY, false });
	STORY(&f, "ELB", NONE_,
	      { "1997-12-04", PACTA_STATUS_SIGNATORY, false },
	      { "1998-08-01", PACTA_STATUS_CONSENTED, false },
	      { "1999-03-01", PACTA_STATUS_PARTY, false });
	STORY(&f, "COS", NONE_,
	      { "1998-09-16", PACTA_STATUS_CONSENTED, false },
	      { "1999-03-01", PACTA_STATUS_PARTY, false });
	fx_close(&f);
}

/* Both instruments of the threshold day count among the first N, although
 * there are then N + 1 of them: both get the treaty's own date. */
static void test_threshold_day_ties(void **state)
{
	struct fx f;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	for (int i = 0; i < 2; i++) {
		const char *who = i ? "COS" : "BOR";
		const pacta_derivation *d = eif_of(&f, who);

		assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_INITIAL);
		assert_day(d->date, "1999-03-01");
		assert_day(d->base, "1998-09-16");
		assert_string_equal(d->article, "17(1)");
	}
	STORY(&f, "BOR", NONE_,
	      { "1997-12-03", PACTA_STATUS_SIGNATORY, false },
	      { "1998-09-16", PACTA_STATUS_CONSENTED, false },
	      { "1999-03-01", PACTA_STATUS_PARTY, false });
	assert_int_equal(pacta_status_count(f.ts, fx_day("1999-03-01")).parties, 4);
	assert_int_equal(pacta_status_count(f.ts, fx_day("1999-02-28")).parties, 0);
	assert_int_equal(pacta_status_count(f.ts, fx_day("1999-02-28")).consented, 4);
	fx_close(&f);
}

/* The Nth instrument is counted by date, not by record order. */
static void test_threshold_counts_by_date(void **state)
{
	struct fx f;
	const pacta_derivation *d;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	/* HYR sorts after everyone but deposited first. */
	fx_act(&f, "HYR", "accession", "1998-06-01", NULL, NULL);
	fx_finish(&f);

	d = pacta_treaty_status_in_force(f.ts);
	assert_day(d->base, "1998-08-01");
	assert_day(d->date, "1999-02-01");
	assert_int_equal(d->acts[0], fx_find_act(&f, "ELB", "ratification", "1998-08-01"));
	assert_int_equal(eif_of(&f, "HYR")->kind, PACTA_DERIV_IN_FORCE_INITIAL);
	assert_day(fx_tl(&f, "HYR")->entry_into_force, "1999-02-01");
	/* ELB's own instrument is the third: its derivation cites it once. */
	assert_int_equal(eif_of(&f, "ELB")->kind, PACTA_DERIV_IN_FORCE_INITIAL);
	assert_int_equal(eif_of(&f, "ELB")->n_acts, 1);
	/* BOR and COS now deposited after the third instrument. */
	d = eif_of(&f, "BOR");
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_LATER);
	assert_day(d->date, "1999-03-01");
	assert_string_equal(d->article, "17(2)");
	assert_day(fx_tl(&f, "COS")->entry_into_force, "1999-03-01");
	fx_close(&f);
}

static void test_deposits_after_threshold(void **state)
{
	static const struct {
		const char *who, *action, *date, *eif;
	} cases[] = {
		/* The day after the threshold day. */
		{ "ILL", "accession", "1998-09-17", "1999-03-01" },
		/* Same month as the threshold: the rule gives the treaty's date. */
		{ "FRE", "ratification", "1998-09-30", "1999-03-01" },
		/* Before the treaty is in force, but its own date is later. */
		{ "GEN", "ratification", "1998-11-13", "1999-05-01" },
		{ "KRA", "accession", "1999-01-14", "1999-07-01" },
		/* On the day the treaty enters into force, and after. */
		{ "HYR", "accession", "1999-03-01", "1999-09-01" },
		{ "LAT", "accession", "1999-06-15", "1999-12-01" },
		{ "MOL", "accession", "2005-07-01", "2006-01-01" },
		{ "OST", "accession", "2004-12-31", "2005-06-01" },
	};
	struct fx f;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "FRE", "signature", "1997-12-05", NULL, NULL);
	fx_act(&f, "GEN", "signature", "1997-12-05", NULL, NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fx_act(&f, cases[i].who, cases[i].action, cases[i].date, NULL, NULL);
	fx_finish(&f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const pacta_derivation *d = eif_of(&f, cases[i].who);

		assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_LATER);
		assert_string_equal(d->article, "17(2)");
		assert_day(d->base, cases[i].date);
		assert_day(d->date, cases[i].eif);
		assert_day(d->computed, cases[i].eif);
		assert_true(d->floor == PACTA_DAY_NONE);
		assert_int_equal(d->delay.unit, PACTA_DELAY_FIRST_OF_MONTH);
		assert_int_equal(d->delay.n, 6);
		assert_int_equal(d->n_acts, 1);
		assert_int_equal(d->acts[0], fx_find_act(&f, cases[i].who, cases[i].action,
							 cases[i].date));
		assert_day(fx_tl(&f, cases[i].who)->entry_into_force, cases[i].eif);
	}
	STORY(&f, "GEN", NONE_,
	      { "1997-12-05", PACTA_STATUS_SIGNATORY, false },
	      { "1998-11-13", PACTA_STATUS_CONSENTED, false },
	      { "1999-05-01", PACTA_STATUS_PARTY, false });
	STORY(&f, "HYR", NONE_,
	      { "1999-03-01", PACTA_STATUS_CONSENTED, false },
	      { "1999-09-01", PACTA_STATUS_PARTY, false });
	fx_close(&f);
}

/* "Subsequent to the entry into force": a state depositing between the Nth
 * instrument (1998-09-16) and the treaty's entry into force (1999-03-01) is
 * bound from 1999-03-01; under "after the Nth instrument" (explicit or by
 * default) it takes its own deposit plus the delay. Deposits on the day of
 * the Nth count among the first under both. */
static void test_later_depositors_by_event(void **state)
{
	static const struct {
		const char *who, *action, *date, *by_nth, *by_eif;
	} cases[] = {
		/* On the day of the Nth (fx_base): the treaty's own date. */
		{ "BOR", "ratification", "1998-09-16", "1999-03-01", "1999-03-01" },
		{ "COS", "accession", "1998-09-16", "1999-03-01", "1999-03-01" },
		{ "ILL", "accession", "1998-09-17", "1999-03-01", "1999-03-01" },
		{ "GEN", "accession", "1998-11-13", "1999-05-01", "1999-03-01" },
		{ "KRA", "accession", "1999-01-31", "1999-07-01", "1999-03-01" },
		/* The last day before the treaty's entry into force. */
		{ "FRE", "accession", "1999-02-28", "1999-08-01", "1999-03-01" },
		/* On the day of entry into force, and after: the later rule. */
		{ "HYR", "accession", "1999-03-01", "1999-09-01", "1999-09-01" },
		{ "LAT", "accession", "1999-06-15", "1999-12-01", "1999-12-01" },
	};
	static const char *const afters[] = { NULL, "nth_instrument", "entry_into_force" };

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		bool by_eif = k == 2;
		struct fx f;

		fx_open_later(&f, NULL, afters[k], NULL);
		fx_base(&f);
		for (size_t i = 2; i < sizeof(cases) / sizeof(cases[0]); i++)
			fx_act(&f, cases[i].who, cases[i].action, cases[i].date, NULL, NULL);
		fx_finish(&f);
		assert_day(pacta_treaty_status_in_force(f.ts)->date, "1999-03-01");
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const pacta_derivation *d = eif_of(&f, cases[i].who);
			const char *want = by_eif ? cases[i].by_eif : cases[i].by_nth;
			bool first = by_eif ? strcmp(cases[i].date, "1999-03-01") < 0
					    : strcmp(cases[i].date, "1998-09-16") <= 0;

			assert_day(d->date, want);
			assert_day(fx_tl(&f, cases[i].who)->entry_into_force, want);
			assert_int_equal(d->kind, first ? PACTA_DERIV_IN_FORCE_INITIAL
							: PACTA_DERIV_IN_FORCE_LATER);
			assert_string_equal(d->article, first ? "17(1)" : "17(2)");
			assert_true(d->floor == PACTA_DAY_NONE);
			if (first)
				assert_day(d->base, "1998-09-16");
			else
				assert_day(d->base, cases[i].date);
		}
		if (by_eif)
			STORY(&f, "GEN", NONE_,
			      { "1998-11-13", PACTA_STATUS_CONSENTED, false },
			      { "1999-03-01", PACTA_STATUS_PARTY, false });
		else
			STORY(&f, "GEN", NONE_,
			      { "1998-11-13", PACTA_STATUS_CONSENTED, false },
			      { "1999-05-01", PACTA_STATUS_PARTY, false });
		/* Parties on the treaty's own date: the four of fx_base, ILL,
		 * and under the new rule GEN, KRA and FRE too. */
		assert_int_equal(pacta_status_count(f.ts, fx_day("1999-03-01")).parties,
				 by_eif ? 8 : 5);
		fx_close(&f);
	}
}

/* The same in whole months, across month ends and a leap day: the third
 * instrument on 2019-08-31 puts the treaty in force on 2020-02-29. */
static void test_later_depositors_month_ends(void **state)
{
	static const struct {
		const char *who, *date, *by_nth, *by_eif;
	} cases[] = {
		{ "ILL", "2019-08-31", "2020-02-29", "2020-02-29" },
		{ "GEN", "2019-09-30", "2020-03-30", "2020-02-29" },
		{ "KRA", "2019-12-31", "2020-06-30", "2020-02-29" },
		{ "FRE", "2020-02-28", "2020-08-28", "2020-02-29" },
		{ "HYR", "2020-02-29", "2020-08-29", "2020-08-29" },
		{ "LAT", "2020-08-31", "2021-02-28", "2021-02-28" },
	};
	static const char *const eif =
		"{\"article\": \"17(1)\", \"instruments\": 3, \"delay\": {\"months\": 6}}";

	(void)state;
	for (int k = 0; k < 2; k++) {
		bool by_eif = k == 1;
		struct fx f;

		fx_open_later(&f, eif, by_eif ? "entry_into_force" : "nth_instrument",
			   "{\"months\": 6}");
		fx_act(&f, "ARC", "accession", "2019-01-31", NULL, NULL);
		fx_act(&f, "ELB", "accession", "2019-05-31", NULL, NULL);
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			fx_act(&f, cases[i].who, "accession", cases[i].date, NULL, NULL);
		fx_finish(&f);
		assert_day(pacta_treaty_status_in_force(f.ts)->date, "2020-02-29");
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			const pacta_derivation *d = eif_of(&f, cases[i].who);

			assert_day(d->date, by_eif ? cases[i].by_eif : cases[i].by_nth);
			assert_int_equal(d->delay.unit, PACTA_DELAY_MONTHS);
		}
		assert_int_equal(fx_status(&f, "FRE", "2020-02-28"), PACTA_STATUS_CONSENTED);
		assert_int_equal(fx_status(&f, "FRE", "2020-02-29"),
				 by_eif ? PACTA_STATUS_PARTY : PACTA_STATUS_CONSENTED);
		fx_close(&f);
	}
}

#define EIF_COUNTS \
	"{\"article\": \"17(1)\", \"instruments\": 3," \
	" \"counts\": [\"ratification\", \"acceptance\", \"approval\"]," \
	" \"delay\": {\"first_day_of_month_after\": 6}}"

/* Only some kinds of instrument count towards the threshold: an accession
 * deposited first does not bring the date forward, and its state is bound
 * from the treaty's own date all the same. Accessions alone never reach
 * it. */
static void test_threshold_counts_some_kinds(void **state)
{
	struct fx f;
	const pacta_derivation *d;

	(void)state;
	for (int k = 0; k < 2; k++) {
		fx_open(&f, k ? EIF_COUNTS : NULL);
		fx_base(&f);
		fx_act(&f, "HYR", "accession", "1998-06-01", NULL, NULL);
		fx_finish(&f);
		d = pacta_treaty_status_in_force(f.ts);
		/* All kinds: HYR, ARC, ELB; ratifications only: ARC, ELB, BOR. */
		assert_day(d->base, k ? "1998-09-16" : "1998-08-01");
		assert_day(d->date, k ? "1999-03-01" : "1999-02-01");
		assert_int_equal(d->acts[0],
				 k ? fx_find_act(&f, "BOR", "ratification", "1998-09-16")
				   : fx_find_act(&f, "ELB", "ratification", "1998-08-01"));
		d = eif_of(&f, "HYR");
		assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_INITIAL);
		assert_day(d->date, k ? "1999-03-01" : "1999-02-01");
		/* COS acceded on the day of the third ratification. */
		assert_int_equal(eif_of(&f, "COS")->kind,
				 k ? PACTA_DERIV_IN_FORCE_INITIAL : PACTA_DERIV_IN_FORCE_LATER);
		assert_day(fx_tl(&f, "COS")->entry_into_force, "1999-03-01");
		fx_close(&f);
	}

	fx_open(&f, EIF_COUNTS);
	fx_act(&f, "ARC", "signature", "1997-12-03", NULL, NULL);
	fx_act(&f, "ARC", "ratification", "1998-07-01", NULL, NULL);
	fx_act(&f, "COS", "accession", "1998-09-16", NULL, NULL);
	fx_act(&f, "HYR", "accession", "1998-10-01", NULL, NULL);
	fx_act(&f, "ILL", "accession", "1998-11-01", NULL, NULL);
	fx_finish(&f);
	assert_null(pacta_treaty_status_in_force(f.ts));
	assert_int_equal(pacta_status_count(f.ts, fx_day("2030-01-01")).consented, 4);
	fx_close(&f);
}

static void test_fewer_than_n_instruments(void **state)
{
	struct fx f;
	const pacta_timeline *tl;
	pacta_counts c;

	(void)state;
	fx_open(&f, NULL);
	fx_act(&f, "ARC", "signature", "1997-12-03", NULL, NULL);
	fx_act(&f, "ARC", "ratification", "1998-07-01", NULL, NULL);
	fx_act(&f, "COS", "accession", "1998-09-16", NULL, NULL);
	fx_act(&f, "ILL", "signature", "1997-12-10", NULL, NULL);
	fx_finish(&f);

	assert_null(pacta_treaty_status_in_force(f.ts));
	STORY(&f, "ARC", NONE_,
	      { "1997-12-03", PACTA_STATUS_SIGNATORY, false },
	      { "1998-07-01", PACTA_STATUS_CONSENTED, false });
	STORY(&f, "COS", NONE_, { "1998-09-16", PACTA_STATUS_CONSENTED, false });
	tl = fx_tl(&f, "COS");
	assert_true(tl->entry_into_force == PACTA_DAY_NONE);
	assert_int_equal(tl->entry_into_force_why, -1);
	assert_day(tl->consented_on, "1998-09-16");
	c = pacta_status_count(f.ts, fx_day("2030-01-01"));
	assert_int_equal(c.parties, 0);
	assert_int_equal(c.consented, 2);
	assert_int_equal(c.signatories, 1);
	assert_int_equal(c.withdrawing, 0);
	assert_int_equal(c.withdrawn, 0);
	fx_close(&f);
}

#define EIF_STATED \
	"{\"article\": \"17(1)\", \"instruments\": 3," \
	" \"delay\": {\"first_day_of_month_after\": 6}, \"stated\": \"1999-06-01\"}"

/* A stated entry into force wins; the derivation keeps the rule's date.
 * Later deposits cannot enter into force before the treaty itself. */
static void test_stated_entry_into_force(void **state)
{
	struct fx f;
	const pacta_derivation *d;

	(void)state;
	fx_open(&f, EIF_STATED);
	fx_base(&f);
	fx_act(&f, "FRE", "accession", "1998-09-30", NULL, NULL);
	fx_act(&f, "GEN", "accession", "1998-11-13", NULL, NULL);
	fx_act(&f, "HYR", "accession", "1999-01-20", NULL, NULL);
	fx_finish(&f);

	d = pacta_treaty_status_in_force(f.ts);
	assert_non_null(d);
	assert_day(d->date, "1999-06-01");
	assert_day(d->computed, "1999-03-01");
	assert_day(d->base, "1998-09-16");
	assert_int_equal(d->n_acts, 1);

	d = eif_of(&f, "ARC");
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_INITIAL);
	assert_day(d->date, "1999-06-01");
	for (int i = 0; i < 2; i++) {
		const char *who = i ? "GEN" : "FRE";

		d = eif_of(&f, who);
		assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_LATER);
		assert_day(d->date, "1999-06-01");
		assert_day(d->floor, "1999-06-01");
		/* The rule alone would have given an earlier day. */
		assert_true(pacta_delay_apply(d->delay, d->base) < d->date);
	}
	assert_day(pacta_delay_apply(eif_of(&f, "FRE")->delay, fx_day("1998-09-30")),
		   "1999-03-01");
	d = eif_of(&f, "HYR");
	assert_day(d->date, "1999-07-01");
	assert_true(d->floor == PACTA_DAY_NONE);
	STORY(&f, "GEN", NONE_,
	      { "1998-11-13", PACTA_STATUS_CONSENTED, false },
	      { "1999-06-01", PACTA_STATUS_PARTY, false });
	assert_int_equal(pacta_status_count(f.ts, fx_day("1999-05-31")).parties, 0);
	assert_int_equal(pacta_status_count(f.ts, fx_day("1999-06-01")).parties, 6);
	fx_close(&f);
}

/* A stated date with the threshold never reached (2 of 3 instruments):
 * in force from that date, as the depositary states; earlier instruments
 * take that date, later ones the later-deposit rule. */
static void test_stated_entry_into_force_without_threshold(void **state)
{
	struct fx f;
	const pacta_derivation *d;

	(void)state;
	fx_open(&f, EIF_STATED);
	fx_act(&f, "COS", "accession", "1998-09-16", NULL, NULL);
	fx_act(&f, "GEN", "accession", "1999-06-01", NULL, NULL);
	fx_finish(&f);

	d = pacta_treaty_status_in_force(f.ts);
	assert_non_null(d);
	assert_int_equal(d->kind, PACTA_DERIV_TREATY_IN_FORCE);
	assert_day(d->date, "1999-06-01");
	assert_true(d->computed == PACTA_DAY_NONE);
	assert_true(d->base == PACTA_DAY_NONE);
	assert_int_equal(d->n_acts, 0);
	d = eif_of(&f, "COS");
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_INITIAL);
	assert_day(d->date, "1999-06-01");
	assert_int_equal(d->n_acts, 1);
	/* Deposited on the stated day: not before it, so the later rule. */
	d = eif_of(&f, "GEN");
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_LATER);
	assert_day(d->date, "1999-12-01");
	assert_day(d->base, "1999-06-01");
	STORY(&f, "COS", NONE_,
	      { "1998-09-16", PACTA_STATUS_CONSENTED, false },
	      { "1999-06-01", PACTA_STATUS_PARTY, false });
	fx_close(&f);
}

static void test_withdrawal_month_ends_and_leap_days(void **state)
{
	static const struct {
		const char *who, *notice, *effective, *day_before;
	} cases[] = {
		{ "LAT", "2025-06-27", "2025-12-27", "2025-12-26" },
		{ "MOL", "2025-08-31", "2026-02-28", "2026-02-27" },
		{ "OST", "2023-08-31", "2024-02-29", "2024-02-28" },
		{ "POT", "2024-02-29", "2024-08-29", "2024-08-28" },
	};
	struct fx f;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_act(&f, cases[i].who, "accession", "2005-07-01", NULL, NULL);
		fx_act(&f, cases[i].who, "withdrawal", cases[i].notice, NULL, NULL);
	}
	fx_finish(&f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const pacta_timeline *tl = fx_tl(&f, cases[i].who);
		const pacta_derivation *d = fx_deriv(&f, tl->withdrawal_why);
		pacta_status before = fx_status(&f, cases[i].who, cases[i].day_before);

		assert_day(tl->withdrawal_notified, cases[i].notice);
		assert_day(tl->withdrawal_effective, cases[i].effective);
		assert_int_equal(d->kind, PACTA_DERIV_WITHDRAWAL_EFFECTIVE);
		assert_string_equal(d->article, "20(2)");
		assert_day(d->base, cases[i].notice);
		assert_day(d->date, cases[i].effective);
		assert_day(d->computed, cases[i].effective);
		assert_int_equal(d->delay.unit, PACTA_DELAY_MONTHS);
		assert_int_equal(d->delay.n, 6);
		assert_int_equal(d->conflict, -1);
		assert_int_equal(d->acts[0], fx_find_act(&f, cases[i].who, "withdrawal",
							 cases[i].notice));
		assert_int_equal(before, PACTA_STATUS_WITHDRAWAL_PENDING);
		assert_true(pacta_status_is_bound(before));
		assert_int_equal(fx_status(&f, cases[i].who, cases[i].effective),
				 PACTA_STATUS_WITHDRAWN);
		assert_false(pacta_status_is_bound(PACTA_STATUS_WITHDRAWN));
		assert_int_equal(fx_status(&f, cases[i].who, "2100-01-01"),
				 PACTA_STATUS_WITHDRAWN);
	}
	STORY(&f, "MOL", NONE_,
	      { "2005-07-01", PACTA_STATUS_CONSENTED, false },
	      { "2006-01-01", PACTA_STATUS_PARTY, false },
	      { "2025-08-31", PACTA_STATUS_WITHDRAWAL_PENDING, false },
	      { "2026-02-28", PACTA_STATUS_WITHDRAWN, false });
	fx_close(&f);
}

/* A party that accedes in 2000 and notifies withdrawal on 2025-06-27;
 * the notice period expires on 2025-12-27. */
static void withdrawing(struct fx *f, const char *who)
{
	fx_act(f, who, "accession", "2000-01-10", NULL, NULL);
	fx_act(f, who, "withdrawal", "2025-06-27", NULL, NULL);
}

static void test_withdrawal_held_by_ongoing_conflict(void **state)
{
	struct fx f;
	const pacta_timeline *tl;
	const pacta_derivation *d;
	pacta_counts c;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	withdrawing(&f, "POT");
	fx_conflict(&f, "POT", "2024-01-01", NULL);
	fx_finish(&f);

	STORY(&f, "POT", NONE_,
	      { "2000-01-10", PACTA_STATUS_CONSENTED, false },
	      { "2000-07-01", PACTA_STATUS_PARTY, false },
	      { "2025-06-27", PACTA_STATUS_WITHDRAWAL_PENDING, false },
	      { "2025-12-27", PACTA_STATUS_WITHDRAWAL_HELD, false });
	tl = fx_tl(&f, "POT");
	assert_day(tl->withdrawal_notified, "2025-06-27");
	assert_true(tl->withdrawal_effective == PACTA_DAY_NONE);
	d = fx_deriv(&f, tl->withdrawal_why);
	assert_int_equal(d->kind, PACTA_DERIV_WITHDRAWAL_HELD);
	assert_string_equal(d->article, "20(3)");
	assert_int_equal(d->conflict, 0);
	assert_day(d->computed, "2025-12-27");
	assert_day(d->base, "2025-06-27");
	assert_int_equal(fx_status(&f, "POT", "9999-12-31"), PACTA_STATUS_WITHDRAWAL_HELD);
	assert_true(pacta_status_is_bound(PACTA_STATUS_WITHDRAWAL_HELD));
	c = pacta_status_count(f.ts, fx_day("2030-01-01"));
	assert_int_equal(c.parties, 5);
	assert_int_equal(c.withdrawing, 1);
	assert_int_equal(c.withdrawn, 0);
	fx_close(&f);
}

static void test_withdrawal_released_when_conflict_ends(void **state)
{
	struct fx f;
	const pacta_timeline *tl;
	const pacta_derivation *d;
	const pacta_interval *iv;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	withdrawing(&f, "QUM");
	fx_conflict(&f, "QUM", "2025-01-01", "2026-03-01");
	fx_finish(&f);

	STORY(&f, "QUM", NONE_,
	      { "2000-01-10", PACTA_STATUS_CONSENTED, false },
	      { "2000-07-01", PACTA_STATUS_PARTY, false },
	      { "2025-06-27", PACTA_STATUS_WITHDRAWAL_PENDING, false },
	      { "2025-12-27", PACTA_STATUS_WITHDRAWAL_HELD, false },
	      { "2026-03-01", PACTA_STATUS_WITHDRAWN, false });
	tl = fx_tl(&f, "QUM");
	assert_day(tl->withdrawal_effective, "2026-03-01");
	d = fx_deriv(&f, tl->withdrawal_why);
	assert_int_equal(d->kind, PACTA_DERIV_WITHDRAWAL_RELEASED);
	assert_day(d->date, "2026-03-01");
	assert_day(d->computed, "2025-12-27");
	assert_int_equal(d->conflict, 0);
	assert_string_equal(d->article, "20(3)");
	/* The held interval rests on the hold, the last on the release. */
	pacta_status_on(f.ts, fx_p(&f, "QUM"), fx_day("2026-01-01"), &iv);
	assert_int_equal(fx_deriv(&f, (int32_t)iv->why)->kind, PACTA_DERIV_WITHDRAWAL_HELD);
	pacta_status_on(f.ts, fx_p(&f, "QUM"), fx_day("2026-03-01"), &iv);
	assert_int_equal(iv->why, (uint32_t)tl->withdrawal_why);
	fx_close(&f);
}

/* A conflict that is over on the day the period expires (its `to` is the
 * first day without conflict) holds nothing back; nor does somebody
 * else's conflict. */
static void test_withdrawal_conflict_over_before_expiry(void **state)
{
	struct fx f;
	const pacta_timeline *tl;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	withdrawing(&f, "RUR");
	withdrawing(&f, "TOM");
	fx_conflict(&f, "RUR", "2020-01-01", "2025-12-27");
	fx_conflict(&f, "SYL", "2020-01-01", NULL);
	fx_conflict(&f, "TOM", "2026-01-01", NULL);
	fx_finish(&f);

	for (int i = 0; i < 2; i++) {
		const char *who = i ? "TOM" : "RUR";

		STORY(&f, who, NONE_,
		      { "2000-01-10", PACTA_STATUS_CONSENTED, false },
		      { "2000-07-01", PACTA_STATUS_PARTY, false },
		      { "2025-06-27", PACTA_STATUS_WITHDRAWAL_PENDING, false },
		      { "2025-12-27", PACTA_STATUS_WITHDRAWN, false });
		tl = fx_tl(&f, who);
		assert_day(tl->withdrawal_effective, "2025-12-27");
		assert_int_equal(fx_deriv(&f, tl->withdrawal_why)->kind,
				 PACTA_DERIV_WITHDRAWAL_EFFECTIVE);
	}
	fx_close(&f);
}

static void test_withdrawal_conflict_starting_on_expiry_day(void **state)
{
	struct fx f;
	const pacta_timeline *tl;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	withdrawing(&f, "SYL");
	withdrawing(&f, "VUL");
	fx_conflict(&f, "VUL", "2025-12-28", NULL);
	fx_conflict(&f, "SYL", "2025-12-27", "2026-06-01");
	fx_finish(&f);

	STORY(&f, "SYL", NONE_,
	      { "2000-01-10", PACTA_STATUS_CONSENTED, false },
	      { "2000-07-01", PACTA_STATUS_PARTY, false },
	      { "2025-06-27", PACTA_STATUS_WITHDRAWAL_PENDING, false },
	      { "2025-12-27", PACTA_STATUS_WITHDRAWAL_HELD, false },
	      { "2026-06-01", PACTA_STATUS_WITHDRAWN, false });
	tl = fx_tl(&f, "SYL");
	assert_int_equal(fx_deriv(&f, tl->withdrawal_why)->conflict, 1);
	/* A conflict that starts the day after the expiry is too late. */
	assert_int_equal(fx_status(&f, "VUL", "2025-12-27"), PACTA_STATUS_WITHDRAWN);
	assert_day(fx_tl(&f, "VUL")->withdrawal_effective, "2025-12-27");
	fx_close(&f);
}

/* A succession notified on 2011-11-11 with the stated effective date
 * 2011-07-09: party from the stated date; the rule's date is kept. */
static void test_retroactive_succession(void **state)
{
	struct fx f;
	const pacta_derivation *d;
	const pacta_timeline *tl;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_finish(&f);

	STORY(&f, "TOM", NONE_, { "2011-07-09", PACTA_STATUS_PARTY, false });
	tl = fx_tl(&f, "TOM");
	assert_day(tl->entry_into_force, "2011-07-09");
	assert_day(tl->consented_on, "2011-11-11");
	d = fx_deriv(&f, tl->entry_into_force_why);
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_STATED);
	assert_day(d->date, "2011-07-09");
	assert_day(d->computed, "2012-05-01");
	assert_day(d->base, "2011-11-11");
	/* The treaty has no succession clause: no article gave this date. */
	assert_null(d->article);
	assert_int_equal(d->acts[0], fx_find_act(&f, "TOM", "succession", "2011-11-11"));
	assert_int_equal(fx_status(&f, "TOM", "2011-07-08"), PACTA_STATUS_NONE);
	assert_int_equal(fx_status(&f, "TOM", "2011-07-09"), PACTA_STATUS_PARTY);
	fx_close(&f);
}

/* The same succession under rules whose succession clause says
 * "computed" and has an article: the key is read and honoured
 * (docs/rules.md): the stated effective date is not used, and the state
 * takes the later rule's date (the record check reports the stated one). */
static void test_succession_effective_computed(void **state)
{
	char json[4096], other[4096], other2[4096];
	struct fx f;
	pacta_treaty_status *ts2;
	const pacta_timeline *tl;
	const pacta_derivation *d;
	pacta_derivation d_buf;
	pacta_timeline tl_buf;
	pacta_error err;
	size_t n;

	(void)state;
	fx_rules_text(json, sizeof(json), NULL);
	fx_replace(json, "\"mini\"", "\"mini2\"", other, sizeof(other));
	fx_replace(other, "\"effective\": \"stated\"",
		   "\"article\": \"21\", \"effective\": \"computed\"", other2, sizeof(other2));
	fx_open(&f, NULL);
	if (pacta_record_add_treaty(f.rec, other2, strlen(other2), "treaties/mini2.json",
				    &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	assert_true(f.rec->treaties[0].rules->succession_effective_stated);
	assert_false(f.rec->treaties[1].rules->succession_effective_stated);
	fx_base(&f);
	fx_act(&f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	/* The same acts under mini2. */
	n = f.rec->n_acts;
	for (size_t i = 0; i < n; i++) {
		pacta_act a = f.rec->acts[i];

		a.treaty = 1;
		if (pacta_record_add_act(f.rec, &a, &err) != PACTA_OK)
			fail_msg("%s", err.message);
	}
	fx_finish(&f);

	assert_int_equal(pacta_status_compile(f.rec, 1, &ts2, &err), PACTA_OK);
	tl = pacta_treaty_status_timeline(ts2, fx_p(&f, "TOM"), &tl_buf);
	assert_day(tl->entry_into_force, "2012-05-01");
	d = pacta_treaty_status_derivation(ts2, (uint32_t)tl->entry_into_force_why, &d_buf);
	assert_int_equal(d->kind, PACTA_DERIV_IN_FORCE_LATER);
	assert_string_equal(d->article, "17(2)");
	assert_day(d->computed, "2012-05-01");
	/* The two treaties' acts do not mix: mini2 is in force on its own. */
	assert_non_null(pacta_treaty_status_in_force(ts2));
	assert_day(pacta_treaty_status_in_force(ts2)->date, "1999-03-01");
	assert_int_equal(pacta_status_count(ts2, fx_day("2012-01-01")).parties, 4);
	pacta_treaty_status_free(ts2);
	assert_day(fx_tl(&f, "TOM")->entry_into_force, "2011-07-09");
	assert_int_equal(pacta_status_count(f.ts, fx_day("2012-01-01")).parties, 5);
	fx_close(&f);
}

static void test_signature_and_ratification(void **state)
{
	struct fx f;
	const pacta_derivation *d;
	const pacta_interval *iv;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "ILL", "signature", "1997-12-10", NULL, NULL);
	fx_act(&f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(&f, "GEN", "ratification", "1998-11-13", NULL, NULL);
	fx_finish(&f);

	STORY(&f, "ILL", NONE_, { "1997-12-10", PACTA_STATUS_SIGNATORY, false });
	assert_day(fx_tl(&f, "ILL")->signed_on, "1997-12-10");
	assert_true(fx_tl(&f, "ILL")->consented_on == PACTA_DAY_NONE);
	assert_int_equal(fx_tl(&f, "ILL")->consent_act, -1);
	/* The signatory interval rests on the signature itself. */
	pacta_status_on(f.ts, fx_p(&f, "ILL"), fx_day("2000-01-01"), &iv);
	d = fx_deriv(&f, (int32_t)iv->why);
	assert_int_equal(d->kind, PACTA_DERIV_ACT);
	assert_null(d->article);
	assert_day(d->date, "1997-12-10");
	assert_int_equal(d->acts[0], fx_find_act(&f, "ILL", "signature", "1997-12-10"));

	STORY(&f, "GEN", NONE_,
	      { "1997-12-05", PACTA_STATUS_SIGNATORY, false },
	      { "1998-11-13", PACTA_STATUS_CONSENTED, false },
	      { "1999-05-01", PACTA_STATUS_PARTY, false });
	pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("1999-01-01"), &iv);
	assert_int_equal(fx_deriv(&f, (int32_t)iv->why)->acts[0],
			 fx_find_act(&f, "GEN", "ratification", "1998-11-13"));
	pacta_status_on(f.ts, fx_p(&f, "GEN"), fx_day("1999-05-01"), &iv);
	assert_int_equal(iv->why, (uint32_t)fx_tl(&f, "GEN")->entry_into_force_why);
	assert_true(pacta_status_has_consented(PACTA_STATUS_CONSENTED));
	assert_false(pacta_status_has_consented(PACTA_STATUS_SIGNATORY));
	assert_false(pacta_status_is_bound(PACTA_STATUS_CONSENTED));
	fx_close(&f);
}

static void test_provisional_application(void **state)
{
	struct fx f;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	/* Declared with the ratification. */
	fx_act(&f, "KRA", "signature", "1997-12-04", NULL, NULL);
	fx_act(&f, "KRA", "ratification", "1998-12-01", NULL, NULL);
	fx_act(&f, "KRA", "provisional_application", "1998-12-01", NULL, NULL);
	/* Declared later, while consented. */
	fx_act(&f, "FRE", "signature", "1997-12-04", NULL, NULL);
	fx_act(&f, "FRE", "ratification", "1998-11-02", NULL, NULL);
	fx_act(&f, "FRE", "provisional_application", "1999-01-10", NULL, NULL);
	/* Declared by a party: nothing to apply provisionally. */
	fx_act(&f, "HYR", "accession", "1999-06-15", NULL, NULL);
	fx_act(&f, "HYR", "provisional_application", "1999-12-05", NULL, NULL);
	fx_finish(&f);

	STORY(&f, "KRA", NONE_,
	      { "1997-12-04", PACTA_STATUS_SIGNATORY, false },
	      { "1998-12-01", PACTA_STATUS_CONSENTED, true },
	      { "1999-06-01", PACTA_STATUS_PARTY, false });
	STORY(&f, "FRE", NONE_,
	      { "1997-12-04", PACTA_STATUS_SIGNATORY, false },
	      { "1998-11-02", PACTA_STATUS_CONSENTED, false },
	      { "1999-01-10", PACTA_STATUS_CONSENTED, true },
	      { "1999-05-01", PACTA_STATUS_PARTY, false });
	STORY(&f, "HYR", NONE_,
	      { "1999-06-15", PACTA_STATUS_CONSENTED, false },
	      { "1999-12-01", PACTA_STATUS_PARTY, false });
	fx_close(&f);
}

static void test_reaccession_after_withdrawal(void **state)
{
	struct fx f;
	const pacta_timeline *tl;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "VUL", "accession", "2000-01-10", NULL, NULL);
	fx_act(&f, "VUL", "withdrawal", "2010-01-15", NULL, NULL);
	fx_act(&f, "VUL", "accession", "2012-03-20", NULL, NULL);
	fx_finish(&f);

	STORY(&f, "VUL", NONE_,
	      { "2000-01-10", PACTA_STATUS_CONSENTED, false },
	      { "2000-07-01", PACTA_STATUS_PARTY, false },
	      { "2010-01-15", PACTA_STATUS_WITHDRAWAL_PENDING, false },
	      { "2010-07-15", PACTA_STATUS_WITHDRAWN, false },
	      { "2012-03-20", PACTA_STATUS_CONSENTED, false },
	      { "2012-09-01", PACTA_STATUS_PARTY, false });
	tl = fx_tl(&f, "VUL");
	assert_day(tl->consented_on, "2012-03-20");
	assert_int_equal(tl->consent_act, fx_find_act(&f, "VUL", "accession", "2012-03-20"));
	assert_day(tl->entry_into_force, "2012-09-01");
	assert_true(tl->withdrawal_notified == PACTA_DAY_NONE);
	assert_true(tl->withdrawal_effective == PACTA_DAY_NONE);
	assert_int_equal(tl->withdrawal_why, -1);
	fx_close(&f);
}

static void test_claims_objections_and_domestic_steps(void **state)
{
	struct fx f;
	const pacta_timeline *tl;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "WAD", "accession", "2005-12-27", NULL, NULL);
	fx_act(&f, "WAD", "government_decision", "2025-06-29", NULL, NULL);
	fx_act(&f, "WAD", "parliament_approval", "2025-07-15", NULL, NULL);
	fx_act(&f, "WAD", "suspension_claim", "2025-07-18", NULL, NULL);
	fx_act(&f, "BOR", "objection", "2025-12-02", NULL, "WAD");
	fx_act(&f, "ARC", "objection", "2025-10-17", NULL, "WAD");
	/* An objection to a state that made no claim is filed nowhere. */
	fx_act(&f, "COS", "objection", "2025-10-01", NULL, "ELB");
	/* Domestic steps alone make nobody anything. */
	fx_act(&f, "ZUB", "announcement", "2025-03-07", NULL, NULL);
	fx_act(&f, "ZUB", "parliament_approval", "2025-06-25", NULL, NULL);
	fx_finish(&f);

	STORY(&f, "WAD", NONE_,
	      { "2005-12-27", PACTA_STATUS_CONSENTED, false },
	      { "2006-06-01", PACTA_STATUS_PARTY, false });
	tl = fx_tl(&f, "WAD");
	assert_int_equal(tl->n_claims, 1);
	assert_int_equal(tl->claims[0], fx_find_act(&f, "WAD", "suspension_claim", "2025-07-18"));
	assert_int_equal(tl->n_objections, 2);
	/* In record order: ARC's before BOR's. */
	assert_int_equal(tl->objections[0], fx_find_act(&f, "ARC", "objection", "2025-10-17"));
	assert_int_equal(tl->objections[1], fx_find_act(&f, "BOR", "objection", "2025-12-02"));
	assert_true(tl->withdrawal_notified == PACTA_DAY_NONE);

	/* The objectors' own stories are unchanged, and hold no claims. */
	STORY(&f, "ARC", NONE_,
	      { "1997-12-03", PACTA_STATUS_SIGNATORY, false },
	      { "1998-07-01", PACTA_STATUS_CONSENTED, false },
	      { "1999-03-01", PACTA_STATUS_PARTY, false });
	assert_int_equal(fx_tl(&f, "ARC")->n_claims, 0);
	assert_int_equal(fx_tl(&f, "ARC")->n_objections, 0);
	assert_int_equal(fx_tl(&f, "ELB")->n_objections, 0);
	STORY(&f, "ZUB", NONE_);
	assert_true(fx_tl(&f, "ZUB")->signed_on == PACTA_DAY_NONE);
	fx_close(&f);
}

/* The record of several tests at once, for invariants, counts and diffs. */
static void rich(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "FRE", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "FRE", "ratification", "1998-09-30", NULL, NULL);
	fx_act(f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "ratification", "1998-11-13", NULL, NULL);
	fx_act(f, "ILL", "signature", "1997-12-10", NULL, NULL);
	fx_act(f, "KRA", "signature", "1997-12-04", NULL, NULL);
	fx_act(f, "KRA", "ratification", "1998-12-01", NULL, NULL);
	fx_act(f, "KRA", "provisional_application", "1998-12-01", NULL, NULL);
	fx_act(f, "LAT", "accession", "2005-07-01", NULL, NULL);
	fx_act(f, "LAT", "withdrawal", "2025-06-27", NULL, NULL);
	withdrawing(f, "POT");
	fx_conflict(f, "POT", "2024-01-01", NULL);
	withdrawing(f, "QUM");
	fx_conflict(f, "QUM", "2025-01-01", "2026-03-01");
	fx_act(f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_act(f, "VUL", "accession", "2000-01-10", NULL, NULL);
	fx_act(f, "VUL", "withdrawal", "2010-01-15", NULL, NULL);
	fx_act(f, "VUL", "accession", "2012-03-20", NULL, NULL);
	fx_act(f, "WAD", "accession", "2005-12-27", NULL, NULL);
	fx_act(f, "WAD", "suspension_claim", "2025-07-18", NULL, NULL);
	fx_act(f, "ARC", "objection", "2025-10-17", NULL, "WAD");
	fx_finish(f);
}

static void test_intervals_are_contiguous(void **state)
{
	struct fx f;
	const pacta_interval *iv = NULL;
	size_t total = 0;
	pacta_derivation d_buf;
	pacta_timeline none_buf;

	(void)state;
	rich(&f);
	for (uint32_t p = 0; p < f.rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(f.ts, p, &tl_buf);

		assert_non_null(tl);
		assert_true(tl->n_intervals >= 1);
		assert_true(tl->intervals[0].from == PACTA_DAY_NONE);
		assert_int_equal(tl->intervals[0].status, PACTA_STATUS_NONE);
		assert_true(tl->intervals[tl->n_intervals - 1].to == PACTA_DAY_OPEN);
		for (size_t i = 0; i < tl->n_intervals; i++) {
			const pacta_interval *x = &tl->intervals[i];

			assert_true(x->from < x->to);
			if (i > 0)
				assert_non_null(pacta_treaty_status_derivation(f.ts, x->why, &d_buf));
			if (i + 1 < tl->n_intervals) {
				assert_true(x->to == x[1].from);
				/* Neighbours differ. */
				assert_true(x->status != x[1].status ||
					    x->provisional != x[1].provisional);
			}
			assert_int_equal(pacta_status_on(f.ts, p, x->from, NULL), x->status);
			if (x->to != PACTA_DAY_OPEN)
				assert_int_equal(pacta_status_on(f.ts, p, x->to - 1, NULL),
						 x->status);
		}
		/* The extremes. */
		assert_int_equal(pacta_status_on(f.ts, p, PACTA_DAY_NONE, NULL),
				 PACTA_STATUS_NONE);
		assert_int_equal(pacta_status_on(f.ts, p, PACTA_DAY_OPEN, NULL),
				 tl->intervals[tl->n_intervals - 1].status);
		total += tl->n_intervals;
	}
	/* 20 participants; ARC ELB BOR FRE GEN KRA 4 each, COS 3, ILL 2,
	 * LAT POT 5, QUM 6, TOM 2, VUL 7, WAD 3, the other 6 one each. */
	assert_int_equal(total, 6 * 4 + 3 + 2 + 2 * 5 + 6 + 2 + 7 + 3 + 6);
	STORY(&f, "QUM", NONE_,
	      { "2000-01-10", PACTA_STATUS_CONSENTED, false },
	      { "2000-07-01", PACTA_STATUS_PARTY, false },
	      { "2025-06-27", PACTA_STATUS_WITHDRAWAL_PENDING, false },
	      { "2025-12-27", PACTA_STATUS_WITHDRAWAL_HELD, false },
	      { "2026-03-01", PACTA_STATUS_WITHDRAWN, false });
	/* Out of range: none, no interval, no timeline. */
	assert_int_equal(pacta_status_on(f.ts, 999, fx_day("2000-01-01"), &iv),
			 PACTA_STATUS_NONE);
	assert_null(iv);
	assert_null(pacta_treaty_status_timeline(f.ts, 999, &none_buf));
	assert_null(pacta_treaty_status_derivation(f.ts, UINT32_MAX, &d_buf));
	assert_ptr_equal(pacta_treaty_status_record(f.ts), f.rec);
	assert_int_equal(pacta_treaty_status_treaty(f.ts), 0);
	fx_close(&f);
}

static void expect_counts(const struct fx *f, const char *day, size_t parties,
			  size_t consented, size_t signatories, size_t withdrawing_,
			  size_t withdrawn)
{
	pacta_counts c = pacta_status_count(f->ts, fx_day(day));

	assert_int_equal(c.parties, parties);
	assert_int_equal(c.consented, consented);
	assert_int_equal(c.signatories, signatories);
	assert_int_equal(c.withdrawing, withdrawing_);
	assert_int_equal(c.withdrawn, withdrawn);
}

static void test_counts(void **state)
{
	struct fx f;

	(void)state;
	rich(&f);
	expect_counts(&f, "1997-12-02", 0, 0, 0, 0, 0);
	expect_counts(&f, "1997-12-03", 0, 0, 2, 0, 0);
	/* ARC ELB BOR COS FRE GEN KRA consented; ILL signed. */
	expect_counts(&f, "1999-02-28", 0, 7, 1, 0, 0);
	expect_counts(&f, "1999-03-01", 5, 2, 1, 0, 0);
	expect_counts(&f, "1999-06-01", 7, 0, 1, 0, 0);
	/* + POT QUM VUL (2000-07-01). */
	expect_counts(&f, "2000-07-01", 10, 0, 1, 0, 0);
	/* + LAT, WAD (2006); VUL pending, then withdrawn. */
	expect_counts(&f, "2010-01-15", 12, 0, 1, 1, 0);
	expect_counts(&f, "2010-07-15", 11, 0, 1, 0, 1);
	/* + TOM (2011); VUL consented again, then a party. */
	expect_counts(&f, "2012-03-20", 12, 1, 1, 0, 0);
	expect_counts(&f, "2012-09-01", 13, 0, 1, 0, 0);
	/* LAT POT QUM withdrawing. */
	expect_counts(&f, "2025-12-26", 13, 0, 1, 3, 0);
	/* LAT withdrawn; POT and QUM held. */
	expect_counts(&f, "2025-12-27", 12, 0, 1, 2, 1);
	/* QUM released. */
	expect_counts(&f, "2026-03-01", 11, 0, 1, 1, 2);
	fx_close(&f);
}

/* Only participants with acts have a story of their own; the others share
 * one empty story. Both ways of finding a story (a binary search when few
 * of the record's participants have acts, a direct map when many do) give
 * the same answers. */
static void check_sparse(const struct fx *f, const char *const *with, size_t n_with)
{
	const pacta_interval *empty = NULL; /* the shared story's one interval */
	size_t seen = 0;
	pacta_timeline none_buf;

	assert_int_equal(pacta_treaty_status_n_active(f->ts), n_with);
	for (size_t k = 1; k < n_with; k++)
		assert_true(pacta_treaty_status_active(f->ts, k - 1) <
			    pacta_treaty_status_active(f->ts, k));
	for (uint32_t p = 0; p < f->rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(f->ts, p, &tl_buf);
		const pacta_interval *iv = NULL;
		bool has = false;

		for (size_t k = 0; k < n_with; k++)
			has |= fx_p(f, with[k]) == p;
		assert_non_null(tl);
		if (has) {
			assert_true(tl->intervals != empty);
			assert_int_equal(pacta_treaty_status_active(f->ts, seen), p);
			seen++;
			continue;
		}
		/* The shared empty story: one open interval of none, no dates. */
		if (!empty)
			empty = tl->intervals;
		assert_ptr_equal(tl->intervals, empty);
		assert_int_equal(tl->n_intervals, 1);
		assert_true(tl->intervals[0].from == PACTA_DAY_NONE);
		assert_true(tl->intervals[0].to == PACTA_DAY_OPEN);
		assert_true(tl->signed_on == PACTA_DAY_NONE && tl->consented_on == PACTA_DAY_NONE);
		assert_int_equal(tl->consent_act, -1);
		assert_int_equal(tl->entry_into_force_why, -1);
		assert_int_equal(tl->withdrawal_why, -1);
		assert_int_equal(tl->n_claims + tl->n_objections, 0);
		assert_int_equal(pacta_status_on(f->ts, p, fx_day("2020-01-01"), &iv),
				 PACTA_STATUS_NONE);
		assert_ptr_equal(iv, &tl->intervals[0]);
	}
	assert_int_equal(seen, n_with);
	assert_null(pacta_treaty_status_timeline(f->ts, (uint32_t)f->rec->n_participants,
					       &none_buf));
	assert_int_equal(pacta_status_on(f->ts, (uint32_t)f->rec->n_participants,
					 fx_day("2020-01-01"), NULL),
			 PACTA_STATUS_NONE);
}

static void test_sparse_stories(void **state)
{
	static const char *const few[] = {"ELB", "WAD"};
	static const char *const many[] = {"ARC", "BOR", "COS", "ELB", "WAD"};
	struct fx f;

	(void)state;
	/* Two of twenty: the binary search. */
	fx_open(&f, NULL);
	fx_act(&f, "WAD", "signature", "1997-12-03", NULL, NULL);
	fx_act(&f, "ELB", "accession", "1998-07-01", NULL, NULL);
	fx_finish(&f);
	check_sparse(&f, few, 2);
	assert_int_equal(fx_status(&f, "WAD", "2020-01-01"), PACTA_STATUS_SIGNATORY);
	assert_int_equal(fx_status(&f, "ELB", "2020-01-01"), PACTA_STATUS_CONSENTED);
	fx_close(&f);
	/* Five of twenty: the direct map. */
	fx_open(&f, NULL);
	fx_base(&f);
	fx_act(&f, "WAD", "signature", "1997-12-03", NULL, NULL);
	fx_finish(&f);
	check_sparse(&f, many, 5);
	assert_int_equal(fx_status(&f, "COS", "2020-01-01"), PACTA_STATUS_PARTY);
	assert_int_equal(fx_status(&f, "WAD", "2020-01-01"), PACTA_STATUS_SIGNATORY);
	fx_close(&f);
	/* None at all. */
	fx_open(&f, NULL);
	fx_finish(&f);
	check_sparse(&f, NULL, 0);
	fx_close(&f);
}

/* A story longer than what the compiler holds in its own storage before it
 * needs the heap (dozens of transitions, intervals and derivations for one
 * participant, claims for another): the same answers, every interval's
 * derivation found, and the look-up's intervals are the timeline's. */
static void test_long_story(void **state)
{
	/* Enough for every array of the compilation to outgrow its own
	 * storage: 300 acts, 401 intervals for VUL, 100 claims for ARC. */
	enum { CYCLES = 100 };
	struct fx f;
	char day[16];
	const pacta_timeline *tl;
	pacta_derivation d_buf;

	(void)state;
	fx_open(&f, NULL);
	fx_base(&f);
	for (int i = 0; i < CYCLES; i++) {
		snprintf(day, sizeof(day), "%d-01-10", 2000 + 4 * i);
		fx_act(&f, "VUL", "accession", day, NULL, NULL);
		snprintf(day, sizeof(day), "%d-01-15", 2002 + 4 * i);
		fx_act(&f, "VUL", "withdrawal", day, NULL, NULL);
		snprintf(day, sizeof(day), "%d-03-01", 2000 + i);
		fx_act(&f, "ARC", "suspension_claim", day, NULL, NULL);
	}
	fx_finish(&f);
	tl = fx_tl(&f, "VUL");
	assert_int_equal(tl->n_intervals, 1 + 4 * CYCLES);
	for (int i = 0; i < CYCLES; i++) {
		static const struct {
			int year, month, day;
			pacta_status status;
		} steps[] = {
			{2000, 1, 10, PACTA_STATUS_CONSENTED},
			{2000, 7, 1, PACTA_STATUS_PARTY},
			{2002, 1, 15, PACTA_STATUS_WITHDRAWAL_PENDING},
			{2002, 7, 15, PACTA_STATUS_WITHDRAWN},
		};
		for (size_t k = 0; k < 4; k++) {
			const pacta_interval *iv = NULL, *want = &tl->intervals[1 + 4 * i + (int)k];

			snprintf(day, sizeof(day), "%d-%02d-%02d", steps[k].year + 4 * i,
				 steps[k].month, steps[k].day);
			assert_day(want->from, day);
			assert_int_equal(pacta_status_on(f.ts, fx_p(&f, "VUL"), fx_day(day), &iv),
					 steps[k].status);
			assert_ptr_equal(iv, want);
			assert_non_null(pacta_treaty_status_derivation(f.ts, want->why, &d_buf));
		}
	}
	assert_int_equal(fx_tl(&f, "ARC")->n_claims, CYCLES);
	assert_int_equal(fx_status(&f, "COS", "2020-01-01"), PACTA_STATUS_PARTY);
	assert_day(pacta_treaty_status_in_force(f.ts)->date, "1999-03-01");
	fx_close(&f);
}

/* The many states of test_many_parties: X00 style codes from an index. */
static void many_code(int i, char iso3[4], char iso2[3])
{
	static const char first[] = "XYJN";
	iso3[0] = 'X';
	iso3[1] = (char)('A' + i / 26);
	iso3[2] = (char)('A' + i % 26);
	iso3[3] = '\0';
	iso2[0] = first[i / 26];
	iso2[1] = (char)('A' + i % 26);
	iso2[2] = '\0';
}

/* 80 states, a threshold of 40 instruments deposited in an order that is
 * not the states': the 40th is found among them (by a partition of the
 * instruments' order when it is alone on its day), and, when two share
 * its day, both count and it is one of them. More states than the
 * compilation keeps in its own storage. */
static void many_parties(struct fx *f, bool tie, int *nth)
{
	enum { N = 80, WANT = 40 };
	char iso3[4], iso2[3], day[16];

	fx_open(f, "{\"article\": \"17(1)\", \"instruments\": 40,"
		   " \"delay\": {\"first_day_of_month_after\": 6}}");
	for (int i = 0; i < N; i++) {
		many_code(i, iso3, iso2);
		fx_add_state(f, iso3, iso2, iso3, iso3, "");
	}
	*nth = -1;
	for (int i = 0; i < N; i++) {
		/* Deposited on day 37 i mod 80 of 1998; with `tie`, the 41st
		 * on the 40th's day. */
		int k = i * 37 % N;
		if (k == WANT - 1)
			*nth = i;
		if (tie && k == WANT)
			k = WANT - 1;
		many_code(i, iso3, iso2);
		snprintf(day, sizeof(day), "1998-%02d-%02d", 1 + k / 28, 1 + k % 28);
		fx_act(f, iso3, "signature", "1997-12-10", NULL, NULL);
		fx_act(f, iso3, "ratification", day, NULL, NULL);
		fx_act(f, iso3, "declaration", "1999-06-01", NULL, NULL);
		fx_act(f, iso3, "communication", "1999-06-02", NULL, NULL);
	}
	fx_finish(f);
}

static void test_many_parties(void **state)
{
	struct fx f;
	char iso3[4], iso2[3];
	int nth;

	(void)state;
	for (int tie = 0; tie < 2; tie++) {
		many_parties(&f, tie, &nth);
		const pacta_derivation *d = pacta_treaty_status_in_force(f.ts);
		assert_non_null(d);
		/* Day 39: 1998-02-12; then the first day of the sixth month
		 * after. */
		assert_day(d->base, "1998-02-12");
		assert_day(d->date, "1998-08-01");
		assert_int_equal(pacta_treaty_status_threshold_day_count(f.ts), tie ? 2 : 1);
		many_code(nth, iso3, iso2);
		uint32_t want = fx_find_act(&f, iso3, "ratification", "1998-02-12");
		if (!tie) {
			assert_int_equal(d->acts[0], want);
		} else {
			const pacta_act *a = &f.rec->acts[d->acts[0]];
			assert_int_equal(a->action, PACTA_ACT_RATIFICATION);
			assert_day(a->date, "1998-02-12");
		}
		assert_int_equal(pacta_treaty_status_n_active(f.ts), 80);
		pacta_counts n = pacta_status_count(f.ts, fx_day("2000-01-01"));
		assert_int_equal(n.parties, 80);
		/* The 40th's own entry into force is the treaty's, through it. */
		many_code(nth, iso3, iso2);
		const pacta_timeline *tl = fx_tl(&f, iso3);
		const pacta_derivation *e = fx_deriv(&f, tl->entry_into_force_why);
		assert_int_equal(e->kind, PACTA_DERIV_IN_FORCE_INITIAL);
		assert_day(e->date, "1998-08-01");
		assert_string_equal(e->article, "17(1)");
		fx_close(&f);
	}
}

/* An instrument revoked before the state's next consent does not count;
 * the one deposited after the revocation does. */
static void test_revoked_instrument(void **state)
{
	struct fx f;

	(void)state;
	fx_open(&f, NULL);
	fx_act(&f, "ELB", "signature", "1997-12-04", NULL, NULL);
	fx_act(&f, "ELB", "ratification", "1998-03-01", NULL, NULL);
	fx_act(&f, "ELB", "revocation", "1998-04-01", NULL, NULL);
	fx_act(&f, "ELB", "declaration", "1998-04-02", NULL, NULL);
	fx_act(&f, "ELB", "ratification", "1998-10-01", NULL, NULL);
	fx_act(&f, "ARC", "accession", "1998-05-01", NULL, NULL);
	fx_act(&f, "BOR", "accession", "1998-06-01", NULL, NULL);
	fx_finish(&f);
	const pacta_derivation *d = pacta_treaty_status_in_force(f.ts);
	assert_non_null(d);
	assert_day(d->base, "1998-10-01");
	assert_int_equal(d->acts[0], fx_find_act(&f, "ELB", "ratification", "1998-10-01"));
	/* ARC and BOR were among the first three: their entry into force is
	 * the treaty's, citing its article and its third instrument. */
	const pacta_derivation *e = fx_deriv(&f, fx_tl(&f, "ARC")->entry_into_force_why);
	assert_int_equal(e->kind, PACTA_DERIV_IN_FORCE_INITIAL);
	assert_day(e->base, "1998-10-01");
	assert_day(e->computed, "1999-04-01");
	assert_day(e->date, "1999-04-01");
	assert_day(e->floor, "");
	assert_int_equal(e->n_acts, 2);
	assert_int_equal(e->acts[1], d->acts[0]);
	assert_int_equal(e->delay.unit, d->delay.unit);
	assert_int_equal(e->delay.n, d->delay.n);
	assert_int_equal(e->conflict, -1);
	fx_close(&f);
}

static void test_diff(void **state)
{
	struct fx f;
	pacta_change *ch = (pacta_change *)1;
	size_t n = 99;
	pacta_error err;
	static const char *const first[] = { "ARC", "BOR", "COS", "ELB", "FRE" };

	(void)state;
	rich(&f);
	/* from >= to is refused. */
	assert_int_equal(pacta_status_diff(f.ts, fx_day("2000-01-01"), fx_day("2000-01-01"), &ch,
					   &n, &err), PACTA_ERR_USAGE);
	assert_null(ch);
	assert_int_equal(n, 0);
	assert_int_equal(err.code, PACTA_ERR_USAGE);
	ch = (pacta_change *)1;
	assert_int_equal(pacta_status_diff(f.ts, fx_day("2000-01-02"), fx_day("2000-01-01"), &ch,
					   &n, &err), PACTA_ERR_USAGE);
	assert_null(ch);

	/* The day the treaty entered into force. */
	assert_int_equal(pacta_status_diff(f.ts, fx_day("1999-02-28"), fx_day("1999-03-01"), &ch,
					   &n, &err), PACTA_OK);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ch[i].participant, fx_p(&f, first[i]));
		assert_int_equal(ch[i].before, PACTA_STATUS_CONSENTED);
		assert_int_equal(ch[i].after, PACTA_STATUS_PARTY);
		assert_day(ch[i].date, "1999-03-01");
		assert_int_equal(ch[i].why, (uint32_t)fx_tl(&f, first[i])->entry_into_force_why);
	}
	free(ch);

	/* 2025: LAT leaves, POT is held, QUM pending; WAD's claim changes
	 * nothing. */
	assert_int_equal(pacta_status_diff(f.ts, fx_day("2025-06-01"), fx_day("2026-01-01"), &ch,
					   &n, &err), PACTA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ch[0].participant, fx_p(&f, "LAT"));
	assert_int_equal(ch[0].before, PACTA_STATUS_PARTY);
	assert_int_equal(ch[0].after, PACTA_STATUS_WITHDRAWN);
	assert_day(ch[0].date, "2025-12-27");
	assert_int_equal(ch[0].why, (uint32_t)fx_tl(&f, "LAT")->withdrawal_why);
	assert_int_equal(ch[1].participant, fx_p(&f, "POT"));
	assert_int_equal(ch[1].after, PACTA_STATUS_WITHDRAWAL_HELD);
	assert_day(ch[1].date, "2025-12-27");
	assert_int_equal(ch[2].participant, fx_p(&f, "QUM"));
	assert_int_equal(ch[2].after, PACTA_STATUS_WITHDRAWAL_HELD);
	free(ch);

	/* Nothing changes between two days of one interval. */
	assert_int_equal(pacta_status_diff(f.ts, fx_day("2001-01-01"), fx_day("2004-01-01"), &ch,
					   &n, &err), PACTA_OK);
	assert_int_equal(n, 0);
	free(ch);

	/* A window across a whole withdrawal and re-accession of VUL shows
	 * only the end points, dated by the last change. */
	assert_int_equal(pacta_status_diff(f.ts, fx_day("2009-01-01"), fx_day("2012-06-01"), &ch,
					   &n, &err), PACTA_OK);
	for (size_t i = 0; i < n; i++) {
		if (ch[i].participant != fx_p(&f, "VUL"))
			continue;
		assert_int_equal(ch[i].before, PACTA_STATUS_PARTY);
		assert_int_equal(ch[i].after, PACTA_STATUS_CONSENTED);
		assert_day(ch[i].date, "2012-03-20");
	}
	/* TOM became a party (2011); LAT and WAD were parties throughout. */
	assert_int_equal(n, 2);
	free(ch);
	fx_close(&f);
}

/* ---- every treaty at once: pacta_status_compile_all() ---- */

/* An act of treaty t (the fixture's fx_act() is treaty 0's). */
static void act_in(struct fx *f, uint32_t t, const char *iso3, const char *action, const char *date)
{
	pacta_act a;
	pacta_error err;
	pacta_act_init(&a);
	a.treaty = t;
	a.participant = fx_p(f, iso3);
	assert_true(pacta_action_parse(action, &a.action));
	a.date = fx_day(date);
	a.source_url = "https://example.org/depositary";
	a.origin = "acts.csv:1";
	if (pacta_record_add_act(f->rec, &a, &err) != PACTA_OK)
		fail_msg("add_act: %s", err.message);
}

static void same_derivation(const pacta_derivation *a, const pacta_derivation *b)
{
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->date, b->date);
	assert_ptr_equal(a->article, b->article);
	assert_int_equal(a->base, b->base);
	assert_memory_equal(&a->delay, &b->delay, sizeof(a->delay));
	assert_int_equal(a->computed, b->computed);
	assert_int_equal(a->floor, b->floor);
	assert_int_equal(a->n_acts, b->n_acts);
	assert_memory_equal(a->acts, b->acts, a->n_acts * sizeof(a->acts[0]));
	assert_int_equal(a->conflict, b->conflict);
}

/* Every answer of a and b is the same: the treaty's entry into force, each
 * participant's timeline and intervals, every derivation. */
static void same_status(const pacta_record *rec, const pacta_treaty_status *a,
			const pacta_treaty_status *b)
{
	const pacta_derivation *ea = pacta_treaty_status_in_force(a);
	const pacta_derivation *eb = pacta_treaty_status_in_force(b);
	assert_int_equal(ea == NULL, eb == NULL);
	if (ea)
		same_derivation(ea, eb);
	assert_int_equal(pacta_treaty_status_threshold_day_count(a),
			 pacta_treaty_status_threshold_day_count(b));
	assert_int_equal(pacta_treaty_status_n_active(a), pacta_treaty_status_n_active(b));
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		pacta_timeline ta, tb;
		assert_non_null(pacta_treaty_status_timeline(a, p, &ta));
		assert_non_null(pacta_treaty_status_timeline(b, p, &tb));
		assert_int_equal(ta.n_intervals, tb.n_intervals);
		for (size_t i = 0; i < ta.n_intervals; i++) {
			assert_int_equal(ta.intervals[i].from, tb.intervals[i].from);
			assert_int_equal(ta.intervals[i].to, tb.intervals[i].to);
			assert_int_equal(ta.intervals[i].status, tb.intervals[i].status);
			assert_int_equal(ta.intervals[i].why, tb.intervals[i].why);
			assert_int_equal(ta.intervals[i].provisional, tb.intervals[i].provisional);
		}
		assert_int_equal(ta.entry_into_force, tb.entry_into_force);
		assert_int_equal(ta.withdrawal_effective, tb.withdrawal_effective);
		assert_int_equal(ta.n_claims, tb.n_claims);
		if (ta.n_claims)
			assert_memory_equal(ta.claims, tb.claims, ta.n_claims * sizeof(uint32_t));
	}
	pacta_derivation da, db;
	uint32_t i = 0;
	for (; pacta_treaty_status_derivation(a, i, &da); i++) {
		assert_non_null(pacta_treaty_status_derivation(b, i, &db));
		same_derivation(&da, &db);
	}
	assert_null(pacta_treaty_status_derivation(b, i, &db));
}

/* Many treaties: some without acts, most of a few parties, one (treaty 1)
 * with a story larger than any shared block (1,000 accessions and
 * withdrawals, 1,000 claims). */
static void many_treaties(struct fx *f, uint32_t n)
{
	char json[4096], base[4096], id[32], day[16];
	pacta_error err;
	fx_open(f, NULL);
	fx_base(f);
	fx_rules_text(base, sizeof(base), NULL);
	for (uint32_t t = 1; t < n; t++) {
		snprintf(id, sizeof(id), "\"id\": \"m%u\"", t);
		fx_replace(base, "\"id\": \"mini\"", id, json, sizeof(json));
		if (pacta_record_add_treaty(f->rec, json, strlen(json), "treaties/m.json", &err) !=
		    PACTA_OK)
			fail_msg("add_treaty: %s: %s", err.where, err.message);
	}
	for (int i = 0; i < 1000; i++) {
		snprintf(day, sizeof(day), "%d-%02d-10", 1900 + i / 10, 1 + i % 10);
		act_in(f, 1, "VUL", "accession", day);
		snprintf(day, sizeof(day), "%d-%02d-15", 1900 + i / 10, 1 + i % 10);
		act_in(f, 1, "VUL", "withdrawal", day);
		act_in(f, 1, "ARC", "suspension_claim", day);
	}
	for (uint32_t t = 2; t < n; t++) {
		if (t % 7 == 0)
			continue; /* no acts */
		for (uint32_t k = 0; k < 2 + t % 4; k++) {
			const char *who = fx_states[(t + 3 * k) % FX_N_STATES].iso3;
			snprintf(day, sizeof(day), "%u-%02u-%02u", 1990 + t % 20, 1 + k,
				 1 + t % 28);
			act_in(f, t, who, "signature", day);
			snprintf(day, sizeof(day), "%u-%02u-%02u", 1992 + t % 20, 1 + k,
				 1 + t % 28);
			act_in(f, t, who, t % 3 ? "ratification" : "acceptance", day);
			if (t % 5 == 0 && k == 0) {
				snprintf(day, sizeof(day), "%u-06-30", 2005 + t % 20);
				act_in(f, t, who, "withdrawal", day);
			}
		}
	}
	if (pacta_record_finish(f->rec, &err) != PACTA_OK)
		fail_msg("finish: %s", err.message);
}

/* Compiling every treaty into shared blocks answers exactly as compiling
 * each alone, on a record and on a version derived from it; a status in the
 * blocks is left alone by pacta_treaty_status_free(), and goes with them. */
static void test_compile_all(void **state)
{
	enum { N = 3000 };
	struct fx f;
	pacta_error err;
	(void)state;
	many_treaties(&f, N);
	pacta_treaty_status **all = calloc(N, sizeof(*all));
	pacta_status_blocks *blocks = NULL;
	assert_non_null(all);
	assert_int_equal(pacta_status_compile_all(f.rec, all, &blocks, &err), PACTA_OK);
	assert_non_null(blocks);
	for (uint32_t t = 0; t < N; t++) {
		pacta_treaty_status *one;
		assert_int_equal(pacta_status_compile(f.rec, t, &one, &err), PACTA_OK);
		assert_int_equal(pacta_treaty_status_treaty(all[t]), t);
		same_status(f.rec, all[t], one);
		pacta_treaty_status_free(one);
	}
	assert_int_equal(pacta_treaty_status_n_active(all[1]), 2);
	/* Each freed as a caller frees what it holds: nothing happens to
	 * those in the blocks, which still answer. */
	for (uint32_t t = 0; t < N; t++)
		pacta_treaty_status_free(all[t]);
	assert_int_equal(pacta_status_on(all[0], fx_p(&f, "COS"), fx_day("2020-01-01"), NULL),
			 PACTA_STATUS_PARTY);
	assert_int_equal(pacta_status_count(all[0], fx_day("2020-01-01")).parties, 4);
	pacta_status_blocks_free(blocks);

	/* A derived version: the touched treaty's acts move to a span of their
	 * own, past acts no treaty reads any more. */
	pacta_record *v = NULL;
	pacta_act a;
	assert_int_equal(pacta_record_reserve(f.rec, 64, &err), PACTA_OK);
	assert_int_equal(pacta_record_derive(f.rec, &v, &err), PACTA_OK);
	pacta_act_init(&a);
	a.treaty = 2;
	a.participant = fx_p(&f, "ZUB");
	a.action = PACTA_ACT_ACCESSION;
	a.date = fx_day("2001-05-05");
	a.source_url = "https://example.org/depositary";
	a.origin = "acts.csv:9";
	assert_int_equal(pacta_record_add_act(v, &a, &err), PACTA_OK);
	assert_int_equal(pacta_record_finish(v, &err), PACTA_OK);
	assert_int_equal(pacta_status_compile_all(v, all, &blocks, &err), PACTA_OK);
	for (uint32_t t = 0; t < N; t += t < 10 ? 1 : 97) {
		pacta_treaty_status *one;
		assert_int_equal(pacta_status_compile(v, t, &one, &err), PACTA_OK);
		same_status(v, all[t], one);
		pacta_treaty_status_free(one);
	}
	assert_int_equal(pacta_status_on(all[2], fx_p(&f, "ZUB"), fx_day("2020-01-01"), NULL),
			 PACTA_STATUS_PARTY);
	pacta_status_blocks_free(blocks);
	pacta_record_free(v);
	free(all);
	fx_close(&f);
}

/* A treaty compiled again after a write is a block of its own, beside the
 * shared blocks of the others: either is freed first, and what is left
 * still answers (the sanitizers see any use after a free). */
static void test_compile_all_then_one(void **state)
{
	enum { N = 40 };
	(void)state;
	for (int order = 0; order < 2; order++) {
		struct fx f;
		pacta_error err;
		pacta_treaty_status *all[N], *again;
		pacta_status_blocks *blocks;
		many_treaties(&f, N);
		assert_int_equal(pacta_status_compile_all(f.rec, all, &blocks, &err), PACTA_OK);
		assert_int_equal(pacta_status_compile(f.rec, 5, &again, &err), PACTA_OK);
		pacta_treaty_status *old = all[5];
		all[5] = again;
		if (order == 0) {
			same_status(f.rec, old, again);
			pacta_treaty_status_free(old); /* in the blocks: nothing */
			pacta_status_blocks_free(blocks);
			assert_int_equal(pacta_treaty_status_n_active(again), 3);
			pacta_treaty_status_free(again);
		} else {
			pacta_treaty_status_free(again);
			all[5] = old;
			for (uint32_t t = 0; t < N; t++)
				pacta_treaty_status_free(all[t]);
			assert_int_equal(pacta_treaty_status_n_active(all[5]), 3);
			pacta_status_blocks_free(blocks);
		}
		fx_close(&f);
	}
}

/* An empty record: nothing compiled, blocks that free. */
static void test_compile_all_empty(void **state)
{
	pacta_record *rec = pacta_record_new();
	pacta_status_blocks *blocks = NULL;
	pacta_treaty_status *none[1];
	pacta_error err;
	(void)state;
	assert_non_null(rec);
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	assert_int_equal(pacta_status_compile_all(rec, none, &blocks, &err), PACTA_OK);
	pacta_status_blocks_free(blocks);
	pacta_status_blocks_free(NULL);
	pacta_treaty_status_free(NULL);
	pacta_record_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_treaty_in_force_from_nth_instrument),
		cmocka_unit_test(test_threshold_day_ties),
		cmocka_unit_test(test_threshold_counts_by_date),
		cmocka_unit_test(test_deposits_after_threshold),
		cmocka_unit_test(test_later_depositors_by_event),
		cmocka_unit_test(test_later_depositors_month_ends),
		cmocka_unit_test(test_threshold_counts_some_kinds),
		cmocka_unit_test(test_fewer_than_n_instruments),
		cmocka_unit_test(test_stated_entry_into_force),
		cmocka_unit_test(test_stated_entry_into_force_without_threshold),
		cmocka_unit_test(test_withdrawal_month_ends_and_leap_days),
		cmocka_unit_test(test_withdrawal_held_by_ongoing_conflict),
		cmocka_unit_test(test_withdrawal_released_when_conflict_ends),
		cmocka_unit_test(test_withdrawal_conflict_over_before_expiry),
		cmocka_unit_test(test_withdrawal_conflict_starting_on_expiry_day),
		cmocka_unit_test(test_retroactive_succession),
		cmocka_unit_test(test_succession_effective_computed),
		cmocka_unit_test(test_signature_and_ratification),
		cmocka_unit_test(test_provisional_application),
		cmocka_unit_test(test_reaccession_after_withdrawal),
		cmocka_unit_test(test_claims_objections_and_domestic_steps),
		cmocka_unit_test(test_intervals_are_contiguous),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_long_story),
		cmocka_unit_test(test_many_parties),
		cmocka_unit_test(test_revoked_instrument),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_sparse_stories),
		cmocka_unit_test(test_compile_all),
		cmocka_unit_test(test_compile_all_then_one),
		cmocka_unit_test(test_compile_all_empty),
	};

	return cmocka_run_group_tests_name("status", tests, NULL, NULL);
}
