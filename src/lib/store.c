/*
 * store.c - the record in an SQLite database: opening and migrating the
 * file, replacing its content, appending acts, loading it back and reading
 * the history of changes.
 *
 * What this module must never do:
 *  - build SQL from input. Every value is bound to a prepared statement; the
 *    formatted statements are PRAGMAs set from integers (user_version, and
 *    the page cache and temp_store a bulk write gives back).
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

#include <sys/stat.h>

#include <sqlite3.h>

#include "array.h"
#include "chain.h"
#include "inline.h"
#include "date_internal.h"
#include "record_internal.h"
#include "store_internal.h"
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
_Static_assert(PACTA_ACT__COUNT == 28, "new action: add a migration for act.action");
_Static_assert(PACTA_KIND_ORGANIZATION == 4, "new kind: add a migration for participant.kind");
_Static_assert(PACTA_OBL__COUNT == 8,
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
	/* 4: the tamper-evident history (see docs/reliability.md). Each change
	 * says what kind of write it was and carries the hash chain; acts,
	 * obligation events and sealed changes are never updated or deleted
	 * (triggers refuse it; pacta verify still checks, since triggers can
	 * be dropped). A file from before this step is sealed as it stands:
	 * its oldest change that still holds acts becomes the snapshot. */
	"ALTER TABLE change ADD COLUMN kind TEXT NOT NULL DEFAULT 'append'"
	" CHECK (kind IN ('snapshot', 'append', 'correct'));"
	"ALTER TABLE change ADD COLUMN prev_hash BLOB"
	" CHECK (prev_hash IS NULL OR length(prev_hash) = 32);"
	"ALTER TABLE change ADD COLUMN content_hash BLOB"
	" CHECK (content_hash IS NULL OR length(content_hash) = 32);"
	"ALTER TABLE change ADD COLUMN reference_hash BLOB"
	" CHECK (reference_hash IS NULL OR length(reference_hash) = 32);"
	"ALTER TABLE change ADD COLUMN hash BLOB CHECK (hash IS NULL OR length(hash) = 32);"
	"UPDATE change SET kind = 'snapshot' WHERE id = coalesce("
	" (SELECT min(change_id) FROM act), (SELECT max(id) FROM change));"
	"CREATE TRIGGER change_sealed BEFORE UPDATE ON change"
	" WHEN OLD.hash IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at"
	"  OR NEW.who IS NOT OLD.who OR NEW.why IS NOT OLD.why OR NEW.acts IS NOT OLD.acts"
	"  OR NEW.kind IS NOT OLD.kind"
	" BEGIN SELECT RAISE(ABORT, 'the history is append-only: a sealed change is never edited'); END;"
	"CREATE TRIGGER change_kept BEFORE DELETE ON change"
	" BEGIN SELECT RAISE(ABORT, 'the history is append-only: a change is never deleted'); END;"
	"CREATE TRIGGER act_kept_update BEFORE UPDATE ON act"
	" BEGIN SELECT RAISE(ABORT, 'acts are never edited in place: a correction supersedes them'); END;"
	"CREATE TRIGGER act_kept_delete BEFORE DELETE ON act"
	" BEGIN SELECT RAISE(ABORT, 'acts are never deleted: a correction supersedes them'); END;"
	"CREATE TRIGGER act_unsealed BEFORE INSERT ON act"
	" WHEN (SELECT hash FROM change WHERE id = NEW.change_id) IS NOT NULL"
	" BEGIN SELECT RAISE(ABORT, 'an act joins only the change being written'); END;"
	"CREATE TRIGGER obligation_event_kept_update BEFORE UPDATE ON obligation_event"
	" BEGIN SELECT RAISE(ABORT, 'obligation events are never edited in place'); END;"
	"CREATE TRIGGER obligation_event_kept_delete BEFORE DELETE ON obligation_event"
	" BEGIN SELECT RAISE(ABORT, 'obligation events are never deleted'); END;"
	"CREATE TRIGGER obligation_event_unsealed BEFORE INSERT ON obligation_event"
	" WHEN (SELECT hash FROM change WHERE id = NEW.change_id) IS NOT NULL"
	" BEGIN SELECT RAISE(ABORT, 'an obligation event joins only the change being written'); END;"
	"CREATE INDEX change_kind ON change(kind, id);",
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
	/* 6: one more obligation event (an extension requested, not yet
	 * decided), widened in place as in step 5. */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" '''report_submitted'')',"
	" '''report_submitted'', ''extension_requested'')')"
	" WHERE type = 'table' AND name = 'obligation_event';"
	"PRAGMA writable_schema = RESET;",
	/* 7: the chain's second layout (docs/reliability.md). Every entry
	 * from now on also seals the reference tables and the tokens as they
	 * stand after it, each read in rowid order with its rowid, so that
	 * the head covers everything an answer is made of; token changes and
	 * upgrades are entries of their own kinds ('token', 'seal'). The
	 * kind CHECK only accepts more values, so it is widened in place, as
	 * in step 5; a token is never deleted and only ever revoked. migrate()
	 * then checks the file under the first layout and seals it. */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" '''snapshot'', ''append'', ''correct''',"
	" '''snapshot'', ''append'', ''correct'', ''token'', ''seal''')"
	" WHERE type = 'table' AND name = 'change';"
	"PRAGMA writable_schema = RESET;"
	"ALTER TABLE change ADD COLUMN layout INTEGER NOT NULL DEFAULT 1"
	" CHECK (layout IN (1, 2));"
	"CREATE TRIGGER token_kept BEFORE DELETE ON token"
	" BEGIN SELECT RAISE(ABORT, 'tokens are never deleted: revoke them'); END;"
	"CREATE TRIGGER token_revoked_only BEFORE UPDATE ON token"
	" WHEN NEW.name IS NOT OLD.name OR NEW.hash IS NOT OLD.hash"
	"  OR NEW.created_at IS NOT OLD.created_at OR OLD.revoked_at IS NOT NULL"
	" BEGIN SELECT RAISE(ABORT, 'a token is only ever revoked, once'); END;",
	/* 8: what the depositary circulated and published (docs/record.md):
	 * an act's notification reference and the day it was circulated, the
	 * territory of a territorial act, the text of a declaration; three
	 * more actions (withdrawal of a reservation or of a declaration,
	 * exclusion of a territory), widened in place as in step 5; and the
	 * chain's third layout, whose entries also hash these columns
	 * (docs/reliability.md). */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" '''suspension_claim'', ''objection'')',"
	" '''suspension_claim'', ''objection'', ''reservation_withdrawal'',"
	" ''declaration_withdrawal'', ''territorial_exclusion'')')"
	" WHERE type = 'table' AND name = 'act';"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" 'CHECK (layout IN (1, 2))', 'CHECK (layout IN (1, 2, 3))')"
	" WHERE type = 'table' AND name = 'change';"
	"PRAGMA writable_schema = RESET;"
	"ALTER TABLE act ADD COLUMN notification TEXT"
	" CHECK (notification IS NULL OR notification <> '');"
	"ALTER TABLE act ADD COLUMN circulated TEXT"
	" CHECK (circulated IS NULL OR circulated GLOB " ISO_DATE_GLOB ");"
	"ALTER TABLE act ADD COLUMN territory TEXT CHECK (territory IS NULL OR territory <> '');"
	"ALTER TABLE act ADD COLUMN text TEXT CHECK (text IS NULL OR text <> '');",
	/* 9: the depositary's pages as fetched (evidence), the changes they
	 * suggest (proposals, waiting for review) and the webhook that is
	 * told of both (src/lib/evidence.c, docs/update.md). They are not the
	 * record: the chain covers their schema, not their rows; an accepted
	 * proposal's history entry names its snapshot's hash. A snapshot is
	 * never edited or deleted; a proposal is decided once. */
	"CREATE TABLE page_snapshot ("
	" id INTEGER PRIMARY KEY,"
	" treaty TEXT NOT NULL CHECK (treaty <> ''),"
	" url TEXT NOT NULL CHECK (url <> ''),"
	" fetched_at TEXT NOT NULL CHECK (fetched_at GLOB " STAMP_GLOB "),"
	" http_status INTEGER NOT NULL,"
	" etag TEXT,"
	" last_modified TEXT,"
	" sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
	" size INTEGER NOT NULL CHECK (size >= 0),"
	" body BLOB NOT NULL,"
	" counts TEXT"
	") STRICT;"
	"CREATE INDEX page_snapshot_url ON page_snapshot(url, id);"
	"CREATE TRIGGER page_snapshot_kept_update BEFORE UPDATE ON page_snapshot"
	" BEGIN SELECT RAISE(ABORT, 'a snapshot is evidence: it is never edited'); END;"
	"CREATE TRIGGER page_snapshot_kept_delete BEFORE DELETE ON page_snapshot"
	" BEGIN SELECT RAISE(ABORT, 'a snapshot is evidence: it is never deleted'); END;"
	"CREATE TABLE proposal ("
	" id INTEGER PRIMARY KEY,"
	" treaty TEXT NOT NULL CHECK (treaty <> ''),"
	" snapshot INTEGER NOT NULL REFERENCES page_snapshot(id),"
	" kind TEXT NOT NULL CHECK (kind IN ('new', 'date', 'gone', 'count')),"
	" state TEXT,"
	" fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),"
	" page_says TEXT NOT NULL,"
	" record_says TEXT NOT NULL,"
	" would_append TEXT NOT NULL,"
	" act TEXT,"
	" supersedes INTEGER,"
	" status TEXT NOT NULL DEFAULT 'pending'"
	"  CHECK (status IN ('pending', 'accepted', 'rejected')),"
	" created_at TEXT NOT NULL CHECK (created_at GLOB " STAMP_GLOB "),"
	" decided_at TEXT CHECK (decided_at IS NULL OR decided_at GLOB " STAMP_GLOB "),"
	" decided_by TEXT,"
	" note TEXT,"
	" change_id INTEGER REFERENCES change(id),"
	" UNIQUE (treaty, fingerprint)"
	") STRICT;"
	"CREATE INDEX proposal_status ON proposal(status, id);"
	"CREATE TRIGGER proposal_decided_once BEFORE UPDATE ON proposal"
	" WHEN OLD.status <> 'pending' OR NEW.id IS NOT OLD.id OR NEW.fingerprint IS NOT OLD.fingerprint"
	"  OR NEW.act IS NOT OLD.act OR NEW.snapshot IS NOT OLD.snapshot"
	" BEGIN SELECT RAISE(ABORT, 'a proposal is decided once'); END;"
	"CREATE TRIGGER proposal_kept BEFORE DELETE ON proposal"
	" BEGIN SELECT RAISE(ABORT, 'a proposal is never deleted'); END;"
	"CREATE TABLE webhook ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" url TEXT NOT NULL CHECK (url <> ''),"
	" secret TEXT NOT NULL CHECK (length(secret) >= 16)"
	") STRICT;",
	/* 10: one more action (a notice terminating provisional
	 * application), widened in place as in step 5. */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" '''declaration_withdrawal'', ''territorial_exclusion'')',"
	" '''declaration_withdrawal'', ''territorial_exclusion'',"
	" ''provisional_application_end'')')"
	" WHERE type = 'table' AND name = 'act';"
	"PRAGMA writable_schema = RESET;",
	/* 11: shared final clauses, and the own fields of a treaty that
	 * takes them, so that loading it needs no parse of its rules file
	 * (columns NULL for a treaty with clauses of its own). */
	"CREATE TABLE clauses ("
	" name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),"
	" rules_json TEXT NOT NULL,"
	" origin TEXT"
	") STRICT;"
	"ALTER TABLE treaty ADD COLUMN clauses TEXT CHECK (clauses IS NULL OR clauses <> '');"
	"ALTER TABLE treaty ADD COLUMN name TEXT;"
	"ALTER TABLE treaty ADD COLUMN title TEXT;"
	"ALTER TABLE treaty ADD COLUMN adopted TEXT CHECK (adopted IS NULL OR"
	" adopted GLOB " ISO_DATE_GLOB ");"
	"ALTER TABLE treaty ADD COLUMN opened_for_signature TEXT CHECK"
	" (opened_for_signature IS NULL OR opened_for_signature GLOB " ISO_DATE_GLOB ");"
	"ALTER TABLE treaty ADD COLUMN source_url TEXT;"
	"ALTER TABLE treaty ADD COLUMN instruments INTEGER CHECK (instruments IS NULL OR"
	" instruments BETWEEN 1 AND 100000);"
	"ALTER TABLE treaty ADD COLUMN eif_stated TEXT CHECK (eif_stated IS NULL OR"
	" eif_stated GLOB " ISO_DATE_GLOB ");",
	/* 12: the CHECKs that name every action and every obligation event
	 * as one comparison each, ORed, instead of an IN list: the same values
	 * are accepted, but SQLite builds an IN list's lookup table anew for
	 * every row it checks (28 names: about half the cost of inserting an
	 * act). Edited in place as in step 5, and only where the list is
	 * exactly the one steps 10 and 6 left, so that nothing else can change;
	 * migrate() then checks that every name is still accepted. A later
	 * step that accepts one more name appends "OR action = '...'". */
	"PRAGMA writable_schema = ON;"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" 'CHECK (action IN (''announcement'',  ''government_decision'',"
	" ''parliament_approval'',  ''head_of_state_signature'', ''signature'',"
	" ''definitive_signature'', ''ratification'', ''acceptance'',"
	"  ''approval'', ''accession'', ''succession'', ''consent'',"
	"  ''formal_confirmation'', ''provisional_application'', ''reservation'',"
	"  ''declaration'', ''territorial_application'', ''communication'',"
	"  ''withdrawal'', ''revocation'', ''non_intent'', ''ceased'',"
	" ''suspension_claim'', ''objection'', ''reservation_withdrawal'',"
	" ''declaration_withdrawal'', ''territorial_exclusion'',"
	" ''provisional_application_end''))',"
	" 'CHECK (action = ''announcement'' OR action = ''government_decision'' OR"
	" action = ''parliament_approval'' OR"
	" action = ''head_of_state_signature'' OR action = ''signature'' OR"
	" action = ''definitive_signature'' OR action = ''ratification'' OR"
	" action = ''acceptance'' OR action = ''approval'' OR"
	" action = ''accession'' OR action = ''succession'' OR"
	" action = ''consent'' OR action = ''formal_confirmation'' OR"
	" action = ''provisional_application'' OR action = ''reservation'' OR"
	" action = ''declaration'' OR action = ''territorial_application'' OR"
	" action = ''communication'' OR action = ''withdrawal'' OR"
	" action = ''revocation'' OR action = ''non_intent'' OR"
	" action = ''ceased'' OR action = ''suspension_claim'' OR"
	" action = ''objection'' OR action = ''reservation_withdrawal'' OR"
	" action = ''declaration_withdrawal'' OR"
	" action = ''territorial_exclusion'' OR"
	" action = ''provisional_application_end'')')"
	" WHERE type = 'table' AND name = 'act';"
	"UPDATE sqlite_schema SET sql = replace(sql,"
	" 'CHECK (event IN (''applies'', ''extension_granted'',  ''completed'',"
	" ''missed'', ''new_contamination'', ''retained'',  ''report_submitted'',"
	" ''extension_requested''))',"
	" 'CHECK (event = ''applies'' OR event = ''extension_granted'' OR"
	" event = ''completed'' OR event = ''missed'' OR"
	" event = ''new_contamination'' OR event = ''retained'' OR"
	" event = ''report_submitted'' OR event = ''extension_requested'')')"
	" WHERE type = 'table' AND name = 'obligation_event';"
	"PRAGMA writable_schema = RESET;",
};

/* The step that brings the hash chain; renumbering it is this one line. */
#define STORE_CHAIN_VERSION 4
/* The step that brings the chain's second layout. */
#define STORE_LAYOUT2_VERSION 7
/* The step that brings the depositary's columns and the third layout. */
#define STORE_DEPOSITARY_VERSION 8
/* The step that brings shared clauses, which the reference hash covers
 * from then on (a file checked before the step has none). */
#define STORE_CLAUSES_VERSION 11

/* The layouts of an entry's hashes (docs/reliability.md): entries sealed
 * before STORE_LAYOUT2_VERSION keep the first; every later one has the
 * second. */
#define LAYOUT_1 1
#define LAYOUT_2 2
#define LAYOUT_3 3

/* An act row as Q_HASH_ACTS and Q_WALK_ACTS read it: the columns every
 * layout hashes (id ... supersedes), then the depositary's columns that
 * only the third layout hashes; change_id is column ACT_CHANGE_COLUMN. */
