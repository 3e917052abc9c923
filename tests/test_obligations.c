/*
 * test_obligations.c - each State Party's obligations on a day: the
 * fixture's treaty with obligations like the Mine Ban Convention's (and a
 * one-year duty for clamping), events loaded from an obligations CSV.
 * Every status, extensions in order and only once decided, late and on
 * time, re-opening, withdrawal, reports, date edges, retroactive
 * succession, annual due days, the due days of a window, explanations and
 * the loader's errors; and the evidence policy: overdue only on a `missed`
 * row about the deadline in force, unknown on silence, a completion
 * outweighing a conflicting `missed` row, extension requests pending or
 * decided, and re-opening by the rules' reopening clause.
 */
#include "pacta/obligations.h"

#include "fixture.h"

#define RULES \
	"[" FX_OBLIGATION_RULES ", {\"id\": \"9\", \"article\": \"9\"," \
	" \"name\": \"one-year duty\", \"kind\": \"deadline\", \"applies\": \"recorded\"," \
	" \"delay\": {\"years\": 1}}]"

#define HEAD "state,article,event,date,deadline,value,source_url,note\n"

/* Line numbers matter only to the loader tests, which build their own. */
static const char fixture_csv[] =
	HEAD
	"ARC,3,retained,2001-12-31,,1200,https://example.org/arc,year 2001\n"
	"ARC,3,retained,2005-12-31,,950,https://example.org/arc,year 2005\n"
	"ARC,4,applies,1999-03-01,2003-03-01,,https://example.org/arc,\n"
	"ARC,4,completed,2002-06-30,,,https://example.org/arc,\n"
	"ARC,7.1,report_submitted,1999-08-20,,,https://example.org/arc,initial\n"
	"ARC,7.2,report_submitted,2000-04-28,,1999,https://example.org/arc,\n"
	"BOR,5,applies,1999-03-01,2009-03-01,,https://example.org/bor,\n"
	"BOR,5,extension_granted,2008-11-28,2014-03-01,,https://example.org/bor,\n"
	"BOR,5,extension_granted,2013-12-05,2019-03-01,,https://example.org/bor/2,\n"
	"BOR,5,completed,2018-12-31,,,https://example.org/bor,\n"
	"COS,5,applies,1999-03-01,2009-03-01,,https://example.org/cos,\n"
	"COS,5,missed,2009-03-01,,,https://example.org/cos,\n"
	"COS,5,extension_granted,2009-12-04,2014-03-01,,https://example.org/cos,"
	"after the deadline\n"
	"COS,5,completed,2012-01-01,,,https://example.org/cos,\n"
	/* Rows out of date order: the events are sorted by date. */
	"ELB,4,completed,2005-06-30,,,https://example.org/elb,\n"
	"ELB,4,applies,,2003-03-01,,https://example.org/elb,no date\n"
	"ELB,4,missed,2003-03-01,,,https://example.org/elb,\n"
	"FRE,5,applies,2008-02-01,2018-02-01,,https://example.org/fre,\n"
	"FRE,5,completed,2010-05-01,,,https://example.org/fre,\n"
	"FRE,5,new_contamination,2020-06-01,,,https://example.org/fre,no new deadline\n"
	"GEN,3,retained,2005-12-31,,500,https://example.org/gen,\n"
	"GEN,3,retained,2008-12-31,,300,https://example.org/gen,\n"
	"GEN,4,applies,2000-07-01,2004-07-01,,https://example.org/gen,\n"
	"GEN,4,completed,2003-05-01,,,https://example.org/gen,\n"
	"GEN,5,applies,2000-07-01,2010-07-01,,https://example.org/gen,\n"
	"GEN,5,completed,2011-01-01,,,https://example.org/gen,after its withdrawal\n"
	"HYR,4,applies,2026-04-01,2030-04-01,,https://example.org/hyr,\n"
	"KRA,5,applies,1999-06-01,2009-06-01,,https://example.org/kra,\n"
	"KRA,5,completed,2008-10-01,,,https://example.org/kra,\n"
	"KRA,5,new_contamination,2012-05-01,2015-06-01,,https://example.org/kra,\n"
	"KRA,5,completed,2016-01-01,,,https://example.org/kra,\n"
	"MOL,4,applies,2001-09-01,2005-09-01,,https://example.org/mol,\n"
	"MOL,4,completed,2001-06-30,,,https://example.org/mol,before entry into force\n"
	"MOL,7.1,report_submitted,2002-02-28,,,https://example.org/mol,\n"
	"OST,7.1,report_submitted,2002-03-15,,,https://example.org/ost,\n"
	"POT,4,applies,2008-02-29,2012-02-29,,https://example.org/pot,\n"
	"POT,9,applies,2008-02-29,2009-02-28,,https://example.org/pot,\n"
	"QUM,9,applies,2009-08-31,2010-08-31,,https://example.org/qum,\n"
	"RUR,4,applies,2004-03-01,2008-03-31,,https://example.org/rur,a wrong deadline\n"
	"TOM,5,applies,2011-07-09,2021-07-09,,https://example.org/tom,\n"
	"VUL,4,applies,2006-09-01,2010-09-01,,https://example.org/vul,\n"
	"WAD,4,applies,2002-11-01,2006-11-01,,https://example.org/wad,\n"
	"WAD,4,completed,2005-01-01,,,https://example.org/wad,\n"
	"WAD,4,new_contamination,2010-01-01,2012-04-30,,https://example.org/wad,\n"
	"WAD,5,applies,2002-11-01,2012-11-01,,https://example.org/wad,\n"
	"WAD,5,completed,2012-04-30,,,https://example.org/wad,the day it left\n"
	"ZUB,5,applies,2002-08-01,2012-08-01,,https://example.org/zub,\n"
	"ZUB,5,extension_granted,2011-12-02,2014-08-01,,https://example.org/zub,\n"
	"ZUB,5,completed,2015-03-01,,,https://example.org/zub,\n"
	/* The evidence policy (rows 50 on). */
	"ARC,4,missed,2003-03-01,,,https://example.org/arc/missed,conflicts with the completion\n"
	"FRE,5,extension_granted,2021-12-03,2023-12-31,,https://example.org/fre,\n"
	"MOL,4,new_contamination,2004-05-01,,,https://example.org/mol,before the deadline\n"
	"POT,9,missed,2009-02-28,,,https://example.org/pot,\n"
	"RUR,7.2,missed,2006-05-01,,2005,https://example.org/rur,\n"
	"SYL,5,applies,2006-01-01,2016-01-01,,https://example.org/syl,\n"
	"SYL,5,extension_requested,2015-03-31,2019-01-01,,https://example.org/syl/request,\n"
	"SYL,5,missed,2016-01-01,,,https://example.org/syl/missed,\n"
	"SYL,5,extension_granted,2016-11-30,2019-01-01,,https://example.org/syl,\n"
	"SYL,5,missed,2019-06-30,,,https://example.org/syl/listing,a later listing\n"
	"VUL,4,missed,2009-01-01,,,https://example.org/vul,before the deadline\n"
	"VUL,7.1,missed,2007-02-28,,,https://example.org/vul/report,\n"
	"ZUB,5,extension_requested,2014-03-31,2016-08-01,,https://example.org/zub/request,\n";

/*
 * Entries into force: ARC, BOR, COS, ELB 1999-03-01 (Art. 17(1)); KRA
 * 1999-06-01; GEN 2000-07-01 (withdrawal effective 2010-07-15); MOL and
 * OST 2001-09-01; ZUB 2002-08-01; RUR 2004-03-01; LAT 2006-01-01; VUL
 * 2006-09-01 (withdrawal effective 2009-12-01); WAD 2002-11-01 (withdrawal
 * effective 2012-04-30, a report day); FRE 2008-02-01; POT
 * 2008-02-29, QUM 2009-08-31 and TOM 2011-07-09 (successions with stated
 * dates); HYR 2026-04-01 (accession 2025-10-10); SYL 2006-01-01. ILL only
 * signed.
 */
static void open_record(struct fx *f)
{
	fx_open_obligations(f, RULES);
	fx_base(f);
	fx_act(f, "KRA", "signature", "1997-12-04", NULL, NULL);
	fx_act(f, "KRA", "ratification", "1998-12-01", NULL, NULL);
	fx_act(f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "ratification", "2000-01-10", NULL, NULL);
	fx_act(f, "GEN", "withdrawal", "2010-01-15", NULL, NULL);
	fx_act(f, "MOL", "accession", "2001-03-10", NULL, NULL);
	fx_act(f, "OST", "accession", "2001-03-20", NULL, NULL);
	fx_act(f, "ZUB", "accession", "2002-02-10", NULL, NULL);
	fx_act(f, "RUR", "accession", "2003-09-10", NULL, NULL);
	fx_act(f, "LAT", "accession", "2005-07-01", NULL, NULL);
	fx_act(f, "VUL", "accession", "2006-03-15", NULL, NULL);
	fx_act(f, "VUL", "withdrawal", "2009-06-01", NULL, NULL);
	fx_act(f, "WAD", "accession", "2002-05-10", NULL, NULL);
	fx_act(f, "WAD", "withdrawal", "2011-10-30", NULL, NULL);
	fx_act(f, "FRE", "accession", "2007-08-15", NULL, NULL);
	fx_act(f, "POT", "succession", "2008-06-01", "2008-02-29", NULL);
	fx_act(f, "QUM", "succession", "2009-12-01", "2009-08-31", NULL);
	fx_act(f, "TOM", "succession", "2011-11-11", "2011-07-09", NULL);
	fx_act(f, "HYR", "accession", "2025-10-10", NULL, NULL);
	fx_act(f, "ILL", "signature", "1997-12-10", NULL, NULL);
	fx_act(f, "SYL", "accession", "2005-07-01", NULL, NULL);
	fx_obligations_csv(f, fixture_csv);
	fx_finish(f);
}

