#!/usr/bin/env bash
# pacta update, review and webhook, as TAP, against a depositary this test
# starts on 127.0.0.1 (tests/update/server.py) serving the Mine Ban
# Convention's saved status page (tests/untc/ottawa.html) and variants made
# from it here: a new accession, a new withdrawal end note, a changed
# deposit date, a removed row, a changed stated count; and answers that
# misbehave (304, 500 then success, a timeout, a redirect to another host,
# bytes that are not the declared UTF-8, a cut-off transfer, a truncated
# page, a page over the size limit). Each gives the right proposals or a
# clear error, and the record stays byte for byte as it was until a review
# accepts. Nothing here reaches beyond 127.0.0.1; the server is stopped on
# exit.
#
# usage: tests/update/run.sh PACTA SOURCE_ROOT

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
# No proxy may carry a request elsewhere.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export NO_PROXY='*'

pages=$tmp/pages
mkdir -p "$pages"
page=$src/tests/untc/ottawa.html
cp "$page" "$pages/ottawa.html"
cp "$src/tests/untc/truncated.html" "$pages/truncated.html"

# The variants, each one change from the saved page.
python3 - "$page" "$pages" <<'EOF'
import re
import sys
src, out = sys.argv[1], sys.argv[2]
base = open(src, encoding="utf-8").read()  # its CR LF read as LF
tuvalu = "<td>Tuvalu<br></td>\n\t\t<td>&nbsp;</td>\n\t\t<td>13 Sep\t 2011 a<br></td>"
assert tuvalu in base
count = re.compile(r"(Parties :\s+)162")
assert count.search(base)
def count_163(text):
    return count.sub(r"\g<1>163", text)
def write(name, text):
    open(out + "/" + name, "w", encoding="utf-8").write(text)
# A new accession (Egypt), and the stated count with it.
egypt = ('<tr class="trBWhite">\n\t\t<td>Egypt<br></td>\n\t\t<td>&nbsp;</td>\n'
         '\t\t<td>4 Nov\t 2026 a<br></td>\n\t</tr>\n\t<tr class="trBGGrey">\n\t\t')
at = base.index("<td>Tuvalu<br></td>")
write("accession.html", count_163(base[:at] + egypt + base[at:]))
# A new withdrawal: Tuvalu's row points at a new end note 13.
note = ("<div class=\"divNotesAll\"><a name='13'>13</a><index></index>On 2 December 2026, the "
        "Government of Tuvalu deposited with the Secretary-General a notification of withdrawal "
        "(see depositary notification <a href='https://treaties.un.org/doc/Publication/CN/2026/"
        "CN.500.2026-Eng.pdf' target='_blank'>C.N.500.2026</a>.TREATIES-XXVI-5 of 3 December 2026). "
        "The withdrawal will take effect for Tuvalu on 2 June 2027 in accordance with article 20 (3) "
        "of the Convention.<br><br></div>")
last = base.index("<a name='12'>12</a>")
end12 = base.index("</div>", last) + len("</div>")
w = base.replace("<td>Tuvalu<br></td>",
                 "<td>Tuvalu <SUP><A href='#13' class='noteIndex'>13</A> </SUP><br></td>")
shift = len(w) - len(base)
write("withdrawal.html", w[: end12 + shift] + note + w[end12 + shift :])
# A changed deposit date.
write("date.html", base.replace(tuvalu, tuvalu.replace("13 Sep", "14 Sep")))
# A removed row (Uganda's signature and ratification).
uga = base.index("<td>Uganda<br></td>")
row_start = base.rindex("<tr", 0, uga)
row_end = base.index("</tr>", uga) + len("</tr>")
write("removed.html", base[:row_start] + base[row_end:])
# A changed stated count, no row to explain it.
write("count.html", count_163(base))
EOF

python3 "$src/tests/update/server.py" "$pages" "$tmp/port" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
	[ -s "$tmp/port" ] && break
	sleep 0.1
done
if ! [ -s "$tmp/port" ]; then
	echo "Bail out! the test server did not start"
	exit 1
fi
base="http://127.0.0.1:$(cat "$tmp/port")"

if ! "$pacta" init >"$out" 2>"$err" || ! "$pacta" import-untc "$page" >"$out" 2>"$err"; then
	echo "Bail out! pacta init or import-untc failed: $(head -n 3 "$err")"
	exit 1
fi

