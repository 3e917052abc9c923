/*
 * test_data.c - the bundled record (PACTA_SOURCE_ROOT/data): it loads and
 * passes the record checks; the Mine Ban Convention's dates come out as
 * data/NOTES.md documents them; and two reference files the loader does not
 * read are checked against the computation: every entry-into-force date a
 * source publishes (disagreements are printed, and only the documented
 * ones are allowed), and the depositary's own counts. The obligations
 * record is checked against the computation too: every stated original
 * deadline, the status the day after each deadline a source says was
 * missed, and that every overdue answer rests on such a row.
 */
#include "csv.h"
#include "pacta/obligations.h"
#include "pacta/report.h"

#include "fixture.h"

struct data {
	pacta_record *rec;
	pacta_treaty_status *ts;
	uint32_t treaty;
};

static int setup(void **state)
{
	const char *root = getenv("PACTA_SOURCE_ROOT");
	struct data *d = calloc(1, sizeof(*d));
	char dir[4096];
	pacta_error err;
	int32_t t;

	memset(&err, 0, sizeof(err));
	if (!d || !root) {
		print_error("PACTA_SOURCE_ROOT is not set\n");
		free(d);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/data", root);
	d->rec = pacta_record_new();
	if (!d->rec || pacta_record_load_dir(d->rec, dir, &err) != PACTA_OK) {
		print_error("loading %s: %s: %s\n", dir, err.where, err.message);
		pacta_record_free(d->rec);
		free(d);
		return -1;
	}
	t = pacta_record_treaty_by_id(d->rec, "apmbc");
	if (t < 0 || pacta_status_compile(d->rec, (uint32_t)t, &d->ts, &err) != PACTA_OK) {
		print_error("no apmbc status\n");
		pacta_record_free(d->rec);
		free(d);
		return -1;
	}
	d->treaty = (uint32_t)t;
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct data *d = *state;

	if (!d)
		return 0; /* setup failed before it allocated */
	pacta_treaty_status_free(d->ts);
	pacta_record_free(d->rec);
	free(d);
	return 0;
}

static uint32_t who(const struct data *d, const char *iso3)
{
	int32_t p = pacta_record_participant_by_iso3(d->rec, iso3);

	if (p < 0)
		fail_msg("no participant %s", iso3);
	return (uint32_t)p;
}

static pacta_status status(const struct data *d, const char *iso3, const char *day)
{
	return pacta_status_on(d->ts, who(d, iso3), fx_day(day), NULL);
}

/* Written into one of a few buffers, used in turn. */
static const pacta_timeline *timeline(const struct data *d, const char *iso3)
{
	static pacta_timeline bufs[8];
	static unsigned next;

	return pacta_treaty_status_timeline(d->ts, who(d, iso3), &bufs[next++ % 8]);
}

static const pacta_derivation *eif_of(const struct data *d, const char *iso3)
{
	const pacta_timeline *tl = timeline(d, iso3);

	/* Written into one of a few buffers, used in turn. */
	static pacta_derivation bufs[8];
	static unsigned next;

	assert_true(tl->entry_into_force_why >= 0);
	return pacta_treaty_status_derivation(d->ts, (uint32_t)tl->entry_into_force_why,
					      &bufs[next++ % 8]);
}

/* Consent instruments under the treaty's rules deposited on or before day
 * (before day when strict). */
static size_t instruments_until(const struct data *d, const char *day, bool strict)
{
	const pacta_rules *r = d->rec->treaties[d->treaty].rules;
	pacta_day until = fx_day(day);
	size_t n = 0;

	for (size_t i = 0; i < d->rec->n_acts; i++) {
		const pacta_act *a = &d->rec->acts[i];

		if (a->treaty != d->treaty || !(r->consent_actions & (1u << a->action)))
			continue;
		if (strict ? a->date < until : a->date <= until)
			n++;
	}
	return n;
}

/* A CSV reference file: its header's columns and a reader at row 2. */
struct table {
	char *data;
	csv_reader *reader;
	char *names[16];
	size_t n_names;
};

static void table_open(struct table *t, const char *rel)
{
	const char *root = getenv("PACTA_SOURCE_ROOT");
	char path[4096];
	size_t len;
	pacta_error err;
	csv_row row;

	memset(t, 0, sizeof(*t));
	assert_non_null(root);
	snprintf(path, sizeof(path), "%s/data/%s", root, rel);
	if (csv_slurp(path, 1u << 20, &t->data, &len, &err) != PACTA_OK)
		fail_msg("%s: %s", path, err.message);
	t->reader = csv_reader_new(t->data, len, rel);
	assert_non_null(t->reader);
	assert_int_equal(csv_reader_next(t->reader, &row, &err), 1);
	assert_true(row.n <= 16);
	for (size_t i = 0; i < row.n; i++)
		t->names[i] = strdup(row.fields[i]);
	t->n_names = row.n;
}

static int table_col(const struct table *t, const char *name)
{
	for (size_t i = 0; i < t->n_names; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	fail_msg("no column %s", name);
	return -1;
}

/* The next row (1) or the end (0). */
static int table_next(struct table *t, csv_row *row)
{
	pacta_error err;
	int r = csv_reader_next(t->reader, row, &err);

	if (r < 0)
		fail_msg("%s: %s", err.where, err.message);
	if (r > 0)
		assert_int_equal(row->n, t->n_names);
	return r;
}

static void table_close(struct table *t)
{
	for (size_t i = 0; i < t->n_names; i++)
		free(t->names[i]);
	csv_reader_free(t->reader);
	free(t->data);
}

static void test_loads_and_checks_clean(void **state)
{
	struct data *d = *state;
	pacta_diags diags;
	long n;

	memset(&diags, 0, sizeof(diags));
	n = pacta_record_check(d->rec, &diags);
	for (size_t i = 0; i < diags.n; i++)
		print_message("# %s: %s\n", diags.items[i].where, diags.items[i].message);
	assert_int_equal(n, 0);
	assert_int_equal(diags.n, 0);
	pacta_diags_free(&diags);
	assert_string_equal(d->rec->treaties[d->treaty].id, "apmbc");
	assert_true(d->rec->n_participants >= 200);
	assert_true(d->rec->n_acts >= 300);
}

static void test_convention_entry_into_force(void **state)
{
	struct data *d = *state;
	const pacta_derivation *eif = pacta_treaty_status_in_force(d->ts);
	const pacta_act *nth;
	const char *by;

	assert_non_null(eif);
	assert_int_equal(eif->kind, PACTA_DERIV_TREATY_IN_FORCE);
	assert_day(eif->date, "1999-03-01");
	assert_day(eif->computed, "1999-03-01");
	assert_day(eif->base, "1998-09-16");
	assert_string_equal(eif->article, "17(1)");
	/* The 40th instrument was deposited on 1998-09-16: fewer than 40 before
	 * that day, at least 40 by its end. */
	assert_true(instruments_until(d, "1998-09-16", true) < 40);
	assert_true(instruments_until(d, "1998-09-16", false) >= 40);
	assert_int_equal(eif->n_acts, 1);
	nth = &d->rec->acts[eif->acts[0]];
	assert_day(nth->date, "1998-09-16");
	by = d->rec->participants[nth->participant].iso3;
	/* Burkina Faso's ratification or Equatorial Guinea's accession. */
	assert_true(strcmp(by, "BFA") == 0 || strcmp(by, "GNQ") == 0);
	assert_day(timeline(d, "BFA")->entry_into_force, "1999-03-01");
	assert_day(timeline(d, "GNQ")->entry_into_force, "1999-03-01");
	/* Later deposits of 1998 (NOTES.md, Art. 17(2)). */
	assert_day(timeline(d, "JOR")->entry_into_force, "1999-05-01");
	assert_day(timeline(d, "AUS")->entry_into_force, "1999-07-01");
}

static void test_latvia_and_poland(void **state)
{
	struct data *d = *state;
	const pacta_derivation *e = eif_of(d, "LVA");

	assert_int_equal(e->kind, PACTA_DERIV_IN_FORCE_LATER);
	assert_day(e->date, "2006-01-01");
	assert_day(timeline(d, "LVA")->entry_into_force, "2006-01-01");
	assert_int_equal(status(d, "LVA", "2025-12-26"), PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_true(pacta_status_is_bound(status(d, "LVA", "2025-12-26")));
	assert_int_equal(status(d, "LVA", "2025-12-27"), PACTA_STATUS_WITHDRAWN);
	assert_day(timeline(d, "LVA")->withdrawal_effective, "2025-12-27");
	assert_int_equal(status(d, "FIN", "2026-01-09"), PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_int_equal(status(d, "FIN", "2026-01-10"), PACTA_STATUS_WITHDRAWN);
	assert_int_equal(status(d, "POL", "2026-02-19"), PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_int_equal(status(d, "POL", "2026-02-20"), PACTA_STATUS_WITHDRAWN);
	assert_day(timeline(d, "POL")->withdrawal_effective, "2026-02-20");
}

static void test_ukraine(void **state)
{
	struct data *d = *state;
	pacta_state_view v = pacta_state_view_on(d->ts, who(d, "UKR"), fx_day("2026-11-29"));
	const pacta_timeline *tl = timeline(d, "UKR");

	assert_int_equal(v.status, PACTA_STATUS_PARTY);
	assert_int_equal(v.n_claims, 1);
	assert_true(v.n_objections >= 4);
	assert_day(tl->entry_into_force, "2006-06-01");
	assert_true(tl->withdrawal_notified == PACTA_DAY_NONE);
	assert_int_equal(d->rec->acts[tl->claims[0]].action, PACTA_ACT_SUSPENSION_CLAIM);
	assert_day(d->rec->acts[tl->claims[0]].date, "2025-07-18");
	for (size_t i = 0; i < tl->n_objections; i++) {
		const pacta_act *o = &d->rec->acts[tl->objections[i]];

		assert_int_equal(o->action, PACTA_ACT_OBJECTION);
		assert_int_equal(o->target, (int32_t)who(d, "UKR"));
	}
	/* Party throughout: one interval since its entry into force. */
	assert_int_equal(tl->intervals[tl->n_intervals - 1].status, PACTA_STATUS_PARTY);
	assert_day(tl->intervals[tl->n_intervals - 1].from, "2006-06-01");
}

static void test_stated_successions(void **state)
{
	static const struct {
		const char *iso3, *from, *computed, *deposit;
	} cases[] = {
		{ "SSD", "2011-07-09", "2012-05-01", "2011-11-11" },
		{ "MNE", "2006-06-03", "2007-04-01", "2006-10-23" },
	};
	struct data *d = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const pacta_derivation *e = eif_of(d, cases[i].iso3);
		const pacta_timeline *tl = timeline(d, cases[i].iso3);
		pacta_day from = fx_day(cases[i].from);

		assert_int_equal(e->kind, PACTA_DERIV_IN_FORCE_STATED);
		assert_day(e->date, cases[i].from);
		assert_day(e->computed, cases[i].computed);
		assert_day(tl->consented_on, cases[i].deposit);
		assert_int_equal(d->rec->acts[tl->consent_act].action, PACTA_ACT_SUCCESSION);
		assert_int_equal(pacta_status_on(d->ts, who(d, cases[i].iso3), from, NULL),
				 PACTA_STATUS_PARTY);
		assert_int_equal(pacta_status_on(d->ts, who(d, cases[i].iso3), from - 1, NULL),
				 PACTA_STATUS_NONE);
	}
}

/* The parties on the day the Convention entered into force are the states
 * whose instruments reached the depositary by the end of September 1998. */
static void test_parties_on_entry_into_force(void **state)
{
	struct data *d = *state;
	size_t n = instruments_until(d, "1998-09-30", false);
	pacta_counts c = pacta_status_count(d->ts, fx_day("1999-03-01"));

	print_message("# parties on 1999-03-01: %zu\n", c.parties);
	assert_int_equal(c.parties, n);
	assert_int_equal(c.withdrawing, 0);
	assert_int_equal(c.withdrawn, 0);
	assert_int_equal(pacta_status_count(d->ts, fx_day("1999-02-28")).parties, 0);
}

/* Known differences between a published date and the computed one, with
 * the reason (data/NOTES.md). */
static const struct {
	const char *iso3, *published, *computed, *why;
} documented[] = {
	{ "MNE", "2007-04-01", "2006-06-03",
	  "NOTES.md 5: Landmine Monitor applies Art. 17(2) to the deposit of 23 Oct 2006; the"
	  " record applies the succession from independence, 3 Jun 2006" },
};

#define N_DOCUMENTED (sizeof(documented) / sizeof(documented[0]))

static void test_published_entry_into_force(void **state)
{
	struct data *d = *state;
	struct table t;
	csv_row row;
	bool seen[N_DOCUMENTED] = { false };
	size_t rows = 0, agree = 0;
	int c_state, c_eif;

	table_open(&t, "apmbc/published-eif.csv");
	c_state = table_col(&t, "state");
	c_eif = table_col(&t, "entry_into_force");
	while (table_next(&t, &row)) {
		const char *iso3 = row.fields[c_state], *published = row.fields[c_eif];
		char computed[PACTA_DATE_BUFSZ];
		bool known = false;

		rows++;
		pacta_date_format(timeline(d, iso3)->entry_into_force, computed);
		if (strcmp(published, computed) == 0) {
			agree++;
			continue;
		}
		print_message("# %s: published %s computed %s\n", iso3, published, computed);
		for (size_t i = 0; i < N_DOCUMENTED; i++) {
			if (strcmp(documented[i].iso3, iso3) == 0 &&
			    strcmp(documented[i].published, published) == 0 &&
			    strcmp(documented[i].computed, computed) == 0) {
				print_message("#   documented: %s\n", documented[i].why);
				seen[i] = known = true;
			}
		}
		if (!known)
			fail_msg("%s: published %s, computed %s: not a documented difference", iso3,
				 published, computed);
	}
	table_close(&t);
	/* Each documented difference is still there (else remove it). */
	for (size_t i = 0; i < N_DOCUMENTED; i++)
		assert_true(seen[i]);
	assert_int_equal(rows, 76);
	assert_int_equal(agree, rows - N_DOCUMENTED);
}

static void test_depositary_counts(void **state)
{
	struct data *d = *state;
	struct table t;
	csv_row row;
	size_t rows = 0;
	int c_at, c_sig, c_par;

	table_open(&t, "apmbc/depositary-counts.csv");
	c_at = table_col(&t, "as_at");
	c_sig = table_col(&t, "signatories");
	c_par = table_col(&t, "parties");
	while (table_next(&t, &row)) {
		pacta_day at = fx_day(row.fields[c_at]);
		long want_sig = strtol(row.fields[c_sig], NULL, 10);
		long want_par = strtol(row.fields[c_par], NULL, 10);
		size_t signatories = 0;

		rows++;
		for (uint32_t p = 0; p < d->rec->n_participants; p++) {
			pacta_timeline tl_buf;
			const pacta_timeline *tl = pacta_treaty_status_timeline(d->ts, p, &tl_buf);

			if (tl->signed_on != PACTA_DAY_NONE && tl->signed_on <= at &&
			    pacta_status_on(d->ts, p, at, NULL) != PACTA_STATUS_WITHDRAWN)
				signatories++;
		}
		print_message("# %s: parties %zu (depositary %ld), signatories %zu (depositary"
			      " %ld)\n", row.fields[c_at], pacta_status_count(d->ts, at).parties,
			      want_par, signatories, want_sig);
		assert_int_equal(pacta_status_count(d->ts, at).parties, (size_t)want_par);
		assert_int_equal(signatories, (size_t)want_sig);
	}
	table_close(&t);
	assert_int_equal(rows, 1);
}

/* The obligation of iso3 under article on day; fails when there is none. */
static pacta_obligation obligation(const struct data *d, const char *iso3, const char *article,
				   pacta_day day)
{
	uint32_t p = who(d, iso3);
	pacta_obligation *obs, ob;
	size_t n;
	pacta_error err;
	bool found = false;

	memset(&ob, 0, sizeof(ob));
	if (pacta_obligations_on(d->ts, day, &p, 1, &obs, &n, &err) != PACTA_OK)
		fail_msg("obligations_on: %s", err.message);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(obs[i].rule->id, article) == 0) {
			ob = obs[i];
			found = true;
		}
	}
	free(obs);
	if (!found) {
		char b[PACTA_DATE_BUFSZ];

		fail_msg("%s has no Art. %s obligation on %s", iso3, article,
			 pacta_date_format(day, b));
	}
	return ob;
}

/* `applies` rows whose source dates the state's entry into force otherwise
 * than pacta does; each is a conflict named in the row's note. */
static const struct {
	const char *iso3, *article, *why;
} applies_conflicts[] = {
	{ "MNE", "4",
	  "Landmine Monitor dates Montenegro's party status from 1 Apr 2007; pacta applies its"
	  " succession from independence, 3 Jun 2006 (published-eif.csv, data/NOTES.md)" },
};

#define N_APPLIES_CONFLICTS (sizeof(applies_conflicts) / sizeof(applies_conflicts[0]))

/* Every `applies` row: its date is pacta's entry into force and its stated
 * deadline pacta's original deadline, but for the conflicts above. */
static void test_applies_deadlines(void **state)
{
	struct data *d = *state;
	struct table t;
	csv_row row;
	size_t rows = 0, disagree = 0;
	int c_state, c_article, c_event, c_date, c_deadline;

	table_open(&t, "apmbc/obligations.csv");
	c_state = table_col(&t, "state");
	c_article = table_col(&t, "article");
	c_event = table_col(&t, "event");
	c_date = table_col(&t, "date");
	c_deadline = table_col(&t, "deadline");
	while (table_next(&t, &row)) {
		const char *iso3 = row.fields[c_state], *article = row.fields[c_article];
		char starts[PACTA_DATE_BUFSZ], due[PACTA_DATE_BUFSZ];
		pacta_obligation ob;

		if (strcmp(row.fields[c_event], "applies") != 0)
			continue;
		rows++;
		ob = obligation(d, iso3, article, fx_day("2026-11-29"));
		pacta_date_format(ob.starts, starts);
		pacta_date_format(ob.original_due, due);
		if (strcmp(starts, row.fields[c_date]) != 0 ||
		    strcmp(due, row.fields[c_deadline]) != 0) {
			bool known = false;
			print_message("# %s Art. %s: stated entry into force %s, deadline %s;"
				      " computed %s, %s\n", iso3, article, row.fields[c_date],
				      row.fields[c_deadline], starts, due);
			for (size_t i = 0; i < N_APPLIES_CONFLICTS; i++) {
				if (strcmp(applies_conflicts[i].iso3, iso3) == 0 &&
				    strcmp(applies_conflicts[i].article, article) == 0) {
					print_message("#   %s\n", applies_conflicts[i].why);
					known = true;
				}
			}
			if (!known)
				disagree++;
		}
		assert_day(ob.stated_original, row.fields[c_deadline]);
	}
	table_close(&t);
	print_message("# %zu applies rows, %zu disagree\n", rows, disagree);
	assert_int_equal(rows, 155);
	assert_int_equal(disagree, 0);
}

/* Missed deadlines whose status the day after is not overdue, and why
 * (data/NOTES.md). */
static const struct {
	const char *iso3, *article, *status;
	bool late;
	const char *why;
} not_overdue[] = {
	{ "DJI", "4", "met", true,
	  "the row's note: the last stockpiled mines were destroyed on 2 Mar 2003, one day after"
	  " the deadline, the day asked about" },
};

#define N_NOT_OVERDUE (sizeof(not_overdue) / sizeof(not_overdue[0]))

/* Every `missed` row: its date is the deadline in force then or later (a
 * later listing), and the day after it the obligation is overdue since the
 * day after that deadline, on that row. */
static void test_missed_deadlines(void **state)
{
	struct data *d = *state;
	struct table t;
	csv_row row;
	bool seen[N_NOT_OVERDUE] = { false };
	size_t rows = 0, overdue = 0;
	int c_state, c_article, c_event, c_date;

	table_open(&t, "apmbc/obligations.csv");
	c_state = table_col(&t, "state");
	c_article = table_col(&t, "article");
	c_event = table_col(&t, "event");
	c_date = table_col(&t, "date");
	while (table_next(&t, &row)) {
		const char *iso3 = row.fields[c_state], *article = row.fields[c_article];
		pacta_day after, then;
		pacta_obligation ob;
		const char *status, *how;
		bool known = false;

		if (strcmp(row.fields[c_event], "missed") != 0)
			continue;
		rows++;
		then = obligation(d, iso3, article, fx_day(row.fields[c_date])).due;
		assert_true(then != PACTA_DAY_NONE && then <= fx_day(row.fields[c_date]));
		after = pacta_date_add_days(fx_day(row.fields[c_date]), 1);
		ob = obligation(d, iso3, article, after);
		status = pacta_obligation_status_name(ob.status);
		assert_int_equal(ob.due, then);
		if (ob.status == PACTA_OBLIGATION_OVERDUE) {
			overdue++;
			assert_int_equal(ob.overdue_since, pacta_date_add_days(then, 1));
			assert_day(d->rec->obligation_events[ob.evidence].date, row.fields[c_date]);
			continue;
		}
		how = ob.status != PACTA_OBLIGATION_MET ? "" : ob.late ? " (late)" : " (on time)";
		print_message("# %s Art. %s missed %s: %s%s the day after\n", iso3, article,
			      row.fields[c_date], status, how);
		for (size_t i = 0; i < N_NOT_OVERDUE; i++) {
			if (strcmp(not_overdue[i].iso3, iso3) == 0 &&
			    strcmp(not_overdue[i].article, article) == 0 &&
			    strcmp(not_overdue[i].status, status) == 0 &&
			    ob.late == not_overdue[i].late) {
				print_message("#   %s\n", not_overdue[i].why);
				seen[i] = known = true;
			}
		}
		if (!known)
			fail_msg("%s Art. %s: missed on %s, but %s the day after", iso3, article,
				 row.fields[c_date], status);
	}
	table_close(&t);
	for (size_t i = 0; i < N_NOT_OVERDUE; i++)
		assert_true(seen[i]);
	assert_int_equal(rows, 15);
	assert_int_equal(overdue, rows - N_NOT_OVERDUE);
}

static void test_obligations_examples(void **state)
{
	struct data *d = *state;
	pacta_obligation ob;
	const pacta_record *rec = d->rec;

	/* South Sudan: from its stated succession date, 9 Jul 2011. Its
	 * extended deadline has passed, and no source in the record says it
	 * was missed: unknown. */
	ob = obligation(d, "SSD", "5", fx_day("2026-11-29"));
	assert_day(ob.starts, "2011-07-09");
	assert_day(ob.original_due, "2021-07-09");
	assert_day(ob.due, "2026-07-09");
	assert_int_equal(ob.status, PACTA_OBLIGATION_UNKNOWN);
	assert_day(ob.overdue_since, "");
	ob = obligation(d, "SSD", "5", fx_day("2020-11-19"));
	assert_int_equal(ob.status, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "2021-07-09");
	/* Afghanistan: Art. 5 extended three times, to 2030-03-01 (5RC). */
	ob = obligation(d, "AFG", "5", fx_day("2026-11-29"));
	assert_int_equal(ob.status, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.original_due, "2013-03-01");
	assert_day(ob.due, "2030-03-01");
	assert_int_equal(ob.n_extensions, 3);
	assert_day(rec->obligation_events[ob.extensions[2]].date, "2024-11-29");
	ob = obligation(d, "AFG", "5", fx_day("2024-11-28"));
	assert_day(ob.due, "2025-03-01");
	/* Ukraine: Art. 4 overdue since the day after 1 Jun 2010. */
	ob = obligation(d, "UKR", "4", fx_day("2026-11-29"));
	assert_int_equal(ob.status, PACTA_OBLIGATION_OVERDUE);
	assert_day(ob.overdue_since, "2010-06-02");
	assert_int_equal(obligation(d, "UKR", "4", fx_day("2010-06-01")).status,
			 PACTA_OBLIGATION_OPEN);
	/* Latvia's obligations ended with its withdrawal. */
	ob = obligation(d, "LVA", "7.2", fx_day("2026-11-29"));
	assert_int_equal(ob.status, PACTA_OBLIGATION_ENDED);
	assert_day(ob.ended_on, "2025-12-27");
	/* Niger reported a mined area in 2012, after its deadline: re-opened
	 * under the Twelfth Meeting's procedure, without a deadline until the
	 * extension of December 2013. */
	ob = obligation(d, "NER", "5", fx_day("2013-01-01"));
	assert_int_equal(ob.status, PACTA_OBLIGATION_OPEN);
	assert_day(ob.due, "");
	assert_int_equal(ob.reopen_basis, PACTA_REOPEN_OPEN);
	{
		char *text = pacta_obligation_explain(d->ts, &ob, fx_day("2013-01-01"));

		assert_non_null(text);
		assert_non_null(strstr(text, "under the decision of the Twelfth Meeting of the"
					     " States Parties (Geneva, 3-7 December 2012)"));
		free(text);
	}
	ob = obligation(d, "NER", "5", fx_day("2014-01-01"));
	assert_int_equal(ob.status, PACTA_OBLIGATION_EXTENDED);
	assert_day(ob.due, "2015-12-31");
}

/* Overdue is a finding: on every 6 December from 1999 to 2026, each
 * overdue answer rests on a `missed` row of its own state and article,
 * dated on or before the day and on or after the deadline in force. */
static void test_overdue_rests_on_evidence(void **state)
{
	struct data *d = *state;
	size_t overdue = 0;

	for (int year = 1999; year <= 2026; year++) {
		pacta_day day = pacta_date_from_civil(year, 12, 6);
		pacta_obligation *obs;
		size_t n;
		pacta_error err;

		if (pacta_obligations_on(d->ts, day, NULL, 0, &obs, &n, &err) != PACTA_OK)
			fail_msg("obligations_on: %s", err.message);
		for (size_t i = 0; i < n; i++) {
			const pacta_obligation *ob = &obs[i];
			const pacta_obligation_event *e;

			if (ob->status != PACTA_OBLIGATION_OVERDUE) {
				assert_int_equal(ob->evidence, -1);
				continue;
			}
			overdue++;
			assert_true(ob->evidence >= 0);
			e = &d->rec->obligation_events[ob->evidence];
			assert_int_equal(e->kind, PACTA_OBL_MISSED);
			assert_int_equal(e->participant, ob->participant);
			assert_string_equal(e->article, ob->rule->id);
			assert_true(e->date <= day);
			assert_true(e->date >= ob->due);
			assert_int_equal(ob->overdue_since, pacta_date_add_days(ob->due, 1));
		}
		free(obs);
	}
	print_message("# %zu overdue answers, each with its evidence\n", overdue);
	assert_true(overdue > 0);
}


/* Another treaty of the record, compiled; fails when it is missing. */
static pacta_treaty_status *compile_id(const struct data *d, const char *id)
{
	int32_t t = pacta_record_treaty_by_id(d->rec, id);
	pacta_treaty_status *ts = NULL;
	pacta_error err;

	if (t < 0)
		fail_msg("no treaty %s", id);
	if (pacta_status_compile(d->rec, (uint32_t)t, &ts, &err) != PACTA_OK)
		fail_msg("compile %s: %s", id, err.message);
	return ts;
}

/* The sister treaties' own entry into force, as the depositary states it
 * (status pages of 3 Feb 2026): computed from the record, except Amended
 * Protocol II, whose stated date the rules file carries. */
static void test_sister_treaties_in_force(void **state)
{
	static const struct {
		const char *id, *date, *computed;
	} want[] = {
		{"ccm", "2010-08-01", "2010-08-01"},
		{"ccw", "1983-12-02", "1983-12-02"},
		{"ccw-ap2", "1998-12-03", "1998-10-20"},
		{"ccw-p2", "1983-12-02", "1983-12-02"},
		{"ccw-p5", "2006-11-12", "2006-11-12"},
	};
	struct data *d = *state;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		pacta_treaty_status *ts = compile_id(d, want[i].id);
		const pacta_derivation *eif = pacta_treaty_status_in_force(ts);

		assert_non_null(eif);
		assert_day(eif->date, want[i].date);
		assert_day(eif->computed, want[i].computed);
		pacta_treaty_status_free(ts);
	}
}

/* The original Protocol II (1980): every consent is dated with the
 * Convention's instrument (end note 8 of the Convention page), so each of its
 * parties is bound by it exactly when it is bound by the Convention. The 96
 * parties are the 96 States the Protocols table marks; the GDR,
 * Czechoslovakia and Yugoslavia, which counted towards the twentieth consent,
 * have ceased to exist; Slovakia's succession takes effect on 1993-01-01;
 * Lithuania accepted only the amended Protocol. */
static void test_original_protocol_ii(void **state)
{
	static const char *const former[] = {"DDR", "CSK", "YUG"};
	struct data *d = *state;
	pacta_treaty_status *p2 = compile_id(d, "ccw-p2");
	pacta_treaty_status *ccw = compile_id(d, "ccw");
	pacta_day today = fx_day("2026-12-06");
	size_t parties = 0;

	for (uint32_t p = 0; p < d->rec->n_participants; p++) {
		pacta_timeline tl_buf, ccw_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(p2, p, &tl_buf);

		if (tl->entry_into_force == PACTA_DAY_NONE)
			continue;
		assert_int_equal(tl->entry_into_force,
				 pacta_treaty_status_timeline(ccw, p, &ccw_buf)->entry_into_force);
		if (pacta_status_on(p2, p, today, NULL) == PACTA_STATUS_PARTY)
			parties++;
	}
	assert_int_equal(parties, 96);
	assert_int_equal(pacta_status_count(p2, today).parties, 96);
	assert_int_equal(pacta_status_count(p2, fx_day("1983-12-02")).parties, 20);
	for (size_t i = 0; i < sizeof(former) / sizeof(former[0]); i++) {
		assert_int_equal(pacta_status_on(p2, who(d, former[i]), fx_day("1983-12-02"), NULL),
				 PACTA_STATUS_PARTY);
		assert_int_equal(pacta_status_on(p2, who(d, former[i]), today, NULL),
				 PACTA_STATUS_NONE);
	}
	pacta_timeline svk_buf;
	assert_day(pacta_treaty_status_timeline(p2, who(d, "SVK"), &svk_buf)->entry_into_force,
		   "1993-01-01");
	assert_int_equal(pacta_status_on(p2, who(d, "LTU"), today, NULL), PACTA_STATUS_NONE);
	pacta_treaty_status_free(ccw);
	pacta_treaty_status_free(p2);
}

/* Lithuania: out of the CCM from 2025-03-06 (notified 2024-09-06, Art.
 * 20(3)), in force for it since 2011-09-01 (Art. 17(2), as the Cluster
 * Munition Monitor states); still bound by Amended Protocol II and the CCW
 * on 2026-01-01. */
static void test_lithuania_across_treaties(void **state)
{
	struct data *d = *state;
	pacta_treaty_status *ts = compile_id(d, "ccm");
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, who(d, "LTU"), &tl_buf);

	assert_day(tl->entry_into_force, "2011-09-01");
	assert_day(tl->withdrawal_notified, "2024-09-06");
	assert_day(tl->withdrawal_effective, "2025-03-06");
	assert_int_equal(pacta_status_on(ts, who(d, "LTU"), fx_day("2025-03-05"), NULL),
			 PACTA_STATUS_WITHDRAWAL_PENDING);
	assert_int_equal(pacta_status_on(ts, who(d, "LTU"), fx_day("2025-03-06"), NULL),
			 PACTA_STATUS_WITHDRAWN);
	/* Andorra acceded 2013-04-09: in force 2013-10-01 (Cluster Munition
	 * Coalition). */
	pacta_timeline and_buf;
	assert_day(pacta_treaty_status_timeline(ts, who(d, "AND"), &and_buf)->entry_into_force,
		   "2013-10-01");
	/* Vanuatu acceded 2025-09-05: in force 2026-03-01 (ICBL-CMC). */
	assert_day(pacta_treaty_status_timeline(ts, who(d, "VUT"), &and_buf)->entry_into_force,
		   "2026-03-01");
	pacta_treaty_status_free(ts);
	ts = compile_id(d, "ccw-ap2");
	assert_int_equal(pacta_status_on(ts, who(d, "LTU"), fx_day("2026-01-01"), NULL),
			 PACTA_STATUS_PARTY);
	pacta_treaty_status_free(ts);
	assert_int_equal(status(d, "LTU", "2026-01-01"), PACTA_STATUS_WITHDRAWN);
}

