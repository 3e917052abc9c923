/*
 * many_treaties.c - writes a store whose register is larger than one page
 * of GET /v1/treaties: the bundled record (its participants, treaties and
 * acts) and N more treaties of the shape a treaty series has (two parties,
 * a title each), for the page's test with a large register
 * (tests/web/test_large.py). Treaty K is "reg-K" (zero-padded to four
 * digits), named "Agreement K" and titled "Agreement K on cooperation";
 * the last one's title is not ASCII ("Accord K sur l'Élysée"), and two
 * states (FRA, DEU) consented to it, so that it has parties.
 *
 * usage: many_treaties DATA_DIR N STORE
 * The store is created (an existing file is an error). Exit 0 on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pacta/date.h"
#include "pacta/record.h"
#include "pacta/store.h"

static int fail(const char *what, const pacta_error *err)
{
	fprintf(stderr, "many_treaties: %s: %s: %s\n", what, err->where, err->message);
	return 1;
}

/* Copies src's participants, treaties and acts into dst (same indexes). */
static pacta_rc copy_record(const pacta_record *src, pacta_record *dst, pacta_error *err)
{
	pacta_rc rc = PACTA_OK;
	for (size_t i = 0; rc == PACTA_OK && i < src->n_participants; i++)
		rc = pacta_record_add_participant(dst, &src->participants[i], err);
	for (size_t i = 0; rc == PACTA_OK && i < src->n_treaties; i++) {
		char *json = pacta_treaty_rules_json(src, i);
		rc = json ? pacta_record_add_treaty(dst, json, strlen(json),
						    src->treaties[i].id, err) :
			    PACTA_ERR_NOMEM;
		free(json);
	}
	for (size_t i = 0; rc == PACTA_OK && i < src->n_acts; i++) {
		pacta_act a = src->acts[i];
		a.id = 0;
		rc = pacta_record_add_act(dst, &a, err);
	}
	return rc;
}

static pacta_rc add_treaty(pacta_record *rec, unsigned k, bool last, pacta_error *err)
{
	char json[1024];
	char title[128];
	if (last)
		snprintf(title, sizeof(title), "Accord %04u sur l'\u00c9lys\u00e9e", k);
	else
		snprintf(title, sizeof(title), "Agreement %04u on cooperation", k);
	snprintf(json, sizeof(json),
		 "{\"id\": \"reg-%04u\", \"name\": \"Agreement %04u\", \"title\": \"%s\",\n"
		 " \"adopted\": {\"date\": \"2001-01-01\", \"place\": \"Geneva\"},\n"
		 " \"depositary\": \"The parties\",\n"
		 " \"source_url\": \"https://example.org/register/%04u\",\n"
		 " \"record\": [],\n"
		 " \"rules\": {\n"
		 "  \"consent\": {\"article\": \"Art. 1\", \"text\": \"Ratification.\",\n"
		 "   \"instruments\": [\"ratification\"]},\n"
		 "  \"entry_into_force\": {\"article\": \"Art. 2\", \"text\": \"The second "
		 "instrument.\",\n   \"instruments\": 2, \"delay\": {\"days\": 0}}}}\n",
		 k, k, title, k);
	char origin[32];
	snprintf(origin, sizeof(origin), "reg-%04u", k);
	return pacta_record_add_treaty(rec, json, strlen(json), origin, err);
}

static pacta_rc consent(pacta_record *rec, uint32_t treaty, const char *iso3, pacta_day day,
			pacta_error *err)
{
	int32_t p = pacta_record_participant_by_iso3(rec, iso3);
	if (p < 0)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, iso3, "no such participant");
	pacta_act a;
	pacta_act_init(&a);
	a.treaty = treaty;
	a.participant = (uint32_t)p;
	a.action = PACTA_ACT_RATIFICATION;
	a.date = day;
	a.source_url = "https://example.org/register/acts";
	a.note = "";
	a.origin = "many_treaties";
	a.notification = "";
	a.territory = "";
	a.text = "";
	return pacta_record_add_act(rec, &a, err);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: many_treaties DATA_DIR N STORE\n");
		return 2;
	}
	unsigned n = (unsigned)strtoul(argv[2], NULL, 10);
	pacta_error err;
	pacta_record *bundled = pacta_record_new(), *rec = pacta_record_new();
	pacta_store *st = NULL;
	int rc = 1;
	if (!bundled || !rec)
		goto out;
	if (pacta_record_load_dir(bundled, argv[1], &err) != PACTA_OK) {
		rc = fail("load", &err);
		goto out;
	}
	if (copy_record(bundled, rec, &err) != PACTA_OK) {
		rc = fail("copy", &err);
		goto out;
	}
	for (unsigned k = 0; k < n; k++)
		if (add_treaty(rec, k, k + 1 == n, &err) != PACTA_OK) {
			rc = fail("treaty", &err);
			goto out;
		}
	uint32_t last = (uint32_t)(rec->n_treaties - 1);
	if (consent(rec, last, "FRA", pacta_date_from_civil(2002, 3, 1), &err) != PACTA_OK ||
	    consent(rec, last, "DEU", pacta_date_from_civil(2003, 5, 1), &err) != PACTA_OK ||
	    pacta_record_finish(rec, &err) != PACTA_OK) {
		rc = fail("finish", &err);
		goto out;
	}
	if (pacta_store_open(argv[3], PACTA_STORE_CREATE, &st, &err) != PACTA_OK ||
	    pacta_store_replace(st, rec, "tester", "many treaties", &err) != PACTA_OK) {
		rc = fail("store", &err);
		goto out;
	}
	rc = 0;
out:
	pacta_store_close(st);
	pacta_record_free(rec);
	pacta_record_free(bundled);
	return rc;
}
