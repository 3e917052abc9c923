/*
 * explain.c - turns a participant's derivations into steps a lawyer can
 * check: what was deposited when, which article applies, the arithmetic,
 * and where each fact comes from.
 *
 * It reads the compiled status only; it never recomputes a date.
 */
#include "pacta/explain.h"
#include "pacta/lang.h"
#include "array.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
	const pacta_treaty_status *ts;
	const pacta_record *rec;
	const pacta_treaty *treaty; /* its identity, threshold and stated date */
	const pacta_rules *rules;   /* its clauses */
	pacta_explanation *ex;
	size_t cap_steps, cap_sources;
	bool failed;
	uint32_t participant; /* whose story */
	const pacta_lang *lang;   /* the language of every sentence; NULL: English */
	const char *state_name;   /* the state's name in that language, or NULL */
	const pacta_explain_opts *opts; /* the others' names, or NULL */
} builder;

const char *pacta_step_kind_name(pacta_step_kind kind)
{
	static const char *const names[] = {
		[PACTA_STEP_TREATY_IN_FORCE] = "treaty_in_force",
		[PACTA_STEP_SIGNATURE] = "signature",
		[PACTA_STEP_CONSENT] = "consent",
		[PACTA_STEP_IN_FORCE] = "entry_into_force",
		[PACTA_STEP_PROVISIONAL] = "provisional_application",
		[PACTA_STEP_DECLARATION] = "declaration",
		[PACTA_STEP_WITHDRAWAL] = "withdrawal",
		[PACTA_STEP_CLAIM] = "claim",
		[PACTA_STEP_DOMESTIC] = "domestic_step",
		[PACTA_STEP_STATUS] = "status",
	};
	return (unsigned)kind <= PACTA_STEP_STATUS ? names[kind] : "?";
}

/* Whether sentences come from a catalogue: English builds some of its
 * phrases from the rules' own words, which a translation cannot take. */
static bool translating(const builder *b)
{
	return pacta_lang_translates(b->lang);
}

/* A date in a sentence, as the language writes it ("2025-06-27" in
 * English, "27 juin 2025"); buf holds PACTA_LANG_DATE_BUFSZ bytes. */
static char *day(const builder *b, pacta_day d, char *buf)
{
	return pacta_lang_date(b->lang, d, buf, PACTA_LANG_DATE_BUFSZ);
}

/* Position (1-based) of act in the sources, adding it if new; 0 on OOM. */
static size_t cite(builder *b, uint32_t act)
{
	pacta_explanation *ex = b->ex;
	for (size_t i = 0; i < ex->n_sources; i++)
		if (ex->sources[i] == act)
			return i + 1;
	if (array_grow((void **)&ex->sources, ex->n_sources, &b->cap_sources,
		       sizeof(*ex->sources))) {
		b->failed = true;
		return 0;
	}
	ex->sources[ex->n_sources++] = act;
	return ex->n_sources;
}

/* Adds a step with text taken from sb and the given cited acts. */
static void add_step(builder *b, pacta_step_kind kind, pacta_day date, const char *article,
		     strbuf *sb, const uint32_t *acts, size_t n_acts)
{
	pacta_explanation *ex = b->ex;
	char *text = strbuf_take(sb);
	size_t *cites = n_acts ? calloc(n_acts, sizeof(*cites)) : NULL;
	if (!text || (n_acts && !cites)) {
		free(text);
		free(cites);
		b->failed = true;
		return;
	}
	for (size_t i = 0; i < n_acts; i++)
		cites[i] = cite(b, acts[i]);
	if (array_grow((void **)&ex->steps, ex->n_steps, &b->cap_steps, sizeof(*ex->steps))) {
		free(text);
		free(cites);
		b->failed = true;
		return;
	}
	ex->steps[ex->n_steps++] = (pacta_step){kind, date, article, text, cites, n_acts};
}

/* "[3]" for an act: its citation number, which add_step assigns in the same
 * order, so text built before add_step names the right source. */
static size_t peek_cite(builder *b, uint32_t act)
{
	for (size_t i = 0; i < b->ex->n_sources; i++)
		if (b->ex->sources[i] == act)
			return i + 1;
	return cite(b, act);
}

/* The words of a delay, for a translation (English keeps
 * pacta_delay_describe()'s, the rules' own). */
static const char *const number_words[] = {
	PACTA_N_("zero"), PACTA_N_("one"), PACTA_N_("two"),    PACTA_N_("three"), PACTA_N_("four"),
	PACTA_N_("five"), PACTA_N_("six"), PACTA_N_("seven"),  PACTA_N_("eight"), PACTA_N_("nine"),
	PACTA_N_("ten"),  PACTA_N_("eleven"), PACTA_N_("twelve"),
};
/* TRANSLATORS: "the first day of the sixth month"; in the gender of
   "month". */
static const char *const ordinal_words[] = {
	PACTA_N_("zeroth"),  PACTA_N_("first"),    PACTA_N_("second"), PACTA_N_("third"),
	PACTA_N_("fourth"),  PACTA_N_("fifth"),    PACTA_N_("sixth"),  PACTA_N_("seventh"),
	PACTA_N_("eighth"),  PACTA_N_("ninth"),    PACTA_N_("tenth"),  PACTA_N_("eleventh"),
	PACTA_N_("twelfth"),
};
#define N_WORDS ((int)(sizeof(number_words) / sizeof(number_words[0])))

/* "six months after OBJECT", "the first day of the sixth month after
 * OBJECT": a delay counted from object, as the language says it. */
static char *delay_after(const builder *b, pacta_delay delay, const char *object, char *buf,
			 size_t size)
{
	if (!translating(b)) {
		char words[80];
		pacta_delay_describe(delay, words, sizeof(words));
		snprintf(buf, size, "%s %s", words, object);
		return buf;
	}
	int n = delay.n;
	char num[40];
	if (n >= 0 && n < N_WORDS)
		snprintf(num, sizeof(num), "%s", pacta_tr(b->lang, number_words[n]));
	else
		snprintf(num, sizeof(num), "%d", n);
	bool one = n == 1;
	switch (delay.unit) {
	case PACTA_DELAY_NONE:
		snprintf(buf, size, pacta_tr(b->lang, "on %s"), object);
		break;
	case PACTA_DELAY_DAYS:
		snprintf(buf, size, one ? pacta_tr(b->lang, "%s day after %s") : pacta_tr(b->lang, "%s days after %s"), num,
			 object);
		break;
	case PACTA_DELAY_MONTHS:
		snprintf(buf, size, one ? pacta_tr(b->lang, "%s month after %s") : pacta_tr(b->lang, "%s months after %s"),
			 num, object);
		break;
	case PACTA_DELAY_YEARS:
		snprintf(buf, size, one ? pacta_tr(b->lang, "%s year after %s") : pacta_tr(b->lang, "%s years after %s"), num,
			 object);
		break;
	case PACTA_DELAY_FIRST_OF_MONTH:
		if (n >= 0 && n < N_WORDS)
			snprintf(buf, size, pacta_tr(b->lang, "the first day of the %s month after %s"),
				 pacta_tr(b->lang, ordinal_words[n]), object);
		else
			snprintf(buf, size, pacta_tr(b->lang, "the first day of month %d after %s"), n, object);
		break;
	case PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING:
		snprintf(buf, size,
			 one ? pacta_tr(b->lang, "the first day of the month following the expiry of %s month after %s")
			     : pacta_tr(b->lang, "the first day of the month following the expiry of %s months after %s"),
			 num, object);
		break;
	}
	return buf;
}

