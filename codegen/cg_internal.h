/* Internals shared by the code generators: identifier mapping and scopes
 * (names.c), comment and literal sanitising (text.c), the language-
 * independent plan of what to generate (plan.c), and the backend table
 * (gen.c; one backend per gen_<lang>.c; Swift and Kotlin share the driver
 * in gen_managed.c, see gen_managed.h). Everything lives in one arena per
 * cg_generate() call. */
#ifndef TX_CG_INTERNAL_H
#define TX_CG_INTERNAL_H
#include "gen.h"
#include "emit.h"
#include "../support/arena.h"
#include "../support/strbuf.h"

/* ---- identifiers (names.c) ---- */
typedef enum cg_case {
    CG_SNAKE,       /* complete_sign_up */
    CG_UPPER,       /* COMPLETE_SIGN_UP */
    CG_CAMEL,       /* completeSignUp */
    CG_PASCAL,      /* CompleteSignUp */
} cg_case;

/* A hash set of identifiers (arena-backed, grows). */
typedef struct cg_wordset cg_wordset;
cg_wordset *cg_wordset_new(tx_arena *a);
/* A scope nested in another: has() also looks in the parent. */
cg_wordset *cg_wordset_child(tx_arena *a, const cg_wordset *parent);
bool cg_wordset_has(const cg_wordset *s, const char *w, size_t n);
void cg_wordset_add(cg_wordset *s, const char *w);          /* w must outlive s */
void cg_wordset_add_list(cg_wordset *s, const char *const *words); /* NULL-terminated */

typedef struct cg_ident_rules {
    const cg_wordset *reserved; /* keywords and names the output itself uses */
    bool unicode;               /* keep letters of safe non-ASCII ranges */
} cg_ident_rules;

/* Maps a taxonomy name to an identifier: words are split at separators
 * (anything not a letter or digit) and at case changes, then joined in the
 * case asked for. A non-ASCII letter outside the safe ranges (or any when
 * unicode is off) becomes `u` + its hex code point; a name with no letter
 * or digit is spelt entirely that way. A leading digit gets a `_` in front;
 * a reserved word gets a `_` behind. Returns an arena string. */
const char *cg_ident(tx_arena *a, const cg_ident_rules *r, cg_case c, const char *name,
                     size_t n);
/* The same words appended to sb, with no reserved-word or digit handling
 * (for composing longer identifiers). */
void cg_words(tx_sb *sb, const char *name, size_t n, cg_case c, bool unicode);

/* Unique names in a scope: names[i] holds the mapped identifier of raws[i]
 * on entry and a unique one on return. Among names that map to the same
 * identifier, a raw name equal to it keeps it, else the smallest raw name
 * (bytewise); the others get `_2`, `_3`, ... in raw-name order; a name
 * already taken in the scope is suffixed the same way. All results are
 * added to the scope. */
void cg_scope_assign(tx_arena *a, cg_wordset *scope, size_t n, const char *const *raws,
                     const char **names);
/* True when names[0..n) are pairwise different and none is taken: then
 * cg_scope_assign would keep them all as they are (the fast path for
 * per-event parameter lists, where collisions are rare). */
bool cg_names_distinct(const char *const *names, size_t n, const cg_wordset *taken);
/* For a dictionary's identifiers (NULL entries ignored): ok[i] is true when
 * idents[i] differs from every other entry and is not taken, so a list of
 * such names never needs resolving. Arena array of n bools. */
bool *cg_idents_free(tx_arena *a, const char *const *idents, size_t n, const cg_wordset *taken);
/* One name: the identifier itself when free, else with `_2`, `_3`, ... */
const char *cg_scope_claim(tx_arena *a, cg_wordset *scope, const char *name);

/* ---- text (text.c) ---- */
enum {
    CG_COMMENT_BLOCK = 1,   /* break up slash-star and star-slash */
    CG_COMMENT_TRIGRAPH = 2,/* break up "??" (C trigraphs) */
};
/* Comment text: newlines normalised to '\n' (kept), tabs to spaces, other
 * control characters, U+2028/2029, BOM and bidirectional controls (U+061C,
 * U+200E/F, U+202A-202E, U+2066-2069) written as <U+XXXX>, invalid UTF-8 as
 * <U+FFFD>; flags add the per-language hazards. Trailing spaces trimmed. */
