/*
 * rules.c - reads a treaty's rules file (JSON) into pacta_rules, and the
 * delay arithmetic the rules speak in.
 *
 * The reader is strict: unknown keys, wrong types and impossible values are
 * errors naming the field, so a typo in a rules file cannot silently change
 * what the engine computes. The format is documented in docs/rules.md.
 */
#include "pacta/scaffold.h"
#include "pacta/url.h"
#include "inline.h"
#include "jsontext.h"
#include "record_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULES_MAX_BYTES (1024 * 1024)
#define RULES_MAX_RECORD_FILES 32
/* Deepest nesting of arrays and objects in a rules file. Real ones reach
 * 5; jansson's own bound (2048) is far above what a rules file needs and
 * recursion is bounded before jansson sees the text. */
#define RULES_MAX_DEPTH 32

/* The files of every treaty that names none. */
static const pacta_treaty_files no_files;

pacta_day pacta_delay_apply(pacta_delay delay, pacta_day base)
{
	if (base == PACTA_DAY_NONE || base == PACTA_DAY_OPEN)
		return base;
	switch (delay.unit) {
	case PACTA_DELAY_NONE:
		return base;
	case PACTA_DELAY_DAYS:
		return pacta_date_add_days(base, delay.n);
	case PACTA_DELAY_MONTHS:
		return pacta_date_add_months(base, delay.n);
	case PACTA_DELAY_YEARS:
		return pacta_date_add_years(base, delay.n);
	case PACTA_DELAY_FIRST_OF_MONTH:
		return pacta_date_first_of_nth_month_after(base, delay.n);
	case PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING:
		/* N months after lands in the month N after the base's; the
		 * month following it begins on the 1st of month N + 1. */
		return pacta_date_first_of_nth_month_after(base, delay.n + 1);
	}
	return base;
}

char *pacta_ordinal(int n, char *buf, size_t size)
{
	const char *suffix = "th";
	int tens = n % 100 < 0 ? -(n % 100) : n % 100;
	if (tens < 11 || tens > 13) {
		if (tens % 10 == 1)
			suffix = "st";
		else if (tens % 10 == 2)
			suffix = "nd";
		else if (tens % 10 == 3)
			suffix = "rd";
	}
	snprintf(buf, size, "%d%s", n, suffix);
	return buf;
}

static const char *const number_words[] = {"zero", "one", "two", "three", "four", "five",
					   "six", "seven", "eight", "nine", "ten", "eleven",
					   "twelve"};
static const char *const ordinal_words[] = {"zeroth", "first", "second", "third",
					    "fourth", "fifth", "sixth", "seventh",
					    "eighth", "ninth", "tenth", "eleventh",
					    "twelfth"};

char *pacta_delay_describe(pacta_delay delay, char *buf, size_t size)
{
	char num[24];
	int n = delay.n;
	if (n >= 0 && n <= 12)
		snprintf(num, sizeof(num), "%s", number_words[n]);
	else
		snprintf(num, sizeof(num), "%d", n);
	switch (delay.unit) {
	case PACTA_DELAY_NONE:
		snprintf(buf, size, "on");
		break;
	case PACTA_DELAY_DAYS:
		snprintf(buf, size, "%s day%s after", num, n == 1 ? "" : "s");
		break;
	case PACTA_DELAY_MONTHS:
		snprintf(buf, size, "%s month%s after", num, n == 1 ? "" : "s");
		break;
	case PACTA_DELAY_YEARS:
		snprintf(buf, size, "%s year%s after", num, n == 1 ? "" : "s");
		break;
	case PACTA_DELAY_FIRST_OF_MONTH:
		if (n >= 0 && n <= 12)
			snprintf(buf, size, "the first day of the %s month after", ordinal_words[n]);
		else
			snprintf(buf, size, "the first day of month %d after", n);
		break;
	case PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING:
		snprintf(buf, size, "the first day of the month following the expiry of %s month%s after",
			 num, n == 1 ? "" : "s");
		break;
	}
	return buf;
}

/* Parsing context: where we are, for messages. */
typedef struct rctx {
	pacta_record *rec;
	const char *origin;
	pacta_error *err;
	/* A clauses file: the threshold may be left to each treaty. */
	bool shared;
	/* The treaty parsed (its id, its opening for signature, and where its
	 * threshold and stated date go), or NULL for a clauses file ... */
	pacta_treaty *treaty;
	/* ... whose threshold and stated date go here. */
	rules_clauses *set;
} rctx;

static pacta_rc field_error(rctx *c, const char *field, const char *why)
{
	return pacta_error_set(c->err, PACTA_ERR_PARSE, c->origin, "field '%s': %s", field, why);
}

/* Refuses keys outside allowed (NULL-terminated). */
static pacta_rc only_keys(rctx *c, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			if (strcmp(*a, key) == 0)
				ok = true;
		if (!ok) {
			char f[160];
			snprintf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
			return field_error(c, f, "unknown key");
		}
	}
	return PACTA_OK;
}

static pacta_rc get_string(rctx *c, json_t *obj, const char *key, const char *path,
			   bool required, const char **out)
{
	json_t *v = json_object_get(obj, key);
	/* The field's path is only written out for an error. */
	char f[160];
	if (!v || json_is_null(v)) {
		*out = NULL;
		if (!required)
			return PACTA_OK;
		snprintf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
		return field_error(c, f, "missing");
	}
	if (!json_is_string(v)) {
		snprintf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
		return field_error(c, f, "expected a string");
	}
	*out = pacta_record_strdup(c->rec, json_string_value(v));
	if (!*out)
		return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	return PACTA_OK;
}

static pacta_rc get_date(rctx *c, json_t *obj, const char *key, const char *path,
			 bool required, pacta_day *out)
{
	const char *s = NULL;
	pacta_rc rc = get_string(c, obj, key, path, required, &s);
	if (rc != PACTA_OK)
		return rc;
	*out = PACTA_DAY_NONE;
	if (s && !pacta_date_parse(s, strlen(s), out)) {
		char f[160];
		snprintf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
		return field_error(c, f, "expected a date YYYY-MM-DD");
	}
	return PACTA_OK;
}

static pacta_rc get_bool(rctx *c, json_t *obj, const char *key, const char *path, bool dflt,
			 bool *out)
{
	json_t *v = json_object_get(obj, key);
	*out = dflt;
	if (!v)
		return PACTA_OK;
	if (!json_is_boolean(v)) {
		char f[160];
		snprintf(f, sizeof(f), "%s.%s", path, key);
		return field_error(c, f, "expected true or false");
	}
	*out = json_is_true(v);
	return PACTA_OK;
}

/* {"days": N} | {"months": N} | {"years": N} | {"first_day_of_month_after": N} */
static pacta_rc get_delay(rctx *c, json_t *obj, const char *key, const char *path,
			  bool required, pacta_delay *out)
{
	static const struct {
		const char *name;
		pacta_delay_unit unit;
	} units[] = {{"days", PACTA_DELAY_DAYS},
		     {"months", PACTA_DELAY_MONTHS},
		     {"years", PACTA_DELAY_YEARS},
		     {"first_day_of_month_after", PACTA_DELAY_FIRST_OF_MONTH},
		     {"first_day_of_month_following", PACTA_DELAY_FIRST_OF_MONTH_FOLLOWING}};
	char f[160];
	snprintf(f, sizeof(f), "%s.%s", path, key);
	json_t *v = json_object_get(obj, key);
	out->unit = PACTA_DELAY_NONE;
	out->n = 0;
	if (!v) {
		if (required)
			return field_error(c, f, "missing");
		return PACTA_OK;
	}
	if (!json_is_object(v) || json_object_size(v) != 1)
		return field_error(c, f,
				   "expected one of {\"days\": N}, {\"months\": N}, {\"years\": N}, {\"first_day_of_month_after\": N}, {\"first_day_of_month_following\": N}");
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		json_t *n = json_object_get(v, units[i].name);
		if (!n)
			continue;
		if (!json_is_integer(n) || json_integer_value(n) < 0 ||
		    json_integer_value(n) > 1200)
			return field_error(c, f, "expected a whole number from 0 to 1200");
		out->unit = units[i].unit;
		out->n = (int)json_integer_value(n);
		return PACTA_OK;
	}
	return field_error(c, f,
			   "unknown unit (use days, months, years, first_day_of_month_after or first_day_of_month_following)");
}

