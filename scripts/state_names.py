#!/usr/bin/env python3
"""state_names.py - write the states' names in every language of Debian's
iso-codes (ISO 3166-1 and its translations) and of Unicode CLDR (its
territory names, where installed) as one tab-separated file, read by the
library's names module (docs/languages.md).

usage: state_names.py ISO_3166_JSON LOCALE_DIR OUT [CLDR_MAIN_DIR]

Lines, sorted:
  n<TAB>ISO3<TAB>LANG<TAB>RANK<TAB>NAME<TAB>KEY   a name (RANK 1: iso-codes'
      short name, 2: its common name, 3: its official name; CLDR's name is
      0 where iso-codes has no short name or an inverted or bracketed one
      ("Bolivie, État plurinational de" -> CLDR "Bolivie") and both name the
      same entity, else 4, a name to find a state by, not to show; KEY: NAME
      folded)
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
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET


RANK = {'name': 1, 'common_name': 2, 'official_name': 3}
# CLDR's own confidence in a name: these are not yet vetted.
CLDR_DRAFTS_LEFT_OUT = ('unconfirmed', 'provisional')


def cldr_names(main_dir, alpha3_of):
    """(ISO3, LANG, 0, NAME) for the plain territory name (not the short or
    variant one) of every language file without a region (fr.xml,
    zh_Hant.xml): regional files only repeat or adjust their language's."""
    names = set()
    for path in sorted(glob.glob(os.path.join(main_dir, '*.xml'))):
        lang = os.path.basename(path)[:-4]
        if not re.fullmatch(r'[a-z]{2,3}(_[A-Z][a-z]{3})?', lang) or lang == 'root':
            continue
        for e in ET.parse(path).iter('territory'):
            iso3 = alpha3_of.get(e.get('type'))
            text = (e.text or '').strip()
            if (not iso3 or e.get('alt') or e.get('draft') in CLDR_DRAFTS_LEFT_OUT or
                    not text or '\u2191' in text or '\t' in text or '\n' in text):
                continue
            names.add((iso3, lang, 0, text))
    return names


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


def same_entity(countries, cldr_en):
    """The codes whose CLDR name names what iso-codes' does: the English
    names agree, once iso-codes' is cut at its comma or bracket ("Iran,
    Islamic Republic of" and "Iran"). Where they do not, CLDR names a
    territory where a treaty has a state or a subject of international law
    ("Palestinian Territories" for "Palestine, State of"; "Vatican City"
    for "Holy See"), and iso-codes' name stays the one shown."""
    same = set()
    for c in countries:
        en = cldr_en.get(c['alpha_3'])
        ours = {c[f] for f in RANK if f in c}
        ours |= {re.split(r'[,(]', n)[0].strip() for n in ours}
        if en in ours:
            same.add(c['alpha_3'])
    return same


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit('usage: state_names.py ISO_3166_JSON LOCALE_DIR OUT [CLDR_MAIN_DIR]')
    src, localedir, out = sys.argv[1:4]
    cldr = sys.argv[4] if len(sys.argv) == 5 else None
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
    if cldr and os.path.isdir(cldr):
        short = {(i, l): n for i, l, r, n in names if r == RANK['name']}
        found = cldr_names(cldr, {c['alpha_2']: c['alpha_3'] for c in countries})
        same = same_entity(countries, {i: n for i, l, _, n in found if l == 'en'})
        for iso3, lang, _, n in found:
            own = short.get((iso3, lang))
            shown = iso3 in same and (own is None or ',' in own or '(' in own)
            names.add((iso3, lang, 0 if shown else 4, n))
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
