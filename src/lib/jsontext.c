/*
 * jsontext.c - JSON as text (jsontext.h).
 */
#include "jsontext.h"

#include <stdlib.h>
#include <string.h>

char *json_text(json_t *root, bool ok)
{
	char *out = NULL;
	/* Twelve digits print a rate of 71.4 as 71.4, not 71.400000000000006. */
	char *s = ok && root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
							  JSON_REAL_PRECISION(12))
			     : NULL;
	if (s) {
		size_t n = strlen(s);
		out = malloc(n + 2);
		if (out) {
			memcpy(out, s, n);
			memcpy(out + n, "\n", 2);
		}
		free(s);
	}
	json_decref(root);
	return out;
}
