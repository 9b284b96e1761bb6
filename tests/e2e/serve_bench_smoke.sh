#!/usr/bin/env bash
# A short run of the serve benchmark's load generator (bench/serve_load.c),
# so `make bench` cannot rot: it builds, paces 1 s of single-event
# requests at 300/s and 1 s of 100-event batches at 50/s against a server
# on 127.0.0.1, every answer is 200, and the server counted every event.
# Asserts that it runs and answers, not how fast (bench/serve_bench.sh).
. "$(dirname "$0")/lib/e2e.bash"
${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror "$ROOT/bench/serve_load.c" -o "$TMPDIR/serve_load" ||
  { echo "FAIL: bench/serve_load.c does not build"; exit 1; }
python3 - "$TMPDIR" <<'PY'
import json, sys
ev = [{"event_type": "view_product", "user_id": "u%d" % i, "event_properties":
       {"product_id": "P00012345", "product_name": "셔츠", "product_price": 1}} for i in range(100)]
for n in (1, 100):
    open("%s/b%d.json" % (sys.argv[1], n), "w").write(json.dumps({"events": ev[:n]}, ensure_ascii=False))
PY
serve_start "$TMPDIR/err" timeout 30 "$TAXONC" serve --port 0 "$ROOT/examples/ecommerce/taxonomy.yaml"
for spec in "300 b1 300" "50 b100 5000"; do
  set -- $spec
  out=$(timeout 20 "$TMPDIR/serve_load" "$port" "$1" 1 /2/httpapi "$TMPDIR/$2.json") ||
    { echo "FAIL: serve_load $spec: $out"; fail=1; continue; }
  grep -Eq "^requests $1 ok $1 p50_ms [0-9.]+ p90_ms [0-9.]+ p99_ms [0-9.]+ " <<<"$out" ||
    { echo "FAIL: serve_load output: $out"; fail=1; }
  echo "serve_bench_smoke: $2 at $1/s: $out"
done
n=$(python3 -c "import json,sys,urllib.request; print(json.load(urllib.request.urlopen('http://127.0.0.1:$port/api/summary', timeout=5))['valid'])")
[ "$n" = 5300 ] || { echo "FAIL: the server counted $n valid events, not 5300"; fail=1; }
kill -TERM "$pid"; wait "$pid"; rc=$?; [ $rc -eq 0 ] || { echo "FAIL: serve did not stop cleanly (exit $rc): $(tail -3 "$TMPDIR/err")"; fail=1; }; pid=
[ $fail -eq 0 ] && echo "serve_bench_smoke: ok"
exit $fail
