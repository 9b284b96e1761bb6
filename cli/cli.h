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

/* The subcommands, once: X(name, one line for `taxonc --help`), in the
 * order --help lists them. Each is cmd_<name> in cli/cmd_<name>.c; argv[0]
 * is the command name. main.c builds its table from this list. */
#define CLI_COMMANDS(X)                                                                       \
    X(check, "load a taxonomy, resolve it and report problems")                               \
    X(lint, "apply naming and hygiene rules (text, json, sarif, github, junit)")              \
    X(rules, "list the lint rules")                                                           \
    X(explain, "print a lint rule's documentation")                                           \
    X(gen, "generate typed tracking code for C, Swift and Kotlin")                            \
    X(status, "report which events app source code implements")                              \
    X(validate, "validate captured event logs against a taxonomy")                            \
    X(serve, "a local collector: SDKs send events, tests read verdicts")                      \
    X(report, "merge the JSON reports of validated parts into the whole's")                   \
    X(diff, "classify the changes between two taxonomy versions")                             \
    X(export, "export as JSON Schema, Markdown, HTML or CSV")                                 \
    X(import, "import a tracking-plan spreadsheet (CSV)")                                     \
    X(completion, "print the completion script for bash, zsh or fish")

#define CLI_DECLARE(name, summary) int cmd_##name(int argc, char **argv);
CLI_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

/* The one option parser (cli/opts.c), after getopt_long. A command lists
 * its options in a table and loops:
 *
 *     cli_opts it = cli_opts_start("lint", usage_text, table, n, argc, argv);
 *     for (int id; (id = cli_opt_next(&it)) != CLI_OPT_END;)
 *         switch (id) { case CLI_OPT_STOP: return it.rc; case O_FORMAT: ... it.value ... }
 *     ... it.args[0 .. it.n_args) are the operands ...
 *
 * The same syntax everywhere: `--opt=value` and `--opt value` for an
 * option that takes a value, `-o value` for a short one, `--` ends the
 * options (so a file named `-x` can be given), `-` alone is an operand
 * (stdin or stdout). -h and --help print the usage text on stdout. Every
 * usage error is reported here, in one wording: a missing value, a value
 * given to a flag, an unknown option (with the nearest known one from
 * tx_suggest, or "see 'taxonc CMD --help'"). */
typedef enum cli_arg {
    CLI_FLAG,       /* no value: `--verbose=1` is an error */
    CLI_VALUE,      /* a value, which may be empty */
    CLI_NONEMPTY,   /* a value that must not be empty (a path, a folder) */
} cli_arg;

typedef struct cli_opt {
    int id;                 /* > 0, what cli_opt_next returns for it */
    const char *name;       /* "--format" */
    char short_name;        /* 'o' for -o, or 0 */
    cli_arg arg;
} cli_opt;

enum {
    CLI_OPT_END = 0,        /* no options left; the operands are in args */
    CLI_OPT_STOP = -1,      /* help was printed or a usage error reported: return rc */
};

typedef struct cli_opts {
    const char *cmd, *help;
    const cli_opt *table;
    size_t n;
    int argc, i;
    char **argv;
    bool only_operands;     /* after `--` */
    const char *opt;        /* the option just returned, by its long name (for messages) */
    const char *value;      /* its value (NULL for a flag) */
    char **args;            /* the operands, in order (argv is reordered in place) */
    size_t n_args;
    int rc;                 /* with CLI_OPT_STOP: EXIT_CLEAN after help, else EXIT_USAGE */
} cli_opts;

/* argv[0] is the command name; help is its usage text. */
cli_opts cli_opts_start(const char *cmd, const char *help, const cli_opt *table, size_t n,
                        int argc, char **argv);
/* The next option's id (it->opt, it->value set), CLI_OPT_END, or CLI_OPT_STOP. */
int cli_opt_next(cli_opts *it);
/* it->value as a number in [min, max]; on anything else reports
 * "option '--jobs' expects a non-negative number, got 'x'" (or the range)
 * and returns EXIT_USAGE. */
int cli_opt_number(const cli_opts *it, size_t min, size_t max, size_t *out);

/* "taxonc: error: ..." on stderr; returns EXIT_USAGE for `return cli_error(...)`. */
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
/* The same, compiled for the validator (validate, serve): NULL when the
 * taxonomy is refused (*exit_code as above) or cannot be compiled (said on
 * stderr, exit code 1). The schema is the caller's (val_schema_free). */
typedef struct val_schema val_schema;
val_schema *cli_load_schema(tx_ctx *ctx, const char *path, int *exit_code);
/* The one TAXONOMY operand of a command that takes one: NULL, after
 * reporting more than one, or after the usage text on stderr when there is
 * none or when the option the command requires (its name and value, e.g.
 * "--out DIR", out) is missing; the command then exits EXIT_USAGE. */
const char *cli_one_taxonomy(const cli_opts *it, const char *required, const char *value);
/* Prints on stderr, without source lines, the diagnostics added to ctx
 * since it held `before` of them (what a command's own step reported). */
void cli_render_since(tx_ctx *ctx, size_t before);
#endif
