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
#include <stdio.h>
#include <stdlib.h>
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

/* Clauses called name that leave the threshold to each treaty, or give
 * one (so that a treaty may leave it out). */
#define LEFT_CLAUSES(name)                                                \
	"{\"clauses\": \"" name "\", \"depositary\": \"D\", \"rules\": {" \
	" \"consent\": {\"instruments\": [\"ratification\"]},"            \
	" \"entry_into_force\": {\"delay\": {\"days\": 0}}}}"
#define TWO_CLAUSES(name)                                                 \
	"{\"clauses\": \"" name "\", \"depositary\": \"D\", \"rules\": {" \
	" \"consent\": {\"instruments\": [\"ratification\"]},"            \
	" \"entry_into_force\": {\"instruments\": 2, \"delay\": {\"days\": 0}}}}"

/* A record that holds the clauses file json and nothing else. */
static pacta_record *with(const char *json)
{
	pacta_record *rec = pacta_record_new();
	pacta_error err;
	assert_non_null(rec);
	assert_int_equal(pacta_record_add_clauses(rec, json, strlen(json), "clauses.json", &err),
			 PACTA_OK);
	return rec;
}

static pacta_record *with_clauses(void)
{
	return with(CLAUSES);
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
	assert_string_equal(x->rules->withdrawal.article, "14");
	assert_ptr_equal(x->rules->withdrawal.article, y->rules->withdrawal.article);
	assert_ptr_equal(x->rules->obligations, y->rules->obligations);
	assert_int_equal(x->rules->n_obligations, 1);
	assert_string_equal(x->rules->depositary, "The parties");
	assert_true(x->rules->withdrawal_allowed);
	assert_int_equal(x->rules->withdrawal_notice.unit, PACTA_DELAY_MONTHS);
	assert_int_equal(x->rules->entry_into_force_delay.n, 30);
	/* The own fields are each treaty's. */
	assert_string_equal(x->id, "a-1");
	assert_string_equal(y->title, "Agreement a-2 between two states");
	assert_int_equal(x->adopted, pacta_date_from_civil(2001, 2, 3));
	assert_int_equal(x->signature_opened, pacta_date_from_civil(2001, 2, 4));
	assert_int_equal(x->entry_into_force_instruments, 2);
	assert_int_equal(y->entry_into_force_instruments, 3);
	assert_int_equal(x->entry_into_force_stated, PACTA_DAY_NONE);
	assert_int_equal(y->entry_into_force_stated, pacta_date_from_civil(2002, 1, 1));
	assert_non_null(strstr(x->rules_text, "\"clauses\": \"bilateral\""));
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
	pacta_record *rec = with(TWO_CLAUSES("two"));
	add(rec, "{\"id\": \"b\", \"name\": \"B\", \"title\": \"B\", \"clauses\": \"two\","
		 " \"adopted\": {\"date\": \"2001-01-01\"}, \"source_url\": \"https://example.org/b\"}");
	add(rec, "{\"id\": \"c\", \"name\": \"C\", \"title\": \"C\", \"clauses\": \"two\","
		 " \"adopted\": {\"date\": \"2001-01-01\"}, \"source_url\": \"https://example.org/c\","
		 " \"rules\": {\"entry_into_force\": {\"instruments\": 5}}}");
	assert_int_equal(rec->treaties[0].entry_into_force_instruments, 2);
	assert_int_equal(rec->treaties[1].entry_into_force_instruments, 5);
	assert_int_equal(rec->treaties[0].signature_opened, PACTA_DAY_NONE);
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
	assert_string_equal(y->id, "e");
	assert_string_equal(y->origin, "store:treaty e");
	assert_string_equal(y->rules_text, json);
	assert_string_equal(x->name, y->name);
	assert_string_equal(x->title, y->title);
	assert_string_equal(x->source_url, y->source_url);
	assert_int_equal(x->adopted, y->adopted);
	assert_int_equal(x->signature_opened, y->signature_opened);
	assert_int_equal(x->entry_into_force_instruments, 2);
	assert_int_equal(y->entry_into_force_instruments, 2);
	assert_int_equal(x->entry_into_force_stated, y->entry_into_force_stated);
	/* The same rules: the shared clauses' one copy. */
	assert_ptr_equal(x->rules, y->rules);
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

/* t holds own's identity fields. */
static void expect_own_fields(const pacta_treaty *t, const pacta_treaty_own *own)
{
	assert_string_equal(t->id, own->id);
	assert_string_equal(t->name, own->name);
	assert_string_equal(t->title, own->title);
	assert_string_equal(t->clauses, own->clauses);
	assert_string_equal(t->source_url, own->source_url);
	assert_int_equal(t->adopted, own->adopted);
	assert_int_equal(t->signature_opened, own->signature_opened);
	assert_int_equal(t->entry_into_force_instruments, own->entry_into_force_instruments);
	assert_int_equal(t->entry_into_force_stated, own->entry_into_force_stated);
}

/* own's canonical rules file, added from the fields and read by the rules
 * reader: the same treaty either way, the text not kept and given back
 * byte for byte. */
static void expect_rendered(const pacta_treaty_own *fields)
{
	pacta_error err;
	pacta_treaty_own own = *fields;
	char *text = pacta_treaty_own_render(&own);
	assert_non_null(text);
	own.rules_json = text;
	own.rules_json_len = strlen(text);
	own.origin = "store:treaty";
	pacta_record *a = with_clauses(), *b = with_clauses();
	assert_int_equal(pacta_record_add_treaty_own(a, &own, &err), PACTA_OK);
	assert_int_equal(pacta_record_add_treaty(b, text, strlen(text), "t.json", &err), PACTA_OK);
	const pacta_treaty *x = &a->treaties[0], *y = &b->treaties[0];
	assert_null(x->rules_text);
	assert_null(y->rules_text);
	for (const pacta_record *rec = a; rec; rec = rec == a ? b : NULL) {
		char *again = pacta_treaty_rules_json(rec, 0);
		assert_non_null(again);
		assert_string_equal(again, text);
		free(again);
	}
	/* Each holds every field the text was rendered from. */
	expect_own_fields(y, &own);
	expect_own_fields(x, &own);
	free(text);
	pacta_record_free(a);
	pacta_record_free(b);
}

/* A rules file written from a treaty's own fields is not kept, and is the
 * same text when asked for; whatever the fields hold, it reads back. */
static void test_own_rendered(void **state)
{
	(void)state;
	pacta_treaty_own own = {
		.id = "g-1",
		.name = "Agreement g",
		.title = "Agreement g between two states",
		.clauses = "bilateral",
		.adopted = pacta_date_from_civil(2001, 2, 3),
		.signature_opened = pacta_date_from_civil(2001, 2, 4),
		.source_url = "https://example.org/g",
		.entry_into_force_instruments = 2,
		.entry_into_force_stated = PACTA_DAY_NONE,
	};
	char *text = pacta_treaty_own_render(&own);
	assert_string_equal(text, "{\n"
				  "  \"id\": \"g-1\",\n"
				  "  \"name\": \"Agreement g\",\n"
				  "  \"title\": \"Agreement g between two states\",\n"
				  "  \"clauses\": \"bilateral\",\n"
				  "  \"adopted\": {\"date\": \"2001-02-03\"},\n"
				  "  \"opened_for_signature\": {\"date\": \"2001-02-04\"},\n"
				  "  \"source_url\": \"https://example.org/g\",\n"
				  "  \"rules\": {\"entry_into_force\": {\"instruments\": 2}}\n"
				  "}\n");
	free(text);
	expect_rendered(&own);
	/* Quotes, backslashes, control characters and UTF-8 in the strings. */
	own.name = "Agreement \"g\" \\ C:\\ \x01";
	own.title = "Accord entre l'\xc3\x89tat A et l'\xc3\x89tat B\n\t(\xe6\x9d\xa1\xe7\xb4\x84)\r";
	expect_rendered(&own);
	/* Without an opening for signature; a stated entry into force, with
	 * and without a threshold of its own. */
	own.signature_opened = PACTA_DAY_NONE;
	own.entry_into_force_stated = pacta_date_from_civil(2002, 1, 1);
	expect_rendered(&own);
	own.entry_into_force_instruments = 0;
	pacta_treaty_own no_threshold = own;
	assert_null(pacta_treaty_own_render(&(pacta_treaty_own){.id = "x"}));
	/* The bilateral clauses leave the threshold to each treaty. */
	pacta_record *rec = with_clauses();
	pacta_error err;
	no_threshold.rules_json = "{}";
	no_threshold.rules_json_len = 2;
	assert_int_equal(pacta_record_add_treaty_own(rec, &no_threshold, &err), PACTA_ERR_PARSE);
	pacta_record_free(rec);
}

/* A treaty whose rules file is not the canonical rendering of its fields
 * (other spacing, another key, a threshold the clauses already give)
 * keeps its own text, given back byte for byte. */
static void test_own_text_kept(void **state)
{
	(void)state;
	pacta_treaty_own own = {
		.id = "h",
		.name = "Agreement h",
		.title = "Agreement h between two states",
		.clauses = "bilateral",
		.adopted = pacta_date_from_civil(2001, 2, 3),
		.signature_opened = pacta_date_from_civil(2001, 2, 4),
		.source_url = "https://example.org/h",
		.entry_into_force_instruments = 2,
		.entry_into_force_stated = PACTA_DAY_NONE,
		.origin = "store:treaty h",
	};
	char *canonical = pacta_treaty_own_render(&own);
	assert_non_null(canonical);
	size_t n = strlen(canonical);
	char spaced[1024], wikidata[1024];
	/* One more space, and a key the fields do not hold. */
	snprintf(spaced, sizeof(spaced), "%.*s \n}\n", (int)(n - 3), canonical);
	snprintf(wikidata, sizeof(wikidata), "%.*s,\n  \"wikidata\": \"Q1\"\n}\n", (int)(n - 3),
		 canonical);
	const char *texts[] = {spaced, wikidata, OWN("h", ", \"rules\": {\"entry_into_force\":"
							 " {\"instruments\": 2}}")};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		/* Added from its fields, and read by the rules reader. */
		pacta_record *a = with_clauses(), *b = with_clauses();
		pacta_error err;
		own.rules_json = texts[i];
		own.rules_json_len = strlen(texts[i]);
		assert_int_equal(pacta_record_add_treaty_own(a, &own, &err), PACTA_OK);
		add(b, texts[i]);
		for (const pacta_record *rec = a; rec; rec = rec == a ? b : NULL) {
			assert_string_equal(rec->treaties[0].rules_text, texts[i]);
			char *again = pacta_treaty_rules_json(rec, 0);
			assert_string_equal(again, texts[i]);
			free(again);
			assert_null(pacta_treaty_rules_json(rec, 1));
		}
		pacta_record_free(a);
		pacta_record_free(b);
	}
	free(canonical);

	/* A rendering longer than the record compares (1 KiB) is kept, as
	 * it is. */
	char title[1200];
	memset(title, 'x', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	own.title = title;
	char *long_text = pacta_treaty_own_render(&own);
	assert_true(strlen(long_text) > 1024);
	own.rules_json = long_text;
	own.rules_json_len = strlen(long_text);
	pacta_record *kept = with_clauses();
	pacta_error kept_err;
	assert_int_equal(pacta_record_add_treaty_own(kept, &own, &kept_err), PACTA_OK);
	assert_string_equal(kept->treaties[0].rules_text, long_text);
	pacta_record_free(kept);
	free(long_text);
	own.title = "Agreement h between two states";

	/* A threshold the clauses give, stated again in the file: read as
	 * the same treaty, but not its fields' rendering (which leaves it to
	 * the clauses), so kept. */
	pacta_record *rec = with(TWO_CLAUSES("two"));
	own.clauses = "two";
	own.signature_opened = PACTA_DAY_NONE;
	own.entry_into_force_instruments = 2;
	char *restated = pacta_treaty_own_render(&own);
	own.id = "h-left";
	own.entry_into_force_instruments = 0;
	char *left = pacta_treaty_own_render(&own);
	add(rec, restated);
	add(rec, left);
	assert_int_equal(rec->treaties[0].entry_into_force_instruments, 2);
	assert_string_equal(rec->treaties[0].rules_text, restated);
	assert_null(rec->treaties[1].rules_text);
	char *again = pacta_treaty_rules_json(rec, 1);
	assert_string_equal(again, left);
	assert_int_equal(rec->treaties[1].entry_into_force_instruments, 2);
	free(again);
	/* A stated entry into force and the clauses' threshold. */
	own.id = "h-stated";
	own.entry_into_force_stated = pacta_date_from_civil(2002, 1, 1);
	char *stated = pacta_treaty_own_render(&own);
	assert_non_null(strstr(stated, "{\"entry_into_force\": {\"stated\": \"2002-01-01\"}}"));
	add(rec, stated);
	assert_null(rec->treaties[2].rules_text);
	assert_int_equal(rec->treaties[2].entry_into_force_stated, own.entry_into_force_stated);
	again = pacta_treaty_rules_json(rec, 2);
	assert_string_equal(again, stated);
	free(again);
	free(stated);
	free(restated);
	free(left);
	pacta_record_free(rec);
}

/* own (its fields) added with text[0..len) as its rules file: the text is
 * not kept exactly when it is the fields' rendering and at most 1 KiB (the
 * decision as it was made by rendering into a buffer and comparing), and
 * the record gives back what it was given (up to a first NUL, as kept). */
static void expect_decided(const pacta_treaty_own *fields, const char *text, size_t len)
{
	pacta_treaty_own own = *fields;
	char *canonical = pacta_treaty_own_render(&own);
	assert_non_null(canonical);
	bool rendered =
		len <= 1024 && len == strlen(canonical) && memcmp(text, canonical, len) == 0;
	pacta_record *rec = pacta_record_new();
	pacta_error err;
	assert_non_null(rec);
	/* Clauses whose names differ in their last letter. */
	static const char *const sets[] = { LEFT_CLAUSES("bilateral"), LEFT_CLAUSES("bilaterax"),
					    TWO_CLAUSES("two"), TWO_CLAUSES("twx") };
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		assert_int_equal(
			pacta_record_add_clauses(rec, sets[i], strlen(sets[i]), "c.json", &err),
			PACTA_OK);
	/* In a block of its own length, so that a sanitizer sees a read
	 * past its end. */
	char *exact = malloc(len ? len : 1);
	assert_non_null(exact);
	memcpy(exact, text, len);
	own.rules_json = exact;
	own.rules_json_len = len;
	own.origin = "store:treaty";
	assert_int_equal(pacta_record_add_treaty_own(rec, &own, &err), PACTA_OK);
	free(exact);
	const char *kept = rec->treaties[0].rules_text;
	if (rendered) {
		assert_null(kept);
	} else {
		assert_non_null(kept);
		assert_int_equal(strlen(kept), strnlen(text, len));
		assert_memory_equal(kept, text, strlen(kept));
	}
	char *again = pacta_treaty_rules_json(rec, 0);
	assert_non_null(again);
	assert_string_equal(again, rendered ? canonical : kept);
	free(again);
	free(canonical);
	pacta_record_free(rec);
}

static void expect_text_decided(const pacta_treaty_own *fields, const char *text)
{
	expect_decided(fields, text, strlen(text));
}

/* A text that renders other fields than own's: own's text differs from it
 * only where the fields do. */
static void expect_other_fields(const pacta_treaty_own *own, const pacta_treaty_own *other)
{
	char *a = pacta_treaty_own_render(own), *b = pacta_treaty_own_render(other);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_not_equal(a, b);
	expect_text_decided(own, b);
	/* And the other way: the other's fields, own's text. */
	expect_text_decided(other, a);
	free(a);
	free(b);
}

/* Whether a rules file is its fields' rendering is decided as the text
 * is rendered: the same answer as rendering it and comparing, wherever
 * the first difference is, whatever the fields hold. */
static void test_own_text_compared(void **state)
{
	(void)state;
	/* Every section of the rendering, escapes in the strings, UTF-8 in
	 * the title, strings longer than eight bytes and shorter. */
	const pacta_treaty_own full = {
		.id = "k-1",
		.name = "Agreement \"k\" \\ C:\\ \x01",
		.title =
			"Accord entre l'\xc3\x89tat A et l'\xc3\x89tat B\n\t(\xe6\x9d\xa1\xe7\xb4\x84)\r",
		.clauses = "bilateral",
		.adopted = pacta_date_from_civil(2001, 2, 3),
		.signature_opened = pacta_date_from_civil(2001, 2, 4),
		.source_url = "https://example.org/k",
		.entry_into_force_instruments = 12,
		.entry_into_force_stated = pacta_date_from_civil(2002, 1, 1),
	};
	/* The fewest sections: opened on the day it was adopted, the
	 * clauses' threshold, nothing stated, plain strings. */
	const pacta_treaty_own plain = {
		.id = "m",
		.name = "M",
		.title = "Agreement m between two states on the matter",
		.clauses = "two",
		.adopted = pacta_date_from_civil(1999, 12, 31),
		.signature_opened = pacta_date_from_civil(1999, 12, 31),
		.source_url = "https://example.org/m",
		.entry_into_force_instruments = 0,
		.entry_into_force_stated = PACTA_DAY_NONE,
	};
	const pacta_treaty_own *bases[] = { &full, &plain };
	for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		const pacta_treaty_own *own = bases[b];
		char *canonical = pacta_treaty_own_render(own);
		assert_non_null(canonical);
		size_t n = strlen(canonical);
		char *text = malloc(n + 2);
		assert_non_null(text);

		/* The rendering itself; a first and a last byte that differ;
		 * a prefix; an extension, also by a NUL. */
		expect_text_decided(own, canonical);
		memcpy(text, canonical, n + 1);
		text[0] = '[';
		expect_text_decided(own, text);
		memcpy(text, canonical, n + 1);
		text[n - 1] = ' ';
		expect_text_decided(own, text);
		expect_decided(own, canonical, n - 1);
		expect_decided(own, canonical, n / 2);
		expect_decided(own, "", 0);
		memcpy(text, canonical, n);
		text[n] = '\n';
		text[n + 1] = '\0';
		expect_text_decided(own, text);
		text[n] = '\0';
		expect_decided(own, text, n + 1);

		/* Every byte changed, left out, and one more byte before it:
		 * each a first difference at another place (inside an escape,
		 * a word of eight, a date, the number). */
		for (size_t i = 0; i < n; i++) {
			memcpy(text, canonical, n + 1);
			text[i] = (char)(text[i] ^ 0x01);
			expect_decided(own, text, n);
			text[i] = (char)(text[i] ^ 0x41);
			expect_decided(own, text, n);
			memcpy(text, canonical, i);
			memcpy(text + i, canonical + i + 1, n - i);
			expect_decided(own, text, n - 1);
			memcpy(text, canonical, i);
			text[i] = canonical[i] == 'x' ? 'y' : 'x';
			memcpy(text + i + 1, canonical + i, n - i + 1);
			expect_decided(own, text, n + 1);
			expect_decided(own, canonical, i);
		}
		free(text);
		free(canonical);

		/* A text that differs only in one field. */
		pacta_treaty_own other = *own;
		other.id = "k-2";
		expect_other_fields(own, &other);
		other = *own;
		other.name = "Agreement \"k\" \\ C:\\ \x02";
		expect_other_fields(own, &other);
		other = *own;
		other.name = "Agreement k";
		expect_other_fields(own, &other);
		other = *own;
		other.title =
			"Accord entre l'\xc3\x89tat A et l'\xc3\x88tat B\n\t(\xe6\x9d\xa1\xe7\xb4\x84)\r";
		expect_other_fields(own, &other);
		other = *own;
		other.title =
			"Accord entre l'\xc3\x89tat A et l'\xc3\x89tat B\n\t(\xe6\x9d\xa1\xe7\xb4\x85)\r";
		expect_other_fields(own, &other);
		other = *own;
		other.clauses = b == 0 ? "bilaterax" : "twx";
		expect_other_fields(own, &other);
		other = *own;
		other.adopted = own->adopted + 1;
		expect_other_fields(own, &other);
		other = *own;
		other.adopted = pacta_date_from_civil(2101, 2, 3);
		expect_other_fields(own, &other);
		other = *own;
		other.signature_opened = own->signature_opened + 1;
		expect_other_fields(own, &other);
		other = *own;
		other.signature_opened = PACTA_DAY_NONE;
		expect_other_fields(own, &other);
		other = *own;
		other.source_url = "https://example.org/k/";
		expect_other_fields(own, &other);
		other = *own;
		other.entry_into_force_instruments = own->entry_into_force_instruments + 1;
		expect_other_fields(own, &other);
		other = *own;
		other.entry_into_force_stated = pacta_date_from_civil(2002, 1, 2);
		expect_other_fields(own, &other);
		other = *own;
		other.entry_into_force_stated = own->entry_into_force_stated == PACTA_DAY_NONE ?
							pacta_date_from_civil(2002, 1, 1) :
							PACTA_DAY_NONE;
		expect_other_fields(own, &other);
	}

	/* The same characters written otherwise: \u0022 for \", a plain
	 * character escaped, an escape in capitals, a character left
	 * unescaped. */
	char *canonical = pacta_treaty_own_render(&full);
	const char *forms[][2] = {
		{ "\\\"k\\\"", "\\u0022k\\u0022" },
		{ "k-1", "k\\u002d1" },
		{ "A et", "\\u0041 et" },
		{ "A et", "\\u0041et" },
		{ "\\u0001", "\\U0001" },
		{ "\\\\ C", "\\u005c C" },
		{ "\\t", "\t" },
		{ "\\r", "\\u000d" },
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		const char *at = strstr(canonical, forms[i][0]);
		assert_non_null(at);
		size_t before = (size_t)(at - canonical), was = strlen(forms[i][0]);
		char buf[1200];
		int w = snprintf(buf, sizeof(buf), "%.*s%s%s", (int)before, canonical, forms[i][1],
				 at + was);
		assert_true(w > 0 && (size_t)w < sizeof(buf));
		expect_text_decided(&full, buf);
	}
	free(canonical);

	/* Around the 1 KiB a file may be and not be kept: a title that makes
	 * the rendering 1,023, 1,024 and 1,025 bytes. */
	pacta_treaty_own big = plain;
	char title[1100];
	memset(title, 'x', sizeof(title));
	title[0] = '\0';
	big.title = title;
	char *empty = pacta_treaty_own_render(&big);
	size_t base = strlen(empty);
	free(empty);
	for (size_t want = 1023; want <= 1025; want++) {
		memset(title, 'x', want - base);
		title[want - base] = '\0';
		char *t = pacta_treaty_own_render(&big);
		assert_int_equal(strlen(t), want);
		expect_text_decided(&big, t);
		free(t);
	}
}

