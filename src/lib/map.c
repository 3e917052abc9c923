/*
 * map.c - the shapes file and the SVG world map of a treaty on a day.
 *
 * The projection happened at development time (scripts/map); this file only
 * parses pre-projected paths, joins them to participants by alpha-3 code and
 * writes SVG. It holds no treaty law: every status comes from status.c.
 */
#include "pacta/map.h"
#include "pacta/lang.h"
#include "pacta/names.h"
#include "pacta/territory.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "strbuf.h"

typedef struct map_shape {
	char a3[4];
	const char *name; /* into map->text */
	const char *cx, *cy;
	const char *d;    /* "" for a marker */
} map_shape;

struct pacta_map {
	char *text; /* the file's copy; fields are NUL-terminated in place */
	map_shape *shapes;
	size_t n;
	unsigned width, height;
};

/* ---- parsing ---------------------------------------------------------- */

static const char MAGIC[] = "pacta-map";
/* One legend column needs MIN_WIDTH across; the bounds keep the layout's
 * unsigned arithmetic far from overflow. */
#define MIN_WIDTH 240u
#define MAX_DIM 10000u
static const char HEADER[] = "a3\tname\tcx\tcy\td";

typedef struct parser {
	const char *name;
	long line;
	pacta_error *err;
} parser;

static pacta_rc perr(const parser *p, pacta_rc code, const char *fmt, ...) PACTA_PRINTF(3, 4);

static pacta_rc perr(const parser *p, pacta_rc code, const char *fmt, ...)
{
	char where[256], msg[512];
	va_list ap;

	snprintf(where, sizeof(where), "%s:%ld", p->name, p->line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pacta_error_set(p->err, code, where, "%s", msg);
}

/* Splits line (NUL-terminated, modified) at TABs into at most max fields;
 * returns the count, or max + 1 when there are more. */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		fields[n++] = line;
		char *tab = strchr(line, '\t');
		if (!tab)
			return n;
		*tab = '\0';
		line = tab + 1;
	}
}

/* A decimal number as the script writes it: -?[0-9]+(.[0-9]+)? */
static bool is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	if (*s == '.') {
		s++;
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* Path data is written into the SVG as is, so only the characters the
 * projection script emits are allowed: nothing there needs escaping. */
static bool is_path(const char *s)
{
	if (*s == '\0')
		return true;
	if (*s != 'M')
		return false;
	for (; *s; s++)
		if (!strchr("MLZ0123456789.,-", *s))
			return false;
	return true;
}

static bool parse_dim(const char *s, unsigned min, unsigned *out)
{
	unsigned v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > MAX_DIM)
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v < min || v > MAX_DIM)
		return false;
	*out = v;
	return true;
}

/* Checks one line's bytes: valid UTF-8, no control characters but TAB. */
static pacta_rc check_bytes(const parser *p, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		if (u[i] < 0x20 && u[i] != '\t')
			return perr(p, PACTA_ERR_PARSE, "control character 0x%02x at column %zu", u[i],
				    i + 1);
		size_t n = csv_utf8_len(u + i, len - i);
		if (n == 0)
			return perr(p, PACTA_ERR_PARSE, "invalid UTF-8 at column %zu", i + 1);
		i += n;
	}
	return PACTA_OK;
}

static pacta_rc parse_row(pacta_map *m, const parser *p, char *line)
{
	char *f[5];
	size_t nf = split_tabs(line, f, 5);

	if (nf != 5)
		return perr(p, PACTA_ERR_PARSE, "%s fields; want 5 (a3, name, cx, cy, d)",
			    nf > 5 ? "more than 5" : "fewer than 5");
	if (strlen(f[0]) != 3 || f[0][0] < 'A' || f[0][0] > 'Z' || f[0][1] < 'A' ||
	    f[0][1] > 'Z' || f[0][2] < 'A' || f[0][2] > 'Z')
		return perr(p, PACTA_ERR_PARSE, "a3: '%.16s' is not three letters A-Z", f[0]);
	if (!*f[1])
		return perr(p, PACTA_ERR_PARSE, "name: empty");
	if (!is_number(f[2]) || !is_number(f[3]))
		return perr(p, PACTA_ERR_PARSE, "cx, cy: not decimal numbers");
	if (!is_path(f[4]))
		return perr(p, PACTA_ERR_PARSE,
			    "d: path data must start with M and hold only M L Z digits . , -");
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->shapes[i].a3, f[0]) == 0)
			return perr(p, PACTA_ERR_PARSE, "a3: %s appears twice", f[0]);
	if (m->n == PACTA_MAP_MAX_SHAPES)
		return perr(p, PACTA_ERR_LIMIT, "more than %d shapes", PACTA_MAP_MAX_SHAPES);
	map_shape *s = &m->shapes[m->n++];
	memcpy(s->a3, f[0], 4);
	s->name = f[1];
	s->cx = f[2];
	s->cy = f[3];
	s->d = f[4];
	return PACTA_OK;
}