/* A clause object: {"article": "...", "text": "...", ...}; absent = NULL. */
static pacta_rc get_clause(rctx *c, json_t *rules, const char *key, const char *const *allowed,
			   json_t **obj, pacta_clause *out)
{
	char path[64];
	snprintf(path, sizeof(path), "rules.%s", key);
	out->article = out->text = NULL;
	*obj = json_object_get(rules, key);
	if (!*obj)
		return PACTA_OK;
	if (!json_is_object(*obj))
		return field_error(c, path, "expected an object");
	pacta_rc rc = only_keys(c, *obj, path, allowed);
	if (rc == PACTA_OK)
		rc = get_string(c, *obj, "article", path, false, &out->article);
	if (rc == PACTA_OK)
		rc = get_string(c, *obj, "text", path, false, &out->text);
	return rc;
}

static pacta_rc get_action_set(rctx *c, json_t *obj, const char *key, const char *path,
			       uint32_t *out)
{
	char f[160];
	snprintf(f, sizeof(f), "%s.%s", path, key);
	json_t *arr = json_object_get(obj, key);
	*out = 0;
	if (!arr)
		return PACTA_OK;
	if (!json_is_array(arr))
		return field_error(c, f, "expected a list of action names");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		pacta_action a;
		if (!json_is_string(v) || !pacta_action_parse(json_string_value(v), &a))
			return field_error(c, f, "unknown action name");
		*out |= 1u << a;
	}
	return PACTA_OK;
}

/* "on": "MM-DD" for annual obligations. */
static pacta_rc get_month_day(rctx *c, json_t *o, const char *path, int *month, int *day)
{
	const char *s;
	pacta_rc rc = get_string(c, o, "on", path, true, &s);
	if (rc)
		return rc;
	char f[160];
	snprintf(f, sizeof(f), "%s.on", path);
	if (strlen(s) != 5 || s[2] != '-' || s[0] < '0' || s[0] > '1' || s[1] < '0' ||
	    s[1] > '9' || s[3] < '0' || s[3] > '3' || s[4] < '0' || s[4] > '9')
		return field_error(c, f, "expected \"MM-DD\"");
	*month = (s[0] - '0') * 10 + (s[1] - '0');
	*day = (s[3] - '0') * 10 + (s[4] - '0');
	/* Every year must have the day: 29 February is refused. */
	if (*month < 1 || *month > 12 || *day < 1 || *day > pacta_date_days_in_month(2023, *month))
		return field_error(c, f, "not a day that every year has");
	return PACTA_OK;
}

/* "reopening": {"article", "text", "decision", "source_url", "delay"} on a
 * deadline: what newly reported mined areas do (docs/rules.md). */
static pacta_rc parse_reopening(rctx *c, json_t *o, const char *path, pacta_obligation_rule *ob)
{
	static const char *const keys[] = {"article", "text", "decision", "source_url", "delay",
					   NULL};
	char f[96];
	pacta_rc rc;
	if (!o)
		return PACTA_OK;
	snprintf(f, sizeof(f), "%s.reopening", path);
	if (!json_is_object(o) || ob->kind != PACTA_OBLIGATION_DEADLINE)
		return field_error(c, f, "expected an object, on a deadline");
	if ((rc = only_keys(c, o, f, keys)) ||
	    (rc = get_string(c, o, "article", f, false, &ob->reopen.article)) ||
	    (rc = get_string(c, o, "text", f, false, &ob->reopen.text)) ||
	    (rc = get_string(c, o, "decision", f, false, &ob->reopen_decision)) ||
	    (rc = get_string(c, o, "source_url", f, false, &ob->reopen_source)) ||
	    (rc = get_delay(c, o, "delay", f, false, &ob->reopen_delay)))
		return rc;
	char why[PACTA_URL_WHY_BUFSZ];
	if (ob->reopen_source && !pacta_url_check(ob->reopen_source, why, sizeof(why))) {
		char g[128], text[PACTA_URL_WHY_BUFSZ + 32];
		snprintf(g, sizeof(g), "%s.source_url", f);
		snprintf(text, sizeof(text), "not a valid http(s) URL: %s", why);
		return field_error(c, g, text);
	}
	ob->reopen_has_delay = json_object_get(o, "delay") != NULL;
	ob->reopening = true;
	return PACTA_OK;
}

static pacta_rc parse_obligations(rctx *c, json_t *arr, pacta_rules *r)
{
	static const char *const keys[] = {"id", "article", "text", "name", "kind", "applies",
					   "delay", "on", "extensions", "reopening", NULL};
	static const char *const k_plain[] = {"article", "text", NULL};
	pacta_obligation_rule obs[PACTA_OBLIGATIONS_MAX];
	r->n_obligations = 0;
	r->obligations = NULL;
	if (!arr)
		return PACTA_OK;
	if (!json_is_array(arr) || json_array_size(arr) > PACTA_OBLIGATIONS_MAX)
		return field_error(c, "rules.obligations", "expected a list of up to 16 obligations");
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		char path[64];
		snprintf(path, sizeof(path), "rules.obligations[%zu]", i);
		pacta_obligation_rule *ob = &obs[i];
		memset(ob, 0, sizeof(*ob));
		if (!json_is_object(o))
			return field_error(c, path, "expected an object");
		const char *id, *kind, *applies;
		pacta_rc rc;
		if ((rc = only_keys(c, o, path, keys)) ||
		    (rc = get_string(c, o, "id", path, true, &id)) ||
		    (rc = get_string(c, o, "article", path, true, &ob->clause.article)) ||
		    (rc = get_string(c, o, "text", path, false, &ob->clause.text)) ||
		    (rc = get_string(c, o, "name", path, true, &ob->name)) ||
		    (rc = get_string(c, o, "kind", path, true, &kind)) ||
		    (rc = get_string(c, o, "applies", path, true, &applies)))
			return rc;
		char f[96];
		snprintf(f, sizeof(f), "%s.id", path);
		if (!*id || strlen(id) >= PACTA_OBLIGATION_ID_MAX)
			return field_error(c, f, "must be 1 to 7 characters");
		for (size_t j = 0; j < i; j++)
			if (strcmp(obs[j].id, id) == 0)
				return field_error(c, f, "is used twice");
		memcpy(ob->id, id, strlen(id) + 1);
		snprintf(f, sizeof(f), "%s.applies", path);
		if (strcmp(applies, "all_parties") == 0)
			ob->applies = PACTA_APPLIES_ALL_PARTIES;
		else if (strcmp(applies, "recorded") == 0)
			ob->applies = PACTA_APPLIES_RECORDED;
		else
			return field_error(c, f, "expected \"all_parties\" or \"recorded\"");
		snprintf(f, sizeof(f), "%s.kind", path);
		if (strcmp(kind, "deadline") == 0) {
			ob->kind = PACTA_OBLIGATION_DEADLINE;
			if ((rc = get_delay(c, o, "delay", path, true, &ob->delay)))
				return rc;
		} else if (strcmp(kind, "annual") == 0) {
			ob->kind = PACTA_OBLIGATION_ANNUAL;
			if ((rc = get_month_day(c, o, path, &ob->month, &ob->day)))
				return rc;
		} else if (strcmp(kind, "continuing") == 0) {
			ob->kind = PACTA_OBLIGATION_CONTINUING;
		} else {
			return field_error(c, f, "expected \"deadline\", \"annual\" or \"continuing\"");
		}
		snprintf(f, sizeof(f), "%s.delay", path);
		if (ob->kind != PACTA_OBLIGATION_DEADLINE && json_object_get(o, "delay"))
			return field_error(c, f, "only a deadline has a delay");
		snprintf(f, sizeof(f), "%s.on", path);
		if (ob->kind != PACTA_OBLIGATION_ANNUAL && json_object_get(o, "on"))
			return field_error(c, f, "only an annual obligation has a day");
		json_t *ext = json_object_get(o, "extensions");
		if (ext) {
			snprintf(f, sizeof(f), "%s.extensions", path);
			if (!json_is_object(ext) || ob->kind != PACTA_OBLIGATION_DEADLINE)
				return field_error(c, f, "expected an object, on a deadline");
			if ((rc = only_keys(c, ext, f, k_plain)) ||
			    (rc = get_string(c, ext, "article", f, false, &ob->extension.article)) ||
			    (rc = get_string(c, ext, "text", f, false, &ob->extension.text)))
				return rc;
			ob->extensions = true;
		}
		if ((rc = parse_reopening(c, json_object_get(o, "reopening"), path, ob)))
			return rc;
	}
	r->n_obligations = json_array_size(arr);
	if (r->n_obligations) {
		r->obligations = arena_alloc(&c->rec->index->strings,
					     r->n_obligations * sizeof(*r->obligations));
		if (!r->obligations)
			return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
		memcpy(r->obligations, obs, r->n_obligations * sizeof(*r->obligations));
	}
	return PACTA_OK;
}

