/*
 * chain.h - the canonical form of history entries and their content, and
 * the BLAKE2b-256 hashes that chain them (internal to the library).
 *
 * The byte layout is documented in docs/reliability.md; changing it breaks
 * every existing chain, so a new layout needs a new domain tag ("v2") and a
 * migration that re-seals.
 *
 * Nothing here allocates but chain_later and a helped hash (below):
 * libsodium's generichash state (and a small buffer) lives on the caller's
 * stack.
 */
#ifndef PACTA_CHAIN_H
#define PACTA_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>
#include <sqlite3.h>

#define CHAIN_HASH_BYTES 32
#define CHAIN_HEX_BUFSZ (2 * CHAIN_HASH_BYTES + 1)

/* The hash state and a small buffer in front of it: values are a few
 * bytes each, and one update call per value cost more than the hashing. */
#define CHAIN_BUFFER_BYTES 2048
struct chain_helper;
typedef struct chain_state {
	crypto_generichash_state h;
	size_t used, cap;
	unsigned char *buf; /* own, or the helper's slot being filled */
	/* A helped hash (chain_begin_helped()): the bytes put so far, and
	 * the thread hashing them once there are many (or NULL). */
	bool may_help;
	size_t help_after; /* the bytes put before a thread is made */
	size_t put;
	struct chain_helper *helper;
	unsigned char own[CHAIN_BUFFER_BYTES];
} chain_state;

/* Starts a hash with a domain tag ("pacta change v1"), so that a content
 * hash can never be taken for an entry hash. */
void chain_begin(chain_state *h, const char *domain);
/* The same for a hash that may be of many bytes (a large entry's content,
 * checked at each load): past CHAIN_HELP_AFTER bytes, a thread hashes what
 * is put while the caller reads on, and chain_end() waits for it. The same
 * hash either way; without a thread (one that cannot be made, or memory),
 * it is hashed here as chain_begin()'s. chain_end() must follow. */
#define CHAIN_HELP_AFTER ((size_t)8 << 20)
/* The size of each of the helper's slots (its four are malloc'd). */
#define CHAIN_HELP_SLOT_BYTES ((size_t)256 << 10)
void chain_begin_helped(chain_state *h, const char *domain);
/* The same with a thread past `after` bytes (0: from the start); the
 * store's tests make every hash of a check a helped one so. */
void chain_begin_helped_after(chain_state *h, const char *domain, size_t after);
/* A section header: the table name that the following rows come from. */
void chain_section(chain_state *h, const char *table);
/* Columns [first, first + count) of the current row of s, each as a typed,
 * length-prefixed value. */
void chain_row(chain_state *h, sqlite3_stmt *s, int first, int count);
/* The same for a row already read: values v[0, count), each from
 * sqlite3_column_value() of a statement on a connection that one thread
 * uses at a time (SQLITE_OPEN_NOMUTEX), whose unprotected values may then
 * be read with the sqlite3_value_*() functions. */
void chain_values(chain_state *h, sqlite3_value *const *v, int count);
/* A value as chain_values() serializes it: its tag, then its 8 bytes (u:
 * an integer's, or a float's bits) or its length and bytes (data, n; a
 * text's are sqlite3_value_text()'s, NUL-terminated). */
enum {
	CHAIN_NULL = 0x00,
	CHAIN_INTEGER = 0x01,
	CHAIN_FLOAT = 0x02,
	CHAIN_TEXT = 0x03,
	CHAIN_BLOB = 0x04
};
typedef struct chain_value {
	unsigned char tag;
	uint64_t u;
	const void *data;
	size_t n;
} chain_value;
/* chain_values() of v[0, count), each value as it read it kept in f, and
 * values v[count, all) read into f too: a row read once, hashed and then
 * loaded from f, whose data lives as long as the values. */
void chain_values_read(chain_state *h, sqlite3_value *const *v, int count, chain_value *f, int all);

/* Rows serialized now and hashed later, as chain_values() would hash
 * them: a section that a scan reads before the sections in front of it
 * are hashed (the store's load reads its treaty table once for two
 * sections). Zero-initialised, with limit set: the bytes it may hold. */
typedef struct chain_later {
	unsigned char *p;
	size_t used, cap, limit;
	long long rows; /* rows it holds */
	bool over;	/* past its limit or out of memory: it holds too little */
} chain_later;

/* Adds a row of values v[0, count) (as chain_values() reads them); false,
 * and l->over set, when it would pass l->limit or memory runs out. */
bool chain_later_values(chain_later *l, sqlite3_value *const *v, int count);
/* Hashes the rows l holds, as chain_values() would have, each in turn. */
void chain_later_hash(chain_state *h, const chain_later *l);
/* Frees what l holds (NULL-safe contents; l itself is the caller's). */
void chain_later_free(chain_later *l);
/* A section's end: its row count. */
void chain_count(chain_state *h, long long n);
/* Raw bytes of a fixed size (a hash). */
void chain_bytes(chain_state *h, const unsigned char *p, size_t n);
void chain_end(chain_state *h, unsigned char out[CHAIN_HASH_BYTES]);

/* Lower-case hex of a hash. */
void chain_hex(const unsigned char in[CHAIN_HASH_BYTES], char out[CHAIN_HEX_BUFSZ]);

#endif
