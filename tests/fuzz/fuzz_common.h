/* Shared by the libFuzzer targets in tests/fuzz/: a sink for rendered
 * output (so the renderers run on every fuzzed input without printing) and
 * an exact-size copy of the input, so ASan catches any read past `len`;
 * and the loader's round: text -> model (includes off) -> use -> every
 * diagnostic rendered. Each target defines LLVMFuzzerTestOneInput and
 * nothing else global. */
#ifndef TX_FUZZ_COMMON_H
#define TX_FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../support/diag.h"
/* Optional parts, compiled in when they exist in this tree. */
#if defined(__has_include)
#if __has_include("../../support/report.h")
#include "../../support/report.h"
#define FUZZ_HAVE_REPORT 1
#endif
#if __has_include("../../compiler/lint/lint.h")
#include "../../compiler/lint/lint.h"
#define FUZZ_HAVE_LINT 1
#endif
#if __has_include("../../compiler/load.h")
#include "../../compiler/load.h"
#define FUZZ_HAVE_LOAD 1
#endif
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned fuzz_acc;

/* Counts bytes and reads each one, so freed or out-of-bounds output shows up. */
static inline void fuzz_sink(void *ud, const char *s, size_t n)
{
    size_t *total = ud;
    unsigned acc = 0;
    for (size_t i = 0; i < n; i++)
        acc += (unsigned char)s[i];
    fuzz_acc += acc;
    *total += n;
}

/* malloc(0) may return NULL; keep at least one byte allocated but pass len. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
    char *p = malloc(size ? size : 1);
    if (p && size)
        memcpy(p, data, size);
    return p;
}

/* Renders every diagnostic in every format: spans from fuzzed input must
 * always map to a valid file:line:col and source line, and messages holding
 * any bytes must escape cleanly (JSON, SARIF, GitHub commands, JUnit XML). */
static inline void fuzz_render(tx_sources *src, tx_diags *d)
{
    size_t total = 0;
    tx_diags_sort(d);
    tx_render_opts o = { .color = true, .summary = true };
    tx_render_text(src, d, &o, fuzz_sink, &total);
    tx_render_json(src, d, fuzz_sink, &total);
#if FUZZ_HAVE_REPORT
    tx_report_opts ro = { .tool = "taxonc", .version = "fuzz", .suite = "fuzz",
                          .help_uri_base = "https://example.invalid/rules" };
    tx_render_sarif(src, d, &ro, fuzz_sink, &total);
    tx_render_github(src, d, &ro, fuzz_sink, &total);
    tx_render_junit(src, d, &ro, fuzz_sink, &total);
#endif
}

#if FUZZ_HAVE_LOAD
/* What a target does with a model that loaded; diagnostics it adds go to
 * ctx->diags and are rendered with the loader's. */
typedef void fuzz_use_fn(const tx_taxonomy *t, tx_ctx *ctx);

/* Loads text[0..len) as file `name` (includes off) in a context of its own,
 * hands the model to use (when one comes back and use is not NULL), renders
 * every diagnostic, frees the context. text stays the caller's. */
static inline void fuzz_load(const char *name, const char *text, size_t len, fuzz_use_fn *use)
{
    tx_ctx *ctx = tx_ctx_new();
    tx_load_opts lo = { .no_includes = true };
    const tx_taxonomy *t = tx_load_string(ctx, name, text, len, &lo);
    if (t && use)
        use(t, ctx);
    fuzz_render(&ctx->sources, &ctx->diags);
    tx_ctx_free(ctx);
}

/* The fuzzed bytes, as an exact-size copy, through fuzz_load as fuzz.yaml. */
static inline void fuzz_load_input(const uint8_t *data, size_t size, fuzz_use_fn *use)
{
    char *text = fuzz_copy(data, size);
    if (text)
        fuzz_load("fuzz.yaml", text, size, use);
    free(text);
}
#endif
#endif
