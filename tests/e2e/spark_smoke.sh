#!/usr/bin/env bash
# The Spark example: examples/spark/validate_partitions.py on local[2]
# (pyspark from PyPI in the package's venv, Java 17) over a generated log
# split into 4 files, one of them gzip, 4 partitions; the merged summary
# equals `taxonc validate --format json` over the same files in order, and
# the dead-letter set holds exactly the invalid records. Skipped (exit 0,
# "skip" printed) when java is missing.
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
files=("$D/in/part-00.ndjson" "$D/in/part-01.ndjson" "$D/in/part-02.ndjson" "$D/in/part-03.ndjson.gz")
"$V/bin/taxonc" validate --format json "$PLAN" "${files[@]}" >"$D/want.json" 2>/dev/null
(cd "$D" && timeout 110 "$V/bin/python" "$R/examples/spark/validate_partitions.py" --master 'local[2]' \
    --partitions 4 --summary "$D/got.json" --dead-letter "$D/dead" "$PLAN" "$D/in") >"$D/spark.log" 2>&1
rc=$?
fail=0
[ $rc = 1 ] || { echo "FAIL: job exit $rc (want 1: invalid records)"; tail -20 "$D/spark.log"; exit 1; }
cmp -s "$D/want.json" "$D/got.json" || { echo "FAIL: merged summary differs from taxonc validate"; diff "$D/want.json" "$D/got.json" | head; fail=1; }
invalid=$(grep -o '"invalid":[0-9]*' "$D/want.json" | head -1 | cut -d: -f2)
dead=$(cat "$D"/dead/part-* | wc -l)
[ "$invalid" -gt 0 ] && [ "$dead" = "$invalid" ] || { echo "FAIL: $dead dead letters for $invalid invalid records"; fail=1; }
grep -q '"violations": \[{"code"' "$D"/dead/part-00000 || { echo "FAIL: dead letters without violations"; fail=1; }
[ $fail = 0 ] && echo "spark_smoke: ok ($invalid invalid records)"
exit $fail
