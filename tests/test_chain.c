/*
 * test_chain.c - the chain's hashes (chain.h): a helped hash, whose bytes
 * a thread of its own hashes past CHAIN_HELP_AFTER, is the hash of the
 * same bytes put without one, whatever their sizes and however they fall
 * across its slots; and the helper is there while it hashes and gone
 * after chain_end(); and one whose slots or thread cannot be made is
 * hashed inline, the same. The test wraps malloc and pthread_create
 * (-Wl,--wrap) to refuse them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chain.h"
#include "refuse_threads.h"

/* malloc, refusing blocks of exactly refuse_bytes (0: none). */
void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);
static size_t refuse_bytes;
void *__wrap_malloc(size_t n)
{
	if (refuse_bytes && n == refuse_bytes)
		return NULL;
	return __real_malloc(n);
}

/* A deterministic byte of position i of the test's stream. */
static unsigned char byte_at(size_t i)
{
	return (unsigned char)((i * 2654435761u) >> 13);
}

/* Puts `total` bytes into h in pieces of the sizes `sizes` cycles through
 * (0 is a section and a count, a few bytes), through chain_bytes(); true
 * when a helper was seen working at some point. */
static bool put_stream(chain_state *h, size_t total, const size_t *sizes, size_t n_sizes)
{
	static unsigned char piece[3u << 20];
	bool helped = false;
	size_t at = 0, k = 0;
	while (at < total) {
		size_t n = sizes[k++ % n_sizes];
		if (n == 0) {
			chain_section(h, "act");
			chain_count(h, (long long)at);
			continue;
		}
		if (n > total - at)
			n = total - at;
		for (size_t i = 0; i < n; i++)
			piece[i] = byte_at(at + i);
		chain_bytes(h, piece, n);
		at += n;
		helped = helped || h->helper != NULL;
	}
	return helped;
}

static void expect_same(size_t total, const size_t *sizes, size_t n_sizes, bool want_helper)
{
	chain_state plain, helped;
	unsigned char a[CHAIN_HASH_BYTES], b[CHAIN_HASH_BYTES];
	chain_begin(&plain, "pacta content v1");
	assert_false(put_stream(&plain, total, sizes, n_sizes));
	chain_end(&plain, a);
	chain_begin_helped(&helped, "pacta content v1");
	bool seen = put_stream(&helped, total, sizes, n_sizes);
	assert_int_equal(seen, want_helper);
	chain_end(&helped, b);
	assert_null(helped.helper);
	assert_memory_equal(a, b, sizeof(a));
}

static void test_small_hash_unhelped(void **state)
{
	(void)state;
	static const size_t sizes[] = {1, 9, 0, 300, 5};
	expect_same(1u << 20, sizes, 5, false);
}

static void test_helped_hash_is_the_same(void **state)
{
	(void)state;
	/* Values of a few bytes, as rows are, with sections between. */
	static const size_t small[] = {1, 9, 5, 0, 37, 3, 120};
	expect_same(CHAIN_HELP_AFTER + (5u << 20) + 17, small, 7, true);
	/* Runs longer than the own buffer, and than a slot (256 KiB), which
	 * go through the slots in parts. */
	static const size_t large[] = {4096, 1, (600u << 10) + 3, 0, 2047, (3u << 20) - 1};
	expect_same(3 * CHAIN_HELP_AFTER + 11, large, 6, true);
}

/* Different bytes past the point the helper takes over give a different
 * hash: the helper's bytes are hashed, not dropped. */
static void test_helped_hash_sees_every_byte(void **state)
{
	(void)state;
	static const size_t sizes[] = {1000};
	unsigned char a[CHAIN_HASH_BYTES], b[CHAIN_HASH_BYTES];
	chain_state h;
	chain_begin_helped(&h, "d");
	put_stream(&h, CHAIN_HELP_AFTER + (2u << 20), sizes, 1);
	chain_end(&h, a);
	chain_begin_helped(&h, "d");
	put_stream(&h, CHAIN_HELP_AFTER + (2u << 20), sizes, 1);
	unsigned char one = 1;
	chain_bytes(&h, &one, 1);
	chain_end(&h, b);
	assert_memory_not_equal(a, b, sizeof(a));
}

/* Helped from the start (the store's tests ask so): the thread is there
 * before the first byte is put, and the hash of a small stream is the
 * same as a plain one's. */
static void test_helped_from_the_start(void **state)
{
	(void)state;
	static const size_t sizes[] = {1, 9, 5, 0, 37, 3, 120};
	chain_state plain, helped;
	unsigned char a[CHAIN_HASH_BYTES], b[CHAIN_HASH_BYTES];
	chain_begin(&plain, "pacta reference v2");
	put_stream(&plain, 5000, sizes, 7);
	chain_end(&plain, a);
	chain_begin_helped_after(&helped, "pacta reference v2", 0);
	assert_non_null(helped.helper);
	put_stream(&helped, 5000, sizes, 7);
	chain_end(&helped, b);
	assert_null(helped.helper);
	assert_memory_equal(a, b, sizeof(a));
}

/* No memory for the helper's slots: no helper, and the same hash. */
static void test_helper_refused_hashes_inline(void **state)
{
	(void)state;
	static const size_t sizes[] = {1, 9, 5, 0, 37, 3, 120};
	refuse_bytes = CHAIN_HELP_SLOT_BYTES;
	expect_same(CHAIN_HELP_AFTER + (3u << 20), sizes, 7, false);
	refuse_bytes = 0;
}

/* No thread to be had: no helper, and the same hash. */
static void test_helper_thread_refused_hashes_inline(void **state)
{
	(void)state;
	static const size_t sizes[] = {1, 9, 5, 0, 37, 3, 120};
	refuse_threads = true;
	expect_same(CHAIN_HELP_AFTER + (3u << 20), sizes, 7, false);
	refuse_threads = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_hash_unhelped),
		cmocka_unit_test(test_helped_hash_is_the_same),
		cmocka_unit_test(test_helped_hash_sees_every_byte),
		cmocka_unit_test(test_helped_from_the_start),
		cmocka_unit_test(test_helper_refused_hashes_inline),
		cmocka_unit_test(test_helper_thread_refused_hashes_inline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
