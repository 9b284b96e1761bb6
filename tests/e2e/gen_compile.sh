#!/usr/bin/env bash
# Generated code proven by the real compilers. For every examples/*/taxonomy.yaml
# and the fixtures tests/golden/gen/{hostile,small,strict,types_v2}.yaml (types_v2:
# every kind of issue 16 - any, null, unions, open objects, per-event variants):
#  - `taxonc gen --sample` writes C, Swift and Kotlin plus a sample program
#  - C compiles warning-free with gcc and clang (-std=c99 -Wall -Wextra
#    -Wpedantic -Werror) and as C++ with g++ and clang++; Swift type-checks
#    with -warnings-as-errors in Swift 6 mode; kotlinc reports no warning
#    in generated stubs
#  - each sample calls every event through a capturing transport (strict
#    mode on; in C patterns through tests/e2e/gen/pcre2_match.c) and prints NDJSON; the three languages must print the same
#    events and values, and `taxonc validate` must find no violation
#  - strict mode per language (tests/e2e/gen/strict_check.c, StrictCheck.swift,
#    StrictCheck.kt): the format corpus tests/golden/gen/formats.tsv, an
#    out-of-range and an out-of-enum value caught, drop/log/off behaviour;
#    in C a pattern mismatch caught through a PCRE2 match_pattern hook
#  - deprecated events warn at the call site in all three languages
# A missing compiler is a failure, not a skip (scripts/deps.sh test installs
# clang and kotlin; swiftc is expected in /opt/swift/usr/bin or on PATH).
# Swift and Kotlin are each compiled once for everything (kotlinc is slow).
. "$(dirname "$0")/lib/e2e.bash"
with_swift
G="$ROOT/tests/golden/gen"
W="$TMPDIR/gen"
fresh "$W"

need gcc clang g++ clang++ swiftc kotlinc java python3
KSTD=""
for j in /usr/share/java/kotlin-stdlib.jar "$(dirname "$(readlink -f "$(command -v kotlinc 2>/dev/null || echo /x)")")/../lib/kotlin-stdlib.jar"; do
  [ -f "$j" ] && { KSTD=$j; break; }
done
[ -n "$KSTD" ] || bad "kotlin-stdlib.jar not found"
[ "$fail" -eq 0 ] || { echo "gen_compile: $fail failed"; exit 1; }

