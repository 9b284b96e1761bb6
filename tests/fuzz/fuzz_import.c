/* Fuzz target: `taxonc import csv` (compiler/import_csv.c) on any bytes.
 * Whatever the sheet, the importer returns YAML or diagnostics that render
 * cleanly, never a crash, leak or UB. YAML it returns is loaded too (for
 * crashes only: the CLI re-loads it before writing and shows the loader's
 * messages when it does not load, by design — docs/import.md). */
#include "fuzz_common.h"
#include "../../compiler/load.h"
#include "../../compiler/import_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_copy(data, size);
    if (!text)
        return 0;
    tx_ctx *ctx = tx_ctx_new();
    size_t ylen = 0;
    tx_import_opts io = { .name = (size & 1) ? "fuzz_plan" : NULL, .version = NULL };
    const char *yaml = tx_import_csv(ctx, "fuzz.csv", text, size, &io, &ylen);
    if (yaml) {
        tx_ctx *c2 = tx_ctx_new();
        tx_load_opts lo = { .no_includes = true };
        (void)tx_load_string(c2, "imported.yaml", yaml, ylen, &lo);
        fuzz_render(&c2->sources, &c2->diags);
        tx_ctx_free(c2);
    }
    fuzz_render(&ctx->sources, &ctx->diags);
    tx_ctx_free(ctx);
    free(text);
    return 0;
}
