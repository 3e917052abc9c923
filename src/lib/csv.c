/*
 * csv.c - a bounded RFC 4180 reader and writer.
 *
 * The reader walks a caller-owned buffer and hands each field out as a
 * span of it: only a quoted field holding a "" is copied, unescaped, into a
 * buffer of the reader's own, so it never writes to the input and never
 * needs it to be NUL-terminated (csv_reader_next copies the spans into
 * C strings). Plain runs are skipped a word at a time; every byte that
 * could be special is checked: NUL bytes and invalid UTF-8 (overlong forms,
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
#include "bigalloc.h"

/* The bytes that may end a run of plain text (NUL, TAB, LF, CR, the quote,
 * the comma, and every byte of a multi-byte character) are all below '-'
 * or at least 0x80: a run is found by testing for those two ranges only,
 * eight bytes at a time where the compiler says how words are laid out. */
#define PLAIN_LO 0x2D
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CSV_WORDS 1
#else
#define CSV_WORDS 0
#endif
/* SSE2, which every x86-64 has, takes sixteen bytes a step. */
#if CSV_WORDS && defined(__SSE2__)
#define CSV_SSE2 1
#include <emmintrin.h>
#else
#define CSV_SSE2 0
#endif

struct csv_reader {
	const char *data;
	size_t len;
	size_t pos;	   /* next byte to read */
	long line;	   /* physical line of data[pos], 1-based */
	size_t line_start; /* offset of the first byte of that line */
	char *name;

	/* The unescaped text of the record's quoted fields that hold a "",
	 * the only fields that are not spans of the input. */
	char *esc;
	size_t esc_used, esc_cap;
	size_t esc_off[CSV_MAX_FIELDS];	  /* by field: where its text starts */
	size_t esc_fields[CSV_MAX_FIELDS]; /* the fields with text there */
	size_t n_esc;
	csv_span spans[CSV_MAX_FIELDS + 1]; /* and an empty one after the last */

