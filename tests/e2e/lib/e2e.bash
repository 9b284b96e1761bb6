# The start most e2e scripts share (sourced, not run: tests/run.sh runs only
# tests/e2e/*.sh, and this folder is below it):
#     . "$(dirname "$0")/lib/e2e.bash"
# sets -u; ROOT, TAXONC and TMPDIR as tests/run.sh exports them, or found
# from here for a script run by hand; fail=0 and
#   bad MESSAGE            prints "FAIL: MESSAGE" and counts it in fail
#   fresh DIR [DIR...]     DIR emptied (made again), with the other DIRs
#   with_swift             /opt/swift/usr/bin on PATH (where swiftc lives)
#   need TOOL...           bad for each TOOL not on PATH: a missing compiler
#                          is a failure, not a skip
#   serve_start ERR CMD... CMD (a `taxonc serve --port 0 ...`, maybe under
#                          timeout) in the background, stderr to ERR: sets
#                          pid and, once it listens, port; it is killed at
#                          exit; exits 1 if it never listens (5 s)
#   serve_stop             SIGTERM to it: exits 1 if it still runs 5 s later,
#                          else returns its exit code (pid emptied)
#   with_pylib CMD...      CMD with this folder on PYTHONPATH (no bytecode
#                          written into the tree): a serve test's Python
#                          imports its client from serve_client.py here
set -u
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
TAXONC=${TAXONC:-$ROOT/build/taxonc}
TMPDIR=${TMPDIR:-/tmp}
fail=0
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
fresh() { rm -rf "$1" && mkdir -p "$@"; }
with_swift() { PATH="$PATH:/opt/swift/usr/bin"; }
need() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || bad "'$t' not found: run scripts/deps.sh test (swiftc: /opt/swift/usr/bin)"
  done
}
with_pylib() { PYTHONPATH="$ROOT/tests/e2e/lib" PYTHONDONTWRITEBYTECODE=1 "$@"; }

pid=
port=
serve_start() {
  local err=$1; shift
  trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null' EXIT
  "$@" 2>"$err" &
  pid=$!
  for _ in $(seq 50); do
    port=$(sed -n 's|.*listening on http://[0-9.]*:\([0-9]*\)/.*|\1|p' "$err")
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "FAIL: serve did not start"; cat "$err"; exit 1
}

serve_stop() {
  kill -TERM "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "FAIL: serve still running 5 s after SIGTERM"; exit 1; }
  local rc=0
  wait "$pid" || rc=$?
  pid=
  return $rc
}
