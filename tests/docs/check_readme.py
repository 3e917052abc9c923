#!/usr/bin/env python3
"""The README's examples, run: every fenced block whose lines are
`$ build/pacta ARGS` followed by that command's output, and whose commands ask
about fixed dates (--on, --from/--to or dates as arguments), is run against a
fresh database made from the bundled record and its output compared with the
README's, as TAP. A block holding several commands is split at each `$ `.
Blocks are skipped when abridged ([...]), when a command is piped or
redirected, runs another program, or needs the service or a token.

usage: tests/docs/check_readme.py PACTA SOURCE_ROOT
"""
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile

from fenced import blocks

FIXED_DATE = re.compile(r"(--on|--from|--to)[ =]\S|\b\d{4}-\d{2}-\d{2}\b")
NOT_PLAIN = re.compile(r"[|<>`;&]|\$\(")


def examples(text):
    """(line, command, expected output) of each example to run; the
    skipped blocks' reasons as (line, None, reason)."""
    for line, _, body in blocks(text):
        if not body or not body[0].startswith("$ build/pacta "):
            continue
        if any("[...]" in b for b in body):
            yield line, None, "abridged"
            continue
        runs, cur = [], None
        for k, b in enumerate(body):
            if b.startswith("$ "):
                cur = [line + k, b[2:], []]
                runs.append(cur)
            else:
                cur[2].append(b)
        reason = None
        for _, cmd, _ in runs:
            if not cmd.startswith("build/pacta ") or NOT_PLAIN.search(cmd):
                reason = "piped, redirected or another program"
            elif re.search(r"\b(serve|token)\b", cmd):
                reason = "needs the service or a token"
            elif not FIXED_DATE.search(cmd):
                reason = "no fixed date"
        if reason:
            yield line, None, reason
            continue
        for at, cmd, out in runs:
            yield at, cmd, "\n".join(out)


def main():
    if len(sys.argv) != 3:
        print("usage: check_readme.py PACTA SOURCE_ROOT", file=sys.stderr)
        return 2
    pacta = os.path.abspath(sys.argv[1])
    src = os.path.abspath(sys.argv[2])
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        text = f.read()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "pacta.db")
        env = dict(os.environ, HOME=tmp, PACTA_DB=db, PACTA_DATA=os.path.join(src, "data"),
                   PACTA_USER="test", TZ="UTC", LC_ALL="C")
        env.pop("XDG_DATA_HOME", None)
        init = subprocess.run([pacta, "init"], env=env, cwd=tmp, capture_output=True, text=True)
        if init.returncode != 0:
            print("Bail out! pacta init failed: " + init.stderr.strip())
            return 1
        ran = 0
        for line, cmd, want in examples(text):
            if cmd is None:
                results.append((True, f"README.md:{line} # SKIP {want}", None))
                continue
            ran += 1
            args = shlex.split(cmd)[1:]
            # The README's --db build/pacta.db is the fresh database here.
            for i, a in enumerate(args[:-1]):
                if a == "--db":
                    args[i + 1] = db
            got = subprocess.run([pacta] + args, env=env, cwd=tmp, capture_output=True,
                                 text=True)
            out = got.stdout.rstrip("\n")
            name = f"README.md:{line}: $ {cmd}"
            if got.returncode == 0 and out == want.rstrip("\n"):
                results.append((True, name, None))
            else:
                diff = list(difflib.unified_diff(want.split("\n"), out.split("\n"),
                                                 "README", "pacta", lineterm=""))
                diag = [f"exit {got.returncode}"] + diff + got.stderr.splitlines()
                results.append((False, name, diag))
        if ran == 0:
            results.append((False, "at least one README example runs", None))
    print(f"1..{len(results)}")
    for n, (ok, name, diag) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {n} - {name}")
        for d in diag or []:
            print("# " + d)
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
