/* Helpers shared by the exports: a slot's metadata, grouping events by
 * category, safe file names. The cell texts of the sheet grammar that the
 * table exports share are compiler/sheet/cells.h's. */
#include "export_common.h"
#include <string.h>

const tx_meta *tx_exp_slot_meta(const tx_event_prop *ep, tx_meta *buf)
{
    const tx_meta *v = &ep->meta;
    if (!v->description && !v->deprecated)
        return &ep->prop->meta;
    *buf = ep->prop->meta;
    if (v->description)
        buf->description = v->description;
    if (v->deprecated) {
        buf->deprecated = true;
        buf->deprecated_reason = v->deprecated_reason;
    }
    return buf;
}

size_t tx_exp_categories(tx_arena *a, const tx_taxonomy *t, tx_exp_category **out)
{
    TX_VEC(tx_exp_category) cats = { 0 };
    bool any_uncat = false;
    /* first pass: names in order; the events are counted, then filled */
    for (size_t i = 0; i < t->n_events; i++) {
        const char *c = t->events[i].category;
        if (!c) {
            any_uncat = true;
            continue;
        }
        size_t k = 0;
        while (k < cats.n && strcmp(cats.items[k].name, c) != 0)
            k++;
        if (k == cats.n) {
            tx_exp_category nc = { c, 0, NULL };
            TX_PUSH(a, cats, nc);
        }
        cats.items[k].n++;
    }
    if (any_uncat) {
        tx_exp_category nc = { NULL, 0, NULL };
        TX_PUSH(a, cats, nc);
    }
    for (size_t k = 0; k < cats.n; k++) {
        if (!cats.items[k].name)
            for (size_t i = 0; i < t->n_events; i++)
                cats.items[k].n += !t->events[i].category;
        cats.items[k].events = tx_arena_alloc(a, (cats.items[k].n + 1) * sizeof(tx_event *));
        size_t m = 0;
        for (size_t i = 0; i < t->n_events; i++) {
            const char *c = t->events[i].category;
            if ((!c && !cats.items[k].name) || (c && cats.items[k].name && strcmp(c, cats.items[k].name) == 0))
                cats.items[k].events[m++] = &t->events[i];
        }
    }
    *out = cats.items;
    return cats.n;
}

char *tx_exp_file_name(tx_arena *a, const char *name)
{
    size_t n = strlen(name);
    if (n > 200)
        n = 200;
    char *r = tx_arena_alloc(a, n + 2);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || (c == '.' && i > 0);
        r[i] = ok ? c : '_';
    }
    if (n == 0)
        r[n++] = '_';
    r[n] = '\0';
    return r;
}
