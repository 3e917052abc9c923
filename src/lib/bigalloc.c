/*
 * bigalloc.c - large blocks marked for transparent huge pages.
 *
 * The mark (madvise MADV_HUGEPAGE) covers the block's whole pages; the
 * kernel puts a huge page wherever a whole aligned 2 MiB of the marked
 * range is written, and small pages at the ends. So a block made at once
 * starts on a 2 MiB boundary, all of it in huge pages. A block that grows
 * (big_realloc) does not: with glibc a large block is a mapping of its own,
 * which realloc() grows in place or moves (mremap) as long as it stays one
 * mapping, and the mark goes with it; marking it exactly, from its first
 * page to the end of its usable size, keeps it one mapping, at the cost of
 * small pages at its two ends.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include "bigalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__linux__) && defined(MADV_HUGEPAGE)
#define BIG_CAN_MARK 1
#else
#define BIG_CAN_MARK 0
#endif

static size_t usable_size(void *p, size_t n)
{
#if defined(__GLIBC__)
	size_t u = malloc_usable_size(p);
	return u > n ? u : n;
#else
	return n;
#endif
}

#if BIG_CAN_MARK
/* The page size less one, or 0 when the system does not say. */
static uintptr_t page_mask(void)
{
	long page = sysconf(_SC_PAGESIZE);
	return page > 0 ? (uintptr_t)page - 1 : 0;
}
#endif

