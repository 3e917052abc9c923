/*
 * pacta/url.h - the one check of a source URL, used by every path that
 * writes one: the bundled record's files, acts CSV imports, `pacta record`
 * and `pacta correct`, and the service's POST.
 *
 * A source URL is an absolute http or https URL as RFC 3986 writes one:
 *
 *   scheme "://" [ userinfo "@" ] host [ ":" port ] path [ "?" query ] [ "#" fragment ]
 *
 * The scheme is "http" or "https" (in any case); the host is a name made of
 * RFC 3986's unreserved and sub-delims characters and %XX escapes, an IPv4
 * address, or a bracketed IPv6 address, and is never empty; the port is at
 * most five digits and at most 65535. Path, query and fragment hold only
 * the characters RFC 3986 allows there, and every '%' starts a %XX escape.
 * Anything else is written as %XX: spaces, quotes (RFC 3986 allows "'" in
 * a path, but a quote in a URL that is shown in HTML or CSV is trouble, so
 * the record wants %27), angle brackets, backslashes, braces, control
 * characters and non-ASCII bytes (an internationalised URL is written with
 * its UTF-8 bytes percent-encoded).
 *
 * The check reads only its argument and keeps no state.
 */
#ifndef PACTA_URL_H
#define PACTA_URL_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest URL accepted, in bytes (the CSV reader's fields are longer). */
#define PACTA_URL_MAX 4096

/* A buffer that holds any reason pacta_url_check() gives. */
#define PACTA_URL_WHY_BUFSZ 128

/* Is url (NUL-terminated) a valid source URL (see above)? When it is not
 * and why is not NULL, why gets the reason in a few words that name the
 * first offending character and its position (1 = the first byte), e.g.
 * "a space at character 28 (write it as %20)". */
bool pacta_url_check(const char *url, char *why, size_t why_size);

#ifdef __cplusplus
}
#endif

#endif
