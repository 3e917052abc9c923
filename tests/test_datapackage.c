/*
 * test_datapackage.c - the data package: every resource written with the
 * header its schema declares and one row per record item, the descriptor's
 * keys and licence, treaty QIDs from the rules file, and the errors (an
 * unwritable directory, an unknown resource). The full validation by a
 * Frictionless validator runs in tests/exports/run.sh.
 */
#include "fixture.h"

#include <jansson.h>
#include <unistd.h>

#include "pacta/datapackage.h"
#include "csv.h"

#include <zlib.h>

static void open_story(struct fx *f)
{
	char rules[8192], with_qid[8192];
	fx_rules_text(rules, sizeof(rules), NULL);
	fx_replace(rules, "{\"id\": \"mini\",", "{\"id\": \"mini\", \"wikidata\": \"Q4242\",",
		   with_qid, sizeof(with_qid));
	fx_open_rules(f, with_qid, strlen(with_qid));
	fx_base(f);
	fx_act(f, "ELB", "withdrawal", "2009-07-01", NULL, NULL);
	fx_act(f, "HYR", "accession", "1999-08-15", NULL, NULL);
	fx_finish(f);
}

static char *slurp(const char *dir, const char *file, size_t *len)
{
	char path[1024], *text;
	pacta_error err;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (csv_slurp(path, 1 << 24, &text, len, &err) != PACTA_OK)
		fail_msg("%s: %s", path, err.message);
	return text;
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void rmtree(const char *dir)
{
	char path[1024];
	for (size_t i = 0; pacta_datapackage_resources[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s.csv", dir, pacta_datapackage_resources[i]);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/datapackage.json", dir);
	unlink(path);
	rmdir(dir);
}

static void test_package(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_error err;
	char tmpl[] = "/tmp/pacta-dp-XXXXXX";
	open_story(&f);
	assert_non_null(mkdtemp(tmpl));
	char dir[600];
	snprintf(dir, sizeof(dir), "%s/pkg", tmpl);
	assert_int_equal(pacta_datapackage_write(f.rec, dir, fx_day("2020-01-01"), &err), PACTA_OK);

	size_t len;
	char *desc = slurp(dir, "datapackage.json", &len);
	json_t *j = json_loads(desc, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "profile")),
			    "tabular-data-package");
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(json_object_get(j, "licenses"), 0), "name")),
			    "CC-BY-4.0");
	assert_true(json_array_size(json_object_get(j, "sources")) >= 1);
	json_t *res = json_object_get(j, "resources");
	assert_int_equal(json_array_size(res), 6);
	size_t i;
	json_t *r;
	json_array_foreach(res, i, r) {
		const char *name = json_string_value(json_object_get(r, "name"));
		assert_string_equal(name, pacta_datapackage_resources[i]);
		char file[64];
		snprintf(file, sizeof(file), "%s.csv", name);
		assert_string_equal(json_string_value(json_object_get(r, "path")), file);
		json_t *schema = json_object_get(r, "schema");
		assert_true(json_array_size(json_object_get(schema, "primaryKey")) >= 1);
		/* The header is the schema's field names, in order. */
		char want[1024] = "";
		size_t k;
		json_t *fld;
		json_array_foreach(json_object_get(schema, "fields"), k, fld) {
			if (k)
				strncat(want, ",", sizeof(want) - strlen(want) - 1);
			strncat(want, json_string_value(json_object_get(fld, "name")),
				sizeof(want) - strlen(want) - 1);
		}
		strncat(want, "\r\n", sizeof(want) - strlen(want) - 1);
		char *csv = slurp(dir, file, &len);
		assert_true(strncmp(csv, want, strlen(want)) == 0);
		size_t rows = count_lines(csv) - 1;
		if (strcmp(name, "acts") == 0)
			assert_int_equal(rows, f.rec->n_acts);
		else if (strcmp(name, "states") == 0)
			assert_int_equal(rows, f.rec->n_participants);
		else if (strcmp(name, "treaties") == 0)
			assert_non_null(strstr(csv, ",Q4242,https://example.org/mini\r\n"));
		else if (strcmp(name, "status_intervals") == 0)
			assert_non_null(strstr(csv, "mini,ELB,withdrawn,2010-01-01,,0,20(2)\r\n"));
		free(csv);
	}
	/* Keys: acts point at treaties and states. */
	json_t *fks = json_object_get(json_object_get(json_array_get(res, 3), "schema"),
				      "foreignKeys");
	assert_int_equal(json_array_size(fks), 3);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(json_array_get(fks, 1), "reference"), "resource")),
			    "states");
	json_decref(j);
	free(desc);
	/* Writing again over the same directory replaces the files. */
	assert_int_equal(pacta_datapackage_write(f.rec, dir, fx_day("2020-01-01"), &err), PACTA_OK);
	rmtree(dir);
	rmdir(tmpl);
	fx_close(&f);
}

