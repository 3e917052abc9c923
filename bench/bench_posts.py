#!/usr/bin/env python3
"""bench_posts.py - one write applied and served, as a client sees it.

Starts `pacta serve` on a copy of a store, POSTs one act at a time (each to
another treaty, back to back, on one keep-alive connection), and after each
reply GETs the state's page on that treaty to check that the act is there.
Then, on another copy of the same file, SQLite alone commits as many one-row
transactions (WAL, synchronous = FULL, as the store's connection runs): the
floor of a durable write on this disk. Prints the figures and the ratio of
the medians. Not a test: no asserts.

    build/bench/bench_status --series --no-sql --writes 1 --store series.db
    bench/bench_posts.py build/pacta series.db [POSTS [PAUSE_MS]]

PAUSE_MS (default 0) is a pause between one POST's GET and the next POST:
writes that come at a steady pace rather than back to back.

The store is not changed. The treaties written to are syn-1, syn-8, ... (the
treaty series' ids); the state is AAS.
"""
import http.client
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 5.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resident_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def figures(label, ms):
    s = sorted(ms)
    over = sum(1 for x in ms if x > TARGET_MS)
    print(f"{label:<28} first {ms[0]:6.2f} ms, median {statistics.median(ms):5.2f}, "
          f"p90 {s[int(len(s) * 0.9) - 1]:5.2f}, p99 {s[max(0, int(len(s) * 0.99) - 1)]:5.2f}, "
          f"max {s[-1]:6.2f}; {over} of {len(ms)} over {TARGET_MS:g} ms")
    if over:
        print(f"{'':<28} over it: " +
              ", ".join(f"#{i + 1} {x:.1f}" for i, x in enumerate(ms) if x > TARGET_MS))


def copy_synced(src, dst):
    """A copy whose pages are on the disk: else the first sync of the
    database file (a checkpoint's) writes the whole copy out."""
    shutil.copyfile(src, dst)
    fd = os.open(dst, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)


def serve_posts(pacta, db, posts, pause_ms):
    out = subprocess.run([pacta, "--db", db, "token", "add", "bench"], capture_output=True,
                         text=True, check=True).stdout
    found = re.search(r"pacta_[A-Za-z0-9_]+", out)
    if not found:
        sys.exit(f"bench_posts: `pacta token add` gave no token: {out!r}")
    token = found.group(0)
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen([pacta, "--db", db, "serve", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn = None
        while conn is None:
            if proc.poll() is not None:
                sys.exit("bench_posts: pacta serve stopped")
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", "/healthz")
                c.getresponse().read()
                conn = c
            except OSError:
                time.sleep(0.05)
        ready = time.monotonic() - started
        time.sleep(2)
        rss_start = resident_mb(proc.pid)
        post_ms, get_ms, seen = [], [], 0
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for i in range(1, posts + 1):
            if pause_ms:
                time.sleep(pause_ms / 1000)
            treaty = f"syn-{i * 7 + 1}"
            source = f"https://example.org/bench-posts/{i}"
            body = ('{"state":"AAS","action":"communication","date":"2025-01-01",'
                    f'"source_url":"{source}"}}')
            t0 = time.perf_counter()
            conn.request("POST", f"/v1/treaties/{treaty}/acts", body=body, headers=headers)
            r = conn.getresponse()
            r.read()
            t1 = time.perf_counter()
            if r.status != 201:
                sys.exit(f"bench_posts: POST {i} to {treaty} answered {r.status}")
            conn.request("GET", f"/v1/treaties/{treaty}/states/AAS")
            page = conn.getresponse().read()
            t2 = time.perf_counter()
            seen += source.encode() in page
            post_ms.append((t1 - t0) * 1000)
            get_ms.append((t2 - t1) * 1000)
        rss_end = resident_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    return ready, rss_start, rss_end, post_ms, get_ms, seen


def sqlite_commits(db, n):
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    con.execute("CREATE TABLE bench_posts (id INTEGER PRIMARY KEY, treaty TEXT, state TEXT,"
                " action TEXT, date TEXT, source_url TEXT)")
    ms = []
    for i in range(1, n + 1):
        t0 = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO bench_posts (treaty, state, action, date, source_url)"
                    " VALUES (?, 'AAS', 'communication', '2025-01-01', ?)",
                    (f"syn-{i * 7 + 1}", f"https://example.org/bench-posts/{i}"))
        con.execute("COMMIT")
        ms.append((time.perf_counter() - t0) * 1000)
    con.close()
    return ms


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    pacta, store = sys.argv[1], sys.argv[2]
    for path, what in ((pacta, "pacta binary"), (store, "store")):
        if not os.path.isfile(path):
            sys.exit(f"bench_posts: no {what} at {path}")
    posts = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    pause_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "pacta.db")
        copy_synced(store, db)
        ready, rss_start, rss_end, post_ms, get_ms, seen = serve_posts(pacta, db, posts, pause_ms)
        os.remove(db)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        alone = os.path.join(tmp, "sqlite.db")
        copy_synced(store, alone)
        sql_ms = sqlite_commits(alone, posts)
    print(f"pacta serve on {store}: ready in {ready:.1f} s, {rss_start:.0f} MB resident after "
          f"start, {rss_end:.0f} MB after {posts} POSTs" +
          (f", {pause_ms:g} ms apart" if pause_ms else ", back to back"))
    figures("POST (one act, applied)", post_ms)
    figures("GET of the state after it", get_ms)
    print(f"{'act seen in the GET':<28} {seen} of {posts}")
    figures("SQLite: one-row commit", sql_ms)
    print(f"{'ratio of the medians':<28} {statistics.median(post_ms) / statistics.median(sql_ms):.2f}x "
          f"(pacta's POST, its HTTP included, to SQLite's durable commit alone)")


if __name__ == "__main__":
    main()
