/*
 * chain.c - the canonical serialization of history entries and of the rows
 * they added, hashed with BLAKE2b-256 (libsodium's crypto_generichash).
 *
 * Every value is written with its type and length, so that no two
 * different rows can serialize to the same bytes:
 *   NULL    0x00
 *   INTEGER 0x01, then 8 bytes big-endian two's complement
 *   REAL    0x02, then the 8 bytes of the IEEE double, big-endian
 *   TEXT    0x03, then a 4-byte big-endian length, then the bytes
 *   BLOB    0x04, then a 4-byte big-endian length, then the bytes
 * A row is 'R' and a 2-byte column count before its values; a section is 'S'
 * and the table name as TEXT; a section ends with 'E' and its row count as
 * INTEGER.
 *
 * What this module must never do: read anything but the statement it is
 * given, or depend on the machine's byte order.
 */
#include "chain.h"
#include "bigalloc.h"
#include "inline.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- A helped hash ----
 *
 * A checked load reads every row of the database and hashes it; on a
 * large record the hashing is a third of the load. Past CHAIN_HELP_AFTER
 * bytes a helped hash writes its bytes into slots that a thread of its
 * own hashes in order, while the caller reads the next rows: the same
 * bytes into the same state, in the same order, so the same hash. The
 * caller waits only when every slot is still being hashed. The thread
 * owns the hash state from its start until chain_end() joins it. */

#define HELP_SLOTS 4
#define HELP_SLOT_BYTES CHAIN_HELP_SLOT_BYTES

typedef struct chain_helper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed; /* a slot handed over or hashed, or the end */
	crypto_generichash_state *state;
	unsigned char *slot[HELP_SLOTS];
	size_t len[HELP_SLOTS];
	/* Slots handed over and slots hashed, counted from the start: the
	 * caller fills slot[handed % HELP_SLOTS], the thread hashes
	 * slot[hashed % HELP_SLOTS] while hashed < handed. */
	size_t handed, hashed;
	bool done;
} chain_helper;

static void *helper_run(void *arg)
{
	chain_helper *k = arg;
	pthread_mutex_lock(&k->lock);
	for (;;) {
		while (k->hashed == k->handed && !k->done)
			pthread_cond_wait(&k->changed, &k->lock);
		if (k->hashed == k->handed)
			break;
		size_t i = k->hashed % HELP_SLOTS;
		pthread_mutex_unlock(&k->lock);
		crypto_generichash_update(k->state, k->slot[i], k->len[i]);
		pthread_mutex_lock(&k->lock);
		k->hashed++;
		pthread_cond_signal(&k->changed);
	}
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

static void helper_free(chain_helper *k)
{
	for (int i = 0; i < HELP_SLOTS; i++)
		free(k->slot[i]);
	free(k);
}

/* Starts h's helper once its own buffer is hashed (h->used is 0); h
 * stays unhelped when a slot, a lock or the thread cannot be made. */
static void helper_start(chain_state *h)
{
	h->may_help = false; /* one try */
	chain_helper *k = calloc(1, sizeof(*k));
	if (!k)
		return;
	for (int i = 0; i < HELP_SLOTS; i++) {
		if (!(k->slot[i] = malloc(HELP_SLOT_BYTES))) {
			helper_free(k);
			return;
		}
	}
	k->state = &h->h;
	if (pthread_mutex_init(&k->lock, NULL) != 0) {
		helper_free(k);
		return;
	}
	if (pthread_cond_init(&k->changed, NULL) != 0) {
		pthread_mutex_destroy(&k->lock);
		helper_free(k);
		return;
	}
	if (pthread_create(&k->thread, NULL, helper_run, k) != 0) {
		pthread_cond_destroy(&k->changed);
		pthread_mutex_destroy(&k->lock);
		helper_free(k);
		return;
	}
	h->helper = k;
	h->buf = k->slot[0];
	h->cap = HELP_SLOT_BYTES;
}

/* Hands the slot h filled to its helper and takes the next one, waiting
 * while the helper still hashes it. */
static void helper_hand(chain_state *h)
{
	chain_helper *k = h->helper;
	pthread_mutex_lock(&k->lock);
	k->len[k->handed % HELP_SLOTS] = h->used;
	k->handed++;
	pthread_cond_signal(&k->changed);
	while (k->handed - k->hashed >= HELP_SLOTS)
		pthread_cond_wait(&k->changed, &k->lock);
	h->buf = k->slot[k->handed % HELP_SLOTS];
	pthread_mutex_unlock(&k->lock);
	h->used = 0;
}

/* Hands over what h holds, waits for the helper to hash all of it and
 * to end; h is unhelped after, its state whole. */
static void helper_finish(chain_state *h)
{
	chain_helper *k = h->helper;
	if (h->used)
		helper_hand(h);
	pthread_mutex_lock(&k->lock);
	k->done = true;
	pthread_cond_signal(&k->changed);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->thread, NULL);
	pthread_cond_destroy(&k->changed);
	pthread_mutex_destroy(&k->lock);
	helper_free(k);
	h->helper = NULL;
	h->buf = h->own;
	h->cap = sizeof(h->own);
	h->used = 0;
}

