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

enum { O_OUT = 1, O_NAME, O_PLAN_VERSION };

static const cli_opt options[] = {
    { O_OUT, "--out", 'o', CLI_NONEMPTY },
    { O_NAME, "--name", 0, CLI_NONEMPTY },
    { O_PLAN_VERSION, "--plan-version", 0, CLI_NONEMPTY },
};

int cmd_import(int argc, char **argv)
{
    const char *out = NULL;
    tx_import_opts opts = { 0 };
    cli_opts it = cli_opts_start("import", usage_text, options,
                                 sizeof options / sizeof options[0], argc, argv);
    for (int id; (id = cli_opt_next(&it)) != CLI_OPT_END;) {
        switch (id) {
        case CLI_OPT_STOP:
            return it.rc;
        case O_OUT:
            out = it.value;
            break;
        case O_NAME:
            opts.name = it.value;
            break;
        case O_PLAN_VERSION:
            opts.version = it.value;
            break;
        }
    }
    if (it.n_args > 2)
        return cli_error("too many arguments; see 'taxonc import --help'");
    const char *kind = it.n_args > 0 ? it.args[0] : NULL;
    const char *file = it.n_args > 1 ? it.args[1] : NULL;
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
