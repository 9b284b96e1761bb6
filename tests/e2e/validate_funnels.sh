#!/usr/bin/env bash
# Funnels in `taxonc validate` (issue 18, docs/validate.md "Funnels") with
# the plan tests/fixtures/funnels/taxonomy.yaml: a generated log of
# journeys with known in-order, input-swapped, out-of-order, skipped-step,
# key-missing, key-changed and dropped-off users, and anonymous users who
# sign in (docs/validate.md "Journeys": a record with both ids links the
# device to the user); the conversion counts and
# every violation (code and line) must come out exactly, in text, JSON,
# JUnit (junit-10.xsd) and HTML (inline SVG, no script); --jobs 1 and 2 and
# gzip input give identical reports; a small --funnel-journeys table evicts
# and counts exactly; Segment and Mixpanel records (ISO and epoch-second
# times) are read too.
. "$(dirname "$0")/lib/e2e.bash"
d="$TMPDIR/funnels"
mkdir -p "$d"
t="$ROOT/tests/fixtures/funnels/taxonomy.yaml"

# The log and what it must give, from one generator (expected.json).
python3 - "$d" <<'EOF' || exit 1
import json, sys
d = sys.argv[1]
base = 1700000000000
recs = []          # (time, seq, record, user, kind)
cats = {"A": 40, "B": 10, "C": 7, "D": 5, "E": 3, "F": 4, "G": 6,
        "H": 6, "I": 4, "J": 3, "K": 2}
u = 0
def add(t, rec, tag):
    recs.append([t, len(recs), rec, tag])
for cat, n in cats.items():
    for _ in range(n):
        u += 1
        t0 = base + u * 7000
        who = {"user_id": "u%d" % u}
        dev = {"device_id": "d%d" % u}
        both = {**who, **dev}
        p = "P%d" % u
        def ev(name, t, prod=p, ident=who, tag=None):
            r = {"event_type": name, **ident, "time": t, "event_properties": {"product_id": prod}}
            add(t, r, (cat, u, name) if tag is None else tag)
        if cat in "AB":      # in order
            ev("view_product", t0); ev("select_option", t0 + 60000)
            ev("complete_purchase", t0 + 120000)
        elif cat == "C":     # select before view (in time), then pay
            ev("select_option", t0); ev("view_product", t0 + 60000)
            ev("complete_purchase", t0 + 120000)
        elif cat == "D":     # no select
            ev("view_product", t0); ev("complete_purchase", t0 + 60000)
        elif cat == "E":     # no user or device id
            ev("view_product", t0, ident={})
        elif cat == "F":     # selects another product than it viewed
            ev("view_product", t0); ev("select_option", t0 + 60000, prod=p + "x")
        elif cat == "G":     # drops off
            ev("view_product", t0)
        elif cat == "H":     # views anonymously, signs in to select, pays as the user
            ev("view_product", t0, ident=dev); ev("select_option", t0 + 60000, ident=both)
            ev("complete_purchase", t0 + 120000)
        elif cat == "I":     # the same, but pays with the (linked) device id alone
            ev("view_product", t0, ident=dev); ev("select_option", t0 + 60000, ident=both)
            ev("complete_purchase", t0 + 120000, ident=dev)
        elif cat == "J":     # anonymous throughout, never signs in: its own identity
            ev("view_product", t0, ident=dev); ev("select_option", t0 + 60000, ident=dev)
        elif cat == "K":     # viewed signed in, selects anonymously, pays with both: merged
            ev("view_product", t0); ev("select_option", t0 + 60000, ident=dev)
            ev("complete_purchase", t0 + 120000, ident=both)
recs.sort(key=lambda r: (r[0], r[1]))
# B: input order swapped (the purchase before the select), times kept
for uu in {r[3][1] for r in recs if r[3][0] == "B"}:
    i = next(k for k, r in enumerate(recs) if r[3] == ("B", uu, "select_option"))
    j = next(k for k, r in enumerate(recs) if r[3] == ("B", uu, "complete_purchase"))
    recs[i], recs[j] = recs[j], recs[i]
with open(d + "/journeys.ndjson", "w") as f:
    for r in recs:
        f.write(json.dumps(r[2], separators=(",", ":")) + "\n")
