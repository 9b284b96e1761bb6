#!/usr/bin/env bash
# `taxonc gen` on a disk that fills up, and on big and fuzzer-made plans
# (issue 7):
#   - a file size limit (ulimit -f, SIGXFSZ ignored) and, when this user may
#     mount one, a 256 KiB tmpfs: exit 2 with the system's error, no file
#     half-written, no temporary left, files from an earlier run unchanged;
#   - --out naming a regular file: exit 2;
#   - a 10,000-event plan in all three languages: bounded time and memory;
#   - the taxonomies in tests/fuzz/regressions/fuzz_gen/ (fuzzer-made
#     plans whose C once failed to compile) compile with gcc, clang, g++.
source "$(dirname "$0")/robust.bash"
W=$WORK
python3 "$ROOT/bench/gen_taxonomy.py" --events 10000 --props 20 >"$W/plan10k.yaml"
python3 "$ROOT/bench/gen_taxonomy.py" --events 20 --props 5 >"$W/plan20.yaml"

snapshot() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r sha1sum); }

echo "== big plan"
bounded "gen c,swift,kotlin, 10,000 events" 60 1024 -- "$TAXONC" gen --lang c,swift,kotlin --out "$W/big" "$W/plan10k.yaml"
expect_rc gen_big 0
big_bytes=$(du -sb "$W/big" | cut -f1)
echo "  generated $((big_bytes / 1000)) KB"

echo "== file size limit (ulimit -f 256 KiB, SIGXFSZ ignored)"
# first a good run of a small plan into the folder, then the big one fails
"$TAXONC" gen --lang c,swift,kotlin --out "$W/fsz" "$W/plan20.yaml" >/dev/null 2>&1 || fail "small gen failed"
before=$(snapshot "$W/fsz")
( trap '' XFSZ; ulimit -f 256; exec "$TAXONC" gen --lang c,swift,kotlin --out "$W/fsz" "$W/plan10k.yaml" ) >"$OUT" 2>"$ERR"
RC=$?
echo "  gen over the limit: exit $RC: $(head -n 1 "$ERR")"
expect_rc gen_fsize 2
expect_err gen_fsize 'File too large|too large'
[ "$(snapshot "$W/fsz")" = "$before" ] || fail "gen_fsize: the files of the earlier run changed"
ls -A "$W/fsz" | grep -v -E '\.(h|c|swift|kt)$' && fail "gen_fsize: temporary files left behind"
( trap '' XFSZ; ulimit -f 256; exec "$TAXONC" gen --lang c,swift,kotlin --out "$W/fsz_new" "$W/plan10k.yaml" ) >"$OUT" 2>"$ERR"
RC=$?
expect_rc gen_fsize_new 2
[ -z "$(ls -A "$W/fsz_new" 2>/dev/null)" ] || { fail "gen_fsize_new: files left in a new folder:"; ls -la "$W/fsz_new"; }

echo "== a full file system (256 KiB tmpfs)"
mkdir -p "$W/mnt"
if mount -t tmpfs -o size=256k tmpfs "$W/mnt" 2>/dev/null; then
  "$TAXONC" gen --lang c --out "$W/mnt/out" "$W/plan20.yaml" >/dev/null 2>&1 || fail "small gen on tmpfs failed"
  before=$(snapshot "$W/mnt/out")
  "$TAXONC" gen --lang c,swift,kotlin --out "$W/mnt/out" "$W/plan10k.yaml" >"$OUT" 2>"$ERR"
  RC=$?
  echo "  gen onto a full disk: exit $RC: $(head -n 1 "$ERR")"
  expect_rc gen_enospc 2
  expect_err gen_enospc 'No space left on device'
  [ "$(snapshot "$W/mnt/out")" = "$before" ] || fail "gen_enospc: the files of the earlier run changed"
  ls -A "$W/mnt/out" | grep -v -E '\.(h|c|swift|kt)$' && fail "gen_enospc: temporary files left behind"
  umount "$W/mnt"
else
  echo "  (cannot mount a tmpfs as $(id -un); the file size limit above covers the same path)"
fi

echo "== --out is a file"
: >"$W/afile"
bounded "--out names a regular file" 10 64 -- "$TAXONC" gen --lang c --out "$W/afile" "$W/plan20.yaml"
expect_rc out_file 2

echo "== fuzzer-made plans compile"
if [ -d "$ROOT/tests/fuzz/regressions/fuzz_gen" ]; then
  BUILD=$BUILD bash "$ROOT/tests/fuzz/gen_compile.sh" "$ROOT/tests/fuzz/regressions/fuzz_gen" >"$W/gc.log" 2>&1 \
    || { fail "gen_compile on tests/fuzz/regressions/fuzz_gen"; tail -n 20 "$W/gc.log"; }
  tail -n 1 "$W/gc.log"
fi
finish
