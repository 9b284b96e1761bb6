#!/usr/bin/env bash
# Filter mode writes exactly one line per record whatever the input shape:
# NDJSON, pretty-printed documents one after another, a JSON array (pretty
# or compact), with one job and with two jobs and small chunks. Each output
# line parses as JSON; the valid and the invalid outputs together hold every
# record once, in input order; a record is re-serialized by dropping the
# white space between its tokens only (numbers keep their digits, strings
# their escapes), and a record that had no newline is copied verbatim.
set -u
d="$ROOT/tests/golden/validate"
fail=0
python3 - "$TMPDIR" <<'PY' || fail=1
import json, sys
t = sys.argv[1]
# (record text, expected valid?)  -- "m" marks a malformed record
recs = [
    ('{"event_type": "search_stay",\n  "event_properties": {\n    "search_term": "a\\nb",\n'
     '    "price": 1.50, "score": -0, "big_count": 1E+2,\n'
     '    "note": "tab\\there \\u2028 \\"q\\" \\\\ \\/ \\u00e9 é \u2028 end"\n  }\n}', True),
    ('{\n\t"event_type" : "view_page"\r\n}', True),
    ('{\n  "event_type": "search_stay",\n  "event_properties": {"search_term": "ab",\n'
     '    "price": 1e400, "rating": 5, "note": "x\\ny"}\n}', False),
    ('{"event_type": "complete_booking", "event_properties": {"booking_id": "nope"}}', False),
    ('{"event_type":"search_stay","event_properties":{"search_term":"abc","score":-1.250e-3}}', True),
    ('{\n  "event_type": "view_page",\n  "event_properties": {"note": [1, 2,\n 3]},\n}', "m"),
    ('{\n  "event_type": "search_stay",\n  "event_properties": {\n    "search_term": "zz",\n'
     '    "address": {"city": "Seoul", "zip": "04524"}, "note": null\n  }\n}', True),
]
def compact(s):
    """White space outside strings removed: the expected re-serialization."""
    out, i, instr = [], 0, False
    while i < len(s):
        c = s[i]
        if instr:
            out.append(c)
            if c == '\\':
                out.append(s[i + 1]); i += 1
            elif c == '"':
                instr = False
        elif c == '"':
            instr = True; out.append(c)
        elif c not in ' \t\r\n':
            out.append(c)
        i += 1
    return ''.join(out)
def w(name, text):
    open(f"{t}/{name}", "w", encoding="utf-8", newline="").write(text)
w("docs.json", "\n".join(r for r, _ in recs) + "\n")
w("array_pretty.json", "[\n" + ",\n".join(r for r, _ in recs) + "\n]\n")
flat = [(compact(r), v) for r, v in recs if v != "m"]
w("array_compact.json", "[" + ",".join(r for r, _ in flat) + "]")
w("flat.ndjson", "\n".join(r for r, _ in flat) + "\n")
# many records over many small chunks, for --jobs 2 --chunk-size 4096
many = [recs[i % len(recs)] for i in range(420)]
w("many.json", "\n".join(r for r, _ in many) + "\n")
# with each record its expected re-serialization, for the checks below
exp = lambda rs: [(r, v, compact(r)) for r, v in rs]
json.dump({"docs.json": exp(recs), "array_pretty.json": exp(recs), "array_compact.json": exp(flat),
           "flat.ndjson": exp(flat), "many.json": exp(many)}, open(f"{t}/expect.json", "w"))
PY
check() {   # NAME INPUT [OPTIONS...]
  local name=$1 in=$2; shift 2
  "$TAXONC" validate "$@" --valid-out "$TMPDIR/$name.ok" --invalid-out "$TMPDIR/$name.bad" \
    "$d/taxonomy.yaml" "$TMPDIR/$in" >/dev/null 2>"$TMPDIR/$name.err"
  local rc=$?
  [ $rc -eq 1 ] || { echo "FAIL: $name: exit $rc, expected 1"; cat "$TMPDIR/$name.err"; fail=1; return; }
  python3 - "$TMPDIR" "$name" "$in" <<'PY' || { echo "FAIL: $name"; fail=1; }
import json, re, sys
t, name, inp = sys.argv[1:]
recs = json.load(open(f"{t}/expect.json"))[inp]
ndjson = inp.endswith(".ndjson")
def lines(path):
    data = open(path, "rb").read()
    assert data == b"" or data.endswith(b"\n"), f"{path}: no final newline"
    return data.split(b"\n")[:-1]
ok, bad = lines(f"{t}/{name}.ok"), lines(f"{t}/{name}.bad")
exact = lambda s: json.loads(s, parse_float=lambda x: ("num", x), parse_int=lambda x: ("num", x),
                             parse_constant=lambda x: ("const", x))
for l in ok + bad:
    json.loads(l)                       # every line is one JSON text
assert len(ok) + len(bad) == len(recs), (len(ok), len(bad), len(recs))
want_ok = [(r, c) for r, v, c in recs if v is True]
assert len(ok) == len(want_ok), (len(ok), len(want_ok))
for got, (r, c) in zip(ok, want_ok):    # order, exact tokens, verbatim when one line
    want = r if "\n" not in r else c
    assert got.decode() == want, (got, want)
    assert exact(got) == exact(r)
want_bad = [(i, r, v, c) for i, (r, v, c) in enumerate(recs) if v is not True]
assert len(bad) == len(want_bad), (len(bad), len(want_bad))
for got, (i, r, v, c) in zip(bad, want_bad):
    b = json.loads(got)
    assert b["index"] == i, (b["index"], i)
    if v == "m":
        assert b["raw"] == r, (b["raw"], r)
    else:
        rec = got.decode()[got.decode().index(',"record":') + len(',"record":'):-1]
        want = r if "\n" not in r else c
        assert rec == want, (rec, want)
        assert exact(rec) == exact(r)
print("%s: %d valid, %d invalid" % (name, len(ok), len(bad)))
PY
}
check docs docs.json
check array_pretty array_pretty.json
check array_compact array_compact.json
check flat flat.ndjson
check many many.json --jobs 2 --chunk-size 4096
check many_full many.json --jobs 2 --chunk-size 4096 --full-walk
check many_1 many.json --jobs 1 --chunk-size 4096
cmp -s "$TMPDIR/many.ok" "$TMPDIR/many_1.ok" && cmp -s "$TMPDIR/many.bad" "$TMPDIR/many_1.bad" \
  || { echo "FAIL: filter output differs between --jobs 2 and --jobs 1"; fail=1; }
exit $fail
