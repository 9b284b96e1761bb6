/* Change control: compare two resolved taxonomies and classify every change
 * as breaking, compatible or docs-only, then check the `version` bump against
 * semver. The engine (diff.c) only reads the two models; the renderers
 * (diff_render.c) turn the result into text, JSON or Markdown.
 *
 * Everything a tx_diff points to lives in the arena passed to tx_diff_models;
 * strings are copied out of the models, so a diff may be rendered after both
 * models are freed. */
#ifndef TX_DIFF_H
#define TX_DIFF_H
#include <stdbool.h>
#include <stddef.h>
#include "../../schema/model.h"
#include "../../support/arena.h"
#include "../../support/diag.h"
#include "../load.h"

/* Ordered by how much a change matters: a version bump must cover the
 * highest class present. */
typedef enum tx_change_class {
    TX_CHG_NONE = 0,        /* only used for "no bump needed" */
    TX_CHG_DOCS,            /* descriptions, triggers, owners: patch */
    TX_CHG_COMPATIBLE,      /* additions, loosening, deprecations: minor */
    TX_CHG_BREAKING,        /* rejects data that used to pass, or breaks
                             * callers of generated code: major */
} tx_change_class;

const char *tx_change_class_name(tx_change_class c); /* "breaking", ... */

typedef enum tx_subject {
    TX_SUBJ_TAXONOMY,
    TX_SUBJ_TYPE,
    TX_SUBJ_PROPERTY,
    TX_SUBJ_GROUP,
    TX_SUBJ_EVENT,
} tx_subject;

const char *tx_subject_name(tx_subject s);          /* "event", ... */

/* Every kind of change: X(ENUM, "stable-id", class, "what it means").
 * The id is what JSON output and docs/diff.md use. */
#define TX_CHANGE_KINDS(X)                                                              \
    X(TAXONOMY_RENAMED,   "taxonomy-renamed",   BREAKING,   "the taxonomy identifier (namespace of generated code) changed") \
    X(ADDED,              "added",              COMPATIBLE, "an event, property, type or group was added")                  \
    X(REMOVED,            "removed",            BREAKING,   "an event, property or type in use was removed")                \
    X(REMOVED_UNUSED,     "removed-unused",     COMPATIBLE, "a property, type or group no event used was removed")          \
    X(RENAMED,            "renamed",            BREAKING,   "an item was removed and one of the same shape added (heuristic)") \
    X(GROUP_RENAMED,      "group-renamed",      COMPATIBLE, "a property group was renamed; events report their own effect")  \
    X(GROUP_CHANGED,      "group-changed",      COMPATIBLE, "a property group's member list changed; events report their own effect") \
    X(EVENT_PROP_ADDED,   "event-property-added", COMPATIBLE, "an event now carries an optional property")                  \
    X(EVENT_REQ_PROP_ADDED, "event-required-property-added", BREAKING, "an event now requires a property old data lacks")   \
    X(EVENT_PROP_REMOVED, "event-property-removed", BREAKING, "an event no longer carries a property (old data is rejected)") \
    X(NOW_REQUIRED,       "now-required",       BREAKING,   "an optional property or field became required")               \
    X(NOW_OPTIONAL,       "now-optional",       COMPATIBLE, "a required property or field became optional")                \
    X(USER_PROP_ADDED,    "user-property-added", COMPATIBLE, "a property became a user property")                         \
    X(USER_PROP_REMOVED,  "user-property-removed", BREAKING, "a property is no longer a user property")                   \
    X(TYPE_CHANGED,       "type-changed",       BREAKING,   "the base type changed (data and generated signatures differ)") \
    X(TYPE_REF_CHANGED,   "type-reference-changed", COMPATIBLE, "a property now names another type with the same effect") \
    X(ENUM_VALUE_ADDED,   "enum-value-added",   COMPATIBLE, "an allowed value was added")                                  \
    X(ENUM_VALUE_REMOVED, "enum-value-removed", BREAKING,   "an allowed value was removed")                                \
    X(ENUM_ADDED,         "enum-added",         BREAKING,   "a closed list of allowed values was introduced")              \
    X(ENUM_REMOVED,       "enum-removed",       BREAKING,   "the list of allowed values was dropped (generated enums disappear)") \
    X(NULLABLE_ADDED,     "nullable-added",     COMPATIBLE, "null became allowed")                                         \
    X(NULLABLE_REMOVED,   "nullable-removed",   BREAKING,   "null is no longer allowed")                                   \
    X(TIGHTENED,          "constraint-tightened", BREAKING, "a bound (min, max, lengths, item counts) was added or narrowed") \
    X(LOOSENED,           "constraint-loosened", COMPATIBLE, "a bound was removed or widened")                             \
    X(PATTERN_ADDED,      "pattern-added",      BREAKING,   "a regular expression was introduced")                        \
    X(PATTERN_CHANGED,    "pattern-changed",    BREAKING,   "the regular expression changed (containment is not decided)") \
    X(PATTERN_REMOVED,    "pattern-removed",    COMPATIBLE, "the regular expression was dropped")                         \
    X(FORMAT_ADDED,       "format-added",       BREAKING,   "a format was introduced")                                    \
    X(FORMAT_CHANGED,     "format-changed",     BREAKING,   "the format changed")                                         \
    X(FORMAT_REMOVED,     "format-removed",     COMPATIBLE, "the format was dropped")                                     \
    X(UNION_WIDENED,      "union-widened",      COMPATIBLE, "a union gained a branch (consumers must handle the new kind)") \
    X(UNION_NARROWED,     "union-narrowed",     BREAKING,   "a union lost a branch (its values are rejected)")             \
    X(OBJECT_OPENED,      "object-opened",      COMPATIBLE, "an object accepts other members, or more of them (consumers see unknown members)") \
    X(OBJECT_CLOSED,      "object-closed",      BREAKING,   "an object no longer accepts other members, or fewer of them") \
    X(VARIANT_ADDED,      "variant-added",      COMPATIBLE, "an event now defines or refines a property for itself (its effect is reported beside)") \
    X(VARIANT_REMOVED,    "variant-removed",    COMPATIBLE, "an event now uses the dictionary's definition (its effect is reported beside)") \
    X(FIELD_ADDED,        "field-added",        COMPATIBLE, "an object gained an optional field")                         \
    X(REQ_FIELD_ADDED,    "required-field-added", BREAKING, "an object gained a required field")                          \
    X(FIELD_REMOVED,      "field-removed",      BREAKING,   "an object lost a field (old data is rejected)")              \
    X(DEPRECATED,         "deprecated",         COMPATIBLE, "an item was marked deprecated")                              \
    X(UNDEPRECATED,       "undeprecated",       COMPATIBLE, "an item is no longer deprecated")                            \
    X(DESCRIPTION,        "description-changed", DOCS,      "a description or deprecation reason changed")                \
    X(CATEGORY,           "category-changed",   DOCS,       "an event moved to another category")                         \
    X(TRIGGER,            "trigger-changed",    DOCS,       "an event's trigger text changed")                            \
    X(OWNER,              "owner-changed",      DOCS,       "an item's owner changed")                                    \
    X(PII,                "pii-changed",        DOCS,       "an item's personal-data flag changed")

