/*
 * ical.c - the iCalendar exporter. Builds content lines, then folds and
 * terminates them; it reads the compiled status and the obligations only.
 */
#include "pacta/ical.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICAL_FOLD 75

/* Appends one content line, escaped text already in `line`, folded at 75
 * octets (continuations start with a space) and ended with CRLF. */
static void put_line(strbuf *sb, const char *line)
{
	size_t len = strlen(line), col = 0;
	for (size_t i = 0; i < len;) {
		size_t n = 1;
		unsigned char ch = (unsigned char)line[i];
		if (ch >= 0xF0)
			n = 4;
		else if (ch >= 0xE0)
			n = 3;
		else if (ch >= 0xC0)
			n = 2;
		if (i + n > len)
			n = len - i;
		if (col + n > ICAL_FOLD) {
			strbuf_append(sb, "\r\n ");
			col = 1;
		}
		char piece[5];
		memcpy(piece, line + i, n);
		piece[n] = '\0';
		strbuf_append(sb, piece);
		col += n;
		i += n;
	}
	strbuf_append(sb, "\r\n");
}

/* "NAME:" followed by text escaped per RFC 5545 (\\ \; \, \n). */
static void put_text(strbuf *sb, const char *name, const char *text)
{
	strbuf line;
	strbuf_init(&line);
	strbuf_appendf(&line, "%s:", name);
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '\\':
			strbuf_append(&line, "\\\\");
			break;
		case ';':
			strbuf_append(&line, "\\;");
			break;
		case ',':
			strbuf_append(&line, "\\,");
			break;
		case '\n':
			strbuf_append(&line, "\\n");
			break;
		case '\r':
			break;
		default: {
			char ch[2] = {*p, '\0'};
			strbuf_append(&line, ch);
		}
		}
	}
	if (strbuf_failed(&line))
		sb->failed = true;
	else
		put_line(sb, line.buf);
	strbuf_free(&line);
}

static void ymd(pacta_day d, char out[9])
{
	int y, m, dd;
	pacta_date_to_civil(d, &y, &m, &dd);
	snprintf(out, 9, "%04d%02d%02d", y, m, dd);
}

typedef struct event {
	const char *uid_kind; /* "entry-into-force", "withdrawal", "art-4" */
	pacta_day day;
	const char *summary;
	const char *description;
	const char *url;
	const pacta_obligation_rule *annual; /* set for a yearly duty */
	pacta_day until;                    /* last day of a yearly duty, or NONE */
} event;

