/*
 * token.c - bearer tokens: random, hashed, compared in constant time.
 *
 * What this module must never do: keep or log a token's text, or compare
 * hashes with memcmp (its time depends on where the bytes differ).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "pacta/token.h"

#define TOKEN_PREFIX "pacta_"
#define TOKEN_RANDOM_BYTES 32
/* Longest token text a caller may present; longer is never ours. */
#define TOKEN_MAX_LEN 256

_Static_assert(sizeof(TOKEN_PREFIX) - 1 + 2 * TOKEN_RANDOM_BYTES + 1 == PACTA_TOKEN_BUFSZ,
	       "token buffer size");

pacta_rc pacta_token_new(char out[PACTA_TOKEN_BUFSZ], pacta_error *err)
{
	unsigned char raw[TOKEN_RANDOM_BYTES];

	/* sodium_init() is idempotent and thread-safe. */
	if (sodium_init() < 0)
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot initialise libsodium");
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
	sodium_bin2hex(out + sizeof(TOKEN_PREFIX) - 1, 2 * TOKEN_RANDOM_BYTES + 1, raw,
		       sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	return PACTA_OK;
}

bool pacta_token_hash(const char *token, size_t len, unsigned char out[PACTA_TOKEN_HASH_SIZE])
{
	if (sodium_init() < 0 || !token)
		return false;
	return crypto_generichash(out, PACTA_TOKEN_HASH_SIZE, (const unsigned char *)token, len,
				  NULL, 0) == 0;
}

pacta_rc pacta_token_add(pacta_store *st, const char *name, const char *who,
			 char out[PACTA_TOKEN_BUFSZ], pacta_error *err)
{
	unsigned char hash[PACTA_TOKEN_HASH_SIZE];
	pacta_rc rc = pacta_token_new(out, err);

	if (rc != PACTA_OK)
		return rc;
	if (!pacta_token_hash(out, strlen(out), hash))
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot hash the token");
	rc = pacta_store_token_add(st, name, hash, who, err);
	if (rc != PACTA_OK)
		sodium_memzero(out, PACTA_TOKEN_BUFSZ);
	return rc;
}

pacta_rc pacta_token_check(pacta_store *st, const char *token, size_t len,
			   char name[PACTA_TOKEN_NAME_MAX], pacta_error *err)
{
	unsigned char hash[PACTA_TOKEN_HASH_SIZE];
	pacta_token_entry *list = NULL;
	size_t n = 0;
	int found = -1;
	pacta_rc rc;

	if (!token || len == 0 || len > TOKEN_MAX_LEN)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, "token", "no such token");
	if (!pacta_token_hash(token, len, hash))
		return pacta_error_set(err, PACTA_ERR_IO, "", "cannot hash the token");
	if ((rc = pacta_store_tokens(st, &list, &n, err)) != PACTA_OK)
		return rc;
	/* Every active hash is compared, so the time does not say which. */
	for (size_t i = 0; i < n; i++) {
		bool same = sodium_memcmp(list[i].hash, hash, PACTA_TOKEN_HASH_SIZE) == 0;
		if (same && !list[i].revoked_at[0])
			found = (int)i;
	}
	if (found >= 0)
		snprintf(name, PACTA_TOKEN_NAME_MAX, "%s", list[found].name);
	free(list);
	if (found < 0)
		return pacta_error_set(err, PACTA_ERR_NOTFOUND, "token", "no active token matches");
	return PACTA_OK;
}