/* "requires_party_to": {"treaty": ID, "article", "text"}: a protocol open
 * only to the parties of its parent treaty. */
static pacta_rc parse_parent(rctx *c, json_t *consent, pacta_rules *r)
{
	static const char *const keys[] = {"treaty", "article", "text", "withdrawal_applies", NULL};
	static const char *const k_plain[] = {"article", "text", NULL};
	const char *path = "rules.consent.requires_party_to";
	json_t *o = json_object_get(consent, "requires_party_to");
	r->requires_party_to = NULL;
	r->parent.article = r->parent.text = NULL;
	r->parent_withdrawal_applies = false;
	r->parent_withdrawal.article = r->parent_withdrawal.text = NULL;
	if (!o)
		return PACTA_OK;
	if (!json_is_object(o))
		return field_error(c, path, "expected {\"treaty\": ID, \"article\": ..., \"text\": ...}");
	pacta_rc rc;
	if ((rc = only_keys(c, o, path, keys)) ||
	    (rc = get_string(c, o, "treaty", path, true, &r->requires_party_to)) ||
	    (rc = get_string(c, o, "article", path, false, &r->parent.article)) ||
	    (rc = get_string(c, o, "text", path, false, &r->parent.text)))
		return rc;
	if (!*r->requires_party_to ||
	    (c->treaty && strcmp(r->requires_party_to, c->treaty->id) == 0))
		return field_error(c, "rules.consent.requires_party_to.treaty",
				   "must name another treaty");
	json_t *w = json_object_get(o, "withdrawal_applies");
	if (!w)
		return PACTA_OK;
	const char *wpath = "rules.consent.requires_party_to.withdrawal_applies";
	if (!json_is_object(w))
		return field_error(c, wpath, "expected an object");
	if ((rc = only_keys(c, w, wpath, k_plain)) ||
	    (rc = get_string(c, w, "article", wpath, false, &r->parent_withdrawal.article)) ||
	    (rc = get_string(c, w, "text", wpath, false, &r->parent_withdrawal.text)))
		return rc;
	r->parent_withdrawal_applies = true;
	return PACTA_OK;
}

/* "requires": {"group": NAME} or {"states": [ISO3, ...]}. The names are
 * resolved against the record when the status is compiled (the groups and
 * states may be loaded after the rules). */
static pacta_rc parse_requires(rctx *c, json_t *eif, pacta_rules *r)
{
	static const char *const keys[] = {"group", "states", NULL};
	const char *path = "rules.entry_into_force.requires";
	json_t *o = json_object_get(eif, "requires");
	r->entry_into_force_requires_group = NULL;
	r->entry_into_force_requires = NULL;
	r->n_entry_into_force_requires = 0;
	if (!o)
		return PACTA_OK;
	if (!json_is_object(o) || json_object_size(o) != 1)
		return field_error(c, path, "expected {\"group\": NAME} or {\"states\": [ISO3, ...]}");
	pacta_rc rc = only_keys(c, o, path, keys);
	if (rc)
		return rc;
	if (json_object_get(o, "group")) {
		if ((rc = get_string(c, o, "group", path, true,
				     &r->entry_into_force_requires_group)))
			return rc;
		if (!*r->entry_into_force_requires_group)
			return field_error(c, "rules.entry_into_force.requires.group",
					   "must not be empty");
		return PACTA_OK;
	}
	json_t *arr = json_object_get(o, "states");
	const char *f = "rules.entry_into_force.requires.states";
	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 1000)
		return field_error(c, f, "expected a list of 1 to 1000 ISO3 codes");
	const char **codes = arena_alloc(&c->rec->index->strings,
					 json_array_size(arr) * sizeof(*codes));
	if (!codes)
		return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *code = json_is_string(v) ? json_string_value(v) : "";
		if (strlen(code) != 3 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' ||
		    code[1] > 'Z' || code[2] < 'A' || code[2] > 'Z')
			return field_error(c, f, "each entry must be an ISO 3166 alpha-3 code such as \"USA\"");
		for (size_t j = 0; j < i; j++)
			if (strcmp(codes[j], code) == 0)
				return field_error(c, f, "lists a state twice");
		codes[i] = pacta_record_strdup(c->rec, code);
		if (!codes[i])
			return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	}
	r->entry_into_force_requires = codes;
	r->n_entry_into_force_requires = json_array_size(arr);
	return PACTA_OK;
}

/* "not_before": {"date": D} or {"after_opening": delay}. */
static pacta_rc parse_not_before(rctx *c, json_t *eif, pacta_rules *r)
{
	static const char *const keys[] = {"date", "after_opening", NULL};
	const char *path = "rules.entry_into_force.not_before";
	json_t *o = json_object_get(eif, "not_before");
	r->entry_into_force_not_before = PACTA_DAY_NONE;
	r->entry_into_force_has_not_before_opening = false;
	if (!o)
		return PACTA_OK;
	if (!json_is_object(o) || json_object_size(o) != 1)
		return field_error(c, path, "expected {\"date\": \"YYYY-MM-DD\"} or {\"after_opening\": delay}");
	pacta_rc rc = only_keys(c, o, path, keys);
	if (rc)
		return rc;
	if (json_object_get(o, "date"))
		return get_date(c, o, "date", path, true, &r->entry_into_force_not_before);
	pacta_day opened = c->treaty ? c->treaty->signature_opened : PACTA_DAY_NONE;
	if (opened == PACTA_DAY_NONE)
		return field_error(c, "rules.entry_into_force.not_before.after_opening",
				   "needs \"opened_for_signature\"");
	if ((rc = get_delay(c, o, "after_opening", path, true,
			    &r->entry_into_force_not_before_opening)))
		return rc;
	r->entry_into_force_has_not_before_opening = true;
	r->entry_into_force_not_before =
		pacta_delay_apply(r->entry_into_force_not_before_opening, opened);
	return PACTA_OK;
}

/* provisional_application's "at": ["signature", "consent"] (when it may be
 * declared), and "articles": ["6", "7"] (what is applied; kept as "6 and 7"
 * for the answers). */
static pacta_rc parse_provisional(rctx *c, json_t *o, pacta_rules *r)
{
	json_t *at = json_object_get(o, "at"), *arts = json_object_get(o, "articles"), *v;
	size_t i;
	r->provisional_at_signature = r->provisional_at_consent = false;
	r->provisional_articles = NULL;
	if (at) {
		if (!json_is_array(at) || json_array_size(at) == 0)
			return field_error(c, "rules.provisional_application.at",
					   "expected a list of \"signature\" and \"consent\"");
		json_array_foreach(at, i, v) {
			const char *w = json_is_string(v) ? json_string_value(v) : "";
			bool *flag = strcmp(w, "signature") == 0 ? &r->provisional_at_signature
				     : strcmp(w, "consent") == 0 ? &r->provisional_at_consent
								   : NULL;
			if (!flag)
				return field_error(c, "rules.provisional_application.at",
						   "expected \"signature\" or \"consent\"");
			if (*flag)
				return field_error(c, "rules.provisional_application.at",
						   "lists a moment twice");
			*flag = true;
		}
	}
	if (!arts)
		return PACTA_OK;
	if (!json_is_array(arts) || json_array_size(arts) == 0 || json_array_size(arts) > 32)
		return field_error(c, "rules.provisional_application.articles",
				   "expected a list of 1 to 32 article numbers");
	char buf[640];
	size_t len = 0, n = json_array_size(arts);
	buf[0] = '\0';
	json_array_foreach(arts, i, v) {
		const char *w = json_is_string(v) ? json_string_value(v) : "";
		if (!*w || strlen(w) > 12)
			return field_error(c, "rules.provisional_application.articles",
					   "each entry must be an article number of 1 to 12 characters");
		for (size_t j = 0; j < i; j++)
			if (strcmp(json_string_value(json_array_get(arts, j)), w) == 0)
				return field_error(c, "rules.provisional_application.articles",
						   "lists an article twice");
		int k = snprintf(buf + len, sizeof(buf) - len, "%s%s",
				 i == 0 ? "" : i + 1 == n ? " and " : ", ", w);
		if (k > 0)
			len += (size_t)k;
	}
	r->provisional_articles = pacta_record_strdup(c->rec, buf);
	if (!r->provisional_articles)
		return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	return PACTA_OK;
}

