/* cmocka fixtures that own one arena. A fixture struct whose first member
 * is `tx_arena *a` is allocated zeroed, with a fresh arena, by
 * arena_fx_new, which also hands it to the test as *state; arena_fx_free
 * is the matching cmocka tear-down (it frees the arena, then the struct).
 * A test file's set-up fills in the rest. */
#ifndef TX_TEST_ARENA_FX_H
#define TX_TEST_ARENA_FX_H
#include <stdlib.h>
#include "../../support/arena.h"

static inline void *arena_fx_new(void **state, size_t size)
{
    tx_arena **f = calloc(1, size);
    if (f)
        *f = tx_arena_new();
    *state = f;
    return f;
}

static inline int arena_fx_free(void **state)
{
    tx_arena **f = *state;
    tx_arena_free(*f);
    free(f);
    return 0;
}
#endif
