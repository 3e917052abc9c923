/*
 * test_store.c - the SQLite store: a small record is written, read back and
 * compared field by field; acts are appended and the history checked; the
 * file is reopened; a database of schema version 1 is migrated; and the
 * refusals are exercised (missing file, a file that is not SQLite, another
 * application's database, a newer schema, and writes that fail half-way and
 * must leave the database as it was).
 *
 * Databases are temporary files under $TMPDIR (or /tmp), removed after each
 * test. The tests read the file behind the store's back with plain SQLite
 * only to count rows and to forge foreign files.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pacta/store.h"
#include "rules_tt.h"
#include "chain.h"
#include "store_internal.h"

static const char rules_json[] = TT_RULES_JSON;

struct fixture {
	char path[512];
};

static pacta_day day_of(const char *iso)
{
	pacta_day d = PACTA_DAY_NONE;

	assert_true(pacta_date_parse(iso, strlen(iso), &d));
	return d;
}

static void remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char buf[600];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, suffixes[i]);
		remove(buf);
	}
}

/* A fresh, missing file name in the temporary directory. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *dir = getenv("TMPDIR");
	int fd;

	if (!f)
		return -1;
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(f->path, sizeof(f->path), "%s/pacta-test-store-XXXXXX", dir);
	fd = mkstemp(f->path);
	if (fd < 0) {
		free(f);
		return -1;
	}
	close(fd);
	remove(f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	remove_db(f->path);
	free(f);
	return 0;
}

static void add_participant(pacta_record *rec, const char *iso3, const char *iso2, const char *name,
			    pacta_participant_kind kind, pacta_day un_since, const char *aliases,
			    const char *note)
{
	pacta_participant p;
	pacta_error err;

	memset(&p, 0, sizeof(p));
	snprintf(p.iso3, sizeof(p.iso3), "%s", iso3);
	snprintf(p.iso2, sizeof(p.iso2), "%s", iso2);
	p.numeric = "428";
	p.name = name;
	p.depositary_name = name;
	p.aliases = aliases;
	p.kind = kind;
	p.un_member_since = un_since;
	p.wikidata = "Q211";
	p.source_url = "https://example.org/states";
	p.note = note;
	assert_int_equal(pacta_record_add_participant(rec, &p, &err), PACTA_OK);
}

static void add_act(pacta_record *rec, uint32_t participant, pacta_action action, const char *date,
		    pacta_day effective, int32_t target, const char *source_url, const char *note,
		    pacta_day recorded)
{
	pacta_act a;
	pacta_error err;

	pacta_act_init(&a);
	a.id = (uint32_t)rec->n_acts + 1; /* load order, as the loaders give */
	a.treaty = 0;
	a.participant = participant;
	a.action = action;
	a.date = day_of(date);
	a.effective = effective;
	a.target = target;
	a.source_url = source_url;
	a.note = note;
	a.origin = "tt/acts.csv:2";
	a.recorded = recorded;
	assert_int_equal(pacta_record_add_act(rec, &a, &err), PACTA_OK);
}

/* date and deadline: ISO text, or NULL for none; value -1 for none. */
static void add_obligation(pacta_record *rec, uint32_t participant, const char *article,
			   pacta_obligation_event_kind kind, const char *date, const char *deadline,
			   long long value, const char *note)
{
	pacta_obligation_event e;
	pacta_error err;

	memset(&e, 0, sizeof(e));
	e.treaty = 0;
	e.participant = participant;
	snprintf(e.article, sizeof(e.article), "%s", article);
	e.kind = kind;
	e.date = date ? day_of(date) : PACTA_DAY_NONE;
	e.deadline = deadline ? day_of(deadline) : PACTA_DAY_NONE;
	e.value = value;
	e.source_url = "https://example.org/obl";
	e.note = note;
	e.origin = "tt/obligations.csv:2";
	assert_int_equal(pacta_record_add_obligation_event(rec, &e, &err), PACTA_OK);
}

/* Shared clauses and two treaties that take them: one all own fields (the
 * store's columns hold it), one with titles (read from its rules file). */
#define SHARED_CLAUSES \
	"{\"clauses\": \"pair\", \"depositary\": \"The parties\", \"rules\": {" \
	" \"consent\": {\"article\": \"9\", \"instruments\": [\"ratification\"]}," \
	" \"entry_into_force\": {\"article\": \"10\", \"delay\": {\"days\": 30}}," \
	" \"withdrawal\": {\"article\": \"12\", \"notice\": {\"months\": 3}}}}"
#define SHARED_OWN \
	"{\"id\": \"p-1\", \"name\": \"P 1\", \"title\": \"Agreement P 1\"," \
	" \"clauses\": \"pair\", \"adopted\": {\"date\": \"2003-04-05\"}," \
	" \"source_url\": \"https://example.org/p-1\"," \
	" \"rules\": {\"entry_into_force\": {\"instruments\": 2, \"stated\": \"2004-01-01\"}}}"
#define SHARED_TITLED \
	"{\"id\": \"p-2\", \"name\": \"P 2\", \"title\": \"Agreement P 2\"," \
	" \"clauses\": \"pair\", \"adopted\": {\"date\": \"2003-04-06\", \"place\": \"Riga\"}," \
	" \"opened_for_signature\": {\"date\": \"2003-04-07\"}," \
	" \"source_url\": \"https://example.org/p-2\"," \
	" \"titles\": {\"fr\": {\"title\": \"Accord P 2\", \"source_url\": \"https://example.org/fr\"}}," \
	" \"rules\": {\"entry_into_force\": {\"instruments\": 2}}}"

/* Latvia, Russia and the EU; one treaty; five acts (one with a stated
 * effective date and a notification, one objection with a target and a
 * text); two group memberships; one
 * armed conflict; three obligation events (one without a date, one with a
 * value, one with the value 0). */
static pacta_record *small_record(void)
{
	pacta_record *rec = pacta_record_new();
	pacta_group_member g;
	pacta_conflict c;
	pacta_error err;

	assert_non_null(rec);
	add_participant(rec, "LVA", "LV", "Latvia", PACTA_KIND_STATE, day_of("1991-09-17"),
			"Republic of Latvia|Lettonie", "");
	add_participant(rec, "RUS", "RU", "Russian Federation", PACTA_KIND_STATE,
			day_of("1945-10-24"), "", "successor of the USSR");
	add_participant(rec, "EUU", "", "European Union", PACTA_KIND_ORGANIZATION, PACTA_DAY_NONE,
			"EU", "");
	assert_int_equal(pacta_record_add_treaty(rec, rules_json, strlen(rules_json),
						 "treaties/tt.json", &err),
			 PACTA_OK);

	add_act(rec, 0, PACTA_ACT_SIGNATURE, "1997-12-03", PACTA_DAY_NONE, -1,
		"https://example.org/a", "", day_of("2024-01-02"));
	add_act(rec, 0, PACTA_ACT_RATIFICATION, "2005-07-01", PACTA_DAY_NONE, -1,
		"https://example.org/a", "deposited in New York", day_of("2024-01-02"));
	add_act(rec, 0, PACTA_ACT_WITHDRAWAL, "2025-06-27", day_of("2025-12-27"), -1,
		"https://example.org/w", "", day_of("2025-06-30"));
	add_act(rec, 1, PACTA_ACT_ACCESSION, "2010-01-04", PACTA_DAY_NONE, -1,
		"https://example.org/r", "", PACTA_DAY_NONE);
	add_act(rec, 0, PACTA_ACT_OBJECTION, "2011-03-01", PACTA_DAY_NONE, 1,
		"https://example.org/o", "objects to the reservation", day_of("2024-01-02"));
	/* What the depositary circulated, and an objection's text. */
	rec->acts[2].notification = "C.N.361.2025.TREATIES-XXVI.5";
	rec->acts[2].circulated = day_of("2025-07-03");
	rec->acts[4].text = "The Government objects to the reservation.\nIt is \"without effect\".";

	memset(&g, 0, sizeof(g));
	g.group = "eu";
	g.participant = 0;
	g.from = day_of("2004-05-01");
	g.to = PACTA_DAY_OPEN;
	g.source_url = "https://example.org/eu";
	assert_int_equal(pacta_record_add_group_member(rec, &g, &err), PACTA_OK);
	g.group = "csto";
	g.participant = 1;
	g.from = PACTA_DAY_NONE;
	g.to = day_of("2030-01-01");
	g.note = "made up for the test";
	assert_int_equal(pacta_record_add_group_member(rec, &g, &err), PACTA_OK);

	memset(&c, 0, sizeof(c));
	c.participant = 1;
	c.from = day_of("2022-02-24");
	c.to = PACTA_DAY_OPEN;
	c.source_url = "https://example.org/c";
	c.note = "invasion of Ukraine";
	c.origin = "armed-conflicts.csv:2";
	assert_int_equal(pacta_record_add_conflict(rec, &c, &err), PACTA_OK);

	add_obligation(rec, 0, "5", PACTA_OBL_APPLIES, NULL, "2015-07-01", -1, "");
	add_obligation(rec, 0, "7.2", PACTA_OBL_REPORT_SUBMITTED, "2024-04-30", NULL, 2023,
		       "annual report for 2023");
	add_obligation(rec, 1, "3", PACTA_OBL_RETAINED, "2023-12-31", NULL, 0, "");

	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	return rec;
}

static pacta_store *open_store(const char *path, bool create)
{
	pacta_store *st = NULL;
	pacta_error err;

	memset(&err, 0, sizeof(err));
	if (pacta_store_open(path, create ? PACTA_STORE_CREATE : 0, &st, &err) != PACTA_OK)
		fail_msg("open %s: %s: %s", path, err.where, err.message);
	return st;
}

static pacta_record *load(pacta_store *st)
{
	pacta_record *rec = NULL;
	pacta_error err;

	memset(&err, 0, sizeof(err));
	if (pacta_store_load(st, &rec, &err) != PACTA_OK)
		fail_msg("load: %s: %s", err.where, err.message);
	return rec;
}

static void replace(pacta_store *st, const pacta_record *rec, const char *who, const char *why)
{
	pacta_error err;

	memset(&err, 0, sizeof(err));
	if (pacta_store_replace(st, rec, who, why, &err) != PACTA_OK)
		fail_msg("replace: %s: %s", err.where, err.message);
}

