#!/usr/bin/env bash
# Every code block of README.md and docs/*.md is run, compiled or parsed
# (tests/e2e/docs/blocks.py says how, per language, and the marker syntax
# `<!-- snippet KEY=VALUE ... -->` a block may carry). That script runs the
# shell, YAML, JSON and Python blocks and lists the C, Swift and Kotlin ones,
# which this one compiles against the code taxonc generates:
#  - `plan=PATH`: per plan, `taxonc gen` writes C, Swift and Kotlin
#  - C: each block compiles alone with gcc -std=c99 -Wall -Wextra -Werror
#    (unused static functions allowed), the plan's header (or `header=PATH`,
#    a repository header) and tests/e2e/docs/app_stubs.h force-included
#    (`pcre2`: with libpcre2-8; `body`: statements, put in a function, its
#    `#` lines above it)
#  - Swift: each block is the main.swift of a program with the generated
#    file, type-checked in Swift 6 mode; `import AmplitudeSwift` and
#    `import BrazeKit` resolve to stub modules of the SDKs' public
#    signatures (tests/e2e/docs/*.swift)
#  - Kotlin: all blocks in one kotlinc call, each in a package of its own,
#    with the generated files and stubs of the Android SDKs
#    (tests/e2e/docs/kotlin/); a block with `fun main` is also run.
# An unmarked C, Swift or Kotlin block, a block without a language and any
# block that fails are failures, so a new example cannot go untested.
. "$(dirname "$0")/lib/e2e.bash"
with_swift
STUBS="$ROOT/tests/e2e/docs"
W="$TMPDIR/docs_blocks"
fresh "$W" "$W/gen"
need gcc swiftc kotlinc java python3 git
[ "$fail" -eq 0 ] || exit 1

# ---- run, parse; extract the blocks to compile: "N LANG DOC:LINE PLAN HEADER FLAGS" ----
python3 "$STUBS/blocks.py" "$ROOT" "$TAXONC" "$W" || fail=$((fail+1))
[ -s "$W/index" ] || { bad "no C, Swift or Kotlin block found"; exit 1; }
nblocks=$(wc -l <"$W/index")
[ "$nblocks" -ge 10 ] || bad "expected at least 10 compiled blocks, found $nblocks"

# ---- generate each plan once ----
declare -A GEN
while read -r n lang where plan header flags; do
  [ "$plan" = - ] && continue
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
while read -r n lang where plan header flags; do
  d=${GEN[$plan]:-/nonexistent}
  f="$W/snip/$n.$lang"
  case $lang in
  c)
    inc=()
    if [ "$plan" != - ]; then inc=(-I"$d" -include "$(ls "$d"/*.h 2>/dev/null | head -1)"); fi
    if [ "$header" != - ]; then inc+=(-I"$ROOT" -I"$ROOT/$(dirname "$header")" -include "$ROOT/$header"); fi
    extra=(); [[ $flags == *pcre2* ]] && extra=($PCRE_CFLAGS)
    if [[ $flags == *body* ]]; then
      { grep '^#' "$f"; echo "void docsnippet(void);"; echo "void docsnippet(void) {"; grep -v '^#' "$f"; echo "}"; } >"$f.c"
      extra+=(-Wno-unused-variable -Wno-unused-but-set-variable)
    else cp "$f" "$f.c"; fi
    gcc -std=c99 -Wall -Wextra -Wno-unused-function -Werror "${extra[@]}" "${inc[@]}" \
        -include "$STUBS/app_stubs.h" -c -o "$W/snip/$n.o" "$f.c" >"$W/snip/$n.log" 2>&1 ||
      { bad "$where: C block does not compile with ${plan/#-/$header}:"; head -20 "$W/snip/$n.log"; }
    ;;
  swift)
    mkdir -p "$W/snip/$n.d" && cp "$f" "$W/snip/$n.d/main.swift"
    swiftc -swift-version 6 -typecheck -I "$W/mods" "$W/snip/$n.d/main.swift" "$d"/*.swift \
        >"$W/snip/$n.log" 2>&1 ||
      { bad "$where: Swift block does not compile with $plan:"; grep -E "error" "$W/snip/$n.log" | head -20; }
    ;;
  kotlin)
    # a package of its own, so top-level names of two blocks never clash
    { echo "package docsnippet$n"; cat "$f"; } >"$W/snip/Snippet$n.kt"
    kt+=("$W/snip/Snippet$n.kt")
    for g in "$d"/*.kt; do [[ " ${kt[*]} " == *" $g "* ]] || kt+=("$g"); done
    grep -q "^fun main" "$f" && KTMAIN[$n]=$where
    ;;
  esac
done <"$W/index"
if [ "${#kt[@]}" -gt 0 ]; then
  if kotlinc "${kt[@]}" "$STUBS"/kotlin/*.kt -d "$W/kt" >"$W/kotlinc.log" 2>&1; then
    KSTD=/usr/share/java/kotlin-stdlib.jar
    for n in "${!KTMAIN[@]}"; do
      java -cp "$W/kt:$KSTD" "docsnippet$n.Snippet${n}Kt" >"$W/snip/$n.run" 2>&1 ||
        bad "${KTMAIN[$n]}: Kotlin block compiles but fails to run: $(head -5 "$W/snip/$n.run")"
    done
  else
    bad "the Kotlin blocks do not compile:"; grep -E "error" "$W/kotlinc.log" | head -20
  fi
fi

echo "docs_blocks: $nblocks compiled blocks, $fail failed"
[ "$fail" -eq 0 ]
