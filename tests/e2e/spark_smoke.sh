#!/usr/bin/env bash
# The Spark example: examples/spark/validate_partitions.py on local[2]
# (pyspark from PyPI in the package's venv, Java 17) over a generated log
# split into 5 files (one gzip, one zip of a gzip and a plain member), 5
# partitions; the merged summary equals `taxonc validate --format json`
# over the same files in order, and the valid records and the dead-letter
# set, concatenated, equal the CLI's --valid-out (byte for byte) and
# --invalid-out (line by line as JSON values). Then the zero-install route,
# examples/spark/pipe_filter.py (RDD.pipe through `taxonc validate
# --valid-out - PLAN -`) over the plain and gzip files: its output equals
# the CLI's --valid-out. Skipped (exit 0, "skip" printed) when java is
# missing.
set -u
R=${ROOT:?}; B=${BUILD:?}
case $B in /*) ;; *) B=$R/$B ;; esac
D=$(mktemp -d "${TMPDIR:-/tmp}/spark.XXXXXX")
V=$B/python/venv
command -v java >/dev/null || { echo "spark_smoke: skip (no java)"; exit 0; }
if [ ! -x "$V/bin/python" ] || ! "$V/bin/python" -c 'import taxonc' 2>/dev/null; then
    ROOT=$R BUILD=$B bash "$R/tests/e2e/python_pkg.sh" >"$D/pkg.log" 2>&1 ||
        { echo "FAIL: cannot install the package"; tail -5 "$D/pkg.log"; exit 1; }
fi
"$V/bin/python" -c 'import pyspark' 2>/dev/null || "$V/bin/pip" install -q pyspark >"$D/pip.log" 2>&1 ||
    { echo "FAIL: pip install pyspark"; tail -5 "$D/pip.log"; exit 1; }
PLAN=$R/examples/travel/taxonomy.yaml
mkdir -p "$D/in"
for i in $(seq 1 40); do sed "s/\"u1\"/\"u$i\"/" "$R/examples/travel/captured.ndjson"; done >"$D/all.ndjson"
split -n l/4 -d --additional-suffix=.ndjson "$D/all.ndjson" "$D/in/part-"
gzip "$D/in/part-03.ndjson"
mkdir -p "$D/z/export"
head -50 "$D/all.ndjson" | gzip >"$D/z/export/h1.json.gz"
sed -n 51,90p "$D/all.ndjson" >"$D/z/export/h2.json"
(cd "$D/z" && "$V/bin/python" -m zipfile -c "$D/in/part-04.zip" export)
files=("$D/in/part-00.ndjson" "$D/in/part-01.ndjson" "$D/in/part-02.ndjson" "$D/in/part-03.ndjson.gz" "$D/in/part-04.zip")
"$V/bin/taxonc" validate --format json "$PLAN" "${files[@]}" >"$D/want.json" 2>/dev/null
"$V/bin/taxonc" validate --valid-out "$D/want.valid" --invalid-out "$D/want.invalid" "$PLAN" "${files[@]}" >/dev/null 2>&1
(cd "$D" && timeout 110 "$V/bin/python" "$R/examples/spark/validate_partitions.py" --master 'local[2]' \
    --partitions 5 --summary "$D/got.json" --valid-out "$D/valid" --dead-letter "$D/dead" \
    "$PLAN" "$D/in") >"$D/spark.log" 2>&1
rc=$?
fail=0
[ $rc = 1 ] || { echo "FAIL: job exit $rc (want 1: invalid records)"; tail -20 "$D/spark.log"; exit 1; }
cmp -s "$D/want.json" "$D/got.json" || { echo "FAIL: merged summary differs from taxonc validate"; diff "$D/want.json" "$D/got.json" | head; fail=1; }
invalid=$(grep -o '"invalid":[0-9]*' "$D/want.json" | head -1 | cut -d: -f2)
dead=$(cat "$D"/dead/part-* | wc -l)
[ "$invalid" -gt 0 ] && [ "$dead" = "$invalid" ] || { echo "FAIL: $dead dead letters for $invalid invalid records"; fail=1; }
grep -q '"violations":\[{"code"' "$D"/dead/part-00000 || { echo "FAIL: dead letters without violations"; fail=1; }
grep -q 'part-04.zip!export/h1.json.gz' "$D"/dead/part-* || { echo "FAIL: no dead letter from the zip's gzip member"; fail=1; }
cat "$D"/valid/part-* >"$D/got.valid"
cmp -s "$D/want.valid" "$D/got.valid" || { echo "FAIL: valid records differ from --valid-out"; diff "$D/want.valid" "$D/got.valid" | head -5; fail=1; }
cat "$D"/dead/part-* >"$D/got.invalid"
"$V/bin/python" - "$D/want.invalid" "$D/got.invalid" <<'PY' || fail=1
import json, sys
want, got = ([json.loads(l) for l in open(p)] for p in sys.argv[1:])
if not want or want != got:
    print("FAIL: dead letters differ from --invalid-out (%d vs %d lines)" % (len(got), len(want)))
    sys.exit(1)
PY
[ $(($(wc -l <"$D/got.valid") + dead)) = $(grep -o '"records":[0-9]*' "$D/want.json" | head -1 | cut -d: -f2) ] ||
    { echo "FAIL: valid + invalid records are not all the records"; fail=1; }
# the zero-install route: RDD.pipe through the command (textFile: no zip)
"$V/bin/taxonc" validate --valid-out "$D/want-pipe.valid" "$PLAN" "${files[@]:0:4}" >/dev/null 2>&1
(cd "$D" && timeout 90 "$V/bin/python" "$R/examples/spark/pipe_filter.py" --master 'local[2]' --taxonc "$V/bin/taxonc" \
    --out "$D/piped" "$PLAN" "${files[@]:0:4}") >"$D/pipe.log" 2>&1 ||
    { echo "FAIL: pipe_filter.py exit $?"; tail -20 "$D/pipe.log"; fail=1; }
cat "$D"/piped/part-* 2>/dev/null >"$D/got-pipe.valid"
[ -s "$D/got-pipe.valid" ] && cmp -s "$D/want-pipe.valid" "$D/got-pipe.valid" ||
    { echo "FAIL: piped valid records differ from --valid-out"; diff "$D/want-pipe.valid" "$D/got-pipe.valid" | head -5; fail=1; }
[ $fail = 0 ] && echo "spark_smoke: ok ($invalid invalid records; pipe route ok)"
exit $fail
