/* `taxonc validate TAXONOMY [LOG...]`: parses options (one table, the
 * shared parser in opts.c), loads the taxonomy, compiles the validator and
 * runs it (validators/), then commits the filter outputs and writes the
 * report. Exit 0 clean, 1 when failing violations were found, 2 for usage
 * or I/O errors. */
#include "cli.h"
#include "../validators/validate.h"
#include "../support/util.h"
#include "../support/out.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "usage: taxonc validate [OPTIONS] TAXONOMY [LOG...]\n"
    "\n"
    "Checks captured events against a taxonomy. LOG is NDJSON (one event per\n"
    "line), a JSON array of events or JSON documents; '-' or no LOG reads\n"
    "stdin; gzip input is recognised by its magic bytes, and so are zip and\n"
    "tar (.tar.gz too) archives, whose members are read as logs named\n"
    "ARCHIVE!MEMBER (e.g. the zip of .json.gz files of Amplitude's Export API).\n"
    "\n"
    "input:\n"
    "  --profile NAME       amplitude, segment, mixpanel, braze, snowplow or custom\n"
    "                       (default: detected from the first record)\n"
    "  --event-path PTR     custom: JSON Pointer to the event name, e.g. /name\n"
    "  --props-path PTR     custom: JSON Pointer to the properties object\n"
    "  --user-path PTR      custom: JSON Pointer to the user properties object\n"
    "  --max-record BYTES   longest record accepted (default 4194304)\n"
    "  --max-depth N        deepest nesting accepted (default 512)\n"
    "\n"
    "report:\n"
    "  --format FMT         text (default), json, junit or html\n"
    "  -o, --output FILE    write the report to FILE (atomically) instead of stdout\n"
    "  -v, --verbose        text: list every kept violation\n"
    "  --max-errors N       violations kept for the report (default 1000);\n"
    "                       all are counted whatever N is\n"
    "  --examples N         examples kept per code (default 5)\n"
    "  --fail-on CODES      comma-separated codes that make a record invalid and\n"
    "                       the exit code 1, or 'all' (default: all but\n"
    "                       deprecated-event and deprecated-property)\n"
    "  --list-codes         print the verdict codes and exit\n"
    "\n"
    "funnels (the taxonomy's `funnels:`):\n"
    "  --funnel-journeys N  open journeys kept at most (default 1000000); when\n"
    "                       full the least recently active one is judged as it\n"
    "                       stands and counted as evicted\n"
    "\n"
    "filter mode (dead-letter splitting):\n"
    "  --valid-out FILE     write valid records to FILE, one per line ('-': stdout,\n"
    "                       and the report goes to stderr unless -o names a file)\n"
    "  --invalid-out FILE   write invalid records to FILE as JSON lines with their\n"
    "                       violations: {\"file\",\"line\",\"index\",\"violations\",\"record\"}\n"
    "\n"
    "speed:\n"
    "  -j, --jobs N         validate with N threads (default 1; 0 = one per core);\n"
    "                       output is identical for every N\n"
    "  --chunk-size BYTES   input handed to a worker at a time (default 1048576)\n"
    "  --progress, --no-progress   progress line on stderr (default: when a tty)\n"
    "  --full-walk                 check every record with the full walk (no fast\n"
    "                              path; same report, slower: for cross-checking)\n"
    "\n"
    "exit status: 0 no failing violations, 1 failing violations, 2 usage or I/O error\n";

/* --fail-on CODES: the codes that fail a record, into the bool[VAL_N_CODES] var */
static int parse_codes(cli_opts *it, void *var)
{
    const char *s = it->value;
    bool *fail = var;
    if (strcmp(s, "all") == 0) {
        for (int i = 0; i < VAL_N_CODES; i++)
            fail[i] = true;
        return EXIT_CLEAN;
    }
    if (strcmp(s, "none") == 0) {
        for (int i = 0; i < VAL_N_CODES; i++)
            fail[i] = false;
        return EXIT_CLEAN;
    }
    bool set[VAL_N_CODES] = { false };
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        int c = val_code_parse(p, n);
        if (c < 0) {
            const char *names[VAL_N_CODES];
            for (int i = 0; i < VAL_N_CODES; i++)
                names[i] = val_code_name((val_code)i);
            const char *near = tx_suggest(p, n, names, VAL_N_CODES);
            if (near)
                return cli_error("unknown verdict code '%.*s'; did you mean '%s'?", (int)n, p,
                                 near);
            return cli_error("unknown verdict code '%.*s'; see 'taxonc validate --list-codes'",
                             (int)n, p);
        }
        set[c] = true;
        p = e ? e + 1 : p + n;
    }
    memcpy(fail, set, sizeof set);
    return EXIT_CLEAN;
}

