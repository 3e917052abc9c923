/*
 * test_explain.c - explanations read back step by step: the kinds in
 * order, the articles from the fixture's rules, the arithmetic in the
 * text, and citations that resolve to the acts they name; for a state that
 * deposited after the threshold, a retroactive succession, a withdrawal
 * that took effect, one held by an armed conflict and one released at its
 * end, and a state whose claimed suspension others object to.
 */
#include "pacta/explain.h"

#include "fixture.h"

static void open_record(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act(f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "ratification", "1998-11-13", NULL, NULL);
	fx_act(f, "KRA", "signature", "1997-12-04", NULL, NULL);
	fx_act(f, "KRA", "ratification", "1998-12-01", NULL, NULL);
	fx_act(f, "KRA", "provisional_application", "1998-12-01", NULL, NULL);
	fx_act(f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_act(f, "LAT", "accession", "2005-07-01", NULL, NULL);
	fx_act(f, "LAT", "withdrawal", "2025-06-27", NULL, NULL);
	fx_act(f, "POT", "accession", "2000-01-10", NULL, NULL);
	fx_act(f, "POT", "withdrawal", "2025-06-27", NULL, NULL);
	fx_conflict(f, "POT", "2024-01-01", NULL);
	fx_act(f, "QUM", "accession", "2000-01-10", NULL, NULL);
	fx_act(f, "QUM", "withdrawal", "2025-06-27", NULL, NULL);
	fx_conflict(f, "QUM", "2025-01-01", "2026-03-01");
	fx_act(f, "WAD", "accession", "2005-12-27", NULL, NULL);
	fx_act(f, "WAD", "government_decision", "2025-06-29", NULL, NULL);
	fx_act(f, "WAD", "suspension_claim", "2025-07-18", NULL, NULL);
	fx_act(f, "BOR", "objection", "2025-12-02", NULL, "WAD");
	fx_act(f, "ARC", "objection", "2025-10-17", NULL, "WAD");
	fx_finish(f);
}

struct want_step {
	pacta_step_kind kind;
	const char *date;
	const char *article; /* NULL: none */
};

/* Explains iso3 on `on` into ex and checks the steps' kinds, dates and
 * articles, that every citation is a valid position in the sources, that
 * "[k]" in a text is cited by that step, and that the last step is the
 * status, whose text is the summary. */
static void explain(const struct fx *f, const char *iso3, const char *on,
		    pacta_explanation *ex, const struct want_step *want, size_t n)
{
	pacta_error err;
	const pacta_step *last;

	if (pacta_explain(f->ts, fx_p(f, iso3), fx_day(on), ex, &err) != PACTA_OK)
		fail_msg("explain %s: %s", iso3, err.message);
	for (size_t i = 0; ex->n_steps != n && i < ex->n_steps; i++)
		print_message("# %s %s\n", pacta_step_kind_name(ex->steps[i].kind),
			      ex->steps[i].text);
	assert_int_equal(ex->n_steps, n);
	assert_day(ex->on, on);
	for (size_t i = 0; i < n; i++) {
		const pacta_step *s = &ex->steps[i];

		assert_string_equal(pacta_step_kind_name(s->kind), pacta_step_kind_name(want[i].kind));
		assert_day(s->date, want[i].date);
		if (want[i].article)
			assert_string_equal(s->article, want[i].article);
		else
			assert_null(s->article);
		for (size_t j = 0; j < s->n_cites; j++)
			assert_true(s->cites[j] >= 1 && s->cites[j] <= ex->n_sources);
		/* Every "[k]" in the text is one of this step's citations. */
		for (const char *p = strchr(s->text, '['); p; p = strchr(p + 1, '[')) {
			size_t k = 0;
			bool cited = false;

			if (sscanf(p, "[%zu]", &k) != 1)
				continue;
			for (size_t j = 0; j < s->n_cites; j++)
				cited |= s->cites[j] == k;
			assert_true(cited);
		}
	}
	last = &ex->steps[n - 1];
	assert_int_equal(last->kind, PACTA_STEP_STATUS);
	assert_int_equal(last->n_cites, 0);
	assert_non_null(ex->summary);
	assert_string_equal(ex->summary, last->text);
	assert_int_equal(ex->status, pacta_status_on(f->ts, fx_p(f, iso3), fx_day(on), NULL));
}

#define EXPLAIN(f, iso3, on, ex, ...) do { \
	static const struct want_step want_[] = { __VA_ARGS__ }; \
	explain((f), (iso3), (on), (ex), want_, sizeof(want_) / sizeof(want_[0])); \
} while (0)

