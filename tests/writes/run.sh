#!/usr/bin/env bash
# Writes judged by what they change, through the command line, as TAP: an
# act that contradicts a stored act dated after it is refused like one
# dated before it, by `pacta record`, `pacta import` and `pacta correct`,
# with a problem that names both acts, and the record stays as it was (the
# Convention's entry into force, the state's story, the history); a valid
# act is still written. Source URLs are checked on every write and when the
# bundled record is loaded.
#
# usage: tests/writes/run.sh PACTA SOURCE_ROOT

set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PACTA SOURCE_ROOT" >&2
	exit 2
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
pacta=$(abspath "$1")
src=$(abspath "$2")

in_temp_dir "$src"

# The record as the answers show it: the Convention's summary (its entry
# into force, counts), the stories of the states the tests write about,
# and the history.
snapshot() {
	{
		"$pacta" summary apmbc --on 2026-03-01
		for s in DEU FRA ITA POL LVA USA; do
			"$pacta" timeline apmbc "$s" --csv
		done
		"$pacta" history --csv
	} >"$1" 2>&1
}

# unchanged NAME: the record is as the last snapshot saw it.
unchanged() {
	snapshot "$tmp/after"
	if cmp -s "$tmp/before" "$tmp/after"; then
		pass "$1: nothing changed"
	else
		diff -u "$tmp/before" "$tmp/after" >"$diag"
		fail "$1: nothing changed" "$diag"
	fi
}

if ! "$pacta" init >"$out" 2>&1; then
	echo "Bail out! pacta init failed: $(head -n 3 "$out")"
	exit 1
fi
snapshot "$tmp/before"
if grep -q "In force since 1999-03-01" "$tmp/before"; then
	pass "the Convention is in force since 1999-03-01"
else
	fail "the Convention is in force since 1999-03-01" "$tmp/before"
fi

un='https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26&clang=_en'

# ---------------------------------------------------------------- record

# Germany ratified on 1998-07-23; a ratification dated 1997-12-04 comes
# first in date order, so the stored act is the one the checks blame.
expect "record: a consent before a stored consent" 3 \
	record apmbc DEU ratification 1997-12-04 --source "$un" -- \
	"DEU ratification on 1998-07-23 contradicts its earlier consent to be bound recorded at command line (ratification on 1997-12-04), which still stands" \
	"1 problem; nothing was recorded"
# Poland signed on 1997-12-04.
expect "record: an accession before a stored signature" 3 \
	record apmbc POL accession 1997-12-03 --source "$un" -- \
	"POL signature on 1997-12-04 comes after its consent to be bound recorded at command line (accession on 1997-12-03)" \
	"nothing was recorded"
expect "record: an exact duplicate of a stored act" 3 \
	record apmbc LVA accession 2005-07-01 --source "$un" -- \
	"LVA accession on 2005-07-01 is recorded twice (also at command line)" \
	"nothing was recorded"
if grep -qE '^pacta: store:act [0-9]+: DEU ratification on 1998-07-23' <<<"$("$pacta" record apmbc DEU ratification 1997-12-04 --source "$un" 2>&1)"; then
	pass "record: the problem is located at the stored act"
else
	fail "record: the problem is located at the stored act"
fi
unchanged "record"

# ---------------------------------------------------------------- import

header='state,action,date,effective,target,source_url,note'
# import_refused NAME FILE ROWS SUBSTRING...: an acts file of the rows is
# refused with exit 3.
import_refused() {
	local name=$1 file=$tmp/$2 rows=$3
	shift 3
	printf '%s\n%s\n' "$header" "$rows" >"$file"
	expect "import: $name" 3 import "$file" --treaty apmbc -- "$@" "nothing was recorded"
}
import_refused "a consent before a stored consent" consent.csv "DEU,ratification,1997-12-04,,,$un," \
	"DEU ratification on 1998-07-23 contradicts its earlier consent to be bound recorded at $tmp/consent.csv:2 (ratification on 1997-12-04)"
import_refused "an accession before a stored signature" accession.csv "POL,accession,1997-12-03,,,$un," \
	"POL signature on 1997-12-04 comes after its consent to be bound recorded at $tmp/accession.csv:2 (accession on 1997-12-03)"
