#!/usr/bin/env bash
# The Python package: `pip install ./python` into a fresh virtual
# environment under the build folder (the package builds libtaxonc and the
# taxonc binary from this tree, in $BUILD/python), then pytest over
# python/tests: load, validate (path, bytes, lines), check, split, merge,
# pickling, errors, the GIL released, and the `taxonc` command in the
# environment's bin. pytest's "no tests ran" (exit 5) is a failure.
set -u
R=${ROOT:?}; B=${BUILD:?}
case $B in /*) ;; *) B=$R/$B ;; esac
D=$(mktemp -d "${TMPDIR:-/tmp}/py.XXXXXX")
V=$B/python/venv
unset SANITIZE
if [ ! -x "$V/bin/pytest" ]; then
    rm -rf "$V"
    python3 -m venv "$V" && "$V/bin/pip" install -q setuptools wheel pytest >"$D/venv.log" 2>&1 ||
        { echo "FAIL: cannot make the venv"; tail -5 "$D/venv.log"; exit 1; }
fi
TAXONC_BUILD_DIR=$B/python "$V/bin/pip" install -q --no-build-isolation --force-reinstall --no-deps \
    "$R/python" >"$D/pip.log" 2>&1 || { echo "FAIL: pip install ./python"; tail -20 "$D/pip.log"; exit 1; }
[ -x "$V/bin/taxonc" ] || { echo "FAIL: no taxonc command in the venv"; exit 1; }
(cd "$D" && ROOT=$R TAXONC=${TAXONC:-} "$V/bin/python" -m pytest -q -p no:cacheprovider \
    --basetemp="$D/pt" "$R/python/tests") >"$D/pytest.log" 2>&1
rc=$?
if [ $rc != 0 ]; then
    echo "FAIL: pytest exit $rc"; tail -30 "$D/pytest.log"; exit 1
fi
grep -q " passed" "$D/pytest.log" || { echo "FAIL: no test passed"; cat "$D/pytest.log"; exit 1; }
# docs/python.md's code block runs as it stands
python3 - "$R/docs/python.md" >"$D/doc.py" <<'PY'
import re, sys
blocks = re.findall(r"```python\n(.*?)```", open(sys.argv[1], encoding="utf-8").read(), re.S)
assert blocks, "no python block in docs/python.md"
print("\n".join(blocks))
PY
(cd "$R" && "$V/bin/python" "$D/doc.py") >"$D/doc.log" 2>&1 ||
    { echo "FAIL: docs/python.md's example does not run"; tail -20 "$D/doc.log"; exit 1; }
echo "python_pkg: $(tail -1 "$D/pytest.log")"
