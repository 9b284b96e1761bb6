#!/usr/bin/env bash
# Braze /users/track bodies: events[] are checked as events, attributes[]
# objects against the user properties: declared ones by type (null removes
# an attribute; {"inc": n}, {"add": [...]}, {"remove": [...]} are Braze's
# operations), Braze's standard fields (external_id, first_name, email,
# ...) left alone, anything else not a user property. Pins every verdict
# of tests/fixtures/braze/users_track.ndjson by line, code and path.
# Then nested custom attributes (tests/fixtures/braze/nested.json, bodies
# shaped as Braze's /users/track docs show them): $add items checked as the
# array's item object, $remove/$update identified by $identifier_key (a
# field of the item) and $identifier_value (of that field's type),
# $new_object a partial item, unknown operations reported at their pointer;
# the fast path and --full-walk must agree.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fx="$ROOT/tests/fixtures/braze"
"$TAXONC" validate --profile braze --format json "$fx/taxonomy.yaml" "$fx/users_track.ndjson" >"$TMPDIR/r.json"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1"; exit 1; }
# auto-detection picks braze for these bodies too
"$TAXONC" validate --format json "$fx/taxonomy.yaml" "$fx/users_track.ndjson" >"$TMPDIR/auto.json"
cmp -s "$TMPDIR/r.json" "$TMPDIR/auto.json" || { echo "FAIL: detected profile differs from --profile braze"; exit 1; }
python3 - "$TMPDIR/r.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((v["line"], v["code"], v["path"]) for v in r["violations"])
want = sorted([
    (3, "not-in-enum", "/attributes/0/tier_u"),
    (3, "wrong-type", "/attributes/0/visits/inc"),
    (3, "not-in-enum", "/attributes/0/tags/remove/0"),
    (3, "unknown-property", "/attributes/0/favorite"),
    (3, "duplicate-key", "/attributes/0/visits"),
    (4, "unknown-property", "/attributes/0/visits/dec"),
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

n="$fx/nested.json"
"$TAXONC" validate --format json "$fx/nested_taxonomy.yaml" "$n" >"$TMPDIR/n.json"
[ $? -eq 1 ] || { echo "FAIL: nested: exit code"; exit 1; }
"$TAXONC" validate --full-walk --format json "$fx/nested_taxonomy.yaml" "$n" >"$TMPDIR/n_full.json"
cmp -s "$TMPDIR/n.json" "$TMPDIR/n_full.json" || { echo "FAIL: nested: fast path and full walk differ"; exit 1; }
python3 - "$TMPDIR/n.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted((v["line"], v["code"], v["path"], v["message"]) for v in r["violations"])
P = "/attributes/0/pets/"
want = sorted([
    (37, "missing-required", P + "$add/0", "required field 'name' is missing"),
    (37, "out-of-range", P + "$add/0/id", "0 is less than the minimum 1"),
    (37, "not-in-enum", P + "$add/0/type", "'bird' is not an allowed value"),
    (38, "unknown-property", P + "$remove/0/$identifier_key",
     "$identifier_key 'uid' is not a field of the array's objects"),
    (38, "wrong-type", P + "$remove/1/$identifier_value", "expected integer, found string"),
    (38, "wrong-type", P + "$remove/2",
     "expected an object with $identifier_key and $identifier_value in $remove, found integer"),
    (39, "not-in-enum", P + "$update/0/$new_object/type", "'lizard' is not an allowed value"),
    (39, "unknown-property", P + "$update/0/$new_object/colour", "unknown field 'colour'"),
    (39, "missing-required", P + "$update/1", "'$identifier_key' is missing in a Braze $update item"),
    (40, "unknown-property", P + "$foo",
     "unknown Braze array operation '$foo'; expected $add, $remove or $update"),
    (45, "wrong-type", P + "$update", "expected an array for $update, found object"),
    (45, "wrong-type", P + "$remove/0/$identifier_key",
     "expected a field name for $identifier_key, found integer"),
    (45, "unknown-property", P + "$remove/0/extra",
     "unexpected 'extra' in a Braze $remove item; expected $identifier_key, $identifier_value"),
])
if got != want:
    print("FAIL: nested verdicts differ")
    for g in got:
        if g not in want: print(" got, not wanted:", g)
    for w in want:
        if w not in got: print(" wanted, not got:", w)
    sys.exit(1)
# record 1 (Braze's documented shape: $add, $remove, $update with a partial
# $new_object, add+remove on strings, inc, standard fields, purchases) and
# record 4 (a plain array of objects) are valid
assert (r["valid"], r["invalid"], r["events"]) == (2, 2, 1), (r["valid"], r["invalid"], r["events"])
PY

# Braze's standard fields as its user attributes object documents them in
# 2026: alias_name/alias_label and subscription_groups are Braze's own;
# image_url left the table, so an undeclared one is a custom attribute.
printf '%s\n' \
  '{"attributes":[{"external_id":"u6","alias_name":"device123","alias_label":"my_device_identifier","subscription_groups":[{"subscription_group_id":"g","subscription_state":"subscribed"}],"email_open_tracking_disabled":true}]}' \
  '{"attributes":[{"external_id":"u7","image_url":"https://example.com/a.png"}]}' >"$TMPDIR/std.ndjson"
"$TAXONC" validate --profile braze --format json "$fx/taxonomy.yaml" "$TMPDIR/std.ndjson" >"$TMPDIR/std.json"
python3 - "$TMPDIR/std.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
got = [(v["line"], v["code"], v["path"]) for v in r["violations"]]
want = [(2, "unknown-property", "/attributes/0/image_url")]
if got != want:
    print("FAIL: standard fields: got", got, "want", want); sys.exit(1)
PY
