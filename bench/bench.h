/*
 * bench.h - what the status benchmark's parts share: the staged input (a
 * record's participants, rules files, conflicts and acts, not yet added to
 * a pacta_record), a fixed-seed PRNG and a clock.
 *
 * The input is staged so that the timed "load" step is the same for the
 * synthetic record and for the IEADB one: add everything to a new record,
 * then pacta_record_finish().
 */
#ifndef PACTA_BENCH_H
#define PACTA_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "pacta/record.h"

typedef struct bench_input {
	pacta_participant *participants;
	size_t n_participants;
	char **rules;            /* one rules file (JSON text) per treaty */
	size_t n_treaties;
	/* Shared final clauses (clauses files), added before the treaties,
	 * and, when every treaty takes them, each treaty's own fields (its
	 * rules file read), to add without parsing as the store does; NULL
	 * otherwise. */
	char **clauses;
	size_t n_clauses;
	pacta_treaty_own *own;
	pacta_conflict *conflicts;
	size_t n_conflicts;
	pacta_act *acts;         /* in the order a loader would add them */
	size_t n_acts, cap_acts;
	pacta_day day_lo, day_hi; /* as-of days are drawn from [lo, hi] */
	char **owned;            /* strings the input owns (names, URLs) */
	size_t n_owned, cap_owned;
	size_t n_rows, n_skipped; /* source rows read and left out (IEADB) */
} bench_input;

void bench_input_free(bench_input *in);
/* Appends an act; -1 on out-of-memory. */
int bench_input_add_act(bench_input *in, const pacta_act *act);
/* The timed load of the benchmarks: everything into a new record, then
 * pacta_record_finish(). NULL (with a message on stderr) on failure. */
pacta_record *bench_input_load(const bench_input *in);
/* The same with every rules file parsed (no acts added, no finish): the
 * cost of reading the treaties from their files. */
pacta_record *bench_input_load_rules(const bench_input *in);

/* The staged acts as one acts CSV (docs/record.md, with a treaty column),
 * in their order, naming treaties and states as rec (loaded from in) does;
 * malloc'd (the caller frees), its length in *len; NULL on out of memory. */
char *bench_input_acts_csv(const bench_input *in, const pacta_record *rec, size_t *len);

/* As bench_input_load(), the acts parsed from csv[0..len) instead. */
pacta_record *bench_input_load_csv(const bench_input *in, const char *csv, size_t len);
/* Takes ownership of a malloc'd string and returns it; NULL if s is NULL or
 * on out-of-memory (s is then freed). */
char *bench_input_own(bench_input *in, char *s);

/* A malloc'd string of fmt (the caller frees), or NULL. */
char *bench_format(const char *fmt, ...) PACTA_PRINTF(1, 2);

typedef struct synth_opts {
	uint64_t seed;
	size_t treaties, states, acts;
	/* A treaty-series shape instead of every participant in every treaty:
	 * each treaty has its own parties, their number drawn from a
	 * heavy-tailed distribution (most treaties bilateral, a few hundred
	 * per 250,000 with 100 to 200 parties), and no domestic steps. */
	bool series;
} synth_opts;

/* The synthetic record: deterministic for a given synth_opts. 0 or -1. */
int synth_generate(const synth_opts *o, bench_input *in);

/* The IEADB membership table, DIR/db_members.csv. 0 or -1 (with a message
 * on stderr). */
int ieadb_read(const char *dir, bench_input *in);

/* splitmix64: small, fast and good enough for workloads. */
typedef struct bench_rng {
	uint64_t s;
} bench_rng;

static inline uint64_t bench_rng_next(bench_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. The modulo bias is irrelevant here. */
static inline uint32_t bench_rng_below(bench_rng *r, uint32_t n)
{
	return (uint32_t)(bench_rng_next(r) % n);
}

/* Uniform in [lo, hi]. */
static inline int32_t bench_rng_range(bench_rng *r, int32_t lo, int32_t hi)
{
	return lo + (int32_t)bench_rng_below(r, (uint32_t)(hi - lo) + 1u);
}

/* True with probability per_mille / 1000. */
static inline bool bench_rng_chance(bench_rng *r, unsigned per_mille)
{
	return bench_rng_below(r, 1000) < per_mille;
}

static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The CPU time this process has used: on a shared machine, what a phase
 * cost without the time it waited for a core. */
static inline double bench_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
