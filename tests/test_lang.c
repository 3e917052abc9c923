/*
 * test_lang.c - the languages of answers (lang.c) and the states' names in
 * many languages (names.c): translations and their fallback to English,
 * dates in words, the choice from Accept-Language, a name found in any
 * case and without its accents, and several states found all named.
 * The catalogues are the build's (po/), the names file a small one of the
 * fixture's states written here.
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

#include "fixture.h"
#include "pacta/explain.h"
#include "pacta/lang.h"
#include "pacta/names.h"

static const char *locale_dir(void)
{
	static char dir[4096];
	const char *root = getenv("PACTA_BUILD_ROOT");
	snprintf(dir, sizeof(dir), "%s/po", root ? root : "build");
	return dir;
}

static pacta_lang *lang(const char *tag)
{
	pacta_lang *l = NULL;
	pacta_error err;
	if (pacta_lang_new(tag, locale_dir(), &l, &err) != PACTA_OK)
		fail_msg("lang %s: %s", tag, err.message);
	return l;
}

static void test_english_is_the_msgids(void **state)
{
	(void)state;
	pacta_lang *en = lang(NULL);
	assert_string_equal(pacta_lang_code(en), "en");
	assert_false(pacta_lang_translates(en));
	assert_string_equal(pacta_tr(en, "June"), "June");
	assert_string_equal(pacta_tr(NULL, "June"), "June");
	char d[PACTA_LANG_DATE_BUFSZ];
	assert_string_equal(pacta_lang_date(en, fx_day("2025-06-27"), d, sizeof(d)), "2025-06-27");
	pacta_lang_free(en);
	pacta_lang *c = lang("C.UTF-8");
	assert_string_equal(pacta_lang_code(c), "en");
	pacta_lang_free(c);
}

static void test_french_and_spanish(void **state)
{
	(void)state;
	pacta_lang *fr = lang("fr_FR.UTF-8"), *es = lang("es-419");
	if (!pacta_lang_translates(fr) || !pacta_lang_translates(es))
		fail_msg("no locale for fr or es: install the locales (scripts/deps.sh)");
	assert_string_equal(pacta_lang_code(fr), "fr");
	assert_string_equal(pacta_lang_code(es), "es");
	assert_string_equal(pacta_tr(fr, "June"), "juin");
	assert_string_equal(pacta_tr(es, "June"), "junio");
	char d[PACTA_LANG_DATE_BUFSZ];
	assert_string_equal(pacta_lang_date(fr, fx_day("2025-06-27"), d, sizeof(d)), "27 juin 2025");
	assert_string_equal(pacta_lang_date(es, fx_day("2025-06-27"), d, sizeof(d)),
			    "27 de junio de 2025");
	char iso[PACTA_DATE_BUFSZ];
	assert_string_equal(pacta_lang_date(fr, fx_day("1999-03-01"), d, sizeof(d)), "1er mars 1999");
	assert_string_equal(pacta_lang_date(es, fx_day("1999-03-01"), d, sizeof(d)),
			    "1 de marzo de 1999");
	assert_string_equal(pacta_lang_date(fr, PACTA_DAY_NONE, d, sizeof(d)),
			    pacta_date_format(PACTA_DAY_NONE, iso));
	/* A cut date stays a string. */
	char small[6];
	assert_true(strlen(pacta_lang_date(fr, fx_day("2025-06-27"), small, sizeof(small))) < 6);
	pacta_lang_free(fr);
	pacta_lang_free(es);
}

static void test_missing_translation_is_english(void **state)
{
	(void)state;
	pacta_lang *fr = lang("fr");
	const char *msgid = "a message no catalogue has";
	assert_ptr_equal(pacta_tr(fr, msgid), msgid);
	assert_string_equal(pacta_tr(fr, ""), "");
	pacta_lang_free(fr);
	/* A language with no catalogue speaks English, and keeps its code
	 * for names. */
	pacta_lang *lv = lang("lv");
	assert_string_equal(pacta_lang_code(lv), "lv");
	assert_false(pacta_lang_translates(lv));
	assert_string_equal(pacta_tr(lv, "June"), "June");
	pacta_lang_free(lv);
}

static void test_not_a_language(void **state)
{
	(void)state;
	pacta_lang *l = NULL;
	pacta_error err;
	assert_int_equal(pacta_lang_new("12", locale_dir(), &l, &err), PACTA_ERR_USAGE);
	assert_null(l);
	assert_non_null(strstr(err.message, "'12' is not a language code"));
	assert_int_equal(pacta_lang_new("french", locale_dir(), &l, &err), PACTA_ERR_USAGE);
}

