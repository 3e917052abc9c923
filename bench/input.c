/*
 * input.c - the staged input shared by the benchmarks: its storage, and the
 * load that adds it to a new record.
 */
#include "array.h"
#include "bench.h"

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

pacta_record *bench_input_load(const bench_input *in)
{
	pacta_error err;
	pacta_record *rec = pacta_record_new();
	if (!rec) {
		fprintf(stderr, "bench: out of memory\n");
		return NULL;
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
	for (size_t i = 0; i < in->n_acts; i++) {
		if (pacta_record_add_act(rec, &in->acts[i], &err)) {
			fail_pacta("act", &err);
			goto fail;
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

