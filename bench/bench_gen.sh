#!/usr/bin/env bash
# `taxonc gen` on the 10,000-event bench taxonomy (bench/gen_taxonomy.py
# --events 10000 --props 20, the shape of the run.sh table), all three
# languages, medians of BENCH_RUNS runs of the whole command (load +
# generate + atomic write), each through bench/rusage_run.c:
#   fresh       into a new empty folder every run (every byte written)
#   up to date  into a folder already holding the same files (compared,
#               nothing rewritten)
#   --check     compare only
#   check       load alone (taxonc check), the floor under the others
# Prints wall time, CPU time (user + system) and peak RSS, and the size of
# the generated files. Run by bench/run.sh; alone: bench/bench_gen.sh
# (environment as run.sh: BUILD, BENCH_RUNS, BENCH_SEED, BENCH_DIR).
. "$(dirname "$0")/lib.bash" bench_gen
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
N=${BENCH_GEN_EVENTS:-10000}
W=$(cd "$W" && pwd)
RR="$W/rusage_run"
bench_tool rusage_run.c "$RR"
tx="$W/taxonomy_${N}_s$SEED.yaml"
[ -s "$tx" ] || python3 bench/gen_taxonomy.py --events "$N" --props 20 --seed "$SEED" >"$tx"

measure() { python3 bench/measure.py --rr "$RR" --plain --runs "$RUNS" --ok "$1" -- "${@:2}"; }
row() { # label ok cmd...
  local label=$1; shift
  read -r med _ _ rss _ _ cpu < <(measure "$@")
  awk -v l="$label" -v w="$med" -v c="$cpu" -v r="$rss" \
    'BEGIN { printf "  %-12s %7.0f ms wall  %7.0f ms cpu  %6.1f MiB peak RSS\n", l, w * 1000, c * 1000, r / 1024 }'
}
rm -rf "$W"/gen.*
echo "-- gen c,swift,kotlin: $N events x 20 properties ($(($(stat -c %s "$tx") / 1024)) KB YAML); median of $RUNS, whole command"
# a new empty folder per run: bash execs taxonc, so only taxonc is measured
row "fresh" 0 bash -c 'exec "$0" gen --lang c,swift,kotlin --out "$(mktemp -d "$1/gen.XXXXXX")" "$2"' "$T" "$W" "$tx"
rm -rf "$W"/gen.*
"$T" gen --lang c,swift,kotlin --out "$W/gen.same" "$tx"
row "up to date" 0 "$T" gen --lang c,swift,kotlin --out "$W/gen.same" "$tx"
row "--check" 0 "$T" gen --check --lang c,swift,kotlin --out "$W/gen.same" "$tx"
row "check" 0 "$T" check "$tx"
bytes=$(cat "$W"/gen.same/* | wc -c)
echo "  output: $(ls "$W/gen.same" | wc -l) files, $(awk -v b="$bytes" -v n="$N" 'BEGIN { printf "%.1f MB, %.1f KB per event", b / 1e6, b / n / 1e3 }')"
rm -rf "$W"/gen.*
