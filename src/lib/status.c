/*
 * status.c - compiles a treaty's status timelines from the record and the
 * treaty's rules.
 *
 * For each participant it walks the acts in date order and appends status
 * transitions, each with a derivation; the transitions are then sorted and
 * folded into half-open intervals. The only treaty law here is the
 * vocabulary of pacta_rules: thresholds, delays, notice periods and the
 * armed-conflict hold. This module never reads files or prints.
 */
#include "pacta/status.h"
#include "bigalloc.h"
#include "array.h"

#include <stdlib.h>
#include <string.h>

#define NO_DERIVATION UINT32_MAX

/* Sparse: only the participants with acts under the treaty get a timeline;
 * every other participant answers from one shared empty story, so the cost
 * follows the acts, not treaties x participants.
 *
 * One allocation holds it all: this header, then what a look-up reads (the
 * participants with acts, where each one's intervals start, the direct map
 * when there is one, the intervals), then the timelines, the derivations
 * and the claim ids. Compiling a treaty of a few parties costs one malloc,
 * and a look-up reads the header and a few neighbouring lines. The arrays
 * that follow the header are found from its counts, not by pointers: 56
 * bytes of header per treaty, on a record of mostly bilateral treaties. */
struct pacta_treaty_status {
	const pacta_record *rec;
	uint32_t n_derivs;
	/* Byte offsets in the block. at_timelines is a multiple of 8, and its
	 * lowest bit (AT_SHARED) says the status lies in a block of many
	 * (pacta_status_compile_all()), which pacta_treaty_status_free() leaves
	 * to pacta_status_blocks_free(): a flag without a byte of its own. */
	uint32_t at_timelines, at_refs;
	uint32_t at_ids;           /* of id_first, or 0: no claims at all */
	uint32_t treaty;
	int32_t in_force;          /* derivation of the treaty's own entry into force */
	pacta_day threshold_date;  /* date of the Nth instrument, or NONE */
	uint32_t threshold_act;
	uint32_t threshold_day_count; /* counted instruments deposited that day */
	/* What pacta_status_on() reads, last: next to the arrays it reads. */
	uint32_t n_participants;   /* the record's, for the range check */
	uint32_t n_active;         /* participants with acts */
	uint32_t n_slot;           /* the direct map's length (participant ->
				    * timeline index + 1, 0: none), when at
				    * least an eighth of the participants have
				    * acts; else 0 and a binary search of pids */
};

/* The arrays after the header: pids (n_active, ascending), iv_first
 * (n_active + 1: timeline k's intervals are [iv_first[k], iv_first[k + 1])),
 * the direct map (n_slot), the intervals. */
static inline const uint32_t *pids_of(const pacta_treaty_status *ts)
{
	return (const uint32_t *)(ts + 1);
}

static inline const uint32_t *iv_first_of(const pacta_treaty_status *ts)
{
	return pids_of(ts) + ts->n_active;
}

static inline const uint32_t *slot_of(const pacta_treaty_status *ts)
{
	return iv_first_of(ts) + ts->n_active + 1;
}

static inline const pacta_interval *intervals_of(const pacta_treaty_status *ts)
{
	return (const pacta_interval *)(slot_of(ts) + ts->n_slot);
}

/* A timeline as the block keeps it: its dates and derivations. Its
 * intervals are found from iv_first, its claims and objections from
 * id_first; pacta_treaty_status_timeline() writes out the whole. */
typedef struct stored_timeline {
	pacta_day signed_on, consented_on;
	int32_t consent_act;
	pacta_day entry_into_force;
	int32_t entry_into_force_why;
	pacta_day withdrawal_notified, withdrawal_effective;
	int32_t withdrawal_why;
} stored_timeline;

#define AT_SHARED 1u

static inline const stored_timeline *timelines_of(const pacta_treaty_status *ts)
{
	return (const stored_timeline *)((const unsigned char *)ts +
					 (ts->at_timelines & ~AT_SHARED));
}

/* When the treaty has claims or objections: id_first (2 n_active + 1: the
 * claims of timeline k are ids [id_first[k], id_first[k + 1]), its
 * objections [id_first[n_active + k], id_first[n_active + k + 1])), then
 * the ids. */
static inline const uint32_t *id_first_of(const pacta_treaty_status *ts)
{
	return (const uint32_t *)((const unsigned char *)ts + ts->at_ids);
}

/* One 32-bit reference per derivation index. The date of an act itself
 * (most derivations) is not stored as a pacta_derivation: its reference is
 * the act's index with REF_ACT set (and REF_EFFECTIVE when the derived date
 * is the act's stated effective date, a succession to a signature), and
 * pacta_treaty_status_derivation() writes it out. Nor is the entry into
 * force of a state among the first instruments (a bilateral treaty's two):
 * everything in it but its act is the treaty's, so it is the act's index
 * with REF_INITIAL set. REF_IN_FORCE is the treaty's own entry into force,
 * kept whole after the references (its accessor hands out a pointer). Any
 * other reference is the index of a stored derivation. */
#define REF_ACT 0x80000000u
#define REF_EFFECTIVE 0x40000000u
#define REF_INITIAL 0x40000000u /* without REF_ACT */
#define REF_INDEX 0x3fffffffu
#define REF_IN_FORCE REF_INDEX

/* A derivation other than an act's date, as the block keeps it: its
 * article and delay are the rules' (an article pointer and a delay are 24
 * of a pacta_derivation's 56 bytes), so it names which. */
typedef struct stored_derivation {
	pacta_day date, base, computed, floor;
	uint32_t acts[PACTA_DERIV_MAX_ACTS];
	int32_t conflict;
	uint8_t kind, n_acts;
	uint8_t article; /* an index into articles() */
	uint8_t delay;   /* an index into delays() */
} stored_derivation;

/* The articles a derivation may cite (none first), and the delays it may
 * apply (none first): the compiler names them by these indexes, so a
 * derivation is stored as it is made, with nothing to look up. */
enum { ART_NONE, ART_EIF, ART_EIF_LATER, ART_WITHDRAWAL, ART_ARMED_CONFLICT, ART_SUCCESSION,
       N_ARTICLES };
enum { DELAY_NONE, DELAY_EIF, DELAY_EIF_LATER, DELAY_NOTICE, N_DELAYS };

static void articles(const pacta_rules *r, const char *a[N_ARTICLES])
{
	a[ART_NONE] = NULL;
	a[ART_EIF] = r->entry_into_force.article;
	a[ART_EIF_LATER] = r->entry_into_force_later.article;
	a[ART_WITHDRAWAL] = r->withdrawal.article;
	a[ART_ARMED_CONFLICT] = r->armed_conflict.article;
	a[ART_SUCCESSION] = r->succession.article;
}

static void delays(const pacta_rules *r, pacta_delay d[N_DELAYS])
{
	d[DELAY_NONE] = (pacta_delay){PACTA_DELAY_NONE, 0};
	d[DELAY_EIF] = r->entry_into_force_delay;
	d[DELAY_EIF_LATER] = r->entry_into_force_later_delay;
	d[DELAY_NOTICE] = r->withdrawal_notice;
}

static inline const uint32_t *refs_of(const pacta_treaty_status *ts)
{
	return (const uint32_t *)((const unsigned char *)ts + ts->at_refs);
}

static size_t align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* After the references (pack()). */
static inline size_t at_in_force(const pacta_treaty_status *ts)
{
	return align8(ts->at_refs + ts->n_derivs * sizeof(uint32_t));
}

static inline const pacta_derivation *in_force_of(const pacta_treaty_status *ts)
{
	return (const pacta_derivation *)((const unsigned char *)ts + at_in_force(ts));
}

static inline const stored_derivation *derivs_of(const pacta_treaty_status *ts)
{
	size_t at = at_in_force(ts) + (ts->in_force >= 0 ? sizeof(pacta_derivation) : 0);
	return (const stored_derivation *)((const unsigned char *)ts + at);
}

typedef struct transition {
	pacta_day date;
	pacta_status status;
	uint32_t why;
	bool provisional;
} transition;

/* A counted instrument: its order among the others, and its act. */
typedef struct instrument {
	uint64_t key;
	uint32_t act;
} instrument;

/* How many of each a compilation holds in its own storage before it needs
 * the heap: enough for every treaty of a treaty series but its largest
 * few, and for most agreements of the IEADB record (some 28 KiB). */
enum { FEW_PARTICIPANTS = 64, FEW_INTERVALS = 256, FEW_DERIVATIONS = 256, FEW_TRANSITIONS = 64,
       FEW_IDS = 64, FEW_INSTRUMENTS = 256 };

