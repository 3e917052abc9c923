#!/bin/sh
# The valgrind test setup's wrapper (meson test --setup=valgrind). A compiled
# test runs under valgrind; a test script runs as it is, with PACTA_WRAPPER
# set so that it starts every pacta under valgrind (tests/cli/run.sh does).
# Any memory error or definite leak makes valgrind exit 99, which fails the
# test, or the case of the script that saw it.
# tests/valgrind.supp names the one report that is the dynamic loader's,
# not pacta's.
supp=$(dirname "$0")/valgrind.supp
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$supp"
if [ "$(head -c 2 "$1")" = '#!' ]; then
	PACTA_WRAPPER=$vg
	export PACTA_WRAPPER
	exec "$@"
fi
# shellcheck disable=SC2086 # the options are separate words
exec $vg "$@"
