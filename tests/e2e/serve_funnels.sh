#!/usr/bin/env bash
# Live funnels in taxonc serve (issue 18, docs/serve.md "Funnels") with the
# plan tests/fixtures/funnels/taxonomy.yaml: journeys sent through the
# Amplitude and Segment routes, tagged by test (header, ?test=, /t/ID
# prefix) and untagged; /api/summary's funnel counts overall, per tag
# (funnels_by_test) and with ?test=; a user's progress
# (/api/funnels?user=); funnel-key-mismatch in its event's verdict at
# once, the close-time violations after POST /api/funnels/finish, in
# /api/events and as `update` frames on /api/stream; then `taxonc
# validate` on the captures gives the same funnel counts and the same
# violations (code, file, line); a reset forgets the funnels; tags past
# the bound are counted, not followed.
. "$(dirname "$0")/lib/e2e.bash"
tax="$ROOT/tests/fixtures/funnels/taxonomy.yaml"
serve_start "$TMPDIR/err" "$TAXONC" serve --port 0 --bind 127.0.0.1 --timeout 3 --funnel-journeys 5000 \
    --capture "$TMPDIR/cap.%p.ndjson" "$tax"

with_pylib timeout 60 python3 - "$port" "$TMPDIR" <<'PY' || exit 1
import json, re, socket, sys
from serve_client import Server, check, fails
port, tmp = int(sys.argv[1]), sys.argv[2]
srv = Server(port)
req, api = srv.req, srv.api

def post(path, obj, headers={}):
    s, b, _ = srv.post_json(path, obj, headers)
    assert s == 200, (path, s, b)

T0 = 1767225600000          # 2026-01-01T00:00:00Z, in ms
def amp(user, ev, sec, pid="p1"):
    e = {"event_type": ev, "time": T0 + sec * 1000, "event_properties": {"product_id": pid}}
    if user:
        e["user_id"] = user
    return e
def seg(user, ev, sec):
    return {"type": "track", "userId": user, "event": ev, "properties": {"product_id": "p1"},
            "timestamp": "2026-01-01T00:00:%02dZ" % sec}
V, S, P = "view_product", "select_option", "complete_purchase"

# tag A (header): u1 completes, u2 stops at step 2, u3 selects before it
# views (out of order), u4 only pays (skipped steps), one payment has no user
post("/2/httpapi", {"api_key": "k", "events": [
    amp("u1", V, 1), amp("u1", S, 2), amp("u1", P, 3), amp("u2", V, 4), amp("u2", S, 5),
    amp("u3", S, 6), amp("u3", V, 7), amp("u4", P, 8), amp(None, P, 9)]}, {"X-Taxonc-Test": "A"})
# tag B (/t/ prefix and ?test=): s1 completes, s2 views only
post("/t/B/v1/batch", {"batch": [seg("s1", V, 10), seg("s1", S, 11)]})
post("/v1/batch?test=B", {"batch": [seg("s1", P, 12), seg("s2", V, 13)]})
# untagged: u5 reaches step 2
post("/2/httpapi", {"api_key": "k", "events": [amp("u5", V, 14), amp("u5", S, 15)]})

def fn(summary, name):
    return next(f for f in summary["funnels"] if f["name"] == name)
def reached(f):
    return [s["reached"] for s in f["steps"]]

s = api("/api/summary")
check(s["funnel_journeys"] == 5000, "--funnel-journeys %r" % s["funnel_journeys"])
buy = fn(s, "buy")
check(reached(buy) == [6, 4, 2] and buy["entered"] == 6 and buy["completed"] == 2
      and buy["journeys"] == 7 and buy["open"] == 7, "overall buy live %r" % buy)
check(buy["violations"]["funnel-key-mismatch"] == 1, "key mismatch counted at once %r" % buy)
check(s["funnels_test"] is None and sorted(s["funnels_by_test"]) == ["A", "B"],
      "funnels_by_test tags %r" % list(s.get("funnels_by_test", {})))
