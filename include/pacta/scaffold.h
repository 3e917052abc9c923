/*
 * pacta/scaffold.h - a new treaty's starting point: the rules-file skeleton
 * `pacta new-treaty` writes, and the placeholders ("TODO") a rules file still
 * holds, which `pacta check` lists until they are filled in.
 *
 * Nothing here reads or writes a file: the caller does.
 */
#ifndef PACTA_SCAFFOLD_H
#define PACTA_SCAFFOLD_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What is wrong with a treaty id, as the rules reader says it, or NULL when
 * a rules file accepts it: 1 to 32 characters, each a lower-case letter, a
 * digit or '-'. The text is static. */
const char *pacta_treaty_id_problem(const char *id);

/* True when pacta_treaty_id_problem(id) is NULL. */
bool pacta_treaty_id_ok(const char *id);

/* The rules-file skeleton for treaty id: valid for the rules reader, with a
 * "TODO" in every string the treaty's final clauses must replace. Returns a
 * malloc'd text the caller frees, or NULL for an invalid id or when memory
 * ran out. */
char *pacta_scaffold_rules(const char *id);

/* The header row of an acts CSV file (record.md), with its newline. A
 * static string. */
const char *pacta_scaffold_acts_header(void);

/* Calls found(path, value, ctx) for every string in the rules file's text
 * that contains "TODO", in the file's order; path names it as the reader's
 * errors do ("rules.consent.text", "rules.x[2]"); found may be NULL, to
 * count them. Returns how many it found,
 * or -1 when the text is not JSON. */
long pacta_scaffold_todos(const char *rules_json,
			  void (*found)(const char *path, const char *value, void *ctx),
			  void *ctx);

#ifdef __cplusplus
}
#endif

#endif