/* All obligations of one state on day (a malloc'd array). */
static pacta_obligation *obs_of(const struct fx *f, const char *iso3, const char *day, size_t *n)
{
	uint32_t p = fx_p(f, iso3);
	pacta_obligation *obs = NULL;
	pacta_error err;

	if (pacta_obligations_on(f->ts, fx_day(day), &p, 1, &obs, n, &err) != PACTA_OK)
		fail_msg("obligations_on: %s", err.message);
	return obs;
}

static bool has(const struct fx *f, const char *iso3, const char *article, const char *day)
{
	size_t n;
	pacta_obligation *obs = obs_of(f, iso3, day, &n);
	bool found = false;

	for (size_t i = 0; i < n; i++)
		found |= strcmp(obs[i].rule->id, article) == 0;
	free(obs);
	return found;
}

/* The obligation of iso3 under article on day; fails when there is none. */
static pacta_obligation ob_of(const struct fx *f, const char *iso3, const char *article,
			      const char *day)
{
	size_t n;
	pacta_obligation *obs = obs_of(f, iso3, day, &n), ob;
	bool found = false;

	memset(&ob, 0, sizeof(ob));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(obs[i].rule->id, article) == 0) {
			ob = obs[i];
			found = true;
		}
	}
	free(obs);
	if (!found)
		fail_msg("%s has no obligation %s on %s", iso3, article, day);
	assert_int_equal(ob.participant, fx_p(f, iso3));
	return ob;
}

static const pacta_obligation_event *event(const struct fx *f, uint32_t i)
{
	assert_true(i < f->rec->n_obligation_events);
	return &f->rec->obligation_events[i];
}

#define assert_status(ob, s) \
	assert_string_equal(pacta_obligation_status_name((ob).status), \
			    pacta_obligation_status_name(s))

static void test_status_names(void **state)
{
	static const char *const want[] = { "not_yet_due", "open", "extended", "met",
					    "overdue", "ended", "unknown" };

	(void)state;
	for (int s = 0; s < PACTA_OBLIGATION__COUNT; s++)
		assert_string_equal(pacta_obligation_status_name((pacta_obligation_status)s),
				    want[s]);
	assert_string_equal(pacta_obligation_status_name(PACTA_OBLIGATION__COUNT), "?");
}

static void test_fixture_loaded(void **state)
{
	struct fx f;
	const pacta_rules *r;

	(void)state;
	open_record(&f);
	r = f.rec->treaties[0].rules;
	assert_int_equal(r->n_obligations, 6);
	assert_string_equal(r->obligations[5].id, "9");
	assert_int_equal(r->obligations[2].extensions, true);
	assert_int_equal(r->obligations[1].extensions, false);
	assert_int_equal(f.rec->n_obligation_events, 62);
	/* Row 16 is ELB's completion, listed first of its rows. */
	assert_string_equal(event(&f, 14)->origin, "obligations.csv:16");
	assert_int_equal(event(&f, 14)->kind, PACTA_OBL_COMPLETED);
	assert_day(event(&f, 15)->date, "");
	assert_day(event(&f, 15)->deadline, "2003-03-01");
	assert_int_equal(event(&f, 0)->value, 1200);
	assert_int_equal(event(&f, 2)->value, -1);
	assert_int_equal(event(&f, 5)->value, 1999);
	assert_string_equal(event(&f, 12)->note, "after the deadline");
	assert_int_equal(event(&f, 55)->kind, PACTA_OBL_EXTENSION_REQUESTED);
	assert_day(event(&f, 55)->deadline, "2019-01-01");
	fx_close(&f);
}

static void test_not_yet_due(void **state)
{
	struct fx f;
	pacta_obligation *obs, ob;
	size_t n;

	(void)state;
	open_record(&f);
	/* Before its accession: nothing. */
	obs = obs_of(&f, "HYR", "2025-10-09", &n);
	assert_int_equal(n, 0);
	free(obs);
	/* Consented, entry into force on 2026-04-01: in rule order 4, 7.1, 7.2
	 * (3, 5 and 9 have no rows for it). */
	obs = obs_of(&f, "HYR", "2026-01-01", &n);
	assert_int_equal(n, 3);
	assert_string_equal(obs[0].rule->id, "4");
	assert_string_equal(obs[1].rule->id, "7.1");
	assert_string_equal(obs[2].rule->id, "7.2");
	for (size_t i = 0; i < n; i++) {
		assert_status(obs[i], PACTA_OBLIGATION_NOT_YET_DUE);
		assert_day(obs[i].starts, "2026-04-01");
		assert_day(obs[i].met_on, "");
		assert_day(obs[i].overdue_since, "");
	}
	assert_day(obs[0].original_due, "2030-04-01");
	assert_day(obs[0].due, "2030-04-01");
	assert_day(obs[0].stated_original, "2030-04-01");
	assert_day(obs[1].original_due, "2026-09-28");
	assert_day(obs[2].original_due, "2027-04-30");
	assert_day(obs[2].due, "2027-04-30");
	assert_day(obs[2].last_due, "");
	free(obs);
	/* The day it enters into force. */
	assert_status(ob_of(&f, "HYR", "4", "2026-04-01"), PACTA_OBLIGATION_OPEN);
	assert_status(ob_of(&f, "HYR", "7.1", "2026-04-01"), PACTA_OBLIGATION_OPEN);
	assert_status(ob_of(&f, "HYR", "7.2", "2026-04-01"), PACTA_OBLIGATION_OPEN);
	assert_status(ob_of(&f, "HYR", "4", "2026-03-31"), PACTA_OBLIGATION_NOT_YET_DUE);
	/* Completed before its entry into force: met, on time. */
	assert_status(ob_of(&f, "MOL", "4", "2001-06-29"), PACTA_OBLIGATION_NOT_YET_DUE);
	ob = ob_of(&f, "MOL", "4", "2001-06-30");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.met_on, "2001-06-30");
	/* A signatory owes nothing. */
	obs = obs_of(&f, "ILL", "2026-01-01", &n);
	assert_int_equal(n, 0);
	free(obs);
	fx_close(&f);
}

static void test_open_overdue_met_late(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	/* The deadline day itself is not overdue. */
	ob = ob_of(&f, "ELB", "4", "2003-03-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.starts, "1999-03-01");
	assert_day(ob.original_due, "2003-03-01");
	assert_day(ob.due, "2003-03-01");
	assert_day(ob.overdue_since, "");
	assert_int_equal(ob.n_extensions, 0);
	ob = ob_of(&f, "ELB", "4", "2003-03-02");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.due, "2003-03-01");
	assert_day(ob.overdue_since, "2003-03-02");
	ob = ob_of(&f, "ELB", "4", "2005-06-29");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.overdue_since, "2003-03-02");
	assert_day(ob.met_on, "");
	assert_int_equal(ob.completion, -1);
	/* Completed after the deadline: met, late. */
	ob = ob_of(&f, "ELB", "4", "2005-06-30");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_true(ob.late);
	assert_day(ob.met_on, "2005-06-30");
	assert_day(ob.overdue_since, "");
	assert_true(ob.completion >= 0);
	assert_int_equal(event(&f, (uint32_t)ob.completion)->kind, PACTA_OBL_COMPLETED);
	/* Sources in date order, the undated `applies` row first; the ignored
	 * extension is not one of them. */
	assert_int_equal(ob.n_events, 3);
	assert_int_equal(event(&f, ob.events[0])->kind, PACTA_OBL_APPLIES);
	assert_int_equal(event(&f, ob.events[1])->kind, PACTA_OBL_MISSED);
	assert_int_equal(event(&f, ob.events[2])->kind, PACTA_OBL_COMPLETED);
	assert_int_equal(ob.events[2], (uint32_t)ob.completion);
	assert_day(ob.stated_original, "2003-03-01");
	/* Completed before the deadline: on time. */
	ob = ob_of(&f, "ARC", "4", "2010-01-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.met_on, "2002-06-30");
	ob = ob_of(&f, "ARC", "4", "2002-06-29");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	fx_close(&f);
}

