/*
 * csv.h - RFC 4180 reading and writing, bounded, with line numbers.
 *
 * The reader works on a caller-owned buffer holding a whole file, which
 * must outlive the spans it hands out (csv_reader_next_spans). It accepts
 * LF and CRLF line ends, quoted fields with "" escapes and embedded newlines,
 * and reports the physical line a record starts on. It rejects, with
 * "name:line: why": invalid UTF-8, NUL bytes, a quote inside an unquoted
 * field, an unterminated quoted field, a field longer than CSV_MAX_FIELD,
 * more than CSV_MAX_FIELDS fields. It never modifies the input buffer.
 *
 * The writer quotes where RFC 4180 needs it and, when asked, neutralises
 * spreadsheet formulas (a cell starting with = + - @ TAB CR gets a leading
 * apostrophe) so exports cannot run code in a spreadsheet.
 */
#ifndef PACTA_CSV_H
#define PACTA_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "pacta/error.h"

#define CSV_MAX_FIELD (64 * 1024)
#define CSV_MAX_FIELDS 64

typedef struct csv_reader csv_reader;

typedef struct csv_row {
	size_t n;            /* number of fields */
	const char **fields; /* NUL-terminated, unescaped; valid until next call */
	long line;           /* 1-based line where the record starts */
} csv_row;

/* A reader over data[0..len); name is used in error messages (copied).
 * Returns NULL on out-of-memory. Free with csv_reader_free. */
csv_reader *csv_reader_new(const char *data, size_t len, const char *name);
void csv_reader_free(csv_reader *r);

/* Reads the next record into *row. Returns 1 for a record, 0 at end of
 * input, -1 on error (err filled, err->where = "name:line"). A blank line
 * (no bytes) is skipped. */
int csv_reader_next(csv_reader *r, csv_row *row, pacta_error *err);

/* One field as a span: len bytes at p, not NUL-terminated. p points into
 * the reader's input, or, for a quoted field that held a "", into the
 * reader's own unescaped copy. */
typedef struct csv_span {
	const char *p;
	size_t len;
} csv_span;

typedef struct csv_spans {
	size_t n;		/* number of fields */
	const csv_span *fields; /* valid until the next call and while the input lives;
				 * fields[n] is an empty span, so that a caller may
				 * read a column a file lacks as field n */
	long line;		/* 1-based line where the record starts */
} csv_spans;

/* As csv_reader_next, with the same checks and errors, without copying
 * the fields: the cheap way through a large file. The two may be mixed on
 * one reader (a header by csv_reader_next, the rows by this). */
int csv_reader_next_spans(csv_reader *r, csv_spans *row, pacta_error *err);

/* Column index of name in a header row, or -1. */
int csv_row_find(const csv_row *header, const char *name);

/* Writes one field, quoted if needed (comma, quote, CR, LF, leading/trailing
 * space). With formula_safe, prefixes ' to cells a spreadsheet would
 * evaluate. NULL writes an empty field. */
void csv_write_field(FILE *out, const char *field, bool formula_safe);

/* Length of the valid UTF-8 sequence at p (at most avail > 0 bytes), or 0
 * if none starts there (overlong forms, surrogates, above U+10FFFF). */
size_t csv_utf8_len(const unsigned char *p, size_t avail);

/* Reads a whole file into a NUL-terminated malloc'd buffer (caller frees).
 * Refuses files over max_bytes with PACTA_ERR_LIMIT. */
pacta_rc csv_slurp(const char *path, size_t max_bytes, char **out,
		   size_t *len, pacta_error *err) PACTA_MUST_CHECK;

#endif
