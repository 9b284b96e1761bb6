/* The shared checker behind the destination-* rules: each rule file holds
 * one lint_dest table of documented limits (with its sources in the rule's
 * doc) and calls lint_dest_check(), which applies them only when
 * conventions.destinations names that destination. Limits of 0 and NULL
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
                       tx_span sp, const tx_meta *m, size_t max, bool letter_first,
                       bool word_chars, const char *const *reserved,
                       const char *const *prefixes)
{
    size_t cp = lint_codepoints(name);
    if (max && cp > max)
        lint_emit(c, sp, m, NULL, "%s name '%s' is %zu characters long; %s allows at most %zu",
                  kind, name, cp, d->label, max);
    const unsigned char *s = (const unsigned char *)name;
    if (letter_first && !(ascii_letter(s[0]) || s[0] >= 0x80))
        lint_emit(c, sp, m, NULL, "%s name '%s' does not start with a letter, as %s requires", kind,
                  name, d->label);
    if (word_chars) {
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
    if (in_list(reserved, name)) {
        tx_diag *dg = lint_emit(c, sp, m, NULL, "%s name '%s' is reserved by %s", kind, name,
                                d->label);
        /* an event named like a vendor's own (page_view, session_start):
         * the <action>_<object> name is free */
        const char *sug = strcmp(kind, "event") == 0 ? lint_event_suggest(c, name) : NULL;
        if (sug && !in_list(reserved, sug))
            tx_diag_fix(c->out, dg, "rename to '%s'", sug);
    }
    const char *pre = prefix_of(prefixes, name);
    if (pre) {
        tx_diag *dg = lint_emit(c, sp, m, NULL, "%s name '%s' starts with '%s', a prefix %s reserves",
                                kind, name, pre, d->label);
        if (name[strlen(pre)])
            tx_diag_fix(c->out, dg, "rename to '%s'", name + strlen(pre));
    }
}

/* Value limits of the type a property or member carries. */
static void check_values(lint_ctx *c, const lint_dest *d, const char *kind, const char *name,
                         tx_span sp, const tx_meta *m, const tx_type *ty, size_t vmax)
{
    if (!ty)
        return;
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
    if (ty->base == TX_ARRAY && d->max_array_items && ty->max_items > (int64_t)d->max_array_items)
        lint_emit(c, sp, m, NULL, "%s '%s' allows %lld array items; %s accepts at most %zu", kind,
                  name, (long long)ty->max_items, d->label, d->max_array_items);
    if (ty->base == TX_OBJECT && d->max_object_keys && ty->n_fields > d->max_object_keys)
        lint_emit(c, sp, m, NULL, "%s '%s' has %zu members; %s accepts at most %zu keys per object",
                  kind, name, ty->n_fields, d->label, d->max_object_keys);
}

void lint_dest_check(lint_ctx *c, const lint_dest *d)
{
    if (!(c->dests & d->bit))
        return;
    const tx_taxonomy *t = c->t;
    const lint_usage *u = lint_get_usage(c);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        check_name(c, d, "event", e->name, e->span, &e->meta, d->event_name_max,
                   d->event_name_letter_first, d->event_name_word_chars, d->reserved_events,
                   d->reserved_event_prefixes);
        if (d->max_props_per_event && e->n_props > d->max_props_per_event)
            lint_emit(c, e->span, &e->meta, NULL,
                      "event '%s' carries %zu properties; %s accepts at most %zu per event",
                      e->name, e->n_props, d->label, d->max_props_per_event);
        if (d->max_event_types && i == d->max_event_types)
            lint_emit(c, e->span, &e->meta, NULL,
                      "event '%s' is event type number %zu; %s indexes at most %zu per project",
                      e->name, i + 1, d->label, d->max_event_types);
    }
    size_t n_event_props = 0, n_user = 0;
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (!p->is_user || u->prop_on_event[i]) {
            n_event_props++;
            check_name(c, d, "property", p->name, p->span, &p->meta, d->prop_name_max,
                       d->prop_name_letter_first, d->prop_name_word_chars, d->reserved_props,
                       d->reserved_prop_prefixes);
            check_values(c, d, "property", p->name, p->span, &p->meta, p->type,
                         d->string_value_max);
            if (d->max_event_props_total && n_event_props == d->max_event_props_total + 1)
                lint_emit(c, p->span, &p->meta, NULL,
                          "property '%s' is event property number %zu; %s indexes at most %zu "
                          "per project", p->name, n_event_props, d->label,
                          d->max_event_props_total);
        }
        if (p->is_user) {
            n_user++;
            size_t max = d->user_prop_name_max ? d->user_prop_name_max : d->prop_name_max;
            check_name(c, d, "user property", p->name, p->span, &p->meta, max,
                       d->prop_name_letter_first, d->prop_name_word_chars,
                       d->reserved_user_props ? d->reserved_user_props : d->reserved_props,
                       d->reserved_user_prop_prefixes ? d->reserved_user_prop_prefixes
                                                      : d->reserved_prop_prefixes);
            if (!u->prop_on_event[i])
                check_values(c, d, "user property", p->name, p->span, &p->meta, p->type,
                             d->user_string_value_max ? d->user_string_value_max
                                                      : d->string_value_max);
            size_t lim = d->max_user_props ? d->max_user_props : d->max_user_props_total;
            if (lim && n_user == lim + 1)
                lint_emit(c, p->span, &p->meta, NULL,
                          "user property '%s' is user property number %zu; %s accepts at most %zu",
                          p->name, n_user, d->label, lim);
        }
    }
    if (d->extra)
        d->extra(c, d);
}
