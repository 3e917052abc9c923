/*
 * datapackage.c - the record as a Frictionless Tabular Data Package. The
 * schemas are const tables; the rows come from the record, the compiled
 * timelines and the obligations module. Nothing here derives a status.
 */
#include "pacta/datapackage.h"
#include "pacta/obligations.h"
#include "csv.h"
#include "jsontext.h"
#include "zip.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct field_def {
	const char *name, *type, *description;
	bool required;
	const char *pattern; /* or NULL */
} field_def;

typedef struct fk_def {
	const char *field, *resource, *ref;
} fk_def;

typedef struct resource_def {
	const char *name, *title;
	const field_def *fields;
	const char *const *primary_key;
	const fk_def *foreign_keys;
} resource_def;

#define QID "^Q[1-9][0-9]*$"
#define DATE_NOTE " (YYYY-MM-DD)"

static const field_def treaty_fields[] = {
	{"id", "string", "the treaty's id in pacta", true, "^[a-z0-9][a-z0-9-]*$"},
	{"name", "string", "short name", true, NULL},
	{"title", "string", "full title", true, NULL},
	{"adopted", "date", "day of adoption" DATE_NOTE, false, NULL},
	{"depositary", "string", "the depositary", false, NULL},
	{"depositary_ref", "string", "the depositary's reference", false, NULL},
	{"wikidata", "string", "Wikidata item, where known", false, QID},
	{"source_url", "string", "where the treaty and its status are published", true, NULL},
	{NULL, NULL, NULL, false, NULL},
};

static const field_def state_fields[] = {
	{"iso3", "string", "ISO 3166-1 alpha-3 code (or the record's code for a former state or organization)", true, "^[A-Z]{3}$"},
	{"iso2", "string", "ISO 3166-1 alpha-2 code", false, NULL},
	{"numeric", "string", "ISO 3166-1 numeric code", false, NULL},
	{"name", "string", "English short name", true, NULL},
	{"depositary_name", "string", "the name as the depositary prints it", false, NULL},
	{"kind", "string", "state, observer_state, non_member_state, former_state or organization", true, NULL},
	{"un_member_since", "date", "UN membership" DATE_NOTE, false, NULL},
	{"wikidata", "string", "Wikidata item, where known", false, QID},
	{"source_url", "string", "source of the row", true, NULL},
	{NULL, NULL, NULL, false, NULL},
};

static const field_def group_fields[] = {
	{"group", "string", "group id (eu, nato, ...)", true, NULL},
	{"state", "string", "member (states.iso3)", true, NULL},
	{"from", "date", "first day of membership, where known", false, NULL},
	{"to", "date", "last day of membership (inclusive), empty while ongoing", false, NULL},
	{"source_url", "string", "source of the row", true, NULL},
	{"note", "string", "", false, NULL},
	{NULL, NULL, NULL, false, NULL},
};

static const field_def act_fields[] = {
	{"id", "integer", "row number in this file", true, NULL},
	{"treaty", "string", "treaties.id", true, NULL},
	{"state", "string", "states.iso3", true, NULL},
	{"action", "string", "signature, ratification, accession, withdrawal, ... (docs/record.md)", true, NULL},
	{"date", "date", "the act's date; for notifications, receipt by the depositary", true, NULL},
	{"effective", "date", "a stated effective date", false, NULL},
	{"target", "string", "for an objection: the state objected to (states.iso3)", false, NULL},
	{"source_url", "string", "where the act is documented", true, NULL},
	{"note", "string", "", false, NULL},
	{"notification", "string", "the depositary notification's reference (C.N. number)", false, NULL},
	{"circulated", "date", "the day the depositary circulated the notification", false, NULL},
	{"territory", "string", "for a territorial act: the territory (ISO 3166-1 alpha-3 where it has one)", false, NULL},
	{"text", "string", "a declaration's, reservation's or objection's text as the depositary publishes it", false, NULL},
	{NULL, NULL, NULL, false, NULL},
};

