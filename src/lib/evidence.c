/*
 * evidence.c - the depositary's pages as fetched, the proposals made from
 * them, and the webhook, in the store's file (pacta/update.h; the tables
 * are the store's schema step 9). Each write is its own transaction;
 * statements are prepared per call: these are rare, human-paced writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>
#include <zlib.h>

#include "pacta/update.h"
#include "store_internal.h"

static pacta_rc prepare(pacta_store *st, sqlite3 *db, const char *sql, sqlite3_stmt **out,
			pacta_error *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK)
		return pacta_store_db_error_(st, err, "cannot read the depositary's pages and proposals");
	return PACTA_OK;
}

static void copy_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

static char *dup_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? strdup((const char *)t) : NULL;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static pacta_rc oom(pacta_error *err)
{
	return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
}

void pacta_snapshot_clear(pacta_snapshot *s)
{
	free(s->counts);
	s->counts = NULL;
}

pacta_rc pacta_store_snapshot_add(pacta_store *st, pacta_snapshot *s, const char *body,
				  size_t len, pacta_error *err)
{
	sqlite3 *db = pacta_store_sqlite_(st, true, err);
	if (!db)
		return err->code;
	if (len > PACTA_UNTC_MAX_BYTES)
		return pacta_error_set(err, PACTA_ERR_LIMIT, s->url, "the page is over %u bytes",
				       PACTA_UNTC_MAX_BYTES);
	uLongf zlen = compressBound((uLong)len);
	unsigned char *z = malloc(zlen ? zlen : 1);
	if (!z)
		return oom(err);
	if (compress2(z, &zlen, (const Bytef *)(body ? body : ""), (uLong)len, 9) != Z_OK) {
		free(z);
		return oom(err);
	}
	if (body) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(h, (const unsigned char *)body, len);
		sodium_bin2hex(s->sha256, sizeof(s->sha256), h, sizeof(h));
	}
	s->size = len;
	pacta_store_stamp_now_(s->fetched_at);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db,
			      "INSERT INTO page_snapshot (treaty, url, fetched_at, http_status, etag,"
			      " last_modified, sha256, size, body, counts)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
			      &q, err);
	if (rc != PACTA_OK) {
		free(z);
		return rc;
	}
	sqlite3_bind_text(q, 1, s->treaty, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, s->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, s->fetched_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, s->http_status);
	bind_opt(q, 5, s->etag);
	bind_opt(q, 6, s->last_modified);
	sqlite3_bind_text(q, 7, s->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 8, (sqlite3_int64)len);
	sqlite3_bind_blob(q, 9, z, (int)zlen, SQLITE_STATIC);
	if (s->counts) /* "" for a readable page that states none */
		sqlite3_bind_text(q, 10, s->counts, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(q, 10);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = pacta_store_db_error_(st, err, "cannot keep the page");
	else
		s->id = sqlite3_last_insert_rowid(db);
	sqlite3_finalize(q);
	free(z);
	return rc;
}

#define SNAPSHOT_COLUMNS                                                                   \
	"SELECT id, treaty, url, fetched_at, http_status, etag, last_modified, sha256, size," \
	" counts FROM page_snapshot"

static void read_snapshot(sqlite3_stmt *q, pacta_snapshot *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(q, 0);
	copy_text(out->treaty, sizeof(out->treaty), q, 1);
	copy_text(out->url, sizeof(out->url), q, 2);
	copy_text(out->fetched_at, sizeof(out->fetched_at), q, 3);
	out->http_status = (long)sqlite3_column_int64(q, 4);
	copy_text(out->etag, sizeof(out->etag), q, 5);
	copy_text(out->last_modified, sizeof(out->last_modified), q, 6);
	copy_text(out->sha256, sizeof(out->sha256), q, 7);
	out->size = (size_t)sqlite3_column_int64(q, 8);
	out->counts = dup_text(q, 9);
}

