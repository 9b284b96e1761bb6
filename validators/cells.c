/* Violations per (event, property, code): the cells behind the reports'
 * per-property breakdown (validate.h val_cell). A chunk's worker fills its
 * own cells when an event ends (check.c), the run merges the chunks' cells
 * in input order (run.c), and `taxonc report merge` merges those of JSON
 * reports (report_merge.c), all through val_cells_merge, so a cell keeps
 * the location of its first violation in input order whatever the --jobs
 * or the split into parts.
 *
 * Cells are found through the project's string map (support/strmap), keyed
 * by the bytes of (event index, code, property name): a property is named,
 * not numbered, because a report read back from JSON rebuilds a taxonomy
 * that knows only some property names. The cells, their keys and the names
 * they hold live in the caller's arena; their number is bounded by the
 * plan (events + 1) x (properties + 1) x codes, never by the logs, and a
 * lookup allocates nothing unless it makes a cell. */
#include "internal.h"
#include "../support/strmap.h"
#include <stdlib.h>

#define KEY_HEAD 5              /* 4 bytes of event index, 1 of code */

/* The key of a cell in buf (n bytes, caller's); the name's bytes follow
 * the head, so keys of different names never collide. */
static void make_key(char *buf, uint32_t event, val_code code, const char *prop, size_t n)
{
    memcpy(buf, &event, 4);
    buf[4] = (char)(prop ? code : code | 0x80);  /* NULL and "" are different cells */
    if (n)
        memcpy(buf + KEY_HEAD, prop, n);
}

val_cell *val_cells_get(val_cells *m, tx_arena *a, uint32_t event, const char *prop,
                        val_code code, bool *fresh)
{
    if (!m->map) {
        m->map = tx_arena_alloc(a, sizeof *m->map);
        tx_strmap_init_arena(m->map, a, 64);
    }
    size_t pn = prop ? strlen(prop) : 0, kn = KEY_HEAD + pn;
    char small[128];
    char *key = kn <= sizeof small ? small : tx_xmalloc(kn);
    make_key(key, event, code, prop, pn);
    bool found;
    tx_strmap_slot *sl = tx_strmap_put(m->map, key, kn, &found);
    *fresh = !found;
    if (!found) {
        char *kept = tx_arena_alloc(a, kn);
        memcpy(kept, key, kn);
        sl->key = kept;     /* the same bytes, now as long-lived as the map */
        val_cell *c = tx_arena_alloc(a, sizeof *c);
        c->event = event;
        c->code = code;
        c->prop = prop ? tx_arena_strndup(a, prop, pn) : NULL;
        sl->val = c;
        if (m->n == m->cap) {
            size_t nc = m->cap ? m->cap * 2 : 32;
            m->items = tx_arena_grow(a, m->items, m->cap * sizeof *m->items,
                                     nc * sizeof *m->items);
            m->cap = nc;
        }
        m->items[m->n++] = c;
    }
    if (key != small)
        free(key);
    return sl->val;
}

void val_cells_merge(val_cells *into, tx_arena *a, const val_cells *from, uint64_t bl,
                     const char *file)
{
    for (size_t i = 0; i < from->n; i++) {
        const val_cell *f = from->items[i];
        bool fresh;
        val_cell *c = val_cells_get(into, a, f->event, f->prop, f->code, &fresh);
        c->count += f->count;
        if (fresh) {
            c->file = file ? file : f->file ? tx_arena_strdup(a, f->file) : NULL;
            c->line = f->line + bl;
            c->column = f->column;
        }
    }
}

static int by_report_order(const void *pa, const void *pb)
{
    const val_cell *a = *(const val_cell *const *)pa, *b = *(const val_cell *const *)pb;
    if (a->event != b->event)
        return a->event < b->event ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    if (!a->prop != !b->prop)
        return a->prop ? 1 : -1;
    int d = a->prop ? strcmp(a->prop, b->prop) : 0;
    if (d)
        return d;
    return (int)a->code - (int)b->code;
}

const val_cell **val_cells_sorted(const val_cells *m)
{
    const val_cell **v = tx_xmalloc((m->n + 1) * sizeof *v);
    for (size_t i = 0; i < m->n; i++)
        v[i] = m->items[i];
    if (m->n > 1)
        qsort(v, m->n, sizeof *v, by_report_order);
    return v;
}
