/* Unit tests for funnels (issue 18, compiler/funnels.c): the model a
 * `funnels:` map resolves to — steps pointing at events, conditions at the
 * step event's own slot with typed values, the key (NULL for the user),
 * `within` in seconds and its bounds — and one error code per mistake.
 * Message texts are pinned by tests/golden/check/funnels*. Then the
 * engine that follows journeys through them in `validate`
 * (validators/funnels.c): order by event time, skipped steps, missing and
 * changed keys, windows and the watermark, eviction from a full table, a
 * snapshot, identity links (a device's journeys become its user's, merged
 * when both have one; Mixpanel's "$device:X"; bounded links), and runs
 * through the validator at --jobs 1 and 2. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../compiler/load.h"
#include "../../validators/funnels.h"
#include "../../validators/validate.h"
#include "load_fx.h"

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

static plan_fx model = { .name = "t.yaml", .yaml = plan };

static void test_model(void **state)
{
    const tx_taxonomy *t = plan_of(state);
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
    tx_ctx *ctx;
    const tx_taxonomy *t = load_plan(&ctx, "t.yaml", text);
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

/* --- the engine (validators/funnels.c) ------------------------------------ */

static const char eplan[] =
    "taxonomy: shop\n"
    "properties:\n"
    "  product_id: {type: string}\n"
    "  method: {type: string, enum: [card, cash]}\n"
    "events:\n"
    "  view_product: {properties: [product_id]}\n"
    "  select_option: {properties: [product_id]}\n"
    "  pay_product: {properties: {product_id: required, method: optional}}\n"
    "funnels:\n"
    "  buy:\n"
    "    steps: [view_product, select_option, pay_product]\n"
    "    within: 1h\n"
    "  product: {steps: [view_product, select_option], key: product_id, within: 1h}\n"
    "  card:\n"
    "    steps: [select_option, {event: pay_product, where: {method: card}}]\n"
    "    within: 10m\n";

typedef struct seen_v {
    size_t n;
    val_code code[64];
    uint64_t record[64];
    char msg[64][256];
} seen_v;

static void collect(void *ctx, const val_fn_violation *v)
{
    seen_v *s = ctx;
    if (s->n < 64) {
        s->code[s->n] = v->code;
        s->record[s->n] = v->loc.record;
        snprintf(s->msg[s->n], sizeof s->msg[0], "%s", v->message);
        s->n++;
    }
}

typedef struct efix {
    tx_ctx *ctx;
    const tx_taxonomy *t;
    val_fn_engine *e;
    seen_v v;
    uint64_t rec;
} efix;

static void efix_open(efix *f, size_t max)
{
    memset(f, 0, sizeof *f);
    f->t = load_plan(&f->ctx, "t.yaml", eplan);
    f->e = val_fn_new(f->t, max, collect, &f->v);
    assert_non_null(f->e);
}

static void efix_close(efix *f)
{
    val_fn_free(f->e);
    tx_ctx_free(f->ctx);
}

/* The cmocka fixture of the engine tests: an engine on eplan as *state,
 * unbounded, or holding at most 2 journeys (small). */
static int efix_setup_max(void **state, size_t max)
{
    efix *f = malloc(sizeof *f);
    if (!f)
        return -1;
    efix_open(f, max);
    *state = f;
    return 0;
}

static int efix_setup(void **state)
{
    return efix_setup_max(state, 0);
}

static int efix_setup_small(void **state)
{
    return efix_setup_max(state, 2);
}

static int efix_teardown(void **state)
{
    efix_close(*state);
    free(*state);
    return 0;
}

#define EFIX_TEST(t) cmocka_unit_test_setup_teardown(t, efix_setup, efix_teardown)

/* One count a funnel's val_fn_counts must hold: FN_COUNT(field, n). */
typedef struct fn_count {
    const char *name;
    size_t off;
    uint64_t n;
} fn_count;

