/*
 * lang.c - the language of an answer: gettext's "pacta" domain read
 * through a locale made for the language (newlocale) and switched to for
 * each translation only (uselocale), dates in words, and the choice of a
 * language from Accept-Language.
 *
 * It never calls setlocale() and never changes the process's locale or
 * environment: a library may not, and the service answers in several
 * languages at once.
 */
#include "pacta/lang.h"

#include <ctype.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DOMAIN "pacta"

#ifndef PACTA_INSTALL_LOCALE_DIR
#define PACTA_INSTALL_LOCALE_DIR "/usr/local/share/locale"
#endif

struct pacta_lang {
	char code[16];
	locale_t loc; /* (locale_t)0: English, the msgids themselves */
};

const char *pacta_lang_default_dir(void)
{
	return PACTA_INSTALL_LOCALE_DIR;
}

/* Reads tag's language and region ("es-419" -> "es", "419";
 * "fr_FR.UTF-8" -> "fr", "FR"). False when it is not a language code. */
static bool parse_tag(const char *tag, char lang[4], char region[4])
{
	size_t n = 0;
	while (n < 3 && isalpha((unsigned char)tag[n])) {
		lang[n] = (char)tolower((unsigned char)tag[n]);
		n++;
	}
	lang[n] = '\0';
	region[0] = '\0';
	if (n < 2 || isalpha((unsigned char)tag[n]))
		return false;
	const char *r = tag + n;
	if (*r == '-' || *r == '_') {
		size_t m = 0;
		r++;
		while (m < 3 && isalnum((unsigned char)r[m])) {
			region[m] = (char)toupper((unsigned char)r[m]);
			m++;
		}
		region[m] = '\0';
		if (isalnum((unsigned char)r[m]))
			region[0] = '\0'; /* a script or variant ("zh-Hans"): no region */
	}
	return true;
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The catalogue's language: "pt_BR" when there is one for it, else "pt". */
static bool catalogue_code(const char *localedir, const char *lang, const char *region,
			   char *out, size_t size)
{
	char path[4200];
	if (strcmp(lang, "en") == 0) {
		snprintf(out, size, "en");
		return true;
	}
	if (region[0]) {
		snprintf(path, sizeof(path), "%s/%s_%s/LC_MESSAGES/" DOMAIN ".mo", localedir, lang,
			 region);
		if (file_exists(path)) {
			snprintf(out, size, "%s_%s", lang, region);
			return true;
		}
	}
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/" DOMAIN ".mo", localedir, lang);
	if (!file_exists(path))
		return false;
	snprintf(out, size, "%s", lang);
	return true;
}

bool pacta_lang_has_catalogue(const char *localedir, const char *tag)
{
	char lang[4], region[4], code[16];
	return tag && parse_tag(tag, lang, region) &&
	       catalogue_code(localedir, lang, region, code, sizeof(code));
}

/* A UTF-8 locale for the language: its region's, the language's own
 * country's ("fr_FR"), else the first the system lists as supported
 * (glibc's SUPPORTED file), so that no language needs a line of code. */
static locale_t open_locale(const char *lang, const char *region)
{
	char name[64];
	locale_t loc = (locale_t)0;
	int mask = LC_MESSAGES_MASK | LC_CTYPE_MASK;
	if (region[0]) {
		snprintf(name, sizeof(name), "%s_%s.UTF-8", lang, region);
		loc = newlocale(mask, name, (locale_t)0);
	}
	if (!loc) {
		char up[4];
		size_t i = 0;
		for (; lang[i]; i++)
			up[i] = (char)toupper((unsigned char)lang[i]);
		up[i] = '\0';
		snprintf(name, sizeof(name), "%s_%s.UTF-8", lang, up);
		loc = newlocale(mask, name, (locale_t)0);
	}
	FILE *f = loc ? NULL : fopen("/usr/share/i18n/SUPPORTED", "r");
	if (f) {
		char line[128];
		size_t n = strlen(lang);
		while (!loc && fgets(line, sizeof(line), f)) {
			char *sp = strchr(line, ' ');
			if (strncmp(line, lang, n) != 0 || line[n] != '_' || !sp ||
			    strncmp(sp, " UTF-8", 6) != 0)
				continue;
			*sp = '\0';
			loc = newlocale(mask, line, (locale_t)0);
		}
		fclose(f);
	}
	return loc;
}

pacta_rc pacta_lang_new(const char *tag, const char *localedir, pacta_lang **out,
			pacta_error *err)
{
	*out = NULL;
	char lang[4] = "en", region[4] = "";
	if (tag && *tag && strcmp(tag, "C") != 0 && strncmp(tag, "C.", 2) != 0 &&
	    strcmp(tag, "POSIX") != 0 && !parse_tag(tag, lang, region))
		return pacta_error_set(err, PACTA_ERR_USAGE, "",
				       "'%s' is not a language code (such as en, fr, es)", tag);
	pacta_lang *l = calloc(1, sizeof(*l));
	if (!l)
		return pacta_error_set(err, PACTA_ERR_NOMEM, "", "out of memory");
	snprintf(l->code, sizeof(l->code), "%s", lang);
	char code[16];
	if (strcmp(lang, "en") != 0 && localedir &&
	    catalogue_code(localedir, lang, region, code, sizeof(code))) {
		snprintf(l->code, sizeof(l->code), "%s", code);
		l->loc = open_locale(lang, region);
		if (l->loc) {
			bindtextdomain(DOMAIN, localedir);
			bind_textdomain_codeset(DOMAIN, "UTF-8");
		}
	}
	*out = l;
	return PACTA_OK;
}

void pacta_lang_free(pacta_lang *lang)
{
	if (!lang)
		return;
	if (lang->loc)
		freelocale(lang->loc);
	free(lang);
}

const char *pacta_lang_code(const pacta_lang *lang)
{
	return lang ? lang->code : "en";
}

bool pacta_lang_translates(const pacta_lang *lang)
{
	return lang && lang->loc;
}

const char *pacta_tr(const pacta_lang *lang, const char *msgid)
{
	/* "" is the catalogue's header in gettext: never looked up. */
	if (!lang || !lang->loc || !*msgid)
		return msgid;
	locale_t old = uselocale(lang->loc);
	const char *s = dgettext(DOMAIN, msgid);
	uselocale(old);
	return s && *s ? s : msgid;
}

static const char *const month_names[12] = {
	PACTA_N_("January"), PACTA_N_("February"), PACTA_N_("March"),
	PACTA_N_("April"),   PACTA_N_("May"),      PACTA_N_("June"),
	PACTA_N_("July"),    PACTA_N_("August"),   PACTA_N_("September"),
	PACTA_N_("October"), PACTA_N_("November"), PACTA_N_("December"),
};

char *pacta_lang_date(const pacta_lang *lang, pacta_day day, char *out, size_t size)
{
	char iso[PACTA_DATE_BUFSZ];
	pacta_date_format(day, iso);
	if (!size)
		return out;
	if (!pacta_lang_translates(lang) || day == PACTA_DAY_NONE) {
		snprintf(out, size, "%s", iso);
		return out;
	}
	int y, m, d;
	pacta_date_to_civil(day, &y, &m, &d);
	/* TRANSLATORS: how a date is written in a sentence: D is the day,
	   MMMM the month's name, MM its number, YYYY the year. */
	const char *pattern = pacta_tr(lang, "YYYY-MM-DD");
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = pattern; *p && used + 1 < size;) {
		char piece[64];
		size_t skip = 1;
		if (strncmp(p, "YYYY", 4) == 0) {
			snprintf(piece, sizeof(piece), "%04d", y);
			skip = 4;
		} else if (strncmp(p, "MMMM", 4) == 0) {
			snprintf(piece, sizeof(piece), "%s", pacta_tr(lang, month_names[m - 1]));
			skip = 4;
		} else if (strncmp(p, "MM", 2) == 0) {
			snprintf(piece, sizeof(piece), "%02d", m);
			skip = 2;
		} else if (strncmp(p, "DD", 2) == 0) {
			snprintf(piece, sizeof(piece), "%02d", d);
			skip = 2;
		} else if (*p == 'D') {
			/* TRANSLATORS: the first day of a month in a date ("1er"
			   in French); leave "1" where the language writes 1. */
			const char *first = pacta_tr(lang, "day 1");
			if (d == 1 && strcmp(first, "day 1") != 0)
				snprintf(piece, sizeof(piece), "%s", first);
			else
				snprintf(piece, sizeof(piece), "%d", d);
		} else {
			piece[0] = *p;
			piece[1] = '\0';
		}
		int w = snprintf(out + used, size - used, "%s", piece);
		if (w < 0 || (size_t)w >= size - used)
			break;
		used += (size_t)w;
		p += skip;
	}
	return out;
}