/* What h's buffer holds, into the hash: here, or handed to its helper
 * (started here once a helped hash has put enough). */
static void flush(chain_state *h)
{
	if (h->helper) {
		helper_hand(h);
		return;
	}
	crypto_generichash_update(&h->h, h->buf, h->used);
	h->put += h->used;
	h->used = 0;
	if (h->may_help && h->put >= h->help_after)
		helper_start(h);
}

/* Bytes into the hash, through the buffer; without a helper, a run
 * larger than the buffer goes straight in, after what the buffer holds. */
static void put_bytes(chain_state *h, const unsigned char *p, size_t n)
{
	while (n > h->cap - h->used) {
		if (!h->helper && n > h->cap && !h->may_help) {
			crypto_generichash_update(&h->h, h->buf, h->used);
			h->used = 0;
			crypto_generichash_update(&h->h, p, n);
			return;
		}
		size_t part = h->cap - h->used;
		memcpy(h->buf + h->used, p, part);
		h->used += part;
		p += part;
		n -= part;
		flush(h);
	}
	memcpy(h->buf + h->used, p, n);
	h->used += n;
}

static void put_u64(chain_state *h, uint64_t v)
{
	unsigned char b[8];

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xffu);
		v >>= 8;
	}
	put_bytes(h, b, sizeof(b));
}

static void put_len(chain_state *h, size_t n)
{
	unsigned char b[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
			      (unsigned char)(n >> 8), (unsigned char)n};

	put_bytes(h, b, sizeof(b));
}

static void put_tag(chain_state *h, unsigned char tag)
{
	put_bytes(h, &tag, 1);
}

static void put_text(chain_state *h, const char *s, size_t n)
{
	put_tag(h, 0x03);
	put_len(h, n);
	put_bytes(h, (const unsigned char *)s, n);
}

void chain_begin(chain_state *h, const char *domain)
{
	crypto_generichash_init(&h->h, NULL, 0, CHAIN_HASH_BYTES);
	h->buf = h->own;
	h->cap = sizeof(h->own);
	h->used = 0;
	h->may_help = false;
	h->help_after = SIZE_MAX;
	h->put = 0;
	h->helper = NULL;
	put_text(h, domain, strlen(domain));
}

void chain_begin_helped_after(chain_state *h, const char *domain, size_t after)
{
	chain_begin(h, domain);
	h->may_help = true;
	h->help_after = after;
	if (after == 0)
		flush(h); /* the domain hashed, and the thread made now */
}

void chain_begin_helped(chain_state *h, const char *domain)
{
	chain_begin_helped_after(h, domain, CHAIN_HELP_AFTER);
}

void chain_section(chain_state *h, const char *table)
{
	put_tag(h, 'S');
	put_text(h, table, strlen(table));
}

/* A column is read as sqlite3_column_value() and then the value's own
 * accessors, one call into the statement rather than three: the store's
 * connection is used by one thread at a time (SQLITE_OPEN_NOMUTEX), so its
 * unprotected values may be read so. */
typedef chain_value value_form;


ALWAYS_INLINE void value_read(sqlite3_value *v, value_form *f)
{
	int type = sqlite3_value_type(v), k;

	f->n = 0;
	switch (type) {
	case SQLITE_INTEGER:
		f->tag = CHAIN_INTEGER;
		f->u = (uint64_t)sqlite3_value_int64(v);
		break;
	case SQLITE_FLOAT: {
		double d = sqlite3_value_double(v);
		f->tag = CHAIN_FLOAT;
		memcpy(&f->u, &d, sizeof(f->u));
		break;
	}
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		/* The text's bytes as stored; a failed conversion (out of
		 * memory) hashes as empty and so cannot match. */
		f->tag = type == SQLITE_TEXT ? CHAIN_TEXT : CHAIN_BLOB;
		f->data = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) :
						sqlite3_value_blob(v);
		k = sqlite3_value_bytes(v);
		f->n = f->data && k > 0 ? (size_t)k : 0;
		break;
	default:
		f->tag = CHAIN_NULL;
		break;
	}
}

/* The bytes of f's head: the tag and the 8 bytes or the length. */
ALWAYS_INLINE size_t value_head_size(const value_form *f)
{
	return f->tag == 0x01 || f->tag == 0x02 ? 9 : f->tag ? 5 : 1;
}

/* Writes f's head at b. */
ALWAYS_INLINE void value_head(unsigned char *b, const value_form *f)
{
	b[0] = f->tag;
	if (f->tag == 0x01 || f->tag == 0x02) {
		uint64_t u = f->u;
		b[1] = (unsigned char)(u >> 56);
		b[2] = (unsigned char)(u >> 48);
		b[3] = (unsigned char)(u >> 40);
		b[4] = (unsigned char)(u >> 32);
		b[5] = (unsigned char)(u >> 24);
		b[6] = (unsigned char)(u >> 16);
		b[7] = (unsigned char)(u >> 8);
		b[8] = (unsigned char)u;
	} else if (f->tag) {
		b[1] = (unsigned char)(f->n >> 24);
		b[2] = (unsigned char)(f->n >> 16);
		b[3] = (unsigned char)(f->n >> 8);
		b[4] = (unsigned char)f->n;
	}
}

