/*
 * strbuf.c - growable strings with sticky failure.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(strbuf *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void strbuf_free(strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

static bool reserve(strbuf *sb, size_t extra)
{
	if (sb->failed)
		return false;
	if (sb->len + extra + 1 <= sb->cap)
		return true;
	size_t cap = sb->cap ? sb->cap : 128;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	char *p = realloc(sb->buf, cap);
	if (!p) {
		sb->failed = true;
		return false;
	}
	sb->buf = p;
	sb->cap = cap;
	return true;
}

void strbuf_append(strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	if (!reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

void strbuf_appendf(strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(sb, (size_t)n)) {
		sb->failed = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

bool strbuf_failed(const strbuf *sb)
{
	return sb->failed;
}

char *strbuf_take(strbuf *sb)
{
	if (sb->failed) {
		strbuf_free(sb);
		return NULL;
	}
	if (!reserve(sb, 0))
		return NULL;
	char *p = sb->buf;
	strbuf_init(sb);
	return p;
}
