#!/usr/bin/env python3
"""check_aggregates.py PACTA SOURCE_ROOT - pacta's counts of States Parties
with an open Article 5 obligation, and of those that completed it, against
the counts Landmine Monitor and the Convention's support unit publish
(data/apmbc/published-aggregates.csv). TAP.

A fresh database is built from the bundled record. For each published row,
pacta's count on its date comes from `pacta obligations apmbc --on DATE
--json`:

  states_parties_with_identified_mined_areas,
  states_parties_with_art5_obligations
      the Art. 5 obligations whose status is open, extended, overdue or
      unknown (in force, not met, not ended);
  states_parties_declared_art5_completion
      the Art. 5 obligations whose status is met.

A row matches when the counts are equal. Otherwise the difference must be
reconciled in the table under "Published aggregates reconciled" in
data/NOTES.md: the states pacta counts and the source does not, those the
source counts and pacta does not (each checked against pacta's own list),
and how many remain that the source does not name (the tolerance). The
table's "pacta" column must be pacta's count, so that the notes stay true;
a table row with no published row fails too.
"""
import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

OPEN = ("open", "extended", "overdue", "unknown")
MEASURES = {
    "states_parties_with_identified_mined_areas": OPEN,
    "states_parties_with_art5_obligations": OPEN,
    "states_parties_declared_art5_completion": ("met",),
}
SECTION = "## Published aggregates reconciled"
CODE = re.compile(r"^[A-Z]{3}$")

results = []


def check(name, ok, diag=()):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    for line in diag:
        print("# " + line)
    sys.stdout.flush()


def codes(cell, where):
    """The state codes in a table cell ("—" or empty for none)."""
    cell = cell.strip()
    if cell in ("", "—", "-"):
        return []
    out = cell.replace(",", " ").split()
    for c in out:
        if not CODE.match(c):
            raise ValueError("%s: '%s' is not a state code" % (where, c))
    return out