static void put_event(strbuf *sb, const char *treaty, const char *iso3, const char *stamp,
		      const event *e)
{
	char line[256], d[9], d2[9];
	strbuf_append(sb, "BEGIN:VEVENT\r\n");
	snprintf(line, sizeof(line), "UID:%s-%s-%s@pacta", treaty, iso3, e->uid_kind);
	put_line(sb, line);
	snprintf(line, sizeof(line), "DTSTAMP:%sT000000Z", stamp);
	put_line(sb, line);
	ymd(e->day, d);
	ymd(pacta_date_add_days(e->day, 1), d2);
	snprintf(line, sizeof(line), "DTSTART;VALUE=DATE:%s", d);
	put_line(sb, line);
	snprintf(line, sizeof(line), "DTEND;VALUE=DATE:%s", d2);
	put_line(sb, line);
	if (e->annual) {
		if (e->until != PACTA_DAY_NONE) {
			ymd(e->until, d2);
			snprintf(line, sizeof(line),
				 "RRULE:FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=%d;UNTIL=%s",
				 e->annual->month, e->annual->day, d2);
		} else {
			snprintf(line, sizeof(line), "RRULE:FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=%d",
				 e->annual->month, e->annual->day);
		}
		put_line(sb, line);
	}
	put_text(sb, "SUMMARY", e->summary);
	if (e->description)
		put_text(sb, "DESCRIPTION", e->description);
	if (e->url && *e->url) {
		/* A URI value is not escaped as text. */
		strbuf u;
		strbuf_init(&u);
		strbuf_appendf(&u, "URL:%s", e->url);
		if (!strbuf_failed(&u))
			put_line(sb, u.buf);
		strbuf_free(&u);
	}
	strbuf_append(sb, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
}

pacta_rc pacta_ical_write(const pacta_treaty_status *ts, pacta_day on,
			  const uint32_t *participants, size_t n, char **out, size_t *len,
			  pacta_error *err)
{
	const pacta_record *rec = pacta_treaty_status_record(ts);
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	const pacta_rules *r = tr->rules;
	*out = NULL;
	*len = 0;
	pacta_obligation *obs;
	size_t n_obs;
	pacta_rc rc = pacta_obligations_on(ts, on, participants, n, &obs, &n_obs, err);
	if (rc)
		return rc;
	char stamp[9];
	ymd(on, stamp);
	strbuf sb, s1, s2;
	strbuf_init(&sb);
	strbuf_append(&sb, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pacta//pacta//EN\r\n"
			   "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	strbuf_init(&s1);
	strbuf_appendf(&s1, "%s (%s)", tr->name, tr->id);
	if (!strbuf_failed(&s1))
		put_text(&sb, "X-WR-CALNAME", s1.buf);
	strbuf_free(&s1);
	size_t count = participants ? n : rec->n_participants;
	for (size_t i = 0; i < count && !strbuf_failed(&sb); i++) {
		uint32_t p = participants ? participants[i] : (uint32_t)i;
		pacta_timeline tl_buf;
		const pacta_timeline *tl = pacta_treaty_status_timeline(ts, p, &tl_buf);
		const pacta_participant *who = &rec->participants[p];
		char notified[PACTA_DATE_BUFSZ];
		if (tl->entry_into_force == PACTA_DAY_NONE || tl->consent_act < 0 ||
		    rec->acts[tl->consent_act].date > on)
			continue;
		pacta_derivation d_buf;
		const pacta_derivation *d =
			pacta_treaty_status_derivation(ts, (uint32_t)tl->entry_into_force_why, &d_buf);
		strbuf_init(&s1);
		strbuf_init(&s2);
		strbuf_appendf(&s1, "%s: the %s enters into force for it", who->name, tr->name);
		strbuf_appendf(&s2, "%s%s%s", d && d->article ? "Art. " : "",
			       d && d->article ? d->article : "stated effective date",
			       ".");
		event e = {"entry-into-force", tl->entry_into_force, s1.buf, s2.buf,
			   rec->acts[tl->consent_act].source_url, NULL, PACTA_DAY_NONE};
		if (!strbuf_failed(&s1) && !strbuf_failed(&s2))
			put_event(&sb, tr->id, who->iso3, stamp, &e);
		strbuf_free(&s1);
		strbuf_free(&s2);
		/* Only a withdrawal notified by `on` is known on `on`. */
		bool leaving = tl->withdrawal_notified != PACTA_DAY_NONE &&
			       tl->withdrawal_notified <= on &&
			       tl->withdrawal_effective != PACTA_DAY_NONE;
		if (leaving) {
			strbuf_init(&s1);
			strbuf_init(&s2);
			strbuf_appendf(&s1, "%s: its withdrawal from the %s takes effect", who->name,
				       tr->name);
			strbuf_appendf(&s2, "Art. %s: notified %s.",
				       r->withdrawal.article ? r->withdrawal.article : "?",
				       pacta_date_format(tl->withdrawal_notified, notified));
			event w = {"withdrawal", tl->withdrawal_effective, s1.buf, s2.buf, NULL, NULL,
				   PACTA_DAY_NONE};
			if (!strbuf_failed(&s1) && !strbuf_failed(&s2))
				put_event(&sb, tr->id, who->iso3, stamp, &w);
			strbuf_free(&s1);
			strbuf_free(&s2);
		}
		for (size_t j = 0; j < n_obs && !strbuf_failed(&sb); j++) {
			const pacta_obligation *ob = &obs[j];
			if (ob->participant != p || ob->rule->kind == PACTA_OBLIGATION_CONTINUING ||
			    (ob->rule->kind == PACTA_OBLIGATION_DEADLINE && ob->due == PACTA_DAY_NONE))
				continue;
			char kind[32];
			snprintf(kind, sizeof(kind), "art-%s", ob->rule->id);
			char *text = pacta_obligation_explain(ts, ob, on);
			strbuf_init(&s1);
			strbuf_appendf(&s1, "%s: Art. %s %s due (%s)", who->name,
				       ob->rule->clause.article, ob->rule->name,
				       pacta_obligation_status_name(ob->status));
			event o = {kind,
				   ob->rule->kind == PACTA_OBLIGATION_ANNUAL ? ob->original_due : ob->due,
				   s1.buf, text, NULL,
				   ob->rule->kind == PACTA_OBLIGATION_ANNUAL ? ob->rule : NULL,
				   leaving ? pacta_date_add_days(tl->withdrawal_effective, -1)
					   : PACTA_DAY_NONE};
			if (ob->n_events)
				o.url = rec->obligation_events[ob->events[ob->n_events - 1]].source_url;
			if (!text || strbuf_failed(&s1))
				sb.failed = true;
			else
				put_event(&sb, tr->id, who->iso3, stamp, &o);
			free(text);
			strbuf_free(&s1);
		}
	}
	strbuf_append(&sb, "END:VCALENDAR\r\n");
	free(obs);
	size_t n_bytes = sb.len;
	char *text = strbuf_take(&sb);
	if (!text)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	*out = text;
	*len = n_bytes;
	return PACTA_OK;
}
