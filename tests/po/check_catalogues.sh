#!/bin/sh
# The message catalogues against the sources, as TAP: every file that marks
# messages is in po/POTFILES.in, and every message the sources mark is in
# each shipped catalogue (po/LINGUAS), translated and not fuzzy (msgcmp),
# with formats that agree with the English ones (msgfmt --check).
#
# usage: tests/po/check_catalogues.sh SOURCE_ROOT
set -u
src=${1:?usage: check_catalogues.sh SOURCE_ROOT}
po=$src/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1))
	fails=$((fails + 1))
	echo "not ok $n - $1"
	sed 's/^/# /' "$tmp/log"
}

# The keywords are the ones po/meson.build gives xgettext.
: >"$tmp/log"
missing=""
for f in $(cd "$src" && grep -rlE --include='*.c' '\b(pacta_tr|cli_tr|PACTA_N_)\(' src); do
	grep -qxF "$f" "$po/POTFILES.in" || missing="$missing $f"
done
if [ -z "$missing" ]; then
	ok "every file that marks messages is in po/POTFILES.in"
else
	echo "not in po/POTFILES.in:$missing" >"$tmp/log"
	notok "every file that marks messages is in po/POTFILES.in"
fi

if (cd "$src" && xgettext --from-code=UTF-8 --keyword=pacta_tr:2 --keyword=PACTA_N_ \
	--keyword=cli_tr:2 --add-comments=TRANSLATORS: --package-name=pacta \
	-f po/POTFILES.in -o "$tmp/pacta.pot") >"$tmp/log" 2>&1; then
	ok "xgettext reads the sources"
else
	notok "xgettext reads the sources"
fi

for lang in $(grep -v '^#' "$po/LINGUAS"); do
	if msgcmp "$po/$lang.po" "$tmp/pacta.pot" >"$tmp/log" 2>&1; then
		ok "$lang.po has every message of the sources, translated"
	else
		notok "$lang.po has every message of the sources, translated"
	fi
	if msgfmt --check -o /dev/null "$po/$lang.po" >"$tmp/log" 2>&1; then
		ok "$lang.po compiles, its formats agreeing with the English"
	else
		notok "$lang.po compiles, its formats agreeing with the English"
	fi
done
echo "1..$n"
[ "$fails" -eq 0 ]