a_buy = fn(s["funnels_by_test"]["A"], "buy")
b_buy = fn(s["funnels_by_test"]["B"], "buy")
check(reached(a_buy) == [3, 2, 1] and a_buy["journeys"] == 4, "tag A buy %r" % a_buy)
check(reached(b_buy) == [2, 1, 1] and b_buy["journeys"] == 2, "tag B buy %r" % b_buy)
sa = api("/api/summary?test=A")
check(sa["funnels_test"] == "A" and fn(sa, "buy") == a_buy and "funnels_by_test" not in sa,
      "?test=A scopes the funnels %r" % fn(sa, "buy"))
check(sa["events"] == s["events"] == 15, "?test= scopes only the funnels %r" % sa["events"])
sn = api("/api/summary?test=nosuch")
check(reached(fn(sn, "buy")) == [0, 0, 0], "an unknown tag: zeros")
check(reached(fn(s, "product")) == [6, 4], "overall product %r" % fn(s, "product"))

# per user
u2 = api("/api/funnels?user=u2")
b2 = next(f for f in u2["funnels"] if f["name"] == "buy")
check(len(b2["open"]) == 1 and b2["open"][0]["reached"] == 2 and b2["open"][0]["step"] == S
      and not b2["open"][0]["completed"] and b2["open"][0]["first_time_ms"] == T0 + 4000,
      "u2 buy progress %r" % b2)
p2 = next(f for f in u2["funnels"] if f["name"] == "product")
check(len(p2["open"]) == 1 and p2["open"][0]["completed"], "u2 product progress %r" % p2)
s1 = api("/api/funnels?user=s1&test=B")
check(next(f for f in s1["funnels"] if f["name"] == "buy")["open"][0]["reached"] == 3,
      "s1 in tag B %r" % s1)
check(all(not f["open"] for f in api("/api/funnels?user=s1&test=A")["funnels"]), "s1 not in A")
check(api("/api/funnels?user=nobody")["open_total"] == 0, "unknown user")
check(req("/api/funnels")[0] == 400, "?user= required")

def events(q=""):
    return api("/api/events?" + q)["events"]
def codes(e):
    return sorted(v["code"] for v in e["violations"])
nouser = [e for e in events("test=A") if e["event"] == P and "user_id" not in e["payload"]][0]
check(codes(nouser) == ["funnel-key-mismatch"] and nouser["violations_total"] == 1
      and nouser["verdict"] == "valid", "key mismatch in its verdict at once %r" % nouser)

# a stream open before the journeys close gets the amended events
sock = socket.create_connection(("127.0.0.1", port), timeout=5)
sock.sendall(b"GET /api/stream?test=A HTTP/1.1\r\nHost: x\r\n\r\n")
buf = b""
while b"retry:" not in buf:
    buf += sock.recv(65536)
last = events()[-1]["seq"]
fin = api("/api/funnels/finish", "POST")
check(fin == {"finished": True}, "finish answer %r" % fin)
while buf.count(b"event: update") < 2:
    chunk = sock.recv(65536)
    if not chunk:
        break
    buf += chunk
sock.close()
ups = [json.loads(d) for d in re.findall(r"event: update\ndata: (.*)\n", buf.decode())]
u3s = [e for e in events("test=A") if e["event"] == S and '"u3"' in json.dumps(e["payload"])][0]
u4p = [e for e in events("test=A") if e["event"] == P and '"u4"' in json.dumps(e["payload"])][0]
check(codes(u3s) == ["funnel-out-of-order", "funnel-out-of-order"], "u3's select %r" % u3s)
check(codes(u4p) == ["funnel-skipped-step"] and u4p["violations_total"] == 1, "u4's pay %r" % u4p)
check(sorted(u["seq"] for u in ups) == sorted([u3s["seq"], u4p["seq"]])
      and [u["violations"] for u in ups if u["seq"] == u4p["seq"]] == [u4p["violations"]]
      and all(u["violations_total"] >= 1 for u in ups), "update frames %r" % ups)
