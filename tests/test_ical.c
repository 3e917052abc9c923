/*
 * test_ical.c - the iCalendar feed of a fixture: CRLF lines of at most 75
 * octets, folded without splitting a UTF-8 character and unfolded back to
 * the text, RFC 5545 text escaping, the properties of every event, stable
 * and unique UIDs, and yearly RRULEs that stop the day before a withdrawal
 * takes effect (once it is notified).
 */
#include "pacta/ical.h"

#include "fixture.h"

/* Long enough, in two- and three-octet characters, that a SUMMARY line
 * has to fold where a character starts at octet 75. */
#define UNI_NAME "Ŭnïtēd Ŗēpūblïcs ōf Ŵēstērn Ŏcēānïā ānd thē Sōuthērn Īslānds (東京)"
#define ESC_NAME "Saint Pierre, Miquelon; North\\South\nIsles"
#define ESC_TEXT "Saint Pierre\\, Miquelon\\; North\\\\South\\nIsles"

static void open_record(struct fx *f)
{
	fx_open_obligations(f, NULL);
	fx_add_state(f, "UNI", "UN", UNI_NAME, UNI_NAME, "");
	fx_add_state(f, "ESC", "ES", ESC_NAME, ESC_NAME, "");
	fx_base(f);
	fx_act(f, "GEN", "signature", "1997-12-05", NULL, NULL);
	fx_act(f, "GEN", "ratification", "2000-01-10", NULL, NULL);
	fx_act(f, "GEN", "withdrawal", "2010-01-15", NULL, NULL);
	fx_act(f, "ESC", "accession", "2001-03-10", NULL, NULL);
	fx_act(f, "UNI", "accession", "2005-07-01", NULL, NULL);
	fx_obligations_csv(f, "state,article,event,date,deadline,value,source_url,note\n"
			      "ARC,3,retained,2001-12-31,,1200,https://example.org/arc,\n"
			      "BOR,5,applies,1999-03-01,2009-03-01,,https://example.org/bor,\n"
			      "BOR,5,extension_granted,2008-11-28,2014-03-01,,"
			      "https://example.org/bor/extension,\n"
			      "UNI,4,applies,2006-01-01,2010-01-01,,https://example.org/uni,\n"
			      "UNI,4,missed,2010-01-01,,,https://example.org/uni/missed,\n");
	fx_finish(f);
}

/* The feed on day for the states named (NULL: all); malloc'd. */
static char *feed(const struct fx *f, const char *day, const char *const *iso3, size_t n)
{
	uint32_t ps[8];
	char *out = NULL;
	size_t len = 0;
	pacta_error err;

	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++)
		ps[i] = fx_p(f, iso3[i]);
	if (pacta_ical_write(f->ts, fx_day(day), iso3 ? ps : NULL, n, &out, &len, &err) !=
	    PACTA_OK)
		fail_msg("ical_write: %s", err.message);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	return out;
}

/* The text with folds ("\r\n" and one space) removed; malloc'd. */
static char *unfold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	while (*s) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 3;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Length of the valid UTF-8 sequence at s[0..len), or 0. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* Checks the physical lines of a feed: CRLF only, at most 75 octets, each
 * line valid UTF-8 on its own. Returns how many folds come early (before
 * octet 75) because the next character has more than one octet. */
static size_t check_lines(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t early = 0, n_lines = 0;

	while (*s) {
		const unsigned char *end = (const unsigned char *)strstr((const char *)s, "\r\n");
		size_t len;

		if (!end)
			fail_msg("no CRLF after line %zu", n_lines + 1);
		len = (size_t)(end - s);
		n_lines++;
		if (len > 75)
			fail_msg("line %zu has %zu octets: %.*s", n_lines, len, (int)len, s);
		for (size_t i = 0; i < len;) {
			size_t k;

			if (s[i] == '\r' || s[i] == '\n')
				fail_msg("line %zu: a bare CR or LF", n_lines);
			k = utf8_len(s + i, len - i);
			if (!k)
				fail_msg("line %zu: a UTF-8 character split at octet %zu", n_lines,
					 i + 1);
			i += k;
		}
		if (end[2] == ' ' && end[3] >= 0xC0 && len < 75)
			early++;
		s = end + 2;
	}
	assert_true(n_lines > 10);
	return early;
}

