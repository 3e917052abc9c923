/*
 * bigalloc.h - malloc, calloc and realloc for blocks that may be large (a
 * record's acts, its index, a compiled status): a block of 2 MiB or more is
 * marked for transparent huge pages before anything is written to it.
 *
 * Why: a record of a million acts is written once into a few hundred MB of
 * fresh memory, and on a virtual machine each 4 KiB page faulted in can cost
 * microseconds; a 2 MiB page is one fault for 512 of them. The kernel may
 * refuse (huge pages off, none free): the block is then paged as any other.
 *
 * A block of 64 KiB or more, or what big_realloc() adds to one under
 * 2 MiB, is also faulted in at once (MADV_POPULATE_WRITE), for it is about
 * to be written: one call into the kernel rather than a trap per page.
 *
 * Blocks are freed with free() and may be grown with realloc(), as any
 * malloc'd block; big_realloc() grows them and keeps the mark.
 */
#ifndef PACTA_BIGALLOC_H
#define PACTA_BIGALLOC_H

#include <stdbool.h>
#include <stddef.h>

/* From this size on a block is marked (the size of a huge page here). */
#define BIG_BLOCK_BYTES ((size_t)2 << 20)
/* From this size on a new block, or what a block under BIG_BLOCK_BYTES
 * grows by, is faulted in when it is made rather than a page at a time as
 * it is first written. */
#define BIG_READY_BYTES ((size_t)64 << 10)

/* As malloc(n); a large block starts on a 2 MiB boundary. For a block
 * made once: one that will grow is better made by big_realloc(NULL, n). */
void *big_malloc(size_t n);
/* As calloc(count, size): NULL on out-of-memory or overflow. */
void *big_calloc(size_t count, size_t size);
/* As realloc(p, n), p's mark kept (or given, when it grows to 2 MiB or
 * more); the block stays p's on failure. */
void *big_realloc(void *p, size_t n);

/* n, or for a block of BIG_BLOCK_BYTES or more, n rounded up to a whole
 * number of huge pages: a caller that can use all of a block asks for
 * this, as its last huge page is a whole one once any of it is written. */
size_t big_block_round(size_t n);

/*
 * A block faulted in by a thread of its own while its writer goes on:
 * a load writes a few hundred MB of fresh memory, and on a virtual
 * machine whose host takes freed memory back, the first touch of each
 * page costs about as much as the load's own work (docs/performance.md,
 * "fresh memory"); two cores fault pages in twice as fast as one. The
 * thread only asks the kernel to fault pages in (MADV_POPULATE_WRITE),
 * 2 MiB at a time from the front, which leaves what the writer wrote as
 * it is: the writer never waits for it, and faults a page itself when it
 * gets there first.
 *
 * Where a page costs only its zeroing (no host to ask, or memory freed a
 * moment ago), the writer does better to fault its pages itself, their
 * zeroed lines then in its own cache: the thread stops after
 * BIG_WARM_QUICK_STEPS steps of 2 MiB in a row that each took less than
 * BIG_WARM_SLOW_NS (also when the writer got there first). A few, not
 * one: memory freed a moment ago comes first, fresh pages after it.
 *
 * big_warm() returns NULL (nothing started, nothing to end) for blocks
 * under BIG_WARM_BYTES, or when the system has no such advice or no
 * thread can be made. big_warm_end() stops the thread between two steps
 * and waits for it: it must come before a block is freed or moved
 * (realloc), and frees the warmer.
 */
#define BIG_WARM_BYTES ((size_t)16 << 20)
/* Blocks, in the order their writer comes to them: [p, p + n) each. */
typedef struct big_range {
	void *p;
	size_t n;
} big_range;
#define BIG_WARM_RANGES 4
typedef struct big_warmer big_warmer;
/* Warms the first BIG_WARM_RANGES of r[0, n) in turn: those of
 * BIG_WARM_BYTES or more (NULL when none is). */
big_warmer *big_warm(const big_range *r, size_t n);
/* 1 ms per 2 MiB: zeroing alone takes a tenth of that here, a host's
 * first touch twenty times as much. */
#define BIG_WARM_SLOW_NS 1000000LL
#define BIG_WARM_QUICK_STEPS 8
/* big_warm() with another threshold (0: never stops early). For tests. */
big_warmer *big_warm_if_slow_(const big_range *r, size_t n, long long slow_ns);
/* NULL-safe. */
void big_warm_end(big_warmer *w);
/* As big_malloc(n), for a block written a while after it is made (the
 * string arena's next block): one of BIG_BLOCK_BYTES or more is faulted
 * in by a warmer's thread, *w (which the caller ends before the block
 * is freed), rather than at once; *w is NULL where big_malloc()'s block
 * is made instead. */
void *big_malloc_warmed(size_t n, big_warmer **w);
/* Whether w's thread has gone over all of its blocks. For tests. */
bool big_warm_done_(big_warmer *w);

/* Whether [p, p + n) was marked for huge pages: false where the system has
 * none. For tests. */
bool big_block_marked_(const void *p, size_t n);

#endif