# The record: its acts, obligation events and history, as stored.
record() {
	sqlite3 "$PACTA_DB" "SELECT * FROM act ORDER BY id; SELECT * FROM obligation_event ORDER BY id;
		SELECT id, at, who, why, acts, kind, hex(hash) FROM change ORDER BY id;"
}
record >"$tmp/record.before"
record_unchanged() {
	record >"$tmp/record.now"
	if cmp -s "$tmp/record.before" "$tmp/record.now"; then
		pass "$1: the record is unchanged"
	else
		diff "$tmp/record.before" "$tmp/record.now" | head -n 20 >"$diag"
		fail "$1: the record is unchanged" "$diag"
	fi
}

# proposals NAME KIND... : stdout lists one proposal of each KIND, in order.
proposals() {
	local name=$1
	shift
	awk '{ print $3 }' "$out" >"$tmp/kinds"
	printf '%s\n' "$@" >"$tmp/want"
	if cmp -s "$tmp/kinds" "$tmp/want"; then
		pass "$name"
	else
		{
			echo "proposals:"
			cat "$out"
			echo "wanted: $*"
		} >"$diag"
		fail "$name" "$diag"
	fi
}

reject_all() {
	for id in $("$pacta" review list --json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)["proposals"]))'); do
		"$pacta" review reject "$id" --note "test" 2>/dev/null
	done
}

fast="--retries 1 --retry-wait 0.05 --timeout 3"

# The page as imported: nothing to propose; then the same page again: 304.
expect "update: the page as recorded" 0 update apmbc --url "$base/page/ottawa.html" $fast -- \
	"0 differences from the record" "nothing waits for review"
expect "update: 304 Not Modified" 0 update apmbc --url "$base/page/ottawa.html" $fast -- \
	"not modified since"
n304=$(sqlite3 "$PACTA_DB" "SELECT count(*) FROM page_snapshot WHERE http_status = 304")
[ "$n304" = 1 ] && pass "update: the 304 is kept as a fetch" || fail "update: the 304 is kept as a fetch"

# Each variant: its proposals, exit 10, the record unchanged.
expect "update: a new accession" 10 update apmbc --url "$base/page/accession.html" $fast -- \
	"1 new proposal" "1 proposal waits for review"
proposals "update: a new accession is one new act" new
grep -q "accession of Egypt (EGY) dated 2026-11-04" "$out" && pass "update: the accession named" ||
	fail "update: the accession named" "$out"
record_unchanged "a new accession"
expect "update: the same page again: 304, the proposal still waits" 10 update apmbc \
	--url "$base/page/accession.html" $fast -- "not modified since" "1 proposal waits"
reject_all
cp "$pages/accession.html" "$pages/accession-again.html"
expect "update: a rejected proposal is not made again" 0 update apmbc \
	--url "$base/page/accession-again.html" $fast -- "1 difference from the record, 0 new proposals" \
	"nothing waits"

expect "update: a new withdrawal end note" 10 update apmbc --url "$base/page/withdrawal.html" $fast -- \
	"1 new proposal"
proposals "update: the withdrawal is one new act" new
grep -q "withdrawal of Tuvalu (TUV) dated 2026-12-02 (XXVI-5, end note 13)" "$out" &&
	pass "update: the withdrawal named, with its end note" ||
	fail "update: the withdrawal named, with its end note" "$out"
record_unchanged "a new withdrawal"
reject_all

expect "update: a changed deposit date" 10 update apmbc --url "$base/page/date.html" $fast -- \
	"1 new proposal"
proposals "update: the changed date is one correction" date
"$pacta" review list >"$out" 2>"$err"
id=$(awk '$3 == "date" { print $1 }' "$out")
"$pacta" review show "$id" >"$out" 2>"$err"
if grep -q "the page says:    accession of Tuvalu (TUV) dated 2011-09-14" "$out" &&
	grep -q "the record says:  act [0-9]*: accession of Tuvalu (TUV) dated 2011-09-13" "$out" &&
	grep -q "accepting appends: a correction of act [0-9]* dated 2011-09-14" "$out" &&
	grep -q "evidence:         snapshot [0-9]* of $base/page/date.html" "$out"; then
	pass "review show: page, record, the act appended, the evidence"
else
	fail "review show: page, record, the act appended, the evidence" "$out"
fi
record_unchanged "a changed date"
reject_all

expect "update: a removed row" 10 update apmbc --url "$base/page/removed.html" $fast -- \
	"2 new proposals"
proposals "update: the removed row's two acts are gone" gone gone
record_unchanged "a removed row"
reject_all

expect "update: a changed stated count" 10 update apmbc --url "$base/page/count.html" $fast -- \
	"1 new proposal"
