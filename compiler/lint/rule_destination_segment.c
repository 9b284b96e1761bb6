/* destination-segment: names that clash with what Segment reserves, applied
 * when conventions.destinations lists segment. Segment's warehouses turn
 * event names into table names and property names into columns (both
 * snake_cased), so comparisons are made on the snake_case form. */
#include "lint_int.h"
#include <string.h>

/* Warehouse tables Segment fills from its own calls. */
static const char *const tables[] = {
    "accounts", "aliases", "groups", "identifies", "pages", "screens", "tracks", "users", NULL,
};
/* Columns every event table has. */
static const char *const columns[] = {
    "anonymous_id", "event", "event_text", "id", "original_timestamp", "received_at",
    "sent_at", "timestamp", "user_id", "uuid_ts", NULL,
};
/* Track spec properties with a meaning (and type) of their own. */
static const struct { const char *name; bool numeric; } typed[] = {
    { "revenue", true }, { "value", true }, { "currency", false },
};

static bool in(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (strcmp(*l, s) == 0)
            return true;
    return false;
}

static const char *snake(lint_ctx *c, const char *name)
{
    lint_words w = lint_split(c->scratch, name);
    return lint_join(c->scratch, &lint_casing_snake, w.w, 0, w.n);
}

static void extra(lint_ctx *c, const lint_dest *d)
{
    (void)d;
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        const char *s = snake(c, e->name);
        if (in(tables, s))
            lint_emit(c, e->span, &e->meta, NULL,
                      "event '%s' would be stored in Segment's warehouse table '%s', which holds "
                      "Segment's own %s calls", e->name, s, s);
    }
    const lint_usage *u = lint_get_usage(c);
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (p->is_user && !u->prop_on_event[i])
            continue;
        const char *s = snake(c, p->name);
        if (in(columns, s) || strncmp(s, "context_", 8) == 0)
            lint_emit(c, p->span, &p->meta, NULL,
                      "property '%s' would become warehouse column '%s', which Segment reserves "
                      "for every event", p->name, s);
        for (size_t k = 0; k < sizeof typed / sizeof typed[0]; k++) {
            if (strcmp(s, typed[k].name) != 0 || !p->type)
                continue;
            bool num = p->type->base == TX_INTEGER || p->type->base == TX_NUMBER;
            bool str = p->type->base == TX_STRING;
            if (typed[k].numeric ? !num : !str)
                lint_emit(c, p->span, &p->meta, NULL,
                          "property '%s' is a %s; Segment's Track spec reserves '%s' for a %s",
                          p->name, tx_base_name(p->type->base), typed[k].name,
                          typed[k].numeric ? "number" : "string");
        }
    }
}

static const lint_dest segment = {
    .bit = LINT_DEST_SEGMENT,
    .label = "Segment",
    .extra = extra,
};

const tx_lint_rule lint_rule_destination_segment = {
    .id = "destination-segment",
    .name = "DestinationSegment",
    .severity = TX_SEV_ERROR,
    .summary = "names that clash with what Segment reserves, when `segment` is a destination",
    .doc =
        "Applies only when `conventions.destinations` lists `segment`. Segment warehouses\n"
        "store each event in a table named after it and each property in a column, both in\n"
        "snake_case. An event whose snake_case name is one of Segment's own tables\n"
        "(`accounts`, `aliases`, `groups`, `identifies`, `pages`, `screens`, `tracks`,\n"
        "`users`), and an event property whose snake_case name is a column every event\n"
        "table has (`anonymous_id`, `context_*`, `event`, `event_text`, `id`,\n"
        "`original_timestamp`, `received_at`, `sent_at`, `timestamp`, `user_id`,\n"
        "`uuid_ts`), are reported. The Track spec reserves `revenue` and `value` for\n"
        "numbers and `currency` for a string: other types are reported.\n\n"
        "Why: a clashing column is overwritten by Segment's own value (or the load fails),\n"
        "and destinations read `revenue`, `value` and `currency` with their spec meaning.",
    .bad = "conventions: {destinations: [segment]}\n"
           "properties:\n"
           "  revenue: {type: string, description: 매출}\n",
    .good = "conventions: {destinations: [segment]}\n"
            "properties:\n"
            "  revenue: {type: number, description: 매출}\n",
    .sources =
        "- Tables per call type and the standard columns of event tables: Segment docs,\n"
        "  \"Warehouse Schemas\", https://segment.com/docs/connections/storage/warehouses/schema/\n"
        "- Reserved `revenue`, `currency`, `value` properties: Segment docs, \"Spec: Track\"\n"
        "  (Properties), https://segment.com/docs/connections/spec/track/\n",
    .dest = &segment,
    .check = lint_dest_check,
};
