/* Fuzz target: the event-log validator (validators/validate.h) on a fixed
 * taxonomy that uses every kind of constraint. The first input byte picks
 * the options (profile, threads, tiny chunks and record limit, a small
 * --max-errors, filter mode); the rest is the log, run through
 * val_run_buffer (NDJSON, array or document; gzip, zip and tar recognised
 * by magic, see the archive* seeds) and then rendered in every report
 * format. Whatever the bytes, the run must finish with counts that add
 * up, never crash, leak or hit UB. The log is
 * then checked again with the fast path off (every record through the full
 * walk): the JSON reports must be identical byte for byte, so the fast
 * path can never call a record valid that the full walk would fault. */
#include "fuzz_common.h"
#include <stdio.h>
#include "../../compiler/load.h"
#include "../../validators/validate.h"

static const char plan[] =
    "taxonomy: fuzz_app\n"
    "version: 1.0.0\n"
    "types:\n"
    "  tier: {type: string, enum: [basic, gold, vip], description: tier}\n"
    "  day: {type: string, format: yyyyMMdd, description: day}\n"
    "properties:\n"
    "  kind: {type: tier, description: k}\n"
    "  n: {type: integer, min: -5, max: 1000, description: n}\n"
    "  x: {type: number, min: 0.5, max: 1e6, nullable: true, description: x}\n"
    "  ok: {type: boolean, description: ok}\n"
    "  s: {type: string, min_length: 1, max_length: 8, description: s}\n"
    "  code: {type: string, pattern: '^[A-Z]{2}[0-9]{2,4}$', description: c}\n"
    "  d: {type: day, description: d}\n"
    "  ts: {type: string, format: date-time, description: ts}\n"
    "  id: {type: string, format: uuid, description: id}\n"
    "  mail: {type: string, format: email, description: m}\n"
    "  url: {type: string, format: uri, description: u}\n"
    "  tags: {type: array, items: tier, min_items: 1, max_items: 3, description: t}\n"
    "  obj:\n"
    "    type: object\n"
    "    description: o\n"
    "    properties:\n"
    "      a: {type: integer, required: true, description: a}\n"
    "      b: {type: string, enum: ['1', '2'], description: b}\n"
    "  old: {type: string, deprecated: gone, description: old}\n"
    "  tier_u: {type: tier, description: user tier}\n"
    "property_groups:\n"
    "  g: {properties: [d, ts], description: g}\n"
    "user_properties: [tier_u]\n"
    "events:\n"
    "  view_page: {description: v, properties: {kind: required, n: optional, x: optional, ok: optional}}\n"
    "  add_item:\n"
    "    description: a\n"
    "    groups: [g]\n"
    "    properties: {s: required, code: optional, id: optional, mail: optional, url: optional, tags: optional, obj: optional}\n"
    "  play_song: {description: p, deprecated: old, properties: {old: optional, d: required}}\n";

static tx_ctx *ctx;
static val_schema *schema;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(ctx, "fuzz_plan.yaml", plan, sizeof plan - 1, NULL);
    char err[256] = "";
    if (t)
        schema = val_schema_new(t, err, sizeof err);
    devnull = fopen("/dev/null", "w");
    if (!t || !schema || !devnull) {
        tx_render_opts o = { 0 };
        tx_render_text(&ctx->sources, &ctx->diags, &o, tx_out_file, stderr);
        fprintf(stderr, "fuzz_validate: the fixed taxonomy does not load: %s\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned sel = data[0];
    char *log = fuzz_copy(data + 1, size - 1);
    if (!log)
        return 0;
    val_opts o;
    val_opts_init(&o);
    static const val_profile profiles[] = { VAL_PROF_AUTO, VAL_PROF_AMPLITUDE, VAL_PROF_SEGMENT,
                                            VAL_PROF_MIXPANEL, VAL_PROF_BRAZE, VAL_PROF_CUSTOM,
                                            VAL_PROF_AUTO, VAL_PROF_AMPLITUDE };
    o.profile = profiles[sel & 7];
    if (o.profile == VAL_PROF_CUSTOM) {
        o.event_ptr = "/name";
        o.props_ptr = "/p";
        o.user_ptr = "/u/0";
    }
    if (sel & 8)
        o.jobs = 2;
    if (sel & 16)
        o.chunk_size = 64;
    if (sel & 32)
        o.max_record = 64;
    if (sel & 64)
        o.max_errors = 2, o.examples = 1;
    if (sel & 128) {
        o.valid_out = devnull;
        o.invalid_out = devnull;
    }
    val_result res;
    memset(&res, 0, sizeof res);
    int rc1 = val_run_buffer(schema, &o, "fuzz.ndjson", log, size - 1, &res);
    if (rc1 == 0) {
        if (res.valid + res.invalid > res.records)
            abort();    /* verdicts for more records than were read */
        if (res.n_kept > (o.max_errors ? o.max_errors : 1000))
            abort();    /* --max-errors bounds what is kept */
        static const val_format fmts[] = { VAL_FMT_TEXT, VAL_FMT_JSON, VAL_FMT_JUNIT, VAL_FMT_HTML };
        for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
            val_report_opts ro = { .verbose = (sel & 1) != 0, .color = (sel & 2) != 0, .fail = o.fail };
            val_report(&res, fmts[i], &ro, devnull);
        }
    }
    /* The same run with every record through the full walk. */
    val_opts o2 = o;
    o2.no_fast = true;
    val_result res2;
    memset(&res2, 0, sizeof res2);
    int rc2 = val_run_buffer(schema, &o2, "fuzz.ndjson", log, size - 1, &res2);
    if (rc1 != rc2)
        abort();
    if (rc2 == 0) {
        char *b1 = NULL, *b2 = NULL;
        size_t n1 = 0, n2 = 0;
        FILE *f1 = open_memstream(&b1, &n1), *f2 = open_memstream(&b2, &n2);
        if (!f1 || !f2)
            abort();
        val_report_opts ro = { .verbose = true, .color = false, .fail = o.fail };
        val_report(&res, VAL_FMT_JSON, &ro, f1);
        val_report(&res2, VAL_FMT_JSON, &ro, f2);
        fclose(f1);
        fclose(f2);
        if (n1 != n2 || memcmp(b1, b2, n1) != 0) {
            fprintf(stderr, "fast path and full walk disagree:\n--- fast\n%s\n--- full\n%s\n", b1, b2);
            abort();
        }
        free(b1);
        free(b2);
    }
    val_result_free(&res2);
    val_result_free(&res);
    free(log);
    return 0;
}
