/* A cmocka fixture for tests of the diagnostics renderers: a tx_ctx (an
 * arena, its sources and its diagnostics) that a test fills, and the buffer
 * a renderer's output is captured in. render_fx_setup/render_fx_teardown
 * are the cmocka pair; everything is freed by the tear-down. */
#ifndef TX_TEST_RENDER_FX_H
#define TX_TEST_RENDER_FX_H
#include <stdlib.h>
#include <string.h>
#include "../../compiler/load.h"
#include "../../support/strbuf.h"

typedef struct render_fx {
    tx_ctx *ctx;
    tx_sb out;
} render_fx;

/* The tx_out_fn renderers print through: appends to the tx_sb ud. */
static void render_fx_capture(void *ud, const char *s, size_t n)
{
    tx_sb_add(ud, s, n);
}

static int render_fx_setup(void **state)
{
    render_fx *f = calloc(1, sizeof *f);
    f->ctx = tx_ctx_new();
    f->out = (tx_sb)TX_SB_INIT;
    *state = f;
    return 0;
}

static int render_fx_teardown(void **state)
{
    render_fx *f = *state;
    tx_sb_release(&f->out);
    tx_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Adds a source file named name holding text; returns its file id. */
static uint32_t render_fx_source(render_fx *f, const char *name, const char *text)
{
    return tx_sources_add(&f->ctx->sources, name, text, strlen(text));
}
#endif
