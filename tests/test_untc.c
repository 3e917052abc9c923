/*
 * test_untc.c - reading UN Treaty Collection status pages (tests/untc/):
 * the five real pages of 2026-02-03 against the bundled record and their
 * own stated counts, and hand-made pages of invented chapters for what the
 * real ones do not show (the EU's formal confirmation, other columns, an
 * unknown suffix, pages that are no status page).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csv.h"
#include "pacta/untc.h"

static pacta_record *bundled(void)
{
	const char *root = getenv("PACTA_SOURCE_ROOT");
	assert_non_null(root);
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/data", root);
	pacta_record *rec = pacta_record_new();
	assert_non_null(rec);
	pacta_error err;
	if (pacta_record_load_dir(rec, dir, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	return rec;
}

/* Parses tests/untc/NAME; returns the code, the page in *out. */
static pacta_rc parse(const pacta_record *rec, const char *name, pacta_untc_page **out,
		      pacta_error *err)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/untc/%s", getenv("PACTA_SOURCE_ROOT"), name);
	char *html;
	size_t len;
	if (csv_slurp(path, PACTA_UNTC_MAX_BYTES, &html, &len, err) != PACTA_OK)
		fail_msg("%s: %s", err->where, err->message);
	pacta_rc rc = pacta_untc_parse(html, len, name, rec, out, err);
	free(html);
	return rc;
}

