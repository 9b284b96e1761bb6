"""The official SDKs from PyPI pointed at `taxonc serve` (issue 17, item 5).

Each test starts its own server (127.0.0.1, a free port, a capture per
profile), runs the SDK's setup block from docs/serve.md as it is written
there (only the port changed), sends planned good and bad events through
the SDK, and then asserts:

  * the SDK reported success: its callbacks or return values say so, its
    logger recorded no warning or error, and the server saw exactly the
    requests planned (a retry would be one more) and refused none;
  * the server's verdict for each event is the planned one, and each event
    is tagged with the test id the documented URL carries;
  * `taxonc validate` on the capture gives the same verdicts at the same
    lines, and the same report as /api/summary.

Run by tests/e2e/serve_sdks.sh with the venv of scripts/pyenv.sh; needs
TAXONC and ROOT in the environment.
"""
import json
import logging
import os
import re
import signal
import subprocess
import time
import urllib.request

import pytest

TAXONC = os.environ["TAXONC"]
ROOT = os.environ["ROOT"]
PLAN = os.path.join(ROOT, "examples/ecommerce/taxonomy.yaml")
DOC = os.path.join(ROOT, "docs/serve.md")
TEST_ID = "checkout-1"          # the test id the documented URLs carry

GOOD = {"product_id": "P00012345", "product_name": "셔츠 블랙 (남성용)",
        "product_category": "의류", "product_price": 39000}
BAD = {"product_id": "X1", "product_price": -1}        # 3 violations
COUPON = {"coupon_id": "WELCOME10", "coupon_name": "신규 가입 쿠폰", "coupon_discount": 3000}


def snippet(name, port):
    """The docs/serve.md block marked <!-- sdk-snippet: NAME -->, port set."""
    text = open(DOC, encoding="utf-8").read()
    m = re.search(r"<!-- sdk-snippet: %s -->\n```python\n(.*?)```" % re.escape(name), text, re.S)
    assert m, "docs/serve.md has no snippet for %s" % name
    code = m.group(1)
    assert "127.0.0.1:8737" in code, "the %s snippet names no server URL" % name
    return code.replace("127.0.0.1:8737", "127.0.0.1:%d" % port)


