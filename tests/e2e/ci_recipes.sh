#!/usr/bin/env bash
# The CI recipes in examples/ci/ work as written: every taxonc command they
# contain is extracted and run, offline, in a git repository laid out as the
# recipes expect (tracking/ = the travel example, app/src/generated = its
# generated code, a main branch and a feature branch with a compatible
# change and a proper version bump). All must succeed; then a breaking
# change must make the recipes' diff command fail. Commands of a subcommand
# not on this branch yet (gen) are reported and skipped, never passed.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
fail=0
bin=$TMPDIR/bin
mkdir -p "$bin"
ln -s "$TAXONC" "$bin/taxonc"
export PATH="$bin:$PATH"

# the commands, one per line as "FILE<TAB>COMMAND"
python3 - "$ROOT/examples/ci" > "$TMPDIR/commands.tsv" <<'PY' || { echo "FAIL: extracting commands"; exit 1; }
import os, re, sys
d = sys.argv[1]
files = ["github-actions.yml", "gitlab-ci.yml", ".pre-commit-hooks.yaml", "pre-commit-config.yml"]
least = {"github-actions.yml": 4, "gitlab-ci.yml": 4, ".pre-commit-hooks.yaml": 3, "pre-commit-config.yml": 4}
for f in files:
    n = 0
    for line in open(os.path.join(d, f), encoding="utf-8"):
        s = line.strip()
        if s.startswith("#"):
            continue
        m = re.match(r"^(?:run:\s*|-\s+|entry:\s*)?(taxonc\s.*)$", s)
        if not m:
            continue
        # the GitHub step records the status and exits with it later
        cmd = re.sub(r"\s*\|\|\s*status=\$\?$", "", m.group(1))
        if f == ".pre-commit-hooks.yaml":
            cmd += " tracking/taxonomy.yaml"      # what users pass with args:
        print("%s\t%s" % (f, cmd))
        n += 1
    if n < least[f]:
        sys.stderr.write("FAIL: %s: found %d taxonc commands, expected at least %d\n" % (f, n, least[f]))
        sys.exit(1)
PY

# the repository the recipes expect
r=$TMPDIR/repo
mkdir -p "$r/app/src/generated"
cp -r "$ROOT/examples/travel" "$r/tracking"
cd "$r"
g() { git -c user.name=ci -c user.email=ci@example.com -c commit.gpgsign=false "$@"; }
g init -q -b main
have_gen=0
if taxonc gen --help >/dev/null 2>&1; then
  have_gen=1
  taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml >/dev/null || { echo "FAIL: gen"; fail=1; }
else
  echo "note: 'taxonc gen' is not on this branch; gen commands are skipped"
  touch app/src/generated/.keep
fi
g add -A && g commit -qm "plan 1.2.0"
g remote add origin "$r" && g fetch -q origin
g checkout -q -b feature
# a compatible change (an optional event) with a minor bump
sed -i 's/^version: 1.2.0/version: 1.3.0/' tracking/taxonomy.yaml
cat >> tracking/events/view.yaml <<'Y'
  view_notice:
    description: 공지 조회
    category: navigation
    trigger: when a notice is opened
    properties: [page_name]
Y
if [ $have_gen = 1 ]; then taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml >/dev/null; fi
g add -A && g commit -qm "plan 1.3.0: view_notice"

export TAXONOMY=tracking/taxonomy.yaml GEN_DIR=app/src/generated
export BASE=origin/main ALLOW= GITHUB_STEP_SUMMARY=$TMPDIR/summary.md CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main
run_all() { # expected outcome: ok | fail-diff
  local want=$1 f cmd rc n=0
  while IFS=$'\t' read -r f cmd; do
    case "$cmd" in "taxonc gen"*) [ $have_gen = 1 ] || continue ;; esac
    bash -o pipefail -c "$cmd" >"$TMPDIR/out.txt" 2>&1; rc=$?
    n=$((n+1))
    if [ "$want" = ok ] && [ $rc != 0 ]; then
      echo "FAIL: $f: '$cmd' exited $rc"; sed 's/^/    /' "$TMPDIR/out.txt" | head -20; fail=1
    fi
    if [ "$want" = fail-diff ]; then
      case "$cmd" in
        "taxonc diff"*) [ $rc != 0 ] || { echo "FAIL: $f: '$cmd' passed a breaking change"; fail=1; } ;;
      esac
    fi
  done < "$TMPDIR/commands.tsv"
  echo "ci_recipes: $want: ran $n commands"
}
run_all ok
grep -q '### Taxonomy changes: `travel_app` 1.2.0 → 1.3.0' taxonomy-diff.md || { echo "FAIL: the diff report"; cat taxonomy-diff.md; fail=1; }
[ -s taxonc.sarif ] && python3 -c 'import json,sys; d=json.load(open("taxonc.sarif")); assert d["version"]=="2.1.0"' ||
  { echo "FAIL: taxonc.sarif"; fail=1; }

# a breaking change (an event removed) on top: every diff command must fail
python3 - <<'PY'
p = "tracking/events/view.yaml"
s = open(p, encoding="utf-8").read()
i = s.index("  view_notice:")
open(p, "w", encoding="utf-8").write(s[:i])
PY
sed -i '/^  view_page:/,/^    properties: \[page_name\]/d' tracking/events/view.yaml
# left uncommitted: the pre-commit hook compares the work tree with HEAD
run_all fail-diff
exit $fail
