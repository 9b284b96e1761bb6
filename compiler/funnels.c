/* Funnels (issue 18): the top-level `funnels:` map -> tx_funnel.
 *
 *   funnels:
 *     purchase:
 *       description: 상품조회 → 결제완료
 *       steps: [view_product, {event: start_payment, where: {payment_method: card}}]
 *       key: user            # or a property every step carries: product_id
 *       within: 1d           # Ns, Nm, Nh or Nd
 *
 * Approach: resolve.c collects each file's `funnels:` pair during the top
 * level pass and calls rs_funnels once events are resolved, so steps point
 * at final events and conditions at the step event's own slot (a variant's
 * type, not the dictionary's). Names are checked here, as every other
 * reference is: unknown events and properties get tx_suggest's nearest name
 * (through rs_unknown); a key a step does not carry, or carries with
 * another base type, is funnel-key; a condition that can never match (a
 * value of the wrong kind, outside the enum or the min/max range, or a
 * string the slot's length, pattern or format rejects: rs_strfit, the
 * check enum values pass) is funnel-condition. Everything built lives in the model's arena; the event
 * index is a scratch strmap freed before returning. */
#include "resolve.h"
#include "../schema/constraints.h"
#include "../support/util.h"
#include <stdlib.h>
#include <string.h>

typedef struct fn {
    rs *r;
    tx_strmap ev_ix;                /* event name -> index + 1 */
    const char **ev_names;          /* for suggestions */
} fn;

enum { F_DESC, F_OWNER, F_DEPR, F_LINT, F_STEPS, F_KEY, F_WITHIN };
static const rs_key funnel_keys[] = {
    [F_DESC] = { "description", 1 }, [F_OWNER] = { "owner", 1 },
    [F_DEPR] = { "deprecated", 1 },  [F_LINT] = { "lint", 1 },
    [F_STEPS] = { "steps", 1 },      [F_KEY] = { "key", 1 },
    [F_WITHIN] = { "within", 1 },
};
static const rs_key step_keys[] = { { "event", 1 }, { "where", 1 } };

/* "30m" -> 1800: digits then one of s, m, h, d; positive, at most 366 days
 * (a journey window longer than a year is a typo). */
#define FN_MAX_WITHIN_S (366 * 86400LL)
static bool parse_within(const char *s, int64_t *out)
{
    int64_t v = 0;
    const char *p = s;
    if (*p < '1' || *p > '9')
        return false;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > FN_MAX_WITHIN_S)
            return false;
    }
    int64_t unit = *p == 's' ? 1 : *p == 'm' ? 60 : *p == 'h' ? 3600 : *p == 'd' ? 86400 : 0;
    if (!unit || p[1] != '\0' || v > FN_MAX_WITHIN_S / unit)
        return false;
    *out = v * unit;
    return true;
}

static const tx_event *find_event(fn *f, const yl_node *n)
{
    uintptr_t i = (uintptr_t)tx_strmap_get(&f->ev_ix, n->str, n->n);
    if (i)
        return &f->r->t->events[i - 1];
    rs_unknown(f->r, TXC_UNKNOWN_EVENT, n, "event", f->ev_names, f->r->t->n_events);
    return NULL;
}

static bool is_name(const yl_node *n)
{
    return n->kind == YL_SCALAR && !yl_is_null(n) && n->n > 0;
}

static bool plain_is(const yl_node *v, const char *word)
{
    return v->style == YL_PLAIN && strcmp(v->str, word) == 0;
}

/* Reads a condition's value against the slot's type; false (after a
 * funnel-condition error) when no value of the property can equal it. */
