#!/usr/bin/env bash
# Golden tests for `taxonc lint`: every rule has tests/golden/lint/RULE/
# with bad.yaml (must produce at least one [RULE] finding) and good.yaml
# (must be completely clean: exit 0 and no finding of any rule). The exit
# code, stdout and stderr of `taxonc lint --no-color` are compared byte for
# byte with bad.expected / good.expected. Every rule in `taxonc rules` must
# have a case, and every case must name a rule.
#
#   UPDATE=1 tests/e2e/lint_golden.sh   rewrites the .expected files;
#   then READ every changed file (git diff) before committing.
. "$(dirname "$0")/lib/e2e.bash"
dir="$ROOT/tests/golden/lint"
n=0

run() { # rule, kind (bad|good)
  local rule=$1 kind=$2 out err code actual
  out=$(mktemp); err=$(mktemp)
  (cd "$dir/$rule" && NO_COLOR=1 "$TAXONC" lint --no-color "$kind.yaml" >"$out" 2>"$err")
  code=$?
  actual=$(printf -- '--- exit\n%s\n--- stdout\n' "$code"; cat "$out"; printf -- '--- stderr\n'; cat "$err")
  rm -f "$out" "$err"
  n=$((n+1))
  if [ "$kind" = bad ] && ! grep -qF "[$rule]" <<<"$actual"; then
    echo "FAIL $rule/bad: no [$rule] finding"; printf '%s\n' "$actual"; fail=$((fail+1))
  fi
  if [ "$kind" = good ] && { [ "$code" -ne 0 ] || grep -q '^[^ ].*: \(error\|warning\|info\): ' <<<"$actual"; }; then
    echo "FAIL $rule/good: not clean (exit $code)"; printf '%s\n' "$actual"; fail=$((fail+1))
  fi
  if [ "${UPDATE:-}" = 1 ]; then
    printf '%s\n' "$actual" >"$dir/$rule/$kind.expected"
    return
  fi
  if [ ! -f "$dir/$rule/$kind.expected" ]; then
    echo "FAIL $rule/$kind: no $kind.expected (run with UPDATE=1, then read it)"; fail=$((fail+1))
    return
  fi
  if ! diff -u "$dir/$rule/$kind.expected" <(printf '%s\n' "$actual") >"$TMPDIR/diff.txt"; then
    echo "FAIL $rule/$kind"; cat "$TMPDIR/diff.txt"; fail=$((fail+1))
  fi
}

rules=$("$TAXONC" rules | awk '{print $1}')
[ -n "$rules" ] || { echo "FAIL 'taxonc rules' listed nothing"; exit 1; }
for rule in $rules; do
  if [ ! -f "$dir/$rule/bad.yaml" ] || [ ! -f "$dir/$rule/good.yaml" ]; then
    echo "FAIL $rule: no golden case (tests/golden/lint/$rule/{bad,good}.yaml)"; fail=$((fail+1))
    continue
  fi
  run "$rule" bad
  run "$rule" good
done
for d in "$dir"/*/; do
  name=$(basename "$d")
  grep -qx "$name" <<<"$rules" || { echo "FAIL stale case $name: no such rule"; fail=$((fail+1)); }
done
echo "lint_golden: $n cases, $fail failed"
[ "$fail" -eq 0 ]
