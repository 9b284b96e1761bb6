/* pattern-match-limit: a naming pattern from conventions that PCRE2 gave up
 * on (match, depth or heap limit). Reported by pattern.c while the naming
 * rules run, once per pattern; this file holds the rule's entry. */
#include "lint_int.h"

const tx_lint_rule lint_rule_pattern_match_limit = {
    .id = "pattern-match-limit",
    .name = "PatternMatchLimit",
    .severity = TX_SEV_ERROR,
    .summary = "a naming pattern that hit the PCRE2 match limit",
    .doc =
        "Patterns in `conventions.event_name.pattern` and `conventions.property_name.pattern`\n"
        "are compiled once (JIT where available) and matched with PCRE2's match, depth and\n"
        "heap limits (the match limit is 1,000,000 by default). A pattern with nested or\n"
        "ambiguous repetition, such as `^(a+)+$`, can need exponential time on a long name;\n"
        "when it hits a limit the run reports it here, at the name it was matching, and\n"
        "stops applying that pattern, so the lint still ends in milliseconds. The names it\n"
        "did not check are unchecked, which is why the default severity is error.\n\n"
        "Why: a naming rule that cannot decide is a broken rule, and a linter that hangs in\n"
        "CI is worse than none.",
    .bad = "conventions:\n"
           "  event_name: {pattern: '^([a-z]+_?)+$', pattern_mode: replace}\n"
           "events:\n"
           "  view_a_page_whose_name_goes_on_and_on_and_on_and_on_!:\n"
           "    description: 끝에 허용되지 않는 문자가 있는 이름\n",
    .good = "conventions:\n"
            "  event_name: {pattern: '^[a-z]+(_[a-z]+)*$', pattern_mode: replace}\n"
            "events:\n"
            "  view_a_page_whose_name_goes_on_and_on:\n"
            "    description: 허용되는 이름\n",
    .check = NULL,
};