pacta_rc pacta_map_parse(const char *text, size_t len, const char *name, pacta_map **out,
			 pacta_error *err)
{
	parser p = {name ? name : "shapes", 0, err};
	pacta_rc rc = PACTA_OK;
	pacta_map *m;

	if (!out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "pacta_map_parse needs out");
	*out = NULL;
	if (!text && len)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "pacta_map_parse needs text");
	if (len > PACTA_MAP_MAX_BYTES)
		return pacta_error_set(err, PACTA_ERR_LIMIT, p.name, "shapes file larger than %u bytes",
				       PACTA_MAP_MAX_BYTES);
	m = calloc(1, sizeof(*m));
	if (!m)
		return pacta_error_set(err, PACTA_ERR_NOMEM, p.name, "out of memory");
	m->text = malloc(len + 1);
	m->shapes = calloc(PACTA_MAP_MAX_SHAPES, sizeof(*m->shapes));
	if (!m->text || !m->shapes) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, p.name, "out of memory");
		goto out;
	}
	if (len)
		memcpy(m->text, text, len);
	m->text[len] = '\0';

	for (size_t pos = 0; pos < len;) {
		char *line = m->text + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		p.line++;
		pos += n + (nl ? 1 : 0);
		if (n && line[n - 1] == '\r')
			n--;
		if (n > PACTA_MAP_MAX_LINE) {
			rc = perr(&p, PACTA_ERR_LIMIT, "line longer than %u bytes", PACTA_MAP_MAX_LINE);
			goto out;
		}
		if (memchr(line, '\0', n)) {
			rc = perr(&p, PACTA_ERR_PARSE, "NUL byte");
			goto out;
		}
		line[n] = '\0';
		if ((rc = check_bytes(&p, line, n)) != PACTA_OK)
			goto out;
		if (p.line == 1) {
			char *f[4];
			if (split_tabs(line, f, 4) != 4 || strcmp(f[0], MAGIC) != 0) {
				rc = perr(&p, PACTA_ERR_PARSE,
					  "not a shapes file: the first line must be "
					  "'pacta-map<TAB>1<TAB>WIDTH<TAB>HEIGHT'");
				goto out;
			}
			if (strcmp(f[1], "1") != 0) {
				rc = perr(&p, PACTA_ERR_PARSE, "shapes format version '%.16s'; this "
					  "build reads version 1", f[1]);
				goto out;
			}
			if (!parse_dim(f[2], MIN_WIDTH, &m->width) || !parse_dim(f[3], 1, &m->height)) {
				rc = perr(&p, PACTA_ERR_PARSE,
					  "width must be a whole number from %u to %u, height from 1 to %u",
					  MIN_WIDTH, MAX_DIM, MAX_DIM);
				goto out;
			}
		} else if (p.line == 2) {
			if (strcmp(line, HEADER) != 0) {
				rc = perr(&p, PACTA_ERR_PARSE, "the header must be 'a3<TAB>name<TAB>cx<TAB>cy<TAB>d'");
				goto out;
			}
		} else if (n == 0) {
			rc = perr(&p, PACTA_ERR_PARSE, "empty line");
			goto out;
		} else if ((rc = parse_row(m, &p, line)) != PACTA_OK) {
			goto out;
		}
	}
	if (m->n == 0) {
		p.line++;
		rc = perr(&p, PACTA_ERR_PARSE, "no shapes");
		goto out;
	}
	*out = m;
	return PACTA_OK;
