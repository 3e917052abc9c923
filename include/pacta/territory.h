/*
 * pacta/territory.h - whether a treaty applies to one territory of a state.
 *
 * The record's territorial acts of the state under the treaty decide it
 * (docs/record.md): the latest `territorial_application` or
 * `territorial_exclusion` naming the territory made on or before the day.
 *   - an application: the treaty applies to the territory from its date
 *     (or its stated effective date) with the state's status;
 *   - an exclusion: it does not apply;
 *   - neither yet, but an application made later: it does not apply yet
 *     (the state extends treaties territory by territory);
 *   - no territorial act naming it at all: the treaty applies as to the
 *     rest of the state's territory (Vienna Convention on the Law of
 *     Treaties, Art. 29), and the view says it rests on no act.
 * Territories are named as in the acts: ISO 3166-1 alpha-3 where they have
 * one, compared without regard to case.
 *
 * Ownership: a view holds indexes into the record and borrows nothing else.
 */
#ifndef PACTA_TERRITORY_H
#define PACTA_TERRITORY_H

#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pacta_territory_basis {
	PACTA_TERRITORY_WHOLE = 0,    /* no territorial act names it */
	PACTA_TERRITORY_EXTENDED,     /* an application, in effect */
	PACTA_TERRITORY_NOT_EXTENDED, /* applied only later */
	PACTA_TERRITORY_EXCLUDED      /* an exclusion, in effect */
} pacta_territory_basis;

/* "whole_territory", "extended", "not_yet_extended", "excluded". */
const char *pacta_territory_basis_name(pacta_territory_basis b);

typedef struct pacta_territory_view {
	pacta_territory_basis basis;
	bool applies;          /* the treaty applies to the territory on the day */
	pacta_status status;   /* the state's status; NONE when it does not apply */
	pacta_day since;       /* applies from (the later of the status's start
				* and the extension's), or PACTA_DAY_NONE */
	int32_t act;           /* the territorial act the answer rests on, or -1 */
} pacta_territory_view;

/* The view of participant p's territory (non-empty, and not a
 * participant's own code: PACTA_ERR_USAGE) under the treaty ts compiles,
 * on day. */
pacta_rc pacta_territory_status(const pacta_treaty_status *ts, uint32_t p, const char *territory,
				pacta_day day, pacta_territory_view *out,
				pacta_error *err) PACTA_MUST_CHECK;

/* The participant whose territorial acts under the treaty name the
 * territory (the latest made on or before day), or -1 when none does. For
 * the map: a territory's shape takes the status of the state that extended
 * (or excluded) the treaty to it. */
int32_t pacta_territory_holder(const pacta_treaty_status *ts, const char *territory, pacta_day day);

#ifdef __cplusplus
}
#endif

#endif
