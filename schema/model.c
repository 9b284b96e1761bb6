/* Lookup tables and the content hash for a finished model. The tables are
 * open-addressing arrays of indexes keyed by FNV-1a; built once, read-only
 * after, so they are safe to share between validator threads. */
#include "model.h"
#include "../support/util.h"
#include <string.h>

/* Kept apart from support/strmap.h for memory: a 4-byte slot (an index)
 * instead of 24, so a 16 MiB plan's 1.1 million events cost 16 MiB here, not
 * 48 (its check/lint peak is 362 MiB of the 400 MiB bound). */
typedef struct name_table {
    uint32_t *slots;        /* index+1; 0 = empty */
    size_t mask;
} name_table;

typedef struct model_index {
    name_table events, props, types, groups;
} model_index;

const char *tx_base_name(tx_base b)
{
    static const char *const names[] = { "string", "integer", "number", "boolean", "array",
                                         "object", "any", "null", "union" };
    return (unsigned)b < sizeof names / sizeof names[0] ? names[b] : "?";
}

typedef const char *(*name_at_fn)(const tx_taxonomy *t, size_t i);
static const char *event_name_at(const tx_taxonomy *t, size_t i) { return t->events[i].name; }
static const char *prop_name_at(const tx_taxonomy *t, size_t i) { return t->props[i].name; }
static const char *type_name_at(const tx_taxonomy *t, size_t i) { return t->types[i]->name; }
static const char *group_name_at(const tx_taxonomy *t, size_t i) { return t->groups[i].name; }

static void build(name_table *nt, tx_arena *a, const tx_taxonomy *t, size_t n, name_at_fn at)
{
    size_t cap = 16;
    while (cap < n * 2 + 1)
        cap *= 2;
    nt->slots = tx_arena_alloc(a, cap * sizeof *nt->slots);
    nt->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        const char *name = at(t, i);
        size_t h = (size_t)tx_hash64(name, strlen(name)) & nt->mask;
        while (nt->slots[h])
            h = (h + 1) & nt->mask;
        nt->slots[h] = (uint32_t)i + 1;
    }
}

static long find(const name_table *nt, const tx_taxonomy *t, name_at_fn at,
                 const char *name, size_t len)
{
    if (!nt->slots)
        return -1;
    size_t h = (size_t)tx_hash64(name, len) & nt->mask;
    while (nt->slots[h]) {
        const char *cand = at(t, nt->slots[h] - 1);
        if (strncmp(cand, name, len) == 0 && cand[len] == '\0')
            return (long)nt->slots[h] - 1;
        h = (h + 1) & nt->mask;
    }
    return -1;
}

void tx_model_index(tx_taxonomy *t, tx_arena *a)
{
    model_index *ix = tx_arena_alloc(a, sizeof *ix);
    build(&ix->events, a, t, t->n_events, event_name_at);
    build(&ix->props, a, t, t->n_props, prop_name_at);
    build(&ix->types, a, t, t->n_types, type_name_at);
    build(&ix->groups, a, t, t->n_groups, group_name_at);
    t->index_ = ix;
}

const tx_event *tx_find_event(const tx_taxonomy *t, const char *name, size_t len)
{
    long i = find(&((model_index *)t->index_)->events, t, event_name_at, name, len);
    return i < 0 ? NULL : &t->events[i];
}

const tx_property *tx_find_property(const tx_taxonomy *t, const char *name, size_t len)
{
    long i = find(&((model_index *)t->index_)->props, t, prop_name_at, name, len);
    return i < 0 ? NULL : &t->props[i];
}

const tx_type *tx_find_type(const tx_taxonomy *t, const char *name, size_t len)
{
    long i = find(&((model_index *)t->index_)->types, t, type_name_at, name, len);
    return i < 0 ? NULL : t->types[i];
}

const tx_group *tx_find_group(const tx_taxonomy *t, const char *name, size_t len)
{
    long i = find(&((model_index *)t->index_)->groups, t, group_name_at, name, len);
    return i < 0 ? NULL : &t->groups[i];
}

const tx_event_prop *tx_event_find_prop(const tx_event *e, const char *name, size_t len)
{
    for (size_t i = 0; i < e->n_props; i++) {
        const char *pn = e->props[i].prop->name;
        if (strncmp(pn, name, len) == 0 && pn[len] == '\0')
            return &e->props[i];
    }
    return NULL;
}

/* Hash state folded field by field; strings are length-prefixed so that
 * ("ab","c") and ("a","bc") differ. */
static uint64_t mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;
    h = mix(h, &n, sizeof n);
    return s ? mix(h, s, n - 1) : h;
}

static uint64_t mix_int(uint64_t h, int64_t v) { return mix(h, &v, sizeof v); }

