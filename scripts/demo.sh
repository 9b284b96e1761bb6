#!/usr/bin/env bash
# The main job on the bundled example: check, lint, generate, validate.
set -u
cd "$(dirname "$0")/.."
T=${BUILD:-build}/taxonc
ex=examples/travel/taxonomy.yaml
echo "== taxonc check $ex"; "$T" check "$ex"