static const field_def interval_fields[] = {
	{"treaty", "string", "treaties.id", true, NULL},
	{"state", "string", "states.iso3", true, NULL},
	{"status", "string", "signatory, consented, party, withdrawal_pending, withdrawal_held or withdrawn", true, NULL},
	{"start", "date", "first day of the status", true, NULL},
	{"end", "date", "first day after the status (exclusive); empty while it lasts", false, NULL},
	{"bound", "boolean", "the treaty is in force for the state during the interval", true, NULL},
	{"article", "string", "the article the start date follows from, if any", false, NULL},
	{NULL, NULL, NULL, false, NULL},
};

static const field_def obligation_fields[] = {
	{"treaty", "string", "treaties.id", true, NULL},
	{"state", "string", "states.iso3", true, NULL},
	{"article", "string", "the obligation's id in the rules file", true, NULL},
	{"obligation", "string", "what is owed", true, NULL},
	{"status", "string", "not_yet_due, open, extended, met, overdue, ended or unknown", true, NULL},
	{"starts", "date", "the state's entry into force", false, NULL},
	{"original_due", "date", "due date by the rule", false, NULL},
	{"due", "date", "due date in force on as_of", false, NULL},
	{"met_on", "date", "completion", false, NULL},
	{"overdue_since", "date", "", false, NULL},
	{"ended_on", "date", "withdrawal took effect", false, NULL},
	{"as_of", "date", "the day the row answers for", true, NULL},
	{NULL, NULL, NULL, false, NULL},
};

static const char *const pk_treaties[] = {"id", NULL};
static const char *const pk_states[] = {"iso3", NULL};
static const char *const pk_groups[] = {"group", "state", "from", NULL};
static const char *const pk_acts[] = {"id", NULL};
static const char *const pk_intervals[] = {"treaty", "state", "start", NULL};
static const char *const pk_obligations[] = {"treaty", "state", "article", NULL};

static const fk_def fk_groups[] = {{"state", "states", "iso3"}, {NULL, NULL, NULL}};
static const fk_def fk_acts[] = {{"treaty", "treaties", "id"},
				 {"state", "states", "iso3"},
				 {"target", "states", "iso3"},
				 {NULL, NULL, NULL}};
static const fk_def fk_derived[] = {
	{"treaty", "treaties", "id"}, {"state", "states", "iso3"}, {NULL, NULL, NULL}};
static const fk_def fk_none[] = {{NULL, NULL, NULL}};

static const resource_def resources[] = {
	{"treaties", "Treaties and their final clauses' sources", treaty_fields, pk_treaties, fk_none},
	{"states", "States and other participants", state_fields, pk_states, fk_none},
	{"groups", "Group memberships (EU, NATO, UN regional groups)", group_fields, pk_groups, fk_groups},
	{"acts", "Acts as recorded, each with its source", act_fields, pk_acts, fk_acts},
	{"status_intervals", "Status of each state under each treaty, derived by the treaty's rules",
	 interval_fields, pk_intervals, fk_derived},
	{"obligations", "Obligations of each state under each treaty on as_of, derived",
	 obligation_fields, pk_obligations, fk_derived},
};

#define N_RESOURCES (sizeof(resources) / sizeof(resources[0]))

const char *const pacta_datapackage_resources[] = {
	"treaties", "states", "groups", "acts", "status_intervals", "obligations", NULL,
};

/* ---- Descriptor ---- */

