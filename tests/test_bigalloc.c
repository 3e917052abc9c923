/*
 * test_bigalloc.c - large blocks (bigalloc.h) and the string arena's
 * growing blocks (arena.h): what they hold, where they start, which are
 * marked for huge pages, and what they refuse.
 */
#define _DEFAULT_SOURCE /* mincore, MADV_POPULATE_WRITE */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "arena.h"
#include "bigalloc.h"
#include "refuse_threads.h"

/* Whether this system has transparent huge pages at all: where it has
 * none, nothing can be marked, and the tests say so instead. */
static bool system_has_huge_pages(void)
{
	return access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0;
}

static void test_round(void **state)
{
	(void)state;
	assert_int_equal(big_block_round(0), 0);
	assert_int_equal(big_block_round(4096), 4096);
	assert_int_equal(big_block_round(BIG_BLOCK_BYTES - 1), BIG_BLOCK_BYTES - 1);
	assert_int_equal(big_block_round(BIG_BLOCK_BYTES), BIG_BLOCK_BYTES);
	assert_int_equal(big_block_round(BIG_BLOCK_BYTES + 1), 2 * BIG_BLOCK_BYTES);
	assert_int_equal(big_block_round(3 * BIG_BLOCK_BYTES - 16), 3 * BIG_BLOCK_BYTES);
	/* Near the top nothing is rounded past SIZE_MAX. */
	assert_int_equal(big_block_round(SIZE_MAX - 5), SIZE_MAX - 5);
}

static void test_small_block_is_plain(void **state)
{
	(void)state;
	unsigned char *p = big_malloc(1000);
	assert_non_null(p);
	memset(p, 0xab, 1000);
	assert_int_equal(p[999], 0xab);
	free(p);
	/* Zero bytes: as malloc(0), NULL or a block free() takes. */
	free(big_malloc(0));
}

static void test_large_block_aligned_and_marked(void **state)
{
	(void)state;
	size_t n = 3 * BIG_BLOCK_BYTES + 123;
	unsigned char *p = big_malloc(n);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % BIG_BLOCK_BYTES, 0);
	memset(p, 0x5a, n);
	assert_int_equal(p[0], 0x5a);
	assert_int_equal(p[n - 1], 0x5a);
	if (system_has_huge_pages())
		assert_true(big_block_marked_(p, n));
	else
		print_message("# no transparent huge pages here: the mark is not checked\n");
	free(p);
}

static void test_calloc_zeroes_and_refuses_overflow(void **state)
{
	(void)state;
	size_t count = BIG_BLOCK_BYTES / 4 + 7;
	uint32_t *p = big_calloc(count, sizeof(*p));
	assert_non_null(p);
	for (size_t i = 0; i < count; i += 4099)
		assert_int_equal(p[i], 0);
	assert_int_equal(p[count - 1], 0);
	if (system_has_huge_pages())
		assert_true(big_block_marked_(p, count * sizeof(*p)));
	free(p);

	char *q = big_calloc(10, 10);
	assert_non_null(q);
	for (int i = 0; i < 100; i++)
		assert_int_equal(q[i], 0);
	free(q);

	assert_null(big_calloc(SIZE_MAX / 2, 3));
	assert_null(big_calloc(3, SIZE_MAX / 2));
}

static void test_realloc_keeps_contents_and_mark(void **state)
{
	(void)state;
	uint32_t *a = NULL;
	size_t n = 0;
	/* Grown by doubling from 16 elements past several huge pages, as
	 * the record's arrays grow. */
	for (size_t cap = 16; cap <= 4 * BIG_BLOCK_BYTES / sizeof(*a); cap *= 2) {
		uint32_t *b = big_realloc(a, cap * sizeof(*a));
		assert_non_null(b);
		a = b;
		for (; n < cap; n++)
			a[n] = (uint32_t)(n * 2654435761u);
	}
	for (size_t i = 0; i < n; i += 997)
		assert_int_equal(a[i], (uint32_t)(i * 2654435761u));
	assert_int_equal(a[n - 1], (uint32_t)((n - 1) * 2654435761u));
	if (system_has_huge_pages())
		assert_true(big_block_marked_(a, n * sizeof(*a)));
	/* Shrunk, it keeps what it keeps. */
	uint32_t *c = big_realloc(a, 1000 * sizeof(*a));
	assert_non_null(c);
	assert_int_equal(c[999], (uint32_t)(999u * 2654435761u));
	free(c);
}

