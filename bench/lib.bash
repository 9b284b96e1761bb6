# The start bench/run.sh, bench_gen.sh and serve_bench.sh share (sourced,
# not run):
#     . "$(dirname "$0")/lib.bash" NAME
# sets -euo pipefail and the repository as the working folder; BUILD, T
# (the taxonc under test, absolute) and W (BENCH_DIR, where inputs and
# helpers are cached: made here); stops with exit 2, "NAME: ... not built",
# when taxonc is missing. And
#   bench_tool SRC OUT     bench/SRC (a C helper) built into OUT, unless
#                          OUT is newer
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BUILD=${BUILD:-build}
T="$PWD/$BUILD/taxonc"
W=${BENCH_DIR:-$BUILD/bench}
mkdir -p "$W"
[ -x "$T" ] || { echo "$1: $T not built (run make)" >&2; exit 2; }

bench_tool() {
  if [ ! -x "$2" ] || [ "bench/$1" -nt "$2" ]; then
    ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror "bench/$1" -o "$2"
  fi
}
