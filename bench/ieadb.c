/*
 * ieadb.c - reads the membership table of the International Environmental
 * Agreements Database (db_members.csv from the IEADB "all CSV" download:
 * semicolon-separated, UTF-8 with a byte-order mark, two citation lines and
 * a blank line before the header) and maps it onto pacta acts.
 *
 * The data is not redistributed with pacta. Its terms require citing the
 * IEADB project (https://www.iea.ulaval.ca) and Mitchell et al. (2020),
 * Global Environmental Politics 20(1):103-121.
 *
 * The mapping is generic, for timing, not for legal answers:
 *  - each agreement (Mitch ID) is a treaty with the same rules, shared
 *    final clauses as a register's series has them: any consent
 *    instrument counts; when the table gives the agreement's entry into
 *    force, that stated date wins (one instrument), otherwise two
 *    instruments and 30 days; later instruments 30 days; withdrawal on a
 *    year's notice; provisional application allowed;
 *  - each country is a participant with a made-up three-letter code;
 *  - signature, ratification, acceptance, approval (incl. "approbation"),
 *    accession (incl. adherence, adhesion), succession, consent, provisional
 *    application and withdrawal (incl. denunciation) map onto pacta's
 *    actions; a "definitive signature" is a consent;
 *  - pacta computes entry into force, so the table's per-country "entry
 *    into force" rows become a consent with that stated effective date, but
 *    only for a country with no instrument of its own under the agreement;
 *  - every other row (amendments, notifications, objections to tacit
 *    acceptance, ...) is a communication, which has no effect on status;
 *  - rows whose year is the table's placeholder (1111) or whose date is not
 *    a date are left out; a missing month or day counts as 1.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_FIELDS 32
#define IEADB_MAX_BYTES (512u * 1024u * 1024u)

enum { ACT_EIF = -1 }; /* an "entry into force" row, decided later */

typedef struct row {
	uint32_t treaty, country;
	int action; /* a pacta_action, or ACT_EIF */
	pacta_day date;
} row;

typedef struct treaty_info {
	char *mitch;
	char *name;
	pacta_day signed_on, eif, first;
} treaty_info;

/* A string -> index map, open addressing; keys are owned by the caller. */
typedef struct strmap {
	const char **keys;
	uint32_t *vals;
	size_t n, cap;
} strmap;

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Index of key, or UINT32_MAX. */
static uint32_t strmap_get(const strmap *m, const char *key)
{
	if (!m->cap)
		return UINT32_MAX;
	for (size_t j = (size_t)hash(key) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1))
		if (strcmp(m->keys[j], key) == 0)
			return m->vals[j];
	return UINT32_MAX;
}

static int strmap_put(strmap *m, const char *key, uint32_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024;
		const char **keys = calloc(ncap, sizeof(*keys));
		uint32_t *vals = calloc(ncap, sizeof(*vals));
		if (!keys || !vals) {
			free(keys);
			free(vals);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t j = (size_t)hash(m->keys[i]) & (ncap - 1);
			while (keys[j])
				j = (j + 1) & (ncap - 1);
			keys[j] = m->keys[i];
			vals[j] = m->vals[i];
		}
		free(m->keys);
		free(m->vals);
		m->keys = keys;
		m->vals = vals;
		m->cap = ncap;
	}
	size_t j = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[j])
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = key;
	m->vals[j] = val;
	m->n++;
	return 0;
}

static void strmap_free(strmap *m)
{
	free(m->keys);
	free(m->vals);
}

/* One record of semicolon-separated, double-quoted fields, unescaped in
 * place (the buffer has a NUL after its end). Returns the number of fields
 * (only the first max are stored), 0 at the end of the input. */
static size_t next_record(char **cursor, char *end, char **f, size_t max)
{
	char *p = *cursor;
	size_t n = 0;
	if (p >= end)
		return 0;
	for (;;) {
		char *start = p, *out = p;
		if (p < end && *p == '"') {
			p++;
			while (p < end) {
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*out++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*out++ = *p++;
			}
		}
		while (p < end && *p != ';' && *p != '\n')
			*out++ = *p++;
		if (out > start && out[-1] == '\r')
			out--;
		char sep = p < end ? *p : '\n';
		*out = '\0';
		if (n < max)
			f[n] = start;
		n++;
		p++;
		if (sep == '\n')
			break;
	}
	*cursor = p;
	return n;
}

static int find(char **hdr, size_t n, const char *name)
{
	for (size_t i = 0; i < n && i < MAX_FIELDS; i++)
		if (strcmp(hdr[i], name) == 0)
			return (int)i;
	fprintf(stderr, "bench_status: db_members.csv has no column \"%s\"\n", name);
	return -1;
}

