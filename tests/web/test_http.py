#!/usr/bin/python3
"""test_http.py PACTA SOURCE_ROOT [OUTDIR] - the service over HTTP: the
answers against the CLI's --json, problems (400, 401, 404, 405, 413, 415,
422), ETag and Last-Modified, tokens and writes, writes by another process
seen without a restart, the OpenAPI document, and malformed or slow clients that must not stop it answering others. TAP."""
import gzip
import io
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile

try:
    import brotli  # python3-brotli, installed by scripts/deps.sh
except ImportError:
    brotli = None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service import Service  # noqa: E402

results = []


def check(name, ok, diag=""):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if not ok and diag:
        for line in str(diag).splitlines()[:40]:
            print("# " + line)
    sys.stdout.flush()


def problem(svc, name, path, status, method="GET", body=None, headers=None):
    st, h, b = svc.get(path, method=method, body=body, headers=headers)
    ctype = h.get("Content-Type", "")
    try:
        doc = json.loads(b)
    except ValueError:
        doc = {}
    ok = (st == status and ctype == "application/problem+json" and doc.get("status") == status
          and all(k in doc for k in ("type", "title", "detail")))
    check("%s: %d problem document" % (name, status), ok, "%s %s %s" % (st, ctype, b[:300]))
    return h, doc


