/* Unit tests for funnels (issue 18, compiler/funnels.c): the model a
 * `funnels:` map resolves to — steps pointing at events, conditions at the
 * step event's own slot with typed values, the key (NULL for the user),
 * `within` in seconds and its bounds — and one error code per mistake.
 * Message texts are pinned by tests/golden/check/funnels*. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "../../compiler/load.h"

static const char plan[] =
    "taxonomy: shop\n"
    "properties:\n"
    "  product_id: {type: string}\n"
    "  method: {type: string, enum: [card, cash]}\n"
    "  amount: {type: number, min: 0, max: 100}\n"
    "  qty: {type: integer}\n"
    "events:\n"
    "  view_product: {properties: [product_id]}\n"
    "  pay_product:\n"
    "    properties: {product_id: required, method: required, amount: optional,\n"
    "                 qty: {type: integer, min: 1, max: 9}}\n"
    "funnels:\n"
    "  by_user:\n"
    "    steps: [view_product, {event: pay_product, where: {method: card, amount: 2.5, qty: 3}}]\n"
    "    within: 30m\n"
    "  by_product: {steps: [view_product, pay_product], key: product_id, within: 2d}\n"
    "  by_user_too: {steps: [view_product, pay_product], key: user, within: 366d}\n";

static void test_model(void **state)
{
    (void)state;
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(ctx, "t.yaml", plan, strlen(plan), NULL);
    assert_non_null(t);
    assert_int_equal(t->n_funnels, 3);
    const tx_funnel *f = &t->funnels[0];
    assert_string_equal(f->name, "by_user");
    assert_null(f->key);                        /* default: the user */
    assert_int_equal(f->within_s, 30 * 60);
    assert_string_equal(f->within_text, "30m");
    assert_int_equal(f->n_steps, 2);
    assert_ptr_equal(f->steps[0].event, tx_find_event(t, "view_product", 12));
    assert_ptr_equal(f->steps[1].event, tx_find_event(t, "pay_product", 11));
    assert_int_equal(f->steps[0].n_where, 0);
    assert_int_equal(f->steps[1].n_where, 3);
    const tx_funnel_where *w = f->steps[1].where;
    assert_string_equal(w[0].slot->prop->name, "method");
    assert_int_equal(w[0].value.kind, TX_STRING);
    assert_string_equal(w[0].value.str, "card");
    assert_int_equal(w[1].value.kind, TX_NUMBER);
    assert_true(w[1].value.num.set);
    assert_true(w[1].value.num.d == 2.5);
    /* the event's own variant, not the dictionary's definition */
    assert_true(w[2].slot->variant);
    assert_int_equal(w[2].value.kind, TX_INTEGER);
    assert_int_equal(w[2].value.num.i, 3);
    assert_string_equal(t->funnels[1].key, "product_id");
    assert_int_equal(t->funnels[1].within_s, 2 * 86400);
    assert_null(t->funnels[2].key);             /* key: user */
    assert_int_equal(t->funnels[2].within_s, 366 * 86400);
    tx_ctx_free(ctx);
}

/* Exactly one error, of code, when `line` replaces the by_user funnel. */
static void expect(const char *funnel, const char *code)
{
    char text[2048];
    const char *cut = strstr(plan, "  by_user:\n");
    snprintf(text, sizeof text, "%.*s%s", (int)(cut - plan), plan, funnel);
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(ctx, "t.yaml", text, strlen(text), NULL);
    size_t hits = 0;
    for (size_t i = 0; i < ctx->diags.n; i++) {
        if (strcmp(ctx->diags.items[i].code, code) == 0)
            hits++;
        else
            fprintf(stderr, "  also [%s] %s\n", ctx->diags.items[i].code,
                    ctx->diags.items[i].message);
    }
    if (hits != 1)
        fprintf(stderr, "  expected one [%s] for:\n%s\n", code, funnel);
    assert_null(t);
    assert_int_equal(ctx->diags.n_error, 1);
    assert_int_equal(hits, 1);
    tx_ctx_free(ctx);
}

static void test_errors(void **state)
{
    (void)state;
    expect("  f: {steps: [view_product, pay_prodct], within: 1d}\n", "unknown-event");
    expect("  f: {steps: [view_product], within: 1d}\n", "funnel-steps");
    expect("  f: {steps: [view_product, pay_product], within: 1d, key: method}\n", "funnel-key");
    expect("  f: {steps: [view_product, pay_product], within: 1d, key: prodct_id}\n",
           "unknown-property");
    expect("  f: {steps: [view_product, {event: pay_product, where: {method: cheque}}], "
           "within: 1d}\n", "funnel-condition");
    expect("  f: {steps: [view_product, {event: pay_product, where: {amount: 100.5}}], "
           "within: 1d}\n", "funnel-condition");
    expect("  f: {steps: [view_product, {event: pay_product, where: {qty: 10}}], "
           "within: 1d}\n", "funnel-condition");     /* the variant's max is 9 */
    expect("  f: {steps: [view_product, {event: pay_product, where: {qty: '3'}}], "
           "within: 1d}\n", "funnel-condition");
    expect("  f: {steps: [view_product, {event: view_product, where: {method: card}}], "
           "within: 1d}\n", "unknown-property");
    expect("  f: {steps: [view_product, pay_product], within: 367d}\n", "invalid-duration");
    expect("  f: {steps: [view_product, pay_product], within: 30}\n", "invalid-duration");
    expect("  f: {steps: [view_product, pay_product], within: 99999999999999999999d}\n",
           "invalid-duration");
    expect("  f: {steps: [view_product, pay_product]}\n", "missing-key");
}

