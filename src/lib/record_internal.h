/*
 * record_internal.h - what the record's modules share and nobody else sees:
 * the string arena, the look-up indexes and the rules parser.
 */
#ifndef PACTA_RECORD_INTERNAL_H
#define PACTA_RECORD_INTERNAL_H

#include "arena.h"
#include "pacta/record.h"

struct pacta_record_index {
	arena strings;
	size_t cap_participants, cap_groups, cap_treaties, cap_acts,
		cap_conflicts, cap_obligation_events, cap_stated;
	/* iso3 -> participant index + 1 (0 = empty), open addressing */
	uint32_t *iso3_slots;
	size_t n_iso3_slots;
	/* treaty id (case-insensitive) -> treaty index + 1 (0 = empty), open
	 * addressing, kept up to date by every add */
	uint32_t *treaty_slots;
	size_t n_treaty_slots;
	/* After finish, only the (treaty, participant) pairs that have acts:
	 * pair_participant[k] and its first act pair_first[k], in act order
	 * (pair_first[n_pairs] is the number of acts then); treaty t's pairs
	 * are [pair_at[t], pair_at[t + 1]), in participant order. Memory and
	 * time follow the acts, not treaties x participants. */
	uint32_t *pair_participant, *pair_first, *pair_at;
	size_t n_pairs, pair_at_nt;
	bool finished;
};

/* Parses a rules file into *out, allocating strings in the record.
 * Errors name origin and the JSON field (or line:column for syntax). */
pacta_rc rules_parse(pacta_record *rec, const char *json, size_t len,
		     const char *origin, pacta_treaty *out, pacta_error *err);

#endif