static pacta_rc parse_rules_object(rctx *c, json_t *rules, pacta_rules *r)
{
	static const char *const top[] = {"signature", "consent", "entry_into_force",
					  "entry_into_force_later", "succession",
					  "provisional_application", "reservations",
					  "withdrawal", "suspension", "obligations", "revocation",
					  "non_intent", NULL};
	static const char *const k_sig[] = {"article", "text", "closes_at_entry_into_force",
					    "open_until", NULL};
	static const char *const k_consent[] = {"article", "text", "instruments",
						"requires_signature",
						"accession_only_by_non_signatories",
						"accession_opens_at_entry_into_force",
						"requires_party_to", NULL};
	static const char *const k_eif[] = {"article", "text", "instruments", "counts", "delay",
					    "stated", "requires", "not_before", NULL};
	static const char *const k_later[] = {"article", "text", "delay", "after", NULL};
	static const char *const k_succ[] = {"article", "text", "effective", NULL};
	static const char *const k_plain[] = {"article", "text", NULL};
	static const char *const k_prov[] = {"article", "text", "at", "articles", NULL};
	static const char *const k_res[] = {"article", "text", "allowed", NULL};
	static const char *const k_wd[] = {"article", "text", "notice",
					   "held_during_armed_conflict", "later_date",
					   "conditions", NULL};
	pacta_rc rc = only_keys(c, rules, "rules", top);
	json_t *o;
	if (rc != PACTA_OK)
		return rc;

	if ((rc = get_clause(c, rules, "signature", k_sig, &o, &r->signature)))
		return rc;
	if (o && (rc = get_bool(c, o, "closes_at_entry_into_force", "rules.signature", false,
				&r->signature_closes_at_entry_into_force)))
		return rc;
	r->signature_open_until = PACTA_DAY_NONE;
	if (o && (rc = get_date(c, o, "open_until", "rules.signature", false,
				&r->signature_open_until)))
		return rc;

	if ((rc = get_clause(c, rules, "consent", k_consent, &o, &r->consent)))
		return rc;
	if (!o)
		return field_error(c, "rules.consent", "missing");
	if ((rc = get_action_set(c, o, "instruments", "rules.consent", &r->consent_actions)))
		return rc;
	if (!r->consent_actions)
		return field_error(c, "rules.consent.instruments", "missing or empty");
	for (int a = 0; a < PACTA_ACT__COUNT; a++)
		if ((r->consent_actions & (1u << a)) &&
		    pacta_action_class_of((pacta_action)a) != PACTA_CLASS_CONSENT)
			return field_error(c, "rules.consent.instruments",
					   "lists an action that is not a consent instrument");
	if ((rc = get_action_set(c, o, "requires_signature", "rules.consent",
				 &r->consent_requires_signature)))
		return rc;
	if ((rc = get_bool(c, o, "accession_only_by_non_signatories", "rules.consent", false,
			   &r->accession_only_by_non_signatories)))
		return rc;
	if ((rc = get_bool(c, o, "accession_opens_at_entry_into_force", "rules.consent", false,
			   &r->accession_opens_at_entry_into_force)))
		return rc;
	if (r->accession_opens_at_entry_into_force &&
	    !(r->consent_actions & (1u << PACTA_ACT_ACCESSION)))
		return field_error(c, "rules.consent.accession_opens_at_entry_into_force",
				   "rules.consent.instruments has no accession");
	if ((rc = parse_parent(c, o, r)))
		return rc;

	if ((rc = get_clause(c, rules, "entry_into_force", k_eif, &o, &r->entry_into_force)))
		return rc;
	if (!o)
		return field_error(c, "rules.entry_into_force", "missing");
	if ((rc = parse_requires(c, o, r)))
		return rc;
	json_t *n = json_object_get(o, "instruments");
	bool listed = r->entry_into_force_requires_group || r->n_entry_into_force_requires;
	int *instruments = c->treaty ? &c->treaty->entry_into_force_instruments :
				       &c->set->entry_into_force_instruments;
	pacta_day *stated = c->treaty ? &c->treaty->entry_into_force_stated :
					&c->set->entry_into_force_stated;
	if (!n && (listed || c->shared))
		*instruments = 0; /* only the listed states, or each treaty's */
	else if (!n || !json_is_integer(n) || json_integer_value(n) < 1 ||
		 json_integer_value(n) > 100000)
		return field_error(c, "rules.entry_into_force.instruments",
				   "expected a whole number from 1");
	else
		*instruments = (int)json_integer_value(n);
	if ((rc = get_action_set(c, o, "counts", "rules.entry_into_force",
				 &r->entry_into_force_counts)))
		return rc;
	if (json_object_get(o, "counts") && !r->entry_into_force_counts)
		return field_error(c, "rules.entry_into_force.counts", "expected a non-empty list");
	if (r->entry_into_force_counts & ~r->consent_actions)
		return field_error(c, "rules.entry_into_force.counts",
				   "lists an instrument that rules.consent.instruments does not");
	if (!r->entry_into_force_counts)
		r->entry_into_force_counts = r->consent_actions;
	if ((rc = parse_not_before(c, o, r)))
		return rc;
	if ((rc = get_delay(c, o, "delay", "rules.entry_into_force", true,
			    &r->entry_into_force_delay)))
		return rc;
	if ((rc = get_date(c, o, "stated", "rules.entry_into_force", false, stated)))
		return rc;

	if ((rc = get_clause(c, rules, "entry_into_force_later", k_later, &o,
			     &r->entry_into_force_later)))
		return rc;
	r->entry_into_force_later_after = PACTA_LATER_AFTER_NTH_INSTRUMENT;
	if (o) {
		const char *after;
		if ((rc = get_delay(c, o, "delay", "rules.entry_into_force_later", true,
				    &r->entry_into_force_later_delay)) ||
		    (rc = get_string(c, o, "after", "rules.entry_into_force_later", false,
				     &after)))
			return rc;
		if (after && strcmp(after, "entry_into_force") == 0)
			r->entry_into_force_later_after = PACTA_LATER_AFTER_ENTRY_INTO_FORCE;
		else if (after && strcmp(after, "nth_instrument") != 0)
			return field_error(c, "rules.entry_into_force_later.after",
					   "expected \"nth_instrument\" or \"entry_into_force\"");
	} else {
		r->entry_into_force_later_delay = r->entry_into_force_delay;
		r->entry_into_force_later = r->entry_into_force;
	}

	if ((rc = get_clause(c, rules, "succession", k_succ, &o, &r->succession)))
		return rc;
	if (o) {
		const char *eff;
		if ((rc = get_string(c, o, "effective", "rules.succession", false, &eff)))
			return rc;
		if (eff && strcmp(eff, "stated") && strcmp(eff, "computed"))
			return field_error(c, "rules.succession.effective",
					   "expected \"stated\" or \"computed\"");
		r->succession_effective_stated = eff && strcmp(eff, "stated") == 0;
		r->succession_effective_computed = eff && strcmp(eff, "computed") == 0;
	}

	if ((rc = get_clause(c, rules, "provisional_application", k_prov, &o,
			     &r->provisional_application)))
		return rc;
	r->provisional_application_allowed = o != NULL;
	if (o && (rc = parse_provisional(c, o, r)))
		return rc;

	if ((rc = get_clause(c, rules, "reservations", k_res, &o, &r->reservations)))
		return rc;
	r->reservations_allowed = true;
	if (o && (rc = get_bool(c, o, "allowed", "rules.reservations", true,
				&r->reservations_allowed)))
		return rc;

	if ((rc = get_clause(c, rules, "withdrawal", k_wd, &o, &r->withdrawal)))
		return rc;
	r->withdrawal_allowed = o != NULL;
	if (o) {
		if ((rc = get_delay(c, o, "notice", "rules.withdrawal", true,
				    &r->withdrawal_notice)))
			return rc;
		json_t *h = json_object_get(o, "held_during_armed_conflict");
		if (h) {
			if (!json_is_object(h))
				return field_error(c, "rules.withdrawal.held_during_armed_conflict",
						   "expected an object");
			if ((rc = only_keys(c, h, "rules.withdrawal.held_during_armed_conflict",
					    k_plain)))
				return rc;
			if ((rc = get_string(c, h, "article",
					     "rules.withdrawal.held_during_armed_conflict", false,
					     &r->armed_conflict.article)) ||
			    (rc = get_string(c, h, "text",
					     "rules.withdrawal.held_during_armed_conflict", false,
					     &r->armed_conflict.text)))
				return rc;
			r->withdrawal_held_during_armed_conflict = true;
		}
		if ((rc = get_bool(c, o, "later_date", "rules.withdrawal", false,
				   &r->withdrawal_later_date)))
			return rc;
		json_t *k = json_object_get(o, "conditions");
		if (k) {
			if (!json_is_object(k))
				return field_error(c, "rules.withdrawal.conditions",
						   "expected an object");
			if ((rc = only_keys(c, k, "rules.withdrawal.conditions", k_plain)) ||
			    (rc = get_string(c, k, "article", "rules.withdrawal.conditions", false,
					     &r->withdrawal_conditions.article)) ||
			    (rc = get_string(c, k, "text", "rules.withdrawal.conditions", true,
					     &r->withdrawal_conditions.text)))
				return rc;
		}
	}

	if (r->parent_withdrawal_applies && !r->withdrawal_allowed)
		return field_error(c, "rules.consent.requires_party_to.withdrawal_applies",
				   "needs this treaty's own withdrawal clause (rules.withdrawal)");
	if ((rc = get_clause(c, rules, "suspension", k_plain, &o, &r->suspension)) ||
	    (rc = get_clause(c, rules, "revocation", k_plain, &o, &r->revocation)) ||
	    (rc = get_clause(c, rules, "non_intent", k_plain, &o, &r->non_intent)))
		return rc;
	return parse_obligations(c, json_object_get(rules, "obligations"), r);
}

