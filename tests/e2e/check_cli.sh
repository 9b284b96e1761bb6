#!/usr/bin/env bash
# `taxonc check` as a command: options, exit codes (0 clean, 1 problems,
# 2 usage or I/O), stdin, JSON that parses, and help.
. "$(dirname "$0")/lib/e2e.bash"
expect() { # description, expected exit, command...
  local what=$1 want=$2; shift 2
  "$@" >"$TMPDIR/out" 2>"$TMPDIR/err"; local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $what: exit $got, expected $want"; cat "$TMPDIR/out" "$TMPDIR/err"; fail=$((fail+1))
  fi
}
has() { # description, file, fixed string
  grep -qF -- "$3" "$2" || { echo "FAIL $1: '$3' not in $2:"; cat "$2"; fail=$((fail+1)); }
}
ex="$ROOT/examples/music/taxonomy.yaml"
bad="$ROOT/tests/golden/check/unknown_type.yaml"

expect "--help" 0 "$TAXONC" check --help;            has "--help" "$TMPDIR/out" "usage: taxonc check"
expect "help check" 0 "$TAXONC" help check;          has "help check" "$TMPDIR/out" "--max-errors"
expect "no file" 2 "$TAXONC" check;                  has "no file" "$TMPDIR/err" "usage: taxonc check"
expect "two files" 2 "$TAXONC" check "$ex" "$ex"
expect "bad option" 2 "$TAXONC" check --colour "$ex"; has "bad option" "$TMPDIR/err" "unknown option '--colour'"
expect "bad format" 2 "$TAXONC" check --format xml "$ex"
expect "bad max" 2 "$TAXONC" check --max-errors 0 "$ex"
expect "missing file" 2 "$TAXONC" check "$TMPDIR/nope.yaml"; has "missing file" "$TMPDIR/err" "[io]"
expect "directory" 2 "$TAXONC" check "$ROOT/examples"
expect "clean" 0 "$TAXONC" check "$ex";              has "clean" "$TMPDIR/out" "ok: taxonomy 'music_app' 0.3.0"
[ -s "$TMPDIR/err" ] && { echo "FAIL clean: stderr not empty"; fail=$((fail+1)); }
expect "stdin" 0 sh -c "'$TAXONC' check - <'$ex'"
expect "problems" 1 "$TAXONC" check "$bad";          has "problems" "$TMPDIR/err" "3 errors"
expect "--format=json" 1 "$TAXONC" check --format=json "$bad"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]==3 and len(d["diagnostics"])==3 and d["diagnostics"][0]["code"]=="unknown-type", d' "$TMPDIR/out" ||
  { echo "FAIL json shape"; fail=$((fail+1)); }
expect "json io" 2 "$TAXONC" check --format json "$TMPDIR/nope.yaml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["diagnostics"][0]["code"]=="io" and "line" not in d["diagnostics"][0], d' "$TMPDIR/out" ||
  { echo "FAIL json io shape"; fail=$((fail+1)); }
expect "max-errors" 1 "$TAXONC" check --max-errors 1 "$bad"; has "max-errors" "$TMPDIR/err" "(2 more not shown"
echo "check_cli: $fail failed"
[ "$fail" -eq 0 ]