static bool read_value(fn *f, const tx_event *e, const tx_event_prop *slot, const yl_node *v,
                       tx_enum_value *out)
{
    rs *r = f->r;
    const char *pn = slot->prop->name;
    tx_eff eff = tx_eff_of(slot->type);
    if (v->kind != YL_SCALAR || yl_is_null(v)) {
        rs_wrong_kind(r, v, "a string, number or boolean", "a step condition");
        return false;
    }
    out->str = v->str;
    out->len = v->n;
    out->span = v->span;
    out->kind = eff.base;
    const char *why = NULL;
    int64_t i;
    double d;
    bool looks_scalar = v->style == YL_PLAIN &&
        (plain_is(v, "true") || plain_is(v, "false") || rs_parse_num(v->str, &d));
    switch (eff.base) {
    case TX_STRING:
        if (looks_scalar)
            why = "is not a string";
        break;
    case TX_INTEGER:
        if (v->style != YL_PLAIN || !rs_parse_int(v->str, &i))
            why = "is not an integer";
        else
            out->num = (tx_num){ true, true, i, (double)i, v->str };
        break;
    case TX_NUMBER:
        if (v->style != YL_PLAIN || !rs_parse_num(v->str, &d))
            why = "is not a number";
        else
            out->num = (tx_num){ true, rs_parse_int(v->str, &i), i, d, v->str };
        break;
    case TX_BOOLEAN:
        if (!plain_is(v, "true") && !plain_is(v, "false"))
            why = "is not true or false";
        break;
    default: {
        tx_diag *dg = rs_err(r, TXC_FUNNEL_CONDITION, v->span,
                             "condition on property '%s' of event '%s' can never match: its type is %s",
                             pn, e->name, tx_base_name(eff.base));
        tx_diag_fix(r->d, dg, "a condition compares a string, integer, number or boolean");
        return false;
    }
    }
    bool off_enum = false;
    if (!why && eff.n_enum) {
        bool hit = false;
        for (size_t k = 0; k < eff.n_enum && !hit; k++) {
            const tx_enum_value *ev = &eff.enums[k];
            hit = eff.base == TX_STRING || eff.base == TX_BOOLEAN
                      ? ev->len == v->n && memcmp(ev->str, v->str, v->n) == 0
                      : ev->num.d == out->num.d;
        }
        if (!hit) {
            why = "is not in its enum";
            off_enum = true;
        }
    }
    if (!why && out->num.set && eff.min && out->num.d < eff.min->d)
        why = "is below its min";
    if (!why && out->num.set && eff.max && out->num.d > eff.max->d)
        why = "is above its max";
    if (!why && eff.base == TX_STRING && !eff.n_enum) {
        /* (an enum's values have passed these already, in types.c) */
        rs_strfit sf;
        rs_strfit_begin(&sf, slot->type);
        why = rs_strfit_why(r, &sf, v->str, v->n);
        bool unchecked = sf.unchecked;
        rs_strfit_end(&sf);
        if (unchecked) {
            rs_err(r, TXC_FUNNEL_CONDITION, v->span, "condition value '%s' %s (property '%s' "
                   "of event '%s')", v->str, why, pn, e->name);
            return false;
        }
    }
    if (!why)
        return true;
    tx_diag *dg = rs_err(r, TXC_FUNNEL_CONDITION, v->span,
                         "condition can never match: '%s' %s (property '%s' of event '%s')",
                         v->str, why, pn, e->name);
    if (eff.n_enum && eff.base == TX_STRING && off_enum) {
        const char **vals = tx_arena_alloc(r->scratch, eff.n_enum * sizeof *vals);
        for (size_t k = 0; k < eff.n_enum; k++)
            vals[k] = eff.enums[k].str;
        const char *near = rs_suggest(r, v->str, v->n, vals, eff.n_enum);
        if (near)
            tx_diag_fix(r->d, dg, "did you mean '%s'?", near);
    } else if (eff.base == TX_STRING && looks_scalar) {
        tx_diag_fix(r->d, dg, "quote it to compare text: '%s'", v->str);
    }
    return false;
}

static void read_where(fn *f, tx_funnel_step *st, const yl_node *w)
{
    rs *r = f->r;
    if (yl_is_null(w) || !rs_map(r, w, "'where'"))
        return;
    st->where = tx_arena_alloc(r->a, (w->n + 1) * sizeof *st->where);
    const tx_event *e = st->event;
    for (size_t i = 0; i < w->n; i++) {
        const yl_node *pk = w->pairs[i].key;
        const tx_event_prop *slot = tx_event_find_prop(e, pk->str, pk->n);
        if (!slot) {
            const char **names = tx_arena_alloc(r->scratch, (e->n_props + 1) * sizeof *names);
            for (size_t k = 0; k < e->n_props; k++)
                names[k] = e->props[k].prop->name;
            const char *near = rs_suggest(r, pk->str, pk->n, names, e->n_props);
            if (near)
                rs_err(r, TXC_UNKNOWN_PROPERTY, pk->span,
                       "event '%s' does not carry property '%s'; did you mean '%s'?", e->name,
                       pk->str, near);
            else
                rs_err(r, TXC_UNKNOWN_PROPERTY, pk->span,
                       "event '%s' does not carry property '%s'", e->name, pk->str);
            continue;
        }
        tx_funnel_where *fw = &st->where[st->n_where];
        fw->slot = slot;
        if (read_value(f, e, slot, w->pairs[i].val, &fw->value))
            st->n_where++;
    }
}

