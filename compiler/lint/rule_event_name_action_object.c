/* event-name-action-object: event names read `<action>_<object>[_<where>]`,
 * the action taken from conventions.event_name.actions or the built-in
 * vocabulary. Object-action names (page_view) and past tenses (viewed_page)
 * get the corrected name as a fix. A custom pattern adds to the built-in
 * style or replaces it (conventions.event_name.pattern_mode); its named
 * groups `action` and `object` are checked like the built-in split. With
 * style object_action (Segment's "Order Completed") the grammar is the
 * other way round: object words, then a past-tense action. */
#include "lint_int.h"
#include "../../support/util.h"
#include <string.h>

/* An example action for fixes: 'complete' when the vocabulary has it. */
static const char *example_action(const lint_ctx *c)
{
    if (lint_is_action(c, "complete"))
        return "complete";
    for (size_t i = 0; i < c->n_actions; i++)
        if (c->actions[i] && *c->actions[i])
            return c->actions[i];
    return NULL;
}

static void not_an_action(lint_ctx *c, const tx_event *e, const char *action, const char *sug,
                          const lint_words *w)
{
    const char *near = lint_action_typo(c, action);
    tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                           "event '%s' does not start with an action: '%s' is not in the action "
                           "vocabulary", e->name, action);
    const char *ex = example_action(c);
    if (near && sug)
        tx_diag_fix(c->out, d, "did you mean '%s'? rename to '%s'", near, sug);
    else if (near)
        tx_diag_fix(c->out, d, "did you mean '%s'?", near);
    else if (w && w->n && ex) {
        /* 'sign_up' -> e.g. 'complete_sign_up': say what happened to it */
        const char **ws = tx_arena_alloc(c->scratch, (w->n + 1) * sizeof *ws);
        ws[0] = ex;
        memcpy(ws + 1, w->w, w->n * sizeof *ws);
        tx_diag_fix(c->out, d, "start with the action, e.g. '%s', or list '%s' in "
                               "conventions.event_name.actions",
                    lint_join(c->scratch, c->event_casing, ws, 0, w->n + 1), action);
    } else {
        tx_sb sb = TX_SB_INIT;
        size_t shown = 0;
        for (size_t i = 0; i < c->n_actions && shown < 5; i++)
            if (c->actions[i])
                tx_sb_addf(&sb, "%s%s", shown++ ? ", " : "", c->actions[i]);
        if (c->n_actions > shown)
            tx_sb_adds(&sb, ", ...");
        tx_diag_fix(c->out, d, "start with an action (%s), or list '%s' in "
                               "conventions.event_name.actions", sb.buf, action);
        tx_sb_release(&sb);
    }
}

/* A wrong action: past tense, object-action order (only when the action is
 * the first word, so the last word may be the real one), or unknown. */
static void bad_action(lint_ctx *c, const tx_event *e, const char *action, const lint_words *w)
{
    const char *sug = w ? lint_event_suggest(c, e->name) : NULL;
    const char *base = lint_action_base(c, action);
    if (base) {
        tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                               "event '%s' starts with '%s'; write the action in its base form '%s'",
                               e->name, action, base);
        if (sug)
            tx_diag_fix(c->out, d, "rename to '%s'", sug);
        return;
    }
    if (w && w->n >= 2) {
        const char *last = w->w[w->n - 1];
        const char *act = lint_is_action(c, last) ? last : lint_action_base(c, last);
        if (act) {
            tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                                   "event '%s' puts the object before the action '%s'", e->name,
                                   act);
            if (sug)
                tx_diag_fix(c->out, d, "rename to '%s'", sug);
            return;
        }
    }
    not_an_action(c, e, action, sug, w);
}

/* builtin: the built-in style applies; matched: the pattern matched, so its
 * named groups say what the action and object are. */
static void check_event(lint_ctx *c, const tx_event *e, bool builtin, bool matched)
{
    lint_pattern *p = &c->event_pat;
    const char *action = NULL, *object = NULL;
    bool check_action = false, check_object = false;
    lint_words w = { 0, NULL };
    bool from_words = false;
    if (matched && p->action_group) {
        action = lint_pattern_group(c, p, e->name, p->action_group);
        check_action = true;
    }
    if (matched && p->object_group) {
        object = lint_pattern_group(c, p, e->name, p->object_group);
        check_object = true;
    }
    if (builtin) {
        w = lint_split(c->scratch, e->name);
        if (w.n == 0) {
            lint_emit(c, e->span, &e->meta, NULL, "event '%s' has no words to read an action from",
                      e->name);
            return;
        }
        if (!check_action) {
            action = w.w[0];
            check_action = from_words = true;
            if (!check_object) {
                object = w.n >= 2 ? w.w[1] : NULL;
                check_object = true;
            }
        }
    }
    if (check_action) {
        if (!action || !*action) {
            lint_emit(c, e->span, &e->meta, NULL,
                      "event '%s' has no action: the pattern's 'action' group captured nothing",
                      e->name);
            return;
        }
        if (!lint_is_action(c, action)) {
            bad_action(c, e, action, from_words ? &w : NULL);
            return;
        }
    }
    if (check_object && (!object || !*object)) {
        tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                               "event '%s' names no object after its action%s%s%s", e->name,
                               action ? " '" : "", action ? action : "", action ? "'" : "");
        if (action)
            tx_diag_fix(c->out, d, "name what was acted on, e.g. '%s_<object>'", action);
    }
}

/* A past-tense action (or one listed as written in conventions.actions). */
static bool past_action(const lint_ctx *c, const char *w)
{
    return lint_action_base(c, w) != NULL || (!c->actions_builtin && lint_is_action(c, w));
}

