/* `taxonc check`: load, resolve and report. Only parses options; the work
 * is tx_load_file (via cli_load). Exit: 0 clean, 1 problems, 2 usage/I/O. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: taxonc check [--format text|json] [--max-errors N] TAXONOMY\n"
    "\n"
    "Loads TAXONOMY (a YAML file and everything it includes), resolves every\n"
    "type, property, group and event, and reports all problems found with\n"
    "file:line:column, the source line and a caret.\n"
    "\n"
    "  --format text   diagnostics on stderr, a one-line summary on stdout (default)\n"
    "  --format json   {\"diagnostics\":[...],\"errors\":N,...} on stdout\n"
    "  --max-errors N  keep at most N diagnostics (default 1000); the rest are counted\n"
    "\n"
    "Exit codes: 0 clean, 1 problems in the taxonomy, 2 usage or I/O error.\n"
    "Docs: docs/check.md (diagnostic codes), docs/format.md (the format).\n";

int cmd_check(int argc, char **argv)
{
    const char *path = NULL;
    bool json = false;
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
                return cli_error("--format needs a value (text or json)");
            if (strcmp(v, "json") == 0)
                json = true;
            else if (strcmp(v, "text") == 0)
                json = false;
            else
                return cli_error("unknown format '%s'; use text or json", v);
        } else if (strcmp(a, "--max-errors") == 0 || strncmp(a, "--max-errors=", 13) == 0) {
            const char *v = a[12] == '=' ? a + 13 : (i + 1 < argc ? argv[++i] : NULL);
            char *end;
            if (!v)
                return cli_error("--max-errors needs a number");
            unsigned long long n = strtoull(v, &end, 10);
            if (*v < '0' || *v > '9' || *end || n == 0 || n > 1000000)
                return cli_error("--max-errors: expected a number from 1 to 1000000, got '%s'", v);
            max_errors = (size_t)n;
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
    int code = EXIT_CLEAN;
    const tx_taxonomy *t = cli_load(ctx, path, json, &code);
    if (!json) {
        const tx_diags *d = &ctx->diags;
        if (t) {
            printf("%s: ok: taxonomy '%s'%s%s: %zu events, %zu properties, %zu groups, "
                   "%zu types\n", path, t->name, t->version ? " " : "",
                   t->version ? t->version : "", t->n_events, t->n_props, t->n_groups,
                   t->n_types);
        } else {
            if (d->dropped)
                fprintf(stderr, "(%zu more not shown; see --max-errors)\n", d->dropped);
            fprintf(stderr, "%s: %zu error%s\n", path, d->n_error, d->n_error == 1 ? "" : "s");
        }
    }
    tx_ctx_free(ctx);
    return code;
}
