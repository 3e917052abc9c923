/*
 * cmd_admin.c - the record itself: treaties, states, init, import, record,
 * check, history. Writes go through the record checks first and land all at
 * once or not at all.
 */
#include "cli.h"
#include "csv.h"
#include "pacta/import.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int cmd_treaties(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "treaties takes no arguments");
	int rc = cli_open(c);
	if (rc)
		return rc;
	if (c->format == OUT_JSON)
		return out_json(pacta_report_treaties_json(c->rec));
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"id", "name", "adopted", "depositary_ref",
						   "source_url"};
		out_csv_row(stdout, head, 5);
	}
	for (size_t i = 0; i < c->rec->n_treaties; i++) {
		const pacta_rules *r = &c->rec->treaties[i].rules;
		char d[PACTA_DATE_BUFSZ];
		pacta_date_format(r->adopted, d);
		if (c->format == OUT_CSV) {
			const char *row[] = {r->id, r->name, d,
					     r->depositary_ref ? r->depositary_ref : "", r->source_url};
			out_csv_row(stdout, row, 5);
		} else {
			printf("%-8s %s (adopted %s; %s)\n", r->id, r->name, d,
			       r->depositary_ref ? r->depositary_ref : r->depositary);
		}
	}
	return EXIT_OK;
}

int cmd_states(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "states takes no arguments");
	int rc = cli_open(c);
	if (rc)
		return rc;
	if (c->format == OUT_JSON)
		return out_json(pacta_report_states_json(c->rec));
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"state", "iso2", "name", "depositary_name",
						   "kind", "wikidata"};
		out_csv_row(stdout, head, 6);
	}
	for (size_t i = 0; i < c->rec->n_participants; i++) {
		const pacta_participant *p = &c->rec->participants[i];
		if (c->format == OUT_CSV) {
			const char *row[] = {p->iso3, p->iso2, p->name, p->depositary_name,
					     pacta_kind_name(p->kind), p->wikidata};
			out_csv_row(stdout, row, 6);
		} else {
			printf("%-4s %-2s %-40.40s %-17s %s\n", p->iso3, p->iso2, p->name,
			       pacta_kind_name(p->kind),
			       strcmp(p->name, p->depositary_name) ? p->depositary_name : "");
		}
	}
	return EXIT_OK;
}

int cmd_init(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "init takes no arguments");
	int rc = cli_init_store(c, c->force);
	if (rc == EXIT_OK)
		fprintf(stderr, "pacta: %s holds the record from %s\n", cli_db_path(c),
			cli_data_dir(c));
	return rc;
}

int cmd_check(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "check takes no arguments");
	pacta_record *rec = NULL;
	int rc = cli_load_bundled(c, &rec, stdout);
	if (rc)
		return rc;
	printf("%zu participants, %zu treaties, %zu acts, %zu armed-conflict periods: no problems\n",
	       rec->n_participants, rec->n_treaties, rec->n_acts, rec->n_conflicts);
	pacta_record_free(rec);
	return EXIT_OK;
}

/* Checks the record with the new acts in it, then appends them (see
 * pacta_import_append), printing each problem. */
static int report_import(cli *c, pacta_rc rc, pacta_diags *problems, pacta_error *err)
{
	for (size_t i = 0; i < problems->n; i++)
		fprintf(stderr, "pacta: %s: %s\n", problems->items[i].where,
			problems->items[i].message);
	pacta_diags_free(problems);
	if (rc == PACTA_OK)
		return EXIT_OK;
	return cli_fail(c, err);
}

static int check_and_append(cli *c, const char *why)
{
	pacta_error err;
	pacta_diags problems = {0};
	pacta_rc rc = pacta_import_append(c->store, c->rec, cli_who(), why, &problems, &err);
	return report_import(c, rc, &problems, &err);
}