#define ACT_COLUMNS_BEFORE_LAYOUT_3 13
#define ACT_CHANGE_COLUMN 11

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
	Q_DATA_VERSION,
	Q_CACHE_SIZE,
	Q_TEMP_STORE,
	Q_EXPECTED,
	Q_DELETE_CONFLICTS,
	Q_DELETE_GROUPS,
	Q_DELETE_TREATIES,
	Q_DELETE_CLAUSES,
	Q_INSERT_CLAUSES,
	Q_SELECT_CLAUSES,
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
	Q_VISIBLE_CHANGES,
	Q_SELECT_CONFLICTS,
	Q_SELECT_OBLIGATION_EVENTS,
	Q_SELECT_HISTORY,
	Q_SELECT_HISTORY_OF,
	Q_BASE,
	Q_VISIBLE,
	Q_FIRST_CHANGE,
	Q_FOREIGN_KEYS_OFF,
	Q_FOREIGN_KEYS_ON,
	Q_HASH_ACTS,
	Q_HASH_OBLIGATION_EVENTS,
	Q_WALK_ACTS,
	Q_WALK_ACTS_BEFORE_8,
	Q_LOAD_ACTS,
	Q_WALK_OBLIGATION_EVENTS,
	Q_HASH_PARTICIPANTS_1,
	Q_HASH_TREATIES_1,
	Q_HASH_PARTICIPANTS,
	Q_HASH_GROUPS,
	Q_HASH_TREATIES,
	Q_HASH_CLAUSES,
	Q_HASH_TREATY_OWN,
	Q_HASH_CONFLICTS,
	Q_HASH_TOKENS,
	Q_HASH_SCHEMA,
	Q_SELECT_CHANGE,
	Q_SELECT_CHAIN,
	Q_PREV_HASH,
	Q_SEAL_CHANGE,
	Q_UNSEALED,
	Q_CHANGES,
	Q_TIP,
	Q_LAST_ACT,
	Q_LAST_EVENT,
	Q_LAST_SNAPSHOT,
	Q_INTEGRITY_CHECK,
	Q_ACT_CURRENT,
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
	[Q_DATA_VERSION] = "PRAGMA data_version",
	[Q_CACHE_SIZE] = "PRAGMA cache_size",
	[Q_TEMP_STORE] = "PRAGMA temp_store",
	/* How many treaties and, at most, acts a load from snapshot ?1 on
	 * adds: a hint for the record's room, never an answer, so an index
	 * may give it (the first act of the snapshot; ids grow with changes). */
	[Q_EXPECTED] = "SELECT (SELECT count(*) FROM treaty),"
		       " coalesce((SELECT max(id) FROM act), 0) + 1 - coalesce((SELECT id FROM act"
		       "  INDEXED BY act_change WHERE change_id >= ?1 ORDER BY change_id, id LIMIT 1),"
		       "  coalesce((SELECT max(id) FROM act), 0) + 1)",
	[Q_DELETE_CONFLICTS] = "DELETE FROM armed_conflict",
	[Q_DELETE_GROUPS] = "DELETE FROM group_member",
	[Q_DELETE_TREATIES] = "DELETE FROM treaty",
	[Q_DELETE_CLAUSES] = "DELETE FROM clauses",
	[Q_INSERT_CLAUSES] = "INSERT INTO clauses (name, rules_json, origin) VALUES (?1, ?2, ?3)",
	[Q_SELECT_CLAUSES] = "SELECT name, rules_json, origin FROM clauses ORDER BY rowid",
	[Q_DELETE_PARTICIPANTS] = "DELETE FROM participant",
	[Q_INSERT_PARTICIPANT] = "INSERT INTO participant (iso3, iso2, numeric, name,"
				 " depositary_name, aliases, kind, un_member_since, wikidata,"
				 " source_url, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
				 " ?10, ?11)",
	[Q_INSERT_GROUP] = "INSERT INTO group_member (grp, iso3, from_date, to_date,"
			   " source_url, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_INSERT_TREATY] = "INSERT INTO treaty (id, rules_json, origin, record_files, clauses,"
			    " name, title, adopted, opened_for_signature, source_url,"
			    " instruments, eif_stated)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	/* Every entry written now has the third layout. */
	[Q_INSERT_CHANGE] = "INSERT INTO change (at, who, why, acts, kind, layout)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, " STORE_STR(LAYOUT_3) ")",
	[Q_INSERT_ACT] = "INSERT INTO act (treaty, state, action, date, effective, target,"
			 " source_url, note, origin, recorded_at, change_id, supersedes,"
			 " notification, circulated, territory, text)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
			 " ?15, ?16)",
	[Q_INSERT_CONFLICT] = "INSERT INTO armed_conflict (state, from_date, to_date,"
			      " source_url, note, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[Q_INSERT_OBLIGATION_EVENT] =
		"INSERT INTO obligation_event (treaty, state, article, event, date,"
		" deadline, value, source_url, note, origin, change_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	/*
	 * What answers are made of is read from the tables themselves, never
	 * through an index (NOT INDEXED; a rowid is still a table's own key),
	 * in rowid order: the order the hash chain reads them in. An index
	 * that disagrees with its table, which SQLite's quick check does not
	 * look for, then cannot change an answer.
	 */
	[Q_SELECT_PARTICIPANTS] =
		"SELECT iso3, iso2, numeric, name, depositary_name, aliases, kind,"
		" un_member_since, wikidata, source_url, note"
		" FROM participant NOT INDEXED ORDER BY rowid",
	[Q_SELECT_GROUPS] = "SELECT grp, iso3, from_date, to_date, source_url, note"
			    " FROM group_member NOT INDEXED ORDER BY id",
	/* Q_HASH_TREATIES's columns, then Q_HASH_TREATY_OWN's but the rowid:
	 * a checked load hashes both sections from this one scan. */
	[Q_SELECT_TREATIES] = "SELECT rowid, id, rules_json, origin, record_files, clauses, name,"
			      " title, adopted, opened_for_signature, source_url, instruments,"
			      " eif_stated FROM treaty NOT INDEXED ORDER BY rowid",
	/*
	 * The record as recorded at ?1 (NULL: now) holds the acts of the changes
	 * made by then (these), from the latest snapshot made by then (Q_BASE)
	 * on; a superseded act stays in the table for the history but is no
	 * longer part of the record once the correction is itself recorded.
	 * The loader reads the acts in one scan of the table in id order
	 * (Q_WALK_ACTS, the rows the chain's check hashes) and keeps those
	 * (load_acts), rather than asking SQLite to filter them: a set probed
	 * for every row cost more than reading it.
	 */
	[Q_VISIBLE_CHANGES] = "SELECT id FROM change NOT INDEXED WHERE ?1 IS NULL OR at <= ?1"
			      " ORDER BY id",
	[Q_SELECT_CONFLICTS] = "SELECT state, from_date, to_date, source_url, note, origin"
			       " FROM armed_conflict NOT INDEXED ORDER BY id",
	[Q_SELECT_OBLIGATION_EVENTS] =
		"SELECT e.id, e.treaty, e.state, e.article, e.event, e.date, e.deadline,"
		" e.value, e.source_url, e.note"
		" FROM obligation_event e NOT INDEXED"
		" WHERE e.change_id >= ?2 AND e.change_id IN (SELECT c.id"
		"  FROM change c NOT INDEXED WHERE ?1 IS NULL OR c.at <= ?1) ORDER BY e.id",
	[Q_SELECT_HISTORY] = "SELECT id, at, who, why, acts, kind, hash FROM change NOT INDEXED"
			     " ORDER BY id",
	[Q_SELECT_HISTORY_OF] =
		"SELECT id, at, who, why, acts, kind, hash FROM change NOT INDEXED"
		" WHERE id IN (SELECT a.change_id FROM act a NOT INDEXED WHERE a.treaty = ?1"
		"  AND (a.state = ?2 OR a.target = ?2)"
		" UNION SELECT e.change_id FROM obligation_event e NOT INDEXED"
		"  WHERE e.treaty = ?1 AND e.state = ?2)"
		" ORDER BY id",
	[Q_BASE] = "SELECT coalesce(max(id), 0) FROM change NOT INDEXED"
		   " WHERE kind = 'snapshot' AND (?1 IS NULL OR at <= ?1)",
	[Q_VISIBLE] = "SELECT count(*) FROM change NOT INDEXED WHERE ?1 IS NULL OR at <= ?1",
	[Q_FIRST_CHANGE] = "SELECT coalesce(min(at), '') FROM change",
	[Q_FOREIGN_KEYS_OFF] = "PRAGMA foreign_keys = OFF",
	[Q_FOREIGN_KEYS_ON] = "PRAGMA foreign_keys = ON",
	/* The canonical content of a change and the reference data: every
	 * column, key first, in a fixed order (docs/reliability.md), read
	 * from the tables (NOT INDEXED) as the loader reads them. A change's
	 * rows are those past ?2, the highest id before it was written (rows
	 * are only appended), so sealing one reads only what it added. */
	[Q_HASH_ACTS] = "SELECT id, treaty, state, action, date, effective, target, source_url,"
			" note, origin, recorded_at, change_id, supersedes, notification,"
			" circulated, territory, text"
			" FROM act NOT INDEXED WHERE id > ?2 AND change_id = ?1 ORDER BY id",
	[Q_HASH_OBLIGATION_EVENTS] = "SELECT id, treaty, state, article, event, date, deadline,"
				     " value, source_url, note, origin, change_id"
				     " FROM obligation_event NOT INDEXED WHERE id > ?2"
				     " AND change_id = ?1 ORDER BY id",
	/* The same rows for every change at once, in id order: the check
	 * reads each table once. Rows are only ever appended, each with an id
	 * above every stored one and a change above every stored one, so in
	 * id order the changes never go back; a row whose change does is one
	 * altered or slipped in. */
	[Q_WALK_ACTS] = "SELECT id, treaty, state, action, date, effective, target, source_url,"
			" note, origin, recorded_at, change_id, supersedes, notification,"
			" circulated, territory, text"
			" FROM act NOT INDEXED ORDER BY id",
	/* The same in a file from before step 8, checked before its upgrade:
	 * its acts have no depositary columns. */
	[Q_WALK_ACTS_BEFORE_8] = "SELECT id, treaty, state, action, date, effective, target,"
				 " source_url, note, origin, recorded_at, change_id, supersedes,"
				 " NULL, NULL, NULL, NULL FROM act NOT INDEXED ORDER BY id",
	/* The same for a load that does not hash them: the origin, which the
	 * loader writes itself, is not read. */
	[Q_LOAD_ACTS] = "SELECT id, treaty, state, action, date, effective, target, source_url,"
			" note, NULL, recorded_at, change_id, supersedes, notification,"
			" circulated, territory, text FROM act NOT INDEXED ORDER BY id",
	[Q_WALK_OBLIGATION_EVENTS] = "SELECT id, treaty, state, article, event, date, deadline,"
				     " value, source_url, note, origin, change_id"
				     " FROM obligation_event NOT INDEXED ORDER BY id",
	/* The first layout's reference data (a snapshot's, before step 7):
	 * participants and treaties in key order, without their rowids. */
	[Q_HASH_PARTICIPANTS_1] = "SELECT iso3, iso2, numeric, name, depositary_name, aliases,"
				  " kind, un_member_since, wikidata, source_url, note"
				  " FROM participant NOT INDEXED ORDER BY iso3",
	[Q_HASH_TREATIES_1] = "SELECT id, rules_json, origin, record_files FROM treaty NOT INDEXED"
			      " ORDER BY id",
	/* The second layout's: rowid order, the rowid first. */
	[Q_HASH_PARTICIPANTS] = "SELECT rowid, iso3, iso2, numeric, name, depositary_name, aliases,"
				" kind, un_member_since, wikidata, source_url, note"
				" FROM participant NOT INDEXED ORDER BY rowid",
	[Q_HASH_GROUPS] = "SELECT id, grp, iso3, from_date, to_date, source_url, note"
			  " FROM group_member NOT INDEXED ORDER BY id",
	[Q_HASH_TREATIES] = "SELECT rowid, id, rules_json, origin, record_files FROM treaty"
			    " NOT INDEXED ORDER BY rowid",
	[Q_HASH_CONFLICTS] = "SELECT id, state, from_date, to_date, source_url, note, origin"
			     " FROM armed_conflict NOT INDEXED ORDER BY id",
	[Q_HASH_CLAUSES] = "SELECT rowid, name, rules_json, origin FROM clauses NOT INDEXED"
			   " ORDER BY rowid",
	[Q_HASH_TREATY_OWN] = "SELECT rowid, clauses, name, title, adopted, opened_for_signature,"
			      " source_url, instruments, eif_stated FROM treaty NOT INDEXED"
			      " WHERE clauses IS NOT NULL ORDER BY rowid",
	[Q_HASH_TOKENS] = "SELECT rowid, name, hash, created_at, revoked_at FROM token NOT INDEXED"
			  " ORDER BY rowid",
	/* The schema pacta made (SQLite's own objects, such as the planner's
	 * statistics, aside): a table swapped for a view, or a column for a
	 * generated one, could give the check and the loader different rows. */
	[Q_HASH_SCHEMA] = "SELECT type, name, tbl_name, sql FROM sqlite_schema"
			  " WHERE substr(name, 1, 7) <> 'sqlite_' ORDER BY type, name",
	/* An entry: the fields its hash covers (the first six; the layout
	 * too in the second layout), then its hashes. */
	[Q_SELECT_CHANGE] = "SELECT id, at, who, why, acts, kind, layout, prev_hash, content_hash,"
			    " reference_hash, hash FROM change NOT INDEXED WHERE id = ?1",
	[Q_SELECT_CHAIN] = "SELECT id, at, who, why, acts, kind, layout, prev_hash, content_hash,"
			   " reference_hash, hash FROM change NOT INDEXED ORDER BY id",
	[Q_PREV_HASH] = "SELECT id, hash FROM change NOT INDEXED WHERE id < ?1"
			" ORDER BY id DESC LIMIT 1",
	[Q_SEAL_CHANGE] = "UPDATE change SET prev_hash = ?2, content_hash = ?3,"
			  " reference_hash = ?4, hash = ?5 WHERE id = ?1 AND hash IS NULL",
	[Q_UNSEALED] = "SELECT id FROM change NOT INDEXED WHERE hash IS NULL ORDER BY id",
	[Q_CHANGES] = "SELECT count(*) FROM change NOT INDEXED",
	/* The newest entry, and the highest row ids: each the last row of its
	 * table's own b-tree, read without a scan. */
	[Q_TIP] = "SELECT id, hash, at FROM change NOT INDEXED ORDER BY id DESC LIMIT 1",
	[Q_LAST_ACT] = "SELECT coalesce(max(id), 0) FROM act",
	[Q_LAST_EVENT] = "SELECT coalesce(max(id), 0) FROM obligation_event",
	[Q_LAST_SNAPSHOT] = "SELECT coalesce(max(id), 0) FROM change NOT INDEXED"
			    " WHERE kind = 'snapshot'",
	[Q_INTEGRITY_CHECK] = "PRAGMA integrity_check(1)",
	/* An act of the current record: stored since the latest snapshot and
	 * not superseded. */
	[Q_ACT_CURRENT] = "SELECT a.treaty, a.state FROM act a WHERE a.id = ?1 AND a.change_id >= ?2"
			  " AND NOT EXISTS (SELECT 1 FROM act b NOT INDEXED WHERE b.supersedes = a.id)",
	[Q_INSERT_TOKEN] = "INSERT INTO token (name, hash, created_at) VALUES (?1, ?2, ?3)",
	[Q_REVOKE_TOKEN] = "UPDATE token SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
	[Q_SELECT_TOKENS] = "SELECT name, hash, created_at, revoked_at FROM token ORDER BY created_at, name",
};

/*
 * What this connection last verified of the chain, so that a write need
 * not recompute it all (docs/reliability.md, "Checking a write"): the head
 * entry and its hash, the last act and obligation event, the hash of the
 * reference tables as they stood, and what SQLite says of the file then:
 * PRAGMA data_version (which moves when any other connection commits) and
 * this connection's own count of changed rows (which moves when a write
 * goes around the store's write paths, as evidence.c's do). It holds while
 * both are unchanged; otherwise a write checks the whole chain again.
 */
typedef struct chain_tip {
	bool known;
	unsigned char head[CHAIN_HASH_BYTES]; /* the last entry's hash */
	long long head_id;		      /* 0: no entry */
	int head_layout;
	bool ref_known; /* ref is the reference tables' (second layout) hash */
	unsigned char ref[CHAIN_HASH_BYTES];
	long long last_act, last_event; /* the highest row ids */
	long long data_version;
	sqlite3_int64 total_changes;
} chain_tip;

struct pacta_store {
	sqlite3 *db;
	sqlite3_stmt *stmt[Q__COUNT];
	char path[256]; /* for error locations; cut when longer */
	bool trust;	/* PACTA_STORE_TRUST: loads skip the check */
	bool readonly;	/* PACTA_STORE_READONLY: writes are refused */
	bool before_8;	/* the file's schema is older than step 8 (in migrate) */
	bool before_11;	/* older than step 11: no shared clauses to hash (in migrate) */
	chain_tip tip;	/* what the last check or write verified */
	chain_tip next; /* the open write's entries, sealed, before its commit */
	pacta_store_checks checks;
	size_t ref_later_max; /* REF_LATER_MAX, or a test's (pacta_store_ref_later_max_) */
	size_t help_after;    /* CHAIN_HELP_AFTER, or a test's (pacta_store_help_after_) */
	/* Checkpoints handed off (pacta_store_hand_off_checkpoints): the
	 * log's size in pages past which a commit calls due(due_arg). */
	int due_pages;
	void (*due)(void *arg, int log_pages);
	void *due_arg;
};

/* ---- Errors ---- */

/*
 * Fills err with what failed and why, after a failed SQLite call: call it
 * straight after, since the next call on the connection overwrites the
 * message. Failures a user can act on get their own code and say what to
 * do, in words rather than SQL: another process holding the write lock
 * (busy), the file or disk refusing (storage), a damaged file (integrity).
 * Anything else is PACTA_ERR_DB with what failed and SQLite's message.
 */
static pacta_rc PACTA_PRINTF(3, 4) db_error(pacta_store *st, pacta_error *err, const char *fmt, ...)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *sqlite_says = sqlite3_errmsg(st->db);
	char what[300];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(what, sizeof(what), fmt, ap) < 0)
		what[0] = '\0';
	va_end(ap);
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return pacta_error_set(err, PACTA_ERR_BUSY, st->path,
				       "another process (another pacta, or the service) is writing "
				       "to the database and held it for %d s; try again in a moment "
				       "(SQLite: %s)",
				       STORE_BUSY_TIMEOUT_MS / 1000, sqlite_says);
	case SQLITE_FULL:
		return pacta_error_set(err, PACTA_ERR_STORAGE, st->path,
				       "the disk is full: free some space, then try again; nothing "
				       "was written (SQLite: %s)",
				       sqlite_says);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return pacta_error_set(err, PACTA_ERR_STORAGE, st->path,
				       "the database file cannot be opened or written: check its "
				       "permissions and those of its directory (SQLite: %s)",
				       sqlite_says);
	case SQLITE_IOERR:
		return pacta_error_set(err, PACTA_ERR_STORAGE, st->path,
				       "the disk failed to read or write the database (an I/O error); "
				       "check the disk, then try again (SQLite: %s)",
				       sqlite_says);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
				       "the database file is damaged (SQLite: %s); run pacta verify, "
				       "and restore the file from a copy",
				       sqlite_says);
	case SQLITE_TOOBIG:
		/* Without SQLite's words: the service gives a limit's message
		 * to the client. */
		return pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
				       "%s: a text, or a row's texts together, longer than the %d MiB "
				       "the store takes",
				       what, STORE_MAX_TEXT >> 20);
	case SQLITE_NOMEM:
		return pacta_error_set(err, PACTA_ERR_NOMEM, st->path, "out of memory");
	default:
		return pacta_error_set(err, PACTA_ERR_DB, st->path, "%s: %s (SQLite code %d)", what,
				       sqlite_says, code);
	}
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

/*
 * A write of many rows (a snapshot, a large append) with SQLite's own page
 * cache (2 MB) spills the act table's and its indexes' pages to the WAL
 * again and again: it took half the time of writing 150,000 acts. For such
 * a write the cache may grow to BULK_CACHE_KIB, and statement journals stay
 * in memory (temp_store); bulk_cache_end() gives both back as they were,
 * whether the write went well or not (SQLite frees the pages above the
 * limit), so that a long-lived connection, the service's, does not keep
 * them. Failing to set either is harmless: the write is only slower.
 */
#define BULK_CACHE_KIB 262144
#define BULK_ACTS 1000

typedef struct bulk_cache {
	bool set; /* the settings below were read, and the write's set */
	long long cache_size, temp_store;
} bulk_cache;