static void test_marks_nothing_small(void **state)
{
	(void)state;
	/* A small block is not marked: the mark is for blocks of huge pages,
	 * and a small one shares its pages with others. (The check reads the
	 * mapping of the block's middle, in the heap; this runs first, as a
	 * large block made in the heap before leaves its pages marked after
	 * it is freed, for whatever the heap puts there next.) */
	char *p = big_malloc(64);
	assert_non_null(p);
	p[0] = 1;
	assert_false(big_block_marked_(p, 64));
	free(p);
}

/* Every string the arena gave keeps its bytes while the arena grows
 * through its block sizes; a request larger than the block size gets a
 * block of its own and the block in use stays in use. */
static void test_arena_grows(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	enum { N = 200000 };
	char **s = malloc(N * sizeof(*s));
	assert_non_null(s);
	char buf[64];
	for (int i = 0; i < N; i++) {
		int len = snprintf(buf, sizeof(buf), "string %d of the arena", i);
		s[i] = arena_strndup(&a, buf, (size_t)len);
		assert_non_null(s[i]);
		if (i == N / 2) {
			/* A large request between small ones. */
			char *big = arena_alloc(&a, 5u << 20);
			assert_non_null(big);
			memset(big, 'x', 5u << 20);
		}
	}
	for (int i = 0; i < N; i++) {
		snprintf(buf, sizeof(buf), "string %d of the arena", i);
		assert_string_equal(s[i], buf);
	}
	/* The block after the large request is the one in use before it:
	 * the next small string follows the last one. */
	char *x = arena_strndup(&a, "ab", 2);
	char *y = arena_strndup(&a, "cd", 2);
	assert_ptr_equal(y, x + 8);
	/* The blocks grew: by now they are large and marked. */
	if (system_has_huge_pages())
		assert_true(big_block_marked_(x, 8));
	free(s);
	arena_free(&a);
}

/* The first block is small: an arena that holds a few strings takes no
 * more than 64 KiB. */
static void test_arena_starts_small(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	char *first = arena_strndup(&a, "a", 1);
	assert_non_null(first);
	assert_true(a.next_block > 65536 && a.next_block < 2 * 65536);
	/* Interned strings are found again after the table grew. */
	const char *kept[1000];
	for (int i = 0; i < 1000; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "u%d", i);
		kept[i] = arena_intern(&a, buf);
		assert_non_null(kept[i]);
	}
	for (int i = 0; i < 1000; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "u%d", i);
		assert_ptr_equal(arena_intern(&a, buf), kept[i]);
	}
	arena_free(&a);
}

/* Once its blocks are of the largest size, the arena makes the next one
 * ahead, faulted in on another thread, and takes it when the current one
 * is full; a small arena makes none; freeing ends the warmer and frees
 * the spare (the sanitizers' run says if either is left). */
static void test_arena_block_made_ahead(void **state)
{
	(void)state;
	arena a;
	arena_init(&a);
	char buf[256];
	memset(buf, 'x', sizeof(buf));
	/* 64 KiB, 128 KiB, ... 2 MiB: under 4 MiB in all, no spare. */
	while (a.next_block < ((size_t)4 << 20) - 64)
		assert_non_null(arena_strndup(&a, buf, sizeof(buf) - 1));
	assert_null(a.spare);
	assert_non_null(arena_strndup(&a, buf, sizeof(buf) - 1));
	/* Strings until a block of the largest size is made: a spare is
	 * made with it. */
	while (!a.spare)
		assert_non_null(arena_strndup(&a, buf, sizeof(buf) - 1));
	const unsigned char *spare = (const unsigned char *)a.spare;
	if (a.warmer) {
		for (int i = 0; i < 60000 && !big_warm_done_(a.warmer); i++)
			usleep(1000);
		assert_true(big_warm_done_(a.warmer));
	}
	/* Filled up, the current block gives way to the spare, and a new
	 * spare is made. */
	char *s = NULL;
	bool in_spare = false;
	for (size_t i = 0; i < 2 * ((size_t)4 << 20) / (sizeof(buf) - 1) && !in_spare; i++) {
		s = arena_strndup(&a, buf, sizeof(buf) - 1);
		assert_non_null(s);
		in_spare = (const unsigned char *)s > spare &&
			   (const unsigned char *)s < spare + ((size_t)4 << 20);
	}
	assert_true(in_spare);
	assert_non_null(a.spare);
	assert_ptr_not_equal(a.spare, spare);
	assert_memory_equal(s, buf, sizeof(buf) - 1);
	arena_free(&a);
	assert_null(a.spare);
	assert_null(a.warmer);
}

