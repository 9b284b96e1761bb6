#!/usr/bin/env bash
# gzip input is recognised by its magic bytes and streamed: the report is
# the same as for the plain file (concatenated members too); a truncated or
# corrupt gzip file is an I/O error (exit 2) with a clear message.
set -u
d="$ROOT/tests/golden/validate"
fail=0
cp "$d/log.ndjson" "$TMPDIR/log.ndjson"
gzip -c "$TMPDIR/log.ndjson" >"$TMPDIR/log.gz"
cd "$TMPDIR"
"$TAXONC" validate --format json "$d/taxonomy.yaml" log.ndjson >plain.json; rc1=$?
"$TAXONC" validate --format json "$d/taxonomy.yaml" log.gz >gz.json; rc2=$?
[ $rc1 -eq 1 ] && [ $rc2 -eq 1 ] || { echo "FAIL: exit $rc1/$rc2, expected 1/1"; fail=1; }
sed 's/log\.gz/log.ndjson/g' gz.json | diff -u plain.json - || { echo "FAIL: gzip report differs"; fail=1; }
# Two gzip members, one after the other, are one stream.
head -n 5 log.ndjson | gzip -c >two.gz; tail -n +6 log.ndjson | gzip -c >>two.gz
"$TAXONC" validate --format json "$d/taxonomy.yaml" two.gz | sed 's/two\.gz/log.ndjson/g' | diff -u plain.json - \
  || { echo "FAIL: concatenated gzip members"; fail=1; }
# Truncated: cut the file in the middle.
size=$(stat -c %s log.gz)
head -c $((size / 2)) log.gz >cut.gz
"$TAXONC" validate "$d/taxonomy.yaml" cut.gz >cut.out 2>cut.err; rc=$?
[ $rc -eq 2 ] || { echo "FAIL: truncated gzip: exit $rc, expected 2"; fail=1; }
grep -qx "taxonc: error: 'cut.gz': truncated gzip data (unexpected end of file)" cut.err \
  || { echo "FAIL: truncated gzip message:"; cat cut.err; fail=1; }
# Corrupt: flip bytes after the header.
python3 -c "import sys; b=bytearray(open('log.gz','rb').read()); b[20:40]=b'\xff'*20; open('bad.gz','wb').write(b)"
"$TAXONC" validate "$d/taxonomy.yaml" bad.gz >/dev/null 2>bad.err; rc=$?
[ $rc -eq 2 ] || { echo "FAIL: corrupt gzip: exit $rc, expected 2"; fail=1; }
grep -q "taxonc: error: 'bad.gz': corrupt gzip data" bad.err || { echo "FAIL: corrupt gzip message:"; cat bad.err; fail=1; }
[ $fail -eq 0 ] && echo "gzip: ok"
exit $fail
