/*
 * test_clauses.c - shared final clauses: a clauses file is parsed once and
 * shared read-only by the treaties that name it; a treaty gives only its
 * own fields (and may set its threshold and stated entry into force); the
 * same treaty added from its own fields (as the store does) is the same
 * treaty; every refusal names the file and the field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pacta/record.h"

#define CLAUSES \
	"{\"clauses\": \"bilateral\", \"depositary\": \"The parties\"," \
	" \"rules\": {" \
	"  \"consent\": {\"article\": \"11\", \"instruments\": [\"ratification\", \"approval\"]}," \
	"  \"entry_into_force\": {\"article\": \"12\", \"delay\": {\"days\": 30}}," \
	"  \"withdrawal\": {\"article\": \"14\", \"notice\": {\"months\": 6}}," \
	"  \"obligations\": [{\"id\": \"7\", \"article\": \"7\", \"name\": \"report\"," \
	"   \"kind\": \"annual\", \"applies\": \"all_parties\", \"on\": \"04-30\"}]}}"

/* A treaty that takes them; %s is what it adds before its last brace. */
#define OWN(id, more) \
	"{\"id\": \"" id "\", \"name\": \"Agreement " id "\"," \
	" \"title\": \"Agreement " id " between two states\", \"clauses\": \"bilateral\"," \
	" \"adopted\": {\"date\": \"2001-02-03\"}, \"opened_for_signature\": {\"date\": \"2001-02-04\"}," \
	" \"source_url\": \"https://example.org/" id "\"" more "}"

static pacta_record *with_clauses(void)
{
	pacta_record *rec = pacta_record_new();
	pacta_error err;
	assert_non_null(rec);
	assert_int_equal(pacta_record_add_clauses(rec, CLAUSES, strlen(CLAUSES), "clauses.json", &err),
			 PACTA_OK);
	return rec;
}

static void add(pacta_record *rec, const char *json)
{
	pacta_error err;
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "t.json", &err), PACTA_OK);
}

/* json must be refused, naming where and saying message; nothing added. */
static void expect_refused(pacta_record *rec, const char *json, const char *where,
			   const char *message)
{
	pacta_error err;
	size_t n = rec->n_treaties;
	memset(&err, 0, sizeof(err));
	assert_int_not_equal(pacta_record_add_treaty(rec, json, strlen(json), "t.json", &err),
			     PACTA_OK);
	assert_string_equal(err.where, where);
	assert_string_equal(err.message, message);
	assert_int_equal(rec->n_treaties, n);
}

static void test_shared_parse(void **state)
{
	(void)state;
	pacta_record *rec = with_clauses();
	add(rec, OWN("a-1", ", \"rules\": {\"entry_into_force\": {\"instruments\": 2}}"));
	add(rec, OWN("a-2", ", \"rules\": {\"entry_into_force\": {\"instruments\": 3,"
			    " \"stated\": \"2002-01-01\"}}"));
	assert_int_equal(rec->n_treaties, 2);
	const pacta_treaty *x = &rec->treaties[0], *y = &rec->treaties[1];
	assert_string_equal(x->clauses, "bilateral");
	assert_ptr_equal(x->clauses, y->clauses);
	/* The clauses are the set's, shared: the same strings, the same
	 * obligations. */
	assert_string_equal(x->rules.withdrawal.article, "14");
	assert_ptr_equal(x->rules.withdrawal.article, y->rules.withdrawal.article);
	assert_ptr_equal(x->rules.obligations, y->rules.obligations);
	assert_int_equal(x->rules.n_obligations, 1);
	assert_string_equal(x->rules.depositary, "The parties");
	assert_true(x->rules.withdrawal_allowed);
	assert_int_equal(x->rules.withdrawal_notice.unit, PACTA_DELAY_MONTHS);
	assert_int_equal(x->rules.entry_into_force_delay.n, 30);
	/* The own fields are each treaty's. */
	assert_string_equal(x->rules.id, "a-1");
	assert_string_equal(y->rules.title, "Agreement a-2 between two states");
	assert_int_equal(x->rules.adopted, pacta_date_from_civil(2001, 2, 3));
	assert_int_equal(x->rules.signature_opened, pacta_date_from_civil(2001, 2, 4));
	assert_int_equal(x->rules.entry_into_force_instruments, 2);
	assert_int_equal(y->rules.entry_into_force_instruments, 3);
	assert_int_equal(x->rules.entry_into_force_stated, PACTA_DAY_NONE);
	assert_int_equal(y->rules.entry_into_force_stated, pacta_date_from_civil(2002, 1, 1));
	assert_non_null(strstr(x->rules_json, "\"clauses\": \"bilateral\""));
	assert_int_equal(pacta_record_n_clauses(rec), 1);
	assert_string_equal(pacta_record_clauses_name(rec, 0), "bilateral");
	assert_string_equal(pacta_record_clauses_json(rec, 0), CLAUSES);
	assert_string_equal(pacta_record_clauses_origin(rec, 0), "clauses.json");
	assert_null(pacta_record_clauses_name(rec, 1));
	pacta_record_free(rec);
}

