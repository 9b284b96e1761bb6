#!/usr/bin/env bash
# The main job on the bundled travel example: check, lint, generate typed
# stubs, validate a captured log (with planted QA mistakes), export docs.
# Fails only when a command misbehaves, not on the planted findings.
set -u
cd "$(dirname "$0")/.."
T=${BUILD:-build}/taxonc
ex=examples/travel/taxonomy.yaml
out=${BUILD:-build}/demo
rm -rf "$out"; mkdir -p "$out"
step() { printf '\n== %s\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

step "taxonc check $ex"
"$T" check "$ex" || fail "check failed"
step "taxonc lint $ex"
"$T" lint "$ex" || fail "lint failed"
step "taxonc gen --lang c,swift,kotlin --out $out/gen $ex"
"$T" gen --lang c,swift,kotlin --out "$out/gen" "$ex" || fail "gen failed"
find "$out/gen" -type f | sort
step "taxonc validate $ex examples/travel/captured.ndjson   (3 planted mistakes)"
"$T" validate "$ex" examples/travel/captured.ndjson
rc=$?; [ $rc -eq 1 ] || fail "validate should find the planted violations (exit $rc)"
step "taxonc export markdown $ex > $out/tracking-plan.md"
"$T" export markdown "$ex" > "$out/tracking-plan.md" || fail "export failed"
head -n 12 "$out/tracking-plan.md"
printf '\ndemo: done; outputs in %s\n' "$out"
