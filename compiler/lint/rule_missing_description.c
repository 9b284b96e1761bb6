/* missing-description: events without a description (absent or blank). */
#include "lint_int.h"

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        if (!lint_blank(e->meta.description) || e->meta.deprecated)
            continue;
        tx_diag *d = lint_emit(c, e->span, &e->meta, NULL, "event '%s' has no description",
                               e->name);
        tx_diag_fix(c->out, d, "add 'description:' saying when the event fires and what it means");
    }
}

const tx_lint_rule lint_rule_missing_description = {
    .id = "missing-description",
    .name = "MissingDescription",
    .severity = TX_SEV_INFO,
    .summary = "events without a description",
    .doc =
        "Every event that is not deprecated should say in `description` what it means and\n"
        "when it fires (`trigger` can add the exact moment). Blank text counts as missing.\n"
        "The default severity is info; teams that require descriptions raise it in\n"
        "`conventions.rules: {missing-description: warning}` or to error.\n\n"
        "Why: the description is what analysts, marketers and the people implementing the\n"
        "event read; an undocumented event gets implemented and queried inconsistently.",
    .bad = "properties:\n"
           "  search_term: {type: string, description: 검색어}\n"
           "events:\n"
           "  search_stay:\n"
           "    properties: {search_term: required}\n",
    .good = "properties:\n"
            "  search_term: {type: string, description: 검색어}\n"
            "events:\n"
            "  search_stay:\n"
            "    description: 숙소 검색 결과 화면이 열렸을 때\n"
            "    properties: {search_term: required}\n",
    .check = check,
};
