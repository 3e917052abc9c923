#!/usr/bin/python3
"""test_store.py PACTA SOURCE_ROOT [OUTDIR] - the service and its store: a
store busy with another process's write (503 with Retry-After, reads still
answered), error bodies that never carry a file path or SQL (the detail goes
to the log), a record altered behind the service's back while it runs
(answers from the record it last verified, /healthz 503, writes refused,
healthy again once the record verifies) and at start-up (refused, exit 4).
TAP."""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402

results = []

# SQL statements, or SQLite's own words, which a client never needs. (A
# lone DELETE is the method a 405 names.)
SQL = re.compile(r"\b(SELECT\b.*\bFROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|PRAGMA|"
                 r"BEGIN (IMMEDIATE|DEFERRED)|COMMIT|ROLLBACK|sqlite\w*|database is locked|"
                 r"disk image)\b", re.IGNORECASE)
# A file-system path (the API's own paths, under /v1/, are not), or a .db
# file.
PATH = re.compile(r"(?<![\w.])/(?!v1/)(?:[\w.-]+/)+[\w.-]+|[\w-]+\.db\b")


def check(name, ok, diag=""):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if not ok and diag:
        for line in str(diag).splitlines()[:40]:
            print("# " + line)
    sys.stdout.flush()


def clean(svc, body):
    """What an error body must not say: the database's path, its directory,
    any other file path, SQL or SQLite's words."""
    text = body.decode("utf-8", "replace")
    found = [m.group(0) for m in SQL.finditer(text)]
    found += [m.group(0) for m in PATH.finditer(text)]
    found += [p for p in (svc.db, svc.tmp) if p in text]
    return found


def error_bodies(svc, token):
    """Every kind of error the service answers: none carries a path or SQL."""
    ctype = {"Content-Type": "application/json"}
    auth = dict(ctype, Authorization="Bearer " + token)
    act = {"state": "USA", "action": "accession", "date": "2026-06-01",
           "source_url": "https://example.org/usa"}
    requests = [
        ("GET", "/nope", None, {}),
        ("GET", "/v1/treaties/nope/status", None, {}),
        ("GET", "/v1/treaties/apmbc/status?on=2026-02-30", None, {}),
        ("GET", "/v1/treaties/apmbc/states/XYZ", None, {}),
        ("DELETE", "/v1/treaties", None, {}),
        ("POST", "/v1/treaties/apmbc/acts", b"{}", ctype),
        ("POST", "/v1/treaties/apmbc/acts", b"{}", dict(ctype, Authorization="Bearer pacta_x")),
        ("POST", "/v1/treaties/apmbc/acts", b"state\n", dict(auth, **{"Content-Type": "text/csv"})),
        ("POST", "/v1/treaties/apmbc/acts", b"{\"state\":", auth),
        ("POST", "/v1/treaties/apmbc/acts", json.dumps(dict(act, state="XYZ")).encode(), auth),
        ("POST", "/v1/treaties/apmbc/acts", json.dumps(dict(act, action="signature")).encode(), auth),
    ]
    for method, path, body, headers in requests:
        st, h, b = svc.get(path, method=method, body=body, headers=headers)
        check("%s %s (%d): no path or SQL in the body" % (method, path, st),
              st >= 400 and not clean(svc, b), "%s %r" % (clean(svc, b), b[:300]))


