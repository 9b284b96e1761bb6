#!/usr/bin/env bash
# Runs every test: cmocka unit binaries (build/tests/test_*), then each
# end-to-end script tests/e2e/*.sh (golden diagnostics, generated code
# compiled by the real compilers, CLI runs). Each script gets TAXONC (the
# binary), BUILD and a private TMPDIR, and fails by exiting non-zero.
# Ends with the line "tests: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export TAXONC="$PWD/$BUILD/taxonc" BUILD ROOT="$PWD"
# Debian's python3 first: the test modules (python3-jsonschema, python3-yaml)
# come from apt, not from whatever python a user has on PATH.
export PATH="/usr/bin:$PATH:/opt/swift/usr/bin"
only=${1:-all}
pass=0; fail=0; failed=()
logdir="$BUILD/test-logs"; mkdir -p "$logdir"

run_one() { # name, command...
  local name=$1; shift
  local log="$logdir/${name//\//_}.log"
  local t0=$SECONDS
  if "$@" >"$log" 2>&1; then
    pass=$((pass+1)); printf 'PASS %-40s %3ss\n' "$name" $((SECONDS-t0))
  else
    fail=$((fail+1)); failed+=("$name")
    printf 'FAIL %-40s %3ss\n' "$name" $((SECONDS-t0))
    tail -n 40 "$log" | sed 's/^/    | /'
  fi
}

for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  run_one "unit/$(basename "$t")" "$t"
done
if [ "$only" != unit ]; then
  for s in tests/e2e/*.sh; do
    [ -f "$s" ] || continue
    d=$(mktemp -d); run_one "e2e/$(basename "$s" .sh)" env TMPDIR="$d" bash "$s"; rm -rf "$d"
  done
fi
[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[*]}"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
