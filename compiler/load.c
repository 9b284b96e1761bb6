/* The front end's entry points: contexts, reading files, byte-level checks
 * (size, NUL bytes, UTF-8) before libyaml sees anything, and `include:`.
 *
 * Approach: load the root, then its includes depth-first in the order
 * written (each glob sorted), so definitions keep a stable declaration
 * order: root first, then each included file. Files are identified by
 * realpath: a file on the current include chain is a cycle (reported at
 * the include entry), a file already loaded elsewhere is skipped. Then
 * resolve.c builds the model from all documents at once. File texts are
 * owned by the context's arena (freed with it), and so is scalar text,
 * which the model borrows. The node trees live in an arena of their own
 * that is freed as soon as the model is built: nothing after resolving
 * points into them (diagnostics hold spans and formatted messages), and on
 * a plan at the size limit they are a third of the memory. */
#include "resolve.h"
#include "../support/util.h"
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

tx_ctx *tx_ctx_new(void)
{
    tx_ctx *ctx = tx_xmalloc(sizeof *ctx);
    ctx->arena = tx_arena_new();
    ctx->sources = (tx_sources){ .arena = ctx->arena };
    ctx->diags = (tx_diags){ .arena = ctx->arena };
    return ctx;
}

void tx_ctx_free(tx_ctx *ctx)
{
    if (!ctx)
        return;
    tx_arena_free(ctx->arena);
    free(ctx);
}

typedef struct loader {
    tx_ctx *ctx;
    tx_load_opts o;
    yl_opts yo;
    TX_VEC(tx_doc) docs;
    TX_VEC(const char *) chain;     /* realpaths of the files being loaded */
    TX_VEC(const char *) chain_shown;
    tx_strmap seen;                 /* realpaths loaded so far */
    tx_arena *tree;                 /* the documents' nodes; freed by finish() */
    size_t n_files;
    bool broken;                    /* a file is missing or unparsable: resolving would
                                       only add follow-on errors */
} loader;

