/* Unit tests for one identity's open journeys in the funnel engine
 * (val_fn_journeys_of, validators/funnels.c; taxonc serve's
 * /api/funnels?user=): the step reached in order per journey, key: user
 * and key: PROP funnels, a user id and a device id of the same text kept
 * apart (val_fn_ident), the bound on what is listed, and nothing once the
 * journeys closed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "../../compiler/load.h"
#include "../../validators/funnels.h"
#include "load_fx.h"

static const char plan[] =
    "taxonomy: shop\n"
    "properties:\n"
    "  product_id: {type: string}\n"
    "events:\n"
    "  view_product: {properties: [product_id]}\n"
    "  select_option: {properties: [product_id]}\n"
    "  pay: {properties: [product_id]}\n"
    "funnels:\n"
    "  buy: {steps: [view_product, select_option, pay], within: 1h}\n"
    "  product: {steps: [view_product, pay], key: product_id, within: 1h}\n";

static plan_fx shop = { .name = "t.yaml", .yaml = plan };

static uint64_t rec;

static void hit(val_fn_engine *e, const tx_taxonomy *t, uint32_t f, uint32_t s, uint64_t ident,
                uint64_t key, int64_t min)
{
    uint64_t k = t->funnels[f].key ? key : ident;
    val_fn_hit h = { f, s, k != 0, ident, k, "p", 1, 1700000000000LL + min * 60000,
                     { "log", rec + 1, rec }, 0 };
    rec++;
    val_fn_feed(e, &h);
}

static void test_progress(void **state)
{
    const tx_taxonomy *t = plan_of(state);
    val_fn_engine *e = val_fn_new(t, 0, NULL, NULL);
    uint64_t u1 = val_fn_ident("u1", 2, false), u2 = val_fn_ident("u2", 2, false);
    uint64_t d1 = val_fn_ident("u1", 2, true);
    assert_int_not_equal(u1, d1);
    assert_int_not_equal(u1, 0);
    hit(e, t, 0, 0, u1, 0, 0);          /* u1: view, select (buy) */
    hit(e, t, 0, 1, u1, 0, 1);
    hit(e, t, 1, 0, u1, 77, 0);         /* u1: product 77 viewed */
    hit(e, t, 0, 1, u2, 0, 2);          /* u2: select only (not entered) */
    hit(e, t, 0, 2, d1, 0, 3);          /* device "u1": pay only */

    val_fn_progress p[4];
    assert_int_equal(val_fn_journeys_of(e, u1, p, 4), 2);
    size_t b = p[0].funnel == 0 ? 0 : 1;
    assert_int_equal(p[b].funnel, 0);
    assert_int_equal(p[b].reached, 2);
    assert_int_equal(p[b].t0, 1700000000000LL);
    assert_int_equal(p[b].tmax, 1700000000000LL + 60000);
    assert_int_equal(p[1 - b].funnel, 1);
    assert_int_equal(p[1 - b].reached, 1);

    assert_int_equal(val_fn_journeys_of(e, u2, p, 4), 1);
    assert_int_equal(p[0].reached, 0);
    assert_int_equal(val_fn_journeys_of(e, d1, p, 4), 1);
    assert_int_equal(p[0].funnel, 0);
    assert_int_equal(p[0].reached, 0);
    assert_int_equal(val_fn_journeys_of(e, val_fn_ident("u3", 2, false), p, 4), 0);
    assert_int_equal(val_fn_journeys_of(e, 0, p, 4), 0);

    /* the bound: all are counted, max listed */
    p[1].funnel = 99;
    assert_int_equal(val_fn_journeys_of(e, u1, p, 1), 2);
    assert_int_equal(p[1].funnel, 99);

    hit(e, t, 0, 2, u1, 0, 4);          /* u1 completes buy */
    assert_int_equal(val_fn_journeys_of(e, u1, p, 4), 2);
    b = p[0].funnel == 0 ? 0 : 1;
    assert_int_equal(p[b].reached, 3);

    val_fn_finish(e);                   /* closed: counts only */
    assert_int_equal(val_fn_journeys_of(e, u1, p, 4), 0);
    assert_int_equal(val_fn_counts_of(e, 0)->completed, 1);
    val_fn_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        PLAN_TEST(test_progress, &shop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
