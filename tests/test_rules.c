/*
 * test_rules.c - the rules-file reader and the delay arithmetic: every
 * refusal names the field (or line:column for JSON syntax) and leaves the
 * record without the treaty; a full file reads back field by field; absent
 * clauses take their documented defaults; delays apply and describe
 * themselves for each unit.
 */
#include "csv.h"
#include "fixture.h"

/* The fixture's rules with a record list, as one line of JSON. */
static void base_text(char *buf, size_t size)
{
	char json[4096];

	fx_rules_text(json, sizeof(json), NULL);
	fx_replace(json, "\"rules\": {",
		   "\"record\": [\"mini/acts.csv\", \"mini/domestic.csv\"], \"rules\": {", buf, size);
}

/* A minimal valid file: identity, consent and entry into force only. */
#define MINIMAL \
	"{\"id\": \"t-1\", \"name\": \"T\", \"title\": \"Treaty T\"," \
	" \"adopted\": {\"date\": \"2000-01-01\"}, \"depositary\": \"D\"," \
	" \"source_url\": \"https://example.org/t\"," \
	" \"rules\": {\"consent\": {\"instruments\": [\"ratification\"]}," \
	" \"entry_into_force\": {\"instruments\": 2, \"delay\": {\"days\": 30}}}}"

/* Adding json must fail with code, where and message exactly, and leave
 * the record without a treaty. */
static void expect_refused_code(const char *json, pacta_rc code, const char *where,
				const char *message)
{
	pacta_record *rec = pacta_record_new();
	pacta_error err;

	assert_non_null(rec);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "bad.json", &err),
			 code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.where, where);
	assert_string_equal(err.message, message);
	assert_int_equal(rec->n_treaties, 0);
	pacta_record_free(rec);
}

static void expect_refused(const char *json, const char *where, const char *message)
{
	expect_refused_code(json, PACTA_ERR_PARSE, where, message);
}

/* The base text with one replacement must be refused with message. */
static void expect_edit_refused(const char *from, const char *to, const char *message)
{
	char base[4096], json[4096];

	base_text(base, sizeof(base));
	fx_replace(base, from, to, json, sizeof(json));
	expect_refused(json, "bad.json", message);
}

static void test_not_json(void **state)
{
	(void)state;
	expect_refused("{\"id\": \"a\",\n  \"name\": oops}", "bad.json:2:14",
		       "invalid token near 'oops'");
	expect_refused("", "bad.json:1:0", "'[' or '{' expected near end of file");
	expect_refused("{\"id\": \"a\"} x", "bad.json:1:13", "end of file expected near 'x'");
	expect_refused("[1, 2]", "bad.json", "field '(top)': expected an object");
}

static void test_duplicate_keys(void **state)
{
	char base[4096], json[4096];
	pacta_record *rec = pacta_record_new();
	pacta_error err;

	(void)state;
	expect_refused("{\"id\": \"a\", \"id\": \"b\"}", "bad.json:1:16",
		       "duplicate object key near '\"id\"'");
	/* Nested, on the third line. */
	expect_refused("{\"id\": \"a\",\n \"rules\": {\n  \"consent\": {\"article\": \"1\","
		       " \"article\": \"2\"}}}", "bad.json:3:39",
		       "duplicate object key near '\"article\"'");
	/* In the full file, the message names the key. */
	base_text(base, sizeof(base));
	fx_replace(base, "\"reservations\": {\"article\": \"19\",",
		   "\"reservations\": {\"article\": \"19\", \"article\": \"19bis\",", json,
		   sizeof(json));
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "bad.json", &err),
			 PACTA_ERR_PARSE);
	assert_int_equal(strncmp(err.where, "bad.json:1:", 11), 0);
	assert_string_equal(err.message, "duplicate object key near '\"article\"'");
	pacta_record_free(rec);
}

