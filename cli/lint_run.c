/* CLI glue for the lint step (see lint_run.h). */
#include "lint_run.h"
#include "../support/report.h"
#include "../compiler/codes.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where helpUri points by default: the docs `make install` puts under
 * PREFIX/share/doc/taxonc (the Makefile passes the folder). There is no
 * project web site to point at; TAXONC_DOCS_URL (the URL of a rules.md or
 * of the folder holding it, e.g. a repository's docs/ on GitHub) overrides
 * it. Every rule carries the full text in help.markdown anyway. */
#ifndef TX_DOCDIR
#define TX_DOCDIR "/usr/local/share/doc/taxonc"
#endif

const cli_choice cli_formats[] = {
    { "text", CLI_FMT_TEXT }, { "json", CLI_FMT_JSON }, { "sarif", CLI_FMT_SARIF },
    { "github", CLI_FMT_GITHUB }, { "junit", CLI_FMT_JUNIT }, { NULL, 0 },
};

bool cli_io_failed(const tx_diags *d)
{
    return tx_diags_have_io(d);
}

/* "unknown-type" -> "UnknownType" */
static const char *pascal_name(tx_arena *a, const char *id)
{
    char *r = tx_arena_strdup(a, id);
    size_t j = 0;
    bool up = true;
    for (const char *p = id; *p; p++) {
        if (*p == '-') {
            up = true;
            continue;
        }
        r[j++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        up = false;
    }
    r[j] = '\0';
    return r;
}

/* True when a diagnostic carries a loader code: the taxonomy did not load
 * (the loader reports errors only, and lint runs only on a loaded one). */
static bool load_failed(const tx_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        for (int c = 0; c < TXC__COUNT && d->items[i].code; c++)
            if (strcmp(d->items[i].code, tx_code_name((tx_code)c)) == 0)
                return true;
    return false;
}

/* The URI of the folder holding the docs, without a trailing slash:
 * TAXONC_DOCS_URL (a *.md there names a page in it) or file://TX_DOCDIR. */
static const char *docs_url(tx_arena *a)
{
    const char *env = getenv("TAXONC_DOCS_URL");
    if (!env || !*env)
        return "file://" TX_DOCDIR;
    size_t n = strlen(env);
    const char *slash = strrchr(env, '/');
    if (n > 3 && strcmp(env + n - 3, ".md") == 0 && slash)
        n = (size_t)(slash - env);
    while (n && env[n - 1] == '/')
        n--;
    return tx_arena_strndup(a, env, n);
}

/* The folder SARIF paths are relative to (%SRCROOT%): the top level of the
 * git work tree holding the current folder (the nearest parent with a
 * .git, as `git rev-parse --show-toplevel` finds it), else the current
 * folder. NULL when the current folder is unknown. */
static const char *src_root(tx_arena *a)
{
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return NULL;
    const char *r = tx_arena_strdup(a, cwd);
    for (size_t n = strlen(cwd);;) {
        struct stat st;
        if (stat(tx_arena_printf(a, "%.*s/.git", (int)n, cwd), &st) == 0) {
            r = n ? tx_arena_strndup(a, cwd, n) : "/";
            break;
        }
        if (n == 0)
            break;
        while (n > 0 && cwd[n - 1] != '/')
            n--;
        if (n > 0)
            n--;    /* drop the slash: "/a/b" -> "/a" -> "" (the root) */
    }
    free(cwd);
    return r;
}

/* Rule metadata for SARIF and JUnit: the loader's diagnostic codes
 * (compiler/codes.h) when load_codes, the lint table when lint_rules. */
static tx_report_rule *report_rules(tx_arena *a, bool load_codes, bool lint_rules, size_t *n)
{
    const char *docs = docs_url(a);
    size_t nl = lint_rules ? tx_lint_rule_count() : 0, nc = load_codes ? TXC__COUNT : 0;
    *n = nc + nl;
    tx_report_rule *rs = tx_arena_alloc(a, *n * sizeof *rs);
    for (size_t i = 0; i < nc; i++) {
        const char *id = tx_code_name((tx_code)i);
        const char *doc = tx_code_doc((tx_code)i);
        rs[i] = (tx_report_rule){ id, pascal_name(a, id), doc,
                                  tx_arena_printf(a, "%s: %s (docs/check.md lists every "
                                                     "diagnostic code)", id, doc),
                                  TX_SEV_ERROR,
                                  tx_arena_printf(a, "`%s`: %s\n\n[docs/check.md](%s/check.md"
                                                     "#diagnostic-codes) lists every "
                                                     "diagnostic code.", id, doc, docs),
                                  tx_arena_printf(a, "%s/check.md#diagnostic-codes", docs) };
    }
    for (size_t i = 0; i < nl; i++) {
        const tx_lint_rule *r = tx_lint_rule_at(i);
        tx_sb sb = TX_SB_INIT;
        tx_lint_rule_doc(&sb, r, TX_LINT_DOC_TEXT);
        const char *text = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_reset(&sb);
        tx_lint_rule_doc(&sb, r, TX_LINT_DOC_MARKDOWN);
        rs[nc + i] = (tx_report_rule){ r->id, r->name, r->summary, text, r->severity,
                                       tx_arena_strndup(a, sb.buf, sb.len),
                                       tx_arena_printf(a, "%s/rules.md#%s", docs, r->id) };
        tx_sb_release(&sb);
    }
    return rs;
}

/* check: the loader's codes and, when it loaded, the lint rules; lint: the
 * lint rules, or the loader's codes when the taxonomy did not load (lint
 * never ran, so its rules neither passed nor failed). */
static void render(tx_ctx *ctx, cli_format f, bool color, const char *suite, bool check,
                   size_t max_warnings, FILE *to)
{
    bool loaded = !load_failed(&ctx->diags);
    bool load_codes = check || !loaded, lint_rules = loaded;
    tx_diags_sort(&ctx->diags);
    tx_report_opts ro = { .tool = "taxonc", .version = TX_VERSION, .suite = suite,
                          .warnings_fail = ctx->diags.n_warning > max_warnings };
    switch (f) {
    case CLI_FMT_TEXT: {
        tx_render_opts o = { .color = color, .summary = true };
        tx_render_text(&ctx->sources, &ctx->diags, &o, tx_out_file, to);
        break;
    }
    case CLI_FMT_JSON:
        tx_render_json(&ctx->sources, &ctx->diags, tx_out_file, to);
        break;
    case CLI_FMT_SARIF:
        ro.rules = report_rules(ctx->arena, load_codes, lint_rules, &ro.n_rules);
        ro.src_root = src_root(ctx->arena);
        tx_render_sarif(&ctx->sources, &ctx->diags, &ro, tx_out_file, to);
        break;
    case CLI_FMT_GITHUB:
        tx_render_github(&ctx->sources, &ctx->diags, &ro, tx_out_file, to);
        break;
    case CLI_FMT_JUNIT:
        ro.rules = report_rules(ctx->arena, load_codes, lint_rules, &ro.n_rules);
        tx_render_junit(&ctx->sources, &ctx->diags, &ro, tx_out_file, to);
        break;
    }
}

void cli_render(tx_ctx *ctx, cli_format f, bool color, size_t max_warnings, FILE *to)
{
    render(ctx, f, color, "taxonc lint", false, max_warnings, to);
}

void cli_render_check(tx_ctx *ctx, cli_format f, FILE *to)
{
    render(ctx, f, false, "taxonc check", true, SIZE_MAX, to);
}

const tx_taxonomy *cli_load_and_lint(tx_ctx *ctx, const char *path, const tx_lint_opts *o)
{
    const tx_taxonomy *t = tx_load_file(ctx, path, NULL);
    if (t)
        tx_lint(t, o, &ctx->diags);
    return t;
}
