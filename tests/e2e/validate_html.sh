#!/usr/bin/env bash
# The HTML report as a person sees it: rendered by headless Chromium, the
# DOM must show the coverage numbers, the verdict, a violation example and
# the event table; text from the log is escaped (an event named like a
# script tag stays text) and the page loads nothing from outside.
# Then a log with known violations (a Korean event name among them): the
# DOM must hold the SVG bar charts by code and by event and the table per
# event and property with exact counts and first locations, Korean fonts
# must come before the generic family, and at a phone's width no
# file:line:col may break inside (a test-only probe script, added to a copy
# of the page, counts each location's line boxes). A screenshot is kept as
# a test artifact in $BUILD/artifacts/validate-html.png.
# A missing Chromium fails this test: install it with scripts/deps.sh test.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${BUILD:?}" "${TMPDIR:?}"
d="$ROOT/tests/golden/validate"
fail=0
chrome=""
for c in chromium chromium-browser google-chrome; do
  command -v $c >/dev/null 2>&1 && { chrome=$c; break; }
done
[ -n "$chrome" ] || { echo "FAIL: chromium not found (run scripts/deps.sh test)"; exit 1; }
cp "$d/log.ndjson" "$TMPDIR/log.ndjson"
printf '%s\n' '{"event_type":"<script>alert(1)</script>","event_properties":{"x&y":"<b>"}}' >>"$TMPDIR/log.ndjson"
cd "$TMPDIR"
"$TAXONC" validate --format html -o report.html "$d/taxonomy.yaml" log.ndjson; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; fail=1; }
grep -Eiq '<script|src=|href=|@import|url\(' report.html && { echo "FAIL: the page refers to something outside or runs scripts"; fail=1; }
HOME="$TMPDIR" timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
  --user-data-dir="$TMPDIR/profile" --dump-dom "file://$TMPDIR/report.html" >dom.html 2>chrome.err
[ -s dom.html ] || { echo "FAIL: chromium rendered nothing"; tail -5 chrome.err; exit 1; }
python3 - dom.html <<'PY' || fail=1
import re, sys, html
dom = open(sys.argv[1], encoding="utf-8").read()
text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
text = re.sub(r"\s+", " ", text)
def need(s):
    assert s in text, "not shown: %r" % s
need("Event log validation: qa_app")
need("18 records (14 events) in 1 file")
need("FAIL: 16 invalid records")
need("Events seen: 5/5 (100.0%)")
need("Properties seen: 14/17 (82.4%)")
need("'kakoa' is not an allowed value; did you mean 'kakao'?")
need("log.ndjson:2:69")
need("unknown event '<script>alert(1)</script>'")
assert "<script" not in dom.lower(), "a script element made it into the DOM"
rows = re.findall(r"<tr[^>]*>\s*<td><code>complete_sign_up</code></td>\s*<td class=\"n\">3</td>", dom)
assert rows, "event table row for complete_sign_up with 3 seen"
bars = re.findall(r'class="fill" style="width:([0-9.]+)%"', dom)
assert bars == ["100.0", "82.4"], bars
print("html: the rendered page shows coverage, verdict and examples")
PY