proposals "update: the count is one proposal" count
grep -q "Parties: 163" "$out" && pass "update: the count named" || fail "update: the count named" "$out"
reject_all

# Answers that misbehave.
expect "update: 500, then the page on retry" 0 update apmbc --url "$base/flaky/ottawa.html" $fast -- \
	"server error; trying again" "nothing waits"
expect "update: a timeout" 7 update apmbc --url "$base/slow/ottawa.html" --timeout 1 --retries 0 -- \
	"timed out"
expect "update: a redirect to another host is refused" 7 update apmbc \
	--url "$base/away/ottawa.html" $fast -- "another host: refused"
expect "update: a redirect within the host is followed" 0 update apmbc \
	--url "$base/here/ottawa.html" $fast -- "nothing waits"
expect "update: bytes that are not the declared UTF-8" 3 update apmbc \
	--url "$base/latin1/ottawa.html" $fast -- "not the UTF-8 it declares (byte" "nothing proposed"
expect "update: a cut-off transfer" 7 update apmbc --url "$base/cut/ottawa.html" $fast -- \
	"cut off"
expect "update: a truncated page" 3 update apmbc --url "$base/page/truncated.html" $fast -- \
	"truncated" "nothing proposed"
cp "$page" "$pages/big.html"
expect "update: over the size limit" 7 update apmbc --url "$base/page/big.html" \
	--max-bytes 100000 $fast -- "over the size limit of 100000 bytes"
expect "update: nothing listens" 7 update apmbc --url "http://127.0.0.1:9/x" --retries 0 \
	--connect-timeout 1 -- "apmbc: http://127.0.0.1:9/x"
expect "update: --from-file, a page that is not UTC's" 3 update apmbc \
	--from-file "$src/tests/untc/ccm.html" -- "the page is UNTC XXVI-6, but apmbc is UNTC XXVI-5"
expect "update: --url with two treaties" 2 update apmbc ccm --url "$base/page/ottawa.html" -- \
	"--url needs exactly one TREATY"
expect "update: a bad --timeout" 2 update apmbc --timeout 0 -- "--timeout takes a number of seconds"
record_unchanged "after every error"
kept=$(sqlite3 "$PACTA_DB" "SELECT count(*) FROM page_snapshot WHERE http_status = 200 AND counts IS NULL")
[ "$kept" -ge 2 ] && pass "update: unreadable pages are kept as evidence too" ||
	fail "update: unreadable pages are kept as evidence too"

expect "serve: --update-every under a minute" 2 serve --update-every 5s -- \
	"--update-every takes a period of a minute or more"
expect "serve: --update-every without a unit" 2 serve --update-every 6 -- \
	"--update-every takes a period"

# Snapshots: their bytes are the page's, compressed, with the page's SHA-256.
want=$(sha256sum "$page" | cut -c1-64)
got=$(sqlite3 "$PACTA_DB" "SELECT sha256 FROM page_snapshot WHERE id = 1")
size=$(sqlite3 "$PACTA_DB" "SELECT size < length(body) FROM page_snapshot WHERE id = 1")
[ "$got" = "$want" ] && [ "$size" = 0 ] && pass "snapshot: the page's SHA-256, compressed" ||
	fail "snapshot: the page's SHA-256, compressed"

# Review errors.
expect "review: no such proposal" 1 review show 999 -- "no proposal 999"
expect "review: a decided proposal" 3 review accept 1 -- "was rejected already"
expect "review: not a number" 2 review accept x -- "ID must be a proposal's number"
expect "review: a bad --source" 2 review accept 1 --source "ftp://x" -- "--source must be an http(s) URL"
expect "review: an unknown subcommand" 2 review approve 1 -- "review takes list, show, accept or reject"

# The webhook, told of each proposal and of what is recorded.
expect "webhook: a short secret" 2 webhook set "$base/hook" --secret short -- "at least 16 bytes"

# As a new user would, in a database of their own: the page with one new
# accession; one proposal; accepted; one more party from the right day;
# the feed says so; run again, nothing new.
export PACTA_DB=$tmp/new.db
"$pacta" init >"$out" 2>"$err" && "$pacta" import-untc "$page" >"$out" 2>"$err"
expect "webhook: set" 0 webhook set "$base/hook" --secret 0123456789abcdef0123 -- "webhook set"
record >"$tmp/record.before"
count_on() {
	"$pacta" parties apmbc --on "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'
}
before=$(count_on 2027-05-01)
expect "new user: update apmbc" 10 update apmbc --url "$base/page/accession.html" $fast -- \
	"1 new proposal" "1 proposal waits for review"
