/* The effective constraints of a resolved type: the one view every later
 * stage reads when it asks "what does this type allow?" — the validator's
 * compiler (validators/compile.c), the exports (codegen/export_*.c), diff
 * (compiler/diff/diff.c) and the code-generation plan (codegen/plan.c). A new
 * constraint of the type model is added to tx_type (model.h), parsed in
 * compiler/types.c and made visible here once; readers then take it from
 * tx_eff instead of each walking the type in its own way.
 *
 * Resolution is the model's own (compiler/types.c, fill()): a refinement
 * starts as a copy of its parent's resolved constraints and may only add
 * or tighten them (a loosened bound, or a pattern or format in place of the
 * parent's, is an invalid-refinement error, and a model with errors is
 * never returned by the loader). So a type's own fields already are its
 * effective constraints and nothing here walks `parent`; `parent` is only
 * the name a refinement refines (`ref`).
 *
 * The view owns nothing: its pointers point into the model (the
 * compilation's arena) and live as long as it does. */
#ifndef TX_CONSTRAINTS_H
#define TX_CONSTRAINTS_H
#include "model.h"

typedef struct tx_eff {
    const tx_type *t;                   /* the type read, or NULL (then all unset) */
    tx_base base;
    bool nullable;                      /* null is allowed as well */
    const char *ref;                    /* the named type it is or refines, or NULL */
    size_t n_enum;                      /* allowed values, or 0: any of the base */
    const tx_enum_value *enums;
    const tx_num *min, *max;            /* integer/number bounds, inclusive; NULL when unset */
    int64_t min_length, max_length;     /* strings, code points; -1 when unset */
    const char *pattern;                /* strings: PCRE2 source, or NULL */
    void *pattern_re;                   /* ... compiled by the loader (pcre2_code_8 *), or NULL */
    tx_format format;                   /* strings: TX_FMT_NONE when none */
    const char *format_text;            /* as written ("date", "yyyyMMdd"); a date pattern
                                         * without it gives its pattern's text; NULL when none */
    const tx_date_pattern *date_pattern;/* for TX_FMT_DATE_PATTERN */
    const tx_type *items;               /* arrays: the item type, NULL when not given */
    int64_t min_items, max_items;       /* arrays; -1 when unset */
    size_t n_fields;                    /* objects: the declared members, in order */
    const tx_field *fields;
    bool open;                          /* objects: other members accepted too ... */
    const tx_type *additional;          /* ... each matching this; NULL: any value */
    size_t n_branches;                  /* TX_UNION: the branches (each read with tx_eff_of); */
    const tx_type *const *branches;     /* the union's enum above applies to every value */
} tx_eff;

/* True when base is one of issue 16's kinds (any, null, union), or t is an
 * open object, or (recursively, through items, fields, additional and
 * branches) holds one: what a stage that does not handle them yet checks
 * before refusing with "not supported yet". */
bool tx_type_uses_v2(const tx_type *t);
/* The same over a model: true with *prop (and *event, or NULL for the
 * dictionary) naming the first property whose type uses issue 16's kinds
 * or that an event defines or refines for itself. */
bool tx_model_uses_v2(const tx_taxonomy *t, const char **prop, const char **event);

/* The constraints of t (NULL: a string with none). */
tx_eff tx_eff_of(const tx_type *t);
#endif
