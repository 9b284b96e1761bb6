/* The language-independent plan: which declared types (enums, objects,
 * tagged unions, array slices) the output needs, in dependency order, the run-time checks
 * of every type (its effective constraints, schema/constraints.h), the
 * JSON size bound of every event (C sizes its stack buffer from it), and
 * each event's parameters (required first). Built once per cg_generate() call from the
 * properties events carry; unused dictionary entries generate nothing.
 * Issue 16's kinds: `any` is a CG_ANY node (the languages' JSON value
 * type), `null` a CG_NULL node (a unit type), a union a CG_UNION node with
 * one branch node per member type (each holding the constraints that fit
 * it), or a CG_ENUM when the union has an enum; an open object's decl has
 * an extras node; an event's own definition of a property gets a slot
 * (cg_prop) of its own after the dictionary's. identify() is planned as
 * one more event (plan.user) whose parameters are the user properties. */
#include "cg_internal.h"
#include "../schema/constraints.h"
#include "../support/util.h"
#include <string.h>

#define MAX_DEPTH 32

/* Kept apart from support/strmap.h: keys are addresses, hashed as numbers;
 * the shared map borrows byte strings, so each key would need a copy. */
typedef struct ptr_map {
    const void **keys;
    void **vals;
    size_t mask, n;
} ptr_map;

typedef struct builder {
    cg_plan *p;
    size_t *key_len;        /* per property: bytes of its JSON key, 0 = not yet */
    tx_diags *d;
    ptr_map nodes, decls;
    TX_VEC(cg_node *) node_list;
    TX_VEC(cg_decl *) decl_list;
    cg_node *any_string;    /* items of an array that names none */
    cg_node *any_json;      /* the extras of `additional: true` */
    bool failed;
} builder;

static size_t ptr_hash(const void *k)
{
    uintptr_t v = (uintptr_t)k;
    v ^= v >> 17;
    v *= 0x9E3779B97F4A7C15ull;
    return (size_t)(v >> 7);
}

static void *map_get(const ptr_map *m, const void *k)
{
    if (!m->keys)
        return NULL;
    for (size_t h = ptr_hash(k) & m->mask; m->keys[h]; h = (h + 1) & m->mask)
        if (m->keys[h] == k)
            return m->vals[h];
    return NULL;
}

static void map_put(tx_arena *a, ptr_map *m, const void *k, void *v)
{
    if (!m->keys || (m->n + 1) * 2 > m->mask + 1) {
        size_t old = m->keys ? m->mask + 1 : 0, nc = old ? old * 2 : 256;
        const void **ok = m->keys;
        void **ov = m->vals;
        m->keys = tx_arena_alloc(a, nc * sizeof *m->keys);
        m->vals = tx_arena_alloc(a, nc * sizeof *m->vals);
        m->mask = nc - 1;
        m->n = 0;
        for (size_t i = 0; i < old; i++)
            if (ok[i])
                map_put(a, m, ok[i], ov[i]);
    }
    size_t h = ptr_hash(k) & m->mask;
    while (m->keys[h] && m->keys[h] != k)
        h = (h + 1) & m->mask;
    if (!m->keys[h])
        m->n++;
    m->keys[h] = k;
    m->vals[h] = v;
}

/* ---- bounds ---- */
static size_t sat_add(size_t a, size_t b)
{
    if (a == CG_UNBOUNDED || b == CG_UNBOUNDED || a + b < a || a + b > ((size_t)1 << 40))
        return CG_UNBOUNDED;
    return a + b;
}

static size_t sat_mul(size_t a, size_t b)
{
    if (a == CG_UNBOUNDED || b == CG_UNBOUNDED)
        return CG_UNBOUNDED;
    if (a && b > ((size_t)1 << 40) / a)
        return CG_UNBOUNDED;
    return a * b;
}

static size_t json_len_escaped(const char *s, size_t n)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_add_json_str(&sb, s, n);
    size_t r = sb.len;
    tx_sb_release(&sb);
    return r;
}

/* ---- checks ---- */
/* The checks generated code makes of a type: its effective constraints
 * (schema/constraints.h) less those that check nothing (at least 0 code
 * points or items). The loader has resolved a refinement's inherited
 * constraints into the type itself and rejects a refinement that would
 * loosen them or replace its parent's pattern or format (compiler/types.c,
 * fill() and narrows()), so the type's own constraints are all there is:
 * at most one pattern, nothing to merge from the named types it refines. */