/* "the first day of the sixth month after 2005-07-01 is 2006-01-01",
 * "2025-06-27 + six months = 2025-12-27". */
static void arithmetic(const builder *b, strbuf *sb, pacta_delay delay, pacta_day base,
		       pacta_day result)
{
	char d1[PACTA_LANG_DATE_BUFSZ], d2[PACTA_LANG_DATE_BUFSZ], words[200];
	day(b, base, d1);
	day(b, result, d2);
	if (translating(b)) {
		char object[PACTA_LANG_DATE_BUFSZ + 32];
		/* TRANSLATORS: a date counted from in "six months after %s":
		   "le %s" in French. */
		snprintf(object, sizeof(object), pacta_tr(b->lang, "after the date %s"), d1);
		strbuf_appendf(sb, pacta_tr(b->lang, "%s is %s"), delay_after(b, delay, object, words, sizeof(words)),
			       d2);
		return;
	}
	pacta_delay_describe(delay, words, sizeof(words));
	if (delay.unit == PACTA_DELAY_FIRST_OF_MONTH) {
		strbuf_appendf(sb, "%s %s is %s", words, d1, d2);
	} else {
		/* "six months after" -> "six months" */
		size_t n = strlen(words);
		if (n > 6 && strcmp(words + n - 6, " after") == 0)
			words[n - 6] = '\0';
		strbuf_appendf(sb, "%s + %s = %s", d1, words, d2);
	}
}

/* A participant's name: the explained state's as the caller gives it in
 * the language, the others' as the record has them. */
static const char *name_of(const builder *b, uint32_t p)
{
	if (p == b->participant && b->state_name)
		return b->state_name;
	const char *n = b->opts && b->opts->name ? b->opts->name(b->opts->ctx, p) : NULL;
	return n ? n : b->rec->participants[p].name;
}

/* A treaty's short name in the language, where its titles give one. */
static const char *treaty_name(const builder *b, const pacta_treaty *t)
{
	if (translating(b)) {
		const pacta_title *ti = pacta_treaty_title(t, pacta_lang_code(b->lang));
		if (ti && ti->name)
			return ti->name;
	}
	return t->name;
}

/* An act as a phrase ("an instrument of accession") in the language. */
static const char *phrase(const builder *b, pacta_action a)
{
	return pacta_tr(b->lang, pacta_action_phrase(a));
}

/* "instrument of accession", to follow "Norway's" (the phrase without its
 * article); a translation gives it the article its sentence needs ("l'"). */
static const char *instrument_of(const builder *b, pacta_action a)
{
	static const char *const bare[PACTA_ACT__COUNT] = {
		[PACTA_ACT_RATIFICATION] = PACTA_N_("instrument of ratification"),
		[PACTA_ACT_ACCEPTANCE] = PACTA_N_("instrument of acceptance"),
		[PACTA_ACT_APPROVAL] = PACTA_N_("instrument of approval"),
		[PACTA_ACT_ACCESSION] = PACTA_N_("instrument of accession"),
		[PACTA_ACT_SUCCESSION] = PACTA_N_("notification of succession"),
		[PACTA_ACT_CONSENT] = PACTA_N_("notification of consent to be bound"),
		[PACTA_ACT_FORMAL_CONFIRMATION] = PACTA_N_("instrument of formal confirmation"),
	};
	if ((unsigned)a < PACTA_ACT__COUNT && bare[a])
		return pacta_tr(b->lang, bare[a]);
	const char *p = phrase(b, a);
	if (strncmp(p, "an ", 3) == 0)
		return p + 3;
	if (strncmp(p, "a ", 2) == 0)
		return p + 2;
	return p;
}

/* An action's noun ("ratification"): English keeps the action's name, a
 * translation its word. */
static const char *action_noun(const builder *b, pacta_action a)
{
	static const char *const nouns[PACTA_ACT__COUNT] = {
		[PACTA_ACT_DEFINITIVE_SIGNATURE] = PACTA_N_("definitive signature"),
		[PACTA_ACT_RATIFICATION] = PACTA_N_("ratification"),
		[PACTA_ACT_ACCEPTANCE] = PACTA_N_("acceptance"),
		[PACTA_ACT_APPROVAL] = PACTA_N_("approval"),
		[PACTA_ACT_ACCESSION] = PACTA_N_("accession"),
		[PACTA_ACT_SUCCESSION] = PACTA_N_("succession"),
		[PACTA_ACT_CONSENT] = PACTA_N_("consent"),
		[PACTA_ACT_FORMAL_CONFIRMATION] = PACTA_N_("formal confirmation"),
	};
	if (translating(b) && (unsigned)a < PACTA_ACT__COUNT && nouns[a])
		return pacta_tr(b->lang, nouns[a]);
	return pacta_action_name(a);
}

/* "40th instrument", or for a threshold of named states only, "last
 * required instrument"; with kinds, when only some count, named: "40th
 * instrument of ratification, acceptance or approval". */
