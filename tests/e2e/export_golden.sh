#!/usr/bin/env bash
# `taxonc export` pinned on the travel example (JSON Schema files, Markdown,
# HTML, CSV), plus structure checks that hold for any input: every schema
# is a valid draft 2020-12 schema, the CSV is RFC 4180 with 10 columns, the
# HTML fetches nothing, and hostile text (tests/fixtures/export/hostile.yaml)
# cannot change the structure of any export. UPDATE=1 rewrites the goldens.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
cd "$ROOT"
g=tests/golden/export/travel
ex=examples/travel/taxonomy.yaml
fail=0
out=$TMPDIR/out
mkdir -p "$out"
"$TAXONC" export jsonschema --out "$out/jsonschema" $ex || { echo "FAIL: export jsonschema"; fail=1; }
"$TAXONC" export markdown $ex > "$out/travel.md" || { echo "FAIL: export markdown"; fail=1; }
"$TAXONC" export html --out "$out/travel.html" $ex || { echo "FAIL: export html"; fail=1; }
"$TAXONC" export csv --out "$out/travel.csv" $ex || { echo "FAIL: export csv"; fail=1; }
"$TAXONC" export jsonschema $ex > "$out/stdout-bundle.json" || { echo "FAIL: export jsonschema to stdout"; fail=1; }
cmp -s "$out/stdout-bundle.json" "$out/jsonschema/bundle.schema.json" || { echo "FAIL: stdout bundle differs from the file"; fail=1; }
rm -f "$out/stdout-bundle.json"
if [ "${UPDATE:-}" = 1 ]; then rm -rf "$g"; mkdir -p "$g"; cp -r "$out"/. "$g"/; fi
diff -ru "$g" "$out" || { echo "FAIL: exports differ from $g"; fail=1; }

py=
for cand in python3 /usr/bin/python3; do
  if command -v "$cand" >/dev/null && "$cand" -c 'import jsonschema' 2>/dev/null; then py=$cand; break; fi
done
[ -n "$py" ] || { echo "FAIL: no python3 with jsonschema"; exit 1; }

"$TAXONC" export jsonschema --out "$TMPDIR/h/js" tests/fixtures/export/hostile.yaml &&
"$TAXONC" export markdown --out "$TMPDIR/h/h.md" tests/fixtures/export/hostile.yaml &&
"$TAXONC" export html --out "$TMPDIR/h/h.html" tests/fixtures/export/hostile.yaml &&
"$TAXONC" export csv --out "$TMPDIR/h/h.csv" tests/fixtures/export/hostile.yaml || { echo "FAIL: hostile exports"; fail=1; }

"$py" - "$out" "$TMPDIR/h" <<'PY' || fail=1
import csv, glob, io, json, re, sys
from html.parser import HTMLParser
from jsonschema import Draft202012Validator
bad = []
for root in sys.argv[1:]:
    for f in glob.glob(root + "/**/*.schema.json", recursive=True) + glob.glob(root + "/js/*.json"):
        if f.endswith("index.json"):
            continue
        try:
            Draft202012Validator.check_schema(json.load(open(f, encoding="utf-8")))
        except Exception as e:
            bad.append("%s: %s" % (f, e))
# CSV: BOM, CRLF, 10 columns, exact header
for f in [sys.argv[1] + "/travel.csv", sys.argv[2] + "/h.csv"]:
    raw = open(f, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        bad.append(f + ": no UTF-8 BOM")
    if not raw.endswith(b"\r\n"):
        bad.append(f + ": records do not end with CRLF")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    if rows[0] != ["Category", "Event", "Event description", "Property", "Property description", "Type",
                   "Allowed values", "Format", "Required", "Trigger"]:
        bad.append(f + ": header " + repr(rows[0]))
    for i, r in enumerate(rows):
        if len(r) != 10:
            bad.append("%s:%d: %d columns" % (f, i + 1, len(r)))
# the hostile CSV gives its text back exactly
rows = list(csv.reader(io.StringIO(open(sys.argv[2] + "/h.csv", encoding="utf-8-sig", newline="").read())))
if rows[1][2] != "</script><script>alert(1)</script>" or not rows[1][4].startswith("a | b \n second line"):
    bad.append("hostile CSV cells changed: %r" % rows[1])
if rows[2][4] != "'=SUM(A1:A9)":
    bad.append("formula not guarded: %r" % rows[2][4])
# HTML: nothing fetched, no markup from the taxonomy
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href") and v and not v.startswith("#"):
                bad.append("HTML fetches %s=%s" % (k, v))
for f in [sys.argv[1] + "/travel.html", sys.argv[2] + "/h.html"]:
    p = P()
    p.feed(open(f, encoding="utf-8").read())
    for t in ("img", "b", "i", "link", "iframe"):
        if t in p.tags:
            bad.append("%s: <%s> from the taxonomy" % (f, t))
    if p.tags.count("script") != 1 or p.tags.count("style") != 1:
        bad.append("%s: %d scripts, %d styles" % (f, p.tags.count("script"), p.tags.count("style")))
# Markdown: every table row of the hostile export has its 6 cells
for line in open(sys.argv[2] + "/h.md", encoding="utf-8"):
    if line.startswith("| ") and not line.startswith("| Property"):
        cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        if len(cells) != 6:
            bad.append("markdown row with %d cells: %s" % (len(cells), line.strip()))
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY

# errors: nothing half-written, exit codes
"$TAXONC" export markdown --out "$TMPDIR/no/such/dir/x.md" $ex 2>/dev/null; rc=$?
[ $rc = 2 ] || { echo "FAIL: unwritable --out exit $rc"; fail=1; }
ls "$TMPDIR"/no 2>/dev/null && { echo "FAIL: something was written"; fail=1; }
"$TAXONC" export pdf $ex 2>/dev/null; [ $? = 2 ] || { echo "FAIL: unknown format"; fail=1; }
printf 'taxonomy: x\nversion: 1.0.0\nevents: {e: {properties: {nope: required}}}\n' > "$TMPDIR/bad.yaml"
"$TAXONC" export csv --out "$TMPDIR/bad.csv" "$TMPDIR/bad.yaml" 2>/dev/null; rc=$?
[ $rc = 1 ] && [ ! -e "$TMPDIR/bad.csv" ] || { echo "FAIL: bad taxonomy: exit $rc or file written"; fail=1; }
exit $fail
