/*
 * input.c - the staged input shared by the benchmarks: its storage, and the
 * load that adds it to a new record.
 */
#include "array.h"
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bench_input_free(bench_input *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->n_treaties; i++)
		free(in->rules ? in->rules[i] : NULL);
	for (size_t i = 0; i < in->n_owned; i++)
		free(in->owned[i]);
	for (size_t i = 0; i < in->n_clauses; i++)
		free(in->clauses[i]);
	free(in->clauses);
	free(in->own);
	free(in->rules);
	free(in->owned);
	free(in->participants);
	free(in->conflicts);
	free(in->acts);
	memset(in, 0, sizeof(*in));
}

int bench_input_add_act(bench_input *in, const pacta_act *act)
{
	if (array_grow((void **)&in->acts, in->n_acts, &in->cap_acts, sizeof(*in->acts)))
		return -1;
	in->acts[in->n_acts++] = *act;
	return 0;
}

char *bench_input_own(bench_input *in, char *s)
{
	if (!s)
		return NULL;
	if (in->n_owned == in->cap_owned) {
		size_t ncap = in->cap_owned ? in->cap_owned * 2 : 1024;
		char **p = realloc(in->owned, ncap * sizeof(*p));
		if (!p) {
			free(s);
			return NULL;
		}
		in->owned = p;
		in->cap_owned = ncap;
	}
	in->owned[in->n_owned++] = s;
	return s;
}

static void fail_pacta(const char *what, const pacta_error *err)
{
	fprintf(stderr, "bench: %s: %s%s%s\n", what, err->where, *err->where ? ": " : "",
		err->message);
}

/* The clauses and the treaties: from their own fields, or by parsing
 * each rules file. 0 or -1. */
static int add_treaties(const bench_input *in, pacta_record *rec, bool own)
{
	pacta_error err;
	for (size_t i = 0; i < in->n_clauses; i++) {
		if (pacta_record_add_clauses(rec, in->clauses[i], strlen(in->clauses[i]),
					     "benchmark", &err)) {
			fail_pacta("clauses", &err);
			return -1;
		}
	}
	for (size_t i = 0; i < in->n_treaties; i++) {
		if (own ? pacta_record_add_treaty_own(rec, &in->own[i], &err)
			: pacta_record_add_treaty(rec, in->rules[i], strlen(in->rules[i]),
						  "benchmark", &err)) {
			fail_pacta("rules", &err);
			return -1;
		}
	}
	return 0;
}

pacta_record *bench_input_load_rules(const bench_input *in)
{
	pacta_record *rec = pacta_record_new();
	if (!rec || add_treaties(in, rec, false)) {
		if (!rec)
			fprintf(stderr, "bench: out of memory\n");
		pacta_record_free(rec);
		return NULL;
	}
	return rec;
}

/* A new record of in's participants, treaties and conflicts, its acts
 * from in (csv NULL) or parsed from csv[0..len), finished; NULL (said on
 * stderr) on failure. */
static pacta_record *load_with(const bench_input *in, const char *csv, size_t len)
{
	pacta_error err;
	pacta_record *rec = pacta_record_new();
	if (!rec) {
		fprintf(stderr, "bench: out of memory\n");
		return NULL;
	}
	/* The loader knows how many treaties and acts it adds, as a store
	 * does: room for them at once. */
	if (pacta_record_expect(rec, in->n_treaties, in->n_acts, &err)) {
		fail_pacta("expect", &err);
		goto fail;
	}
	for (size_t i = 0; i < in->n_participants; i++) {
		if (pacta_record_add_participant(rec, &in->participants[i], &err)) {
			fail_pacta("participant", &err);
			goto fail;
		}
	}
	if (add_treaties(in, rec, in->own != NULL))
		goto fail;
	for (size_t i = 0; i < in->n_conflicts; i++) {
		if (pacta_record_add_conflict(rec, &in->conflicts[i], &err)) {
			fail_pacta("conflict", &err);
			goto fail;
		}
	}
	if (csv) {
		if (pacta_record_load_acts_csv(rec, -1, csv, len, "acts.csv", PACTA_DAY_NONE,
					       &err)) {
			fail_pacta("acts.csv", &err);
			goto fail;
		}
	} else {
		for (size_t i = 0; i < in->n_acts; i++) {
			if (pacta_record_add_act(rec, &in->acts[i], &err)) {
				fail_pacta("act", &err);
				goto fail;
			}
		}
	}
	if (pacta_record_finish(rec, &err)) {
		fail_pacta("finish", &err);
		goto fail;
	}
	return rec;
fail:
	pacta_record_free(rec);
	return NULL;
}


pacta_record *bench_input_load(const bench_input *in)
{
	return load_with(in, NULL, 0);
}

pacta_record *bench_input_load_csv(const bench_input *in, const char *csv, size_t len)
{
	return load_with(in, csv, len);
}

/* Appends s to *buf as a CSV field, quoted when it must be. 0 or -1. */
static int put_field(char **buf, size_t *n, size_t *cap, const char *s, bool last)
{
	size_t len = s ? strlen(s) : 0;
	bool quote = s && strpbrk(s, ",\"\r\n");
	if (*n + 2 * len + 4 > *cap) {
		size_t ncap = (*cap ? *cap * 2 : 1u << 20) + 2 * len + 4;
		char *p = realloc(*buf, ncap);
		if (!p)
			return -1;
		*buf = p;
		*cap = ncap;
	}
	char *o = *buf + *n;
	if (quote)
		*o++ = '"';
	for (size_t i = 0; i < len; i++) {
		if (quote && s[i] == '"')
			*o++ = '"';
		*o++ = s[i];
	}
	if (quote)
		*o++ = '"';
	*o++ = last ? '\n' : ',';
	*n = (size_t)(o - *buf);
	return 0;
}

char *bench_input_acts_csv(const bench_input *in, const pacta_record *rec, size_t *len)
{
	static const char *const header[] = {"treaty", "state",	     "action",	   "date",
					     "effective", "target",  "source_url", "note",
					     "notification", "circulated", "territory", "text"};
	enum { N_COLUMNS = sizeof(header) / sizeof(header[0]) };
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int bad = 0;
	for (size_t c = 0; c < N_COLUMNS; c++)
		bad |= put_field(&buf, &n, &cap, header[c], c + 1 == N_COLUMNS);
	for (size_t i = 0; i < in->n_acts && !bad; i++) {
		const pacta_act *a = &in->acts[i];
		char date[PACTA_DATE_BUFSZ], eff[PACTA_DATE_BUFSZ], circ[PACTA_DATE_BUFSZ];
		const char *cells[N_COLUMNS] = {
			rec->treaties[a->treaty].id,
			rec->participants[a->participant].iso3,
			pacta_action_name(a->action),
			pacta_date_format(a->date, date),
			a->effective == PACTA_DAY_NONE ? "" : pacta_date_format(a->effective, eff),
			a->target < 0 ? "" : rec->participants[a->target].iso3,
			a->source_url,
			a->note,
			a->notification,
			a->circulated == PACTA_DAY_NONE ? "" : pacta_date_format(a->circulated, circ),
			a->territory,
			a->text,
		};
		for (size_t c = 0; c < N_COLUMNS; c++)
			bad |= put_field(&buf, &n, &cap, cells[c], c + 1 == N_COLUMNS);
	}
	if (bad || !buf) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

char *bench_format(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
