/* `taxonc validate TAXONOMY [LOG...]`: parses options, loads the taxonomy,
 * compiles the validator and runs it (validators/). Exit 0 clean, 1 when
 * failing violations were found, 2 for usage or I/O errors. */
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
    "stdin; gzip input is recognised by its magic bytes.\n"
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

static int parse_size(const char *opt, const char *s, size_t *out)
{
    char *e;
    errno = 0;
    unsigned long long v = strtoull(s, &e, 10);
    if (errno || e == s || *e || s[0] == '-')
        return cli_error("option '%s' expects a non-negative number, got '%s'", opt, s);
    *out = (size_t)v;
    return 0;
}

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

int cmd_validate(int argc, char **argv)
{
    val_opts o;
    val_opts_init(&o);
    val_format fmt = VAL_FMT_TEXT;
    const char *output = NULL, *valid_out = NULL, *invalid_out = NULL;
    bool verbose = false;
    int progress = -1;
    const char **pos = calloc((size_t)argc + 1, sizeof *pos);
    size_t n_pos = 0;
    int rc = EXIT_USAGE;
    if (!pos)
        return cli_error("out of memory");
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        const char *eq = strchr(a, '=');
        char name[64];
        if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            val = eq + 1;
            a = name;
        }
#define ARG()                                                                          \
        do {                                                                           \
            if (!val) {                                                                \
                if (i + 1 >= argc) {                                                   \
                    cli_error("option '%s' needs a value", a);                        \
                    goto out;                                                          \
                }                                                                      \
                val = argv[++i];                                                       \
            }                                                                          \
        } while (0)
        if (cli_is_help(a)) {
            fputs(help, stdout);
            rc = EXIT_CLEAN;
            goto out;
        } else if (strcmp(a, "--list-codes") == 0) {
            for (int c = 0; c < VAL_N_CODES; c++)
                printf("%-20s %s%s\n", val_code_name((val_code)c), val_code_doc((val_code)c),
                       val_code_fails_by_default((val_code)c) ? "" : " (not failing by default)");
            rc = EXIT_CLEAN;
            goto out;
        } else if (strcmp(a, "--profile") == 0) {
            ARG();
            if (val_profile_parse(val, &o.profile) != 0) {
                cli_error("unknown profile '%s'; expected amplitude, segment, mixpanel, braze, "
                          "snowplow, custom or auto", val);
                goto out;
            }
        } else if (strcmp(a, "--event-path") == 0) {
            ARG();
            o.event_ptr = val;
        } else if (strcmp(a, "--props-path") == 0) {
            ARG();
            o.props_ptr = val;
        } else if (strcmp(a, "--user-path") == 0) {
            ARG();
            o.user_ptr = val;
        } else if (strcmp(a, "--format") == 0) {
            ARG();
            if (val_format_parse(val, &fmt) != 0) {
                cli_error("unknown format '%s'; expected text, json, junit or html", val);
                goto out;
            }
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            ARG();
            output = val;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            verbose = true;
        } else if (strcmp(a, "--max-errors") == 0 || strcmp(a, "--examples") == 0 ||
                   strcmp(a, "--max-record") == 0 || strcmp(a, "--max-depth") == 0 ||
                   strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0 ||
                   strcmp(a, "--chunk-size") == 0) {
            ARG();
            size_t v = 0;
            if (parse_size(a, val, &v) != 0)
                goto out;
            if (strcmp(a, "--max-errors") == 0) {
                o.max_errors = v ? v : 1;
            } else if (strcmp(a, "--examples") == 0) {
                o.examples = v ? v : 1;
            } else if (strcmp(a, "--max-record") == 0) {
                if (v < 16) {
                    cli_error("--max-record must be at least 16 bytes");
                    goto out;
                }
                o.max_record = v;
            } else if (strcmp(a, "--max-depth") == 0) {
                if (v < 2 || v > 100000) {
                    cli_error("--max-depth must be between 2 and 100000");
                    goto out;
                }
                o.max_depth = (unsigned)v;
            } else if (strcmp(a, "--chunk-size") == 0) {
                o.chunk_size = v < 4096 ? 4096 : v;
            } else {
                if (v == 0) {
                    long nc = sysconf(_SC_NPROCESSORS_ONLN);
                    v = nc > 0 ? (size_t)nc : 1;
                }
                if (v > 64) {
                    cli_error("--jobs must be at most 64");
                    goto out;
                }
                o.jobs = (unsigned)v;
            }
        } else if (strcmp(a, "--fail-on") == 0) {
            ARG();
            if (parse_codes(val, o.fail) != 0)
                goto out;
        } else if (strcmp(a, "--valid-out") == 0) {
            ARG();
            valid_out = val;
        } else if (strcmp(a, "--invalid-out") == 0) {
            ARG();
            invalid_out = val;
        } else if (strcmp(a, "--progress") == 0) {
            progress = 1;
        } else if (strcmp(a, "--no-progress") == 0) {
            progress = 0;
        } else if (strcmp(a, "--full-walk") == 0) {
            o.no_fast = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("unknown option '%s'; see 'taxonc validate --help'", argv[i]);
            goto out;
        } else {
            if (val) {
                cli_error("unknown option '%s'", argv[i]);
                goto out;
            }
            pos[n_pos++] = a;
        }
