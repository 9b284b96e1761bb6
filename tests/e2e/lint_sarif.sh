#!/usr/bin/env bash
# `taxonc lint --format sarif` must validate against the SARIF 2.1.0 schema
# (tests/schemas/sarif-schema-2.1.0.json, a committed copy of
# ../shared/schemas/) with python3-jsonschema, and carry what GitHub code
# scanning reads: rule metadata (help text and Markdown, helpUri), levels,
# URIs relative to the repository's top level (%SRCROOT%), regions,
# fingerprints that survive line shifts, one message per result. A missing
# validator FAILS this test: scripts/deps.sh test installs it. sarif-tools
# (PyPI), when installed, must read the logs too.
. "$(dirname "$0")/lib/e2e.bash"
schema="$ROOT/tests/schemas/sarif-schema-2.1.0.json"
[ -f "$schema" ] || schema="$ROOT/../shared/schemas/sarif-schema-2.1.0.json"
[ -f "$schema" ] || { echo "FAIL no SARIF schema at tests/schemas/ or ../shared/schemas/"; exit 1; }
python3 -c 'import jsonschema' 2>/dev/null ||
  { echo "FAIL python3 jsonschema is missing (apt-get install python3-jsonschema)"; exit 1; }
g="$ROOT/tests/golden/lint"

sarif() { # out-file, dir, args...
  local out=$1 d=$2; shift 2
  (cd "$d" && "$TAXONC" lint --format sarif "$@" >"$out"); echo $?
}

check() { # name, sarif file, python assertions on `doc`
  local name=$1 file=$2 asserts=$3
  if ! python3 - "$schema" "$file" "$asserts" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:10]:
    print("schema: %s at %s" % (e.message, "/".join(map(str, e.path))))
if errors:
    sys.exit(1)
run = doc["runs"][0]
rules = run["tool"]["driver"]["rules"]
results = run["results"]
exec(sys.argv[3])
PY
  then echo "FAIL $name"; fail=$((fail+1)); else echo "ok $name"; fi
}

