#!/usr/bin/env bash
# Issue 16's proof, per importer fixture (Segment's three plan shapes,
# RudderTyper, Iglu schemas, a JSON Schema file, an mParticle data plan,
# Amplitude Data's CSVs):
#  import -> `taxonc check` clean -> `gen --lang c,swift,kotlin` compiles
#  (gcc -std=c11 -Wall -Werror; swiftc -typecheck; all fixtures' Kotlin in
#  one kotlinc call, it is slow) -> `export jsonschema` passes the 2020-12
#  metaschema (jsonschema-rs) -> on records generated from the SOURCE's own
#  schemas (tests/proof/proof.py: hypothesis-jsonschema plus mutations, a
#  fixed seed), `taxonc validate` with the format's profile agrees with
#  jsonschema-rs run on those schemas, except the differences listed in
#  docs/import.md ("Differences from the source's validation"): each
#  disagreement must be one of them, and the list must be exactly what the
#  fixtures need. Amplitude's CSV holds no schema: its records come from
#  and are judged by the exported one.
# The reference tools come from PyPI through scripts/pyenv.sh (a venv in
# $BUILD/pyenv); an install that fails fails the test.
. "$(dirname "$0")/lib/e2e.bash"
BUILD=${BUILD:-build}
with_swift
F=$ROOT/tests/fixtures/import
W=$TMPDIR/proof
fresh "$W"
need gcc swiftc kotlinc
venv=$ROOT/$BUILD/pyenv
"$ROOT/scripts/pyenv.sh" "$venv" >"$W/pyenv.log" 2>&1 ||
  { echo "FAIL: scripts/pyenv.sh could not install the reference tools"; tail -20 "$W/pyenv.log"; exit 1; }
PY=$venv/bin/python
[ "$fail" -eq 0 ] || exit 1

# name|format|source (what proof.py reads)|import arguments
fixtures=(
  "seg_config|segment|$F/segment/config-plan.json|$F/segment/config-plan.json"
  "seg_public|segment|$F/segment/public-api-rules.json|$F/segment/public-api-rules.json"
  "seg_typewriter|segment|$F/segment/typewriter-events.json|$F/segment/typewriter-events.json"
  "rudder|rudderstack|$F/rudderstack/plan.json|$F/rudderstack/plan.json"
  "iglu|jsonschema|$F/jsonschema/iglu|$F/jsonschema/iglu"
  "checkout|jsonschema|$F/jsonschema/checkout.json|$F/jsonschema/checkout.json"
  "mparticle|mparticle|$F/mparticle/shop_plan.json|$F/mparticle/shop_plan.json"
  "amplitude|amplitude|EXPORT|$F/amplitude/events.csv $F/amplitude/user_properties.csv"
)
ok=()
for fx in "${fixtures[@]}"; do
  IFS='|' read -r n fmt src args <<<"$fx"
  d=$W/$n; mkdir -p "$d"
  # shellcheck disable=SC2086
  "$TAXONC" import "$fmt" $args -o "$d/plan.yaml" 2>"$d/import.log" || { bad "$n: import: $(tail -5 "$d/import.log")"; continue; }
  "$TAXONC" check "$d/plan.yaml" >"$d/check.log" 2>&1 || { bad "$n: check is not clean: $(head -20 "$d/check.log")"; continue; }
  "$TAXONC" gen --lang c,swift,kotlin --out "$d/gen" "$d/plan.yaml" >"$d/gen.log" 2>&1 || { bad "$n: gen: $(head -20 "$d/gen.log")"; continue; }
  (cd "$d/gen" && gcc -std=c11 -Wall -Werror -c ./*.c -o "$d/plan.o") >"$d/gcc.log" 2>&1 || bad "$n: gcc: $(head -20 "$d/gcc.log")"
  swiftc -typecheck "$d"/gen/*.swift >"$d/swiftc.log" 2>&1 || bad "$n: swiftc: $(head -20 "$d/swiftc.log")"
  "$TAXONC" export jsonschema --out "$d/schema" "$d/plan.yaml" >"$d/export.log" 2>&1 || { bad "$n: export jsonschema: $(head "$d/export.log")"; continue; }
  "$PY" - "$d/schema" <<'EOF' || bad "$n: the exported schemas do not pass the 2020-12 metaschema"
import glob, json, sys
import jsonschema_rs
for f in sorted(glob.glob(sys.argv[1] + "/**/*.schema.json", recursive=True)):
    s = json.load(open(f, encoding="utf-8"))
    if not jsonschema_rs.meta.is_valid(s) or s.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        print("not a valid 2020-12 schema: " + f)
        sys.exit(1)
EOF
  [ "$src" = EXPORT ] && src=$d/schema
  "$PY" "$ROOT/tests/proof/proof.py" source "$fmt" "$src" "$d/plan.yaml" "$W/used.log" >"$d/proof.log" 2>&1 ||
    bad "$n: validate and the source's schemas disagree:$(printf '\n'; head -30 "$d/proof.log")"
  head -1 "$d/proof.log"
  ok+=("$n")
done
[ "${#ok[@]}" -eq "${#fixtures[@]}" ] || bad "only ${#ok[@]} of ${#fixtures[@]} fixtures got through"

# ---- Kotlin: every fixture's code in one kotlinc call ----
if ls "$W"/*/gen/*.kt >/dev/null 2>&1; then
  kotlinc "$W"/*/gen/*.kt -d "$W/kt" >"$W/kotlinc.log" 2>&1 || bad "kotlinc: $(grep -E 'error' "$W/kotlinc.log" | head -20)"
else
  bad "no Kotlin generated"
fi

# ---- the documented differences, exactly ----
"$PY" "$ROOT/tests/proof/proof.py" differences "$W/used.log" "$ROOT/docs/import.md" >"$W/diff.log" 2>&1 ||
  bad "docs/import.md's differences are not what the fixtures need: $(cat "$W/diff.log")"
[ "$fail" -eq 0 ] || { echo "import_proof: $fail failed"; exit 1; }
echo "import_proof: ${#ok[@]} fixtures: $(tail -1 "$W/diff.log")"
