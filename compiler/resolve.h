/* Internal to the compiler front end: the resolver's state and the small
 * helpers that read typed values out of yl_nodes with diagnostics. Files:
 * load.c (files, includes) -> yaml.c (nodes) -> resolve.c (top level,
 * dictionary, groups, events) + types.c (type specs, constraints) +
 * conventions.c. Nothing here is exported beyond compiler/. */
#ifndef TX_RESOLVE_H
#define TX_RESOLVE_H
#include "load.h"
#include "yaml.h"
#include "codes.h"
#include "../support/strmap.h"
#include "../support/strbuf.h"
#include "../schema/constraints.h"

typedef struct tx_doc {
    uint32_t file;
    yl_node *root;          /* a mapping */
    bool is_root;
} tx_doc;

/* A named definition collected from some file's types:/properties:/... */
typedef struct rs_def {
    const char *name;
    yl_node *key;
    yl_node *val;
    int state;              /* types: 0 new, 1 resolving, 2 done */
    void *item;             /* tx_type* / tx_property* / tx_group* / tx_event* */
} rs_def;

typedef TX_VEC(rs_def) rs_defs;

typedef struct rs {
    tx_ctx *ctx;
    tx_arena *a;
    tx_arena *scratch;      /* freed when resolving ends: nothing in the model points here */
    tx_diags *d;
    tx_taxonomy *t;
    rs_defs types, props, groups, events;
    tx_strmap type_ix, prop_ix, group_ix, event_ix;     /* name -> rs_def index+1 */
    TX_VEC(yl_node *) user_lists;
    TX_VEC(yl_pair *) funnel_maps;  /* each file's `funnels:` (funnels.c) */
    const char **type_names;    /* base + named, for suggestions */
    size_t n_type_names;
    const char **prop_names;
    size_t n_prop_names;
    const char **group_names;   /* built on the first unknown group */
    size_t suggest_work;        /* candidates visited by rs_suggest (budgeted) */
    unsigned depth;
    TX_VEC(rs_def *) type_stack;    /* named types being resolved (cycles) */
    TX_VEC(const tx_property *) locals; /* event-local properties (scratch), in order */
    tx_type *bare[4];       /* shared `p: string` types: string, integer, number, boolean */
} rs;

