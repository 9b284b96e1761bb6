/* funnel-deprecated-step: a live (not deprecated) funnel whose step is a
 * deprecated event (issue 18): the app is being told to stop sending an
 * event the funnel still counts on. */
#include "lint_int.h"

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_funnels; i++) {
        const tx_funnel *f = &t->funnels[i];
        if (f->meta.deprecated)
            continue;
        for (size_t k = 0; k < f->n_steps; k++) {
            const tx_event *e = f->steps[k].event;
            if (!e->meta.deprecated)
                continue;
            tx_diag *d = lint_emit(c, f->steps[k].span, &f->meta, &e->meta,
                                   "step %zu of funnel '%s' is deprecated event '%s'", k + 1,
                                   f->name, e->name);
            if (e->meta.deprecated_reason)
                tx_diag_note(c->out, d, e->span, "deprecated: %s", e->meta.deprecated_reason);
            tx_diag_fix(c->out, d, "name the event that replaces it, or deprecate the funnel too");
        }
    }
}

const tx_lint_rule lint_rule_funnel_deprecated_step = {
    .id = "funnel-deprecated-step",
    .name = "FunnelDeprecatedStep",
    .severity = TX_SEV_WARNING,
    .summary = "funnels that count on a deprecated event",
    .doc =
        "A funnel that is not itself deprecated lists a deprecated event among its steps.\n\n"
        "Why: a deprecated event is on its way out of the app; once it stops being sent,\n"
        "no journey completes the funnel and its conversion drops to zero overnight.",
    .bad = "events:\n"
           "  view_product: {description: 상품 조회}\n"
           "  start_order: {description: 주문 시작, deprecated: use start_checkout}\n"
           "funnels:\n"
           "  purchase: {steps: [view_product, start_order], within: 1d}\n",
    .good = "events:\n"
            "  view_product: {description: 상품 조회}\n"
            "  start_checkout: {description: 주문서 진입}\n"
            "funnels:\n"
            "  purchase: {steps: [view_product, start_checkout], within: 1d}\n",
    .check = check,
};
