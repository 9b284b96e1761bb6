/* The lint engine: the rule table, severity resolution, suppressions, the
 * conventions every rule reads (casings, action vocabulary, patterns,
 * destinations), usage facts computed once, and the rule documentation.
 *
 * A run: resolve each rule's severity (default < conventions.rules <
 * command line), compile the conventions' patterns, then call the check
 * (and the type and suppression visitors) of every rule not `off`, in table
 * order. Rules report through lint_emit(), which applies the resolved
 * severity and the item's suppressions. The
 * scratch arena and compiled patterns are freed before tx_lint returns;
 * findings live in the caller's tx_diags. */
#include "lint_int.h"
#include "../codes.h"
#include "../../support/util.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Documentation order: naming, collisions, consistency, destinations,
 * then the rules about lint itself. unused-suppression must stay last: it
 * reads what every other rule suppressed. */
static const tx_lint_rule *const rules[] = {
    &lint_rule_event_name_action_object,
    &lint_rule_event_name_style,
    &lint_rule_property_name_style,
    &lint_rule_name_collision,
    &lint_rule_identifier_collision,
    &lint_rule_enum_value_case,
    &lint_rule_enum_value_duplicate,
    &lint_rule_property_variant,
    &lint_rule_unused_type,
    &lint_rule_unused_property,
    &lint_rule_unused_group,
    &lint_rule_missing_description,
    &lint_rule_deprecated_reference,
    &lint_rule_funnel_deprecated_step,
    &lint_rule_funnel_optional_key,
    &lint_rule_event_without_properties,
    &lint_rule_pii_unmarked,
    &lint_rule_destination_amplitude,
    &lint_rule_destination_braze,
    &lint_rule_destination_ga4,
    &lint_rule_destination_mixpanel,
    &lint_rule_destination_segment,
    &lint_rule_pattern_match_limit,
    &lint_rule_lint_config,
    &lint_rule_unused_suppression,
};
#define N_RULES (sizeof rules / sizeof rules[0])

size_t tx_lint_rule_count(void) { return N_RULES; }

const tx_lint_rule *tx_lint_rule_at(size_t i) { return i < N_RULES ? rules[i] : NULL; }

static long rule_index(const char *id)
{
    for (size_t i = 0; i < N_RULES; i++)
        if (strcmp(rules[i]->id, id) == 0)
            return (long)i;
    return -1;
}

const tx_lint_rule *tx_lint_rule_find(const char *id)
{
    long i = id ? rule_index(id) : -1;
    return i < 0 ? NULL : rules[i];
}

const char *tx_lint_rule_suggest(const char *id)
{
    const char *ids[N_RULES];
    for (size_t i = 0; i < N_RULES; i++)
        ids[i] = rules[i]->id;
    return tx_suggest(id, strlen(id), ids, N_RULES);
}

int tx_lint_parse_override(const char *arg, tx_lint_override *out, char *err, size_t errlen)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        snprintf(err, errlen, "expected '--rule ID=SEVERITY', got '%s'", arg);
        return -1;
    }
    char id[128];
    size_t n = (size_t)(eq - arg);
    if (n >= sizeof id) {
        snprintf(err, errlen, "unknown rule '%.*s'", 64, arg);
        return -1;
    }
    memcpy(id, arg, n);
    id[n] = '\0';
    const tx_lint_rule *r = tx_lint_rule_find(id);
    if (!r) {
        const char *near = tx_lint_rule_suggest(id);
        if (near)
            snprintf(err, errlen, "unknown rule '%s'; did you mean '%s'?", id, near);
        else
            snprintf(err, errlen, "unknown rule '%s'; see 'taxonc rules'", id);
        return -1;
    }
    if (tx_severity_parse(eq + 1, &out->severity) < 0) {
        snprintf(err, errlen, "unknown severity '%s' for rule '%s'; use error, warning, info or off",
                 eq + 1, id);
        return -1;
    }
    out->rule = r->id;
    return 0;
}

