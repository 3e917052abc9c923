/*
 * arena.h - a bump allocator for strings that live as long as their owner.
 *
 * The record holds many short strings (notes, URLs, origins) that are all
 * freed together; one arena makes that a handful of allocations instead of
 * millions. Interning gives one copy of repeated strings (source URLs).
 */
#ifndef PACTA_ARENA_H
#define PACTA_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct arena_block arena_block;
struct big_warmer;

typedef struct arena {
	arena_block *head;
	size_t next_block; /* the next block's size; 0: the first's */
	/* Once blocks are of the largest size: the next one, made while
	 * the one before is written and faulted in meanwhile on another
	 * core (big_malloc_warmed()), and its warmer; or NULL. */
	arena_block *spare;
	struct big_warmer *warmer;
	/* intern table: open addressing over string pointers (a hash beside
	 * each would save a probe's compare, but cost a record of 250,000
	 * sources 4 MiB more) */
	const char **slots;
	size_t n_slots, n_used;
	/* The string interned last: acts of one treaty mostly repeat their
	 * source URL, and a compare is cheaper than a hash and a probe. */
	const char *last;
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
/* size bytes aligned to 8; NULL on out-of-memory. */
void *arena_alloc(arena *a, size_t size);
/* A copy of s[0..len) plus NUL; NULL on out-of-memory. */
char *arena_strndup(arena *a, const char *s, size_t len);
/* One shared copy per distinct string; NULL on out-of-memory. */
const char *arena_intern(arena *a, const char *s);
/* The same, first compared with *hint (a string that lives as long as
 * the arena, or NULL), which is returned when equal and otherwise becomes
 * the copy returned: a caller that interns several kinds of string in
 * turn (an act's source, note, territory) keeps one hint per kind, as
 * each kind repeats on its own. */
const char *arena_intern_hint(arena *a, const char *s, const char **hint);

#endif