def busy(svc, token):
    """Another process holds the write lock past the 5 s the service waits."""
    ctype = {"Content-Type": "application/json"}
    auth = dict(ctype, Authorization="Bearer " + token)
    act = {"state": "USA", "action": "accession", "date": "2026-06-01",
           "source_url": "https://example.org/usa-accession"}
    holder = sqlite3.connect(svc.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        st, _, _ = svc.get("/v1/treaties/apmbc/status?on=2026-01-02")
        check("a read is answered while another process writes", st == 200, st)
        st, h, b = svc.get("/v1/treaties/apmbc/acts", method="POST", body=json.dumps(act).encode(),
                           headers=auth)
        doc = json.loads(b) if b else {}
        check("a write while another process holds the lock: 503 Store busy",
              st == 503 and doc.get("title") == "Store busy"
              and h.get("Content-Type") == "application/problem+json", "%s %r" % (st, b[:300]))
        check("with Retry-After: 5", h.get("Retry-After") == "5", h.get("Retry-After"))
        check("and a detail that says to try again, without a path or SQL",
              "try again" in doc.get("detail", "") and not clean(svc, b), "%s %r" % (clean(svc, b), b))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    st, _, b = svc.get("/v1/treaties/apmbc/acts", method="POST", body=json.dumps(act).encode(),
                       headers=auth)
    check("once the lock is let go, the same write lands (201)", st == 201, b[:300])


def wait_for(svc, path, status, seconds=5):
    deadline = time.time() + seconds
    st, h, b = svc.get(path)
    while st != status and time.time() < deadline:
        time.sleep(0.2)
        st, h, b = svc.get(path)
    return st, h, b


def altered_while_running(svc, token):
    """A token row slipped in behind the service's back (the attack the
    chain now covers): the service keeps the record it verified."""
    before = svc.get("/v1/treaties/apmbc/status?on=2026-01-03")[2]
    db = sqlite3.connect(svc.db, isolation_level=None)
    db.execute("INSERT INTO token (name, hash, created_at) VALUES ('mallory', zeroblob(32),"
               " '2026-01-01T00:00:00Z')")
    db.close()
    st, h, b = wait_for(svc, "/healthz", 503)
    doc = json.loads(b) if b else {}
    check("an altered record makes /healthz 503 within seconds", st == 503
          and doc.get("status") == "damaged", "%s %r" % (st, b))
    check("/healthz says why, without a path", "integrity check" in doc.get("detail", "")
          and not clean(svc, b), b)
    st, _, b = svc.get("/v1/treaties/apmbc/status?on=2026-01-03")
    check("answers come from the record as last verified", st == 200 and b == before, st)
    act = {"state": "CHN", "action": "accession", "date": "2026-06-01",
           "source_url": "https://example.org/chn"}
    st, h, b = svc.get("/v1/treaties/apmbc/acts", method="POST", body=json.dumps(act).encode(),
                       headers={"Content-Type": "application/json",
                                "Authorization": "Bearer " + token})
    doc = json.loads(b) if b else {}
    check("a write is refused: 503, the record failed its integrity check",
          st == 503 and "integrity" in doc.get("title", "") and not clean(svc, b), "%s %r" % (st, b))
    # Put right (the row taken out again, past the trigger that refuses it,
    # which is then put back as it was: the schema is sealed too): healthy.
    db = sqlite3.connect(svc.db, isolation_level=None)
    trigger = db.execute("SELECT sql FROM sqlite_schema WHERE name = 'token_kept'").fetchone()[0]
    db.execute("BEGIN")
    db.execute("DROP TRIGGER token_kept")
    db.execute("DELETE FROM token WHERE name = 'mallory'")
    db.execute(trigger)
    db.execute("COMMIT")
    db.close()
    st, _, b = wait_for(svc, "/healthz", 200)
    check("once the record verifies again, /healthz is 200", st == 200, b)


def refused_at_start(pacta, root):
    """A service does not start on a record that fails its check."""
    tmp = tempfile.mkdtemp(prefix="pacta-web-")
    try:
        db = os.path.join(tmp, "pacta.db")
        env = dict(os.environ, PACTA_DATA=os.path.join(root, "data"), PACTA_USER="tester")
        subprocess.run([pacta, "--db", db, "init"], check=True, capture_output=True, env=env)
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("DROP TRIGGER act_kept_update")
        con.execute("UPDATE act SET date = '1990-01-01' WHERE id = 1")
        con.close()
        r = subprocess.run([pacta, "--db", db, "serve", "--port", "0"], capture_output=True,
                           text=True, env=env, timeout=60)
        check("pacta serve refuses a tampered database: exit 4", r.returncode == 4,
              "%d %s" % (r.returncode, r.stderr))
        check("and says which change is broken", "change 1:" in r.stderr, r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    pacta, root = sys.argv[1], sys.argv[2]
    svc = Service(pacta, root)
    try:
        token = svc.run("token", "add", "ci").strip()
        for part in (error_bodies, busy, altered_while_running):
            try:
                part(svc, token)
            except Exception as e:  # one part failing must not hide the others
                check("%s ran" % part.__name__, False, repr(e))
    finally:
        rc, err = svc.stop()
        check("the service stopped cleanly on SIGTERM", rc == 0, err[-2000:])
    check("the log has the detail the bodies leave out (the database's path)",
          svc.db in err and "another process" in err, err[-2000:])
    try:
        refused_at_start(pacta, root)
    except Exception as e:
        check("refused_at_start ran", False, repr(e))
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