proposals "new user: one proposal" new
id=$(awk '{ print $1 }' "$out")
record_unchanged "new user, before review"
expect "new user: accept" 0 review accept "$id" --note "checked against the C.N." -- \
	"proposal $id accepted: recorded as change"
after=$(count_on 2027-05-01)
day_before=$(count_on 2027-04-30)
if [ "$after" -eq $((before + 1)) ] && [ "$day_before" -eq "$before" ]; then
	pass "new user: parties counts one more from 2027-05-01"
else
	echo "before $before, after $after, the day before $day_before" >"$diag"
	fail "new user: parties counts one more from 2027-05-01" "$diag"
fi
"$pacta" feed apmbc --state EGY --format json --on 2026-12-06 >"$out" 2>"$err"
grep -q "tag:pacta,2025:apmbc/EGY/consent/2026-11-04" "$out" &&
	pass "new user: the feed carries the accession" ||
	fail "new user: the feed carries the accession" "$out"
"$pacta" feed apmbc --review >"$out" 2>"$err"
# Debian's python3, where python3-feedparser is installed.
/usr/bin/python3 - "$out" "$id" >"$diag" 2>&1 <<'EOF2'
import sys
import feedparser
d = feedparser.parse(sys.argv[1])
assert not d.bozo, d.bozo_exception
ids = [e.id for e in d.entries]
want = ["tag:pacta,2025:apmbc/review/%s/recorded" % sys.argv[2],
        "tag:pacta,2025:apmbc/review/%s/proposed" % sys.argv[2]]
assert ids == want, ids
assert d.entries[0].title.startswith("change recorded: accession of Egypt (EGY) dated 2026-11-04"), d.entries[0].title
assert d.entries[1].title.startswith("change proposed: "), d.entries[1].title
EOF2
[ $? -eq 0 ] && pass "new user: the review feed says proposed, then recorded" ||
	fail "new user: the review feed says proposed, then recorded" "$diag"
"$pacta" history >"$out" 2>"$err"
grep -q "proposal $id accepted: apmbc snapshot" "$out" &&
	pass "new user: the history names the proposal and its snapshot" ||
	fail "new user: the history names the proposal and its snapshot" "$out"
"$pacta" verify >"$out" 2>"$err" && pass "new user: the chain holds" || fail "new user: the chain holds" "$err"
expect "new user: run it again: nothing new" 0 update apmbc --url "$base/page/accession.html" $fast -- \
	"nothing waits for review"
expect "new user: the accepted proposal cannot be decided again" 3 review reject "$id" -- \
	"was accepted already"

# The webhook got both events, each signed with HMAC-SHA256 of its body.
python3 - "$pages/hook.log" >"$diag" 2>&1 <<'EOF'
import hashlib, hmac, json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
events = []
for sig, body in zip(lines[0::2], lines[1::2]):
    want = "sha256=" + hmac.new(b"0123456789abcdef0123", body, hashlib.sha256).hexdigest()
    assert sig.decode() == want, (sig, want)
    events.append(json.loads(body)["event"])
assert events == ["change proposed", "change recorded"], events
EOF
[ $? -eq 0 ] && pass "webhook: change proposed, change recorded, signed" ||
	fail "webhook: change proposed, change recorded, signed" "$diag"
run webhook show
grep -q "^$base/hook\$" "$out" && pass "webhook: show prints the URL only" || fail "webhook: show prints the URL only" "$out"
expect "webhook: remove" 0 webhook remove -- "webhook removed"
expect "webhook: none" 1 webhook show -- "no webhook is set"

# The review queue over HTTP, for token holders.
expect "api: a page with a new withdrawal" 10 update apmbc --url "$base/page/withdrawal.html" $fast -- \
	"2 new proposals"
token=$("$pacta" token add reviewer 2>/dev/null)
"$pacta" serve --port 0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
service=$!
trap 'kill "$server" "$service" 2>/dev/null; wait "$server" "$service" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do
	grep -q "serving" "$tmp/serve.out" 2>/dev/null && break
	sleep 0.1
done
api=$(sed -n 's|^pacta: serving \(http://[^ ]*\)/$|\1|p' "$tmp/serve.out")
python3 - "$api" "$token" >"$diag" 2>&1 <<'EOF2'
import json, sys, urllib.error, urllib.request
api, token = sys.argv[1], sys.argv[2]
def call(method, path, body=None, auth=True):
    req = urllib.request.Request(api + path, method=method, data=body)
    if auth:
        req.add_header("Authorization", "Bearer " + token)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
