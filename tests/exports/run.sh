#!/usr/bin/env bash
# Exports read back by the tools their users have, as TAP: the data
# package by a Frictionless validator (the datapackage npm package, pinned
# in tests/validators; scripts/deps.sh runs its `npm ci`), broken packages
# refused by it, the Atom feed by python3-feedparser, the year panel by
# python3-pandas.
#
# usage: tests/exports/run.sh PACTA SOURCE_ROOT

set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PACTA SOURCE_ROOT" >&2
	exit 2
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
pacta=$(abspath "$1")
src=$(abspath "$2")
here=$src/tests/exports
validator=$src/tests/validators/validate-datapackage.js

in_temp_dir "$src"

if ! "$pacta" init >"$tmp/out" 2>&1; then
	echo "Bail out! pacta init failed: $(head -n 3 "$tmp/out")"
	exit 1
fi

# check NAME FILE RC: ok when RC is 0; FILE holds the diagnostic.
check() {
	if [ "$3" -eq 0 ]; then
		pass "$1"
	else
		fail "$1" "$2"
	fi
}

# ---------------------------------------------------------------- data package

validate() {
	node "$validator" "$1/datapackage.json" >"$tmp/v.out" 2>&1
}

have_validator=1
if ! command -v node >/dev/null 2>&1; then
	echo "node is not installed" >"$tmp/v.out"
	have_validator=0
elif [ ! -d "$src/tests/validators/node_modules/datapackage" ]; then
	echo "the validator is not installed: run scripts/deps.sh (npm ci in tests/validators)" >"$tmp/v.out"
	have_validator=0
fi

"$pacta" export --datapackage pkg --on 2026-11-29 >"$tmp/e.out" 2>&1
rc=$?
check "export --datapackage writes the package" "$tmp/e.out" $rc
if [ $have_validator = 1 ]; then
	validate pkg
	rc=$?
	check "the data package validates ($(tail -n 1 "$tmp/v.out"))" "$tmp/v.out" $rc
else
	check "the data package validates" "$tmp/v.out" 1
fi

# broken NAME FILE SED-EXPR: a copy of the package with FILE edited must
# fail validation.
broken() {
	rm -rf bad
	cp -r pkg bad
	if [ -n "$3" ]; then
		sed -i "$3" "bad/$2"
	else
		rm "bad/$2"
	fi
	if cmp -s "pkg/$2" "bad/$2"; then
		echo "the edit changed nothing" >"$tmp/v.out"
		check "broken package refused: $1" "$tmp/v.out" 1
		return
	fi
	if [ $have_validator = 0 ]; then
		check "broken package refused: $1" "$tmp/v.out" 1
	elif validate bad; then
		echo "the validator accepted it" >>"$tmp/v.out"
		check "broken package refused: $1" "$tmp/v.out" 1
	else
		check "broken package refused: $1" "$tmp/v.out" 0
	fi
}
broken "an act by an unknown state" acts.csv '2s/^1,apmbc,[A-Z]*,/1,apmbc,XXX,/'
broken "an impossible date" acts.csv '2s/,\([0-9]\{4\}\)-[0-9][0-9]-[0-9][0-9],/,\1-02-30,/'
broken "a duplicate key" acts.csv '3s/^2,/1,/'
broken "a boolean that is not 0 or 1" status_intervals.csv '2s/,[01],\([^,]*\)\r$/,yes,\1\r/'
broken "a QID that is not one" states.csv '2s/,Q[0-9]*,/,889,/'
broken "a missing resource" obligations.csv ''
broken "a descriptor without resources" datapackage.json 's/"resources"/"resourcez"/'

# The same package as one ZIP file: unpacked, the same files, and valid.
"$pacta" export --datapackage pkg.zip --on 2026-11-29 >"$tmp/z.out" 2>&1 &&
	/usr/bin/python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
		pkg.zip unzipped >>"$tmp/z.out" 2>&1 && diff -r pkg unzipped >>"$tmp/z.out" 2>&1
