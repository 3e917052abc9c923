/*
 * pacta/record.h - the record: participants, treaties, acts, armed-conflict
 * periods and group memberships, in memory.
 *
 * Ownership: a pacta_record owns every string and array it holds (copied on
 * add). Pointers read from it stay valid until pacta_record_free(). A
 * treaty's rules file is read with pacta_treaty_rules_json(), a copy the
 * caller frees (the record may hold it only as the treaty's fields). Callers
 * read the public arrays but never modify them; they change only through
 * the functions below. After the last add, call pacta_record_finish(), which
 * sorts acts by (treaty, participant, date, action) and builds the indexes;
 * adding after finish is allowed and requires another finish.
 */
#ifndef PACTA_RECORD_H
#define PACTA_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pacta/date.h"
#include "pacta/error.h"
#include "pacta/rules.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_participant_kind {
	PACTA_KIND_STATE = 0,       /* UN member state */
	PACTA_KIND_OBSERVER_STATE,  /* non-member observer state */
	PACTA_KIND_NON_MEMBER_STATE,/* Cook Islands, Niue */
	PACTA_KIND_FORMER_STATE,    /* needed by successions */
	PACTA_KIND_ORGANIZATION     /* the EU */
} pacta_participant_kind;

const char *pacta_kind_name(pacta_participant_kind kind);

typedef struct pacta_participant {
	char iso3[4];
	char iso2[3];
	const char *numeric;
	const char *name;            /* English short name */
	const char *depositary_name; /* as the depositary prints it */
	const char *aliases;         /* '|'-separated, or "" */
	pacta_participant_kind kind;
	pacta_day un_member_since;   /* or PACTA_DAY_NONE */
	const char *wikidata;
	const char *source_url;
	const char *note;
} pacta_participant;

typedef struct pacta_group_member {
	const char *group; /* "eu", "nato", "un-weog", ... */
	uint32_t participant;
	pacta_day from, to; /* [from, to); NONE/OPEN when unknown/ongoing */
	const char *source_url;
	const char *note;
} pacta_group_member;

/* The act vocabulary. The order of the enum is the order of acts on the same
 * day (a signature comes before a ratification deposited that day). */
typedef enum pacta_action {
	PACTA_ACT_ANNOUNCEMENT = 0,
	PACTA_ACT_GOVERNMENT_DECISION,
	PACTA_ACT_PARLIAMENT_APPROVAL,
	PACTA_ACT_HEAD_OF_STATE_SIGNATURE,
	PACTA_ACT_SIGNATURE,
	PACTA_ACT_DEFINITIVE_SIGNATURE, /* signature that itself binds */
	PACTA_ACT_RATIFICATION,
	PACTA_ACT_ACCEPTANCE,
	PACTA_ACT_APPROVAL,
	PACTA_ACT_ACCESSION,
	PACTA_ACT_SUCCESSION,
	PACTA_ACT_CONSENT,             /* notification of consent to be bound */
	PACTA_ACT_FORMAL_CONFIRMATION, /* organizations */
	PACTA_ACT_PROVISIONAL_APPLICATION,
	PACTA_ACT_RESERVATION,
	PACTA_ACT_DECLARATION,
	PACTA_ACT_TERRITORIAL_APPLICATION,
	PACTA_ACT_COMMUNICATION,
	PACTA_ACT_WITHDRAWAL,          /* date = receipt by the depositary */
	PACTA_ACT_REVOCATION,          /* cancels a consent not yet in force */
	PACTA_ACT_NON_INTENT,          /* a signatory will not become a party */
	PACTA_ACT_CEASED,              /* the participant ceased to exist */
	PACTA_ACT_SUSPENSION_CLAIM,
	PACTA_ACT_OBJECTION,           /* target = the participant objected to */
	/* Withdrawals of a reservation or declaration, in whole or in part:
	 * never a withdrawal from the treaty. */
	PACTA_ACT_RESERVATION_WITHDRAWAL,
	PACTA_ACT_DECLARATION_WITHDRAWAL,
	PACTA_ACT_TERRITORIAL_EXCLUSION, /* territory = the territory excluded */
	/* A notice terminating the state's provisional application (the
	 * Energy Charter Treaty's Art. 45(3)(a)); effective on its date. */
	PACTA_ACT_PROVISIONAL_APPLICATION_END,
	PACTA_ACT__COUNT
} pacta_action;

