/*
 * crash.c - crash safety: a writer appends acts one change at a time and
 * prints each acknowledged write (after the commit returned) to a pipe; the
 * driver kills it with SIGKILL at a random moment, restarts from the file,
 * and checks that every acknowledged write is there, that every change is
 * whole (one act each, nothing half-written), and that the hash chain
 * verifies. Then the next cycle.
 *
 * usage: crash CYCLES DATA_DIR [DB]
 *   CYCLES    kill-and-restart cycles (the test suite runs 20; the long
 *             run in docs/reliability.md ran 1,000)
 *   DATA_DIR  a record to start from (tests/torture/data)
 *   DB        the database file (default: a new temporary file, removed at
 *             the end)
 * Prints TAP: one line for the whole run, with its figures.
 *
 * The writer is this program run as "crash --writer DB CYCLE": it stops
 * only when killed.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pacta/store.h"

#define NOTE_BUFSZ 64

static int writer(const char *db, const char *cycle)
{
	pacta_store *st = NULL;
	pacta_record *rec = NULL;
	pacta_error err;
	int32_t lva;
	pacta_day base;

	if (pacta_store_open(db, 0, &st, &err) != PACTA_OK ||
	    pacta_store_load(st, &rec, &err) != PACTA_OK) {
		fprintf(stderr, "writer: %s: %s\n", err.where, err.message);
		return 1;
	}
	lva = pacta_record_participant_by_iso3(rec, "LVA");
	if (lva < 0 || !pacta_date_parse("2030-01-01", 10, &base))
		return 1;
	for (long k = 1;; k++) {
		char note[NOTE_BUFSZ];
		pacta_act a;
		pacta_act_init(&a);
		snprintf(note, sizeof(note), "cycle %s write %ld", cycle, k);
		a.treaty = 0;
		a.participant = (uint32_t)lva;
		a.action = PACTA_ACT_DECLARATION;
		a.date = base + (pacta_day)(k % 3650);
		a.effective = PACTA_DAY_NONE;
		a.target = -1;
		a.source_url = "https://example.org/crash";
		a.note = note;
		a.origin = "crash writer";
		a.recorded = PACTA_DAY_NONE;
		if (pacta_record_add_act(rec, &a, &err) != PACTA_OK ||
		    pacta_record_finish(rec, &err) != PACTA_OK ||
		    pacta_store_append_acts(st, rec, 0, "crash", note, &err) != PACTA_OK) {
			fprintf(stderr, "writer: %s: %s\n", err.where, err.message);
			return 1;
		}
		/* Acknowledged: the commit has returned. */
		printf("%s\n", note);
		fflush(stdout);
	}
}

/* A small deterministic generator, so that a failing run can be repeated. */
static uint32_t next_random(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(*s >> 33);
}

/* Appends what the pipe gives to acked, up to the first newline when
 * one_line (blocking until it comes), else to the end; counts the lines. */
static int read_acks(int fd, bool one_line, char **acked, size_t *acked_len, long *n_acked)
{
	char buf[4096];
	ssize_t got;

	while ((got = read(fd, buf, one_line ? 1 : sizeof(buf))) > 0) {
		char *more = realloc(*acked, *acked_len + (size_t)got + 1);
		bool line_end = false;
		if (!more)
			return -1;
		*acked = more;
		memcpy(*acked + *acked_len, buf, (size_t)got);
		*acked_len += (size_t)got;
		(*acked)[*acked_len] = '\0';
		for (ssize_t i = 0; i < got; i++)
			if (buf[i] == '\n') {
				(*n_acked)++;
				line_end = true;
			}
		if (one_line && line_end)
			break;
	}
	return 0;
}

/* Runs one writer and kills it delay_us after it started, or with
 * after_first after its first acknowledged write; the acknowledged notes are
 * appended to acked (one per line), their count to *n_acked. */
