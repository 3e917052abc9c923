/*
 * store.c - the record in an SQLite database: opening and migrating the
 * file, replacing its content, appending acts, loading it back and reading
 * the history of changes.
 *
 * What this module must never do:
 *  - build SQL from input. Every value is bound to a prepared statement; the
 *    one formatted statement is PRAGMA user_version, from an int.
 *  - write outside one BEGIN IMMEDIATE transaction. A failed write rolls
 *    back, so the database holds all of a change or none of it.
 *  - compute or validate dates with SQLite's date functions (date('2023-02-30')
 *    is accepted there). Dates are ISO text written and read by date.c; the
 *    tables only check their shape.
 *  - touch a file that is not a pacta database: the application_id is checked
 *    before anything is written, the journal mode included.
 *
 * Record time ("at", "recorded_at") is UTC "YYYY-MM-DDTHH:MM:SSZ" from
 * time(2), converted with date.c, never with gmtime.
 *
 * Absent dates are SQL NULL: PACTA_DAY_NONE and PACTA_DAY_OPEN are written
 * as NULL, and read back as NONE in a from_date, date, effective or deadline
 * column and as OPEN in a to_date column (an unknown start, an ongoing end).
 * An obligation event's absent value (-1) is NULL too.
 *
 * Durability: synchronous=FULL. Writes are rare and human-paced (an import,
 * an edit with who and why), so one extra fsync of the WAL per commit costs
 * nothing noticeable, and a change the user was told has landed survives a
 * power cut. NORMAL would be safe from corruption but may lose the last
 * commits.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "pacta/date.h"
#include "pacta/store.h"

/* "PACT" as a big-endian 32-bit tag, in PRAGMA application_id. */
#define STORE_APPLICATION_ID 1346454356
_Static_assert(STORE_APPLICATION_ID == 0x50414354, "application_id is \"PACT\"");
#define STORE_STR2(x) #x
#define STORE_STR(x) STORE_STR2(x)

#define STORE_BUSY_TIMEOUT_MS 5000
/* Longest text value, read or written (a rules file is the biggest). */
#define STORE_MAX_TEXT (4 * 1024 * 1024)
/* Most rows read from one table, and most acts written at once. */
#define STORE_MAX_ROWS (1 << 24)
#define STORE_MAX_PATH 4096
/* Record time, "YYYY-MM-DDTHH:MM:SSZ" plus NUL. */
#define STAMP_BUFSZ 21

/*
 * The act vocabulary is part of the schema (act.action CHECK). Adding an
 * action to record.h needs a migration that widens the CHECK; this assertion
 * is the reminder.
 */
_Static_assert(PACTA_ACT__COUNT == 24, "new action: add a migration for act.action");
_Static_assert(PACTA_KIND_ORGANIZATION == 4, "new kind: add a migration for participant.kind");
_Static_assert(PACTA_OBL__COUNT == 7,
	       "new obligation event: add a migration for obligation_event.event");
/* obligation_event.article holds an obligation id of 1 to 7 characters. */
_Static_assert(sizeof(((pacta_obligation_event *)0)->article) == 8,
	       "new article size: add a migration for obligation_event.article");

#define ISO_DATE_GLOB "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
#define STAMP_GLOB "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'"

/*
 * Schema migrations: migrations[i] takes user_version i to i + 1. Never edit
 * a released entry; append a new one.
 */