static cg_checks checks_of(tx_arena *a, const tx_eff *e)
{
    cg_checks c = { .min_length = -1, .max_length = -1, .min_items = -1, .max_items = -1 };
    if (e->min)
        c.min = *e->min;
    if (e->max)
        c.max = *e->max;
    if (e->min_length > 0)
        c.min_length = e->min_length;
    if (e->max_length >= 0)
        c.max_length = e->max_length;
    if (e->min_items > 0)
        c.min_items = e->min_items;
    if (e->max_items >= 0)
        c.max_items = e->max_items;
    if (e->pattern) {
        const char **one = tx_arena_alloc(a, sizeof *one);
        one[0] = e->pattern;
        c.n_patterns = 1;
        c.patterns = one;
    }
    if (e->format != TX_FMT_NONE && (e->format != TX_FMT_DATE_PATTERN || e->date_pattern)) {
        c.format = e->format;
        c.format_text = e->format_text;
        c.date_pattern = e->date_pattern;
    }
    return c;
}

bool cg_checks_length(const cg_checks *c)
{
    return c->min_length > 0 || c->max_length >= 0;
}

void cg_emit_pattern_decls(cg_emitter *e, const cg_plan *p, const char *const *node_fn,
                           const char *fmt)
{
    bool any = false;
    for (size_t i = 0; i < p->n_nodes; i++) {
        const cg_node *n = p->nodes[i];
        for (size_t k = 0; k < n->ck.n_patterns && n->kind == CG_STRING; k++, any = true)
            cg_emit(e, fmt, node_fn[i] + 2, k, n->ck.patterns[k]);
    }
    if (any)
        cg_emit(e, "\n");
}

bool cg_node_has_checks(const cg_node *n)
{
    const cg_checks *c = &n->ck;
    switch (n->kind) {
    case CG_STRING:
        return cg_checks_length(c) || c->n_patterns || c->format != TX_FMT_NONE;
    case CG_INTEGER:
    case CG_NUMBER:
        return c->min.set || c->max.set;
    case CG_ARRAY:
        return c->min_items > 0 || c->max_items >= 0 || cg_node_has_checks(n->items);
    case CG_OBJECT:
        for (size_t i = 0; i < n->decl->n_fields; i++)
            if (cg_node_has_checks(n->decl->fields[i].type))
                return true;
        return n->decl->extra && cg_node_has_checks(n->decl->extra);
    case CG_UNION:
        for (size_t i = 0; i < n->decl->n_branches; i++)
            if (cg_node_has_checks(n->decl->branches[i]))
                return true;
        return false;
    default:
        return false;
    }
}

/* ---- shapes ---- */
static bool same_enum(const tx_type *a, const tx_type *b)
{
    if (a->n_enum != b->n_enum || a->base != b->base)
        return false;
    for (size_t i = 0; i < a->n_enum; i++)
        if (a->enums[i].len != b->enums[i].len ||
            memcmp(a->enums[i].str, b->enums[i].str, a->enums[i].len) != 0)
            return false;
    return true;
}

static bool same_fields(const tx_type *a, const tx_type *b)
{
    if (a->n_fields != b->n_fields)
        return false;
    if (a->fields == b->fields)
        return true;
    for (size_t i = 0; i < a->n_fields; i++)
        if (strcmp(a->fields[i].name, b->fields[i].name) != 0 ||
            a->fields[i].type != b->fields[i].type ||
            a->fields[i].required != b->fields[i].required)
            return false;
    return true;
}

/* The type whose members an object declares: its own. A refinement
 * written with `properties: {}` has no members in the model, so the
 * validator and the JSON Schema export accept none, and its generated
 * type declares none either (it used to declare the parent's, so generated
 * code could send what validate rejects). */
static const tx_type *fields_source(const tx_type *t)
{
    return t;
}

static const char *seed_join(builder *b, const char *a, const char *suffix)
{
    return tx_arena_printf(b->p->a, "%s_%s", a, suffix);
}

static cg_node *node_for(builder *b, const tx_type *t, const char *seed, int depth);

