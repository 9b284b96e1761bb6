#!/usr/bin/env bash
# validate on issue 16's kinds (docs/validate.md, "Unions, any, open objects
# and variants"): any, null, unions (the branch of the value's JSON type
# decides; integer or number; enum over every value), open objects
# (additional true or a type), per-event variants (a refinement and an
# event's own definition) and event-local properties, with properties
# before or after the event name. Each record's verdicts (line, code, JSON
# Pointer, message) are pinned; the report and the filter outputs are byte
# for byte the same with the fast path, with --full-walk and with --jobs 2
# in 4 KiB chunks (the log is repeated so chunks split it).
. "$(dirname "$0")/lib/e2e.bash"
cd "$TMPDIR" || exit 2

# The verdicts of the first copy of log $2 under plan $1, one line each:
# "LINE CODE PATH MESSAGE", and "LINE valid" for the valid records.
verdicts() { # plan log n_lines
  local plan=$1 log=$2 n=$3 tag
  tag=$(basename "$log" .jsonl)
  for i in $(seq 40); do cat "$log"; done >"$tag.big.jsonl"
  local mode args
  for mode in fast full jobs; do
    case $mode in
      fast) args=() ;;
      full) args=(--full-walk) ;;
      jobs) args=(--jobs 2 --chunk-size 4096) ;;
    esac
    "$TAXONC" validate "${args[@]}" --format json -o "$tag.$mode.rep" \
      --valid-out "$tag.$mode.valid" --invalid-out "$tag.$mode.invalid" "$plan" "$tag.big.jsonl"
    [ $? = 1 ] || { echo "FAIL $tag $mode: exit status (want 1)"; fail=1; }
  done
  for mode in full jobs; do
    for f in rep valid invalid; do
      cmp -s "$tag.fast.$f" "$tag.$mode.$f" || { echo "FAIL $tag: $f differs between the fast path and $mode"; fail=1; }
    done
  done
  python3 - "$tag.fast.invalid" "$tag.fast.valid" "$log" "$n" <<'PY'
import json, sys
inv, valid, log, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
lines = open(log).read().splitlines()
out = []
for l in open(inv):
    r = json.loads(l)
    if r["line"] > n:
        continue
    for v in r["violations"]:
        out.append((r["line"], "%d %s %s %s" % (r["line"], v["code"], v["path"], v["message"])))
# valid records come out verbatim: the first copy's lines among them
for i in sorted({lines.index(l) + 1 for l in open(valid).read().splitlines() if l in lines}):
    out.append((i, "%d valid" % i))
out.sort(key=lambda x: x[0])
print("\n".join(s for _, s in out))
PY
}

plan="$ROOT/tests/golden/check/types_v2.yaml"
cat >a.jsonl <<'EOF'
{"event":"view_product","properties":{"price":5,"context":{"a":[1,null]}}}
{"event":"view_product","properties":{"price":2000000,"context":null}}
{"event":"complete_purchase","properties":{"price":5,"currency":"KRW","quantity":3,"id":"P12","address":{"city":"Seoul","zip":"123"},"labels":{"a":"b"},"scores":{"x":1},"size":"S","payload":[1],"nothing":null,"coupon":null}}
{"event":"complete_purchase","properties":{"price":2000000,"currency":"EUR","quantity":true,"id":"X1","address":{"city":5},"labels":{"a":1},"scores":{"x":-1},"size":"L","nothing":0,"coupon":5}}
{"event":"complete_purchase","properties":{"price":5,"currency":"USD","quantity":0,"id":0,"size":3}}
{"event":"complete_purchase","properties":{"price":5,"currency":"USD","quantity":"12345","size":true}}
{"properties":{"price":2000000,"currency":"KRW"},"event":"complete_purchase"}
{"event":"view_product","properties":{"price":5,"currency":"KRW"}}
{"event":"nope","properties":{"price":-1,"currency":5}}
{"event":"complete_purchase","properties":{"price":1,"quantity":"4","size":2,"id":7,"coupon":"c"}}
EOF
got=$(verdicts "$plan" a.jsonl 10)
want=$(cat <<'EOF'
1 valid
2 valid
3 valid
4 out-of-range /properties/price 2000000 is more than the maximum 1000000
4 not-in-enum /properties/currency 'EUR' is not an allowed value
4 wrong-type /properties/quantity expected integer or string, found boolean
4 pattern-mismatch /properties/id 'X1' does not match the pattern
4 wrong-type /properties/address/city expected string, found integer
4 wrong-type /properties/labels/a expected string, found integer
4 out-of-range /properties/scores/x -1 is less than the minimum 0
4 not-in-enum /properties/size 'L' is not an allowed value
4 wrong-type /properties/nothing expected null, found integer
4 wrong-type /properties/coupon expected string, found integer
5 out-of-range /properties/quantity 0 is less than the minimum 1
5 out-of-range /properties/id 0 is less than the minimum 1
5 not-in-enum /properties/size 3 is not an allowed value
6 too-long /properties/quantity string has 5 code points, more than 4
6 wrong-type /properties/size expected string or integer, found boolean
7 out-of-range /properties/price 2000000 is more than the maximum 1000000
8 unknown-property /properties/currency property 'currency' is not defined for event 'view_product'
9 unknown-event /event unknown event 'nope'
9 out-of-range /properties/price -1 is less than the minimum 0
10 missing-required /properties required property 'currency' of event 'complete_purchase' is missing
EOF
)
[ "$got" = "$want" ] || { echo "FAIL types_v2 verdicts:"; diff <(echo "$want") <(echo "$got"); fail=1; }

