/*
 * bench_panel.c - times day-level membership panels: pacta's streamed panel
 * (panel.h) against the same panel built with pandas from the same CSV of
 * status intervals, in one run, on the bundled record and on a synthetic
 * one; then pacta alone on a window too large for pandas' memory, to show
 * that the panel streams.
 *
 *   bench_panel [--data DIR] [--from D] [--to D]
 *               [--acts N] [--treaties N] [--states N] [--seed S]
 *               [--synth-from D] [--synth-to D] [--stream-to D]
 *               [--pandas SCRIPT] [--no-pandas] [--dir DIR]
 *
 * Both sides write the same panel, `pacta panel --unit day`'s CSV, to a
 * file in a temporary directory (in /dev/shm when there is one, so that
 * neither side waits on the disk writing back the other's files), and the
 * two files must be identical, or the run fails. pandas starts from what pacta derived: the runs of days
 * over which a state's row does not change but for its date (written
 * before the timing, one CSV row per run), and only lays them out by day.
 * pacta's time is the panel from compiled timelines (the median of
 * PACTA_RUNS runs after one to warm the page cache), and is also shown
 * with the compilation from the acts included. A benchmark is a program,
 * not a test: it prints figures and the target (pandas' time / pacta's
 * >= 100).
 */
#include "bench.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pacta/panel.h"

#define TARGET_RATIO 100.0
/* Timed runs of pacta's panel (after one untimed); the median is used. */
#define PACTA_RUNS 5

typedef struct options {
	const char *data, *pandas, *dir;
	pacta_day from, to, synth_from, synth_to, stream_to;
	synth_opts synth;
	bool run_pandas;
} options;

static long peak_rss_kib(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) ? -1 : ru.ru_maxrss;
}

/* CPU seconds (user + system) of this process so far: on a shared machine
 * a steadier figure than the wall clock. */
