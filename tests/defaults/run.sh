#!/usr/bin/env bash
# Safe defaults of the command line, as TAP: a missing --db or PACTA_DB
# path is an error that creates nothing (only init creates a database
# there; the default location is still created on first use); queries open
# the database read-only and answer from a read-only file in a read-only
# folder, writing nothing; an import names every bad row (up to 50, then a
# count) and writes nothing; acts dated after today are refused by record,
# import and correct unless --allow-future.
#
# usage: tests/defaults/run.sh PACTA SOURCE_ROOT

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

# check NAME: pass when $diag is empty, else fail with it and stderr.
check() {
	if [ -s "$diag" ]; then
		sed 's/^/stderr: /' "$err" >>"$diag"
		fail "$1" "$diag"
	else
		pass "$1"
	fi
}

# ------------------------------------------------------------ missing paths

mkdir "$tmp/work" && cd "$tmp/work" || exit 1
expect "a missing --db path fails and says how to create it" 1 \
	--db no/such/folder/x.db status apmbc -- \
	"no database at no/such/folder/x.db" "pacta --db no/such/folder/x.db init"
: >"$diag"
[ -z "$(ls -A)" ] || { echo "created:"; ls -AR; } >>"$diag"
check "a missing --db path creates nothing (no file, no folder)"

PACTA_DB=missing.db expect "a missing PACTA_DB path fails and says how to create it" 1 \
	status apmbc -- "no database at missing.db (named by PACTA_DB)" "pacta --db missing.db init"
: >"$diag"
[ -z "$(ls -A)" ] || { echo "created:"; ls -AR; } >>"$diag"
check "a missing PACTA_DB path creates nothing"

for cmd in "timeline apmbc AGO" "history" "verify" "record apmbc AGO signature 1997-12-03 --source https://example.org/x" "token add x"; do
	# shellcheck disable=SC2086 # the command's words
	expect "pacta $cmd on a missing --db path fails" 1 --db nope/x.db $cmd -- "no database at nope/x.db"
done
: >"$diag"
[ -z "$(ls -A)" ] || { echo "created:"; ls -AR; } >>"$diag"
check "no command but init creates a missing --db path"

expect "init creates a database at an explicit path (and its folders)" 0 \
	--db made/here/x.db init --
run --db made/here/x.db status apmbc AGO --on 2020-01-01
: >"$diag"
[ "$rc" -eq 0 ] && grep -q "^AGO .*party" "$out" || echo "exit $rc, no AGO party line" >>"$diag"
check "the database init made answers"
cd "$tmp" || exit 1

# The default location (no --db, no PACTA_DB) is created on first use.
env -u PACTA_DB XDG_DATA_HOME="$tmp/xdg" "$pacta" status apmbc AGO --on 2020-01-01 >"$out" 2>"$err"
rc=$?
: >"$diag"
[ "$rc" -eq 0 ] || echo "exit $rc" >>"$diag"
grep -qF "created $tmp/xdg/pacta/pacta.db" "$err" || echo "stderr lacks: created" >>"$diag"
[ -f "$tmp/xdg/pacta/pacta.db" ] || echo "no database at the default location" >>"$diag"
check "the default location is created on first use"

# --------------------------------------------------------- read-only files

# A database read-only (0444) in a read-only folder (0555): every query
# answers, and nothing is written (no -wal or -shm file, the file's size
# and time unchanged). Root ignores permissions, so the same is asked of
# an unprivileged user when the suite runs as root and setpriv is there.
"$pacta" --db "$tmp/ro/p.db" init 2>/dev/null
chmod 0444 "$tmp/ro/p.db"
chmod 0555 "$tmp/ro"
before=$(stat -c '%Y %s' "$tmp/ro/p.db")
queries=(
	"status apmbc --on 2020-01-01"
	"timeline apmbc AGO"
	"explain apmbc AGO --on 2020-01-01"
	"obligations apmbc AGO --on 2020-01-01"
	"reports apmbc --on 2020-01-01"
	"history"
	"verify"
	"treaties"
	"calendar apmbc AGO --on 2020-01-01"
	"counts apmbc --from 2000-01-01 --to 2002-01-01"
	"import-untc $src/tests/untc/ccm.html --csv"
)
readonly_queries() { # WHO PREFIX...
	local who=$1
	shift
	for q in "${queries[@]}"; do
		: >"$diag"
		# shellcheck disable=SC2086 # the query's words
		"$@" "$pacta" --db "$tmp/ro/p.db" $q >"$out" 2>"$err"
		rc=$?
		[ "$rc" -eq 0 ] || echo "exit $rc: pacta $q" >>"$diag"
		[ -s "$out" ] || echo "no output: pacta $q" >>"$diag"
		check "read-only file in a read-only folder ($who): pacta $q"
	done
	: >"$diag"
	[ "$(stat -c '%Y %s' "$tmp/ro/p.db")" = "$before" ] || echo "the file changed" >>"$diag"
	ls "$tmp/ro" | grep -v '^p\.db$' | sed 's/^/created: /' >>"$diag"
	check "read-only file ($who): nothing written, no -wal or -shm"
}
readonly_queries "$(id -un)"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chmod 0755 "$tmp"
	as_nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	readonly_queries nobody "${as_nobody[@]}"
	# Writable bits on the file, but a folder the user cannot write: the
	# WAL's shared memory cannot be made, and the file is read as immutable.
	chmod 0755 "$tmp/ro" && chmod 0644 "$tmp/ro/p.db" && chmod 0555 "$tmp/ro"
	before=$(stat -c '%Y %s' "$tmp/ro/p.db")
	: >"$diag"
	"${as_nobody[@]}" "$pacta" --db "$tmp/ro/p.db" status apmbc AGO --on 2020-01-01 >"$out" 2>"$err"
	rc=$?
	[ "$rc" -eq 0 ] && grep -q "^AGO .*party" "$out" || echo "exit $rc" >>"$diag"
	ls "$tmp/ro" | grep -v '^p\.db$' | sed 's/^/created: /' >>"$diag"
	check "another user's database in a folder it cannot write: answers, writes nothing"
	"${as_nobody[@]}" "$pacta" --db "$tmp/ro/p.db" record apmbc AGO withdrawal 2020-01-01 \
		--source https://example.org/x >"$out" 2>"$err"
	rc=$?
	: >"$diag"
	[ "$rc" -eq 6 ] || echo "exit $rc, expected 6" >>"$diag"
	grep -q "check its permissions" "$err" || echo "stderr lacks: check its permissions" >>"$diag"
	check "a write to it is refused with exit 6 and what to check"
