#!/usr/bin/env python3
"""The day-level panel built with pandas (Debian's python3-pandas), for
bench_panel: from the status intervals CSV pacta exports (the data
package's status_intervals.csv: treaty,state,status,start,end,...; end
exclusive, empty while the status lasts), one row per (treaty, state) with a
status other than none in the window and per day, with the columns
treaty,state,period,status,bound, written as CSV.

It is written the fast way pandas allows (vectorised numpy over day
numbers, no Python loop over rows or days), so the comparison is with
pandas at its best, not with a naive date_range/explode script.

usage: panel_pandas.py INTERVALS.csv FROM TO OUT.csv
Prints: rows N bound B seconds S cpu C read R build U write W maxrss_kib M
"""
import resource
import sys
import time

import numpy as np
import pandas as pd


def main(path, first, last, out):
    t0 = time.monotonic()
    c0 = time.process_time()
    iv = pd.read_csv(path, usecols=["treaty", "state", "status", "start", "end", "bound"],
                     dtype=str, keep_default_na=False)
    t1 = time.monotonic()
    lo = np.datetime64(first, "D").astype(np.int64)
    hi = np.datetime64(last, "D").astype(np.int64) + 1  # exclusive
    start = iv["start"].to_numpy().astype("datetime64[D]").astype(np.int64)
    end_s = iv["end"].to_numpy()
    end = np.where(end_s == "", "9999-12-31", end_s).astype("datetime64[D]").astype(np.int64)
    s = np.maximum(start, lo)
    e = np.minimum(end, hi)
    keep = s < e
    iv = iv[keep].reset_index(drop=True)
    s, e = s[keep], e[keep]
    # The (treaty, state) pairs with a status in the window, in file order.
    pair_key = iv["treaty"] + "\x1f" + iv["state"]
    pair_id, pairs = pd.factorize(pair_key, sort=False)
    n_days = int(hi - lo)
    n_pairs = len(pairs)
    n = n_pairs * n_days
    status = np.full(n, "none", dtype=object)
    bound = np.zeros(n, dtype=np.int8)
    lengths = (e - s).astype(np.int64)
    idx = np.repeat(np.arange(len(iv)), lengths)
    offs = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    pos = pair_id[idx] * n_days + (s[idx] - lo) + offs
    status[pos] = iv["status"].to_numpy()[idx]
    bound[pos] = (iv["bound"].to_numpy() == "1")[idx]
    treaty_state = pd.Series(pairs).str.split("\x1f", expand=True)
    days = np.datetime_as_string(np.arange(lo, hi).astype("datetime64[D]"))
    panel = pd.DataFrame({
        "treaty": np.repeat(treaty_state[0].to_numpy(), n_days),
        "state": np.repeat(treaty_state[1].to_numpy(), n_days),
        "period": np.tile(days, n_pairs),
        "status": status,
        "bound": bound,
    })
    t2 = time.monotonic()
    panel.to_csv(out, index=False, lineterminator="\r\n")
    t3 = time.monotonic()
    cpu = time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"rows {len(panel)} bound {int(bound.sum())} seconds {t3 - t0:.3f} cpu {cpu:.3f} "
          f"read {t1 - t0:.3f} build {t2 - t1:.3f} write {t3 - t2:.3f} maxrss_kib {rss}")


if __name__ == "__main__":
    main(*sys.argv[1:])
