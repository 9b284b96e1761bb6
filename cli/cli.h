/* The thin CLI: one function per subcommand, each only parses its options
 * and calls the library. Exit codes everywhere: 0 clean, 1 problems found
 * in the input (taxonomy, log, diff), 2 usage or I/O error. */
#ifndef TX_CLI_H
#define TX_CLI_H
#include <stdbool.h>
#include <stdint.h>
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

/* The one option parser (cli/opts.c), after git's parse-options: a
 * command lists its options as rows that name the variable each one sets
 * and how, and one call parses the whole command line:
 *
 *     bool color = true;
 *     size_t max_errors = 0;
 *     const cli_opt options[] = {
 *         CLI_OPT_FALSE(0, "--no-color", &color),
 *         CLI_OPT_SIZE(0, "--max-errors", &max_errors, 1, 1000000),
 *         CLI_OPT_END,
 *     };
 *     cli_opts it;
 *     if (!cli_parse(&it, "check", usage_text, options, argc, argv))
 *         return it.rc;
 *     ... it.args[0 .. it.n_args) are the operands ...
 *
 * The same syntax everywhere: `--opt=value` and `--opt value` for an
 * option that takes a value, `-o value` for a short one, `--` ends the
 * options (so a file named `-x` can be given), `-` alone is an operand
 * (stdin or stdout). -h and --help print the usage text on stdout. Options
 * are applied in the order given, and the first bad one stops the parse.
 * Every usage error is reported here, in one wording: a missing value, a
 * value given to a flag, a bad number, an unknown option (with the nearest
 * known one from tx_suggest, or "see 'taxonc CMD --help'"); a choice's own
 * message is in its row. The few options no kind fits are CLI_CALL rows. */
typedef enum cli_kind {
    CLI_TRUE,       /* a flag: bool var = true */
    CLI_FALSE,      /* a flag: bool var = false */
    CLI_SET,        /* a flag: int var = n */
    CLI_STRING,     /* a value, which may be empty: const char *var */
    CLI_PATH,       /* a value that must not be empty (a path, a folder, a name) */
    CLI_SIZE,       /* a number in [min, max]: size_t var, raised to n when below it */
    CLI_UINT,       /* a number in [min, max]: unsigned var */
    CLI_CHOICE,     /* one of choices' names: int var = its value; else the message bad */
    CLI_CALL,       /* fn(it, var) with a value, which may be empty */
    CLI_CALL_PATH,  /* fn(it, var) with a value that must not be empty */
    CLI_CALL_FLAG,  /* fn(it, var), no value */
} cli_kind;

/* A name and what it stands for; a list of them ends with { NULL }. */
typedef struct cli_choice {
    const char *name;
    int value;
} cli_choice;

/* The entry of name in choices, or NULL. */
const cli_choice *cli_choice_find(const cli_choice *choices, const char *name);
/* The name in choices nearest to word (tx_suggest), or NULL. */
const char *cli_choice_suggest(const cli_choice *choices, const char *word);

typedef struct cli_opts cli_opts;

/* A CLI_CALL row's function: the option is it->opt, its value it->value
 * (NULL for CLI_CALL_FLAG). Returns EXIT_CLEAN to go on, CLI_OPT_DONE to
 * stop the command with EXIT_CLEAN (it did its job, as --list-codes), or
 * the exit code to stop with (cli_error's EXIT_USAGE). */
typedef int (*cli_opt_fn)(cli_opts *it, void *var);
enum { CLI_OPT_DONE = -1 };

typedef struct cli_opt {
    char short_name;        /* 'o' for -o, or 0 */
    const char *name;       /* "--format"; NULL ends the table */
    cli_kind kind;
    void *var;              /* what the option sets, of the type its kind says */
    size_t min, max;        /* CLI_SIZE, CLI_UINT: the range */
    int n;                  /* CLI_SET: the value set; CLI_SIZE: the least value kept */
    const cli_choice *choices;  /* CLI_CHOICE: the names */
    const char *bad;        /* CLI_CHOICE: the error for another value ('%s': the value) */
    cli_opt_fn fn;          /* CLI_CALL*: what the option does */
} cli_opt;

/* The rows, one macro a kind (as git's OPT_BOOL, OPT_STRING...): s is the
 * short name or 0, l the long name, v the variable; each macro checks that
 * v points to the type its kind sets. */
