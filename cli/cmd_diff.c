/* `taxonc diff`: parses options, loads both versions and calls the diff
 * engine (compiler/diff/diff.c). The exit code policy lives here: 1 when a
 * change is breaking (unless --allow-breaking) or the version bump is wrong
 * (unless --no-version-check), 2 for usage and I/O errors. */
#include "cli.h"
#include "../schema/constraints.h"
#include "lint_run.h"
#include "../compiler/diff/diff.h"

static const char usage_text[] =
    "usage: taxonc diff [OPTIONS] OLD NEW\n"
    "       taxonc diff [OPTIONS] --git REV FILE\n"
    "\n"
    "Lists every change between two versions of a taxonomy, classifies each as\n"
    "breaking, compatible or docs-only, and checks the `version` bump against\n"
    "semver (major for breaking, minor for additions, patch for docs; below\n"
    "1.0.0 one place lower). With --git, OLD is FILE as committed at REV\n"
    "(YAML files below FILE's directory, so includes, are taken from REV too).\n"
    "\n"
    "options:\n"
    "  --format F          text (default), json, or markdown (for a PR comment)\n"
    "  --git REV           compare FILE with its version at REV (e.g. origin/main)\n"
    "  --allow-breaking    breaking changes do not fail the run\n"
    "  --no-version-check  do not check the version bump\n"
    "  --no-renames        never guess renames; report removals and additions\n"
    "  -h, --help          this text\n"
    "\n"
    "exit: 0 no failing change, 1 breaking change or wrong version bump,\n"
    "2 usage or I/O error. See docs/diff.md.\n";

enum { FMT_TEXT, FMT_JSON, FMT_MD };

static const cli_choice formats[] = {
    { "text", FMT_TEXT }, { "json", FMT_JSON }, { "markdown", FMT_MD }, { "md", FMT_MD }, { NULL, 0 },
};

int cmd_diff(int argc, char **argv)
{
    int fmt = FMT_TEXT;
    bool allow_breaking = false;
    tx_diff_opts opts = { 0 };
    const char *rev = NULL;
    const cli_opt options[] = {
        CLI_OPT_CHOICE(0, "--format", &fmt, formats,
                       "unknown format '%s'; expected text, json or markdown"),
        CLI_OPT_PATH(0, "--git", &rev),
        CLI_OPT_TRUE(0, "--allow-breaking", &allow_breaking),
        CLI_OPT_TRUE(0, "--no-version-check", &opts.no_version_check),
        CLI_OPT_TRUE(0, "--no-renames", &opts.no_renames),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "diff", usage_text, options, argc, argv))
        return it.rc;
    if (it.n_args > 2)
        return cli_error("too many arguments; see 'taxonc diff --help'");
    if (rev ? it.n_args != 1 : it.n_args != 2)
        return cli_error(rev ? "--git needs exactly one FILE; see 'taxonc diff --help'"
                             : "diff needs OLD and NEW; see 'taxonc diff --help'");
    char *const *files = it.args;

    int code = EXIT_CLEAN;
    tx_ctx *old_ctx = tx_ctx_new(), *new_ctx = tx_ctx_new();
    const tx_taxonomy *old, *new_;
    const char *old_label;
    if (rev) {
        old = tx_git_load(old_ctx, rev, files[0], NULL);
        tx_diags_sort(&old_ctx->diags);
        tx_render_opts ro = { .color = tx_want_color(2) };
        tx_render_text(&old_ctx->sources, &old_ctx->diags, &ro, tx_out_file, stderr);
        if (!old)
            code = cli_io_failed(&old_ctx->diags) ? EXIT_USAGE : EXIT_PROBLEMS;
        old_label = tx_arena_printf(old_ctx->arena, "%s:%s", rev, files[0]);
        int c2 = EXIT_CLEAN;
        new_ = cli_load(new_ctx, files[0], false, &c2);
        if (c2 > code)
            code = c2;
    } else {
        old = cli_load(old_ctx, files[0], false, &code);
        old_label = files[0];
        int c2 = EXIT_CLEAN;
        new_ = cli_load(new_ctx, files[1], false, &c2);
        if (c2 > code)
            code = c2;
    }
    if (old && new_) {
        tx_arena *a = tx_arena_new();
        opts.old_label = old_label;
        opts.new_label = rev ? files[0] : files[1];
        tx_diff *d = tx_diff_models(a, old, new_, &opts);
        if (fmt == FMT_JSON)
            tx_diff_render_json(d, tx_out_file, stdout);
        else if (fmt == FMT_MD)
            tx_diff_render_markdown(d, tx_out_file, stdout);
        else
            tx_diff_render_text(d, tx_want_color(1), tx_out_file, stdout);
        if ((d->n_breaking && !allow_breaking) || (d->version.checked && !d->version.ok))
            code = EXIT_PROBLEMS;
        tx_arena_free(a);
    }
    if (fflush(stdout) != 0 && code == EXIT_CLEAN)
        code = cli_error("cannot write the output");
    tx_ctx_free(old_ctx);
    tx_ctx_free(new_ctx);
    return code;
}
