/* Fuzz target: `taxonc import csv` (compiler/sheet/) on any bytes,
 * and, when the first byte is '{' or '[', the JSON importers' reader and
 * JSON Schema converter (compiler/import/im_json.c: $ref chains, cycles,
 * the node budget) with the writer behind them. Whatever the input, the
 * importer returns YAML or diagnostics that render cleanly, never a crash,
 * leak or UB. YAML it returns is loaded too (for crashes only: the CLI
 * re-loads it before writing and shows the loader's messages when it does
 * not load, by design — docs/import.md). */
#include "fuzz_common.h"
#include "../../compiler/load.h"
#include "../../compiler/sheet/sheet.h"
#include "../../compiler/import/im_json.h"

/* JSON: the root as a schema (named $refs when the size is even) and as an
 * event's properties object, then the whole plan through the writer. */
static void fuzz_json(const char *text, size_t size)
{
    tx_ctx *ctx = tx_ctx_new();
    im_plan p;
    im_plan_init(&p, ctx);
    im_doc d;
    if (im_doc_parse(ctx, "fuzz.json", text, size, &d) == 0) {
        im_conv c = { .plan = &p, .doc = &d, .named_refs = !(size & 1) };
        im_meta m = { 0 };
        im_type *t = im_schema(&c, d.root, "", &m);
        im_event *ev = im_event_add(&p, "Fuzz Event");
        im_use_add(&p, ev, "root", t, &m, true, false);
        (void)im_object_uses(&c, ev, d.root, "", false);
        im_plan_settle(&p);
        im_plan_conventions(&p);
        size_t ylen;
        char *y = c.failed ? NULL : im_write_yaml(&p, &ylen);
        if (y)
            fuzz_load("imported.yaml", y, ylen, NULL);
    }
    fuzz_render(&ctx->sources, &ctx->diags);
    im_plan_done(&p);
    tx_ctx_free(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size && (data[0] == '{' || data[0] == '[')) {
        char *json = fuzz_copy(data, size);
        if (json)
            fuzz_json(json, size);
        free(json);
        return 0;
    }
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    tx_ctx *ctx = tx_ctx_new();
    size_t ylen = 0;
    tx_import_opts io = { .name = (size & 1) ? "fuzz_plan" : NULL, .version = NULL };
    const char *yaml = tx_import_csv(ctx, "fuzz.csv", text, size, &io, &ylen);
    if (yaml)
        fuzz_load("imported.yaml", yaml, ylen, NULL);
    fuzz_render(&ctx->sources, &ctx->diags);
    tx_ctx_free(ctx);
    free(text);
    return 0;
}
