/*
 * pacta/token.h - bearer tokens for writes over HTTP: made from the system's
 * random source, shown once, kept only as a hash (BLAKE2b-256, libsodium's
 * crypto_generichash) in the store, and checked in constant time.
 *
 * Ownership: nothing here allocates; callers pass the buffers.
 */
#ifndef PACTA_TOKEN_H
#define PACTA_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "pacta/error.h"
#include "pacta/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "pacta_" and 64 hex digits (32 random bytes), plus NUL. */
#define PACTA_TOKEN_BUFSZ 71

/* Fills out with a new random token. PACTA_ERR_IO when the random source
 * cannot be used. */
pacta_rc pacta_token_new(char out[PACTA_TOKEN_BUFSZ], pacta_error *err) PACTA_MUST_CHECK;

/* The hash kept in the store for a token of len bytes. False when the
 * hash cannot be computed. */
bool pacta_token_hash(const char *token, size_t len, unsigned char out[PACTA_TOKEN_HASH_SIZE]);

/* Creates a token named name in the store, a history entry by who; out
 * gets the token (shown once). */
pacta_rc pacta_token_add(pacta_store *st, const char *name, const char *who,
			 char out[PACTA_TOKEN_BUFSZ], pacta_error *err) PACTA_MUST_CHECK;

/* Checks a presented token against the store's active tokens, comparing
 * every hash in constant time. On success name gets the token's name.
 * PACTA_ERR_NOTFOUND when no active token matches. */
pacta_rc pacta_token_check(pacta_store *st, const char *token, size_t len,
			   char name[PACTA_TOKEN_NAME_MAX], pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