/* ---- findings and suppressions ----------------------------------------- */

bool lint_rule_enabled(const lint_ctx *c, const tx_lint_rule *r)
{
    long i = rule_index(r->id);
    return i >= 0 && c->sev[i] != TX_SEV_OFF;
}

static bool suppressed(lint_ctx *c, const tx_meta *m, const char *id)
{
    if (!m)
        return false;
    for (size_t i = 0; i < m->n_suppress; i++) {
        const tx_suppress *s = &m->suppress[i];
        if (s->rule && strcmp(s->rule, id) == 0) {
            const void *key = s;
            *lint_map_put(&c->suppress_used, &key, sizeof key, NULL) = (void *)s;
            return true;
        }
    }
    return false;
}

static tx_diag *vemit(lint_ctx *c, size_t ri, tx_span sp, const tx_meta *m1, const tx_meta *m2,
                      const char *fmt, va_list ap)
{
    tx_severity sev = c->sev[ri];
    if (sev == TX_SEV_OFF)
        return NULL;
    const char *id = rules[ri]->id;
    if (suppressed(c, m1, id) || suppressed(c, m2, id))
        return NULL;
    if (tx_diags_full(c->out))     /* only counted: no message to format */
        return tx_diag_add(c->out, sev, id, sp, "%s", "");
    char *msg = tx_arena_vprintf(c->out->arena, fmt, ap);
    return tx_diag_add(c->out, sev, id, sp, "%s", msg);
}

tx_diag *lint_emit(lint_ctx *c, tx_span sp, const tx_meta *m1, const tx_meta *m2,
                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_diag *d = vemit(c, c->rule, sp, m1, m2, fmt, ap);
    va_end(ap);
    return d;
}

tx_diag *lint_emit_for(lint_ctx *c, const tx_lint_rule *r, tx_span sp, const tx_meta *m1,
                       const tx_meta *m2, const char *fmt, ...)
{
    long ri = rule_index(r->id);
    if (ri < 0)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    tx_diag *d = vemit(c, (size_t)ri, sp, m1, m2, fmt, ap);
    va_end(ap);
    return d;
}

bool lint_suppression_used(const lint_ctx *c, const tx_suppress *s)
{
    const void *key = s;
    return lint_map_get(&c->suppress_used, &key, sizeof key) != NULL;
}

/* Every item that can carry metadata, in model order. Inline types are
 * visited where they are written; named ones once, from t->types. */
static void each_parts(lint_ctx *c, const tx_type *ty, int depth, lint_meta_fn fn, void *ud);

static void each_inline(lint_ctx *c, const tx_type *ty, int depth, lint_meta_fn fn, void *ud)
{
    if (!ty || ty->name || depth >= 32)
        return;
    fn(c, &ty->meta, ud);
    each_parts(c, ty, depth, fn, ud);
}

static void each_parts(lint_ctx *c, const tx_type *ty, int depth, lint_meta_fn fn, void *ud)
{
    for (size_t i = 0; i < ty->n_fields; i++) {
        fn(c, &ty->fields[i].meta, ud);
        each_inline(c, ty->fields[i].type, depth + 1, fn, ud);
    }
    each_inline(c, ty->items, depth + 1, fn, ud);
}

void lint_for_each_meta(lint_ctx *c, lint_meta_fn fn, void *ud)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_types; i++) {
        fn(c, &t->types[i]->meta, ud);
        each_parts(c, t->types[i], 0, fn, ud);
    }
    for (size_t i = 0; i < t->n_props; i++) {
        fn(c, &t->props[i].meta, ud);
        each_inline(c, t->props[i].type, 0, fn, ud);
    }
    for (size_t i = 0; i < t->n_groups; i++)
        fn(c, &t->groups[i].meta, ud);
    for (size_t i = 0; i < t->n_events; i++)
        fn(c, &t->events[i].meta, ud);
}

