/* destination-mixpanel: Mixpanel's reserved property names and prefixes
 * and its per-event size limits, applied when conventions.destinations
 * lists mixpanel. Sources are cited in the rule's doc. */
#include "lint_int.h"

static const char *const prefixes[] = { "$", "mp_", NULL };
static const char *const reserved_props[] = { "distinct_id", "time", NULL };

static const lint_dest mixpanel = {
    .bit = LINT_DEST_MIXPANEL,
    .label = "Mixpanel",
    .event = { .prefixes = prefixes },
    .prop = { .reserved = reserved_props, .prefixes = prefixes },
    .max = { .props_per_event = 254, .array_items = 254, .object_keys = 254 },
};

const tx_lint_rule lint_rule_destination_mixpanel = {
    .id = "destination-mixpanel",
    .name = "DestinationMixpanel",
    .severity = TX_SEV_ERROR,
    .summary = "names and limits Mixpanel reserves, when `mixpanel` is a destination",
    .doc =
        "Applies only when `conventions.destinations` lists `mixpanel`. `distinct_id` and\n"
        "`time` are reserved property names, and names starting with `$` or `mp_` belong\n"
        "to Mixpanel's own events and properties. An event must have fewer than 255\n"
        "properties, an object property fewer than 255 keys and a list property fewer than\n"
        "255 items (`max_items`).\n\n"
        "Why: a property called `time` or `distinct_id` overwrites the event's timestamp or\n"
        "user, and events over the size limits are rejected at ingestion.",
    .bad = "conventions: {destinations: [mixpanel]}\n"
           "properties:\n"
           "  distinct_id: {type: string, description: 사용자 ID}\n",
    .good = "conventions: {destinations: [mixpanel]}\n"
            "properties:\n"
            "  member_id: {type: string, description: 회원 ID}\n",
    .sources =
        "- Reserved `distinct_id`, `time`, `$`- and `mp_`-properties: Mixpanel docs,\n"
        "  \"Events and Properties\" (Reserved Event Properties),\n"
        "  https://docs.mixpanel.com/docs/data-structure/events-and-properties\n"
        "- Fewer than 255 properties per event, 255 keys per object, 255 array elements:\n"
        "  Mixpanel API reference, \"Track Events\" (Limits),\n"
        "  https://docs.mixpanel.com/reference/track-event\n",
    .dest = &mixpanel,
    .check = lint_dest_check,
};
