#!/usr/bin/env python3
"""Reads pacta's Atom feed with feedparser (Debian's python3-feedparser) and
checks it: well-formed, a feed id, title and updated; every entry with a
unique id, a title, published and updated stamps and a link; and an entry
for each 2025 notification of withdrawal and its effective date.

usage: check_feed.py FEED.xml WITHDRAWALS.csv
WITHDRAWALS.csv is a panel (state,...,withdrawal_notified,
withdrawal_effective) of the states whose withdrawal was notified in 2025,
taken from another answer than the feed.
"""
import csv
import sys

import feedparser


def main(feed_path, withdrawals_path):
    problems = []
    d = feedparser.parse(feed_path)
    if d.bozo:
        problems.append(f"not well-formed: {d.bozo_exception}")
    if d.version != "atom10":
        problems.append(f"not Atom 1.0: {d.version!r}")
    for key in ("id", "title", "updated"):
        if not d.feed.get(key):
            problems.append(f"feed has no {key}")
    ids = set()
    for e in d.entries:
        if e.id in ids:
            problems.append(f"duplicate id {e.id}")
        ids.add(e.id)
        for key in ("title", "published", "updated", "link"):
            if not e.get(key):
                problems.append(f"{e.id}: no {key}")
        if e.get("published_parsed") and e.get("updated_parsed") and \
                e.updated_parsed < e.published_parsed:
            problems.append(f"{e.id}: updated before published")
    wanted = 0
    with open(withdrawals_path, newline="") as f:
        for row in csv.DictReader(f):
            notified = row["withdrawal_notified"]
            if not notified.startswith("2025-"):
                continue
            for kind, date in (("withdrawal-notified", notified),
                               ("withdrawal-effective", row["withdrawal_effective"])):
                wanted += 1
                tag = f"tag:pacta,2025:{row['treaty']}/{row['state']}/{kind}/{date}"
                if tag not in ids:
                    problems.append(f"no entry {tag}")
    if wanted < 10:
        problems.append(f"only {wanted // 2} withdrawals notified in 2025; expected at least 5")
    for p in problems:
        print(p)
    if problems:
        return 1
    print(f"{len(d.entries)} entries; {wanted} withdrawal entries of 2025 found")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
