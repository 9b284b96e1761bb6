/* The project's string-keyed hash map (compiler, lint, codegen, CLI): open
 * addressing, FNV-1a, keys are borrowed byte strings (they must outlive the
 * map; a key may be any bytes, e.g. a pointer's), values are pointers.
 * By default the slots are malloc'd and freed by tx_strmap_free, so it
 * also serves as a scratch set (duplicate keys in one mapping) without
 * filling the arena. With .arena set (tx_strmap_init_arena) the tables come
 * from that arena instead and live as long as it does: for maps with no
 * place to free them (lint rules' scratch, codegen scopes). A slot is 24
 * bytes and the table fills to 3/4: a plan at the size limit names a
 * million events, and their table is held while they are resolved. Keys
 * are shorter than 4 GiB (files are). The model's own name index
 * (schema/model.c) and the validators' tables are kept special; each says
 * why. */
#ifndef TX_STRMAP_H
#define TX_STRMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

typedef struct tx_strmap_slot {
    const char *key;        /* NULL = empty */
    void *val;
    uint32_t len;
    uint32_t hash;          /* the low half of tx_hash64 */
} tx_strmap_slot;

typedef struct tx_strmap {
    tx_strmap_slot *slots;
    size_t cap, count;
    tx_arena *arena;        /* NULL: slots malloc'd; else allocated here (outgrown tables stay) */
} tx_strmap;

/* An empty map whose tables come from a, sized for expect keys. */
void tx_strmap_init_arena(tx_strmap *m, tx_arena *a, size_t expect);

/* The slot for key, inserting an empty one (val NULL, *found false) when absent. */
tx_strmap_slot *tx_strmap_put(tx_strmap *m, const char *key, size_t len, bool *found);
/* Makes room for n more keys at once (no regrowth while they go in). */
void tx_strmap_reserve(tx_strmap *m, size_t n);
void *tx_strmap_get(const tx_strmap *m, const char *key, size_t len);
/* Frees malloc'd slots (nothing for an arena map) and empties the map. */
void tx_strmap_free(tx_strmap *m);
#endif