/* Whether this kernel fills pages on request (MADV_POPULATE_WRITE, Linux
 * 5.14): where it does not, blocks are faulted in as they are written and
 * the tests below say so instead. */
static bool kernel_populates(void)
{
#ifdef MADV_POPULATE_WRITE
	long page = sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	bool ok = madvise(p, (size_t)page, MADV_POPULATE_WRITE) == 0;
	munmap(p, (size_t)page);
	return ok;
#else
	return false;
#endif
}

/* How many of the whole pages in [p, p + n) are in memory. */
static size_t resident_pages(const void *p, size_t n, size_t *whole)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
	uintptr_t to = ((uintptr_t)p + n) & ~(uintptr_t)(page - 1);
	*whole = to > from ? (to - from) / page : 0;
	if (!*whole)
		return 0;
	unsigned char *vec = malloc(*whole);
	assert_non_null(vec);
	assert_int_equal(mincore((void *)from, to - from, vec), 0);
	size_t in = 0;
	for (size_t i = 0; i < *whole; i++)
		in += vec[i] & 1;
	free(vec);
	return in;
}

/* A new block of 64 KiB or more, and the part a block grows by, are in
 * memory before anything is written to them. (Early in the process, so
 * that the blocks are fresh mappings, not heap that earlier tests used.) */
static void test_blocks_faulted_in_when_made(void **state)
{
	(void)state;
	if (!kernel_populates()) {
		print_message("# this kernel does not fill pages on request: not checked\n");
		return;
	}
	size_t whole, in;
	char *p = big_malloc(BIG_READY_BYTES * 4);
	assert_non_null(p);
	in = resident_pages(p, BIG_READY_BYTES * 4, &whole);
	assert_int_equal(in, whole);
	assert_true(whole >= 60);
	free(p);

	char *q = big_realloc(NULL, BIG_READY_BYTES);
	assert_non_null(q);
	memset(q, 7, BIG_READY_BYTES);
	char *r = big_realloc(q, 16 * BIG_READY_BYTES);
	assert_non_null(r);
	assert_int_equal(r[BIG_READY_BYTES - 1], 7);
	in = resident_pages(r, 16 * BIG_READY_BYTES, &whole);
	assert_int_equal(in, whole);
	free(r);

}

/* A fresh mapping of n bytes, none of it in memory yet. */
static char *fresh_block(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	return p;
}

/* Waits (at most a minute) for w to go over its blocks. */
static bool warm_done_within_a_minute(big_warmer *w)
{
	for (int i = 0; i < 60000 && !big_warm_done_(w); i++)
		usleep(1000);
	return big_warm_done_(w);
}

/* A warmer faults its large blocks in, in turn, on its own thread, and
 * leaves a block under BIG_WARM_BYTES alone (told never to stop early). */
static void test_warm_faults_in(void **state)
{
	(void)state;
	size_t small = BIG_WARM_BYTES / 4, large = BIG_WARM_BYTES + 3 * 4096, whole;
	char *a = fresh_block(small), *b = fresh_block(large), *c = fresh_block(large);
	if (!kernel_populates()) {
		assert_null(big_warm_if_slow_(&(big_range){ b, large }, 1, 0));
		print_message("# this kernel does not fill pages on request: nothing warmed\n");
	} else {
		assert_true(resident_pages(b, large, &whole) < whole);
		big_range r[] = { { a, small }, { b, large }, { NULL, large }, { c + 100, large - 100 } };
		big_warmer *w = big_warm_if_slow_(r, 4, 0);
		assert_non_null(w);
		assert_true(warm_done_within_a_minute(w));
		big_warm_end(w);
		size_t in = resident_pages(b, large, &whole);
		assert_int_equal(in, whole);
		in = resident_pages(c + 100, large - 100, &whole);
		assert_int_equal(in, whole);
		assert_int_equal(resident_pages(a, small, &whole), 0);
		/* Nothing written: the fresh pages read as zeros. */
		for (size_t i = 0; i < large; i += 4096)
			assert_int_equal(b[i], 0);
	}
	munmap(a, small);
	munmap(b, large);
	munmap(c, large);
}

/* Steps quicker than the threshold, a few in a row, end the warming:
 * BIG_WARM_QUICK_STEPS steps of 2 MiB here, the rest left to the writer. */
