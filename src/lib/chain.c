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

#include <string.h>

/* Bytes into the hash, through the buffer; a run larger than the buffer
 * goes straight in, after what the buffer holds. */
static void put_bytes(chain_state *h, const unsigned char *p, size_t n)
{
	if (n > sizeof(h->buf) - h->used) {
		crypto_generichash_update(&h->h, h->buf, h->used);
		h->used = 0;
		if (n > sizeof(h->buf)) {
			crypto_generichash_update(&h->h, p, n);
			return;
		}
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
	h->used = 0;
	put_text(h, domain, strlen(domain));
}

void chain_section(chain_state *h, const char *table)
{
	put_tag(h, 'S');
	put_text(h, table, strlen(table));
}

/* A TEXT or BLOB value: tag, length, bytes, written straight into the
 * buffer when they fit (the usual short value), else through put_bytes. */
static void put_sized(chain_state *h, unsigned char tag, const void *p, size_t n)
{
	if (5 + n > sizeof(h->buf) - h->used) {
		put_tag(h, tag);
		put_len(h, n);
		put_bytes(h, p, n);
		return;
	}
	unsigned char *b = h->buf + h->used;
	b[0] = tag;
	b[1] = (unsigned char)(n >> 24);
	b[2] = (unsigned char)(n >> 16);
	b[3] = (unsigned char)(n >> 8);
	b[4] = (unsigned char)n;
	if (n)
		memcpy(b + 5, p, n);
	h->used += 5 + n;
}

/* One value. A column is read as sqlite3_column_value() and then the
 * value's own accessors, one call into the statement rather than three:
 * the store's connection is used by one thread at a time
 * (SQLITE_OPEN_NOMUTEX), so its unprotected values may be read so. */
static void put_value(chain_state *h, sqlite3_value *v)
{
	switch (sqlite3_value_type(v)) {
	case SQLITE_INTEGER:
		put_tag(h, 0x01);
		put_u64(h, (uint64_t)sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT: {
		double d = sqlite3_value_double(v);
		uint64_t u;
		memcpy(&u, &d, sizeof(u));
		put_tag(h, 0x02);
		put_u64(h, u);
		break;
	}
	case SQLITE_TEXT: {
		/* The text's bytes as stored; a failed conversion (out of
		 * memory) hashes as empty and so cannot match. */
		const unsigned char *t = sqlite3_value_text(v);
		int n = sqlite3_value_bytes(v);
		put_sized(h, 0x03, t ? (const char *)t : "", t && n > 0 ? (size_t)n : 0);
		break;
	}
	case SQLITE_BLOB: {
		const void *b = sqlite3_value_blob(v);
		int n = sqlite3_value_bytes(v);
		put_sized(h, 0x04, b, b && n > 0 ? (size_t)n : 0);
		break;
	}
	default:
		put_tag(h, 0x00);
		break;
	}
}

static void put_row_head(chain_state *h, int count)
{
	unsigned char head[3] = {'R', (unsigned char)((unsigned)count >> 8),
				 (unsigned char)count};

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
