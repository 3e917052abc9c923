/*
 * cli.h - what the pacta command's parts share: parsed options, the opened
 * record, output helpers. The CLI parses, calls the library and formats; it
 * holds no treaty law.
 */
#ifndef PACTA_CLI_H
#define PACTA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "pacta/explain.h"
#include "pacta/lang.h"
#include "pacta/names.h"
#include "pacta/record.h"
#include "pacta/report.h"
#include "pacta/status.h"
#include "pacta/store.h"
#include "pacta/untc.h"

/* The version, for --version and the User-Agent of fetches. */
#define PACTA_VERSION "0.1.0"

/* Exit codes (documented in pacta(1) and the README). */
enum {
	EXIT_OK = 0,
	EXIT_NOTFOUND = 1,  /* not found / no answer */
	EXIT_USAGE = 2,
	EXIT_BADDATA = 3,   /* bad data: refused input, a file that is not a
			       pacta database, other file trouble */
	EXIT_INTEGRITY = 4, /* the database is damaged or was altered outside
			       pacta: nothing is answered from it */
	EXIT_BUSY = 5,	    /* another process holds the database's write lock */
	EXIT_STORAGE = 6,   /* the database could not be read or written: an I/O
			       error, a full disk, a read-only file */
	EXIT_FETCH = 7,	    /* update: a page could not be fetched */
	EXIT_PROPOSED = 10  /* update: proposals wait for review */
};

typedef enum out_format { OUT_TABLE = 0, OUT_JSON, OUT_CSV } out_format;

#define CLI_MAX_ARGS 64

typedef struct cli {
	const char *prog;
	const char *command;
	const char *args[CLI_MAX_ARGS]; /* positional arguments after the command */
	int n_args;
	const char *db_path;
	const char *data_dir;
	out_format format;
	pacta_day on;        /* --on, default today */
	bool on_given;
	const char *from_arg, *to_arg; /* --from/--to as given */
	pacta_day from, to;  /* --from/--to as dates, where a command takes them */
	const char *unit;    /* --unit (panel, counts) */
	const char *rule;    /* --rule (panel) */
	const char *state;   /* --state (panel, feed): ISO codes, comma-separated */
	const char *feed_format; /* --format (feed) */
	const char *datapackage; /* --datapackage DIR (export) */
	bool ndjson;
	bool all_states;
	const char *group;
	const char *treaty;
	const char *source;
	const char *effective;
	const char *target;
	const char *note;
	const char *notification; /* --notification: the depositary's reference */
	const char *circulated;   /* --circulated: the day it was circulated */
	const char *territory;    /* --territory */
	const char *text;         /* --text: a declaration's text */
	const char *why;
	const char *lang_tag; /* --lang */
	pacta_lang *lang;     /* the answers' language (cli_lang) */
	pacta_names *names;   /* the names file, once read (cli_names) */
	bool names_tried;
	const char *date;    /* correct: the corrected date */
	const char *action;  /* correct: the corrected action */
	/* --as-recorded: the record as it stood then (NULL: now) */
	const char *as_recorded;
	char as_recorded_buf[PACTA_STAMP_BUFSZ];
	const char *port;
	const char *bind;
	const char *public_url; /* serve --public-url */
	const char *threads;
	const char *out;     /* --out FILE */
	const char *dir;     /* --dir DIR (new-treaty) */
	const char *year;    /* --year (reports) */
	/* update: where and how the pages are fetched */
	const char *from_file;	     /* --from-file PAGE */
	const char *url;	     /* --url URL */
	const char *timeout;	     /* --timeout SECONDS */
	const char *connect_timeout; /* --connect-timeout SECONDS */
	const char *max_bytes;	     /* --max-bytes N */
	const char *retries;	     /* --retries N */
	const char *retry_wait;	     /* --retry-wait SECONDS */
	const char *secret;	     /* webhook --secret */
	const char *update_every;    /* serve --update-every 6h */
	bool all;		     /* review list --all */
	bool review;		     /* feed --review */
	bool force;
	bool dry_run;
	bool allow_future; /* --allow-future: writes accept acts dated after today */
	bool notifications; /* check --notifications: list acts without one */
	bool help;
	bool trust; /* --trust: answer from a record that fails its check */
	bool writing;	 /* the command writes: the store is opened read-write */
	bool db_default; /* no --db, no PACTA_DB: the default location */
	bool db_from_env; /* the path came from PACTA_DB */
	/* opened lazily */
	char db_buf[4096];
	char data_buf[4096];
	pacta_store *store;
	pacta_record *rec;
} cli;

typedef struct cli_command {
	const char *name;
	const char *usage;
	const char *summary;
	const char *help; /* the options and what it prints */
	int (*run)(cli *c);
} cli_command;

/* Prints "pacta: where: message" on stderr and returns the exit code for
 * err->code. */
int cli_fail(const cli *c, const pacta_error *err);
int cli_usage(const cli *c, const char *fmt, ...) PACTA_PRINTF(2, 3);
/* Prints "pacta: DIR/WHERE: MESSAGE" on stderr (DIR may be NULL, WHERE
 * ""), the library's message in the answers' language where a catalogue
 * has it. */
void cli_say(const cli *c, const char *dir, const char *where, const char *message);

