#!/usr/bin/env bash
# One option syntax for every command (cli/opts.c), checked command by
# command: `--opt=value` and `--opt value` (and `-o value`) give the same
# output and exit code; an unknown option near a real one gets "did you
# mean", a far one "see 'taxonc CMD --help'"; a missing value and a value
# given to a flag are usage errors (exit 2) in one wording; `--` ends the
# options, so operands named `-x...` (and even `--help`) can be given; `-`
# alone is an operand.
. "$(dirname "$0")/lib/e2e.bash"
W="$TMPDIR/w"; mkdir -p "$W/src"
cd "$W" || exit 1
TAX="$ROOT/examples/music/taxonomy.yaml"
SMALL="$ROOT/tests/golden/gen/small.yaml"
V="$ROOT/tests/golden/validate"
D="$ROOT/tests/golden/diff"
cp "$TAX" "$W/-x.yaml"
cp "$V/taxonomy.yaml" "$W/-v.yaml"; cp "$V/log.ndjson" "$W/-log.ndjson"
"$TAXONC" export csv "$TAX" >"$W/sheet.csv" && cp "$W/sheet.csv" "$W/-sheet.csv" ||
  bad "export csv for the import fixture"

run() { # tag, args... : stdout in $W/tag.out, stderr in $W/tag.err, exit in $W/tag.rc
  local tag=$1; shift
  "$TAXONC" "$@" >"$W/$tag.out" 2>"$W/$tag.err"
  echo $? >"$W/$tag.rc"
}
same() { # label, tag1, tag2: same exit code and stdout, and the exit code is $4
  cmp -s "$W/$2.rc" "$W/$3.rc" && cmp -s "$W/$2.out" "$W/$3.out" ||
    { bad "$1: '$2' and '$3' differ"; diff "$W/$2.out" "$W/$3.out" | head -5; }
  [ "$(cat "$W/$2.rc")" = "$4" ] || bad "$1: exit $(cat "$W/$2.rc"), expected $4: $(head -3 "$W/$2.err")"
}
err() { # label, expected exit, exact stderr line, args...
  local label=$1 want=$2 line=$3; shift 3
  "$TAXONC" "$@" >"$W/e.out" 2>"$W/e.err"; local rc=$?
  [ $rc -eq "$want" ] || bad "$label: exit $rc, expected $want"
  grep -qxF -- "$line" "$W/e.err" || { bad "$label: stderr lacks \"$line\":"; cat "$W/e.err"; }
}
same_files() { # label, dir1, dir2
  diff -r "$2" "$3" >/dev/null || bad "$1: $2 and $3 differ"
}