static void test_extended_in_order(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	/* The day before the first decision: the original deadline. */
	ob = ob_of(&f, "BOR", "5", "2008-11-27");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2009-03-01");
	assert_int_equal(ob.n_extensions, 0);
	ob = ob_of(&f, "BOR", "5", "2008-11-28");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.due, "2014-03-01");
	assert_int_equal(ob.n_extensions, 1);
	ob = ob_of(&f, "BOR", "5", "2016-01-01");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.original_due, "2009-03-01");
	assert_day(ob.due, "2019-03-01");
	assert_int_equal(ob.n_extensions, 2);
	assert_day(event(&f, ob.extensions[0])->date, "2008-11-28");
	assert_day(event(&f, ob.extensions[0])->deadline, "2014-03-01");
	assert_day(event(&f, ob.extensions[1])->date, "2013-12-05");
	assert_day(event(&f, ob.extensions[1])->deadline, "2019-03-01");
	assert_string_equal(event(&f, ob.extensions[1])->source_url, "https://example.org/bor/2");
	assert_int_equal(ob.n_events, 3);
	/* The extended deadline itself is not overdue. */
	assert_status(ob_of(&f, "BOR", "5", "2019-03-01"), PACTA_OBLIGATION_MET);
	ob = ob_of(&f, "BOR", "5", "2018-12-30");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	ob = ob_of(&f, "BOR", "5", "2018-12-31");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.met_on, "2018-12-31");
	assert_day(ob.due, "2019-03-01");
	assert_int_equal(ob.n_extensions, 2);
	fx_close(&f);
}

static void test_extension_decided_later(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	ob = ob_of(&f, "COS", "5", "2009-03-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	/* The day before the decision: the old deadline, passed. */
	ob = ob_of(&f, "COS", "5", "2009-12-03");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.due, "2009-03-01");
	assert_day(ob.overdue_since, "2009-03-02");
	assert_int_equal(ob.n_extensions, 0);
	ob = ob_of(&f, "COS", "5", "2009-12-04");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.due, "2014-03-01");
	assert_day(ob.overdue_since, "");
	assert_int_equal(ob.n_extensions, 1);
	/* Completed before the deadline in force then: on time. */
	ob = ob_of(&f, "COS", "5", "2012-06-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	/* The extended deadline passed with no completion and no source
	 * saying it was missed: unknown, with the request made before it. */
	ob = ob_of(&f, "ZUB", "5", "2015-02-28");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.due, "2014-08-01");
	assert_day(ob.overdue_since, "");
	assert_int_equal(ob.evidence, -1);
	assert_int_equal(ob.n_extensions, 1);
	assert_int_equal(ob.n_requests, 1);
	/* Late: after the extended deadline in force at completion. */
	ob = ob_of(&f, "ZUB", "5", "2015-03-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_true(ob.late);
	assert_day(ob.met_on, "2015-03-01");
	fx_close(&f);
}

static void test_new_contamination(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	ob = ob_of(&f, "KRA", "5", "2012-04-30");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.met_on, "2008-10-01");
	/* Re-opened, with the new deadline the row gives. */
	ob = ob_of(&f, "KRA", "5", "2012-05-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.original_due, "2009-06-01");
	assert_day(ob.due, "2015-06-01");
	assert_day(ob.met_on, "");
	assert_int_equal(ob.completion, -1);
	assert_int_equal(ob.n_events, 3);
	assert_int_equal(event(&f, ob.events[2])->kind, PACTA_OBL_NEW_CONTAMINATION);
	assert_int_equal(ob.reopened, (int32_t)ob.events[2]);
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_RECORDED);
	assert_status(ob_of(&f, "KRA", "5", "2015-06-01"), PACTA_OBLIGATION_OPEN);
	ob = ob_of(&f, "KRA", "5", "2015-06-02");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.overdue_since, "");
	ob = ob_of(&f, "KRA", "5", "2016-01-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_true(ob.late);
	assert_day(ob.met_on, "2016-01-01");
	/* Reported after the deadline had passed, with no deadline given:
	 * the reopening clause sets none, so it is open without one... */
	assert_status(ob_of(&f, "FRE", "5", "2020-05-31"), PACTA_OBLIGATION_MET);
	ob = ob_of(&f, "FRE", "5", "2020-06-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.original_due, "2018-02-01");
	assert_day(ob.due, "");
	assert_day(ob.overdue_since, "");
	assert_day(ob.met_on, "");
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_OPEN);
	assert_status(ob_of(&f, "FRE", "5", "2021-12-02"), PACTA_OBLIGATION_OPEN);
	/* ...until an extension sets one. */
	ob = ob_of(&f, "FRE", "5", "2021-12-03");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.due, "2023-12-31");
	assert_status(ob_of(&f, "FRE", "5", "2024-01-01"), PACTA_OBLIGATION_UNKNOWN);
	/* Reported before the deadline in force had passed: that deadline
	 * still applies (Art. 4, completed early, re-opened in 2004). */
	ob = ob_of(&f, "MOL", "4", "2004-05-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2005-09-01");
	assert_day(ob.met_on, "");
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_RUNNING);
	assert_status(ob_of(&f, "MOL", "4", "2004-04-30"), PACTA_OBLIGATION_MET);
	assert_status(ob_of(&f, "MOL", "4", "2005-09-02"), PACTA_OBLIGATION_UNKNOWN);
	/* Never re-opened: no basis. */
	ob = ob_of(&f, "BOR", "5", "2016-01-01");
	assert_int_equal(ob.reopened, -1);
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_NONE);
	fx_close(&f);
}

/* An annual duty that ended has no next due day; its last one stays. */
static void test_annual_ended(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	ob = ob_of(&f, "GEN", "7.2", "2010-07-14");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2011-04-30");
	ob = ob_of(&f, "GEN", "7.2", "2012-01-01");
	assert_status(ob, PACTA_OBLIGATION_ENDED);
	assert_day(ob.due, "");
	assert_day(ob.last_due, "2010-04-30");
	/* In force 2000-07-01, after 30 April: its first report covers 2001. */
	assert_day(ob.original_due, "2002-04-30");
	fx_close(&f);
}