/* The node of "any value" for open objects' extras (one per plan). */
static cg_node *any_json(builder *b)
{
    if (!b->any_json) {
        cg_node *n = tx_arena_alloc(b->p->a, sizeof *n);
        n->kind = CG_ANY;
        n->ck.min_length = n->ck.max_length = n->ck.min_items = n->ck.max_items = -1;
        n->seed = "any";
        n->json_max = CG_UNBOUNDED;
        n->index = (uint32_t)b->node_list.n;
        TX_PUSH(b->p->a, b->node_list, n);
        b->any_json = n;
        b->p->uses_any = true;
    }
    return b->any_json;
}

/* The declaration made for `owner` (NULL: none yet, and *dc is a new one of
 * `kind`, already registered so that a recursive type finds it). */
static cg_decl *decl_for(builder *b, cg_kind kind, const tx_type *owner, const char *seed,
                         cg_decl **dc)
{
    cg_decl *old = map_get(&b->decls, owner);
    if (old)
        return *dc = old;
    *dc = tx_arena_alloc(b->p->a, sizeof **dc);
    (*dc)->kind = kind;
    (*dc)->t = owner;
    (*dc)->seed = owner->name ? owner->name : seed;
    (*dc)->meta = &owner->meta;
    (*dc)->base = owner->base;
    map_put(b->p->a, &b->decls, owner, *dc);
    return NULL;
}

static void push_decl(builder *b, cg_decl *dc)
{
    dc->index = (uint32_t)b->decl_list.n;
    TX_PUSH(b->p->a, b->decl_list, dc);
}

static cg_decl *enum_decl(builder *b, const tx_type *src, const char *seed)
{
    const tx_type *o = src;
    while (!o->name && o->parent && same_enum(o, o->parent))
        o = o->parent;
    cg_decl *dc;
    if (decl_for(b, CG_ENUM, o, seed, &dc))
        return dc;
    dc->n_values = o->n_enum;
    dc->values = o->enums;
    push_decl(b, dc);
    return dc;
}

static cg_decl *object_decl(builder *b, const tx_type *t, const char *seed, int depth)
{
    const tx_type *o = fields_source(t);
    while (!o->name && o->parent && o->parent->base == TX_OBJECT && same_fields(o, o->parent) &&
           o->open == o->parent->open && o->additional == o->parent->additional)
        o = o->parent;
    cg_decl *dc;
    if (decl_for(b, CG_OBJECT, o, seed, &dc))
        return dc;
    dc->n_fields = o->n_fields;
    dc->fields = tx_arena_alloc(b->p->a, (o->n_fields + 1) * sizeof *dc->fields);
    for (size_t i = 0; i < o->n_fields; i++) {
        dc->fields[i].f = &o->fields[i];
        dc->fields[i].type = node_for(b, o->fields[i].type, seed_join(b, dc->seed, o->fields[i].name),
                                      depth + 1);
        if (!dc->fields[i].type)
            return NULL;
    }
    if (o->open) {
        dc->open = true;
        dc->extra = o->additional ? node_for(b, o->additional, seed_join(b, dc->seed, "extra"),
                                             depth + 1)
                                  : any_json(b);
        if (!dc->extra)
            return NULL;
    }
    push_decl(b, dc);
    return dc;
}

/* A branch's raw name: the named type it is or refines, else its base. */
static const char *branch_seed(const tx_type *t)
{
    if (t->name)
        return t->name;
    if (t->parent && t->parent->name)
        return t->parent->name;
    return tx_base_name(t->base);
}

static cg_decl *union_decl(builder *b, const tx_type *t, const tx_eff *e, const char *seed,
                           int depth)
{
    cg_decl *dc;
    if (decl_for(b, CG_UNION, t, seed, &dc))
        return dc;
    dc->n_branches = e->n_branches;
    dc->branches = tx_arena_alloc(b->p->a, (e->n_branches + 1) * sizeof *dc->branches);
    dc->branch_seed = tx_arena_alloc(b->p->a, (e->n_branches + 1) * sizeof *dc->branch_seed);
    for (size_t i = 0; i < e->n_branches; i++) {
        dc->branch_seed[i] = branch_seed(e->branches[i]);
        dc->branches[i] = node_for(b, e->branches[i], seed_join(b, dc->seed, dc->branch_seed[i]),
                                   depth + 1);
        if (!dc->branches[i])
            return NULL;
    }
    push_decl(b, dc);
    return dc;
}

static cg_decl *array_decl(builder *b, const tx_type *t, const char *seed, cg_node *items)
{
    const tx_type *o = t;
    while (!o->name && o->parent && o->parent->base == TX_ARRAY && o->parent->items == o->items)
        o = o->parent;
    cg_decl *dc;
    if (decl_for(b, CG_ARRAY, o, seed, &dc))
        return dc;
    dc->items = items;
    push_decl(b, dc);
    return dc;
}

