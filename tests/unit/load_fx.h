/* Loading a plan a test writes as a string: into a new tx_ctx that the
 * caller frees (tx_ctx_free, which also frees the model). A plan that does
 * not load fails the test, naming it and showing its diagnostics. */
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
#endif
