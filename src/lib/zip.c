/*
 * zip.c - ZIP archives in memory (zip.h). Deflate and CRC-32 come from
 * zlib; the format is only headers around them. It never reads or writes
 * a file: the caller decides where the archive goes.
 */
#include "zip.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
/* next_in is const: the input is never written. */
#define ZLIB_CONST
#include <zlib.h>

/* The archive's bytes are little-endian. */
static void le16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xff), f);
	fputc((int)((v >> 8) & 0xff), f);
}

static void le32(FILE *f, unsigned long v)
{
	le16(f, (unsigned)(v & 0xffff));
	le16(f, (unsigned)((v >> 16) & 0xffff));
}

bool zip_begin(zip_builder *z, int year, int month, int day)
{
	memset(z, 0, sizeof(*z));
	if (year < 1980 || year > 2107)
		year = 1980;
	z->dos_date = (uint16_t)(((year - 1980) << 9) | (month << 5) | day);
	z->dos_time = 0;
	z->f = open_memstream(&z->buf, &z->len);
	z->dir_f = open_memstream(&z->dir, &z->dir_len);
	if (!z->f || !z->dir_f) {
		zip_free(z);
		return false;
	}
	return true;
}

/* Raw deflate (no wrapper) at zlib's best, as a ZIP entry holds it. The
 * parameters are fixed so that the same files always give the same bytes. */
static bool deflate_raw(const void *in, size_t len, unsigned char **out, size_t *out_len)
{
	z_stream s;

	*out = NULL;
	*out_len = 0;
	memset(&s, 0, sizeof(s));
	if (len > UINT_MAX)
		return false;
	if (deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	uLong cap = deflateBound(&s, (uLong)len);
	unsigned char *buf = malloc(cap ? cap : 1);
	bool ok = buf != NULL;
	if (ok) {
		s.next_in = (const Bytef *)in;
		s.avail_in = (uInt)len;
		s.next_out = buf;
		s.avail_out = (uInt)cap;
		ok = deflate(&s, Z_FINISH) == Z_STREAM_END;
	}
	*out_len = s.total_out;
	deflateEnd(&s);
	if (!ok) {
		free(buf);
		return false;
	}
	*out = buf;
	return true;
}

/* The CRC-32 (ISO 3309) of in[0..len), fed to zlib in pieces it can take. */
static unsigned long crc32_of(const void *in, size_t len)
{
	uLong crc = crc32(0L, Z_NULL, 0);
	const unsigned char *p = in;
	while (len) {
		uInt n = len > UINT_MAX ? UINT_MAX : (uInt)len;
		crc = crc32(crc, p, n);
		p += n;
		len -= n;
	}
	return crc;
}

/* Version 2.0 (deflate); bit 11: the name is UTF-8. */
#define ZIP_VERSION 20
#define ZIP_UTF8 0x0800
#define ZIP_DEFLATE 8

bool zip_add(zip_builder *z, const char *name, const void *data, size_t len)
{
	unsigned char *packed = NULL;
	size_t packed_len = 0, name_len = strlen(name);
	long offset = ftell(z->f);
	if (z->failed || z->entries == UINT16_MAX || name_len > UINT16_MAX ||
	    len > UINT32_MAX || offset < 0 || (unsigned long)offset > UINT32_MAX ||
	    !deflate_raw(data, len, &packed, &packed_len) ||
	    packed_len > UINT32_MAX - (unsigned long)offset) {
		free(packed);
		z->failed = true;
		return false;
	}
	unsigned long crc = crc32_of(data, len);
	/* The local header, then the data. */
	le32(z->f, 0x04034b50);
	le16(z->f, ZIP_VERSION);
	le16(z->f, ZIP_UTF8);
	le16(z->f, ZIP_DEFLATE);
	le16(z->f, z->dos_time);
	le16(z->f, z->dos_date);
	le32(z->f, crc);
	le32(z->f, packed_len);
	le32(z->f, len);
	le16(z->f, (unsigned)name_len);
	le16(z->f, 0);
	fwrite(name, 1, name_len, z->f);
	fwrite(packed, 1, packed_len, z->f);
	free(packed);
	/* Its central directory entry: made on Unix, a regular file 0644. */
	le32(z->dir_f, 0x02014b50);
	le16(z->dir_f, (3u << 8) | ZIP_VERSION);
	le16(z->dir_f, ZIP_VERSION);
	le16(z->dir_f, ZIP_UTF8);
	le16(z->dir_f, ZIP_DEFLATE);
	le16(z->dir_f, z->dos_time);
	le16(z->dir_f, z->dos_date);
	le32(z->dir_f, crc);
	le32(z->dir_f, packed_len);
	le32(z->dir_f, len);
	le16(z->dir_f, (unsigned)name_len);
	le16(z->dir_f, 0); /* extra field */
	le16(z->dir_f, 0); /* comment */
	le16(z->dir_f, 0); /* disk */
	le16(z->dir_f, 0); /* internal attributes */
	le32(z->dir_f, 0100644ul << 16);
	le32(z->dir_f, (unsigned long)offset);
	fwrite(name, 1, name_len, z->dir_f);
	z->entries++;
	if (ferror(z->f) || ferror(z->dir_f))
		z->failed = true;
	return !z->failed;
}

bool zip_finish(zip_builder *z, char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (z->failed || fflush(z->f) != 0 || fflush(z->dir_f) != 0 ||
	    z->len + z->dir_len > UINT32_MAX) {
		zip_free(z);
		return false;
	}
	size_t dir_offset = z->len, dir_len = z->dir_len;
	fwrite(z->dir, 1, dir_len, z->f);
	le32(z->f, 0x06054b50);
	le16(z->f, 0); /* this disk */
	le16(z->f, 0); /* the disk with the directory */
	le16(z->f, z->entries);
	le16(z->f, z->entries);
	le32(z->f, dir_len);
	le32(z->f, dir_offset);
	le16(z->f, 0); /* comment */
	bool ok = !ferror(z->f);
	ok = fclose(z->f) == 0 && ok;
	z->f = NULL;
	if (ok) {
		*out = z->buf;
		*out_len = z->len;
		z->buf = NULL;
	}
	zip_free(z);
	return ok;
}

void zip_free(zip_builder *z)
{
	if (z->f)
		fclose(z->f);
	if (z->dir_f)
		fclose(z->dir_f);
	free(z->buf);
	free(z->dir);
	memset(z, 0, sizeof(*z));
}
