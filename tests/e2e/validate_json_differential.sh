#!/usr/bin/env bash
# Differential test of the strict JSON reader against Python's json module
# (made strict: UTF-8 decoded strictly, NaN/Infinity refused, lone
# surrogates refused): 20,000 seeded mutations of valid documents, one per
# NDJSON line, each must get the same accept/reject verdict from
# `taxonc validate` (a rejected line carries malformed-json or invalid-utf8).
set -u
d="$ROOT/tests/golden/validate"
python3 - "$TMPDIR" <<'PY' || exit 1
import json, random, sys
rng = random.Random(20261123)
seeds = [b'{}', b'[]', b'{"a":1}', b'{"event_type":"x","event_properties":{"n":-0.5e+3,"s":"\\u00e9\\ud83d\\ude00","b":[true,false,null]}}',
         b'[1,2.5,-0,1E2,"x\\n",{"k":[]}]', b'"\xed\x95\x9c\xea\xb8\x80"', b'{"a":{"b":{"c":[0,{"d":"e"}]}}}',
         b'123', b'-0.0e-0', b'{"\\"":"\\\\\\/\\b\\f\\n\\r\\t"}', b'[[[[]]]]', b'{"x":"\xf0\x9f\x98\x80"}']
pieces = [b',', b':', b'{', b'}', b'[', b']', b'"', b'\\', b'\\u', b'\\ud800', b'\\udc00', b'0', b'01', b'-',
          b'.', b'e', b'E+', b'1', b'true', b'nul', b'NaN', b'Infinity', b' ', b'\t', b'\x00', b'\x1f',
          b'\x7f', b'\xc3', b'\xa9', b'\xed\xa0\x80', b'\xf4\x90\x80\x80', b'\xc0\xaf', b'\xe2\x82\xac',
          b'/*', b'//', b"'", b'\\x', b'\\u00', b'\xef\xbb\xbf', b'1e999', b'-01', b'2.', b'.5']
def mutate(b):
    b = bytearray(b)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        i = rng.randint(0, len(b))
        if op < 0.4:
            b[i:i] = rng.choice(pieces)
        elif op < 0.7 and len(b) > 0:
            j = min(len(b), i + rng.randint(1, 3))
            del b[i:j]
        elif len(b) > 0:
            i = min(i, len(b) - 1)
            b[i] = rng.randint(0, 255)
    return bytes(b)
def strict(b):
    try:
        s = b.decode('utf-8')
    except UnicodeDecodeError:
        return False
    def bad_const(x):
        raise ValueError(x)
    try:
        v = json.loads(s, parse_constant=bad_const)
    except (ValueError, RecursionError):
        return False
    def has_lone(o):
        if isinstance(o, str):
            return any(0xD800 <= ord(c) <= 0xDFFF for c in o)
        if isinstance(o, list):
            return any(has_lone(x) for x in o)
        if isinstance(o, dict):
            return any(has_lone(k) or has_lone(x) for k, x in o.items())
        return False
    return not has_lone(v)
docs, want = [b'{}'], [True]
while len(docs) < 20000:
    m = mutate(rng.choice(seeds))
    if b'\n' in m or b'\r' in m or not m.strip(b' \t'):
        continue      # one record per line; blank lines are not records
    if m.startswith(b'\xef\xbb\xbf'):
        continue      # a BOM is only skipped at the start of a file
    docs.append(m)
    want.append(strict(m))
open(sys.argv[1] + '/docs.ndjson', 'wb').write(b'\n'.join(docs) + b'\n')
open(sys.argv[1] + '/want.txt', 'w').write(''.join('1' if w else '0' for w in want))
print("generated %d documents, %d valid" % (len(docs), sum(want)))
PY
"$TAXONC" validate --profile amplitude --max-record 100000 --invalid-out "$TMPDIR/bad.ndjson" \
  "$d/taxonomy.yaml" "$TMPDIR/docs.ndjson" >/dev/null 2>"$TMPDIR/err"
[ $? -le 1 ] || { echo "FAIL: validate failed"; cat "$TMPDIR/err"; exit 1; }
python3 - "$TMPDIR" <<'PY'
import json, sys
want = open(sys.argv[1] + '/want.txt').read()
docs = open(sys.argv[1] + '/docs.ndjson', 'rb').read().split(b'\n')
rejected = set()
for line in open(sys.argv[1] + '/bad.ndjson', 'rb'):
    r = json.loads(line)
    if any(v["code"] in ("malformed-json", "invalid-utf8") for v in r["violations"]):
        rejected.add(r["line"] - 1)
bad = 0
for i, w in enumerate(want):
    got = i not in rejected
    if got != (w == '1'):
        bad += 1
        if bad <= 10:
            print("MISMATCH line %d: python %s, taxonc %s: %r" % (i + 1, w == '1', got, docs[i][:120]))
print("%d documents, %d disagreements" % (len(want), bad))
sys.exit(1 if bad else 0)
PY
