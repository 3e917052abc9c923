/*
 * synth.c - a synthetic treaty record, deterministic for a seed.
 *
 * N treaties, each with its own rules file drawn from a few variants
 * (threshold 20 to 60 instruments; entry into force on the first day of the
 * sixth month after, 30 days after or three months after; withdrawal on six
 * months' or a year's notice, some held during an armed conflict, a few
 * treaties with no withdrawal clause; some allowing provisional
 * application). S participants, a quarter of them engaged in one or two
 * armed conflicts. For each (treaty, participant): signature and
 * ratification (or accession without signature), the domestic steps
 * before them, declarations and reservations, some withdrawals and
 * re-accessions; then declarations, communications and domestic acts are
 * spread over the participating pairs until the record holds the
 * requested number of acts.
 *
 * Acts are handed to the loader treaty by treaty in date order, as a
 * depositary lists them, so pacta_record_finish() has real sorting to do.
 *
 * The treaty-series shape (synth_opts.series) is a register of many small
 * treaties: each has its own parties, 2 for most, and only the acts that
 * decide a status (signature, consent, withdrawal, re-accession) before the
 * filler, no domestic steps. Its treaties take one of a few sets of shared
 * final clauses and give only their identity, dates and threshold, as a
 * register's treaties with standard final clauses do.
 */
#include "array.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct treaty_plan {
	uint32_t parties; /* the treaty-series shape: how many; 0 otherwise */
	pacta_day adopted;
	pacta_delay notice;
	bool withdrawal, held, provisional;
} treaty_plan;

typedef struct state_plan {
	size_t first_conflict, n_conflicts;
} state_plan;

/* A participating (treaty, participant) pair, for the filler pass. */
typedef struct pair {
	uint32_t treaty, participant;
	pacta_day first;
} pair;

typedef struct gen {
	bench_input *in;
	bench_rng rng;
	treaty_plan *treaties;
	state_plan *states;
	pair *pairs;
	size_t n_pairs, cap_pairs;
	const char **urls; /* per treaty */
	pacta_day end;     /* no act after this day */
	bool series;       /* the treaty-series shape */
} gen;

static int add(gen *g, uint32_t t, uint32_t p, pacta_action action, pacta_day date)
{
	pacta_act a;
	pacta_act_init(&a);
	a.treaty = t;
	a.participant = p;
	a.action = action;
	a.date = date;
	a.source_url = g->urls[t];
	a.recorded = g->end;
	/* The record's check asks a territorial act to name its territory. */
	if (action == PACTA_ACT_TERRITORIAL_APPLICATION)
		a.territory = "Synthetic territory";
	return bench_input_add_act(g->in, &a);
}

static const char *delay_json(pacta_delay d, char *buf, size_t size)
{
	static const char *const unit[] = {
		[PACTA_DELAY_DAYS] = "days",
		[PACTA_DELAY_MONTHS] = "months",
		[PACTA_DELAY_YEARS] = "years",
		[PACTA_DELAY_FIRST_OF_MONTH] = "first_day_of_month_after",
	};
	snprintf(buf, size, "{\"%s\": %d}", unit[d.unit], d.n);
	return buf;
}

/* The withdrawal clause (on notice, held during an armed conflict) and the
 * provisional application clause a rules file has, as JSON members after
 * others; "" for each it has not. */
static void optional_clauses(pacta_delay notice, bool withdrawal, bool held, bool provisional,
			     char wd[400], char prov[80])
{
	char noticej[64];
	wd[0] = prov[0] = '\0';
	if (withdrawal)
		snprintf(wd, 400, ",\n    \"withdrawal\": {\"article\": \"14(1)\", \"notice\": %s%s}",
			 delay_json(notice, noticej, sizeof(noticej)),
			 held ? ",\n      \"held_during_armed_conflict\": {\"article\": \"14(2)\"}" : "");
	if (provisional)
		snprintf(prov, 80, ",\n    \"provisional_application\": {\"article\": \"13\"}");
}

/* The treaty series' shared final clauses: a few sets, as a register's
 * standard clauses (a delay after the last instrument, a notice of
 * withdrawal or none, provisional application in some), with the
 * share of the treaties (per mille) that take each. */
