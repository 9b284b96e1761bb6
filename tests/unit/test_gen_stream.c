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

/* The group's state: the big taxonomy generated in memory once, and the
 * output folder the tests stream into. The tests run in order on it: the
 * first writes it fresh, the next spoil and rewrite it. */
typedef struct sfx {
    tx_ctx *ctx;
    const tx_taxonomy *t;
    cg_files mem;
    const cg_file *c;       /* stream_app.c, the file the tests spoil */
    char root[32];
    char dir[600];
} sfx;

static int group_setup(void **state)
{
    sfx *f = calloc(1, sizeof *f);
    f->ctx = tx_ctx_new();
    f->t = load(f->ctx);
    gen(f->t, &f->mem, &f->ctx->diags);
    for (size_t i = 0; i < f->mem.n; i++)
        if (strcmp(f->mem.items[i].path, "stream_app.c") == 0)
            f->c = &f->mem.items[i];
    snprintf(f->root, sizeof f->root, "/tmp/cgstreamXXXXXX");
    assert_non_null(mkdtemp(f->root));
    snprintf(f->dir, sizeof f->dir, "%s/out", f->root);
    *state = f;
    return 0;
}

static int group_teardown(void **state)
{
    sfx *f = *state;
    char cmd[800];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->root);
    int rc = system(cmd);
    cg_files_free(&f->mem);
    tx_ctx_free(f->ctx);
    free(f);
    return rc;
}

/* After a file in the folder was spoilt: --check finds it stale, writing
 * makes every file the same as in memory again. */
static void expect_one_stale_then_fixed(sfx *f)
{
    assert_int_equal(stream(f->t, f->dir, true, &f->ctx->diags), 1);
    assert_int_equal(stream(f->t, f->dir, false, &f->ctx->diags), 0);
    assert_same_as_memory(&f->mem, f->dir);
}

static void test_stream_matches_memory(void **state)
{
    sfx *f = *state;
    assert_int_equal(f->mem.n, 7);   /* .h .c _sample.c .swift Sample.swift .kt Sample.kt */
    for (size_t i = 0; i < f->mem.n; i++)
        if (!strstr(f->mem.items[i].path, "ample"))
            assert_true(f->mem.items[i].len > 512 * 1024);
    /* --check into a missing folder: everything missing, nothing created */
    assert_int_equal(stream(f->t, f->dir, true, &f->ctx->diags), 7);
    struct stat st;
    assert_int_not_equal(stat(f->dir, &st), 0);
    /* written fresh: identical to memory; then up to date */
    assert_int_equal(stream(f->t, f->dir, false, &f->ctx->diags), 0);
    assert_same_as_memory(&f->mem, f->dir);
    assert_int_equal(stream(f->t, f->dir, true, &f->ctx->diags), 0);
}

/* Stale files: one byte changed at the start, in the middle, near the end;
 * a longer file; a shorter one; a missing one. */
static void test_stale_files(void **state)
{
    sfx *f = *state;
    const cg_file *c = f->c;
    assert_non_null(c);
    size_t at[] = { 0, c->len / 2, c->len - 2 };
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        char *x = malloc(c->len);
        memcpy(x, c->data, c->len);
        x[at[k]] = x[at[k]] == 'x' ? 'y' : 'x';
        spit(f->dir, c->path, x, c->len);
        free(x);
        expect_one_stale_then_fixed(f);
    }
    spit(f->dir, c->path, c->data, c->len - 1);
    assert_int_equal(stream(f->t, f->dir, true, &f->ctx->diags), 1);
    char *longer = malloc(c->len + 1);
    memcpy(longer, c->data, c->len);
    longer[c->len] = '\n';
    spit(f->dir, c->path, longer, c->len + 1);
    free(longer);
    expect_one_stale_then_fixed(f);
    char p[700];
    snprintf(p, sizeof p, "%s/StreamApp.kt", f->dir);
    assert_int_equal(unlink(p), 0);
    expect_one_stale_then_fixed(f);
}

/* An up-to-date file is not rewritten, and no temporaries are left. */
static void test_up_to_date_untouched(void **state)
{
    sfx *f = *state;
    char p[700];
    snprintf(p, sizeof p, "%s/StreamApp.swift", f->dir);
    struct stat b, a;
    assert_int_equal(stat(p, &b), 0);
    sleep(1);
    assert_int_equal(stream(f->t, f->dir, false, &f->ctx->diags), 0);
    assert_int_equal(stat(p, &a), 0);
    assert_true(a.st_mtime == b.st_mtime && a.st_ino == b.st_ino);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s | grep taxonc-tmp)\"", f->dir);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(f->ctx->diags.n, 0);
}

/* The three share one generation and one folder, in this order: the first
 * writes the folder the other two spoil and rewrite (cmocka runs a group's
 * tests in order). */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_matches_memory),
        cmocka_unit_test(test_stale_files),
        cmocka_unit_test(test_up_to_date_untouched),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