#define CLI_VAR_(T, v) ((void *)(1 ? (v) : (T *)0))
#define CLI_ROW_(s, l, k, T, v) .short_name = (s), .name = (l), .kind = (k), .var = CLI_VAR_(T, v)
#define CLI_OPT_TRUE(s, l, v) { CLI_ROW_(s, l, CLI_TRUE, bool, v) }
#define CLI_OPT_FALSE(s, l, v) { CLI_ROW_(s, l, CLI_FALSE, bool, v) }
#define CLI_OPT_SET(s, l, v, k) { CLI_ROW_(s, l, CLI_SET, int, v), .n = (k) }
#define CLI_OPT_STRING(s, l, v) { CLI_ROW_(s, l, CLI_STRING, const char *, v) }
#define CLI_OPT_PATH(s, l, v) { CLI_ROW_(s, l, CLI_PATH, const char *, v) }
#define CLI_OPT_SIZE(s, l, v, lo, hi) \
    { CLI_ROW_(s, l, CLI_SIZE, size_t, v), .min = (lo), .max = (hi) }
/* any number; one below least is taken as least */
#define CLI_OPT_AT_LEAST(s, l, v, least) \
    { CLI_ROW_(s, l, CLI_SIZE, size_t, v), .max = SIZE_MAX, .n = (least) }
#define CLI_OPT_UINT(s, l, v, lo, hi) \
    { CLI_ROW_(s, l, CLI_UINT, unsigned, v), .min = (lo), .max = (hi) }
#define CLI_OPT_CHOICE(s, l, v, names, message) \
    { CLI_ROW_(s, l, CLI_CHOICE, int, v), .choices = (names), .bad = (message) }
#define CLI_OPT_CALL(s, l, v, f) { CLI_ROW_(s, l, CLI_CALL, void, v), .fn = (f) }
#define CLI_OPT_CALL_PATH(s, l, v, f) { CLI_ROW_(s, l, CLI_CALL_PATH, void, v), .fn = (f) }
#define CLI_OPT_CALL_FLAG(s, l, v, f) { CLI_ROW_(s, l, CLI_CALL_FLAG, void, v), .fn = (f) }
#define CLI_OPT_END { .name = NULL }

struct cli_opts {
    const char *cmd, *help;
    const cli_opt *table;
    int argc, i;
    char **argv;
    bool only_operands;     /* after `--` */
    const char *opt;        /* the option being applied, by its long name (for messages) */
    const char *value;      /* its value (NULL for a flag) */
    char **args;            /* the operands, in order (argv is reordered in place) */
    size_t n_args;
    int rc;                 /* when cli_parse returns false: the command's exit code */
};

/* Parses argv (argv[0] is the command name, help its usage text) by table
 * (NULL: no options but -h, --help and --), setting each row's variable as
 * its option comes. True when the command goes on with the operands in
 * it->args; false when help was printed, a usage error reported or a
 * CLI_CALL row stopped it: the command returns it->rc. */
bool cli_parse(cli_opts *it, const char *cmd, const char *help, const cli_opt *table, int argc,
               char **argv);
/* it->value as a number in [min, max]; on anything else reports
 * "option '--jobs' expects a non-negative number, got 'x'" (or the range)
 * and returns EXIT_USAGE. For CLI_CALL rows; the kinds use it too. */
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
/* A CLI_CALL row for the --format of the commands that write a
 * validator's report (validate, report merge): val_format_parse's names,
 * into the val_format var. */
int cli_opt_val_format(cli_opts *it, void *var);
/* Prints on stderr, without source lines, the diagnostics added to ctx
 * since it held `before` of them (what a command's own step reported). */
void cli_render_since(tx_ctx *ctx, size_t before);
/* A command's own step over a usable taxonomy (gen, status): its exit code. */
typedef int (*cli_step_fn)(tx_ctx *ctx, const tx_taxonomy *t, void *ud);
/* The frame of such a command: its one TAXONOMY operand (cli_one_taxonomy
 * with required and value), loaded in a context of its own as
 * cli_load_usable does, step run on it and the diagnostics step added
 * shown (cli_render_since). Returns step's exit code, or EXIT_USAGE or the
 * load's when step was not run. */
int cli_run_usable(const cli_opts *it, const char *required, const char *value, cli_step_fn step,
                   void *ud);
#endif
