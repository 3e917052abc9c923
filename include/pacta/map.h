/*
 * pacta/map.h - a world map of one treaty on one day, as standalone SVG.
 *
 * The country shapes are projected once, at development time (Equal Earth,
 * Natural Earth data; see data/map/README.md), into a TSV file of SVG path
 * strings keyed by ISO 3166-1 alpha-3. At run time the library only joins
 * each shape to a participant of the record by its alpha-3 code and colours
 * it by the participant's status on the day. States too small for the
 * shapes (Malta, Tuvalu, ...) are rows with an empty path and are drawn as
 * circle markers at their centroid.
 *
 * The shapes file (UTF-8, LF or CRLF, TAB-separated):
 *   line 1: pacta-map <TAB> 1 <TAB> WIDTH <TAB> HEIGHT   (the viewBox)
 *   line 2: a3 <TAB> name <TAB> cx <TAB> cy <TAB> d      (the header)
 *   then one row per shape: alpha-3 (three letters A-Z, unique), display
 *   name, projected centroid, SVG path data (only M L Z digits . , - ;
 *   empty for a marker).
 *
 * Ownership: a pacta_map owns its copy of the shapes and is never modified
 * after loading, so one map may be shared by any number of threads that
 * render concurrently. Free it with pacta_map_free().
 */
#ifndef PACTA_MAP_H
#define PACTA_MAP_H

#include <stddef.h>

#include "pacta/date.h"
#include "pacta/error.h"
#include "pacta/lang.h"
#include "pacta/names.h"
#include "pacta/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bounds of the shapes file. */
#define PACTA_MAP_MAX_BYTES (8u * 1024 * 1024)
#define PACTA_MAP_MAX_LINE (256u * 1024)
#define PACTA_MAP_MAX_SHAPES 1024

/* Name of the shapes file inside the data directory. */
#define PACTA_MAP_SHAPES_FILE "map/shapes.tsv"

typedef struct pacta_map pacta_map;

/* Parses shapes from text[0..len) (copied; the caller keeps text). name is
 * used in "name:line" errors. */
pacta_rc pacta_map_parse(const char *text, size_t len, const char *name,
			 pacta_map **out, pacta_error *err) PACTA_MUST_CHECK;
/* Reads and parses a shapes file. */
pacta_rc pacta_map_load(const char *path, pacta_map **out,
			pacta_error *err) PACTA_MUST_CHECK;
/* NULL-safe. */
void pacta_map_free(pacta_map *map);

/* Number of rows (shapes and markers). */
size_t pacta_map_count(const pacta_map *map);

/* Writes the SVG of the treaty's status on day: a <title> and <desc>
 * (treaty, date, counts), one <path> or <circle> per shape, a legend (colour,
 * pattern, label and count per status) and, below it, the participants with
 * a status on that day that have no place on a map (former states, the EU).
 *
 * Every participant with a shape, and every other participant whose status
 * on day is not none, has exactly one element carrying
 * data-state="ISO3", data-status="<pacta_status_name>", class
 * "state st-<status>" (plus "marker" for circles, "offmap" for the list),
 * tabindex="0" and a <title> "Name: status since DATE". Shapes of no
 * participant are drawn grey with class "bg" and no data-state.
 *
 * Colours are presentation attributes (fill=...), so the SVG reads alone and
 * page CSS on the classes overrides them; there is no <style> element or
 * style attribute, so a strict Content-Security-Policy does not block it.
 * Element ids start with "pacta-map-"; embed one map per page.
 *
 * *out is malloc'd and NUL-terminated (caller frees), *len its length
 * (len may be NULL). The map and status are only read. */
pacta_rc pacta_map_write_svg(const pacta_map *map,
			     const pacta_treaty_status *ts, pacta_day day,
			     char **out, size_t *len,
			     pacta_error *err) PACTA_MUST_CHECK;

/* How a map is said. Every member may be NULL; a zeroed struct (or NULL
 * opts) is pacta_map_write_svg()'s English with the record's names.
 * Borrowed for the call only. */
typedef struct pacta_map_opts {
	/* The titles, legend and list: their words and dates in words. */
	const pacta_lang *lang;
	/* The states' and shapes' names in lang's code (pacta_names_get());
	 * a name the file lacks, or any name in English, is the record's
	 * (or the shapes file's). */
	const pacta_names *names;
} pacta_map_opts;

/* pacta_map_write_svg() said as opts asks. The SVG's structure, classes
 * and data- attributes are the same in every language. */
pacta_rc pacta_map_write_svg_in(const pacta_map *map,
				const pacta_treaty_status *ts, pacta_day day,
				const pacta_map_opts *opts, char **out,
				size_t *len, pacta_error *err) PACTA_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif
