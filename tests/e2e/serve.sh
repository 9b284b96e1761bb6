#!/usr/bin/env bash
# taxonc serve end to end, on 127.0.0.1 only, a free port, bounded in time:
# every wire format answered as its SDK expects, per-event verdicts and
# the test-id/event/valid/since filters of /api/events, the summary in the
# shape of `validate --format json`, CORS preflight, the token, server-sent
# events, reset; hostile requests (malformed, truncated, oversized, gzip
# bomb, slow client) refused and counted with the server still answering
# and its memory bounded; then SIGTERM: a clean exit, and `taxonc validate`
# on each capture gives exactly the verdicts serve gave, line by line.
. "$(dirname "$0")/lib/e2e.bash"
tax="$ROOT/examples/ecommerce/taxonomy.yaml"
serve_start "$TMPDIR/err" "$TAXONC" serve --port 0 --bind 127.0.0.1 --timeout 2 --token s3cret \
    --keep 1000 --capture "$TMPDIR/cap.%p.ndjson" "$tax"

with_pylib timeout 60 python3 - "$port" "$pid" "$TMPDIR" <<'PY' || exit 1
import base64, gzip, json, os, socket, sys, time, urllib.parse
from serve_client import Server, check, fails
port, pid, tmp = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
TOK = {"Authorization": "Bearer s3cret"}
srv = Server(port, TOK)
req, post_json, api = srv.req, srv.post_json, srv.api

def rss_kb():
    for line in open("/proc/%d/status" % pid):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

good = {"product_id": "P00012345", "product_name": "셔츠 블랙", "product_price": 39000}
bad = {"product_id": "X1", "product_price": -1}

# --- each wire format, answered as its SDK expects -----------------------
s, b, h = post_json("/2/httpapi", {"api_key": "k", "events": [
    {"event_type": "view_product", "user_id": "u1", "event_properties": good},
    {"event_type": "view_product", "user_id": "u1", "event_properties": bad}]},
    {"X-Taxonc-Test": "amp"})
a = json.loads(b)
check(s == 200 and a["code"] == 200 and a["events_ingested"] == 2
      and a["payload_size_bytes"] > 0 and a["server_upload_time"] > 0, "amplitude answer %r" % b)
check(h.get("Access-Control-Allow-Origin") == "*", "CORS header on answers")
gz = gzip.compress(json.dumps({"api_key": "k", "events": [
    {"event_type": "view_product", "event_properties": good}]}).encode())