echo "== --opt=value and --opt value agree"
run c1 check --format=json "$TAX";          run c2 check --format json "$TAX"
same "check --format" c1 c2 0
run c3 check --max-errors=1 --format=json "$ROOT/tests/golden/check/unknown_type.yaml"
run c4 check --max-errors 1 --format json "$ROOT/tests/golden/check/unknown_type.yaml"
same "check --max-errors" c3 c4 1
run l1 lint --format=sarif "$TAX";          run l2 lint --format sarif "$TAX"
same "lint --format" l1 l2 0
run l3 lint --rule=missing-description=error --max-warnings=0 "$TAX"
run l4 lint --rule missing-description=error --max-warnings 0 "$TAX"
same "lint --rule --max-warnings" l3 l4 "$(cat "$W/l3.rc")"
run r1 rules --format=json;                 run r2 rules --format json
same "rules --format" r1 r2 0
run g1 gen --lang=c,swift --out="$W/g1" --sample "$SMALL"
run g2 gen --lang c,swift --out "$W/g2" --sample "$SMALL"
same "gen --lang --out" g1 g2 0; same_files "gen --out" "$W/g1" "$W/g2"
[ -n "$(ls "$W/g1")" ] || bad "gen wrote nothing"
run s1 status --src="$W/src" --format=json "$SMALL"
run s2 status --src "$W/src" --format json "$SMALL"
same "status --src --format" s1 s2 0
run v1 validate --format=json --profile=amplitude --max-errors=3 --jobs=2 "$V/taxonomy.yaml" "$V/log.ndjson"
run v2 validate --format json --profile amplitude --max-errors 3 -j 2 "$V/taxonomy.yaml" "$V/log.ndjson"
same "validate --format --profile --max-errors --jobs" v1 v2 1
run v3 validate --output="$W/v3.json" --format=json "$V/taxonomy.yaml" "$V/log.ndjson"
run v4 validate -o "$W/v4.json" --format json "$V/taxonomy.yaml" "$V/log.ndjson"
same "validate --output/-o" v3 v4 1; cmp -s "$W/v3.json" "$W/v4.json" || bad "validate -o: reports differ"
run v5 validate --valid-out="$W/ok5" --invalid-out="$W/bad5" "$V/taxonomy.yaml" "$V/log.ndjson"
run v6 validate --valid-out "$W/ok6" --invalid-out "$W/bad6" "$V/taxonomy.yaml" "$V/log.ndjson"
same "validate --valid-out --invalid-out" v5 v6 1
cmp -s "$W/ok5" "$W/ok6" && cmp -s "$W/bad5" "$W/bad6" || bad "validate filter outputs differ"
run d1 diff --format=json --no-renames "$D/old.yaml" "$D/new.yaml"
run d2 diff --format json --no-renames "$D/old.yaml" "$D/new.yaml"
same "diff --format" d1 d2 1
run x1 export markdown --out="$W/x1.md" "$TAX"
run x2 export markdown --out "$W/x2.md" "$TAX"
run x3 export markdown -o "$W/x3.md" "$TAX"
same "export --out" x1 x2 0; same "export -o" x1 x3 0
cmp -s "$W/x1.md" "$W/x2.md" && cmp -s "$W/x1.md" "$W/x3.md" || bad "export --out: files differ"
run i1 import csv --name=music_x --plan-version=1.2.3 "$W/sheet.csv"
run i2 import csv --name music_x --plan-version 1.2.3 "$W/sheet.csv"
same "import --name --plan-version" i1 i2 0
grep -q '^taxonomy: music_x' "$W/i1.out" && grep -q '1\.2\.3' "$W/i1.out" || bad "import --name: not applied"
run i3 import csv --out="$W/i3.yaml" "$W/sheet.csv"; run i4 import csv -o "$W/i4.yaml" "$W/sheet.csv"
same "import --out/-o" i3 i4 0; cmp -s "$W/i3.yaml" "$W/i4.yaml" || bad "import -o: files differ"

echo "== an unknown option: did you mean, or see --help"
err "check"    2 "taxonc: error: unknown option '--fromat'; did you mean '--format'?" check --fromat json "$TAX"
err "lint"     2 "taxonc: error: unknown option '--fromat'; did you mean '--format'?" lint --fromat sarif "$TAX"
err "lint ="   2 "taxonc: error: unknown option '--fromat'; did you mean '--format'?" lint --fromat=sarif "$TAX"
err "lint -"   2 "taxonc: error: unknown option '-format'; did you mean '--format'?" lint -format sarif "$TAX"
err "rules"    2 "taxonc: error: unknown option '--formt'; did you mean '--format'?" rules --formt json
err "explain"  2 "taxonc: error: unknown option '--hepl'; did you mean '--help'?" explain --hepl
err "gen"      2 "taxonc: error: unknown option '--lnag'; did you mean '--lang'?" gen --lnag c --out "$W/g" "$SMALL"
err "status"   2 "taxonc: error: unknown option '--scr'; did you mean '--src'?" status --scr "$W/src" "$SMALL"
err "validate" 2 "taxonc: error: unknown option '--profle'; did you mean '--profile'?" validate --profle segment "$V/taxonomy.yaml"
err "validate -" 2 "taxonc: error: unknown option '--invalid-ot'; did you mean '--invalid-out'?" validate --invalid-ot x "$V/taxonomy.yaml"
err "diff"     2 "taxonc: error: unknown option '--allow-braking'; did you mean '--allow-breaking'?" diff --allow-braking "$D/old.yaml" "$D/new.yaml"
err "export"   2 "taxonc: error: unknown option '--no-bmo'; did you mean '--no-bom'?" export csv --no-bmo "$TAX"
err "import"   2 "taxonc: error: unknown option '--nmae'; did you mean '--name'?" import csv --nmae x "$W/sheet.csv"
err "far"      2 "taxonc: error: unknown option '--zzzzzzzz'; see 'taxonc lint --help'" lint --zzzzzzzz "$TAX"
err "far short" 2 "taxonc: error: unknown option '-q'; see 'taxonc validate --help'" validate -q "$V/taxonomy.yaml"
err "far explain" 2 "taxonc: error: unknown option '--zzzzzzzz'; see 'taxonc explain --help'" explain --zzzzzzzz

