/*
 * bench_memory.c - what the first write of fresh memory costs on this
 * machine: a floor under any load, which writes its record into fresh
 * memory (docs/performance.md, "fresh memory").
 *
 * Each round asks for a block of MB mebibytes (marked for huge pages, as
 * the library's large blocks are), writes one byte per 4 KiB page, and
 * frees it; the second and later rounds get the pages the first gave
 * back. With --idle S it waits S seconds after each free, as long as a
 * host takes to reclaim what a virtual machine freed. Prints seconds and
 * GB/s per round; the alternative is the same write into memory already
 * written (round 2 without --idle), in the same run.
 *
 * usage: bench_memory [MB] [--idle S] [--rounds N]
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t mb = 512;
	unsigned idle = 0, rounds = 4;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--idle") == 0 && i + 1 < argc)
			idle = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
			rounds = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (argv[i][0] != '-' && strtoul(argv[i], NULL, 10) > 0)
			mb = strtoul(argv[i], NULL, 10);
		else {
			fprintf(stderr, "usage: bench_memory [MB] [--idle S] [--rounds N]\n");
			return 2;
		}
	}
	size_t n = mb << 20;
	double first = 0, later = 0;
	for (unsigned r = 0; r < rounds; r++) {
		void *p = NULL;
		if (posix_memalign(&p, (size_t)2 << 20, n) != 0) {
			fprintf(stderr, "bench_memory: out of memory\n");
			return 1;
		}
#if defined(__linux__) && defined(MADV_HUGEPAGE)
		(void)madvise(p, n, MADV_HUGEPAGE);
#endif
		double t0 = now();
		for (size_t i = 0; i < n; i += 4096)
			((volatile char *)p)[i] = 1;
		double s = now() - t0;
		free(p);
		printf("round %u: %zu MiB written in %.3f s (%.2f GB/s, %.2f ms per MiB)\n", r + 1, mb,
		       s, (double)n / s / 1e9, s * 1e3 / (double)mb);
		if (r == 0)
			first = s;
		else if (r == 1)
			later = s;
		if (idle)
			sleep(idle);
	}
	if (rounds > 1)
		printf("first round / second: %.1fx%s\n", first / later,
		       idle ? " (both after an idle wait)" : " (the second into pages just freed)");
	return 0;
}
