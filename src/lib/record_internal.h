/*
 * record_internal.h - what the record's modules share and nobody else sees:
 * the string arena, the look-up indexes and the rules parser.
 */
#ifndef PACTA_RECORD_INTERNAL_H
#define PACTA_RECORD_INTERNAL_H

#include <stdatomic.h>

#include "arena.h"
#include "pacta/record.h"

/* A set of shared final clauses: parsed once, its pacta_rules (with no
 * identity: no id, name, title or dates) copied into every treaty that
 * names it, so their strings and obligations are shared. */
typedef struct rules_clauses {
	const char *name;
	const char *json;   /* the clauses file's text, as loaded */
	const char *origin;
	/* In the record's storage, where it stays as clauses are added: every
	 * treaty that names them points at it. */
	pacta_rules *rules;
	/* The threshold and stated date the clauses give every treaty that
	 * does not give its own (0 and PACTA_DAY_NONE: each treaty gives). */
	int entry_into_force_instruments;
	pacta_day entry_into_force_stated;
} rules_clauses;

/* Where a treaty's acts and pairs are in a version of the record: its
 * pairs [pair_begin, pair_end) and acts [act_begin, act_end). */
typedef struct record_span {
	uint32_t pair_begin, pair_end, act_begin, act_end;
} record_span;

/* A version's spans come in chunks of RECORD_SPAN_CHUNK treaties, so that a
 * version derived for one write shares every chunk but the one it writes:
 * on a treaty series, a write copies 16 KB of spans, not 4 MB. */
#define RECORD_SPAN_CHUNK_BITS 10
#define RECORD_SPAN_CHUNK ((size_t)1 << RECORD_SPAN_CHUNK_BITS)

/* A chunk a derived version wrote, shared by the versions derived from it
 * after, and freed with the last of them. */
typedef struct record_span_chunk {
	atomic_uint refs; /* versions whose table names it */
	record_span span[RECORD_SPAN_CHUNK];
} record_span_chunk;

/* One chunk of a version's table: its spans, and the chunk that holds
 * them when a version wrote it (counted), or NULL for the root's array. */
typedef struct record_span_ref {
	record_span *at;
	record_span_chunk *owned;
} record_span_ref;

/* A record is a root (loaded, owning every array) or a version derived
 * from one (pacta_record_derive) that shares them all: the participants,
 * treaties, strings and the rest are read-only once shared, and the acts
 * and pairs are append-only buffers of the root's, each version seeing
 * only the spans its own index names. */