static size_t scalar_json_max(const cg_node *n)
{
    const cg_checks *c = &n->ck;
    switch (n->kind) {
    case CG_INTEGER: return 20;
    case CG_NUMBER: return 25;
    case CG_BOOLEAN: return 5;
    case CG_ENUM: {
        size_t m = 0;
        for (size_t i = 0; i < n->decl->n_values; i++) {
            tx_sb sb = TX_SB_INIT;
            cg_enum_json(&sb, n->decl->base, &n->decl->values[i]);
            if (sb.len > m)
                m = sb.len;
            tx_sb_release(&sb);
        }
        return m;
    }
    case CG_STRING:
        if (c->format == TX_FMT_UUID)
            return 38;
        if (c->format == TX_FMT_DATE)
            return 12;
        if (c->format == TX_FMT_DATE_PATTERN && c->date_pattern)
            return 2 + 6 * c->date_pattern->length;
        if (c->max_length >= 0)
            return sat_add(2, sat_mul(6, (size_t)c->max_length));
        return CG_UNBOUNDED;
    default:
        return CG_UNBOUNDED;
    }
}

static cg_node *node_for(builder *b, const tx_type *t, const char *seed, int depth)
{
    tx_arena *a = b->p->a;
    if (depth > MAX_DEPTH) {
        tx_diag_add(b->d, TX_SEV_ERROR, "gen-depth", t ? t->span : TX_NO_SPAN,
                    "type '%s' nests deeper than %d levels; code generation stops there",
                    seed, MAX_DEPTH);
        b->failed = true;
        return NULL;
    }
    if (!t) {
        if (!b->any_string) {
            cg_node *n = tx_arena_alloc(a, sizeof *n);
            n->kind = CG_STRING;
            n->ck.min_length = n->ck.max_length = n->ck.min_items = n->ck.max_items = -1;
            n->seed = "string";
            n->json_max = CG_UNBOUNDED;
            n->index = (uint32_t)b->node_list.n;
            TX_PUSH(a, b->node_list, n);
            b->any_string = n;
        }
        return b->any_string;
    }
    cg_node *n = map_get(&b->nodes, t);
    if (n) {
        if (n->building) {
            tx_diag_add(b->d, TX_SEV_ERROR, "gen-recursive", t->span,
                        "type '%s' contains itself; code generation cannot express "
                        "recursive types", t->name ? t->name : seed);
            b->failed = true;
            return NULL;
        }
        return n;
    }
    n = tx_arena_alloc(a, sizeof *n);
    n->t = t;
    n->seed = t->name ? t->name : seed;
    const tx_eff e = tx_eff_of(t);
    n->nullable = e.nullable;
    n->building = true;
    n->ck = checks_of(a, &e);
    map_put(a, &b->nodes, t, n);
    switch (e.base) {
    case TX_STRING:
    case TX_INTEGER:
    case TX_NUMBER: {
        if (e.n_enum) {
            n->kind = CG_ENUM;
            n->decl = enum_decl(b, t, n->seed);
        } else {
            n->kind = e.base == TX_STRING ? CG_STRING : e.base == TX_INTEGER ? CG_INTEGER
                                                                             : CG_NUMBER;
        }
        if (n->kind == CG_INTEGER) {
            /* bounds an int64 always meets check nothing (and warn in Swift) */
            if (n->ck.min.set && n->ck.min.is_int && n->ck.min.i == INT64_MIN)
                n->ck.min.set = false;
            if (n->ck.max.set && n->ck.max.is_int && n->ck.max.i == INT64_MAX)
                n->ck.max.set = false;
        }
        n->json_max = scalar_json_max(n);
        break;
    }
    case TX_BOOLEAN:
        n->kind = CG_BOOLEAN;
        n->json_max = 5;
        break;
    case TX_ARRAY: {
        n->kind = CG_ARRAY;
        n->items = node_for(b, e.items, seed_join(b, n->seed, "item"), depth + 1);
        if (!n->items)
            return NULL;
        n->decl = array_decl(b, t, n->seed, n->items);
        if (n->ck.max_items >= 0)
            n->json_max = sat_add(2, sat_mul((size_t)n->ck.max_items, sat_add(n->items->json_max, 1)));
        else
            n->json_max = CG_UNBOUNDED;
        break;
    }
    case TX_ANY:
        n->kind = CG_ANY;
        n->nullable = false;    /* the JSON value type holds null itself */
        n->json_max = CG_UNBOUNDED;
        b->p->uses_any = true;
        break;
    case TX_NULL:
        n->kind = CG_NULL;
        n->nullable = false;
        n->json_max = 4;
        b->p->uses_null = true;
        break;
    case TX_UNION:
        if (e.n_enum) {     /* a closed set of values: an enum of several kinds */
            n->kind = CG_ENUM;
            n->decl = enum_decl(b, t, n->seed);
            n->json_max = scalar_json_max(n);
            break;
        }
        n->kind = CG_UNION;
        n->decl = union_decl(b, t, &e, n->seed, depth);
        if (!n->decl)
            return NULL;
        n->json_max = 0;
        for (size_t i = 0; i < n->decl->n_branches; i++)
            if (n->decl->branches[i]->json_max > n->json_max)
                n->json_max = n->decl->branches[i]->json_max;
        break;
    case TX_OBJECT: {
        n->kind = CG_OBJECT;
        n->decl = object_decl(b, t, n->seed, depth);
        if (!n->decl)
            return NULL;
        size_t m = 2;
        for (size_t i = 0; i < n->decl->n_fields; i++) {
            const char *fname = n->decl->fields[i].f->name;
            m = sat_add(m, json_len_escaped(fname, strlen(fname)) + 4);
            m = sat_add(m, n->decl->fields[i].type->json_max);
        }
        n->json_max = n->decl->open ? CG_UNBOUNDED : m;
        break;
    }
    }
    if (n->nullable && n->json_max < 4)
        n->json_max = 4;
    n->building = false;
    n->index = (uint32_t)b->node_list.n;
    TX_PUSH(a, b->node_list, n);
    return n;
}

