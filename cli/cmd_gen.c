/* `taxonc gen`: typed tracking code for C, Swift and Kotlin. Only parses
 * options; the work is cg_generate_set (streaming the files to DIR),
 * cg_write_files and cg_check_files.
 * Exit: 0 written (or up to date with --check), 1 problems in the taxonomy
 * or stale files with --check, 2 usage or I/O error. */
#include "cli.h"
#include "../codegen/gen.h"
#include <string.h>

static const char usage_text[] =
    "usage: taxonc gen [--lang c,swift,kotlin] --out DIR [--check] [--type-name NAME]\n"
    "                  [--package NAME] [--access public|internal] TAXONOMY\n"
    "\n"
    "Generates typed tracking code: one function per event, required properties\n"
    "as parameters, enums as language enums, a strict mode that checks values\n"
    "through a handler the app chooses, and a transport the app supplies.\n"
    "\n"
    "  --lang LIST   comma-separated targets: c, swift, kotlin (default: all)\n"
    "                c: <taxonomy>.h and <taxonomy>.c (C99, also valid C++)\n"
    "                swift: <Taxonomy>.swift (Swift 6, Foundation)\n"
    "                kotlin: <Taxonomy>.kt (Kotlin/JVM, no dependencies)\n"
    "  --out DIR     output folder, created when missing; files are written\n"
    "                all-or-nothing and unchanged files are not touched\n"
    "  --check       write nothing; list files in DIR that are missing or differ\n"
    "                from what would be generated, and exit 1 if there are any\n"
    "  --sample      also write a sample program per language that calls every\n"
    "                event with valid values through a transport printing NDJSON\n"
    "  --type-name NAME  the Swift/Kotlin tracker type (and file) name\n"
    "                (default: the taxonomy's name in PascalCase)\n"
    "  --package NAME    the Kotlin package, e.g. com.example.analytics\n"
    "                (default: the taxonomy's name in snake_case)\n"
    "  --access public|internal  the Swift/Kotlin tracker's access level\n"
    "                (default public; internal keeps it inside the app module)\n"
    "\n"
    "Exit codes: 0 done (or up to date), 1 problems in the taxonomy or stale\n"
    "files, 2 usage or I/O error. Docs: docs/codegen.md.\n";

static void print_stale(void *ud, const char *path, const char *why)
{
    (void)ud;
    printf("stale: %s (%s)\n", path, why);
}

/* What --check tells a stale tree: the command that brings it up to date,
 * this very command line without --check, each argument shell-quoted.
 * argv is the copy taken before the option parser reordered it; with more
 * arguments than the copy holds (argc 0), the advice is in words. */
static void print_fix(int argc, char *const *argv)
{
    if (argc == 0) {
        fputs("to update them, run this command again without --check\n", stderr);
        return;
    }
    fputs("to update them, run: taxonc gen", stderr);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--check") == 0)
            continue;
        bool plain = *a != '\0';
        for (const char *p = a; *p && plain; p++)
            plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                           "-_./,=:@+%", *p) != NULL;
        if (plain) {
            fprintf(stderr, " %s", a);
            continue;
        }
        fputs(" '", stderr);
        for (const char *p = a; *p; p++)
            fputs(*p == '\'' ? "'\\''" : (char[]){ *p, '\0' }, stderr);
        fputc('\'', stderr);
    }
    fputc('\n', stderr);
}

/* What the command line asks for. */
typedef struct gen_args {
    const char *out;
    bool check, sample;
    bool want[CG_LANG_COUNT];
    cg_opts names;
    int n_given;
    char *given[64];    /* the command line as typed, for print_fix */
} gen_args;

/* --lang c,swift,kotlin: the targets wanted, in want */
static int parse_langs(cli_opts *it, void *var)
{
    bool *want = var;
    for (int i = 0; i < CG_LANG_COUNT; i++)
        want[i] = false;
    const char *s = it->value;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        cg_lang l;
        if (cg_lang_parse(s, n, &l) != 0)
            return cli_error("unknown language '%.*s'; use c, swift or kotlin", (int)n, s);
        want[l] = true;
        if (!comma)
            return EXIT_CLEAN;
        s = comma + 1;
    }
}

/* --out DIR: a folder, never stdout */
static int set_out(cli_opts *it, void *var)
{
    if (tx_out_is_stdout_name(it->value))
        return cli_error("option '--out' needs a folder; '-' (stdout) cannot hold "
                         "generated files");
    *(const char **)var = it->value;
    return EXIT_CLEAN;
}

/* --type-name and --package into the cg_opts var, checked as they come */
static int set_name(cli_opts *it, void *var)
{
    cg_opts *names = var;
    const char *why = NULL;
    *(strcmp(it->opt, "--package") == 0 ? &names->package : &names->type_name) = it->value;
    if (cg_opts_check(names, &why) != 0)
        return cli_error("invalid %s '%s': %s", it->opt, it->value, why);
    return EXIT_CLEAN;
}

static const cli_choice access_levels[] = { { "public", 0 }, { "internal", 1 }, { NULL, 0 } };

/* The taxonomy's files written to --out, or compared with it (--check). */
static int generate(tx_ctx *ctx, const tx_taxonomy *t, void *ud)
{
    const gen_args *g = ud;
    int code = EXIT_CLEAN;
    cg_files files = { 0 };
    cg_files_stream(&files, g->out, g->check);  /* straight to disk, never whole in memory */
    if (cg_generate_set_opts(t, g->want, g->sample, &g->names, &files, &ctx->diags) != 0)
        code = files.io_failed ? EXIT_USAGE : EXIT_PROBLEMS;
    if (code == EXIT_CLEAN) {
        if (g->check) {
            int n = cg_check_files(g->out, &files, print_stale, NULL, &ctx->diags);
            if (n < 0)
                code = EXIT_USAGE;
            else if (n > 0) {
                code = EXIT_PROBLEMS;
                print_fix(g->n_given, g->given);
            } else
                printf("%s: up to date (%zu files)\n", g->out, files.n);
        } else if (cg_write_files(g->out, &files, &ctx->diags) != 0) {
            code = EXIT_USAGE;
        }
    }
    cg_files_free(&files);
    return code;
}

int cmd_gen(int argc, char **argv)
{
    gen_args g = { .want = { true, true, true }, .n_given = argc <= 64 ? argc : 0 };
    memcpy(g.given, argv, (size_t)g.n_given * sizeof *argv);
    int access = 0;
    const cli_opt options[] = {
        CLI_OPT_CALL(0, "--lang", g.want, parse_langs),
        CLI_OPT_CALL_PATH(0, "--out", &g.out, set_out),
        CLI_OPT_TRUE(0, "--check", &g.check),
        CLI_OPT_TRUE(0, "--sample", &g.sample),
        CLI_OPT_CALL_PATH(0, "--type-name", &g.names, set_name),
        CLI_OPT_CALL_PATH(0, "--package", &g.names, set_name),
        CLI_OPT_CHOICE(0, "--access", &access, access_levels,
                       "unknown --access '%s'; use public or internal"),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "gen", usage_text, options, argc, argv))
        return it.rc;
    g.names.internal = access == 1;
    return cli_run_usable(&it, "--out DIR", g.out, generate, &g);
}
