/*
 * csv.c - a bounded RFC 4180 reader and writer.
 *
 * The reader walks a caller-owned buffer byte by byte and copies each
 * record's unescaped fields into one buffer of its own, so it never writes
 * to the input and never needs it to be NUL-terminated. Every byte is
 * checked as it is read: NUL bytes and invalid UTF-8 (overlong forms,
 * surrogates, stray continuation bytes, truncated sequences, code points
 * above U+10FFFF) are errors that name the physical line and byte column.
 * Field length and field count are bounded by CSV_MAX_FIELD and
 * CSV_MAX_FIELDS, so one record never holds more than about 4 MiB.
 *
 * Conventions beyond csv.h:
 *  - A UTF-8 byte order mark at the very start of the data is skipped
 *    (spreadsheets write one), so header lookups see the real first name.
 *  - A CR that is not followed by LF outside a quoted field is an error;
 *    inside a quoted field CR and LF are kept as they are.
 *  - After an error the reader stays failed: later calls return -1 with the
 *    same error.
 *
 * This module must never abort, print, or modify the input buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct csv_reader {
	const char *data;
	size_t len;
	size_t pos;	   /* next byte to read */
	long line;	   /* physical line of data[pos], 1-based */
	size_t line_start; /* offset of the first byte of that line */
	char *name;

	char *buf; /* the current record's fields, each NUL-terminated */
	size_t used;
	size_t cap;
	size_t field_start; /* offset in buf of the field being read */
	size_t off[CSV_MAX_FIELDS];
	const char *fields[CSV_MAX_FIELDS];

	bool failed;
	pacta_error error; /* the error that failed the reader */
};

csv_reader *csv_reader_new(const char *data, size_t len, const char *name)
{
	csv_reader *r;
	size_t nlen;

	if (!name)
		name = "";
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	nlen = strlen(name);
	r->name = malloc(nlen + 1);
	if (!r->name) {
		free(r);
		return NULL;
	}
	memcpy(r->name, name, nlen + 1);
	r->data = data;
	r->len = data ? len : 0;
	r->line = 1;
	if (r->len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	return r;
}

void csv_reader_free(csv_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r->name);
	free(r);
}

/* Records the reader's error at line and fails the reader. */
static int fail(csv_reader *r, long line, pacta_rc code, const char *fmt, ...) PACTA_PRINTF(4, 5);

static int fail(csv_reader *r, long line, pacta_rc code, const char *fmt, ...)
{
	va_list ap;

	r->error.code = code;
	snprintf(r->error.where, sizeof(r->error.where), "%s:%ld", r->name, line);
	va_start(ap, fmt);
	if (vsnprintf(r->error.message, sizeof(r->error.message), fmt, ap) < 0)
		r->error.message[0] = '\0';
	va_end(ap);
	r->failed = true;
	return -1;
}

static size_t column(const csv_reader *r)
{
	return r->pos - r->line_start + 1;
}

/* Appends n bytes to the record buffer, growing it. */
static int append_raw(csv_reader *r, const char *p, size_t n)
{
	if (r->used + n > r->cap) {
		size_t cap = r->cap ? r->cap : 256;
		char *nb;

		while (cap < r->used + n)
			cap *= 2;
		nb = realloc(r->buf, cap);
		if (!nb)
			return fail(r, r->line, PACTA_ERR_NOMEM, "out of memory");
		r->buf = nb;
		r->cap = cap;
	}
	memcpy(r->buf + r->used, p, n);
	r->used += n;
	return 0;
}

/* Appends n bytes to the field being read, within CSV_MAX_FIELD. */
static int append(csv_reader *r, const char *p, size_t n)
{
	if (r->used - r->field_start + n > CSV_MAX_FIELD)
		return fail(r, r->line, PACTA_ERR_LIMIT, "field longer than %d bytes",
			    CSV_MAX_FIELD);
	return append_raw(r, p, n);
}

/* Length of the valid UTF-8 sequence at p (at most avail bytes), or 0.
 * Unicode 15, table 3-7: this rejects overlong forms (C0, C1, E0 80..9F,
 * F0 80..8F), surrogates (ED A0..BF), and anything above U+10FFFF. */
size_t csv_utf8_len(const unsigned char *p, size_t avail)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (p[0] == 0xE0)
		lo = 0xA0;
	else if (p[0] == 0xED)
		hi = 0x9F;
	else if (p[0] == 0xF0)
		lo = 0x90;
	else if (p[0] == 0xF4)
		hi = 0x8F;
	if (avail < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xBF)
			return 0;
	return n;
}