static void nth_of(const builder *b, bool kinds_too, char *buf, size_t size)
{
	const pacta_treaty *tr = b->treaty;
	const pacta_rules *r = b->rules;
	char n[24];
	if (tr->entry_into_force_instruments <= 0) {
		snprintf(buf, size, "%s", pacta_tr(b->lang, "last required instrument"));
		return;
	}
	/* English spells "40th"; a catalogue says how its language writes
	 * a number as an ordinal. */
	if (strcmp(pacta_tr(b->lang, "%d (ordinal)"), "%d (ordinal)") == 0)
		pacta_ordinal(tr->entry_into_force_instruments, n, sizeof(n));
	else
		/* TRANSLATORS: a number as an ordinal: "%de" in French. */
		snprintf(n, sizeof(n), pacta_tr(b->lang, "%d (ordinal)"), tr->entry_into_force_instruments);
	snprintf(buf, size, pacta_tr(b->lang, "%s instrument"), n);
	uint32_t kinds = r->entry_into_force_counts;
	if (!kinds_too || !kinds || kinds == r->consent_actions)
		return;
	size_t left = 0, len = strlen(buf);
	for (int a = 0; a < PACTA_ACT__COUNT; a++)
		left += (kinds >> a) & 1u;
	bool first = true;
	for (int a = 0; a < PACTA_ACT__COUNT && len < size; a++) {
		if (!(kinds & (1u << a)))
			continue;
		const char *sep = first ? pacta_tr(b->lang, " of ") : left == 1 ? pacta_tr(b->lang, " or ") : ", ";
		snprintf(buf + len, size - len, "%s%s", sep, action_noun(b, (pacta_action)a));
		len = strlen(buf);
		left--;
		first = false;
	}
}

static const char *article_or(const char *article)
{
	return article ? article : "?";
}

static void treaty_in_force_step(builder *b, const pacta_derivation *d)
{
	strbuf sb;
	strbuf_init(&sb);
	char d1[PACTA_LANG_DATE_BUFSZ], d2[PACTA_LANG_DATE_BUFSZ], delay[400], object[240];
	const char *short_name = treaty_name(b, b->treaty);
	const char *art = article_or(d->article);
	bool past = d->date <= b->ex->on;
	char nth_word[200], nth_short[64];
	nth_of(b, true, nth_word, sizeof(nth_word));
	nth_of(b, false, nth_short, sizeof(nth_short));
	size_t ties = pacta_treaty_status_threshold_day_count(b->ts);
	day(b, d->date, d1);
	if (d->n_acts) {
		const pacta_act *nth = &b->rec->acts[d->acts[0]];
		snprintf(object, sizeof(object),
			 d->delay.unit == PACTA_DELAY_FIRST_OF_MONTH
				 ? pacta_tr(b->lang, "the month in which the %s was deposited")
				 : pacta_tr(b->lang, "the date on which the %s was deposited"),
			 nth_word);
		delay_after(b, d->delay, object, delay, sizeof(delay));
		strbuf_appendf(&sb,
			       past ? pacta_tr(b->lang, "The %s entered into force on %s. Art. %s: %s; ")
				    : pacta_tr(b->lang, "The %s enters into force on %s. Art. %s: %s; "),
			       short_name, d1, art, delay);
		/* Several that day: the record cannot tell which was the Nth. */
		if (ties > 1 && b->treaty->entry_into_force_instruments > 0)
			strbuf_appendf(&sb, pacta_tr(b->lang, "the %s was one of the %zu instruments deposited on %s, among them %s's %s [%zu]: "),
				       nth_short, ties, day(b, nth->date, d2),
				       name_of(b, nth->participant),
				       instrument_of(b, nth->action), peek_cite(b, d->acts[0]));
		else
			strbuf_appendf(&sb, pacta_tr(b->lang, "the %s was %s's %s, deposited on %s [%zu]: "),
				       nth_short, name_of(b, nth->participant),
				       instrument_of(b, nth->action), day(b, nth->date, d2),
				       peek_cite(b, d->acts[0]));
		arithmetic(b, &sb, d->delay, nth->date, pacta_delay_apply(d->delay, nth->date));
		strbuf_append(&sb, ".");
		if (b->rules->entry_into_force_requires_group ||
		    b->rules->n_entry_into_force_requires) {
			const char *group = b->rules->entry_into_force_requires_group;
			bool also = b->treaty->entry_into_force_instruments > 0;
			if (group)
				strbuf_appendf(&sb,
					       also ? pacta_tr(b->lang, " Art. %s also requires every state of %s to have deposited; counted from the last instrument that met both conditions.")
						    : pacta_tr(b->lang, " Art. %s requires every state of %s to have deposited."),
					       art, group);
			else
				strbuf_appendf(&sb,
					       also ? pacta_tr(b->lang, " Art. %s also requires every state of its list to have deposited; counted from the last instrument that met both conditions.")
						    : pacta_tr(b->lang, " Art. %s requires every state of its list to have deposited."),
					       art);
		}
		if (d->floor != PACTA_DAY_NONE)
			strbuf_appendf(&sb, pacta_tr(b->lang, " Not before %s (Art. %s), so the rule gives %s."),
				       day(b, d->floor, d2), art, d2);
		if (d->computed != d->date)
			strbuf_appendf(&sb, pacta_tr(b->lang, " The rule gives %s; the depositary states %s, which is used."),
				       day(b, d->computed, d2), d1);
	} else {
		strbuf_appendf(&sb,
			       past ? pacta_tr(b->lang, "The %s entered into force on %s, as the depositary states.")
				    : pacta_tr(b->lang, "The %s enters into force on %s, as the depositary states."),
			       short_name, d1);
	}
	add_step(b, PACTA_STEP_TREATY_IN_FORCE, d->date, d->article, &sb, d->acts, d->n_acts);
}

/* The treaty is not in force (in the record as it stands) and its rules name
 * states it needs: the step says which of them have not deposited on the
 * day, so a reader need not work it out from the count. */
static void treaty_waits_step(builder *b)
{
	const pacta_treaty *tr = b->treaty;
	const pacta_rules *r = b->rules;
	pacta_required_state *missing = NULL;
	size_t n = 0;
	pacta_error err;
	if (pacta_status_required_missing(b->ts, b->ex->on, &missing, &n, &err) != PACTA_OK) {
		b->failed = true;
		return;
	}
	strbuf sb;
	strbuf_init(&sb);
	char d1[PACTA_LANG_DATE_BUFSZ];
	strbuf_appendf(&sb, pacta_tr(b->lang, "The %s is not in force on %s. Art. %s requires "),
		       treaty_name(b, b->treaty), day(b, b->ex->on, d1),
		       article_or(r->entry_into_force.article));
	if (r->entry_into_force_requires_group)
		strbuf_appendf(&sb, pacta_tr(b->lang, "every state of the group %s to have deposited"),
			       r->entry_into_force_requires_group);
	else
		strbuf_appendf(&sb, pacta_tr(b->lang, "each of the %zu states it names to have deposited"),
			       r->n_entry_into_force_requires);
	if (tr->entry_into_force_instruments > 0)
		strbuf_appendf(&sb, pacta_tr(b->lang, ", as well as %d instruments in all"),
			       tr->entry_into_force_instruments);
	if (n == 0)
		strbuf_append(&sb, pacta_tr(b->lang, "; every one of them has."));
	else
		strbuf_appendf(&sb, n == 1 ? pacta_tr(b->lang, "; %zu of them has not:") : pacta_tr(b->lang, "; %zu of them have not:"),
			       n);
	for (size_t i = 0; i < n; i++) {
		const pacta_required_state *m = &missing[i];
		if (m->participant >= 0)
			strbuf_appendf(&sb, "%s %s (%s)", i ? "," : "",
				       name_of(b, (uint32_t)m->participant), m->iso3);
		else
			strbuf_appendf(&sb, "%s %s", i ? "," : "", m->iso3);
	}
	if (n)
		strbuf_append(&sb, ".");
	free(missing);
	add_step(b, PACTA_STEP_TREATY_IN_FORCE, b->ex->on, r->entry_into_force.article, &sb, NULL, 0);
}