bool pacta_lang_pick(const char *accept, const char *localedir, char *out, size_t size)
{
	double best_q = 0.0;
	bool found = false;
	for (const char *p = accept; p && *p;) {
		while (*p == ' ' || *p == ',' || *p == ':')
			p++;
		const char *end = p + strcspn(p, ",:");
		char item[64];
		size_t len = (size_t)(end - p) < sizeof(item) - 1 ? (size_t)(end - p) : sizeof(item) - 1;
		memcpy(item, p, len);
		item[len] = '\0';
		double q = 1.0;
		char *semi = strchr(item, ';');
		if (semi) {
			*semi = '\0';
			const char *qs = strstr(semi + 1, "q=");
			if (qs)
				q = strtod(qs + 2, NULL);
		}
		char lang[4], region[4], code[16];
		if (q > best_q && parse_tag(item, lang, region) &&
		    catalogue_code(localedir, lang, region, code, sizeof(code))) {
			snprintf(out, size, "%s", code);
			best_q = q;
			found = true;
		}
		p = end;
	}
	return found;
}

/* The library's errors that a user commonly meets (a bad row of a CSV
 * file, a bad field of a rules file, a state not found), whole messages
 * and the fixed phrases that fill their "%s". Each is the format the
 * module that reports it writes; a message that matches none stays
 * English. tests/test_lang.c has the modules make the common ones and
 * checks what they say, so that a message changed there does not
 * silently fall back to English. */