check "export --datapackage FILE.zip: the directory's files in one ZIP" "$tmp/z.out" $?
if [ $have_validator = 1 ]; then
	validate unzipped
	rc=$?
	check "the unpacked ZIP validates ($(tail -n 1 "$tmp/v.out"))" "$tmp/v.out" $rc
else
	check "the unpacked ZIP validates" "$tmp/v.out" 1
fi
"$pacta" export --datapackage "$tmp/e.out/sub.zip" --on 2026-11-29 >"$tmp/u.out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "cannot write" "$tmp/u.out" && [ ! -e "$tmp/e.out/sub.zip.tmp" ]
check "export to a ZIP in a missing folder fails and leaves nothing" "$tmp/u.out" $?

"$pacta" export --datapackage "$tmp/e.out/sub" --on 2026-11-29 >"$tmp/u.out" 2>&1
rc=$?
[ $rc -eq 3 ] && grep -q "cannot create the directory" "$tmp/u.out"
check "export to an unwritable directory fails with exit 3" "$tmp/u.out" $?

# ---------------------------------------------------------------- feed

"$pacta" feed apmbc --on 2026-11-29 >feed.xml 2>"$tmp/f.out"
rc=$?
"$pacta" feed apmbc --on 2026-11-29 >feed2.xml 2>>"$tmp/f.out"
check "feed apmbc" "$tmp/f.out" $rc
cmp feed.xml feed2.xml >"$tmp/f.out" 2>&1
check "the feed is the same on a second run" "$tmp/f.out" $?
"$pacta" panel apmbc --from 2025 --to 2025 >withdrawals.csv 2>"$tmp/f.out"
if ! /usr/bin/python3 -c 'import feedparser' >"$tmp/f.out" 2>&1; then
	echo "python3-feedparser is missing (scripts/deps.sh installs it)" >>"$tmp/f.out"
	check "feedparser reads the Atom feed" "$tmp/f.out" 1
else
	/usr/bin/python3 "$here/check_feed.py" feed.xml withdrawals.csv >"$tmp/f.out" 2>&1
	rc=$?
	check "feedparser reads the Atom feed; every 2025 withdrawal has its entries ($(tail -n 1 "$tmp/f.out"))" "$tmp/f.out" $rc
fi

# ---------------------------------------------------------------- panel

"$pacta" panel apmbc --from 1997 --to 2026 >panel.csv 2>"$tmp/p.out" &&
	"$pacta" counts apmbc --from 1997-12-31 --to 2026-12-31 --unit year --csv >counts.csv 2>>"$tmp/p.out"
check "panel and counts" "$tmp/p.out" $?
if ! /usr/bin/python3 -c 'import pandas' >"$tmp/p.out" 2>&1; then
	echo "python3-pandas is missing (scripts/deps.sh installs it)" >>"$tmp/p.out"
	check "pandas reads the year panel" "$tmp/p.out" 1
else
	/usr/bin/python3 "$here/check_panel.py" panel.csv counts.csv >"$tmp/p.out" 2>&1
	rc=$?
	check "pandas reads the year panel; Latvia bound 2006-2024, not 2026 ($(tail -n 1 "$tmp/p.out"))" "$tmp/p.out" $rc
fi
# The day panel streams: every line CRLF, as many as states x days.
"$pacta" panel apmbc --from 2024 --to 2024 --unit day --state LVA,EST >day.csv 2>"$tmp/d.out"
lines=$(wc -l <day.csv)
crlf=$(grep -c $'\r$' day.csv)
[ "$lines" -eq 733 ] && [ "$crlf" -eq 733 ]
rc=$?
echo "lines $lines, CRLF $crlf; expected 733 (header + 2 x 366)" >>"$tmp/d.out"
check "day panel of a leap year: 366 rows per state, CRLF" "$tmp/d.out" $rc
"$pacta" panel apmbc --from 2024 --to 2026 --ndjson >panel.ndjson 2>"$tmp/j.out" &&
	/usr/bin/python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    json.loads(line)
    n += 1
assert n > 300, n
' panel.ndjson >>"$tmp/j.out" 2>&1
check "NDJSON: every line is a JSON object" "$tmp/j.out" $?

tap_end
