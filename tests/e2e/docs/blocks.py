#!/usr/bin/env python3
"""The code blocks of README.md and docs/*.md, checked (tests/e2e/docs_blocks.sh).

usage: blocks.py ROOT TAXONC WORKDIR

Every fenced block names its language (```text for a synopsis or an
output). A marker line before a block (blank lines may come between) tunes
what is done with it:

  <!-- snippet KEY=VALUE FLAG ... -->      (shell-style quoting)

  skip="reason"    not run or compiled, for the reason given (any block)
  plan=PATH        c/swift/kotlin: compile with the code `taxonc gen` writes for PATH
  header=PATH      c: compile with the repository header PATH force-included
  body             c: the block is statements: wrapped in a function
  pcre2            c: compile with libpcre2-8's flags
  exit=N           sh/yaml: the exit code the block shows (default 0)
  expect="CODE.."  yaml: diagnostic codes `taxonc check` must print
  check[=PATH]     yaml fragment: checked inside a taxonomy: `taxonomy:
                   doc_example` plus the fragment, or merged into PATH's
  under=KEY        yaml fragment: the fragment is the value of KEY
  before="CMDS"    sh/yaml: run first (hidden set-up: the user's own files)
  after="CMDS"     sh: run after the block, must exit 0 (what it wrote)

What is done, per language (a block that fails is a test failure):
  sh, bash, shell  run by bash -e in a scratch copy of the repository (one
                   per page, so a page's blocks run in order), with
                   `taxonc` on PATH, build/taxonc the build under test and
                   HOME a folder of the copy
  console          the same for its `$ ` lines; the rest is output
  yaml             parsed; a whole taxonomy (a `taxonomy:` key), or a
                   fragment marked `check`, must pass `taxonc check`
  json             parsed (a document, or NDJSON)
  python           compiled
  c, swift, kotlin must be marked (plan=/header= or skip); written to
                   WORKDIR/snip and listed in WORKDIR/index for the shell
                   script, which compiles them
  text             nothing
"""
import glob
import json
import os
import re
import shlex
import signal
import subprocess
import sys

import yaml

ROOT, TAXONC, W = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
KEYS = {"skip", "plan", "header", "body", "pcre2", "exit", "expect", "check", "under", "before", "after"}
SHELL = {"sh", "bash", "shell", "console"}
COMPILED = {"c", "swift", "kotlin"}
LANGS = SHELL | COMPILED | {"yaml", "json", "python", "text"}
TIMEOUT = 60
fails = 0
counts = {}
copies = {}


def bad(where, msg, out=""):
    global fails
    fails += 1
    print(f"FAIL: {where}: {msg}")
    if out:
        print("\n".join("    " + l for l in out.rstrip().split("\n")[-15:]))


def blocks(path):
    """(line, lang, marker dict or None, text) of each fenced block."""
    lines = open(path, encoding="utf-8").read().split("\n")
    marker, i = None, 0
    while i < len(lines):
        m = re.match(r"<!-- snippet (.*) -->$", lines[i])
        fence = re.match(r"(\s*)```(\S*)\s*$", lines[i])
        if m:
            marker = (i + 1, m.group(1))
        elif fence:
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            ind = len(fence.group(1))
            yield i + 1, fence.group(2), marker, "\n".join(l[ind:] for l in lines[i + 1:j]) + "\n"
            marker, i = None, j
        elif lines[i].strip():
            marker = None
        i += 1


def parse_marker(where, marker):
    if marker is None:
        return {}
    try:
        words = shlex.split(marker[1])
    except ValueError as e:
        bad(where, f"marker: {e}")
        return {"skip": "bad marker"}
    kv = {}
    for w in words:
        k, _, v = w.partition("=")
        if k not in KEYS:
            bad(where, f"marker: unknown key '{k}' (known: {', '.join(sorted(KEYS))})")
        kv[k] = v
    if "skip" in kv and not kv["skip"].strip():
        bad(where, "marker: skip needs a reason: skip=\"...\"")
    return kv


