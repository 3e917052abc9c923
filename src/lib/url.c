/*
 * url.c - the check of a source URL: an absolute http(s) URL as RFC 3986
 * writes one (see pacta/url.h for the policy).
 *
 * It reads the URL once, left to right, by the RFC's grammar, and stops at
 * the first character out of place, so the reason can name it. It never
 * allocates, normalises or decodes: a URL is accepted or refused as given.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "pacta/url.h"

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The bit of character c (below 128) in a pair of 64-bit sets. */
#define LOW_BIT(c) ((c) < 64 ? (uint64_t)1 << ((c)&63) : 0)
#define HIGH_BIT(c) ((c) >= 64 ? (uint64_t)1 << ((c)&63) : 0)
#define PUNCT(f) (f('-') | f('.') | f('_') | f('~') | f('!') | f('$') | f('&') | \
		       f('(') | f(')') | f('*') | f('+') | f(',') | f(';') | f('='))

/* RFC 3986 2.3 unreserved and 2.2 sub-delims, less "'" (see url.h): a
 * bit set, since every byte of every source URL of a record passes here. */
static bool is_plain(unsigned char c)
{
	static const uint64_t punct[2] = {PUNCT(LOW_BIT), PUNCT(HIGH_BIT)};
	return is_alpha(c) || is_digit(c) || (c < 128 && (punct[c >> 6] >> (c & 63)) & 1);
}

/* Which part of the URL a character is in: it says what else it may hold. */
typedef enum part { USERINFO, HOST, PORT, PATH, QUERY, FRAGMENT } part;

static const char *const part_names[] = {
	[USERINFO] = "the user name", [HOST] = "the host",   [PORT] = "the port",
	[PATH] = "the path",	      [QUERY] = "the query", [FRAGMENT] = "the fragment",
};

/* Puts text in why (when given) and refuses. */
static bool refuse(char *why, size_t size, const char *text)
{
	if (why && size)
		snprintf(why, size, "%s", text);
	return false;
}

/* The reason for byte c at 0-based offset at, in part p. */
static bool bad_char(char *why, size_t size, part p, unsigned char c, size_t at)
{
	char buf[PACTA_URL_WHY_BUFSZ];
	size_t n = at + 1;
	if (c == ' ')
		snprintf(buf, sizeof(buf), "a space at character %zu (write it as %%20)", n);
	else if (c < 0x20 || c == 0x7f)
		snprintf(buf, sizeof(buf), "a control character (0x%02X) at character %zu", c, n);
	else if (c >= 0x80)
		snprintf(buf, sizeof(buf), "a non-ASCII byte at character %zu (write it as %%%02X)",
			 n, c);
	else if (p == PORT)
		snprintf(buf, sizeof(buf), "'%c' at character %zu: a port is digits only", c, n);
	else
		snprintf(buf, sizeof(buf),
			 "'%c' at character %zu is not allowed in %s (write it as %%%02X)", c, n,
			 part_names[p], c);
	return refuse(why, size, buf);
}

/* Digits, capital and small letters as bits of the two 64-bit words. */
#define DIGITS_LOW 0x03ff000000000000u
#define LETTERS_HIGH 0x07fffffe07fffffeu

/* For each part, the characters it takes as they are, a bit set: the
 * plain ones, and what RFC 3986 3.2.1, 3.3, 3.4 and 3.5 allow besides
 * (':' in the user name; ':', '@' and '/' in the path; those and '?' in
 * the query and the fragment). Every byte of every source URL of a record
 * passes here. No stop of a part is in its set. */
static const uint64_t part_sets[][2] = {
	[USERINFO] = {DIGITS_LOW | PUNCT(LOW_BIT) | LOW_BIT(':'), LETTERS_HIGH | PUNCT(HIGH_BIT)},
	[HOST] = {DIGITS_LOW | PUNCT(LOW_BIT), LETTERS_HIGH | PUNCT(HIGH_BIT)},
	[PORT] = {DIGITS_LOW | PUNCT(LOW_BIT), LETTERS_HIGH | PUNCT(HIGH_BIT)},
	[PATH] = {DIGITS_LOW | PUNCT(LOW_BIT) | LOW_BIT(':') | LOW_BIT('/'),
		  LETTERS_HIGH | PUNCT(HIGH_BIT) | HIGH_BIT('@')},
	[QUERY] = {DIGITS_LOW | PUNCT(LOW_BIT) | LOW_BIT(':') | LOW_BIT('/') | LOW_BIT('?'),
		   LETTERS_HIGH | PUNCT(HIGH_BIT) | HIGH_BIT('@')},
	[FRAGMENT] = {DIGITS_LOW | PUNCT(LOW_BIT) | LOW_BIT(':') | LOW_BIT('/') | LOW_BIT('?'),
		      LETTERS_HIGH | PUNCT(HIGH_BIT) | HIGH_BIT('@')},
};

