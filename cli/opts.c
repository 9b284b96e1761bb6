/* The one option parser of every command (declared in cli.h), after git's
 * parse-options. A command gives a table of rows, each {short name, long
 * name, kind, the variable it sets}; cli_parse walks argv once, applies
 * each option to its variable as it comes and collects the operands, so
 * the syntax, the checks and the usage errors are the same everywhere:
 *
 *   --opt=value, --opt value   an option that takes a value
 *   -o value                   its short name, when it has one
 *   --flag                     a flag; `--flag=x` is an error
 *   --                         the rest are operands, even `-x` or `--help`
 *   -                          an operand (stdin or stdout)
 *   -h, --help                 the command's usage text on stdout
 *
 * The kind says what an option takes (nothing, a value, a value that must
 * not be empty) and what it does with it (set a bool or an int, keep the
 * string, read a number in a range, pick a name from a list); a CLI_CALL
 * row hands the value to its own function instead. Options are applied in
 * the order given and the first bad one stops the parse, so a command
 * line with two mistakes reports the first.
 *
 * Operands are moved to the front of argv (after the command name) as they
 * are met, in order, as GNU getopt permutes them; every slot written has
 * already been read, so nothing is lost. An unknown option gets the
 * nearest known long name from tx_suggest, the project's one near-name
 * function. */
#include "cli.h"
#include "../support/util.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What each kind takes after the option's name. */
enum { NO_VALUE, VALUE, NONEMPTY };
static const unsigned char takes[] = {
    [CLI_TRUE] = NO_VALUE, [CLI_FALSE] = NO_VALUE,  [CLI_SET] = NO_VALUE,
    [CLI_STRING] = VALUE,  [CLI_PATH] = NONEMPTY,   [CLI_SIZE] = VALUE,
    [CLI_UINT] = VALUE,    [CLI_CHOICE] = VALUE,    [CLI_CALL] = VALUE,
    [CLI_CALL_PATH] = NONEMPTY,                     [CLI_CALL_FLAG] = NO_VALUE,
};

/* next's answer after help or a usage error: -1, with the exit code */
static int stop(cli_opts *it, int rc)
{
    it->rc = rc;
    return -1;
}

/* "unknown option '--fromat'; did you mean '--format'?" Names are compared
 * without their dashes, so `-format` and `--fromat` both find `--format`. */
static int unknown(cli_opts *it, const char *arg, size_t len)
{
    const char *cands[64];
    size_t nc = 0;
    for (const cli_opt *o = it->table; o && o->name && nc < 63; o++)
        cands[nc++] = o->name + 2;
    cands[nc++] = "help";
    size_t dashes = arg[1] == '-' ? 2 : 1;
    const char *near = tx_suggest(arg + dashes, len - dashes, cands, nc);
    if (near)
        cli_error("unknown option '%.*s'; did you mean '--%s'?", (int)len, arg, near);
    else
        cli_error("unknown option '%.*s'; see 'taxonc %s --help'", (int)len, arg, it->cmd);
    return stop(it, EXIT_USAGE);
}

static const cli_opt *find(const cli_opts *it, const char *arg, size_t len)
{
    for (const cli_opt *o = it->table; o && o->name; o++)
        if (arg[1] == '-' ? strlen(o->name) == len && memcmp(o->name, arg, len) == 0
                          : len == 2 && o->short_name && o->short_name == arg[1])
            return o;
    return NULL;
}

