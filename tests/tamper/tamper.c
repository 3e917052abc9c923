/*
 * tamper.c - the database's bytes changed behind pacta's back: every change
 * that alters an answer must fail pacta_store_verify() and be refused by
 * every load (pacta_store_load(), the check each command makes).
 *
 * A database is made from a record (the bundled one in the test suite),
 * with a token, an appended act and a correction, so that every table holds
 * rows and the chain has several entries. Then, for each table (and its
 * indexes, and sqlite_schema), copies of the file are damaged in the pages
 * SQLite's dbstat says belong to it: a bit flipped in a cell, two runs of
 * one to six bytes swapped (the six-byte swap of two participants' codes is
 * one such), and the file cut inside one of its pages. Each copy is read
 * trusting it (PACTA_STORE_TRUST) and its answers compared with the
 * original's: every treaty's status and obligations JSON on three days, the
 * treaties and states JSON, every field of every loaded row, and the
 * history. Where they differ, or the trusted read fails, the copy must fail
 * verify and its ordinary load. Copies whose answers are the same may pass
 * (a flip in a free byte, an index no answer reads) or fail. A copy both
 * refuse needs no comparison, unless "full" asks for the figures.
 *
 * usage: tamper PER_KIND DATA_DIR [SEED [full]]
 *   PER_KIND  damaged copies per table and kind of damage
 *   DATA_DIR  the record to start from
 *   SEED      for the generator (default 1), so a failure can be repeated
 *   full      compare the answers of refused copies too, to count how many
 *             had other answers (slower; docs/reliability.md has a run)
 * Prints TAP: one line per table, with its figures, and the named attacks
 * (the participants' codes swapped, the last 100 bytes cut, a token row
 * slipped in).
 */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif

#include "pacta/obligations.h"
#include "pacta/report.h"
#include "pacta/store.h"
#include "pacta/token.h"

#define MAX_PAGES 4096

static int n_tests, n_failed;

static void tap(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(bool ok, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!ok)
		n_failed++;
	printf("%s %d - ", ok ? "ok" : "not ok", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void die(const char *what, const pacta_error *err)
{
	printf("Bail out! %s: %s: %s\n", what, err ? err->where : "", err ? err->message : "");
	exit(1);
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rng_state = 1;

static uint32_t rnd(uint32_t below)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32) % (below ? below : 1);
}

/* ---- The file ---- */

static unsigned char *read_all(const char *path, long *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (*size = ftell(f)) <= 0)
		die("cannot read the database file", NULL);
	buf = malloc((size_t)*size);
	rewind(f);
	if (!buf || fread(buf, 1, (size_t)*size, f) != (size_t)*size)
		die("cannot read the database file", NULL);
	fclose(f);
	return buf;
}

/* Removes a database's log and shared-memory file (a read-only
 * connection leaves them). */
static void remove_sides(const char *path)
{
	char side[4200];

	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

/* Writes a copy (and no log beside it). */
static void write_copy(const char *path, const unsigned char *buf, long size)
{
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(buf, 1, (size_t)size, f) != (size_t)size) || fclose(f) != 0)
		die("cannot write a copy", NULL);
	remove_sides(path);
}

/* ---- Answers ---- */

static void put_day(FILE *f, pacta_day d)
{
	char buf[PACTA_DATE_BUFSZ];

	fprintf(f, "%s|", d == PACTA_DAY_NONE ? "none" : d == PACTA_DAY_OPEN ? "open" :
		pacta_date_format(d, buf));
}

static void put_str(FILE *f, const char *s)
{
	fprintf(f, "%s|", s ? s : "(null)");
}

static void put_json(FILE *f, char *json)
{
	fputs(json ? json : "(no json)", f);
	free(json);
}

