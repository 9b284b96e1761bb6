/* Unit tests for streamed generation (cg_files_stream): the files sent
 * straight to disk must be byte-identical to the files generated in
 * memory, for a taxonomy large enough that every file is handed over in
 * many pieces; --check must find a difference at the start, in the middle
 * and at the end of a file, a missing file and a longer one; an old file
 * differing only near its end is rewritten correctly from its equal
 * prefix; an up-to-date file is not rewritten. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../../codegen/gen.h"
#include "../../compiler/load.h"
#include "../../support/strbuf.h"
#include "../../support/util.h"

/* ~600 events with long descriptions: every file is well over the
 * stream's buffer, the C source body over its direct-write size. */
static char *big_yaml(void)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_adds(&sb, "taxonomy: stream_app\nversion: 1.0.0\ndescription: streamed\n"
                    "types:\n  method: {type: string, enum: [kakao, naver], description: 수단}\n"
                    "properties:\n");
    for (int i = 0; i < 40; i++)
        tx_sb_addf(&sb, "  prop_%d: {type: %s, description: property %d with a longer text "
                        "so that doc comments are wide}\n", i,
                   i % 4 == 0 ? "method" : i % 4 == 1 ? "integer" : i % 4 == 2 ? "string"
                                                                          : "boolean", i);
    tx_sb_adds(&sb, "events:\n");
    for (int e = 0; e < 1500; e++) {
        tx_sb_addf(&sb, "  view_page_%d:\n    description: event %d 설명\n    properties:\n", e, e);
        for (int k = 0; k < 8; k++)
            tx_sb_addf(&sb, "      prop_%d: %s\n", (e * 7 + k * 5) % 40,
                       k % 2 ? "optional" : "required");
    }
    size_t n;
    char *r = tx_sb_detach(&sb, &n);
    assert_non_null(r);
    return r;
}

static const tx_taxonomy *load(tx_ctx *ctx)
{
    char *y = big_yaml();
    const tx_taxonomy *t = tx_load_string(ctx, "stream.yaml", y, strlen(y), NULL);
    free(y);
    assert_non_null(t);
    return t;
}

static void gen(const tx_taxonomy *t, cg_files *f, tx_diags *d)
{
    bool want[CG_LANG_COUNT] = { true, true, true };
    assert_int_equal(cg_generate_set(t, want, true, f, d), 0);
}

static char *slurp(const char *dir, const char *rel, size_t *len)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    char *data;
    assert_int_equal(tx_read_file(p, 1u << 30, &data, len), 0);
    return data;
}

static void spit(const char *dir, const char *rel, const char *data, size_t len)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, rel);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* Streams into dir (check or write); returns the number of stale files
 * (check) or 0 (write). */
static int stream(const tx_taxonomy *t, const char *dir, bool check, tx_diags *d)
{
    cg_files f = { 0 };
    cg_files_stream(&f, dir, check);
    gen(t, &f, d);
    assert_false(f.io_failed);
    int r = check ? cg_check_files(dir, &f, NULL, NULL, d) : cg_write_files(dir, &f, d);
    cg_files_free(&f);
    return r;
}

static void assert_same_as_memory(const cg_files *mem, const char *dir)
{
    for (size_t i = 0; i < mem->n; i++) {
        size_t len;
        char *data = slurp(dir, mem->items[i].path, &len);
        if (len != mem->items[i].len || memcmp(data, mem->items[i].data, len) != 0) {
            fprintf(stderr, "%s: streamed file differs from the one made in memory\n",
                    mem->items[i].path);
            fail();
        }
        free(data);
    }
}

static void test_stream_matches_memory(void **state)
{
    (void)state;
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = load(ctx);
    cg_files mem = { 0 };
    gen(t, &mem, &ctx->diags);
    assert_int_equal(mem.n, 7);   /* .h .c _sample.c .swift Sample.swift .kt Sample.kt */
    for (size_t i = 0; i < mem.n; i++)
        if (!strstr(mem.items[i].path, "ample"))
            assert_true(mem.items[i].len > 512 * 1024);

    char root[] = "/tmp/cgstreamXXXXXX";
    assert_non_null(mkdtemp(root));
    char dir[600];
    snprintf(dir, sizeof dir, "%s/out", root);
    /* --check into a missing folder: everything missing, nothing created */
    assert_int_equal(stream(t, dir, true, &ctx->diags), 7);
    struct stat st;
    assert_int_not_equal(stat(dir, &st), 0);
    /* written fresh: identical to memory; then up to date */
    assert_int_equal(stream(t, dir, false, &ctx->diags), 0);
    assert_same_as_memory(&mem, dir);
    assert_int_equal(stream(t, dir, true, &ctx->diags), 0);

    /* stale files: one byte changed at the start, in the middle, near the
     * end; a longer file; a shorter one; a missing one */
    const cg_file *c = NULL;
    for (size_t i = 0; i < mem.n; i++)
        if (strcmp(mem.items[i].path, "stream_app.c") == 0)
            c = &mem.items[i];
    assert_non_null(c);
    size_t at[] = { 0, c->len / 2, c->len - 2 };
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        char *x = malloc(c->len);
        memcpy(x, c->data, c->len);
        x[at[k]] = x[at[k]] == 'x' ? 'y' : 'x';
        spit(dir, c->path, x, c->len);
        free(x);
        assert_int_equal(stream(t, dir, true, &ctx->diags), 1);
        assert_int_equal(stream(t, dir, false, &ctx->diags), 0);
        assert_same_as_memory(&mem, dir);
    }
    spit(dir, c->path, c->data, c->len - 1);
    assert_int_equal(stream(t, dir, true, &ctx->diags), 1);
    char *longer = malloc(c->len + 1);
    memcpy(longer, c->data, c->len);
    longer[c->len] = '\n';
    spit(dir, c->path, longer, c->len + 1);
    free(longer);
    assert_int_equal(stream(t, dir, true, &ctx->diags), 1);
    assert_int_equal(stream(t, dir, false, &ctx->diags), 0);
    assert_same_as_memory(&mem, dir);
    char p[700];
    snprintf(p, sizeof p, "%s/StreamApp.kt", dir);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(stream(t, dir, true, &ctx->diags), 1);
    assert_int_equal(stream(t, dir, false, &ctx->diags), 0);
    assert_same_as_memory(&mem, dir);

    /* an up-to-date file is not rewritten */
    snprintf(p, sizeof p, "%s/StreamApp.swift", dir);
    struct stat b, a;
    assert_int_equal(stat(p, &b), 0);
    sleep(1);
    assert_int_equal(stream(t, dir, false, &ctx->diags), 0);
    assert_int_equal(stat(p, &a), 0);
    assert_true(a.st_mtime == b.st_mtime && a.st_ino == b.st_ino);

    /* no temporaries anywhere */
    char cmd[800];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s | grep taxonc-tmp)\"", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", root);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(ctx->diags.n, 0);
    cg_files_free(&mem);
    tx_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_matches_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