static int map_action(const char *type)
{
	static const struct {
		const char *prefix;
		int action;
	} map[] = {
		{"Entry Into Force (Tacit Acceptance) - ", PACTA_ACT_COMMUNICATION},
		{"Entry Into Force (Tacit Acceptance); Status based on pre-amendment agreement "
		 "action of Withdrawal", PACTA_ACT_WITHDRAWAL},
		{"Entry Into Force (Tacit Acceptance); Status based on post-amendment agreement "
		 "action of Withdrawal", PACTA_ACT_WITHDRAWAL},
		{"Entry into force", ACT_EIF},
		{"Definitive signature", PACTA_ACT_CONSENT},
		{"Signature", PACTA_ACT_SIGNATURE},
		{"Ratification", PACTA_ACT_RATIFICATION},
		{"Deposit (ratification)", PACTA_ACT_RATIFICATION},
		{"Acceptance", PACTA_ACT_ACCEPTANCE},
		{"Deposit (acceptance)", PACTA_ACT_ACCEPTANCE},
		{"Approbation", PACTA_ACT_APPROVAL},
		{"Approval", PACTA_ACT_APPROVAL},
		{"Accession", PACTA_ACT_ACCESSION},
		{"Definitive accession", PACTA_ACT_ACCESSION},
		{"Deposit (accession)", PACTA_ACT_ACCESSION},
		{"Adherence", PACTA_ACT_ACCESSION},
		{"Deposit (adherence)", PACTA_ACT_ACCESSION},
		{"Adhesion", PACTA_ACT_ACCESSION},
		{"Deposit (adhesion)", PACTA_ACT_ACCESSION},
		{"Succession", PACTA_ACT_SUCCESSION},
		{"Consent To Be Bound", PACTA_ACT_CONSENT},
		{"Deposit (instrument)", PACTA_ACT_CONSENT},
		{"Provisional application", PACTA_ACT_PROVISIONAL_APPLICATION},
		{"Withdrawal", PACTA_ACT_WITHDRAWAL},
		{"Denunciation", PACTA_ACT_WITHDRAWAL},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncasecmp(type, map[i].prefix, strlen(map[i].prefix)) == 0)
			return map[i].action;
	return PACTA_ACT_COMMUNICATION;
}

/* A date from the Year/Month/Day columns; PACTA_DAY_NONE if unusable. */
static pacta_day row_date(const char *y, const char *m, const char *d)
{
	int year = atoi(y), month = atoi(m), day = atoi(d);
	if (month == 0)
		month = 1;
	if (day == 0)
		day = 1;
	if (year == 1111 || !pacta_date_valid(year, month, day))
		return PACTA_DAY_NONE;
	return pacta_date_from_civil(year, month, day);
}

static pacta_day iso_date(const char *s)
{
	pacta_day d;
	if (strcmp(s, "1111-11-11") == 0 || !pacta_date_parse(s, strlen(s), &d))
		return PACTA_DAY_NONE;
	return d;
}

/* The generic final clauses, shared by every agreement (docs/rules.md,
 * "Shared clauses"): with the stated entry into force, or two instruments
 * and 30 days. */
#define CLAUSES_FMT \
	"{\"clauses\": \"%s\", \"depositary\": \"(not recorded)\",\n" \
	" \"rules\": {\n" \
	"  \"consent\": {\"instruments\": [\"ratification\", \"acceptance\", \"approval\",\n" \
	"    \"accession\", \"succession\", \"consent\", \"formal_confirmation\"]},\n" \
	"  \"entry_into_force\": {\"delay\": {\"days\": %d}},\n" \
	"  \"entry_into_force_later\": {\"delay\": {\"days\": 30}},\n" \
	"  \"provisional_application\": {},\n" \
	"  \"withdrawal\": {\"notice\": {\"years\": 1}}}}\n"

static const struct {
	const char *name;
	int eif_days;
} ieadb_clauses[] = {{"iea", 30}, {"iea-stated", 0}};
#define N_IEADB_CLAUSES (sizeof(ieadb_clauses) / sizeof(ieadb_clauses[0]))

#define IEADB_URL "https://www.iea.ulaval.ca/"

/* The shared clauses, once. 0 or -1. */
static int plan_clauses(bench_input *in)
{
	in->clauses = calloc(N_IEADB_CLAUSES, sizeof(*in->clauses));
	if (!in->clauses)
		return -1;
	for (size_t k = 0; k < N_IEADB_CLAUSES; k++) {
		in->clauses[k] =
			bench_format(CLAUSES_FMT, ieadb_clauses[k].name, ieadb_clauses[k].eif_days);
		if (!in->clauses[k])
			return -1;
		in->n_clauses++;
	}
	return 0;
}

