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

static int parse_codes(const char *s, bool fail[VAL_N_CODES])
{
    if (strcmp(s, "all") == 0) {
        for (int i = 0; i < VAL_N_CODES; i++)
            fail[i] = true;
        return 0;
    }
    if (strcmp(s, "none") == 0) {
        for (int i = 0; i < VAL_N_CODES; i++)
            fail[i] = false;
        return 0;
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
    return 0;
}

enum {
    O_PROFILE = 1, O_EVENT_PATH, O_PROPS_PATH, O_USER_PATH, O_MAX_RECORD, O_MAX_DEPTH,
    O_FORMAT, O_OUTPUT, O_VERBOSE, O_MAX_ERRORS, O_EXAMPLES, O_FAIL_ON, O_LIST_CODES,
    O_VALID_OUT, O_INVALID_OUT, O_JOBS, O_CHUNK_SIZE, O_PROGRESS, O_NO_PROGRESS, O_FULL_WALK,
    O_FUNNEL_JOURNEYS,
};

static const cli_opt options[] = {
    { O_PROFILE, "--profile", 0, CLI_VALUE },
    { O_EVENT_PATH, "--event-path", 0, CLI_VALUE },
    { O_PROPS_PATH, "--props-path", 0, CLI_VALUE },
    { O_USER_PATH, "--user-path", 0, CLI_VALUE },
    { O_MAX_RECORD, "--max-record", 0, CLI_VALUE },
    { O_MAX_DEPTH, "--max-depth", 0, CLI_VALUE },
    { O_FORMAT, "--format", 0, CLI_VALUE },
    { O_OUTPUT, "--output", 'o', CLI_NONEMPTY },
    { O_VERBOSE, "--verbose", 'v', CLI_FLAG },
    { O_MAX_ERRORS, "--max-errors", 0, CLI_VALUE },
    { O_EXAMPLES, "--examples", 0, CLI_VALUE },
    { O_FAIL_ON, "--fail-on", 0, CLI_VALUE },
    { O_LIST_CODES, "--list-codes", 0, CLI_FLAG },
    { O_VALID_OUT, "--valid-out", 0, CLI_NONEMPTY },
    { O_INVALID_OUT, "--invalid-out", 0, CLI_NONEMPTY },
    { O_JOBS, "--jobs", 'j', CLI_VALUE },
    { O_CHUNK_SIZE, "--chunk-size", 0, CLI_VALUE },
    { O_PROGRESS, "--progress", 0, CLI_FLAG },
    { O_NO_PROGRESS, "--no-progress", 0, CLI_FLAG },
    { O_FULL_WALK, "--full-walk", 0, CLI_FLAG },
    { O_FUNNEL_JOURNEYS, "--funnel-journeys", 0, CLI_VALUE },
};

/* What the command line asks for, beyond the validator's own options. */
typedef struct vargs {
    val_opts o;
    val_format fmt;
    const char *output, *valid_out, *invalid_out;
    bool verbose;
    int progress;   /* -1: when stderr is a terminal */
} vargs;

static int list_codes(void)
{
    for (int c = 0; c < VAL_N_CODES; c++)
        printf("%-20s %s%s\n", val_code_name((val_code)c), val_code_doc((val_code)c),
               val_code_fails_by_default((val_code)c) ? "" : " (not failing by default)");
    return EXIT_CLEAN;
}

/* One option into v: EXIT_CLEAN, or the exit code to stop with. */
static int apply(vargs *v, int id, const cli_opts *it)
{
    const char *val = it->value;
    size_t n = 0;
    switch (id) {
    case O_PROFILE:
        if (val_profile_parse(val, &v->o.profile) != 0)
            return cli_error("unknown profile '%s'; expected amplitude, segment, mixpanel, braze, "
                             "snowplow, custom or auto", val);
        break;
    case O_EVENT_PATH: v->o.event_ptr = val; break;
    case O_PROPS_PATH: v->o.props_ptr = val; break;
    case O_USER_PATH: v->o.user_ptr = val; break;
    case O_FORMAT:
        if (val_format_parse(val, &v->fmt) != 0)
            return cli_error("unknown format '%s'; expected text, json, junit or html", val);
        break;
    case O_OUTPUT: v->output = val; break;
    case O_VERBOSE: v->verbose = true; break;
    case O_FAIL_ON: return parse_codes(val, v->o.fail) != 0 ? EXIT_USAGE : EXIT_CLEAN;
    case O_VALID_OUT: v->valid_out = val; break;
    case O_INVALID_OUT: v->invalid_out = val; break;
    case O_PROGRESS: v->progress = 1; break;
    case O_NO_PROGRESS: v->progress = 0; break;
    case O_FULL_WALK: v->o.no_fast = true; break;
    case O_MAX_ERRORS:
    case O_EXAMPLES:
        if (cli_opt_number(it, 0, SIZE_MAX, &n) != EXIT_CLEAN)
            return EXIT_USAGE;
        *(id == O_MAX_ERRORS ? &v->o.max_errors : &v->o.examples) = n ? n : 1;
        break;
    case O_MAX_RECORD:
        return cli_opt_number(it, 16, SIZE_MAX, &v->o.max_record);
    case O_FUNNEL_JOURNEYS:
        return cli_opt_number(it, 1, 100000000, &v->o.funnel_journeys);
    case O_MAX_DEPTH:
        if (cli_opt_number(it, 2, 100000, &n) != EXIT_CLEAN)
            return EXIT_USAGE;
        v->o.max_depth = (unsigned)n;
        break;
    case O_CHUNK_SIZE:
        if (cli_opt_number(it, 0, SIZE_MAX, &n) != EXIT_CLEAN)
            return EXIT_USAGE;
        v->o.chunk_size = n < 4096 ? 4096 : n;
        break;
    case O_JOBS:
        if (cli_opt_number(it, 0, 64, &n) != EXIT_CLEAN)
            return EXIT_USAGE;
        if (n == 0) {   /* one per core, up to the 64 a number may ask for */
            long nc = sysconf(_SC_NPROCESSORS_ONLN);
            n = nc <= 0 ? 1 : nc > 64 ? 64 : (size_t)nc;
        }
        v->o.jobs = (unsigned)n;
        break;
    }
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
    cli_opts it = cli_opts_start("validate", help, options, sizeof options / sizeof options[0],
                                 argc, argv);
    for (int id; (id = cli_opt_next(&it)) != CLI_OPT_END;) {
        if (id == CLI_OPT_STOP)
            return it.rc;
        if (id == O_LIST_CODES)
            return list_codes();
        int rc = apply(&v, id, &it);
        if (rc != EXIT_CLEAN)
            return rc;
    }
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
