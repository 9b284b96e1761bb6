/* destination-amplitude: Amplitude's reserved names and per-project
 * instrumentation limits, applied when conventions.destinations lists
 * amplitude. Sources are cited in the rule's doc. */
#include "lint_int.h"

static const char *const event_prefixes[] = { "$", "[Amplitude]", NULL };
static const char *const prop_prefixes[] = { "$", NULL };

static const lint_dest amplitude = {
    .bit = LINT_DEST_AMPLITUDE,
    .label = "Amplitude",
    .event = { .prefixes = event_prefixes },
    .prop = { .prefixes = prop_prefixes },
    .max = { .event_types = 2000, .event_props = 2000, .user_props = 1000 },
};

const tx_lint_rule lint_rule_destination_amplitude = {
    .id = "destination-amplitude",
    .name = "DestinationAmplitude",
    .severity = TX_SEV_ERROR,
    .summary = "names and limits Amplitude reserves, when `amplitude` is a destination",
    .doc =
        "Applies only when `conventions.destinations` lists `amplitude`. Event names must\n"
        "not start with `$` (Amplitude's own event types such as `$identify` and\n"
        "`$groupidentify`) or `[Amplitude]` (its automatically tracked events); event and\n"
        "user property names must not start with `$` (the identify operations `$set`,\n"
        "`$setOnce`, `$add`, ...). Per project Amplitude indexes at most 2000 event types,\n"
        "2000 event properties and 1000 user properties: the first item over each limit is\n"
        "reported.\n\n"
        "Why: `$`-names are interpreted as Amplitude operations instead of stored, and\n"
        "everything over an instrumentation limit is ingested but cannot be queried.",
    .bad = "conventions: {destinations: [amplitude]}\n"
           "properties:\n"
           "  $plan: {type: string, description: 요금제}\n",
    .good = "conventions: {destinations: [amplitude]}\n"
            "properties:\n"
            "  plan: {type: string, description: 요금제}\n",
    .sources =
        "- 2000 event types, 2000 event properties, 1000 user properties per project:\n"
        "  Amplitude docs, \"Limits and quotas\", https://amplitude.com/docs/faq/limits\n"
        "- `$identify` / `$groupidentify` event types and `$`-prefixed operations:\n"
        "  Amplitude docs, \"HTTP V2 API\", https://amplitude.com/docs/apis/analytics/http-v2\n"
        "  and \"Identify API\", https://amplitude.com/docs/apis/analytics/identify\n"
        "- `[Amplitude]`-prefixed default events: Amplitude docs, \"Browser SDK 2\",\n"
        "  https://amplitude.com/docs/sdks/analytics/browser/browser-sdk-2\n",
    .dest = &amplitude,
    .check = lint_dest_check,
};
