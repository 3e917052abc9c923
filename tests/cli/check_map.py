"""Reads a pacta map (SVG) with Python's XML parser and checks it.

usage: check_map.py MAP.svg STATUS.csv STATES.csv

STATUS.csv is 'pacta status --csv' for the same treaty and date (the states
with a status), STATES.csv is 'pacta states --csv'. Each state, and each
participant with a status, must have exactly one element with data-state,
whose data-status is the one 'pacta status' gives. A territory's shape
(data-territory) names the state whose territorial act covers it in
data-state; its status is that state's where the treaty applies to it, or
none. Prints the counts; exits 1 on the first problem.
"""

import sys
import xml.etree.ElementTree as ET

from checks import fail, rows

SVG = "{http://www.w3.org/2000/svg}"
STATES = {"state", "observer_state", "non_member_state"}


def main():
    svg, status_csv, states_csv = sys.argv[1:4]
    try:
        root = ET.parse(svg).getroot()
    except ET.ParseError as e:
        fail(f"{svg}: not well-formed XML: {e}")
    if root.tag != SVG + "svg":
        fail(f"root element is {root.tag}, not svg")
    drawn = {}
    territories = {}
    for el in root.iter():
        iso3 = el.get("data-state")
        if iso3 is None:
            continue
        territory = el.get("data-territory")
        if territory is not None:
            if territory in territories or el.find(SVG + "title") is None:
                fail(f"{territory}: more than one element, or no title")
            territories[territory] = (iso3, el.get("data-status"))
            continue
        if iso3 in drawn:
            fail(f"{iso3}: more than one element")
        if el.get("tabindex") != "0" or el.find(SVG + "title") is None:
            fail(f"{iso3}: no tabindex or no title")
        drawn[iso3] = el.get("data-status")
    for r in rows(states_csv):
        if r["kind"] in STATES and r["state"] not in drawn:
            fail(f"{r['state']} ({r['kind']}): no element")
    with_status = rows(status_csv)
    for r in with_status:
        got = drawn.get(r["state"])
        if got != r["status"]:
            fail(f"{r['state']}: drawn {got}, 'pacta status' says {r['status']}")
    for iso3, st in drawn.items():
        if st != "none" and not any(r["state"] == iso3 for r in with_status):
            fail(f"{iso3}: drawn {st}, 'pacta status' lists no status")
    for territory, (iso3, st) in territories.items():
        if st not in ("none", drawn.get(iso3)):
            fail(f"{territory}: drawn {st}, but {iso3} is {drawn.get(iso3)}")
    print(f"{len(drawn)} elements with data-state, {len(with_status)} with a status, "
          f"{len(territories)} territories")


main()
