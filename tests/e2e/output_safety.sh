#!/usr/bin/env bash
# The one output writer (support/out.h), seen from the command line:
#  - a write that fails (file size limit, full tmpfs) exits 2 naming the
#    path and the system's reason, keeps the old file, leaves no temporary,
#    for --valid-out, --invalid-out, -o, export -o, import -o and gen;
#  - a target that is not a regular file (a character device made with
#    mknod, a FIFO, a symlink to one) is written in place, never replaced;
#  - '-' is stdout for every output option (no file named '-');
#  - a symlink to a regular file keeps being a link; permissions are kept;
#  - gen, export, validate and status refuse (exit 1, nothing written) a
#    taxonomy that `check` rejects for a lint error alone.
# Device nodes and FIFOs are made in $TMPDIR, never in the real /dev.
set -u
W="$TMPDIR/out"; mkdir -p "$W"
V="$ROOT/tests/golden/validate"
PLAN="$ROOT/examples/travel/taxonomy.yaml"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
no_temps() { # dir
  local left; left=$(find "$1" -name '*taxonc-tmp*' | head -3)
  [ -z "$left" ] || bad "temporaries left: $left"
}

echo "== a file size limit during each output: exit 2, old file kept"
limited() { # expected-path, command...
  local path=$1; shift
  printf 'old content\n' >"$path"
  ( ulimit -f 1; "$@" ) >"$W/stdout" 2>"$W/err"
  local rc=$?
  [ $rc -eq 2 ] || bad "$*: exit $rc under a file size limit, expected 2"
  grep -q "cannot write '$path': File too large" "$W/err" || bad "$*: message: $(cat "$W/err")"
  [ "$(cat "$path")" = "old content" ] || bad "$*: the old file was not kept"
}
# a log whose valid and invalid records each make > 1 KiB of output
python3 - "$W/big.ndjson" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(200):
        f.write(json.dumps({"event_type": "complete_sign_up", "event_properties":
            {"sign_up_type": "kakao" if i % 2 else "kakoa", "sign_up_date": "20240229"}}) + "\n")
PY
limited "$W/good.ndjson" "$TAXONC" validate --valid-out "$W/good.ndjson" "$V/taxonomy.yaml" "$W/big.ndjson"
limited "$W/bad.ndjson" "$TAXONC" validate --invalid-out "$W/bad.ndjson" "$V/taxonomy.yaml" "$W/big.ndjson"
limited "$W/report.json" "$TAXONC" validate --format json -o "$W/report.json" "$V/taxonomy.yaml" "$W/big.ndjson"
limited "$W/plan.csv" "$TAXONC" export csv -o "$W/plan.csv" "$PLAN"
"$TAXONC" export csv -o "$W/plan.src.csv" "$PLAN" || bad "export csv failed"
limited "$W/plan.yaml" "$TAXONC" import csv -o "$W/plan.yaml" "$W/plan.src.csv"
# both filter outputs: when one fails neither is kept
printf 'old valid\n' >"$W/v.ndjson"; printf 'old invalid\n' >"$W/i.ndjson"
( ulimit -f 1; "$TAXONC" validate --valid-out "$W/v.ndjson" --invalid-out "$W/i.ndjson" \
    "$V/taxonomy.yaml" "$W/big.ndjson" ) >/dev/null 2>"$W/err"
rc=$?
[ $rc -eq 2 ] || bad "split under a size limit: exit $rc, expected 2"
[ "$(cat "$W/v.ndjson")" = "old valid" ] && [ "$(cat "$W/i.ndjson")" = "old invalid" ] ||
  bad "split under a size limit: an output was replaced"
no_temps "$W"

echo "== a full file system (1 MiB tmpfs), when this user may mount one"
mkdir -p "$W/mnt"
if mount -t tmpfs -o size=1m tmpfs "$W/mnt" 2>/dev/null; then
  python3 - "$W/huge.ndjson" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"event_type": "complete_sign_up", "event_properties":
            {"sign_up_type": "kakao", "sign_up_date": "20240229"}}) + "\n")
PY
  printf 'old content\n' >"$W/mnt/good.ndjson"
  "$TAXONC" validate --valid-out "$W/mnt/good.ndjson" "$V/taxonomy.yaml" "$W/huge.ndjson" >/dev/null 2>"$W/err"
  rc=$?
  [ $rc -eq 2 ] || bad "full tmpfs: exit $rc, expected 2"
  grep -q "cannot write '$W/mnt/good.ndjson': No space left on device" "$W/err" || bad "full tmpfs: message: $(cat "$W/err")"
  [ "$(cat "$W/mnt/good.ndjson")" = "old content" ] || bad "full tmpfs: the old file was not kept"
  no_temps "$W/mnt"
  umount "$W/mnt"
else
  echo "  (cannot mount a tmpfs as $(id -un); the file size limit above covers the same path)"
fi