static void test_unknown_keys(void **state)
{
	(void)state;
	expect_edit_refused("\"title\":", "\"colour\": \"red\", \"title\":",
			    "field 'colour': unknown key");
	expect_edit_refused("\"rules\": {", "\"rules\": {\"renewal\": {},",
			    "field 'rules.renewal': unknown key");
	expect_edit_refused("\"notice\": {\"months\": 6}", "\"notice\": {\"months\": 6}, \"grace\": 1",
			    "field 'rules.withdrawal.grace': unknown key");
	expect_edit_refused("\"instruments\": 3,", "\"instrument\": 3,",
			    "field 'rules.entry_into_force.instrument': unknown key");
	expect_edit_refused("\"text\": \"Not before the end of the armed conflict.\"",
			    "\"until\": \"peace\"",
			    "field 'rules.withdrawal.held_during_armed_conflict.until': unknown key");
	expect_edit_refused("\"place\": \"Oslo\"", "\"city\": \"Oslo\"",
			    "field 'adopted.city': unknown key");
}

/* titles: the UN's six languages only, each with a title and its source. */
static void test_titles(void **state)
{
	(void)state;
	expect_edit_refused("\"title\":", "\"titles\": {\"de\": {}}, \"title\":",
			    "field 'titles.de': unknown key");
	expect_edit_refused("\"title\":", "\"titles\": [], \"title\":",
			    "field 'titles': expected an object of languages (en, fr, es, ar, zh, ru)");
	expect_edit_refused("\"title\":",
			    "\"titles\": {\"fr\": {\"title\": \"Convention\"}}, \"title\":",
			    "field 'titles.fr.source_url': missing");
	expect_edit_refused("\"title\":",
			    "\"titles\": {\"fr\": {\"source_url\": \"https://example.org/\"}}, \"title\":",
			    "field 'titles.fr.title': missing");
	expect_edit_refused("\"title\":",
			    "\"titles\": {\"ru\": {\"title\": \"T\", \"source_url\": \"ftp://x\"}}, \"title\":",
			    "field 'titles.ru.source_url': not a valid http(s) URL: it does not start with "
			    "http:// or https://");
	expect_edit_refused("\"title\":",
			    "\"titles\": {\"es\": {\"title\": \"T\", \"source_url\": \"https://example.org/\", \"lang\": \"es\"}}, \"title\":",
			    "field 'titles.es.lang': unknown key");
}

static void test_bad_delays(void **state)
{
	char json[4096];
	static const char *const expected_one =
		"field 'rules.withdrawal.notice': expected one of {\"days\": N}, {\"months\": N},"
		" {\"years\": N}, {\"first_day_of_month_after\": N},"
		" {\"first_day_of_month_following\": N}";

	(void)state;
	expect_edit_refused("{\"months\": 6}", "{\"weeks\": 26}",
			    "field 'rules.withdrawal.notice': unknown unit (use days, months, years,"
			    " first_day_of_month_after or first_day_of_month_following)");
	expect_edit_refused("{\"months\": 6}", "{\"months\": -6}",
			    "field 'rules.withdrawal.notice': expected a whole number from 0 to 1200");
	expect_edit_refused("{\"months\": 6}", "{\"months\": 1201}",
			    "field 'rules.withdrawal.notice': expected a whole number from 0 to 1200");
	expect_edit_refused("{\"months\": 6}", "{\"months\": \"6\"}",
			    "field 'rules.withdrawal.notice': expected a whole number from 0 to 1200");
	expect_edit_refused("{\"months\": 6}", "{\"months\": 6.5}",
			    "field 'rules.withdrawal.notice': expected a whole number from 0 to 1200");
	expect_edit_refused("{\"months\": 6}", "{\"months\": 6, \"days\": 1}", expected_one);
	expect_edit_refused("{\"months\": 6}", "{}", expected_one);
	expect_edit_refused("{\"months\": 6}", "6", expected_one);
	expect_edit_refused("\"notice\": {\"months\": 6}, ", "",
			    "field 'rules.withdrawal.notice': missing");
	fx_rules_text(json, sizeof(json), "{\"instruments\": 3,"
		      " \"delay\": {\"first_day_of_month_after\": -1}}");
	expect_refused(json, "bad.json",
		       "field 'rules.entry_into_force.delay': expected a whole number from 0 to 1200");
	fx_rules_text(json, sizeof(json), "{\"instruments\": 3}");
	expect_refused(json, "bad.json", "field 'rules.entry_into_force.delay': missing");
}

