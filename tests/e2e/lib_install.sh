#!/usr/bin/env bash
# libtaxonc installed: `make install PREFIX=tmp` puts the binary, the static
# and versioned shared libraries, <taxonc.h>, taxonc.pc, the editor schema
# and the docs in place; a small C program built against the INSTALLED
# library with `pkg-config --cflags --libs taxonc` validates the travel
# example and a log, and its JSON equals `taxonc validate --format json`;
# summaries of two parts merged equal the run over both; taxonc_check
# gives a record's verdict.
set -u
R=${ROOT:?}; B=${BUILD:?}; D=$(mktemp -d "${TMPDIR:-/tmp}/li.XXXXXX")
fail=0
P=$D/prefix
make -s -C "$R" BUILD="$B" install PREFIX="$P" >"$D/make.log" 2>&1 || { echo "FAIL: make install"; tail -5 "$D/make.log"; exit 1; }
for f in bin/taxonc include/taxonc.h lib/libtaxonc.a lib/libtaxonc.so.0.1.0 lib/libtaxonc.so.0 \
         lib/libtaxonc.so lib/pkgconfig/taxonc.pc share/taxonc/taxonomy.schema.json \
         share/doc/taxonc/validate.md; do
    [ -e "$P/$f" ] || { echo "FAIL: not installed: $f"; fail=1; }
done
soname=$(objdump -p "$P/lib/libtaxonc.so.0.1.0" 2>/dev/null | awk '/SONAME/ {print $2}')
[ "$soname" = libtaxonc.so.0 ] || { echo "FAIL: soname '$soname'"; fail=1; }
cat >"$D/prog.c" <<'C'
#include <taxonc.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
    char *diag = NULL;
    taxonc_plan *p = taxonc_load(argv[1], &diag);
    if (!p) { fprintf(stderr, "%s", diag ? diag : "?"); taxonc_free(diag); return 2; }
    const char *mode = argv[2];
    taxonc_summary *s = NULL;
    if (strcmp(mode, "files") == 0) {
        s = taxonc_validate_files(p, (const char *const *)argv + 3, (size_t)(argc - 3), NULL);
    } else if (strcmp(mode, "merge") == 0) {
        s = taxonc_validate_files(p, (const char *const *)argv + 3, 1, NULL);
        for (int i = 4; i < argc; i++) {
            taxonc_summary *t = taxonc_validate_files(p, (const char *const *)argv + i, 1, NULL);
            if (taxonc_summary_merge(s, t, NULL) != 0) return 3;
            taxonc_summary_free(t);
        }
    } else {    /* check RECORD */
        char *v = NULL;
        int rc = taxonc_check(p, argv[3], strlen(argv[3]), &v);
        printf("%d %s\n", rc, v);
        taxonc_free(v);
        taxonc_plan_free(p);
        return 0;
    }
    char *json = taxonc_summary_json(s);
    fputs(json, stdout);
    fprintf(stderr, "records=%llu\n", (unsigned long long)taxonc_summary_count(s, TAXONC_RECORDS));
    taxonc_free(json);
    taxonc_summary_free(s);
    taxonc_plan_free(p);
    return 0;
}
C
export PKG_CONFIG_PATH=$P/lib/pkgconfig
for kind in shared static; do
    flags=$(pkg-config --cflags --libs taxonc) || { echo "FAIL: pkg-config"; exit 1; }
    [ $kind = static ] && flags="$(pkg-config --cflags taxonc) $P/lib/libtaxonc.a $(pkg-config --libs --static taxonc | sed 's/-ltaxonc//')"
    # a sanitized build installs a sanitized library: its users link the runtime
    san=${SANITIZE:+-fsanitize=$SANITIZE}
    cc -std=c11 -Wall -Werror $san -o "$D/prog_$kind" "$D/prog.c" $flags || { echo "FAIL: build against the installed library ($kind)"; fail=1; continue; }
done
PLAN=$R/examples/travel/taxonomy.yaml LOG=$R/examples/travel/captured.ndjson
export LD_LIBRARY_PATH=$P/lib
head -n 10 "$LOG" >"$D/a.ndjson"; tail -n +11 "$LOG" >"$D/b.ndjson"
"$P/bin/taxonc" validate --format json "$PLAN" "$LOG" >"$D/want.json" 2>/dev/null
"$P/bin/taxonc" validate --format json "$PLAN" "$D/a.ndjson" "$D/b.ndjson" >"$D/want2.json" 2>/dev/null
for kind in shared static; do
    [ -x "$D/prog_$kind" ] || continue
    "$D/prog_$kind" "$PLAN" files "$LOG" >"$D/got.json" 2>"$D/err"
    cmp -s "$D/want.json" "$D/got.json" || { echo "FAIL: $kind: library JSON differs from taxonc validate"; fail=1; }
    grep -q "records=$(grep -o '"records":[0-9]*' "$D/want.json" | cut -d: -f2)$" "$D/err" || { echo "FAIL: $kind: counter"; fail=1; }
    "$D/prog_$kind" "$PLAN" merge "$D/a.ndjson" "$D/b.ndjson" >"$D/got2.json" 2>/dev/null
    cmp -s "$D/want2.json" "$D/got2.json" || { echo "FAIL: $kind: merged summaries differ from one run"; fail=1; }
done
[ -x "$D/prog_shared" ] && ldd "$D/prog_shared" | grep -q "$P/lib/libtaxonc.so.0" || { echo "FAIL: not linked to the installed libtaxonc.so.0"; fail=1; }
out=$("$D/prog_shared" "$PLAN" check '{"event_type":"No Such Event","event_properties":{}}')
case $out in "1 ["*unknown-event*) ;; *) echo "FAIL: check verdict: $out"; fail=1 ;; esac
"$D/prog_shared" "$D/missing.yaml" files x >/dev/null 2>"$D/err"
[ $? = 2 ] && [ -s "$D/err" ] || { echo "FAIL: a missing plan gave no diagnostics"; fail=1; }
[ $fail = 0 ] && echo "lib_install: ok"
exit $fail