echo "== special files are written in place, never replaced"
if [ "$(id -u)" -eq 0 ]; then
  mknod "$W/null" c 1 3
  "$TAXONC" validate --invalid-out "$W/null" "$V/taxonomy.yaml" "$V/log.ndjson" >/dev/null 2>"$W/err"
  rc=$?
  [ $rc -eq 1 ] || bad "--invalid-out to a device: exit $rc, expected 1: $(cat "$W/err")"
  [ -c "$W/null" ] || bad "--invalid-out replaced the character device with $(stat -c %F "$W/null")"
  ln -s "$W/null" "$W/null-link"
  "$TAXONC" export csv -o "$W/null-link" "$PLAN" || bad "export to a link to a device failed"
  [ -L "$W/null-link" ] && [ -c "$W/null" ] || bad "export replaced the link or the device"
else
  echo "  (not root: no mknod; the FIFO cases below cover writing in place)"
fi
mkfifo "$W/fifo"
( timeout 20 cat "$W/fifo" >"$W/fifo.read" ) &
reader=$!
timeout 20 "$TAXONC" export csv -o "$W/fifo" "$PLAN" || bad "export csv -o FIFO failed"
wait $reader
[ -p "$W/fifo" ] || bad "export csv replaced the FIFO"
"$TAXONC" export csv "$PLAN" | cmp -s - "$W/fifo.read" || bad "the FIFO's reader did not get the export"
no_temps "$W"

echo "== '-' is stdout"
cd "$W"
"$TAXONC" validate --valid-out - "$V/taxonomy.yaml" "$V/log.ndjson" >"$W/valid.out" 2>"$W/report.err"
rc=$?
[ $rc -eq 1 ] || bad "--valid-out -: exit $rc, expected 1"
[ -e "$W/-" ] && bad "--valid-out - wrote a file named '-'"
[ "$(wc -l <"$W/valid.out")" -eq 2 ] || bad "--valid-out -: expected 2 valid records on stdout, got: $(cat "$W/valid.out")"
grep -q "complete_sign_up" "$W/report.err" || bad "--valid-out -: the report did not go to stderr"
"$TAXONC" validate --invalid-out - --format json "$V/taxonomy.yaml" "$V/log.ndjson" 2>/dev/null |
  python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' || bad "--invalid-out -: stdout is not JSON lines"
"$TAXONC" validate --invalid-out - --valid-out - "$V/taxonomy.yaml" "$V/log.ndjson" >/dev/null 2>"$W/err"
[ $? -eq 2 ] && grep -q "only one of" "$W/err" || bad "two outputs on stdout were not refused"
"$TAXONC" validate --format json -o - "$V/taxonomy.yaml" "$V/log.ndjson" 2>/dev/null |
  python3 -c 'import json,sys; json.load(sys.stdin)' || bad "-o -: no JSON report on stdout"
"$TAXONC" export markdown -o - "$PLAN" | grep -q '^# ' || bad "export -o -: nothing on stdout"
"$TAXONC" import csv -o - "$W/plan.src.csv" | grep -q '^taxonomy:' || bad "import -o -: nothing on stdout"
"$TAXONC" export jsonschema --out - "$PLAN" | python3 -c 'import json,sys; json.load(sys.stdin)' ||
  bad "export jsonschema --out -: no bundle on stdout"
"$TAXONC" gen --lang c --out - "$PLAN" >/dev/null 2>"$W/err"
[ $? -eq 2 ] && grep -q "needs a folder" "$W/err" || bad "gen --out - was not refused: $(cat "$W/err")"
[ -e "$W/-" ] && bad "an output option wrote a file or folder named '-'"
cd - >/dev/null

echo "== links and permissions of replaced files"
printf 'x\n' >"$W/real.csv"; chmod 640 "$W/real.csv"; ln -sf "$W/real.csv" "$W/link.csv"
"$TAXONC" export csv -o "$W/link.csv" "$PLAN" || bad "export through a symlink failed"
[ -L "$W/link.csv" ] || bad "the symlink was replaced by a file"
grep -q "Event" "$W/real.csv" || bad "the link's target was not written"
[ "$(stat -c %a "$W/real.csv")" = 640 ] || bad "mode not kept: $(stat -c %a "$W/real.csv")"
no_temps "$W"

echo "== what check rejects, every command rejects"
NC="$ROOT/tests/golden/lint/name-collision/bad.yaml"
"$TAXONC" check "$NC" >/dev/null 2>&1; [ $? -eq 1 ] || bad "check of a name collision: expected exit 1"
refused() { # command words...; the taxonomy goes last
  "$TAXONC" "$@" >/dev/null 2>"$W/err"
  local rc=$?
  [ $rc -eq 1 ] || bad "$* on a plan check rejects: exit $rc, expected 1"
  grep -q "name-collision" "$W/err" || bad "$*: the error is not shown: $(cat "$W/err")"
}
refused gen --lang c --out "$W/gen" "$NC"
refused export csv -o "$W/nc.csv" "$NC"
refused export jsonschema --out "$W/nc-schema" "$NC"
refused validate --valid-out "$W/nc.ndjson" "$NC" "$V/log.ndjson"
refused status --src "$W" "$NC"
[ -e "$W/gen" ] || [ -e "$W/nc.csv" ] || [ -e "$W/nc-schema" ] || [ -e "$W/nc.ndjson" ] &&
  bad "a refused command wrote something: $(ls "$W")"
exit $fail