/* A value that does not fit the buffer's rest. */
static __attribute__((noinline)) void put_value_through(chain_state *h, const value_form *f)
{
	unsigned char head[9];

	value_head(head, f);
	put_bytes(h, head, value_head_size(f));
	if (f->n)
		put_bytes(h, f->data, f->n);
}

/* One value read, written straight into the buffer when it fits (the
 * usual short value), else through put_bytes. */
ALWAYS_INLINE void put_form(chain_state *h, const value_form *f)
{
	size_t k = value_head_size(f);
	if (k + f->n > h->cap - h->used) {
		put_value_through(h, f);
		return;
	}
	value_head(h->buf + h->used, f);
	if (f->n)
		memcpy(h->buf + h->used + k, f->data, f->n);
	h->used += k + f->n;
}

ALWAYS_INLINE void put_value(chain_state *h, sqlite3_value *v)
{
	value_form f;

	value_read(v, &f);
	put_form(h, &f);
}

static void row_head(unsigned char head[3], int count)
{
	head[0] = 'R';
	head[1] = (unsigned char)((unsigned)count >> 8);
	head[2] = (unsigned char)count;
}

static void put_row_head(chain_state *h, int count)
{
	unsigned char head[3];

	row_head(head, count);
	put_bytes(h, head, sizeof(head));
}

void chain_row(chain_state *h, sqlite3_stmt *s, int first, int count)
{
	put_row_head(h, count);
	for (int i = first; i < first + count; i++)
		put_value(h, sqlite3_column_value(s, i));
}

void chain_values(chain_state *h, sqlite3_value *const *v, int count)
{
	put_row_head(h, count);
	for (int i = 0; i < count; i++)
		put_value(h, v[i]);
}

void chain_values_read(chain_state *h, sqlite3_value *const *v, int count, chain_value *f, int all)
{
	put_row_head(h, count);
	for (int i = 0; i < count; i++) {
		value_read(v[i], &f[i]);
		put_form(h, &f[i]);
	}
	for (int i = count; i < all; i++)
		value_read(v[i], &f[i]);
}

/* later_room() when l must grow. */
static __attribute__((noinline)) bool later_grow(chain_later *l, size_t n)
{
	if (l->over || n > l->limit || l->used > l->limit - n) {
		l->over = true;
		return false;
	}
	size_t cap = l->cap ? l->cap : l->limit < 4096 ? l->limit : 4096;
	while (cap < l->used + n)
		cap = cap > l->limit / 2 ? l->limit : 2 * cap;
	unsigned char *p = big_realloc(l->p, cap);
	if (!p) {
		l->over = true;
		return false;
	}
	l->p = p;
	l->cap = cap;
	return true;
}

/* Room for n more bytes in l: false (and l given up) past its limit or
 * out of memory. Its capacity never passes its limit. */
ALWAYS_INLINE bool later_room(chain_later *l, size_t n)
{
	return n <= l->cap - l->used || later_grow(l, n);
}

bool chain_later_values(chain_later *l, sqlite3_value *const *v, int count)
{
	if (l->over || !later_room(l, 3))
		return false;
	row_head(l->p + l->used, count);
	l->used += 3;
	for (int i = 0; i < count; i++) {
		value_form f;
		f.u = 0; /* read only when set, which the compiler cannot see */
		value_read(v[i], &f);
		size_t k = value_head_size(&f);
		if (!later_room(l, k + f.n))
			return false;
		value_head(l->p + l->used, &f);
		if (f.n)
			memcpy(l->p + l->used + k, f.data, f.n);
		l->used += k + f.n;
	}
	l->rows++;
	return true;
}

void chain_later_hash(chain_state *h, const chain_later *l)
{
	if (l->used)
		put_bytes(h, l->p, l->used);
}

void chain_later_free(chain_later *l)
{
	free(l->p);
	l->p = NULL;
	l->used = l->cap = 0;
}

void chain_count(chain_state *h, long long n)
{
	put_tag(h, 'E');
	put_tag(h, 0x01);
	put_u64(h, (uint64_t)n);
}

void chain_bytes(chain_state *h, const unsigned char *p, size_t n)
{
	put_bytes(h, p, n);
}

void chain_end(chain_state *h, unsigned char out[CHAIN_HASH_BYTES])
{
	if (h->helper)
		helper_finish(h);
	crypto_generichash_update(&h->h, h->buf, h->used);
	h->used = 0;
	crypto_generichash_final(&h->h, out, CHAIN_HASH_BYTES);
}

void chain_hex(const unsigned char in[CHAIN_HASH_BYTES], char out[CHAIN_HEX_BUFSZ])
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < CHAIN_HASH_BYTES; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * CHAIN_HASH_BYTES] = '\0';
}