static void test_pick(void **state)
{
	(void)state;
	char code[16];
	assert_true(pacta_lang_pick("de-DE, fr;q=0.8, es;q=0.9", locale_dir(), code, sizeof(code)));
	assert_string_equal(code, "es");
	assert_true(pacta_lang_pick("fr-CH, fr;q=0.9, en;q=0.8", locale_dir(), code, sizeof(code)));
	assert_string_equal(code, "fr");
	assert_true(pacta_lang_pick("en-GB,fr;q=0.5", locale_dir(), code, sizeof(code)));
	assert_string_equal(code, "en");
	assert_true(pacta_lang_pick("xx:es", locale_dir(), code, sizeof(code)));
	assert_string_equal(code, "es");
	assert_false(pacta_lang_pick("de, *;q=0.1", locale_dir(), code, sizeof(code)));
	assert_false(pacta_lang_pick("", locale_dir(), code, sizeof(code)));
	assert_true(pacta_lang_has_catalogue(locale_dir(), "fr-FR"));
	assert_false(pacta_lang_has_catalogue(locale_dir(), "de"));
}

static void test_explain_in_french(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	pacta_lang *fr = lang("fr");
	pacta_explain_opts opts = {.lang = fr};
	pacta_explanation ex;
	pacta_error err;
	assert_int_equal(pacta_explain_in(f.ts, fx_p(&f, "ARC"), fx_day("2000-01-01"), &opts, &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.summary, "Au 1er janvier 2000, Arcadia est partie"));
	assert_non_null(strstr(ex.summary, "qui l'engage depuis le 1er mars 1999"));
	pacta_explanation_free(&ex);
	/* The state's name in the language, when the caller has one. */
	opts.state_name = "Arcadie";
	assert_int_equal(pacta_explain_in(f.ts, fx_p(&f, "ARC"), fx_day("2000-01-01"), &opts, &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.summary, "Au 1er janvier 2000, Arcadie est partie"));
	pacta_explanation_free(&ex);
	/* No options: English, as pacta_explain() says it. */
	assert_int_equal(pacta_explain_in(f.ts, fx_p(&f, "ARC"), fx_day("2000-01-01"), NULL, &ex, &err),
			 PACTA_OK);
	assert_non_null(strstr(ex.summary, "On 2000-01-01 Arcadia is a party"));
	pacta_explanation_free(&ex);
	pacta_lang_free(fr);
	fx_close(&f);
}

/* Every other participant's name, as a caller's names would give it. */
static const char *other_name(void *ctx, uint32_t participant)
{
	(void)participant;
	return ctx;
}

/* The explanation's steps follow the language: the sentences, the dates
 * in words, the states' names; articles as in English. A language with no
 * catalogue says them in English, never an empty step. */
static void test_explain_steps_in_language(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	pacta_lang *es = lang("es");
	pacta_explain_opts opts = {.lang = es, .state_name = "Arcadia", .name = other_name,
				   .ctx = "Otro"};
	pacta_explanation ex, en;
	pacta_error err;
	uint32_t arc = fx_p(&f, "ARC");
	assert_int_equal(pacta_explain_in(f.ts, arc, fx_day("2000-01-01"), &opts, &ex, &err), PACTA_OK);
	assert_int_equal(pacta_explain(f.ts, arc, fx_day("2000-01-01"), &en, &err), PACTA_OK);
	assert_int_equal(ex.n_steps, en.n_steps);
	bool deposit = false, in_force = false, other = false;
	for (size_t i = 0; i < ex.n_steps; i++) {
		assert_true(ex.steps[i].text[0] != '\0');
		assert_string_not_equal(ex.steps[i].text, en.steps[i].text);
		/* The same articles, cited the same way. */
		if (en.steps[i].article)
			assert_string_equal(ex.steps[i].article, en.steps[i].article);
		deposit |= strstr(ex.steps[i].text, "Arcadia depositó un instrumento de ratificación el") != NULL;
		in_force |= strstr(ex.steps[i].text, "Art. 17(1): el primer día del sexto mes") != NULL;
		other |= strstr(ex.steps[i].text, " de Otro") != NULL;
	}
	assert_true(deposit);
	assert_true(in_force);
	assert_true(other);
	pacta_explanation_free(&ex);
	/* No catalogue: the English steps, word for word. */
	pacta_lang *lv = lang("lv");
	opts = (pacta_explain_opts){.lang = lv};
	assert_int_equal(pacta_explain_in(f.ts, arc, fx_day("2000-01-01"), &opts, &ex, &err), PACTA_OK);
	for (size_t i = 0; i < ex.n_steps; i++)
		assert_string_equal(ex.steps[i].text, en.steps[i].text);
	pacta_explanation_free(&ex);
	pacta_explanation_free(&en);
	pacta_lang_free(lv);
	pacta_lang_free(es);
	fx_close(&f);
}