/* The work of one compilation. Its arrays start in its own storage and move
 * to the heap only when they outgrow it; pacta_status_compile() copies
 * them into the one block of the result. */
typedef struct compiler {
	pacta_treaty_status *ts; /* the header, filled in as it goes */
	const pacta_treaty *treaty; /* its threshold and stated date */
	const pacta_rules *rules;
	pacta_error *err;
	size_t first, last;        /* the treaty's acts */
	uint32_t *pids;            /* n_active of each of these */
	stored_timeline *timelines;
	uint32_t *claims_first;    /* n_active + 1: timeline k's claims are
				    * ids [claims_first[k], claims_first[k + 1]) */
	uint32_t *objections_first;
	uint32_t *iv_first;        /* n_active + 1 */
	size_t *act_first;         /* n_active + 1: participant k's acts are
				    * [act_first[k], act_first[k + 1]) */
	instrument *in;            /* the instruments counted towards the
				    * threshold, in act order */
	size_t n_in;
	pacta_interval *intervals;
	size_t n_intervals, cap_intervals;
	uint32_t *refs;            /* one per derivation index */
	size_t n_refs, cap_refs;
	stored_derivation *derivs; /* the others, but the treaty's in force */
	size_t n_derivs, cap_derivs;
	pacta_derivation in_force; /* kind ACT (0) until there is one */
	pacta_day treaty_eif;      /* its date, or NONE */
	int32_t parent;            /* the treaty whose withdrawals apply, or -1 */
	uint32_t *ids;             /* claims, then objections, per timeline */
	size_t n_ids, cap_ids;
	transition *trans;         /* the current participant's */
	size_t n_trans, cap_trans;
	uint32_t pids0[FEW_INSTRUMENTS];
	stored_timeline timelines0[FEW_PARTICIPANTS];
	uint32_t claims_first0[FEW_PARTICIPANTS + 1], objections_first0[FEW_PARTICIPANTS];
	uint32_t iv_first0[FEW_PARTICIPANTS + 1];
	size_t act_first0[FEW_INSTRUMENTS + 1];
	instrument in0[FEW_INSTRUMENTS];
	uint64_t keys0[FEW_INSTRUMENTS];
	pacta_interval intervals0[FEW_INTERVALS];
	uint32_t refs0[FEW_DERIVATIONS];
	stored_derivation derivs0[FEW_DERIVATIONS];
	uint32_t ids0[FEW_IDS];
	transition trans0[FEW_TRANSITIONS];
	bool heap; /* an array moved to the heap: release() them */
} compiler;

/* reserve()'s rare part: the array needs more room. */
static int reserve_more(compiler *c, void **arr, size_t n, size_t need, size_t *cap, size_t size,
			void *own)
{
	c->heap = true;
	size_t ncap = *cap;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / size)
			return -1;
		ncap *= 2;
	}
	void *p;
	if (*arr == own) {
		p = big_realloc(NULL, ncap * size);
		if (p)
			memcpy(p, own, n * size);
	} else {
		p = big_realloc(*arr, ncap * size);
	}
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

/* Makes room for `need` elements in a compiler's array that holds n and
 * whose first storage is `own` (in the compiler): the first time it
 * outgrows that it moves to the heap, then it doubles there. 0, or -1 on
 * out-of-memory. The compilation reserves what a participant's acts can
 * add before it reads them, so that its appends need no check. */
static inline int reserve(compiler *c, void **arr, size_t n, size_t need, size_t *cap,
			  size_t size, void *own)
{
	return need <= *cap ? 0 : reserve_more(c, arr, n, need, cap, size, own);
}

/* Storage for n elements (not zeroed): the compiler's own when they fit. */
static void *room(compiler *c, void *own, size_t fit, size_t n, size_t size)
{
	if (n <= fit)
		return own;
	c->heap = true;
	return n <= SIZE_MAX / size ? big_malloc(n * size) : NULL;
}

static void release(void *p, const void *own)
{
	if (p != own)
		free(p);
}

const char *pacta_status_name(pacta_status s)
{
	static const char *const names[PACTA_STATUS__COUNT] = {
		[PACTA_STATUS_NONE] = "none",
		[PACTA_STATUS_SIGNATORY] = "signatory",
		[PACTA_STATUS_CONSENTED] = "consented",
		[PACTA_STATUS_PARTY] = "party",
		[PACTA_STATUS_WITHDRAWAL_PENDING] = "withdrawal_pending",
		[PACTA_STATUS_WITHDRAWAL_HELD] = "withdrawal_held",
		[PACTA_STATUS_WITHDRAWN] = "withdrawn",
	};
	return (unsigned)s < PACTA_STATUS__COUNT ? names[s] : "?";
}

bool pacta_status_is_bound(pacta_status s)
{
	return s == PACTA_STATUS_PARTY || s == PACTA_STATUS_WITHDRAWAL_PENDING ||
	       s == PACTA_STATUS_WITHDRAWAL_HELD;
}

bool pacta_status_has_consented(pacta_status s)
{
	return s == PACTA_STATUS_CONSENTED || pacta_status_is_bound(s);
}

/* Appends a reference (the room is reserved); its derivation index. */
static inline uint32_t add_ref(compiler *c, uint32_t ref)
{
	c->refs[c->n_refs] = ref;
	return (uint32_t)c->n_refs++;
}

/* Appends a derivation (the room is reserved); its index. */
static inline uint32_t add_derivation(compiler *c, const stored_derivation *d)
{
	c->derivs[c->n_derivs] = *d;
	return add_ref(c, (uint32_t)c->n_derivs++);
}

/* The most common derivation, the date of an act itself (or, with
 * `effective`, its stated effective date): a reference, not a
 * pacta_derivation. */
static uint32_t act_derivation_on(compiler *c, uint32_t act, bool effective)
{
	return add_ref(c, REF_ACT | (effective ? REF_EFFECTIVE : 0) | act);
}

static uint32_t act_derivation(compiler *c, uint32_t act)
{
	return act_derivation_on(c, act, false);
}

/* Appends a transition (the room is reserved). */
static inline int add_transition(compiler *c, pacta_day date, pacta_status st, uint32_t why,
				 bool provisional)
{
	c->trans[c->n_trans++] = (transition){date, st, why, provisional};
	return 0;
}

/* Status in effect on day, from the transitions appended so far. */
static pacta_status status_at(const compiler *c, pacta_day day, size_t *which)
{
	pacta_status st = PACTA_STATUS_NONE;
	pacta_day best = PACTA_DAY_NONE;
	bool found = false;
	for (size_t i = 0; i < c->n_trans; i++) {
		if (c->trans[i].date <= day && (!found || c->trans[i].date >= best)) {
			best = c->trans[i].date;
			st = c->trans[i].status;
			found = true;
			if (which)
				*which = i;
		}
	}
	return st;
}

/* A consent instrument counts towards the threshold unless it is not of a
 * kind in `kinds` or the state revoked it before any later consent of its
 * own (acts of one participant are contiguous and in date order). */
static bool counts_towards_threshold(const pacta_record *rec, const pacta_rules *r,
				     uint32_t kinds, size_t i, size_t last)
{
	const pacta_act *a = &rec->acts[i];
	if (!(kinds & (1u << a->action)))
		return false;
	for (size_t j = i + 1; j < last && rec->acts[j].participant == a->participant; j++) {
		if (rec->acts[j].action == PACTA_ACT_REVOCATION)
			return false;
		if (r->consent_actions & (1u << rec->acts[j].action))
			return true;
	}
	return true;
}

/* Is p one of the states the rules require? */
static bool is_required(const pacta_record *rec, const pacta_rules *r, uint32_t p)
{
	if (r->entry_into_force_requires_group) {
		for (size_t g = 0; g < rec->n_groups; g++)
			if (rec->groups[g].participant == p &&
			    strcmp(rec->groups[g].group, r->entry_into_force_requires_group) == 0)
				return true;
		return false;
	}
	for (size_t k = 0; k < r->n_entry_into_force_requires; k++)
		if (strcmp(rec->participants[p].iso3, r->entry_into_force_requires[k]) == 0)
			return true;
	return false;
}

/* When every required state has a standing consent: moves *date (and *act)
 * to the latest of their first standing instruments. Returns 1 when all
 * have one (or none is required), 0 when one is missing, -1 on
 * out-of-memory. */
