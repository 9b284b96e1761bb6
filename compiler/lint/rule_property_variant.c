/* property-variant: a property name defined in more than one place — the
 * dictionary's definition and an event's own (a variant: a refinement, or
 * a definition with `type:`), or event-local definitions of one name in
 * several events, when the definitions differ (tx_type_hash). One finding
 * per name, at its first variant, with a note at another definition. Imported plans turn it off (their sources define
 * properties per event). */
#include "lint_int.h"
#include <string.h>

typedef struct seen {
    const tx_event_prop *first;     /* the first event-local definition */
    const char *first_event;
    const tx_event_prop *second;    /* a second one, in another event */
    const char *second_event;
    bool reported;
} seen;

/* Event-local definitions of one name (tx_property.local) are gathered by
 * name: they differ from each other when two events have them. */
static void note_local(lint_map *m, tx_arena *a, const tx_event *e, const tx_event_prop *ep)
{
    const char *name = ep->prop->name;
    bool is_new = false;
    void **slot = lint_map_put(m, name, strlen(name), &is_new);
    if (is_new) {
        seen *s = tx_arena_alloc(a, sizeof *s);
        memset(s, 0, sizeof *s);
        *slot = s;
    }
    seen *s = *slot;
    if (!s->first)
        s->first = ep, s->first_event = e->name;
    else if (!s->second && strcmp(s->first_event, e->name) != 0 &&
             tx_type_hash(ep->type) != tx_type_hash(s->first->type))
        s->second = ep, s->second_event = e->name;
}

static void report(lint_ctx *c, const tx_event_prop *ep, const char *event, tx_span other,
                   const char *other_event)
{
    tx_diag *d = lint_emit(c, ep->span, NULL, NULL,
                           "property '%s' has its own definition in event '%s'%s", ep->prop->name,
                           event, other_event ? " and another in other events"
                                              : ", besides the dictionary's");
    if (other_event)
        tx_diag_note(c->out, d, other, "event '%s' defines it too", other_event);
    else
        tx_diag_note(c->out, d, other, "the dictionary's definition is here");
    tx_diag_fix(c->out, d, "give the variant a name of its own, or define '%s' once in "
                           "properties:", ep->prop->name);
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    lint_map locals;
    lint_map_init(&locals, c->scratch, t->n_local_props + 8);
    lint_map dict_done;     /* dictionary names already reported */
    lint_map_init(&dict_done, c->scratch, 16);
    for (size_t i = 0; i < t->n_events; i++)
        for (size_t k = 0; k < t->events[i].n_props; k++) {
            const tx_event_prop *ep = &t->events[i].props[k];
            if (ep->variant && ep->prop->local)
                note_local(&locals, c->scratch, &t->events[i], ep);
        }
    for (size_t i = 0; i < t->n_events; i++)
        for (size_t k = 0; k < t->events[i].n_props; k++) {
            const tx_event_prop *ep = &t->events[i].props[k];
            if (!ep->variant)
                continue;
            const char *name = ep->prop->name;
            if (!ep->prop->local) {
                /* a variant of a dictionary property, unless it says the same */
                if (tx_type_hash(ep->type) == tx_type_hash(ep->prop->type))
                    continue;
                bool is_new = false;
                lint_map_put(&dict_done, name, strlen(name), &is_new);
                if (is_new)
                    report(c, ep, t->events[i].name, ep->prop->span, NULL);
                continue;
            }
            seen *s = lint_map_get(&locals, name, strlen(name));
            if (!s || s->reported || !s->second || s->first != ep)
                continue;
            s->reported = true;
            report(c, ep, s->first_event, s->second->span, s->second_event);
        }
}

/* The plan of both examples; the arguments are what the fix changes: a
 * property of its own for the paid amount, and what complete_purchase
 * carries. */
#define EXAMPLE(more_props, purchase_props) \
    "properties:\n" \
    "  price: {type: number, min: 0, description: 가격}\n" \
    more_props \
    "events:\n" \
    "  view_product:\n" \
    "    description: 상품 조회\n" \
    "    properties: {price: required}\n" \
    "  complete_purchase:\n" \
    "    description: 결제 완료\n" \
    purchase_props

const tx_lint_rule lint_rule_property_variant = {
    .id = "property-variant",
    .name = "PropertyVariant",
    .severity = TX_SEV_WARNING,
    .summary = "property names whose definition differs across events",
    .doc =
        "An event may refine a property or define it for itself (a per-event variant:\n"
        "`price: {required: true, max: 1000000}` or `coupon: {type: [string, 'null']}`\n"
        "under the event's `properties:`). This rule reports each name that then has more\n"
        "than one definition: the dictionary's and an event's, or several events' own.\n"
        "Plans brought in by `taxonc import` turn it off (`conventions.rules`), since the\n"
        "tools they come from define properties per event.\n\n"
        "Why: one name with two meanings splits a dashboard's filter and a CRM segment\n"
        "in two; analysts expect `price` to mean the same thing in every event.",
    .bad = EXAMPLE("", "    properties:\n"
                       "      price: {required: true, type: integer, min: 100}\n"),
    .good = EXAMPLE("  paid_amount: {type: integer, min: 100, description: 결제 금액}\n",
                    "    properties: {paid_amount: required}\n"),
    .check = check,
};