static const char *const known_messages[] = {
	/* record.c */
	PACTA_N_("no state or participant called '%s' (try an ISO code such as LVA, or 'pacta states')"),
	PACTA_N_("'%s' is ambiguous: %s%s"),
	/* rules.c */
	PACTA_N_("field '%s': %s"),
	PACTA_N_("unknown key"),
	PACTA_N_("missing"),
	PACTA_N_("expected a string"),
	PACTA_N_("expected a date YYYY-MM-DD"),
	PACTA_N_("expected true or false"),
	PACTA_N_("expected an object"),
	PACTA_N_("unknown action name"),
	PACTA_N_("expected a list of action names"),
	/* load.c */
	PACTA_N_("column '%s': %s ('%.60s')"),
	PACTA_N_("%zu fields, but the header has %zu"),
	PACTA_N_("1 bad row"),
	PACTA_N_("%zu bad rows"),
	PACTA_N_("missing column '%s' in the header"),
	PACTA_N_("unknown column '%.60s' in the header"),
	PACTA_N_("empty file: expected a header row"),
	PACTA_N_("unknown state code (not in states.csv)"),
	PACTA_N_("unknown treaty"),
	PACTA_N_("must not be empty"),
	PACTA_N_("unknown action (see docs/record.md for the vocabulary)"),
	PACTA_N_("expected a real date YYYY-MM-DD"),
	PACTA_N_("expected a real date YYYY-MM-DD or empty"),
	PACTA_N_("expected a date"),
	PACTA_N_("expected a date or empty"),
	PACTA_N_("expected a three-letter code"),
	PACTA_N_("expected a two-letter code"),
	PACTA_N_("every act needs an http(s) source"),
	PACTA_N_("not a valid http(s) URL: %s"),
	/* csv.c */
	PACTA_N_("cannot open: %s"),
};
#define N_KNOWN (sizeof(known_messages) / sizeof(known_messages[0]))
#define MAX_ARGS 8

