/* destination-braze: Braze's limits on custom event and property names and
 * its reserved property keys, applied when conventions.destinations lists
 * braze. Sources are cited in the rule's doc. */
#include "lint_int.h"

static const char *const prefixes[] = { "$", NULL };
static const char *const reserved_props[] = { "time", "event_name", NULL };

static const lint_dest braze = {
    .bit = LINT_DEST_BRAZE,
    .label = "Braze",
    .event = { .max_len = 255, .prefixes = prefixes },
    .prop = { .max_len = 255, .reserved = reserved_props, .prefixes = prefixes,
              .max_value_len = 255 },
};

const tx_lint_rule lint_rule_destination_braze = {
    .id = "destination-braze",
    .name = "DestinationBraze",
    .severity = TX_SEV_ERROR,
    .summary = "names and limits Braze rejects, when `braze` is a destination",
    .doc =
        "Applies only when `conventions.destinations` lists `braze`. Custom event names and\n"
        "event property names are at most 255 characters and must not start with `$`;\n"
        "`time` and `event_name` are reserved property keys; string property values are at\n"
        "most 255 characters (a larger `max_length` or a longer enum value is reported).\n\n"
        "Why: the Braze SDKs drop invalid keys from the properties object and the REST API\n"
        "rejects the event (\"Invalid 'properties' field\"), so the data never arrives.",
    .bad = "conventions: {destinations: [braze]}\n"
           "properties:\n"
           "  time: {type: string, description: 시각}\n",
    .good = "conventions: {destinations: [braze]}\n"
            "properties:\n"
            "  booked_at: {type: string, format: date-time, description: 예약 시각}\n",
    .sources =
        "- Property names non-empty, at most 255 characters, no leading `$`: Braze docs,\n"
        "  \"Event object\", https://www.braze.com/docs/api/objects_filters/event_object\n"
        "  and \"Custom event properties\",\n"
        "  https://www.braze.com/docs/user_guide/data/activation/events/custom_events/custom_event_properties\n"
        "- Reserved keys `time` and `event_name`: Braze docs, \"Tracking custom events\",\n"
        "  https://www.braze.com/docs/developer_guide/platforms/swift/analytics/tracking_custom_events\n"
        "- Event names and string values at most 255 characters, no leading `$`: Braze\n"
        "  Android SDK reference, \"BrazeProperties\",\n"
        "  https://appboy.github.io/appboy-android-sdk/kdoc/braze-android-sdk/com.braze.models.outgoing/-braze-properties/index.html\n",
    .dest = &braze,
    .check = lint_dest_check,
};
