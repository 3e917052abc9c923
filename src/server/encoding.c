/*
 * encoding.c - Accept-Encoding negotiation and compression (encoding.h).
 *
 * What this module must never do: read past a header it is given, or
 * send a coding the client refused with q=0.
 */
#include "encoding.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <brotli/encode.h>
/* next_in is const: the input is never written. */
#define ZLIB_CONST
#include <zlib.h>

const char *encoding_name(content_coding c)
{
	switch (c) {
	case CODING_GZIP:
		return "gzip";
	case CODING_BR:
		return "br";
	default:
		return "identity";
	}
}

/* A q-value ("1", "0.5", "0.001") in thousandths; -1 when malformed. */
static int qvalue(const char *s, size_t n)
{
	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000, scale = 100;
	if (n > 1) {
		if (s[1] != '.' || n > 5)
			return -1;
		for (size_t i = 2; i < n; i++, scale /= 10) {
			if (!isdigit((unsigned char)s[i]))
				return -1;
			q += (s[i] - '0') * scale;
		}
	}
	return q > 1000 ? -1 : q;
}

/* Which entry of the list a coding name is: 0 identity, 1 gzip, 2 br,
 * 3 "*", -1 another. */
static int coding_index(const char *s, size_t n)
{
	static const char *const names[] = { "identity", "gzip", "br", "*" };
	for (int i = 0; i < 4; i++)
		if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0)
			return i;
	if (n == 6 && strncasecmp(s, "x-gzip", 6) == 0)
		return CODING_GZIP;
	return -1;
}

content_coding encoding_choose(const char *header)
{
	/* The q-value each coding was given (-1: not named), and "*"'s. */
	int q[4] = { -1, -1, -1, -1 };
	if (!header)
		return CODING_IDENTITY;
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *name = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
			p++;
		size_t name_len = (size_t)(p - name);
		int weight = 1000;
		/* Parameters: only q counts. */
		while (*p && *p != ',') {
			while (*p == ' ' || *p == '\t' || *p == ';')
				p++;
			const char *prm = p;
			while (*p && *p != ',' && *p != ';')
				p++;
			size_t n = (size_t)(p - prm);
			while (n && (prm[n - 1] == ' ' || prm[n - 1] == '\t'))
				n--;
			if (n >= 2 && (prm[0] == 'q' || prm[0] == 'Q') && prm[1] == '=')
				weight = qvalue(prm + 2, n - 2);
		}
		int i = name_len ? coding_index(name, name_len) : -1;
		if (i >= 0 && q[i] < 0 && weight >= 0)
			q[i] = weight;
	}
	/* identity is acceptable unless refused by name, or by "*;q=0"
	 * without a name of its own; the others only when named or by "*". */
	int best = CODING_IDENTITY;
	int best_q = q[0] >= 0 ? q[0] : (q[3] == 0 ? 0 : 1);
	for (int c = CODING_GZIP; c <= CODING_BR; c++) {
		int w = q[c] >= 0 ? q[c] : q[3];
		if (w > 0 && w >= best_q) {
			best = c;
			best_q = w;
		}
	}
	return (content_coding)best;
}

bool encoding_worthwhile(const char *content_type, size_t len)
{
	static const char *const packed[] = { "application/zip", "application/gzip",
					      "application/x-gzip", "application/zstd",
					      "application/octet-stream", "image/png",
					      "image/jpeg", "image/gif", "image/webp",
					      "font/woff", "font/woff2", "video/", "audio/" };
	if (len < ENCODING_MIN_BYTES || !content_type)
		return false;
	for (size_t i = 0; i < sizeof(packed) / sizeof(packed[0]); i++)
		if (strncasecmp(content_type, packed[i], strlen(packed[i])) == 0)
			return false;
	return true;
}

/* Deflate with zlib's window_bits: 15 + 16 a gzip wrapper (no file name,
 * mtime 0: the same input always gives the same bytes). */
static bool deflate_buffer(int level, int window_bits, const void *in, size_t len,
			   unsigned char **out, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (len > UINT_MAX)
		return false;
	if (deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	uLong cap = deflateBound(&z, (uLong)len);
	unsigned char *buf = malloc(cap);
	bool ok = buf != NULL;
	if (ok) {
		z.next_in = in;
		z.avail_in = (uInt)len;
		z.next_out = buf;
		z.avail_out = (uInt)cap;
		ok = deflate(&z, Z_FINISH) == Z_STREAM_END;
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	if (!ok) {
		free(buf);
		return false;
	}
	*out = buf;
	return true;
}

static bool brotli_compress(int quality, const void *in, size_t len, unsigned char **out,
			    size_t *out_len)
{
	size_t cap = BrotliEncoderMaxCompressedSize(len);
	if (!cap)
		return false;
	unsigned char *buf = malloc(cap);
	if (!buf)
		return false;
	*out_len = cap;
	if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, len, in,
				   out_len, buf)) {
		free(buf);
		return false;
	}
	*out = buf;
	return true;
}

bool encoding_compress(content_coding c, encoding_effort effort, const void *in, size_t len,
		       unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	/* Per request: gzip 6 and brotli 5 compress tens of megabytes a
	 * second and come within a few percent of their best. */
	switch (c) {
	case CODING_GZIP:
		return deflate_buffer(effort == EFFORT_BEST ? 9 : 6, 15 + 16, in, len, out, out_len);
	case CODING_BR:
		return brotli_compress(effort == EFFORT_BEST ? BROTLI_MAX_QUALITY : 5, in, len, out,
				       out_len);
	default:
		return false;
	}
}
