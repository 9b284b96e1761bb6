/* `conventions:` -> tx_conventions. The loader only checks the shape and
 * the closed vocabularies (styles, casings, modes, destinations,
 * severities) and keeps spans; lint gives the settings their meaning and
 * validates rule ids. */
#include "resolve.h"
#include "../support/util.h"
#include <string.h>

static const char *const styles[] = { "action_object", "object_action", "none" };
static const char *const casings[] = { "snake_case", "camelCase", "PascalCase", "kebab-case",
                                       "SCREAMING_SNAKE_CASE", "Title Case", "any" };
static const char *const modes[] = { "add", "replace" };
static const char *const destinations[] = { "amplitude", "ga4", "braze", "mixpanel", "segment" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A value from a closed list; reports with a suggestion. */
static const char *one_of(rs *r, const yl_node *v, const char *what, const char *const *words,
                          size_t n, tx_code code)
{
    const char *s;
    if (!rs_str(r, v, what, &s))
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, words[i]) == 0)
            return words[i];
    const char *near = tx_suggest(s, v->n, words, n);
    tx_diag *dg = near ? rs_err(r, code, v->span, "unknown %s '%s'; did you mean '%s'?", what,
                                s, near)
                       : rs_err(r, code, v->span, "unknown %s '%s'", what, s);
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < n; i++)
        tx_sb_addf(&sb, "%s%s", i ? ", " : "", words[i]);
    tx_diag_fix(r->d, dg, "one of: %s", sb.buf);
    tx_sb_release(&sb);
    return NULL;
}

static void max_len(rs *r, const yl_node *v, int64_t *out)
{
    int64_t x;
    if (!rs_int(r, v, "'max_length'", &x))
        return;
    if (x <= 0) {
        rs_err(r, TXC_INVALID_RANGE, v->span, "'max_length' must be positive");
        return;
    }
    *out = x;
}

static void pattern(rs *r, const yl_node *v, const char **out, tx_span *sp)
{
    if (!rs_str(r, v, "'pattern'", out))
        return;
    *sp = v->span;
    rs_compile_regex(r, v);     /* checked here; lint compiles its own copy */
}

/* Lint reads an event name as lowercase words and takes the first as the
 * action, so an action must be one such word: 'View' or 'sign_up' could
 * never match. */
static bool one_word(rs *r, const yl_node *v)
{
    const unsigned char *s = (const unsigned char *)v->str;
    bool ok = v->n > 0;
    for (size_t i = 0; i < v->n && ok; i++)
        ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] >= 0x80;
    if (ok)
        return true;
    tx_diag *dg = rs_err(r, TXC_INVALID_CONVENTION, v->span,
                         "action '%s' is not one lowercase word, so no event name can start "
                         "with it", v->str);
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < v->n; i++) {
        unsigned char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (unsigned char)(ch - 'A' + 'a');
        else if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80))
            break;
        tx_sb_addc(&sb, (char)ch);
    }
    if (sb.len)
        tx_diag_fix(r->d, dg, "event names are read word by word; list the word they start "
                    "with, e.g. '%s'", sb.buf);
    tx_sb_release(&sb);
    return false;
}

enum { EV = 1, PR = 2 };
static const rs_key name_keys[] = {
    { "style", EV }, { "actions", EV }, { "pattern", EV | PR }, { "pattern_mode", EV },
    { "casing", EV | PR }, { "max_length", EV | PR },
};
enum { NK_STYLE, NK_ACTIONS, NK_PATTERN, NK_MODE, NK_CASING, NK_MAXLEN };

