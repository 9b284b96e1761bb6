#!/usr/bin/env python3
"""Generates a synthetic taxonomy for benchmarks and stress tests.

    gen_taxonomy.py --events N --props M [--seed S] [--dict D] [--groups G] > big.yaml

N events, each carrying M properties drawn from a dictionary of D properties
(default max(4*M, 200)) with a mix of types: named enum/date/count types,
strings with lengths and patterns, numbers, booleans, arrays and objects.
Deterministic for a given seed. Every name is <action>_<object> snake_case
and every item has a description, so the output checks clean (and should
lint clean)."""
import argparse
import random

ACTIONS = ["view", "click", "search", "complete", "start", "add", "remove", "select",
           "open", "close", "share", "update"]
OBJECTS = ["page", "product", "stay", "room", "cart", "coupon", "payment", "song",
           "playlist", "profile", "review", "banner", "option", "order", "filter"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--props", type=int, default=20, help="properties per event")
    ap.add_argument("--dict", type=int, default=0, help="dictionary size")
    ap.add_argument("--groups", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    ndict = a.dict or max(4 * a.props, 200)
    out = []
    w = out.append
    w("taxonomy: bench_app")
    w("version: 1.0.0")
    w("description: synthetic taxonomy (%d events x %d properties, seed %d)"
      % (a.events, a.props, a.seed))
    w("types:")
    w("  login_method: {type: string, enum: [kakao, naver, google], description: 로그인 수단}")
    w("  yyyymmdd: {type: string, format: yyyyMMdd, description: 날짜}")
    w("  headcount: {type: integer, min: 0, max: 20, description: 인원 수}")
    w("  price: {type: number, min: 0, description: 가격}")
    kinds = [
        "{type: login_method, description: %s}",
        "{type: yyyymmdd, description: %s}",
        "{type: headcount, description: %s}",
        "{type: price, description: %s}",
        "{type: string, max_length: 100, description: %s}",
        "{type: string, pattern: '^[A-Z]{2}[0-9]{4}$', description: %s}",
        "{type: boolean, description: %s}",
        "{type: array, items: string, max_items: 10, description: %s}",
        "{type: object, properties: {id: {type: string, required: true}, qty: integer}, description: %s}",
        "{type: string, format: uuid, description: %s}",
    ]
    w("properties:")
    pnames = []
    for i in range(ndict):
        name = "%s_%s_%d" % (rnd.choice(OBJECTS), rnd.choice(["id", "name", "count", "type", "date"]), i)
        pnames.append(name)
        w("  %s: %s" % (name, rnd.choice(kinds) % ("property %d" % i)))
    w("property_groups:")
    gnames = []
    for g in range(a.groups):
        name = "group_%d" % g
        gnames.append(name)
        w("  %s: {description: group %d, properties: [%s]}"
          % (name, g, ", ".join(rnd.sample(pnames, min(5, len(pnames))))))
    w("events:")
    for e in range(a.events):
        name = "%s_%s_%d" % (rnd.choice(ACTIONS), rnd.choice(OBJECTS), e)
        w("  %s:" % name)
        w("    description: event %d 설명" % e)
        w("    category: c%d" % (e % 7))
        if a.groups and e % 3 == 0:
            w("    groups: [%s]" % rnd.choice(gnames))
        w("    properties:")
        for p in rnd.sample(pnames, min(a.props, len(pnames))):
            w("      %s: %s" % (p, "required" if rnd.random() < 0.6 else "optional"))
    print("\n".join(out))


if __name__ == "__main__":
    main()
