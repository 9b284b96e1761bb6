#!/usr/bin/env bash
# '-' and no LOG read stdin (plain or gzip); the report names <stdin>.
set -u
d="$ROOT/tests/golden/validate"
fail=0
cd "$d"
"$TAXONC" validate --format json taxonomy.yaml log.ndjson >"$TMPDIR/file.json"
"$TAXONC" validate --format json taxonomy.yaml - <log.ndjson >"$TMPDIR/dash.json"; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc"; fail=1; }
sed 's/<stdin>/log.ndjson/g' "$TMPDIR/dash.json" | diff -u "$TMPDIR/file.json" - || { echo "FAIL: '-' differs"; fail=1; }
"$TAXONC" validate --format json taxonomy.yaml <log.ndjson | sed 's/<stdin>/log.ndjson/g' | diff -u "$TMPDIR/file.json" - \
  || { echo "FAIL: no LOG differs"; fail=1; }
gzip -c log.ndjson | "$TAXONC" validate --format json taxonomy.yaml - | sed 's/<stdin>/log.ndjson/g' \
  | diff -u "$TMPDIR/file.json" - || { echo "FAIL: gzip on stdin differs"; fail=1; }
printf '{"event_type":"view_page"}\n' | "$TAXONC" validate taxonomy.yaml >"$TMPDIR/ok.txt"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: clean stdin: exit $rc"; fail=1; }
grep -q '^OK: no failing violations$' "$TMPDIR/ok.txt" || { echo "FAIL: clean verdict"; cat "$TMPDIR/ok.txt"; fail=1; }
[ $fail -eq 0 ] && echo "stdin: ok"
exit $fail
