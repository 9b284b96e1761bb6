#!/usr/bin/env bash
# The code in docs/codegen.md compiles against the code taxonc generates.
# Every ```c, ```swift and ```kotlin block must be preceded by a marker line
#   <!-- snippet plan=PATH [pcre2] -->      compile with the code of PATH
#   <!-- snippet skip="reason" -->          not compiled, for the reason given
# (an unmarked block is a failure, so a new example cannot go untested).
# Per plan, `taxonc gen` writes C, Swift and Kotlin; then
#  - C: each block compiles alone with gcc -std=c99 -Wall -Wextra -Werror
#    (unused static functions allowed), the plan's header and
#    tests/e2e/docs/app_stubs.h force-included (`pcre2`: with libpcre2-8)
#  - Swift: each block is the main.swift of a program with the generated
#    file, type-checked in Swift 6 mode; `import AmplitudeSwift` and
#    `import BrazeKit` resolve to stub modules of the SDKs' public
#    signatures (tests/e2e/docs/*.swift)
#  - Kotlin: all blocks in one kotlinc call, each in a package of its own,
#    with the generated files and stubs of the Android SDKs
#    (tests/e2e/docs/kotlin/); a block with `fun main` is also run.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TAXONC=${TAXONC:-$ROOT/build/taxonc}
TMPDIR=${TMPDIR:-/tmp}
PATH="$PATH:/opt/swift/usr/bin"
DOC="$ROOT/docs/codegen.md"
STUBS="$ROOT/tests/e2e/docs"
W="$TMPDIR/docs_snippets"
rm -rf "$W" && mkdir -p "$W/snip" "$W/gen"
fail=0
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
for tool in gcc swiftc kotlinc java python3; do
  command -v "$tool" >/dev/null 2>&1 || bad "'$tool' not found: run scripts/deps.sh test (swiftc: /opt/swift/usr/bin)"
done
[ "$fail" -eq 0 ] || exit 1

# ---- extract: one file per block, and an index "N LANG PLAN FLAGS" ----
python3 - "$DOC" "$W/snip" >"$W/index" <<'PY' || { bad "extracting blocks of $DOC"; exit 1; }
import re, sys
doc, out = sys.argv[1], sys.argv[2]
lines = open(doc, encoding="utf-8").read().split("\n")
marker, n, i, err = None, 0, 0, 0
while i < len(lines):
    l = lines[i]
    m = re.match(r"<!-- snippet (.*) -->$", l)
    if m:
        marker = m.group(1)
    fence = re.match(r"```(\w*)$", l)
    if m:
        pass
    elif fence and fence.group(1) not in ("c", "swift", "kotlin"):
        j = i + 1
        while lines[j] != "```":
            j += 1
        marker, i = None, j
    elif fence:
        lang = fence.group(1)
        j = i + 1
        while lines[j] != "```":
            j += 1
        n += 1
        if marker is None:
            print(f"unmarked {lang} block at {doc}:{i + 1}", file=sys.stderr)
            err = 1
        elif not marker.startswith("skip="):
            plan = re.search(r"plan=(\S+)", marker)
            flags = "pcre2" if re.search(r"\bpcre2\b", marker) else "-"
            open(f"{out}/{n}.{lang}", "w", encoding="utf-8").write("\n".join(lines[i + 1:j]) + "\n")
            print(n, lang, plan.group(1) if plan else "-", flags, i + 1)
        marker = None
        i = j
    elif l.strip():
        marker = None
    i += 1
if n == 0:
    print("no code blocks found", file=sys.stderr); err = 1
sys.exit(err)
PY
nblocks=$(wc -l <"$W/index")
[ "$nblocks" -ge 10 ] || bad "expected at least 10 compiled blocks in docs/codegen.md, found $nblocks"

# ---- generate each plan once ----
declare -A GEN
while read -r n lang plan flags line; do
  [ "$plan" = - ] && { bad "block $n (line $line): no plan= in its marker"; continue; }
  [ -n "${GEN[$plan]:-}" ] && continue
  d="$W/gen/$(echo "$plan" | tr '/.' '__')"
  if "$TAXONC" gen --out "$d" "$ROOT/$plan" >"$d.log" 2>&1; then GEN[$plan]=$d
  else bad "gen $plan: $(cat "$d.log")"; GEN[$plan]=/nonexistent; fi
done <"$W/index"

# ---- Swift stub modules of the SDKs ----
mkdir -p "$W/mods"
for m in AmplitudeSwift BrazeKit; do
  swiftc -swift-version 6 -parse-as-library -emit-module -module-name "$m" -emit-module-path "$W/mods/$m.swiftmodule" \
    "$STUBS/$m.swift" >"$W/mods/$m.log" 2>&1 || { bad "stub module $m:"; cat "$W/mods/$m.log"; }
done

# ---- compile ----
PCRE_CFLAGS=$(pkg-config --cflags libpcre2-8 2>/dev/null)
kt=()
declare -A KTMAIN
while read -r n lang plan flags line; do
  d=${GEN[$plan]:-/nonexistent}
  f="$W/snip/$n.$lang"
  case $lang in
  c)
    h=$(ls "$d"/*.h 2>/dev/null | head -1)
    extra=""; [ "$flags" = pcre2 ] && extra=$PCRE_CFLAGS
    gcc -std=c99 -Wall -Wextra -Wno-unused-function -Werror $extra -I"$d" -include "$h" \
        -include "$STUBS/app_stubs.h" -c -o "$W/snip/$n.o" -x c "$f" >"$W/snip/$n.log" 2>&1 ||
      { bad "docs/codegen.md:$line: C block does not compile with $plan:"; head -20 "$W/snip/$n.log"; }
    ;;
  swift)
    mkdir -p "$W/snip/$n.d" && cp "$f" "$W/snip/$n.d/main.swift"
    swiftc -swift-version 6 -typecheck -I "$W/mods" "$W/snip/$n.d/main.swift" "$d"/*.swift \
        >"$W/snip/$n.log" 2>&1 ||
      { bad "docs/codegen.md:$line: Swift block does not compile with $plan:"; grep -E "error" "$W/snip/$n.log" | head -20; }
    ;;
  kotlin)
    # a package of its own, so top-level names of two blocks never clash
    { echo "package docsnippet$n"; cat "$f"; } >"$W/snip/Snippet$n.kt"
    kt+=("$W/snip/Snippet$n.kt")
    for g in "$d"/*.kt; do [[ " ${kt[*]} " == *" $g "* ]] || kt+=("$g"); done
    grep -q "^fun main" "$f" && KTMAIN[$n]=$line
    ;;
  esac
done <"$W/index"
if [ "${#kt[@]}" -gt 0 ]; then
  if kotlinc "${kt[@]}" "$STUBS"/kotlin/*.kt -d "$W/kt" >"$W/kotlinc.log" 2>&1; then
    KSTD=/usr/share/java/kotlin-stdlib.jar
    for n in "${!KTMAIN[@]}"; do
      java -cp "$W/kt:$KSTD" "docsnippet$n.Snippet${n}Kt" >"$W/snip/$n.run" 2>&1 ||
        bad "docs/codegen.md:${KTMAIN[$n]}: Kotlin block compiles but fails to run: $(head -5 "$W/snip/$n.run")"
    done
  else
    bad "Kotlin blocks of docs/codegen.md do not compile:"; grep -E "error" "$W/kotlinc.log" | head -20
  fi
fi

echo "docs_snippets: $nblocks blocks, $fail failed"
[ "$fail" -eq 0 ]