static int required_states(compiler *c, size_t first, size_t last, pacta_day *date,
			   uint32_t *act)
{
	const pacta_record *rec = c->ts->rec;
	const pacta_rules *r = c->rules;
	if (!r->entry_into_force_requires_group && !r->n_entry_into_force_requires)
		return 1;
	size_t needed = 0, found = 0;
	bool *seen = big_calloc(rec->n_participants + 1, sizeof(bool));
	if (!seen)
		return -1;
	for (uint32_t p = 0; p < rec->n_participants; p++)
		needed += is_required(rec, r, p);
	/* A listed code the record does not know is a state that never
	 * deposited. */
	if (!r->entry_into_force_requires_group)
		needed = r->n_entry_into_force_requires;
	for (size_t i = first; i < last; i++) {
		const pacta_act *a = &rec->acts[i];
		/* A required state's consent counts whatever its kind. */
		if (seen[a->participant] ||
		    !counts_towards_threshold(rec, r, r->consent_actions, i, last) ||
		    !is_required(rec, r, a->participant))
			continue;
		seen[a->participant] = true;
		found++;
		if (*date == PACTA_DAY_NONE || a->date > *date ||
		    (a->date == *date && a->id > rec->acts[*act].id)) {
			*date = a->date;
			*act = (uint32_t)i;
		}
	}
	free(seen);
	return needed > 0 && found == needed;
}

/* The kth smallest (from 0) of a[0..n), n > k; reorders a[]. A
 * three-way partition, so that many equal keys cost no more. */
