"""Reads a pacta calendar feed with python3-icalendar and checks it.

usage: check_ical.py FEED.ics OBLIGATIONS.csv STATUS.csv DATE

OBLIGATIONS.csv and STATUS.csv are 'pacta obligations --csv' and 'pacta
status --csv' for the same treaty and DATE. The number of events expected
is counted from them, not from the feed: one per obligation with a due
date, one per entry into force, one per withdrawal notified. Prints what
it finds; exits 1 on the first problem.
"""

import datetime
import itertools
import sys

import icalendar
from dateutil.rrule import rrulestr

from checks import fail, rows


def main():
    ics, obligations, status, day = sys.argv[1:5]
    on = datetime.date.fromisoformat(day)

    obs = rows(obligations)
    # Deadlines have a due day (none once re-opened without one); an annual
    # duty that ended keeps its first one.
    dated = [r for r in obs if r["due"] or (r["article"] == "7.2" and r["original_due"])]
    annual = [r for r in dated if r["article"] == "7.2"]
    st = rows(status)
    in_force = [r for r in st if r["entry_into_force"]]
    leaving = [r for r in st if r["withdrawal_notified"] and r["withdrawal_effective"]]
    effective = {r["state"]: datetime.date.fromisoformat(r["withdrawal_effective"])
                 for r in leaving}
    want = len(dated) + len(in_force) + len(leaving)

    with open(ics, "rb") as f:
        data = f.read()
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    print(f"{len(events)} events: {len(dated)} dated obligations, "
          f"{len(in_force)} entries into force, {len(leaving)} withdrawals")
    if len(events) != want:
        fail(f"expected {want} events, read {len(events)}")

    uids = set()
    rrules = untils = 0
    for ev in events:
        uid = str(ev.get("UID"))
        if uid in uids:
            fail(f"UID {uid} twice")
        uids.add(uid)
        start = ev.decoded("DTSTART")
        end = ev.decoded("DTEND")
        if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
            fail(f"{uid}: DTSTART is not a date: {start!r}")
        if end != start + datetime.timedelta(days=1):
            fail(f"{uid}: DTEND {end} is not the day after {start}")
        stamp = ev.decoded("DTSTAMP")
        if stamp.date() != on:
            fail(f"{uid}: DTSTAMP {stamp} is not {on}")
        if not str(ev.get("SUMMARY", "")):
            fail(f"{uid}: no SUMMARY")
        rule = ev.get("RRULE")
        if rule is None:
            continue
        rrules += 1
        if not isinstance(rule, icalendar.vRecur):
            fail(f"{uid}: RRULE not parsed: {rule!r}")
        if (rule.get("FREQ") != ["YEARLY"] or rule.get("BYMONTH") != [4]
                or rule.get("BYMONTHDAY") != [30]):
            fail(f"{uid}: unexpected RRULE {rule.to_ical()!r}")
        if (start.month, start.day) != (4, 30):
            fail(f"{uid}: a yearly rule starting {start}")
        # The rule as a calendar program expands it.
        days = list(itertools.islice(rrulestr(rule.to_ical().decode(), dtstart=start), 100))
        if not days or days[0].date() != start:
            fail(f"{uid}: the rule does not start on {start}")
        if "UNTIL" in rule:
            untils += 1
            until = rule["UNTIL"][0]
            iso3 = uid.split("-")[1]
            if isinstance(until, datetime.datetime) or iso3 not in effective:
                fail(f"{uid}: UNTIL {until!r}")
            if until != effective[iso3] - datetime.timedelta(days=1):
                fail(f"{uid}: UNTIL {until}, withdrawal effective {effective[iso3]}")
            if days[-1].date() >= effective[iso3]:
                fail(f"{uid}: an occurrence on {days[-1].date()}, after the withdrawal")
    print(f"{rrules} RRULEs, {untils} with UNTIL")
    if rrules != len(annual):
        fail(f"expected {len(annual)} RRULEs (one per annual report duty), read {rrules}")
    if untils != len(leaving):
        fail(f"expected {len(leaving)} RRULEs with UNTIL (one per withdrawal), read {untils}")


if __name__ == "__main__":
    main()
