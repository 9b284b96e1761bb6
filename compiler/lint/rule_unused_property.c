/* unused-property: dictionary properties that no event or group carries
 * and that are not user properties. */
#include "lint_int.h"

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    const lint_usage *u = lint_get_usage(c);
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (u->prop_used[i])
            continue;
        tx_diag *d = lint_emit(c, p->span, &p->meta, NULL,
                               "property '%s' is not carried by any event or group", p->name);
        tx_diag_fix(c->out, d, "remove it, add it to the events that send it, or list it in "
                               "user_properties");
    }
}

const tx_lint_rule lint_rule_unused_property = {
    .id = "unused-property",
    .name = "UnusedProperty",
    .severity = TX_SEV_WARNING,
    .summary = "dictionary properties that no event, group or user_properties entry uses",
    .doc =
        "A property in the dictionary is used when an event carries it (directly or through\n"
        "a group), a group lists it, or it is listed in `user_properties`.\n\n"
        "Why: an unused property is either dead (remove it) or missing from the events\n"
        "that should send it; both mislead whoever implements the plan.",
    .bad = "properties:\n"
           "  search_term: {type: string, description: 검색어}\n"
           "events:\n"
           "  search_stay: {description: 숙소 검색}\n",
    .good = "properties:\n"
            "  search_term: {type: string, description: 검색어}\n"
            "events:\n"
            "  search_stay:\n"
            "    description: 숙소 검색\n"
            "    properties: {search_term: required}\n",
    .check = check,
};
