/* `taxonc import csv SHEET`: reads the sheet, calls the importer
 * (compiler/import_csv.c), checks that the YAML it made loads cleanly, and
 * writes it to stdout or, atomically, to --out. Nothing is written when a
 * row could not be understood (exit 1). */
#include "cli.h"
#include "../compiler/import_csv.h"
#include "../support/util.h"
#include "../support/out.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: taxonc import csv [OPTIONS] SHEET.csv\n"
    "\n"
    "Turns a tracking-plan sheet into taxonomy YAML. Columns are found by\n"
    "header name (Category, Event Name, 이벤트명, Property, Definition, Value,\n"
    "Format, Trigger time, Type, Allowed values, Required, ...); blank Category\n"
    "and Event cells continue the row above. `taxonc export csv` output is read\n"
    "back exactly. See docs/import.md for the columns and heuristics.\n"
    "\n"
    "options:\n"
    "  -o, --out FILE      write the YAML there (atomically) instead of stdout\n"
    "  --name NAME         the taxonomy identifier (default: from the file name)\n"
    "  --plan-version V    the taxonomy version (default 0.1.0)\n"
    "  -h, --help          this text\n"
    "\n"
    "exit: 0 imported, 1 rows that could not be understood, 2 usage or I/O error.\n";

int cmd_import(int argc, char **argv)
{
    const char *kind = NULL, *file = NULL, *out = NULL;
    tx_import_opts opts = { 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(usage_text, stdout);
            return EXIT_CLEAN;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--out") == 0 || strcmp(a, "--name") == 0 ||
                   strcmp(a, "--plan-version") == 0) {
            if (i + 1 >= argc || !*argv[i + 1])
                return cli_error("option '%s' needs a value", a);
            const char *v = argv[++i];
            if (a[2] == 'n')
                opts.name = v;
            else if (a[2] == 'p')
                opts.version = v;
            else
                out = v;
        } else if (strncmp(a, "--out=", 6) == 0) {
            out = a + 6;
        } else if (strncmp(a, "--name=", 7) == 0) {
            opts.name = a + 7;
        } else if (strncmp(a, "--plan-version=", 15) == 0) {
            opts.version = a + 15;
        } else if (a[0] == '-' && a[1]) {
            return cli_error("unknown option '%s'; see 'taxonc import --help'", a);
        } else if (!kind) {
            kind = a;
        } else if (!file) {
            file = a;
        } else {
            return cli_error("too many arguments; see 'taxonc import --help'");
        }
    }
    if (!kind)
        return cli_error("import needs a kind (csv); see 'taxonc import --help'");
    if (strcmp(kind, "csv") != 0)
        return cli_error("unknown import kind '%s'; expected csv", kind);
    if (!file)
        return cli_error("import csv needs a SHEET.csv; see 'taxonc import --help'");
    if (opts.name && !tx_is_identifier(opts.name))
        return cli_error("--name '%s' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)", opts.name);

    char *data;
    size_t len;
    if (tx_read_file(file, 64u << 20, &data, &len) != 0)
        return cli_error("cannot read '%s': %s", file,
                         errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
    tx_ctx *ctx = tx_ctx_new();
    size_t ylen = 0;
    const char *yaml = tx_import_csv(ctx, file, data, len, &opts, &ylen);
    free(data);
    tx_diags_sort(&ctx->diags);
    tx_render_opts ro = { .color = tx_want_color(2), .summary = ctx->diags.n > 0 };
    tx_render_text(&ctx->sources, &ctx->diags, &ro, tx_out_file, stderr);
    int code = yaml ? EXIT_CLEAN : EXIT_PROBLEMS;
    if (yaml) {
        /* never hand out YAML that does not load */
        tx_ctx *chk = tx_ctx_new();
        const char *label = out ? out : "<imported>";
        if (!tx_load_string(chk, label, yaml, ylen, NULL)) {
            tx_diags_sort(&chk->diags);
            tx_render_text(&chk->sources, &chk->diags, &ro, tx_out_file, stderr);
            cli_error("the imported taxonomy does not load; nothing written");
            code = EXIT_PROBLEMS;
        }
        tx_ctx_free(chk);
    }
    if (code == EXIT_CLEAN) {
        code = cli_write_to(out, yaml, ylen);
    }
    tx_ctx_free(ctx);
    return code;
}
