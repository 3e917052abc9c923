#!/usr/bin/env bash
# Golden and error-path tests of the pacta command, as TAP.
#
# usage: tests/cli/run.sh [--update] PACTA SOURCE_ROOT
#
# PACTA is the built program, SOURCE_ROOT the top of the source tree.
# Golden cases are listed in tests/cli/cases.txt ("name | args"); each
# golden/NAME.out holds the command's stdout followed by a line "exit: N".
# --update (or UPDATE_GOLDEN=1) rewrites the goldens instead of comparing;
# read every changed golden before committing it.
#
# Everything runs in a temporary directory with its own database, HOME and
# PACTA_USER=test, so the tests never touch a real database.

set -u

update=${UPDATE_GOLDEN:-0}
if [ "${1:-}" = "--update" ]; then
	update=1
	shift
fi
if [ $# -ne 2 ]; then
	echo "usage: $0 [--update] PACTA SOURCE_ROOT" >&2
	exit 2
fi

# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
pacta=$(abspath "$1")
src=$(abspath "$2")
here=$src/tests/cli
golden_dir=$here/golden
cases=$here/cases.txt

if [ ! -x "$pacta" ]; then
	echo "Bail out! no program at $pacta"
	exit 1
fi
if [ ! -f "$cases" ]; then
	echo "Bail out! no $cases"
	exit 1
fi

in_temp_dir "$src"

# Writes what a golden holds for the last run to $1.
render() {
	cat "$out" >"$1"
	if [ -s "$out" ] && [ -n "$(tail -c 1 "$out")" ]; then
		printf '\n(no newline at the end of the output)\n' >>"$1"
	fi
	printf 'exit: %d\n' "$rc" >>"$1"
}

diag=$tmp/diag
# Starts a diagnostic for a failed test.
diag_begin() {
	: >"$diag"
}
diag_add() {
	printf '%s\n' "$@" >>"$diag"
}
diag_file() {
	printf '%s:\n' "$1" >>"$diag"
	sed 's/^/  /' "$2" >>"$diag"
}

if ! "$pacta" init >"$out" 2>"$err"; then
	echo "Bail out! pacta init failed: $(head -n 3 "$err")"
	exit 1
fi

# ---------------------------------------------------------------- goldens

takes_on=" status parties explain summary obligations overdue calendar profile map feed export "
takes_window=" deadlines panel counts "
mkdir -p "$golden_dir"
seen=$tmp/seen
: >"$seen"
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=${line%$'\r'}
	case $line in
	'' | '#'*) continue ;;
	esac
	name=${line%%|*}
	name=${name//[[:space:]]/}
	if [ "$name" = "$line" ] || [ -z "$name" ] || [[ ! $name =~ ^[A-Za-z0-9._-]+$ ]]; then
		diag_begin
		diag_add "cases.txt:$lineno: expected 'name | args', got: $line"
		fail "cases.txt line $lineno" "$diag"
		continue
	fi
	args=${line#*|}
	argv=()
	if ! eval "argv=($args)" 2>"$err"; then
		diag_begin
		diag_file "cases.txt:$lineno: cannot split the arguments" "$err"
		fail "golden $name" "$diag"
		continue
	fi
	printf '%s\n' "$name" >>"$seen"
	cmd=${argv[0]:-}
	if [[ $takes_on == *" $cmd "* ]] && [[ " ${argv[*]} " != *" --on "* ]]; then
		diag_begin
		diag_add "cases.txt:$lineno: '$cmd' takes --on: give a fixed date"
		fail "golden $name" "$diag"
		continue
	fi
	if [[ $takes_window == *" $cmd "* ]] && { [[ " ${argv[*]} " != *" --from "* ]] ||
		[[ " ${argv[*]} " != *" --to "* ]]; }; then
		diag_begin
		diag_add "cases.txt:$lineno: '$cmd' takes --from and --to: give fixed dates"
		fail "golden $name" "$diag"
		continue
	fi
	run "${argv[@]}"
	got=$tmp/got
	render "$got"
	want=$golden_dir/$name.out
	if [ "$update" = 1 ]; then
		cp "$got" "$want"
		pass "golden $name (updated)"
	elif [ ! -f "$want" ]; then
		diag_begin
		diag_add "no golden $name.out; run with --update and read it"
		fail "golden $name" "$diag"
	elif cmp -s "$want" "$got"; then
		pass "golden $name"
	else
		diag_begin
		diag_add "diff"
		diff -u "$want" "$got" | sed -e "1s|.*|--- golden/$name.out|" \
			-e "2s|.*|+++ pacta ${args# }|" >>"$diag"
		if [ -s "$err" ]; then
			diag_file "stderr" "$err"
		fi
		fail "golden $name" "$diag"
	fi
done <"$cases"

# Every golden belongs to a case (an update removes the others).
diag_begin
for f in "$golden_dir"/*.out; do
	[ -e "$f" ] || continue
	g=$(basename "$f" .out)
	if ! grep -qxF -- "$g" "$seen"; then
		if [ "$update" = 1 ]; then
			rm -f "$f"
		else
			diag_add "golden/$g.out has no case in cases.txt"
		fi
	fi
done
if [ -s "$diag" ]; then
	fail "every golden has a case" "$diag"
else
	pass "every golden has a case"
fi

# ---------------------------------------------------------------- errors

# expect NAME CODE STDERR-SUBSTRING ARGS...: pacta ARGS exits with CODE,
# says STDERR-SUBSTRING on stderr and prints nothing on stdout.
expect() {
	local name=$1 want=$2 sub=$3
	shift 3
	run "$@"
	diag_begin
	if [ "$rc" -ne "$want" ]; then
		diag_add "exit $rc, expected $want"
	fi
	if ! grep -qF -- "$sub" "$err"; then
		diag_add "stderr lacks: $sub"
	fi
	if [ -s "$out" ]; then
		diag_file "stdout is not empty" "$out"
	fi
	if [ -s "$diag" ]; then
		diag_add "pacta $*"
		diag_file "stderr" "$err"
		fail "$name" "$diag"
	else
		pass "$name"
	fi
}

expect "no command" 2 "usage: pacta"
expect "unknown command" 2 "unknown command 'frobnicate'" frobnicate
expect "unknown option" 2 "unknown option '--bogus'" status apmbc --bogus --on 2020-01-01
expect "option without its value" 2 "--group needs a value" parties apmbc --on 2020-01-01 --group
expect "status without a treaty" 2 "wrong number of arguments" status --on 2020-01-01
expect "timeline without a state" 2 "wrong number of arguments" timeline apmbc
expect "explain with too many arguments" 2 "wrong number of arguments" explain apmbc LVA EST --on 2020-01-01
expect "diff without dates" 2 "wrong number of arguments" diff apmbc
expect "record without a date" 2 "record takes TREATY STATE ACTION DATE" \
	record apmbc LVA accession --source https://example.org/x
expect "import without a file" 2 "import takes one FILE" import
expect "serve on a port that is not one" 2 "--port needs a number from 0 to 65535" serve --port 70000
expect "export without --datapackage" 2 "export needs --datapackage DIR or --datapackage FILE.zip" export
expect "serve with a word for a port" 2 "--port needs a number" serve --port http
expect "serve with zero threads" 2 "--threads needs a number from 1 to 256" serve --threads 0
expect "serve with an argument" 2 "serve takes options only" serve now
expect "serve on an address that is not one" 2 "'localhost:80' is not an IPv4 or IPv6 address" \
	serve --bind localhost:80 --port 0
expect "token without a verb" 2 "use: token add NAME | token list | token revoke NAME" token
expect "token add without a name" 2 "use: token add NAME" token add
expect "token with an unknown verb" 2 "use: token add NAME" token show x
expect "revoking a token that does not exist" 1 "no active token named 'nobody'" token revoke nobody
expect "bad date --on 2023-02-30" 2 "--on needs a real date YYYY-MM-DD, not '2023-02-30'" \
	status apmbc LVA --on 2023-02-30
expect "bad date --on=2023-13-01" 2 "--on needs a real date" status apmbc LVA --on=2023-13-01
expect "diff with a bad date" 2 "DATE1 and DATE2 must be real dates" diff apmbc 2025-01-01 2025-02-29
expect "diff with DATE1 after DATE2" 2 "DATE1 must be earlier than DATE2" diff apmbc 2026-03-01 2025-01-01
expect "diff with DATE1 equal to DATE2" 2 "DATE1 must be earlier than DATE2" diff apmbc 2025-01-01 2025-01-01
expect "unknown treaty" 1 "no treaty 'nopact' in the record" status nopact --on 2020-01-01
expect "unknown state" 1 "no state or participant called 'Atlantis'" status apmbc Atlantis --on 2020-01-01
expect "unknown state in timeline" 1 "no state or participant called 'XYZ'" timeline apmbc XYZ
expect "ambiguous state 'Saint'" 1 "'Saint' is ambiguous: Saint Kitts and Nevis (KNA), Saint Lucia (LCA)" \
	status apmbc Saint --on 2020-01-01
expect "ambiguous state 'Guin'" 1 "'Guin' is ambiguous: Guinea (GIN), Guinea-Bissau (GNB)" \
	explain apmbc Guin --on 2020-01-01
# Two exact matches: the alpha-2 code CS was Serbia and Montenegro's and
# Czechoslovakia's.
expect "ambiguous state 'CS'" 1 "'CS' is ambiguous: Serbia and Montenegro (SCG), Czechoslovakia (CSK)" \
	status apmbc CS --on 2000-01-01
# A name in another language that names several states lists them all.
expect "ambiguous state 'Corée'" 1 "'Corée' is ambiguous: South Korea (KOR), North Korea (PRK)" \
	status apmbc Corée --on 2020-01-01
expect "ambiguous state 'корея'" 1 "'корея' is ambiguous: South Korea (KOR), North Korea (PRK)" \
	status apmbc корея --on 2020-01-01
expect "unknown state in French" 1 "aucun État ni participant nommé « Atlantide » (essayez un code ISO comme LVA" \
	status apmbc Atlantide --lang fr --on 2020-01-01
expect "unknown treaty in Spanish" 1 "ningún tratado «nopact» en el registro; conocidos: apmbc" \
	status nopact --lang es
expect "--lang that is not a language" 2 "--lang: '12' is not a language code" \
	status apmbc LVA --lang 12 --on 2020-01-01
expect "unknown group" 1 "no group 'warsaw-pact'" parties apmbc --on 2020-01-01 --group warsaw-pact
expect "treaties with an argument" 2 "treaties takes no arguments" treaties apmbc
expect "profile without a state" 2 "profile takes one STATE" profile --on 2026-01-01
expect "profile of an unknown state" 1 "no state or participant called 'XYZ'" \
	profile XYZ --on 2026-01-01
expect "init on an existing database" 2 "already holds a record; use 'pacta init --force'" init
expect "deadlines with --from after --to" 2 "--from must not be after --to" \
	deadlines apmbc --from 2026-07-01 --to 2026-06-30
expect "deadlines with a bad --to" 2 "--to needs a real date" \
	deadlines apmbc --from 2026-01-01 --to 2026-02-30
expect "obligations for an unknown state" 1 "no state or participant called 'XYZ'" \
	obligations apmbc XYZ --on 2026-11-29
expect "obligations for an unknown treaty" 1 "no treaty 'nopact'" obligations nopact --on 2026-11-29
expect "overdue with a state" 2 "wrong number of arguments" overdue apmbc AFG --on 2026-11-29
expect "reports without a treaty" 2 "wrong number of arguments" reports --on 2026-11-29
expect "reports with a state" 2 "wrong number of arguments" reports apmbc AFG --on 2026-11-29
expect "reports for an unknown treaty" 1 "no treaty 'nopact'" reports nopact --on 2026-11-29
expect "reports with a bad year" 2 "--year needs a calendar year YYYY, not '09'" \
	reports apmbc --year 09 --on 2026-11-29
expect "reports for a year not yet due" 1 "reports of apmbc were due for 1999 to 2025, not 2026" \
	reports apmbc --year 2026 --on 2026-11-29
expect "reports of a treaty without annual reports" 1 "the rules of ccw name no annual report" \
	reports ccw --on 2026-11-29
expect "calendar for an unknown state" 1 "no state or participant called 'XYZ'" \
	calendar apmbc AFG XYZ --on 2026-11-29

# pacta check on the bundled record: no problems, and the discrepancies with
# what sources state (read, not errors): exit 0.
run check
diag_begin
[ "$rc" -eq 0 ] || diag_add "exit $rc, expected 0"
for want in "no problems" "2 discrepancies with what sources state:" \
	"apmbc/published-eif.csv:46: apmbc MNE: entry into force 2007-04-01 as the source states; computed 2006-06-03" \
	"treaties/ccw-ap2.json: ccw-ap2: entry into force 1998-12-03 as the depositary states;"; do
	grep -qF -- "$want" "$out" || diag_add "stdout lacks: $want"
done
if [ -s "$diag" ]; then
	diag_file "stdout" "$out"
	fail "check: discrepancies listed" "$diag"
else
	pass "check: discrepancies listed"
fi
expect "panel with a bad unit" 2 "--unit is year, month or day, not 'week'" \
	panel apmbc --from 2024 --to 2025 --unit week
expect "panel with a bad rule" 2 "--rule is end-of-period or any-time, not 'sometime'" \
	panel apmbc --from 2024 --to 2025 --rule sometime
expect "panel with Y1 after Y2" 2 "--from 2026 is after --to 2024" panel apmbc --from 2026 --to 2024
expect "panel with a bad year" 2 "--from: expected YYYY, YYYY-MM or YYYY-MM-DD" \
	panel apmbc --from 20x4 --to 2025
expect "panel with a bad month" 2 "--to: expected YYYY, YYYY-MM or YYYY-MM-DD" \
	panel apmbc --from 2024-01 --to 2024-13 --unit month
expect "panel without a window" 2 "a panel needs --from and --to" panel apmbc --from 2024
expect "panel for an unknown treaty" 1 "no treaty 'nopact' in the record" panel nopact --from 2024 --to 2025
expect "panel for an unknown state" 1 "no state or participant called 'XYZ'" \
	panel apmbc --from 2024 --to 2025 --state LVA,XYZ
expect "panel as --json" 2 "'panel' does not take --json (see pacta panel --help)" \
	panel apmbc --from 2024 --to 2025 --json
# An option a command's usage and help do not name is a usage error, never
# ignored; the options of every command (--db, --data, ...) stay open.
expect "explain --csv" 2 "'explain' does not take --csv (see pacta explain --help)" \
	explain apmbc LVA --on 2026-01-01 --csv
expect "status --year" 2 "'status' does not take --year" \
	status apmbc --on 2026-01-01 --year 2020
expect "timeline --on" 2 "'timeline' does not take --on" \
	timeline apmbc LVA --on 2026-01-01
# A name that is also a word of other names: the one taken, and the others.
run status apmbc Congo --on 2026-01-01
if [ "$rc" -eq 0 ] && grep -q "^COG " "$out" &&
	grep -qF "'Congo' is taken as Congo (COG); also so named: Democratic Republic of the Congo (COD)" "$err"; then
	pass "Congo names the Republic, and says the other Congo"
else
	fail "Congo names the Republic, and says the other Congo"
fi
run status apmbc Guinea --on 2026-01-01
if [ "$rc" -eq 0 ] && grep -q "^GIN " "$out" &&
	grep -qF "also so named: Guinea-Bissau (GNB), Equatorial Guinea (GNQ), Papua New Guinea (PNG)" "$err"; then
	pass "Guinea names Guinea, and the three others"
else
	fail "Guinea names Guinea, and the three others"
fi
run status apmbc Guinée --on 2026-01-01
if [ "$rc" -eq 0 ] && grep -q "^GIN " "$out" &&
	grep -qF "'Guinée' is taken as Guinea (GIN); also so named: Guinea-Bissau (GNB), Equatorial Guinea (GNQ), Papua New Guinea (PNG)" "$err"; then
	pass "Guinée names Guinea, and the three others, as Guinea does"
else
	fail "Guinée names Guinea, and the three others, as Guinea does"
fi
run status apmbc Niger --on 2026-01-01
if [ "$rc" -eq 0 ] && grep -q "^NER " "$out" && ! grep -q "also so named" "$err"; then
	pass "Niger is not a word of Nigeria: no note"
else
	fail "Niger is not a word of Nigeria: no note"
fi
# The language from the environment, as POSIX reads it (LC_ALL, then
# LC_MESSAGES, then LANG; the tests run under LC_ALL=C, left out here); C is
# English.
lang_case() {
	local name=$1 want=$2
	shift 2
	env -u LC_ALL -u LC_MESSAGES -u LANGUAGE "$@" ${PACTA_WRAPPER:-} "$pacta" status apmbc LVA --on 2026-11-29 >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -eq 0 ] && grep -qF -- "$want" "$out"; then
		pass "$name"
	else
		diag_begin
		diag_file "stdout" "$out"
		diag_file "stderr" "$err"
		fail "$name" "$diag"
	fi
}
lang_case "LANG=fr_FR.UTF-8 answers in French" "LVA   Lettonie                     retrait effectif" \
	LANG=fr_FR.UTF-8
lang_case "LC_MESSAGES before LANG" "ESTADO NOMBRE" LANG=fr_FR.UTF-8 LC_MESSAGES=es_ES.UTF-8
lang_case "LC_ALL before LC_MESSAGES" "STATE NAME" LC_ALL=C LC_MESSAGES=es_ES.UTF-8
lang_case "LANG=C is English" "LVA   Latvia                       withdrawn" LANG=C
lang_case "LANGUAGE's list under a locale that is not C" "ÉTAT  NOM" LANG=de_DE.UTF-8 LANGUAGE=xx:fr
lang_case "a locale with no catalogue: English words, its names" \
	"LVA   Lettland                     withdrawn" LANG=de_DE.UTF-8
lang_case "an unknown locale name is English" "STATE NAME" LANG=klingon
# Errors in the language asked for, whatever the order of the options.
expect "a bad date, in French" 2 "--on attend une date réelle AAAA-MM-JJ, pas « 2026-02-30 »" \
	explain apmbc LVA --on 2026-02-30 --lang fr
expect "the usage line, in French" 2 "usage : pacta explain TREATY STATE" \
	explain apmbc --lang fr --on 2026-11-29
expect "an unknown command, in Spanish" 2 "orden desconocida «frobnicate»" --lang=es frobnicate
expect "an unknown state, in Spanish" 1 "ningún Estado ni participante llamado «Atlantis»" \
	explain apmbc Atlantis --lang es --on 2026-11-29
expect "counts with a bad unit" 2 "--unit is year, month or day, not 'decade'" \
	counts apmbc --from 2024-01-01 --to 2025-01-01 --unit decade
expect "counts with --from after --to" 2 "--from must not be after --to" \
	counts apmbc --from 2025-01-02 --to 2025-01-01
expect "counts with a year for a date" 2 "--from needs a real date YYYY-MM-DD, not '2024'" \
	counts apmbc --from 2024 --to 2025-01-01
expect "counts for an unknown treaty" 1 "no treaty 'nopact'" counts nopact --from 2024-01-01 --to 2025-01-01
expect "counts over too many days" 3 "more than 1000000 points" \
	counts apmbc --from 0001-01-01 --to 9999-12-31 --unit day
expect "feed with a bad format" 2 "--format is atom or json, not 'rss'" feed apmbc --format rss --on 2026-11-29
expect "feed for an unknown treaty" 1 "no treaty 'nopact'" feed nopact --on 2026-11-29
expect "feed for an unknown state" 1 "no state or participant called 'XYZ'" feed apmbc --state XYZ --on 2026-11-29
expect "feed without a treaty" 2 "wrong number of arguments" feed --on 2026-11-29
expect "export without --datapackage" 2 "export needs --datapackage DIR" export --on 2026-11-29
expect "export into a file" 3 "not a directory" export --datapackage "$PACTA_DB" --on 2026-11-29
expect "export into a missing parent" 3 "cannot create the directory" \
	export --datapackage no/such/dir --on 2026-11-29
expect "map without a treaty" 2 "wrong number of arguments" map --on 2026-01-01
expect "map of an unknown treaty" 1 "no treaty 'nopact'" map nopact --on 2026-01-01
expect "map with a bad date" 2 "--on needs a real date" map apmbc --on 2026-02-29
mkdir -p "$tmp/nomap" "$tmp/badmap/map"
expect "map without a shapes file" 3 "nomap/map/shapes.tsv: cannot open" \
	--data "$tmp/nomap" map apmbc --on 2026-01-01
printf 'pacta-map\t1\t960\t400\na3\tname\tcx\tcy\td\nFRA\tFrance\t1\t2\tM1,1Z\textra\n' \
	>"$tmp/badmap/map/shapes.tsv"
expect "map with a bad shapes file" 3 "badmap/map/shapes.tsv:3: more than 5 fields" \
	--data "$tmp/badmap" map apmbc --on 2026-01-01
expect "map --out into a missing directory" 3 "cannot write" \
	map apmbc --on 2026-01-01 --out "$tmp/no/such/dir/map.svg"

# Writes that must not happen leave the record as it was: the history (one
# entry per change) and the acts of the states the files name.
snapshot() {
	{
		"$pacta" history --csv
		"$pacta" timeline apmbc LVA --csv
		"$pacta" timeline apmbc USA --csv
		"$pacta" timeline apmbc EST --csv
	} >"$1" 2>&1
}
before=$tmp/before
after=$tmp/after
snapshot "$before"

# unchanged NAME: the record is as it was before the error tests.
unchanged() {
	snapshot "$after"
	if cmp -s "$before" "$after"; then
		pass "$1: nothing changed"
	else
		diag_begin
		diag_add "diff"
		diff -u "$before" "$after" >>"$diag"
		fail "$1: nothing changed" "$diag"
	fi
}

expect "record without --source" 2 "every act needs its source: --source URL" \
	record apmbc EST accession 2027-03-01
expect "record with an unknown action" 2 "unknown action 'rejoin'" \
	record apmbc EST rejoin 2027-03-01 --source https://example.org/x
expect "record with a non-http source" 2 "--source must be an http(s) URL" \
	record apmbc EST accession 2027-03-01 --source ftp://example.org/x
expect "record with a bad date" 2 "DATE must be a real date YYYY-MM-DD, not '2027-02-29'" \
	record apmbc EST accession 2027-02-29 --source https://example.org/x
expect "record with a bad --effective" 2 "--effective must be a real date" \
	record apmbc EST accession 2027-03-01 --effective 2027-04-31 --source https://example.org/x
expect "record for an unknown state" 1 "no state or participant called 'XYZ'" \
	record apmbc XYZ accession 2027-03-01 --source https://example.org/x
# The United States never signed: it may accede, not ratify (Art. 16).
expect "record breaking a record check" 3 "nothing was recorded" \
	record apmbc USA ratification 2027-03-01 --source https://example.org/x
unchanged "record errors"

expect "import of a missing file" 3 "no-such-file.csv: cannot open" import no-such-file.csv --treaty apmbc
expect "import with an unknown treaty" 1 "no treaty 'nopact'" import no-such-file.csv --treaty nopact

header='state,action,date,effective,target,source_url,note'
good='EST,accession,2027-03-01,,,https://example.org/a,a row that would do'
# bad_import NAME STDERR-SUBSTRING ROW: a file whose line 3 is ROW, after a
# good line 2; the import fails with file:3: and records nothing.
bad_import() {
	local name=$1 sub=$2 row=$3 file=bad-$1.csv
	printf '%s\n%s\n%s\n' "$header" "$good" "$row" >"$file"
	expect "import: $name" 3 "$file:3: $sub" import "$file" --treaty apmbc
}
bad_import unknown-state "column 'state': unknown state code" 'XYZ,accession,2027-04-01,,,https://example.org/b,'
bad_import bad-date "column 'date': expected a real date YYYY-MM-DD ('2027-02-30')" \
	'USA,accession,2027-02-30,,,https://example.org/b,'
bad_import unknown-action "column 'action': unknown action" 'USA,rejoin,2027-04-01,,,https://example.org/b,'
bad_import missing-source "column 'source_url': every act needs an http(s) source" 'USA,accession,2027-04-01,,,,'
bad_import ftp-source "column 'source_url': not a valid http(s) URL: it does not start with http:// or https://" \
	'USA,accession,2027-04-01,,,ftp://example.org/b,'
bad_import field-count "6 fields, but the header has 7" 'USA,accession,2027-04-01,,https://example.org/b,'
bad_import unterminated-quote "unterminated quoted field" \
	'USA,accession,2027-04-01,,,https://example.org/b,"an open quote'
bad_import invalid-utf8 "invalid UTF-8" $'USA,accession,2027-04-01,,,https://example.org/b,caf\xe9'
printf '%s\n%s\n%s\n' "$header" "$good" 'USA,accession,2027-02-30,,,https://example.org/b,' >bad-es.csv
expect "import: a bad row, in Spanish" 3 \
	"bad-es.csv:3: columna «date»: se espera una fecha real AAAA-MM-DD («2027-02-30»)" \
	import bad-es.csv --treaty apmbc --lang es
expect "import: the count of bad rows, in Spanish" 3 "bad-es.csv: 1 fila errónea" \
	import bad-es.csv --treaty apmbc --lang es

printf '%s\n%s\n' "$header" "$good" >no-treaty.csv
expect "import: no treaty column and no --treaty" 3 "no-treaty.csv: missing column 'treaty'" \
	import no-treaty.csv
# Well-formed, but a ratification by a state that never signed.
printf '%s\n%s\n%s\n' "$header" "$good" 'USA,ratification,2027-04-01,,,https://example.org/c,' \
	>never-signed.csv
expect "import: a row breaking a record check" 3 "nothing was recorded" \
	import never-signed.csv --treaty apmbc --allow-future
expect "import: the check names the row" 3 "never-signed.csv:3: USA deposited an instrument of ratification" \
	import never-signed.csv --treaty apmbc --allow-future
unchanged "import errors"

# The depositary's status pages: pages that cannot be read, a page of
# another treaty, a page no treaty of the record is; nothing changes.
pages=$src/tests/untc
expect "import-untc without a page" 2 "import-untc takes one PAGE.html" import-untc
expect "import-untc of a missing file" 3 "no-such-page.html: cannot open" import-untc no-such-page.html
expect "import-untc of a truncated page" 3 "it looks truncated; nothing was read" \
	import-untc "$pages/truncated.html"
expect "import-untc of a file that is no page" 3 "it looks truncated" import-untc "$pages/garbage.html"
expect "import-untc of a page without a treaty" 3 "the page names no treaty" \
	import-untc "$pages/no-treaty.html"
expect "import-untc of a page without a participants table" 3 "no participants table" \
	import-untc "$pages/no-table.html" --csv
expect "import-untc of another treaty's page" 2 "the page is UNTC XXVI-6, but treaty 'apmbc' is UNTC XXVI-5" \
	import-untc "$pages/ccm.html" --treaty apmbc
expect "import-untc with an unknown treaty" 1 "no treaty 'nopact'" \
	import-untc "$pages/ottawa.html" --treaty nopact
expect "import-untc of a page no treaty is" 1 "no treaty of the record is UNTC XXX-1" \
	import-untc "$pages/eu-formal-confirmation.html"
expect "import-untc with --json" 2 "'import-untc' does not take --json" \
	import-untc "$pages/ottawa.html" --json
unchanged "import-untc errors"

# A file that is not a pacta database is refused and left alone.
notdb=$tmp/notes.txt
printf 'not a database\n' >"$notdb"
cp "$notdb" "$notdb.orig"
expect "--db not a database" 3 "not a pacta database" --db "$notdb" status apmbc LVA --on 2020-01-01
expect "--db not a database, init" 3 "not a pacta database" --db "$notdb" init
expect "--db not a database, init --force" 3 "not a pacta database" --db "$notdb" init --force
if cmp -s "$notdb" "$notdb.orig"; then
	pass "--db not a database: file unchanged"
else
	fail "--db not a database: file unchanged"
fi

# ---------------------------------------------------------------- map

# Read back by Python's XML parser: one element per state, each with the
# status 'pacta status' gives, on the two sides of Latvia's withdrawal.
for day in 2025-12-26 2025-12-27; do
	diag_begin
	run map apmbc --on "$day"
	cp "$out" "$tmp/map.svg"
	map_rc=$rc
	"$pacta" status apmbc --on "$day" --csv >"$tmp/status.csv" 2>"$err"
	"$pacta" states --csv >"$tmp/states.csv" 2>>"$err"
	if [ "$map_rc" -ne 0 ]; then
		diag_add "pacta map apmbc --on $day: exit $map_rc"
	elif ! /usr/bin/python3 "$here/check_map.py" "$tmp/map.svg" "$tmp/status.csv" \
		"$tmp/states.csv" >"$tmp/py" 2>&1; then
		diag_file "check_map.py" "$tmp/py"
	fi
	if [ -s "$diag" ]; then
		fail "map $day: one element per state, statuses as 'pacta status'" "$diag"
	else
		pass "map $day: one element per state, statuses as 'pacta status'"
	fi
done
if grep -q 'data-state="LVA" data-status="withdrawn"' "$tmp/map.svg"; then
	pass "map 2025-12-27: Latvia withdrawn"
else
	fail "map 2025-12-27: Latvia withdrawn"
fi
# --out writes the same bytes, and nothing on stdout.
run map apmbc --on 2025-12-27 --out "$tmp/out.svg"
if [ "$rc" -eq 0 ] && [ ! -s "$out" ] && cmp -s "$tmp/out.svg" "$tmp/map.svg" &&
	[ ! -e "$tmp/out.svg.tmp" ]; then
	pass "map --out writes the SVG to the file"
else
	fail "map --out writes the SVG to the file"
fi

# ---------------------------------------------------------------- calendar

# The feed for every state, read back by Debian's python3-icalendar
# (scripts/deps.sh installs it; without it this test fails). The events
# expected are counted from other answers, not from the feed: one per
# obligation with a due date, entry into force and notified withdrawal.
run calendar apmbc --on 2026-11-29
cp "$out" "$tmp/all.ics"
cal_rc=$rc
"$pacta" obligations apmbc --on 2026-11-29 --csv >"$tmp/obligations.csv" 2>"$err"
"$pacta" status apmbc --on 2026-11-29 --csv >"$tmp/status.csv" 2>>"$err"
diag_begin
if [ "$cal_rc" -ne 0 ]; then
	diag_add "pacta calendar apmbc --on 2026-11-29: exit $cal_rc"
elif ! /usr/bin/python3 -c 'import icalendar' >"$tmp/py" 2>&1; then
	diag_add "python3-icalendar is missing (scripts/deps.sh installs it)"
	diag_file "python3" "$tmp/py"
elif ! /usr/bin/python3 "$here/check_ical.py" "$tmp/all.ics" "$tmp/obligations.csv" \
	"$tmp/status.csv" 2026-11-29 >"$tmp/py" 2>&1; then
	diag_file "check_ical.py" "$tmp/py"
fi
if [ -s "$diag" ]; then
	fail "calendar: python3-icalendar reads the feed for every state" "$diag"
else
	pass "calendar: python3-icalendar reads the feed for every state"
fi
# Every line of the feed ends CRLF and has at most 75 octets.
if LC_ALL=C awk 'BEGIN { bad = 0 }
	!/\r$/ || length($0) > 76 { bad = 1 }
	END { exit bad }' "$tmp/all.ics"; then
	pass "calendar: CRLF lines of at most 75 octets"
else
	fail "calendar: CRLF lines of at most 75 octets"
fi

# ---------------------------------------------------------------- writes

# On a database of their own, so the goldens above stay as they are.
export PACTA_DB=$tmp/writes.db

# expect_ok NAME ARGS...: exit 0.
expect_ok() {
	local name=$1
	shift
	run "$@"
	if [ "$rc" -eq 0 ]; then
		pass "$name"
	else
		diag_begin
		diag_add "exit $rc, expected 0" "pacta $*"
		diag_file "stderr" "$err"
		fail "$name" "$diag"
	fi
}

# expect_out NAME WANT-FILE ARGS...: exit 0 and stdout is WANT-FILE.
expect_out() {
	local name=$1 want=$2
	shift 2
	run "$@"
	if [ "$rc" -eq 0 ] && cmp -s "$want" "$out"; then
		pass "$name"
	else
		diag_begin
		diag_add "exit $rc" "pacta $*" "diff"
		diff -u "$want" "$out" >>"$diag"
		diag_file "stderr" "$err"
		fail "$name" "$diag"
	fi
}

# history_is NAME COUNT: the history has COUNT entries, all by test.
history_is() {
	run history --csv
	local entries by_test
	entries=$(grep -c '^[0-9]' "$out")
	by_test=$(grep -c '^[0-9][0-9]*,[^,]*,test,' "$out")
	if [ "$rc" -eq 0 ] && [ "$entries" -eq "$2" ] && [ "$by_test" -eq "$2" ]; then
		pass "$1"
	else
		diag_begin
		diag_add "exit $rc; $entries entries, $by_test by test; expected $2"
		diag_file "history" "$out"
		fail "$1" "$diag"
	fi
}

csv_head='treaty,on,state,name,status,since,signature,consent,consent_instrument,entry_into_force,withdrawal_notified,withdrawal_effective,claims'
want=$tmp/want

expect_ok "writes: init a fresh database" init
history_is "writes: history after init" 1
# Latvia withdrew on 2025-12-27; it may accede again (Art. 16).
expect_ok "writes: record a re-accession" \
	record apmbc LVA accession 2027-03-01 --source https://example.org/x --allow-future
if grep -qF "recorded apmbc LVA accession on 2027-03-01" "$err"; then
	pass "writes: record says what it recorded"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "writes: record says what it recorded" "$diag"
fi
printf '%s\r\n%s\r\n' "$csv_head" \
	'apmbc,2027-08-31,LVA,Latvia,consented,2027-03-01,,2027-03-01,accession,2027-09-01,,,0' >"$want"
expect_out "writes: consented until entry into force" "$want" status apmbc LVA --on 2027-08-31 --csv
printf '%s\r\n%s\r\n' "$csv_head" \
	'apmbc,2027-09-01,LVA,Latvia,party,2027-09-01,,2027-03-01,accession,2027-09-01,,,0' >"$want"
expect_out "writes: party again from 2027-09-01 (Art. 17(2))" "$want" \
	status apmbc LVA --on 2027-09-01 --csv
run status apmbc LVA --on 2027-09-01
if [ "$rc" -eq 0 ] && grep -qE '^LVA +Latvia +party +2027-09-01  2027-09-01' "$out"; then
	pass "writes: status table shows party since 2027-09-01"
else
	diag_begin
	diag_file "stdout" "$out"
	fail "writes: status table shows party since 2027-09-01" "$diag"
fi
history_is "writes: history has 2 entries by test" 2

printf 'treaty,%s\napmbc,%s\n' "$header" 'USA,accession,2027-04-15,,,https://example.org/y,a test row' \
	>one-act.csv
expect_ok "writes: import a valid file" import one-act.csv --why "test import" --allow-future
if grep -qF "imported 1 act from one-act.csv" "$err"; then
	pass "writes: import says how many acts"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "writes: import says how many acts" "$diag"
fi
history_is "writes: history has 3 entries by test" 3
run history --csv
if grep -q '^3,[^,]*,test,test import,1' "$out"; then
	pass "writes: history keeps the reason and the act count"
else
	diag_begin
	diag_file "history" "$out"
	fail "writes: history keeps the reason and the act count" "$diag"
fi
run history --json
if [ "$rc" -eq 0 ] && grep -q '"history"' "$out" && [ "$(grep -c '"who": "test"' "$out")" -eq 3 ]; then
	pass "writes: history --json"
else
	diag_begin
	diag_file "stdout" "$out"
	fail "writes: history --json" "$diag"
fi
printf '%s\r\n%s\r\n' "$csv_head" \
	'apmbc,2027-10-01,USA,United States,party,2027-10-01,,2027-04-15,accession,2027-10-01,,,0' >"$want"
expect_out "writes: the imported act counts" "$want" status apmbc USA --on 2027-10-01 --csv

# ---------------------------------------------------------------- integrity

# verify_ok NAME: pacta verify exits 0 and says the chain holds.
verify_ok() {
	run verify
	if [ "$rc" -eq 0 ] && grep -q 'the chain holds' "$out" && grep -qE '^head [0-9a-f]{64}$' "$out"; then
		pass "$1"
	else
		diag_begin
		diag_add "exit $rc"
		diag_file "stdout" "$out"
		diag_file "stderr" "$err"
		fail "$1" "$diag"
	fi
}

verify_ok "verify: the chain holds after init, record and import"
# The record as it stood before the re-accession: Latvia withdrawn. The
# history's first entry is the init; one second later nothing else had
# been recorded, since the writes above came after it. Record times are
# whole seconds, so the tests wait for the next one.
sleep 1.1
t_before=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sleep 1.1
# The act numbers, from the timeline: the re-accession recorded above.
act_id() {
	"$pacta" timeline apmbc LVA --json | /usr/bin/python3 -c 'import json, sys
for e in json.load(sys.stdin)["events"]:
    a = e.get("act")
    if a and a["action"] == "accession" and a["date"] == sys.argv[1]:
        print(a["id"])' "$1"
}
old_id=$(act_id 2027-03-01)
expect_ok "correct: Latvia's accession date" \
	correct apmbc "$old_id" --date 2027-04-01 --why "date misread" --allow-future
new_id=$(act_id 2027-04-01)
if grep -qF "act $old_id of apmbc is superseded by act $new_id (LVA accession on 2027-04-01)" "$err"; then
	pass "correct: says which act supersedes which"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "correct: says which act supersedes which" "$diag"
fi
printf '%s\r\n%s\r\n' "$csv_head" \
	'apmbc,2027-10-01,LVA,Latvia,party,2027-10-01,,2027-04-01,accession,2027-10-01,,,0' >"$want"
expect_out "correct: the corrected date counts" "$want" status apmbc LVA --on 2027-10-01 --csv
printf '%s\r\n%s\r\n' "$csv_head" \
	'apmbc,2027-10-01,LVA,Latvia,party,2027-09-01,,2027-03-01,accession,2027-09-01,,,0' >"$want"
expect_out "--as-recorded before the correction: the old date" "$want" \
	status apmbc LVA --on 2027-10-01 --csv --as-recorded "$t_before"
printf '%s\r\n%s\r\n' "$csv_head" \
	'apmbc,2027-10-01,LVA,Latvia,party,2027-10-01,,2027-04-01,accession,2027-10-01,,,0' >"$want"
expect_out "--as-recorded on a later day: the correction" "$want" \
	status apmbc LVA --on 2027-10-01 --csv --as-recorded 9999-12-31
expect "--as-recorded before anything was recorded" 1 "nothing was recorded by 2000-01-01T23:59:59Z" \
	status apmbc LVA --on 2027-10-01 --as-recorded 2000-01-01
expect "--as-recorded with a bad time" 2 "--as-recorded: a record time is YYYY-MM-DD or" \
	status apmbc LVA --on 2027-10-01 --as-recorded 2000-02-30
expect "--as-recorded refused for a write" 2 "--as-recorded is for questions" \
	record apmbc EST accession 2027-03-01 --source https://example.org/x --as-recorded 2000-01-01
expect "correct the superseded act again" 1 "act $old_id is not an act of apmbc in the current record" \
	correct apmbc "$old_id" --date 2027-05-01 --why "again" --allow-future
expect "correct without --why" 2 "a correction needs its reason: --why TEXT" \
	correct apmbc "$new_id" --date 2027-05-01
expect "correct with nothing to correct" 2 "nothing to correct" correct apmbc "$new_id" --why x
expect "correct with a bad act id" 2 "ACT_ID must be an act number, not '34x'" \
	correct apmbc 34x --date 2027-05-01 --why x
# A ratification by a state that never signed breaks a record check.
expect "correct breaking a record check" 3 "nothing was recorded" \
	correct apmbc "$new_id" --action ratification --why "wrong instrument" --allow-future
run history apmbc LVA --csv
if [ "$rc" -eq 0 ] && [ "$(grep -c '^[0-9]' "$out")" -eq 3 ] &&
	grep -q '^4,[^,]*,test,date misread,1,correct,[0-9a-f]\{64\}' "$out"; then
	pass "history TREATY STATE: the changes touching Latvia"
else
	diag_begin
	diag_file "stdout" "$out"
	fail "history TREATY STATE: the changes touching Latvia" "$diag"
fi
verify_ok "verify: the chain holds after a correction"
expect "verify a missing database" 1 "no database at" --db "$tmp/missing.db" verify
expect "serve on a missing database" 1 "no database at" --db "$tmp/missing.db" serve --port 0
cp "$notdb" "$tmp/notdb.db"
expect "verify a file that is not a database" 4 "not a pacta database" --db "$tmp/notdb.db" verify
# Behind pacta's back: the triggers dropped, an act's date changed.
if command -v sqlite3 >/dev/null 2>&1; then
	cp "$PACTA_DB" "$tmp/tampered.db"
	sqlite3 "$tmp/tampered.db" "DROP TRIGGER act_kept_update;
		UPDATE act SET date = '2027-03-02' WHERE id = $old_id;" 2>"$err"
	expect "verify names the tampered change" 4 "change 2: the acts or obligation events it added were altered" \
		--db "$tmp/tampered.db" verify
	# Every other command refuses to answer from it, and says so.
	expect "a question to a tampered database is refused" 4 \
		"change 2: the acts or obligation events it added were altered" \
		--db "$tmp/tampered.db" timeline apmbc LVA
	expect "the refusal says what to do" 4 "restore it from a copy" \
		--db "$tmp/tampered.db" status apmbc LVA --on 2020-01-01
	expect "a write to a tampered database is refused" 4 "nothing was written" \
		--db "$tmp/tampered.db" init --force
	expect "a token is not added to a tampered database" 4 "nothing was written" \
		--db "$tmp/tampered.db" token add late
	expect "nor revoked in one" 4 "nothing was written" \
		--db "$tmp/tampered.db" token revoke late
	# --trust answers, and says it answers from an unverified record.
	run --db "$tmp/tampered.db" --trust status apmbc LVA --on 2020-01-01
	if [ "$rc" -eq 0 ] && grep -q '^LVA' "$out" &&
		grep -qF -- "--trust: answering from an unverified record" "$err" &&
		grep -qF "change 2:" "$err"; then
		pass "--trust answers from a tampered database, and says so"
	else
		diag_begin
		diag_add "exit $rc"
		diag_file "stdout" "$out"
		diag_file "stderr" "$err"
		fail "--trust answers from a tampered database, and says so" "$diag"
	fi
	expect "--trust never writes" 2 "--trust is for reading a damaged record" \
		--db "$tmp/tampered.db" --trust record apmbc LVA signature 2020-01-01 \
		--source https://example.org/x
	# A token row slipped in: tokens are under the chain too.
	cp "$PACTA_DB" "$tmp/token.db"
	sqlite3 "$tmp/token.db" "INSERT INTO token (name, hash, created_at)
		VALUES ('mallory', zeroblob(32), '2026-01-01T00:00:00Z');" 2>"$err"
	expect "verify finds a token slipped in" 4 "or tokens, were altered" \
		--db "$tmp/token.db" verify
	# The database busy: another process holds the write lock for longer
	# than pacta waits (5 s). A question is still answered (readers do not
	# wait for a writer); a write exits 5 and says to try again.
	cp "$PACTA_DB" "$tmp/busy.db"
	python3 -c 'import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(120)' "$tmp/busy.db" >"$tmp/locked" &
	locker=$!
	for _ in $(seq 100); do
		grep -q locked "$tmp/locked" && break
		sleep 0.1
	done
	run --db "$tmp/busy.db" status apmbc LVA --on 2020-01-01
	if [ "$rc" -eq 0 ]; then
		pass "a question is answered while another process writes"
	else
		diag_begin
		diag_add "exit $rc"
		diag_file "stderr" "$err"
		fail "a question is answered while another process writes" "$diag"
	fi
	expect "a write while another process holds the lock exits 5" 5 "try again in a moment" \
		--db "$tmp/busy.db" record apmbc LVA declaration 2020-01-01 \
		--source https://example.org/busy
	kill "$locker"
	wait "$locker" 2>/dev/null || true
else
	fail "verify names the tampered change: sqlite3 is missing (scripts/deps.sh installs it)"
fi
# The database's files unreadable (here its write-ahead log is a
# directory): exit 6, and the message says what to check.
cp "$PACTA_DB" "$tmp/storage.db"
mkdir "$tmp/storage.db-wal"
expect "a database that cannot be opened exits 6" 6 "check its permissions" \
	--db "$tmp/storage.db" status apmbc LVA --on 2020-01-01
rmdir "$tmp/storage.db-wal"
# ---------------------------------------------------------------- import-untc

# A record without Latvia's two rows of acts.csv: the Mine Ban page restores
# them (its accession, and its withdrawal read from end note 3); read again,
# it adds nothing. A copy of the page with a suffix its header does not give,
# or with a stated count changed, is refused whole.
cp -r "$src/data" "$tmp/untc-data"
grep -v '^LVA,' "$src/data/apmbc/acts.csv" >"$tmp/untc-data/apmbc/acts.csv"
export PACTA_DB=$tmp/untc.db PACTA_DATA=$tmp/untc-data
expect_ok "import-untc: init without Latvia" init
untc_snapshot() {
	{
		"$pacta" history --csv | cut -d, -f1,3-
		"$pacta" timeline apmbc LVA --csv
	} >"$1" 2>&1
}
untc_snapshot "$tmp/untc-before"
untc_unchanged() {
	untc_snapshot "$tmp/untc-after"
	if cmp -s "$tmp/untc-before" "$tmp/untc-after"; then
		pass "$1: nothing changed"
	else
		diag_begin
		diff -u "$tmp/untc-before" "$tmp/untc-after" >>"$diag"
		fail "$1: nothing changed" "$diag"
	fi
}
sed 's/11 Sep\t 2002 a/11 Sep\t 2002 q/' "$pages/ottawa.html" >"$tmp/bad-suffix.html"
expect "import-untc: a page with an unknown suffix" 3 "1 thing on the page could not be read; nothing was imported" \
	import-untc "$tmp/bad-suffix.html"
sed '/>Signatories :/,+2s/ 132\./ 133./' "$pages/ottawa.html" >"$tmp/bad-count.html"
expect "import-untc: a page whose counts disagree" 3 "counts disagree with its rows; nothing was imported" \
	import-untc "$tmp/bad-count.html"
if grep -qF "Signatories: stated 133, counted 132 from the rows: disagree" "$err"; then
	pass "import-untc: the counts cross-check says what disagrees"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "import-untc: the counts cross-check says what disagrees" "$diag"
fi
expect_ok "import-untc: dry run" import-untc "$pages/ottawa.html" --dry-run
if grep -qF "dry run: 2 acts would be added to apmbc, 314 already in the record" "$err"; then
	pass "import-untc: the dry run says what it would add"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "import-untc: the dry run says what it would add" "$diag"
fi
# A declaration the page does not date is a warning naming it; the page
# still imports (exit 0).
if grep -qF "warning: Declarations: Lithuania: no date" "$err" &&
	grep -qF "1 warning: declarations or end notes not placed" "$err"; then
	pass "import-untc: a declaration it cannot place is a warning"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "import-untc: a declaration it cannot place is a warning" "$diag"
fi
untc_unchanged "import-untc: refused pages and the dry run"
expect_ok "import-untc: the Mine Ban page" import-untc "$pages/ottawa.html"
if grep -qF "imported 2 acts into apmbc from $pages/ottawa.html; 314 already in the record" "$err"; then
	pass "import-untc: says what it imported"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "import-untc: says what it imported" "$diag"
fi
run history --csv
if grep -q '^2,[^,]*,import-untc,"UNTC status page XXVI-5 (Convention on the Prohibition.*status as at 2026-02-03",2' "$out"; then
	pass "import-untc: the history names the page"
else
	diag_begin
	diag_file "history" "$out"
	fail "import-untc: the history names the page" "$diag"
fi
export PACTA_DB=$tmp/pacta.db PACTA_DATA=$src/data
"$pacta" status apmbc LVA --on 2025-12-27 --csv >"$want" 2>"$err"
export PACTA_DB=$tmp/untc.db PACTA_DATA=$tmp/untc-data
expect_out "import-untc: Latvia withdrawn on 2025-12-27, as in the bundled record" "$want" \
	status apmbc LVA --on 2025-12-27 --csv
expect_ok "import-untc: the same page again" import-untc "$pages/ottawa.html"
if grep -qF "imported 0 acts into apmbc from $pages/ottawa.html; 316 already in the record" "$err"; then
	pass "import-untc: the same page again adds nothing"
else
	diag_begin
	diag_file "stderr" "$err"
	fail "import-untc: the same page again adds nothing" "$diag"
fi
expect_ok "import-untc: --force over a count that disagrees" import-untc "$tmp/bad-count.html" --force
# A title too long for the history's reason (the CCW Protocols have such
# titles) is cut there, not refused.
sed 's/Convention on the Prohibition of the Use, Stockpiling/& (a title made very long for a test, long enough that the reason kept in the history would be over 255 bytes if it were kept whole, which the history refuses), Stockpiling/' \
	"$pages/ottawa.html" >"$tmp/long-title.html"
expect_ok "import-untc: a page with a very long title" import-untc "$tmp/long-title.html"
export PACTA_DB=$tmp/pacta.db PACTA_DATA=$src/data

# ---------------------------------------------------------------- help

export PACTA_DB=$tmp/pacta.db
run --help
if [ "$rc" -eq 0 ] && grep -qF "usage: pacta" "$out"; then
	pass "--help"
else
	fail "--help"
fi
commands=$(sed -n '/^Commands:/,/^$/{/^  [a-z]/s/^  \([a-z-]*\).*/\1/p}' "$out")
if [ -n "$commands" ]; then
	pass "--help lists the commands"
else
	fail "--help lists the commands"
fi
for c in $commands; do
	for h in --help -h; do
		run "$c" "$h"
		if [ "$rc" -eq 0 ] && grep -q "^usage: pacta $c\b" "$out" && [ ! -s "$err" ]; then
			pass "$c $h"
		else
			diag_begin
			diag_add "exit $rc"
			diag_file "stdout" "$out"
			diag_file "stderr" "$err"
			fail "$c $h" "$diag"
		fi
	done
done

# pacta check: the bundled record is clean; a copy with a problem is not,
# and neither init nor check writes anything then.
run check
if [ "$rc" -eq 0 ] && grep -qF ": no problems" "$out"; then
	pass "check: the bundled record is clean"
else
	fail "check: the bundled record is clean"
fi
cp -r "$src/data" "$tmp/bad-data"
printf 'USA,ratification,2001-05-05,,,https://example.org/usa,,,,,\n' >>"$tmp/bad-data/apmbc/acts.csv"
bad_line=$(wc -l <"$tmp/bad-data/apmbc/acts.csv")
run check --data "$tmp/bad-data"
if [ "$rc" -eq 3 ] &&
	grep -qF "bad-data/apmbc/acts.csv:$bad_line: USA deposited an instrument of ratification" "$out" &&
	grep -qF "1 problem in the record" "$err"; then
	pass "check: a record-check problem names file:line"
else
	diag_begin
	diag_add "exit $rc"
	diag_file "stdout" "$out"
	diag_file "stderr" "$err"
	fail "check: a record-check problem names file:line" "$diag"
fi
# An end of provisional application by a state that was not applying the
# treaty provisionally is a problem, never silently ignored.
cp -r "$src/data" "$tmp/paend-data"
printf 'USA,provisional_application_end,2020-01-01,,,https://example.org/usa,,,,,\n' \
	>>"$tmp/paend-data/ccm/acts.csv"
bad_line=$(wc -l <"$tmp/paend-data/ccm/acts.csv")
run check --data "$tmp/paend-data"
if [ "$rc" -eq 3 ] &&
	grep -qF "paend-data/ccm/acts.csv:$bad_line: USA end of provisional application on 2020-01-01 changes nothing: it was not applying the treaty provisionally" "$out"; then
	pass "check: an end of provisional application that ends nothing names file:line"
else
	diag_begin
	diag_add "exit $rc"
	diag_file "stdout" "$out"
	diag_file "stderr" "$err"
	fail "check: an end of provisional application that ends nothing names file:line" "$diag"
fi
expect "init: a record with a problem writes nothing" 3 "1 problem in the record" \
	--db "$tmp/never.db" init --data "$tmp/bad-data"
if [ ! -e "$tmp/never.db" ] || [ "$(sqlite3 "$tmp/never.db" 'select count(*) from act' 2>/dev/null || echo 0)" = 0 ]; then
	pass "init: no acts written from a record with a problem"
else
	fail "init: no acts written from a record with a problem"
fi
# The acts the depositary circulated without their notification reference:
# counted per treaty, listed with --notifications (file:line each).
run check
if [ "$rc" -eq 0 ] && grep -qE "^apmbc: [0-9]+ of [0-9]+ acts the depositary circulated carry their notification reference \(check --notifications lists the others\)$" "$out"; then
	pass "check: counts the acts without a notification reference"
else
	fail "check: counts the acts without a notification reference"
fi
run check --notifications
if [ "$rc" -eq 0 ] && grep -qE "/apmbc/acts.csv:[0-9]+: AFG accession 2002-09-11: no depositary notification reference$" "$out" &&
	! grep -qE "LVA withdrawal 2025-06-27: no depositary" "$out"; then
	pass "check --notifications: lists each act without one, not those with one"
else
	fail "check --notifications: lists each act without one, not those with one"
fi
# A reservation to a treaty that forbids them (Mine Ban Convention, Art. 19).
cp -r "$src/data" "$tmp/reserved-data"
printf 'GBR,reservation,1998-07-31,,,https://example.org/r,,,,,"Article 5 shall not apply."\n' >>"$tmp/reserved-data/apmbc/acts.csv"
bad_line=$(wc -l <"$tmp/reserved-data/apmbc/acts.csv")
run check --data "$tmp/reserved-data"
if [ "$rc" -eq 3 ] &&
	grep -qF "reserved-data/apmbc/acts.csv:$bad_line: GBR reservation on 1998-07-31: Art. 19 forbids reservations" "$out"; then
	pass "check: a reservation to the Mine Ban Convention names the act and Art. 19"
else
	diag_begin
	diag_add "exit $rc"
	diag_file "stdout" "$out"
	diag_file "stderr" "$err"
	fail "check: a reservation to the Mine Ban Convention names the act and Art. 19" "$diag"
fi
cp -r "$src/data" "$tmp/unreadable-data"
printf 'LVA,accession,2005-02-30,,,https://example.org/x,,,,,\n' >>"$tmp/unreadable-data/apmbc/acts.csv"
bad_line=$(wc -l <"$tmp/unreadable-data/apmbc/acts.csv")
expect "check: a malformed row names file:line" 3 \
	"unreadable-data/apmbc/acts.csv:$bad_line: column 'date': expected a real date" \
	check --data "$tmp/unreadable-data"
# Every bundled rules file says which event separates later depositors
# (docs/rules.md, entry_into_force_later.after), rather than relying on the
# default.
implicit=""
for f in "$src"/data/treaties/*.json; do
	grep -qE '"after": "(nth_instrument|entry_into_force)"' "$f" || implicit="$implicit $(basename "$f")"
done
if [ -z "$implicit" ]; then
	pass "rules files: each says entry_into_force_later.after"
else
	fail "rules files: each says entry_into_force_later.after (not:$implicit)"
fi
# A misspelt key in a rules file is refused, naming the file and the key;
# so is a value of entry_into_force_later.after the vocabulary lacks.
cp -r "$src/data" "$tmp/misspelt-data"
sed 's/"after": "nth_instrument"/"afterr": "nth_instrument"/' "$src/data/treaties/ccm.json" \
	>"$tmp/misspelt-data/treaties/ccm.json"
expect "check: a misspelt key in a rules file names file and key" 3 \
	"misspelt-data/treaties/ccm.json: field 'rules.entry_into_force_later.afterr': unknown key" \
	check --data "$tmp/misspelt-data"
sed 's/"after": "nth_instrument"/"after": "ratification"/' "$src/data/treaties/ccm.json" \
	>"$tmp/misspelt-data/treaties/ccm.json"
expect "check: an unknown entry_into_force_later.after names the field" 3 \
	"field 'rules.entry_into_force_later.after': expected \"nth_instrument\" or \"entry_into_force\"" \
	check --data "$tmp/misspelt-data"
# The keys of provisional application and withdrawal are refused when
# misspelt, naming the key.
sed 's/"at": \["consent"\]/"at": ["signature", "ratification"]/' "$src/data/treaties/ccm.json" \
	>"$tmp/misspelt-data/treaties/ccm.json"
expect "check: a moment provisional application cannot be declared at names the field" 3 \
	"misspelt-data/treaties/ccm.json: field 'rules.provisional_application.at': expected \"signature\" or \"consent\"" \
	check --data "$tmp/misspelt-data"
sed 's/"articles": \["1"\]/"artcles": ["1"]/' "$src/data/treaties/ccm.json" \
	>"$tmp/misspelt-data/treaties/ccm.json"
expect "check: a misspelt provisional_application key names it" 3 \
	"misspelt-data/treaties/ccm.json: field 'rules.provisional_application.artcles': unknown key" \
	check --data "$tmp/misspelt-data"
sed 's/"notice": {/"later_dates": true, "notice": {/' "$src/data/treaties/ccm.json" \
	>"$tmp/misspelt-data/treaties/ccm.json"
expect "check: a misspelt withdrawal key names it" 3 \
	"misspelt-data/treaties/ccm.json: field 'rules.withdrawal.later_dates': unknown key" \
	check --data "$tmp/misspelt-data"
cp "$src/data/treaties/ccm.json" "$tmp/misspelt-data/treaties/ccm.json"
# The later-depositor rule counted from the entry into force: Guatemala
# acceded to the CCW on 1983-07-21, after the 20th instrument (1983-06-02)
# and before the Convention's entry into force (1983-12-02). By Art. 5(2) as
# written it is bound from 1984-01-21; by a rule counting from the entry
# into force, from 1983-12-02.
cp -r "$src/data" "$tmp/after-eif-data"
sed 's/"after": "nth_instrument"/"after": "entry_into_force"/' "$src/data/treaties/ccw.json" \
	>"$tmp/after-eif-data/treaties/ccw.json"
run status ccw GTM --on 1983-12-02
if [ "$rc" -eq 0 ] && grep -qE "^GTM +Guatemala +consented, not yet in force +1983-07-21 +1984-01-21" "$out"; then
	pass "status: by the Nth instrument, a deposit before entry into force takes its own date"
else
	fail "status: by the Nth instrument, a deposit before entry into force takes its own date"
fi
run --db "$tmp/after-eif.db" init --data "$tmp/after-eif-data"
run --db "$tmp/after-eif.db" status ccw GTM --on 1983-12-02
if [ "$rc" -eq 0 ] && grep -qE "^GTM +Guatemala +party +1983-12-02 +1983-12-02" "$out"; then
	pass "status: after entry_into_force, a deposit before it is bound from the treaty's date"
else
	diag_begin
	diag_add "exit $rc"
	diag_file "stdout" "$out"
	diag_file "stderr" "$err"
	fail "status: after entry_into_force, a deposit before it is bound from the treaty's date" "$diag"
fi
run --db "$tmp/after-eif.db" explain ccw GTM --on 1983-12-02
if [ "$rc" -eq 0 ] && tr '\n' ' ' <"$out" | tr -s ' ' |
	grep -qF "Its instrument (1983-07-21) was deposited before the Convention on Certain Conventional Weapons entered into force (1983-12-02), so Art. 5(1) applies"; then
	pass "explain: after entry_into_force, says the deposit came before the entry into force"
else
	fail "explain: after entry_into_force, says the deposit came before the entry into force"
fi

# Shared final clauses (docs/rules.md, "Shared clauses"): two agreements of a
# series (tests/cli/series) name one clauses file and give only their own
# fields. check reads them, init stores them, status computes from them;
# a file naming clauses that do not exist, or giving a clause beside them,
# is refused, naming the file and the field.
cp -r "$src/data" "$tmp/series-data"
cp -r "$here/series/." "$tmp/series-data/"
run check --data "$tmp/series-data"
if [ "$rc" -eq 0 ] && grep -qE "^[0-9]+ participants, 8 treaties, [0-9]+ acts, .*: no problems$" "$out"; then
	pass "clauses: check reads a series that shares its final clauses"
else
	fail "clauses: check reads a series that shares its final clauses"
fi
run --db "$tmp/series.db" init --data "$tmp/series-data"
printf '%s\r\n%s\r\n' "$csv_head" \
	'pair-1,2002-02-14,EST,Estonia,party,2002-02-14,2001-03-01,2001-09-10,ratification,2002-02-14,,,0' >"$want"
expect_out "clauses: in force 30 days after the second instrument (the clauses' Art. 12(1))" \
	"$want" --db "$tmp/series.db" status pair-1 EST --on 2002-02-14 --csv
printf '%s\r\n%s\r\n' "$csv_head" \
	'pair-2,2006-01-01,LVA,Latvia,consented,2005-02-01,2004-06-02,2005-02-01,ratification,,,,0' >"$want"
expect_out "clauses: the other agreement waits for its own second instrument" \
	"$want" --db "$tmp/series.db" status pair-2 LVA --on 2006-01-01 --csv
cp -r "$tmp/series-data" "$tmp/series-bad"
sed 's/"pair"/"triple"/; s/pair-1/pair-3/g' "$tmp/series-data/treaties/pair-1.json" \
	>"$tmp/series-bad/treaties/pair-3.json"
expect "clauses: a rules file naming clauses that do not exist" 3 \
	"series-bad/treaties/pair-3.json: field 'clauses': no shared clauses called 'triple'" \
	check --data "$tmp/series-bad"
sed 's/"rules": {/"rules": {"withdrawal": {"notice": {"days": 1}}, /; s/pair-1/pair-3/g' \
	"$tmp/series-data/treaties/pair-1.json" >"$tmp/series-bad/treaties/pair-3.json"
expect "clauses: a clause beside them is refused" 3 \
	"series-bad/treaties/pair-3.json: field 'rules.withdrawal': not allowed beside 'clauses'" \
	check --data "$tmp/series-bad"

# A treaty waiting for named states (docs/rules.md, entry_into_force.requires):
# a rules file modelled on the CTBT's Art. XIV (tests/cli/ctbt) beside the
# bundled record. Its summary, an explanation and the JSON name the required
# states that have not deposited (Russia again after its revocation).
cp -r "$src/data" "$tmp/ctbt-data"
cp -r "$here/ctbt/." "$tmp/ctbt-data/"
run --db "$tmp/ctbt.db" init --data "$tmp/ctbt-data"
for g in summary-2026-12-01:"summary ctbt --on 2026-12-01" \
	summary-1998-01-01:"summary ctbt --on 1998-01-01" \
	summary-2026-12-01-json:"summary ctbt --on 2026-12-01 --json" \
	explain-usa-2026-12-01:"explain ctbt USA --on 2026-12-01"; do
	# shellcheck disable=SC2086 # the arguments are split on purpose
	expect_out "ctbt: ${g%%:*} names the states it waits for" "$here/golden-ctbt/${g%%:*}.out" \
		--db "$tmp/ctbt.db" ${g#*:}
done
run --db "$tmp/ctbt.db" status ctbt USA --on 2026-12-01 --json
if [ "$rc" -eq 0 ] && grep -qF '"state": "RUS"' "$out" && ! grep -qF '"state": "FRA",' "$out"; then
	pass "ctbt: status JSON lists a state that revoked, not one that ratified"
else
	fail "ctbt: status JSON lists a state that revoked, not one that ratified"
fi

# Extension requests (docs/record.md, "The evidence policy"): a copy of the
# record with a request for South Sudan's Art. 5, submitted before its
# deadline passed and never decided in that copy.
cp -r "$src/data" "$tmp/request-data"
printf 'SSD,5,extension_requested,2026-03-31,2031-07-09,,https://example.org/ssd-request,\n' \
	>>"$tmp/request-data/apmbc/obligations.csv"
run --db "$tmp/request.db" init --data "$tmp/request-data"
run --db "$tmp/request.db" obligations apmbc SSD --on 2026-11-29
if [ "$rc" -eq 0 ] &&
	grep -qF "SSD   South Sudan          5     unknown             2021-07-09  2026-07-09  extension to 2031-07-09 requested 2026-03-31" "$out" &&
	tr '\n' ' ' <"$out" | grep -qF "An extension to 2031-07-09 was requested on 2026-03-31; the record holds no decision."; then
	pass "obligations: a pending request is named, and the status stays unknown"
else
	diag_begin
	diag_add "exit $rc"
	diag_file "stdout" "$out"
	diag_file "stderr" "$err"
	fail "obligations: a pending request is named, and the status stays unknown" "$diag"
fi
run --db "$tmp/request.db" obligations apmbc SSD --on 2026-11-29 --json
if [ "$rc" -eq 0 ] && /usr/bin/python3 -c '
import json, sys
o = [x for x in json.load(open(sys.argv[1]))["obligations"] if x["article"] == "5"][0]
assert o["status"] == "unknown" and o["evidence"] is None, o
assert o["requests"] == [{"requested": "2026-03-31", "deadline": "2031-07-09",
                          "source_url": "https://example.org/ssd-request"}], o["requests"]
assert any(s["event"] == "extension_requested" for s in o["sources"])
' "$out" 2>"$tmp/py"; then
	pass "obligations --json: the pending request in 'requests'"
else
	diag_begin
	diag_file "python3" "$tmp/py"
	diag_file "stdout" "$out"
	fail "obligations --json: the pending request in 'requests'" "$diag"
fi
cp -r "$src/data" "$tmp/request-bad"
printf 'SSD,5,extension_requested,2026-03-31,,,https://example.org/ssd-request,\n' \
	>>"$tmp/request-bad/apmbc/obligations.csv"
bad_line=$(wc -l <"$tmp/request-bad/apmbc/obligations.csv")
expect "check: a request without the deadline requested names file:line" 3 \
	"request-bad/apmbc/obligations.csv:$bad_line: column 'deadline': a request needs the deadline requested" \
	check --data "$tmp/request-bad"
cp -r "$src/data" "$tmp/request-art4"
printf 'UKR,4,extension_requested,2010-03-31,2012-06-01,,https://example.org/ukr-request,\n' \
	>>"$tmp/request-art4/apmbc/obligations.csv"
bad_line=$(wc -l <"$tmp/request-art4/apmbc/obligations.csv")
expect "check: a request under an article without extensions is refused" 3 \
	"request-art4/apmbc/obligations.csv:$bad_line: column 'event': the rules file allows no extensions of this obligation ('extension_requested')" \
	check --data "$tmp/request-art4"
tap_end