const cli_choice *cli_choice_find(const cli_choice *choices, const char *name)
{
    for (const cli_choice *c = choices; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

const char *cli_choice_suggest(const cli_choice *choices, const char *word)
{
    const char *names[64];
    size_t n = 0;
    for (const cli_choice *c = choices; c->name && n < 64; c++)
        names[n++] = c->name;
    return tx_suggest(word, strlen(word), names, n);
}

/* The option o, its value in it->value, into its variable: EXIT_CLEAN,
 * CLI_OPT_DONE or the exit code to stop with. */
static int apply(cli_opts *it, const cli_opt *o)
{
    size_t n;
    const cli_choice *c;
    switch (o->kind) {
    case CLI_TRUE:
    case CLI_FALSE:
        *(bool *)o->var = o->kind == CLI_TRUE;
        break;
    case CLI_SET:
        *(int *)o->var = o->n;
        break;
    case CLI_STRING:
    case CLI_PATH:
        *(const char **)o->var = it->value;
        break;
    case CLI_SIZE:
    case CLI_UINT:
        if (cli_opt_number(it, o->min, o->max, &n) != EXIT_CLEAN)
            return EXIT_USAGE;
        if (o->kind == CLI_UINT)
            *(unsigned *)o->var = (unsigned)n;
        else
            *(size_t *)o->var = n < (size_t)o->n ? (size_t)o->n : n;
        break;
    case CLI_CHOICE:
        if (!(c = cli_choice_find(o->choices, it->value)))
            return cli_error(o->bad, it->value);
        *(int *)o->var = c->value;
        break;
    case CLI_CALL:
    case CLI_CALL_PATH:
    case CLI_CALL_FLAG:
        return o->fn(it, o->var);
    }
    return EXIT_CLEAN;
}

/* The next option of argv into *o (it->opt, it->value set): 1, 0 at the
 * end of argv (the operands then in it->args), or -1 after help or a
 * usage error (it->rc set). */
static int next(cli_opts *it, const cli_opt **o)
{
    while (it->i < it->argc) {
        char *a = it->argv[it->i++];
        if (it->only_operands || a[0] != '-' || a[1] == '\0') {
            it->args[it->n_args++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            it->only_operands = true;
            continue;
        }
        if (cli_is_help(a)) {
            fputs(it->help, stdout);
            return stop(it, EXIT_CLEAN);
        }
        /* --name=value: the name ends at '='; a short option is "-x" alone */
        const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        if (!(*o = find(it, a, len)))
            return unknown(it, a, len);
        int wants = takes[(*o)->kind];
        it->opt = (*o)->name;
        it->value = NULL;
        if (wants == NO_VALUE) {
            if (!eq)
                return 1;
            cli_error("option '%s' takes no value", it->opt);
            return stop(it, EXIT_USAGE);
        }
        if (eq)
            it->value = eq + 1;
        else if (it->i < it->argc)
            it->value = it->argv[it->i++];
        if (it->value && (*it->value || wants == VALUE))
            return 1;
        cli_error("option '%s' needs a value", it->opt);
        return stop(it, EXIT_USAGE);
    }
    it->args[it->n_args] = NULL;
    return 0;
}

bool cli_parse(cli_opts *it, const char *cmd, const char *help, const cli_opt *table, int argc,
               char **argv)
{
    *it = (cli_opts){ .cmd = cmd, .help = help, .table = table, .argc = argc, .i = 1,
                      .argv = argv, .args = argv + 1, .rc = EXIT_USAGE };
    const cli_opt *o;
    for (int got; (got = next(it, &o)) != 0;) {
        if (got < 0)
            return false;
        int rc = apply(it, o);
        if (rc != EXIT_CLEAN) {
            it->rc = rc == CLI_OPT_DONE ? EXIT_CLEAN : rc;
            return false;
        }
    }
    return true;
}

int cli_opt_number(const cli_opts *it, size_t min, size_t max, size_t *out)
{
    const char *s = it->value;
    char *end;
    errno = 0;
    unsigned long long v = *s >= '0' && *s <= '9' ? strtoull(s, &end, 10) : 0;
    if (*s < '0' || *s > '9' || *end || errno || (size_t)v != v)
        return cli_error("option '%s' expects a non-negative number, got '%s'", it->opt, s);
    if (v < min || v > max) {
        if (max == SIZE_MAX)
            return cli_error("option '%s' expects a number of at least %zu, got '%s'", it->opt,
                             min, s);
        return cli_error("option '%s' expects a number from %zu to %zu, got '%s'", it->opt,
                         min, max, s);
    }
    *out = (size_t)v;
    return EXIT_CLEAN;
}