/* Opens the database and loads the record: read-only unless c->writing.
 * A missing database is created from the bundled record only at the
 * default location; a missing --db or PACTA_DB path is an error (exit 1)
 * that says how to create it (pacta --db PATH init). */
int cli_open(cli *c);
/* cli_open() without loading the record: the database created (at the
 * default location) or upgraded as cli_open() would, then opened into
 * c->store. For the service, which checks and loads the record on
 * connections of its own. */
int cli_open_store(cli *c);
/* Creates (or with force, replaces) the database from the bundled record. */
int cli_init_store(cli *c, bool force);
const char *cli_data_dir(cli *c);
/* Loads the bundled record (cli_data_dir) and runs the record checks,
 * printing each problem as dir/file:line: message on `problems`. */
int cli_load_bundled(cli *c, pacta_record **out, FILE *problems);
/* Who is writing, for the history: $PACTA_USER, $USER, or "pacta". */
const char *cli_who(void);
const char *cli_db_path(cli *c);
/* Resolves a treaty id; prints the error itself. */
int cli_treaty(cli *c, const char *id, uint32_t *out);
int cli_state(cli *c, const char *query, uint32_t *out);
int cli_compile(cli *c, uint32_t treaty, pacta_treaty_status **out);

/* Import flags from the options (--allow-future). */
unsigned cli_import_flags(const cli *c);
/* Prints the problems of a checked write and frees them; the exit code
 * for rc (EXIT_OK when PACTA_OK). */
int cli_report_import(cli *c, pacta_rc rc, pacta_diags *problems, pacta_error *err);
/* What a UNTC page said that pacta could not read, and its counts, on
 * stderr, each line starting "pacta: path: ". */
void cli_untc_report(const char *path, const pacta_untc_page *pg);

/* Output helpers. */
void out_csv_row(FILE *f, const char *const *fields, size_t n);
/* "C.N.361.2025.TREATIES-XXVI.5 (circulated 2025-07-03), " for an act
 * whose notification the record has, else "": the reference a lawyer
 * cites, put before the act's source. */
void notification_label(const pacta_act *a, char *out, size_t size);

/* Prints text wrapped at width, each line prefixed by indent (the first
 * line by first). */
void out_wrap(FILE *f, const char *text, const char *first, const char *indent, int width);
/* s padded or cut to width characters (UTF-8 aware) in buf; returns buf. */
char *out_pad(char *buf, size_t size, const char *s, int width);
/* How many characters the UTF-8 string s has. */
int out_width(const char *s);

/* The language of the answers: --lang, else the locale the environment
 * names (LC_ALL, LC_MESSAGES, LANG, then LANGUAGE's list), English for C
 * and POSIX. Made by main() before the command runs. */
int cli_lang(cli *c);
/* Where the message catalogues are: $PACTA_LOCALEDIR, else beside the
 * program (the build tree's po/, PREFIX/share/locale), else the library's
 * installed ones. A static string. */
const char *cli_locale_dir(void);
/* The names file next to the program or installed (NULL when there is
 * none: names are then the record's own). */
const pacta_names *cli_names(cli *c);
/* p's name in the answers' language, else the record's. */
const char *cli_name(cli *c, const pacta_participant *p);
/* msgid in the answers' language. */
const char *cli_tr(const cli *c, const char *msgid) PACTA_FORMAT_ARG(2);
/* "party, withdrawal pending" etc. */
const char *out_status_label(pacta_status s, bool provisional);
int out_json(char *json); /* prints and frees; EXIT_BADDATA on NULL */
/* Writes data[0..len) to path through path.tmp and a rename, so that a
 * failed write never leaves half a file where a good one was; prints the
 * error itself. */
int out_write_file(const char *path, const char *data, size_t len);

/* Commands. */
int cmd_status(cli *c);
int cmd_parties(cli *c);
int cmd_timeline(cli *c);
int cmd_explain(cli *c);
int cmd_diff(cli *c);
int cmd_summary(cli *c);
int cmd_profile(cli *c);
int cmd_treaties(cli *c);
int cmd_states(cli *c);
int cmd_init(cli *c);
int cmd_import(cli *c);
int cmd_import_untc(cli *c);
int cmd_record(cli *c);
int cmd_check(cli *c);
int cmd_history(cli *c);
int cmd_verify(cli *c);
int cmd_correct(cli *c);
/* Refuses --as-recorded and --trust for a command that writes
 * (EXIT_USAGE), else EXIT_OK. */
int cli_writes_now(const cli *c);
/* cli_writes_now(), then cli_open(): the start of every command that adds
 * to the record. */
int cli_open_for_writing(cli *c);
int cmd_obligations(cli *c);
int cmd_deadlines(cli *c);
int cmd_overdue(cli *c);
int cmd_reports(cli *c);
int cmd_declarations(cli *c);
/* --territory: whether the treaty ts applies to c->territory of state p on
 * c->on, as text or (json) JSON. */
int territory_answer(cli *c, pacta_treaty_status *ts, uint32_t p, bool json);
int cmd_calendar(cli *c);
int cmd_serve(cli *c);
int cmd_token(cli *c);
int cmd_panel(cli *c);
int cmd_counts(cli *c);
int cmd_feed(cli *c);
int cmd_export(cli *c);
int cmd_map(cli *c);
int cmd_new_treaty(cli *c);
int cmd_update(cli *c);
int cmd_review(cli *c);
int cmd_webhook(cli *c);

#endif