/* err's message, made by the library, in lang. */
static const char *said(const pacta_lang *l, const pacta_error *err)
{
	static char buf[1024];
	return pacta_lang_message(l, err->message, buf, sizeof(buf));
}

/* The library's common errors, made by the modules that report them,
 * said in French and Spanish; the text they quote stays as it was. */
static void test_errors_in_language(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, NULL);
	fx_base(&f);
	fx_finish(&f);
	pacta_lang *fr = lang("fr"), *es = lang("es");
	pacta_error err;
	uint32_t p;
	assert_int_equal(pacta_record_resolve_participant(f.rec, "Atlantis", &p, &err),
			 PACTA_ERR_NOTFOUND);
	assert_string_equal(said(es, &err), "ningún Estado ni participante llamado «Atlantis» (pruebe un código ISO como LVA, o «pacta states»)");
	static const struct {
		const char *csv, *fr;
	} rows[] = {
		{"state,action,date,effective,target,source_url,note\n"
		 "ARC,accession,2027-02-30,,,https://example.org/a,\n",
		 "colonne « date » : une date réelle AAAA-MM-JJ est attendue (« 2027-02-30 »)"},
		{"state,action,date,effective,target,source_url,note\n"
		 "XYZ,accession,2027-02-01,,,https://example.org/a,\n",
		 "colonne « state » : code d'État inconnu (absent de states.csv) (« XYZ »)"},
		{"state,action,date,effective,target,source_url,note\n"
		 "ARC,rejoin,2027-02-01,,,https://example.org/a,\n",
		 "colonne « action » : action inconnue (voir docs/record.md pour le vocabulaire) (« rejoin »)"},
		{"state,action,date,effective,target,source_url,note\n"
		 "ARC,accession,2027-02-01,,,,\n",
		 "colonne « source_url » : chaque acte doit avoir une source http(s) («  »)"},
		{"state,action,date,effective,target,source_url,note\n"
		 "ARC,accession,2027-02-01,,,ftp://example.org/a,\n",
		 "colonne « source_url » : URL http(s) non valide : it does not start with http:// or https:// (« ftp://example.org/a »)"},
		{"state,action,date,effective,target,source_url,note\n"
		 "ARC,accession,2027-02-01,,https://example.org/a,\n",
		 "6 champs, mais l'en-tête en a 7"},
		{"state,action,effective,target,source_url,note\n",
		 "colonne « date » absente de l'en-tête"},
		{"state,action,date,effective,target,source_url,note,colour\n",
		 "colonne inconnue « colour » dans l'en-tête"},
		{"", "fichier vide : une ligne d'en-tête est attendue"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_not_equal(pacta_record_load_acts_csv(f.rec, 0, rows[i].csv, strlen(rows[i].csv),
								"acts.csv", fx_day("2026-01-01"), &err),
				     PACTA_OK);
		assert_string_equal(said(fr, &err), rows[i].fr);
		/* English: the message as it is. */
		assert_string_equal(said(NULL, &err), err.message);
	}
	static const char rules[] = "{\"id\": \"x\", \"colour\": 1}";
	assert_int_not_equal(pacta_record_add_treaty(f.rec, rules, strlen(rules), "x.json", &err), PACTA_OK);
	assert_string_equal(said(es, &err), "campo «colour»: clave desconocida");
	/* A message the catalogues do not know stays English; a short buffer
	 * cuts it. */
	char small[8];
	assert_string_equal(pacta_lang_message(fr, "a message of no catalogue", small, sizeof(small)),
			    "a messa");
	pacta_error_set(&err, PACTA_ERR_PARSE, "", "field 'a': %s", "a phrase of no catalogue");
	assert_string_equal(said(fr, &err), "champ « a » : a phrase of no catalogue");
	pacta_lang_free(fr);
	pacta_lang_free(es);
	fx_close(&f);
}

/* A names file of the fixture's states, as the build writes one. */
static const char names_text[] =
	"f\tÉ\te\n"
	"f\té\te\n"
	"f\tÍ\ti\n"
	"f\tí\ti\n"
	"f\tЛ\tл\n"
	"f\tА\tа\n"
	"f\tТ\tт\n"
	"f\tВ\tв\n"
	"f\tЕ\tе\n"
	"f\tР\tр\n"
	"f\tИ\tи\n"
	"f\tЯ\tя\n"
	"n\tLAT\tfr\t0\tLatvérie\tlatverie\n"
	"n\tLAT\tfr\t2\tRépublique de Latvérie\trepublique de latverie\n"
	"n\tLAT\tru\t0\tЛатверия\tлатверия\n"
	"n\tLAT\tes\t4\tLatvería Oriental\tlatveria oriental\n"
	"n\tSYL\tes\t3\tReino de Syldavia\treino de syldavia\n"
	"n\tSYL\tes\t0\tSyldavia\tsyldavia\n"
	"n\tRUR\tfr\t0\tRoyaume de Ruritanie\troyaume de ruritanie\n"
	"n\tSYL\tfr\t0\tRoyaume de Syldavie\troyaume de syldavie\n"
	"n\tXXX\tfr\t0\tNulle part\tnulle part\n"
	"n\tBOR\tfr\t0\tLatvérie du Nord\tlatverie du nord\n";

