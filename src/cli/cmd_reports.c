/*
 * cmd_reports.c - `pacta reports`: the annual transparency reports counted
 * per calendar year, or one year's reports state by state. The library
 * counts (reports.c); this file formats.
 */
#include "cli.h"
#include "pacta/reports.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *d2s(pacta_day d, char *buf)
{
	return pacta_date_format(d, buf);
}

/* "54.5" or "" for a rate that is not known. */
static const char *rate_text(double rate, char *buf, size_t size)
{
	if (rate < 0)
		snprintf(buf, size, "%s", "");
	else
		snprintf(buf, size, "%.1f", (double)(long long)(rate * 10 + 0.5) / 10);
	return buf;
}

/* The published figures of a year in words: "54% (85 of 156), as of
 * 2010-12-02", one per line after the first. */
static void published_text(const pacta_stated *s, char *buf, size_t size)
{
	char at[PACTA_DATE_BUFSZ], rate[16] = "", counts[64] = "";
	if (s->rate >= 0)
		snprintf(rate, sizeof(rate), "%d%%", s->rate);
	if (s->value >= 0 && s->required >= 0)
		snprintf(counts, sizeof(counts), "%s%lld of %lld%s", *rate ? " (" : "", s->value,
			 s->required, *rate ? ")" : "");
	else if (s->value >= 0)
		snprintf(counts, sizeof(counts), "%s%lld submitted%s", *rate ? " (" : "", s->value,
			 *rate ? ")" : "");
	else if (s->not_submitted >= 0)
		snprintf(counts, sizeof(counts), "%s%lld not submitted%s", *rate ? " (" : "",
			 s->not_submitted, *rate ? ")" : "");
	else if (s->required >= 0)
		snprintf(counts, sizeof(counts), "%s%lld required%s", *rate ? " (" : "",
			 s->required, *rate ? ")" : "");
	snprintf(buf, size, "%s%s, as of %s", rate, counts, d2s(s->date, at));
}

static void years_csv(cli *c, const char *treaty, const pacta_report_year *ys, size_t n)
{
	static const char *const head[] = {"treaty", "on",	 "year",    "due",
					   "required", "submitted", "late", "missed",
					   "unknown", "rate",	   "published"};
	out_csv_row(stdout, head, 11);
	for (size_t i = 0; i < n; i++) {
		const pacta_report_year *y = &ys[i];
		char on[PACTA_DATE_BUFSZ], due[PACTA_DATE_BUFSZ], year[8], num[5][24], rate[16],
			pub[160] = "";
		snprintf(year, sizeof(year), "%d", y->year);
		snprintf(num[0], sizeof(num[0]), "%zu", y->required);
		snprintf(num[1], sizeof(num[1]), "%zu", y->submitted);
		snprintf(num[2], sizeof(num[2]), "%zu", y->late);
		snprintf(num[3], sizeof(num[3]), "%zu", y->missed);
		snprintf(num[4], sizeof(num[4]), "%zu", y->unknown);
		if (y->n_stated && c->rec->stated[y->stated[0]].rate >= 0)
			snprintf(pub, sizeof(pub), "%d", c->rec->stated[y->stated[0]].rate);
		const char *row[] = {treaty,  d2s(c->on, on), year,	  d2s(y->due, due),
				     num[0],  num[1],	      num[2],	  num[3],
				     num[4],  rate_text(y->rate, rate, sizeof(rate)), pub};
		out_csv_row(stdout, row, 11);
	}
}

static void entries_csv(cli *c, const char *treaty, int year, const pacta_report_entry *es,
			size_t n)
{
	static const char *const head[] = {"treaty", "year", "state", "name", "report",
					   "submitted_on", "late", "source_url"};
	out_csv_row(stdout, head, 8);
	char y[8];
	snprintf(y, sizeof(y), "%d", year);
	for (size_t i = 0; i < n; i++) {
		const pacta_report_entry *e = &es[i];
		const pacta_participant *p = &c->rec->participants[e->participant];
		char on[PACTA_DATE_BUFSZ];
		const char *row[] = {treaty,
				     y,
				     p->iso3,
				     p->name,
				     pacta_report_state_name(e->state),
				     d2s(e->submitted_on, on),
				     e->state == PACTA_REPORT_SUBMITTED ? (e->late ? "true" : "false")
									: "",
				     e->event >= 0 ? c->rec->obligation_events[e->event].source_url
						   : ""};
		out_csv_row(stdout, row, 8);
	}
}

static void years_table(cli *c, const pacta_report_year *ys, size_t n)
{
	printf("%-4s  %-10s  %8s  %9s  %6s  %7s  %6s  %s\n", "YEAR", "DUE", "REQUIRED",
	       "SUBMITTED", "MISSED", "UNKNOWN", "RATE", "PUBLISHED");
	for (size_t i = 0; i < n; i++) {
		const pacta_report_year *y = &ys[i];
		char due[PACTA_DATE_BUFSZ], num[16], rate[20], pub[160] = "";
		rate_text(y->rate, num, sizeof(num));
		snprintf(rate, sizeof(rate), "%s%s", *num ? num : "-", *num ? "%" : "");
		printf("%-4d  %-10s  %8zu  %9zu  %6zu  %7zu  %6s", y->year, d2s(y->due, due),
		       y->required, y->submitted, y->missed, y->unknown, rate);
		for (size_t k = 0; k < y->n_stated; k++) {
			published_text(&c->rec->stated[y->stated[k]], pub, sizeof(pub));
			printf("%s%s\n", k ? "                                                                " : "  ",
			       pub);
		}
		if (!y->n_stated)
			printf("\n");
	}
}

