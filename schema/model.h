/* The resolved taxonomy model: what compiler/ builds from YAML and what
 * codegen/, validators/ and lint only read. Everything here lives in the
 * compilation's arena (tx_ctx) and is freed with it; nothing is owned by the
 * caller. Pointers between items are resolved (no names to look up again).
 * Arrays keep declaration order, so output built from the model is
 * deterministic. */
#ifndef TX_MODEL_H
#define TX_MODEL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../support/source.h"
#include "../support/diag.h"

typedef enum tx_base {
    TX_STRING,
    TX_INTEGER,
    TX_NUMBER,
    TX_BOOLEAN,
    TX_ARRAY,
    TX_OBJECT,
    /* issue 16: the kinds below are newer; a reader that does not handle
     * them yet must refuse them with a "not supported yet" diagnostic,
     * never treat them as one of the above. */
    TX_ANY,             /* every JSON value, null included; no constraints */
    TX_NULL,            /* only the value null */
    TX_UNION,           /* one of `branches` (tx_type.branches); see below */
} tx_base;

const char *tx_base_name(tx_base b);    /* "string", ..., "any", "null", "union" */

typedef enum tx_format {
    TX_FMT_NONE,
    TX_FMT_DATE,        /* RFC 3339 full-date */
    TX_FMT_DATE_TIME,   /* RFC 3339 date-time */
    TX_FMT_TIME,        /* RFC 3339 full-time */
    TX_FMT_UUID,
    TX_FMT_EMAIL,
    TX_FMT_URI,
    TX_FMT_DATE_PATTERN,/* marketer-style pattern, e.g. yyyyMMdd */
} tx_format;

/* A compiled date pattern such as "yyyy-MM-dd HH:mm:ss". Fields are
 * checked against the calendar (month lengths, leap years). */
typedef enum tx_dp_kind {
    TX_DP_LITERAL,      /* lit/lit_len bytes must match */
    TX_DP_YEAR4,        /* yyyy */
    TX_DP_YEAR2,        /* yy */
    TX_DP_MONTH,        /* MM 01-12 */
    TX_DP_DAY,          /* dd 01-31, checked with month/year */
    TX_DP_HOUR,         /* HH 00-23 */
    TX_DP_MINUTE,       /* mm */
    TX_DP_SECOND,       /* ss */
    TX_DP_MILLIS,       /* SSS */
} tx_dp_kind;

typedef struct tx_dp_part {
    tx_dp_kind kind;
    const char *lit;
    size_t lit_len;
} tx_dp_part;

typedef struct tx_date_pattern {
    const char *text;   /* as written: "yyyyMMdd" */
    size_t n_parts;
    tx_dp_part *parts;
    size_t length;      /* exact byte length of a matching value */
} tx_date_pattern;

/* A number from the YAML, kept exactly: integers as int64, others as double
 * plus the literal text. */
typedef struct tx_num {
    bool set;
    bool is_int;
    int64_t i;
    double d;           /* always filled, also for integers */
    const char *text;   /* literal as written */
} tx_num;

typedef struct tx_enum_value {
    const char *str;    /* the exact wire value (strings) or literal (numbers) */
    size_t len;
    tx_num num;         /* for integer/number enums */
    tx_base kind;       /* the value's JSON kind: the type's base, or in a union's
                         * enum TX_STRING, TX_INTEGER, TX_NUMBER or TX_BOOLEAN */
    const char *description;
    tx_span span;
} tx_enum_value;

typedef struct tx_type tx_type;
typedef struct tx_field tx_field;

/* Metadata any named item may carry. */
typedef struct tx_suppress {
    const char *rule;   /* lint rule id */
    const char *reason; /* required by the format */
    tx_span span;
} tx_suppress;

typedef struct tx_meta {
    const char *description;        /* NULL when absent */
    bool deprecated;
    const char *deprecated_reason;  /* NULL when none given */
    const char *owner;
    bool pii;
    bool pii_set;                   /* pii written explicitly (true or false) */
    size_t n_suppress;
    tx_suppress *suppress;          /* lint: {ignore: [...], reason: ...} */
} tx_meta;

/* A type's constraints are resolved into it (a refinement holds its
 * parent's as well); readers take them through tx_eff_of (constraints.h).
 *
 * The kinds of issue 16 (docs/format.md):
 * - TX_ANY / TX_NULL: no constraints (nullable, enum, ... are all unset).
 * - TX_UNION: a value is valid when it matches one of `branches` (two or
 *   more, none TX_ANY, TX_UNION or TX_NULL, no two of one base). Each branch is a
 *   full type holding the constraints of the union that fit its base (the
 *   loader distributes them: min/max to integer/number branches, ... as JSON
 *   Schema's type-specific keywords), so a branch is checked on its own. A
 *   `null` branch is not a branch: it is `nullable` on the union, as a union
 *   of one type plus null is that type with `nullable` (so `[string, 'null']`
 *   and `{type: string, nullable: true}` are one model). The union's `enums`
 *   apply to every value whatever branch it matched (each value's `kind` says
 *   which branches it can meet); null is allowed whatever the enum says when
 *   `nullable`. The other constraint fields of a union are unset.
 * - Objects may be open: `open` accepts members beyond `fields`, each of
 *   which must then match `additional` (NULL: any value). Closed (`open`
 *   false) is the default, as before. */