/* Rows in a table, read with a separate plain connection. */
static long long count_rows(const char *path, const char *table)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM act",
		"SELECT count(*) FROM change",
		"SELECT count(*) FROM participant",
		"SELECT count(*) FROM treaty",
		"SELECT count(*) FROM obligation_event",
		"SELECT count(*) FROM token",
	};
	static const char *const names[] = { "act", "change", "participant", "treaty",
					     "obligation_event", "token" };
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long n = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i], table) != 0)
			continue;
		assert_int_equal(sqlite3_prepare_v2(db, sql[i], -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	assert_true(n >= 0);
	return n;
}

/* Runs fixed SQL on a file with a plain connection. */
static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(
		sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* One integer read with a plain connection (a PRAGMA or a count). */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long n;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* Every table and index of a file with its SQL, in name order, one line
 * each, into buf. */
static void schema_of(const char *path, char *buf, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	size_t used = 0;

	buf[0] = '\0';
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(db,
				   "SELECT type || ' ' || name || ': ' || coalesce(sql, '')"
				   " FROM sqlite_schema ORDER BY type, name",
				   -1, &s, NULL),
		SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(s, 0);
		int len;

		assert_non_null(line);
		len = snprintf(buf + used, size - used, "%s\n", line);
		assert_true(len > 0 && (size_t)len < size - used);
		used += (size_t)len;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void assert_same_string(const char *a, const char *b)
{
	assert_string_equal(a ? a : "", b ? b : "");
}

static void assert_same_record(const pacta_record *a, const pacta_record *b)
{
	assert_int_equal(a->n_participants, b->n_participants);
	for (size_t i = 0; i < a->n_participants; i++) {
		const pacta_participant *x = &a->participants[i], *y = &b->participants[i];
		assert_string_equal(x->iso3, y->iso3);
		assert_string_equal(x->iso2, y->iso2);
		assert_same_string(x->numeric, y->numeric);
		assert_same_string(x->name, y->name);
		assert_same_string(x->depositary_name, y->depositary_name);
		assert_same_string(x->aliases, y->aliases);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->un_member_since, y->un_member_since);
		assert_same_string(x->wikidata, y->wikidata);
		assert_same_string(x->source_url, y->source_url);
		assert_same_string(x->note, y->note);
	}
	assert_int_equal(a->n_groups, b->n_groups);
	for (size_t i = 0; i < a->n_groups; i++) {
		const pacta_group_member *x = &a->groups[i], *y = &b->groups[i];
		assert_same_string(x->group, y->group);
		assert_int_equal(x->participant, y->participant);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_same_string(x->source_url, y->source_url);
		assert_same_string(x->note, y->note);
	}
	assert_int_equal(a->n_treaties, b->n_treaties);
	for (size_t i = 0; i < a->n_treaties; i++) {
		const pacta_treaty *x = &a->treaties[i], *y = &b->treaties[i];
		assert_string_equal(x->id, y->id);
		char *tx = pacta_treaty_rules_json(a, i), *ty = pacta_treaty_rules_json(b, i);
		assert_non_null(tx);
		assert_non_null(ty);
		assert_string_equal(tx, ty);
		free(tx);
		free(ty);
		assert_same_string(x->origin, y->origin);
		const pacta_treaty_files *fx = x->files, *fy = y->files;
		assert_int_equal(fx->n_record_files, fy->n_record_files);
		for (size_t k = 0; k < fx->n_record_files; k++)
			assert_string_equal(fx->record_files[k], fy->record_files[k]);
		assert_int_equal(fx->n_obligation_files, fy->n_obligation_files);
		for (size_t k = 0; k < fx->n_obligation_files; k++)
			assert_string_equal(fx->obligation_files[k], fy->obligation_files[k]);
		assert_int_equal(x->rules->n_obligations, y->rules->n_obligations);
		assert_int_equal(x->adopted, y->adopted);
		assert_int_equal(x->rules->withdrawal_notice.n, y->rules->withdrawal_notice.n);
	}
	assert_int_equal(a->n_acts, b->n_acts);
	for (size_t i = 0; i < a->n_acts; i++) {
		const pacta_act *x = &a->acts[i], *y = &b->acts[i];
		assert_int_equal(x->id, y->id);
		assert_int_equal(x->treaty, y->treaty);
		assert_int_equal(x->participant, y->participant);
		assert_int_equal(x->action, y->action);
		assert_int_equal(x->date, y->date);
		assert_int_equal(x->effective, y->effective);
		assert_int_equal(x->target, y->target);
		assert_same_string(x->source_url, y->source_url);
		assert_same_string(x->note, y->note);
		assert_same_string(x->notification, y->notification);
		assert_int_equal(x->circulated, y->circulated);
		assert_same_string(x->territory, y->territory);
		assert_same_string(x->text, y->text);
	}
	assert_int_equal(a->n_conflicts, b->n_conflicts);
	for (size_t i = 0; i < a->n_conflicts; i++) {
		const pacta_conflict *x = &a->conflicts[i], *y = &b->conflicts[i];
		assert_int_equal(x->participant, y->participant);
		assert_int_equal(x->from, y->from);
		assert_int_equal(x->to, y->to);
		assert_same_string(x->source_url, y->source_url);
		assert_same_string(x->note, y->note);
		assert_same_string(x->origin, y->origin);
	}
	/* Ids and origins are the store's; the callers check them. */
	assert_int_equal(a->n_obligation_events, b->n_obligation_events);
	for (size_t i = 0; i < a->n_obligation_events; i++) {
		const pacta_obligation_event *x = &a->obligation_events[i];
		const pacta_obligation_event *y = &b->obligation_events[i];
		assert_int_equal(x->treaty, y->treaty);
		assert_int_equal(x->participant, y->participant);
		assert_string_equal(x->article, y->article);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->date, y->date);
		assert_int_equal(x->deadline, y->deadline);
		assert_int_equal(x->value, y->value);
		assert_same_string(x->source_url, y->source_url);
		assert_same_string(x->note, y->note);
	}
}

/* Obligation events loaded from a store: row ids first, first + 1, ... in
 * order. */
static void assert_stored_from(const pacta_record *rec, size_t first)
{
	char origin[48];

	for (size_t i = 0; i < rec->n_obligation_events; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[i];
		assert_int_equal(e->id, i + first);
		snprintf(origin, sizeof(origin), "store:obligation %zu", i + first);
		assert_string_equal(e->origin, origin);
	}
}

static void assert_stored_obligations(const pacta_record *rec)
{
	assert_stored_from(rec, 1);
}

/* The small record with shared clauses and three treaties that take them:
 * one all own fields, one with titles, and one whose file is its fields'
 * canonical text (*canonical, which the caller frees). Finished. */
static pacta_record *clauses_record(char **canonical)
{
	pacta_record *rec = small_record();
	pacta_error err;

	assert_int_equal(pacta_record_add_clauses(rec, SHARED_CLAUSES, strlen(SHARED_CLAUSES),
						  "treaties/clauses/pair.json", &err),
			 PACTA_OK);
	assert_int_equal(pacta_record_add_treaty(rec, SHARED_OWN, strlen(SHARED_OWN),
						 "treaties/p-1.json", &err),
			 PACTA_OK);
	assert_int_equal(pacta_record_add_treaty(rec, SHARED_TITLED, strlen(SHARED_TITLED),
						 "treaties/p-2.json", &err),
			 PACTA_OK);
	/* A third whose file is its fields' canonical text: the record does
	 * not keep it, the store writes it and gives it back. */
	pacta_treaty_own own = {
		.id = "p-3",
		.name = "P 3",
		.title = "Agreement P 3",
		.clauses = "pair",
		.adopted = day_of("2003-04-08"),
		.signature_opened = PACTA_DAY_NONE,
		.source_url = "https://example.org/p-3",
		.entry_into_force_instruments = 2,
		.entry_into_force_stated = PACTA_DAY_NONE,
		.origin = "treaties/p-3.json",
	};
	*canonical = pacta_treaty_own_render(&own);
	assert_non_null(*canonical);
	own.rules_json = *canonical;
	own.rules_json_len = strlen(*canonical);
	assert_int_equal(pacta_record_add_treaty_own(rec, &own, &err), PACTA_OK);
	assert_null(rec->treaties[3].rules_text);
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	return rec;
}

/* Treaties that take shared clauses come back the same: the clauses
 * from their table, one treaty from its columns, one from its file. */
static void test_round_trip_clauses(void **state)
{
	struct fixture *f = *state;
	char *canonical = NULL;
	pacta_record *rec = clauses_record(&canonical);
	pacta_store *st = open_store(f->path, true);
	pacta_error err;
	pacta_record *back;

	replace(st, rec, "importer", "shared clauses");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM clauses"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM treaty WHERE clauses IS NOT NULL"),
			 2);
	char sql[1024];
	snprintf(sql, sizeof(sql), "SELECT rules_json = '%s' FROM treaty WHERE id = 'p-3'",
		 canonical);
	assert_int_equal(raw_int(f->path, sql), 1);
	assert_int_equal(raw_int(f->path, "SELECT instruments FROM treaty WHERE id = 'p-1'"), 2);
	back = load(st);
	assert_same_record(rec, back);
	assert_int_equal(pacta_record_n_clauses(back), 1);
	assert_string_equal(pacta_record_clauses_json(back, 0), SHARED_CLAUSES);
	assert_string_equal(pacta_record_clauses_origin(back, 0), "treaties/clauses/pair.json");
	for (size_t i = 1; i < 3; i++) {
		const pacta_treaty *x = &rec->treaties[i], *y = &back->treaties[i];
		assert_string_equal(y->clauses, "pair");
		assert_string_equal(x->title, y->title);
		assert_string_equal(x->source_url, y->source_url);
		assert_string_equal(y->rules->depositary, "The parties");
		assert_int_equal(x->signature_opened, y->signature_opened);
		assert_int_equal(x->entry_into_force_instruments,
				 y->entry_into_force_instruments);
		assert_int_equal(x->entry_into_force_stated, y->entry_into_force_stated);
		assert_int_equal(x->rules->withdrawal_notice.unit, y->rules->withdrawal_notice.unit);
		assert_int_equal(x->n_titles, y->n_titles);
	}
	assert_int_equal(back->treaties[1].entry_into_force_stated, day_of("2004-01-01"));
	assert_string_equal(back->treaties[2].adopted_place, "Riga");
	assert_string_equal(back->treaties[2].titles[0].title, "Accord P 2");
	assert_null(back->treaties[3].rules_text);
	char *text = pacta_treaty_rules_json(back, 3);
	assert_string_equal(text, canonical);
	free(text);
	free(canonical);
	pacta_record_free(back);

	/* The clauses and the own-field columns are sealed with the rest:
	 * an edit of either is found before anything is loaded; read anyway
	 * (PACTA_STORE_TRUST), a row naming clauses the store lacks is
	 * refused, naming them. */
	pacta_store_close(st);
	raw_exec(f->path, "UPDATE clauses SET rules_json = replace(rules_json, '\"months\": 3',"
			  " '\"months\": 1')");
	st = open_store(f->path, false);
	back = NULL;
	assert_int_equal(pacta_store_load(st, &back, &err), PACTA_ERR_INTEGRITY);
	assert_null(back);
	assert_non_null(strstr(err.message, "shared clauses"));
	pacta_store_close(st);
	raw_exec(f->path, "UPDATE clauses SET rules_json = replace(rules_json, '\"months\": 1',"
			  " '\"months\": 3')");
	raw_exec(f->path, "UPDATE treaty SET clauses = 'gone' WHERE id = 'p-1'");
	st = open_store(f->path, false);
	assert_int_equal(pacta_store_load(st, &back, &err), PACTA_ERR_INTEGRITY);
	pacta_store_close(st);
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_TRUST, &st, &err), PACTA_OK);
	assert_int_equal(pacta_store_load(st, &back, &err), PACTA_ERR_PARSE);
	assert_null(back);
	assert_non_null(strstr(err.message, "no shared clauses called 'gone'"));
	pacta_store_close(st);
	pacta_record_free(rec);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_record *back;
	pacta_day today = pacta_date_today();
	char origin[32];

	assert_true(pacta_store_is_empty(st));
	replace(st, rec, "importer", "first import");
	assert_false(pacta_store_is_empty(st));
	back = load(st);
	assert_same_record(rec, back);
	for (size_t i = 0; i < back->n_acts; i++) {
		const pacta_act *a = &back->acts[i];
		snprintf(origin, sizeof(origin), "store:act %u", (unsigned)a->id);
		assert_string_equal(a->origin, origin);
		/* A record day the act carried is kept; an act without one was
		 * recorded by this write. */
		if (rec->acts[i].recorded != PACTA_DAY_NONE)
			assert_int_equal(a->recorded, rec->acts[i].recorded);
		else
			assert_true(a->recorded == today || a->recorded == today + 1);
	}
	/* The stated effective date and the objection's target. */
	assert_int_equal(back->acts[2].action, PACTA_ACT_OBJECTION);
	assert_int_equal(back->acts[2].target, 1);
	assert_int_equal(back->acts[3].action, PACTA_ACT_WITHDRAWAL);
	assert_int_equal(back->acts[3].effective, day_of("2025-12-27"));
	/* Look-ups work on the loaded record. */
	assert_int_equal(pacta_record_participant_by_iso3(back, "RUS"), 1);
	assert_int_equal(pacta_record_treaty_by_id(back, "tt"), 0);
	assert_true(pacta_record_in_group(back, 0, "eu", day_of("2020-01-01")));
	assert_false(pacta_record_in_group(back, 0, "eu", day_of("2000-01-01")));
	/* Obligation events: in order, absent date, deadline and value
	 * (NONE, -1) kept apart from present ones, the value 0 included. */
	assert_int_equal(back->n_obligation_events, 3);
	assert_stored_obligations(back);
	assert_int_equal(back->obligation_events[0].date, PACTA_DAY_NONE);
	assert_int_equal(back->obligation_events[0].deadline, day_of("2015-07-01"));
	assert_int_equal(back->obligation_events[0].value, -1);
	assert_string_equal(back->obligation_events[1].article, "7.2");
	assert_int_equal(back->obligation_events[1].deadline, PACTA_DAY_NONE);
	assert_int_equal(back->obligation_events[1].value, 2023);
	assert_int_equal(back->obligation_events[2].participant, 1);
	assert_int_equal(back->obligation_events[2].value, 0);

	/* Replacing again gives the same content under new ids, and a second
	 * history entry; the first snapshot's rows stay for the history. */
	replace(st, back, "importer", "second import");
	pacta_record_free(back);
	back = load(st);
	for (size_t i = 0; i < rec->n_acts; i++)
		rec->acts[i].id += 5;
	assert_same_record(rec, back);
	assert_stored_from(back, 4);
	assert_int_equal(count_rows(f->path, "change"), 2);
	assert_int_equal(count_rows(f->path, "act"), 10);
	assert_int_equal(count_rows(f->path, "obligation_event"), 6);

	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

static void add_new_act(pacta_record *rec, uint32_t participant, pacta_action action,
			const char *date, const char *source_url)
{
	pacta_act a;
	pacta_error err;

	pacta_act_init(&a);
	a.participant = participant;
	a.action = action;
	a.date = day_of(date);
	a.effective = PACTA_DAY_NONE;
	a.target = -1;
	a.source_url = source_url;
	a.origin = "cli";
	a.recorded = pacta_date_today();
	assert_int_equal(pacta_record_add_act(rec, &a, &err), PACTA_OK);
}

static void test_append_and_history(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_history_entry *h = NULL;
	pacta_record *back;
	pacta_error err;
	size_t n = 0, found = 0;

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);

	back = load(st);
	add_new_act(back, 2, PACTA_ACT_FORMAL_CONFIRMATION, "2012-02-02",
		    "https://example.org/eu1");
	add_new_act(back, 2, PACTA_ACT_DECLARATION, "2012-02-02", "https://example.org/eu2");
	/* Finishing first sorts the new acts among the old ones; append finds
	 * them anyway. */
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	assert_int_equal(pacta_store_append_acts(st, back, 0, "alice", "two acts of the EU", &err),
			 PACTA_OK);
	for (size_t i = 0; i < back->n_acts; i++) {
		const pacta_act *a = &back->acts[i];
		if (a->participant != 2)
			continue;
		found++;
		assert_true(a->id == 6 || a->id == 7);
		assert_string_equal(a->origin, a->id == 6 ? "store:act 6" : "store:act 7");
	}
	assert_int_equal(found, 2);
	/* Nothing new: nothing written. */
	assert_int_equal(pacta_store_append_acts(st, back, 0, "alice", "again", &err), PACTA_OK);

	assert_int_equal(pacta_store_history(st, &h, &n, &err), PACTA_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].who, "importer");
	assert_string_equal(h[0].why, "first import");
	assert_int_equal(h[0].acts, 5);
	assert_string_equal(h[1].who, "alice");
	assert_string_equal(h[1].why, "two acts of the EU");
	assert_int_equal(h[1].acts, 2);
	assert_true(h[0].id < h[1].id);
	assert_int_equal(strlen(h[1].at), 20);
	assert_int_equal(h[1].at[10], 'T');
	assert_int_equal(h[1].at[19], 'Z');
	free(h);
	pacta_record_free(back);

	/* Reopen without create: everything is still there. */
	pacta_store_close(st);
	st = open_store(f->path, false);
	back = load(st);
	assert_int_equal(back->n_acts, 7);
	assert_int_equal(pacta_store_history(st, &h, &n, &err), PACTA_OK);
	assert_int_equal(n, 2);
	free(h);
	pacta_record_free(back);
	pacta_store_close(st);
}

/* A service readies its store for its first write: before a record is
 * loaded (no log open yet) it does nothing; after, it syncs the log, as
 * often as asked; read-only, nothing; without a store, a usage error.
 * Writes go on as before, and the loaded record is the one written. */
static void test_ready_to_write(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true), *ro = NULL;
	pacta_error err;

	assert_int_equal(pacta_store_ready_to_write(NULL, &err), PACTA_ERR_USAGE);
	assert_int_equal(pacta_store_ready_to_write(st, &err), PACTA_OK);
	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	pacta_record *back = load(st);
	assert_int_equal(pacta_store_ready_to_write(st, &err), PACTA_OK);
	assert_int_equal(pacta_store_ready_to_write(st, &err), PACTA_OK);
	add_new_act(back, 2, PACTA_ACT_DECLARATION, "2012-02-02", "https://example.org/ready");
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	assert_int_equal(pacta_store_append_acts(st, back, 0, "service", "ready", &err), PACTA_OK);
	size_t n = back->n_acts;
	pacta_record_free(back);
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_READONLY, &ro, &err), PACTA_OK);
	assert_int_equal(pacta_store_ready_to_write(ro, &err), PACTA_OK);
	back = load(ro);
	assert_int_equal(back->n_acts, n);
	pacta_record_free(back);
	pacta_store_close(ro);
	pacta_store_close(st);
}

static pacta_record *record_of_many(int n, int bad);

static void count_due(void *arg, int log_pages)
{
	assert_true(log_pages >= 1000);
	(*(int *)arg)++;
}

static long long file_size(const char *path)
{
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	return (long long)sb.st_size;
}

/* A writer that hands its checkpoints off copies nothing into the
 * database, however large the log grows: it says a checkpoint is due
 * once the log passes the size asked, and another handle's checkpoint
 * copies the log. Given back, the automatic checkpoint copies again. */
static void test_checkpoints_handed_off(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true), *other, *ro = NULL;
	pacta_error err;
	int due = 0, in_log = -1, copied = -1;

	assert_int_equal(pacta_store_hand_off_checkpoints(NULL, 1, count_due, &due, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_store_hand_off_checkpoints(st, 1, NULL, NULL, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_store_hand_off_checkpoints(st, -1, count_due, &due, &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_store_checkpoint(NULL, NULL, NULL, &err), PACTA_ERR_USAGE);
	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	other = open_store(f->path, false);
	assert_int_equal(pacta_store_checkpoint(other, &in_log, &copied, &err), PACTA_OK);
	assert_int_equal(copied, in_log);
	long long before = file_size(f->path);

	/* A log of some 2,500 pages, none of it copied by the writer. */
	assert_int_equal(pacta_store_hand_off_checkpoints(st, 1000, count_due, &due, &err),
			 PACTA_OK);
	pacta_record *many = record_of_many(40000, -1);
	replace(st, many, "importer", "many");
	pacta_record_free(many);
	assert_int_equal(due, 1);
	assert_int_equal(file_size(f->path), before);
	assert_int_equal(pacta_store_checkpoint(other, &in_log, &copied, &err), PACTA_OK);
	assert_true(in_log > 1000);
	assert_int_equal(copied, in_log);
	long long after = file_size(f->path);
	assert_true(after > before);

	/* A small write under the size: nothing is due. */
	assert_int_equal(pacta_store_hand_off_checkpoints(st, 1000000, count_due, &due, &err),
			 PACTA_OK);
	pacta_record *back = load(st);
	add_new_act(back, 2, PACTA_ACT_DECLARATION, "2012-02-02", "https://example.org/small");
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	assert_int_equal(pacta_store_append_acts(st, back, 0, "service", "small", &err), PACTA_OK);
	pacta_record_free(back);
	assert_int_equal(due, 1);

	/* The automatic checkpoint given back: the writer copies a large log
	 * itself, and the callback is not called. */
	assert_int_equal(pacta_store_hand_off_checkpoints(st, 0, NULL, NULL, &err), PACTA_OK);
	many = record_of_many(80000, -1);
	replace(st, many, "importer", "more");
	pacta_record_free(many);
	assert_int_equal(due, 1);
	assert_true(file_size(f->path) > after);

	/* A read-only handle commits nothing and cannot checkpoint. */
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_READONLY, &ro, &err), PACTA_OK);
	assert_int_equal(pacta_store_hand_off_checkpoints(ro, 1, count_due, &due, &err), PACTA_OK);
	assert_int_equal(pacta_store_checkpoint(ro, NULL, NULL, &err), PACTA_ERR_USAGE);
	pacta_store_close(ro);
	pacta_store_close(other);
	pacta_store_close(st);
}