struct pacta_record_index {
	arena strings; /* a root's: every string of the lineage */
	/* A root's: the source, note and territory the last act added was
	 * given (the record's copies: an intern's, or the source its treaty
	 * gives): the acts of one treaty repeat each on its own, and a
	 * compare is cheaper than a hash and a probe. */
	const char *last_source, *last_note, *last_territory;
	/* A root's, shared by its versions (which add none): in the order
	 * added, a few per record. */
	rules_clauses *clauses;
	size_t n_clauses, cap_clauses, last_clauses;
	size_t cap_participants, cap_groups, cap_treaties, cap_acts, cap_conflicts,
		cap_obligation_events, cap_stated, cap_pairs;
	/* iso3 -> participant index + 1 (0 = empty), open addressing */
	uint64_t *iso3_slots; /* slots: see slots_insert() in record.c */
	size_t n_iso3_slots;
	/* treaty id (case-insensitive) -> treaty index + 1 (0 = empty), open
	 * addressing, kept up to date by every add */
	/* The treaties whose rules require a party to another (protocols), in
	 * the order added: a write looks for them among a few, not among every
	 * treaty of a series. */
	uint32_t *protocols;
	size_t n_protocols, cap_protocols;
	uint64_t *treaty_slots;
	size_t n_treaty_slots;
	/* After finish, only the (treaty, participant) pairs that have acts:
	 * pair_participant[k] and its first act pair_first[k]; treaty t's
	 * pairs are span[t].pair_begin..pair_end, in participant order, and
	 * its acts span[t].act_begin..act_end, so pair k's acts end where
	 * pair k + 1's begin, or at act_end for its last. Memory and time
	 * follow the acts, not treaties x participants. The pair buffers are
	 * the root's. */
	uint32_t *pair_participant, *pair_first;
	size_t n_pairs; /* pairs [0, n_pairs) of the buffers are this version's */
	/* Treaty t's span is spans[t >> RECORD_SPAN_CHUNK_BITS].at[t &
	 * (RECORD_SPAN_CHUNK - 1)] (record_span_of()), for t < n_span. A
	 * root's table points into its array span (NULL in a derived
	 * version); a derived version's starts as a copy of its parent's
	 * and gets a chunk of its own for each chunk it writes. */
	record_span *span;
	record_span_ref *spans;
	size_t n_span;
	/* A root's: the treaty and act arrays being faulted in ahead of the
	 * loader (pacta_record_expect()), or NULL; ended before either is
	 * moved or freed, and at the finish. */
	struct big_warmer *warmer;
	size_t n_indexed; /* acts [0, n_indexed) are in the index; later ones are new */
	bool finished;
	bool reserved; /* room for acts was reserved: a finish keeps it */
	/* Acts [0, stored) were loaded from a store or saved to one, so
	 * pacta_store_append_acts() looks only past them. Set by the store;
	 * a finish that may move acts lowers it, a derived version inherits
	 * it (its acts below own_acts are its parent's). */
	size_t stored;
	/* Versions. A derived version's own region, acts from own_acts and
	 * pairs from own_pairs, is where it writes; below them it only reads.
	 * Only the lineage's latest version may add acts or derive, so no two
	 * versions ever write the same place. */
	struct pacta_record *root;   /* NULL for a root */
	struct pacta_record *parent; /* the version derived from, while it lives */
	atomic_uint vrefs;	     /* references to this version */
	size_t own_acts, own_pairs;
	uint32_t *written; /* treaties this version gave a new span (repeats) */
	size_t n_written, cap_written;
	uint64_t seq; /* 0 for the root, parent's + 1 */
	/* A root's: versions alive (itself included while referenced), and
	 * the latest, under a spin lock (versions are freed on any thread). */
	atomic_uint lineage;
	atomic_flag lock;
	struct pacta_record *latest;
};

/* Treaty t's span in the version x (t < x->n_span). */
static inline const record_span *record_span_of(const struct pacta_record_index *x, size_t t)
{
	return &x->spans[t >> RECORD_SPAN_CHUNK_BITS].at[t & (RECORD_SPAN_CHUNK - 1)];
}

/* Parses a rules file into *out, allocating strings in the record.
 * Errors name origin and the JSON field (or line:column for syntax). */
pacta_rc rules_parse(pacta_record *rec, const char *json, size_t len,
		     const char *origin, pacta_treaty *out, pacta_error *err);

/* Parses a clauses file into *out (strings in the record). */
pacta_rc rules_parse_clauses(pacta_record *rec, const char *json, size_t len,
			     const char *origin, rules_clauses *out, pacta_error *err);

/* The treaty a pacta_treaty_own describes, checked as rules_parse() checks
 * the same fields, into *out (strings in the record; rules_text not set). */
pacta_rc rules_from_own(pacta_record *rec, const pacta_treaty_own *own,
			pacta_treaty *out, pacta_error *err);

/* Whether text[0..len) is exactly the canonical rendering
 * (pacta_treaty_own_render()) of t's own fields, so that the record need
 * not keep it: t takes shared clauses and says nothing else. */
bool rules_text_is_own(const pacta_record *rec, const pacta_treaty *t, const char *text,
		       size_t len);

/* The treaty whose id is id[0..len) (NUL-terminated there), as
 * pacta_record_treaty_by_id() finds it; the treaty after `last` (or -1)
 * is tried first, since a loader's rows come treaty by treaty in the
 * record's order, and on a large register the id table's probe is a cache
 * miss where the next treaty is not. */
int32_t record_treaty_after(const pacta_record *rec, int32_t last, const char *id, size_t len);

/* The shared clauses called name, or NULL. */
const rules_clauses *rules_clauses_find(pacta_record *rec, const char *name);

#endif