static uint64_t kth_key(uint64_t *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		uint64_t p = a[lo + (hi - lo) / 2];
		size_t lt = lo, i = lo, gt = hi;
		while (i < gt) {
			uint64_t x = a[i];
			if (x < p) {
				a[i++] = a[lt];
				a[lt++] = x;
			} else if (x > p) {
				a[i] = a[--gt];
				a[gt] = x;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return p;
	}
	return a[lo];
}

/* The act of the kth earliest of n instruments (1 <= k <= n). Acts are
 * sorted by participant, not date: a partial selection, repeatedly taking
 * the earliest. Keys tie when acts have no store id yet: the selection's
 * own order then decides, and so the shortcuts are taken only when the kth
 * key is alone: for the latest of all (a bilateral treaty's second
 * instrument), and, among many instruments, the kth key found by a
 * partition of their keys (`keys`, room for n, or NULL) instead of k
 * passes over them. Reorders in[]. */
static uint32_t nth_instrument(instrument *in, size_t n, size_t k, uint64_t *keys)
{
	if (k == n) {
		size_t m = 0, ties = 0;
		for (size_t j = 1; j < n; j++)
			if (in[j].key > in[m].key) {
				m = j;
				ties = 0;
			} else if (in[j].key == in[m].key) {
				ties++;
			}
		if (!ties)
			return in[m].act;
	} else if (k > 2 && keys) {
		for (size_t j = 0; j < n; j++)
			keys[j] = in[j].key;
		uint64_t kth = kth_key(keys, n, k - 1);
		size_t m = n, ties = 0;
		for (size_t j = 0; j < n; j++)
			if (in[j].key == kth) {
				m = j;
				ties++;
			}
		if (ties == 1)
			return in[m].act;
	}
	for (size_t s = 0; s < k; s++) {
		size_t m = s;
		for (size_t j = s + 1; j < n; j++)
			if (in[j].key < in[m].key)
				m = j;
		instrument tmp = in[s];
		in[s] = in[m];
		in[m] = tmp;
	}
	return in[k - 1].act;
}

/* Finds the treaty's own entry into force: the date of the Nth consent
 * instrument (ties on that day all count among the first N), then the
 * rule's delay; a date the depositary states wins. The counted instruments
 * are scan()'s. */
static pacta_rc compile_treaty_in_force(compiler *c)
{
	pacta_treaty_status *ts = c->ts;
	const pacta_record *rec = ts->rec;
	const pacta_treaty *tr = c->treaty;
	const pacta_rules *r = c->rules;
	size_t first = c->first, last = c->last;
	ts->in_force = -1;
	ts->threshold_date = c->treaty_eif = PACTA_DAY_NONE;
	instrument *in = c->in;
	size_t n = c->n_in;
	size_t want = (size_t)tr->entry_into_force_instruments;
	if (want > 0 && n >= want) {
		uint64_t *keys = room(c, c->keys0, FEW_INSTRUMENTS, n, sizeof(*keys));
		ts->threshold_act = nth_instrument(in, n, want, keys);
		release(keys, c->keys0);
		ts->threshold_date = rec->acts[ts->threshold_act].date;
	}
	if ((want > 0 && n >= want) || want == 0) {
		int got = required_states(c, first, last, &ts->threshold_date, &ts->threshold_act);
		if (got < 0)
			return pacta_error_set(c->err, PACTA_ERR_NOMEM, "", "out of memory");
		if (got == 0)
			ts->threshold_date = PACTA_DAY_NONE; /* a required state is missing */
	}
	ts->threshold_day_count = 0;
	for (size_t i = 0; i < n && ts->threshold_date != PACTA_DAY_NONE; i++)
		if (rec->acts[in[i].act].date == ts->threshold_date)
			ts->threshold_day_count++;
	pacta_derivation d;
	memset(&d, 0, sizeof(d));
	d.kind = PACTA_DERIV_TREATY_IN_FORCE;
	d.article = r->entry_into_force.article;
	d.delay = r->entry_into_force_delay;
	d.floor = PACTA_DAY_NONE;
	d.conflict = -1;
	d.base = ts->threshold_date;
	d.computed = ts->threshold_date == PACTA_DAY_NONE
			     ? PACTA_DAY_NONE
			     : pacta_delay_apply(r->entry_into_force_delay, ts->threshold_date);
	/* "But not before": the computed date is floored, and says so. */
	if (d.computed != PACTA_DAY_NONE && r->entry_into_force_not_before != PACTA_DAY_NONE &&
	    d.computed < r->entry_into_force_not_before)
		d.computed = d.floor = r->entry_into_force_not_before;
	d.date = tr->entry_into_force_stated != PACTA_DAY_NONE ? tr->entry_into_force_stated
							      : d.computed;
	if (ts->threshold_date != PACTA_DAY_NONE) {
		d.acts[0] = ts->threshold_act;
		d.n_acts = 1;
	}
	if (d.date == PACTA_DAY_NONE)
		return PACTA_OK; /* not in force */
	uint32_t why = add_ref(c, REF_IN_FORCE); /* the first: the room is there */
	c->in_force = d;
	ts->in_force = (int32_t)why;
	c->treaty_eif = d.date;
	return PACTA_OK;
}

/* Entry into force for one consent instrument, with its derivation. */
static uint32_t in_force_for(compiler *c, uint32_t act_index, pacta_day *eif)
{
	const pacta_treaty_status *ts = c->ts;
	const pacta_rules *r = c->rules;
	const pacta_act *act = &ts->rec->acts[act_index];
	/* Bound from the treaty's own date: deposited on or before the day of
	 * the Nth instrument, or before the treaty's entry into force when the
	 * later-depositor rule counts from that (or no threshold was met). */
	bool by_eif = r->entry_into_force_later_after == PACTA_LATER_AFTER_ENTRY_INTO_FORCE ||
		      ts->threshold_date == PACTA_DAY_NONE;
	pacta_day treaty_eif = c->treaty_eif;
	bool initial = treaty_eif != PACTA_DAY_NONE &&
		       (by_eif ? act->date < treaty_eif : act->date <= ts->threshold_date);
	/* A succession's stated date is not used where the rules say the
	 * treaty computes it. */
	bool computed_only = act->action == PACTA_ACT_SUCCESSION && r->succession_effective_computed;
	bool stated = act->effective != PACTA_DAY_NONE && !computed_only;
	if (initial && !stated) {
		/* Among the first N: the treaty's own date, and everything in
		 * its derivation but the act is the treaty's. */
		*eif = treaty_eif;
		return add_ref(c, REF_INITIAL | act_index);
	}
	stored_derivation d = {.floor = PACTA_DAY_NONE, .conflict = -1, .acts = {act_index},
			       .n_acts = 1};
	if (treaty_eif == PACTA_DAY_NONE) {
		d.computed = PACTA_DAY_NONE;
	} else if (initial) {
		/* Among the first N: the treaty's own date. */
		d.kind = PACTA_DERIV_IN_FORCE_INITIAL;
		d.article = ART_EIF;
		d.delay = DELAY_EIF;
		d.base = ts->threshold_date;
		d.computed = treaty_eif;
		if (ts->threshold_date != PACTA_DAY_NONE && ts->threshold_act != act_index)
			d.acts[d.n_acts++] = ts->threshold_act;
	} else {
		d.kind = PACTA_DERIV_IN_FORCE_LATER;
		d.article = ART_EIF_LATER;
		d.delay = DELAY_EIF_LATER;
		d.base = act->date;
		d.computed = pacta_delay_apply(r->entry_into_force_later_delay, act->date);
		/* Not before the treaty itself is in force. */
		if (d.computed < treaty_eif)
			d.floor = treaty_eif;
	}
	d.date = d.floor != PACTA_DAY_NONE ? d.floor : d.computed;
	if (stated) {
		/* Stated beats computed; the derivation keeps both. */
		d.kind = PACTA_DERIV_IN_FORCE_STATED;
		d.date = act->effective;
		/* The article is the succession clause's, if the treaty has one:
		 * the entry-into-force articles did not give this date. */
		d.article = act->action == PACTA_ACT_SUCCESSION ? ART_SUCCESSION : ART_NONE;
	}
	*eif = d.date;
	if (d.date == PACTA_DAY_NONE)
		return NO_DERIVATION; /* no derivation needed: not in force */
	return add_derivation(c, &d);
}

/* Forgets the transitions after day: an act replaced what was to come. */
static void drop_after(compiler *c, pacta_day day)
{
	size_t keep = 0;
	for (size_t i = 0; i < c->n_trans; i++)
		if (c->trans[i].date <= day)
			c->trans[keep++] = c->trans[i];
	c->n_trans = keep;
}

/* An armed conflict of participant p covering day, or -1. */
static int32_t conflict_on(const pacta_record *rec, uint32_t p, pacta_day day)
{
	for (size_t i = 0; i < rec->n_conflicts; i++) {
		const pacta_conflict *k = &rec->conflicts[i];
		if (k->participant == p && k->from <= day && day < k->to)
			return (int32_t)i;
	}
	return -1;
}

static int withdraw(compiler *c, uint32_t act_index, stored_timeline *tl)
{
	const pacta_record *rec = c->ts->rec;
	const pacta_rules *r = c->rules;
	const pacta_act *act = &rec->acts[act_index];
	/* A withdrawal replaces whatever was still to come (a consent not yet
	 * in force, an earlier notice). */
	drop_after(c, act->date);
	if (add_transition(c, act->date, PACTA_STATUS_WITHDRAWAL_PENDING,
			   act_derivation(c, act_index), false))
		return -1;
	tl->withdrawal_notified = act->date;
	stored_derivation d = {
		.kind = PACTA_DERIV_WITHDRAWAL_EFFECTIVE,
		.article = ART_WITHDRAWAL,
		.base = act->date,
		.delay = DELAY_NOTICE,
		.floor = PACTA_DAY_NONE,
		.acts = {act_index},
		.n_acts = 1,
		.conflict = -1,
	};
	d.computed = d.date = pacta_delay_apply(r->withdrawal_notice, act->date);
	/* A later date the notification names wins, where the treaty allows
	 * one; an earlier one is left to the record checks. */
	if (r->withdrawal_later_date && act->effective != PACTA_DAY_NONE && act->effective > d.date)
		d.date = act->effective;
	int32_t k = r->withdrawal_held_during_armed_conflict
			    ? conflict_on(rec, act->participant, d.date)
			    : -1;
	if (k < 0) {
		uint32_t why = add_derivation(c, &d);
		tl->withdrawal_effective = d.date;
		tl->withdrawal_why = (int32_t)why;
		return add_transition(c, d.date, PACTA_STATUS_WITHDRAWN, why, false);
	}
	/* Held: engaged in an armed conflict on the day it would take effect. */
	d.kind = PACTA_DERIV_WITHDRAWAL_HELD;
	d.article = ART_ARMED_CONFLICT;
	d.conflict = k;
	uint32_t held = add_derivation(c, &d);
	if (add_transition(c, d.date, PACTA_STATUS_WITHDRAWAL_HELD, held, false))
		return -1;
	pacta_day end = rec->conflicts[k].to;
	tl->withdrawal_effective = PACTA_DAY_NONE;
	tl->withdrawal_why = (int32_t)held;
	if (end == PACTA_DAY_OPEN)
		return 0;
	d.kind = PACTA_DERIV_WITHDRAWAL_RELEASED;
	d.date = end;
	uint32_t released = add_derivation(c, &d);
	tl->withdrawal_effective = end;
	tl->withdrawal_why = (int32_t)released;
	return add_transition(c, end, PACTA_STATUS_WITHDRAWN, released, false);
}

static int consent(compiler *c, uint32_t act_index, stored_timeline *tl)
{
	const pacta_act *act = &c->ts->rec->acts[act_index];
	pacta_day eif;
	uint32_t why = in_force_for(c, act_index, &eif);
	tl->consented_on = act->date;
	tl->consent_act = (int32_t)act_index;
	tl->entry_into_force = eif;
	tl->entry_into_force_why = eif == PACTA_DAY_NONE ? -1 : (int32_t)why;
	tl->withdrawal_notified = tl->withdrawal_effective = PACTA_DAY_NONE;
	tl->withdrawal_why = -1;
	if (eif != PACTA_DAY_NONE && eif <= act->date)
		return add_transition(c, eif, PACTA_STATUS_PARTY, why, false);
	/* A provisional application declared at signature goes on until the
	 * treaty is in force for the state. */
	size_t which = 0;
	pacta_status before = status_at(c, act->date, &which);
	bool provisional = (before == PACTA_STATUS_SIGNATORY || before == PACTA_STATUS_CONSENTED) &&
			   c->trans[which].provisional;
	if (add_transition(c, act->date, PACTA_STATUS_CONSENTED, act_derivation(c, act_index),
			   provisional))
		return -1;
	if (eif == PACTA_DAY_NONE)
		return 0;
	return add_transition(c, eif, PACTA_STATUS_PARTY, why, false);
}

/* A revocation cancels a consent that is not yet in force for the state
 * (it is a signatory again, or nothing); a notice of non-intent ends a
 * signatory's status; a participant that ceased to exist has none left.
 * Anything else is left to the record checks. */
static int undo(compiler *c, uint32_t act_index, stored_timeline *tl)
{
	const pacta_act *act = &c->ts->rec->acts[act_index];
	pacta_status now = status_at(c, act->date, NULL);
	pacta_status after;
	if (act->action == PACTA_ACT_REVOCATION && now == PACTA_STATUS_CONSENTED) {
		after = tl->signed_on != PACTA_DAY_NONE &&
				tl->signed_on <= tl->consented_on
			? PACTA_STATUS_SIGNATORY : PACTA_STATUS_NONE;
		tl->consented_on = tl->entry_into_force = PACTA_DAY_NONE;
		tl->consent_act = tl->entry_into_force_why = -1;
	} else if (act->action == PACTA_ACT_NON_INTENT && now == PACTA_STATUS_SIGNATORY) {
		after = PACTA_STATUS_NONE;
	} else if (act->action == PACTA_ACT_CEASED && now != PACTA_STATUS_NONE) {
		/* Dissolution or union: whatever it was, it is no longer. */
		after = PACTA_STATUS_NONE;
	} else {
		return 0;
	}
	/* What was still to come (the entry into force) is cancelled. */
	drop_after(c, act->date);
	return add_transition(c, act->date, after, act_derivation(c, act_index), false);
}

static int provisional(compiler *c, uint32_t act_index)
{
	const pacta_act *act = &c->ts->rec->acts[act_index];
	size_t which = 0;
	/* Pending entry into force for the state: a signatory or a state whose
	 * consent is not yet in force. Anything else is left to the record
	 * checks, which report it. */
	pacta_status now = status_at(c, act->date, &which);
	if (now != PACTA_STATUS_CONSENTED && now != PACTA_STATUS_SIGNATORY)
		return 0;
	if (c->trans[which].date == act->date) {
		c->trans[which].provisional = true;
		return 0;
	}
	return add_transition(c, act->date, now, act_derivation(c, act_index), true);
}

/* A notice terminating provisional application (the Energy Charter
 * Treaty's Art. 45(3)(a)): the state keeps its status without the mark,
 * from the notice's date. A state not applying the treaty provisionally
 * that day is left to the record checks. */
static int provisional_end(compiler *c, uint32_t act_index)
{
	const pacta_act *act = &c->ts->rec->acts[act_index];
	size_t which = 0;
	pacta_status now = status_at(c, act->date, &which);
	if ((now != PACTA_STATUS_CONSENTED && now != PACTA_STATUS_SIGNATORY) ||
	    !c->trans[which].provisional)
		return 0;
	return add_transition(c, act->date, now, act_derivation(c, act_index), false);
}

static bool trans_before(const transition *x, const transition *y)
{
	if (x->date != y->date)
		return x->date < y->date;
	/* Same day: keep append order (the later act decides). */
	return x->why < y->why;
}

/* A participant's few transitions, nearly in order already: an insertion
 * sort (stable, as the merge sort of qsort() was) needs no memory and
 * little time. */
static void sort_transitions(transition *t, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		transition x = t[i];
		size_t j = i;
		for (; j > 0 && trans_before(&x, &t[j - 1]); j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
}

/* Appends an interval (fold() reserves the room). */
static inline int push_interval(compiler *c, const pacta_interval *v)
{
	c->intervals[c->n_intervals++] = *v;
	return 0;
}

/* Folds the sorted transitions into contiguous intervals. */
static int fold(compiler *c, size_t p)
{
	sort_transitions(c->trans, c->n_trans);
	/* At most one interval per transition, and the last one. */
	if (reserve(c, (void **)&c->intervals, c->n_intervals, c->n_intervals + c->n_trans + 1,
		    &c->cap_intervals, sizeof(*c->intervals), c->intervals0))
		return -1;
	c->iv_first[p] = (uint32_t)c->n_intervals;
	pacta_interval cur = {PACTA_DAY_NONE, PACTA_DAY_OPEN, PACTA_STATUS_NONE, NO_DERIVATION,
			      false};
	for (size_t i = 0; i < c->n_trans; i++) {
		const transition *t = &c->trans[i];
		if (t->status == cur.status && t->provisional == cur.provisional)
			continue;
		if (t->date == cur.from) {
			/* Zero-length: the later transition that day wins. */
			cur.status = t->status;
			cur.why = t->why;
			cur.provisional = t->provisional;
			continue;
		}
		cur.to = t->date;
		if (push_interval(c, &cur))
			return -1;
		cur = (pacta_interval){t->date, PACTA_DAY_OPEN, t->status, t->why, t->provisional};
	}
	/* Merge a trailing interval equal to the previous one (same-day wins
	 * can make neighbours alike). */
	if (c->n_intervals > c->iv_first[p]) {
		pacta_interval *prev = &c->intervals[c->n_intervals - 1];
		if (prev->status == cur.status && prev->provisional == cur.provisional) {
			prev->to = PACTA_DAY_OPEN;
			return 0;
		}
	}
	return push_interval(c, &cur);
}

static int push_id(compiler *c, uint32_t id)
{
	if (reserve(c, (void **)&c->ids, c->n_ids, c->n_ids + 1, &c->cap_ids, sizeof(id), c->ids0))
		return -1;
	c->ids[c->n_ids++] = id;
	return 0;
}

/* The story of every participant without acts under a treaty: one interval
 * of PACTA_STATUS_NONE (its `why` is no derivation), no dates. */
static const pacta_interval empty_interval = {PACTA_DAY_NONE, PACTA_DAY_OPEN, PACTA_STATUS_NONE,
					      NO_DERIVATION, false};
static const pacta_timeline empty_story = {
	.intervals = &empty_interval,
	.n_intervals = 1,
	.signed_on = PACTA_DAY_NONE,
	.consented_on = PACTA_DAY_NONE,
	.consent_act = -1,
	.entry_into_force = PACTA_DAY_NONE,
	.entry_into_force_why = -1,
	.withdrawal_notified = PACTA_DAY_NONE,
	.withdrawal_effective = PACTA_DAY_NONE,
	.withdrawal_why = -1,
};

/* Timeline k: participant ts->pids[k], whose acts under the treaty are
 * [first, last). */
static int compile_participant(compiler *c, size_t k, size_t first, size_t last)
{
	pacta_treaty_status *ts = c->ts;
	const pacta_record *rec = ts->rec;
	const pacta_rules *r = c->rules;
	stored_timeline *tl = &c->timelines[k];
	uint32_t p = c->pids[k];
	/* No dates yet. */
	*tl = (stored_timeline){PACTA_DAY_NONE, PACTA_DAY_NONE, -1, PACTA_DAY_NONE, -1,
				PACTA_DAY_NONE, PACTA_DAY_NONE, -1};
	c->n_trans = 0;
	size_t pfirst = 0, plast = 0;
	/* A parent treaty whose withdrawal applies to this one too: its
	 * withdrawals are read alongside this treaty's acts, in date order. */
	if (c->parent >= 0)
		pacta_record_acts_of(rec, (uint32_t)c->parent, p, &pfirst, &plast);
	/* Room for what the acts can add (a withdrawal: three transitions,
	 * three references, two derivations), so that the appends need no
	 * check. */
	size_t n = (last - first) + (plast - pfirst);
	if (reserve(c, (void **)&c->trans, 0, 3 * n, &c->cap_trans, sizeof(*c->trans), c->trans0) ||
	    reserve(c, (void **)&c->refs, c->n_refs, c->n_refs + 3 * n, &c->cap_refs,
		    sizeof(*c->refs), c->refs0) ||
	    reserve(c, (void **)&c->derivs, c->n_derivs, c->n_derivs + 2 * n, &c->cap_derivs,
		    sizeof(*c->derivs), c->derivs0))
		return -1;
	c->claims_first[k] = (uint32_t)c->n_ids;
	for (size_t i = first, j = pfirst;;) {
		while (j < plast && rec->acts[j].action != PACTA_ACT_WITHDRAWAL)
			j++;
		/* The parent's withdrawal first only when it is earlier. */
		uint32_t ai;
		if (j < plast && (i >= last || rec->acts[j].date < rec->acts[i].date))
			ai = (uint32_t)j++;
		else if (i < last)
			ai = (uint32_t)i++;
		else
			break;
		const pacta_act *act = &rec->acts[ai];
		int rc = 0;
		switch (pacta_action_class_of(act->action)) {
		case PACTA_CLASS_SIGNATURE: {
			/* A succession to a predecessor's signature counts from
			 * the stated date of succession. */
			pacta_day from = act->effective != PACTA_DAY_NONE &&
						 act->effective < act->date
					 ? act->effective
					 : act->date;
			if (status_at(c, from, NULL) == PACTA_STATUS_NONE) {
				uint32_t why = act_derivation_on(c, ai, from != act->date);
				rc = add_transition(c, from, PACTA_STATUS_SIGNATORY, why, false);
			}
			if (tl->signed_on == PACTA_DAY_NONE)
				tl->signed_on = from;
			break;
		}
		case PACTA_CLASS_CONSENT:
			if (act->action == PACTA_ACT_DEFINITIVE_SIGNATURE &&
			    tl->signed_on == PACTA_DAY_NONE)
				tl->signed_on = act->date;
			if (r->consent_actions & (1u << act->action))
				rc = consent(c, ai, tl);
			break;
		case PACTA_CLASS_UNDOING:
			rc = undo(c, ai, tl);
			break;
		case PACTA_CLASS_DECLARATION:
			if (act->action == PACTA_ACT_PROVISIONAL_APPLICATION &&
			    r->provisional_application_allowed)
				rc = provisional(c, ai);
			else if (act->action == PACTA_ACT_PROVISIONAL_APPLICATION_END &&
				 r->provisional_application_allowed)
				rc = provisional_end(c, ai);
			break;
		case PACTA_CLASS_WITHDRAWAL: {
			pacta_status now = status_at(c, act->date, NULL);
			/* The parent's notice does not restart one already running
			 * for this treaty. */
			bool running = now == PACTA_STATUS_WITHDRAWAL_PENDING ||
				       now == PACTA_STATUS_WITHDRAWAL_HELD;
			if (r->withdrawal_allowed && pacta_status_has_consented(now) &&
			    !(act->treaty != ts->treaty && running))
				rc = withdraw(c, ai, tl);
			break;
		}
		case PACTA_CLASS_CLAIM:
			/* Claims are recorded; by themselves they change nothing. */
			if (act->action == PACTA_ACT_SUSPENSION_CLAIM)
				rc = push_id(c, ai);
			break;
		case PACTA_CLASS_DOMESTIC:
			break;
		}
		if (rc)
			return -1;
	}
	return fold(c, k);
}

/* Objections are filed by one participant against another's claim: index
 * them under the target. */
static int collect_objections(compiler *c)
{
	pacta_treaty_status *ts = c->ts;
	const pacta_record *rec = ts->rec;
	c->claims_first[ts->n_active] = (uint32_t)c->n_ids;
	if (!c->n_ids)
		return 0; /* no claims: nothing to object to, nothing kept */
	for (size_t k = 0; k < ts->n_active; k++) {
		c->objections_first[k] = (uint32_t)c->n_ids;
		if (c->claims_first[k + 1] == c->claims_first[k])
			continue;
		for (size_t i = c->first; i < c->last; i++)
			if (rec->acts[i].action == PACTA_ACT_OBJECTION &&
			    rec->acts[i].target == (int32_t)c->pids[k] && push_id(c, (uint32_t)i))
				return -1;
	}
	return 0;
}

/* One pass over the treaty's acts (sorted by participant, then date):
 * the participants with acts and where each one's acts start, and the
 * instruments that count towards the threshold, each with its order (date,
 * then id) as one number. An instrument counts unless it is not of a
 * counted kind or the state revoked it before any later consent of its
 * own (as counts_towards_threshold() says it): the instruments since the
 * participant's last consent are pending until its next consent (they
 * count), revocation (they do not) or last act (they count). 0, or -1 on
 * out-of-memory. */
static int scan(compiler *c)
{
	const pacta_record *rec = c->ts->rec;
	const pacta_rules *r = c->rules;
	uint32_t kinds = r->entry_into_force_counts, consents = r->consent_actions;
	size_t first = c->first, last = c->last;
	/* No more participants, nor instruments, than acts. */
	c->in = room(c, c->in0, FEW_INSTRUMENTS, last - first, sizeof(*c->in));
	c->pids = room(c, c->pids0, FEW_INSTRUMENTS, last - first, sizeof(*c->pids));
	c->act_first = room(c, c->act_first0, FEW_INSTRUMENTS + 1, last - first + 1,
			    sizeof(*c->act_first));
	if (!c->in || !c->pids || !c->act_first)
		return -1;
	size_t n = 0, n_in = 0, pending = 0;
	for (size_t i = first; i < last; i++) {
		const pacta_act *a = &rec->acts[i];
		if (i == first || a->participant != a[-1].participant) {
			c->pids[n] = a->participant;
			c->act_first[n++] = i;
			pending = n_in;
		}
		uint32_t bit = 1u << a->action;
		if (a->action == PACTA_ACT_REVOCATION)
			n_in = pending;
		else if (consents & bit)
			pending = n_in;
		if (kinds & bit) {
			c->in[n_in].key = (uint64_t)((uint32_t)a->date ^ 0x80000000u) << 32 | a->id;
			c->in[n_in++].act = (uint32_t)i;
		}
	}
	c->n_in = n_in;
	c->act_first[n] = last;
	c->ts->n_active = (uint32_t)n;
	/* The arrays of one entry per participant, now that their number is
	 * known. */
	c->timelines = room(c, c->timelines0, FEW_PARTICIPANTS, n, sizeof(*c->timelines));
	c->claims_first = room(c, c->claims_first0, FEW_PARTICIPANTS + 1, n + 1, sizeof(uint32_t));
	c->objections_first = room(c, c->objections_first0, FEW_PARTICIPANTS, n, sizeof(uint32_t));
	c->iv_first = room(c, c->iv_first0, FEW_PARTICIPANTS + 1, n + 1, sizeof(uint32_t));
	return c->timelines && c->claims_first && c->objections_first && c->iv_first ? 0 : -1;
}

static void *blocks_take(pacta_status_blocks *b, size_t size);

/* The compiled treaty in one block (see struct pacta_treaty_status): the
 * header, pids, iv_first, the direct map, intervals, timelines,
 * derivations, claim ids; its own malloc'd block, or, with `blocks`, a part
 * of one of theirs. NULL on out-of-memory. */
static pacta_treaty_status *pack(compiler *c, pacta_status_blocks *blocks)
{
	const pacta_treaty_status *h = c->ts;
	size_t n = h->n_active, np = h->n_participants;
	/* A direct map when at least an eighth of the participants have acts:
	 * it costs no more than 32 bytes per timeline. */
	size_t n_slot = n * 8 >= np && np > 0 ? np : 0;
	_Static_assert(sizeof(*h) % 8 == 0, "the arrays follow the header");
	size_t at_pids = sizeof(*h);
	size_t at_iv_first = at_pids + n * sizeof(uint32_t);
	size_t at_slot = at_iv_first + (n + 1) * sizeof(uint32_t);
	size_t at_intervals = at_slot + n_slot * sizeof(uint32_t);
	size_t at_timelines = align8(at_intervals + c->n_intervals * sizeof(pacta_interval));
	size_t at_refs = at_timelines + n * sizeof(stored_timeline);
	size_t at_whole = align8(at_refs + c->n_refs * sizeof(uint32_t));
	size_t at_derivs = at_whole + (h->in_force >= 0 ? sizeof(pacta_derivation) : 0);
	size_t at_id_first = at_derivs + c->n_derivs * sizeof(stored_derivation);
	size_t n_id_first = c->n_ids ? 2 * n + 1 : 0;
	size_t at_ids = at_id_first + n_id_first * sizeof(uint32_t);
	size_t size = at_ids + c->n_ids * sizeof(uint32_t);
	/* The offsets are 32 bits: a treaty's block is far from 4 GiB. */
	unsigned char *block = NULL;
	if (size <= UINT32_MAX)
		block = blocks ? blocks_take(blocks, size) : malloc(size);
	if (!block)
		return NULL;
	pacta_treaty_status *ts = (pacta_treaty_status *)block;
	uint32_t *pids = (uint32_t *)(block + at_pids);
	uint32_t *iv_first = (uint32_t *)(block + at_iv_first);
	uint32_t *slot = (uint32_t *)(block + at_slot);
	pacta_interval *intervals = (pacta_interval *)(block + at_intervals);
	stored_timeline *timelines = (stored_timeline *)(block + at_timelines);
	uint32_t *id_first = (uint32_t *)(block + at_id_first);
	uint32_t *refs = (uint32_t *)(block + at_refs);
	stored_derivation *derivs = (stored_derivation *)(block + at_derivs);
	uint32_t *ids = (uint32_t *)(block + at_ids);
	*ts = *h;
	c->iv_first[n] = (uint32_t)c->n_intervals;
	/* memcpy of zero bytes from a NULL pointer is undefined: none is NULL
	 * here, every array starts in the compiler. */
	memcpy(pids, c->pids, n * sizeof(*pids));
	memcpy(iv_first, c->iv_first, (n + 1) * sizeof(*iv_first));
	/* The arrays that are mostly empty (the direct map, the stored
	 * derivations, the claims) are copied only when they are not. */
	if (n_slot) {
		memset(slot, 0, n_slot * sizeof(*slot));
		for (size_t k = 0; k < n; k++)
			slot[pids[k]] = (uint32_t)k + 1;
	}
	memcpy(intervals, c->intervals, c->n_intervals * sizeof(*intervals));
	memcpy(refs, c->refs, c->n_refs * sizeof(*refs));
	if (h->in_force >= 0)
		memcpy(block + at_whole, &c->in_force, sizeof(c->in_force));
	if (c->n_derivs)
		memcpy(derivs, c->derivs, c->n_derivs * sizeof(*derivs));
	if (c->n_ids)
		memcpy(ids, c->ids, c->n_ids * sizeof(*ids));
	memcpy(timelines, c->timelines, n * sizeof(*timelines));
	/* Each timeline's claims, then each one's objections, were appended
	 * in timeline order: where each starts is all there is to keep. */
	if (n_id_first) {
		memcpy(id_first, c->claims_first, n * sizeof(*id_first));
		memcpy(id_first + n, c->objections_first, n * sizeof(*id_first));
		id_first[2 * n] = (uint32_t)c->n_ids;
	}
	ts->n_slot = (uint32_t)n_slot;
	ts->at_timelines = (uint32_t)at_timelines | (blocks ? AT_SHARED : 0);
	ts->at_refs = (uint32_t)at_refs;
	ts->at_ids = n_id_first ? (uint32_t)at_id_first : 0;
	ts->n_derivs = (uint32_t)c->n_refs;
	return ts;
}

/* An act's index must fit a derivation's reference. */
static pacta_rc check_size(const pacta_record *rec, pacta_error *err)
{
	if (rec->n_acts > REF_INDEX)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "too many acts in the record (%zu)",
				       rec->n_acts);
	return PACTA_OK;
}

/* Treaty `treaty` (< rec->n_treaties) of a record check_size() passed,
 * whose acts are [first, last), compiled into its own block, or with
 * `blocks` into theirs. */
static pacta_rc compile(const pacta_record *rec, uint32_t treaty, size_t first, size_t last,
			pacta_status_blocks *blocks, pacta_treaty_status **out, pacta_error *err)
{
	*out = NULL;
	const pacta_rules *r = rec->treaties[treaty].rules;
	pacta_treaty_status h;
	memset(&h, 0, sizeof(h));
	/* Some 28 KiB of storage that most treaties never outgrow. */
	compiler cc, *c = &cc;
	c->ts = &h;
	c->treaty = &rec->treaties[treaty];
	c->rules = r;
	c->err = err;
	c->pids = c->pids0;
	c->timelines = c->timelines0;
	c->claims_first = c->claims_first0;
	c->objections_first = c->objections_first0;
	c->iv_first = c->iv_first0;
	c->act_first = c->act_first0;
	c->in = c->in0;
	c->n_in = 0;
	c->intervals = c->intervals0;
	c->n_intervals = 0;
	c->cap_intervals = FEW_INTERVALS;
	c->refs = c->refs0;
	c->n_refs = 0;
	c->cap_refs = FEW_DERIVATIONS;
	c->derivs = c->derivs0;
	c->n_derivs = 0;
	c->cap_derivs = FEW_DERIVATIONS;
	c->ids = c->ids0;
	c->n_ids = 0;
	c->cap_ids = FEW_IDS;
	c->trans = c->trans0;
	c->n_trans = 0;
	c->cap_trans = FEW_TRANSITIONS;
	c->heap = false;
	h.rec = rec;
	h.treaty = treaty;
	h.n_participants = (uint32_t)rec->n_participants;
	c->parent = r->parent_withdrawal_applies
			   ? pacta_record_treaty_by_id(rec, r->requires_party_to)
			   : -1;
	c->first = first;
	c->last = last;
	pacta_rc rc = PACTA_OK;
	if (scan(c)) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		goto out;
	}
	if ((rc = compile_treaty_in_force(c)))
		goto out;
	for (size_t k = 0; k < h.n_active; k++)
		if (compile_participant(c, k, c->act_first[k], c->act_first[k + 1])) {
			rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
			goto out;
		}
	if (collect_objections(c) || !(*out = pack(c, blocks)))
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
out:
	if (!c->heap)
		return rc;
	release(c->pids, c->pids0);
	release(c->timelines, c->timelines0);
	release(c->claims_first, c->claims_first0);
	release(c->objections_first, c->objections_first0);
	release(c->iv_first, c->iv_first0);
	release(c->act_first, c->act_first0);
	release(c->in, c->in0);
	release(c->intervals, c->intervals0);
	release(c->refs, c->refs0);
	release(c->derivs, c->derivs0);
	release(c->ids, c->ids0);
	release(c->trans, c->trans0);
	return rc;
}