out:
	pacta_map_free(m);
	return rc;
}

pacta_rc pacta_map_load(const char *path, pacta_map **out, pacta_error *err)
{
	char *text = NULL;
	size_t len = 0;
	pacta_rc rc;

	if (out)
		*out = NULL;
	rc = csv_slurp(path, PACTA_MAP_MAX_BYTES, &text, &len, err);
	if (rc == PACTA_OK)
		rc = pacta_map_parse(text, len, path, out, err);
	free(text);
	return rc;
}

void pacta_map_free(pacta_map *map)
{
	if (!map)
		return;
	free(map->text);
	free(map->shapes);
	free(map);
}

size_t pacta_map_count(const pacta_map *map)
{
	return map ? map->n : 0;
}

/* ---- the SVG ---------------------------------------------------------- */

/* How each status looks. Colours are Okabe and Ito's palette for colour
 * vision deficiencies; patterns (drawn over the colour) tell the statuses
 * apart without colour. */
typedef struct look {
	const char *label;   /* legend */
	const char *phrase;  /* tooltip: "Name: <phrase> since DATE" */
	const char *colour;
	const char *pattern; /* path in a 6x6 tile, or NULL for solid */
} look;

/* Labels and phrases are msgids, said in the map's language where used. */
static const look looks[PACTA_STATUS__COUNT] = {
	[PACTA_STATUS_PARTY] = {PACTA_N_("Party"), PACTA_N_("party"), "#0072b2", NULL},
	[PACTA_STATUS_WITHDRAWAL_PENDING] = {PACTA_N_("Withdrawal pending"),
					     PACTA_N_("party, withdrawal pending"), "#e69f00",
					     "M0,6L6,0M-1,1L1,-1M5,7L7,5"},
	[PACTA_STATUS_WITHDRAWAL_HELD] = {PACTA_N_("Withdrawal held"),
					  PACTA_N_("party, withdrawal held"), "#d55e00",
					  "M0,6L6,0M0,0L6,6"},
	[PACTA_STATUS_WITHDRAWN] = {PACTA_N_("Withdrawn"), PACTA_N_("withdrawn"), "#cc79a7",
				    "M0,3L6,3"},
	[PACTA_STATUS_CONSENTED] = {PACTA_N_("Consented, not yet in force"),
				    PACTA_N_("consented, not yet in force"), "#56b4e9", "M3,0L3,6"},
	[PACTA_STATUS_SIGNATORY] = {PACTA_N_("Signatory"), PACTA_N_("signatory"), "#f0e442",
				    "M0,0L6,6M-1,5L1,7M5,-1L7,1"},
	[PACTA_STATUS_NONE] = {PACTA_N_("No action"), PACTA_N_("no action"), "#c8c8c8", NULL},
};

/* How the map is said: its language and the names in it (see
 * pacta_map_opts). */
typedef struct map_say {
	const pacta_lang *lang;
	const pacta_names *names;
	const char *code; /* NULL for English: the record's own names */
} map_say;

/* A participant's or shape's name in the map's language, else its own. */
static const char *name_in(const map_say *s, const char *a3, const char *own)
{
	const char *n = s->code ? pacta_names_get(s->names, a3, s->code) : NULL;
	return n ? n : own;
}

static const char *date_in(const map_say *s, pacta_day day, char *out, size_t size)
{
	return pacta_lang_date(s->lang, day, out, size);
}

/* Legend order: bound first, then on the way out, then on the way in. */
static const pacta_status legend_order[PACTA_STATUS__COUNT] = {
	PACTA_STATUS_PARTY,	     PACTA_STATUS_WITHDRAWAL_PENDING, PACTA_STATUS_WITHDRAWAL_HELD,
	PACTA_STATUS_WITHDRAWN,	     PACTA_STATUS_CONSENTED,	      PACTA_STATUS_SIGNATORY,
	PACTA_STATUS_NONE,
};

static const char BG_COLOUR[] = "#ececec";

#define LEGEND_COL_MIN 234u /* fits "Consented, not yet in force (999)" */
#define ROW_H 20u
#define PAD 12u