/* Marks p's pages; the advice may be refused, which changes nothing else. */
static void mark(void *p, size_t n)
{
#if BIG_CAN_MARK
	uintptr_t mask = page_mask();
	if (!p || n < BIG_BLOCK_BYTES || !mask)
		return;
	uintptr_t from = (uintptr_t)p & ~mask;
	uintptr_t to = ((uintptr_t)p + usable_size(p, n) + mask) & ~mask;
	(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* Faults p's whole pages in at once, as writable: one call into the
 * kernel instead of a trap at the first write of each page, which on a
 * virtual machine costs microseconds a page (docs/performance.md). Only
 * for what is written next: a new block, the part a block grew by. */
static void ready(void *p, size_t n)
{
#if BIG_CAN_MARK && defined(MADV_POPULATE_WRITE)
	uintptr_t mask = page_mask();
	if (!p || n < BIG_READY_BYTES || !mask)
		return;
	uintptr_t from = ((uintptr_t)p + mask) & ~mask;
	uintptr_t to = ((uintptr_t)p + n) & ~mask;
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

void *big_malloc(size_t n)
{
#if BIG_CAN_MARK
	void *p = NULL;
	if (n < BIG_BLOCK_BYTES) {
		p = malloc(n);
		ready(p, n);
		return p;
	}
	if (posix_memalign(&p, BIG_BLOCK_BYTES, n) != 0)
		return NULL;
	mark(p, n);
	ready(p, n);
	return p;
#else
	return malloc(n);
#endif
}

void *big_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		return NULL;
	size_t n = count * size;
	if (n < BIG_READY_BYTES)
		return calloc(count, size);
	/* Marked and faulted in before it is zeroed: huge pages, or small
	 * ones without a trap each. */
	void *p = big_malloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void *big_realloc(void *p, size_t n)
{
	size_t old = p ? usable_size(p, 0) : 0;
	void *q = realloc(p, n);
	mark(q, n);
	/* A block of huge pages takes a trap per 2 MiB as it is written, and
	 * its new half may stay unused a long while: left to be written. */
	if (q && n > old && n < BIG_BLOCK_BYTES)
		ready((char *)q + old, n - old);
	return q;
}

struct big_warmer {
	pthread_t thread;
	char *from[BIG_WARM_RANGES], *to[BIG_WARM_RANGES];
	size_t n;
	long long slow_ns;
	atomic_bool stop, done;
};

#if BIG_CAN_MARK && defined(MADV_POPULATE_WRITE)
static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void *warm_run(void *arg)
{
	big_warmer *w = arg;
	bool whole = true;
	int quick = 0; /* whole steps in a row that came quickly */
	for (size_t i = 0; i < w->n && whole && quick < BIG_WARM_QUICK_STEPS; i++) {
		char *at = w->from[i];
		while (at < w->to[i] && quick < BIG_WARM_QUICK_STEPS &&
		       !atomic_load_explicit(&w->stop, memory_order_relaxed)) {
			size_t left = (size_t)(w->to[i] - at);
			size_t n = left < BIG_BLOCK_BYTES ? left : BIG_BLOCK_BYTES;
			long long t0 = now_ns();
			/* Refused (out of memory): the writer's own faults
			 * say so. */
			if (madvise(at, n, MADV_POPULATE_WRITE) != 0)
				break;
			/* Pages that cost the writer little (or it got
			 * there first): a few such steps in a row end it. */
			if (n == BIG_BLOCK_BYTES)
				quick = now_ns() - t0 < w->slow_ns ? quick + 1 : 0;
			at += n;
		}
		whole = at >= w->to[i];
	}
	atomic_store(&w->done, whole && quick < BIG_WARM_QUICK_STEPS);
	return NULL;
}
#endif

/* big_warm_if_slow_() of the ranges of min bytes or more. */
static big_warmer *warm_start(const big_range *r, size_t n, size_t min, long long slow_ns)
{
#if BIG_CAN_MARK && defined(MADV_POPULATE_WRITE)
	uintptr_t mask = page_mask();
	if (!mask)
		return NULL;
	big_warmer *w = malloc(sizeof(*w));
	if (!w)
		return NULL;
	w->n = 0;
	w->slow_ns = slow_ns;
	for (size_t i = 0; i < n && w->n < BIG_WARM_RANGES; i++) {
		if (!r[i].p || r[i].n < min)
			continue;
		w->from[w->n] = (char *)(((uintptr_t)r[i].p + mask) & ~mask);
		w->to[w->n] = (char *)(((uintptr_t)r[i].p + r[i].n) & ~mask);
		w->n++;
	}
	atomic_init(&w->stop, false);
	atomic_init(&w->done, false);
	if (!w->n || pthread_create(&w->thread, NULL, warm_run, w) != 0) {
		free(w);
		return NULL;
	}
	return w;
#else
	(void)r;
	(void)n;
	(void)min;
	(void)slow_ns;
	return NULL;
#endif
}

big_warmer *big_warm_if_slow_(const big_range *r, size_t n, long long slow_ns)
{
	return warm_start(r, n, BIG_WARM_BYTES, slow_ns);
}

big_warmer *big_warm(const big_range *r, size_t n)
{
	return big_warm_if_slow_(r, n, BIG_WARM_SLOW_NS);
}

void *big_malloc_warmed(size_t n, big_warmer **w)
{
	*w = NULL;
#if BIG_CAN_MARK
	void *p = NULL;
	if (n < BIG_BLOCK_BYTES)
		return big_malloc(n);
	if (posix_memalign(&p, BIG_BLOCK_BYTES, n) != 0)
		return NULL;
	mark(p, n);
	*w = warm_start(&(big_range){ p, n }, 1, BIG_BLOCK_BYTES, BIG_WARM_SLOW_NS);
	if (!*w)
		ready(p, n);
	return p;
#else
	return malloc(n);
#endif
}

void big_warm_end(big_warmer *w)
{
	if (!w)
		return;
	atomic_store(&w->stop, true);
	pthread_join(w->thread, NULL);
	free(w);
}

bool big_warm_done_(big_warmer *w)
{
	return w && atomic_load(&w->done);
}

size_t big_block_round(size_t n)
{
	if (n < BIG_BLOCK_BYTES || n > SIZE_MAX - BIG_BLOCK_BYTES)
		return n;
	return (n + BIG_BLOCK_BYTES - 1) & ~(BIG_BLOCK_BYTES - 1);
}

bool big_block_marked_(const void *p, size_t n)
{
#if BIG_CAN_MARK
	/* The mapping that holds p, as /proc/self/smaps describes it: its
	 * "VmFlags" line says "hg" when it was advised MADV_HUGEPAGE. */
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return false;
	char line[512];
	bool inside = false, marked = false, found = false;
	uintptr_t at = (uintptr_t)p + n / 2;
	while (!found && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2) {
			inside = at >= lo && at < hi;
		} else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
			marked = strstr(line, " hg") != NULL;
			found = true;
		}
	}
	fclose(f);
	return marked;
#else
	(void)p;
	(void)n;
	return false;
#endif
}