typedef enum pacta_action_class {
	PACTA_CLASS_DOMESTIC = 0, /* no legal effect of its own */
	PACTA_CLASS_SIGNATURE,
	PACTA_CLASS_CONSENT,
	PACTA_CLASS_DECLARATION,
	PACTA_CLASS_WITHDRAWAL,
	PACTA_CLASS_UNDOING,      /* revocation, non-intent, ceased: end a status */
	PACTA_CLASS_CLAIM         /* claims an effect the rules may not give */
} pacta_action_class;

const char *pacta_action_name(pacta_action action);
/* Parses the CSV/JSON name ("ratification"); false if unknown. */
bool pacta_action_parse(const char *name, pacta_action *out);
pacta_action_class pacta_action_class_of(pacta_action action);
/* "an instrument of ratification", "a notification of withdrawal", ... */
const char *pacta_action_phrase(pacta_action action);

/* Longest notification reference and territory name pacta takes. */
#define PACTA_NOTIFICATION_MAX 120
#define PACTA_TERRITORY_MAX 100

typedef struct pacta_act {
	/* The 32-bit fields first, then the pointers: no padding between
	 * them (88 bytes, the record's largest array). */
	uint32_t id;          /* the store's row id; 0 until stored */
	uint32_t treaty;      /* index into treaties */
	uint32_t participant; /* index into participants */
	pacta_action action;
	pacta_day date;       /* the act's date; receipt for notifications */
	pacta_day effective;  /* a stated effective date, or PACTA_DAY_NONE */
	int32_t target;       /* participant index, or -1 */
	pacta_day recorded;   /* record time: the day pacta learned of it */
	/* The day the depositary circulated its notification (below), or
	 * PACTA_DAY_NONE when the record does not have it. */
	pacta_day circulated;
	const char *source_url;
	const char *note;
	const char *origin;   /* "data/apmbc/acts.csv:12", "store:act 42" */
	/* What the depositary circulated: its notification's reference
	 * ("C.N.360.2025.TREATIES-XXVI.5"), or "" when the record does not
	 * have it. */
	const char *notification;
	/* The territory a territorial act names (ISO 3166-1 alpha-3 where it
	 * has one: "BES", "FLK"; else its name), or "". */
	const char *territory;
	/* The text of a declaration, reservation, objection or communication
	 * as the depositary publishes it, or "". */
	const char *text;
} pacta_act;

/* An armed-conflict period a participant is engaged in, [from, to). */
typedef struct pacta_conflict {
	uint32_t participant;
	pacta_day from, to;
	const char *source_url;
	const char *note;
	const char *origin;
} pacta_conflict;

/* What the record says about one state's obligation under one article:
 * see docs/record.md (obligations.csv). */
typedef enum pacta_obligation_event_kind {
	PACTA_OBL_APPLIES = 0,       /* the obligation applies; deadline = as stated */
	PACTA_OBL_EXTENSION_GRANTED, /* deadline = the new deadline */
	PACTA_OBL_COMPLETED,
	PACTA_OBL_MISSED,            /* a source says the deadline in force on
				      * that date had passed unmet */
	PACTA_OBL_NEW_CONTAMINATION, /* mined areas reported again: re-opens it */
	PACTA_OBL_RETAINED,          /* value = mines retained */
	PACTA_OBL_REPORT_SUBMITTED,  /* value = calendar year covered (annual reports) */
	PACTA_OBL_EXTENSION_REQUESTED, /* deadline = the deadline requested;
					* never moves the deadline */
	PACTA_OBL__COUNT
} pacta_obligation_event_kind;

const char *pacta_obligation_event_name(pacta_obligation_event_kind kind);
bool pacta_obligation_event_parse(const char *name, pacta_obligation_event_kind *out);

typedef struct pacta_obligation_event {
	uint32_t id;          /* the store's row id; 0 until stored */
	uint32_t treaty;
	uint32_t participant;
	char article[8];      /* an obligation rule's id: "5", "7.2" */
	pacta_obligation_event_kind kind;
	pacta_day date;       /* NONE only for `applies` */
	pacta_day deadline;   /* or NONE */
	long long value;      /* or -1 */
	const char *source_url;
	const char *note;
	const char *origin;
} pacta_obligation_event;

