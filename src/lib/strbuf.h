/*
 * strbuf.h - a growable, always NUL-terminated string for building text.
 *
 * Errors are sticky: after a failed allocation every append is a no-op and
 * strbuf_failed() is true, so callers check once at the end.
 */
#ifndef PACTA_STRBUF_H
#define PACTA_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "pacta/error.h"

typedef struct strbuf {
	char *buf;
	size_t len, cap;
	bool failed;
} strbuf;

void strbuf_init(strbuf *sb);
void strbuf_free(strbuf *sb);
void strbuf_append(strbuf *sb, const char *s);
void strbuf_appendf(strbuf *sb, const char *fmt, ...) PACTA_PRINTF(2, 3);
bool strbuf_failed(const strbuf *sb);
/* Hands the buffer to the caller (who frees it) and resets sb; NULL if an
 * append failed. */
char *strbuf_take(strbuf *sb);

#endif
