/* The spreadsheet importer's insides, shared by its files:
 *   columns.c     the header: column aliases, finding and mapping it
 *   cells_read.c  the cell grammar's reader (the grammar: cells.h)
 *   heuristics.c  what a hand-made sheet's Value cell means
 *   import.c      rows -> the model below, and the entry tx_import_csv
 *   plan.c        the model -> the importers' one YAML writer (im.h)
 * The model keeps what the sheet said in its own terms (a type's base as
 * a tx_base, a named type used and defined by the same row) so rows can
 * be compared and merged; plan.c turns it into an im_plan at the end.
 * Everything lives in the context's arena (ic->a). */
#ifndef TX_SHEET_INTERNAL_H
#define TX_SHEET_INTERNAL_H
#include "sheet.h"
#include "cells.h"
#include "csv.h"
#include "../import/im.h"
#include "../../support/strbuf.h"
#include "../../support/strmap.h"
#include "../../support/util.h"

typedef tx_csv_cell cell;
typedef tx_csv_row row;
typedef struct sh_ctx ictx;
typedef struct sh_type itype;

/* ---- columns (columns.c) ---- */

typedef enum col {
    C_CATEGORY, C_EVENT, C_EVENT_DESC, C_PROPERTY, C_PROP_DESC, C_TYPE, C_ALLOWED, C_VALUE,
    C_EXAMPLE, C_FORMAT, C_REQUIRED, C_TRIGGER, C__N
} col;

extern const char *const sh_col_titles[C__N];

/* The header row's index (title rows above it are skipped), or (size_t)-1. */
size_t sh_find_header(ictx *ic);
/* Maps the header's columns into ic->colmap; false when Event or Property
 * is missing (errors reported). Unknown columns are warnings. */
bool sh_map_header(ictx *ic, const row *h);

/* ---- the model ---- */

typedef im_strs strvec;

typedef struct ifield ifield;

/* A type as the sheet says it: a base (tx_base) and constraints; `named`
 * when the row uses a named type, whose definition it then also is. */
struct sh_type {
    tx_base base;
    const char *named;          /* a named type: "(login_method)" in the Type cell */
    bool nullable;
    TX_VEC(im_enum) enums;      /* .str: a string (in a union: read as one) */
    const char *min, *max;      /* number literals */
    int64_t min_len, max_len, min_items, max_items;
    const char *pattern;
    const char *format;         /* "date", "yyyyMMdd", ... */
    struct sh_type *items;
    TX_VEC(ifield) fields;      /* objects: from "parent.member" rows */
    bool open;                  /* objects: "additional" in Format ... */
    struct sh_type *additional; /* ... of this type ("additional TYPE", a "parent.*" row) */
    TX_VEC(struct sh_type *) branches;  /* a union "a | b": each a base or a named
                                 * type; the union's constraints are its own
                                 * (items: its array branch's) */
};

struct ifield {
    const char *name;
    bool required;
    itype *type;
    im_meta meta;
};

typedef struct iprop {
    const char *name;
    im_meta meta;
    bool is_user;
    itype *type;
    const char *examples;
    size_t row;
    tx_span span;
    strvec notes;                   /* written as YAML comments */
} iprop;

typedef struct iuse {
    size_t prop;                /* index into props; a variant's name need not be there */
    bool required;
    itype *variant;             /* a per-event definition ("(variant)" rows), or NULL */
    const char *name;           /* ... its property's name */
    im_meta meta;               /* ... and description */
} iuse;

typedef TX_VEC(iuse) usevec;

typedef struct ievent {
    const char *name, *category, *trigger;
    im_meta meta;
    usevec props;
    size_t row;
    tx_span span;
} ievent;

typedef struct inamed {
    const char *name;
    itype *type;
    size_t row;
    tx_span span;
    im_meta meta;           /* from the "(types)" section */
    bool listed;            /* has a row in the "(types)" section */
} inamed;

typedef struct igroup {
    const char *name;
    im_meta meta;
    usevec props;
} igroup;

