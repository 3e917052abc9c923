/*
 * out.c - output helpers for the CLI: CSV rows, word wrapping, labels, files.
 */
#include "cli.h"
#include "csv.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void out_csv_row(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		csv_write_field(f, fields[i], true);
	}
	fputs("\r\n", f);
}

void out_wrap(FILE *f, const char *text, const char *first, const char *indent, int width)
{
	const char *prefix = first;
	int col = 0;
	const char *p = text;
	fputs(prefix, f);
	col = (int)strlen(prefix);
	int base = col;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		int len = (int)(p - w);
		if (len == 0)
			break;
		if (col > base && col + 1 + len > width) {
			fputc('\n', f);
			fputs(indent, f);
			col = base = (int)strlen(indent);
		} else if (col > base) {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, (size_t)len, f);
		col += len;
	}
	fputc('\n', f);
}

const char *out_status_label(pacta_status s, bool provisional)
{
	switch (s) {
	case PACTA_STATUS_NONE:
		return PACTA_N_("none");
	case PACTA_STATUS_SIGNATORY:
		return provisional ? PACTA_N_("signatory, applying provisionally") : PACTA_N_("signatory");
	case PACTA_STATUS_CONSENTED:
		return provisional ? PACTA_N_("consented, applying provisionally")
				   : PACTA_N_("consented, not yet in force");
	case PACTA_STATUS_PARTY:
		return PACTA_N_("party");
	case PACTA_STATUS_WITHDRAWAL_PENDING:
		return PACTA_N_("party, withdrawal pending");
	case PACTA_STATUS_WITHDRAWAL_HELD:
		return PACTA_N_("party, withdrawal held (armed conflict)");
	case PACTA_STATUS_WITHDRAWN:
		return PACTA_N_("withdrawn");
	default:
		return "?";
	}
}

int out_json(char *json)
{
	if (!json) {
		fprintf(stderr, "pacta: out of memory\n");
		return EXIT_BADDATA;
	}
	fputs(json, stdout);
	free(json);
	return EXIT_OK;
}

/* The columns a terminal gives the character at p (n bytes of UTF-8): two
 * for the wide East Asian blocks (Unicode's East_Asian_Width W and F: Hangul,
 * CJK, kana, full-width forms), none for combining marks, else one. Kept
 * here rather than wcwidth(), which answers only in a UTF-8 locale. */
static int char_columns(const unsigned char *p, size_t n)
{
	uint32_t c = n == 1 ? p[0] : n == 2 ? (p[0] & 0x1Fu) : n == 3 ? (p[0] & 0x0Fu) : (p[0] & 0x07u);
	for (size_t i = 1; i < n; i++)
		c = (c << 6) | (p[i] & 0x3Fu);
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

/* The length of the UTF-8 character at p (what is there when it is not
 * UTF-8). */
static size_t char_bytes(const unsigned char *p)
{
	size_t n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : 4;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return i;
	return n;
}

int out_width(const char *s)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t len = char_bytes(p);
		n += char_columns(p, len);
		p += len;
	}
	return n;
}

char *out_pad(char *buf, size_t size, const char *s, int width)
{
	/* Pads or cuts by the columns a terminal shows, not bytes, so names like
	 * "Türkiye" or "拉脱维亚" keep the columns straight. */
	size_t used = 0;
	int chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && chars < width;) {
		size_t n = char_bytes(p);
		int cols = char_columns(p, n);
		if (used + n + 1 > size || chars + cols > width)
			break;
		memcpy(buf + used, p, n);
		used += n;
		p += n;
		chars += cols;
	}
	while (chars < width && used + 2 <= size) {
		buf[used++] = ' ';
		chars++;
	}
	buf[used] = '\0';
	return buf;
}

void notification_label(const pacta_act *a, char *out, size_t size)
{
	char d[PACTA_DATE_BUFSZ];

	out[0] = '\0';
	if (*a->notification && a->circulated != PACTA_DAY_NONE)
		snprintf(out, size, "%s (circulated %s), ", a->notification,
			 pacta_date_format(a->circulated, d));
	else if (*a->notification)
		snprintf(out, size, "%s, ", a->notification);
	else if (a->circulated != PACTA_DAY_NONE)
		snprintf(out, size, "circulated %s, ", pacta_date_format(a->circulated, d));
}

/* Writes data to path through a temporary file, so a failed write never
 * leaves half a file where a good one was. */
int out_write_file(const char *path, const char *data, size_t len)
{
	char tmp[4096];
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		fprintf(stderr, "pacta: %s: path too long\n", path);
		return EXIT_USAGE;
	}
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "pacta: %s: cannot write: %s\n", path, strerror(errno));
		return EXIT_BADDATA;
	}
	bool ok = fwrite(data, 1, len, f) == len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "pacta: %s: cannot write: %s\n", path, strerror(errno));
		remove(tmp);
		return EXIT_BADDATA;
	}
	return EXIT_OK;
}
