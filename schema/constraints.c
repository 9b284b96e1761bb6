/* The effective-constraints view of a resolved type (constraints.h): one
 * flat copy of the type's fields, since the loader has already resolved a
 * refinement's inherited constraints into the type itself. */
#include "constraints.h"

tx_eff tx_eff_of(const tx_type *t)
{
    tx_eff e = { .min_length = -1, .max_length = -1, .min_items = -1, .max_items = -1 };
    if (!t)
        return e;
    e.t = t;
    e.base = t->base;
    e.nullable = t->nullable;
    e.ref = t->name ? t->name : t->parent ? t->parent->name : NULL;
    e.n_enum = t->n_enum;
    e.enums = t->enums;
    e.min = t->min.set ? &t->min : NULL;
    e.max = t->max.set ? &t->max : NULL;
    e.min_length = t->min_length;
    e.max_length = t->max_length;
    e.pattern = t->pattern;
    e.pattern_re = t->pattern_re;
    e.format = t->format;
    e.format_text = t->format_text;
    e.date_pattern = t->date_pattern;
    if (e.format == TX_FMT_DATE_PATTERN && !e.format_text && e.date_pattern)
        e.format_text = e.date_pattern->text;
    e.items = t->items;
    e.min_items = t->min_items;
    e.max_items = t->max_items;
    e.n_fields = t->n_fields;
    e.fields = t->fields;
    e.open = t->open;
    e.additional = t->additional;
    e.n_branches = t->n_branches;
    e.branches = t->branches;
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
