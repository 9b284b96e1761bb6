#!/usr/bin/env bash
# Hostile taxonomy files through `taxonc check` (issue 7): each must end
# with a clear error (exit 1, or 2 for I/O) or a clean load, within bounded
# time and memory — never a crash, hang or runaway allocation.
#   10,000-deep YAML (flow sequences, flow mappings), 1,000-deep block
#   mappings, a billion-laughs alias bomb, a file over the 16 MiB limit, a
#   single 8 MB line, a 7.5 MB plan of 10,000 events, random bytes, a
#   NUL-filled file, and an include glob that matches itself.
source "$(dirname "$0")/robust.bash"
W=$WORK
hdr='taxonomy: hostile
version: 1.0.0
'

python3 - "$W" <<'PY'
import sys
w = sys.argv[1]
hdr = "taxonomy: hostile\nversion: 1.0.0\n"
open(f"{w}/deep_flow_seq.yaml", "w").write(hdr + "description: " + "[" * 10000 + "]" * 10000 + "\n")
open(f"{w}/deep_flow_map.yaml", "w").write(hdr + "types:\n  t: " + "{a: " * 10000 + "x" + "}" * 10000 + "\n")
lines = [hdr + "properties:\n  p:\n    type: object\n"]
ind = "    "
for i in range(1000):
    lines.append(f"{ind}properties:\n{ind}  p{i}:\n{ind}    type: object\n")
    ind += "    "
open(f"{w}/deep_block.yaml", "w").write("".join(lines))
bomb = [hdr, "types:\n"]
bomb.append("  l0: &a0 {type: string, enum: [" + ", ".join(["lol"] * 10) + "]}\n")
bomb.append("x:\n")
bomb.append("  - &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
for i in range(1, 10):
    bomb.append(f"  - &b{i} [" + ", ".join([f"*b{i-1}"] * 10) + "]\n")
open(f"{w}/alias_bomb_toplevel.yaml", "w").write("".join(bomb))
enum_bomb = [hdr, "anchors:\n", "  - &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
for i in range(1, 10):
    enum_bomb.append(f"  - &b{i} [" + ", ".join([f"*b{i-1}"] * 10) + "]\n")
enum_bomb.append("types:\n  t: {type: string, enum: *b9}\n")
open(f"{w}/alias_bomb_enum.yaml", "w").write("".join(enum_bomb))
# anchors defined inside a value the loader reads, then expanded as a description list
desc_bomb = [hdr, "types:\n  t0: {type: string, enum: &c0 [a, b, c, d, e, f, g, h, i, j]}\n"]
for i in range(1, 9):
    desc_bomb.append(f"  t{i}: {{type: string, enum: &c{i} [" + ", ".join([f"*c{i-1}"] * 10) + "]}\n")
open(f"{w}/alias_bomb_typed.yaml", "w").write("".join(desc_bomb))
# just under the limit: one 1,000-value enum reused by 90 types (90,000 nodes)
wide = [hdr, "types:\n  t0: {type: string, enum: &w [" + ", ".join(f"v{i}" for i in range(1000)) + "], description: wide}\n"]
for i in range(1, 91):
    wide.append(f"  t{i}: {{type: string, enum: *w, description: wide}}\n")
open(f"{w}/alias_wide.yaml", "w").write("".join(wide))
PY

echo "== nesting"
bounded "10,000-deep flow sequences" 10 128 -- "$TAXONC" check "$W/deep_flow_seq.yaml"
expect_rc deep_flow_seq 1; expect_err deep_flow_seq 'deeper than [0-9]+ levels'
expect_err deep_flow_seq 'deep_flow_seq.yaml:3:'
bounded "10,000-deep flow mappings" 10 128 -- "$TAXONC" check "$W/deep_flow_map.yaml"
expect_rc deep_flow_map 1; expect_err deep_flow_map 'deep|depth|nest'
bounded "1,000-deep block mappings" 10 128 -- "$TAXONC" check "$W/deep_block.yaml"
expect_rc deep_block 1; expect_err deep_block 'deep|depth|nest'

echo "== aliases"
for f in alias_bomb_toplevel alias_bomb_enum alias_bomb_typed; do
  bounded "$f (10^9 nodes if expanded)" 10 256 -- "$TAXONC" check "$W/$f.yaml"
  expect_rc "$f" 1
done
expect_err alias_bomb_toplevel 'alias'
expect_err alias_bomb_enum 'alias'
expect_err alias_bomb_typed 'alias'
bounded "90,000 nodes by alias (under the limit)" 10 256 -- "$TAXONC" check "$W/alias_wide.yaml"
[ "$RC" -le 1 ] || fail "alias_wide: exit $RC"

echo "== size"
{ printf '%s' "$hdr"; printf 'description: '; head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' 'x'; echo; } >"$W/huge.yaml"
bounded "17 MiB file (limit 16 MiB)" 10 128 -- "$TAXONC" check "$W/huge.yaml"
[ "$RC" -eq 1 ] || [ "$RC" -eq 2 ] || fail "huge: exit $RC, expected 1 or 2"
expect_err huge 'larger|too large|size'
{ printf '%s' "$hdr"; printf 'description: '; head -c $((8 * 1000 * 1000)) /dev/zero | tr '\0' 'y'; echo; } >"$W/long_line.yaml"
bounded "one 8 MB line" 10 256 -- "$TAXONC" check "$W/long_line.yaml"
[ "$RC" -le 1 ] || fail "long_line: exit $RC"
python3 "$ROOT/bench/gen_taxonomy.py" --events 10000 --props 20 >"$W/plan10k.yaml"
bounded "10,000 events x 20 properties ($(( $(stat -c %s "$W/plan10k.yaml") / 1000000 )) MB)" 20 512 -- "$TAXONC" check "$W/plan10k.yaml"
expect_rc plan10k 0

echo "== garbage"
head -c 1000000 /dev/urandom >"$W/random.yaml"
bounded "1 MB of random bytes" 10 128 -- "$TAXONC" check "$W/random.yaml"
expect_rc random 1
head -c 1000000 /dev/zero >"$W/zeros.yaml"
bounded "1 MB of NUL bytes" 10 128 -- "$TAXONC" check "$W/zeros.yaml"
expect_rc zeros 1
: >"$W/empty.yaml"
bounded "empty file" 5 64 -- "$TAXONC" check "$W/empty.yaml"
expect_rc empty 1
bounded "a directory" 5 64 -- "$TAXONC" check "$W"
expect_rc directory 2
bounded "json output on random bytes" 10 128 -- "$TAXONC" check --format json "$W/random.yaml"
expect_rc random_json 1
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$OUT" || fail "random_json: stdout is not valid JSON"

echo "== includes"
mkdir -p "$W/inc"
printf '%sinclude: ["*.yaml"]\n' "$hdr" >"$W/inc/a.yaml"
printf 'include: ["a.yaml", "b.yaml"]\nevents:\n  view_page: {description: page}\n' >"$W/inc/b.yaml"
bounded "include glob matching itself" 10 128 -- "$TAXONC" check "$W/inc/a.yaml"
[ "$RC" -le 1 ] || fail "include_self: exit $RC"
finish