line = {tuple(r[3]): k + 1 for k, r in enumerate(recs)}
V = []
for (cat, uu, name), ln in line.items():
    if cat == "C" and name == "select_option":
        V += [("funnel-out-of-order", ln)] * 2          # buy and product
    if cat == "D" and name == "complete_purchase":
        V.append(("funnel-skipped-step", ln))
    if cat == "E":
        V.append(("funnel-key-mismatch", ln))           # buy: no user
    if cat == "F" and name == "select_option":
        V.append(("funnel-key-mismatch", ln))           # product: changed
c = cats
# H, I and K are one journey each in both funnels, completed; J is a
# device's journey: it drops off in buy and completes product
signed = c["H"] + c["I"] + c["K"]
exp = {
    "buy": {"hits": 3 * (c["A"] + c["B"] + c["C"]) + 2 * (c["D"] + c["F"]) + c["E"] + c["G"]
                    + 3 * signed + 2 * c["J"],
            "journeys": 87, "entered": 87, "completed": 62, "reached": [87, 69, 62],
            "violations": {"funnel-out-of-order": 7, "funnel-skipped-step": 5,
                           "funnel-key-mismatch": 3, "key_missing": 3, "key_changed": 0}},
    "product": {"journeys": 90, "entered": 90, "completed": 65, "reached": [90, 65],
                "violations": {"funnel-out-of-order": 7, "funnel-skipped-step": 0,
                               "funnel-key-mismatch": 4, "key_missing": 0, "key_changed": 4}},
}
json.dump({"funnels": exp, "violations": sorted(V)}, open(d + "/expected.json", "w"))
EOF

log="$d/journeys.ndjson"
for fmt in text json junit html; do
  "$TAXONC" validate --format $fmt "$t" "$log" >"$d/r1.$fmt"
  rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: $fmt: exit $rc (funnel codes do not fail by default)"; fail=1; }
  "$TAXONC" validate --format $fmt --jobs 2 --chunk-size 4096 "$t" "$log" >"$d/r2.$fmt"
  cmp -s "$d/r1.$fmt" "$d/r2.$fmt" || { echo "FAIL: --jobs 2 $fmt differs"; diff "$d/r1.$fmt" "$d/r2.$fmt" | head; fail=1; }
done
# gzip: the same report but for the file name
gzip -c "$log" >"$d/journeys.ndjson.gz"
"$TAXONC" validate --format json --jobs 2 --chunk-size 4096 "$t" "$d/journeys.ndjson.gz" |
  sed 's/journeys\.ndjson\.gz/journeys.ndjson/g' >"$d/gz.json"
python3 - "$d/r1.json" "$d/gz.json" <<'EOF' || fail=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("funnels", "codes", "violations"):
    if a[k] != b[k]:
        sys.exit("FAIL: gzip input: '%s' differs" % k)
EOF

# exact counts and every violation's code and line
python3 - "$d/r1.json" "$d/expected.json" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2]))
bad = []
got = {f["name"]: f for f in r["funnels"]}
for name, want in e["funnels"].items():
    f = got[name]
    for k, v in want.items():
        g = [s["reached"] for s in f["steps"]] if k == "reached" else f[k]
        if g != v:
            bad.append("%s.%s: %r, expected %r" % (name, k, g, v))
    if f["evicted"]:
        bad.append("%s: %d evicted with a large table" % (name, f["evicted"]))
vs = sorted((v["code"], v["line"]) for v in r["violations"] if v["code"].startswith("funnel-"))
if vs != [tuple(x) for x in e["violations"]]:
    bad.append("violations (code, line) differ:\n  got %r\n  expected %r" % (vs, e["violations"]))
for v in r["violations"]:
    if v["code"].startswith("funnel-") and (v["file"] != sys.argv[1].rsplit("/", 1)[0] + "/journeys.ndjson" or v["column"] != 1):
        bad.append("violation location: %r" % v)
        break
want = {"funnel-out-of-order": 14, "funnel-skipped-step": 5, "funnel-key-mismatch": 7}
for c, n in want.items():
    if r["codes"].get(c, {}).get("count") != n:
        bad.append("codes.%s: %r, expected %d" % (c, r["codes"].get(c), n))
if r["violations_failing"] != 0 or r["invalid"] != 0:
    bad.append("funnel violations must not make records invalid or fail by default")
if bad:
    print("FAIL: " + "\n  ".join(bad)); sys.exit(1)
EOF

# text: the conversion table
grep -q '^  buy (key user, within 1h): 87 journeys, 87 entered, 62 completed (71.3%)$' "$d/r1.text" ||
  { echo "FAIL: text: no buy summary line"; grep -A6 '^funnels' "$d/r1.text"; fail=1; }