static const char *const migrations[] = {
	/* 1: the first schema. */
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
	"CREATE INDEX armed_conflict_state ON armed_conflict(state);",
	/* 2: obligation events (what the record says about one state's
	 * obligation under one article). */
	"CREATE TABLE obligation_event ("
	" id INTEGER PRIMARY KEY,"
	" treaty TEXT NOT NULL REFERENCES treaty(id),"
	" state TEXT NOT NULL REFERENCES participant(iso3),"
	" article TEXT NOT NULL CHECK (length(article) BETWEEN 1 AND 7),"
	" event TEXT NOT NULL CHECK (event IN ('applies', 'extension_granted',"
	"  'completed', 'missed', 'new_contamination', 'retained',"
	"  'report_submitted')),"
	" date TEXT CHECK (date IS NULL OR date GLOB " ISO_DATE_GLOB "),"
	" deadline TEXT CHECK (deadline IS NULL OR deadline GLOB " ISO_DATE_GLOB "),"
	" value INTEGER CHECK (value IS NULL OR value >= 0),"
	" source_url TEXT NOT NULL CHECK (source_url <> ''),"
	" note TEXT,"
	" origin TEXT,"
	" change_id INTEGER REFERENCES change(id)"
	") STRICT;"
	"CREATE INDEX obligation_event_treaty_state ON obligation_event(treaty, state);"
	"CREATE INDEX obligation_event_state ON obligation_event(state);"
	"CREATE INDEX obligation_event_change ON obligation_event(change_id);",
	/* 3: API tokens for writes over HTTP. Only a hash of each token is
	 * kept; a revoked token stays listed with the time it was revoked. */
	"CREATE TABLE token ("
	" name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),"
	" hash BLOB NOT NULL CHECK (length(hash) = 32),"
	" created_at TEXT NOT NULL CHECK (created_at GLOB " STAMP_GLOB "),"
	" revoked_at TEXT CHECK (revoked_at IS NULL OR revoked_at GLOB " STAMP_GLOB ")"
	") STRICT;",
	/* 4: reserved for the tamper-evident history; an empty step until
	 * that branch's migration takes this place. */
	"",
	/* 5: four more actions (definitive signature, revocation of a
	 * consent, notice of non-intent, a participant that ceased to exist).
	 * SQLite cannot ALTER a CHECK, but a CHECK that only accepts more
	 * values may be edited in the schema text (every stored row still
	 * satisfies it; see "Making other kinds of table schema changes" in
	 * SQLite's ALTER TABLE page). Unlike copying the table, this keeps
	 * whatever triggers, indexes and columns other steps put on act.
	 * migrate() lifts the defensive flag for such a step and checks the
	 * result. */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(replace(sql,"
	" '''signature'', ''ratification''',"
	" '''signature'', ''definitive_signature'', ''ratification'''),"
	" '''withdrawal'', ''suspension_claim''',"
	" '''withdrawal'', ''revocation'', ''non_intent'', ''ceased'', ''suspension_claim''')"
	" WHERE type = 'table' AND name = 'act';"
	"PRAGMA writable_schema = RESET;",
};

#define STORE_SCHEMA_VERSION ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* The statements, prepared once and kept until close. */
enum store_query {
	Q_BEGIN_WRITE,
	Q_BEGIN_READ,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_APPLICATION_ID,
	Q_USER_VERSION,
	Q_SCHEMA_OBJECTS,
	Q_IS_EMPTY,
	Q_DELETE_OBLIGATION_EVENTS,
	Q_DELETE_ACTS,
	Q_DELETE_CONFLICTS,
	Q_DELETE_GROUPS,
	Q_DELETE_TREATIES,
	Q_DELETE_PARTICIPANTS,
	Q_INSERT_PARTICIPANT,
	Q_INSERT_GROUP,
	Q_INSERT_TREATY,
	Q_INSERT_CHANGE,
	Q_INSERT_ACT,
	Q_INSERT_CONFLICT,
	Q_INSERT_OBLIGATION_EVENT,
	Q_SELECT_PARTICIPANTS,
	Q_SELECT_GROUPS,
	Q_SELECT_TREATIES,
	Q_SELECT_ACTS,
	Q_SELECT_CONFLICTS,
	Q_SELECT_OBLIGATION_EVENTS,
	Q_SELECT_HISTORY,
	Q_INSERT_TOKEN,
	Q_REVOKE_TOKEN,
	Q_SELECT_TOKENS,
	Q__COUNT
};

static const char *const query_sql[Q__COUNT] = {
	[Q_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[Q_BEGIN_READ] = "BEGIN DEFERRED",
	[Q_COMMIT] = "COMMIT",
	[Q_ROLLBACK] = "ROLLBACK",
	[Q_APPLICATION_ID] = "PRAGMA application_id",
	[Q_USER_VERSION] = "PRAGMA user_version",
	[Q_SCHEMA_OBJECTS] = "SELECT count(*) FROM sqlite_schema",
	[Q_IS_EMPTY] = "SELECT NOT EXISTS (SELECT 1 FROM treaty)",
	[Q_DELETE_OBLIGATION_EVENTS] = "DELETE FROM obligation_event",
	[Q_DELETE_ACTS] = "DELETE FROM act",
	[Q_DELETE_CONFLICTS] = "DELETE FROM armed_conflict",
	[Q_DELETE_GROUPS] = "DELETE FROM group_member",
	[Q_DELETE_TREATIES] = "DELETE FROM treaty",
	[Q_DELETE_PARTICIPANTS] = "DELETE FROM participant",
	[Q_INSERT_PARTICIPANT] = "INSERT INTO participant (iso3, iso2, numeric, name,"
				 " depositary_name, aliases, kind, un_member_since, wikidata,"
				 " source_url, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
				 " ?10, ?11)",
	[Q_INSERT_GROUP] = "INSERT INTO group_member (grp, iso3, from_date, to_date,"
			   " source_url, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_INSERT_TREATY] = "INSERT INTO treaty (id, rules_json, origin, record_files)"
			    " VALUES (?1, ?2, ?3, ?4)",
	[Q_INSERT_CHANGE] = "INSERT INTO change (at, who, why, acts) VALUES (?1, ?2, ?3, ?4)",
	[Q_INSERT_ACT] = "INSERT INTO act (treaty, state, action, date, effective, target,"
			 " source_url, note, origin, recorded_at, change_id)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_INSERT_CONFLICT] = "INSERT INTO armed_conflict (state, from_date, to_date,"
			      " source_url, note, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_INSERT_OBLIGATION_EVENT] =
		"INSERT INTO obligation_event (treaty, state, article, event, date,"
		" deadline, value, source_url, note, origin, change_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[Q_SELECT_PARTICIPANTS] =
		"SELECT iso3, iso2, numeric, name, depositary_name, aliases, kind,"
		" un_member_since, wikidata, source_url, note"
		" FROM participant ORDER BY rowid",
	[Q_SELECT_GROUPS] = "SELECT grp, iso3, from_date, to_date, source_url, note"
			    " FROM group_member ORDER BY id",
	[Q_SELECT_TREATIES] = "SELECT id, rules_json, origin FROM treaty ORDER BY rowid",
	/* A superseded act stays in the table for the history but is no
	 * longer part of the record. */
	[Q_SELECT_ACTS] = "SELECT id, treaty, state, action, date, effective, target,"
			  " source_url, note, recorded_at FROM act"
			  " WHERE id NOT IN (SELECT supersedes FROM act"
			  "  WHERE supersedes IS NOT NULL)"
			  " ORDER BY id",
	[Q_SELECT_CONFLICTS] = "SELECT state, from_date, to_date, source_url, note, origin"
			       " FROM armed_conflict ORDER BY id",
	[Q_SELECT_OBLIGATION_EVENTS] =
		"SELECT id, treaty, state, article, event, date, deadline, value,"
		" source_url, note FROM obligation_event ORDER BY id",
	[Q_SELECT_HISTORY] = "SELECT id, at, who, why, acts FROM change ORDER BY id",
	[Q_INSERT_TOKEN] = "INSERT INTO token (name, hash, created_at) VALUES (?1, ?2, ?3)",
	[Q_REVOKE_TOKEN] = "UPDATE token SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
	[Q_SELECT_TOKENS] = "SELECT name, hash, created_at, revoked_at FROM token ORDER BY created_at, name",
};

struct pacta_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q__COUNT];
	char path[256]; /* for error locations; cut when longer */
};

/* ---- Errors ---- */

/*
 * Fills err with what failed and SQLite's own message and extended code.
 * Call it straight after the failing SQLite call: the next call on the
 * connection overwrites the message.
 */
static pacta_rc PACTA_PRINTF(3, 4) db_error(pacta_store *st, pacta_error *err, const char *fmt, ...)
{
	char what[300];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(what, sizeof(what), fmt, ap) < 0)
		what[0] = '\0';
	va_end(ap);
	return pacta_error_set(err, PACTA_ERR_DB, st->path, "%s: %s (SQLite code %d)", what,
			       sqlite3_errmsg(st->db), sqlite3_extended_errcode(st->db));
}

static pacta_rc nomem(pacta_store *st, pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, st ? st->path : "", "out of memory");
}

/* Appends src to the string in dst[size], cutting what does not fit. */
static void append_cut(char *dst, size_t size, const char *src)
{
	size_t used = strnlen(dst, size - 1), n = strlen(src);

	if (n > size - 1 - used)
		n = size - 1 - used;
	memcpy(dst + used, src, n);
	dst[used + n] = '\0';
}

/* Puts prefix in front of err->where, after an error from another module. */
static pacta_rc rewhere(pacta_rc rc, pacta_error *err, const char *prefix)
{
	char where[sizeof(err->where)] = "";

	if (!err)
		return rc;
	append_cut(where, sizeof(where), prefix);
	if (err->where[0]) {
		append_cut(where, sizeof(where), ": ");
		append_cut(where, sizeof(where), err->where);
	}
	memcpy(err->where, where, sizeof(where));
	return rc;
}

/* ---- Statements ---- */

static pacta_rc query(pacta_store *st, enum store_query q, sqlite3_stmt **out, pacta_error *err)
{
	if (!st->stmt[q] && sqlite3_prepare_v3(st->db, query_sql[q], -1, SQLITE_PREPARE_PERSISTENT,
					       &st->stmt[q], NULL) != SQLITE_OK) {
		st->stmt[q] = NULL;
		return db_error(st, err, "cannot prepare \"%s\"", query_sql[q]);
	}
	*out = st->stmt[q];
	return PACTA_OK;
}

/* Makes a statement ready for its next use. */
static void done(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Runs a statement that returns no rows (BEGIN, COMMIT, DELETE, ...). */
static pacta_rc run(pacta_store *st, enum store_query q, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, q, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "\"%s\" failed", query_sql[q]);
	done(s);
	return rc;
}