static void test_consent_clause(void **state)
{
	char json[1024];

	(void)state;
	/* Missing altogether. */
	fx_replace(MINIMAL, "\"consent\": {\"instruments\": [\"ratification\"]}, ", "", json,
		   sizeof(json));
	expect_refused(json, "bad.json", "field 'rules.consent': missing");
	fx_replace(MINIMAL, "[\"ratification\"]", "[]", json, sizeof(json));
	expect_refused(json, "bad.json", "field 'rules.consent.instruments': missing or empty");
	fx_replace(MINIMAL, "{\"instruments\": [\"ratification\"]}", "{}", json, sizeof(json));
	expect_refused(json, "bad.json", "field 'rules.consent.instruments': missing or empty");
	fx_replace(MINIMAL, "[\"ratification\"]", "\"ratification\"", json, sizeof(json));
	expect_refused(json, "bad.json", "field 'rules.consent.instruments': expected a list of"
		       " action names");
	/* A signature, a withdrawal, a declaration are not consent. */
	expect_edit_refused("\"instruments\": [\"ratification\",",
			    "\"instruments\": [\"signature\", \"ratification\",",
			    "field 'rules.consent.instruments': lists an action that is not a"
			    " consent instrument");
	expect_edit_refused("\"approval\",", "\"withdrawal\",",
			    "field 'rules.consent.instruments': lists an action that is not a"
			    " consent instrument");
	expect_edit_refused("\"approval\",", "\"ratifikation\",",
			    "field 'rules.consent.instruments': unknown action name");
	expect_edit_refused("\"approval\",", "7,",
			    "field 'rules.consent.instruments': unknown action name");
	expect_edit_refused("\"requires_signature\": [\"ratification\"",
			    "\"requires_signature\": [\"ratifcation\"",
			    "field 'rules.consent.requires_signature': unknown action name");
	fx_replace(MINIMAL, "{\"instruments\": [\"ratification\"]}", "[\"ratification\"]", json,
		   sizeof(json));
	expect_refused(json, "bad.json", "field 'rules.consent': expected an object");
}

