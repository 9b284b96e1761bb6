#!/usr/bin/env python3
"""Issue 16's proof: `taxonc validate` against a reference JSON Schema
validator (jsonschema-rs) on generated records.

  proof.py source FORMAT FIXTURE PLAN.yaml LOG      # import_proof.sh, per fixture
  proof.py differences LOG DOCS.md                  # then once
  proof.py export SCHEMA_DIR PLAN.yaml               # export_jsonschema_agree.sh

Both build *cases*: an event (or the user properties) with the schemas the
reference runs, the part of the record hypothesis-jsonschema generates
values from, and how a value becomes a record in the shape of the
validate profile (Segment track calls, Snowplow self-describing JSON,
mParticle events, Amplitude events, or taxonc's own envelope). Per case,
N_VALID values are drawn from the schema (fixed seed, no shrinking, no
example database) and N_MUTATED more are mutations of them (a member
dropped, one added, a value anywhere replaced by one from a pool of
awkward values), so both verdicts are well represented. The reference
judges each final record; taxonc validates the whole corpus in one run
(--format json) and the two verdicts are compared record by record.

`source` judges with the source plan's own schemas (the Segment rules, the
Iglu schemas, the mParticle validator definitions, the JSON Schema files;
for Amplitude's CSV, which holds no schema, the exported one). Where the
taxonomy means something else on purpose, a *difference* names it and
says how to rewrite the source schema into what the taxonomy means. Every
disagreement must be explained by the case's differences (the rewritten
schema gives taxonc's verdict; a difference is *needed* by a record when
leaving it out breaks that), and the differences needed over all fixtures
(appended to LOG per fixture) must be exactly the rows of docs/import.md's
"Differences from the source's validation" table: a difference no fixture
needs any more, or one the docs do not list, fails the test.

`export` judges with the exported bundle and the event's own schema file;
no difference is allowed.

Exit 0 when everything agrees as stated, 1 otherwise (the reasons on
stdout). The taxonc binary is $TAXONC.
"""
import copy
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import jsonschema_rs
import hypothesis.configuration

# hypothesis keeps a .hypothesis/ folder in the current directory (the
# source tree when the suite runs): put it in the test's own temp folder
hypothesis.configuration.set_hypothesis_home_dir(
    os.path.join(os.environ.get("TMPDIR") or tempfile.gettempdir(), ".hypothesis"))
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hseed
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

N_VALID = 50
N_MUTATED = 450
SEED = 16

POOL = [None, True, False, 0, -1, 1, 1.5, -0.5, 100, 10 ** 7, 2 ** 53 + 1, 1e300, "", "x", "KRW",
        "x" * 130, "1.2", "P123456", "2024-13-45", "123e4567-e89b-12d3-a456-426614174000", "a@b.co",
        [], [None], ["a", "a"], [1, 2], {}, {"k": 1}, {"city": 5}]


# ---- generation ----------------------------------------------------------

