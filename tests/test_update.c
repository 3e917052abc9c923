/*
 * test_update.c - the difference between a status page and the record, as
 * proposals (pacta_update_diff): the Mine Ban Convention's saved page
 * (tests/untc/ottawa.html) against the bundled record with the page's acts
 * added, then variants of the page made here: a changed deposit date, a
 * removed row, a new accession, a changed stated count. Also the stated
 * counts' text and the webhook's HMAC-SHA256 (RFC 4231).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"
#include "pacta/update.h"

typedef struct fixture {
	pacta_record *rec;
	uint32_t treaty;
	char *html;
	size_t len;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	const char *root = getenv("PACTA_SOURCE_ROOT");
	assert_non_null(root);
	char path[4096];
	pacta_error err;
	snprintf(path, sizeof(path), "%s/data", root);
	f->rec = pacta_record_new();
	assert_non_null(f->rec);
	if (pacta_record_load_dir(f->rec, path, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	snprintf(path, sizeof(path), "%s/tests/untc/ottawa.html", root);
	if (csv_slurp(path, PACTA_UNTC_MAX_BYTES, &f->html, &f->len, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	/* The record as the page has it: its acts added. */
	pacta_untc_page *pg = NULL;
	assert_int_equal(pacta_untc_parse(f->html, f->len, "ottawa.html", f->rec, &pg, &err),
			 PACTA_OK);
	assert_int_equal(pacta_untc_find_treaty(pg, f->rec, &f->treaty, &err), PACTA_OK);
	size_t added, skipped;
	assert_int_equal(pacta_untc_add_acts(pg, f->rec, f->treaty, pacta_date_today(), &added,
					     &skipped, &err),
			 PACTA_OK);
	assert_int_equal(pacta_record_finish(f->rec, &err), PACTA_OK);
	pacta_untc_page_free(pg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pacta_record_free(f->rec);
	free(f->html);
	free(f);
	return 0;
}

/* The page with `from` (which must occur) replaced by `to`; malloc'd. */
static char *edited(const fixture *f, const char *from, const char *to)
{
	const char *at = strstr(f->html, from);
	assert_non_null(at);
	size_t head = (size_t)(at - f->html), fl = strlen(from), tl = strlen(to);
	char *s = malloc(f->len - fl + tl + 1);
	assert_non_null(s);
	memcpy(s, f->html, head);
	memcpy(s + head, to, tl);
	memcpy(s + head + tl, at + fl, f->len - head - fl + 1);
	return s;
}

/* The proposals of html against the fixture's record. */
static pacta_proposal *diff(const fixture *f, const char *html, const char *prev, size_t *n)
{
	pacta_untc_page *pg = NULL;
	pacta_error err;
	if (pacta_untc_parse(html, strlen(html), "page", f->rec, &pg, &err) != PACTA_OK)
		fail_msg("%s", err.message);
	pacta_proposal *p = NULL;
	if (pacta_update_diff(pg, f->rec, f->treaty, prev, &p, n, &err) != PACTA_OK)
		fail_msg("%s", err.message);
	pacta_untc_page_free(pg);
	return p;
}

static void test_the_page_as_recorded(void **state)
{
	fixture *f = *state;
	size_t n;
	pacta_proposal *p = diff(f, f->html, "Signatories=132;Parties=162", &n);
	assert_int_equal(n, 0);
	assert_null(p);
}

static void test_changed_date(void **state)
{
	fixture *f = *state;
	char *html = edited(f, "13 Sep\t 2011 a", "14 Sep\t 2011 a");
	size_t n;
	pacta_proposal *p = diff(f, html, NULL, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].kind, PACTA_PROPOSAL_DATE);
	assert_string_equal(p[0].state, "TUV");
	assert_non_null(strstr(p[0].page_says, "accession of Tuvalu (TUV) dated 2011-09-14"));
	assert_non_null(strstr(p[0].record_says, "accession of Tuvalu (TUV) dated 2011-09-13"));
	assert_non_null(strstr(p[0].act, "\"date\":\"2011-09-14\""));
	assert_int_equal(strlen(p[0].fingerprint), 64);
	pacta_proposals_free(p, n);
	free(html);
}

