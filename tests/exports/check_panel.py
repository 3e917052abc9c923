#!/usr/bin/env python3
"""Loads pacta's 1997-2026 year panel of the Mine Ban Convention in pandas
(Debian's python3-pandas) and checks what a researcher would: one row per
state and year, Latvia bound from 2006 to 2024 and not in 2026, the 2025
withdrawals where they should be, and the counts of bound states per year
equal to pacta's own count series.

usage: check_panel.py PANEL.csv COUNTS.csv
"""
import sys

import pandas as pd


def main(panel_path, counts_path):
    problems = []
    p = pd.read_csv(panel_path, dtype={"period": int, "bound": int})
    if p.duplicated(["treaty", "state", "period"]).any():
        problems.append("duplicate (treaty, state, period) rows")
    years = sorted(p["period"].unique())
    if years != list(range(1997, 2027)):
        problems.append(f"periods {years[0]}..{years[-1]}, expected 1997..2026")
    if (p.groupby("state").size() != 30).any():
        problems.append("a state without a row for every year")
    lva = p[p.state == "LVA"].set_index("period")
    bound = sorted(lva.index[lva.bound == 1])
    if bound != list(range(2006, 2025)):
        problems.append(f"Latvia bound in {bound}, expected 2006..2024")
    if lva.loc[2026, "status"] != "withdrawn" or lva.loc[2026, "bound"] != 0:
        problems.append("Latvia is not withdrawn in 2026")
    if lva.loc[2025, "withdrawal_effective"] != "2025-12-27":
        problems.append("Latvia's withdrawal is not effective 2025-12-27")
    # Withdrawn at the end of 2025: the three Baltic states; pending: the
    # two whose notice runs into 2026.
    end2025 = p[p.period == 2025].set_index("state")["status"]
    for s in ("LTU", "LVA", "EST"):
        if end2025.get(s) != "withdrawn":
            problems.append(f"{s} not withdrawn at the end of 2025")
    for s in ("FIN", "POL"):
        if end2025.get(s) != "withdrawal_pending":
            problems.append(f"{s} not withdrawing at the end of 2025")
    # Bound states per year = parties on 31 December in pacta's counts.
    c = pd.read_csv(counts_path)
    c["period"] = c["date"].str[:4].astype(int)
    per_year = p.groupby("period")["bound"].sum()
    merged = c.set_index("period")["parties"]
    diff = (per_year - merged).dropna()
    if (diff != 0).any():
        problems.append(f"bound per year differs from the counts: {diff[diff != 0].to_dict()}")
    for x in problems:
        print(x)
    if problems:
        return 1
    print(f"{len(p)} rows, {p.state.nunique()} states; {per_year[2024]} bound in 2024, "
          f"{per_year[2026]} in 2026")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