static void test_ended_by_withdrawal(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	assert_day(fx_tl(&f, "GEN")->withdrawal_effective, "2010-07-15");
	ob = ob_of(&f, "GEN", "5", "2010-07-14");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.due, "2010-07-01");
	assert_day(ob.overdue_since, "");
	ob = ob_of(&f, "GEN", "5", "2010-07-15");
	assert_status(ob, PACTA_OBLIGATION_ENDED);
	assert_day(ob.ended_on, "2010-07-15");
	assert_day(ob.overdue_since, "");
	/* A completion after the withdrawal took effect does not make it met:
	 * the withdrawal came first. */
	ob = ob_of(&f, "GEN", "5", "2012-01-01");
	assert_status(ob, PACTA_OBLIGATION_ENDED);
	assert_day(ob.met_on, "");
	/* Met before the withdrawal stays met. */
	ob = ob_of(&f, "GEN", "4", "2012-01-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.met_on, "2003-05-01");
	assert_status(ob_of(&f, "GEN", "7.1", "2012-01-01"), PACTA_OBLIGATION_ENDED);
	assert_status(ob_of(&f, "GEN", "7.2", "2012-01-01"), PACTA_OBLIGATION_ENDED);
	assert_status(ob_of(&f, "GEN", "7.2", "2010-07-14"), PACTA_OBLIGATION_OPEN);
	/* Art. 3: the latest count, then ended. */
	ob = ob_of(&f, "GEN", "3", "2004-01-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_int_equal(ob.retained, -1);
	assert_day(ob.retained_on, "");
	assert_day(ob.due, "");
	ob = ob_of(&f, "GEN", "3", "2007-01-01");
	assert_int_equal(ob.retained, 500);
	assert_day(ob.retained_on, "2005-12-31");
	ob = ob_of(&f, "GEN", "3", "2009-01-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_int_equal(ob.retained, 300);
	assert_day(ob.retained_on, "2008-12-31");
	assert_int_equal(ob.n_events, 2);
	assert_status(ob_of(&f, "GEN", "3", "2010-07-15"), PACTA_OBLIGATION_ENDED);
	/* Completed the day the withdrawal took effect: too late to meet it. */
	assert_status(ob_of(&f, "WAD", "5", "2012-04-29"), PACTA_OBLIGATION_OPEN);
	ob = ob_of(&f, "WAD", "5", "2012-04-30");
	assert_status(ob, PACTA_OBLIGATION_ENDED);
	assert_day(ob.met_on, "");
	/* A deadline after the withdrawal: ended, never overdue. */
	assert_status(ob_of(&f, "VUL", "4", "2009-11-30"), PACTA_OBLIGATION_OPEN);
	assert_status(ob_of(&f, "VUL", "4", "2009-12-01"), PACTA_OBLIGATION_ENDED);
	assert_status(ob_of(&f, "VUL", "4", "2011-01-01"), PACTA_OBLIGATION_ENDED);
	fx_close(&f);
}

static void test_reports(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	/* EIF 2006-01-01 + 180 days = 2006-06-30; then nothing recorded. */
	ob = ob_of(&f, "LAT", "7.1", "2006-06-30");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2006-06-30");
	ob = ob_of(&f, "LAT", "7.1", "2006-07-01");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.overdue_since, "");
	assert_day(ob.met_on, "");
	assert_int_equal(ob.n_events, 0);
	/* Reported on the deadline day: on time. */
	ob = ob_of(&f, "MOL", "7.1", "2002-03-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.due, "2002-02-28");
	assert_day(ob.met_on, "2002-02-28");
	/* Reported after it: unknown until then, met late after. */
	assert_status(ob_of(&f, "OST", "7.1", "2002-03-14"), PACTA_OBLIGATION_UNKNOWN);
	ob = ob_of(&f, "OST", "7.1", "2002-03-15");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_true(ob.late);
	ob = ob_of(&f, "ARC", "7.1", "2026-01-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_day(ob.due, "1999-08-28");
	fx_close(&f);
}

static void test_date_edges(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	/* 2008-02-29 + four years: a leap day again. */
	ob = ob_of(&f, "POT", "4", "2010-01-01");
	assert_day(ob.starts, "2008-02-29");
	assert_day(ob.original_due, "2012-02-29");
	/* 2008-02-29 + one year: clamped to 2009-02-28. */
	ob = ob_of(&f, "POT", "9", "2009-02-28");
	assert_day(ob.original_due, "2009-02-28");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.stated_original, "2009-02-28");
	/* Missed (a row dated the clamped deadline): overdue the day after. */
	ob = ob_of(&f, "POT", "9", "2009-03-01");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.overdue_since, "2009-03-01");
	/* 180 days from a leap day. */
	assert_day(ob_of(&f, "POT", "7.1", "2010-01-01").original_due, "2008-08-27");
	/* 2009-08-31: one year, and 180 days into February. */
	ob = ob_of(&f, "QUM", "9", "2010-01-01");
	assert_day(ob.starts, "2009-08-31");
	assert_day(ob.original_due, "2010-08-31");
	assert_day(ob_of(&f, "QUM", "7.1", "2010-01-01").original_due, "2010-02-27");
	/* 2008-02-01 + 180 days, across 29 February: 2008-07-30. */
	ob = ob_of(&f, "FRE", "7.1", "2008-07-30");
	assert_day(ob.starts, "2008-02-01");
	assert_day(ob.due, "2008-07-30");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_status(ob_of(&f, "FRE", "7.1", "2008-07-31"), PACTA_OBLIGATION_UNKNOWN);
	fx_close(&f);
}

static void test_retroactive_succession(void **state)
{
	struct fx f;
	pacta_obligation *obs, ob;
	size_t n;
	char *text;

	(void)state;
	open_record(&f);
	/* Nothing before the notification is deposited. */
	obs = obs_of(&f, "TOM", "2011-11-10", &n);
	assert_int_equal(n, 0);
	free(obs);
	/* From then on, deadlines count from the stated date. */
	ob = ob_of(&f, "TOM", "5", "2011-11-11");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.starts, "2011-07-09");
	assert_day(ob.original_due, "2021-07-09");
	ob = ob_of(&f, "TOM", "7.1", "2011-11-11");
	assert_day(ob.due, "2012-01-05");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	ob = ob_of(&f, "TOM", "7.2", "2011-11-11");
	/* Bound from 2011-07-09, after 30 April: first on 2012, due in 2013. */
	assert_day(ob.original_due, "2013-04-30");
	/* Passed, and nothing recorded either way: unknown, not overdue. */
	ob = ob_of(&f, "TOM", "5", "2021-07-10");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.overdue_since, "");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2021-07-10"));
	assert_non_null(text);
	assert_string_equal(text,
			    "Art. 5(1) (mined areas). Entry into force for Tomainia: 2011-07-09"
			    " (the stated effective date of its succession). Original deadline:"
			    " 2011-07-09 + ten years = 2021-07-09. A source states 2021-07-09, the"
			    " same. On 2021-07-10 the deadline of 2021-07-09 has passed; the record"
			    " holds neither a completion nor a source saying it was missed.");
	free(text);
	fx_close(&f);
}

