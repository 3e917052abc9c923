/*
 * pacta/datapackage.h - the record as a Frictionless Tabular Data Package
 * (https://specs.frictionlessdata.io/, v1): CSV files and datapackage.json
 * with Table Schema types, primary and foreign keys, licence and sources.
 *
 * Resources (docs/exports.md): treaties, states, groups, acts (as
 * recorded), status_intervals (derived: every interval of every timeline
 * whose status is not none) and obligations (derived, as on a day). States
 * are keyed by ISO 3166-1 alpha-3 and carry their Wikidata QID where the
 * record has one; treaties carry theirs when their rules file names one
 * ("wikidata").
 *
 * The CSV files are RFC 4180 with CRLF line ends, UTF-8, a header row,
 * and exact values: unlike panels they are not formula-safe, so that a
 * program reading them gets the record back byte for byte.
 *
 * Ownership: nothing returned outlives the call but the JSON text, which
 * the caller frees.
 */
#ifndef PACTA_DATAPACKAGE_H
#define PACTA_DATAPACKAGE_H

#include <stdio.h>

#include "pacta/record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The resources' names ("treaties", ...), NULL-terminated; each is written
 * to NAME.csv. */
extern const char *const pacta_datapackage_resources[];

/* The descriptor (datapackage.json's text, ending in a newline) for a
 * package whose derived tables are as on `on`. NULL on out-of-memory. */
char *pacta_datapackage_descriptor(const pacta_record *rec, pacta_day on);

/* Writes one resource's CSV to out. PACTA_ERR_NOTFOUND for an unknown
 * name, PACTA_ERR_IO when out refuses a write. */
pacta_rc pacta_datapackage_write_resource(const pacta_record *rec, const char *name,
					  pacta_day on, FILE *out,
					  pacta_error *err) PACTA_MUST_CHECK;

/* Writes every resource and datapackage.json into dir, creating dir (not
 * its parents) when it does not exist. PACTA_ERR_IO, naming the file, when
 * a file cannot be written. */
pacta_rc pacta_datapackage_write(const pacta_record *rec, const char *dir, pacta_day on,
				 pacta_error *err) PACTA_MUST_CHECK;

/* The whole package as one ZIP archive (deflated, no folders): every
 * resource's NAME.csv in the order of pacta_datapackage_resources, then
 * datapackage.json, each entry dated `on` at midnight. The same record and
 * day always give the same bytes: the service's /v1/datapackage.zip and
 * `pacta export --datapackage FILE.zip` are this function's output. *out
 * is malloc'd, the caller frees it. PACTA_ERR_NOMEM when memory runs out,
 * PACTA_ERR_LIMIT past the format's limits (4 GiB). */
pacta_rc pacta_datapackage_zip(const pacta_record *rec, pacta_day on, char **out, size_t *len,
			       pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
