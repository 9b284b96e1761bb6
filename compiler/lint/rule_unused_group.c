/* unused-group: property groups that no event includes. */
#include "lint_int.h"

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    const lint_usage *u = lint_get_usage(c);
    for (size_t i = 0; i < t->n_groups; i++) {
        const tx_group *g = &t->groups[i];
        if (u->group_used[i])
            continue;
        tx_diag *d = lint_emit(c, g->span, &g->meta, NULL,
                               "property group '%s' is not used by any event", g->name);
        tx_diag_fix(c->out, d, "remove it, or add it to the 'groups' of the events that carry it");
    }
}

/* The plan of both examples; the good one has the event include the group. */
#define EXAMPLE \
    "properties:\n" \
    "  travel_adults: {type: integer, description: 성인 수}\n" \
    "property_groups:\n" \
    "  stay_search_options: {properties: [travel_adults]}\n" \
    "events:\n" \
    "  search_stay:\n" \
    "    description: 숙소 검색\n"

const tx_lint_rule lint_rule_unused_group = {
    .id = "unused-group",
    .name = "UnusedGroup",
    .severity = TX_SEV_WARNING,
    .summary = "property groups that no event includes",
    .doc =
        "A property group is used when at least one event lists it in `groups`.\n\n"
        "Why: a group nobody includes adds nothing to the plan but reading time, and its\n"
        "properties look used when they are not.",
    .bad = EXAMPLE "    properties: {travel_adults: required}\n",
    .good = EXAMPLE "    groups: [stay_search_options]\n",
    .check = check,
};
