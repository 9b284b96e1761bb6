/* `taxonc export FORMAT TAXONOMY`: parses options, loads, calls the
 * exporter in codegen/export_*.c and writes the result to stdout or,
 * atomically, to --out (a file; a directory for jsonschema, whose files
 * codegen/export_jsonschema_dir.c renders). Everything is rendered in
 * memory first, so an error never leaves a half-written file;
 * a directory export replaces all its files at once and removes the
 * schemas of events that are gone. */
#include "cli.h"
#include "../codegen/export_jsonschema_dir.h"
#include "../compiler/sheet/sheet.h"
#include "../support/util.h"
#include "../support/out.h"
#include "../support/strmap.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: taxonc export FORMAT [OPTIONS] TAXONOMY\n"
    "\n"
    "formats:\n"
    "  jsonschema   JSON Schema draft 2020-12: a bundle (stdout), or with --out DIR\n"
    "               DIR/bundle.schema.json, DIR/events/<event>.schema.json, DIR/index.json\n"
    "  markdown     the tracking plan as one Markdown document, by category\n"
    "  html         the same as a self-contained page to browse offline\n"
    "  csv          the tracking-plan sheet: Category, Event, Event description,\n"
    "               Property, Property description, Type, Allowed values, Format,\n"
    "               Required, Trigger (RFC 4180, UTF-8; `taxonc import csv` reads it)\n"
    "  amplitude    Amplitude Data's import CSVs: with --out DIR, DIR/events.csv and\n"
    "               DIR/user_properties.csv; without, events.csv on stdout (a plan\n"
    "               with user properties needs --out). `taxonc import amplitude` reads them\n"
    "\n"
    "options:\n"
    "  -o, --out PATH      write there (atomically) instead of stdout\n"
    "  --format-keywords   jsonschema: also write `format` for date, date-time, time,\n"
    "                      email and uri (validators' own rules may then disagree)\n"
    "  --no-bom            csv: no UTF-8 byte order mark\n"
    "  -h, --help          this text\n"
    "\n"
    "exit: 0 written, 1 the taxonomy has errors, 2 usage or I/O error. See docs/export.md.\n";

typedef enum { X_JSONSCHEMA, X_MARKDOWN, X_HTML, X_CSV, X_AMPLITUDE } xformat;

static const cli_choice formats[] = {
    { "jsonschema", X_JSONSCHEMA }, { "json-schema", X_JSONSCHEMA }, { "markdown", X_MARKDOWN },
    { "md", X_MARKDOWN },           { "html", X_HTML },               { "csv", X_CSV },
    { "amplitude", X_AMPLITUDE },   { NULL, 0 },
};

static int write_out(const char *path, const tx_sb *sb)
{
    if (sb->failed)
        return cli_error("out of memory while exporting");
    return cli_write_to(path, sb->buf, sb->len);
}

/* All files or none, with one sync: every file is written to a temporary
 * next to it (the one writer, support/out.h, without its fsync per file:
 * that cost 7.5 s for 10,000 events), the file system is synced once
 * (syncfs), and only then are they renamed into place. An error before the
 * renames removes the temporaries and leaves DIR as it was. */
static int write_all(tx_arena *a, const char *dir, const char *const *paths,
                     const tx_sb *const *bufs, size_t n)
{
    tx_out *outs = tx_arena_alloc(a, (n + 1) * sizeof *outs);
    tx_out **set = tx_arena_alloc(a, (n + 1) * sizeof *set);
    memset(outs, 0, (n + 1) * sizeof *outs);
    int code = EXIT_CLEAN;
    for (size_t i = 0; i < n; i++) {
        set[i] = &outs[i];
        outs[i].fd = -1;
        if (code != EXIT_CLEAN)
            continue;
        if (tx_out_open(&outs[i], paths[i], TX_OUT_NO_FSYNC) != 0 ||
            tx_out_write(&outs[i], bufs[i]->buf, bufs[i]->len) != 0 ||
            tx_out_finish(&outs[i]) != 0)
            code = cli_error("cannot write '%s': %s", paths[i], strerror(outs[i].err));
    }
    if (code == EXIT_CLEAN) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || syncfs(dfd) != 0)
            code = cli_error("cannot write '%s': %s", dir, strerror(errno));
        if (dfd >= 0)
            close(dfd);
    }
    if (code != EXIT_CLEAN) {
        for (size_t i = 0; i < n; i++)
            tx_out_abort(&outs[i]);
        return code;
    }
    return cli_out_commit_set(set, n) == 0 ? EXIT_CLEAN : EXIT_USAGE;
}

/* Schemas of events no longer in the taxonomy: DIR/events holds only
 * what this command writes, so any other *.schema.json there is stale. */
/* events.csv and user_properties.csv into dir (all or nothing), or events.csv
 * on stdout when the plan has no user properties. Losses are warnings. */
static int export_amplitude(tx_ctx *ctx, const tx_taxonomy *t, const char *out)
{
    tx_sb ev = TX_SB_INIT, us = TX_SB_INIT;
    tx_diags warn = { .arena = ctx->arena };
    tx_export_amplitude(&ev, &us, ctx->arena, t, &warn);
    tx_diags_sort(&warn);
    tx_render_opts ro = { .color = tx_want_color(2) };
    tx_render_text(&ctx->sources, &warn, &ro, tx_out_file, stderr);
    int code;
    if (ev.failed || us.failed)
        code = cli_error("out of memory while exporting");
    else if (!out || tx_out_is_stdout_name(out)) {
        code = t->n_user_props
                   ? cli_error("the plan has user properties: write events.csv and user_properties.csv "
                               "with --out DIR")
                   : write_out(NULL, &ev);
    } else if (tx_mkdirs(out) != 0)
        code = cli_error("cannot create '%s': %s", out, strerror(errno));
    else {
        const char *paths[] = { tx_arena_printf(ctx->arena, "%s/events.csv", out),
                                tx_arena_printf(ctx->arena, "%s/user_properties.csv", out) };
        const tx_sb *bufs[] = { &ev, &us };
        code = write_all(ctx->arena, out, paths, bufs, 2);
    }
    tx_sb_release(&ev);
    tx_sb_release(&us);
    return code;
}