static void read_steps(fn *f, tx_funnel *fu, const yl_node *v)
{
    rs *r = f->r;
    if (!rs_seq(r, v, "'steps'"))
        return;
    fu->steps = tx_arena_alloc(r->a, (v->n + 1) * sizeof *fu->steps);
    for (size_t i = 0; i < v->n; i++) {
        const yl_node *s = v->items[i], *name = s, *where = NULL;
        if (s->kind == YL_MAP) {
            name = NULL;
            for (size_t k = 0; k < s->n; k++) {
                const yl_pair *p = &s->pairs[k];
                int ki = rs_key_lookup(r, p->key, step_keys, 2, 1, "a funnel step");
                if (ki == 0)
                    name = p->val;
                else if (ki == 1)
                    where = p->val;
            }
            if (!name) {
                tx_diag *dg = rs_err(r, TXC_MISSING_KEY, yl_head_span(&r->ctx->sources, s),
                                     "missing 'event' in a funnel step");
                tx_diag_fix(r->d, dg, "write {event: NAME, where: {PROPERTY: VALUE}}");
                continue;
            }
        }
        if (!is_name(name)) {
            rs_wrong_kind(r, name, "an event name", "a funnel step");
            continue;
        }
        const tx_event *e = find_event(f, name);
        if (!e)
            continue;
        tx_funnel_step *st = &fu->steps[fu->n_steps++];
        st->event = e;
        st->span = name->span;
        if (where)
            read_where(f, st, where);
    }
    if (v->n < 2) {
        tx_diag *dg = rs_err(r, TXC_FUNNEL_STEPS, yl_head_span(&r->ctx->sources, v),
                             "funnel '%s' has %zu step%s; a funnel needs two or more", fu->name,
                             (size_t)v->n, v->n == 1 ? "" : "s");
        tx_diag_fix(r->d, dg, "list the events in the order a journey sends them");
    }
}

/* Every step carries the key property, with one base type. */
static void check_key(fn *f, tx_funnel *fu, const yl_node *kn)
{
    rs *r = f->r;
    const tx_event_prop *first = NULL;
    const tx_funnel_step *first_step = NULL;
    for (size_t i = 0; i < fu->n_steps; i++) {
        const tx_event_prop *s = tx_event_find_prop(fu->steps[i].event, kn->str, kn->n);
        if (s && !first) {
            first = s;
            first_step = &fu->steps[i];
        }
    }
    if (!first) {
        if (tx_strmap_get(&r->prop_ix, kn->str, kn->n) == NULL) {
            rs_unknown(r, TXC_UNKNOWN_PROPERTY, kn, "property", r->prop_names, r->n_prop_names);
            return;
        }
    }
    for (size_t i = 0; i < fu->n_steps; i++) {
        const tx_funnel_step *st = &fu->steps[i];
        const tx_event_prop *s = tx_event_find_prop(st->event, kn->str, kn->n);
        tx_diag *dg = NULL;
        if (!s) {
            dg = rs_err(r, TXC_FUNNEL_KEY, st->span,
                        "step '%s' of funnel '%s' does not carry the key property '%s'",
                        st->event->name, fu->name, kn->str);
            tx_diag_fix(r->d, dg, "add '%s' to event '%s', or key the funnel by 'user'",
                        kn->str, st->event->name);
        } else if (s->type && first->type && s->type->base != first->type->base) {
            /* (a type that failed to resolve has been reported already) */
            dg = rs_err(r, TXC_FUNNEL_KEY, st->span,
                        "key property '%s' has type %s in step '%s' but %s in step '%s'", kn->str,
                        tx_base_name(s->type->base), st->event->name,
                        tx_base_name(first->type->base), first_step->event->name);
        }
        if (dg)
            tx_diag_note(r->d, dg, kn->span, "the funnel's key");
    }
}