grep -Eq '^    2 select_option +69 +79\.3% +79\.3%$' "$d/r1.text" ||
  { echo "FAIL: text: step 2 row"; fail=1; }
grep -q 'out of order 7, skipped step 0, key mismatch 4 (missing 0, changed 4)' "$d/r1.text" ||
  { echo "FAIL: text: product violations line"; fail=1; }
# JUnit: valid against the XSD, one case per funnel
command -v xmllint >/dev/null || { echo "FAIL xmllint is missing (apt-get install libxml2-utils)"; exit 1; }
xmllint --noout --schema "$ROOT/tests/schemas/junit-10.xsd" "$d/r1.junit" 2>"$d/xsd.err" ||
  { echo "FAIL: junit does not pass junit-10.xsd"; cat "$d/xsd.err"; fail=1; }
[ "$(grep -c 'classname="funnels"' "$d/r1.junit")" -eq 2 ] || { echo "FAIL: junit: funnel cases"; fail=1; }
grep -q '<failure message="7 out of order' "$d/r1.junit" &&
  { echo "FAIL: junit: funnel failure without --fail-on"; fail=1; }
"$TAXONC" validate --format junit --fail-on funnel-out-of-order "$t" "$log" >"$d/f.junit"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: --fail-on funnel-out-of-order: exit $rc, expected 1"; fail=1; }
xmllint --noout --schema "$ROOT/tests/schemas/junit-10.xsd" "$d/f.junit" 2>/dev/null ||
  { echo "FAIL: failing junit does not pass junit-10.xsd"; fail=1; }
grep -q '<failure message="7 out of order, 5 skipped steps, 3 key mismatches" type="funnel">' "$d/f.junit" ||
  { echo "FAIL: junit: buy failure"; fail=1; }
# HTML: the funnel as SVG bars, no script
grep -q '<h2>Funnels</h2>' "$d/r1.html" && grep -q '<svg class="funnel"' "$d/r1.html" ||
  { echo "FAIL: html: no funnel chart"; fail=1; }
grep -qi '<script' "$d/r1.html" && { echo "FAIL: html has a script"; fail=1; }
python3 - "$d/r1.html" <<'EOF' || fail=1
import sys, xml.dom.minidom, re
h = open(sys.argv[1]).read()
svgs = re.findall(r"<svg class=\"funnel\".*?</svg>", h, re.S)
if len(svgs) != 2:
    sys.exit("FAIL: html: %d funnel charts, expected 2" % len(svgs))
for s in svgs:
    xml.dom.minidom.parseString(s)          # well-formed
if "69 (79.3%)" not in svgs[0]:
    sys.exit("FAIL: html: the buy chart lacks step 2's count")
EOF

# taxonc report merge: parts holding whole journeys (users split odd/even,
# by user or device id) merge to the counts of one run over both parts.
python3 - "$log" "$d/odd.ndjson" "$d/even.ndjson" <<'EOF'
import json, sys
odd, even = open(sys.argv[2], "w"), open(sys.argv[3], "w")
for l in open(sys.argv[1]):
    r = json.loads(l)
    u = r.get("user_id") or r.get("device_id") or "u1"
    (odd if int(u[1:]) % 2 else even).write(l)
EOF
"$TAXONC" validate --format json "$t" "$d/odd.ndjson" >"$d/odd.json"
"$TAXONC" validate --format json "$t" "$d/even.ndjson" >"$d/even.json"
"$TAXONC" validate --format json "$t" "$d/odd.ndjson" "$d/even.ndjson" >"$d/both.json"
"$TAXONC" report merge --format json "$d/odd.json" "$d/even.json" >"$d/merged.json" ||
  { echo "FAIL: report merge refused the parts"; fail=1; }
python3 - "$d/both.json" "$d/merged.json" <<'EOF' || fail=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("funnels", "funnel_journeys", "codes"):
    if k == "codes":
        a[k] = {c: v["count"] for c, v in a[k].items()}; b[k] = {c: v["count"] for c, v in b[k].items()}
    if a[k] != b[k]:
        sys.exit("FAIL: report merge: '%s' differs:\n  %r\n  %r" % (k, a[k], b[k]))
EOF
"$TAXONC" report merge "$d/odd.json" "$d/even.json" | grep -q '^  buy (key user, within 1h): 87 journeys' ||
  { echo "FAIL: report merge: text has no funnel table"; fail=1; }
"$TAXONC" report merge --format html "$d/odd.json" "$d/even.json" | grep -q '<svg class="funnel"' ||
  { echo "FAIL: report merge: html has no funnel chart"; fail=1; }