/* String conditions against the slot's effective length, pattern and
 * format (a refinement's and an event variant's included): the number of
 * funnel-condition errors when the one condition is `where`, 0 or 1. */
static size_t string_condition(const char *where)
{
    char text[2048];
    snprintf(text, sizeof text,
             "taxonomy: shop\n"
             "types:\n"
             "  sku: {type: string, pattern: '^[A-Z]{2}-[0-9]+$'}\n"
             "  short_sku: {type: sku, max_length: 6}\n"
             "  aaa: {type: string, pattern: '^(a+)+$'}\n"
             "properties:\n"
             "  code: {type: string, min_length: 3, max_length: 5}\n"
             "  sku: {type: short_sku}\n"
             "  mail: {type: string, format: email}\n"
             "  day: {type: string, format: date}\n"
             "  a: {type: aaa}\n"
             "events:\n"
             "  view: {properties: [code, sku, mail, day, a]}\n"
             "  pay: {properties: {code: {max_length: 4}}}\n"
             "funnels:\n"
             "  f: {steps: [view, {event: %s}], within: 1d}\n", where);
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(ctx, "t.yaml", text, strlen(text), NULL);
    size_t hits = 0;
    for (size_t i = 0; i < ctx->diags.n; i++) {
        if (strcmp(ctx->diags.items[i].code, "funnel-condition") == 0)
            hits++;
        else
            fail_msg("[%s] %s", ctx->diags.items[i].code, ctx->diags.items[i].message);
    }
    assert_true(hits ? t == NULL : t != NULL);
    tx_ctx_free(ctx);
    return hits;
}

static void test_string_conditions(void **state)
{
    (void)state;
    assert_int_equal(string_condition("view, where: {code: abc, sku: AB-12, mail: a@b.example, "
                                      "day: '2026-12-07', a: aaaa}"), 0);
    assert_int_equal(string_condition("view, where: {code: 가나다}"), 0);   /* code points */
    assert_int_equal(string_condition("view, where: {code: ab}"), 1);       /* min_length */
    assert_int_equal(string_condition("view, where: {code: 가나}"), 1);
    assert_int_equal(string_condition("view, where: {code: abcdef}"), 1);   /* max_length */
    assert_int_equal(string_condition("view, where: {sku: ab-12}"), 1);     /* the parent's pattern */
    assert_int_equal(string_condition("view, where: {sku: AB-1234}"), 1);   /* the refinement's max */
    assert_int_equal(string_condition("view, where: {mail: nobody}"), 1);   /* format */
    assert_int_equal(string_condition("view, where: {day: '2026-02-30'}"), 1);
    assert_int_equal(string_condition("pay, where: {code: abcd}"), 0);
    assert_int_equal(string_condition("pay, where: {code: abcde}"), 1);     /* the variant's */
    /* a pattern that hits PCRE2's match limit ends (as enum values do) */
    assert_int_equal(string_condition("view, where: {a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!}"), 1);
}

/* The hash of plan with the first `from` replaced by `to`. */
static uint64_t hash_with(const char *from, const char *to)
{
    char text[2048];
    const char *at = from ? strstr(plan, from) : NULL;
    if (from)
        assert_non_null(at);
    if (at)
        snprintf(text, sizeof text, "%.*s%s%s", (int)(at - plan), plan, to, at + strlen(from));
    else
        snprintf(text, sizeof text, "%s", plan);
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(ctx, "t.yaml", text, strlen(text), NULL);
    assert_non_null(t);
    uint64_t h = t->content_hash;
    assert_int_equal(h, tx_model_hash(t));
    tx_ctx_free(ctx);
    return h;
}

/* A funnel is part of the model: changing one changes the content hash
 * (and so the header of generated code); writing the same funnel another
 * way (30m as 1800s, 2.5 as 2.50) does not. */
static void test_hash(void **state)
{
    (void)state;
    uint64_t h = hash_with(NULL, NULL);
    assert_int_equal(hash_with(NULL, NULL), h);                 /* stable */
    const char *const changes[][2] = {
        { "  by_user:", "  by_user2:" },                        /* name */
        { "[view_product, {event: pay", "[pay_product, {event: pay" },  /* a step */
        { "method: card", "method: cash" },                     /* a condition's value */
        { "method: card, amount: 2.5", "amount: 2.5" },         /* a condition less */
        { "qty: 3", "qty: 4" },
        { "amount: 2.5", "amount: 3.5" },
        { "key: product_id", "key: user" },                     /* the key */
        { "within: 30m", "within: 31m" },                       /* the window */
        { "by_product: {steps", "by_product: {description: d, steps" },
        { "  by_user_too: {steps: [view_product, pay_product], key: user, within: 366d}\n",
          "" },                                                 /* a funnel less */
    };
    for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
        if (hash_with(changes[i][0], changes[i][1]) == h)
            fail_msg("'%s' -> '%s' kept the content hash", changes[i][0], changes[i][1]);
    }
    assert_int_equal(hash_with("within: 30m", "within: 1800s"), h);
    assert_int_equal(hash_with("amount: 2.5", "amount: 2.50"), h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_string_conditions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