/* "; it allows ratification, acceptance or approval": the instruments of
 * the rules that follow a signature (not accession, succession, a
 * notification of consent, a definitive signature or an organization's
 * formal confirmation). */
static void signature_allows(const builder *b, strbuf *sb)
{
	static const pacta_action after_signature[] = {PACTA_ACT_RATIFICATION,
						       PACTA_ACT_ACCEPTANCE,
						       PACTA_ACT_APPROVAL};
	const pacta_rules *r = b->rules;
	size_t n = 0, k = 0;
	for (size_t i = 0; i < sizeof(after_signature) / sizeof(after_signature[0]); i++)
		n += (r->consent_actions >> after_signature[i]) & 1u;
	for (size_t i = 0; i < sizeof(after_signature) / sizeof(after_signature[0]); i++) {
		if (!((r->consent_actions >> after_signature[i]) & 1u))
			continue;
		strbuf_appendf(sb, "%s%s",
			       k == 0 ? pacta_tr(b->lang, "; it allows ") : k + 1 == n ? pacta_tr(b->lang, " or ") : ", ",
			       action_noun(b, after_signature[i]));
		k++;
	}
}

static void act_step(builder *b, pacta_step_kind kind, uint32_t ai, const char *article,
		     const char *extra)
{
	const pacta_act *a = &b->rec->acts[ai];
	strbuf sb;
	strbuf_init(&sb);
	char d1[PACTA_LANG_DATE_BUFSZ];
	day(b, a->date, d1);
	const char *who = name_of(b, a->participant);
	switch (a->action) {
	case PACTA_ACT_SIGNATURE:
		if (a->effective != PACTA_DAY_NONE) {
			char d2[PACTA_LANG_DATE_BUFSZ];
			strbuf_appendf(&sb, pacta_tr(b->lang, "%s notified on %s its succession to its predecessor's signature [%zu]; it is a signatory from %s, the date of succession the record states."),
				       who, d1, peek_cite(b, ai), day(b, a->effective, d2));
		} else {
			strbuf_appendf(&sb, pacta_tr(b->lang, "%s signed on %s [%zu]."), who, d1, peek_cite(b, ai));
		}
		if (b->rules->signature.article) {
			strbuf_appendf(&sb, pacta_tr(b->lang, " A signature does not bind (Art. %s)"),
				       article_or(b->rules->consent.article));
			signature_allows(b, &sb);
			strbuf_append(&sb, ".");
		}
		break;
	case PACTA_ACT_WITHDRAWAL:
		strbuf_appendf(&sb, pacta_tr(b->lang, "The depositary received %s's notification of withdrawal on %s [%zu]."),
			       who, d1, peek_cite(b, ai));
		if (a->treaty != pacta_treaty_status_treaty(b->ts)) {
			/* A withdrawal from the parent treaty that applies here. */
			const char *text = b->rules->parent_withdrawal.text;
			strbuf_appendf(&sb, pacta_tr(b->lang, " It withdraws from the %s; Art. %s: %s"),
				       treaty_name(b, &b->rec->treaties[a->treaty]),
				       article_or(b->rules->parent_withdrawal.article),
				       text ? text : pacta_tr(b->lang, "that withdrawal applies to this treaty too."));
		}
		break;
	case PACTA_ACT_CEASED:
		strbuf_appendf(&sb, pacta_tr(b->lang, "%s ceased to exist on %s [%zu]."), who, d1, peek_cite(b, ai));
		break;
	case PACTA_ACT_DEFINITIVE_SIGNATURE:
		strbuf_appendf(&sb, pacta_tr(b->lang, "%s signed on %s, definitively [%zu]: the signature itself expresses its consent to be bound (Art. %s)."),
			       who, d1, peek_cite(b, ai), article_or(b->rules->consent.article));
		break;
	default:
		if (pacta_action_class_of(a->action) == PACTA_CLASS_DOMESTIC)
			strbuf_appendf(&sb, pacta_tr(b->lang, "%s: %s (%s) [%zu]; a domestic step with no legal effect under the treaty by itself."),
				       d1, phrase(b, a->action), who, peek_cite(b, ai));
		else
			strbuf_appendf(&sb, pacta_tr(b->lang, "%s deposited %s on %s [%zu]."), who,
				       phrase(b, a->action), d1, peek_cite(b, ai));
	}
	if (extra)
		strbuf_appendf(&sb, " %s", extra);
	add_step(b, kind, a->date, article, &sb, &ai, 1);
}

/* True when the compiled status starts an interval with act ai (the act
 * changed something); *after is that interval's status. */
static bool act_took_effect(const builder *b, const pacta_timeline *tl, uint32_t ai,
			    pacta_status *after)
{
	bool applied = false;
	for (size_t k = 0; k < tl->n_intervals; k++) {
		pacta_derivation d_buf;
		const pacta_derivation *d =
			pacta_treaty_status_derivation(b->ts, tl->intervals[k].why, &d_buf);
		if (d && d->kind == PACTA_DERIV_ACT && d->n_acts && d->acts[0] == ai) {
			applied = true;
			*after = tl->intervals[k].status;
		}
	}
	return applied;
}

/* act_step with the text built in sb, which it frees. */
static void act_step_sb(builder *b, pacta_step_kind kind, uint32_t ai, const char *article,
			strbuf *sb)
{
	char *extra = strbuf_take(sb);
	if (!extra) {
		b->failed = true;
		return;
	}
	act_step(b, kind, ai, article, extra);
	free(extra);
}

/* A revocation or a notice of non-intent: what it ended, if anything (the
 * compiled status decides; see status.c). */