/* Runs a statement that returns one integer. */
static pacta_rc run_int(pacta_store *st, enum store_query q, long long *out, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, q, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		rc = db_error(st, err, "\"%s\" failed", query_sql[q]);
	done(s);
	return rc;
}

/* Undoes an open transaction, keeping the error already in err. */
static void rollback(pacta_store *st)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_get_autocommit(st->db))
		return;
	if (query(st, Q_ROLLBACK, &s, NULL) != PACTA_OK)
		return;
	sqlite3_step(s);
	done(s);
}

/* ---- Binding ---- */

/* A string the record owns: it outlives the step, so SQLITE_STATIC. */
static int bind_text(sqlite3_stmt *s, int i, const char *v)
{
	size_t len = v ? strlen(v) : 0;

	if (len > STORE_MAX_TEXT)
		return SQLITE_TOOBIG;
	return sqlite3_bind_text(s, i, v ? v : "", (int)len, SQLITE_STATIC);
}

/* An optional string: NULL or "" is stored as SQL NULL. */
static int bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (!v || !*v)
		return sqlite3_bind_null(s, i);
	return bind_text(s, i, v);
}

/* A date as ISO text; PACTA_DAY_NONE and PACTA_DAY_OPEN as SQL NULL. */
static int bind_date(sqlite3_stmt *s, int i, pacta_day d)
{
	char buf[PACTA_DATE_BUFSZ];

	if (d == PACTA_DAY_NONE || d == PACTA_DAY_OPEN)
		return sqlite3_bind_null(s, i);
	pacta_date_format(d, buf);
	if (!buf[0])
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, buf, -1, SQLITE_TRANSIENT);
}

/* ---- Reading columns ---- */

/* Column i as text, or NULL for SQL NULL. Sets *oom when SQLite could not
 * allocate the text. */
static const char *col_text(sqlite3_stmt *s, int i, bool *oom)
{
	const unsigned char *t;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(s, i);
	if (!t)
		*oom = true;
	return (const char *)t;
}

/* Column i as a date; SQL NULL gives null_day. False for text that is not
 * a valid ISO date. */
static bool col_date(sqlite3_stmt *s, int i, pacta_day null_day, pacta_day *out, bool *oom)
{
	const char *t = col_text(s, i, oom);

	if (!t) {
		*out = null_day;
		return true;
	}
	return pacta_date_parse(t, strlen(t), out);
}

/* ---- Record time ---- */

/* Now, as UTC "YYYY-MM-DDTHH:MM:SSZ"; *today gets the day. */
static void stamp_now(char out[STAMP_BUFSZ], pacta_day *today)
{
	time_t t = time(NULL);
	long long secs = (long long)t;
	long long days, rem;
	int y, m, d;

	/* A clock that cannot be read, or one outside the date range, gives
	 * the epoch rather than a malformed stamp. */
	if (t == (time_t)-1 || secs < 0 || secs > 253402300799LL)
		secs = 0;
	days = secs / 86400;
	rem = secs % 86400;
	pacta_date_to_civil((pacta_day)days, &y, &m, &d);
	snprintf(out, STAMP_BUFSZ, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
		 (int)(rem / 60 % 60), (int)(rem % 60));
	*today = (pacta_day)days;
}

/*
 * An act's recorded_at: the time of this write, unless the act carries an
 * earlier (or later) record day than today, e.g. an act loaded from an older
 * store; that day is kept, at midnight UTC.
 */
static void stamp_act(const pacta_act *a, const char now[STAMP_BUFSZ], pacta_day today,
		      char out[STAMP_BUFSZ])
{
	char day[PACTA_DATE_BUFSZ];

	if (a->recorded == PACTA_DAY_NONE || a->recorded == PACTA_DAY_OPEN ||
	    a->recorded == today || !pacta_date_format(a->recorded, day)[0]) {
		memcpy(out, now, STAMP_BUFSZ);
		return;
	}
	snprintf(out, STAMP_BUFSZ, "%sT00:00:00Z", day);
}

/* The day of a stamp "YYYY-MM-DDTHH:MM:SSZ". */
static bool stamp_day(const char *s, pacta_day *out)
{
	return s && strlen(s) == STAMP_BUFSZ - 1 && s[10] == 'T' && pacta_date_parse(s, 10, out);
}

/* ---- Open and close ---- */

/* Reads the file's identity; refuses a file that is not (and cannot become)
 * a pacta database, or one with a newer schema. */
static pacta_rc check_identity(pacta_store *st, bool create, long long *version, long long *app_id,
			       pacta_error *err)
{
	long long objects = 0;
	pacta_rc rc;

	rc = run_int(st, Q_APPLICATION_ID, app_id, err);
	if (rc == PACTA_OK)
		rc = run_int(st, Q_USER_VERSION, version, err);
	if (rc == PACTA_OK)
		rc = run_int(st, Q_SCHEMA_OBJECTS, &objects, err);
	if (rc != PACTA_OK) {
		char why[sizeof(err->message)];

		/* A busy or unreadable file keeps SQLite's own message. */
		if ((sqlite3_errcode(st->db) & 0xff) != SQLITE_NOTADB)
			return rc;
		snprintf(why, sizeof(why), "%s", err ? err->message : "");
		return pacta_error_set(err, PACTA_ERR_DB, st->path,
				       "%s is not a pacta database (%s)", st->path, why);
	}
	if ((*app_id != STORE_APPLICATION_ID && (*app_id != 0 || objects != 0 || !create)) ||
	    *version < 0)
		return pacta_error_set(err, PACTA_ERR_DB, st->path, "%s is not a pacta database",
				       st->path);
	if (*version > STORE_SCHEMA_VERSION)
		return pacta_error_set(
			err, PACTA_ERR_DB, st->path,
			"%s has schema version %lld, newer than this pacta knows (%d); upgrade pacta",
			st->path, *version, STORE_SCHEMA_VERSION);
	return PACTA_OK;
}

/* Every action the library knows is accepted by act.action's CHECK: the
 * check after a step that edited the schema text. */
static pacta_rc act_check_covers_actions(pacta_store *st, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = PACTA_OK;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'act'",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(st, err, "cannot read the schema");
	const char *sql = sqlite3_step(s) == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0)
							 : NULL;
	for (int a = 0; rc == PACTA_OK && a < PACTA_ACT__COUNT; a++) {
		char quoted[48];
		snprintf(quoted, sizeof(quoted), "'%s'", pacta_action_name((pacta_action)a));
		if (!sql || !strstr(sql, quoted))
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path,
					     "the schema of %s does not accept the action %s",
					     st->path, quoted);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Brings the schema to STORE_SCHEMA_VERSION in one transaction. */