echo "== a missing value: exit 2"
for c in "check $TAX --format" "check $TAX --max-errors" "lint $TAX --format" "lint $TAX --rule" \
         "lint $TAX --max-warnings" "rules --format" "gen $SMALL --out" "gen --out $W/g $SMALL --lang" \
         "status $SMALL --src" "status --src $W/src $SMALL --format" "validate $V/taxonomy.yaml --format" \
         "validate $V/taxonomy.yaml --jobs" "validate $V/taxonomy.yaml -o" "validate $V/taxonomy.yaml --fail-on" \
         "diff $D/old.yaml --git" "diff $D/old.yaml $D/new.yaml --format" "export csv $TAX --out" \
         "export csv $TAX -o" "import csv $W/sheet.csv --name" "import csv $W/sheet.csv --plan-version"; do
  set -- $c; opt=${!#}; long=$opt
  case $opt in -o) long=--out; [ "$1" = validate ] && long=--output;; -j) long=--jobs;; esac
  err "$c" 2 "taxonc: error: option '$long' needs a value" "$@"
done
# an empty value where a path or folder is needed
err "gen --out=" 2 "taxonc: error: option '--out' needs a value" gen --out= "$SMALL"
err "export --out=" 2 "taxonc: error: option '--out' needs a value" export csv --out= "$TAX"
err "import -o ''" 2 "taxonc: error: option '--out' needs a value" import csv -o '' "$W/sheet.csv"

echo "== a flag given a value: exit 2"
err "validate --verbose=1" 2 "taxonc: error: option '--verbose' takes no value" validate --verbose=1 "$V/taxonomy.yaml"
err "check --no-color=yes" 2 "taxonc: error: option '--no-color' takes no value" check --no-color=yes "$TAX"
err "gen --check=1" 2 "taxonc: error: option '--check' takes no value" gen --check=1 --out "$W/g1" "$SMALL"
err "diff --no-renames=1" 2 "taxonc: error: option '--no-renames' takes no value" diff --no-renames=1 "$D/old.yaml" "$D/new.yaml"
err "export --no-bom=0" 2 "taxonc: error: option '--no-bom' takes no value" export csv --no-bom=0 "$TAX"
err "status --require-all=1" 2 "taxonc: error: option '--require-all' takes no value" status --require-all=1 --src "$W/src" "$SMALL"

echo "== numbers: one wording"
err "check --max-errors 0" 2 "taxonc: error: option '--max-errors' expects a number from 1 to 1000000, got '0'" check --max-errors 0 "$TAX"
err "lint --max-warnings -1" 2 "taxonc: error: option '--max-warnings' expects a non-negative number, got '-1'" lint --max-warnings -1 "$TAX"
err "validate --jobs 65" 2 "taxonc: error: option '--jobs' expects a number from 0 to 64, got '65'" validate --jobs=65 "$V/taxonomy.yaml"
err "validate --max-record 8" 2 "taxonc: error: option '--max-record' expects a number of at least 16, got '8'" validate --max-record 8 "$V/taxonomy.yaml"