	/* csv_reader_next's NUL-terminated copies of the spans. */
	char *buf;
	size_t cap;
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
	free(r->esc);
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

/* Makes room for need bytes in *buf (of *cap), growing it by doubling. */
static int reserve(csv_reader *r, char **buf, size_t *cap, size_t need)
{
	size_t ncap = *cap ? *cap : 256;
	char *nb;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	nb = realloc(*buf, ncap);
	if (!nb)
		return fail(r, r->line, PACTA_ERR_NOMEM, "out of memory");
	*buf = nb;
	*cap = ncap;
	return 0;
}

/* Appends n bytes of the input at from to the unescaped text. */
static int esc_append(csv_reader *r, size_t from, size_t n)
{
	if (reserve(r, &r->esc, &r->esc_cap, r->esc_used + n) < 0)
		return -1;
	memcpy(r->esc + r->esc_used, r->data + from, n);
	r->esc_used += n;
	return 0;
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

/* Offset of the first byte at or after i (and before len) that is below
 * PLAIN_LO or at least 0x80; len if there is none. Most of a record file
 * is runs of other bytes, and a byte at a time cost more than the rest of
 * reading an act. In a word, x - 0x2D.. sets the top bit of every byte
 * below 0x2D, and x itself that of every byte from 0x80; a borrow only
 * carries out of a byte below 0x2D, so the lowest marked byte is exact. */
static inline size_t skip_plain(const unsigned char *p, size_t i, size_t len)
{
#if CSV_WORDS
	const uint64_t ones = 0x0101010101010101u;

	while (len - i >= 8) {
		uint64_t x, m;

		memcpy(&x, p + i, 8);
		m = ((x - ones * PLAIN_LO) | x) & (ones * 0x80);
		if (m)
			return i + (size_t)__builtin_ctzll(m) / 8;
		i += 8;
	}
#endif
	while (i < len && (unsigned)(p[i] - PLAIN_LO) < 0x80 - PLAIN_LO)
		i++;
	return i;
}

/* Takes the plain fields of the record at i a word at a time: in each word,
 * every byte below PLAIN_LO or from 0x80 is marked (exactly: the low seven
 * bits are added to, so no carry crosses bytes), and each mark is a comma
 * (a field ends), the LF (the record ends), a plain byte (a space...), or
 * anything else: a quote, a CR, a NUL, a multi-byte character, which the
 * field-by-field reading takes over, from the start of that field, as it
 * does near the end of the input, at CSV_MAX_FIELDS fields and at a field
 * longer than CSV_MAX_FIELD. Returns true when it took the whole record,
 * LF included; the fields it took are in r->spans, *n of them, and *i is
 * where the next field starts. */
static bool take_plain_record(csv_reader *r, const unsigned char *p, size_t *i, size_t *n)
{
#if CSV_WORDS
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
	size_t len = r->len, field = *i, k = *n, w = *i;

#if CSV_SSE2
	/* Sixteen bytes a step, the same reading: the commas before the
	 * first byte that stops it (a quote, a CR, a NUL, a byte from 0x80)
	 * end fields, and so does the first LF before it, the record too;
	 * without an LF, that byte hands over. The bounds are kept a step
	 * at a time, not a field at a time: a step that could take a field
	 * longer than CSV_MAX_FIELD or more than CSV_MAX_FIELDS fields hands
	 * over from the field it is in. */
	const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'),
		      quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
		      nul = _mm_setzero_si128(), low = _mm_set1_epi8(PLAIN_LO);
	while (len - w >= 16) {
		if (k > CSV_MAX_FIELDS - 16 || w + 16 - field > CSV_MAX_FIELD)
			goto out;
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + w));
		unsigned nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf));
		unsigned ends = nl | (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, comma));
		/* As signed bytes, those below '-' and those from 0x80 are the
		 * ones less than '-': the stops are among them, and most steps
		 * have no other than the ends. */
		unsigned marks = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, low));
		unsigned stops = 0;
		if (marks & ~ends)
			stops = (unsigned)_mm_movemask_epi8(_mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, cr)),
				_mm_or_si128(_mm_cmpeq_epi8(x, nul), x)));
		unsigned before = stops ? (stops & -stops) - 1 : 0xFFFFu;
		nl &= before;
		if (nl)
			before = nl ^ (nl - 1); /* up to the first LF, with it */
		for (ends &= before; ends; ends &= ends - 1) {
			size_t j = w + (size_t)__builtin_ctz(ends);

			r->spans[k].p = r->data + field;
			r->spans[k++].len = j - field;
			field = j + 1;
		}
		if (nl) {
			r->pos = field;
			r->line++;
			r->line_start = field;
			*n = k;
			return true;
		}
		if (stops)
			goto out;
		w += 16;
	}
#endif
	while (len - w >= 8) {
		uint64_t x, m;

		memcpy(&x, p + w, 8);
		m = (x | ~((x & ~high) + ones * (0x80 - PLAIN_LO))) & high;
		for (; m; m &= m - 1) {
			size_t j = w + (size_t)__builtin_ctzll(m) / 8;
			unsigned char c = p[j];

			if (c == ',' || c == '\n') {
				if (k == CSV_MAX_FIELDS || j - field > CSV_MAX_FIELD)
					goto out;
				r->spans[k].p = r->data + field;
				r->spans[k++].len = j - field;
				field = j + 1;
				if (c == '\n') {
					r->pos = field;
					r->line++;
					r->line_start = field;
					*n = k;
					return true;
				}
			} else if (c == '"' || c == '\r' || c == 0 || c >= 0x80) {
				goto out;
			}
		}
		w += 8;
	}
out:
	*i = field;
	*n = k;
#else
	(void)r;
	(void)p;
	(void)i;
	(void)n;
#endif
	return false;
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

static int too_long(csv_reader *r)
{
	return fail(r, r->line, PACTA_ERR_LIMIT, "field longer than %d bytes", CSV_MAX_FIELD);
}

