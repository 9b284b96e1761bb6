#!/usr/bin/env python3
"""JSON Schema agreement corpus for tests/e2e/export_jsonschema_agree.sh.

  jsonschema_agree.py gen                    > corpus.ndjson
  jsonschema_agree.py check SCHEMA_DIR CORPUS REPORT.json

`gen` writes records {"event", "properties", "user_properties"} for the
fixture tests/fixtures/agree/taxonomy.yaml: for every property, values that
sit on each side of every constraint (enum, bounds, lengths in code points,
patterns, formats, calendar dates, nullability, items, nested members), a
sweep of wrong JSON types, and envelope cases (unknown event, unknown or
missing properties, user properties). Deterministic.

`check` validates each record with python-jsonschema's Draft202012Validator
(format checking on) against the exported bundle, and each record's
properties against its event's own schema file, and compares with the
verdicts in taxonc's JSON report. Numbers are read as Decimal and an
integral number counts as an integer, as the JSON Schema spec says (Python's
float would round 20.0000000000000001 to 20.0). Exit 1 on any disagreement.

Known disagreements (KNOWN below) are bugs outside the exporter: each must
still disagree, so the test fails once it is fixed and the entry can go.

Out of scope, so not in the corpus: duplicate keys, malformed JSON and
invalid UTF-8 (they never reach a JSON Schema validator), and non-ASCII
e-mail addresses longer than 254 bytes (taxonc counts bytes, a pattern
counts code points; docs/export.md).
"""
import json
import sys
from decimal import Decimal

# ---- values per property: (valid, invalid) ---------------------------------

def calendar_cases(fmt):
    """Dates around every calendar edge, written in a date pattern."""
    years = ["0000", "1900", "1999", "2000", "2023", "2024", "2100", "2400"]
    months = ["00", "01", "02", "04", "06", "09", "11", "12", "13"]
    days = ["00", "01", "28", "29", "30", "31", "32"]
    out = []
    for y in years:
        for m in months:
            for d in days:
                out.append(fmt.replace("yyyy", y).replace("yy", y[2:]).replace("MM", m).replace("dd", d))
    return out


def is_leap(y):
    return (y % 4 == 0 and y % 100 != 0) or y % 400 == 0


