#!/usr/bin/env python3
"""Every command's JSON against the service's OpenAPI schemas (one JSON
vocabulary, docs/json.md): each command below is run with --json on a fresh
database made from the bundled record, and its answer validated against the
schema web/openapi.json gives the same answer over HTTP, as TAP.

The validator covers the keywords the schemas use: $ref, type (one or a
list), enum, required, properties, additionalProperties (false or a
schema), items, oneOf, minimum, maximum, maxLength, pattern and format
"date" (YYYY-MM-DD).

usage: tests/docs/check_json.py PACTA SOURCE_ROOT
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ON = "2026-01-01"
# (command line, schema, part of the answer to check: None for all)
CASES = [
    (["status", "apmbc", "--on", ON], "Status", None),
    (["status", "apmbc", "LVA", "UKR", "--on", ON], "Status", None),
    (["summary", "apmbc", "--on", ON], "Status", None),
    (["parties", "apmbc", "--on", ON], "Parties", None),
    (["parties", "apmbc", "--on", ON, "--group", "eu"], "Parties", None),
    (["treaties"], "Treaties", None),
    (["states"], "States", None),
    (["profile", "LVA", "--on", ON], "StateAcrossTreaties", None),
    (["diff", "apmbc", "2025-01-01", ON], "Diff", None),
    (["obligations", "apmbc", "--on", ON], "Obligations", None),
    (["obligations", "apmbc", "GBR", "--on", ON], "Obligations", None),
    (["overdue", "apmbc", "--on", ON], "Obligations", None),
    (["deadlines", "apmbc", "--from", "2026-01-01", "--to", "2026-06-01"], "Obligations", None),
    (["reports", "apmbc", "--on", "2026-12-06"], "Reports", None),
    (["reports", "apmbc", "--on", "2026-12-06", "--year", "2014"], "Reports", None),
    (["counts", "apmbc", "--from", "2025-01-01", "--to", ON], "Counts", None),
    (["declarations", "apmbc", "--on", ON], "Declarations", None),
    (["declarations", "ccw", "USA", "--on", ON], "Declarations", None),
    (["status", "apmbc", "GBR", "--territory", "FLK", "--on", ON], "Territory", None),
    (["status", "apmbc", "NLD", "--territory", "ABW", "--on", ON], "Territory", None),
    (["timeline", "apmbc", "UKR"], "StateStory", ("events", "timeline")),
    (["explain", "apmbc", "LVA", "--on", ON], "StateStory", (None, "explanation")),
    (["history"], "History", None),
]
# On the bundled record with a treaty that waits for named states
# (tests/cli/ctbt: entry_into_force.requires), so treaty_waits_for is
# checked too.
CTBT_CASES = [
    (["summary", "ctbt", "--on", ON], "Status", None),
    (["status", "ctbt", "USA", "--on", ON], "Status", None),
    (["parties", "ctbt", "--on", ON], "Parties", None),
    (["treaties"], "Treaties", None),
    (["explain", "ctbt", "RUS", "--on", ON], "StateStory", (None, "explanation")),
]

DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
         "object": dict, "array": list, "null": type(None)}


class Invalid(Exception):
    pass


def is_type(v, t):
    if t == "integer" and isinstance(v, bool):
        return False
    if t == "number" and isinstance(v, bool):
        return False
    return isinstance(v, TYPES[t])


def validate(doc, schema, v, where):
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        return validate(doc, doc["components"]["schemas"][name], v, where)
    if "oneOf" in schema:
        ok = 0
        for s in schema["oneOf"]:
            try:
                validate(doc, s, v, where)
                ok += 1
            except Invalid:
                pass
        if ok != 1:
            raise Invalid(f"{where}: matches {ok} of oneOf, not 1")
        return
    t = schema.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(is_type(v, x) for x in ts):
            raise Invalid(f"{where}: {json.dumps(v)[:60]} is not {t}")
    if "enum" in schema and v not in schema["enum"]:
        raise Invalid(f"{where}: {v!r} is not one of {schema['enum']}")
    if isinstance(v, str):
        if schema.get("format") == "date" and not DATE.match(v):
            raise Invalid(f"{where}: {v!r} is not a date")
        if "pattern" in schema and not re.search(schema["pattern"], v):
            raise Invalid(f"{where}: {v!r} does not match {schema['pattern']}")
        if "maxLength" in schema and len(v) > schema["maxLength"]:
            raise Invalid(f"{where}: longer than {schema['maxLength']}")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in schema and v < schema["minimum"]:
            raise Invalid(f"{where}: {v} < {schema['minimum']}")
        if "maximum" in schema and v > schema["maximum"]:
            raise Invalid(f"{where}: {v} > {schema['maximum']}")
    if isinstance(v, dict):
        for k in schema.get("required", []):
            if k not in v:
                raise Invalid(f"{where}: no '{k}'")
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                validate(doc, props[k], x, f"{where}.{k}")
            elif extra is False:
                raise Invalid(f"{where}: '{k}' is not in the schema")
            elif isinstance(extra, dict):
                validate(doc, extra, x, f"{where}.{k}")
    if isinstance(v, list) and "items" in schema:
        for i, x in enumerate(v):
            validate(doc, schema["items"], x, f"{where}[{i}]")


def main():
    pacta, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    doc = json.load(open(os.path.join(src, "web", "openapi.json")))
    with tempfile.TemporaryDirectory(prefix="pacta-json-") as tmp:
        env = dict(os.environ, HOME=tmp, PACTA_DB=os.path.join(tmp, "pacta.db"),
                   PACTA_DATA=os.path.join(src, "data"), TZ="UTC", LC_ALL="C")
        init = subprocess.run([pacta, "init"], env=env, cwd=tmp, capture_output=True, text=True)
        if init.returncode != 0:
            print("Bail out! pacta init failed: " + init.stderr.strip())
            return 1
        # The validator itself must refuse a wrong answer.
        for wrong in ({"treaty": "apmbc"}, {"treaty": "apmbc", "on": "2026-1-1", "states": []},
                      {"treaty": "apmbc", "on": ON, "states": [],
                       "counts": {"parties": "163"}}):
            try:
                validate(doc, doc["components"]["schemas"]["Status"], wrong, "$")
                print("Bail out! the validator accepted " + json.dumps(wrong))
                return 1
            except Invalid:
                pass
        ctbt = os.path.join(tmp, "ctbt-data")
        shutil.copytree(os.path.join(src, "data"), ctbt)
        shutil.copytree(os.path.join(src, "tests", "cli", "ctbt"), ctbt, dirs_exist_ok=True)
        env_ctbt = dict(env, PACTA_DB=os.path.join(tmp, "ctbt.db"), PACTA_DATA=ctbt)
        init = subprocess.run([pacta, "init"], env=env_ctbt, cwd=tmp, capture_output=True,
                              text=True)
        if init.returncode != 0:
            print("Bail out! pacta init (ctbt) failed: " + init.stderr.strip())
            return 1
        runs = [(c, env) for c in CASES] + [(c, env_ctbt) for c in CTBT_CASES]
        print(f"1..{len(runs)}")
        failed = 0
        for n, ((args, name, part), env) in enumerate(runs, 1):
            label = f"pacta {' '.join(args)} --json is a {name}" + (f".{part[1]}" if part else "")
            got = subprocess.run([pacta] + args + ["--json"], env=env, cwd=tmp,
                                 capture_output=True, text=True)
            try:
                if got.returncode != 0:
                    raise Invalid(f"exit {got.returncode}: {got.stderr.strip()[:200]}")
                answer = json.loads(got.stdout)
                schema = doc["components"]["schemas"].get(name)
                if schema is None:
                    raise Invalid(f"no schema {name} in web/openapi.json")
                if part:
                    answer = answer if part[0] is None else answer[part[0]]
                    schema = schema["properties"][part[1]]
                validate(doc, schema, answer, "$")
                print(f"ok {n} - {label}")
            except (Invalid, ValueError, KeyError) as e:
                failed += 1
                print(f"not ok {n} - {label}\n# {e}")
        return 1 if failed else 0


sys.exit(main())
