/*
 * jsontext.h - a JSON value as the text every JSON answer prints: indented
 * by two, keys in insertion order, ending in a newline. Internal.
 */
#ifndef PACTA_JSONTEXT_H
#define PACTA_JSONTEXT_H

#include <jansson.h>
#include <stdbool.h>

/* The text of root (malloc'd, the caller frees), or NULL when !ok, root is
 * NULL or memory ran out. Always releases root. */
char *json_text(json_t *root, bool ok);

#endif
