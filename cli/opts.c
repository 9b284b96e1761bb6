/* The one option parser of every command (declared in cli.h). A command
 * gives a table of {id, long name, short name, takes a value}; the loop
 * hands back one option at a time with its value and collects the
 * operands, so the syntax and the usage errors are the same everywhere:
 *
 *   --opt=value, --opt value   an option that takes a value
 *   -o value                   its short name, when it has one
 *   --flag                     a flag; `--flag=x` is an error
 *   --                         the rest are operands, even `-x` or `--help`
 *   -                          an operand (stdin or stdout)
 *   -h, --help                 the command's usage text on stdout
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

cli_opts cli_opts_start(const char *cmd, const char *help, const cli_opt *table, size_t n,
                        int argc, char **argv)
{
    return (cli_opts){ .cmd = cmd, .help = help, .table = table, .n = n, .argc = argc,
                       .i = 1, .argv = argv, .args = argv + 1, .rc = EXIT_USAGE };
}

static int stop(cli_opts *it, int rc)
{
    it->rc = rc;
    return CLI_OPT_STOP;
}

/* "unknown option '--fromat'; did you mean '--format'?" Names are compared
 * without their dashes, so `-format` and `--fromat` both find `--format`. */
static int unknown(cli_opts *it, const char *arg, size_t len)
{
    const char *cands[64];
    size_t nc = 0;
    for (size_t k = 0; k < it->n && nc < 63; k++)
        if (it->table[k].name)
            cands[nc++] = it->table[k].name + 2;
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
    for (size_t k = 0; k < it->n; k++) {
        const cli_opt *o = &it->table[k];
        if (arg[1] == '-' ? o->name && strlen(o->name) == len && memcmp(o->name, arg, len) == 0
                          : len == 2 && o->short_name && o->short_name == arg[1])
            return o;
    }
    return NULL;
}

int cli_opt_next(cli_opts *it)
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
        const cli_opt *o = find(it, a, len);
        if (!o)
            return unknown(it, a, len);
        it->opt = o->name ? o->name : a;
        it->value = NULL;
        if (o->arg == CLI_FLAG) {
            if (eq) {
                cli_error("option '%s' takes no value", it->opt);
                return stop(it, EXIT_USAGE);
            }
            return o->id;
        }
        if (eq)
            it->value = eq + 1;
        else if (it->i < it->argc)
            it->value = it->argv[it->i++];
        if (!it->value || (o->arg == CLI_NONEMPTY && !*it->value)) {
            cli_error("option '%s' needs a value", it->opt);
            return stop(it, EXIT_USAGE);
        }
        return o->id;
    }
    it->args[it->n_args] = NULL;
    return CLI_OPT_END;
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
