#!/usr/bin/env bash
# The README's first command, `make demo`, runs scripts/demo.sh: keep it working.
set -u
cd "$ROOT"
sed -n '/^demo:/,/^$/p' Makefile | grep -q 'scripts/demo.sh' ||
  { echo "FAIL: the Makefile's demo target does not run scripts/demo.sh (what this test checks)"; exit 1; }
out=$(BUILD="$BUILD" scripts/demo.sh 2>&1) || { echo "$out"; echo "FAIL: demo script failed"; exit 1; }
for want in "ok: taxonomy 'travel_app'" "unknown event 'view_pgae'; did you mean 'view_page'?" \
            "'Kakao' is not an allowed value" "demo: done"; do
  grep -qF "$want" <<<"$out" || { echo "$out"; echo "FAIL: demo output lacks: $want"; exit 1; }
done
echo "demo ok"
