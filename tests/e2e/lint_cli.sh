#!/usr/bin/env bash
# `taxonc lint`, `rules`, `explain` and check's lint step from the command
# line: exit codes, --rule, --max-warnings, colour, the github and junit
# formats (exact output), suppressions, and a pathological pattern that
# must end with one pattern-match-limit finding.
. "$(dirname "$0")/lib/e2e.bash"
g="$ROOT/tests/golden/lint"
t() { # name, expected exit, command...
  local name=$1 want=$2; shift 2
  "$@" >"$TMPDIR/out" 2>"$TMPDIR/err"; local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL $name: exit $got, expected $want"; cat "$TMPDIR/out" "$TMPDIR/err"; fail=$((fail+1))
    return 1
  fi
  return 0
}
has() { # name, file, fixed string
  grep -qF -- "$3" "$2" || { echo "FAIL $1: '$3' not in output:"; cat "$2"; fail=$((fail+1)); }
}
hasnt() {
  ! grep -qF -- "$3" "$2" || { echo "FAIL $1: '$3' in output:"; cat "$2"; fail=$((fail+1)); }
}

cd "$g/event-name-action-object"
# exit codes
t help 0 "$TAXONC" lint --help && has help "$TMPDIR/out" "--max-warnings N"
t no-arg 2 "$TAXONC" lint
t bad-option 2 "$TAXONC" lint --frobnicate bad.yaml && has bad-option "$TMPDIR/err" "unknown option '--frobnicate'"
t bad-format 2 "$TAXONC" lint --format xml bad.yaml && has bad-format "$TMPDIR/err" "unknown format 'xml'"
t no-format 2 "$TAXONC" lint bad.yaml --format && has no-format "$TMPDIR/err" "option '--format' needs a value"
t no-max-warnings 2 "$TAXONC" lint bad.yaml --max-warnings &&
  has no-max-warnings "$TMPDIR/err" "option '--max-warnings' needs a value"
t missing-file 2 "$TAXONC" lint no-such-file.yaml && has missing-file "$TMPDIR/out" "no-such-file.yaml"
t warnings-only 0 "$TAXONC" lint bad.yaml && has warnings-only "$TMPDIR/out" "0 errors, 3 warnings"
# --rule: unknown id and severity, off, raise to error
t rule-unknown 2 "$TAXONC" lint --rule event-name-action-objet=off bad.yaml &&
  has rule-unknown "$TMPDIR/err" "unknown rule 'event-name-action-objet'; did you mean 'event-name-action-object'?"
t rule-severity 2 "$TAXONC" lint --rule event-name-action-object=loud bad.yaml
t rule-off 0 "$TAXONC" lint --rule event-name-action-object=off bad.yaml &&
  has rule-off "$TMPDIR/out" "0 errors, 0 warnings"
t rule-error 1 "$TAXONC" lint --rule=event-name-action-object=error bad.yaml &&
  has rule-error "$TMPDIR/out" "3 errors, 0 warnings"
# --max-warnings
t max-warnings-ok 0 "$TAXONC" lint --max-warnings 3 bad.yaml
t max-warnings-over 1 "$TAXONC" lint --max-warnings=2 bad.yaml &&
  has max-warnings-over "$TMPDIR/err" "3 warnings, more than --max-warnings 2"
t max-warnings-bad 2 "$TAXONC" lint --max-warnings -1 bad.yaml
# colour only on a terminal, and never with NO_COLOR or --no-color
script -qec "'$TAXONC' lint bad.yaml" /dev/null >"$TMPDIR/tty" 2>&1
has color "$TMPDIR/tty" $'\033[1;33mwarning:'
NO_COLOR=1 script -qec "'$TAXONC' lint bad.yaml" /dev/null >"$TMPDIR/tty" 2>&1
hasnt no-color-env "$TMPDIR/tty" $'\033['
script -qec "'$TAXONC' lint --no-color bad.yaml" /dev/null >"$TMPDIR/tty" 2>&1
hasnt no-color-flag "$TMPDIR/tty" $'\033['

# conventions.rules severities apply, the command line wins over them
cd "$g/lint-config"
t conv-rules 0 "$TAXONC" lint good.yaml
sed 's/^    description: 페이지 조회$//' good.yaml >"$TMPDIR/nodesc.yaml"
t conv-error 1 "$TAXONC" lint "$TMPDIR/nodesc.yaml" &&
  has conv-error "$TMPDIR/out" "error: event 'view_page' has no description [missing-description]"
t conv-cli-wins 0 "$TAXONC" lint --rule missing-description=info "$TMPDIR/nodesc.yaml" &&
  has conv-cli-wins "$TMPDIR/out" "info: event 'view_page' has no description"

# json
cd "$g/destination-braze"
t json 1 "$TAXONC" lint --format json bad.yaml &&
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]==2 and len(d["diagnostics"])==2, d' "$TMPDIR/out" ||
  { echo "FAIL json: not the expected JSON"; fail=$((fail+1)); }

