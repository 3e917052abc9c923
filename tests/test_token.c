/*
 * test_token.c - API tokens: made random, stored as hashes, checked,
 * revoked, names never reused; the store's token table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pacta/token.h"

struct fixture {
	char path[64];
	pacta_store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	pacta_error err;
	if (!f)
		return -1;
	snprintf(f->path, sizeof(f->path), "test-token-%ld.db", (long)getpid());
	unlink(f->path);
	if (pacta_store_open(f->path, PACTA_STORE_CREATE, &f->st, &err) != PACTA_OK)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char p[80];
	pacta_store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

static void test_new_tokens_differ(void **state)
{
	char a[PACTA_TOKEN_BUFSZ], b[PACTA_TOKEN_BUFSZ];
	pacta_error err;
	(void)state;
	assert_int_equal(pacta_token_new(a, &err), PACTA_OK);
	assert_int_equal(pacta_token_new(b, &err), PACTA_OK);
	assert_int_equal(strlen(a), PACTA_TOKEN_BUFSZ - 1);
	assert_memory_equal(a, "pacta_", 6);
	assert_string_not_equal(a, b);
}

static void test_add_check_revoke(void **state)
{
	struct fixture *f = *state;
	char tok[PACTA_TOKEN_BUFSZ], other[PACTA_TOKEN_BUFSZ], name[PACTA_TOKEN_NAME_MAX];
	pacta_error err;
	pacta_token_entry *list;
	size_t n;

	assert_int_equal(pacta_token_add(f->st, "alice", "admin", tok, &err), PACTA_OK);
	assert_int_equal(pacta_token_add(f->st, "bob", "admin", other, &err), PACTA_OK);
	assert_int_equal(pacta_token_check(f->st, tok, strlen(tok), name, &err), PACTA_OK);
	assert_string_equal(name, "alice");
	assert_int_equal(pacta_token_check(f->st, other, strlen(other), name, &err), PACTA_OK);
	assert_string_equal(name, "bob");
	/* A prefix, a changed byte, nothing, a huge text: all refused. */
	assert_int_equal(pacta_token_check(f->st, tok, strlen(tok) - 1, name, &err),
			 PACTA_ERR_NOTFOUND);
	tok[10] ^= 1;
	assert_int_equal(pacta_token_check(f->st, tok, strlen(tok), name, &err),
			 PACTA_ERR_NOTFOUND);
	tok[10] ^= 1;
	assert_int_equal(pacta_token_check(f->st, "", 0, name, &err), PACTA_ERR_NOTFOUND);
	char big[1000];
	memset(big, 'x', sizeof(big));
	assert_int_equal(pacta_token_check(f->st, big, sizeof(big), name, &err),
			 PACTA_ERR_NOTFOUND);

	/* Only the hash is stored. */
	assert_int_equal(pacta_store_tokens(f->st, &list, &n, &err), PACTA_OK);
	assert_int_equal(n, 2);
	unsigned char h[PACTA_TOKEN_HASH_SIZE];
	assert_true(pacta_token_hash(tok, strlen(tok), h));
	assert_memory_equal(list[0].hash, h, sizeof(h));
	assert_string_equal(list[0].revoked_at, "");
	free(list);

	assert_int_equal(pacta_store_token_revoke(f->st, "alice", "admin", &err), PACTA_OK);
	assert_int_equal(pacta_token_check(f->st, tok, strlen(tok), name, &err),
			 PACTA_ERR_NOTFOUND);
	assert_int_equal(pacta_token_check(f->st, other, strlen(other), name, &err), PACTA_OK);
	assert_int_equal(pacta_store_token_revoke(f->st, "alice", "admin", &err), PACTA_ERR_NOTFOUND);
	assert_int_equal(pacta_store_token_revoke(f->st, "carol", "admin", &err), PACTA_ERR_NOTFOUND);
	/* Names are never reused, revoked or not. */
	assert_int_equal(pacta_token_add(f->st, "alice", "admin", tok, &err), PACTA_ERR_CHECK);
	assert_int_equal(pacta_token_add(f->st, "bob", "admin", tok, &err), PACTA_ERR_CHECK);
	assert_int_equal(pacta_store_tokens(f->st, &list, &n, &err), PACTA_OK);
	assert_int_equal(n, 2);
	assert_string_not_equal(list[0].revoked_at, "");
	free(list);
}

static void test_bad_names(void **state)
{
	struct fixture *f = *state;
	char tok[PACTA_TOKEN_BUFSZ], longname[PACTA_TOKEN_NAME_MAX + 1];
	pacta_error err;
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(pacta_token_add(f->st, "", "admin", tok, &err), PACTA_ERR_USAGE);
	assert_int_equal(pacta_token_add(f->st, longname, "admin", tok, &err), PACTA_ERR_USAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_tokens_differ),
		cmocka_unit_test_setup_teardown(test_add_check_revoke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
