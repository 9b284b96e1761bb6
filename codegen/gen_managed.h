/* The driver shared by the managed-language backends (Swift, Kotlin):
 * gen_managed.c names everything, writes the checks, converters, event
 * methods and sample values once; a backend (gen_swift.c, gen_kotlin.c) is
 * an mg_lang table of spellings plus the few emitters whose shape truly
 * differs (enum and object declarations, the file layout); the two tables
 * are written as one, side by side, in gen_managed_table.h.
 * Everything a generator allocates lives in the plan's arena. */
#ifndef TX_CG_GEN_MANAGED_H
#define TX_CG_GEN_MANAGED_H
#include "cg_internal.h"

typedef struct mg_gen mg_gen;

/* Runtime pieces appended only when a check uses them. */
enum {
    MG_DIG = 1u << 0, MG_DATE_AT = 1u << 1,
    /* one per checked format, in tx_format order (MG_FORMAT) */
    MG_DATE = 1u << 2, MG_DATE_TIME = 1u << 3, MG_TIME = 1u << 4, MG_UUID = 1u << 5,
    MG_EMAIL = 1u << 6, MG_URI = 1u << 7,
    MG_PATTERN = 1u << 8, MG_REGEX = 1u << 9, MG_ANY = 1u << 10,
};
/* The piece that checks format f (cg_format_check_of). */
#define MG_FORMAT(f) (MG_DATE << ((f) - TX_FMT_DATE))
_Static_assert(MG_FORMAT(TX_FMT_URI) == MG_URI, "MG_DATE..MG_URI follow tx_format");

typedef struct mg_piece {
    unsigned use, needs;    /* MG_ bits: this piece, the pieces it calls */
    const char *text;
} mg_piece;

/* A language's spellings. Strings named *_fmt are cg_emit formats (their
 * arguments are listed beside them); a language may leave an argument
 * unused (cg_emit reads only what its format names). */