/* What a source states that the engine also computes: the depositary's
 * counts on a day, or a published entry-into-force date for one state.
 * `pacta check` reports every disagreement (see docs/record.md). */
typedef enum pacta_stated_kind {
	PACTA_STATED_PARTIES = 0,     /* value = parties on `date` */
	PACTA_STATED_SIGNATORIES,     /* value = signatories on `date` */
	PACTA_STATED_ENTRY_INTO_FORCE, /* `date` = in force for participant */
	PACTA_STATED_REPORT_RATE      /* a published share of annual reports:
				       * year, value = submitted, not_submitted,
				       * required, rate */
} pacta_stated_kind;

typedef struct pacta_stated {
	uint32_t treaty;
	pacta_stated_kind kind;
	int32_t participant;  /* for an entry into force; else -1 */
	pacta_day date;
	long long value;      /* for counts; else -1 */
	int year;             /* a report rate: the calendar year covered */
	long long not_submitted; /* a report rate: counted as missing, or -1 */
	long long required;   /* a report rate: its denominator, or -1 */
	int rate;             /* a report rate: whole percent, or -1 */
	const char *source_url;
	const char *note;
	const char *origin;   /* "apmbc/depositary-counts.csv:2" */
} pacta_stated;

/* The data files a treaty's rules file names, as paths relative to the
 * data directory: few treaties name any. */
typedef struct pacta_treaty_files {
	const char **record_files; /* its record files */
	size_t n_record_files;
	const char **obligation_files; /* its obligations files */
	size_t n_obligation_files;
	const char **stated_count_files; /* depositary counts (as_at,...) */
	size_t n_stated_count_files;
	const char **stated_eif_files;   /* published per-state dates */
	size_t n_stated_eif_files;
	const char **stated_report_rate_files; /* published reporting rates */
	size_t n_stated_report_rate_files;
} pacta_treaty_files;

typedef struct pacta_treaty {
	/* Its identity, its own whether or not it shares its clauses. */
	const char *id;    /* "apmbc" */
	const char *name;  /* short name, "Anti-Personnel Mine Ban Convention" */
	const char *title; /* full title */
	const char *adopted_place;   /* or NULL */
	const char *signature_place; /* or NULL */
	const char *source_url;
	pacta_day adopted;
	pacta_day signature_opened; /* or PACTA_DAY_NONE */
	/* The threshold of its entry into force (rules.entry_into_force's
	 * instruments: its own, or its shared clauses'; 0: only the states
	 * its rules require), and the date the depositary states for it
	 * (rules.entry_into_force's stated, which wins), or PACTA_DAY_NONE. */
	int entry_into_force_instruments;
	pacta_day entry_into_force_stated;
	/* The titles a source gives in the UN's languages ("titles"), in the
	 * order en, fr, es, ar, zh, ru; only those with a source: n_titles of
	 * them (at most PACTA_TITLE_LANGS), in the record's storage, or NULL
	 * when there are none. */
	const pacta_title *titles;
	size_t n_titles;
	/* Its final clauses, in the record's storage; never NULL on a treaty
	 * of a record. Treaties that name the same shared clauses point at
	 * the same rules (on a treaty series, 120 bytes a treaty rather than
	 * 600). */
	const pacta_rules *rules;
	/* The rules file's text as loaded, or NULL when it was exactly the
	 * canonical rendering of the treaty's own fields
	 * (pacta_treaty_own_render()), which is not kept: read the text with
	 * pacta_treaty_rules_json(), which gives it either way. */
	const char *rules_text;
	/* The name of the shared final clauses its rules file names
	 * ("clauses", see docs/rules.md), or NULL when it gives its own. */
	const char *clauses;
	const char *origin;     /* where it was loaded from */
	/* The files it names; never NULL (all empty for most treaties, which
	 * then share one empty set). */
	const pacta_treaty_files *files;
} pacta_treaty;

/* The title t has in lang ("fr"; "fr_CA" reads "fr"), or NULL. */
const pacta_title *pacta_treaty_title(const pacta_treaty *t, const char *lang);

struct pacta_record_index;

