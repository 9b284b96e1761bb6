/* unused-type: named types no property reaches, directly or through
 * refinements (`type: other_named_type`), array items or object members. */
#include "lint_int.h"

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_types; i++) {
        const tx_type *ty = t->types[i];
        if (lint_type_used(c, ty))
            continue;
        tx_diag *d = lint_emit(c, ty->span, &ty->meta, NULL,
                               "type '%s' is not used by any property", ty->name);
        tx_diag_fix(c->out, d, "remove it, or give it to the property it was meant for");
    }
}

const tx_lint_rule lint_rule_unused_type = {
    .id = "unused-type",
    .name = "UnusedType",
    .severity = TX_SEV_WARNING,
    .summary = "named types that no property uses",
    .doc =
        "A named type is used when some property reaches it: as its type, through a type\n"
        "that refines it, or as the items or a member type of one. A type used only by\n"
        "another unused type is unused too.\n\n"
        "Why: unused types are usually left over from a rename, and readers assume they\n"
        "constrain something.",
    .bad = "types:\n"
           "  headcount: {type: integer, min: 0, max: 20}\n"
           "properties:\n"
           "  travel_adults: {type: integer, description: 성인 수}\n",
    .good = "types:\n"
            "  headcount: {type: integer, min: 0, max: 20}\n"
            "properties:\n"
            "  travel_adults: {type: headcount, description: 성인 수}\n",
    .check = check,
};