/* identify(): one optional parameter per user property, in the list's
 * order, on the dictionary's slot; a property no event carries gets its
 * type here, after every event's (so plans without user properties are
 * planned exactly as before). */
static int user_plan(builder *b, const tx_taxonomy *t, tx_diags *d)
{
    cg_plan *p = b->p;
    tx_arena *a = p->a;
    cg_event *u = tx_arena_alloc(a, sizeof *u);
    u->n_params = t->n_user_props;
    u->params = tx_arena_alloc(a, (u->n_params + 1) * sizeof *u->params);
    u->wire_order = tx_arena_alloc(a, (u->n_params + 1) * sizeof *u->wire_order);
    size_t m = 2;
    for (size_t i = 0; i < u->n_params; i++) {
        const tx_property *pr = t->user_props[i];
        size_t pi = (size_t)(pr - t->props);
        if (pr < t->props || pi >= t->n_props) {
            tx_diag_add(d, TX_SEV_ERROR, "gen-model", pr->span,
                        "user property '%s' is outside the dictionary", pr->name);
            return -1;
        }
        cg_prop *cp = &p->props[pi];
        if (!cp->type) {
            cp->type = node_for(b, pr->type, pr->name, 0);
            if (!cp->type)
                return -1;
        }
        u->params[i] = (cg_param){ NULL, pr, cp->type, false, pi };
        u->wire_order[i] = i;
        if (!b->key_len[pi])
            b->key_len[pi] = json_len_escaped(pr->name, strlen(pr->name)) + 4;
        m = sat_add(sat_add(m, b->key_len[pi]), cp->type->json_max);
    }
    u->json_max = m;
    p->user = u;
    return 0;
}

