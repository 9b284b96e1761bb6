/* The sheet model (internal.h) -> an im_plan -> taxonomy YAML through the
 * importers' one writer (compiler/import/im.h), so every importer's YAML
 * is written by the same code.
 *
 * The sheet model keeps a named type's use and its definition in one
 * itype (the row "integer (headcount)" both uses and defines headcount);
 * here a use becomes a reference (`type: headcount`, nothing else) and the
 * definition goes to `types:` once, in the order of the "(types)" rows,
 * then of first use. Two of the writer's switches keep this importer's
 * spelling: the null type bare (im_null_bare) and a variant's `required:`
 * before its `type:` (required_first). */
#include "internal.h"
#include <string.h>

static const char *base_word(tx_base b)
{
    return b == TX_NULL ? im_null_bare : tx_base_name(b);
}

static im_type *spec_of(tx_arena *a, const itype *t);

/* A type's own definition: its base (a union's branches) and its
 * constraints, whatever name it carries. */
static im_type *def_of(tx_arena *a, const itype *t)
{
    im_type *o = im_type_new(a, t->base == TX_UNION ? NULL : base_word(t->base));
    for (size_t i = 0; i < t->branches.n; i++) {
        const itype *b = t->branches.items[i];
        TX_PUSH(a, o->branches, b->named ? b->named : base_word(b->base));
    }
    o->nullable = t->nullable;
    o->enums.items = t->enums.items;
    o->enums.n = t->enums.n;
    o->enums.cap = t->enums.cap;
    o->min = t->min;
    o->max = t->max;
    o->min_len = t->min_len;
    o->max_len = t->max_len;
    o->min_items = t->min_items;
    o->max_items = t->max_items;
    o->pattern = t->pattern;
    o->format = t->format;
    if (t->items)
        o->items = spec_of(a, t->items);
    for (size_t i = 0; i < t->fields.n; i++) {
        const ifield *f = &t->fields.items[i];
        im_field nf = { f->name, f->required, spec_of(a, f->type), f->meta };
        TX_PUSH(a, o->fields, nf);
    }
    o->additional = !t->open ? IM_CLOSED : t->additional ? IM_ADDITIONAL_TYPE : IM_OPEN;
    if (t->open && t->additional)
        o->additional_type = spec_of(a, t->additional);
    return o;
}

/* A use of a type: a named type by its name alone. */
static im_type *spec_of(tx_arena *a, const itype *t)
{
    if (!t->named)
        return def_of(a, t);
    im_type *o = im_type_new(a, t->named);
    o->ref = true;
    return o;
}

/* An event's or group's property: a reference to the dictionary's, or a
 * variant (its own definition, under a name the dictionary may lack). */
static im_use use_of(tx_arena *a, const iuse *u)
{
    im_use o = { .prop = u->prop, .required = u->required, .meta = u->meta };
    if (u->variant) {
        o.name = u->name;
        o.type = spec_of(a, u->variant);
    }
    return o;
}

static void fill(ictx *ic, im_plan *p)
{
    tx_arena *a = p->a;
    /* the (types) rows in their order, then types only used, in order of use */
    for (size_t i = 0; i < ic->named.n; i++)
        if (!ic->named.items[i].listed)
            TX_PUSH(a, ic->type_order, i);
    for (size_t i = 0; i < ic->type_order.n; i++) {
        const inamed *nt = &ic->named.items[ic->type_order.items[i]];
        im_named o = { .name = nt->name, .type = def_of(a, nt->type), .meta = nt->meta };
        TX_PUSH(a, p->types, o);
    }
    for (size_t i = 0; i < ic->props.n; i++) {
        const iprop *pr = &ic->props.items[i];
        im_prop o = { .name = pr->name, .type = spec_of(a, pr->type), .meta = pr->meta,
                      .examples = pr->examples, .notes = pr->notes };
        TX_PUSH(a, p->props, o);
    }
    for (size_t i = 0; i < ic->groups.n; i++) {
        const igroup *g = &ic->groups.items[i];
        im_group o = { .name = g->name, .meta = g->meta };
        for (size_t k = 0; k < g->props.n; k++) {
            im_use u = use_of(a, &g->props.items[k]);
            TX_PUSH(a, o.props, u);
        }
        TX_PUSH(a, p->groups, o);
    }
    for (size_t i = 0; i < ic->user_order.n; i++)
        TX_PUSH(a, p->user_props, ic->user_order.items[i]);
    for (size_t i = 0; i < ic->events.n; i++) {
        const ievent *e = &ic->events.items[i];
        im_event *o = im_event_add(p, e->name);
        o->meta = e->meta;
        o->category = e->category;
        o->trigger = e->trigger;
        for (size_t k = 0; k < e->props.n; k++) {
            im_use u = use_of(a, &e->props.items[k]);
            TX_PUSH(a, o->props, u);
        }
    }
}

char *sh_write_yaml(ictx *ic, const char *path, const tx_import_opts *o, size_t *out_len)
{
    im_plan p;
    im_plan_init(&p, ic->ctx);
    p.required_first = true;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    TX_PUSH(p.a, p.header, tx_arena_printf(p.a, "imported from %s by taxonc import csv", base));
    TX_PUSH(p.a, p.header, "values the sheet gave as examples are kept as '# e.g.' comments");
    p.name = o && o->name ? o->name
             : ic->tax_name ? ic->tax_name
                            : im_slug(p.a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
    /* an exported plan without a version stays without one */
    p.version = o && o->version ? o->version : ic->tax_version ? ic->tax_version
                : ic->tax_row ? NULL : "0.1.0";
    p.description = ic->tax_desc;
    fill(ic, &p);
    char *r = im_write_yaml(&p, out_len);
    im_plan_done(&p);
    return r;
}