static void each_type(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label,
                      int depth, lint_type_fn fn, void *ud)
{
    if (!ty || depth >= 32)
        return;
    fn(c, ty, owner, label, ud);
    for (size_t i = 0; i < ty->n_fields; i++)
        if (ty->fields[i].type && !ty->fields[i].type->name)
            each_type(c, ty->fields[i].type, &ty->fields[i].meta,
                      tx_arena_printf(c->scratch, "field '%s'", ty->fields[i].name), depth + 1, fn,
                      ud);
    if (ty->items && !ty->items->name)
        each_type(c, ty->items, owner, label, depth + 1, fn, ud);
    for (size_t i = 0; i < ty->n_branches; i++)
        if (!ty->branches[i]->name)
            each_type(c, ty->branches[i], owner, label, depth + 1, fn, ud);
    if (ty->additional && !ty->additional->name)
        each_type(c, ty->additional, owner, label, depth + 1, fn, ud);
}

void lint_for_each_type(lint_ctx *c, lint_type_fn fn, void *ud)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_types; i++)
        each_type(c, t->types[i], NULL, tx_arena_printf(c->scratch, "type '%s'", t->types[i]->name),
                  0, fn, ud);
    for (size_t i = 0; i < t->n_props; i++)
        if (t->props[i].type && !t->props[i].type->name)
            each_type(c, t->props[i].type, &t->props[i].meta,
                      tx_arena_printf(c->scratch, "property '%s'", t->props[i].name), 0, fn, ud);
}

/* The rule visitors (tx_lint_rule.each_type / each_suppress), ud the rule. */
static void visit_type(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label,
                       void *ud)
{
    ((const tx_lint_rule *)ud)->each_type(c, ty, owner, label);
}

static void visit_suppress(lint_ctx *c, const tx_meta *m, void *ud)
{
    for (size_t i = 0; i < m->n_suppress; i++)
        ((const tx_lint_rule *)ud)->each_suppress(c, m, &m->suppress[i]);
}

/* ---- usage facts ------------------------------------------------------- */

static void mark_type(lint_usage *u, const tx_type *ty, int depth)
{
    for (; ty && depth < 64; ty = ty->parent, depth++) {
        bool is_new;
        const void *key = ty;
        void **v = lint_map_put(&u->types_used, &key, sizeof key, &is_new);
        if (!is_new)
            return;
        *v = (void *)ty;
        if (ty->items)
            mark_type(u, ty->items, depth + 1);
        for (size_t i = 0; i < ty->n_fields; i++)
            mark_type(u, ty->fields[i].type, depth + 1);
        for (size_t i = 0; i < ty->n_branches; i++)
            mark_type(u, ty->branches[i], depth + 1);
        if (ty->additional)
            mark_type(u, ty->additional, depth + 1);
    }
}

const lint_usage *lint_get_usage(lint_ctx *c)
{
    if (c->usage)
        return c->usage;
    const tx_taxonomy *t = c->t;
    lint_usage *u = tx_arena_alloc(c->keep, sizeof *u);
    size_t np = t->n_props ? t->n_props : 1;
    u->prop_used = tx_arena_alloc(c->keep, np);
    u->prop_on_event = tx_arena_alloc(c->keep, np);
    u->prop_live = tx_arena_alloc(c->keep, np);
    u->group_used = tx_arena_alloc(c->keep, t->n_groups ? t->n_groups : 1);
    lint_map_init(&u->types_used, c->keep, t->n_types + t->n_props);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        for (size_t k = 0; k < e->n_props; k++) {
            if (e->props[k].variant)    /* an event's own type uses what it names */
                mark_type(u, e->props[k].type, 0);
            size_t pi = (size_t)(e->props[k].prop - t->props);
            if (pi >= t->n_props)
                continue;
            u->prop_used[pi] = u->prop_on_event[pi] = true;
            if (!e->meta.deprecated)
                u->prop_live[pi] = true;
        }
        for (size_t k = 0; k < e->n_groups; k++) {
            size_t gi = (size_t)(e->groups[k] - t->groups);
            if (gi < t->n_groups)
                u->group_used[gi] = true;
        }
    }
    for (size_t g = 0; g < t->n_groups; g++)
        for (size_t k = 0; k < t->groups[g].n_props; k++) {
            size_t pi = (size_t)(t->groups[g].props[k].prop - t->props);
            if (pi < t->n_props)
                u->prop_used[pi] = true;
        }
    for (size_t i = 0; i < t->n_props; i++) {
        if (t->props[i].is_user)
            u->prop_used[i] = true;
        mark_type(u, t->props[i].type, 0);
    }
    for (size_t i = 0; i < t->n_user_props; i++) {
        size_t pi = (size_t)(t->user_props[i] - t->props);
        if (pi < t->n_props)
            u->prop_used[pi] = true;
    }
    c->usage = u;
    return u;
}