#define FN_COUNT(field, v) { #field, offsetof(val_fn_counts, field), (v) }

/* Checks each of the n counts of want in c, naming the one that differs. */
static void expect_counts(const val_fn_counts *c, const fn_count *want, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t got;
        memcpy(&got, (const char *)c + want[i].off, sizeof got);
        if (got != want[i].n)
            fail_msg("%s is %llu, expected %llu", want[i].name, (unsigned long long)got,
                     (unsigned long long)want[i].n);
    }
}

#define EXPECT_COUNTS(c, ...)                                                                 \
    expect_counts((c), (const fn_count[]){ __VA_ARGS__ },                                     \
                  sizeof (const fn_count[]){ __VA_ARGS__ } / sizeof(fn_count))

/* One violation the engine must report: its code, the record it is about
 * and, when set, its message. */
typedef struct fn_want {
    val_code code;
    uint64_t record;
    const char *msg;
} fn_want;

/* Checks the engine reported exactly the n violations of want: in that
 * order, or, with any_order, each found by its record. A violation that
 * differs is named. */
static void expect_violations(const efix *f, const fn_want *want, size_t n, bool any_order)
{
    assert_int_equal(f->v.n, n);
    for (size_t i = 0; i < n; i++) {
        size_t k = i;
        if (any_order)
            for (k = 0; k < n && f->v.record[k] != want[i].record; k++)
                ;
        if (k == n || f->v.code[k] != want[i].code || f->v.record[k] != want[i].record ||
            (want[i].msg && strcmp(f->v.msg[k], want[i].msg) != 0))
            fail_msg("violation %zu: expected [%s] record %llu %s; got %s", i,
                     val_code_name(want[i].code), (unsigned long long)want[i].record,
                     want[i].msg ? want[i].msg : "", k == n ? "none for that record"
                                                            : f->v.msg[k]);
    }
}

/* One hit of funnel fn, step st, identity u (0: none), device identity d
 * (0: none; d == u: the device alone, else it links d to user u), key k,
 * at minute m (-1: no time); the record number counts up. */
static void hit_dev(efix *f, uint32_t fn, uint32_t st, uint64_t u, uint64_t d, uint64_t k,
                    int64_t m)
{
    uint64_t key = f->t->funnels[fn].key ? k : u;
    val_fn_hit h = { fn, st, key != 0, u, key, "v", 1,
                     m < 0 ? VAL_FN_NO_TIME : 1700000000000LL + m * 60000,
                     { "log", f->rec + 1, f->rec }, d };
    f->rec++;
    val_fn_feed(f->e, &h);
}

static void hit(efix *f, uint32_t fn, uint32_t st, uint64_t u, uint64_t k, int64_t m)
{
    hit_dev(f, fn, st, u, 0, k, m);
}

static void test_engine_order(void **state)
{
    efix *f = *state;
    /* user 1: in order; user 2: its select came (in time) before its view */
    hit(f, 0, 0, 1, 0, 0);
    hit(f, 0, 1, 1, 0, 1);
    hit(f, 0, 2, 1, 0, 2);
    hit(f, 0, 1, 2, 0, 0);     /* record 3 */
    hit(f, 0, 0, 2, 0, 1);
    /* user 3: input order differs from time order: sorted, in order */
    hit(f, 0, 1, 3, 0, 5);
    hit(f, 0, 0, 3, 0, 4);
    hit(f, 0, 2, 3, 0, 6);
    val_fn_finish(f->e);
    const val_fn_counts *c = val_fn_counts_of(f->e, 0);
    EXPECT_COUNTS(c, FN_COUNT(journeys, 3), FN_COUNT(entered, 3), FN_COUNT(completed, 2),
                  FN_COUNT(out_of_order, 1), FN_COUNT(skipped, 0));
    assert_int_equal(c->reached[1], 2);
    static const fn_want want[] = {
        { VAL_FUNNEL_OUT_OF_ORDER, 3, "funnel 'buy': step 2 'select_option' came before step 1 "
                                      "'view_product' of the same journey" },
    };
    expect_violations(f, want, 1, false);
}

