#!/usr/bin/env bash
# `taxonc diff` output pinned byte for byte (text, JSON, Markdown) with its
# exit code, on the fixtures in tests/golden/diff/. UPDATE=1 rewrites the
# expected files (review the result before committing).
set -u
: "${TAXONC:?}" "${ROOT:?}"
cd "$ROOT"
g=tests/golden/diff
fail=0
check() { # name, expected exit, args...
  local name=$1 want=$2; shift 2
  local out rc
  out=$(NO_COLOR=1 "$TAXONC" diff "$@" 2>&1); rc=$?
  if [ "${UPDATE:-}" = 1 ]; then printf '%s\n' "$out" > "$g/$name.expected"; fi
  if [ "$rc" != "$want" ]; then echo "FAIL $name: exit $rc, expected $want"; fail=1; fi
  if ! diff -u "$g/$name.expected" <(printf '%s\n' "$out"); then echo "FAIL $name: output differs"; fail=1; fi
}
check changes_text     1 $g/old.yaml $g/new.yaml
check changes_json     1 --format json $g/old.yaml $g/new.yaml
check changes_markdown 1 --format markdown $g/old.yaml $g/new.yaml
check allowed          0 --allow-breaking --no-version-check $g/old.yaml $g/new.yaml
check no_renames       1 --no-renames $g/old.yaml $g/new.yaml
check same             0 $g/old.yaml $g/old.yaml
check additions        0 $g/old.yaml $g/additions.yaml
check docs_unbumped    1 $g/old.yaml $g/docs.yaml
check zero_major       0 --allow-breaking $g/zero_old.yaml $g/zero_new.yaml
check zero_breaking    1 $g/zero_old.yaml $g/zero_new.yaml
check usage_one_file   2 $g/old.yaml
check usage_bad_format 2 --format xml $g/old.yaml $g/new.yaml
check missing_file     2 $g/old.yaml $g/nope.yaml
# issue 16's kinds: unions widened/narrowed, objects opened/closed, any,
# per-event variants added/removed, both ways
check v2_widen         1 --no-version-check $g/v2_old.yaml $g/v2_new.yaml
check v2_narrow        1 --no-version-check --format json $g/v2_new.yaml $g/v2_old.yaml
# the JSON is well formed and its summary matches the text
python3 - "$TAXONC" "$g" <<'PY' || fail=1
import json, subprocess, sys
t, g = sys.argv[1], sys.argv[2]
p = subprocess.run([t, "diff", "--format", "json", g + "/old.yaml", g + "/new.yaml"], capture_output=True)
d = json.loads(p.stdout)
s = d["summary"]
assert s["total"] == len(d["changes"]) == s["breaking"] + s["compatible"] + s["docs"], s
assert {c["class"] for c in d["changes"]} == {"breaking", "compatible", "docs"}
assert d["version_check"] == {"checked": True, "ok": False, "needed": "breaking", "expected": "2.0.0",
    "message": "1.4.0 -> 1.5.0 is not enough: needs a major bump (breaking changes), 2.0.0 or later"}, d["version_check"]
PY
exit $fail
