#!/usr/bin/env bash
# Catastrophically backtracking user patterns (issue 7), through lint and
# the loader, must end within bounded time and memory with the limit
# reported — never a hang:
#   ^(a+)+$ as conventions.property_name.pattern and as the event_name
#   pattern over 2,000 long names that almost match; the same pattern on a
#   type whose enum values the loader checks against it; lint on a
#   10,000-event plan in every output format; and plans at the 16 MiB
#   size limit made of tiny definitions (bench/gen_big_plan.py: 1.1
#   million events, 880,000 properties, 620,000 named types) in the
#   promise of issue 14: under 400 MiB peak RSS and 15 s of CPU time
#   (user + system; wall time on a shared 2-core machine is not a
#   measure) for check and lint. They were 1.6 GB and 24 s before the
#   first fix, 870 MiB after it.
source "$(dirname "$0")/robust.bash"
W=$WORK
python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
a = "a" * 40
with open(f"{w}/prop_pattern.yaml", "w") as f:
    f.write("taxonomy: hostile\nversion: 1.0.0\nconventions:\n  property_name: {pattern: '^(a+)+$'}\n")
    f.write("properties:\n")
    for i in range(2000):
        f.write(f"  {a}{i}x!: {{type: string, description: p}}\n")
    f.write("events:\n  view_page:\n    description: page\n    properties:\n")
    for i in range(2000):
        f.write(f"      {a}{i}x!: optional\n")
with open(f"{w}/event_pattern.yaml", "w") as f:
    f.write("taxonomy: hostile\nversion: 1.0.0\n")
    f.write("conventions:\n  event_name: {pattern: '^(?<action>(a+)+)_(?<object>(a|aa)+)$', pattern_mode: replace}\n")
    f.write("events:\n")
    for i in range(2000):
        f.write(f"  {a}_{a}{i}!: {{description: e}}\n")
with open(f"{w}/enum_pattern.yaml", "w") as f:
    f.write("taxonomy: hostile\nversion: 1.0.0\ntypes:\n")
    f.write("  word: {type: string, pattern: '^(a+)+$', enum: [" + ", ".join(f"{a}{i}!" for i in range(500)) + "], description: w}\n")
    f.write("properties:\n  w: {type: word, description: w}\nevents:\n  view_page: {description: page, properties: {w: optional}}\n")
PY

echo "== lint with ^(a+)+\$ naming patterns"
bounded "property_name.pattern, 2,000 names" 20 128 -- "$TAXONC" lint "$W/prop_pattern.yaml"
expect_rc prop_pattern 1; expect_err prop_pattern 'pattern-match-limit'
bounded "event_name.pattern, 2,000 names" 20 128 -- "$TAXONC" lint "$W/event_pattern.yaml"
expect_rc event_pattern 1; expect_err event_pattern 'pattern-match-limit'
bounded "the same, sarif" 20 128 -- "$TAXONC" lint --format sarif "$W/event_pattern.yaml"
expect_rc event_pattern_sarif 1
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" || fail "event_pattern_sarif: not valid JSON"

echo "== the loader checks enum values against ^(a+)+\$"
bounded "check, 500 enum values" 20 128 -- "$TAXONC" check "$W/enum_pattern.yaml"
expect_rc enum_pattern 1; expect_err enum_pattern 'could not be checked against pattern .* match limit'
bounded "lint, 500 enum values" 20 128 -- "$TAXONC" lint "$W/enum_pattern.yaml"
[ "$RC" -le 1 ] || fail "enum_pattern lint: exit $RC"

echo "== a 10,000-event plan in every format"
python3 "$ROOT/bench/gen_taxonomy.py" --events 10000 --props 20 >"$W/plan10k.yaml"
for fmt in text json sarif github junit; do
  bounded "lint --format $fmt" 30 512 -- "$TAXONC" lint --format "$fmt" "$W/plan10k.yaml"
  [ "$RC" -le 1 ] || fail "plan10k $fmt: exit $RC"
done

echo "== full output"
for fmt in text json sarif; do   # a clean plan: exit 0 unless the report cannot be written
  if "$TAXONC" lint --format $fmt "$W/plan10k.yaml" >/dev/full 2>"$ERR"; then rc=0; else rc=$?; fi
  [ "$rc" -eq 2 ] || fail "lint --format $fmt >/dev/full: exit $rc, expected 2 (an unwritten report is not a result)"
done
if "$TAXONC" check --format json "$W/plan10k.yaml" >/dev/full 2>"$ERR"; then rc=0; else rc=$?; fi
[ "$rc" -eq 2 ] || fail "check --format json >/dev/full: exit $rc, expected 2"

echo "== plans at the 16 MiB size limit: 400 MiB, 15 s of CPU"
cpu_max=15; [ -n "$SAN" ] && cpu_max=$((cpu_max * 5))   # bounded() widens RSS and wall time alike
cpu_within() { # label: the CPU time of the last bounded run
  local cpu; read -r _ _ _ cpu <"$WORK/rusage.txt"
  awk -v c="$cpu" -v m="$cpu_max" 'BEGIN { exit !(c <= m) }' || fail "$1: ${cpu}s of CPU > ${cpu_max}s"
}
python3 "$ROOT/bench/gen_big_plan.py" events >"$W/big.yaml"
bounded "check, a 16 MiB plan of 1.1M events" 60 400 -- "$TAXONC" check "$W/big.yaml"
expect_rc "check, 16 MiB plan" 0
expect_err "check, 16 MiB plan" "1118478 warnings"
cpu_within "check, 16 MiB plan"
python3 "$ROOT/bench/gen_big_plan.py" props >"$W/big.yaml"
bounded "lint, a 16 MiB plan of 880,000 properties" 60 400 -- "$TAXONC" lint "$W/big.yaml"
expect_rc "lint, 16 MiB of properties" 0
expect_err "lint, 16 MiB of properties" "883009 warnings"
cpu_within "lint, 16 MiB of properties"
python3 "$ROOT/bench/gen_big_plan.py" types >"$W/big.yaml"
bounded "check, a 16 MiB plan of 620,000 types" 60 400 -- "$TAXONC" check "$W/big.yaml"
expect_rc "check, 16 MiB of types" 0
expect_err "check, 16 MiB of types" "621377 warnings"
cpu_within "check, 16 MiB of types"
finish
