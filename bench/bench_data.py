#!/usr/bin/env python3
"""Deterministic benchmark inputs for bench/run.sh (same seed -> same bytes).

  bench_data.py log-taxonomy [--seed S]
      the plan the logs are checked against: ~200 event types, 8-12
      properties each (the shape of issue 5's benchmark).
  bench_data.py log --records N [--bad 0.03] [--seed S]
      an Amplitude-export-shaped NDJSON log (~350 bytes per record) of
      events from log-taxonomy with the same seed; about 3% of the records
      are bad (unknown event, missing required, wrong type, out of enum,
      out of range).

Output on stdout. Names follow <action>_<object> snake_case, so the plan
lints mostly clean and the validator's fast path is what gets measured.
(Large taxonomies for load/lint/gen come from bench/gen_taxonomy.py.)
"""
import argparse, json, random, sys

ACTIONS = ["view", "click", "search", "add", "remove", "start", "complete", "open",
           "close", "submit", "select", "share", "play"]
OBJECTS = ["page", "item", "stay", "room", "cart", "coupon", "order", "payment", "song",
           "playlist", "banner", "review", "option", "filter", "map", "photo", "offer",
           "ticket", "album", "artist", "wishlist", "profile", "message", "notice", "product"]
WORDS = ["search", "item", "room", "stay", "price", "count", "region", "city", "screen", "source",
         "rank", "tab", "level", "genre", "mode", "step", "slot", "tier", "brand", "color",
         "size", "score", "channel", "category", "position", "length", "amount", "method"]
ENUM_WORDS = ["seoul", "busan", "jeju", "incheon", "daegu", "gwangju", "daejeon", "ulsan",
              "home", "detail", "list", "popup", "kakao", "naver", "google", "apple",
              "basic", "silver", "gold", "vip", "card", "bank", "point", "mobile"]
KINDS = ["enum", "int", "num", "bool", "str", "date", "pattern", "array"]

def q(s):
    return json.dumps(s, ensure_ascii=False)   # a JSON string is a valid YAML flow scalar

def make_props(rng, n):
    props = []
    for i in range(n):
        kind = KINDS[i % len(KINDS)] if i < len(KINDS) else rng.choice(KINDS)
        name = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}_{i}"
        p = {"name": name, "kind": kind}
        if kind == "enum":
            p["values"] = rng.sample(ENUM_WORDS, rng.randint(3, 8))
        elif kind == "int":
            p["min"], p["max"] = 0, rng.choice([10, 100, 1000, 100000])
        elif kind == "str":
            p["max_length"] = rng.choice([20, 40, 100])
        props.append(p)
    return props

def prop_yaml(p):
    k = p["kind"]
    if k == "enum":
        t = "{type: string, enum: [" + ", ".join(p["values"]) + "]"
    elif k == "int":
        t = f"{{type: integer, min: {p['min']}, max: {p['max']}"
    elif k == "num":
        t = "{type: number, min: 0"
    elif k == "bool":
        t = "{type: boolean"
    elif k == "str":
        t = f"{{type: string, max_length: {p['max_length']}"
    elif k == "date":
        t = "{type: string, format: yyyyMMdd"
    elif k == "pattern":
        t = "{type: string, pattern: '^[A-Z]{2}[0-9]{4}$'"
    else:
        t = "{type: array, items: string, max_items: 10"
    return t + f", description: {q(p['name'].replace('_', ' ') + ' 속성')}}}"

def make_events(rng, n, props, lo, hi):
    events, seen = [], set()
    for i in range(n):
        name = f"{ACTIONS[i % len(ACTIONS)]}_{rng.choice(OBJECTS)}_{i}"
        k = rng.randint(lo, hi)
        carried = rng.sample(range(len(props)), k)
        req = {j for j in carried if rng.random() < 0.5}
        events.append({"name": name, "props": carried, "required": req})
    return events

def write_taxonomy(out, name, props, events, user_props):
    w = out.write
    w(f"taxonomy: {name}\nversion: 1.0.0\ndescription: {q('benchmark plan ' + name)}\n\n")
    w("types:\n  yyyymmdd: {type: string, format: yyyyMMdd, description: \"date as yyyyMMdd\"}\n\n")
    w("properties:\n")
    for p in props:
        w(f"  {p['name']}: {prop_yaml(p)}\n")
    for u in user_props:
        w(f"  {u['name']}: {prop_yaml(u)}\n")
    w("\nuser_properties: [" + ", ".join(u["name"] for u in user_props) + "]\n\nevents:\n")
    for e in events:
        w(f"  {e['name']}:\n    description: {q(e['name'].replace('_', ' ') + ' 이벤트')}\n")
        w(f"    category: {e['name'].split('_')[0]}\n    properties:\n")
        for j in e["props"]:
            w(f"      {props[j]['name']}: {'required' if j in e['required'] else 'optional'}\n")

def user_props():
    return [{"name": "membership_tier", "kind": "enum", "values": ["basic", "silver", "gold", "vip"]},
            {"name": "signup_days", "kind": "int", "min": 0, "max": 100000}]

def log_plan(seed):
    rng = random.Random(seed)
    props = make_props(rng, 300)
    events = make_events(rng, 200, props, 8, 12)
    return props, events

def good_value(rng, p):
    k = p["kind"]
    if k == "enum": return rng.choice(p["values"])
    if k == "int": return rng.randint(p["min"], p["max"])
    if k == "num": return round(rng.random() * 1000, 2)
    if k == "bool": return rng.random() < 0.5
    if k == "str": return "abcdefghij"[: rng.randint(1, 10)]
    if k == "date": return f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    if k == "pattern": return f"KR{rng.randint(0, 9999):04d}"
    return ["a", "b"][: rng.randint(0, 2)]

def write_log(out, seed, records, bad):
    props, events = log_plan(seed)
    rng = random.Random(seed * 7919 + 1)
    tiers = ["basic", "silver", "gold", "vip"]
    for i in range(records):
        e = rng.choice(events)
        # optional properties present about half the time, so records vary
        carried = [j for j in e["props"] if j in e["required"] or rng.random() < 0.5]
        ep = {props[j]["name"]: good_value(rng, props[j]) for j in carried}
        name = e["name"]
        if rng.random() < bad:
            kind = rng.randrange(5)
            if kind == 0:
                name = name + "_typo"
            elif kind == 1 and e["required"]:
                ep.pop(props[next(iter(sorted(e["required"])))]["name"], None)
            else:
                j = carried[0] if carried else e["props"][0]
                p = props[j]
                ep[p["name"]] = {2: "not_in_enum", 3: 1e12, 4: "wrong"}.get(kind, 42) \
                    if p["kind"] != "bool" else "true"
        rec = {"event_type": name,
               "time": 1714521600000 + i * 1733,
               "user_id": f"u{rng.randrange(10**6):06d}",
               "device_id": f"{rng.getrandbits(64):016x}",
               "event_properties": ep,
               "user_properties": {"membership_tier": rng.choice(tiers), "signup_days": rng.randrange(3000)}}
        out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["log-taxonomy", "log"])
    ap.add_argument("--records", type=int, default=10000)
    ap.add_argument("--bad", type=float, default=0.03)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    out = sys.stdout
    if a.what == "log-taxonomy":
        props, events = log_plan(a.seed)
        write_taxonomy(out, "bench_log", props, events, user_props())
    else:
        write_log(out, a.seed, a.records, a.bad)

if __name__ == "__main__":
    main()