bool lint_type_used(lint_ctx *c, const tx_type *ty)
{
    const void *key = ty;
    return lint_map_get(&lint_get_usage(c)->types_used, &key, sizeof key) != NULL;
}

/* ---- the action vocabulary --------------------------------------------- */

static const char *const builtin_actions[] = {
    "view", "click", "tap", "press", "search", "filter", "sort", "add", "remove", "start",
    "complete", "finish", "open", "close", "submit", "select", "deselect", "share", "play",
    "pause", "resume", "stop", "skip", "seek", "like", "unlike", "follow", "unfollow",
    "subscribe", "unsubscribe", "purchase", "buy", "pay", "book", "reserve", "cancel",
    "apply", "update", "change", "edit", "create", "delete", "save", "download", "upload",
    "install", "uninstall", "enable", "disable", "enter", "exit", "expand", "collapse",
    "scroll", "swipe", "show", "hide", "dismiss", "send", "receive", "invite", "join",
    "leave", "rate", "review", "request", "confirm", "fail", "verify", "copy", "refresh",
    "retry", "reset", "connect", "disconnect", "allow", "deny", "accept", "decline",
    "reject", "claim", "redeem", "use", "watch", "listen", "read", "register", "upgrade",
    "downgrade", "renew", "restore", "unlock", "activate", "deactivate", "toggle", "input",
    "reach", "earn", "win", "lose", "begin", "end", "load", "return", "visit", "answer",
    "report", "block", "unblock", "mute", "unmute",
};

/* With style object_action the action comes last in the past tense, as in
 * Segment's spec'd events ("Signed Up", "Application Backgrounded",
 * "Order Refunded", "Push Notification Bounced"): these verbs join the
 * built-in vocabulary for that style. */
static const char *const object_action_extra[] = {
    "sign", "log", "opt", "background", "refund", "bounce", "crash", "attribute",
    "interrupt", "buffer", "enter",
};

const char *const *lint_builtin_actions(size_t *n)
{
    *n = sizeof builtin_actions / sizeof builtin_actions[0];
    return builtin_actions;
}

bool lint_is_action(const lint_ctx *c, const char *w)
{
    return lint_map_get(&c->action_set, w, strlen(w)) != NULL;
}

/* Irregular past forms and -ion/-al nouns seen in event names. */
static const struct { const char *form, *base; } action_forms[] = {
    { "sent", "send" }, { "shown", "show" }, { "showed", "show" }, { "began", "begin" },
    { "begun", "begin" }, { "bought", "buy" }, { "paid", "pay" }, { "left", "leave" },
    { "won", "win" }, { "lost", "lose" }, { "hid", "hide" }, { "hidden", "hide" },
    { "completion", "complete" }, { "selection", "select" }, { "submission", "submit" },
    { "installation", "install" }, { "subscription", "subscribe" },
    { "registration", "register" }, { "deletion", "delete" }, { "creation", "create" },
    { "cancellation", "cancel" }, { "removal", "remove" }, { "confirmation", "confirm" },
    { "verification", "verify" }, { "activation", "activate" }, { "reservation", "reserve" },
    { "booking", "book" }, { "viewing", "view" }, { "playback", "play" },
};