/* A threshold in the clauses is every treaty's unless one gives its own. */
static void test_threshold_in_clauses(void **state)
{
	(void)state;
	static const char clauses[] =
		"{\"clauses\": \"two\", \"depositary\": \"D\", \"rules\": {"
		" \"consent\": {\"instruments\": [\"ratification\"]},"
		" \"entry_into_force\": {\"instruments\": 2, \"delay\": {\"days\": 0}}}}";
	pacta_record *rec = pacta_record_new();
	pacta_error err;
	assert_int_equal(pacta_record_add_clauses(rec, clauses, strlen(clauses), "c.json", &err),
			 PACTA_OK);
	add(rec, "{\"id\": \"b\", \"name\": \"B\", \"title\": \"B\", \"clauses\": \"two\","
		 " \"adopted\": {\"date\": \"2001-01-01\"}, \"source_url\": \"https://example.org/b\"}");
	add(rec, "{\"id\": \"c\", \"name\": \"C\", \"title\": \"C\", \"clauses\": \"two\","
		 " \"adopted\": {\"date\": \"2001-01-01\"}, \"source_url\": \"https://example.org/c\","
		 " \"rules\": {\"entry_into_force\": {\"instruments\": 5}}}");
	assert_int_equal(rec->treaties[0].rules.entry_into_force_instruments, 2);
	assert_int_equal(rec->treaties[1].rules.entry_into_force_instruments, 5);
	assert_int_equal(rec->treaties[0].rules.signature_opened, PACTA_DAY_NONE);
	pacta_record_free(rec);
}

static void test_refusals(void **state)
{
	(void)state;
	pacta_record *rec = with_clauses();
	expect_refused(rec, "{\"id\": \"z\", \"clauses\": \"multilateral\"}", "t.json",
		       "field 'clauses': no shared clauses called 'multilateral' (a clauses file,"
		       " treaties/clauses/multilateral.json)");
	expect_refused(rec, "{\"id\": \"z\", \"clauses\": 3}", "t.json",
		       "field 'clauses': expected the name of shared clauses");
	expect_refused(rec, OWN("z", ", \"depositary\": \"D\""), "t.json",
		       "field 'depositary': not allowed beside 'clauses' (the shared clauses give it)");
	expect_refused(rec, OWN("z", ", \"rules\": {\"withdrawal\": {\"notice\": {\"days\": 1}}}"),
		       "t.json",
		       "field 'rules.withdrawal': not allowed beside 'clauses' (the shared clauses"
		       " give it; a treaty gives only entry_into_force.instruments and .stated)");
	expect_refused(rec, OWN("z", ", \"rules\": {\"entry_into_force\": {\"delay\": {\"days\": 1}}}"),
		       "t.json",
		       "field 'rules.entry_into_force.delay': not allowed beside 'clauses' (the shared"
		       " clauses give it; a treaty gives only entry_into_force.instruments and .stated)");
	expect_refused(rec, OWN("z", ", \"colour\": \"blue\""), "t.json",
		       "field 'colour': unknown key");
	/* The clauses leave the threshold to each treaty. */
	expect_refused(rec, OWN("z", ""), "t.json",
		       "field 'rules.entry_into_force.instruments': missing (the clauses 'bilateral'"
		       " leave it to each treaty)");
	expect_refused(rec, OWN("z", ", \"rules\": {\"entry_into_force\": {\"instruments\": 0}}"),
		       "t.json",
		       "field 'rules.entry_into_force.instruments': expected a whole number from 1");
	/* The treaty's id is checked as any treaty's. */
	static const char bad_id[] = OWN("Z!", ", \"rules\": {\"entry_into_force\": {\"instruments\": 2}}");
	pacta_error err;
	assert_int_equal(pacta_record_add_treaty(rec, bad_id, strlen(bad_id), "t.json", &err),
			 PACTA_ERR_PARSE);
	assert_non_null(strstr(err.message, "field 'id': "));
	/* A name given twice is refused as for any treaty. */
	add(rec, OWN("y", ", \"rules\": {\"entry_into_force\": {\"instruments\": 2}}"));
	expect_refused(rec, OWN("y", ", \"rules\": {\"entry_into_force\": {\"instruments\": 2}}"),
		       "t.json", "treaty 'y' is defined twice");
	pacta_record_free(rec);
}