static void test_engine_skipped(void **state)
{
    efix *f = *state;
    hit(f, 0, 0, 1, 0, 0);
    hit(f, 0, 2, 1, 0, 1);     /* record 1: select never came */
    hit(f, 0, 2, 2, 0, 0);     /* record 2: a journey with its last step only */
    hit(f, 0, 0, 3, 0, 0);     /* a journey that stops: no violation */
    hit(f, 0, 1, 3, 0, 1);
    val_fn_finish(f->e);
    const val_fn_counts *c = val_fn_counts_of(f->e, 0);
    EXPECT_COUNTS(c, FN_COUNT(journeys, 3), FN_COUNT(entered, 2), FN_COUNT(completed, 0),
                  FN_COUNT(skipped, 2));
    assert_int_equal(c->reached[1], 1);
    static const fn_want want[] = {
        { VAL_FUNNEL_SKIPPED_STEP, 1, "funnel 'buy': step 3 'pay_product' came but step 2 "
                                      "'select_option' never did" },
        { VAL_FUNNEL_SKIPPED_STEP, 2, "funnel 'buy': step 3 'pay_product' came but steps 1 "
                                      "'view_product', 2 'select_option' never did" },
    };
    expect_violations(f, want, 2, true);
}

static void test_engine_keys(void **state)
{
    efix *f = *state;
    hit(f, 0, 0, 0, 0, 0);     /* record 0: no user: missing */
    hit(f, 1, 0, 7, 0, 0);     /* record 1: no product_id: missing */
    hit(f, 1, 0, 7, 100, 1);   /* user 7 views product 100 */
    hit(f, 1, 1, 7, 200, 2);   /* record 3: selects product 200: the key changed */
    hit(f, 1, 0, 8, 100, 1);   /* user 8: product 100 and 300 side by side */
    hit(f, 1, 0, 8, 300, 2);
    hit(f, 1, 1, 8, 100, 3);
    hit(f, 1, 1, 8, 300, 4);
    hit(f, 1, 1, 9, 400, 4);   /* record 8: no earlier step anywhere: skipped */
    val_fn_finish(f->e);
    const val_fn_counts *b = val_fn_counts_of(f->e, 0), *c = val_fn_counts_of(f->e, 1);
    EXPECT_COUNTS(b, FN_COUNT(key_missing, 1), FN_COUNT(journeys, 0));
    EXPECT_COUNTS(c, FN_COUNT(key_missing, 1), FN_COUNT(key_changed, 1), FN_COUNT(journeys, 4),
                  FN_COUNT(entered, 3), FN_COUNT(completed, 2), FN_COUNT(skipped, 1));
    static const fn_want want[] = {
        { VAL_FUNNEL_KEY_MISMATCH, 0, "funnel 'buy': step 1 'view_product' has no user or device "
                                      "id to tie it to a journey" },
        { VAL_FUNNEL_KEY_MISMATCH, 1, "funnel 'product': step 1 'view_product' has no key "
                                      "'product_id'" },
        { VAL_FUNNEL_KEY_MISMATCH, 3, "funnel 'product': key 'product_id' is 'v' at step 2 "
                                      "'select_option', but this user's journey from log:3 has "
                                      "another value" },
        { VAL_FUNNEL_SKIPPED_STEP, 8, NULL },
    };
    expect_violations(f, want, 4, false);
}

