/* `taxonc report merge A.json B.json ...`: reads `validate --format json`
 * reports of parts (validators/report_merge.c), merges them in the order
 * given and renders the report of the whole, as `taxonc validate` over all
 * the parts' files in that order would have written it. Exit 0 when the
 * merged result has no failing violations, 1 when it has, 2 for usage or
 * I/O errors and reports that do not fit together. */
#include "cli.h"
#include "../validators/merge.h"
#include "../support/util.h"
#include "../support/out.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: taxonc report merge [OPTIONS] REPORT.json...\n"
    "\n"
    "Merges the JSON reports of 'taxonc validate --format json' run over parts\n"
    "of an input (one or more files each) into the report of the whole: the\n"
    "same bytes 'taxonc validate' writes when given all the parts' files in\n"
    "the order of the reports. The parts must use the same taxonomy, profile,\n"
    "--fail-on, --max-errors and --examples.\n"
    "\n"
    "  --format FMT         text (default), json, junit or html\n"
    "  -o, --output FILE    write the report to FILE (atomically) instead of stdout\n"
    "  -v, --verbose        text: list every kept violation\n"
    "\n"
    "exit status: 0 no failing violations, 1 failing violations, 2 usage or I/O error\n";

/* The report at path merged into *all (the first one becomes *all). */
static int merge_one(const char *path, val_result *all, bool fail[VAL_N_CODES], bool first)
{
    char *text = NULL, err[512];
    size_t len = 0;
    if (tx_read_file(path, (size_t)256 << 20, &text, &len) != 0)
        return cli_error("cannot read '%s': %s", path, strerror(errno));
    val_result part;
    bool part_fail[VAL_N_CODES];
    int rc = val_result_from_json(path, text, len, first ? all : &part,
                                  first ? fail : part_fail, err, sizeof err);
    free(text);
    if (rc != 0)
        return cli_error("%s", err);
    if (first)
        return EXIT_CLEAN;
    rc = val_result_merge(all, &part, err, sizeof err);
    for (int c = 0; rc == 0 && c < VAL_N_CODES; c++)
        if ((all->code_count[c] || part.code_count[c]) && part_fail[c] != fail[c] &&
            part.code_count[c])
            rc = -1, snprintf(err, sizeof err, "reports of different --fail-on (code '%s')",
                              val_code_name((val_code)c));
    val_result_free(&part);
    return rc != 0 ? cli_error("cannot merge '%s': %s", path, err) : EXIT_CLEAN;
}

static int merge(int argc, char **argv)
{
    val_format fmt = VAL_FMT_TEXT;
    const char *output = NULL;
    bool verbose = false;
    const cli_opt options[] = {
        CLI_OPT_CALL(0, "--format", &fmt, cli_opt_val_format),
        CLI_OPT_PATH('o', "--output", &output),
        CLI_OPT_TRUE('v', "--verbose", &verbose),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "report merge", help, options, argc, argv))
        return it.rc;
    if (it.n_args < 1)
        return cli_error("missing REPORT; usage: taxonc report merge [OPTIONS] REPORT.json...");
    val_result all;
    bool fail[VAL_N_CODES];
    for (size_t i = 0; i < it.n_args; i++)
        if (merge_one(it.args[i], &all, fail, i == 0) != EXIT_CLEAN) {
            if (i)
                val_result_free(&all);
            return EXIT_USAGE;
        }
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        val_result_free(&all);
        return cli_error("out of memory");
    }
    val_report_opts ro = { .verbose = verbose, .fail = fail };
    val_report(&all, fmt, &ro, mem);
    int rc = fclose(mem) != 0 ? cli_error("out of memory") : cli_write_to(output, buf, len);
    free(buf);
    if (rc == EXIT_CLEAN)
        rc = all.io_error ? EXIT_USAGE : all.failing ? EXIT_PROBLEMS : EXIT_CLEAN;
    val_result_free(&all);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "merge") == 0)
        return merge(argc - 1, argv + 1);
    if (argc >= 2 && cli_is_help(argv[1])) {
        fputs(help, stdout);
        return EXIT_CLEAN;
    }
    return cli_error("unknown report action '%s'; expected 'merge'", argc >= 2 ? argv[1] : "");
}
