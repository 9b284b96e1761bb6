#!/usr/bin/env bash
# Makes the Python environment of the SDK tests (tests/serve/test_sdks.py):
# a venv at ${1:-build/pyenv} holding pytest and the official SDKs that
# `taxonc serve` must answer, at the versions the tests were written
# against. Installing from PyPI is part of the test: a failure here fails
# it. Re-running is cheap: pip leaves what is installed alone.
# `scripts/pyenv.sh VENV kotlin2` makes instead a venv holding only the
# Kotlin 2.x compiler that kotlin-jupyter-kernel ships (its jars folder:
# the K2JVMCompiler and kotlin-stdlib; tests/e2e/gen_kotlin2.sh).
set -euo pipefail
venv=${1:-build/pyenv}
pins=(
  pytest==9.2.0
  amplitude-analytics==1.3.0
  segment-analytics-python==2.4.0
  rudder-sdk-python==2.1.9
  mixpanel==5.4.1
  requests==2.34.2
  tenacity==9.2.1
  # the reference validator and the record generator of issue 16's proofs
  # (tests/e2e/import_proof.sh, tests/e2e/export_jsonschema_agree.sh)
  # (hypothesis-jsonschema 0.23.1, the latest, breaks on hypothesis 6.170:
  # it uses a private API since renamed; 6.112.0 is verified to work)
  jsonschema-rs==0.61.2
  hypothesis==6.112.0
  hypothesis-jsonschema==0.23.1
  # the tools CI outputs are made for (tests/e2e/ci_recipes.sh, lint_sarif.sh)
  pre-commit==4.7.0
  sarif-tools==3.0.5
)
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
pip=("$venv/bin/python" -m pip install -q --disable-pip-version-check)
if [ "${2:-}" = kotlin2 ]; then
  "${pip[@]}" kotlin-jupyter-kernel==0.19.0.944   # Kotlin 2.3.10
  exit 0
fi
"${pip[@]}" "${pins[@]}"
# braze-client 2.3.3 (the latest) pins tenacity<6, whose asyncio module
# does not import on Python 3.11 (asyncio.coroutine is gone); it only uses
# tenacity's retry/stop/wait API, unchanged since, so it goes in without
# its pins, beside the tenacity above.
"${pip[@]}" --no-deps braze-client==2.3.3