/* The data version (what the service looks at to pick up the CLI's
 * writes) changes for a connection when another one commits, not when it
 * commits itself. */
static void test_data_version(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *service = open_store(f->path, true);
	pacta_store *cli;
	pacta_record *back;
	pacta_error err;
	long long v0 = 0, v1 = 0, v2 = 0;

	replace(service, rec, "importer", "first import");
	pacta_record_free(rec);
	assert_int_equal(pacta_store_data_version(service, &v0, &err), PACTA_OK);
	/* Its own write. */
	back = load(service);
	add_new_act(back, 2, PACTA_ACT_DECLARATION, "2012-02-02", "https://example.org/own");
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	assert_int_equal(pacta_store_append_acts(service, back, 0, "service", "own", &err), PACTA_OK);
	pacta_record_free(back);
	assert_int_equal(pacta_store_data_version(service, &v1, &err), PACTA_OK);
	assert_true(v1 == v0);
	/* Another connection's. */
	cli = open_store(f->path, false);
	back = load(cli);
	add_new_act(back, 2, PACTA_ACT_FORMAL_CONFIRMATION, "2012-03-03", "https://example.org/cli");
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	assert_int_equal(pacta_store_append_acts(cli, back, 0, "cli", "outside", &err), PACTA_OK);
	pacta_record_free(back);
	pacta_store_close(cli);
	assert_int_equal(pacta_store_data_version(service, &v2, &err), PACTA_OK);
	assert_true(v2 != v1);
	pacta_store_close(service);
}

