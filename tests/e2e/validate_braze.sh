#!/usr/bin/env bash
# Braze /users/track bodies: events[] are checked as events, attributes[]
# objects against the user properties: declared ones by type (null removes
# an attribute; {"inc": n}, {"add": [...]}, {"remove": [...]} are Braze's
# operations), Braze's standard fields (external_id, first_name, email,
# ...) left alone, anything else not a user property. Pins every verdict
# of tests/fixtures/braze/users_track.ndjson by line, code and path.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fx="$ROOT/tests/fixtures/braze"
"$TAXONC" validate --profile braze --format json "$fx/taxonomy.yaml" "$fx/users_track.ndjson" >"$TMPDIR/r.json"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; exit 1; }
# auto-detection picks braze for these bodies too
"$TAXONC" validate --format json "$fx/taxonomy.yaml" "$fx/users_track.ndjson" >"$TMPDIR/auto.json"
cmp -s "$TMPDIR/r.json" "$TMPDIR/auto.json" || { echo "FAIL: detected profile differs from --profile braze"; exit 1; }
python3 - "$TMPDIR/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((v["line"], v["code"], v["path"]) for v in r["violations"])
want = sorted([
    (3, "not-in-enum", "/attributes/0/tier_u"),
    (3, "wrong-type", "/attributes/0/visits/inc"),
    (3, "not-in-enum", "/attributes/0/tags/remove/0"),
    (3, "unknown-property", "/attributes/0/favorite"),
    (3, "duplicate-key", "/attributes/0/visits"),
    (4, "unknown-property", "/attributes/0/visits"),
    (4, "wrong-type", "/attributes/0/tier_u"),
    (4, "deprecated-property", "/attributes/0/old_u"),
    (4, "wrong-type", "/attributes/1"),
    (5, "wrong-type", "/attributes"),
])
if got != want:
    print("FAIL: verdicts differ")
    print(" got:", got)
    print("want:", want)
    sys.exit(1)
assert (r["valid"], r["invalid"], r["events"]) == (2, 3, 1), (r["valid"], r["invalid"], r["events"])
assert r["coverage"]["properties_seen"] == 5, r["coverage"]
PY
