#!/usr/bin/env python3
"""docs/adding-a-treaty.md, run: every fenced block whose lines are
`$ build/pacta ARGS` (or `$ cp ARGS`, to prepare a data directory) followed by
the output (standard output, then standard error) is run in order, in a
temporary directory that holds the program as build/pacta and copies of
docs/examples/att, the bundled record (data) and tests/cli/ctbt, and its
output compared with the guide's; any other command fails. The guide's copy
of the rules file and its lines of the acts file must be the example's own.
Then every per-state date the example's stated_entry_into_force file
publishes is compared with the one pacta computes (`status --json`), and what
the guide says the later-state rule's "after" changes is checked on the
sample. TAP.

usage: tests/docs/check_guide.py PACTA SOURCE_ROOT
"""
import csv
import difflib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

from fenced import blocks

GUIDE = "docs/adding-a-treaty.md"
EXAMPLE = "docs/examples/att"
# The directories the guide's commands read, copied from the source tree.
COPIED = (EXAMPLE, "data", "tests/cli/ctbt")
# What a command line may run: the program, or cp to prepare a directory.
RUNS = ("$ build/pacta ", "$ cp ")


def commands(text):
    """(line, command, expected output) of each command in the guide."""
    for line, _, body in blocks(text):
        if not body or not body[0].startswith(RUNS):
            continue
        cur = None
        for k, b in enumerate(body):
            if b.startswith("$ "):
                if cur:
                    yield cur[0], cur[1], "\n".join(cur[2]).rstrip("\n")
                cur = [line + k, b[2:], []]
            else:
                cur[2].append(b)
        yield cur[0], cur[1], "\n".join(cur[2]).rstrip("\n")


