/* Helpers shared by subcommands. */
#include "cli.h"
#include "../compiler/lint/lint.h"
#include "../validators/validate.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The lint step's errors, copied into d: warnings and infos are lint's
 * business, errors block every command (as they make `check` exit 1). */
static size_t lint_errors(const tx_taxonomy *t, tx_ctx *ctx)
{
    tx_diags lint = { .arena = ctx->arena };
    tx_lint(t, NULL, &lint);
    size_t n = 0;
    for (size_t i = 0; i < lint.n; i++) {
        const tx_diag *g = &lint.items[i];
        if (g->severity != TX_SEV_ERROR)
            continue;
        n++;
        tx_diag *c = tx_diag_add(&ctx->diags, g->severity, g->code, g->span, "%s", g->message);
        if (c) {
            c->note = g->note;
            c->note_span = g->note_span;
            c->fix = g->fix;
        }
    }
    return n + (lint.dropped && lint.n_error > n ? lint.n_error - n : 0);
}

static const tx_taxonomy *load(tx_ctx *ctx, const char *path, bool json, bool gate,
                               int *exit_code)
{
    const tx_taxonomy *t = tx_load_file(ctx, path, NULL);
    size_t blocking = t && gate ? lint_errors(t, ctx) : 0;
    tx_diags_sort(&ctx->diags);
    if (json) {
        tx_render_json(&ctx->sources, &ctx->diags, tx_out_file, stdout);
    } else {
        tx_render_opts o = { .color = tx_want_color(2) };
        tx_render_text(&ctx->sources, &ctx->diags, &o, tx_out_file, stderr);
    }
    if (blocking) {
        cli_error("'%s' has %zu error%s that 'taxonc check' reports; nothing done", path,
                  blocking, blocking == 1 ? "" : "s");
        *exit_code = EXIT_PROBLEMS;
        return NULL;
    }
    if (!t) {
        /* An unreadable file is an I/O error; a bad taxonomy is a problem. */
        *exit_code = tx_diags_have_io(&ctx->diags) ? EXIT_USAGE : EXIT_PROBLEMS;
    }
    return t;
}

const tx_taxonomy *cli_load(tx_ctx *ctx, const char *path, bool json, int *exit_code)
{
    return load(ctx, path, json, false, exit_code);
}

const tx_taxonomy *cli_load_usable(tx_ctx *ctx, const char *path, int *exit_code)
{
    return load(ctx, path, false, true, exit_code);
}

val_schema *cli_load_schema(tx_ctx *ctx, const char *path, int *exit_code)
{
    const tx_taxonomy *t = cli_load_usable(ctx, path, exit_code);
    char err[512];
    val_schema *vs = t ? val_schema_new(t, err, sizeof err) : NULL;
    if (t && !vs) {
        cli_error("%s", err);
        *exit_code = EXIT_PROBLEMS;
    }
    return vs;
}

const char *cli_one_taxonomy(const cli_opts *it, const char *required, const char *value)
{
    if (it->n_args > 1) {
        cli_error("%s: one taxonomy at a time ('%s' and '%s')", it->cmd, it->args[0],
                  it->args[1]);
        return NULL;
    }
    if (it->n_args == 0 || (required && !value)) {
        if (it->n_args)
            cli_error("%s: %s is required", it->cmd, required);
        fputs(it->help, stderr);
        return NULL;
    }
    return it->args[0];
}

int cli_opt_val_format(cli_opts *it, void *var)
{
    if (val_format_parse(it->value, var) != 0)
        return cli_error("unknown format '%s'; expected text, json, junit or html", it->value);
    return EXIT_CLEAN;
}

void cli_render_since(tx_ctx *ctx, size_t before)
{
    if (ctx->diags.n <= before)
        return;
    tx_diags tail = ctx->diags;
    tail.items += before;
    tail.n -= before;
    tx_render_opts o = { .color = tx_want_color(2), .no_source = true };
    tx_render_text(&ctx->sources, &tail, &o, tx_out_file, stderr);
}

int cli_run_usable(const cli_opts *it, const char *required, const char *value, cli_step_fn step,
                   void *ud)
{
    const char *path = cli_one_taxonomy(it, required, value);
    if (!path)
        return EXIT_USAGE;
    tx_ctx *ctx = tx_ctx_new();
    int code = EXIT_CLEAN;
    const tx_taxonomy *t = cli_load_usable(ctx, path, &code);
    if (t) {
        size_t before = ctx->diags.n;
        code = step(ctx, t, ud);
        cli_render_since(ctx, before);
    }
    tx_ctx_free(ctx);
    return code;
}

static int out_error(const tx_out *o, const char *path)
{
    if (path && tx_out_is_stdout_name(path))
        cli_error("cannot write to stdout: %s", strerror(o->err ? o->err : EIO));
    else
        cli_error("cannot write '%s': %s", path ? path : "?", strerror(o->err ? o->err : EIO));
    return -1;
}

int cli_out_open(tx_out *o, const char *path)
{
    if (tx_out_open(o, path, 0) != 0) {
        out_error(o, path);
        tx_out_abort(o);
        return -1;
    }
    return 0;
}

int cli_out_commit(tx_out *o)
{
    return cli_out_commit_set((tx_out *[]){ o }, 1);
}

int cli_out_commit_set(tx_out *const *outs, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (outs[i]->path && tx_out_finish(outs[i]) != 0)
            rc = out_error(outs[i], outs[i]->path);
    for (size_t i = 0; i < n; i++) {
        if (!outs[i]->path)
            continue;
        if (rc != 0) {
            tx_out_abort(outs[i]);
            continue;
        }
        char *path = outs[i]->path;
        outs[i]->path = NULL;   /* kept for the message: publish releases o */
        if (tx_out_publish(outs[i]) != 0)
            rc = out_error(outs[i], path);
        free(path);
    }
    return rc;
}

int cli_write_to(const char *path, const void *data, size_t len)
{
    tx_out o;
    if (cli_out_open(&o, path ? path : "-") != 0)
        return EXIT_USAGE;
    if (tx_out_write(&o, data, len) != 0) {
        out_error(&o, o.path);
        tx_out_abort(&o);
        return EXIT_USAGE;
    }
    return cli_out_commit(&o) == 0 ? EXIT_CLEAN : EXIT_USAGE;
}
