#!/usr/bin/env bash
# The command line of `taxonc validate`: help, usage errors (exit 2 with a
# message), --fail-on, --max-errors bounds what is kept but not what is
# counted, a bad taxonomy (exit 1), huge lines and deep nesting reported.
set -u
d="$ROOT/tests/golden/validate"
fail=0
expect() { # exit, stderr pattern, args...
  local want=$1 pat=$2; shift 2
  "$TAXONC" validate "$@" >"$TMPDIR/out" 2>"$TMPDIR/err"; local rc=$?
  if [ $rc -ne "$want" ]; then echo "FAIL: validate $*: exit $rc, expected $want"; cat "$TMPDIR/err"; fail=1; fi
  if [ -n "$pat" ] && ! grep -q -- "$pat" "$TMPDIR/err"; then
    echo "FAIL: validate $*: stderr lacks '$pat'"; cat "$TMPDIR/err"; fail=1; fi
}
"$TAXONC" validate --help >"$TMPDIR/help" || { echo "FAIL: --help"; fail=1; }
for opt in --profile --event-path --props-path --user-path --max-record --max-depth --format \
           --output --verbose --max-errors --examples --fail-on --list-codes --valid-out \
           --invalid-out --jobs --progress --funnel-journeys; do
  grep -q -- "$opt" "$TMPDIR/help" || { echo "FAIL: --help lacks $opt"; fail=1; }
done
"$TAXONC" validate --list-codes >"$TMPDIR/codes"
for c in malformed-json not-an-event unknown-event unknown-property missing-required wrong-type \
         not-in-enum out-of-range too-long too-short pattern-mismatch bad-format null-not-allowed \
         duplicate-key invalid-utf8 deprecated-event deprecated-property too-many-items \
         too-few-items record-too-large too-deep bad-iglu-uri schema-version \
         funnel-out-of-order funnel-skipped-step funnel-key-mismatch; do
  grep -q "^$c " "$TMPDIR/codes" || { echo "FAIL: --list-codes lacks $c"; fail=1; }
  grep -q "^### \`$c\`" "$ROOT/docs/validate.md" || { echo "FAIL: docs/validate.md lacks $c"; fail=1; }
done
[ "$(wc -l <"$TMPDIR/codes")" -eq 26 ] || { echo "FAIL: codes list and test disagree"; fail=1; }
expect 2 "missing TAXONOMY" 
expect 2 "unknown option '--bogus'" --bogus "$d/taxonomy.yaml"
expect 2 "unknown profile 'amplitud'" --profile amplitud "$d/taxonomy.yaml"
expect 2 "unknown format 'xml'" --format xml "$d/taxonomy.yaml"
expect 2 "unknown verdict code 'wrong-typ'; did you mean 'wrong-type'?" --fail-on wrong-typ "$d/taxonomy.yaml"
expect 2 "option '--jobs' expects a non-negative number" --jobs x "$d/taxonomy.yaml"
expect 2 "the custom profile needs --event-path" --profile custom "$d/taxonomy.yaml"
expect 2 "invalid JSON Pointer 'name'" --profile custom --event-path name "$d/taxonomy.yaml" "$d/log.ndjson"
expect 2 "cannot open" "$d/taxonomy.yaml" "$TMPDIR/nope.ndjson"
expect 2 "" "$TMPDIR/nope.yaml" "$d/log.ndjson"
printf 'taxonomy: [\n' >"$TMPDIR/bad.yaml"
expect 1 "" "$TMPDIR/bad.yaml" "$d/log.ndjson"
expect 0 "" --fail-on too-deep "$d/taxonomy.yaml" "$d/log.ndjson"
expect 1 "" --fail-on unknown-event "$d/taxonomy.yaml" "$d/log.ndjson"
# --max-errors 1 keeps one violation and still counts all of them.
"$TAXONC" validate --format json --max-errors 1 "$d/taxonomy.yaml" "$d/log.ndjson" >"$TMPDIR/m.json"
python3 -c "
import json,sys; r=json.load(open(sys.argv[1]))
assert r['violations_kept']==1 and len(r['violations'])==1, r['violations_kept']
assert r['violations_total']==27, r['violations_total']" "$TMPDIR/m.json" || { echo "FAIL: --max-errors"; fail=1; }
# A 5 MB line over --max-record, 100,000-deep nesting, then a good line.
python3 -c "
import sys
sys.stdout.write('{\"event_type\":\"view_page\",\"pad\":\"' + 'x'*5000000 + '\"}\n')
sys.stdout.write('{\"event_type\":\"view_page\",\"deep\":' + '['*100000 + ']'*100000 + '}\n')
sys.stdout.write('{\"event_type\":\"view_page\"}\n')" >"$TMPDIR/huge.ndjson"
"$TAXONC" validate --verbose --max-record 1000000 "$d/taxonomy.yaml" "$TMPDIR/huge.ndjson" >"$TMPDIR/huge.out" 2>&1; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: huge: exit $rc"; fail=1; }
grep -q "huge.ndjson:1:1: record-too-large: record is longer than 1000000 bytes; skipped" "$TMPDIR/huge.out" \
  || { echo "FAIL: huge line not reported"; cat "$TMPDIR/huge.out" | head -5; fail=1; }
grep -q "huge.ndjson:2:545: too-deep: nesting deeper than 512 levels" "$TMPDIR/huge.out" \
  || { echo "FAIL: deep nesting not reported"; head -c 600 "$TMPDIR/huge.out"; fail=1; }
grep -q "valid 1, invalid 2" "$TMPDIR/huge.out" || { echo "FAIL: the good line after them"; fail=1; }
# -o writes the report to a file.
"$TAXONC" validate --format html -o "$TMPDIR/r.html" "$d/taxonomy.yaml" "$d/log.ndjson" >"$TMPDIR/o.out"
[ -s "$TMPDIR/r.html" ] && [ ! -s "$TMPDIR/o.out" ] || { echo "FAIL: -o"; fail=1; }
[ $fail -eq 0 ] && echo "cli: ok"
exit $fail
