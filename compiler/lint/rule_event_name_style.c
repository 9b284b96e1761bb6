/* event-name-style: event names in the configured casing
 * (conventions.event_name.casing, snake_case by default) and within
 * conventions.event_name.max_length code points. The fix is the whole name
 * the conventions ask for, so it agrees with event-name-action-object. */
#include "lint_int.h"
#include <string.h>

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    int64_t max = t->conv.event_max_length;
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        size_t n = strlen(e->name);
        if (!c->event_casing->ok(e->name, n)) {
            tx_diag *d = lint_emit(c, e->span, &e->meta, NULL, "event '%s' is not in %s", e->name,
                                   c->event_casing->name);
            const char *sug = lint_event_suggest(c, e->name);
            if (sug)
                tx_diag_fix(c->out, d, "rename to '%s'", sug);
        }
        if (max > 0) {
            size_t cp = lint_codepoints(e->name);
            if ((int64_t)cp > max)
                lint_emit(c, e->span, &e->meta, NULL,
                          "event '%s' is %zu characters long; conventions.event_name.max_length "
                          "is %lld", e->name, cp, (long long)max);
        }
    }
}

const tx_lint_rule lint_rule_event_name_style = {
    .id = "event-name-style",
    .name = "EventNameStyle",
    .severity = TX_SEV_WARNING,
    .summary = "event names not in the configured casing or longer than its max_length",
    .doc =
        "Event names must be written in `conventions.event_name.casing` (snake_case by\n"
        "default; also camelCase, PascalCase, kebab-case, SCREAMING_SNAKE_CASE and\n"
        "`Title Case`; `any` turns the casing check off) and be at most\n"
        "`conventions.event_name.max_length` characters (Unicode code points) when that is\n"
        "set. The fix renames the event to the configured casing, with the action moved\n"
        "first when the name is in object-action order.\n\n"
        "Why: most analytics tools treat `Sign Up`, `signUp` and `sign_up` as three events;\n"
        "one casing keeps them one.",
    .bad = "events:\n"
           "  viewPage: {description: 페이지 조회}\n",
    .good = "events:\n"
            "  view_page: {description: 페이지 조회}\n",
    .check = check,
};
