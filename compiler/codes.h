/* The loader's diagnostic codes: one X-macro list so the enum, the stable
 * kebab-case names printed in `[code]` and the one-line descriptions used by
 * docs and tests never drift (after flatcc's FLATCC_JSON_PARSE_ERROR_MAP).
 * Lint rule ids are not here: lint owns those. Add codes at the end of a
 * section; never rename one (scripts and CI match on them). */
#ifndef TX_CODES_H
#define TX_CODES_H

#define TX_LOAD_CODES(X)                                                                   \
    /* files and bytes */                                                                  \
    X(IO,                 TX_DIAG_IO,            "a file cannot be read (exit code 2)")    \
    X(FILE_TOO_LARGE,     "file-too-large",      "a file is larger than the size limit")   \
    X(BINARY_FILE,        "binary-file",         "a file contains NUL bytes")              \
    X(INVALID_UTF8,       "invalid-utf8",        "a file is not valid UTF-8")              \
    /* YAML */                                                                             \
    X(YAML_SYNTAX,        "yaml-syntax",         "the YAML parser rejected the text")      \
    X(YAML_DEPTH,         "yaml-depth",          "nesting deeper than the depth limit")    \
    X(ALIAS_LIMIT,        "alias-limit",         "alias expansion exceeds the node limit") \
    X(UNDEFINED_ALIAS,    "undefined-alias",     "an alias names no earlier anchor")       \
    X(RECURSIVE_ALIAS,    "recursive-alias",     "an alias refers to its own enclosing node") \
    X(UNSUPPORTED_TAG,    "unsupported-tag",     "a YAML tag other than the standard ones") \
    X(DUPLICATE_KEY,      "duplicate-key",       "a key appears twice in one mapping")     \
    X(MULTIPLE_DOCUMENTS, "multiple-documents",  "more than one YAML document in a file")  \
    X(EMPTY_TAXONOMY,     "empty-taxonomy",      "a file holds no document")               \
    X(WRONG_KIND,         "wrong-kind",          "a list, mapping or scalar where another belongs") \
    X(INVALID_KEY,        "invalid-key",         "a mapping key that is not a plain string") \
    /* structure */                                                                        \
    X(UNKNOWN_KEY,        "unknown-key",         "a key the format does not define")       \
    X(MISSING_KEY,        "missing-key",         "a required key is absent")               \
    X(ROOT_ONLY_KEY,      "root-only-key",       "a key allowed only in the root file appears in an included file") \
    X(INVALID_VALUE,      "invalid-value",       "a value of the wrong shape (boolean, number, string)") \
    X(INVALID_NAME,       "invalid-name",        "a name that is not an identifier")       \
    X(INVALID_VERSION,    "invalid-version",     "a version that is not semver")           \
    /* types and constraints */                                                            \
    X(UNKNOWN_TYPE,       "unknown-type",        "a type reference names no base or named type") \
    X(TYPE_CYCLE,         "type-cycle",          "named types refer to each other in a cycle") \
    X(NOT_APPLICABLE,     "constraint-not-applicable", "a constraint that does not apply to the base type") \
    X(ENUM_TYPE,          "enum-type-mismatch",  "an enum value that does not match the base type") \
    X(DUPLICATE_ENUM,     "duplicate-enum",      "an enum value listed twice")             \
    X(EMPTY_ENUM,         "empty-enum",          "an enum with no values")                 \
    X(INVALID_RANGE,      "invalid-range",       "min greater than max, or a negative length") \
    X(INVALID_REGEX,      "invalid-regex",       "a pattern PCRE2 cannot compile")         \
    X(UNKNOWN_FORMAT,     "unknown-format",      "a format that is neither named nor a date pattern") \
    X(REFINEMENT,         "invalid-refinement",  "a refinement that widens its parent type") \
    X(ENUM_CONSTRAINT,    "enum-constraint",     "an enum value the type's own constraints reject") \
    X(INVALID_UNION,      "invalid-union",       "a union with a type listed twice, two branches of one JSON type, 'any' or a union among its branches, or no type") \
    /* definitions and references */                                                       \
    X(DUPLICATE_DEF,      "duplicate-definition", "a type, property, group or event defined twice") \
    X(UNKNOWN_PROPERTY,   "unknown-property",    "a reference to a property not in the dictionary") \
    X(UNKNOWN_GROUP,      "unknown-group",       "a reference to an undefined property group") \
    X(DUPLICATE_REF,      "duplicate-reference", "a list names the same item twice")       \
    X(PROPERTY_REDEFINED, "property-redefined",  "no longer reported: an event may define or refine a property for itself (issue 16)") \
    X(INVALID_REQUIRED,   "invalid-required",    "requiredness other than required or optional") \
    X(MISSING_REASON,     "missing-reason",      "a lint suppression without a reason")    \
    /* conventions */                                                                      \
    X(UNKNOWN_DESTINATION, "unknown-destination", "a destination taxonc does not know")    \
    X(INVALID_CONVENTION, "invalid-convention",  "an unknown style, casing, mode or severity") \
    /* includes */                                                                         \
    X(INCLUDE_MISSING,    "include-missing",     "an include names no existing file")      \
    X(INCLUDE_CYCLE,      "include-cycle",       "files include each other in a cycle")    \
    X(TOO_MANY_FILES,     "too-many-files",      "includes exceed the file limit")         \
    X(INCLUDE_NOT_REGULAR, "include-not-regular", "an include names a folder, FIFO, socket or device, not a regular file (a glob's folders beside files are skipped)") \
    /* funnels (issue 18) */                                                               \
    X(UNKNOWN_EVENT,      "unknown-event",       "a funnel step names no event")           \
    X(FUNNEL_STEPS,       "funnel-steps",        "a funnel with fewer than two steps")     \
    X(FUNNEL_KEY,         "funnel-key",          "a funnel's key property is not carried by a step, or carried with another type") \
    X(FUNNEL_CONDITION,   "funnel-condition",    "a step condition that can never match (wrong kind, outside the enum or range)") \
    X(INVALID_DURATION,   "invalid-duration",    "a 'within' that is not a positive duration such as 30m, 2h or 1d")

typedef enum tx_code {
#define X(id, name, doc) TXC_##id,
    TX_LOAD_CODES(X)
#undef X
    TXC__COUNT
} tx_code;

/* True when d keeps no more diagnostics (they are only counted): callers
 * skip formatting messages nobody will see. */
#include "../support/diag.h"
bool tx_diags_full(const tx_diags *d);

/* The stable name ("unknown-type") and the one-line description. */
const char *tx_code_name(tx_code c);
const char *tx_code_doc(tx_code c);
#endif
