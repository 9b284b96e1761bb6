/* The effective-constraints view of a resolved type (constraints.h): one
 * flat copy of the type's fields, since the loader has already resolved a
 * refinement's inherited constraints into the type itself. */
#include "constraints.h"

/* The fields the view takes from tx_type as they are, by the same name: a
 * new constraint that needs no reading of its own is one more X here. */
#define EFF_AS_IS(X)                                                                    \
    X(base) X(nullable) X(n_enum) X(enums) X(min_length) X(max_length) X(pattern)       \
    X(pattern_re) X(format) X(format_text) X(date_pattern) X(items) X(min_items)        \
    X(max_items) X(n_fields) X(fields) X(open) X(additional) X(n_branches) X(branches)

tx_eff tx_eff_of(const tx_type *t)
{
    tx_eff e = { .min_length = -1, .max_length = -1, .min_items = -1, .max_items = -1 };
    if (!t)
        return e;
    e.t = t;
#define EFF_COPY_(f) e.f = t->f;
    EFF_AS_IS(EFF_COPY_)
#undef EFF_COPY_
    /* the rest are read: a name (own or refined), bounds that may be unset,
     * a date pattern's text for its format */
    e.ref = t->name ? t->name : t->parent ? t->parent->name : NULL;
    e.min = t->min.set ? &t->min : NULL;
    e.max = t->max.set ? &t->max : NULL;
    if (e.format == TX_FMT_DATE_PATTERN && !e.format_text && e.date_pattern)
        e.format_text = e.date_pattern->text;
    return e;
}

static bool uses_v2(const tx_type *t, int depth)
{
    if (!t || depth > 64)
        return false;
    if (t->base == TX_ANY || t->base == TX_NULL || t->base == TX_UNION || t->open)
        return true;
    if (uses_v2(t->items, depth + 1))
        return true;
    for (size_t i = 0; i < t->n_fields; i++)
        if (uses_v2(t->fields[i].type, depth + 1))
            return true;
    return false;
}

bool tx_type_uses_v2(const tx_type *t)
{
    return uses_v2(t, 0);
}

bool tx_model_uses_v2(const tx_taxonomy *t, const char **prop, const char **event)
{
    *event = NULL;
    for (size_t i = 0; i < t->n_props; i++)
        if (tx_type_uses_v2(t->props[i].type)) {
            *prop = t->props[i].name;
            return true;
        }
    for (size_t i = 0; i < t->n_events; i++)
        for (size_t k = 0; k < t->events[i].n_props; k++)
            if (t->events[i].props[k].variant) {
                *prop = t->events[i].props[k].prop->name;
                *event = t->events[i].name;
                return true;
            }
    return false;
}