pacta_rc pacta_status_compile(const pacta_record *rec, uint32_t treaty, pacta_treaty_status **out,
			      pacta_error *err)
{
	*out = NULL;
	if (treaty >= rec->n_treaties)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no treaty with index %u", treaty);
	pacta_rc rc = check_size(rec, err);
	if (rc)
		return rc;
	size_t first, last;
	pacta_record_acts_of_treaty(rec, treaty, &first, &last);
	return compile(rec, treaty, first, last, NULL, out, err);
}

/* A block of pacta_status_blocks: the statuses follow this header, each
 * at a multiple of 8 bytes. */
typedef struct status_chunk {
	struct status_chunk *next;
	size_t size; /* of what follows */
} status_chunk;

/* A block is what is left to compile (acts and treaties, at the bytes
 * per act and treaty of what was compiled so far, with an eighth more),
 * up to CHUNK_MAX: a small record takes one small block from the heap, a
 * large one blocks of 4 MiB with their header, each two huge pages
 * (bigalloc.h): on a virtual machine fresh small pages cost the kernel a
 * fault each, which was most of compiling a treaty series (250,000
 * treaties, about 100 MB of statuses: 0.21 s per 1M acts in 120 KiB blocks
 * from the heap, 0.05 in huge pages). */
#define CHUNK_MIN ((size_t)4 * 1024)
#define CHUNK_MAX ((size_t)4 * 1024 * 1024 - sizeof(status_chunk))
/* What a first block guesses per act and per treaty, before any is
 * compiled (the treaty series' status is about 60 bytes per act and
 * treaty, the IEADB's 110). */