def main():
    if len(sys.argv) != 3:
        print("usage: check_guide.py PACTA SOURCE_ROOT", file=sys.stderr)
        return 2
    pacta = os.path.abspath(sys.argv[1])
    src = os.path.abspath(sys.argv[2])
    with open(os.path.join(src, GUIDE), encoding="utf-8") as f:
        text = f.read()
    results = []

    def check(ok, name, diag=None):
        results.append((ok, name, diag or []))

    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "build"))
        os.symlink(pacta, os.path.join(tmp, "build", "pacta"))
        for d in COPIED:
            shutil.copytree(os.path.join(src, d), os.path.join(tmp, d))
        env = dict(os.environ, HOME=tmp, PACTA_USER="test", TZ="UTC", LC_ALL="C")
        for k in ("PACTA_DB", "PACTA_DATA", "XDG_DATA_HOME"):
            env.pop(k, None)
        ran = 0
        for line, cmd, want in commands(text):
            ran += 1
            if not ("$ " + cmd).startswith(RUNS):
                check(False, f"{GUIDE}:{line}: $ {cmd}", ["runs only build/pacta or cp"])
                continue
            got = subprocess.run(shlex.split(cmd), env=env, cwd=tmp, capture_output=True,
                                 text=True)
            out = (got.stdout + got.stderr).rstrip("\n")
            name = f"{GUIDE}:{line}: $ {cmd}"
            if out == want:
                check(True, name)
            else:
                diff = difflib.unified_diff(want.split("\n"), out.split("\n"), "guide",
                                            "pacta", lineterm="")
                check(False, name, [f"exit {got.returncode}"] + list(diff))
        check(ran >= 8, f"the guide runs its commands ({ran})")

        # The guide's copy of the rules file is the example's.
        rules_path = os.path.join(src, EXAMPLE, "treaties", "att.json")
        with open(rules_path, encoding="utf-8") as f:
            rules = f.read().rstrip("\n")
        shown = [b for _, info, b in blocks(text) if info == "json" and b and b[0] == "{"]
        check(any("\n".join(b) == rules for b in shown),
              f"{GUIDE} shows {EXAMPLE}/treaties/att.json as it is")

        # Its lines of the acts file are the example's.
        with open(os.path.join(src, EXAMPLE, "att", "acts.csv"), encoding="utf-8") as f:
            acts = set(f.read().split("\n"))
        for line, _, body in blocks(text):
            if body and body[0].startswith("state,action,date,"):
                missing = [b for b in body if b != "[...]" and b not in acts]
                check(not missing, f"{GUIDE}:{line}: the acts shown are the example's",
                      missing)

        # Published per-state dates against pacta's.
        db = os.path.join(tmp, "eif.db")
        init = subprocess.run([pacta, "--db", db, "--data", os.path.join(tmp, EXAMPLE), "init"],
                              env=env, cwd=tmp, capture_output=True, text=True)
        check(init.returncode == 0, "init from the example", init.stderr.splitlines())
        got = subprocess.run([pacta, "--db", db, "status", "att", "--on", "2026-12-06",
                              "--json"], env=env, cwd=tmp, capture_output=True, text=True)
        computed = {}
        if got.returncode == 0:
            computed = {s["state"]: s["entry_into_force"] for s in json.loads(got.stdout)["states"]}
        with open(os.path.join(src, EXAMPLE, "att", "published-eif.csv"), encoding="utf-8") as f:
            published = list(csv.DictReader(f))
        check(len(published) >= 10, f"published dates to compare ({len(published)})")
        for row in published:
            st, want = row["state"], row["entry_into_force"]
            have = computed.get(st)
            check(have == want, f"{st}: in force from {want} as published (pacta: {have})")
        # Deposits between the 50th instrument and the entry into force.
        between = [r for r in published if r["entry_into_force"] == "2014-12-24"]
        check(any(r["state"] == "POL" for r in between),
              "a state that deposited between the 50th instrument and the entry into force")

        # What the guide says "after" changes, on the sample itself: with a
        # threshold the sample reaches (its ten instruments of ratification
        # by 2014-09-25) and no stated date, Poland's deposit of 2014-12-17
        # takes the treaty's date under entry_into_force, its own 90 days
        # under nth_instrument.
        with open(rules_path, encoding="utf-8") as f:
            base = json.load(f)
        for after, want in (("entry_into_force", "2014-12-24"), ("nth_instrument", "2015-03-17")):
            variant = os.path.join(tmp, "after-" + after)
            shutil.copytree(os.path.join(src, EXAMPLE), variant)
            rules_v = json.loads(json.dumps(base))
            eif = rules_v["rules"]["entry_into_force"]
            eif["instruments"] = 10
            del eif["stated"]
            rules_v["rules"]["entry_into_force_later"]["after"] = after
            del rules_v["stated_entry_into_force"]
            with open(os.path.join(variant, "treaties", "att.json"), "w", encoding="utf-8") as f:
                json.dump(rules_v, f)
            vdb = os.path.join(tmp, after + ".db")
            subprocess.run([pacta, "--db", vdb, "--data", variant, "init"], env=env, cwd=tmp,
                           capture_output=True, text=True)
            got = subprocess.run([pacta, "--db", vdb, "status", "att", "POL", "ARG", "--on",
                                  "2016-01-01", "--json"], env=env, cwd=tmp,
                                 capture_output=True, text=True)
            dates = {}
            if got.returncode == 0:
                dates = {s["state"]: s["entry_into_force"]
                         for s in json.loads(got.stdout)["states"]}
            check(dates.get("POL") == want and dates.get("ARG") == "2014-12-24",
                  f'"after": "{after}" binds Poland from {want} (pacta: {dates.get("POL")}), '
                  f'Argentina from 2014-12-24 (pacta: {dates.get("ARG")})',
                  got.stderr.splitlines())

        # What the guide says the clauses' keys refuse, on a copy of the
        # sample: an accession before the entry into force (Art. 21(3)), a
        # provisional application declared on neither the day of signature
        # nor of consent (Art. 23), and a withdrawal naming a date before its
        # ninety days end (Art. 24(2)); a later named date is used.
        bad = os.path.join(tmp, "refused")
        shutil.copytree(os.path.join(src, EXAMPLE), bad)
        acts_path = os.path.join(bad, "att", "acts.csv")
        with open(acts_path, encoding="utf-8") as f:
            rows = f.read().replace("AFG,accession,2020-07-29,", "AFG,accession,2014-12-01,")
        rows = rows.replace("ATG,provisional_application,2013-08-12,",
                            "ATG,provisional_application,2013-09-01,")
        url = "https://example.org/test"
        with open(acts_path, "w", encoding="utf-8") as f:
            f.write(rows + f"BEL,withdrawal,2025-06-27,2025-07-01,,{url},,,,,\n")
        got = subprocess.run([pacta, "check", "--data", bad], env=env, cwd=tmp,
                             capture_output=True, text=True)
        for want in ("AFG accession on 2014-12-01: Art. 21(2), 21(3) opens accession only once "
                     "the treaty is in force, on 2014-12-24",
                     "ATG provisional application on 2013-09-01: Art. 23 allows it to be declared "
                     "only at signature or on the deposit of a consent instrument",
                     "BEL withdrawal on 2025-06-27 names 2025-07-01, before its notice period ends "
                     "on 2025-09-25 (Art. 24(2))"):
            check(got.returncode == 3 and want in got.stdout, f"check refuses: {want}",
                  [f"exit {got.returncode}"] + got.stdout.splitlines())
        later = os.path.join(tmp, "later")
        shutil.copytree(os.path.join(src, EXAMPLE), later)
        with open(os.path.join(later, "att", "acts.csv"), "a", encoding="utf-8") as f:
            f.write(f"BEL,withdrawal,2025-06-27,2026-01-01,,{url},,,,,\n")
        ldb = os.path.join(tmp, "later.db")
        subprocess.run([pacta, "--db", ldb, "--data", later, "init"], env=env, cwd=tmp,
                       capture_output=True, text=True)
        seen = {}
        for on in ("2025-12-31", "2026-01-01"):
            got = subprocess.run([pacta, "--db", ldb, "status", "att", "BEL", "--on", on,
                                  "--json"], env=env, cwd=tmp, capture_output=True, text=True)
            if got.returncode == 0:
                seen[on] = json.loads(got.stdout)["states"][0]["status"]
        check(seen == {"2025-12-31": "withdrawal_pending", "2026-01-01": "withdrawn"},
              f"a withdrawal naming a later date takes effect then (pacta: {seen})")

    print(f"1..{len(results)}")
    for n, (ok, name, diag) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for d in diag if not ok else []:
            print("# " + d)
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