/* Diagnostics. */
tx_diag *rs_err(rs *r, tx_code c, tx_span sp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "expected X, found a mapping" at n's first line. */
tx_diag *rs_wrong_kind(rs *r, const yl_node *n, const char *expected, const char *what);
/* The nearest of cands to w[0..wn) within tx_suggest's distance, or NULL
 * (also once the run's suggestion budget is spent). */
const char *rs_suggest(rs *r, const char *w, size_t wn, const char *const *cands, size_t nc);
/* Unknown name with a suggestion from cands. */
tx_diag *rs_unknown(rs *r, tx_code c, const yl_node *n, const char *kind,
                    const char *const *cands, size_t nc);

/* Typed readers: each reports its own error and returns false. */
bool rs_str(rs *r, const yl_node *n, const char *what, const char **out);
bool rs_bool(rs *r, const yl_node *n, const char *what, bool *out);
bool rs_int(rs *r, const yl_node *n, const char *what, int64_t *out);
bool rs_map(rs *r, const yl_node *n, const char *what);
bool rs_seq(rs *r, const yl_node *n, const char *what);
/* "expected an integer for 'min', found '5x'" (a quoted number gets a
 * help line: write it without quotes). */
void rs_bad_number(rs *r, const yl_node *n, const char *expected, const char *what);
/* Number parsing without diagnostics. */
bool rs_parse_int(const char *s, int64_t *out);
bool rs_parse_num(const char *s, double *out);
bool rs_is_yaml11_bool(const char *s);

/* A key table entry for a mapping: name and a handler. */
typedef struct rs_key {
    const char *name;
    unsigned where;         /* bit set of contexts the key is allowed in */
} rs_key;
/* Index of key in table (allowed in ctx), or -1 after reporting an unknown
 * key with a suggestion. */
int rs_key_lookup(rs *r, const yl_node *key, const rs_key *tab, size_t n, unsigned ctx,
                  const char *in_what);

/* Metadata keys shared by types, properties, groups and events
 * (description, deprecated, owner, pii, lint). Returns true when the pair
 * was a metadata key (handled). */
bool rs_meta_key(rs *r, const yl_pair *p, tx_meta *m);

/* types.c */
void rs_types_begin(rs *r);
/* Resolves a named type definition (lazily, with cycle detection). */
tx_type *rs_named_type(rs *r, rs_def *def);
/* Resolves a type spec (mapping or shorthand scalar) written for a
 * property, item or field. Meta goes to *meta (may be NULL for items),
 * `required` to *required (fields only). NULL after an error. */
enum { RS_SPEC_TYPE = 1, RS_SPEC_PROPERTY = 2, RS_SPEC_ITEMS = 4, RS_SPEC_FIELD = 8 };
const tx_type *rs_type_spec(rs *r, const yl_node *spec, unsigned ctx, const char *what,
                            tx_meta *meta, bool *required);
/* An event's or group's mapping for a property (issue 16, types.c): with
 * `type:` a definition of its own, else a refinement of dict (NULL: not in
 * the dictionary, then false without a diagnostic unless `type:` is given).
 * *type gets the slot's type, *variant whether it differs from dict. */
bool rs_event_spec(rs *r, const yl_node *spec, const tx_type *dict, const char *pname,
                   const char *what, tx_meta *meta, bool *required, const tx_type **type,
                   bool *variant);
/* True when key belongs to a type spec (type, enum, description, ...). */
bool rs_is_spec_key(const char *key);
/* True when name is a base type: string, integer, number, boolean, array, object. */
bool rs_is_base_type(const char *name);
/* True when name is a base or named type (for event-property hints). */
bool rs_is_type_name(rs *r, const char *name);
/* Compiles a PCRE2 pattern, reporting errors at the right column. */
void *rs_compile_regex(rs *r, const yl_node *n);
/* Whether a string can be a value of a type, by its effective length,
 * pattern and format (tx_eff; enum and kind are the caller's): what makes
 * an enum value (types.c) or a funnel's `where` value (funnels.c) one the
 * type would never accept. The user's pattern is matched as the validator
 * does, with PCRE2's match, depth and heap limits; after a limit is hit it
 * is not tried again. begin/end bracket the checks of one type. */
typedef struct rs_strfit {
    tx_eff e;
    void *md, *mc;      /* pcre2_match_data_8 *, pcre2_match_context_8 *; NULL: no pattern */
    bool gave_up;       /* a match limit was hit: the pattern is no longer tried */
    bool unchecked;     /* the last why is that limit, not a misfit */
} rs_strfit;
void rs_strfit_begin(rs_strfit *f, const tx_type *t);
/* NULL when s (n bytes) fits, else why not ("is shorter than min_length 3",
 * "does not match pattern '^x'", "is not a valid email"), in r->scratch. */
const char *rs_strfit_why(rs *r, rs_strfit *f, const char *s, size_t n);
void rs_strfit_end(rs_strfit *f);

/* conventions.c */
void rs_conventions(rs *r, const yl_node *n, tx_conventions *c);

/* funnels.c (issue 18): resolves every `funnels:` collected in
 * r->funnel_maps into r->t->funnels, once events are resolved. */
void rs_funnels(rs *r);

/* resolve.c */
/* scratch: the arena of the documents' nodes, freed after this returns; the
 * resolver keeps its own tables and message contexts there too. */
const tx_taxonomy *rs_resolve(tx_ctx *ctx, tx_doc *docs, size_t n, const tx_load_opts *o,
                              tx_arena *scratch);
#endif