struct tx_type {
    const char *name;       /* named type, or NULL for an inline one */
    tx_span span;           /* definition (named) or where written (inline; the
                             * dictionary's bare `p: string` is one shared type
                             * per base, spanning where it was first written) */
    tx_base base;
    const tx_type *parent;  /* named type this one refines, if any */
    tx_meta meta;
    bool nullable;
    size_t n_enum;
    tx_enum_value *enums;
    tx_num min, max;                    /* integer/number bounds, inclusive */
    int64_t min_length, max_length;     /* code points; -1 when unset */
    const char *pattern;                /* PCRE2 source, or NULL */
    void *pattern_re;                   /* pcre2_code_8 *, compiled (JIT when possible) */
    tx_format format;
    const char *format_text;            /* as written, e.g. "yyyyMMdd" */
    const tx_date_pattern *date_pattern;/* for TX_FMT_DATE_PATTERN */
    const tx_type *items;               /* arrays */
    int64_t min_items, max_items;       /* -1 when unset */
    size_t n_fields;                    /* objects: nested properties */
    tx_field *fields;
    bool open;                          /* objects: other members accepted (additional:) */
    const tx_type *additional;          /* ... each matching this type; NULL: any value */
    size_t n_branches;                  /* TX_UNION: two or more, declaration order */
    const tx_type **branches;
    bool used;                          /* referenced from somewhere (for lint) */
};

struct tx_field {           /* a nested object member */
    const char *name;
    tx_span span;
    const tx_type *type;
    bool required;
    tx_meta meta;
};

typedef struct tx_property {
    const char *name;
    tx_span span;           /* the name key in `properties:` */
    const tx_type *type;    /* resolved; inline types get their own tx_type */
    tx_meta meta;
    bool is_user;           /* listed in user_properties */
    bool used;              /* carried by some event or group */
    /* An event-local property (issue 16: defined with `type:` by one event,
     * not in the dictionary) is owned by that event's slot and listed in
     * tx_taxonomy.local_props, never in .props; its index counts on from
     * n_props (n_props + its position in local_props). */
    bool local;
    uint32_t index;         /* position in tx_taxonomy.props (see `local`) */
} tx_property;

typedef struct tx_group tx_group;

/* One property slot of an event or group. `type` is what this slot
 * accepts: the dictionary's shared prop->type unless the event gives a
 * variant (issue 16: a refinement of the dictionary's definition, or a
 * definition of its own with `type:`), in which case `variant` is set and
 * `type` is the event's own. Readers that check or describe a value of an
 * event read `type`, never prop->type. */
typedef struct tx_event_prop {
    const tx_property *prop;
    bool required;
    tx_span span;           /* where this event (or group) names it */
    const tx_group *via;    /* the group it came from, or NULL if direct */
    const tx_type *type;    /* never NULL in a loaded model */
    bool variant;           /* type is the event's own (not prop->type) */
    tx_meta meta;           /* the variant's own description etc. (variants only) */
} tx_event_prop;

struct tx_group {
    const char *name;
    tx_span span;
    tx_meta meta;
    size_t n_props;
    tx_event_prop *props;
    bool used;
};

typedef struct tx_event {
    const char *name;
    tx_span span;
    tx_meta meta;
    const char *category;   /* NULL when absent */
    tx_span category_span;
    const char *trigger;
    size_t n_props;         /* flattened: direct ones then groups', no duplicates */
    tx_event_prop *props;
    size_t n_groups;
    const tx_group **groups;
    /* Snowplow self-describing events (`iglu:` in the YAML): the Iglu
     * vendor the event's schema must have (NULL: any) and the SchemaVer
     * patterns ("1-0-*") its version must match (none: any). */
    const char *iglu_vendor;
    size_t n_iglu_versions;
    const char **iglu_versions;
    uint32_t index;
} tx_event;

/* conventions: read by lint; kept raw here. */
typedef struct tx_rule_setting {
    const char *rule;
    tx_severity severity;
    tx_span span;
} tx_rule_setting;

typedef struct tx_conventions {
    const char *event_style;        /* "action_object" (default), "object_action" or "none" */
    tx_span event_style_span;
    size_t n_actions;               /* 0: use the built-in vocabulary */
    const char **actions;
    tx_span actions_span;
    const char *event_pattern;      /* custom PCRE2, or NULL */
    tx_span event_pattern_span;
    bool event_pattern_replaces;    /* mode: replace (true) or add (false) */
    const char *event_casing;       /* "snake_case" default */
    int64_t event_max_length;       /* -1 unset */
    const char *property_pattern;   /* or NULL */
    tx_span property_pattern_span;
    const char *property_casing;    /* "snake_case" default */
    int64_t property_max_length;    /* -1 unset */
    size_t n_destinations;
    const char **destinations;      /* amplitude, ga4, braze, mixpanel, segment */
    tx_span *destination_spans;
    size_t n_rules;
    tx_rule_setting *rules;
    tx_span span;                   /* the conventions key, or no span */
} tx_conventions;