typedef struct pacta_record {
	pacta_participant *participants;
	size_t n_participants;
	pacta_group_member *groups;
	size_t n_groups;
	pacta_treaty *treaties;
	size_t n_treaties;
	pacta_act *acts;
	size_t n_acts;
	pacta_conflict *conflicts;
	size_t n_conflicts;
	pacta_obligation_event *obligation_events; /* in load order */
	size_t n_obligation_events;
	pacta_stated *stated;             /* in load order */
	size_t n_stated;
	struct pacta_record_index *index; /* private */
} pacta_record;

/* NULL on out-of-memory. */
pacta_record *pacta_record_new(void);
void pacta_record_free(pacta_record *rec);

/* Copies a string into the record's storage; the result lives as long as the
 * record. NULL in gives "" out; NULL on out-of-memory. */
const char *pacta_record_strdup(pacta_record *rec, const char *s);

/* Adders copy every string. */
pacta_rc pacta_record_add_participant(pacta_record *rec,
				      const pacta_participant *p,
				      pacta_error *err) PACTA_MUST_CHECK;
pacta_rc pacta_record_add_group_member(pacta_record *rec,
				       const pacta_group_member *g,
				       pacta_error *err) PACTA_MUST_CHECK;
/* Whether the depositary fields of act agree with its action and dates:
 * a circulation on or after the act's date, a territory only on a
 * territorial act (and there required), no control characters in the
 * notification reference or territory. On false, why (size bytes) says
 * which field and why, and *field names it. */
bool pacta_act_fields_ok(const pacta_act *act, const char **field, char *why, size_t size);

/* A hint from a loader that knows how many treaties and acts it will add
 * (a store, a file it has counted): room for that many more is made at
 * once, so adding them grows no array and rehashes no index, and the
 * record holds no room beyond them (the finish keeps a little spare for
 * writes only where an array had grown). Adding more than expected still
 * works; adding fewer leaves the room unused until the finish gives it
 * back. Where that room is 16 MiB or more, a thread of the record's
 * faults its pages in ahead of the adds (on a virtual machine the first
 * touch of fresh memory costs as much as the adds themselves); the
 * record ends it at the finish, at pacta_record_free(), and before the
 * arrays move (a child forked in between must not finish or free the
 * record: the thread is not its own). Only for a record no other version
 * shares
 * (PACTA_ERR_USAGE otherwise); PACTA_ERR_NOMEM when the room cannot be
 * had (the record is unchanged but for room already made). */
pacta_rc pacta_record_expect(pacta_record *rec, size_t treaties, size_t acts,
			     pacta_error *err) PACTA_MUST_CHECK;

/* Sets *act to an act with nothing stated: zero fields, no target, no
 * effective, circulation or record day. Fill in the rest, then add it. */
void pacta_act_init(pacta_act *act);
pacta_rc pacta_record_add_act(pacta_record *rec, const pacta_act *act,
			      pacta_error *err) PACTA_MUST_CHECK;
pacta_rc pacta_record_add_conflict(pacta_record *rec, const pacta_conflict *c,
				   pacta_error *err) PACTA_MUST_CHECK;
pacta_rc pacta_record_add_obligation_event(pacta_record *rec,
					   const pacta_obligation_event *e,
					   pacta_error *err) PACTA_MUST_CHECK;
pacta_rc pacta_record_add_stated(pacta_record *rec, const pacta_stated *s,
				 pacta_error *err) PACTA_MUST_CHECK;
/* Parses a rules file (JSON text) and adds the treaty; origin names it in
 * errors. */
pacta_rc pacta_record_add_treaty(pacta_record *rec, const char *json,
				 size_t len, const char *origin,
				 pacta_error *err) PACTA_MUST_CHECK;

/* Shared final clauses (docs/rules.md, "Shared clauses"): parses a clauses
 * file (JSON text: its name under "clauses", the depositary and a "rules"
 * object) once; every treaty whose rules file names it shares the parsed
 * clauses read-only. Add them before the treaties that name them. origin
 * names the file in errors; a name given twice is an error. */
pacta_rc pacta_record_add_clauses(pacta_record *rec, const char *json,
				  size_t len, const char *origin,
				  pacta_error *err) PACTA_MUST_CHECK;
/* How many shared clause sets the record holds, and the name and the text
 * (the clauses file, as loaded) of the i-th, in the order they were added;
 * both live as long as the record. */