s = api("/api/summary")
buy = fn(s, "buy")
check(buy["open"] == 0 and buy["violations"]["funnel-out-of-order"] == 1
      and buy["violations"]["funnel-skipped-step"] == 1 and reached(buy) == [6, 4, 2],
      "after finish %r" % buy)
json.dump({"summary": s, "events": events()}, open(tmp + "/serve.json", "w"))

# reset forgets every engine; the tag bound
api("/api/reset", "POST")
s = api("/api/summary")
check(reached(fn(s, "buy")) == [0, 0, 0] and s["funnels_by_test"] == {}, "reset %r" % fn(s, "buy"))
check(api("/api/funnels?user=u2")["open_total"] == 0, "reset forgets users")
for i in range(65):
    post("/2/httpapi?test=t%d" % i, {"api_key": "k", "events": [amp("w%d" % i, V, 20)]})
s = api("/api/summary")
check(len(s["funnels_by_test"]) == s["funnel_tags_limit"] == 64
      and s["funnel_untracked_hits"] == 2 and fn(s, "buy")["entered"] == 65,
      "tag bound %r" % {k: s[k] for k in s if k.startswith("funnel_")})
sys.exit(1 if fails else 0)
PY
rc=$?
[ $rc -eq 0 ] || { cat "$TMPDIR/err"; exit 1; }
serve_stop; src=$?
[ $src -eq 0 ] || { echo "FAIL: serve exited $src after SIGTERM"; tail -20 "$TMPDIR/err"; exit 1; }

# validate on the captures (as they were before the reset) = serve's
# counts after every journey closed, and the same violations
cap_a="$TMPDIR/cap.amplitude.ndjson"; cap_s="$TMPDIR/cap.segment.ndjson"
head -n 11 "$cap_a" >"$TMPDIR/a.ndjson"; cp "$cap_s" "$TMPDIR/s.ndjson"
"$TAXONC" validate --format json "$tax" "$TMPDIR/a.ndjson" >"$TMPDIR/va.json"
"$TAXONC" validate --format json "$tax" "$TMPDIR/s.ndjson" >"$TMPDIR/vs.json"
python3 - "$TMPDIR" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
sv = json.load(open(tmp + "/serve.json"))
va, vs = (json.load(open(tmp + f)) for f in ("/va.json", "/vs.json"))
keys = ("hits", "journeys", "entered", "completed", "violations")
fails = 0
for f in sv["summary"]["funnels"]:
    a = next(x for x in va["funnels"] if x["name"] == f["name"])
    s = next(x for x in vs["funnels"] if x["name"] == f["name"])
    for k in keys:
        got = f[k]
        if k == "violations":
            want = {c: a[k][c] + s[k][c] for c in a[k]}
        else:
            want = a[k] + s[k]
        if got != want:
            print("FAIL: funnel %s %s: serve %r, validate %r" % (f["name"], k, got, want))
            fails += 1
    want = [x["reached"] + y["reached"] for x, y in zip(a["steps"], s["steps"])]
    if [x["reached"] for x in f["steps"]] != want:
        print("FAIL: funnel %s reached: serve %r, validate %r" % (f["name"], f["steps"], want))
        fails += 1
def fv(report, name):
    return sorted((v["code"], v["line"]) for v in report["violations"] if v["code"].startswith("funnel-"))
served = sorted((v["code"], e["line"]) for e in sv["events"] for v in e["violations"]
                if v["code"].startswith("funnel-") and e["source"] == "amplitude")
if served != fv(va, "a"):
    print("FAIL: violations: serve %r, validate %r" % (served, fv(va, "a")))
    fails += 1
sys.exit(1 if fails else 0)
PY
echo "serve_funnels: ok"
