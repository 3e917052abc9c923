/*
 * record.c - the in-memory record: adders that copy, the act vocabulary,
 * sorting and look-up indexes, participant resolution and groups.
 *
 * It never interprets treaty law: that is status.c's job, driven by rules.
 */
#include "array.h"
#include "bigalloc.h"
#include "pacta/lang.h"
#include "record_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The phrases are English; explain.c says them in the answer's language. */
static const struct {
	const char *name;
	const char *phrase;
	pacta_action_class cls;
} action_table[PACTA_ACT__COUNT] = {
	[PACTA_ACT_ANNOUNCEMENT] = {"announcement", PACTA_N_("an announcement"), PACTA_CLASS_DOMESTIC},
	[PACTA_ACT_GOVERNMENT_DECISION] = {"government_decision", PACTA_N_("a government decision"), PACTA_CLASS_DOMESTIC},
	[PACTA_ACT_PARLIAMENT_APPROVAL] = {"parliament_approval", PACTA_N_("parliament's approval"), PACTA_CLASS_DOMESTIC},
	[PACTA_ACT_HEAD_OF_STATE_SIGNATURE] = {"head_of_state_signature", PACTA_N_("the head of state's signature"), PACTA_CLASS_DOMESTIC},
	[PACTA_ACT_SIGNATURE] = {"signature", PACTA_N_("a signature"), PACTA_CLASS_SIGNATURE},
	[PACTA_ACT_DEFINITIVE_SIGNATURE] = {"definitive_signature", PACTA_N_("a definitive signature"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_RATIFICATION] = {"ratification", PACTA_N_("an instrument of ratification"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_ACCEPTANCE] = {"acceptance", PACTA_N_("an instrument of acceptance"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_APPROVAL] = {"approval", PACTA_N_("an instrument of approval"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_ACCESSION] = {"accession", PACTA_N_("an instrument of accession"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_SUCCESSION] = {"succession", PACTA_N_("a notification of succession"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_CONSENT] = {"consent", PACTA_N_("a notification of consent to be bound"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_FORMAL_CONFIRMATION] = {"formal_confirmation", PACTA_N_("an instrument of formal confirmation"), PACTA_CLASS_CONSENT},
	[PACTA_ACT_PROVISIONAL_APPLICATION] = {"provisional_application", PACTA_N_("a declaration of provisional application"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_RESERVATION] = {"reservation", PACTA_N_("a reservation"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_DECLARATION] = {"declaration", PACTA_N_("a declaration"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_TERRITORIAL_APPLICATION] = {"territorial_application", PACTA_N_("a notification of territorial application"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_COMMUNICATION] = {"communication", PACTA_N_("a communication"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_WITHDRAWAL] = {"withdrawal", PACTA_N_("a notification of withdrawal"), PACTA_CLASS_WITHDRAWAL},
	[PACTA_ACT_REVOCATION] = {"revocation", PACTA_N_("a notification revoking its consent to be bound"), PACTA_CLASS_UNDOING},
	[PACTA_ACT_NON_INTENT] = {"non_intent", PACTA_N_("a notification that it does not intend to become a party"), PACTA_CLASS_UNDOING},
	[PACTA_ACT_CEASED] = {"ceased", PACTA_N_("the end of its existence as a state"), PACTA_CLASS_UNDOING},
	[PACTA_ACT_SUSPENSION_CLAIM] = {"suspension_claim", PACTA_N_("a notice claiming to suspend the treaty"), PACTA_CLASS_CLAIM},
	[PACTA_ACT_OBJECTION] = {"objection", PACTA_N_("an objection"), PACTA_CLASS_CLAIM},
	[PACTA_ACT_RESERVATION_WITHDRAWAL] = {"reservation_withdrawal", PACTA_N_("a withdrawal of a reservation"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_DECLARATION_WITHDRAWAL] = {"declaration_withdrawal", PACTA_N_("a withdrawal of a declaration"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_TERRITORIAL_EXCLUSION] = {"territorial_exclusion", PACTA_N_("a notification excluding a territory"), PACTA_CLASS_DECLARATION},
	[PACTA_ACT_PROVISIONAL_APPLICATION_END] = {"provisional_application_end", PACTA_N_("a notification terminating its provisional application"), PACTA_CLASS_DECLARATION},
};

const char *pacta_action_name(pacta_action action)
{
	return (unsigned)action < PACTA_ACT__COUNT ? action_table[action].name : "?";
}

const char *pacta_action_phrase(pacta_action action)
{
	return (unsigned)action < PACTA_ACT__COUNT ? action_table[action].phrase : "?";
}

pacta_action_class pacta_action_class_of(pacta_action action)
{
	return (unsigned)action < PACTA_ACT__COUNT ? action_table[action].cls : PACTA_CLASS_DOMESTIC;
}

bool pacta_action_parse(const char *name, pacta_action *out)
{
	for (int i = 0; i < PACTA_ACT__COUNT; i++) {
		if (strcmp(name, action_table[i].name) == 0) {
			*out = (pacta_action)i;
			return true;
		}
	}
	return false;
}

static const char *const kind_names[] = {
	[PACTA_KIND_STATE] = "state",
	[PACTA_KIND_OBSERVER_STATE] = "observer_state",
	[PACTA_KIND_NON_MEMBER_STATE] = "non_member_state",
	[PACTA_KIND_FORMER_STATE] = "former_state",
	[PACTA_KIND_ORGANIZATION] = "organization",
};

const char *pacta_kind_name(pacta_participant_kind kind)
{
	return (unsigned)kind <= PACTA_KIND_ORGANIZATION ? kind_names[kind] : "?";
}

pacta_record *pacta_record_new(void)
{
	pacta_record *rec = calloc(1, sizeof(*rec));
	if (!rec)
		return NULL;
	rec->index = calloc(1, sizeof(*rec->index));
	if (!rec->index) {
		free(rec);
		return NULL;
	}
	arena_init(&rec->index->strings);
	atomic_init(&rec->index->vrefs, 1);
	atomic_init(&rec->index->lineage, 1);
	atomic_flag_clear(&rec->index->lock);
	rec->index->latest = rec;
	return rec;
}

/* The root of rec's lineage (rec itself for a root). */
static pacta_record *root_of(const pacta_record *rec)
{
	return rec->index->root ? rec->index->root : (pacta_record *)rec;
}

static void lineage_lock(pacta_record *root)
{
	while (atomic_flag_test_and_set_explicit(&root->index->lock, memory_order_acquire))
		;
}

static void lineage_unlock(pacta_record *root)
{
	atomic_flag_clear_explicit(&root->index->lock, memory_order_release);
}

/* Ends the faulting in of the treaty and act arrays, before either moves
 * or goes. */
static void warm_end(struct pacta_record_index *x)
{
	big_warm_end(x->warmer);
	x->warmer = NULL;
}

/* Room for one more treaty (array_grow()'s 0 or -1). */
static int treaties_room(pacta_record *rec)
{
	if (rec->n_treaties < rec->index->cap_treaties)
		return 0;
	warm_end(rec->index);
	return array_grow((void **)&rec->treaties, rec->n_treaties, &rec->index->cap_treaties,
			  sizeof(*rec->treaties));
}

/* The chunks of spans a table names, counted: n of them, for n_span
 * treaties. */
static size_t span_chunks(size_t n_span)
{
	return (n_span + RECORD_SPAN_CHUNK - 1) >> RECORD_SPAN_CHUNK_BITS;
}

/* A derived version's table of spans, and its counts of the chunks it
 * names (a chunk is freed with the last version that names it). */
static void spans_free(struct pacta_record_index *x)
{
	size_t n = x->spans ? span_chunks(x->n_span) : 0;
	for (size_t c = 0; c < n; c++) {
		record_span_chunk *k = x->spans[c].owned;
		if (k && atomic_fetch_sub_explicit(&k->refs, 1, memory_order_acq_rel) == 1)
			free(k);
	}
	free(x->spans);
	x->spans = NULL;
}

/* Everything a root owns, once no version of its lineage is left. */
static void root_free(pacta_record *rec)
{
	warm_end(rec->index);
	arena_free(&rec->index->strings);
	free(rec->index->clauses);
	free(rec->index->iso3_slots);
	free(rec->index->treaty_slots);
	free(rec->index->protocols);
	free(rec->index->pair_participant);
	free(rec->index->pair_first);
	free(rec->index->span);
	free(rec->index->spans);
	free(rec->index);
	free(rec->participants);
	free(rec->groups);
	free(rec->treaties);
	free(rec->acts);
	free(rec->conflicts);
	free(rec->stated);
	free(rec->obligation_events);
	free(rec);
}

pacta_record *pacta_record_ref(pacta_record *rec)
{
	if (rec)
		atomic_fetch_add_explicit(&rec->index->vrefs, 1, memory_order_relaxed);
	return rec;
}

void pacta_record_free(pacta_record *rec)
{
	if (!rec)
		return;
	if (!rec->index) {
		free(rec);
		return;
	}
	if (atomic_fetch_sub_explicit(&rec->index->vrefs, 1, memory_order_acq_rel) != 1)
		return;
	pacta_record *root = root_of(rec);
	/* The version is gone: if it was the latest, its parent (if alive)
	 * is again, and the room it wrote in is free; a version whose parent
	 * goes can no longer give the latest back to it. */
	lineage_lock(root);
	pacta_record *latest = root->index->latest;
	if (latest == rec)
		root->index->latest = rec->index->parent;
	else if (latest && latest->index->parent == rec)
		latest->index->parent = NULL;
	lineage_unlock(root);
	if (rec != root) {
		arena_free(&rec->index->strings);
		free(rec->index->written);
		spans_free(rec->index);
		free(rec->index);
		free(rec);
	}
	if (atomic_fetch_sub_explicit(&root->index->lineage, 1, memory_order_acq_rel) == 1)
		root_free(root);
}

/* May rec be changed (other than by adding acts)? Only a root that no
 * other version shares. */
static pacta_rc shared_refusal(const pacta_record *rec, pacta_error *err)
{
	if (rec->index->root || atomic_load(&rec->index->lineage) > 1)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "the record is shared with another version: only acts "
				       "can be added, to the latest version");
	return PACTA_OK;
}

const char *pacta_record_strdup(pacta_record *rec, const char *s)
{
	if (!s)
		s = "";
	return arena_strndup(&root_of(rec)->index->strings, s, strlen(s));
}

static const char *intern(pacta_record *rec, const char *s)
{
	return arena_intern(&root_of(rec)->index->strings, s ? s : "");
}

/* Asks for the cache line of p, to be read soon. */
static inline void prefetch(const void *p)
{
#if defined(__GNUC__) || defined(__clang__)
	__builtin_prefetch(p);
#else
	(void)p;
#endif
}

static pacta_rc oom(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

static uint32_t iso3_key(const char *iso3)
{
	uint32_t k = 0;
	for (int i = 0; i < 3 && iso3[i]; i++)
		k = k * 131u + (unsigned char)toupper((unsigned char)iso3[i]);
	return k * 2654435761u;
}

/* An open-addressing table's slot: the item's index + 1 in the low half
 * (0 = empty), its hash in the high half, so that a probe or a rehash
 * reads no item it does not want (on a record of 250,000 treaties each
 * such read was a cache miss). */
static uint32_t slot_item(uint64_t slot)
{
	return (uint32_t)slot - 1;
}

static bool slot_has_key(uint64_t slot, uint32_t key)
{
	return (uint32_t)(slot >> 32) == key;
}

/* Makes room in a table of slots for want items: doubles it (from
 * first_size) until they would fill at most half. 0 or -1. */
static int slots_room(uint64_t **slots, size_t *n_slots, size_t want, size_t first_size)
{
	if (want * 2 > *n_slots) {
		size_t n = *n_slots ? *n_slots * 2 : first_size;
		while (n < want * 2)
			n *= 2;
		uint64_t *fresh = big_calloc(n, sizeof(*fresh));
		if (!fresh)
			return -1;
		for (size_t i = 0; i < *n_slots; i++) {
			if (!(*slots)[i])
				continue;
			size_t j = (size_t)((*slots)[i] >> 32) & (n - 1);
			while (fresh[j])
				j = (j + 1) & (n - 1);
			fresh[j] = (*slots)[i];
		}
		free(*slots);
		*slots = fresh;
		*n_slots = n;
	}
	return 0;
}

/* Adds item idx (of count items before it) to a table of slots, whose
 * hash of item i is key(rec, i); doubles the table first (from
 * first_size) when it would be half full. 0 or -1. */
static int slots_insert(const pacta_record *rec, uint64_t **slots, size_t *n_slots, size_t count,
			size_t first_size, uint32_t idx, uint32_t (*key)(const pacta_record *, uint32_t))
{
	if (slots_room(slots, n_slots, count + 1, first_size))
		return -1;
	uint32_t k = key(rec, idx);
	size_t j = k & (*n_slots - 1);
	while ((*slots)[j])
		j = (j + 1) & (*n_slots - 1);
	(*slots)[j] = (uint64_t)k << 32 | (idx + 1);
	return 0;
}

static uint32_t participant_key(const pacta_record *rec, uint32_t i)
{
	return iso3_key(rec->participants[i].iso3);
}

static int iso3_index_insert(pacta_record *rec, uint32_t idx)
{
	struct pacta_record_index *x = rec->index;
	return slots_insert(rec, &x->iso3_slots, &x->n_iso3_slots, rec->n_participants, 512, idx,
			    participant_key);
}

int32_t pacta_record_participant_by_iso3(const pacta_record *rec, const char *iso3)
{
	const struct pacta_record_index *x = rec->index;
	if (!x->n_iso3_slots || strlen(iso3) != 3)
		return -1;
	uint32_t k = iso3_key(iso3);
	size_t j = k & (x->n_iso3_slots - 1);
	while (x->iso3_slots[j]) {
		uint32_t idx = slot_item(x->iso3_slots[j]);
		if (slot_has_key(x->iso3_slots[j], k) &&
		    strcasecmp(rec->participants[idx].iso3, iso3) == 0)
			return (int32_t)idx;
		j = (j + 1) & (x->n_iso3_slots - 1);
	}
	return -1;
}

static bool is_code(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isupper((unsigned char)s[i]))
			return false;
	return true;
}

pacta_rc pacta_record_add_participant(pacta_record *rec, const pacta_participant *p,
				      pacta_error *err)
{
	pacta_rc refused = shared_refusal(rec, err);
	if (refused != PACTA_OK)
		return refused;
	if (!is_code(p->iso3, 3))
		return pacta_error_set(err, PACTA_ERR_PARSE, "iso3",
				       "participant code '%s' is not three capital letters", p->iso3);
	if (pacta_record_participant_by_iso3(rec, p->iso3) >= 0)
		return pacta_error_set(err, PACTA_ERR_CHECK, "iso3",
				       "participant %s is listed twice", p->iso3);
	if (array_grow((void **)&rec->participants, rec->n_participants,
		 &rec->index->cap_participants, sizeof(*p)))
		return oom(err);
	pacta_participant *q = &rec->participants[rec->n_participants];
	*q = *p;
	q->numeric = pacta_record_strdup(rec, p->numeric);
	q->name = pacta_record_strdup(rec, p->name);
	q->depositary_name = pacta_record_strdup(rec, p->depositary_name);
	q->aliases = pacta_record_strdup(rec, p->aliases);
	q->wikidata = pacta_record_strdup(rec, p->wikidata);
	q->source_url = intern(rec, p->source_url);
	q->note = pacta_record_strdup(rec, p->note);
	if (!q->numeric || !q->name || !q->depositary_name || !q->aliases ||
	    !q->wikidata || !q->source_url || !q->note)
		return oom(err);
	if (iso3_index_insert(rec, (uint32_t)rec->n_participants))
		return oom(err);
	rec->n_participants++;
	return PACTA_OK;
}

pacta_rc pacta_record_add_group_member(pacta_record *rec, const pacta_group_member *g,
				       pacta_error *err)
{
	pacta_rc refused = shared_refusal(rec, err);
	if (refused != PACTA_OK)
		return refused;
	if (g->participant >= rec->n_participants)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "group member out of range");
	if (array_grow((void **)&rec->groups, rec->n_groups, &rec->index->cap_groups, sizeof(*g)))
		return oom(err);
	pacta_group_member *q = &rec->groups[rec->n_groups];
	*q = *g;
	q->group = intern(rec, g->group);
	q->source_url = intern(rec, g->source_url);
	q->note = pacta_record_strdup(rec, g->note);
	if (!q->group || !q->source_url || !q->note)
		return oom(err);
	rec->n_groups++;
	return PACTA_OK;
}

/* A copy of an optional string: "" for NULL or empty (no allocation). */
static const char *opt_strdup(pacta_record *rec, const char *s)
{
	return s && *s ? pacta_record_strdup(rec, s) : "";
}

/* A one-line label: printable, at most max bytes. */
static bool label_ok(const char *s, size_t max)
{
	size_t n = 0;
	for (; s && s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || s[n] == 0x7f)
			return false;
	return n <= max;
}

bool pacta_act_fields_ok(const pacta_act *act, const char **field, char *why, size_t size)
{
	bool territorial = act->action == PACTA_ACT_TERRITORIAL_APPLICATION ||
			   act->action == PACTA_ACT_TERRITORIAL_EXCLUSION;
	bool has_territory = act->territory && *act->territory;

	*field = "";
	if (!label_ok(act->notification, PACTA_NOTIFICATION_MAX)) {
		*field = "notification";
		snprintf(why, size, "a notification reference is one line of at most %d characters",
			 PACTA_NOTIFICATION_MAX);
	} else if (act->circulated != PACTA_DAY_NONE && act->circulated < act->date) {
		*field = "circulated";
		snprintf(why, size, "a notification is circulated on or after the act's date");
	} else if (!label_ok(act->territory, PACTA_TERRITORY_MAX)) {
		*field = "territory";
		snprintf(why, size, "a territory is one line of at most %d characters",
			 PACTA_TERRITORY_MAX);
	} else if (territorial && !has_territory) {
		*field = "territory";
		snprintf(why, size, "a %s names its territory (ISO 3166-1 alpha-3 where it has one)",
			 pacta_action_name(act->action));
	} else if (!territorial && has_territory) {
		*field = "territory";
		snprintf(why, size,
			 "only territorial_application and territorial_exclusion name a territory");
	}
	return !**field;
}

void pacta_act_init(pacta_act *act)
{
	memset(act, 0, sizeof(*act));
	act->target = -1;
	act->effective = act->circulated = act->recorded = PACTA_DAY_NONE;
}

/* The record's copy of an act's source URL. Most acts cite the page of
 * their treaty (a treaty series: every act), so the treaty's own copy
 * serves them, found without a hash; the rest are interned. Both are
 * compared with the last act's first, as a treaty's acts come together. */
static const char *act_source(pacta_record *rec, struct pacta_record_index *rx,
			      const pacta_act *act)
{
	const char *s = act->source_url ? act->source_url : "";
	/* A loader that found the source equal to the treaty's page or to
	 * the act before's hands that very string: no compare then. */
	if (rx->last_source && (rx->last_source == s || strcmp(rx->last_source, s) == 0))
		return rx->last_source;
	const char *own = rec->treaties[act->treaty].source_url;
	if (own && (own == s || strcmp(own, s) == 0))
		return rx->last_source = own;
	return arena_intern_hint(&rx->strings, s, &rx->last_source);
}

pacta_rc pacta_record_add_act(pacta_record *rec, const pacta_act *act, pacta_error *err)
{
	if (act->treaty >= rec->n_treaties || act->participant >= rec->n_participants ||
	    (unsigned)act->action >= PACTA_ACT__COUNT ||
	    (act->target >= 0 && (size_t)act->target >= rec->n_participants))
		return pacta_error_set(err, PACTA_ERR_USAGE, act->origin ? act->origin : "",
				       "act refers to an unknown treaty, participant or action");
	if (rec->index->root || atomic_load(&rec->index->lineage) > 1) {
		/* A shared buffer never moves: the latest version writes in
		 * the room left after the acts every version sees. */
		pacta_record *root = root_of(rec);
		if (root->index->latest != rec)
			return pacta_error_set(
				err, PACTA_ERR_USAGE, "",
				"acts are added to the latest version of a record only");
		if (rec->n_acts >= root->index->cap_acts)
			return pacta_error_set(err, PACTA_ERR_LIMIT, "",
					       "no room left to add acts to the shared record");
	} else if (rec->n_acts >= rec->index->cap_acts) {
		warm_end(rec->index); /* the array moves */
		if (array_grow((void **)&rec->acts, rec->n_acts, &rec->index->cap_acts,
			       sizeof(*act)))
			return oom(err);
	}
	pacta_act *q = &rec->acts[rec->n_acts];
	struct pacta_record_index *rx = root_of(rec)->index;
	*q = *act;
	/* Sources and notes repeat across acts ("late", a depositary's page):
	 * one copy each. An empty origin costs nothing. */
	q->source_url = act_source(rec, rx, act);
	q->note = act->note && *act->note ?
			  arena_intern_hint(&rx->strings, act->note, &rx->last_note) :
			  "";
	q->origin = opt_strdup(rec, act->origin);
	q->notification = opt_strdup(rec, act->notification);
	/* Territories repeat ("BES", "FLK"): one copy each. */
	q->territory = act->territory && *act->territory ?
			       arena_intern_hint(&rx->strings, act->territory, &rx->last_territory) :
			       "";
	q->text = opt_strdup(rec, act->text);
	if (!q->source_url || !q->note || !q->origin || !q->notification || !q->territory ||
	    !q->text)
		return oom(err);
	rec->n_acts++;
	rec->index->finished = false;
	return PACTA_OK;
}

pacta_rc pacta_record_add_conflict(pacta_record *rec, const pacta_conflict *c, pacta_error *err)
{
	pacta_rc refused = shared_refusal(rec, err);
	if (refused != PACTA_OK)
		return refused;
	if (c->participant >= rec->n_participants)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "conflict participant out of range");
	if (array_grow((void **)&rec->conflicts, rec->n_conflicts, &rec->index->cap_conflicts,
		 sizeof(*c)))
		return oom(err);
	pacta_conflict *q = &rec->conflicts[rec->n_conflicts];
	*q = *c;
	q->source_url = intern(rec, c->source_url);
	q->note = pacta_record_strdup(rec, c->note);
	q->origin = pacta_record_strdup(rec, c->origin);
	if (!q->source_url || !q->note || !q->origin)
		return oom(err);
	rec->n_conflicts++;
	return PACTA_OK;
}

pacta_rc pacta_record_add_stated(pacta_record *rec, const pacta_stated *s, pacta_error *err)
{
	pacta_rc refused = shared_refusal(rec, err);
	if (refused != PACTA_OK)
		return refused;
	if (s->treaty >= rec->n_treaties ||
	    (s->participant >= 0 && (size_t)s->participant >= rec->n_participants))
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "stated row out of range");
	if (array_grow((void **)&rec->stated, rec->n_stated, &rec->index->cap_stated, sizeof(*s)))
		return oom(err);
	pacta_stated *q = &rec->stated[rec->n_stated];
	*q = *s;
	q->source_url = intern(rec, s->source_url);
	q->note = pacta_record_strdup(rec, s->note);
	q->origin = pacta_record_strdup(rec, s->origin);
	if (!q->source_url || !q->note || !q->origin)
		return oom(err);
	rec->n_stated++;
	return PACTA_OK;
}

static const char *const obligation_event_names[PACTA_OBL__COUNT] = {
	[PACTA_OBL_APPLIES] = "applies",
	[PACTA_OBL_EXTENSION_GRANTED] = "extension_granted",
	[PACTA_OBL_COMPLETED] = "completed",
	[PACTA_OBL_MISSED] = "missed",
	[PACTA_OBL_NEW_CONTAMINATION] = "new_contamination",
	[PACTA_OBL_RETAINED] = "retained",
	[PACTA_OBL_REPORT_SUBMITTED] = "report_submitted",
	[PACTA_OBL_EXTENSION_REQUESTED] = "extension_requested",
};

const char *pacta_obligation_event_name(pacta_obligation_event_kind kind)
{
	return (unsigned)kind < PACTA_OBL__COUNT ? obligation_event_names[kind] : "?";
}

bool pacta_obligation_event_parse(const char *name, pacta_obligation_event_kind *out)
{
	for (int i = 0; i < PACTA_OBL__COUNT; i++) {
		if (strcmp(name, obligation_event_names[i]) == 0) {
			*out = (pacta_obligation_event_kind)i;
			return true;
		}
	}
	return false;
}

pacta_rc pacta_record_add_obligation_event(pacta_record *rec, const pacta_obligation_event *e,
					   pacta_error *err)
{
	pacta_rc refused = shared_refusal(rec, err);
	if (refused != PACTA_OK)
		return refused;
	if (e->treaty >= rec->n_treaties || e->participant >= rec->n_participants ||
	    (unsigned)e->kind >= PACTA_OBL__COUNT || !memchr(e->article, '\0', sizeof(e->article)))
		return pacta_error_set(err, PACTA_ERR_USAGE, e->origin ? e->origin : "",
				       "obligation event refers to an unknown treaty, participant or kind");
	if (array_grow((void **)&rec->obligation_events, rec->n_obligation_events,
		       &rec->index->cap_obligation_events, sizeof(*e)))
		return oom(err);
	pacta_obligation_event *q = &rec->obligation_events[rec->n_obligation_events];
	*q = *e;
	q->source_url = intern(rec, e->source_url);
	q->note = pacta_record_strdup(rec, e->note);
	q->origin = pacta_record_strdup(rec, e->origin);
	if (!q->source_url || !q->note || !q->origin)
		return oom(err);
	rec->n_obligation_events++;
	return PACTA_OK;
}

static uint32_t id_key(const char *id);
static int32_t treaty_find(const pacta_record *rec, const char *id, uint32_t key, size_t *empty);

/* Adds a parsed treaty whose rules file is text[0..len): t, or in its
 * place already (the array then has room for it). */
static pacta_rc add_parsed_treaty(pacta_record *rec, pacta_treaty *t, const char *text,
				  size_t len, const char *origin, pacta_error *err)
{
	struct pacta_record_index *x = rec->index;
	/* One probe of the id table says whether the id is new and where it
	 * goes (on a series, each probe is a cache miss). */
	if (slots_room(&x->treaty_slots, &x->n_treaty_slots, rec->n_treaties + 1, 64))
		return oom(err);
	uint32_t key = id_key(t->id);
	size_t slot;
	if (treaty_find(rec, t->id, key, &slot) >= 0) {
		return pacta_error_set(err, PACTA_ERR_CHECK, origin,
				       "treaty '%s' is defined twice", t->id);
	}
	/* A rules file that its fields render exactly is not kept. */
	bool rendered = rules_text_is_own(rec, t, text, len);
	t->rules_text = rendered ? NULL : arena_strndup(&rec->index->strings, text, len);
	/* Treaties loaded together often say where from alike ("benchmark",
	 * an import's name): one copy, found without a hash. */
	const char *prev = rec->n_treaties ? rec->treaties[rec->n_treaties - 1].origin : NULL;
	t->origin = prev && strcmp(prev, origin) == 0 ? prev : pacta_record_strdup(rec, origin);
	if ((!rendered && !t->rules_text) || !t->origin ||
	    treaties_room(rec))
		return oom(err);
	void *list = x->protocols;
	if (t->rules->requires_party_to &&
	    array_grow(&list, x->n_protocols, &x->cap_protocols, sizeof(*x->protocols)))
		return oom(err);
	x->protocols = list;
	if (t != &rec->treaties[rec->n_treaties])
		rec->treaties[rec->n_treaties] = *t;
	x->treaty_slots[slot] = (uint64_t)key << 32 | (uint32_t)(rec->n_treaties + 1);
	if (t->rules->requires_party_to)
		x->protocols[x->n_protocols++] = (uint32_t)rec->n_treaties;
	rec->n_treaties++;
	rec->index->finished = false;
	return PACTA_OK;
}

pacta_rc pacta_record_add_treaty(pacta_record *rec, const char *json, size_t len,
				 const char *origin, pacta_error *err)
{
	pacta_rc refused = shared_refusal(rec, err);
	if (refused != PACTA_OK)
		return refused;
	pacta_treaty t;
	pacta_rc rc = rules_parse(rec, json, len, origin, &t, err);
	if (rc != PACTA_OK)
		return rc;
	return add_parsed_treaty(rec, &t, json, len, origin, err);
}

pacta_rc pacta_record_add_treaty_own(pacta_record *rec, const pacta_treaty_own *own,
				     pacta_error *err)
{
	const char *origin = own->origin ? own->origin : "";
	pacta_rc rc = shared_refusal(rec, err);
	if (rc != PACTA_OK)
		return rc;
	if (!own->rules_json)
		return pacta_error_set(err, PACTA_ERR_USAGE, origin,
				       "a treaty is added with the text of its rules file");
	/* Where the id goes in the id table: asked for now, read after the
	 * checks (on a series each such read was a cache miss). */
	struct pacta_record_index *x = rec->index;
	if (own->id && x->n_treaty_slots)
		prefetch(&x->treaty_slots[id_key(own->id) & (x->n_treaty_slots - 1)]);
	/* Read into its place in the array, not copied there after: a
	 * series has hundreds of thousands (a failed add leaves the place
	 * free). */
	if (treaties_room(rec))
		return oom(err);
	pacta_treaty *t = &rec->treaties[rec->n_treaties];
	rc = rules_from_own(rec, own, t, err);
	if (rc != PACTA_OK)
		return rc;
	return add_parsed_treaty(rec, t, own->rules_json, own->rules_json_len, origin, err);
}

pacta_rc pacta_record_add_clauses(pacta_record *rec, const char *json, size_t len,
				  const char *origin, pacta_error *err)
{
	struct pacta_record_index *x = rec->index;
	rules_clauses set;
	pacta_rc rc = shared_refusal(rec, err);
	if (rc != PACTA_OK)
		return rc;
	rc = rules_parse_clauses(rec, json, len, origin, &set, err);
	if (rc != PACTA_OK)
		return rc;
	if (rules_clauses_find(rec, set.name))
		return pacta_error_set(err, PACTA_ERR_CHECK, origin,
				       "shared clauses '%s' are defined twice", set.name);
	set.json = arena_strndup(&x->strings, json, len);
	set.origin = pacta_record_strdup(rec, origin);
	if (!set.json || !set.origin ||
	    array_grow((void **)&x->clauses, x->n_clauses, &x->cap_clauses, sizeof(set)))
		return oom(err);
	x->clauses[x->n_clauses++] = set;
	return PACTA_OK;
}

const char *pacta_record_clauses_origin(const pacta_record *rec, size_t i)
{
	return i < rec->index->n_clauses ? rec->index->clauses[i].origin : NULL;
}

size_t pacta_record_n_clauses(const pacta_record *rec)
{
	return rec->index->n_clauses;
}

const char *pacta_record_clauses_name(const pacta_record *rec, size_t i)
{
	return i < rec->index->n_clauses ? rec->index->clauses[i].name : NULL;
}

const char *pacta_record_clauses_json(const pacta_record *rec, size_t i)
{
	return i < rec->index->n_clauses ? rec->index->clauses[i].json : NULL;
}

static uint32_t id_key(const char *id)
{
	uint32_t k = 2166136261u;
	for (; *id; id++)
		k = (k ^ (unsigned char)tolower((unsigned char)*id)) * 16777619u;
	return k;
}

/* The treaty whose id is id (of hash key), or -1 with *empty the slot
 * where it would go (the table has slots). */
static int32_t treaty_find(const pacta_record *rec, const char *id, uint32_t key, size_t *empty)
{
	const struct pacta_record_index *x = rec->index;
	size_t j = key & (x->n_treaty_slots - 1);
	while (x->treaty_slots[j]) {
		uint32_t idx = slot_item(x->treaty_slots[j]);
		if (slot_has_key(x->treaty_slots[j], key) &&
		    strcasecmp(rec->treaties[idx].id, id) == 0)
			return (int32_t)idx;
		j = (j + 1) & (x->n_treaty_slots - 1);
	}
	*empty = j;
	return -1;
}

int32_t record_treaty_after(const pacta_record *rec, int32_t last, const char *id, size_t len)
{
	/* An exact match is the table's answer too: no two ids are equal
	 * ignoring case. */
	if (last >= -1 && (size_t)(last + 1) < rec->n_treaties) {
		const char *next = rec->treaties[last + 1].id;
		if (next && strncmp(next, id, len + 1) == 0)
			return last + 1;
	}
	return pacta_record_treaty_by_id(rec, id);
}

int32_t pacta_record_treaty_by_id(const pacta_record *rec, const char *id)
{
	size_t empty;
	if (!rec->index->n_treaty_slots || !id)
		return -1;
	return treaty_find(rec, id, id_key(id), &empty);
}

static int act_cmp(const void *a, const void *b)
{
	const pacta_act *x = a, *y = b;
	if (x->treaty != y->treaty)
		return x->treaty < y->treaty ? -1 : 1;
	if (x->participant != y->participant)
		return x->participant < y->participant ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	if (x->action != y->action)
		return x->action < y->action ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/* How many acts, from the first, are already in order. */
static size_t acts_sorted_prefix(const pacta_record *rec)
{
	for (size_t i = 1; i < rec->n_acts; i++)
		if (act_cmp(&rec->acts[i - 1], &rec->acts[i]) > 0)
			return i;
	return rec->n_acts;
}

/* Runs up to this long are sorted by insertion. */
#define SMALL_RUN 32

/* Sorts n acts by insertion: stable, and the fastest for the handful of
 * acts most treaties of a series (or one participant in a treaty) have. */
static void insertion_sort(pacta_act *a, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (act_cmp(&a[i - 1], &a[i]) <= 0)
			continue;
		pacta_act x = a[i];
		size_t j = i;
		for (; j > 0 && act_cmp(&a[j - 1], &x) > 0; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
}

/* Sorts a[0..n) as act_cmp orders them, keeping equal acts in the order
 * they came (qsort() promises no such thing, and glibc's is a merge sort
 * only up to 2.36: acts equal in everything the record compares would
 * come out in another order, and so would the answers that list them,
 * on another machine). tmp has room for n / 2 acts. */
static void merge_sort_acts(pacta_act *a, size_t n, pacta_act *tmp)
{
	if (n <= SMALL_RUN) {
		insertion_sort(a, n);
		return;
	}
	size_t h = n / 2;
	merge_sort_acts(a, h, tmp);
	merge_sort_acts(a + h, n - h, tmp);
	if (act_cmp(&a[h - 1], &a[h]) <= 0)
		return;
	/* The first half aside, then merged back from the front: the
	 * second half's acts move down only into places already read. On
	 * ties, the first half's go first. */
	memcpy(tmp, a, h * sizeof(*a));
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		a[k++] = act_cmp(&a[j], &tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

/* merge_sort_acts() with room of its own; -1 when there is none. */
static int stable_sort_acts(pacta_act *a, size_t n)
{
	pacta_act *tmp = n > SMALL_RUN ? big_malloc((n / 2) * sizeof(*tmp)) : NULL;
	if (n > SMALL_RUN && !tmp)
		return -1;
	merge_sort_acts(a, n, tmp);
	free(tmp);
	return 0;
}

/* What sorting one treaty's acts may use: a count per participant and
 * room for the longest run, or NULL where no run is long. */
typedef struct run_scratch {
	size_t *count; /* n_participants + 1 */
	size_t n_participants;
	pacta_act *acts;
} run_scratch;

/* Sorts the n acts of one treaty. A long run (a treaty of a hundred
 * parties) is grouped by participant with a stable counting sort, then
 * each participant's few acts by insertion: as act_cmp orders them, in
 * O(n + participants) moves instead of qsort's n log n calls. */
static void sort_run(pacta_act *a, size_t n, const run_scratch *x)
{
	if (n <= SMALL_RUN) {
		insertion_sort(a, n);
		return;
	}
	if (!x->count || x->n_participants > 4 * n) {
		merge_sort_acts(a, n, x->acts);
		return;
	}
	size_t *at = x->count;
	memset(at, 0, (x->n_participants + 1) * sizeof(*at));
	for (size_t i = 0; i < n; i++)
		at[a[i].participant + 1]++;
	for (size_t p = 0; p < x->n_participants; p++)
		at[p + 1] += at[p];
	for (size_t i = 0; i < n; i++)
		x->acts[at[a[i].participant]++] = a[i];
	memcpy(a, x->acts, n * sizeof(*a));
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && a[j].participant == a[i].participant; j++)
			;
		merge_sort_acts(a + i, j - i, x->acts);
	}
}

/* Groups every act by treaty (a stable counting sort, unless they come
 * grouped, as a depositary lists them), sets each treaty's act_begin and
 * act_end in sp, and readies x for sorting each treaty's run with
 * sort_run(), which the finish does as it indexes the run: O(n +
 * treaties) moves and small sorts instead of one sort of n log n. One
 * pass counts the acts of each treaty and sees whether they are grouped.
 * The acts are moved through a second array and copied back: following
 * the cycles of the permutation in place would need no such array, but
 * each move waits for the one before (a cache miss each), which made the
 * finish of a million acts given in date order 1.7 times as slow. 0 or -1
 * (out of memory, nothing changed, nothing in x to free). */
static int group_acts(pacta_record *rec, record_span *sp, run_scratch *x)
{
	size_t n = rec->n_acts, nt = rec->n_treaties, longest = 0;
	pacta_act *a = rec->acts;
	*x = (run_scratch){NULL, rec->n_participants, NULL};
	uint32_t *at = big_calloc(nt + 1, sizeof(*at));
	if (!at)
		return -1;
	/* Grouped when no act's treaty comes before the one before it. */
	bool grouped = true;
	for (size_t k = 0; k < n; k++) {
		at[a[k].treaty + 1]++;
		grouped &= k == 0 || a[k].treaty >= a[k - 1].treaty;
	}
	for (size_t t = 0; t < nt; t++) {
		if (at[t + 1] > longest)
			longest = at[t + 1];
		at[t + 1] += at[t];
		sp[t].act_begin = at[t];
		sp[t].act_end = at[t + 1];
	}
	pacta_act *to = grouped ? NULL : big_malloc(n * sizeof(*to));
	if (longest > SMALL_RUN) {
		x->count = big_malloc((x->n_participants + 1) * sizeof(*x->count));
		x->acts = big_malloc(longest * sizeof(*x->acts));
	}
	if ((!grouped && !to) || (longest > SMALL_RUN && (!x->count || !x->acts))) {
		free(at);
		free(to);
		free(x->count);
		free(x->acts);
		*x = (run_scratch){NULL, 0, NULL};
		return -1;
	}
	if (to) {
		for (size_t k = 0; k < n; k++)
			to[at[a[k].treaty]++] = a[k];
		memcpy(a, to, n * sizeof(*a));
	}
	free(at);
	free(to);
	return 0;
}

/* Sorts the acts, or only groups them by treaty, setting *runs: then the
 * finish sorts each treaty's run (sort_run() with x, which it frees) as
 * it indexes it. A few acts appended to a sorted record (a write) are
 * sorted alone and merged in from the end, which moves only the acts
 * after the first place one goes: no sort of the whole record. 0 or -1
 * (out of memory, nothing changed). */
static int sort_acts(pacta_record *rec, record_span *sp, run_scratch *x, bool *runs)
{
	size_t n = rec->n_acts, k = acts_sorted_prefix(rec);
	*runs = false;
	if (k == n)
		return 0;
	if (n - k > n / 16) {
		if (group_acts(rec, sp, x))
			return -1;
		*runs = true;
		return 0;
	}
	size_t m = n - k;
	/* The new acts, and the room their sort needs after them. */
	pacta_act *tail = big_malloc((m + m / 2) * sizeof(*tail));
	if (!tail)
		return -1;
	memcpy(tail, rec->acts + k, m * sizeof(*tail));
	merge_sort_acts(tail, m, tail + m);
	/* Merge backwards: the larger of the two ends goes last; equal acts
	 * keep the prefix's first, as a stable sort would. */
	size_t i = k, j = m, out = n;
	while (j > 0) {
		if (i > 0 && act_cmp(&rec->acts[i - 1], &tail[j - 1]) > 0)
			rec->acts[--out] = rec->acts[--i];
		else
			rec->acts[--out] = tail[--j];
	}
	free(tail);
	return 0;
}

/* Gives a root's pair buffers room for cap pairs each (more or fewer
 * than now). cap_pairs never says more than both hold: a failed growth
 * keeps it, a shrink lowers it, whichever buffer did shrink. 0 or -1. */
static int pairs_resize(struct pacta_record_index *x, size_t cap)
{
	uint32_t *pp = big_realloc(x->pair_participant, cap * sizeof(*pp));
	if (pp)
		x->pair_participant = pp;
	uint32_t *pf = big_realloc(x->pair_first, cap * sizeof(*pf));
	if (pf)
		x->pair_first = pf;
	if ((pp && pf) || cap < x->cap_pairs)
		x->cap_pairs = cap;
	return pp && pf ? 0 : -1;
}

/* Grows a root's pair buffers to hold n pairs (and pair_first's one more). */
static int pairs_room(struct pacta_record_index *x, size_t n)
{
	if (n + 1 <= x->cap_pairs && x->pair_participant)
		return 0;
	return pairs_resize(x, n + 1 > 16 ? n + 1 : 16);
}

/* Grows a root's pair buffers, while a finish indexes, to hold n pairs:
 * by doubling, as the finish learns how many there are as it goes. */
static int pairs_grow(struct pacta_record_index *x, size_t n)
{
	if (n + 1 <= x->cap_pairs && x->pair_participant)
		return 0;
	size_t twice = x->cap_pairs * 2;
	return pairs_room(x, n > twice ? n : twice);
}

/* Gives back what doubling left unused in a root's pair buffers beyond
 * n pairs, when that is more than a little (nothing else changes when
 * realloc fails). */
static void pairs_trim(struct pacta_record_index *x, size_t n)
{
	size_t keep = n + 1;
	if (keep >= 1024 && x->cap_pairs > keep + keep / 64)
		(void)pairs_resize(x, keep);
}

/* Appends the pairs of the sorted acts [b, e) of one treaty at pair k of
 * the buffers px (which have room) and sets its span *sp; the next free
 * pair. */
static size_t index_treaty(const pacta_record *rec, struct pacta_record_index *px, record_span *sp,
			   size_t b, size_t e, size_t k)
{
	sp->pair_begin = (uint32_t)k;
	sp->act_begin = (uint32_t)b;
	sp->act_end = (uint32_t)e;
	for (size_t a = b; a < e; a++) {
		if (a > b && rec->acts[a].participant == rec->acts[a - 1].participant)
			continue;
		px->pair_participant[k] = rec->acts[a].participant;
		px->pair_first[k++] = (uint32_t)a;
	}
	sp->pair_end = (uint32_t)k;
	return k;
}

/* Treaty t's span in the derived version x, to be written: its chunk is
 * made x's own first when another version names it too (or it is the
 * root's), copied. NULL when memory runs out. */
static record_span *span_to_write(struct pacta_record_index *x, size_t t)
{
	size_t c = t >> RECORD_SPAN_CHUNK_BITS;
	record_span_ref *r = &x->spans[c];
	/* Only the latest version writes, and only it derives: a chunk it
	 * alone names stays its alone while it writes. */
	if (!r->owned || atomic_load_explicit(&r->owned->refs, memory_order_acquire) != 1) {
		record_span_chunk *k = malloc(sizeof(*k));
		if (!k)
			return NULL;
		size_t first = c << RECORD_SPAN_CHUNK_BITS, n = x->n_span - first;
		memcpy(k->span, r->at, (n < RECORD_SPAN_CHUNK ? n : RECORD_SPAN_CHUNK) * sizeof(*k->span));
		atomic_init(&k->refs, 1);
		if (r->owned && atomic_fetch_sub_explicit(&r->owned->refs, 1, memory_order_acq_rel) == 1)
			free(r->owned); /* its other holder went meanwhile */
		*r = (record_span_ref){ k->span, k };
	}
	return &r->at[t & (RECORD_SPAN_CHUNK - 1)];
}

/* Gives back what doubling left unused in *arr (cap elements of size, n
 * used) beyond spare more, when that is more than a little; nothing
 * changes when realloc fails. */
static void trim(void **arr, size_t n, size_t *cap, size_t size, size_t spare)
{
	size_t keep = n + spare;
	if (n < 1024 || *cap <= keep + keep / 64)
		return;
	void *p = realloc(*arr, keep * size);
	if (p) {
		*arr = p;
		*cap = keep;
	}
}

/* A root's finish: the acts sorted (or merged) in place and indexed
 * afresh, one span per treaty. */
static pacta_rc finish_root(pacta_record *rec, pacta_error *err)
{
	struct pacta_record_index *x = rec->index;
	size_t nt = rec->n_treaties, n = rec->n_acts;
	record_span *sp = x->n_span >= nt && x->span ?
				  x->span :
				  big_realloc(x->span, (nt ? nt : 1) * sizeof(*sp));
	if (!sp)
		return oom(err);
	x->span = sp;
	/* The root's table: every chunk its own array's. */
	size_t chunks = span_chunks(nt);
	record_span_ref *table = realloc(x->spans, (chunks ? chunks : 1) * sizeof(*table));
	if (!table)
		return oom(err);
	x->spans = table;
	for (size_t c = 0; c < chunks; c++)
		table[c] = (record_span_ref){ sp + (c << RECORD_SPAN_CHUNK_BITS), NULL };
	run_scratch runs = {NULL, 0, NULL};
	bool by_run;
	x->stored = 0; /* the sort may move any act */
	if (sort_acts(rec, sp, &runs, &by_run))
		return oom(err);
	/* Only a root no version shares, whose room nobody reserved, may
	 * move its arrays. */
	bool own = atomic_load(&x->lineage) == 1 && !x->reserved;
	if (own) {
		/* A thirty-second spare for the acts, so that the next few
		 * writes do not copy the array again; none for the treaties,
		 * which a write does not add (250,000 treaties doubled to
		 * 262,144 kept 6 MB unused). */
		trim((void **)&rec->acts, n, &x->cap_acts, sizeof(*rec->acts), n / 32);
		trim((void **)&rec->treaties, nt, &x->cap_treaties, sizeof(*rec->treaties), 0);
	}
	/* One pass: each treaty's run sorted (when only grouped) and indexed
	 * while in the cache. */
	x->n_span = nt;
	size_t k = 0, a = 0;
	pacta_rc rc = PACTA_OK;
	for (uint32_t t = 0; t < nt; t++) {
		size_t b = a;
		if (by_run) /* the grouping knows where each run ends */
			a = sp[t].act_end;
		else
			while (a < n && rec->acts[a].treaty == t)
				a++;
		if (by_run && a - b > 1)
			sort_run(rec->acts + b, a - b, &runs);
		if (pairs_grow(x, k + (a - b))) {
			rc = oom(err);
			break;
		}
		k = index_treaty(rec, x, &sp[t], b, a, k);
	}
	free(runs.count);
	free(runs.acts);
	if (rc != PACTA_OK) {
		x->finished = false;
		return rc;
	}
	if (own)
		pairs_trim(x, k);
	x->n_pairs = k;
	x->n_indexed = n;
	x->finished = true;
	return PACTA_OK;
}

/* A derived version's finish: each treaty with new acts gets a new span at
 * the end of the buffers, its live acts and the new ones sorted, so every
 * other act keeps its place and every act an older version sees stays as
 * it was. With nothing new, the spans this version wrote are sorted again
 * in place (a store id given to a new act can change its place among
 * acts equal in everything else). */
static pacta_rc finish_derived(pacta_record *rec, pacta_error *err)
{
	struct pacta_record_index *x = rec->index, *rx = root_of(rec)->index;
	size_t n0 = x->n_indexed, m = rec->n_acts - n0;

	/* Below own_acts nothing moves: the acts there are the parent's. */
	if (x->stored > x->own_acts)
		x->stored = x->own_acts;
	if (m == 0) {
		/* Only a treaty this version wrote has a span in its own
		 * region: the rest are not looked at. */
		for (size_t w = 0; w < x->n_written; w++) {
			const record_span *s = record_span_of(x, x->written[w]);
			size_t b = s->act_begin, e = s->act_end;
			if (b < x->own_acts || e - b < 2)
				continue;
			bool sorted = true;
			for (size_t a = b + 1; sorted && a < e; a++)
				sorted = act_cmp(&rec->acts[a - 1], &rec->acts[a]) <= 0;
			/* The same acts per participant: the pairs stay. */
			if (!sorted && stable_sort_acts(rec->acts + b, e - b))
				return oom(err);
		}
		x->finished = true;
		return PACTA_OK;
	}
	pacta_act *tail = big_malloc((m + m / 2) * sizeof(*tail));
	if (!tail)
		return oom(err);
	memcpy(tail, rec->acts + n0, m * sizeof(*tail));
	merge_sort_acts(tail, m, tail + m);
	/* The room: each touched treaty's live acts again, and the new ones. */
	size_t need = m, pairs = x->n_pairs + m;
	for (size_t i = 0; i < m; i++)
		if (i == 0 || tail[i].treaty != tail[i - 1].treaty) {
			const record_span *s = record_span_of(x, tail[i].treaty);
			need += s->act_end - s->act_begin;
			pairs += s->pair_end - s->pair_begin;
		}
	if (n0 + need > rx->cap_acts || pairs + 1 > rx->cap_pairs) {
		free(tail);
		return pacta_error_set(err, PACTA_ERR_LIMIT, "",
				       "no room left to add acts to the shared record");
	}
	size_t w = n0, k = x->n_pairs;
	for (size_t i = 0; i < m;) {
		uint32_t t = tail[i].treaty;
		size_t j = i;
		record_span *s = span_to_write(x, t);
		while (j < m && tail[j].treaty == t)
			j++;
		void *list = x->written;
		if (!s || array_grow(&list, x->n_written, &x->cap_written, sizeof(*x->written))) {
			free(tail);
			return oom(err);
		}
		size_t b = s->act_begin, e = s->act_end;
		x->written = list;
		x->written[x->n_written++] = t;
		/* Both inputs are sorted: merge, the live acts first on ties. */
		size_t p = b, q = i, start = w;
		while (p < e || q < j)
			rec->acts[w++] =
				q == j || (p < e && act_cmp(&rec->acts[p], &tail[q]) <= 0) ?
					rec->acts[p++] :
					tail[q++];
		k = index_treaty(rec, rx, s, start, w, k);
		i = j;
	}
	free(tail);
	rec->n_acts = w;
	x->n_indexed = w;
	x->n_pairs = k;
	x->finished = true;
	return PACTA_OK;
}

pacta_rc pacta_record_finish(pacta_record *rec, pacta_error *err)
{
	if (!rec->index->root && atomic_load(&rec->index->lineage) == 1) {
		warm_end(rec->index);
		return finish_root(rec, err);
	}
	if (root_of(rec)->index->latest != rec) {
		if (rec->index->finished && rec->n_acts == rec->index->n_indexed)
			return PACTA_OK;
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "only the latest version of a record is finished");
	}
	if (!rec->index->root) { /* a root others share: like a derived one */
		if (rec->index->finished && rec->n_acts == rec->index->n_indexed)
			return PACTA_OK;
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "the record is shared with another version");
	}
	return finish_derived(rec, err);
}

pacta_rc pacta_record_derive(pacta_record *base, pacta_record **out, pacta_error *err)
{
	pacta_record *root = root_of(base);
	struct pacta_record_index *bx = base->index;
	*out = NULL;
	if (!bx->finished || base->n_acts != bx->n_indexed)
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "a version is derived from a finished record");
	pacta_record *rec = calloc(1, sizeof(*rec));
	struct pacta_record_index *x = calloc(1, sizeof(*x));
	size_t chunks = span_chunks(bx->n_span);
	record_span_ref *table = malloc((chunks ? chunks : 1) * sizeof(*table));
	if (!rec || !x || !table) {
		free(rec);
		free(x);
		free(table);
		return oom(err);
	}
	lineage_lock(root);
	if (root->index->latest != base) {
		lineage_unlock(root);
		free(rec);
		free(x);
		free(table);
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "a version is derived from the latest version only");
	}
	*rec = *base;
	*x = *bx;
	/* Every chunk of spans shared: the version copies one when it
	 * writes it (span_to_write()). */
	memcpy(table, bx->spans, chunks * sizeof(*table));
	for (size_t c = 0; c < chunks; c++)
		if (table[c].owned)
			atomic_fetch_add_explicit(&table[c].owned->refs, 1, memory_order_relaxed);
	arena_init(&x->strings);
	x->span = NULL;
	x->spans = table;
	x->root = root;
	x->parent = base;
	x->own_acts = base->n_acts;
	x->own_pairs = bx->n_pairs;
	x->seq = bx->seq + 1;
	x->written = NULL;
	x->n_written = x->cap_written = 0;
	atomic_init(&x->vrefs, 1);
	atomic_init(&x->lineage, 0);
	atomic_flag_clear(&x->lock);
	x->latest = NULL;
	rec->index = x;
	root->index->latest = rec;
	atomic_fetch_add_explicit(&root->index->lineage, 1, memory_order_relaxed);
	lineage_unlock(root);
	*out = rec;
	return PACTA_OK;
}

bool pacta_record_can_derive(const pacta_record *rec)
{
	pacta_record *root = root_of(rec);
	lineage_lock(root);
	bool ok = root->index->latest == rec && rec->index->finished &&
		  rec->n_acts == rec->index->n_indexed;
	lineage_unlock(root);
	return ok;
}

/* Grows *arr (cap elements of size) to hold want; 0 or -1. */
static int grow_to(void **arr, size_t *cap, size_t want, size_t size)
{
	if (want <= *cap)
		return 0;
	void *p = big_realloc(*arr, want * size);
	if (!p)
		return -1;
	*arr = p;
	*cap = want;
	return 0;
}

pacta_rc pacta_record_expect(pacta_record *rec, size_t treaties, size_t acts, pacta_error *err)
{
	pacta_rc rc = shared_refusal(rec, err);
	if (rc != PACTA_OK)
		return rc;
	struct pacta_record_index *x = rec->index;
	if (treaties > UINT32_MAX - rec->n_treaties || acts > UINT32_MAX - rec->n_acts)
		return pacta_error_set(err, PACTA_ERR_LIMIT, "", "too many treaties or acts to expect");
	size_t nt = rec->n_treaties + treaties;
	size_t had = x->cap_acts, had_treaties = x->cap_treaties;
	if (rec->n_acts + acts > had || nt > had_treaties)
		warm_end(x);
	if (grow_to((void **)&rec->treaties, &x->cap_treaties, nt, sizeof(*rec->treaties)) ||
	    grow_to((void **)&rec->acts, &x->cap_acts, rec->n_acts + acts, sizeof(*rec->acts)) ||
	    slots_room(&x->treaty_slots, &x->n_treaty_slots, nt, 64))
		return oom(err);
	/* The treaties and then the acts are written next: their pages are
	 * faulted in ahead of the loader, on another core. */
	if (x->cap_acts > had || x->cap_treaties > had_treaties) {
		big_range r[] = {
			{ rec->treaties + rec->n_treaties,
			  (x->cap_treaties - rec->n_treaties) * sizeof(*rec->treaties) },
			{ rec->acts + rec->n_acts, (x->cap_acts - rec->n_acts) * sizeof(*rec->acts) },
		};
		x->warmer = big_warm(r, 2);
	}
	return PACTA_OK;
}

pacta_rc pacta_record_reserve(pacta_record *rec, size_t acts, pacta_error *err)
{
	pacta_rc rc = shared_refusal(rec, err);
	if (rc != PACTA_OK)
		return rc;
	struct pacta_record_index *x = rec->index;
	if (!x->finished)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "the record is not finished");
	if (acts > SIZE_MAX / 2 - rec->n_acts)
		return pacta_error_set(err, PACTA_ERR_LIMIT, "", "too many acts to reserve");
	size_t want = rec->n_acts + acts;
	x->reserved = true;
	if (want > x->cap_acts) {
		warm_end(x);
		pacta_act *a = big_realloc(rec->acts, want * sizeof(*a));
		if (!a)
			return oom(err);
		rec->acts = a;
		x->cap_acts = want;
	}
	if (pairs_room(x, x->n_pairs + acts))
		return oom(err);
	return PACTA_OK;
}

size_t pacta_record_room(const pacta_record *rec)
{
	const struct pacta_record_index *rx = root_of(rec)->index, *x = rec->index;
	size_t acts = rx->cap_acts > rec->n_acts ? rx->cap_acts - rec->n_acts : 0;
	size_t pairs = rx->cap_pairs > x->n_pairs + 1 ? rx->cap_pairs - x->n_pairs - 1 : 0;
	return acts < pairs ? acts : pairs;
}

size_t pacta_record_written(const pacta_record *rec, const uint32_t **treaties)
{
	*treaties = rec->index->root ? rec->index->written : NULL;
	return rec->index->root ? rec->index->n_written : 0;
}

uint64_t pacta_record_version(const pacta_record *rec)
{
	return rec->index->seq;
}

bool pacta_record_act_live(const pacta_record *rec, size_t i)
{
	const struct pacta_record_index *x = rec->index;
	if (i >= x->n_indexed || !x->finished)
		return true;
	const record_span *s = record_span_of(x, rec->acts[i].treaty);
	return i >= s->act_begin && i < s->act_end;
}

void pacta_record_acts_of(const pacta_record *rec, uint32_t treaty, uint32_t participant,
			  size_t *first, size_t *last)
{
	const struct pacta_record_index *x = rec->index;
	*first = *last = 0;
	if (!x->finished || treaty >= x->n_span)
		return;
	const record_span *s = record_span_of(x, treaty);
	/* Binary search of the treaty's participants with acts. */
	size_t lo =
		array_lower_bound_u32(x->pair_participant, s->pair_begin, s->pair_end, participant);
	size_t at = lo < s->pair_end ? x->pair_first[lo] : s->act_end;
	if (lo < s->pair_end && x->pair_participant[lo] == participant) {
		*first = at;
		*last = lo + 1 < s->pair_end ? x->pair_first[lo + 1] : s->act_end;
	} else {
		/* An empty range where the pair would be, as before. */
		*first = *last = at;
	}
}

void pacta_record_acts_of_treaty(const pacta_record *rec, uint32_t treaty, size_t *first,
				 size_t *last)
{
	const struct pacta_record_index *x = rec->index;
	if (!x->finished || treaty >= x->n_span) {
		*first = *last = 0;
		return;
	}
	const record_span *s = record_span_of(x, treaty);
	*first = s->act_begin;
	*last = s->act_end;
}

/* Case-insensitive match of query against one '|'-separated alias list. */
static bool alias_match(const char *aliases, const char *query)
{
	size_t qlen = strlen(query);
	const char *p = aliases;
	while (*p) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == qlen && strncasecmp(p, query, len) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

/* Case-insensitive (ASCII) substring search. */
static bool strcasestr_ascii(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* True when needle is a whole word of hay (bounded by the ends or by
 * characters that are not letters), case-insensitively: "Congo" in "the
 * Congo", not "Niger" in "Nigeria". */
static bool has_word(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *h = hay; n && *h; h++) {
		if (strncasecmp(h, needle, n) != 0)
			continue;
		bool start = h == hay || !isalpha((unsigned char)h[-1]);
		bool end = !isalpha((unsigned char)h[n]);
		if (start && end)
			return true;
	}
	return false;
}

size_t pacta_record_names_also(const pacta_record *rec, const char *query, uint32_t chosen,
			       char *out, size_t size)
{
	size_t n = 0, used = 0;
	if (size)
		out[0] = '\0';
	if (!query || strlen(query) < 4 || pacta_record_participant_by_iso3(rec, query) >= 0)
		return 0;
	for (size_t i = 0; i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		if (i == chosen || p->kind == PACTA_KIND_FORMER_STATE ||
		    !(has_word(p->name, query) || has_word(p->depositary_name, query)))
			continue;
		n++;
		int w = snprintf(out + used, size > used ? size - used : 0, "%s%s (%s)", used ? ", " : "",
				 p->name, p->iso3);
		if (w > 0 && used + (size_t)w < size)
			used += (size_t)w;
	}
	return n;
}

int32_t pacta_record_participant_by_name(const pacta_record *rec, const char *name)
{
	int32_t found = -1;
	for (size_t i = 0; i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		if (strcasecmp(p->name, name) == 0 || strcasecmp(p->depositary_name, name) == 0 ||
		    alias_match(p->aliases, name)) {
			if (found >= 0)
				return -2;
			found = (int32_t)i;
		}
	}
	return found;
}

pacta_rc pacta_record_resolve_participant(const pacta_record *rec, const char *query,
					  uint32_t *out, pacta_error *err)
{
	int32_t idx = pacta_record_participant_by_iso3(rec, query);
	if (idx >= 0) {
		*out = (uint32_t)idx;
		return PACTA_OK;
	}
	/* Exact matches on alpha-2, name, depositary name or alias. */
	uint32_t found[8];
	size_t n = 0;
	for (size_t i = 0; i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		if (strcasecmp(p->iso2, query) == 0 || strcasecmp(p->name, query) == 0 ||
		    strcasecmp(p->depositary_name, query) == 0 || alias_match(p->aliases, query)) {
			if (n < 8)
				found[n] = (uint32_t)i;
			n++;
		}
	}
	if (n == 0) {
		/* Unique prefix of a name, as a courtesy ("Latv"). */
		size_t qlen = strlen(query);
		for (size_t i = 0; qlen >= 3 && i < rec->n_participants; i++) {
			const pacta_participant *p = &rec->participants[i];
			if (strncasecmp(p->name, query, qlen) == 0) {
				if (n < 8)
					found[n] = (uint32_t)i;
				n++;
			}
		}
	}
	if (n == 0 && strlen(query) >= 4) {
		/* Then a word inside the name ("Korea" names two states), so the
		 * answer is at least a helpful list. */
		for (size_t i = 0; i < rec->n_participants; i++) {
			const pacta_participant *p = &rec->participants[i];
			if (strcasestr_ascii(p->name, query) || strcasestr_ascii(p->depositary_name, query)) {
				if (n < 8)
					found[n] = (uint32_t)i;
				n++;
			}
		}
	}
	if (n == 1) {
		*out = found[0];
		return PACTA_OK;
	}
	if (n == 0)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, "",
				       "no state or participant called '%s' (try an ISO code such as LVA, or 'pacta states')",
				       query);
	char list[200] = "";
	size_t used = 0;
	for (size_t i = 0; i < n && i < 8; i++) {
		const pacta_participant *p = &rec->participants[found[i]];
		int w = snprintf(list + used, sizeof(list) - used, "%s%s (%s)", i ? ", " : "",
				 p->name, p->iso3);
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return pacta_error_set(err, PACTA_ERR_AMBIGUOUS, "", "'%s' is ambiguous: %s%s", query,
			       list, n > 8 ? ", ..." : "");
}

bool pacta_record_group_exists(const pacta_record *rec, const char *group)
{
	for (size_t i = 0; i < rec->n_groups; i++)
		if (strcasecmp(rec->groups[i].group, group) == 0)
			return true;
	return false;
}

bool pacta_record_in_group(const pacta_record *rec, uint32_t participant, const char *group,
			   pacta_day day)
{
	for (size_t i = 0; i < rec->n_groups; i++) {
		const pacta_group_member *g = &rec->groups[i];
		if (g->participant != participant || strcasecmp(g->group, group) != 0)
			continue;
		bool after = g->from == PACTA_DAY_NONE || g->from <= day;
		bool before = g->to == PACTA_DAY_NONE || g->to == PACTA_DAY_OPEN || day < g->to;
		if (after && before)
			return true;
	}
	return false;
}

void pacta_diags_free(pacta_diags *d)
{
	if (!d)
		return;
	free(d->items);
	memset(d, 0, sizeof(*d));
}
