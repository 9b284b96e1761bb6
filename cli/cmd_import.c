/* `taxonc import FORMAT SOURCE... [-o FILE]`: a table of formats, each
 * {name, function, sources it takes, exit code on bad input, help}. The
 * command reads nothing itself beyond what the format's function needs,
 * checks that the YAML it made loads cleanly (so an importer bug can never
 * write a plan that does not load), and writes it to stdout or, atomically,
 * to --out. Adding a format is one line in `formats`. */
#include "cli.h"
#include "../compiler/sheet/sheet.h"
#include "../compiler/import/import.h"
#include "../compiler/import/amplitude.h"
#include "../support/util.h"
#include "../support/out.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* csv takes the sheet's text: read it here */
static const char *import_csv_file(tx_ctx *ctx, const char *const *paths, size_t n,
                                   const tx_import_opts *o, size_t *out_len)
{
    (void)n;
    char *data;
    size_t len;
    if (tx_read_file(paths[0], 64u << 20, &data, &len) != 0) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, TX_DIAG_IO, (tx_span){ 0, 0, 0 }, "cannot read '%s': %s",
                    paths[0], errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
        return NULL;
    }
    const char *y = tx_import_csv(ctx, paths[0], data, len, o, out_len);
    free(data);
    return y;
}

/* amplitude takes the CSV files' texts (events, user properties; any order) */
static const char *import_amplitude_files(tx_ctx *ctx, const char *const *paths, size_t n,
                                          const tx_import_opts *o, size_t *out_len)
{
    char **texts = calloc(n + 1, sizeof *texts);
    size_t *lens = calloc(n + 1, sizeof *lens);
    const char *y = NULL;
    size_t got = 0;
    if (!texts || !lens) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, TX_DIAG_IO, (tx_span){ 0, 0, 0 }, "out of memory");
        goto done;
    }
    for (; got < n; got++)
        if (tx_read_file(paths[got], 64u << 20, &texts[got], &lens[got]) != 0) {
            tx_diag_add(&ctx->diags, TX_SEV_ERROR, TX_DIAG_IO, (tx_span){ 0, 0, 0 },
                        "cannot read '%s': %s", paths[got],
                        errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
            goto done;
        }
    y = tx_import_amplitude(ctx, paths, (const char *const *)texts, lens, n, o, out_len);
done:
    for (size_t i = 0; texts && i < got; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    return y;
}

static const struct format {
    const char *name;
    tx_import_fn fn;
    int many;           /* 1: takes several sources (files or folders) */
    int bad_input;      /* exit code when the source has errors */
    const char *help;
} formats[] = {
    { "csv", import_csv_file, 0, EXIT_PROBLEMS, "a tracking-plan sheet (CSV, UTF-8)" },
    { "segment", tx_import_segment, 0, EXIT_USAGE,
      "Segment Protocols plan (Config API / Typewriter plan.json, Public API rules)" },
    { "rudderstack", tx_import_rudderstack, 0, EXIT_USAGE, "RudderTyper plan.json" },
    { "jsonschema", tx_import_jsonschema, 1, EXIT_USAGE,
      "JSON Schema files or folders, Snowplow Iglu schemas" },
    { "mparticle", tx_import_mparticle, 0, EXIT_USAGE, "mParticle data plan (a version or a plan)" },
    { "amplitude", import_amplitude_files, 1, EXIT_USAGE,
      "Amplitude Data tracking-plan CSVs (events, user properties)" },
};

static const char usage_text[] =
    "usage: taxonc import FORMAT [OPTIONS] SOURCE...\n"
    "\n"
    "Turns a tracking plan kept elsewhere into taxonomy YAML: names kept\n"
    "verbatim, descriptions kept, and every loss reported (a warning with the\n"
    "source's location and a '# lost:' comment in the YAML). JSON sources may\n"
    "also be written as YAML. See docs/import.md for each format's mapping.\n"
    "\n"
    "formats:\n"
    "  csv SHEET.csv            a tracking-plan sheet (CSV, UTF-8); exported sheets\n"
    "                           are read back exactly\n"
    "  segment PLAN.json        Segment Protocols: Config API / Typewriter plan.json,\n"
    "                           Public API rules\n"
    "  rudderstack PLAN.json    RudderTyper plan.json\n"
    "  jsonschema FILE|DIR...   JSON Schemas, one event each; Snowplow Iglu schemas\n"
    "  mparticle PLAN.json      mParticle data plan: a version, or a plan (highest\n"
    "                           version read)\n"
    "  amplitude EVENTS.csv [USER_PROPS.csv]   Amplitude Data tracking-plan CSVs\n"
    "\n"
    "options:\n"
    "  -o, --out FILE      write the YAML there (atomically) instead of stdout\n"
    "  --name NAME         the taxonomy identifier (default: from the plan or file name)\n"
    "  --plan-version V    the taxonomy version (csv default 0.1.0; others: none)\n"
    "  -h, --help          this text\n"
    "\n"
    "exit: 0 imported, 1 sheet rows that could not be understood (csv),\n"
    "2 usage or I/O error, or a source that is broken or not the format.\n";

static const struct format *format_of(const char *name)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    return NULL;
}