static const struct series_clauses {
	const char *name;
	unsigned per_mille;
	pacta_delay eif, notice;
	bool withdrawal, held, provisional;
} series_sets[] = {
	{"series-a", 400, {PACTA_DELAY_DAYS, 30}, {PACTA_DELAY_MONTHS, 6}, true, false, false},
	{"series-b", 300, {PACTA_DELAY_FIRST_OF_MONTH, 1}, {PACTA_DELAY_YEARS, 1}, true, true,
	 false},
	{"series-c", 200, {PACTA_DELAY_MONTHS, 3}, {PACTA_DELAY_MONTHS, 6}, true, false, true},
	{"series-d", 100, {PACTA_DELAY_DAYS, 30}, {PACTA_DELAY_NONE, 0}, false, false, false},
};
#define N_SERIES_SETS (sizeof(series_sets) / sizeof(series_sets[0]))

/* The clauses files of the series, once. */
static int plan_series_clauses(gen *g)
{
	bench_input *in = g->in;
	in->clauses = calloc(N_SERIES_SETS, sizeof(*in->clauses));
	if (!in->clauses)
		return -1;
	for (size_t k = 0; k < N_SERIES_SETS; k++) {
		const struct series_clauses *c = &series_sets[k];
		char eifj[64], wd[400], prov[80];
		optional_clauses(c->notice, c->withdrawal, c->held, c->provisional, wd, prov);
		delay_json(c->eif, eifj, sizeof(eifj));
		in->clauses[k] = bench_format(
			"{\n  \"clauses\": \"%s\",\n  \"depositary\": \"The depositary\",\n"
			"  \"rules\": {\n"
			"    \"signature\": {\"article\": \"10\"},\n"
			"    \"consent\": {\"article\": \"11\",\n"
			"      \"instruments\": [\"ratification\", \"acceptance\", \"approval\", \"accession\"],\n"
			"      \"requires_signature\": [\"ratification\", \"acceptance\", \"approval\"]},\n"
			"    \"entry_into_force\": {\"article\": \"12(1)\", \"delay\": %s},\n"
			"    \"entry_into_force_later\": {\"article\": \"12(2)\", \"delay\": %s}%s%s\n"
			"  }\n}\n",
			c->name, eifj, eifj, prov, wd);
		if (!in->clauses[k])
			return -1;
		in->n_clauses++;
	}
	in->own = calloc(in->n_treaties, sizeof(*in->own));
	return in->own ? 0 : -1;
}

/* A treaty of the series: the shared clauses it takes, its own identity,
 * dates and threshold; its rules file says only those. */
static int plan_series_treaty(gen *g, uint32_t t)
{
	treaty_plan *tp = &g->treaties[t];
	bench_rng *r = &g->rng;
	unsigned pick = bench_rng_below(r, 1000), k = 0;
	while (k + 1 < N_SERIES_SETS && pick >= series_sets[k].per_mille)
		pick -= series_sets[k++].per_mille;
	const struct series_clauses *c = &series_sets[k];
	tp->adopted = bench_rng_range(r, pacta_date_from_civil(1950, 1, 1),
				      pacta_date_from_civil(2015, 12, 31));
	int threshold = tp->parties <= 2 ? (int)tp->parties
					 : bench_rng_range(r, 2, (int32_t)(tp->parties + 1) / 2);
	tp->notice = c->notice;
	tp->withdrawal = c->withdrawal;
	tp->held = c->held;
	tp->provisional = c->provisional;

	char *url = bench_input_own(g->in, bench_format("https://example.org/synthetic/%u", t));
	char *id = bench_input_own(g->in, bench_format("syn-%u", t));
	char *name = bench_input_own(g->in, bench_format("Synthetic treaty %u", t));
	char *title = bench_input_own(g->in, bench_format("Synthetic treaty %u (benchmark workload)", t));
	if (!url || !id || !name || !title)
		return -1;
	g->urls[t] = url;
	pacta_treaty_own *own = &g->in->own[t];
	*own = (pacta_treaty_own){
		.id = id,
		.name = name,
		.title = title,
		.clauses = c->name,
		.adopted = tp->adopted,
		.signature_opened = tp->adopted,
		.source_url = url,
		.entry_into_force_instruments = threshold,
		.entry_into_force_stated = PACTA_DAY_NONE,
		.origin = "benchmark",
	};
	/* Its rules file is exactly its fields' canonical text. */
	char *json = pacta_treaty_own_render(own);
	if (!json)
		return -1;
	g->in->rules[t] = json;
	own->rules_json = json;
	own->rules_json_len = strlen(json);
	return 0;
}

