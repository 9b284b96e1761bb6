#!/usr/bin/env bash
# `taxonc export jsonschema` writes valid `$id`s and `$ref`s whatever the
# event names hold (tests/fixtures/export/odd_names.yaml: spaces, '#', '%',
# quotes, '/', '~', ':', '..', Hangul), and on every example plan:
#  - every exported schema (the bundle on stdout, bundle.schema.json and
#    events/*.schema.json under --out DIR) passes the draft 2020-12
#    metaschema, with the `uri-reference` format of `$id`/`$ref` checked by
#    python-jsonschema where it can (python3-rfc3987) and always by the
#    RFC 3986 grammar below; `$id` has no fragment;
#  - each event file's `$id` decodes back to its event's name, and all
#    `$id`s differ;
#  - every `$ref` resolves (a resolver of our own: base `$id`, percent-
#    decoding, JSON Pointer) to the schema it should, and records validate
#    through them (a valid and an invalid one per event);
#  - file names stay inside DIR/events, one per event, no subfolders.
set -u
: "${TAXONC:?}" "${ROOT:?}" "${TMPDIR:?}"
cd "$ROOT"
fail=0
py=
# a python whose jsonschema checks uri-reference first, else any with jsonschema
for want in 'FormatChecker().checkers["uri-reference"]' 'Draft202012Validator'; do
  for cand in python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null &&
       "$cand" -c "from jsonschema import FormatChecker, Draft202012Validator; $want" 2>/dev/null; then
      py=$cand; break 2
    fi
  done
done
[ -n "$py" ] || { echo "FAIL: no python3 with jsonschema (scripts/deps.sh test installs python3-jsonschema)"; exit 1; }