#undef ARG
    }
    if (n_pos < 1) {
        cli_error("missing TAXONOMY; usage: taxonc validate [OPTIONS] TAXONOMY [LOG...]");
        goto out;
    }
    if (o.profile == VAL_PROF_CUSTOM && !o.event_ptr) {
        cli_error("the custom profile needs --event-path");
        goto out;
    }
    if (o.profile != VAL_PROF_CUSTOM && (o.event_ptr || o.props_ptr || o.user_ptr)) {
        cli_error("--event-path, --props-path and --user-path need --profile custom");
        goto out;
    }
    o.progress = progress < 0 ? isatty(2) : progress == 1;
    /* '-' is stdout for every output; only one can have it, and the report
     * moves to stderr when records take stdout. */
    int n_stdout = (output && tx_out_is_stdout_name(output)) +
                   (valid_out && tx_out_is_stdout_name(valid_out)) +
                   (invalid_out && tx_out_is_stdout_name(invalid_out));
    if (n_stdout > 1) {
        cli_error("only one of -o, --valid-out and --invalid-out can be '-' (stdout)");
        goto out;
    }
    bool report_to_stderr = !output && n_stdout == 1;

    tx_ctx *ctx = tx_ctx_new();
    int lrc = EXIT_CLEAN;
    const tx_taxonomy *t = cli_load_usable(ctx, pos[0], &lrc);
    if (!t) {
        rc = lrc;
        tx_ctx_free(ctx);
        goto out;
    }
    char err[512];
    val_schema *vs = val_schema_new(t, err, sizeof err);
    if (!vs) {
        cli_error("%s", err);
        rc = EXIT_PROBLEMS;
        tx_ctx_free(ctx);
        goto out;
    }
    /* Each output is opened before the run so a bad path fails early; a
     * failed run or output gives up all of them (the old files stay). */
    tx_out vo = { .fd = -1 }, io = { .fd = -1 };
    if ((valid_out && cli_out_open(&vo, valid_out) != 0) ||
        (invalid_out && cli_out_open(&io, invalid_out) != 0) ||
        (valid_out && !(o.valid_out = tx_out_stream(&vo))) ||
        (invalid_out && !(o.invalid_out = tx_out_stream(&io)))) {
        if (!vo.err && !io.err)
            cli_error("out of memory");
        tx_out_abort(&vo);
        tx_out_abort(&io);
        val_schema_free(vs);
        tx_ctx_free(ctx);
        goto out;
    }
    static const char *const stdin_only[] = { "-" };
    const char *const *logs = n_pos > 1 ? pos + 1 : stdin_only;
    size_t n_logs = n_pos > 1 ? n_pos - 1 : 1;
    val_result res;
    if (val_run(vs, &o, logs, n_logs, &res, err, sizeof err) != 0) {
        cli_error("%s", err);
        tx_out_abort(&vo);
        tx_out_abort(&io);
        val_schema_free(vs);
        tx_ctx_free(ctx);
        goto out;
    }
    rc = res.failing ? EXIT_PROBLEMS : EXIT_CLEAN;
    if (res.io_error)
        rc = EXIT_USAGE;
    val_report_opts ro = { .verbose = verbose, .color = false, .fail = o.fail };
    /* The filter outputs first: when one fails, the report says so through
     * the exit code and neither file is kept (every record in exactly one
     * output, or no output). */
    if (res.io_error) {
        tx_out_abort(&vo);
        tx_out_abort(&io);
    } else if (cli_out_commit_set((tx_out *[]){ &vo, &io }, 2) != 0) {
        rc = EXIT_USAGE;
    }
    if (output) {
        tx_out rep;
        if (cli_out_open(&rep, output) != 0) {
            rc = EXIT_USAGE;
        } else {
            FILE *rf = tx_out_stream(&rep);
            if (rf)
                val_report(&res, fmt, &ro, rf);
            if (cli_out_commit(&rep) != 0)
                rc = EXIT_USAGE;
        }
    } else {
        val_report(&res, fmt, &ro, report_to_stderr ? stderr : stdout);
    }
    val_result_free(&res);
    val_schema_free(vs);
    tx_ctx_free(ctx);
out:
    free(pos);
    return rc;
}