static pacta_untc_page *parse_ok(const pacta_record *rec, const char *name)
{
	pacta_untc_page *pg = NULL;
	pacta_error err;
	if (parse(rec, name, &pg, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	return pg;
}

static const pacta_untc_count *count_of(const pacta_untc_page *pg, const char *label)
{
	for (size_t i = 0; i < pg->n_counts; i++)
		if (strcmp(pg->counts[i].label, label) == 0)
			return &pg->counts[i];
	fail_msg("no stated count '%s'", label);
	return NULL;
}

static void expect_count(const pacta_untc_page *pg, const char *label, long n)
{
	const pacta_untc_count *c = count_of(pg, label);
	assert_int_equal(c->stated, n);
	assert_int_equal(c->counted, n);
}

/* The act of iso3 with action on the page, or NULL. */
static const pacta_untc_act *find_act(const pacta_record *rec, const pacta_untc_page *pg,
				      const char *iso3, pacta_action action)
{
	int32_t p = pacta_record_participant_by_iso3(rec, iso3);
	assert_true(p >= 0);
	for (size_t i = 0; i < pg->n_acts; i++)
		if (pg->acts[i].participant == p && pg->acts[i].action == action)
			return &pg->acts[i];
	return NULL;
}

static pacta_day day(const char *s)
{
	pacta_day d;
	assert_true(pacta_date_parse(s, strlen(s), &d));
	return d;
}

/* A definitive signature is an act of its own where the vocabulary has one,
 * else a signature marked definitive. */
static pacta_action definitive_action(void)
{
	pacta_action a;
	return pacta_action_parse("definitive_signature", &a) ? a : PACTA_ACT_SIGNATURE;
}

static bool from_depositary(pacta_action a)
{
	pacta_action_class c = pacta_action_class_of(a);
	return c == PACTA_CLASS_SIGNATURE || c == PACTA_CLASS_CONSENT || c == PACTA_CLASS_WITHDRAWAL;
}

/* Every act on the Mine Ban page is in data/apmbc/acts.csv, and every
 * signature, consent and withdrawal there is on the page. (The other rows
 * of acts.csv come from other sources: the Art. 18 declarations, which the
 * page lists without dates, the objections and Ukraine's claim; and the
 * effective dates of MNE's and SSD's successions, which the page does not
 * state. docs/untc.md lists them.) */
static void ottawa_matches_the_bundled_record(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ottawa.html");
	assert_string_equal(pg->mtdsg_no, "XXVI-5");
	assert_string_equal(pg->source_url,
			    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en");
	assert_non_null(strstr(pg->title, "Anti-Personnel Mines"));
	assert_int_equal(pg->as_at, day("2026-02-03"));
	assert_int_equal(pacta_untc_problems(pg), 0);
	assert_int_equal(pg->n_rows, 166);
	int32_t t = pacta_record_treaty_by_id(rec, "apmbc");
	assert_true(t >= 0);
	size_t first, last;
	pacta_record_acts_of_treaty(rec, (uint32_t)t, &first, &last);
	/* Page -> record. */
	for (size_t i = 0; i < pg->n_acts; i++) {
		const pacta_untc_act *a = &pg->acts[i];
		assert_true(a->participant >= 0);
		if (!from_depositary(a->action))
			continue; /* the sections' acts: see ottawa_declarations */
		bool found = false;
		for (size_t k = first; k < last && !found; k++)
			found = rec->acts[k].participant == (uint32_t)a->participant &&
				rec->acts[k].action == a->action && rec->acts[k].date == a->date;
		if (!found)
			fail_msg("row %d %s %s: not in data/apmbc/acts.csv", a->row, a->name,
				 pacta_action_name(a->action));
		assert_string_equal(rec->acts[first].source_url, pg->source_url);
	}
	/* Record -> page. */
	size_t depositary = 0;
	for (size_t k = first; k < last; k++) {
		const pacta_act *r = &rec->acts[k];
		if (!from_depositary(r->action))
			continue;
		depositary++;
		bool found = false;
		for (size_t i = 0; i < pg->n_acts && !found; i++)
			found = pg->acts[i].participant == (int32_t)r->participant &&
				pg->acts[i].action == r->action && pg->acts[i].date == r->date;
		if (!found)
			fail_msg("%s: %s %s is not on the page", r->origin,
				 rec->participants[r->participant].iso3, pacta_action_name(r->action));
	}
	size_t table = 0;
	for (size_t i = 0; i < pg->n_acts; i++)
		table += from_depositary(pg->acts[i].action);
	assert_int_equal(depositary, table);
	assert_int_equal(table, 304); /* 133 signatures, 166 consents, 5 withdrawals */
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void ottawa_counts_agree(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ottawa.html");
	assert_int_equal(pg->n_counts, 2);
	expect_count(pg, "Signatories", 132);
	expect_count(pg, "Parties", 162);
	assert_true(pacta_untc_counts_agree(pg));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void ottawa_withdrawals(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ottawa.html");
	const pacta_untc_act *w = find_act(rec, pg, "LVA", PACTA_ACT_WITHDRAWAL);
	assert_non_null(w);
	assert_int_equal(w->date, day("2025-06-27"));
	assert_int_equal(w->stated_effective, day("2025-12-27"));
	assert_int_equal(w->end_note, 3);
	assert_non_null(strstr(w->note, "end note 3"));
	assert_non_null(strstr(w->note, "2025-12-27"));
	const pacta_untc_act *acc = find_act(rec, pg, "LVA", PACTA_ACT_ACCESSION);
	assert_non_null(acc);
	assert_true(acc->bracketed);
	assert_int_equal(acc->date, day("2005-07-01"));
	/* Poland: not in brackets (its withdrawal was pending on the day). */
	w = find_act(rec, pg, "POL", PACTA_ACT_WITHDRAWAL);
	assert_non_null(w);
	assert_int_equal(w->date, day("2025-08-20"));
	assert_int_equal(w->stated_effective, day("2026-02-20"));
	assert_false(find_act(rec, pg, "POL", PACTA_ACT_RATIFICATION)->bracketed);
	/* Lithuania: both its dates in brackets. */
	assert_true(find_act(rec, pg, "LTU", PACTA_ACT_SIGNATURE)->bracketed);
	assert_int_equal(find_act(rec, pg, "FIN", PACTA_ACT_WITHDRAWAL)->date, day("2025-07-10"));
	/* Suffixes: Japan A, Slovakia AA, South Sudan d. */
	assert_non_null(find_act(rec, pg, "JPN", PACTA_ACT_ACCEPTANCE));
	assert_non_null(find_act(rec, pg, "SVK", PACTA_ACT_APPROVAL));
	assert_int_equal(find_act(rec, pg, "SSD", PACTA_ACT_SUCCESSION)->date, day("2011-11-11"));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void ottawa_treaty_is_found(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ottawa.html");
	uint32_t t = 99;
	pacta_error err;
	assert_int_equal(pacta_untc_find_treaty(pg, rec, &t, &err), PACTA_OK);
	assert_string_equal(rec->treaties[t].id, "apmbc");
	pacta_untc_page_free(pg);
	/* The Cluster Munitions page: its treaty when the record has one,
	 * else not found. */
	pg = parse_ok(rec, "ccm.html");
	if (pacta_untc_find_treaty(pg, rec, &t, &err) == PACTA_OK) {
		char ref[32];
		assert_true(pacta_untc_treaty_ref(&rec->treaties[t], ref, sizeof(ref)));
		assert_string_equal(ref, "XXVI-6");
	} else {
		assert_int_equal(err.code, PACTA_ERR_NOTFOUND);
	}
	pacta_untc_page_free(pg);
	/* An invented chapter is never found. */
	pg = parse_ok(rec, "eu-formal-confirmation.html");
	assert_int_equal(pacta_untc_find_treaty(pg, rec, &t, &err), PACTA_ERR_NOTFOUND);
	assert_non_null(strstr(err.message, "XXX-1"));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* Re-reading the page adds nothing the record holds. */
static void ottawa_reimport_adds_nothing(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ottawa.html");
	int32_t t = pacta_record_treaty_by_id(rec, "apmbc");
	size_t before = rec->n_acts, added = 9, skipped = 0;
	pacta_error err;
	assert_int_equal(pacta_untc_add_acts(pg, rec, (uint32_t)t, day("2026-02-03"), &added,
					     &skipped, &err),
			 PACTA_OK);
	/* The table's 304 acts are all held; of the sections' acts, those the
	 * bundled record dates or counts otherwise are added once. */
	assert_true(skipped >= 304);
	assert_int_equal(added + skipped, pg->n_acts);
	assert_int_equal(rec->n_acts, before + added);
	pacta_error ferr;
	assert_int_equal(pacta_record_finish(rec, &ferr), PACTA_OK);
	assert_int_equal(pacta_untc_add_acts(pg, rec, (uint32_t)t, day("2026-02-03"), &added,
					     &skipped, &err),
			 PACTA_OK);
	assert_int_equal(added, 0);
	assert_int_equal(skipped, pg->n_acts);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void ccm_provisional_application_and_withdrawal(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ccm.html");
	assert_string_equal(pg->mtdsg_no, "XXVI-6");
	assert_int_equal(pacta_untc_problems(pg), 0);
	expect_count(pg, "Signatories", 107);
	expect_count(pg, "Parties", 112);
	const pacta_untc_act *pa = find_act(rec, pg, "BLZ", PACTA_ACT_PROVISIONAL_APPLICATION);
	assert_non_null(pa);
	assert_int_equal(pa->date, day("2014-09-02"));
	assert_non_null(find_act(rec, pg, "BLZ", PACTA_ACT_ACCESSION));
	const pacta_untc_act *w = find_act(rec, pg, "LTU", PACTA_ACT_WITHDRAWAL);
	assert_non_null(w);
	assert_int_equal(w->date, day("2024-09-06"));
	assert_int_equal(w->stated_effective, day("2025-03-06"));
	/* Lithuania's bracketed provisional application is read too. */
	pa = find_act(rec, pg, "LTU", PACTA_ACT_PROVISIONAL_APPLICATION);
	assert_non_null(pa);
	assert_true(pa->bracketed);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void ccw_counts_and_the_protocols_table(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ccw.html");
	assert_int_equal(pacta_untc_problems(pg), 0);
	expect_count(pg, "Signatories", 50);
	expect_count(pg, "Parties", 128);
	/* The second table (Protocols I-III accepted) is said to be left out. */
	bool said = false;
	for (size_t i = 0; i < pg->n_diags; i++)
		said = said || (pg->diags[i].severity == PACTA_UNTC_NOTICE &&
				strstr(pg->diags[i].text, "Protocol I") != NULL);
	assert_true(said);
	assert_non_null(find_act(rec, pg, "BIH", PACTA_ACT_SUCCESSION));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* Amended Protocol II and Protocol V: one column, "Succession(d),
 * Consent to be bound(P)". */
static void ccw_protocols_consent_to_be_bound(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const struct {
		const char *page, *mtdsg;
		long parties;
	} cases[] = {{"ccw_p2a.html", "XXVI-2-b", 107}, {"ccw_p5.html", "XXVI-2-d", 99}};
	for (size_t c = 0; c < 2; c++) {
		pacta_untc_page *pg = parse_ok(rec, cases[c].page);
		assert_string_equal(pg->mtdsg_no, cases[c].mtdsg);
		assert_int_equal(pacta_untc_problems(pg), 0);
		expect_count(pg, "Parties", cases[c].parties);
		size_t consents = 0;
		for (size_t i = 0; i < pg->n_acts; i++)
			consents += pg->acts[i].action == PACTA_ACT_CONSENT;
		assert_int_equal(consents, (size_t)cases[c].parties);
		assert_non_null(find_act(rec, pg, "LTU", PACTA_ACT_CONSENT));
		pacta_untc_page_free(pg);
	}
	pacta_record_free(rec);
}

/* The Arms Trade Treaty's page of the same day (abridged: the elements
 * pacta reads, every row): another treaty, a provisional application
 * column "under article 23", and a signatory's notice that it does not
 * intend to become a party. */
static void att_page(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "att.html");
	assert_string_equal(pg->mtdsg_no, "XXVI-8");
	assert_string_equal(pg->title, "Arms Trade Treaty");
	assert_int_equal(pg->as_at, day("2026-02-03"));
	assert_int_equal(pg->n_rows, 142);
	expect_count(pg, "Signatories", 130);
	expect_count(pg, "Parties", 117);
	assert_int_equal(find_act(rec, pg, "ATG", PACTA_ACT_PROVISIONAL_APPLICATION)->date,
			 day("2013-08-12"));
	assert_int_equal(find_act(rec, pg, "DNK", PACTA_ACT_APPROVAL)->date, day("2014-04-02"));
	assert_int_equal(find_act(rec, pg, "VUT", PACTA_ACT_RATIFICATION)->date, day("2025-09-05"));
	assert_non_null(find_act(rec, pg, "CIV", PACTA_ACT_RATIFICATION));
	assert_non_null(find_act(rec, pg, "TUR", PACTA_ACT_SIGNATURE));
	/* End note 3: the United States' notice of 18 July 2019. */
	pacta_action non_intent;
	if (pacta_action_parse("non_intent", &non_intent)) {
		assert_int_equal(pacta_untc_problems(pg), 0);
		const pacta_untc_act *n = find_act(rec, pg, "USA", non_intent);
		assert_non_null(n);
		assert_int_equal(n->date, day("2019-07-18"));
	} else {
		assert_int_equal(pacta_untc_problems(pg), 1);
		bool said = false;
		for (size_t i = 0; i < pg->n_diags; i++)
			said = said || strstr(pg->diags[i].why, "does not intend to become a party");
		assert_true(said);
	}
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void eu_formal_confirmation(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "eu-formal-confirmation.html");
	assert_int_equal(pacta_untc_problems(pg), 0);
	assert_string_equal(pg->title, "Test Convention on Formal Confirmations");
	const pacta_untc_act *c = find_act(rec, pg, "EUU", PACTA_ACT_FORMAL_CONFIRMATION);
	assert_non_null(c);
	assert_int_equal(c->date, day("2004-04-01"));
	assert_non_null(find_act(rec, pg, "EUU", PACTA_ACT_SIGNATURE));
	assert_non_null(find_act(rec, pg, "AUT", PACTA_ACT_RATIFICATION)); /* plain date */
	assert_non_null(find_act(rec, pg, "MNE", PACTA_ACT_SUCCESSION));
	expect_count(pg, "Signatories", 2);
	expect_count(pg, "Parties", 4);
	/* Added to a record twice: the second time adds nothing. */
	int32_t t = pacta_record_treaty_by_id(rec, "apmbc");
	size_t added, skipped;
	pacta_error err;
	assert_int_equal(pacta_untc_add_acts(pg, rec, (uint32_t)t, day("2026-01-15"), &added,
					     &skipped, &err),
			 PACTA_OK);
	/* Montenegro's succession of 2006-10-23 is the Mine Ban
	 * Convention's too: the record holds it already. */
	assert_int_equal(added, 5);
	assert_int_equal(skipped, 1);
	assert_int_equal(pacta_record_finish(rec, &err), PACTA_OK);
	assert_int_equal(pacta_untc_add_acts(pg, rec, (uint32_t)t, day("2026-01-15"), &added,
					     &skipped, &err),
			 PACTA_OK);
	assert_int_equal(added, 0);
	assert_int_equal(skipped, 6);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void other_columns(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "other-columns.html");
	assert_int_equal(pacta_untc_problems(pg), 0);
	assert_string_equal(pg->mtdsg_no, "XXX-2");
	assert_string_equal(pg->title, "Test Agreement on Column Orders");
	assert_int_equal(pg->as_at, day("2026-03-02"));
	assert_non_null(find_act(rec, pg, "FRA", PACTA_ACT_APPROVAL));
	assert_int_equal(find_act(rec, pg, "FRA", PACTA_ACT_SIGNATURE)->date, day("2010-01-12"));
	const pacta_untc_act *s = find_act(rec, pg, "NOR", definitive_action());
	assert_non_null(s);
	assert_true(s->definitive);
	if (definitive_action() == PACTA_ACT_SIGNATURE)
		assert_non_null(strstr(s->note, "definitive signature"));
	s = find_act(rec, pg, "SVK", PACTA_ACT_SIGNATURE);
	assert_non_null(strstr(s->note, "succession to signature"));
	assert_int_equal(find_act(rec, pg, "CHL", PACTA_ACT_PROVISIONAL_APPLICATION)->date,
			 day("2010-01-12"));
	/* "[Latvia]": withdrawn, with its denunciation read from end note 4. */
	assert_true(find_act(rec, pg, "LVA", PACTA_ACT_ACCESSION)->bracketed);
	const pacta_untc_act *w = find_act(rec, pg, "LVA", PACTA_ACT_WITHDRAWAL);
	assert_non_null(w);
	assert_int_equal(w->date, day("2020-03-01"));
	assert_int_equal(w->stated_effective, day("2021-03-01"));
	assert_non_null(strstr(w->note, "denunciation"));
	/* A definitive signature makes a party, not a signatory. */
	expect_count(pg, "Signatories", 3);
	expect_count(pg, "Parties", 2);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* The diagnostic about row, or NULL. */
static const pacta_untc_diag *diag_of_row(const pacta_untc_page *pg, int row)
{
	for (size_t i = 0; i < pg->n_diags; i++)
		if (pg->diags[i].row == row && pg->diags[i].severity == PACTA_UNTC_PROBLEM)
			return &pg->diags[i];
	return NULL;
}

static void unknown_suffix_is_reported(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "unknown-suffix.html");
	assert_int_equal(pacta_untc_problems(pg), 3);
	const pacta_untc_diag *d = diag_of_row(pg, 1);
	assert_non_null(d);
	assert_string_equal(d->text, "3 Mar 2003 A");
	assert_non_null(strstr(d->why, "unknown suffix 'A'"));
	d = diag_of_row(pg, 2);
	assert_string_equal(d->text, "Atlantis");
	assert_non_null(strstr(d->why, "no participant of that name"));
	d = diag_of_row(pg, 3);
	assert_string_equal(d->text, "soon");
	/* Nothing is guessed: Belgium's signature and Peru's accession only. */
	assert_int_equal(pg->n_acts, 2);
	assert_null(find_act(rec, pg, "BEL", PACTA_ACT_ACCEPTANCE));
	assert_null(find_act(rec, pg, "BEL", PACTA_ACT_RATIFICATION));
	/* Parties: 3 stated, 2 read (Atlantis's row counts; Belgium's and
	 * Chile's dates could not be read). */
	const pacta_untc_count *c = count_of(pg, "Parties");
	assert_int_equal(c->stated, 3);
	assert_int_equal(c->counted, 2);
	assert_false(pacta_untc_counts_agree(pg));
	assert_int_equal(pg->as_at, PACTA_DAY_NONE);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void pages_that_cannot_be_read(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const struct {
		const char *page, *why;
		pacta_rc rc;
	} cases[] = {
		{"truncated.html", "looks truncated", PACTA_ERR_PARSE},
		{"garbage.html", "looks truncated", PACTA_ERR_PARSE},
		{"no-treaty.html", "names no treaty", PACTA_ERR_PARSE},
		{"no-table.html", "no participants table", PACTA_ERR_PARSE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pacta_untc_page *pg = (pacta_untc_page *)1;
		pacta_error err;
		assert_int_equal(parse(rec, cases[i].page, &pg, &err), cases[i].rc);
		assert_null(pg);
		assert_string_equal(err.where, cases[i].page);
		if (!strstr(err.message, cases[i].why))
			fail_msg("%s: '%s' lacks '%s'", cases[i].page, err.message, cases[i].why);
	}
	/* In memory: NUL bytes, and an empty text. */
	pacta_untc_page *pg = NULL;
	pacta_error err;
	static const char nul[] = "<html>\0</html>";
	assert_int_equal(pacta_untc_parse(nul, sizeof(nul) - 1, "nul", rec, &pg, &err),
			 PACTA_ERR_PARSE);
	assert_int_equal(pacta_untc_parse("", 0, "empty", rec, &pg, &err), PACTA_ERR_PARSE);
	assert_null(pg);
	pacta_record_free(rec);
}

/* A page whose bytes are not valid in the encoding it declares is refused
 * with a reason, and libxml2 prints nothing of its own on stderr. */
static void page_not_in_its_declared_encoding(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const char page[] =
		"<html><head><meta http-equiv='Content-Type' content='text/html; charset=EUC-JP'>"
		"</head><body>\xff\xff\xff\xff<form action='x?mtdsg_no=XXVI-5&chapter=26'><table>"
		"<tr><th>Participant</th><th>Signature</th></tr></table></form></body></html>";
	pacta_untc_page *pg = NULL;
	pacta_error err;
	char said[256];
	FILE *capture = tmpfile();
	assert_non_null(capture);
	fflush(stderr);
	int saved = dup(fileno(stderr));
	assert_true(saved >= 0);
	assert_true(dup2(fileno(capture), fileno(stderr)) >= 0);
	pacta_rc rc = pacta_untc_parse(page, sizeof(page) - 1, "euc-jp.html", rec, &pg, &err);
	fflush(stderr);
	assert_true(dup2(saved, fileno(stderr)) >= 0);
	close(saved);
	rewind(capture);
	size_t n = fread(said, 1, sizeof(said) - 1, capture);
	said[n] = '\0';
	fclose(capture);
	assert_int_equal(rc, PACTA_ERR_PARSE);
	assert_null(pg);
	assert_string_equal(err.where, "euc-jp.html");
	assert_non_null(strstr(err.message, "not valid in the character encoding it declares"));
	if (n)
		fail_msg("the parse printed on stderr: %s", said);
	pacta_record_free(rec);
}

/* A cell of every shape the pages use, in a page built here. */
static void cells(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const char *const page =
		"<html><body><form action='x?mtdsg_no=XXX-9'>"
		"<table><tr><td>Participant</td><td>Signature</td>"
		"<td>Ratification, Acceptance(A), Accession(a)</td>"
		"<td>Declaration under article 41</td></tr>"
		"<tr><td>Austria</td><td>\xc2\xa0 3 Dec\t 1997 <br></td><td>[ 9 Jan 2012 a]</td><td></td></tr>"
		"<tr><td>Belgium</td><td>31 Sep 2001</td><td>1 Jan 2002</td><td>5 Mar 2002</td></tr>"
		"<tr><td>Chile</td><td>[3 Dec 1997</td><td>2 Feb 2002 A 3 Mar 2003</td><td></td></tr>"
		"<tr><td>Denmark</td><td>-</td><td>4 Apr 2004<sup>7</sup></td><td></td></tr>"
		"</table></form></body></html>";
	pacta_untc_page *pg = NULL;
	pacta_error err;
	assert_int_equal(pacta_untc_parse(page, strlen(page), "cells", rec, &pg, &err), PACTA_OK);
	assert_string_equal(pg->source_url,
			    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXX-9&chapter=30&clang=_en");
	assert_int_equal(find_act(rec, pg, "AUT", PACTA_ACT_SIGNATURE)->date, day("1997-12-03"));
	const pacta_untc_act *a = find_act(rec, pg, "AUT", PACTA_ACT_ACCESSION);
	assert_true(a->bracketed);
	/* A row in brackets with no end note: its withdrawal cannot be read. */
	assert_non_null(diag_of_row(pg, 1));
	assert_non_null(strstr(diag_of_row(pg, 1)->why, "no withdrawal notice"));
	/* 31 September is no date. */
	assert_non_null(strstr(diag_of_row(pg, 2)->why, "not a real date"));
	assert_non_null(find_act(rec, pg, "BEL", PACTA_ACT_RATIFICATION));
	assert_int_equal(find_act(rec, pg, "BEL", PACTA_ACT_DECLARATION)->date, day("2002-03-05"));
	/* An open bracket is reported; two dates in one cell are two acts. */
	assert_non_null(strstr(diag_of_row(pg, 3)->why, "unbalanced square brackets"));
	assert_int_equal(find_act(rec, pg, "CHL", PACTA_ACT_ACCEPTANCE)->date, day("2002-02-02"));
	assert_int_equal(find_act(rec, pg, "CHL", PACTA_ACT_RATIFICATION)->date, day("2003-03-03"));
	/* A dash is an empty cell; a footnote mark is not part of the date. */
	a = find_act(rec, pg, "DNK", PACTA_ACT_RATIFICATION);
	assert_int_equal(a->date, day("2004-04-04"));
	assert_non_null(strstr(a->note, "end note 7"));
	assert_null(find_act(rec, pg, "DNK", PACTA_ACT_SIGNATURE));
	assert_int_equal(pg->n_counts, 0);
	assert_true(pacta_untc_counts_agree(pg));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* End notes: whose a notice is, what is not a withdrawal, what cannot be
 * read. */
static void end_notes(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const char *const page =
		"<html><body><form action='x?mtdsg_no=XXX-8&chapter=30'>"
		"<table><tr><th>Participant</th><th>Accession(a)</th></tr>"
		"<tr><td>Gambia<sup>1</sup></td><td>1 Jan 2002 a</td></tr>"
		"<tr><td>Austria<sup>2</sup></td><td>1 Jan 2002 a</td></tr>"
		"<tr><td>Belgium<sup>2</sup></td><td>1 Jan 2002 a</td></tr>"
		"<tr><td>Chile<sup>3</sup></td><td>1 Jan 2002 a</td></tr>"
		"<tr><td>Estonia<sup>5</sup></td><td>1 Jan 2002 a</td></tr>"
		"</table>"
		"<div><a name='1'>1</a>On 10 November 2016, the Government of the Gambia notified the"
		" Secretary-General of its decision to withdraw from the Convention. On 10 February 2017,"
		" the Government of the Gambia notified the Secretary-General of its decision to rescind"
		" its notification of withdrawal.</div>"
		"<div><a name='2'>2</a>On 1 March 2020, the Government of the Kingdom of Belgium deposited"
		" a notification of withdrawal (C.N.1.2020.TREATIES-XXX-8 of 2 March 2020). The withdrawal"
		" will take effect on 1 March 2021.</div>"
		"<div><a name='3'>3</a>On 5 May 2015, the Government of Chile notified the"
		" Secretary-General of its decision to withdraw the reservation made upon accession.</div>"
		"<div><a name='4'>4</a>On 1 June 2019, the Government of Denmark deposited a notification"
		" of withdrawal.</div>"
		"<div><a name='5'>5</a>The Government of Estonia informed the Secretary-General of its"
		" withdrawal.</div>"
		"</form></body></html>";
	pacta_untc_page *pg = NULL;
	pacta_error err;
	assert_int_equal(pacta_untc_parse(page, strlen(page), "notes", rec, &pg, &err), PACTA_OK);
	/* Gambia: the notice, and its rescission reported. */
	const pacta_untc_act *w = find_act(rec, pg, "GMB", PACTA_ACT_WITHDRAWAL);
	assert_non_null(w);
	assert_int_equal(w->date, day("2016-11-10"));
	assert_int_equal(w->stated_effective, PACTA_DAY_NONE);
	/* Note 2 is Austria's and Belgium's: the sentence names Belgium. */
	assert_null(find_act(rec, pg, "AUT", PACTA_ACT_WITHDRAWAL));
	w = find_act(rec, pg, "BEL", PACTA_ACT_WITHDRAWAL);
	assert_non_null(w);
	assert_int_equal(w->date, day("2020-03-01"));
	assert_int_equal(w->stated_effective, day("2021-03-01"));
	/* Chile withdrew a reservation, not from the treaty. */
	assert_null(find_act(rec, pg, "CHL", PACTA_ACT_WITHDRAWAL));
	static const char *const problems[] = {
		"revoked or rescinded",
		"no participant's row refers to",
		"without a date",
	};
	size_t found = 0;
	for (size_t i = 0; i < pg->n_diags; i++) {
		if (pg->diags[i].severity != PACTA_UNTC_PROBLEM)
			continue;
		for (size_t k = 0; k < 3; k++)
			found += strstr(pg->diags[i].why, problems[k]) != NULL;
	}
	assert_int_equal(found, 3);
	assert_int_equal(pacta_untc_problems(pg), 3);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* A page cut anywhere (and closed again), or with its markup mangled, is
 * read or refused, never a crash: run under the sanitizers by make asan. */
static void cut_and_mangled_pages(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/untc/ccm.html", getenv("PACTA_SOURCE_ROOT"));
	char *html;
	size_t len;
	pacta_error err;
	assert_int_equal(csv_slurp(path, PACTA_UNTC_MAX_BYTES, &html, &len, &err), PACTA_OK);
	char *buf = malloc(len + 16);
	assert_non_null(buf);
	for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
		memcpy(buf, html, cut);
		memcpy(buf + cut, "</html>", 7);
		pacta_untc_page *pg = NULL;
		pacta_rc rc = pacta_untc_parse(buf, cut + 7, "cut", rec, &pg, &err);
		assert_true(rc == PACTA_OK || rc == PACTA_ERR_PARSE);
		assert_true((rc == PACTA_OK) == (pg != NULL));
		pacta_untc_page_free(pg);
	}
	/* Every 37th '>' becomes '<', every 41st '"' a space. */
	memcpy(buf, html, len);
	size_t gt = 0, quote = 0;
	for (size_t i = 0; i + 8 < len; i++) {
		if (buf[i] == '>' && ++gt % 37 == 0)
			buf[i] = '<';
		else if (buf[i] == '"' && ++quote % 41 == 0)
			buf[i] = ' ';
	}
	pacta_untc_page *pg = NULL;
	pacta_rc rc = pacta_untc_parse(buf, len, "mangled", rec, &pg, &err);
	assert_true(rc == PACTA_OK || rc == PACTA_ERR_PARSE);
	pacta_untc_page_free(pg);
	free(buf);
	free(html);
	pacta_record_free(rec);
}

/* Column headers as UNTC pages of other chapters print them (the WHO FCTC,
 * the CCW Protocols, the Arms Trade Treaty, ...), with one date each: the
 * act it must give, or -1 for a date that must be reported. */
static void header_variants(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const struct {
		const char *header, *cell;
		int action;
		bool definitive;
	} cases[] = {
		{"Ratification, Acceptance(A), Approval(AA), Formal confirmation(c), Accession(a), Succession(d)",
		 "1 Jan 2001 c", PACTA_ACT_FORMAL_CONFIRMATION, false},
		{"Ratification, Acceptance(A), Approval(AA), Formal confirmation(c), Accession(a), Succession(d)",
		 "1 Jan 2001", PACTA_ACT_RATIFICATION, false},
		{"Approval(AA), Formal confirmation(c), Acceptance(A), Accession(a), Succession(d), Ratification",
		 "1 Jan 2001 AA", PACTA_ACT_APPROVAL, false},
		{"Ratification, Accession(a), Succession(d)", "1 Jan 2001 d", PACTA_ACT_SUCCESSION, false},
		{"Ratification, Accession(a), Succession(d)", "1 Jan 2001 A", -1, false},
		{"Definitive signature(s), Acceptance(A)", "1 Jan 2001 s", -2, true},
		{"Definitive signature(s), Acceptance(A)", "1 Jan 2001", -1, false},
		{"Definitive signature(s), Ratification, Acceptance(A), Approval(AA), Accession(a)",
		 "1 Jan 2001", PACTA_ACT_RATIFICATION, false},
		{"Ratification, Accession(a), Acceptance(A), Approval(AA)", "1 Jan 2001 A",
		 PACTA_ACT_ACCEPTANCE, false},
		{"Accession(a), Ratification", "1 Jan 2001 a", PACTA_ACT_ACCESSION, false},
		{"Provisional application under article 23(n)", "1 Jan 2001 n",
		 PACTA_ACT_PROVISIONAL_APPLICATION, false},
		{"Succession(d), Consent to be bound(P)", "1 Jan 2001 P", PACTA_ACT_CONSENT, false},
		{"Succession(d), Consent to be bound(P)", "1 Jan 2001", -1, false},
		{"Notification of succession(d)", "1 Jan 2001 d", PACTA_ACT_SUCCESSION, false},
		{"Acceptance(A), Approval(AA), Accession(a)", "1 Jan 2001 AA", PACTA_ACT_APPROVAL, false},
		{"Participation(p), Ratification", "1 Jan 2001 p", -1, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char page[1024];
		snprintf(page, sizeof(page),
			 "<html><body><a href='?mtdsg_no=XXX-7'></a><table>"
			 "<tr><td>Participant</td><td>Signature</td><td>%s</td></tr>"
			 "<tr><td>Austria</td><td></td><td>%s</td></tr></table></body></html>",
			 cases[i].header, cases[i].cell);
		pacta_untc_page *pg = NULL;
		pacta_error err;
		if (pacta_untc_parse(page, strlen(page), "variant", rec, &pg, &err) != PACTA_OK)
			fail_msg("%s: %s", cases[i].header, err.message);
		int want = cases[i].action == -2 ? (int)definitive_action() : cases[i].action;
		if (want < 0) {
			if (pg->n_acts != 0 || pacta_untc_problems(pg) != 1)
				fail_msg("'%s' under '%s': %zu acts, %zu problems; expected one problem",
					 cases[i].cell, cases[i].header, pg->n_acts, pacta_untc_problems(pg));
		} else {
			if (pg->n_acts != 1 || pacta_untc_problems(pg) != 0 ||
			    (int)pg->acts[0].action != want)
				fail_msg("'%s' under '%s': %zu acts (%s), %zu problems", cases[i].cell,
					 cases[i].header, pg->n_acts,
					 pg->n_acts ? pacta_action_name(pg->acts[0].action) : "-",
					 pacta_untc_problems(pg));
			assert_int_equal(pg->acts[0].definitive, cases[i].definitive);
		}
		pacta_untc_page_free(pg);
	}
	pacta_record_free(rec);
}

/* The CSV is the bundled files' format, sorted as they are. */
static void csv_format(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "eu-formal-confirmation.html");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	pacta_error err;
	assert_int_equal(pacta_untc_write_csv(pg, rec, f, &err), PACTA_OK);
	fclose(f);
	const char *url =
		"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXX-1&chapter=30&clang=_en";
	char want[2048];
	snprintf(want, sizeof(want),
		 "state,action,date,effective,target,source_url,note,notification,circulated,territory,text\n"
		 "AUT,signature,2001-12-10,,,%s,,,,,\n"
		 "AUT,ratification,2003-03-03,,,%s,,,,,\n"
		 "DNK,accession,2005-05-05,,,%s,,,,,\n"
		 "EUU,signature,2001-12-10,,,%s,UNTC status page: end note 1,,,,\n"
		 "EUU,formal_confirmation,2004-04-01,,,%s,UNTC status page: end note 1,,,,\n"
		 "MNE,succession,2006-10-23,,,%s,,,,,\n",
		 url, url, url, url, url, url);
	assert_string_equal(buf, want);
	free(buf);
	/* It loads back as an acts file. */
	int32_t t = pacta_record_treaty_by_id(rec, "apmbc");
	size_t before = rec->n_acts;
	f = open_memstream(&buf, &len);
	assert_int_equal(pacta_untc_write_csv(pg, rec, f, &err), PACTA_OK);
	fclose(f);
	assert_int_equal(pacta_record_load_acts_csv(rec, t, buf, len, "csv", day("2026-01-15"), &err),
			 PACTA_OK);
	assert_int_equal(rec->n_acts, before + 6);
	free(buf);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* The acts of iso3 with action, in page order, into out (at most max). */
static size_t acts_of(const pacta_record *rec, const pacta_untc_page *pg, const char *iso3,
		      pacta_action action, const pacta_untc_act **out, size_t max)
{
	int32_t p = pacta_record_participant_by_iso3(rec, iso3);
	size_t n = 0;
	for (size_t i = 0; i < pg->n_acts; i++)
		if (pg->acts[i].participant == p && pg->acts[i].action == action && n < max)
			out[n++] = &pg->acts[i];
	return n;
}

static size_t count_action(const pacta_untc_page *pg, pacta_action action)
{
	size_t n = 0;
	for (size_t i = 0; i < pg->n_acts; i++)
		n += pg->acts[i].action == action;
	return n;
}

static bool warned(const pacta_untc_page *pg, const char *where)
{
	for (size_t i = 0; i < pg->n_diags; i++)
		if (pg->diags[i].severity == PACTA_UNTC_WARNING && strstr(pg->diags[i].where, where))
			return true;
	return false;
}

/* CCW: its reservations, and seventeen objections to the United States'
 * reservation to Protocol III, each dated by its own date line. */
static void ccw_declarations(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ccw.html");
	assert_int_equal(pacta_untc_problems(pg), 0);
	/* Singapore's "made upon signature": the table gives it no signature. */
	assert_int_equal(pacta_untc_warnings(pg), 1);
	assert_true(warned(pg, "Singapore"));
	assert_int_equal(count_action(pg, PACTA_ACT_OBJECTION), 17);
	assert_int_equal(count_action(pg, PACTA_ACT_RESERVATION), 5);
	int32_t usa = pacta_record_participant_by_iso3(rec, "USA");
	for (size_t i = 0; i < pg->n_acts; i++)
		if (pg->acts[i].action == PACTA_ACT_OBJECTION)
			assert_int_equal(pg->acts[i].target, usa);
	const pacta_untc_act *a[4];
	assert_int_equal(acts_of(rec, pg, "ESP", PACTA_ACT_OBJECTION, a, 4), 1);
	assert_int_equal(a[0]->date, day("2010-02-05"));
	assert_non_null(strstr(a[0]->text, "objects to the reservation presented by the United States"));
	assert_non_null(strstr(a[0]->note, "With regard to the reservation made by the United States"));
	/* Argentina's reservation: no date printed, so its consent's. */
	assert_int_equal(acts_of(rec, pg, "ARG", PACTA_ACT_RESERVATION, a, 4), 1);
	assert_int_equal(a[0]->date, day("1995-10-02"));
	assert_true(strncmp(a[0]->text, "The Argentine Republic makes the express reservation", 52) == 0);
	/* Canada's declarations keep their paragraphs. */
	assert_int_equal(acts_of(rec, pg, "CAN", PACTA_ACT_DECLARATION, a, 4), 1);
	assert_non_null(strstr(a[0]->text, "that:\n(a) The compliance"));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* CCM: declarations, Denmark's and New Zealand's territorial exclusions,
 * and a C.N. reference with its date of circulation. */
static void ccm_declarations(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ccm.html");
	const pacta_untc_act *a[4];
	assert_int_equal(acts_of(rec, pg, "DNK", PACTA_ACT_TERRITORIAL_EXCLUSION, a, 4), 1);
	assert_string_equal(a[0]->territory, "FRO");
	assert_int_equal(a[0]->date, day("2010-02-12"));
	assert_non_null(strstr(a[0]->text, "shall not apply to the Faroe Islands"));
	assert_int_equal(acts_of(rec, pg, "NZL", PACTA_ACT_TERRITORIAL_EXCLUSION, a, 4), 1);
	assert_string_equal(a[0]->territory, "TKL");
	size_t n = acts_of(rec, pg, "NLD", PACTA_ACT_TERRITORIAL_APPLICATION, a, 4);
	bool curacao = false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i]->territory, "CUW") == 0) {
			curacao = true;
			assert_int_equal(a[i]->date, day("2022-09-20"));
			assert_string_equal(a[i]->notification, "C.N.286.2022.TREATIES-XXVI-6");
			assert_int_equal(a[i]->circulated, day("2022-09-20"));
		}
	assert_true(curacao);
	assert_int_equal(acts_of(rec, pg, "BEL", PACTA_ACT_DECLARATION, a, 4), 1);
	assert_int_equal(a[0]->date, day("2008-12-03")); /* made upon signature */
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* Amended Protocol II: declarations under sub-headings; Latvia's
 * withdrawal of its declaration prints no date, so it is a warning. */
static void ccw_p2a_declarations(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "ccw_p2a.html");
	assert_int_equal(pacta_untc_problems(pg), 0);
	assert_true(count_action(pg, PACTA_ACT_DECLARATION) >= 30);
	const pacta_untc_act *a[8];
	assert_int_equal(acts_of(rec, pg, "LVA", PACTA_ACT_DECLARATION_WITHDRAWAL, a, 8), 0);
	assert_true(warned(pg, "end note 3"));
	assert_true(acts_of(rec, pg, "ITA", PACTA_ACT_DECLARATION, a, 8) >= 1);
	assert_non_null(strstr(a[0]->text, "Same declaration, mutatis mutandis"));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* A human-rights page: the Second Optional Protocol (IV-12), abridged. */
static void iccpr_op2_page(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	pacta_untc_page *pg = parse_ok(rec, "iccpr_op2.html");
	assert_string_equal(pg->mtdsg_no, "IV-12");
	assert_int_equal(pacta_untc_problems(pg), 0);
	expect_count(pg, "Signatories", 40);
	expect_count(pg, "Parties", 92);
	assert_int_equal(count_action(pg, PACTA_ACT_RESERVATION), 5);
	assert_int_equal(count_action(pg, PACTA_ACT_RESERVATION_WITHDRAWAL), 3);
	assert_int_equal(count_action(pg, PACTA_ACT_OBJECTION), 15);
	assert_int_equal(count_action(pg, PACTA_ACT_DECLARATION), 2);
	assert_int_equal(count_action(pg, PACTA_ACT_WITHDRAWAL), 0);
	const pacta_untc_act *a[4];
	assert_int_equal(acts_of(rec, pg, "CYP", PACTA_ACT_RESERVATION_WITHDRAWAL, a, 4), 1);
	assert_int_equal(a[0]->date, day("2003-06-20"));
	assert_non_null(strstr(a[0]->text, "\n\u201cThe Republic of Cyprus"));
	assert_int_equal(acts_of(rec, pg, "AZE", PACTA_ACT_RESERVATION, a, 4), 1);
	assert_int_equal(a[0]->date, day("2000-09-28")); /* its dated heading */
	assert_int_equal(acts_of(rec, pg, "FIN", PACTA_ACT_OBJECTION, a, 4), 2);
	assert_int_equal(a[0]->target, pacta_record_participant_by_iso3(rec, "BRA"));
	assert_int_equal(a[0]->date, day("2010-09-27"));
	assert_int_equal(a[1]->target, pacta_record_participant_by_iso3(rec, "SLV"));
	/* Togo's objection prints no date: made upon its accession. */
	assert_int_equal(acts_of(rec, pg, "TGO", PACTA_ACT_OBJECTION, a, 4), 1);
	assert_int_equal(a[0]->date, day("2016-09-14"));
	/* End note 9 (objections to a first reservation) is not placed. */
	assert_true(warned(pg, "end note 9"));
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

/* What cannot be placed is a warning, and the page still imports. */
static void unplaceable_notes_warn(void **state)
{
	(void)state;
	pacta_record *rec = bundled();
	static const char *const page =
		"<html><body><form action='x?mtdsg_no=XXX-9&chapter=30'>"
		"<table><tr><th>Participant</th><th>Signature</th><th>Ratification</th></tr>"
		"<tr><td>Austria<sup>1</sup></td><td>1 Jan 2002</td><td>1 Jan 2003</td></tr>"
		"<tr><td>Belgium</td><td>1 Jan 2002</td><td></td></tr>"
		"</table>"
		"<div class='bold'>Objections</div>"
		"<div class='content-two'><p class='invisible'>Austria</p><p align=right>5 May 2005</p>"
		"<p align=left><i>With regard to the reservation made by Utopia upon accession:</i></p>"
		"The Government of Austria objects.</div>"
		"<div class='bold'>Declarations</div>"
		"<div class='content-two'><p class='invisible'>Belgium</p>"
		"<p align=left><i>Declaration:</i></p>Belgium declares.</div>"
		"<div><a name='1'>1</a>The Government of Austria informed the Secretary-General that"
		" it withdraws its reservation.</div>"
		"</form></body></html>";
	pacta_untc_page *pg = NULL;
	pacta_error err;
	assert_int_equal(pacta_untc_parse(page, strlen(page), "warn", rec, &pg, &err), PACTA_OK);
	assert_int_equal(pacta_untc_problems(pg), 0);
	assert_int_equal(pacta_untc_warnings(pg), 3);
	assert_true(warned(pg, "Objections: Austria"));   /* no state objected to */
	assert_true(warned(pg, "Declarations: Belgium")); /* no date */
	assert_true(warned(pg, "end note 1"));             /* no date */
	assert_int_equal(count_action(pg, PACTA_ACT_OBJECTION), 0);
	assert_int_equal(pg->n_acts, 3);
	pacta_untc_page_free(pg);
	pacta_record_free(rec);
}

static void treaty_refs(void **state)
{
	(void)state;
	pacta_rules r;
	pacta_treaty t;
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	t.rules = &r;
	char buf[32];
	t.source_url = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-2-b&chapter=26";
	assert_true(pacta_untc_treaty_ref(&t, buf, sizeof(buf)));
	assert_string_equal(buf, "XXVI-2-b");
	t.source_url = "https://example.org/treaty";
	r.depositary_ref = "UN Treaty Collection, chapter XXVI-6";
	assert_true(pacta_untc_treaty_ref(&t, buf, sizeof(buf)));
	assert_string_equal(buf, "XXVI-6");
	r.depositary_ref = "Government of Switzerland";
	assert_false(pacta_untc_treaty_ref(&t, buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ottawa_matches_the_bundled_record),
		cmocka_unit_test(ottawa_counts_agree),
		cmocka_unit_test(ottawa_withdrawals),
		cmocka_unit_test(ottawa_treaty_is_found),
		cmocka_unit_test(ottawa_reimport_adds_nothing),
		cmocka_unit_test(ccm_provisional_application_and_withdrawal),
		cmocka_unit_test(ccw_counts_and_the_protocols_table),
		cmocka_unit_test(ccw_protocols_consent_to_be_bound),
		cmocka_unit_test(att_page),
		cmocka_unit_test(eu_formal_confirmation),
		cmocka_unit_test(other_columns),
		cmocka_unit_test(unknown_suffix_is_reported),
		cmocka_unit_test(pages_that_cannot_be_read),
		cmocka_unit_test(page_not_in_its_declared_encoding),
		cmocka_unit_test(cells),
		cmocka_unit_test(end_notes),
		cmocka_unit_test(header_variants),
		cmocka_unit_test(cut_and_mangled_pages),
		cmocka_unit_test(csv_format),
		cmocka_unit_test(treaty_refs),
		cmocka_unit_test(ccw_declarations),
		cmocka_unit_test(ccm_declarations),
		cmocka_unit_test(ccw_p2a_declarations),
		cmocka_unit_test(iccpr_op2_page),
		cmocka_unit_test(unplaceable_notes_warn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
