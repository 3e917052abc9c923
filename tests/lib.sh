# shellcheck shell=bash
# tests/lib.sh - what the shell test scripts share (source it from bash):
# absolute paths, a temporary directory with its own database and
# environment, and TAP results collected, then printed after the plan.

# abspath PATH: PATH made absolute against the current directory.
abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}

# in_temp_dir SOURCE_ROOT: makes $tmp (removed on exit) and moves into it,
# with HOME there, PACTA_DB=$tmp/pacta.db, PACTA_USER=test, the bundled
# record as PACTA_DATA, UTC and the C locale, so that no test touches a real
# database or depends on the machine's settings. Starts the results: $tap
# (the file they collect in), $n (cases so far), $failed; and what run
# leaves: $out, $err (the last run's stdout and stderr), $diag (a scratch
# file for diagnostics), $rc.
in_temp_dir() {
	tmp=$(mktemp -d) || {
		echo "Bail out! mktemp -d failed"
		exit 1
	}
	trap 'rm -rf "$tmp"' EXIT
	cd "$tmp" || exit 1
	export HOME=$tmp PACTA_DB=$tmp/pacta.db PACTA_USER=test PACTA_DATA=$1/data TZ=UTC LC_ALL=C
	unset XDG_DATA_HOME
	tap=$tmp/tap
	: >"$tap"
	n=0
	failed=0
	out=$tmp/stdout
	err=$tmp/stderr
	diag=$tmp/diag
	rc=0
}

# run ARGS...: runs $pacta, leaving stdout in $out, stderr in $err and the
# exit code in $rc. Under tests/valgrind.sh, PACTA_WRAPPER runs it under
# valgrind, whose exit code 99 for a memory error then fails the case.
run() {
	# shellcheck disable=SC2086 # the wrapper's options are separate words
	${PACTA_WRAPPER:-} "$pacta" "$@" >"$out" 2>"$err"
	rc=$?
}

# pass NAME
pass() {
	n=$((n + 1))
	printf 'ok %d - %s\n' "$n" "$1" >>"$tap"
}

# fail NAME [DIAGNOSTIC-FILE]
fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - %s\n' "$n" "$1" >>"$tap"
	if [ $# -gt 1 ] && [ -s "$2" ]; then
		sed 's/^/# /' "$2" >>"$tap"
	fi
}

# expect NAME CODE ARGS... -- SUBSTRING...: pacta ARGS exits with CODE and
# says every SUBSTRING on stderr; a failure shows the command and stderr.
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
	if [ -s "$diag" ]; then
		sed 's/^/stderr: /' "$err" >>"$diag"
		fail "$name" "$diag"
	else
		pass "$name"
	fi
}

# tap_end: the plan and the results; fails when a case failed.
tap_end() {
	printf '1..%d\n' "$n"
	cat "$tap"
	[ "$failed" -eq 0 ]
}
