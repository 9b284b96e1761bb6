#!/usr/bin/env bash
# Issue 16's kinds (any, null, unions, open objects, per-event variants) load
# (tests/golden/check/types_v2*), but validate, export, gen and diff do not
# (gen does now: tests/e2e/gen_compile.sh, gen_golden.sh)
# handle them yet: each must refuse the plan with a clear "not supported yet"
# error and a non-zero exit (1 or 2, as each command reports errors), never
# crash or write a wrong verdict or schema. This test
# is to be replaced stage by stage as each learns the new kinds.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TAXONC=${TAXONC:-$ROOT/build/taxonc}
TMPDIR=${TMPDIR:-/tmp}
plan="$ROOT/tests/golden/check/types_v2.yaml"
fail=0
expect() { # name, expected exit (0, or 'error': 1 or 2), grep pattern, command...
  local name=$1 want=$2 pat=$3; shift 3
  local err code ok
  err=$("$@" 2>&1 >/dev/null); code=$?
  case $want:$code in 0:0|error:1|error:2) ok=1 ;; *) ok=0 ;; esac
  if [ $ok = 0 ] || ! printf '%s' "$err" | grep -q -- "$pat"; then
    echo "FAIL $name: exit $code (want $want), stderr: $err"; fail=1
  fi
}
printf '%s\n' '{"event":"view_product","properties":{"price":5}}' >"$TMPDIR/log.jsonl"
expect check 0 '' "$TAXONC" check "$plan"
for f in csv amplitude; do
  expect "export $f" error 'not support yet' "$TAXONC" export "$f" "$plan" -o -
done
# a variant alone (no new base kind) is refused too
cat >"$TMPDIR/variant.yaml" <<'Y'
taxonomy: shop
properties:
  price: {type: number, min: 0}
events:
  buy:
    properties:
      price: {required: true, max: 100}
      currency: {type: string, enum: [KRW, USD]}
Y
expect "export variant" error 'not support yet' "$TAXONC" export csv "$TMPDIR/variant.yaml" -o -
[ $fail = 0 ] && echo "types_v2_unsupported: ok"
exit $fail