# A small journey table: 10 users view, then all select; with room for 4
# journeys (both funnels share the table) every journey is evicted before
# its next step, and every opening beyond the 4th evicts one: 40 - 4.
python3 - "$d/evict.ndjson" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for step, name in ((0, "view_product"), (1, "select_option")):
        for u in range(10):
            f.write(json.dumps({"event_type": name, "user_id": "u%d" % u,
                                "time": 1700000000000 + step * 60000 + u,
                                "event_properties": {"product_id": "p"}}) + "\n")
EOF
for j in 1 2; do
  "$TAXONC" validate --format json --jobs $j --chunk-size 4096 --funnel-journeys 4 "$t" "$d/evict.ndjson" >"$d/ev$j.json"
done
cmp -s "$d/ev1.json" "$d/ev2.json" || { echo "FAIL: eviction: --jobs 2 differs"; fail=1; }
python3 - "$d/ev1.json" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
b = [f for f in r["funnels"] if f["name"] == "buy"][0]
ev = sum(f["evicted"] for f in r["funnels"])
got = (r["funnel_journeys"], b["journeys"], ev, b["entered"], b["violations"]["funnel-skipped-step"])
if got != (4, 20, 36, 10, 10):
    sys.exit("FAIL: eviction (table, journeys, evicted, entered, skipped) = %r, expected (4, 20, 36, 10, 10)" % (got,))
EOF
"$TAXONC" validate "$t" "$d/evict.ndjson" --funnel-journeys 4 | grep -Eq '^    [0-9]+ journeys evicted before their window ended' ||
  { echo "FAIL: text: eviction not reported"; fail=1; }
"$TAXONC" validate --funnel-journeys 0 "$t" "$log" >/dev/null 2>"$d/opt.err"
[ $? -eq 2 ] || { echo "FAIL: --funnel-journeys 0 must be a usage error"; fail=1; }

# The identity links are bounded by --funnel-journeys too (what a
# forgotten link does to journeys: tests/unit/test_funnels.c): three
# devices sign in (records with both ids); with room for 2 links the least
# recently used is forgotten and counted, with room for 3 none is.
python3 - "$d/links.ndjson" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for u in range(3):
        f.write(json.dumps({"event_type": "view_product", "device_id": "d%d" % u,
                            "user_id": "u%d" % u, "time": 1700000000000 + u * 1000,
                            "event_properties": {"product_id": "p"}}) + "\n")
EOF
"$TAXONC" validate --funnel-journeys 2 "$t" "$d/links.ndjson" >"$d/links2.txt"
grep -q '^  1 device -> user links forgotten (table full: raise --funnel-journeys)$' "$d/links2.txt" ||
  { echo "FAIL: text: forgotten links not reported"; cat "$d/links2.txt"; fail=1; }
"$TAXONC" validate --funnel-journeys 3 "$t" "$d/links.ndjson" >"$d/links3.txt"
grep -q 'links forgotten' "$d/links3.txt" && { echo "FAIL: text: links forgotten with room"; fail=1; }

# Segment (ISO 8601 times, with an offset) and Mixpanel (epoch seconds in
# properties): the second record's time comes first, so both are in order.
cat >"$d/segment.ndjson" <<'EOF'
{"type":"track","event":"select_option","userId":"s1","timestamp":"2023-11-14T23:14:00+01:00","properties":{"product_id":"p"}}
{"type":"track","event":"view_product","userId":"s1","timestamp":"2023-11-14T22:13:20.500Z","properties":{"product_id":"p"}}
EOF
cat >"$d/mixpanel.ndjson" <<'EOF'
{"event":"select_option","properties":{"distinct_id":"m1","time":1700000060,"product_id":"p"}}
{"event":"view_product","properties":{"distinct_id":"m1","time":1700000000,"product_id":"p"}}
EOF
for p in segment mixpanel; do
  "$TAXONC" validate --format json "$t" "$d/$p.ndjson" >"$d/$p.json"
  python3 - "$d/$p.json" "$p" <<'EOF' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
f = {x["name"]: x for x in r["funnels"]}
got = ([s["reached"] for s in f["buy"]["steps"]], f["product"]["completed"], r["codes"])
if got != ([1, 1, 0], 1, {}):
    sys.exit("FAIL: %s: reached, product completed, codes = %r" % (sys.argv[2], got))
EOF
done
[ $fail -eq 0 ] && echo "validate_funnels: ok"
exit $fail