/* One treaty's rules file and plan. */
static int plan_treaty(gen *g, uint32_t t)
{
	if (g->series)
		return plan_series_treaty(g, t);
	static const pacta_delay eif_variants[] = {
		{PACTA_DELAY_FIRST_OF_MONTH, 6},
		{PACTA_DELAY_DAYS, 30},
		{PACTA_DELAY_MONTHS, 3},
	};
	static const pacta_delay notice_variants[] = {
		{PACTA_DELAY_MONTHS, 6},
		{PACTA_DELAY_YEARS, 1},
	};
	treaty_plan *tp = &g->treaties[t];
	bench_rng *r = &g->rng;
	tp->adopted = bench_rng_range(r, pacta_date_from_civil(1950, 1, 1),
				      pacta_date_from_civil(2015, 12, 31));
	int threshold = bench_rng_range(r, 20, 60);
	/* A treaty of few parties: in force with all of them (bilateral),
	 * or with a share of them. */
	if (tp->parties)
		threshold = tp->parties <= 2 ? (int)tp->parties
					     : bench_rng_range(r, 2, (int32_t)(tp->parties + 1) / 2);
	pacta_delay eif = eif_variants[bench_rng_below(r, 3)];
	tp->notice = notice_variants[bench_rng_below(r, 2)];
	tp->withdrawal = bench_rng_chance(r, 950);
	tp->held = tp->withdrawal && bench_rng_chance(r, 300);
	tp->provisional = bench_rng_chance(r, 200);

	char adopted[PACTA_DATE_BUFSZ], eifj[64], wd[400], prov[80];
	pacta_date_format(tp->adopted, adopted);
	delay_json(eif, eifj, sizeof(eifj));
	optional_clauses(tp->notice, tp->withdrawal, tp->held, tp->provisional, wd, prov);
	char *url = bench_input_own(g->in, bench_format("https://example.org/synthetic/%u", t));
	char *json = bench_format(
		"{\n  \"id\": \"syn-%u\",\n  \"name\": \"Synthetic treaty %u\",\n"
		"  \"title\": \"Synthetic treaty %u (benchmark workload)\",\n"
		"  \"adopted\": {\"date\": \"%s\"},\n"
		"  \"opened_for_signature\": {\"date\": \"%s\"},\n"
		"  \"depositary\": \"The depositary\",\n  \"source_url\": \"%s\",\n"
		"  \"rules\": {\n"
		"    \"signature\": {\"article\": \"10\"},\n"
		"    \"consent\": {\"article\": \"11\",\n"
		"      \"instruments\": [\"ratification\", \"acceptance\", \"approval\", \"accession\"],\n"
		"      \"requires_signature\": [\"ratification\", \"acceptance\", \"approval\"]},\n"
		"    \"entry_into_force\": {\"article\": \"12(1)\", \"instruments\": %d, \"delay\": %s},\n"
		"    \"entry_into_force_later\": {\"article\": \"12(2)\", \"delay\": %s}%s%s\n"
		"  }\n}\n",
		t, t, t, adopted, adopted, url ? url : "", threshold, eifj, eifj, prov, wd);
	if (!url || !json) {
		free(json);
		return -1;
	}
	g->urls[t] = url;
	g->in->rules[t] = json;
	return 0;
}

/* Armed-conflict periods: a quarter of the participants have one or two,
 * non-overlapping, the last sometimes still going on. */
