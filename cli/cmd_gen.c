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
static void print_fix(int argc, char **argv)
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

static int parse_langs(const char *v, bool want[CG_LANG_COUNT])
{
    for (int i = 0; i < CG_LANG_COUNT; i++)
        want[i] = false;
    const char *s = v;
    for (;;) {
        const char *comma = strchr(s, ',');
        size_t n = comma ? (size_t)(comma - s) : strlen(s);
        cg_lang l;
        if (cg_lang_parse(s, n, &l) != 0) {
            cli_error("unknown language '%.*s'; use c, swift or kotlin", (int)n, s);
            return -1;
        }
        want[l] = true;
        if (!comma)
            return 0;
        s = comma + 1;
    }
}

enum { O_LANG = 1, O_OUT, O_CHECK, O_SAMPLE, O_TYPE_NAME, O_PACKAGE, O_ACCESS };

static const cli_opt options[] = {
    { O_LANG, "--lang", 0, CLI_VALUE },
    { O_OUT, "--out", 0, CLI_NONEMPTY },
    { O_CHECK, "--check", 0, CLI_FLAG },
    { O_SAMPLE, "--sample", 0, CLI_FLAG },
    { O_TYPE_NAME, "--type-name", 0, CLI_NONEMPTY },
    { O_PACKAGE, "--package", 0, CLI_NONEMPTY },
    { O_ACCESS, "--access", 0, CLI_VALUE },
};

int cmd_gen(int argc, char **argv)
{
    const char *out = NULL;
    bool check = false, sample = false;
    cg_opts names = { NULL, NULL, false };
    const char *why = NULL;
    bool want[CG_LANG_COUNT] = { true, true, true };
    char *given[64];    /* the command line as typed, for print_fix */
    int n_given = argc <= 64 ? argc : 0;
    memcpy(given, argv, (size_t)n_given * sizeof *argv);
    cli_opts it = cli_opts_start("gen", usage_text, options, sizeof options / sizeof options[0],
                                 argc, argv);
    for (int id; (id = cli_opt_next(&it)) != CLI_OPT_END;) {
        switch (id) {
        case CLI_OPT_STOP:
            return it.rc;
        case O_LANG:
            if (parse_langs(it.value, want) != 0)
                return EXIT_USAGE;
            break;
        case O_OUT:
            if (tx_out_is_stdout_name(it.value))
                return cli_error("option '--out' needs a folder; '-' (stdout) cannot hold "
                                 "generated files");
            out = it.value;
            break;
        case O_CHECK:
            check = true;
            break;
        case O_SAMPLE:
            sample = true;
            break;
        case O_TYPE_NAME:
            names.type_name = it.value;
            if (cg_opts_check(&names, &why) != 0)
                return cli_error("invalid --type-name '%s': %s", it.value, why);
            break;
        case O_PACKAGE:
            names.package = it.value;
            if (cg_opts_check(&names, &why) != 0)
                return cli_error("invalid --package '%s': %s", it.value, why);
            break;
        case O_ACCESS:
            if (strcmp(it.value, "public") != 0 && strcmp(it.value, "internal") != 0)
                return cli_error("unknown --access '%s'; use public or internal", it.value);
            names.internal = strcmp(it.value, "internal") == 0;
            break;
        }
    }
    const char *path = cli_one_taxonomy(&it, "--out DIR", out);
    if (!path)
        return EXIT_USAGE;
    tx_ctx *ctx = tx_ctx_new();
    int code = EXIT_CLEAN;
    const tx_taxonomy *t = cli_load_usable(ctx, path, &code);
    if (!t) {
        tx_ctx_free(ctx);
        return code;
    }
    size_t before = ctx->diags.n;
    cg_files files = { 0 };
    cg_files_stream(&files, out, check);    /* straight to disk, never whole in memory */
    if (cg_generate_set_opts(t, want, sample, &names, &files, &ctx->diags) != 0)
        code = files.io_failed ? EXIT_USAGE : EXIT_PROBLEMS;
    if (code == EXIT_CLEAN) {
        if (check) {
            int n = cg_check_files(out, &files, print_stale, NULL, &ctx->diags);
            if (n < 0)
                code = EXIT_USAGE;
            else if (n > 0) {
                code = EXIT_PROBLEMS;
                print_fix(n_given, given);
            } else
                printf("%s: up to date (%zu files)\n", out, files.n);
        } else if (cg_write_files(out, &files, &ctx->diags) != 0) {
            code = EXIT_USAGE;
        }
    }
    cli_render_since(ctx, before);
    cg_files_free(&files);
    tx_ctx_free(ctx);
    return code;
}