static void undo_step(builder *b, uint32_t ai)
{
	const pacta_act *a = &b->rec->acts[ai];
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(b->ts, a->participant, &tl_buf);
	pacta_status after = PACTA_STATUS_NONE;
	bool applied = act_took_effect(b, tl, ai, &after);
	bool revocation = a->action == PACTA_ACT_REVOCATION;
	const pacta_clause *cl = revocation ? &b->rules->revocation : &b->rules->non_intent;
	strbuf sb;
	strbuf_init(&sb);
	if (a->action == PACTA_ACT_CEASED) {
		static const pacta_clause none = {NULL, NULL};
		cl = &none;
		strbuf_append(&sb, applied ? pacta_tr(b->lang, "It has no status under the treaty from this day; its successors' acts are their own.")
					   : pacta_tr(b->lang, "It had no status under the treaty."));
	} else if (!applied)
		strbuf_append(&sb, revocation ? pacta_tr(b->lang, "It changes nothing: no consent to be bound was pending (one in force can only be withdrawn from).")
					      : pacta_tr(b->lang, "It changes nothing: it was not a signatory without a consent to be bound."));
	else if (revocation)
		strbuf_append(&sb, after == PACTA_STATUS_SIGNATORY
					   ? pacta_tr(b->lang, "Its consent to be bound, not yet in force for it, is cancelled and no longer counts towards entry into force; it is a signatory again.")
					   : pacta_tr(b->lang, "Its consent to be bound, not yet in force for it, is cancelled and no longer counts towards entry into force; it is a non-party again."));
	else {
		strbuf_append(&sb, pacta_tr(b->lang, "It is no longer a signatory; its signature creates no obligation from this day."));
		const pacta_interval *before = NULL;
		pacta_status_on(b->ts, a->participant, a->date - 1, &before);
		if (before && before->provisional)
			strbuf_append(&sb, pacta_tr(b->lang, " Its provisional application ends with it."));
	}
	if (cl->text) {
		strbuf_appendf(&sb, " %s", cl->text);
	}
	act_step_sb(b, revocation ? PACTA_STEP_CONSENT : PACTA_STEP_SIGNATURE, ai, cl->article, &sb);
}

/* What provisional application covers: "Art. 6 and 7" or "the treaty"
 * (the rules' article list, which reads the same in every language). */
static void provisional_scope(const builder *b, strbuf *sb)
{
	const pacta_rules *r = b->rules;
	if (r->provisional_articles)
		strbuf_appendf(sb, "Art. %s", r->provisional_articles);
	else
		strbuf_appendf(sb, pacta_tr(b->lang, "the %s"), treaty_name(b, b->treaty));
}

/* Ends a status sentence: "; it applies Art. 6 and 7 provisionally, as it
 * declared." on a provisional interval, else ".". */
static void provisional_end(const builder *b, strbuf *sb, const pacta_interval *iv)
{
	if (!iv || !iv->provisional) {
		strbuf_append(sb, ".");
		return;
	}
	strbuf scope;
	strbuf_init(&scope);
	provisional_scope(b, &scope);
	strbuf_appendf(sb, pacta_tr(b->lang, "; it applies %s provisionally, as it declared."),
		       scope.buf ? scope.buf : "");
	strbuf_free(&scope);
}

/* A declaration of provisional application: what it applies, whether it
 * took effect (the compiled status decides), and the clause's words. */
static void provisional_step(builder *b, const pacta_timeline *tl, uint32_t ai)
{
	bool applied = false;
	for (size_t k = 0; k < tl->n_intervals; k++)
		if (tl->intervals[k].provisional && tl->intervals[k].from <= b->rec->acts[ai].date &&
		    b->rec->acts[ai].date < tl->intervals[k].to)
			applied = true;
	strbuf sb;
	strbuf_init(&sb);
	if (applied) {
		strbuf scope;
		strbuf_init(&scope);
		provisional_scope(b, &scope);
		strbuf_appendf(&sb, pacta_tr(b->lang, "It applies %s provisionally, pending the treaty's entry into force for it."),
			       scope.buf ? scope.buf : "");
		strbuf_free(&scope);
	} else {
		strbuf_append(&sb, pacta_tr(b->lang, "It changes nothing: only a signatory, or a state whose consent is not yet in force for it, applies a treaty provisionally."));
	}
	if (b->rules->provisional_application.text)
		strbuf_appendf(&sb, " %s", b->rules->provisional_application.text);
	act_step_sb(b, PACTA_STEP_PROVISIONAL, ai, b->rules->provisional_application.article, &sb);
}

/* A notice terminating provisional application: whether it ended one
 * (the compiled status starts an interval with it; see status.c). */
static void provisional_end_step(builder *b, const pacta_timeline *tl, uint32_t ai)
{
	const pacta_act *a = &b->rec->acts[ai];
	pacta_status after;
	char d1[PACTA_LANG_DATE_BUFSZ];
	strbuf sb;
	strbuf_init(&sb);
	if (act_took_effect(b, tl, ai, &after))
		strbuf_appendf(&sb, pacta_tr(b->lang, "Its provisional application ends on %s; its status is otherwise unchanged."),
			       day(b, a->date, d1));
	else
		strbuf_append(&sb, pacta_tr(b->lang, "It changes nothing: it was not applying the treaty provisionally."));
	act_step_sb(b, PACTA_STEP_PROVISIONAL, ai, b->rules->provisional_application.article, &sb);
}