/* issue 18: a funnel, the order in which a journey's events should come
 * (docs/format.md, "funnels"). Steps point at resolved events; a `where`
 * condition at the step event's own slot for the property, its value kept
 * as a scalar of the slot's base (kind TX_STRING, TX_INTEGER, TX_NUMBER or
 * TX_BOOLEAN; num filled for numbers). `key` NULL means the user (the
 * profile's user or device id); else the property every step carries. */
typedef struct tx_funnel_where {
    const tx_event_prop *slot;      /* the step event's slot for the property */
    tx_enum_value value;            /* str/len as written, kind, num, span */
} tx_funnel_where;

typedef struct tx_funnel_step {
    const tx_event *event;
    tx_span span;                   /* the event name in `steps` */
    size_t n_where;
    tx_funnel_where *where;         /* all must hold (declaration order) */
} tx_funnel_step;

typedef struct tx_funnel {
    const char *name;
    tx_span span;
    tx_meta meta;
    size_t n_steps;                 /* two or more */
    tx_funnel_step *steps;
    const char *key;                /* property name, or NULL: the user */
    tx_span key_span;
    int64_t within_s;               /* the journey's window in seconds, > 0 */
    const char *within_text;        /* as written: "30m" */
    tx_span within_span;
} tx_funnel;

typedef struct tx_taxonomy {
    const char *name;               /* identifier; namespace of generated code */
    tx_span name_span;
    const char *version;            /* semver text */
    tx_span version_span;
    const char *description;
    tx_conventions conv;
    size_t n_types;                 /* named types, declaration order */
    tx_type **types;
    size_t n_props;                 /* the property dictionary */
    tx_property *props;
    size_t n_groups;
    tx_group *groups;
    size_t n_events;
    tx_event *events;
    size_t n_user_props;
    const tx_property **user_props;
    size_t n_local_props;           /* event-local properties (tx_property.local), */
    const tx_property **local_props;/* in event then declaration order */
    size_t n_funnels;               /* issue 18: declaration order */
    tx_funnel *funnels;
    uint64_t content_hash;          /* over the normalised model: stable */
    tx_sources *sources;
    void *index_;                   /* private lookup tables (schema/model.c) */
} tx_taxonomy;

/* Lookups by exact name (O(1)); NULL when absent. */
const tx_event *tx_find_event(const tx_taxonomy *t, const char *name, size_t len);
const tx_property *tx_find_property(const tx_taxonomy *t, const char *name, size_t len);
const tx_type *tx_find_type(const tx_taxonomy *t, const char *name, size_t len);
const tx_group *tx_find_group(const tx_taxonomy *t, const char *name, size_t len);
/* The event's entry for a property, or NULL when the event does not carry it. */
const tx_event_prop *tx_event_find_prop(const tx_event *e, const char *name, size_t len);
/* Builds the lookup tables; called by the loader once the model is final. */
void tx_model_index(tx_taxonomy *t, tx_arena *a);
/* Content hash over names, types, constraints and descriptions. */
uint64_t tx_model_hash(const tx_taxonomy *t);
/* The same over one type: what it accepts (name, base, every constraint,
 * members, items, branches); equal types hash equal. */
uint64_t tx_type_hash(const tx_type *t);

/* Value checks shared by the validator and tests (format.c). */
bool tx_format_check(const tx_type *t, const char *s, size_t n);
bool tx_date_pattern_match(const tx_date_pattern *p, const char *s, size_t n);
/* y-m-d is a day of the (proleptic Gregorian) calendar. */
bool tx_date_valid(int y, int m, int d);
/* SchemaVer MODEL-REVISION-ADDITION ("1-0-2"): three runs of digits, or
 * with allow_star also '*' for a whole part (a pattern, "1-0-*"). */
bool tx_schemaver_valid(const char *s, size_t n, bool allow_star);
/* The version v (valid SchemaVer) matches pattern pat (valid, with '*'). */
bool tx_schemaver_match(const char *pat, const char *v, size_t vn);
/* 8-4-4-4-12 hex digits (format uuid); the validator's fast path calls it. */
bool tx_uuid_valid(const char *s, size_t n);
/* Compiles "yyyyMMdd"-style text; NULL (and *err set) when not a pattern. */
tx_date_pattern *tx_date_pattern_compile(tx_arena *a, const char *text, const char **err);
const char *tx_format_name(tx_format f);
int tx_format_parse(const char *s, tx_format *out);  /* named formats only */
#endif
