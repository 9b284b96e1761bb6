#!/usr/bin/env bash
# Every bundled example must check clean: exit 0, nothing on stderr, and
# the one-line "ok" summary on stdout. `--format json` must report zero
# diagnostics for each as well.
. "$(dirname "$0")/lib/e2e.bash"
n=0
for t in "$ROOT"/examples/*/taxonomy.yaml; do
  n=$((n+1))
  "$TAXONC" check "$t" >"$TMPDIR/out" 2>"$TMPDIR/err"; code=$?
  if [ "$code" -ne 0 ] || [ -s "$TMPDIR/err" ] || ! grep -q ': ok: ' "$TMPDIR/out"; then
    echo "FAIL $t: exit $code"; cat "$TMPDIR/out" "$TMPDIR/err"; fail=$((fail+1)); continue
  fi
  "$TAXONC" check --format json "$t" >"$TMPDIR/json" 2>"$TMPDIR/err"; code=$?
  if [ "$code" -ne 0 ] || [ -s "$TMPDIR/err" ] ||
     ! grep -q '"errors":0,"warnings":0,"infos":0,"dropped":0}' "$TMPDIR/json"; then
    echo "FAIL $t (json): exit $code"; cat "$TMPDIR/json" "$TMPDIR/err"; fail=$((fail+1))
  fi
done
[ "$n" -ge 3 ] || { echo "FAIL expected at least 3 examples, found $n"; fail=$((fail+1)); }
echo "check_examples: $n examples, $fail failed"
[ "$fail" -eq 0 ]