static void in_force_step(builder *b, const pacta_timeline *tl)
{
	pacta_derivation d_buf;
	const pacta_derivation *d =
		pacta_treaty_status_derivation(b->ts, (uint32_t)tl->entry_into_force_why, &d_buf);
	strbuf sb;
	strbuf_init(&sb);
	char d1[PACTA_LANG_DATE_BUFSZ], d2[PACTA_LANG_DATE_BUFSZ], d3[PACTA_LANG_DATE_BUFSZ];
	char delay[400];
	const char *who = name_of(b, b->participant);
	const char *name = treaty_name(b, b->treaty);
	const char *art = article_or(d->article);
	const pacta_act *a = &b->rec->acts[d->acts[0]];
	day(b, d->date, d1);
	day(b, a->date, d2);
	delay_after(b, d->delay, pacta_tr(b->lang, "the date of its deposit"), delay, sizeof(delay));
	const pacta_derivation *treaty = pacta_treaty_status_in_force(b->ts);
	char nth_word[200];
	nth_of(b, true, nth_word, sizeof(nth_word));
	/* The threshold was met and the later rule counts from the Nth
	 * instrument: the derivation's base is that day. Otherwise the
	 * treaty's own entry into force separates the two groups. */
	bool by_eif = b->rules->entry_into_force_later_after == PACTA_LATER_AFTER_ENTRY_INTO_FORCE ||
		      !treaty || treaty->n_acts == 0;
	bool past = d->date <= b->ex->on; /* no past tense for a future date */
	switch (d->kind) {
	case PACTA_DERIV_IN_FORCE_INITIAL:
		if (by_eif) {
			/* "Subsequent to the entry into force": every earlier
			 * instrument takes the treaty's own date. */
			strbuf_appendf(&sb,
				       past ? pacta_tr(b->lang, "Entry into force for %s: %s. Its instrument (%s) was deposited before the %s entered into force (%s), so Art. %s applies: the %s entered into force for it on its own entry-into-force date, %s.")
					    : pacta_tr(b->lang, "Entry into force for %s: %s. Its instrument (%s) was deposited before the %s enters into force (%s), so Art. %s applies: the %s enters into force for it on its own entry-into-force date, %s."),
				       who, d1, d2, name, d1, art, name, d1);
			break;
		}
		if (b->treaty->entry_into_force_instruments > 0)
			strbuf_appendf(&sb, pacta_tr(b->lang, "Entry into force for %s: %s. Its instrument (%s) is among the first %d"),
				       who, d1, d2, b->treaty->entry_into_force_instruments);
		else
			strbuf_appendf(&sb, pacta_tr(b->lang, "Entry into force for %s: %s. Its instrument (%s) counts"),
				       who, d1, d2);
		strbuf_appendf(&sb,
			       past ? pacta_tr(b->lang, " (deposited on or before %s, the date of the %s), so Art. %s applies: the %s entered into force for it on its own entry-into-force date, %s.")
				    : pacta_tr(b->lang, " (deposited on or before %s, the date of the %s), so Art. %s applies: the %s enters into force for it on its own entry-into-force date, %s."),
			       day(b, d->base, d3), nth_word, art, name, d1);
		break;
	case PACTA_DERIV_IN_FORCE_LATER:
		if (by_eif) {
			strbuf_appendf(&sb,
				       pacta_tr(b->lang, "Entry into force for %s: %s. Art. %s: for a State depositing after the %s entered into force (%s), it enters into force %s: "),
				       who, d1, art, name, treaty ? day(b, treaty->date, d3) : "?",
				       delay);
			arithmetic(b, &sb, d->delay, a->date, pacta_delay_apply(d->delay, a->date));
			strbuf_append(&sb, ".");
			break;
		}
		strbuf_appendf(&sb,
			       pacta_tr(b->lang, "Entry into force for %s: %s. Art. %s: for a State depositing after the date of the %s (%s), the %s enters into force %s: "),
			       who, d1, art, nth_word,
			       treaty && treaty->n_acts ? day(b, b->rec->acts[treaty->acts[0]].date, d3)
							: "?",
			       name, delay);
		arithmetic(b, &sb, d->delay, a->date, pacta_delay_apply(d->delay, a->date));
		strbuf_append(&sb, ".");
		if (d->floor != PACTA_DAY_NONE)
			strbuf_appendf(&sb, pacta_tr(b->lang, " It cannot enter into force for a State before it is in force itself, so the date is %s."),
				       d1);
		break;
	case PACTA_DERIV_IN_FORCE_STATED:
		strbuf_appendf(&sb,
			       pacta_tr(b->lang, "Entry into force for %s: %s, the effective date the record states for its %s [%zu]."),
			       who, d1, action_noun(b, a->action), peek_cite(b, d->acts[0]));
		if (b->rules->succession.text && a->action == PACTA_ACT_SUCCESSION)
			strbuf_appendf(&sb, " %s", b->rules->succession.text);
		if (d->computed != PACTA_DAY_NONE && d->computed != d->date)
			strbuf_appendf(&sb, pacta_tr(b->lang, " Computed from the deposit date (%s) by the entry-into-force rules it would be %s; the stated date is used and the difference is reported here."),
				       d2, day(b, d->computed, d3));
		break;
	default:
		break;
	}
	add_step(b, PACTA_STEP_IN_FORCE, d->date, d->article, &sb, d->acts, d->n_acts);
}

static void withdrawal_steps(builder *b, const pacta_timeline *tl, pacta_day on)
{
	pacta_derivation d_buf;
	const pacta_derivation *d = pacta_treaty_status_derivation(b->ts, (uint32_t)tl->withdrawal_why, &d_buf);
	if (!d)
		return;
	uint32_t notice = d->acts[0];
	const char *wart = article_or(b->rules->withdrawal.article);
	/* The conditions the treaty sets are quoted, not judged. */
	char *cond = NULL;
	if (b->rules->withdrawal_conditions.text) {
		strbuf cb;
		strbuf_init(&cb);
		strbuf_appendf(&cb, pacta_tr(b->lang, "Art. %s sets conditions for withdrawing, which pacta quotes and does not judge: \"%s\""),
			       b->rules->withdrawal_conditions.article
				       ? b->rules->withdrawal_conditions.article
				       : wart,
			       b->rules->withdrawal_conditions.text);
		cond = strbuf_take(&cb);
		if (!cond) {
			b->failed = true;
			return;
		}
	}
	act_step(b, PACTA_STEP_WITHDRAWAL, notice, NULL, cond);
	free(cond);
	strbuf sb;
	strbuf_init(&sb);
	char d2[PACTA_LANG_DATE_BUFSZ], d3[PACTA_LANG_DATE_BUFSZ];
	char delay[400];
	const char *who = name_of(b, b->participant);
	day(b, d->computed, d2);
	delay_after(b, b->rules->withdrawal_notice, pacta_tr(b->lang, "the depositary receives it"), delay,
		    sizeof(delay));
	strbuf_appendf(&sb, pacta_tr(b->lang, "Art. %s: a withdrawal takes effect %s: "), wart, delay);
	arithmetic(b, &sb, b->rules->withdrawal_notice, d->base, d->computed);
	strbuf_append(&sb, ".");
	pacta_day named = b->rec->acts[notice].effective;
	if (b->rules->withdrawal_later_date && named != PACTA_DAY_NONE) {
		day(b, named, d3);
		if (named > d->computed) {
			strbuf_appendf(&sb, pacta_tr(b->lang, " The notification names a later date, %s, which Art. %s allows: it is used."),
				       d3, wart);
			day(b, named, d2);
		} else if (named < d->computed) {
			strbuf_appendf(&sb, pacta_tr(b->lang, " The notification names %s, before the period ends; only a later date may be named, so %s stands."),
				       d3, d2);
		}
	}
	bool past = d->date <= on;
	if (d->kind == PACTA_DERIV_WITHDRAWAL_EFFECTIVE) {
		if (b->rules->withdrawal_held_during_armed_conflict) {
			strbuf_appendf(&sb, pacta_tr(b->lang, " Art. %s holds a withdrawal back while the State is engaged in an armed conflict when the period expires; the record shows no armed conflict involving %s on %s, so "),
				       article_or(b->rules->armed_conflict.article), who, d2);
			strbuf_appendf(&sb,
				       past ? pacta_tr(b->lang, "the withdrawal took effect on %s.")
					    : pacta_tr(b->lang, "the withdrawal takes effect on %s, unless the record changes before then."),
				       d2);
		} else {
			strbuf_appendf(&sb,
				       past ? pacta_tr(b->lang, " So the withdrawal took effect on %s.")
					    : pacta_tr(b->lang, " So the withdrawal takes effect on %s, unless the record changes before then."),
				       d2);
		}
		add_step(b, PACTA_STEP_WITHDRAWAL, d->date, d->article, &sb, &notice, 1);
		return;
	}
	/* Held by an armed conflict. */
	const pacta_conflict *k = &b->rec->conflicts[d->conflict];
	strbuf_appendf(&sb, pacta_tr(b->lang, " On %s %s was engaged in an armed conflict (since %s, %s). Art. %s: the withdrawal does not take effect before the end of the armed conflict"),
		       d2, who, day(b, k->from, d3), k->source_url, article_or(d->article));
	if (d->kind == PACTA_DERIV_WITHDRAWAL_RELEASED)
		strbuf_appendf(&sb,
			       past ? pacta_tr(b->lang, "; the record dates its end %s, so the withdrawal took effect then.")
				    : pacta_tr(b->lang, "; the record dates its end %s, so the withdrawal takes effect then."),
			       day(b, d->date, d3));
	else
		strbuf_append(&sb, pacta_tr(b->lang, "; the record shows the conflict as ongoing, so the withdrawal is held."));
	add_step(b, PACTA_STEP_WITHDRAWAL, d->date == PACTA_DAY_NONE ? d->computed : d->date,
		 d->article, &sb, &notice, 1);
}

