/* Verdict codes of `taxonc validate`: one X-macro list, so the enum, the
 * kebab-case names, the default severities and the one-line docs never
 * drift. Codes are stable: add new ones at the end, never rename.
 *   X(ENUM, "name", fails_by_default, "what it means") */
#ifndef VAL_CODES_H
#define VAL_CODES_H
#include <stddef.h>

#define VAL_CODES(X)                                                                  \
    X(MALFORMED_JSON,      "malformed-json",      1, "the record is not valid JSON (RFC 8259)")        \
    X(NOT_AN_EVENT,        "not-an-event",        1, "the record is not an event object of the profile") \
    X(UNKNOWN_EVENT,       "unknown-event",       1, "the event name is not in the taxonomy")           \
    X(UNKNOWN_PROPERTY,    "unknown-property",    1, "the property is not defined for the event")      \
    X(MISSING_REQUIRED,    "missing-required",    1, "a required property is absent")                   \
    X(WRONG_TYPE,          "wrong-type",          1, "the value has the wrong JSON type")               \
    X(NOT_IN_ENUM,         "not-in-enum",         1, "the value is not one of the allowed values")      \
    X(OUT_OF_RANGE,        "out-of-range",        1, "the number is below min or above max")            \
    X(TOO_LONG,            "too-long",            1, "the string has more code points than max_length") \
    X(TOO_SHORT,           "too-short",           1, "the string has fewer code points than min_length") \
    X(PATTERN_MISMATCH,    "pattern-mismatch",    1, "the string does not match the pattern")           \
    X(BAD_FORMAT,          "bad-format",          1, "the string does not match the format")            \
    X(NULL_NOT_ALLOWED,    "null-not-allowed",    1, "null where the property is not nullable")         \
    X(DUPLICATE_KEY,       "duplicate-key",       1, "the same key twice in one object")                \
    X(INVALID_UTF8,        "invalid-utf8",        1, "invalid UTF-8 or a lone surrogate escape")        \
    X(DEPRECATED_EVENT,    "deprecated-event",    0, "the event is deprecated in the taxonomy")         \
    X(DEPRECATED_PROPERTY, "deprecated-property", 0, "the property is deprecated in the taxonomy")      \
    X(TOO_MANY_ITEMS,      "too-many-items",      1, "the array has more items than max_items")         \
    X(TOO_FEW_ITEMS,       "too-few-items",       1, "the array has fewer items than min_items")        \
    X(RECORD_TOO_LARGE,    "record-too-large",    1, "the record is longer than --max-record")          \
    X(TOO_DEEP,            "too-deep",            1, "the record nests deeper than --max-depth") \
    X(BAD_IGLU_URI,        "bad-iglu-uri",        1, "the schema is not an Iglu URI iglu:vendor/name/jsonschema/M-R-A") \
    X(SCHEMA_VERSION,      "schema-version",      1, "the Iglu vendor or version is not one the event accepts") \
    X(FUNNEL_OUT_OF_ORDER, "funnel-out-of-order", 0, "a funnel step came before an earlier step of the same journey") \
    X(FUNNEL_SKIPPED_STEP, "funnel-skipped-step", 0, "a funnel step came but an earlier step of the journey never did") \
    X(FUNNEL_KEY_MISMATCH, "funnel-key-mismatch", 0, "a funnel step has no key, or another key than its journey")

typedef enum val_code {
#define VAL_X_ENUM(e, s, f, d) VAL_##e,
    VAL_CODES(VAL_X_ENUM)
#undef VAL_X_ENUM
    VAL_N_CODES
} val_code;

const char *val_code_name(val_code c);
const char *val_code_doc(val_code c);
int val_code_fails_by_default(val_code c);
/* Parses a kebab-case name; -1 when unknown. */
int val_code_parse(const char *s, size_t n);
#endif