const char *lint_action_base(const lint_ctx *c, const char *w)
{
    for (size_t i = 0; i < sizeof action_forms / sizeof action_forms[0]; i++)
        if (strcmp(w, action_forms[i].form) == 0)
            return lint_is_action(c, action_forms[i].base) ? action_forms[i].base : NULL;
    size_t n = strlen(w);
    if (n < 4 || strcmp(w + n - 2, "ed") != 0)
        return NULL;
    char buf[128];
    if (n >= sizeof buf)
        return NULL;
    /* viewed -> view, closed -> close, submitted -> submit, applied -> apply */
    size_t cuts[] = { n - 2, n - 1, n - 3 };
    for (size_t k = 0; k < 3; k++) {
        size_t m = cuts[k];
        if (k == 2 && !(n >= 5 && w[n - 3] == w[n - 4]))
            continue;
        memcpy(buf, w, m);
        buf[m] = '\0';
        void *v = lint_map_get(&c->action_set, buf, m);
        if (v)
            return v;
    }
    if (n >= 5 && strcmp(w + n - 3, "ied") == 0) {
        memcpy(buf, w, n - 3);
        strcpy(buf + n - 3, "y");
        void *v = lint_map_get(&c->action_set, buf, n - 2);
        if (v)
            return v;
    }
    return NULL;
}


const char *lint_action_typo(const lint_ctx *c, const char *w)
{
    /* Stricter than tx_suggest's default: an action is a short word, and
     * two edits turn most short words into some verb ('sign' -> 'win',
     * 'login' -> 'join'); a guess like that reads as nonsense. One edit (a
     * swap counts as one: 'veiw', 'serach') for words up to six letters,
     * two above. The letter sets are computed once per vocabulary: one plan
     * names a million events. */
    size_t n = strlen(w);
    return tx_suggest_in(w, n, c->actions, c->n_actions, n <= 6 ? 1 : 2, c->action_letters);
}

const char *lint_event_suggest(lint_ctx *c, const char *name)
{
    lint_words w = lint_split(c->scratch, name);
    if (w.n == 0)
        return NULL;
    const char **ws = tx_arena_alloc(c->scratch, (w.n + 1) * sizeof *ws);
    size_t n = w.n;
    memcpy(ws, w.w, n * sizeof *ws);
    if (c->action_object && !lint_is_action(c, ws[0])) {
        const char *base = lint_action_base(c, ws[0]);
        const char *last = n >= 2 ? (lint_is_action(c, ws[n - 1]) ? ws[n - 1]
                                     : lint_action_base(c, ws[n - 1])) : NULL;
        if (base) {
            ws[0] = base;
        } else if (last) {
            memmove(ws + 1, ws, (n - 1) * sizeof *ws);
            ws[0] = last;
        } else {
            const char *near = lint_action_typo(c, ws[0]);
            if (near && n >= 2)
                ws[0] = near;
        }
    }
    const char *s = lint_join(c->scratch, c->event_casing, ws, 0, n);
    return strcmp(s, name) == 0 ? NULL : s;
}

/* ---- setup ------------------------------------------------------------- */

static const struct { const char *id; unsigned bit; } dest_ids[] = {
    { "amplitude", LINT_DEST_AMPLITUDE }, { "braze", LINT_DEST_BRAZE },
    { "ga4", LINT_DEST_GA4 }, { "mixpanel", LINT_DEST_MIXPANEL },
    { "segment", LINT_DEST_SEGMENT },
};

unsigned lint_dest_bit(const char *name)
{
    for (size_t i = 0; i < sizeof dest_ids / sizeof dest_ids[0]; i++)
        if (strcasecmp(name, dest_ids[i].id) == 0)
            return dest_ids[i].bit;
    return 0;
}

