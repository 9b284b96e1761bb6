/* `taxonc check`: load, resolve, lint and report. Only parses options; the
 * work is tx_load_file and tx_lint (via cli_load_and_lint), the output the
 * shared renderers. Exit: 0 clean, 1 problems (including error-severity
 * lint findings), 2 usage/I/O. */
#include "cli.h"
#include "lint_run.h"
#include <string.h>

static const char usage_text[] =
    "usage: taxonc check [--format text|json|sarif|github|junit] [--max-errors N]\n"
    "                    [--no-color] TAXONOMY\n"
    "\n"
    "Loads TAXONOMY (a YAML file and everything it includes), resolves every\n"
    "type, property, group and event, runs the lint rules (see 'taxonc lint'),\n"
    "and reports all problems found with file:line:column, the source line and\n"
    "a caret. Lint findings of severity error fail the check.\n"
    "\n"
    "  --format text    diagnostics on stderr, a one-line summary on stdout (default)\n"
    "  --format json    {\"diagnostics\":[...],\"errors\":N,...} on stdout\n"
    "  --format sarif   SARIF 2.1.0 on stdout (GitHub code scanning)\n"
    "  --format github  GitHub Actions annotations on stdout\n"
    "  --format junit   JUnit XML on stdout\n"
    "  --max-errors N   keep at most N diagnostics (default 1000); the rest are counted\n"
    "  --no-color       no colour in text output (NO_COLOR is honoured too)\n"
    "\n"
    "Exit codes: 0 clean, 1 problems in the taxonomy, 2 usage or I/O error.\n"
    "Docs: docs/check.md (diagnostic codes), docs/format.md (the format).\n";

/* ", 3 warnings, 1 info" for the counts that are not zero */
static void print_counts(FILE *f, const tx_diags *d, bool with_errors)
{
    const char *sep = "";
    if (with_errors) {
        fprintf(f, "%zu error%s", d->n_error, d->n_error == 1 ? "" : "s");
        sep = ", ";
    }
    if (d->n_warning) {
        fprintf(f, "%s%zu warning%s", sep, d->n_warning, d->n_warning == 1 ? "" : "s");
        sep = ", ";
    }
    if (d->n_info)
        fprintf(f, "%s%zu info", sep, d->n_info);
}

int cmd_check(int argc, char **argv)
{
    int fmt = CLI_FMT_TEXT;
    bool color = true;
    size_t max_errors = 0;
    const cli_opt options[] = {
        CLI_OPT_CHOICE(0, "--format", &fmt, cli_formats,
                       "unknown format '%s'; use text, json, sarif, github or junit"),
        CLI_OPT_SIZE(0, "--max-errors", &max_errors, 1, 1000000),
        CLI_OPT_FALSE(0, "--no-color", &color),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "check", usage_text, options, argc, argv))
        return it.rc;
    const char *path = cli_one_taxonomy(&it, NULL, NULL);
    if (!path)
        return EXIT_USAGE;
    tx_ctx *ctx = tx_ctx_new();
    ctx->diags.limit = max_errors;
    const tx_taxonomy *t = cli_load_and_lint(ctx, path, NULL);
    const tx_diags *d = &ctx->diags;
    int code = EXIT_CLEAN;
    if (!t)
        code = cli_io_failed(d) ? EXIT_USAGE : EXIT_PROBLEMS;
    else if (d->n_error)
        code = EXIT_PROBLEMS;
    switch (fmt) {
    case CLI_FMT_TEXT: {
        tx_diags_sort(&ctx->diags);
        tx_render_opts ro = { .color = color && tx_want_color(2) };
        tx_render_text(&ctx->sources, d, &ro, tx_out_file, stderr);
        if (code == EXIT_CLEAN) {
            printf("%s: ok: taxonomy '%s'%s%s: %zu event%s, %zu propert%s, %zu group%s, "
                   "%zu type%s", path, t->name, t->version ? " " : "",
                   t->version ? t->version : "", t->n_events, t->n_events == 1 ? "" : "s",
                   t->n_props, t->n_props == 1 ? "y" : "ies", t->n_groups,
                   t->n_groups == 1 ? "" : "s", t->n_types, t->n_types == 1 ? "" : "s");
            if (t->n_funnels)       /* only when there are any: older lines as they were */
                printf(", %zu funnel%s", t->n_funnels, t->n_funnels == 1 ? "" : "s");
            if (d->n_warning || d->n_info) {
                fputs(" (", stdout);
                print_counts(stdout, d, false);
                fputc(')', stdout);
            }
            fputc('\n', stdout);
        } else {
            if (d->dropped)
                fprintf(stderr, "(%zu more not shown; see --max-errors)\n", d->dropped);
            fprintf(stderr, "%s: ", path);
            print_counts(stderr, d, true);
            fputc('\n', stderr);
        }
        break;
    }
    case CLI_FMT_JSON:
        tx_diags_sort(&ctx->diags);
        tx_render_json(&ctx->sources, d, tx_out_file, stdout);
        break;
    default:
        cli_render_check(ctx, fmt, stdout);
        break;
    }
    tx_ctx_free(ctx);
    return code;
}