/* Style object_action ("Order Completed", "Product Added to Wishlist",
 * "Signed Up"): object words, then the action in the past tense, then
 * optionally a complement; a verb with a particle alone is also a name. */
static void check_object_action(lint_ctx *c, const tx_event *e)
{
    lint_words w = lint_split(c->scratch, e->name);
    if (w.n == 0) {
        lint_emit(c, e->span, &e->meta, NULL, "event '%s' has no words to read an action from",
                  e->name);
        return;
    }
    static const char *const particles[] = { "up", "in", "out", "on", "off", "down" };
    if (w.n == 2 && past_action(c, w.w[0]))
        for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
            if (strcmp(w.w[1], particles[i]) == 0)
                return;
    for (size_t i = 1; i < w.n; i++)
        if (past_action(c, w.w[i]))
            return;
    if (past_action(c, w.w[0]) || lint_is_action(c, w.w[0])) {
        tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                               "event '%s' puts the action '%s' before the object", e->name,
                               w.w[0]);
        if (w.n >= 2) {
            const char **ws = tx_arena_alloc(c->scratch, (w.n + 1) * sizeof *ws);
            memcpy(ws, w.w + 1, (w.n - 1) * sizeof *ws);
            ws[w.n - 1] = w.w[0];
            tx_diag_fix(c->out, d, "name the object first, e.g. '%s' (in the past tense)",
                        lint_join(c->scratch, c->event_casing, ws, 0, w.n));
        }
        return;
    }
    tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                           "event '%s' does not end with an action in the past tense", e->name);
    const char *near = lint_action_typo(c, w.w[w.n - 1]);
    if (near)
        tx_diag_fix(c->out, d, "did you mean the action '%s'? name the object, then the action, "
                               "e.g. 'Order Completed'", near);
    else
        tx_diag_fix(c->out, d, "name the object, then the action in the past tense, e.g. "
                               "'Order Completed', or list '%s' in conventions.event_name.actions",
                    w.w[w.n - 1]);
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    lint_pattern *p = &c->event_pat;
    bool use_pat = p->code != NULL;
    if (c->object_action && !(use_pat && t->conv.event_pattern_replaces)) {
        tx_arena_mark mark = tx_arena_mark_now(c->scratch);
        for (size_t i = 0; i < t->n_events; i++) {
            tx_arena_release(c->scratch, mark);
            check_object_action(c, &t->events[i]);
        }
        if (!use_pat)
            return;
    }
    bool builtin = c->action_object && !(use_pat && t->conv.event_pattern_replaces);
    if (!builtin && !use_pat)
        return;
    /* words, suggestions and captures are per event: given back after each */
    tx_arena_mark mark = tx_arena_mark_now(c->scratch);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        bool matched = false;
        tx_arena_release(c->scratch, mark);
        if (use_pat) {
            lint_match m = lint_pattern_match(c, p, e->name, strlen(e->name));
            if (m == LINT_MATCH_LIMIT)
                lint_pattern_limit(c, p, e->span, &e->meta, "event", e->name);
            else if (m == LINT_NO_MATCH)
                lint_emit(c, e->span, &e->meta, NULL,
                          "event '%s' does not match the pattern '%s' of %s", e->name, p->src,
                          p->where);
            matched = m == LINT_MATCH;
        }
        check_event(c, e, builtin, matched);
    }
}

const tx_lint_rule lint_rule_event_name_action_object = {
    .id = "event-name-action-object",
    .name = "EventNameActionObject",
    .severity = TX_SEV_WARNING,
    .summary = "event names that do not read `<action>_<object>`",
    .doc =
        "An event name starts with an action verb and then names the object acted on,\n"
        "optionally followed by where it happened: `view_page`, `complete_sign_up`,\n"
        "`click_banner_home`. The action must be in `conventions.event_name.actions`, or in\n"
        "the built-in vocabulary when that list is absent (view, click, tap, search, add,\n"
        "remove, start, complete, open, close, submit, select, share, play, purchase, ...).\n"
        "Names in object-action order and past tenses get the corrected name as a fix:\n"
        "`page_view` -> `view_page`, `sign_up_complete` -> `complete_sign_up`,\n"
        "`product_viewed` -> `view_product`.\n\n"
        "`conventions.event_name.pattern` (PCRE2) adds a check (`pattern_mode: add`, the\n"
        "default) or replaces the built-in style (`pattern_mode: replace`). Named groups\n"
        "`(?<action>...)` and `(?<object>...)` in it are honoured: the captured action must\n"
        "be in the vocabulary and the object must not be empty. `event_name.style: none`\n"
        "turns the built-in style off and keeps the pattern.\n\n"
        "`event_name.style: object_action` is Segment's convention instead: the object\n"
        "first, then the action in the past tense, then optionally a complement\n"
        "(`Order Completed`, `Product Added to Wishlist`; a verb with a particle alone,\n"
        "`Signed Up`, is a name too). Its built-in vocabulary adds Segment's spec'd verbs\n"
        "(sign, log, background, refund, bounce, crash, ...); an `actions` list may give\n"
        "base forms or the past tenses as written. Pair it with `casing: 'Title Case'`.\n\n"
        "Why: one grammar makes a plan searchable and funnels readable; analysts find\n"
        "`view_*` and `complete_*` without guessing whether it was `page_view`,\n"
        "`pageViewed` or `view_page`.",
    .bad = "events:\n"
           "  page_view: {description: 페이지 조회}\n"
           "  sign_up_complete: {description: 회원가입 완료}\n",
    .good = "events:\n"
            "  view_page: {description: 페이지 조회}\n"
            "  complete_sign_up: {description: 회원가입 완료}\n",
    .check = check,
};