static void test_every_action(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_record *back;
	pacta_error err;

	/* The schema's CHECK lists the whole vocabulary. */
	for (int a = 0; a < PACTA_ACT__COUNT; a++)
		add_act(rec, 1, (pacta_action)a, "2015-01-01", PACTA_DAY_NONE,
			a == PACTA_ACT_OBJECTION ? 0 : -1, "https://example.org/all", "",
			PACTA_DAY_NONE);
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	replace(st, rec, "importer", "all actions");
	back = load(st);
	assert_int_equal(back->n_acts, 5 + PACTA_ACT__COUNT);
	assert_same_record(rec, back);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

static int raw_try(const char *path, const char *sql);

/* The CHECKs name the vocabulary one comparison each (step 12): a name
 * outside it is refused, as it was by the IN list; and a snapshot's write,
 * which lets SQLite's page cache grow, gives it back. */
static void test_schema_refuses_unknown_names(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_error err;
	sqlite3 *db = pacta_store_sqlite_(st, false, &err);
	sqlite3_stmt *s = NULL;
	long long before, after;

	assert_non_null(db);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	before = sqlite3_column_int64(s, 0);
	assert_int_equal(sqlite3_reset(s), SQLITE_OK);
	replace(st, rec, "importer", "first import");
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	after = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	assert_int_equal(after, before);
	pacta_store_close(st);
	pacta_record_free(rec);

	static const char *const refused[] = {
		"INSERT INTO act (treaty, state, action, date, source_url, recorded_at) VALUES"
		" ('tt', 'LVA', 'bogus', '2015-01-01', 'https://example.org/x',"
		" '2024-01-01T00:00:00Z')",
		"INSERT INTO act (treaty, state, action, date, source_url, recorded_at) VALUES"
		" ('tt', 'LVA', 'Signature', '2015-01-01', 'https://example.org/x',"
		" '2024-01-01T00:00:00Z')",
		"INSERT INTO act (treaty, state, action, date, source_url, recorded_at) VALUES"
		" ('tt', 'LVA', '', '2015-01-01', 'https://example.org/x',"
		" '2024-01-01T00:00:00Z')",
		"INSERT INTO obligation_event (treaty, state, article, event, source_url) VALUES"
		" ('tt', 'LVA', '5', 'bogus', 'https://example.org/x')",
		"INSERT INTO obligation_event (treaty, state, article, event, source_url) VALUES"
		" ('tt', 'LVA', '5', 'extension_requested ', 'https://example.org/x')",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_int_equal(raw_try(f->path, refused[i]), SQLITE_CONSTRAINT);
	/* The first and last names of each list are accepted. */
	assert_int_equal(raw_try(f->path, "INSERT INTO act (treaty, state, action, date, source_url,"
					  " recorded_at) VALUES ('tt', 'LVA', 'announcement',"
					  " '2015-01-01', 'https://example.org/x',"
					  " '2024-01-01T00:00:00Z'), ('tt', 'LVA',"
					  " 'provisional_application_end', '2015-01-01',"
					  " 'https://example.org/x', '2024-01-01T00:00:00Z')"),
			 SQLITE_OK);
	assert_int_equal(raw_try(f->path, "INSERT INTO obligation_event (treaty, state, article,"
					  " event, source_url) VALUES ('tt', 'LVA', '5',"
					  " 'applies', 'https://example.org/x'), ('tt', 'LVA',"
					  " '5', 'extension_requested', 'https://example.org/x')"),
			 SQLITE_OK);
}

static void test_every_obligation_event(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_record *back;

	/* The schema's CHECK lists the whole vocabulary. */
	for (int k = 0; k < PACTA_OBL__COUNT; k++)
		add_obligation(rec, 2, "5", (pacta_obligation_event_kind)k, "2016-01-01",
			       k == PACTA_OBL_EXTENSION_GRANTED ? "2020-01-01" : NULL,
			       k == PACTA_OBL_RETAINED ? 100 : -1, "");
	replace(st, rec, "importer", "all obligation events");
	back = load(st);
	assert_int_equal(back->n_obligation_events, 3 + PACTA_OBL__COUNT);
	assert_same_record(rec, back);
	assert_stored_obligations(back);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* small_record() and n acts more, of the first three participants; the
 * one numbered bad (from 0) a withdrawal without a source. */
static pacta_record *record_of_many(int n, int bad)
{
	pacta_record *rec = small_record();
	pacta_error err;

	for (int k = 0; k < n; k++) {
		char date[16];
		snprintf(date, sizeof(date), "2014-%02d-%02d", 1 + k % 12, 1 + k % 28);
		add_act(rec, (uint32_t)(k % 3),
			k == bad ? PACTA_ACT_WITHDRAWAL
				 : (k % 2 ? PACTA_ACT_DECLARATION : PACTA_ACT_COMMUNICATION),
			date, PACTA_DAY_NONE, -1, k == bad ? "" : "https://example.org/many",
			k % 5 ? "" : "a note", PACTA_DAY_NONE);
	}
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	return rec;
}

/* A snapshot writes its acts 32 to an INSERT: 70 acts are two such
 * groups and six acts alone, and load back the same, their ids kept; a
 * group refused for one act's content is written again act by act, so
 * that the error names that act, and nothing of the snapshot stays. */
static void test_snapshot_in_groups(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = record_of_many(65, -1);
	pacta_store *st = open_store(f->path, true);
	pacta_record *back;
	pacta_error err;
	char expected[128];

	assert_int_equal(rec->n_acts, 70);
	replace(st, rec, "importer", "many acts");
	back = load(st);
	assert_same_record(rec, back);
	for (size_t i = 0; i < back->n_acts; i++)
		assert_int_equal(back->acts[i].id, rec->acts[i].id);
	assert_int_equal(count_rows(f->path, "act"), 70);
	assert_int_equal(count_rows(f->path, "change"), 1);
	pacta_record_free(back);
	pacta_record_free(rec);

	/* Act 46 (of ids 1 to 70) is in the second group. */
	rec = record_of_many(65, 40);
	size_t bad = rec->n_acts;
	for (size_t i = 0; i < rec->n_acts; i++)
		if (rec->acts[i].action == PACTA_ACT_WITHDRAWAL)
			bad = i;
	assert_true(bad < rec->n_acts);
	assert_int_equal(rec->acts[bad].id, 46);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_replace(st, rec, "importer", "one act bad", &err),
			 PACTA_ERR_DB);
	snprintf(expected, sizeof(expected), "cannot save act %zu (RUS withdrawal tt/acts.csv:2)",
		 bad);
	assert_non_null(strstr(err.message, expected));
	assert_non_null(strstr(err.message, "CHECK"));
	assert_int_equal(count_rows(f->path, "act"), 70);
	assert_int_equal(count_rows(f->path, "change"), 1);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* A load tells the record how many treaties and acts to make room for,
 * from an index; without that index (only a trusting open gets that far)
 * it loads the same record, growing as it goes. */
static void test_load_without_the_hint(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = record_of_many(65, -1);
	pacta_store *st = open_store(f->path, true);
	pacta_record *back;
	pacta_error err;

	replace(st, rec, "importer", "many acts");
	pacta_store_close(st);
	raw_exec(f->path, "DROP INDEX act_change;");
	st = NULL;
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_TRUST | PACTA_STORE_READONLY, &st,
					  &err),
			 PACTA_OK);
	back = load(st);
	assert_same_record(rec, back);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* ---- A write's failures ----
 *
 * fail_with() fails with the SQLite code it is given, as the disk or
 * SQLite would; a TEMP trigger on the store's own connection calls it
 * for the act noted "fail here", in a group's INSERT as in an act's own.
 * A bulk write sets temp_store, which drops TEMP objects when it
 * changes: it is set to what the write sets first, and the trigger is
 * made again before each write. */
static void fail_with(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_error(ctx, "injected failure", -1);
	sqlite3_result_error_code(ctx, sqlite3_value_int(argv[0]));
}

static sqlite3 *store_db(pacta_store *st)
{
	pacta_error err;
	sqlite3 *db = pacta_store_sqlite_(st, false, &err);

	assert_non_null(db);
	return db;
}

/* The act noted "fail here" fails with code; with 0, its INSERT is
 * refused by RAISE(ROLLBACK), a constraint that undoes the whole
 * transaction. */
static void arm_failure(pacta_store *st, int code)
{
	sqlite3 *db = store_db(st);
	char sql[300];

	assert_int_equal(sqlite3_create_function_v2(db, "fail_with", 1,
						    SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, fail_with,
						    NULL, NULL, NULL),
			 SQLITE_OK);
	if (code)
		snprintf(sql, sizeof(sql), "SELECT fail_with(%d)", code);
	else
		snprintf(sql, sizeof(sql),
			 "SELECT RAISE(ROLLBACK, 'refused with the transaction')");
	char *all = sqlite3_mprintf("PRAGMA temp_store = MEMORY;"
				    " DROP TRIGGER IF EXISTS temp.fail_here;"
				    " CREATE TEMP TRIGGER fail_here BEFORE INSERT ON main.act"
				    " WHEN NEW.note = 'fail here' BEGIN %s; END;",
				    sql);
	assert_non_null(all);
	assert_int_equal(sqlite3_exec(db, all, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_free(all);
}

/* One integer from the store's own connection. */
static long long store_int(pacta_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long n;

	assert_int_equal(sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The index in rec of the act with id. */
static size_t act_with_id(const pacta_record *rec, uint32_t id)
{
	for (size_t i = 0; i < rec->n_acts; i++)
		if (rec->acts[i].id == id)
			return i;
	fail_msg("no act %u", id);
	return 0;
}

/* back is rec written after the first import's 5 acts: the same acts,
 * their ids 5 higher. */
static void assert_written_after_5(const pacta_record *rec, const pacta_record *back)
{
	assert_int_equal(back->n_acts, rec->n_acts);
	for (size_t i = 0; i < back->n_acts; i++) {
		const pacta_act *x = &rec->acts[i], *y = &back->acts[i];
		assert_int_equal(y->id, x->id + 5);
		assert_int_equal(y->participant, x->participant);
		assert_int_equal(y->action, x->action);
		assert_int_equal(y->date, x->date);
		assert_same_string(y->note, x->note);
		assert_string_equal(y->source_url, x->source_url);
	}
}

/* What a failed write must leave: the store as it was (5 acts, one
 * change), no transaction open, and a store that still writes, checks
 * and loads. */
static void assert_left_as_it_was(pacta_store *st, const char *path)
{
	pacta_error err;

	assert_int_equal(count_rows(path, "act"), 5);
	assert_int_equal(count_rows(path, "change"), 1);
	assert_int_not_equal(sqlite3_get_autocommit(store_db(st)), 0);
	memset(&err, 0, sizeof(err));
	if (pacta_store_check(st, &err) != PACTA_OK)
		fail_msg("check: %s: %s", err.where, err.message);
}

/* A store at path that holds small_record() (5 acts, one change), and in
 * *many the 70 acts of record_of_many() to write over it. */
static pacta_store *store_of_5(const char *path, pacta_record **many)
{
	pacta_record *rec = small_record();
	pacta_store *st = open_store(path, true);

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	*many = record_of_many(65, -1);
	return st;
}

/* message names the second group of many's 32 acts (ids 33 to 64). */
static void assert_names_the_group(const pacta_record *many, const char *message)
{
	char expected[128];

	snprintf(expected, sizeof(expected), "cannot save acts %zu to %zu:", act_with_id(many, 33),
		 act_with_id(many, 64));
	if (!strstr(message, expected))
		fail_msg("%s: not in %s", expected, message);
}

/* message names act i of a record alone. */
static void assert_names_the_act(size_t i, const char *message)
{
	char expected[128];

	snprintf(expected, sizeof(expected), "cannot save act %zu (", i);
	if (!strstr(message, expected))
		fail_msg("%s: not in %s", expected, message);
}

/* A snapshot's INSERT that fails for another reason than its content
 * (the disk full or failing, a damaged file, SQLite's own error) is
 * reported with the store's words for it, is not tried again act by act,
 * and leaves nothing of the snapshot: whether SQLite undid the statement
 * alone (a full disk) or the whole transaction (an I/O error). The same
 * for an act of a group of 32 and for one written alone. */
static void test_snapshot_write_fails(void **state)
{
	static const struct {
		int code;
		pacta_rc rc;
		const char *says;
	} cases[] = {
		{ SQLITE_FULL, PACTA_ERR_STORAGE, "the disk is full" },
		{ SQLITE_IOERR_WRITE, PACTA_ERR_STORAGE, "an I/O error" },
		{ SQLITE_CORRUPT, PACTA_ERR_INTEGRITY, "damaged" },
		{ SQLITE_ERROR, PACTA_ERR_DB, "injected failure (SQLite code 1)" },
	};
	struct fixture *f = *state;
	pacta_record *rec, *back;
	pacta_store *st = store_of_5(f->path, &rec);
	pacta_error err;

	/* Act 46 is in the second group of 32; act 68 is written alone. */
	static const uint32_t ids[] = { 46, 68 };
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		size_t bad = act_with_id(rec, ids[k]);
		const char *note = rec->acts[bad].note;
		rec->acts[bad].note = "fail here";
		for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			arm_failure(st, cases[c].code);
			memset(&err, 0, sizeof(err));
			assert_int_equal(pacta_store_replace(st, rec, "importer", "fails", &err),
					 cases[c].rc);
			if (!strstr(err.message, cases[c].says))
				fail_msg("act %u, code %d: %s", ids[k], cases[c].code, err.message);
			if (cases[c].rc == PACTA_ERR_DB && ids[k] == 46)
				assert_names_the_group(rec, err.message);
			else if (cases[c].rc == PACTA_ERR_DB)
				assert_names_the_act(bad, err.message);
			assert_left_as_it_was(st, f->path);
		}
		rec->acts[bad].note = note;
	}

	/* Unarmed, a file that may not grow past a few pages more than it
	 * holds fills up for good in the first group (notes of 3 KiB, one act
	 * a page), as a full disk does. */
	sqlite3 *db = store_db(st);
	char sql[64], *long_note = malloc(3073);
	const char *notes[70];
	assert_non_null(long_note);
	memset(long_note, 'n', 3072);
	long_note[3072] = '\0';
	assert_int_equal(
		sqlite3_exec(db, "DROP TRIGGER IF EXISTS temp.fail_here", NULL, NULL, NULL),
		SQLITE_OK);
	for (size_t i = 0; i < rec->n_acts; i++) {
		notes[i] = rec->acts[i].note;
		rec->acts[i].note = long_note;
	}
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
		 store_int(st, "PRAGMA page_count") + 16);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_replace(st, rec, "importer", "full", &err), PACTA_ERR_STORAGE);
	assert_non_null(strstr(err.message, "the disk is full"));
	assert_left_as_it_was(st, f->path);
	assert_int_equal(sqlite3_exec(db, "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL),
			 SQLITE_OK);
	for (size_t i = 0; i < rec->n_acts; i++)
		rec->acts[i].note = notes[i];
	free(long_note);

	/* Room again, the same snapshot is written whole. */
	replace(st, rec, "importer", "many acts");
	back = load(st);
	assert_written_after_5(rec, back);
	assert_int_equal(count_rows(f->path, "act"), 5 + 70);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* A group refused for its content by a constraint that also undid the
 * transaction (RAISE(ROLLBACK)) is not written again act by act: that
 * would write the acts before the refused one outside any transaction,
 * each for good. The error names the group. */
static void test_snapshot_group_refused_with_the_transaction(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec;
	pacta_store *st = store_of_5(f->path, &rec);
	pacta_error err;

	rec->acts[act_with_id(rec, 46)].note = "fail here";
	arm_failure(st, 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_replace(st, rec, "importer", "refused", &err), PACTA_ERR_DB);
	assert_names_the_group(rec, err.message);
	assert_non_null(strstr(err.message, "refused with the transaction"));
	assert_left_as_it_was(st, f->path);
	pacta_record_free(rec);
	pacta_store_close(st);
}

static int deny_act_insert(void *arg, int action, const char *a, const char *b, const char *db,
			   const char *trigger)
{
	(void)arg, (void)b, (void)db, (void)trigger;
	return action == SQLITE_INSERT && a && strcmp(a, "act") == 0 ? SQLITE_DENY : SQLITE_OK;
}

/* The INSERT of a group is a speed-up: a connection that will not
 * prepare it (here one that allows fewer parameters than its 512) writes
 * the acts one by one, the same snapshot. One that will not prepare an
 * act's INSERT either refuses the write, naming the act, and nothing of
 * it stays. */
static void test_snapshot_group_not_prepared(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec, *back;
	pacta_store *st = store_of_5(f->path, &rec);
	sqlite3 *db = store_db(st);
	pacta_error err;
	int limit;

	assert_int_equal(sqlite3_set_authorizer(db, deny_act_insert, NULL), SQLITE_OK);
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_replace(st, rec, "importer", "denied", &err), PACTA_ERR_DB);
	assert_names_the_act(act_with_id(rec, 1), err.message);
	assert_non_null(strstr(err.message, "not authorized"));
	assert_left_as_it_was(st, f->path);
	assert_int_equal(sqlite3_set_authorizer(db, NULL, NULL), SQLITE_OK);

	limit = sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 32 * 16 - 1);
	replace(st, rec, "importer", "many acts");
	sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, limit);
	back = load(st);
	assert_written_after_5(rec, back);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* An act over what the store takes, a value longer than 4 MiB or a row
 * longer than 4 MiB in all, is refused by name and why, whether it is in
 * a group of 32 or alone, and nothing of the snapshot stays. */
static void test_snapshot_act_too_long(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec;
	pacta_store *st = store_of_5(f->path, &rec);
	pacta_error err;
	size_t big = 4 * 1024 * 1024;
	char *note = malloc(big + 2), *text = malloc(big / 2 + 1);

	assert_non_null(note);
	assert_non_null(text);
	memset(note, 'n', big + 1);
	note[big + 1] = '\0';
	memset(text, 't', big / 2);
	text[big / 2] = '\0';
	static const uint32_t ids[] = { 46, 68 };
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		size_t bad = act_with_id(rec, ids[k]);
		const pacta_act was = rec->acts[bad];
		for (int row = 0; row < 2; row++) {
			/* A value one byte too long; a row of two values that
			 * each fit. */
			rec->acts[bad].note = row ? note + big / 2 + 1 : note;
			rec->acts[bad].text = row ? text : NULL;
			memset(&err, 0, sizeof(err));
			assert_int_equal(pacta_store_replace(st, rec, "importer", "too long", &err),
					 PACTA_ERR_LIMIT);
			assert_names_the_act(bad, err.message);
			assert_non_null(strstr(err.message, "longer than the 4 MiB the store takes"));
			assert_left_as_it_was(st, f->path);
		}
		rec->acts[bad] = was;
	}
	free(note);
	free(text);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* The page cache and temporary storage a bulk write sets on the
 * connection are given back as they were, 0 and FILE included, when the
 * write fails too: refused for an act (a snapshot and a large append),
 * refused because another process holds the write lock, and on a
 * read-only handle. */
static void test_bulk_write_gives_the_cache_back(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record(), *many;
	pacta_store *st = open_store(f->path, true);
	sqlite3 *db = store_db(st), *other = NULL;
	pacta_error err;

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	assert_int_equal(sqlite3_exec(db, "PRAGMA cache_size = 0; PRAGMA temp_store = FILE", NULL,
				      NULL, NULL),
			 SQLITE_OK);

	/* A snapshot refused for its act 46. */
	many = record_of_many(65, 40);
	assert_int_equal(pacta_store_replace(st, many, "importer", "one act bad", &err),
			 PACTA_ERR_DB);
	assert_int_equal(store_int(st, "PRAGMA cache_size"), 0);
	assert_int_equal(store_int(st, "PRAGMA temp_store"), 1);
	pacta_record_free(many);

	/* An append of 1,000 acts, the last refused. */
	many = load(st);
	for (int k = 0; k < 1000; k++)
		add_new_act(many, (uint32_t)(k % 3), PACTA_ACT_DECLARATION, "2016-01-01",
			    k == 999 ? "" : "https://example.org/append");
	assert_int_equal(pacta_store_append_acts(st, many, 0, "bob", "one act bad", &err),
			 PACTA_ERR_DB);
	assert_int_equal(store_int(st, "PRAGMA cache_size"), 0);
	assert_int_equal(store_int(st, "PRAGMA temp_store"), 1);
	assert_left_as_it_was(st, f->path);

	/* Another connection holds the write lock. */
	assert_int_equal(sqlite3_open_v2(f->path, &other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 1);
	assert_int_equal(pacta_store_append_acts(st, many, 0, "bob", "locked", &err),
			 PACTA_ERR_BUSY);
	assert_int_equal(store_int(st, "PRAGMA cache_size"), 0);
	assert_int_equal(store_int(st, "PRAGMA temp_store"), 1);
	rec = small_record();
	assert_int_equal(pacta_store_replace(st, rec, "importer", "locked", &err), PACTA_ERR_BUSY);
	assert_int_equal(store_int(st, "PRAGMA cache_size"), 0);
	assert_int_equal(store_int(st, "PRAGMA temp_store"), 1);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	assert_left_as_it_was(st, f->path);
	pacta_store_close(st);

	/* A read-only handle refuses the write. */
	st = NULL;
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_READONLY, &st, &err), PACTA_OK);
	assert_int_equal(sqlite3_exec(store_db(st),
				      "PRAGMA cache_size = 0; PRAGMA temp_store = FILE", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	assert_int_equal(pacta_store_replace(st, rec, "importer", "read-only", &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(pacta_store_append_acts(st, many, 0, "bob", "read-only", &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(store_int(st, "PRAGMA cache_size"), 0);
	assert_int_equal(store_int(st, "PRAGMA temp_store"), 1);
	pacta_store_close(st);
	pacta_record_free(many);
	pacta_record_free(rec);
	assert_int_equal(count_rows(f->path, "act"), 5);
}

static void test_failed_append_changes_nothing(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_record *back;
	pacta_error err;
	pacta_participant p;
	long long acts, changes;

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	acts = count_rows(f->path, "act");
	changes = count_rows(f->path, "change");

	/* A participant the database does not know: the foreign key refuses
	 * the second act after the first went in; neither stays. */
	back = load(st);
	memset(&p, 0, sizeof(p));
	snprintf(p.iso3, sizeof(p.iso3), "XKX");
	p.name = "Kosovo";
	p.source_url = "https://example.org/xkx";
	assert_int_equal(pacta_record_add_participant(back, &p, &err), PACTA_OK);
	add_new_act(back, 0, PACTA_ACT_DECLARATION, "2013-01-01", "https://example.org/ok");
	add_new_act(back, 3, PACTA_ACT_DECLARATION, "2013-01-01", "https://example.org/x");
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_append_acts(st, back, 0, "bob", "bad", &err), PACTA_ERR_DB);
	assert_int_equal(err.code, PACTA_ERR_DB);
	assert_non_null(strstr(err.message, "FOREIGN KEY"));
	assert_int_equal(count_rows(f->path, "act"), acts);
	assert_int_equal(count_rows(f->path, "change"), changes);
	/* The record's new acts are still unsaved. */
	for (size_t i = 0; i < back->n_acts; i++)
		if (back->acts[i].action == PACTA_ACT_DECLARATION)
			assert_int_equal(back->acts[i].id, 0);
	pacta_record_free(back);

	/* A CHECK constraint: an act without a source. */
	back = load(st);
	add_new_act(back, 0, PACTA_ACT_DECLARATION, "2013-01-01", "https://example.org/ok");
	add_new_act(back, 1, PACTA_ACT_DECLARATION, "2013-01-01", "");
	assert_int_equal(pacta_store_append_acts(st, back, 0, "bob", "bad", &err), PACTA_ERR_DB);
	assert_non_null(strstr(err.message, "CHECK"));
	assert_int_equal(count_rows(f->path, "act"), acts);
	assert_int_equal(count_rows(f->path, "change"), changes);

	/* A replace that fails half-way leaves the old content. An act without
	 * a date cannot be stored. */
	back->acts[back->n_acts - 1].source_url = "https://example.org/fine";
	back->acts[back->n_acts - 1].date = PACTA_DAY_NONE;
	assert_int_equal(pacta_store_replace(st, back, "bob", "bad", &err), PACTA_ERR_DB);
	assert_int_equal(count_rows(f->path, "act"), acts);
	assert_int_equal(count_rows(f->path, "change"), changes);
	assert_int_equal(count_rows(f->path, "participant"), 3);
	pacta_record_free(back);
	back = load(st);
	assert_int_equal(back->n_acts, (size_t)acts);
	pacta_record_free(back);

	/* who and why are required. */
	back = load(st);
	assert_int_equal(pacta_store_replace(st, back, "", "why", &err), PACTA_ERR_USAGE);
	assert_int_equal(pacta_store_replace(st, back, "who", NULL, &err), PACTA_ERR_USAGE);
	pacta_record_free(back);
	pacta_store_close(st);
}

/* A replace whose last obligation event is refused by the table leaves the
 * database as it was: no participant, act or event deleted, nothing new,
 * no history entry. */
static void test_failed_obligation_changes_nothing(void **state)
{
	static const char eight[8] = { '1', '2', '3', '4', '5', '6', '7', '8' };
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_obligation_event *last;
	pacta_record *back;
	pacta_error err;

	replace(st, rec, "importer", "first import");
	back = load(st);
	/* Changes a replace would write if the bad event did not stop it. */
	back->conflicts[0].note = "changed";
	add_obligation(back, 2, "5", PACTA_OBL_COMPLETED, "2020-01-01", NULL, -1, "");
	last = &back->obligation_events[back->n_obligation_events - 1];

	/* An article of 8 characters (the field full, no terminator). */
	memcpy(last->article, eight, sizeof(last->article));
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_replace(st, back, "bob", "bad", &err), PACTA_ERR_DB);
	assert_non_null(strstr(err.message, "CHECK"));
	assert_non_null(strstr(err.message, "12345678"));

	/* An empty article, and a negative value other than -1 (absent). */
	memset(last->article, 0, sizeof(last->article));
	assert_int_equal(pacta_store_replace(st, back, "bob", "bad", &err), PACTA_ERR_DB);
	assert_non_null(strstr(err.message, "CHECK"));
	snprintf(last->article, sizeof(last->article), "5");
	last->value = -2;
	assert_int_equal(pacta_store_replace(st, back, "bob", "bad", &err), PACTA_ERR_DB);
	assert_non_null(strstr(err.message, "CHECK"));

	assert_int_equal(count_rows(f->path, "obligation_event"), 3);
	assert_int_equal(count_rows(f->path, "act"), 5);
	assert_int_equal(count_rows(f->path, "participant"), 3);
	assert_int_equal(count_rows(f->path, "change"), 1);
	pacta_record_free(back);
	back = load(st);
	assert_same_record(rec, back);
	assert_stored_obligations(back);

	/* An event that points outside the record is refused before any SQL. */
	back->obligation_events[0].participant = 99;
	assert_int_equal(pacta_store_replace(st, back, "bob", "bad", &err), PACTA_ERR_USAGE);
	assert_int_equal(count_rows(f->path, "change"), 1);

	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/*
 * Schema version 1 as released: a copy of the store's first migration, so
 * that the migration test starts from the file an older pacta wrote even
 * after later migrations are added. Never edit it.
 */
#define ISO_DATE_GLOB "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
#define STAMP_GLOB "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'"

static const char schema_v1[] =
	"CREATE TABLE participant ("
	" iso3 TEXT PRIMARY KEY NOT NULL CHECK (iso3 GLOB '[A-Z][A-Z][A-Z]'),"
	" iso2 TEXT CHECK (iso2 IS NULL OR length(iso2) = 2),"
	" numeric TEXT,"
	" name TEXT NOT NULL,"
	" depositary_name TEXT,"
	" aliases TEXT,"
	" kind TEXT NOT NULL CHECK (kind IN ('state', 'observer_state',"
	"  'non_member_state', 'former_state', 'organization')),"
	" un_member_since TEXT CHECK (un_member_since IS NULL OR"
	"  un_member_since GLOB " ISO_DATE_GLOB "),"
	" wikidata TEXT,"
	" source_url TEXT NOT NULL,"
	" note TEXT"
	") STRICT;"
	"CREATE TABLE group_member ("
	" id INTEGER PRIMARY KEY,"
	" grp TEXT NOT NULL CHECK (grp <> ''),"
	" iso3 TEXT NOT NULL REFERENCES participant(iso3),"
	" from_date TEXT CHECK (from_date IS NULL OR from_date GLOB " ISO_DATE_GLOB "),"
	" to_date TEXT CHECK (to_date IS NULL OR to_date GLOB " ISO_DATE_GLOB "),"
	" source_url TEXT,"
	" note TEXT"
	") STRICT;"
	"CREATE INDEX group_member_iso3 ON group_member(iso3);"
	"CREATE TABLE treaty ("
	" id TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),"
	" rules_json TEXT NOT NULL,"
	" origin TEXT,"
	" record_files TEXT"
	") STRICT;"
	"CREATE TABLE change ("
	" id INTEGER PRIMARY KEY,"
	" at TEXT NOT NULL CHECK (at GLOB " STAMP_GLOB "),"
	" who TEXT NOT NULL CHECK (who <> ''),"
	" why TEXT NOT NULL,"
	" acts INTEGER NOT NULL CHECK (acts >= 0)"
	") STRICT;"
	"CREATE TABLE act ("
	" id INTEGER PRIMARY KEY,"
	" treaty TEXT NOT NULL REFERENCES treaty(id),"
	" state TEXT NOT NULL REFERENCES participant(iso3),"
	" action TEXT NOT NULL CHECK (action IN ('announcement',"
	"  'government_decision', 'parliament_approval',"
	"  'head_of_state_signature', 'signature', 'ratification', 'acceptance',"
	"  'approval', 'accession', 'succession', 'consent',"
	"  'formal_confirmation', 'provisional_application', 'reservation',"
	"  'declaration', 'territorial_application', 'communication',"
	"  'withdrawal', 'suspension_claim', 'objection')),"
	" date TEXT NOT NULL CHECK (date GLOB " ISO_DATE_GLOB "),"
	" effective TEXT CHECK (effective IS NULL OR effective GLOB " ISO_DATE_GLOB "),"
	" target TEXT REFERENCES participant(iso3),"
	" source_url TEXT NOT NULL CHECK (source_url <> ''),"
	" note TEXT,"
	" origin TEXT,"
	" recorded_at TEXT NOT NULL CHECK (recorded_at GLOB " STAMP_GLOB "),"
	" change_id INTEGER REFERENCES change(id),"
	" supersedes INTEGER REFERENCES act(id)"
	") STRICT;"
	"CREATE INDEX act_treaty_state ON act(treaty, state);"
	"CREATE INDEX act_state ON act(state);"
	"CREATE INDEX act_target ON act(target);"
	"CREATE INDEX act_change ON act(change_id);"
	"CREATE INDEX act_supersedes ON act(supersedes);"
	"CREATE TABLE armed_conflict ("
	" id INTEGER PRIMARY KEY,"
	" state TEXT NOT NULL REFERENCES participant(iso3),"
	" from_date TEXT CHECK (from_date IS NULL OR from_date GLOB " ISO_DATE_GLOB "),"
	" to_date TEXT CHECK (to_date IS NULL OR to_date GLOB " ISO_DATE_GLOB "),"
	" source_url TEXT NOT NULL,"
	" note TEXT,"
	" origin TEXT"
	") STRICT;"
	"CREATE INDEX armed_conflict_state ON armed_conflict(state);";

/* A version-1 file as an older pacta left it (application_id "PACT"):
 * the participants given (SQL values), and the treaty. */
static void make_v1_file(const char *path, const char *participants)
{
	char *sql;

	raw_exec(path, "PRAGMA application_id = 1346454356;");
	raw_exec(path, schema_v1);
	sql = sqlite3_mprintf("INSERT INTO participant (iso3, iso2, name, kind, source_url) VALUES %s;"
			      "INSERT INTO treaty (id, rules_json, origin) VALUES"
			      " ('tt', %Q, 'treaties/tt.json');",
			      participants, rules_json);
	assert_non_null(sql);
	raw_exec(path, sql);
	sqlite3_free(sql);
}

static void test_migrate_v1(void **state)
{
	struct fixture *f = *state;
	char fresh[600];
	char schema[16384], new_schema[16384];
	pacta_record *rec, *back;
	pacta_history_entry *h = NULL;
	pacta_store *st;
	pacta_error err;
	size_t n = 0;

	/* Two participants, the treaty, one change and two acts. */
	make_v1_file(f->path,
		     "('LVA', 'LV', 'Latvia', 'state', 'https://example.org/states'),"
		     " ('RUS', 'RU', 'Russian Federation', 'state', 'https://example.org/states')");
	raw_exec(f->path, "INSERT INTO change (at, who, why, acts) VALUES"
			  " ('2024-01-02T10:00:00Z', 'importer', 'first import', 2);"
			  "INSERT INTO act (treaty, state, action, date, source_url, note, origin,"
			  " recorded_at, change_id) VALUES"
			  " ('tt', 'LVA', 'signature', '1997-12-03', 'https://example.org/a', NULL,"
			  "  'tt/acts.csv:2', '2024-01-02T10:00:00Z', 1),"
			  " ('tt', 'RUS', 'accession', '2010-01-04', 'https://example.org/r',"
			  "  'late', 'tt/acts.csv:3', '2024-01-02T10:00:00Z', 1);"
			  "PRAGMA user_version = 1;");
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 1);
	schema_of(f->path, schema, sizeof(schema));
	assert_null(strstr(schema, "obligation_event"));

	/* Opening it migrates it, without create. */
	st = open_store(f->path, false);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 12);
	/* Version 5 widened act.action in place; its indexes stay. */
	schema_of(f->path, schema, sizeof(schema));
	assert_non_null(strstr(schema, "action = 'signature' OR action = 'definitive_signature' OR action = 'ratification'"));
	assert_non_null(strstr(schema, "action = 'withdrawal' OR action = 'revocation' OR action = 'non_intent' OR action = 'ceased'"));
	assert_non_null(strstr(schema, "act_supersedes"));
	/* Version 6 widened obligation_event.event the same way. */
	assert_non_null(strstr(schema, "event = 'report_submitted' OR event = 'extension_requested')"));
	/* Version 8 widened act.action and change.layout, and added the
	 * depositary's columns. */
	assert_non_null(strstr(schema, "action = 'objection' OR action = 'reservation_withdrawal' OR action"
				       " = 'declaration_withdrawal' OR action = 'territorial_exclusion' OR"));
	/* Version 10 widened act.action once more. */
	assert_non_null(strstr(schema, "action = 'territorial_exclusion' OR action = 'provisional_application_end')"));
	assert_non_null(strstr(schema, "CHECK (layout IN (1, 2, 3))"));
	assert_non_null(strstr(schema, "notification TEXT"));
	assert_non_null(strstr(schema, "text TEXT"));
	assert_non_null(strstr(schema, "obligation_event_change"));
	raw_exec(f->path, "BEGIN; INSERT INTO act (treaty, state, action, date, source_url, recorded_at)"
			  " VALUES ('tt', 'RUS', 'revocation', '2023-11-02', 'https://example.org/r',"
			  " '2024-01-02T10:00:00Z');"
			  "INSERT INTO act (treaty, state, action, date, source_url, recorded_at)"
			  " VALUES ('tt', 'RUS', 'provisional_application_end', '2023-11-03',"
			  " 'https://example.org/r', '2024-01-02T10:00:00Z');"
			  "INSERT INTO obligation_event (treaty, state, article, event, date, deadline,"
			  " source_url) VALUES ('tt', 'RUS', '5', 'extension_requested', '2024-03-31',"
			  " '2026-01-01', 'https://example.org/r');");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pragma_integrity_check WHERE"
					  " integrity_check <> 'ok'"), 0);
	assert_int_equal(count_rows(f->path, "token"), 0);
	assert_int_equal(raw_int(f->path, "PRAGMA application_id"), 1346454356);
	/* Its one change became the snapshot, sealed as it stood (the first
	 * layout); the upgrade to the second layout is an entry of its own. */
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM change WHERE kind = 'snapshot'"
					  " AND length(hash) = 32 AND layout = 1"),
			 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM change WHERE kind = 'seal'"
					  " AND who = 'pacta' AND acts = 0 AND layout = 3"
					  " AND length(reference_hash) = 32"),
			 1);
	{
		pacta_verify_result v;
		assert_int_equal(pacta_store_verify(st, &v, &err), PACTA_OK);
		assert_int_equal(v.changes, 2);
		assert_int_equal(v.rows, 2);
	}
	assert_int_equal(count_rows(f->path, "obligation_event"), 0);
	back = load(st);
	assert_int_equal(back->n_participants, 2);
	assert_int_equal(back->n_treaties, 1);
	assert_int_equal(back->n_obligation_events, 0);
	assert_int_equal(back->n_acts, 2);
	assert_int_equal(back->acts[0].id, 1);
	assert_int_equal(back->acts[0].participant, 0);
	assert_int_equal(back->acts[0].action, PACTA_ACT_SIGNATURE);
	assert_int_equal(back->acts[0].date, day_of("1997-12-03"));
	assert_int_equal(back->acts[0].recorded, day_of("2024-01-02"));
	assert_string_equal(back->acts[0].origin, "store:act 1");
	assert_int_equal(back->acts[1].id, 2);
	assert_int_equal(back->acts[1].participant, 1);
	assert_int_equal(back->acts[1].action, PACTA_ACT_ACCESSION);
	assert_string_equal(back->acts[1].note, "late");
	assert_int_equal(pacta_store_history(st, &h, &n, &err), PACTA_OK);
	assert_int_equal(n, 2);
	assert_string_equal(h[0].why, "first import");
	assert_string_equal(h[1].kind, "seal");
	assert_string_equal(h[1].why, "upgrade from schema 1 to 12");
	free(h);
	pacta_record_free(back);

	/* The migrated file has the schema of a new one. */
	snprintf(fresh, sizeof(fresh), "%s-fresh", f->path);
	pacta_store_close(open_store(fresh, true));
	schema_of(fresh, new_schema, sizeof(new_schema));
	remove_db(fresh);
	schema_of(f->path, schema, sizeof(schema));
	assert_string_equal(schema, new_schema);

	/* And it takes obligation events. */
	rec = small_record();
	replace(st, rec, "importer", "second import");
	back = load(st);
	for (size_t i = 0; i < rec->n_acts; i++)
		rec->acts[i].id += 2;
	assert_same_record(rec, back);
	assert_stored_obligations(back);
	pacta_record_free(back);
	pacta_record_free(rec);
	pacta_store_close(st);

	/* Opening it again changes nothing. */
	st = open_store(f->path, false);
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 12);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM change WHERE kind = 'seal'"), 1);
	/* Version 5 widened act.action in place; its indexes stay. */
	schema_of(f->path, schema, sizeof(schema));
	assert_non_null(strstr(schema, "action = 'signature' OR action = 'definitive_signature' OR action = 'ratification'"));
	assert_non_null(strstr(schema, "action = 'withdrawal' OR action = 'revocation' OR action = 'non_intent' OR action = 'ceased'"));
	assert_non_null(strstr(schema, "act_supersedes"));
	raw_exec(f->path, "BEGIN; INSERT INTO act (treaty, state, action, date, source_url, recorded_at)"
			  " VALUES ('tt', 'RUS', 'revocation', '2023-11-02', 'https://example.org/r',"
			  " '2024-01-02T10:00:00Z');");
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM pragma_integrity_check WHERE"
					  " integrity_check <> 'ok'"), 0);
	/* The snapshot's acts were sealed under the first layout, which does
	 * not hash the depositary's columns: a value set there behind pacta's
	 * back is found all the same. */
	{
		pacta_verify_result v;
		assert_int_equal(pacta_store_verify(st, &v, &err), PACTA_OK);
		raw_exec(f->path, "DROP TRIGGER act_kept_update;"
				  "UPDATE act SET text = 'slipped in' WHERE id = 1;");
		assert_int_equal(pacta_store_verify(st, &v, &err), PACTA_ERR_INTEGRITY);
		assert_non_null(strstr(err.message, "act 1 holds depositary fields"));
		assert_non_null(strstr(err.message, "layout (1)"));
	}
	pacta_store_close(st);
}


