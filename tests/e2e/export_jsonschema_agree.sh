#!/usr/bin/env bash
# The exported JSON Schema and `taxonc validate` reach the same verdict on
# every record of a generated corpus (tests/e2e/jsonschema_agree.py): every
# constraint kind of tests/fixtures/agree/taxonomy.yaml, checked by
# python-jsonschema's Draft202012Validator with format checking on.
# Then issue 16's kinds: for tests/golden/check/types_v2.yaml (any, null,
# unions, open objects, per-event variants) and the plans imported from
# tests/fixtures/import/, records generated from the exported schemas by
# hypothesis-jsonschema plus mutations (tests/proof/proof.py export, fixed
# seed) judged by jsonschema-rs against the bundle and the event's own
# schema; no disagreement is allowed. The tools come from PyPI through
# scripts/pyenv.sh (a venv in $BUILD/pyenv).
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fx=$ROOT/tests/fixtures/agree/taxonomy.yaml
py=
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null && "$cand" -c 'import jsonschema' 2>/dev/null; then py=$cand; break; fi
done
[ -n "$py" ] || { echo "FAIL: no python3 with the jsonschema module (make test-deps installs python3-jsonschema)"; exit 1; }

if ! "$TAXONC" validate --help >/dev/null 2>&1; then
  echo "FAIL (pending): 'taxonc validate' is not on this branch yet; the agreement cannot be checked"
  exit 1
fi
"$TAXONC" export jsonschema --out "$TMPDIR/schema" "$fx" || { echo "FAIL: export jsonschema"; exit 1; }
"$py" "$ROOT/tests/e2e/jsonschema_agree.py" gen > "$TMPDIR/corpus.ndjson" || { echo "FAIL: corpus"; exit 1; }
"$TAXONC" validate --format json --profile custom --event-path /event --props-path /properties \
  --user-path /user_properties --max-errors 200000 "$fx" "$TMPDIR/corpus.ndjson" > "$TMPDIR/report.json"
rc=$?
[ $rc -le 1 ] || { echo "FAIL: taxonc validate exited $rc"; exit 1; }
"$py" "$ROOT/tests/e2e/jsonschema_agree.py" check "$TMPDIR/schema" "$TMPDIR/corpus.ndjson" "$TMPDIR/report.json" ||
  { echo "FAIL: the exported schema and validate disagree on the constraint corpus"; exit 1; }

venv=$ROOT/${BUILD:-build}/pyenv
"$ROOT/scripts/pyenv.sh" "$venv" >"$TMPDIR/pyenv.log" 2>&1 ||
  { echo "FAIL: scripts/pyenv.sh could not install the reference tools"; tail -20 "$TMPDIR/pyenv.log"; exit 1; }
F=$ROOT/tests/fixtures/import
mkdir -p "$TMPDIR/v2"
plans=("$ROOT/tests/golden/check/types_v2.yaml")
imp() { "$TAXONC" import "$@" -o "$TMPDIR/v2/$1_${#plans[@]}.yaml" 2>/dev/null && plans+=("$TMPDIR/v2/$1_${#plans[@]}.yaml") ||
  echo "FAIL: import $*"; }
imp segment "$F/segment/config-plan.json"
imp segment "$F/segment/public-api-rules.json"
imp rudderstack "$F/rudderstack/plan.json"
imp jsonschema "$F/jsonschema/checkout.json"
imp mparticle "$F/mparticle/shop_plan.json"
imp amplitude "$F/amplitude/events.csv" "$F/amplitude/user_properties.csv"
[ "${#plans[@]}" -eq 7 ] || exit 1
fail=0
for p in "${plans[@]}"; do
  out=$TMPDIR/v2/$(basename "$p" .yaml).schema
  "$TAXONC" export jsonschema --out "$out" "$p" || { echo "FAIL: export jsonschema $p"; fail=1; continue; }
  "$venv/bin/python" "$ROOT/tests/proof/proof.py" export "$out" "$p" || { echo "FAIL: $p: the exported schema and validate disagree"; fail=1; }
done
exit $fail