static tx_diag *err(loader *L, tx_code c, tx_span sp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static tx_diag *err(loader *L, tx_code c, tx_span sp, const char *fmt, ...)
{
    if (tx_diags_full(&L->ctx->diags))
        return tx_diag_add(&L->ctx->diags, TX_SEV_ERROR, tx_code_name(c), sp, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    char *msg = tx_arena_vprintf(L->ctx->arena, fmt, ap);
    va_end(ap);
    return tx_diag_add(&L->ctx->diags, TX_SEV_ERROR, tx_code_name(c), sp, "%s", msg);
}

static const char *real_path(loader *L, const char *path)
{
    char *rp = realpath(path, NULL);
    if (!rp)
        return tx_arena_strdup(L->ctx->arena, path);
    char *r = tx_arena_strdup(L->ctx->arena, rp);
    free(rp);
    return r;
}

/* Byte-level checks: NUL bytes (binary files), then UTF-8. */
static bool check_bytes(loader *L, uint32_t file, const char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        uint32_t off = (uint32_t)(nul - text);
        err(L, TXC_BINARY_FILE, (tx_span){ file, off, off + 1 },
            "file contains a NUL byte; is it a binary file?");
        return false;
    }
    size_t bad = tx_utf8_check(text, len);
    if (bad < len) {
        err(L, TXC_INVALID_UTF8, (tx_span){ file, (uint32_t)bad, (uint32_t)bad + 1 },
            "invalid UTF-8 byte 0x%02X; taxonomy files must be UTF-8",
            (unsigned char)text[bad]);
        return false;
    }
    return true;
}

static void load_includes(loader *L, const tx_doc *doc, const char *shown);

/* Registers text (arena-owned) as a source and parses it. */
static void load_text(loader *L, const char *shown, const char *real, const char *text,
                      size_t len, bool is_root)
{
    tx_ctx *ctx = L->ctx;
    uint32_t file = tx_sources_add(&ctx->sources, shown, text, len);
    L->n_files++;
    if (len > L->o.max_file_size) {
        err(L, TXC_FILE_TOO_LARGE, (tx_span){ file, 0, 0 },
            "file is larger than %zu bytes", L->o.max_file_size);
        L->broken = true;
        return;
    }
    if (!check_bytes(L, file, text, len)) {
        L->broken = true;
        return;
    }
    yl_node *root;
    if (yl_parse(ctx->arena, &ctx->diags, file, text, len, &L->yo, &root) != 0) {
        L->broken = true;
        return;
    }
    if (!root || yl_is_null(root)) {
        err(L, TXC_EMPTY_TAXONOMY, (tx_span){ file, 0, 0 },
            is_root ? "empty taxonomy" : "empty included file");
        L->broken = is_root;
        return;
    }
    if (root->kind != YL_MAP) {
        err(L, TXC_WRONG_KIND, yl_head_span(&ctx->sources, root),
            "expected a mapping at the top level, found %s", yl_describe(root));
        L->broken = true;
        return;
    }
    tx_doc doc = { file, root, is_root };
    TX_PUSH(ctx->arena, L->docs, doc);
    if (L->o.no_includes)
        return;
    TX_PUSH(ctx->arena, L->chain, real);
    TX_PUSH(ctx->arena, L->chain_shown, shown);
    load_includes(L, &doc, shown);
    L->chain.n--;
    L->chain_shown.n--;
}

static bool has_glob_magic(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* The root is read as named, whatever it is: `-` and pipes (`<(...)`) are
 * ways to give it, and the user chose it. An included file was found by a
 * path or glob inside a file, so it must be a regular file: a FIFO, socket
 * or device there is an error at the include (rel: as written), never a
 * wait. */
static void read_and_load(loader *L, const char *shown, const char *real, tx_span at, bool root,
                          const char *rel)
{
    char *data;
    size_t len;
    size_t limit = L->o.max_file_size;
    const char *kind = NULL;
    if ((root ? tx_read_file(shown, limit, &data, &len)
              : tx_read_regular_file(shown, limit, &data, &len, &kind)) != 0) {
        int e = errno;
        L->broken = true;
        if (kind) {
            tx_diag *dg = has_glob_magic(rel)
                              ? err(L, TXC_INCLUDE_NOT_REGULAR, at,
                                    "include pattern '%s' matches '%s', %s, not a regular file",
                                    rel, shown, kind)
                              : err(L, TXC_INCLUDE_NOT_REGULAR, at,
                                    "included path '%s' is %s, not a regular file", rel, kind);
            tx_diag_fix(&L->ctx->diags, dg, "include only regular files, e.g. '*.yaml'");
        } else if (e == EFBIG) {
            err(L, TXC_FILE_TOO_LARGE, at, "'%s' is larger than %zu bytes", shown, limit);
        } else {
            err(L, TXC_IO, at, "cannot read '%s': %s", shown, strerror(e));
        }
        return;
    }
    tx_arena_defer(L->ctx->arena, free, data);
    load_text(L, shown, real, data, len, root);
}

static void include_one(loader *L, const yl_node *entry, const char *dir)
{
    tx_arena *a = L->ctx->arena;
    const char *rel = entry->str;
    if (entry->kind != YL_SCALAR || yl_is_null(entry)) {
        err(L, TXC_WRONG_KIND, entry->span, "expected a file path or glob in 'include', found %s",
            yl_describe(entry));
        return;
    }
    char *pat = rel[0] == '/' || !*dir ? tx_arena_strdup(a, rel)
                                       : tx_arena_printf(a, "%s/%s", dir, rel);
    glob_t g;
    int rc = glob(pat, GLOB_MARK, NULL, &g);
    if (rc == GLOB_NOMATCH || (rc == 0 && g.gl_pathc == 0)) {
        if (rc == 0)
            globfree(&g);
        tx_diag *dg = has_glob_magic(rel)
                          ? err(L, TXC_INCLUDE_MISSING, entry->span,
                                "include pattern '%s' matches no files", rel)
                          : err(L, TXC_INCLUDE_MISSING, entry->span,
                                "included file '%s' not found", rel);
        tx_diag_fix(&L->ctx->diags, dg, "paths are relative to the including file's folder (%s)",
                    *dir ? dir : ".");
        L->broken = true;
        return;
    }
    if (rc != 0) {
        err(L, TXC_IO, entry->span, "cannot expand include '%s'", rel);
        return;
    }
    size_t files = 0;
    bool itself = false;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *p = g.gl_pathv[i];
        size_t pl = strlen(p);
        if (pl && p[pl - 1] == '/')
            continue;   /* a folder matched by a glob */
        files++;
        if (L->o.max_files && L->n_files >= L->o.max_files) {
            err(L, TXC_TOO_MANY_FILES, entry->span, "more than %zu files included",
                L->o.max_files);
            break;
        }
        const char *shown = tx_arena_strdup(a, p);
        const char *real = real_path(L, shown);
        if (has_glob_magic(rel) && L->chain.n &&
            strcmp(L->chain.items[L->chain.n - 1], real) == 0) {
            files--;    /* `include: ['*.yaml']` beside the including file means the others */
            itself = true;
            continue;
        }
        bool on_chain = false;
        for (size_t j = 0; j < L->chain.n && !on_chain; j++)
            on_chain = strcmp(L->chain.items[j], real) == 0;
        if (on_chain) {
            tx_sb sb = TX_SB_INIT;
            size_t from = 0;
            for (size_t j = 0; j < L->chain.n; j++)
                if (strcmp(L->chain.items[j], real) == 0)
                    from = j;
            for (size_t j = from; j < L->chain.n; j++)
                tx_sb_addf(&sb, "%s -> ", L->chain_shown.items[j]);
            tx_sb_adds(&sb, shown);
            err(L, TXC_INCLUDE_CYCLE, entry->span, "include cycle: %s", sb.buf);
            tx_sb_release(&sb);
            continue;
        }
        bool found;
        tx_strmap_slot *s = tx_strmap_put(&L->seen, real, strlen(real), &found);
        if (found)
            continue;   /* already loaded through another include */
        s->val = (void *)1;
        read_and_load(L, shown, real, entry->span, false, rel);
    }
    globfree(&g);
    if (files == 0 && itself) {
        tx_diag *dg = err(L, TXC_INCLUDE_MISSING, entry->span,
                          "include pattern '%s' matches no file but the one it is written in",
                          rel);
        tx_diag_fix(&L->ctx->diags, dg, "paths are relative to the including file's folder (%s)",
                    *dir ? dir : ".");
        L->broken = true;
    } else if (files == 0) {
        /* only folders: `include: events` would otherwise include nothing, silently */
        tx_diag *dg = has_glob_magic(rel)
                          ? err(L, TXC_INCLUDE_NOT_REGULAR, entry->span,
                                "include pattern '%s' matches only folders, no files", rel)
                          : err(L, TXC_INCLUDE_NOT_REGULAR, entry->span,
                                "included path '%s' is a folder, not a file", rel);
        size_t rl = strlen(rel);
        tx_diag_fix(&L->ctx->diags, dg, "include the files in it, e.g. '%.*s/*.yaml'",
                    (int)(rl && rel[rl - 1] == '/' ? rl - 1 : rl), rel);
        L->broken = true;
    }
}

static void load_includes(loader *L, const tx_doc *doc, const char *shown)
{
    const yl_node *inc = yl_get(doc->root, "include");
    if (!inc || yl_is_null(inc))
        return;
    const char *slash = strrchr(shown, '/');
    const char *dir = slash ? tx_arena_strndup(L->ctx->arena, shown,
                                               slash == shown ? 1 : (size_t)(slash - shown))
                            : "";
    if (inc->kind == YL_SCALAR) {
        include_one(L, inc, dir);
        return;
    }
    if (inc->kind != YL_SEQ) {
        err(L, TXC_WRONG_KIND, yl_head_span(&L->ctx->sources, inc),
            "expected a list of paths for 'include', found %s", yl_describe(inc));
        return;
    }
    for (size_t i = 0; i < inc->n; i++)
        include_one(L, inc->items[i], dir);
}

static void init_loader(loader *L, tx_ctx *ctx, const tx_load_opts *o)
{
    memset(L, 0, sizeof *L);
    L->ctx = ctx;
    if (o)
        L->o = *o;
    if (!L->o.max_file_size)
        L->o.max_file_size = 16u << 20;
    if (L->o.max_file_size > UINT32_MAX - 1)
        L->o.max_file_size = UINT32_MAX - 1;   /* spans are 32-bit byte offsets */
    if (!L->o.max_depth)
        L->o.max_depth = 64;
    if (!L->o.max_alias_nodes)
        L->o.max_alias_nodes = 100000;
    if (!L->o.max_files)
        L->o.max_files = 1000;
    L->yo.max_depth = L->o.max_depth;
    L->yo.max_alias_nodes = L->o.max_alias_nodes;
    L->tree = tx_arena_new();
    L->yo.tree = L->tree;
}

static const tx_taxonomy *finish(loader *L)
{
    const tx_taxonomy *t = NULL;
    tx_strmap_free(&L->seen);
    /* Resolve even after non-fatal errors (duplicate keys, cycles) so one
     * run reports everything, but not with a file missing: that would
     * only add follow-on "unknown property" errors. */
    if (!L->broken && L->docs.n > 0)
        t = rs_resolve(L->ctx, L->docs.items, L->docs.n, &L->o, L->tree);
    tx_arena_free(L->tree);
    L->tree = NULL;
    return L->ctx->diags.n_error ? NULL : t;
}

const tx_taxonomy *tx_load_string(tx_ctx *ctx, const char *name, const char *text, size_t len,
                                  const tx_load_opts *opts)
{
    loader L;
    init_loader(&L, ctx, opts);
    const char *real = real_path(&L, name);
    bool found;
    tx_strmap_put(&L.seen, real, strlen(real), &found)->val = (void *)1;
    char *copy = tx_arena_strndup(ctx->arena, text, len);
    load_text(&L, name, real, copy, len, true);
    return finish(&L);
}

const tx_taxonomy *tx_load_file(tx_ctx *ctx, const char *path, const tx_load_opts *opts)
{
    loader L;
    init_loader(&L, ctx, opts);
    const char *real = real_path(&L, path);
    bool found;
    tx_strmap_put(&L.seen, real, strlen(real), &found)->val = (void *)1;
    read_and_load(&L, path, real, TX_NO_SPAN, true, path);
    return finish(&L);
}
