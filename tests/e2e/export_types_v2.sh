#!/usr/bin/env bash
# Exports of a plan with every kind of issue 16 (tests/golden/check/
# types_v2.yaml: any, null, unions with per-branch constraints and a named
# branch, open objects, per-event variants): pinned goldens for JSON
# Schema, Markdown and HTML, every schema valid under the 2020-12
# metaschema, and the schema's verdicts on hand-picked values pinned (what
# each construct must accept and reject). UPDATE=1 rewrites the goldens.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
cd "$ROOT"
g=tests/golden/export/types_v2
plan=tests/golden/check/types_v2.yaml
out=$TMPDIR/v2
mkdir -p "$out"
fail=0
"$TAXONC" export jsonschema "$plan" -o - >"$out/bundle.schema.json" || { echo "FAIL: export jsonschema"; fail=1; }
"$TAXONC" export jsonschema --out "$out/dir" "$plan" || { echo "FAIL: export jsonschema --out"; fail=1; }
"$TAXONC" export markdown "$plan" -o - >"$out/types_v2.md" || { echo "FAIL: export markdown"; fail=1; }
"$TAXONC" export html "$plan" -o - >"$out/types_v2.html" || { echo "FAIL: export html"; fail=1; }
if [ "${UPDATE:-}" = 1 ]; then cp "$out"/bundle.schema.json "$out"/types_v2.md "$out"/types_v2.html "$g"/; fi
for f in bundle.schema.json types_v2.md types_v2.html; do
  cmp -s "$g/$f" "$out/$f" || { echo "FAIL: $f differs from $g/$f"; diff -u "$g/$f" "$out/$f" | head -20; fail=1; }
done
python3 - "$out" <<'PY' || fail=1
import glob, json, sys
from jsonschema import Draft202012Validator
out = sys.argv[1]
bad = []
for f in [out + "/bundle.schema.json"] + glob.glob(out + "/dir/**/*.schema.json", recursive=True):
    try:
        Draft202012Validator.check_schema(json.load(open(f, encoding="utf-8")))
    except Exception as e:
        bad.append("%s: %s" % (f, e))
ev = json.load(open(out + "/dir/events/complete_purchase.schema.json", encoding="utf-8"))
v = Draft202012Validator(ev)
base = {"price": 5, "currency": "KRW"}
cases = [  # (property, value, valid?)
    ("price", 1000000, True), ("price", 1000001, False),            # the event's refinement
    ("currency", "EUR", False),                                      # event-local definition
    ("coupon", None, True), ("coupon", "X", True), ("coupon", 1, False),
    ("quantity", 1, True), ("quantity", 0, False), ("quantity", "abcd", True),
    ("quantity", "abcde", False), ("quantity", 1.5, False), ("quantity", None, False),
    ("id", 1, True), ("id", 0, False), ("id", "P12", True), ("id", "X12", False),
    ("address", {"city": "Seoul", "zip": 1}, True), ("address", {"city": 1}, False),
    ("labels", {"a": "x"}, True), ("labels", {"a": 1}, False),
    ("scores", {"a": 0}, True), ("scores", {"a": -1}, False), ("scores", {"a": "x"}, False),
    ("size", "S", True), ("size", 1, True), ("size", "1", False), ("size", 3, False),
    ("payload", {"any": [1, None]}, True), ("payload", None, True),
    ("nothing", None, True), ("nothing", 0, False),
]
for prop, val, want in cases:
    rec = dict(base)
    rec[prop] = val
    got = v.is_valid(rec)
    if got != want:
        bad.append("complete_purchase %s=%r: schema says %s, want %s" % (prop, val, got, want))
vp = Draft202012Validator(json.load(open(out + "/dir/events/view_product.schema.json", encoding="utf-8")))
if not vp.is_valid({"price": 5000000, "context": [1, {"a": None}]}):
    bad.append("view_product: the dictionary's price (no max) and any context must pass")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
[ $fail = 0 ] && echo "export_types_v2: ok"
exit $fail
