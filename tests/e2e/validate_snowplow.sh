#!/usr/bin/env bash
# Snowplow: self-describing JSON {"schema": "iglu:...", "data": {...}} and
# enriched events in JSON (unstruct_event.data) against
# tests/fixtures/snowplow/taxonomy.yaml, whose events say which Iglu vendor
# and SchemaVer versions they accept (iglu:). Pins every verdict by line,
# code, path and message; the profile is detected from the first record;
# the fast path and --full-walk must give byte-identical reports and
# filter outputs. Also: the iglu: key is checked when the taxonomy loads.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fx="$ROOT/tests/fixtures/snowplow"
fail=0
for log in self_describing enriched; do
  "$TAXONC" validate --format json "$fx/taxonomy.yaml" "$fx/$log.ndjson" >"$TMPDIR/$log.json"
  [ $? -eq 1 ] || { echo "FAIL: $log: exit code"; fail=1; }
  "$TAXONC" validate --profile snowplow --full-walk --format json "$fx/taxonomy.yaml" \
    "$fx/$log.ndjson" >"$TMPDIR/$log.full.json"
  cmp -s "$TMPDIR/$log.json" "$TMPDIR/$log.full.json" ||
    { echo "FAIL: $log: detected profile + fast path differ from --profile snowplow --full-walk"; fail=1; }
  "$TAXONC" validate --valid-out "$TMPDIR/$log.v1" --invalid-out "$TMPDIR/$log.i1" \
    "$fx/taxonomy.yaml" "$fx/$log.ndjson" >/dev/null
  "$TAXONC" validate --full-walk --valid-out "$TMPDIR/$log.v2" --invalid-out "$TMPDIR/$log.i2" \
    "$fx/taxonomy.yaml" "$fx/$log.ndjson" >/dev/null
  cmp -s "$TMPDIR/$log.v1" "$TMPDIR/$log.v2" && cmp -s "$TMPDIR/$log.i1" "$TMPDIR/$log.i2" ||
    { echo "FAIL: $log: filter outputs differ from the full walk"; fail=1; }
done
python3 - "$TMPDIR" <<'PY' || fail=1
import json, sys
d = sys.argv[1]
URI = "is not an Iglu URI iglu:vendor/name/jsonschema/M-R-A"
ACC = "is not accepted; it accepts 1-0-*, 1-1-0"
want = {
  "self_describing": ([
    (4, "schema-version", "/schema", "version 2-0-0 of event 'checkout_cart' " + ACC),
    (5, "schema-version", "/schema", "version 1-2-0 of event 'checkout_cart' " + ACC),
    (5, "out-of-range", "/data/total", "-1 is less than the minimum 0"),
    (6, "schema-version", "/schema",
     "Iglu vendor 'com.other' is not the vendor of event 'add_to_cart' (com.acme)"),
    (9, "bad-iglu-uri", "/schema", "'iglu:com.acme/checkout_cart/jsonschema/1-0' " + URI),
    (10, "bad-iglu-uri", "/schema", "'iglu:com.acme/checkout_cart/avro/1-0-0' " + URI),
    (11, "bad-iglu-uri", "/schema", "'com.acme/checkout_cart/jsonschema/1-0-0' " + URI),
    (12, "bad-iglu-uri", "/schema", "the schema is a number, not an Iglu URI"),
    (13, "unknown-event", "/schema", "unknown event 'chekout_cart'; did you mean 'checkout_cart'?"),
    (14, "not-an-event", "", "no event name at '/schema or /unstruct_event/data/schema'"),
    (15, "missing-required", "/data", "required property 'total' of event 'checkout_cart' is missing"),
  ], (5, 10, 10, 0)),
  "enriched": ([
    (3, "schema-version", "/unstruct_event/data/schema", "version 3-0-0 of event 'checkout_cart' " + ACC),
    (3, "wrong-type", "/unstruct_event/data/data/total", "expected number, found string"),
    (4, "not-an-event", "/unstruct_event/data", "'data' is a string, expected an object"),
  ], (2, 2, 2, 1)),
}
bad = 0
for log, (viol, counts) in want.items():
    r = json.load(open("%s/%s.json" % (d, log)))
    if r["profile"] != "snowplow":
        print("FAIL: %s: profile %s" % (log, r["profile"])); bad = 1
    got = sorted((v["line"], v["code"], v["path"], v["message"]) for v in r["violations"])
    if got != sorted(viol):
        print("FAIL: %s: verdicts differ" % log); bad = 1
        for g in got:
            if g not in viol: print("  got, not wanted:", g)
        for w in viol:
            if w not in got: print("  wanted, not got:", w)
    c = (r["valid"], r["invalid"], r["events"], r["ignored"])
    if c != counts:
        print("FAIL: %s: valid/invalid/events/ignored %s, want %s" % (log, c, counts)); bad = 1
    # the event named by the schema (vendor dropped) is what the report counts
    if log == "self_describing":
        seen = {e["name"]: (e["seen"], e["valid"]) for e in r["event_types"]}
        want_seen = {"checkout_cart": (6, 3), "add_to_cart": (2, 1), "search_site": (1, 1)}
        if seen != want_seen:
            print("FAIL: per-event counts", seen); bad = 1
sys.exit(bad)
PY
# iglu: in the taxonomy is checked when it loads.
cat >"$TMPDIR/bad.yaml" <<'EOF'
taxonomy: acme
version: 1.0.0
properties:
  q: {type: string, description: q}
events:
  search_site: {description: s, iglu: {vendor: "a/b", versions: ["1-0", "1-*-x"], format: x}}
EOF
"$TAXONC" check "$TMPDIR/bad.yaml" >"$TMPDIR/bad.out" 2>&1
[ $? -eq 1 ] || { echo "FAIL: a bad iglu: key loads"; fail=1; }
for m in "invalid Iglu vendor 'a/b'" "invalid Iglu version '1-0'" "invalid Iglu version '1-\*-x'" \
         "unknown key 'format' in 'iglu' of event 'search_site'"; do
  grep -q "$m" "$TMPDIR/bad.out" || { echo "FAIL: taxonomy check lacks: $m"; cat "$TMPDIR/bad.out"; fail=1; }
done
# VENDOR/NAME names the event when the taxonomy has that name.
cat >"$TMPDIR/vn.yaml" <<'EOF'
taxonomy: acme
version: 1.0.0
properties:
  q: {type: string, description: q}
events:
  com.acme/search_site: {description: s, properties: {q: required}}
  search_site: {description: s2}
EOF
printf '%s\n' '{"schema":"iglu:com.acme/search_site/jsonschema/1-0-0","data":{}}' \
  '{"schema":"iglu:org.other/search_site/jsonschema/1-0-0","data":{}}' >"$TMPDIR/vn.ndjson"
"$TAXONC" validate --format json "$TMPDIR/vn.yaml" "$TMPDIR/vn.ndjson" >"$TMPDIR/vn.json"
python3 - "$TMPDIR/vn.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
got = [(v["line"], v["code"], v["event"]) for v in r["violations"]]
if got != [(1, "missing-required", "com.acme/search_site")] or r["valid"] != 1:
    print("FAIL: vendor/name lookup:", got, r["valid"]); sys.exit(1)
PY
[ $fail -eq 0 ] && echo "snowplow: ok"
exit $fail
