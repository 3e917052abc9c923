#!/usr/bin/env bash
# The hostile-input table (tests/hostile/cases.txt) as TAP.
#
# usage: tests/hostile/run.sh PACTA SOURCE_ROOT
#
# Each case makes its input, feeds it to one surface of pacta and expects
# an exit code, a message on stderr, no crash (no exit by a signal), and a
# database left exactly as it was: the same history and the same head hash
# from `pacta verify`, which still passes. Runs in a temporary directory
# with its own database; PACTA_WRAPPER (tests/valgrind.sh) wraps pacta.

set -u

if [ $# -ne 2 ]; then
	echo "usage: $0 PACTA SOURCE_ROOT" >&2
	exit 2
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
pacta=$(abspath "$1")
src=$(abspath "$2")
here=$src/tests/hostile
in_temp_dir "$src"
if ! "$pacta" init >"$out" 2>"$err"; then
	echo "Bail out! pacta init failed: $(head -n 3 "$err")"
	exit 1
fi
state() {
	{
		"$pacta" history --csv
		"$pacta" verify
	} 2>&1
}
before=$(state)
cp "$PACTA_DB" "$tmp/saved.db"

header='state,action,date,effective,target,source_url,note'
good='EST,accession,2027-03-01,,,https://example.org/a,a row that would do'
url=https://example.org/h

# ---- generators: gen_NAME FILE writes the input of case NAME.
gen_import-invalid-utf8() { printf '%s\nEST,accession,2027-03-01,,,%s,caf\xe9\n' "$header" "$url" >"$1"; }
gen_import-overlong-utf8() { printf '%s\nEST,accession,2027-03-01,,,%s,\xc0\xaf\n' "$header" "$url" >"$1"; }
gen_import-surrogate-utf8() { printf '%s\nEST,accession,2027-03-01,,,%s,\xed\xa0\x80\n' "$header" "$url" >"$1"; }
gen_import-truncated-utf8() { printf '%s\nEST,accession,2027-03-01,,,%s,\xe2\x82' "$header" "$url" >"$1"; }
gen_import-nul-byte() { printf '%s\nEST,accession,2027-03-01,,,%s,a\0b\n' "$header" "$url" >"$1"; }
gen_import-lone-cr() { printf '%s\nEST,accession,2027-03-01,,,%s,a\rb\n' "$header" "$url" >"$1"; }
gen_import-unterminated-quote() { printf '%s\n%s\nEST,accession,2027-03-01,,,%s,"open' "$header" "$good" "$url" >"$1"; }
gen_import-oversized-field() {
	{
		printf '%s\nEST,accession,2027-03-01,,,%s,' "$header" "$url"
		head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' 'x'
		printf '\n'
	} >"$1"
}
gen_import-too-many-fields() {
	{
		printf '%s\n' "$header"
		for _ in $(seq 1 600); do printf 'x,'; done
		printf 'x\n'
	} >"$1"
}
# A sparse file of 65 MiB: over the 64 MiB bound before a byte is parsed.
gen_import-oversized-file() { truncate -s 65M "$1"; }
gen_import-empty() { : >"$1"; }
gen_import-binary() { head -c 4096 "$pacta" >"$1"; }
gen_import-formula-treaty() { printf 'treaty,%s\n=cmd|calc,%s\n' "$header" "$good" >"$1"; }
gen_import-sql-quote() { printf "%s\nEST'); DROP TABLE act; --,accession,2027-03-01,,,%s,\n" "$header" "$url" >"$1"; }

# Data files: the generator writes the replacement file.
gen_acts-invalid-utf8() { sed '3s/$/\xff/' "$src/data/apmbc/acts.csv" >"$1"; }
gen_acts-nul-byte() { sed '3s/$/\x00/' "$src/data/apmbc/acts.csv" >"$1"; }
gen_obligations-invalid-utf8() { sed '2s/$/\xc3/' "$src/data/apmbc/obligations.csv" >"$1"; }
gen_obligations-truncated() { { cat "$src/data/apmbc/obligations.csv"; printf 'AFG,4,completed,2006-12-31,,,%s,"cut' "$url"; } >"$1"; }
gen_obligations-oversized-field() {
	{
		head -n 1 "$src/data/apmbc/obligations.csv"
		printf 'AFG,4,completed,2006-12-31,,,%s,' "$url"
		head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' 'y'
		printf '\n'
	} >"$1"
}
gen_states-invalid-utf8() { sed '2s/$/\xfe/' "$src/data/states.csv" >"$1"; }
gen_states-nul-byte() { sed '2s/$/\x00/' "$src/data/states.csv" >"$1"; }
gen_groups-invalid-utf8() { sed '2s/$/\x80/' "$src/data/groups.csv" >"$1"; }
gen_rules-deep-nesting() {
	{
		printf '{"id": "apmbc", "note": '
		head -c 100000 /dev/zero | tr '\0' '['
		head -c 100000 /dev/zero | tr '\0' ']'
		printf '}\n'
	} >"$1"
}
# The rules file with its "record" list replaced.
rules_with_record() {
	python3 -c 'import json, sys
rules = json.load(open(sys.argv[1], encoding="utf-8"))
rules["record"] = [sys.argv[2]]
print(json.dumps(rules, indent=2))' "$src/data/treaties/apmbc.json" "$2" >"$1"
}
gen_rules-path-traversal() { rules_with_record "$1" ../../etc/passwd; }
gen_rules-absolute-path() { rules_with_record "$1" /etc/passwd; }
gen_rules-invalid-utf8() { sed 's|"name": "|"name": "\xff|' "$src/data/treaties/apmbc.json" >"$1"; }
gen_rules-truncated() { head -c 300 "$src/data/treaties/apmbc.json" >"$1"; }
gen_rules-nul-byte() { sed 's|"name": "|"name": "\x00|' "$src/data/treaties/apmbc.json" >"$1"; }
gen_rules-duplicate-key() { sed 's|^{|{"id": "apmbc",|' "$src/data/treaties/apmbc.json" >"$1"; }
gen_rules-oversized() {
	{
		printf '{"id": "apmbc", "note": "'
		head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'z'
		printf '"}\n'
	} >"$1"
}

gen_untc-truncated() { head -c 5000 "$src/tests/untc/ottawa.html" >"$1"; }
gen_untc-nul-byte() { printf '<html>\0</html>\n' >"$1"; }
gen_untc-oversized() { truncate -s 33M "$1"; }
gen_untc-deep-nesting() {
	{
		printf '<html><body>'
		for _ in $(seq 1 2000); do printf '<div><div><div><div><div>'; done
		printf '</body></html>\n'
	} >"$1"
}
gen_untc-not-html() { head -c 3000 "$pacta" >"$1"; }

gen_on-february-30() { printf '2023-02-30' >"$1"; }
gen_on-year-99999() { printf '99999-01-01' >"$1"; }
gen_on-short-form() { printf '2023-1-1' >"$1"; }
gen_on-trailing-junk() { printf '2023-02-28x' >"$1"; }
gen_on-huge() { head -c 100000 /dev/zero | tr '\0' '9' >"$1"; }
gen_on-empty() { : >"$1"; }

gen_db-text-file() { printf 'not a database\n' >"$1"; }
gen_db-other-sqlite() { sqlite3 "$1" 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'; }
gen_db-empty-file() { : >"$1"; }
gen_db-sqlite-header-garbage() {
	{
		printf 'SQLite format 3\0'
		head -c 8192 /dev/urandom
	} >"$1"
}

# Damaged copies: the file cut after its first pages, and its last pages
# zeroed.
gen_verify-truncated() { head -c 8192 "$PACTA_DB" >"$1"; }
gen_verify-zeroed-tail() {
	local size
	cp "$PACTA_DB" "$1"
	size=$(stat -c %s "$1")
	dd if=/dev/zero of="$1" bs=4096 seek=$((size / 4096 - 3)) count=3 conv=notrunc 2>/dev/null
}
# The same damage, asked a question instead: the answer is refused. And a
# copy missing only its last 100 bytes (part of a page no answer reads).
gen_db-truncated() { gen_verify-truncated "$1"; }
gen_db-zeroed-tail() { gen_verify-zeroed-tail "$1"; }
gen_db-last-100-bytes-cut() {
	local size
	size=$(stat -c %s "$PACTA_DB")
	head -c $((size - 100)) "$PACTA_DB" >"$1"
}

# The database is checkpointed (pacta closes it) before it is copied.
data_copy() {
	rm -rf "$tmp/data"
	cp -r "$src/data" "$tmp/data"
}

lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	case $line in
	'' | '#'*) continue ;;
	esac
	IFS='|' read -r name surface want msg <<<"$line"
	name=$(echo "$name" | tr -d '[:space:]')
	surface=$(echo "$surface" | tr -d '[:space:]')
	want=$(echo "$want" | tr -d '[:space:]')
	msg=$(echo "$msg" | sed 's/^ *//; s/ *$//')
	input=$tmp/hostile.csv
	rm -f "$input"
	if [ -f "$here/inputs/$name" ]; then
		cp "$here/inputs/$name" "$input"
	elif declare -F "gen_$name" >/dev/null; then
		"gen_$name" "$input"
	else
		fail "$name: no input (cases.txt:$lineno)"
		continue
	fi
	diag=$tmp/diag
	: >"$diag"
	codes=""
	check_run() {
		codes="$codes $rc"
		if [ "$rc" -ne "$want" ]; then
			printf 'pacta %s: exit %d, expected %d\n' "$1" "$rc" "$want" >>"$diag"
		fi
		if ! grep -qF -- "$msg" "$err"; then
			printf 'pacta %s: stderr lacks: %s\n' "$1" "$msg" >>"$diag"
		fi
		if [ "$rc" -ge 128 ]; then
			printf 'pacta %s: killed by signal %d\n' "$1" $((rc - 128)) >>"$diag"
		fi
		if [ -s "$out" ] && [ "$1" != verify ]; then
			printf 'pacta %s: printed on stdout\n' "$1" >>"$diag"
		fi
		head -c 2000 "$err" | sed 's/^/  stderr: /' >>"$diag"
	}
	case $surface in
	import)
		run import "$input" --treaty apmbc
		check_run import
		;;
	acts | obligations | states | groups | rules)
		data_copy
		case $surface in
		acts) target=apmbc/acts.csv ;;
		obligations) target=apmbc/obligations.csv ;;
		states) target=states.csv ;;
		groups) target=groups.csv ;;
		rules) target=treaties/apmbc.json ;;
		esac
		cp "$input" "$tmp/data/$target"
		run check --data "$tmp/data"
		# check prints its findings on stdout by design.
		cat "$out" >>"$err"
		: >"$out"
		check_run check
		run init --force --data "$tmp/data"
		check_run "init --force"
		;;
	on)
		run status apmbc LVA --on "$(cat "$input")"
		check_run "status --on"
		;;
	db)
		cp "$input" "$input.orig"
		run --db "$input" status apmbc LVA --on 2020-01-01
		check_run "--db"
		if ! cmp -s "$input" "$input.orig"; then
			echo "the file was changed" >>"$diag"
		fi
		;;
	verify)
		run --db "$input" verify
		check_run verify
		;;
	untc)
		run import-untc "$input" --treaty apmbc
		check_run import-untc
		;;
	*)
		echo "unknown surface '$surface' (cases.txt:$lineno)" >>"$diag"
		;;
	esac
	if [ "$(state)" != "$before" ]; then
		echo "the database changed" >>"$diag"
		# Put it back, so that the next cases start from the same place.
		cp "$tmp/saved.db" "$PACTA_DB"
		rm -f "$PACTA_DB-wal" "$PACTA_DB-shm"
	fi
	if grep -qv '^  stderr: ' "$diag"; then
		fail "$name ($surface)" "$diag"
	else
		pass "$name ($surface): exit$codes"
	fi
done <"$here/cases.txt"

tap_end
