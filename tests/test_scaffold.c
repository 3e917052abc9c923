/*
 * test_scaffold.c - a new treaty's skeleton (pacta/scaffold.h): which ids it
 * takes, that the rules reader accepts the skeleton as written, and the
 * placeholders found in a rules file's text, by field.
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
#include "pacta/scaffold.h"

static void test_ids(void **state)
{
	(void)state;
	static const char *const good[] = {"att", "a", "ccw-p5", "x-1", "-",
					   "abcdefghijklmnopqrstuvwxyz012345"};
	static const char *const bad[] = {"", "Att", "a b", "a_b", "../x", "a.json",
					  "abcdefghijklmnopqrstuvwxyz0123456", "\xc3\xa9"};
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		assert_true(pacta_treaty_id_ok(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_false(pacta_treaty_id_ok(bad[i]));
		assert_null(pacta_scaffold_rules(bad[i]));
	}
	assert_false(pacta_treaty_id_ok(NULL));
}

struct seen {
	int n;
	char paths[32][64];
};

static void collect(const char *path, const char *value, void *ctx)
{
	struct seen *s = ctx;
	assert_non_null(strstr(value, "TODO"));
	if (s->n < 32)
		snprintf(s->paths[s->n++], sizeof(s->paths[0]), "%s", path);
}

static void test_skeleton_loads(void **state)
{
	(void)state;
	char *text = pacta_scaffold_rules("new-one");
	assert_non_null(text);
	assert_non_null(strstr(text, "\"id\": \"new-one\""));
	assert_non_null(strstr(text, "\"record\": [\"new-one/acts.csv\"]"));
	pacta_record *rec = pacta_record_new();
	assert_non_null(rec);
	pacta_error err = {0};
	assert_int_equal(pacta_record_add_treaty(rec, text, strlen(text), "treaties/new-one.json",
						 &err),
			 PACTA_OK);
	assert_int_equal(rec->n_treaties, 1);
	assert_string_equal(rec->treaties[0].id, "new-one");
	struct seen s = {0};
	assert_int_equal(pacta_scaffold_todos(text, collect, &s), 14);
	assert_int_equal(s.n, 14);
	assert_string_equal(s.paths[0], "name");
	assert_string_equal(s.paths[2], "adopted.place");
	assert_string_equal(s.paths[13], "rules.entry_into_force_later.text");
	assert_int_equal(pacta_scaffold_todos(text, NULL, NULL), 14);
	pacta_record_free(rec);
	free(text);
}

static void test_todos(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(pacta_scaffold_todos("{\"a\": [\"x\", {\"b\": \"TODO here\"}], "
					      "\"c\": 1, \"d\": \"todo is not TODO-less\"}",
					      collect, &s),
			 2);
	assert_string_equal(s.paths[0], "a[1].b");
	assert_string_equal(s.paths[1], "d");
	assert_int_equal(pacta_scaffold_todos("{\"done\": \"all filled in\"}", collect, &s), 0);
	assert_int_equal(pacta_scaffold_todos("{", NULL, NULL), -1);
	assert_int_equal(pacta_scaffold_todos("", NULL, NULL), -1);
	assert_int_equal(pacta_scaffold_todos(NULL, NULL, NULL), -1);
}

static void test_acts_header(void **state)
{
	(void)state;
	const char *h = pacta_scaffold_acts_header();
	assert_int_equal(strncmp(h, "state,action,date,", 18), 0);
	assert_int_equal(h[strlen(h) - 1], '\n');
	pacta_record *rec = pacta_record_new();
	assert_non_null(rec);
	char *text = pacta_scaffold_rules("t");
	assert_non_null(text);
	pacta_error err = {0};
	assert_int_equal(pacta_record_add_treaty(rec, text, strlen(text), "t.json", &err), PACTA_OK);
	/* The header alone is an empty record the acts reader accepts. */
	assert_int_equal(pacta_record_load_acts_csv(rec, 0, h, strlen(h), "t/acts.csv", PACTA_DAY_NONE,
						    &err),
			 PACTA_OK);
	assert_int_equal(rec->n_acts, 0);
	free(text);
	pacta_record_free(rec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_skeleton_loads),
		cmocka_unit_test(test_todos),
		cmocka_unit_test(test_acts_header),
	};

	return cmocka_run_group_tests_name("scaffold", tests, NULL, NULL);
}