static json_t *schema_json(const resource_def *r)
{
	json_t *fields = json_array(), *pk = json_array(), *fks = json_array();
	json_t *schema = json_pack("{s:o, s:o, s:o, s:[s]}", "fields", fields, "primaryKey", pk,
				   "foreignKeys", fks, "missingValues", "");
	if (!schema)
		return NULL;
	for (const field_def *f = r->fields; f->name; f++) {
		json_t *o = json_pack("{s:s, s:s}", "name", f->name, "type", f->type);
		if (!o || json_array_append_new(fields, o))
			goto fail;
		if (f->description[0])
			json_object_set_new(o, "description", json_string(f->description));
		if (strcmp(f->type, "date") == 0)
			json_object_set_new(o, "format", json_string("default"));
		if (f->required || f->pattern) {
			json_t *c = json_object();
			if (f->required)
				json_object_set_new(c, "required", json_true());
			if (f->pattern)
				json_object_set_new(c, "pattern", json_string(f->pattern));
			json_object_set_new(o, "constraints", c);
		}
		if (strcmp(f->type, "boolean") == 0) {
			json_object_set_new(o, "trueValues", json_pack("[s]", "1"));
			json_object_set_new(o, "falseValues", json_pack("[s]", "0"));
		}
	}
	for (const char *const *k = r->primary_key; *k; k++)
		json_array_append_new(pk, json_string(*k));
	/* The profile wants foreignKeys absent rather than empty. */
	if (!r->foreign_keys[0].field)
		json_object_del(schema, "foreignKeys");
	for (const fk_def *k = r->foreign_keys; k->field; k++)
		json_array_append_new(fks, json_pack("{s:s, s:{s:s, s:s}}", "fields", k->field,
						     "reference", "resource", k->resource,
						     "fields", k->ref));
	return schema;
fail:
	json_decref(schema);
	return NULL;
}

char *pacta_datapackage_descriptor(const pacta_record *rec, pacta_day on)
{
	char day[PACTA_DATE_BUFSZ];
	json_t *sources = json_array(), *res = json_array();
	json_t *root = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}], s:o, s:o}", "profile",
		"tabular-data-package", "name", "pacta-record", "title",
		"pacta: treaty acts, states and derived status", "description",
		"The acts each state performed under each treaty, with sources, and the status and obligations pacta derives from them by each treaty's final clauses.",
		"created", pacta_date_format(on, day), "licenses", "name", "CC-BY-4.0", "path",
		"https://creativecommons.org/licenses/by/4.0/", "title",
		"Creative Commons Attribution 4.0", "sources", sources, "resources", res);
	bool ok = root != NULL;
	for (size_t i = 0; ok && i < rec->n_treaties; i++) {
		const pacta_treaty *tr = &rec->treaties[i];
		const pacta_rules *r = tr->rules;
		ok = json_array_append_new(sources, json_pack("{s:s, s:s}", "title",
							      r->depositary_ref && r->depositary_ref[0] ? r->depositary_ref : tr->name,
							      "path", tr->source_url)) == 0;
	}
	if (ok)
		ok = json_array_append_new(
			     sources, json_pack("{s:s, s:s}", "title", "United Nations member states",
						"path", "https://www.un.org/en/about-us/member-states")) == 0;
	for (size_t i = 0; ok && i < N_RESOURCES; i++) {
		char path[64];
		snprintf(path, sizeof(path), "%s.csv", resources[i].name);
		json_t *schema = schema_json(&resources[i]);
		ok = schema && json_array_append_new(
				       res, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:b, s:b}, s:o}",
						      "name", resources[i].name, "title", resources[i].title,
						      "path", path, "profile", "tabular-data-resource",
						      "format", "csv", "mediatype", "text/csv", "encoding",
						      "utf-8", "dialect", "delimiter", ",", "lineTerminator",
						      "\r\n", "doubleQuote", 1, "header", 1, "schema",
						      schema)) == 0;
	}
	return json_text(root, ok);
}

/* ---- Rows ---- */

static void row(FILE *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		csv_write_field(out, fields[i], false);
	}
	fputs("\r\n", out);
}

static void header(FILE *out, const resource_def *r)
{
	const char *names[CSV_MAX_FIELDS];
	size_t n = 0;
	for (const field_def *f = r->fields; f->name && n < CSV_MAX_FIELDS; f++)
		names[n++] = f->name;
	row(out, names, n);
}