static int plan_conflicts(gen *g, size_t n_states)
{
	bench_input *in = g->in;
	bench_rng *r = &g->rng;
	in->conflicts = calloc(n_states * 2 + 1, sizeof(*in->conflicts));
	if (!in->conflicts)
		return -1;
	for (size_t p = 0; p < n_states; p++) {
		state_plan *sp = &g->states[p];
		sp->first_conflict = in->n_conflicts;
		if (!bench_rng_chance(r, 250))
			continue;
		unsigned k = 1 + bench_rng_below(r, 2);
		pacta_day from = bench_rng_range(r, pacta_date_from_civil(1950, 1, 1),
						 pacta_date_from_civil(2015, 12, 31));
		for (unsigned i = 0; i < k && from <= g->end; i++) {
			pacta_conflict *c = &in->conflicts[in->n_conflicts++];
			c->participant = (uint32_t)p;
			c->from = from;
			c->to = from + bench_rng_range(r, 180, 10 * 365);
			if (i + 1 == k && bench_rng_chance(r, 200))
				c->to = PACTA_DAY_OPEN;
			c->source_url = "https://example.org/synthetic/conflicts";
			if (c->to == PACTA_DAY_OPEN)
				break;
			from = c->to + bench_rng_range(r, 365, 10 * 365);
		}
		sp->n_conflicts = in->n_conflicts - sp->first_conflict;
	}
	return 0;
}

/* When a withdrawal notified on day w takes effect (the conflict's end when
 * held), or PACTA_DAY_OPEN when held with no end. */
static pacta_day withdrawal_end(const gen *g, const treaty_plan *tp, uint32_t p, pacta_day w)
{
	pacta_day eff = pacta_delay_apply(tp->notice, w);
	if (!tp->held)
		return eff;
	const state_plan *sp = &g->states[p];
	for (size_t i = 0; i < sp->n_conflicts; i++) {
		const pacta_conflict *c = &g->in->conflicts[sp->first_conflict + i];
		if (c->from <= eff && eff < c->to)
			return c->to;
	}
	return eff;
}

static pacta_day earlier(gen *g, pacta_day d, int32_t lo, int32_t hi)
{
	return d - bench_rng_range(&g->rng, lo, hi);
}

/* The acts of one (treaty, participant) that decide its status. */
static int plan_pair(gen *g, uint32_t t, uint32_t p)
{
	const treaty_plan *tp = &g->treaties[t];
	bench_rng *r = &g->rng;
	bool conflicted = g->states[p].n_conflicts > 0;
	pacta_day first = PACTA_DAY_OPEN, c = PACTA_DAY_NONE;
	pacta_action how = PACTA_ACT_ACCESSION;
	if (!g->series && !bench_rng_chance(r, 900))
		return 0;
	if (bench_rng_chance(r, 600)) {
		pacta_day s = tp->adopted + bench_rng_range(r, 0, 730);
		if (s > g->end)
			return 0;
		if (add(g, t, p, PACTA_ACT_SIGNATURE, s))
			return -1;
		first = s;
		if (bench_rng_chance(r, 850)) {
			c = s + bench_rng_range(r, 60, 10 * 365);
			unsigned k = bench_rng_below(r, 10);
			how = k < 8 ? PACTA_ACT_RATIFICATION
				    : k == 8 ? PACTA_ACT_ACCEPTANCE : PACTA_ACT_APPROVAL;
		}
	} else if (bench_rng_chance(r, 750)) {
		c = tp->adopted + bench_rng_range(r, 180, 30 * 365);
	}
	if (c != PACTA_DAY_NONE && c <= g->end && g->series) {
		if (add(g, t, p, how, c))
			return -1;
		if (c < first)
			first = c;
		/* A rare withdrawal, never a second spell. */
		pacta_day w = c + bench_rng_range(r, 365, 25 * 365);
		if (tp->withdrawal && w <= g->end && bench_rng_chance(r, 20) &&
		    add(g, t, p, PACTA_ACT_WITHDRAWAL, w))
			return -1;
	} else if (c != PACTA_DAY_NONE && c <= g->end) {
		if (bench_rng_chance(r, 500) &&
		    add(g, t, p, PACTA_ACT_GOVERNMENT_DECISION, earlier(g, c, 30, 365)))
			return -1;
		if (bench_rng_chance(r, 500) &&
		    add(g, t, p, PACTA_ACT_PARLIAMENT_APPROVAL, earlier(g, c, 10, 200)))
			return -1;
		if (bench_rng_chance(r, 300) &&
		    add(g, t, p, PACTA_ACT_HEAD_OF_STATE_SIGNATURE, earlier(g, c, 1, 30)))
			return -1;
		if (add(g, t, p, how, c))
			return -1;
		if (c < first)
			first = c;
		if (bench_rng_chance(r, 300) && add(g, t, p, PACTA_ACT_DECLARATION, c))
			return -1;
		if (bench_rng_chance(r, 150) && add(g, t, p, PACTA_ACT_RESERVATION, c))
			return -1;
		if (tp->provisional && bench_rng_chance(r, 300) &&
		    add(g, t, p, PACTA_ACT_PROVISIONAL_APPLICATION,
			c + bench_rng_range(r, 0, 30)))
			return -1;
		/* Withdrawals, each maybe followed by a new accession. */
		for (int spell = 0; spell < 3 && tp->withdrawal; spell++) {
			unsigned pw = conflicted && tp->held ? 150 : 40;
			if (!bench_rng_chance(r, pw))
				break;
			pacta_day w = c + bench_rng_range(r, 365, 25 * 365);
			if (w > g->end)
				break;
			if (bench_rng_chance(r, 500) &&
			    add(g, t, p, PACTA_ACT_ANNOUNCEMENT, earlier(g, w, 10, 100)))
				return -1;
			if (add(g, t, p, PACTA_ACT_WITHDRAWAL, w))
				return -1;
			pacta_day end = withdrawal_end(g, tp, p, w);
			if (end == PACTA_DAY_OPEN || !bench_rng_chance(r, 500))
				break;
			c = end + bench_rng_range(r, 180, 10 * 365);
			if (c > g->end)
				break;
			if (add(g, t, p, PACTA_ACT_ACCESSION, c))
				return -1;
		}
	}
	if (first == PACTA_DAY_OPEN)
		return 0;
	if (array_grow((void **)&g->pairs, g->n_pairs, &g->cap_pairs, sizeof(*g->pairs)))
		return -1;
	g->pairs[g->n_pairs++] = (pair){t, p, first};
	return 0;
}