static pacta_rc migrate(pacta_store *st, bool create, pacta_error *err)
{
	long long version = 0, app_id = 0;
	char sql[64];
	pacta_rc rc;

	rc = run(st, Q_BEGIN_WRITE, err);
	if (rc != PACTA_OK)
		return rc;
	/* Read again under the write lock: another process may have migrated
	 * the file since the first look. */
	rc = check_identity(st, create, &version, &app_id, err);
	if (rc != PACTA_OK)
		goto out;
	if (app_id == 0 &&
	    sqlite3_exec(st->db, "PRAGMA application_id = " STORE_STR(STORE_APPLICATION_ID), NULL,
			 NULL, NULL) != SQLITE_OK) {
		rc = db_error(st, err, "cannot set the application id");
		goto out;
	}
	for (int v = (int)version; v < STORE_SCHEMA_VERSION; v++) {
		/* A step that edits the schema text needs the defensive flag
		 * off while it runs. */
		bool edit = strncmp(migrations[v], "PRAGMA writable_schema", 22) == 0;
		if (edit)
			sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
		int xrc = sqlite3_exec(st->db, migrations[v], NULL, NULL, NULL);
		if (edit)
			sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
		if (xrc != SQLITE_OK) {
			rc = db_error(st, err, "cannot migrate the schema to version %d", v + 1);
			goto out;
		}
		if (edit && (rc = act_check_covers_actions(st, err)) != PACTA_OK)
			goto out;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			rc = db_error(st, err, "cannot set the schema version");
			goto out;
		}
	}
	rc = run(st, Q_COMMIT, err);
out:
	if (rc != PACTA_OK)
		rollback(st);
	return rc;
}

/* True unless the file is certainly missing. */
static bool file_may_exist(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f) {
		fclose(f);
		return true;
	}
	return errno != ENOENT;
}

pacta_rc pacta_store_open(const char *path, bool create, pacta_store **out, pacta_error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	long long version = 0, app_id = 0;
	pacta_store *st = NULL;
	pacta_rc rc;

	if (!out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no handle to fill");
	*out = NULL;
	if (!path || !*path)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no database path");
	if (strlen(path) > STORE_MAX_PATH)
		return pacta_error_set(err, PACTA_ERR_LIMIT, "",
				       "database path is longer than %d bytes", STORE_MAX_PATH);
	if (!create && !file_may_exist(path))
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, path, "no database at %s", path);
	st = calloc(1, sizeof(*st));
	if (!st)
		return nomem(NULL, err);
	append_cut(st->path, sizeof(st->path), path);
	if (create)
		flags |= SQLITE_OPEN_CREATE;

	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		if (!st->db)
			rc = nomem(st, err);
		else
			rc = db_error(st, err, "cannot open the database");
		goto fail;
	}
	sqlite3_limit(st->db, SQLITE_LIMIT_LENGTH, STORE_MAX_TEXT);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db,
			 "PRAGMA trusted_schema = OFF;"
			 "PRAGMA foreign_keys = ON;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(st, err, "cannot configure the connection");
		goto fail;
	}

	/* Identity first: nothing is written to a foreign file. */
	rc = check_identity(st, create, &version, &app_id, err);
	if (rc != PACTA_OK)
		goto fail;

	if (sqlite3_exec(st->db,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(st, err, "cannot set the journal mode");
		goto fail;
	}
	if (version < STORE_SCHEMA_VERSION || app_id == 0) {
		rc = migrate(st, create, err);
		if (rc != PACTA_OK)
			goto fail;
	}
	*out = st;
	return PACTA_OK;
fail:
	pacta_store_close(st);
	return rc;
}

void pacta_store_close(pacta_store *st)
{
	if (!st)
		return;
	if (st->db) {
		rollback(st);
		for (int q = 0; q < Q__COUNT; q++) {
			sqlite3_finalize(st->stmt[q]);
			st->stmt[q] = NULL;
		}
		/* Cheap, and keeps the planner's statistics useful. Refused on
		 * a file that is not a database; nothing to do then. */
		sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL);
		sqlite3_close_v2(st->db);
	}
	free(st);
}

bool pacta_store_is_empty(pacta_store *st)
{
	long long empty = 0;

	if (!st)
		return false;
	if (run_int(st, Q_IS_EMPTY, &empty, NULL) != PACTA_OK)
		return false;
	return empty != 0;
}

/* ---- Writing ---- */

/* who and why are required and must fit a history entry. */
static pacta_rc check_change(pacta_store *st, const char *who, const char *why, pacta_error *err)
{
	if (!who || !*who || !why)
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "a change needs who made it and why");
	if (strlen(who) >= sizeof(((pacta_history_entry *)0)->who) ||
	    strlen(why) >= sizeof(((pacta_history_entry *)0)->why))
		return pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
				       "who must be under %zu bytes and why under %zu",
				       sizeof(((pacta_history_entry *)0)->who),
				       sizeof(((pacta_history_entry *)0)->why));
	return PACTA_OK;
}

static pacta_rc insert_change(pacta_store *st, const char *at, const char *who, const char *why,
			      size_t n_acts, long long *id, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_CHANGE, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (bind_text(s, 1, at) || bind_text(s, 2, who) || bind_text(s, 3, why) ||
	    sqlite3_bind_int64(s, 4, (sqlite3_int64)n_acts) || sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "cannot record the change");
	else
		*id = sqlite3_last_insert_rowid(st->db);
	done(s);
	return rc;
}

/* Inserts one act; *row gets its row id. The caller checked the indexes. */
static pacta_rc insert_act(pacta_store *st, const pacta_record *rec, size_t i, long long change,
			   const char now[STAMP_BUFSZ], pacta_day today, long long *row,
			   pacta_error *err)
{
	const pacta_act *a = &rec->acts[i];
	char recorded[STAMP_BUFSZ];
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_ACT, &s, err);

	if (rc != PACTA_OK)
		return rc;
	stamp_act(a, now, today, recorded);
	if (bind_text(s, 1, rec->treaties[a->treaty].rules.id) ||
	    bind_text(s, 2, rec->participants[a->participant].iso3) ||
	    bind_text(s, 3, pacta_action_name(a->action)) || bind_date(s, 4, a->date) ||
	    bind_date(s, 5, a->effective) ||
	    (a->target >= 0 ? bind_text(s, 6, rec->participants[a->target].iso3) :
			      sqlite3_bind_null(s, 6)) ||
	    bind_text(s, 7, a->source_url) || bind_opt(s, 8, a->note) ||
	    bind_opt(s, 9, a->origin) || sqlite3_bind_text(s, 10, recorded, -1, SQLITE_TRANSIENT) ||
	    sqlite3_bind_int64(s, 11, change) || sqlite3_step(s) != SQLITE_DONE) {
		rc = db_error(st, err, "cannot save act %zu (%s %s %s)", i,
			      rec->participants[a->participant].iso3, pacta_action_name(a->action),
			      a->origin ? a->origin : "");
	} else {
		*row = sqlite3_last_insert_rowid(st->db);
	}
	done(s);
	return rc;
}