size_t pacta_record_n_clauses(const pacta_record *rec);
const char *pacta_record_clauses_name(const pacta_record *rec, size_t i);
const char *pacta_record_clauses_json(const pacta_record *rec, size_t i);
const char *pacta_record_clauses_origin(const pacta_record *rec, size_t i);

/* What is a treaty's own when it takes shared clauses: the fields of its
 * rules file beside "clauses", already read (by the store, from its
 * columns), for pacta_record_add_treaty_own(). */
typedef struct pacta_treaty_own {
	const char *id;
	const char *name;
	const char *title;
	const char *clauses;      /* the shared clauses' name, added before */
	pacta_day adopted;
	pacta_day signature_opened; /* or PACTA_DAY_NONE */
	const char *source_url;
	/* rules.entry_into_force.instruments, or 0 for the clauses' own */
	int entry_into_force_instruments;
	pacta_day entry_into_force_stated; /* or PACTA_DAY_NONE */
	/* The rules file these fields were read from, the treaty's text
	 * (exports and the service give it out); the caller vouches that it
	 * says what the fields say. Kept unless it is exactly their
	 * canonical rendering (below). */
	const char *rules_json;
	size_t rules_json_len;
	const char *origin;
} pacta_treaty_own;

/* Adds a treaty that takes shared clauses without parsing its rules file:
 * each field is checked as the rules reader checks it (the same errors,
 * naming origin and the field). Copies every string. */
pacta_rc pacta_record_add_treaty_own(pacta_record *rec,
				     const pacta_treaty_own *own,
				     pacta_error *err) PACTA_MUST_CHECK;

/* The canonical rules file of a treaty that gives only its own fields
 * beside shared clauses: id, name, title, clauses, adopted.date,
 * opened_for_signature.date (left out when PACTA_DAY_NONE), source_url,
 * then rules.entry_into_force's instruments (when not 0) and stated (when
 * not PACTA_DAY_NONE), one key a line, indented by two (rules_json and
 * origin are not read). Whatever writes such files writes this text: a
 * record does not keep a treaty's rules file that is exactly it, and
 * renders it again when asked (pacta_treaty_rules_json()). A malloc'd
 * string the caller frees; NULL when a string field is NULL or on
 * out-of-memory. */
char *pacta_treaty_own_render(const pacta_treaty_own *own);

/* The text of the rules file of rec->treaties[treaty]: as it was loaded,
 * or rendered again from the treaty's fields when the record did not keep
 * it (the same bytes either way). A malloc'd copy the caller frees; NULL
 * on out-of-memory or when there is no such treaty. Safe to call from
 * several threads on a finished record. */
char *pacta_treaty_rules_json(const pacta_record *rec, size_t treaty);

/* Sorts the acts and builds the look-up indexes. */
pacta_rc pacta_record_finish(pacta_record *rec,
			     pacta_error *err) PACTA_MUST_CHECK;

/* Versions of a record. A finished record can be derived into a new version
 * (pacta_record_derive) that shares everything with it: participants,
 * treaties, strings and the acts buffer. Only acts can be added to it (and
 * only to the lineage's latest version, and only while the room made by
 * pacta_record_reserve() lasts: PACTA_ERR_LIMIT after); its finish gives
 * each treaty with new acts a new span of acts at the end of the shared
 * buffer, so the acts of every other treaty keep their indexes and the
 * version derived from sees exactly what it saw. A treaty's old span stays
 * in the buffer, dead: code that walks rec->acts[0..n_acts) whole skips the
 * acts pacta_record_act_live() says are dead; everything reached through
 * pacta_record_acts_of() and the compiled status is live.
 *
 * Every version, the first included, is freed by pacta_record_free(); the
 * shared arrays go with the last. Versions may be freed on any thread.
 * pacta_record_ref() adds a reference to a version (each is freed once
 * more). Only a record no other version shares can be given other rows. */
pacta_rc pacta_record_derive(pacta_record *base, pacta_record **out,
			     pacta_error *err) PACTA_MUST_CHECK;
/* Is rec finished and its lineage's latest version (can it be derived)? */
bool pacta_record_can_derive(const pacta_record *rec);
/* Room for `acts` more acts (and their pairs) in the buffers versions share,
 * made in a finished record that shares nothing yet. */
pacta_rc pacta_record_reserve(pacta_record *rec, size_t acts,
			      pacta_error *err) PACTA_MUST_CHECK;
