/*
 * scaffold.c - the rules-file skeleton of a new treaty and the placeholders
 * left in a rules file. The skeleton holds no treaty's law: its numbers are
 * placeholders, each beside a "TODO" that says what to put there.
 */
#include "pacta/scaffold.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pacta_treaty_id_problem(const char *id)
{
	if (!id)
		id = "";
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return "use lower-case letters, digits and '-' only";
	size_t n = strlen(id);
	if (n < 1 || n > 32)
		return "must be 1 to 32 characters";
	return NULL;
}

bool pacta_treaty_id_ok(const char *id)
{
	return pacta_treaty_id_problem(id) == NULL;
}

/* Both %s are the id, which is safe in JSON as it is (letters, digits, '-'). */
static const char skeleton[] =
	"{\n"
	"  \"id\": \"%s\",\n"
	"  \"name\": \"TODO: the treaty's short name, used in every answer\",\n"
	"  \"title\": \"TODO: the treaty's full title\",\n"
	"  \"adopted\": {\"date\": \"1900-01-01\", \"place\": \"TODO: where it was adopted; the date "
	"beside it is a placeholder too\"},\n"
	"  \"depositary\": \"TODO: who receives the instruments\",\n"
	"  \"source_url\": \"https://example.org/TODO-where-the-text-and-status-are-published\",\n"
	"  \"note\": \"TODO: written by pacta new-treaty. Replace every TODO from the treaty's final "
	"clauses (docs/adding-a-treaty.md, docs/rules.md), including adopted.date and the numbers "
	"of entry_into_force; add the clauses the treaty has (opened_for_signature, withdrawal, "
	"provisional_application, reservations); then replace this note with where the article "
	"texts come from.\",\n"
	"  \"record\": [\"%s/acts.csv\"],\n"
	"  \"rules\": {\n"
	"    \"signature\": {\"article\": \"TODO\", \"text\": \"TODO: quote the signature clause; "
	"say when signature closes (closes_at_entry_into_force or open_until), or remove this "
	"clause if the treaty has no signature\"},\n"
	"    \"consent\": {\n"
	"      \"article\": \"TODO\",\n"
	"      \"text\": \"TODO: quote the clause; keep in instruments only the kinds it names\",\n"
	"      \"instruments\": [\"ratification\", \"acceptance\", \"approval\", \"accession\"]\n"
	"    },\n"
	"    \"entry_into_force\": {\n"
	"      \"article\": \"TODO\",\n"
	"      \"text\": \"TODO: quote the clause; set instruments (the Nth instrument) and delay "
	"from it, and counts if it leaves some kinds out\",\n"
	"      \"instruments\": 1,\n"
	"      \"delay\": {\"days\": 0}\n"
	"    },\n"
	"    \"entry_into_force_later\": {\n"
	"      \"article\": \"TODO\",\n"
	"      \"text\": \"TODO: quote the clause for states that consent later; after is "
	"nth_instrument or entry_into_force, as its words say\",\n"
	"      \"after\": \"entry_into_force\",\n"
	"      \"delay\": {\"days\": 0}\n"
	"    }\n"
	"  }\n"
	"}\n";

char *pacta_scaffold_rules(const char *id)
{
	if (!pacta_treaty_id_ok(id))
		return NULL;
	size_t size = sizeof(skeleton) + 2 * strlen(id);
	char *out = malloc(size);
	if (!out)
		return NULL;
	snprintf(out, size, skeleton, id, id);
	return out;
}

const char *pacta_scaffold_acts_header(void)
{
	return "state,action,date,effective,target,source_url,note,notification,circulated,"
	       "territory,text\n";
}

static long walk(const json_t *v, char *path, size_t len, size_t cap,
		 void (*found)(const char *, const char *, void *), void *ctx)
{
	long n = 0;
	if (json_is_string(v)) {
		if (strstr(json_string_value(v), "TODO")) {
			if (found)
				found(path, json_string_value(v), ctx);
			n++;
		}
	} else if (json_is_object(v)) {
		const char *key;
		json_t *child;
		json_object_foreach((json_t *)v, key, child) {
			int w = snprintf(path + len, cap - len, "%s%s", len ? "." : "", key);
			size_t l = w < 0 || (size_t)w >= cap - len ? cap - 1 : len + (size_t)w;
			n += walk(child, path, l, cap, found, ctx);
			path[len] = '\0';
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *child;
		json_array_foreach(v, i, child) {
			int w = snprintf(path + len, cap - len, "[%zu]", i);
			size_t l = w < 0 || (size_t)w >= cap - len ? cap - 1 : len + (size_t)w;
			n += walk(child, path, l, cap, found, ctx);
			path[len] = '\0';
		}
	}
	return n;
}

long pacta_scaffold_todos(const char *rules_json,
			  void (*found)(const char *path, const char *value, void *ctx), void *ctx)
{
	/* The file's own order, so that the list reads as the file does. */
	json_t *root = json_loads(rules_json ? rules_json : "", JSON_PRESERVE_ORDER, NULL);
	if (!root)
		return -1;
	char path[512] = "";
	long n = walk(root, path, 0, sizeof(path), found, ctx);
	json_decref(root);
	return n;
}