static void put_escaped(strbuf *sb, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		strbuf_appendf(sb, "%.*s%s", (int)(s - run), run, rep);
		run = s + 1;
	}
	strbuf_append(sb, run);
}

static void put_fill(strbuf *sb, pacta_status st)
{
	if (looks[st].pattern)
		strbuf_appendf(sb, " fill=\"url(#pacta-map-p-%s)\"", pacta_status_name(st));
	else
		strbuf_appendf(sb, " fill=\"%s\"", looks[st].colour);
}

/* data-state, data-status, class, tabindex, fill and the opening tag's end,
 * then the <title> child. */
static void put_state_attrs(strbuf *sb, const map_say *say, const pacta_participant *pt,
			    pacta_status st, const pacta_interval *iv, const char *extra_class,
			    bool pattern)
{
	char date[PACTA_LANG_DATE_BUFSZ];
	char text[1024];

	strbuf_appendf(sb, " data-state=\"%s\" data-status=\"%s\" class=\"state st-%s%s\" tabindex=\"0\"",
		       pt->iso3, pacta_status_name(st), pacta_status_name(st), extra_class);
	if (pattern)
		put_fill(sb, st);
	else
		strbuf_appendf(sb, " fill=\"%s\"", looks[st].colour);
	const char *name = name_in(say, pt->iso3, pt->name);
	const char *phrase = pacta_tr(say->lang, looks[st].phrase);
	if (st != PACTA_STATUS_NONE && iv && iv->from != PACTA_DAY_NONE)
		/* TRANSLATORS: a state on the map: its name, its status, the
		   day it has had it since. */
		snprintf(text, sizeof(text), pacta_tr(say->lang, "%s: %s since %s"), name, phrase,
			 date_in(say, iv->from, date, sizeof(date)));
	else
		snprintf(text, sizeof(text), "%s: %s", name, phrase);
	strbuf_append(sb, "><title>");
	put_escaped(sb, text);
	strbuf_append(sb, "</title>");
}

/* A territory's shape: the status that applies to it, the holder's code
 * in data-state and its own in data-territory, class "state territory
 * st-<status>", and a <title> "Name (Holder): status since DATE, extended
 * DATE" or "Name (Holder): not applied, excluded DATE". */
static void put_territory_attrs(strbuf *sb, const map_say *say, const pacta_record *rec,
				const char *a3, const char *name, uint32_t holder,
				const pacta_territory_view *v, bool pattern)
{
	const pacta_participant *pt = &rec->participants[holder];
	pacta_status st = v->applies ? v->status : PACTA_STATUS_NONE;
	char date[PACTA_LANG_DATE_BUFSZ];
	char text[512];

	strbuf_appendf(sb,
		       " data-state=\"%s\" data-territory=\"%s\" data-status=\"%s\""
		       " class=\"state territory st-%s\" tabindex=\"0\"",
		       pt->iso3, a3, pacta_status_name(st), pacta_status_name(st));
	if (pattern)
		put_fill(sb, st);
	else
		strbuf_appendf(sb, " fill=\"%s\"", looks[st].colour);
	strbuf_append(sb, "><title>");
	put_escaped(sb, name_in(say, a3, name));
	strbuf_append(sb, " (");
	put_escaped(sb, name_in(say, pt->iso3, pt->name));
	strbuf_append(sb, "): ");
	if (!v->applies) {
		put_escaped(sb, pacta_tr(say->lang, "not applied"));
	} else if (st != PACTA_STATUS_NONE && v->since != PACTA_DAY_NONE) {
		/* TRANSLATORS: a status and the day a territory has had it since. */
		snprintf(text, sizeof(text), pacta_tr(say->lang, "%s since %s"), pacta_tr(say->lang, looks[st].phrase),
			 date_in(say, v->since, date, sizeof(date)));
		put_escaped(sb, text);
	} else {
		put_escaped(sb, pacta_tr(say->lang, looks[st].phrase));
	}
	if (v->act >= 0) {
		const pacta_act *a = &rec->acts[v->act];
		date_in(say, a->date, date, sizeof(date));
		if (v->basis == PACTA_TERRITORY_EXCLUDED)
			/* TRANSLATORS: after a territory's status: the day an act
			   excluded it from the treaty. */
			snprintf(text, sizeof(text), pacta_tr(say->lang, ", excluded %s"), date);
		else
			/* TRANSLATORS: after a territory's status: the day an act
			   extended the treaty to it. */
			snprintf(text, sizeof(text), pacta_tr(say->lang, ", extended %s"), date);
		put_escaped(sb, text);
	} else if (v->basis == PACTA_TERRITORY_NOT_EXTENDED) {
		put_escaped(sb, pacta_tr(say->lang, ", not yet extended"));
	}
	strbuf_append(sb, "</title>");
}

