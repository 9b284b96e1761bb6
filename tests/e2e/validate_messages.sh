#!/usr/bin/env bash
# Messages that say what is wrong: when a batch wrapper's member (amplitude
# "events", segment "batch", braze "events"/"attributes"/"purchases") is
# not an array, when an element is not an object, when a batch event has
# no name, or when a custom profile's object on the way to the name is
# something else, the verdict names that member, what it is and what was
# expected, at its JSON Pointer; it does not fall back to "no event name at
# '/event_type'". Each case runs with the fast path and with --full-walk,
# and the two reports must be identical.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
tax="$ROOT/tests/fixtures/messages/taxonomy.yaml"
fail=0
n=0
# case: profile args, the record, then the expected "code|path|message" lines
check() { # args (a string), record, expected...
  local args=$1 rec=$2; shift 2
  n=$((n+1))
  printf '%s\n' "$rec" >"$TMPDIR/r$n.ndjson"
  # shellcheck disable=SC2086
  "$TAXONC" validate $args --format json "$tax" "$TMPDIR/r$n.ndjson" >"$TMPDIR/fast$n.json" 2>&1
  # shellcheck disable=SC2086
  "$TAXONC" validate --full-walk $args --format json "$tax" "$TMPDIR/r$n.ndjson" >"$TMPDIR/full$n.json" 2>&1
  cmp -s "$TMPDIR/fast$n.json" "$TMPDIR/full$n.json" ||
    { echo "FAIL case $n ($rec): the fast path and the full walk disagree"; fail=1; }
  printf '%s\n' "$@" >"$TMPDIR/want$n"
  if ! python3 - "$TMPDIR/full$n.json" "$TMPDIR/want$n" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted("%s|%s|%s" % (v["code"], v["path"], v["message"]) for v in r["violations"])
want = sorted(l for l in open(sys.argv[2]).read().split("\n") if l)
if got != want:
    print(" got:", got)
    print("want:", want)
    sys.exit(1)
PY
  then echo "FAIL case $n: $args $rec"; fail=1; fi
}

# Amplitude HTTP API bodies.
check "" '{"api_key":"k","events":{"event_type":"view_item"}}' \
  "not-an-event|/events|'events' is an object, expected an array of events"
check "" '{"api_key":"k","events":"view_item"}' \
  "not-an-event|/events|'events' is a string, expected an array of events"
check "" '{"api_key":"k","events":null}' \
  "not-an-event|/events|'events' is null, expected an array of events"
check "" '{"api_key":"k","events":[{"event_type":"view_item"},7]}' \
  "not-an-event|/events/1|an element of 'events' is a number, not an event object"
check "" '{"api_key":"k","events":[{"event_properties":{}}]}' \
  "not-an-event|/events/0|no event name: the event has no 'event_type' member"
# Segment batch.
check "--profile segment" '{"batch":{"type":"track","event":"view_item"}}' \
  "not-an-event|/batch|'batch' is an object, expected an array of events"
check "--profile segment" '{"batch":[[1]]}' \
  "not-an-event|/batch/0|an element of 'batch' is an array, not an event object"
# Braze /users/track bodies (detected by their attributes/purchases keys).
check "" '{"attributes":[{"external_id":"u1"}],"events":{"name":"view_item"}}' \
  "not-an-event|/events|'events' is an object, expected an array of events"
check "" '{"attributes":{"external_id":"u1"}}' \
  "wrong-type|/attributes|'attributes' is an object, expected an array of user attributes objects"
check "" '{"attributes":["u1"]}' \
  "wrong-type|/attributes/0|an element of 'attributes' is a string, not a user attributes object"
check "" '{"purchases":{"product_id":"p","currency":"USD","price":1}}' \
  "wrong-type|/purchases|'purchases' is an object, expected an array of objects"
check "--profile braze" '{"purchases":[{"product_id":"p","currency":"USD","price":1},true]}' \
  "wrong-type|/purchases/1|an element of 'purchases' is a boolean, not an object"
# A custom profile's object on the way to the name or the properties.
check "--profile custom --event-path /meta/name --props-path /meta/props" '{"meta":"view_item"}' \
  "not-an-event|/meta|'meta' is a string, expected an object"
check "--profile custom --event-path /name --props-path /ctx/props" '{"name":"view_item","ctx":5}' \
  "not-an-event|/ctx|'ctx' is a number, expected an object"
# The record itself.
check "" '"view_item"' \
  "not-an-event||the record is a string, not an event object"
# And the plain cases stay valid.
check "" '{"api_key":"k","events":[{"event_type":"view_item"}]}'
check "--profile custom --event-path /name --props-path /ctx/props" '{"name":"view_item","ctx":null}'
[ $fail -eq 0 ] && echo "messages: $n cases ok"
exit $fail
