/* Fuzz target: the taxonomy loader, then lint. Any bytes go through
 * tx_load_string (includes off); whatever happens, the result must be a
 * model or a list of diagnostics that render cleanly in every format, never
 * a crash, leak or undefined behaviour. When a model comes back, walk it and
 * use the lookups, so a half-built model (dangling pointer, wrong count)
 * shows up here, and run every lint rule over it (with a low PCRE2 match
 * limit so user patterns stay fast). */
#include "fuzz_common.h"
#include "../../compiler/load.h"

static void walk_type(const tx_type *t, unsigned depth)
{
    if (!t || depth > 256)
        return;
    size_t acc = strlen(tx_base_name(t->base));
    for (size_t i = 0; i < t->n_enum; i++)
        acc += t->enums[i].len;
    if (t->name)
        acc += strlen(t->name);
    for (size_t i = 0; i < t->n_fields; i++) {
        acc += strlen(t->fields[i].name);
        walk_type(t->fields[i].type, depth + 1);
    }
    walk_type(t->items, depth + 1);
    (void)acc;
}

static void walk(const tx_taxonomy *t)
{
    for (size_t i = 0; i < t->n_types; i++)
        walk_type(t->types[i], 0);
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (tx_find_property(t, p->name, strlen(p->name)) == NULL)
            abort();    /* every dictionary property must be found by name */
        walk_type(p->type, 0);
    }
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        if (tx_find_event(t, e->name, strlen(e->name)) == NULL)
            abort();
        for (size_t j = 0; j < e->n_props; j++) {
            const tx_property *p = e->props[j].prop;
            if (tx_event_find_prop(e, p->name, strlen(p->name)) == NULL)
                abort();
        }
    }
    for (size_t i = 0; i < t->n_groups; i++)
        if (tx_find_group(t, t->groups[i].name, strlen(t->groups[i].name)) == NULL)
            abort();
    (void)tx_model_hash(t);
}

static void check_model(const tx_taxonomy *t, tx_ctx *ctx)
{
    walk(t);
#if FUZZ_HAVE_LINT
    tx_lint_opts lo = { .match_limit = 10000 };
    if (tx_lint(t, &lo, &ctx->diags) != 0)
        abort();    /* no overrides given: cannot fail */
#else
    (void)ctx;
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_load_input(data, size, check_model);
    return 0;
}
