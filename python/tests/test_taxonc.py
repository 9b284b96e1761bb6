"""The taxonc package against the CLI: every report it gives equals
`taxonc validate --format json` on the same input, byte for byte."""
import gzip
import os
import pickle
import subprocess
import sys
import threading

import pytest

import taxonc
from conftest import LOG, PLAN, ROOT, cli_json


def test_load_missing_is_oserror(tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        taxonc.load(tmp_path / "none.yaml")
    assert e.value.filename == tmp_path / "none.yaml"


def test_load_bad_plan_gives_check_text(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("taxonomy: x\nevents:\n  Foo:\n    properties:\n      bar: {type: nosuchtype}\n")
    with pytest.raises(taxonc.TaxonomyError) as e:
        taxonc.load(str(bad))
    text = str(e.value)
    assert "%s:5:19: error: unknown type 'nosuchtype' [unknown-type]" % bad in text
    assert "^~~~~~~~~~" in text


def test_validate_path_equals_cli(plan):
    s = plan.validate(LOG)
    assert isinstance(s, taxonc.Summary)
    assert s.to_json() == cli_json(LOG)
    assert (s.files, s.records, s.valid, s.invalid, s.ignored) == (1, 7, 4, 3, 0)
    assert s.violations == 4 and s.events == 7 and s.io_error is False
    assert s.bytes == os.path.getsize(LOG)


def test_validate_pathlike_and_gzip(plan, tmp_path, lines):
    gz = tmp_path / "log.ndjson.gz"
    with gzip.open(gz, "wb") as f:
        f.writelines(lines)
    assert plan.validate(gz).to_json() == cli_json(str(gz))


def test_validate_bytes_and_lines(plan, lines):
    want = cli_json(LOG)
    data = b"".join(lines)
    assert plan.validate(data, name=LOG).to_json() == want
    assert plan.validate(bytearray(data), name=LOG).to_json() == want
    assert plan.validate(iter(lines), name=LOG).to_json() == want
    assert plan.validate([l.decode().rstrip("\n") for l in lines], name=LOG).to_json() == want
    assert plan.validate(data).records == 7


def test_validate_files_in_order(plan, tmp_path, lines):
    a, b = tmp_path / "a.ndjson", tmp_path / "b.ndjson"
    a.write_bytes(b"".join(lines[:3]))
    b.write_bytes(b"".join(lines[3:]))
    assert plan.validate_files([a, b]).to_json() == cli_json(str(a), str(b))


def test_validate_missing_is_oserror(plan, tmp_path):
    with pytest.raises(FileNotFoundError):
        plan.validate(str(tmp_path / "nope.ndjson"))
    with pytest.raises(TypeError):
        plan.validate([1, 2])


def test_check(plan, lines):
    assert plan.check(lines[0]) == []
    assert plan.check(lines[0].decode()) == []
    v = plan.check({"event_type": "No Such Event", "event_properties": {}})
    assert [x["code"] for x in v] == ["unknown-event"]
    assert v[0]["path"] == "/event_type" and "No Such Event" in v[0]["message"]
    assert [x["code"] for x in plan.check("{not json")] == ["malformed-json"]
    with pytest.raises(TypeError):
        plan.check(42)


def test_split(plan, lines):
    s = plan.validate(lines)
    valid, invalid = plan.split(lines + [b"\n"])
    assert len(valid) == s.valid + s.ignored and len(invalid) == s.invalid == 3
    assert all(l in lines for l in valid)
    for rec, v in invalid:
        assert rec in lines and v and v == plan.check(rec)
    # every record in exactly one, in input order
    assert sorted(valid + [r for r, _ in invalid]) == sorted(lines)


def test_merge_equals_one_run(plan, tmp_path, lines):
    parts = []
    for i, (lo, hi) in enumerate([(0, 2), (2, 5), (5, 7)]):
        p = tmp_path / ("p%d.ndjson" % i)
        p.write_bytes(b"".join(lines[lo:hi]))
        parts.append(str(p))
    want = cli_json(*parts)
    sums = [plan.validate(p) for p in parts]
    before = sums[0].to_json()
    assert taxonc.Summary.merge_all(sums).to_json() == want
    assert sums[0].to_json() == before          # merge_all copies
    s = plan.validate(parts[0])
    assert s.merge(sums[1]) is s
    s.merge(sums[2])
    assert s.to_json() == want and s.files == 3 and s.records == 7


def test_merge_errors(plan, tmp_path):
    with pytest.raises(ValueError):
        taxonc.Summary.merge_all([])
    with pytest.raises(TypeError):
        plan.validate(LOG).merge("x")
    other = taxonc.load(os.path.join(ROOT, "examples", "ecommerce", "taxonomy.yaml"))
    with pytest.raises(ValueError, match="different taxonomies"):
        plan.validate(LOG).merge(other.validate(b"{}\n"))


def test_pickle_and_from_json(plan, lines):
    s = plan.validate(LOG)
    t = pickle.loads(pickle.dumps(s))
    assert t.to_json() == s.to_json() and t.invalid == 3
    u = taxonc.Summary.from_json(cli_json(LOG))
    u.merge(plan.validate(LOG))
    assert u.to_json() == cli_json(LOG, LOG)
    with pytest.raises(ValueError):
        taxonc.Summary.from_json("{}")


def test_threads_share_a_plan(plan, big):
    want = plan.validate(big).to_json()
    got = [None, None]

    def run(i):
        got[i] = plan.validate(big).to_json()

    ts = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert got == [want, want]


def test_validate_releases_the_gil(plan, big):
    """While one thread is inside validate, this thread keeps running
    Python code: with the GIL held it would stand still for the whole
    call, so the longest pause between its steps would be the call."""
    import time
    with open(big, "rb") as f:
        data = f.read()
    span = {}

    def run():
        span["start"] = time.perf_counter()
        plan.validate(data)
        span["end"] = time.perf_counter()

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)
    t = threading.Thread(target=run)
    steps = []
    t.start()
    while "end" not in span:
        steps.append(time.perf_counter())
    t.join()
    sys.setswitchinterval(old)
    inside = [span["start"]] + [x for x in steps if span["start"] < x < span["end"]] + [span["end"]]
    longest = max(b - a for a, b in zip(inside, inside[1:]))
    took = span["end"] - span["start"]
    assert longest < took / 2, (longest, took)


def test_command_in_the_environment():
    exe = os.path.join(os.path.dirname(sys.executable), "taxonc")
    r = subprocess.run([exe, "--version"], stdout=subprocess.PIPE)
    assert r.returncode == 0 and r.stdout.decode().startswith("taxonc ")
    r = subprocess.run([exe, "check", PLAN], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert r.returncode == 0
    assert os.access(taxonc.command(), os.X_OK)
