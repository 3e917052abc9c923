/*
 * zip.h - a ZIP archive (PKWARE APPNOTE 6.3, deflated entries, no ZIP64)
 * built in memory, for several files in one: the data package, which the
 * CLI writes and the service serves (datapackage.c). Internal to the
 * library. Every entry has the same date and time, given by the caller,
 * so that the same files always make the same bytes (and the same ETag).
 *
 * Ownership: zip_finish() gives the archive, malloc'd, to the caller;
 * zip_free() releases a builder at any point.
 */
#ifndef PACTA_ZIP_H
#define PACTA_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct zip_builder {
	FILE *f;
	char *buf;
	size_t len;
	/* The central directory, written after the entries. */
	FILE *dir_f;
	char *dir;
	size_t dir_len;
	uint16_t entries;
	uint16_t dos_date, dos_time;
	bool failed;
} zip_builder;

/* Starts an archive whose entries are dated year-month-day, midnight
 * (1980 to 2107). false when memory runs out. */
bool zip_begin(zip_builder *z, int year, int month, int day);

/* Adds the file name (UTF-8, '/' between folders) holding data[0..len),
 * deflated. false when memory runs out or the archive would pass the
 * format's limits (4 GiB, 65,535 entries); the builder then only frees. */
bool zip_add(zip_builder *z, const char *name, const void *data, size_t len);

/* Writes the central directory and gives the archive in *out, *out_len;
 * frees the builder either way. */
bool zip_finish(zip_builder *z, char **out, size_t *out_len);

void zip_free(zip_builder *z);

#endif