static void test_engine_window(void **state)
{
    efix *f = *state;
    hit(f, 0, 0, 1, 0, 0);
    hit(f, 0, 1, 1, 0, 61);    /* record 1: after the 1h window: a new journey */
    hit(f, 0, 0, 2, 0, -1);    /* user 2: no times: input order */
    hit(f, 0, 1, 2, 0, -1);
    hit(f, 0, 2, 2, 0, -1);
    val_fn_finish(f->e);
    const val_fn_counts *c = val_fn_counts_of(f->e, 0);
    EXPECT_COUNTS(c, FN_COUNT(journeys, 3), FN_COUNT(expired, 1), FN_COUNT(entered, 2),
                  FN_COUNT(completed, 1), FN_COUNT(skipped, 1));
    static const fn_want want[] = { { VAL_FUNNEL_SKIPPED_STEP, 1, NULL } };
    expect_violations(f, want, 1, false);
    /* the watermark closes a journey nobody touches again */
    efix g;
    efix_open(&g, 0);
    hit(&g, 0, 0, 1, 0, 0);
    hit(&g, 0, 0, 2, 0, 30);
    assert_int_equal(val_fn_open(g.e), 2);
    hit(&g, 0, 0, 3, 0, 90);    /* user 1's window has passed: closed */
    assert_int_equal(val_fn_open(g.e), 2);
    assert_int_equal(val_fn_counts_of(g.e, 0)->expired, 1);
    efix_close(&g);
}

static void test_engine_eviction(void **state)
{
    efix *f = *state;
    assert_int_equal(val_fn_max_journeys(f->e), 2);
    hit(f, 0, 0, 1, 0, 0);
    hit(f, 0, 0, 2, 0, 0);
    hit(f, 0, 1, 1, 0, 1);     /* user 1 touched: user 2 is the least recent */
    hit(f, 0, 0, 3, 0, 1);     /* full: user 2 evicted, judged as it stands */
    assert_int_equal(val_fn_open(f->e), 2);
    const val_fn_counts *c = val_fn_counts_of(f->e, 0);
    EXPECT_COUNTS(c, FN_COUNT(evicted, 1), FN_COUNT(entered, 1));
    hit(f, 0, 2, 2, 0, 2);     /* user 2 again: a new journey, its steps 1-2 gone */
    /* a snapshot counts the open journeys without closing them */
    uint64_t reached[3];
    val_fn_counts snap = { .reached = reached };
    val_fn_snapshot(f->e, 0, &snap);
    EXPECT_COUNTS(&snap, FN_COUNT(open, 2), FN_COUNT(entered, 3));
    assert_int_equal(f->v.n, 0);
    val_fn_finish(f->e);
    /* user 1 went when user 2 came back */
    EXPECT_COUNTS(c, FN_COUNT(journeys, 4), FN_COUNT(evicted, 2), FN_COUNT(entered, 3),
                  FN_COUNT(skipped, 1));
    assert_int_equal(val_fn_open(f->e), 0);
    /* the documented bound (docs/validate.md "Funnels"): 120 + 48 x steps
     * (a 64-byte entry, six index slots, a 32-byte identity link) */
    assert_int_equal(val_fn_journey_bytes(f->t), 120 + 48 * 3);
}

/* Identity links: devices 101.. and users 1.. (any distinct hashes). A
 * device's anonymous steps, a step with both ids, then steps of the user
 * alone (user 1) or of the device alone (user 2): one journey each, the
 * device's journeys re-keyed as the user's; key: PROP journeys too. */