pacta_rc pacta_store_snapshot_last(pacta_store *st, const char *url, const char *treaty,
				   pacta_snapshot *out, bool *found, pacta_error *err)
{
	*found = false;
	memset(out, 0, sizeof(*out));
	sqlite3 *db = pacta_store_sqlite_(st, false, err);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db,
			      SNAPSHOT_COLUMNS " WHERE (?1 IS NULL OR url = ?1)"
					       " AND (?2 IS NULL OR treaty = ?2)"
					       " AND http_status = 200 AND counts IS NOT NULL"
					       " ORDER BY id DESC LIMIT 1",
			      &q, err);
	if (rc != PACTA_OK)
		return rc;
	bind_opt(q, 1, url);
	bind_opt(q, 2, treaty);
	int s = sqlite3_step(q);
	if (s == SQLITE_ROW) {
		read_snapshot(q, out);
		*found = true;
	} else if (s != SQLITE_DONE) {
		rc = pacta_store_db_error_(st, err, "cannot read the last snapshot");
	}
	sqlite3_finalize(q);
	return rc;
}

pacta_rc pacta_store_snapshot_get(pacta_store *st, long long id, pacta_snapshot *out,
				  pacta_error *err)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *db = pacta_store_sqlite_(st, false, err);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db, SNAPSHOT_COLUMNS " WHERE id = ?1", &q, err);
	if (rc != PACTA_OK)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int s = sqlite3_step(q);
	if (s == SQLITE_ROW)
		read_snapshot(q, out);
	else if (s == SQLITE_DONE)
		rc = pacta_error_set(err, PACTA_ERR_NOTFOUND, "", "no snapshot %lld", id);
	else
		rc = pacta_store_db_error_(st, err, "cannot read a snapshot");
	sqlite3_finalize(q);
	return rc;
}

pacta_rc pacta_store_snapshot_body(pacta_store *st, long long id, char **body, size_t *len,
				   pacta_error *err)
{
	*body = NULL;
	*len = 0;
	sqlite3 *db = pacta_store_sqlite_(st, false, err);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db, "SELECT size, sha256, body FROM page_snapshot WHERE id = ?1",
			      &q, err);
	if (rc != PACTA_OK)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int s = sqlite3_step(q);
	if (s != SQLITE_ROW) {
		rc = s == SQLITE_DONE
			     ? pacta_error_set(err, PACTA_ERR_NOTFOUND, "", "no snapshot %lld", id)
			     : pacta_store_db_error_(st, err, "cannot read a snapshot");
		sqlite3_finalize(q);
		return rc;
	}
	sqlite3_int64 size = sqlite3_column_int64(q, 0);
	char want[PACTA_SHA256_HEX];
	copy_text(want, sizeof(want), q, 1);
	const void *z = sqlite3_column_blob(q, 2);
	int zlen = sqlite3_column_bytes(q, 2);
	if (size < 0 || size > (sqlite3_int64)PACTA_UNTC_MAX_BYTES) {
		sqlite3_finalize(q);
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, "", "snapshot %lld: bad size", id);
	}
	uLongf out_len = (uLongf)size;
	char *b = malloc((size_t)size + 1);
	if (!b) {
		sqlite3_finalize(q);
		return oom(err);
	}
	int zr = uncompress((Bytef *)b, &out_len, z ? z : "", (uLong)zlen);
	sqlite3_finalize(q);
	unsigned char h[crypto_hash_sha256_BYTES];
	char got[PACTA_SHA256_HEX];
	crypto_hash_sha256(h, (const unsigned char *)b, out_len);
	sodium_bin2hex(got, sizeof(got), h, sizeof(h));
	if (zr != Z_OK || out_len != (uLongf)size || strcmp(got, want) != 0) {
		free(b);
		return pacta_error_set(err, PACTA_ERR_INTEGRITY, "",
				       "snapshot %lld: its bytes do not match its SHA-256", id);
	}
	b[out_len] = '\0';
	*body = b;
	*len = (size_t)out_len;
	return PACTA_OK;
}