/* The byte at i, which is NUL or starts a multi-byte character: the width
 * of that character, or 0 after failing the reader. */
static size_t take_char(csv_reader *r, size_t i)
{
	const unsigned char *p = (const unsigned char *)r->data + i;
	size_t n;

	r->pos = i;
	if (p[0] == 0) {
		fail(r, r->line, PACTA_ERR_PARSE, "NUL byte at column %zu", column(r));
		return 0;
	}
	n = csv_utf8_len(p, r->len - i);
	if (n == 0)
		fail(r, r->line, PACTA_ERR_PARSE, "invalid UTF-8 (byte 0x%02x at column %zu)", p[0],
		     column(r));
	return n;
}

/* Reads an unquoted field, field k, that starts at start (or the end),
 * from i, up to which it is plain text: a span of the input. The bound is
 * checked at every stop, before the byte there: the first error in the
 * field's bytes is the one reported. */
static int read_plain(csv_reader *r, size_t k, size_t start, size_t i, enum field_end *end)
{
	const unsigned char *p = (const unsigned char *)r->data;
	size_t len = r->len, w;

	for (;;) {
		i = skip_plain(p, i, len);
		if (i - start > CSV_MAX_FIELD)
			return too_long(r);
		if (i >= len || p[i] == ',' || p[i] == '\n' || p[i] == '\r')
			break;
		if (p[i] == '"') {
			r->pos = i;
			return fail(r, r->line, PACTA_ERR_PARSE,
				    "quote in unquoted field at column %zu", column(r));
		}
		if (p[i] != 0 && p[i] < 0x80) { /* a space, a tab, '!' to '+' */
			i++;
			continue;
		}
		if ((w = take_char(r, i)) == 0)
			return -1;
		i += w;
	}
	r->spans[k].p = r->data + start;
	r->spans[k].len = i - start;
	r->pos = i;
	if (i >= len) {
		*end = RECORD_END;
		return 0;
	}
	if (p[i] == ',') {
		r->pos++;
		*end = FIELD_NEXT;
		return 0;
	}
	w = line_end(r);
	if (!w)
		return fail(r, r->line, PACTA_ERR_PARSE,
			    "carriage return without line feed at column %zu", column(r));
	newline(r, w);
	*end = RECORD_END;
	return 0;
}

/* Reads a quoted field, field k; pos is at the opening quote. The field is
 * a span of the input between the quotes, unless it holds a "": then its
 * text, unescaped, goes to r->esc. The length bounded is the unescaped
 * one, checked before each byte where the field could end or fail. */
