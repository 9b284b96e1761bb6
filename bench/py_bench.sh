#!/usr/bin/env bash
# Python and Spark figures for `make bench` (called by bench/run.sh):
# bench/py_bench.py in the package's venv ($BUILD/python/venv, made by
# tests/e2e/python_pkg.sh; pyspark as tests/e2e/spark_smoke.sh installs
# it) over the validator's 8 MB log x4 (32 MB), and that log cut into 8
# files for the Spark job. Skipped when the venv is missing. Bounded to
# about a minute with BENCH_RUNS=3.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
W=${BENCH_DIR:-$BUILD/bench}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}
V=$BUILD/python/venv
T=$BUILD/taxonc; case $T in /*) ;; *) T=$PWD/$T ;; esac
if [ ! -x "$V/bin/python" ] || ! "$V/bin/python" -c 'import taxonc' 2>/dev/null; then
  echo "python/spark: skipped (no $V: run tests/e2e/python_pkg.sh)"; exit 0
fi
gl="$W/log_8mb_s$SEED"
[ -s "$gl/events.ndjson" ] || python3 bench/gen_log.py "$gl" --mb 8 --seed "$SEED" >/dev/null
l4="$gl/events_x4.ndjson"
[ -s "$l4" ] || for _ in 1 2 3 4; do cat "$gl/events.ndjson"; done >"$l4"
parts="$gl/parts8"
if [ ! -s "$parts/part-07.ndjson" ]; then
  mkdir -p "$parts" && split -n l/8 -d --additional-suffix=.ndjson "$l4" "$parts/part-"
fi
echo "-- python package and spark (bench/py_bench.py): median of $RUNS"
"$V/bin/python" bench/py_bench.py "$gl/taxonomy.yaml" "$l4" "$parts" "$T" "$RUNS" 2>"$W/py_bench.err" ||
  { echo "python/spark: failed"; tail -5 "$W/py_bench.err"; }
