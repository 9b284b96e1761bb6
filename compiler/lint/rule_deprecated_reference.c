/* deprecated-reference: live (not deprecated) events that still use a
 * deprecated property or group, and properties carried by live events whose
 * type is (or refines) a deprecated type. A deprecated property reached
 * through a group is reported once per group, at the group's entry. */
#include "lint_int.h"

static void reason(lint_ctx *c, tx_diag *d, const tx_meta *m, tx_span where)
{
    if (m->deprecated_reason)
        tx_diag_note(c->out, d, where, "deprecated: %s", m->deprecated_reason);
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    lint_map seen;          /* (group, property) pairs already reported */
    lint_map_init(&seen, c->scratch, 8);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        if (e->meta.deprecated)
            continue;
        for (size_t k = 0; k < e->n_groups; k++) {
            const tx_group *g = e->groups[k];
            if (!g->meta.deprecated)
                continue;
            tx_diag *d = lint_emit(c, e->span, &e->meta, &g->meta,
                                   "event '%s' uses deprecated group '%s'", e->name, g->name);
            reason(c, d, &g->meta, g->span);
            tx_diag_fix(c->out, d, "remove '%s' from the event's groups, or deprecate the event too",
                        g->name);
        }
        for (size_t k = 0; k < e->n_props; k++) {
            const tx_event_prop *ep = &e->props[k];
            const tx_property *p = ep->prop;
            if (!p->meta.deprecated)
                continue;
            tx_diag *d;
            if (!ep->via) {
                d = lint_emit(c, ep->span, &e->meta, &p->meta,
                              "event '%s' carries deprecated property '%s'", e->name, p->name);
                tx_diag_fix(c->out, d, "remove '%s' from the event, or deprecate the event too",
                            p->name);
            } else {
                if (ep->via->meta.deprecated)
                    continue;       /* the group itself is reported */
                const void *key[2] = { ep->via, p };
                bool is_new;
                lint_map_put(&seen, key, sizeof key, &is_new);
                if (!is_new)
                    continue;
                d = lint_emit(c, ep->span, &ep->via->meta, &p->meta,
                              "group '%s' carries deprecated property '%s' into live event '%s'",
                              ep->via->name, p->name, e->name);
                tx_diag_fix(c->out, d, "remove '%s' from the group", p->name);
            }
            reason(c, d, &p->meta, p->span);
        }
    }
    const lint_usage *u = lint_get_usage(c);
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (p->meta.deprecated || !u->prop_live[i])
            continue;
        int depth = 0;
        for (const tx_type *ty = p->type; ty && depth < 64; ty = ty->parent, depth++) {
            if (!ty->name || !ty->meta.deprecated)
                continue;
            tx_diag *d = lint_emit(c, p->span, &p->meta, &ty->meta,
                                   "property '%s' uses deprecated type '%s'", p->name, ty->name);
            reason(c, d, &ty->meta, ty->span);
            tx_diag_fix(c->out, d, "give '%s' a type that is not deprecated", p->name);
            break;
        }
    }
}

const tx_lint_rule lint_rule_deprecated_reference = {
    .id = "deprecated-reference",
    .name = "DeprecatedReference",
    .severity = TX_SEV_WARNING,
    .summary = "deprecated properties, groups or types still used by live events",
    .doc =
        "An event that is not deprecated must not carry a deprecated property or include a\n"
        "deprecated group, and a property such an event carries must not have a deprecated\n"
        "type (or a type refining one). A deprecated property that comes in through a group\n"
        "is reported once, at the group's entry. The deprecation reason is shown as a note.\n\n"
        "Why: deprecating is a promise that the item is going away; every live reference\n"
        "keeps it in the generated code and in the data.",
    .bad = "properties:\n"
           "  coupon_code:\n"
           "    type: string\n"
           "    description: 쿠폰 코드\n"
           "    deprecated: replaced by coupon_codes\n"
           "events:\n"
           "  complete_purchase:\n"
           "    description: 구매 완료\n"
           "    properties: {coupon_code: optional}\n",
    .good = "properties:\n"
            "  coupon_codes: {type: array, items: string, description: 쿠폰 코드 목록}\n"
            "events:\n"
            "  complete_purchase:\n"
            "    description: 구매 완료\n"
            "    properties: {coupon_codes: optional}\n",
    .check = check,
};