def reconciliation(notes_path):
    """The rows of the table under SECTION, keyed by (date, measure)."""
    with open(notes_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    try:
        start = lines.index(SECTION)
    except ValueError:
        raise ValueError("%s: no section '%s'" % (notes_path, SECTION))
    table = {}
    header_seen = False
    for n, line in enumerate(lines[start + 1:], start + 2):
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not header_seen:
            header_seen = True
            continue
        if set(cells[0]) <= set("-: "):
            continue
        where = "%s:%d" % (notes_path, n)
        if len(cells) != 8:
            raise ValueError("%s: %d cells, expected 8" % (where, len(cells)))
        date, measure = cells[0], cells[1].strip("`")
        key = (date, measure)
        if key in table:
            raise ValueError("%s: a second row for %s %s" % (where, date, measure))
        table[key] = {
            "line": where,
            "published": int(cells[2]),
            "pacta": int(cells[3]),
            "pacta_only": codes(cells[4], where),
            "source_only": codes(cells[5], where),
            "unnamed": int(cells[6]),
        }
    return table


def run(pacta, env, *args):
    """Runs pacta; under tests/valgrind.sh, PACTA_WRAPPER runs it under
    valgrind, whose exit code 99 for a memory error fails the row."""
    wrapper = shlex.split(os.environ.get("PACTA_WRAPPER", ""))
    return subprocess.run(wrapper + [pacta] + list(args), env=env, capture_output=True, text=True)


def obligations(pacta, env, date, cache):
    if date not in cache:
        out = run(pacta, env, "obligations", "apmbc", "--on", date, "--json")
        if out.returncode != 0:
            raise RuntimeError("pacta obligations --on %s: exit %d: %s"
                               % (date, out.returncode, out.stderr.strip()))
        doc = json.loads(out.stdout)
        if doc.get("treaty") != "apmbc" or doc.get("on") != date:
            raise RuntimeError("pacta obligations --on %s: treaty %r, on %r"
                               % (date, doc.get("treaty"), doc.get("on")))
        for o in doc["obligations"]:
            for k in ("state", "article", "status"):
                if k not in o:
                    raise RuntimeError("pacta obligations --on %s: an obligation without '%s'"
                                       % (date, k))
        cache[date] = [o for o in doc["obligations"] if o["article"] == "5"]
    return cache[date]


def compare(row, states, rec):
    """Returns (ok, diagnostics) for one published row."""
    published = int(row["value"])
    n = len(states)
    diag = ["pacta %d, published %d: %s" % (n, published, " ".join(sorted(states)))]
    if rec is None:
        if n == published:
            return True, diag
        return False, diag + ["no reconciliation in data/NOTES.md for a difference of %+d"
                              % (n - published)]
    ok = True
    if rec["published"] != published:
        ok = False
        diag.append("%s: published %d, the file says %d" % (rec["line"], rec["published"],
                                                          published))
    if rec["pacta"] != n:
        ok = False
        diag.append("%s: the notes give pacta %d, pacta counts %d" % (rec["line"], rec["pacta"], n))
    wrong = [c for c in rec["pacta_only"] if c not in states]
    if wrong:
        ok = False
        diag.append("%s: said to be counted by pacta, but not: %s" % (rec["line"], " ".join(wrong)))
    wrong = [c for c in rec["source_only"] if c in states]
    if wrong:
        ok = False
        diag.append("%s: said to be missing from pacta, but counted: %s"
                    % (rec["line"], " ".join(wrong)))
    adjusted = n - len(rec["pacta_only"]) + len(rec["source_only"])
    if abs(adjusted - published) > rec["unnamed"]:
        ok = False
        diag.append("%s: pacta %d - %d + %d = %d, published %d, more than the %d unnamed"
                    % (rec["line"], n, len(rec["pacta_only"]), len(rec["source_only"]), adjusted,
                       published, rec["unnamed"]))
    diag.append("reconciled: -%s +%s, %d unnamed"
                % (",".join(rec["pacta_only"]) or "none", ",".join(rec["source_only"]) or "none",
                   rec["unnamed"]))
    return ok, diag


def main(pacta, src):
    published_path = os.path.join(src, "data", "apmbc", "published-aggregates.csv")
    notes_path = os.path.join(src, "data", "NOTES.md")
    with open(published_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table = reconciliation(notes_path)

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, HOME=tmp, PACTA_DB=os.path.join(tmp, "pacta.db"),
                   PACTA_USER="test", PACTA_DATA=os.path.join(src, "data"), TZ="UTC",
                   LC_ALL="C")
        env.pop("XDG_DATA_HOME", None)
        init = run(pacta, env, "init")
        check("pacta init from the bundled record", init.returncode == 0,
              init.stderr.strip().split("\n") if init.returncode != 0 else ())
        if init.returncode != 0:
            return
        cache = {}
        for row in rows:
            date, measure = row["date"], row["measure"]
            name = "%s %s: published %s" % (date, measure, row["value"])
            if measure not in MEASURES:
                check(name, False, ["unknown measure '%s'" % measure])
                continue
            if not row["source_url"].startswith(("http://", "https://")):
                check(name, False, ["no source URL"])
                continue
            states = [o["state"] for o in obligations(pacta, env, date, cache)
                      if o["status"] in MEASURES[measure]]
            ok, diag = compare(row, set(states), table.pop((date, measure), None))
            check(name, ok, diag)
    for (date, measure), rec in sorted(table.items()):
        check("%s: %s %s is in the notes" % (rec["line"], date, measure), False,
              ["no such row in data/apmbc/published-aggregates.csv"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: check_aggregates.py PACTA SOURCE_ROOT", file=sys.stderr)
        sys.exit(2)
    try:
        main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    except (OSError, ValueError, RuntimeError, KeyError) as e:
        print("Bail out! %s" % e)
        sys.exit(1)
    print("1..%d" % len(results))
    sys.exit(0 if all(results) else 1)