static void test_bad_values(void **state)
{
	char json[1024];

	(void)state;
	/* Dates. */
	expect_edit_refused("1997-09-18", "1997-02-30",
			    "field 'adopted.date': expected a date YYYY-MM-DD");
	expect_edit_refused("1997-12-03", "3 Dec 1997",
			    "field 'opened_for_signature.date': expected a date YYYY-MM-DD");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": 3, \"stated\": \"1999-3-1\",",
			    "field 'rules.entry_into_force.stated': expected a date YYYY-MM-DD");
	expect_edit_refused("{\"date\": \"1997-09-18\", \"place\": \"Oslo\"}", "{\"place\": \"Oslo\"}",
			    "field 'adopted.date': missing");
	fx_replace(MINIMAL, "\"adopted\": {\"date\": \"2000-01-01\"}, ", "", json, sizeof(json));
	expect_refused(json, "bad.json",
		       "field 'adopted': expected {\"date\": ..., \"place\": ...}");
	/* The id. */
	expect_edit_refused("\"id\": \"mini\"", "\"id\": \"Mini\"",
			    "field 'id': use lower-case letters, digits and '-' only");
	expect_edit_refused("\"id\": \"mini\"", "\"id\": \"mini_1\"",
			    "field 'id': use lower-case letters, digits and '-' only");
	expect_edit_refused("\"id\": \"mini\"", "\"id\": \"\"",
			    "field 'id': must be 1 to 32 characters");
	expect_edit_refused("\"id\": \"mini\"",
			    "\"id\": \"abcdefghijklmnopqrstuvwxyz0123456\"",
			    "field 'id': must be 1 to 32 characters");
	expect_edit_refused("\"id\": \"mini\", ", "", "field 'id': missing");
	/* Types and required strings. */
	expect_edit_refused("\"name\": \"Mini Convention\"", "\"name\": 5",
			    "field 'name': expected a string");
	expect_edit_refused("\"title\": \"Convention on the Prohibition of Miniature Mines\", ", "",
			    "field 'title': missing");
	expect_edit_refused("\"closes_at_entry_into_force\": true",
			    "\"closes_at_entry_into_force\": \"yes\"",
			    "field 'rules.signature.closes_at_entry_into_force': expected true or"
			    " false");
	expect_edit_refused("\"allowed\": false", "\"allowed\": 0",
			    "field 'rules.reservations.allowed': expected true or false");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": 0,",
			    "field 'rules.entry_into_force.instruments': expected a whole number"
			    " from 1");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": \"3\",",
			    "field 'rules.entry_into_force.instruments': expected a whole number"
			    " from 1");
	expect_edit_refused("\"entry_into_force_later\": {", "\"entry_into_force_later\": {\"after\": \"nth\",",
			    "field 'rules.entry_into_force_later.after': expected"
			    " \"nth_instrument\" or \"entry_into_force\"");
	expect_edit_refused("\"entry_into_force_later\": {", "\"entry_into_force_later\": {\"after\": 40,",
			    "field 'rules.entry_into_force_later.after': expected a string");
	expect_edit_refused("\"entry_into_force_later\": {", "\"entry_into_force_later\": {\"afer\": \"nth_instrument\",",
			    "field 'rules.entry_into_force_later.afer': unknown key");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": 3, \"counts\": [\"signature\"],",
			    "field 'rules.entry_into_force.counts': lists an instrument that"
			    " rules.consent.instruments does not");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": 3, \"counts\": [],",
			    "field 'rules.entry_into_force.counts': expected a non-empty list");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": 3, \"counts\": [\"ratify\"],",
			    "field 'rules.entry_into_force.counts': unknown action name");
	expect_edit_refused("\"instruments\": 3,", "\"instruments\": 3, \"counts\": \"ratification\",",
			    "field 'rules.entry_into_force.counts': expected a list of action names");
	expect_edit_refused("\"effective\": \"stated\"", "\"effective\": \"maybe\"",
			    "field 'rules.succession.effective': expected \"stated\" or"
			    " \"computed\"");
	fx_replace(MINIMAL, "\"rules\": {", "\"rules\": {\"withdrawal\": {\"notice\": {\"days\": 1},"
		   " \"held_during_armed_conflict\": true}, ", json, sizeof(json));
	expect_refused(json, "bad.json",
		       "field 'rules.withdrawal.held_during_armed_conflict': expected an object");
	expect_edit_refused("\"article\": \"18\"", "\"article\": 18",
			    "field 'rules.provisional_application.article': expected a string");
	fx_replace(MINIMAL, "\"rules\": {", "\"rules\": 1, \"note\": {", json, sizeof(json));
	expect_refused(json, "bad.json", "field 'rules': missing or not an object");
	fx_replace(MINIMAL, ", \"rules\": {\"consent\": {\"instruments\": [\"ratification\"]},"
		   " \"entry_into_force\": {\"instruments\": 2, \"delay\": {\"days\": 30}}}", "",
		   json, sizeof(json));
	expect_refused(json, "bad.json", "field 'rules': missing or not an object");
}

static void test_record_paths(void **state)
{
	static const char *const msg =
		"field 'record': each entry must be a relative path inside the data directory";

	(void)state;
	expect_edit_refused("\"mini/acts.csv\"", "\"../secrets.csv\"", msg);
	expect_edit_refused("\"mini/acts.csv\"", "\"mini/../../etc/passwd\"", msg);
	expect_edit_refused("\"mini/acts.csv\"", "\"/etc/passwd\"", msg);
	expect_edit_refused("\"mini/acts.csv\"", "\"\"", msg);
	expect_edit_refused("\"mini/acts.csv\"", "42", msg);
	expect_edit_refused("[\"mini/acts.csv\", \"mini/domestic.csv\"]", "\"mini/acts.csv\"",
			    "field 'record': expected a list of up to 32 file paths");
}

