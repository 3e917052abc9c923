/*
 * precompress.c - precompress FILE OUT.gz OUT.br: the build's gzip and
 * brotli forms of one of the page's files, at their best compression,
 * made with the code the service compresses its answers with
 * (src/server/encoding.c). scripts/embed_assets.py embeds them beside the
 * file, and the service sends the form a client accepts; a form that is
 * not smaller than the file is written empty and never sent.
 */
#include <stdio.h>
#include <stdlib.h>

#include "encoding.h"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n;
	*len = 0;
	if (!f)
		return NULL;
	do {
		if (*len == cap) {
			unsigned char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static int write_form(const char *path, content_coding c, const unsigned char *in, size_t len)
{
	unsigned char *out = NULL;
	size_t n = 0;
	if (!encoding_compress(c, EFFORT_BEST, in, len, &out, &n)) {
		fprintf(stderr, "precompress: cannot compress for %s\n", path);
		return 1;
	}
	if (n >= len)
		n = 0;
	FILE *f = fopen(path, "wb");
	int rc = !f || fwrite(out, 1, n, f) != n;
	if (f && fclose(f) != 0)
		rc = 1;
	if (rc)
		fprintf(stderr, "precompress: cannot write %s\n", path);
	free(out);
	return rc;
}

int main(int argc, char **argv)
{
	size_t len;
	if (argc != 4) {
		fprintf(stderr, "usage: precompress FILE OUT.gz OUT.br\n");
		return 2;
	}
	unsigned char *in = slurp(argv[1], &len);
	if (!in) {
		fprintf(stderr, "precompress: cannot read %s\n", argv[1]);
		return 1;
	}
	int rc = write_form(argv[2], CODING_GZIP, in, len) || write_form(argv[3], CODING_BR, in, len);
	free(in);
	return rc;
}