typedef struct mg_lang {
    const char *ext;                        /* file name: <Type>.<ext> */
    /* ---- identifiers ---- */
    const char *const *keywords;
    const char *const *keywords_more;       /* more of them, or NULL */
    const char *const *taken;               /* names the output uses unqualified */
    const char *const *case_taken;          /* enum cases: more reserved names, or NULL */
    const char *const *field_taken;         /* object fields: likewise */
    cg_case case_style;                     /* enum cases */
    const char *const *locals;              /* names an event method's body uses */
    /* ---- literals, types and comments ---- */
    cg_escape_fn escape_string;             /* a string literal, quotes included */
    unsigned comment_flags;                 /* CG_COMMENT_* for cg_comment_text */
    void (*doc)(cg_emitter *e, const char *text, size_t n);  /* escaped, n > 0 */
    const char *t_string, *t_integer, *t_number, *t_boolean;
    const char *list_open, *list_close;     /* list type around the item type */
    const char *int_min, *int_suffix;       /* INT64_MIN; after other integers */
    const char *zero_int, *zero_number;     /* an enum value with no number */
    const char *nil;                        /* the absent value */
    bool bound_as_code;                     /* messages spell bounds as code literals */
    /* ---- expressions ---- */
    const char *show_open, *show_close;     /* a number as text inside a + chain */
    const char *show_lead;                  /* before a chain that starts with a number */
    const char *check_arg;                  /* how converters pass the check: "&c" */
    const char *arg_label;                  /* between a label and its argument */
    const char *as_double;                  /* v as a floating-point number */
    const char *count;                      /* v's number of items */
    const char *length_decl;                /* declares len: v's code points */
    const char *not_finite;                 /* v is NaN or infinite */
    const char *utf16_check;                /* v has a lone surrogate (NULL: cannot) */
    /* (g, e, name of the compiled pattern, its index): the condition of a
     * mismatch; may emit lines before the check */
    const char *(*pattern_mismatch)(mg_gen *g, cg_emitter *e, const char *re, size_t i);
    /* ---- statements ---- */
    const char *if_fmt;                     /* cond: opens a block */
    const char *fail_fmt;                   /* cond, message: a violation */
    /* ---- declarations: converters, appenders, events ---- */
    const char *pattern_decl_fmt;           /* see cg_emit_pattern_decls */
    const char *unused_note;                /* before a converter that checks nothing */
    const char *node_fmt;                   /* fn, type: opens a converter */
    const char *null_guard;                 /* returns null for a nil v */
    const char *const *value;               /* Value constructors per kind (CG_OBJECT + 1) */
    const char *null_value;
    const char *array_fmt;                  /* call: the items converted into out */
    const char *object_empty;               /* the converter of an object without fields */
    const char *object_fmt;                 /* count: declares out */
    const char *field_fmt;                  /* name, value: appends a property */
    const char *opt_open_fmt, *opt_close;   /* x: around an optional field's append */
    const char *opt_bound;                  /* x's name inside it, or NULL: x itself */
    const char *prop_fn_fmt;                /* fn, type, name literal, converter, name literal */
    const char *deprecated_fmt;             /* reason */
    const char *event_fmt;                  /* name: opens an event method */
    const char *event_open_fmt;             /* wire name, count: declares c and p */
    const char *event_empty_fmt;            /* wire name twice: the body of an event
                                             * without parameters, or NULL */
    const char *call_fmt;                   /* fn, param: appends a required one */
    const char *call_opt_fmt;               /* param, fn, param: an optional one */
    const char *event_close;                /* after the parameters */
    const char *doc_params, *doc_param, *doc_param_sep, *doc_returns; /* event doc */
    /* ---- issue 16: any, null, unions, open objects ---- */
    const char *t_json, *t_null;            /* the JSON value and null types */
    const char *const *json_taken;          /* names the JSON types take, when used */
    const char *json_public, *null_public;  /* their declarations, when used ("": none) */
    const char *map_open, *map_close;       /* String-keyed map type around the value type */
    const char *map_empty;                  /* an empty one (the extras default) */
    const char *union_case_prefix;          /* before a branch's case name */
    cg_case union_case_style;
    const char *union_open;                 /* opens the switch over v */
    const char *union_case_fmt;             /* union, case, converted payload */
    const char *union_payload;              /* the payload inside a case */
    const char *extras_open;                /* opens the loop over v's extras (k and x) */
    const char *extras_value;               /* the value of key k inside it */
    const char *extra_fmt;                  /* converted value: appends member k */
    /* ---- sample values ---- */
    const char *list_lit_open, *list_lit_close, *list_lit_empty;    /* empty: or NULL */
    const char *any_lit_fmt;                /* a sample JSON value (type name up to 7 times) */
    const char *null_lit_fmt;               /* the null value (type name) */
    const char *map_lit_fmt;                /* one key, one value */
    /* the sample program: a runtime template up to the calls, the calls
     * (mg_sample_calls: tracker method, then close), the count (a format of
     * the number of events, twice), a runtime template to the end */
    const char *sample_open, *sample_call_fmt, *sample_call_close, *sample_count_fmt;
    const char *sample_close;
    /* ---- what truly differs ---- */
    void (*emit_enum)(mg_gen *g, cg_emitter *e, const cg_decl *d);
    void (*emit_object)(mg_gen *g, cg_emitter *e, const cg_decl *d);
    void (*emit_union)(mg_gen *g, cg_emitter *e, const cg_decl *d);
    /* the file from its first line to its last, through the mg_emit_* parts */
    void (*layout)(mg_gen *g, cg_emitter *e, cg_stream *os);
    const mg_piece *pieces;
    size_t n_pieces;
} mg_lang;