def scratch(doc):
    """A copy of the repository's files for DOC's blocks, with build/taxonc."""
    if doc in copies:
        return copies[doc]
    d = os.path.join(W, "run", re.sub(r"\W", "_", doc))
    os.makedirs(os.path.join(d, "build"))
    files = subprocess.run(["git", "-C", ROOT, "ls-files", "-z", "-co", "--exclude-standard"],
                           capture_output=True, check=True).stdout
    subprocess.run(f"tar -C '{ROOT}' --null -T - -cf - | tar -C '{d}' -xf -", shell=True,
                   input=files, check=True)
    if os.path.lexists(os.path.join(d, "build", "taxonc")):
        os.remove(os.path.join(d, "build", "taxonc"))
    os.symlink(TAXONC, os.path.join(d, "build", "taxonc"))
    copies[doc] = d
    return d


def sh(cwd, script):
    home = os.path.join(cwd, ".home")      # `~` is the scratch copy's, never the real one
    os.makedirs(home, exist_ok=True)
    env = dict(os.environ, PATH=os.path.join(W, "bin") + os.pathsep + os.environ["PATH"], HOME=home)
    # a session of its own, so a block that does not finish is ended with
    # everything it started (a server, a make)
    p = subprocess.Popen(["bash", "-e", "-c", script], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=TIMEOUT)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, rc = p.communicate()[0], f"nothing (still running after {TIMEOUT} s)"
    try:
        os.killpg(p.pid, signal.SIGKILL)   # what the block left in the background
    except ProcessLookupError:
        pass
    return rc, out.decode("utf-8", "replace")


def setup(where, cwd, kv):
    if "before" not in kv:
        return True
    rc, out = sh(cwd, kv["before"])
    if rc != 0:
        bad(where, f"the marker's before= exits {rc}", out)
    return rc == 0


def expected_exit(where, kv):
    try:
        return int(kv.get("exit", "0"))
    except ValueError:
        bad(where, f"marker: exit={kv['exit']} is not a number")
        return 0


def run_shell(where, doc, lang, kv, text):
    if lang == "console":
        cmds, cont = [], False
        for l in text.split("\n"):
            if l.startswith("$ ") or cont:
                cmds.append(l[2:] if l.startswith("$ ") and not cont else l)
                cont = l.endswith("\\")
        text = "\n".join(cmds) + "\n"
        if not cmds:
            bad(where, "console block without a `$ ` command line")
            return
    d = scratch(doc)
    if not setup(where, d, kv):
        return
    want = expected_exit(where, kv)
    # the line that failed: a block showing a failure shows it last, so an
    # earlier command cannot fail in its place
    errline = os.path.join(W, "errline")
    if os.path.exists(errline):
        os.remove(errline)
    rc, out = sh(d, f"trap 'echo $LINENO >{errline}' ERR\n" + text)
    code = [k for k, l in enumerate(text.split("\n"), 2) if l.strip() and not l.lstrip().startswith("#")]
    failed = int(open(errline).read()) if os.path.exists(errline) else 0
    if rc == want != 0 and failed < code[-1]:
        bad(where, f"{lang} block exits {rc} as expected, but not from its last command"
            + (f" (line {failed - 1} of the block)" if failed else ""), out)
    elif rc != want:
        bad(where, f"{lang} block exits {rc}, expected {want}" +
            (" (a block that shows a failure says so: <!-- snippet exit=N -->)" if want == 0 else ""), out)
    elif "after" in kv:
        rc, out = sh(d, kv["after"])
        if rc != 0:
            bad(where, f"the marker's after= check exits {rc}", out)


def merge(base, frag):
    for k, v in frag.items():
        if isinstance(base.get(k), dict) and isinstance(v, dict):
            base[k].update(v)
        elif isinstance(base.get(k), list) and isinstance(v, list):
            base[k].extend(v)
        else:
            base[k] = v
    return base