static void test_engine_link(void **state)
{
    efix *f = *state;
    hit_dev(f, 0, 0, 101, 101, 0, 0);   /* device 101 views, anonymous */
    hit_dev(f, 1, 0, 101, 101, 7, 0);   /* product 7 */
    hit_dev(f, 0, 1, 1, 101, 0, 1);     /* signs in as user 1 and selects */
    hit_dev(f, 1, 1, 1, 101, 7, 1);
    hit_dev(f, 0, 2, 1, 0, 0, 2);       /* pays as user 1 alone */
    hit_dev(f, 0, 0, 102, 102, 0, 0);   /* device 102 */
    hit_dev(f, 0, 1, 2, 102, 0, 1);     /* links to user 2 */
    hit_dev(f, 0, 2, 102, 102, 0, 2);   /* the device alone: user 2's now */
    assert_int_equal(val_fn_open(f->e), 3);
    val_fn_progress p[4];
    assert_int_equal(val_fn_journeys_of(f->e, 2, p, 4), 1);
    assert_int_equal(p[0].reached, 3);
    assert_int_equal(val_fn_journeys_of(f->e, 102, p, 4), 0);
    val_fn_finish(f->e);
    EXPECT_COUNTS(val_fn_counts_of(f->e, 0), FN_COUNT(journeys, 2), FN_COUNT(entered, 2),
                  FN_COUNT(completed, 2), FN_COUNT(skipped, 0), FN_COUNT(out_of_order, 0));
    EXPECT_COUNTS(val_fn_counts_of(f->e, 1), FN_COUNT(journeys, 1), FN_COUNT(completed, 1),
                  FN_COUNT(key_changed, 0));
    assert_int_equal(f->v.n, 0);
    assert_int_equal(val_fn_links_forgotten_of(f->e), 0);
}

/* Both sides have a journey when the link comes: merged, its steps in
 * (time, input) order, its span both spans; counted as one journey. */
static void test_engine_merge(void **state)
{
    efix *f = *state;
    hit_dev(f, 0, 0, 1, 0, 0, 5);       /* user 1 views (another device) */
    hit_dev(f, 0, 0, 101, 101, 0, 0);   /* device 101 viewed earlier, anonymous */
    hit_dev(f, 0, 1, 101, 101, 0, 6);   /* and selects */
    hit_dev(f, 1, 0, 1, 0, 7, 5);       /* product 7: both sides too */
    hit_dev(f, 1, 1, 101, 101, 7, 6);
    hit_dev(f, 1, 0, 101, 101, 8, 6);   /* product 8: the device's alone */
    assert_int_equal(val_fn_open(f->e), 5);
    hit_dev(f, 0, 2, 1, 101, 0, 7);     /* signed in: pays, linking 101 to 1 */
    assert_int_equal(val_fn_open(f->e), 3);
    val_fn_progress p[4];
    assert_int_equal(val_fn_journeys_of(f->e, 1, p, 4), 3);
    assert_int_equal(p[2].funnel, 0);   /* the most recently touched */
    assert_int_equal(p[2].reached, 3);
    assert_int_equal(p[2].t0, 1700000000000LL);
    assert_int_equal(p[2].tmax, 1700000000000LL + 7 * 60000);
    val_fn_finish(f->e);
    EXPECT_COUNTS(val_fn_counts_of(f->e, 0), FN_COUNT(journeys, 1), FN_COUNT(completed, 1),
                  FN_COUNT(out_of_order, 0), FN_COUNT(skipped, 0));
    EXPECT_COUNTS(val_fn_counts_of(f->e, 1), FN_COUNT(journeys, 2), FN_COUNT(entered, 2),
                  FN_COUNT(completed, 1));
    assert_int_equal(f->v.n, 0);
}

/* A device never linked stays its own identity; a user's step alone links
 * nothing. */
static void test_engine_unlinked(void **state)
{
    efix *f = *state;
    hit_dev(f, 0, 0, 103, 103, 0, 0);
    hit_dev(f, 0, 1, 103, 103, 0, 1);
    hit_dev(f, 0, 2, 3, 0, 0, 2);       /* record 2: user 3's pay, alone: skipped */
    val_fn_finish(f->e);
    EXPECT_COUNTS(val_fn_counts_of(f->e, 0), FN_COUNT(journeys, 2), FN_COUNT(entered, 1),
                  FN_COUNT(completed, 0), FN_COUNT(skipped, 1));
    static const fn_want want[] = { { VAL_FUNNEL_SKIPPED_STEP, 2, NULL } };
    expect_violations(f, want, 1, false);
}

/* The links are bounded like the journeys (here 2): a third forgets the
 * least recently used one, counted; that device is its own again. */
