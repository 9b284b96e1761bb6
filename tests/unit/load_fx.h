/* Loading a plan a test writes as a string: into a new tx_ctx that the
 * caller frees (tx_ctx_free, which also frees the model). A plan that does
 * not load fails the test, naming it and showing its diagnostics.
 * PLAN_TEST makes that the cmocka fixture of a test that works on one
 * plan: its state is a plan_fx naming the plan, loaded by the set-up and
 * freed by the tear-down. */
#ifndef TX_TEST_LOAD_FX_H
#define TX_TEST_LOAD_FX_H
#include <stdio.h>
#include <string.h>
#include "../../compiler/load.h"

static const tx_taxonomy *load_plan(tx_ctx **ctx, const char *name, const char *yaml)
{
    *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(*ctx, name, yaml, strlen(yaml), NULL);
    if (!t) {
        for (size_t i = 0; i < (*ctx)->diags.n; i++)
            fprintf(stderr, "%s: [%s] %s\n", name, (*ctx)->diags.items[i].code,
                    (*ctx)->diags.items[i].message);
        fail_msg("%s does not load", name);
    }
    return t;
}

typedef struct plan_fx {
    const char *name, *yaml;    /* the plan, set by the test file */
    tx_ctx *ctx;                /* set by plan_fx_setup, freed by plan_fx_teardown */
    const tx_taxonomy *t;
} plan_fx;

static inline int plan_fx_setup(void **state)
{
    plan_fx *f = *state;
    f->t = load_plan(&f->ctx, f->name, f->yaml);
    return 0;
}

static inline int plan_fx_teardown(void **state)
{
    plan_fx *f = *state;
    tx_ctx_free(f->ctx);
    f->ctx = NULL;
    f->t = NULL;
    return 0;
}

/* The loaded plan of a PLAN_TEST. */
static inline const tx_taxonomy *plan_of(void **state)
{
    return ((const plan_fx *)*state)->t;
}

#define PLAN_TEST(test, fx) cmocka_unit_test_prestate_setup_teardown(test, plan_fx_setup,     \
                                                                     plan_fx_teardown, fx)
#endif