int cg_plan_build(cg_plan *p, const tx_taxonomy *t, tx_arena *a, tx_diags *d)
{
    memset(p, 0, sizeof *p);
    p->t = t;
    p->a = a;
    builder b = { .p = p, .d = d };
    /* slots: the dictionary's, then one per event property with a type of
     * its own (issue 16: a variant or an event-local property) */
    size_t n_slots = t->n_props;
    for (size_t i = 0; i < t->n_events; i++)
        for (size_t j = 0; j < t->events[i].n_props; j++)
            if (t->events[i].props[j].variant || t->events[i].props[j].prop->local)
                n_slots++;
    p->n_props = t->n_props;
    p->props = tx_arena_alloc(a, (n_slots + 1) * sizeof *p->props);
    for (size_t i = 0; i < t->n_props; i++) {
        p->props[i].p = &t->props[i];
        p->props[i].meta = &t->props[i].meta;
    }
    b.key_len = tx_arena_alloc(a, (n_slots + 1) * sizeof *b.key_len);
    p->n_events = t->n_events;
    p->events = tx_arena_alloc(a, (t->n_events + 1) * sizeof *p->events);
    for (size_t i = 0; i < t->n_events && !b.failed; i++) {
        const tx_event *e = &t->events[i];
        cg_event *ce = &p->events[i];
        ce->e = e;
        ce->n_params = e->n_props;
        ce->params = tx_arena_alloc(a, (e->n_props + 1) * sizeof *ce->params);
        ce->wire_order = tx_arena_alloc(a, (e->n_props + 1) * sizeof *ce->wire_order);
        size_t k = 0, m = 2;
        for (int pass = 0; pass < 2; pass++) {
            for (size_t j = 0; j < e->n_props; j++) {
                const tx_event_prop *ep = &e->props[j];
                if (ep->required != (pass == 0))
                    continue;
                size_t pi;
                if (ep->variant || ep->prop->local) {
                    /* the event's own type: a slot of its own, its
                     * declarations named after the event */
                    pi = p->n_props++;
                    p->props[pi].p = ep->prop;
                    p->props[pi].meta = ep->variant && ep->meta.description ? &ep->meta
                                                                             : &ep->prop->meta;
                    p->props[pi].type = node_for(&b, ep->type, tx_arena_printf(a, "%s_%s", e->name,
                                                                               ep->prop->name), 0);
                    if (!p->props[pi].type)
                        return -1;
                } else {
                    pi = (size_t)(ep->prop - t->props);
                    if (ep->prop < t->props || pi >= t->n_props) {
                        tx_diag_add(d, TX_SEV_ERROR, "gen-model", e->span,
                                    "event '%s' refers to a property outside the dictionary",
                                    e->name);
                        return -1;
                    }
                }
                cg_prop *cp = &p->props[pi];
                if (!cp->type) {
                    cp->type = node_for(&b, cp->p->type, cp->p->name, 0);
                    if (!cp->type)
                        return -1;
                }
                ce->params[k] = (cg_param){ ep, ep->prop, cp->type, ep->required, pi };
                ce->wire_order[j] = k;
                k++;
                if (!b.key_len[pi])
                    b.key_len[pi] = json_len_escaped(ep->prop->name, strlen(ep->prop->name)) + 4;
                m = sat_add(m, b.key_len[pi]);
                m = sat_add(m, cp->type->json_max);
            }
            if (pass == 0)
                ce->n_required = k;
        }
        ce->json_max = m;
        if (e->n_props > p->max_props)
            p->max_props = e->n_props;
        if (m == CG_UNBOUNDED)
            p->json_max = CG_UNBOUNDED;
        else if (p->json_max != CG_UNBOUNDED && m > p->json_max)
            p->json_max = m;
    }
    if (!b.failed && t->n_user_props && user_plan(&b, t, d) != 0)
        return -1;
    if (b.failed)
        return -1;
    p->n_nodes = b.node_list.n;
    p->nodes = b.node_list.items;
    p->n_decls = b.decl_list.n;
    p->decls = b.decl_list.items;
    return 0;
}

void cg_json_key(tx_sb *sb, const char *name)
{
    tx_sb_addc(sb, '"');
    tx_sb_add_json_str(sb, name, strlen(name));
    tx_sb_adds(sb, "\":");
}

void cg_date_spec(tx_sb *sb, const tx_date_pattern *dp)
{
    static const char letters[] = {
        [TX_DP_YEAR4] = 'Y', [TX_DP_YEAR2] = 'y', [TX_DP_MONTH] = 'M', [TX_DP_DAY] = 'd',
        [TX_DP_HOUR] = 'H', [TX_DP_MINUTE] = 'm', [TX_DP_SECOND] = 's', [TX_DP_MILLIS] = 'S',
    };
    for (size_t i = 0; i < dp->n_parts; i++) {
        const tx_dp_part *pt = &dp->parts[i];
        if (pt->kind == TX_DP_LITERAL) {
            for (size_t j = 0; j < pt->lit_len;) {
                uint32_t cp;
                size_t l = tx_utf8_decode(pt->lit + j, pt->lit_len - j, &cp);
                if (!l)
                    l = 1;
                tx_sb_addc(sb, '\'');
                tx_sb_add(sb, pt->lit + j, l);
                j += l;
            }
        } else if ((unsigned)pt->kind < sizeof letters && letters[pt->kind]) {
            tx_sb_addc(sb, letters[pt->kind]);
        }
    }
}

