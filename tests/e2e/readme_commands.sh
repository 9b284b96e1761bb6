#!/usr/bin/env bash
# The README's "First five minutes" commands run. Its first block is `make
# demo` (tests/e2e/demo.sh runs scripts/demo.sh, which the target calls;
# checked below) and `make test` (the suite itself). Its second block, "try
# it on your own plan", is run here line by line as written, in a scratch
# folder holding `examples/` and `build/taxonc` (this build), with the
# user's own files it names (`captured.ndjson`, `old.yaml`) standing in as
# copies of the travel example's. Each command must exit 0 or 1 (1 =
# problems found, README's exit codes), never 2 or a crash, and write what
# it says. `serve` runs until stopped: tests/e2e/serve.sh covers it.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TAXONC=${TAXONC:-$ROOT/build/taxonc}
TMPDIR=${TMPDIR:-/tmp}
W="$TMPDIR/readme"
rm -rf "$W" && mkdir -p "$W/build"
fail=0
bad() { echo "FAIL: $*"; fail=$((fail+1)); }

grep -qE '^demo:.*' "$ROOT/Makefile" && sed -n '/^demo:/,/^$/p' "$ROOT/Makefile" | grep -q 'scripts/demo.sh' ||
  bad "Makefile: the demo target does not run scripts/demo.sh (tests/e2e/demo.sh tests that script)"

python3 - "$ROOT/README.md" >"$W/cmds" <<'PY' || { bad "README.md: no 'First five minutes' section with two sh blocks"; exit 1; }
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
sec = text.split("## First five minutes", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```sh\n(.*?)```", sec, re.S)
if len(blocks) < 2:
    sys.exit(1)
for line in blocks[1].splitlines():
    if line.strip():
        print(line)
PY
ln -s "$ROOT/examples" "$W/examples"
ln -s "$TAXONC" "$W/build/taxonc"
cp "$ROOT/examples/travel/captured.ndjson" "$W/captured.ndjson"
cp "$ROOT/examples/travel/taxonomy.yaml" "$W/old.yaml"
n=0
while IFS= read -r cmd; do
  case $cmd in
  "build/taxonc serve "*) continue ;;
  build/taxonc\ *) ;;
  *) bad "README command not understood by this test: $cmd"; continue ;;
  esac
  n=$((n+1))
  (cd "$W" && timeout 60 bash -c "$cmd") >"$W/out.$n" 2>&1
  rc=$?
  [ "$rc" -le 1 ] || { bad "README command exits $rc: $cmd"; head -5 "$W/out.$n"; }
done <"$W/cmds"
[ "$n" -ge 5 ] || bad "expected at least 5 README commands, ran $n"
[ -s "$W/lint.sarif" ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/lint.sarif" ||
  bad "README: lint --format sarif wrote no SARIF"
ls "$W"/gen/*.h "$W"/gen/*.swift "$W"/gen/*.kt >/dev/null 2>&1 || bad "README: gen wrote no C/Swift/Kotlin into gen/"
echo "readme_commands: $n commands, $fail failed"
[ "$fail" -eq 0 ]
