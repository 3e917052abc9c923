#!/usr/bin/env python3
"""The day-level panel built with pandas (Debian's python3-pandas), for
bench_panel: the same panel, byte for byte, as `pacta panel --unit day`,
from a CSV of runs of days (treaty,state,start,end,status,bound,bound_days,
signature,consent,entry_into_force,withdrawal_notified,withdrawal_effective;
start and end inclusive), each run one row per day, written as CSV with
CRLF line ends.

It is written the fast way pandas allows (vectorised numpy over day
numbers, np.repeat of each run into the columns, no Python loop over rows
or days), so the comparison is with pandas at its best, not with a naive
date_range/explode script.

usage: panel_pandas.py RUNS.csv OUT.csv
Prints: rows N bound B seconds S cpu C read R build U write W maxrss_kib M
"""
import resource
import sys
import time

import numpy as np
import pandas as pd

COLUMNS = ["treaty", "state", "period", "status", "bound", "bound_days", "signature", "consent",
           "entry_into_force", "withdrawal_notified", "withdrawal_effective"]


def main(path, out):
    t0 = time.monotonic()
    c0 = time.process_time()
    runs = pd.read_csv(path, dtype=str, keep_default_na=False)
    t1 = time.monotonic()
    start = runs["start"].to_numpy().astype("datetime64[D]")
    end = runs["end"].to_numpy().astype("datetime64[D]")
    lengths = (end - start).astype(np.int64) + 1
    idx = np.repeat(np.arange(len(runs)), lengths)
    offs = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    columns = {}
    for name in COLUMNS:
        if name == "period":
            columns[name] = np.datetime_as_string(start[idx] + offs)
        elif name in ("bound", "bound_days"):
            columns[name] = runs[name].to_numpy().astype(np.int64)[idx]
        else:
            columns[name] = runs[name].to_numpy()[idx]
    panel = pd.DataFrame(columns)
    t2 = time.monotonic()
    panel.to_csv(out, index=False, lineterminator="\r\n")
    t3 = time.monotonic()
    cpu = time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows {len(panel)} bound {int(columns['bound'].sum())} seconds {t3 - t0:.3f} "
          f"cpu {cpu:.3f} read {t1 - t0:.3f} build {t2 - t1:.3f} write {t3 - t2:.3f} "
          f"maxrss_kib {rss}")


if __name__ == "__main__":
    main(*sys.argv[1:])
