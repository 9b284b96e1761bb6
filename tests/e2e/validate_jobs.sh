#!/usr/bin/env bash
# --jobs N gives byte-identical reports and filter outputs to --jobs 1, on a
# generated log large enough for many chunks (and with small chunks forced).
set -u
fail=0
python3 "$ROOT/bench/gen_log.py" "$TMPDIR/gen" --events 30000 --seed 7 >/dev/null || exit 1
t="$TMPDIR/gen/taxonomy.yaml"; log="$TMPDIR/gen/events.ndjson"
for fmt in text json junit html; do
  "$TAXONC" validate --verbose --format $fmt --jobs 1 "$t" "$log" >"$TMPDIR/j1.$fmt"; r1=$?
  for j in 2 3; do
    "$TAXONC" validate --verbose --format $fmt --jobs $j --chunk-size 65536 "$t" "$log" >"$TMPDIR/j$j.$fmt"; rj=$?
    [ $r1 -eq $rj ] || { echo "FAIL: exit $r1 vs $rj"; fail=1; }
    cmp -s "$TMPDIR/j1.$fmt" "$TMPDIR/j$j.$fmt" || { echo "FAIL: --jobs $j $fmt differs"; diff "$TMPDIR/j1.$fmt" "$TMPDIR/j$j.$fmt" | head; fail=1; }
  done
done
"$TAXONC" validate --jobs 1 --valid-out "$TMPDIR/v1" --invalid-out "$TMPDIR/i1" "$t" "$log" >/dev/null
"$TAXONC" validate --jobs 2 --chunk-size 65536 --valid-out "$TMPDIR/v2" --invalid-out "$TMPDIR/i2" "$t" "$log" >/dev/null
cmp -s "$TMPDIR/v1" "$TMPDIR/v2" && cmp -s "$TMPDIR/i1" "$TMPDIR/i2" || { echo "FAIL: filter outputs differ"; fail=1; }
n=$(( $(wc -l <"$TMPDIR/v1") + $(wc -l <"$TMPDIR/i1") ))
[ "$n" -eq 30000 ] || { echo "FAIL: filter outputs hold $n records, expected 30000"; fail=1; }
grep -q '"violations_total":0' "$TMPDIR/j1.json" && { echo "FAIL: the generated log should have bad records"; fail=1; }
# Several files (one empty, one an array): lines and indexes restart per file.
: >"$TMPDIR/empty.ndjson"
head -n 100 "$log" >"$TMPDIR/a.ndjson"
python3 -c "import sys; print('[' + ','.join(open(sys.argv[1]).read().split()) + ']')" "$TMPDIR/a.ndjson" >"$TMPDIR/arr.json"
for j in 1 2; do
  "$TAXONC" validate --verbose --jobs $j --chunk-size 4096 "$t" "$TMPDIR/a.ndjson" "$TMPDIR/empty.ndjson" \
    "$TMPDIR/arr.json" "$log" >"$TMPDIR/multi$j.txt"
done
cmp -s "$TMPDIR/multi1.txt" "$TMPDIR/multi2.txt" || { echo "FAIL: several files, --jobs 2 differs"; diff "$TMPDIR/multi1.txt" "$TMPDIR/multi2.txt" | head; fail=1; }
grep -q "in 4 files" "$TMPDIR/multi1.txt" || { echo "FAIL: 4 files"; fail=1; }
first_a=$(grep -m1 -o '^[^ ]*a\.ndjson:[0-9]*' "$TMPDIR/multi1.txt" | sed 's/.*://')
first_l=$(grep -m1 -o '^[^ ]*events\.ndjson:[0-9]*' "$TMPDIR/multi1.txt" | sed 's/.*://')
[ "$first_a" = "$first_l" ] || { echo "FAIL: line numbers do not restart per file ($first_a vs $first_l)"; fail=1; }
grep -q 'arr\.json:1:' "$TMPDIR/multi1.txt" || { echo "FAIL: array file violations"; fail=1; }
# --max-errors and --examples keep the first violations in input order,
# however the log is cut into chunks and whatever the threads: the kept
# ones are exactly the first of an unlimited run (violations past the
# limits are only counted, so their messages are never written).
"$TAXONC" validate --format json --max-errors 1000000 --examples 1000000 "$t" "$log" >"$TMPDIR/all.json"
# The per-property breakdown agrees with the violations themselves: per
# event (null: not in the taxonomy) and code, its counts add up to the
# violations of an unlimited run that name an event, and each cell's
# location is the first such violation's.
python3 - "$TMPDIR/all.json" <<'PY' || { echo "FAIL: breakdown disagrees with the violations"; fail=1; }
import json, sys, collections
r = json.load(open(sys.argv[1]))
assert r["violations_kept"] == r["violations_total"]
names = {e["name"] for e in r["event_types"]}
want, first = collections.Counter(), {}
for v in r["violations"]:
    if v["event"] is None:
        continue
    k = (v["event"] if v["event"] in names else None, v["code"])
    want[k] += 1
got, locs = collections.Counter(), collections.defaultdict(list)
for c in r["breakdown"]:
    got[(c["event"], c["code"])] += c["count"]
    locs[(c["event"], c["code"])].append((c["line"], c["column"]))
assert got == want, (got - want, want - got)
for v in r["violations"]:
    k = (v["event"] if v["event"] in names else None, v["code"])
    if v["event"] is not None and k not in first:
        first[k] = (v["line"], v["column"])
for k, l in locs.items():
    assert first[k] == min(l), (k, first[k], l)
assert len(r["breakdown"]) > 3 and any(c["property"] for c in r["breakdown"])
PY
for lim in "7 2" "1 1" "60 1" "300 3"; do
  set -- $lim
  for j in 1 2 3; do
    for cs in 4096 65536 0; do
      "$TAXONC" validate --format json --max-errors $1 --examples $2 --jobs $j --chunk-size $cs "$t" "$log" \
        >"$TMPDIR/lim.json"
      python3 - "$TMPDIR/all.json" "$TMPDIR/lim.json" $1 $2 <<'PY' || { echo "FAIL: --max-errors $1 --examples $2 --jobs $j --chunk-size $cs"; fail=1; }
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
m, e = int(sys.argv[3]), int(sys.argv[4])
assert b["violations_total"] == a["violations_total"], (b["violations_total"], a["violations_total"])
assert b["violations"] == a["violations"][:m], "kept violations are not the first %d" % m
for code, c in a["codes"].items():
    assert b["codes"][code]["count"] == c["count"], code
    assert b["codes"][code]["examples"] == c["examples"][:e], code
assert b["breakdown"] == a["breakdown"], "the breakdown depends on the limits or --jobs"
PY
    done
  done
done
[ $fail -eq 0 ] && echo "jobs: ok"
exit $fail