const char *lint_dest_suggest(const char *name)
{
    const char *ids[sizeof dest_ids / sizeof dest_ids[0]];
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        ids[i] = dest_ids[i].id;
    return tx_suggest(name, strlen(name), ids, sizeof ids / sizeof ids[0]);
}

static void setup(lint_ctx *c)
{
    const tx_conventions *cv = &c->t->conv;
    c->object_action = cv->event_style && strcmp(cv->event_style, "object_action") == 0;
    c->action_object = !c->object_action &&
                       (!cv->event_style || strcmp(cv->event_style, "none") != 0);
    c->event_casing = lint_casing_find(cv->event_casing);
    if (!c->event_casing)
        c->event_casing = &lint_casing_snake;
    c->prop_casing = lint_casing_find(cv->property_casing);
    c->prop_casing_explicit = c->prop_casing != NULL;
    if (!c->prop_casing)
        c->prop_casing = &lint_casing_snake;
    if (cv->n_actions) {
        c->actions = cv->actions;
        c->n_actions = cv->n_actions;
    } else {
        c->actions = lint_builtin_actions(&c->n_actions);
        c->actions_builtin = true;
        if (c->object_action) {
            size_t nb = c->n_actions, ne = sizeof object_action_extra / sizeof object_action_extra[0];
            const char **all = tx_arena_alloc(c->keep, (nb + ne) * sizeof *all);
            memcpy(all, c->actions, nb * sizeof *all);
            memcpy(all + nb, object_action_extra, ne * sizeof *all);
            c->actions = all;
            c->n_actions = nb + ne;
        }
    }
    lint_map_init(&c->action_set, c->keep, c->n_actions);
    c->action_letters = tx_arena_alloc(c->keep, (c->n_actions + 1) * sizeof *c->action_letters);
    for (size_t i = 0; i < c->n_actions; i++) {
        if (!c->actions[i])
            continue;
        c->action_letters[i] = tx_letters(c->actions[i], strlen(c->actions[i]));
        void **v = lint_map_put(&c->action_set, c->actions[i], strlen(c->actions[i]), NULL);
        *v = (void *)c->actions[i];
    }
    for (size_t i = 0; i < cv->n_destinations; i++)
        if (cv->destinations[i])
            c->dests |= lint_dest_bit(cv->destinations[i]);
    c->event_pat = (lint_pattern){ .src = cv->event_pattern,
                                   .where = "conventions.event_name.pattern",
                                   .span = cv->event_pattern_span };
    c->prop_pat = (lint_pattern){ .src = cv->property_pattern,
                                  .where = "conventions.property_name.pattern",
                                  .span = cv->property_pattern_span };
    lint_patterns_compile(c);
}

