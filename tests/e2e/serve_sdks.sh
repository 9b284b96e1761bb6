#!/usr/bin/env bash
# The official Python SDKs (Amplitude, Segment, RudderStack, Mixpanel,
# Braze) pointed at `taxonc serve`: tests/serve/test_sdks.py under pytest,
# in the venv scripts/pyenv.sh makes (from PyPI; an install that fails
# fails this test). The servers it starts are its own, on 127.0.0.1 and a
# free port, each stopped by the test and bounded by timeout(1) besides.
# pytest's exit 5 (no tests collected) is a failure like any other.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${BUILD:?}" "${TMPDIR:?}"
venv="$ROOT/$BUILD/pyenv"
"$ROOT/scripts/pyenv.sh" "$venv" >"$TMPDIR/pyenv.log" 2>&1 ||
  { echo "FAIL: scripts/pyenv.sh could not install the SDKs"; tail -20 "$TMPDIR/pyenv.log"; exit 1; }
cd "$TMPDIR"
TAXONC="$TAXONC" ROOT="$ROOT" timeout 300 "$venv/bin/python" -m pytest -q -p no:cacheprovider \
  --basetemp="$TMPDIR/pytest" "$ROOT/tests/serve/test_sdks.py" >"$TMPDIR/pytest.out" 2>&1
rc=$?
cat "$TMPDIR/pytest.out"
if [ $rc -ne 0 ]; then
  echo "FAIL: pytest exited $rc$([ $rc -eq 5 ] && echo ' (no tests collected)')"
  exit 1
fi
grep -Eq '^[0-9]+ passed' "$TMPDIR/pytest.out" || { echo "FAIL: pytest ran no test"; exit 1; }
echo "serve_sdks: ok"
