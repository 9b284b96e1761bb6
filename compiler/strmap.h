/* A string-keyed hash map for the compiler: open addressing, FNV-1a,
 * keys are borrowed (must outlive the map), values are pointers. The slots
 * are malloc'd and freed by tx_strmap_free, so it also serves as a scratch
 * set (duplicate keys in one mapping) without filling the arena. A slot is
 * 24 bytes and the table fills to 3/4: a plan at the size limit names a
 * million events, and their table is held while they are resolved. Keys
 * are shorter than 4 GiB (files are). */
#ifndef TX_STRMAP_H
#define TX_STRMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct tx_strmap_slot {
    const char *key;        /* NULL = empty */
    void *val;
    uint32_t len;
    uint32_t hash;          /* the low half of tx_hash64 */
} tx_strmap_slot;

typedef struct tx_strmap {
    tx_strmap_slot *slots;
    size_t cap, count;
} tx_strmap;

/* The slot for key, inserting an empty one (val NULL, *found false) when absent. */
tx_strmap_slot *tx_strmap_put(tx_strmap *m, const char *key, size_t len, bool *found);
/* Makes room for n more keys at once (no regrowth while they go in). */
void tx_strmap_reserve(tx_strmap *m, size_t n);
void *tx_strmap_get(const tx_strmap *m, const char *key, size_t len);
void tx_strmap_free(tx_strmap *m);
#endif
