#!/usr/bin/env bash
# taxonc serve against slow clients (issue 17): clients that trickle a byte
# every 0.5 s are never idle, so --timeout alone never closes them; the
# per-request deadline (--request-timeout) does. On 127.0.0.1, a free port,
# --timeout 2 --request-timeout 3:
#  1. tricklers of the headers, of the body, and of a keep-alive
#     connection's second request are all cut within a generous bound (the
#     deadline is 3 s; they must be gone by 10 s, and not before 2.5 s),
#     while normal requests keep being answered and a server-sent stream
#     outlives the deadline (an answer is never on the clock);
#  2. tricklers holding every connection (--max-connections 4) block the
#     server only until their deadline;
#  3. the cut connections are counted in /api/stats (timed_out);
#  4. a bad --request-timeout is a usage error; SIGTERM still stops cleanly.
# When the machine has a non-loopback IPv4 address, a server bound to it
# (only for a few seconds) takes at most a quarter of --max-connections
# from one address.
. "$(dirname "$0")/lib/e2e.bash"
tax="$ROOT/examples/ecommerce/taxonomy.yaml"

for v in 0 x 3601 ''; do
  "$TAXONC" serve --request-timeout "$v" "$tax" >/dev/null 2>"$TMPDIR/uerr"; rc=$?
  [ $rc -eq 2 ] || bad "--request-timeout '$v': exit $rc (want 2)"
  grep -q "request-timeout" "$TMPDIR/uerr" || bad "--request-timeout '$v': $(cat "$TMPDIR/uerr")"
done

start() { # address, options...: sets pid and port
  local addr=$1; shift
  serve_start "$TMPDIR/err" "$TAXONC" serve --port 0 --bind "$addr" "$@" "$tax"
}
stop() {
  serve_stop; local rc=$?
  [ $rc -eq 0 ] || bad "serve exited $rc after SIGTERM: $(cat "$TMPDIR/err")"
}

cat >"$TMPDIR/slow.py" <<'PY'
import json, select, socket, sys, threading, time, urllib.request, urllib.error
host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
B = "http://%s:%d" % (host, port)
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL:", what)

GOOD = json.dumps({"events": [{"event_type": "view_product", "event_properties": {
    "product_id": "P1", "product_name": "셔츠", "product_category": "의류",
    "product_price": 1000}}]}).encode()
REQ = (b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
       b"Content-Length: %d\r\n\r\n" % len(GOOD)) + GOOD