static void entries_table(cli *c, const pacta_report_entry *es, size_t n)
{
	printf("%-5s %-32s %-9s  %-10s  %s\n", "STATE", "NAME", "REPORT", "SUBMITTED", "SOURCE");
	for (size_t i = 0; i < n; i++) {
		const pacta_report_entry *e = &es[i];
		const pacta_participant *p = &c->rec->participants[e->participant];
		char nb[160], on[PACTA_DATE_BUFSZ] = "";
		if (e->submitted_on != PACTA_DAY_NONE)
			d2s(e->submitted_on, on);
		const char *src = e->event >= 0 ? c->rec->obligation_events[e->event].source_url : "";
		char line[1024];
		int len = snprintf(line, sizeof(line), "%-5s %s %-9s  %-10s%s%s%s", p->iso3,
				   out_pad(nb, sizeof(nb), p->name, 32),
				   pacta_report_state_name(e->state), on, e->late ? " late" : "",
				   *src ? "  " : "", src);
		/* No trailing blanks where a row has no date or source. */
		while (len > 0 && line[len - 1] == ' ')
			line[--len] = '\0';
		printf("%s\n", line);
	}
}

/* The sources of the published figures, numbered as printed. */
static void published_sources(cli *c, const pacta_report_year *ys, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ys[i].n_stated; k++) {
			const pacta_stated *s = &c->rec->stated[ys[i].stated[k]];
			if (!any)
				printf("\nPublished figures:\n");
			any = true;
			char at[PACTA_DATE_BUFSZ];
			printf("  %d as of %s: %s\n", ys[i].year, d2s(s->date, at), s->source_url);
		}
}

int cmd_reports(cli *c)
{
	if (c->n_args != 1)
		return cli_usage(c, cli_tr(c, "wrong number of arguments"));
	int year = 0;
	if (c->year) {
		char *end;
		errno = 0;
		long v = strtol(c->year, &end, 10);
		if (errno || *end || v < 1000 || v > 9999)
			return cli_usage(c, cli_tr(c, "--year needs a calendar year YYYY, not '%s'"), c->year);
		year = (int)v;
	}
	uint32_t t;
	pacta_treaty_status *ts = NULL;
	pacta_error err;
	int rc = cli_open(c);
	if (rc || (rc = cli_treaty(c, c->args[0], &t)))
		return rc;
	/* The published figures are what sources state: read from the data
	 * directory, never stored. */
	if (pacta_record_load_stated(c->rec, cli_data_dir(c), &err) != PACTA_OK) {
		cli_say(c, cli_data_dir(c), err.where, err.message);
		return EXIT_BADDATA;
	}
	if ((rc = cli_compile(c, t, &ts)))
		return rc;
	const pacta_treaty *tr = &c->rec->treaties[t];
	pacta_report_year *ys = NULL;
	pacta_report_entry *es = NULL;
	size_t n = 0, ne = 0;
	if (pacta_reports_years(ts, c->on, year, &ys, &n, &err) != PACTA_OK ||
	    (year && pacta_reports_entries(ts, c->on, year, &es, &ne, &err) != PACTA_OK)) {
		rc = cli_fail(c, &err);
		goto out;
	}
	if (c->format == OUT_JSON) {
		rc = out_json(pacta_report_reports_json(ts, c->on, ys, n, es, ne));
	} else if (c->format == OUT_CSV) {
		if (year)
			entries_csv(c, tr->id, year, es, ne);
		else
			years_csv(c, tr->id, ys, n);
	} else {
		const pacta_obligation_rule *rule = pacta_reports_rule(ts);
		char on[PACTA_DATE_BUFSZ], meaning[512], text[700];
		printf("%s (%s): %s, Art. %s, as recorded on %s\n\n", tr->name, tr->id, rule->name,
		       rule->clause.article, d2s(c->on, on));
		snprintf(text, sizeof(text),
			 "Required to report on a year: %s. A report is missed only where a "
			 "source lists it as not received; otherwise, without a submission on "
			 "record, it is unknown. The rate is given only for a year without "
			 "unknowns.",
			 pacta_reports_meaning(rule, meaning, sizeof(meaning)));
		out_wrap(stdout, text, "", "", 78);
		printf("\n");
		years_table(c, ys, n);
		if (year) {
			printf("\n");
			entries_table(c, es, ne);
		}
		published_sources(c, ys, n);
	}
out:
	free(ys);
	free(es);
	pacta_treaty_status_free(ts);
	return rc;
}
