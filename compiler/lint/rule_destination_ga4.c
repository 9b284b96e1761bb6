/* destination-ga4: Google Analytics 4 (and Firebase) collection limits and
 * reserved names, applied when conventions.destinations lists ga4. Every
 * number and list below is from the pages cited in the rule's sources. */
#include "lint_int.h"

/* Event naming rules (web and app lists) and the Firebase Event reference. */
static const char *const reserved_events[] = {
    "ad_activeview", "ad_click", "ad_exposure", "ad_impression", "ad_query", "ad_reward",
    "adunit_exposure", "app_background", "app_clear_data", "app_exception", "app_install",
    "app_remove", "app_store_refund", "app_store_subscription_cancel",
    "app_store_subscription_convert", "app_store_subscription_renew", "app_update",
    "app_upgrade", "click", "dynamic_link_app_open", "dynamic_link_app_update",
    "dynamic_link_first_open", "error", "file_download", "firebase_campaign",
    "firebase_in_app_message_action", "firebase_in_app_message_dismiss",
    "firebase_in_app_message_impression", "first_open", "first_visit", "form_start",
    "form_submit", "in_app_purchase", "notification_dismiss", "notification_foreground",
    "notification_open", "notification_receive", "os_update", "page_view", "scroll",
    "session_start", "session_start_with_rollout", "user_engagement", "video_complete",
    "video_progress", "video_start", "view_complete", "view_search_results", NULL,
};
static const char *const event_prefixes[] = { "firebase_", "ga_", "google_", NULL };
static const char *const reserved_params[] = {
    "engagement_time_msec", "gclid", "session_id", "session_number", NULL,
};
static const char *const param_prefixes[] = { "_", "firebase_", "ga_", "google_", "gtag.", NULL };
static const char *const reserved_user_props[] = {
    "first_open_after_install", "first_open_time", "first_visit_time",
    "last_deep_link_referrer", "user_id", NULL,
};
static const char *const user_prop_prefixes[] = { "_", "firebase_", "ga_", "google_", NULL };

static const lint_dest ga4 = {
    .bit = LINT_DEST_GA4,
    .label = "GA4",
    .event = { .max_len = 40, .letter_first = true, .word_chars = true,
               .reserved = reserved_events, .prefixes = event_prefixes },
    .prop = { .max_len = 40, .letter_first = true, .word_chars = true,
              .reserved = reserved_params, .prefixes = param_prefixes, .max_value_len = 100 },
    .user_prop = { .max_len = 24, .reserved = reserved_user_props,
                   .prefixes = user_prop_prefixes, .max_value_len = 36 },
    .max = { .props_per_event = 25, .user_props = 25 },
};

const tx_lint_rule lint_rule_destination_ga4 = {
    .id = "destination-ga4",
    .name = "DestinationGa4",
    .severity = TX_SEV_ERROR,
    .summary = "names and limits Google Analytics 4 rejects, when `ga4` is a destination",
    .doc =
        "Applies only when `conventions.destinations` lists `ga4`. Events: names at most 40\n"
        "characters, starting with a letter, letters/digits/underscores only, not a reserved\n"
        "name (`page_view`, `session_start`, `first_visit`, `click`, `scroll`, ...) and not\n"
        "starting with `firebase_`, `ga_` or `google_`; at most 25 parameters per event.\n"
        "Parameters (event properties): names at most 40 characters with the same character\n"
        "rules, not `engagement_time_msec`, `gclid`, `session_id` or `session_number`, not\n"
        "starting with `_`, `firebase_`, `ga_`, `google_` or `gtag.`; string values longer\n"
        "than 100 characters (a larger `max_length`, a longer enum value) are truncated.\n"
        "User properties: names at most 24 characters, at most 25 of them, not\n"
        "`first_open_time`, `first_visit_time`, `first_open_after_install`,\n"
        "`last_deep_link_referrer` or `user_id`, not starting with `_`, `firebase_`, `ga_`\n"
        "or `google_`; values at most 36 characters.\n\n"
        "Why: GA4 does not log an event or parameter that breaks these rules (an event name\n"
        "over 40 characters is dropped, the 26th parameter is ignored), and it says so only\n"
        "in its own error events, long after release.",
    .bad = "conventions: {destinations: [ga4]}\n"
           "events:\n"
           "  page_view: {description: 페이지 조회}\n",
    .good = "conventions: {destinations: [ga4]}\n"
            "events:\n"
            "  view_page: {description: 페이지 조회}\n",
    .sources =
        "- Event name length 40, 25 parameters per event, parameter name 40, parameter value\n"
        "  100, 25 user properties, user property name 24 and value 36: Google Analytics\n"
        "  Help, \"[GA4] Event collection limits\",\n"
        "  https://support.google.com/analytics/answer/9267744\n"
        "- Start with a letter, letters/digits/underscores, reserved event names, reserved\n"
        "  parameter and user property names and prefixes: Google Analytics Help, \"Event\n"
        "  naming rules\", https://support.google.com/analytics/answer/13316687\n"
        "- Reserved app event names and the `firebase_`, `google_`, `ga_` event prefixes:\n"
        "  Firebase reference, \"FirebaseAnalytics.Event\",\n"
        "  https://firebase.google.com/docs/reference/android/com/google/firebase/analytics/FirebaseAnalytics.Event\n",
    .dest = &ga4,
    .check = lint_dest_check,
};
