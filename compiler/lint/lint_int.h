/* Internal interface between the lint engine (lint.c), its helpers
 * (names.c, pattern.c, dest.c) and the rule files (rule_*.c). Not for use
 * outside compiler/lint/. Everything allocated here lives in the running
 * rule's scratch arena (freed when the rule returns, so a big plan's peak
 * is one rule's work, not the sum), in the run's keep arena (severities,
 * vocabulary, usage, patterns: freed when tx_lint returns) or, for
 * findings, in the output diagnostics' arena. */
#ifndef TX_LINT_INT_H
#define TX_LINT_INT_H
#include <stdarg.h>
#include "lint.h"
#include "../../support/ident.h"
#include "../../support/strmap.h"

/* ---- the shared string map (support/strmap.h) with its tables in the
 * arena passed to init (a rule's scratch or the run's keep), keys copied
 * there */
typedef tx_strmap lint_map;

void lint_map_init(lint_map *m, tx_arena *a, size_t expect);
void *lint_map_get(const lint_map *m, const void *key, size_t klen);
/* The value slot for key, created (NULL) when new; *is_new tells which. */
void **lint_map_put(lint_map *m, const void *key, size_t klen, bool *is_new);

/* ---- casings */
typedef struct lint_casing {
    const char *name;                               /* "snake_case" */
    bool (*ok)(const char *s, size_t n);
    void (*convert)(tx_sb *sb, const char *s, size_t n);
} lint_casing;

const lint_casing *lint_casing_find(const char *name);
const char *lint_casing_names(void);               /* "snake_case, camelCase, ..." */
extern const lint_casing lint_casing_snake;

/* Words of a name, lower-cased, as arena strings. */
typedef struct lint_words {
    size_t n;
    const char **w;
} lint_words;
lint_words lint_split(tx_arena *a, const char *name);
/* Joins words[from..to) with the casing (snake_case when NULL). */
const char *lint_join(tx_arena *a, const lint_casing *cs, const char *const *w, size_t from,
                      size_t to);
/* Lower-case key with `_`, `-`, `.`, `/` and spaces removed: names that
 * differ only in case or separators have the same key. */
const char *lint_fold(tx_arena *a, const char *s, size_t n, size_t *klen);
/* The same key appended to sb. */
void lint_fold_append(tx_sb *sb, const char *s, size_t n);
size_t lint_codepoints(const char *s);
/* True when s is NULL or only spaces, tabs and line ends (a missing text). */
bool lint_blank(const char *s);

/* ---- PCRE2 patterns from conventions, compiled once per run */
typedef enum lint_match {
    LINT_NO_MATCH,
    LINT_MATCH,
    LINT_MATCH_LIMIT,       /* match/depth/heap/JIT-stack limit hit */
    LINT_MATCH_SKIPPED,     /* pattern invalid or disabled after a limit hit */
} lint_match;

typedef struct lint_pattern {
    const char *src;        /* NULL when not configured */
    const char *where;      /* "conventions.event_name.pattern" */
    tx_span span;
    void *code;             /* pcre2_code_8 * */
    void *md;               /* pcre2_match_data_8 * */
    const char *error;      /* compile error text, or NULL */
    size_t error_offset;
    int action_group, object_group;   /* capture numbers, 0 when absent */
    bool broken;            /* hit a limit once: not applied again */
    bool limit_reported;
} lint_pattern;

/* ---- destinations */
enum {
    LINT_DEST_AMPLITUDE = 1u << 0,
    LINT_DEST_GA4 = 1u << 1,
    LINT_DEST_BRAZE = 1u << 2,
    LINT_DEST_MIXPANEL = 1u << 3,
    LINT_DEST_SEGMENT = 1u << 4,
};

/* What a destination requires of one kind of item (event, property, user
 * property); 0 / false / NULL = no such rule. */
