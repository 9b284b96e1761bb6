/* `taxonc lint`: load a taxonomy, apply the lint rules, report in the
 * chosen format. Only parses options; the work is tx_load_file, tx_lint and
 * the renderers. Exit: 0 clean, 1 an error finding (or more warnings than
 * --max-warnings, or a taxonomy that does not load), 2 usage or I/O. */
#include "lint_run.h"
#include <stdlib.h>
#include <string.h>

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

/* The value of --opt VALUE or --opt=VALUE; NULL when missing. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt)
{
    size_t n = strlen(opt);
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_opt(const char *a, const char *opt)
{
    size_t n = strlen(opt);
    return strncmp(a, opt, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

int cmd_lint(int argc, char **argv)
{
    const char *path = NULL;
    cli_format fmt = CLI_FMT_TEXT;
    bool color = true;
    long max_warnings = -1;
    tx_lint_override *ov = calloc((size_t)argc + 1, sizeof *ov);
    size_t n_ov = 0;
    int rc = EXIT_CLEAN;
    if (!ov)
        return cli_error("out of memory");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(usage_text, stdout);
            goto done;
        }
        if (is_opt(a, "--format")) {
            const char *v = opt_value(argc, argv, &i, "--format");
            if (!v) {
                rc = cli_error("--format needs a value: text, json, sarif, github or junit");
                goto done;
            }
            if (cli_format_parse(v, &fmt) < 0) {
                rc = cli_error("unknown format '%s'; use text, json, sarif, github or junit", v);
                goto done;
            }
        } else if (is_opt(a, "--rule")) {
            const char *v = opt_value(argc, argv, &i, "--rule");
            char err[256];
            if (!v) {
                rc = cli_error("--rule needs ID=SEVERITY");
                goto done;
            }
            if (tx_lint_parse_override(v, &ov[n_ov], err, sizeof err) < 0) {
                rc = cli_error("%s", err);
                goto done;
            }
            n_ov++;
        } else if (is_opt(a, "--max-warnings")) {
            const char *v = opt_value(argc, argv, &i, "--max-warnings");
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : -1;
            if (!v) {
                rc = cli_error("--max-warnings needs a number");
                goto done;
            }
            if (*v < '0' || *v > '9' || *end || n < 0 || n > 100000000) {
                rc = cli_error("--max-warnings: expected a number of 0 or more, got '%s'", v);
                goto done;
            }
            max_warnings = n;
        } else if (strcmp(a, "--no-color") == 0) {
            color = false;
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = cli_error("lint: unknown option '%s'; see 'taxonc lint --help'", a);
            goto done;
        } else if (path) {
            rc = cli_error("lint: one taxonomy at a time ('%s' and '%s')", path, a);
            goto done;
        } else {
            path = a;
        }
    }
    if (!path) {
        fputs(usage_text, stderr);
        rc = EXIT_USAGE;
        goto done;
    }
    tx_ctx *ctx = tx_ctx_new();
    tx_lint_opts lo = { .overrides = ov, .n_overrides = n_ov };
    const tx_taxonomy *t = cli_load_and_lint(ctx, path, &lo);
    cli_render(ctx, fmt, color && tx_want_color(1), "taxonc lint", stdout);
    const tx_diags *d = &ctx->diags;
    if (!t)
        rc = cli_io_failed(d) ? EXIT_USAGE : EXIT_PROBLEMS;
    else if (d->n_error)
        rc = EXIT_PROBLEMS;
    else if (max_warnings >= 0 && d->n_warning > (size_t)max_warnings) {
        fprintf(stderr, "taxonc: %zu warning%s, more than --max-warnings %ld\n", d->n_warning,
                d->n_warning == 1 ? "" : "s", max_warnings);
        rc = EXIT_PROBLEMS;
    }
    tx_ctx_free(ctx);
done:
    free(ov);
    return rc;
}
