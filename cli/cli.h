/* The thin CLI: one function per subcommand, each only parses its options
 * and calls the library. Exit codes everywhere: 0 clean, 1 problems found
 * in the input (taxonomy, log, diff), 2 usage or I/O error. */
#ifndef TX_CLI_H
#define TX_CLI_H
#include <stdbool.h>
#include <stdio.h>
#include "../compiler/load.h"
#include "../support/out.h"

#define TX_VERSION "0.1.0"

enum { EXIT_CLEAN = 0, EXIT_PROBLEMS = 1, EXIT_USAGE = 2 };

typedef int (*cli_cmd_fn)(int argc, char **argv);

typedef struct cli_command {
    const char *name;
    cli_cmd_fn fn;
    const char *summary;    /* one line for `taxonc --help` */
} cli_command;

/* One per file, cli/cmd_<name>.c. argv[0] is the command name. */
int cmd_check(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);

/* "taxonc: error: ..." on stderr; returns EXIT_USAGE for `return cli_usage_error(...)`. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when argv[i] is -h/--help. */
bool cli_is_help(const char *arg);

/* Outputs, through the one writer (support/out.h); "-" is stdout. Each
 * prints "taxonc: error: cannot write 'PATH': REASON" and returns -1 on a
 * failure, after which nothing of that output is kept. */
int cli_out_open(tx_out *o, const char *path);
int cli_out_commit(tx_out *o);
/* All of outs kept, or none (a zeroed tx_out is skipped). */
int cli_out_commit_set(tx_out *const *outs, size_t n);
/* data to path (stdout when path is NULL or "-"): EXIT_CLEAN or EXIT_USAGE. */
int cli_write_to(const char *path, const void *data, size_t len);

/* Loads a taxonomy and prints its diagnostics (text on stderr, or JSON on
 * stdout when json is set). Returns the model, or NULL when it has errors
 * (*exit_code is then 1) or cannot be read (2). */
const tx_taxonomy *cli_load(tx_ctx *ctx, const char *path, bool json, int *exit_code);
/* The same, for the commands that use a taxonomy (gen, export, validate,
 * status): it also runs the lint step and refuses (NULL, exit code 1) a
 * taxonomy with any error-severity finding, so every command rejects what
 * `taxonc check` rejects. Lint's warnings are not shown. */
const tx_taxonomy *cli_load_usable(tx_ctx *ctx, const char *path, int *exit_code);
#endif