static pacta_names *names_file(const char *text)
{
	char path[] = "/tmp/pacta-names-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	pacta_names *n = NULL;
	pacta_error err;
	pacta_rc rc = pacta_names_load(path, &n, &err);
	unlink(path);
	if (rc != PACTA_OK)
		fail_msg("names: %s", err.message);
	return n;
}

static void test_names(void **state)
{
	(void)state;
	struct fx f;
	fx_open(&f, NULL);
	fx_finish(&f);
	pacta_names *n = names_file(names_text);
	assert_string_equal(pacta_names_get(n, "LAT", "fr"), "Latvérie");
	/* Rank 4 (a CLDR name where iso-codes' own is better) finds a state
	 * but is never shown; rank 0 (CLDR's, where better) comes before the
	 * official name. */
	assert_null(pacta_names_get(n, "LAT", "es"));
	assert_string_equal(pacta_names_get(n, "SYL", "es"), "Syldavia");
	char key[64];
	pacta_names_fold(n, "LATVÉRIE", key, sizeof(key));
	assert_string_equal(key, "latverie");
	uint32_t p;
	pacta_error err;
	static const char *const found[] = {"Latvérie", "LATVERIE", "latvérie", "Латверия",
					    "ЛАТВЕРИЯ", "république de latvérie", "Latveria",
					    "LATVERÍA ORIENTAL"};
	for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++) {
		assert_int_equal(pacta_names_resolve(n, f.rec, found[i], &p, &err), PACTA_OK);
		assert_int_equal(p, fx_p(&f, "LAT"));
	}
	/* A name that is also a word of another's: the other is said. */
	char also[128];
	assert_int_equal(pacta_names_also(n, f.rec, "LATVÉRIE", fx_p(&f, "LAT"), also, sizeof(also)), 1);
	assert_string_equal(also, "Borduria (BOR)");
	assert_int_equal(pacta_names_also(n, f.rec, "Syldavie", fx_p(&f, "SYL"), also, sizeof(also)), 0);
	assert_string_equal(also, "");
	/* A word of several names names them all. */
	assert_int_equal(pacta_names_resolve(n, f.rec, "royaume", &p, &err), PACTA_ERR_AMBIGUOUS);
	assert_non_null(strstr(err.message, "Ruritania (RUR)"));
	assert_non_null(strstr(err.message, "Syldavia (SYL)"));
	/* A name of a state the record does not hold, and no name at all:
	 * the record's own error. */
	assert_int_equal(pacta_names_resolve(n, f.rec, "Nulle part", &p, &err), PACTA_ERR_NOTFOUND);
	assert_non_null(strstr(err.message, "no state or participant called 'Nulle part'"));
	assert_int_equal(pacta_names_resolve(NULL, f.rec, "Latvérie", &p, &err), PACTA_ERR_NOTFOUND);
	pacta_names_free(n);
	fx_close(&f);
}

static void test_names_bad_file(void **state)
{
	(void)state;
	pacta_names *n = NULL;
	pacta_error err;
	char path[] = "/tmp/pacta-names-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("f\tÉ\te\nn\tLAT\tfr\tLatvérie\n", fp);
	fclose(fp);
	assert_int_equal(pacta_names_load(path, &n, &err), PACTA_ERR_PARSE);
	assert_null(n);
	assert_non_null(strstr(err.message, "line 2"));
	/* A rank the build never writes. */
	fp = fopen(path, "w");
	fputs("n\tLAT\tfr\t0\tLatvérie\tlatverie\nn\tLAT\tfr\t5\tLatvérie\tlatverie\n", fp);
	fclose(fp);
	assert_int_equal(pacta_names_load(path, &n, &err), PACTA_ERR_PARSE);
	assert_non_null(strstr(err.message, "line 2"));
	unlink(path);
	assert_int_equal(pacta_names_load(path, &n, &err), PACTA_ERR_IO);
	pacta_names_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_is_the_msgids),
		cmocka_unit_test(test_french_and_spanish),
		cmocka_unit_test(test_missing_translation_is_english),
		cmocka_unit_test(test_not_a_language),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_explain_in_french),
		cmocka_unit_test(test_explain_steps_in_language),
		cmocka_unit_test(test_errors_in_language),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_names_bad_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