plans=(tests/fixtures/export/odd_names.yaml examples/*/taxonomy.yaml)
for p in "${plans[@]}"; do
  d=$TMPDIR/$(echo "$p" | tr / _)
  "$TAXONC" export jsonschema --out "$d/dir" "$p" || { echo "FAIL: export --out of $p"; fail=1; }
  "$TAXONC" export jsonschema "$p" > "$d/stdout.json" || { echo "FAIL: export of $p"; fail=1; }
  # nothing but bundle, index and one flat events/ folder
  extra=$(cd "$d/dir" && find . -mindepth 1 ! -path ./events ! -path './events/*.schema.json' \
          ! -path ./bundle.schema.json ! -path ./index.json)
  [ -z "$extra" ] || { echo "FAIL: $p: unexpected paths under --out: $extra"; fail=1; }
  [ "$(cd "$d" && ls -A | tr '\n' ' ')" = "dir stdout.json " ] || { echo "FAIL: $p: a file escaped DIR"; fail=1; }
done

"$py" - "$TMPDIR" "${plans[@]}" <<'PY' || fail=1
import glob, json, os, re, sys
from urllib.parse import unquote
from jsonschema import Draft202012Validator, FormatChecker

tmp, plans = sys.argv[1], sys.argv[2:]
bad = []
fc = FormatChecker()
native = "uri-reference" in fc.checkers
meta = Draft202012Validator(Draft202012Validator.META_SCHEMA, format_checker=fc)

# RFC 3986 section 4.1 URI-reference, from its ABNF (appendix A)
U = r"[A-Za-z0-9\-._~]"
PCT = r"%[0-9A-Fa-f]{2}"
SUB = r"[!$&'()*+,;=]"
PCHAR = f"(?:{U}|{PCT}|{SUB}|[:@])"
SEG = f"{PCHAR}*"
SEG_NZ = f"{PCHAR}+"
SEG_NZ_NC = f"(?:{U}|{PCT}|{SUB}|@)+"
HOST = rf"(?:\[[0-9A-Fa-f:.vV{U[1:-1]}!$&'()*+,;=]+\]|(?:{U}|{PCT}|{SUB})*)"
AUTH = f"(?:(?:{U}|{PCT}|{SUB}|:)*@)?{HOST}(?::[0-9]*)?"
ABEMPTY = f"(?:/{SEG})*"
ABSOLUTE = f"/(?:{SEG_NZ}(?:/{SEG})*)?"
QF = f"(?:{PCHAR}|[/?])*"
HIER = f"(?://{AUTH}{ABEMPTY}|{ABSOLUTE}|{SEG_NZ}(?:/{SEG})*|)"
REL = f"(?://{AUTH}{ABEMPTY}|{ABSOLUTE}|{SEG_NZ_NC}(?:/{SEG})*|)"
URI = f"[A-Za-z][A-Za-z0-9+\\-.]*:{HIER}(?:\\?{QF})?(?:#{QF})?"
RELREF = f"{REL}(?:\\?{QF})?(?:#{QF})?"
URI_REF = re.compile(f"(?:{URI}|{RELREF})")
# the grammar itself, so it cannot pass everything
for s, ok in [("urn:taxonc:p:event:Order%20Completed", True), ("#/$defs/events/a~1b", True),
              ("urn:taxonc:p:event:Order Completed", False), ("urn:a#b#c", False),
              ("urn:a:100%", False), ('urn:a:say"hi"', False), ("urn:a:상품", False)]:
    if bool(URI_REF.fullmatch(s)) != ok:
        bad.append("the test's RFC 3986 grammar is wrong about %r" % s)
        ok = not ok
    if native and fc.conforms(s, "uri-reference") != ok:
        bad.append("jsonschema's uri-reference check is wrong about %r" % s)

MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
DATA = ("enum", "const", "required", "examples", "default")

def walk(node, path="", names=False):
    """(path, keyword, value) of every keyword of every subschema; `names`:
    the keys of this object are names (of properties, of $defs)"""
    if isinstance(node, dict):
        for k, v in node.items():
            if not names:
                yield path, k, v
                if k in DATA:
                    continue
            yield from walk(v, path + "/" + k, not names and k in MAPS)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, "%s/%d" % (path, i))

def pointer(doc, frag):
    """the schema at a percent-encoded JSON Pointer fragment, or None"""
    node = doc
    frag = unquote(frag, errors="strict")
    if frag == "":
        return node
    if not frag.startswith("/"):
        return None
    for part in frag[1:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node

n_ids = n_refs = n_valid = 0
for plan in plans:
    d = os.path.join(tmp, plan.replace("/", "_"))
    files = [d + "/stdout.json", d + "/dir/bundle.schema.json"] + sorted(glob.glob(d + "/dir/events/*"))
    docs = {}
    for f in files:
        try:
            docs[f] = json.load(open(f, encoding="utf-8"))
        except Exception as e:
            bad.append("%s: not JSON: %s" % (f, e))
    if not docs:
        continue
    index = json.load(open(d + "/dir/index.json", encoding="utf-8"))
    registry = {}
    for f, doc in docs.items():
        for e in sorted(meta.iter_errors(doc), key=str):
            bad.append("%s: not a draft 2020-12 schema: %s at %s" % (f, e.message, "/".join(map(str, e.absolute_path))))
        for path, k, v in walk(doc):
            if k in ("$id", "$ref"):
                if not URI_REF.fullmatch(v):
                    bad.append("%s%s: %s %r is not an RFC 3986 URI reference" % (f, path, k, v))
                if k == "$id" and "#" in v:
                    bad.append("%s%s: $id %r has a fragment" % (f, path, v))
        if "$id" in doc:
            n_ids += 1
            if f != d + "/stdout.json":
                if doc["$id"] in registry:
                    bad.append("%s: $id %r also in %s" % (f, doc["$id"], registry[doc["$id"]][0]))
                registry[doc["$id"]] = (f, doc)
    # each event file: named in the index, its $id gives the event name back
    events = index["events"]
    if sorted(os.path.relpath(f, d + "/dir") for f in glob.glob(d + "/dir/events/*")) != sorted(events.values()):
        bad.append("%s: events/ does not hold exactly the files of index.json" % plan)
    for name, rel in events.items():
        f = os.path.join(d, "dir", rel)
        doc = docs.get(f)
        if doc is None:
            bad.append("%s: index names %s, not exported" % (plan, rel))
            continue
        if os.path.dirname(os.path.normpath(rel)) != "events":
            bad.append("%s: %r is not directly under events/" % (plan, rel))
        if doc.get("title") != name or unquote(doc.get("$id", "").rpartition(":event:")[2]) != name:
            bad.append("%s: $id %r / title %r is not event %r" % (f, doc.get("$id"), doc.get("title"), name))
    # every $ref resolves: against the document's $id, then the pointer
    for f, doc in docs.items():
        base = doc.get("$id", "")
        for path, k, v in walk(doc):
            if k != "$ref":
                continue
            n_refs += 1
            uri, _, frag = v.partition("#")
            target_doc = doc if uri in ("", base) else registry.get(uri, (None, None))[1]
            target = pointer(target_doc, frag) if target_doc is not None else None
            if not isinstance(target, dict):
                bad.append("%s%s: $ref %r resolves to nothing" % (f, path, v))
            elif frag.startswith("/$defs/events/"):
                want = unquote(frag[len("/$defs/events/"):]).replace("~1", "/").replace("~0", "~")
                if target.get("title") != want:
                    bad.append("%s%s: $ref %r lands on %r" % (f, path, v, target.get("title")))
    # records through the references, for every event: an unknown property
    # is refused, the required ones (strings, numbers >= 0) are accepted
    bundle = docs.get(d + "/stdout.json")
    if bundle is None:
        continue
    v_bundle = Draft202012Validator(bundle)
    for name in events:
        ev = bundle["$defs"]["events"][name]
        sample = {}
        for p in ev.get("required", []):
            t = ev["properties"][p]
            ty = t.get("type")
            ty = ty[0] if isinstance(ty, list) else ty
            sample[p] = (t["enum"][0] if "enum" in t else
                         {"string": "x", "integer": 1, "number": 1, "boolean": True,
                          "array": [], "object": {}}.get(ty, "x"))
        # a sample is built only where type (and enum) alone make it valid
        plain = {"type", "description", "deprecated", "$comment", "enum", "additionalProperties"}
        simple = all(set(ev["properties"][p]) <= plain | {"minimum"} and
                     ev["properties"][p].get("minimum", 0) <= 1 for p in ev.get("required", []))
        try:
            n_valid += simple
            if simple and not v_bundle.is_valid({"event": name, "properties": sample}):
                bad.append("%s: a valid %r record is refused: %s" % (plan, name,
                           [e.message for e in v_bundle.iter_errors({"event": name, "properties": sample})]))
            if v_bundle.is_valid({"event": name, "properties": dict(sample, zz_not_declared=1)}):
                bad.append("%s: an undeclared property of %r is accepted" % (plan, name))
            v_event = Draft202012Validator(docs[os.path.join(d, "dir", events[name])])
            if simple and not v_event.is_valid(sample):
                bad.append("%s: event schema of %r refuses a valid record" % (plan, name))
            if v_event.is_valid(dict(sample, zz_not_declared=1)):
                bad.append("%s: event schema of %r accepts an undeclared property" % (plan, name))
        except Exception as e:
            bad.append("%s: %r: validation failed: %s: %s" % (plan, name, type(e).__name__, e))
    if plan.endswith("odd_names.yaml"):
        if v_bundle.is_valid({"event": "a#b", "properties": {"a/b~c": -1}}) or \
           not v_bundle.is_valid({"event": "a#b", "properties": {"a/b~c": 3}}):
            bad.append("odd_names: the 'a#b' bounds do not apply through its $ref")
        if v_bundle.is_valid({"event": "상품조회", "properties": {}}):
            bad.append("odd_names: '상품조회' without its required property is accepted")

if n_ids < 2 * len(plans) or n_refs < 10 or n_valid < 10:
    bad.append("too little checked: %d $ids, %d $refs, %d valid samples" % (n_ids, n_refs, n_valid))
for b in bad:
    print("FAIL:", b)
print("checked %d plans, %d $ids, %d $refs, %d valid samples (uri-reference format by jsonschema: %s)" %
      (len(plans), n_ids, n_refs, n_valid, "yes" if native else "no, by the RFC 3986 grammar only"))
sys.exit(1 if bad else 0)
PY
exit $fail
