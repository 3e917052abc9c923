/*
 * pacta/error.h - result codes and the caller-provided error detail.
 *
 * Functions that act return pacta_rc (PACTA_OK = 0). Detail goes into a
 * pacta_error the caller owns (like jansson's json_error_t): where the problem
 * is ("file:line", "field", or "") and why, in one sentence. There is no
 * global error state.
 */
#ifndef PACTA_ERROR_H
#define PACTA_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PACTA_MUST_CHECK __attribute__((warn_unused_result))
#define PACTA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PACTA_MUST_CHECK
#define PACTA_PRINTF(f, a)
#endif

typedef enum pacta_rc {
	PACTA_OK = 0,
	PACTA_ERR_NOMEM,     /* an allocation failed */
	PACTA_ERR_IO,        /* a file could not be read or written */
	PACTA_ERR_PARSE,     /* malformed input (CSV, JSON, date, rules) */
	PACTA_ERR_CHECK,     /* well-formed input that breaks a record check */
	PACTA_ERR_NOTFOUND,  /* unknown treaty, state, or no answer */
	PACTA_ERR_AMBIGUOUS, /* a name that matches more than one participant */
	PACTA_ERR_DB,        /* the database refused or is not a pacta database */
	PACTA_ERR_LIMIT,     /* input over a size, count or depth bound */
	PACTA_ERR_USAGE,     /* a caller passed arguments that make no sense */
	PACTA_ERR_BUSY,      /* another process holds the database's write lock */
	PACTA_ERR_STORAGE,   /* the database file could not be read or written:
				an I/O error, a full disk, a read-only file */
	PACTA_ERR_INTEGRITY  /* the database is damaged, or was changed outside
				pacta: its hash chain or SQLite's checks fail */
} pacta_rc;

typedef struct pacta_error {
	pacta_rc code;
	char where[256];   /* "file:line", "file:line: field", a field name, or "" */
	char message[512]; /* one sentence, no trailing newline */
} pacta_error;

/* Fills err (if not NULL) and returns code, so callers can
 * `return pacta_error_set(err, PACTA_ERR_PARSE, where, "...")`. */
pacta_rc pacta_error_set(pacta_error *err, pacta_rc code, const char *where,
			 const char *fmt, ...) PACTA_PRINTF(4, 5);

/* A short English name of a code ("out of memory", "parse error", ...). */
const char *pacta_rc_name(pacta_rc code);

#ifdef __cplusplus
}
#endif

#endif
