#!/usr/bin/env bash
# `taxonc import amplitude` and `taxonc export amplitude`: the fixtures
# written from Amplitude's CSV schema reference (tests/fixtures/import/
# amplitude/README.md) give the pinned YAML and loss warnings, and the YAML
# checks clean; bad input (not Amplitude's CSV, a missing column, a broken
# quote, an unknown Object Type) is an error with its line, exit 2, nothing
# written; every example exports to events.csv + user_properties.csv,
# imports back cleanly, and exports again to the same files (a fixed
# point); the stdout form pipes into import. UPDATE=1 rewrites goldens.
. "$(dirname "$0")/lib/e2e.bash"
. "$(dirname "$0")/lib/import.bash"
cd "$ROOT"
fx=tests/fixtures/import/amplitude
export NO_COLOR=1

# the fixtures -> the pinned YAML and warnings, and the YAML checks clean
import_golden amp amplitude amplitude $fx/events.csv $fx/user_properties.csv --name music_amp
# the files in the other order give the same YAML
"$TAXONC" import amplitude $fx/user_properties.csv $fx/events.csv --name music_amp \
  --out "$TMPDIR/amp2.yaml" 2>/dev/null && cmp -s "$TMPDIR/amp.yaml" "$TMPDIR/amp2.yaml" ||
  { echo "FAIL: the file order changed the YAML"; fail=1; }
# every loss is both a warning and a comment
lost_noted amp "Event Source 'web'" "Tags 'library, core'" "Event Activity 'Inactive'" \
  "Array Unique Items" "Action Remove"

# bad input: exit 2 with the line, nothing written
bad() { import_refused "$1" "$2" amplitude "${@:3}"; }   # label, expected message, files...
printf 'Event,Property\nopen_app,source\n' > "$TMPDIR/sheet.csv"
bad "not amplitude" "not an Amplitude Data CSV" "$TMPDIR/sheet.csv"
printf 'Action,Object Type,Object Name,Property Type\n,Event,A,\n' > "$TMPDIR/nocol.csv"
bad "missing column" "has no 'Event Property Name' column" "$TMPDIR/nocol.csv"
printf 'Object Type,Object Name,Property Type,Event Property Name\nEvent,"A,,\n' > "$TMPDIR/quote.csv"
bad "broken quote" "quote.csv:2:" "$TMPDIR/quote.csv"
printf 'Object Type,Object Name,Property Type,Event Property Name\nEvent,A,,\nScreen,B,,\n' > "$TMPDIR/ot.csv"
bad "unknown object type" "unknown Object Type 'Screen'" "$TMPDIR/ot.csv"
bad "bad flag" "expected TRUE or FALSE, not 'yes'" <(printf 'Object Type,Object Name,Property Type,Event Property Name,Property Required\nEvent,A,,,\n,,Event Property,p,yes\n')
printf '\x00\x01' > "$TMPDIR/bin.csv"
bad "binary" "NUL bytes" "$TMPDIR/bin.csv"

