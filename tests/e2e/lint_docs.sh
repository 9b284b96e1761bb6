#!/usr/bin/env bash
# The lint documentation cannot drift from the rule table:
#  1. docs/rules.md is exactly `taxonc rules --format markdown`
#     (regenerate with: build/taxonc rules --format markdown > docs/rules.md);
#  2. every rule's "Flagged" example raises that rule and its "Clean"
#     example does not (each is linted as a taxonomy of its own).
. "$(dirname "$0")/lib/e2e.bash"
"$TAXONC" rules --format markdown >"$TMPDIR/rules.md"
if ! diff -u "$ROOT/docs/rules.md" "$TMPDIR/rules.md"; then
  echo "FAIL docs/rules.md differs from 'taxonc rules --format markdown'"; fail=$((fail+1))
fi
python3 - "$TAXONC" "$TMPDIR" <<'PY' || fail=$((fail+1))
import json, os, subprocess, sys
taxonc, tmp = sys.argv[1], sys.argv[2]
rules = json.loads(subprocess.run([taxonc, "rules", "--format", "json"],
                                  capture_output=True, text=True, check=True).stdout)
ids = {r["id"] for r in rules}
fail = 0
for r in rules:
    for kind in ("bad", "good"):
        path = os.path.join(tmp, "doc-%s-%s.yaml" % (r["id"], kind))
        with open(path, "w") as f:
            f.write("taxonomy: doc_example\n" + r[kind])
        p = subprocess.run([taxonc, "lint", "--format", "json", path], capture_output=True, text=True)
        diags = json.loads(p.stdout)["diagnostics"]
        load_errors = [d["message"] for d in diags if d["code"] not in ids and d["severity"] == "error"]
        codes = [d["code"] for d in diags]
        if load_errors:
            print("FAIL %s %s example does not load: %s" % (r["id"], kind, load_errors)); fail += 1
        elif (r["id"] in codes) != (kind == "bad"):
            print("FAIL %s %s example: findings %s" % (r["id"], kind, codes)); fail += 1
print("doc examples: %d rules, %d failed" % (len(rules), fail))
sys.exit(1 if fail else 0)
PY
echo "lint_docs: $fail failed"
[ "$fail" -eq 0 ]