/* What the command line asks for, beyond the validator's own options. */
typedef struct vargs {
    val_opts o;
    val_format fmt;
    const char *output, *valid_out, *invalid_out;
    bool verbose;
    int progress;   /* -1: when stderr is a terminal */
} vargs;

/* --list-codes: the codes printed, and the command is done */
static int list_codes(cli_opts *it, void *var)
{
    (void)it, (void)var;
    for (int c = 0; c < VAL_N_CODES; c++)
        printf("%-20s %s%s\n", val_code_name((val_code)c), val_code_doc((val_code)c),
               val_code_fails_by_default((val_code)c) ? "" : " (not failing by default)");
    return CLI_OPT_DONE;
}

/* --profile NAME */
static int set_profile(cli_opts *it, void *var)
{
    if (val_profile_parse(it->value, var) != 0)
        return cli_error("unknown profile '%s'; expected amplitude, segment, mixpanel, braze, "
                         "snowplow, custom or auto", it->value);
    return EXIT_CLEAN;
}

/* --jobs N: 0 is one per core, up to the 64 a number may ask for */
static int set_jobs(cli_opts *it, void *var)
{
    size_t n = 0;
    if (cli_opt_number(it, 0, 64, &n) != EXIT_CLEAN)
        return EXIT_USAGE;
    if (n == 0) {
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        n = nc <= 0 ? 1 : nc > 64 ? 64 : (size_t)nc;
    }
    *(unsigned *)var = (unsigned)n;
    return EXIT_CLEAN;
}

/* The options that only make sense together: EXIT_CLEAN or EXIT_USAGE. */
static int check_args(const vargs *v, size_t n_args)
{
    if (n_args < 1)
        return cli_error("missing TAXONOMY; usage: taxonc validate [OPTIONS] TAXONOMY [LOG...]");
    if (v->o.profile == VAL_PROF_CUSTOM && !v->o.event_ptr)
        return cli_error("the custom profile needs --event-path");
    if (v->o.profile != VAL_PROF_CUSTOM && (v->o.event_ptr || v->o.props_ptr || v->o.user_ptr))
        return cli_error("--event-path, --props-path and --user-path need --profile custom");
    /* '-' is stdout for every output; only one can have it */
    int n_stdout = (v->output && tx_out_is_stdout_name(v->output)) +
                   (v->valid_out && tx_out_is_stdout_name(v->valid_out)) +
                   (v->invalid_out && tx_out_is_stdout_name(v->invalid_out));
    if (n_stdout > 1)
        return cli_error("only one of -o, --valid-out and --invalid-out can be '-' (stdout)");
    return EXIT_CLEAN;
}

/* The report to -o (atomically) or to stdout; to stderr when records took
 * stdout and -o names no file. EXIT_CLEAN or EXIT_USAGE. */
static int report(const vargs *v, const val_result *res)
{
    val_report_opts ro = { .verbose = v->verbose, .color = false, .fail = v->o.fail };
    if (!v->output) {
        bool records_on_stdout = (v->valid_out && tx_out_is_stdout_name(v->valid_out)) ||
                                 (v->invalid_out && tx_out_is_stdout_name(v->invalid_out));
        val_report(res, v->fmt, &ro, records_on_stdout ? stderr : stdout);
        return EXIT_CLEAN;
    }
    tx_out rep;
    if (cli_out_open(&rep, v->output) != 0)
        return EXIT_USAGE;
    FILE *rf = tx_out_stream(&rep);
    if (rf)
        val_report(res, v->fmt, &ro, rf);
    return cli_out_commit(&rep) != 0 ? EXIT_USAGE : EXIT_CLEAN;
}

/* Validates the logs (stdin when none) against the compiled taxonomy. Each
 * output is opened before the run so a bad path fails early; a failed run
 * or output gives up all of them (the old files stay). */