/* Copies one character (a byte or a whole UTF-8 sequence) into the field. */
static int take_char(csv_reader *r)
{
	const unsigned char *p = (const unsigned char *)r->data + r->pos;
	size_t n;

	if (p[0] == 0)
		return fail(r, r->line, PACTA_ERR_PARSE, "NUL byte at column %zu", column(r));
	n = csv_utf8_len(p, r->len - r->pos);
	if (n == 0)
		return fail(r, r->line, PACTA_ERR_PARSE,
			    "invalid UTF-8 (byte 0x%02x at column %zu)", p[0], column(r));
	if (append(r, r->data + r->pos, n) < 0)
		return -1;
	r->pos += n;
	return 0;
}

/* Copies the run of plain ASCII bytes at pos (none of NUL, the quote, the
 * comma, CR, LF, or a byte of a multi-byte character, which take_char()
 * checks) into the field at once: most of a record file is such runs, and
 * a byte at a time cost more than the rest of reading an act. With quoted,
 * a comma and a CR belong to the run. */
static int take_run(csv_reader *r, bool quoted)
{
	const unsigned char *p = (const unsigned char *)r->data;
	size_t start = r->pos, i = start;
	for (; i < r->len; i++) {
		unsigned char c = p[i];
		if ((unsigned)(c - 0x2D) < 0x80 - 0x2D) /* '-' to DEL: no stop among them */
			continue;
		if (c >= 0x80 || c == 0 || c == '"' || c == '\n' ||
		    (!quoted && (c == ',' || c == '\r')))
			break;
	}
	if (i == start)
		return 0;
	if (append(r, r->data + start, i - start) < 0)
		return -1;
	r->pos = i;
	return 0;
}

static void newline(csv_reader *r, size_t width)
{
	r->pos += width;
	r->line++;
	r->line_start = r->pos;
}

/* Width of the line end at pos (1 for LF, 2 for CRLF), or 0. */
static size_t line_end(const csv_reader *r)
{
	if (r->pos < r->len && r->data[r->pos] == '\n')
		return 1;
	if (r->pos + 1 < r->len && r->data[r->pos] == '\r' && r->data[r->pos + 1] == '\n')
		return 2;
	return 0;
}

enum field_end { FIELD_NEXT, RECORD_END };

/* Reads a quoted field; pos is at the opening quote. */
static int read_quoted(csv_reader *r, enum field_end *end)
{
	long start = r->line;
	size_t w;

	r->pos++;
	for (;;) {
		if (take_run(r, true) < 0)
			return -1;
		if (r->pos >= r->len)
			return fail(r, start, PACTA_ERR_PARSE, "unterminated quoted field");
		if (r->data[r->pos] == '"') {
			if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
				if (append(r, "\"", 1) < 0)
					return -1;
				r->pos += 2;
				continue;
			}
			r->pos++;
			break;
		}
		if (r->data[r->pos] == '\n') {
			if (append(r, "\n", 1) < 0)
				return -1;
			newline(r, 1);
			continue;
		}
		if (take_char(r) < 0)
			return -1;
	}
	if (r->pos >= r->len) {
		*end = RECORD_END;
		return 0;
	}
	if (r->data[r->pos] == ',') {
		r->pos++;
		*end = FIELD_NEXT;
		return 0;
	}
	w = line_end(r);
	if (w) {
		newline(r, w);
		*end = RECORD_END;
		return 0;
	}
	return fail(r, r->line, PACTA_ERR_PARSE, "character after closing quote at column %zu",
		    column(r));
}

/* Reads an unquoted field; pos is at its first byte (or at the end). */
static int read_plain(csv_reader *r, enum field_end *end)
{
	size_t w;

	for (;;) {
		if (take_run(r, false) < 0)
			return -1;
		if (r->pos >= r->len) {
			*end = RECORD_END;
			return 0;
		}
		switch (r->data[r->pos]) {
		case ',':
			r->pos++;
			*end = FIELD_NEXT;
			return 0;
		case '"':
			return fail(r, r->line, PACTA_ERR_PARSE,
				    "quote in unquoted field at column %zu", column(r));
		case '\n':
		case '\r':
			w = line_end(r);
			if (!w)
				return fail(r, r->line, PACTA_ERR_PARSE,
					    "carriage return without line feed at column %zu",
					    column(r));
			newline(r, w);
			*end = RECORD_END;
			return 0;
		default:
			if (take_char(r) < 0)
				return -1;
		}
	}
}

