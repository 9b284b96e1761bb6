/* unused-suppression: `lint: {ignore: [rule]}` entries that silenced
 * nothing in this run. Runs last (see the table in lint.c); suppressions of
 * rules that are off, or unknown (lint-config), are not reported. */
#include "lint_int.h"

static void one(lint_ctx *c, const tx_meta *m, const tx_suppress *s)
{
    const tx_lint_rule *r = s->rule ? tx_lint_rule_find(s->rule) : NULL;
    if (!r || r == &lint_rule_unused_suppression || !lint_rule_enabled(c, r) ||
        lint_suppression_used(c, s))
        return;
    tx_diag *d = lint_emit(c, s->span, m, NULL, "suppression of '%s' silences nothing", s->rule);
    tx_diag_fix(c->out, d, "remove '%s' from the item's lint ignore list", s->rule);
}

const tx_lint_rule lint_rule_unused_suppression = {
    .id = "unused-suppression",
    .name = "UnusedSuppression",
    .severity = TX_SEV_WARNING,
    .summary = "suppressions that silence nothing",
    .doc =
        "A suppression `lint: {ignore: [rule-id], reason: ...}` on an item is reported when\n"
        "that rule, enabled in this run, found nothing on the item to silence. Suppressions\n"
        "of rules that are off are left alone (they may matter in another configuration).\n\n"
        "Why: a stale suppression hides the next real problem on that item.",
    .bad = "events:\n"
           "  view_page:\n"
           "    description: 페이지 조회\n"
           "    lint: {ignore: [missing-description], reason: 설명 작성 중}\n",
    .good = "events:\n"
            "  view_page:\n"
            "    description: 페이지 조회\n",
    .each_suppress = one,
};
