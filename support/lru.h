/* An intrusive least-recently-used list over the entries of an array, by
 * index: each entry holds a tx_lru_link, the list its most recent (head)
 * and least recent (tail) entry. The tables that forget their least
 * recently used entry when full use it (validators/funnels.c's journeys,
 * validators/funnel_links.c's device -> user links).
 *
 * The functions take the entries as the address of entry 0's link and the
 * array's stride (`&a->lru, sizeof *a`), so one list serves any entry
 * type. Nothing is allocated; everything is the caller's. */
#ifndef TX_LRU_H
#define TX_LRU_H
#include <stddef.h>
#include <stdint.h>

#define TX_LRU_NONE UINT32_MAX

typedef struct tx_lru_link {
    uint32_t prev, next;        /* prev: more recent; TX_LRU_NONE at the ends */
} tx_lru_link;

typedef struct tx_lru {
    uint32_t head, tail;        /* most and least recent, or TX_LRU_NONE */
} tx_lru;

#define TX_LRU_INIT { TX_LRU_NONE, TX_LRU_NONE }

static inline tx_lru_link *tx_lru_at(void *first, size_t stride, uint32_t k)
{
    return (tx_lru_link *)(void *)((char *)first + (size_t)k * stride);
}

/* Takes entry k out of the list. */
static inline void tx_lru_unlink(tx_lru *l, void *first, size_t stride, uint32_t k)
{
    tx_lru_link *x = tx_lru_at(first, stride, k);
    if (x->prev != TX_LRU_NONE)
        tx_lru_at(first, stride, x->prev)->next = x->next;
    else
        l->head = x->next;
    if (x->next != TX_LRU_NONE)
        tx_lru_at(first, stride, x->next)->prev = x->prev;
    else
        l->tail = x->prev;
}

/* Puts entry k (not in the list) at its head, the most recent. */
static inline void tx_lru_push(tx_lru *l, void *first, size_t stride, uint32_t k)
{
    tx_lru_link *x = tx_lru_at(first, stride, k);
    x->prev = TX_LRU_NONE;
    x->next = l->head;
    if (l->head != TX_LRU_NONE)
        tx_lru_at(first, stride, l->head)->prev = k;
    l->head = k;
    if (l->tail == TX_LRU_NONE)
        l->tail = k;
}

/* Makes entry k (in the list) the most recent. */
static inline void tx_lru_touch(tx_lru *l, void *first, size_t stride, uint32_t k)
{
    if (l->head != k) {
        tx_lru_unlink(l, first, stride, k);
        tx_lru_push(l, first, stride, k);
    }
}
#endif