/* A file whose history does not hold is not upgraded (nor sealed over):
 * here a version-1 file with an act that belongs to no change. */
static void test_upgrade_refuses_a_broken_chain(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = NULL;
	pacta_error err;

	make_v1_file(f->path, "('LVA', 'LV', 'Latvia', 'state', 'https://example.org/states')");
	raw_exec(f->path, "INSERT INTO change (at, who, why, acts) VALUES"
			  " ('2024-01-02T10:00:00Z', 'importer', 'first import', 1);"
			  "INSERT INTO act (treaty, state, action, date, source_url, recorded_at,"
			  " change_id) VALUES"
			  " ('tt', 'LVA', 'signature', '1997-12-03', 'https://example.org/a',"
			  "  '2024-01-02T10:00:00Z', 1),"
			  " ('tt', 'LVA', 'accession', '2010-01-04', 'https://example.org/b',"
			  "  '2024-01-02T10:00:00Z', 99);"
			  "PRAGMA user_version = 1;");
	assert_int_equal(pacta_store_open(f->path, 0, &st, &err), PACTA_ERR_INTEGRITY);
	assert_null(st);
	assert_non_null(strstr(err.message, "act 2 belongs to no history entry (change 99)"));
	assert_non_null(strstr(err.message, "did not upgrade the file"));
	/* Left as it was. */
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'token'"),
			 0);
}

/* ---- Tamper evidence ---- */

