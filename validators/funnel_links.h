/* Identity links of the funnel engine (funnels.c): which user a device
 * (anonymous) identity became, learnt from a record that carries both.
 *
 * A bounded map from device identity hash to user identity hash: at most
 * max links (grown on demand up to it); when full, the least recently
 * used link is forgotten and counted (val_fn_links_forgotten). Looking a
 * device up or linking it makes it the most recently used.
 *
 * Ownership: the table owns its arrays (val_fn_links_free); it keeps
 * hashes only, never strings. Not thread-safe: one feeder. */
#ifndef VAL_FUNNEL_LINKS_H
#define VAL_FUNNEL_LINKS_H
#include <stddef.h>
#include <stdint.h>

typedef struct val_fn_links val_fn_links;

val_fn_links *val_fn_links_new(size_t max);
void val_fn_links_free(val_fn_links *l);
/* The user device dev is linked to, or 0. */
uint64_t val_fn_links_find(val_fn_links *l, uint64_t dev);
/* Links dev to user; returns the user it was linked to before, or 0. */
uint64_t val_fn_links_put(val_fn_links *l, uint64_t dev, uint64_t user);
uint64_t val_fn_links_forgotten(const val_fn_links *l);
/* Bytes one link costs at most (entry and index slots). */
size_t val_fn_link_bytes(void);
#endif
