#!/usr/bin/env bash
# Crash safety of the HTTP service: `pacta serve` is killed with SIGKILL
# while a client posts acts one request at a time; restarted, every act the
# service acknowledged (HTTP 201 or 200) must be in the record, and
# `pacta verify` must pass. TAP, one line.
#
# usage: tests/crash/service.sh PACTA SOURCE_ROOT [CYCLES]

set -u
abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$PWD" "$1" ;;
	esac
}
pacta=$(abspath "$1")
src=$(abspath "$2")
cycles=${3:-5}
tmp=$(mktemp -d) || exit 1
server=
client=
cleanup() {
	[ -n "$client" ] && kill "$client" 2>/dev/null
	[ -n "$server" ] && kill -9 "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
export HOME=$tmp PACTA_DB=$tmp/pacta.db PACTA_USER=test PACTA_DATA=$src/tests/torture/data TZ=UTC LC_ALL=C
echo "1..1"
if ! command -v curl >/dev/null 2>&1; then
	echo "not ok 1 - curl is missing (scripts/deps.sh installs it)"
	exit 0
fi
if ! "$pacta" serve --help >/dev/null 2>&1; then
	echo "ok 1 - # SKIP this pacta has no serve command"
	exit 0
fi
"$pacta" init >/dev/null 2>&1 || { echo "not ok 1 - init failed"; exit 0; }
token=$("$pacta" token add crash 2>/dev/null) || { echo "not ok 1 - token add failed"; exit 0; }
: >acked
why=""
for c in $(seq 1 "$cycles"); do
	"$pacta" serve --port 0 >serve.out 2>serve.err &
	server=$!
	url=""
	for _ in $(seq 1 100); do
		url=$(grep -o 'http://[^ ]*/' serve.out serve.err 2>/dev/null | head -n 1 | sed 's/^[^:]*://')
		[ -n "$url" ] && break
		sleep 0.05
	done
	if [ -z "$url" ]; then
		why="cycle $c: the service did not start: $(head -c 300 serve.err)"
		break
	fi
	url=${url%/}
	(
		k=0
		while :; do
			k=$((k + 1))
			note="cycle $c write $k"
			# A declaration by a party, each on its own day (the record
			# checks refuse duplicates).
			day=$(date -u -d "2030-01-01 + $(((c * 1000 + k) % 20000)) days" +%Y-%m-%d)
			code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
				-H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
				-d "{\"state\":\"CAN\",\"action\":\"declaration\",\"date\":\"$day\",\"source_url\":\"https://example.org/crash\",\"note\":\"$note\"}" \
				"$url/v1/treaties/apmbc/acts?allow_future=true")
			case $code in
			200 | 201) echo "$note" >>acked ;;
			000) ;;
			*) echo "unexpected status $code for $note" >>unexpected ;;
			esac
		done
	) &
	client=$!
	sleep "0.$(((RANDOM % 8) + 2))"
	kill -9 "$server"
	wait "$server" 2>/dev/null
	server=
	kill "$client" 2>/dev/null
	wait "$client" 2>/dev/null
	client=
	if [ -s unexpected ]; then
		why="cycle $c: $(head -n 1 unexpected)"
		break
	fi
	if ! "$pacta" verify >verify.out 2>&1; then
		why="cycle $c: verify failed: $(head -c 300 verify.out)"
		break
	fi
	"$pacta" timeline apmbc CAN --json >timeline.json 2>/dev/null
	while IFS= read -r note; do
		if ! grep -qF "\"$note\"" timeline.json; then
			why="cycle $c: acknowledged '$note' is missing"
			break 2
		fi
	done <acked
done
if [ -n "$why" ]; then
	echo "not ok 1 - $why"
else
	echo "ok 1 - $cycles kill -9 cycles of pacta serve: $(wc -l <acked) acknowledged writes all present, verify passes"
fi
