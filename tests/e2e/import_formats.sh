#!/usr/bin/env bash
# taxonc import segment | rudderstack | jsonschema, end to end:
#  - bad input (not the format, broken JSON, a $ref outside the file, a $ref
#    cycle, a missing file) exits 2 with the location and writes nothing;
#  - every fixture under tests/fixtures/import/{segment,rudderstack,jsonschema}
#    imports (exit 0) to exactly its golden YAML in tests/golden/import/, the
#    losses are warnings with the JSON Pointer, and `taxonc check` is clean
#    on the output.
# The fixtures are written from each format's public documentation (see
# tests/fixtures/import/README.md). The goldens are also compared by the unit
# test (tests/unit/test_import_json.c), which needs no loader support.
set -u
: "${TAXONC:?}" "${ROOT:?}"
T=${TMPDIR:-/tmp}
F=$ROOT/tests/fixtures/import
G=$ROOT/tests/golden/import
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# ---- bad input: exit 2, the location, nothing written ----
bad() {  # name format expected-message-regex file...
    local name=$1 fmt=$2 want=$3; shift 3
    rm -f "$T/out.yaml"
    "$TAXONC" import "$fmt" "$@" -o "$T/out.yaml" >"$T/bad.out" 2>"$T/bad.err"
    local rc=$?
    [ "$rc" = 2 ] || fail "$name: exit $rc, want 2"
    grep -Eq "$want" "$T/bad.err" || { fail "$name: no message matching '$want'"; sed 's/^/    /' "$T/bad.err"; }
    [ ! -e "$T/out.yaml" ] || fail "$name: wrote $T/out.yaml"
    [ ! -s "$T/bad.out" ] || fail "$name: wrote to stdout"
}

printf '{"events": 1}\n' > "$T/notplan.json"
bad "segment: not the format" segment "notplan.json:1:1: error: .*is not a Segment tracking plan.*\[import-format\]" "$T/notplan.json"
bad "rudderstack: not the format" rudderstack "notplan.json:1:1: error: .*is not a RudderTyper plan.json" "$T/notplan.json"
printf '{\n  "rules": {\n    "events": [\n      {"name": "A"]\n    ]\n  }\n}\n' > "$T/broken.json"
bad "segment: broken JSON" segment "broken.json:4:[0-9]+: error: " "$T/broken.json"
bad "rudderstack: broken JSON" rudderstack "broken.json:4:[0-9]+: error: " "$T/broken.json"
bad "jsonschema: broken JSON" jsonschema "broken.json:4:[0-9]+: error: " "$T/broken.json"
printf '{\n  "type": "object",\n  "properties": {\n    "a": {"$ref": "common.json#/definitions/a"}\n  }\n}\n' > "$T/outside.json"
bad "jsonschema: \$ref outside" jsonschema "outside.json:4:19: error: \\\$ref 'common.json#/definitions/a' points outside the file.*\[import-ref\]" "$T/outside.json"
printf '{\n  "type": "object",\n  "properties": {"a": {"$ref": "#/definitions/x"}},\n  "definitions": {\n    "x": {"type": "array", "items": {"$ref": "#/definitions/y"}},\n    "y": {"$ref": "#/definitions/x"}\n  }\n}\n' > "$T/cycle.json"
bad "jsonschema: \$ref cycle" jsonschema "cycle.json:6:[0-9]+: error: \\\$ref cycle: '#/definitions/x' -> '#/definitions/y' -> '#/definitions/x'" "$T/cycle.json"
cat > "$T/segcycle.json" <<'EOF'
{"rules": {"events": [{"name": "A B", "rules": {"properties": {"properties": {"properties": {
  "p": {"$ref": "#/rules/events/0/rules/properties/properties/properties/p"}}}}}}]}}
EOF
bad "segment: \$ref cycle" segment "segcycle.json:2:[0-9]+: error: \\\$ref cycle" "$T/segcycle.json"
bad "jsonschema: not an event schema" jsonschema "is not a JSON Schema of an event" "$T/notplan.json"
bad "segment: missing file" segment "cannot read '$T/nope.json'" "$T/nope.json"
bad "segment: two sources" segment "reads one source" "$F/segment/config-plan.json" "$F/segment/config-plan.json"
"$TAXONC" import yaml x >/dev/null 2>"$T/fmt.err"; rc=$?
[ "$rc" = 2 ] && grep -q "unknown import format 'yaml'; expected csv, segment, rudderstack, jsonschema" "$T/fmt.err" \
    || fail "unknown format: exit $rc: $(cat "$T/fmt.err")"

# ---- fixtures -> golden YAML -> check clean ----
good() {  # golden-name format source...
    local name=$1 gold=$G/$1.yaml fmt=$2; shift 2
    rm -f "$T/out.yaml"
    "$TAXONC" import "$fmt" "$@" -o "$T/out.yaml" 2>"$T/good.err"
    local rc=$?
    if [ "$rc" != 0 ]; then
        fail "$name: import exit $rc"; sed 's/^/    /' "$T/good.err" | head -20; return
    fi
    cmp -s "$gold" "$T/out.yaml" || { fail "$name: differs from $gold"; diff "$gold" "$T/out.yaml" | head -20; }
    grep -q "error:" "$T/good.err" && fail "$name: errors on stderr"
    "$TAXONC" check "$T/out.yaml" >"$T/check.out" 2>&1 || { fail "$name: check failed"; head -20 "$T/check.out"; }
}
good segment-config-plan segment "$F/segment/config-plan.json"
good segment-public-api-rules segment "$F/segment/public-api-rules.json"
good segment-typewriter-events segment "$F/segment/typewriter-events.json"
good rudderstack-plan rudderstack "$F/rudderstack/plan.json"
good jsonschema-checkout jsonschema "$F/jsonschema/checkout.json"
good jsonschema-iglu jsonschema "$F/jsonschema/iglu"

# losses name the JSON Pointer in the warning and in the YAML
"$TAXONC" import segment "$F/segment/config-plan.json" 2>"$T/loss.err" >/dev/null
grep -q "config-plan.json:[0-9]*:[0-9]*: warning: lost: keyword 'multipleOf' is not supported (at /rules/events/1/rules/properties/properties/properties/products/items/properties/qty/multipleOf) \[import-lost\]" "$T/loss.err" \
    || fail "loss warning with its pointer missing"
grep -q "# lost: /rules/group/properties/traits: group traits" "$G/segment-config-plan.yaml" \
    || fail "loss comment missing from the golden"

# the whole jsonschema folder: its sources kept cart_id and cartId apart; the
# import keeps both names and lowers name-collision so the plan checks clean
"$TAXONC" import jsonschema "$F/jsonschema" -o "$T/folder.yaml" 2>/dev/null || fail "import of the whole folder failed"
grep -q "name-collision: warning" "$T/folder.yaml" || fail "name-collision not lowered for cart_id/cartId"
"$TAXONC" check "$T/folder.yaml" >/dev/null 2>"$T/folder.err" || fail "the whole folder does not check: $(head -3 "$T/folder.err")"
grep -q "warning: property 'cart_id' differs from 'cartId'" "$T/folder.err" || fail "the collision is not shown as a warning"

[ "$fails" = 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "import_formats: ok"
