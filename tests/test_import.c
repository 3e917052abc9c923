/*
 * test_import.c - writes judged by what they change (pacta/import.h): a
 * small record is stored, loaded back, and new acts are appended or a
 * stored act corrected. A new act that contradicts a stored one is refused
 * whatever their dates, with a problem that names both acts, and leaves
 * the store as it was (the treaty's entry into force and the state's
 * status too); problems the stored record already had do not block an
 * unrelated act; a protocol's consents are judged again when an act of its
 * parent treaty changes; every act written has a valid source URL.
 *
 * Databases are temporary files under $TMPDIR (or /tmp).
 */
#include <unistd.h>

#include "fixture.h"
#include "pacta/import.h"
#include "pacta/store.h"

struct ctx {
	struct fx f; /* the record written to the store */
	char path[512];
	pacta_store *st;
	pacta_record *rec; /* the record loaded from the store */
	pacta_diags problems;
	int line; /* line of the next new act in "new.csv" */
};

static void remove_db(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	char buf[600];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", path, suffixes[i]);
		remove(buf);
	}
}

/* A protocol of the fixture's treaty, as treaty 1: consents need a
 * standing consent to "mini". */
static void add_protocol(struct fx *f)
{
	static const char json[] =
		"{\"id\": \"mini-p1\", \"name\": \"Mini Protocol\", \"title\": \"Protocol I\","
		" \"adopted\": {\"date\": \"1998-01-01\"}, \"depositary\": \"UN\","
		" \"source_url\": \"https://example.org/p1\", \"rules\": {"
		" \"consent\": {\"article\": \"4\", \"instruments\": [\"consent\"],"
		"  \"requires_party_to\": {\"treaty\": \"mini\", \"article\": \"4(3)\"}},"
		" \"entry_into_force\": {\"article\": \"5(3)\", \"instruments\": 2,"
		"  \"delay\": {\"months\": 6}}}}";
	pacta_error err;

	if (pacta_record_add_treaty(f->rec, json, sizeof(json) - 1, "treaties/mini-p1.json",
				    &err) != PACTA_OK)
		fail_msg("protocol: %s", err.message);
}

static void stored_act(struct fx *f, uint32_t treaty, const char *iso3, const char *action,
		       const char *date)
{
	pacta_act a;
	pacta_error err;
	char origin[32];

	pacta_act_init(&a);
	a.treaty = treaty;
	a.participant = fx_p(f, iso3);
	assert_true(pacta_action_parse(action, &a.action));
	a.date = fx_day(date);
	a.effective = PACTA_DAY_NONE;
	a.target = -1;
	a.source_url = "https://example.org/depositary";
	snprintf(origin, sizeof(origin), "acts.csv:%d", f->act_line++);
	a.origin = origin;
	a.recorded = PACTA_DAY_NONE;
	assert_int_equal(pacta_record_add_act(f->rec, &a, &err), PACTA_OK);
}

/* The stored record: the fixture's base (in force 1999-03-01), GEN signed
 * and ratified, HYR only signed, MOL signed and ratified, ARC and COS
 * parties to the protocol; and, when old_problems, two problems pacta
 * refuses today but an older record may hold: a forbidden reservation by
 * KRA and a second signature by ELB. */