def check_yaml(where, doc, n, kv, text):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        bad(where, f"yaml block does not parse: {e}")
        return
    full = isinstance(data, dict) and "taxonomy" in data
    if not full and "check" not in kv:
        return
    d = scratch(doc)
    if not setup(where, d, kv):
        return
    path = os.path.join(d, f"docblock-{n}.yaml")
    if full:
        out = text
    else:
        frag = text
        if kv.get("under"):
            frag = kv["under"] + ":\n" + "".join("  " + l + "\n" for l in text.rstrip("\n").split("\n"))
        if kv["check"]:
            base = os.path.join(d, kv["check"])
            path = os.path.join(os.path.dirname(base), f"docblock-{n}.yaml")
            merged = merge(yaml.safe_load(open(base, encoding="utf-8")), yaml.safe_load(frag))
            out = yaml.safe_dump(merged, allow_unicode=True, sort_keys=False)
        else:
            out = "taxonomy: doc_example\n" + frag
    with open(path, "w", encoding="utf-8") as f:
        f.write(out)
    p = subprocess.run([TAXONC, "check", "--no-color", path], cwd=d, capture_output=True, text=True,
                       timeout=TIMEOUT)
    want = expected_exit(where, kv)
    if p.returncode != want:
        bad(where, f"taxonc check of the yaml block exits {p.returncode}, expected {want}", p.stdout + p.stderr)
    for code in kv.get("expect", "").split():
        if f"[{code}]" not in p.stdout + p.stderr:
            bad(where, f"taxonc check does not report [{code}]", p.stdout + p.stderr)


def check_json(where, text):
    try:
        json.loads(text)
        return
    except ValueError:
        pass
    for k, l in enumerate(text.split("\n")):
        if l.strip():
            try:
                json.loads(l)
            except ValueError as e:
                bad(where, f"json block line {k + 1} does not parse: {e}")
                return


def main():
    os.makedirs(os.path.join(W, "snip"))
    os.makedirs(os.path.join(W, "bin"))
    os.symlink(TAXONC, os.path.join(W, "bin", "taxonc"))
    index = open(os.path.join(W, "index"), "w")
    docs = ["README.md"] + sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "*.md")))
    n = 0
    for doc in docs:
        for line, lang, marker, text in blocks(os.path.join(ROOT, doc)):
            n += 1
            where = f"{doc}:{line}"
            if lang == "":
                bad(where, "a code block without a language: name it (```text for a synopsis or output)")
                continue
            if lang not in LANGS:
                bad(where, f"unknown block language '{lang}' (known: {', '.join(sorted(LANGS))})")
                continue
            kv = parse_marker(where, marker)
            key = "skipped" if "skip" in kv else lang
            counts[key] = counts.get(key, 0) + 1
            if "skip" in kv or lang == "text":
                continue
            if lang in COMPILED:
                if "plan" not in kv and not (lang == "c" and "header" in kv):
                    bad(where, f"{lang} block without a marker naming what it compiles with"
                        " (<!-- snippet plan=PATH --> or header=PATH for C; or skip=\"reason\")")
                    continue
                open(os.path.join(W, "snip", f"{n}.{lang}"), "w", encoding="utf-8").write(text)
                flags = ",".join(f for f in ("pcre2", "body") if f in kv) or "-"
                print(n, lang, where, kv.get("plan", "-"), kv.get("header", "-"), flags, file=index)
            elif lang in SHELL:
                run_shell(where, doc, lang, kv, text)
            elif lang == "yaml":
                check_yaml(where, doc, n, kv, text)
            elif lang == "json":
                check_json(where, text)
            elif lang == "python":
                try:
                    compile(text, where, "exec")
                except SyntaxError as e:
                    bad(where, f"python block does not compile: {e}")
    index.close()
    print("blocks:", ", ".join(f"{v} {k}" for k, v in sorted(counts.items())), f"({fails} failed)")
    return 1 if fails else 0


sys.exit(main())