void cg_enum_json(tx_sb *sb, tx_base base, const tx_enum_value *v)
{
    if (base == TX_UNION)
        base = v->kind;
    if (base == TX_STRING) {
        tx_sb_addc(sb, '"');
        tx_sb_add_json_str(sb, v->str, v->len);
        tx_sb_addc(sb, '"');
    } else if (v->num.set && v->num.is_int) {
        tx_sb_addf(sb, "%lld", (long long)v->num.i);
    } else if (v->num.set) {
        cg_double_literal(sb, v->num.d);
    } else {
        tx_sb_add(sb, v->str, v->len);
    }
}

const char *cg_enum_value_raw(tx_arena *a, tx_base base, const tx_enum_value *v)
{
    if (base == TX_STRING || (base == TX_UNION && v->kind == TX_STRING))
        return tx_arena_strndup(a, v->str, v->len);
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < v->len; i++) {
        char c = v->str[i];
        if (c == '-')
            tx_sb_adds(&sb, "minus_");
        else if (c == '.')
            tx_sb_addc(&sb, '_');
        else if (c != '+')
            tx_sb_addc(&sb, c);
    }
    const char *r = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

/* Own table: the model's tx_format_name() lives with the format checks. */
static const char *fmt_name(tx_format f)
{
    static const char *const names[] = {
        [TX_FMT_NONE] = "none", [TX_FMT_DATE] = "date", [TX_FMT_DATE_TIME] = "date-time",
        [TX_FMT_TIME] = "time", [TX_FMT_UUID] = "uuid", [TX_FMT_EMAIL] = "email",
        [TX_FMT_URI] = "uri", [TX_FMT_DATE_PATTERN] = "date pattern",
    };
    return (unsigned)f < sizeof names / sizeof names[0] ? names[f] : "?";
}

static void describe_num(tx_sb *sb, const tx_num *n)
{
    if (n->text)
        tx_sb_adds(sb, n->text);
    else if (n->is_int)
        tx_sb_addf(sb, "%lld", (long long)n->i);
    else
        cg_double_literal(sb, n->d);
}

void cg_describe(tx_sb *sb, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    switch (n->kind) {
    case CG_STRING: tx_sb_adds(sb, "string"); break;
    case CG_INTEGER: tx_sb_adds(sb, "integer"); break;
    case CG_NUMBER: tx_sb_adds(sb, "number"); break;
    case CG_BOOLEAN: tx_sb_adds(sb, "boolean"); break;
    case CG_ENUM:
        tx_sb_adds(sb, "one of ");
        for (size_t i = 0; i < n->decl->n_values; i++) {
            if (i == 8) {
                tx_sb_addf(sb, ", ... (%zu values)", n->decl->n_values);
                break;
            }
            if (i)
                tx_sb_adds(sb, ", ");
            tx_sb_add(sb, n->decl->values[i].str, n->decl->values[i].len);
        }
        break;
    case CG_ARRAY:
        tx_sb_adds(sb, "array of ");
        if (n->items->kind == CG_ARRAY || n->items->kind == CG_OBJECT || n->items->kind == CG_ENUM ||
            n->items->kind == CG_UNION)
            tx_sb_adds(sb, n->items->kind == CG_ARRAY ? "arrays" :
                           n->items->kind == CG_ENUM ? "enum values" :
                           n->items->kind == CG_UNION ? "unions" : "objects");
        else
            cg_describe(sb, n->items);
        break;
    case CG_OBJECT:
        tx_sb_adds(sb, "object");
        if (n->decl->open && n->decl->extra->kind == CG_ANY) {
            tx_sb_adds(sb, ", other members allowed");
        } else if (n->decl->open) {
            tx_sb_adds(sb, ", other members: ");
            cg_describe(sb, n->decl->extra);
        }
        break;
    case CG_ANY: tx_sb_adds(sb, "any JSON value"); break;
    case CG_NULL: tx_sb_adds(sb, "null"); break;
    case CG_UNION:
        for (size_t i = 0; i < n->decl->n_branches; i++) {
            if (i)
                tx_sb_adds(sb, " or ");
            cg_describe(sb, n->decl->branches[i]);
        }
        break;
    }
    if ((n->kind == CG_INTEGER || n->kind == CG_NUMBER) && (c->min.set || c->max.set)) {
        tx_sb_adds(sb, " ");
        if (c->min.set)
            describe_num(sb, &c->min);
        tx_sb_adds(sb, "..");
        if (c->max.set)
            describe_num(sb, &c->max);
    }
    if (n->kind == CG_STRING) {
        if (c->min_length > 0 && c->max_length >= 0)
            tx_sb_addf(sb, ", %lld-%lld code points", (long long)c->min_length,
                       (long long)c->max_length);
        else if (c->min_length > 0)
            tx_sb_addf(sb, ", at least %lld code points", (long long)c->min_length);
        else if (c->max_length >= 0)
            tx_sb_addf(sb, ", at most %lld code points", (long long)c->max_length);
        if (c->format != TX_FMT_NONE)
            tx_sb_addf(sb, ", format %s",
                       c->format_text ? c->format_text : fmt_name(c->format));
        for (size_t i = 0; i < c->n_patterns; i++) {
            tx_sb_adds(sb, ", pattern ");
            tx_sb_adds(sb, c->patterns[i]);
        }
    }
    if (n->kind == CG_ARRAY) {
        if (c->min_items > 0)
            tx_sb_addf(sb, ", at least %lld items", (long long)c->min_items);
        if (c->max_items >= 0)
            tx_sb_addf(sb, ", at most %lld items", (long long)c->max_items);
    }
    if (n->nullable)
        tx_sb_adds(sb, ", nullable");
}

