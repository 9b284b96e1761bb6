#!/usr/bin/env bash
# Benchmark of `taxonc validate` on a generated Amplitude-export-shaped log
# (bench/gen_log.py: ~200 event types, 8-12 properties each, ~3% bad
# records). Prints MB/s and events/s for --jobs 1 and --jobs N (medians of
# RUNS runs), peak RSS for two log sizes (memory must not grow with the
# log), and a JSON Schema validator on the same records as the baseline.
#   bench/bench_validate.sh [SIZE_MB]      (default 1000)
# Env: RUNS (default 5), JOBS (default: cores), KEEP=1 keeps the logs.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1000}
runs=${RUNS:-5}
jobs=${JOBS:-$(nproc)}
make -s OPT=-O2 BUILD=build/bench -j2 build/bench/taxonc >/dev/null
bin=build/bench/taxonc
dir=$(mktemp -d "${TMPDIR:-/tmp}/taxonc-bench.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$dir"' EXIT
python3 bench/gen_log.py "$dir/big" --mb "$size" --seed 1 | sed 's/^/generated: /'
python3 bench/gen_log.py "$dir/small" --mb $((size / 4 > 1 ? size / 4 : 1)) --seed 1 >/dev/null
tax="$dir/big/taxonomy.yaml"; log="$dir/big/events.ndjson"
bytes=$(stat -c %s "$log"); events=$(wc -l <"$log")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "log: $((bytes / 1000000)) MB, $events events; build: make OPT=-O2"

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
  awk -v s="$s" -v b="$bytes" -v e="$events" -v j="$j" -v r="$rss" -v n="$runs" -v c="$cpu" 'BEGIN {
    printf "taxonc --jobs %-2s %7.0f MB/s %11.0f events/s  (median of %d: %.2f s wall, %.2f s CPU = %.0f MB per CPU-second; peak RSS %.1f MiB)\n",
           j, b / s / 1e6, e / s, n, s, c, b / c / 1e6, r / 1024 }'
done
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers wall-clock figures)"
read -r _ rss_small _ < <(run 1 "$dir/small/events.ndjson")
read -r _ rss_big _ < <(run 1 "$log")
read -r _ rss_bigj _ < <(run "$jobs" "$log")
printf 'peak RSS: %.1f MiB on %d MB, %.1f MiB on %d MB (--jobs 1), %.1f MiB (--jobs %s)\n' \
  "$(echo "$rss_small / 1024" | bc -l)" $(( $(stat -c %s "$dir/small/events.ndjson") / 1000000 )) \
  "$(echo "$rss_big / 1024" | bc -l)" $((bytes / 1000000)) "$(echo "$rss_bigj / 1024" | bc -l)" "$jobs"
python3 bench/baseline.py "$dir/big/schemas.json" "$log" "${BASELINE_MB:-50}"