static void test_engine_links_bounded(void **state)
{
    efix *f = *state;
    hit_dev(f, 0, 0, 1, 101, 0, 0);
    hit_dev(f, 0, 0, 2, 102, 0, 0);
    hit_dev(f, 0, 1, 101, 101, 0, 1);   /* 101 -> 1: used again, 102 is the oldest */
    hit_dev(f, 0, 0, 3, 103, 0, 1);     /* a third link: 102's is forgotten */
    assert_int_equal(val_fn_links_forgotten_of(f->e), 1);
    hit_dev(f, 0, 1, 102, 102, 0, 2);   /* 102 alone: not user 2's any more */
    val_fn_progress p[2];
    assert_int_equal(val_fn_journeys_of(f->e, 102, p, 2), 1);
    hit_dev(f, 0, 2, 101, 101, 0, 2);   /* 101 still is user 1's */
    assert_int_equal(val_fn_journeys_of(f->e, 101, p, 2), 0);
    assert_int_equal(val_fn_links_forgotten_of(f->e), 1);
}

static plan_fx engine = { .name = "t.yaml", .yaml = eplan };

/* Through the validator: Amplitude records, `where`, times as strings and
 * numbers, a batch; --jobs 1 and 2 count alike. */
static void test_engine_run(void **state)
{
    char err[256];
    val_schema *s = val_schema_new(plan_of(state), err, sizeof err);
    assert_non_null(s);
    static const char log[] =
        "{\"event_type\":\"select_option\",\"user_id\":\"a\",\"time\":1700000000000,"
        "\"event_properties\":{\"product_id\":\"p\"}}\n"
        "{\"event_type\":\"pay_product\",\"user_id\":\"a\",\"event_time\":\"2023-11-14 22:14:00\","
        "\"event_properties\":{\"product_id\":\"p\",\"method\":\"card\"}}\n"
        "{\"event_type\":\"pay_product\",\"user_id\":\"b\",\"time\":1700000000000,"
        "\"event_properties\":{\"product_id\":\"p\",\"method\":\"cash\"}}\n"
        "{\"events\":[{\"event_type\":\"view_product\",\"device_id\":\"d\",\"time\":1700000000000,"
        "\"event_properties\":{\"product_id\":\"q\"}},{\"event_type\":\"select_option\","
        "\"device_id\":\"d\",\"time\":1699999999000,\"event_properties\":{\"product_id\":\"q\"}}]}\n";
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        val_opts o;
        val_opts_init(&o);
        o.jobs = jobs;
        o.chunk_size = 4096;
        val_result r;
        assert_int_equal(val_run_buffer(s, &o, "log", log, strlen(log), &r), 0);
        assert_int_equal(r.n_funnels, 3);
        const val_fn_counts *card = &r.funnels[2], *buy = &r.funnels[0];
        /* a: select then pay by card, 22:14 UTC is 1700000040000 ms (40 s later) */
        assert_int_equal(card->journeys, 2);
        assert_int_equal(card->completed, 1);
        assert_int_equal(card->hits, 3);            /* b's cash payment is no step */
        /* d's select came a second before its view, in a batch */
        assert_int_equal(buy->out_of_order, 1);
        /* a selected without a view; b paid (cash still is a step of buy) */
        assert_int_equal(buy->skipped, 2);
        assert_int_equal(r.code_count[VAL_FUNNEL_OUT_OF_ORDER], 2);  /* buy, product */
        assert_int_equal(r.code_count[VAL_FUNNEL_SKIPPED_STEP], 3);  /* and a's in product */
        assert_int_equal(r.failing, 0);             /* not failing by default */
        val_result_free(&r);
    }
    val_schema_free(s);
}

/* Runs log (profile p) at --jobs 1 and 2: funnel buy counts journeys and
 * completed, and nothing skipped. */