typedef enum tx_change_kind {
#define TX_X_(e, id, cls, doc) TX_CK_##e,
    TX_CHANGE_KINDS(TX_X_)
#undef TX_X_
    TX_CK_COUNT_
} tx_change_kind;

typedef struct tx_change_kind_info {
    const char *id;
    tx_change_class cls;
    const char *doc;
} tx_change_kind_info;

const tx_change_kind_info *tx_change_kind_get(tx_change_kind k);

typedef struct tx_change {
    tx_change_kind kind;
    tx_change_class cls;
    tx_subject subject;
    const char *name;       /* the item's name in NEW (in OLD when removed) */
    const char *old_name;   /* renames: the name in OLD; else NULL */
    const char *path;       /* where inside the item: "", "items", "fields.city", "properties.x" */
    const char *what;       /* the attribute: "max_length", "enum", "description", ... or NULL */
    const char *old_value;  /* display text; NULL when absent */
    const char *new_value;
    const char *message;    /* one line: "property 'q': max_length lowered from 100 to 50" */
    const char *detail;     /* the same without the subject: "max_length lowered from 100 to 50" */
    tx_span old_span, new_span;
} tx_change;

typedef struct tx_version_check {
    bool checked;           /* false with --no-version-check */
    bool ok;
    tx_change_class needed; /* the smallest bump the changes call for */
    const char *old_version, *new_version;
    const char *expected;   /* smallest acceptable version, or NULL */
    const char *message;    /* why it is not ok, or a short confirmation */
} tx_version_check;

typedef struct tx_diff {
    const char *old_label, *new_label;  /* file names for headers */
    const char *old_name, *new_name;    /* taxonomy identifiers */
    const char *old_version, *new_version;
    size_t n;
    tx_change *changes;     /* sorted: breaking, compatible, docs; then model order */
    size_t n_breaking, n_compatible, n_docs;
    tx_version_check version;
} tx_diff;

typedef struct tx_diff_opts {
    const char *old_label, *new_label;  /* shown in headers; may be NULL */
    bool no_renames;        /* report removals/additions, never guess renames */
    bool no_version_check;
} tx_diff_opts;

/* Compares two models. Never fails (allocation failure aborts, as the
 * arena does); the result lives in `a`. */
tx_diff *tx_diff_models(tx_arena *a, const tx_taxonomy *old, const tx_taxonomy *new_,
                        const tx_diff_opts *opts);

/* Semver 2.0.0 precedence on "MAJOR.MINOR.PATCH[-pre][+build]". Returns 0
 * and fills out[3] (and *pre: the pre-release text or NULL), or -1 when the
 * text is not a version. */
int tx_semver_parse(const char *s, unsigned long long out[3], const char **pre, size_t *pre_len);
/* <0, 0, >0 like strcmp; both must parse. */
int tx_semver_cmp(const char *a, const char *b);

/* Loads FILE as committed at REV (for `diff --git`): every .yaml/.yml file
 * under FILE's directory is taken from REV, so relative includes below it
 * resolve to their committed versions; sources are named "REV:path".
 * Returns NULL with an "io" diagnostic when git fails (unknown revision,
 * no such file, not a repository) or with the loader's diagnostics. */
const tx_taxonomy *tx_git_load(tx_ctx *ctx, const char *rev, const char *file,
                               const tx_load_opts *opts);

/* Renderers. `out` receives the whole document. */
void tx_diff_render_text(const tx_diff *d, bool color, tx_out_fn out, void *ud);
void tx_diff_render_json(const tx_diff *d, tx_out_fn out, void *ud);
void tx_diff_render_markdown(const tx_diff *d, tx_out_fn out, void *ud);
#endif