void cg_event_doc(tx_sb *sb, const tx_event *e)
{
    if (e->meta.description && *e->meta.description) {
        tx_sb_adds(sb, e->meta.description);
        tx_sb_adds(sb, "\n\n");
    }
    tx_sb_adds(sb, "Event '");
    tx_sb_adds(sb, e->name);
    tx_sb_adds(sb, "'.");
    if (e->category)
        tx_sb_addf(sb, " Category: %s.", e->category);
    if (e->trigger)
        tx_sb_addf(sb, "\nTrigger: %s", e->trigger);
    if (e->meta.owner)
        tx_sb_addf(sb, "\nOwner: %s", e->meta.owner);
    if (e->meta.deprecated)
        tx_sb_addf(sb, "\nDeprecated%s%s", e->meta.deprecated_reason ? ": " : ".",
                   e->meta.deprecated_reason ? e->meta.deprecated_reason : "");
}

void cg_prop_doc(tx_sb *sb, const tx_meta *m, const cg_node *n)
{
    if (m && m->description && *m->description) {
        tx_sb_adds(sb, m->description);
        tx_sb_adds(sb, " (");
        cg_describe(sb, n);
        tx_sb_adds(sb, ")");
    } else {
        cg_describe(sb, n);
    }
    if (m && m->pii)
        tx_sb_adds(sb, "; personal data");
    if (m && m->deprecated)
        tx_sb_addf(sb, "; deprecated%s%s", m->deprecated_reason ? ": " : "",
                   m->deprecated_reason ? m->deprecated_reason : "");
}

void cg_value_doc(tx_sb *sb, const cg_decl *d, size_t j)
{
    const tx_enum_value *v = &d->values[j];
    cg_enum_json(sb, d->base, v);
    if (v->description && *v->description) {
        tx_sb_adds(sb, ": ");
        tx_sb_adds(sb, v->description);
    }
}

const char **cg_prop_docs(tx_arena *a, const cg_plan *p, bool named, unsigned flags)
{
    const char **docs = tx_arena_alloc(a, (p->n_props + 1) * sizeof *docs);
    tx_sb raw = TX_SB_INIT;
    for (size_t i = 0; i < p->n_props; i++) {
        if (!p->props[i].type)
            continue;
        tx_sb_reset(&raw);
        if (named)
            tx_sb_addf(&raw, "'%s': ", p->props[i].p->name);
        cg_prop_doc(&raw, p->props[i].meta, p->props[i].type);
        docs[i] = cg_comment_dup(a, raw.buf, raw.len, flags);
    }
    tx_sb_release(&raw);
    return docs;
}

void cg_num_text(tx_sb *sb, const tx_num *n, bool as_int)
{
    if (as_int)
        tx_sb_addf(sb, "%lld", (long long)n->i);
    else
        cg_double_literal(sb, n->d);
}