static void run_ids(void **state, val_profile p, const char *log, uint64_t completed,
                    uint64_t journeys)
{
    char err[256];
    val_schema *s = val_schema_new(plan_of(state), err, sizeof err);
    assert_non_null(s);
    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        val_opts o;
        val_opts_init(&o);
        o.jobs = jobs;
        o.chunk_size = 4096;
        o.profile = p;
        val_result r;
        assert_int_equal(val_run_buffer(s, &o, "log", log, strlen(log), &r), 0);
        const val_fn_counts *buy = &r.funnels[0];
        assert_int_equal(buy->journeys, journeys);
        assert_int_equal(buy->completed, completed);
        assert_int_equal(buy->skipped, 0);
        assert_int_equal(r.code_count[VAL_FUNNEL_SKIPPED_STEP], 0);
        val_result_free(&r);
    }
    val_schema_free(s);
}

#define AMP(ev, ids, t)                                                                       \
    "{\"event_type\":\"" ev "\"," ids ",\"time\":" t ",\"event_properties\":{\"product_id\":" \
    "\"p\",\"method\":\"card\"}}\n"

/* Through the validator: Amplitude's anonymous steps, a step with user_id
 * and device_id, then the user alone (a) or the device alone (b): one
 * completed journey each; device c never signs in and stays its own. */
static void test_engine_run_link(void **state)
{
    static const char log[] =
        AMP("view_product", "\"device_id\":\"da\"", "1700000000000")
        AMP("select_option", "\"device_id\":\"da\",\"user_id\":\"a\"", "1700000001000")
        AMP("pay_product", "\"user_id\":\"a\"", "1700000002000")
        AMP("view_product", "\"device_id\":\"db\"", "1700000000000")
        AMP("select_option", "\"user_id\":\"b\",\"device_id\":\"db\"", "1700000001000")
        AMP("pay_product", "\"device_id\":\"db\"", "1700000002000")
        AMP("view_product", "\"device_id\":\"dc\"", "1700000000000");
    run_ids(state, VAL_PROF_AMPLITUDE, log, 2, 3);
}

#define MP(ev, ids, t)                                                                        \
    "{\"event\":\"" ev "\",\"properties\":{" ids ",\"time\":" t ",\"product_id\":\"p\","      \
    "\"method\":\"card\"}}\n"

/* Mixpanel's simplified ID merge: distinct_id "$device:X" is anonymous id
 * X (with or without $device_id), the user's events keep $device_id. */
static void test_engine_run_mixpanel(void **state)
{
    static const char log[] =
        MP("view_product", "\"distinct_id\":\"$device:m1\",\"$device_id\":\"m1\"", "1700000000")
        MP("select_option", "\"distinct_id\":\"$device:m1\"", "1700000001")
        MP("pay_product", "\"distinct_id\":\"u1\",\"$device_id\":\"m1\"", "1700000002")
        MP("view_product", "\"distinct_id\":\"$device:m2\"", "1700000000")
        MP("select_option", "\"distinct_id\":\"u2\",\"$device_id\":\"m2\"", "1700000001")
        MP("pay_product", "\"distinct_id\":\"u2\"", "1700000002");
    run_ids(state, VAL_PROF_MIXPANEL, log, 2, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        PLAN_TEST(test_model, &model),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_string_conditions),
        EFIX_TEST(test_engine_order),
        EFIX_TEST(test_engine_skipped),
        EFIX_TEST(test_engine_keys),
        EFIX_TEST(test_engine_window),
        cmocka_unit_test_setup_teardown(test_engine_eviction, efix_setup_small, efix_teardown),
        EFIX_TEST(test_engine_link),
        EFIX_TEST(test_engine_merge),
        EFIX_TEST(test_engine_unlinked),
        cmocka_unit_test_setup_teardown(test_engine_links_bounded, efix_setup_small,
                                        efix_teardown),
        PLAN_TEST(test_engine_run, &engine),
        PLAN_TEST(test_engine_run_link, &engine),
        PLAN_TEST(test_engine_run_mixpanel, &engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