static void claim_steps(builder *b, const pacta_timeline *tl, pacta_day on)
{
	for (size_t i = 0; i < tl->n_claims; i++) {
		uint32_t ai = tl->claims[i];
		const pacta_act *a = &b->rec->acts[ai];
		if (a->date > on)
			continue;
		strbuf sb;
		strbuf_init(&sb);
		char d1[PACTA_LANG_DATE_BUFSZ];
		uint32_t cited[16];
		size_t n = 0;
		cited[n++] = ai;
		strbuf_appendf(&sb, pacta_tr(b->lang, "Claimed, not in effect: on %s %s gave %s [%zu]."),
			       day(b, a->date, d1), name_of(b, a->participant),
			       phrase(b, a->action), peek_cite(b, ai));
		if (b->rules->suspension.text)
			strbuf_appendf(&sb, " %s", b->rules->suspension.text);
		size_t shown = 0;
		for (size_t j = 0; j < tl->n_objections; j++) {
			const pacta_act *o = &b->rec->acts[tl->objections[j]];
			if (o->date > on)
				continue;
			strbuf_appendf(&sb, "%s %s (%s) [%zu]",
				       shown ? "," : pacta_tr(b->lang, " Contested: objections by"),
				       name_of(b, o->participant), day(b, o->date, d1),
				       peek_cite(b, tl->objections[j]));
			if (n < 16)
				cited[n++] = tl->objections[j];
			shown++;
		}
		if (shown)
			strbuf_append(&sb, ".");
		strbuf_append(&sb, pacta_tr(b->lang, " The claim changes no status by itself."));
		add_step(b, PACTA_STEP_CLAIM, a->date, b->rules->suspension.article, &sb, cited, n);
	}
}

static void status_step(builder *b, const pacta_timeline *tl, pacta_day on)
{
	const pacta_interval *iv;
	pacta_status st = pacta_status_on(b->ts, b->participant, on, &iv);
	b->ex->status = st;
	strbuf sb;
	strbuf_init(&sb);
	char d1[PACTA_LANG_DATE_BUFSZ], d2[PACTA_LANG_DATE_BUFSZ];
	const pacta_lang *l = b->lang;
	const char *who = name_of(b, b->participant);
	if (b->state_name)
		who = b->state_name;
	/* The treaty's short name in the language, where a source gives one. */
	const pacta_title *ti = pacta_treaty_title(b->treaty, pacta_lang_code(l));
	const char *treaty = ti && ti->name ? ti->name : b->treaty->name;
	pacta_lang_date(l, on, d1, sizeof(d1));
	switch (st) {
	case PACTA_STATUS_NONE: {
		/* Ended by an act (ceased, non-intent, revocation), or never begun. */
		pacta_derivation d_buf;
		const pacta_derivation *d =
			iv && iv->from != PACTA_DAY_NONE
				? pacta_treaty_status_derivation(b->ts, iv->why, &d_buf)
				: NULL;
		pacta_action why = d && d->n_acts ? b->rec->acts[d->acts[0]].action
						  : PACTA_ACT_ANNOUNCEMENT;
		pacta_lang_date(l, iv ? iv->from : PACTA_DAY_NONE, d2, sizeof(d2));
		if (why == PACTA_ACT_CEASED)
			strbuf_appendf(&sb, pacta_tr(l, "On %s %s no longer exists (since %s) and has no status under the %s."),
				       d1, who, d2, treaty);
		else if (why == PACTA_ACT_NON_INTENT)
			strbuf_appendf(&sb, pacta_tr(l, "On %s %s is not a signatory of the %s: on %s it gave notice that it does not intend to become a party."),
				       d1, who, treaty, d2);
		else if (why == PACTA_ACT_REVOCATION)
			strbuf_appendf(&sb, pacta_tr(l, "On %s %s is not bound by the %s: it revoked its consent on %s, before it was in force for it."),
				       d1, who, treaty, d2);
		else
			strbuf_appendf(&sb, pacta_tr(l, "On %s %s has neither signed nor consented to be bound by the %s."),
				       d1, who, treaty);
		break;
	}
	case PACTA_STATUS_SIGNATORY:
		strbuf_appendf(&sb, pacta_tr(l, "On %s %s is a signatory, not bound by the %s"), d1, who,
			       treaty);
		provisional_end(b, &sb, iv);
		break;
	case PACTA_STATUS_CONSENTED:
		strbuf_appendf(&sb, pacta_tr(l, "On %s %s has consented to be bound, but the %s is not yet in force for it"), d1,
			       who, treaty);
		if (tl->entry_into_force != PACTA_DAY_NONE)
			strbuf_appendf(&sb, pacta_tr(l, " (it will be from %s)"),
				       pacta_lang_date(l, tl->entry_into_force, d2, sizeof(d2)));
		provisional_end(b, &sb, iv);
		break;
	case PACTA_STATUS_PARTY:
		strbuf_appendf(&sb, pacta_tr(l, "On %s %s is a party to the %s, bound since %s."), d1, who,
			       treaty, pacta_lang_date(l, iv->from, d2, sizeof(d2)));
		break;
	case PACTA_STATUS_WITHDRAWAL_PENDING: {
		char d3[PACTA_LANG_DATE_BUFSZ];
		strbuf_appendf(&sb, pacta_tr(l, "On %s %s is still a party to the %s (bound since %s); its withdrawal takes effect on %s."),
			       d1, who, treaty,
			       pacta_lang_date(l, tl->entry_into_force, d2, sizeof(d2)),
			       tl->withdrawal_effective != PACTA_DAY_NONE
				       ? pacta_lang_date(l, tl->withdrawal_effective, d3, sizeof(d3))
				       : pacta_tr(l, "the end of the notice period"));
		break;
	}
	case PACTA_STATUS_WITHDRAWAL_HELD:
		strbuf_appendf(&sb, pacta_tr(l, "On %s %s is still a party to the %s: its withdrawal is held back while it is engaged in an armed conflict."),
			       d1, who, treaty);
		break;
	case PACTA_STATUS_WITHDRAWN:
		strbuf_appendf(&sb, pacta_tr(l, "On %s %s is no longer bound by the %s: its withdrawal took effect on %s."),
			       d1, who, treaty, pacta_lang_date(l, iv->from, d2, sizeof(d2)));
		break;
	default:
		break;
	}
	if (tl->n_claims && pacta_status_is_bound(st))
		strbuf_append(&sb, pacta_tr(l, " Its claimed suspension is recorded, and contested, but changes no status."));
	b->ex->summary = sb.buf ? strdup(sb.buf) : NULL;
	if (!b->ex->summary)
		b->failed = true;
	add_step(b, PACTA_STEP_STATUS, on, NULL, &sb, NULL, 0);
}

