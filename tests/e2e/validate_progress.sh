#!/usr/bin/env bash
# `validate --progress` on inputs whose size is known (regular files) shows
# the share read and the time left; on a pipe, megabytes only. Validation is
# far too fast for a quarter-second progress tick on a small log, so reads
# are slowed by an LD_PRELOAD shim (read() sleeps 30 ms) built here; a
# sanitizer build, whose runtime must come first, cannot take the shim and
# is reported as skipped.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fail=0
if nm -D "$TAXONC" 2>/dev/null | grep -q __asan_init || ldd "$TAXONC" 2>/dev/null | grep -q libasan; then
  echo "note: a sanitizer build cannot run under the LD_PRELOAD shim; skipped"
  exit 0
fi
cat >"$TMPDIR/slow.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <unistd.h>
ssize_t read(int fd, void *buf, size_t n)
{
    static ssize_t (*real)(int, void *, size_t);
    if (!real)
        real = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    if (n > 65536)
        n = 65536;
    if (fd > 2 || fd == 0)
        usleep(30000);
    return real(fd, buf, n);
}
C
cc -shared -fPIC -o "$TMPDIR/slow.so" "$TMPDIR/slow.c" -ldl || { echo "FAIL: cannot build the shim"; exit 1; }
# ~1.5 MB: 24 reads of 64 KiB, about 0.7 s, in 64 KiB chunks so progress
# is shown along the way
log=$TMPDIR/log.ndjson
python3 -c 'import sys; d = open(sys.argv[1], "rb").read(); open(sys.argv[2], "wb").write(d * 1500)' \
  "$ROOT/examples/travel/captured.ndjson" "$log"
plan=$ROOT/examples/travel/taxonomy.yaml
LD_PRELOAD=$TMPDIR/slow.so "$TAXONC" validate --progress --jobs 1 --chunk-size 65536 --format json "$plan" "$log" \
  >/dev/null 2>"$TMPDIR/file.err"
tr '\r' '\n' <"$TMPDIR/file.err" >"$TMPDIR/file.txt"
grep -Eq '^.\[Kvalidating: [1-9][0-9]?% of 1\.[0-9] MB, [0-9]+:[0-5][0-9] left, [0-9]+ records, [0-9]+ violations$' \
  "$TMPDIR/file.txt" || { echo "FAIL: no percentage and time left for a file:"; cat -v "$TMPDIR/file.txt" | head -5; fail=1; }
# a pipe: size unknown, megabytes as before
cat "$log" | LD_PRELOAD=$TMPDIR/slow.so "$TAXONC" validate --progress --jobs 1 --chunk-size 65536 --format json "$plan" - \
  >/dev/null 2>"$TMPDIR/pipe.err"
tr '\r' '\n' <"$TMPDIR/pipe.err" >"$TMPDIR/pipe.txt"
grep -Eq '^.\[Kvalidating: [0-9.]+ MB, [0-9]+ records' "$TMPDIR/pipe.txt" && ! grep -q '%' "$TMPDIR/pipe.txt" ||
  { echo "FAIL: a pipe's progress:"; cat -v "$TMPDIR/pipe.txt" | head -5; fail=1; }
echo "validate_progress: $fail failed"
exit $fail