static void test_who_owes_what(void **state)
{
	static const char *const want[] = {
		"ARC 3", "ARC 4", "ARC 7.1", "ARC 7.2", "BOR 5", "BOR 7.1", "BOR 7.2",
		"COS 5", "COS 7.1", "COS 7.2", "ELB 4", "ELB 7.1", "ELB 7.2",
		"FRE 5", "FRE 7.1", "FRE 7.2", "GEN 3", "GEN 4", "GEN 5", "GEN 7.1", "GEN 7.2",
		"HYR 4", "HYR 7.1", "HYR 7.2", "KRA 5", "KRA 7.1", "KRA 7.2",
		"LAT 7.1", "LAT 7.2", "MOL 4", "MOL 7.1", "MOL 7.2", "OST 7.1", "OST 7.2",
		"POT 4", "POT 7.1", "POT 7.2", "POT 9", "QUM 7.1", "QUM 7.2", "QUM 9",
		"RUR 4", "RUR 7.1", "RUR 7.2", "SYL 5", "SYL 7.1", "SYL 7.2",
		"TOM 5", "TOM 7.1", "TOM 7.2",
		"VUL 4", "VUL 7.1", "VUL 7.2", "WAD 4", "WAD 5", "WAD 7.1", "WAD 7.2",
		"ZUB 5", "ZUB 7.1", "ZUB 7.2",
	};
	struct fx f;
	pacta_obligation *obs;
	size_t n;
	pacta_error err;

	(void)state;
	open_record(&f);
	/* Every participant: in participant, then rule order. */
	assert_int_equal(pacta_obligations_on(f.ts, fx_day("2026-11-29"), NULL, 0, &obs, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		char got[16];

		snprintf(got, sizeof(got), "%s %s", f.rec->participants[obs[i].participant].iso3,
			 obs[i].rule->id);
		assert_string_equal(got, want[i]);
	}
	free(obs);
	/* Recorded-scope rules only where the record has rows. */
	assert_false(has(&f, "LAT", "3", "2010-01-01"));
	assert_false(has(&f, "LAT", "4", "2010-01-01"));
	assert_false(has(&f, "LAT", "5", "2010-01-01"));
	assert_true(has(&f, "LAT", "7.1", "2010-01-01"));
	assert_true(has(&f, "ARC", "3", "1999-03-01"));
	assert_false(has(&f, "ARC", "5", "1999-03-01"));
	/* Two named states, in the order given. */
	{
		uint32_t ps[2] = { fx_p(&f, "RUR"), fx_p(&f, "ARC") };

		assert_int_equal(pacta_obligations_on(f.ts, fx_day("2026-11-29"), ps, 2, &obs, &n,
						      &err),
				 PACTA_OK);
		assert_int_equal(n, 7);
		assert_string_equal(f.rec->participants[obs[0].participant].iso3, "RUR");
		assert_string_equal(f.rec->participants[obs[3].participant].iso3, "ARC");
		free(obs);
	}
	/* Before the treaty was in force for anyone: nobody owes anything. */
	assert_int_equal(pacta_obligations_on(f.ts, fx_day("1998-01-01"), NULL, 0, &obs, &n, &err),
			 PACTA_OK);
	assert_int_equal(n, 0);
	free(obs);
	fx_close(&f);
}

static void test_annual(void **state)
{
	struct fx f;
	pacta_obligation ob;

	(void)state;
	open_record(&f);
	/* Entry into force 2004-03-01: first due 30 April of the next year. */
	ob = ob_of(&f, "RUR", "7.2", "2004-01-01");
	assert_status(ob, PACTA_OBLIGATION_NOT_YET_DUE);
	assert_day(ob.original_due, "2005-04-30");
	assert_day(ob.due, "2005-04-30");
	assert_day(ob.last_due, "");
	ob = ob_of(&f, "RUR", "7.2", "2004-06-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2005-04-30");
	assert_day(ob.last_due, "");
	/* 30 April itself is due that day. */
	ob = ob_of(&f, "RUR", "7.2", "2005-04-30");
	assert_day(ob.due, "2005-04-30");
	assert_day(ob.last_due, "");
	ob = ob_of(&f, "RUR", "7.2", "2005-05-01");
	assert_day(ob.due, "2006-04-30");
	assert_day(ob.last_due, "2005-04-30");
	ob = ob_of(&f, "RUR", "7.2", "2026-04-30");
	assert_day(ob.due, "2026-04-30");
	assert_day(ob.last_due, "2025-04-30");
	ob = ob_of(&f, "RUR", "7.2", "2026-12-31");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2027-04-30");
	assert_day(ob.last_due, "2026-04-30");
	/* Silence proves nothing: open, never overdue. */
	assert_day(ob.overdue_since, "");
	/* Reports are cited once submitted. */
	assert_int_equal(ob_of(&f, "ARC", "7.2", "2000-04-27").n_events, 0);
	ob = ob_of(&f, "ARC", "7.2", "2000-04-28");
	assert_int_equal(ob.n_events, 1);
	assert_int_equal(event(&f, ob.events[0])->kind, PACTA_OBL_REPORT_SUBMITTED);
	assert_day(ob.original_due, "2000-04-30");
	/* Ended by the withdrawal. */
	ob = ob_of(&f, "GEN", "7.2", "2010-07-15");
	assert_status(ob, PACTA_OBLIGATION_ENDED);
	assert_day(ob.ended_on, "2010-07-15");
	assert_day(ob.original_due, "2002-04-30");
	fx_close(&f);
}

/* Due days of iso3's article (as on `on`) in [from, to]; writes at most 8
 * into days, formatted into out[] joined by ' '. Returns the count. */
static size_t due(const struct fx *f, const char *iso3, const char *article, const char *on,
		  const char *from, const char *to, size_t max, char *out, size_t size)
{
	pacta_obligation ob = ob_of(f, iso3, article, on);
	pacta_day days[8];
	size_t n, used = 0;

	assert_true(max <= 8);
	n = pacta_obligation_due_days(f->ts, &ob, fx_day(from), fx_day(to), days, max);
	out[0] = '\0';
	for (size_t i = 0; i < n && i < max; i++) {
		char b[PACTA_DATE_BUFSZ];
		int k = snprintf(out + used, size - used, "%s%s", i ? " " : "",
				 pacta_date_format(days[i], b));

		assert_true(k > 0 && (size_t)k < size - used);
		used += (size_t)k;
	}
	return n;
}

static void test_due_days(void **state)
{
	struct fx f;
	char s[128];

	(void)state;
	open_record(&f);
	/* A deadline in the window, as in force then. */
	assert_int_equal(due(&f, "BOR", "5", "2016-01-01", "2019-03-01", "2019-03-01", 8, s,
			     sizeof(s)), 1);
	assert_string_equal(s, "2019-03-01");
	assert_int_equal(due(&f, "BOR", "5", "2016-01-01", "2019-03-02", "2030-12-31", 8, s,
			     sizeof(s)), 0);
	assert_int_equal(due(&f, "BOR", "5", "2016-01-01", "2009-01-01", "2019-02-28", 8, s,
			     sizeof(s)), 0);
	/* Met before the window: not falling due in it. */
	assert_int_equal(due(&f, "BOR", "5", "2019-06-01", "2019-01-01", "2019-12-31", 8, s,
			     sizeof(s)), 0);
	assert_int_equal(due(&f, "BOR", "5", "2019-06-01", "2018-01-01", "2019-12-31", 8, s,
			     sizeof(s)), 1);
	/* Each annual occurrence, from the first. */
	assert_int_equal(due(&f, "RUR", "7.2", "2026-12-31", "2004-01-01", "2007-12-31", 8, s,
			     sizeof(s)), 3);
	assert_string_equal(s, "2005-04-30 2006-04-30 2007-04-30");
	/* More than max: the count, and max written. */
	assert_int_equal(due(&f, "RUR", "7.2", "2026-12-31", "2004-01-01", "2007-12-31", 2, s,
			     sizeof(s)), 3);
	assert_string_equal(s, "2005-04-30 2006-04-30");
	assert_int_equal(due(&f, "RUR", "7.2", "2026-12-31", "2005-04-30", "2005-04-30", 8, s,
			     sizeof(s)), 1);
	assert_int_equal(due(&f, "RUR", "7.2", "2026-12-31", "2005-05-01", "2006-04-29", 8, s,
			     sizeof(s)), 0);
	/* None after the withdrawal takes effect. */
	assert_int_equal(due(&f, "GEN", "7.2", "2012-12-31", "2009-01-01", "2012-12-31", 8, s,
			     sizeof(s)), 2);
	assert_string_equal(s, "2009-04-30 2010-04-30");
	/* Bound from 2006-09-01: its first report covers 2007. */
	assert_int_equal(due(&f, "VUL", "7.2", "2012-12-31", "2007-01-01", "2012-12-31", 8, s,
			     sizeof(s)), 2);
	assert_string_equal(s, "2008-04-30 2009-04-30");
	assert_int_equal(due(&f, "VUL", "4", "2011-01-01", "2010-01-01", "2010-12-31", 8, s,
			     sizeof(s)), 0);
	/* Nor on the day it takes effect. */
	assert_int_equal(due(&f, "WAD", "7.2", "2013-01-01", "2011-01-01", "2013-12-31", 8, s,
			     sizeof(s)), 1);
	assert_string_equal(s, "2011-04-30");
	assert_status(ob_of(&f, "WAD", "7.2", "2012-04-29"), PACTA_OBLIGATION_OPEN);
	assert_status(ob_of(&f, "WAD", "7.2", "2012-04-30"), PACTA_OBLIGATION_ENDED);
	assert_day(ob_of(&f, "WAD", "4", "2012-04-29").due, "2012-04-30");
	assert_int_equal(due(&f, "WAD", "4", "2013-01-01", "2012-01-01", "2012-12-31", 8, s,
			     sizeof(s)), 0);
	/* A continuing duty has no due day. */
	assert_int_equal(due(&f, "GEN", "3", "2009-01-01", "1999-01-01", "2030-12-31", 8, s,
			     sizeof(s)), 0);
	fx_close(&f);
}

static void test_explain(void **state)
{
	struct fx f;
	pacta_obligation ob;
	char *text;

	(void)state;
	open_record(&f);
	ob = ob_of(&f, "BOR", "5", "2016-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2016-01-01"));
	assert_non_null(text);
	assert_string_equal(text,
			    "Art. 5(1) (mined areas). Entry into force for Borduria: 1999-03-01"
			    " (Art. 17(1)). Original deadline: 1999-03-01 + ten years = 2009-03-01."
			    " A source states 2009-03-01, the same. Extended under Art. 5(3) to"
			    " 2014-03-01 by a decision of 2008-11-28. Extended under Art. 5(3) to"
			    " 2019-03-01 by a decision of 2013-12-05. On 2016-01-01 it is due by"
			    " 2019-03-01.");
	free(text);
	ob = ob_of(&f, "ELB", "4", "2004-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2004-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, "1999-03-01 + four years = 2003-03-01."));
	assert_non_null(strstr(text, " On 2004-01-01 it is overdue since 2003-03-02: a source dated"
				     " 2003-03-01 says the deadline of 2003-03-01 was missed, and no"
				     " completion is recorded."));
	assert_null(strstr(text, "Extended"));
	free(text);
	ob = ob_of(&f, "ZUB", "5", "2016-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2016-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, "2002-08-01 (Art. 17(2))."));
	assert_non_null(strstr(text, "Extended under Art. 5(3) to 2014-08-01 by a decision of"
				     " 2011-12-02. Completed on 2015-03-01, after the deadline"
				     " then in force."));
	free(text);
	ob = ob_of(&f, "RUR", "4", "2005-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2005-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, "2004-03-01 + four years = 2008-03-01. A source states"
				     " 2008-03-31, which differs. On 2005-01-01 it is due by"
				     " 2008-03-01."));
	free(text);
	ob = ob_of(&f, "FRE", "7.1", "2009-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2009-01-01"));
	assert_non_null(text);
	assert_string_equal(text,
			    "Art. 7(1) (initial report). Entry into force for Freedonia: 2008-02-01"
			    " (Art. 17(2)). Original deadline: 2008-02-01 + 180 days = 2008-07-30."
			    " On 2009-01-01 the deadline of 2008-07-30 has passed; the record holds"
			    " neither a completion nor a source saying it was missed.");
	free(text);
	ob = ob_of(&f, "GEN", "5", "2012-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2012-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, " It ended on 2010-07-15, when Genovia's withdrawal took"
				     " effect."));
	free(text);
	ob = ob_of(&f, "RUR", "7.2", "2006-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2006-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, " Due every year on 04-30 from 2005-04-30, the first report"
				     " covering 2004, the first calendar year Ruritania was bound on"
				     " 04-30. On 2006-01-01 it is due by 2006-04-30."));
	free(text);
	ob = ob_of(&f, "GEN", "3", "2009-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2009-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, " Latest recorded count: 300 (as of 2008-12-31). On"
				     " 2009-01-01 it applies for as long as Genovia is bound."));
	free(text);
	ob = ob_of(&f, "HYR", "4", "2026-01-01");
	text = pacta_obligation_explain(f.ts, &ob, fx_day("2026-01-01"));
	assert_non_null(text);
	assert_non_null(strstr(text, " On 2026-01-01 the treaty is not yet in force for"
				     " Hyrkania."));
	free(text);
	fx_close(&f);
}

/* The explanation of iso3's obligation under article on day (malloc'd). */
static char *explain(const struct fx *f, const char *iso3, const char *article, const char *day)
{
	pacta_obligation ob = ob_of(f, iso3, article, day);
	char *text = pacta_obligation_explain(f->ts, &ob, fx_day(day));

	assert_non_null(text);
	return text;
}

#define assert_has(text, sub) do { \
	if (!strstr((text), (sub))) \
		fail_msg("'%s' lacks '%s'", (text), (sub)); \
} while (0)

/* Overdue only on a `missed` row about the deadline in force: the original
 * deadline missed, extended, the new one passed in silence (unknown), then
 * a later listing that it was missed too. */
