#!/usr/bin/env bash
# Blank lines and whitespace between records are skipped a run at a time
# (issue 14, item 11; the speed is measured by `make bench`, not here):
# the verdicts and every line number stay exact. Records separated by
# millions of blank lines, by runs of spaces, tabs and CRLF, a record with
# leading blanks, a blank line longer than --max-record, a last line
# without its newline, in NDJSON, a JSON array and JSON documents; plain,
# gzip and stdin; chunks of 4 KiB and 2 jobs, so runs cross chunk edges.
source "$(dirname "$0")/robust.bash"
W=$WORK
cd "$W" || exit 1
cat >plan.yaml <<'YAML'
taxonomy: blanks
version: 1.0.0
properties:
  kind: {type: string, enum: [basic, gold], description: kind}
events:
  view_page: {description: page, properties: {kind: required}}
YAML

# Writes the logs and, for each, the 1-based lines of its violations (the
# line of the bad value: in a pretty-printed document, not the first).
python3 - <<'PY'
import json
ok = '{"event_type":"view_page","event_properties":{"kind":"gold"}}'
bad = '{"event_type":"view_page","event_properties":{"kind":"tin"}}'

def write(path, parts):
    """parts: strings; ('bad', text) marks an invalid record."""
    text, lines = "", []
    for p in parts:
        if isinstance(p, tuple):
            p = p[1]
            lines.append(text.count("\n") + p[:p.index('"tin"')].count("\n") + 1)
        text += p
    open(path, "w", newline="").write(text)
    open(path + ".want", "w").write(" ".join(map(str, lines)) + "\n")

write("runs.ndjson", [
    ok + "\n", "\n" * 3000000, ("bad", bad + "\n"),
    " \t \r\n" * 400000 + "\t\n" * 1000, ("bad", "   \t" + bad + "\n"),
    "\r\n" * 100000, ("bad", bad + "\r\n"), ok + "\n",
    " " * 5000000 + "\t \n",                                 # blank, longer than --max-record
    "\n" * 4095 + " " * 4097 + "\n",                         # across 4 KiB chunk edges
    ("bad", bad + "\n"), "\n\n \r\n", ("bad", bad), "\n" * 100000 + "   "])  # no final newline
write("blank_only.ndjson", [" \t\r\n" * 300000 + "\n" * 2000000 + " " * 3000])
write("array.json", ["[\n", ok, ",\n", "\n" * 2000000, ("bad", bad), "  ,  \n",
                     " \t\r\n" * 300000, ("bad", bad), "\n" * 1000, "]\n", "\n" * 50000])
doc = json.dumps(json.loads(bad), indent=2)
write("docs.json", [json.dumps(json.loads(ok), indent=2), "\n" * 2000000, ("bad", doc),
                    "\n \t\r\n" * 300000, ("bad", doc), "\n" * 10])
PY
gzip -k runs.ndjson array.json

# lines FILE: "records | lines of the violations" of a --format json report
lines() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(r["records"], "|", " ".join(str(v["line"]) for v in r["violations"]))' "$1"
}
check() { # label want-records want-file [--stdin F] -- cmd...
  local label=$1 recs=$2 want=$3; shift 3
  bounded "$label" 60 96 "$@" || return
  local got; got=$(lines "$OUT")
  [ "$got" = "$recs | $(cat "$want")" ] || fail "$label: got '$got', expected '$recs | $(cat "$want")'"
}

echo "== NDJSON"
check "runs of blanks" 7 runs.ndjson.want -- "$TAXONC" validate --format json plan.yaml runs.ndjson
expect_rc runs 1
check "runs, 4 KiB chunks" 7 runs.ndjson.want -- "$TAXONC" validate --format json --chunk-size 4096 plan.yaml runs.ndjson
check "runs, --jobs 2, 4 KiB chunks" 7 runs.ndjson.want -- "$TAXONC" validate --format json --jobs 2 --chunk-size 4096 plan.yaml runs.ndjson
check "runs, gzip" 7 runs.ndjson.want -- "$TAXONC" validate --format json plan.yaml runs.ndjson.gz
check "runs, stdin" 7 runs.ndjson.want --stdin runs.ndjson -- "$TAXONC" validate --format json plan.yaml -
check "runs, --max-record 65536" 7 runs.ndjson.want -- "$TAXONC" validate --format json --max-record 65536 plan.yaml runs.ndjson
check "blanks only" 0 blank_only.ndjson.want -- "$TAXONC" validate --format json plan.yaml blank_only.ndjson
expect_rc blank_only 0
check "blanks only, 4 KiB chunks, --jobs 2" 0 blank_only.ndjson.want -- "$TAXONC" validate --format json --jobs 2 --chunk-size 4096 plan.yaml blank_only.ndjson
# The text report gives the same lines.
bounded "text report" 60 96 -- "$TAXONC" validate -v plan.yaml runs.ndjson
for l in $(cat runs.ndjson.want); do grep -q "^runs.ndjson:$l:" "$OUT" || fail "text report: no violation at line $l"; done

echo "== a JSON array and JSON documents"
check "array" 3 array.json.want -- "$TAXONC" validate --format json plan.yaml array.json
check "array, gzip, 4 KiB chunks" 3 array.json.want -- "$TAXONC" validate --format json --chunk-size 4096 plan.yaml array.json.gz
check "documents" 3 docs.json.want -- "$TAXONC" validate --format json plan.yaml docs.json
check "documents, --jobs 2, 4 KiB chunks" 3 docs.json.want -- "$TAXONC" validate --format json --jobs 2 --chunk-size 4096 plan.yaml docs.json
finish
