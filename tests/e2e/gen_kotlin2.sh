#!/usr/bin/env bash
# Generated Kotlin compiles with a current Kotlin 2.x compiler too (Android
# apps build with 2.x; gen_compile.sh uses Debian's kotlinc 1.3). The
# compiler comes from PyPI: kotlin-jupyter-kernel ships Kotlin 2.3's
# K2JVMCompiler and kotlin-stdlib in its jars folder (scripts/pyenv.sh
# VENV kotlin2 installs it into $BUILD/kotlin2; a failed install fails).
# For every examples/*/taxonomy.yaml and the fixtures of gen_compile.sh:
#  - `taxonc gen --sample`; everything compiled in one K2 call (bounded)
#  - no warning in the generated stubs (samples may call deprecated events)
#  - each sample runs on the 2.3 stdlib, prints its events, and `taxonc
#    validate` finds no violation in them
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TAXONC=${TAXONC:-$ROOT/build/taxonc}
BUILD=${BUILD:-build}
TMPDIR=${TMPDIR:-/tmp}
G="$ROOT/tests/golden/gen"
W="$TMPDIR/kotlin2"
rm -rf "$W" && mkdir -p "$W"
fail=0
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
command -v java >/dev/null 2>&1 || { echo "FAIL: 'java' not found: run scripts/deps.sh test"; exit 1; }

venv="$ROOT/$BUILD/kotlin2"
case $BUILD in /*) venv="$BUILD/kotlin2" ;; esac
"$ROOT/scripts/pyenv.sh" "$venv" kotlin2 >"$W/pyenv.log" 2>&1 ||
  { echo "FAIL: scripts/pyenv.sh could not install kotlin-jupyter-kernel"; tail -20 "$W/pyenv.log"; exit 1; }
J=$(echo "$venv"/lib/python3*/site-packages/run_kotlin_kernel/jars)
STD=$(ls "$J"/kotlin-stdlib-2.*.jar 2>/dev/null | head -1)
[ -n "$STD" ] || { echo "FAIL: no kotlin-stdlib-2.*.jar in $J"; exit 1; }
k2() { timeout 300 java -cp "$J/*" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -no-stdlib -cp "$STD" "$@"; }
k2 -version >"$W/version" 2>&1
grep -q "kotlinc-jvm 2\." "$W/version" || bad "not a Kotlin 2 compiler: $(cat "$W/version")"

names=()
declare -A TAX
for t in "$ROOT"/examples/*/taxonomy.yaml; do n=$(basename "$(dirname "$t")"); names+=("$n"); TAX[$n]=$t; done
for n in hostile small strict types_v2; do names+=("$n"); TAX[$n]="$G/$n.yaml"; done
for n in "${names[@]}"; do
  "$TAXONC" gen --lang kotlin --sample --out "$W/$n" "${TAX[$n]}" >"$W/$n.log" 2>&1 || bad "gen $n: $(cat "$W/$n.log")"
done

if k2 "$W"/*/*.kt -d "$W/out.jar" >"$W/k2.log" 2>&1; then
  if grep -E "^(warning: )?$W/[^/]+/[^/]+\.kt:[0-9]+:[0-9]+: warning|^w: $W/" "$W/k2.log" | grep -v "Sample.kt:" >"$W/warn"; then
    bad "Kotlin 2 warned about generated code:"; head -20 "$W/warn"
  fi
  for n in "${names[@]}"; do
    f=$(ls "$W/$n"/*Sample.kt)
    cls="$(sed -n 's/^package //p' "$f").$(basename "$f" .kt)Kt"
    java -Dfile.encoding=UTF-8 -cp "$W/out.jar:$STD" "$cls" >"$W/$n.ndjson" 2>"$W/$n.err" ||
      { bad "$n: Kotlin 2 sample failed: $(head -5 "$W/$n.err")"; continue; }
    [ -s "$W/$n.ndjson" ] || { bad "$n: Kotlin 2 sample printed nothing"; continue; }
    "$TAXONC" validate --profile amplitude "${TAX[$n]}" "$W/$n.ndjson" >"$W/$n.validate" 2>&1 ||
      { bad "$n: taxonc validate found violations in the Kotlin 2 sample's events:"; head -10 "$W/$n.validate"; }
  done
else
  bad "Kotlin 2 does not compile the generated code:"; grep -E "error" "$W/k2.log" | head -30
fi

echo "gen_kotlin2: ${#names[@]} taxonomies with $(head -1 "$W/version"), $fail failed"
[ "$fail" -eq 0 ]
