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

# the commands, one per line as "FILE<TAB>COMMAND"; a pre-commit hook is
# its entry in .pre-commit-hooks.yaml (at taxonc's root) with the example
# config's args
python3 - "$ROOT" > "$TMPDIR/commands.tsv" <<'PY' || { echo "FAIL: extracting commands"; exit 1; }
import os, re, shlex, sys, yaml
root = sys.argv[1]
d = os.path.join(root, "examples", "ci")
least = {"github-actions.yml": 4, "gitlab-ci.yml": 4, "pre-commit-config.yml": 4}
for f in ["github-actions.yml", "gitlab-ci.yml"]:
    n = 0
    for line in open(os.path.join(d, f), encoding="utf-8"):
        s = line.strip()
        if s.startswith("#"):
            continue
        m = re.match(r"^(?:run:\s*|-\s+)?(taxonc\s.*)$", s)
        if not m:
            continue
        # the GitHub step records the status and exits with it later
        cmd = re.sub(r"\s*\|\|\s*status=\$\?$", "", m.group(1))
        print("%s\t%s" % (f, cmd))
        n += 1
    if n < least[f]:
        sys.stderr.write("FAIL: %s: found %d taxonc commands, expected at least %d\n" % (f, n, least[f]))
        sys.exit(1)
hooks = {h["id"]: h for h in yaml.safe_load(open(os.path.join(root, ".pre-commit-hooks.yaml")))}
cfg = yaml.safe_load(open(os.path.join(d, "pre-commit-config.yml")))
n = 0
for repo in cfg["repos"]:
    for h in repo["hooks"]:
        entry = hooks[h["id"]]["entry"]
        print("pre-commit-config.yml\t%s/%s %s" % (root, entry, shlex.join(h.get("args", []))))
        n += 1
if n < least["pre-commit-config.yml"]:
    sys.stderr.write("FAIL: pre-commit-config.yml: %d hooks, expected at least 4\n" % n)
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
    case "$cmd" in "taxonc gen"* | *"taxonc-hook.sh gen"*) [ $have_gen = 1 ] || continue ;; esac
    bash -o pipefail -c "$cmd" >"$TMPDIR/out.txt" 2>&1; rc=$?
    n=$((n+1))
    if [ "$want" = ok ] && [ $rc != 0 ]; then
      echo "FAIL: $f: '$cmd' exited $rc"; sed 's/^/    /' "$TMPDIR/out.txt" | head -20; fail=1
    fi
    if [ "$want" = fail-diff ]; then
      case "$cmd" in
        "taxonc diff"* | *"taxonc-hook.sh diff"*)
          [ $rc != 0 ] || { echo "FAIL: $f: '$cmd' passed a breaking change"; fail=1; } ;;
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

# The hooks as a team uses them: pre-commit (PyPI) installs the example
# config, with `repo:` pointing at a copy of taxonc's hook files, in a new
# repository. The first commit (no generated code yet) and the first push
# (no origin/main) pass with a note; stale generated code fails the commit
# with the command that fixes it; a breaking change fails the push.
venv="$ROOT/${BUILD:-build}/pyenv"
"$ROOT/scripts/pyenv.sh" "$venv" >"$TMPDIR/pyenv.log" 2>&1 ||
  { echo "FAIL: scripts/pyenv.sh could not install pre-commit"; tail -20 "$TMPDIR/pyenv.log"; exit 1; }
PATH="$venv/bin:$PATH"
command -v pre-commit >/dev/null || { echo "FAIL: no pre-commit in $venv"; exit 1; }
export PRE_COMMIT_HOME=$TMPDIR/pre-commit-home
unset TAXONOMY GEN_DIR BASE ALLOW
h=$TMPDIR/hooks
mkdir -p "$h/scripts/pre-commit"
cp "$ROOT/.pre-commit-hooks.yaml" "$h/"
cp "$ROOT/scripts/pre-commit/taxonc-hook.sh" "$h/scripts/pre-commit/"
(cd "$h" && g init -q -b main && g add -A && g commit -qm hooks)
rev=$(git -C "$h" rev-parse HEAD)
n=$TMPDIR/new
mkdir -p "$n" && cd "$n"
g init -q -b main
cp -r "$ROOT/examples/travel" tracking
sed -e "s|repo: https://[^ ]*|repo: file://$h|" -e "s|rev: v0.1.0|rev: $rev|" \
  "$ROOT/examples/ci/pre-commit-config.yml" >.pre-commit-config.yaml
pre-commit install -q --hook-type pre-commit --hook-type pre-push >/dev/null 2>&1 ||
  pre-commit install --hook-type pre-commit --hook-type pre-push >/dev/null ||
  { echo "FAIL: pre-commit install"; exit 1; }
step() { # name, expected exit (0 or non-0), command...
  local name=$1 want=$2; shift 2
  "$@" >"$TMPDIR/pc.txt" 2>&1; local rc=$?
  if { [ "$want" = 0 ] && [ $rc != 0 ]; } || { [ "$want" != 0 ] && [ $rc = 0 ]; }; then
    echo "FAIL: pre-commit: $name exited $rc"; sed 's/^/    /' "$TMPDIR/pc.txt" | head -30; fail=1; return 1
  fi
}
pc_has() { grep -qF -- "$1" "$TMPDIR/pc.txt" || { echo "FAIL: pre-commit: no '$1' in:"; sed 's/^/    /' "$TMPDIR/pc.txt" | head -30; fail=1; }; }
g add -A
step "first commit" 0 g commit -qm "plan 1.2.0" && pc_has "skipped: 'app/src/generated' does not exist yet"
pc_has "to generate it, run: taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml"
g init -q --bare "$TMPDIR/remote.git"
g remote add origin "$TMPDIR/remote.git"
step "first push" 0 g push -q -u origin main && pc_has "skipped: no merge base with 'origin/main'"
git -C "$TMPDIR/remote.git" rev-parse -q --verify main >/dev/null || { echo "FAIL: pre-commit: the first push did not land"; fail=1; }
if [ $have_gen = 1 ]; then
  taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml >/dev/null
  g add -A && step "generated code" 0 g commit -qm "generated code"
  sed -i 's/^version: 1.2.0/version: 1.3.0/' tracking/taxonomy.yaml
  printf '  view_notice:\n    description: 공지 조회\n    category: navigation\n    trigger: when a notice is opened\n    properties: [page_name]\n' >>tracking/events/view.yaml
  g add -A && step "stale generated code" 1 g commit -qm "plan 1.3.0" &&
    pc_has "to update them, run: taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml"
  taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml >/dev/null
  g add -A && step "regenerated" 0 g commit -qm "plan 1.3.0"
  step "compatible push" 0 g push -q origin main
  # an event removed without a major bump: committed, refused at push
  g checkout -q -b breaking
  sed -i '/^  view_page:/,/^    properties: \[page_name\]/d' tracking/events/view.yaml
  taxonc gen --lang c,swift,kotlin --out app/src/generated tracking/taxonomy.yaml >/dev/null
  g add -A && step "breaking commit" 0 g commit -qm "drop view_page"
  step "breaking push" 1 g push -q origin breaking && pc_has "taxonc diff"
  git -C "$TMPDIR/remote.git" rev-parse -q --verify breaking >/dev/null &&
    { echo "FAIL: pre-commit: the breaking push landed"; fail=1; }
fi
echo "ci_recipes: pre-commit: done"
exit $fail
