#!/usr/bin/env bash
# Safe defaults of the command line, as TAP: a missing --db or PACTA_DB
# path is an error that creates nothing (only init creates a database
# there; the default location is still created on first use); queries open
# the database read-only and answer from a read-only file in a read-only
# folder, writing nothing.
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

out=$tmp/stdout
err=$tmp/stderr
diag=$tmp/diag
rc=0

run() {
	# shellcheck disable=SC2086 # the wrapper's options are separate words
	${PACTA_WRAPPER:-} "$pacta" "$@" >"$out" 2>"$err"
	rc=$?
}

# check NAME: pass when $diag is empty, else fail with it and stderr.
check() {
	if [ -s "$diag" ]; then
		sed 's/^/stderr: /' "$err" >>"$diag"
		fail "$1" "$diag"
	else
		pass "$1"
	fi
}

# expect NAME CODE ARGS... -- SUBSTRING...: pacta ARGS exits with CODE and
# says every SUBSTRING on stderr.
expect() {
	local name=$1 want=$2
	shift 2
	local args=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		args+=("$1")
		shift
	done
	shift
	run "${args[@]}"
	: >"$diag"
	[ "$rc" -eq "$want" ] || echo "exit $rc, expected $want: pacta ${args[*]}" >>"$diag"
	for sub in "$@"; do
		grep -qF -- "$sub" "$err" || echo "stderr lacks: $sub" >>"$diag"
	done
	check "$name"
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

tap_end