typedef struct lint_item_limits {
    size_t max_len;                         /* of the name, in characters */
    bool letter_first;                      /* the name starts with a letter */
    bool word_chars;                        /* letters, digits, `_` only */
    const char *const *reserved;            /* names, NULL-terminated */
    const char *const *prefixes;            /* reserved prefixes, NULL-terminated */
    size_t max_value_len;                   /* longer string values are truncated or dropped */
} lint_item_limits;

/* How many of something a destination accepts (inclusive); 0 = no limit. */
typedef struct lint_dest_counts {
    size_t props_per_event;
    size_t array_items;                     /* per list value */
    size_t object_keys;                     /* per object value */
    size_t event_types;                     /* per project */
    size_t event_props;                     /* per project */
    size_t user_props;                      /* per project */
} lint_dest_counts;

/* The documented limits of one destination. */
typedef struct lint_dest {
    unsigned bit;
    const char *label;                      /* "GA4" */
    lint_item_limits event, prop;
    lint_item_limits user_prop;             /* what is left unset is prop's */
    lint_dest_counts max;
    void (*extra)(lint_ctx *c, const struct lint_dest *d);
} lint_dest;

/* The check of every destination-* rule: applies the running rule's
 * tx_lint_rule.dest when conventions.destinations names it. */
void lint_dest_check(lint_ctx *c);

/* ---- the run */
typedef struct lint_usage {
    bool *prop_used;        /* by index: carried by an event/group, or a user property */
    bool *prop_on_event;    /* carried by at least one event */
    bool *prop_live;        /* carried by at least one non-deprecated event */
    bool *group_used;       /* referenced by an event */
    lint_map types_used;    /* tx_type* -> non-NULL when reachable from a property */
} lint_usage;

struct lint_ctx {
    const tx_taxonomy *t;
    tx_diags *out;
    tx_arena *scratch;              /* the running rule's; freed after it */
    tx_arena *keep;                 /* the run's */
    size_t rule;                    /* index of the running rule */
    tx_severity *sev;               /* resolved severity per rule index */
    /* conventions, resolved */
    bool action_object;             /* event style action_object (default) */
    bool object_action;             /* event style object_action ("Order Completed") */
    const lint_casing *event_casing;
    const lint_casing *prop_casing;
    bool prop_casing_explicit;
    const char *const *actions;
    size_t n_actions;
    bool actions_builtin;
    lint_map action_set;
    uint64_t *action_letters;       /* per action: its bytes, folded (lint.c) */
    lint_pattern event_pat, prop_pat;
    unsigned dests;
    /* bookkeeping */
    lint_usage *usage;              /* lazily computed */
    lint_map suppress_used;         /* tx_suppress* -> non-NULL once it suppressed something */
    uint32_t match_limit;
    void *mctx;                     /* pcre2_match_context_8 * */
    void *jit_stack;                /* pcre2_jit_stack_8 *, or NULL */
};

/* Records a finding of the running rule at sp. m1/m2 are the metadata of
 * the item(s) the finding is about (either may be NULL): a suppression of
 * this rule there silences it. Returns the diagnostic for a fix or note,
 * or NULL when silenced (tx_diag_fix/note accept NULL). */
