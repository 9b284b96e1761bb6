#!/usr/bin/env bash
# Hostile inputs that once made `taxonc check`/`lint` crawl: each is
# generated here, run under `timeout` as a hang guard (not a speed test:
# the limits are generous and a fixed build finishes in well under a
# second), and its output is checked for the expected finding.
#   - a string enum value made of 400,000 one-letter words (`bBbB...`):
#     the identifier mapping once re-split the rest of the name for every
#     word, quadratic in the length
#   - 100,000 references to unknown properties against a dictionary of
#     40,000: each of the first thousand diagnostics once computed an edit
#     distance to every dictionary name (minutes); suggestions now skip
#     hopeless candidates cheaply and share a per-run budget
#   - 10,000 diagnostics far into a 9 MB one-line (minified) file: each
#     once scanned the line to its end and counted code points from its
#     start (hours); the line table and per-block counts make both cheap
#   - 300,000 user properties, each listed twice: every repeat once scanned
#     the list so far for the first listing
#   - an event listing 300,000 property groups: the same scan per group
#   - 300,000 lint findings kept with --max-errors: lint appends them rule
#     by rule and the insertion sort before printing took minutes
. "$(dirname "$0")/lib/e2e.bash"
# generous under sanitizers (several times slower); an unfixed build is
# slower still by far more
[ -n "${SANITIZE:-}" ] && LIMIT=${HOSTILE_TIMEOUT:-120} || LIMIT=${HOSTILE_TIMEOUT:-30}

run() { # description, expected exit, expected text in the output, command...
  local what=$1 want=$2 text=$3; shift 3
  timeout "$LIMIT" "$@" >"$TMPDIR/out" 2>&1; local got=$?
  if [ "$got" -eq 124 ]; then
    echo "FAIL $what: still running after ${LIMIT}s"; fail=$((fail+1)); return
  fi
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $what: exit $got, expected $want"; head -c 2000 "$TMPDIR/out"; fail=$((fail+1)); return
  fi
  grep -qF -- "$text" "$TMPDIR/out" ||
    { echo "FAIL $what: '$text' not in the output"; head -c 2000 "$TMPDIR/out"; fail=$((fail+1)); }
}

# The inputs, in the order of the list above, from one generator.
python3 - "$TMPDIR" <<'EOF'
import sys
tmp = sys.argv[1] + "/"

def defs_then_list(name, head, key, entry, tail, n=300000):
    """head, n definitions (entry % key), then tail(the n keys, joined)."""
    keys = [key % i for i in range(n)]
    with open(tmp + name, "w") as f:
        f.write(head)
        for k in keys:
            f.write(entry % k)
        f.write(tail(", ".join(keys)))

v = "bB" * 200000
with open(tmp + "words.yaml", "w") as f:
    f.write("taxonomy: t\nproperties:\n")
    f.write("  login_type: {type: string, description: x, enum: [%s, %s]}\n" % (v, v.lower()))
    f.write("events:\n  view_page: {description: x, properties: [login_type]}\n")

with open(tmp + "unknown.yaml", "w") as f:
    f.write("taxonomy: t\nproperties:\n")
    for i in range(40000):
        f.write("  prop_name_%05d: string\n" % i)
    f.write("events:\n")
    for i in range(5000):
        f.write("  view_x%d:\n    properties: [%s]\n" % (i, ", ".join(
            "prop_nane_%05d" % ((i * 7 + j) % 40000) for j in range(20))))

parts = ["p%06d: string" % i for i in range(500000)] + \
        ["q%06d: {type: strin}" % i for i in range(10000)]
with open(tmp + "oneline.yaml", "w") as f:
    f.write("{taxonomy: t, properties: {" + ", ".join(parts) + "}}\n")

defs_then_list("users.yaml", "taxonomy: t\nproperties:\n", "p%06d", "  %s: string\n",
               lambda keys: "user_properties: [%s, %s]\n" % (keys, keys))
defs_then_list("groups.yaml", "taxonomy: t\nproperties: {a: string}\nproperty_groups:\n",
               "g%06d", "  %s: {properties: [a]}\n",
               lambda keys: "events:\n  view_page:\n    groups: [%s, g000000]\n" % keys)

with open(tmp + "findings.yaml", "w") as f:
    f.write("taxonomy: t\nproperties: {a: string}\nevents:\n")
    for i in range(100000):     # three findings each
        f.write("  View%06d: {properties: [a]}\n" % i)
EOF

run "long many-word enum value" 0 "[enum-value-duplicate]" "$TAXONC" lint --no-color "$TMPDIR/words.yaml"

run "many unknown names, big dictionary" 1 \
  "unknown property 'prop_nane_00000'; did you mean 'prop_name_00000'?" \
  "$TAXONC" check "$TMPDIR/unknown.yaml"
grep -qF ": 100000 errors" "$TMPDIR/out" ||
  { echo "FAIL many unknown names: not all counted"; tail -3 "$TMPDIR/out"; fail=$((fail+1)); }

run "10,000 diagnostics far into one 9 MB line" 1 "unknown type 'strin'; did you mean 'string'?" \
  "$TAXONC" check --max-errors 10000 "$TMPDIR/oneline.yaml"
grep -qF "oneline.yaml:1:8500044: error: unknown type 'strin'" "$TMPDIR/out" ||
  { echo "FAIL one line: column of the first error"; grep -m1 error "$TMPDIR/out" | cut -c1-100; fail=$((fail+1)); }

run "300,000 user properties listed twice" 1 "user property 'p000000' is listed twice" \
  "$TAXONC" check "$TMPDIR/users.yaml"

run "an event listing 300,000 groups" 1 "property group 'g000000' is listed twice" \
  "$TAXONC" check "$TMPDIR/groups.yaml"

run "300,000 lint findings kept with --max-errors" 0 "title=missing-description::" \
  "$TAXONC" check --max-errors 1000000 --format github "$TMPDIR/findings.yaml"
[ "$(grep -c '^::' "$TMPDIR/out")" = 300000 ] ||
  { echo "FAIL findings: not 300000 annotations"; fail=$((fail+1)); }
head -n 2 "$TMPDIR/out" | tail -n 1 | grep -q 'line=4,.*title=event-name-style' ||
  { echo "FAIL findings: not sorted by position"; head -n 2 "$TMPDIR/out"; fail=$((fail+1)); }

echo "hostile_inputs: $fail failed"
[ "$fail" -eq 0 ]