static uint64_t mix_meta(uint64_t h, const tx_meta *m)
{
    h = mix_str(h, m->description);
    h = mix_int(h, m->deprecated);
    h = mix_str(h, m->deprecated_reason);
    h = mix_str(h, m->owner);
    return mix_int(h, m->pii);
}

static uint64_t mix_type(uint64_t h, const tx_type *t, int depth)
{
    if (!t || depth > 64)
        return mix_int(h, -1);
    h = mix_str(h, t->name);
    h = mix_int(h, t->base);
    h = mix_int(h, t->nullable);
    for (size_t i = 0; i < t->n_enum; i++)
        h = mix_str(h, t->enums[i].str);
    h = mix_str(h, t->min.set ? t->min.text : NULL);
    h = mix_str(h, t->max.set ? t->max.text : NULL);
    h = mix_int(h, t->min_length);
    h = mix_int(h, t->max_length);
    h = mix_str(h, t->pattern);
    h = mix_int(h, t->format);
    h = mix_str(h, t->format_text);
    h = mix_int(h, t->min_items);
    h = mix_int(h, t->max_items);
    if (t->items)
        h = mix_type(h, t->items, depth + 1);
    for (size_t i = 0; i < t->n_fields; i++) {
        h = mix_str(h, t->fields[i].name);
        h = mix_int(h, t->fields[i].required);
        h = mix_type(h, t->fields[i].type, depth + 1);
    }
    /* issue 16's additions only when present: older plans hash as before */
    if (t->open) {
        h = mix_str(h, "open");
        h = mix_type(h, t->additional, depth + 1);
    }
    for (size_t i = 0; i < t->n_branches; i++)
        h = mix_type(h, t->branches[i], depth + 1);
    for (size_t i = 0; t->base == TX_UNION && i < t->n_enum; i++)
        h = mix_int(h, t->enums[i].kind);
    return h;
}

uint64_t tx_type_hash(const tx_type *t)
{
    return mix_type(0xcbf29ce484222325ull, t, 0);
}

/* A funnel as the model holds it: a `within` of 60m and 1h hash equal, a
 * condition's value by its kind (2.50 and 2.5 are one number). */
static uint64_t mix_funnel(uint64_t h, const tx_funnel *f)
{
    h = mix_str(h, f->name);
    h = mix_meta(h, &f->meta);
    h = mix_str(h, f->key);
    h = mix_int(h, f->within_s);
    h = mix_int(h, (int64_t)f->n_steps);
    for (size_t i = 0; i < f->n_steps; i++) {
        const tx_funnel_step *st = &f->steps[i];
        h = mix_str(h, st->event->name);
        h = mix_int(h, (int64_t)st->n_where);
        for (size_t j = 0; j < st->n_where; j++) {
            const tx_enum_value *v = &st->where[j].value;
            h = mix_str(h, st->where[j].slot->prop->name);
            h = mix_int(h, v->kind);
            if (v->kind == TX_INTEGER)
                h = mix_int(h, v->num.i);
            else if (v->kind == TX_NUMBER) {
                double d = v->num.d == 0 ? 0 : v->num.d;    /* -0 is 0 */
                h = mix(h, &d, sizeof d);
            }
            else
                h = mix_str(h, v->str);
        }
    }
    return h;
}

uint64_t tx_model_hash(const tx_taxonomy *t)
{
    uint64_t h = 0xcbf29ce484222325ull;
    h = mix_str(h, t->name);
    h = mix_str(h, t->version);
    for (size_t i = 0; i < t->n_props; i++) {
        h = mix_str(h, t->props[i].name);
        h = mix_type(h, t->props[i].type, 0);
        h = mix_meta(h, &t->props[i].meta);
        h = mix_int(h, t->props[i].is_user);
    }
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        h = mix_str(h, e->name);
        h = mix_meta(h, &e->meta);
        h = mix_str(h, e->category);
        h = mix_str(h, e->trigger);
        if (e->iglu_vendor || e->n_iglu_versions) {    /* absent: the hash as before */
            h = mix_str(h, e->iglu_vendor);
            for (size_t j = 0; j < e->n_iglu_versions; j++)
                h = mix_str(h, e->iglu_versions[j]);
        }
        for (size_t j = 0; j < e->n_props; j++) {
            h = mix_str(h, e->props[j].prop->name);
            h = mix_int(h, e->props[j].required);
            if (e->props[j].variant) {     /* absent: the hash as before */
                h = mix_type(h, e->props[j].type, 0);
                h = mix_meta(h, &e->props[j].meta);
            }
        }
    }
    if (t->n_funnels) {         /* issue 18; absent: the hash as before */
        h = mix_str(h, "funnels");
        for (size_t i = 0; i < t->n_funnels; i++)
            h = mix_funnel(h, &t->funnels[i]);
    }
    return h;
}
