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

/* The --rule overrides given, in order (room for one an argument). */
typedef struct rules {
    tx_lint_override *items;
    size_t n;
} rules;

/* --rule ID=SEVERITY, parsed as it comes */
static int add_rule(cli_opts *it, void *var)
{
    rules *r = var;
    char err[256];
    if (tx_lint_parse_override(it->value, &r->items[r->n], err, sizeof err) < 0)
        return cli_error("%s", err);
    r->n++;
    return EXIT_CLEAN;
}

int cmd_lint(int argc, char **argv)
{
    int fmt = CLI_FMT_TEXT;
    bool color = true;
    size_t max_warnings = SIZE_MAX;
    rules ov = { calloc((size_t)argc + 1, sizeof *ov.items), 0 };
    int rc = EXIT_CLEAN;
    if (!ov.items)
        return cli_error("out of memory");
    const cli_opt options[] = {
        CLI_OPT_CHOICE(0, "--format", &fmt, cli_formats,
                       "unknown format '%s'; use text, json, sarif, github or junit"),
        CLI_OPT_CALL(0, "--rule", &ov, add_rule),
        CLI_OPT_SIZE(0, "--max-warnings", &max_warnings, 0, 100000000),
        CLI_OPT_FALSE(0, "--no-color", &color),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "lint", usage_text, options, argc, argv)) {
        rc = it.rc;
        goto done;
    }
    const char *path = cli_one_taxonomy(&it, NULL, NULL);
    if (!path) {
        rc = EXIT_USAGE;
        goto done;
    }
    tx_ctx *ctx = tx_ctx_new();
    tx_lint_opts lo = { .overrides = ov.items, .n_overrides = ov.n };
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
    free(ov.items);
    return rc;
}