static void open_store(struct ctx *c, bool old_problems)
{
	const char *dir = getenv("TMPDIR");
	pacta_error err;
	int fd;

	memset(c, 0, sizeof(*c));
	c->line = 2;
	fx_open(&c->f, NULL);
	add_protocol(&c->f);
	fx_base(&c->f);
	fx_act(&c->f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(&c->f, "GEN", "ratification", "1999-05-03", NULL, NULL);
	fx_act(&c->f, "HYR", "signature", "1997-12-10", NULL, NULL);
	fx_act(&c->f, "MOL", "signature", "1997-12-05", NULL, NULL);
	fx_act(&c->f, "MOL", "ratification", "2000-01-10", NULL, NULL);
	stored_act(&c->f, 1, "ARC", "consent", "1999-06-01");
	stored_act(&c->f, 1, "COS", "consent", "1999-07-01");
	if (old_problems) {
		fx_act(&c->f, "KRA", "reservation", "2001-01-01", NULL, NULL);
		fx_act(&c->f, "ELB", "signature", "1997-12-20", NULL, NULL);
	}
	fx_finish(&c->f);

	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(c->path, sizeof(c->path), "%s/pacta-test-import-XXXXXX", dir);
	fd = mkstemp(c->path);
	assert_true(fd >= 0);
	close(fd);
	remove(c->path);
	if (pacta_store_open(c->path, true, &c->st, &err) != PACTA_OK ||
	    pacta_store_replace(c->st, c->f.rec, "tester", "fixture", &err) != PACTA_OK ||
	    pacta_store_load(c->st, &c->rec, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
}

static void close_store(struct ctx *c)
{
	pacta_diags_free(&c->problems);
	pacta_record_free(c->rec);
	pacta_store_close(c->st);
	remove_db(c->path);
	fx_close(&c->f);
}

/* Adds a new act of treaty 0 (or 1) to the loaded record, at "new.csv:N". */
static void new_act(struct ctx *c, uint32_t treaty, const char *iso3, const char *action,
		    const char *date, const char *source)
{
	pacta_act a;
	pacta_error err;
	char origin[32];
	int32_t p = pacta_record_participant_by_iso3(c->rec, iso3);

	assert_true(p >= 0);
	pacta_act_init(&a);
	a.treaty = treaty;
	a.participant = (uint32_t)p;
	assert_true(pacta_action_parse(action, &a.action));
	a.date = fx_day(date);
	a.effective = PACTA_DAY_NONE;
	a.target = -1;
	a.source_url = source ? source : "https://example.org/new";
	snprintf(origin, sizeof(origin), "new.csv:%d", c->line++);
	a.origin = origin;
	a.recorded = fx_day("2026-12-06");
	assert_int_equal(pacta_record_add_act(c->rec, &a, &err), PACTA_OK);
}

static pacta_rc append(struct ctx *c, pacta_error *err)
{
	return pacta_import_append(c->st, c->rec, "tester", "test", 0, &c->problems, err);
}

/* The store as it is now: its number of acts, the treaty's entry into
 * force, and iso3's status on day. */
struct state {
	size_t n_acts;
	pacta_day in_force;
	pacta_status status;
};

static struct state stored_state(struct ctx *c, const char *iso3, const char *day)
{
	pacta_record *rec;
	pacta_treaty_status *ts;
	pacta_error err;
	struct state s;

	if (pacta_store_load(c->st, &rec, &err) != PACTA_OK ||
	    pacta_status_compile(rec, 0, &ts, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	s.n_acts = rec->n_acts;
	s.in_force = pacta_treaty_status_in_force(ts)->date;
	s.status = pacta_status_on(ts, (uint32_t)pacta_record_participant_by_iso3(rec, iso3),
				   fx_day(day), NULL);
	pacta_treaty_status_free(ts);
	pacta_record_free(rec);
	return s;
}

/* The write was refused: PACTA_ERR_CHECK, and the store as it was. */
static void expect_refused(struct ctx *c, pacta_rc rc, const pacta_error *err,
			   const struct state *before, const char *iso3, const char *day)
{
	for (size_t i = 0; i < c->problems.n; i++)
		print_message("# %s: %s\n", c->problems.items[i].where,
			      c->problems.items[i].message);
	assert_int_equal(rc, PACTA_ERR_CHECK);
	assert_non_null(strstr(err->message, "nothing was recorded"));
	struct state after = stored_state(c, iso3, day);
	assert_int_equal(after.n_acts, before->n_acts);
	assert_int_equal(after.in_force, before->in_force);
	assert_int_equal(after.status, before->status);
}

/* The problem at where whose message contains every one of the texts. */
static void expect_problem(const struct ctx *c, const char *where, const char *text1,
			   const char *text2)
{
	for (size_t i = 0; i < c->problems.n; i++) {
		const pacta_diag *d = &c->problems.items[i];
		if (strcmp(d->where, where) == 0 && strstr(d->message, text1) &&
		    (!text2 || strstr(d->message, text2)))
			return;
	}
	fail_msg("no problem at %s with '%s'%s%s", where, text1, text2 ? " and " : "",
		 text2 ? text2 : "");
}

/* The stored act of iso3 with action, as the loaded record holds it. */
static const pacta_act *stored(const struct ctx *c, const char *iso3, const char *action)
{
	int32_t p = pacta_record_participant_by_iso3(c->rec, iso3);
	pacta_action a;

	assert_true(pacta_action_parse(action, &a));
	for (size_t i = 0; i < c->rec->n_acts; i++)
		if (c->rec->acts[i].participant == (uint32_t)p && c->rec->acts[i].action == a &&
		    strncmp(c->rec->acts[i].origin, "store:", 6) == 0)
			return &c->rec->acts[i];
	fail_msg("no stored %s %s", iso3, action);
	return NULL;
}

/* Its origin, "store:act N". */
static const char *stored_origin(const struct ctx *c, const char *iso3, const char *action)
{
	return stored(c, iso3, action)->origin;
}

/* A copy to correct. */
static pacta_act stored_copy(const struct ctx *c, const char *iso3, const char *action)
{
	return *stored(c, iso3, action);
}

/* GEN ratified on 1999-05-03. A second ratification dated before it
 * would be the third instrument and move the treaty's entry into force
 * to 1999-02-01: the checks blame the later act, the stored one, and the
 * write is refused all the same. */
static void test_earlier_duplicate_consent(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, false);
	struct state before = stored_state(&c, "GEN", "1998-12-01");
	assert_day(before.in_force, "1999-03-01");
	assert_int_equal(before.status, PACTA_STATUS_SIGNATORY);
	new_act(&c, 0, "GEN", "ratification", "1998-01-15", NULL);
	expect_refused(&c, append(&c, &err), &err, &before, "GEN", "1998-12-01");
	assert_int_equal(c.problems.n, 1);
	expect_problem(&c, stored_origin(&c, "GEN", "ratification"),
		       "GEN ratification on 1999-05-03 contradicts its earlier consent to be bound"
		       " recorded at new.csv:2 (ratification on 1998-01-15), which still stands",
		       NULL);
	close_store(&c);
}

/* HYR only signed, on 1997-12-10. An accession dated before that makes
 * the stored signature come after a consent. */
static void test_accession_before_signature(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, false);
	struct state before = stored_state(&c, "HYR", "2026-01-01");
	assert_int_equal(before.status, PACTA_STATUS_SIGNATORY);
	new_act(&c, 0, "HYR", "accession", "1997-12-08", NULL);
	expect_refused(&c, append(&c, &err), &err, &before, "HYR", "2026-01-01");
	expect_problem(&c, stored_origin(&c, "HYR", "signature"),
		       "HYR signature on 1997-12-10 comes after its consent to be bound recorded at"
		       " new.csv:2 (accession on 1997-12-08)",
		       NULL);
	close_store(&c);
}

/* The same act again, with the same date: refused as recorded twice. */
static void test_exact_duplicate(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, false);
	struct state before = stored_state(&c, "GEN", "2000-01-01");
	new_act(&c, 0, "GEN", "ratification", "1999-05-03", NULL);
	expect_refused(&c, append(&c, &err), &err, &before, "GEN", "2000-01-01");
	expect_problem(&c, stored_origin(&c, "GEN", "ratification"),
		       "GEN ratification on 1999-05-03 is recorded twice (also at new.csv:2)",
		       NULL);
	/* And a signature that repeats the stored one, a day earlier. */
	close_store(&c);
	open_store(&c, false);
	before = stored_state(&c, "GEN", "2000-01-01");
	new_act(&c, 0, "GEN", "signature", "1997-12-04", NULL);
	expect_refused(&c, append(&c, &err), &err, &before, "GEN", "2000-01-01");
	expect_problem(&c, stored_origin(&c, "GEN", "signature"),
		       "GEN signed twice: the signature on 1997-12-05 follows the one recorded at"
		       " new.csv:2 (signature on 1997-12-04)",
		       NULL);
	close_store(&c);
}

/* A withdrawal from the parent treaty that took effect before ARC
 * consented to the protocol: the problem is the protocol's, at its stored
 * consent, and the write is refused though it touches only the parent. */
static void test_parent_act_judged_for_protocols(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, false);
	struct state before = stored_state(&c, "ARC", "2026-01-01");
	new_act(&c, 0, "ARC", "withdrawal", "1998-10-01", NULL);
	expect_refused(&c, append(&c, &err), &err, &before, "ARC", "2026-01-01");
	assert_int_equal(c.problems.n, 1);
	expect_problem(
		&c, stored_origin(&c, "ARC", "consent"),
		"ARC consent on 1999-06-01: not a party to mini that day (withdrawn;",
		"that status rests on the act recorded at new.csv:2 (withdrawal on 1998-10-01)");
	close_store(&c);
}

/* Problems the stored record already has do not block a write that does
 * not add to them, even one by the same state; a new problem does, and
 * only it is reported. */
static void test_old_problems_do_not_block(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, true);
	/* The stored record has its two problems. */
	pacta_diags old = { 0 };
	assert_int_equal(pacta_record_check(c.rec, &old), 2);
	pacta_diags_free(&old);

	new_act(&c, 0, "VUL", "accession", "2001-02-01", NULL);
	new_act(&c, 0, "KRA", "accession", "2000-06-01", NULL);
	assert_int_equal(append(&c, &err), PACTA_OK);
	assert_int_equal(c.problems.n, 0);
	struct state after = stored_state(&c, "KRA", "2001-01-01");
	assert_int_equal(after.status, PACTA_STATUS_PARTY);

	/* A new act with its own problem: that one alone is reported. */
	new_act(&c, 0, "KRA", "reservation", "2002-01-01", NULL);
	struct state before = stored_state(&c, "KRA", "2002-06-01");
	expect_refused(&c, append(&c, &err), &err, &before, "KRA", "2002-06-01");
	assert_int_equal(c.problems.n, 1);
	expect_problem(&c, "new.csv:4", "KRA reservation on 2002-01-01: Art. 19 forbids", NULL);
	close_store(&c);
}

