/*
 * pacta/names.h - the states' names in many languages, read from the names
 * file the build makes from Debian's iso-codes (ISO 3166-1 and its
 * translations; docs/languages.md), and finding a state by any of them.
 *
 * Ownership: a pacta_names owns the file's text and every string read from
 * it; pointers it returns stay valid until pacta_names_free(). Once loaded
 * it is never changed, so threads may share one.
 */
#ifndef PACTA_NAMES_H
#define PACTA_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "pacta/error.h"
#include "pacta/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pacta_names pacta_names;

/* Where the installed names file is (PREFIX/share/pacta/names.tsv, fixed
 * when the library is built). A static string. */
const char *pacta_names_default_path(void);

/* Reads the names file at path (at most 64 MiB). PACTA_ERR_IO when it
 * cannot be read, PACTA_ERR_PARSE (with the line) when a line is not one
 * the build writes. *out is the caller's, for pacta_names_free(). */
pacta_rc pacta_names_load(const char *path, pacta_names **out,
			  pacta_error *err) PACTA_MUST_CHECK;
void pacta_names_free(pacta_names *names);

/* The state's short name in lang (an ISO 639 code as the file has it:
 * "fr", "es", "pt_BR"), or NULL when the file has none. */
const char *pacta_names_get(const pacta_names *names, const char *iso3, const char *lang);

/* Writes in into out folded as the names' keys are: case folded, and the
 * marks of Latin letters stripped ("ÉTATS" -> "etats", "Латвия" ->
 * "латвия"). Cuts at size - 1 bytes on a character boundary; returns the
 * length written. */
size_t pacta_names_fold(const pacta_names *names, const char *in, char *out, size_t size);

/* pacta_record_resolve_participant(), and when it finds nothing, the names
 * in every language: the one state whose name folds to the query's fold,
 * else (for at least four characters) the states with the query as a whole
 * word of a name. PACTA_ERR_AMBIGUOUS lists every state found (as the
 * record's resolver does: "Corée" names both Koreas); PACTA_ERR_NOTFOUND is
 * the record's error. names may be NULL (the record's names only). */
pacta_rc pacta_names_resolve(const pacta_names *names, const pacta_record *rec, const char *query,
			     uint32_t *out, pacta_error *err) PACTA_MUST_CHECK;

/* pacta_record_names_also() for a query found by the names in other
 * languages: the other participants (former states aside) with the
 * query's fold as a whole word of one of their names ("Guinée" chose
 * Guinea, and "Guinée-Bissau" is also so named). Writes them,
 * comma-separated, into out (size bytes, cut when longer) and returns how
 * many there are. */
size_t pacta_names_also(const pacta_names *names, const pacta_record *rec, const char *query,
			uint32_t chosen, char *out, size_t size);

#ifdef __cplusplus
}
#endif

#endif