/* SQL on a file with a plain connection; the SQLite result code. */
static int raw_try(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* A store with three sealed changes: the snapshot (acts 1-5), two acts of
 * the EU appended (6, 7), and a correction of act 6 (act 8). */
static void three_changes(const char *path)
{
	pacta_record *rec = small_record();
	pacta_store *st = open_store(path, true);
	pacta_record *back;
	pacta_verify_result v;
	pacta_act fixed;
	pacta_error err;
	uint32_t new_id = 0;

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	back = load(st);
	add_new_act(back, 2, PACTA_ACT_FORMAL_CONFIRMATION, "2012-02-02",
		    "https://example.org/eu1");
	add_new_act(back, 2, PACTA_ACT_DECLARATION, "2012-02-02", "https://example.org/eu2");
	assert_int_equal(pacta_store_append_acts(st, back, 0, "alice", "two acts of the EU", &err),
			 PACTA_OK);
	for (size_t i = 0; i < back->n_acts; i++)
		if (back->acts[i].id == 6)
			fixed = back->acts[i];
	fixed.date = day_of("2012-03-03");
	fixed.source_url = "https://example.org/eu1-fixed";
	assert_int_equal(pacta_store_correct_act(st, back, 6, &fixed, "alice", "date misread",
						 &new_id, &err),
			 PACTA_OK);
	assert_int_equal(new_id, 8);
	memset(&v, 0, sizeof(v));
	assert_int_equal(pacta_store_verify(st, &v, &err), PACTA_OK);
	assert_int_equal(v.changes, 3);
	assert_int_equal(v.rows, 8 + 3);
	assert_int_equal(strlen(v.head), 64);
	pacta_record_free(back);
	pacta_store_close(st);
}

/* Verifies path and expects the first broken entry to be `where` with
 * `what` in the message (where NULL: corruption or an orphan row). */
static void assert_broken(const char *path, pacta_rc code, const char *where, const char *what)
{
	pacta_store *st = NULL;
	pacta_verify_result v;
	pacta_error err;
	pacta_rc rc;

	memset(&err, 0, sizeof(err));
	rc = pacta_store_open(path, 0, &st, &err);
	if (rc == PACTA_OK)
		rc = pacta_store_verify(st, &v, &err);
	pacta_store_close(st);
	if (rc != code || (where && strcmp(err.where, where) != 0) ||
	    !strstr(err.message, what))
		fail_msg("verify: %d %s: %s (expected %d %s: ...%s...)", (int)rc, err.where,
			 err.message, (int)code, where ? where : "", what);
}

static void test_triggers_refuse_edits(void **state)
{
	struct fixture *f = *state;

	three_changes(f->path);
	assert_int_equal(raw_try(f->path, "UPDATE act SET date = '1999-01-01' WHERE id = 2"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_try(f->path, "DELETE FROM act WHERE id = 2"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try(f->path, "UPDATE change SET who = 'mallory' WHERE id = 2"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_try(f->path, "DELETE FROM change WHERE id = 3"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try(f->path, "DELETE FROM obligation_event"), SQLITE_CONSTRAINT);
	assert_int_equal(raw_try(f->path, "UPDATE obligation_event SET value = 7"),
			 SQLITE_CONSTRAINT);
	/* A sealed change takes no more acts. */
	assert_int_equal(raw_try(f->path,
				 "INSERT INTO act (treaty, state, action, date, source_url,"
				 " recorded_at, change_id) VALUES ('tt', 'LVA', 'declaration',"
				 " '2013-01-01', 'https://example.org/x', '2024-01-01T00:00:00Z', 2)"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(count_rows(f->path, "act"), 8);
	assert_broken(f->path, PACTA_OK, NULL, "");
}

/* What anyone with the file can do first. */
static const char drop_triggers[] =
	"DROP TRIGGER act_kept_update; DROP TRIGGER act_kept_delete;"
	"DROP TRIGGER act_unsealed; DROP TRIGGER change_sealed;"
	"DROP TRIGGER change_kept; DROP TRIGGER obligation_event_kept_delete;";

/* Triggers can be dropped by anyone with the file: verify still finds each
 * edit made behind pacta's back. */
static void test_verify_finds_tampering(void **state)
{
	static const struct {
		const char *sql;
		const char *where;
		const char *what;
	} cases[] = {
		{"UPDATE act SET date = '1999-01-01' WHERE id = 2", "change 1", "were altered"},
		{"DELETE FROM act WHERE id = 7", "change 2",
		 "it added 2 acts, the database now holds 1"},
		/* Slipped in under a sealed change: it comes after that change's
		 * rows. */
		{"INSERT INTO act (treaty, state, action, date, source_url, recorded_at, change_id)"
		 " VALUES ('tt', 'LVA', 'declaration', '2013-01-01', 'https://example.org/x',"
		 " '2024-01-01T00:00:00Z', 2)",
		 "", "act 9 says change 2 added it, but comes after the rows of later changes"},
		{"INSERT INTO act (id, treaty, state, action, date, source_url, recorded_at,"
		 " change_id) VALUES (100, 'tt', 'LVA', 'declaration', '2013-01-01',"
		 " 'https://example.org/x', '2024-01-01T00:00:00Z', 9)",
		 "", "act 100 belongs to no history entry (change 9)"},
		{"INSERT INTO act (treaty, state, action, date, source_url, recorded_at)"
		 " VALUES ('tt', 'LVA', 'declaration', '2013-01-01', 'https://example.org/x',"
		 " '2024-01-01T00:00:00Z')",
		 "", "act 9 belongs to no history entry"},
		{"UPDATE change SET who = 'mallory' WHERE id = 2", "change 2", "the entry itself"},
		{"UPDATE change SET at = '2020-01-01T00:00:00Z' WHERE id = 3", "change 3",
		 "the entry itself"},
		{"DELETE FROM change WHERE id = 2", "change 3", "does not follow change 1"},
		{"DELETE FROM obligation_event WHERE id = 3", "change 1", "were altered"},
		{"UPDATE participant SET name = 'Latvija' WHERE iso3 = 'LVA'", "change 3",
		 "participants, groups, treaties"},
		{"INSERT INTO token (name, hash, created_at) VALUES ('mallory', zeroblob(32),"
		 " '2024-01-01T00:00:00Z')",
		 "change 3", "or tokens, were altered"},
		{"UPDATE treaty SET origin = 'elsewhere'", "change 3", "participants, groups, treaties"},
		/* The schema is sealed too: here the dropped triggers alone. */
		{"SELECT 1", "change 3", "the schema, or the participants"},
		/* An act moved to a later change: both content hashes break; the
		 * first is reported. */
		{"UPDATE act SET change_id = 3 WHERE id = 7", "change 2", "it added 2 acts"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		remove_db(((struct fixture *)*state)->path);
		three_changes(((struct fixture *)*state)->path);
		assert_int_equal(raw_try(((struct fixture *)*state)->path, drop_triggers), SQLITE_OK);
		assert_int_equal(raw_try(((struct fixture *)*state)->path, cases[i].sql), SQLITE_OK);
		assert_broken(((struct fixture *)*state)->path, PACTA_ERR_INTEGRITY, cases[i].where,
			      cases[i].what);
	}
}

/*
 * A checked load hashes the reference tables as it reads them (the treaty
 * table once, for its rows and for their own-field columns): an edit of
 * any of them is found as pacta verify finds it, with the same error, and
 * before any error of the loader's (a date that does not read, a row in
 * place of another). An unedited file is loaded without the check reading
 * the tables again. The same with no room for the treaty_own rows the load
 * keeps (limit 0; SIZE_MAX: the connection's own): the check reads the
 * tables itself, every time, and finds the same.
 */
/* The threads of this process now (/proc/self/task), or -1 where the
 * system does not say. */
static int threads_now(void)
{
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void reference_tampering(void **state, size_t limit, size_t help_after)
{
	static const char *const cases[] = {
		"UPDATE treaty SET name = 'P one' WHERE id = 'p-1'",
		"UPDATE treaty SET instruments = 3 WHERE id = 'p-1'",
		"UPDATE treaty SET eif_stated = NULL WHERE id = 'p-1'",
		/* The loader refuses the date: the chain's error comes first. */
		"UPDATE treaty SET adopted = '2003-02-30' WHERE id = 'p-1'",
		"UPDATE treaty SET rules_json = rules_json || ' ' WHERE id = 'p-2'",
		"UPDATE treaty SET origin = NULL WHERE id = 'p-2'",
		"UPDATE treaty SET record_files = 'acts.csv' WHERE id = 'p-3'",
		/* Read from its file instead: the same treaty, loaded alike. */
		"UPDATE treaty SET clauses = NULL, name = NULL, title = NULL, adopted = NULL,"
		" opened_for_signature = NULL, source_url = NULL, instruments = NULL"
		" WHERE id = 'p-3'",
		"UPDATE treaty SET rowid = 100 WHERE id = 'p-1'",
		"DELETE FROM treaty WHERE id = 'p-2'",
		"INSERT INTO treaty (id, rules_json, origin) SELECT 'p-4', replace(rules_json,"
		" 'p-3', 'p-4'), origin FROM treaty WHERE id = 'p-3'",
		"UPDATE clauses SET origin = 'elsewhere'",
		"UPDATE participant SET name = 'Latvija' WHERE iso3 = 'LVA'",
		"DELETE FROM armed_conflict",
		"SELECT 1",
	};
	struct fixture *f = *state;
	char *canonical = NULL;
	pacta_record *rec = clauses_record(&canonical);
	pacta_store_checks c0, c1;
	pacta_record *back;
	pacta_error err, verr;
	pacta_verify_result v;

	free(canonical);
	for (size_t i = 0; i <= sizeof(cases) / sizeof(cases[0]); i++) {
		remove_db(f->path);
		pacta_store *st = open_store(f->path, true);
		replace(st, rec, "importer", "shared clauses");
		pacta_store_close(st);
		if (i < sizeof(cases) / sizeof(cases[0])) {
			assert_int_equal(raw_try(f->path, drop_triggers), SQLITE_OK);
			assert_int_equal(raw_try(f->path, cases[i]), SQLITE_OK);
		}
		st = open_store(f->path, false);
		if (limit != SIZE_MAX)
			pacta_store_ref_later_max_(st, limit);
		pacta_store_help_after_(st, help_after);
		pacta_store_checks_(st, &c0);
		back = NULL;
		memset(&err, 0, sizeof(err));
		int threads = threads_now();
		pacta_rc rc = pacta_store_load(st, &back, &err);
		/* Whether it loaded or stopped, no thread is left behind. */
		assert_int_equal(threads_now(), threads);
		pacta_store_checks_(st, &c1);
		memset(&verr, 0, sizeof(verr));
		pacta_rc vrc = pacta_store_verify(st, &v, &verr);
		pacta_store_close(st);
		assert_int_equal(c1.full, c0.full + 1);
		if (limit == 0) /* the rows not kept: the tables read again */
			assert_int_equal(c1.reference, c0.reference + 1);
		if (i == sizeof(cases) / sizeof(cases[0])) {
			/* Not edited: the hash the load made was the check's. */
			assert_int_equal(rc, PACTA_OK);
			assert_int_equal(vrc, PACTA_OK);
			if (limit != 0)
				assert_int_equal(c1.reference, c0.reference);
			assert_same_record(rec, back);
			pacta_record_free(back);
			continue;
		}
		if (rc != PACTA_ERR_INTEGRITY || vrc != PACTA_ERR_INTEGRITY ||
		    strcmp(err.where, verr.where) != 0 || strcmp(err.message, verr.message) != 0)
			fail_msg("case %zu (limit %zu): load %d %s: %s; verify %d %s: %s", i, limit,
				 (int)rc, err.where, err.message, (int)vrc, verr.where,
				 verr.message);
		assert_null(back);
	}
	pacta_record_free(rec);
}

static void test_load_finds_reference_tampering(void **state)
{
	reference_tampering(state, SIZE_MAX, CHAIN_HELP_AFTER);
}

static void test_load_past_its_limit_finds_reference_tampering(void **state)
{
	reference_tampering(state, 0, CHAIN_HELP_AFTER);
}

/* The same with every hash of the check helped from its first bytes on (a
 * thread of its own hashing, chain_begin_helped()), as a large file's are:
 * the same answers, and a load that stops before the treaty table's end
 * (the date refused above) ends its thread too, which the sanitizers' run
 * would report otherwise. */
static void test_load_helped_finds_reference_tampering(void **state)
{
	reference_tampering(state, SIZE_MAX, 0);
	reference_tampering(state, 0, 0);
}

/*
 * The treaty_own rows a checked load keeps, under every limit from none to
 * what they take (so that it runs out before the first row, inside one,
 * between two, or just fits), and over it: the same record each time, the
 * tables read again whenever the rows did not fit, and never once they do.
 */
static void test_load_past_its_limit(void **state)
{
	struct fixture *f = *state;
	char *canonical = NULL;
	pacta_record *rec = clauses_record(&canonical);
	pacta_store_checks c0, c1;
	pacta_store *st;
	size_t fits = 0;

	free(canonical);
	st = open_store(f->path, true);
	replace(st, rec, "importer", "shared clauses");
	pacta_store_close(st);
	st = open_store(f->path, false);
	for (size_t limit = 0; !fits || limit <= fits + 2; limit++) {
		pacta_store_ref_later_max_(st, limit);
		/* Every other load with its hashes helped from the start. */
		pacta_store_help_after_(st, limit % 2 ? 0 : CHAIN_HELP_AFTER);
		pacta_store_checks_(st, &c0);
		pacta_record *back = load(st);
		pacta_store_checks_(st, &c1);
		assert_int_equal(c1.full, c0.full + 1);
		assert_same_record(rec, back);
		pacta_record_free(back);
		if (c1.reference == c0.reference + 1) {
			assert_int_equal(fits, 0); /* none past the first that fit */
			if (limit > 64 * 1024)
				fail_msg("the treaties' own fields take more than %zu bytes",
					 limit);
			continue;
		}
		assert_int_equal(c1.reference, c0.reference);
		if (!fits) {
			assert_true(limit > 0);
			fits = limit;
		}
	}
	assert_true(fits > 0);
	pacta_store_close(st);
	pacta_record_free(rec);
}

/* Denies the reading of the table arg names (its statements will not
 * prepare). */
static int deny_read(void *arg, int action, const char *a, const char *b, const char *db,
		     const char *trigger)
{
	(void)b, (void)db, (void)trigger;
	return action == SQLITE_READ && a && strcmp(a, (const char *)arg) == 0 ? SQLITE_DENY :
										 SQLITE_OK;
}

/*
 * A reference table a checked load cannot read: one the load's hash reads
 * after the treaty table and the loader not at all (token), or one both
 * read before it (group_member, clauses), or between (armed_conflict). The
 * load stops with the error pacta verify gives, on the same connection,
 * and gives no record.
 */
static void test_load_cannot_read_a_reference_table(void **state)
{
	static const char *const tables[] = { "token", "armed_conflict", "clauses", "group_member",
					      "participant" };
	struct fixture *f = *state;
	char *canonical = NULL;
	pacta_record *rec = clauses_record(&canonical);
	pacta_error err, verr;
	pacta_verify_result v;
	pacta_store *st;

	free(canonical);
	st = open_store(f->path, true);
	replace(st, rec, "importer", "shared clauses");
	pacta_store_close(st);
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		pacta_record *back = NULL;

		st = open_store(f->path, false);
		assert_int_equal(sqlite3_set_authorizer(store_db(st), deny_read, (void *)tables[i]),
				 SQLITE_OK);
		memset(&err, 0, sizeof(err));
		pacta_rc rc = pacta_store_load(st, &back, &err);
		memset(&verr, 0, sizeof(verr));
		pacta_rc vrc = pacta_store_verify(st, &v, &verr);
		pacta_store_close(st);
		if (rc != PACTA_ERR_DB || vrc != PACTA_ERR_DB ||
		    strcmp(err.where, verr.where) != 0 || strcmp(err.message, verr.message) != 0 ||
		    !strstr(err.message, tables[i]))
			fail_msg("%s: load %d %s: %s; verify %d %s: %s", tables[i], (int)rc,
				 err.where, err.message, (int)vrc, verr.where, verr.message);
		assert_null(back);
	}
	pacta_record_free(rec);
}

/* Flips one byte of the file itself, inside an act's source URL (so in a
 * page holding act data): verify reports the change it belongs to. */
static void test_verify_finds_flipped_byte(void **state)
{
	struct fixture *f = *state;
	static const char needle[] = "https://example.org/eu2";
	FILE *fp;
	long size, at = -1;
	char *buf;

	three_changes(f->path);
	/* Closing the last connection checkpointed the WAL into the file. */
	fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_true(size > 0);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	rewind(fp);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	for (long i = 0; i + (long)sizeof(needle) - 1 <= size; i++)
		if (memcmp(buf + i, needle, sizeof(needle) - 1) == 0)
			at = i;
	assert_true(at > 0);
	/* "eu2" becomes "eu3". */
	assert_int_equal(fseek(fp, at + (long)sizeof(needle) - 2, SEEK_SET), 0);
	assert_int_equal(fputc('3', fp), '3');
	assert_int_equal(fclose(fp), 0);
	free(buf);
	assert_broken(f->path, PACTA_ERR_INTEGRITY, "change 2", "were altered");
}

/* The file's bytes, and writing them back. */
static char *read_file(const char *path, long *size)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	*size = ftell(fp);
	assert_true(*size > 0);
	buf = malloc((size_t)*size);
	assert_non_null(buf);
	rewind(fp);
	assert_int_equal(fread(buf, 1, (size_t)*size, fp), (size_t)*size);
	fclose(fp);
	return buf;
}

static void write_file(const char *path, const char *buf, long size)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, (size_t)size, fp), (size_t)size);
	assert_int_equal(fclose(fp), 0);
}

/* One act of the EU appended on st, dated day. */
static void append_one(pacta_store *st, const char *day, const char *url, pacta_rc want)
{
	pacta_record *back = load(st);
	pacta_error err;

	add_new_act(back, 2, PACTA_ACT_DECLARATION, day, url);
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	memset(&err, 0, sizeof(err));
	pacta_rc rc = pacta_store_append_acts(st, back, 0, "alice", "one act", &err);
	if (rc != want)
		fail_msg("append: %d %s: %s (expected %d)", (int)rc, err.where, err.message,
			 (int)want);
	pacta_record_free(back);
}

/* A write on a connection whose loads and writes verified the chain: so
 * that none of them counts, the writes below go through records built
 * before. */
static void append_on(pacta_store *st, pacta_record *rec, const char *url, pacta_rc want,
		      pacta_error *err)
{
	add_new_act(rec, 2, PACTA_ACT_DECLARATION, "2013-01-01", url);
	assert_int_equal(pacta_record_finish(rec, err), PACTA_OK);
	memset(err, 0, sizeof(*err));
	pacta_rc rc = pacta_store_append_acts(st, rec, 0, "alice", "one act", err);
	if (rc != want)
		fail_msg("append: %d %s: %s (expected %d)", (int)rc, err->where, err->message,
			 (int)want);
}

/*
 * A long-lived connection (the service's) checks the whole chain once, then
 * each of its writes only the tip, while nothing else writes; a write after
 * another connection's checks it all again. What the quick writes sealed
 * verifies in full on a connection of its own.
 */
static void test_writes_check_incrementally(void **state)
{
	struct fixture *f = *state;
	pacta_store *st, *other;
	pacta_store_checks c0, c1, c2, c3;
	pacta_record *rec;
	pacta_error err;
	pacta_act fixed;
	uint32_t new_id = 0;

	three_changes(f->path);
	st = open_store(f->path, false);
	rec = load(st); /* the one full check */
	pacta_store_checks_(st, &c0);
	assert_int_equal(c0.full, 1);
	assert_int_equal(c0.quick, 0);
	append_on(st, rec, "https://example.org/q1", PACTA_OK, &err);
	append_on(st, rec, "https://example.org/q2", PACTA_OK, &err);
	for (size_t i = 0; i < rec->n_acts; i++)
		if (rec->acts[i].id == 7)
			fixed = rec->acts[i];
	fixed.date = day_of("2012-04-04");
	assert_int_equal(pacta_store_correct_act(st, rec, 7, &fixed, "alice", "date misread",
						 &new_id, &err),
			 PACTA_OK);
	pacta_store_checks_(st, &c1);
	assert_int_equal(c1.full, 1);
	assert_int_equal(c1.quick, 3);

	/* Another connection writes: the next write checks everything. */
	other = open_store(f->path, false);
	append_one(other, "2013-02-02", "https://example.org/other", PACTA_OK);
	pacta_store_close(other);
	pacta_record_free(rec);
	rec = load(st); /* a load checks in full, as ever */
	pacta_store_checks_(st, &c2);
	assert_int_equal(c2.full, 2);
	append_on(st, rec, "https://example.org/q3", PACTA_OK, &err);
	pacta_store_checks_(st, &c3);
	assert_int_equal(c3.full, 2);
	assert_int_equal(c3.quick, 4);
	pacta_record_free(rec);
	pacta_store_close(st);
	/* Everything the quick writes sealed holds under the full check. */
	assert_broken(f->path, PACTA_OK, NULL, "");
}

/* The service's connection has verified the chain and written; then
 * another connection alters the file through SQLite and commits (its
 * triggers dropped first). The service's next write sees the data version
 * move, checks the whole chain and refuses, whatever was altered. */
static void test_write_after_another_writer_checks_all(void **state)
{
	static const struct {
		const char *sql;
		const char *where;
	} cases[] = {
		{"UPDATE act SET date = '1999-01-01' WHERE id = 2", "change 1"},
		{"DELETE FROM act WHERE id = 7", "change 2"},
		{"UPDATE change SET who = 'mallory' WHERE id = 2", "change 2"},
		/* The tip itself, rewritten. */
		{"UPDATE change SET why = 'nothing' WHERE id = 4", "change 4"},
		{"DELETE FROM change WHERE id = 4", ""},
		{"UPDATE participant SET name = 'Latvija' WHERE iso3 = 'LVA'", "change 4"},
		{"UPDATE treaty SET origin = 'elsewhere'", "change 4"},
		{"SELECT 1", "change 4"},
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pacta_store_checks c0, c1;
		pacta_record *rec;
		pacta_error err;

		remove_db(f->path);
		three_changes(f->path);
		pacta_store *st = open_store(f->path, false);
		rec = load(st);
		append_on(st, rec, "https://example.org/before", PACTA_OK, &err);
		pacta_store_checks_(st, &c0);
		assert_int_equal(c0.quick, 1);
		assert_int_equal(raw_try(f->path, drop_triggers), SQLITE_OK);
		assert_int_equal(raw_try(f->path, cases[i].sql), SQLITE_OK);
		append_on(st, rec, "https://example.org/after", PACTA_ERR_INTEGRITY, &err);
		if (cases[i].where[0] && strcmp(err.where, cases[i].where) != 0)
			fail_msg("case %zu: %s: %s (expected %s)", i, err.where, err.message,
				 cases[i].where);
		assert_non_null(strstr(err.message, "nothing was written"));
		pacta_store_checks_(st, &c1);
		assert_int_equal(c1.full, c0.full + 1);
		assert_int_equal(c1.quick, c0.quick);
		pacta_record_free(rec);
		pacta_store_close(st);
	}
}

/*
 * What a long-lived connection does not see: the file's bytes edited under
 * SQLite, with no commit (so no data version moves). Its next write checks
 * the tip only and goes through; the alteration is found by the next full
 * check, here a new connection's (as at the service's restart, pacta
 * verify, or any other process's write and then the service's next one).
 */
static void test_file_edited_without_a_commit(void **state)
{
	struct fixture *f = *state;
	static const char needle[] = "invasion of Ukraine";
	pacta_store_checks c;
	pacta_record *rec;
	pacta_error err;
	long size, at = -1;
	char *buf;

	three_changes(f->path);
	pacta_store *st = open_store(f->path, false);
	rec = load(st);
	append_on(st, rec, "https://example.org/before", PACTA_OK, &err);
	/* Everything in the file, none in the log, so the edit below is of
	 * the pages SQLite reads. */
	sqlite3 *db = pacta_store_sqlite_(st, false, &err);
	assert_non_null(db);
	assert_int_equal(sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL,
						   NULL),
			 SQLITE_OK);
	buf = read_file(f->path, &size);
	for (long i = 0; i + (long)sizeof(needle) - 1 <= size; i++)
		if (memcmp(buf + i, needle, sizeof(needle) - 1) == 0)
			at = i;
	assert_true(at > 0);
	free(buf);
	FILE *fp = fopen(f->path, "r+b"); /* "Ukraine" becomes "Ukrainf" */
	assert_non_null(fp);
	assert_int_equal(fseek(fp, at + (long)sizeof(needle) - 2, SEEK_SET), 0);
	assert_int_equal(fputc('f', fp), 'f');
	assert_int_equal(fclose(fp), 0);

	append_on(st, rec, "https://example.org/after", PACTA_OK, &err);
	pacta_store_checks_(st, &c);
	assert_int_equal(c.full, 1);
	assert_int_equal(c.quick, 2);
	pacta_record_free(rec);
	pacta_store_close(st);
	assert_broken(f->path, PACTA_ERR_INTEGRITY, "change 5", "armed-conflict periods");
}

/*
 * The attack the first layout of the chain missed: two participants' codes
 * swapped in the table's own page (six bytes), their index left as it was.
 * The first layout read the participants through that index (in code
 * order, the codes from the index), so it saw nothing, while the loader
 * read the table: Latvia's row then answered for Russia. Now the check and
 * the loader both read the table, and the load is refused.
 */
static void test_swapped_codes_are_found(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = NULL;
	pacta_record *rec = NULL;
	pacta_error err;
	long size, page, root, lva = -1, rus = -1;
	char *buf;

	three_changes(f->path);
	page = (long)raw_int(f->path, "PRAGMA page_size");
	root = (long)raw_int(f->path,
			     "SELECT rootpage FROM sqlite_schema WHERE name = 'participant'");
	buf = read_file(f->path, &size);
	for (long i = (root - 1) * page; i + 3 <= root * page && i + 3 <= size; i++) {
		if (memcmp(buf + i, "LVA", 3) == 0)
			lva = i;
		if (memcmp(buf + i, "RUS", 3) == 0)
			rus = i;
	}
	assert_true(lva > 0 && rus > 0);
	memcpy(buf + lva, "RUS", 3);
	memcpy(buf + rus, "LVA", 3);
	write_file(f->path, buf, size);
	free(buf);

	assert_broken(f->path, PACTA_ERR_INTEGRITY, "change 3", "participants, groups, treaties");
	st = open_store(f->path, false);
	assert_int_equal(pacta_store_load(st, &rec, &err), PACTA_ERR_INTEGRITY);
	assert_null(rec);
	assert_int_equal(pacta_store_check(st, &err), PACTA_ERR_INTEGRITY);
	pacta_store_close(st);
	/* Trusted, it loads as the table says: the codes swapped. */
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_TRUST, &st, &err), PACTA_OK);
	assert_int_equal(pacta_store_load(st, &rec, &err), PACTA_OK);
	assert_string_equal(rec->participants[0].iso3, "RUS");
	assert_string_equal(rec->participants[0].name, "Latvia");
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* A file missing its last 100 bytes: refused on every load, before the
 * chain is read. */
static void test_truncated_file_is_refused(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = NULL;
	pacta_record *rec = NULL;
	pacta_error err;
	long size;
	char *buf;

	three_changes(f->path);
	buf = read_file(f->path, &size);
	write_file(f->path, buf, size - 100);
	free(buf);
	st = open_store(f->path, false);
	assert_int_equal(pacta_store_load(st, &rec, &err), PACTA_ERR_INTEGRITY);
	assert_non_null(strstr(err.message, "cut short"));
	pacta_store_close(st);
}

/* A page header overwritten: SQLite's own check names the corruption. */
static void test_verify_reports_corruption(void **state)
{
	struct fixture *f = *state;
	long page, root;
	FILE *fp;

	three_changes(f->path);
	page = (long)raw_int(f->path, "PRAGMA page_size");
	root = (long)raw_int(f->path, "SELECT rootpage FROM sqlite_schema WHERE name = 'act'");
	fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	/* The b-tree page's type byte and cell count: nonsense values. */
	assert_int_equal(fseek(fp, (root - 1) * page, SEEK_SET), 0);
	assert_int_equal(fputc(0x07, fp), 0x07);
	assert_int_equal(fputc(0xff, fp), 0xff);
	assert_int_equal(fclose(fp), 0);
	assert_broken(f->path, PACTA_ERR_INTEGRITY, NULL, "damaged");
}

/* Bitemporal: a correction supersedes only once it is recorded; a
 * snapshot hides earlier acts, except when asked as recorded before it. */
static void test_load_as_recorded(void **state)
{
	struct fixture *f = *state;
	pacta_store *st;
	pacta_record *now, *then;
	pacta_error err;
	char stamp[PACTA_STAMP_BUFSZ];
	bool six = false, eight = false;

	three_changes(f->path);
	st = open_store(f->path, false);
	now = load(st);
	assert_int_equal(now->n_acts, 7);
	for (size_t i = 0; i < now->n_acts; i++) {
		six = six || now->acts[i].id == 6;
		eight = eight || now->acts[i].id == 8;
	}
	assert_false(six);
	assert_true(eight);
	/* Far in the future: the same. */
	assert_int_equal(pacta_store_parse_stamp("9999-12-31", stamp, &err), PACTA_OK);
	assert_string_equal(stamp, "9999-12-31T23:59:59Z");
	assert_int_equal(pacta_store_load_as_recorded(st, stamp, &then, &err), PACTA_OK);
	assert_int_equal(then->n_acts, 7);
	pacta_record_free(then);
	/* Before anything was recorded. */
	assert_int_equal(pacta_store_parse_stamp("2000-01-01T00:00:00Z", stamp, &err), PACTA_OK);
	assert_int_equal(pacta_store_load_as_recorded(st, stamp, &then, &err), PACTA_ERR_NOTFOUND);
	assert_null(then);
	assert_non_null(strstr(err.message, "nothing was recorded by 2000-01-01T00:00:00Z"));
	pacta_record_free(now);
	pacta_store_close(st);

	/* The correction and the append dated back (with triggers off, as
	 * a fixture): as recorded in between, act 6 is there, not 8. */
	raw_exec(f->path, "DROP TRIGGER change_sealed;"
			  "UPDATE change SET at = '2030-01-01T00:00:00Z' WHERE id = 3;"
			  "UPDATE change SET at = '2020-01-01T00:00:00Z' WHERE id = 2;"
			  "UPDATE change SET at = '2010-01-01T00:00:00Z' WHERE id = 1;");
	/* Such a file fails its check: only a trusting store loads it. */
	st = open_store(f->path, false);
	assert_int_equal(pacta_store_load(st, &then, &err), PACTA_ERR_INTEGRITY);
	assert_null(then);
	assert_string_equal(err.where, "change 1");
	pacta_store_close(st);
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_TRUST, &st, &err), PACTA_OK);
	assert_int_equal(pacta_store_parse_stamp("2025-06-30", stamp, &err), PACTA_OK);
	assert_int_equal(pacta_store_load_as_recorded(st, stamp, &then, &err), PACTA_OK);
	six = eight = false;
	for (size_t i = 0; i < then->n_acts; i++) {
		six = six || then->acts[i].id == 6;
		eight = eight || then->acts[i].id == 8;
	}
	assert_true(six);
	assert_false(eight);
	assert_int_equal(then->n_acts, 7);
	pacta_record_free(then);
	assert_int_equal(pacta_store_parse_stamp("2015-01-01", stamp, &err), PACTA_OK);
	assert_int_equal(pacta_store_load_as_recorded(st, stamp, &then, &err), PACTA_OK);
	assert_int_equal(then->n_acts, 5);
	pacta_record_free(then);
	/* Bad stamps. */
	assert_int_equal(pacta_store_parse_stamp("2015-02-30", stamp, &err), PACTA_ERR_PARSE);
	assert_int_equal(pacta_store_parse_stamp("2015-01-01T24:00:00Z", stamp, &err),
			 PACTA_ERR_PARSE);
	assert_int_equal(pacta_store_parse_stamp("2015-01-01T10:00:00", stamp, &err),
			 PACTA_ERR_PARSE);
	assert_int_equal(pacta_store_parse_stamp("", stamp, &err), PACTA_ERR_PARSE);
	pacta_store_close(st);
}