static int remove_stale(tx_arena *a, const char *events_dir, const char *const *files, size_t n)
{
    DIR *d = opendir(events_dir);
    if (!d)
        return cli_error("cannot read '%s': %s", events_dir, strerror(errno));
    tx_strmap keep_set;     /* the file names just written */
    tx_strmap_init_arena(&keep_set, a, n);
    for (size_t i = 0; i < n; i++) {
        const char *b = files[i] + strlen("events/");
        bool found;
        tx_strmap_put(&keep_set, b, strlen(b), &found)->val = (void *)b;
    }
    int code = EXIT_CLEAN;
    for (struct dirent *e; (e = readdir(d));) {
        size_t l = strlen(e->d_name), sl = strlen(".schema.json");
        if (l <= sl || strcmp(e->d_name + l - sl, ".schema.json") != 0)
            continue;
        bool keep = tx_strmap_get(&keep_set, e->d_name, l) != NULL;
        if (!keep && unlinkat(dirfd(d), e->d_name, 0) != 0 && errno != ENOENT)
            code = cli_error("cannot remove the stale schema '%s/%s': %s", events_dir, e->d_name,
                             strerror(errno));
    }
    closedir(d);
    return code;
}

/* DIR/events/<event>.schema.json, DIR/bundle.schema.json, DIR/index.json
 * (rendered by tx_export_jsonschema_files), all or none, then the schemas
 * of events that are gone removed. */
static int export_schema_dir(tx_arena *a, const tx_taxonomy *t, const char *dir,
                             const tx_jsonschema_opts *jo)
{
    char *events_dir = tx_arena_printf(a, "%s/events", dir);
    if (tx_mkdirs(events_dir) != 0)
        return cli_error("cannot create '%s': %s", events_dir, strerror(errno));
    tx_export_files fs;
    if (tx_export_jsonschema_files(a, t, jo, &fs) != 0)
        return cli_error("out of memory while exporting");
    const char **paths = tx_arena_alloc(a, fs.n * sizeof *paths);
    const tx_sb **bufs = tx_arena_alloc(a, fs.n * sizeof *bufs);
    const char **event_files = tx_arena_alloc(a, (fs.n_events + 1) * sizeof *event_files);
    for (size_t i = 0; i < fs.n; i++) {
        paths[i] = tx_arena_printf(a, "%s/%s", dir, fs.items[i].path);
        bufs[i] = &fs.items[i].doc;
        if (i < fs.n_events)
            event_files[i] = fs.items[i].path;
    }
    int code = write_all(a, dir, paths, bufs, fs.n);
    if (code == EXIT_CLEAN)
        code = remove_stale(a, events_dir, event_files, fs.n_events);
    tx_export_files_release(&fs);
    return code;
}

int cmd_export(int argc, char **argv)
{
    const char *out = NULL;
    tx_jsonschema_opts jo = { 0 };
    tx_csv_opts co = { 0 };
    const cli_opt options[] = {
        CLI_OPT_PATH('o', "--out", &out),
        CLI_OPT_TRUE(0, "--format-keywords", &jo.format_keywords),
        CLI_OPT_TRUE(0, "--no-bom", &co.no_bom),
        CLI_OPT_END,
    };
    cli_opts it;
    if (!cli_parse(&it, "export", usage_text, options, argc, argv))
        return it.rc;
    if (it.n_args > 2)
        return cli_error("too many arguments; see 'taxonc export --help'");
    const char *fmt_name = it.n_args > 0 ? it.args[0] : NULL;
    const char *file = it.n_args > 1 ? it.args[1] : NULL;
    if (!fmt_name)
        return cli_error("export needs a FORMAT (jsonschema, markdown, html, csv, amplitude); see 'taxonc export --help'");
    const cli_choice *f = cli_choice_find(formats, fmt_name);
    if (!f) {
        const char *near = cli_choice_suggest(formats, fmt_name);
        if (near)
            return cli_error("unknown export format '%s'; did you mean '%s'?", fmt_name, near);
        return cli_error("unknown export format '%s'; expected jsonschema, markdown, html, csv or amplitude", fmt_name);
    }
    if (!file)
        return cli_error("export needs a TAXONOMY file; see 'taxonc export --help'");

    int code = EXIT_CLEAN;
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = cli_load_usable(ctx, file, &code);
    if (t) {
        tx_sb sb = TX_SB_INIT;
        switch ((xformat)f->value) {
        case X_JSONSCHEMA:
            if (out && !tx_out_is_stdout_name(out)) {
                code = export_schema_dir(ctx->arena, t, out, &jo);
                break;
            }
            tx_export_jsonschema_bundle(&sb, t, &jo);
            code = write_out(NULL, &sb);
            break;
        case X_MARKDOWN:
            tx_export_markdown(&sb, ctx->arena, t);
            code = write_out(out, &sb);
            break;
        case X_HTML:
            tx_export_html(&sb, ctx->arena, t);
            code = write_out(out, &sb);
            break;
        case X_CSV:
            tx_export_csv(&sb, t, &co);
            code = write_out(out, &sb);
            break;
        case X_AMPLITUDE:
            code = export_amplitude(ctx, t, out);
            break;
        }
        tx_sb_release(&sb);
    }
    tx_ctx_free(ctx);
    return code;
}
