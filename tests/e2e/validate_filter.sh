#!/usr/bin/env bash
# Filter mode: --valid-out gets the valid records verbatim, --invalid-out
# gets each invalid record with its violations as one JSON line; together
# they hold every record exactly once, in input order.
set -u
d="$ROOT/tests/golden/validate"
fail=0
"$TAXONC" validate --valid-out "$TMPDIR/ok.ndjson" --invalid-out "$TMPDIR/bad.ndjson" \
  "$d/taxonomy.yaml" "$d/log.ndjson" >"$TMPDIR/report.txt" 2>"$TMPDIR/err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; cat "$TMPDIR/err"; fail=1; }
ls "$TMPDIR" | grep -q '\.tmp\.' && { echo "FAIL: temp files left behind"; fail=1; }
python3 - "$d/log.ndjson" "$TMPDIR/ok.ndjson" "$TMPDIR/bad.ndjson" <<'PY' || fail=1
import json, sys
src = [l for l in open(sys.argv[1], "rb").read().split(b"\n") if l.strip()]
ok = [l for l in open(sys.argv[2], "rb").read().split(b"\n") if l]
bad = [json.loads(l) for l in open(sys.argv[3], "rb").read().split(b"\n") if l]
assert len(ok) == 2, ok
assert len(ok) + len(bad) == len(src), (len(ok), len(bad), len(src))
assert ok[0] == src[0] and ok[1] == src[-1], "valid records must be copied verbatim"
lines = [b["line"] for b in bad]
assert lines == sorted(lines), "invalid records must keep input order"
first = bad[0]
assert first["file"].endswith("log.ndjson") and first["line"] == 2 and first["index"] == 1, first
codes = [v["code"] for v in first["violations"]]
assert codes == ["not-in-enum", "bad-format"], codes
assert first["violations"][0]["message"] == "'kakoa' is not an allowed value; did you mean 'kakao'?"
assert first["record"]["event_type"] == "complete_sign_up"
mal = [b for b in bad if b["violations"][0]["code"] == "malformed-json"][0]
assert "raw" in mal and mal["raw"].endswith(",}"), mal
utf = [b for b in bad if b["violations"][0]["code"] == "invalid-utf8"]
assert len(utf) == 2 and "\ufffd" in utf[-1]["raw"], utf
print("filter: %d valid, %d invalid" % (len(ok), len(bad)))
PY
# A failing run (unreadable log) leaves no output file behind.
"$TAXONC" validate --valid-out "$TMPDIR/none.ndjson" "$d/taxonomy.yaml" "$TMPDIR/missing.ndjson" \
  >/dev/null 2>"$TMPDIR/err2"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: missing log: exit $rc, expected 2"; fail=1; }
grep -q "cannot open '$TMPDIR/missing.ndjson'" "$TMPDIR/err2" || { echo "FAIL: no I/O message"; cat "$TMPDIR/err2"; fail=1; }
[ -e "$TMPDIR/none.ndjson" ] && { echo "FAIL: output kept after an I/O error"; fail=1; }
exit $fail
