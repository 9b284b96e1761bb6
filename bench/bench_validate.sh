#!/usr/bin/env bash
# Benchmark of `taxonc validate` on a generated Amplitude-export-shaped log
# (bench/gen_log.py: ~200 event types, 8-12 properties each, ~3% bad
# records). Prints MB/s and events/s for --jobs 1 and --jobs N (medians of
# RUNS runs), peak RSS for two log sizes (memory must not grow with the
# log), and JSON Schema validators on the same records as baselines: ajv
# (bench/baseline_ajv.js, Debian's node-ajv: `scripts/deps.sh bench`) on an
# AJV_MB slice of the log, with taxonc's speed-up over it per CPU-second (taxonc
# --jobs 1 runs on the slice alternate with the ajv runs) and
# the two validators' verdicts compared record by record; then Python
# fastjsonschema or jsonschema (bench/baseline.py) on BASELINE_MB.
#   bench/bench_validate.sh [SIZE_MB]      (default 1000)
# Env: RUNS (default 5), JOBS (default: cores), AJV_MB (default 100),
# AJV_RUNS (default 3), BASELINE_MB (default 50), KEEP=1 keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1000}
runs=${RUNS:-5}
jobs=${JOBS:-$(nproc)}
make -s OPT=-O2 BUILD=build/bench -j2 build/bench/taxonc >/dev/null
bin=build/bench/taxonc
# the CPU's speed before and after (bench/clock.c): a shared VM's drifts
clock_bin=build/bench/clock
[ -x "$clock_bin" ] && [ ! bench/clock.c -nt "$clock_bin" ] ||
  ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Wpedantic -Werror bench/clock.c -o "$clock_bin" || true
clock() { "$clock_bin" 2>/dev/null || echo "?"; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/taxonc-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
python3 bench/gen_log.py "$dir/big" --mb "$size" --seed 1 | sed 's/^/generated: /'
python3 bench/gen_log.py "$dir/small" --mb $((size / 4 > 1 ? size / 4 : 1)) --seed 1 >/dev/null
tax="$dir/big/taxonomy.yaml"; log="$dir/big/events.ndjson"
bytes=$(stat -c %s "$log"); events=$(wc -l <"$log")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "log: $((bytes / 1000000)) MB, $events events; build: make OPT=-O2"
echo "CPU speed now: $(clock) (a chain of dependent adds, bench/clock.c; every figure below moves with it)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # jobs, log -> elapsed seconds, peak RSS (KiB), CPU seconds of one run
  /usr/bin/time -f "%e %M %U %S" -o "$dir/time" "$bin" validate --no-progress --jobs "$1" "$tax" "$2" >/dev/null || true
  tail -n 1 "$dir/time" | awk '{print $1, $2, $3 + $4}'
}
for j in 1 "$jobs"; do
  : >"$dir/t"
  for _ in $(seq "$runs"); do run "$j" "$log" >>"$dir/t"; done
  s=$(cut -d' ' -f1 "$dir/t" | median)
  rss=$(cut -d' ' -f2 "$dir/t" | sort -n | tail -1)
  cpu=$(cut -d' ' -f3 "$dir/t" | median)
  if [ "$j" = 1 ]; then cpu1=$cpu; fi
  awk -v s="$s" -v b="$bytes" -v e="$events" -v j="$j" -v r="$rss" -v n="$runs" -v c="$cpu" 'BEGIN {
    printf "taxonc --jobs %-2s %7.0f MB/s %11.0f events/s  (median of %d: %.2f s wall, %.2f s CPU = %.0f MB per CPU-second; peak RSS %.1f MiB)\n",
           j, b / s / 1e6, e / s, n, s, c, b / c / 1e6, r / 1024 }'
done
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers wall-clock figures); CPU speed after: $(clock)"
read -r _ rss_small _ < <(run 1 "$dir/small/events.ndjson")
read -r _ rss_big _ < <(run 1 "$log")
read -r _ rss_bigj _ < <(run "$jobs" "$log")
printf 'peak RSS: %.1f MiB on %d MB, %.1f MiB on %d MB (--jobs 1), %.1f MiB (--jobs %s)\n' \
  "$(echo "$rss_small / 1024" | bc -l)" $(( $(stat -c %s "$dir/small/events.ndjson") / 1000000 )) \
  "$(echo "$rss_big / 1024" | bc -l)" $((bytes / 1000000)) "$(echo "$rss_bigj / 1024" | bc -l)" "$jobs"