int cmd_import(cli *c)
{
	if (c->n_args != 1)
		return cli_usage(c, "import takes one FILE");
	int rc = cli_open(c);
	if (rc)
		return rc;
	int32_t treaty = -1;
	if (c->treaty) {
		uint32_t t;
		if ((rc = cli_treaty(c, c->treaty, &t)))
			return rc;
		treaty = (int32_t)t;
	}
	pacta_error err;
	char *data;
	size_t len, added = 0;
	if (csv_slurp(c->args[0], 64u * 1024u * 1024u, &data, &len, &err) != PACTA_OK)
		return cli_fail(c, &err);
	pacta_diags problems = {0};
	pacta_rc prc = pacta_import_acts_csv(c->store, c->rec, treaty, data, len, c->args[0],
					     cli_who(), c->why ? c->why : "pacta import",
					     &problems, &added, &err);
	free(data);
	if ((rc = report_import(c, prc, &problems, &err))) {
		if (prc == PACTA_ERR_PARSE)
			fprintf(stderr, "pacta: nothing was imported\n");
		return rc;
	}
	fprintf(stderr, "pacta: imported %zu act%s from %s\n", added, added == 1 ? "" : "s",
		c->args[0]);
	return EXIT_OK;
}

int cmd_record(cli *c)
{
	if (c->n_args != 4)
		return cli_usage(c, "record takes TREATY STATE ACTION DATE");
	if (!c->source)
		return cli_usage(c, "every act needs its source: --source URL");
	int rc = cli_open(c);
	if (rc)
		return rc;
	uint32_t t, p;
	if ((rc = cli_treaty(c, c->args[0], &t)) || (rc = cli_state(c, c->args[1], &p)))
		return rc;
	pacta_act a;
	memset(&a, 0, sizeof(a));
	a.treaty = t;
	a.participant = p;
	a.target = -1;
	a.effective = PACTA_DAY_NONE;
	a.recorded = pacta_date_today();
	a.origin = "command line";
	if (!pacta_action_parse(c->args[2], &a.action))
		return cli_usage(c, "unknown action '%s' (see pacta record --help)", c->args[2]);
	if (!pacta_date_parse(c->args[3], strlen(c->args[3]), &a.date))
		return cli_usage(c, "DATE must be a real date YYYY-MM-DD, not '%s'", c->args[3]);
	if (c->effective &&
	    !pacta_date_parse(c->effective, strlen(c->effective), &a.effective))
		return cli_usage(c, "--effective must be a real date YYYY-MM-DD");
	if (c->target) {
		uint32_t tgt;
		if ((rc = cli_state(c, c->target, &tgt)))
			return rc;
		a.target = (int32_t)tgt;
	}
	if (strncmp(c->source, "https://", 8) != 0 && strncmp(c->source, "http://", 7) != 0)
		return cli_usage(c, "--source must be an http(s) URL");
	a.source_url = c->source;
	a.note = c->note ? c->note : "";
	pacta_error err;
	if (pacta_record_add_act(c->rec, &a, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if ((rc = check_and_append(c, c->why ? c->why : "pacta record")))
		return rc;
	fprintf(stderr, "pacta: recorded %s %s %s on %s\n", c->rec->treaties[t].rules.id,
		c->rec->participants[p].iso3, pacta_action_name(a.action), c->args[3]);
	return EXIT_OK;
}

int cmd_history(cli *c)
{
	if (c->n_args)
		return cli_usage(c, "history takes no arguments");
	int rc = cli_open(c);
	if (rc)
		return rc;
	pacta_history_entry *h;
	size_t n;
	pacta_error err;
	if (pacta_store_history(c->store, &h, &n, &err) != PACTA_OK)
		return cli_fail(c, &err);
	if (c->format == OUT_JSON) {
		json_t *root = json_object(), *list = json_array();
		json_object_set_new(root, "history", list);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, json_pack("{s:I,s:s,s:s,s:s,s:I}",
							      "id", (json_int_t)h[i].id,
							      "at", h[i].at, "who", h[i].who,
							      "why", h[i].why,
							      "acts", (json_int_t)h[i].acts));
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(root);
		free(h);
		if (!s)
			return out_json(NULL);
		rc = out_json(s);
		printf("\n");
		return rc;
	}
	if (c->format == OUT_CSV) {
		static const char *const head[] = {"id", "at", "who", "why", "acts"};
		out_csv_row(stdout, head, 5);
	}
	for (size_t i = 0; i < n; i++) {
		char id[24], acts[24];
		snprintf(id, sizeof(id), "%lld", h[i].id);
		snprintf(acts, sizeof(acts), "%lld", h[i].acts);
		if (c->format == OUT_CSV) {
			const char *row[] = {id, h[i].at, h[i].who, h[i].why, acts};
			out_csv_row(stdout, row, 5);
		} else {
			printf("%-4s %s  %-12s %5s acts  %s\n", id, h[i].at, h[i].who, acts, h[i].why);
		}
	}
	free(h);
	return EXIT_OK;
}