void cg_comment_text(tx_sb *sb, const char *s, size_t n, unsigned flags);
/* The same as an arena string. */
const char *cg_comment_dup(tx_arena *a, const char *s, size_t n, unsigned flags);
/* A format that generated code checks with a runtime function, the same
 * in every backend: the function's name (C: <prefix>_fmt_<snake>_, Swift
 * and Kotlin: _fmt<pascal>) and the violation of a value that fails. */
typedef struct cg_format_check {
    const char *snake, *pascal, *message;
} cg_format_check;
/* Format f's check, or NULL (no format, or a date pattern: checked apart). */
const cg_format_check *cg_format_check_of(tx_format f);
/* The escape C, Swift and Kotlin string literals share for byte c (\" \\
 * \n \t), or NULL. */
const char *cg_common_escape(unsigned char c);
/* The code point at s (n > 0 bytes) and its length in bytes: ASCII as
 * itself; invalid UTF-8 as U+FFFD of length 1 (a real U+FFFD is 3). */
size_t cg_utf8_at(const char *s, size_t n, uint32_t *cp);
/* True for the code points that must never appear raw in output. */
bool cg_unsafe_codepoint(uint32_t cp);
/* "0123456789abcdef" as a C literal for %.17g-style doubles: the shortest
 * of %.15g..%.17g that reads back exactly, with ".0" added when it has no
 * '.', 'e' or 'n'. */
void cg_double_literal(tx_sb *sb, double d);

/* Runtime templates: `p`, `P` and `N` become p, P and N (other backticks
 * stay). Backends use them for names (prefix, upper-case prefix, type). */
void cg_expand(tx_sb *sb, const char *text, const char *p, const char *P, const char *N);

/* ---- the plan (plan.c) ---- */
#define CG_UNBOUNDED ((size_t)-1)

/* CG_ANY: a JSON value (each language's JSON value type); CG_NULL: only
 * null (a unit type); CG_UNION: a tagged union of its decl's branches. An
 * enum of a union (values of several kinds) is a CG_ENUM whose decl's base
 * is TX_UNION (each value's own `kind` then says what it is). */
typedef enum cg_kind {
    CG_STRING, CG_INTEGER, CG_NUMBER, CG_BOOLEAN, CG_ENUM, CG_ARRAY, CG_OBJECT,
    CG_ANY, CG_NULL, CG_UNION
} cg_kind;

typedef struct cg_decl cg_decl;
typedef struct cg_node cg_node;

/* Constraints merged over a type and the named types it refines. */
typedef struct cg_checks {
    tx_num min, max;
    int64_t min_length, max_length, min_items, max_items;   /* -1 unset */
    size_t n_patterns;
    const char **patterns;
    tx_format format;
    const char *format_text;
    const tx_date_pattern *date_pattern;
} cg_checks;

/* A type as the generators see it, one per distinct tx_type used. */
struct cg_node {
    const tx_type *t;
    cg_kind kind;
    bool nullable;
    cg_checks ck;
    cg_node *items;         /* arrays */
    cg_decl *decl;          /* enums, objects, unions, arrays: the declared type */
    const char *seed;       /* raw name for helpers, e.g. "coupon_codes" */
    size_t json_max;        /* bound on its JSON text, or CG_UNBOUNDED */
    uint32_t index;         /* in plan.nodes (children come first) */
    bool building;
};

typedef struct cg_field {
    const tx_field *f;
    cg_node *type;
} cg_field;

/* A type the output declares: an enum, an object (struct/class), a tagged
 * union or, for C, an array slice. Named types keep their name; inline ones are named after
 * where they are used (property, field, "..._item"). */
struct cg_decl {
    cg_kind kind;
    const tx_type *t;       /* the defining type */
    const char *seed;       /* raw name */
    const tx_meta *meta;    /* the defining type's metadata */
    tx_base base;           /* enums: string, integer or number (TX_UNION: several) */
    size_t n_values;
    const tx_enum_value *values;
    size_t n_fields;
    cg_field *fields;
    cg_node *items;         /* arrays */
    bool open;              /* objects: other members too (an extras map) ... */
    cg_node *extra;         /* ... each of this type (a CG_ANY node for any value) */
    size_t n_branches;      /* unions: the branches, declaration order */
    cg_node **branches;
    const char **branch_seed;   /* raw names: the named type, else the base ("integer") */
    uint32_t index;         /* in plan.decls: dependencies come first */
};

