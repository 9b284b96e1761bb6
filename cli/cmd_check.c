/* `taxonc check`: load, resolve, lint and report. Only parses options; the
 * work is tx_load_file and tx_lint (via cli_load_and_lint), the output the
 * shared renderers. Exit: 0 clean, 1 problems (including error-severity
 * lint findings), 2 usage/I/O. */
#include "cli.h"
#include "lint_run.h"
#include <stdlib.h>
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
    const char *path = NULL;
    cli_format fmt = CLI_FMT_TEXT;
    bool color = true;
    size_t max_errors = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(usage_text, stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v)
                return cli_error("--format needs a value: text, json, sarif, github or junit");
            if (cli_format_parse(v, &fmt) < 0)
                return cli_error("unknown format '%s'; use text, json, sarif, github or junit",
                                 v);
        } else if (strcmp(a, "--max-errors") == 0 || strncmp(a, "--max-errors=", 13) == 0) {
            const char *v = a[12] == '=' ? a + 13 : (i + 1 < argc ? argv[++i] : NULL);
            char *end;
            if (!v)
                return cli_error("--max-errors needs a number");
            unsigned long long n = strtoull(v, &end, 10);
            if (*v < '0' || *v > '9' || *end || n == 0 || n > 1000000)
                return cli_error("--max-errors: expected a number from 1 to 1000000, got '%s'", v);
            max_errors = (size_t)n;
        } else if (strcmp(a, "--no-color") == 0) {
            color = false;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_error("check: unknown option '%s'; see 'taxonc check --help'", a);
        } else if (path) {
            return cli_error("check: one taxonomy at a time ('%s' and '%s')", path, a);
        } else {
            path = a;
        }
    }
    if (!path) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
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
