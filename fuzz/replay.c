/*
 * replay.c - runs a fuzz harness's LLVMFuzzerTestOneInput over files and
 * directories (its seed corpus and its regressions), with the ordinary
 * compiler and no libFuzzer, for `make test`. Prints TAP: one case per
 * directory. A crash or an abort fails the test by its exit status.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs are small; anything larger is a mistake in the tree. */
#define REPLAY_MAX (8u * 1024u * 1024u)

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t n;

	if (!f)
		return -1;
	buf = malloc(REPLAY_MAX);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, REPLAY_MAX, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0;

	printf("1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		long files = 0;
		int bad = 0;

		if (stat(argv[i], &st) != 0) {
			/* No regressions yet is fine. */
			printf("ok %d - %s (absent) # SKIP\n", i, argv[i]);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			while (d && (e = readdir(d)) != NULL) {
				char path[4096];
				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
				if (replay_file(path) != 0)
					bad = 1;
				files++;
			}
			if (d)
				closedir(d);
			else
				bad = 1;
		} else {
			bad = replay_file(argv[i]) != 0;
			files = 1;
		}
		failed |= bad;
		printf("%sok %d - %s: %ld input%s replayed\n", bad ? "not " : "", i, argv[i], files,
		       files == 1 ? "" : "s");
	}
	return failed;
}