def real_date(y, m, d):
    if not 1 <= m <= 12:
        return False
    dim = [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return 1 <= d <= dim


MALFORMED = ["", " ", "x", "2024", "２０２４０１０１", "2024-01-01\n", " 20240101", "20240101 ",
             "2024/01/01", "240101", "2024011", "202401011", "20240a01", "-2024010"]

TIMES_OK = ["00:00:00Z", "23:59:59Z", "23:59:60Z", "12:30:00.5Z", "12:30:00.123456+09:00",
            "12:30:00-23:59", "12:30:00z", "00:00:00+00:00"]
TIMES_BAD = ["24:00:00Z", "23:60:00Z", "23:58:60Z", "12:30:00", "12:30:00.Z", "12:30:00+24:00",
             "12:30:00+09:60", "12:30Z", "1:30:00Z", "12:30:00ZZ", "12:30:00+0900", "12:30:00Z\n",
             "T12:30:00Z", "１２:30:00Z"]


def values():
    v = {}
    v["s_enum"] = (["kakao", "naver", "google", "카카오"],
                   ["Kakao", "kakao ", "", "카카오\n", "kako", "\u0000"])
    v["s_len"] = (["ab", "abcde", "한글", "한글한글한", "👍👍", "e\u0301", "\u006b\u006b"],
                  ["a", "", "abcdef", "한글한글한글", "👍", "👍👍👍👍👍👍"])
    v["s_pat"] = (["KR-11", "US-00", "KR-11\n"], ["kr-11", "KR-111", "xKR-11", "KR-11\n\n", "KR 11", ""])
    v["s_search"] = (["abc123", "1234", "x000y"], ["12", "", "١٢٣", "1 2 3"])
    v["s_null_enum"] = (["a", "b", None], ["c", "", "A"])
    v["s_null"] = ([None, "", "abc", "한글한"], ["abcd", "한글한글"])
    v["s_any"] = (["", "x", "긴 문자열" * 50, "\u2028", "\ud7ff"], [])
    v["i_range"] = ([-5, 20, 0, 10.0, Decimal("20.0"), Decimal("-5.0"), Decimal("1e1"), Decimal("2E+1"),
                     Decimal("0.5e1"), Decimal("-0"), Decimal("200e-1")],
                    [-6, 21, Decimal("20.5"), Decimal("2.1e1"), 100000000000000000000, Decimal("-5.5"),
                     Decimal("20.0000000000000001"), Decimal("1e400")])
    v["i_enum"] = ([1, 2, 3, Decimal("1.0"), Decimal("3.00"), Decimal("0.2e1")], [4, 0, Decimal("1.5"), -1])
    v["i_any"] = ([0, -1, 9007199254740993, -9223372036854775809, Decimal("1e300"), Decimal("-0.0")],
                  [Decimal("1.5"), Decimal("1e-1")])
    v["n_range"] = ([Decimal("-0.5"), Decimal("99.75"), 0, Decimal("5E-1"), Decimal("99.7500")],
                    [Decimal("-0.50000000000000001"), Decimal("99.7500001"), Decimal("1e2"), -1,
                     Decimal("1e400"), Decimal("-1e400")])
    v["n_enum"] = ([Decimal("0.5"), Decimal("1.25"), Decimal("1.250"), Decimal("5e-1"), Decimal("125e-2")],
                   [1, Decimal("0.25"), Decimal("1.2500000000000000001"), 0])
    v["n_any"] = ([0, Decimal("-1e-400"), Decimal("1e400"), Decimal("3.14159265358979323846264338327950288"), -7],
                  [])
    v["b_any"] = ([True, False], [])
    v["b_null"] = ([None, True, False], [])
    v["b_enum"] = ([True], [False])

    dates = calendar_cases("yyyy-MM-dd")
    v["f_date"] = ([d for d in dates if real_date(int(d[:4]), int(d[5:7]), int(d[8:]))],
                   [d for d in dates if not real_date(int(d[:4]), int(d[5:7]), int(d[8:]))] +
                   ["2024-1-01", "20240101", "2024-01-01T00:00:00Z", "2024-01-01\n", "2024-01-01 "])
    dt_ok, dt_bad = [], []
    for d in ["2024-02-29", "2023-12-31", "0000-01-01"]:
        for sep in ["T", "t", " "]:
            dt_ok += [d + sep + t for t in TIMES_OK]
            dt_bad += [d + sep + t for t in TIMES_BAD[:6]]
    dt_bad += ["2023-02-29T00:00:00Z", "2024-02-29_00:00:00Z", "2024-02-29", "2024-02-29T", ""]
    v["f_dt"] = (dt_ok, dt_bad)
    v["f_time"] = (TIMES_OK, TIMES_BAD)
    v["f_uuid"] = (["123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
                    "00000000-0000-0000-0000-000000000000"],
                   ["123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}",
                    "urn:uuid:123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400",
                    "123e4567-e89b-12d3-a456-4266141740000", "g23e4567-e89b-12d3-a456-426614174000",
                    "123e4567-e89b-12d3-a456-426614174000\n", "123e4567+e89b-12d3-a456-426614174000"])
    local = "a" * 64
    v["f_email"] = (["a@b.co", "a.b@c.d", ".a@b.c", "a..b@c.d", "한글@예시.한국", "a+tag@x-y.com",
                     local + "@" + "b" * 185 + ".com"],                     # 254 bytes
                    ["a@b", "@b.co", "a@", "a@.co", "a@b..co", "a@b.co.", "a b@c.co", "a@@b.co",
                     "a<b@c.co", "a@b.co\n", "a@b,c.co", "a@[1.2.3.4]", "\"a\"@b.co",
                     local + "@" + "b" * 186 + ".com", ""])                  # 255 bytes
    v["f_uri"] = (["http://x", "https://example.com/a?b=c#d", "mailto:a@b.c", "urn:isbn:123", "x:y",
                   "http://x/%41", "ht+tp.-x:y", "http://[::1]/", "a:'()*"],
                  ["x:", "1http://x", "http//x", "http://exa mple", "http://x/%4", "http://x/%zz",
                   "http://x/\u00e9", "a:b\n", "", ":x", "http://x/<"])
    v["d_ymd"] = split_dates(calendar_cases("yyyyMMdd") + MALFORMED, "yyyyMMdd")
    hms = [d + " " + t for d in ["2024-02-29", "2023-02-29", "2024-04-31"]
           for t in ["00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "1:00:00"]]
    v["d_ymdhms"] = split_dates(hms + MALFORMED + ["2024-01-01T00:00:00"], "yyyy-MM-dd HH:mm:ss")
    v["d_yymmdd"] = split_dates(calendar_cases("yyMMdd") + ["000229", "010229", "990229", "960229"], "yyMMdd")
    v["d_mmdd"] = split_dates(sorted(set(calendar_cases("MM/dd"))) + ["02/29", "2/29", "02-29"], "MM/dd")
    v["d_hhmm"] = split_dates(["0000", "2359", "2400", "2360", "0960", "123", "12345", "1a00"], "HHmm")
    v["d_millis"] = split_dates(["20240229235959999", "20230229000000000", "20241231246000000",
                                 "2024022923595999", "20240229235959999\n"], "yyyyMMddHHmmssSSS")
    v["d_dotted"] = split_dates(calendar_cases("dd.MM.yyyy") + ["1.1.2024", "01-01-2024"], "dd.MM.yyyy")
    v["pat_fmt"] = (["20240229", "20241231"], ["20230101", "20240230", "2024"])
    v["a_enum"] = ([["x"], ["x", "y", "z"], ["z", "z"]],
                   [[], ["x", "y", "z", "x"], ["w"], "x", [1], [None], ["X"]])
    v["a_ints"] = ([[], [0, 5], [Decimal("1.0")], [9007199254740993]], [[-1], [Decimal("1.5")], ["1"], [None]])
    v["a_null"] = ([None, [], ["a", ""]], [[None], [1], "a"])
    v["o_addr"] = ([{"city": "서울"}, {"city": "x", "zip": "12345"}, {"city": "x", "geo": {"lat": -90}},
                    {"city": "x", "geo": {"lat": Decimal("89.9999")}}],
                   [{}, {"zip": "12345"}, {"city": "x", "zip": "1234"}, {"city": "x", "extra": 1},
                    {"city": "x", "geo": {"lat": 91}}, {"city": "x", "geo": {}}, {"city": None},
                    {"city": "x", "geo": {"lat": 1, "lng": 2}}, [], None])
    v["o_empty"] = ([{}], [{"a": 1}, [], None])
    v["a_objs"] = ([[], [{"sku": "a"}], [{"sku": "a", "qty": 1}, {"sku": "b"}]],
                   [[{"sku": "a", "qty": 0}], [{"qty": 1}], [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}],
                    [{"sku": "a", "x": 1}], [None], [[]]])
    v["dep_prop"] = (["anything"], [])
    return v


def dp_valid(s, pattern):
    """taxonc's date-pattern semantics (schema/format.c), for splitting."""
    if len(s) != len(pattern):
        return False
    y, m, d = 2000, 0, 0
    i = 0
    fields = [("yyyy", 4), ("yy", 2), ("MM", 2), ("dd", 2), ("HH", 2), ("mm", 2), ("ss", 2), ("SSS", 3)]
    while i < len(pattern):
        for f, w in fields:
            if pattern.startswith(f, i):
                part = s[i:i + w]
                if not (len(part) == w and all("0" <= c <= "9" for c in part)):
                    return False
                n = int(part)
                if f == "yyyy":
                    y = n
                elif f == "yy":
                    y = 2000 + n
                elif f == "MM":
                    if not 1 <= n <= 12:
                        return False
                    m = n
                elif f == "dd":
                    if not 1 <= n <= 31:
                        return False
                    d = n
                elif f == "HH" and n > 23:
                    return False
                elif f in ("mm", "ss") and n > 59:
                    return False
                i += w
                break
        else:
            if s[i] != pattern[i]:
                return False
            i += 1
    return not (m and d) or real_date(y, m, d)


def split_dates(cands, pattern):
    ok, bad = [], []
    for c in cands:
        (ok if dp_valid(c, pattern) else bad).append(c)
    return ok, bad


EVENTS = {
    "e_strings": (["s_enum"], ["s_len", "s_pat", "s_search", "s_null_enum", "s_null", "s_any", "dep_prop"]),
    "e_numbers": (["i_range"], ["i_enum", "i_any", "n_range", "n_enum", "n_any", "b_any", "b_null", "b_enum"]),
    "e_formats": ([], ["f_date", "f_dt", "f_time", "f_uuid", "f_email", "f_uri"]),
    "e_dates": ([], ["d_ymd", "d_ymdhms", "d_yymmdd", "d_mmdd", "d_hhmm", "d_millis", "d_dotted", "pat_fmt"]),
    "e_nested": (["a_enum"], ["a_ints", "a_null", "o_addr", "o_empty", "a_objs"]),
    "e_empty": ([], []),
    "e_old": (["s_any"], []),
}

WRONG_TYPES = ["s", 7, Decimal("1.5"), True, None, [], {}]


def gen():
    vals = values()
    recs = []

    def base(ev):
        req, _ = EVENTS[ev]
        return {p: vals[p][0][0] for p in req}

    for ev, (req, opt) in EVENTS.items():
        recs.append({"event": ev, "properties": base(ev)})
        for p in req + opt:
            ok, bad = vals[p]
            for x in ok + bad + WRONG_TYPES:
                props = base(ev)
                props[p] = x
                recs.append({"event": ev, "properties": props})
        for p in req:
            props = base(ev)
            del props[p]
            recs.append({"event": ev, "properties": props})
        props = base(ev)
        props["zz_unknown"] = 1
        recs.append({"event": ev, "properties": props})
        recs.append({"event": ev})                       # no properties object
        recs.append({"event": ev, "properties": None})   # null reads as no properties object
        recs.append({"event": ev, "properties": base(ev), "user_properties": None})
        recs.append({"event": ev, "properties": []})
        # user properties
        for u in [{"u_tier": "gold"}, {"u_tier": "vip"}, {"u_age": 14}, {"u_age": 13}, {"u_age": "14"},
                  {"u_age": Decimal("14.0")}, {"zz_user": 1}, {}, {"u_tier": None}]:
            recs.append({"event": ev, "properties": base(ev), "user_properties": u})
    for name in ["nope", "E_STRINGS", "", 5, None]:
        recs.append({"event": name, "properties": {}})
    recs.append({"properties": {}})
    for r in recs:
        sys.stdout.write(dumps(r) + "\n")


def dumps(o):
    """JSON with Decimals written verbatim (1e400, 20.0000000000000001)."""
    if isinstance(o, Decimal):
        return str(o)
    if isinstance(o, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dumps(x) for k, x in o.items()) + "}"
    if isinstance(o, list):
        return "[" + ",".join(dumps(x) for x in o) + "]"
    return json.dumps(o, ensure_ascii=False)


# ---- check -----------------------------------------------------------------

# (predicate on a record, why): records where taxonc validate is known to
# be wrong. The schema follows the taxonomy; these must keep disagreeing.
KNOWN = []

def make_validator(schema):
    from jsonschema import Draft202012Validator, validators

    def is_integer(checker, x):
        if isinstance(x, bool):
            return False
        if isinstance(x, int):
            return True
        if isinstance(x, Decimal):
            return x.is_finite() and x == x.to_integral_value()
        if isinstance(x, float):
            return x.is_integer()
        return False

    tc = Draft202012Validator.TYPE_CHECKER.redefine("integer", is_integer)
    cls = validators.extend(Draft202012Validator, type_checker=tc)
    cls.check_schema(schema)
    return cls(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(schema_dir, corpus, report_path):
    load = lambda f: json.load(open(f, encoding="utf-8"), parse_float=Decimal)
    bundle = make_validator(load(schema_dir + "/bundle.schema.json"))
    index = json.load(open(schema_dir + "/index.json", encoding="utf-8"))
    per_event = {ev: make_validator(load(schema_dir + "/" + f)) for ev, f in index["events"].items()}
    report = json.load(open(report_path, encoding="utf-8"))
    if report["violations_kept"] != report["violations_total"]:
        print("taxonc kept %d of %d violations; raise --max-errors" % (report["violations_kept"],
                                                                       report["violations_total"]))
        return 1
    fails = {c for c, v in report["codes"].items() if v["fails"]}
    bad_taxonc = {}
    for v in report["violations"]:
        if v["code"] in fails:
            bad_taxonc.setdefault(v["record"], []).append("%s at %s: %s" % (v["code"], v["path"], v["message"]))
    lines = open(corpus, encoding="utf-8", newline="").read().split("\n")[:-1]
    if report["records"] != len(lines):
        print("taxonc saw %d records, the corpus has %d" % (report["records"], len(lines)))
        return 1
    disagree = known = 0
    n_valid = n_invalid = 0
    for i, line in enumerate(lines):
        rec = json.loads(line, parse_float=Decimal)
        errs = sorted(e.message for e in bundle.iter_errors(rec))
        schema_ok = not errs
        taxonc_ok = i not in bad_taxonc
        n_valid += schema_ok
        n_invalid += not schema_ok
        msg = None
        if schema_ok != taxonc_ok:
            msg = "bundle says %s, taxonc says %s" % ("valid" if schema_ok else "invalid",
                                                     "valid" if taxonc_ok else "invalid")
        # the event's own schema must judge the properties object alike
        ev = rec.get("event")
        if isinstance(ev, str) and ev in per_event and "user_properties" not in rec \
                and isinstance(rec.get("properties", {}), dict):
            ev_ok = not any(True for _ in per_event[ev].iter_errors(rec.get("properties", {})))
            if ev_ok != schema_ok and msg is None:
                msg = "events/%s schema says %s, the bundle %s" % (ev, ev_ok, schema_ok)
        why = next((w for f, w in KNOWN if f(rec)), None)
        if why:
            if msg is None:
                print("record %d: expected to disagree (%s) but both say %s; remove it from KNOWN" % (
                    i, why, "valid" if schema_ok else "invalid"))
                disagree += 1
            else:
                known += 1
                if known == 1:
                    print("known disagreement (record %d and others): %s" % (i, why))
            continue
        if msg:
            disagree += 1
            if disagree <= 40:
                print("record %d: %s\n  %s\n  schema: %s\n  taxonc: %s" % (
                    i, msg, line[:300], "; ".join(errs)[:400], "; ".join(bad_taxonc.get(i, []))[:400]))
    print("%d records: %d valid, %d invalid by the schema; %d disagreements, %d known" % (
        len(lines), n_valid, n_invalid, disagree, known))
    if n_valid < 200 or n_invalid < 200:
        print("corpus too one-sided to prove anything")
        return 1
    return 1 if disagree else 0


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "gen":
        gen()
        sys.exit(0)
    if len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.stderr.write(__doc__)
    sys.exit(2)
