#!/usr/bin/env bash
# The HTML report as a person sees it: rendered by headless Chromium, the
# DOM must show the coverage numbers, the verdict, a violation example and
# the event table; text from the log is escaped (an event named like a
# script tag stays text) and the page loads nothing from outside.
# A missing Chromium fails this test: install it with scripts/deps.sh test.
set -u
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
[ $fail -eq 0 ] && echo "html: ok"
exit $fail
