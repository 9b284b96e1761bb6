#!/usr/bin/env bash
# Hostile event logs through `taxonc validate` (issue 7): each run ends with
# a bounded report or a clear error, within bounded time and memory.
#   a single 64 MB line, a 100,000-deep record, a million distinct unknown
#   event names (report size and RSS stay bounded), a catastrophically
#   backtracking pattern on long values, 8 MB of random bytes, a truncated
#   gzip, 1,000,000 valid records (memory stays flat), a full stdout.
source "$(dirname "$0")/robust.bash"
W=$WORK
cat >"$W/plan.yaml" <<'YAML'
taxonomy: hostile
version: 1.0.0
properties:
  word: {type: string, pattern: '^(a+)+$', description: catastrophic pattern}
  kind: {type: string, enum: [basic, gold], description: kind}
  n: {type: integer, min: 0, max: 10, description: count}
events:
  view_page: {description: page, properties: {word: optional, kind: optional, n: optional}}
YAML

python3 - "$W" <<'PY'
import json, sys
w = sys.argv[1]
with open(f"{w}/long_line.ndjson", "w") as f:
    f.write('{"event_type":"view_page","event_properties":{"kind":"' + "x" * (64 << 20) + '"}}\n')
    f.write('{"event_type":"view_page","event_properties":{"kind":"gold"}}\n')
with open(f"{w}/deep.ndjson", "w") as f:
    f.write('{"event_type":"view_page","event_properties":{"kind":' + "[" * 100000 + "]" * 100000 + "}}\n")
    f.write('{"event_type":"view_page","event_properties":{"kind":"gold"}}\n')
with open(f"{w}/unknown.ndjson", "w") as f:
    for i in range(1000000):
        f.write('{"event_type":"unknown_event_%07d","event_properties":{}}\n' % i)
with open(f"{w}/pattern.ndjson", "w") as f:
    v = "a" * 30000 + "!"
    for i in range(200):
        f.write(json.dumps({"event_type": "view_page", "event_properties": {"word": v}}) + "\n")
with open(f"{w}/valid.ndjson", "w") as f:
    for i in range(1000000):
        f.write('{"event_type":"view_page","event_properties":{"kind":"basic","n":%d}}\n' % (i % 11))
PY

echo "== huge and deep records"
bounded "one 64 MB line" 20 96 -- "$TAXONC" validate "$W/plan.yaml" "$W/long_line.ndjson"
expect_rc long_line 1; expect_err long_line 'record-too-large'
grep -Eq 'valid 1\b|"valid": *1\b' "$OUT" || fail "long_line: the record after the huge line was not validated"
bounded "100,000-deep record" 10 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/deep.ndjson"
expect_rc deep 1; expect_err deep 'too-deep'
grep -Eq 'valid 1\b' "$OUT" || fail "deep: the record after the deep one was not validated"

echo "== a million distinct unknown event names"
bounded "text report" 60 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/unknown.ndjson"
expect_rc unknown 1; expect_err unknown 'unknown-event'
grep -Eq '1000000' "$OUT" || fail "unknown: the million records are not all counted"
[ "$(stat -c %s "$OUT")" -lt 200000 ] || fail "unknown: text report is $(stat -c %s "$OUT") bytes (unbounded?)"
bounded "json report" 60 64 -- "$TAXONC" validate --format json "$W/plan.yaml" "$W/unknown.ndjson"
expect_rc unknown_json 1
[ "$(stat -c %s "$OUT")" -lt 2000000 ] || fail "unknown_json: report is $(stat -c %s "$OUT") bytes (unbounded?)"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" || fail "unknown_json: not valid JSON"
bounded "verbose text report" 60 64 -- "$TAXONC" validate --verbose "$W/plan.yaml" "$W/unknown.ndjson"
expect_rc unknown_verbose 1
[ "$(stat -c %s "$OUT")" -lt 2000000 ] || fail "unknown_verbose: report is $(stat -c %s "$OUT") bytes (--max-errors ignored?)"
bounded "html report" 60 64 -- "$TAXONC" validate --format html "$W/plan.yaml" "$W/unknown.ndjson"
expect_rc unknown_html 1
[ "$(stat -c %s "$OUT")" -lt 3000000 ] || fail "unknown_html: report is $(stat -c %s "$OUT") bytes (unbounded?)"

echo "== catastrophic pattern ^(a+)+\$ on 30,000-character values"
bounded "200 records" 30 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/pattern.ndjson"
expect_rc pattern 1; expect_err pattern 'pattern-mismatch'

echo "== garbage and compression"
head -c 8000000 /dev/urandom >"$W/random.bin"
bounded "8 MB of random bytes" 20 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/random.bin"
[ "$RC" -eq 1 ] || [ "$RC" -eq 2 ] || fail "random: exit $RC"
[ "$(stat -c %s "$OUT")" -lt 200000 ] || fail "random: report is $(stat -c %s "$OUT") bytes"
head -n 20000 "$W/valid.ndjson" | gzip -c >"$W/log.gz"
head -c $(( $(stat -c %s "$W/log.gz") / 2 )) "$W/log.gz" >"$W/truncated.gz"
bounded "truncated gzip" 10 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/truncated.gz"
expect_rc truncated_gz 2; expect_err truncated_gz 'truncated|unexpected end'
{ head -c 10 "$W/log.gz"; head -c 100000 /dev/urandom; } >"$W/corrupt.gz"
bounded "gzip header + random bytes" 10 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/corrupt.gz"
expect_rc corrupt_gz 2; expect_err corrupt_gz 'gzip'
# A gzip bomb: 300 MB of one repeated record compresses ~150:1; streaming keeps memory flat.
yes '{"event_type":"view_page","event_properties":{"kind":"gold"}}' | head -c 300000000 | gzip -9 -c >"$W/bomb.gz"
bounded "gzip of 300 MB ($(( $(stat -c %s "$W/bomb.gz") / 1000 )) KB compressed)" 60 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/bomb.gz"
[ "$RC" -le 1 ] || fail "gzip_bomb: exit $RC"

echo "== memory stays flat"
bounded "1,000,000 valid records (~70 MB)" 30 64 -- "$TAXONC" validate "$W/plan.yaml" "$W/valid.ndjson"
expect_rc valid 0
bounded "the same on stdin" 30 64 --stdin "$W/valid.ndjson" -- "$TAXONC" validate "$W/plan.yaml" -
expect_rc valid_stdin 0
bounded "the same with --jobs 2" 30 96 -- "$TAXONC" validate --jobs 2 "$W/plan.yaml" "$W/valid.ndjson"
expect_rc valid_jobs 0

echo "== full output"
if "$TAXONC" validate "$W/plan.yaml" "$W/pattern.ndjson" >/dev/full 2>"$ERR"; then rc=0; else rc=$?; fi
[ "$rc" -eq 2 ] || fail "report to /dev/full: exit $rc, expected 2 (an unwritten report is not a result)"
finish
