/* The compiler front end: YAML files → a resolved tx_taxonomy.
 * A tx_ctx is one compilation: it owns the arena (model, names, sources)
 * and the diagnostics list. Create, load, use the model, free: nothing the
 * loader returns outlives tx_ctx_free(). */
#ifndef TX_LOAD_H
#define TX_LOAD_H
#include "../schema/model.h"
#include "../support/diag.h"

typedef struct tx_ctx {
    tx_arena *arena;
    tx_sources sources;
    tx_diags diags;
} tx_ctx;

typedef struct tx_load_opts {
    size_t max_file_size;       /* bytes; 0 = default 16 MiB */
    unsigned max_depth;         /* YAML nesting; 0 = default 64 */
    size_t max_alias_nodes;     /* nodes produced by alias expansion; 0 = default 100000 */
    size_t max_files;           /* include limit; 0 = default 1000 */
    bool no_includes;           /* fuzzers: ignore `include:` */
} tx_load_opts;

tx_ctx *tx_ctx_new(void);
void tx_ctx_free(tx_ctx *ctx);

/* Loads, resolves and checks. Returns the model when there are no errors,
 * NULL otherwise; either way all problems found are in ctx->diags. */
const tx_taxonomy *tx_load_file(tx_ctx *ctx, const char *path, const tx_load_opts *opts);
/* The same from memory; `name` is the file name shown in messages and the
 * base for relative includes. */
const tx_taxonomy *tx_load_string(tx_ctx *ctx, const char *name, const char *text,
                                  size_t len, const tx_load_opts *opts);
#endif