/* The unfolded lines of a feed, as an array of malloc'd strings. */
struct lines {
	char **v;
	size_t n;
};

static struct lines split(const char *text)
{
	char *u = unfold(text), *p = u;
	struct lines l = { NULL, 0 };

	while (*p) {
		char *end = strstr(p, "\r\n");

		assert_non_null(end);
		l.v = realloc(l.v, (l.n + 1) * sizeof(*l.v));
		assert_non_null(l.v);
		l.v[l.n] = strndup(p, (size_t)(end - p));
		assert_non_null(l.v[l.n]);
		l.n++;
		p = end + 2;
	}
	free(u);
	return l;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static bool has_line(const struct lines *l, const char *want)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], want) == 0)
			return true;
	return false;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* One event: its unfolded lines [first, last). */
struct vevent {
	size_t first, last;
};

/* The value of the one property `name` ("UID:") in the event, or fails. */
static const char *prop(const struct lines *l, struct vevent e, const char *name)
{
	const char *found = NULL;

	for (size_t i = e.first; i < e.last; i++) {
		if (starts(l->v[i], name)) {
			if (found)
				fail_msg("two %s in one event", name);
			found = l->v[i] + strlen(name);
		}
	}
	if (!found)
		fail_msg("no %s in the event at line %zu", name, e.first);
	return found;
}

static size_t events(const struct lines *l, struct vevent *ev, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i], "BEGIN:VEVENT") != 0)
			continue;
		assert_true(n < max);
		ev[n].first = i + 1;
		while (i < l->n && strcmp(l->v[i], "END:VEVENT") != 0)
			i++;
		assert_true(i < l->n);
		ev[n].last = i;
		n++;
	}
	return n;
}

/* The event with this UID, or fails. */
static struct vevent by_uid(const struct lines *l, const struct vevent *ev, size_t n,
			    const char *uid)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(prop(l, ev[i], "UID:"), uid) == 0)
			return ev[i];
	fail_msg("no event %s", uid);
	return ev[0];
}

static void ymd(pacta_day d, char out[9])
{
	int y, m, dd;

	pacta_date_to_civil(d, &y, &m, &dd);
	snprintf(out, 9, "%04d%02d%02d", y, m, dd);
}

