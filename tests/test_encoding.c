/*
 * test_encoding.c - the service's content codings without sockets:
 * Accept-Encoding read as RFC 9110 says (q-values, "*", q=0, malformed
 * entries), which answers are worth compressing, gzip and brotli output
 * decoded back. The ZIP writer is the library's (test_zip.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <brotli/decode.h>
#include <zlib.h>

#include "encoding.h"

static void test_choose(void **state)
{
	(void)state;
	static const struct {
		const char *header;
		content_coding want;
	} cases[] = {
		{ NULL, CODING_IDENTITY },
		{ "", CODING_IDENTITY },
		{ "gzip", CODING_GZIP },
		{ "gzip, br", CODING_BR },
		{ "br;q=0.5, gzip", CODING_GZIP },
		{ "br;q=0, gzip;q=0", CODING_IDENTITY },
		{ "*", CODING_BR },
		{ "*;q=0", CODING_IDENTITY },
		{ "*;q=0.2, br;q=0", CODING_GZIP },
		{ "identity;q=1, gzip;q=0.5", CODING_IDENTITY },
		{ "identity;q=0.4, gzip;q=0.5", CODING_GZIP },
		{ "X-GZIP", CODING_GZIP },
		{ "gzip;q=1.5", CODING_IDENTITY },
		{ "gzip;q=0.0001", CODING_IDENTITY },
		{ "gzip;q=", CODING_IDENTITY },
		{ "gzip ; level=9 ; q=0.9 , br ; q=0.8", CODING_GZIP },
		{ ",,, ;;; ,q=1, =, br", CODING_BR },
		{ "deflate, compress, zstd", CODING_IDENTITY },
		{ "brotli, gzipx", CODING_IDENTITY },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (encoding_choose(cases[i].header) != cases[i].want)
			fail_msg("'%s': %s, not %s", cases[i].header ? cases[i].header : "(none)",
				 encoding_name(encoding_choose(cases[i].header)),
				 encoding_name(cases[i].want));
	}
}

static void test_worthwhile(void **state)
{
	(void)state;
	assert_false(encoding_worthwhile("application/json", ENCODING_MIN_BYTES - 1));
	assert_true(encoding_worthwhile("application/json", ENCODING_MIN_BYTES));
	assert_true(encoding_worthwhile("image/svg+xml", 100000));
	assert_false(encoding_worthwhile("application/zip", 100000));
	assert_false(encoding_worthwhile("image/png", 100000));
	assert_false(encoding_worthwhile(NULL, 100000));
}

static char *sample(size_t *len)
{
	*len = 200000;
	char *s = malloc(*len);
	assert_non_null(s);
	for (size_t i = 0; i < *len; i++)
		s[i] = i % 977 ? "pacta, treaty, party, state "[i % 28] : (char)(i % 26 + 0x41);
	return s;
}

static void test_round_trip(void **state)
{
	(void)state;
	size_t len, n;
	char *plain = sample(&len);
	unsigned char *packed;
	for (int effort = EFFORT_FAST; effort <= EFFORT_BEST; effort++) {
		assert_true(encoding_compress(CODING_GZIP, (encoding_effort)effort, plain, len,
					      &packed, &n));
		assert_true(n < len / 10);
		unsigned char *back = malloc(len);
		z_stream z;
		memset(&z, 0, sizeof(z));
		assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
		z.next_in = packed;
		z.avail_in = (uInt)n;
		z.next_out = back;
		z.avail_out = (uInt)len;
		assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
		assert_int_equal(z.total_out, len);
		inflateEnd(&z);
		assert_memory_equal(back, plain, len);
		free(packed);

		assert_true(encoding_compress(CODING_BR, (encoding_effort)effort, plain, len, &packed,
					      &n));
		size_t out = len;
		assert_int_equal(BrotliDecoderDecompress(n, packed, &out, back),
				 BROTLI_DECODER_RESULT_SUCCESS);
		assert_int_equal(out, len);
		assert_memory_equal(back, plain, len);
		free(packed);
		free(back);
	}
	assert_false(encoding_compress(CODING_IDENTITY, EFFORT_FAST, plain, len, &packed, &n));
	assert_null(packed);
	free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_worthwhile),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
