#!/usr/bin/env bash
# Every JUnit report taxonc writes (validate, lint, check) must pass
# Jenkins' junit-10.xsd (tests/schemas/junit-10.xsd) with xmllint, on
# failing runs as well as clean ones, and still carry the failure details
# CI servers show. A missing xmllint FAILS this test: scripts/deps.sh test
# installs it (Debian libxml2-utils).
. "$(dirname "$0")/lib/e2e.bash"
xsd="$ROOT/tests/schemas/junit-10.xsd"
command -v xmllint >/dev/null ||
  { echo "FAIL xmllint is missing (apt-get install libxml2-utils)"; exit 1; }
n=0
v="$ROOT/tests/golden/validate"

junit() { # name, expected exit, command args...
  local name=$1 want=$2; shift 2
  local out="$TMPDIR/$name.xml"
  "$TAXONC" "$@" >"$out" 2>"$TMPDIR/$name.err"
  local rc=$?
  n=$((n + 1))
  [ "$rc" -eq "$want" ] || { echo "FAIL $name: exit $rc, expected $want"; cat "$TMPDIR/$name.err"; fail=1; }
  grep -q '<testsuites' "$out" || { echo "FAIL $name: no JUnit report"; fail=1; return; }
  xmllint --noout --schema "$xsd" "$out" 2>"$TMPDIR/$name.xsd" ||
    { echo "FAIL $name: does not pass junit-10.xsd"; cat "$TMPDIR/$name.xsd"; fail=1; }
}

# validate: failures (the golden log), a clean run, an array, the example
junit val_fail 1 validate --format junit "$v/taxonomy.yaml" "$v/log.ndjson"
junit val_clean 0 validate --format junit "$v/taxonomy.yaml" "$v/clean.ndjson"
junit val_array 1 validate --format junit "$v/taxonomy.yaml" "$v/array.json"
junit val_travel 1 validate --format junit "$ROOT/examples/travel/taxonomy.yaml" \
  "$ROOT/examples/travel/captured.ndjson"
# text XML 1.0 cannot hold (U+FFFF, U+FFFE, a control character) in event
# names and values: the report must still parse and validate
printf '%s\n' '{"event_type":"bad\uffff\u0001name","event_properties":{}}' \
  '{"event_type":"search_stay","event_properties":{"search_term":"\ufffe\uffff\ufffe\uffff\ufffe\uffff"}}' \
  >"$TMPDIR/odd.ndjson"
junit val_odd 1 validate --format junit "$v/taxonomy.yaml" "$TMPDIR/odd.ndjson"
# the details CI servers show are still there: counts, skipped, messages
grep -q '<testsuite name="taxonc validate [^"]*" tests="[0-9]*" failures="[1-9][0-9]*" errors="0" skipped="[0-9]*"' \
  "$TMPDIR/val_fail.xml" || { echo "FAIL val_fail: testsuite counts missing"; fail=1; }
grep -q '<testsuite [^>]* skipped="3"' "$TMPDIR/val_clean.xml" &&
  grep -q '<skipped message="never seen in the log"/>' "$TMPDIR/val_clean.xml" ||
  { echo "FAIL val_clean: skipped events lost"; fail=1; }
grep -q "is not an allowed value" "$TMPDIR/val_fail.xml" ||
  { echo "FAIL val_fail: violation messages lost"; fail=1; }
grep -q '<failure message="[0-9]* events not in the taxonomy"' "$TMPDIR/val_fail.xml" ||
  { echo "FAIL val_fail: unknown events lost"; fail=1; }

# lint and check: every example, a taxonomy with findings, a broken one
for d in "$ROOT"/examples/*/; do
  [ -f "$d/taxonomy.yaml" ] || continue
  e=$(basename "$d")
  "$TAXONC" lint "$d/taxonomy.yaml" >/dev/null 2>&1
  junit "lint_$e" $? lint --format junit "$d/taxonomy.yaml"
  "$TAXONC" check "$d/taxonomy.yaml" >/dev/null 2>&1
  junit "check_$e" $? check --format junit "$d/taxonomy.yaml"
done
junit lint_warn 0 lint --format junit "$ROOT/tests/golden/lint/unused-type/bad.yaml"
junit lint_fail 1 lint --format junit --rule unused-type=error \
  "$ROOT/tests/golden/lint/unused-type/bad.yaml"
junit lint_clean 0 lint --format junit "$ROOT/tests/golden/lint/unused-type/good.yaml"
junit check_fail 1 check --format junit "$ROOT/tests/golden/check/unknown_type.yaml"
junit check_io 2 check --format junit "$TMPDIR/missing.yaml"
junit lint_io 2 lint --format junit "$TMPDIR/missing.yaml"
for f in lint_fail check_fail check_io lint_io; do
  grep -q "<failure " "$TMPDIR/$f.xml" || { echo "FAIL $f: no failure"; fail=1; }
done
# warnings in a green job are listed as skipped, not failed; every finding
# is its own test case with its place in the name and the message
junit lint_maxw 1 lint --format junit --max-warnings 0 "$ROOT/tests/golden/lint/unused-type/bad.yaml"
! grep -q "<failure " "$TMPDIR/lint_warn.xml" && grep -q '<skipped type="warning" message="' "$TMPDIR/lint_warn.xml" &&
  grep -q 'failures="0" errors="0" skipped="[1-9]' "$TMPDIR/lint_warn.xml" ||
  { echo "FAIL lint_warn: warnings must be skipped, not failures"; fail=1; }
grep -q '<failure type="warning"' "$TMPDIR/lint_maxw.xml" ||
  { echo "FAIL lint_maxw: warnings over --max-warnings must fail"; fail=1; }
grep -q '<testcase classname="taxonc lint" name="unused-type at [^"]*bad.yaml:[0-9]*:[0-9]*">' "$TMPDIR/lint_fail.xml" &&
  grep -q '<failure type="error" message="[^"]*bad.yaml:[0-9]*:[0-9]*: type &#39;' "$TMPDIR/lint_fail.xml" ||
  { echo "FAIL lint_fail: test cases must carry the file, line and message"; fail=1; }

echo "junit: $n reports checked against junit-10.xsd"
exit $fail