/* Every field the loader fills, row by row. */
static void dump_record(FILE *f, const pacta_record *rec)
{
	for (size_t i = 0; i < rec->n_participants; i++) {
		const pacta_participant *p = &rec->participants[i];
		fprintf(f, "P %s|%s|%d|", p->iso3, p->iso2, (int)p->kind);
		put_str(f, p->numeric);
		put_str(f, p->name);
		put_str(f, p->depositary_name);
		put_str(f, p->aliases);
		put_day(f, p->un_member_since);
		put_str(f, p->wikidata);
		put_str(f, p->source_url);
		put_str(f, p->note);
		fputc('\n', f);
	}
	for (size_t i = 0; i < rec->n_groups; i++) {
		const pacta_group_member *g = &rec->groups[i];
		fprintf(f, "G %s|%s|", g->group, rec->participants[g->participant].iso3);
		put_day(f, g->from);
		put_day(f, g->to);
		put_str(f, g->source_url);
		put_str(f, g->note);
		fputc('\n', f);
	}
	for (size_t i = 0; i < rec->n_treaties; i++) {
		char *text = pacta_treaty_rules_json(rec, i);
		fprintf(f, "T %s|%s|%s\n", rec->treaties[i].id, rec->treaties[i].origin,
			text ? text : "(out of memory)");
		free(text);
	}
	for (size_t i = 0; i < rec->n_acts; i++) {
		const pacta_act *a = &rec->acts[i];
		fprintf(f, "A %u|%s|%s|%s|", (unsigned)a->id, rec->treaties[a->treaty].id,
			rec->participants[a->participant].iso3, pacta_action_name(a->action));
		put_day(f, a->date);
		put_day(f, a->effective);
		put_str(f, a->target >= 0 ? rec->participants[a->target].iso3 : "");
		put_str(f, a->source_url);
		put_str(f, a->note);
		put_str(f, a->origin);
		put_day(f, a->recorded);
		fputc('\n', f);
	}
	for (size_t i = 0; i < rec->n_conflicts; i++) {
		const pacta_conflict *c = &rec->conflicts[i];
		fprintf(f, "C %s|", rec->participants[c->participant].iso3);
		put_day(f, c->from);
		put_day(f, c->to);
		put_str(f, c->source_url);
		put_str(f, c->note);
		put_str(f, c->origin);
		fputc('\n', f);
	}
	for (size_t i = 0; i < rec->n_obligation_events; i++) {
		const pacta_obligation_event *e = &rec->obligation_events[i];
		fprintf(f, "O %u|%s|%s|%.8s|%s|%lld|", (unsigned)e->id,
			rec->treaties[e->treaty].id, rec->participants[e->participant].iso3,
			e->article, pacta_obligation_event_name(e->kind), e->value);
		put_day(f, e->date);
		put_day(f, e->deadline);
		put_str(f, e->source_url);
		put_str(f, e->note);
		put_str(f, e->origin);
		fputc('\n', f);
	}
}

/* The answers a store gives: malloc'd text, or NULL when it gives none
 * (it cannot be opened or loaded). */
static char *answers(const char *path, unsigned flags)
{
	static const char *const days[] = {"1999-03-01", "2012-06-30", "2026-12-06"};
	pacta_store *st = NULL;
	pacta_record *rec = NULL;
	pacta_history_entry *h = NULL;
	pacta_error err;
	size_t n = 0, len = 0;
	char *text = NULL;
	FILE *f;

	if (pacta_store_open(path, flags, &st, &err) != PACTA_OK ||
	    pacta_store_load(st, &rec, &err) != PACTA_OK ||
	    pacta_store_history(st, &h, &n, &err) != PACTA_OK) {
		pacta_record_free(rec);
		pacta_store_close(st);
		return NULL;
	}
	f = open_memstream(&text, &len);
	if (!f)
		die("out of memory", NULL);
	dump_record(f, rec);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "H %lld|%s|%s|%s|%lld|%s|%s\n", h[i].id, h[i].at, h[i].who, h[i].why,
			h[i].acts, h[i].kind, h[i].hash);
	put_json(f, pacta_report_treaties_json(rec));
	put_json(f, pacta_report_states_json(rec));
	for (uint32_t t = 0; t < rec->n_treaties; t++) {
		pacta_treaty_status *ts = NULL;
		if (pacta_status_compile(rec, t, &ts, &err) != PACTA_OK) {
			fprintf(f, "treaty %u does not compile: %s\n", (unsigned)t, err.message);
			continue;
		}
		for (size_t d = 0; d < sizeof(days) / sizeof(days[0]); d++) {
			pacta_day on;
			pacta_obligation *obs = NULL;
			size_t n_obs = 0;
			if (!pacta_date_parse(days[d], 10, &on))
				die("bad day", NULL);
			put_json(f, pacta_report_status_json(ts, on, NULL, 0));
			if (pacta_obligations_on(ts, on, NULL, 0, &obs, &n_obs, &err) == PACTA_OK)
				put_json(f, pacta_report_obligations_json(ts, on, obs, n_obs));
			else
				fprintf(f, "no obligations: %s\n", err.message);
			free(obs);
		}
		pacta_treaty_status_free(ts);
	}
	fclose(f);
	free(h);
	pacta_record_free(rec);
	pacta_store_close(st);
	return text;
}