/* name -> index+1: the shared string map, its tables in the import's arena */
typedef tx_strmap hmap;

/* An object type receiving "path.member" rows in the current block. */
typedef struct objctx {
    const char *path;       /* "address", "cart_items[]" */
    itype *type;
} objctx;

/* A definition met again: compared once its member rows are read. */
typedef struct pending {
    itype *fresh;
    size_t prop;            /* property index, or (size_t)-1 for a named type */
    size_t named;
    tx_span span;
    size_t row;
} pending;

/* The importer's state for one sheet. */
struct sh_ctx {
    tx_ctx *ctx;
    tx_arena *a;
    tx_diags *d;
    uint32_t file;
    const char *text;
    size_t len;
    tx_csv_rows rows;
    int colmap[C__N];
    bool exported;          /* has a Type column: the exact grammar */
    TX_VEC(iprop) props;
    TX_VEC(ievent) events;
    TX_VEC(inamed) named;
    TX_VEC(igroup) groups;
    /* the order of the "(types)" and "(user properties)" rows, which the
     * YAML keeps: `taxonc export csv` writes them in the YAML's order, so
     * export -> import -> export gives the same sheet */
    TX_VEC(size_t) type_order;      /* indices into named */
    TX_VEC(size_t) user_order;      /* indices into props */
    const char *tax_name, *tax_version, *tax_desc;   /* the "(taxonomy)" row */
    bool tax_row;           /* the sheet has one: no version there means none */
    hmap prop_ix, event_ix, named_ix;
    TX_VEC(objctx) objs;
    TX_VEC(pending) pend;
};

/* An allowed value of a type with base `base`, read as `kind`: written as
 * a string (quoted as needed)? A union's values by their own kind, the
 * others by the type's: numbers and booleans bare. */
static inline bool sh_enum_str(tx_base base, tx_base kind)
{
    if (base == TX_UNION)
        return kind == TX_STRING;
    return kind != TX_INTEGER && kind != TX_NUMBER && kind != TX_BOOLEAN;
}

/* ---- diagnostics and cells (import.c) ---- */

tx_span sh_span(const ictx *ic, const cell *c);
tx_diag *sh_diag(ictx *ic, tx_severity sev, const char *code, tx_span sp, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "row 5 (Format)" */
const char *sh_at(ictx *ic, const row *r, int c);
/* The row's cell in column c (an empty cell when the sheet lacks it). */
const cell *sh_get(const ictx *ic, const row *r, int c);

/* ---- lexical pieces of the grammar (cells_read.c) ---- */

static inline bool sh_is_space(char c) { return c == ' ' || c == '\t'; }
/* A number as YAML and JSON both read it: -?digits(.digits)?(e[+-]?digits)? */
bool sh_is_number(const char *s, bool int_only);
char *sh_trim_dup(tx_arena *a, const char *s, size_t n);
itype *sh_new_type(ictx *ic, tx_base b);
bool sh_ident_ok(const char *s);
bool sh_word_in(const char *w, size_t n, const char *const *list, size_t ln);
bool sh_ends_with(const char *s, const char *suffix);
/* "LO<sep>HI" split and trimmed; false without sep. */
bool sh_range_text(ictx *ic, const char *s, const char *sep, const char **lo, const char **hi);
/* A format written as a word or a date pattern; NULL when it is neither. */
const char *sh_format_of(ictx *ic, const char *s);

/* ---- hand-made sheets (heuristics.c) ---- */

/* Interprets a Value/Example cell of a hand-made sheet: allowed values, a
 * range, a date pattern or examples (into pp->examples). */
void sh_read_value_cell(ictx *ic, const row *r, int c, const cell *cl, iprop *pp, itype *t, int fmt,
                        const char *name, const char *desc, bool first);

/* ---- writing (plan.c) ---- */

/* The model as taxonomy YAML through im_write_yaml (arena text), or NULL. */
char *sh_write_yaml(ictx *ic, const char *path, const tx_import_opts *o, size_t *out_len);
#endif
