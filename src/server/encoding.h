/*
 * encoding.h - content codings for the service's answers: which one a
 * client's Accept-Encoding asks for (RFC 9110 12.5.3, q-values honoured),
 * whether an answer is worth compressing, and compression itself (gzip
 * with zlib, brotli with libbrotli). No libmicrohttpd here: the build's
 * precompression of the page's files (scripts/precompress.c) uses it too.
 *
 * Ownership: encoding_compress() gives a malloc'd buffer the caller frees.
 */
#ifndef PACTA_ENCODING_H
#define PACTA_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

typedef enum content_coding {
	CODING_IDENTITY = 0,
	CODING_GZIP,
	CODING_BR,
	CODING_COUNT
} content_coding;

/* Bodies shorter than this go uncompressed: the coding's own header and
 * the work cost more than they save. */
#define ENCODING_MIN_BYTES 1024

/* "identity", "gzip", "br": the Content-Encoding value (identity is never
 * sent as one). */
const char *encoding_name(content_coding c);

/* The coding to answer with, given the Accept-Encoding header (NULL when
 * the request has none: identity). The acceptable coding with the highest
 * q-value wins, brotli before gzip before identity when they tie; "*"
 * stands for every coding not named; q=0 refuses. When nothing is
 * acceptable, identity (RFC 9110 lets a server send it anyway). */
content_coding encoding_choose(const char *accept_encoding);

/* Does compressing a body of this type and length pay? Not for short
 * bodies, nor for types that are compressed already (zip, images other
 * than SVG, ...). */
bool encoding_worthwhile(const char *content_type, size_t len);

/* Compression effort: FAST for answers made per request, BEST for files
 * compressed once at build time. */
typedef enum encoding_effort { EFFORT_FAST, EFFORT_BEST } encoding_effort;

/* Compresses in[0..len) with coding c (gzip or br) into *out (malloc'd),
 * *out_len. false when memory runs out or the library fails. */
bool encoding_compress(content_coding c, encoding_effort effort, const void *in, size_t len,
		       unsigned char **out, size_t *out_len);

#endif
