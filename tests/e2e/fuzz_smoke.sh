#!/usr/bin/env bash
# CI smoke run of the libFuzzer targets (tests/fuzz/) under ASan+UBSan:
#   1. build every target whose library API is present (tests/fuzz/fuzz.mk);
#   2. replay each committed crash regression and each seed once;
#   3. fuzz each target for FUZZ_SMOKE_SECONDS (default 10) from its seeds.
# Any crash, leak, UB report, timeout or out-of-memory fails the test and
# prints the reproducer's path. A missing clang/libFuzzer is a failure, not
# a skip (scripts/deps.sh test installs clang and libclang-rt-14-dev).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
cd "$ROOT"
secs=${FUZZ_SMOKE_SECONDS:-10}
# The fuzz build is the same whatever BUILD is (always clang + ASan +
# UBSan), so both halves of `make test` share build/fuzz; the sanitizer
# half fuzzes from another seed so the two runs explore differently.
FB=${FUZZ_BUILD:-build/fuzz}
seed=${FUZZ_SEED:-$([ -n "${SANITIZE:-}" ] && echo 2 || echo 1)}
work=${TMPDIR:-/tmp}/fuzz_smoke.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

command -v clang >/dev/null || { echo "FAIL: clang not installed (scripts/deps.sh test)"; exit 1; }
if ! make --no-print-directory -j2 -f tests/fuzz/fuzz.mk FUZZ_BUILD="$FB" build >"$work/build.log" 2>&1; then
  echo "FAIL: building the fuzz targets"; tail -n 30 "$work/build.log"; exit 1
fi
grep '^fuzz: skipped' "$work/build.log" || true
targets=$(make --no-print-directory -f tests/fuzz/fuzz.mk list | sed -n 's/^targets: //p')
[ -n "$targets" ] || { echo "FAIL: no fuzz targets built"; exit 1; }

fail=0
for t in $targets; do
  bin="$FB/$t"
  # 2. replay: every regression and seed once (libFuzzer runs each file given).
  # Seed folders: tests/fuzz/corpus/T, tests/fuzz/regressions/T, SEEDS_T in fuzz.mk.
  read -r -a seeds < <(make --no-print-directory -f tests/fuzz/fuzz.mk "seeds-$t")
  mapfile -t files < <(find "${seeds[@]}" -type f -size -65537c 2>/dev/null | sort)
  if [ ${#files[@]} -gt 0 ]; then
    if ! "$bin" -rss_limit_mb=2048 -timeout=20 "${files[@]}" >"$work/$t.replay.log" 2>&1; then
      echo "FAIL: $t crashes on a committed input:"; grep -E 'Running:|ERROR|SUMMARY|runtime error' "$work/$t.replay.log" | tail -n 20
      fail=1; continue
    fi
    echo "ok: $t replayed ${#files[@]} committed inputs"
  fi
  # 3. a short fuzzing run from the seeds.
  mkdir -p "$work/$t.corpus" "$work/$t.art"
  dict=(); [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  if "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -seed="$seed" -artifact_prefix="$work/$t.art/" "${dict[@]}" \
        "$work/$t.corpus" "${seeds[@]}" >"$work/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
    echo "ok: $t fuzzed ${secs}s, $runs runs"
  else
    echo "FAIL: $t found a crash (under ASan+UBSan):"
    grep -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$work/$t.log" | head -n 20
    for a in "$work/$t.art"/*; do
      [ -f "$a" ] || continue
      keep="$FB/artifacts/$t"; mkdir -p "$keep"; cp "$a" "$keep/"
      echo "reproducer kept in $keep/$(basename "$a") (base64 below)"; head -c 4096 "$a" | base64 | head -n 40
    done
    fail=1
  fi
done
exit $fail
