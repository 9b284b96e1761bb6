#!/usr/bin/env bash
# Hostile inputs that once made `taxonc check`/`lint` crawl: each is
# generated here, run under `timeout` as a hang guard (not a speed test:
# the limits are generous and a fixed build finishes in well under a
# second), and its output is checked for the expected finding.
#   - a string enum value made of 400,000 one-letter words (`bBbB...`):
#     the identifier mapping once re-split the rest of the name for every
#     word, quadratic in the length
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TAXONC=${TAXONC:-$ROOT/build/taxonc}
TMPDIR=${TMPDIR:-/tmp}
LIMIT=${HOSTILE_TIMEOUT:-30}
fail=0

run() { # description, expected exit, expected text in the output, command...
  local what=$1 want=$2 text=$3; shift 3
  timeout "$LIMIT" "$@" >"$TMPDIR/out" 2>&1; local got=$?
  if [ "$got" -eq 124 ]; then
    echo "FAIL $what: still running after ${LIMIT}s"; fail=$((fail+1)); return
  fi
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $what: exit $got, expected $want"; head -c 2000 "$TMPDIR/out"; fail=$((fail+1)); return
  fi
  grep -qF -- "$text" "$TMPDIR/out" ||
    { echo "FAIL $what: '$text' not in the output"; head -c 2000 "$TMPDIR/out"; fail=$((fail+1)); }
}

python3 - "$TMPDIR/words.yaml" <<'EOF'
import sys
v = "bB" * 200000
with open(sys.argv[1], "w") as f:
    f.write("taxonomy: t\nproperties:\n")
    f.write("  login_type: {type: string, description: x, enum: [%s, %s]}\n" % (v, v.lower()))
    f.write("events:\n  view_page: {description: x, properties: [login_type]}\n")
EOF
run "long many-word enum value" 0 "[enum-value-duplicate]" "$TAXONC" lint --no-color "$TMPDIR/words.yaml"

echo "hostile_inputs: $fail failed"
[ "$fail" -eq 0 ]
