/*
 * arena.c - bump allocation in blocks of 64 KiB, each twice the one before
 * up to 4 MiB (bigger requests get their own block), plus a string intern
 * table. Never frees piecemeal.
 *
 * Why blocks grow: a small record takes one small block, and a record of
 * a treaty series (some 60 MB of strings) takes blocks of two huge pages
 * each (bigalloc.h) instead of a thousand blocks in small ones, each page
 * of which is a fault of its own. Once they are that large, the next
 * block is made ahead and faulted in on another core while the current
 * one is written (big_malloc_warmed()).
 */
#include "arena.h"
#include "bigalloc.h"

#include <stdlib.h>
#include <string.h>

/* The first block: with its header, 64 KiB. */
#define ARENA_BLOCK (65536u - sizeof(arena_block))

struct arena_block {
	arena_block *next;
	size_t used, size;
	_Alignas(8) unsigned char data[];
};

/* The largest block that a request of its own size does not make: with
 * its header, 4 MiB. */
#define ARENA_BLOCK_MAX (((size_t)4 << 20) - sizeof(arena_block))

void arena_init(arena *a)
{
	memset(a, 0, sizeof(*a));
}

void arena_free(arena *a)
{
	if (!a)
		return;
	big_warm_end(a->warmer);
	free(a->spare);
	arena_block *b = a->head;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	free(a->slots);
	memset(a, 0, sizeof(*a));
}

void *arena_alloc(arena *a, size_t size)
{
	size = (size + 7u) & ~(size_t)7u;
	if (size == 0)
		size = 8;
	arena_block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t step = a->next_block ? a->next_block : ARENA_BLOCK;
		size_t cap = size > step ? big_block_round(sizeof(arena_block) + size) -
						   sizeof(arena_block) :
					   step;
		arena_block *nb;
		if (a->spare && cap == ARENA_BLOCK_MAX) {
			big_warm_end(a->warmer);
			nb = a->spare;
			a->spare = NULL;
			a->warmer = NULL;
		} else {
			nb = big_malloc(sizeof(*nb) + cap);
		}
		if (!nb)
			return NULL;
		/* A record with this many strings has more to come: the block
		 * after this one is faulted in while this one is written.
		 * Without it (no memory), the next is made when needed. */
		if (cap == ARENA_BLOCK_MAX && !a->spare)
			a->spare = big_malloc_warmed(sizeof(*nb) + ARENA_BLOCK_MAX, &a->warmer);
		nb->used = 0;
		nb->size = cap;
		if (size <= step)
			a->next_block = step >= ARENA_BLOCK_MAX / 2 ?
						ARENA_BLOCK_MAX :
						2 * (step + sizeof(arena_block)) - sizeof(arena_block);
		if (b && size > step) {
			/* Keep the partly used head block current. */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* A hash of s[0..len), eight bytes at a time: a source URL is some 60
 * bytes, and FNV-1a's byte at a time cost more than the rest of adding an
 * act. Only slots depend on it (nothing stored or ordered by it). */
static uint64_t hash_bytes(const char *s, size_t len)
{
	const uint64_t k = 0xff51afd7ed558ccdu; /* MurmurHash3's fmix64 */
	uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;
	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, len);
	h = (h ^ w) * k;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 33);
}

static int intern_grow(arena *a)
{
	size_t n = a->n_slots ? a->n_slots * 2 : 256;
	const char **slots = big_calloc(n, sizeof(*slots));
	if (!slots)
		return -1;
	for (size_t i = 0; i < a->n_slots; i++) {
		const char *s = a->slots[i];
		if (!s)
			continue;
		size_t j = (size_t)hash_bytes(s, strlen(s)) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = s;
	}
	free(a->slots);
	a->slots = slots;
	a->n_slots = n;
	return 0;
}

const char *arena_intern(arena *a, const char *s)
{
	if (a->last && strcmp(a->last, s) == 0)
		return a->last;
	if ((a->n_used + 1) * 2 > a->n_slots && intern_grow(a) != 0)
		return NULL;
	size_t len = strlen(s);
	size_t j = (size_t)hash_bytes(s, len) & (a->n_slots - 1);
	for (; a->slots[j]; j = (j + 1) & (a->n_slots - 1))
		if (strcmp(a->slots[j], s) == 0)
			return a->last = a->slots[j];
	char *copy = arena_strndup(a, s, len);
	if (!copy)
		return NULL;
	a->slots[j] = copy;
	a->n_used++;
	return a->last = copy;
}

const char *arena_intern_hint(arena *a, const char *s, const char **hint)
{
	if (*hint && strcmp(*hint, s) == 0)
		return *hint;
	const char *copy = arena_intern(a, s);
	if (copy)
		*hint = copy;
	return copy;
}