static void test_evidence_policy(void **state)
{
	struct fx f;
	pacta_obligation ob;
	char *text;

	(void)state;
	open_record(&f);
	/* The deadline day itself is open. */
	ob = ob_of(&f, "SYL", "5", "2016-01-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_int_equal(ob.evidence, -1);
	/* Passed, and a source says it was missed: overdue, with the row. */
	ob = ob_of(&f, "SYL", "5", "2016-01-02");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.overdue_since, "2016-01-02");
	assert_true(ob.evidence >= 0);
	assert_int_equal(ob.evidence, ob.missed);
	assert_day(event(&f, (uint32_t)ob.evidence)->date, "2016-01-01");
	assert_string_equal(event(&f, (uint32_t)ob.evidence)->source_url,
			    "https://example.org/syl/missed");
	assert_day(ob.missed_due, "2016-01-01");
	/* Extended: the old finding no longer makes it overdue. */
	ob = ob_of(&f, "SYL", "5", "2016-11-30");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.due, "2019-01-01");
	assert_int_equal(ob.evidence, -1);
	assert_day(ob.overdue_since, "");
	/* The new deadline passed, and the only `missed` row is about the
	 * old one: unknown, and the explanation says why. */
	ob = ob_of(&f, "SYL", "5", "2019-01-02");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.overdue_since, "");
	assert_int_equal(ob.evidence, -1);
	assert_day(event(&f, (uint32_t)ob.missed)->date, "2016-01-01");
	text = explain(&f, "SYL", "5", "2019-01-02");
	assert_has(text, " On 2019-01-02 the deadline of 2019-01-01 has passed; the record holds"
			 " neither a completion nor a source saying it was missed. A source dated"
			 " 2016-01-01 says the deadline then in force, 2016-01-01, was missed; it"
			 " was extended since, so that is not evidence about the deadline now in"
			 " force.");
	free(text);
	assert_status(ob_of(&f, "SYL", "5", "2019-06-29"), PACTA_OBLIGATION_UNKNOWN);
	/* A later listing about the deadline in force: overdue since the day
	 * after that deadline, not since the listing. */
	ob = ob_of(&f, "SYL", "5", "2019-06-30");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.overdue_since, "2019-01-02");
	assert_day(event(&f, (uint32_t)ob.evidence)->date, "2019-06-30");
	assert_day(ob.missed_due, "2019-01-01");
	text = explain(&f, "SYL", "5", "2019-06-30");
	assert_string_equal(text,
			    "Art. 5(1) (mined areas). Entry into force for Syldavia: 2006-01-01"
			    " (Art. 17(2)). Original deadline: 2006-01-01 + ten years = 2016-01-01."
			    " A source states 2016-01-01, the same. Extended under Art. 5(3) to"
			    " 2019-01-01 by a decision of 2016-11-30. On 2019-06-30 it is overdue"
			    " since 2019-01-02: a source dated 2019-06-30 says the deadline of"
			    " 2019-01-01 was missed, and no completion is recorded.");
	free(text);
	/* A row dated before the deadline it would be about is no evidence. */
	ob = ob_of(&f, "VUL", "4", "2009-06-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	text = explain(&f, "VUL", "4", "2009-06-01");
	assert_has(text, " On 2009-06-01 it is due by 2010-09-01. A source dated 2009-01-01 says the"
			 " deadline was missed, but the deadline then in force, 2010-09-01, had"
			 " not passed: it is not evidence.");
	free(text);
	/* The same policy for obligations of all parties (the initial
	 * report): a `missed` row makes it overdue, silence does not. */
	assert_status(ob_of(&f, "VUL", "7.1", "2007-02-28"), PACTA_OBLIGATION_OPEN);
	ob = ob_of(&f, "VUL", "7.1", "2007-03-01");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.overdue_since, "2007-03-01");
	assert_status(ob_of(&f, "LAT", "7.1", "2007-03-01"), PACTA_OBLIGATION_UNKNOWN);
	/* Annual reports are unchanged: a `missed` row changes nothing. */
	ob = ob_of(&f, "RUR", "7.2", "2006-05-01");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2007-04-30");
	assert_day(ob.overdue_since, "");
	assert_int_equal(ob.evidence, -1);
	fx_close(&f);
}

/* A completion wins over a `missed` row that conflicts with it (one dated
 * on or after the completion); an earlier one is simply history. */