/* A clauses file is checked as a rules file is; a name is defined once. */
static void test_clauses_file_refusals(void **state)
{
	(void)state;
	static const struct {
		const char *json, *message;
	} cases[] = {
		{"{\"clauses\": \"x\", \"depositary\": \"D\", \"id\": \"x\", \"rules\": {}}",
		 "field 'id': unknown key"},
		{"{\"depositary\": \"D\", \"rules\": {}}", "field 'clauses': missing"},
		{"{\"clauses\": \"x\", \"rules\": {}}", "field 'depositary': missing"},
		{"{\"clauses\": \"x\", \"depositary\": \"D\"}", "field 'rules': missing or not an object"},
		{"{\"clauses\": \"x\", \"depositary\": \"D\", \"rules\": {"
		 " \"consent\": {\"instruments\": [\"ratification\"]},"
		 " \"entry_into_force\": {\"delay\": {\"days\": 0}}, \"colour\": {}}}",
		 "field 'rules.colour': unknown key"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pacta_record *rec = pacta_record_new();
		pacta_error err;
		memset(&err, 0, sizeof(err));
		assert_int_equal(pacta_record_add_clauses(rec, cases[i].json, strlen(cases[i].json),
							  "c.json", &err),
				 PACTA_ERR_PARSE);
		assert_string_equal(err.where, "c.json");
		assert_string_equal(err.message, cases[i].message);
		assert_int_equal(pacta_record_n_clauses(rec), 0);
		pacta_record_free(rec);
	}
	pacta_record *rec = with_clauses();
	pacta_error err;
	assert_int_equal(pacta_record_add_clauses(rec, CLAUSES, strlen(CLAUSES), "again.json", &err),
			 PACTA_ERR_CHECK);
	assert_string_equal(err.where, "again.json");
	assert_string_equal(err.message, "shared clauses 'bilateral' are defined twice");
	assert_int_equal(pacta_record_n_clauses(rec), 1);
	pacta_record_free(rec);
}

/* Added from its own fields (no parse), a treaty is the one its file
 * gives; its fields are checked as the reader checks them. */
static void test_own_fields(void **state)
{
	(void)state;
	static const char json[] =
		OWN("d", ", \"rules\": {\"entry_into_force\": {\"instruments\": 2}}");
	pacta_record *rec = with_clauses();
	pacta_error err;
	add(rec, json);
	pacta_treaty_own own = {
		.id = "e",
		.name = "Agreement d",
		.title = "Agreement d between two states",
		.clauses = "bilateral",
		.adopted = pacta_date_from_civil(2001, 2, 3),
		.signature_opened = pacta_date_from_civil(2001, 2, 4),
		.source_url = "https://example.org/d",
		.entry_into_force_instruments = 2,
		.entry_into_force_stated = PACTA_DAY_NONE,
		.rules_json = json,
		.rules_json_len = strlen(json),
		.origin = "store:treaty e",
	};
	assert_int_equal(pacta_record_add_treaty_own(rec, &own, &err), PACTA_OK);
	const pacta_treaty *x = &rec->treaties[0], *y = &rec->treaties[1];
	assert_string_equal(y->rules.id, "e");
	assert_string_equal(y->origin, "store:treaty e");
	assert_string_equal(y->rules_json, json);
	pacta_rules a = x->rules, b = y->rules;
	assert_string_equal(a.name, b.name);
	assert_string_equal(a.title, b.title);
	assert_string_equal(a.source_url, b.source_url);
	/* Apart from the strings (copies), the same rules, byte for byte. */
	a.id = b.id = a.name = b.name = a.title = b.title = a.source_url = b.source_url = NULL;
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(pacta_record_treaty_by_id(rec, "e"), 1);

	pacta_treaty_own bad = own;
	bad.id = "f";
	bad.clauses = "none";
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.message, "field 'clauses': no shared clauses called 'none' (a"
					 " clauses file, treaties/clauses/none.json)");
	bad = own;
	bad.id = "F F";
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_PARSE);
	assert_non_null(strstr(err.message, "field 'id': "));
	bad = own;
	bad.id = "f";
	bad.source_url = "ftp://example.org";
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.where, "store:treaty e");
	assert_non_null(strstr(err.message, "field 'source_url': not a valid http(s) URL"));
	bad = own;
	bad.id = "f";
	bad.adopted = PACTA_DAY_NONE;
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.message, "field 'adopted.date': missing");
	bad = own;
	bad.id = "f";
	bad.entry_into_force_instruments = 0;
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.message, "field 'rules.entry_into_force.instruments': missing (the"
					 " clauses 'bilateral' leave it to each treaty)");
	bad = own;
	bad.id = "f";
	bad.rules_json = NULL;
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_USAGE);
	bad = own; /* "e" again */
	assert_int_equal(pacta_record_add_treaty_own(rec, &bad, &err), PACTA_ERR_CHECK);
	assert_string_equal(err.message, "treaty 'e' is defined twice");
	assert_int_equal(rec->n_treaties, 2);
	pacta_record_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_parse),
		cmocka_unit_test(test_threshold_in_clauses),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_clauses_file_refusals),
		cmocka_unit_test(test_own_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
