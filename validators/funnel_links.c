/* Identity links (funnel_links.h): device identity -> user identity, in a
 * bounded table with least-recently-used forgetting.
 *
 * Entries sit in one array grown by doubling up to max; an open-addressing
 * index (entry + 1, twice as many slots as entries, backward-shift
 * deletion) finds a device's entry; the LRU list of support/lru.h (the one
 * the journey table in funnels.c uses too) gives the link to forget when
 * the table is full, whose entry the new link takes over. */
#include "funnel_links.h"
#include "../support/arena.h"
#include "../support/lru.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct link {
    uint64_t dev, user;
    tx_lru_link lru;            /* prev is more recent */
} link;

struct val_fn_links {
    size_t max, cap, n;
    link *l;
    uint32_t *ix;
    size_t mask;
    tx_lru lru;
    uint64_t forgotten;
};

val_fn_links *val_fn_links_new(size_t max)
{
    val_fn_links *l = tx_xmalloc(sizeof *l);
    memset(l, 0, sizeof *l);
    l->max = max ? max : 1;
    if (l->max > TX_LRU_NONE - 1)
        l->max = TX_LRU_NONE - 1;
    l->lru = (tx_lru)TX_LRU_INIT;
    return l;
}

void val_fn_links_free(val_fn_links *l)
{
    if (!l)
        return;
    free(l->l);
    free(l->ix);
    free(l);
}

uint64_t val_fn_links_forgotten(const val_fn_links *l)
{
    return l->forgotten;
}

size_t val_fn_link_bytes(void)
{
    return sizeof(link) + 2 * sizeof(uint32_t);
}

/* The slot holding dev's entry, or the empty slot where it would go. */
static size_t slot_of(const val_fn_links *l, uint64_t dev)
{
    size_t i = (size_t)dev & l->mask;
    while (l->ix[i] && l->l[l->ix[i] - 1].dev != dev)
        i = (i + 1) & l->mask;
    return i;
}

static void ix_del(val_fn_links *l, size_t i)
{
    l->ix[i] = 0;
    for (size_t j = (i + 1) & l->mask; l->ix[j]; j = (j + 1) & l->mask) {
        size_t home = (size_t)l->l[l->ix[j] - 1].dev & l->mask;
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            l->ix[i] = l->ix[j];
            l->ix[j] = 0;
            i = j;
        }
    }
}

static void grow(val_fn_links *l)
{
    size_t nc = l->cap ? l->cap * 2 : 1024;
    if (nc > l->max)
        nc = l->max;
    l->l = tx_xrealloc(l->l, nc * sizeof *l->l);
    l->cap = nc;
    size_t slots = 16;
    while (slots < 2 * nc)
        slots *= 2;
    free(l->ix);
    l->ix = tx_xmalloc(slots * sizeof *l->ix);
    memset(l->ix, 0, slots * sizeof *l->ix);
    l->mask = slots - 1;
    for (uint32_t k = 0; k < l->n; k++)
        l->ix[slot_of(l, l->l[k].dev)] = k + 1;
}

uint64_t val_fn_links_find(val_fn_links *l, uint64_t dev)
{
    if (!l->n)
        return 0;
    uint32_t k = l->ix[slot_of(l, dev)];
    if (!k)
        return 0;
    tx_lru_touch(&l->lru, &l->l->lru, sizeof *l->l, k - 1);
    return l->l[k - 1].user;
}

uint64_t val_fn_links_put(val_fn_links *l, uint64_t dev, uint64_t user)
{
    uint64_t was = val_fn_links_find(l, dev);
    if (was) {
        l->l[l->lru.head].user = user;
        return was;
    }
    if (l->n == l->cap && l->cap < l->max)
        grow(l);
    uint32_t k;
    if (l->n < l->cap) {
        k = (uint32_t)l->n++;
    } else {                    /* full: the least recently used link goes */
        k = l->lru.tail;
        ix_del(l, slot_of(l, l->l[k].dev));
        tx_lru_unlink(&l->lru, &l->l->lru, sizeof *l->l, k);
        l->forgotten++;
    }
    l->l[k] = (link){ .dev = dev, .user = user };
    l->ix[slot_of(l, dev)] = k + 1;
    tx_lru_push(&l->lru, &l->l->lru, sizeof *l->l, k);
    return 0;
}
