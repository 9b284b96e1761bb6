#!/usr/bin/env bash
# taxonc report merge: the JSON reports of parts, merged, are exactly the
# report of validating all the parts' files in one run (JSON byte for byte,
# and the text, JUnit and HTML renderings of the merge equal validate's).
# A log is cut at many points into k parts (k = 2..4, pieces of varied
# size, some empty), with small --max-errors/--examples so the kept lists
# are cut across parts.
set -u
T=${TAXONC:?}; R=${ROOT:?}; D=$(mktemp -d "${TMPDIR:-/tmp}/rm.XXXXXX")
fail=0
PLAN=$R/examples/travel/taxonomy.yaml
LOG=$D/log.ndjson
# a log with unknown events, malformed lines and many violations
for i in $(seq 1 6); do cat "$R/examples/travel/captured.ndjson"; done >"$LOG"
printf '%s\n' '{"event_type":"Mystery Event","event_properties":{}}' 'not json' \
    '{"event_type":"Other Unknown","event_properties":{"x":1}}' >>"$LOG"
cat "$R/examples/travel/captured.ndjson" >>"$LOG"
n=$(wc -l <"$LOG")
OPTS=(--max-errors 7 --examples 2 --no-progress)

check() {   # check NAME PART...
    local name=$1; shift
    local reps=()
    for p in "$@"; do
        "$T" validate "${OPTS[@]}" --format json -o "$p.json" "$PLAN" "$p" 2>/dev/null
        reps+=("$p.json")
    done
    for fmt in json text junit html; do
        "$T" validate "${OPTS[@]}" --format $fmt "$PLAN" "$@" >"$D/whole.$fmt" 2>/dev/null
        local want=$?
        "$T" report merge --format $fmt "${reps[@]}" >"$D/merged.$fmt" 2>"$D/err"
        local got=$?
        if ! cmp -s "$D/whole.$fmt" "$D/merged.$fmt"; then
            echo "FAIL: $name: merged $fmt report differs from the whole's"
            diff "$D/whole.$fmt" "$D/merged.$fmt" | head -5
            fail=1
        fi
        [ "$want" = "$got" ] || { echo "FAIL: $name: exit $got, validate gave $want"; fail=1; }
    done
}

cases=0
for k in 2 3 4; do
    for seed in 1 2 3 4 5; do
        # k-1 cut points spread over the log, varied by seed (0 and n allowed: empty parts)
        cuts=$(for j in $(seq 1 $((k - 1))); do echo $(( (j * n / k + seed * 7 * j) % (n + 1) )); done | sort -n)
        parts=(); prev=0; idx=0
        for c in $cuts $n; do
            idx=$((idx + 1)); p=$D/part$idx
            sed -n "$((prev + 1)),${c}p" "$LOG" >"$p"
            [ "$c" -gt "$prev" ] || : >"$p"
            parts+=("$p"); [ "$c" -gt "$prev" ] && prev=$c
        done
        check "k=$k seed=$seed cuts=$(echo $cuts | tr ' ' ,)" "${parts[@]}"
        cases=$((cases + 1))
    done
done

# reports that do not fit together are refused, not merged wrongly
"$T" validate --max-errors 3 --format json -o "$D/a.json" "$PLAN" "$D/part1" 2>/dev/null
"$T" validate --max-errors 4 --format json -o "$D/b.json" "$PLAN" "$D/part2" 2>/dev/null
"$T" report merge "$D/a.json" "$D/b.json" >/dev/null 2>"$D/err"
rc=$?
[ $rc = 2 ] && grep -q "max-errors" "$D/err" || { echo "FAIL: different --max-errors merged (exit $rc)"; fail=1; }
echo '{"not":"a report"}' >"$D/bad.json"
"$T" report merge "$D/a.json" "$D/bad.json" >/dev/null 2>"$D/err"
rc=$?
[ $rc = 2 ] && grep -q "not a report" "$D/err" || { echo "FAIL: a non-report merged (exit $rc)"; fail=1; }
[ $fail = 0 ] && echo "report_merge: $cases split cases x 4 formats identical"
exit $fail
