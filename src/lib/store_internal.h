/*
 * store_internal.h - what store.c lends the modules that keep their own
 * tables in the same file (evidence.c): the connection, the path for
 * errors, record time, and its error wording. Not installed.
 */
#ifndef PACTA_STORE_INTERNAL_H
#define PACTA_STORE_INTERNAL_H

#include <stdbool.h>

#include <sqlite3.h>

#include "pacta/store.h"

/* The connection (owned by st); NULL with PACTA_ERR_USAGE when write is
 * asked of a read-only handle. */
sqlite3 *pacta_store_sqlite_(pacta_store *st, bool write, pacta_error *err);
const char *pacta_store_path_(const pacta_store *st);

/* How often this connection checked the chain: the whole of it (on a
 * load, a check, or the first write, or one after another connection
 * wrote), or for a write, only its tip (see begin_write). For tests. */
typedef struct pacta_store_checks {
	long long full;
	long long quick;
	/* full checks that read the reference tables again for their hash,
	 * rather than take it from the load that read them */
	long long reference;
} pacta_store_checks;
void pacta_store_checks_(const pacta_store *st, pacta_store_checks *out);
/* The bytes of treaty_own rows a checked load on st may keep to hash
 * (128 MiB unless set): past them, the check reads the tables again. For
 * tests, which lower it to take that way on a small file. */
void pacta_store_ref_later_max_(pacta_store *st, size_t bytes);
/* The bytes a checked load's hash (of an entry's content, of the reference
 * tables) takes before a thread of its own hashes the rest
 * (CHAIN_HELP_AFTER unless set). For tests, which set 0 to take that way
 * on a small file. */
void pacta_store_help_after_(pacta_store *st, size_t bytes);
/* Now, as record time "YYYY-MM-DDTHH:MM:SSZ". */
void pacta_store_stamp_now_(char out[PACTA_STAMP_BUFSZ]);
/* err from the connection's last failure, as the store words it (busy,
 * storage, integrity have their own codes). */
pacta_rc pacta_store_db_error_(pacta_store *st, pacta_error *err, const char *what);

#endif