#define GUESS_PER_UNIT 64

struct pacta_status_blocks {
	status_chunk *chunks; /* the newest first */
	unsigned char *at;    /* free room in the block statuses go to */
	size_t left;	      /* its bytes */
	size_t units_left;    /* acts and treaties not compiled yet */
	size_t units_done, bytes_done;
};

/* size bytes (8-aligned) for one compiled treaty, in the current block or
 * a new one; NULL on out-of-memory. */
static void *blocks_take(pacta_status_blocks *b, size_t size)
{
	size = align8(size);
	if (size <= b->left) {
		void *p = b->at;
		b->at += size;
		b->left -= size;
		b->bytes_done += size;
		return p;
	}
	size_t want = size;
	/* A large treaty (more than an eighth of a block) that does not fit
	 * gets a block of its own size, and the current block stays: what is
	 * left unused at a block's end is less than an eighth of it. */
	if (size <= CHUNK_MAX / 8) {
		size_t per = b->units_done ? b->bytes_done / b->units_done + 1 : GUESS_PER_UNIT;
		want = b->units_left <= CHUNK_MAX / per ? per * b->units_left : CHUNK_MAX;
		want += want / 8;
		want = want < CHUNK_MIN ? CHUNK_MIN : want > CHUNK_MAX ? CHUNK_MAX : want;
		if (want < size)
			want = size;
	}
	if (want > SIZE_MAX - sizeof(status_chunk))
		return NULL;
	want = big_block_round(sizeof(status_chunk) + want) - sizeof(status_chunk);
	status_chunk *ch = big_malloc(sizeof(*ch) + want);
	if (!ch)
		return NULL;
	_Static_assert(sizeof(status_chunk) % 8 == 0, "statuses follow at a multiple of 8");
	ch->next = b->chunks;
	ch->size = want;
	b->chunks = ch;
	unsigned char *p = (unsigned char *)(ch + 1);
	b->bytes_done += size;
	/* Statuses go on into whichever block has more room left. */
	if (want - size >= b->left) {
		b->at = p + size;
		b->left = want - size;
	}
	return p;
}