/* A correction is judged the same way: MOL's signature corrected into an
 * accession makes its stored ratification a second consent. */
static void test_correction_judged_the_same(void **state)
{
	struct ctx c;
	pacta_error err;
	uint32_t new_id = 0;

	(void)state;
	open_store(&c, false);
	struct state before = stored_state(&c, "MOL", "2001-01-01");
	pacta_act fixed = stored_copy(&c, "MOL", "signature");
	uint32_t id = fixed.id;
	fixed.action = PACTA_ACT_ACCESSION;
	fixed.origin = "command line";
	pacta_rc rc = pacta_import_correct(c.st, c.rec, id, &fixed, "tester", "test", 0, &c.problems,
					   &new_id, &err);
	expect_refused(&c, rc, &err, &before, "MOL", "2001-01-01");
	expect_problem(&c, stored_origin(&c, "MOL", "ratification"),
		       "contradicts its earlier consent to be bound recorded at command line"
		       " (accession on 1997-12-05)",
		       NULL);
	assert_int_equal(new_id, 0);
	close_store(&c);
}

/* Every act written has a valid source URL, whoever adds it. */
static void test_sources_checked(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, false);
	struct state before = stored_state(&c, "VUL", "2002-01-01");
	new_act(&c, 0, "VUL", "accession", "2001-02-01", "https://example.org/a <script>");
	assert_int_equal(append(&c, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.where, "new.csv:2");
	assert_string_equal(err.message,
			    "source_url: not a valid http(s) URL: a space at character 22 (write it"
			    " as %20)");
	assert_int_equal(stored_state(&c, "VUL", "2002-01-01").n_acts, before.n_acts);

	pacta_act fixed = stored_copy(&c, "HYR", "signature");
	uint32_t id = fixed.id;
	fixed.source_url = "javascript:alert(1)";
	fixed.origin = "command line";
	assert_int_equal(pacta_import_correct(c.st, c.rec, id, &fixed, "tester", "test", 0,
					      &c.problems, NULL, &err),
			 PACTA_ERR_PARSE);
	assert_string_equal(err.message,
			    "source_url: not a valid http(s) URL: it does not start with http:// or"
			    " https://");
	assert_int_equal(stored_state(&c, "VUL", "2002-01-01").n_acts, before.n_acts);
	close_store(&c);
}

/* A valid new act dated before stored ones is written, and the stored
 * acts keep their problems-free standing. */
static void test_valid_earlier_act_accepted(void **state)
{
	struct ctx c;
	pacta_error err;

	(void)state;
	open_store(&c, false);
	new_act(&c, 0, "MOL", "declaration", "1999-12-01", NULL);
	new_act(&c, 1, "ELB", "consent", "1999-04-01", NULL);
	assert_int_equal(append(&c, &err), PACTA_OK);
	assert_int_equal(c.problems.n, 0);
	struct state after = stored_state(&c, "MOL", "2001-01-01");
	assert_int_equal(after.n_acts, c.f.rec->n_acts + 2);
	close_store(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_earlier_duplicate_consent),
		cmocka_unit_test(test_accession_before_signature),
		cmocka_unit_test(test_exact_duplicate),
		cmocka_unit_test(test_parent_act_judged_for_protocols),
		cmocka_unit_test(test_old_problems_do_not_block),
		cmocka_unit_test(test_correction_judged_the_same),
		cmocka_unit_test(test_sources_checked),
		cmocka_unit_test(test_valid_earlier_act_accepted),
	};

	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
