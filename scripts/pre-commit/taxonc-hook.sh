#!/bin/sh
# The hooks of .pre-commit-hooks.yaml (pre-commit runs this file from its
# clone of taxonc: `language: script`). Usage: taxonc-hook.sh HOOK ARGS...,
# HOOK one of check, lint, gen-check, diff; ARGS are the hook's `args:`.
# What a plain `taxonc` entry could not do:
#   - taxonc missing from PATH: say how to install it, not "not found";
#   - gen-check before any code was generated (the first commit of a plan):
#     skip with the command that generates it; otherwise `gen --check`,
#     which prints the exact command that brings stale files up to date;
#   - diff: compare with the merge base of HEAD and TAXONC_DIFF_BASE
#     (default origin/main), not the branch tip; skip with a note when
#     there is none (the first push of a new repository) or the plan is
#     new since then, instead of failing on an unknown revision.
set -u
if ! command -v taxonc >/dev/null 2>&1; then
  echo "taxonc: command not found on PATH; install taxonc first (from a clone:" \
       "'make && sudo make install', or 'pip install ./python' into the environment" \
       "pre-commit runs in); see docs/ci.md" >&2
  exit 1
fi
[ $# -ge 1 ] || { echo "usage: taxonc-hook.sh check|lint|gen-check|diff ARGS..." >&2; exit 2; }
hook=$1
shift
last=
for a in "$@"; do last=$a; done
case $hook in
check | lint)
  exec taxonc "$hook" "$@" ;;
gen-check)
  out= prev=
  for a in "$@"; do
    [ "$prev" = --out ] && out=$a
    prev=$a
  done
  if [ -n "$out" ] && [ ! -e "$out" ]; then
    echo "taxonc gen --check: skipped: '$out' does not exist yet (no code generated so far);" \
         "to generate it, run: taxonc gen $*"
    exit 0
  fi
  exec taxonc gen --check "$@" ;;
diff)
  base=${TAXONC_DIFF_BASE:-origin/main}
  if ! mb=$(git merge-base HEAD "$base" 2>/dev/null); then
    echo "taxonc diff: skipped: no merge base with '$base' (the first push of a new" \
         "repository, or '$base' not fetched); set TAXONC_DIFF_BASE to compare with another branch"
    exit 0
  fi
  if [ -n "$last" ] && ! git cat-file -e "$mb:$last" 2>/dev/null; then
    echo "taxonc diff: skipped: '$last' is new since '$base' (nothing to compare with)"
    exit 0
  fi
  exec taxonc diff --git "$mb" "$@" ;;
*)
  echo "taxonc-hook.sh: unknown hook '$hook'; use check, lint, gen-check or diff" >&2
  exit 2 ;;
esac
