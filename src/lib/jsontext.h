/*
 * jsontext.h - JSON as the text pacta prints: a value as every JSON answer
 * prints it (jansson's json_dumps(), indented by two, keys in insertion
 * order, ending in a newline), and a string as JSON text for the writers
 * that build no jansson value. Internal.
 *
 * A string's escapes: a quote and a backslash as \" and \\, a newline, tab
 * and carriage return as \n, \t and \r, any other byte below 0x20 as \u00xx
 * (small letters), every other byte as it is (UTF-8 passes through). They
 * are jansson's but for \b and \f (jansson's short forms) and capitals in
 * \u00XX: the same strings to any reader. They are not jansson's own
 * function because its writer takes only a whole value; these are written
 * a run at a time into a writer's own buffer (a panel's rows, panel.c), or
 * compared with a file as they are rendered (a treaty's canonical rules
 * file, rules.c, which depends on these very bytes: a file that is exactly
 * its fields' rendering is not kept, so a change here changes which files
 * are kept, never an answer).
 */
#ifndef PACTA_JSONTEXT_H
#define PACTA_JSONTEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The text of root (malloc'd, the caller frees), or NULL when !ok, root is
 * NULL or memory ran out. Always releases root. */
char *json_text(json_t *root, bool ok);

/* Takes n bytes at s of a string's JSON text; returns false to stop (a
 * comparison that has found a difference). */
typedef bool (*jsontext_sink)(void *to, const char *s, size_t n);

/* Does c go into a JSON string as it is (no control character, quote or
 * backslash)? */
static inline bool jsontext_byte_plain(char c)
{
	return (unsigned char)c >= 0x20 && c != '"' && c != '\\';
}

/* Do all eight bytes of w go into a JSON string as they are? A byte below
 * 0x20, or zero after the xor with '"' or '\\' (all below 0x80, so ~w
 * keeps their high bit), needs an escape; a borrow's false alarm only
 * sends the bytes the slower way (one by one), never changes an answer.
 * Inline: a comparison of a rules file reads most strings with it. */
static inline bool jsontext_word_plain(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	return !(((w - ones * 0x20) | (q - ones) | (b - ones)) & ~w & (ones * 0x80));
}

/* How many bytes of s[0..n) from the start need no escape: eight at a
 * time. */
static inline size_t jsontext_plain(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (!jsontext_word_plain(w))
			break;
	}
	while (i < n && jsontext_byte_plain(s[i]))
		i++;
	return i;
}

/* s[0..n) as a JSON string, its quotes included, given to put a run at a
 * time: the bytes that need no escape together, each escape alone. Stops
 * when put returns false. Inline, so that a writer's sink is called
 * directly (a canonical rules file is rendered for every treaty a
 * snapshot writes). */
static inline void jsontext_string(const char *s, size_t n, jsontext_sink put, void *to)
{
	static const char hex[] = "0123456789abcdef";

	if (!put(to, "\"", 1))
		return;
	for (;;) {
		size_t run = jsontext_plain(s, n);
		if (run && !put(to, s, run))
			return;
		s += run;
		n -= run;
		if (!n)
			break;
		unsigned char ch = (unsigned char)*s++;
		n--;
		char esc[6] = { '\\', (char)ch, '0', '0', '0', '0' };
		size_t len = 2;
		switch (ch) {
		case '"':
		case '\\':
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		default: /* another control character */
			esc[1] = 'u';
			esc[4] = hex[ch >> 4];
			esc[5] = hex[ch & 15];
			len = 6;
		}
		if (!put(to, esc, len))
			return;
	}
	put(to, "\"", 1);
}

#endif
