/* Helpers shared by subcommands. */
#include "cli.h"
#include <string.h>

const tx_taxonomy *cli_load(tx_ctx *ctx, const char *path, bool json, int *exit_code)
{
    const tx_taxonomy *t = tx_load_file(ctx, path, NULL);
    tx_diags_sort(&ctx->diags);
    if (json) {
        tx_render_json(&ctx->sources, &ctx->diags, tx_out_file, stdout);
    } else {
        tx_render_opts o = { .color = tx_want_color(2) };
        tx_render_text(&ctx->sources, &ctx->diags, &o, tx_out_file, stderr);
    }
    if (!t) {
        /* An unreadable file is an I/O error; a bad taxonomy is a problem. */
        bool io = false;
        for (size_t i = 0; i < ctx->diags.n; i++)
            if (ctx->diags.items[i].code && strcmp(ctx->diags.items[i].code, "io") == 0)
                io = true;
        *exit_code = io ? EXIT_USAGE : EXIT_PROBLEMS;
    }
    return t;
}