static void test_limits_and_duplicates(void **state)
{
	size_t n = 1024 * 1024 + 1;
	char *big = malloc(n + 1);
	pacta_record *rec = pacta_record_new();
	pacta_error err;
	char json[4096];

	(void)state;
	assert_non_null(big);
	memset(big, ' ', n);
	big[n] = '\0';
	big[0] = '{';
	big[n - 1] = '}';
	assert_int_equal(pacta_record_add_treaty(rec, big, n, "big.json", &err), PACTA_ERR_LIMIT);
	assert_string_equal(err.where, "big.json");
	assert_string_equal(err.message, "rules file is larger than 1048576 bytes");
	free(big);

	/* The same id twice. */
	base_text(json, sizeof(json));
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "a.json", &err),
			 PACTA_OK);
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "b.json", &err),
			 PACTA_ERR_CHECK);
	assert_string_equal(err.where, "b.json");
	assert_string_equal(err.message, "treaty 'mini' is defined twice");
	assert_int_equal(rec->n_treaties, 1);
	assert_int_equal(pacta_record_treaty_by_id(rec, "MINI"), 0);
	assert_int_equal(pacta_record_treaty_by_id(rec, "maxi"), -1);
	pacta_record_free(rec);
}

/* Every field of the fixture's file, read back. */
static void test_round_trip(void **state)
{
	pacta_record *rec = pacta_record_new();
	const pacta_treaty *t;
	const pacta_rules *r;
	pacta_error err;
	char json[4096];
	uint32_t consent = (1u << PACTA_ACT_RATIFICATION) | (1u << PACTA_ACT_ACCEPTANCE) |
			   (1u << PACTA_ACT_APPROVAL) | (1u << PACTA_ACT_ACCESSION) |
			   (1u << PACTA_ACT_SUCCESSION);

	(void)state;
	base_text(json, sizeof(json));
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "treaties/mini.json",
						 &err), PACTA_OK);
	assert_int_equal(rec->n_treaties, 1);
	t = &rec->treaties[0];
	r = t->rules;
	assert_string_equal(t->rules_text, json);
	assert_string_equal(t->origin, "treaties/mini.json");
	assert_int_equal(t->files->n_record_files, 2);
	assert_string_equal(t->files->record_files[0], "mini/acts.csv");
	assert_string_equal(t->files->record_files[1], "mini/domestic.csv");

	assert_string_equal(t->id, "mini");
	assert_string_equal(t->name, "Mini Convention");
	assert_string_equal(t->title, "Convention on the Prohibition of Miniature Mines");
	assert_day(t->adopted, "1997-09-18");
	assert_string_equal(t->adopted_place, "Oslo");
	assert_day(t->signature_opened, "1997-12-03");
	assert_string_equal(t->signature_place, "Ottawa");
	assert_string_equal(r->depositary, "Secretary-General of the United Nations");
	assert_string_equal(r->depositary_ref, "test chapter");
	assert_string_equal(t->source_url, "https://example.org/mini");

	assert_string_equal(r->signature.article, "15");
	assert_string_equal(r->signature.text, "Open for signature until its entry into force.");
	assert_true(r->signature_closes_at_entry_into_force);

	assert_string_equal(r->consent.article, "16");
	assert_null(r->consent.text);
	assert_int_equal(r->consent_actions, consent);
	assert_int_equal(r->consent_requires_signature,
			 (1u << PACTA_ACT_RATIFICATION) | (1u << PACTA_ACT_ACCEPTANCE) |
			 (1u << PACTA_ACT_APPROVAL));
	assert_true(r->accession_only_by_non_signatories);

	assert_string_equal(r->entry_into_force.article, "17(1)");
	assert_int_equal(t->entry_into_force_instruments, 3);
	assert_int_equal(r->entry_into_force_delay.unit, PACTA_DELAY_FIRST_OF_MONTH);
	assert_int_equal(r->entry_into_force_delay.n, 6);
	assert_true(t->entry_into_force_stated == PACTA_DAY_NONE);
	assert_string_equal(r->entry_into_force_later.article, "17(2)");
	assert_int_equal(r->entry_into_force_later_delay.unit, PACTA_DELAY_FIRST_OF_MONTH);
	assert_int_equal(r->entry_into_force_later_delay.n, 6);

	assert_null(r->succession.article);
	assert_string_equal(r->succession.text,
			    "A succession takes effect from the date of the succession of States.");
	assert_true(r->succession_effective_stated);
	assert_true(r->provisional_application_allowed);
	assert_string_equal(r->provisional_application.article, "18");
	assert_string_equal(r->provisional_application.text,
			    "Applied provisionally pending entry into force.");
	assert_false(r->reservations_allowed);
	assert_string_equal(r->reservations.article, "19");

	assert_true(r->withdrawal_allowed);
	assert_string_equal(r->withdrawal.article, "20(2)");
	assert_int_equal(r->withdrawal_notice.unit, PACTA_DELAY_MONTHS);
	assert_int_equal(r->withdrawal_notice.n, 6);
	assert_true(r->withdrawal_held_during_armed_conflict);
	assert_string_equal(r->armed_conflict.article, "20(3)");
	assert_string_equal(r->armed_conflict.text, "Not before the end of the armed conflict.");
	assert_null(r->suspension.article);
	assert_string_equal(r->suspension.text, "The Convention has no suspension clause.");
	pacta_record_free(rec);
}

