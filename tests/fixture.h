/*
 * fixture.h - small in-memory records for the unit tests.
 *
 * A fixture is a record built only through the public adders: twenty
 * invented participants, one treaty read from a rules text shaped like the
 * Mine Ban Convention's (but with a threshold of 3 instruments, so cases
 * stay small), acts with origins "acts.csv:N" and armed conflicts with
 * origins "armed-conflicts.csv:N". fx_open_obligations() gives the rules
 * obligations like the Convention's, and fx_obligations_csv() loads their
 * events from an obligations CSV. fx_finish() finishes the record and
 * compiles the treaty's status. Everything is freed by fx_close().
 *
 * Dates are written "YYYY-MM-DD"; NULL or "" means no date.
 */
#ifndef PACTA_TEST_FIXTURE_H
#define PACTA_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pacta/record.h"
#include "pacta/status.h"

/* The treaty's own entry into force: 3 instruments, then the first day of
 * the sixth month after the month of the third. */
#define FX_EIF_DEFAULT \
	"{\"article\": \"17(1)\", \"instruments\": 3," \
	" \"delay\": {\"first_day_of_month_after\": 6}}"

/* The rules text; %s is the entry_into_force object. */
#define FX_RULES_FMT \
	"{\"id\": \"mini\", \"name\": \"Mini Convention\"," \
	" \"title\": \"Convention on the Prohibition of Miniature Mines\"," \
	" \"adopted\": {\"date\": \"1997-09-18\", \"place\": \"Oslo\"}," \
	" \"opened_for_signature\": {\"date\": \"1997-12-03\", \"place\": \"Ottawa\"}," \
	" \"depositary\": \"Secretary-General of the United Nations\"," \
	" \"depositary_ref\": \"test chapter\"," \
	" \"source_url\": \"https://example.org/mini\"," \
	" \"rules\": {" \
	"  \"signature\": {\"article\": \"15\"," \
	"   \"text\": \"Open for signature until its entry into force.\"," \
	"   \"closes_at_entry_into_force\": true}," \
	"  \"consent\": {\"article\": \"16\"," \
	"   \"instruments\": [\"ratification\", \"acceptance\", \"approval\"," \
	"    \"accession\", \"succession\"]," \
	"   \"requires_signature\": [\"ratification\", \"acceptance\", \"approval\"]," \
	"   \"accession_only_by_non_signatories\": true}," \
	"  \"entry_into_force\": %s," \
	"  \"entry_into_force_later\": {\"article\": \"17(2)\"," \
	"   \"delay\": {\"first_day_of_month_after\": 6}}," \
	"  \"succession\": {\"text\": \"A succession takes effect from the date" \
	" of the succession of States.\", \"effective\": \"stated\"}," \
	"  \"provisional_application\": {\"article\": \"18\"," \
	"   \"text\": \"Applied provisionally pending entry into force.\"}," \
	"  \"reservations\": {\"article\": \"19\", \"allowed\": false}," \
	"  \"withdrawal\": {\"article\": \"20(2)\", \"notice\": {\"months\": 6}," \
	"   \"held_during_armed_conflict\": {\"article\": \"20(3)\"," \
	"    \"text\": \"Not before the end of the armed conflict.\"}}," \
	"  \"suspension\": {\"text\": \"The Convention has no suspension clause.\"}" \
	" }}"

struct fx_state {
	const char *iso3, *iso2, *name, *depositary_name, *aliases;
};

static const struct fx_state fx_states[] = {
	{ "ARC", "AR", "Arcadia", "Arcadia", "" },
	{ "BOR", "BO", "Borduria", "Borduria", "" },
	{ "COS", "CO", "Costaguana", "Costaguana", "" },
	{ "ELB", "EL", "Elbonia", "Elbonia", "" },
	{ "FRE", "FR", "Freedonia", "Freedonia", "" },
	{ "GEN", "GE", "Genovia", "Genovia", "" },
	{ "HYR", "HY", "Hyrkania", "Hyrkania", "" },
	{ "ILL", "IL", "Illyria", "Illyria", "" },
	{ "KRA", "KR", "Krakozhia", "Krakozhia", "" },
	{ "LAT", "LA", "Latveria", "Latveria", "" },
	{ "MOL", "MO", "Molvania", "Molvania", "" },
	{ "OST", "OS", "Osterlich", "Osterlich", "" },
	{ "POT", "PO", "Pottsylvania", "Pottsylvania", "" },
	{ "QUM", "QU", "Qumar", "Qumar", "" },
	{ "RUR", "RU", "Ruritania", "Ruritania", "Kingdom of Ruritania" },
	{ "SYL", "SY", "Syldavia", "Syldavia (Kingdom of)",
	  "Kingdom of Syldavia|Syldavian Kingdom" },
	{ "TOM", "TO", "Tomainia", "Tomainia", "" },
	{ "VUL", "VU", "Vulgaria", "Vulgaria", "" },
	{ "WAD", "WA", "Wadiya", "Wadiya", "Republic of Wadiya" },
	{ "ZUB", "ZU", "Zubrowka", "Zubrowka", "" },
};

