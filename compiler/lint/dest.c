/* The shared checker behind the destination-* rules: each rule file holds
 * one lint_dest table of documented limits (with its sources in the rule's
 * doc), names it in its tx_lint_rule.dest and has lint_dest_check() as its
 * check, which applies them only when conventions.destinations names that
 * destination. Limits of 0 and NULL
 * lists are skipped, so a table states only what its vendor documents. */
#include "lint_int.h"
#include <string.h>

static bool ascii_letter(unsigned char ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }
static bool word_char(unsigned char ch)
{
    return ascii_letter(ch) || (ch >= '0' && ch <= '9') || ch == '_' || ch >= 0x80;
}

static bool in_list(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

static const char *prefix_of(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strncmp(*list, s, strlen(*list)) == 0)
            return *list;
    return NULL;
}

/* kind: "event", "property", "user property" */
static void check_name(lint_ctx *c, const lint_dest *d, const char *kind, const char *name,
                       tx_span sp, const tx_meta *m, const lint_item_limits *l)
{
    size_t cp = lint_codepoints(name);
    if (l->max_len && cp > l->max_len)
        lint_emit(c, sp, m, NULL, "%s name '%s' is %zu characters long; %s allows at most %zu",
                  kind, name, cp, d->label, l->max_len);
    const unsigned char *s = (const unsigned char *)name;
    if (l->letter_first && !(ascii_letter(s[0]) || s[0] >= 0x80))
        lint_emit(c, sp, m, NULL, "%s name '%s' does not start with a letter, as %s requires", kind,
                  name, d->label);
    if (l->word_chars) {
        for (size_t i = 0; s[i]; i++)
            if (!word_char(s[i])) {
                tx_diag *dg = lint_emit(c, sp, m, NULL,
                                        "%s name '%s' contains '%c'; %s allows only letters, "
                                        "digits and underscores", kind, name,
                                        s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?', d->label);
                lint_words w = lint_split(c->scratch, name);
                if (w.n)
                    tx_diag_fix(c->out, dg, "rename to '%s'",
                                lint_join(c->scratch, &lint_casing_snake, w.w, 0, w.n));
                break;
            }
    }
    if (in_list(l->reserved, name)) {
        tx_diag *dg = lint_emit(c, sp, m, NULL, "%s name '%s' is reserved by %s", kind, name,
                                d->label);
        /* an event named like a vendor's own (page_view, session_start):
         * the <action>_<object> name is free */
        const char *sug = strcmp(kind, "event") == 0 ? lint_event_suggest(c, name) : NULL;
        if (sug && !in_list(l->reserved, sug))
            tx_diag_fix(c->out, dg, "rename to '%s'", sug);
    }
    const char *pre = prefix_of(l->prefixes, name);
    if (pre) {
        tx_diag *dg = lint_emit(c, sp, m, NULL, "%s name '%s' starts with '%s', a prefix %s reserves",
                                kind, name, pre, d->label);
        if (name[strlen(pre)])
            tx_diag_fix(c->out, dg, "rename to '%s'", name + strlen(pre));
    }
}

/* Value limits of the type a property or member carries. */
static void check_values(lint_ctx *c, const lint_dest *d, const char *kind, const char *name,
                         tx_span sp, const tx_meta *m, const tx_type *ty,
                         const lint_item_limits *l)
{
    if (!ty)
        return;
    size_t vmax = l->max_value_len;
    if (ty->base == TX_STRING && vmax) {
        if (ty->max_length > (int64_t)vmax)
            lint_emit(c, sp, m, NULL,
                      "%s '%s' allows values of %lld characters; %s keeps at most %zu", kind, name,
                      (long long)ty->max_length, d->label, vmax);
        for (size_t i = 0; i < ty->n_enum; i++) {
            size_t cp = lint_codepoints(ty->enums[i].str);
            if (cp > vmax)
                lint_emit(c, ty->enums[i].span, m, &ty->meta,
                          "enum value '%s' of %s '%s' is %zu characters long; %s keeps at most "
                          "%zu", ty->enums[i].str, kind, name, cp, d->label, vmax);
        }
    }
    size_t items = d->max.array_items, keys = d->max.object_keys;
    if (ty->base == TX_ARRAY && items && ty->max_items > (int64_t)items)
        lint_emit(c, sp, m, NULL, "%s '%s' allows %lld array items; %s accepts at most %zu", kind,
                  name, (long long)ty->max_items, d->label, items);
    if (ty->base == TX_OBJECT && keys && ty->n_fields > keys)
        lint_emit(c, sp, m, NULL, "%s '%s' has %zu members; %s accepts at most %zu keys per object",
                  kind, name, ty->n_fields, d->label, keys);
}

/* A user property's limits: its own where the table sets them, else those
 * of event properties. */
static lint_item_limits user_prop_limits(const lint_dest *d)
{
    lint_item_limits l = d->user_prop;
    const lint_item_limits *p = &d->prop;
    l.max_len = l.max_len ? l.max_len : p->max_len;
    l.letter_first = l.letter_first || p->letter_first;
    l.word_chars = l.word_chars || p->word_chars;
    l.reserved = l.reserved ? l.reserved : p->reserved;
    l.prefixes = l.prefixes ? l.prefixes : p->prefixes;
    l.max_value_len = l.max_value_len ? l.max_value_len : p->max_value_len;
    return l;
}

void lint_dest_check(lint_ctx *c)
{
    const lint_dest *d = tx_lint_rule_at(c->rule)->dest;
    if (!(c->dests & d->bit))
        return;
    const tx_taxonomy *t = c->t;
    const lint_usage *u = lint_get_usage(c);
    const lint_dest_counts *max = &d->max;
    const lint_item_limits user = user_prop_limits(d);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        check_name(c, d, "event", e->name, e->span, &e->meta, &d->event);
        if (max->props_per_event && e->n_props > max->props_per_event)
            lint_emit(c, e->span, &e->meta, NULL,
                      "event '%s' carries %zu properties; %s accepts at most %zu per event",
                      e->name, e->n_props, d->label, max->props_per_event);
        if (max->event_types && i == max->event_types)
            lint_emit(c, e->span, &e->meta, NULL,
                      "event '%s' is event type number %zu; %s indexes at most %zu per project",
                      e->name, i + 1, d->label, max->event_types);
    }
    size_t n_event_props = 0, n_user = 0;
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (!p->is_user || u->prop_on_event[i]) {
            n_event_props++;
            check_name(c, d, "property", p->name, p->span, &p->meta, &d->prop);
            check_values(c, d, "property", p->name, p->span, &p->meta, p->type, &d->prop);
            if (max->event_props && n_event_props == max->event_props + 1)
                lint_emit(c, p->span, &p->meta, NULL,
                          "property '%s' is event property number %zu; %s indexes at most %zu "
                          "per project", p->name, n_event_props, d->label, max->event_props);
        }
        if (p->is_user) {
            n_user++;
            check_name(c, d, "user property", p->name, p->span, &p->meta, &user);
            if (!u->prop_on_event[i])
                check_values(c, d, "user property", p->name, p->span, &p->meta, p->type, &user);
            size_t lim = max->user_props;
            if (lim && n_user == lim + 1)
                lint_emit(c, p->span, &p->meta, NULL,
                          "user property '%s' is user property number %zu; %s accepts at most %zu",
                          p->name, n_user, d->label, lim);
        }
    }
    if (d->extra)
        d->extra(c, d);
}
