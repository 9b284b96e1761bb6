/* lint-config: mistakes in the lint configuration itself: unknown rule ids
 * in conventions.rules and in suppressions (with a did-you-mean),
 * suppressions without a reason, unknown destinations, casings and event
 * styles, naming patterns PCRE2 cannot compile, and actions that are not
 * one lowercase word. */
#include "lint_int.h"
#include "../../support/util.h"
#include <string.h>

static void unknown_rule(lint_ctx *c, const char *id, tx_span sp, const tx_meta *m,
                         const char *where)
{
    const char *near = tx_lint_rule_suggest(id);
    tx_diag *d = lint_emit(c, sp, m, NULL, "unknown rule '%s' in %s%s%s%s", id, where,
                           near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
    if (!near)
        tx_diag_fix(c->out, d, "'taxonc rules' lists the rule ids");
}

static void suppression(lint_ctx *c, const tx_meta *m, const tx_suppress *s)
{
    (void)m;
    const char *id = s->rule ? s->rule : "";
    if (!tx_lint_rule_find(id))
        unknown_rule(c, id, s->span, NULL, "a lint suppression");
    else if (lint_blank(s->reason)) {
        tx_diag *d = lint_emit(c, s->span, NULL, NULL, "suppression of '%s' has no reason", id);
        tx_diag_fix(c->out, d, "say why: lint: {ignore: [%s], reason: \"...\"}", id);
    }
}

static void pattern(lint_ctx *c, const lint_pattern *p)
{
    if (!p->error)
        return;
    lint_emit(c, p->span, NULL, NULL, "invalid pattern in %s: %s at offset %zu", p->where,
              p->error, p->error_offset);
}

static void casing(lint_ctx *c, const char *name, const char *where)
{
    if (!name || lint_casing_find(name))
        return;
    tx_diag *d = lint_emit(c, c->t->conv.span, NULL, NULL, "unknown casing '%s' in %s", name,
                           where);
    tx_diag_fix(c->out, d, "use one of %s", lint_casing_names());
}

/* Event names are read as lowercase words and the first is the action, so
 * an action that is not one lowercase word ('View', 'sign_up') can never
 * match. */
static void actions(lint_ctx *c, const tx_conventions *cv)
{
    for (size_t i = 0; i < cv->n_actions; i++) {
        const char *a = cv->actions[i];
        if (!a)
            continue;
        lint_words w = lint_split(c->scratch, a);
        if (w.n == 1 && strcmp(w.w[0], a) == 0)
            continue;
        tx_diag *d = lint_emit(c, cv->actions_span, NULL, NULL,
                               "action '%s' in conventions.event_name.actions is not one "
                               "lowercase word, so no event name can start with it", a);
        if (w.n)
            tx_diag_fix(c->out, d, "list the word event names start with, e.g. '%s'", w.w[0]);
    }
}

static void check(lint_ctx *c)
{
    const tx_conventions *cv = &c->t->conv;
    for (size_t i = 0; i < cv->n_rules; i++) {
        const char *id = cv->rules[i].rule ? cv->rules[i].rule : "";
        if (!tx_lint_rule_find(id))
            unknown_rule(c, id, cv->rules[i].span, NULL, "conventions.rules");
    }
    for (size_t i = 0; i < cv->n_destinations; i++) {
        const char *dn = cv->destinations[i] ? cv->destinations[i] : "";
        if (lint_dest_bit(dn))
            continue;
        tx_span sp = cv->destination_spans ? cv->destination_spans[i] : cv->span;
        const char *near = lint_dest_suggest(dn);
        tx_diag *d = lint_emit(c, sp, NULL, NULL, "unknown destination '%s'%s%s%s", dn,
                               near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
        tx_diag_fix(c->out, d, "known destinations: amplitude, braze, ga4, mixpanel, segment");
    }
    if (cv->event_style && strcmp(cv->event_style, "action_object") != 0 &&
        strcmp(cv->event_style, "object_action") != 0 && strcmp(cv->event_style, "none") != 0) {
        tx_diag *d = lint_emit(c, cv->event_style_span, NULL, NULL,
                               "unknown event_name.style '%s'", cv->event_style);
        tx_diag_fix(c->out, d, "use action_object, object_action or none");
    }
    actions(c, cv);
    casing(c, cv->event_casing, "conventions.event_name.casing");
    casing(c, cv->property_casing, "conventions.property_name.casing");
    pattern(c, &c->event_pat);
    pattern(c, &c->prop_pat);
}

const tx_lint_rule lint_rule_lint_config = {
    .id = "lint-config",
    .name = "LintConfig",
    .severity = TX_SEV_ERROR,
    .summary = "mistakes in the lint configuration: unknown rules, destinations, casings, bad patterns",
    .doc =
        "Checks the configuration the other rules read: rule ids in `conventions.rules` and\n"
        "in `lint: {ignore: [...]}` suppressions must exist (a near id is suggested), every\n"
        "suppression needs a non-empty `reason`, naming patterns must compile (the PCRE2\n"
        "message and offset are shown), and every entry of `event_name.actions` must be one\n"
        "lowercase word (event names are read word by word, so `sign_up` or `View` could\n"
        "never start one). On a model built by other means than the loader it\n"
        "also checks the vocabularies the loader already enforces: destinations (amplitude,\n"
        "braze, ga4, mixpanel, segment), casings and `event_name.style`.\n\n"
        "Why: a misspelt rule id silently turns a check off; it must fail as loudly as the\n"
        "problem it was meant to catch.",
    .bad = "conventions:\n"
           "  rules: {missing-descriptoin: error}\n",
    .good = "conventions:\n"
            "  rules: {missing-description: error}\n",
    .check = check,
    .each_suppress = suppression,
};