#define FX_N_STATES (sizeof(fx_states) / sizeof(fx_states[0]))

struct fx {
	pacta_record *rec;
	pacta_treaty_status *ts;
	int act_line;      /* line of the next act in "acts.csv" */
	int conflict_line; /* line of the next row in "armed-conflicts.csv" */
};

static inline pacta_day fx_day(const char *s)
{
	pacta_day d = PACTA_DAY_NONE;

	if (!s || !*s)
		return PACTA_DAY_NONE;
	if (!pacta_date_parse(s, strlen(s), &d))
		fail_msg("not a date: '%s'", s);
	return d;
}

/* Compares a day with "YYYY-MM-DD" ("" for NONE or OPEN). */
#define assert_day(d, s) do { \
	char fx_buf_[PACTA_DATE_BUFSZ]; \
	assert_string_equal(pacta_date_format((d), fx_buf_), (s)); \
} while (0)

static inline void fx_add_state(struct fx *f, const char *iso3, const char *iso2,
				const char *name, const char *depositary_name,
				const char *aliases)
{
	pacta_participant p;
	pacta_error err;

	memset(&p, 0, sizeof(p));
	snprintf(p.iso3, sizeof(p.iso3), "%s", iso3);
	snprintf(p.iso2, sizeof(p.iso2), "%s", iso2);
	p.name = name;
	p.depositary_name = depositary_name;
	p.aliases = aliases;
	p.kind = PACTA_KIND_STATE;
	p.un_member_since = PACTA_DAY_NONE;
	p.source_url = "https://example.org/states";
	if (pacta_record_add_participant(f->rec, &p, &err) != PACTA_OK)
		fail_msg("add_participant %s: %s", iso3, err.message);
}

/* The rules text with eif as the entry_into_force object (NULL:
 * FX_EIF_DEFAULT); returns its length. */
static inline size_t fx_rules_text(char *buf, size_t size, const char *eif)
{
	int n = snprintf(buf, size, FX_RULES_FMT, eif ? eif : FX_EIF_DEFAULT);

	assert_true(n > 0 && (size_t)n < size);
	return (size_t)n;
}

/* out = src with the first `from` replaced by `to` (which must occur). */
static inline void fx_replace(const char *src, const char *from, const char *to, char *out,
			      size_t size)
{
	const char *at = strstr(src, from);
	int n;

	if (!at)
		fail_msg("'%s' not in the text", from);
	n = snprintf(out, size, "%.*s%s%s", (int)(at - src), src, to, at + strlen(from));
	assert_true(n > 0 && (size_t)n < size);
}

/* A record with the fixture's participants and the treaty read from the
 * rules text json[0..n). */
static inline void fx_open_rules(struct fx *f, const char *json, size_t n)
{
	pacta_error err;

	memset(f, 0, sizeof(*f));
	f->act_line = 2;
	f->conflict_line = 2;
	f->rec = pacta_record_new();
	assert_non_null(f->rec);
	for (size_t i = 0; i < FX_N_STATES; i++)
		fx_add_state(f, fx_states[i].iso3, fx_states[i].iso2, fx_states[i].name,
			     fx_states[i].depositary_name, fx_states[i].aliases);
	if (pacta_record_add_treaty(f->rec, json, n, "treaties/mini.json",
				    &err) != PACTA_OK)
		fail_msg("add_treaty: %s: %s", err.where, err.message);
}

/* A record with the fixture's participants and the treaty; eif is the
 * entry_into_force object (NULL: FX_EIF_DEFAULT). */
static inline void fx_open(struct fx *f, const char *eif)
{
	char json[4096];
	size_t n = fx_rules_text(json, sizeof(json), eif);

	fx_open_rules(f, json, n);
}

/* The fixture with entry_into_force eif (NULL: the default), the later
 * rule's "after" (NULL: absent) and its delay (NULL: the first day of the
 * sixth month after). */
static inline void fx_open_later(struct fx *f, const char *eif, const char *after, const char *delay)
{
	char base[4096], step[4096], json[4096], edit[160];

	fx_rules_text(base, sizeof(base), eif);
	snprintf(edit, sizeof(edit), "\"entry_into_force_later\": {%s%s%s", after ? "\"after\": \"" : "",
		 after ? after : "", after ? "\", " : "");
	fx_replace(base, "\"entry_into_force_later\": {", edit, step, sizeof(step));
	snprintf(edit, sizeof(edit), "%s},  \"succession\"",
		 delay ? delay : "{\"first_day_of_month_after\": 6}");
	fx_replace(step, "{\"first_day_of_month_after\": 6}},  \"succession\"", edit, json,
		   sizeof(json));
	fx_open_rules(f, json, strlen(json));
}

