/*
 * test_map.c - the shapes file parser (every error with its line) and the
 * SVG map: it parses as XML (libxml2), every state has exactly one element
 * with data-state and the status the engine computes, small states are
 * markers, the legend counts what is drawn, and names are escaped.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "pacta/map.h"

#include "fixture.h"

/* ---- the parser ------------------------------------------------------- */

#define HEAD "pacta-map\t1\t480\t50\na3\tname\tcx\tcy\td\n"

static void parse_ok(const char *text, size_t want_rows)
{
	pacta_map *m = NULL;
	pacta_error err;

	memset(&err, 0, sizeof(err));
	if (pacta_map_parse(text, strlen(text), "t.tsv", &m, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	assert_int_equal(pacta_map_count(m), want_rows);
	pacta_map_free(m);
}

static void test_parse_good(void **state)
{
	(void)state;
	parse_ok(HEAD "AAA\tA land\t1.5\t2\tM1,1L2,2L1.5,-0.5Z\n", 1);
	/* CRLF, no final newline, a marker row, UTF-8 names. */
	parse_ok("pacta-map\t1\t480\t50\r\na3\tname\tcx\tcy\td\r\n"
		 "AAA\tS\xc3\xa3o Tom\xc3\xa9\t1\t2\tM1,1L2,2Z\r\nBBB\tB\t3.0\t4.0\t", 2);
}

struct bad {
	const char *text;
	const char *where;
	const char *why; /* a part of the message */
	pacta_rc code;
};

static void test_parse_errors(void **state)
{
	static const struct bad cases[] = {
		{"", "t.tsv:1", "no shapes", PACTA_ERR_PARSE},
		{HEAD, "t.tsv:3", "no shapes", PACTA_ERR_PARSE},
		{"pacta-mop\t1\t100\t50\n", "t.tsv:1", "not a shapes file", PACTA_ERR_PARSE},
		{"pacta-map\t1\t100\n", "t.tsv:1", "not a shapes file", PACTA_ERR_PARSE},
		{"pacta-map\t2\t100\t50\n", "t.tsv:1", "version", PACTA_ERR_PARSE},
		{"pacta-map\t1\t239\t50\n", "t.tsv:1", "width must be a whole number from 240 to 10000",
		 PACTA_ERR_PARSE},
		{"pacta-map\t1\t10001\t50\n", "t.tsv:1", "width must", PACTA_ERR_PARSE},
		{"pacta-map\t1\t480\t0\n", "t.tsv:1", "height from 1", PACTA_ERR_PARSE},
		{"pacta-map\t1\t480\t5x\n", "t.tsv:1", "height from 1", PACTA_ERR_PARSE},
		{"pacta-map\t1\t480\t50\na3\tname\tcx\tcy\n", "t.tsv:2", "header", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\n", "t.tsv:3", "fewer than 5", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\tM1,1Z\textra\n", "t.tsv:3", "more than 5", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\tM1,1Z\nAb1\tB\t1\t2\t\n", "t.tsv:4", "a3: 'Ab1'", PACTA_ERR_PARSE},
		{HEAD "AAAA\tA\t1\t2\t\n", "t.tsv:3", "three letters", PACTA_ERR_PARSE},
		{HEAD "AAA\t\t1\t2\t\n", "t.tsv:3", "name: empty", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1e3\t2\t\n", "t.tsv:3", "cx, cy", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t.5\t\n", "t.tsv:3", "cx, cy", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\tL1,1Z\n", "t.tsv:3", "start with M", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\tM1,1\"/><script>\n", "t.tsv:3", "d: path", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\t\nBBB\tB\t1\t2\t\nAAA\tC\t1\t2\t\n", "t.tsv:5",
		 "AAA appears twice", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\t1\t2\t\n\nBBB\tB\t1\t2\t\n", "t.tsv:4", "empty line", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\xff\t1\t2\t\n", "t.tsv:3", "invalid UTF-8 at column 6", PACTA_ERR_PARSE},
		{HEAD "AAA\tA\x01\t1\t2\t\n", "t.tsv:3", "control character 0x01", PACTA_ERR_PARSE},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pacta_map *m = (pacta_map *)1;
		pacta_error err;

		memset(&err, 0, sizeof(err));
		pacta_rc rc = pacta_map_parse(cases[i].text, strlen(cases[i].text), "t.tsv", &m, &err);
		if (rc != cases[i].code || strcmp(err.where, cases[i].where) != 0 ||
		    !strstr(err.message, cases[i].why))
			fail_msg("case %zu: got rc %d, %s: %s; want %s: ...%s...", i, (int)rc, err.where,
				 err.message, cases[i].where, cases[i].why);
		assert_null(m);
	}
}

static void test_parse_limits(void **state)
{
	size_t n = strlen(HEAD) + PACTA_MAP_MAX_LINE + 64;
	char *text = malloc(n);
	pacta_map *m = NULL;
	pacta_error err;
	size_t len;

	(void)state;
	assert_non_null(text);
	/* A line over the bound. */
	len = (size_t)snprintf(text, n, HEAD "AAA\tA\t1\t2\tM");
	memset(text + len, '1', PACTA_MAP_MAX_LINE);
	len += PACTA_MAP_MAX_LINE;
	assert_int_equal(pacta_map_parse(text, len, "t.tsv", &m, &err), PACTA_ERR_LIMIT);
	assert_string_equal(err.where, "t.tsv:3");
	/* A NUL byte inside a line. */
	len = (size_t)snprintf(text, n, HEAD "AAA\tA\t1\t2\tM1,1Z\n");
	text[strlen(HEAD) + 4] = '\0';
	assert_int_equal(pacta_map_parse(text, len, "t.tsv", &m, &err), PACTA_ERR_PARSE);
	assert_string_equal(err.where, "t.tsv:3");
	assert_non_null(strstr(err.message, "NUL"));
	free(text);
	/* A missing file. */
	assert_int_equal(pacta_map_load("/nonexistent/shapes.tsv", &m, &err), PACTA_ERR_IO);
	assert_null(m);
	pacta_map_free(NULL);
}

/* ---- reading the SVG back --------------------------------------------- */

#define MAX_ELEMS 512

struct elem {
	char state[8];
	char status[32];
	char tag[16];
	char title[256];
	bool focusable;
};

struct svg {
	xmlDocPtr doc;
	struct elem e[MAX_ELEMS];
	size_t n;
	size_t legend[PACTA_STATUS__COUNT]; /* counts printed in the legend */
};

static void copy_prop(xmlNodePtr node, const char *name, char *out, size_t size)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	snprintf(out, size, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

static int status_by_name(const char *name)
{
	for (int s = 0; s < PACTA_STATUS__COUNT; s++)
		if (strcmp(pacta_status_name((pacta_status)s), name) == 0)
			return s;
	return -1;
}

static void walk(struct svg *v, xmlNodePtr node)
{
	for (; node; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		/* A territory's shape names its holder in data-state
		 * (tests/test_territory.c checks those): not a state's element. */
		if (xmlHasProp(node, (const xmlChar *)"data-state") &&
		    !xmlHasProp(node, (const xmlChar *)"data-territory")) {
			assert_true(v->n < MAX_ELEMS);
			struct elem *e = &v->e[v->n++];
			char tab[8];
			copy_prop(node, "data-state", e->state, sizeof(e->state));
			copy_prop(node, "data-status", e->status, sizeof(e->status));
			copy_prop(node, "tabindex", tab, sizeof(tab));
			e->focusable = strcmp(tab, "0") == 0;
			snprintf(e->tag, sizeof(e->tag), "%s", (const char *)node->name);
			for (xmlNodePtr c = node->children; c; c = c->next) {
				if (c->type == XML_ELEMENT_NODE &&
				    xmlStrcmp(c->name, (const xmlChar *)"title") == 0) {
					xmlChar *t = xmlNodeGetContent(c);
					snprintf(e->title, sizeof(e->title), "%s", (const char *)t);
					xmlFree(t);
				}
			}
		}
		if (xmlHasProp(node, (const xmlChar *)"data-legend")) {
			char name[32];
			copy_prop(node, "data-legend", name, sizeof(name));
			int s = status_by_name(name);
			assert_true(s >= 0);
			xmlChar *t = xmlNodeGetContent(node);
			const char *open = strrchr((const char *)t, '(');
			assert_non_null(open);
			v->legend[s] = strtoul(open + 1, NULL, 10);
			xmlFree(t);
		}
		walk(v, node->children);
	}
}

/* Renders (said as opts asks; NULL: pacta_map_write_svg()) and parses;
 * fails the test if the SVG is not well-formed XML. */
static void render_in(struct svg *v, const pacta_map *m, const pacta_treaty_status *ts,
		      const char *day, const pacta_map_opts *opts, char **text)
{
	char *out = NULL;
	size_t len = 0;
	pacta_error err;

	memset(v, 0, sizeof(*v));
	if ((opts ? pacta_map_write_svg_in(m, ts, fx_day(day), opts, &out, &len, &err)
		  : pacta_map_write_svg(m, ts, fx_day(day), &out, &len, &err)) != PACTA_OK)
		fail_msg("write_svg: %s: %s", err.where, err.message);
	assert_int_equal(strlen(out), len);
	v->doc = xmlReadMemory(out, (int)len, "map.svg", NULL,
			       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!v->doc)
		fail_msg("the SVG is not well-formed XML");
	xmlNodePtr root = xmlDocGetRootElement(v->doc);
	assert_string_equal((const char *)root->name, "svg");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2000/svg");
	walk(v, root);
	if (text)
		*text = out;
	else
		free(out);
}

static void render(struct svg *v, const pacta_map *m, const pacta_treaty_status *ts,
		   const char *day, char **text)
{
	render_in(v, m, ts, day, NULL, text);
}

static const struct elem *find(const struct svg *v, const char *iso3)
{
	const struct elem *found = NULL;

	for (size_t i = 0; i < v->n; i++) {
		if (strcmp(v->e[i].state, iso3) == 0) {
			if (found)
				fail_msg("%s has more than one element", iso3);
			found = &v->e[i];
		}
	}
	return found;
}

/* ---- the bundled record and shapes ------------------------------------ */

struct bundled {
	pacta_record *rec;
	pacta_treaty_status *ts;
	pacta_map *map;
};

static int setup_bundled(void **state)
{
	const char *root = getenv("PACTA_SOURCE_ROOT");
	struct bundled *b = calloc(1, sizeof(*b));
	char path[4096];
	pacta_error err;
	int32_t t;

	if (!b || !root) {
		print_error("PACTA_SOURCE_ROOT is not set\n");
		free(b);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/data", root);
	b->rec = pacta_record_new();
	if (!b->rec || pacta_record_load_dir(b->rec, path, &err) != PACTA_OK)
		goto fail;
	t = pacta_record_treaty_by_id(b->rec, "apmbc");
	if (t < 0 || pacta_status_compile(b->rec, (uint32_t)t, &b->ts, &err) != PACTA_OK)
		goto fail;
	snprintf(path, sizeof(path), "%s/data/%s", root, PACTA_MAP_SHAPES_FILE);
	if (pacta_map_load(path, &b->map, &err) != PACTA_OK)
		goto fail;
	*state = b;
	return 0;
fail:
	print_error("setup: %s: %s\n", err.where, err.message);
	pacta_treaty_status_free(b->ts);
	pacta_record_free(b->rec);
	free(b);
	return -1;
}

static int teardown_bundled(void **state)
{
	struct bundled *b = *state;

	if (!b)
		return 0;
	pacta_map_free(b->map);
	pacta_treaty_status_free(b->ts);
	pacta_record_free(b->rec);
	free(b);
	return 0;
}

/* Every participant that is a state has exactly one element; so has every
 * participant with a status; each element's status is the engine's; the
 * legend counts the elements. */
static void check_complete(const struct bundled *b, const struct svg *v, const char *day)
{
	size_t per_status[PACTA_STATUS__COUNT] = {0};

	/* 193 UN members, 2 observer states, 2 non-member states. */
	assert_true(v->n >= 197);
	for (size_t i = 0; i < v->n; i++) {
		const struct elem *e = &v->e[i];
		int32_t p = pacta_record_participant_by_iso3(b->rec, e->state);
		if (p < 0)
			fail_msg("element for %s, not a participant", e->state);
		pacta_status st = pacta_status_on(b->ts, (uint32_t)p, fx_day(day), NULL);
		if (strcmp(e->status, pacta_status_name(st)) != 0)
			fail_msg("%s on %s: drawn %s, engine says %s", e->state, day, e->status,
				 pacta_status_name(st));
		assert_true(e->focusable);
		assert_non_null(strstr(e->title, b->rec->participants[p].name));
		per_status[st]++;
	}
	for (size_t i = 0; i < b->rec->n_participants; i++) {
		const pacta_participant *pt = &b->rec->participants[i];
		pacta_status st = pacta_status_on(b->ts, (uint32_t)i, fx_day(day), NULL);
		bool state = pt->kind == PACTA_KIND_STATE || pt->kind == PACTA_KIND_OBSERVER_STATE ||
			     pt->kind == PACTA_KIND_NON_MEMBER_STATE;
		if ((state || st != PACTA_STATUS_NONE) && !find(v, pt->iso3))
			fail_msg("%s (%s) has no element on %s", pt->iso3, pacta_status_name(st), day);
	}
	for (int s = 0; s < PACTA_STATUS__COUNT; s++)
		assert_int_equal(v->legend[s], per_status[s]);
}

static void test_bundled_latvia(void **state)
{
	const struct bundled *b = *state;
	struct svg v;
	const struct elem *e;
	char *text;

	render(&v, b->map, b->ts, "2025-12-26", &text);
	check_complete(b, &v, "2025-12-26");
	e = find(&v, "LVA");
	assert_non_null(e);
	assert_string_equal(e->tag, "path");
	assert_string_equal(e->status, "withdrawal_pending");
	assert_string_equal(e->title, "Latvia: party, withdrawal pending since 2025-06-27");
	/* The title and desc name the treaty and the day. */
	assert_non_null(strstr(text, "<title id=\"pacta-map-title\">Anti-Personnel Mine Ban "
				     "Convention: status on 2025-12-26</title>"));
	assert_non_null(strstr(text, "<desc id=\"pacta-map-desc\">On 2025-12-26: "));
	free(text);
	xmlFreeDoc(v.doc);

	render(&v, b->map, b->ts, "2025-12-27", NULL);
	check_complete(b, &v, "2025-12-27");
	e = find(&v, "LVA");
	assert_non_null(e);
	assert_string_equal(e->status, "withdrawn");
	assert_string_equal(e->title, "Latvia: withdrawn since 2025-12-27");
	xmlFreeDoc(v.doc);
}

/* The map in French: its titles, legend and names from the catalogue and
 * the names file, dates in words; the same elements, statuses and counts
 * as in English. In English with the names file, the record's names. */
static void test_bundled_languages(void **state)
{
	const struct bundled *b = *state;
	const char *root = getenv("PACTA_BUILD_ROOT");
	char dir[4096], path[4096], *text = NULL, *plain = NULL, *en_text = NULL;
	pacta_lang *fr = NULL, *en = NULL;
	pacta_names *names = NULL;
	pacta_error err;
	struct svg v, w;

	snprintf(dir, sizeof(dir), "%s/po", root ? root : "build");
	snprintf(path, sizeof(path), "%s/names.tsv", root ? root : "build");
	if (pacta_lang_new("fr", dir, &fr, &err) != PACTA_OK || pacta_lang_new("en", dir, &en, &err) != PACTA_OK ||
	    pacta_names_load(path, &names, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);
	if (!pacta_lang_translates(fr))
		fail_msg("no locale for fr: install the locales (scripts/deps.sh)");
	pacta_map_opts say = {fr, names};
	render_in(&v, b->map, b->ts, "2026-11-29", &say, &text);
	render(&w, b->map, b->ts, "2026-11-29", &plain);
	const struct elem *e = find(&v, "LVA");
	assert_non_null(e);
	assert_string_equal(e->status, "withdrawn");
	assert_string_equal(e->title, "Lettonie : retrait effectif depuis le 27 décembre 2025");
	assert_non_null(strstr(text, "<title id=\"pacta-map-title\">Convention sur l&#39;interdiction "
				     "des mines antipersonnel : statut au 29 novembre 2026</title>"));
	assert_non_null(strstr(text, "<desc id=\"pacta-map-desc\">Au 29 novembre 2026 : 161 parties"));
	assert_non_null(strstr(text, ">Partie (161)</text>"));
	assert_non_null(strstr(text, ">Absent du registre ("));
	assert_int_equal(v.n, w.n);
	for (size_t i = 0; i < v.n; i++) {
		assert_string_equal(v.e[i].state, w.e[i].state);
		assert_string_equal(v.e[i].status, w.e[i].status);
	}
	for (int s = 0; s < PACTA_STATUS__COUNT; s++)
		assert_int_equal(v.legend[s], w.legend[s]);
	xmlFreeDoc(v.doc);
	xmlFreeDoc(w.doc);

	pacta_map_opts english = {en, names};
	render_in(&v, b->map, b->ts, "2026-11-29", &english, &en_text);
	assert_string_equal(en_text, plain);
	xmlFreeDoc(v.doc);
	free(text);
	free(plain);
	free(en_text);
	pacta_names_free(names);
	pacta_lang_free(fr);
	pacta_lang_free(en);
}

static void test_bundled_markers(void **state)
{
	static const char *const small[] = {"MLT", "SGP", "AND", "MCO", "LIE", "SMR",
					    "TUV", "NRU", "BRB", "MDV", "BHR", "VAT"};
	const struct bundled *b = *state;
	struct svg v;

	render(&v, b->map, b->ts, "2026-01-01", NULL);
	check_complete(b, &v, "2026-01-01");
	for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		const struct elem *e = find(&v, small[i]);
		if (!e)
			fail_msg("%s has no element", small[i]);
		assert_string_equal(e->tag, "circle");
	}
	/* A day before the treaty existed: every state drawn, none with a
	 * status, nothing off the map. */
	xmlFreeDoc(v.doc);
	render(&v, b->map, b->ts, "1990-01-01", NULL);
	check_complete(b, &v, "1990-01-01");
	for (size_t i = 0; i < v.n; i++)
		assert_string_equal(v.e[i].status, "none");
	xmlFreeDoc(v.doc);
}

/* ---- a small fixture: escaping, off-map participants, background ------ */

static void test_fixture(void **state)
{
	static const char shapes[] =
		HEAD "ARC\tArcadia\t10\t10\tM1,1L5,1L5,5Z\n"
		     "BOR\tBorduria\t20\t20\t\n"
		     "ZZZ\tNo <one> & \"nobody\"\t30\t30\tM20,20L25,20L25,25Z\n"
		     "ELB\tElbonia\t30\t30\tM30,30L35,30L35,35Z\n";
	struct fx f;
	struct svg v;
	pacta_map *m = NULL;
	pacta_error err;
	char *text;

	(void)state;
	fx_open(&f, NULL);
	fx_add_state(&f, "QQQ", "QQ", "Tom & Jerry's <\"Land\">", "Tom", "");
	fx_base(&f);
	fx_act(&f, "QQQ", "accession", "2001-03-10", NULL, NULL);
	fx_finish(&f);
	if (pacta_map_parse(shapes, strlen(shapes), "fixture", &m, &err) != PACTA_OK)
		fail_msg("%s: %s", err.where, err.message);

	render(&v, m, f.ts, "2002-01-01", &text);
	/* ARC, BOR, ELB drawn; COS (a party, no shape) and QQQ listed off the
	 * map; ZZZ is background, without data-state; other fixture states
	 * (no shape, no status) are absent. */
	assert_int_equal(v.n, 5);
	assert_string_equal(find(&v, "ARC")->tag, "path");
	assert_string_equal(find(&v, "ARC")->status, "party");
	assert_string_equal(find(&v, "BOR")->tag, "circle");
	assert_string_equal(find(&v, "ELB")->status, "party");
	assert_string_equal(find(&v, "COS")->tag, "g");
	assert_string_equal(find(&v, "QQQ")->tag, "g");
	assert_string_equal(find(&v, "QQQ")->status, "party");
	assert_null(find(&v, "ZZZ"));
	assert_null(find(&v, "FRE"));
	/* The escaped names read back as they were. */
	assert_string_equal(find(&v, "QQQ")->title, "Tom & Jerry's <\"Land\">: party since 2001-09-01");
	assert_non_null(strstr(text, "Tom &amp; Jerry&#39;s &lt;&quot;Land&quot;&gt;"));
	assert_non_null(strstr(text, "<title>No &lt;one&gt; &amp; &quot;nobody&quot;</title>"));
	assert_non_null(strstr(text, "class=\"bg\""));
	assert_null(strstr(text, "<style"));
	assert_null(strstr(text, "style="));
	assert_int_equal(v.legend[PACTA_STATUS_PARTY], 5);
	free(text);
	xmlFreeDoc(v.doc);

	/* Bad arguments. */
	assert_int_equal(pacta_map_write_svg(NULL, f.ts, fx_day("2002-01-01"), &text, NULL, &err),
			 PACTA_ERR_USAGE);
	assert_null(text);
	assert_int_equal(pacta_map_write_svg(m, f.ts, PACTA_DAY_NONE, &text, NULL, &err),
			 PACTA_ERR_USAGE);
	pacta_map_free(m);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test_setup_teardown(test_bundled_latvia, setup_bundled, teardown_bundled),
		cmocka_unit_test_setup_teardown(test_bundled_markers, setup_bundled, teardown_bundled),
		cmocka_unit_test_setup_teardown(test_bundled_languages, setup_bundled, teardown_bundled),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