/* How many acts can still be added to rec's buffers (a derived version's
 * finish needs room for the new acts twice and the touched treaties' acts
 * once more). */
size_t pacta_record_room(const pacta_record *rec);
pacta_record *pacta_record_ref(pacta_record *rec);
/* 0 for a record loaded or built, its parent's + 1 for a derived one. */
uint64_t pacta_record_version(const pacta_record *rec);
/* The treaties whose acts a derived version changed since it was derived
 * (in *treaties, valid while rec lives; a treaty may repeat); 0 for a root. */
size_t pacta_record_written(const pacta_record *rec, const uint32_t **treaties);
/* Is rec->acts[i] one of the acts rec holds, not a dead copy (above)? */
bool pacta_record_act_live(const pacta_record *rec, size_t i);

/* Look-ups (after finish). Return an index, or -1. */
int32_t pacta_record_participant_by_iso3(const pacta_record *rec,
					 const char *iso3);
int32_t pacta_record_treaty_by_id(const pacta_record *rec, const char *id);
/* The one participant whose name, depositary name or alias is exactly name
 * (case-insensitive; no codes, prefixes or fragments): its index, -1 when
 * none is, -2 when several are. For importers, which must not guess. */
int32_t pacta_record_participant_by_name(const pacta_record *rec,
					 const char *name);
/* Range [*first, *last) of acts of one participant under one treaty. */
void pacta_record_acts_of(const pacta_record *rec, uint32_t treaty,
			  uint32_t participant, size_t *first, size_t *last);
/* Range of one treaty's acts. */
void pacta_record_acts_of_treaty(const pacta_record *rec, uint32_t treaty,
				 size_t *first, size_t *last);

/* The other participants (former states aside) that have query as a whole
 * word of their name or depositary name, when query is a name (not an
 * alpha-3 code) that resolved to chosen: "Congo" chose Congo (COG), and
 * "Democratic Republic of the Congo (COD)" is also so named. Writes them,
 * comma-separated, into out (size bytes, cut when longer) and returns how
 * many there are. */
size_t pacta_record_names_also(const pacta_record *rec, const char *query, uint32_t chosen,
			       char *out, size_t size);

/* Finds a participant by ISO alpha-3 or alpha-2 code, name, depositary name
 * or alias, case-insensitively. PACTA_ERR_NOTFOUND or PACTA_ERR_AMBIGUOUS
 * (err lists the candidates) when there is not exactly one. */
pacta_rc pacta_record_resolve_participant(const pacta_record *rec,
					  const char *query, uint32_t *out,
					  pacta_error *err) PACTA_MUST_CHECK;

/* Is the participant in the group on day? */
bool pacta_record_in_group(const pacta_record *rec, uint32_t participant,
			   const char *group, pacta_day day);
bool pacta_record_group_exists(const pacta_record *rec, const char *group);

/* ---- Loading the bundled record (plain CSV + rules files) ---- */

/* The folder the installed record is in (PREFIX/share/pacta/data, fixed
 * when the library is built; `pkg-config --variable=datadir pacta` gives
 * the same), for pacta_record_load_dir(). A static string: the caller
 * neither frees nor changes it. The folder exists only once pacta is
 * installed. */
const char *pacta_data_dir(void);

/* Loads DIR/states.csv, DIR/groups.csv, DIR/armed-conflicts.csv,
 * DIR/treaties/(*).json and each treaty's record files into rec, then
 * finishes it. Errors name file:line. Nothing is checked beyond the format;
 * run pacta_record_check() for the record checks. */
pacta_rc pacta_record_load_dir(pacta_record *rec, const char *dir,
			       pacta_error *err) PACTA_MUST_CHECK;

/* Adds the stated facts (the files a rules file names under stated_counts,
 * stated_entry_into_force and stated_report_rates) of every treaty in rec,
 * read from DIR, to a record loaded from a database, which holds none:
 * what sources state is read from the data directory, never stored. A DIR
 * without a treaties directory adds nothing; a bad file adds nothing and
 * names file:line. */
pacta_rc pacta_record_load_stated(pacta_record *rec, const char *dir,
				  pacta_error *err) PACTA_MUST_CHECK;

