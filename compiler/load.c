/* Placeholder loader until the front end lands: creates and frees contexts
 * and reports that loading is not implemented. */
#include "load.h"
#include <stdlib.h>

tx_ctx *tx_ctx_new(void)
{
    tx_ctx *ctx = tx_xmalloc(sizeof *ctx);
    ctx->arena = tx_arena_new();
    ctx->sources = (tx_sources){ .arena = ctx->arena };
    ctx->diags = (tx_diags){ .arena = ctx->arena };
    return ctx;
}

void tx_ctx_free(tx_ctx *ctx)
{
    if (!ctx)
        return;
    tx_arena_free(ctx->arena);
    free(ctx);
}

const tx_taxonomy *tx_load_string(tx_ctx *ctx, const char *name, const char *text,
                                  size_t len, const tx_load_opts *opts)
{
    (void)name; (void)text; (void)len; (void)opts;
    tx_diag_add(&ctx->diags, TX_SEV_ERROR, "io", TX_NO_SPAN, "loading is not implemented yet");
    return NULL;
}

const tx_taxonomy *tx_load_file(tx_ctx *ctx, const char *path, const tx_load_opts *opts)
{
    return tx_load_string(ctx, path, "", 0, opts);
}