void pacta_status_blocks_free(pacta_status_blocks *blocks)
{
	if (!blocks)
		return;
	for (status_chunk *ch = blocks->chunks, *next; ch; ch = next) {
		next = ch->next;
		free(ch);
	}
	free(blocks);
}

pacta_rc pacta_status_compile_all(const pacta_record *rec, pacta_treaty_status **out,
				  pacta_status_blocks **blocks, pacta_error *err)
{
	*blocks = NULL;
	for (size_t t = 0; t < rec->n_treaties; t++)
		out[t] = NULL;
	pacta_rc rc = check_size(rec, err);
	if (rc)
		return rc;
	pacta_status_blocks *b = calloc(1, sizeof(*b));
	if (!b)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	/* The live acts (a version's spans may leave dead ones between). */
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		size_t first, last;
		pacta_record_acts_of_treaty(rec, t, &first, &last);
		b->units_left += last - first + 1;
	}
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		size_t first, last;
		pacta_record_acts_of_treaty(rec, t, &first, &last);
		if ((rc = compile(rec, t, first, last, b, &out[t], err))) {
			for (size_t k = 0; k < t; k++)
				out[k] = NULL;
			pacta_status_blocks_free(b);
			return rc;
		}
		b->units_left -= last - first + 1;
		b->units_done += last - first + 1;
	}
	*blocks = b;
	return PACTA_OK;
}

void pacta_treaty_status_free(pacta_treaty_status *ts)
{
	/* A status in shared blocks goes with them. */
	if (ts && !(ts->at_timelines & AT_SHARED))
		free(ts);
}

const pacta_record *pacta_treaty_status_record(const pacta_treaty_status *ts)
{
	return ts->rec;
}

uint32_t pacta_treaty_status_treaty(const pacta_treaty_status *ts)
{
	return ts->treaty;
}

const pacta_derivation *pacta_treaty_status_in_force(const pacta_treaty_status *ts)
{
	return ts->in_force < 0 ? NULL : in_force_of(ts);
}

size_t pacta_treaty_status_threshold_day_count(const pacta_treaty_status *ts)
{
	return ts->threshold_day_count;
}

static int required_cmp(const void *a, const void *b)
{
	const pacta_required_state *x = a, *y = b;
	return strcmp(x->iso3, y->iso3);
}