static const char *format_names(void)
{
    static char buf[256];
    size_t o = 0;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0] && o < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? ", " : "", formats[i].name);
    return buf;
}

int cmd_import(int argc, char **argv)
{
    const char *out = NULL;
    tx_import_opts opts = { 0 };
    const cli_opt options[] = {
        CLI_OPT_PATH('o', "--out", &out),
        CLI_OPT_PATH(0, "--name", &opts.name),
        CLI_OPT_PATH(0, "--plan-version", &opts.version),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "import", usage_text, options, argc, argv))
        return it.rc;
    const char *kind = it.n_args > 0 ? it.args[0] : NULL;
    if (!kind)
        return cli_error("import needs a format (%s); see 'taxonc import --help'", format_names());
    const struct format *f = format_of(kind);
    if (!f)
        return cli_error("unknown import format '%s'; expected %s", kind, format_names());
    if (it.n_args < 2)
        return cli_error("import %s needs a source; see 'taxonc import --help'", f->name);
    if (it.n_args > 2 && !f->many)
        return cli_error("import %s reads one source; see 'taxonc import --help'", f->name);
    if (opts.name && !tx_is_identifier(opts.name))
        return cli_error("--name '%s' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)", opts.name);

    tx_ctx *ctx = tx_ctx_new();
    size_t ylen = 0;
    const char *yaml = f->fn(ctx, (const char *const *)it.args + 1, it.n_args - 1, &opts, &ylen);
    tx_diags_sort(&ctx->diags);
    tx_render_opts ro = { .color = tx_want_color(2), .summary = ctx->diags.n > 0 };
    tx_render_text(&ctx->sources, &ctx->diags, &ro, tx_out_file, stderr);
    int code = yaml ? EXIT_CLEAN : f->bad_input;
    if (!yaml && tx_diags_have_io(&ctx->diags))
        code = EXIT_USAGE;      /* a source that cannot be read */
    if (yaml) {
        /* never hand out YAML that does not load */
        tx_ctx *chk = tx_ctx_new();
        const char *label = out ? out : "<imported>";
        if (!tx_load_string(chk, label, yaml, ylen, NULL)) {
            tx_diags_sort(&chk->diags);
            tx_render_text(&chk->sources, &chk->diags, &ro, tx_out_file, stderr);
            cli_error("the imported taxonomy does not load; nothing written");
            code = EXIT_PROBLEMS;
        }
        tx_ctx_free(chk);
    }
    if (code == EXIT_CLEAN)
        code = cli_write_to(out, yaml, ylen);
    tx_ctx_free(ctx);
    return code;
}
