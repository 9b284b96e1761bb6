/* Hand-built models for unit tests that must not depend on the YAML loader
 * (diff, exports, lint). Fixed capacities keep pointers into the arrays stable.
 * Everything lives in the builder's arena. */
#ifndef TX_TEST_MODEL_BUILD_H
#define TX_TEST_MODEL_BUILD_H
#include <string.h>
#include "../../schema/model.h"
#include "../../support/arena.h"

#define MB_CAP 128

typedef struct mb {
    tx_arena *a;
    tx_taxonomy *t;
    tx_diags d;         /* findings of a run on the model (test_lint.c), arena a */
} mb;

static inline mb mb_new(tx_arena *a, const char *name, const char *version)
{
    mb m = { .a = a, .t = tx_arena_alloc(a, sizeof(tx_taxonomy)) };
    m.t->name = name;
    m.t->version = version;
    m.t->name_span = m.t->version_span = TX_NO_SPAN;
    m.t->types = tx_arena_alloc(a, MB_CAP * sizeof *m.t->types);
    m.t->props = tx_arena_alloc(a, MB_CAP * sizeof *m.t->props);
    m.t->groups = tx_arena_alloc(a, MB_CAP * sizeof *m.t->groups);
    m.t->events = tx_arena_alloc(a, MB_CAP * sizeof *m.t->events);
    m.t->user_props = tx_arena_alloc(a, MB_CAP * sizeof *m.t->user_props);
    m.t->conv.event_max_length = m.t->conv.property_max_length = -1;
    return m;
}

static inline tx_type *mb_type(mb *m, tx_base base)
{
    tx_type *t = tx_arena_alloc(m->a, sizeof *t);
    t->base = base;
    t->span = TX_NO_SPAN;
    t->min_length = t->max_length = t->min_items = t->max_items = -1;
    return t;
}

static inline tx_type *mb_named(mb *m, const char *name, tx_base base)
{
    tx_type *t = mb_type(m, base);
    t->name = name;
    m->t->types[m->t->n_types++] = t;
    return t;
}

static inline void mb_enum(mb *m, tx_type *t, const char *const *vals, size_t n)
{
    t->enums = tx_arena_alloc(m->a, n * sizeof *t->enums);
    t->n_enum = n;
    for (size_t i = 0; i < n; i++) {
        t->enums[i].str = vals[i];
        t->enums[i].len = strlen(vals[i]);
        t->enums[i].span = TX_NO_SPAN;
        if (t->base == TX_INTEGER || t->base == TX_NUMBER) {
            t->enums[i].num.set = true;
            t->enums[i].num.d = strtod(vals[i], NULL);
            t->enums[i].num.is_int = strchr(vals[i], '.') == NULL;
            t->enums[i].num.i = (int64_t)t->enums[i].num.d;
            t->enums[i].num.text = vals[i];
        }
    }
}

static inline tx_num mb_int(mb *m, int64_t v)
{
    tx_num n = { .set = true, .is_int = true, .i = v, .d = (double)v };
    n.text = tx_arena_printf(m->a, "%lld", (long long)v);
    return n;
}

static inline tx_num mb_dbl(const char *text)
{
    tx_num n = { .set = true, .is_int = false, .d = strtod(text, NULL), .text = text };
    return n;
}

static inline tx_property *mb_prop(mb *m, const char *name, const tx_type *type, const char *desc)
{
    tx_property *p = &m->t->props[m->t->n_props];
    p->name = name;
    p->span = TX_NO_SPAN;
    p->type = type;
    p->meta.description = desc;
    p->index = (uint32_t)m->t->n_props++;
    return p;
}

static inline tx_event *mb_event(mb *m, const char *name, const char *desc, const char *category)
{
    tx_event *e = &m->t->events[m->t->n_events];
    e->name = name;
    e->span = e->category_span = TX_NO_SPAN;
    e->meta.description = desc;
    e->category = category;
    e->props = tx_arena_alloc(m->a, MB_CAP * sizeof *e->props);
    e->groups = tx_arena_alloc(m->a, 16 * sizeof *e->groups);
    e->index = (uint32_t)m->t->n_events++;
    return e;
}

/* Appends one member to an event's or a group's property list. */
static inline void mb_member(tx_event_prop *props, size_t *n, const tx_property *p, bool required)
{
    tx_event_prop *ep = &props[(*n)++];
    ep->prop = p;
    ep->required = required;
    ep->span = TX_NO_SPAN;
}

static inline void mb_carry(tx_event *e, const tx_property *p, bool required)
{
    mb_member(e->props, &e->n_props, p, required);
}

static inline tx_group *mb_group(mb *m, const char *name)
{
    tx_group *g = &m->t->groups[m->t->n_groups++];
    g->name = name;
    g->span = TX_NO_SPAN;
    g->props = tx_arena_alloc(m->a, MB_CAP * sizeof *g->props);
    return g;
}

static inline void mb_group_carry(tx_group *g, const tx_property *p, bool required)
{
    mb_member(g->props, &g->n_props, p, required);
}

/* Adds a group's members to an event (flattened, as the loader does). */
static inline void mb_use_group(tx_event *e, const tx_group *g)
{
    e->groups[e->n_groups++] = g;
    for (size_t i = 0; i < g->n_props; i++) {
        tx_event_prop *ep = &e->props[e->n_props++];
        *ep = g->props[i];
        ep->via = g;
    }
}

static inline void mb_user(mb *m, tx_property *p)
{
    p->is_user = true;
    m->t->user_props[m->t->n_user_props++] = p;
}

static void mb_mark_type(const tx_type *t, int depth)
{
    for (; t && depth < 32; t = t->parent, depth++) {
        ((tx_type *)t)->used = true;
        if (t->items)
            mb_mark_type(t->items, depth + 1);
        for (size_t i = 0; i < t->n_fields; i++)
            mb_mark_type(t->fields[i].type, depth + 1);
    }
}

/* Sets the `used` flags and builds the lookup tables, as the loader does. */
static inline const tx_taxonomy *mb_finish(mb *m)
{
    tx_taxonomy *t = m->t;
    for (size_t i = 0; i < t->n_events; i++)
        for (size_t j = 0; j < t->events[i].n_props; j++)
            ((tx_property *)t->events[i].props[j].prop)->used = true;
    for (size_t i = 0; i < t->n_groups; i++)
        for (size_t j = 0; j < t->groups[i].n_props; j++)
            ((tx_property *)t->groups[i].props[j].prop)->used = true;
    for (size_t i = 0; i < t->n_props; i++)
        if (t->props[i].used || t->props[i].is_user)
            mb_mark_type(t->props[i].type, 0);
    tx_model_index(t, m->a);
    return t;
}
#endif
