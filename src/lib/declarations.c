/*
 * declarations.c - the declarations of a treaty and the responses they drew
 * (see pacta/declarations.h).
 */
#include "pacta/declarations.h"

#include <stdlib.h>
#include <string.h>

#include "array.h"

const char *pacta_occasion_name(pacta_occasion o)
{
	static const char *const names[] = {"signature", "consent", "later", "response"};
	return (unsigned)o <= PACTA_OCCASION_RESPONSE ? names[o] : "?";
}

bool pacta_action_is_declaration(pacta_action action)
{
	switch (action) {
	case PACTA_ACT_RESERVATION:
	case PACTA_ACT_DECLARATION:
	case PACTA_ACT_TERRITORIAL_APPLICATION:
	case PACTA_ACT_TERRITORIAL_EXCLUSION:
	case PACTA_ACT_PROVISIONAL_APPLICATION:
	case PACTA_ACT_PROVISIONAL_APPLICATION_END:
	case PACTA_ACT_RESERVATION_WITHDRAWAL:
	case PACTA_ACT_DECLARATION_WITHDRAWAL:
	case PACTA_ACT_OBJECTION:
	case PACTA_ACT_COMMUNICATION:
	case PACTA_ACT_SUSPENSION_CLAIM: /* circulated like a declaration */
		return true;
	default:
		return false;
	}
}

/* An act that answers another participant's declaration. */
static bool is_response(const pacta_act *a)
{
	return (a->action == PACTA_ACT_OBJECTION || a->action == PACTA_ACT_COMMUNICATION) &&
	       a->target >= 0;
}

/* A declaration a response may answer: one that states something of the
 * declaring state's own (not a response, not a withdrawal of one). */
static bool answerable(const pacta_act *a)
{
	return pacta_action_is_declaration(a->action) && !is_response(a) &&
	       a->action != PACTA_ACT_RESERVATION_WITHDRAWAL &&
	       a->action != PACTA_ACT_DECLARATION_WITHDRAWAL;
}

/* When act ai was made: upon a signature or a consent of the same state on
 * the same day, else later; *anchor gets that act or -1. */
static pacta_occasion occasion_of(const pacta_record *rec, size_t ai, int32_t *anchor)
{
	const pacta_act *a = &rec->acts[ai];
	size_t first, last;

	*anchor = -1;
	if (is_response(a))
		return PACTA_OCCASION_RESPONSE;
	pacta_record_acts_of(rec, a->treaty, a->participant, &first, &last);
	for (size_t i = first; i < last; i++) {
		const pacta_act *b = &rec->acts[i];
		pacta_action_class cls = pacta_action_class_of(b->action);
		if (b->date != a->date)
			continue;
		if (cls == PACTA_CLASS_CONSENT) {
			*anchor = (int32_t)i;
			return PACTA_OCCASION_CONSENT;
		}
		if (cls == PACTA_CLASS_SIGNATURE)
			*anchor = (int32_t)i;
	}
	return *anchor >= 0 ? PACTA_OCCASION_SIGNATURE : PACTA_OCCASION_LATER;
}

/* Sorts acts (indexes) by date, then participant: the order responses
 * are shown in. Few per declaration: an insertion sort. */
static void sort_by_date(const pacta_record *rec, uint32_t *acts, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = acts[i];
		const pacta_act *a = &rec->acts[x];
		size_t j = i;
		while (j > 0) {
			const pacta_act *b = &rec->acts[acts[j - 1]];
			if (b->date < a->date ||
			    (b->date == a->date && b->participant <= a->participant))
				break;
			acts[j] = acts[j - 1];
			j--;
		}
		acts[j] = x;
	}
}

static bool wanted(uint32_t participant, const uint32_t *states, size_t n_states)
{
	if (n_states == 0)
		return true;
	for (size_t i = 0; i < n_states; i++)
		if (states[i] == participant)
			return true;
	return false;
}

/* The declaration of state p that response r answers: p's latest
 * answerable act on or before r's date; -1 when there is none. */
static int32_t answered(const pacta_record *rec, const pacta_act *r, uint32_t p)
{
	size_t first, last;
	int32_t best = -1;

	pacta_record_acts_of(rec, r->treaty, p, &first, &last);
	for (size_t i = first; i < last; i++)
		if (answerable(&rec->acts[i]) && rec->acts[i].date <= r->date)
			best = (int32_t)i;
	return best;
}

pacta_rc pacta_declarations_list(const pacta_record *rec, uint32_t treaty,
				 const uint32_t *states, size_t n_states, pacta_day on,
				 pacta_declarations *out, pacta_error *err)
{
	size_t first, last, cap = 0, rcap = 0;

	memset(out, 0, sizeof(*out));
	if (!rec || treaty >= rec->n_treaties)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no such treaty");
	pacta_record_acts_of_treaty(rec, treaty, &first, &last);
	/* In the order asked for: state by state, each in date order (the
	 * record's order within a participant). */
	for (size_t s = 0; s < (n_states ? n_states : 1); s++) {
		for (size_t i = first; i < last; i++) {
			const pacta_act *a = &rec->acts[i];
			if (!pacta_action_is_declaration(a->action) || a->date > on ||
			    (n_states ? a->participant != states[s]
				      : !wanted(a->participant, states, n_states)))
				continue;
			void *items = out->items;
			if (array_grow(&items, out->n, &cap, sizeof(*out->items))) {
				pacta_declarations_free(out);
				return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
			}
			out->items = items;
			pacta_declaration *d = &out->items[out->n++];
			memset(d, 0, sizeof(*d));
			d->act = (uint32_t)i;
			d->occasion = occasion_of(rec, i, &d->occasion_act);
			d->first_response = out->n_responses_total;
			if (!answerable(a))
				continue;
			/* The responses addressed to this state that this act
			 * is the latest answerable declaration before. */
			for (size_t j = first; j < last; j++) {
				const pacta_act *r = &rec->acts[j];
				if (!is_response(r) || (uint32_t)r->target != a->participant ||
				    r->date > on || answered(rec, r, a->participant) != (int32_t)i)
					continue;
				void *pool = out->responses;
				if (array_grow(&pool, out->n_responses_total, &rcap,
					       sizeof(*out->responses))) {
					pacta_declarations_free(out);
					return pacta_error_set(err, PACTA_ERR_NOMEM, "",
							       "out of memory");
				}
				out->responses = pool;
				out->responses[out->n_responses_total++] = (uint32_t)j;
				d->n_responses++;
			}
			sort_by_date(rec, out->responses + d->first_response, d->n_responses);
		}
	}
	return PACTA_OK;
}

void pacta_declarations_free(pacta_declarations *list)
{
	if (!list)
		return;
	free(list->items);
	free(list->responses);
	memset(list, 0, sizeof(*list));
}