/* Treaties that name the same clauses point at one copy of them, which
 * stays where it is as more clauses files are added (their list grows and
 * moves: under ASan a copy kept in the list would be read after its
 * free). Each treaty's threshold is its own beside the shared clauses. */
static void test_clauses_shared_in_place(void **state)
{
	(void)state;
	pacta_record *rec = with_clauses();
	add(rec, OWN("a", ", \"rules\": {\"entry_into_force\": {\"instruments\": 2}}"));
	add(rec, OWN("b", ", \"rules\": {\"entry_into_force\": {\"instruments\": 3}}"));
	const pacta_rules *shared = rec->treaties[0].rules;
	assert_ptr_equal(rec->treaties[1].rules, shared);
	assert_int_equal(rec->treaties[0].entry_into_force_instruments, 2);
	assert_int_equal(rec->treaties[1].entry_into_force_instruments, 3);
	pacta_error err;
	for (int i = 0; i < 40; i++) {
		char name[16], json[512];
		snprintf(name, sizeof(name), "more-%d", i);
		snprintf(json, sizeof(json), "{\"clauses\": \"%s\", \"depositary\": \"D%d\", \"rules\": {"
			 " \"consent\": {\"instruments\": [\"ratification\"]},"
			 " \"entry_into_force\": {\"instruments\": %d, \"delay\": {\"days\": 0}}}}",
			 name, i, i + 1);
		assert_int_equal(pacta_record_add_clauses(rec, json, strlen(json), "more.json", &err),
				 PACTA_OK);
	}
	add(rec, OWN("c", ", \"rules\": {\"entry_into_force\": {\"instruments\": 4}}"));
	assert_ptr_equal(rec->treaties[0].rules, shared);
	assert_ptr_equal(rec->treaties[2].rules, shared);
	assert_string_equal(shared->depositary, "The parties");
	assert_string_equal(shared->withdrawal.article, "14");
	assert_int_equal(shared->n_obligations, 1);
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
		cmocka_unit_test(test_own_rendered),
		cmocka_unit_test(test_own_text_kept),
		cmocka_unit_test(test_own_text_compared),
		cmocka_unit_test(test_clauses_shared_in_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