static int one_cycle(const char *self, const char *db, long cycle, unsigned delay_us,
		     bool after_first, char **acked, size_t *acked_len, long *n_acked)
{
	int fds[2];
	pid_t pid;
	char cyc[32];
	int status;

	snprintf(cyc, sizeof(cyc), "%ld", cycle);
	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(self, self, "--writer", db, cyc, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	if (after_first && read_acks(fds[0], true, acked, acked_len, n_acked) != 0)
		return -1;
	usleep(delay_us);
	kill(pid, SIGKILL);
	if (read_acks(fds[0], false, acked, acked_len, n_acked) != 0)
		return -1;
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	/* Killed, as planned; a writer that exited by itself failed. */
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? 0 : -1;
}

/* After a kill: reopen, verify the chain, and find every acknowledged
 * note among the loaded acts; *present gets the acts the writers wrote. */
static int check_store(const char *db, const char *acked, long *present, char *why, size_t why_size)
{
	pacta_store *st = NULL;
	pacta_record *rec = NULL;
	pacta_verify_result v;
	pacta_error err;
	const char *line = acked;
	int rc = -1;

	if (pacta_store_open(db, 0, &st, &err) != PACTA_OK ||
	    pacta_store_verify(st, &v, &err) != PACTA_OK ||
	    pacta_store_load(st, &rec, &err) != PACTA_OK) {
		snprintf(why, why_size, "%.200s: %.400s", err.where, err.message);
		goto out;
	}
	*present = 0;
	for (size_t i = 0; i < rec->n_acts; i++)
		if (rec->acts[i].note && strncmp(rec->acts[i].note, "cycle ", 6) == 0)
			(*present)++;
	/* Every change after the snapshot added exactly one act (verify has
	 * checked each change holds what it declared). */
	if (v.changes - 1 != *present) {
		snprintf(why, why_size, "%lld changes after the snapshot, but %ld acts",
			 v.changes - 1, *present);
		goto out;
	}
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		bool found = false;
		for (size_t i = 0; !found && i < rec->n_acts; i++)
			found = rec->acts[i].note && strlen(rec->acts[i].note) == n &&
				memcmp(rec->acts[i].note, line, n) == 0;
		if (!found) {
			snprintf(why, why_size, "acknowledged write '%.*s' is missing", (int)n,
				 line);
			goto out;
		}
		line = end ? end + 1 : NULL;
	}
	rc = 0;
out:
	pacta_record_free(rec);
	pacta_store_close(st);
	return rc;
}

static void remove_db(const char *db)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char buf[600];

	for (size_t i = 0; i < 4; i++) {
		snprintf(buf, sizeof(buf), "%s%s", db, suffixes[i]);
		unlink(buf);
	}
}

int main(int argc, char **argv)
{
	char db[512], why[700] = "";
	char *acked = NULL;
	size_t acked_len = 0;
	long cycles, n_acked = 0, present = 0;
	bool own_db = argc < 4;
	uint64_t seed = 20261129;
	pacta_record *rec = NULL;
	pacta_store *st = NULL;
	pacta_error err;
	struct timespec t0, t1;
	int rc = 1;

	if (argc == 4 && strcmp(argv[1], "--writer") == 0)
		return writer(argv[2], argv[3]);
	if (argc < 3 || (cycles = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: crash CYCLES DATA_DIR [DB]\n");
		return 2;
	}
	if (own_db) {
		const char *tmp = getenv("TMPDIR");
		int fd;
		snprintf(db, sizeof(db), "%s/pacta-crash-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		fd = mkstemp(db);
		if (fd < 0)
			return 1;
		close(fd);
	} else {
		snprintf(db, sizeof(db), "%s", argv[3]);
	}
	remove_db(db);
	rec = pacta_record_new();
	if (!rec || pacta_record_load_dir(rec, argv[2], &err) != PACTA_OK ||
	    pacta_store_open(db, PACTA_STORE_CREATE, &st, &err) != PACTA_OK ||
	    pacta_store_replace(st, rec, "crash", "the starting record", &err) != PACTA_OK) {
		printf("1..1\nnot ok 1 - cannot set up: %s: %s\n", err.where, err.message);
		goto out;
	}
	pacta_store_close(st);
	st = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	printf("1..1\n");
	for (long c = 1; c <= cycles; c++) {
		/* One cycle in four kills within 60 ms of the start (often
		 * before the writer has opened the file); the others up to 5 ms
		 * after its first acknowledged write, in its stream of commits. */
		bool after_first = next_random(&seed) % 4u != 0;
		unsigned delay = next_random(&seed) % (after_first ? 5000u : 60000u);
		if (one_cycle(argv[0], db, c, delay, after_first, &acked, &acked_len, &n_acked) !=
		    0) {
			snprintf(why, sizeof(why), "cycle %ld: the writer did not run until killed", c);
			break;
		}
		if (check_store(db, acked, &present, why, sizeof(why)) != 0) {
			char tmp[sizeof(why) + 64];
			snprintf(tmp, sizeof(tmp), "cycle %ld (kill after %u us): %s", c, delay, why);
			snprintf(why, sizeof(why), "%.600s", tmp);
			break;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (why[0]) {
		printf("not ok 1 - %s\n", why);
	} else {
		printf("ok 1 - %ld kill -9 cycles: %ld writes acknowledged, %ld committed "
		       "(%ld committed but killed before acknowledging), all present, every "
		       "change whole, the chain verified after each (%.1f s)\n",
		       cycles, n_acked, present, present - n_acked,
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		rc = 0;
	}
out:
	free(acked);
	pacta_record_free(rec);
	pacta_store_close(st);
	if (own_db)
		remove_db(db);
	return rc;
}
