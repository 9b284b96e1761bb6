#!/usr/bin/env bash
# `taxonc import mparticle`: the data plan fixtures (tests/fixtures/import/
# mparticle/README.md says where their shape comes from) give the pinned
# YAML and loss warnings, and the YAML checks clean; a data plan with two
# versions reads the highest; bad input (not a data plan, broken JSON, a
# $ref outside the file) is an error with its location, exit 2, nothing
# written. UPDATE=1 rewrites the goldens.
. "$(dirname "$0")/lib/e2e.bash"
. "$(dirname "$0")/lib/import.bash"
cd "$ROOT"
fx=tests/fixtures/import/mparticle
export NO_COLOR=1

import_golden mp mparticle mparticle $fx/shop_plan-v2.json
# what the plan says and a taxonomy holds
for want in "  View Product:" "  Complete Purchase:" "  Cart:" "category: navigation" \
            "category: screen_view" "membership_level" 'pattern: ^P[0-9]{6}$'; do
  grep -qF "$want" "$TMPDIR/mp.yaml" || { echo "FAIL: the YAML lacks: $want"; fail=1; }
done
# every loss is a warning and a '# lost:' comment
lost_noted mp "custom_flags" "multipleOf" "commerce product actions" "user identities"
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

bad() { import_refused "$1" "$2" mparticle "$3"; }   # label, expected message, file
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