/* One generation: the plan, the names given and the per-node caches. */
struct mg_gen {
    const mg_lang *L;
    const cg_plan *p;
    const tx_taxonomy *t;
    tx_arena *a;
    cg_ident_rules kw, types, cases, fields, ascii;
    const char *type_name;      /* the tracker type */
    const char *package;        /* the ASCII snake_case package (Kotlin) */
    cg_wordset *members;
    const char **ev_fn;
    const char *identify_fn;    /* "identify"; NULL without user properties */
    const char ***ev_param;
    const char **decl_name;
    const char ***case_name;
    const char ***field_name;  /* per object: its fields' names */
    const char ***branch_name; /* per union: its cases' names */
    const char **node_fn;
    const char **node_type;     /* per node: its type */
    const char **prop_ident;    /* per property: parameter name before scoping */
    const char **prop_fn;       /* per property: `_p...` appending it */
    const char **prop_doc;      /* per property: escaped description (summary) */
    const char **prop_wire;     /* per property: escaped 'wire' */
    const char **prop_param[2]; /* per property, optional or required: its whole
                                 * parameter doc after the name (from
                                 * doc_param_sep on), escaped */
    const char *doc_returns;    /* the event doc's last line */
    const char *user_id;        /* identify(): its user id parameter ... */
    const char **user_param;    /* ... and one per user property (plan.user) */
    unsigned uses;              /* MG_ bits */
    tx_sb tmp;
};

/* Backend entry points (cg_backend): b->impl is the language's mg_lang. */
int mg_generate(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d);
int mg_sample(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d);
const char *mg_call_names(const cg_backend *b, const tx_taxonomy *t, tx_arena *a,
                          const char **names);

/* For the emitters (arena strings). */
/* A string literal: quotes and backslashes escaped, `$` too with
 * MG_ESC_DOLLAR (Kotlin templates), \n \r \t, and unsafe code points
 * (cg_unsafe_codepoint, invalid UTF-8 as U+FFFD) as \u{X} with
 * MG_ESC_BRACES (Swift), else \uXXXX. */
enum { MG_ESC_DOLLAR = 1, MG_ESC_BRACES = 2 };
void mg_escape_string(tx_sb *sb, const char *s, size_t n, unsigned flags);
const char *mg_tmp_str(mg_gen *g);                   /* g->tmp's content */
const char *mg_lit(mg_gen *g, const char *s);        /* a string literal */
const char *mg_type(mg_gen *g, const cg_node *n);
const char *mg_base_type(const mg_gen *g, tx_base b);   /* an enum's wire type */
const char *mg_enum_wire(mg_gen *g, const cg_decl *d, const tx_enum_value *v);
/* An open object's extras type: the map of its extra node's type. */
const char *mg_extras_type(mg_gen *g, const cg_decl *d);
void mg_doc(mg_gen *g, cg_emitter *e, const char *text);    /* escapes, then L->doc */
void mg_decl_doc(mg_gen *g, cg_emitter *e, const cg_decl *d);
void mg_value_doc(mg_gen *g, cg_emitter *e, const cg_decl *d, size_t j);
void mg_field_doc(mg_gen *g, cg_emitter *e, const cg_decl *d, size_t j);
/* The file's opening comment (header line, `what`, the taxonomy's
 * description when `describe`), and the tracker's doc comment. */
void mg_emit_head(mg_gen *g, cg_emitter *e, const char *what, bool describe);
void mg_emit_tracker_doc(mg_gen *g, cg_emitter *e);
/* A runtime template with the taxonomy's names filled in (`p` the
 * taxonomy's name, `N` the tracker type's, `P` the package), then `after`. */
void mg_emit_runtime(mg_gen *g, cg_emitter *e, const char *text, const char *after);
void mg_emit_decls(mg_gen *g, cg_emitter *e);       /* enums and objects */
/* One method per event, then identify() when the plan has user properties. */
void mg_emit_events(mg_gen *g, cg_emitter *e);
/* A runtime template only plans with user properties use (identify). */
void mg_emit_user_runtime(mg_gen *g, cg_emitter *e, const char *text);
void mg_emit_converters(mg_gen *g, cg_emitter *e);  /* patterns, appenders, converters */
/* The runtime pieces the checks used, each between before and after. */
void mg_emit_pieces(mg_gen *g, cg_emitter *e, const char *before, const char *after);
/* One call per event with sample values: call_fmt (tracker method) opens
 * it, close ends it. */
void mg_sample_calls(mg_gen *g, cg_emitter *e, const char *call_fmt, const char *close,
                     tx_diags *d, bool *failed);
#endif