static void test_envelope_and_lines(void **state)
{
	struct fx f;
	char *text;
	size_t len;

	(void)state;
	open_record(&f);
	text = feed(&f, "2011-01-01", NULL, 0);
	len = strlen(text);
	assert_true(starts(text, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
	assert_true(len > 15 && strcmp(text + len - 15, "END:VCALENDAR\r\n") == 0);
	/* The multi-byte name forces at least one early fold. */
	assert_true(check_lines(text) >= 1);
	free(text);
	fx_close(&f);
}

static void test_unfold_and_escape(void **state)
{
	struct fx f;
	char *text;
	struct lines l;

	(void)state;
	open_record(&f);
	text = feed(&f, "2011-01-01", NULL, 0);
	l = split(text);
	assert_true(has_line(&l, "X-WR-CALNAME:Mini Convention (mini)"));
	/* Unfolding gives the whole line back, characters intact. */
	assert_true(has_line(&l, "SUMMARY:" UNI_NAME ": the Mini Convention enters into force"
				 " for it"));
	assert_true(has_line(&l, "SUMMARY:" UNI_NAME ": Art. 4 stockpile destruction due"
				 " (overdue)"));
	/* , ; \ and newline escaped in SUMMARY and DESCRIPTION. */
	assert_true(has_line(&l, "SUMMARY:" ESC_TEXT ": the Mini Convention enters into force"
				 " for it"));
	assert_true(has_line(&l, "SUMMARY:" ESC_TEXT ": Art. 7(1) initial report due (unknown)"));
	assert_true(has_line(&l, "DESCRIPTION:Art. 7(1) (initial report). Entry into force for "
				 ESC_TEXT ": 2001-09-01 (Art. 17(2)). Original deadline:"
				 " 2001-09-01 + 180 days = 2002-02-28. On 2011-01-01 the deadline"
				 " of 2002-02-28 has passed\\; the record holds neither a completion"
				 " nor a source saying it was missed."));
	assert_true(has_line(&l, "DESCRIPTION:Art. 5(1) (mined areas). Entry into force for"
				 " Borduria: 1999-03-01 (Art. 17(1)). Original deadline:"
				 " 1999-03-01 + ten years = 2009-03-01. A source states"
				 " 2009-03-01\\, the same. Extended under Art. 5(3) to 2014-03-01"
				 " by a decision of 2008-11-28. On 2011-01-01 it is due by"
				 " 2014-03-01."));
	/* A URI is not escaped. */
	assert_true(has_line(&l, "URL:https://example.org/bor/extension"));
	/* Nothing unescaped is left in a text value. */
	for (size_t i = 0; i < l.n; i++) {
		const char *v = l.v[i];

		if (!starts(v, "SUMMARY:") && !starts(v, "DESCRIPTION:"))
			continue;
		for (const char *p = strchr(v, ':') + 1; *p; p++) {
			if (*p == '\\') {
				assert_non_null(strchr("\\;,n", p[1]));
				p++;
			} else {
				assert_null(strchr(";,\n", *p));
			}
		}
	}
	lines_free(&l);
	free(text);
	fx_close(&f);
}

static void test_every_event(void **state)
{
	struct fx f;
	char *text;
	struct lines l;
	struct vevent ev[64];
	size_t n;

	(void)state;
	open_record(&f);
	text = feed(&f, "2011-01-01", NULL, 0);
	l = split(text);
	n = events(&l, ev, 64);
	/* 7 entries into force (ARC BOR COS ELB GEN ESC UNI), GEN's withdrawal,
	 * 7.1 and 7.2 for each of the 7, BOR's Art. 5 and UNI's Art. 4; ARC's
	 * Art. 3 has no date. */
	assert_int_equal(n, 7 + 1 + 14 + 2);
	for (size_t i = 0; i < n; i++) {
		const char *start = prop(&l, ev[i], "DTSTART;VALUE=DATE:");
		char y[5], want[9];
		pacta_day d;

		assert_string_equal(prop(&l, ev[i], "DTSTAMP:"), "20110101T000000Z");
		assert_int_equal(strlen(start), 8);
		snprintf(y, sizeof(y), "%.4s", start);
		d = pacta_date_from_civil(atoi(y), (start[4] - '0') * 10 + (start[5] - '0'),
					  (start[6] - '0') * 10 + (start[7] - '0'));
		ymd(pacta_date_add_days(d, 1), want);
		assert_string_equal(prop(&l, ev[i], "DTEND;VALUE=DATE:"), want);
		assert_true(starts(prop(&l, ev[i], "UID:"), "mini-"));
		(void)prop(&l, ev[i], "SUMMARY:");
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(prop(&l, ev[i], "UID:"), prop(&l, ev[j], "UID:"));
	}
	/* The last day of February is followed by 1 March. */
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-ESC-art-7.1@pacta"),
				 "DTSTART;VALUE=DATE:"), "20020228");
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-ESC-art-7.1@pacta"),
				 "DTEND;VALUE=DATE:"), "20020301");
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-GEN-withdrawal@pacta"),
				 "DTSTART;VALUE=DATE:"), "20100715");
	lines_free(&l);
	free(text);
	fx_close(&f);
}

