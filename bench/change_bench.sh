#!/usr/bin/env bash
# Figures for diff, export and import on a generated 10,000-event taxonomy
# (20 properties each, bench/gen_taxonomy.py): wall-clock seconds per run,
# best of 3. Prints figures; asserts nothing.
set -u
cd "$(dirname "$0")/.."
T=${TAXONC:-${BUILD:-build}/taxonc}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
python3 bench/gen_taxonomy.py --events 10000 --props 20 --seed 1 > "$d/a.yaml"
python3 bench/gen_taxonomy.py --events 10000 --props 20 --seed 2 > "$d/b.yaml"
sed 's/^version: .*/version: 9.0.0/' "$d/a.yaml" > "$d/a2.yaml"
best() { # label, command...
  local label=$1; shift
  local b=
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    b=$(python3 -c "t=$t1-$t0; b='$b'; print(t if not b or t < float(b) else b)")
  done
  printf '%-52s %6.3f s\n' "$label" "$b"
}
best "diff, 10k events, identical"                  "$T" diff --no-version-check "$d/a.yaml" "$d/a2.yaml"
best "diff, 10k events, all different (~23k changes)" "$T" diff --no-version-check "$d/a.yaml" "$d/b.yaml"
best "diff --format json, all different"            "$T" diff --format json --no-version-check "$d/a.yaml" "$d/b.yaml"
best "export jsonschema --out DIR (10k files)"      "$T" export jsonschema --out "$d/js" "$d/a.yaml"
best "export markdown"                              "$T" export markdown "$d/a.yaml"
best "export html"                                  "$T" export html "$d/a.yaml"
best "export csv"                                   "$T" export csv --out "$d/a.csv" "$d/a.yaml"
best "import csv (200k rows, incl. loading the result)" "$T" import csv --out "$d/a.rt.yaml" "$d/a.csv"
best "check (for scale)"                            "$T" check "$d/a.yaml"
