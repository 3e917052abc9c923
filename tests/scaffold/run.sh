#!/usr/bin/env bash
# pacta new-treaty, as TAP: the files it writes (against golden/), what it
# says, that `pacta check` passes on them and lists their TODOs, and its
# refusals (a bad id, an existing file, a folder it cannot write), each of
# which leaves every file as it was.
#
# usage: tests/scaffold/run.sh [--update] PACTA SOURCE_ROOT

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
golden=$src/tests/scaffold/golden

in_temp_dir "$src"

# same NAME GOLDEN FILE: FILE is golden/GOLDEN (or becomes it with --update).
same() {
	if [ "$update" = 1 ]; then
		cp "$3" "$golden/$2"
		pass "$1 (updated)"
	elif cmp -s "$golden/$2" "$3"; then
		pass "$1"
	else
		diff -u "$golden/$2" "$3" >"$diag"
		fail "$1" "$diag"
	fi
}

# A new data directory: the skeleton, the empty record, the directory's
# other files; and what it says.
run new-treaty xyz --dir new
if [ "$rc" -eq 0 ] && [ ! -s "$err" ]; then pass "new-treaty into a new folder exits 0"; else
	fail "new-treaty into a new folder exits 0 (exit $rc)" "$err"; fi
same "new-treaty's report" new-treaty.out "$out"
same "the rules-file skeleton" xyz.json new/treaties/xyz.json
same "the empty record" acts.csv new/xyz/acts.csv
for f in states.csv groups.csv armed-conflicts.csv; do
	same "an empty $f" "$f" "new/$f"
done

# check passes on it and lists every TODO.
run check --data new
if [ "$rc" -eq 0 ]; then pass "check passes on the skeleton"; else
	fail "check passes on the skeleton (exit $rc)" "$err"; fi
same "check lists the skeleton's placeholders" check.out "$out"

# Filled in, the placeholders are gone.
sed -e 's/TODO[^"]*//g' -e 's/example.org\/"/example.org\/treaty"/' new/treaties/xyz.json >filled.json
mkdir -p filled/treaties
cp -r new/xyz new/states.csv new/groups.csv new/armed-conflicts.csv filled/
cp filled.json filled/treaties/xyz.json
run check --data filled
if [ "$rc" -eq 0 ] && ! grep -q "placeholder" "$out"; then pass "no placeholders once filled in"; else
	fail "no placeholders once filled in (exit $rc)" "$out"; fi

# An existing data directory keeps its own files; a second treaty joins it.
cp -r "$src/data" bundled
sum_before=$(cat bundled/states.csv bundled/groups.csv bundled/armed-conflicts.csv | cksum)
run new-treaty extra --dir bundled
sum_after=$(cat bundled/states.csv bundled/groups.csv bundled/armed-conflicts.csv | cksum)
if [ "$rc" -eq 0 ] && [ "$sum_before" = "$sum_after" ] && ! grep -q "states.csv" "$out"; then
	pass "an existing data directory keeps its states, groups and conflicts"
else
	fail "an existing data directory keeps its states, groups and conflicts (exit $rc)" "$out"
fi
run check --data bundled
if [ "$rc" -eq 0 ] && grep -q "^extra: 14 placeholders" "$out"; then
	pass "check passes with the new treaty beside the bundled ones"
else
	fail "check passes with the new treaty beside the bundled ones (exit $rc)" "$out"
fi

# Refusals: nothing written, nothing changed.
snapshot() { find new -type f -exec cksum {} + | sort; }
before=$(snapshot)
expect "an existing rules file is never overwritten" 3 new-treaty xyz --dir new -- \
	"new/treaties/xyz.json already exists; new-treaty never overwrites a file"
[ "$(snapshot)" = "$before" ] && pass "the refused run changed nothing" ||
	fail "the refused run changed nothing"
rm new/treaties/xyz.json
expect "an existing record is never overwritten" 3 new-treaty xyz --dir new -- \
	"new/xyz/acts.csv already exists"
[ ! -e new/treaties/xyz.json ] && pass "no rules file written beside an existing record" ||
	fail "no rules file written beside an existing record"
for bad in Xyz "x y" "" "a_b" "abcdefghijklmnopqrstuvwxyz0123456" "../x" "é"; do
	expect "id '$bad' refused" 2 new-treaty "$bad" --dir ids -- "is not a treaty id"
done
[ ! -e ids ] && pass "a refused id writes nothing" || fail "a refused id writes nothing"
expect "an id is required" 2 new-treaty --dir ids -- "new-treaty takes one treaty id"
expect "one id only" 2 new-treaty a b --dir ids -- "new-treaty takes one treaty id"
expect "new-treaty takes no --on" 2 new-treaty a --on 2020-01-01 -- "does not take --on"
: >afile
expect "a folder that cannot be made" 3 new-treaty xyz --dir afile -- \
	"cannot create the folder afile/treaties: Not a directory"
mkdir -p ro/treaties ro/xyz
chmod 555 ro/treaties
if [ "$(id -u)" -ne 0 ]; then
	expect "a folder that cannot be written" 3 new-treaty xyz --dir ro -- \
		"cannot create ro/treaties/xyz.json: Permission denied"
	[ ! -e ro/xyz/acts.csv ] && [ ! -e ro/states.csv ] &&
		pass "nothing written beside an unwritable folder" ||
		fail "nothing written beside an unwritable folder"
else
	# root writes anywhere: the permission case cannot be made.
	n=$((n + 1))
	printf 'ok %d - a folder that cannot be written # SKIP run as root\n' "$n" >>"$tap"
fi
chmod 755 ro/treaties

# A write that fails half-way takes back what it wrote: the record's folder
# is a file, so the rules file, written first, is removed again.
mkdir -p roll
: >roll/xyz
expect "a record that cannot be written" 3 new-treaty xyz --dir roll -- \
	"cannot create roll/xyz/acts.csv: Not a directory"
[ ! -e roll/treaties/xyz.json ] && [ ! -e roll/states.csv ] &&
	pass "a failed write leaves no file behind" ||
	fail "a failed write leaves no file behind"

# Without --dir, the data directory --data names.
cp -r new viadata
rm -f viadata/treaties/xyz.json viadata/xyz/acts.csv
run --data viadata new-treaty abc
[ "$rc" -eq 0 ] && [ -f viadata/treaties/abc.json ] && [ -f viadata/abc/acts.csv ] &&
	pass "without --dir, into the data directory" ||
	fail "without --dir, into the data directory (exit $rc)" "$err"

tap_end