s, b, _ = req("/batch?test=amp", gz, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
check(s == 200 and json.loads(b)["events_ingested"] == 1, "amplitude batch, gzip: %r" % b)

basic = {"Authorization": "Basic " + base64.b64encode(b"writekey:").decode()}
s, b, _ = post_json("/v1/batch", {"batch": [
    {"type": "identify", "userId": "u2", "traits": {"membership_tier": "gold"}},
    {"type": "track", "userId": "u2", "event": "view_product", "properties": good},
    {"type": "track", "userId": "u2", "event": "view_prodct", "properties": good}]},
    dict(basic, **{"X-Taxonc-Test": "seg"}))
check(s == 200 and json.loads(b) == {"success": True}, "segment batch answer %r" % b)
s, b, _ = post_json("/v1/b", {"batch": []}, basic)
check(s == 200 and json.loads(b) == {"success": True}, "segment /v1/b (mobile SDKs' batch path) %r" % b)
s, b, _ = post_json("/v1/track?test=seg", {"userId": "u2", "event": "view_product", "properties": bad}, basic)
check(s == 200 and json.loads(b) == {"success": True}, "segment track answer %r" % b)

mp = [{"event": "view_product", "properties": dict(good, token="t", distinct_id="d")}]
form = "data=" + urllib.parse.quote(json.dumps(mp)) + "&verbose=1"
s, b, _ = req("/track?test=mp", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
check(s == 200 and json.loads(b) == {"status": 1, "error": None}, "mixpanel verbose answer %r" % b)
mpb = [{"event": "view_product", "properties": dict(bad, token="t")}]
form = "data=" + base64.b64encode(json.dumps(mpb).encode()).decode()
s, b, _ = req("/track?test=mp", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
check(s == 200 and b == b"1", "mixpanel base64 answer %r" % b)
s, b, _ = post_json("/import?test=mp", mp)
check(s == 200 and b == b"1", "mixpanel import JSON body %r" % b)
s, b, _ = post_json("/engage", [{"$token": "t", "$distinct_id": "d", "$set": {"a": 1}}])
check(s == 200 and b == b"1", "mixpanel engage %r" % b)

s, b, _ = post_json("/users/track", {"attributes": [{"external_id": "u3", "membership_tier": "gold"}],
    "events": [{"external_id": "u3", "name": "view_product", "time": "2024-01-01T00:00:00Z", "properties": good},
               {"external_id": "u3", "name": "view_product", "time": "2024-01-01T00:00:00Z", "properties": bad}]},
    {"Authorization": "Bearer braze-key", "X-Taxonc-Test": "braze"})
a = json.loads(b)
check(s == 200 and a["message"] == "success" and a["events_processed"] == 2
      and a["attributes_processed"] == 1, "braze answer %r" % b)

# --- verdicts per event, filters ------------------------------------------
def verdicts(q):
    return [(e["event"], e["verdict"]) for e in api("/api/events?" + q)["events"]]
check(verdicts("test=amp") == [("view_product", "valid"), ("view_product", "invalid"),
                               ("view_product", "valid")], "amp verdicts %r" % verdicts("test=amp"))
check(verdicts("test=seg") == [(None, "ignored"), ("view_product", "valid"), ("view_prodct", "invalid"),
                               ("view_product", "invalid")], "seg verdicts %r" % verdicts("test=seg"))
check(verdicts("test=mp") == [("view_product", "valid"), ("view_product", "invalid"),
                              ("view_product", "valid")], "mp verdicts %r" % verdicts("test=mp"))
check(verdicts("test=braze") == [(None, "ignored"), ("view_product", "valid"), ("view_product", "invalid")],
      "braze verdicts %r" % verdicts("test=braze"))
inv = api("/api/events?valid=false&test=amp")["events"]
check(len(inv) == 1 and {v["code"] for v in inv[0]["violations"]} ==
      {"missing-required", "pattern-mismatch", "out-of-range"}
      and "/event_properties/product_id" in [v["path"] for v in inv[0]["violations"]]
      and inv[0]["payload"]["event_properties"] == bad, "invalid event detail %r" % inv)
unk = api("/api/events?event=view_prodct")["events"]
check(len(unk) == 1 and unk[0]["violations"][0]["code"] == "unknown-event", "event= filter %r" % unk)
allev = api("/api/events?limit=1000")
last = allev["last_seq"]
check(api("/api/events?since=%d" % (last - 2))["count"] == 2, "since= filter")
check(api("/api/events?limit=3")["more"] is True, "limit= and more")
summ = api("/api/summary")
for k in ("taxonomy", "profile", "records", "events", "valid", "invalid", "codes", "event_types",
          "coverage", "violations"):
    check(k in summ, "summary has %s" % k)
check(summ["invalid"] == 5 and summ["events"] == 11, "summary counts %r" % {k: summ[k] for k in ("events", "valid", "invalid", "ignored")})
vp = [t for t in summ["event_types"] if t["name"] == "view_product"][0]
check(vp["seen"] == 10 and vp["invalid"] == 4, "summary per event type %r" % vp)

json.dump(api("/api/events?limit=100000&test=amp")["events"] + api("/api/events?test=seg")["events"]
          + api("/api/events?test=mp")["events"] + api("/api/events?test=braze")["events"],
          open(tmp + "/served.json", "w"))

# --- the token, preflight, stream -------------------------------------------
check(req("/api/summary")[0] == 401, "API without the token: 401")
check(req("/")[0] == 401, "page without the token: 401")
check(req("/api/summary?token=s3cret")[0] == 200, "token as a query parameter")
s, b, h = req("/v1/batch", None, {"Origin": "http://x", "Access-Control-Request-Method": "POST",
                                  "Access-Control-Request-Headers": "content-type,x-taxonc-test"}, "OPTIONS")
check(s == 204 and "POST" in h.get("Access-Control-Allow-Methods", "")
      and "x-taxonc-test" in h.get("Access-Control-Allow-Headers", ""), "preflight %r %r" % (s, h))
s, b, _ = req("/?token=s3cret")
check(s == 200 and b"EventSource" in b and b"<script src" not in b and b"<link" not in b
      and b"http://" not in b and b"https://" not in b, "page served, self-contained")
sse = socket.create_connection(("127.0.0.1", port), timeout=5)
sse.sendall(b"GET /api/stream?since=%d&test=live&token=s3cret HTTP/1.1\r\nHost: x\r\n\r\n" % last)
time.sleep(0.2)
post_json("/2/httpapi?test=other", {"events": [{"event_type": "view_product", "event_properties": good}]})
post_json("/2/httpapi?test=live", {"events": [{"event_type": "apply_coupon", "event_properties": {}}]})
got, t0 = b"", time.time()
while b"apply_coupon" not in got and time.time() - t0 < 5:
    got += sse.recv(65536)
sse.close()
check(b"text/event-stream" in got and b"apply_coupon" in got and b'"test":"other"' not in got,
      "server-sent events, filtered by test: %r" % got[:300])

# --- hostile input ------------------------------------------------------------
rss0 = rss_kb()
st0 = api("/api/stats")
s, b, _ = req("/2/httpapi", b'{"events":[{"event_type":', {})
check(s == 400 and "error" in json.loads(b) and json.loads(b)["message"] == json.loads(b)["error"],
      "truncated JSON: 400 with a JSON error (and message, which Segment's and RudderStack's SDKs read)")
s, b, _ = req("/2/httpapi", b'\xff\xfe garbage', {})
check(s == 400 and "error" in json.loads(b), "malformed body: 400")
s, b, _ = req("/2/httpapi", b'{"events":"no"}', {})
check(s == 400, "wrong shape: 400")
s, b, _ = req("/2/httpapi", b'{"events":[]}', {"Content-Encoding": "gzip"})
check(s == 400, "corrupt gzip: 400")
def raw(data, wait=5):
    c = socket.create_connection(("127.0.0.1", port), timeout=wait)
    c.sendall(data)
    got = b""
    try:
        while b"\r\n\r\n" not in got:
            k = c.recv(4096)
            if not k:
                break
            got += k
    finally:
        c.close()
    return got
got = raw(b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (9 << 20))
check(got.startswith(b"HTTP/1.1 413"), "9 MiB Content-Length: 413 at once: %r" % got[:40])
got = raw(b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + (b"100000\r\n" + b"x" * 0x100000 + b"\r\n") * 9 + b"0\r\n\r\n")
check(got.startswith(b"HTTP/1.1 413"), "9 MiB chunked body: 413: %r" % got[:40])
bomb = gzip.compress(b"[" + b" " * (64 << 20) + b"]", 9)
s, b, _ = req("/2/httpapi", bomb, {"Content-Encoding": "gzip"})
check(s == 413 and len(bomb) < (1 << 20), "gzip bomb (%d bytes -> 64 MiB): 413 (got %d)" % (len(bomb), s))
# a body shorter than its Content-Length, then the connection closed
t = socket.create_connection(("127.0.0.1", port), timeout=5)
t.sendall(b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"events\":[")
t.close()
# a slow client: headers never finished; closed by the server after --timeout 2
slow = socket.create_connection(("127.0.0.1", port), timeout=8)
slow.sendall(b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
s, b, _ = post_json("/2/httpapi?test=after", {"events": [{"event_type": "view_product", "event_properties": good}]})
check(s == 200, "answers while a slow client hangs on")
try:
    closed = slow.recv(100) == b""
except (socket.timeout, ConnectionResetError):
    closed = True
check(closed and time.time() - t0 < 7, "slow client dropped after the timeout")
for i in range(200):      # many bodies: memory stays flat (the ring is bounded)
    post_json("/2/httpapi?test=load", {"events": [{"event_type": "view_product", "event_properties": good}] * 50})
st1 = api("/api/stats")
check(st1["bad_requests"] - st0["bad_requests"] >= 4, "malformed bodies counted %r" % st1)
check(st1["too_large"] - st0["too_large"] >= 2, "oversized bodies counted %r" % st1)
check(st1["kept"] <= 1000, "at most --keep events kept %r" % st1)
rss1 = rss_kb()
# ASan keeps freed memory in quarantine (256 MiB by default): a looser bound there
grow_max = (320 if os.environ.get("SANITIZE") else 48) * 1024
print("serve.sh: RSS %d KiB -> %d KiB after the hostile and load requests" % (rss0, rss1))
check(rss1 - rss0 < grow_max, "RSS grew %d KiB (from %d)" % (rss1 - rss0, rss0))
check(api("/api/summary")["events"] >= 10000, "everything counted")
s, b, _ = req("/api/reset", b"", TOK, "POST")
check(s == 200 and api("/api/summary")["events"] == 0 and api("/api/events")["count"] == 0, "reset")
sys.exit(1 if fails else 0)
PY

serve_stop; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: serve exited $rc after SIGTERM"; cat "$TMPDIR/err"; exit 1; }
grep -q "stopped (SIGTERM)" "$TMPDIR/err" || { echo "FAIL: no clean stop line"; exit 1; }

# the capture, validated offline, gives serve's verdicts at the same lines
for p in amplitude segment mixpanel braze; do
  [ -s "$TMPDIR/cap.$p.ndjson" ] || { echo "FAIL: no capture for $p"; exit 1; }
  "$TAXONC" validate --profile "$p" --invalid-out "$TMPDIR/inv.$p.ndjson" --format json \
      -o "$TMPDIR/offline.$p.json" "$tax" "$TMPDIR/cap.$p.ndjson"
  [ $? -le 1 ] || { echo "FAIL: validate on the $p capture"; exit 1; }
done
python3 - "$TMPDIR" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
served = json.load(open(tmp + "/served.json"))
bad = 0
for p in ("amplitude", "segment", "mixpanel", "braze"):
    off = {}
    for line in open("%s/inv.%s.ndjson" % (tmp, p)):
        r = json.loads(line)
        off[r["line"]] = sorted((v["code"], v["path"]) for v in r["violations"])
    mine = [e for e in served if e["source"] == p]
    if not mine:
        print("FAIL: no served events for", p); bad += 1
    for e in mine:
        # funnel violations are judged across records: --invalid-out holds
        # each record's own checks, serve_funnels.sh compares the funnels'
        want = sorted((v["code"], v["path"]) for v in e["violations"]
                      if not v["code"].startswith("funnel-")) if e["verdict"] == "invalid" else None
        got = off.get(e["line"])
        if e["verdict"] != "invalid" and got is None:
            continue
        if got != want:
            print("FAIL: %s line %d: serve %s %r, validate %r" % (p, e["line"], e["verdict"], want, got)); bad += 1
    n_inv = sum(1 for e in mine if e["verdict"] == "invalid")
    total_inv = json.load(open("%s/offline.%s.json" % (tmp, p)))["invalid"]
    if p != "amplitude" and n_inv != total_inv:
        print("FAIL: %s: serve %d invalid, validate %d" % (p, n_inv, total_inv)); bad += 1
sys.exit(1 if bad else 0)
PY
