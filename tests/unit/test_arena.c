/* Unit tests for the memory pieces a plan at the size limit leans on:
 * arena marks (per-item scratch given back), packed strings and smaller
 * alignments, the compiler's string map (24-byte slots, reserve), and the
 * YAML tree kept in an arena of its own while scalar text stays in the
 * main one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "../../support/arena.h"
#include "../../support/strmap.h"
#include "../../compiler/yaml.h"

static int cleanups;
static void count_cleanup(void *p)
{
    (void)p;
    cleanups++;
}

static void test_mark_release(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    char *keep = tx_arena_strdup(a, "kept");
    tx_arena_mark m = tx_arena_mark_now(a);
    size_t used = tx_arena_used(a);
    void *first = NULL;
    cleanups = 0;
    for (int item = 0; item < 3; item++) {
        /* more than one chunk's worth per item, and a cleanup */
        void *p = tx_arena_alloc(a, 100);
        if (item == 0)
            first = p;
        else
            assert_ptr_equal(p, first);     /* the same room, given back */
        for (int i = 0; i < 2000; i++)
            tx_arena_printf(a, "item %d word %d", item, i);
        tx_arena_alloc(a, 8u << 20);        /* a chunk of its own */
        tx_arena_defer(a, count_cleanup, NULL);
        tx_arena_release(a, m);
        assert_int_equal(cleanups, item + 1);
        assert_int_equal(tx_arena_used(a), used);
    }
    assert_string_equal(keep, "kept");
    tx_arena_free(a);
    assert_int_equal(cleanups, 3);          /* released ones do not run twice */

    tx_arena *e = tx_arena_new();           /* a mark on an empty arena */
    tx_arena_mark me = tx_arena_mark_now(e);
    tx_arena_strdup(e, "gone");
    tx_arena_release(e, me);
    assert_int_equal(tx_arena_used(e), 0);
    assert_non_null(tx_arena_alloc(e, 16));
    tx_arena_free(e);
}

static void test_packing(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    char *s1 = tx_arena_strdup(a, "e0000000");
    char *s2 = tx_arena_strdup(a, "e0000001");
    assert_ptr_equal(s2, s1 + 9);           /* strings packed byte to byte */
    void *p8 = tx_arena_alloc_aligned(a, 24, 8);
    assert_int_equal((uintptr_t)p8 % 8, 0);
    void *q8 = tx_arena_alloc_aligned(a, 24, 8);
    assert_ptr_equal(q8, (char *)p8 + 24);
    void *p16 = tx_arena_alloc(a, 1);
    assert_int_equal((uintptr_t)p16 % 16, 0);
    assert_string_equal(s1, "e0000000");
    tx_arena_free(a);
}

static void test_strmap(void **state)
{
    (void)state;
    assert_true(sizeof(tx_strmap_slot) <= 24);
    static char keys[5000][8];
    tx_strmap m = { 0 };
    tx_strmap_reserve(&m, 5000);
    size_t cap = m.cap;
    assert_true(cap * 3 >= 5000 * 4);       /* room at 3/4 load */
    for (int i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        bool found;
        tx_strmap_put(&m, keys[i], strlen(keys[i]), &found)->val = (void *)(uintptr_t)(i + 1);
        assert_false(found);
    }
    assert_int_equal(m.cap, cap);           /* reserved: no regrowth */
    for (int i = 0; i < 5000; i++)
        assert_int_equal((uintptr_t)tx_strmap_get(&m, keys[i], strlen(keys[i])), i + 1);
    assert_null(tx_strmap_get(&m, "k5000", 5));
    bool found;
    tx_strmap_put(&m, "k42", 3, &found);
    assert_true(found);
    tx_strmap_free(&m);

    /* the arena form: tables in the arena, grown past the size asked for,
     * a key of any bytes, not only text */
    tx_arena *a = tx_arena_new();
    tx_strmap_init_arena(&m, a, 4);
    assert_ptr_equal(m.arena, a);
    for (int i = 0; i < 5000; i++) {
        const char *k = keys[i];
        tx_strmap_put(&m, (const char *)&keys[i], sizeof k, &found)->val = (void *)k;
        assert_false(found);
    }
    assert_int_equal(m.count, 5000);
    for (int i = 0; i < 5000; i++)
        assert_ptr_equal(tx_strmap_get(&m, (const char *)&keys[i], sizeof(const char *)), keys[i]);
    tx_strmap_free(&m);                     /* the arena owns the slots */
    assert_null(tx_strmap_get(&m, "k1", 2));
    tx_arena_free(a);
}

/* The tree in its own arena: freeing it leaves the scalar text whole. */
static void test_tree_arena(void **state)
{
    (void)state;
    assert_int_equal(sizeof(yl_node), 32);
    tx_arena *a = tx_arena_new(), *tree = tx_arena_new();
    tx_diags d = { .arena = a };
    const char *text = "events:\n  view_page: {}\n  a: &x [1, 2]\n  b: *x\n";
    yl_opts o = { .tree = tree };
    yl_node *root;
    assert_int_equal(yl_parse(a, &d, 0, text, strlen(text), &o, &root), 0);
    assert_int_equal(d.n, 0);
    const yl_node *ev = yl_get(root, "events");
    assert_non_null(ev);
    assert_int_equal(ev->n, 3);
    const char *name = ev->pairs[0].key->str;
    assert_int_equal(ev->pairs[0].val->n, 0);   /* an empty mapping */
    assert_ptr_equal(ev->pairs[1].val, ev->pairs[2].val);   /* the alias shares */
    size_t in_main = tx_arena_used(a);
    assert_true(in_main < tx_arena_used(tree));
    tx_arena_free(tree);
    assert_string_equal(name, "view_page");
    tx_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mark_release),
        cmocka_unit_test(test_packing),
        cmocka_unit_test(test_strmap),
        cmocka_unit_test(test_tree_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