static int add_filler(gen *g, const pair *pp, const pacta_action *kinds, size_t n_kinds)
{
	pacta_day d = bench_rng_range(&g->rng, pp->first, g->end);
	return add(g, pp->treaty, pp->participant,
		   kinds[bench_rng_below(&g->rng, (uint32_t)n_kinds)], d);
}

/* Acts with no effect on status, spread over the participating pairs. */
static int fill(gen *g, size_t want)
{
	static const pacta_action kinds[] = {
		PACTA_ACT_DECLARATION, PACTA_ACT_DECLARATION, PACTA_ACT_DECLARATION,
		PACTA_ACT_COMMUNICATION, PACTA_ACT_COMMUNICATION, PACTA_ACT_COMMUNICATION,
		PACTA_ACT_TERRITORIAL_APPLICATION, PACTA_ACT_RESERVATION,
		PACTA_ACT_GOVERNMENT_DECISION, PACTA_ACT_PARLIAMENT_APPROVAL,
	};
	const size_t n_kinds = sizeof(kinds) / sizeof(kinds[0]);
	if (!g->n_pairs || want == 0)
		return 0;
	/* Each pair gets want / n_pairs acts, rounded at random; then random
	 * pairs make up the count. */
	size_t goal = g->in->n_acts + want;
	uint64_t per = want / g->n_pairs, rem = want % g->n_pairs;
	for (size_t i = 0; i < g->n_pairs; i++) {
		uint64_t k = per + (bench_rng_next(&g->rng) % g->n_pairs < rem ? 1 : 0);
		for (uint64_t j = 0; j < k && g->in->n_acts < goal; j++)
			if (add_filler(g, &g->pairs[i], kinds, n_kinds))
				return -1;
	}
	while (g->in->n_acts < goal)
		if (add_filler(g, &g->pairs[bench_rng_next(&g->rng) % g->n_pairs], kinds, n_kinds))
			return -1;
	return 0;
}

/* How many parties a treaty of the series has: 2 for 92 %, then 3-5
 * (5 %), 6-30 (2.5 %), 31-99 (0.4 %), and 100-200 for one treaty in a
 * thousand: a heavy tail. At most the record's participants. */