/* What the ordinary paths say of a copy: verify's code, and the ordinary
 * load's. */
static void verdicts(const char *path, pacta_rc *verify, pacta_rc *load)
{
	pacta_store *st = NULL;
	pacta_record *rec = NULL;
	pacta_verify_result v;
	pacta_error err;

	*verify = pacta_store_open(path, 0, &st, &err);
	if (*verify == PACTA_OK)
		*verify = pacta_store_verify(st, &v, &err);
	pacta_store_close(st);
	st = NULL;
	*load = pacta_store_open(path, 0, &st, &err);
	if (*load == PACTA_OK)
		*load = pacta_store_load(st, &rec, &err);
	pacta_record_free(rec);
	pacta_store_close(st);
}

/* ---- The database ---- */

static void make_database(const char *path, const char *data)
{
	pacta_record *rec = pacta_record_new(), *back = NULL;
	pacta_store *st = NULL;
	pacta_error err;
	char token[PACTA_TOKEN_BUFSZ];
	int32_t lva;
	pacta_act a;
	uint32_t new_id;

	if (!rec || pacta_record_load_dir(rec, data, &err) != PACTA_OK)
		die("cannot load the record", &err);
	if (pacta_store_open(path, PACTA_STORE_CREATE, &st, &err) != PACTA_OK ||
	    pacta_store_replace(st, rec, "tamper", "the record", &err) != PACTA_OK ||
	    pacta_token_add(st, "ci", "tamper", token, &err) != PACTA_OK ||
	    pacta_store_load(st, &back, &err) != PACTA_OK)
		die("cannot make the database", &err);
	pacta_record_free(rec);
	lva = pacta_record_participant_by_iso3(back, "LVA");
	if (lva < 0)
		die("no LVA in the record", NULL);
	pacta_act_init(&a);
	a.participant = (uint32_t)lva;
	a.action = PACTA_ACT_DECLARATION;
	if (!pacta_date_parse("2026-01-05", 10, &a.date))
		die("bad day", NULL);
	a.effective = PACTA_DAY_NONE;
	a.target = -1;
	a.source_url = "https://example.org/tamper";
	a.note = "appended";
	a.origin = "tamper";
	a.recorded = PACTA_DAY_NONE;
	if (pacta_record_add_act(back, &a, &err) != PACTA_OK ||
	    pacta_record_finish(back, &err) != PACTA_OK ||
	    pacta_store_append_acts(st, back, 0, "tamper", "one act", &err) != PACTA_OK)
		die("cannot append", &err);
	for (size_t i = 0; i < back->n_acts; i++) {
		if (strcmp(back->acts[i].note ? back->acts[i].note : "", "appended") != 0)
			continue;
		a = back->acts[i];
		a.note = "corrected";
		if (pacta_store_correct_act(st, back, back->acts[i].id, &a, "tamper", "a test",
					    &new_id, &err) != PACTA_OK)
			die("cannot correct", &err);
		break;
	}
	pacta_record_free(back);
	pacta_store_close(st);
}

/* The pages of each b-tree, by SQLite's dbstat. */
typedef struct btree {
	char name[64];
	char table[64];	 /* the table it belongs to */
	uint32_t pages[MAX_PAGES];
	size_t n;
} btree;