/* Treaty i's Wikidata QID from its rules file, into buf ("" if none). */
static const char *treaty_qid(const pacta_record *rec, size_t i, char *buf, size_t size)
{
	char *text = pacta_treaty_rules_json(rec, i);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	const char *q = json_string_value(json_object_get(j, "wikidata"));
	snprintf(buf, size, "%s", q ? q : "");
	json_decref(j);
	free(text);
	return buf;
}

static pacta_rc write_treaties(const pacta_record *rec, FILE *out)
{
	for (size_t i = 0; i < rec->n_treaties; i++) {
		const pacta_treaty *tr = &rec->treaties[i];
		const pacta_rules *r = tr->rules;
		char d[PACTA_DATE_BUFSZ], q[32];
		const char *f[] = {tr->id, tr->name, tr->title, pacta_date_format(tr->adopted, d),
				   r->depositary, r->depositary_ref,
				   treaty_qid(rec, i, q, sizeof(q)), tr->source_url};
		row(out, f, sizeof(f) / sizeof(f[0]));
	}
	return PACTA_OK;
}

static pacta_rc write_states(const pacta_record *rec, FILE *out)
{
	for (size_t i = 0; i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		char d[PACTA_DATE_BUFSZ];
		const char *f[] = {p->iso3, p->iso2, p->numeric, p->name, p->depositary_name,
				   pacta_kind_name(p->kind), pacta_date_format(p->un_member_since, d),
				   p->wikidata, p->source_url};
		row(out, f, sizeof(f) / sizeof(f[0]));
	}
	return PACTA_OK;
}

static pacta_rc write_groups(const pacta_record *rec, FILE *out)
{
	for (size_t i = 0; i < rec->n_groups; i++) {
		const pacta_group_member *g = &rec->groups[i];
		char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
		/* The record holds [from, to); the package says the last day. */
		pacta_day last = g->to == PACTA_DAY_OPEN || g->to == PACTA_DAY_NONE ? g->to : g->to - 1;
		const char *f[] = {g->group, rec->participants[g->participant].iso3,
				   pacta_date_format(g->from, a), pacta_date_format(last, b),
				   g->source_url, g->note};
		row(out, f, sizeof(f) / sizeof(f[0]));
	}
	return PACTA_OK;
}

/* Treaty by treaty through each one's live acts (a derived version of the
 * record holds dead copies too), numbered in that order. */
static pacta_rc write_acts(const pacta_record *rec, FILE *out)
{
	size_t n = 0;
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		size_t first, last;
		pacta_record_acts_of_treaty(rec, t, &first, &last);
		for (size_t i = first; i < last; i++) {
			const pacta_act *a = &rec->acts[i];
			char id[24], d[PACTA_DATE_BUFSZ], e[PACTA_DATE_BUFSZ], cd[PACTA_DATE_BUFSZ];
			snprintf(id, sizeof(id), "%zu", ++n);
			const char *f[] = {id,
					   rec->treaties[a->treaty].id,
					   rec->participants[a->participant].iso3,
					   pacta_action_name(a->action),
					   pacta_date_format(a->date, d),
					   pacta_date_format(a->effective, e),
					   a->target >= 0 ? rec->participants[a->target].iso3 : "",
					   a->source_url,
					   a->note,
					   a->notification,
					   pacta_date_format(a->circulated, cd),
					   a->territory,
					   a->text};
			row(out, f, sizeof(f) / sizeof(f[0]));
		}
	}
	return PACTA_OK;
}