pacta_rc pacta_explain(const pacta_treaty_status *ts, uint32_t participant, pacta_day on,
		       pacta_explanation *out, pacta_error *err)
{
	return pacta_explain_in(ts, participant, on, NULL, out, err);
}

pacta_rc pacta_explain_in(const pacta_treaty_status *ts, uint32_t participant, pacta_day on,
			  const pacta_explain_opts *opts, pacta_explanation *out,
			  pacta_error *err)
{
	memset(out, 0, sizeof(*out));
	out->on = on;
	const pacta_record *rec = pacta_treaty_status_record(ts);
	pacta_timeline tl_buf;
	const pacta_timeline *tl = pacta_treaty_status_timeline(ts, participant, &tl_buf);
	if (!tl)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "no such participant");
	const pacta_treaty *tr = &rec->treaties[pacta_treaty_status_treaty(ts)];
	builder b = {ts, rec, tr, tr->rules, out, 0, 0,
		     false, participant, opts ? opts->lang : NULL, opts ? opts->state_name : NULL,
		     opts};
	size_t first, last;
	pacta_record_acts_of(rec, pacta_treaty_status_treaty(ts), participant, &first, &last);

	const pacta_derivation *treaty = pacta_treaty_status_in_force(ts);
	bool consent_known = tl->consent_act >= 0 && rec->acts[tl->consent_act].date <= on;
	if (treaty && consent_known)
		treaty_in_force_step(&b, treaty);
	else if (!treaty &&
		 (b.rules->entry_into_force_requires_group || b.rules->n_entry_into_force_requires))
		treaty_waits_step(&b);
	/* Domestic steps first within the story, then acts in date order. */
	for (size_t i = first; i < last && !b.failed; i++) {
		const pacta_act *a = &rec->acts[i];
		if (a->date > on)
			continue;
		switch (pacta_action_class_of(a->action)) {
		case PACTA_CLASS_DOMESTIC:
			act_step(&b, PACTA_STEP_DOMESTIC, (uint32_t)i, NULL, NULL);
			break;
		case PACTA_CLASS_SIGNATURE:
			act_step(&b, PACTA_STEP_SIGNATURE, (uint32_t)i, b.rules->signature.article, NULL);
			break;
		case PACTA_CLASS_CONSENT:
			/* A protocol: quote what it says about its parent. */
			act_step(&b, PACTA_STEP_CONSENT, (uint32_t)i, b.rules->consent.article,
				 b.rules->requires_party_to ? b.rules->parent.text : NULL);
			if ((int32_t)i == tl->consent_act && tl->entry_into_force_why >= 0)
				in_force_step(&b, tl);
			break;
		case PACTA_CLASS_DECLARATION:
			if (a->action == PACTA_ACT_PROVISIONAL_APPLICATION)
				provisional_step(&b, tl, (uint32_t)i);
			else if (a->action == PACTA_ACT_PROVISIONAL_APPLICATION_END)
				provisional_end_step(&b, tl, (uint32_t)i);
			else
				act_step(&b, PACTA_STEP_DECLARATION, (uint32_t)i, NULL, NULL);
			break;
		case PACTA_CLASS_WITHDRAWAL: {
			pacta_derivation w_buf;
			if (tl->withdrawal_why >= 0 &&
			    pacta_treaty_status_derivation(ts, (uint32_t)tl->withdrawal_why, &w_buf)
					    ->acts[0] == i)
				withdrawal_steps(&b, tl, on);
			break;
		}
		case PACTA_CLASS_UNDOING:
			undo_step(&b, (uint32_t)i);
			break;
		case PACTA_CLASS_CLAIM:
			break;
		}
	}
	/* A withdrawal from a parent treaty that applies here is not among
	 * this treaty's acts. */
	if (!b.failed && tl->withdrawal_why >= 0) {
		pacta_derivation w_buf;
		const pacta_derivation *w =
			pacta_treaty_status_derivation(ts, (uint32_t)tl->withdrawal_why, &w_buf);
		const pacta_act *wa = &rec->acts[w->acts[0]];
		if (wa->treaty != pacta_treaty_status_treaty(ts) && wa->date <= on)
			withdrawal_steps(&b, tl, on);
	}
	if (!b.failed)
		claim_steps(&b, tl, on);
	if (!b.failed)
		status_step(&b, tl, on);
	if (b.failed) {
		pacta_explanation_free(out);
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	}
	return PACTA_OK;
}

void pacta_explanation_free(pacta_explanation *ex)
{
	if (!ex)
		return;
	for (size_t i = 0; i < ex->n_steps; i++) {
		free(ex->steps[i].text);
		free(ex->steps[i].cites);
	}
	free(ex->steps);
	free(ex->sources);
	free(ex->summary);
	memset(ex, 0, sizeof(*ex));
}