static size_t btrees(const char *path, btree *out, size_t max)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	size_t n = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "SELECT d.name, coalesce(m.tbl_name, d.name), d.pageno FROM dbstat d"
			       " LEFT JOIN sqlite_schema m ON m.name = d.name ORDER BY 1, 3",
			       -1, &s, NULL) != SQLITE_OK) {
		printf("Bail out! SQLite's dbstat table is missing: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *table = (const char *)sqlite3_column_text(s, 1);
		if (!n || strcmp(out[n - 1].name, name) != 0) {
			if (n == max)
				break;
			memset(&out[n], 0, sizeof(out[n]));
			snprintf(out[n].name, sizeof(out[n].name), "%s", name);
			snprintf(out[n].table, sizeof(out[n].table), "%s", table);
			n++;
		}
		if (out[n - 1].n < MAX_PAGES)
			out[n - 1].pages[out[n - 1].n++] = (uint32_t)sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* A random offset in the used part of one of pages: past the page's header
 * and cell pointers, where the cells (and, in an overflow page, the
 * payload) are. */
static long cell_offset(const unsigned char *buf, long size, long page_size,
			const uint32_t *pages, size_t n)
{
	uint32_t pg = pages[rnd((uint32_t)n)];
	long base = (long)(pg - 1) * page_size;
	long hdr = pg == 1 ? 100 : 0, from;
	unsigned type;

	if (base + page_size > size)
		return -1;
	type = buf[base + hdr];
	if (type == 2 || type == 5 || type == 10 || type == 13) {
		long content = (long)buf[base + hdr + 5] << 8 | buf[base + hdr + 6];
		from = content ? content : 65536;
	} else {
		from = 4; /* an overflow page: its next-page number, then payload */
	}
	if (from >= page_size)
		from = hdr;
	return base + from + (long)rnd((uint32_t)(page_size - from));
}

/* Whether every copy's answers are compared, refused or not ("full"), or
 * only those of copies that verify or load: the claim needs no more, and
 * the answers cost more than the verdicts. */
static bool full;

typedef struct tally {
	int copies;
	int refused;	    /* by verify and by the load */
	int altered;	    /* refused, with answers that differ (full) */
	int same_refused;   /* answers the same; verify or the load refuses */
	int same_passed;    /* answers the same; both pass */
	int missed;	    /* answers differ, and verify or the load passes */
	char first_miss[300];
} tally;

/* One damaged copy: the verdicts, and where they are not both a refusal,
 * its answers against the original's. */
static void judge(const char *copy, const char *original, tally *t, const char *what)
{
	pacta_rc verify, load;
	char *got;
	bool altered;

	verdicts(copy, &verify, &load);
	t->copies++;
	if (verify != PACTA_OK && load != PACTA_OK) {
		t->refused++;
		if (!full)
			return;
	}
	got = answers(copy, PACTA_STORE_TRUST);
	altered = !got || strcmp(got, original) != 0;
	free(got);
	if (verify != PACTA_OK && load != PACTA_OK) {
		t->altered += altered;
	} else if (altered) {
		t->missed++;
		if (!t->first_miss[0])
			snprintf(t->first_miss, sizeof(t->first_miss),
				 "%s: answers differ, verify %s, load %s", what,
				 pacta_rc_name(verify), pacta_rc_name(load));
	} else if (verify != PACTA_OK || load != PACTA_OK) {
		t->same_refused++;
	} else {
		t->same_passed++;
	}
}

static void damage(const btree *b, const unsigned char *orig, long size, long page_size,
		   int per_kind, const char *copy, const char *original, tally *t)
{
	unsigned char *buf = malloc((size_t)size);
	char what[160];

	if (!buf)
		die("out of memory", NULL);
	for (int k = 0; k < per_kind; k++) {
		/* A bit flipped in a cell. */
		long at = cell_offset(orig, size, page_size, b->pages, b->n);
		if (at >= 0) {
			memcpy(buf, orig, (size_t)size);
			buf[at] ^= (unsigned char)(1u << rnd(8));
			write_copy(copy, buf, size);
			snprintf(what, sizeof(what), "%.63s: bit flipped at %ld", b->name, at);
			judge(copy, original, t, what);
		}
		/* Two runs of 1 to 6 bytes swapped, anywhere in its cells. */
		long x = cell_offset(orig, size, page_size, b->pages, b->n);
		long y = cell_offset(orig, size, page_size, b->pages, b->n);
		long len = 1 + (long)rnd(6);
		if (x >= 0 && y >= 0 && x != y && x + len <= size && y + len <= size &&
		    (x + len <= y || y + len <= x)) {
			unsigned char tmp[6];
			memcpy(buf, orig, (size_t)size);
			memcpy(tmp, buf + x, (size_t)len);
			memmove(buf + x, buf + y, (size_t)len);
			memcpy(buf + y, tmp, (size_t)len);
			write_copy(copy, buf, size);
			snprintf(what, sizeof(what), "%.63s: %ld bytes at %ld and %ld swapped", b->name,
				 len, x, y);
			judge(copy, original, t, what);
		}
		/* The file cut inside one of its pages. */
		at = cell_offset(orig, size, page_size, b->pages, b->n);
		if (at > 0) {
			write_copy(copy, orig, at);
			snprintf(what, sizeof(what), "%.63s: file cut at %ld of %ld", b->name, at, size);
			judge(copy, original, t, what);
		}
	}
	free(buf);
}

/* ---- The named attacks ---- */

/* Swaps two participants' codes in the participant table's pages. */
static bool swap_codes(unsigned char *buf, long size, long page_size, const btree *b,
		       const char *one, const char *other)
{
	long at_one = -1, at_other = -1;

	for (size_t i = 0; i < b->n; i++) {
		long base = (long)(b->pages[i] - 1) * page_size;
		for (long k = base; k + 3 <= base + page_size && k + 3 <= size; k++) {
			if (memcmp(buf + k, one, 3) == 0)
				at_one = k;
			if (memcmp(buf + k, other, 3) == 0)
				at_other = k;
		}
	}
	if (at_one < 0 || at_other < 0)
		return false;
	memcpy(buf + at_one, other, 3);
	memcpy(buf + at_other, one, 3);
	return true;
}

static void named_attacks(const char *db, const char *copy, const unsigned char *orig, long size,
			  long page_size, const btree *bt, size_t n_bt, const char *original)
{
	unsigned char *buf = malloc((size_t)size);
	const btree *participants = NULL;
	pacta_rc verify, load;
	char *got;

	if (!buf)
		die("out of memory", NULL);
	for (size_t i = 0; i < n_bt; i++)
		if (strcmp(bt[i].name, "participant") == 0)
			participants = &bt[i];
	memcpy(buf, orig, (size_t)size);
	if (participants && swap_codes(buf, size, page_size, participants, "POL", "UKR")) {
		write_copy(copy, buf, size);
		got = answers(copy, PACTA_STORE_TRUST);
		verdicts(copy, &verify, &load);
		tap(got && strcmp(got, original) != 0 && verify == PACTA_ERR_INTEGRITY &&
			    load == PACTA_ERR_INTEGRITY,
		    "POL and UKR swapped in the participant table (six bytes): the answers change, "
		    "verify and the load refuse it (%s, %s)",
		    pacta_rc_name(verify), pacta_rc_name(load));
		free(got);
	} else {
		tap(false, "POL and UKR found in the participant table");
	}
	write_copy(copy, orig, size - 100);
	verdicts(copy, &verify, &load);
	tap(verify == PACTA_ERR_INTEGRITY && load == PACTA_ERR_INTEGRITY,
	    "the last 100 bytes cut: verify and the load refuse it (%s, %s)",
	    pacta_rc_name(verify), pacta_rc_name(load));
	{
		sqlite3 *sq = NULL;
		write_copy(copy, orig, size);
		if (sqlite3_open_v2(copy, &sq, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
		    sqlite3_exec(sq,
				 "INSERT INTO token (name, hash, created_at) VALUES ('mallory',"
				 " zeroblob(32), '2026-01-01T00:00:00Z')",
				 NULL, NULL, NULL) != SQLITE_OK)
			die("cannot slip a token in", NULL);
		sqlite3_close(sq);
		verdicts(copy, &verify, &load);
		tap(verify == PACTA_ERR_INTEGRITY && load == PACTA_ERR_INTEGRITY,
		    "a token row slipped in: verify and the load refuse it (%s, %s)",
		    pacta_rc_name(verify), pacta_rc_name(load));
	}
	(void)db;
	free(buf);
}

int main(int argc, char **argv)
{
	static btree bt[64];
	char dir[] = "/tmp/pacta-tamper-XXXXXX", db[300], copy[300];
	unsigned char *orig;
	long size, page_size;
	char *original;
	size_t n_bt;
	int per_kind;
	tally all;

	memset(&all, 0, sizeof(all));
	if (argc < 3) {
		fprintf(stderr, "usage: tamper PER_KIND DATA_DIR [SEED [full]]\n");
		return 2;
	}
	per_kind = (int)strtol(argv[1], NULL, 10);
#ifdef RUNNING_ON_VALGRIND
	/* Under valgrind one copy per table and kind of damage: the memory
	 * checks need the paths, not the numbers (ASan and the plain build
	 * run them all). */
	if (RUNNING_ON_VALGRIND && per_kind > 1)
		per_kind = 1;
#endif
	if (per_kind < 1 || per_kind > 10000) {
		fprintf(stderr, "tamper: PER_KIND is 1 to 10000\n");
		return 2;
	}
	if (argc > 3)
		rng_state = strtoull(argv[3], NULL, 10) | 1;
	full = argc > 4 && strcmp(argv[4], "full") == 0;
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	snprintf(db, sizeof(db), "%s/pacta.db", dir);
	snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	make_database(db, argv[2]);
	orig = read_all(db, &size);
	page_size = (long)orig[16] << 8 | orig[17];
	if (page_size == 1)
		page_size = 65536;
	n_bt = btrees(db, bt, sizeof(bt) / sizeof(bt[0]));
	write_copy(copy, orig, size);
	original = answers(copy, 0);
	if (!original)
		die("the undamaged copy gives no answers", NULL);

	for (size_t i = 0; i < n_bt; i++) {
		tally t;
		memset(&t, 0, sizeof(t));
		damage(&bt[i], orig, size, page_size, per_kind, copy, original, &t);
		char name[160];
		if (strcmp(bt[i].name, bt[i].table) != 0)
			snprintf(name, sizeof(name), "%.63s (an index of %.63s)", bt[i].name, bt[i].table);
		else
			snprintf(name, sizeof(name), "%.63s", bt[i].name);
		char altered[48] = "";
		if (full)
			snprintf(altered, sizeof(altered), " (%d with other answers)", t.altered);
		tap(t.missed == 0,
		    "%s (%zu page%s): %d damaged copies: %d refused by verify and the load%s, "
		    "%d read with the original's answers (%d of them refused all the same)%s%s",
		    name, bt[i].n, bt[i].n == 1 ? "" : "s", t.copies, t.refused, altered,
		    t.same_refused + t.same_passed, t.same_refused, t.missed ? "; MISSED: " : "",
		    t.first_miss);
		all.copies += t.copies;
		all.refused += t.refused;
		all.altered += t.altered;
		all.same_refused += t.same_refused;
		all.same_passed += t.same_passed;
	}
	named_attacks(db, copy, orig, size, page_size, bt, n_bt, original);
	printf("# %d damaged copies: %d refused by verify and the load", all.copies, all.refused);
	if (full)
		printf(" (%d of them with other answers)", all.altered);
	printf(", %d read with the original's answers (%d of them refused all the same)\n",
	       all.same_refused + all.same_passed, all.same_refused);

	free(original);
	free(orig);
	remove_sides(copy);
	unlink(copy);
	remove_sides(db);
	unlink(db);
	if (rmdir(dir) != 0)
		printf("# could not remove %s\n", dir);
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
