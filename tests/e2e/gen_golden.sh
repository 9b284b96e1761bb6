#!/usr/bin/env bash
# taxonc gen: exact generated code, output discipline and CLI errors.
#  - tests/golden/gen/small.yaml generates exactly tests/golden/gen/small/*, and
#    types_v2.yaml (issue 16's kinds) exactly tests/golden/gen/types_v2/*
#    (UPDATE=1 rewrites them; then READ every changed file before committing)
#  - two runs are byte-identical; --lang subsets give the same files
#  - --check: 0 when up to date, 1 listing missing/differing files, writes nothing
#  - unchanged files are not rewritten (mtime kept)
#  - atomicity: a write failing midway (file size limit with SIGXFSZ ignored,
#    a folder in the way, an output path that is a file) leaves the old files
#    byte-identical and no temporary files behind
#  - usage and input errors exit 2 or 1 with a message
. "$(dirname "$0")/lib/e2e.bash"
G="$ROOT/tests/golden/gen"
out="$TMPDIR/out"

# golden
if [ "${UPDATE:-}" = 1 ]; then
  for n in small types_v2; do
    rm -rf "$G/$n" && "$TAXONC" gen --out "$G/$n" "$G/$n.yaml" || bad "update $n"
  done
  echo "updated $G/small and $G/types_v2; read the diff before committing"; exit "$fail"
fi
# issue 16's kinds (any, null, unions, open objects, per-event variants)
"$TAXONC" gen --out "$TMPDIR/v2" "$G/types_v2.yaml" >"$TMPDIR/o" 2>"$TMPDIR/e" || bad "gen types_v2: $(cat "$TMPDIR/e")"
diff -ru "$G/types_v2" "$TMPDIR/v2" >"$TMPDIR/diff" || { bad "generated code differs from tests/golden/gen/types_v2"; head -60 "$TMPDIR/diff"; }
"$TAXONC" gen --out "$out" "$G/small.yaml" >"$TMPDIR/o" 2>"$TMPDIR/e"; code=$?
[ "$code" -eq 0 ] || bad "gen small exit $code: $(cat "$TMPDIR/e")"
[ -s "$TMPDIR/e" ] && bad "gen small wrote to stderr: $(cat "$TMPDIR/e")"
diff -ru "$G/small" "$out" >"$TMPDIR/diff" || { bad "generated code differs from tests/golden/gen/small"; head -60 "$TMPDIR/diff"; }
[ "$(ls "$out" | sort | tr '\n' ' ')" = "Shop.kt Shop.swift shop.c shop.h " ] || bad "file set: $(ls "$out")"

# determinism, language subsets
"$TAXONC" gen --out "$TMPDIR/out2" "$G/small.yaml" || bad "second run"
diff -r "$out" "$TMPDIR/out2" >/dev/null || bad "two runs differ"
"$TAXONC" gen --lang swift --out "$TMPDIR/sw" "$G/small.yaml" || bad "--lang swift"
[ "$(ls "$TMPDIR/sw")" = "Shop.swift" ] || bad "--lang swift wrote $(ls "$TMPDIR/sw")"
cmp -s "$TMPDIR/sw/Shop.swift" "$out/Shop.swift" || bad "--lang swift output differs"
"$TAXONC" gen --lang=kotlin,c --out "$TMPDIR/kc" "$G/small.yaml" || bad "--lang=kotlin,c"
[ "$(ls "$TMPDIR/kc" | sort | tr '\n' ' ')" = "Shop.kt shop.c shop.h " ] || bad "--lang kotlin,c wrote $(ls "$TMPDIR/kc")"

# --check
"$TAXONC" gen --check --out "$out" "$G/small.yaml" >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 0 ] && grep -q "up to date (4 files)" "$TMPDIR/o" || bad "--check fresh: exit $code $(cat "$TMPDIR/o")"
echo "// edited" >>"$out/Shop.kt"; rm "$out/shop.c"
before=$(ls -la --time-style=full-iso "$out" | md5sum)
"$TAXONC" gen --check --out "$out" "$G/small.yaml" >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 1 ] || bad "--check stale: exit $code (want 1)"
grep -qx "stale: $out/Shop.kt (differs)" "$TMPDIR/o" || bad "--check did not list Shop.kt: $(cat "$TMPDIR/o")"
grep -qx "stale: $out/shop.c (missing)" "$TMPDIR/o" || bad "--check did not list shop.c: $(cat "$TMPDIR/o")"
[ "$(grep -c '^stale:' "$TMPDIR/o")" -eq 2 ] || bad "--check listed more than the two stale files"
[ "$(ls -la --time-style=full-iso "$out" | md5sum)" = "$before" ] || bad "--check changed the folder"
"$TAXONC" gen --check --out "$TMPDIR/nowhere" "$G/small.yaml" >/dev/null 2>&1; code=$?
[ "$code" -eq 1 ] || bad "--check into a missing folder: exit $code (want 1)"
[ -e "$TMPDIR/nowhere" ] && bad "--check created the output folder"

