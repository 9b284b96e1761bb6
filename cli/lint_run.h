/* CLI glue shared by `lint` and `check`: output formats, running the lint
 * step after a load, and the exit code. Library work stays in
 * compiler/lint and support/report; this only wires options to it. */
#ifndef TX_CLI_LINT_RUN_H
#define TX_CLI_LINT_RUN_H
#include "cli.h"
#include "../compiler/lint/lint.h"

typedef enum cli_format {
    CLI_FMT_TEXT,
    CLI_FMT_JSON,
    CLI_FMT_SARIF,
    CLI_FMT_GITHUB,
    CLI_FMT_JUNIT,
} cli_format;

/* "text", "json", "sarif", "github", "junit": the names of the formats,
 * for a CLI_OPT_CHOICE row. */
extern const cli_choice cli_formats[];

/* Renders lint's diagnostics in ctx (sorted) to `to` in format f. Text gets
 * the source line, caret, fix and a summary line; colour when color. JUnit
 * (suite "taxonc lint") reports warnings as failures when there are more
 * than max_warnings (SIZE_MAX: never), as the exit code does. */
void cli_render(tx_ctx *ctx, cli_format f, bool color, size_t max_warnings, FILE *to);

/* The same for `check`'s sarif, github and junit output: the rule
 * metadata (SARIF rules, JUnit test cases) also lists the loader's
 * diagnostic codes, and the JUnit suite is "taxonc check". (Either way,
 * when the taxonomy did not load only the loader's codes are listed: lint
 * did not run.) */
void cli_render_check(tx_ctx *ctx, cli_format f, FILE *to);

/* True when the diagnostics say a file could not be read (exit 2). */
bool cli_io_failed(const tx_diags *d);

/* Loads path and, when it loads, lints it with o (NULL: defaults); all
 * findings end up in ctx->diags, unsorted. Returns the model or NULL. */
const tx_taxonomy *cli_load_and_lint(tx_ctx *ctx, const char *path, const tx_lint_opts *o);
#endif
