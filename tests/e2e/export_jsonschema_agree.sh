#!/usr/bin/env bash
# The exported JSON Schema and `taxonc validate` reach the same verdict on
# every record of a generated corpus (tests/e2e/jsonschema_agree.py): every
# constraint kind of tests/fixtures/agree/taxonomy.yaml, checked by
# python-jsonschema's Draft202012Validator with format checking on.
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
"$py" "$ROOT/tests/e2e/jsonschema_agree.py" check "$TMPDIR/schema" "$TMPDIR/corpus.ndjson" "$TMPDIR/report.json"