/* "after" of the later-depositor rule: either event, null as absent. */
static void test_later_after(void **state)
{
	static const struct {
		const char *value;
		pacta_later_after want;
	} cases[] = {
		{ "\"nth_instrument\"", PACTA_LATER_AFTER_NTH_INSTRUMENT },
		{ "\"entry_into_force\"", PACTA_LATER_AFTER_ENTRY_INTO_FORCE },
		{ "null", PACTA_LATER_AFTER_NTH_INSTRUMENT },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char base[4096], json[4096], edit[128];
		pacta_record *rec = pacta_record_new();
		pacta_error err;

		base_text(base, sizeof(base));
		snprintf(edit, sizeof(edit), "\"entry_into_force_later\": {\"after\": %s,",
			 cases[i].value);
		fx_replace(base, "\"entry_into_force_later\": {", edit, json, sizeof(json));
		assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "t.json", &err),
				 PACTA_OK);
		assert_int_equal(rec->treaties[0].rules->entry_into_force_later_after,
				 cases[i].want);
		pacta_record_free(rec);
	}
}

/* Absent clauses take the documented defaults; null is absent. */
static void test_defaults(void **state)
{
	pacta_record *rec = pacta_record_new();
	const pacta_rules *r;
	pacta_error err;
	char json[1024];

	(void)state;
	fx_replace(MINIMAL, "\"depositary\": \"D\",",
		   "\"depositary\": \"D\", \"depositary_ref\": null, \"note\": \"kept\","
		   " \"wikidata\": \"Q1\", \"depositary_counts\": {\"any\": [1]},", json, sizeof(json));
	assert_int_equal(pacta_record_add_treaty(rec, json, strlen(json), "t.json", &err),
			 PACTA_OK);
	r = rec->treaties[0].rules;
	assert_string_equal(rec->treaties[0].id, "t-1");
	assert_null(r->depositary_ref);
	assert_null(rec->treaties[0].adopted_place);
	assert_true(rec->treaties[0].signature_opened == PACTA_DAY_NONE);
	assert_null(rec->treaties[0].signature_place);
	assert_null(r->signature.article);
	assert_false(r->signature_closes_at_entry_into_force);
	assert_int_equal(r->consent_actions, 1u << PACTA_ACT_RATIFICATION);
	assert_int_equal(r->consent_requires_signature, 0);
	assert_false(r->accession_only_by_non_signatories);
	assert_null(r->entry_into_force.article);
	assert_int_equal(rec->treaties[0].entry_into_force_instruments, 2);
	assert_int_equal(r->entry_into_force_delay.unit, PACTA_DELAY_DAYS);
	assert_int_equal(r->entry_into_force_delay.n, 30);
	/* Later deposits: the treaty's own delay. */
	assert_int_equal(r->entry_into_force_later_delay.unit, PACTA_DELAY_DAYS);
	assert_int_equal(r->entry_into_force_later_delay.n, 30);
	assert_int_equal(r->entry_into_force_later_after, PACTA_LATER_AFTER_NTH_INSTRUMENT);
	/* Every consent instrument counts towards the threshold. */
	assert_int_equal(r->entry_into_force_counts, r->consent_actions);
	assert_false(r->succession_effective_stated);
	assert_false(r->provisional_application_allowed);
	assert_true(r->reservations_allowed);
	assert_false(r->withdrawal_allowed);
	assert_false(r->withdrawal_held_during_armed_conflict);
	assert_int_equal(r->withdrawal_notice.unit, PACTA_DELAY_NONE);
	assert_int_equal(rec->treaties[0].files->n_record_files, 0);
	assert_null(rec->treaties[0].files->record_files);
	pacta_record_free(rec);
}