fi
chmod 0755 "$tmp/ro"

# ------------------------------------------------------------ bad imports

"$pacta" init 2>/dev/null
changes() { "$pacta" history --csv | wc -l; }
before=$(changes)
header=state,action,date,effective,target,source_url,note
{
	echo "$header"
	echo 'EST,accession,2020-03-01,,,https://example.org/a,a good row'
	echo 'XYZ,accession,2020-04-01,,,https://example.org/b,'
	echo 'USA,rejoin,2020-04-01,,,https://example.org/b,'
	echo 'USA,accession,2020-02-30,,,https://example.org/b,'
	echo 'EST,declaration,2020-05-01,,,https://example.org/b,a good row'
	echo 'USA,accession,2020-04-01,,,ftp://example.org/b,'
} >four-bad.csv
expect "import: every bad row is reported, with file:line and why" 3 import four-bad.csv --treaty apmbc -- \
	"four-bad.csv:3: column 'state': unknown state code" \
	"four-bad.csv:4: column 'action': unknown action" \
	"four-bad.csv:5: column 'date': expected a real date" \
	"four-bad.csv:7: column 'source_url'" \
	"four-bad.csv: 4 bad rows" "nothing was imported"
: >"$diag"
[ "$(changes)" = "$before" ] || echo "the history changed" >>"$diag"
"$pacta" timeline apmbc EST --csv | grep -q '2020-05-01' && echo "a good row was written" >>"$diag"
check "import: four bad rows write nothing, not even the good rows"
{
	echo "$header"
	for i in $(seq 1 53); do echo "XYZ,accession,2020-04-01,,,https://example.org/$i,"; done
} >many-bad.csv
expect "import: the first 50 bad rows, then a count" 3 import many-bad.csv --treaty apmbc -- \
	"many-bad.csv:51:" "and 3 more bad rows" "53 bad rows"
: >"$diag"
grep -q "many-bad.csv:52:" "$err" && echo "row 52 listed" >>"$diag"
check "import: rows past the limit are counted, not listed"

# ------------------------------------------------------------ future acts

# Today is the system's day; an act dated a year on is refused on every
# write path, with the reason, unless --allow-future.
later=$(date -u -d "+1 year" +%Y-%m-%d)
expect "record: an act dated after today is refused" 3 \
	record apmbc USA accession "$later" --source https://example.org/f -- \
	"the act is dated $later, after today" "--allow-future" "nothing was recorded"
printf '%s\n%s\n' "$header" "USA,accession,$later,,,https://example.org/f," >future.csv
expect "import: an act dated after today is refused" 3 import future.csv --treaty apmbc -- \
	"future.csv:2: the act is dated $later, after today" "nothing was recorded"
: >"$diag"
[ "$(changes)" = "$before" ] || echo "the history changed" >>"$diag"
check "refused future acts write nothing"
id=$("$pacta" timeline apmbc EST --json | python3 -c 'import json,sys; print(next(e["act"]["id"] for e in json.load(sys.stdin)["events"] if e.get("act")))' 2>/dev/null)
expect "correct: a date after today is refused" 3 \
	correct apmbc "$id" --date "$later" --why "a test" -- "after today" "nothing was recorded"
: >"$diag"
[ "$(changes)" = "$before" ] || echo "the history changed" >>"$diag"
check "a refused correction writes nothing"
expect "record --allow-future: the act is recorded" 0 \
	record apmbc USA accession "$later" --source https://example.org/f --allow-future --
usa=$("$pacta" timeline apmbc USA --json | python3 -c 'import json,sys; print([e["act"]["id"] for e in json.load(sys.stdin)["events"] if e.get("act")][-1])' 2>/dev/null)
even_later=$(date -u -d "+1 year +1 day" +%Y-%m-%d)
expect "correct --allow-future: a correction to a later day is made" 0 \
	correct apmbc "$usa" --date "$even_later" --why "a test" --allow-future --

tap_end
