#!/bin/sh
# deps.sh - make sure the Debian packages that build and test pacta are
# installed. Silent when they all are. As root it installs what is missing;
# otherwise it prints the apt-get command to run and exits 1.
# `deps.sh fuzz` also wants what `make fuzz` builds with (clang, libFuzzer).
set -eu

PACKAGES="meson ninja-build pkg-config gcc libsqlite3-dev libjansson-dev libcmocka-dev"
PACKAGES="$PACKAGES libxml2-dev sqlite3 valgrind python3-icalendar"
# The HTTP service, its tokens, and its browser test.
PACKAGES="$PACKAGES libmicrohttpd-dev libsodium-dev chromium chromium-driver python3-selenium python3-jsonschema"
# The service's compressed answers (gzip, brotli), and the test that
# decodes its brotli answers.
PACKAGES="$PACKAGES zlib1g-dev libbrotli-dev python3-brotli"
# `pacta update` fetches the depositary's pages with libcurl.
PACKAGES="$PACKAGES libcurl4-openssl-dev"
# The states' names in many languages (iso-codes and Unicode CLDR, read at
# build time), the message catalogues (gettext's tools build and check
# them), and the locales the library reads a catalogue through
# (docs/languages.md).
PACKAGES="$PACKAGES iso-codes unicode-cldr-core gettext locales-all"
# The export tests read feeds and panels back with these.
PACKAGES="$PACKAGES python3-feedparser python3-pandas"
if [ "${1:-}" = fuzz ]; then
	PACKAGES="$PACKAGES clang libclang-rt-14-dev"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps.sh: dpkg-query not found; install these packages (Debian names):" >&2
	echo "  $PACKAGES" >&2
	exit 0
fi

# The data package validator (tests/validators, pinned by its
# package-lock.json), installed by npm when node_modules is missing or older
# than the lock file. Without npm the export tests say what is missing.
validators() {
	v=$(dirname "$0")/../tests/validators
	if [ -d "$v/node_modules" ] && [ ! "$v/package-lock.json" -nt "$v/node_modules" ]; then
		return 0
	fi
	if ! command -v npm >/dev/null 2>&1; then
		echo "deps.sh: npm not found; the data package tests need node and npm" >&2
		return 0
	fi
	(cd "$v" && npm ci --no-audit --no-fund --loglevel=error >&2) && touch "$v/node_modules"
}

# Debian's node and npm, unless a node with npm is already there (another
# packaging of it would conflict with Debian's npm).
if ! command -v npm >/dev/null 2>&1; then
	PACKAGES="$PACKAGES nodejs npm"
fi

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	if [ "$status" != "installed" ]; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	validators
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "run as root: apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # word splitting of the package list is wanted
if ! apt-get install -y -qq --no-install-recommends $missing; then
	# The package lists may be absent or stale: refresh them and retry.
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $missing
fi
validators