status, _ = call("GET", "/v1/review", auth=False)
assert status == 401, ("no token", status)
status, doc = call("GET", "/v1/review")
assert status == 200, status
kinds = sorted(p["kind"] for p in doc["proposals"])
assert kinds == ["gone", "new"], kinds
new = [p for p in doc["proposals"] if p["kind"] == "new"][0]
gone = [p for p in doc["proposals"] if p["kind"] == "gone"][0]
status, one = call("GET", "/v1/review/%d" % new["id"])
assert status == 200 and one["evidence"]["url"].endswith("/page/withdrawal.html"), one
assert len(one["evidence"]["sha256"]) == 64
status, doc = call("POST", "/v1/review/%d/accept" % new["id"], b'{"note": "C.N.500.2026 seen"}')
assert status == 200 and doc["status"] == "accepted" and doc["change"], (status, doc)
status, doc = call("POST", "/v1/review/%d/accept" % new["id"])
assert status == 409, ("twice", status, doc)
status, doc = call("POST", "/v1/review/%d/reject" % gone["id"], b'{"bogus": 1}')
assert status == 400, ("bad body", status)
status, doc = call("POST", "/v1/review/%d/reject" % gone["id"], b'{"note": "the page was abridged"}')
assert status == 200 and doc["status"] == "rejected" and doc["change"] is None, doc
status, doc = call("GET", "/v1/review/99999")
assert status == 404, status
status, doc = call("GET", "/v1/review/x")
assert status == 404, status
status, doc = call("GET", "/v1/review")
assert doc["proposals"] == [], doc
req = urllib.request.Request(api + "/v1/treaties/apmbc/review.json")
with urllib.request.urlopen(req) as r:
    feed = json.load(r)
tags = [i["tags"][0] for i in feed["items"]]
assert tags.count("change-recorded") == 2 and tags.count("change-proposed") == 3, tags
status, doc = call("GET", "/v1/treaties/apmbc/states/TUV")
assert status == 200 and doc["status"]["status"] == "withdrawal_pending", doc["status"]
EOF2
[ $? -eq 0 ] && pass "api: list, show, accept, reject, for token holders only" ||
	fail "api: list, show, accept, reject, for token holders only" "$diag"
kill "$service" 2>/dev/null
wait "$service" 2>/dev/null
"$pacta" verify >"$out" 2>"$err" && pass "api: the chain holds" || fail "api: the chain holds" "$err"

# A changed date accepted: a correction that keeps the act's note.
expect "date: the page with Tuvalu's accession a day later" 10 update apmbc \
	--url "$base/page/date.html" $fast -- "new proposal"
id=$(awk '$3 == "date" { print $1 }' "$out")
expect "date: accept" 0 review accept "$id" -- "proposal $id accepted: recorded as change"
"$pacta" timeline apmbc TUV --json >"$out" 2>"$err"
python3 - "$out" >"$diag" 2>&1 <<'EOF2'
import json, sys
acts = [e["act"] for e in json.load(open(sys.argv[1]))["events"] if e["kind"] == "act"]
acc = [a for a in acts if a["action"] == "accession"]
assert len(acc) == 1 and acc[0]["date"] == "2011-09-14", acc
assert acc[0]["note"].startswith("ICBL (23 Sep 2011)"), acc[0]["note"]
EOF2
[ $? -eq 0 ] && pass "date: the accession corrected to 2011-09-14, its note kept" ||
	fail "date: the accession corrected to 2011-09-14, its note kept" "$diag"
"$pacta" history >"$out" 2>"$err"
grep -q "correct .*proposal $id accepted" "$out" && pass "date: the history has the correction" ||
	fail "date: the history has the correction" "$out"

# The bundled record holds everything the five saved status pages show: the
# record's own reading of a text (a declaration recorded as the provisional
# application it declares, a text dated by the line above it) and a state
# that ceased (its acts in end notes, not rows) propose nothing.
bundled_db=$PACTA_DB
export PACTA_DB=$tmp/bundled.db
"$pacta" init >/dev/null 2>&1
for pair in apmbc:ottawa ccm:ccm ccw:ccw ccw-ap2:ccw_p2a ccw-p5:ccw_p5; do
	expect "bundled: the saved ${pair%%:*} page proposes nothing" 0 \
		update "${pair%%:*}" --from-file "$src/tests/untc/${pair##*:}.html" -- \
		"0 differences from the record" "nothing waits for review"
done
export PACTA_DB=$bundled_db

tap_end