/* A property slot: what one appender writes. The first t->n_props are the
 * dictionary's properties (indexed like t->props); after them one per
 * event property with a type of its own (a per-event variant or an
 * event-local property, issue 16), in event order. */
typedef struct cg_prop {
    const tx_property *p;
    cg_node *type;          /* NULL when neither an event nor identify carries it */
    const tx_meta *meta;    /* the description etc. its docs show */
} cg_prop;

typedef struct cg_param {
    const tx_event_prop *ep;
    const tx_property *p;
    cg_node *type;
    bool required;
    size_t slot;            /* in plan.props */
} cg_param;

/* An event, or identify() (plan.user: e is NULL, every parameter optional,
 * ep NULL in each). */
typedef struct cg_event {
    const tx_event *e;
    size_t n_params;        /* required ones first, each group in model order */
    cg_param *params;
    size_t n_required;
    size_t *wire_order;     /* params indexes in the event's property order */
    size_t json_max;        /* of the properties object, or CG_UNBOUNDED */
} cg_event;

typedef struct cg_plan {
    const tx_taxonomy *t;
    tx_arena *a;
    const cg_opts *opts;    /* gen's naming options, or NULL */
    size_t n_nodes, n_decls;
    cg_node **nodes;
    cg_decl **decls;
    size_t n_props;         /* slots: t->n_props, then the per-event ones */
    cg_prop *props;
    size_t n_events;
    cg_event *events;
    /* identify(): the user properties (`user_properties`), each an optional
     * parameter with the dictionary's slot, typed even when no event
     * carries it; NULL when the plan lists none */
    cg_event *user;
    size_t json_max;        /* largest bounded event; CG_UNBOUNDED if any is not */
    size_t max_props;       /* most properties on one event */
    bool uses_any;          /* some node is CG_ANY (the JSON value type is needed) */
    bool uses_null;         /* some node is CG_NULL */
} cg_plan;

/* Builds the plan; -1 with a diagnostic for a type it cannot express
 * (recursive or nested deeper than 32). */
int cg_plan_build(cg_plan *p, const tx_taxonomy *t, tx_arena *a, tx_diags *d);
/* Whether the node (or its items, recursively) has any run-time check. */
bool cg_node_has_checks(const cg_node *n);
/* One declaration per pattern of every string node (Swift and Kotlin keep
 * compiled patterns in named constants): fmt gets the node's function name
 * without its "_n" prefix (%s), the pattern's index (%z) and the pattern
 * (%q). Ends with a blank line when it wrote any. */
void cg_emit_pattern_decls(cg_emitter *e, const cg_plan *p, const char *const *node_fn,
                           const char *fmt);
/* Strings: whether the value needs a code point count. */
bool cg_checks_length(const cg_checks *c);
/* The text of a JSON key "name": with its quotes and colon. */
void cg_json_key(tx_sb *sb, const char *name);
/* Encodes a date pattern as a spec the runtimes interpret: Y=yyyy y=yy
 * M=MM d=dd H=HH m=mm s=ss S=SSS, and '\'' + one UTF-8 character for a
 * literal character. */
void cg_date_spec(tx_sb *sb, const tx_date_pattern *dp);
/* Wire text of an enum value: the JSON of the value ("\"kakao\"", "3"). */
void cg_enum_json(tx_sb *sb, tx_base base, const tx_enum_value *v);

/* The raw name an enum value's identifier is made from: the string itself,
 * or for numbers the literal with '-' spelt "minus_" and '.' as '_'. */
const char *cg_enum_value_raw(tx_arena *a, tx_base base, const tx_enum_value *v);
/* A bound as text for messages: the integer, or the double literal. */
void cg_num_text(tx_sb *sb, const tx_num *n, bool as_int);
/* One-line summary of a type for doc comments: "string, 1-100 code points,
 * format yyyyMMdd", "integer 0..20", "array of string, at most 10 items". */
void cg_describe(tx_sb *sb, const cg_node *n);
/* The body of an event's doc comment (unescaped): description, then wire
 * name, category, trigger, owner, deprecation. */