/* The act behind citation k of step i. */
static uint32_t cited(const pacta_explanation *ex, size_t i, size_t j)
{
	assert_true(i < ex->n_steps && j < ex->steps[i].n_cites);
	return ex->sources[ex->steps[i].cites[j] - 1];
}

static void test_later_deposit(void **state)
{
	struct fx f;
	pacta_explanation ex;
	uint32_t nth;

	(void)state;
	open_record(&f);
	nth = pacta_treaty_status_in_force(f.ts)->acts[0];
	EXPLAIN(&f, "GEN", "2000-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_SIGNATURE, "1997-12-05", "15" },
		{ PACTA_STEP_CONSENT, "1998-11-13", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-05-01", "17(2)" },
		{ PACTA_STEP_STATUS, "2000-01-01", NULL });
	assert_int_equal(ex.status, PACTA_STATUS_PARTY);
	/* Sources in order of first citation. */
	assert_int_equal(ex.n_sources, 3);
	assert_int_equal(ex.sources[0], nth);
	assert_int_equal(ex.sources[1], fx_find_act(&f, "GEN", "signature", "1997-12-05"));
	assert_int_equal(ex.sources[2], fx_find_act(&f, "GEN", "ratification", "1998-11-13"));
	assert_int_equal(cited(&ex, 0, 0), nth);
	assert_int_equal(cited(&ex, 1, 0), ex.sources[1]);
	assert_int_equal(cited(&ex, 2, 0), ex.sources[2]);
	assert_int_equal(ex.steps[3].n_cites, 1);
	assert_int_equal(cited(&ex, 3, 0), ex.sources[2]);

	/* BOR and COS both deposited on the day of the 3rd: no order is
	 * claimed between them. */
	assert_non_null(strstr(ex.steps[0].text,
			       "The Mini Convention entered into force on 1999-03-01. Art. 17(1): the"
			       " first day of the sixth month after the month in which the 3rd"
			       " instrument was deposited; the 3rd instrument was one of the 2"
			       " instruments deposited on 1998-09-16, among them "));
	assert_non_null(strstr(ex.steps[0].text, " [1]: the first day"
			       " of the sixth month after 1998-09-16 is 1999-03-01."));
	assert_string_equal(ex.steps[1].text,
			    "Genovia signed on 1997-12-05 [2]. A signature does not bind (Art. 16);"
			    " it allows ratification, acceptance or approval.");
	assert_string_equal(ex.steps[2].text,
			    "Genovia deposited an instrument of ratification on 1998-11-13 [3].");
	assert_string_equal(ex.steps[3].text,
			    "Entry into force for Genovia: 1999-05-01. Art. 17(2): for a State"
			    " depositing after the date of the 3rd instrument (1998-09-16), the Mini"
			    " Convention enters into force the first day of the sixth month after the"
			    " date of its deposit: the first day of the sixth month after 1998-11-13"
			    " is 1999-05-01.");
	assert_string_equal(ex.summary,
			    "On 2000-01-01 Genovia is a party to the Mini Convention, bound since"
			    " 1999-05-01.");
	pacta_explanation_free(&ex);
	assert_null(ex.steps);
	assert_null(ex.summary);

	/* Asked about a day before its ratification: only what was known. */
	EXPLAIN(&f, "GEN", "1998-11-12", &ex,
		{ PACTA_STEP_SIGNATURE, "1997-12-05", "15" },
		{ PACTA_STEP_STATUS, "1998-11-12", NULL });
	assert_int_equal(ex.n_sources, 1);
	assert_string_equal(ex.summary,
			    "On 1998-11-12 Genovia is a signatory, not bound by the Mini Convention.");
	pacta_explanation_free(&ex);

	/* Consented, not yet in force. */
	EXPLAIN(&f, "GEN", "1999-04-30", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_SIGNATURE, "1997-12-05", "15" },
		{ PACTA_STEP_CONSENT, "1998-11-13", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-05-01", "17(2)" },
		{ PACTA_STEP_STATUS, "1999-04-30", NULL });
	assert_string_equal(ex.summary,
			    "On 1999-04-30 Genovia has consented to be bound, but the Mini Convention"
			    " is not yet in force for it (it will be from 1999-05-01).");
	pacta_explanation_free(&ex);
	fx_close(&f);
}

/* "Subsequent to the entry into force": a state depositing between the
 * Nth instrument and the treaty's entry into force is explained as bound
 * from the treaty's own date, one depositing after it by the later rule. */
static void test_later_rule_after_entry_into_force(void **state)
{
	struct fx f;
	pacta_explanation ex;

	(void)state;
	fx_open_later(&f, NULL, "entry_into_force", NULL);
	fx_base(&f);
	fx_act(&f, "GEN", "accession", "1998-11-13", NULL, NULL);
	fx_act(&f, "LAT", "accession", "1999-06-15", NULL, NULL);
	fx_finish(&f);
	EXPLAIN(&f, "GEN", "2000-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "1998-11-13", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_STATUS, "2000-01-01", NULL });
	assert_string_equal(ex.steps[2].text,
			    "Entry into force for Genovia: 1999-03-01. Its instrument (1998-11-13) was"
			    " deposited before the Mini Convention entered into force (1999-03-01), so"
			    " Art. 17(1) applies: the Mini Convention entered into force for it on its"
			    " own entry-into-force date, 1999-03-01.");
	pacta_explanation_free(&ex);
	EXPLAIN(&f, "LAT", "2000-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "1999-06-15", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-12-01", "17(2)" },
		{ PACTA_STEP_STATUS, "2000-01-01", NULL });
	assert_string_equal(ex.steps[2].text,
			    "Entry into force for Latveria: 1999-12-01. Art. 17(2): for a State"
			    " depositing after the Mini Convention entered into force (1999-03-01), it"
			    " enters into force the first day of the sixth month after the date of its"
			    " deposit: the first day of the sixth month after 1999-06-15 is 1999-12-01.");
	pacta_explanation_free(&ex);
	fx_close(&f);
}

/* Only ratifications, acceptances and approvals count: the explanation
 * names those kinds. */
static void test_counted_kinds_named(void **state)
{
	struct fx f;
	pacta_explanation ex;

	(void)state;
	fx_open(&f, "{\"article\": \"17(1)\", \"instruments\": 3,"
		    " \"counts\": [\"ratification\", \"acceptance\", \"approval\"],"
		    " \"delay\": {\"first_day_of_month_after\": 6}}");
	fx_base(&f);
	fx_finish(&f);
	EXPLAIN(&f, "ARC", "2000-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_SIGNATURE, "1997-12-03", "15" },
		{ PACTA_STEP_CONSENT, "1998-07-01", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_STATUS, "2000-01-01", NULL });
	assert_non_null(strstr(ex.steps[0].text,
			       "Art. 17(1): the first day of the sixth month after the month in which"
			       " the 3rd instrument of ratification, acceptance or approval was"
			       " deposited; the 3rd instrument was Borduria's instrument of"
			       " ratification, deposited on 1998-09-16 [1]"));
	assert_non_null(strstr(ex.steps[3].text,
			       "(deposited on or before 1998-09-16, the date of the 3rd instrument of"
			       " ratification, acceptance or approval)"));
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_initial_instrument_and_provisional(void **state)
{
	struct fx f;
	pacta_explanation ex;

	(void)state;
	open_record(&f);
	EXPLAIN(&f, "ARC", "1999-03-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_SIGNATURE, "1997-12-03", "15" },
		{ PACTA_STEP_CONSENT, "1998-07-01", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_STATUS, "1999-03-01", NULL });
	assert_string_equal(ex.steps[3].text,
			    "Entry into force for Arcadia: 1999-03-01. Its instrument (1998-07-01) is"
			    " among the first 3 (deposited on or before 1998-09-16, the date of the"
			    " 3rd instrument), so Art. 17(1) applies: the Mini Convention entered into"
			    " force for it on its own entry-into-force date, 1999-03-01.");
	/* Its own instrument and the third one. */
	assert_int_equal(ex.steps[3].n_cites, 2);
	assert_int_equal(cited(&ex, 3, 0), fx_find_act(&f, "ARC", "ratification", "1998-07-01"));
	assert_int_equal(cited(&ex, 3, 1), pacta_treaty_status_in_force(f.ts)->acts[0]);
	pacta_explanation_free(&ex);

	EXPLAIN(&f, "KRA", "1999-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_SIGNATURE, "1997-12-04", "15" },
		{ PACTA_STEP_CONSENT, "1998-12-01", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-06-01", "17(2)" },
		{ PACTA_STEP_PROVISIONAL, "1998-12-01", "18" },
		{ PACTA_STEP_STATUS, "1999-01-01", NULL });
	/* Asked before the treaty's entry into force: no past tense. */
	assert_non_null(strstr(ex.steps[0].text,
			       "The Mini Convention enters into force on 1999-03-01."));
	assert_string_equal(ex.steps[4].text,
			    "Krakozhia deposited a declaration of provisional application on"
			    " 1998-12-01 [4]. It applies the Mini Convention provisionally, pending"
			    " the treaty's entry into force for it. Applied provisionally pending"
			    " entry into force.");
	assert_string_equal(ex.summary,
			    "On 1999-01-01 Krakozhia has consented to be bound, but the Mini"
			    " Convention is not yet in force for it (it will be from 1999-06-01);"
			    " it applies the Mini Convention provisionally, as it declared.");
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_stated_succession_text(void **state)
{
	struct fx f;
	pacta_explanation ex;

	(void)state;
	open_record(&f);
	EXPLAIN(&f, "TOM", "2012-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2011-11-11", "16" },
		{ PACTA_STEP_IN_FORCE, "2011-07-09", NULL },
		{ PACTA_STEP_STATUS, "2012-01-01", NULL });
	assert_string_equal(ex.steps[1].text,
			    "Tomainia deposited a notification of succession on 2011-11-11 [2].");
	/* Both dates: the stated one used, the computed one reported. */
	assert_string_equal(ex.steps[2].text,
			    "Entry into force for Tomainia: 2011-07-09, the effective date the record"
			    " states for its succession [2]. A succession takes effect from the date"
			    " of the succession of States. Computed from the deposit date"
			    " (2011-11-11) by the entry-into-force rules it would be 2012-05-01; the"
			    " stated date is used and the difference is reported here.");
	assert_int_equal(cited(&ex, 2, 0), fx_find_act(&f, "TOM", "succession", "2011-11-11"));
	assert_string_equal(ex.summary,
			    "On 2012-01-01 Tomainia is a party to the Mini Convention, bound since"
			    " 2011-07-09.");
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_withdrawn(void **state)
{
	struct fx f;
	pacta_explanation ex;
	uint32_t notice;

	(void)state;
	open_record(&f);
	notice = fx_find_act(&f, "LAT", "withdrawal", "2025-06-27");
	EXPLAIN(&f, "LAT", "2026-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2005-07-01", "16" },
		{ PACTA_STEP_IN_FORCE, "2006-01-01", "17(2)" },
		{ PACTA_STEP_WITHDRAWAL, "2025-06-27", NULL },
		{ PACTA_STEP_WITHDRAWAL, "2025-12-27", "20(2)" },
		{ PACTA_STEP_STATUS, "2026-01-01", NULL });
	assert_string_equal(ex.steps[3].text,
			    "The depositary received Latveria's notification of withdrawal on"
			    " 2025-06-27 [3].");
	assert_string_equal(ex.steps[4].text,
			    "Art. 20(2): a withdrawal takes effect six months after the depositary"
			    " receives it: 2025-06-27 + six months = 2025-12-27. Art. 20(3) holds a"
			    " withdrawal back while the State is engaged in an armed conflict when"
			    " the period expires; the record shows no armed conflict involving"
			    " Latveria on 2025-12-27, so the withdrawal took effect on 2025-12-27.");
	assert_int_equal(cited(&ex, 3, 0), notice);
	assert_int_equal(cited(&ex, 4, 0), notice);
	assert_string_equal(ex.summary,
			    "On 2026-01-01 Latveria is no longer bound by the Mini Convention: its"
			    " withdrawal took effect on 2025-12-27.");
	pacta_explanation_free(&ex);

	/* The day before: still bound, the withdrawal still to come. */
	EXPLAIN(&f, "LAT", "2025-12-26", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2005-07-01", "16" },
		{ PACTA_STEP_IN_FORCE, "2006-01-01", "17(2)" },
		{ PACTA_STEP_WITHDRAWAL, "2025-06-27", NULL },
		{ PACTA_STEP_WITHDRAWAL, "2025-12-27", "20(2)" },
		{ PACTA_STEP_STATUS, "2025-12-26", NULL });
	assert_non_null(strstr(ex.steps[4].text, ", so the withdrawal takes effect on 2025-12-27,"
			       " unless the record changes before then."));
	assert_string_equal(ex.summary,
			    "On 2025-12-26 Latveria is still a party to the Mini Convention (bound"
			    " since 2006-01-01); its withdrawal takes effect on 2025-12-27.");
	pacta_explanation_free(&ex);

	/* Before the notice: nothing about a withdrawal. */
	EXPLAIN(&f, "LAT", "2025-06-26", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2005-07-01", "16" },
		{ PACTA_STEP_IN_FORCE, "2006-01-01", "17(2)" },
		{ PACTA_STEP_STATUS, "2025-06-26", NULL });
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_withdrawal_held(void **state)
{
	struct fx f;
	pacta_explanation ex;

	(void)state;
	open_record(&f);
	EXPLAIN(&f, "POT", "2026-06-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2000-01-10", "16" },
		{ PACTA_STEP_IN_FORCE, "2000-07-01", "17(2)" },
		{ PACTA_STEP_WITHDRAWAL, "2025-06-27", NULL },
		{ PACTA_STEP_WITHDRAWAL, "2025-12-27", "20(3)" },
		{ PACTA_STEP_STATUS, "2026-06-01", NULL });
	assert_string_equal(ex.steps[4].text,
			    "Art. 20(2): a withdrawal takes effect six months after the depositary"
			    " receives it: 2025-06-27 + six months = 2025-12-27. On 2025-12-27"
			    " Pottsylvania was engaged in an armed conflict (since 2024-01-01,"
			    " https://example.org/conflict). Art. 20(3): the withdrawal does not take"
			    " effect before the end of the armed conflict; the record shows the"
			    " conflict as ongoing, so the withdrawal is held.");
	assert_string_equal(ex.summary,
			    "On 2026-06-01 Pottsylvania is still a party to the Mini Convention: its"
			    " withdrawal is held back while it is engaged in an armed conflict.");
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_withdrawal_released(void **state)
{
	struct fx f;
	pacta_explanation ex;

	(void)state;
	open_record(&f);
	EXPLAIN(&f, "QUM", "2026-03-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2000-01-10", "16" },
		{ PACTA_STEP_IN_FORCE, "2000-07-01", "17(2)" },
		{ PACTA_STEP_WITHDRAWAL, "2025-06-27", NULL },
		{ PACTA_STEP_WITHDRAWAL, "2026-03-01", "20(3)" },
		{ PACTA_STEP_STATUS, "2026-03-01", NULL });
	assert_non_null(strstr(ex.steps[4].text,
			       "; the record dates its end 2026-03-01, so the withdrawal took effect"
			       " then."));
	assert_string_equal(ex.summary,
			    "On 2026-03-01 Qumar is no longer bound by the Mini Convention: its"
			    " withdrawal took effect on 2026-03-01.");
	pacta_explanation_free(&ex);

	/* While still held, the end to come is not told as past. */
	EXPLAIN(&f, "QUM", "2026-01-15", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2000-01-10", "16" },
		{ PACTA_STEP_IN_FORCE, "2000-07-01", "17(2)" },
		{ PACTA_STEP_WITHDRAWAL, "2025-06-27", NULL },
		{ PACTA_STEP_WITHDRAWAL, "2026-03-01", "20(3)" },
		{ PACTA_STEP_STATUS, "2026-01-15", NULL });
	assert_int_equal(ex.status, PACTA_STATUS_WITHDRAWAL_HELD);
	assert_null(strstr(ex.steps[4].text, "took effect"));
	assert_non_null(strstr(ex.steps[4].text,
			       "; the record dates its end 2026-03-01, so the withdrawal takes effect"
			       " then."));
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_claimant(void **state)
{
	struct fx f;
	pacta_explanation ex;
	uint32_t claim, arc, bor;

	(void)state;
	open_record(&f);
	claim = fx_find_act(&f, "WAD", "suspension_claim", "2025-07-18");
	arc = fx_find_act(&f, "ARC", "objection", "2025-10-17");
	bor = fx_find_act(&f, "BOR", "objection", "2025-12-02");
	EXPLAIN(&f, "WAD", "2026-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2005-12-27", "16" },
		{ PACTA_STEP_IN_FORCE, "2006-06-01", "17(2)" },
		{ PACTA_STEP_DOMESTIC, "2025-06-29", NULL },
		{ PACTA_STEP_CLAIM, "2025-07-18", NULL },
		{ PACTA_STEP_STATUS, "2026-01-01", NULL });
	assert_string_equal(ex.steps[3].text,
			    "2025-06-29: a government decision (Wadiya) [3]; a domestic step with no"
			    " legal effect under the treaty by itself.");
	assert_string_equal(ex.steps[4].text,
			    "Claimed, not in effect: on 2025-07-18 Wadiya gave a notice claiming to"
			    " suspend the treaty [4]. The Convention has no suspension clause."
			    " Contested: objections by Arcadia (2025-10-17) [5], Borduria"
			    " (2025-12-02) [6]. The claim changes no status by itself.");
	assert_int_equal(ex.steps[4].n_cites, 3);
	assert_int_equal(cited(&ex, 4, 0), claim);
	assert_int_equal(cited(&ex, 4, 1), arc);
	assert_int_equal(cited(&ex, 4, 2), bor);
	assert_int_equal(ex.n_sources, 6);
	assert_int_equal(ex.status, PACTA_STATUS_PARTY);
	assert_string_equal(ex.summary,
			    "On 2026-01-01 Wadiya is a party to the Mini Convention, bound since"
			    " 2006-06-01. Its claimed suspension is recorded, and contested, but"
			    " changes no status.");
	pacta_explanation_free(&ex);

	/* Before Borduria objected: one objector. */
	EXPLAIN(&f, "WAD", "2025-11-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_CONSENT, "2005-12-27", "16" },
		{ PACTA_STEP_IN_FORCE, "2006-06-01", "17(2)" },
		{ PACTA_STEP_DOMESTIC, "2025-06-29", NULL },
		{ PACTA_STEP_CLAIM, "2025-07-18", NULL },
		{ PACTA_STEP_STATUS, "2025-11-01", NULL });
	assert_non_null(strstr(ex.steps[4].text, " Contested: objections by Arcadia (2025-10-17)"
			       " [5]. The claim changes no status by itself."));
	assert_int_equal(ex.steps[4].n_cites, 2);
	pacta_explanation_free(&ex);

	/* An objector's own explanation says nothing of the claim. */
	EXPLAIN(&f, "BOR", "2026-01-01", &ex,
		{ PACTA_STEP_TREATY_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_SIGNATURE, "1997-12-03", "15" },
		{ PACTA_STEP_CONSENT, "1998-09-16", "16" },
		{ PACTA_STEP_IN_FORCE, "1999-03-01", "17(1)" },
		{ PACTA_STEP_STATUS, "2026-01-01", NULL });
	pacta_explanation_free(&ex);
	fx_close(&f);
}

static void test_nobody_and_errors(void **state)
{
	struct fx f;
	pacta_explanation ex;
	pacta_error err;

	(void)state;
	open_record(&f);
	EXPLAIN(&f, "ZUB", "2026-01-01", &ex, { PACTA_STEP_STATUS, "2026-01-01", NULL });
	assert_string_equal(ex.summary,
			    "On 2026-01-01 Zubrowka has neither signed nor consented to be bound by"
			    " the Mini Convention.");
	assert_int_equal(ex.n_sources, 0);
	pacta_explanation_free(&ex);
	assert_int_equal(pacta_explain(f.ts, 999, fx_day("2026-01-01"), &ex, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(ex.n_steps, 0);
	assert_null(ex.summary);
	assert_string_equal(pacta_step_kind_name(PACTA_STEP_DOMESTIC), "domestic_step");
	assert_string_equal(pacta_step_kind_name(PACTA_STEP_IN_FORCE), "entry_into_force");
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_later_deposit),
		cmocka_unit_test(test_later_rule_after_entry_into_force),
		cmocka_unit_test(test_counted_kinds_named),
		cmocka_unit_test(test_initial_instrument_and_provisional),
		cmocka_unit_test(test_stated_succession_text),
		cmocka_unit_test(test_withdrawn),
		cmocka_unit_test(test_withdrawal_held),
		cmocka_unit_test(test_withdrawal_released),
		cmocka_unit_test(test_claimant),
		cmocka_unit_test(test_nobody_and_errors),
	};

	return cmocka_run_group_tests_name("explain", tests, NULL, NULL);
}