static void bulk_cache_begin(pacta_store *st, bulk_cache *b)
{
	b->set = run_int(st, Q_CACHE_SIZE, &b->cache_size, NULL) == PACTA_OK &&
		 run_int(st, Q_TEMP_STORE, &b->temp_store, NULL) == PACTA_OK;
	if (b->set)
		sqlite3_exec(st->db,
			     "PRAGMA cache_size = -" STORE_STR(BULK_CACHE_KIB) ";"
			     "PRAGMA temp_store = MEMORY;",
			     NULL, NULL, NULL);
}

static void bulk_cache_end(pacta_store *st, const bulk_cache *b)
{
	char sql[80];

	if (!b->set)
		return;
	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld; PRAGMA temp_store = %lld",
		 b->cache_size, b->temp_store);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
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

	/* A longer text is given as one byte longer than the limit, which
	 * the connection's length limit (the same) refuses, so that the
	 * connection holds the error for db_error(). */
	if (len > STORE_MAX_TEXT)
		len = STORE_MAX_TEXT + 1;
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
	/* One call for the usual value; the type is asked only of a NULL
	 * answer, which SQL NULL and a failed conversion both give. */
	const unsigned char *t = sqlite3_column_text(s, i);

	if (!t && sqlite3_column_type(s, i) != SQLITE_NULL)
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

/* ---- The hash chain ---- */

/* True when row s has a value past its first cols columns: one that the
 * layout hashing only those does not cover. */
static bool beyond_layout(sqlite3_stmt *s, int cols)
{
	for (int i = cols; i < sqlite3_column_count(s); i++)
		if (sqlite3_column_type(s, i) != SQLITE_NULL)
			return true;
	return false;
}

static pacta_rc uncovered(pacta_error *err, const char *noun, long long id, int layout)
{
	return pacta_error_set(err, PACTA_ERR_INTEGRITY, "",
			       "%s %lld holds depositary fields (notification, circulated, "
			       "territory, text) that its entry's layout (%d) does not cover: they "
			       "were set behind pacta's back",
			       noun, id, layout);
}

/* The columns of an act row that an entry of layout hashes (0: all). */
static int act_columns(int layout)
{
	return layout >= LAYOUT_3 ? 0 : ACT_COLUMNS_BEFORE_LAYOUT_3;
}

/* Hashes the rows of statement q (bound to change id and to after, the
 * highest row id before it, when id > 0) as one section named table: the first cols columns of each (0: all; the rest
 * must then be NULL, see beyond_layout), for an entry of layout. */
static pacta_rc hash_section(pacta_store *st, chain_state *h, enum store_query q, long long id,
			     long long after, const char *table, int cols, int layout,
			     long long *rows, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	long long n = 0;
	int step;
	pacta_rc rc = query(st, q, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (id > 0 && (sqlite3_bind_int64(s, 1, id) != SQLITE_OK ||
		       sqlite3_bind_int64(s, 2, after) != SQLITE_OK)) {
		done(s);
		return db_error(st, err, "cannot read table %s", table);
	}
	chain_section(h, table);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (cols && beyond_layout(s, cols)) {
			rc = uncovered(err, table, (long long)sqlite3_column_int64(s, 0), layout);
			break;
		}
		chain_row(h, s, 0, cols ? cols : sqlite3_column_count(s));
		n++;
	}
	chain_count(h, n);
	if (rc == PACTA_OK && step != SQLITE_DONE)
		rc = db_error(st, err, "cannot read table %s", table);
	done(s);
	if (rows)
		*rows = n;
	return rc;
}

/* What change id, of layout, added: its acts (those past act_after),
 * then its obligation events (past event_after). */
static pacta_rc content_hash(pacta_store *st, long long id, int layout, long long act_after,
			     long long event_after, unsigned char out[CHAIN_HASH_BYTES],
			     pacta_error *err)
{
	chain_state h;
	pacta_rc rc;

	chain_begin(&h, "pacta content v1");
	rc = hash_section(st, &h, Q_HASH_ACTS, id, act_after, "act", act_columns(layout), layout,
			  NULL, err);
	if (rc == PACTA_OK)
		rc = hash_section(st, &h, Q_HASH_OBLIGATION_EVENTS, id, event_after,
				  "obligation_event", 0, layout, NULL, err);
	chain_end(&h, out);
	return rc;
}

/*
 * The reference data as the tables hold it now: what answers are made of
 * besides the acts and obligation events. In the first layout (a
 * snapshot's, before schema 7): participants, groups, treaties and
 * armed-conflict periods, participants and treaties in key order. In the
 * second (every entry since): the schema, the same tables and the tokens,
 * each table in rowid order with its rowid, the order the loader reads
 * them in.
 */
static const struct ref_part {
	enum store_query q;
	const char *table;
} ref_first[] = {
	{Q_HASH_PARTICIPANTS_1, "participant"},
	{Q_HASH_GROUPS, "group_member"},
	{Q_HASH_TREATIES_1, "treaty"},
	{Q_HASH_CONFLICTS, "armed_conflict"},
}, ref_second[] = {
	{Q_HASH_SCHEMA, "sqlite_schema"},
	{Q_HASH_PARTICIPANTS, "participant"},
	{Q_HASH_GROUPS, "group_member"},
	{Q_HASH_TREATIES, "treaty"},
	{Q_HASH_CONFLICTS, "armed_conflict"},
	{Q_HASH_TOKENS, "token"},
	/* The shared clauses and the treaties' own fields, which say as much
	 * as their rules files: in every entry sealed on a schema that has
	 * them (the upgrade to it seals one). */
	{Q_HASH_CLAUSES, "clauses"},
	{Q_HASH_TREATY_OWN, "treaty_own"},
};
/* Where ref_second's treaty sections are, and its last before step 11. */
enum { REF_TREATY = 3, REF_CLAUSES = 6, REF_TREATY_OWN = 7, REF_SECOND = 8 };
_Static_assert(sizeof(ref_second) / sizeof(ref_second[0]) == REF_SECOND, "ref_second");

/* Hashes sections parts[from, to) as reference_hash does. */
static pacta_rc hash_parts(pacta_store *st, chain_state *h, const struct ref_part *parts,
			   size_t from, size_t to, int layout, pacta_error *err)
{
	pacta_rc rc = PACTA_OK;

	for (size_t i = from; rc == PACTA_OK && i < to; i++)
		rc = hash_section(st, h, parts[i].q, 0, 0, parts[i].table, 0, layout, NULL, err);
	return rc;
}

static pacta_rc reference_hash(pacta_store *st, int layout, unsigned char out[CHAIN_HASH_BYTES],
			       pacta_error *err)
{
	chain_state h;
	pacta_rc rc;

	if (layout == LAYOUT_1) {
		chain_begin(&h, "pacta reference v1");
		rc = hash_parts(st, &h, ref_first, 0, sizeof(ref_first) / sizeof(ref_first[0]),
				layout, err);
	} else {
		chain_begin(&h, "pacta reference v2");
		rc = hash_parts(st, &h, ref_second, 0, st->before_11 ? REF_CLAUSES : REF_SECOND,
				layout, err);
	}
	chain_end(&h, out);
	return rc;
}

/*
 * A checked load's reference hash (the second layout's), made as the load
 * reads the tables: its one scan of the treaty table hashes the treaty
 * section and keeps the treaty_own section's rows, serialized, until the
 * sections between them are hashed (reference_hash() reads the table twice
 * more, each row with its rules file). The chain's check takes it for
 * reference_hash()'s. It is not made when the load stops early (a row that
 * fails, which the check must then not hide) or the rows kept would pass
 * REF_LATER_MAX (a connection's own limit, which tests lower) or memory
 * runs out: the check then reads the tables itself. Its hash is helped
 * (chain_begin_helped(): on a series the treaty table's rows are tens of
 * MB), so every pass begun is ended, by ref_pass_end() or ref_pass_drop().
 */
#define REF_LATER_MAX ((size_t)128 << 20)
typedef struct ref_pass {
	chain_state h;
	chain_later own; /* the treaty_own section's rows */
	long long treaties;
	bool failed; /* a section could not be read: the check reads them all */
	bool open;   /* begun and not ended: h may have a thread */
	bool ready;  /* out holds the hash */
	unsigned char out[CHAIN_HASH_BYTES];
} ref_pass;

/* The sections before the treaty table's. A section that cannot be read
 * is not an error here: the check reads it again and says so. */
static void ref_pass_begin(pacta_store *st, ref_pass *p)
{
	pacta_error scratch;

	memset(p, 0, sizeof(*p));
	p->own.limit = st->ref_later_max;
	chain_begin_helped_after(&p->h, "pacta reference v2", st->help_after);
	p->open = true;
	p->failed =
		hash_parts(st, &p->h, ref_second, 0, REF_TREATY, LAYOUT_2, &scratch) != PACTA_OK;
	chain_section(&p->h, ref_second[REF_TREATY].table);
}

/* A treaty row: Q_SELECT_TREATIES's columns v, the first five
 * Q_HASH_TREATIES's, the rowid and the rest Q_HASH_TREATY_OWN's. */
static void ref_pass_row(ref_pass *p, sqlite3_value *const *v)
{
	chain_values(&p->h, v, 5);
	p->treaties++;
	if (sqlite3_value_type(v[5]) != SQLITE_NULL && !p->own.over) {
		sqlite3_value *own[9] = { v[0], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12] };
		chain_later_values(&p->own, own, 9);
	}
}

/* The sections after the treaty table's, once it was read whole. */
static void ref_pass_end(pacta_store *st, ref_pass *p)
{
	pacta_error scratch;

	chain_count(&p->h, p->treaties);
	if (!p->failed && !p->own.over)
		p->failed = hash_parts(st, &p->h, ref_second, REF_TREATY + 1, REF_TREATY_OWN,
				       LAYOUT_2, &scratch) != PACTA_OK;
	chain_section(&p->h, ref_second[REF_TREATY_OWN].table);
	chain_later_hash(&p->h, &p->own);
	chain_count(&p->h, p->own.rows);
	chain_end(&p->h, p->out);
	p->open = false;
	p->ready = !p->failed && !p->own.over;
	chain_later_free(&p->own);
}

/* What a load that stopped before the treaty table's end leaves of p:
 * its hash ended (its thread gone) and its rows freed; nothing to do for
 * a pass ended or never begun (zeroed). */
static void ref_pass_drop(ref_pass *p)
{
	unsigned char unused[CHAIN_HASH_BYTES];

	if (p->open) {
		chain_end(&p->h, unused);
		p->open = false;
	}
	chain_later_free(&p->own);
}

/* A 32-byte hash column, or false when it is NULL or of another size. */
static bool col_hash(sqlite3_stmt *s, int i, unsigned char out[CHAIN_HASH_BYTES])
{
	const void *b;

	if (sqlite3_column_type(s, i) != SQLITE_BLOB ||
	    sqlite3_column_bytes(s, i) != CHAIN_HASH_BYTES)
		return false;
	b = sqlite3_column_blob(s, i);
	if (!b)
		return false;
	memcpy(out, b, CHAIN_HASH_BYTES);
	return true;
}

/* The columns of Q_SELECT_CHANGE and Q_SELECT_CHAIN. */
enum { ENTRY_ID, ENTRY_ACTS = 4, ENTRY_KIND, ENTRY_LAYOUT, ENTRY_PREV, ENTRY_CONTENT,
       ENTRY_REFERENCE, ENTRY_HASH };

/* The layout of the change row s holds; 0 for one this pacta does not
 * know. */
static int entry_layout(sqlite3_stmt *s)
{
	long long v = sqlite3_column_int64(s, ENTRY_LAYOUT);

	return v >= LAYOUT_1 && v <= LAYOUT_3 ? (int)v : 0;
}

/* True when the change row s holds is a snapshot. */
static bool entry_is_snapshot(sqlite3_stmt *s)
{
	const unsigned char *kind = sqlite3_column_text(s, ENTRY_KIND);

	return kind && strcmp((const char *)kind, "snapshot") == 0;
}

/* The entry hash of the change row s holds over the given hashes: its
 * fields (in the second layout, the layout too), then the previous
 * entry's hash, its content hash and its reference hash (zeros for an
 * entry of the first layout that is not a snapshot). */
static void entry_hash(sqlite3_stmt *s, int layout, const unsigned char prev[CHAIN_HASH_BYTES],
		       const unsigned char content[CHAIN_HASH_BYTES],
		       const unsigned char reference[CHAIN_HASH_BYTES],
		       unsigned char out[CHAIN_HASH_BYTES])
{
	chain_state h;

	chain_begin(&h, layout == LAYOUT_1 ? "pacta change v1" : "pacta change v2");
	chain_row(&h, s, 0, layout == LAYOUT_1 ? ENTRY_LAYOUT : ENTRY_LAYOUT + 1);
	chain_bytes(&h, prev, CHAIN_HASH_BYTES);
	chain_bytes(&h, content, CHAIN_HASH_BYTES);
	chain_bytes(&h, reference, CHAIN_HASH_BYTES);
	chain_end(&h, out);
}

/* The hash of the entry before id (zeros for the first); an unsealed one
 * is refused, so that nothing is chained onto an entry nobody sealed. */
static pacta_rc prev_hash(pacta_store *st, long long id, unsigned char out[CHAIN_HASH_BYTES],
			  pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc = query(st, Q_PREV_HASH, &s, err);

	if (rc != PACTA_OK)
		return rc;
	memset(out, 0, CHAIN_HASH_BYTES);
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK) {
		rc = db_error(st, err, "cannot read the history");
	} else if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (!col_hash(s, 1, out))
			rc = pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
					     "change %lld is not sealed; run pacta verify",
					     (long long)sqlite3_column_int64(s, 0));
	} else if (step != SQLITE_DONE) {
		rc = db_error(st, err, "cannot read the history");
	}
	done(s);
	return rc;
}

/*
 * Seals change id, written in the open transaction: its content hash, its
 * reference hash (every entry of the second layout; a snapshot of the
 * first), the previous entry's hash and its own. The trigger change_sealed
 * lets this one UPDATE through, once.
 *
 * In a write that begin_write() verified, st->next holds the chain as it
 * stood before this entry: only the rows past its highest ids are read,
 * and when same_reference says the write left the reference tables alone,
 * their verified hash is taken instead of reading them again. st->next
 * then holds the chain with this entry, for the commit (commit_write).
 */
static pacta_rc seal_change(pacta_store *st, long long id, bool same_reference, pacta_error *err)
{
	unsigned char prev[CHAIN_HASH_BYTES], content[CHAIN_HASH_BYTES];
	unsigned char reference[CHAIN_HASH_BYTES], hash[CHAIN_HASH_BYTES];
	sqlite3_stmt *s = NULL;
	bool with_ref;
	int layout;
	pacta_rc rc;

	memset(reference, 0, sizeof(reference));
	rc = prev_hash(st, id, prev, err);
	if (rc == PACTA_OK)
		rc = query(st, Q_SELECT_CHANGE, &s, err);
	if (rc != PACTA_OK)
		return rc;
	if (sqlite3_bind_int64(s, 1, id) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW) {
		done(s);
		return db_error(st, err, "cannot read change %lld", id);
	}
	layout = entry_layout(s);
	with_ref = layout >= LAYOUT_2 || entry_is_snapshot(s);
	if (!layout)
		rc = pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
				     "change %lld has a layout this pacta does not know", id);
	if (rc == PACTA_OK)
		rc = content_hash(st, id, layout, st->next.known ? st->next.last_act : 0,
				  st->next.known ? st->next.last_event : 0, content, err);
	if (rc == PACTA_OK && with_ref) {
		if (same_reference && st->next.known && st->next.ref_known && layout >= LAYOUT_2)
			memcpy(reference, st->next.ref, sizeof(reference));
		else
			rc = reference_hash(st, layout, reference, err);
	}
	if (rc != PACTA_OK) {
		done(s);
		return rc;
	}
	entry_hash(s, layout, prev, content, reference, hash);
	done(s);

	rc = query(st, Q_SEAL_CHANGE, &s, err);
	if (rc != PACTA_OK)
		return rc;
	if (sqlite3_bind_int64(s, 1, id) || sqlite3_bind_blob(s, 2, prev, CHAIN_HASH_BYTES, SQLITE_STATIC) ||
	    sqlite3_bind_blob(s, 3, content, CHAIN_HASH_BYTES, SQLITE_STATIC) ||
	    (with_ref ? sqlite3_bind_blob(s, 4, reference, CHAIN_HASH_BYTES, SQLITE_STATIC) :
			sqlite3_bind_null(s, 4)) ||
	    sqlite3_bind_blob(s, 5, hash, CHAIN_HASH_BYTES, SQLITE_STATIC) ||
	    sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "cannot seal change %lld", id);
	else if (sqlite3_changes(st->db) != 1)
		rc = pacta_error_set(err, PACTA_ERR_DB, st->path, "change %lld was sealed already",
				     id);
	done(s);
	if (rc == PACTA_OK && st->next.known) {
		memcpy(st->next.head, hash, sizeof(hash));
		st->next.head_id = id;
		st->next.head_layout = layout;
		st->next.ref_known = with_ref && layout >= LAYOUT_2;
		memcpy(st->next.ref, reference, sizeof(reference));
		rc = run_int(st, Q_LAST_ACT, &st->next.last_act, err);
		if (rc == PACTA_OK)
			rc = run_int(st, Q_LAST_EVENT, &st->next.last_event, err);
	}
	return rc;
}

/* Seals every unsealed change in id order: once, when a file from before
 * the chain is migrated. */
static pacta_rc seal_all(pacta_store *st, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	int step;
	pacta_rc rc = query(st, Q_UNSEALED, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			long long *more = n >= STORE_MAX_ROWS ? NULL : realloc(ids, ncap * sizeof(*ids));
			if (!more) {
				rc = nomem(st, err);
				break;
			}
			ids = more;
			cap = ncap;
		}
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	if (rc == PACTA_OK && step != SQLITE_DONE)
		rc = db_error(st, err, "cannot read the history");
	done(s);
	for (size_t i = 0; rc == PACTA_OK && i < n; i++)
		rc = seal_change(st, ids[i], false, err);
	free(ids);
	return rc;
}

/* ---- Checking the chain ---- */

/* A broken entry: where is "change N". */
static pacta_rc PACTA_PRINTF(3, 4) broken(pacta_error *err, long long id, const char *fmt, ...)
{
	char where[64], msg[sizeof(err->message)];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), fmt, ap) < 0)
		msg[0] = '\0';
	va_end(ap);
	snprintf(where, sizeof(where), "change %lld", id);
	return pacta_error_set(err, PACTA_ERR_INTEGRITY, where, "%s", msg);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The file itself, cheaply, in an open read transaction: its size must be a
 * whole number of pages and hold every page its header counts. A file cut
 * short (or padded) by part of a page is refused here even when the pages
 * it lost hold nothing an answer reads. This only holds while the
 * write-ahead log is empty: then, since this connection holds a read
 * transaction, no checkpoint can write to the file meanwhile. With frames
 * in the log (another process has written since the last checkpoint, as
 * while the service runs), the file alone is not the database, and this
 * check is left to the chain.
 *
 * The file is read through SQLite's own handle, never opened here: closing
 * any other descriptor of it would drop every POSIX lock this process
 * holds on it, and another process could then take this connection for
 * gone and delete the log under it.
 */