/* The package as one ZIP: every resource's CSV, then datapackage.json,
 * each entry the file pacta_datapackage_write() writes (by its CRC-32 and
 * size), dated the day asked about; the same day gives the same bytes. */
static unsigned zrd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long zrd32(const unsigned char *p)
{
	return (unsigned long)zrd16(p) | (unsigned long)zrd16(p + 2) << 16;
}

static void test_zip(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_error err;
	char tmpl[] = "/tmp/pacta-dp-XXXXXX", dir[600];
	char *zip = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	open_story(&f);
	assert_non_null(mkdtemp(tmpl));
	snprintf(dir, sizeof(dir), "%s/pkg", tmpl);
	assert_int_equal(pacta_datapackage_write(f.rec, dir, fx_day("2020-01-01"), &err), PACTA_OK);
	assert_int_equal(pacta_datapackage_zip(f.rec, fx_day("2020-01-01"), &zip, &n, &err), PACTA_OK);
	assert_int_equal(pacta_datapackage_zip(f.rec, fx_day("2020-01-01"), &again, &n2, &err), PACTA_OK);
	assert_int_equal(n, n2);
	assert_memory_equal(zip, again, n);
	const unsigned char *u = (const unsigned char *)zip;
	size_t pos = 0;
	for (size_t i = 0; i <= 6; i++) {
		char file[64];
		if (i < 6)
			snprintf(file, sizeof(file), "%s.csv", pacta_datapackage_resources[i]);
		else
			snprintf(file, sizeof(file), "datapackage.json");
		assert_true(pos + 30 < n);
		assert_int_equal(zrd32(u + pos), 0x04034b50);
		assert_int_equal(zrd16(u + pos + 12), ((2020 - 1980) << 9) | (1 << 5) | 1);
		size_t name_len = zrd16(u + pos + 26);
		assert_int_equal(name_len, strlen(file));
		assert_memory_equal(u + pos + 30, file, name_len);
		size_t len;
		char *text = slurp(dir, file, &len);
		assert_int_equal(zrd32(u + pos + 22), len);
		assert_int_equal(zrd32(u + pos + 14), crc32(0, (const Bytef *)text, (uInt)len));
		free(text);
		pos += 30 + name_len + zrd16(u + pos + 28) + zrd32(u + pos + 18);
	}
	assert_int_equal(zrd32(u + pos), 0x02014b50); /* then the central directory */
	assert_int_equal(pacta_datapackage_zip(f.rec, fx_day("2020-01-01"), NULL, &n, &err), PACTA_ERR_USAGE);
	free(zip);
	free(again);
	rmtree(dir);
	rmdir(tmpl);
	fx_close(&f);
}

static void test_errors(void **state)
{
	(void)state;
	struct fx f = {0};
	pacta_error err;
	char tmpl[] = "/tmp/pacta-dp-XXXXXX";
	open_story(&f);
	assert_non_null(mkdtemp(tmpl));
	char file[600], dir[700];
	snprintf(file, sizeof(file), "%s/a-file", tmpl);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	/* A directory under a file, and a file where the directory should be. */
	snprintf(dir, sizeof(dir), "%s/sub", file);
	assert_int_equal(pacta_datapackage_write(f.rec, dir, fx_day("2020-01-01"), &err), PACTA_ERR_IO);
	assert_string_equal(err.where, dir);
	assert_int_equal(pacta_datapackage_write(f.rec, file, fx_day("2020-01-01"), &err), PACTA_ERR_IO);
	assert_non_null(strstr(err.message, "not a directory"));
	snprintf(dir, sizeof(dir), "%s/no/such/parent", tmpl);
	assert_int_equal(pacta_datapackage_write(f.rec, dir, fx_day("2020-01-01"), &err), PACTA_ERR_IO);
	unlink(file);
	rmdir(tmpl);
	FILE *null = fopen("/dev/null", "w");
	assert_int_equal(pacta_datapackage_write_resource(f.rec, "nothing", fx_day("2020-01-01"), null, &err),
			 PACTA_ERR_NOTFOUND);
	fclose(null);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_zip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
