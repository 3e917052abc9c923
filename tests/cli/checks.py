"""What the check_*.py scripts share: failing with a message, reading the
CSV that 'pacta ... --csv' prints."""

import csv
import sys


def fail(msg):
    print(msg)
    sys.exit(1)


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