def draw(schema, n, seed):
    """n values from hypothesis-jsonschema, deterministic for a seed."""
    out = []

    @hseed(seed)
    @settings(max_examples=n, database=None, deadline=None, derandomize=False,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(from_schema(schema, custom_formats={"uuid": st.uuids().map(str)}))
    def collect(x):
        out.append(x)

    collect()
    return out[:n]


def leaves(v, path=()):
    """Every position inside a JSON value, as paths of keys/indexes."""
    yield path
    if isinstance(v, dict):
        for k, x in v.items():
            yield from leaves(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from leaves(x, path + (i,))


def walk_json(v, on_dict=None, on_member=None):
    """Every object inside a JSON value, depth first: on_dict(obj) before
    its members are visited (it may change them), on_member(key, value)
    before the member's value is walked."""
    if isinstance(v, dict):
        if on_dict:
            on_dict(v)
        for k, x in v.items():
            if on_member:
                on_member(k, x)
            walk_json(x, on_dict, on_member)
    elif isinstance(v, list):
        for x in v:
            walk_json(x, on_dict, on_member)


def get_at(v, path):
    for k in path:
        v = v[k]
    return v


def set_at(v, path, x):
    if not path:
        return x
    cur = v
    for k in path[:-1]:
        cur = cur[k]
    cur[path[-1]] = x
    return v


def edges(schema):
    """Values on and beside every bound the schema states (so a bound off
    by one in either validator shows), plus its enum values."""
    out = []

    def member(k, x):
        if k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and \
                isinstance(x, (int, float)) and not isinstance(x, bool):
            out.extend([x - 1, x, x + 1, x - 0.5, x + 0.5])
        elif k in ("minLength", "maxLength") and isinstance(x, int):
            out.extend(["a" * max(x - 1, 0), "a" * x, "a" * (x + 1), "한" * (x + 1)])
        elif k in ("minItems", "maxItems") and isinstance(x, int):
            out.extend([["a"] * max(x - 1, 0), ["a"] * (x + 1)])
        elif k == "enum" and isinstance(x, list):
            out.extend(x)
            out.extend(str(e).upper() + "x" for e in x if isinstance(e, str))
    walk_json(schema, on_member=member)
    return out


def mutate(v, rng, names, pool=POOL, near=()):
    """One small change to a generated value (an object of properties):
    a member dropped or added, or a value anywhere replaced by one of the
    pool or (half the time) by one beside a bound of the schema."""
    v = copy.deepcopy(v)
    op = rng.randrange(4)
    if op >= 2 and near and rng.randrange(2):
        x = copy.deepcopy(rng.choice(near))
        kind = lambda y: "n" if isinstance(y, (int, float)) and not isinstance(y, bool) else type(y).__name__
        like = [p for p in leaves(v) if p and kind(get_at(v, p)) == kind(x)]
        if like:
            return set_at(v, rng.choice(like), x)
    if op == 0 and isinstance(v, dict) and v:
        del v[rng.choice(sorted(v))]
        return v
    if op == 1 and isinstance(v, dict):
        v[rng.choice(names + ["zz_unknown"])] = copy.deepcopy(rng.choice(pool))
        return v
    paths = [p for p in leaves(v) if p]
    if not paths:
        return rng.choice(pool) if op == 3 else {"zz_unknown": rng.choice(pool)}
    return set_at(v, rng.choice(paths), copy.deepcopy(rng.choice(pool)))


def values_for(case, seed):
    vals = draw(case["gen"], N_VALID, seed)
    rng = random.Random(seed)
    names = sorted(case.get("names", []))
    base = vals or [{}]
    near = edges(case["gen"])
    for i in range(N_MUTATED):
        v = mutate(base[i % len(base)], rng, names, POOL, near)
        vals.append(mutate(v, rng, names, POOL, near) if i % 3 == 2 else v)
    return vals


# ---- the reference -------------------------------------------------------

_validators = {}


def judge(schema, value):
    key = json.dumps(schema, sort_keys=True)
    if key not in _validators:
        _validators[key] = jsonschema_rs.validator_for(schema, validate_formats=True)
    return _validators[key].is_valid(value)


def ptr_get(doc, ptr):
    for part in ptr.strip("/").split("/") if ptr.strip("/") else []:
        doc = doc[part.replace("~1", "/").replace("~0", "~")]
    return doc


def sub(root, ptr):
    """A subschema made standalone: the root's definitions go along."""
    s = copy.deepcopy(ptr_get(root, ptr))
    if isinstance(s, dict):
        for k in ("definitions", "$defs"):
            if k in root and k not in s:
                s[k] = root[k]
    return s


# ---- differences: how the taxonomy's meaning differs from the source -----
#
# A rewrite takes a copy of a source schema and returns what the taxonomy
# means by it; one that does not apply leaves the schema alone.

def at(ptr, fn):
    def rewrite(schema):
        try:
            o = ptr_get(schema, ptr)
        except (KeyError, TypeError):
            return schema
        if isinstance(o, dict):
            fn(o)
        return schema
    return rewrite


def close(names):
    """An open object accepts only its members and names (closed-events)."""
    def fn(o):
        if o.get("additionalProperties") is False:
            return
        o["additionalProperties"] = False
        o.setdefault("properties", {})
        for n in list(o.get("required", [])) + list(names):
            o["properties"].setdefault(n, {})
    return fn


def add_members(members):
    """A closed object also accepts members (the global properties)."""
    def fn(o):
        if o.get("additionalProperties") is False:
            o.setdefault("properties", {})
            for n, s in members:
                o["properties"].setdefault(n, s)
    return fn


def nullable(o):
    """null is read as no object at all."""
    inner = dict(o)
    o.clear()
    o["anyOf"] = [{"type": "null"}, inner]


def drop_keyword(word):
    def rewrite(schema):
        walk_json(schema, on_dict=lambda s: s.pop(word, None))
        return schema
    return rewrite


SKIP = object()     # a check that does not apply to this record


def whole(rec):
    return rec


def segment_cases(path, fmt):
    src = json.load(open(path, encoding="utf-8"))
    if isinstance(src.get("data"), dict):                    # the Public API's rules
        rules = src["data"]["rules"]
        track = {}
        for r in rules:
            if r.get("type") == "TRACK" and r.get("version", 0) >= track.get(r["key"], {}).get("version", -1):
                track[r["key"]] = r
        events = [(k, r["jsonSchema"]) for k, r in track.items()]
        ident = next((r["jsonSchema"] for r in rules if r.get("type") == "IDENTIFY"), None)
        glob = next((r["jsonSchema"] for r in rules if r.get("type") == "COMMON"), None)
    else:
        evs = src["rules"]["events"] if "rules" in src else src["events"]
        rules = src.get("rules", {})
        ident = rules.get("identify") or rules.get("identify_traits")
        glob = rules.get("global")
        best = {}
        for e in evs:
            kind = (e.get("eventType") or "track").lower()
            if kind == "identify":
                ident = ident or e["rules"]
            if kind != "track":
                continue
            if e["name"] not in best or e.get("version", 0) > best[e["name"]].get("version", 0):
                best[e["name"]] = e
        events = [(n, e["rules"]) for n, e in best.items()]
    props = "/properties/properties"
    gprops = []
    if glob and "properties" in glob.get("properties", {}):
        gprops = sorted(ptr_get(glob, props).get("properties", {}).items())
    own = lambda r: r.get("properties", {}).get("properties", {}).get("properties", {})
    names = sorted({n for _, r in events for n in own(r)} | {n for n, _ in gprops})
    cases = []
    for name, rule in events:
        rule = copy.deepcopy(rule)
        rule.setdefault("properties", {}).setdefault("properties", {"type": "object", "properties": {}})
        mine = sorted(own(rule)) + [n for n, _ in gprops]
        cases.append({
            "event": name, "gen": sub(rule, props), "names": names,
            "wrap": lambda p, name=name: {"type": "track", "event": name, "properties": p},
            "checks": [(rule, whole)] + ([(glob, whole)] if glob else []),
            "differences": {
                "closed-events": at(props, close(mine)),
                "global-everywhere": at(props, add_members(gprops)),
                "unique-items": drop_keyword("uniqueItems"),
                "null-properties": at(props, nullable),
            },
        })
    if ident and "traits" in ident.get("properties", {}):
        cases.append({
            "event": "(identify)", "gen": sub(ident, "/properties/traits"), "names": [],
            "wrap": lambda t: {"type": "identify", "traits": t},
            "checks": [(ident, whole)],
            "differences": {
                "closed-user-properties": at("/properties/traits", close(())),
                "null-properties": at("/properties/traits", nullable),
            },
        })
    return cases, ["--profile", "segment"]


def iglu_cases(path):
    files = [path] if os.path.isfile(path) else []
    for d, _, fs in os.walk(path):
        for f in fs:
            files.append(os.path.join(d, f))
    schemas = [json.load(open(f, encoding="utf-8")) for f in sorted(files)]
    newest = {}
    for s in schemas:
        if "self" in s:
            key = (s["self"]["vendor"], s["self"]["name"])
            ver = tuple(int(x) for x in s["self"]["version"].split("-"))
            if key not in newest or ver > newest[key][0]:
                newest[key] = (ver, s)
    names = sorted({n for s in schemas for n in s.get("properties", {})})
    cases = []
    for s in schemas:
        if "self" in s:
            # Iglu's meta-schema extends draft 4, which Snowplow validates with
            s = dict(s, **{"$schema": "http://json-schema.org/draft-04/schema#"})
            me = s["self"]
            uri = "iglu:%s/%s/jsonschema/%s" % (me["vendor"], me["name"], me["version"])
            top = dict(newest[(me["vendor"], me["name"])][1], **{"$schema": s["$schema"]})
            cases.append({
                "event": uri, "gen": s, "names": names, "iglu": True,
                "wrap": lambda p, uri=uri: {"schema": uri, "data": p},
                "checks": [(s, lambda r: r["data"])],
                "differences": {
                    # every version is checked by the newest one's properties
                    "iglu-newest-version": lambda _s, top=top: copy.deepcopy(top),
                    "null-properties": at("", nullable),
                },
            })
        else:
            cases.append({
                "event": s["title"], "gen": s, "names": names,
                "wrap": lambda p, t=s["title"]: {"event": t, "properties": p},
                "checks": [(s, lambda r: r["properties"])],
                "differences": {
                    "closed-events": at("", close(())),
                    "null-properties": at("", nullable),
                },
            })
    return cases


def mparticle_cases(path):
    src = json.load(open(path, encoding="utf-8"))
    vers = src.get("data_plan_versions") or [src]
    doc = max(vers, key=lambda v: v.get("version", 0))["version_document"]
    ca = "/properties/data/properties/custom_attributes"
    defn = lambda p: p["validator"]["definition"]
    ua = next((defn(p) for p in doc["data_points"] if p["match"]["type"] == "user_attributes"), None)
    attrs = lambda d: d.get("properties", {}).get("data", {}).get("properties", {}) \
        .get("custom_attributes", {}).get("properties", {})
    names = sorted({n for p in doc["data_points"] for n in attrs(defn(p))})

    def envelope(o):
        """Only custom_attributes is the plan's; an absent one is an empty one."""
        o["properties"] = {"custom_attributes": o["properties"]["custom_attributes"]}
        if o["properties"]["custom_attributes"].get("required"):
            o["required"] = ["custom_attributes"]

    cases = []
    first = None
    for p in doc["data_points"]:
        kind, crit = p["match"]["type"], p["match"]["criteria"]
        if kind not in ("custom_event", "screen_view"):
            continue
        name = crit.get("event_name") or crit.get("screen_name")
        d = defn(p)

        def wrap(v, name=name, kind=kind):
            data = v.get("data") if isinstance(v, dict) and isinstance(v.get("data"), dict) else {}
            data["event_name"] = name      # screen views too: the custom profile reads one name path
            return {"event_type": kind, "data": data}
        diffs = {
            "closed-events": at(ca, close(())),
            "mparticle-envelope": at("/properties/data", envelope),
            "null-properties": at(ca, nullable),
        }
        # values for the whole event, and for its custom_attributes alone
        cases.append({"event": name, "gen": d, "names": names, "wrap": wrap,
                      "checks": [(d, whole)], "differences": diffs})
        cases.append({"event": name, "gen": sub(d, ca), "names": names,
                      "wrap": lambda v, wrap=wrap: dict(wrap({}), data=dict(wrap({})["data"], custom_attributes=v)),
                      "checks": [(d, whole)], "differences": diffs})
        first = first or (name, d)
    if ua and first:
        name, d = first
        ok = draw(sub(d, ca), 1, SEED)[0]
        cases.append({
            "event": "(user attributes)", "gen": ua, "names": [],
            "wrap": lambda u: {"event_type": "custom_event",
                               "data": {"event_name": name, "custom_attributes": ok}, "user_attributes": u},
            "checks": [(ua, lambda r: r["user_attributes"])],
            "differences": {"null-properties": at("", nullable),
                            "objects-only": at("", lambda o: o.setdefault("type", "object"))},
        })
    return cases, ["--profile", "custom", "--event-path", "/data/event_name",
                   "--props-path", "/data/custom_attributes", "--user-path", "/user_attributes"]


def export_cases(schema_dir, shape="envelope"):
    load = lambda f: json.load(open(os.path.join(schema_dir, f), encoding="utf-8"))
    index = load("index.json")
    bundle = load(index["bundle"])
    users = bundle.get("$defs", {}).get("user_properties")
    names = sorted({n for f in index["events"].values() for n in load(f).get("properties", {})})
    if shape == "amplitude":
        unwrap = lambda r: {k: r[a] for k, a in (("event", "event_type"), ("properties", "event_properties"),
                                                  ("user_properties", "user_properties")) if a in r}
        make = lambda ev, p, u=None: dict({"event_type": ev, "event_properties": p},
                                          **({} if u is None else {"user_properties": u}))
        profile = ["--profile", "amplitude"]
    else:
        unwrap = whole
        make = lambda ev, p, u=None: dict({"event": ev, "properties": p},
                                          **({} if u is None else {"user_properties": u}))
        profile = ["--profile", "custom", "--event-path", "/event", "--props-path", "/properties",
                   "--user-path", "/user_properties"]
    cases = []
    for ev, f in index["events"].items():
        es = load(f)
        cases.append({
            "event": ev, "gen": es, "names": names, "wrap": lambda p, ev=ev: make(ev, p),
            # the event's own file judges an object of properties (the bundle
            # says what null and a missing one mean)
            "checks": [(bundle, unwrap), (es, lambda r: unwrap(r).get("properties")
                                          if isinstance(unwrap(r).get("properties"), dict) else SKIP)],
            "differences": {},
        })
    if users:
        ev = next(iter(index["events"]))
        ok = draw(load(index["events"][ev]), 1, SEED)[0]
        us = dict(users, **{"$defs": bundle.get("$defs", {})})
        cases.append({
            "event": "(user properties)", "gen": us, "names": [],
            "wrap": lambda u: make(ev, ok, u), "checks": [(bundle, unwrap)], "differences": {},
        })
    return cases, profile


# ---- running and comparing ----------------------------------------------

def taxonc_verdicts(plan, corpus, profile):
    with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False, encoding="utf-8") as f:
        for r in corpus:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    p = subprocess.run([os.environ["TAXONC"], "validate", "--format", "json", "--max-errors", "1000000"]
                       + profile + [plan, f.name], capture_output=True, text=True)
    os.unlink(f.name)
    if p.returncode > 1 or not p.stdout.startswith("{"):
        raise SystemExit("taxonc validate exited %d: %s" % (p.returncode, p.stderr[:2000]))
    rep = json.loads(p.stdout)
    if rep["records"] != len(corpus) or rep["violations_kept"] != rep["violations_total"]:
        raise SystemExit("taxonc saw %d records of %d, kept %d of %d violations" % (
            rep["records"], len(corpus), rep["violations_kept"], rep["violations_total"]))
    fails = {c for c, v in rep["codes"].items() if v["fails"]}
    bad = {}
    for v in rep["violations"]:
        if v["code"] in fails:
            bad.setdefault(v["record"], []).append("%s at %s" % (v["code"], v["path"]))
    return bad


def run(cases, plan, profile, label):
    corpus, owner = [], []
    for ci, case in enumerate(cases):
        for v in values_for(case, SEED + ci):
            corpus.append(case["wrap"](v))
            owner.append(case)
    if not corpus:
        return {}, ["%s: no records: the fixture gave no cases" % label]
    bad = taxonc_verdicts(plan, corpus, profile)
    used, problems = {}, []
    n_valid = 0
    for i, (rec, case) in enumerate(zip(corpus, owner)):
        diffs = case["differences"]

        def verdict(keys):
            """The record judged by the source's schemas rewritten by keys."""
            for schema, part in case["checks"]:
                for k in keys:
                    schema = diffs[k](copy.deepcopy(schema))
                value = part(rec)
                if value is not SKIP and not judge(schema, value):
                    return False
            return True
        ref = verdict([])
        tx = i not in bad
        n_valid += ref
        if ref == tx:
            continue
        keys = sorted(diffs)
        if verdict(keys) != tx:
            problems.append("%s: record %d (%s): reference says %s, taxonc %s\n  %s\n  taxonc: %s" % (
                label, i, case["event"], "valid" if ref else "invalid", "valid" if tx else "invalid",
                json.dumps(rec, ensure_ascii=False)[:400], "; ".join(bad.get(i, []))[:300]))
            continue
        for k in keys:              # the differences this record needs
            if verdict([x for x in keys if x != k]) != tx:
                used[k] = used.get(k, 0) + 1
    print("%s: %d records (%d valid by the reference), %d unexplained disagreements, differences %s" % (
        label, len(corpus), n_valid, len(problems), json.dumps(used, sort_keys=True)))
    if n_valid < len(corpus) // 10 or n_valid > len(corpus) * 9 // 10:
        problems.append("%s: a one-sided corpus (%d of %d valid) proves little" % (label, n_valid, len(corpus)))
    for p in problems[:30]:
        print(p)
    return used, problems


def documented(docs):
    text = open(docs, encoding="utf-8").read()
    m = re.search(r"^## Differences from the source's validation\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if not m:
        raise SystemExit("docs: no 'Differences from the source's validation' section")
    rows = re.findall(r"^\| `([a-z-]+)` \| ([a-z, ]+) \|", m.group(1), re.M)
    return {(k, f.strip()) for k, fs in rows for f in fs.split(",")}


def main(argv):
    if len(argv) == 6 and argv[1] == "source":
        fmt, fixture, plan, log = argv[2:]
        if fmt in ("segment", "rudderstack"):
            cases, profile = segment_cases(fixture, fmt)
        elif fmt == "jsonschema":
            cases, profile = iglu_cases(fixture), None
        elif fmt == "mparticle":
            cases, profile = mparticle_cases(fixture)
        elif fmt == "amplitude":
            cases, profile = export_cases(fixture, shape="amplitude")
        else:
            raise SystemExit("unknown format " + fmt)
        problems = []
        used = {}
        if profile is None:      # plain JSON Schema files and Iglu ones: one run per profile
            sp = [c for c in cases if c.get("iglu")]
            cp = [c for c in cases if not c.get("iglu")]
            for group, prof in ((sp, ["--profile", "snowplow"]),
                                (cp, ["--profile", "custom", "--event-path", "/event", "--props-path",
                                      "/properties"])):
                if group:
                    u, p = run(group, plan, prof, fmt)
                    problems += p
                    for k, n in u.items():
                        used[k] = used.get(k, 0) + n
        else:
            used, problems = run(cases, plan, profile, fmt)
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"format": fmt, "used": sorted(used)}) + "\n")
        return 1 if problems else 0
    if len(argv) == 4 and argv[1] == "differences":
        got = set()
        for line in open(argv[2], encoding="utf-8"):
            r = json.loads(line)
            got |= {(k, r["format"]) for k in r["used"]}
        want = documented(argv[3])
        for k, f in sorted(got - want):
            print("difference '%s' is needed for %s but docs/import.md does not list it" % (k, f))
        for k, f in sorted(want - got):
            print("docs/import.md lists difference '%s' for %s but no record needs it" % (k, f))
        print("%d differences needed, %d documented" % (len(got), len(want)))
        return 1 if got != want else 0
    if len(argv) == 4 and argv[1] == "export":
        cases, profile = export_cases(argv[2])
        _, problems = run(cases, argv[3], profile, os.path.basename(argv[3]))
        return 1 if problems else 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