void cg_event_doc(tx_sb *sb, const tx_event *e);
/* A property's doc line (unescaped): description, summary, deprecation. */
void cg_prop_doc(tx_sb *sb, const tx_meta *m, const cg_node *n);
/* Enum value j's doc line (unescaped): its JSON, then its description. */
void cg_value_doc(tx_sb *sb, const cg_decl *d, size_t j);
/* Every property's doc line escaped for a comment (cg_comment_text with
 * flags), after "'name': " when `named`; NULL for a property without a
 * type. An arena array of p->n_props. */
const char **cg_prop_docs(tx_arena *a, const cg_plan *p, bool named, unsigned flags);

/* ---- sample values (sample.c) ---- */
/* A string passing the node's lengths, format and patterns (arena), or
 * NULL with a diagnostic naming `where` when none could be made. */
const char *cg_sample_string(const cg_node *n, tx_arena *a, tx_diags *d, const char *where);
int64_t cg_sample_int(const cg_node *n);       /* 1 clamped into [min, max] */
double cg_sample_number(const cg_node *n);     /* 1.5 clamped into [min, max] */
size_t cg_sample_count(const cg_node *n);      /* array items: max(min_items, 1) */
/* The key of the one other member samples give an open object:
 * "sample_extra", with '_' added until no declared member has it. */
const char *cg_sample_extra_key(const cg_decl *d, tx_arena *a);

/* ---- backends (gen.c, gen_<lang>.c) ---- */
/* Each entry point gets its own row (b): backends sharing a driver (Swift
 * and Kotlin, gen_managed.c) point every entry at the driver and hand it
 * their syntax table through impl. */
typedef struct cg_backend cg_backend;
struct cg_backend {
    cg_lang lang;
    const char *name;
    int (*generate)(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d);
    /* The names app code calls: one per event (names[i] for t->events[i];
     * skipped when names is NULL), and identify's, returned (NULL without
     * user properties). */
    const char *(*call_names)(const cg_backend *b, const tx_taxonomy *t, tx_arena *a,
                              const char **names);
    /* A program calling every event with sample values (gen --sample). */
    int (*sample)(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d);
    const void *impl;       /* the driver's table (an mg_lang), or NULL */
};

extern const cg_backend cg_backend_c, cg_backend_swift, cg_backend_kotlin;
/* Kotlin's hard keywords (NULL-terminated): not even a package segment. */
extern const char *const cg_kotlin_hard_keywords[];

/* Adds a file to out, taking the builder's buffer; -1 if it failed. */
int cg_files_take(cg_files *out, const char *path, tx_sb *sb, tx_diags *d);

/* One output file being produced (write.c). Write into sb, directly or
 * through an emitter whose `stream` points here: when out streams
 * (cg_files_stream), the emitter hands sb's content over as sb fills, so
 * the file never sits whole in memory; otherwise sb simply grows and
 * cg_stream_close() adds it to out like cg_files_take(). Content written
 * to sb must not be read back or changed once a flush may have happened. */
struct cg_stream {
    tx_sb sb;
    cg_files *out;
    char *path, *final;
    tx_out *w;          /* the new file, from the first difference (support/out.h) */
    int rfd;            /* the existing file while comparing */
    int state;
    int err;            /* errno of the first failure */
    const char *verb;   /* "cannot <verb> 'file'": "write", "read" ...; NULL: out of memory */
    size_t at;          /* bytes handed over */
    size_t unsynced;    /* written since writeback was last started */
};
void cg_stream_open(cg_stream *s, cg_files *out, const char *path);
/* Hands sb's content over (nothing when out does not stream). */
void cg_stream_flush(cg_stream *s);
/* Appends n bytes (a large block goes over without a copy). */
void cg_stream_write(cg_stream *s, const char *data, size_t n);
/* Drops trailing newlines but one (flushes keep trailing newlines). */
void cg_stream_trim(cg_stream *s);
/* Finishes the file and adds it to out; -1 with a diagnostic when it
 * failed (the temporary is gone then). Frees everything s holds. */
int cg_stream_close(cg_stream *s, tx_diags *d);
/* Gives the file up (its temporary removed); frees what s holds. */
void cg_stream_abort(cg_stream *s);
/* "taxonomy 'x' version 1.2.0, content hash 0123..." for headers. */
void cg_header_line(tx_sb *sb, const tx_taxonomy *t);
#endif
