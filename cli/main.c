/* taxonc entry point: a table of subcommands (after git.c). Everything real
 * happens in the library; this file only dispatches. */
#include "cli.h"
#include "../support/util.h"
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>

static const cli_command commands[] = {
#define CLI_ENTRY(name, summary) { #name, cmd_##name, summary },
    CLI_COMMANDS(CLI_ENTRY)
#undef CLI_ENTRY
};

int cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("taxonc: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

bool cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

/* A report that could not be written is not a result (after git's
 * run_builtin): a full disk or a closed pipe on stdout turns any exit code
 * into 2, so `taxonc lint --format json > /dev/full` never looks clean. */
static int finish_stdout(int code)
{
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int e = errno;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad)
        return code;
    fprintf(stderr, "taxonc: error: cannot write the output: %s\n", strerror(e ? e : EIO));
    return EXIT_USAGE;
}

static void usage(FILE *f)
{
    fputs("usage: taxonc COMMAND [OPTIONS] ...\n\n"
          "A compiler, linter, code generator and log validator for analytics\n"
          "event taxonomies (tracking plans) written in YAML.\n\ncommands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s  %s\n", commands[i].name, commands[i].summary);
    fputs("\n`taxonc COMMAND --help` describes a command. Exit codes: 0 clean,\n"
          "1 problems found, 2 usage or I/O error. Docs: docs/README.md\n", f);
}

int main(int argc, char **argv)
{
    /* A file size limit (ulimit -f) is an error to report like a full
     * disk (EFBIG from write), not a signal that kills us mid-write. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (cli_is_help(name) || strcmp(name, "help") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            char help[] = "--help";
            char *sub[] = { argv[2], help, NULL };
            for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                if (strcmp(commands[i].name, argv[2]) == 0)
                    return commands[i].fn(2, sub);
        }
        usage(stdout);
        return EXIT_CLEAN;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0 ||
        strcmp(name, "version") == 0) {
        printf("taxonc %s\n", TX_VERSION);
        return EXIT_CLEAN;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return finish_stdout(commands[i].fn(argc - 1, argv + 1));
    const char *names[sizeof commands / sizeof commands[0]];
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        names[i] = commands[i].name;
    const char *near = tx_suggest(name, strlen(name), names, sizeof names / sizeof names[0]);
    if (near)
        return cli_error("unknown command '%s'; did you mean '%s'?", name, near);
    return cli_error("unknown command '%s'; see 'taxonc --help'", name);
}
