#!/usr/bin/env bash
# `taxonc check --format sarif|github|junit`: the same CI formats as lint,
# for the loader's diagnostics and the lint findings together. SARIF must
# validate against the SARIF 2.1.0 schema and list the loader's codes as
# rules (so every result has a ruleIndex); JUnit must parse and name the
# suite "taxonc check"; exit codes are the same in every format.
. "$(dirname "$0")/lib/e2e.bash"
schema="$ROOT/tests/schemas/sarif-schema-2.1.0.json"
python3 -c 'import jsonschema' 2>/dev/null ||
  { echo "FAIL python3 jsonschema is missing (apt-get install python3-jsonschema)"; exit 1; }
g="$ROOT/tests/golden/check"
clean="$ROOT/examples/music/taxonomy.yaml"

run() { # description, expected exit, out file, args...
  local what=$1 want=$2 out=$3; shift 3
  (cd "$g" && "$TAXONC" check "$@" >"$out" 2>"$TMPDIR/err"); local got=$?
  [ "$got" -eq "$want" ] || { echo "FAIL $what: exit $got, expected $want"; cat "$TMPDIR/err"; fail=$((fail+1)); }
  [ -s "$TMPDIR/err" ] && { echo "FAIL $what: stderr not empty"; cat "$TMPDIR/err"; fail=$((fail+1)); }
}

py() { # description, python code (argv[1:] = files)
  local what=$1 code=$2; shift 2
  python3 -c "$code" "$@" || { echo "FAIL $what"; fail=$((fail+1)); }
}

sarif_ok='
import json, sys, jsonschema
schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
v = jsonschema.validators.validator_for(schema)(schema)
errs = list(v.iter_errors(doc))
for e in errs[:5]: print("schema:", e.message)
assert not errs
run = doc["runs"][0]; rules = run["tool"]["driver"]["rules"]; res = run["results"]
ids = [r["id"] for r in rules]
assert "unknown-type" in ids, ids
for r in res:
    assert ids[r["ruleIndex"]] == r["ruleId"], r
exec(sys.argv[3])
'

# loader errors: unknown type, did-you-mean in the message
run "sarif, loader errors" 1 "$TMPDIR/a.sarif" --format sarif unknown_type.yaml
py "sarif, loader errors" "$sarif_ok" "$schema" "$TMPDIR/a.sarif" '
assert [r["ruleId"] for r in res] == ["unknown-type"] * 3, res
assert "event-name-action-object" not in ids    # lint did not run
assert res[0]["level"] == "error"
assert "did you mean" in res[0]["message"]["text"]
loc = res[0]["locations"][0]["physicalLocation"]
# relative to the repository top level (%SRCROOT%), or to the folder when not in one
assert loc["artifactLocation"]["uri"] in ("tests/golden/check/unknown_type.yaml", "unknown_type.yaml"), loc
assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%" and loc["region"]["startLine"] == 5'

# lint warnings only: exit 0, warning levels
run "sarif, lint warnings" 0 "$TMPDIR/b.sarif" --format sarif deprecated_reason.yaml
py "sarif, lint warnings" "$sarif_ok" "$schema" "$TMPDIR/b.sarif" '
assert [(r["ruleId"], r["level"]) for r in res] == [("deprecated-reference", "warning")], res
assert "event-name-action-object" in ids'

run "sarif, clean" 0 "$TMPDIR/c.sarif" --format sarif "$clean"
py "sarif, clean" "$sarif_ok" "$schema" "$TMPDIR/c.sarif" 'assert res == []'

run "github" 1 "$TMPDIR/gh.txt" --format github unknown_type.yaml
grep -q '^::error file=unknown_type.yaml,line=5,col=20,endLine=5,endColumn=27,title=unknown-type::unknown type' \
  "$TMPDIR/gh.txt" || { echo "FAIL github: no annotation"; cat "$TMPDIR/gh.txt"; fail=$((fail+1)); }
[ "$(wc -l <"$TMPDIR/gh.txt")" -eq 3 ] || { echo "FAIL github: not one line per diagnostic"; fail=$((fail+1)); }

run "junit" 1 "$TMPDIR/j.xml" --format junit unknown_type.yaml
py "junit" '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
assert suite.get("name") == "taxonc check", suite.attrib
failed = {c.get("name").split(" at ")[0] for c in suite.iter("testcase") if c.find("failure") is not None}
assert failed == {"unknown-type"}, failed
names = {c.get("name") for c in suite.iter("testcase")}
# lint did not run on a taxonomy that does not load: only loader codes
assert "duplicate-key" in names and "pii-unmarked" not in names, names' "$TMPDIR/j.xml"

run "junit, loaded" 0 "$TMPDIR/j2.xml" --format junit deprecated_reason.yaml
py "junit, loaded" '
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
names = {c.get("name") for c in suite.iter("testcase")}
assert "duplicate-key" in names and "pii-unmarked" in names, names
# exit 0: the warning is listed as skipped, not failed
failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
skipped = [c.get("name") for c in suite.iter("testcase") if c.find("skipped") is not None]
assert failed == [] and len(skipped) == 1 and skipped[0].startswith("deprecated-reference at deprecated_reason.yaml:"), (failed, skipped)' "$TMPDIR/j2.xml"

run "junit, io" 2 "$TMPDIR/io.xml" --format junit nope.yaml
py "junit, io" '
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert [c.get("name") for c in s.iter("testcase") if c.find("failure") is not None] == ["io"]' "$TMPDIR/io.xml"

# text: the summary counts warnings and infos too; --no-color
(cd "$g" && "$TAXONC" check --no-color unknown_type.yaml >"$TMPDIR/out" 2>"$TMPDIR/err")
tail -1 "$TMPDIR/err" | grep -qx 'unknown_type.yaml: 3 errors' ||
  { echo "FAIL text summary"; tail -1 "$TMPDIR/err"; fail=$((fail+1)); }
(cd "$g" && "$TAXONC" check --no-color --format=text deprecated_reason.yaml >"$TMPDIR/out" 2>"$TMPDIR/err")
grep -q ': ok: .* (1 warning)$' "$TMPDIR/out" || { echo "FAIL ok line counts"; cat "$TMPDIR/out"; fail=$((fail+1)); }
(cd "$g" && "$TAXONC" check --format >"$TMPDIR/out" 2>"$TMPDIR/err"); [ $? -eq 2 ] ||
  { echo "FAIL --format without a value"; fail=$((fail+1)); }
grep -q "needs a value" "$TMPDIR/err" || { echo "FAIL --format message"; cat "$TMPDIR/err"; fail=$((fail+1)); }

echo "check_formats: $fail failed"
[ "$fail" -eq 0 ]