class Server:
    def __init__(self, tmp):
        self.tmp = str(tmp)
        self.capture = os.path.join(self.tmp, "cap.%p.ndjson")
        self.err = open(os.path.join(self.tmp, "serve.err"), "w+")
        # timeout(1) bounds a server this process could not stop
        self.proc = subprocess.Popen(
            ["timeout", "120", TAXONC, "serve", "--port", "0", "--bind", "127.0.0.1",
             "--capture", self.capture, PLAN], stderr=self.err, stdin=subprocess.DEVNULL)
        self.port = None
        deadline = time.time() + 10
        while time.time() < deadline and self.port is None:
            self.err.seek(0)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", self.err.read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
        if self.port is None:
            self.stop()
            self.err.seek(0)
            pytest.fail("taxonc serve did not start: %s" % self.err.read())
        self.base = "http://127.0.0.1:%d" % self.port

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=10) as f:
            assert f.status == 200
            return json.loads(f.read())

    def post(self, path):
        r = urllib.request.Request(self.base + path, data=b"", method="POST")
        with urllib.request.urlopen(r, timeout=10) as f:
            assert f.status == 200
            return json.loads(f.read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.err.seek(0)
        log = self.err.read()
        self.err.close()
        # a clean stop (a sanitizer's report would make it non-zero)
        assert self.proc.returncode == 0, "serve exited %s: %s" % (self.proc.returncode, log[-2000:])

    def wait_records(self, n, timeout=15):
        """Waits (bounded) until n records were received."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.get("/api/stats")["records"] >= n:
                return
            time.sleep(0.05)


@pytest.fixture(autouse=True)
def bounded():
    """No test runs longer than 60 s, whatever an SDK waits for."""
    def late(signum, frame):
        raise TimeoutError("the test took longer than 60 s")
    old = signal.signal(signal.SIGALRM, late)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    yield s
    s.stop()


class LogProblems(logging.Handler):
    """Every warning or error an SDK logs: a retry or a failure shows here."""

    def __init__(self, *names):
        super().__init__(logging.WARNING)
        self.records = []
        self.loggers = [logging.getLogger(n) for n in names]
        for lg in self.loggers:
            lg.addHandler(self)

    def emit(self, record):
        self.records.append("%s: %s" % (record.name, record.getMessage()))

    def close(self):
        for lg in self.loggers:
            lg.removeHandler(self)
        super().close()


@pytest.fixture
def log_problems():
    h = LogProblems("amplitude", "segment", "rudderstack", "mixpanel", "urllib3", "braze")
    yield h
    h.close()


def check_server(server, profile, planned, requests):
    """planned: [(event name or None, verdict)], in the order sent."""
    # the funnels' journeys judged as validate judges them at the end
    server.post("/api/funnels/finish")
    stats = server.get("/api/stats")
    assert stats["requests"] == requests, "requests (a retry is one more): %r" % stats
    for k in ("bad_requests", "too_large", "unauthorized", "not_found", "capture_errors"):
        assert stats[k] == 0, "%s: %r" % (k, stats)
    evs = server.get("/api/events?test=%s" % TEST_ID)["events"]
    assert server.get("/api/events")["count"] == len(evs), "events without the test id"
    got = [(e["event"], e["verdict"]) for e in evs]
    assert got == planned, "verdicts %r" % got
    assert all(e["source"] == profile for e in evs)
    # offline: the capture through `taxonc validate`
    cap = server.capture.replace("%p", profile)
    inv = os.path.join(server.tmp, "invalid.ndjson")
    off = subprocess.run([TAXONC, "validate", "--profile", profile, "--format", "json",
                          "--invalid-out", inv, PLAN, cap], capture_output=True, timeout=60)
    assert off.returncode == (1 if any(v == "invalid" for _, v in planned) else 0), off.stderr
    report = json.loads(off.stdout)
    offline = {}
    for line in open(inv, encoding="utf-8"):
        r = json.loads(line)
        offline[r["line"]] = sorted((v["code"], v["path"]) for v in r["violations"])
    for e in evs:
        # funnel codes are judged across records (compared in the summary's
        # funnels below); --invalid-out holds each record's own checks
        want = sorted((v["code"], v["path"]) for v in e["violations"]
                      if not v["code"].startswith("funnel-"))
        if e["verdict"] == "invalid":
            assert offline.get(e["line"]) == want, "line %d: serve %r, validate %r" % (
                e["line"], want, offline.get(e["line"]))
        else:
            assert e["line"] not in offline and not want
    summary = server.get("/api/summary")
    for k in ("funnels_test", "funnel_tags_limit", "funnel_untracked_hits",
              "funnel_violations_unplaced", "funnels_by_test"):   # serve's own
        summary.pop(k, None)
    assert summary == report, "summary and the offline report differ:\n%s\n%s" % (
        json.dumps(summary, ensure_ascii=False)[:2000], json.dumps(report, ensure_ascii=False)[:2000])
    return evs


def test_amplitude(server, log_problems):
    ns = {}
    exec(snippet("amplitude", server.port), ns)
    amp = ns["amp"]
    results = []
    amp.configuration.callback = lambda event, code, message: results.append(
        (event.event_type, code, message, event.retry))
    from amplitude import BaseEvent
    amp.track(BaseEvent("view_product", user_id="user-0001", event_properties=GOOD))
    amp.track(BaseEvent("view_product", user_id="user-0001", event_properties=BAD))
    amp.track(BaseEvent("apply_coupon", user_id="user-0001", event_properties=COUPON))
    amp.track(BaseEvent("view_prodcut", user_id="user-0001", event_properties=GOOD))
    amp.shutdown()              # flushes and waits for the sender
    assert sorted(r[0] for r in results) == sorted(
        ["view_product", "view_product", "apply_coupon", "view_prodcut"]), results
    assert all(code == 200 and retry == 0 for _, code, _, retry in results), results
    assert not log_problems.records, log_problems.records
    evs = check_server(server, "amplitude", [("view_product", "valid"), ("view_product", "invalid"),
                                             ("apply_coupon", "valid"), ("view_prodcut", "invalid")], 1)
    assert evs[0]["payload"]["event_properties"]["product_name"] == GOOD["product_name"]
    assert evs[0]["route"] == "/2/httpapi"


def segment_like(server, log_problems, module, name):
    errors = []
    module.on_error = lambda e, batch: errors.append((repr(e), batch))
    module.max_retries = 0      # a refusal is reported at once, not retried for minutes
    module.identify("user-0002", {"membership_tier": "gold"})
    module.track("user-0002", "view_product", GOOD)
    module.track("user-0002", "view_product", BAD)
    module.track("user-0002", "start_checkout", {"cart_items": [], "order_amount": 10})
    module.flush()              # sends and waits for the queue
    server.wait_records(4)
    module.shutdown() if hasattr(module, "shutdown") else None
    assert not errors, errors
    assert not log_problems.records, log_problems.records
    return check_server(server, "segment", [(None, "ignored"), ("view_product", "valid"),
                                            ("view_product", "invalid"),
                                            ("start_checkout", "invalid")], 1)


def test_segment(server, log_problems):
    ns = {}
    exec(snippet("segment", server.port), ns)
    evs = segment_like(server, log_problems, ns["analytics"], "segment")
    assert evs[1]["payload"]["properties"]["product_name"] == GOOD["product_name"]


def test_rudderstack(server, log_problems):
    ns = {}
    exec(snippet("rudderstack", server.port), ns)
    segment_like(server, log_problems, ns["rudder"], "rudderstack")


def test_mixpanel(server, log_problems):
    ns = {}
    exec(snippet("mixpanel", server.port), ns)
    mp = ns["mp"]
    # Consumer.send raises MixpanelException on any failure or a status != 1
    mp.track("user-0003", "view_product", GOOD)
    mp.track("user-0003", "view_product", BAD)
    mp.track("user-0003", "apply_coupon", dict(COUPON, coupon_discount="3000"))
    mp.people_set("user-0003", {"membership_tier": "gold"})     # /engage: counted, not checked
    assert not log_problems.records, log_problems.records
    assert server.get("/api/stats")["profile_updates"] == 1
    check_server(server, "mixpanel", [("view_product", "valid"), ("view_product", "invalid"),
                                      ("apply_coupon", "invalid")], 4)


def test_braze(server, log_problems):
    ns = {}
    exec(snippet("braze", server.port), ns)
    braze = ns["braze"]
    t = "2024-05-01T09:00:00Z"
    r = braze.user_track(
        attributes=[{"external_id": "user-0004", "membership_tier": "gold"}],
        events=[{"external_id": "user-0004", "name": "view_product", "time": t, "properties": GOOD},
                {"external_id": "user-0004", "name": "view_product", "time": t, "properties": BAD}])
    assert r["success"] and r["status_code"] == 200 and r["message"] == "success", r
    assert r["events_processed"] == 2 and r["attributes_processed"] == 1, r
    assert not log_problems.records, log_problems.records
    # records in the body's order: the client writes "events" before "attributes"
    check_server(server, "braze", [("view_product", "valid"), ("view_product", "invalid"),
                                   (None, "ignored")], 1)
