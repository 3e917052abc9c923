/*
 * test_declarations.c - the depositary's fields of an act (notification,
 * circulation, territory, text): their checks in the library and the
 * loader; and the declarations list: which acts, when each was made (upon
 * signature, upon consent, later), which responses each drew, filtered by
 * state and day.
 */
#include "pacta/declarations.h"

#include "fixture.h"

static void test_fields_checked(void **state)
{
	pacta_act a;
	const char *field;
	char why[160];

	(void)state;
	pacta_act_init(&a);
	assert_int_equal(a.target, -1);
	assert_int_equal(a.circulated, PACTA_DAY_NONE);
	assert_int_equal(a.effective, PACTA_DAY_NONE);
	a.action = PACTA_ACT_WITHDRAWAL;
	a.date = fx_day("2025-06-27");
	a.notification = "C.N.361.2025.TREATIES-XXVI.5";
	a.circulated = fx_day("2025-07-03");
	assert_true(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_string_equal(field, "");
	/* Circulated on the day of receipt is fine, before it is not. */
	a.circulated = a.date;
	assert_true(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	a.circulated = a.date - 1;
	assert_false(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_string_equal(field, "circulated");
	a.circulated = PACTA_DAY_NONE;
	/* A reference is one line. */
	a.notification = "C.N.361.2025\nTREATIES";
	assert_false(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_string_equal(field, "notification");
	char longref[PACTA_NOTIFICATION_MAX + 2];
	memset(longref, 'C', sizeof(longref) - 1);
	longref[sizeof(longref) - 1] = '\0';
	a.notification = longref;
	assert_false(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_string_equal(field, "notification");
	a.notification = "";
	/* A territory only on a territorial act, and there required. */
	a.territory = "FLK";
	assert_false(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_string_equal(field, "territory");
	assert_non_null(strstr(why, "only territorial_application and territorial_exclusion"));
	a.action = PACTA_ACT_TERRITORIAL_APPLICATION;
	assert_true(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	a.action = PACTA_ACT_TERRITORIAL_EXCLUSION;
	assert_true(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	a.territory = "";
	assert_false(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_non_null(strstr(why, "names its territory"));
	a.territory = "Bonaire\tSaba";
	assert_false(pacta_act_fields_ok(&a, &field, why, sizeof(why)));
	assert_string_equal(field, "territory");
}

/* The loader reads the four columns and names the row and column of a bad
 * value. */
static void test_loader_reads_the_fields(void **state)
{
	static const char head[] =
		"state,action,date,effective,target,source_url,note,notification,circulated,"
		"territory,text\n";
	static const struct {
		const char *row;
		const char *message;
	} bad[] = {
		{"ARC,withdrawal,2025-06-27,,,https://example.org/x,,C.N.1,2025-06-01,,\n",
		 "t.csv:2: column 'circulated': a notification is circulated on or after"},
		{"ARC,withdrawal,2025-06-27,,,https://example.org/x,,,2025-13-01,,\n",
		 "t.csv:2: column 'circulated': expected a real date"},
		{"ARC,declaration,2025-06-27,,,https://example.org/x,,,,FLK,\n",
		 "t.csv:2: column 'territory': only territorial_application"},
		{"ARC,territorial_application,2025-06-27,,,https://example.org/x,,,,,\n",
		 "t.csv:2: column 'territory': a territorial_application names its territory"},
	};
	struct fx f;
	pacta_error err;
	char data[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx_open(&f, NULL);
		snprintf(data, sizeof(data), "%s%s", head, bad[i].row);
		assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, data, strlen(data), "t.csv",
							    PACTA_DAY_NONE, &err),
				 PACTA_ERR_PARSE);
		char full[1200];
		snprintf(full, sizeof(full), "%s: %s", err.where, err.message);
		if (!strstr(full, bad[i].message))
			fail_msg("case %zu: '%s' lacks '%s'", i, full, bad[i].message);
		fx_close(&f);
	}
	fx_open(&f, NULL);
	snprintf(data, sizeof(data),
		 "%sARC,territorial_application,2001-12-04,,,https://example.org/x,,"
		 "C.N.9.2001.TREATIES-5,2001-12-10,FLK,\"The Falkland Islands\n(two lines)\"\n",
		 head);
	assert_int_equal(pacta_record_load_acts_csv(f.rec, 0, data, strlen(data), "t.csv",
						    PACTA_DAY_NONE, &err),
			 PACTA_OK);
	assert_int_equal(f.rec->n_acts, 1);
	assert_string_equal(f.rec->acts[0].notification, "C.N.9.2001.TREATIES-5");
	assert_day(f.rec->acts[0].circulated, "2001-12-10");
	assert_string_equal(f.rec->acts[0].territory, "FLK");
	assert_string_equal(f.rec->acts[0].text, "The Falkland Islands\n(two lines)");
	fx_close(&f);
}

/*
 * ARC declares upon signature (1997-12-03), upon ratification (1998-07-01)
 * and later (2005-01-01), and withdraws a declaration in 2007. ELB's
 * communication of 1998-01-01 answers the first; BOR's objection of
 * 1999-01-01 the second; ELB's objection of 2006-01-01 the third. COS
 * extends the treaty to a territory, and later claims to suspend it, to
 * which ARC objects.
 */
static void build(struct fx *f)
{
	fx_open(f, NULL);
	fx_base(f);
	fx_act_depositary(f, "ARC", "declaration", "1997-12-03", NULL, NULL, "Upon signature.");
	fx_act_depositary(f, "ARC", "declaration", "1998-07-01", NULL, NULL, "Upon ratification.");
	fx_act_depositary(f, "ARC", "reservation", "2005-01-01", NULL, NULL, "Later.");
	fx_act_depositary(f, "ARC", "declaration_withdrawal", "2007-01-01", NULL, NULL, "Withdrawn.");
	fx_act_depositary(f, "ELB", "communication", "1998-01-01", "ARC", NULL, "On the signature.");
	fx_act_depositary(f, "BOR", "objection", "1999-01-01", "ARC", NULL, "Objects.");
	fx_act_depositary(f, "ELB", "objection", "2006-01-01", "ARC", NULL, "Objects again.");
	fx_act_depositary(f, "COS", "territorial_application", "2001-12-04", NULL, "FLK", NULL);
	fx_act_depositary(f, "COS", "suspension_claim", "2025-07-16", NULL, NULL, "Suspends.");
	fx_act_depositary(f, "ARC", "objection", "2025-09-01", "COS", NULL, "Not provided for.");
	fx_finish(f);
}

static void test_occasions_and_responses(void **state)
{
	struct fx f;
	pacta_declarations d;
	pacta_error err;
	uint32_t arc;

	(void)state;
	build(&f);
	arc = fx_p(&f, "ARC");
	assert_int_equal(pacta_declarations_list(f.rec, 0, &arc, 1, PACTA_DAY_OPEN - 1, &d, &err),
			 PACTA_OK);
	assert_int_equal(d.n, 5); /* four of its own, one objection to COS */
	assert_int_equal(d.items[4].occasion, PACTA_OCCASION_RESPONSE);
	assert_int_equal(d.items[4].n_responses, 0);
	assert_int_equal(d.items[0].occasion, PACTA_OCCASION_SIGNATURE);
	assert_int_equal(d.items[0].occasion_act, fx_find_act(&f, "ARC", "signature", "1997-12-03"));
	assert_int_equal(d.items[0].n_responses, 1);
	assert_int_equal(d.responses[d.items[0].first_response],
			 fx_find_act(&f, "ELB", "communication", "1998-01-01"));
	assert_int_equal(d.items[1].occasion, PACTA_OCCASION_CONSENT);
	assert_int_equal(d.items[1].occasion_act,
			 fx_find_act(&f, "ARC", "ratification", "1998-07-01"));
	assert_int_equal(d.items[1].n_responses, 1);
	assert_int_equal(d.responses[d.items[1].first_response],
			 fx_find_act(&f, "BOR", "objection", "1999-01-01"));
	assert_int_equal(d.items[2].occasion, PACTA_OCCASION_LATER);
	assert_int_equal(d.items[2].occasion_act, -1);
	assert_int_equal(d.items[2].n_responses, 1);
	assert_int_equal(d.responses[d.items[2].first_response],
			 fx_find_act(&f, "ELB", "objection", "2006-01-01"));
	/* A withdrawal of a declaration draws no responses of its own. */
	assert_int_equal(f.rec->acts[d.items[3].act].action, PACTA_ACT_DECLARATION_WITHDRAWAL);
	assert_int_equal(d.items[3].n_responses, 0);
	assert_string_equal(pacta_occasion_name(d.items[3].occasion), "later");
	pacta_declarations_free(&d);

	/* As of 2005-06-01: the withdrawal and ELB's objection are not yet
	 * made. */
	assert_int_equal(pacta_declarations_list(f.rec, 0, &arc, 1, fx_day("2005-06-01"), &d, &err),
			 PACTA_OK);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.items[2].n_responses, 0);
	pacta_declarations_free(&d);
	fx_close(&f);
}

static void test_every_state_in_order(void **state)
{
	struct fx f;
	pacta_declarations d;
	pacta_error err;
	uint32_t two[2];

	(void)state;
	build(&f);
	assert_int_equal(pacta_declarations_list(f.rec, 0, NULL, 0, PACTA_DAY_OPEN - 1, &d, &err),
			 PACTA_OK);
	assert_int_equal(d.n, 10); /* ARC 5, ELB 2, BOR 1, COS 2 */
	size_t responses = 0;
	for (size_t i = 0; i < d.n; i++) {
		const pacta_act *a = &f.rec->acts[d.items[i].act];
		assert_true(pacta_action_is_declaration(a->action));
		if (a->action == PACTA_ACT_OBJECTION || a->action == PACTA_ACT_COMMUNICATION)
			assert_int_equal(d.items[i].occasion, PACTA_OCCASION_RESPONSE);
		responses += d.items[i].n_responses;
	}
	assert_int_equal(responses, 4);
	pacta_declarations_free(&d);
	/* The states in the order asked: COS first, then ARC. */
	two[0] = fx_p(&f, "COS");
	two[1] = fx_p(&f, "ARC");
	assert_int_equal(pacta_declarations_list(f.rec, 0, two, 2, PACTA_DAY_OPEN - 1, &d, &err),
			 PACTA_OK);
	assert_int_equal(d.n, 7);
	assert_string_equal(f.rec->acts[d.items[0].act].territory, "FLK");
	/* The claim drew ARC's objection, not the territorial act before it. */
	assert_int_equal(d.items[0].n_responses, 0);
	assert_int_equal(f.rec->acts[d.items[1].act].action, PACTA_ACT_SUSPENSION_CLAIM);
	assert_int_equal(d.items[1].n_responses, 1);
	assert_int_equal(d.responses[d.items[1].first_response],
			 fx_find_act(&f, "ARC", "objection", "2025-09-01"));
	assert_int_equal(f.rec->acts[d.items[2].act].participant, two[1]);
	pacta_declarations_free(&d);
	/* No such treaty. */
	assert_int_equal(pacta_declarations_list(f.rec, 7, NULL, 0, PACTA_DAY_OPEN - 1, &d, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(d.n, 0);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields_checked),
		cmocka_unit_test(test_loader_reads_the_fields),
		cmocka_unit_test(test_occasions_and_responses),
		cmocka_unit_test(test_every_state_in_order),
	};
	return cmocka_run_group_tests_name("declarations", tests, NULL, NULL);
}
