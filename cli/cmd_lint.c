/* `taxonc lint`: load a taxonomy, apply the lint rules, report in the
 * chosen format. Only parses options; the work is tx_load_file, tx_lint and
 * the renderers. Exit: 0 clean, 1 an error finding (or more warnings than
 * --max-warnings, or a taxonomy that does not load), 2 usage or I/O. */
#include "lint_run.h"
#include <stdint.h>
#include <stdlib.h>

static const char usage_text[] =
    "usage: taxonc lint [--format text|json|sarif|github|junit] [--rule ID=SEVERITY]...\n"
    "                   [--max-warnings N] [--no-color] TAXONOMY\n"
    "\n"
    "Loads TAXONOMY and applies the lint rules (naming conventions, collisions,\n"
    "consistency, destination limits, personal data). Findings are reported as\n"
    "file:line:col: severity: message [rule-id], the source line, a caret and the fix.\n"
    "\n"
    "  --format F          text (default), json, sarif (SARIF 2.1.0 for GitHub code\n"
    "                      scanning), github (workflow annotations), junit (JUnit XML)\n"
    "  --rule ID=SEVERITY  set a rule to error, warning, info or off; overrides\n"
    "                      conventions.rules; may be repeated\n"
    "  --max-warnings N    also fail (exit 1) when there are more than N warnings\n"
    "  --no-color          no colour in text output (NO_COLOR is honoured too)\n"
    "\n"
    "TAXONC_DOCS_URL, when set, is the base of each rule's helpUri in SARIF output.\n"
    "Exit codes: 0 clean, 1 error findings or too many warnings, 2 usage or I/O error.\n"
    "'taxonc rules' lists the rules, 'taxonc explain RULE' documents one; docs/lint.md.\n";

enum { O_FORMAT = 1, O_RULE, O_MAX_WARNINGS, O_NO_COLOR };

static const cli_opt options[] = {
    { O_FORMAT, "--format", 0, CLI_VALUE },
    { O_RULE, "--rule", 0, CLI_VALUE },
    { O_MAX_WARNINGS, "--max-warnings", 0, CLI_VALUE },
    { O_NO_COLOR, "--no-color", 0, CLI_FLAG },
};

int cmd_lint(int argc, char **argv)
{
    cli_format fmt = CLI_FMT_TEXT;
    bool color = true;
    size_t max_warnings = SIZE_MAX;
    tx_lint_override *ov = calloc((size_t)argc + 1, sizeof *ov);
    size_t n_ov = 0;
    int rc = EXIT_CLEAN;
    if (!ov)
        return cli_error("out of memory");
    cli_opts it = cli_opts_start("lint", usage_text, options, sizeof options / sizeof options[0],
                                 argc, argv);
    for (int id; rc == EXIT_CLEAN && (id = cli_opt_next(&it)) != CLI_OPT_END;) {
        char err[256];
        switch (id) {
        case CLI_OPT_STOP:
            rc = it.rc;
            goto done;
        case O_FORMAT:
            if (cli_format_parse(it.value, &fmt) < 0)
                rc = cli_error("unknown format '%s'; use text, json, sarif, github or junit",
                               it.value);
            break;
        case O_RULE:
            if (tx_lint_parse_override(it.value, &ov[n_ov], err, sizeof err) < 0)
                rc = cli_error("%s", err);
            else
                n_ov++;
            break;
        case O_MAX_WARNINGS:
            rc = cli_opt_number(&it, 0, 100000000, &max_warnings);
            break;
        case O_NO_COLOR:
            color = false;
            break;
        }
    }
    if (rc != EXIT_CLEAN)
        goto done;
    const char *path = cli_one_taxonomy(&it, NULL, NULL);
    if (!path) {
        rc = EXIT_USAGE;
        goto done;
    }
    tx_ctx *ctx = tx_ctx_new();
    tx_lint_opts lo = { .overrides = ov, .n_overrides = n_ov };
    const tx_taxonomy *t = cli_load_and_lint(ctx, path, &lo);
    cli_render(ctx, fmt, color && tx_want_color(1), max_warnings, stdout);
    const tx_diags *d = &ctx->diags;
    if (!t)
        rc = cli_io_failed(d) ? EXIT_USAGE : EXIT_PROBLEMS;
    else if (d->n_error)
        rc = EXIT_PROBLEMS;
    else if (max_warnings != SIZE_MAX && d->n_warning > max_warnings) {
        fprintf(stderr, "taxonc: %zu warning%s, more than --max-warnings %zu\n", d->n_warning,
                d->n_warning == 1 ? "" : "s", max_warnings);
        rc = EXIT_PROBLEMS;
    }
    tx_ctx_free(ctx);
done:
    free(ov);
    return rc;
}
