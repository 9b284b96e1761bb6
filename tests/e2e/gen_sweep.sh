#!/usr/bin/env bash
# "Output for any taxonomy that loads must compile": every YAML in examples/
# and tests/ that loads (lint findings do not matter; other suites' fixtures
# bring odd shapes: unused types, empty events, deep objects, ...) is generated with
# --sample; the C compiles with gcc -std=c99 and g++ (-Wall -Wextra -Wpedantic
# -Werror), the sample runs clean in strict mode and `taxonc validate` finds
# no violation in what it sent. Swift and Kotlin compile one file per
# distinct type name (same-named taxonomies would clash in one module):
# swiftc -typecheck with warnings as errors, one kotlinc call.
. "$(dirname "$0")/lib/e2e.bash"
with_swift
W="$TMPDIR/sweep"
fresh "$W"
n=0; nosample=0
need gcc g++ swiftc kotlinc
declare -A SWIFT KOTLIN
while IFS= read -r y; do
  d="$W/$((n+1))"
  "$TAXONC" gen --sample --out "$d" "$y" >"$d.log" 2>&1; code=$?
  # 1: the taxonomy does not load (bad-input fixtures of other suites)
  if [ "$code" -eq 1 ] && ! grep -q "gen-" "$d.log"; then continue; fi
  n=$((n+1))
  # The one documented failure: a pattern nothing matches has no sample
  # value (gen-sample, docs/codegen.md). The code itself must still
  # generate and compile, without the sample.
  if [ "$code" -eq 1 ] && grep -q ': error: ' "$d.log" && ! grep ': error: ' "$d.log" | grep -qv '\[gen-sample\]$'; then
    rm -rf "$d"; "$TAXONC" gen --out "$d" "$y" >"$d.log" 2>&1; code=$?
    if [ "$code" -ne 0 ]; then bad "gen $y without --sample: exit $code: $(head -3 "$d.log")"; continue; fi
    lib=$(ls "$d"/*.c)
    gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$d" -c -o /dev/null "$lib" >"$d/cc.log" 2>&1 &&
      g++ -x c++ -Wall -Wextra -Wpedantic -Werror -I"$d" -c -o /dev/null "$lib" >>"$d/cc.log" 2>&1 ||
      { bad "$y: C does not compile:"; head -10 "$d/cc.log"; }
    nosample=$((nosample+1))
    sw=$(ls "$d"/*.swift); kt=$(ls "$d"/*.kt)
    b=$(basename "$sw"); [ -n "${SWIFT[$b]:-}" ] || SWIFT[$b]=$sw
    pkg=$(sed -n 's/^package //p' "$kt"); [ -n "${KOTLIN[$pkg]:-}" ] || KOTLIN[$pkg]=$kt
    continue
  fi
  if [ "$code" -ne 0 ]; then
    bad "gen $y: exit $code: $(head -3 "$d.log")"; continue
  fi
  lib=$(ls "$d"/*.c | grep -v _sample.c)
  if ! gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -I"$d" -o "$d/s" "$d"/*.c >"$d/cc.log" 2>&1 ||
     ! g++ -x c++ -Wall -Wextra -Wpedantic -Werror -I"$d" -c -o /dev/null "$lib" >>"$d/cc.log" 2>&1; then
    bad "$y: C does not compile:"; head -10 "$d/cc.log"; continue
  fi
  if ! "$d/s" >"$d/out.ndjson" 2>"$d/run.log"; then
    bad "$y: the C sample failed: $(cat "$d/run.log")"; continue
  fi
  if [ -s "$d/out.ndjson" ] && ! "$TAXONC" validate --profile amplitude "$y" "$d/out.ndjson" >"$d/val.log" 2>&1; then
    bad "$y: taxonc validate rejects what the sample sent:"; head -20 "$d/val.log"
  fi
  sw=$(ls "$d"/*.swift | grep -v Sample.swift); kt=$(ls "$d"/*.kt | grep -v Sample.kt)
  b=$(basename "$sw"); [ -n "${SWIFT[$b]:-}" ] || SWIFT[$b]=$sw
  pkg=$(sed -n 's/^package //p' "$kt"); [ -n "${KOTLIN[$pkg]:-}" ] || KOTLIN[$pkg]=$kt
done < <(find "$ROOT/examples" "$ROOT/tests" -name '*.yaml' | sort)
[ "$n" -ge 40 ] || bad "only $n loadable taxonomies found"

for f in "${SWIFT[@]}"; do
  swiftc -swift-version 6 -warnings-as-errors -typecheck "$f" >"$f.tc.log" 2>&1 ||
    { bad "$f: Swift errors or warnings:"; head -10 "$f.tc.log"; }
done
if ! kotlinc "${KOTLIN[@]}" -d "$W/kt" >"$W/kotlinc.log" 2>&1; then
  bad "kotlinc failed:"; grep -E "error" "$W/kotlinc.log" | head -20
elif grep -E "\.kt:[0-9]+:[0-9]+: warning" "$W/kotlinc.log" >"$W/ktwarn"; then
  bad "kotlinc warned about generated code:"; head -10 "$W/ktwarn"
fi

echo "gen_sweep: $n taxonomies (${#SWIFT[@]} Swift, ${#KOTLIN[@]} Kotlin type-checked; $nosample without a sample: a pattern nothing matches), $fail failed"
[ "$fail" -eq 0 ]