static void names(rs *r, const yl_node *v, unsigned which, tx_conventions *c)
{
    const char *what = which == EV ? "'event_name'" : "'property_name'";
    if (yl_is_null(v) || !rs_map(r, v, what))
        return;
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = rs_key_lookup(r, p->key, name_keys, N(name_keys), which, what);
        if (k < 0)
            continue;
        if (!(name_keys[k].where & which)) {
            rs_err(r, TXC_UNKNOWN_KEY, p->key->span, "'%s' is not allowed in %s", p->key->str,
                   what);
            continue;
        }
        const yl_node *x = p->val;
        switch (k) {
        case NK_STYLE: {
            const char *s = one_of(r, x, "event name style", styles, N(styles),
                                   TXC_INVALID_CONVENTION);
            if (s) {
                c->event_style = s;
                c->event_style_span = x->span;
            }
            break;
        }
        case NK_ACTIONS:
            if (yl_is_null(x) || !rs_seq(r, x, "'actions'"))
                break;
            if (x->n == 0) {
                tx_diag *dg = rs_err(r, TXC_INVALID_CONVENTION, x->span, "empty 'actions' list");
                tx_diag_fix(r->d, dg, "list the action verbs event names start with, or remove "
                            "'actions' to use the built-in vocabulary");
                break;
            }
            c->actions = tx_arena_alloc(r->a, (x->n + 1) * sizeof *c->actions);
            c->n_actions = 0;
            c->actions_span = x->span;
            for (size_t j = 0; j < x->n; j++)
                if (rs_str(r, x->items[j], "an action", &c->actions[c->n_actions]) &&
                    one_word(r, x->items[j]))
                    c->n_actions++;
            break;
        case NK_PATTERN:
            if (which == EV)
                pattern(r, x, &c->event_pattern, &c->event_pattern_span);
            else
                pattern(r, x, &c->property_pattern, &c->property_pattern_span);
            break;
        case NK_MODE: {
            const char *m = one_of(r, x, "pattern mode", modes, N(modes),
                                   TXC_INVALID_CONVENTION);
            if (m)
                c->event_pattern_replaces = strcmp(m, "replace") == 0;
            break;
        }
        case NK_CASING: {
            const char *s = one_of(r, x, "casing", casings, N(casings), TXC_INVALID_CONVENTION);
            if (s && which == EV)
                c->event_casing = s;
            else if (s)
                c->property_casing = s;
            break;
        }
        case NK_MAXLEN:
            max_len(r, x, which == EV ? &c->event_max_length : &c->property_max_length);
            break;
        default: break;
        }
    }
}

static const rs_key conv_keys[] = {
    { "event_name", 1 }, { "property_name", 1 }, { "destinations", 1 }, { "rules", 1 },
};

void rs_conventions(rs *r, const yl_node *v, tx_conventions *c)
{
    if (yl_is_null(v) || !rs_map(r, v, "'conventions'"))
        return;
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = rs_key_lookup(r, p->key, conv_keys, N(conv_keys), 1, "'conventions'");
        const yl_node *x = p->val;
        if (k == 0) {
            names(r, x, EV, c);
        } else if (k == 1) {
            names(r, x, PR, c);
        } else if (k == 2) {
            if (yl_is_null(x) || !rs_seq(r, x, "'destinations'"))
                continue;
            c->destinations = tx_arena_alloc(r->a, (x->n + 1) * sizeof *c->destinations);
            c->destination_spans = tx_arena_alloc(r->a, (x->n + 1) * sizeof *c->destination_spans);
            c->n_destinations = 0;
            for (size_t j = 0; j < x->n; j++) {
                const char *d = one_of(r, x->items[j], "destination", destinations,
                                       N(destinations), TXC_UNKNOWN_DESTINATION);
                if (!d)
                    continue;
                c->destination_spans[c->n_destinations] = x->items[j]->span;
                c->destinations[c->n_destinations++] = d;
            }
        } else if (k == 3) {
            if (yl_is_null(x) || !rs_map(r, x, "'rules'"))
                continue;
            c->rules = tx_arena_alloc(r->a, (x->n + 1) * sizeof *c->rules);
            c->n_rules = 0;
            for (size_t j = 0; j < x->n; j++) {
                const yl_pair *q = &x->pairs[j];
                static const char *const sevs[] = { "error", "warning", "info", "off" };
                const char *s = one_of(r, q->val, "severity", sevs, N(sevs),
                                       TXC_INVALID_CONVENTION);
                if (!s)
                    continue;
                tx_rule_setting *rs_ = &c->rules[c->n_rules++];
                rs_->rule = q->key->str;
                tx_severity_parse(s, &rs_->severity);
                rs_->span = q->key->span;
            }
        }
    }
}
