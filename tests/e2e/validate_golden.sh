#!/usr/bin/env bash
# Golden reports of `taxonc validate`: text (concise and --verbose), JSON and
# JUnit for tests/golden/validate/log.ndjson, pinned byte for byte, with the
# exit code. UPDATE=1 rewrites the expected files.
set -u
dir="$ROOT/tests/golden/validate"
cd "$dir" || exit 1
fail=0
check() { # name, expected exit, args...
  local name=$1 want=$2; shift 2
  local out="$TMPDIR/$name"
  "$TAXONC" validate "$@" >"$out" 2>"$out.err"
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; cat "$out.err"; fail=1
  fi
  if [ "${UPDATE:-0}" = 1 ]; then cp "$out" "expected/$name"; return; fi
  if ! diff -u "expected/$name" "$out"; then echo "FAIL $name: output differs"; fail=1; fi
}
mkdir -p expected
check report.txt 1 taxonomy.yaml log.ndjson
check report_verbose.txt 1 --verbose taxonomy.yaml log.ndjson
check report.json 1 --format json taxonomy.yaml log.ndjson
check report_junit.xml 1 --format junit taxonomy.yaml log.ndjson
check report_max2.txt 1 --verbose --max-errors 2 taxonomy.yaml log.ndjson
check report_failon.txt 0 --fail-on wrong-type,not-in-enum taxonomy.yaml clean.ndjson
check report_failon_dep.txt 1 --fail-on deprecated-event,deprecated-property taxonomy.yaml clean.ndjson
check report_array.txt 1 --verbose taxonomy.yaml array.json
check report_segment.txt 1 --verbose taxonomy.yaml segment.ndjson
check report_custom.txt 1 --verbose --profile custom --event-path /meta/name --props-path /props taxonomy.yaml custom.ndjson
# The JSON report parses and its counts agree with the text.
python3 - "$TMPDIR/report.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["records"] == 17, r["records"]
assert r["violations_total"] == sum(c["count"] for c in r["codes"].values())
assert len(r["violations"]) == r["violations_kept"] == r["violations_total"]
assert r["coverage"]["events_seen"] == 5
PY
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$TMPDIR/report_junit.xml" || { echo "FAIL: junit is not XML"; fail=1; }
[ $fail -eq 0 ] && echo "validate golden: ok"
exit $fail