# ajv: the compiled JSON Schema validator issue 5 compares with, on the
# schemas `taxonc export jsonschema` writes (they accept exactly what taxonc
# accepts), on a slice of the same log; CPU time of its read + parse +
# validate loop, medians of AJV_RUNS separate processes
if ! command -v node >/dev/null; then
  echo "ajv: skipped: node not found; install it and ajv with scripts/deps.sh bench (apt-get install node-ajv)"
elif ! probe=$(node bench/baseline_ajv.js --probe 2>&1); then
  echo "ajv: skipped: $probe; install it with scripts/deps.sh bench (apt-get install node-ajv)"
else
  ajv_mb=${AJV_MB:-100}; ajv_runs=${AJV_RUNS:-3}
  lines=$(( events * ajv_mb * 1000000 / bytes )); [ "$lines" -le "$events" ] || lines=$events
  head -n "$lines" "$log" >"$dir/slice.ndjson"
  "$bin" export jsonschema "$tax" >"$dir/bundle.json"
  # taxonc --jobs 1 runs on the same slice alternate with the ajv runs, so
  # both see the same load on a shared machine
  : >"$dir/a"; : >"$dir/t"
  for i in $(seq "$ajv_runs"); do
    lst=(); [ "$i" = 1 ] && lst=(--invalid-lines "$dir/ajv.invalid")
    node bench/baseline_ajv.js --plain "${lst[@]}" "$dir/bundle.json" "$dir/slice.ndjson" >>"$dir/a"
    run 1 "$dir/slice.ndjson" >>"$dir/t"
  done
  read -r ab ar av ai _ _ <"$dir/a"
  acpu=$(cut -d' ' -f5 "$dir/a" | median); awall=$(cut -d' ' -f6 "$dir/a" | median)
  tcpu=$(cut -d' ' -f3 "$dir/t" | median)
  awk -v p="$probe" -v b="$ab" -v e="$ar" -v s="$awall" -v c="$acpu" -v n="$ajv_runs" 'BEGIN {
    printf "%-16s %7.1f MB/s %11.0f events/s  (median of %d on %.0f MB: %.2f s wall, %.2f s CPU = %.1f MB per CPU-second)\n",
           p, b / s / 1e6, e / s, n, b / 1e6, s, c, b / c / 1e6 }'
  awk -v b="$ab" -v tc="$tcpu" -v ac="$acpu" -v n="$ajv_runs" 'BEGIN {
    t = b / tc / 1e6; a = b / ac / 1e6
    printf "taxonc --jobs 1 = %.1fx ajv per CPU-second (%.0f / %.1f MB per CPU-second on the slice, medians of %d runs alternating; the target is over 20x)\n", t / a, t, a, n }'
  echo "load average after the ajv runs: $(cut -d' ' -f1-3 /proc/loadavg)"
  # the same slice through taxonc: verdicts compared record by record
  rc=0; "$bin" validate --no-progress --format json --invalid-out "$dir/tx.invalid" "$tax" "$dir/slice.ndjson" >"$dir/tx.json" || rc=$?
  [ "$rc" -le 1 ] || { echo "bench: taxonc validate failed on the slice (exit $rc)" >&2; exit 2; }
  python3 - "$dir/tx.json" "$dir/tx.invalid" "$dir/ajv.invalid" "$av" "$ai" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
tx = {json.loads(l)["line"] for l in open(sys.argv[2])}
aj = {int(l) for l in open(sys.argv[3]) if l.strip()}
only_t, only_a = sorted(tx - aj), sorted(aj - tx)
print("agreement on the slice: taxonc %d valid, %d invalid; ajv %s valid, %s invalid; %s"
      % (rep["valid"], rep["invalid"], sys.argv[4], sys.argv[5],
         "same verdict on every record" if not only_t and not only_a else
         "%d records invalid only for taxonc (lines %s), %d only for ajv (lines %s)"
         % (len(only_t), only_t[:5], len(only_a), only_a[:5])))
PY
fi
python3 bench/baseline.py "$dir/big/schemas.json" "$log" "${BASELINE_MB:-50}"