# Findings with fixes, notes (related locations) and several levels. The
# golden folder is inside taxonc's work tree when it is one, so URIs are
# relative to its top level.
top=$(cd "$g/destination-ga4" && git rev-parse --show-toplevel 2>/dev/null || pwd)
top=$(cd "$top" && pwd -P)
rel=$(cd "$g/destination-ga4" && pwd -P); rel=${rel#"$top"/}/bad.yaml
[ "$rel" != "$top/bad.yaml" ] || rel=bad.yaml
export SARIF_TOP=$top SARIF_REL=$rel
code=$(sarif "$TMPDIR/ga4.sarif" "$g/destination-ga4" bad.yaml)
[ "$code" = 1 ] || { echo "FAIL ga4 exit $code, expected 1"; fail=$((fail+1)); }
check ga4 "$TMPDIR/ga4.sarif" '
ids = [r["id"] for r in rules]
assert "destination-ga4" in ids and "event-name-action-object" in ids, ids
assert all(r["defaultConfiguration"]["level"] in ("error", "warning", "note") for r in rules)
assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
assert all(r["help"]["markdown"].startswith("### " + r["id"]) for r in rules)
# helpUri by default: the rule'"'"'s section of the installed docs
assert all(r["helpUri"].startswith("file:///") and r["helpUri"].endswith("/rules.md#" + r["id"]) for r in rules), rules[0]["helpUri"]
import os
assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file://" + os.environ["SARIF_TOP"] + "/"}}, run["originalUriBaseIds"]
assert all("\n" not in x["message"]["text"] and "help:" not in x["message"]["text"] and "note:" not in x["message"]["text"] for x in results)
fps = [x["partialFingerprints"]["taxoncFinding/v1"] for x in results]
assert len(set(fps)) == len(fps), fps
assert run["columnKind"] == "unicodeCodePoints"
assert len(results) == 6, len(results)
r = [x for x in results if "page_view" in x["message"]["text"] and x["ruleId"] == "destination-ga4"][0]
assert r["level"] == "error" and rules[r["ruleIndex"]]["id"] == "destination-ga4"
loc = r["locations"][0]["physicalLocation"]
assert loc["artifactLocation"] == {"uri": os.environ["SARIF_REL"], "uriBaseId": "%SRCROOT%"}, loc
assert loc["region"] == {"startLine": 9, "startColumn": 3, "endLine": 9, "endColumn": 12}, loc["region"]
w = [x for x in results if x["ruleId"] == "event-name-action-object"][0]
assert w["level"] == "warning" and w["properties"]["fix"] == "rename to '"'"'view_page'"'"'"
assert w["message"]["text"].endswith("; rename to '"'"'view_page'"'"'"), w["message"]
'

# A note with its own location becomes a related location; info is "note".
sarif "$TMPDIR/dup.sarif" "$g/enum-value-duplicate" bad.yaml >/dev/null
check related "$TMPDIR/dup.sarif" '
rel = results[0]["relatedLocations"][0]
assert rel["message"]["text"] == "'"'"'kakao'"'"' is listed here"
assert rel["physicalLocation"]["region"]["startColumn"] == 12
'
sarif "$TMPDIR/info.sarif" "$g/missing-description" bad.yaml >/dev/null
check info "$TMPDIR/info.sarif" 'assert [x["level"] for x in results] == ["note", "note"]'

# Clean: no results, still a valid log. helpUri from TAXONC_DOCS_URL.
(cd "$g/unused-type" && TAXONC_DOCS_URL=https://example.org/taxonc/docs/rules.md \
  "$TAXONC" lint --format sarif good.yaml >"$TMPDIR/clean.sarif")
check clean "$TMPDIR/clean.sarif" '
assert results == []
assert rules[0]["helpUri"] == "https://example.org/taxonc/docs/rules.md#" + rules[0]["id"]
'

# A taxonomy that does not load: the rules are the loader's codes (lint did
# not run), and each result points at its code.
printf 'taxonomy: x\nevents: [\n' >"$TMPDIR/broken.yaml"
code=$(sarif "$TMPDIR/broken.sarif" "$TMPDIR" broken.yaml)
[ "$code" = 1 ] || { echo "FAIL broken exit $code, expected 1"; fail=$((fail+1)); }
check broken "$TMPDIR/broken.sarif" '
ids = [r["id"] for r in rules]
assert "yaml-syntax" in ids and "event-name-action-object" not in ids, ids
assert results and all(ids[x["ruleIndex"]] == x["ruleId"] for x in results)
assert results[0]["ruleId"] == "yaml-syntax" and results[0]["level"] == "error"
'

# Paths with spaces and Hangul are percent-encoded URI references.
mkdir -p "$TMPDIR/my plans"
cp "$g/unused-type/bad.yaml" "$TMPDIR/my plans/여행.yaml"
(cd "$TMPDIR" && "$TAXONC" lint --format sarif "./my plans/여행.yaml" >"$TMPDIR/uri.sarif")
check uri "$TMPDIR/uri.sarif" '
u = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
assert u == "my%20plans/%EC%97%AC%ED%96%89.yaml", u
'
# In a repository: URIs relative to its top level wherever taxonc runs in
# it; fingerprints stay when lines above a finding move, and the line does
# not; a file outside the repository gets an absolute URI and no base.
repo="$TMPDIR/repo"
mkdir -p "$repo/plan/sub" "$TMPDIR/outside"
cp "$g/event-name-action-object/bad.yaml" "$repo/plan/plan.yaml"
cp "$g/unused-type/bad.yaml" "$TMPDIR/outside/other.yaml"
git -C "$repo" init -q
(cd "$repo/plan/sub" && "$TAXONC" lint --format sarif ../plan.yaml >"$TMPDIR/r1.sarif")
{ printf '# a comment\n\n# that moves every line down\n'; cat "$g/event-name-action-object/bad.yaml"; } >"$repo/plan/plan.yaml"
(cd "$repo" && "$TAXONC" lint --format sarif plan/plan.yaml >"$TMPDIR/r2.sarif")
repo_real=$(cd "$repo" && pwd -P)
export SARIF_REPO=$repo_real R1=$TMPDIR/r1.sarif
check repo "$TMPDIR/r2.sarif" '
import os
r1 = json.load(open(os.environ["R1"]))["runs"][0]
assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file://" + os.environ["SARIF_REPO"] + "/"
for a, b in ((r1["results"], results),):
    assert len(a) == len(b) and a, (len(a), len(b))
    for x, y in zip(a, b):
        la, lb = x["locations"][0]["physicalLocation"], y["locations"][0]["physicalLocation"]
        assert la["artifactLocation"] == lb["artifactLocation"] == {"uri": "plan/plan.yaml", "uriBaseId": "%SRCROOT%"}, (la, lb)
        assert lb["region"]["startLine"] == la["region"]["startLine"] + 3
        assert x["partialFingerprints"] == y["partialFingerprints"], (x["partialFingerprints"], y["partialFingerprints"])
'
(cd "$repo" && "$TAXONC" lint --format sarif "$TMPDIR/outside/other.yaml" >"$TMPDIR/out.sarif")
export SARIF_OUT=$(cd "$TMPDIR/outside" && pwd -P)/other.yaml
check outside "$TMPDIR/out.sarif" '
import os
al = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
assert al == {"uri": "file://" + os.environ["SARIF_OUT"]}, al
'

# sarif-tools (PyPI: pip install sarif-tools) reads what GitHub reads.
venv="$ROOT/${BUILD:-build}/pyenv"
"$ROOT/scripts/pyenv.sh" "$venv" >"$TMPDIR/pyenv.log" 2>&1 ||
  { echo "FAIL: scripts/pyenv.sh could not install sarif-tools"; tail -20 "$TMPDIR/pyenv.log"; exit 1; }
stool=$(PATH="$venv/bin:$PATH" type -P sarif)   # the script's own sarif() is a function
if [ -n "$stool" ]; then
  "$stool" summary "$TMPDIR/ga4.sarif" >"$TMPDIR/summary.txt" 2>&1 &&
    grep -qx "error: 5" "$TMPDIR/summary.txt" && grep -qx "warning: 1" "$TMPDIR/summary.txt" &&
    "$stool" csv -o "$TMPDIR/ga4.csv" "$TMPDIR/ga4.sarif" >/dev/null 2>&1 &&
    grep -q "bad.yaml,9\r\?$" "$TMPDIR/ga4.csv" ||
    { echo "FAIL sarif-tools cannot read the log"; cat "$TMPDIR/summary.txt"; head -5 "$TMPDIR/ga4.csv"; fail=$((fail+1)); }
else
  echo "FAIL: no sarif (sarif-tools) in $venv"; fail=$((fail+1))
fi
echo "lint_sarif: $fail failed"
[ "$fail" -eq 0 ]
