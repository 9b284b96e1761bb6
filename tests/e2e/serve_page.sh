#!/usr/bin/env bash
# The live page of `taxonc serve` as a person sees it, in headless Chromium:
# events sent before the page opens (Korean text, an invalid one, an
# unknown Korean event name) and one sent while it is open (it must arrive
# through the stream), then the DOM must show the feed with each event's
# verdict, the counts, coverage of the plan and the per-event table, and
# #SEQ in the URL must open that event's violations and payload; the
# funnels' bars (steps, reached, conversion) must follow a journey sent
# while it is open, overall and for a test chosen in the list. The page
# is driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
# no port, no websocket library), since --dump-dom and virtual time never
# settle while the page holds its event stream open. A screenshot is kept
# as a test artifact in $BUILD/artifacts/serve-page.png.
# A missing Chromium fails this test: install it with scripts/deps.sh test.
. "$(dirname "$0")/lib/e2e.bash"
: "${BUILD:?}"
chrome=""
for c in chromium chromium-browser google-chrome; do
  command -v $c >/dev/null 2>&1 && { chrome=$c; break; }
done
[ -n "$chrome" ] || { echo "FAIL: chromium not found (run scripts/deps.sh test)"; exit 1; }
# without a Korean font the screenshot shows boxes where the Korean text is
fc-list :lang=ko | grep -q . || { echo "FAIL: no Korean font (fonts-nanum: run scripts/deps.sh test)"; exit 1; }
case $BUILD in /*) art="$BUILD/artifacts" ;; *) art="$ROOT/$BUILD/artifacts" ;; esac
mkdir -p "$art"
rm -f "$art/serve-page.png"
serve_start "$TMPDIR/err" timeout 120 "$TAXONC" serve --port 0 --bind 127.0.0.1 --token pg \
  "$ROOT/examples/ecommerce/taxonomy.yaml"

HOME="$TMPDIR" timeout 90 python3 - "$chrome" "$port" "$TMPDIR" "$art/serve-page.png" <<'PY'
import base64, fcntl, json, os, subprocess, sys, time, urllib.parse, urllib.request
chrome, port, tmp, shot = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
B = "http://127.0.0.1:%d" % port

def post(path, obj, test=None):
    h = {"Content-Type": "application/json"}
    if test:        # a header is Latin-1; a query carries UTF-8
        path += "?test=" + urllib.parse.quote(test)
    r = urllib.request.Request(B + path, json.dumps(obj, ensure_ascii=False).encode(), h)
    with urllib.request.urlopen(r, timeout=5) as f:
        assert f.status == 200

good = {"product_id": "P00012345", "product_name": "셔츠 블랙 (남성용)", "product_price": 39000}
post("/2/httpapi", {"api_key": "k", "events": [
    {"event_type": "view_product", "user_id": "u1", "event_properties": good},
    {"event_type": "view_product", "user_id": "u1", "event_properties": {"product_id": "X1"}},
    {"event_type": "상품_둘러보기", "user_id": "u1", "event_properties": {}}]}, "장바구니-테스트")
post("/v1/batch", {"batch": [{"type": "track", "userId": "u2", "event": "apply_coupon",
    "properties": {"coupon_id": "C1", "coupon_name": "신규 가입 쿠폰", "coupon_discount": 3000}}]})

# Chromium over the DevTools protocol on fds 3 (its input) and 4 (its output)
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
# the child's ends above 9 first, so dup2 onto 3 and 4 never meets itself
hi_r, hi_w = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
os.close(to_chrome_r)
os.close(from_chrome_w)
def child_fds():
    os.dup2(hi_r, 3)
    os.dup2(hi_w, 4)
proc = subprocess.Popen([chrome, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--hide-scrollbars", "--user-data-dir=" + tmp + "/profile", "--remote-debugging-pipe"],
    preexec_fn=child_fds, pass_fds=(), stdin=subprocess.DEVNULL,
    stdout=open(tmp + "/chrome.out", "w"), stderr=subprocess.STDOUT, close_fds=False)
os.close(hi_r)
os.close(hi_w)
out = os.fdopen(to_chrome_w, "wb")
inp = os.fdopen(from_chrome_r, "rb")
buf, msg_id = b"", 0
def call(method, params=None, session=None):
    global buf, msg_id
    msg_id += 1
    m = {"id": msg_id, "method": method, "params": params or {}}
    if session:
        m["sessionId"] = session
    out.write(json.dumps(m).encode() + b"\0")
    out.flush()
    while True:
        while b"\0" not in buf:
            k = os.read(inp.fileno(), 1 << 20)
            if not k:
                raise SystemExit("FAIL: chromium closed the pipe: " + open(tmp + "/chrome.out").read()[-500:])
            buf += k
        raw, buf = buf.split(b"\0", 1)
        r = json.loads(raw)
        if r.get("id") == msg_id:
            if "error" in r:
                raise SystemExit("FAIL: %s: %r" % (method, r["error"]))
            return r["result"]

fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
        print("FAIL:", what)
try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    sess = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800,
         "deviceScaleFactor": 1, "mobile": False}, sess)
    call("Page.enable", {}, sess)
    call("Page.navigate", {"url": B + "/?token=pg"}, sess)
    def js(expr):
        r = call("Runtime.evaluate", {"expression": expr, "returnByValue": True}, sess)
        return r["result"].get("value")
    def wait_for(expr, what, secs=10):
        t0 = time.time()
        while time.time() - t0 < secs:
            if js(expr):
                return True
            time.sleep(0.1)
        check(False, what)
        return False
    wait_for("document.getElementById('status') && document.getElementById('status').textContent==='live'",
             "the page's stream never went live")
    wait_for("document.querySelectorAll('#feed tbody tr').length===4", "the feed shows the 4 events sent before")
    # one more while the page is open: it must come through the stream
    post("/2/httpapi", {"events": [{"event_type": "start_checkout", "user_id": "u3",
        "event_properties": {"cart_items": [{"product_id": "P00012345", "quantity": 1, "price": 39000}],
        "order_amount": 39000, "discount_amount": 0, "shipping_fee": 3000}}]})
    wait_for("document.querySelectorAll('#feed tbody tr').length===5", "the live event did not arrive")
    wait_for("document.getElementById('count-events').textContent==='5'", "the counts did not refresh")
    feed = js("""[...document.querySelectorAll('#feed tbody tr')].map(tr=>[...tr.cells].map(td=>td.textContent))""")
    # newest first: seq, time, test, source, event, verdict, violations
    rows = [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in feed]
    check(rows == [("5", "", "amplitude", "start_checkout", "valid", "0"),
                   ("4", "", "segment", "apply_coupon", "valid", "0"),
                   ("3", "장바구니-테스트", "amplitude", "상품_둘러보기", "invalid", "1"),
                   ("2", "장바구니-테스트", "amplitude", "view_product", "invalid", "3"),
                   ("1", "장바구니-테스트", "amplitude", "view_product", "valid", "0")],
          "feed rows %r" % rows)
    counts = js("['count-events','count-valid','count-invalid','coverage-events'].map(i=>document.getElementById(i).textContent)")
    check(counts == ["5", "3", "2", "3/6"], "header counts %r" % counts)
    check(js("getComputedStyle(document.querySelector('#coverage .bar')).width") not in ("0px", "auto")
          and float(js("getComputedStyle(document.querySelector('#coverage .bar')).width")[:-2]) >= 60,
          "coverage bars too narrow to read")
    cov = js("""[...document.querySelectorAll('#coverage tbody tr')].map(tr=>[...tr.cells].slice(0,4).map(td=>td.textContent).concat([tr.className, tr.querySelector('.bar i').style.width]))""")
    check(cov == [["view_product", "2", "1", "1", "seen", "50%"],
                  ["select_option", "0", "0", "0", "unseen", "0%"],
                  ["start_checkout", "1", "1", "0", "seen", "100%"],
                  ["apply_coupon", "1", "1", "0", "seen", "100%"],
                  ["start_payment", "0", "0", "0", "unseen", "0%"],
                  ["complete_purchase", "0", "0", "0", "unseen", "0%"]], "per-event table %r" % cov)
    # #2 opens the invalid view_product: its violations and payload
    call("Page.navigate", {"url": B + "/?token=pg#2"}, sess)
    wait_for("!document.getElementById('detail-body').hidden", "#2 did not open the event")
    det = js("""({title: document.getElementById('detail-title').textContent,
        v: [...document.querySelectorAll('#detail-violations li')].map(li=>li.textContent),
        p: document.getElementById('detail-payload').textContent,
        sel: document.querySelector('#feed tr.sel') && document.querySelector('#feed tr.sel').dataset.seq})""")
    check(det["title"].startswith("#2 view_product") and "invalid" in det["title"]
          and "장바구니-테스트" in det["title"], "detail title %r" % det["title"])
    check(any(v.startswith("pattern-mismatch /event_properties/product_id") for v in det["v"])
          and any(v.startswith("missing-required") for v in det["v"]), "detail violations %r" % det["v"])
    check('"product_id": "X1"' in det["p"], "detail payload %r" % det["p"])
    check(det["sel"] == "2", "the selected row %r" % det["sel"])
    # a click on a row opens that one and puts it in the URL
    js("document.querySelector('#feed tr[data-seq=\"3\"]').click()")
    wait_for("document.getElementById('detail-title').textContent.startsWith('#3 상품_둘러보기')",
             "a click did not open #3")
    check(js("location.hash") == "#3", "the click did not set #3")
    check("unknown-event" in " ".join(js("[...document.querySelectorAll('#detail-violations li')].map(li=>li.textContent)")),
          "#3's violation")
    # funnels: bars per step, live; a journey sent now moves them, and the
    # test chosen in the list shows its own counts
    fn = """[...document.querySelectorAll('#funnel-list .funnel[data-funnel="purchase"] tr')].map(tr=>
        [...tr.cells].slice(0,4).map(td=>td.textContent).concat([tr.querySelector('.bar i').style.width]))"""
    wait_for("!document.getElementById('funnels').hidden && document.querySelectorAll('#funnel-list .funnel').length===3",
             "the funnels are not shown")
    check(js(fn)[:2] == [["1", "view_product", "1", "100.0%", "100%"],
                         ["2", "select_option", "0", "0.0%", "0%"]], "funnel bars before %r" % js(fn))
    post("/2/httpapi", {"api_key": "k", "events": [
        {"event_type": "view_product", "user_id": "u9", "event_properties": good},
        {"event_type": "select_option", "user_id": "u9",
         "event_properties": {"option_name": "색상: 블랙", "option_quantity": 1}}]}, "퍼널-테스트")
    wait_for("document.querySelector('#funnel-list .funnel[data-funnel=\"purchase\"] tr:nth-child(2) td:nth-child(3)').textContent==='1'",
             "the funnel bars did not move with the journey")
    check(js(fn) == [["1", "view_product", "2", "100.0%", "100%"],
                     ["2", "select_option", "1", "50.0%", "50%"],
                     ["3", "start_checkout", "0", "0.0%", "0%"],
                     ["4", "start_payment", "0", "0.0%", "0%"],
                     ["5", "complete_purchase", "0", "0.0%", "0%"]], "funnel bars overall %r" % js(fn))
    check(float(js("getComputedStyle(document.querySelector('#funnel-list .bar')).width")[:-2]) >= 60,
          "funnel bars too narrow to read")
    js("const s=document.getElementById('funnel-test');s.value='퍼널-테스트';s.dispatchEvent(new Event('change'))")
    wait_for("document.querySelector('#funnel-list .funnel[data-funnel=\"purchase\"] tr:nth-child(2) td:nth-child(4)').textContent==='100.0%'",
             "choosing a test did not show its funnels")
    check(js(fn)[:2] == [["1", "view_product", "1", "100.0%", "100%"],
                         ["2", "select_option", "1", "100.0%", "100%"]], "funnel bars of the test %r" % js(fn))
    check(js("[...document.querySelectorAll('#funnel-test option')].map(o=>o.value)") == ["", "장바구니-테스트", "퍼널-테스트"],
          "the test list %r" % js("[...document.querySelectorAll('#funnel-test option')].map(o=>o.value)"))
    # the page loaded nothing from elsewhere
    check(js("performance.getEntriesByType('resource').every(e=>e.name.startsWith(location.origin))"),
          "the page loaded something from outside")
    call("Page.navigate", {"url": B + "/?token=pg#2"}, sess)
    wait_for("document.querySelectorAll('#feed tbody tr').length===7 && document.getElementById('count-events').textContent==='7' && !document.getElementById('detail-body').hidden && document.querySelectorAll('#funnel-list .funnel').length===3",
             "the page for the screenshot")
    png = base64.b64decode(call("Page.captureScreenshot", {"format": "png"}, sess)["data"])
    open(shot, "wb").write(png)
    check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000, "screenshot %d bytes" % len(png))
    print("serve_page: screenshot kept in", shot)
finally:
    try:
        out.write(json.dumps({"id": 999999, "method": "Browser.close"}).encode() + b"\0")
        out.flush()
    except OSError:
        pass
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
sys.exit(1 if fails else 0)
PY
rc=$?
kill -TERM "$pid"; wait "$pid"; src=$?; pid=
[ $src -eq 0 ] || { echo "FAIL: serve exited $src after SIGTERM"; tail -5 "$TMPDIR/err"; rc=1; }
[ $rc -eq 0 ] && echo "serve_page: ok"
exit $rc