# ---- generate ----
names=()
declare -A TAX
for t in "$ROOT"/examples/*/taxonomy.yaml; do n=$(basename "$(dirname "$t")"); names+=("$n"); TAX[$n]=$t; done
for n in hostile small strict types_v2; do names+=("$n"); TAX[$n]="$G/$n.yaml"; done
[ "${#names[@]}" -ge 6 ] || bad "expected at least 3 examples"
for n in "${names[@]}"; do
  "$TAXONC" gen --sample --out "$W/$n" "${TAX[$n]}" >"$W/$n.log" 2>&1 || { bad "gen $n: $(cat "$W/$n.log")"; continue; }
done

# ---- C ----
# samples and the strict check link a PCRE2 matcher as match_pattern
CFLAGS="-Wall -Wextra -Wpedantic -Werror"
PCRE_CFLAGS=$(pkg-config --cflags libpcre2-8 2>/dev/null) && PCRE_LIBS=$(pkg-config --libs libpcre2-8 2>/dev/null) ||
  bad "pkg-config libpcre2-8 failed: the C samples and strict check link a PCRE2 matcher"
for n in "${names[@]}"; do
  d="$W/$n"
  lib=$(ls "$d"/*.c | grep -v _sample.c)
  sample=$(ls "$d"/*_sample.c)
  for cc in "gcc -std=c99" "clang -std=c99" "g++ -x c++ -std=c++11" "clang++ -x c++ -std=c++11"; do
    tag=${cc%% *}
    if ! $cc $CFLAGS $PCRE_CFLAGS -DSAMPLE_MATCH_PATTERN=taxonc_pcre2_match -I"$d" -o "$d/sample-$tag" \
         "$lib" "$sample" "$ROOT/tests/e2e/gen/pcre2_match.c" $PCRE_LIBS >"$d/cc-$tag.log" 2>&1; then
      bad "$n: $cc failed:"; head -20 "$d/cc-$tag.log"; continue
    fi
    if ! "$d/sample-$tag" >"$d/c-$tag.ndjson" 2>"$d/c-$tag.err"; then
      bad "$n: C sample ($tag) failed: $(cat "$d/c-$tag.err")"
    fi
  done
  cmp -s "$d/c-gcc.ndjson" "$d/c-g++.ndjson" && cmp -s "$d/c-gcc.ndjson" "$d/c-clang.ndjson" ||
    bad "$n: C and C++ builds print different NDJSON"
done
# strict mode in C (patterns through a PCRE2 match_pattern hook, as C and
# C++); and the deprecation attribute works
if g++ -x c++ -std=c++11 $CFLAGS $PCRE_CFLAGS -I"$W/strict" -o "$W/strict_cxx" "$ROOT/tests/e2e/gen/strict_check.c" \
     "$ROOT/tests/e2e/gen/pcre2_match.c" "$W/strict/strict_app.c" $PCRE_LIBS >"$W/strict_cxx.log" 2>&1; then
  "$W/strict_cxx" "$G/formats.tsv" >"$W/strict_cxx.out" 2>&1 || { bad "C strict mode (as C++):"; cat "$W/strict_cxx.out"; }
else
  bad "strict_check.c did not compile as C++:"; cat "$W/strict_cxx.log"
fi
if gcc -std=c99 $CFLAGS $PCRE_CFLAGS -I"$W/strict" -o "$W/strict_c" "$ROOT/tests/e2e/gen/strict_check.c" \
     "$ROOT/tests/e2e/gen/pcre2_match.c" "$W/strict/strict_app.c" $PCRE_LIBS >"$W/strict_c.log" 2>&1; then
  "$W/strict_c" "$G/formats.tsv" >"$W/strict_c.out" 2>&1 || { bad "C strict mode:"; cat "$W/strict_c.out"; }
  grep -q "strict C: .* 0 failures" "$W/strict_c.out" || bad "C strict: $(cat "$W/strict_c.out")"
else
  bad "strict_check.c did not compile:"; cat "$W/strict_c.log"
fi
printf '#include "shop.h"\nint f(const shop_client *c) { return shop_track_open_app_legacy(c); }\n' >"$W/dep.c"
gcc -std=c99 -Wall -c -I"$W/small" -o /dev/null "$W/dep.c" >"$W/dep.log" 2>&1
grep -q "shop_track_open_app_legacy.* is deprecated: replaced by open_app" "$W/dep.log" ||
  bad "C: calling a deprecated event gave no deprecation warning: $(cat "$W/dep.log")"

# ---- Swift: stubs type-check with warnings as errors, then one program ----
for n in "${names[@]}"; do
  stub=$(ls "$W/$n"/*.swift | grep -v Sample.swift)
  swiftc -swift-version 6 -warnings-as-errors -typecheck "$stub" >"$W/$n/swift-tc.log" 2>&1 ||
    { bad "$n: $(basename "$stub") has Swift errors or warnings:"; head -20 "$W/$n/swift-tc.log"; }
done
{
  echo 'import Foundation'
  echo 'let args = CommandLine.arguments'
  echo 'var problems = 0'
  echo 'switch args[1] {'
  for n in "${names[@]}"; do
    s=$(basename "$(ls "$W/$n"/*Sample.swift)" .swift)
    echo "case \"$n\": problems = $s.run()"
  done
  echo 'case "strict-check": problems = StrictCheck.run(args[2])'
  echo 'default: problems = 99'
  echo '}'
  echo 'exit(problems == 0 ? 0 : 1)'
} >"$W/main.swift"
if swiftc -swift-version 6 -o "$W/swift-run" "$W"/*/*.swift "$ROOT/tests/e2e/gen/StrictCheck.swift" \
     "$W/main.swift" >"$W/swiftc.log" 2>&1; then
  grep -q "'openAppLegacy()' is deprecated: replaced by open_app" "$W/swiftc.log" ||
    bad "Swift: calling a deprecated event gave no deprecation warning"
  for n in "${names[@]}"; do
    "$W/swift-run" "$n" >"$W/$n/swift.ndjson" 2>"$W/$n/swift.err" ||
      bad "$n: Swift sample failed: $(cat "$W/$n/swift.err")"
  done
  "$W/swift-run" strict-check "$G/formats.tsv" >"$W/strict_swift.out" 2>&1 || { bad "Swift strict mode:"; cat "$W/strict_swift.out"; }
  grep -q "strict Swift: .* 0 failures" "$W/strict_swift.out" || bad "Swift strict: $(cat "$W/strict_swift.out")"