/* The Mine Ban Convention's own rules file. */
static void test_bundled_rules_file(void **state)
{
	const char *root = getenv("PACTA_SOURCE_ROOT");
	char path[4096];
	char *data = NULL;
	size_t len = 0;
	pacta_record *rec = pacta_record_new();
	const pacta_rules *r;
	pacta_error err;

	(void)state;
	assert_non_null(root);
	snprintf(path, sizeof(path), "%s/data/treaties/apmbc.json", root);
	assert_int_equal(csv_slurp(path, 1024 * 1024, &data, &len, &err), PACTA_OK);
	assert_int_equal(pacta_record_add_treaty(rec, data, len, "treaties/apmbc.json", &err),
			 PACTA_OK);
	r = rec->treaties[0].rules;
	assert_string_equal(rec->treaties[0].id, "apmbc");
	assert_day(rec->treaties[0].adopted, "1997-09-18");
	assert_day(rec->treaties[0].signature_opened, "1997-12-03");
	assert_int_equal(rec->treaties[0].entry_into_force_instruments, 40);
	assert_string_equal(r->entry_into_force.article, "17(1)");
	assert_string_equal(r->entry_into_force_later.article, "17(2)");
	assert_int_equal(r->entry_into_force_later_delay.unit, PACTA_DELAY_FIRST_OF_MONTH);
	assert_int_equal(r->entry_into_force_later_delay.n, 6);
	/* Art. 17(2): "after the date of the deposit of the 40th instrument". */
	assert_int_equal(r->entry_into_force_later_after, PACTA_LATER_AFTER_NTH_INSTRUMENT);
	assert_string_equal(r->withdrawal.article, "20(3)");
	assert_int_equal(r->withdrawal_notice.unit, PACTA_DELAY_MONTHS);
	assert_int_equal(r->withdrawal_notice.n, 6);
	assert_true(r->withdrawal_held_during_armed_conflict);
	assert_false(r->reservations_allowed);
	assert_true(r->succession_effective_stated);
	assert_int_equal(rec->treaties[0].files->n_record_files, 2);
	assert_string_equal(rec->treaties[0].files->record_files[0], "apmbc/acts.csv");
	free(data);
	pacta_record_free(rec);
}