static pacta_rc check_file(pacta_store *st, pacta_error *err)
{
	const char *path = sqlite3_db_filename(st->db, "main");
	const char *wal = path && *path ? sqlite3_filename_wal(path) : NULL;
	sqlite3_file *f = NULL;
	unsigned char head[100];
	sqlite3_int64 size = 0;
	struct stat sb;
	uint32_t page, pages;

	if (!wal || (stat(wal, &sb) == 0 && sb.st_size > 0))
		return PACTA_OK;
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods)
		return PACTA_OK;
	if (f->pMethods->xFileSize(f, &size) != SQLITE_OK)
		return pacta_error_set(err, PACTA_ERR_STORAGE, st->path,
				       "cannot read the size of the database file");
	if (size == 0)
		return PACTA_OK;
	if (size < (sqlite3_int64)sizeof(head))
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
				       "the database file is cut short: %lld bytes, less than its "
				       "header",
				       (long long)size);
	if (f->pMethods->xRead(f, head, (int)sizeof(head), 0) != SQLITE_OK)
		return pacta_error_set(err, PACTA_ERR_STORAGE, st->path,
				       "cannot read the database file's header");
	page = (uint32_t)head[16] << 8 | head[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)) != 0)
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
				       "the database file's header is damaged (page size %u)",
				       (unsigned)page);
	if (size % page != 0)
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
				       "the database file is cut short or padded: %lld bytes is not "
				       "a whole number of %u-byte pages",
				       (long long)size, (unsigned)page);
	/* The header's page count holds when its "valid for" number is the
	 * change counter (SQLite's file format, section 1.3.7). */
	pages = be32(head + 28);
	if (be32(head + 24) == be32(head + 92) && (sqlite3_int64)pages * page > size)
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
				       "the database file is cut short: its header counts %u pages, "
				       "the file holds %lld",
				       (unsigned)pages, (long long)(size / page));
	return PACTA_OK;
}

/* The loader of acts (below), which a load's check hands every act row it
 * hashes, so that the acts are read once. */
typedef struct act_loader act_loader;
/* An act row's columns: the values v, and, when not NULL, what a check
 * read of them as it hashed them (f), which the loader then reads rather
 * than asking the values again. */
typedef struct act_cols {
	sqlite3_value *const *v;
	const chain_value *f;
} act_cols;
static void act_row(act_loader *l, sqlite3_value *const *v, const chain_value *f);
/* The reference tables' hash (second layout) as the load read them, or
 * NULL (ref_pass). */
static const unsigned char *loader_reference(const act_loader *l);
/* The columns of Q_WALK_ACTS. */
enum { ACT_ID, ACT_TREATY, ACT_STATE, ACT_ACTION, ACT_DATE, ACT_EFFECTIVE, ACT_TARGET,
       ACT_SOURCE_URL, ACT_NOTE, ACT_ORIGIN, ACT_RECORDED, ACT_CHANGE, ACT_SUPERSEDES,
       ACT_NOTIFICATION, ACT_CIRCULATED, ACT_TERRITORY, ACT_TEXT, ACT__COLUMNS };
_Static_assert(ACT_CHANGE == ACT_CHANGE_COLUMN, "Q_WALK_ACTS's change_id column");

/* The columns of the current row of s, each read once (see chain_values). */
static void row_values(sqlite3_stmt *s, sqlite3_value **v, int n)
{
	for (int i = 0; i < n; i++)
		v[i] = sqlite3_column_value(s, i);
}

/* One of the two tables of rows that changes add (acts, obligation
 * events), read once in id order beside the history (Q_WALK_ACTS). */
typedef struct walk_rows {
	sqlite3_stmt *s;
	const char *table; /* "act" */
	const char *noun;  /* "act" */
	int change_col;	   /* the column of change_id */
	bool row;	   /* a row is current */
	act_loader *load;  /* given each row hashed, or NULL */
} walk_rows;

/* Steps to the next row. */
static pacta_rc rows_next(pacta_store *st, walk_rows *w, pacta_error *err)
{
	int step = sqlite3_step(w->s);

	w->row = step == SQLITE_ROW;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return db_error(st, err, "cannot read table %s", w->table);
	return PACTA_OK;
}

static pacta_rc rows_open(pacta_store *st, walk_rows *w, enum store_query q, const char *table,
			  const char *noun, pacta_error *err)
{
	pacta_rc rc = query(st, q, &w->s, err);

	w->table = table;
	w->noun = noun;
	w->row = false;
	if (rc != PACTA_OK)
		return rc;
	w->change_col = strcmp(table, "act") == 0 ? ACT_CHANGE_COLUMN
						  : sqlite3_column_count(w->s) - 1;
	return rows_next(st, w, err);
}

/* The change the current row belongs to; 0 for none (NULL). */
static long long rows_change(const walk_rows *w)
{
	return sqlite3_column_type(w->s, w->change_col) == SQLITE_INTEGER ?
		       sqlite3_column_int64(w->s, w->change_col) :
		       0;
}

/* Refuses a current row that the walk cannot take at entry `before` (0:
 * past the last entry, after which no row may remain): one that belongs to
 * no entry, or to an entry whose rows came before it (passed is the last
 * entry the walk checked). */
static pacta_rc rows_orphan(const walk_rows *w, long long before, long long passed,
			    pacta_error *err)
{
	long long change = w->row ? rows_change(w) : 0;
	long long id = w->row ? sqlite3_column_int64(w->s, 0) : 0;

	if (!w->row || (before > 0 && change >= before))
		return PACTA_OK;
	if (change > 0 && change <= passed)
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, "",
				       "%s %lld says change %lld added it, but comes after the rows "
				       "of later changes: it was altered or slipped in behind "
				       "pacta's back",
				       w->noun, id, change);
	return pacta_error_set(err, PACTA_ERR_INTEGRITY, "",
			       "%s %lld belongs to no history entry (change %lld): it was slipped "
			       "in behind pacta's back",
			       w->noun, id, change);
}

/* Adds the rows of change id to h as one section, the first cols columns
 * of each (0: all; the rest must be NULL) as an entry of layout hashes
 * them; *n gets their count. */
static pacta_rc rows_hash(pacta_store *st, walk_rows *w, long long id, int cols, int layout,
			  chain_state *h, long long *n, pacta_error *err)
{
	pacta_rc rc = PACTA_OK;

	*n = 0;
	chain_section(h, w->table);
	while (rc == PACTA_OK && w->row && rows_change(w) == id) {
		if (cols && beyond_layout(w->s, cols))
			return uncovered(err, w->noun, (long long)sqlite3_column_int64(w->s, 0),
					 layout);
		if (w->load) {
			/* Each column read once, for the hash and the loader. */
			sqlite3_value *v[ACT__COLUMNS];
			chain_value f[ACT__COLUMNS];
			row_values(w->s, v, ACT__COLUMNS);
			chain_values_read(h, v, cols ? cols : ACT__COLUMNS, f, ACT__COLUMNS);
			act_row(w->load, v, f);
		} else {
			chain_row(h, w->s, 0, cols ? cols : sqlite3_column_count(w->s));
		}
		++*n;
		rc = rows_next(st, w, err);
	}
	chain_count(h, *n);
	return rc;
}

/* What the walk remembers of the entries before the current one. */
typedef struct walk_state {
	unsigned char prev[CHAIN_HASH_BYTES];
	long long prev_id;
	int prev_layout;
	/* The last entry with a reference hash, checked against the tables
	 * at the end: the head, in the second layout. */
	unsigned char ref[CHAIN_HASH_BYTES];
	long long ref_id;
	int ref_layout;
} walk_state;

/* Checks one entry (the current row of Q_SELECT_CHAIN) against the walk
 * so far and the rows it added. */
static pacta_rc check_entry(pacta_store *st, sqlite3_stmt *s, walk_rows *acts,
			    walk_rows *events, walk_state *w, pacta_verify_result *res,
			    pacta_error *err)
{
	unsigned char stored_prev[CHAIN_HASH_BYTES], stored_content[CHAIN_HASH_BYTES];
	unsigned char stored_ref[CHAIN_HASH_BYTES], stored[CHAIN_HASH_BYTES];
	unsigned char content[CHAIN_HASH_BYTES], zero[CHAIN_HASH_BYTES], hash[CHAIN_HASH_BYTES];
	long long id = sqlite3_column_int64(s, ENTRY_ID), n_acts = 0, n_events = 0;
	long long declared = sqlite3_column_int64(s, ENTRY_ACTS);
	int layout = entry_layout(s);
	bool has_ref = col_hash(s, ENTRY_REFERENCE, stored_ref);
	chain_state h;
	pacta_rc rc;

	memset(zero, 0, sizeof(zero));
	if (!col_hash(s, ENTRY_HASH, stored) || !col_hash(s, ENTRY_PREV, stored_prev) ||
	    !col_hash(s, ENTRY_CONTENT, stored_content))
		return broken(err, id, "the entry is not sealed (its hashes are missing)");
	if (memcmp(stored_prev, w->prev, sizeof(stored_prev)) != 0) {
		if (!w->prev_id)
			return broken(err, id,
				      "it is the first entry but does not start the chain: entries "
				      "before it were removed");
		return broken(err, id,
			      "it does not follow change %lld: an entry between them was removed, "
			      "or one was altered or reordered",
			      w->prev_id);
	}
	if (!layout || layout < w->prev_layout)
		return broken(err, id, "its layout (%lld) is not one that may follow change %lld's",
			      (long long)sqlite3_column_int64(s, ENTRY_LAYOUT), w->prev_id);
	if ((rc = rows_orphan(acts, id, w->prev_id, err)) != PACTA_OK ||
	    (rc = rows_orphan(events, id, w->prev_id, err)) != PACTA_OK)
		return rc;
	/* A large entry's rows are hashed on another thread as they are read
	 * (chain_begin_helped()). */
	chain_begin_helped_after(&h, "pacta content v1", st->help_after);
	rc = rows_hash(st, acts, id, act_columns(layout), layout, &h, &n_acts, err);
	if (rc == PACTA_OK)
		rc = rows_hash(st, events, id, 0, layout, &h, &n_events, err);
	chain_end(&h, content);
	if (rc != PACTA_OK)
		return rc;
	if (memcmp(content, stored_content, sizeof(content)) != 0) {
		if (n_acts != declared)
			return broken(err, id,
				      "it added %lld act%s, the database now holds %lld for it: an "
				      "act was deleted or slipped in",
				      declared, declared == 1 ? "" : "s", n_acts);
		return broken(err, id,
			      "the acts or obligation events it added were altered, deleted or "
			      "slipped in since it was sealed");
	}
	if (has_ref != (layout >= LAYOUT_2 || entry_is_snapshot(s)))
		return broken(err, id, "its kind does not match its reference hash");
	entry_hash(s, layout, stored_prev, stored_content, has_ref ? stored_ref : zero, hash);
	if (memcmp(hash, stored, sizeof(hash)) != 0)
		return broken(err, id,
			      "the entry itself (when, who, why, kind, act count or layout) was "
			      "altered since it was sealed");
	if (has_ref) {
		memcpy(w->ref, stored_ref, sizeof(w->ref));
		w->ref_id = id;
		w->ref_layout = layout;
	}
	memcpy(w->prev, stored, sizeof(w->prev));
	w->prev_id = id;
	w->prev_layout = layout;
	if (res) {
		res->changes++;
		res->rows += n_acts + n_events;
	}
	return PACTA_OK;
}

/* After check_chain verified everything in the open transaction: what it
 * verified, for the writes after it (check_tip). */
static pacta_rc remember_tip(pacta_store *st, const walk_state *w, pacta_error *err)
{
	chain_tip t;
	pacta_rc rc;

	memset(&t, 0, sizeof(t));
	memcpy(t.head, w->prev, sizeof(t.head));
	t.head_id = w->prev_id;
	t.head_layout = w->prev_layout;
	/* The reference tables were just found to hash to w->ref. */
	t.ref_known = w->ref_id > 0 && w->ref_layout >= LAYOUT_2;
	memcpy(t.ref, w->ref, sizeof(t.ref));
	t.total_changes = sqlite3_total_changes64(st->db);
	rc = run_int(st, Q_DATA_VERSION, &t.data_version, err);
	if (rc == PACTA_OK)
		rc = run_int(st, Q_LAST_ACT, &t.last_act, err);
	if (rc == PACTA_OK)
		rc = run_int(st, Q_LAST_EVENT, &t.last_event, err);
	t.known = rc == PACTA_OK;
	st->tip = t;
	return rc;
}

/*
 * The check every load and every write makes, in the transaction the
 * caller holds: the file's size (check_file), then the whole chain in one
 * pass over each table: every entry's link to the one before, its own
 * hash, and its content hash recomputed from the rows it added; rows that
 * belong to no entry; and the reference data (every participant, group,
 * treaty, armed-conflict period and token) against the last entry that
 * sealed it, which in the second layout is the head. Everything is read
 * from the tables, not their indexes, in the order the loader reads it, so
 * what verifies here is what the loader reads. A load gives its loader
 * (load): the act rows are handed to it as they are hashed, and the
 * reference data's hash is the one the load made as it read those tables
 * (loader_reference(), ref_pass), when it made one.
 */
static pacta_rc check_chain(pacta_store *st, pacta_verify_result *res, act_loader *load,
			    pacta_error *err)
{
	walk_rows acts = {0}, events = {0};
	sqlite3_stmt *s = NULL;
	walk_state w;
	long long entries = 0;
	int step = SQLITE_DONE;
	pacta_rc rc;

	memset(&w, 0, sizeof(w));
	w.prev_layout = LAYOUT_1;
	/* A read first: the read transaction (and so the file) is then
	 * fixed for check_file. */
	rc = run_int(st, Q_CHANGES, &entries, err);
	if (rc == PACTA_OK)
		rc = check_file(st, err);
	if (rc == PACTA_OK)
		rc = rows_open(st, &acts, st->before_8 ? Q_WALK_ACTS_BEFORE_8 : Q_WALK_ACTS, "act",
			       "act", err);
	acts.load = load;
	if (rc == PACTA_OK)
		rc = rows_open(st, &events, Q_WALK_OBLIGATION_EVENTS, "obligation_event",
			       "obligation event", err);
	if (rc == PACTA_OK)
		rc = query(st, Q_SELECT_CHAIN, &s, err);
	while (rc == PACTA_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = check_entry(st, s, &acts, &events, &w, res, err);
	if (rc == PACTA_OK && step != SQLITE_DONE)
		rc = db_error(st, err, "cannot read the history");
	if (rc == PACTA_OK)
		rc = rows_orphan(&acts, 0, w.prev_id, err);
	if (rc == PACTA_OK)
		rc = rows_orphan(&events, 0, w.prev_id, err);
	if (s)
		done(s);
	if (acts.s)
		done(acts.s);
	if (events.s)
		done(events.s);
	if (rc == PACTA_OK && w.ref_id) {
		unsigned char ref[CHAIN_HASH_BYTES];
		const unsigned char *made = load ? loader_reference(load) : NULL;
		if (made && w.ref_layout != LAYOUT_1)
			memcpy(ref, made, sizeof(ref));
		else if ((rc = reference_hash(st, w.ref_layout, ref, err)) == PACTA_OK)
			st->checks.reference++;
		if (rc == PACTA_OK && memcmp(ref, w.ref, sizeof(ref)) != 0)
			rc = broken(err, w.ref_id,
				    w.ref_layout == LAYOUT_1 ?
					    "the participants, groups, treaties or armed-conflict "
					    "periods of this snapshot were altered since it was sealed" :
					    "the schema, or the participants, groups, treaties (or their "
					    "shared clauses), armed-conflict periods or tokens, were "
					    "altered since this change sealed them");
	}
	if (rc == PACTA_OK && res)
		chain_hex(w.prev, res->head);
	st->tip.known = false;
	if (rc == PACTA_OK)
		rc = remember_tip(st, &w, err);
	st->checks.full++;
	return rc;
}

/*
 * The cheap check a write makes instead of check_chain, in its BEGIN
 * IMMEDIATE transaction, when it may: this connection verified the chain
 * (a check, a load or a write of its own), no other connection has
 * committed since (PRAGMA data_version), this one has changed no row
 * outside the store's write paths (its count of changed rows), and the
 * chain's tip and the highest act and obligation event ids are still what
 * it verified; the file's size is checked as check_file does. *holds is
 * false when any of that is not so: then the whole chain is checked.
 */
static pacta_rc check_tip(pacta_store *st, bool *holds, pacta_error *err)
{
	long long version = 0, last_act = 0, last_event = 0, head_id = 0;
	unsigned char head[CHAIN_HASH_BYTES];
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc;

	*holds = false;
	if (!st->tip.known || sqlite3_total_changes64(st->db) != st->tip.total_changes)
		return PACTA_OK;
	if ((rc = run_int(st, Q_DATA_VERSION, &version, err)) != PACTA_OK)
		return rc;
	if (version != st->tip.data_version)
		return PACTA_OK;
	memset(head, 0, sizeof(head));
	if ((rc = query(st, Q_TIP, &s, err)) != PACTA_OK)
		return rc;
	if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		head_id = sqlite3_column_int64(s, 0);
		if (!col_hash(s, 1, head))
			head_id = -1;
	} else if (step != SQLITE_DONE) {
		rc = db_error(st, err, "cannot read the history");
	}
	done(s);
	if (rc == PACTA_OK)
		rc = run_int(st, Q_LAST_ACT, &last_act, err);
	if (rc == PACTA_OK)
		rc = run_int(st, Q_LAST_EVENT, &last_event, err);
	if (rc == PACTA_OK)
		rc = check_file(st, err);
	if (rc != PACTA_OK)
		return rc;
	*holds = head_id == st->tip.head_id && last_act == st->tip.last_act &&
		 last_event == st->tip.last_event &&
		 memcmp(head, st->tip.head, sizeof(head)) == 0;
	if (*holds)
		st->checks.quick++;
	return PACTA_OK;
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
		/* A busy or unreadable file keeps its own code and message. */
		if ((sqlite3_errcode(st->db) & 0xff) != SQLITE_NOTADB)
			return rc;
		return pacta_error_set(err, PACTA_ERR_DB, st->path,
				       "%s is not a pacta database (SQLite: %s)", st->path,
				       sqlite3_errmsg(st->db));
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

static const char *action_at(int i)
{
	return pacta_action_name((pacta_action)i);
}

static const char *event_at(int i)
{
	return pacta_obligation_event_name((pacta_obligation_event_kind)i);
}

/* The kinds of history entries (change.kind's CHECK, step 7). */
static const char *const change_kinds[] = {"snapshot", "append", "correct", "token", "seal"};

static const char *kind_at(int i)
{
	return change_kinds[i];
}

/* Every name the library knows for a column is accepted by the CHECK of
 * table: the check after a step that edited the schema text. */
static pacta_rc check_covers(pacta_store *st, const char *table, const char *what, int n,
			     const char *(*name)(int), pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = PACTA_OK;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
			       -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC) != SQLITE_OK) {
		sqlite3_finalize(s);
		return db_error(st, err, "cannot read the schema");
	}
	const char *sql = sqlite3_step(s) == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0)
							 : NULL;
	for (int a = 0; rc == PACTA_OK && a < n; a++) {
		char quoted[48];
		snprintf(quoted, sizeof(quoted), "'%s'", name(a));
		if (!sql || !strstr(sql, quoted))
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path,
					     "the schema of %s does not accept the %s %s",
					     st->path, what, quoted);
	}
	sqlite3_finalize(s);
	return rc;
}