# unchanged files are not rewritten
"$TAXONC" gen --out "$out" "$G/small.yaml" || bad "regenerate"
diff -r "$G/small" "$out" >/dev/null || bad "regenerating did not restore the files"
m1=$(stat -c %Y.%Z "$out/shop.h"); sleep 1.1
"$TAXONC" gen --out "$out" "$G/small.yaml" || bad "regenerate 2"
[ "$(stat -c %Y.%Z "$out/shop.h")" = "$m1" ] || bad "an unchanged file was rewritten"

# atomicity: old files stay intact when a write fails midway
old="$TMPDIR/old"; rm -rf "$old"; mkdir -p "$old"
for f in shop.h shop.c Shop.swift Shop.kt; do echo "old $f" >"$old/$f"; done
snap=$(cd "$old" && md5sum * | md5sum)
( trap '' XFSZ; ulimit -f 16; "$TAXONC" gen --out "$old" "$G/small.yaml" ) >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 2 ] || bad "file size limit: exit $code (want 2): $(cat "$TMPDIR/o")"
grep -q "cannot write '$old/" "$TMPDIR/o" || bad "file size limit: no clear message: $(cat "$TMPDIR/o")"
[ "$(cd "$old" && md5sum * | md5sum)" = "$snap" ] || bad "a failed write changed the old files"
[ -z "$(ls -A "$old" | grep -v -x -e shop.h -e shop.c -e Shop.swift -e Shop.kt)" ] || bad "temporary files left: $(ls -A "$old")"
rm "$old/Shop.kt"; mkdir "$old/Shop.kt"; snap=$(cd "$old" && md5sum shop.h shop.c Shop.swift | md5sum)
"$TAXONC" gen --out "$old" "$G/small.yaml" >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 2 ] || bad "folder in the way: exit $code (want 2)"
[ "$(cd "$old" && md5sum shop.h shop.c Shop.swift | md5sum)" = "$snap" ] || bad "folder in the way: old files changed"
[ -z "$(ls -A "$old" | grep taxonc-tmp)" ] || bad "temporary files left: $(ls -A "$old")"
echo x >"$TMPDIR/afile"
"$TAXONC" gen --out "$TMPDIR/afile" "$G/small.yaml" >"$TMPDIR/o" 2>&1; code=$?
[ "$code" -eq 2 ] && grep -q "cannot create output folder" "$TMPDIR/o" || bad "output is a file: exit $code $(cat "$TMPDIR/o")"

# usage and input errors
expect() { # code, grep pattern, args...
  local want=$1 pat=$2; shift 2
  "$TAXONC" "$@" >"$TMPDIR/o" 2>&1; local code=$?
  [ "$code" -eq "$want" ] || bad "taxonc $*: exit $code (want $want): $(cat "$TMPDIR/o")"
  grep -q -- "$pat" "$TMPDIR/o" || bad "taxonc $*: no '$pat' in: $(cat "$TMPDIR/o")"
}
expect 2 "--out DIR is required" gen "$G/small.yaml"
expect 2 "unknown language 'java'; use c, swift or kotlin" gen --lang c,java --out "$TMPDIR/x" "$G/small.yaml"
expect 2 "unknown option '--bogus'" gen --bogus --out "$TMPDIR/x" "$G/small.yaml"
expect 2 "one taxonomy at a time" gen --out "$TMPDIR/x" "$G/small.yaml" "$G/strict.yaml"
expect 2 "no-such.yaml" gen --out "$TMPDIR/x" "$TMPDIR/no-such.yaml"
printf 'taxonomy: t\nevents:\n  view_x: {properties: {nope: required}}\n' >"$TMPDIR/bad.yaml"
expect 1 "nope" gen --out "$TMPDIR/x" "$TMPDIR/bad.yaml"
[ -e "$TMPDIR/x" ] && bad "a failed gen created the output folder"
expect 0 "usage: taxonc gen" gen --help

# --sample adds one program per language
"$TAXONC" gen --sample --out "$TMPDIR/s" "$G/small.yaml" || bad "--sample"
[ "$(ls "$TMPDIR/s" | sort | tr '\n' ' ')" = "Shop.kt Shop.swift ShopSample.kt ShopSample.swift shop.c shop.h shop_sample.c " ] ||
  bad "--sample wrote $(ls "$TMPDIR/s")"

echo "gen_golden: $fail failed"
[ "$fail" -eq 0 ]
