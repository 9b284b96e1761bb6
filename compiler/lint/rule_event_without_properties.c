/* event-without-properties: an event that carries no properties although
 * most events of its category do. "Expects some" is measured, not guessed:
 * the event is flagged when more than half of the other (not deprecated)
 * events in the same category carry at least one property. Events without
 * a category, or alone in it, are never flagged. */
#include "lint_int.h"
#include <string.h>

typedef struct cat {
    size_t total, with_props;
} cat;

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    lint_map m;
    lint_map_init(&m, c->scratch, 16);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        if (!e->category || e->meta.deprecated)
            continue;
        void **v = lint_map_put(&m, e->category, strlen(e->category), NULL);
        if (!*v)
            *v = tx_arena_alloc(c->scratch, sizeof(cat));
        cat *k = *v;
        k->total++;
        if (e->n_props)
            k->with_props++;
    }
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        if (!e->category || e->meta.deprecated || e->n_props)
            continue;
        const cat *k = lint_map_get(&m, e->category, strlen(e->category));
        size_t others = k->total - 1;
        if (others == 0 || k->with_props * 2 <= others)
            continue;
        tx_diag *d = lint_emit(c, e->span, &e->meta, NULL,
                               "event '%s' carries no properties, unlike %zu of the %zu other "
                               "events in category '%s'", e->name, k->with_props, others,
                               e->category);
        tx_diag_fix(c->out, d, "add the properties that describe this event, or suppress this "
                               "rule on it with a reason");
    }
}

const tx_lint_rule lint_rule_event_without_properties = {
    .id = "event-without-properties",
    .name = "EventWithoutProperties",
    .severity = TX_SEV_WARNING,
    .summary = "events with no properties where their category's events have some",
    .doc =
        "The category says what properties to expect: an event that carries no properties\n"
        "(directly or through groups) is flagged when more than half of the other events\n"
        "in its `category` carry at least one. Deprecated events are ignored on both sides;\n"
        "events without a category, or alone in theirs, are never flagged. An event that\n"
        "really has nothing to add (e.g. `open_app`) can suppress the rule with a reason.\n\n"
        "Why: a bare `search_stay` among `search_*` events that all carry search terms is\n"
        "usually an event whose properties were forgotten, and it cannot be segmented.",
    .bad = "properties:\n"
           "  search_term: {type: string, description: 검색어}\n"
           "events:\n"
           "  search_stay: {description: 숙소 검색, category: search}\n"
           "  search_flight:\n"
           "    description: 항공권 검색\n"
           "    category: search\n"
           "    properties: {search_term: required}\n"
           "  search_car:\n"
           "    description: 렌터카 검색\n"
           "    category: search\n"
           "    properties: {search_term: required}\n",
    .good = "properties:\n"
            "  search_term: {type: string, description: 검색어}\n"
            "events:\n"
            "  search_stay:\n"
            "    description: 숙소 검색\n"
            "    category: search\n"
            "    properties: {search_term: required}\n"
            "  search_flight:\n"
            "    description: 항공권 검색\n"
            "    category: search\n"
            "    properties: {search_term: required}\n",
    .check = check,
};
