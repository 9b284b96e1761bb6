#!/usr/bin/env bash
# Golden diagnostics for `taxonc check`: each case in tests/golden/check is
# either NAME.yaml or NAME/taxonomy.yaml (cases with includes); NAME.args
# may hold extra options. The exit code, stdout and stderr are compared
# byte for byte with NAME.expected. A few inputs are generated here rather
# than committed (a 10,000-deep file, a binary file, invalid UTF-8).
#
#   UPDATE=1 tests/e2e/check_golden.sh   rewrites the .expected files;
#   then READ every changed file (git diff) before committing.
. "$(dirname "$0")/lib/e2e.bash"
dir="$ROOT/tests/golden/check"
gen="$TMPDIR/golden-gen"
fresh "$gen"

# Generated inputs.
{ printf 'taxonomy: deep\nevents: '; head -c 10000 /dev/zero | tr '\0' '['
  head -c 10000 /dev/zero | tr '\0' ']'; printf '\n'; } >"$gen/deep_nesting.yaml"
printf 'taxonomy: travel_app\nevents:\n  view_page: {description: \x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR}\n' \
  >"$gen/binary_file.yaml"
printf 'taxonomy: travel_app\nproperties:\n  stay_name: {type: string, description: "caf\xe9 \xea\xb0\x80"}\n' \
  >"$gen/invalid_utf8.yaml"

n=0
run_case() { # name, folder to run in, path argument
  local name=$1 cwd=$2 arg=$3 args=() out err code actual
  [ -f "$dir/$name.args" ] && read -r -a args <"$dir/$name.args"
  out=$(mktemp); err=$(mktemp)
  (cd "$cwd" && NO_COLOR=1 "$TAXONC" check "${args[@]}" "$arg" >"$out" 2>"$err")
  code=$?
  actual=$(printf -- '--- exit\n%s\n--- stdout\n' "$code"; cat "$out"; printf -- '--- stderr\n'; cat "$err")
  rm -f "$out" "$err"
  n=$((n+1))
  if [ "${UPDATE:-}" = 1 ]; then
    printf '%s\n' "$actual" >"$dir/$name.expected"
    return
  fi
  if [ ! -f "$dir/$name.expected" ]; then
    echo "FAIL $name: no $name.expected (run with UPDATE=1, then read it)"; fail=$((fail+1)); return
  fi
  if ! diff -u "$dir/$name.expected" <(printf '%s\n' "$actual") >"$TMPDIR/diff.txt"; then
    echo "FAIL $name"; cat "$TMPDIR/diff.txt"; fail=$((fail+1))
  fi
}

for f in "$dir"/*.yaml; do
  name=$(basename "$f" .yaml)
  run_case "$name" "$dir" "$name.yaml"
done
for d in "$dir"/*/; do
  name=$(basename "$d")
  [ -f "$d/taxonomy.yaml" ] && run_case "$name" "$dir" "$name/taxonomy.yaml"
done
for f in "$gen"/*.yaml; do
  name=$(basename "$f" .yaml)
  run_case "$name" "$gen" "$name.yaml"
done

# Every expected file must belong to a case (no stale goldens).
for e in "$dir"/*.expected; do
  name=$(basename "$e" .expected)
  [ -f "$dir/$name.yaml" ] || [ -d "$dir/$name" ] || [ -f "$gen/$name.yaml" ] ||
    { echo "FAIL stale golden $name.expected"; fail=$((fail+1)); }
done
echo "check_golden: $n cases, $fail failed"
[ "$fail" -eq 0 ]