static void test_completion_wins(void **state)
{
	struct fx f;
	pacta_obligation ob;
	char *text;

	(void)state;
	open_record(&f);
	ob = ob_of(&f, "ARC", "4", "2010-01-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_false(ob.late);
	assert_int_equal(ob.evidence, -1);
	assert_day(event(&f, (uint32_t)ob.missed)->date, "2003-03-01");
	text = explain(&f, "ARC", "4", "2010-01-01");
	assert_has(text, " Completed on 2002-06-30, on time. A source dated 2003-03-01 says the"
			 " deadline of 2003-03-01 was missed; the sources conflict, and the"
			 " completion recorded wins.");
	free(text);
	/* Missed, then completed late: no conflict. */
	ob = ob_of(&f, "ELB", "4", "2006-01-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_true(ob.late);
	text = explain(&f, "ELB", "4", "2006-01-01");
	assert_null(strstr(text, "conflict"));
	assert_null(strstr(text, "missed"));
	free(text);
	fx_close(&f);
}

/* A request never moves the deadline; it is listed until a grant dated on
 * or after it is recorded. */
static void test_extension_requests(void **state)
{
	static const char csv[] =
		HEAD
		"ARC,5,applies,1999-03-01,2009-03-01,,https://example.org/a,\n"
		/* A grant and a request of the same day, the grant first. */
		"ARC,5,extension_granted,2008-11-28,2014-03-01,,https://example.org/a/g,\n"
		"ARC,5,extension_requested,2008-11-28,2014-03-01,,https://example.org/a/r,\n"
		/* A request after that grant: pending. */
		"ARC,5,extension_requested,2013-03-31,2016-03-01,,https://example.org/a/r2,\n";
	struct fx f;
	pacta_obligation ob;
	char *text;

	(void)state;
	open_record(&f);
	ob = ob_of(&f, "SYL", "5", "2015-03-30");
	assert_int_equal(ob.n_requests, 0);
	/* Before the deadline: open, the request listed. */
	ob = ob_of(&f, "SYL", "5", "2015-03-31");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2016-01-01");
	assert_int_equal(ob.n_requests, 1);
	assert_string_equal(event(&f, ob.requests[0])->source_url,
			    "https://example.org/syl/request");
	assert_int_equal(ob.n_extensions, 0);
	/* Overdue, with the request still undecided. */
	ob = ob_of(&f, "SYL", "5", "2016-06-01");
	assert_status(ob, PACTA_OBLIGATION_OVERDUE);
	assert_int_equal(ob.n_requests, 1);
	/* Granted: extended, nothing pending. */
	ob = ob_of(&f, "SYL", "5", "2016-11-30");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_int_equal(ob.n_requests, 0);
	assert_int_equal(ob.n_extensions, 1);
	/* Passed with a request pending and no `missed` row: unknown, and the
	 * answer names the request. */
	ob = ob_of(&f, "ZUB", "5", "2014-08-02");
	assert_status(ob, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.due, "2014-08-01");
	assert_int_equal(ob.n_requests, 1);
	text = explain(&f, "ZUB", "5", "2014-08-02");
	assert_has(text, " On 2014-08-02 the deadline of 2014-08-01 has passed; the record holds"
			 " neither a completion nor a source saying it was missed. An extension to"
			 " 2016-08-01 was requested on 2014-03-31; the record holds no decision.");
	free(text);
	/* Still listed once met: the record holds no decision on it. */
	ob = ob_of(&f, "ZUB", "5", "2015-03-01");
	assert_status(ob, PACTA_OBLIGATION_MET);
	assert_int_equal(ob.n_requests, 1);
	fx_close(&f);

	fx_open_obligations(&f, RULES);
	fx_base(&f);
	fx_obligations_csv(&f, csv);
	fx_finish(&f);
	ob = ob_of(&f, "ARC", "5", "2009-01-01");
	assert_status(ob, PACTA_OBLIGATION_EXTENDED);
	assert_int_equal(ob.n_requests, 0);
	/* A grant dated before a request does not decide it. */
	ob = ob_of(&f, "ARC", "5", "2013-06-01");
	assert_int_equal(ob.n_requests, 1);
	assert_day(event(&f, ob.requests[0])->deadline, "2016-03-01");
	assert_day(ob.due, "2014-03-01");
	fx_close(&f);
}

/* A reopening clause with a delay: the deadline for areas reported after
 * the deadline passed is that delay after the report, unless the row
 * gives one. */
static void test_reopening_clause(void **state)
{
	static const char rules[] =
		"[{\"id\": \"5\", \"article\": \"5(1)\", \"name\": \"mined areas\","
		" \"kind\": \"deadline\", \"applies\": \"recorded\", \"delay\": {\"years\": 10},"
		" \"extensions\": {\"article\": \"5(3)\"},"
		" \"reopening\": {\"article\": \"5(1)\", \"decision\": \"the decision of the Fourth"
		" Meeting\", \"source_url\": \"https://example.org/4msp\", \"text\": \"Two years.\","
		" \"delay\": {\"years\": 2}}},"
		" {\"id\": \"4\", \"article\": \"4\", \"name\": \"stockpiles\", \"kind\": \"deadline\","
		" \"applies\": \"recorded\", \"delay\": {\"years\": 4}}]";
	static const char csv[] =
		HEAD
		"BOR,5,applies,1999-03-01,2009-03-01,,https://example.org/b,\n"
		"BOR,5,completed,2005-01-01,,,https://example.org/b,\n"
		"BOR,5,new_contamination,2012-05-10,,,https://example.org/b/new,after the deadline\n"
		"COS,5,applies,1999-03-01,2009-03-01,,https://example.org/c,\n"
		"COS,5,completed,2005-01-01,,,https://example.org/c,\n"
		"COS,5,new_contamination,2012-05-10,2013-12-31,,https://example.org/c/new,\n";
	struct fx f;
	pacta_obligation ob;
	pacta_error err;
	char *text;
	const pacta_obligation_rule *r;

	(void)state;
	fx_open_obligations(&f, rules);
	r = &f.rec->treaties[0].rules->obligations[0];
	assert_true(r->reopening);
	assert_true(r->reopen_has_delay);
	assert_int_equal(r->reopen_delay.unit, PACTA_DELAY_YEARS);
	assert_int_equal(r->reopen_delay.n, 2);
	assert_string_equal(r->reopen.article, "5(1)");
	assert_string_equal(r->reopen.text, "Two years.");
	assert_string_equal(r->reopen_decision, "the decision of the Fourth Meeting");
	assert_string_equal(r->reopen_source, "https://example.org/4msp");
	assert_false(f.rec->treaties[0].rules->obligations[1].reopening);
	fx_base(&f);
	fx_obligations_csv(&f, csv);
	/* Art. 4 has no reopening clause: such a row is refused. */
	{
		static const char bad[] =
			HEAD "BOR,4,new_contamination,2012-05-10,,,https://example.org/b,\n";

		memset(&err, 0, sizeof(err));
		assert_int_equal(pacta_record_load_obligations_csv(f.rec, 0, bad, strlen(bad),
								   "bad.csv", &err),
				 PACTA_ERR_PARSE);
		assert_string_equal(err.where, "bad.csv:2");
		assert_non_null(strstr(err.message, "the rules file has no reopening clause for this"
						    " obligation ('new_contamination')"));
	}
	fx_finish(&f);
	ob = ob_of(&f, "BOR", "5", "2012-05-10");
	assert_status(ob, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2014-05-10");
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_RULE);
	text = explain(&f, "BOR", "5", "2013-01-01");
	assert_has(text, " Mined areas reported on 2012-05-10, after its completion and after the"
			 " deadline of 2009-03-01 had passed, re-opened it; under the decision of"
			 " the Fourth Meeting (Art. 5(1)) the deadline is 2012-05-10 + two years ="
			 " 2014-05-10. On 2013-01-01 it is due by 2014-05-10.");
	free(text);
	assert_status(ob_of(&f, "BOR", "5", "2014-05-11"), PACTA_OBLIGATION_UNKNOWN);
	/* The row's own deadline wins over the clause's. */
	ob = ob_of(&f, "COS", "5", "2013-01-01");
	assert_day(ob.due, "2013-12-31");
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_RECORDED);
	fx_close(&f);
}

/* The explanations of re-opened obligations, in date order with the
 * extensions. */
static void test_explain_reopening(void **state)
{
	struct fx f;
	char *text;

	(void)state;
	open_record(&f);
	text = explain(&f, "FRE", "5", "2022-01-01");
	assert_string_equal(text,
			    "Art. 5(1) (mined areas). Entry into force for Freedonia: 2008-02-01"
			    " (Art. 17(2)). Original deadline: 2008-02-01 + ten years = 2018-02-01."
			    " A source states 2018-02-01, the same. Mined areas reported on"
			    " 2020-06-01, after its completion and after the deadline of 2018-02-01"
			    " had passed, re-opened it; under the decision of the Second Meeting"
			    " (Art. 5(1)) no"
			    " deadline applies to them until an extension sets one. Extended under"
			    " Art. 5(3) to 2023-12-31 by a decision of 2021-12-03. On 2022-01-01 it"
			    " is due by 2023-12-31.");
	free(text);
	text = explain(&f, "FRE", "5", "2021-01-01");
	assert_has(text, " On 2021-01-01 no deadline is in force for it.");
	free(text);
	text = explain(&f, "KRA", "5", "2013-01-01");
	assert_has(text, " Mined areas reported on 2012-05-01 re-opened it, with the deadline the"
			 " record gives for them: 2015-06-01. On 2013-01-01 it is due by"
			 " 2015-06-01.");
	free(text);
	text = explain(&f, "MOL", "4", "2005-01-01");
	assert_has(text, " Mined areas were reported on 2004-05-01, before the deadline in force"
			 " had passed; that deadline still applies. On 2005-01-01 it is due by"
			 " 2005-09-01.");
	free(text);
	fx_close(&f);

	/* Never completed: reported after the deadline, then again while no
	 * deadline was in force. */
	fx_open_obligations(&f, RULES);
	fx_base(&f);
	fx_obligations_csv(&f, HEAD
			   "COS,5,applies,1999-03-01,2009-03-01,,https://example.org/c,\n"
			   "COS,5,new_contamination,2010-01-01,,,https://example.org/c/1,\n"
			   "COS,5,new_contamination,2011-01-01,,,https://example.org/c/2,\n");
	fx_finish(&f);
	text = explain(&f, "COS", "5", "2010-06-01");
	assert_has(text, " Mined areas reported on 2010-01-01, after the deadline of 2009-03-01"
			 " had passed, re-opened it;");
	free(text);
	text = explain(&f, "COS", "5", "2011-06-01");
	assert_has(text, " Mined areas reported on 2011-01-01, while no deadline was in force,"
			 " re-opened it; under the decision of the Second Meeting (Art. 5(1)) no"
			 " deadline applies to them until an extension sets one. On 2011-06-01 no"
			 " deadline is in force for it.");
	free(text);
	fx_close(&f);
}

/* Loads HEAD + good + row as "bad.csv" into a fresh fixture record and
 * checks the error: where is "bad.csv:3", the message has sub, and no
 * event was added. */
static void load_fails(const char *row, const char *sub)
{
	struct fx f;
	pacta_error err;
	char csv[1024];
	int n;

	fx_open_obligations(&f, RULES);
	fx_obligations_csv(&f, HEAD
			   "ARC,4,applies,1999-03-01,2003-03-01,,https://example.org/a,\n");
	assert_int_equal(f.rec->n_obligation_events, 1);
	n = snprintf(csv, sizeof(csv), "%s%s%s\n", HEAD,
		     "ARC,4,completed,2002-06-30,,,https://example.org/a,a good row\n", row);
	assert_true(n > 0 && (size_t)n < sizeof(csv));
	memset(&err, 0, sizeof(err));
	assert_int_not_equal(pacta_record_load_obligations_csv(f.rec, 0, csv, strlen(csv),
							       "bad.csv", &err),
			     PACTA_OK);
	if (strcmp(err.where, "bad.csv:3") != 0 || !strstr(err.message, sub))
		fail_msg("'%s' gave %s: %s (expected bad.csv:3: ...%s...)", row, err.where,
			 err.message, sub);
	assert_int_equal(err.code, PACTA_ERR_PARSE);
	/* All or nothing: the good row 2 is not kept either. */
	assert_int_equal(f.rec->n_obligation_events, 1);
	fx_close(&f);
}

/* Each way an "obligations" list can be wrong names its field. */
static void test_rules_errors(void **state)
{
	static const struct {
		const char *list, *message;
	} cases[] = {
		{"[{}]", "field 'rules.obligations[0].id': missing"},
		{"{}", "field 'rules.obligations': expected a list of up to 16 obligations"},
		{"[{\"id\": \"4\", \"article\": \"4\", \"name\": \"n\", \"kind\": \"soon\","
		 " \"applies\": \"recorded\"}]",
		 "field 'rules.obligations[0].kind': expected \"deadline\", \"annual\" or \"continuing\""},
		{"[{\"id\": \"4\", \"article\": \"4\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"some\", \"delay\": {\"years\": 4}}]",
		 "field 'rules.obligations[0].applies': expected \"all_parties\" or \"recorded\""},
		{"[{\"id\": \"4\", \"article\": \"4\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\"}]",
		 "field 'rules.obligations[0].delay': missing"},
		{"[{\"id\": \"7.2\", \"article\": \"7\", \"name\": \"n\", \"kind\": \"annual\","
		 " \"applies\": \"all_parties\", \"on\": \"02-29\"}]",
		 "field 'rules.obligations[0].on': not a day that every year has"},
		{"[{\"id\": \"7.2\", \"article\": \"7\", \"name\": \"n\", \"kind\": \"annual\","
		 " \"applies\": \"all_parties\", \"on\": \"4-30\"}]",
		 "field 'rules.obligations[0].on': expected \"MM-DD\""},
		{"[{\"id\": \"7.2\", \"article\": \"7\", \"name\": \"n\", \"kind\": \"annual\","
		 " \"applies\": \"all_parties\", \"on\": \"04-30\", \"delay\": {\"days\": 1}}]",
		 "field 'rules.obligations[0].delay': only a deadline has a delay"},
		{"[{\"id\": \"4\", \"article\": \"4\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\", \"delay\": {\"years\": 4}, \"on\": \"04-30\"}]",
		 "field 'rules.obligations[0].on': only an annual obligation has a day"},
		{"[{\"id\": \"3\", \"article\": \"3\", \"name\": \"n\", \"kind\": \"continuing\","
		 " \"applies\": \"recorded\", \"extensions\": {}}]",
		 "field 'rules.obligations[0].extensions': expected an object, on a deadline"},
		{"[{\"id\": \"3\", \"article\": \"3\", \"name\": \"n\", \"kind\": \"continuing\","
		 " \"applies\": \"recorded\"}, {\"id\": \"3\", \"article\": \"3\", \"name\": \"m\","
		 " \"kind\": \"continuing\", \"applies\": \"recorded\"}]",
		 "field 'rules.obligations[1].id': is used twice"},
		{"[{\"id\": \"12345678\", \"article\": \"3\", \"name\": \"n\","
		 " \"kind\": \"continuing\", \"applies\": \"recorded\"}]",
		 "field 'rules.obligations[0].id': must be 1 to 7 characters"},
		{"[{\"id\": \"3\", \"article\": \"3\", \"name\": \"n\", \"kind\": \"continuing\","
		 " \"applies\": \"recorded\", \"when\": 1}]",
		 "field 'rules.obligations[0].when': unknown key"},
		{"[{\"id\": \"7.2\", \"article\": \"7\", \"name\": \"n\", \"kind\": \"annual\","
		 " \"applies\": \"all_parties\", \"on\": \"04-30\", \"reopening\": {}}]",
		 "field 'rules.obligations[0].reopening': expected an object, on a deadline"},
		{"[{\"id\": \"5\", \"article\": \"5\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\", \"delay\": {\"years\": 10}, \"reopening\": true}]",
		 "field 'rules.obligations[0].reopening': expected an object, on a deadline"},
		{"[{\"id\": \"5\", \"article\": \"5\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\", \"delay\": {\"years\": 10},"
		 " \"reopening\": {\"deadline\": \"none\"}}]",
		 "field 'rules.obligations[0].reopening.deadline': unknown key"},
		{"[{\"id\": \"5\", \"article\": \"5\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\", \"delay\": {\"years\": 10},"
		 " \"reopening\": {\"source_url\": \"ftp://example.org\"}}]",
		 "field 'rules.obligations[0].reopening.source_url': not a valid http(s) URL: it does"
		 " not start with http:// or https://"},
		{"[{\"id\": \"5\", \"article\": \"5\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\", \"delay\": {\"years\": 10},"
		 " \"reopening\": {\"decision\": 12}}]",
		 "field 'rules.obligations[0].reopening.decision': expected a string"},
		{"[{\"id\": \"5\", \"article\": \"5\", \"name\": \"n\", \"kind\": \"deadline\","
		 " \"applies\": \"recorded\", \"delay\": {\"years\": 10},"
		 " \"reopening\": {\"delay\": {\"weeks\": 2}}}]",
		 "field 'rules.obligations[0].reopening.delay': unknown unit (use days, months, years,"
		 " first_day_of_month_after or first_day_of_month_following)"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char base[4096], insert[4096], json[8192];
		pacta_error err;
		pacta_record *rec = pacta_record_new();
		fx_rules_text(base, sizeof(base), NULL);
		snprintf(insert, sizeof(insert), "\"obligations\": %s, \"suspension\":",
			 cases[i].list);
		fx_replace(base, "\"suspension\":", insert, json, sizeof(json));
		memset(&err, 0, sizeof(err));
		assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "t.json", &err),
				 PACTA_ERR_PARSE);
		if (strcmp(err.message, cases[i].message) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, err.message, cases[i].message);
		pacta_record_free(rec);
	}
}