pacta_rc pacta_store_proposals_add(pacta_store *st, pacta_proposal *p, size_t n, size_t *added,
				   pacta_error *err)
{
	*added = 0;
	sqlite3 *db = pacta_store_sqlite_(st, true, err);
	if (!db)
		return err->code;
	if (n == 0)
		return PACTA_OK;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return pacta_store_db_error_(st, err, "cannot keep the proposals");
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db,
			      "INSERT OR IGNORE INTO proposal (treaty, snapshot, kind, state,"
			      " fingerprint, page_says, record_says, would_append, act, supersedes,"
			      " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			      &q, err);
	char now[PACTA_STAMP_BUFSZ];
	pacta_store_stamp_now_(now);
	for (size_t i = 0; i < n && rc == PACTA_OK; i++) {
		pacta_proposal *x = &p[i];
		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, x->treaty, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, x->snapshot);
		sqlite3_bind_text(q, 3, pacta_proposal_kind_name(x->kind), -1, SQLITE_STATIC);
		bind_opt(q, 4, x->state);
		sqlite3_bind_text(q, 5, x->fingerprint, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, x->page_says, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 7, x->record_says, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 8, x->would_append, -1, SQLITE_STATIC);
		bind_opt(q, 9, x->act);
		if (x->supersedes)
			sqlite3_bind_int64(q, 10, x->supersedes);
		else
			sqlite3_bind_null(q, 10);
		sqlite3_bind_text(q, 11, now, -1, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE) {
			rc = pacta_store_db_error_(st, err, "cannot keep a proposal");
			break;
		}
		if (sqlite3_changes(db) == 1) {
			x->id = sqlite3_last_insert_rowid(db);
			snprintf(x->created_at, sizeof(x->created_at), "%s", now);
			if (*added != i) {
				/* Stored ones first, in order. */
				pacta_proposal t = p[*added];
				p[*added] = *x;
				*x = t;
			}
			(*added)++;
		}
	}
	if (q)
		sqlite3_finalize(q);
	if (rc == PACTA_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = pacta_store_db_error_(st, err, "cannot keep the proposals");
	if (rc != PACTA_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		*added = 0;
	}
	return rc;
}

#define PROPOSAL_COLUMNS                                                                    \
	"SELECT id, treaty, snapshot, kind, state, fingerprint, page_says, record_says,"      \
	" would_append, act, supersedes, status, created_at, decided_at, decided_by, note," \
	" change_id FROM proposal"

static bool read_proposal(sqlite3_stmt *q, pacta_proposal *x)
{
	memset(x, 0, sizeof(*x));
	x->id = sqlite3_column_int64(q, 0);
	copy_text(x->treaty, sizeof(x->treaty), q, 1);
	x->snapshot = sqlite3_column_int64(q, 2);
	const char *kind = (const char *)sqlite3_column_text(q, 3);
	for (int k = PACTA_PROPOSAL_NEW; k <= PACTA_PROPOSAL_COUNT; k++)
		if (kind && strcmp(kind, pacta_proposal_kind_name((pacta_proposal_kind)k)) == 0)
			x->kind = (pacta_proposal_kind)k;
	copy_text(x->state, sizeof(x->state), q, 4);
	copy_text(x->fingerprint, sizeof(x->fingerprint), q, 5);
	x->page_says = dup_text(q, 6);
	x->record_says = dup_text(q, 7);
	x->would_append = dup_text(q, 8);
	x->act = dup_text(q, 9);
	x->supersedes = sqlite3_column_int64(q, 10);
	const char *status = (const char *)sqlite3_column_text(q, 11);
	for (int k = PACTA_PROPOSAL_PENDING; k <= PACTA_PROPOSAL_REJECTED; k++)
		if (status && strcmp(status, pacta_proposal_status_name((pacta_proposal_status)k)) == 0)
			x->status = (pacta_proposal_status)k;
	copy_text(x->created_at, sizeof(x->created_at), q, 12);
	copy_text(x->decided_at, sizeof(x->decided_at), q, 13);
	x->decided_by = dup_text(q, 14);
	x->note = dup_text(q, 15);
	x->change_id = sqlite3_column_int64(q, 16);
	return x->page_says && x->record_says && x->would_append &&
	       (x->act || sqlite3_column_type(q, 9) == SQLITE_NULL);
}

