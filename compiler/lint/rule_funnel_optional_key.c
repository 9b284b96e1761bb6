/* funnel-optional-key: a funnel keyed by a property (not the user) whose
 * step carries that property only as optional (issue 18). check has
 * already made sure every step carries it (funnel-key). */
#include "lint_int.h"
#include <string.h>

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_funnels; i++) {
        const tx_funnel *f = &t->funnels[i];
        if (!f->key)
            continue;
        for (size_t k = 0; k < f->n_steps; k++) {
            const tx_event *e = f->steps[k].event;
            const tx_event_prop *s = tx_event_find_prop(e, f->key, strlen(f->key));
            if (!s || s->required)
                continue;
            tx_diag *d = lint_emit(c, f->steps[k].span, &f->meta, &e->meta,
                                   "step '%s' of funnel '%s' carries the key '%s' only as optional",
                                   e->name, f->name, f->key);
            tx_diag_note(c->out, d, s->span, "optional here");
            tx_diag_fix(c->out, d, "make '%s' required in event '%s', or key the funnel by 'user'",
                        f->key, e->name);
        }
    }
}

const tx_lint_rule lint_rule_funnel_optional_key = {
    .id = "funnel-optional-key",
    .name = "FunnelOptionalKey",
    .severity = TX_SEV_WARNING,
    .summary = "funnels keyed by a property that a step may leave out",
    .doc =
        "A funnel whose `key` is a property (not `user`) has a step whose event carries\n"
        "that property as optional.\n\n"
        "Why: the key ties the steps of one journey together; an event sent without it\n"
        "belongs to no journey, so the funnel undercounts without any error.",
    .bad = "properties:\n"
           "  product_id: {type: string, description: 상품 ID}\n"
           "events:\n"
           "  view_product: {description: 상품 조회, properties: [product_id]}\n"
           "  select_option:\n"
           "    description: 옵션 선택\n"
           "    properties: {product_id: optional}\n"
           "funnels:\n"
           "  option_choice: {steps: [view_product, select_option], key: product_id, within: 2h}\n",
    .good = "properties:\n"
            "  product_id: {type: string, description: 상품 ID}\n"
            "events:\n"
            "  view_product: {description: 상품 조회, properties: [product_id]}\n"
            "  select_option: {description: 옵션 선택, properties: [product_id]}\n"
            "funnels:\n"
            "  option_choice: {steps: [view_product, select_option], key: product_id, within: 2h}\n",
    .check = check,
};