static uint32_t series_parties(bench_rng *r, uint32_t states)
{
	unsigned k = bench_rng_below(r, 1000);
	uint32_t n = k < 920   ? 2
		     : k < 970 ? (uint32_t)bench_rng_range(r, 3, 5)
		     : k < 995 ? (uint32_t)bench_rng_range(r, 6, 30)
		     : k < 999 ? (uint32_t)bench_rng_range(r, 31, 99)
			       : (uint32_t)bench_rng_range(r, 100, 200);
	return n < states ? n : states;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The treaty-series shape: the treaty's own parties, distinct, drawn at
 * random, each with its acts. */
static int plan_parties(gen *g, uint32_t t, uint32_t states)
{
	uint32_t n = g->treaties[t].parties, chosen[200];
	for (uint32_t i = 0; i < n; i++) {
		bool dup;
		do {
			chosen[i] = bench_rng_below(&g->rng, states);
			dup = false;
			for (uint32_t j = 0; j < i; j++)
				dup |= chosen[j] == chosen[i];
		} while (dup);
	}
	qsort(chosen, n, sizeof(*chosen), u32_cmp);
	for (uint32_t i = 0; i < n; i++)
		if (plan_pair(g, t, chosen[i]))
			return -1;
	return 0;
}

/* A depositary's order: by treaty, then date. */
static int chrono_cmp(const void *a, const void *b)
{
	const pacta_act *x = a, *y = b;
	if (x->treaty != y->treaty)
		return x->treaty < y->treaty ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->participant != y->participant)
		return x->participant < y->participant ? -1 : 1;
	return x->action < y->action ? -1 : x->action > y->action;
}

int synth_generate(const synth_opts *o, bench_input *in)
{
	gen g;
	memset(&g, 0, sizeof(g));
	memset(in, 0, sizeof(*in));
	int rc = -1;
	g.in = in;
	g.rng.s = o->seed;
	g.end = pacta_date_from_civil(2025, 12, 31);
	in->day_lo = pacta_date_from_civil(1950, 1, 1);
	in->day_hi = pacta_date_from_civil(2030, 12, 31);
	if (o->states == 0 || o->states > 26 * 26 * 26 || o->treaties == 0 ||
	    o->treaties > UINT32_MAX / 2) {
		fprintf(stderr, "bench_status: 1 to 17576 states and at least one treaty\n");
		return -1;
	}
	g.treaties = calloc(o->treaties, sizeof(*g.treaties));
	g.states = calloc(o->states, sizeof(*g.states));
	g.urls = calloc(o->treaties, sizeof(*g.urls));
	in->participants = calloc(o->states, sizeof(*in->participants));
	in->rules = calloc(o->treaties, sizeof(*in->rules));
	if (!g.treaties || !g.states || !g.urls || !in->participants || !in->rules)
		goto out;
	in->n_treaties = o->treaties;
	for (uint32_t p = 0; p < o->states; p++) {
		pacta_participant *q = &in->participants[p];
		q->iso3[0] = (char)('A' + p / 676);
		q->iso3[1] = (char)('A' + p / 26 % 26);
		q->iso3[2] = (char)('A' + p % 26);
		char *name = bench_input_own(in, bench_format("State %s", q->iso3));
		if (!name)
			goto out;
		q->name = q->depositary_name = name;
		q->kind = PACTA_KIND_STATE;
		q->un_member_since = PACTA_DAY_NONE;
		q->source_url = "https://example.org/synthetic/states";
	}
	in->n_participants = o->states;
	g.series = o->series;
	if (g.series && plan_series_clauses(&g))
		goto out;
	for (uint32_t t = 0; t < o->treaties; t++) {
		if (g.series)
			g.treaties[t].parties = series_parties(&g.rng, (uint32_t)o->states);
		if (plan_treaty(&g, t))
			goto out;
	}
	if (!g.series && plan_conflicts(&g, o->states))
		goto out;
	for (uint32_t t = 0; t < o->treaties; t++) {
		if (g.series) {
			if (plan_parties(&g, t, (uint32_t)o->states))
				goto out;
			continue;
		}
		for (uint32_t p = 0; p < o->states; p++)
			if (plan_pair(&g, t, p))
				goto out;
	}
	if (in->n_acts < o->acts && fill(&g, o->acts - in->n_acts))
		goto out;
	qsort(in->acts, in->n_acts, sizeof(*in->acts), chrono_cmp);
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "bench_status: out of memory generating the record\n");
	free(g.treaties);
	free(g.states);
	free(g.urls);
	free(g.pairs);
	return rc;
}