/* A load, checked or trusting: its rc, and err's where and message. */
static pacta_rc try_load(const char *path, bool trust, pacta_record **out, pacta_error *err)
{
	pacta_store *st = NULL;
	pacta_rc rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	rc = pacta_store_open(path, trust ? PACTA_STORE_TRUST : 0, &st, err);
	if (rc == PACTA_OK)
		rc = pacta_store_load(st, out, err);
	pacta_store_close(st);
	return rc;
}

/* A version-1 file, sealed as it stands when opened, whose one change
 * holds the acts given (SQL values of treaty, state, action, date,
 * source_url, recorded_at, change_id, supersedes). */
static void sealed_v1_file(const char *path, const char *acts)
{
	char *sql;

	make_v1_file(path, "('LVA', 'LV', 'Latvia', 'state', 'https://example.org/states'),"
			   " ('RUS', 'RU', 'Russian Federation', 'state', 'https://example.org/states')");
	sql = sqlite3_mprintf("INSERT INTO change (at, who, why, acts) VALUES"
			      " ('2024-01-02T10:00:00Z', 'importer', 'first import', 4);"
			      "INSERT INTO act (treaty, state, action, date, source_url, recorded_at,"
			      " change_id, supersedes) VALUES %s;"
			      "PRAGMA user_version = 1;",
			      acts);
	assert_non_null(sql);
	raw_exec(path, sql);
	sqlite3_free(sql);
	pacta_store_close(open_store(path, false));
}

/* The file at path loads, checked and trusted, into n acts, none with an
 * id of absent[0, n_absent), each with its origin "store:act <id>". */
static void assert_loads_origins(const char *path, size_t n, const uint32_t *absent,
				 size_t n_absent)
{
	for (int trust = 0; trust < 2; trust++) {
		pacta_record *rec = NULL;
		pacta_error err;
		assert_int_equal(try_load(path, trust, &rec, &err), PACTA_OK);
		assert_int_equal(rec->n_acts, n);
		for (size_t i = 0; i < rec->n_acts; i++) {
			char origin[32];
			for (size_t k = 0; k < n_absent; k++)
				assert_int_not_equal(rec->acts[i].id, absent[k]);
			snprintf(origin, sizeof(origin), "store:act %u", (unsigned)rec->acts[i].id);
			assert_string_equal(rec->acts[i].origin, origin);
		}
		pacta_record_free(rec);
	}
}

/* Every loaded act's origin is "store:act <id>", written for all acts at
 * once, each from the last one's when its id is the next: ids that cross
 * from 9 to 10, 99 to 100 and 109 to 110, and the gaps that corrected
 * (superseded) acts leave, 19 and 100. */
static void test_load_writes_origins(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = record_of_many(105, -1);
	pacta_store *st = open_store(f->path, true);
	pacta_error err;

	assert_int_equal(rec->n_acts, 110);
	replace(st, rec, "importer", "many acts");
	pacta_record_free(rec);
	rec = load(st);
	static const uint32_t corrected[] = { 19, 100 };
	for (size_t c = 0; c < sizeof(corrected) / sizeof(corrected[0]); c++) {
		pacta_act fixed;
		uint32_t new_id = 0;
		memset(&fixed, 0, sizeof(fixed));
		for (size_t i = 0; i < rec->n_acts; i++)
			if (rec->acts[i].id == corrected[c])
				fixed = rec->acts[i];
		assert_int_equal(fixed.id, corrected[c]);
		fixed.date = day_of("2015-01-01");
		assert_int_equal(pacta_store_correct_act(st, rec, corrected[c], &fixed, "alice",
							 "date misread", &new_id, &err),
				 PACTA_OK);
		assert_int_equal(new_id, 111 + c);
	}
	pacta_record_free(rec);
	pacta_store_close(st);
	assert_loads_origins(f->path, 110, corrected, 2);
}

/*
 * The acts a load keeps: those of the view, less the ones a kept act
 * supersedes, each with its origin "store:act <id>". A row that holds an
 * invalid value is refused by its id (the first the view keeps), unless a
 * kept act supersedes it; a checked load gives the chain's error before
 * any of the loader's, and the loader's after the chain has passed.
 */
