# Helpers for the hostile-input tests tests/e2e/robust_*.sh (sourced, not
# run: tests/run.sh only runs *.sh). Each command runs under `timeout` and a
# peak-RSS check (bench/rusage_run.c, built once per test); without
# sanitizers also under `ulimit -v` so a runaway can never take the machine
# down. ASan reserves terabytes of address space and keeps a quarantine, so
# under SANITIZE the virtual-memory cap is off and the bounds are widened.
#
#   bounded LABEL SECONDS MIB [--stdin FILE] -- CMD ARGS...
#       sets RC, WALL, RSS_MIB; $OUT and $ERR hold stdout/stderr; fails the
#       test on timeout, signal, over-memory or an exit code outside 0-2.
#   expect_rc LABEL N                       RC must be N
#   expect_err LABEL REGEX                  stderr (or stdout) matches REGEX
#   fail MESSAGE / finish                   record a failure / exit with status
set -u
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
TAXONC=${TAXONC:-$ROOT/$BUILD/taxonc}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/robust.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/stdout" ERR="$WORK/stderr"
RC=0 WALL=0 RSS_MIB=0
_failures=0
SAN=${SANITIZE:-}
if [ -z "$SAN" ] && nm "$TAXONC" 2>/dev/null | grep -q __asan_init; then SAN=address; fi

RUSAGE="$WORK/rusage_run"
${CC:-cc} -std=c11 -O2 -o "$RUSAGE" "$ROOT/bench/rusage_run.c" || { echo "FAIL: cannot build rusage_run"; exit 1; }

fail() { echo "FAIL: $*"; _failures=$((_failures + 1)); }
finish() {
  if [ "$_failures" -gt 0 ]; then echo "$_failures failure(s)"; exit 1; fi
  echo "all bounded"; exit 0
}

bounded() {
  local label=$1 secs=$2 mib=$3; shift 3
  local stdin=/dev/null
  if [ "${1:-}" = --stdin ]; then stdin=$2; shift 2; fi
  [ "${1:-}" = -- ] && shift
  if [ -n "$SAN" ]; then secs=$((secs * 5)); mib=$((mib * 3 + 400)); fi
  local res="$WORK/rusage.txt"; rm -f "$res"
  (
    if [ -z "$SAN" ]; then ulimit -v $(( (mib + 256) * 1024 * 4 )); fi
    RUSAGE_OUT="$res" exec "$RUSAGE" timeout -s KILL "$secs" "$@"
  ) <"$stdin" >"$OUT" 2>"$ERR"
  RC=$?
  local rss_kib=0
  [ -s "$res" ] && read -r WALL rss_kib _ _ <"$res"
  RSS_MIB=$((rss_kib / 1024))
  printf '  %-44s exit %-3s %6.2fs %5s MiB  out %s B\n' "$label" "$RC" "$WALL" "$RSS_MIB" "$(stat -c %s "$OUT")"
  if [ "$RC" -eq 137 ] || [ "$RC" -eq 124 ]; then fail "$label: killed after ${secs}s (hang?)"; return 1; fi
  if [ "$RC" -gt 2 ]; then
    fail "$label: exit $RC (crash or signal)"; tail -n 15 "$ERR" | sed 's/^/    | /'; return 1
  fi
  if [ "$RSS_MIB" -gt "$mib" ]; then fail "$label: peak RSS ${RSS_MIB} MiB > ${mib} MiB"; return 1; fi
  return 0
}

expect_rc() {
  [ "$RC" -eq "$2" ] || { fail "$1: exit $RC, expected $2"; tail -n 5 "$ERR" | sed 's/^/    | /'; }
}

expect_err() {
  grep -Eq -- "$2" "$ERR" "$OUT" || { fail "$1: no message matching /$2/"; head -c 600 "$ERR" | sed 's/^/    | /'; }
}

# A file of SIZE bytes (k/M suffix as for head -c) made of one repeated line.
fill_file() { # path size line
  yes -- "$3" | head -c "$2" >"$1"
}
