/*
 * cmd_new_treaty.c - pacta new-treaty: a rules-file skeleton and an empty
 * record for a treaty not yet in the record, written into a data directory.
 * It never overwrites a file: every file it would write must be new, or
 * nothing is written.
 */
#include "cli.h"
#include "pacta/scaffold.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a data directory needs besides the rules file and its record, so that
 * `pacta check --data DIR` can load a new directory; written only when
 * missing. */
static const struct {
	const char *name;
	const char *header;
} dir_files[] = {
	{"states.csv", "iso3,iso2,numeric,name,depositary_name,aliases,kind,un_member_since,"
		       "wikidata,source_url,note\n"},
	{"groups.csv", "group,iso3,from,to,source_url,note\n"},
	{"armed-conflicts.csv", "state,from,to,source_url,note\n"},
};
#define N_DIR_FILES (sizeof(dir_files) / sizeof(dir_files[0]))

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "pacta: cannot create the folder %s: %s\n", path, strerror(errno));
	return -1;
}

/* Writes text to a new file at path (O_EXCL: never over an existing one). */
static int write_new(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		fprintf(stderr, "pacta: cannot create %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			fprintf(stderr, "pacta: cannot write %s: %s\n", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		done += (size_t)w;
	}
	if (close(fd) != 0) {
		fprintf(stderr, "pacta: cannot write %s: %s\n", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int cmd_new_treaty(cli *c)
{
	if (c->n_args != 1)
		return cli_usage(c, "new-treaty takes one treaty id");
	const char *id = c->args[0];
	if (!pacta_treaty_id_ok(id))
		return cli_usage(c, "'%s' is not a treaty id: 1 to 32 characters, each a lower-case "
				    "letter, a digit or '-'",
				 id);
	const char *dir = c->dir ? c->dir : cli_data_dir(c);
	char rules[4200], record_dir[4200], acts[4300], treaties[4200];
	char extra[N_DIR_FILES][4300];
	snprintf(treaties, sizeof(treaties), "%s/treaties", dir);
	snprintf(rules, sizeof(rules), "%s/treaties/%s.json", dir, id);
	snprintf(record_dir, sizeof(record_dir), "%s/%s", dir, id);
	snprintf(acts, sizeof(acts), "%s/acts.csv", record_dir);
	/* Refuse before writing anything. */
	const char *const ours[] = {rules, acts};
	for (size_t i = 0; i < 2; i++) {
		if (exists(ours[i])) {
			fprintf(stderr, "pacta: %s already exists; new-treaty never overwrites a "
					"file (choose another id or --dir)\n",
				ours[i]);
			return EXIT_BADDATA;
		}
	}
	char *text = pacta_scaffold_rules(id);
	if (!text) {
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	const char *written[2 + N_DIR_FILES];
	size_t n_written = 0;
	int rc = EXIT_OK;
	if (make_dir(dir) || make_dir(treaties) || make_dir(record_dir)) {
		rc = EXIT_BADDATA;
		goto out;
	}
	if (write_new(rules, text)) {
		rc = EXIT_BADDATA;
		goto out;
	}
	written[n_written++] = rules;
	if (write_new(acts, pacta_scaffold_acts_header())) {
		rc = EXIT_BADDATA;
		goto out;
	}
	written[n_written++] = acts;
	for (size_t i = 0; i < N_DIR_FILES; i++) {
		snprintf(extra[i], sizeof(extra[i]), "%s/%s", dir, dir_files[i].name);
		if (exists(extra[i]))
			continue;
		if (write_new(extra[i], dir_files[i].header)) {
			rc = EXIT_BADDATA;
			goto out;
		}
		written[n_written++] = extra[i];
	}
out:
	free(text);
	if (rc) {
		/* All or nothing: take back what was written (the folders stay). */
		for (size_t i = 0; i < n_written; i++)
			unlink(written[i]);
		return rc;
	}
	printf("%s: the rules file, a skeleton: replace every TODO from the treaty's final "
	       "clauses\n",
	       rules);
	printf("%s: its record, empty (the header only)\n", acts);
	for (size_t i = 2; i < n_written; i++)
		printf("%s: empty (the header only), as the folder had none\n", written[i]);
	printf("Next: pacta check --data %s lists the TODOs left; see docs/adding-a-treaty.md\n",
	       dir);
	return EXIT_OK;
}
