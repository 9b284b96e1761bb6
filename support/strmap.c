/* Open-addressing string map (see strmap.h). Grows past 3/4 load. */
#include "strmap.h"
#include "arena.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static tx_strmap_slot *probe(tx_strmap_slot *slots, size_t cap, const char *key, size_t len,
                             uint32_t h)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        tx_strmap_slot *s = &slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

/* Rehashes into the smallest power-of-two table (at least 16) that holds
 * want keys at 3/4 load. */
static void resize(tx_strmap *m, size_t want)
{
    size_t nc = m->cap ? m->cap : 16;
    while (want + want / 3 >= nc)
        nc *= 2;
    if (nc == m->cap)
        return;
    tx_strmap_slot *ns = m->arena ? tx_arena_alloc_aligned(m->arena, nc * sizeof *ns, 8)
                               : calloc(nc, sizeof *ns);
    if (!ns)
        tx_die_oom();
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *probe(ns, nc, m->slots[i].key, m->slots[i].len, m->slots[i].hash) = m->slots[i];
    if (!m->arena)
        free(m->slots);
    m->slots = ns;
    m->cap = nc;
}

void tx_strmap_init_arena(tx_strmap *m, tx_arena *a, size_t expect)
{
    *m = (tx_strmap){ .arena = a };
    resize(m, expect);
}

void tx_strmap_reserve(tx_strmap *m, size_t n)
{
    resize(m, m->count + n);
}

tx_strmap_slot *tx_strmap_put(tx_strmap *m, const char *key, size_t len, bool *found)
{
    if (!m->cap || (m->count + 1) * 4 > m->cap * 3)
        resize(m, m->count + 1);
    uint32_t h = (uint32_t)tx_hash64(key, len);
    tx_strmap_slot *s = probe(m->slots, m->cap, key, len, h);
    *found = s->key != NULL;
    if (!s->key) {
        s->key = key;
        s->len = (uint32_t)len;
        s->hash = h;
        s->val = NULL;
        m->count++;
    }
    return s;
}

void *tx_strmap_get(const tx_strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    tx_strmap_slot *s = probe(m->slots, m->cap, key, len, (uint32_t)tx_hash64(key, len));
    return s->key ? s->val : NULL;
}

void tx_strmap_free(tx_strmap *m)
{
    if (!m->arena)
        free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