/* Every disagreement between the record and its sources is one that
 * data/NOTES.md documents: Montenegro's published Mine Ban Convention date
 * and Amended Protocol II's own date. The depositary's counts on 3 Feb 2026
 * agree for the five treaties that publish them (none for the original
 * Protocol II, whose page gives only the Convention's). */
static void test_discrepancies_are_documented(void **state)
{
	struct data *d = *state;
	pacta_diags diags;

	memset(&diags, 0, sizeof(diags));
	assert_int_equal(pacta_record_discrepancies(d->rec, &diags), 2);
	assert_string_equal(diags.items[0].where, "apmbc/published-eif.csv:46");
	assert_string_equal(diags.items[1].where, "treaties/ccw-ap2.json");
	pacta_diags_free(&diags);
	/* Five count files, and the CCM's and Protocol V's published dates,
	 * were read. */
	size_t counts = 0, eif = 0;
	for (size_t i = 0; i < d->rec->n_stated; i++) {
		if (d->rec->stated[i].kind == PACTA_STATED_ENTRY_INTO_FORCE)
			eif++;
		else if (d->rec->stated[i].kind != PACTA_STATED_REPORT_RATE)
			counts++; /* report rates: test_reports.c */
	}
	assert_int_equal(counts, 8); /* parties for 5, signatories for 3 */
	assert_int_equal(eif, 76 + 3 + 2); /* APMBC, CCM, Protocol V */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads_and_checks_clean),
		cmocka_unit_test(test_convention_entry_into_force),
		cmocka_unit_test(test_latvia_and_poland),
		cmocka_unit_test(test_ukraine),
		cmocka_unit_test(test_stated_successions),
		cmocka_unit_test(test_parties_on_entry_into_force),
		cmocka_unit_test(test_published_entry_into_force),
		cmocka_unit_test(test_depositary_counts),
		cmocka_unit_test(test_applies_deadlines),
		cmocka_unit_test(test_missed_deadlines),
		cmocka_unit_test(test_obligations_examples),
		cmocka_unit_test(test_overdue_rests_on_evidence),
		cmocka_unit_test(test_sister_treaties_in_force),
		cmocka_unit_test(test_lithuania_across_treaties),
		cmocka_unit_test(test_original_protocol_ii),
		cmocka_unit_test(test_discrepancies_are_documented),
	};

	return cmocka_run_group_tests_name("data", tests, setup, teardown);
}
