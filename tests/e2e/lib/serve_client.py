"""The client side the serve e2e scripts share (tests/e2e/serve.sh,
serve_funnels.sh): requests to one `taxonc serve` on 127.0.0.1, and the
list of failed checks. A script's Python runs under e2e.bash's with_pylib
and starts

    from serve_client import Server, check, fails
    srv = Server(port, auth)      # auth: the headers api() sends
    ...
    sys.exit(1 if fails else 0)
"""
import json
import urllib.error
import urllib.request

fails = []


def check(cond, what):
    """Prints and counts a failed expectation; the script goes on."""
    if not cond:
        fails.append(what)
        print("FAIL:", what)


class Server:
    def __init__(self, port, auth=None):
        self.base = "http://127.0.0.1:%d" % port
        self.auth = dict(auth or {})

    def req(self, path, body=None, headers={}, method=None):
        """(status, body, headers) of one request; an HTTP error status is
        an answer like any other."""
        r = urllib.request.Request(self.base + path, data=body, headers=dict(headers), method=method)
        try:
            with urllib.request.urlopen(r, timeout=5) as f:
                return f.status, f.read(), dict(f.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def post_json(self, path, obj, headers={}):
        h = {"Content-Type": "application/json"}
        h.update(headers)
        return self.req(path, json.dumps(obj, ensure_ascii=False).encode(), h)

    def api(self, path, method=None):
        """The JSON answer of an /api/ path (a POST sends an empty body);
        anything but 200 stops the script."""
        s, b, _ = self.req(path, b"" if method == "POST" else None, self.auth, method)
        assert s == 200, (path, s, b)
        return json.loads(b)
