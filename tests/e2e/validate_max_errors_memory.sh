#!/usr/bin/env bash
# --max-errors and --examples bound what is kept, and storage grows with what
# is actually kept: a huge bound on a small log must not allocate (and zero)
# memory proportional to the bound. Once a bug: --max-errors 100000000 took
# 27 s and gigabytes up front. Checked by memory, not time: under a 1 GiB
# address-space limit, and by peak RSS when /usr/bin/time is there.
set -u
d="$ROOT/tests/golden/validate"
fail=0
cd "$d"
"$TAXONC" validate --format json --max-errors 100000 taxonomy.yaml log.ndjson >"$TMPDIR/small.json"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: reference run exited $rc"; fail=1; }
# Sanitizer builds reserve terabytes of address space and have their own
# memory overhead: there only the reports are compared.
limit=1
( ulimit -v 1048576; "$TAXONC" validate --help >/dev/null 2>&1 ) 2>/dev/null || limit=0
[ $limit -eq 1 ] || echo "note: the binary cannot run under ulimit -v (sanitizer build?): memory not checked"
for opt in "--max-errors 100000000" "--examples 100000000" "--max-errors 100000000 --examples 100000000 --jobs 2"; do
  # shellcheck disable=SC2086
  ( [ $limit -eq 0 ] || ulimit -v 1048576; "$TAXONC" validate --format json $opt taxonomy.yaml log.ndjson >"$TMPDIR/big.json" )
  rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: $opt under a 1 GiB address-space limit exited $rc (want 1)"; fail=1; continue; }
  # the same violations are kept (all of them: the log has far fewer)
  python3 - "$TMPDIR/small.json" "$TMPDIR/big.json" <<'PY' || { echo "FAIL: $opt: report differs"; fail=1; }
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
assert a["violations_kept"] == b["violations_kept"] == a["violations_total"] > 0, (a["violations_kept"], b["violations_kept"])
assert a["violations"] == b["violations"]
PY
  if [ $limit -eq 1 ] && [ -x /usr/bin/time ]; then
    # shellcheck disable=SC2086
    /usr/bin/time -v "$TAXONC" validate $opt taxonomy.yaml log.ndjson >/dev/null 2>"$TMPDIR/time.txt"
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMPDIR/time.txt")
    [ -n "$rss" ] && [ "$rss" -lt 65536 ] || { echo "FAIL: $opt: peak RSS ${rss:-?} KiB (want < 64 MiB)"; fail=1; }
  fi
done
[ $fail -eq 0 ] && echo "max-errors memory: ok"
exit $fail