static void expect_delay(pacta_delay_unit unit, int n, const char *base, const char *result,
			 const char *words)
{
	pacta_delay d = { unit, n };
	char buf[80];

	assert_day(pacta_delay_apply(d, fx_day(base)), result);
	assert_string_equal(pacta_delay_describe(d, buf, sizeof(buf)), words);
	/* The sentinels pass through whatever the delay. */
	assert_true(pacta_delay_apply(d, PACTA_DAY_NONE) == PACTA_DAY_NONE);
	assert_true(pacta_delay_apply(d, PACTA_DAY_OPEN) == PACTA_DAY_OPEN);
}

/* Ordinals as explanations and summaries print them. */
static void test_ordinals(void **state)
{
	static const struct {
		int n;
		const char *want;
	} cases[] = {
		{ 1, "1st" }, { 2, "2nd" }, { 3, "3rd" }, { 4, "4th" }, { 11, "11th" },
		{ 12, "12th" }, { 13, "13th" }, { 21, "21st" }, { 22, "22nd" }, { 23, "23rd" },
		{ 40, "40th" }, { 101, "101st" }, { 111, "111th" }, { 112, "112th" },
		{ 113, "113th" }, { 1001, "1001st" },
	};
	char buf[24];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(pacta_ordinal(cases[i].n, buf, sizeof(buf)), cases[i].want);
}

static void test_delays(void **state)
{
	pacta_delay d = { PACTA_DELAY_FIRST_OF_MONTH, 6 };
	char small[8];

	(void)state;
	expect_delay(PACTA_DELAY_NONE, 0, "2025-06-27", "2025-06-27", "on");
	expect_delay(PACTA_DELAY_DAYS, 1, "2024-02-28", "2024-02-29", "one day after");
	expect_delay(PACTA_DELAY_DAYS, 30, "2024-12-15", "2025-01-14", "30 days after");
	expect_delay(PACTA_DELAY_DAYS, 0, "2024-12-15", "2024-12-15", "zero days after");
	expect_delay(PACTA_DELAY_MONTHS, 6, "2025-06-27", "2025-12-27", "six months after");
	expect_delay(PACTA_DELAY_MONTHS, 6, "2025-08-31", "2026-02-28", "six months after");
	expect_delay(PACTA_DELAY_MONTHS, 6, "2023-08-31", "2024-02-29", "six months after");
	expect_delay(PACTA_DELAY_MONTHS, 1, "2025-01-31", "2025-02-28", "one month after");
	expect_delay(PACTA_DELAY_MONTHS, 12, "2025-01-31", "2026-01-31", "twelve months after");
	expect_delay(PACTA_DELAY_YEARS, 1, "2024-02-29", "2025-02-28", "one year after");
	expect_delay(PACTA_DELAY_YEARS, 4, "2024-02-29", "2028-02-29", "four years after");
	expect_delay(PACTA_DELAY_YEARS, 15, "1999-03-01", "2014-03-01", "15 years after");
	expect_delay(PACTA_DELAY_FIRST_OF_MONTH, 6, "1998-09-16", "1999-03-01",
		     "the first day of the sixth month after");
	expect_delay(PACTA_DELAY_FIRST_OF_MONTH, 6, "1998-09-30", "1999-03-01",
		     "the first day of the sixth month after");
	expect_delay(PACTA_DELAY_FIRST_OF_MONTH, 6, "1998-11-13", "1999-05-01",
		     "the first day of the sixth month after");
	expect_delay(PACTA_DELAY_FIRST_OF_MONTH, 1, "2025-12-31", "2026-01-01",
		     "the first day of the first month after");
	expect_delay(PACTA_DELAY_FIRST_OF_MONTH, 13, "2025-01-01", "2026-02-01",
		     "the first day of month 13 after");
	/* A short buffer is cut and terminated. */
	assert_string_equal(pacta_delay_describe(d, small, sizeof(small)), "the fir");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_bad_delays),
		cmocka_unit_test(test_consent_clause),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_record_paths),
		cmocka_unit_test(test_limits_and_duplicates),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_later_after),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bundled_rules_file),
		cmocka_unit_test(test_ordinals),
		cmocka_unit_test(test_delays),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