int tx_lint(const tx_taxonomy *t, const tx_lint_opts *o, tx_diags *out)
{
    tx_lint_opts none = { 0 };
    if (!o)
        o = &none;
    if (!t) {
        tx_diag_add(out, TX_SEV_ERROR, "usage", TX_NO_SPAN, "no taxonomy to lint");
        return -1;
    }
    for (size_t i = 0; i < o->n_overrides; i++) {
        if (!o->overrides[i].rule || !tx_lint_rule_find(o->overrides[i].rule)) {
            const char *id = o->overrides[i].rule ? o->overrides[i].rule : "";
            const char *near = tx_lint_rule_suggest(id);
            tx_diag_add(out, TX_SEV_ERROR, "usage", TX_NO_SPAN, "unknown rule '%s'%s%s%s", id,
                        near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
            return -1;
        }
    }
    lint_ctx c = { 0 };
    c.t = t;
    c.out = out;
    c.keep = tx_arena_new();
    c.match_limit = o->match_limit ? o->match_limit : TX_LINT_MATCH_LIMIT;
    c.sev = tx_arena_alloc(c.keep, N_RULES * sizeof *c.sev);
    for (size_t i = 0; i < N_RULES; i++)
        c.sev[i] = rules[i]->severity;
    for (size_t i = 0; i < t->conv.n_rules; i++) {
        const tx_rule_setting *rs = &t->conv.rules[i];
        long ri = rs->rule ? rule_index(rs->rule) : -1;
        if (ri >= 0)
            c.sev[ri] = rs->severity;
    }
    for (size_t i = 0; i < o->n_overrides; i++)
        c.sev[rule_index(o->overrides[i].rule)] = o->overrides[i].severity;
    lint_map_init(&c.suppress_used, c.keep, 8);
    setup(&c);
    for (size_t i = 0; i < N_RULES; i++) {
        const tx_lint_rule *r = rules[i];
        if (c.sev[i] == TX_SEV_OFF || (!r->check && !r->each_type && !r->each_suppress))
            continue;
        c.rule = i;
        c.scratch = tx_arena_new();     /* one rule's work: freed after it */
        if (r->check)
            r->check(&c);
        if (r->each_type)
            lint_for_each_type(&c, visit_type, (void *)r);
        if (r->each_suppress)
            lint_for_each_meta(&c, visit_suppress, (void *)r);
        tx_arena_free(c.scratch);
        c.scratch = NULL;
    }
    lint_patterns_free(&c);
    tx_arena_free(c.keep);
    return 0;
}

/* ---- documentation ----------------------------------------------------- */

static void indent_block(tx_sb *sb, const char *text, const char *prefix)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            tx_sb_adds(sb, prefix);
        tx_sb_add(sb, p, n);
        tx_sb_addc(sb, '\n');
        p += n + (nl ? 1 : 0);
    }
}

void tx_lint_rule_doc(tx_sb *sb, const tx_lint_rule *r, tx_lint_doc_format f)
{
    if (f == TX_LINT_DOC_MARKDOWN) {
        tx_sb_addf(sb, "### %s\n\n*%s* · default severity: **%s**\n\nFlags %s.\n\n%s\n\n"
                       "Flagged:\n\n```yaml\n%s```\n\nClean:\n\n```yaml\n%s```\n",
                   r->id, r->name, tx_severity_name(r->severity), r->summary, r->doc, r->bad,
                   r->good);
        if (r->sources)
            tx_sb_addf(sb, "\nSources:\n\n%s", r->sources);
        tx_sb_addc(sb, '\n');
        return;
    }
    tx_sb_addf(sb, "%s (%s), default severity: %s\n\nFlags %s.\n\n%s\n\nFlagged:\n", r->id,
               r->name, tx_severity_name(r->severity), r->summary, r->doc);
    indent_block(sb, r->bad, "    ");
    tx_sb_adds(sb, "\nClean:\n");
    indent_block(sb, r->good, "    ");
    if (r->sources) {
        tx_sb_adds(sb, "\nSources:\n");
        indent_block(sb, r->sources, "  ");
    }
}

void tx_lint_rules_markdown(tx_sb *sb)
{
    tx_sb_adds(sb,
               "# Lint rules\n\n"
               "<!-- Generated by `taxonc rules --format markdown`; do not edit by hand.\n"
               "     tests/e2e/lint_docs.sh fails when this file and the rule table differ. -->\n\n"
               "Each rule has a stable id, a default severity and the documentation below.\n"
               "Severities are configured in `conventions.rules` or with `--rule ID=SEVERITY`;\n"
               "see [lint.md](lint.md).\n\n"
               "| rule | default | flags |\n|---|---|---|\n");
    for (size_t i = 0; i < N_RULES; i++)
        tx_sb_addf(sb, "| [`%s`](#%s) | %s | %s |\n", rules[i]->id, rules[i]->id,
                   tx_severity_name(rules[i]->severity), rules[i]->summary);
    tx_sb_adds(sb, "\n## Rules\n\n");
    for (size_t i = 0; i < N_RULES; i++) {
        tx_lint_rule_doc(sb, rules[i], TX_LINT_DOC_MARKDOWN);
        if (i + 1 < N_RULES)
            tx_sb_addc(sb, '\n');
    }
}