int csv_reader_next(csv_reader *r, csv_row *row, pacta_error *err)
{
	enum field_end end = FIELD_NEXT;
	size_t n = 0, w;
	long start;
	int rc;

	if (!r || !row) {
		pacta_error_set(err, PACTA_ERR_USAGE, "",
				"csv_reader_next needs a reader and a row");
		return -1;
	}
	if (r->failed)
		goto failed;

	/* Blank lines (a line end and nothing else) are not records. */
	while ((w = line_end(r)) != 0)
		newline(r, w);
	if (r->pos >= r->len)
		return 0;

	start = r->line;
	r->used = 0;
	while (end == FIELD_NEXT) {
		if (n == CSV_MAX_FIELDS) {
			fail(r, r->line, PACTA_ERR_LIMIT, "more than %d fields", CSV_MAX_FIELDS);
			goto failed;
		}
		r->field_start = r->used;
		r->off[n] = r->used;
		if (r->pos < r->len && r->data[r->pos] == '"')
			rc = read_quoted(r, &end);
		else
			rc = read_plain(r, &end);
		if (rc < 0)
			goto failed;
		/* The NUL is not part of the field, so it may pass the bound. */
		if (append_raw(r, "", 1) < 0)
			goto failed;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		r->fields[i] = r->buf + r->off[i];
	row->n = n;
	row->fields = r->fields;
	row->line = start;
	return 1;

failed:
	if (err)
		*err = r->error;
	return -1;
}

int csv_row_find(const csv_row *header, const char *name)
{
	if (!header || !name)
		return -1;
	for (size_t i = 0; i < header->n; i++)
		if (strcmp(header->fields[i], name) == 0)
			return (int)i;
	return -1;
}

static bool formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void csv_write_field(FILE *out, const char *field, bool formula_safe)
{
	bool guard, quote;
	size_t len;
	char first, last;

	if (!out || !field || !field[0])
		return;
	len = strlen(field);
	guard = formula_safe && formula_start(field[0]);
	first = guard ? '\'' : field[0];
	last = field[len - 1];
	quote = strpbrk(field, ",\"\r\n") != NULL || first == ' ' || first == '\t' || last == ' ' ||
		last == '\t';

	if (quote)
		fputc('"', out);
	if (guard)
		fputc('\'', out);
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	if (quote)
		fputc('"', out);
}

pacta_rc csv_slurp(const char *path, size_t max_bytes, char **out, size_t *len, pacta_error *err)
{
	FILE *f = NULL;
	char *buf = NULL, *nb;
	size_t used = 0, cap = 0, want, got;
	pacta_rc rc = PACTA_OK;

	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!path || !out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "csv_slurp needs a path and out");

	f = fopen(path, "rb");
	if (!f)
		return pacta_error_set(err, PACTA_ERR_IO, path, "cannot open: %s", strerror(errno));

	for (;;) {
		/* Keep room for one byte past the limit, to notice going over
		 * it, and for the terminating NUL. */
		if (cap - used < 2) {
			size_t ncap = cap ? cap * 2 : 64 * 1024;

			if (max_bytes < SIZE_MAX - 2 && ncap > max_bytes + 2)
				ncap = max_bytes + 2;
			if (cap > SIZE_MAX / 2 || ncap <= cap) {
				rc = pacta_error_set(err, PACTA_ERR_LIMIT, path,
						     "file is larger than %zu bytes", max_bytes);
				goto out;
			}
			nb = realloc(buf, ncap);
			if (!nb) {
				rc = pacta_error_set(err, PACTA_ERR_NOMEM, path, "out of memory");
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		want = cap - used - 1;
		got = fread(buf + used, 1, want, f);
		used += got;
		if (used > max_bytes) {
			rc = pacta_error_set(err, PACTA_ERR_LIMIT, path,
					     "file is larger than %zu bytes", max_bytes);
			goto out;
		}
		if (got < want) {
			if (ferror(f)) {
				rc = pacta_error_set(err, PACTA_ERR_IO, path, "read error: %s",
						     strerror(errno));
				goto out;
			}
			break;
		}
	}
	buf[used] = '\0';
	*out = buf;
	buf = NULL;
	if (len)
		*len = used;
out:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}