/* A list of data files, relative to the data directory and never climbing
 * out of it; kept in the record's storage. NULL and 0 when absent. */
static pacta_rc get_file_list(rctx *c, json_t *root, const char *key, const char ***out,
			      size_t *n)
{
	*out = NULL;
	*n = 0;
	json_t *arr = json_object_get(root, key);
	if (!arr)
		return PACTA_OK;
	if (!json_is_array(arr) || json_array_size(arr) > RULES_MAX_RECORD_FILES)
		return field_error(c, key, "expected a list of up to 32 file paths");
	const char **files = arena_alloc(&c->rec->index->strings,
					 (json_array_size(arr) + 1) * sizeof(*files));
	if (!files)
		return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		if (!s || !*s || s[0] == '/' || strstr(s, ".."))
			return field_error(c, key,
					   "each entry must be a relative path inside the data directory");
		files[i] = pacta_record_strdup(c->rec, s);
		if (!files[i])
			return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	}
	*out = files;
	*n = json_array_size(arr);
	return PACTA_OK;
}

/* False when JSON text nests arrays and objects deeper than max (brackets
 * inside strings do not count); *line gets the line where it went over.
 * Malformed text passes, for the parser to report. */
static bool json_depth_ok(const char *json, size_t len, int max, size_t *line)
{
	int depth = 0;
	bool in_string = false, escaped = false;

	*line = 1;
	for (size_t i = 0; i < len; i++) {
		char ch = json[i];
		if (ch == '\n')
			(*line)++;
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (ch == '\\')
				escaped = true;
			else if (ch == '"')
				in_string = false;
		} else if (ch == '"') {
			in_string = true;
		} else if (ch == '[' || ch == '{') {
			if (++depth > max)
				return false;
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			depth--;
		}
	}
	return true;
}

static const char *const title_langs[PACTA_TITLE_LANGS + 1] = {"en", "fr", "es", "ar",
								 "zh", "ru", NULL};

/* "titles": {"fr": {"title": ..., "name": ..., "source_url": ...}, ...},
 * the UN's six languages only, each with its source. */
static pacta_rc parse_titles(rctx *c, json_t *o, pacta_treaty *treaty)
{
	static const char *const keys[] = {"title", "name", "source_url", NULL};
	if (!o)
		return PACTA_OK;
	if (!json_is_object(o))
		return field_error(c, "titles", "expected an object of languages (en, fr, es, ar, zh, ru)");
	pacta_rc rc = only_keys(c, o, "titles", title_langs);
	pacta_title *titles = NULL;
	if (!rc && json_object_size(o) &&
	    !(titles = arena_alloc(&c->rec->index->strings,
				   PACTA_TITLE_LANGS * sizeof(*titles))))
		return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	treaty->titles = titles;
	for (size_t i = 0; !rc && title_langs[i]; i++) {
		json_t *t = json_object_get(o, title_langs[i]);
		char path[32];
		snprintf(path, sizeof(path), "titles.%s", title_langs[i]);
		if (!t)
			continue;
		if (!json_is_object(t))
			return field_error(c, path, "expected {\"title\", \"source_url\"}");
		pacta_title *ti = &titles[treaty->n_titles];
		memset(ti, 0, sizeof(*ti));
		ti->lang = title_langs[i];
		if ((rc = only_keys(c, t, path, keys)) ||
		    (rc = get_string(c, t, "title", path, true, &ti->title)) ||
		    (rc = get_string(c, t, "name", path, false, &ti->name)) ||
		    (rc = get_string(c, t, "source_url", path, true, &ti->source_url)))
			return rc;
		char why[PACTA_URL_WHY_BUFSZ], text[PACTA_URL_WHY_BUFSZ + 40], f[48];
		if (!pacta_url_check(ti->source_url, why, sizeof(why))) {
			snprintf(text, sizeof(text), "not a valid http(s) URL: %s", why);
			snprintf(f, sizeof(f), "%s.source_url", path);
			return field_error(c, f, text);
		}
		treaty->n_titles++;
	}
	return rc;
}

const pacta_title *pacta_treaty_title(const pacta_treaty *t, const char *lang)
{
	for (size_t i = 0; lang && i < t->n_titles; i++) {
		size_t n = strlen(t->titles[i].lang);
		if (strncmp(t->titles[i].lang, lang, n) == 0 && (lang[n] == '\0' || lang[n] == '_'))
			return &t->titles[i];
	}
	return NULL;
}

/* The JSON text of a rules or clauses file, parsed with its bounds
 * checked; NULL with err set. */
static pacta_rc load_json(const char *json, size_t len, const char *origin, json_t **out,
			  pacta_error *err)
{
	*out = NULL;
	if (len > RULES_MAX_BYTES)
		return pacta_error_set(err, PACTA_ERR_LIMIT, origin,
				       "rules file is larger than %d bytes", RULES_MAX_BYTES);
	size_t line = 0;
	if (!json_depth_ok(json, len, RULES_MAX_DEPTH, &line)) {
		char where[300];
		snprintf(where, sizeof(where), "%s:%zu", origin, line);
		return pacta_error_set(err, PACTA_ERR_LIMIT, where,
				       "arrays and objects nested deeper than %d levels",
				       RULES_MAX_DEPTH);
	}
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	/* jansson says so when it runs out of memory while parsing, and says
	 * nothing at all when it cannot allocate its lexer. */
	if (!root && (json_error_code(&jerr) == json_error_out_of_memory || !jerr.text[0]))
		return pacta_error_set(err, PACTA_ERR_NOMEM, origin, "out of memory");
	if (!root) {
		char where[300];
		snprintf(where, sizeof(where), "%s:%d:%d", origin, jerr.line, jerr.column);
		return pacta_error_set(err, PACTA_ERR_PARSE, where, "%s", jerr.text);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return pacta_error_set(err, PACTA_ERR_PARSE, origin,
				       "field '(top)': expected an object");
	}
	*out = root;
	return PACTA_OK;
}