static pacta_rc insert_change(pacta_store *st, const char *kind, const char *at, const char *who,
			      const char *why, size_t n_acts, long long *id, pacta_error *err);

/* Adds advice to an integrity failure's message. */
static pacta_rc advise(pacta_rc rc, pacta_error *err, const char *advice)
{
	if (rc == PACTA_ERR_INTEGRITY && err)
		append_cut(err->message, sizeof(err->message), advice);
	return rc;
}

#define UPGRADE_REFUSED                                                                     \
	"; this pacta did not upgrade the file: restore it from a copy, or move it aside and "  \
	"run pacta init"

/*
 * An upgrade of a file that holds a history is an entry of its own (kind
 * "seal", by "pacta"), written once the whole chain has been checked as it
 * stands (here when check, else before the steps): a file altered behind
 * pacta's back is refused, not sealed over. From the first upgrade to the
 * second layout on, this is what brings the schema, the reference data and
 * the tokens under the head.
 */
static pacta_rc seal_upgrade(pacta_store *st, long long from, bool check, pacta_error *err)
{
	char now[STAMP_BUFSZ], why[64];
	pacta_day today;
	long long entries = 0, id = 0;
	pacta_rc rc = run_int(st, Q_CHANGES, &entries, err);

	if (rc != PACTA_OK || entries == 0)
		return rc;
	if (check && (rc = check_chain(st, NULL, NULL, err)) != PACTA_OK)
		return advise(rc, err, UPGRADE_REFUSED);
	stamp_now(now, &today);
	snprintf(why, sizeof(why), "upgrade from schema %lld to %d", from, STORE_SCHEMA_VERSION);
	rc = insert_change(st, "seal", now, "pacta", why, 0, &id, err);
	if (rc == PACTA_OK)
		rc = seal_change(st, id, false, err);
	return rc;
}

/* True when a file that says it is past the chain's step lacks its
 * columns: one written by a development build in which that step was
 * still empty. */
static bool chain_missing(pacta_store *st)
{
	sqlite3_stmt *s = NULL;
	bool missing = sqlite3_prepare_v2(st->db, "SELECT hash FROM change LIMIT 0", -1, &s,
					  NULL) != SQLITE_OK;

	sqlite3_finalize(s);
	return missing;
}

/* Brings the schema to STORE_SCHEMA_VERSION in one transaction. */
static pacta_rc migrate(pacta_store *st, bool create, pacta_error *err)
{
	long long version = 0, app_id = 0;
	char sql[64];
	bool repair, edited = false;
	pacta_rc rc;

	rc = run(st, Q_BEGIN_WRITE, err);
	if (rc != PACTA_OK)
		return rc;
	/* Read again under the write lock: another process may have migrated
	 * the file since the first look. */
	rc = check_identity(st, create, &version, &app_id, err);
	if (rc != PACTA_OK)
		goto out;
	repair = version >= STORE_CHAIN_VERSION && chain_missing(st);
	/* A file in the second layout seals its schema: check it before a
	 * step changes it (an older one is checked after its steps, under the
	 * first layout, which does not cover the schema). */
	st->before_8 = version < STORE_DEPOSITARY_VERSION;
	st->before_11 = version < STORE_CLAUSES_VERSION;
	if (version >= STORE_LAYOUT2_VERSION && version < STORE_SCHEMA_VERSION && !repair) {
		rc = advise(check_chain(st, NULL, NULL, err), err, UPGRADE_REFUSED);
		if (rc != PACTA_OK)
			goto out;
	}
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
		edited |= edit;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			rc = db_error(st, err, "cannot set the schema version");
			goto out;
		}
	}
	st->before_8 = st->before_11 = false;
	/* Once the steps that edit the schema text have run, every action and
	 * obligation event is accepted (checked on the final schema: an
	 * earlier step need not know a later step's names). */
	if (edited && ((rc = check_covers(st, "act", "action", PACTA_ACT__COUNT, action_at,
					  err)) != PACTA_OK ||
		       (rc = check_covers(st, "obligation_event", "obligation event",
					  PACTA_OBL__COUNT, event_at, err)) != PACTA_OK ||
		       (rc = check_covers(st, "change", "kind",
					  (int)(sizeof(change_kinds) / sizeof(change_kinds[0])),
					  kind_at, err)) != PACTA_OK))
		goto out;
	if (repair &&
	    sqlite3_exec(st->db, migrations[STORE_CHAIN_VERSION - 1], NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(st, err, "cannot add the hash chain");
		goto out;
	}
	/* The changes written before the chain existed are sealed as they
	 * stand, in the same transaction as the step that brought it. */
	if ((version < STORE_CHAIN_VERSION || repair) && (rc = seal_all(st, err)) != PACTA_OK)
		goto out;
	if (version > 0 && version < STORE_SCHEMA_VERSION &&
	    (rc = seal_upgrade(st, version, version < STORE_LAYOUT2_VERSION, err)) != PACTA_OK)
		goto out;
	rc = run(st, Q_COMMIT, err);
out:
	if (rc != PACTA_OK)
		rollback(st);
	/* The upgrade changed the schema behind the tip's back: the first
	 * write checks the whole chain. */
	st->tip.known = false;
	return rc;
}

/* True unless the file is certainly missing. stat, not open: closing a
 * descriptor of a database this process has open elsewhere would drop that
 * connection's POSIX locks. */
static bool file_may_exist(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 || errno != ENOENT;
}

/* Opens the connection, configures it and checks that the file is a
 * pacta database (identity first: nothing is written to a foreign file). */
static pacta_rc store_connect(pacta_store *st, const char *name, int open_flags, bool create,
			long long *version, long long *app_id, pacta_error *err)
{
	if (sqlite3_open_v2(name, &st->db, open_flags, NULL) != SQLITE_OK) {
		if (!st->db)
			return nomem(NULL, err);
		return db_error(st, err, "cannot open the database");
	}
	sqlite3_limit(st->db, SQLITE_LIMIT_LENGTH, STORE_MAX_TEXT);
	sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
	if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK ||
	    sqlite3_exec(st->db,
			 "PRAGMA trusted_schema = OFF;"
			 "PRAGMA foreign_keys = ON;",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_error(st, err, "cannot configure the connection");
	return check_identity(st, create, version, app_id, err);
}

/* True when the database has no WAL content waiting (no -wal file, or an
 * empty one): only then may it be read as immutable, or the WAL's
 * transactions would be missed. */
static bool wal_empty(const char *path)
{
	struct stat sb;
	char wal[STORE_MAX_PATH + 8];

	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (stat(wal, &sb) != 0)
		return errno == ENOENT;
	return S_ISREG(sb.st_mode) && sb.st_size == 0;
}

/* True when the file has no write permission bits and no WAL content:
 * no one is meant to write it, so it is read as immutable, and even a
 * reader who could create its -wal and -shm files (root) leaves the folder
 * as it was. */
static bool no_one_writes(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && (sb.st_mode & 0222) == 0 && wal_empty(path);
}

/* "file:PATH?immutable=1" with PATH's %, ? and # escaped (RFC 3986), for
 * sqlite3_open_v2 with SQLITE_OPEN_URI. The caller frees it. */
static char *immutable_uri(const char *path)
{
	static const char tail[] = "?immutable=1";
	size_t n = strlen(path);
	char *uri = malloc(5 + 3 * n + sizeof(tail));
	if (!uri)
		return NULL;
	char *w = uri;
	memcpy(w, "file:", 5);
	w += 5;
	for (const char *p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#') {
			static const char hex[] = "0123456789ABCDEF";
			unsigned char ch = (unsigned char)*p;
			*w++ = '%';
			*w++ = hex[ch >> 4];
			*w++ = hex[ch & 15];
		} else {
			*w++ = *p;
		}
	}
	memcpy(w, tail, sizeof(tail));
	return uri;
}

pacta_rc pacta_store_open(const char *path, unsigned flags, pacta_store **out, pacta_error *err)
{
	int open_flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	bool create = (flags & PACTA_STORE_CREATE) != 0;
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
	/* Idempotent and thread-safe; picks libsodium's hash implementation. */
	if (sodium_init() < 0)
		return pacta_error_set(err, PACTA_ERR_DB, path, "cannot start libsodium");
	st = calloc(1, sizeof(*st));
	if (!st)
		return nomem(NULL, err);
	append_cut(st->path, sizeof(st->path), path);
	st->trust = (flags & PACTA_STORE_TRUST) != 0;
	st->readonly = (flags & PACTA_STORE_READONLY) != 0;
	st->ref_later_max = REF_LATER_MAX;
	st->help_after = CHAIN_HELP_AFTER;
	if (create)
		open_flags |= SQLITE_OPEN_CREATE;

	if (st->readonly) {
		if (create) {
			rc = pacta_error_set(err, PACTA_ERR_USAGE, path,
					     "a database opened read-only cannot be created");
			goto fail;
		}
		open_flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
	}

	bool immutable = st->readonly && no_one_writes(path);
	rc = immutable ? PACTA_ERR_DB
		       : store_connect(st, path, open_flags, create, &version, &app_id, err);
	/* A WAL database read-only in a folder where its -shm file can be
	 * neither opened nor created: SQLite reads it only as immutable. */
	if (immutable ||
	    (rc != PACTA_OK && st->readonly && st->db && wal_empty(path) &&
	     ((sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_CANTOPEN ||
	      (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_READONLY))) {
		char *uri = immutable_uri(path);
		if (!uri) {
			rc = nomem(NULL, err);
			goto fail;
		}
		/* The statements the identity check prepared go with it. */
		for (int q = 0; q < Q__COUNT; q++) {
			sqlite3_finalize(st->stmt[q]);
			st->stmt[q] = NULL;
		}
		sqlite3_close_v2(st->db);
		st->db = NULL;
		rc = store_connect(st, uri, open_flags | SQLITE_OPEN_URI, false, &version, &app_id, err);
		free(uri);
	}
	if (rc != PACTA_OK)
		goto fail;
	if (st->readonly) {
		if (version < STORE_SCHEMA_VERSION || app_id == 0 ||
		    (version >= STORE_CHAIN_VERSION && chain_missing(st))) {
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path,
					     "%s needs an upgrade of its schema, which a read-only "
					     "open cannot make",
					     st->path);
			goto fail;
		}
		*out = st;
		return PACTA_OK;
	}

	if (sqlite3_exec(st->db,
			 "PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(st, err, "cannot set the journal mode");
		goto fail;
	}
	if (version < STORE_SCHEMA_VERSION || app_id == 0 ||
	    (version >= STORE_CHAIN_VERSION && chain_missing(st))) {
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

pacta_rc pacta_store_ready_to_write(pacta_store *st, pacta_error *err)
{
	sqlite3_file *f = NULL;
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	if (st->readonly)
		return PACTA_OK;
	/* The log's file as this connection holds it: SQLite syncs its
	 * directory too at the first sync in a process (the file may have
	 * been made), and that sync is otherwise the first commit's. */
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &f) != SQLITE_OK ||
	    !f || !f->pMethods)
		return PACTA_OK; /* no log open yet: nothing to do ahead */
	if (f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK)
		return pacta_error_set(err, PACTA_ERR_STORAGE, st->path,
				       "cannot sync the write-ahead log");
	return PACTA_OK;
}

/* SQLite's default size of the log, in pages, past which a commit
 * checkpoints it (the header does not say it). */
#define SQLITE_AUTOCHECKPOINT_PAGES 1000

/* SQLite's hook after each commit to the log: in place of its automatic
 * checkpoint, which would copy the log into the database on this very
 * commit, the caller is told that a checkpoint is due. */
static int checkpoint_due(void *arg, sqlite3 *db, const char *schema, int pages)
{
	pacta_store *st = arg;
	(void)db;
	(void)schema;
	if (pages >= st->due_pages)
		st->due(st->due_arg, pages);
	return SQLITE_OK;
}

pacta_rc pacta_store_hand_off_checkpoints(pacta_store *st, int pages,
					  void (*due)(void *arg, int log_pages), void *arg,
					  pacta_error *err)
{
	if (!st || pages < 0 || (pages > 0 && !due))
		return pacta_error_set(err, PACTA_ERR_USAGE, st ? st->path : "",
				       "a hand-off of checkpoints needs a size and a callback");
	if (st->readonly)
		return PACTA_OK; /* it never commits */
	if (pages == 0) {
		st->due = NULL;
		sqlite3_wal_autocheckpoint(st->db, SQLITE_AUTOCHECKPOINT_PAGES);
		return PACTA_OK;
	}
	st->due_pages = pages;
	st->due = due;
	st->due_arg = arg;
	sqlite3_wal_hook(st->db, checkpoint_due, st);
	return PACTA_OK;
}

pacta_rc pacta_store_checkpoint(pacta_store *st, int *log_pages, int *copied, pacta_error *err)
{
	int in_log = 0, done = 0;
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	if (st->readonly)
		return pacta_error_set(
			err, PACTA_ERR_USAGE, st->path,
			"the database was opened read-only; nothing was checkpointed");
	int rc = sqlite3_wal_checkpoint_v2(st->db, "main", SQLITE_CHECKPOINT_PASSIVE, &in_log,
					   &done);
	if (rc == SQLITE_BUSY)
		return pacta_error_set(err, PACTA_ERR_BUSY, st->path,
				       "another connection is checkpointing the log");
	if (rc != SQLITE_OK)
		return db_error(st, err, "cannot checkpoint the write-ahead log");
	if (log_pages)
		*log_pages = in_log;
	if (copied)
		*copied = done;
	return PACTA_OK;
}

pacta_rc pacta_store_data_version(pacta_store *st, long long *out, pacta_error *err)
{
	return run_int(st, Q_DATA_VERSION, out, err);
}

/* ---- Writing ---- */

/* Starts a write: BEGIN IMMEDIATE, then the chain checked under the write
 * lock, so that nothing is ever chained onto a record that does not
 * verify (whatever PACTA_STORE_TRUST says): the tip alone when this
 * connection verified the rest and nothing has written since (check_tip),
 * else the whole chain. st->next starts as what was verified. */
static pacta_rc begin_write(pacta_store *st, pacta_error *err)
{
	bool holds = false;

	st->next.known = false;
	if (st->readonly)
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "the database was opened read-only; nothing was written");
	pacta_rc rc = run(st, Q_BEGIN_WRITE, err);

	if (rc != PACTA_OK)
		return rc;
	rc = check_tip(st, &holds, err);
	if (rc == PACTA_OK && !holds)
		rc = check_chain(st, NULL, NULL, err);
	if (rc != PACTA_OK) {
		rollback(st);
		advise(rc, err, "; nothing was written");
		return rc;
	}
	st->next = st->tip;
	return rc;
}

/* Commits the open write. What its seals left in st->next is then the
 * verified tip; a failed commit leaves nothing known. */
static pacta_rc commit_write(pacta_store *st, pacta_error *err)
{
	pacta_rc rc = run(st, Q_COMMIT, err);

	st->tip.known = false;
	if (rc == PACTA_OK && st->next.known) {
		st->tip = st->next;
		st->tip.total_changes = sqlite3_total_changes64(st->db);
	}
	st->next.known = false;
	return rc;
}

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

/* kind: "snapshot" (a replace), "append" or "correct". */
static pacta_rc insert_change(pacta_store *st, const char *kind, const char *at, const char *who,
			      const char *why, size_t n_acts, long long *id, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_CHANGE, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (bind_text(s, 1, at) || bind_text(s, 2, who) || bind_text(s, 3, why) ||
	    sqlite3_bind_int64(s, 4, (sqlite3_int64)n_acts) || bind_text(s, 5, kind) ||
	    sqlite3_step(s) != SQLITE_DONE)
		rc = db_error(st, err, "cannot record the change");
	else
		*id = sqlite3_last_insert_rowid(st->db);
	done(s);
	return rc;
}

/* Inserts act a (the record's act i, for errors), superseding act
 * supersedes when that is not 0; *row gets its row id. The caller checked
 * the indexes. */
/* Acts are inserted by id (their load order), so that a freshly imported
 * record keeps its act numbers as row ids. */
struct act_order {
	uint32_t id;
	size_t i;
};

/* Binds act a as the ACT_PARAMS parameters after base of an INSERT INTO
 * act (Q_INSERT_ACT's columns); 0 or SQLite's error. */
#define ACT_PARAMS 16
static int bind_act(sqlite3_stmt *s, int base, const pacta_record *rec, const pacta_act *a,
		    long long change, long long supersedes, const char now[STAMP_BUFSZ],
		    pacta_day today)
{
	char recorded[STAMP_BUFSZ];

	stamp_act(a, now, today, recorded);
	return bind_text(s, base + 1, rec->treaties[a->treaty].id) ||
	       bind_text(s, base + 2, rec->participants[a->participant].iso3) ||
	       bind_text(s, base + 3, pacta_action_name(a->action)) ||
	       bind_date(s, base + 4, a->date) || bind_date(s, base + 5, a->effective) ||
	       (a->target >= 0 ? bind_text(s, base + 6, rec->participants[a->target].iso3)
			       : sqlite3_bind_null(s, base + 6)) ||
	       bind_text(s, base + 7, a->source_url) || bind_opt(s, base + 8, a->note) ||
	       bind_opt(s, base + 9, a->origin) ||
	       sqlite3_bind_text(s, base + 10, recorded, -1, SQLITE_TRANSIENT) ||
	       sqlite3_bind_int64(s, base + 11, change) ||
	       (supersedes > 0 ? sqlite3_bind_int64(s, base + 12, supersedes)
			       : sqlite3_bind_null(s, base + 12)) ||
	       bind_opt(s, base + 13, a->notification) || bind_date(s, base + 14, a->circulated) ||
	       bind_opt(s, base + 15, a->territory) || bind_opt(s, base + 16, a->text);
}

static pacta_rc insert_act(pacta_store *st, const pacta_record *rec, const pacta_act *a, size_t i,
			   long long change, long long supersedes, const char now[STAMP_BUFSZ],
			   pacta_day today, long long *row, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_ACT, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (bind_act(s, 0, rec, a, change, supersedes, now, today) ||
	    sqlite3_step(s) != SQLITE_DONE) {
		rc = db_error(st, err, "cannot save act %zu (%s %s %s)", i,
			      rec->participants[a->participant].iso3, pacta_action_name(a->action),
			      a->origin ? a->origin : "");
	} else {
		*row = sqlite3_last_insert_rowid(st->db);
	}
	done(s);
	return rc;
}

/*
 * A snapshot's acts, ACTS_PER_INSERT to an INSERT statement: what SQLite
 * spends per statement (starting it, a statement journal of the pages it
 * changes, ending it) was most of the cost of writing an act one by one.
 * When a group is refused for its content (a constraint, a text too long
 * to bind or a row too long to store), it is written again one act at a
 * time, so that the error names the act, as it always did; any other
 * failure (the disk's, SQLite's) is reported for the group. The group is
 * only a speed-up: a connection that will not prepare it writes every act
 * alone.
 */
#define ACTS_PER_INSERT 32
static pacta_rc insert_acts(pacta_store *st, const pacta_record *rec,
			    const struct act_order *order, size_t n, long long change,
			    const char now[STAMP_BUFSZ], pacta_day today, pacta_error *err)
{
	sqlite3_stmt *many = NULL;
	pacta_rc rc = PACTA_OK;
	size_t i = 0;
	long long row;

	if (n >= ACTS_PER_INSERT) {
		/* The columns of Q_INSERT_ACT, and that many rows of ?s. */
		const char *one = query_sql[Q_INSERT_ACT];
		size_t head = (size_t)(strstr(one, " VALUES") - one);
		char sql[sizeof(" VALUES ") + ACTS_PER_INSERT * (2 * ACT_PARAMS + 2) + 512];
		size_t len = (size_t)snprintf(sql, sizeof(sql), "%.*s VALUES ", (int)head, one);
		for (int r = 0; r < ACTS_PER_INSERT; r++) {
			sql[len++] = r ? ',' : ' ';
			sql[len++] = '(';
			for (int c = 0; c < ACT_PARAMS; c++) {
				if (c)
					sql[len++] = ',';
				sql[len++] = '?';
			}
			sql[len++] = ')';
		}
		sql[len] = '\0';
		/* Refused when SQLite allows fewer parameters than the group
		 * has, say; an act's INSERT may still be prepared, and if it
		 * is not, that error is reported. */
		if (sqlite3_prepare_v2(st->db, sql, (int)len + 1, &many, NULL) != SQLITE_OK)
			many = NULL;
	}
	for (; many && i + ACTS_PER_INSERT <= n; i += ACTS_PER_INSERT) {
		int bound = 0, step = SQLITE_OK;
		for (int r = 0; !bound && r < ACTS_PER_INSERT; r++)
			bound = bind_act(many, r * ACT_PARAMS, rec, &rec->acts[order[i + (size_t)r].i],
					 change, 0, now, today);
		if (!bound)
			step = sqlite3_step(many);
		sqlite3_reset(many);
		if (!bound && step == SQLITE_DONE)
			continue;
		/* Only while the transaction is open (SQLite undid the
		 * statement alone) are the acts written again: after a
		 * refusal that undid the transaction (RAISE(ROLLBACK)) they
		 * would be written outside it, each for good. */
		int why = step & 0xff;
		if ((bound || why == SQLITE_CONSTRAINT || why == SQLITE_TOOBIG) &&
		    !sqlite3_get_autocommit(st->db))
			break;
		rc = db_error(st, err, "cannot save acts %zu to %zu", order[i].i,
			      order[i + ACTS_PER_INSERT - 1].i);
		break;
	}
	sqlite3_finalize(many);
	for (; rc == PACTA_OK && i < n; i++)
		rc = insert_act(st, rec, &rec->acts[order[i].i], order[i].i, change, 0, now, today,
				&row, err);
	return rc;
}

/* Refuses act i of rec when its indexes point outside rec's arrays. */
static pacta_rc check_act(pacta_store *st, const pacta_record *rec, size_t i, pacta_error *err)
{
	const pacta_act *a = &rec->acts[i];

	if (a->treaty >= rec->n_treaties || a->participant >= rec->n_participants ||
	    (unsigned)a->action >= PACTA_ACT__COUNT ||
	    (a->target >= 0 && (size_t)a->target >= rec->n_participants))
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "act %zu refers to an unknown treaty, participant or action",
				       i);
	return PACTA_OK;
}