# export amplitude -> import amplitude -> export amplitude: the same files
# (issue 16's plans too: any, null, unions, open objects, per-event variants)
for ex in examples/*/taxonomy.yaml tests/golden/export/travel/taxonomy.yaml \
          tests/golden/check/types_v2.yaml tests/golden/gen/types_v2.yaml; do
  [ -f "$ex" ] || continue
  n=$(basename "$(dirname "$ex")"); case $ex in *types_v2.yaml) n=v2-$n ;; esac
  d1="$TMPDIR/x1-$n" d2="$TMPDIR/x2-$n"
  "$TAXONC" export amplitude "$ex" --out "$d1" 2>/dev/null ||
    { echo "FAIL: $n: export amplitude"; fail=1; continue; }
  [ -f "$d1/events.csv" ] && [ -f "$d1/user_properties.csv" ] || { echo "FAIL: $n: files missing"; fail=1; continue; }
  "$TAXONC" import amplitude "$d1/events.csv" "$d1/user_properties.csv" --out "$TMPDIR/$n.yaml" 2>"$TMPDIR/$n.log" ||
    { echo "FAIL: $n: import of the export"; cat "$TMPDIR/$n.log"; fail=1; continue; }
  [ -s "$TMPDIR/$n.log" ] && { echo "FAIL: $n: importing the export reported losses:"; cat "$TMPDIR/$n.log"; fail=1; }
  "$TAXONC" check "$TMPDIR/$n.yaml" > "$TMPDIR/$n.check" 2>&1 || { echo "FAIL: $n: the round trip does not check"; cat "$TMPDIR/$n.check"; fail=1; }
  "$TAXONC" export amplitude "$TMPDIR/$n.yaml" --out "$d2" 2>/dev/null ||
    { echo "FAIL: $n: second export"; fail=1; continue; }
  diff -u "$d1/events.csv" "$d2/events.csv" >/dev/null && diff -u "$d1/user_properties.csv" "$d2/user_properties.csv" >/dev/null ||
    { echo "FAIL: $n: export -> import -> export is not a fixed point"; diff -u "$d1/events.csv" "$d2/events.csv" | head -20; fail=1; }
done

# what Amplitude cannot hold is a warning at the definition
cat > "$TMPDIR/lossy.yaml" <<'EOF2'
taxonomy: lossy
properties:
  when: {type: string, format: date, description: a day}
  tier: {type: integer, enum: [1, 2, 3]}
  address: {type: object, properties: {city: string}}
events:
  view_home:
    trigger: the home screen appears
    properties: {when: required, tier: optional, address: optional}
EOF2
"$TAXONC" export amplitude "$TMPDIR/lossy.yaml" > "$TMPDIR/lossy.csv" 2> "$TMPDIR/lossy.err" ||
  { echo "FAIL: lossy export failed"; cat "$TMPDIR/lossy.err"; fail=1; }
for want in "lossy.yaml:3:3: warning: property 'when': format 'date' is written as its regular expression" \
            "property 'tier': an enum of integers is lost" "property 'address': an object's members are lost" \
            "event 'view_home': its trigger is lost"; do
  grep -qF "$want" "$TMPDIR/lossy.err" || { echo "FAIL: export should warn: $want"; cat "$TMPDIR/lossy.err"; fail=1; }
done
# issue 16's kinds: what Amplitude holds is written, the rest warned at the definition
"$TAXONC" export amplitude tests/golden/check/types_v2.yaml > "$TMPDIR/v2.csv" 2> "$TMPDIR/v2.err" ||
  { echo "FAIL: export amplitude of types_v2"; cat "$TMPDIR/v2.err"; fail=1; }
for want in ",context,,any,FALSE," ",address,,object,FALSE," ",labels,,object,FALSE," \
            ",quantity,,number,FALSE,FALSE,,,,,,1,,TRUE," ",nothing,,any,FALSE," \
            ",price,,number,TRUE,FALSE,,,,,,0,1000000,FALSE," ",currency,,enum,TRUE,FALSE,\"KRW,USD\","; do
  grep -qF -- "$want" "$TMPDIR/v2.csv" || { echo "FAIL: export amplitude of types_v2 lacks: $want"; fail=1; }
done
for want in "types_v2.yaml:11:3: warning: property 'quantity': a union is written as its first branch, integer" \
            "types_v2.yaml:10:3: warning: property 'nothing': null is written as any" \
            "types_v2.yaml:14:3: warning: property 'address': an object's members are lost" \
            "types_v2.yaml:16:3: warning: property 'scores': the type of an open object's other members is lost" \
            "property 'size': the union's enum is lost" \
            "types_v2.yaml:28:7: warning: property 'coupon': nullable is lost"; do
  grep -qF "$want" "$TMPDIR/v2.err" || { echo "FAIL: export should warn: $want"; cat "$TMPDIR/v2.err"; fail=1; }
done

# the stdout form pipes into import
"$TAXONC" export amplitude "$TMPDIR/lossy.yaml" 2>/dev/null | "$TAXONC" import amplitude - --out "$TMPDIR/piped.yaml" 2>/dev/null &&
  grep -q "view_home" "$TMPDIR/piped.yaml" || { echo "FAIL: export amplitude | import amplitude -"; fail=1; }
# a plan with user properties needs --out DIR
"$TAXONC" export amplitude examples/music/taxonomy.yaml > /dev/null 2> "$TMPDIR/stdout.err"
[ $? = 2 ] && grep -qF "with --out DIR" "$TMPDIR/stdout.err" || { echo "FAIL: user properties on stdout not refused"; fail=1; }

exit $fail