/* A marker's status cannot be told by a pattern at its size, nor, for
 * every pair of statuses, by its colour alone (in greys, withdrawal pending
 * and consented have about the same lightness): the pattern's strokes are
 * drawn once over the marker, so that each status keeps its own mark. */
static void put_marker_mark(strbuf *sb, const map_shape *s, pacta_status st)
{
	if (!looks[st].pattern)
		return;
	strbuf_appendf(sb,
		       "<path class=\"mark\" d=\"%s\" transform=\"translate(%.2f %.2f)\""
		       " fill=\"none\" stroke=\"#000\" stroke-opacity=\"0.7\" stroke-width=\"0.8\""
		       " pointer-events=\"none\" aria-hidden=\"true\"/>",
		       looks[st].pattern, strtod(s->cx, NULL) - 3, strtod(s->cy, NULL) - 3);
}

static void put_defs(strbuf *sb)
{
	strbuf_append(sb, "<defs>");
	for (size_t i = 0; i < PACTA_STATUS__COUNT; i++) {
		const look *l = &looks[i];
		if (!l->pattern)
			continue;
		strbuf_appendf(sb,
			       "<pattern id=\"pacta-map-p-%s\" patternUnits=\"userSpaceOnUse\" "
			       "width=\"6\" height=\"6\"><rect width=\"6\" height=\"6\" fill=\"%s\"/>"
			       "<path d=\"%s\" stroke=\"#000\" stroke-opacity=\"0.45\" "
			       "stroke-width=\"1\"/></pattern>",
			       pacta_status_name((pacta_status)i), l->colour, l->pattern);
	}
	strbuf_append(sb, "</defs>");
}

/* A rough width of a label in 12px sans-serif, for laying out the list of
 * participants that have no place on the map. */
static unsigned text_width(const char *s)
{
	unsigned n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n * 7;
}

pacta_rc pacta_map_write_svg(const pacta_map *map, const pacta_treaty_status *ts, pacta_day day,
			     char **out, size_t *len, pacta_error *err)
{
	return pacta_map_write_svg_in(map, ts, day, NULL, out, len, err);
}