static void test_load_errors(void **state)
{
	(void)state;
	load_fails("ARC,6,completed,2002-06-30,,,https://example.org/b,",
		   "column 'article': not an obligation of this treaty's rules file ('6')");
	load_fails("ARC,4,granted,2002-06-30,,,https://example.org/b,",
		   "column 'event': unknown event");
	load_fails("ARC,5,extension_granted,2008-11-28,,,https://example.org/b,",
		   "column 'deadline': an extension needs its new deadline");
	load_fails("ARC,3,retained,2001-12-31,,,https://example.org/b,",
		   "column 'value': a 'retained' row needs the number of mines");
	load_fails("ARC,3,retained,2001-12-31,,12x,https://example.org/b,",
		   "column 'value': expected a whole number ('12x')");
	load_fails("ARC,3,retained,2001-12-31,,-3,https://example.org/b,",
		   "column 'value': expected a whole number ('-3')");
	load_fails("ARC,4,completed,,,,https://example.org/b,",
		   "column 'date': only an 'applies' row may leave the date empty");
	load_fails("ARC,4,completed,2003-02-29,,,https://example.org/b,",
		   "column 'date': expected a real date YYYY-MM-DD or empty ('2003-02-29')");
	load_fails("ARC,5,extension_granted,2008-11-28,2014-02-30,,https://example.org/b,",
		   "column 'deadline': expected a real date YYYY-MM-DD or empty ('2014-02-30')");
	load_fails("ARC,4,completed,2002-06-30,,,ftp://example.org/b,",
		   "column 'source_url': not a valid http(s) URL: it does not start with http:// or https://"
		   " ('ftp://example.org/b')");
	load_fails("ARC,4,completed,2002-06-30,,,https://example.org/a b,",
		   "column 'source_url': not a valid http(s) URL: a space at character 22"
		   " (write it as %20) ('https://example.org/a b')");
	load_fails("ARC,4,completed,2002-06-30,,,,",
		   "column 'source_url': every row needs an http(s) source");
	load_fails("XYZ,4,completed,2002-06-30,,,https://example.org/b,",
		   "column 'state': unknown state code");
	load_fails("ARC,4,completed,2002-06-30,,https://example.org/b,",
		   "7 fields, but the header has 8");
	/* Art. 4 allows no extension: such a row is refused, not ignored. */
	load_fails("ARC,4,extension_granted,2002-12-01,2005-03-01,,https://example.org/b,",
		   "column 'event': the rules file allows no extensions of this obligation");
	/* Nor a request for one; and a request names the deadline asked for. */
	load_fails("ARC,4,extension_requested,2002-12-01,2005-03-01,,https://example.org/b,",
		   "column 'event': the rules file allows no extensions of this obligation"
		   " ('extension_requested')");
	load_fails("ARC,5,extension_requested,2008-03-31,,,https://example.org/b,",
		   "column 'deadline': a request needs the deadline requested");
	/* Newly found areas re-open only an obligation with a reopening
	 * clause. */
	load_fails("ARC,7.1,new_contamination,2002-12-01,,,https://example.org/b,",
		   "column 'event': the rules file has no reopening clause for this obligation");
}

static void test_load_good(void **state)
{
	struct fx f;
	pacta_error err;
	static const char csv[] =
		"state,article,event,date,deadline,value,source_url,note\n"
		"ARC,5,applies,,2009-03-01,,https://example.org/a,\"a note, quoted\"\n"
		"BOR,3,retained,2001-12-31,,0,http://example.org/b,\n";

	(void)state;
	fx_open_obligations(&f, RULES);
	assert_int_equal(pacta_record_load_obligations_csv(f.rec, 0, csv, strlen(csv), "good.csv",
							   &err),
			 PACTA_OK);
	assert_int_equal(f.rec->n_obligation_events, 2);
	assert_string_equal(event(&f, 0)->origin, "good.csv:2");
	assert_string_equal(event(&f, 0)->article, "5");
	assert_int_equal(event(&f, 0)->kind, PACTA_OBL_APPLIES);
	assert_day(event(&f, 0)->date, "");
	assert_day(event(&f, 0)->deadline, "2009-03-01");
	assert_string_equal(event(&f, 0)->note, "a note, quoted");
	assert_string_equal(event(&f, 1)->origin, "good.csv:3");
	assert_int_equal(event(&f, 1)->participant, fx_p(&f, "BOR"));
	assert_int_equal(event(&f, 1)->value, 0);
	assert_day(event(&f, 1)->date, "2001-12-31");
	/* No such treaty. */
	assert_int_equal(pacta_record_load_obligations_csv(f.rec, 5, csv, strlen(csv), "good.csv",
							   &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(f.rec->n_obligation_events, 2);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_fixture_loaded),
		cmocka_unit_test(test_not_yet_due),
		cmocka_unit_test(test_open_overdue_met_late),
		cmocka_unit_test(test_extended_in_order),
		cmocka_unit_test(test_extension_decided_later),
		cmocka_unit_test(test_new_contamination),
		cmocka_unit_test(test_annual_ended),
		cmocka_unit_test(test_ended_by_withdrawal),
		cmocka_unit_test(test_reports),
		cmocka_unit_test(test_date_edges),
		cmocka_unit_test(test_retroactive_succession),
		cmocka_unit_test(test_who_owes_what),
		cmocka_unit_test(test_annual),
		cmocka_unit_test(test_due_days),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_evidence_policy),
		cmocka_unit_test(test_completion_wins),
		cmocka_unit_test(test_extension_requests),
		cmocka_unit_test(test_reopening_clause),
		cmocka_unit_test(test_explain_reopening),
		cmocka_unit_test(test_rules_errors),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_good),
	};

	return cmocka_run_group_tests_name("obligations", tests, NULL, NULL);
}