static pacta_rc write_intervals(const pacta_treaty_status *ts, FILE *out)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const char *treaty = rec->treaties[pacta_treaty_status_treaty(ts)].id;
	for (uint32_t p = 0; p < rec->n_participants; p++) {
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		for (size_t i = 0; i < tl->n_intervals; i++) {
			const pacta_interval *iv = &tl->intervals[i];
			if (iv->status == PACTA_STATUS_NONE)
				continue;
			pacta_derivation d_buf;
			const pacta_derivation *d = pacta_treaty_status_derivation(ts, iv->why, &d_buf);
			char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
			const char *f[] = {treaty,
					   rec->participants[p].iso3,
					   pacta_status_name(iv->status),
					   pacta_date_format(iv->from, a),
					   pacta_date_format(iv->to, b),
					   pacta_status_is_bound(iv->status) ? "1" : "0",
					   d && d->article ? d->article : ""};
			row(out, f, sizeof(f) / sizeof(f[0]));
		}
	}
	return PACTA_OK;
}

static pacta_rc write_obligations(const pacta_treaty_status *ts, pacta_day on, FILE *out,
				  pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const char *treaty = rec->treaties[pacta_treaty_status_treaty(ts)].id;
	pacta_obligation *obs;
	size_t n;
	pacta_rc rc = pacta_obligations_on(ts, on, NULL, 0, &obs, &n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const pacta_obligation *o = &obs[i];
		char d[7][PACTA_DATE_BUFSZ];
		const char *f[] = {treaty,
				   rec->participants[o->participant].iso3,
				   o->rule->id,
				   o->rule->name,
				   pacta_obligation_status_name(o->status),
				   pacta_date_format(o->starts, d[0]),
				   pacta_date_format(o->original_due, d[1]),
				   pacta_date_format(o->due, d[2]),
				   pacta_date_format(o->met_on, d[3]),
				   pacta_date_format(o->overdue_since, d[4]),
				   pacta_date_format(o->ended_on, d[5]),
				   pacta_date_format(on, d[6])};
		row(out, f, sizeof(f) / sizeof(f[0]));
	}
	free(obs);
	return PACTA_OK;
}

/* Per-treaty resources: compile each treaty in turn. */
static pacta_rc write_derived(const pacta_record *rec, bool intervals, pacta_day on, FILE *out,
			      pacta_error *err)
{
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		pacta_treaty_status *ts;
		pacta_rc rc = pacta_status_compile(rec, t, &ts, err);
		if (rc)
			return rc;
		rc = intervals ? write_intervals(ts, out) : write_obligations(ts, on, out, err);
		pacta_treaty_status_free(ts);
		if (rc)
			return rc;
	}
	return PACTA_OK;
}

pacta_rc pacta_datapackage_write_resource(const pacta_record *rec, const char *name,
					  pacta_day on, FILE *out, pacta_error *err)
{
	size_t i = 0;
	while (i < N_RESOURCES && strcmp(resources[i].name, name) != 0)
		i++;
	if (i == N_RESOURCES)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, "resource",
				       "no resource '%s' in the data package", name);
	header(out, &resources[i]);
	pacta_rc rc;
	switch (i) {
	case 0:
		rc = write_treaties(rec, out);
		break;
	case 1:
		rc = write_states(rec, out);
		break;
	case 2:
		rc = write_groups(rec, out);
		break;
	case 3:
		rc = write_acts(rec, out);
		break;
	default:
		rc = write_derived(rec, i == 4, on, out, err);
		break;
	}
	if (rc == PACTA_OK && ferror(out))
		rc = pacta_error_set(err, PACTA_ERR_IO, name, "cannot write the resource");
	return rc;
}