static int run(vargs *v, const val_schema *vs, const char *const *logs, size_t n_logs)
{
    tx_out vo = { .fd = -1 }, io = { .fd = -1 };
    if ((v->valid_out && cli_out_open(&vo, v->valid_out) != 0) ||
        (v->invalid_out && cli_out_open(&io, v->invalid_out) != 0) ||
        (v->valid_out && !(v->o.valid_out = tx_out_stream(&vo))) ||
        (v->invalid_out && !(v->o.invalid_out = tx_out_stream(&io)))) {
        if (!vo.err && !io.err)
            cli_error("out of memory");
        tx_out_abort(&vo);
        tx_out_abort(&io);
        return EXIT_USAGE;
    }
    static const char *const stdin_only[] = { "-" };
    char err[512];
    val_result res;
    if (val_run(vs, &v->o, n_logs ? logs : stdin_only, n_logs ? n_logs : 1, &res, err,
                sizeof err) != 0) {
        cli_error("%s", err);
        tx_out_abort(&vo);
        tx_out_abort(&io);
        return EXIT_USAGE;
    }
    int rc = res.io_error ? EXIT_USAGE : res.failing ? EXIT_PROBLEMS : EXIT_CLEAN;
    /* The filter outputs first: when one fails, the report says so through
     * the exit code and neither file is kept (every record in exactly one
     * output, or no output). */
    if (res.io_error) {
        tx_out_abort(&vo);
        tx_out_abort(&io);
    } else if (cli_out_commit_set((tx_out *[]){ &vo, &io }, 2) != 0) {
        rc = EXIT_USAGE;
    }
    if (report(v, &res) != EXIT_CLEAN)
        rc = EXIT_USAGE;
    val_result_free(&res);
    return rc;
}

int cmd_validate(int argc, char **argv)
{
    vargs v = { .fmt = VAL_FMT_TEXT, .progress = -1 };
    val_opts_init(&v.o);
    const cli_opt options[] = {
        CLI_OPT_CALL(0, "--profile", &v.o.profile, set_profile),
        CLI_OPT_STRING(0, "--event-path", &v.o.event_ptr),
        CLI_OPT_STRING(0, "--props-path", &v.o.props_ptr),
        CLI_OPT_STRING(0, "--user-path", &v.o.user_ptr),
        CLI_OPT_SIZE(0, "--max-record", &v.o.max_record, 16, SIZE_MAX),
        CLI_OPT_UINT(0, "--max-depth", &v.o.max_depth, 2, 100000),
        CLI_OPT_CALL(0, "--format", &v.fmt, cli_opt_val_format),
        CLI_OPT_PATH('o', "--output", &v.output),
        CLI_OPT_TRUE('v', "--verbose", &v.verbose),
        CLI_OPT_AT_LEAST(0, "--max-errors", &v.o.max_errors, 1),
        CLI_OPT_AT_LEAST(0, "--examples", &v.o.examples, 1),
        CLI_OPT_CALL(0, "--fail-on", v.o.fail, parse_codes),
        CLI_OPT_CALL_FLAG(0, "--list-codes", NULL, list_codes),
        CLI_OPT_PATH(0, "--valid-out", &v.valid_out),
        CLI_OPT_PATH(0, "--invalid-out", &v.invalid_out),
        CLI_OPT_CALL('j', "--jobs", &v.o.jobs, set_jobs),
        CLI_OPT_AT_LEAST(0, "--chunk-size", &v.o.chunk_size, 4096),
        CLI_OPT_SET(0, "--progress", &v.progress, 1),
        CLI_OPT_SET(0, "--no-progress", &v.progress, 0),
        CLI_OPT_TRUE(0, "--full-walk", &v.o.no_fast),
        CLI_OPT_SIZE(0, "--funnel-journeys", &v.o.funnel_journeys, 1, 100000000),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "validate", help, options, argc, argv))
        return it.rc;
    if (check_args(&v, it.n_args) != EXIT_CLEAN)
        return EXIT_USAGE;
    v.o.progress = v.progress < 0 ? isatty(2) : v.progress == 1;

    tx_ctx *ctx = tx_ctx_new();
    int rc = EXIT_CLEAN;
    val_schema *vs = cli_load_schema(ctx, it.args[0], &rc);
    if (vs)
        rc = run(&v, vs, (const char *const *)it.args + 1, it.n_args - 1);
    val_schema_free(vs);
    tx_ctx_free(ctx);
    return rc;
}