/* Agreement i: its own fields (in->own[i]) and rules file (in->rules[i]),
 * the strings owned by in. 0 or -1. */
static int plan_treaty(bench_input *in, size_t i, const treaty_info *ti)
{
	pacta_day a = ti->signed_on != PACTA_DAY_NONE ? ti->signed_on : ti->first;
	if (a == PACTA_DAY_NONE)
		a = pacta_date_from_civil(1900, 1, 1);
	bool stated = ti->eif != PACTA_DAY_NONE;
	char *id = bench_input_own(in, bench_format("iea-%s", ti->mitch));
	char *name = bench_input_own(in, bench_format("%s", ti->name));
	if (!id || !name)
		return -1;
	pacta_treaty_own *own = &in->own[i];
	*own = (pacta_treaty_own){
		.id = id,
		.name = name,
		.title = name,
		.clauses = ieadb_clauses[stated ? 1 : 0].name,
		.adopted = a,
		.signature_opened = PACTA_DAY_NONE,
		.source_url = IEADB_URL,
		.entry_into_force_instruments = stated ? 1 : 2,
		.entry_into_force_stated = stated ? ti->eif : PACTA_DAY_NONE,
		.origin = "benchmark",
	};
	/* Its rules file is exactly its fields' canonical text
	 * (pacta_treaty_own_render(), as bench/synth.c's series). */
	char *json = pacta_treaty_own_render(own);
	if (!json)
		return -1;
	in->rules[i] = json;
	own->rules_json = json;
	own->rules_json_len = strlen(json);
	return 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1u << 20;
			char *nb = cap > IEADB_MAX_BYTES ? NULL : realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

int ieadb_read(const char *dir, bench_input *in)
{
	strmap countries = {0}, treaties = {0};
	treaty_info *ti = NULL;
	row *rows = NULL;
	unsigned char *has_consent = NULL;
	size_t n_ti = 0, cap_ti = 0, n_rows = 0, cap_rows = 0, len = 0;
	size_t n_eif_kept = 0, n_eif_dropped = 0;
	int rc = -1;
	char path[4096];
	memset(in, 0, sizeof(*in));
	in->day_lo = pacta_date_from_civil(1950, 1, 1);
	in->day_hi = pacta_date_from_civil(2026, 12, 31);
	snprintf(path, sizeof(path), "%s/db_members.csv", dir);
	char *buf = slurp(path, &len);
	if (!buf) {
		fprintf(stderr, "bench_status: cannot read %s\n", path);
		return -1;
	}
	char *p = buf, *end = buf + len, *f[MAX_FIELDS];
	/* Skip the byte-order mark and the citation lines before the header. */
	while (p < end && strncmp(p, "\"Mitch ID\"", 10) != 0) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	size_t nh = next_record(&p, end, f, MAX_FIELDS);
	char *hdr[MAX_FIELDS];
	memcpy(hdr, f, sizeof(hdr));
	int c_id = find(hdr, nh, "Mitch ID");
	int c_name = find(hdr, nh, "Treaty Name from Treaty Table");
	int c_country = find(hdr, nh, "Country (official name)");
	int c_type = find(hdr, nh, "Action Type");
	int c_y = find(hdr, nh, "Year"), c_m = find(hdr, nh, "Month"), c_d = find(hdr, nh, "Day");
	int c_sig = find(hdr, nh, "Signature Date");
	int c_eif = find(hdr, nh, "Entry into force (EIF) Date");
	if (c_id < 0 || c_name < 0 || c_country < 0 || c_type < 0 || c_y < 0 || c_m < 0 ||
	    c_d < 0 || c_sig < 0 || c_eif < 0)
		goto out;
	size_t nf;
	while ((nf = next_record(&p, end, f, MAX_FIELDS)) > 0) {
		if (nf == 1 && !*f[0])
			continue; /* a blank line */
		in->n_rows++;
		if (nf != nh) {
			in->n_skipped++;
			continue;
		}
		uint32_t t = strmap_get(&treaties, f[c_id]);
		if (t == UINT32_MAX) {
			if (n_ti == cap_ti) {
				cap_ti = cap_ti ? cap_ti * 2 : 1024;
				treaty_info *nt = realloc(ti, cap_ti * sizeof(*nt));
				if (!nt)
					goto oom;
				ti = nt;
			}
			treaty_info *x = &ti[n_ti];
			memset(x, 0, sizeof(*x));
			x->mitch = bench_input_own(in, dup(f[c_id]));
			x->name = bench_input_own(in, dup(f[c_name]));
			if (!x->mitch || !x->name)
				goto oom;
			for (char *s = x->mitch; *s; s++)
				if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z')))
					*s = '-';
			x->signed_on = iso_date(f[c_sig]);
			x->eif = iso_date(f[c_eif]);
			x->first = PACTA_DAY_NONE;
			t = (uint32_t)n_ti++;
			if (strmap_put(&treaties, bench_input_own(in, dup(f[c_id])), t))
				goto oom;
		}
		pacta_day date = row_date(f[c_y], f[c_m], f[c_d]);
		if (date == PACTA_DAY_NONE) {
			in->n_skipped++;
			continue;
		}
		uint32_t c = strmap_get(&countries, f[c_country]);
		if (c == UINT32_MAX) {
			char *name = bench_input_own(in, dup(f[c_country]));
			if (!name || strmap_put(&countries, name, (uint32_t)countries.n))
				goto oom;
			c = (uint32_t)countries.n - 1;
		}
		if (n_rows == cap_rows) {
			cap_rows = cap_rows ? cap_rows * 2 : 65536;
			row *nr = realloc(rows, cap_rows * sizeof(*nr));
			if (!nr)
				goto oom;
			rows = nr;
		}
		rows[n_rows++] = (row){t, c, map_action(f[c_type]), date};
		if (ti[t].first == PACTA_DAY_NONE || date < ti[t].first)
			ti[t].first = date;
	}
	if (countries.n > 26 * 26 * 26) {
		fprintf(stderr, "bench_status: too many countries\n");
		goto out;
	}

	/* Participants, in order of first appearance. */
	in->participants = calloc(countries.n + 1, sizeof(*in->participants));
	if (!in->participants)
		goto oom;
	for (size_t j = 0; j < countries.cap; j++) {
		if (!countries.keys[j])
			continue;
		uint32_t i = countries.vals[j];
		pacta_participant *q = &in->participants[i];
		q->iso3[0] = (char)('A' + i / 676);
		q->iso3[1] = (char)('A' + i / 26 % 26);
		q->iso3[2] = (char)('A' + i % 26);
		q->name = q->depositary_name = countries.keys[j];
		q->kind = PACTA_KIND_STATE;
		q->un_member_since = PACTA_DAY_NONE;
		q->source_url = "https://www.iea.ulaval.ca/";
	}
	in->n_participants = countries.n;

	in->rules = calloc(n_ti + 1, sizeof(*in->rules));
	in->own = calloc(n_ti + 1, sizeof(*in->own));
	if (!in->rules || !in->own || plan_clauses(in))
		goto oom;
	in->n_treaties = n_ti;
	for (size_t i = 0; i < n_ti; i++)
		if (plan_treaty(in, i, &ti[i]))
			goto oom;

	/* "Entry into force" rows count only where a country has no
	 * instrument of its own. */
	has_consent = calloc(n_ti * countries.n + 1, 1);
	if (!has_consent)
		goto oom;
	for (size_t i = 0; i < n_rows; i++)
		if (rows[i].action >= 0 &&
		    pacta_action_class_of((pacta_action)rows[i].action) == PACTA_CLASS_CONSENT)
			has_consent[(size_t)rows[i].treaty * countries.n + rows[i].country] = 1;
	for (size_t i = 0; i < n_rows; i++) {
		const row *r = &rows[i];
		pacta_act a;
		pacta_act_init(&a);
		a.treaty = r->treaty;
		a.participant = r->country;
		a.action = (pacta_action)r->action;
		a.date = r->date;
		a.source_url = "https://www.iea.ulaval.ca/";
		a.recorded = in->day_hi;
		if (r->action == ACT_EIF) {
			if (has_consent[(size_t)r->treaty * countries.n + r->country]) {
				n_eif_dropped++;
				continue;
			}
			n_eif_kept++;
			a.action = PACTA_ACT_CONSENT;
			a.effective = r->date;
		}
		if (bench_input_add_act(in, &a))
			goto oom;
	}
	printf("IEADB mapping: %zu agreements, %zu countries; %zu entry-into-force rows became "
	       "consents, %zu were left to the country's own instrument\n",
	       n_ti, countries.n, n_eif_kept, n_eif_dropped);
	rc = 0;
	goto out;
oom:
	fprintf(stderr, "bench_status: out of memory reading %s\n", path);
out:
	free(buf);
	free(ti);
	free(rows);
	free(has_consent);
	strmap_free(&countries);
	strmap_free(&treaties);
	return rc;
}