static void test_removed_row(void **state)
{
	fixture *f = *state;
	const char *at = strstr(f->html, "<td>Uganda<br></td>");
	assert_non_null(at);
	const char *start = at;
	while (strncmp(start, "<tr", 3) != 0)
		start--;
	const char *end = strstr(at, "</tr>") + 5;
	char *html = malloc(f->len + 1);
	assert_non_null(html);
	size_t head = (size_t)(start - f->html);
	memcpy(html, f->html, head);
	memcpy(html + head, end, f->len - (size_t)(end - f->html) + 1);
	size_t n;
	pacta_proposal *p = diff(f, html, "Signatories=132;Parties=162", &n);
	/* Its signature and ratification; the counts changed with the rows
	 * (stated 162, counted 161), as the last page stated: no count. */
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(p[i].kind, PACTA_PROPOSAL_GONE);
		assert_string_equal(p[i].state, "UGA");
		assert_null(p[i].act);
		assert_non_null(strstr(p[i].would_append, "nothing: the record keeps act"));
	}
	assert_string_not_equal(p[0].fingerprint, p[1].fingerprint);
	pacta_proposals_free(p, n);
	free(html);
}

static void test_new_accession(void **state)
{
	fixture *f = *state;
	char *html = edited(f, "<td>Tuvalu<br></td>",
			    "<td>Egypt<br></td><td>&nbsp;</td><td>4 Nov 2026 a<br></td></tr>"
			    "<tr class=\"trBGGrey\"><td>Tuvalu<br></td>");
	size_t n;
	pacta_proposal *p = diff(f, html, NULL, &n);
	/* The stated count of parties (162) no longer agrees with the rows
	 * (163): a count too, since no earlier page stated it. */
	assert_int_equal(n, 2);
	assert_int_equal(p[0].kind, PACTA_PROPOSAL_NEW);
	assert_string_equal(p[0].state, "EGY");
	assert_non_null(strstr(p[0].page_says, "accession of Egypt (EGY) dated 2026-11-04"));
	assert_string_equal(p[0].record_says, "no such act");
	assert_non_null(strstr(p[0].act, "\"action\":\"accession\""));
	assert_int_equal(p[1].kind, PACTA_PROPOSAL_COUNT);
	assert_non_null(strstr(p[1].page_says, "Parties: 162"));
	assert_non_null(strstr(p[1].record_says, "counted from the page's rows: 163"));
	/* The same evidence, the same fingerprint. */
	size_t n2;
	pacta_proposal *q = diff(f, html, NULL, &n2);
	assert_int_equal(n2, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p[i].fingerprint, q[i].fingerprint);
	pacta_proposals_free(q, n2);
	pacta_proposals_free(p, n);
	free(html);
}

static void test_changed_count(void **state)
{
	fixture *f = *state;
	const char *at = strstr(f->html, "Parties :");
	assert_non_null(at);
	const char *num = strstr(at, "162");
	assert_non_null(num);
	char *html = strdup(f->html);
	assert_non_null(html);
	html[num - f->html + 2] = '3';
	size_t n;
	pacta_proposal *p = diff(f, html, "Signatories=132;Parties=162", &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].kind, PACTA_PROPOSAL_COUNT);
	assert_non_null(strstr(p[0].page_says, "Parties: 163"));
	assert_non_null(strstr(p[0].record_says, "162 in the last snapshot"));
	pacta_proposals_free(p, n);
	/* Stated so by the last page already: nothing new. */
	p = diff(f, html, "Signatories=132;Parties=163", &n);
	assert_int_equal(n, 0);
	free(html);
}

static void test_counts_text(void **state)
{
	fixture *f = *state;
	pacta_untc_page *pg = NULL;
	pacta_error err;
	assert_int_equal(pacta_untc_parse(f->html, f->len, "p", f->rec, &pg, &err), PACTA_OK);
	char *s = pacta_update_counts_text(pg);
	assert_string_equal(s, "Signatories=132;Parties=162");
	free(s);
	pacta_untc_page_free(pg);
}

static void test_hmac(void **state)
{
	(void)state;
	char mac[PACTA_SHA256_HEX];
	const char *data = "what do ya want for nothing?";
	/* RFC 4231, test case 2. */
	pacta_hmac_sha256_hex("Jefe", data, strlen(data), mac);
	assert_string_equal(mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(pacta_proposal_kind_name(PACTA_PROPOSAL_NEW), "new");
	assert_string_equal(pacta_proposal_kind_name(PACTA_PROPOSAL_DATE), "date");
	assert_string_equal(pacta_proposal_kind_name(PACTA_PROPOSAL_GONE), "gone");
	assert_string_equal(pacta_proposal_kind_name(PACTA_PROPOSAL_COUNT), "count");
	assert_string_equal(pacta_proposal_status_name(PACTA_PROPOSAL_REJECTED), "rejected");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_the_page_as_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_date, setup, teardown),
		cmocka_unit_test_setup_teardown(test_removed_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_accession, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts_text, setup, teardown),
		cmocka_unit_test(test_hmac),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
