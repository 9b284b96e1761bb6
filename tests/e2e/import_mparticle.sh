#!/usr/bin/env bash
# `taxonc import mparticle`: the data plan fixtures (tests/fixtures/import/
# mparticle/README.md says where their shape comes from) give the pinned
# YAML and loss warnings, and the YAML checks clean; a data plan with two
# versions reads the highest; bad input (not a data plan, broken JSON, a
# $ref outside the file) is an error with its location, exit 2, nothing
# written. UPDATE=1 rewrites the goldens.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
cd "$ROOT"
g=tests/golden/import
fx=tests/fixtures/import/mparticle
fail=0
export NO_COLOR=1

"$TAXONC" import mparticle $fx/shop_plan-v2.json --out "$TMPDIR/mp.yaml" 2> "$TMPDIR/mp.stderr"
rc=$?
[ $rc = 0 ] || { echo "FAIL: importing the data plan version exited $rc"; cat "$TMPDIR/mp.stderr"; fail=1; }
if [ "${UPDATE:-}" = 1 ]; then cp "$TMPDIR/mp.yaml" $g/mparticle.yaml; cp "$TMPDIR/mp.stderr" $g/mparticle.stderr; fi
diff -u $g/mparticle.yaml "$TMPDIR/mp.yaml" || { echo "FAIL: imported YAML differs"; fail=1; }
diff -u $g/mparticle.stderr "$TMPDIR/mp.stderr" || { echo "FAIL: import warnings differ"; fail=1; }
"$TAXONC" check "$TMPDIR/mp.yaml" > "$TMPDIR/check.log" 2>&1 ||
  { echo "FAIL: the imported plan does not check clean"; cat "$TMPDIR/check.log"; fail=1; }
# what the plan says and a taxonomy holds
for want in "  View Product:" "  Complete Purchase:" "  Cart:" "category: navigation" \
            "category: screen_view" "membership_level" 'pattern: ^P[0-9]{6}$'; do
  grep -qF "$want" "$TMPDIR/mp.yaml" || { echo "FAIL: the YAML lacks: $want"; fail=1; }
done
# every loss is a warning and a '# lost:' comment
for want in "custom_flags" "multipleOf" "commerce product actions" "user identities"; do
  grep -qF "$want" "$TMPDIR/mp.stderr" || { echo "FAIL: no warning for: $want"; fail=1; }
  grep -F "# lost:" "$TMPDIR/mp.yaml" | grep -qF "$want" || { echo "FAIL: no '# lost:' comment for: $want"; fail=1; }
done
# price differs between the two events: a per-event variant
python3 - "$TMPDIR/mp.yaml" <<'PY' || fail=1
import sys, yaml
y = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
ev = y["events"]
vp, cp = ev["View Product"]["properties"], ev["Complete Purchase"]["properties"]
kinds = sorted([isinstance(vp["price"], dict) and "type" in vp["price"],
                isinstance(cp["price"], dict) and "type" in cp["price"]])
assert kinds == [False, True], ("price must be a variant in exactly one event", vp["price"], cp["price"])
assert y["conventions"]["rules"]["property-variant"] in ("off", False), y["conventions"]
assert "membership_level" in y["user_properties"], y["user_properties"]
PY

# a data plan with two versions: the highest (2) is read, version 1 is reported
"$TAXONC" import mparticle $fx/shop_plan.json --out "$TMPDIR/plan.yaml" 2> "$TMPDIR/plan.stderr" ||
  { echo "FAIL: importing the data plan"; cat "$TMPDIR/plan.stderr"; fail=1; }
grep -qF "data plan version 1 (version 2 is read)" "$TMPDIR/plan.stderr" || { echo "FAIL: version 1 not reported"; fail=1; }
grep -qF 'version: "2.0.0"' "$TMPDIR/plan.yaml" && grep -qF "  Complete Purchase:" "$TMPDIR/plan.yaml" ||
  { echo "FAIL: the data plan did not give version 2's events"; fail=1; }

bad() {   # name, expected message, file
  local name=$1 want=$2 f=$3
  rm -f "$TMPDIR/bad.yaml"
  "$TAXONC" import mparticle "$f" --out "$TMPDIR/bad.yaml" > "$TMPDIR/bad.out" 2>&1
  local rc=$?
  [ $rc = 2 ] || { echo "FAIL: $name: exit $rc, expected 2"; cat "$TMPDIR/bad.out"; fail=1; }
  grep -qF -- "$want" "$TMPDIR/bad.out" || { echo "FAIL: $name: expected '$want' in:"; cat "$TMPDIR/bad.out"; fail=1; }
  [ -e "$TMPDIR/bad.yaml" ] && { echo "FAIL: $name: wrote output"; fail=1; }
  return 0
}
printf '{"rules": {"events": []}}\n' > "$TMPDIR/seg.json"
bad "not a data plan" "is not an mParticle data plan" "$TMPDIR/seg.json"
printf '{"version_document": {"data_points": [\n  {"match": {"type": "custom_event",\n' > "$TMPDIR/broken.json"
bad "broken JSON" "broken.json:" "$TMPDIR/broken.json"
cat > "$TMPDIR/ref.json" <<'J'
{"version_document": {"data_points": [{"match": {"type": "custom_event", "criteria": {"event_name": "A"}},
  "validator": {"type": "json_schema", "definition": {"properties": {"data": {"properties":
  {"custom_attributes": {"type": "object", "properties": {"x": {"$ref": "other.json#/defs/x"}}}}}}}}}]}}
J
bad "outside \$ref" "ref.json:3:" "$TMPDIR/ref.json"
exit $fail