/* Parses an acts CSV (columns state,action,date,effective,target,
 * source_url,note; optionally treaty) held in data[0..len) and adds its
 * acts. treaty is the default treaty index, or -1 to require a treaty
 * column. name is used in file:line errors. recorded is the record time
 * given to every act. On error, rec is left as it was. */
pacta_rc pacta_record_load_acts_csv(pacta_record *rec, int32_t treaty,
				    const char *data, size_t len,
				    const char *name, pacta_day recorded,
				    pacta_error *err) PACTA_MUST_CHECK;

typedef struct pacta_diags pacta_diags; /* below, with the record checks */

/* The most bad rows pacta_record_load_acts_csv_all() lists one by one. */
#define PACTA_IMPORT_MAX_ROW_PROBLEMS 50

/* As pacta_record_load_acts_csv(), but a bad row does not stop the
 * reading: each is appended to problems (where: "name:line"; the message
 * says which column and why), up to PACTA_IMPORT_MAX_ROW_PROBLEMS, then one
 * more problem counts the rest ("and N more bad rows"). With any bad row,
 * PACTA_ERR_PARSE and rec is left as it was (no act added). A file that
 * cannot be read as CSV at all, or a bad header, stops at once. The
 * problems' where strings live in rec; free the list with
 * pacta_diags_free(). */
pacta_rc pacta_record_load_acts_csv_all(pacta_record *rec, int32_t treaty,
					const char *data, size_t len,
					const char *name, pacta_day recorded,
					pacta_diags *problems,
					pacta_error *err) PACTA_MUST_CHECK;

/* Parses an obligations CSV (columns state,article,event,date,deadline,
 * value,source_url,note) for treaty and adds its events; all or nothing.
 * Every article must be one of the treaty's obligation ids. */
pacta_rc pacta_record_load_obligations_csv(pacta_record *rec, uint32_t treaty,
					   const char *data, size_t len,
					   const char *name,
					   pacta_error *err) PACTA_MUST_CHECK;

/* ---- Record checks ---- */

/* One problem. act and other are indexes into the record's acts, valid
 * until the record next changes (an add or a finish); two problems are the
 * same problem when they have the same check and the same acts, whatever
 * their messages say. */
typedef struct pacta_diag {
	const char *where; /* the act's origin ("file:line") */
	unsigned check;    /* which check found it (a number private to check.c) */
	int32_t act;       /* the act it is about, or -1 */
	int32_t other;     /* the earlier act it contradicts, or -1 */
	char message[400];
} pacta_diag;

typedef struct pacta_diags {
	pacta_diag *items;
	size_t n, cap;
} pacta_diags;

void pacta_diags_free(pacta_diags *d);

/* Checks the record against each treaty's rules and appends one diagnostic
 * per problem to out: acts before adoption or before signature opened,
 * signature after it closed, consent instruments that need a signature the
 * state never made, accession by a signatory where the treaty reserves it
 * for non-signatories, reservations a treaty forbids, acts by a withdrawn
 * state other than a new consent, duplicate or contradictory acts,
 * objections without a target, conflicts with from >= to. Acts are read
 * in date order: a problem is located at the later act and, when it
 * contradicts an earlier one, names that act too (diag.other). Returns the
 * number of problems found, or -1 on out-of-memory. */
long pacta_record_check(const pacta_record *rec, pacta_diags *out);

/* The same checks of acts for the treaties treaties[0..n) (indexes, in
 * the order their problems are wanted; one past the record's treaties is
 * passed over); armed-conflict periods are not checked. A write checks
 * only what its acts can change (see pacta/import.h), so the cost follows
 * the treaties listed, not the record's. (Until 2026-12-07 it took a flag
 * per treaty of the record.) Returns the number of problems found, or -1
 * on out-of-memory. */
long pacta_record_check_treaties(const pacta_record *rec, const uint32_t *treaties, size_t n,
				 pacta_diags *out);

/* Compares the record with what its sources state and appends one
 * diagnostic per disagreement: a treaty's entry-into-force date stated in
 * its rules file against the one its threshold computes, the depositary's
 * counts against the counted rows, published per-state entry-into-force
 * dates against the computed ones. These are findings to read, not errors:
 * the record stays usable. Returns the number found, or -1 on
 * out-of-memory. */
long pacta_record_discrepancies(const pacta_record *rec, pacta_diags *out);

#ifdef __cplusplus
}
#endif

#endif