static void read_funnel(fn *f, tx_funnel *fu, const yl_node *name, const yl_node *v)
{
    rs *r = f->r;
    char *what = tx_arena_printf(r->scratch, "funnel '%s'", name->str);
    fu->name = name->str;
    fu->span = name->span;
    fu->key_span = fu->within_span = TX_NO_SPAN;
    if (!rs_map(r, v, what))
        return;
    const yl_node *steps = NULL, *key = NULL, *within = NULL;
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = rs_key_lookup(r, p->key, funnel_keys, sizeof funnel_keys / sizeof *funnel_keys,
                              1, what);
        if (k == F_STEPS)
            steps = p->val;
        else if (k == F_KEY)
            key = p->val;
        else if (k == F_WITHIN)
            within = p->val;
        else if (k >= 0)
            rs_meta_key(r, p, &fu->meta);
    }
    if (!steps) {
        tx_diag *dg = rs_err(r, TXC_MISSING_KEY, name->span, "missing 'steps' in %s", what);
        tx_diag_fix(r->d, dg, "add 'steps: [first_event, second_event]'");
    } else {
        read_steps(f, fu, steps);
    }
    if (key && rs_str(r, key, "'key'", &fu->key)) {
        fu->key_span = key->span;
        if (strcmp(fu->key, "user") == 0)
            fu->key = NULL;     /* the profile's user (or device) id */
        else
            check_key(f, fu, key);
    }
    if (!within) {
        tx_diag *dg = rs_err(r, TXC_MISSING_KEY, name->span, "missing 'within' in %s", what);
        tx_diag_fix(r->d, dg, "add how long a journey may take, e.g. 'within: 1d'");
    } else if (rs_str(r, within, "'within'", &fu->within_text)) {
        fu->within_span = within->span;
        if (!parse_within(fu->within_text, &fu->within_s)) {
            tx_diag *dg = rs_err(r, TXC_INVALID_DURATION, within->span,
                                 "invalid duration '%s' for 'within'", fu->within_text);
            tx_diag_fix(r->d, dg, "write a positive number and s, m, h or d (30m, 2h, 1d), "
                        "at most 366d");
        }
    }
}

void rs_funnels(rs *r)
{
    tx_taxonomy *t = r->t;
    size_t total = 0;
    for (size_t i = 0; i < r->funnel_maps.n; i++) {
        const yl_node *m = r->funnel_maps.items[i]->val;
        if (!yl_is_null(m) && rs_map(r, m, "'funnels'"))
            total += m->n;
    }
    if (!total)
        return;
    fn f = { .r = r };
    f.ev_names = tx_arena_alloc(r->scratch, (t->n_events + 1) * sizeof *f.ev_names);
    tx_strmap_reserve(&f.ev_ix, t->n_events);
    for (size_t i = 0; i < t->n_events; i++) {
        bool found;
        tx_strmap_slot *s = tx_strmap_put(&f.ev_ix, t->events[i].name,
                                          strlen(t->events[i].name), &found);
        s->val = (void *)(uintptr_t)(i + 1);
        f.ev_names[i] = t->events[i].name;
    }
    tx_strmap names = { 0 };        /* funnel name -> its tx_funnel + 1 */
    t->funnels = tx_arena_alloc(r->a, total * sizeof *t->funnels);
    tx_arena_mark mark = tx_arena_mark_now(r->scratch);
    for (size_t i = 0; i < r->funnel_maps.n; i++) {
        const yl_node *m = r->funnel_maps.items[i]->val;
        if (yl_is_null(m) || m->kind != YL_MAP)
            continue;
        for (size_t j = 0; j < m->n; j++) {
            const yl_pair *p = &m->pairs[j];
            if (p->key->n == 0) {
                rs_err(r, TXC_INVALID_NAME, p->key->span, "empty funnel name");
                continue;
            }
            bool found;
            tx_strmap_slot *s = tx_strmap_put(&names, p->key->str, p->key->n, &found);
            if (found) {
                const tx_funnel *first = &t->funnels[(uintptr_t)s->val - 1];
                tx_diag *dg = rs_err(r, TXC_DUPLICATE_DEF, p->key->span,
                                     "duplicate definition of funnel '%s'", p->key->str);
                tx_diag_note(r->d, dg, first->span, "first defined here");
                continue;
            }
            s->val = (void *)(uintptr_t)(t->n_funnels + 1);
            read_funnel(&f, &t->funnels[t->n_funnels++], p->key, p->val);
            tx_arena_release(r->scratch, mark);
        }
    }
    tx_strmap_free(&names);
    tx_strmap_free(&f.ev_ix);
}
