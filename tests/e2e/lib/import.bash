# What the importer tests (import_amplitude.sh, import_mparticle.sh) share,
# sourced after lib/e2e.bash, run from $ROOT; each failure sets fail=1.
#   import_golden NAME GOLDEN FORMAT ARGS...
#       `taxonc import FORMAT ARGS --out $TMPDIR/NAME.yaml` exits 0; the YAML
#       and its warnings are tests/golden/import/GOLDEN.yaml and .stderr
#       (UPDATE=1 rewrites them), and the YAML checks clean
#   lost_noted NAME WANT...
#       each WANT is a warning of that import and in a '# lost:' comment
#   import_refused LABEL WANT FORMAT ARGS...
#       the import exits 2, says WANT, and writes nothing
import_golden() {
  local name=$1 golden=tests/golden/import/$2 format=$3; shift 3
  local y="$TMPDIR/$name.yaml" e="$TMPDIR/$name.stderr"
  "$TAXONC" import "$format" "$@" --out "$y" 2>"$e"
  local rc=$?
  [ $rc = 0 ] || { echo "FAIL: import $format $*: exit $rc"; cat "$e"; fail=1; }
  if [ "${UPDATE:-}" = 1 ]; then cp "$y" "$golden.yaml"; cp "$e" "$golden.stderr"; fi
  diff -u "$golden.yaml" "$y" || { echo "FAIL: imported YAML differs"; fail=1; }
  diff -u "$golden.stderr" "$e" || { echo "FAIL: import warnings differ"; fail=1; }
  "$TAXONC" check "$y" >"$TMPDIR/check.log" 2>&1 ||
    { echo "FAIL: the imported $name does not check clean"; cat "$TMPDIR/check.log"; fail=1; }
}

lost_noted() {
  local name=$1; shift
  for want in "$@"; do
    grep -qF "$want" "$TMPDIR/$name.stderr" || { echo "FAIL: no warning for: $want"; fail=1; }
    grep -F "# lost:" "$TMPDIR/$name.yaml" | grep -qF "$want" ||
      { echo "FAIL: no '# lost:' comment for: $want"; fail=1; }
  done
}

import_refused() {
  local label=$1 want=$2 format=$3; shift 3
  rm -f "$TMPDIR/bad.yaml"
  "$TAXONC" import "$format" "$@" --out "$TMPDIR/bad.yaml" >"$TMPDIR/bad.out" 2>&1
  local rc=$?
  [ $rc = 2 ] || { echo "FAIL: $label: exit $rc, expected 2"; cat "$TMPDIR/bad.out"; fail=1; }
  grep -qF -- "$want" "$TMPDIR/bad.out" ||
    { echo "FAIL: $label: expected '$want' in:"; cat "$TMPDIR/bad.out"; fail=1; }
  [ -e "$TMPDIR/bad.yaml" ] && { echo "FAIL: $label: wrote output"; fail=1; }
  return 0
}