static double cpu_now(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

static void fail_pacta(const char *what, const pacta_error *err)
{
	fprintf(stderr, "bench_panel: %s: %s%s%s\n", what, err->where, *err->where ? ": " : "",
		err->message);
}

typedef struct counter {
	size_t rows, bound;
} counter;

/* The counts, in an untimed pass, so that the timed pass is what the
 * CLI runs (pacta_panel_write). */
static int count_row(void *ctx, const pacta_panel_row *row)
{
	counter *c = ctx;
	c->rows++;
	c->bound += row->bound;
	return 0;
}

/* Times pacta_panel_write of the day panel to path: wall seconds, CPU
 * seconds in *cpu; -1 on failure. */
static double timed_panel(pacta_treaty_status *const *ts, size_t n, const pacta_panel_options *po,
			  const char *path, double *cpu)
{
	pacta_error err;
	/* A new file each run: ext4 starts writing back a file truncated and
	 * rewritten when it is closed (auto_da_alloc), which would be timed. */
	if (strcmp(path, "/dev/null") != 0)
		unlink(path);
	FILE *out = fopen(path, "wb");
	if (!out) {
		fprintf(stderr, "bench_panel: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	double t0 = bench_now(), c0 = cpu_now();
	pacta_rc rc = pacta_panel_write(out, PACTA_PANEL_CSV, (const pacta_treaty_status *const *)ts,
					n, po, &err);
	int close_rc = fclose(out);
	double s = bench_now() - t0;
	*cpu = cpu_now() - c0;
	if (rc || close_rc) {
		fprintf(stderr, "bench_panel: the pacta panel failed\n");
		return -1;
	}
	return s;
}

/* The runs of days pandas starts from: consecutive rows of a state whose
 * columns other than the date are equal, as one CSV row. */
typedef struct runs_writer {
	FILE *out;
	bool open;
	pacta_panel_row first, last;
	counter rows;  /* the panel's rows, and its bound state-days */
	size_t n_runs; /* CSV rows written */
} runs_writer;

static void put_date_field(FILE *out, pacta_day d)
{
	char s[PACTA_DATE_BUFSZ];
	fputc(',', out);
	if (d != PACTA_DAY_NONE && d != PACTA_DAY_OPEN)
		fputs(pacta_date_format(d, s), out);
}

static void runs_emit(runs_writer *w)
{
	char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
	const pacta_panel_row *r = &w->first;
	const pacta_state_view *v = &r->view;
	fprintf(w->out, "%s,%s,%s,%s,%s,%d,%d", r->treaty, r->state, pacta_date_format(r->start, a),
		pacta_date_format(w->last.end, b), pacta_status_name(v->status), r->bound ? 1 : 0,
		r->bound_days);
	put_date_field(w->out, v->signed_on);
	put_date_field(w->out, v->consented_on);
	put_date_field(w->out, v->entry_into_force);
	put_date_field(w->out, v->withdrawal_notified);
	put_date_field(w->out, v->withdrawal_effective);
	fputc('\n', w->out);
	w->n_runs++;
}

static bool same_but_date(const pacta_panel_row *a, const pacta_panel_row *b)
{
	return a->participant == b->participant && a->treaty == b->treaty &&
	       b->start == a->end + 1 && a->bound == b->bound &&
	       a->bound_days == b->bound_days && a->view.status == b->view.status &&
	       a->view.signed_on == b->view.signed_on &&
	       a->view.consented_on == b->view.consented_on &&
	       a->view.entry_into_force == b->view.entry_into_force &&
	       a->view.withdrawal_notified == b->view.withdrawal_notified &&
	       a->view.withdrawal_effective == b->view.withdrawal_effective;
}

static int runs_row(void *ctx, const pacta_panel_row *row)
{
	runs_writer *w = ctx;
	count_row(&w->rows, row);
	if (w->open && same_but_date(&w->last, row)) {
		w->last = *row;
		return 0;
	}
	if (w->open)
		runs_emit(w);
	w->first = w->last = *row;
	w->open = true;
	return 0;
}

/* Writes the runs to path; counts the panel's rows and bound state-days
 * in *c and the runs in *n_runs. */
static int write_runs(pacta_treaty_status *const *ts, size_t n, const pacta_panel_options *po,
		      const char *path, counter *c, size_t *n_runs)
{
	pacta_error err;
	runs_writer w;
	memset(&w, 0, sizeof(w));
	w.out = fopen(path, "wb");
	if (!w.out)
		return -1;
	fputs("treaty,state,start,end,status,bound,bound_days,signature,consent,entry_into_force,"
	      "withdrawal_notified,withdrawal_effective\n",
	      w.out);
	pacta_rc rc = pacta_panel_each((const pacta_treaty_status *const *)ts, n, po, runs_row, &w,
				       &err);
	if (w.open)
		runs_emit(&w);
	if (fclose(w.out) || rc)
		return -1;
	*c = w.rows;
	*n_runs = w.n_runs;
	return 0;
}

/* Are the two files the same bytes? Their size in *bytes. */
static bool same_file(const char *a, const char *b, long long *bytes)
{
	enum { CHUNK = 1 << 20 };
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	char *ba = malloc(CHUNK), *bb = malloc(CHUNK);
	bool same = fa && fb && ba && bb;
	*bytes = 0;
	while (same) {
		size_t na = fread(ba, 1, CHUNK, fa), nb = fread(bb, 1, CHUNK, fb);
		same = na == nb && memcmp(ba, bb, na) == 0;
		*bytes += (long long)na;
		if (na < CHUNK)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	free(ba);
	free(bb);
	return same;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef struct pandas_result {
	size_t rows, bound;
	double seconds, cpu, read, build, write;
	long rss_kib;
} pandas_result;

/* Runs the pandas script; 0 or -1. */
static int run_pandas(const options *o, const char *runs, const char *out, pandas_result *r)
{
	char cmd[8192], line[512];
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s' '%s'", o->pandas, runs, out);
	FILE *p = popen(cmd, "r");
	if (!p) {
		fprintf(stderr, "bench_panel: cannot run %s\n", cmd);
		return -1;
	}
	int got = 0;
	if (fgets(line, sizeof(line), p))
		got = sscanf(line,
			     "rows %zu bound %zu seconds %lf cpu %lf read %lf build %lf write %lf "
			     "maxrss_kib %ld",
			     &r->rows, &r->bound, &r->seconds, &r->cpu, &r->read, &r->build,
			     &r->write, &r->rss_kib);
	int st = pclose(p);
	if (got != 8 || st != 0) {
		fprintf(stderr, "bench_panel: the pandas script failed (%s)\n", cmd);
		return -1;
	}
	return 0;
}

/* One workload: compile, write the runs, panel with pacta, panel with
 * pandas, compare. 0, or -1 on failure or disagreement. */
static int workload(const options *o, const char *name, const pacta_record *rec, double load_s,
		    pacta_day from, pacta_day to, const char *tmp)
{
	pacta_error err;
	char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
	char runs[512], pacta_csv[512], pandas_csv[512];
	pacta_treaty_status **ts = calloc(rec->n_treaties ? rec->n_treaties : 1, sizeof(*ts));
	pacta_status_blocks *blocks = NULL;
	int rc = -1;

	snprintf(runs, sizeof(runs), "%s/runs.csv", tmp);
	snprintf(pacta_csv, sizeof(pacta_csv), "%s/panel-pacta.csv", tmp);
	snprintf(pandas_csv, sizeof(pandas_csv), "%s/panel-pandas.csv", tmp);
	printf("\n== %s: %zu treaties, %zu participants, %zu acts; days %s .. %s\n", name,
	       rec->n_treaties, rec->n_participants, rec->n_acts, pacta_date_format(from, a),
	       pacta_date_format(to, b));
	if (!ts)
		return -1;
	double t0 = bench_now();
	if (pacta_status_compile_all(rec, ts, &blocks, &err)) {
		fail_pacta("compile", &err);
		goto out;
	}
	double compile_s = bench_now() - t0;

	pacta_panel_options po;
	memset(&po, 0, sizeof(po));
	po.from = from;
	po.to = to;
	po.unit = PACTA_UNIT_DAY;

	/* The CSV pandas starts from (not timed). */
	size_t n_runs = 0;
	counter c;
	if (write_runs(ts, rec->n_treaties, &po, runs, &c, &n_runs)) {
		fprintf(stderr, "bench_panel: cannot write %s\n", runs);
		goto out;
	}

	double wall[PACTA_RUNS], cpu[PACTA_RUNS], cpu_sorted[PACTA_RUNS];
	for (int i = -1; i < PACTA_RUNS; i++) {
		double w, u;
		w = timed_panel(ts, rec->n_treaties, &po, pacta_csv, &u);
		if (w < 0)
			goto out;
		if (i >= 0) {
			wall[i] = w;
			cpu[i] = u;
		}
	}
	memcpy(cpu_sorted, cpu, sizeof(cpu));
	qsort(wall, PACTA_RUNS, sizeof(double), cmp_double);
	qsort(cpu_sorted, PACTA_RUNS, sizeof(double), cmp_double);
	double panel_s = wall[PACTA_RUNS / 2], panel_cpu = cpu_sorted[PACTA_RUNS / 2];
	long rss = peak_rss_kib();
	printf("pacta   rows %zu, bound state-days %zu (pandas starts from %zu runs of days)\n",
	       c.rows, c.bound, n_runs);
	printf("pacta   panel %.3f s median of %d (%.3f .. %.3f; %.1f M rows/s), CPU %.3f s; "
	       "with compilation from the acts %.3f s\n",
	       panel_s, PACTA_RUNS, wall[0], wall[PACTA_RUNS - 1], (double)c.rows / panel_s / 1e6,
	       panel_cpu, compile_s + panel_s);
	if (load_s >= 0)
		printf("pacta   from the record's CSV files (load, compile, panel) %.3f s\n",
		       load_s + compile_s + panel_s);
	printf("pacta   peak memory %.1f MiB (the whole process: record, timelines, panel)\n",
	       (double)rss / 1024.0);
	rc = 0;
	if (o->run_pandas) {
		pandas_result pr;
		long long bytes = 0;
		if (run_pandas(o, runs, pandas_csv, &pr)) {
			rc = -1;
			goto out;
		}
		printf("pandas  rows %zu, bound state-days %zu\n", pr.rows, pr.bound);
		printf("pandas  %.3f s (read %.3f, build %.3f, write %.3f), CPU %.3f s; peak memory %.1f MiB\n",
		       pr.seconds, pr.read, pr.build, pr.write, pr.cpu, (double)pr.rss_kib / 1024.0);
		if (!same_file(pacta_csv, pandas_csv, &bytes)) {
			printf("MISMATCH: the two panels differ\n");
			rc = -1;
		} else {
			printf("same    the two CSV files are identical (%lld bytes)\n", bytes);
		}
		double ratio = pr.seconds / panel_s;
		printf("ratio   pandas / pacta panel %.1fx wall, %.1fx CPU (target >= %.0fx: %s); "
		       "with compilation %.1fx; memory pandas / pacta %.1fx\n",
		       ratio, panel_cpu > 0 ? pr.cpu / panel_cpu : 0.0, TARGET_RATIO,
		       ratio >= TARGET_RATIO ? "met" : "NOT met", pr.seconds / (compile_s + panel_s),
		       (double)pr.rss_kib / (double)rss);
	}
out:
	unlink(runs);
	unlink(pacta_csv);
	unlink(pandas_csv);
	pacta_status_blocks_free(blocks);
	free(ts);
	return rc;
}

/* pacta alone, to /dev/null: a panel of a size pandas would not hold. */
static int stream(const pacta_record *rec, pacta_day from, pacta_day to)
{
	pacta_error err;
	char a[PACTA_DATE_BUFSZ], b[PACTA_DATE_BUFSZ];
	pacta_treaty_status **ts = calloc(rec->n_treaties ? rec->n_treaties : 1, sizeof(*ts));
	pacta_status_blocks *blocks = NULL;
	int rc = -1;
	if (!ts)
		return -1;
	if (pacta_status_compile_all(rec, ts, &blocks, &err)) {
		fail_pacta("compile", &err);
		goto out;
	}
	pacta_panel_options po;
	memset(&po, 0, sizeof(po));
	po.from = from;
	po.to = to;
	po.unit = PACTA_UNIT_DAY;
	long before = peak_rss_kib();
	counter c = {0, 0};
	double cpu;
	double s = timed_panel(ts, rec->n_treaties, &po, "/dev/null", &cpu);
	if (s < 0 || pacta_panel_each((const pacta_treaty_status *const *)ts, rec->n_treaties, &po,
				      count_row, &c, &err))
		goto out;
	printf("\n== streaming: pacta alone, days %s .. %s, to /dev/null\n",
	       pacta_date_format(from, a), pacta_date_format(to, b));
	printf("pacta   rows %zu in %.3f s (%.1f M rows/s); peak memory %.1f MiB before, "
	       "%.1f MiB after\n",
	       c.rows, s, (double)c.rows / s / 1e6, (double)before / 1024.0,
	       (double)peak_rss_kib() / 1024.0);
	rc = 0;
out:
	pacta_status_blocks_free(blocks);
	free(ts);
	return rc;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bench_panel [--data DIR] [--from D] [--to D] [--acts N] [--treaties N]\n"
		"                   [--states N] [--seed S] [--synth-from D] [--synth-to D]\n"
		"                   [--stream-to D] [--pandas SCRIPT] [--no-pandas] [--dir DIR]\n"
		"  --data DIR        the bundled record (default: data)\n"
		"  --from, --to      its window (default 1997-01-01 .. 2026-12-31)\n"
		"  --acts N          synthetic acts (default 1000000; 0 skips the synthetic record)\n"
		"  --treaties N      synthetic treaties (default 600)\n"
		"  --states N        synthetic participants (default 200)\n"
		"  --synth-from, --synth-to  its window (default 2000-01-01 .. 2000-06-30)\n"
		"  --stream-to D     the end of pacta's streaming run (default 2000-12-31)\n"
		"  --pandas SCRIPT   the pandas side (default bench/panel_pandas.py)\n"
		"  --dir DIR         where both write their panel (default /dev/shm, else /tmp)\n");
	return 2;
}

static bool date_arg(const char *v, pacta_day *out)
{
	return v && pacta_date_parse(v, strlen(v), out);
}

int main(int argc, char **argv)
{
	options o = {"data", "bench/panel_pandas.py", NULL, 0, 0, 0, 0, 0, {1, 600, 200, 1000000, false}, true};
	o.from = pacta_date_from_civil(1997, 1, 1);
	o.to = pacta_date_from_civil(2026, 12, 31);
	o.synth_from = pacta_date_from_civil(2000, 1, 1);
	o.synth_to = pacta_date_from_civil(2000, 6, 30);
	o.stream_to = pacta_date_from_civil(2000, 12, 31);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;
		unsigned long long n = v ? strtoull(v, &end, 10) : 0;
		bool num = v && end && *end == '\0' && end != v;
		if (!strcmp(a, "--no-pandas")) {
			o.run_pandas = false;
			continue;
		}
		if (!v)
			return usage();
		i++;
		if (!strcmp(a, "--data"))
			o.data = v;
		else if (!strcmp(a, "--pandas"))
			o.pandas = v;
		else if (!strcmp(a, "--dir"))
			o.dir = v;
		else if (!strcmp(a, "--from") && date_arg(v, &o.from))
			continue;
		else if (!strcmp(a, "--to") && date_arg(v, &o.to))
			continue;
		else if (!strcmp(a, "--synth-from") && date_arg(v, &o.synth_from))
			continue;
		else if (!strcmp(a, "--synth-to") && date_arg(v, &o.synth_to))
			continue;
		else if (!strcmp(a, "--stream-to") && date_arg(v, &o.stream_to))
			continue;
		else if (!strcmp(a, "--acts") && num)
			o.synth.acts = (size_t)n;
		else if (!strcmp(a, "--treaties") && num && n)
			o.synth.treaties = (size_t)n;
		else if (!strcmp(a, "--states") && num && n)
			o.synth.states = (size_t)n;
		else if (!strcmp(a, "--seed") && num)
			o.synth.seed = n;
		else
			return usage();
	}

	if (!o.dir)
		o.dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s/bench-panel-XXXXXX", o.dir);
	if (!mkdtemp(tmp)) {
		fprintf(stderr, "bench_panel: mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	int rc = 0;
	pacta_error err;
	double t0 = bench_now();
	pacta_record *rec = pacta_record_new();
	if (!rec || pacta_record_load_dir(rec, o.data, &err)) {
		if (rec)
			fail_pacta(o.data, &err);
		rc = 1;
	} else if (workload(&o, "bundled record", rec, bench_now() - t0, o.from, o.to, tmp)) {
		rc = 1;
	}
	pacta_record_free(rec);
	if (rc == 0 && o.synth.acts) {
		bench_input in;
		memset(&in, 0, sizeof(in));
		if (synth_generate(&o.synth, &in) || !(rec = bench_input_load(&in))) {
			rc = 1;
		} else {
			bench_input_free(&in);
			if (workload(&o, "synthetic record", rec, -1, o.synth_from, o.synth_to, tmp) ||
			    stream(rec, o.synth_from, o.stream_to))
				rc = 1;
			pacta_record_free(rec);
		}
		bench_input_free(&in);
	}
	rmdir(tmp);
	return rc;
}