def post():
    r = urllib.request.Request(B + "/2/httpapi", data=GOOD,
                               headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(r, timeout=5) as f:
            return f.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None         # refused or closed: every connection taken

def closed(c):
    """True once the server has closed c (nothing else is ever sent to it)."""
    try:
        if not select.select([c], [], [], 0)[0]:
            return False
        return c.recv(65536) == b""
    except OSError:
        return True

def trickle(first, drip, out, key, answer=False, limit=12.0):
    """Sends first (and, with answer, reads its answer), then drip one byte
    per 0.5 s; out[key] = seconds from the connection (or from the first
    request's answer) to the server closing it, or None when it did not
    within limit."""
    c = socket.create_connection((host, port), timeout=5)
    t0 = time.time()
    try:
        if first:
            c.sendall(first)
        if answer:
            got = b""
            while b'"code":200' not in got:
                k = c.recv(4096)
                if not k:
                    out[key] = "closed before its answer"
                    return
                got += k
            t0 = time.time()
        i = 0
        while time.time() - t0 < limit:
            try:
                c.sendall(drip[i % len(drip):i % len(drip) + 1])
            except OSError:
                out[key] = time.time() - t0
                return
            i += 1
            end = time.time() + 0.5
            while time.time() < end:
                if closed(c):
                    out[key] = time.time() - t0
                    return
                time.sleep(0.05)
        out[key] = None
    finally:
        c.close()

def stats():
    with urllib.request.urlopen(B + "/api/stats", timeout=5) as f:
        return json.loads(f.read())

HEAD = b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 64
BODY = b"POST /2/httpapi HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n"

if mode == "deadline":
    st0 = stats()
    check("timed_out" in st0, "/api/stats has no timed_out: %r" % st0)
    # a stream: its answer lasts longer than the deadline and must not be cut
    sse = socket.create_connection((host, port), timeout=5)
    sse.sendall(b"GET /api/stream HTTP/1.1\r\nHost: x\r\n\r\n")
    out = {}
    ths = [threading.Thread(target=trickle, args=(HEAD[:20], HEAD[20:], out, "headers")),
           threading.Thread(target=trickle, args=(BODY, b"{", out, "body")),
           threading.Thread(target=trickle, args=(REQ, HEAD, out, "keep-alive", True))]
    for t in ths:
        t.start()
    answered = bad = 0
    while any(t.is_alive() for t in ths):
        s = post()
        answered += s == 200
        bad += s != 200
        time.sleep(0.3)
    for t in ths:
        t.join()
    for k in ("headers", "body", "keep-alive"):
        v = out.get(k)
        check(isinstance(v, float) and 2.5 <= v <= 10,
              "%s trickler: cut after %r s (want between 2.5 and 10; deadline 3)" % (k, v))
    check(answered >= 5 and bad == 0, "normal requests meanwhile: %d answered, %d not" % (answered, bad))
    # the stream is still open and still sends (pings every 2/3 s)
    sse.settimeout(3)
    try:
        live = len(sse.recv(4096)) > 0
    except OSError as e:
        live = False
    check(live, "a server-sent stream was cut by the request deadline")
    sse.close()
    st1 = stats()
    check(st1.get("timed_out", 0) - st0.get("timed_out", 0) >= 3,
          "cut connections counted: %r -> %r" % (st0.get("timed_out"), st1.get("timed_out")))
    print("serve_slow: cut after %s s; %d normal requests answered meanwhile"
          % (", ".join("%s %.1f" % (k, out[k]) for k in sorted(out) if isinstance(out[k], float)),
             answered))
elif mode == "saturate":
    # --max-connections 4: four tricklers hold every connection
    out = {}
    ths = [threading.Thread(target=trickle, args=(None, HEAD, out, i)) for i in range(4)]
    for t in ths:
        t.start()
        time.sleep(0.1)
    time.sleep(0.5)
    t0 = time.time()
    s = None
    while time.time() - t0 < 12 and s != 200:
        s = post()
        if s != 200:
            time.sleep(0.3)
    check(s == 200 and time.time() - t0 <= 9,
          "the server stayed taken by tricklers for %.1f s (last answer %r; deadline 3 s)"
          % (time.time() - t0, s))
    for t in ths:
        t.join()
    cut = [v for v in out.values() if isinstance(v, float)]
    check(len(cut) == 4, "tricklers holding every connection cut: %r" % out)
    print("serve_slow: answered again %.1f s after 4 tricklers took every connection" % (time.time() - t0))
elif mode == "per-ip":
    # bound to a non-loopback address with --max-connections 8: two from one address
    a = socket.create_connection((host, port), timeout=5)
    b = socket.create_connection((host, port), timeout=5)
    a.sendall(b"POST /2/httpapi HTTP/1.1\r\n")
    b.sendall(b"POST /2/httpapi HTTP/1.1\r\n")
    time.sleep(0.3)
    check(post() is None, "a third connection from one address was served")
    a.close(); b.close()
    time.sleep(0.5)
    check(post() == 200, "served again once the address's connections closed")
sys.exit(1 if fails else 0)
PY

start 127.0.0.1 --timeout 2 --request-timeout 3 --max-connections 16
timeout 60 python3 "$TMPDIR/slow.py" 127.0.0.1 "$port" deadline || fail=$((fail+1))
stop

start 127.0.0.1 --timeout 2 --request-timeout 3 --max-connections 4
timeout 60 python3 "$TMPDIR/slow.py" 127.0.0.1 "$port" saturate || fail=$((fail+1))
stop

ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | grep -v '^127\.' | head -n 1)
if [ -n "$ip" ]; then
  start "$ip" --max-connections 8 --token t
  timeout 30 python3 "$TMPDIR/slow.py" "$ip" "$port" per-ip || fail=$((fail+1))
  stop
else
  echo "serve_slow: no non-loopback IPv4 address: the per-address limit is not tried"
fi
[ $fail -eq 0 ] || { echo "serve_slow: $fail failed"; exit 1; }
echo "serve_slow: ok"