else
  bad "swiftc failed:"; grep -E "error" "$W/swiftc.log" | head -30
fi

# ---- Kotlin: one kotlinc call for every file ----
if kotlinc "$W"/*/*.kt "$ROOT/tests/e2e/gen/StrictCheck.kt" -d "$W/kt" >"$W/kotlinc.log" 2>&1; then
  # warnings in generated stubs (not samples, not the test) are failures
  if grep -E "^$W/[^/]+/[^/]+\.kt:[0-9]+:[0-9]+: warning" "$W/kotlinc.log" | grep -v "Sample.kt:" >"$W/ktwarn"; then
    bad "kotlinc warned about generated code:"; head -20 "$W/ktwarn"
  fi
  grep -q "'openAppLegacy(): Boolean' is deprecated. replaced by open_app" "$W/kotlinc.log" ||
    bad "Kotlin: calling a deprecated event gave no deprecation warning"
  for n in "${names[@]}"; do
    f=$(ls "$W/$n"/*Sample.kt)
    pkg=$(sed -n 's/^package //p' "$f")
    cls="$pkg.$(basename "$f" .kt)Kt"
    java -Dfile.encoding=UTF-8 -cp "$W/kt:$KSTD" "$cls" >"$W/$n/kotlin.ndjson" 2>"$W/$n/kotlin.err" ||
      bad "$n: Kotlin sample failed: $(cat "$W/$n/kotlin.err")"
  done
  java -Dfile.encoding=UTF-8 -cp "$W/kt:$KSTD" strictcheck.StrictCheckKt "$G/formats.tsv" >"$W/strict_kotlin.out" 2>&1 ||
    { bad "Kotlin strict mode:"; cat "$W/strict_kotlin.out"; }
  grep -q "strict Kotlin: .* 0 failures" "$W/strict_kotlin.out" || bad "Kotlin strict: $(cat "$W/strict_kotlin.out")"
else
  bad "kotlinc failed:"; grep -E "error" "$W/kotlinc.log" | head -30
fi

# ---- the three languages send the same thing ----
for n in "${names[@]}"; do
  python3 - "$W/$n" "$n" <<'PY' || bad "$n: languages disagree (see above)"
import json, sys
d, n = sys.argv[1], sys.argv[2]
def load(f):
    try:
        return [json.loads(l) for l in open(f"{d}/{f}", encoding="utf-8")]
    except Exception as e:
        print(f"{n}: {f}: {e}"); sys.exit(1)
c, s, k = load("c-gcc.ndjson"), load("swift.ndjson"), load("kotlin.ndjson")
if not c:
    print(f"{n}: no events"); sys.exit(1)
for name, other in (("swift", s), ("kotlin", k)):
    if other != c:
        for a, b in zip(c, other):
            if a != b:
                print(f"{n}: C sent {a}\n{name} sent {b}"); break
        else:
            print(f"{n}: {len(c)} events from C, {len(other)} from {name}")
        sys.exit(1)
PY
done

# ---- the validator agrees: zero violations ----
if "$TAXONC" validate --help >/dev/null 2>&1; then
  for n in "${names[@]}"; do
    for lang in c-gcc swift kotlin; do
      f="$W/$n/$lang.ndjson"; [ -s "$f" ] || continue
      if ! "$TAXONC" validate --profile amplitude "${TAX[$n]}" "$f" >"$W/$n/validate-$lang.out" 2>&1; then
        # validate learns issue 16's kinds separately; until then it refuses them
        if grep -q "not support yet" "$W/$n/validate-$lang.out"; then
          echo "PENDING: $n ($lang): validate does not support this plan's types yet"; continue
        fi
        bad "$n ($lang): taxonc validate found violations:"; head -30 "$W/$n/validate-$lang.out"
      fi
    done
  done
else
  echo "PENDING: 'taxonc validate' is not available in this build; NDJSON not validated"
fi

echo "gen_compile: ${#names[@]} taxonomies, $fail failed"
[ "$fail" -eq 0 ]