echo "== -- ends the options"
run k1 check -- -x.yaml;                     grep -q ": ok: taxonomy 'music_app'" "$W/k1.out" || bad "check -- -x.yaml: $(cat "$W/k1.err")"
run k2 lint --format json -- -x.yaml;        run k3 lint --format json "$TAX"
same "lint -- -x.yaml" k2 k3 0
run k4 gen --out "$W/k4" -- "$W/-x.yaml";    [ "$(cat "$W/k4.rc")" = 0 ] || bad "gen -- -x.yaml: $(cat "$W/k4.err")"
run k5 status --src "$W/src" -- -x.yaml;     grep -q "events implemented" "$W/k5.out" || bad "status -- -x.yaml: $(cat "$W/k5.err")"
run k6 validate --format json -- -v.yaml -log.ndjson
run k7 validate --format json "$V/taxonomy.yaml" "$V/log.ndjson"
sed 's/-log\.ndjson/log.ndjson/g' "$W/k6.out" >"$W/k6n.out"; cp "$W/k6.rc" "$W/k6n.rc"
sed "s|$V/log\.ndjson|log.ndjson|g" "$W/k7.out" >"$W/k7n.out"; cp "$W/k7.rc" "$W/k7n.rc"
same "validate -- -v.yaml -log.ndjson" k6n k7n 1
run k8 diff --format json -- -x.yaml -x.yaml; [ "$(cat "$W/k8.rc")" = 0 ] || bad "diff -- -x.yaml -x.yaml: $(cat "$W/k8.err")"
run k9 export markdown -- -x.yaml;           run k10 export markdown "$TAX"
same "export -- -x.yaml" k9 k10 0
run k11 import csv -- -sheet.csv;            run k12 import csv sheet.csv
[ "$(cat "$W/k11.rc")" = 0 ] && diff <(sed 1,3d "$W/k11.out") <(sed 1,3d "$W/k12.out") >/dev/null ||
  bad "import csv -- -sheet.csv: $(cat "$W/k11.err")"
err "explain -- --help" 2 "taxonc: error: unknown rule '--help'; see 'taxonc rules'" explain -- --help
err "rules -- x" 2 "taxonc: error: rules: unexpected argument 'x'; see 'taxonc rules --help'" rules -- x
err "no -- : -x.yaml is an option" 2 "taxonc: error: unknown option '-x.yaml'; see 'taxonc check --help'" check -x.yaml

echo "== - alone is an operand (stdin, stdout)"
run m1 validate --format json "$V/taxonomy.yaml" - <"$V/log.ndjson"
run m2 validate --format json "$V/taxonomy.yaml" "$V/log.ndjson"
sed 's/"<stdin>"/X/g; s/"-"/X/g' "$W/m1.out" >"$W/m1n.out"; cp "$W/m1.rc" "$W/m1n.rc"
sed "s|\"$V/log\.ndjson\"|X|g" "$W/m2.out" >"$W/m2n.out"; cp "$W/m2.rc" "$W/m2n.rc"
same "validate TAXONOMY -" m1n m2n 1
run m3 export markdown -o - "$TAX";          same "export -o -" m3 k10 0
[ -e "$W/-" ] && bad "an option value '-' made a file named '-'"

echo "== help"
for c in check lint rules explain gen status validate diff export import completion; do
  "$TAXONC" $c --help >"$W/h.out" 2>&1 && grep -q "usage: taxonc $c" "$W/h.out" || bad "$c --help"
  "$TAXONC" $c -h >"$W/h2.out" 2>&1 && cmp -s "$W/h.out" "$W/h2.out" || bad "$c -h"
done

echo "cli_options: $fail failed"
[ "$fail" -eq 0 ]