/* Obligations shaped like the Mine Ban Convention's: Art. 3 (continuing),
 * 4 (four years) and 5 (ten years, extensions under 5(3)) for the states
 * the record names, both re-opened by newly found mines (no deadline
 * unless the record gives one); 7.1 (180 days) and 7.2 (every 30 April)
 * for every party. Objects of a JSON list, without the brackets, so a test
 * may add its own. */
#define FX_OBLIGATION_RULES \
	"{\"id\": \"3\", \"article\": \"3(1)\", \"name\": \"mines retained\"," \
	" \"kind\": \"continuing\", \"applies\": \"recorded\"}," \
	" {\"id\": \"4\", \"article\": \"4\", \"name\": \"stockpile destruction\"," \
	" \"kind\": \"deadline\", \"applies\": \"recorded\", \"delay\": {\"years\": 4}," \
	" \"reopening\": {\"article\": \"4\"}}," \
	" {\"id\": \"5\", \"article\": \"5(1)\", \"name\": \"mined areas\"," \
	" \"kind\": \"deadline\", \"applies\": \"recorded\", \"delay\": {\"years\": 10}," \
	" \"extensions\": {\"article\": \"5(3)\", \"text\": \"Up to ten years more.\"}," \
	" \"reopening\": {\"article\": \"5(1)\", \"decision\": \"the decision of the Second" \
	" Meeting\"}}," \
	" {\"id\": \"7.1\", \"article\": \"7(1)\", \"name\": \"initial report\"," \
	" \"kind\": \"deadline\", \"applies\": \"all_parties\", \"delay\": {\"days\": 180}}," \
	" {\"id\": \"7.2\", \"article\": \"7(2)\", \"name\": \"annual report\"," \
	" \"kind\": \"annual\", \"applies\": \"all_parties\", \"on\": \"04-30\"}"

/* fx_open() with the rules' "obligations" list set to obligations (a JSON
 * list; NULL: the FX_OBLIGATION_RULES). */
static inline void fx_open_obligations(struct fx *f, const char *obligations)
{
	char base[4096], insert[4096], json[8192];
	int n;

	fx_rules_text(base, sizeof(base), NULL);
	n = snprintf(insert, sizeof(insert), "\"obligations\": %s, \"suspension\":",
		     obligations ? obligations : "[" FX_OBLIGATION_RULES "]");
	assert_true(n > 0 && (size_t)n < sizeof(insert));
	fx_replace(base, "\"suspension\":", insert, json, sizeof(json));
	fx_open_rules(f, json, strlen(json));
}

/* Loads an obligations CSV (text, header included) as "obligations.csv";
 * fails the test on an error. */
static inline void fx_obligations_csv(struct fx *f, const char *csv)
{
	pacta_error err;

	if (pacta_record_load_obligations_csv(f->rec, 0, csv, strlen(csv), "obligations.csv",
					      &err) != PACTA_OK)
		fail_msg("obligations: %s: %s", err.where, err.message);
}

static inline uint32_t fx_p(const struct fx *f, const char *iso3)
{
	int32_t i = pacta_record_participant_by_iso3(f->rec, iso3);

	if (i < 0)
		fail_msg("no participant %s", iso3);
	return (uint32_t)i;
}

/* Adds an act; returns its line in "acts.csv". */
static inline int fx_act(struct fx *f, const char *iso3, const char *action,
			 const char *date, const char *effective, const char *target)
{
	pacta_act a;
	pacta_error err;
	char origin[64];
	int line = f->act_line++;

	pacta_act_init(&a);
	a.treaty = 0;
	a.participant = fx_p(f, iso3);
	if (!pacta_action_parse(action, &a.action))
		fail_msg("unknown action %s", action);
	a.date = fx_day(date);
	a.effective = fx_day(effective);
	a.target = target ? (int32_t)fx_p(f, target) : -1;
	a.source_url = "https://example.org/depositary";
	snprintf(origin, sizeof(origin), "acts.csv:%d", line);
	a.origin = origin;
	a.recorded = PACTA_DAY_NONE;
	if (pacta_record_add_act(f->rec, &a, &err) != PACTA_OK)
		fail_msg("add_act: %s", err.message);
	return line;
}

/* Adds an act with the depositary's fields (NULL: none), e.g. a
 * declaration with its text or a territorial act with its territory. */