/* Refuses a record whose indexes point outside its arrays, before any SQL. */
static pacta_rc check_record(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	for (size_t i = 0; i < rec->n_acts; i++) {
		const pacta_act *a = &rec->acts[i];
		if (a->treaty >= rec->n_treaties || a->participant >= rec->n_participants ||
		    (unsigned)a->action >= PACTA_ACT__COUNT ||
		    (a->target >= 0 && (size_t)a->target >= rec->n_participants))
			return pacta_error_set(
				err, PACTA_ERR_USAGE, st->path,
				"act %zu refers to an unknown treaty, participant or action", i);
	}
	for (size_t i = 0; i < rec->n_groups; i++)
		if (rec->groups[i].participant >= rec->n_participants)
			return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
					       "group member %zu is out of range", i);
	for (size_t i = 0; i < rec->n_conflicts; i++)
		if (rec->conflicts[i].participant >= rec->n_participants)
			return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
					       "conflict %zu is out of range", i);
	for (size_t i = 0; i < rec->n_obligation_events; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[i];
		if (e->treaty >= rec->n_treaties || e->participant >= rec->n_participants ||
		    (unsigned)e->kind >= PACTA_OBL__COUNT)
			return pacta_error_set(
				err, PACTA_ERR_USAGE, st->path,
				"obligation event %zu refers to an unknown treaty, participant or event",
				i);
	}
	if (rec->n_acts > STORE_MAX_ROWS)
		return pacta_error_set(err, PACTA_ERR_LIMIT, st->path, "more than %d acts",
				       STORE_MAX_ROWS);
	if (rec->n_obligation_events > STORE_MAX_ROWS)
		return pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
				       "more than %d obligation events", STORE_MAX_ROWS);
	return PACTA_OK;
}

static pacta_rc insert_participants(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_PARTICIPANT, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		if (bind_text(s, 1, p->iso3) || bind_opt(s, 2, p->iso2) ||
		    bind_opt(s, 3, p->numeric) || bind_text(s, 4, p->name) ||
		    bind_opt(s, 5, p->depositary_name) || bind_opt(s, 6, p->aliases) ||
		    bind_text(s, 7, pacta_kind_name(p->kind)) ||
		    bind_date(s, 8, p->un_member_since) || bind_opt(s, 9, p->wikidata) ||
		    bind_text(s, 10, p->source_url) || bind_opt(s, 11, p->note) ||
		    sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save participant %s", p->iso3);
		done(s);
	}
	return rc;
}

static pacta_rc insert_groups(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_GROUP, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < rec->n_groups; i++) {
		const pacta_group_member *g = &rec->groups[i];
		const char *iso3 = rec->participants[g->participant].iso3;
		if (bind_text(s, 1, g->group) || bind_text(s, 2, iso3) ||
		    bind_date(s, 3, g->from) || bind_date(s, 4, g->to) ||
		    bind_opt(s, 5, g->source_url) || bind_opt(s, 6, g->note) ||
		    sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save group member %s of %s", iso3,
				      g->group ? g->group : "");
		done(s);
	}
	return rc;
}

/* The record files of a treaty joined by '\n', malloc'd; NULL on OOM. */
static char *join_files(const pacta_treaty *t)
{
	size_t len = 1, at = 0;
	char *s;

	for (size_t i = 0; i < t->n_record_files; i++)
		len += strlen(t->record_files[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	for (size_t i = 0; i < t->n_record_files; i++) {
		size_t n = strlen(t->record_files[i]);
		if (i)
			s[at++] = '\n';
		memcpy(s + at, t->record_files[i], n);
		at += n;
	}
	s[at] = '\0';
	return s;
}

static pacta_rc insert_treaties(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_TREATY, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < rec->n_treaties; i++) {
		const pacta_treaty *t = &rec->treaties[i];
		char *files = join_files(t);
		if (!files) {
			rc = nomem(st, err);
			break;
		}
		if (bind_text(s, 1, t->rules.id) || bind_text(s, 2, t->rules_json) ||
		    bind_opt(s, 3, t->origin) || bind_opt(s, 4, files) ||
		    sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save treaty %s",
				      t->rules.id ? t->rules.id : "");
		done(s);
		free(files);
	}
	return rc;
}

static pacta_rc insert_conflicts(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_CONFLICT, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < rec->n_conflicts; i++) {
		const pacta_conflict *c = &rec->conflicts[i];
		const char *iso3 = rec->participants[c->participant].iso3;
		if (bind_text(s, 1, iso3) || bind_date(s, 2, c->from) || bind_date(s, 3, c->to) ||
		    bind_text(s, 4, c->source_url) || bind_opt(s, 5, c->note) ||
		    bind_opt(s, 6, c->origin) || sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save conflict %zu (%s)", i, iso3);
		done(s);
	}
	return rc;
}

/* The article of an obligation event: bound by its length within the
 * field, so that one that fills the field without a terminator reaches the
 * table's CHECK instead of being read past. */
static int bind_article(sqlite3_stmt *s, int i, const pacta_obligation_event *e)
{
	return sqlite3_bind_text(s, i, e->article, (int)strnlen(e->article, sizeof(e->article)),
				 SQLITE_STATIC);
}

/* Obligation events are inserted in the record's order (their load order),
 * so that a record loaded from the store keeps its row ids. A value of -1
 * is absent (NULL); any other negative value reaches the CHECK. */
static pacta_rc insert_obligation_events(pacta_store *st, const pacta_record *rec, long long change,
					 pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_OBLIGATION_EVENT, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < rec->n_obligation_events; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[i];
		const char *iso3 = rec->participants[e->participant].iso3;
		if (bind_text(s, 1, rec->treaties[e->treaty].rules.id) || bind_text(s, 2, iso3) ||
		    bind_article(s, 3, e) ||
		    bind_text(s, 4, pacta_obligation_event_name(e->kind)) ||
		    bind_date(s, 5, e->date) || bind_date(s, 6, e->deadline) ||
		    (e->value == -1 ? sqlite3_bind_null(s, 7) :
				      sqlite3_bind_int64(s, 7, (sqlite3_int64)e->value)) ||
		    bind_text(s, 8, e->source_url) || bind_opt(s, 9, e->note) ||
		    bind_opt(s, 10, e->origin) || sqlite3_bind_int64(s, 11, change) ||
		    sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save obligation event %zu (%s %.*s %s %s)",
				      i, iso3, (int)strnlen(e->article, sizeof(e->article)),
				      e->article, pacta_obligation_event_name(e->kind),
				      e->origin ? e->origin : "");
		done(s);
	}
	return rc;
}

/* Acts are inserted by id (their load order), so that a freshly imported
 * record keeps its act numbers as row ids. */
struct act_order {
	uint32_t id;
	size_t i;
};

