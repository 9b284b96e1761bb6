#!/usr/bin/env bash
# Times `taxonc lint` on a 10,000-event taxonomy (20 properties each), with
# the default rules and again with every destination, a custom event
# pattern and a property pattern switched on. Prints the figures.
#   BUILD=build bench/lint_bench.sh
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
cd "$ROOT"
make --no-print-directory -s "$BUILD/libtaxonc.a" >/dev/null
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cc -std=c11 -D_GNU_SOURCE -O2 bench/lint_bench.c -o "$tmp/lint_bench" "$BUILD/libtaxonc.a" \
  $(pkg-config --libs yaml-0.1 libpcre2-8 zlib 2>/dev/null || echo -lyaml -lpcre2-8 -lz) -lm
gen=bench/gen_taxonomy.py
[ -f "$gen" ] || gen=bench/lint_gen.py
python3 "$gen" --events 10000 --props 20 >"$tmp/big.yaml"
"$tmp/lint_bench" "$tmp/big.yaml"
# The same with every destination and both naming patterns.
awk 'NR==1{print; print "conventions:"; print "  event_name: {pattern: \"^[a-z]+(_[a-z0-9]+)+$\"}";
     print "  property_name: {pattern: \"^[a-z][a-z0-9]*(_[a-z0-9]+)*$\", max_length: 40}";
     print "  destinations: [amplitude, braze, ga4, mixpanel, segment]"; next} {print}' \
  "$tmp/big.yaml" >"$tmp/big_all.yaml"
"$tmp/lint_bench" "$tmp/big_all.yaml"