/* Refuses a record whose indexes point outside its arrays, before any SQL. */
static pacta_rc check_record(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	pacta_rc rc;

	for (size_t i = 0; i < rec->n_acts; i++)
		if ((rc = check_act(st, rec, i, err)) != PACTA_OK)
			return rc;
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

	for (size_t i = 0; i < t->files->n_record_files; i++)
		len += strlen(t->files->record_files[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	for (size_t i = 0; i < t->files->n_record_files; i++) {
		size_t n = strlen(t->files->record_files[i]);
		if (i)
			s[at++] = '\n';
		memcpy(s + at, t->files->record_files[i], n);
		at += n;
	}
	s[at] = '\0';
	return s;
}

/* Whether a treaty is all its own fields and shared clauses, so that the
 * store's columns say all its rules file says (a treaty with titles, data
 * files or places is read from its rules file). */
static bool own_only(const pacta_treaty *t)
{
	const pacta_treaty *tr = t;
	const pacta_treaty_files *f = t->files;
	return t->clauses && !tr->n_titles && !f->n_record_files && !f->n_obligation_files &&
	       !f->n_stated_count_files && !f->n_stated_eif_files &&
	       !f->n_stated_report_rate_files && !tr->adopted_place && !tr->signature_place;
}

/* The own-field columns (?5 to ?12) of t, NULL unless own_only(t). */
static int bind_own(sqlite3_stmt *s, const pacta_treaty *t)
{
	const pacta_treaty *tr = t;
	if (!own_only(t)) {
		for (int i = 5; i <= 12; i++)
			if (sqlite3_bind_null(s, i) != SQLITE_OK)
				return 1;
		return 0;
	}
	return bind_text(s, 5, t->clauses) || bind_text(s, 6, tr->name) ||
	       bind_text(s, 7, tr->title) || bind_date(s, 8, tr->adopted) ||
	       bind_date(s, 9, tr->signature_opened) || bind_text(s, 10, tr->source_url) ||
	       (tr->entry_into_force_instruments
			? sqlite3_bind_int(s, 11, tr->entry_into_force_instruments)
			: sqlite3_bind_null(s, 11)) != SQLITE_OK ||
	       bind_date(s, 12, tr->entry_into_force_stated);
}

static pacta_rc insert_clauses(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_CLAUSES, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < pacta_record_n_clauses(rec); i++) {
		const char *name = pacta_record_clauses_name(rec, i);
		if (bind_text(s, 1, name) || bind_text(s, 2, pacta_record_clauses_json(rec, i)) ||
		    bind_opt(s, 3, pacta_record_clauses_origin(rec, i)) ||
		    sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save the clauses %s", name);
		done(s);
	}
	return rc;
}

static pacta_rc insert_treaties(pacta_store *st, const pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INSERT_TREATY, &s, err);

	for (size_t i = 0; rc == PACTA_OK && i < rec->n_treaties; i++) {
		const pacta_treaty *t = &rec->treaties[i];
		char *files = join_files(t);
		char *text = pacta_treaty_rules_json(rec, i);
		if (!files || !text) {
			free(files);
			free(text);
			rc = nomem(st, err);
			break;
		}
		if (bind_text(s, 1, t->id) || bind_text(s, 2, text) ||
		    bind_opt(s, 3, t->origin) || bind_opt(s, 4, files) || bind_own(s, t) ||
		    sqlite3_step(s) != SQLITE_DONE)
			rc = db_error(st, err, "cannot save treaty %s",
				      t->id ? t->id : "");
		done(s);
		free(files);
		free(text);
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
		if (bind_text(s, 1, rec->treaties[e->treaty].id) || bind_text(s, 2, iso3) ||
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
	/* Acts and obligation events are kept (the history needs them); the
	 * reference data is the snapshot's own. */
	static const enum store_query deletes[] = {
		Q_DELETE_CONFLICTS,
		Q_DELETE_GROUPS,
		Q_DELETE_TREATIES,
		Q_DELETE_CLAUSES,
		Q_DELETE_PARTICIPANTS,
	};
	char now[STAMP_BUFSZ];
	pacta_day today;
	long long change = 0;
	bulk_cache cache = { .set = false };
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
	/* A version of a record holds dead copies of acts (pacta/record.h):
	 * only the live ones are written. */
	size_t n_live = 0;
	for (size_t i = 0; i < rec->n_acts; i++) {
		if (!pacta_record_act_live(rec, i))
			continue;
		order[n_live].id = rec->acts[i].id;
		order[n_live++].i = i;
	}
	qsort(order, n_live, sizeof(*order), act_order_cmp);
	stamp_now(now, &today);

	/* Earlier acts keep pointing at participants and treaties that the
	 * snapshot deletes and writes again; the checks are off for this one
	 * transaction (the pragma is a no-op inside one) and the new content
	 * was checked by check_record. */
	rc = run(st, Q_FOREIGN_KEYS_OFF, err);
	if (rc != PACTA_OK)
		goto out;
	bulk_cache_begin(st, &cache);
	rc = begin_write(st, err);
	if (rc != PACTA_OK)
		goto out;
	for (size_t i = 0; rc == PACTA_OK && i < sizeof(deletes) / sizeof(deletes[0]); i++)
		rc = run(st, deletes[i], err);
	if (rc == PACTA_OK)
		rc = insert_participants(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_groups(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_clauses(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_treaties(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_change(st, "snapshot", now, who, why, n_live, &change, err);
	if (rc == PACTA_OK)
		rc = insert_acts(st, rec, order, n_live, change, now, today, err);
	if (rc == PACTA_OK)
		rc = insert_conflicts(st, rec, err);
	if (rc == PACTA_OK)
		rc = insert_obligation_events(st, rec, change, err);
	if (rc == PACTA_OK)
		rc = seal_change(st, change, false, err);
	if (rc == PACTA_OK)
		rc = commit_write(st, err);
out:
	if (rc != PACTA_OK)
		rollback(st);
	/* Back on, whatever happened; a failure here is the one to report
	 * when the write itself went well. */
	if (run(st, Q_FOREIGN_KEYS_ON, rc == PACTA_OK ? err : NULL) != PACTA_OK && rc == PACTA_OK)
		rc = PACTA_ERR_DB;
	bulk_cache_end(st, &cache);
	free(order);
	return rc;
}

/* "store:act N" is the origin of an act loaded from a store, or saved to
 * it. */
/* The bytes of "store:act <id>", NUL included. */
static size_t origin_size(uint32_t id)
{
	size_t n = sizeof("store:act 1");

	for (; id >= 10; id /= 10)
		n++;
	return n;
}

/* Writes "store:act <id>" at p; returns the bytes written, NUL included. */
static size_t origin_at(char *p, uint32_t id)
{
	static const char prefix[] = "store:act ";
	char digits[10];
	size_t n = 0;

	memcpy(p, prefix, sizeof(prefix) - 1);
	do {
		digits[n++] = (char)('0' + id % 10);
		id /= 10;
	} while (id);
	for (size_t i = 0; i < n; i++)
		p[sizeof(prefix) - 1 + i] = digits[n - 1 - i];
	p[sizeof(prefix) - 1 + n] = '\0';
	return sizeof(prefix) + n;
}


/* An act is in the store when it was loaded from it (or appended to it):
 * it has a row id and the matching origin, "store:act <id>". Read, not
 * formatted: this runs over every act of the record on every append. */
static bool act_saved(const pacta_act *a)
{
	static const char prefix[] = "store:act ";
	const char *p;
	uint64_t v = 0;

	if (a->id == 0 || !a->origin || strncmp(a->origin, prefix, sizeof(prefix) - 1) != 0)
		return false;
	p = a->origin + sizeof(prefix) - 1;
	if (*p < '1' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (uint64_t)(*p - '0')) > UINT32_MAX)
			return false;
	return *p == '\0' && v == a->id;
}

pacta_rc pacta_store_append_acts(pacta_store *st, pacta_record *rec, size_t first, const char *who,
				 const char *why, pacta_error *err)
{
	char now[STAMP_BUFSZ];
	pacta_day today;
	long long change = 0;
	bulk_cache cache = { .set = false };
	size_t n = 0, k = 0;
	size_t *which = NULL;
	bool all_stored;
	uint32_t *ids = NULL;
	const char **origins = NULL;
	pacta_rc rc;

	if (!st || !rec)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store or record");
	if (first > rec->n_acts)
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "first act %zu is past the last (%zu)", first, rec->n_acts);
	if ((rc = check_change(st, who, why, err)) != PACTA_OK)
		return rc;
	if (rec->n_acts > STORE_MAX_ROWS)
		return pacta_error_set(err, PACTA_ERR_LIMIT, st->path, "more than %d acts",
				       STORE_MAX_ROWS);
	/* Only the acts to write are checked, and only those past the ones
	 * rec was loaded with or saved (index->stored) are looked at. */
	all_stored = first <= rec->index->stored && rec->index->stored <= rec->n_acts;
	if (all_stored)
		first = rec->index->stored;
	for (size_t i = first; i < rec->n_acts; i++)
		if (!act_saved(&rec->acts[i])) {
			if ((rc = check_act(st, rec, i, err)) != PACTA_OK)
				return rc;
			n++;
		}
	if (n == 0) {
		if (all_stored)
			rec->index->stored = rec->n_acts;
		return PACTA_OK;
	}
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

	if (n >= BULK_ACTS)
		bulk_cache_begin(st, &cache);
	rc = begin_write(st, err);
	if (rc != PACTA_OK)
		goto out;
	rc = insert_change(st, "append", now, who, why, n, &change, err);
	for (k = 0; rc == PACTA_OK && k < n; k++) {
		char origin[32];
		long long row = 0;
		rc = insert_act(st, rec, &rec->acts[which[k]], which[k], change, 0, now, today, &row,
				err);
		if (rc != PACTA_OK)
			break;
		if (row <= 0 || row > UINT32_MAX) {
			rc = pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
					     "act row id %lld does not fit an act id", row);
			break;
		}
		/* Copied into the record now, so nothing can fail after the
		 * commit; a rollback only leaves an unused string behind. */
		origin_at(origin, (uint32_t)row);
		origins[k] = pacta_record_strdup(rec, origin);
		if (!origins[k]) {
			rc = nomem(st, err);
			break;
		}
		ids[k] = (uint32_t)row;
	}
	if (rc == PACTA_OK)
		rc = seal_change(st, change, true, err);
	if (rc == PACTA_OK)
		rc = commit_write(st, err);
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
	else if (all_stored)
		rec->index->stored = rec->n_acts;
out:
	if (rc != PACTA_OK)
		rollback(st);
	bulk_cache_end(st, &cache);
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

static pacta_rc load_clauses(pacta_store *st, pacta_record *rec, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_CLAUSES, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		bool oom = false;
		const char *name = col_text(s, 0, &oom);
		const char *json = col_text(s, 1, &oom);
		const char *origin = col_text(s, 2, &oom);
		int len = sqlite3_column_bytes(s, 1);
		char where[64];

		if ((rc = count_row(st, &n, "clauses", err)) != PACTA_OK)
			break;
		if (oom || !name || !json || len < 0) {
			rc = bad_row(st, err, oom, "clauses", name);
			break;
		}
		snprintf(where, sizeof(where), "store:clauses %s", name);
		rc = pacta_record_add_clauses(rec, json, (size_t)len, origin ? origin : where, err);
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
		size_t last = pacta_record_n_clauses(rec) - 1;
		if (strcmp(pacta_record_clauses_name(rec, last), name) != 0) {
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path,
					     "clauses %s hold the clauses of '%s'", name,
					     pacta_record_clauses_name(rec, last));
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "clauses", err);
	done(s);
	return rc;
}

/* The columns of Q_SELECT_TREATIES. */
enum {
	TREATY_ROWID,
	TREATY_ID,
	TREATY_RULES,
	TREATY_ORIGIN,
	TREATY_FILES,
	TREATY_CLAUSES,
	TREATY_NAME,
	TREATY_TITLE,
	TREATY_ADOPTED,
	TREATY_OPENED,
	TREATY_SOURCE_URL,
	TREATY_INSTRUMENTS,
	TREATY_EIF_STATED,
	TREATY__COLUMNS
};

/* A value as text (col_text). */
static const char *val_text(sqlite3_value *v, bool *oom)
{
	const unsigned char *t = sqlite3_value_text(v);

	if (!t && sqlite3_value_type(v) != SQLITE_NULL)
		*oom = true;
	return (const char *)t;
}

/* A value as a date (col_date). */
static bool val_date(sqlite3_value *v, pacta_day null_day, pacta_day *out, bool *oom)
{
	const char *t = val_text(v, oom);

	if (!t) {
		*out = null_day;
		return true;
	}
	return pacta_date_parse(t, strlen(t), out);
}

/* A treaty row whose columns hold its own fields: added without parsing
 * its rules file. False when the columns are not all there or not
 * dates. */
static bool own_of_row(sqlite3_value *const *v, pacta_treaty_own *own, bool *oom)
{
	memset(own, 0, sizeof(*own));
	own->clauses = val_text(v[TREATY_CLAUSES], oom);
	own->name = val_text(v[TREATY_NAME], oom);
	own->title = val_text(v[TREATY_TITLE], oom);
	own->source_url = val_text(v[TREATY_SOURCE_URL], oom);
	own->entry_into_force_instruments = sqlite3_value_int(v[TREATY_INSTRUMENTS]);
	bool ok = val_date(v[TREATY_ADOPTED], PACTA_DAY_NONE, &own->adopted, oom);
	ok = val_date(v[TREATY_OPENED], PACTA_DAY_NONE, &own->signature_opened, oom) && ok;
	ok = val_date(v[TREATY_EIF_STATED], PACTA_DAY_NONE, &own->entry_into_force_stated, oom) &&
	     ok;
	return ok;
}

/* The treaties; each row also given to pass, when not NULL, and the pass
 * ended once every row is read. */
static pacta_rc load_treaties(pacta_store *st, pacta_record *rec, ref_pass *pass, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_TREATIES, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_value *v[TREATY__COLUMNS];
		bool oom = false;
		char where[64];

		/* Each column read once, for the hash and the record. */
		row_values(s, v, TREATY__COLUMNS);
		if (pass)
			ref_pass_row(pass, v);
		const char *id = val_text(v[TREATY_ID], &oom);
		const char *json = val_text(v[TREATY_RULES], &oom);
		const char *origin = val_text(v[TREATY_ORIGIN], &oom);
		int len = sqlite3_value_bytes(v[TREATY_RULES]);

		if ((rc = count_row(st, &n, "treaty", err)) != PACTA_OK)
			break;
		if (oom || !id || !json || len < 0) {
			rc = bad_row(st, err, oom, "treaty", id);
			break;
		}
		/* The origin a row without one is given (the treaties a
		 * store holds all have one). */
		if (!origin) {
			snprintf(where, sizeof(where), "store:treaty %s", id);
			origin = where;
		}
		pacta_treaty_own own;
		if (sqlite3_value_type(v[TREATY_CLAUSES]) == SQLITE_NULL) {
			rc = pacta_record_add_treaty(rec, json, (size_t)len, origin, err);
		} else if (!own_of_row(v, &own, &oom) || oom) {
			rc = bad_row(st, err, oom, "treaty", id);
			break;
		} else {
			own.id = id;
			own.rules_json = json;
			own.rules_json_len = (size_t)len;
			own.origin = origin;
			rc = pacta_record_add_treaty_own(rec, &own, err);
		}
		if (rc != PACTA_OK) {
			rewhere(rc, err, st->path);
			break;
		}
		if (strcmp(rec->treaties[rec->n_treaties - 1].id, id) != 0) {
			rc = pacta_error_set(err, PACTA_ERR_DB, st->path,
					     "treaty %s holds the rules of '%s'", id,
					     rec->treaties[rec->n_treaties - 1].id);
			break;
		}
	}
	if (rc == PACTA_OK)
		rc = step_error(st, step, "treaty", err);
	done(s);
	if (rc == PACTA_OK && pass)
		ref_pass_end(st, pass);
	return rc;
}

/* Binds the view of the record: record time ?1 (NULL: now), base ?2. */
static pacta_rc bind_view(pacta_store *st, sqlite3_stmt *s, const char *as_recorded,
			  long long base, pacta_error *err)
{
	if ((as_recorded ? bind_text(s, 1, as_recorded) : sqlite3_bind_null(s, 1)) ||
	    sqlite3_bind_int64(s, 2, base)) {
		done(s);
		return db_error(st, err, "cannot bind the record time");
	}
	return PACTA_OK;
}

/*
 * The acts of the record, read in one scan of the act table in id order
 * (Q_WALK_ACTS): by themselves, or row by row as the load's check of the
 * chain hashes them, so that a checked load reads every act once. The
 * loader keeps the rows of the view (Q_VISIBLE_CHANGES, from base on);
 * the acts those rows supersede are only known by the end of the scan, and
 * are taken out of the record then. What it does per row is made cheap
 * for the millions of rows a large record has: the treaty, the state, the
 * action and the dates repeat from row to row and are each looked up once
 * (the same look-ups, remembered), an act's origin "store:act <id>" is
 * written for all acts at once at the end, and a row that fails its check
 * only has its id noted, its error given once the scan has said which
 * failing row comes first among those the view keeps.
 */

/* Treaty ids remembered (the last one) up to this length. */
#define LOADER_TREATY_KEY 96
/* Alpha-3 codes of three capitals, by their number in base 26. */
#define LOADER_CODES (26 * 26 * 26)
#define LOADER_UNKNOWN INT32_MIN

/* A growing list of row ids. */
typedef struct id_list {
	long long *v;
	size_t n, cap;
} id_list;

struct act_loader {
	pacta_store *st;
	pacta_record *rec;
	size_t first;			/* the record's acts before the load */
	long long base;			/* acts of changes before it are not in the view */
	id_list visible;		/* the changes in the view, ascending */
	size_t hint;
	id_list superseded;		/* by the rows the view keeps */
	id_list failed;			/* rows the view keeps that hold an invalid value */
	bool stopped;			/* out of memory: rows are no longer loaded */
	pacta_rc rc;			/* and its error */
	pacta_error err;
	int32_t treaty;			/* the last treaty id's index, and its text */
	char treaty_key[LOADER_TREATY_KEY];
	int32_t *codes;			/* alpha-3 code -> participant, LOADER_UNKNOWN */
	date_month *months;		/* the dates' months (date_parse_by_month) */
	pacta_action actions[64];	/* by a hash of the name; PACTA_ACT__COUNT: none */
	const unsigned char *reference; /* loader_reference() */
};

static const unsigned char *loader_reference(const act_loader *l)
{
	return l->reference;
}

static bool id_push(id_list *l, long long id)
{
	if (array_grow((void **)&l->v, l->n, &l->cap, sizeof(*l->v)))
		return false;
	l->v[l->n++] = id;
	return true;
}

static int id_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static bool id_in(const long long *v, size_t n, long long id)
{
	return n && bsearch(&id, v, n, sizeof(*v), id_cmp);
}

static void loader_free(act_loader *l)
{
	free(l->visible.v);
	free(l->superseded.v);
	free(l->failed.v);
	free(l->codes);
	free(l->months);
}

/* Makes l ready to load into rec the acts of the view as recorded at
 * as_recorded (NULL: now) from base on. */
static pacta_rc loader_init(act_loader *l, pacta_store *st, pacta_record *rec,
			    const char *as_recorded, long long base, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc;

	memset(l, 0, sizeof(*l));
	l->st = st;
	l->rec = rec;
	l->first = rec->n_acts;
	l->base = base;
	l->treaty = -1;
	for (size_t i = 0; i < sizeof(l->actions) / sizeof(l->actions[0]); i++)
		l->actions[i] = PACTA_ACT__COUNT;
	l->codes = malloc(LOADER_CODES * sizeof(*l->codes));
	l->months = calloc(DATE_MONTHS, sizeof(*l->months));
	if (!l->codes || !l->months)
		return nomem(st, err);
	for (size_t i = 0; i < LOADER_CODES; i++)
		l->codes[i] = LOADER_UNKNOWN;
	if ((rc = query(st, Q_VISIBLE_CHANGES, &s, err)) != PACTA_OK)
		return rc;
	if ((as_recorded ? bind_text(s, 1, as_recorded) : sqlite3_bind_null(s, 1)) != SQLITE_OK) {
		done(s);
		return db_error(st, err, "cannot bind the record time");
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (!id_push(&l->visible, sqlite3_column_int64(s, 0))) {
			done(s);
			return nomem(st, err);
		}
	}
	rc = step == SQLITE_DONE ? PACTA_OK : db_error(st, err, "cannot read the history");
	done(s);
	return rc;
}

/* Column i of c as text (val_text), read as the check read it when it
 * did: a text as it is, no text for NULL; any other type is asked of the
 * value, which converts it as before. */
ALWAYS_INLINE const char *cols_text(const act_cols *c, int i, bool *oom)
{
	if (c->f && c->f[i].tag == CHAIN_TEXT) {
		if (!c->f[i].data)
			*oom = true;
		return c->f[i].data;
	}
	if (c->f && c->f[i].tag == CHAIN_NULL)
		return NULL;
	return val_text(c->v[i], oom);
}

/* Column i of c: whether it is an integer, and its value as one
 * (sqlite3_value_int64()'s). */
ALWAYS_INLINE bool cols_is_int(const act_cols *c, int i)
{
	return c->f ? c->f[i].tag == CHAIN_INTEGER : sqlite3_value_type(c->v[i]) == SQLITE_INTEGER;
}

ALWAYS_INLINE long long cols_int(const act_cols *c, int i)
{
	return c->f && c->f[i].tag == CHAIN_INTEGER ? (long long)c->f[i].u :
						      sqlite3_value_int64(c->v[i]);
}

/* Is change (an act's change_id, when an integer) in the view? The acts
 * come in id order, so their changes seldom move: the last one found is
 * tried first. */
ALWAYS_INLINE bool loader_sees(act_loader *l, const act_cols *c)
{
	const long long *seen = l->visible.v;
	long long change;

	if (!cols_is_int(c, ACT_CHANGE))
		return false;
	change = cols_int(c, ACT_CHANGE);
	if (change < l->base)
		return false;
	if (l->hint < l->visible.n && seen[l->hint] == change)
		return true;
	const long long *at = l->visible.n ? bsearch(&change, seen, l->visible.n,
						     sizeof(*seen), id_cmp) : NULL;
	if (!at)
		return false;
	l->hint = (size_t)(at - seen);
	return true;
}

/* The treaty of id, as pacta_record_treaty_by_id() finds it. */
static int32_t loader_treaty(act_loader *l, const char *id)
{
	size_t n;

	if (l->treaty >= 0 && strcmp(id, l->treaty_key) == 0)
		return l->treaty;
	n = strnlen(id, LOADER_TREATY_KEY);
	int32_t t = record_treaty_after(l->rec, l->treaty, id, strlen(id));
	if (t >= 0 && n < LOADER_TREATY_KEY) {
		memcpy(l->treaty_key, id, n + 1);
		l->treaty = t;
	}
	return t;
}

/* The participant of iso3 (NULL: -1), as participant_of() finds it. */
static int32_t loader_participant(act_loader *l, const char *iso3)
{
	unsigned a, b, c;

	if (!iso3)
		return -1;
	a = (unsigned char)iso3[0] - 'A';
	if (a >= 26 || (b = (unsigned char)iso3[1] - 'A') >= 26 ||
	    (c = (unsigned char)iso3[2] - 'A') >= 26 || iso3[3])
		return participant_of(l->rec, iso3);
	int32_t *p = &l->codes[(a * 26 + b) * 26 + c];
	if (*p == LOADER_UNKNOWN)
		*p = participant_of(l->rec, iso3);
	return *p;
}

/* The day of the ISO date in t[0..10), as pacta_date_parse() reads it:
 * a series' dates are spread over decades, so each month is read once,
 * not each date. */
static bool loader_day(act_loader *l, const char *t, pacta_day *out)
{
	return date_parse_by_month(l->months, t, out);
}

/* Column i of c as a date (col_date), through the remembered months. */
ALWAYS_INLINE bool loader_date(act_loader *l, const act_cols *c, int i, pacta_day *out, bool *oom)
{
	const char *t = cols_text(c, i, oom);

	if (!t) {
		*out = PACTA_DAY_NONE;
		return true;
	}
	return strnlen(t, 11) == 10 && loader_day(l, t, out);
}

/* The day of a record time "YYYY-MM-DDTHH:MM:SSZ", through the remembered
 * days. */
static bool loader_stamp(act_loader *l, const char *t, pacta_day *out)
{
	return t && strnlen(t, STAMP_BUFSZ) == STAMP_BUFSZ - 1 && t[10] == 'T' &&
	       loader_day(l, t, out);
}

/* The action named name, as pacta_action_parse() reads it. */
static bool loader_action(act_loader *l, const char *name, pacta_action *out)
{
	size_t n = strlen(name);
	size_t k = (n * 7 + (n ? (unsigned char)name[0] + 3u * (unsigned char)name[n - 1] : 0)) %
		   (sizeof(l->actions) / sizeof(l->actions[0]));
	pacta_action a = l->actions[k];

	if (a != PACTA_ACT__COUNT && strcmp(name, pacta_action_name(a)) == 0) {
		*out = a;
		return true;
	}
	if (!pacta_action_parse(name, out))
		return false;
	l->actions[k] = *out;
	return true;
}

static void loader_stop(act_loader *l, pacta_rc rc)
{
	l->stopped = true;
	l->rc = rc;
}

/* Loads the act row whose columns are v (Q_WALK_ACTS's), when the view
 * keeps it. Out of memory stops the loader (l->rc and l->err); nothing
 * else is an error here. */
ALWAYS_INLINE void act_row_of(act_loader *l, const act_cols *c)
{
	pacta_act a;
	bool oom = false, ok;

	if (l->stopped || !loader_sees(l, c))
		return;
	if (cols_is_int(c, ACT_SUPERSEDES) &&
	    !id_push(&l->superseded, cols_int(c, ACT_SUPERSEDES))) {
		loader_stop(l, nomem(l->st, &l->err));
		return;
	}
	long long id = cols_int(c, ACT_ID);
	const char *treaty = cols_text(c, ACT_TREATY, &oom);
	const char *state = cols_text(c, ACT_STATE, &oom);
	const char *action = cols_text(c, ACT_ACTION, &oom);
	const char *target = cols_text(c, ACT_TARGET, &oom);
	const char *recorded = cols_text(c, ACT_RECORDED, &oom);
	int32_t t = treaty ? loader_treaty(l, treaty) : -1;
	int32_t p = loader_participant(l, state);

	pacta_act_init(&a);
	a.source_url = cols_text(c, ACT_SOURCE_URL, &oom);
	a.note = cols_text(c, ACT_NOTE, &oom);
	ok = loader_date(l, c, ACT_DATE, &a.date, &oom);
	ok = loader_date(l, c, ACT_EFFECTIVE, &a.effective, &oom) && ok;
	a.notification = cols_text(c, ACT_NOTIFICATION, &oom);
	ok = loader_date(l, c, ACT_CIRCULATED, &a.circulated, &oom) && ok;
	a.territory = cols_text(c, ACT_TERRITORY, &oom);
	a.text = cols_text(c, ACT_TEXT, &oom);
	ok = ok && a.date != PACTA_DAY_NONE && id > 0 && id <= UINT32_MAX && t >= 0 && p >= 0 &&
	     action && loader_action(l, action, &a.action) &&
	     loader_stamp(l, recorded, &a.recorded);
	a.target = -1;
	if (ok && target) {
		a.target = loader_participant(l, target);
		ok = a.target >= 0;
	}
	if (oom) {
		loader_stop(l, nomem(l->st, &l->err));
		return;
	}
	if (!ok) {
		if (!id_push(&l->failed, id))
			loader_stop(l, nomem(l->st, &l->err));
		return;
	}
	a.id = (uint32_t)id;
	a.treaty = (uint32_t)t;
	a.participant = (uint32_t)p;
	/* The origin is written with every other at the end. */
	a.origin = NULL;
	pacta_rc rc = pacta_record_add_act(l->rec, &a, &l->err);
	if (rc != PACTA_OK)
		loader_stop(l, rewhere(rc, &l->err, l->st->path));
}

/* act_row_of() made twice, so that neither asks at each column which
 * columns it has: of values a check read (f), and of values alone. */
static void act_row(act_loader *l, sqlite3_value *const *v, const chain_value *f)
{
	if (f)
		act_row_of(l, &(act_cols){ v, f });
	else
		act_row_of(l, &(act_cols){ v, NULL });
}

/*
 * After the scan: the error of the first row that the view keeps and that
 * fails (or the row limit, when the view keeps more rows than it allows
 * and the first failing row is not before the limit's), as a scan of the
 * kept rows in id order stops at; otherwise the superseded acts taken out
 * and every act's origin written.
 */
static pacta_rc loader_finish(act_loader *l, pacta_error *err)
{
	pacta_record *rec = l->rec;
	long long *sup = l->superseded.v;
	size_t n_sup = l->superseded.n, kept = l->first, failed_kept = 0, size = 0;
	long long first_failed = 0;
	char key[32];

	if (n_sup)
		qsort(sup, n_sup, sizeof(*sup), id_cmp);
	for (size_t i = 0; i < l->failed.n; i++) {
		if (id_in(sup, n_sup, l->failed.v[i]))
			continue;
		if (!failed_kept++)
			first_failed = l->failed.v[i];
	}
	for (size_t i = l->first; i < rec->n_acts; i++)
		if (!n_sup || !id_in(sup, n_sup, rec->acts[i].id))
			rec->acts[kept++] = rec->acts[i];
	rec->n_acts = kept;
	if ((kept - l->first) + failed_kept > STORE_MAX_ROWS) {
		/* The id of the first row past the limit, among the kept ones
		 * (loaded and failed, both in id order). */
		size_t i = l->first, j = 0, seen = 0;
		long long over = 0;
		while (seen <= (size_t)STORE_MAX_ROWS) {
			while (j < l->failed.n && id_in(sup, n_sup, l->failed.v[j]))
				j++;
			bool from_acts = i < kept && (j >= l->failed.n ||
						      (long long)rec->acts[i].id < l->failed.v[j]);
			over = from_acts ? (long long)rec->acts[i++].id : l->failed.v[j++];
			seen++;
		}
		if (!failed_kept || first_failed >= over)
			return pacta_error_set(err, PACTA_ERR_LIMIT, l->st->path,
					       "table %s has more than %d rows", "act",
					       STORE_MAX_ROWS);
	}
	if (failed_kept) {
		snprintf(key, sizeof(key), "%lld", first_failed);
		return bad_row(l->st, err, false, "act", key);
	}
	for (size_t i = l->first; i < kept; i++)
		size += origin_size(rec->acts[i].id);
	char *origins = size ? arena_alloc(&rec->index->strings, size) : NULL;
	if (size && !origins)
		return nomem(l->st, err);
	/* The acts come in id order, most often each the last one plus one:
	 * its origin is then the last one's with the number incremented. */
	const char *last = NULL;
	size_t last_len = 0;
	for (size_t i = l->first; i < kept; i++) {
		uint32_t id = rec->acts[i].id;
		rec->acts[i].origin = origins;
		if (last && id == rec->acts[i - 1].id + 1 && id % 10 != 0) {
			memcpy(origins, last, last_len);
			origins[last_len - 2]++;
		} else {
			last_len = origin_at(origins, id);
		}
		last = origins;
		origins += last_len;
	}
	return PACTA_OK;
}

/* The acts by themselves (a load that does not check the chain). */
static pacta_rc load_acts(act_loader *l, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc = query(l->st, Q_LOAD_ACTS, &s, err);

	if (rc != PACTA_OK)
		return rc;
	while (!l->stopped && (step = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_value *v[ACT__COLUMNS];
		/* The origin, not read (Q_LOAD_ACTS), is not asked for. */
		row_values(s, v, ACT_ORIGIN);
		v[ACT_ORIGIN] = NULL;
		for (int i = ACT_ORIGIN + 1; i < ACT__COLUMNS; i++)
			v[i] = sqlite3_column_value(s, i);
		act_row(l, v, NULL);
	}
	if (l->stopped) {
		rc = l->rc;
		if (err)
			*err = l->err;
	} else {
		rc = step_error(l->st, step, "act", err);
	}
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

static pacta_rc load_obligation_events(pacta_store *st, pacta_record *rec,
				       const char *as_recorded, long long base, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	int step;
	pacta_rc rc = query(st, Q_SELECT_OBLIGATION_EVENTS, &s, err);

	if (rc == PACTA_OK)
		rc = bind_view(st, s, as_recorded, base, err);
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

/* Runs a statement that takes one optional text (?1) and returns one
 * integer or text (copied into text_out when given). */
static pacta_rc run_with(pacta_store *st, enum store_query q, const char *arg, long long *out,
			 char *text_out, size_t text_size, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, q, &s, err);

	if (rc != PACTA_OK)
		return rc;
	if (sqlite3_bind_parameter_count(s) >= 1 &&
	    (arg ? bind_text(s, 1, arg) : sqlite3_bind_null(s, 1)) != SQLITE_OK) {
		rc = db_error(st, err, "cannot bind \"%s\"", query_sql[q]);
	} else if (sqlite3_step(s) == SQLITE_ROW) {
		if (out)
			*out = sqlite3_column_int64(s, 0);
		if (text_out) {
			const unsigned char *t = sqlite3_column_text(s, 0);
			snprintf(text_out, text_size, "%s", t ? (const char *)t : "");
		}
	} else {
		rc = db_error(st, err, "\"%s\" failed", query_sql[q]);
	}
	done(s);
	return rc;
}

pacta_rc pacta_store_parse_stamp(const char *text, char out[PACTA_STAMP_BUFSZ], pacta_error *err)
{
	pacta_day d;
	size_t n = text ? strlen(text) : 0;

	if (n == 10 && pacta_date_parse(text, 10, &d)) {
		snprintf(out, PACTA_STAMP_BUFSZ, "%.10sT23:59:59Z", text);
		return PACTA_OK;
	}
	if (n == PACTA_STAMP_BUFSZ - 1 && pacta_date_parse(text, 10, &d) && text[10] == 'T' &&
	    text[13] == ':' && text[16] == ':' && text[19] == 'Z') {
		int hh = 0, mm = 0, ss = 0;
		bool digits = true;
		for (size_t i = 11; i < 19; i++)
			if (i != 13 && i != 16 && (text[i] < '0' || text[i] > '9'))
				digits = false;
		if (digits) {
			hh = (text[11] - '0') * 10 + (text[12] - '0');
			mm = (text[14] - '0') * 10 + (text[15] - '0');
			ss = (text[17] - '0') * 10 + (text[18] - '0');
		}
		if (digits && hh < 24 && mm < 60 && ss < 60) {
			memcpy(out, text, PACTA_STAMP_BUFSZ);
			return PACTA_OK;
		}
	}
	return pacta_error_set(err, PACTA_ERR_PARSE, "",
			       "a record time is YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), not '%.40s'",
			       text ? text : "");
}

/* What the acts are read with: the view's base (*base) and, in rec, the
 * participants, groups, shared clauses and treaties. */
/* Tells rec how many treaties and acts a load from snapshot base will add,
 * so that its arrays and id table are made once at their size. Only a
 * hint: when it cannot be had, the load grows them as it goes. */
static void expect_sizes(pacta_store *st, pacta_record *rec, long long base)
{
	sqlite3_stmt *s = NULL;

	if (query(st, Q_EXPECTED, &s, NULL) != PACTA_OK)
		return;
	if (sqlite3_bind_int64(s, 1, base) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		long long treaties = sqlite3_column_int64(s, 0), acts = sqlite3_column_int64(s, 1);
		if (treaties >= 0 && acts >= 0 && treaties <= STORE_MAX_ROWS && acts <= STORE_MAX_ROWS &&
		    pacta_record_expect(rec, (size_t)treaties, (size_t)acts, NULL) != PACTA_OK) {
			/* No room now: the load will say so if it needs it. */
		}
	}
	done(s);
}

/* The participants, groups, clauses and treaties; the treaty table's rows
 * also given to pass when not NULL (a checked load's). */
static pacta_rc load_reference(pacta_store *st, pacta_record *rec, const char *as_recorded,
			       long long *base, ref_pass *pass, pacta_error *err)
{
	long long visible = 0;
	pacta_rc rc = run_with(st, Q_VISIBLE, as_recorded, &visible, NULL, 0, err);

	if (rc == PACTA_OK && as_recorded && visible == 0) {
		char first[PACTA_STAMP_BUFSZ] = "";
		rc = run_with(st, Q_FIRST_CHANGE, NULL, NULL, first, sizeof(first), err);
		if (rc == PACTA_OK)
			rc = pacta_error_set(err, PACTA_ERR_NOTFOUND, st->path,
					     "nothing was recorded by %s (the first change is of %s)",
					     as_recorded, first[0] ? first : "never");
	}
	if (rc == PACTA_OK)
		rc = run_with(st, Q_BASE, as_recorded, base, NULL, 0, err);
	if (rc == PACTA_OK)
		expect_sizes(st, rec, *base);
	if (rc == PACTA_OK)
		rc = load_participants(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_groups(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_clauses(st, rec, err);
	if (rc == PACTA_OK && pass)
		ref_pass_begin(st, pass);
	if (rc == PACTA_OK)
		rc = load_treaties(st, rec, pass, err);
	return rc;
}

pacta_rc pacta_store_load(pacta_store *st, pacta_record **out, pacta_error *err)
{
	return pacta_store_load_as_recorded(st, NULL, out, err);
}

pacta_rc pacta_store_load_as_recorded(pacta_store *st, const char *as_recorded, pacta_record **out,
				      pacta_error *err)
{
	pacta_record *rec = NULL;
	long long base = 0;
	act_loader acts;
	ref_pass pass;
	pacta_error early;
	bool walk;
	pacta_rc rc;

	if (!out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no record to fill");
	*out = NULL;
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	if (as_recorded && strlen(as_recorded) != PACTA_STAMP_BUFSZ - 1)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "a record time must be YYYY-MM-DDTHH:MM:SSZ");
	rec = pacta_record_new();
	if (!rec)
		return nomem(st, err);
	memset(&acts, 0, sizeof(acts));
	memset(&pass, 0, sizeof(pass));
	/* One read transaction: every table from the same snapshot, and the
	 * check of the very rows then loaded. The check reads the acts for
	 * the loader as it hashes them, so the reference tables are loaded
	 * first; an error in them is given only once the check has passed,
	 * as is one of the loader's, since the check comes first. */
	rc = run(st, Q_BEGIN_READ, err);
	walk = rc == PACTA_OK && !st->trust && !st->before_8;
	if (rc == PACTA_OK && !st->trust && !walk)
		rc = check_chain(st, NULL, NULL, err);
	if (rc == PACTA_OK) {
		pacta_error *e = walk ? &early : err;
		/* A file of the second layout's last form: the load's scans
		 * make the reference hash the check compares. */
		ref_pass *p = walk && !st->before_11 ? &pass : NULL;
		pacta_rc r = load_reference(st, rec, as_recorded, &base, p, e);
		ref_pass_drop(&pass); /* when the load stopped before its end */
		if (r == PACTA_OK)
			r = loader_init(&acts, st, rec, as_recorded, base, e);
		if (r == PACTA_OK && p && pass.ready)
			acts.reference = pass.out;
		if (walk) {
			rc = check_chain(st, NULL, r == PACTA_OK ? &acts : NULL, err);
			if (rc == PACTA_OK && (r != PACTA_OK || acts.stopped)) {
				rc = r != PACTA_OK ? r : acts.rc;
				if (err)
					*err = r != PACTA_OK ? early : acts.err;
			}
		} else {
			rc = r;
			if (rc == PACTA_OK)
				rc = load_acts(&acts, err);
		}
	}
	if (rc == PACTA_OK)
		rc = loader_finish(&acts, err);
	loader_free(&acts);
	if (rc == PACTA_OK)
		rc = load_conflicts(st, rec, err);
	if (rc == PACTA_OK)
		rc = load_obligation_events(st, rec, as_recorded, base, err);
	if (rc == PACTA_OK)
		rc = run(st, Q_COMMIT, err);
	if (rc == PACTA_OK)
		rc = pacta_record_finish(rec, err);
	if (rc != PACTA_OK) {
		rollback(st);
		pacta_record_free(rec);
		return rc;
	}
	rec->index->stored = rec->n_acts; /* every act is the store's */
	*out = rec;
	return PACTA_OK;
}

/* ---- History ---- */

/* Reads the history entries statement s returns (bound by the caller). */
static pacta_rc read_history(pacta_store *st, sqlite3_stmt *s, pacta_history_entry **out,
			     size_t *n, pacta_error *err)
{
	pacta_history_entry *items = NULL;
	size_t count = 0, cap = 0;
	int step;
	pacta_rc rc = PACTA_OK;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pacta_history_entry *e;
		unsigned char hash[CHAIN_HASH_BYTES];
		bool oom = false;
		const char *at = col_text(s, 1, &oom);
		const char *who = col_text(s, 2, &oom);
		const char *why = col_text(s, 3, &oom);
		const char *kind = col_text(s, 5, &oom);

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
		snprintf(e->kind, sizeof(e->kind), "%s", kind ? kind : "");
		e->acts = sqlite3_column_int64(s, 4);
		e->hash[0] = '\0';
		if (col_hash(s, 6, hash))
			chain_hex(hash, e->hash);
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

pacta_rc pacta_store_history(pacta_store *st, pacta_history_entry **out, size_t *n,
			     pacta_error *err)
{
	return pacta_store_history_of(st, NULL, NULL, out, n, err);
}

pacta_rc pacta_store_modified(pacta_store *st, char out[PACTA_STAMP_BUFSZ], pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc;

	out[0] = '\0';
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	if ((rc = query(st, Q_TIP, &s, err)) != PACTA_OK)
		return rc;
	if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *at = sqlite3_column_text(s, 2);
		if (at && strlen((const char *)at) < PACTA_STAMP_BUFSZ)
			memcpy(out, at, strlen((const char *)at) + 1);
	} else if (step != SQLITE_DONE) {
		rc = db_error(st, err, "cannot read the history");
	}
	done(s);
	return rc;
}

pacta_rc pacta_store_history_of(pacta_store *st, const char *treaty, const char *iso3,
				pacta_history_entry **out, size_t *n, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc;

	if (!out || !n)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "nothing to fill");
	*out = NULL;
	*n = 0;
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	if (!treaty != !iso3)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "a treaty and a state, or neither");
	rc = query(st, treaty ? Q_SELECT_HISTORY_OF : Q_SELECT_HISTORY, &s, err);
	if (rc != PACTA_OK)
		return rc;
	if (treaty && (bind_text(s, 1, treaty) || bind_text(s, 2, iso3))) {
		done(s);
		return db_error(st, err, "cannot read the history");
	}
	return read_history(st, s, out, n, err);
}

/* ---- Corrections ---- */

pacta_rc pacta_store_correct_act(pacta_store *st, const pacta_record *rec, uint32_t old_id,
				 const pacta_act *fixed, const char *who, const char *why,
				 uint32_t *new_id, pacta_error *err)
{
	char now[STAMP_BUFSZ], key[32];
	pacta_day today;
	long long change = 0, row = 0, base = 0;
	sqlite3_stmt *s = NULL;
	int step;
	pacta_rc rc;

	if (!st || !rec || !fixed)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store, record or act");
	if ((rc = check_change(st, who, why, err)) != PACTA_OK)
		return rc;
	if (!*why)
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "a correction needs its reason (why)");
	if (fixed->treaty >= rec->n_treaties || fixed->participant >= rec->n_participants ||
	    (unsigned)fixed->action >= PACTA_ACT__COUNT ||
	    (fixed->target >= 0 && (size_t)fixed->target >= rec->n_participants))
		return pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				       "the correction refers to an unknown treaty, participant or action");
	snprintf(key, sizeof(key), "act %u", (unsigned)old_id);
	stamp_now(now, &today);

	rc = begin_write(st, err);
	if (rc == PACTA_OK)
		rc = run_with(st, Q_LAST_SNAPSHOT, NULL, &base, NULL, 0, err);
	if (rc == PACTA_OK)
		rc = query(st, Q_ACT_CURRENT, &s, err);
	if (rc != PACTA_OK)
		goto out;
	if (sqlite3_bind_int64(s, 1, old_id) || sqlite3_bind_int64(s, 2, base)) {
		done(s);
		rc = db_error(st, err, "cannot read %s", key);
		goto out;
	}
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		const unsigned char *p = sqlite3_column_text(s, 1);
		if (!t || !p)
			rc = nomem(st, err);
		else if (strcmp((const char *)t, rec->treaties[fixed->treaty].id) != 0 ||
			 strcmp((const char *)p, rec->participants[fixed->participant].iso3) != 0)
			rc = pacta_error_set(err, PACTA_ERR_USAGE, st->path,
					     "%s is an act of %s under %s: a correction keeps the "
					     "treaty and the state",
					     key, (const char *)p, (const char *)t);
	} else if (step == SQLITE_DONE) {
		rc = pacta_error_set(err, PACTA_ERR_NOTFOUND, st->path,
				     "%s is not in the current record (never stored, or already "
				     "superseded)",
				     key);
	} else {
		rc = db_error(st, err, "cannot read %s", key);
	}
	done(s);
	if (rc == PACTA_OK)
		rc = insert_change(st, "correct", now, who, why, 1, &change, err);
	if (rc == PACTA_OK)
		rc = insert_act(st, rec, fixed, 0, change, old_id, now, today, &row, err);
	if (rc == PACTA_OK && (row <= 0 || row > UINT32_MAX))
		rc = pacta_error_set(err, PACTA_ERR_LIMIT, st->path,
				     "act row id %lld does not fit an act id", row);
	if (rc == PACTA_OK)
		rc = seal_change(st, change, true, err);
	if (rc == PACTA_OK)
		rc = commit_write(st, err);
out:
	if (rc != PACTA_OK) {
		rollback(st);
		return rc;
	}
	if (new_id)
		*new_id = (uint32_t)row;
	return PACTA_OK;
}

/* ---- Verification ---- */

/* PRAGMA integrity_check: "ok", or the first problem SQLite found. Unlike
 * the quick check it also compares every index with its table. */
static pacta_rc integrity_check(pacta_store *st, pacta_error *err)
{
	sqlite3_stmt *s = NULL;
	pacta_rc rc = query(st, Q_INTEGRITY_CHECK, &s, err);
	int step;

	if (rc != PACTA_OK)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		if (!t || strcmp((const char *)t, "ok") != 0)
			rc = pacta_error_set(err, PACTA_ERR_INTEGRITY, st->path,
					     "the database file is damaged (SQLite's integrity check: "
					     "%.300s)",
					     t ? (const char *)t : "no answer");
	} else {
		rc = db_error(st, err, "cannot check the database file");
	}
	done(s);
	return rc;
}

/* Runs check_chain (and, when full, SQLite's integrity check) in a read
 * transaction of its own. */
static pacta_rc check_in_read(pacta_store *st, bool full, pacta_verify_result *res,
			      pacta_error *err)
{
	pacta_rc rc = run(st, Q_BEGIN_READ, err);

	if (rc == PACTA_OK)
		rc = check_chain(st, res, NULL, err);
	if (rc == PACTA_OK && full)
		rc = integrity_check(st, err);
	if (rc == PACTA_OK)
		rc = run(st, Q_COMMIT, err);
	if (rc != PACTA_OK)
		rollback(st);
	return rc;
}

pacta_rc pacta_store_check(pacta_store *st, pacta_error *err)
{
	if (!st)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store");
	return check_in_read(st, false, NULL, err);
}

pacta_rc pacta_store_verify(pacta_store *st, pacta_verify_result *out, pacta_error *err)
{
	pacta_verify_result res;
	pacta_rc rc;

	if (!st || !out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store or result");
	memset(&res, 0, sizeof(res));
	memset(out, 0, sizeof(*out));
	rc = check_in_read(st, true, &res, err);
	if (rc == PACTA_OK)
		*out = res;
	return rc;
}

/* ---- Tokens ---- */

/* The history entry of a token change (kind "token"), sealed, and the
 * commit; or the rollback, keeping the error in err. */
static pacta_rc token_entry(pacta_store *st, pacta_rc rc, const char *now, const char *who,
			    const char *verb, const char *name, pacta_error *err)
{
	char why[PACTA_TOKEN_NAME_MAX + 16];
	long long id = 0;

	snprintf(why, sizeof(why), "token %s %s", verb, name);
	if (rc == PACTA_OK)
		rc = insert_change(st, "token", now, who, why, 0, &id, err);
	if (rc == PACTA_OK)
		rc = seal_change(st, id, false, err);
	if (rc == PACTA_OK)
		rc = commit_write(st, err);
	if (rc != PACTA_OK)
		rollback(st);
	return rc;
}

pacta_rc pacta_store_token_add(pacta_store *st, const char *name,
			       const unsigned char hash[PACTA_TOKEN_HASH_SIZE], const char *who,
			       pacta_error *err)
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
	if ((rc = check_change(st, who, "", err)) != PACTA_OK)
		return rc;
	stamp_now(now, &today);
	if ((rc = query(st, Q_INSERT_TOKEN, &s, err)) != PACTA_OK ||
	    (rc = begin_write(st, err)) != PACTA_OK)
		return rc;
	if (bind_text(s, 1, name) != SQLITE_OK ||
	    sqlite3_bind_blob(s, 2, hash, PACTA_TOKEN_HASH_SIZE, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		rc = db_error(st, err, "cannot bind the token");
	} else {
		step = sqlite3_step(s);
		if ((step & 0xff) == SQLITE_CONSTRAINT)
			rc = pacta_error_set(err, PACTA_ERR_CHECK, "token name",
					     "a token named '%s' exists already (names are never "
					     "reused)",
					     name);
		else if (step != SQLITE_DONE)
			rc = db_error(st, err, "cannot add the token");
	}
	done(s);
	return token_entry(st, rc, now, who, "add", name, err);
}

pacta_rc pacta_store_token_revoke(pacta_store *st, const char *name, const char *who,
				  pacta_error *err)
{
	char now[STAMP_BUFSZ];
	pacta_day today;
	sqlite3_stmt *s = NULL;
	pacta_rc rc;

	if (!st || !name)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no store or name");
	if ((rc = check_change(st, who, "", err)) != PACTA_OK)
		return rc;
	stamp_now(now, &today);
	if ((rc = query(st, Q_REVOKE_TOKEN, &s, err)) != PACTA_OK ||
	    (rc = begin_write(st, err)) != PACTA_OK)
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
	return token_entry(st, rc, now, who, "revoke", name, err);
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

/* ---- For modules that keep their own tables in the file ---- */

sqlite3 *pacta_store_sqlite_(pacta_store *st, bool write, pacta_error *err)
{
	if (write && st->readonly) {
		pacta_error_set(err, PACTA_ERR_USAGE, st->path,
				"the database was opened read-only; nothing was written");
		return NULL;
	}
	return st->db;
}

void pacta_store_checks_(const pacta_store *st, pacta_store_checks *out)
{
	*out = st->checks;
}

void pacta_store_ref_later_max_(pacta_store *st, size_t bytes)
{
	st->ref_later_max = bytes;
}

void pacta_store_help_after_(pacta_store *st, size_t bytes)
{
	st->help_after = bytes;
}

const char *pacta_store_path_(const pacta_store *st)
{
	return st->path;
}

void pacta_store_stamp_now_(char out[PACTA_STAMP_BUFSZ])
{
	pacta_day today;
	stamp_now(out, &today);
}

pacta_rc pacta_store_db_error_(pacta_store *st, pacta_error *err, const char *what)
{
	return db_error(st, err, "%s", what);
}