static int act_order_cmp(const void *a, const void *b)
{
	const struct act_order *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

pacta_rc pacta_store_replace(pacta_store *st, const pacta_record *rec, const char *who,
			     const char *why, pacta_error *err)
{
	static const enum store_query deletes[] = {
		Q_DELETE_OBLIGATION_EVENTS, Q_DELETE_ACTS,
		Q_DELETE_CONFLICTS,	    Q_DELETE_GROUPS,
		Q_DELETE_TREATIES,	    Q_DELETE_PARTICIPANTS,
	};
	char now[STAMP_BUFSZ];
	pacta_day today;
	long long change = 0, row;
	struct act_order *order = NULL;
	pacta_rc rc;

	if (!st || !rec)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store or record");
	if ((rc = check_change(st, who, why, err)) != PACTA_OK ||
	    (rc = check_record(st, rec, err)) != PACTA_OK)
		return rc;
	order = malloc((rec->n_acts ? rec->n_acts : 1) * sizeof(*order));
	if (!order)
		return nomem(st, err);
	for (size_t i = 0; i < rec->n_acts; i++) {
		order[i].id = rec->acts[i].id;
		order[i].i = i;
	}
	qsort(order, rec->n_acts, sizeof(*order), act_order_cmp);
	stamp_now(now, &today);

	rc = run(st, Q_BEGIN_WRITE, err);
	if (rc != PACTA_OK)
		goto out;
	for (size_t i = 0; rc == PACTA_OK && i < sizeof(deletes) / sizeof(deletes[0]); i++)
		rc = run(st, deletes[i], err);
	if (rc == PACTA_OK)
		rc = insert_participants(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_groups(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_treaties(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_change(st, now, who, why, rec->n_acts, &change, err);
	for (size_t i = 0; rc == PACTA_OK && i < rec->n_acts; i++)
		rc = insert_act(st, rec, order[i].i, change, now, today, &row, err);
	if (rc == PACTA_OK)
		rc = insert_conflicts(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_obligation_events(st, rec, change, err);
	if (rc == PACTA_OK)
		rc = run(st, Q_COMMIT, err);
out:
	if (rc != PACTA_OK)
		rollback(st);
	free(order);
	return rc;
}

/* "store:act N", the origin of an act loaded from a store. */
static void store_origin(char *buf, size_t size, long long id)
{
	snprintf(buf, size, "store:act %lld", id);
}

/* An act is in the store when it was loaded from it (or appended to it):
 * it has a row id and the matching origin. */
static bool act_saved(const pacta_act *a)
{
	char buf[32];

	if (a->id == 0 || !a->origin)
		return false;
	store_origin(buf, sizeof(buf), a->id);
	return strcmp(a->origin, buf) == 0;
}

pacta_rc pacta_store_append_acts(pacta_store *st, pacta_record *rec, size_t first, const char *who,
				 const char *why, pacta_error *err)
{
	char now[STAMP_BUFSZ];
	pacta_day today;
	long long change = 0;
	size_t n = 0, k = 0;
	size_t *which = NULL;
	uint32_t *ids = NULL;
	const char **origins = NULL;
	pacta_rc rc;

	if (!st || !rec)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store or record");
	if (first > rec->n_acts)
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "first act %zu is past the last (%zu)", first, rec->n_acts);
	if ((rc = check_change(st, who, why, err)) != PACTA_OK ||
	    (rc = check_record(st, rec, err)) != PACTA_OK)
		return rc;
	for (size_t i = first; i < rec->n_acts; i++)
		if (!act_saved(&rec->acts[i]))
			n++;
	if (n == 0)
		return PACTA_OK;
	which = malloc(n * sizeof(*which));
	ids = malloc(n * sizeof(*ids));
	origins = malloc(n * sizeof(*origins));
	if (!which || !ids || !origins) {
		rc = nomem(st, err);
		goto out;
	}
	for (size_t i = first; i < rec->n_acts; i++)
		if (!act_saved(&rec->acts[i]))
			which[k++] = i;
	stamp_now(now, &today);

	rc = run(st, Q_BEGIN_WRITE, err);
	if (rc != PACTA_OK)
		goto out;
	rc = insert_change(st, now, who, why, n, &change, err);
	for (k = 0; rc == PACTA_OK && k < n; k++) {
		char origin[32];
		long long row = 0;
		rc = insert_act(st, rec, which[k], change, now, today, &row, err);
		if (rc != PACTA_OK)
			break;
		if (row <= 0 || row > UINT32_MAX) {
			rc = pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
					     "act row id %lld does not fit an act id", row);
			break;
		}
		/* Copied into the record now, so nothing can fail after the
		 * commit; a rollback only leaves an unused string behind. */
		store_origin(origin, sizeof(origin), row);
		origins[k] = pacta_record_strdup(rec, origin);
		if (!origins[k]) {
			rc = nomem(st, err);
			break;
		}
		ids[k] = (uint32_t)row;
	}
	if (rc == PACTA_OK)
		rc = run(st, Q_COMMIT, err);
	if (rc != PACTA_OK)
		goto out;
	for (k = 0; k < n; k++) {
		rec->acts[which[k]].id = ids[k];
		rec->acts[which[k]].origin = origins[k];
	}
	/* New ids may change the order of acts that tie on everything else;
	 * finishing again keeps the record sorted and indexed. */
	rc = pacta_record_finish(rec, err);
	if (rc != PACTA_OK)
		rewhere(rc, err, "the acts were saved, but the record was not sorted again");
out:
	if (rc != PACTA_OK)
		rollback(st);
	free(which);
	free(ids);
	free(origins);
	return rc;
}

/* ---- Loading ---- */

/* Rows read from one table, bounded. */
static pacta_rc count_row(pacta_store *st, size_t *n, const char *table, pacta_error *err)
{
	if (++*n > STORE_MAX_ROWS)
		return pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
				       "table %s has more than %d rows", table, STORE_MAX_ROWS);
	return PACTA_OK;
}

static pacta_rc bad_row(pacta_store *st, pacta_error *err, bool oom, const char *what,
			const char *key)
{
	if (oom)
		return nomem(st, err);
	return pacta_error_set(err, PACTA_ERR_DB, st->path, "%s %s holds an invalid value", what,
			       key ? key : "?");
}

static pacta_rc step_error(pacta_store *st, int step, const char *table, pacta_error *err)
{
	if (step == SQLITE_DONE)
		return PACTA_OK;
	return db_error(st, err, "cannot read table %s", table);
}

static pacta_rc load_participants(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_PARTICIPANTS, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_participant p;
		bool oom = false, ok = true;
		const char *iso3 = col_text(s, 0, &oom);
		const char *iso2 = col_text(s, 1, &oom);
		const char *kind = col_text(s, 6, &oom);

		memset(&p, 0, sizeof(p));
		if ((rc = count_row(st, &n, "participant", err)) != PACTA_OK)
			break;
		p.numeric = col_text(s, 2, &oom);
		p.name = col_text(s, 3, &oom);
		p.depositary_name = col_text(s, 4, &oom);
		p.aliases = col_text(s, 5, &oom);
		p.wikidata = col_text(s, 8, &oom);
		p.source_url = col_text(s, 9, &oom);
		p.note = col_text(s, 10, &oom);
		ok = col_date(s, 7, PACTA_DAY_NONE, &p.un_member_since, &oom);
		ok = ok && iso3 && strlen(iso3) == 3 && kind && (!iso2 || strlen(iso2) == 2);
		if (ok) {
			memcpy(p.iso3, iso3, 4);
			if (iso2)
				memcpy(p.iso2, iso2, 3);
			ok = false;
			for (int k = 0; k <= PACTA_KIND_ORGANIZATION; k++) {
				if (strcmp(kind, pacta_kind_name((pacta_participant_kind)k)) == 0) {
					p.kind = (pacta_participant_kind)k;
					ok = true;
				}
			}
		}
		if (oom || !ok) {
			rc = bad_row(st, err, oom, "participant", iso3);
			break;
		}
		rc = pacta_record_add_participant(rec, &p, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "participant", err);
	done(s);
	return rc;
}

/* The participant index of iso3 in rec, or -1. */
static int32_t participant_of(const pacta_record *rec, const char *iso3)
{
	return iso3 ? pacta_record_participant_by_iso3(rec, iso3) : -1;
}

static pacta_rc load_groups(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_GROUPS, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_group_member g;
		bool oom = false, ok;
		const char *iso3 = col_text(s, 1, &oom);
		int32_t p = participant_of(rec, iso3);

		memset(&g, 0, sizeof(g));
		if ((rc = count_row(st, &n, "group_member", err)) != PACTA_OK)
			break;
		g.group = col_text(s, 0, &oom);
		g.source_url = col_text(s, 4, &oom);
		g.note = col_text(s, 5, &oom);
		ok = col_date(s, 2, PACTA_DAY_NONE, &g.from, &oom);
		ok = col_date(s, 3, PACTA_DAY_OPEN, &g.to, &oom) && ok;
		if (oom || !ok || p < 0 || !g.group) {
			rc = bad_row(st, err, oom, "group member", iso3);
			break;
		}
		g.participant = (uint32_t)p;
		rc = pacta_record_add_group_member(rec, &g, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "group_member", err);
	done(s);
	return rc;
}

static pacta_rc load_treaties(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_TREATIES, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		bool oom = false;
		const char *id = col_text(s, 0, &oom);
		const char *json = col_text(s, 1, &oom);
		const char *origin = col_text(s, 2, &oom);
		int len = sqlite3_column_bytes(s, 1);
		char where[64];

		if ((rc = count_row(st, &n, "treaty", err)) != PACTA_OK)
			break;
		if (oom || !id || !json || len < 0) {
			rc = bad_row(st, err, oom, "treaty", id);
			break;
		}
		snprintf(where, sizeof(where), "store:treaty %s", id);
		rc = pacta_record_add_treaty(rec, json, (size_t)len, origin ? origin : where, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
		if (strcmp(rec->treaties[rec->n_treaties - 1].rules.id, id) != 0) {
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path,
					     "treaty %s holds the rules of '%s'", id,
					     rec->treaties[rec->n_treaties - 1].rules.id);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "treaty", err);
	done(s);
	return rc;
}

static pacta_rc load_acts(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_ACTS, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_act a;
		bool oom = false, ok;
		long long id = sqlite3_column_int64(s, 0);
		const char *treaty = col_text(s, 1, &oom);
		const char *state = col_text(s, 2, &oom);
		const char *action = col_text(s, 3, &oom);
		const char *target = col_text(s, 6, &oom);
		const char *recorded = col_text(s, 9, &oom);
		int32_t t = treaty ? pacta_record_treaty_by_id(rec, treaty) : -1;
		int32_t p = participant_of(rec, state);
		char origin[32], key[32];

		memset(&a, 0, sizeof(a));
		if ((rc = count_row(st, &n, "act", err)) != PACTA_OK)
			break;
		a.source_url = col_text(s, 7, &oom);
		a.note = col_text(s, 8, &oom);
		ok = col_date(s, 4, PACTA_DAY_NONE, &a.date, &oom);
		ok = col_date(s, 5, PACTA_DAY_NONE, &a.effective, &oom) && ok;
		ok = ok && a.date != PACTA_DAY_NONE && id > 0 && id <= UINT32_MAX && t >= 0 &&
		     p >= 0 && action && pacta_action_parse(action, &a.action) &&
		     stamp_day(recorded, &a.recorded);
		a.target = -1;
		if (ok && target) {
			a.target = participant_of(rec, target);
			ok = a.target >= 0;
		}
		snprintf(key, sizeof(key), "%lld", id);
		if (oom || !ok) {
			rc = bad_row(st, err, oom, "act", key);
			break;
		}
		a.id = (uint32_t)id;
		a.treaty = (uint32_t)t;
		a.participant = (uint32_t)p;
		store_origin(origin, sizeof(origin), id);
		a.origin = origin;
		rc = pacta_record_add_act(rec, &a, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "act", err);
	done(s);
	return rc;
}

static pacta_rc load_conflicts(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_CONFLICTS, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_conflict c;
		bool oom = false, ok;
		const char *iso3 = col_text(s, 0, &oom);
		int32_t p = participant_of(rec, iso3);

		memset(&c, 0, sizeof(c));
		if ((rc = count_row(st, &n, "armed_conflict", err)) != PACTA_OK)
			break;
		c.source_url = col_text(s, 3, &oom);
		c.note = col_text(s, 4, &oom);
		c.origin = col_text(s, 5, &oom);
		ok = col_date(s, 1, PACTA_DAY_NONE, &c.from, &oom);
		ok = col_date(s, 2, PACTA_DAY_OPEN, &c.to, &oom) && ok;
		if (oom || !ok || p < 0) {
			rc = bad_row(st, err, oom, "armed conflict of", iso3);
			break;
		}
		c.participant = (uint32_t)p;
		rc = pacta_record_add_conflict(rec, &c, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "armed_conflict", err);
	done(s);
	return rc;
}

static pacta_rc load_obligation_events(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_OBLIGATION_EVENTS, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_obligation_event e;
		bool oom = false, ok;
		long long id = sqlite3_column_int64(s, 0);
		const char *treaty = col_text(s, 1, &oom);
		const char *state = col_text(s, 2, &oom);
		const char *article = col_text(s, 3, &oom);
		const char *event = col_text(s, 4, &oom);
		int32_t t = treaty ? pacta_record_treaty_by_id(rec, treaty) : -1;
		int32_t p = participant_of(rec, state);
		char origin[48], key[32];

		memset(&e, 0, sizeof(e));
		if ((rc = count_row(st, &n, "obligation_event", err)) != PACTA_OK)
			break;
		e.source_url = col_text(s, 8, &oom);
		e.note = col_text(s, 9, &oom);
		e.value = -1;
		if (sqlite3_column_type(s, 7) != SQLITE_NULL)
			e.value = sqlite3_column_int64(s, 7);
		ok = col_date(s, 5, PACTA_DAY_NONE, &e.date, &oom);
		ok = col_date(s, 6, PACTA_DAY_NONE, &e.deadline, &oom) && ok;
		ok = ok && id > 0 && id <= UINT32_MAX && t >= 0 && p >= 0 && e.value >= -1 &&
		     article && *article && strlen(article) < sizeof(e.article) && event &&
		     pacta_obligation_event_parse(event, &e.kind);
		snprintf(key, sizeof(key), "%lld", id);
		if (oom || !ok) {
			rc = bad_row(st, err, oom, "obligation event", key);
			break;
		}
		memcpy(e.article, article, strlen(article) + 1);
		e.id = (uint32_t)id;
		e.treaty = (uint32_t)t;
		e.participant = (uint32_t)p;
		snprintf(origin, sizeof(origin), "store:obligation %lld", id);
		e.origin = origin;
		rc = pacta_record_add_obligation_event(rec, &e, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "obligation_event", err);
	done(s);
	return rc;
}

pacta_rc pacta_store_load(pacta_store *st, pacta_record **out, pacta_error *err)
{
	pacta_record *rec = NULL;
	pacta_rc rc;

	if (!out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no record to fill");
	*out = NULL;
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	rec = pacta_record_new();
	if (!rec)
		return nomem(st, err);
	/* One read transaction: every table from the same snapshot. */
	rc = run(st, Q_BEGIN_READ, err);
	if (rc == PACTA_OK)
		rc = load_participants(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_groups(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_treaties(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_acts(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_conflicts(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_obligation_events(st, rec, err);
	if (rc == PACTA_OK)
		rc = run(st, Q_COMMIT, err);
	if (rc == PACTA_OK)
		rc = pacta_record_finish(rec, err);
	if (rc != PACTA_OK) {
		rollback(st);
		pacta_record_free(rec);
		return rc;
	}
	*out = rec;
	return PACTA_OK;
}

/* ---- History ---- */

pacta_rc pacta_store_history(pacta_store *st, pacta_history_entry **out, size_t *n,
			     pacta_error *err)
{
	pacta_history_entry *items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc;

	if (!out || !n)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "nothing to fill");
	*out = NULL;
	*n = 0;
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	rc = query(st, Q_SELECT_HISTORY, &s, err);
	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_history_entry *e;
		bool oom = false;
		const char *at = col_text(s, 1, &oom);
		const char *who = col_text(s, 2, &oom);
		const char *why = col_text(s, 3, &oom);

		if (oom) {
			rc = nomem(st, err);
			break;
		}
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			if (count >= STORE_MAX_ROWS) {
				rc = pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
						     "the history has more than %d entries",
						     STORE_MAX_ROWS);
				break;
			}
			e = realloc(items, ncap * sizeof(*items));
			if (!e) {
				rc = nomem(st, err);
				break;
			}
			items = e;
			cap = ncap;
		}
		e = &items[count++];
		/* Fields are cut to their buffers; writes keep them shorter. */
		e->id = sqlite3_column_int64(s, 0);
		snprintf(e->at, sizeof(e->at), "%s", at ? at : "");
		snprintf(e->who, sizeof(e->who), "%s", who ? who : "");
		snprintf(e->why, sizeof(e->why), "%s", why ? why : "");
		e->acts = sqlite3_column_int64(s, 4);
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "change", err);
	done(s);
	if (rc != PACTA_OK) {
		free(items);
		return rc;
	}
	*out = items;
	*n = count;
	return PACTA_OK;
}

/* ---- Tokens ---- */

pacta_rc pacta_store_token_add(pacta_store *st, const char *name,
			       const unsigned char hash[PACTA_TOKEN_HASH_SIZE], pacta_error *err)
{
	char now[STAMP_BUFSZ];
	pacta_day today;
	sqlite3_stmt *s = NULL;
	pacta_rc rc;
	int step;

	if (!st || !name || !hash)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store, name or hash");
	if (!*name || strlen(name) >= PACTA_TOKEN_NAME_MAX)
		return pacta_error_set(err, PACTA_ERR_USAGE, "token name",
				       "a token name has 1 to %d bytes", PACTA_TOKEN_NAME_MAX - 1);
	stamp_now(now, &today);
	if ((rc = query(st, Q_INSERT_TOKEN, &s, err)) != PACTA_OK)
		return rc;
	if (bind_text(s, 1, name) != SQLITE_OK ||
	    sqlite3_bind_blob(s, 2, hash, PACTA_TOKEN_HASH_SIZE, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		rc = db_error(st, err, "cannot bind the token");
		done(s);
		return rc;
	}
	step = sqlite3_step(s);
	if (step == SQLITE_CONSTRAINT || sqlite3_extended_errcode(st->db) == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = pacta_error_set(err, PACTA_ERR_CHECK, "token name",
				     "a token named '%s' exists already (names are never reused)",
				     name);
	else if (step != SQLITE_DONE)
		rc = db_error(st, err, "cannot add the token");
	done(s);
	return rc;
}

pacta_rc pacta_store_token_revoke(pacta_store *st, const char *name, pacta_error *err)
{
	char now[STAMP_BUFSZ];
	pacta_day today;
	sqlite3_stmt *s = NULL;
	pacta_rc rc;

	if (!st || !name)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store or name");
	stamp_now(now, &today);
	if ((rc = query(st, Q_REVOKE_TOKEN, &s, err)) != PACTA_OK)
		return rc;
	if (bind_text(s, 1, name) != SQLITE_OK ||
	    sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT) != SQLITE_OK)
		rc = db_error(st, err, "cannot bind the token name");
	else if (sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "cannot revoke the token");
	else if (sqlite3_changes(st->db) == 0)
		rc = pacta_error_set(err, PACTA_ERR_NOTFOUND, "token name",
				     "no active token named '%s'", name);
	done(s);
	return rc;
}

pacta_rc pacta_store_tokens(pacta_store *st, pacta_token_entry **out, size_t *n,
			    pacta_error *err)
{
	pacta_token_entry *items = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc;

	if (!out || !n || !st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "nothing to fill");
	*out = NULL;
	*n = 0;
	if ((rc = query(st, Q_SELECT_TOKENS, &s, err)) != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		bool oom = false;
		const char *name = col_text(s, 0, &oom);
		const void *hash = sqlite3_column_blob(s, 1);
		const char *created = col_text(s, 2, &oom);
		const char *revoked = col_text(s, 3, &oom);

		if (oom) {
			rc = nomem(st, err);
			break;
		}
		if (!hash || sqlite3_column_bytes(s, 1) != PACTA_TOKEN_HASH_SIZE) {
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path, "a token row has no valid hash");
			break;
		}
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			pacta_token_entry *e;
			if (count >= STORE_MAX_ROWS) {
				rc = pacta_error_set(err, PACTA_ERR_LIMIT, st->path, "too many tokens");
				break;
			}
			e = realloc(items, ncap * sizeof(*items));
			if (!e) {
				rc = nomem(st, err);
				break;
			}
			items = e;
			cap = ncap;
		}
		pacta_token_entry *e = &items[count++];
		snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
		memcpy(e->hash, hash, PACTA_TOKEN_HASH_SIZE);
		snprintf(e->created_at, sizeof(e->created_at), "%s", created ? created : "");
		snprintf(e->revoked_at, sizeof(e->revoked_at), "%s", revoked ? revoked : "");
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "token", err);
	done(s);
	if (rc != PACTA_OK) {
		free(items);
		return rc;
	}
	*out = items;
	*n = count;
	return PACTA_OK;
}
