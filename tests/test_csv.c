/*
 * test_csv.c - the CSV reader, writer and slurp, and the error detail they
 * fill. Every reader input is copied into a heap buffer of exactly its
 * length, with no terminating NUL, so a sanitizer or valgrind catches any
 * read past the end; and every input is compared after reading, because the
 * reader must never modify it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csv.h"
#include "pacta/error.h"

/* A reader over an exact-length private copy of data. */
struct fixture {
	char *copy;
	const char *orig;
	size_t len;
	csv_reader *r;
};

static void open_exact(struct fixture *fx, const char *data, size_t len)
{
	fx->copy = malloc(len ? len : 1);
	assert_non_null(fx->copy);
	memcpy(fx->copy, data, len);
	fx->orig = data;
	fx->len = len;
	fx->r = csv_reader_new(fx->copy, len, "t.csv");
	assert_non_null(fx->r);
}

static void close_exact(struct fixture *fx)
{
	if (fx->len)
		assert_memory_equal(fx->copy, fx->orig, fx->len);
	csv_reader_free(fx->r);
	free(fx->copy);
}

#define OPEN(fx, lit) open_exact((fx), (lit), sizeof(lit) - 1)

/* Reads one record and checks its line and fields (NULL-terminated list). */
static void expect_row(csv_reader *r, long line, ...)
{
	csv_row row;
	pacta_error err;
	va_list ap;
	size_t i = 0;
	const char *want;

	memset(&row, 0, sizeof(row));
	if (csv_reader_next(r, &row, &err) != 1)
		fail_msg("expected a record at line %ld", line);
	assert_int_equal(row.line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < row.n);
		assert_string_equal(row.fields[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(row.n, i);
}

static void expect_end(csv_reader *r)
{
	csv_row row;
	pacta_error err;

	assert_int_equal(csv_reader_next(r, &row, &err), 0);
	assert_int_equal(csv_reader_next(r, &row, &err), 0);
}

/* Reads records until one fails; checks the code and the whole
 * "name:line: why" text. */
static void expect_error(const char *data, size_t len, pacta_rc code, const char *want)
{
	struct fixture fx;
	csv_row row;
	pacta_error err, again;
	int rc;
	char got[1024];

	open_exact(&fx, data, len);
	memset(&err, 0, sizeof(err));
	while ((rc = csv_reader_next(fx.r, &row, &err)) == 1)
		;
	assert_int_equal(rc, -1);
	assert_int_equal(err.code, code);
	snprintf(got, sizeof(got), "%s: %s", err.where, err.message);
	assert_string_equal(got, want);
	/* A failed reader stays failed, with the same error. */
	memset(&again, 0, sizeof(again));
	assert_int_equal(csv_reader_next(fx.r, &row, &again), -1);
	assert_int_equal(again.code, code);
	assert_string_equal(again.where, err.where);
	assert_string_equal(again.message, err.message);
	assert_int_equal(csv_reader_next(fx.r, &row, NULL), -1);
	close_exact(&fx);
}

#define EXPECT_ERROR(lit, code, want) expect_error((lit), sizeof(lit) - 1, (code), (want))

static void test_simple(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "a,b,c\n1,2,3\n");
	expect_row(fx.r, 1, "a", "b", "c", NULL);
	expect_row(fx.r, 2, "1", "2", "3", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_quoted(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "\"a,b\",\"say \"\"hi\"\"\",\"\",\"\"\"\"\n"
		  "\" spaced \",plain, inner space \n");
	expect_row(fx.r, 1, "a,b", "say \"hi\"", "", "\"", NULL);
	expect_row(fx.r, 2, " spaced ", "plain", " inner space ", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_embedded_newlines(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "x,\"line1\nline2\nline3\"\nnext,row\n\"a\r\nb\",c\r\nlast,\"\n\"\n");
	expect_row(fx.r, 1, "x", "line1\nline2\nline3", NULL);
	expect_row(fx.r, 4, "next", "row", NULL);
	expect_row(fx.r, 5, "a\r\nb", "c", NULL);
	expect_row(fx.r, 7, "last", "\n", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_crlf(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "a,b\r\nc,\"d\"\r\n\r\ne,f\r\n");
	expect_row(fx.r, 1, "a", "b", NULL);
	expect_row(fx.r, 2, "c", "d", NULL);
	expect_row(fx.r, 4, "e", "f", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_missing_final_newline(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "a,b\nc,d");
	expect_row(fx.r, 1, "a", "b", NULL);
	expect_row(fx.r, 2, "c", "d", NULL);
	expect_end(fx.r);
	close_exact(&fx);

	OPEN(&fx, "a,\"b\"");
	expect_row(fx.r, 1, "a", "b", NULL);
	expect_end(fx.r);
	close_exact(&fx);

	OPEN(&fx, "a,");
	expect_row(fx.r, 1, "a", "", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_blank_lines_skipped(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "\n\na\n\r\n\nb\n\n");
	expect_row(fx.r, 3, "a", NULL);
	expect_row(fx.r, 6, "b", NULL);
	expect_end(fx.r);
	close_exact(&fx);

	OPEN(&fx, "");
	expect_end(fx.r);
	close_exact(&fx);

	OPEN(&fx, "\n\r\n\n");
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_empty_fields(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, ",,\n\"\"\n \n");
	expect_row(fx.r, 1, "", "", "", NULL);
	expect_row(fx.r, 2, "", NULL);
	expect_row(fx.r, 3, " ", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_bom_skipped(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "\xEF\xBB\xBFname,date\n");
	expect_row(fx.r, 1, "name", "date", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_utf8_accepted(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "C\xC3\xB4te d\xE2\x80\x99Ivoire,\xE6\x97\xA5\xE6\x9C\xAC,\xF0\x9F\x98\x80\n"
		  "\xF4\x8F\xBF\xBF,\xEF\xBF\xBF,\xED\x9F\xBF,\xEE\x80\x80,\xC2\x80\n");
	expect_row(fx.r, 1, "C\xC3\xB4te d\xE2\x80\x99Ivoire", "\xE6\x97\xA5\xE6\x9C\xAC",
		   "\xF0\x9F\x98\x80", NULL);
	expect_row(fx.r, 2, "\xF4\x8F\xBF\xBF", "\xEF\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80",
		   "\xC2\x80", NULL);
	expect_end(fx.r);
	close_exact(&fx);
}

static void test_header_lookup(void **state)
{
	struct fixture fx;
	csv_row header;
	pacta_error err;

	(void)state;
	OPEN(&fx, "treaty,state,date\n");
	assert_int_equal(csv_reader_next(fx.r, &header, &err), 1);
	assert_int_equal(csv_row_find(&header, "treaty"), 0);
	assert_int_equal(csv_row_find(&header, "date"), 2);
	assert_int_equal(csv_row_find(&header, "Date"), -1);
	assert_int_equal(csv_row_find(&header, "dat"), -1);
	assert_int_equal(csv_row_find(&header, ""), -1);
	assert_int_equal(csv_row_find(NULL, "date"), -1);
	assert_int_equal(csv_row_find(&header, NULL), -1);
	close_exact(&fx);
}

static void test_fields_bound(void **state)
{
	char data[CSV_MAX_FIELDS * 2 + 8];
	struct fixture fx;
	size_t n = 0;
	csv_row row;
	pacta_error err;

	(void)state;
	/* Exactly CSV_MAX_FIELDS fields is fine... */
	for (int i = 0; i < CSV_MAX_FIELDS; i++) {
		data[n++] = 'x';
		data[n++] = i + 1 < CSV_MAX_FIELDS ? ',' : '\n';
	}
	open_exact(&fx, data, n);
	assert_int_equal(csv_reader_next(fx.r, &row, &err), 1);
	assert_int_equal(row.n, CSV_MAX_FIELDS);
	close_exact(&fx);

	/* ...one more is not, and an empty last field counts. */
	data[n - 1] = ',';
	data[n++] = '\n';
	expect_error(data, n, PACTA_ERR_LIMIT, "t.csv:1: more than 64 fields");
}

static void test_field_length_bound(void **state)
{
	size_t big = CSV_MAX_FIELD + 16;
	char *data = malloc(big + 16);
	struct fixture fx;
	csv_row row;
	pacta_error err;
	size_t n;

	(void)state;
	assert_non_null(data);
	/* A field of exactly CSV_MAX_FIELD bytes, unquoted and quoted. */
	memcpy(data, "h\n", 2);
	memset(data + 2, 'a', CSV_MAX_FIELD);
	n = 2 + CSV_MAX_FIELD;
	data[n++] = '\n';
	open_exact(&fx, data, n);
	expect_row(fx.r, 1, "h", NULL);
	assert_int_equal(csv_reader_next(fx.r, &row, &err), 1);
	assert_int_equal(strlen(row.fields[0]), CSV_MAX_FIELD);
	close_exact(&fx);

	data[2] = '"';
	memset(data + 3, 'b', CSV_MAX_FIELD);
	n = 3 + CSV_MAX_FIELD;
	data[n++] = '"';
	open_exact(&fx, data, n);
	expect_row(fx.r, 1, "h", NULL);
	assert_int_equal(csv_reader_next(fx.r, &row, &err), 1);
	assert_int_equal(strlen(row.fields[0]), CSV_MAX_FIELD);
	close_exact(&fx);

	/* One byte more, unquoted and quoted ("" counts as one byte). */
	memset(data + 2, 'a', CSV_MAX_FIELD + 1);
	n = 2 + CSV_MAX_FIELD + 1;
	data[n++] = '\n';
	expect_error(data, n, PACTA_ERR_LIMIT, "t.csv:2: field longer than 65536 bytes");

	data[2] = '"';
	memset(data + 3, '"', 2);
	memset(data + 5, 'b', CSV_MAX_FIELD);
	n = 5 + CSV_MAX_FIELD;
	data[n++] = '"';
	expect_error(data, n, PACTA_ERR_LIMIT, "t.csv:2: field longer than 65536 bytes");
	free(data);
}

static void test_bare_quote(void **state)
{
	(void)state;
	EXPECT_ERROR("ok\na,b\"c\n", PACTA_ERR_PARSE,
		     "t.csv:2: quote in unquoted field at column 4");
	EXPECT_ERROR(" \"a\"\n", PACTA_ERR_PARSE, "t.csv:1: quote in unquoted field at column 2");
	EXPECT_ERROR("\"a\"b\n", PACTA_ERR_PARSE,
		     "t.csv:1: character after closing quote at column 4");
	EXPECT_ERROR("\"a\" ,b\n", PACTA_ERR_PARSE,
		     "t.csv:1: character after closing quote at column 4");
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	/* Reported at the line where the quoted field starts. */
	EXPECT_ERROR("a\nb,\"c\nd\ne\n", PACTA_ERR_PARSE, "t.csv:2: unterminated quoted field");
	EXPECT_ERROR("\"", PACTA_ERR_PARSE, "t.csv:1: unterminated quoted field");
	EXPECT_ERROR("\"abc\"\"", PACTA_ERR_PARSE, "t.csv:1: unterminated quoted field");
}

static void test_bare_cr(void **state)
{
	(void)state;
	EXPECT_ERROR("a\rb\n", PACTA_ERR_PARSE,
		     "t.csv:1: carriage return without line feed at column 2");
	EXPECT_ERROR("a\r", PACTA_ERR_PARSE,
		     "t.csv:1: carriage return without line feed at column 2");
	EXPECT_ERROR("\"a\"\r", PACTA_ERR_PARSE,
		     "t.csv:1: character after closing quote at column 4");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* Overlong forms. */
	EXPECT_ERROR("h\nok\nbad\xC0\xAF\n", PACTA_ERR_PARSE,
		     "t.csv:3: invalid UTF-8 (byte 0xc0 at column 4)");
	EXPECT_ERROR("\xC1\xBF\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xc1 at column 1)");
	EXPECT_ERROR("a,\xE0\x80\xAF\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xe0 at column 3)");
	EXPECT_ERROR("\xF0\x8F\xBF\xBF\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xf0 at column 1)");
	/* A lone continuation byte. */
	EXPECT_ERROR("ab\x80\n", PACTA_ERR_PARSE, "t.csv:1: invalid UTF-8 (byte 0x80 at column 3)");
	EXPECT_ERROR("\xBF", PACTA_ERR_PARSE, "t.csv:1: invalid UTF-8 (byte 0xbf at column 1)");
	/* Truncated sequences: before a comma, at the end, in quotes. */
	EXPECT_ERROR("\xE2\x82,x\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xe2 at column 1)");
	EXPECT_ERROR("x,\xE2\x82", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xe2 at column 3)");
	EXPECT_ERROR("\xF0\x9F\x98", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xf0 at column 1)");
	EXPECT_ERROR("\"a\nb\xC3\"\n", PACTA_ERR_PARSE,
		     "t.csv:2: invalid UTF-8 (byte 0xc3 at column 2)");
	/* Surrogates U+D800 and U+DFFF. */
	EXPECT_ERROR("\xED\xA0\x80\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xed at column 1)");
	EXPECT_ERROR("x\n\"\xED\xBF\xBF\"\n", PACTA_ERR_PARSE,
		     "t.csv:2: invalid UTF-8 (byte 0xed at column 2)");
	/* Above U+10FFFF, and bytes that never occur. */
	EXPECT_ERROR("\xF4\x90\x80\x80\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xf4 at column 1)");
	EXPECT_ERROR("\xF5\x80\x80\x80\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xf5 at column 1)");
	EXPECT_ERROR("\xFF\n", PACTA_ERR_PARSE, "t.csv:1: invalid UTF-8 (byte 0xff at column 1)");
	/* Past the start a byte order mark is an ordinary character. */
	EXPECT_ERROR("a\xEF\xBB\xBF,\xFE\n", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xfe at column 6)");
}

static void test_nul_byte(void **state)
{
	(void)state;
	EXPECT_ERROR("a,b\nc\0d\n", PACTA_ERR_PARSE, "t.csv:2: NUL byte at column 2");
	EXPECT_ERROR("\"x\n\0\"\n", PACTA_ERR_PARSE, "t.csv:2: NUL byte at column 1");
	EXPECT_ERROR("\0", PACTA_ERR_PARSE, "t.csv:1: NUL byte at column 1");
}

static void test_reader_edges(void **state)
{
	csv_reader *r;
	csv_row row;
	pacta_error err;
	char name[400];

	(void)state;
	r = csv_reader_new(NULL, 0, NULL);
	assert_non_null(r);
	assert_int_equal(csv_reader_next(r, &row, &err), 0);
	assert_int_equal(csv_reader_next(r, NULL, &err), -1);
	assert_int_equal(err.code, PACTA_ERR_USAGE);
	csv_reader_free(r);
	csv_reader_free(NULL);
	assert_int_equal(csv_reader_next(NULL, &row, NULL), -1);

	/* A name longer than the where buffer is cut, not overflowed. */
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	r = csv_reader_new("\"", 1, name);
	assert_non_null(r);
	assert_int_equal(csv_reader_next(r, &row, &err), -1);
	assert_int_equal(strlen(err.where), sizeof(err.where) - 1);
	assert_int_equal(err.where[0], 'n');
	csv_reader_free(r);
}

/* Fields at and across the eight-byte steps of the scan: a comma, a LF, a
 * quote, a NUL, a CR, a high byte just before, at and after a word's end,
 * and fields that end where the buffer ends. */
static void test_word_edges(void **state)
{
	struct fixture fx;

	(void)state;
	OPEN(&fx, "abcdefg,h\nabcdefgh,i\nabcdefghi,j\nabcdefghijklmnop,q\n");
	expect_row(fx.r, 1, "abcdefg", "h", NULL);
	expect_row(fx.r, 2, "abcdefgh", "i", NULL);
	expect_row(fx.r, 3, "abcdefghi", "j", NULL);
	expect_row(fx.r, 4, "abcdefghijklmnop", "q", NULL);
	expect_end(fx.r);
	close_exact(&fx);

	/* Records that end where the buffer ends, without a line end. */
	static const struct {
		const char *in, *first, *second;
	} last[] = {
		{"x,abcdefghijklmnop", "x", "abcdefghijklmnop"},
		{"x,abcdefghijklmno", "x", "abcdefghijklmno"},
		{"\"abcdefghijklmno\"", "abcdefghijklmno", NULL},
	};
	for (size_t i = 0; i < sizeof(last) / sizeof(last[0]); i++) {
		open_exact(&fx, last[i].in, strlen(last[i].in));
		expect_row(fx.r, 1, last[i].first, last[i].second, NULL);
		expect_end(fx.r);
		close_exact(&fx);
	}

	/* CRLF after fields of every length around a word. */
	OPEN(&fx, "abcdefg\r\nabcdefgh\r\nabcdefghi,\r\n\"q\"\r\n");
	expect_row(fx.r, 1, "abcdefg", NULL);
	expect_row(fx.r, 2, "abcdefgh", NULL);
	expect_row(fx.r, 3, "abcdefghi", "", NULL);
	expect_row(fx.r, 4, "q", NULL);
	expect_end(fx.r);
	close_exact(&fx);

	/* Spaces and tabs (below '-', yet plain) and UTF-8 inside long runs. */
	OPEN(&fx, "a b c d e f g h i,\tj k\xC3\xA9l m n o p q \xE2\x82\xAC r\n");
	expect_row(fx.r, 1, "a b c d e f g h i", "\tj k\xC3\xA9l m n o p q \xE2\x82\xAC r", NULL);
	close_exact(&fx);

	EXPECT_ERROR("abcdefgh\"\n", PACTA_ERR_PARSE,
		     "t.csv:1: quote in unquoted field at column 9");
	EXPECT_ERROR("abcdefg\"\n", PACTA_ERR_PARSE,
		     "t.csv:1: quote in unquoted field at column 8");
	EXPECT_ERROR("abcdefgh\0", PACTA_ERR_PARSE, "t.csv:1: NUL byte at column 9");
	EXPECT_ERROR("abcdefghijklmno\0p", PACTA_ERR_PARSE, "t.csv:1: NUL byte at column 16");
	EXPECT_ERROR("\"abcdefghijklmnop\0\"", PACTA_ERR_PARSE, "t.csv:1: NUL byte at column 18");
	EXPECT_ERROR("abcdefgh\rx\n", PACTA_ERR_PARSE,
		     "t.csv:1: carriage return without line feed at column 9");
	EXPECT_ERROR("abcdefgh\r", PACTA_ERR_PARSE,
		     "t.csv:1: carriage return without line feed at column 9");
	/* Invalid UTF-8 in a long run, after valid characters. */
	EXPECT_ERROR("h\n0123456789abcdef\xC3\xA9\xC3\xA9 0123456789\xC3(\n", PACTA_ERR_PARSE,
		     "t.csv:2: invalid UTF-8 (byte 0xc3 at column 32)");
	EXPECT_ERROR("\"0123456789abcdef\n0123456789\xED\xA0\x80\"", PACTA_ERR_PARSE,
		     "t.csv:2: invalid UTF-8 (byte 0xed at column 11)");
	EXPECT_ERROR("0123456789abcdef\xF0\x9F\x98", PACTA_ERR_PARSE,
		     "t.csv:1: invalid UTF-8 (byte 0xf0 at column 17)");
}

/* csv_reader_next_spans: plain fields and quoted ones without "" are spans
 * of the input; a quoted field with "" is its unescaped text; both calls
 * may be mixed on one reader. */
static void test_spans(void **state)
{
	static const char data[] = "h1,h2\n"
				   "ab,\"c,d\"\n"
				   "\"x\"\"y\",\"\"\"\"\n"
				   "\"\",\"a\nb\"\n";
	csv_reader *r = csv_reader_new(data, sizeof(data) - 1, "t.csv");
	csv_row row;
	csv_spans s;
	pacta_error err;

	(void)state;
	assert_non_null(r);
	assert_int_equal(csv_reader_next(r, &row, &err), 1);
	assert_string_equal(row.fields[1], "h2");
	assert_int_equal(csv_reader_next_spans(r, &s, &err), 1);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.line, 2);
	assert_ptr_equal(s.fields[0].p, data + 6);
	assert_int_equal(s.fields[0].len, 2);
	assert_ptr_equal(s.fields[1].p, data + 10);
	assert_int_equal(s.fields[1].len, 3);
	assert_int_equal(csv_reader_next_spans(r, &s, &err), 1);
	assert_int_equal(s.line, 3);
	assert_int_equal(s.fields[0].len, 3);
	assert_memory_equal(s.fields[0].p, "x\"y", 3);
	assert_int_equal(s.fields[1].len, 1);
	assert_memory_equal(s.fields[1].p, "\"", 1);
	assert_int_equal(csv_reader_next_spans(r, &s, &err), 1);
	assert_int_equal(s.line, 4);
	assert_int_equal(s.fields[0].len, 0);
	assert_ptr_equal(s.fields[1].p, data + sizeof(data) - 6);
	assert_int_equal(s.fields[1].len, 3);
	assert_int_equal(csv_reader_next_spans(r, &s, &err), 0);
	assert_int_equal(csv_reader_next_spans(r, NULL, &err), -1);
	assert_int_equal(err.code, PACTA_ERR_USAGE);
	csv_reader_free(r);
}

/* Many fields with "" in one record: the unescaped text grows and moves,
 * and every field still reads right. */
static void test_spans_escaped_growth(void **state)
{
	char data[CSV_MAX_FIELDS * 700];
	size_t n = 0;
	struct fixture fx;
	csv_spans s;
	pacta_error err;

	(void)state;
	for (int i = 0; i < CSV_MAX_FIELDS; i++) {
		data[n++] = '"';
		for (int k = 0; k < 300; k++) {
			data[n++] = (char)('a' + i % 26);
			if (k % 50 == 0) {
				data[n++] = '"';
				data[n++] = '"';
			}
		}
		data[n++] = '"';
		data[n++] = i + 1 < CSV_MAX_FIELDS ? ',' : '\n';
	}
	open_exact(&fx, data, n);
	assert_int_equal(csv_reader_next_spans(fx.r, &s, &err), 1);
	assert_int_equal(s.n, CSV_MAX_FIELDS);
	for (size_t i = 0; i < s.n; i++) {
		assert_int_equal(s.fields[i].len, 306);
		assert_int_equal(s.fields[i].p[0], 'a' + (int)(i % 26));
		assert_int_equal(s.fields[i].p[1], '"');
		assert_int_equal(s.fields[i].p[305], 'a' + (int)(i % 26));
	}
	close_exact(&fx);
}

/* A reference reader, a byte at a time, with the rules and the errors of
 * csv.h: what the reader's word-at-a-time scan must agree with. It writes
 * what it reads into out ("line|len:bytes|...;" per record, then "end" or
 * "error code where: message"). */
struct ref {
	const unsigned char *d;
	size_t len, pos, line_start;
	long line;
	char *out;
	size_t used;
	char err[600]; /* the error, written at the end in place of its record */
};

static void ref_put(struct ref *r, const void *p, size_t n)
{
	r->out = realloc(r->out, r->used + n + 1);
	assert_non_null(r->out);
	memcpy(r->out + r->used, p, n);
	r->used += n;
	r->out[r->used] = '\0';
}

static void ref_printf(struct ref *r, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(buf));
	ref_put(r, buf, (size_t)n);
}

static void ref_error(struct ref *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
}

static size_t ref_line_end(const struct ref *r)
{
	if (r->pos < r->len && r->d[r->pos] == '\n')
		return 1;
	if (r->pos + 1 < r->len && r->d[r->pos] == '\r' && r->d[r->pos + 1] == '\n')
		return 2;
	return 0;
}

static void ref_newline(struct ref *r, size_t w)
{
	r->pos += w;
	r->line++;
	r->line_start = r->pos;
}

/* One character into the field of *flen bytes; false after an error. */
static bool ref_char(struct ref *r, char *field, size_t *flen)
{
	const unsigned char *p = r->d + r->pos;
	size_t n, col = r->pos - r->line_start + 1;

	if (p[0] == 0) {
		ref_error(r, "error %d t.csv:%ld: NUL byte at column %zu", PACTA_ERR_PARSE, r->line,
			   col);
		return false;
	}
	n = csv_utf8_len(p, r->len - r->pos);
	if (n == 0) {
		ref_error(r, "error %d t.csv:%ld: invalid UTF-8 (byte 0x%02x at column %zu)",
			   PACTA_ERR_PARSE, r->line, p[0], col);
		return false;
	}
	if (*flen + n > CSV_MAX_FIELD) {
		ref_error(r, "error %d t.csv:%ld: field longer than %d bytes", PACTA_ERR_LIMIT,
			   r->line, CSV_MAX_FIELD);
		return false;
	}
	memcpy(field + *flen, p, n);
	*flen += n;
	r->pos += n;
	return true;
}

/* Reads one field into field; 1: another follows, 0: the record ends,
 * -1: an error was written. */
static int ref_field(struct ref *r, char *field, size_t *flen)
{
	const unsigned char *d = r->d;
	size_t w;

	*flen = 0;
	if (r->pos < r->len && d[r->pos] == '"') {
		long start = r->line;

		r->pos++;
		for (;;) {
			if (r->pos >= r->len) {
				ref_error(r, "error %d t.csv:%ld: unterminated quoted field",
					   PACTA_ERR_PARSE, start);
				return -1;
			}
			if (d[r->pos] == '"') {
				if (r->pos + 1 < r->len && d[r->pos + 1] == '"') {
					if (!ref_char(r, field, flen))
						return -1;
					r->pos++;
					continue;
				}
				r->pos++;
				break;
			}
			if (d[r->pos] == '\n') {
				if (*flen + 1 > CSV_MAX_FIELD) {
					ref_error(r, "error %d t.csv:%ld: field longer than %d bytes",
						   PACTA_ERR_LIMIT, r->line, CSV_MAX_FIELD);
					return -1;
				}
				field[(*flen)++] = '\n';
				ref_newline(r, 1);
				continue;
			}
			if (!ref_char(r, field, flen))
				return -1;
		}
		if (r->pos >= r->len)
			return 0;
		if (d[r->pos] == ',') {
			r->pos++;
			return 1;
		}
		if ((w = ref_line_end(r)) != 0) {
			ref_newline(r, w);
			return 0;
		}
		ref_error(r, "error %d t.csv:%ld: character after closing quote at column %zu",
			   PACTA_ERR_PARSE, r->line, r->pos - r->line_start + 1);
		return -1;
	}
	for (;;) {
		if (r->pos >= r->len)
			return 0;
		switch (d[r->pos]) {
		case ',':
			r->pos++;
			return 1;
		case '"':
			ref_error(r, "error %d t.csv:%ld: quote in unquoted field at column %zu",
				   PACTA_ERR_PARSE, r->line, r->pos - r->line_start + 1);
			return -1;
		case '\n':
		case '\r':
			if ((w = ref_line_end(r)) == 0) {
				ref_error(r,
					   "error %d t.csv:%ld: carriage return without line feed "
					   "at column %zu",
					   PACTA_ERR_PARSE, r->line, r->pos - r->line_start + 1);
				return -1;
			}
			ref_newline(r, w);
			return 0;
		default:
			if (!ref_char(r, field, flen))
				return -1;
		}
	}
}

static char *ref_read(const char *data, size_t len)
{
	struct ref r = {.d = (const unsigned char *)data, .len = len, .line = 1};
	char *field = malloc(CSV_MAX_FIELD + 8);
	size_t w, flen, n, mark;
	int more;

	assert_non_null(field);
	ref_put(&r, "", 0);
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r.pos = 3;
	for (;;) {
		while ((w = ref_line_end(&r)) != 0)
			ref_newline(&r, w);
		if (r.pos >= r.len) {
			ref_printf(&r, "end");
			break;
		}
		mark = r.used;
		ref_printf(&r, "%ld", r.line);
		n = 0;
		do {
			if (n++ == CSV_MAX_FIELDS)
				ref_error(&r, "error %d t.csv:%ld: more than %d fields",
					  PACTA_ERR_LIMIT, r.line, CSV_MAX_FIELDS);
			if (r.err[0] || (more = ref_field(&r, field, &flen)) < 0) {
				r.used = mark;
				ref_printf(&r, "%s", r.err);
				free(field);
				return r.out;
			}
			ref_printf(&r, "|%zu:", flen);
			ref_put(&r, field, flen);
		} while (more);
		ref_put(&r, ";", 1);
	}
	free(field);
	return r.out;
}

/* What the reader reads, written as ref_read writes it, with spans or with
 * C strings. */
static char *reader_read(const char *data, size_t len, bool spans)
{
	struct ref out = {.line = 1};
	csv_reader *r = csv_reader_new(data, len, "t.csv");
	pacta_error err;
	int rc;

	assert_non_null(r);
	ref_put(&out, "", 0);
	for (;;) {
		csv_spans s;
		csv_row row;

		rc = spans ? csv_reader_next_spans(r, &s, &err) : csv_reader_next(r, &row, &err);
		if (rc <= 0)
			break;
		/* After a row's last field, an empty one (csv_spans). */
		if (spans && s.fields[s.n].len != 0)
			fail_msg("field %zu after the last is not empty", s.n);
		ref_printf(&out, "%ld", spans ? s.line : row.line);
		for (size_t i = 0; i < (spans ? s.n : row.n); i++) {
			size_t n = spans ? s.fields[i].len : strlen(row.fields[i]);
			ref_printf(&out, "|%zu:", n);
			ref_put(&out, spans ? s.fields[i].p : row.fields[i], n);
		}
		ref_put(&out, ";", 1);
	}
	if (rc == 0)
		ref_printf(&out, "end");
	else
		ref_printf(&out, "error %d %s: %s", err.code, err.where, err.message);
	csv_reader_free(r);
	return out.out;
}

static void agree(const char *data, size_t len, size_t shift)
{
	/* An exact-length copy, at an offset that moves the words' edges. */
	char *block = malloc(len + shift + 1), *copy = block + shift;
	char *want, *got;

	assert_non_null(block);
	memcpy(copy, data, len);
	want = ref_read(copy, len);
	got = reader_read(copy, len, true);
	if (strcmp(want, got) != 0)
		fail_msg("spans differ on %zu bytes:\nwant %s\ngot  %s", len, want, got);
	free(got);
	got = reader_read(copy, len, false);
	if (strcmp(want, got) != 0)
		fail_msg("rows differ on %zu bytes:\nwant %s\ngot  %s", len, want, got);
	assert_memory_equal(copy, data, len);
	free(got);
	free(want);
	free(block);
}

/* Random records from a small alphabet of the bytes that matter, long
 * plain runs among them, read by the reader and by ref_read: the same
 * rows, or the same first error. */
static void test_agrees_with_bytewise(void **state)
{
	static const char *const pieces[] = {
		"a", "b", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "-", "\0",
		"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x80", "\xC3", "\xFF",
		"abcdefgh", "abcdefghijklmnopq", "0123456", "\xEF\xBB\xBF",
	};
	enum { N_PIECES = sizeof(pieces) / sizeof(pieces[0]) };
	char data[1024];
	uint64_t seed = 0x9E3779B97F4A7C15u;

	(void)state;
	for (int c = 0; c < 40000; c++) {
		size_t len = 0, want;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		want = (size_t)(seed >> 33) % 48;
		/* Mostly printable text: most pieces are drawn from the
		 * first few, the harmless ones, or from the long runs. */
		while (len < want) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			size_t k = (size_t)(seed >> 33) % N_PIECES;
			size_t n = k == 12 ? 1 : strlen(pieces[k]);
			if (len + n > sizeof(data))
				break;
			memcpy(data + len, pieces[k], n);
			len += n;
		}
		agree(data, len, (size_t)c % 8);
	}
	/* Long records of mostly plain fields, where the reader takes whole
	 * records a word at a time, with now and then a byte that makes it
	 * hand over to the field-by-field reading. */
	for (int c = 0; c < 20000; c++) {
		size_t len = 0, want;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		want = (size_t)(seed >> 33) % 400;
		while (len < want) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			uint32_t roll = (uint32_t)(seed >> 33) % 1000;
			size_t k = roll < 300 ? 0 : roll < 450 ? 19 : roll < 550 ? 21 : roll < 750 ? 2
				 : roll < 800 ? 6 : roll < 850 ? 9 : (size_t)(seed >> 40) % N_PIECES;
			size_t n = k == 12 ? 1 : strlen(pieces[k]);
			if (len + n > sizeof(data))
				break;
			memcpy(data + len, pieces[k], n);
			len += n;
		}
		agree(data, len, (size_t)c % 8);
	}
}

/* The bound on a field's length, crossed inside a plain run, at a "", at
 * a LF of a quoted field, and just before a byte that is an error too:
 * the first in the field's bytes is reported, as a byte at a time would. */
static void test_bound_against_bytewise(void **state)
{
	size_t big = CSV_MAX_FIELD + 64;
	char *data = malloc(big);
	static const char *const tails[] = {"x\n", "\"", "\xFF", "\0", "\r", "\"\"x\"", "\nx\""};

	(void)state;
	assert_non_null(data);
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		size_t tl = t == 3 ? 1 : strlen(tails[t]);
		for (size_t body = CSV_MAX_FIELD - 2; body <= CSV_MAX_FIELD + 1; body++) {
			for (int quoted = 0; quoted < 2; quoted++) {
				size_t n = 0;
				data[n++] = 'h';
				data[n++] = '\n';
				if (quoted)
					data[n++] = '"';
				memset(data + n, 'a', body);
				n += body;
				memcpy(data + n, tails[t], tl);
				n += tl;
				agree(data, n, body % 8);
			}
		}
	}
	free(data);
}

/* The bounds met by a record of plain fields with more input after it,
 * so that every reading of plain runs, however many bytes it takes a
 * step, meets them: fields of CSV_MAX_FIELD bytes and one more, records
 * of CSV_MAX_FIELDS fields and one more, each followed by another
 * record, at every shift of the words' edges. */
static void test_bounds_with_more_after(void **state)
{
	static const char more[] = "after,the,bound,a,record,of,plain,fields\n";
	size_t big = CSV_MAX_FIELD + 2 * sizeof(more) + 64;
	char *data = malloc(big);

	(void)state;
	assert_non_null(data);
	for (size_t body = CSV_MAX_FIELD - 1; body <= CSV_MAX_FIELD + 1; body++) {
		for (size_t lead = 0; lead <= 16; lead++) {
			size_t n = 0;
			data[n++] = 'h';
			data[n++] = '\n';
			if (lead) { /* the long field second, from lead bytes in */
				memset(data + n, 'y', lead - 1);
				n += lead - 1;
				data[n++] = ',';
			}
			memset(data + n, 'a', body);
			n += body;
			data[n++] = '\n';
			memcpy(data + n, more, sizeof(more) - 1);
			n += sizeof(more) - 1;
			for (size_t shift = 0; shift < 16; shift += 5)
				agree(data, n, shift);
		}
	}
	for (int fields = CSV_MAX_FIELDS - 1; fields <= CSV_MAX_FIELDS + 1; fields++) {
		for (int width = 1; width <= 3; width++) {
			size_t n = 0;
			for (int i = 0; i < fields; i++) {
				memset(data + n, 'x', (size_t)width);
				n += (size_t)width;
				data[n++] = i + 1 < fields ? ',' : '\n';
			}
			memcpy(data + n, more, sizeof(more) - 1);
			n += sizeof(more) - 1;
			for (size_t shift = 0; shift < 16; shift++)
				agree(data, n, shift);
		}
	}
	free(data);
}

/* Writes fields as one CRLF record and returns the bytes (caller frees). */
static char *write_row(const char *const *fields, size_t n, bool formula_safe)
{
	FILE *f = tmpfile();
	char *buf;
	long size;

	assert_non_null(f);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		csv_write_field(f, fields[i], formula_safe);
	}
	fputs("\r\n", f);
	assert_int_equal(fflush(f), 0);
	size = ftell(f);
	assert_true(size > 0);
	rewind(f);
	buf = calloc(1, (size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	return buf;
}

static void test_writer(void **state)
{
	static const struct {
		const char *in;
		bool safe;
		const char *out;  /* the bytes written */
		const char *back; /* what the reader gives back */
	} cases[] = {
		{ "abc", false, "abc", "abc" },
		{ "a,b", false, "\"a,b\"", "a,b" },
		{ "say \"hi\"", false, "\"say \"\"hi\"\"\"", "say \"hi\"" },
		{ "two\nlines", false, "\"two\nlines\"", "two\nlines" },
		{ "cr\r\nlf", false, "\"cr\r\nlf\"", "cr\r\nlf" },
		{ " lead", false, "\" lead\"", " lead" },
		{ "trail ", false, "\"trail \"", "trail " },
		{ "", false, "", "" },
		{ NULL, false, "", "" },
		{ "=cmd", false, "=cmd", "=cmd" },
		{ "\tx", false, "\"\tx\"", "\tx" },
		{ "=cmd|' /C calc'!A0", true, "'=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "=cmd", true, "'=cmd", "'=cmd" },
		{ "+1", true, "'+1", "'+1" },
		{ "-1", true, "'-1", "'-1" },
		{ "@x", true, "'@x", "'@x" },
		{ "\tx", true, "'\tx", "'\tx" },
		{ "\rx", true, "\"'\rx\"", "'\rx" },
		{ "=a,b", true, "\"'=a,b\"", "'=a,b" },
		{ "=\"x\"", true, "\"'=\"\"x\"\"\"", "'=\"x\"" },
		{ "plain", true, "plain", "plain" },
		{ "a=b", true, "a=b", "a=b" },
		{ "'quoted", true, "'quoted", "'quoted" },
		{ "C\xC3\xB4te", true, "C\xC3\xB4te", "C\xC3\xB4te" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *fields[3] = { "first", cases[i].in, "last" };
		char want[128];
		char *got = write_row(fields, 3, cases[i].safe);
		struct fixture fx;

		snprintf(want, sizeof(want), "first,%s,last\r\n", cases[i].out);
		assert_string_equal(got, want);

		open_exact(&fx, got, strlen(got));
		expect_row(fx.r, 1, "first", cases[i].back, "last", NULL);
		expect_end(fx.r);
		close_exact(&fx);
		free(got);
	}
}

static void test_slurp_missing(void **state)
{
	pacta_error err;
	char *buf = (char *)1;
	size_t len = 99;

	(void)state;
	assert_int_equal(csv_slurp("no-such-dir/missing.csv", 1024, &buf, &len, &err),
			 PACTA_ERR_IO);
	assert_int_equal(err.code, PACTA_ERR_IO);
	assert_string_equal(err.where, "no-such-dir/missing.csv");
	assert_string_equal(err.message, "cannot open: No such file or directory");
	assert_null(buf);
	assert_int_equal(len, 0);

	/* A directory opens but cannot be read. */
	assert_int_equal(csv_slurp(".", 1024, &buf, &len, &err), PACTA_ERR_IO);
	assert_string_equal(err.where, ".");
	assert_null(buf);
	assert_int_equal(csv_slurp(NULL, 1024, &buf, &len, NULL), PACTA_ERR_USAGE);
}

/* Writes size bytes of a pattern to a new file named from tmpl. */
static void make_file(char *tmpl, size_t size)
{
	int fd = mkstemp(tmpl);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < size; i++)
		fputc('a' + (int)(i % 26), f);
	assert_int_equal(fclose(f), 0);
}

static void check_slurp(size_t size)
{
	char path[] = "test_csv_slurp_XXXXXX";
	pacta_error err;
	char *buf = NULL;
	size_t len = 0;

	make_file(path, size);

	assert_int_equal(csv_slurp(path, size, &buf, &len, &err), PACTA_OK);
	assert_int_equal(len, size);
	assert_int_equal(buf[len], '\0');
	for (size_t i = 0; i < size; i++)
		if (buf[i] != 'a' + (int)(i % 26))
			fail_msg("byte %zu differs", i);
	free(buf);

	assert_int_equal(csv_slurp(path, size + 1000000, &buf, &len, &err), PACTA_OK);
	assert_int_equal(len, size);
	free(buf);

	assert_int_equal(csv_slurp(path, SIZE_MAX, &buf, &len, NULL), PACTA_OK);
	assert_int_equal(len, size);
	free(buf);

	if (size > 0) {
		char msg[64];

		buf = (char *)1;
		assert_int_equal(csv_slurp(path, size - 1, &buf, &len, &err), PACTA_ERR_LIMIT);
		assert_int_equal(err.code, PACTA_ERR_LIMIT);
		assert_string_equal(err.where, path);
		snprintf(msg, sizeof(msg), "file is larger than %zu bytes", size - 1);
		assert_string_equal(err.message, msg);
		assert_null(buf);
		assert_int_equal(len, 0);
	}
	assert_int_equal(remove(path), 0);
}

static void test_slurp_limits(void **state)
{
	(void)state;
	check_slurp(0);
	check_slurp(1);
	check_slurp(100);
	check_slurp(64 * 1024 - 1);
	check_slurp(64 * 1024);
	check_slurp(200000);
}

static void test_error_set(void **state)
{
	pacta_error err;
	char big[2000];

	(void)state;
	assert_int_equal(pacta_error_set(NULL, PACTA_ERR_IO, "x", "y %d", 1), PACTA_ERR_IO);
	assert_int_equal(pacta_error_set(&err, PACTA_ERR_PARSE, "f:3", "bad %s", "thing"),
			 PACTA_ERR_PARSE);
	assert_int_equal(err.code, PACTA_ERR_PARSE);
	assert_string_equal(err.where, "f:3");
	assert_string_equal(err.message, "bad thing");
	pacta_error_set(&err, PACTA_OK, NULL, NULL);
	assert_string_equal(err.where, "");
	assert_string_equal(err.message, "");

	memset(big, 'w', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pacta_error_set(&err, PACTA_ERR_LIMIT, big, "%s", big);
	assert_int_equal(strlen(err.where), sizeof(err.where) - 1);
	assert_int_equal(strlen(err.message), sizeof(err.message) - 1);

	assert_string_equal(pacta_rc_name(PACTA_OK), "success");
	assert_string_equal(pacta_rc_name(PACTA_ERR_NOMEM), "out of memory");
	assert_string_equal(pacta_rc_name(PACTA_ERR_LIMIT), "limit exceeded");
	assert_string_equal(pacta_rc_name((pacta_rc)999), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_missing_final_newline),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_bom_skipped),
		cmocka_unit_test(test_utf8_accepted),
		cmocka_unit_test(test_header_lookup),
		cmocka_unit_test(test_fields_bound),
		cmocka_unit_test(test_field_length_bound),
		cmocka_unit_test(test_bare_quote),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_reader_edges),
		cmocka_unit_test(test_word_edges),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_spans_escaped_growth),
		cmocka_unit_test(test_agrees_with_bytewise),
		cmocka_unit_test(test_bound_against_bytewise),
		cmocka_unit_test(test_bounds_with_more_after),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_slurp_missing),
		cmocka_unit_test(test_slurp_limits),
		cmocka_unit_test(test_error_set),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
