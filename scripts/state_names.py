#!/usr/bin/env python3
"""state_names.py - write the states' names in every language of Debian's
iso-codes (ISO 3166-1 and its translations) as one tab-separated file, read
by the library's names module (docs/languages.md).

usage: state_names.py ISO_3166_JSON LOCALE_DIR OUT

Lines, sorted:
  n<TAB>ISO3<TAB>LANG<TAB>RANK<TAB>NAME<TAB>KEY   a name (RANK 0: the short
      name, 1: the common name, 2: the official name; KEY: NAME folded)
  f<TAB>CHAR<TAB>FOLDED                  how a character folds
KEY and the fold lines use one rule, so the library folds a query exactly
as the names were folded: Unicode case folding, and for Latin letters the
combining marks stripped ("Türkiye" -> "turkiye"); other scripts are only
case-folded. Nothing here is typed by hand: every name comes from the
catalogues given.
"""
import gettext
import glob
import json
import os
import sys
import unicodedata


RANK = {'name': 0, 'common_name': 1, 'official_name': 2}


def fold_char(c):
    s = unicodedata.normalize('NFD', c.casefold())
    base = s[:1]
    try:
        latin = 'LATIN' in unicodedata.name(base)
    except ValueError:
        latin = False
    if latin:
        s = ''.join(x for x in s if not unicodedata.combining(x))
    return unicodedata.normalize('NFC', s)


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: state_names.py ISO_3166_JSON LOCALE_DIR OUT')
    src, localedir, out = sys.argv[1:]
    with open(src, encoding='utf-8') as f:
        countries = json.load(f)['3166-1']
    names = set()
    for c in countries:
        for field in ('name', 'official_name', 'common_name'):
            if field in c:
                names.add((c['alpha_3'], 'en', RANK[field], c[field]))
    for mo in sorted(glob.glob(os.path.join(localedir, '*', 'LC_MESSAGES', 'iso_3166-1.mo'))):
        lang = mo.split(os.sep)[-3]
        with open(mo, 'rb') as f:
            t = gettext.GNUTranslations(f)
        for c in countries:
            for field in ('name', 'official_name', 'common_name'):
                if field not in c:
                    continue
                # A name the catalogue has, even when it is spelt as in
                # English ("Afghanistan" in German), is that language's.
                tr = t._catalog.get(c[field])
                if tr and '\t' not in tr and '\n' not in tr:
                    names.add((c['alpha_3'], lang, RANK[field], tr.strip()))
    chars = set()
    for _, _, _, n in names:
        for ch in n:
            chars.add(ch)
            chars.update(ch.upper())
            chars.update(ch.title())
    lines = []
    for ch in sorted(chars):
        if ord(ch) < 128 or ch in '\t\n':
            continue
        lines.append('f\t%s\t%s\n' % (ch, fold_char(ch)))
    for iso3, lang, rank, n in sorted(names):
        key = ''.join(fold_char(ch) if ord(ch) >= 128 else ch.lower() for ch in n)
        lines.append('n\t%s\t%s\t%d\t%s\t%s\n' % (iso3, lang, rank, n, key))
    with open(out, 'w', encoding='utf-8') as f:
        f.writelines(lines)


if __name__ == '__main__':
    main()
