#!/usr/bin/env python3
"""A plan at the loader's size limit (16 MiB, max_file_size) made of many
tiny definitions, for `make bench` and tests/e2e/robust_lint.sh:
  events   e0000000: {}                              (~1.1 million events)
  oneprop  e0000000: {properties: {p: optional}}     (~420,000 events)
  props    p0000000: string                          (~880,000 properties)
  types    t0000000: {type: string}                  (~620,000 named types)
Usage: gen_big_plan.py SHAPE [BYTES] > plan.yaml  (BYTES: default 16 MiB - 1)."""
import sys

HEAD = "taxonomy: big\nversion: 1.0.0\n"
SHAPES = {
    "events": (HEAD + "events:\n", "  e%07d: {}\n"),
    "oneprop": (HEAD + "properties:\n  p: string\nevents:\n", "  e%07d: {properties: {p: optional}}\n"),
    "props": (HEAD + "events:\n  e: {}\nproperties:\n", "  p%07d: string\n"),
    "types": (HEAD + "events:\n  e: {}\ntypes:\n", "  t%07d: {type: string}\n"),
}
shape = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 16 * 1024 * 1024 - 1
head, line = SHAPES[shape]
per = len(line % 0)
n = (limit - len(head)) // per
out = sys.stdout
out.write(head)
for start in range(0, n, 10000):
    out.write("".join(line % i for i in range(start, min(n, start + 10000))))
