#!/usr/bin/env bash
# identify() and flush in generated code, run by app code in each language
# (tests/e2e/gen/identify/: plan.yaml, identify_app.c, main.swift,
# IdentifyApp.kt):
#  - good user properties reach the transport's identify with the exact
#    JSON and user id; bad ones (range, pattern, length, date format) reach
#    the violation handler under the event "$identify" and, refused, are
#    not sent; user properties no event carries are typed and checked
#  - a C client without an identify callback, and a Swift/Kotlin transport
#    written without identify (its default), compile and send nothing
#  - flush reaches the transport; C's <p>_flush is NULL-safe
#  - C as C99 (gcc) and C++ (g++) warning-free; Swift 6 with warnings as
#    errors; Kotlin (kotlinc) with no warning in the generated file
#  - a plan without user_properties has no identify anywhere
. "$(dirname "$0")/lib/e2e.bash"
with_swift
S="$ROOT/tests/e2e/gen/identify"
W="$TMPDIR/gen_identify"
fresh "$W"
need gcc g++ swiftc kotlinc java
[ "$fail" -eq 0 ] || exit 1
KSTD=/usr/share/java/kotlin-stdlib.jar

"$TAXONC" gen --out "$W/g" "$S/plan.yaml" >"$W/gen.log" 2>&1 || { bad "gen: $(cat "$W/gen.log")"; exit 1; }

# ---- C ----
CFLAGS="-Wall -Wextra -Wpedantic -Werror"
for cc in "gcc -std=c99" "g++ -x c++ -std=c++11"; do
  tag=${cc%% *}
  if $cc $CFLAGS -I"$W/g" -o "$W/c-$tag" "$S/identify_app.c" "$W/g/ident.c" >"$W/c-$tag.log" 2>&1; then
    "$W/c-$tag" >"$W/c-$tag.out" 2>&1 || bad "C app ($tag): $(cat "$W/c-$tag.out")"
    grep -q "^identify C: [0-9]* checks, 0 failures$" "$W/c-$tag.out" || bad "C ($tag): $(cat "$W/c-$tag.out")"
  else
    bad "C app ($tag) does not compile:"; head -20 "$W/c-$tag.log"
  fi
done

# ---- Swift ----
swiftc -swift-version 6 -warnings-as-errors -typecheck "$W/g/Ident.swift" >"$W/swift-tc.log" 2>&1 ||
  { bad "Ident.swift has errors or warnings:"; head -20 "$W/swift-tc.log"; }
if swiftc -swift-version 6 -o "$W/swift-app" "$S/main.swift" "$W/g/Ident.swift" >"$W/swift.log" 2>&1; then
  "$W/swift-app" >"$W/swift.out" 2>&1 || bad "Swift app: $(cat "$W/swift.out")"
  grep -q "^identify Swift: [0-9]* checks, 0 failures$" "$W/swift.out" || bad "Swift: $(cat "$W/swift.out")"
else
  bad "Swift app does not compile:"; grep error "$W/swift.log" | head -20
fi

# ---- Kotlin ----
if kotlinc "$S/IdentifyApp.kt" "$W/g/Ident.kt" -d "$W/kt" >"$W/kotlin.log" 2>&1; then
  grep -E "Ident\.kt:[0-9]+:[0-9]+: warning" "$W/kotlin.log" && bad "kotlinc warned about the generated file"
  java -cp "$W/kt:$KSTD" identifyapp.IdentifyAppKt >"$W/kotlin.out" 2>&1 || bad "Kotlin app: $(cat "$W/kotlin.out")"
  grep -q "^identify Kotlin: [0-9]* checks, 0 failures$" "$W/kotlin.out" || bad "Kotlin: $(cat "$W/kotlin.out")"
else
  bad "Kotlin app does not compile:"; grep error "$W/kotlin.log" | head -20
fi

# ---- no user_properties, no identify ----
"$TAXONC" gen --out "$W/small" "$ROOT/tests/golden/gen/small.yaml" >/dev/null 2>&1 || bad "gen small"
grep -l "identify" "$W/small"/* && bad "a plan without user_properties got identify"

echo "gen_identify: $fail failed"
[ "$fail" -eq 0 ]
