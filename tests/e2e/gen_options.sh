#!/usr/bin/env bash
# gen --type-name, --package and --access (Swift/Kotlin naming and access
# level the app chooses):
#  - the tracker type and its file take the name; Kotlin's package is the
#    one given; C is unchanged (same bytes as without the options)
#  - the result compiles, with app code using those names (swiftc in Swift 6
#    mode with warnings as errors; kotlinc), and a keyword type name gets `_`
#  - badly spelt names are usage errors (exit 2) naming the option, and so
#    is a Kotlin hard keyword as a package segment (com.fun.app, object)
# (the default output, without options, is held by gen_golden.sh)
. "$(dirname "$0")/lib/e2e.bash"
with_swift
T="$ROOT/examples/travel/taxonomy.yaml"
W="$TMPDIR/gen_options"
fresh "$W"

"$TAXONC" gen --type-name Analytics --package com.example.analytics --out "$W/o" "$T" >"$W/log" 2>&1 ||
  bad "gen with --type-name/--package: $(cat "$W/log")"
"$TAXONC" gen --out "$W/d" "$T" >/dev/null 2>&1 || bad "gen without options"
[ "$(ls "$W/o" | tr '\n' ' ')" = "Analytics.kt Analytics.swift travel_app.c travel_app.h " ] ||
  bad "file names with --type-name Analytics: $(ls "$W/o" | tr '\n' ' ')"
grep -qx "package com.example.analytics" "$W/o/Analytics.kt" || bad "Kotlin package not com.example.analytics"
grep -q "^class Analytics(val transport: Transport" "$W/o/Analytics.kt" || bad "Kotlin class not named Analytics"
grep -q "^public struct Analytics: Sendable" "$W/o/Analytics.swift" || bad "Swift struct not named Analytics"
cmp -s "$W/o/travel_app.h" "$W/d/travel_app.h" && cmp -s "$W/o/travel_app.c" "$W/d/travel_app.c" ||
  bad "the Swift/Kotlin naming options changed the C output"

cat >"$W/main.swift" <<'EOF'
let a = Analytics(strictness: .log) { event, json, _ in print(event, json) }
a.completeSignUp(signUpType: .kakao, signUpDate: "20240315", marketingConsent: true)
EOF
swiftc -swift-version 6 -warnings-as-errors -typecheck "$W/main.swift" "$W/o/Analytics.swift" >"$W/swift.log" 2>&1 ||
  { bad "Swift with --type-name does not compile:"; grep error "$W/swift.log" | head -10; }
cat >"$W/App.kt" <<'EOF'
package app

import com.example.analytics.Analytics

fun main() {
    val a = Analytics(Analytics.Strictness.Log) { event, json, _ -> println("$event $json") }
    a.completeSignUp(Analytics.LoginMethod.KAKAO, "20240315", true)
}
EOF
kotlinc "$W/App.kt" "$W/o/Analytics.kt" -d "$W/kt" >"$W/kotlin.log" 2>&1 ||
  { bad "Kotlin with --package/--type-name does not compile:"; grep error "$W/kotlin.log" | head -10; }
java -cp "$W/kt:/usr/share/java/kotlin-stdlib.jar" app.AppKt >"$W/run" 2>&1 &&
  grep -q '^complete_sign_up {"sign_up_type":"kakao"' "$W/run" || bad "Kotlin app did not run: $(head -3 "$W/run")"

"$TAXONC" gen --type-name Self --lang swift --out "$W/k" "$T" >/dev/null 2>&1 && [ -f "$W/k/Self_.swift" ] &&
  grep -q "^public struct Self_: Sendable" "$W/k/Self_.swift" || bad "keyword type name 'Self' not spelt Self_"

# --access internal: the tracker type only (its members follow it); compiles
"$TAXONC" gen --access internal --out "$W/i" "$T" >/dev/null 2>&1 || bad "gen --access internal"
grep -q "^internal struct TravelApp: Sendable" "$W/i/TravelApp.swift" || bad "Swift tracker not internal"
grep -q "^internal class TravelApp(" "$W/i/TravelApp.kt" || bad "Kotlin tracker not internal"
"$TAXONC" gen --access public --out "$W/p" "$T" >/dev/null 2>&1 && diff -r "$W/p" "$W/d" >/dev/null ||
  bad "--access public differs from the default output"
swiftc -swift-version 6 -warnings-as-errors -typecheck "$W/i/TravelApp.swift" >"$W/swift-i.log" 2>&1 ||
  { bad "internal Swift does not compile:"; grep error "$W/swift-i.log" | head -10; }
kotlinc "$W/i/TravelApp.kt" -d "$W/kti" >"$W/kotlin-i.log" 2>&1 ||
  { bad "internal Kotlin does not compile:"; grep error "$W/kotlin-i.log" | head -10; }

for bad_opt in "--access private" "--type-name 1x" "--type-name a-b" "--package com..x" "--package com.9a" "--package ." \
               "--package com.fun.app" "--package object" "--package in.app"; do
  # shellcheck disable=SC2086
  "$TAXONC" gen $bad_opt --out "$W/e" "$T" >"$W/e.out" 2>"$W/e.err"; code=$?
  [ "$code" -eq 2 ] || bad "gen $bad_opt: exit $code, want 2"
  grep -qE "(invalid|unknown) ${bad_opt%% *} " "$W/e.err" || bad "gen $bad_opt: message: $(cat "$W/e.err")"
  [ -e "$W/e" ] && bad "gen $bad_opt created the output folder"
done

echo "gen_options: $fail failed"
[ "$fail" -eq 0 ]
