#!/usr/bin/env bash
# `taxonc diff --git REV FILE`: the committed version comes from REV,
# including the files it includes; messages name REV:path; bad revisions,
# files outside a repository or absent at REV are I/O errors (exit 2).
set -u
: "${TAXONC:?}" "${TMPDIR:?}"
fail=0
r=$TMPDIR/repo
mkdir -p "$r/plan/events" "$TMPDIR/elsewhere"
git() { command git -C "$r" -c user.name=t -c user.email=t@example.com -c commit.gpgsign=false "$@"; }
git init -q
cat > "$r/plan/taxonomy.yaml" <<'Y'
taxonomy: git_app
version: 1.0.0
include: [events/*.yaml]
properties:
  search_term: {type: string, max_length: 100}
Y
cat > "$r/plan/events/search.yaml" <<'Y'
events:
  search_stay:
    properties: {search_term: required}
Y
git add -A && git commit -qm one
# working tree: the include changes (an event added), the main file bumps the version
sed -i 's/version: 1.0.0/version: 1.1.0/' "$r/plan/taxonomy.yaml"
cat >> "$r/plan/events/search.yaml" <<'Y'
  view_stay:
    properties: {search_term: optional}
Y
cd "$TMPDIR/elsewhere"
out=$("$TAXONC" diff --git HEAD "$r/plan/taxonomy.yaml" 2>&1); rc=$?
exp="comparing HEAD:$r/plan/taxonomy.yaml (git_app 1.0.0) with $r/plan/taxonomy.yaml (git_app 1.1.0)

compatible event 'view_stay' added [added]

1 change: 0 breaking, 1 compatible, 0 docs
version: ok, 1.0.0 -> 1.1.0 satisfies a minor bump (compatible changes)"
[ "$rc" = 0 ] || { echo "FAIL: diff --git exit $rc"; fail=1; }
[ "$out" = "$exp" ] || { echo "FAIL: diff --git output:"; diff <(echo "$exp") <(echo "$out"); fail=1; }

# from inside the repository, with a relative path
cd "$r/plan"
out=$("$TAXONC" diff --git HEAD taxonomy.yaml 2>&1); rc=$?
[ "$rc" = 0 ] && grep -q "event 'view_stay' added" <<<"$out" || { echo "FAIL: relative path: $rc $out"; fail=1; }

# a broken committed version: messages name HEAD:path
printf 'taxonomy: git_app\nversion: 1.2.0\nproperties: {a: {type: strng}}\nevents: {e: {properties: {a: required}}}\n' > broken.yaml
git add -A && git commit -qm two
printf 'taxonomy: git_app\nversion: 1.2.0\nproperties: {a: {type: string}}\nevents: {e: {properties: {a: required}}}\n' > broken.yaml
out=$("$TAXONC" diff --git HEAD broken.yaml 2>&1); rc=$?
[ "$rc" = 1 ] || { echo "FAIL: broken old version exit $rc"; fail=1; }
grep -q "^HEAD:plan/broken.yaml:3:.*unknown type 'strng'" <<<"$out" || { echo "FAIL: message should name HEAD:plan/broken.yaml: $out"; fail=1; }

# I/O errors
out=$("$TAXONC" diff --git no-such-rev taxonomy.yaml 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "cannot read 'taxonomy.yaml' at 'no-such-rev'" <<<"$out" || { echo "FAIL: bad rev: $rc $out"; fail=1; }
touch new_file.yaml
out=$("$TAXONC" diff --git HEAD new_file.yaml 2>&1); rc=$?
[ "$rc" = 2 ] && grep -q "no such file in that commit" <<<"$out" || { echo "FAIL: file not in rev: $rc $out"; fail=1; }
cp taxonomy.yaml "$TMPDIR/elsewhere/t.yaml"
out=$("$TAXONC" diff --git HEAD "$TMPDIR/elsewhere/t.yaml" 2>&1); rc=$?
[ "$rc" = 2 ] || { echo "FAIL: outside a repository: $rc $out"; fail=1; }
# nothing left behind in TMPDIR
ls -d "$TMPDIR"/taxonc-git-* 2>/dev/null && { echo "FAIL: temporary directories left"; fail=1; }
exit $fail