pacta_rc pacta_status_required_missing(const pacta_treaty_status *ts, pacta_day day,
				       pacta_required_state **out, size_t *n, pacta_error *err)
{
	const pacta_record *rec = ts->rec;
	const pacta_rules *r = rec->treaties[ts->treaty].rules;
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	/* A group: its members on any day (as the threshold counts them); a
	 * list: each code, known to the record or not. */
	size_t total = r->entry_into_force_requires_group ? rec->n_participants
							  : r->n_entry_into_force_requires;
	for (size_t k = 0; k < total; k++) {
		pacta_required_state s;
		if (r->entry_into_force_requires_group) {
			if (!is_required(rec, r, (uint32_t)k))
				continue;
			s.participant = (int32_t)k;
			s.iso3 = rec->participants[k].iso3;
		} else {
			s.iso3 = r->entry_into_force_requires[k];
			s.participant = pacta_record_participant_by_iso3(rec, s.iso3);
		}
		if (s.participant >= 0 &&
		    pacta_status_has_consented(pacta_status_on(ts, (uint32_t)s.participant, day, NULL)))
			continue;
		if (array_grow((void **)out, *n, &cap, sizeof(**out))) {
			free(*out);
			*out = NULL;
			*n = 0;
			return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		}
		(*out)[(*n)++] = s;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), required_cmp);
	return PACTA_OK;
}

/* The timeline index of a participant (< ts->n_participants) with acts, or
 * UINT32_MAX. */
static inline uint32_t timeline_of(const pacta_treaty_status *ts, uint32_t participant)
{
	if (ts->n_slot)
		return slot_of(ts)[participant] - 1; /* 0 - 1: none */
	const uint32_t *pids = pids_of(ts);
	size_t lo = array_lower_bound_u32(pids, 0, ts->n_active, participant);
	return lo < ts->n_active && pids[lo] == participant ? (uint32_t)lo : UINT32_MAX;
}

const pacta_timeline *pacta_treaty_status_timeline(const pacta_treaty_status *ts,
						   uint32_t participant, pacta_timeline *buf)
{
	if (participant >= ts->n_participants)
		return NULL;
	uint32_t k = timeline_of(ts, participant);
	if (k == UINT32_MAX) {
		*buf = empty_story;
		return buf;
	}
	const stored_timeline *st = &timelines_of(ts)[k];
	const uint32_t *iv_first = iv_first_of(ts);
	*buf = (pacta_timeline){
		.intervals = intervals_of(ts) + iv_first[k],
		.n_intervals = iv_first[k + 1] - iv_first[k],
		.signed_on = st->signed_on,
		.consented_on = st->consented_on,
		.consent_act = st->consent_act,
		.entry_into_force = st->entry_into_force,
		.entry_into_force_why = st->entry_into_force_why,
		.withdrawal_notified = st->withdrawal_notified,
		.withdrawal_effective = st->withdrawal_effective,
		.withdrawal_why = st->withdrawal_why,
	};
	/* No claims at all: no array to point into (NULL). */
	if (ts->at_ids) {
		const uint32_t *id_first = id_first_of(ts);
		const uint32_t *ids = id_first + 2 * ts->n_active + 1;
		size_t n = ts->n_active;
		buf->claims = ids + id_first[k];
		buf->n_claims = id_first[k + 1] - id_first[k];
		buf->objections = ids + id_first[n + k];
		buf->n_objections = id_first[n + k + 1] - id_first[n + k];
	}
	return buf;
}

size_t pacta_treaty_status_n_active(const pacta_treaty_status *ts)
{
	return ts->n_active;
}

uint32_t pacta_treaty_status_active(const pacta_treaty_status *ts, size_t k)
{
	return pids_of(ts)[k];
}

const pacta_derivation *pacta_treaty_status_derivation(const pacta_treaty_status *ts,
						       uint32_t index, pacta_derivation *buf)
{
	if (index >= ts->n_derivs)
		return NULL;
	uint32_t ref = refs_of(ts)[index];
	if (ref == REF_IN_FORCE) {
		*buf = *in_force_of(ts);
		return buf;
	}
	if (!(ref & REF_ACT) && (ref & REF_INITIAL)) {
		/* As in_force_for() would have stored it. */
		uint32_t act = ref & REF_INDEX;
		const pacta_rules *r = ts->rec->treaties[ts->treaty].rules;
		pacta_day eif = in_force_of(ts)->date;
		*buf = (pacta_derivation){
			.kind = PACTA_DERIV_IN_FORCE_INITIAL,
			.date = eif,
			.article = r->entry_into_force.article,
			.base = ts->threshold_date,
			.delay = r->entry_into_force_delay,
			.computed = eif,
			.floor = PACTA_DAY_NONE,
			.acts = {act},
			.n_acts = 1,
			.conflict = -1,
		};
		if (ts->threshold_date != PACTA_DAY_NONE && ts->threshold_act != act)
			buf->acts[buf->n_acts++] = ts->threshold_act;
		return buf;
	}
	if (!(ref & REF_ACT)) {
		const stored_derivation *s = &derivs_of(ts)[ref];
		const pacta_rules *r = ts->rec->treaties[ts->treaty].rules;
		const char *a[N_ARTICLES];
		pacta_delay d[N_DELAYS];
		articles(r, a);
		delays(r, d);
		*buf = (pacta_derivation){
			.kind = (pacta_derivation_kind)s->kind,
			.date = s->date,
			.article = a[s->article],
			.base = s->base,
			.delay = d[s->delay],
			.computed = s->computed,
			.floor = s->floor,
			.acts = {s->acts[0], s->acts[1], s->acts[2]},
			.n_acts = s->n_acts,
			.conflict = s->conflict,
		};
		return buf;
	}
	uint32_t act = ref & REF_INDEX;
	const pacta_act *a = &ts->rec->acts[act];
	*buf = (pacta_derivation){
		.kind = PACTA_DERIV_ACT,
		.date = ref & REF_EFFECTIVE ? a->effective : a->date,
		.base = a->date,
		.computed = a->date,
		.floor = PACTA_DAY_NONE,
		.acts = {act},
		.n_acts = 1,
		.conflict = -1,
	};
	return buf;
}

/* The look-up reads the header, the participant's place (pids or the
 * direct map, then iv_first) and its intervals, all in the treaty's one
 * block; never the timeline. */
pacta_status pacta_status_on(const pacta_treaty_status *ts, uint32_t participant,
			     pacta_day day, const pacta_interval **iv)
{
	if (participant >= ts->n_participants) {
		if (iv)
			*iv = NULL;
		return PACTA_STATUS_NONE;
	}
	uint32_t k = timeline_of(ts, participant);
	if (k == UINT32_MAX) {
		if (iv)
			*iv = &empty_interval;
		return PACTA_STATUS_NONE;
	}
	const uint32_t *iv_first = iv_first_of(ts);
	const pacta_interval *v = intervals_of(ts) + iv_first[k];
	/* Last interval with from <= day (the first starts at NONE). */
	size_t lo = 0, hi = iv_first[k + 1] - iv_first[k];
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].from <= day)
			lo = mid;
		else
			hi = mid;
	}
	if (iv)
		*iv = &v[lo];
	return v[lo].status;
}

pacta_counts pacta_status_count(const pacta_treaty_status *ts, pacta_day day)
{
	pacta_counts n;
	memset(&n, 0, sizeof(n));
	/* A participant without acts is none: only the others count. */
	for (uint32_t k = 0; k < ts->n_active; k++) {
		switch (pacta_status_on(ts, pids_of(ts)[k], day, NULL)) {
		case PACTA_STATUS_SIGNATORY:
			n.signatories++;
			break;
		case PACTA_STATUS_CONSENTED:
			n.consented++;
			break;
		case PACTA_STATUS_PARTY:
			n.parties++;
			break;
		case PACTA_STATUS_WITHDRAWAL_PENDING:
		case PACTA_STATUS_WITHDRAWAL_HELD:
			n.parties++;
			n.withdrawing++;
			break;
		case PACTA_STATUS_WITHDRAWN:
			n.withdrawn++;
			break;
		default:
			break;
		}
	}
	return n;
}

pacta_rc pacta_status_diff(const pacta_treaty_status *ts, pacta_day from, pacta_day to,
			   pacta_change **out, size_t *n, pacta_error *err)
{
	*out = NULL;
	*n = 0;
	if (from >= to)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "the first date must be earlier than the second");
	size_t cap = 0;
	/* A participant without acts never changes. */
	for (size_t k = 0; k < ts->n_active; k++) {
		uint32_t p = pids_of(ts)[k];
		const pacta_interval *a, *b;
		pacta_status sa = pacta_status_on(ts, p, from, &a);
		pacta_status sb = pacta_status_on(ts, p, to, &b);
		if (sa == sb)
			continue;
		if (array_grow((void **)out, *n, &cap, sizeof(**out))) {
			free(*out);
			*out = NULL;
			*n = 0;
			return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		}
		(*out)[(*n)++] = (pacta_change){p, sa, sb, b->from, b->why};
	}
	return PACTA_OK;
}