static int read_quoted(csv_reader *r, size_t k, enum field_end *end)
{
	const unsigned char *p = (const unsigned char *)r->data;
	long start = r->line;
	size_t from = r->pos + 1, i = from, seg = from, quotes = 0, len = r->len, w;
	bool copied = false;

	for (;;) {
		i = skip_plain(p, i, len);
		if (i - from - quotes > CSV_MAX_FIELD)
			return too_long(r);
		if (i >= len)
			return fail(r, start, PACTA_ERR_PARSE, "unterminated quoted field");
		if (p[i] == '"') {
			if (i + 1 >= len || p[i + 1] != '"')
				break;
			/* "" is one quote of the text: the text so far, up to and
			 * with the first of the two, is copied. */
			if (i + 1 - from - quotes > CSV_MAX_FIELD)
				return too_long(r);
			if (!copied) {
				copied = true;
				r->esc_off[k] = r->esc_used;
				r->esc_fields[r->n_esc++] = k;
			}
			if (esc_append(r, seg, i + 1 - seg) < 0)
				return -1;
			quotes++;
			i += 2;
			seg = i;
			continue;
		}
		if (p[i] == '\n') {
			if (i + 1 - from - quotes > CSV_MAX_FIELD)
				return too_long(r);
			r->pos = i;
			newline(r, 1);
			i++;
			continue;
		}
		if (p[i] != 0 && p[i] < 0x80) { /* a comma, a CR, a space... */
			i++;
			continue;
		}
		if ((w = take_char(r, i)) == 0)
			return -1;
		i += w;
	}
	if (copied) {
		if (esc_append(r, seg, i - seg) < 0)
			return -1;
		r->spans[k].len = r->esc_used - r->esc_off[k];
	} else {
		r->spans[k].p = r->data + from;
		r->spans[k].len = i - from;
	}
	r->pos = i + 1;
	if (r->pos >= len) {
		*end = RECORD_END;
		return 0;
	}
	if (p[r->pos] == ',') {
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

int csv_reader_next_spans(csv_reader *r, csv_spans *row, pacta_error *err)
{
	enum field_end end = FIELD_NEXT;
	const unsigned char *p;
	size_t n = 0, w, len, i;
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
	if (r->pos < r->len && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r'))
		while ((w = line_end(r)) != 0)
			newline(r, w);
	if (r->pos >= r->len)
		return 0;

	start = r->line;
	r->esc_used = 0;
	r->n_esc = 0;
	p = (const unsigned char *)r->data;
	len = r->len;
	i = r->pos;
	if (take_plain_record(r, p, &i, &n))
		goto done;
	for (;;) {
		if (n == CSV_MAX_FIELDS) {
			r->pos = i;
			fail(r, r->line, PACTA_ERR_LIMIT, "more than %d fields", CSV_MAX_FIELDS);
			goto failed;
		}
		if (i < len && p[i] == '"') {
			r->pos = i;
			rc = read_quoted(r, n, &end);
		} else {
			/* Most fields are plain text up to a comma or a LF: spans
			 * taken here. The rest, and anything to report, are
			 * read_plain's, from where this stopped. */
			size_t j = i;
			unsigned char c = i < len ? p[i] : 0;
			if (c != ',') {
				j = skip_plain(p, i, len);
				c = j < len ? p[j] : 0;
			}
			if ((c == ',' || c == '\n') && j - i <= CSV_MAX_FIELD) {
				r->spans[n].p = r->data + i;
				r->spans[n++].len = j - i;
				i = j + 1;
				if (c == ',')
					continue;
				r->pos = i;
				r->line++;
				r->line_start = i;
				break;
			}
			rc = read_plain(r, n, i, j, &end);
		}
		if (rc < 0)
			goto failed;
		n++;
		if (end == RECORD_END)
			break;
		i = r->pos;
	}
	/* r->esc has stopped moving. */
done:
	for (size_t e = 0; e < r->n_esc; e++)
		r->spans[r->esc_fields[e]].p = r->esc + r->esc_off[r->esc_fields[e]];
	r->spans[n].p = "";
	r->spans[n].len = 0;
	row->n = n;
	row->fields = r->spans;
	row->line = start;
	return 1;

failed:
	if (err)
		*err = r->error;
	return -1;
}

int csv_reader_next(csv_reader *r, csv_row *row, pacta_error *err)
{
	csv_spans s;
	size_t need = 0, used = 0;
	int rc;

	if (!row) {
		pacta_error_set(err, PACTA_ERR_USAGE, "",
				"csv_reader_next needs a reader and a row");
		return -1;
	}
	rc = csv_reader_next_spans(r, &s, err);
	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < s.n; i++)
		need += s.fields[i].len + 1;
	if (reserve(r, &r->buf, &r->cap, need) < 0) {
		if (err)
			*err = r->error;
		return -1;
	}
	for (size_t i = 0; i < s.n; i++) {
		if (s.fields[i].len)
			memcpy(r->buf + used, s.fields[i].p, s.fields[i].len);
		r->buf[used + s.fields[i].len] = '\0';
		r->fields[i] = r->buf + used;
		used += s.fields[i].len + 1;
	}
	row->n = s.n;
	row->fields = r->fields;
	row->line = s.line;
	return 1;
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
			nb = big_realloc(buf, ncap);
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
