/*
 * test_territory.c - whether a treaty applies to one territory of a state:
 * extended from the application's date (never before the state is bound),
 * not yet extended before it, excluded by an exclusion (a later one wins),
 * the whole territory when no act names it; names compared without case;
 * the holder of a territory for the map; and the map's territory shapes.
 */
#include "pacta/map.h"
#include "pacta/territory.h"

#include "fixture.h"

/* ARC (bound 1999-03-01) excludes XXX upon ratification (1998-07-01),
 * extends the treaty to TTT on 2001-12-04, to UUU on 1998-01-01 (before it
 * is bound), and to VVV in 2003, which it excludes again in 2010. */
static void build(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act_depositary(f, "ARC", "territorial_exclusion", "1998-07-01", NULL, "XXX", NULL);
	fx_act_depositary(f, "ARC", "territorial_application", "2001-12-04", NULL, "TTT", NULL);
	fx_act_depositary(f, "ARC", "territorial_application", "1998-01-01", NULL, "UUU", NULL);
	fx_act_depositary(f, "ARC", "territorial_application", "2003-05-05", NULL, "VVV", NULL);
	fx_act_depositary(f, "ARC", "territorial_exclusion", "2010-01-01", NULL, "VVV", NULL);
	fx_finish(f);
}

static pacta_territory_view view(const struct fx *f, const char *iso3, const char *territory,
				 const char *day)
{
	pacta_territory_view v;
	pacta_error err;
	if (pacta_territory_status(f->ts, fx_p(f, iso3), territory, fx_day(day), &v, &err) !=
	    PACTA_OK)
		fail_msg("territory: %s", err.message);
	return v;
}

static void test_views(void **state)
{
	struct fx f;
	pacta_territory_view v;
	pacta_error err;

	(void)state;
	build(&f);
	v = view(&f, "ARC", "TTT", "2000-01-01");
	assert_int_equal(v.basis, PACTA_TERRITORY_NOT_EXTENDED);
	assert_false(v.applies);
	assert_int_equal(v.status, PACTA_STATUS_NONE);
	assert_int_equal(v.act, -1);
	v = view(&f, "ARC", "ttt", "2002-01-01"); /* case does not matter */
	assert_int_equal(v.basis, PACTA_TERRITORY_EXTENDED);
	assert_true(v.applies);
	assert_int_equal(v.status, PACTA_STATUS_PARTY);
	assert_day(v.since, "2001-12-04");
	assert_int_equal(v.act, fx_find_act(&f, "ARC", "territorial_application", "2001-12-04"));
	assert_string_equal(pacta_territory_basis_name(v.basis), "extended");
	/* Extended before the state was bound: applies from its entry into
	 * force. */
	v = view(&f, "ARC", "UUU", "1998-06-01");
	assert_int_equal(v.basis, PACTA_TERRITORY_EXTENDED);
	assert_int_equal(v.status, PACTA_STATUS_SIGNATORY);
	v = view(&f, "ARC", "UUU", "2002-01-01");
	assert_day(v.since, "1999-03-01");
	v = view(&f, "ARC", "XXX", "2002-01-01");
	assert_int_equal(v.basis, PACTA_TERRITORY_EXCLUDED);
	assert_false(v.applies);
	assert_string_equal(pacta_territory_basis_name(v.basis), "excluded");
	/* Extended, then excluded again: the later act wins. */
	assert_true(view(&f, "ARC", "VVV", "2009-12-31").applies);
	assert_false(view(&f, "ARC", "VVV", "2010-01-01").applies);
	/* No act names it: the whole territory, with the state's status. */
	v = view(&f, "ARC", "YYY", "2002-01-01");
	assert_int_equal(v.basis, PACTA_TERRITORY_WHOLE);
	assert_true(v.applies);
	assert_int_equal(v.status, PACTA_STATUS_PARTY);
	assert_day(v.since, "1999-03-01");
	assert_string_equal(pacta_territory_basis_name(v.basis), "whole_territory");
	/* Another state's acts do not count. */
	assert_int_equal(view(&f, "ELB", "TTT", "2002-01-01").basis, PACTA_TERRITORY_WHOLE);
	/* Errors. */
	assert_int_equal(pacta_territory_status(f.ts, 0, "", fx_day("2002-01-01"), &v, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_territory_status(f.ts, 9999, "TTT", fx_day("2002-01-01"), &v, &err),
			 PACTA_ERR_USAGE);
	/* A state's own code is not one of its territories. */
	assert_int_equal(pacta_territory_status(f.ts, 0, "ELB", fx_day("2002-01-01"), &v, &err),
			 PACTA_ERR_USAGE);
	assert_non_null(strstr(err.message, "ELB names a state in the record"));
	/* The holder: the state whose act names it, once made. */
	assert_int_equal(pacta_territory_holder(f.ts, "TTT", fx_day("2002-01-01")),
			 (int32_t)fx_p(&f, "ARC"));
	assert_int_equal(pacta_territory_holder(f.ts, "TTT", fx_day("2000-01-01")), -1);
	assert_int_equal(pacta_territory_holder(f.ts, "YYY", fx_day("2002-01-01")), -1);
	fx_close(&f);
}

static void test_map_draws_territories(void **state)
{
	static const char shapes[] = "pacta-map\t1\t300\t60\n"
				     "a3\tname\tcx\tcy\td\n"
				     "ARC\tArcadia\t10\t10\tM1,1L5,1L5,5Z\n"
				     "TTT\tTerra\t20\t20\tM20,20L25,20L25,25Z\n"
				     "XXX\tEx Isle\t30\t30\t\n"
				     "ZZZ\tNobody\t40\t40\tM40,40L45,40L45,45Z\n";
	struct fx f;
	pacta_map *m = NULL;
	pacta_error err;
	char *text = NULL;

	(void)state;
	build(&f);
	if (pacta_map_parse(shapes, strlen(shapes), "fixture", &m, &err) != PACTA_OK)
		fail_msg("%s", err.message);
	assert_int_equal(pacta_map_write_svg(m, f.ts, fx_day("2002-01-01"), &text, NULL, &err),
			 PACTA_OK);
	assert_non_null(strstr(text, "data-state=\"ARC\" data-territory=\"TTT\" data-status=\"party\""
				     " class=\"state territory st-party\""));
	assert_non_null(strstr(text, "<title>Terra (Arcadia): party since 2001-12-04, extended "
				     "2001-12-04</title>"));
	assert_non_null(strstr(text, "data-state=\"ARC\" data-territory=\"XXX\" data-status=\"none\""));
	assert_non_null(strstr(text, "<title>Ex Isle (Arcadia): not applied, excluded 1998-07-01"
				     "</title></circle>"));
	/* ZZZ is nobody's: background, counted as not in the record. */
	assert_non_null(strstr(text, "Not in the record (1)"));
	free(text);
	/* Before the extension, TTT is nobody's on the map. */
	assert_int_equal(pacta_map_write_svg(m, f.ts, fx_day("2000-01-01"), &text, NULL, &err),
			 PACTA_OK);
	assert_null(strstr(text, "data-territory=\"TTT\""));
	assert_non_null(strstr(text, "Not in the record (2)"));
	free(text);
	pacta_map_free(m);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_map_draws_territories),
	};
	return cmocka_run_group_tests_name("territory", tests, NULL, NULL);
}
