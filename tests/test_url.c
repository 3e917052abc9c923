/*
 * test_url.c - the source URL check (pacta/url.h): a table of URLs the
 * record accepts and of URLs it refuses, each with the reason it gives.
 * Every URL is checked from an exact-length heap copy, so a read past its
 * end shows under the sanitizers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pacta/url.h"

static bool check(const char *url, char *why, size_t size)
{
	size_t n = strlen(url) + 1;
	char *copy = malloc(n);
	assert_non_null(copy);
	memcpy(copy, url, n);
	bool ok = pacta_url_check(copy, why, size);
	free(copy);
	return ok;
}

static const char *const good[] = {
	"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en",
	"http://archives.the-monitor.org/index.php/publications/display?url=lm/2000/belgium.html",
	"https://example.org",
	"https://example.org/",
	"HTTPS://EXAMPLE.ORG/A",
	"Http://example.org/",
	"https://example.org:8443/a/b",
	"https://example.org:/a", /* an empty port is allowed */
	"https://user:pass@example.org/",
	"https://127.0.0.1/x",
	"https://[2001:db8::1]/x",
	"https://[2001:db8::1]:443/x",
	"https://[v1.fe80::a+en1]/",
	"https://example.org/a%20b/%C3%A9t%C3%A9", /* escapes, upper and lower case */
	"https://example.org/%e2%82%ac",
	"https://example.org/a?b=c&d=e;f=g#top",
	"https://example.org/a?q=/x?y:z@w",
	"https://example.org/#frag/with?query",
	"https://example.org/~user/a-b_c.d!$&()*+,;=:@",
	"https://example.org/docs/A%2FRES%2F52%2F38",
	"https://www.gov.pl/web/diplomacy/poland-withdraws",
	"https://xn--bcher-kva.example/",
};

struct bad_url {
	const char *url;
	const char *why;
};

static const struct bad_url bad[] = {
	{ "", "it is empty" },
	{ "ftp://example.org/x", "it does not start with http:// or https://" },
	{ "example.org/x", "it does not start with http:// or https://" },
	{ "https:/example.org", "it does not start with http:// or https://" },
	{ "https//example.org", "it does not start with http:// or https://" },
	{ "javascript:alert(1)", "it does not start with http:// or https://" },
	{ " https://example.org", "it does not start with http:// or https://" },
	{ "https://", "it names no host" },
	{ "https:///path", "it names no host" },
	{ "https://:80/", "it names no host" },
	{ "https://user@/", "it names no host" },
	{ "https://example.org/a b", "a space at character 22 (write it as %20)" },
	{ "https://example.org/a\tb", "a control character (0x09) at character 22" },
	{ "https://example.org/\x7f", "a control character (0x7F) at character 21" },
	{ "https://example.org/x\n", "a control character (0x0A) at character 22" },
	{ "https://example.org/<script>alert(1)</script>",
	  "'<' at character 21 is not allowed in the path (write it as %3C)" },
	{ "https://example.org/a>",
	  "'>' at character 22 is not allowed in the path (write it as %3E)" },
	{ "https://example.org/\"x\"",
	  "'\"' at character 21 is not allowed in the path (write it as %22)" },
	{ "https://example.org/it's",
	  "''' at character 23 is not allowed in the path (write it as %27)" },
	{ "https://example.org/?q=\"",
	  "'\"' at character 24 is not allowed in the query (write it as %22)" },
	{ "https://example.org/#a#b",
	  "'#' at character 23 is not allowed in the fragment (write it as %23)" },
	{ "https://example.org/a\\b",
	  "'\\' at character 22 is not allowed in the path (write it as %5C)" },
	{ "https://example.org/{x}",
	  "'{' at character 21 is not allowed in the path (write it as %7B)" },
	{ "https://example.org/a|b",
	  "'|' at character 22 is not allowed in the path (write it as %7C)" },
	{ "https://example.org/a^b",
	  "'^' at character 22 is not allowed in the path (write it as %5E)" },
	{ "https://example.org/`",
	  "'`' at character 21 is not allowed in the path (write it as %60)" },
	{ "https://example.org/[x]",
	  "'[' at character 21 is not allowed in the path (write it as %5B)" },
	{ "https://example.org/caf\xc3\xa9", "a non-ASCII byte at character 24 (write it as %C3)" },
	{ "https://example.org/100%",
	  "a '%' at character 24 that starts no %XX escape (write it as %25)" },
	{ "https://example.org/%4",
	  "a '%' at character 21 that starts no %XX escape (write it as %25)" },
	{ "https://example.org/%zz",
	  "a '%' at character 21 that starts no %XX escape (write it as %25)" },
	{ "https://example.org/%%41",
	  "a '%' at character 21 that starts no %XX escape (write it as %25)" },
	{ "https://exa mple.org/", "a space at character 12 (write it as %20)" },
	{ "https://exa<mple.org/",
	  "'<' at character 12 is not allowed in the host (write it as %3C)" },
	{ "https://a@b@c/", "'@' at character 12 is not allowed in the host (write it as %40)" },
	{ "https://u<@example.org/",
	  "'<' at character 10 is not allowed in the user name (write it as %3C)" },
	{ "https://example.org:8o/", "'o' at character 22: a port is digits only" },
	{ "https://example.org:65536/", "a port above 65535" },
	{ "https://example.org:0000443/", "a port above 65535" },
	{ "https://[2001:db8::1/", "an IPv6 host without its closing ']'" },
	{ "https://[]/", "an empty host '[]'" },
	{ "https://[::1]x/", "'x' at character 14 is not allowed in the host (write it as %78)" },
	{ "https://[::g]/", "'g' at character 12 is not allowed in the host (write it as %67)" },
};

static void test_good(void **state)
{
	char why[PACTA_URL_WHY_BUFSZ];
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why[0] = '\0';
		if (!check(good[i], why, sizeof(why)))
			fail_msg("refused '%s': %s", good[i], why);
	}
}

static void test_bad(void **state)
{
	char why[PACTA_URL_WHY_BUFSZ];
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(why, sizeof(why), "(no reason)");
		if (check(bad[i].url, why, sizeof(why)))
			fail_msg("accepted '%s'", bad[i].url);
		if (strcmp(why, bad[i].why) != 0)
			fail_msg("'%s': reason '%s', expected '%s'", bad[i].url, why, bad[i].why);
	}
}

/* NULL, a NULL or short reason buffer, and the length bound. */
static void test_edges(void **state)
{
	char why[8];
	(void)state;
	assert_false(pacta_url_check(NULL, NULL, 0));
	assert_false(pacta_url_check("https://example.org/ x", NULL, 0));
	assert_false(pacta_url_check("https://example.org/ x", why, sizeof(why)));
	assert_string_equal(why, "a space"); /* cut, still terminated */
	assert_true(pacta_url_check("https://example.org/", NULL, 0));

	char *big = malloc(PACTA_URL_MAX + 2);
	char reason[PACTA_URL_WHY_BUFSZ];
	assert_non_null(big);
	memcpy(big, "https://example.org/", 20);
	memset(big + 20, 'a', PACTA_URL_MAX - 20);
	big[PACTA_URL_MAX] = '\0';
	assert_true(pacta_url_check(big, reason, sizeof(reason)));
	big[PACTA_URL_MAX] = 'a';
	big[PACTA_URL_MAX + 1] = '\0';
	assert_false(pacta_url_check(big, reason, sizeof(reason)));
	assert_string_equal(reason, "it is longer than 4096 bytes");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
