#!/usr/bin/python3
"""check_words.py SOURCE_ROOT - every word the page says is a message of
the catalogues: the msgids that app.js translates (tr() and fmt(), read by
xgettext), its tables of statuses and stages, the words of the action and
obligation codes it shows, and the texts, aria-labels and titles index.html
marks are all in routes.c's list of the page's words, which /v1/language
translates (and the catalogues test holds to be translated). Prints TAP."""
import html.parser
import os
import re
import subprocess
import sys

results = []


def check(name, ok, diag=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if not ok and diag:
        for line in str(diag).splitlines():
            print("# " + line)


def c_strings(text):
    """The C string literals of text, adjacent ones joined."""
    out = []
    for m in re.finditer(r'PACTA_N_\(((?:\s*"(?:[^"\\]|\\.)*")+)\s*\)', text):
        out.append("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
    return out


def page_list(root):
    src = open(os.path.join(root, "src/server/routes.c"), encoding="utf-8").read()
    m = re.search(r"page_msgids\[\] = \{(.*?)\n\};", src, re.S)
    return set(c_strings(m.group(1))) if m else set()


def js_msgids(root):
    """tr("...") and fmt("...", ...) of app.js, as xgettext reads them."""
    pot = subprocess.run(["xgettext", "-L", "JavaScript", "--keyword=tr", "--keyword=fmt",
                          "--from-code=UTF-8", "--no-wrap", "-o", "-",
                          os.path.join(root, "web/app.js")],
                         check=True, capture_output=True, text=True).stdout
    return {m.replace('\\"', '"').replace("\\\\", "\\")
            for m in re.findall(r'^msgid "(.*)"$', pot, re.M) if m}


def js_tables(root):
    """The labels of app.js's STATUSES and STAGES tables."""
    js = open(os.path.join(root, "web/app.js"), encoding="utf-8").read()
    statuses = re.search(r"const STATUSES = \[(.*?)\n\];", js, re.S).group(1)
    stages = re.search(r"const STAGES = \{(.*?)\n\};", js, re.S).group(1)
    return (set(re.findall(r'\["[a-z_]+", "([^"]+)"', statuses)) |
            set(re.findall(r'[a-z_]+: "([^"]+)"', stages)))


def code_words(root):
    """The action codes (record.c) and obligation statuses (obligations.c)
    as the page writes them: without their underscores."""
    rec = open(os.path.join(root, "src/lib/record.c"), encoding="utf-8").read()
    obl = open(os.path.join(root, "src/lib/obligations.c"), encoding="utf-8").read()
    acts = re.findall(r'\[PACTA_ACT_[A-Z_]+\] = \{"([a-z_]+)"', rec)
    stats = re.findall(r'\[PACTA_OBLIGATION_[A-Z_]+\] = "([a-z_]+)"', obl)
    return {c.replace("_", " ") for c in acts + stats}, len(acts), len(stats)


class Marked(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("data-i18n", "data-i18n-parts", "aria-label", "title") and v:
                self.found.add(v)


def main():
    root = sys.argv[1]
    listed = page_list(root)
    check("routes.c lists the page's words (%d)" % len(listed), len(listed) > 100)
    js = js_msgids(root)
    missing = sorted(js - listed)
    check("every message app.js translates (%d) is in the list" % len(js), js and not missing,
          "\n".join(missing))
    tables = js_tables(root)
    missing = sorted(tables - listed)
    check("every status and stage label (%d) is in the list" % len(tables), len(tables) >= 14 and not missing,
          "\n".join(missing))
    codes, n_acts, n_stats = code_words(root)
    missing = sorted(codes - listed)
    check("the words of every action (%d) and obligation status (%d) are in the list" % (n_acts, n_stats),
          n_acts > 20 and n_stats > 5 and not missing, "\n".join(missing))
    p = Marked()
    p.feed(open(os.path.join(root, "web/index.html"), encoding="utf-8").read())
    missing = sorted(p.found - listed)
    check("every text, aria-label and title index.html marks (%d) is in the list" % len(p.found),
          p.found and not missing, "\n".join(missing))
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