static pacta_rc write_file(const char *dir, const char *file, const pacta_record *rec,
			   const char *resource, const char *text, pacta_day on, pacta_error *err)
{
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, file) >= sizeof(path))
		return pacta_error_set(err, PACTA_ERR_LIMIT, dir, "the directory name is too long");
	FILE *f = fopen(path, "wb");
	if (!f)
		return pacta_error_set(err, PACTA_ERR_IO, path, "cannot create the file: %s",
				       strerror(errno));
	pacta_rc rc = PACTA_OK;
	if (resource)
		rc = pacta_datapackage_write_resource(rec, resource, on, f, err);
	else if (fputs(text, f) == EOF)
		rc = pacta_error_set(err, PACTA_ERR_IO, path, "cannot write the file");
	if (fclose(f) != 0 && rc == PACTA_OK)
		rc = pacta_error_set(err, PACTA_ERR_IO, path, "cannot write the file: %s",
				     strerror(errno));
	if (rc && err && err->code == PACTA_ERR_IO) {
		size_t n = strlen(path) < sizeof(err->where) - 1 ? strlen(path) : sizeof(err->where) - 1;
		memcpy(err->where, path, n);
		err->where[n] = '\0';
	}
	return rc;
}

pacta_rc pacta_datapackage_write(const pacta_record *rec, const char *dir, pacta_day on,
				 pacta_error *err)
{
	struct stat st;
	if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0)
		return pacta_error_set(err, PACTA_ERR_IO, dir, "cannot create the directory: %s",
				       strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return pacta_error_set(err, PACTA_ERR_IO, dir, "not a directory");
	for (size_t i = 0; pacta_datapackage_resources[i]; i++) {
		char file[64];
		snprintf(file, sizeof(file), "%s.csv", pacta_datapackage_resources[i]);
		pacta_rc rc = write_file(dir, file, rec, pacta_datapackage_resources[i], NULL, on, err);
		if (rc)
			return rc;
	}
	char *desc = pacta_datapackage_descriptor(rec, on);
	if (!desc)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	pacta_rc rc = write_file(dir, "datapackage.json", rec, NULL, desc, on, err);
	free(desc);
	return rc;
}

/* One resource's CSV in memory, for the archive. */
static pacta_rc resource_text(const pacta_record *rec, const char *name, pacta_day on,
			      char **text, size_t *len, pacta_error *err)
{
	*text = NULL;
	*len = 0;
	FILE *f = open_memstream(text, len);
	if (!f)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	pacta_rc rc = pacta_datapackage_write_resource(rec, name, on, f, err);
	if (fclose(f) != 0 && rc == PACTA_OK)
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	if (rc != PACTA_OK) {
		free(*text);
		*text = NULL;
		*len = 0;
	}
	return rc;
}

pacta_rc pacta_datapackage_zip(const pacta_record *rec, pacta_day on, char **out, size_t *len,
			       pacta_error *err)
{
	int y, m, d;
	zip_builder z;

	if (!out || !len)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "pacta_datapackage_zip needs out and len");
	*out = NULL;
	*len = 0;
	pacta_date_to_civil(on, &y, &m, &d);
	if (!zip_begin(&z, y, m, d))
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	for (size_t i = 0; pacta_datapackage_resources[i]; i++) {
		char file[64], *text;
		size_t n;
		snprintf(file, sizeof(file), "%s.csv", pacta_datapackage_resources[i]);
		pacta_rc rc = resource_text(rec, pacta_datapackage_resources[i], on, &text, &n, err);
		if (rc != PACTA_OK) {
			zip_free(&z);
			return rc;
		}
		bool ok = zip_add(&z, file, text, n);
		free(text);
		if (!ok) {
			zip_free(&z);
			return pacta_error_set(err, PACTA_ERR_LIMIT, file,
					       "cannot add the file to the archive (out of memory, or past 4 GiB)");
		}
	}
	char *desc = pacta_datapackage_descriptor(rec, on);
	bool ok = desc && zip_add(&z, "datapackage.json", desc, strlen(desc));
	free(desc);
	if (!ok) {
		zip_free(&z);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "datapackage.json", "out of memory");
	}
	if (!zip_finish(&z, out, len))
		return pacta_error_set(err, PACTA_ERR_LIMIT, "", "cannot finish the archive (out of memory, or past 4 GiB)");
	return PACTA_OK;
}
