/*
 * test_zip.c - the library's ZIP writer: an archive read back entry by
 * entry through its central directory (names, dates, CRC, inflated data),
 * a builder given up half way, and the same input giving the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "zip.h"

/* A CSV text of about 200 KB whose rows differ, so that deflate has work
 * to do and the archive's sizes are far from the text's. */
static char *sample(size_t *len)
{
	size_t cap = 220000, n = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	for (unsigned row = 0; n + 64 < cap && n < 200000; row++)
		n += (size_t)snprintf(s + n, cap - n, "%u,apmbc,S%03u,accession,%04u-%02u-%02u\r\n", row,
				      row % 197, 1997 + row % 30, 1 + row % 12, 1 + row % 28);
	*len = n;
	return s;
}

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long rd32(const unsigned char *p)
{
	return (unsigned long)rd16(p) | (unsigned long)rd16(p + 2) << 16;
}

/* An archive of two files, read back through its central directory. */
static void test_zip(void **state)
{
	(void)state;
	size_t len, n;
	char *plain = sample(&len);
	zip_builder z;
	char *zip;
	assert_true(zip_begin(&z, 2026, 12, 6));
	assert_true(zip_add(&z, "a.csv", plain, len));
	assert_true(zip_add(&z, "empty.json", "", 0));
	assert_true(zip_finish(&z, &zip, &n));
	const unsigned char *u = (const unsigned char *)zip, *end = u + n - 22;
	assert_int_equal(rd32(end), 0x06054b50);
	assert_int_equal(rd16(end + 10), 2);
	const unsigned char *dir = u + rd32(end + 16);
	static const char *const names[] = { "a.csv", "empty.json" };
	for (int i = 0; i < 2; i++) {
		assert_int_equal(rd32(dir), 0x02014b50);
		assert_int_equal(rd16(dir + 14), ((2026 - 1980) << 9) | (12 << 5) | 6);
		size_t name_len = rd16(dir + 28), size = rd32(dir + 24), packed = rd32(dir + 20);
		assert_int_equal(name_len, strlen(names[i]));
		assert_memory_equal(dir + 46, names[i], name_len);
		const unsigned char *local = u + rd32(dir + 42);
		assert_int_equal(rd32(local), 0x04034b50);
		const unsigned char *data = local + 30 + rd16(local + 26) + rd16(local + 28);
		unsigned char *back = malloc(size + 1);
		z_stream s;
		memset(&s, 0, sizeof(s));
		assert_int_equal(inflateInit2(&s, -15), Z_OK);
		s.next_in = (unsigned char *)(uintptr_t)data;
		s.avail_in = (uInt)packed;
		s.next_out = back;
		s.avail_out = (uInt)size + 1;
		assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
		assert_int_equal(s.total_out, size);
		inflateEnd(&s);
		assert_int_equal(crc32(0, back, (uInt)size), rd32(dir + 16));
		if (i == 0)
			assert_memory_equal(back, plain, len);
		free(back);
		dir += 46 + name_len;
	}
	free(zip);
	/* Given up half way: nothing leaks. */
	assert_true(zip_begin(&z, 1970, 1, 1));
	assert_true(zip_add(&z, "x", "y", 1));
	zip_free(&z);
	free(plain);
}

/* The same files and date make the same archive, byte for byte (the
 * service's ETag and the CLI's file rest on it); another date does not. */
static void test_reproducible(void **state)
{
	(void)state;
	char *a, *b, *c;
	size_t na, nb, nc;
	zip_builder z;
	for (int k = 0; k < 3; k++) {
		assert_true(zip_begin(&z, 2026, k == 2 ? 11 : 12, 6));
		assert_true(zip_add(&z, "a.csv", "x,y\r\n1,2\r\n", 10));
		assert_true(zip_finish(&z, k == 0 ? &a : k == 1 ? &b : &c, k == 0 ? &na : k == 1 ? &nb : &nc));
	}
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	assert_int_equal(na, nc);
	assert_true(memcmp(a, c, na) != 0);
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zip),
		cmocka_unit_test(test_reproducible),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