static pacta_rc url_field(rctx *c, const char *url, const char *field)
{
	char why[PACTA_URL_WHY_BUFSZ], text[PACTA_URL_WHY_BUFSZ + 40];
	if (pacta_url_check(url, why, sizeof(why)))
		return PACTA_OK;
	snprintf(text, sizeof(text), "not a valid http(s) URL: %s", why);
	return field_error(c, field, text);
}

/* The treaty's identity, titles, dates and data files; the depositary
 * too, into its own rules, unless it takes shared clauses (rules NULL:
 * they give it). */
static pacta_rc parse_identity(rctx *c, json_t *root, pacta_treaty *t, pacta_rules *rules)
{
	static const char *const k_place[] = {"date", "place", NULL};
	pacta_rc rc;
	if ((rc = get_string(c, root, "id", "", true, &t->id)))
		return rc;
	const char *id_problem = pacta_treaty_id_problem(t->id);
	if (id_problem)
		return field_error(c, "id", id_problem);
	if ((rc = get_string(c, root, "name", "", true, &t->name)) ||
	    (rc = get_string(c, root, "title", "", true, &t->title)) ||
	    (rules &&
	     ((rc = get_string(c, root, "depositary", "", true, &rules->depositary)) ||
	      (rc = get_string(c, root, "depositary_ref", "", false, &rules->depositary_ref)))) ||
	    (rc = get_string(c, root, "source_url", "", true, &t->source_url)) ||
	    (rc = url_field(c, t->source_url, "source_url")) ||
	    (rc = parse_titles(c, json_object_get(root, "titles"), t)))
		return rc;
	json_t *o = json_object_get(root, "adopted");
	if (!o || !json_is_object(o))
		return field_error(c, "adopted", "expected {\"date\": ..., \"place\": ...}");
	if ((rc = only_keys(c, o, "adopted", k_place)) ||
	    (rc = get_date(c, o, "date", "adopted", true, &t->adopted)) ||
	    (rc = get_string(c, o, "place", "adopted", false, &t->adopted_place)))
		return rc;
	o = json_object_get(root, "opened_for_signature");
	t->signature_opened = PACTA_DAY_NONE;
	if (o) {
		if (!json_is_object(o))
			return field_error(c, "opened_for_signature", "expected an object");
		if ((rc = only_keys(c, o, "opened_for_signature", k_place)) ||
		    (rc = get_date(c, o, "date", "opened_for_signature", true,
				   &t->signature_opened)) ||
		    (rc = get_string(c, o, "place", "opened_for_signature", false,
				     &t->signature_place)))
			return rc;
	}
	pacta_treaty_files f;
	if ((rc = get_file_list(c, root, "record", &f.record_files, &f.n_record_files)) ||
	    (rc = get_file_list(c, root, "obligations_record", &f.obligation_files,
				&f.n_obligation_files)) ||
	    (rc = get_file_list(c, root, "stated_counts", &f.stated_count_files,
				&f.n_stated_count_files)) ||
	    (rc = get_file_list(c, root, "stated_entry_into_force", &f.stated_eif_files,
				&f.n_stated_eif_files)) ||
	    (rc = get_file_list(c, root, "stated_report_rates", &f.stated_report_rate_files,
				&f.n_stated_report_rate_files)))
		return rc;
	if (!f.n_record_files && !f.n_obligation_files && !f.n_stated_count_files &&
	    !f.n_stated_eif_files && !f.n_stated_report_rate_files)
		return PACTA_OK;
	pacta_treaty_files *files = arena_alloc(&c->rec->index->strings, sizeof(*files));
	if (!files)
		return pacta_error_set(c->err, PACTA_ERR_NOMEM, c->origin, "out of memory");
	*files = f;
	t->files = files;
	return PACTA_OK;
}

const rules_clauses *rules_clauses_find(pacta_record *rec, const char *name)
{
	struct pacta_record_index *x = rec->index;
	/* Treaties of a series come in runs that name the same clauses. */
	if (x->last_clauses < x->n_clauses && strcmp(x->clauses[x->last_clauses].name, name) == 0)
		return &x->clauses[x->last_clauses];
	for (size_t i = 0; name && i < x->n_clauses; i++) {
		if (strcmp(x->clauses[i].name, name) == 0) {
			x->last_clauses = i;
			return &x->clauses[i];
		}
	}
	return NULL;
}

static pacta_rc no_clauses(rctx *c, const char *name)
{
	char why[200];
	snprintf(why, sizeof(why), "no shared clauses called '%s' (a clauses file, treaties/clauses/%s.json)",
		 name, name);
	return field_error(c, "clauses", why);
}

/* The threshold is the treaty's when the clauses leave it to each. */
static pacta_rc check_threshold(rctx *c, const pacta_treaty *t, const char *clauses)
{
	char why[200];
	const pacta_rules *r = t->rules;
	if (t->entry_into_force_instruments || r->entry_into_force_requires_group ||
	    r->n_entry_into_force_requires)
		return PACTA_OK;
	snprintf(why, sizeof(why), "missing (the clauses '%s' leave it to each treaty)", clauses);
	return field_error(c, "rules.entry_into_force.instruments", why);
}

/* A treaty that names shared clauses: its own fields only. */
static pacta_rc parse_own(rctx *c, json_t *root, pacta_treaty *t)
{
	static const char *const own_top[] = {"id", "name", "title", "clauses", "adopted",
					      "opened_for_signature", "source_url", "titles",
					      "record", "obligations_record", "stated_counts",
					      "stated_entry_into_force", "stated_report_rates",
					      "rules", "wikidata", "note", NULL};
	static const char *const given[] = {"depositary", "depositary_ref", "depositary_counts",
					    NULL};
	static const char *const k_rules[] = {"entry_into_force", NULL};
	static const char *const k_eif[] = {"instruments", "stated", NULL};
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		for (const char *const *g = given; *g; g++)
			if (strcmp(*g, key) == 0)
				return field_error(c, key, "not allowed beside 'clauses' (the shared clauses give it)");
	}
	pacta_rc rc = only_keys(c, root, "", own_top);
	if (rc)
		return rc;
	json_t *name = json_object_get(root, "clauses");
	if (!json_is_string(name))
		return field_error(c, "clauses", "expected the name of shared clauses");
	const rules_clauses *set = rules_clauses_find(c->rec, json_string_value(name));
	if (!set)
		return no_clauses(c, json_string_value(name));
	t->rules = set->rules;
	t->clauses = set->name;
	t->entry_into_force_instruments = set->entry_into_force_instruments;
	t->entry_into_force_stated = set->entry_into_force_stated;
	if ((rc = parse_identity(c, root, t, NULL)))
		return rc;
	json_t *rules = json_object_get(root, "rules");
	if (rules) {
		if (!json_is_object(rules))
			return field_error(c, "rules", "expected an object");
		json_object_foreach(rules, key, v) {
			if (strcmp(key, "entry_into_force") != 0) {
				char f[160];
				snprintf(f, sizeof(f), "rules.%s", key);
				return field_error(c, f, "not allowed beside 'clauses' (the shared clauses give it; a treaty gives only entry_into_force.instruments and .stated)");
			}
		}
		json_t *o = json_object_get(rules, "entry_into_force");
		if ((rc = only_keys(c, rules, "rules", k_rules)))
			return rc;
		if (!json_is_object(o))
			return field_error(c, "rules.entry_into_force", "expected an object");
		json_object_foreach(o, key, v) {
			if (strcmp(key, "instruments") && strcmp(key, "stated")) {
				char f[160];
				snprintf(f, sizeof(f), "rules.entry_into_force.%s", key);
				return field_error(c, f, "not allowed beside 'clauses' (the shared clauses give it; a treaty gives only entry_into_force.instruments and .stated)");
			}
		}
		if ((rc = only_keys(c, o, "rules.entry_into_force", k_eif)))
			return rc;
		json_t *n = json_object_get(o, "instruments");
		if (n) {
			if (!json_is_integer(n) || json_integer_value(n) < 1 ||
			    json_integer_value(n) > 100000)
				return field_error(c, "rules.entry_into_force.instruments",
						   "expected a whole number from 1");
			t->entry_into_force_instruments = (int)json_integer_value(n);
		}
		if (json_object_get(o, "stated") &&
		    (rc = get_date(c, o, "stated", "rules.entry_into_force", false,
				   &t->entry_into_force_stated)))
			return rc;
	}
	return check_threshold(c, t, set->name);
}

