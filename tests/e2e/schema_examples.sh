#!/usr/bin/env bash
# schema/taxonomy.schema.json must be a valid draft-07 schema, every YAML
# file under examples/ (roots and included files) must validate against it,
# and known-bad documents must not (so this test can fail). Needs python3
# with jsonschema and PyYAML; missing modules fail loudly, never skip.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  echo "FAIL: python3 modules jsonschema and yaml are needed (Debian: python3-jsonschema python3-yaml)"
  exit 1
fi
cd "$ROOT" && python3 - <<'PY'
import glob, json, sys
import jsonschema, yaml
schema = json.load(open("schema/taxonomy.schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
fail = 0
files = sorted(glob.glob("examples/**/*.yaml", recursive=True))
if len(files) < 3:
    print("FAIL: expected example files, found", files); sys.exit(1)
for f in files:
    doc = yaml.safe_load(open(f, encoding="utf-8"))
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errs:
        print("FAIL %s: %s: %s" % (f, "/".join(map(str, e.path)), e.message)); fail += 1
bad = {
    "unknown key in an event": "taxonomy: x\nevents: {e: {requried: true}}\n",
    "unknown key in an event's variant": "taxonomy: x\nevents: {e: {properties: {p: {type: string, requried: true}}}}\n",
    "an empty union": "taxonomy: x\nproperties: {p: {type: []}}\n",
    "additional that is a number": "taxonomy: x\nproperties: {p: {type: object, additional: 3}}\n",
    "bad taxonomy name": "taxonomy: 1x\n",
    "bad version": "taxonomy: x\nversion: '1.2'\n",
    "negative length": "taxonomy: x\nproperties: {p: {type: string, max_length: -1}}\n",
    "unknown destination": "taxonomy: x\nconventions: {destinations: [amplitud]}\n",
    "lint without reason": "taxonomy: x\nproperties: {p: {type: string, lint: {ignore: [r]}}}\n",
    "required on a property": "taxonomy: x\nproperties: {p: {type: string, required: true}}\n",
    "style on property names": "taxonomy: x\nconventions: {property_name: {style: none}}\n",
    "missing type": "taxonomy: x\ntypes: {t: {enum: [a]}}\n",
    "a funnel of one step": "taxonomy: x\nfunnels: {f: {steps: [a], within: 1d}}\n",
    "a funnel within a week": "taxonomy: x\nfunnels: {f: {steps: [a, b], within: 1w}}\n",
    "a funnel step's unknown key": "taxonomy: x\nfunnels: {f: {steps: [a, {evnt: b}], within: 1d}}\n",
}
# issue 16's syntax (any, null, unions, additional, per-event variants,
# object_action names) is accepted: the plans that use all of it
for f in ["tests/golden/check/types_v2.yaml", "tests/golden/lint/property-variant/bad.yaml"]:
    doc = yaml.safe_load(open(f, encoding="utf-8"))
    for e in v.iter_errors(doc):
        print("FAIL %s: %s: %s" % (f, "/".join(map(str, e.path)), e.message)); fail += 1
for name, text in {
    "object_action names": "taxonomy: x\nconventions: {event_name: {style: object_action, casing: 'Title Case'}}\n",
    "a variant without type": "taxonomy: x\nevents: {e: {properties: {p: {required: true, max: 3}}}}\n",
    "plain null": "taxonomy: x\nproperties: {p: {type: [string, null]}}\n",
}.items():
    if not v.is_valid(yaml.safe_load(text)):
        print("FAIL: schema refuses %s" % name); fail += 1
for name, text in bad.items():
    if v.is_valid(yaml.safe_load(text)):
        print("FAIL: schema accepts %s" % name); fail += 1
print("schema_examples: %d files, %d bad documents, %d failures" % (len(files), len(bad), fail))
sys.exit(1 if fail else 0)
PY