typedef struct capture {
	const char *at;
	size_t len;
} capture;

/* The end of the conversion that starts at f ('%'): "%s", "%.60s",
 * "%zu", "%2$s". */
static const char *conversion_end(const char *f)
{
	f++;
	while (*f && !strchr("sdiuxXcfg", *f))
		f++;
	return *f ? f + 1 : f;
}

/* Does m read as format f, each conversion standing for any text? The
 * texts go into args. A conversion followed by text takes the shortest
 * text that lets the rest match. */
static bool match(const char *f, const char *m, capture *args, size_t n)
{
	while (*f && *f != '%') {
		if (*f++ != *m++)
			return false;
	}
	if (!*f)
		return !*m;
	if (f[1] == '%')
		return *m == '%' && match(f + 2, m + 1, args, n);
	if (n == MAX_ARGS)
		return false;
	const char *rest = conversion_end(f);
	size_t left = strlen(m);
	for (size_t len = 0; len <= left; len++) {
		/* The next literal character must come next: skip the rest. */
		if (*rest && *rest != '%' && m[len] != *rest)
			continue;
		args[n] = (capture){m, len};
		if (match(rest, m + len, args, n + 1))
			return true;
	}
	return false;
}

/* The number of conversions in f. */
static size_t conversions(const char *f)
{
	size_t n = 0;
	for (const char *p = strchr(f, '%'); p; p = strchr(p, '%')) {
		if (p[1] == '%') {
			p += 2;
			continue;
		}
		n++;
		p = conversion_end(p);
	}
	return n;
}

static void say(const pacta_lang *lang, const char *message, size_t len, char *out, size_t size,
		int depth);

/* Writes format (a translation) with the captured texts for its
 * conversions, in their order or as "%2$s" numbers them. */
static void fill(const pacta_lang *lang, const char *format, const capture *args, size_t n,
		 char *out, size_t size, int depth)
{
	size_t used = 0, next = 0;
	for (const char *p = format; *p && used + 1 < size;) {
		if (*p != '%' || p[1] == '%') {
			out[used++] = *p;
			p += *p == '%' ? 2 : 1;
			continue;
		}
		size_t k = next++;
		const char *q = p + 1;
		size_t pos = 0;
		while (*q >= '0' && *q <= '9')
			pos = pos * 10 + (size_t)(*q++ - '0');
		if (*q == '$' && pos > 0)
			k = pos - 1;
		p = conversion_end(p);
		if (k >= n)
			continue;
		/* A fixed phrase in a message is said in the language too. */
		say(lang, args[k].at, args[k].len, out + used, size - used, depth + 1);
		used += strlen(out + used);
	}
	out[used] = '\0';
}

/* message (len bytes) in lang into out. */
static void say(const pacta_lang *lang, const char *message, size_t len, char *out, size_t size,
		int depth)
{
	char m[512];
	snprintf(m, sizeof(m), "%.*s", (int)(len < sizeof(m) - 1 ? len : sizeof(m) - 1), message);
	capture args[MAX_ARGS];
	for (size_t i = 0; depth < 3 && pacta_lang_translates(lang) && i < N_KNOWN; i++) {
		const char *f = known_messages[i];
		if (!match(f, m, args, 0))
			continue;
		fill(lang, pacta_tr(lang, f), args, conversions(f), out, size, depth);
		return;
	}
	snprintf(out, size, "%s", m);
}

char *pacta_lang_message(const pacta_lang *lang, const char *message, char *out, size_t size)
{
	if (size)
		say(lang, message, strlen(message), out, size, 0);
	return out;
}