pacta_rc rules_parse(pacta_record *rec, const char *json, size_t len, const char *origin,
		     pacta_treaty *t, pacta_error *err)
{
	static const char *const top[] = {"id", "name", "title", "adopted",
					  "opened_for_signature", "depositary",
					  "depositary_ref", "source_url", "record",
					  "obligations_record", "stated_counts",
					  "stated_entry_into_force", "stated_report_rates", "rules",
					  "depositary_counts", "wikidata", "note", "titles", NULL};
	rctx c = {rec, origin, err, false, t, NULL};
	memset(t, 0, sizeof(*t));
	t->files = &no_files;
	t->entry_into_force_stated = PACTA_DAY_NONE;
	json_t *root;
	pacta_rc rc = load_json(json, len, origin, &root, err);
	if (rc != PACTA_OK)
		return rc;
	if (json_object_get(root, "clauses")) {
		rc = parse_own(&c, root, t);
		goto out;
	}
	/* A treaty that spells its clauses out has rules of its own. */
	pacta_rules *r = arena_alloc(&rec->index->strings, sizeof(*r));
	if (!r) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, origin, "out of memory");
		goto out;
	}
	memset(r, 0, sizeof(*r));
	t->rules = r;
	if ((rc = only_keys(&c, root, "", top)) || (rc = parse_identity(&c, root, t, r)))
		goto out;
	json_t *rules = json_object_get(root, "rules");
	if (!rules || !json_is_object(rules)) {
		rc = field_error(&c, "rules", "missing or not an object");
		goto out;
	}
	rc = parse_rules_object(&c, rules, r);
out:
	json_decref(root);
	return rc;
}

pacta_rc rules_parse_clauses(pacta_record *rec, const char *json, size_t len, const char *origin,
			     rules_clauses *out, pacta_error *err)
{
	static const char *const top[] = {"clauses", "depositary", "depositary_ref", "note",
					  "rules", NULL};
	rctx c = {rec, origin, err, true, NULL, out};
	memset(out, 0, sizeof(*out));
	out->entry_into_force_stated = PACTA_DAY_NONE;
	json_t *root;
	pacta_rc rc = load_json(json, len, origin, &root, err);
	if (rc != PACTA_OK)
		return rc;
	pacta_rules *r = arena_alloc(&rec->index->strings, sizeof(*r));
	if (!r) {
		json_decref(root);
		return pacta_error_set(err, PACTA_ERR_NOMEM, origin, "out of memory");
	}
	memset(r, 0, sizeof(*r));
	out->rules = r;
	rc = only_keys(&c, root, "", top);
	if (rc == PACTA_OK)
		rc = get_string(&c, root, "clauses", "", true, &out->name);
	const char *problem = rc == PACTA_OK ? pacta_treaty_id_problem(out->name) : NULL;
	if (problem)
		rc = field_error(&c, "clauses", problem);
	if (rc == PACTA_OK &&
	    !((rc = get_string(&c, root, "depositary", "", true, &r->depositary)) ||
	      (rc = get_string(&c, root, "depositary_ref", "", false, &r->depositary_ref)))) {
		json_t *rules = json_object_get(root, "rules");
		if (!rules || !json_is_object(rules))
			rc = field_error(&c, "rules", "missing or not an object");
		else
			rc = parse_rules_object(&c, rules, r);
	}
	json_decref(root);
	return rc;
}

pacta_rc rules_from_own(pacta_record *rec, const pacta_treaty_own *own, pacta_treaty *t,
			pacta_error *err)
{
	rctx c = {rec, own->origin ? own->origin : "", err, false, t, NULL};
	memset(t, 0, sizeof(*t));
	t->files = &no_files;
	const rules_clauses *set = own->clauses ? rules_clauses_find(rec, own->clauses) : NULL;
	if (!set)
		return no_clauses(&c, own->clauses ? own->clauses : "");
	t->rules = set->rules;
	t->clauses = set->name;
	const char *problem = own->id ? pacta_treaty_id_problem(own->id) : "missing";
	if (problem)
		return field_error(&c, "id", problem);
	if (!own->name)
		return field_error(&c, "name", "missing");
	if (!own->title)
		return field_error(&c, "title", "missing");
	if (!own->source_url)
		return field_error(&c, "source_url", "missing");
	pacta_rc rc = url_field(&c, own->source_url, "source_url");
	if (rc)
		return rc;
	if (own->adopted == PACTA_DAY_NONE)
		return field_error(&c, "adopted.date", "missing");
	if (own->entry_into_force_instruments < 0 || own->entry_into_force_instruments > 100000)
		return field_error(&c, "rules.entry_into_force.instruments",
				   "expected a whole number from 1");
	t->id = pacta_record_strdup(rec, own->id);
	t->name = pacta_record_strdup(rec, own->name);
	t->title = pacta_record_strdup(rec, own->title);
	t->source_url = pacta_record_strdup(rec, own->source_url);
	if (!t->id || !t->name || !t->title || !t->source_url)
		return pacta_error_set(err, PACTA_ERR_NOMEM, c.origin, "out of memory");
	t->adopted = own->adopted;
	t->signature_opened = own->signature_opened;
	t->entry_into_force_instruments = own->entry_into_force_instruments ?
						  own->entry_into_force_instruments :
						  set->entry_into_force_instruments;
	t->entry_into_force_stated = own->entry_into_force_stated != PACTA_DAY_NONE ?
					     own->entry_into_force_stated :
					     set->entry_into_force_stated;
	return check_threshold(&c, t, set->name);
}

/* ---- The canonical text of a treaty's own fields ----
 *
 * A treaty of a series says only its identity beside its shared clauses,
 * and its rules file is usually written from those fields: such a file is
 * not kept (the record's largest per-treaty string), and is rendered again
 * when asked for. One renderer writes the text and decides whether a file
 * is it, so the two cannot drift apart. */

/* The longest rules file that may be found to be its fields' rendering:
 * a longer one (a title of hundreds of words) is kept as it is. */
#define OWN_TEXT_MAX 1024

/* Where the rendering goes: written into buf (cap bytes, or buf NULL to
 * count), or, when expect is set, compared with expect[0..cap) as it is
 * rendered (the "sink" a rules file's add uses: no buffer is written and
 * read again). len counts every byte rendered, the ones past cap too. A
 * comparison that finds a difference sets cap to 0: len is then past cap,
 * and the rest is neither compared nor rendered (own_differs()). */
typedef struct own_out {
	char *buf;
	const char *expect;
	size_t cap, len;
} own_out;

/* Inlined, so that a literal's copy or compare is a few moves. */
ALWAYS_INLINE void own_put(own_out *o, const char *s, size_t n)
{
	if (o->len <= o->cap && n <= o->cap - o->len) {
		if (o->expect) {
			if (memcmp(o->expect + o->len, s, n) != 0)
				o->cap = 0;
		} else if (o->buf) {
			memcpy(o->buf + o->len, s, n);
		}
	}
	o->len += n;
}

/* Has a comparison found its text to differ (or to end before the
 * rendering does)? Then there is nothing more to render. */
static bool own_differs(const own_out *o)
{
	return o->expect && o->len > o->cap;
}

/* The bytes rendered so far, [0..len): the buffer's, or, in a comparison
 * that has found no difference, the compared text's (which are the
 * same). NULL when only counting, or past cap. */
