#!/usr/bin/env bash
# `taxonc serve` under load from a second process on loopback (issue 17):
#   * throughput: wrk (Debian's; bench/serve_batch.lua) POSTs Amplitude
#     HTTP V2 batches of 100 events over 8 keep-alive connections for
#     SERVE_BENCH_SECS (default 5) s, the server pinned to CPU 0 and wrk to
#     CPU 1 (taskset): events/s on one core = requests/s x 100;
#   * latency: bench/serve_load.c sends single-event requests at a fixed
#     1,000 requests/s over one keep-alive connection (each latency counted
#     from when its request was due, as wrk2 does), p50/p99; once at normal
#     priority, and once with both processes SCHED_FIFO (chrt), which shows
#     what the server costs when other work on the machine is kept off it.
# Medians of SERVE_BENCH_RUNS (default 3) runs; a fresh server per run.
# Environment: BUILD, SERVE_BENCH_SECS, SERVE_BENCH_RUNS, BENCH_DIR.
. "$(dirname "$0")/lib.bash" "serve bench"
SECS=${SERVE_BENCH_SECS:-5}
RUNS=${SERVE_BENCH_RUNS:-3}
command -v wrk >/dev/null || { echo "serve bench: wrk not installed (scripts/deps.sh bench)" >&2; exit 2; }
LOAD="$W/serve_load"
bench_tool serve_load.c "$LOAD"
python3 - "$W" <<'PY'
import json, sys
good = {"product_id": "P00012345", "product_name": "셔츠 블랙", "product_category": "의류",
        "product_price": 39000}
ev = [{"event_type": "view_product", "user_id": "user-%04d" % i, "time": 1714550400000 + i,
       "insert_id": "i-%d" % i, "event_properties": good} for i in range(100)]
for n, name in ((100, "serve_b100.json"), (1, "serve_b1.json")):
    open(sys.argv[1] + "/" + name, "w").write(json.dumps({"api_key": "k", "events": ev[:n]},
                                                          ensure_ascii=False))
PY
cpus=$(nproc)
pin_srv=(); pin_cli=()
if [ "$cpus" -ge 2 ]; then pin_srv=(taskset -c 0); pin_cli=(taskset -c 1); fi
pid=
stop() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; pid=; }
trap stop EXIT
start() { # prio...: a fresh server on a free port -> $port
  "$@" "${pin_srv[@]}" "$T" serve --port 0 --quiet --keep 10000 examples/ecommerce/taxonomy.yaml \
    2>"$W/serve.err" &
  pid=$!
  port=
  # --quiet prints no banner: find the port from the process's socket
  for _ in $(seq 100); do
    port=$(ss -Htlnp 2>/dev/null | awk -v p="pid=$pid," 'index($0, p) { n = split($4, a, ":"); print a[n]; exit }')
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "serve bench: serve did not start" >&2; cat "$W/serve.err" >&2; exit 1; }
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "-- serve: load from a second process on loopback; medians of $RUNS runs of ${SECS} s"
tput=()
for _ in $(seq "$RUNS"); do
  start
  out=$(SERVE_BODY="$W/serve_b100.json" "${pin_cli[@]}" wrk -t1 -c8 -d"${SECS}s" \
        -s bench/serve_batch.lua "http://127.0.0.1:$port/2/httpapi")
  stop
  grep -q '^non200 0$' <<<"$out" || { echo "serve bench: wrk saw refusals: $out" >&2; exit 1; }
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  tput+=("$(awk -v r="$rps" 'BEGIN { printf "%.0f", r * 100 }')")
done
ev=$(printf '%s\n' "${tput[@]}" | median)
echo "throughput: $ev events/s on one core (server on CPU 0$([ "$cpus" -ge 2 ] && echo ', wrk on CPU 1'); batches of 100, 8 connections; runs: ${tput[*]})"
for mode in normal fifo; do
  prio=()
  if [ $mode = fifo ]; then
    chrt -f 50 true 2>/dev/null || { echo "latency (SCHED_FIFO): skipped (chrt -f not permitted)"; continue; }
    prio=(chrt -f 50)
  fi
  p50s=(); p99s=()
  for _ in $(seq "$RUNS"); do
    start "${prio[@]}"
    out=$("${prio[@]}" "${pin_cli[@]}" "$LOAD" "$port" 1000 "$SECS" /2/httpapi "$W/serve_b1.json")
    stop
    p50s+=("$(awk '{ print $6 }' <<<"$out")"); p99s+=("$(awk '{ print $10 }' <<<"$out")")
  done
  echo "latency ($([ $mode = fifo ] && echo 'both SCHED_FIFO' || echo 'normal priority')): single-event requests at 1,000 req/s: p50 $(printf '%s\n' "${p50s[@]}" | median) ms, p99 $(printf '%s\n' "${p99s[@]}" | median) ms (p99 per run: ${p99s[*]})"
done