# --- charts and the per-property table, on a log with known violations ---
fc-list :lang=ko | grep -q . || { echo "FAIL: no Korean font (fonts-nanum: run scripts/deps.sh test)"; exit 1; }
case $BUILD in /*) art="$BUILD/artifacts" ;; *) art="$ROOT/$BUILD/artifacts" ;; esac
mkdir -p "$art"
rm -f "$art/validate-html.png"
mkdir -p "$TMPDIR/k" && cd "$TMPDIR/k" || exit 1
{ cat "$d/taxonomy.yaml"; printf '  회원가입_완료:\n    description: 회원가입 완료\n    properties:\n      sign_up_type: required\n'; } >plan.yaml
python3 - <<'PY'
import json
def rec(ev, props):
    return json.dumps({"event_type": ev, "event_properties": props}, ensure_ascii=False, separators=(",", ":"))
lines = [rec("search_stay", {"search_term": "abc", "travel_adults": 21 + i % 3}) for i in range(472)]
lines += [rec("search_stay", {"search_term": "abc", "travel_adults": "2"}) for _ in range(30)]
lines += [rec("회원가입_완료", {"sign_up_type": "kakoa"}) for _ in range(7)]
lines += [rec("회원가입_완료", {}) for _ in range(3)]
lines.insert(5, rec("검색_알수없음", {}))
lines.insert(9, rec("other", {}))
lines.insert(12, "not json")
open("log.ndjson", "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
"$TAXONC" validate --format html -o report.html plan.yaml log.ndjson; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; fail=1; }
grep -Eiq '<script|src=|href=|@import|url\(' report.html && { echo "FAIL: the page refers to something outside or runs scripts"; fail=1; }
chrome_run() {
  HOME="$TMPDIR" timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
    --hide-scrollbars --user-data-dir="$TMPDIR/profile" "$@" 2>>chrome.err
}
chrome_run --window-size=1280,800 --dump-dom "file://$TMPDIR/k/report.html" >dom.html
# a copy with a probe: how many line boxes each location takes at 360px
sed 's|</body>|<script>document.body.dataset.locLines=[...document.querySelectorAll("code.loc")].map(e=>e.getClientRects().length).join(",");document.body.dataset.locWidth=Math.max(...[...document.querySelectorAll("code.loc")].map(e=>e.getBoundingClientRect().width))</script></body>|' report.html >probe.html
chrome_run --window-size=360,800 --dump-dom "file://$TMPDIR/k/probe.html" >probe.dom
chrome_run --window-size=1100,2400 --screenshot="$art/validate-html.png" "file://$TMPDIR/k/report.html" >/dev/null
python3 - dom.html probe.dom report.html "$art/validate-html.png" <<'PY' || fail=1
import html, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
probe = open(sys.argv[2], encoding="utf-8").read()
page = open(sys.argv[3], encoding="utf-8").read()
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL:", what)
def chart(cid):
    m = re.search(r'<svg[^>]*id="%s"[^>]*>(.*?)</svg>' % cid, dom, re.S)
    if not m:
        return None
    return [(html.unescape(g[0]), int(g[1]), float(g[2]), html.unescape(g[3]), int(g[4]))
            for g in re.findall(r'<g class="row" data-count="(\d+)" data-label="([^"]*)">.*?'
                                r'<text class="label"[^>]*>([^<]*)</text><rect class="bar[^"]*"[^>]*'
                                r'width="([0-9.]+)%".*?<text class="count"[^>]*>(\d+)</text>', m.group(1), re.S)
            for g in [(g[1], g[0], g[3], g[2], g[4])]]
codes = chart("chart-codes")
check(codes is not None, "no SVG chart of violations by code")
want_codes = [("out-of-range", 472), ("wrong-type", 30), ("not-in-enum", 7),
              ("missing-required", 3), ("unknown-event", 2), ("malformed-json", 1)]
if codes is not None:
    check([(c[0], c[1]) for c in codes] == want_codes, "code chart bars %r" % codes)
    check(all(c[3] == c[0] and c[4] == c[1] for c in codes), "code chart labels and counts drawn %r" % codes)
    check(codes and abs(codes[0][2] - 82.0) < 0.01 and abs(codes[1][2] - 82.0 * 30 / 472) < 0.01,
          "bar widths follow the counts %r" % [c[2] for c in codes])
events = chart("chart-events")
check(events is not None, "no SVG chart of violations by event")
if events is not None:
    check([(c[0], c[1]) for c in events] == [("search_stay", 502), ("회원가입_완료", 10),
          ("(unknown events)", 2), ("(records that are not events)", 1)], "event chart bars %r" % events)
# the table per event and property: property x code x count, where the first one is
rows = [tuple(html.unescape(x) for x in r) for r in re.findall(
    r'<tr data-event="([^"]*)" data-property="([^"]*)" data-code="([^"]*)" data-count="(\d+)">'
    r'<td>(?:<code>)?([^<]*)(?:</code>)?(?:<span[^>]*>[^<]*</span>)?</td><td class="c"><code>([^<]*)</code></td>'
    r'<td class="n">(\d+)</td><td><code class="loc">([^<]*)</code></td></tr>', dom)]
want_rows = [("search_stay", "travel_adults", "out-of-range", "472", "travel_adults", "out-of-range", "472", "log.ndjson:1:85"),
             ("search_stay", "travel_adults", "wrong-type", "30", "travel_adults", "wrong-type", "30", "log.ndjson:476:85"),
             ("회원가입_완료", "sign_up_type", "not-in-enum", "7", "sign_up_type", "not-in-enum", "7", "log.ndjson:506:60"),
             ("회원가입_완료", "sign_up_type", "missing-required", "3", "sign_up_type", "missing-required", "3", "log.ndjson:513:44"),
             ("(unknown events)", "", "unknown-event", "2", "", "unknown-event", "2", "log.ndjson:6:15")]
check(rows == want_rows, "per-property rows %r" % rows)
text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))
for s in ("Violations by event and property", "search_stay 502 violations", "회원가입_완료 10 violations"):
    check(s in text, "not shown: %r" % s)
# fonts: Korean faces before the generic family, in the body's stack
m = re.search(r"body\{font:[^;}]*", page)
stack = m.group(0) if m else ""
pos = [stack.find(f) for f in ('"Malgun Gothic"', '"Apple SD Gothic Neo"', '"Noto Sans KR"', "sans-serif")]
check(all(p >= 0 for p in pos) and pos == sorted(pos), "font stack %r" % stack)
# locations never break inside, even at 360px
m = re.search(r'data-loc-lines="([^"]*)"', probe)
lines = m.group(1).split(",") if m else []
n_locs = len(re.findall(r'<code class="loc">', dom))     # 5 rows, 21 examples
check(n_locs == 26 and len(lines) == n_locs and all(n == "1" for n in lines),
      "locations broken across lines: %r" % lines)
png = open(sys.argv[4], "rb").read() if sys.argv[4] else b""
check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000, "screenshot %d bytes" % len(png))
if not fails:
    print("html: charts, per-property rows, fonts and unbroken locations as expected; screenshot in", sys.argv[4])
sys.exit(1 if fails else 0)
PY
[ $fail -eq 0 ] && echo "html: ok"
exit $fail