tx_diag *lint_emit(lint_ctx *c, tx_span sp, const tx_meta *m1, const tx_meta *m2,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same on behalf of another rule. */
tx_diag *lint_emit_for(lint_ctx *c, const tx_lint_rule *r, tx_span sp, const tx_meta *m1,
                       const tx_meta *m2, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
bool lint_rule_enabled(const lint_ctx *c, const tx_lint_rule *r);
const lint_usage *lint_get_usage(lint_ctx *c);

bool lint_is_action(const lint_ctx *c, const char *w);
/* The base form of a past-tense action in the vocabulary ("viewed" ->
 * "view"), or NULL. */
const char *lint_action_base(const lint_ctx *c, const char *w);
/* The action w is a likely typo of ('veiw' -> 'view'), or NULL. */
const char *lint_action_typo(const lint_ctx *c, const char *w);
/* The name the conventions would have the event carry, or NULL when the
 * name already follows them (or no better name can be guessed). */
const char *lint_event_suggest(lint_ctx *c, const char *name);

void lint_patterns_compile(lint_ctx *c);
void lint_patterns_free(lint_ctx *c);
/* Matches; on LINT_MATCH the capture offsets are in ovector(2*group). */
lint_match lint_pattern_match(lint_ctx *c, lint_pattern *p, const char *s, size_t n);
/* The text of capture `group` of the last match, or NULL when unset. */
const char *lint_pattern_group(lint_ctx *c, lint_pattern *p, const char *s, int group);
/* Reports a limit hit (pattern-match-limit) once per pattern; the subject
 * names the item whose name could not be checked. */
void lint_pattern_limit(lint_ctx *c, lint_pattern *p, tx_span sp, const tx_meta *m,
                        const char *what, const char *name);

const char *const *lint_builtin_actions(size_t *n);

/* Calls fn for the metadata of every item: named types, properties (and
 * their inline types and object fields), groups, events. */
typedef void (*lint_meta_fn)(lint_ctx *c, const tx_meta *m, void *ud);
void lint_for_each_meta(lint_ctx *c, lint_meta_fn fn, void *ud);
/* Calls fn for every type: named ones (owner NULL), then the inline types
 * written in properties, object members and array items; owner is the
 * metadata of the property or member the inline type belongs to; label
 * names it for messages ("type 'x'", "property 'y'"). */
typedef void (*lint_type_fn)(lint_ctx *c, const tx_type *ty, const tx_meta *owner,
                             const char *label, void *ud);
void lint_for_each_type(lint_ctx *c, lint_type_fn fn, void *ud);
/* True when suppression s silenced a finding in this run. */
bool lint_suppression_used(const lint_ctx *c, const tx_suppress *s);
/* True when a property reaches ty (through refinements, items, fields). */
bool lint_type_used(lint_ctx *c, const tx_type *ty);
/* LINT_DEST_* for a destination name (case-insensitive), or 0. */
unsigned lint_dest_bit(const char *name);
const char *lint_dest_suggest(const char *name);

/* Per enum value i of ty: the index of the first value equal to it once
 * case and separators are ignored (enum-value-duplicate's test), i itself
 * when none comes before it. Scratch memory. */
size_t *lint_enum_first_alike(lint_ctx *c, const tx_type *ty);

/* ---- the rules (one file each) */
extern const tx_lint_rule lint_rule_event_name_action_object;
extern const tx_lint_rule lint_rule_event_name_style;
extern const tx_lint_rule lint_rule_property_name_style;
extern const tx_lint_rule lint_rule_property_variant;
extern const tx_lint_rule lint_rule_name_collision;
extern const tx_lint_rule lint_rule_identifier_collision;
extern const tx_lint_rule lint_rule_enum_value_case;
extern const tx_lint_rule lint_rule_enum_value_duplicate;
extern const tx_lint_rule lint_rule_unused_type;
extern const tx_lint_rule lint_rule_unused_property;
extern const tx_lint_rule lint_rule_unused_group;
extern const tx_lint_rule lint_rule_missing_description;
extern const tx_lint_rule lint_rule_deprecated_reference;
extern const tx_lint_rule lint_rule_funnel_deprecated_step;
extern const tx_lint_rule lint_rule_funnel_optional_key;
extern const tx_lint_rule lint_rule_event_without_properties;
extern const tx_lint_rule lint_rule_pii_unmarked;
extern const tx_lint_rule lint_rule_destination_amplitude;
extern const tx_lint_rule lint_rule_destination_braze;
extern const tx_lint_rule lint_rule_destination_ga4;
extern const tx_lint_rule lint_rule_destination_mixpanel;
extern const tx_lint_rule lint_rule_destination_segment;
extern const tx_lint_rule lint_rule_pattern_match_limit;
extern const tx_lint_rule lint_rule_lint_config;
extern const tx_lint_rule lint_rule_unused_suppression;
#endif