# integer and number branches (named, with bounds of their own), unions as
# array items and as an open object's additional, an enum over two kinds,
# and an event that replaces the dictionary's definition
cat >b.yaml <<'EOF'
taxonomy: shop2
types:
  small_int: {type: integer, max: 10}
  neg_num: {type: number, max: 0}
properties:
  amount: {type: [small_int, neg_num]}
  tags: {type: array, items: {type: [string, integer]}}
  mix: {type: [boolean, string], enum: [true, 'on']}
  meta: {type: object, properties: {id: {type: integer, required: true}}, additional: {type: [string, integer]}}
events:
  ping:
    properties:
      amount: optional
      tags: optional
      mix: optional
      meta: optional
  pong:
    properties:
      amount: {type: string}
      note: {type: any}
EOF
cat >b.jsonl <<'EOF'
{"event":"ping","properties":{"amount":5,"tags":["a",1],"mix":true,"meta":{"id":1,"x":"y","z":2}}}
{"event":"ping","properties":{"amount":-2.5,"mix":"on"}}
{"event":"ping","properties":{"amount":50,"tags":["a",true],"mix":false,"meta":{"x":[]}}}
{"event":"ping","properties":{"amount":1.5,"mix":"off"}}
{"event":"ping","properties":{"amount":"x","mix":[1]}}
{"properties":{"amount":"five","note":{"k":[1,2]}},"event":"pong"}
{"properties":{"amount":5},"event":"pong"}
EOF
got=$(verdicts b.yaml b.jsonl 7)
want=$(cat <<'EOF'
1 valid
2 valid
3 out-of-range /properties/amount 50 is more than the maximum 10
3 wrong-type /properties/tags/1 expected string or integer, found boolean
3 not-in-enum /properties/mix 'false' is not an allowed value
3 missing-required /properties/meta required field 'id' is missing
3 wrong-type /properties/meta/x expected string or integer, found array
4 out-of-range /properties/amount 1.5 is more than the maximum 0
4 not-in-enum /properties/mix 'off' is not an allowed value
5 wrong-type /properties/amount expected integer or number, found string
5 wrong-type /properties/mix expected boolean or string, found array
6 valid
7 wrong-type /properties/amount expected string, found integer
EOF
)
[ "$got" = "$want" ] || { echo "FAIL shop2 verdicts:"; diff <(echo "$want") <(echo "$got"); fail=1; }
# event-local properties defined by two events (property-variant's golden):
# their table used to live in scratch memory released per item, and
# validate crashed reading it
printf '%s\n' '{"event_type":"complete_purchase","event_properties":{"price":50,"currency":"KRW"}}' \
  '{"event_type":"start_payment","event_properties":{"price":5,"currency":"any text"}}' >"$TMPDIR/local.ndjson"
"$TAXONC" validate --format json "$ROOT/tests/golden/lint/property-variant/bad.yaml" "$TMPDIR/local.ndjson" \
  >"$TMPDIR/local.json" 2>"$TMPDIR/local.err"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL local properties: exit $rc, expected 1: $(cat "$TMPDIR/local.err")"; fail=1; }
python3 - "$TMPDIR/local.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((v["line"], v["code"], v["path"]) for v in r["violations"])
# line 1: price 50 is below complete_purchase's own min 100; line 2 is valid
# (start_payment's currency is a free string)
assert got == [(1, "out-of-range", "/event_properties/price")], got
PY
[ $fail = 0 ] && echo "validate types_v2: ok"
exit $fail
