/*
 * pacta/lang.h - the language of an answer: its messages from the "pacta"
 * gettext catalogues (the .po files under po/, compiled into LOCALEDIR/LL/LC_MESSAGES/
 * pacta.mo), its dates in words, and the code its names are looked up by
 * (docs/languages.md).
 *
 * The library keeps no language of its own: every function that speaks
 * takes a pacta_lang, and NULL is English. A pacta_lang is made once and
 * never changed, so threads may share one; each translation switches the
 * calling thread's locale (uselocale) for the call only and switches it
 * back, so one thread answering in French never changes another's answer.
 * Ownership: pacta_lang_new()'s result is the caller's, for
 * pacta_lang_free(); strings returned are the catalogue's or the caller's
 * msgid, valid while the program runs.
 */
#ifndef PACTA_LANG_H
#define PACTA_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "pacta/date.h"
#include "pacta/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pacta_lang pacta_lang;

/* Lets the compiler check a translated format against its msgid. */
#ifdef __GNUC__
#define PACTA_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define PACTA_FORMAT_ARG(n)
#endif

/* Where the installed catalogues are (PREFIX/share/locale). Static. */
const char *pacta_lang_default_dir(void);

/* Whether localedir has a "pacta" catalogue for the language of tag (a
 * BCP 47 tag or a POSIX locale name: "fr", "es-419", "fr_FR.UTF-8").
 * English always has one: it is the messages' own language. */
bool pacta_lang_has_catalogue(const char *localedir, const char *tag);

/* The language of tag, its messages from localedir. NULL, "", "C" and
 * "POSIX" are English. A language with no catalogue in localedir, or with
 * no installed locale to read one through, speaks English but keeps its
 * code, so that names are still given in it. The "pacta" domain is bound
 * to localedir for the whole process (bindtextdomain is process-wide): a
 * program uses one localedir. PACTA_ERR_USAGE for a tag that is not a
 * language code; PACTA_ERR_NOMEM. */
pacta_rc pacta_lang_new(const char *tag, const char *localedir, pacta_lang **out,
			pacta_error *err) PACTA_MUST_CHECK;
void pacta_lang_free(pacta_lang *lang);

/* The language's code ("en", "fr", "pt_BR"); "en" for NULL. */
const char *pacta_lang_code(const pacta_lang *lang);
/* Whether messages come from a catalogue (false: they are English). */
bool pacta_lang_translates(const pacta_lang *lang);

/* msgid in lang: the catalogue's translation, or msgid itself when there
 * is none (never an empty string). */
const char *pacta_tr(const pacta_lang *lang, const char *msgid) PACTA_FORMAT_ARG(2);

/* Marks a string for the catalogues without translating it (a table's
 * msgid, translated where it is used). */
#define PACTA_N_(s) s

/* day as the language writes a date in a sentence ("2025-06-27" in
 * English, "27 juin 2025" in French), from the catalogue's date pattern
 * and month names. Writes at most size bytes, NUL included; returns out.
 * PACTA_DAY_NONE is written as pacta_date_format() writes it. */
char *pacta_lang_date(const pacta_lang *lang, pacta_day day, char *out, size_t size);
#define PACTA_LANG_DATE_BUFSZ 64

/* message, an English message of the library's (a pacta_error's), in
 * lang: one the catalogues know (those a user commonly meets: a bad row of
 * a CSV file, a bad field of a rules file, a state not found), with the
 * fixed phrases in it said in lang too; any other, and any text the
 * message quotes, unchanged. Writes at most size bytes, NUL included;
 * returns out. */
char *pacta_lang_message(const pacta_lang *lang, const char *message, char *out, size_t size);

/* Picks, from an HTTP Accept-Language value or a list like LANGUAGE's
 * ("fr:es"), the first language with a catalogue in localedir, by quality
 * then order ("en" counts as having one). Writes its code into out (size
 * bytes) and returns true; false when none is. */
bool pacta_lang_pick(const char *accept, const char *localedir, char *out, size_t size);

#ifdef __cplusplus
}
#endif

#endif
