"""Fixtures for the package's tests: the repository (ROOT, else two folders
up), the travel example, a larger log made from it, and the CLI the
package installed (TAXONC overrides it) to compare reports with."""
import os
import subprocess

import pytest

import taxonc

ROOT = os.environ.get("ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAN = os.path.join(ROOT, "examples", "travel", "taxonomy.yaml")
LOG = os.path.join(ROOT, "examples", "travel", "captured.ndjson")


def cli():
    return os.environ.get("TAXONC") or taxonc.command()


def cli_json(*paths, plan=PLAN):
    r = subprocess.run([cli(), "validate", "--format", "json", plan, *paths],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert r.returncode in (0, 1), r.stderr
    return r.stdout.decode()


@pytest.fixture(scope="session")
def plan():
    return taxonc.load(PLAN)


@pytest.fixture(scope="session")
def lines():
    with open(LOG, "rb") as f:
        return f.read().splitlines(keepends=True)


@pytest.fixture(scope="session")
def big(tmp_path_factory, lines):
    """About 20 MB: the example's records (valid and invalid) repeated, plus
    a non-event and a malformed line now and then."""
    path = tmp_path_factory.mktemp("big") / "big.ndjson"
    block = b"".join(lines) + b'{"event_type":"$identify","user_id":"u9"}\n' + b"{not json\n"
    with open(path, "wb") as f:
        f.write(block * (20_000_000 // len(block)))
    return str(path)