import_refused "an exact duplicate" duplicate.csv "LVA,accession,2005-07-01,,,$un," \
	"LVA accession on 2005-07-01 is recorded twice (also at $tmp/duplicate.csv:2)"
# The attack of the integrity review: ten second ratifications dated
# 1997-12-04 would have moved the entry into force to 1999-01-01, and
# closed signature before two stored signatures.
ten=""
for s in DEU FRA ITA ESP NLD BEL AUT SWE DNK NOR; do
	ten="$ten$s,ratification,1997-12-04,,,$un,"$'\n'
done
import_refused "ten ratifications before the stored ones" ten.csv "${ten%$'\n'}" \
	"FRA ratification on 1998-07-23 contradicts its earlier consent to be bound recorded at $tmp/ten.csv:3 (ratification on 1997-12-04)" \
	"UKR signature on 1999-02-24: signature closed when the treaty entered into force on 1999-01-01" \
	"12 problems"
unchanged "import"

# ---------------------------------------------------------------- correct

# act_id STATE ACTION: the stored act's number, from the timeline.
act_id() {
	"$pacta" timeline apmbc "$1" --json | /usr/bin/python3 -c 'import json, sys
for e in json.load(sys.stdin)["events"]:
    a = e.get("act")
    if a and a["action"] == sys.argv[1]:
        print(a["id"])
        break' "$2"
}
pol_sig=$(act_id POL signature)
expect "correct: Poland's signature made an accession" 3 \
	correct apmbc "$pol_sig" --action accession --why "a test" -- \
	"POL ratification on 2012-12-27 contradicts its earlier consent to be bound recorded at command line (accession on 1997-12-04)" \
	"nothing was recorded"
unchanged "correct"

# ---------------------------------------------------------------- sources

expect "record: a space in --source" 2 \
	record apmbc USA accession 2027-03-01 --source "https://example.org/a b" -- \
	"--source must be an http(s) URL (RFC 3986): a space at character 22 (write it as %20)"
expect "record: markup in --source" 2 \
	record apmbc USA accession 2027-03-01 --source "https://example.org/<script>alert(1)</script>" -- \
	"--source must be an http(s) URL (RFC 3986): '<' at character 21 is not allowed in the path (write it as %3C)"
expect "record: a broken escape in --source" 2 \
	record apmbc USA accession 2027-03-01 --source "https://example.org/100%" -- \
	"--source must be an http(s) URL (RFC 3986): a '%' at character 24 that starts no %XX escape"
printf '%s\n%s\n' "$header" 'USA,accession,2027-03-01,,,"https://example.org/a""b",' >"$tmp/quote.csv"
expect "import: a quote in source_url" 3 import "$tmp/quote.csv" --treaty apmbc -- \
	"quote.csv:2: column 'source_url': not a valid http(s) URL: '\"' at character 22 is not allowed in the path (write it as %22)" \
	"nothing was imported"
lva=$(act_id LVA accession)
expect "correct: a control character in --source" 2 \
	correct apmbc "$lva" --source $'https://example.org/\t' --why "a test" -- \
	"--source must be an http(s) URL (RFC 3986): a control character (0x09) at character 21"
unchanged "sources"

# The bundled record is loaded with the same check: a copy whose
# states.csv has a space in a URL is refused, naming the file and line.
cp -r "$src/data" "$tmp/data"
awk -F, 'NR == 2 { sub(/https:\/\//, "https://a b.") } { print }' "$src/data/states.csv" \
	>"$tmp/data/states.csv"
expect "check: a space in a bundled source URL" 3 check --data "$tmp/data" -- \
	"/states.csv:2: column 'source_url': not a valid http(s) URL: a space at character 10"

# ---------------------------------------------------------------- accepted

# A valid act dated before stored acts of other states is written.
expect "record: a valid act is still written" 0 \
	record apmbc USA accession 2027-03-01 --source https://example.org/usa --allow-future -- \
	"recorded apmbc USA accession on 2027-03-01"
run status apmbc USA --on 2027-09-01 --csv
if [ "$rc" -eq 0 ] && grep -q '^apmbc,2027-09-01,USA,United States,party,' "$out"; then
	pass "record: the valid act counts"
else
	fail "record: the valid act counts" "$out"
fi

tap_end
