#!/usr/bin/env bash
# Runs the CLI under valgrind (memcheck) on the bundled examples and fails
# on any invalid read/write, use of uninitialised memory, or definite or
# indirect leak. Valgrind cannot run a sanitizer-built binary: under
# `make SANITIZE=...` it is left to the plain suite (see below).
# Every command is run whatever its exit code (0, 1 and 2 are all legitimate
# answers); exit 99 means valgrind found an error, >128 a crash.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
cd "$ROOT"
command -v valgrind >/dev/null || { echo "FAIL: valgrind not installed (scripts/deps.sh test)"; exit 1; }
T=${TAXONC:-$ROOT/$BUILD/taxonc}
if [ -n "${SANITIZE:-}" ] || nm "$T" 2>/dev/null | grep -q __asan_init; then
  # `make test` runs the plain suite first, which runs this test on the
  # plain binary; under SANITIZE the same plain binary would be checked
  # again. VALGRIND_UNDER_SANITIZE=1 does it anyway (e.g. when only
  # scripts/ci-sanitize.sh runs).
  if [ "${VALGRIND_UNDER_SANITIZE:-0}" != 1 ]; then
    echo "valgrind: not run under SANITIZE=$SANITIZE: it cannot run a sanitized binary, and"
    echo "the plain suite (make check-tests, first half of make test) runs it on the plain one"
    exit 0
  fi
  make --no-print-directory -j2 SANITIZE= BUILD="$BUILD/plain" "$BUILD/plain/taxonc" >/dev/null || { echo "FAIL: plain build"; exit 1; }
  T="$ROOT/$BUILD/plain/taxonc"
fi
tmp=${TMPDIR:-/tmp}/valgrind.$$
mkdir -p "$tmp"; trap 'rm -rf "$tmp"' EXIT

fail=0; n=0
# --track-origins doubles the run time; set VALGRIND_TRACK_ORIGINS=1 to find
# where an uninitialised value came from.
origins=(); [ "${VALGRIND_TRACK_ORIGINS:-0}" = 1 ] && origins=(--track-origins=yes)
vg() { # label, args...
  local label=$1; shift; n=$((n+1))
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
      --show-leak-kinds=definite,indirect "${origins[@]}" --log-file="$tmp/vg.log" \
      "$T" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local rc=$?
  if [ $rc -eq 99 ] || [ $rc -gt 128 ] || [ -s "$tmp/vg.log" ]; then
    echo "FAIL ($rc): $label: taxonc $*"; head -n 60 "$tmp/vg.log"; tail -n 5 "$tmp/err"; fail=1
  else
    printf 'ok (exit %d): %s\n' "$rc" "$label"
  fi
}

vg "--help" --help
vg "--version" --version
vg "unknown command" chekc
for c in check lint rules explain gen status validate diff export import; do vg "$c --help" "$c" --help; done
vg "rules" rules
vg "check missing file" check "$tmp/nope.yaml"
printf 'taxonomy: t\nversion: 1.0.0\nevents:\n  view_page: {description: a page}\n' >"$tmp/mini.yaml"
vg "check minimal" check "$tmp/mini.yaml"
printf 'taxonomy: [\n' >"$tmp/broken.yaml"
vg "check malformed" check "$tmp/broken.yaml"

shopt -s nullglob
for tx in examples/*/taxonomy.yaml; do
  ex=$(basename "$(dirname "$tx")")
  vg "$ex: check" check "$tx"
  vg "$ex: check json" check --format json "$tx"
  vg "$ex: lint" lint "$tx"
  vg "$ex: lint sarif" lint --format sarif "$tx"
  vg "$ex: gen" gen --lang c,swift,kotlin --out "$tmp/gen-$ex" "$tx"
  vg "$ex: gen --check" gen --check --lang c,swift,kotlin --out "$tmp/gen-$ex" "$tx"
  vg "$ex: status" status --src "$tmp/gen-$ex" "$tx"
  vg "$ex: export jsonschema" export jsonschema "$tx"
  vg "$ex: export html" export html "$tx"
  "$T" export csv "$tx" >"$tmp/$ex.csv" 2>/dev/null
  vg "$ex: import csv" import csv "$tmp/$ex.csv"
  vg "$ex: diff self" diff --format json "$tx" "$tx"
  for log in "$(dirname "$tx")"/*.ndjson "$(dirname "$tx")"/*.jsonl "$(dirname "$tx")"/logs/*.ndjson; do
    vg "$ex: validate $(basename "$log")" validate "$tx" "$log"
    vg "$ex: validate json $(basename "$log")" validate --format json "$tx" "$log"
    vg "$ex: validate html --jobs 2 $(basename "$log")" validate --format html --jobs 2 "$tx" "$log"
  done
done
echo "valgrind: $n runs"
exit $fail