static void test_stable_uids(void **state)
{
	struct fx f;
	char *early, *late;
	struct lines a, b;
	struct vevent ea[64], eb[64];
	size_t na, nb;

	(void)state;
	open_record(&f);
	early = feed(&f, "2005-01-01", NULL, 0);
	late = feed(&f, "2011-01-01", NULL, 0);
	a = split(early);
	b = split(late);
	na = events(&a, ea, 64);
	nb = events(&b, eb, 64);
	/* 2005: ARC BOR COS ELB GEN ESC in force (UNI accedes later), no
	 * withdrawal notified yet; 7.1 and 7.2 each, and BOR's Art. 5. */
	assert_int_equal(na, 6 + 12 + 1);
	assert_int_equal(nb, 24);
	for (size_t i = 0; i < na; i++)
		(void)by_uid(&b, eb, nb, prop(&a, ea[i], "UID:"));
	/* The moved deadline keeps its UID. */
	assert_string_equal(prop(&a, by_uid(&a, ea, na, "mini-BOR-art-5@pacta"),
				 "DTSTART;VALUE=DATE:"), "20090301");
	assert_string_equal(prop(&b, by_uid(&b, eb, nb, "mini-BOR-art-5@pacta"),
				 "DTSTART;VALUE=DATE:"), "20140301");
	assert_string_equal(prop(&a, ea[0], "DTSTAMP:"), "20050101T000000Z");
	lines_free(&a);
	lines_free(&b);
	free(early);
	free(late);
	fx_close(&f);
}

static void test_rrule(void **state)
{
	static const char *const gen[] = { "GEN" };
	struct fx f;
	char *text;
	struct lines l;
	struct vevent ev[16];
	size_t n;

	(void)state;
	open_record(&f);
	/* Withdrawal notified 2010-01-15, effective 2010-07-15. */
	text = feed(&f, "2011-01-01", gen, 1);
	l = split(text);
	n = events(&l, ev, 16);
	assert_int_equal(n, 4);
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-GEN-art-7.2@pacta"), "RRULE:"),
			    "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30;UNTIL=20100714");
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-GEN-art-7.2@pacta"),
				 "DTSTART;VALUE=DATE:"), "20020430");
	lines_free(&l);
	free(text);
	/* Notified that day: the rule stops. */
	text = feed(&f, "2010-01-15", gen, 1);
	l = split(text);
	n = events(&l, ev, 16);
	assert_int_equal(n, 4);
	assert_true(has_line(&l, "RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30;UNTIL=20100714"));
	lines_free(&l);
	free(text);
	/* Before the notification nothing says it will stop. */
	text = feed(&f, "2010-01-14", gen, 1);
	l = split(text);
	n = events(&l, ev, 16);
	assert_int_equal(n, 3);
	assert_true(has_line(&l, "RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30"));
	assert_null(strstr(text, "UNTIL"));
	assert_null(strstr(text, "withdrawal"));
	lines_free(&l);
	free(text);
	/* A state that stays: no UNTIL; one RRULE per annual duty only. */
	text = feed(&f, "2011-01-01", NULL, 0);
	l = split(text);
	assert_true(has_line(&l, "RRULE:FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=30"));
	{
		size_t rrules = 0;

		for (size_t i = 0; i < l.n; i++)
			rrules += starts(l.v[i], "RRULE:");
		assert_int_equal(rrules, 7);
	}
	lines_free(&l);
	free(text);
	fx_close(&f);
}

static void test_named_states(void **state)
{
	static const char *const uni[] = { "UNI" };
	struct fx f;
	char *text;
	struct lines l;
	struct vevent ev[16];
	size_t n;

	(void)state;
	open_record(&f);
	text = feed(&f, "2011-01-01", uni, 1);
	l = split(text);
	n = events(&l, ev, 16);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		assert_true(starts(prop(&l, ev[i], "UID:"), "mini-UNI-"));
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-UNI-entry-into-force@pacta"),
				 "DTSTART;VALUE=DATE:"), "20060101");
	assert_string_equal(prop(&l, by_uid(&l, ev, n, "mini-UNI-art-4@pacta"),
				 "DTSTART;VALUE=DATE:"), "20100101");
	lines_free(&l);
	free(text);
	/* Before its accession: an empty calendar. */
	text = feed(&f, "2005-06-30", uni, 1);
	assert_null(strstr(text, "BEGIN:VEVENT"));
	assert_true(starts(text, "BEGIN:VCALENDAR\r\n"));
	free(text);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_envelope_and_lines),
		cmocka_unit_test(test_unfold_and_escape),
		cmocka_unit_test(test_every_event),
		cmocka_unit_test(test_stable_uids),
		cmocka_unit_test(test_rrule),
		cmocka_unit_test(test_named_states),
	};

	return cmocka_run_group_tests_name("ical", tests, NULL, NULL);
}