static inline void fx_act_depositary(struct fx *f, const char *iso3, const char *action,
				     const char *date, const char *target, const char *territory,
				     const char *text)
{
	pacta_act a;
	pacta_error err;

	pacta_act_init(&a);
	a.participant = fx_p(f, iso3);
	if (!pacta_action_parse(action, &a.action))
		fail_msg("unknown action %s", action);
	a.date = fx_day(date);
	a.target = target ? (int32_t)fx_p(f, target) : -1;
	a.territory = territory;
	a.text = text;
	a.source_url = "https://example.org/depositary";
	a.origin = "acts.csv:99";
	if (pacta_record_add_act(f->rec, &a, &err) != PACTA_OK)
		fail_msg("add_act: %s", err.message);
}

/* An armed conflict [from, to); to NULL = ongoing. Returns its line. */
static inline int fx_conflict(struct fx *f, const char *iso3, const char *from,
			      const char *to)
{
	pacta_conflict c;
	pacta_error err;
	char origin[64];
	int line = f->conflict_line++;

	memset(&c, 0, sizeof(c));
	c.participant = fx_p(f, iso3);
	c.from = fx_day(from);
	c.to = to ? fx_day(to) : PACTA_DAY_OPEN;
	c.source_url = "https://example.org/conflict";
	snprintf(origin, sizeof(origin), "armed-conflicts.csv:%d", line);
	c.origin = origin;
	if (pacta_record_add_conflict(f->rec, &c, &err) != PACTA_OK)
		fail_msg("add_conflict: %s", err.message);
	return line;
}

/* The treaty's first instruments: ARC 1998-07-01, ELB 1998-08-01, then BOR
 * and COS both on 1998-09-16, the day of the third; in force 1999-03-01. */
static inline void fx_base(struct fx *f)
{
	fx_act(f, "ARC", "signature", "1997-12-03", NULL, NULL);
	fx_act(f, "ARC", "ratification", "1998-07-01", NULL, NULL);
	fx_act(f, "ELB", "signature", "1997-12-04", NULL, NULL);
	fx_act(f, "ELB", "ratification", "1998-08-01", NULL, NULL);
	fx_act(f, "BOR", "signature", "1997-12-03", NULL, NULL);
	fx_act(f, "BOR", "ratification", "1998-09-16", NULL, NULL);
	fx_act(f, "COS", "accession", "1998-09-16", NULL, NULL);
}

/* Finishes the record and compiles the treaty's status. */
static inline void fx_finish(struct fx *f)
{
	pacta_error err;

	if (pacta_record_finish(f->rec, &err) != PACTA_OK)
		fail_msg("finish: %s", err.message);
	pacta_treaty_status_free(f->ts);
	f->ts = NULL;
	if (pacta_status_compile(f->rec, 0, &f->ts, &err) != PACTA_OK)
		fail_msg("compile: %s", err.message);
}

static inline void fx_close(struct fx *f)
{
	pacta_treaty_status_free(f->ts);
	pacta_record_free(f->rec);
	memset(f, 0, sizeof(*f));
}

/* Index of the act (after finish). */
static inline uint32_t fx_find_act(const struct fx *f, const char *iso3,
				   const char *action, const char *date)
{
	uint32_t p = fx_p(f, iso3);
	pacta_day d = fx_day(date);
	pacta_action a = PACTA_ACT_ANNOUNCEMENT;

	if (!pacta_action_parse(action, &a))
		fail_msg("unknown action %s", action);
	for (size_t i = 0; i < f->rec->n_acts; i++) {
		const pacta_act *x = &f->rec->acts[i];

		if (x->participant == p && x->action == a && x->date == d)
			return (uint32_t)i;
	}
	fail_msg("no act %s %s %s", iso3, action, date);
	return UINT32_MAX;
}

/* The timeline is written into one of a few buffers, used in turn: a test
 * holds at most a few at once. */
static inline const pacta_timeline *fx_tl(const struct fx *f, const char *iso3)
{
	static pacta_timeline bufs[8];
	static unsigned next;
	const pacta_timeline *tl =
		pacta_treaty_status_timeline(f->ts, fx_p(f, iso3), &bufs[next++ % 8]);

	assert_non_null(tl);
	return tl;
}

static inline pacta_status fx_status(const struct fx *f, const char *iso3,
				     const char *date)
{
	return pacta_status_on(f->ts, fx_p(f, iso3), fx_day(date), NULL);
}

/* The derivation is written into one of a few buffers, used in turn: a
 * test holds at most a few at once. */
static inline const pacta_derivation *fx_deriv(const struct fx *f, int32_t why)
{
	static pacta_derivation bufs[8];
	static unsigned next;
	const pacta_derivation *d;

	assert_true(why >= 0);
	d = pacta_treaty_status_derivation(f->ts, (uint32_t)why, &bufs[next++ % 8]);
	assert_non_null(d);
	return d;
}

#endif