static void test_warm_stops_where_pages_are_cheap(void **state)
{
	(void)state;
	size_t n = 2 * BIG_WARM_QUICK_STEPS * BIG_BLOCK_BYTES, whole;
	char *p = fresh_block(n);
	big_warmer *w = big_warm_if_slow_(&(big_range){ p, n }, 1, LLONG_MAX);
	if (!w) {
		assert_false(kernel_populates());
		print_message("# this kernel does not fill pages on request: nothing warmed\n");
	} else {
		size_t steps = BIG_WARM_QUICK_STEPS * BIG_BLOCK_BYTES / (size_t)sysconf(_SC_PAGESIZE);
		for (int i = 0; i < 60000 && resident_pages(p, n, &whole) < steps; i++)
			usleep(1000);
		/* Time for a thread that would not stop to go on. */
		usleep(200000);
		assert_false(big_warm_done_(w));
		big_warm_end(w);
		size_t in = resident_pages(p, n, &whole);
		assert_int_equal(in, steps);
	}
	munmap(p, n);
}

/* What the writer writes while the thread faults the same pages in is
 * kept, whoever comes to a page first. */
static void test_warm_keeps_writes(void **state)
{
	(void)state;
	size_t n = 4 * BIG_WARM_BYTES;
	uint32_t *p = (uint32_t *)fresh_block(n);
	big_warmer *w = big_warm_if_slow_(&(big_range){ p, n }, 1, 0);
	for (size_t i = 0; i < n / sizeof(*p); i++)
		p[i] = (uint32_t)(i * 2654435761u);
	big_warm_end(w);
	for (size_t i = 0; i < n / sizeof(*p); i++)
		if (p[i] != (uint32_t)(i * 2654435761u))
			fail_msg("word %zu lost what was written to it", i);
	munmap(p, n);
}

/* Ended at once, the thread stops between two steps, short of the end of
 * a large block; nothing at all is started for blocks too small or
 * missing, and ending nothing is nothing. */
static void test_warm_ends_early_or_not_at_all(void **state)
{
	(void)state;
	size_t n = (size_t)256 << 20, whole;
	char *p = fresh_block(n);
	big_warmer *w = big_warm_if_slow_(&(big_range){ p, n }, 1, 0);
	big_warm_end(w);
	if (kernel_populates())
		assert_true(resident_pages(p, n, &whole) < whole);
	munmap(p, n);

	char small[64];
	big_range none[] = { { small, sizeof(small) }, { NULL, BIG_WARM_BYTES },
			     { small, BIG_WARM_BYTES - 1 } };
	assert_null(big_warm(none, 3));
	assert_null(big_warm(none, 0));
	big_warm_end(NULL);
}

/* No thread to be had: no warmer, and a block big_malloc_warmed() makes
 * is faulted in at once, as big_malloc()'s; the arena goes on alike.
 * (Early, as the test above: its blocks are then fresh mappings.) */
static void test_warm_without_a_thread(void **state)
{
	(void)state;
	size_t n = BIG_WARM_BYTES, whole;
	char *p = fresh_block(n);
	refuse_threads = true;
	assert_null(big_warm_if_slow_(&(big_range){ p, n }, 1, 0));
	munmap(p, n);
	big_warmer *w = (big_warmer *)&w;
	char *q = big_malloc_warmed((size_t)4 << 20, &w);
	assert_non_null(q);
	assert_null(w);
	if (kernel_populates()) {
		size_t in = resident_pages(q, (size_t)4 << 20, &whole);
		assert_int_equal(in, whole);
	}
	free(q);
	arena a;
	arena_init(&a);
	char buf[256];
	memset(buf, 'y', sizeof(buf));
	for (size_t i = 0; i < 3 * ((size_t)4 << 20) / sizeof(buf); i++)
		assert_non_null(arena_strndup(&a, buf, sizeof(buf) - 1));
	assert_non_null(a.spare);
	assert_null(a.warmer);
	arena_free(&a);
	refuse_threads = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_nothing_small),
		cmocka_unit_test(test_blocks_faulted_in_when_made),
		cmocka_unit_test(test_warm_without_a_thread),
		cmocka_unit_test(test_warm_faults_in),
		cmocka_unit_test(test_warm_keeps_writes),
		cmocka_unit_test(test_warm_stops_where_pages_are_cheap),
		cmocka_unit_test(test_warm_ends_early_or_not_at_all),
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_small_block_is_plain),
		cmocka_unit_test(test_large_block_aligned_and_marked),
		cmocka_unit_test(test_calloc_zeroes_and_refuses_overflow),
		cmocka_unit_test(test_realloc_keeps_contents_and_mark),
		cmocka_unit_test(test_arena_grows),
		cmocka_unit_test(test_arena_starts_small),
		cmocka_unit_test(test_arena_block_made_ahead),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
