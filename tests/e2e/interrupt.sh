#!/usr/bin/env bash
# Ctrl-C (or SIGTERM) while `taxonc gen`, `taxonc export jsonschema --out`
# or `taxonc validate --valid-out/--invalid-out` is writing leaves no temporary file behind, and the files already there
# are either the old ones or the new ones, never a mix of halves. The
# interrupt lands at several points (from start-up to the renames); a
# point where it lands after the command finished proves nothing, so the
# test also checks that some runs were really interrupted.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fail=0
python3 "$ROOT/bench/gen_taxonomy.py" --events 4000 --props 20 --seed 3 >"$TMPDIR/big.yaml" || exit 1
python3 "$ROOT/bench/gen_log.py" "$TMPDIR/log" --mb 40 --seed 3 >/dev/null || exit 1
logs=()     # one log many times: a run long enough to be interrupted at every delay
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do logs+=("$TMPDIR/log/events.ndjson"); done
# Job control: without it bash starts background commands with SIGINT
# ignored, and the INT runs would test nothing.
set -m
declare -A interrupted=([INT]=0 [TERM]=0)
leftovers() { find "$1" -name '*.taxonc-tmp.*' -o -name '*.tmp.*' | head -3; }
# what, signal, delay, out, command...: run, interrupt, look for leftovers
try() {
  local what=$1 sig=$2 delay=$3 out=$4; shift 4
  "$@" &
  local pid=$!
  sleep "$delay"
  kill -"$sig" $pid 2>/dev/null
  { wait $pid; } 2>/dev/null
  [ $? -gt 128 ] && interrupted[$sig]=$((interrupted[$sig] + 1))
  local l
  l=$(leftovers "$out" 2>/dev/null)
  [ -z "$l" ] || { echo "FAIL: $what killed by SIG$sig after ${delay}s left: $l"; fail=1; }
}
for sig in INT TERM; do
  for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.5 0.8; do
    out="$TMPDIR/gen-$sig-$delay"
    try gen $sig $delay "$out" "$TAXONC" gen --lang c,swift,kotlin --out "$out" "$TMPDIR/big.yaml"
    # the export writes thousands of files: more time to land in the middle
    out="$TMPDIR/js-$sig-$delay"
    try export $sig $delay "$out" "$TAXONC" export jsonschema --out "$out" "$TMPDIR/big.yaml"
    # the filter's two outputs are written under temporary names until the end
    out="$TMPDIR/split-$sig-$delay"
    mkdir -p "$out"
    try validate $sig $delay "$out" "$TAXONC" validate --jobs 1 --valid-out "$out/valid.ndjson" \
      --invalid-out "$out/invalid.ndjson" -o "$out/report.txt" "$TMPDIR/log/taxonomy.yaml" \
      "${logs[@]}"
  done
done
for sig in INT TERM; do
  [ "${interrupted[$sig]}" -ge 6 ] ||
    { echo "FAIL: only ${interrupted[$sig]} runs were interrupted by SIG$sig; the test proves little"; fail=1; }
done
echo "interrupted runs: ${interrupted[INT]} of 24 by SIGINT, ${interrupted[TERM]} of 24 by SIGTERM"
# Generated files after an interrupted run over an up-to-date folder are
# still complete: `gen --check` finds them up to date.
"$TAXONC" gen --lang c,swift,kotlin --out "$TMPDIR/keep" "$TMPDIR/big.yaml" || fail=1
"$TAXONC" gen --lang c,swift,kotlin --out "$TMPDIR/keep" "$TMPDIR/big.yaml" & pid=$!
sleep 0.1; kill -INT $pid 2>/dev/null; { wait $pid; } 2>/dev/null
"$TAXONC" gen --check --lang c,swift,kotlin --out "$TMPDIR/keep" "$TMPDIR/big.yaml" >/dev/null ||
  { echo "FAIL: files changed by an interrupted run"; fail=1; }
exit $fail