pacta_rc pacta_store_proposals(pacta_store *st, const char *treaty, int status,
			       pacta_proposal **out, size_t *n, pacta_error *err)
{
	*out = NULL;
	*n = 0;
	sqlite3 *db = pacta_store_sqlite_(st, false, err);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db,
			      PROPOSAL_COLUMNS " WHERE (?1 IS NULL OR treaty = ?1)"
					       " AND (?2 IS NULL OR status = ?2) ORDER BY id",
			      &q, err);
	if (rc != PACTA_OK)
		return rc;
	bind_opt(q, 1, treaty);
	bind_opt(q, 2, status < 0 ? NULL : pacta_proposal_status_name((pacta_proposal_status)status));
	size_t cap = 0;
	int s;
	while ((s = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			pacta_proposal *np = realloc(*out, cap * sizeof(*np));
			if (!np) {
				rc = oom(err);
				break;
			}
			*out = np;
		}
		bool ok = read_proposal(q, &(*out)[*n]);
		(*n)++;
		if (!ok) {
			rc = oom(err);
			break;
		}
	}
	if (rc == PACTA_OK && s != SQLITE_DONE)
		rc = pacta_store_db_error_(st, err, "cannot read the proposals");
	sqlite3_finalize(q);
	if (rc != PACTA_OK) {
		pacta_proposals_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

pacta_rc pacta_store_proposal_get(pacta_store *st, long long id, pacta_proposal *out,
				  pacta_error *err)
{
	memset(out, 0, sizeof(*out));
	sqlite3 *db = pacta_store_sqlite_(st, false, err);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db, PROPOSAL_COLUMNS " WHERE id = ?1", &q, err);
	if (rc != PACTA_OK)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int s = sqlite3_step(q);
	if (s == SQLITE_ROW) {
		if (!read_proposal(q, out))
			rc = oom(err);
	} else if (s == SQLITE_DONE) {
		rc = pacta_error_set(err, PACTA_ERR_NOTFOUND, "", "no proposal %lld", id);
	} else {
		rc = pacta_store_db_error_(st, err, "cannot read a proposal");
	}
	sqlite3_finalize(q);
	if (rc != PACTA_OK)
		pacta_proposal_clear(out);
	return rc;
}

pacta_rc pacta_store_proposal_decide(pacta_store *st, long long id, bool accepted,
				     const char *who, const char *note, long long change_id,
				     pacta_error *err)
{
	sqlite3 *db = pacta_store_sqlite_(st, true, err);
	if (!db)
		return err->code;
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db,
			      "UPDATE proposal SET status = ?2, decided_at = ?3, decided_by = ?4,"
			      " note = ?5, change_id = ?6 WHERE id = ?1 AND status = 'pending'",
			      &q, err);
	if (rc != PACTA_OK)
		return rc;
	char now[PACTA_STAMP_BUFSZ];
	pacta_store_stamp_now_(now);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, accepted ? "accepted" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, who, -1, SQLITE_STATIC);
	bind_opt(q, 5, note);
	if (change_id)
		sqlite3_bind_int64(q, 6, change_id);
	else
		sqlite3_bind_null(q, 6);
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = pacta_store_db_error_(st, err, "cannot decide the proposal");
	else if (sqlite3_changes(db) != 1)
		rc = pacta_error_set(err, PACTA_ERR_CHECK, "",
				     "proposal %lld is not pending: it was decided already", id);
	sqlite3_finalize(q);
	return rc;
}

pacta_rc pacta_store_webhook(pacta_store *st, char *url, size_t url_size, char *secret,
			     size_t secret_size, bool *found, pacta_error *err)
{
	*found = false;
	sqlite3 *db = pacta_store_sqlite_(st, false, err);
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db, "SELECT url, secret FROM webhook WHERE id = 1", &q, err);
	if (rc != PACTA_OK)
		return rc;
	int s = sqlite3_step(q);
	if (s == SQLITE_ROW) {
		copy_text(url, url_size, q, 0);
		copy_text(secret, secret_size, q, 1);
		*found = true;
	} else if (s != SQLITE_DONE) {
		rc = pacta_store_db_error_(st, err, "cannot read the webhook");
	}
	sqlite3_finalize(q);
	return rc;
}

pacta_rc pacta_store_webhook_set(pacta_store *st, const char *url, const char *secret,
				 pacta_error *err)
{
	sqlite3 *db = pacta_store_sqlite_(st, true, err);
	if (!db)
		return err->code;
	if (url && (!secret || strlen(secret) < 16))
		return pacta_error_set(err, PACTA_ERR_USAGE, "--secret",
				       "the webhook's secret must be at least 16 bytes");
	sqlite3_stmt *q;
	pacta_rc rc = prepare(st, db,
			      url ? "INSERT OR REPLACE INTO webhook (id, url, secret) VALUES (1, ?1, ?2)"
				  : "DELETE FROM webhook",
			      &q, err);
	if (rc != PACTA_OK)
		return rc;
	if (url) {
		sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, secret, -1, SQLITE_STATIC);
	}
	if (sqlite3_step(q) != SQLITE_DONE)
		rc = pacta_store_db_error_(st, err, "cannot set the webhook");
	sqlite3_finalize(q);
	return rc;
}