def raw(port, data, read=True, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        if not read:
            return b""
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def same_as_cli(svc):
    cases = [
        ("/v1/treaties/apmbc/status?on=2026-01-01", ["status", "apmbc", "--on", "2026-01-01", "--json"]),
        ("/v1/treaties/apmbc/status?on=1999-03-01", ["status", "apmbc", "--on", "1999-03-01", "--json"]),
        ("/v1/treaties/apmbc/parties?on=2026-01-01", ["parties", "apmbc", "--on", "2026-01-01", "--json"]),
        ("/v1/treaties/apmbc/parties?on=2026-01-01&group=eu",
         ["parties", "apmbc", "--on", "2026-01-01", "--group", "eu", "--json"]),
        ("/v1/treaties/apmbc/diff?from=2025-01-01&to=2026-01-01",
         ["diff", "apmbc", "2025-01-01", "2026-01-01", "--json"]),
        ("/v1/treaties/apmbc/obligations?on=2026-01-01", ["obligations", "apmbc", "--on", "2026-01-01", "--json"]),
        ("/v1/treaties/apmbc/reports?on=2026-12-06", ["reports", "apmbc", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/declarations?on=2026-12-06",
         ["declarations", "apmbc", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/declarations?on=2026-12-06&state=GBR",
         ["declarations", "apmbc", "GBR", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/states/UKR/declarations?on=2026-12-06",
         ["declarations", "apmbc", "UKR", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/states/GBR/territories/FLK?on=2026-12-06",
         ["status", "apmbc", "GBR", "--territory", "FLK", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/states/NLD/territories/ABW?on=2026-12-06",
         ["status", "apmbc", "NLD", "--territory", "ABW", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/obligations?on=2026-12-06&state=GBR",
         ["obligations", "apmbc", "GBR", "--on", "2026-12-06", "--json"]),
        ("/v1/treaties/apmbc/reports?on=2026-12-06&year=2014",
         ["reports", "apmbc", "--year", "2014", "--on", "2026-12-06", "--json"]),
        ("/v1/states", ["states", "--json"]),
    ]
    for path, args in cases:
        st, h, body = svc.get(path)
        cli = svc.run(*args).encode()
        check("GET %s is byte for byte `pacta %s`" % (path, " ".join(args)),
              st == 200 and body == cli, "status %s, %d vs %d bytes" % (st, len(body), len(cli)))
    # The treaties, a page at a time: the bundled record in one page, the
    # CLI's list with the page's fields after it.
    st, h, body = svc.get("/v1/treaties")
    cli = svc.run("treaties", "--json")
    doc = json.loads(body) if st == 200 else {}
    check("GET /v1/treaties is `pacta treaties --json` in one page",
          st == 200 and body.decode().startswith(cli[:cli.rindex("]")]) and
          doc["treaties"] == json.loads(cli)["treaties"] and
          {k: v for k, v in doc.items() if k != "treaties"} ==
          {"count": 6, "total": 6, "limit": 100, "next": None},
          "status %s, %d vs %d bytes" % (st, len(body), len(cli)))
    # A search, its ETag revalidated as the other answers' are.
    st, h, body = svc.get("/v1/treaties?limit=4&q=CCW")
    doc = json.loads(body) if st == 200 else {}
    st2, _, _ = svc.get("/v1/treaties?limit=4&q=CCW", headers={"If-None-Match": h.get("ETag", "")})
    check("a search finds the CCW and its protocols, and revalidates with 304",
          [t["id"] for t in doc.get("treaties", [])] == ["ccw", "ccw-ap2", "ccw-p2", "ccw-p5"]
          and doc.get("total") == 4 and doc.get("next") is None and st2 == 304,
          (doc.get("total"), st2))
    st, h, body = svc.get("/v1/treaties?limit=2&q=ccw")
    doc = json.loads(body) if st == 200 else {}
    st3, _, body3 = svc.get(doc.get("next") or "/nothing")
    doc3 = json.loads(body3) if st3 == 200 else {}
    check("a page of 2 links the next, which ends the search",
          [t["id"] for t in doc.get("treaties", [])] == ["ccw", "ccw-ap2"] and
          doc.get("next") == "/v1/treaties?limit=2&after=ccw-ap2&q=ccw" and
          [t["id"] for t in doc3.get("treaties", [])] == ["ccw-p2", "ccw-p5"] and
          doc3.get("next") is None and doc3.get("total") == 4, (doc.get("next"), body3[:200]))
    # One state's story: its parts are the CLI's answers.
    st, h, body = svc.get("/v1/treaties/apmbc/states/lva?on=2026-01-01")
    doc = json.loads(body) if st == 200 else {}
    status = json.loads(svc.run("status", "apmbc", "LVA", "--on", "2026-01-01", "--json"))
    timeline = json.loads(svc.run("timeline", "apmbc", "LVA", "--json"))
    explain = json.loads(svc.run("explain", "apmbc", "LVA", "--on", "2026-01-01", "--json"))
    check("a state's story holds the CLI's status, timeline and explanation",
          doc.get("status") == status["states"][0] and doc.get("timeline") == timeline["events"]
          and doc.get("explanation") == explain, body[:300])
    st, h, body = svc.get("/v1/states/LVA?on=2026-01-01")
    doc = json.loads(body) if st == 200 else {}
    view = status["states"][0]
    got = (doc.get("treaties") or [{}])[0]
    keys = ("status", "bound", "since", "consent", "entry_into_force", "withdrawal_notified",
            "withdrawal_effective")
    check("a state across treaties holds its status view",
          st == 200 and doc.get("state") == "LVA" and got.get("treaty") == "apmbc"
          and all(got.get(k) == view.get(k) for k in keys), body[:300])
    cli = svc.run("profile", "LVA", "--on", "2026-01-01", "--json").encode()
    check("/v1/states/LVA is byte for byte `pacta profile LVA --on 2026-01-01 --json`",
          body == cli, "%d vs %d bytes" % (len(body), len(cli)))
    st, h, body = svc.get("/v1/treaties/apmbc/map.svg?on=2026-11-29")
    cli = svc.run("map", "apmbc", "--on", "2026-11-29").encode()
    check("GET map.svg is `pacta map apmbc --on 2026-11-29`, as image/svg+xml",
          st == 200 and body == cli and h.get("Content-Type") == "image/svg+xml",
          "%s %s, %d vs %d bytes" % (st, h.get("Content-Type"), len(body), len(cli)))
    st, h, body = svc.get("/healthz")
    check("/healthz says the map is there", st == 200 and json.loads(body) == {"status": "ok", "map": True}, body)
    st, h, body = svc.get("/v1/treaties/apmbc")
    check("a treaty's answer is its rules file", st == 200 and json.loads(body)["id"] == "apmbc"
          and "rules" in json.loads(body))
    st, h, body = svc.get("/v1/treaties/apmbc/withdrawals?on=2026-11-29")
    listed = {w["state"]: w for w in json.loads(body)["withdrawals"]} if st == 200 else {}
    check("the withdrawals tracker lists the five 2025 withdrawals as effective",
          all(listed.get(s, {}).get("stage") == "effective" for s in ("LVA", "LTU", "EST", "FIN", "POL")),
          sorted((k, v["stage"]) for k, v in listed.items()))
    st, h, body = svc.get("/v1/treaties/apmbc/withdrawals?on=2025-05-01")
    listed = {w["state"]: w["stage"] for w in json.loads(body)["withdrawals"]} if st == 200 else {}
    check("on 2025-05-01 the tracker shows domestic stages only",
          listed.get("LVA") == "signed_into_law" and listed.get("POL") == "announced"
          and "FIN" in listed, listed)
    st, h, body = svc.get("/v1/treaties/apmbc/counts?from=1999-01-01&to=2026-01-01")
    doc = json.loads(body) if st == 200 else {}
    series = {p["date"]: p["parties"] for p in doc.get("series", [])}
    check("counts: monthly series with 45 parties on 1999-03-01 and 163 on 2026-01-01",
          series.get("1999-03-01") == 45 and series.get("2026-01-01") == 163
          and len(series) == 12 * 27 + 1, "%d samples" % len(series))
    # Where the command line has `pacta counts`, the answer is its bytes.
    cli = svc.run("counts", "apmbc", "--from", "1999-01-01", "--to", "2026-01-01", "--unit", "month",
                  "--json").encode()
    check("counts is byte for byte `pacta counts apmbc --from 1999-01-01 --to 2026-01-01 --unit month --json`",
          body == cli, "%d vs %d bytes" % (len(body), len(cli)))
    st, h, body = svc.get("/v1/treaties/apmbc/counts?from=1999-01-01&to=2026-01-01&unit=year")
    cli = svc.run("counts", "apmbc", "--from", "1999-01-01", "--to", "2026-01-01", "--json").encode()
    check("counts?unit=year is `pacta counts` by year", st == 200 and body == cli)

    feeds(svc)


def feeds(svc):
    """The change feeds: the CLI's entries, with a link to themselves."""
    import xml.etree.ElementTree as ET
    atom = "{http://www.w3.org/2005/Atom}"
    for path, args in (("/v1/treaties/apmbc/feed.atom?on=2026-11-29", ["--on", "2026-11-29"]),
                       ("/v1/treaties/apmbc/states/LVA/feed.atom?on=2026-11-29",
                        ["--state", "LVA", "--on", "2026-11-29"])):
        st, h, body = svc.get(path)
        cli = svc.run("feed", "apmbc", *args)
        try:
            got = [e.findtext(atom + "id") for e in ET.fromstring(body).iter(atom + "entry")]
            want = [e.findtext(atom + "id") for e in ET.fromstring(cli.encode()).iter(atom + "entry")]
            self_link = [l.get("href") for l in ET.fromstring(body).findall(atom + "link")
                         if l.get("rel") == "self"]
        except ET.ParseError as e:
            got, want, self_link = None, [], str(e)
        check("GET %s has `pacta feed apmbc %s`'s entries, as application/atom+xml" % (path, " ".join(args)),
              st == 200 and got == want and len(want) > 0
              and (h.get("Content-Type") or "").startswith("application/atom+xml"),
              "%s %s: %s vs %s entries" % (st, h.get("Content-Type"), got and len(got), len(want)))
        check("and links to itself at the service's address",
              self_link == ["http://127.0.0.1:%d%s" % (svc.port, path.split("?")[0])], self_link)
    st, h, body = svc.get("/v1/treaties/apmbc/feed.json?on=2026-11-29")
    doc = json.loads(body) if st == 200 else {}
    ids = {i["id"] for i in doc.get("items", [])}
    check("the JSON Feed has an entry for each 2025 withdrawal's effect",
          doc.get("version", "").startswith("https://jsonfeed.org/version/1")
          and all(any(i.endswith("%s/withdrawal-effective/%s" % (s, d)) for i in ids)
                  for s, d in (("LVA", "2025-12-27"), ("LTU", "2025-12-27"), ("EST", "2025-12-27"),
                               ("FIN", "2026-01-10"), ("POL", "2026-02-20"))),
          sorted(i for i in ids if "withdrawal" in i))
    st, h, _ = svc.get("/v1/treaties/apmbc/feed.atom?on=2026-11-29")
    st2, _, _ = svc.get("/v1/treaties/apmbc/feed.atom?on=2026-11-29", headers={"If-None-Match": h.get("ETag")})
    check("a feed revalidates with 304", st == 200 and st2 == 304, (st, st2))
    problem(svc, "a feed of an unknown state", "/v1/treaties/apmbc/states/XYZ/feed.atom", 404)


def problems(svc):
    problem(svc, "unknown treaty", "/v1/treaties/nopact/status", 404)
    problem(svc, "unknown path", "/v2/nothing", 404)
    for name, query in (("no treaties", "limit=0"), ("more than 1000 treaties", "limit=1001"),
                        ("a limit that is not a number", "limit=12a"),
                        ("a negative limit", "limit=-5"), ("an empty limit", "limit="),
                        ("a cursor no treaty has", "after=nopact"),
                        ("a search of bytes that are not UTF-8", "q=%FF"),
                        ("a search too long", "q=" + "a" * 201)):
        problem(svc, "a page of %s" % name, "/v1/treaties?" + query, 400)
    problem(svc, "unknown state", "/v1/treaties/apmbc/states/XYZ", 404)
    problem(svc, "unknown group", "/v1/treaties/apmbc/parties?group=nogroup", 404)
    problem(svc, "30 February", "/v1/treaties/apmbc/status?on=2026-02-30", 400)
    problem(svc, "a date that is not one", "/v1/treaties/apmbc/status?on=" + "9" * 300, 400)
    problem(svc, "a date of bytes that are not UTF-8", "/v1/treaties/apmbc/status?on=%FF%FE", 400)
    problem(svc, "a treaty id of bytes that are not UTF-8", "/v1/treaties/%FF/status", 404)
    problem(svc, "a group of bytes that are not UTF-8", "/v1/treaties/apmbc/parties?group=%C3", 404)
    problem(svc, "diff without from", "/v1/treaties/apmbc/diff", 400)
    problem(svc, "diff backwards", "/v1/treaties/apmbc/diff?from=2026-01-01&to=2025-01-01", 400)
    problem(svc, "counts by the week", "/v1/treaties/apmbc/counts?unit=week", 400)
    problem(svc, "reports for a year that is not one", "/v1/treaties/apmbc/reports?year=20x4", 400)
    problem(svc, "reports for year 0999", "/v1/treaties/apmbc/reports?year=0999", 400)
    problem(svc, "declarations of an unknown state", "/v1/treaties/apmbc/declarations?state=XXZ", 404)
    problem(svc, "declarations on a bad date", "/v1/treaties/apmbc/declarations?on=2026-02-30", 400)
    problem(svc, "declarations of an unknown state, by path", "/v1/treaties/apmbc/states/XXZ/declarations", 404)
    problem(svc, "a state as a territory", "/v1/treaties/apmbc/states/GBR/territories/LVA", 400)
    problem(svc, "a territory code with a stray character", "/v1/treaties/apmbc/states/GBR/territories/F%21K", 400)
    problem(svc, "a territory of an unknown state", "/v1/treaties/apmbc/states/XXZ/territories/FLK", 404)
    problem(svc, "obligations of an unknown state", "/v1/treaties/apmbc/obligations?state=XXZ", 404)
    problem(svc, "reports for a year not yet due", "/v1/treaties/apmbc/reports?year=2026&on=2026-12-06", 404)
    problem(svc, "reports of a treaty without annual reports", "/v1/treaties/ccw/reports", 404)
    problem(svc, "counts over a too long window", "/v1/treaties/apmbc/counts?from=0001-01-01&to=2026-01-01", 400)
    h, _ = problem(svc, "DELETE", "/v1/treaties/apmbc/status", 405, method="DELETE")
    check("405 says what is allowed", h.get("Allow") == "GET, HEAD", h.get("Allow"))
    h, _ = problem(svc, "GET on the write route", "/v1/treaties/apmbc/acts", 405)
    check("405 on acts allows POST", h.get("Allow") == "POST", h.get("Allow"))
    problem(svc, "POST on a read route", "/v1/treaties/apmbc/status", 405, method="POST", body=b"{}")
    st, h, b = svc.get("/v1/treaties/apmbc/status?on=2026-01-01", method="HEAD")
    check("HEAD answers with headers only", st == 200 and b == b"" and h.get("ETag"))


def edge_dates(svc):
    """The first and last days a date can name, on every route of every treaty."""
    bad = []
    treaties = [t["id"] for t in json.loads(svc.get("/v1/treaties")[2])["treaties"]]
    for t in treaties:
        for d in ("0001-01-01", "9999-12-31"):
            for q in ("status?on=%s" % d, "parties?on=%s&group=eu" % d, "states/LVA?on=%s" % d,
                      "obligations?on=%s" % d, "withdrawals?on=%s" % d, "map.svg?on=%s" % d,
                      "feed.atom?on=%s" % d, "states/LVA/feed.json?on=%s" % d,
                      "counts?from=%s&to=%s&unit=day" % (d, d), "diff?from=0001-01-01&to=9999-12-31"):
                st, _, _ = svc.get("/v1/treaties/%s/%s" % (t, q))
                if st != 200:
                    bad.append("%s %s: %d" % (t, q, st))
    for q in ("counts?from=0001-01-01&to=0001-12-31&unit=day", "counts?from=9990-01-01&to=9999-12-31"):
        st, _, _ = svc.get("/v1/treaties/apmbc/" + q)
        if st != 200:
            bad.append("%s: %d" % (q, st))
    st, _, _ = svc.get("/v1/states/LVA?on=9999-12-31")
    if st != 200:
        bad.append("states/LVA: %d" % st)
    check("years 1 and 9999 answer on every route of the %d treaties" % len(treaties),
          not bad and svc.alive(), "\n".join(bad))


def headers_and_caching(svc):
    st, h, body = svc.get("/v1/treaties/apmbc/status?on=2026-01-01")
    for name, want in (("Content-Security-Policy", "default-src 'self'"),
                       ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer")):
        check("%s is sent" % name, want in (h.get(name) or ""), h.get(name))
    etag, lm = h.get("ETag"), h.get("Last-Modified")
    check("a strong ETag and a Last-Modified", etag and etag.startswith('"') and lm, (etag, lm))
    st2, h2, b2 = svc.get("/v1/treaties/apmbc/status?on=2026-01-01", headers={"If-None-Match": etag})
    check("If-None-Match with the ETag gives 304 and no body", st2 == 304 and b2 == b"", st2)
    st3, _, _ = svc.get("/v1/treaties/apmbc/status?on=2026-01-02", headers={"If-None-Match": etag})
    check("another answer's ETag gives 200", st3 == 200, st3)
    st4, _, _ = svc.get("/v1/treaties/apmbc/status?on=2026-01-01", headers={"If-Modified-Since": lm})
    check("If-Modified-Since the Last-Modified gives 304", st4 == 304, st4)
    st5, _, _ = svc.get("/v1/treaties/apmbc/status?on=2026-01-01",
                        headers={"If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"})
    check("an older If-Modified-Since gives 200", st5 == 200, st5)
    st6, h6, b6 = svc.get("/")
    check("the page is served with its ETag", st6 == 200 and b"<html" in b6 and h6.get("ETag"))
    st7, h7, b7 = svc.get("/", headers={"If-None-Match": h6.get("ETag")})
    check("and revalidates with 304", st7 == 304, st7)


def downloads(svc):
    """Each download is byte for byte the CLI's file for the same arguments,
    with its type, a file name, an ETag that revalidates, and HEAD."""
    cases = [
        ("/v1/treaties/apmbc/calendar.ics?on=2026-12-06", ["calendar", "apmbc", "--on", "2026-12-06"],
         "text/calendar; charset=utf-8", "apmbc-calendar.ics"),
        ("/v1/treaties/apmbc/states/GBR/calendar.ics?on=2026-12-06",
         ["calendar", "apmbc", "GBR", "--on", "2026-12-06"],
         "text/calendar; charset=utf-8", "apmbc-GBR-calendar.ics"),
        ("/v1/treaties/apmbc/panel.csv?from=1997&to=2026", ["panel", "apmbc", "--from", "1997", "--to", "2026"],
         "text/csv; charset=utf-8; header=present", "apmbc-panel-year-1997-2026.csv"),
        ("/v1/treaties/apmbc/panel.ndjson?from=1997&to=2026",
         ["panel", "apmbc", "--from", "1997", "--to", "2026", "--ndjson"],
         "application/x-ndjson", "apmbc-panel-year-1997-2026.ndjson"),
        ("/v1/treaties/apmbc/panel.csv?from=2024-01&to=2025-12&unit=month&rule=any-time",
         ["panel", "apmbc", "--from", "2024-01", "--to", "2025-12", "--unit", "month", "--rule", "any-time"],
         "text/csv; charset=utf-8; header=present", "apmbc-panel-month-2024-01-2025-12.csv"),
        ("/v1/treaties/apmbc/panel.ndjson?from=2025-06-01&to=2026-05-31&unit=day",
         ["panel", "apmbc", "--from", "2025-06-01", "--to", "2026-05-31", "--unit", "day", "--ndjson"],
         "application/x-ndjson", "apmbc-panel-day-2025-06-01-2026-05-31.ndjson"),
        ("/v1/treaties/apmbc/states/UKR/panel.csv?from=1997&to=2026&unit=month",
         ["panel", "apmbc", "--state", "UKR", "--from", "1997", "--to", "2026", "--unit", "month"],
         "text/csv; charset=utf-8; header=present", "apmbc-UKR-panel-month-1997-2026.csv"),
        ("/v1/treaties/apmbc/states/ukr/panel.ndjson?from=2020&to=2026&unit=day",
         ["panel", "apmbc", "--state", "UKR", "--from", "2020", "--to", "2026", "--unit", "day", "--ndjson"],
         "application/x-ndjson", "apmbc-UKR-panel-day-2020-2026.ndjson"),
    ]
    for path, args, ctype, name in cases:
        st, h, body = svc.get(path)
        cli = svc.run_bytes(*args)
        check("GET %s is byte for byte `pacta %s`" % (path, " ".join(args)),
              st == 200 and body == cli and len(body) > 0,
              "status %s, %d vs %d bytes" % (st, len(body), len(cli)))
        check("  as %s, attachment %s" % (ctype, name),
              h.get("Content-Type") == ctype
              and h.get("Content-Disposition") == 'attachment; filename="%s"' % name,
              (h.get("Content-Type"), h.get("Content-Disposition")))
        etag = h.get("ETag")
        st2, h2, b2 = svc.get(path, headers={"If-None-Match": etag or "-"})
        st3, h3, b3 = svc.get(path, method="HEAD")
        check("  revalidates with 304; HEAD gives the headers only",
              etag and st2 == 304 and b2 == b"" and st3 == 200 and b3 == b""
              and h3.get("ETag") == etag and h3.get("Content-Length") == str(len(body)),
              (etag, st2, st3, h3.get("ETag"), h3.get("Content-Length")))
    # The data package: a ZIP whose files are those `pacta export` writes.
    st, h, body = svc.get("/v1/datapackage.zip?on=2026-12-06")
    out = os.path.join(svc.tmp, "package")
    svc.run("export", "--datapackage", out, "--on", "2026-12-06")
    want = {n: open(os.path.join(out, n), "rb").read() for n in sorted(os.listdir(out))}
    try:
        z = zipfile.ZipFile(io.BytesIO(body))
        bad = z.testzip()
        got = {i.filename: z.read(i) for i in z.infolist()}
    except zipfile.BadZipFile as e:
        bad, got = repr(e), {}
    check("/v1/datapackage.zip holds byte for byte the files of `pacta export --datapackage DIR`",
          st == 200 and bad is None and got == want,
          "status %s, bad %s, %s vs %s" % (st, bad, sorted(got), sorted(want)))
    check("  as application/zip, attachment pacta-datapackage-2026-12-06.zip, never compressed",
          h.get("Content-Type") == "application/zip"
          and h.get("Content-Disposition") == 'attachment; filename="pacta-datapackage-2026-12-06.zip"'
          and not svc.get("/v1/datapackage.zip?on=2026-12-06",
                          headers={"Accept-Encoding": "gzip, br"})[1].get("Content-Encoding"),
          (h.get("Content-Type"), h.get("Content-Disposition")))
    st2, h2, _ = svc.get("/v1/datapackage.zip?on=2026-12-06", headers={"If-None-Match": h.get("ETag") or "-"})
    check("  the same bytes each time (the same ETag), and 304 on revalidation", st2 == 304,
          (h.get("ETag"), st2))
    # The CLI writes the very same archive.
    zpath = os.path.join(svc.tmp, "package.zip")
    svc.run("export", "--datapackage", zpath, "--on", "2026-12-06")
    cli_zip = open(zpath, "rb").read()
    check("`pacta export --datapackage FILE.zip` writes the service's bytes (%d)" % len(body),
          cli_zip == body, "%d vs %d bytes" % (len(cli_zip), len(body)))
    other = svc.get("/v1/datapackage.zip?on=2026-11-29")[2]
    svc.run("export", "--datapackage", zpath, "--on", "2026-11-29")
    check("  and for another day, that day's", open(zpath, "rb").read() == other and other != body)
    for name in ("datapackage.json", "acts.csv", "status_intervals.csv"):
        st, h, b = svc.get("/v1/datapackage/%s?on=2026-12-06" % name)
        check("/v1/datapackage/%s is the exported file" % name, st == 200 and b == want[name],
              "status %s, %d vs %d bytes" % (st, len(b), len(want[name])))
    for path, status in (("/v1/datapackage/nothing.csv", 404), ("/v1/datapackage/acts", 404),
                         ("/v1/treaties/apmbc/panel.csv?to=2026", 400),
                         ("/v1/treaties/apmbc/panel.csv?from=2026&to=1997", 400),
                         ("/v1/treaties/apmbc/panel.csv?from=1997&to=2026&unit=week", 400),
                         ("/v1/treaties/apmbc/panel.csv?from=1997&to=2026&rule=sometimes", 400),
                         ("/v1/treaties/apmbc/panel.csv?from=1997-13&to=2026", 400),
                         ("/v1/treaties/apmbc/panel.csv?from=1997&to=2026&unit=day", 400),
                         ("/v1/treaties/apmbc/states/XXX/panel.csv?from=1997&to=2026", 404),
                         ("/v1/treaties/apmbc/states/XXX/calendar.ics", 404),
                         ("/v1/treaties/apmbc/calendar.ics?on=2026-02-30", 400),
                         ("/v1/treaties/nopact/calendar.ics", 404)):
        problem(svc, "GET " + path, path, status)


def compression(svc):
    """gzip and brotli as accepted, decoding to the same bytes; q=0; Vary;
    an ETag per coding; the page's precompressed files; HEAD; small bodies
    and the ZIP as they are."""
    for path in ("/v1/treaties/apmbc/status?on=2026-01-01", "/v1/treaties/apmbc/calendar.ics?on=2026-12-06",
                 "/v1/treaties/apmbc/panel.csv?from=1997&to=2026", "/app.js", "/", "/openapi.json"):
        st, h, plain = svc.get(path)
        check("%s uncompressed without Accept-Encoding, with Vary: Accept-Encoding" % path,
              st == 200 and not h.get("Content-Encoding") and h.get("Vary") == "Accept-Encoding",
              (st, h.get("Content-Encoding"), h.get("Vary")))
        st, hg, gz = svc.get(path, headers={"Accept-Encoding": "gzip"})
        ok = st == 200 and hg.get("Content-Encoding") == "gzip" and hg.get("Vary") == "Accept-Encoding"
        check("%s gzipped (%d to %d bytes), decoding to the same bytes" % (path, len(plain), len(gz)),
              ok and gzip.decompress(gz) == plain and len(gz) < len(plain),
              (st, hg.get("Content-Encoding")))
        st, hb, br = svc.get(path, headers={"Accept-Encoding": "gzip;q=0.9, br"})
        ok = st == 200 and hb.get("Content-Encoding") == "br" and len(br) < len(plain)
        if brotli:
            check("%s brotli (%d bytes), decoding to the same bytes" % (path, len(br)),
                  ok and brotli.decompress(br) == plain, (st, hb.get("Content-Encoding")))
        else:
            check("%s brotli (%d bytes; python3-brotli missing: coding and length only)" % (path, len(br)),
                  ok, (st, hb.get("Content-Encoding")))
        etags = {h.get("ETag"), hg.get("ETag"), hb.get("ETag")}
        check("  an ETag for each coding", len(etags) == 3 and None not in etags, etags)
        st2, h2, b2 = svc.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": hg.get("ETag") or "-"})
        check("  the gzip form revalidates with 304 and Vary",
              st2 == 304 and b2 == b"" and h2.get("ETag") == hg.get("ETag") and h2.get("Vary") == "Accept-Encoding",
              (st2, h2.get("ETag")))
        st3, h3, b3 = svc.get(path, method="HEAD", headers={"Accept-Encoding": "br"})
        check("  HEAD with br: the brotli form's headers, no body",
              st3 == 200 and b3 == b"" and h3.get("Content-Encoding") == "br"
              and h3.get("Content-Length") == str(len(br)) and h3.get("ETag") == hb.get("ETag"),
              (st3, h3.get("Content-Encoding"), h3.get("Content-Length")))
    path = "/v1/treaties/apmbc/status?on=2026-01-01"
    for ae, want in (("br;q=0, gzip", "gzip"), ("gzip;q=0, br;q=0", None), ("gzip;q=0", None),
                     ("*", "br"), ("*;q=0", None), ("br;q=0.5, gzip;q=0.8", "gzip"),
                     ("identity;q=1, gzip;q=0.5", None), ("GZIP", "gzip"), ("x-gzip", "gzip"),
                     ("br;q=0.000", None), ("deflate, compress", None), ("gzip;q=bad", None),
                     ("", None), ("br ; q=1 , gzip", "br")):
        st, h, b = svc.get(path, headers={"Accept-Encoding": ae})
        check("Accept-Encoding %r gives %s" % (ae, want or "no coding"),
              st == 200 and h.get("Content-Encoding") == want, h.get("Content-Encoding"))
    st, h, b = svc.get("/healthz", headers={"Accept-Encoding": "gzip, br"})
    check("a tiny body goes uncompressed", st == 200 and not h.get("Content-Encoding"), h.get("Content-Encoding"))
    st, h, b = svc.get("/v1/treaties/nopact/status", headers={"Accept-Encoding": "gzip, br"})
    check("a problem document goes uncompressed", st == 404 and not h.get("Content-Encoding"),
          h.get("Content-Encoding"))


def languages(svc):
    """The state's answer and the page's words in the language asked for."""
    lva = "/v1/treaties/apmbc/states/LVA?on=2026-11-29"
    st, h, body = svc.get(lva, {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"})
    summary = json.loads(body)["explanation"]["summary"] if st == 200 else ""
    check("Accept-Language: fr answers in French, with Content-Language and Vary",
          st == 200 and h.get("Content-Language") == "fr" and
          "Accept-Language" in ", ".join(h.get_all("Vary") or []) and
          summary.startswith("Au 29 novembre 2026, Lettonie"), "%s %s %s" % (st, dict(h), summary))
    st, h, body = svc.get(lva + "&lang=es", {"Accept-Language": "fr"})
    summary = json.loads(body)["explanation"]["summary"] if st == 200 else ""
    check("?lang=es wins over Accept-Language", "Letonia" in summary and
          "27 de diciembre de 2025" in summary, summary)
    st, h, body = svc.get(lva, {"Accept-Language": "de"})
    summary = json.loads(body)["explanation"]["summary"] if st == 200 else ""
    check("a language with no catalogue is English",
          h.get("Content-Language") == "en" and summary.startswith("On 2026-11-29 Latvia"), summary)
    st, h, body = svc.get("/v1/language?lang=ar")
    doc = json.loads(body) if st == 200 else {}
    check("/v1/language?lang=ar: Arabic names, English words (none given: the page's own)",
          doc.get("lang") == "ar" and doc.get("names", {}).get("LVA", "").startswith("لاتفيا") and
          doc.get("words") == {} and not doc.get("translated"), str(doc)[:300])
    for code, name in (("zh", "拉脱维亚"), ("ru", "Латвия")):
        st, h, body = svc.get("/v1/language?lang=" + code)
        doc = json.loads(body) if st == 200 else {}
        title = doc.get("treaties", {}).get("apmbc", {})
        check("/v1/language?lang=%s: names and the treaty's title in it, English words" % code,
              doc.get("lang") == code and doc.get("names", {}).get("LVA") == name and
              doc.get("words") == {} and title and title.get("name") not in (None, "") and
              not title.get("name", "").startswith("Anti"), str(doc)[:300])
    st, h, body = svc.get("/v1/language", {"Accept-Language": "es"})
    doc = json.loads(body) if st == 200 else {}
    check("/v1/language by Accept-Language: Spanish words, names and the treaty's title",
          doc.get("lang") == "es" and doc.get("words", {}).get("Map") == "Mapa" and
          doc.get("words", {}).get("YYYY-MM-DD") == "D de MMMM de YYYY" and
          doc.get("names", {}).get("LVA") == "Letonia" and
          doc.get("treaties", {}).get("apmbc", {}).get("name") ==
          "Convención sobre la prohibición de las minas antipersonal", str(doc)[:300])
    st, h, body = svc.get("/v1/language?lang=fr")
    doc = json.loads(body) if st == 200 else {}
    check("/v1/language gives only the words a catalogue changes",
          doc.get("words", {}).get("Map") == "Carte" and "Date" not in doc.get("words", {}), str(doc)[:300])
    st, h, body = svc.get("/v1/treaties/apmbc/map.svg?on=2026-11-29&lang=fr")
    svg = body.decode("utf-8", "replace")
    check("map.svg?lang=fr: the map's titles, legend and names in French, with Content-Language",
          st == 200 and h.get("Content-Language") == "fr" and
          "<title>Lettonie : retrait effectif depuis le 27 décembre 2025</title>" in svg and
          ">Partie (" in svg and ">Absent du registre (" in svg and
          "Convention sur l&#39;interdiction des mines antipersonnel : statut au 29 novembre 2026" in svg,
          svg[:400])
    st, h, body = svc.get("/v1/treaties/apmbc/map.svg?on=2026-11-29", {"Accept-Language": "es"})
    svg = body.decode("utf-8", "replace")
    check("  and by Accept-Language in Spanish", st == 200 and h.get("Content-Language") == "es" and
          "<title>Letonia: " in svg and "27 de diciembre de 2025" in svg, svg[:300])
    st, h, body = svc.get("/v1/treaties/apmbc/reports?on=2026-11-29&lang=fr")
    meaning = json.loads(body).get("required_meaning", "") if st == 200 else ""
    check("reports?lang=fr: who must report, in French", h.get("Content-Language") == "fr" and
          "en vigueur le 30 avril de l'année couverte" in meaning, meaning)
    st, h, body = svc.get("/v1/treaties/apmbc/map.svg?on=2026-11-29")
    svg = body.decode("utf-8", "replace")
    check("  and in English without either, as before",
          "<title>Latvia: withdrawn since 2025-12-27</title>" in svg, svg[:300])


def openapi(svc):
    st, h, body = svc.get("/openapi.json")
    doc = json.loads(body)
    check("/openapi.json is OpenAPI 3.1", st == 200 and doc.get("openapi", "").startswith("3.1."))
    paths = doc.get("paths", {})
    want = ["/healthz", "/v1/treaties", "/v1/states", "/v1/states/{iso3}", "/v1/treaties/{treaty}",
            "/v1/language",
            "/v1/treaties/{treaty}/status", "/v1/treaties/{treaty}/parties",
            "/v1/treaties/{treaty}/states/{iso3}", "/v1/treaties/{treaty}/diff",
            "/v1/treaties/{treaty}/obligations", "/v1/treaties/{treaty}/reports",
            "/v1/treaties/{treaty}/declarations", "/v1/treaties/{treaty}/states/{iso3}/declarations",
            "/v1/treaties/{treaty}/states/{iso3}/territories/{territory}",
            "/v1/treaties/{treaty}/withdrawals",
            "/v1/treaties/{treaty}/counts", "/v1/treaties/{treaty}/map.svg",
            "/v1/treaties/{treaty}/feed.atom", "/v1/treaties/{treaty}/feed.json",
            "/v1/treaties/{treaty}/states/{iso3}/feed.atom",
            "/v1/treaties/{treaty}/states/{iso3}/feed.json",
            "/v1/treaties/{treaty}/calendar.ics", "/v1/treaties/{treaty}/states/{iso3}/calendar.ics",
            "/v1/treaties/{treaty}/panel.csv", "/v1/treaties/{treaty}/panel.ndjson",
            "/v1/treaties/{treaty}/states/{iso3}/panel.csv",
            "/v1/treaties/{treaty}/states/{iso3}/panel.ndjson",
            "/v1/datapackage.zip", "/v1/datapackage/{file}",
            "/v1/treaties/{treaty}/acts", "/v1/review", "/v1/review/{id}",
            "/v1/review/{id}/accept", "/v1/review/{id}/reject",
            "/v1/treaties/{treaty}/review.atom", "/v1/treaties/{treaty}/review.json"]
    check("it describes every route", set(want) == set(paths), sorted(set(want) ^ set(paths)))
    bad = []
    refs = []

    def walk(node, where):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append((where, node["$ref"]))
            for k, v in node.items():
                walk(v, where + "/" + k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, where + "/" + str(i))
    walk(doc, "#")
    for where, ref in refs:
        target = doc
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not ref.startswith("#/") or target is None:
            bad.append("%s: %s does not resolve" % (where, ref))
    for path, item in paths.items():
        names = {seg[1:-1] for seg in path.split("/") if seg.startswith("{")}
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete", "patch", "head", "options"):
                bad.append("%s: %s is not a method" % (path, method))
                continue
            if not op.get("responses") or not op.get("operationId"):
                bad.append("%s %s: no responses or operationId" % (path, method))
            for code in op.get("responses", {}):
                if not (code.isdigit() and len(code) == 3):
                    bad.append("%s %s: response key %s" % (path, method, code))
            declared = set()
            for prm in op.get("parameters", []):
                if prm.get("in") not in ("query", "path", "header", "cookie") or not prm.get("name"):
                    bad.append("%s %s: bad parameter %s" % (path, method, prm))
                if prm.get("in") == "path":
                    declared.add(prm["name"])
                    if prm.get("required") is not True:
                        bad.append("%s: path parameter %s not required" % (path, prm["name"]))
            if declared != names:
                bad.append("%s %s: path parameters %s vs %s" % (path, method, declared, names))
    check("its structure holds: methods, responses, parameters, every $ref resolves", not bad,
          "\n".join(bad))
    # The official OpenAPI 3.1 schema, through the npm validator that
    # scripts/deps.sh installs under tests/validators.
    validator = os.path.join(svc.root, "tests", "validators", "node_modules", ".bin", "validate-api")
    if os.access(validator, os.X_OK):
        path = os.path.join(svc.tmp, "openapi.json")
        with open(path, "wb") as f:
            f.write(body)
        r = subprocess.run([validator, path], capture_output=True, text=True)
        check("/openapi.json validates against the OpenAPI 3.1 schema (@seriousme/openapi-schema-validator)",
              r.returncode == 0 and '"valid": true' in r.stdout, r.stdout + r.stderr)
    else:
        check("the OpenAPI 3.1 schema # SKIP tests/validators is not installed (scripts/deps.sh)", True)
    try:
        import jsonschema
    except ImportError:
        check("its schemas are valid JSON Schema # SKIP python3-jsonschema missing", True)
        return
    cls = getattr(jsonschema, "Draft202012Validator", None)
    if cls is None:
        check("its schemas are valid JSON Schema # SKIP no 2020-12 support", True)
        return
    errs = []
    for name, schema in doc["components"]["schemas"].items():
        try:
            cls.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            errs.append("%s: %s" % (name, e.message))
    check("each component schema is valid JSON Schema 2020-12", not errs, "\n".join(errs))
    # Answers against their schemas.
    registry_doc = dict(doc)
    for path, op_path in (("/v1/treaties/apmbc/status?on=2026-01-01", "/v1/treaties/{treaty}/status"),
                          ("/v1/treaties/apmbc/withdrawals?on=2026-01-01", "/v1/treaties/{treaty}/withdrawals"),
                          ("/v1/treaties/apmbc/reports?on=2026-12-06&year=2014", "/v1/treaties/{treaty}/reports"),
                          ("/v1/treaties/apmbc/reports?on=2026-12-06", "/v1/treaties/{treaty}/reports"),
                          ("/v1/treaties/apmbc/counts?from=2024-01-01&to=2026-01-01", "/v1/treaties/{treaty}/counts"),
                          ("/v1/treaties/apmbc/states/LVA?on=2026-01-01", "/v1/treaties/{treaty}/states/{iso3}"),
                          ("/v1/states/LVA?on=2026-01-01", "/v1/states/{iso3}"),
                          ("/v1/treaties/nopact/status", None)):
        st, h, body = svc.get(path)
        if op_path:
            ref = paths[op_path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        else:
            ref = {"$ref": "#/components/schemas/Problem"}
        schema = dict(ref, components=registry_doc["components"])
        try:
            cls(schema).validate(json.loads(body))
            check("%s matches its schema" % path, True)
        except jsonschema.exceptions.ValidationError as e:
            check("%s matches its schema" % path, False, e.message)


def writes(svc):
    act = {"state": "USA", "action": "accession", "date": "2026-06-01",
           "source_url": "https://example.org/usa-accession", "note": "test"}
    body = json.dumps(act).encode()
    ctype = {"Content-Type": "application/json"}
    h, _ = problem(svc, "POST without a token", "/v1/treaties/apmbc/acts", 401, "POST", body, ctype)
    check("401 asks for a bearer token", "Bearer" in (h.get("WWW-Authenticate") or ""))
    problem(svc, "POST with a made-up token", "/v1/treaties/apmbc/acts", 401, "POST", body,
            dict(ctype, Authorization="Bearer pacta_" + "0" * 64))
    token = svc.run("token", "add", "ci").strip()
    auth = dict(ctype, Authorization="Bearer " + token)
    check("pacta token add prints a token once", token.startswith("pacta_") and len(token) == 70)
    check("pacta token list shows its name, not the token",
          "ci" in svc.run("token", "list") and token not in svc.run("token", "list"))
    problem(svc, "POST of text/csv", "/v1/treaties/apmbc/acts", 415, "POST", b"state\n",
            dict(auth, **{"Content-Type": "text/csv"}))
    problem(svc, "POST of broken JSON", "/v1/treaties/apmbc/acts", 400, "POST", b"{\"state\":", auth)
    problem(svc, "POST with an unknown field", "/v1/treaties/apmbc/acts", 400, "POST",
            json.dumps(dict(act, colour="red")).encode(), auth)
    problem(svc, "POST with 30 February", "/v1/treaties/apmbc/acts", 400, "POST",
            json.dumps(dict(act, date="2026-02-30")).encode(), auth)
    problem(svc, "POST with no source", "/v1/treaties/apmbc/acts", 400, "POST",
            json.dumps(dict(act, source_url="")).encode(), auth)
    _, doc = problem(svc, "POST that breaks a record check (signature after it closed)",
                     "/v1/treaties/apmbc/acts", 422, "POST",
                     json.dumps(dict(act, action="signature")).encode(), auth)
    check("422 lists the problems", doc.get("problems"), doc)
    out = raw(svc.port, b"POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/json\r\nContent-Length: 307200\r\n\r\n[")
    check("a body announced over the limit is refused with 413 before it is read",
          out.startswith(b"HTTP/1.1 413") and b"application/problem+json" in out, out[:200])
    # A chunked body announces no length: it is refused once past the limit.
    s = socket.create_connection(("127.0.0.1", svc.port), timeout=5)
    s.sendall(b"POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: x\r\n"
              b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    out, sent = b"", 0
    try:
        while sent < 320 * 1024 and not out:
            s.sendall(b"4000\r\n" + b" " * 0x4000 + b"\r\n")
            sent += 0x4000
            s.settimeout(0.05)
            try:
                out += s.recv(65536)
            except socket.timeout:
                pass
        if not out:
            s.settimeout(5)
            s.sendall(b"0\r\n\r\n")
            out = s.recv(65536)
    except (BrokenPipeError, ConnectionResetError) as e:
        out = out or repr(e).encode()
    s.close()
    # The rest of the body is read and dropped, and the 413 comes after it:
    # a client still sending never sees a reset instead of the answer.
    check("a chunked body over the limit gets 413 after it (%d KiB sent)" % (sent // 1024),
          out.startswith(b"HTTP/1.1 413") and b"application/problem+json" in out, out[:200])
    before = json.loads(svc.get("/v1/treaties/apmbc/status?on=2027-01-01")[2])["counts"]["parties"]
    etag = svc.get("/v1/treaties/apmbc/status?on=2027-01-01")[1].get("ETag")
    st, h, b = svc.get("/v1/treaties/apmbc/acts", method="POST", body=body, headers=auth)
    check("POST with the token records the act (201)", st == 201 and json.loads(b)["added"] == 1, b)
    after = json.loads(svc.get("/v1/treaties/apmbc/status?on=2027-01-01")[2])["counts"]["parties"]
    check("the next answers see it (the USA is a party in 2027)", after == before + 1, (before, after))
    st, _, _ = svc.get("/v1/treaties/apmbc/status?on=2027-01-01", headers={"If-None-Match": etag})
    check("the old ETag no longer matches", st == 200, st)
    hist = json.loads(svc.run("history", "--json"))["history"]
    check("pacta history has the write, by token:ci", hist[-1]["who"] == "token:ci"
          and hist[-1]["acts"] == 1, hist[-1])
    check("and the CLI reads the act", "accession" in svc.run("timeline", "apmbc", "USA"))
    svc.run("token", "revoke", "ci")
    problem(svc, "POST with a revoked token", "/v1/treaties/apmbc/acts", 401, "POST",
            json.dumps(dict(act, state="CHN")).encode(), auth)


def outside_writes(svc):
    """A change committed by another process (the CLI on the same database)
    is served within about a second, with a new ETag, and no restart."""
    path = "/v1/treaties/apmbc/status?on=2027-06-01"
    st, h, b = svc.get(path)
    before = json.loads(b)["counts"]["parties"]
    svc.run("record", "apmbc", "CHN", "accession", "2026-07-15",
            "--source", "https://example.org/chn-accession", "--why", "a test of outside writes")
    deadline, after, st2, h2 = time.time() + 5, before, None, {}
    while time.time() < deadline and after == before:
        time.sleep(0.25)
        st2, h2, b2 = svc.get(path)
        after = json.loads(b2)["counts"]["parties"]
    check("an act recorded by the CLI while the service runs is served (%d -> %d parties)"
          % (before, after), after == before + 1, (before, after))
    check("with a new ETag", h2.get("ETag") != h.get("ETag"), (h.get("ETag"), h2.get("ETag")))
    check("the service's timeline shows it",
          "accession" in svc.get("/v1/treaties/apmbc/states/CHN")[2].decode())


def hostile_clients(svc):
    port = svc.port
    out = raw(port, b"GARBAGE\r\n\r\n")
    check("a garbage request line gets 400 or a closed connection",
          out == b"" or out.startswith(b"HTTP/1.1 400"), out[:80])
    out = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (200 * 1024) + b"\r\n\r\n")
    check("a huge header is refused", out == b"" or b" 431 " in out[:20] or b" 413 " in out[:20]
          or b" 400 " in out[:20], out[:80])
    out = raw(port, b"GET /v1/treaties/apmbc/status?on=2026-01-01 HTTP/1.1\r\nHost: x\r\n"
              b"Content-Length: 99999999999999999999\r\n\r\n")
    check("an absurd Content-Length is refused", out == b"" or b" 413 " in out[:20]
          or b" 400 " in out[:20], out[:80])
    out = raw(port, b"GET /\x00\xff HTTP/1.1\r\nHost: x\r\n\r\n")
    check("bytes that are not a path get an answer, not a crash", svc.alive(), out[:80])
    # Random requests: random methods, paths, parameters and bytes.
    import random
    rnd = random.Random(4)
    pieces = [b"GET", b"POST", b"HEAD", b"PUT", b"/v1/treaties/apmbc/", b"status", b"states/",
              b"?on=", b"&from=", b"2026-01-01", b"%00", b"%FF", b"..", b"/", b" ", b"\r\n", b"\x00",
              b"\xff", b"HTTP/1.1", b"Content-Length: 5", b"Transfer-Encoding: chunked", b":"]
    for _ in range(150):
        req = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 20)))
        try:
            raw(port, req + b"\r\n\r\n", timeout=0.5)
        except OSError:
            pass
    st, _, _ = svc.get("/v1/treaties/apmbc/status?on=2026-01-01")
    check("150 random requests later the service answers", svc.alive() and st == 200)
    # Slowloris: many connections that send a header byte now and then.
    stop = threading.Event()
    socks = []
    for _ in range(40):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            socks.append(s)
        except OSError:
            break

    def drip():
        while not stop.is_set():
            for s in socks:
                try:
                    s.sendall(b"X-a: b\r\n")
                except OSError:
                    pass
            stop.wait(1)
    t = threading.Thread(target=drip)
    t.start()
    try:
        times = []
        for _ in range(20):
            t0 = time.monotonic()
            st, _, _ = svc.get("/v1/treaties/apmbc/status?on=2026-01-01")
            times.append(time.monotonic() - t0)
            if st != 200:
                break
        check("while %d slow clients drip headers, others are answered fast" % len(socks),
              len(times) == 20 and max(times) < 2, "max %.3f s" % max(times))
    finally:
        stop.set()
        t.join()
        for s in socks:
            s.close()
    # Half a request, then silence: the others go on.
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"POST /v1/treaties/apmbc/acts HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
    st, _, _ = svc.get("/healthz")
    s.close()
    check("a stalled body does not block others", st == 200)
    check("the service is still running", svc.alive())


def main():
    pacta, root = sys.argv[1], sys.argv[2]
    svc = Service(pacta, root)
    try:
        for part in (same_as_cli, languages, downloads, compression, problems, edge_dates,
                     headers_and_caching, openapi, writes,
                     outside_writes, hostile_clients):
            try:
                part(svc)
            except Exception as e:  # one part failing must not hide the others
                check("%s ran" % part.__name__, False, repr(e))
    finally:
        rc, err = svc.stop()
        check("the service stopped cleanly on SIGTERM", rc == 0, err[-2000:])
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
