#!/usr/bin/env python3
"""Baseline for bench_validate.sh: validates the same records with a JSON
Schema validator from PyPI or Debian, in its most favourable setup (one
compiled validator per event type, looked up by event_type; no report).

    baseline.py SCHEMAS.json LOG.ndjson MAX_MB

Prints one line: validator, MB/s, events/s, invalid count."""
import json, sys, time

schemas = json.load(open(sys.argv[1]))
limit = float(sys.argv[3]) * 1e6
name = None
try:
    import fastjsonschema
    compile_ = fastjsonschema.compile
    name = "fastjsonschema %s (compiled JSON Schema, Python)" % fastjsonschema.VERSION
except ImportError:
    try:
        import jsonschema
        def compile_(s):
            v = jsonschema.Draft7Validator(s)
            def check(x):
                for e in v.iter_errors(x):
                    raise ValueError(e.message)
            return check
        name = "python3-jsonschema %s" % jsonschema.__version__
    except ImportError:
        print("baseline: neither fastjsonschema (pip) nor python3-jsonschema (apt) is installed")
        sys.exit(0)

ev = {k: compile_(v) for k, v in schemas["events"].items()}
up = compile_(schemas["user_properties"])
lines = []
size = 0
with open(sys.argv[2], "rb") as f:
    for line in f:
        lines.append(line)
        size += len(line)
        if size >= limit:
            break
t0 = time.perf_counter()
c0 = time.process_time()
bad = 0
for line in lines:
    try:
        r = json.loads(line)
        v = ev.get(r.get("event_type"))
        if v is None:
            raise ValueError("unknown event")
        v(r.get("event_properties", {}))
        up(r.get("user_properties", {}))
    except Exception:
        bad += 1
dt = time.perf_counter() - t0
ct = time.process_time() - c0
print("baseline: %s: %.1f MB/s, %.0f events/s on %.0f MB (%.1f MB per CPU-second; %d invalid)"
      % (name, size / dt / 1e6, len(lines) / dt, size / 1e6, size / ct / 1e6, bad))