# github annotations: exact lines, with %0A and property escaping
cd "$g/enum-value-duplicate"
t github 0 "$TAXONC" lint --format github bad.yaml
printf '%s\n' "::warning file=bad.yaml,line=5,col=34,endLine=5,endColumn=39,title=enum-value-duplicate::enum value 'Kakao' of property 'sign_up_type' differs from 'kakao' only in case or separators%0Ahelp: keep one spelling, e.g. 'kakao'%0Anote: 'kakao' is listed here" >"$TMPDIR/want"
diff -u "$TMPDIR/want" "$TMPDIR/out" || { echo "FAIL github output"; fail=$((fail+1)); }
mkdir -p "$TMPDIR/gh"; cp "$g/missing-description/bad.yaml" "$TMPDIR/gh/a,b:c%.yaml"
(cd "$TMPDIR/gh" && "$TAXONC" lint --format github "a,b:c%.yaml" >"$TMPDIR/out")
has github-escape "$TMPDIR/out" "::notice file=a%2Cb%3Ac%25.yaml,line=5,col=3,"

# junit: well-formed, a passing testcase per rule without findings, one
# per finding named by rule and place; errors fail, warnings are skipped
cd "$g/destination-ga4"
t junit 1 "$TAXONC" lint --format junit bad.yaml
python3 - "$TMPDIR/out" "$("$TAXONC" rules | wc -l)" <<'PY' || { echo "FAIL junit"; fail=$((fail+1)); }
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
cases = suite.findall("testcase")
assert len(cases) == int(sys.argv[2]) - 2 + 6 == int(suite.get("tests")), (len(cases), sys.argv[2])
failed = {c.get("name"): c.find("failure") for c in cases if c.find("failure") is not None}
skipped = {c.get("name"): c.find("skipped") for c in cases if c.find("skipped") is not None}
assert len(failed) == 5 and all(n.startswith("destination-ga4 at bad.yaml:") for n in failed), failed
assert list(skipped) == ["event-name-action-object at bad.yaml:9:3"], skipped
f = failed["destination-ga4 at bad.yaml:9:3"]
assert f.get("message") == "bad.yaml:9:3: event name 'page_view' is reserved by GA4", f.get("message")
assert f.text.startswith("bad.yaml:9:3: error: event name 'page_view' is reserved by GA4 [destination-ga4]\nhelp: rename to 'view_page'"), f.text
assert suite.get("failures") == "5" and suite.get("skipped") == "1"
PY
# more warnings than --max-warnings: they fail in JUnit too
t junit-max 1 "$TAXONC" lint --format junit --max-warnings 0 bad.yaml
python3 - "$TMPDIR/out" <<'PY' || { echo "FAIL junit --max-warnings"; fail=$((fail+1)); }
import sys, xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert suite.get("failures") == "6" and suite.get("skipped") == "0", suite.attrib
PY

# suppressions: with a reason it silences; the reason-less one is rejected by the loader
cd "$TMPDIR"
cat >supp.yaml <<'YAML'
taxonomy: supp_app
properties:
  page_name: {type: string, description: 페이지 이름}
events:
  page_view:
    description: 페이지 조회
    properties: {page_name: required}
    lint: {ignore: [event-name-action-object], reason: GA4 자동 수집 이름과 맞춤}
YAML
t suppressed 0 "$TAXONC" lint supp.yaml && has suppressed "$TMPDIR/out" "0 errors, 0 warnings"

# check runs lint: an error finding fails it, warnings do not
t check-lint-error 1 "$TAXONC" check "$g/name-collision/bad.yaml" &&
  has check-lint-error "$TMPDIR/err" "[name-collision]"
t check-lint-warning 0 "$TAXONC" check "$g/unused-type/bad.yaml" &&
  has check-lint-warning "$TMPDIR/err" "[unused-type]"
t check-json 1 "$TAXONC" check --format json "$g/name-collision/bad.yaml" &&
  has check-json "$TMPDIR/out" '"code":"name-collision"'

# rules and explain
t rules 0 "$TAXONC" rules && has rules "$TMPDIR/out" "destination-ga4"
t rules-json 0 "$TAXONC" rules --format json &&
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert any(x["id"]=="pii-unmarked" and x["severity"]=="warning" for x in r)' "$TMPDIR/out" ||
  { echo "FAIL rules-json"; fail=$((fail+1)); }
t rules-bad 2 "$TAXONC" rules --format xml
t explain 0 "$TAXONC" explain destination-ga4 &&
  has explain "$TMPDIR/out" "https://support.google.com/analytics/answer/9267744"
t explain-unknown 2 "$TAXONC" explain pii-unmarkd &&
  has explain-unknown "$TMPDIR/err" "unknown rule 'pii-unmarkd'; did you mean 'pii-unmarked'?"
t explain-none 2 "$TAXONC" explain

# a pathological pattern over many long names: bounded, reported once
{ printf 'taxonomy: patho\nconventions:\n  event_name: {pattern: "^(a+)+$", pattern_mode: replace, casing: any}\n'
  printf 'properties:\n  page_name: {type: string, description: x}\nevents:\n'
  for i in $(seq 1 300); do
    printf '  %s%s!: {description: x, properties: [page_name]}\n' "$(head -c $((30 + i % 40)) /dev/zero | tr '\0' a)" "$i"
  done; } >"$TMPDIR/patho.yaml"
t pathological 1 timeout 60 "$TAXONC" lint "$TMPDIR/patho.yaml" &&
  [ "$(grep -c '\[pattern-match-limit\]' "$TMPDIR/out")" = 1 ] ||
  { echo "FAIL pathological: expected exactly one pattern-match-limit finding"; fail=$((fail+1)); }

echo "lint_cli: $fail failed"
[ "$fail" -eq 0 ]