/* Reads s[*i, end) as part p up to the first character in stops, or end:
 * plain characters, %XX escapes and what the part allows. *i is left at
 * the stop. */
static bool read_part(const char *s, size_t *i, size_t end, part p, const char *stops, char *why,
		      size_t size)
{
	const uint64_t lo = part_sets[p][0], hi = part_sets[p][1];
	for (; *i < end; (*i)++) {
		/* The run of characters the part takes as they are, with an
		 * index of its own (a store through *i could change s). */
		size_t k = *i;
		for (unsigned char c; k < end; k++) {
			c = (unsigned char)s[k];
			if (!((c < 64 ? lo >> c : c < 128 ? hi >> (c - 64) : 0) & 1))
				break;
		}
		*i = k;
		if (k == end)
			break;
		unsigned char c = (unsigned char)s[*i];
		if (c && strchr(stops, c))
			return true;
		if (c == '%') {
			if (*i + 2 >= end || !is_hex((unsigned char)s[*i + 1]) ||
			    !is_hex((unsigned char)s[*i + 2])) {
				char buf[PACTA_URL_WHY_BUFSZ];
				snprintf(
					buf, sizeof(buf),
					"a '%%' at character %zu that starts no %%XX escape (write it as %%25)",
					*i + 1);
				return refuse(why, size, buf);
			}
			*i += 2;
			continue;
		}
		return bad_char(why, size, p, c, *i);
	}
	return true;
}

/* RFC 3986 3.2.2: "[" IPv6address "]" or "[v" HEX+ "." ... "]". Only the
 * characters are checked: a source URL names a page, not a socket. */
static bool read_ip_literal(const char *s, size_t *i, size_t end, char *why, size_t size)
{
	size_t start = *i;
	bool future = *i + 1 < end && (s[*i + 1] == 'v' || s[*i + 1] == 'V');
	for ((*i)++; *i < end && s[*i] != ']'; (*i)++) {
		unsigned char c = (unsigned char)s[*i];
		bool ok = is_hex(c) || c == ':' || c == '.' ||
			  (future && (c == 'v' || c == 'V' || is_plain(c)));
		if (!ok)
			return bad_char(why, size, HOST, c, *i);
	}
	if (*i == end)
		return refuse(why, size, "an IPv6 host without its closing ']'");
	if (*i == start + 1)
		return refuse(why, size, "an empty host '[]'");
	(*i)++;
	return true;
}

bool pacta_url_check(const char *url, char *why, size_t why_size)
{
	char buf[PACTA_URL_WHY_BUFSZ];
	size_t len, i, auth_end, at;

	if (!url || !*url)
		return refuse(why, why_size, "it is empty");
	len = strnlen(url, PACTA_URL_MAX + 1);
	if (len > PACTA_URL_MAX) {
		snprintf(buf, sizeof(buf), "it is longer than %d bytes", PACTA_URL_MAX);
		return refuse(why, why_size, buf);
	}
	if (strncasecmp(url, "https://", 8) == 0)
		i = 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		i = 7;
	else
		return refuse(why, why_size, "it does not start with http:// or https://");

	/* RFC 3986 3.2: the authority runs to the first '/', '?' or '#'. */
	auth_end = i + strcspn(url + i, "/?#");
	at = i;
	while (at < auth_end && url[at] != '@')
		at++;
	if (at < auth_end) {
		if (!read_part(url, &i, at, USERINFO, "", why, why_size))
			return false;
		i = at + 1;
	}
	if (i < auth_end && url[i] == '[') {
		if (!read_ip_literal(url, &i, auth_end, why, why_size))
			return false;
		if (i < auth_end && url[i] != ':')
			return bad_char(why, why_size, HOST, (unsigned char)url[i], i);
	} else {
		size_t host = i;
		if (!read_part(url, &i, auth_end, HOST, ":", why, why_size))
			return false;
		if (i == host)
			return refuse(why, why_size, "it names no host");
	}
	if (i < auth_end) { /* ':' port */
		unsigned long port = 0;
		size_t digits = 0;
		for (i++; i < auth_end; i++, digits++) {
			unsigned char c = (unsigned char)url[i];
			if (!is_digit(c))
				return bad_char(why, why_size, PORT, c, i);
			if (digits < 6)
				port = port * 10 + (unsigned long)(c - '0');
		}
		if (digits > 5 || port > 65535)
			return refuse(why, why_size, "a port above 65535");
	}

	if (!read_part(url, &i, len, PATH, "?#", why, why_size))
		return false;
	if (i < len && url[i] == '?') {
		i++;
		if (!read_part(url, &i, len, QUERY, "#", why, why_size))
			return false;
	}
	if (i < len) { /* '#' */
		i++;
		if (!read_part(url, &i, len, FRAGMENT, "", why, why_size))
			return false;
	}
	return true;
}