static void test_load_keeps_the_view(void **state)
{
	struct fixture *f = *state;
	static const char *const acts_head =
		"('tt', 'LVA', 'signature', '1997-12-03', 'https://example.org/a',"
		" '2024-01-02T10:00:00Z', 1, NULL),"
		" ('tt', 'RUS', 'accession', '2010-02-30', 'https://example.org/r',"
		" '2024-01-02T10:00:00Z', 1, NULL),";
	pacta_record *rec;
	pacta_error err;
	char *acts;

	/* Act 2's date does not exist, but act 3 supersedes it. */
	acts = sqlite3_mprintf("%s ('tt', 'RUS', 'accession', '2010-01-04',"
			       " 'https://example.org/r', '2024-01-02T10:00:00Z', 1, 2)",
			       acts_head);
	assert_non_null(acts);
	sealed_v1_file(f->path, acts);
	sqlite3_free(acts);
	static const uint32_t superseded[] = { 2 };
	assert_loads_origins(f->path, 2, superseded, 1);
	remove_db(f->path);

	/* Act 3's date does not exist either, and nothing supersedes it: the
	 * load names act 3, the first invalid row it keeps, after the check
	 * has passed. */
	acts = sqlite3_mprintf("%s ('tt', 'LVA', 'ratification', '1999-02-30',"
			       " 'https://example.org/a', '2024-01-02T10:00:00Z', 1, NULL),"
			       " ('tt', 'RUS', 'accession', '2010-01-04', 'https://example.org/r',"
			       " '2024-01-02T10:00:00Z', 1, 2)",
			       acts_head);
	assert_non_null(acts);
	sealed_v1_file(f->path, acts);
	sqlite3_free(acts);
	for (int trust = 0; trust < 2; trust++) {
		assert_int_equal(try_load(f->path, trust, &rec, &err), PACTA_ERR_DB);
		assert_null(rec);
		assert_string_equal(err.where, f->path);
		assert_string_equal(err.message, "act 3 holds an invalid value");
	}
	/* A participant's invalid value, behind the chain's back: a checked
	 * load gives the chain's error, a trusting one the participant's. */
	raw_exec(f->path, "UPDATE participant SET un_member_since = '1991-02-30'"
			  " WHERE iso3 = 'LVA'");
	assert_int_equal(try_load(f->path, false, &rec, &err), PACTA_ERR_INTEGRITY);
	assert_non_null(strstr(err.message, "were altered since this change sealed them"));
	assert_int_equal(try_load(f->path, true, &rec, &err), PACTA_ERR_DB);
	assert_string_equal(err.message, "participant LVA holds an invalid value");
	remove_db(f->path);

	/* The same participant sealed so: the check passes, and the
	 * participant is refused before any act. */
	make_v1_file(f->path, "('LVA', 'LV', 'Latvia', 'state', 'https://example.org/states')");
	raw_exec(f->path, "UPDATE participant SET un_member_since = '1991-02-30';"
			  "INSERT INTO change (at, who, why, acts) VALUES"
			  " ('2024-01-02T10:00:00Z', 'importer', 'first import', 1);"
			  "INSERT INTO act (treaty, state, action, date, source_url, recorded_at,"
			  " change_id) VALUES ('tt', 'LVA', 'signature', '1997-02-30',"
			  " 'https://example.org/a', '2024-01-02T10:00:00Z', 1);"
			  "PRAGMA user_version = 1;");
	pacta_store_close(open_store(f->path, false));
	for (int trust = 0; trust < 2; trust++) {
		assert_int_equal(try_load(f->path, trust, &rec, &err), PACTA_ERR_DB);
		assert_string_equal(err.message, "participant LVA holds an invalid value");
	}
	remove_db(f->path);

	/* An act altered behind the chain's back: the checked load names the
	 * change, the trusting one the act. */
	three_changes(f->path);
	raw_exec(f->path, "DROP TRIGGER act_kept_update;"
			  "UPDATE act SET date = '2001-02-30' WHERE id = 2;");
	assert_int_equal(try_load(f->path, false, &rec, &err), PACTA_ERR_INTEGRITY);
	assert_string_equal(err.where, "change 1");
	assert_int_equal(try_load(f->path, true, &rec, &err), PACTA_ERR_DB);
	assert_string_equal(err.message, "act 2 holds an invalid value");
}

/* A checked load and a trusting one give the same record. */
static void test_checked_load_is_the_trusting_one(void **state)
{
	struct fixture *f = *state;
	pacta_record *checked, *trusted;
	pacta_error err;

	three_changes(f->path);
	assert_int_equal(try_load(f->path, false, &checked, &err), PACTA_OK);
	assert_int_equal(try_load(f->path, true, &trusted, &err), PACTA_OK);
	assert_int_equal(checked->n_acts, 7);
	assert_same_record(checked, trusted);
	for (size_t i = 0; i < checked->n_acts; i++) {
		assert_int_equal(checked->acts[i].recorded, trusted->acts[i].recorded);
		assert_string_equal(checked->acts[i].origin, trusted->acts[i].origin);
	}
	pacta_record_free(checked);
	pacta_record_free(trusted);
}

/* A correction must name an act of the current record, keep its treaty
 * and state, and give a reason; a refused one writes nothing. */
static void test_correct_refusals(void **state)
{
	struct fixture *f = *state;
	pacta_store *st;
	pacta_record *rec;
	pacta_act fixed;
	pacta_error err;

	three_changes(f->path);
	st = open_store(f->path, false);
	rec = load(st);
	fixed = rec->acts[0];
	assert_int_equal(pacta_store_correct_act(st, rec, 6, &fixed, "bob", "why", NULL, &err),
			 PACTA_ERR_NOTFOUND);
	assert_non_null(strstr(err.message, "already superseded"));
	assert_int_equal(pacta_store_correct_act(st, rec, 99, &fixed, "bob", "why", NULL, &err),
			 PACTA_ERR_NOTFOUND);
	assert_int_equal(pacta_store_correct_act(st, rec, 8, &fixed, "bob", "why", NULL, &err),
			 PACTA_ERR_USAGE);
	assert_non_null(strstr(err.message, "keeps the treaty and the state"));
	assert_int_equal(pacta_store_correct_act(st, rec, rec->acts[0].id, &fixed, "bob", "", NULL,
						 &err),
			 PACTA_ERR_USAGE);
	assert_int_equal(count_rows(f->path, "change"), 3);
	assert_int_equal(count_rows(f->path, "act"), 8);
	pacta_record_free(rec);
	pacta_store_close(st);
	assert_broken(f->path, PACTA_OK, NULL, "");
}


/* A file from a development build whose step 4 was still empty: its
 * version says 5 but the chain is missing. Opening it adds and seals the
 * chain. */
static void test_chain_added_to_a_file_that_skipped_it(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record();
	pacta_store *st = open_store(f->path, true);
	pacta_verify_result v;
	pacta_error err;

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	pacta_store_close(st);
	raw_exec(f->path, "DROP TRIGGER change_sealed; DROP TRIGGER change_kept;"
			  "DROP TRIGGER act_kept_update; DROP TRIGGER act_kept_delete;"
			  "DROP TRIGGER act_unsealed; DROP TRIGGER obligation_event_kept_update;"
			  "DROP TRIGGER obligation_event_kept_delete;"
			  "DROP TRIGGER obligation_event_unsealed; DROP INDEX change_kind;"
			  "ALTER TABLE change DROP COLUMN hash;"
			  "ALTER TABLE change DROP COLUMN reference_hash;"
			  "ALTER TABLE change DROP COLUMN content_hash;"
			  "ALTER TABLE change DROP COLUMN prev_hash;"
			  "ALTER TABLE change DROP COLUMN kind;");
	st = open_store(f->path, false);
	assert_int_equal(pacta_store_verify(st, &v, &err), PACTA_OK);
	assert_int_equal(v.changes, 1);
	assert_int_equal(raw_int(f->path, "SELECT count(*) FROM change WHERE kind = 'snapshot'"), 1);
	assert_int_equal(raw_try(f->path, "DELETE FROM act"), SQLITE_CONSTRAINT);
	pacta_store_close(st);
}

/* A read-only open answers, refuses writes and is never a create; a file
 * with no write bits is read as immutable, leaving no -wal or -shm. */
static void test_open_readonly(void **state)
{
	struct fixture *f = *state;
	pacta_record *rec = small_record(), *back;
	pacta_store *st = open_store(f->path, true);
	pacta_error err;
	char side[600];
	struct stat sb;

	replace(st, rec, "importer", "first import");
	pacta_record_free(rec);
	pacta_store_close(st);
	st = NULL;

	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_READONLY | PACTA_STORE_CREATE, &st,
					  &err),
			 PACTA_ERR_USAGE);
	assert_null(st);

	assert_int_equal(chmod(f->path, 0444), 0);
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_READONLY, &st, &err), PACTA_OK);
	back = load(st);
	assert_true(back->n_acts > 0);
	add_new_act(back, 2, PACTA_ACT_DECLARATION, "2012-02-02", "https://example.org/eu2");
	assert_int_equal(pacta_record_finish(back, &err), PACTA_OK);
	assert_int_equal(pacta_store_append_acts(st, back, 0, "alice", "refused", &err),
			 PACTA_ERR_USAGE);
	assert_non_null(strstr(err.message, "read-only"));
	pacta_record_free(back);
	pacta_store_close(st);
	snprintf(side, sizeof(side), "%s-wal", f->path);
	assert_int_not_equal(stat(side, &sb), 0);
	snprintf(side, sizeof(side), "%s-shm", f->path);
	assert_int_not_equal(stat(side, &sb), 0);
	assert_int_equal(chmod(f->path, 0644), 0);

	/* A missing file stays missing. */
	remove_db(f->path);
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_READONLY, &st, &err),
			 PACTA_ERR_NOTFOUND);
	assert_int_not_equal(stat(f->path, &sb), 0);
}

static void test_open_missing(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = NULL;
	pacta_error err;
	FILE *fp;

	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_open(f->path, 0, &st, &err), PACTA_ERR_NOTFOUND);
	assert_null(st);
	assert_non_null(strstr(err.message, f->path));
	/* Nothing was created. */
	fp = fopen(f->path, "rb");
	assert_null(fp);
	pacta_store_close(NULL);
}

static void test_open_not_sqlite(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = NULL;
	pacta_error err;
	char buf[1024], back[1100];
	FILE *fp = fopen(f->path, "wb");
	size_t n;

	assert_non_null(fp);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	assert_int_equal(fwrite(buf, 1, sizeof(buf), fp), sizeof(buf));
	fclose(fp);
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_CREATE, &st, &err), PACTA_ERR_DB);
	assert_null(st);
	assert_non_null(strstr(err.message, "is not a pacta database"));
	/* The file is as it was. */
	fp = fopen(f->path, "rb");
	assert_non_null(fp);
	n = fread(back, 1, sizeof(back), fp);
	fclose(fp);
	assert_int_equal(n, sizeof(buf));
	assert_memory_equal(back, buf, sizeof(buf));
}

static void test_open_foreign(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = NULL;
	pacta_error err;

	/* Another application's database. */
	raw_exec(f->path, "PRAGMA application_id = 42; CREATE TABLE t (x);");
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_CREATE, &st, &err), PACTA_ERR_DB);
	assert_null(st);
	assert_non_null(strstr(err.message, "is not a pacta database"));
	remove_db(f->path);

	/* An SQLite file with no application id but tables of its own. */
	raw_exec(f->path, "CREATE TABLE t (x);");
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_CREATE, &st, &err), PACTA_ERR_DB);
	assert_null(st);
	remove_db(f->path);

	/* An empty SQLite file is refused without create, taken with it. */
	raw_exec(f->path, "PRAGMA user_version = 0;");
	assert_int_equal(pacta_store_open(f->path, 0, &st, &err), PACTA_ERR_DB);
	st = open_store(f->path, true);
	assert_true(pacta_store_is_empty(st));
	pacta_store_close(st);
}

static void test_open_newer_schema(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = open_store(f->path, true);
	pacta_error err;

	pacta_store_close(st);
	raw_exec(f->path, "PRAGMA user_version = 99;");
	st = NULL;
	assert_int_equal(pacta_store_open(f->path, 0, &st, &err), PACTA_ERR_DB);
	assert_null(st);
	assert_non_null(strstr(err.message, "newer"));
	assert_int_equal(pacta_store_open(f->path, PACTA_STORE_CREATE, &st, &err), PACTA_ERR_DB);
	assert_null(st);
	/* A negative version is no version pacta ever wrote. */
	raw_exec(f->path, "PRAGMA user_version = -1;");
	assert_int_equal(pacta_store_open(f->path, 0, &st, &err), PACTA_ERR_DB);
	assert_null(st);
}

/* A step that edits the schema text is checked: a file whose
 * obligation_event CHECK is spelled so that step 6 cannot widen it is
 * refused, and left at version 5. */
static void test_migration_checked(void **state)
{
	struct fixture *f = *state;
	pacta_store *st = open_store(f->path, true);
	pacta_error err;

	pacta_store_close(st);
	/* Back to version 5 (steps 12 to 7 undone: 11 and 9 to 7 add tables
	 * and columns, so they run only once; 12 spelled the lists as ORs),
	 * with a CHECK that lacks a name step 6 would not add. */
	raw_exec(f->path, "PRAGMA writable_schema = ON;"
			  "UPDATE sqlite_schema SET sql = replace(replace(replace(sql,"
			  " 'CHECK (action = ''', 'CHECK (action IN ('''),"
			  " ''' OR action = ''', ''', '''),"
			  " '''provisional_application_end'')', '''provisional_application_end''))')"
			  " WHERE type = 'table' AND name = 'act';"
			  "UPDATE sqlite_schema SET sql = replace(replace(replace(sql,"
			  " 'CHECK (event = ''', 'CHECK (event IN ('''),"
			  " ''' OR event = ''', ''', '''),"
			  " '''extension_requested'')', '''extension_requested''))')"
			  " WHERE type = 'table' AND name = 'obligation_event';"
			  "PRAGMA writable_schema = RESET;"
			  "DROP TABLE clauses; ALTER TABLE treaty DROP COLUMN clauses;"
			  "ALTER TABLE treaty DROP COLUMN name; ALTER TABLE treaty DROP COLUMN title;"
			  "ALTER TABLE treaty DROP COLUMN adopted;"
			  "ALTER TABLE treaty DROP COLUMN opened_for_signature;"
			  "ALTER TABLE treaty DROP COLUMN source_url;"
			  "ALTER TABLE treaty DROP COLUMN instruments;"
			  "ALTER TABLE treaty DROP COLUMN eif_stated;"
			  "DROP TABLE webhook; DROP TABLE proposal; DROP TABLE page_snapshot;"
			  "ALTER TABLE act DROP COLUMN notification;"
			  "ALTER TABLE act DROP COLUMN circulated;"
			  "ALTER TABLE act DROP COLUMN territory;"
			  "ALTER TABLE act DROP COLUMN text;"
			  "PRAGMA writable_schema = ON;"
			  "UPDATE sqlite_schema SET sql = replace(sql, ', ''reservation_withdrawal'',"
			  " ''declaration_withdrawal'', ''territorial_exclusion'',"
			  " ''provisional_application_end''', '')"
			  " WHERE type = 'table' AND name = 'act';"
			  "PRAGMA writable_schema = RESET;"
			  "ALTER TABLE change DROP COLUMN layout;"
			  "DROP TRIGGER token_kept; DROP TRIGGER token_revoked_only;"
			  "PRAGMA writable_schema = ON;"
			  "UPDATE sqlite_schema SET sql = replace(sql, ', ''token'', ''seal''', '')"
			  " WHERE type = 'table' AND name = 'change';"
			  "UPDATE sqlite_schema SET sql = replace(sql,"
			  " '''report_submitted'', ''extension_requested'')',"
			  " '''report_submitted'' )')"
			  " WHERE type = 'table' AND name = 'obligation_event';"
			  "PRAGMA writable_schema = RESET;"
			  "PRAGMA user_version = 5;");
	st = NULL;
	memset(&err, 0, sizeof(err));
	assert_int_equal(pacta_store_open(f->path, false, &st, &err), PACTA_ERR_DB);
	assert_null(st);
	assert_non_null(strstr(err.message, "does not accept the obligation event"
					    " 'extension_requested'"));
	assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip_clauses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_finds_reference_tampering, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_helped_finds_reference_tampering, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_past_its_limit_finds_reference_tampering,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_past_its_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_cannot_read_a_reference_table, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_append_and_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ready_to_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoints_handed_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_obligation_event, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_refuses_unknown_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_in_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_without_the_hint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_write_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_group_refused_with_the_transaction,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_group_not_prepared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_act_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bulk_write_gives_the_cache_back, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_migration_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_append_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_obligation_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_finds_flipped_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writes_check_incrementally, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_after_another_writer_checks_all, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_file_edited_without_a_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_reports_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_codes_are_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_file_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_refuses_a_broken_chain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_load_as_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_keeps_the_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_writes_origins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checked_load_is_the_trusting_one, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_correct_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_added_to_a_file_that_skipped_it, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_not_sqlite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_foreign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_newer_schema, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