static const char *own_so_far(const own_out *o)
{
	if (o->len > o->cap)
		return NULL;
	return o->expect ? o->expect : o->buf;
}

/* A string literal, its length known at compile time. */
#define own_lit(o, s) own_put(o, "" s, sizeof(s) - 1)

/* Do the bytes of s[0..n) need no escape, and are they e's? Eight at a
 * time, the last eight overlapping the ones before. */
static bool own_same(const char *s, const char *e, size_t n)
{
	uint64_t w, v;
	if (n < 8) {
		for (size_t i = 0; i < n; i++)
			if (s[i] != e[i] || !jsontext_byte_plain(s[i]))
				return false;
		return true;
	}
	for (size_t i = 0; i + 8 < n; i += 8) {
		memcpy(&w, s + i, 8);
		memcpy(&v, e + i, 8);
		if (w != v || !jsontext_word_plain(w))
			return false;
	}
	memcpy(&w, s + n - 8, 8);
	memcpy(&v, e + n - 8, 8);
	return w == v && jsontext_word_plain(w);
}

/* jsontext_string()'s sink: the rendering goes on while it does not
 * differ. Inlined where jsontext_string() calls it (it is inline too), so
 * that a quote is one move, as own_lit() makes it. */
ALWAYS_INLINE bool own_sink(void *to, const char *s, size_t n)
{
	own_put(to, s, n);
	return !own_differs(to);
}

/* s[0..left) as a JSON string (jsontext.h's escapes). Not inlined:
 * own_string()'s common case then needs few registers. */
static __attribute__((noinline)) void own_string_written(own_out *o, const char *s, size_t left)
{
	jsontext_string(s, left, own_sink, o);
}

/* s as a JSON string (own_string_written()). */
static void own_string(own_out *o, const char *s)
{
	if (own_differs(o))
		return;
	size_t left = strlen(s);
	/* In a comparison, what most strings are first: no byte to escape,
	 * so quote, the string and quote, read with the text. Else the text
	 * is compared with s written. */
	if (o->expect && o->cap - o->len >= left + 2) {
		const char *e = o->expect + o->len;
		if (e[0] == '"' && e[left + 1] == '"' && own_same(s, e + 1, left)) {
			o->len += left + 2;
			return;
		}
	}
	own_string_written(o, s, left);
}

/* d as a JSON string: "YYYY-MM-DD", or "" for a day without that form. */
static void own_date(own_out *o, pacta_day d)
{
	if (own_differs(o))
		return;
	/* In a comparison, the text's date read is cheaper than d written,
	 * and decides the same: a date that reads (years 1 to 9999, a day
	 * the month has) writes back as it was read (pacta/date.h). Any
	 * other text is compared with d written. */
	if (o->expect && o->cap - o->len >= 12) {
		const char *e = o->expect + o->len;
		pacta_day read;
		if (e[0] == '"' && e[11] == '"' && pacta_date_parse(e + 1, 10, &read) &&
		    read == d) {
			o->len += 12;
			return;
		}
	}
	char buf[PACTA_DATE_BUFSZ + 2];
	buf[0] = '"';
	size_t n = strlen(pacta_date_format(d, buf + 1));
	buf[n + 1] = '"';
	own_put(o, buf, n + 2);
}

/* The canonical rules file of own (its string fields not NULL). */
static void own_render(own_out *o, const pacta_treaty_own *own)
{
	own_lit(o, "{\n  \"id\": ");
	own_string(o, own->id);
	own_lit(o, ",\n  \"name\": ");
	own_string(o, own->name);
	own_lit(o, ",\n  \"title\": ");
	own_string(o, own->title);
	own_lit(o, ",\n  \"clauses\": ");
	own_string(o, own->clauses);
	own_lit(o, ",\n  \"adopted\": {\"date\": ");
	size_t adopted_at = o->len;
	own_date(o, own->adopted);
	size_t adopted_len = o->len - adopted_at;
	own_lit(o, "}");
	if (own->signature_opened != PACTA_DAY_NONE) {
		own_lit(o, ",\n  \"opened_for_signature\": {\"date\": ");
		/* Most treaties open for signature on the day they are
		 * adopted: the same text again, from what is rendered. */
		const char *so_far = own_so_far(o);
		if (own->signature_opened == own->adopted && so_far)
			own_put(o, so_far + adopted_at, adopted_len);
		else
			own_date(o, own->signature_opened);
		own_lit(o, "}");
	}
	own_lit(o, ",\n  \"source_url\": ");
	own_string(o, own->source_url);
	bool instruments = own->entry_into_force_instruments != 0;
	bool stated = own->entry_into_force_stated != PACTA_DAY_NONE;
	if (instruments || stated) {
		own_lit(o, ",\n  \"rules\": {\"entry_into_force\": {");
		if (instruments) {
			char n[16];
			size_t at = sizeof(n);
			int x = own->entry_into_force_instruments;
			unsigned v = x < 0 ? 0u - (unsigned)x : (unsigned)x;
			do {
				n[--at] = (char)('0' + v % 10);
				v /= 10;
			} while (v && at);
			own_lit(o, "\"instruments\": ");
			if (x < 0)
				own_lit(o, "-");
			own_put(o, n + at, sizeof(n) - at);
		}
		if (stated) {
			if (instruments)
				own_lit(o, ", ");
			own_lit(o, "\"stated\": ");
			own_date(o, own->entry_into_force_stated);
		}
		own_lit(o, "}}");
	}
	own_lit(o, "\n}\n");
}

char *pacta_treaty_own_render(const pacta_treaty_own *own)
{
	if (!own->id || !own->name || !own->title || !own->clauses || !own->source_url)
		return NULL;
	own_out o = { .buf = NULL };
	own_render(&o, own); /* its length */
	char *text = malloc(o.len + 1);
	if (!text)
		return NULL;
	o = (own_out){ .buf = text, .cap = o.len };
	own_render(&o, own);
	text[o.len] = '\0';
	return text;
}

/* The own fields of t, a treaty that takes shared clauses, as
 * rules_from_own() takes them: its threshold and stated date only where
 * they are not the clauses' (rules_json and origin not set). False when
 * it takes none. */
static bool own_of_treaty(const pacta_record *rec, const pacta_treaty *t, pacta_treaty_own *own)
{
	const struct pacta_record_index *x = rec->index;
	const rules_clauses *set = NULL;
	/* The treaty's clauses name is the set's own string. */
	for (size_t i = 0; t->clauses && !set && i < x->n_clauses; i++)
		if (x->clauses[i].name == t->clauses)
			set = &x->clauses[i];
	if (!set)
		return false;
	*own = (pacta_treaty_own){
		.id = t->id,
		.name = t->name,
		.title = t->title,
		.clauses = set->name,
		.adopted = t->adopted,
		.signature_opened = t->signature_opened,
		.source_url = t->source_url,
		.entry_into_force_instruments =
			t->entry_into_force_instruments != set->entry_into_force_instruments ?
				t->entry_into_force_instruments :
				0,
		.entry_into_force_stated =
			t->entry_into_force_stated != set->entry_into_force_stated ?
				t->entry_into_force_stated :
				PACTA_DAY_NONE,
	};
	return own->id && own->name && own->title && own->source_url;
}

bool rules_text_is_own(const pacta_record *rec, const pacta_treaty *t, const char *text,
		       size_t len)
{
	pacta_treaty_own own;
	if (len > OWN_TEXT_MAX || !own_of_treaty(rec, t, &own))
		return false;
	/* Compared as it is rendered: no buffer, and the first difference
	 * ends it. */
	own_out o = { .expect = text, .cap = len };
	own_render(&o, &own);
	return o.len == len && !own_differs(&o);
}

char *pacta_treaty_rules_json(const pacta_record *rec, size_t i)
{
	if (i >= rec->n_treaties)
		return NULL;
	const pacta_treaty *t = &rec->treaties[i];
	if (t->rules_text)
		return strdup(t->rules_text);
	pacta_treaty_own own;
	return own_of_treaty(rec, t, &own) ? pacta_treaty_own_render(&own) : NULL;
}