pacta_rc pacta_map_write_svg_in(const pacta_map *map, const pacta_treaty_status *ts,
				pacta_day day, const pacta_map_opts *opts, char **out, size_t *len,
				pacta_error *err)
{
	const pacta_record *rec;
	const pacta_treaty *treaty;
	int32_t *who = NULL;       /* per shape: participant or -1 */
	int32_t *holder = NULL;    /* per shape of no participant: the state whose
				    * territorial acts name it, or -1 */
	pacta_territory_view *terr = NULL; /* per such shape: its view */
	bool *drawn = NULL;        /* per participant */
	pacta_status *status = NULL;
	const pacta_interval **since = NULL;
	size_t count[PACTA_STATUS__COUNT] = {0}, n_bg = 0, n_offmap = 0;
	char date[PACTA_LANG_DATE_BUFSZ], text[1024];
	pacta_rc rc = PACTA_OK;
	strbuf sb;
	map_say say = {opts ? opts->lang : NULL, opts ? opts->names : NULL, NULL};
	if (say.names && strcmp(pacta_lang_code(say.lang), "en") != 0)
		say.code = pacta_lang_code(say.lang);

	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!map || !ts || !out)
		return pacta_error_set(err, PACTA_ERR_USAGE, "", "pacta_map_write_svg needs a map, a status and out");
	if (day == PACTA_DAY_NONE || day == PACTA_DAY_OPEN)
		return pacta_error_set(err, PACTA_ERR_USAGE, "on", "the map needs a real day");
	rec = pacta_treaty_status_record(ts);
	treaty = &rec->treaties[pacta_treaty_status_treaty(ts)];
	strbuf_init(&sb);

	who = malloc(map->n * sizeof(*who));
	holder = malloc(map->n * sizeof(*holder));
	terr = calloc(map->n ? map->n : 1, sizeof(*terr));
	drawn = calloc(rec->n_participants + 1, sizeof(*drawn));
	status = calloc(rec->n_participants + 1, sizeof(*status));
	since = calloc(rec->n_participants + 1, sizeof(*since));
	if (!who || !holder || !terr || !drawn || !status || !since) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < rec->n_participants; i++)
		status[i] = pacta_status_on(ts, (uint32_t)i, day, &since[i]);
	/* The join: a shape belongs to the participant with its alpha-3 code. */
	for (size_t i = 0; i < map->n; i++) {
		who[i] = pacta_record_participant_by_iso3(rec, map->shapes[i].a3);
		holder[i] = who[i] < 0 ? pacta_territory_holder(ts, map->shapes[i].a3, day) : -1;
		if (who[i] >= 0) {
			drawn[who[i]] = true;
			count[status[who[i]]]++;
		} else if (holder[i] >= 0) {
			/* A territory takes the status that applies to it; the
			 * legend's counts stay counts of participants. */
			rc = pacta_territory_status(ts, (uint32_t)holder[i], map->shapes[i].a3, day,
						    &terr[i], err);
			if (rc != PACTA_OK)
				goto out;
		} else {
			n_bg++;
		}
	}
	for (size_t i = 0; i < rec->n_participants; i++) {
		if (!drawn[i] && status[i] != PACTA_STATUS_NONE) {
			count[status[i]]++;
			n_offmap++;
		}
	}

	/* Lay out the off-map list first: its rows set the height. */
	/* Columns wider than English's where a label in the language is
	 * longer than the longest English one. */
	unsigned col_min = LEGEND_COL_MIN;
	for (size_t k = 0; k <= PACTA_STATUS__COUNT; k++) {
		unsigned w = text_width(k < PACTA_STATUS__COUNT
						? pacta_tr(say.lang, looks[k].label)
						: pacta_tr(say.lang, "Not in the record (%zu)"));
		unsigned longest = text_width(looks[PACTA_STATUS_CONSENTED].label);
		if (w > longest && LEGEND_COL_MIN + w - longest > col_min)
			col_min = LEGEND_COL_MIN + w - longest;
	}
	unsigned cols = (map->width - 2 * PAD) / col_min;
	if (cols == 0)
		cols = 1;
	else if (cols > 4)
		cols = 4;
	unsigned legend_rows = (PACTA_STATUS__COUNT + 1 + cols - 1) / cols;
	unsigned legend_y = map->height + PAD;
	unsigned list_y = legend_y + legend_rows * ROW_H + (n_offmap ? ROW_H : 0);
	unsigned list_rows = 0;
	{
		unsigned x = map->width; /* forces a first row */
		for (size_t i = 0; i < rec->n_participants; i++) {
			if (drawn[i] || status[i] == PACTA_STATUS_NONE)
				continue;
			const pacta_participant *pt = &rec->participants[i];
			unsigned w = 22 + text_width(name_in(&say, pt->iso3, pt->name)) +
				     text_width(pacta_tr(say.lang, looks[status[i]].phrase)) + 24;
			if (x + w > map->width - PAD) {
				list_rows++;
				x = PAD;
			}
			x += w;
		}
	}
	unsigned height = list_y + list_rows * ROW_H + (list_rows ? PAD : 0);

	pacta_counts c = pacta_status_count(ts, day);
	date_in(&say, day, date, sizeof(date));
	const pacta_title *ti = say.code ? pacta_treaty_title(treaty, say.code) : NULL;
	strbuf_appendf(&sb,
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %u %u\" class=\"pacta-map\" "
		       "role=\"group\" aria-labelledby=\"pacta-map-title pacta-map-desc\" "
		       "font-family=\"sans-serif\" font-size=\"12\">",
		       map->width, height);
	strbuf_append(&sb, "<title id=\"pacta-map-title\">");
	/* TRANSLATORS: the map's title: the treaty's short name, the day. */
	snprintf(text, sizeof(text), pacta_tr(say.lang, "%s: status on %s"),
		 ti && ti->name ? ti->name : treaty->name && *treaty->name ? treaty->name : treaty->id,
		 date);
	put_escaped(&sb, text);
	strbuf_append(&sb, "</title><desc id=\"pacta-map-desc\">");
	snprintf(text, sizeof(text),
		 pacta_tr(say.lang, "On %s: %zu parties (%zu of them withdrawing), %zu consented not yet in "
			  "force, %zu signatories, %zu withdrawn."),
		 date, c.parties, c.withdrawing, c.consented, c.signatories, c.withdrawn);
	put_escaped(&sb, text);
	strbuf_append(&sb, "</desc>");
	put_defs(&sb);
	strbuf_appendf(&sb, "<rect width=\"%u\" height=\"%u\" fill=\"#fff\"/>", map->width, height);

	/* Shapes: the background first, so participants' outlines stay on top. */
	strbuf_append(&sb, "<g class=\"shapes\" stroke=\"#fff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">");
	for (size_t i = 0; i < map->n; i++) {
		const map_shape *s = &map->shapes[i];
		if (who[i] >= 0 || holder[i] >= 0 || !*s->d)
			continue;
		/* Paths are most of the output: appended, not formatted. */
		strbuf_append(&sb, "<path d=\"");
		strbuf_append(&sb, s->d);
		strbuf_appendf(&sb, "\" class=\"bg\" fill=\"%s\"><title>", BG_COLOUR);
		put_escaped(&sb, name_in(&say, s->a3, s->name));
		strbuf_append(&sb, "</title></path>");
	}
	for (size_t i = 0; i < map->n; i++) {
		const map_shape *s = &map->shapes[i];
		if (who[i] < 0 || !*s->d)
			continue;
		strbuf_append(&sb, "<path d=\"");
		strbuf_append(&sb, s->d);
		strbuf_append(&sb, "\"");
		put_state_attrs(&sb, &say, &rec->participants[who[i]], status[who[i]], since[who[i]], "",
				true);
		strbuf_append(&sb, "</path>");
	}
	for (size_t i = 0; i < map->n; i++) {
		const map_shape *s = &map->shapes[i];
		if (holder[i] < 0 || !*s->d)
			continue;
		strbuf_append(&sb, "<path d=\"");
		strbuf_append(&sb, s->d);
		strbuf_append(&sb, "\"");
		put_territory_attrs(&sb, &say, rec, s->a3, s->name, (uint32_t)holder[i], &terr[i], true);
		strbuf_append(&sb, "</path>");
	}
	strbuf_append(&sb, "</g>");

	/* Markers for states too small for the shapes; solid colours, as a
	 * pattern cannot be read at this size. */
	strbuf_append(&sb, "<g class=\"markers\" stroke=\"#333\" stroke-width=\"0.6\">");
	for (size_t i = 0; i < map->n; i++) {
		const map_shape *s = &map->shapes[i];
		if (*s->d)
			continue;
		strbuf_appendf(&sb, "<circle cx=\"%s\" cy=\"%s\" r=\"3\"", s->cx, s->cy);
		if (holder[i] >= 0) {
			put_territory_attrs(&sb, &say, rec, s->a3, s->name, (uint32_t)holder[i], &terr[i],
					    false);
			strbuf_append(&sb, "</circle>");
			continue;
		}
		if (who[i] < 0) {
			strbuf_appendf(&sb, " class=\"bg marker\" fill=\"%s\"><title>", BG_COLOUR);
			put_escaped(&sb, name_in(&say, s->a3, s->name));
			strbuf_append(&sb, "</title></circle>");
			continue;
		}
		put_state_attrs(&sb, &say, &rec->participants[who[i]], status[who[i]], since[who[i]],
				" marker", false);
		strbuf_append(&sb, "</circle>");
		put_marker_mark(&sb, s, status[who[i]]);
	}
	strbuf_append(&sb, "</g>");

	/* The legend: swatch (colour and pattern), label, count. */
	strbuf_append(&sb, "<g class=\"legend\">");
	unsigned col_w = (map->width - 2 * PAD) / cols;
	for (unsigned k = 0; k <= PACTA_STATUS__COUNT; k++) {
		unsigned x = PAD + (k % cols) * col_w;
		unsigned y = legend_y + (k / cols) * ROW_H;
		if (k < PACTA_STATUS__COUNT) {
			pacta_status st = legend_order[k];
			strbuf_appendf(&sb, "<g class=\"legend-item st-%s\" data-legend=\"%s\">",
				       pacta_status_name(st), pacta_status_name(st));
			strbuf_appendf(&sb, "<rect x=\"%u\" y=\"%u\" width=\"18\" height=\"12\" stroke=\"#333\" stroke-width=\"0.6\"",
				       x, y);
			put_fill(&sb, st);
			strbuf_appendf(&sb, "/><text x=\"%u\" y=\"%u\">", x + 24, y + 10);
			put_escaped(&sb, pacta_tr(say.lang, looks[st].label));
			strbuf_appendf(&sb, " (%zu)</text></g>", count[st]);
		} else {
			strbuf_appendf(&sb,
				       "<g class=\"legend-item bg\"><rect x=\"%u\" y=\"%u\" width=\"18\" height=\"12\" "
				       "stroke=\"#333\" stroke-width=\"0.6\" fill=\"%s\"/>"
				       "<text x=\"%u\" y=\"%u\">",
				       x, y, BG_COLOUR, x + 24, y + 10);
			/* TRANSLATORS: the map's legend: shapes of no participant. */
			snprintf(text, sizeof(text), pacta_tr(say.lang, "Not in the record (%zu)"), n_bg);
			put_escaped(&sb, text);
			strbuf_append(&sb, "</text></g>");
		}
	}
	strbuf_append(&sb, "</g>");

	/* Participants with a status but no shape: former states, the EU. */
	if (n_offmap) {
		unsigned x = map->width, row = 0;
		strbuf_appendf(&sb, "<g class=\"offmap-list\"><text x=\"%u\" y=\"%u\">", PAD,
			       list_y - ROW_H + 10 + 4);
		put_escaped(&sb, pacta_tr(say.lang, "Not on the map:"));
		strbuf_append(&sb, "</text>");
		for (size_t i = 0; i < rec->n_participants; i++) {
			if (drawn[i] || status[i] == PACTA_STATUS_NONE)
				continue;
			const pacta_participant *pt = &rec->participants[i];
			const char *name = name_in(&say, pt->iso3, pt->name);
			const char *phrase = pacta_tr(say.lang, looks[status[i]].phrase);
			unsigned w = 22 + text_width(name) + text_width(phrase) + 24;
			if (x + w > map->width - PAD) {
				row++;
				x = PAD;
			}
			unsigned y = list_y + (row - 1) * ROW_H + 4;
			strbuf_append(&sb, "<g");
			put_state_attrs(&sb, &say, pt, status[i], since[i], " offmap", false);
			strbuf_appendf(&sb, "<circle cx=\"%u\" cy=\"%u\" r=\"5\" stroke=\"#333\" stroke-width=\"0.6\" fill=\"%s\"/>",
				       x + 6, y + 6, looks[status[i]].colour);
			strbuf_appendf(&sb, "<text x=\"%u\" y=\"%u\" fill=\"#000\">", x + 16, y + 10);
			put_escaped(&sb, name);
			strbuf_append(&sb, " (");
			put_escaped(&sb, phrase);
			strbuf_append(&sb, ")</text></g>");
			x += w;
		}
		strbuf_append(&sb, "</g>");
	}
	strbuf_append(&sb, "</svg>\n");

	if (strbuf_failed(&sb)) {
		rc = pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
		goto out;
	}
	if (len)
		*len = sb.len;
	*out = strbuf_take(&sb);
out:
	strbuf_free(&sb);
	free(who);
	free(holder);
	free(terr);
	free(drawn);
	free(status);
	free(since);
	return rc;
}
