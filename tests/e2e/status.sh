#!/usr/bin/env bash
# taxonc status on a fake app (tests/golden/status/app) for the taxonomy
# tests/golden/gen/small.yaml: real calls in Swift, Kotlin and C count;
# names in comments (nested ones too), strings (raw and multi-line),
# definitions, hidden folders and taxonc-generated files do not. The
# generated file is written here by `taxonc gen` into a copy of the app, so
# it is always the generator's current output, never a stale copy.
# identify: the app calls it in Swift only (in C and Kotlin it is in a
# comment, a string and a definition); it is reported, and required by
# --require-all, only for the same taxonomy with user_properties added
# (users.yaml); without them the output is as it always was.
. "$(dirname "$0")/lib/e2e.bash"
APP="$TMPDIR/app"
TAX="$ROOT/tests/golden/gen/small.yaml"
rm -rf "$APP" && cp -r "$ROOT/tests/golden/status/app" "$APP"
"$TAXONC" gen --lang swift --out "$APP/ios/Generated" "$TAX" >/dev/null ||
  { echo "FAIL: taxonc gen swift into the app"; exit 1; }

"$TAXONC" status --src "$APP" "$TAX" >"$TMPDIR/o" 2>"$TMPDIR/e"; code=$?
[ "$code" -eq 0 ] || bad "exit $code: $(cat "$TMPDIR/e")"
[ -s "$TMPDIR/e" ] && bad "stderr: $(cat "$TMPDIR/e")"
want='3 of 4 events implemented (3 source files scanned, 1 generated file skipped)
missing:
  open_app_legacy'
[ "$(cat "$TMPDIR/o")" = "$want" ] || { bad "text output:"; diff <(echo "$want") "$TMPDIR/o"; }

"$TAXONC" status --src "$APP" --require-all "$TAX" >/dev/null 2>&1; code=$?
[ "$code" -eq 1 ] || bad "--require-all with a missing event: exit $code (want 1)"

"$TAXONC" status --src "$APP" --format json "$TAX" >"$TMPDIR/j"; code=$?
[ "$code" -eq 0 ] || bad "--format json: exit $code"
python3 - "$TMPDIR/j" "$APP" <<'PY' || bad "json output"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
app = sys.argv[2]
assert d["events"] == 4 and d["implemented"] == 3, d
assert d["missing"] == ["open_app_legacy"], d["missing"]
assert d["files"] == 3 and d["generated_files"] == 1, d
by = {e["event"]: e for e in d["by_event"]}
assert by["view_product"]["swift"] and not by["view_product"]["c"], by["view_product"]
assert by["view_product"]["first_seen"] == app + "/ios/Shop.swift" and by["view_product"]["line"] == 19, by["view_product"]
assert by["rate_product"]["kotlin"] and by["rate_product"]["line"] == 6, by["rate_product"]
assert by["complete_order"]["c"] and by["complete_order"]["line"] == 12, by["complete_order"]
assert not by["open_app_legacy"]["implemented"] and "first_seen" not in by["open_app_legacy"]
assert "identify" not in d, d
PY

# once every event is called, --require-all passes
mkdir -p "$TMPDIR/app2"; cp -r "$APP"/* "$TMPDIR/app2/"
printf 'fun launch(t: shop.Shop) { t.openAppLegacy() }\n' >"$TMPDIR/app2/Launch.kt"
"$TAXONC" status --src "$TMPDIR/app2" --require-all "$TAX" >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 0 ] && grep -qx "4 of 4 events implemented (4 source files scanned, 1 generated file skipped)" "$TMPDIR/o" ||
  bad "all implemented: exit $code $(cat "$TMPDIR/o")"

# with user_properties: identify is reported (Swift, Shop.swift:21) and required
USERS="$TMPDIR/users.yaml"
{ cat "$TAX"; printf 'user_properties: [gift]\n'; } >"$USERS"
"$TAXONC" status --src "$APP" "$USERS" >"$TMPDIR/o" 2>"$TMPDIR/e"; code=$?
[ "$code" -eq 0 ] && [ ! -s "$TMPDIR/e" ] || bad "user_properties: exit $code: $(cat "$TMPDIR/e")"
want="3 of 4 events implemented (3 source files scanned, 1 generated file skipped)
identify implemented (swift; first seen $APP/ios/Shop.swift:21)
missing:
  open_app_legacy"
[ "$(cat "$TMPDIR/o")" = "$want" ] || { bad "text output with user_properties:"; diff <(echo "$want") "$TMPDIR/o"; }
"$TAXONC" status --src "$APP" --format json "$USERS" >"$TMPDIR/j"; code=$?
[ "$code" -eq 0 ] || bad "--format json with user_properties: exit $code"
grep -qF '"missing":["open_app_legacy"],"identify":{"implemented":true,"c":false,"swift":true,"kotlin":false,"first_seen":"'"$APP"'/ios/Shop.swift","line":21},"by_event":[' "$TMPDIR/j" ||
  bad "json identify entry: $(cat "$TMPDIR/j")"
python3 - "$TMPDIR/j" <<'PY' || bad "json output with user_properties"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["events"] == 4 and d["implemented"] == 3, d
entry = {k: v for k, v in d["by_event"][0].items() if k != "event"}
assert set(d["identify"]) == set(entry), (d["identify"], entry)
PY
"$TAXONC" status --src "$TMPDIR/app2" --require-all "$USERS" >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 0 ] || bad "all implemented and identify called: exit $code $(cat "$TMPDIR/o")"
# every event called but identify never: --require-all fails only with user_properties
sed -i '/tracker.identify(userId: id)/d' "$TMPDIR/app2/ios/Shop.swift"
"$TAXONC" status --src "$TMPDIR/app2" --require-all "$USERS" >"$TMPDIR/o" 2>&1; code=$?
want='4 of 4 events implemented (4 source files scanned, 1 generated file skipped)
identify not implemented (the taxonomy has user properties)'
[ "$code" -eq 1 ] && [ "$(cat "$TMPDIR/o")" = "$want" ] ||
  { bad "identify never called, --require-all: exit $code (want 1)"; diff <(echo "$want") "$TMPDIR/o"; }
"$TAXONC" status --src "$TMPDIR/app2" --format json "$USERS" | grep -qF \
  ',"identify":{"implemented":false,"c":false,"swift":false,"kotlin":false},"by_event":' ||
  bad "json: identify never called"
"$TAXONC" status --src "$TMPDIR/app2" --require-all "$TAX" >/dev/null 2>&1; code=$?
[ "$code" -eq 0 ] || bad "no user_properties: --require-all does not ask for identify: exit $code"

# errors
"$TAXONC" status "$TAX" >/dev/null 2>"$TMPDIR/e"; code=$?
[ "$code" -eq 2 ] && grep -q -- "--src DIR is required" "$TMPDIR/e" || bad "no --src: exit $code"
"$TAXONC" status --src "$TMPDIR/none" "$TAX" >/dev/null 2>"$TMPDIR/e"; code=$?
[ "$code" -eq 2 ] && grep -q "cannot read folder" "$TMPDIR/e" || bad "missing folder: exit $code $(cat "$TMPDIR/e")"
"$TAXONC" status --src "$APP" --format xml "$TAX" >/dev/null 2>&1; code=$?
[ "$code" -eq 2 ] || bad "bad --format: exit $code"

echo "status: $fail failed"
[ "$fail" -eq 0 ]
