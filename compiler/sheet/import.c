/* Spreadsheet import: CSV text -> rows -> an import model (events,
 * properties, named types) -> taxonomy YAML.
 *
 * Approach, in passes:
 *  1. an RFC 4180 reader that keeps each cell's byte range, so every
 *     problem points at its cell (quoted cells may span lines; a UTF-8 BOM
 *     is skipped; ';' or tab separators are detected from the header);
 *  2. the header row is found (title rows above it are skipped) and its
 *     columns mapped through the alias table `columns`;
 *  3. rows become events and properties: blank Category/Event cells continue
 *     the row above (merged cells); a property met again in another event
 *     keeps its first definition, and differences are reported;
 *  4. the YAML is written with every scalar quoted unless plainly safe.
 *
 * Two kinds of sheet are read. An exported sheet (it has a Type column)
 * uses the exact cell grammar of codegen/export_common.c: Allowed values
 * are a closed list or a range, Format holds clauses. A hand-made sheet
 * (no Type column: the Format column holds Date/String/Number/Int) has a
 * Value column that mixes examples and allowed values; `classify_values`
 * decides with the documented heuristics (docs/import.md).
 *
 * Issue 16's kinds: a union's Type cell ("a | b") becomes an itype with
 * branches and the union's constraints on itself (written as `type: [a,
 * b]` with them); "parent.*" rows give an open object's additional type;
 * "(variant)" rows become per-use types written under the event, never
 * merged into the dictionary (a name the dictionary lacks stays local). */
#include "sheet.h"
#include "csv_read.h"
#include "../../support/strbuf.h"
#include "../../support/strmap.h"
#include "../../support/util.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- columns ------------------------------------------------------------------ */

typedef enum col {
    C_CATEGORY, C_EVENT, C_EVENT_DESC, C_PROPERTY, C_PROP_DESC, C_TYPE, C_ALLOWED, C_VALUE,
    C_EXAMPLE, C_FORMAT, C_REQUIRED, C_TRIGGER, C__N
} col;

/* Header names after normalisation (lowercase, runs of space _ - . folded
 * to one space, trailing ':' '*' dropped). */
static const struct {
    col c;
    const char *name;
} columns[] = {
    { C_CATEGORY, "category" },        { C_CATEGORY, "카테고리" },      { C_CATEGORY, "분류" },
    { C_CATEGORY, "대분류" },          { C_CATEGORY, "event category" }, { C_CATEGORY, "group" },
    { C_EVENT, "event" },              { C_EVENT, "event name" },        { C_EVENT, "eventname" },
    { C_EVENT, "event key" },          { C_EVENT, "event id" },          { C_EVENT, "이벤트" },
    { C_EVENT, "이벤트 키" },          { C_EVENT, "이벤트 영문명" },     { C_EVENT, "이벤트 이름(영문)" },
    { C_EVENT_DESC, "event description" }, { C_EVENT_DESC, "event desc" },
    { C_EVENT_DESC, "event display name" }, { C_EVENT_DESC, "display name" },
    { C_EVENT_DESC, "이벤트명" },      { C_EVENT_DESC, "이벤트 설명" },  { C_EVENT_DESC, "이벤트 정의" },
    { C_EVENT_DESC, "이벤트 한글명" },
    { C_PROPERTY, "property" },        { C_PROPERTY, "property name" },  { C_PROPERTY, "properties" },
    { C_PROPERTY, "event property" },  { C_PROPERTY, "parameter" },      { C_PROPERTY, "param" },
    { C_PROPERTY, "속성" },            { C_PROPERTY, "속성명" },          { C_PROPERTY, "프로퍼티" },
    { C_PROPERTY, "파라미터" },
    { C_PROP_DESC, "property description" }, { C_PROP_DESC, "property desc" },
    { C_PROP_DESC, "definition" },     { C_PROP_DESC, "description" },   { C_PROP_DESC, "정의" },
    { C_PROP_DESC, "설명" },           { C_PROP_DESC, "속성 설명" },     { C_PROP_DESC, "프로퍼티 설명" },
    { C_TYPE, "type" },                { C_TYPE, "data type" },          { C_TYPE, "datatype" },
    { C_TYPE, "value type" },          { C_TYPE, "property type" },      { C_TYPE, "타입" },
    { C_TYPE, "데이터 타입" },         { C_TYPE, "자료형" },
    { C_ALLOWED, "allowed values" },   { C_ALLOWED, "allowed value" },   { C_ALLOWED, "enum" },
    { C_ALLOWED, "enum values" },      { C_ALLOWED, "허용값" },          { C_ALLOWED, "허용 값" },
    { C_VALUE, "value" },              { C_VALUE, "values" },            { C_VALUE, "값" },
    { C_VALUE, "property value" },
    { C_EXAMPLE, "example" },          { C_EXAMPLE, "examples" },        { C_EXAMPLE, "sample" },
    { C_EXAMPLE, "sample value" },     { C_EXAMPLE, "예시" },            { C_EXAMPLE, "값 예시" },
    { C_EXAMPLE, "예시 값" },
    { C_FORMAT, "format" },            { C_FORMAT, "포맷" },             { C_FORMAT, "형식" },
    { C_REQUIRED, "required" },        { C_REQUIRED, "mandatory" },      { C_REQUIRED, "필수" },
    { C_REQUIRED, "필수 여부" },       { C_REQUIRED, "필수값" },
    { C_TRIGGER, "trigger" },          { C_TRIGGER, "trigger time" },    { C_TRIGGER, "trigger timing" },
    { C_TRIGGER, "when" },             { C_TRIGGER, "트리거" },          { C_TRIGGER, "발생 시점" },
    { C_TRIGGER, "수집 시점" },        { C_TRIGGER, "전송 시점" },
};

static const char *const col_titles[C__N] = {
    "Category", "Event", "Event description", "Property", "Property description", "Type",
    "Allowed values", "Value", "Example", "Format", "Required", "Trigger",
};

/* ---- the import model ------------------------------------------------------------ */

typedef TX_VEC(const char *) strvec;

typedef struct ienum {
    const char *val;
    const char *desc;
    tx_base kind;               /* in a union's enum: the value's JSON kind */
} ienum;

typedef struct ifield ifield;

typedef struct itype {
    tx_base base;
    const char *named;          /* a named type: "(login_method)" in the Type cell */
    bool nullable;
    TX_VEC(ienum) enums;
    const char *min, *max;      /* number literals */
    int64_t min_len, max_len, min_items, max_items;
    const char *pattern;
    const char *format;         /* "date", "yyyyMMdd", ... */
    struct itype *items;
    TX_VEC(ifield) fields;      /* objects: from "parent.member" rows */
    bool open;                  /* objects: "additional" in Format ... */
    struct itype *additional;   /* ... of this type ("additional TYPE", a "parent.*" row) */
    TX_VEC(struct itype *) branches;    /* a union "a | b": each a base or a named type;
                                 * the union's constraints are its own (items: its
                                 * array branch's) */
} itype;

/* Description cell: tags and text. */
typedef struct imeta {
    const char *desc, *dep_reason, *owner;
    bool deprecated, pii;
} imeta;

struct ifield {
    const char *name;
    bool required;
    itype *type;
    imeta meta;
};

typedef struct iprop {
    const char *name;
    imeta meta;
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
    imeta meta;                 /* ... and description */
} iuse;

typedef TX_VEC(iuse) usevec;

typedef struct ievent {
    const char *name, *category, *trigger;
    imeta meta;
    usevec props;
    size_t row;
    tx_span span;
} ievent;

typedef struct inamed {
    const char *name;
    itype *type;
    size_t row;
    tx_span span;
    imeta meta;             /* from the "(types)" section */
    bool listed;            /* has a row in the "(types)" section */
} inamed;

typedef struct igroup {
    const char *name;
    imeta meta;
    usevec props;
} igroup;

/* name -> index+1: the shared string map, its tables in the import's arena */
typedef tx_strmap hmap;

typedef tx_csv_cell cell;
typedef tx_csv_row row;

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

typedef struct ictx {
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
} ictx;

static size_t hm_get(const hmap *m, const char *k)
{
    return (size_t)(uintptr_t)tx_strmap_get(m, k, strlen(k));
}

static void hm_put(hmap *m, const char *k, size_t v)
{
    bool found;
    tx_strmap_put(m, k, strlen(k), &found)->val = (void *)(uintptr_t)v;
}

/* ---- diagnostics ----------------------------------------------------------------- */

static tx_span cell_span(const ictx *ic, const cell *c)
{
    return (tx_span){ ic->file, c->start, c->end > c->start ? c->end : c->start };
}

static tx_diag *diag(ictx *ic, tx_severity sev, const char *code, tx_span sp, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static tx_diag *diag(ictx *ic, tx_severity sev, const char *code, tx_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = tx_arena_vprintf(ic->a, fmt, ap);
    va_end(ap);
    return tx_diag_add(ic->d, sev, code, sp, "%s", m);
}

/* "row 5 (Format)" */
static const char *at(ictx *ic, const row *r, col c)
{
    return tx_arena_printf(ic->a, "row %zu (%s)", r->no, col_titles[c]);
}

/* ---- CSV reader: compiler/import/csv_read.c ---------------------------------------- */

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static const cell *get(const ictx *ic, const row *r, col c)
{
    return tx_csv_at(r, ic->colmap[c]);
}

static bool row_blank(const row *r) { return tx_csv_row_blank(r); }

/* ---- header -------------------------------------------------------------------------- */

static char *norm_header(tx_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = tx_arena_alloc(a, n + 1);
    size_t k = 0;
    bool sep = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t' || c == '\n' || c == '\r') {
            sep = k > 0;
            continue;
        }
        if (sep)
            o[k++] = ' ';
        sep = false;
        o[k++] = (char)(c < 0x80 ? tolower(c) : c);
    }
    while (k && (o[k - 1] == ':' || o[k - 1] == '*' || o[k - 1] == ' '))
        k--;
    o[k] = '\0';
    return o;
}

static int header_col(tx_arena *a, const char *text)
{
    const char *h = norm_header(a, text);
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        if (strcmp(columns[i].name, h) == 0)
            return (int)columns[i].c;
    return -1;
}

/* The header is the first row, among the first ten, that names an Event
 * or a Property column; rows above it (titles, notes) are skipped. */
static size_t find_header(ictx *ic)
{
    size_t limit = ic->rows.n < 10 ? ic->rows.n : 10;
    for (size_t ri = 0; ri < limit; ri++) {
        const row *r = &ic->rows.items[ri];
        int found = 0;
        for (size_t k = 0; k < r->n; k++) {
            int c = header_col(ic->a, r->cells[k].s);
            found |= c == C_EVENT || c == C_PROPERTY;
        }
        if (found)
            return ri;
    }
    return (size_t)-1;
}

static bool map_header(ictx *ic, const row *h)
{
    for (int c = 0; c < C__N; c++)
        ic->colmap[c] = -1;
    static const char *cands[sizeof columns / sizeof columns[0]];
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        cands[i] = columns[i].name;
    for (size_t k = 0; k < h->n; k++) {
        const cell *cl = &h->cells[k];
        if (!cl->n)
            continue;
        int c = header_col(ic->a, cl->s);
        if (c < 0) {
            const char *nh = norm_header(ic->a, cl->s);
            const char *near = tx_suggest(nh, strlen(nh), cands, sizeof cands / sizeof cands[0]);
            if (near)
                diag(ic, TX_SEV_WARNING, "csv-header", cell_span(ic, cl),
                     "unknown column '%s' ignored; did you mean '%s'?", cl->s, near);
            else
                diag(ic, TX_SEV_WARNING, "csv-header", cell_span(ic, cl), "unknown column '%s' ignored",
                     cl->s);
            continue;
        }
        if (ic->colmap[c] >= 0) {
            diag(ic, TX_SEV_WARNING, "csv-header", cell_span(ic, cl),
                 "column '%s' repeats the %s column; the first one is used", cl->s, col_titles[c]);
            continue;
        }
        ic->colmap[c] = (int)k;
    }
    bool ok = true;
    if (ic->colmap[C_EVENT] < 0) {
        diag(ic, TX_SEV_ERROR, "csv-header", (tx_span){ ic->file, h->start, h->start },
             "no Event column in the header (accepted names include 'Event', 'Event Name', '이벤트')");
        ok = false;
    }
    if (ic->colmap[C_PROPERTY] < 0) {
        diag(ic, TX_SEV_ERROR, "csv-header", (tx_span){ ic->file, h->start, h->start },
             "no Property column in the header (accepted names include 'Property', '속성', 'Parameter')");
        ok = false;
    }
    ic->exported = ic->colmap[C_TYPE] >= 0;
    return ok;
}

/* ---- small parsers --------------------------------------------------------------------- */

static char *lower(tx_arena *a, const char *s)
{
    char *o = tx_arena_strdup(a, s);
    for (char *p = o; *p; p++)
        *p = (char)((unsigned char)*p < 0x80 ? tolower((unsigned char)*p) : *p);
    return o;
}

/* A number as YAML and JSON both read it: -?digits(.digits)?(e[+-]?digits)? */
static bool is_number(const char *s, bool int_only)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    if (*p == '0' && isdigit((unsigned char)p[1]))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == '.' && !int_only) {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if ((*p == 'e' || *p == 'E') && !int_only) {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0';
}

static bool parse_count(const char *s, int64_t *out)
{
    if (!is_number(s, true) || s[0] == '-' || strlen(s) > 15)
        return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

static char *trim_dup(tx_arena *a, const char *s, size_t n)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    return tx_arena_strndup(a, s, n);
}

static itype *new_type(ictx *ic, tx_base b)
{
    itype *t = tx_arena_alloc(ic->a, sizeof *t);
    t->base = b;
    t->min_len = t->max_len = t->min_items = t->max_items = -1;
    return t;
}

enum { F_NONE, F_DATE, F_DATE_TIME, F_TIME };

static const struct {
    const char *word;
    tx_base base;
    int fmt;
} type_words[] = {
    { "string", TX_STRING, F_NONE },    { "str", TX_STRING, F_NONE },       { "text", TX_STRING, F_NONE },
    { "varchar", TX_STRING, F_NONE },   { "문자", TX_STRING, F_NONE },       { "문자열", TX_STRING, F_NONE },
    { "integer", TX_INTEGER, F_NONE },  { "int", TX_INTEGER, F_NONE },      { "long", TX_INTEGER, F_NONE },
    { "bigint", TX_INTEGER, F_NONE },   { "정수", TX_INTEGER, F_NONE },
    { "number", TX_NUMBER, F_NONE },    { "num", TX_NUMBER, F_NONE },       { "numeric", TX_NUMBER, F_NONE },
    { "float", TX_NUMBER, F_NONE },     { "double", TX_NUMBER, F_NONE },    { "decimal", TX_NUMBER, F_NONE },
    { "숫자", TX_NUMBER, F_NONE },       { "실수", TX_NUMBER, F_NONE },
    { "boolean", TX_BOOLEAN, F_NONE },  { "bool", TX_BOOLEAN, F_NONE },     { "불리언", TX_BOOLEAN, F_NONE },
    { "array", TX_ARRAY, F_NONE },      { "list", TX_ARRAY, F_NONE },       { "배열", TX_ARRAY, F_NONE },
    { "object", TX_OBJECT, F_NONE },    { "map", TX_OBJECT, F_NONE },       { "객체", TX_OBJECT, F_NONE },
    { "any", TX_ANY, F_NONE },          { "null", TX_NULL, F_NONE },
    { "date", TX_STRING, F_DATE },      { "날짜", TX_STRING, F_DATE },
    { "datetime", TX_STRING, F_DATE_TIME }, { "date-time", TX_STRING, F_DATE_TIME },
    { "date time", TX_STRING, F_DATE_TIME }, { "timestamp", TX_STRING, F_DATE_TIME },
    { "일시", TX_STRING, F_DATE_TIME }, { "time", TX_STRING, F_TIME },
};

static int type_word(const char *w)
{
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
        if (strcmp(type_words[i].word, w) == 0)
            return (int)i;
    return -1;
}

static void unknown_type(ictx *ic, const row *r, col c, const cell *cl, const char *w)
{
    const char *cands[sizeof type_words / sizeof type_words[0]];
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
        cands[i] = type_words[i].word;
    const char *near = tx_suggest(w, strlen(w), cands, sizeof cands / sizeof cands[0]);
    tx_diag *dg;
    if (near)
        dg = diag(ic, TX_SEV_ERROR, "csv-type", cell_span(ic, cl), "unknown type '%s' in %s; did you mean '%s'?",
                  cl->s, at(ic, r, c), near);
    else
        dg = diag(ic, TX_SEV_ERROR, "csv-type", cell_span(ic, cl), "unknown type '%s' in %s", cl->s,
                  at(ic, r, c));
    tx_diag_fix(ic->d, dg, "types: string, integer, number, boolean, array of TYPE, object, any, "
                "null, a union A | B; Date, DateTime and Int are read too");
}

static bool ident_ok(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.'))
            return false;
    return true;
}

/* One branch of a union's Type cell: a base word, "array of WORD", or a
 * named type's name. */
static itype *union_branch(ictx *ic, const row *r, col c, const cell *cl, const char *w, itype *u)
{
    const char *l = lower(ic->a, w);
    int k;
    if (strncmp(l, "array of ", 9) == 0) {
        if ((k = type_word(l + 9)) < 0) {
            unknown_type(ic, r, c, cl, l + 9);
            return NULL;
        }
        u->items = new_type(ic, type_words[k].base);
        return new_type(ic, TX_ARRAY);
    }
    if ((k = type_word(l)) >= 0)
        return new_type(ic, type_words[k].base);
    if (!ident_ok(w)) {
        unknown_type(ic, r, c, cl, w);
        return NULL;
    }
    itype *b = new_type(ic, TX_STRING);     /* its base is the named type's */
    b->named = w;
    return b;
}

/* "integer | string | product_id": a union (text without its "(NAME)"). */
static itype *parse_union(ictx *ic, const row *r, col c, const cell *cl, const char *text)
{
    itype *u = new_type(ic, TX_UNION);
    const char *p = text;
    for (;;) {
        const char *bar = strstr(p, " | ");
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        itype *b = union_branch(ic, r, c, cl, trim_dup(ic->a, p, n), u);
        if (!b)
            return NULL;
        TX_PUSH(ic->a, u->branches, b);
        if (!bar)
            break;
        p = bar + 3;
    }
    return u;
}

/* The Type cell: "string", "array of string", "string[]", "integer (headcount)",
 * "string?" (nullable), words from type_words. *fmt gets an implied format. */
static itype *parse_type_cell(ictx *ic, const row *r, col c, const cell *cl, int *fmt)
{
    char *s = lower(ic->a, cl->s);
    const char *named = NULL;
    *fmt = F_NONE;
    size_t n = strlen(s);
    if (n && s[n - 1] == ')') {
        char *open = strrchr(s, '(');
        if (open && !strchr(open, '|')) {   /* not "array of (a | b)" */
            /* the name keeps its case: take it from the original text */
            size_t off = (size_t)(open - s);
            named = trim_dup(ic->a, cl->s + off + 1, n - off - 2);
            if (!ident_ok(named)) {
                diag(ic, TX_SEV_ERROR, "csv-type", cell_span(ic, cl), "bad type name '%s' in %s", named,
                     at(ic, r, c));
                return NULL;
            }
            s = trim_dup(ic->a, s, off);
            n = strlen(s);
        }
    }
    bool nullable = false;
    if (n && s[n - 1] == '?') {
        nullable = true;
        s[--n] = '\0';
    }
    if (strncmp(s, "array of (", 10) == 0 && s[n - 1] == ')') {
        /* items of a union */
        itype *u = parse_union(ic, r, c, cl, tx_arena_strndup(ic->a, cl->s + 10, n - 11));
        if (!u)
            return NULL;
        itype *t = new_type(ic, TX_ARRAY);
        t->items = u;
        t->named = named;
        t->nullable = nullable;
        return t;
    }
    if (strstr(s, " | ")) {
        itype *u = parse_union(ic, r, c, cl, tx_arena_strndup(ic->a, cl->s, n));
        if (u) {
            u->named = named;
            u->nullable = nullable;
        }
        return u;
    }
    const char *item = NULL;
    if (strncmp(s, "array of ", 9) == 0)
        item = s + 9;
    else if (strncmp(s, "list of ", 8) == 0)
        item = s + 8;
    else if ((strncmp(s, "array<", 6) == 0 || strncmp(s, "list<", 5) == 0) && n && s[n - 1] == '>') {
        s[n - 1] = '\0';
        item = strchr(s, '<') + 1;
    } else if (n > 2 && strcmp(s + n - 2, "[]") == 0) {
        s[n - 2] = '\0';
        item = s;
    }
    itype *t;
    if (item) {
        int w = type_word(trim_dup(ic->a, item, strlen(item)));
        if (w < 0) {
            unknown_type(ic, r, c, cl, item);
            return NULL;
        }
        t = new_type(ic, TX_ARRAY);
        t->items = new_type(ic, type_words[w].base);
        *fmt = type_words[w].fmt;
    } else {
        int w = type_word(s);
        if (w < 0) {
            unknown_type(ic, r, c, cl, s);
            return NULL;
        }
        t = new_type(ic, type_words[w].base);
        *fmt = type_words[w].fmt;
    }
    t->named = named;
    t->nullable = nullable;
    return t;
}

/* One value of a list: plain text, or a JSON-style "quoted" string; then an
 * optional description in parentheses (plain, or quoted). Returns the
 * position after it, or NULL on a syntax error. */
static const char *json_unquote(tx_arena *a, const char *p, const char **out)
{
    tx_sb sb = TX_SB_INIT;
    p++;
    while (*p && *p != '"') {
        if (*p == '\\') {
            p++;
            switch (*p) {
            case '"': case '\\': case '/': tx_sb_addc(&sb, *p); break;
            case 'n': tx_sb_addc(&sb, '\n'); break;
            case 't': tx_sb_addc(&sb, '\t'); break;
            case 'r': tx_sb_addc(&sb, '\r'); break;
            case 'b': tx_sb_addc(&sb, '\b'); break;
            case 'f': tx_sb_addc(&sb, '\f'); break;
            case 'u': {
                unsigned v = 0;
                for (int k = 1; k <= 4; k++) {
                    char h = p[k];
                    if (!isxdigit((unsigned char)h)) {
                        tx_sb_release(&sb);
                        return NULL;
                    }
                    v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower((unsigned char)h) - 'a' + 10));
                }
                p += 4;
                if (v >= 0xD800 && v <= 0xDBFF && p[1] == '\\' && p[2] == 'u') {
                    unsigned lo = 0;
                    for (int k = 3; k <= 6; k++) {
                        char h = p[k];
                        if (!isxdigit((unsigned char)h)) {
                            tx_sb_release(&sb);
                            return NULL;
                        }
                        lo = lo * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0' : (tolower((unsigned char)h) - 'a' + 10));
                    }
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                        p += 6;
                    }
                }
                if (v >= 0xD800 && v <= 0xDFFF) {
                    tx_sb_release(&sb);
                    return NULL;
                }
                char u[4];
                tx_sb_add(&sb, u, tx_utf8_encode(v, u));
                break;
            }
            default:
                tx_sb_release(&sb);
                return NULL;
            }
            p++;
            continue;
        }
        tx_sb_addc(&sb, *p++);
    }
    if (*p != '"') {
        tx_sb_release(&sb);
        return NULL;
    }
    *out = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return p + 1;
}

static const char *list_item(tx_arena *a, const char *p, const char **val, const char **desc)
{
    while (is_space(*p))
        p++;
    *desc = NULL;
    if (*p == '"') {
        p = json_unquote(a, p, val);
        if (!p)
            return NULL;
    } else {
        const char *b = p;
        /* plain: up to ',' or a " (" that opens a description */
        while (*p && *p != ',' && !(*p == ' ' && p[1] == '('))
            p++;
        *val = trim_dup(a, b, (size_t)(p - b));
    }
    while (is_space(*p))
        p++;
    if (*p == '(') {
        p++;
        while (is_space(*p))
            p++;
        if (*p == '"') {
            p = json_unquote(a, p, desc);
            if (!p)
                return NULL;
            while (is_space(*p))
                p++;
        } else {
            const char *b = p;
            while (*p && *p != ')')
                p++;
            *desc = trim_dup(a, b, (size_t)(p - b));
        }
        if (*p != ')')
            return NULL;
        p++;
        while (is_space(*p))
            p++;
    }
    if (*p && *p != ',')
        return NULL;
    return p;
}

static bool range_text(ictx *ic, const char *s, const char *sep, const char **lo, const char **hi)
{
    const char *m = strstr(s, sep);
    if (!m)
        return false;
    *lo = trim_dup(ic->a, s, (size_t)(m - s));
    *hi = trim_dup(ic->a, m + strlen(sep), strlen(m + strlen(sep)));
    return true;
}

/* Allowed values (exact grammar): "a, b (desc), \"c, d\"" or "0..20". */
static bool parse_allowed(ictx *ic, const row *r, const cell *cl, itype *t)
{
    if (!cl->n)
        return true;
    itype *v = t->base == TX_ARRAY && t->items ? t->items : t;
    if (v->base == TX_OBJECT || v->base == TX_ARRAY) {
        diag(ic, TX_SEV_ERROR, "csv-value", cell_span(ic, cl), "allowed values for a %s in %s",
             tx_base_name(v->base), at(ic, r, C_ALLOWED));
        return false;
    }
    const char *lo, *hi;
    bool has_int = v->base == TX_INTEGER, has_num = v->base == TX_NUMBER, has_bool = false;
    for (size_t i = 0; i < v->branches.n; i++) {
        tx_base bb = v->branches.items[i]->named ? TX_UNION : v->branches.items[i]->base;
        has_int |= bb == TX_INTEGER;
        has_num |= bb == TX_NUMBER;
        has_bool |= bb == TX_BOOLEAN;
    }
    if ((has_int || has_num) && cl->s[0] != '"' && range_text(ic, cl->s, "..", &lo, &hi)) {
        bool io = has_int && !has_num;
        if ((*lo && !is_number(lo, io)) || (*hi && !is_number(hi, io)) || (!*lo && !*hi)) {
            diag(ic, TX_SEV_ERROR, "csv-value", cell_span(ic, cl), "bad range '%s' in %s; write MIN..MAX, MIN.. or ..MAX",
                 cl->s, at(ic, r, C_ALLOWED));
            return false;
        }
        v->min = *lo ? lo : NULL;
        v->max = *hi ? hi : NULL;
        return true;
    }
    const char *p = cl->s;
    while (*p) {
        const char *val, *desc;
        while (is_space(*p))
            p++;
        bool quoted = *p == '"';
        const char *q = list_item(ic->a, p, &val, &desc);
        if (!q) {
            diag(ic, TX_SEV_ERROR, "csv-value", cell_span(ic, cl),
                 "cannot read the allowed values '%s' in %s; separate values with commas and quote "
                 "values holding commas as \"...\"", cl->s, at(ic, r, C_ALLOWED));
            return false;
        }
        bool bad = (v->base == TX_INTEGER && !is_number(val, true)) ||
                   (v->base == TX_NUMBER && !is_number(val, false)) ||
                   (v->base == TX_BOOLEAN && strcmp(val, "true") && strcmp(val, "false"));
        if (bad) {
            diag(ic, TX_SEV_ERROR, "csv-value", cell_span(ic, cl), "allowed value '%s' in %s is not %s", val,
                 at(ic, r, C_ALLOWED), v->base == TX_INTEGER ? "an integer" : v->base == TX_NUMBER ? "a number"
                                                                                : "true or false");
            return false;
        }
        bool dup = false;
        for (size_t i = 0; i < v->enums.n && !dup; i++)
            dup = strcmp(v->enums.items[i].val, val) == 0;
        if (dup) {
            diag(ic, TX_SEV_WARNING, "csv-value", cell_span(ic, cl), "allowed value '%s' listed twice in %s",
                 val, at(ic, r, C_ALLOWED));
        } else {
            /* a union's value: quoted is a string (export quotes a string
             * that reads as another kind), else what it reads as */
            tx_base kind = v->base;
            if (v->base == TX_UNION)
                kind = quoted ? TX_STRING
                       : has_bool && (!strcmp(val, "true") || !strcmp(val, "false")) ? TX_BOOLEAN
                       : has_int && is_number(val, true) ? TX_INTEGER
                       : (has_int || has_num) && is_number(val, false) ? TX_NUMBER
                       : TX_STRING;
            ienum e = { val, desc && *desc ? desc : NULL, kind };
            TX_PUSH(ic->a, v->enums, e);
        }
        p = *q == ',' ? q + 1 : q;
    }
    return true;
}

static bool is_format_name(const char *s)
{
    static const char *const names[] = { "date", "date-time", "time", "uuid", "email", "uri" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0)
            return true;
    return false;
}

/* A format written as a word or a date pattern; NULL when it is neither. */
static const char *format_of(ictx *ic, const char *s)
{
    const char *l = lower(ic->a, s);
    if (is_format_name(l))
        return l;
    if (strcmp(l, "datetime") == 0 || strcmp(l, "timestamp") == 0)
        return "date-time";
    if (strcmp(l, "url") == 0)
        return "uri";
    const char *err = NULL;
    if (tx_date_pattern_compile(ic->a, s, &err))
        return s;
    return NULL;
}

/* Format clauses (exact grammar), separated by ';', "pattern RE" last. */
static bool parse_format_clauses(ictx *ic, const row *r, const cell *cl, itype *t)
{
    const char *p = cl->s;
    while (*p) {
        while (is_space(*p) || *p == ';')
            p++;
        if (!*p)
            break;
        itype *target = t;
        const char *q = p;
        if (strncmp(q, "items ", 6) == 0) {
            if (t->base != TX_ARRAY || !t->items) {
                diag(ic, TX_SEV_ERROR, "csv-format", cell_span(ic, cl), "'items' clause for a %s in %s",
                     tx_base_name(t->base), at(ic, r, C_FORMAT));
                return false;
            }
            target = t->items;
            q += 6;
        }
        if (strncmp(q, "pattern ", 8) == 0) {
            /* verbatim: a space at either end is part of the expression (an
             * unquoted cell is trimmed already; a quoted one keeps its text) */
            target->pattern = tx_arena_strdup(ic->a, q + 8);
            if (!*target->pattern) {
                diag(ic, TX_SEV_ERROR, "csv-format", cell_span(ic, cl), "empty pattern in %s",
                     at(ic, r, C_FORMAT));
                return false;
            }
            break;  /* the pattern takes the rest of the cell */
        }
        if (*q == '"') {
            /* a date pattern in double quotes ("" is a quote): how export
             * csv writes one holding ';' or edge spaces */
            tx_sb dp = TX_SB_INIT;
            const char *s = q + 1;
            for (;; s++) {
                if (!*s)
                    break;
                if (*s == '"') {
                    if (s[1] != '"')
                        break;
                    s++;
                }
                tx_sb_addc(&dp, *s);
            }
            const char *err = NULL;
            bool ok = *s == '"' && dp.len && tx_date_pattern_compile(ic->a, dp.buf, &err);
            if (ok)
                target->format = tx_arena_strndup(ic->a, dp.buf, dp.len);
            tx_sb_release(&dp);
            if (!ok) {
                diag(ic, TX_SEV_ERROR, "csv-format", cell_span(ic, cl),
                     "cannot read the quoted date pattern in %s: %s", at(ic, r, C_FORMAT),
                     *s != '"' ? "no closing quote" : err ? err : "it is empty");
                return false;
            }
            p = s + 1;
            while (is_space(*p))
                p++;
            if (*p && *p != ';') {
                diag(ic, TX_SEV_ERROR, "csv-format", cell_span(ic, cl),
                     "'; ' expected after the quoted date pattern in %s", at(ic, r, C_FORMAT));
                return false;
            }
            continue;
        }
        const char *e = strchr(q, ';');
        size_t n = e ? (size_t)(e - q) : strlen(q);
        const char *cls = trim_dup(ic->a, q, n);
        p = q + n;
        int64_t v;
        const char *num;
        if (strcmp(cls, "nullable") == 0) {
            target->nullable = true;
        } else if (target == t && strcmp(cls, "additional") == 0) {
            t->open = true;     /* other members: any value */
        } else if (target == t && strncmp(cls, "additional ", 11) == 0) {
            /* other members of this type (its constraints: the "parent.*" row) */
            cell sub = *cl;
            sub.s = cls + 11;
            sub.n = strlen(sub.s);
            int f;
            t->open = true;
            if (!(t->additional = parse_type_cell(ic, r, C_FORMAT, &sub, &f)))
                return false;
        } else if (strncmp(cls, "type ", 5) == 0 && target != t && ident_ok(cls + 5)) {
            target->named = cls + 5;    /* "items type NAME" */
        } else if (strncmp(cls, "min length ", 11) == 0 && parse_count(cls + 11, &v)) {
            target->min_len = v;
        } else if (strncmp(cls, "max length ", 11) == 0 && parse_count(cls + 11, &v)) {
            target->max_len = v;
        } else if (strncmp(cls, "min items ", 10) == 0 && parse_count(cls + 10, &v) && target == t) {
            target->min_items = v;
        } else if (strncmp(cls, "max items ", 10) == 0 && parse_count(cls + 10, &v) && target == t) {
            target->max_items = v;
        } else if ((strncmp(cls, "min ", 4) == 0 || strncmp(cls, "max ", 4) == 0) &&
                   is_number(num = cls + 4, target->base == TX_INTEGER)) {
            if (cls[1] == 'i')
                target->min = num;
            else
                target->max = num;
        } else if ((num = format_of(ic, cls)) != NULL) {
            target->format = num;
        } else {
            diag(ic, TX_SEV_ERROR, "csv-format", cell_span(ic, cl),
                 "cannot read '%s' in %s; clauses: a format (date, date-time, time, uuid, email, uri "
                 "or a date pattern such as yyyyMMdd), nullable, min/max length N, min/max items N, "
                 "min/max N, additional, additional TYPE, pattern RE, items type NAME", cls,
                 at(ic, r, C_FORMAT));
            return false;
        }
    }
    return true;
}

/* ---- hand-made sheets: what a Value cell means ----------------------------------------
 * A Value cell holds examples for some rows and allowed values for others.
 * A list becomes an enum only when the property looks like a closed set:
 *  1. a marker such as "e.g.", "예:", "예시", "등" or "..." means examples;
 *  2. a name word like type, method, category, status, tier, mode, platform,
 *     channel, gender, step, tab (and no open word) means a closed set;
 *  3. a name word like term, query, keyword, name, title, id, sku, url,
 *     location, city, country, region, address, count, amount, price means
 *     examples;
 *  4. the same, then, for the description: 유형 구분 수단 종류 타입 방식 상태
 *     등급 여부 카테고리 분류 채널 플랫폼 성별 단계 (closed) and 검색어 이름
 *     명칭 제목 주소 지역 아이디 코드 번호 금액 가격 횟수 or a trailing 수
 *     (open);
 *  5. otherwise examples, with a note suggesting an "Allowed values" column.
 * Numbers follow the same rules; "A~B" / "A..B" / "A-B" is a range. */

static const char *const closed_words[] = {
    "type", "types", "kind", "method", "category", "categories", "status", "state", "tier",
    "grade", "mode", "platform", "channel", "gender", "step", "tab", "sort",
};
static const char *const open_words[] = {
    "term", "query", "keyword", "keywords", "name", "title", "id", "sku", "url", "uri", "link",
    "location", "path", "city", "country", "region", "address", "text", "message", "comment",
    "code", "email", "phone", "count", "number", "num", "amount", "price", "total", "value",
};
static const char *const closed_ko[] = {
    "유형", "구분", "수단", "종류", "타입", "방식", "상태", "등급", "여부", "카테고리", "분류",
    "채널", "플랫폼", "성별", "단계",
};
static const char *const open_ko[] = {
    "검색어", "이름", "명칭", "제목", "주소", "지역", "아이디", "코드", "번호", "금액", "가격", "횟수", "URL",
};

static bool word_in(const char *w, size_t n, const char *const *list, size_t ln)
{
    for (size_t i = 0; i < ln; i++)
        if (strlen(list[i]) == n && strncmp(list[i], w, n) == 0)
            return true;
    return false;
}

/* Splits a name into lowercase words (snake_case, kebab, camelCase). */
static void name_words(const char *name, bool *closed, bool *open)
{
    char w[64];
    size_t k = 0;
    *closed = *open = false;
    for (const char *p = name;; p++) {
        bool boundary = !*p || *p == '_' || *p == '-' || *p == ' ' || *p == '.' ||
                        (isupper((unsigned char)*p) && k > 0);
        if (boundary && k) {
            *closed |= word_in(w, k, closed_words, sizeof closed_words / sizeof closed_words[0]);
            *open |= word_in(w, k, open_words, sizeof open_words / sizeof open_words[0]);
            k = 0;
        }
        if (!*p)
            break;
        if (*p != '_' && *p != '-' && *p != ' ' && *p != '.' && k < sizeof w)
            w[k++] = (char)tolower((unsigned char)*p);
    }
}

static bool has_any(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, list[i]))
            return true;
    return false;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

typedef enum { V_EXAMPLES, V_ENUM, V_UNSURE } vclass;

static vclass classify_values(const char *value, const char *name, const char *desc)
{
    static const char *const markers[] = { "e.g.", "eg.", "ex)", "ex.", "예:", "예)", "예시", "...", "…", " 등" };
    if (has_any(value, markers, sizeof markers / sizeof markers[0]))
        return V_EXAMPLES;
    bool nc, no;
    name_words(name, &nc, &no);
    if (nc && !no)
        return V_ENUM;
    if (no)
        return V_EXAMPLES;
    if (desc && *desc) {
        if (has_any(desc, closed_ko, sizeof closed_ko / sizeof closed_ko[0]))
            return V_ENUM;
        if (has_any(desc, open_ko, sizeof open_ko / sizeof open_ko[0]) || ends_with(desc, "수"))
            return V_EXAMPLES;
        bool dc, dn;
        name_words(desc, &dc, &dn);
        if (dc && !dn)
            return V_ENUM;
        if (dn)
            return V_EXAMPLES;
    }
    return V_UNSURE;
}

/* A concrete date or time such as 20240315 or 2024-03-15 10:00:00 turned
 * into the pattern it follows; NULL when it does not look like one. */
static const char *pattern_from_example(ictx *ic, const char *v, int fmt)
{
    size_t n = strlen(v);
    if (n >= 20 && n <= 35 && (v[10] == 'T' || v[10] == 't') && isdigit((unsigned char)v[0]))
        return "date-time";
    static const char *const fields[] = { "yyyy", "MM", "dd", "HH", "mm", "ss", "SSS" };
    static const size_t widths[] = { 4, 2, 2, 2, 2, 2, 3 };
    tx_sb sb = TX_SB_INIT;
    size_t f = 0;
    const char *p = v;
    bool ok = true;
    while (*p && ok) {
        if (isdigit((unsigned char)*p)) {
            size_t run = 0;
            while (isdigit((unsigned char)p[run]))
                run++;
            size_t used = 0;
            while (used < run && f < 7 && used + widths[f] <= run) {
                tx_sb_adds(&sb, fields[f]);
                used += widths[f++];
            }
            ok = used == run;
            p += run;
        } else if (strchr("-./: ", *p)) {
            tx_sb_addc(&sb, *p++);
        } else {
            ok = false;
        }
    }
    const char *r = NULL;
    if (ok && f >= 3) {
        const char *err;
        if (strcmp(sb.buf, "yyyy-MM-dd") == 0)
            r = "date";
        else if (tx_date_pattern_compile(ic->a, sb.buf, &err) &&
                 tx_date_pattern_match(tx_date_pattern_compile(ic->a, sb.buf, &err), v, n))
            r = tx_arena_strdup(ic->a, sb.buf);
    }
    (void)fmt;
    tx_sb_release(&sb);
    return r;
}

static bool looks_like_date_pattern(const char *s)
{
    return strstr(s, "yy") || strstr(s, "YY") || strstr(s, "dd") || strstr(s, "HH");
}

static void split_values(ictx *ic, const char *s, strvec *out)
{
    const char *p = s;
    while (*p) {
        const char *b = p;
        while (*p && *p != ',' && *p != '\n')
            p++;
        const char *v = trim_dup(ic->a, b, (size_t)(p - b));
        bool dup = false;
        for (size_t i = 0; i < out->n && !dup; i++)
            dup = strcmp(out->items[i], v) == 0;
        if (*v && !dup)
            TX_PUSH(ic->a, *out, v);
        if (*p)
            p++;
    }
}

/* Interprets a Value/Example cell for a hand-made sheet. */
static void read_value_cell(ictx *ic, const row *r, col c, const cell *cl, iprop *pp, itype *t,
                            int fmt, const char *name, const char *desc, bool first)
{
    itype *v = t->base == TX_ARRAY && t->items ? t->items : t;
    if (fmt != F_NONE) {
        /* Date / DateTime / Time: the value gives the pattern, or is an example */
        const char *f = NULL;
        if (cl->n && looks_like_date_pattern(cl->s)) {
            f = format_of(ic, cl->s);
            if (!f)
                diag(ic, TX_SEV_WARNING, "csv-format", cell_span(ic, cl),
                     "'%s' in %s looks like a date pattern but is not one; using format '%s'", cl->s,
                     at(ic, r, c), fmt == F_DATE ? "date" : fmt == F_TIME ? "time" : "date-time");
        } else if (cl->n) {
            f = pattern_from_example(ic, cl->s, fmt);
            if (pp)
                pp->examples = cl->s;
        }
        if (!f)
            f = fmt == F_DATE ? "date" : fmt == F_TIME ? "time" : "date-time";
        v->format = f;
        return;
    }
    if (!cl->n)
        return;
    if (c == C_EXAMPLE || v->base == TX_BOOLEAN || v->base == TX_OBJECT) {
        pp->examples = cl->s;
        return;
    }
    const char *lo, *hi;
    if (v->base == TX_INTEGER || v->base == TX_NUMBER) {
        bool io = v->base == TX_INTEGER;
        if ((range_text(ic, cl->s, "..", &lo, &hi) || range_text(ic, cl->s, "~", &lo, &hi) ||
             (cl->s[0] != '-' && range_text(ic, cl->s, "-", &lo, &hi))) &&
            (*lo || *hi) && (!*lo || is_number(lo, io)) && (!*hi || is_number(hi, io))) {
            v->min = *lo ? lo : NULL;
            v->max = *hi ? hi : NULL;
            return;
        }
    }
    strvec vals = { 0 };
    split_values(ic, cl->s, &vals);
    vclass k = vals.n >= 2 ? classify_values(cl->s, name, desc) : V_EXAMPLES;
    if (k == V_ENUM && (v->base == TX_INTEGER || v->base == TX_NUMBER))
        for (size_t i = 0; i < vals.n; i++)
            if (!is_number(vals.items[i], v->base == TX_INTEGER))
                k = V_EXAMPLES;
    if (k == V_ENUM) {
        for (size_t i = 0; i < vals.n; i++) {
            ienum e = { vals.items[i], NULL, v->base };
            TX_PUSH(ic->a, v->enums, e);
        }
        if (first)
            diag(ic, TX_SEV_INFO, "csv-enum", cell_span(ic, cl),
                 "values of '%s' in %s taken as its allowed values (a closed list)", name, at(ic, r, c));
        return;
    }
    pp->examples = cl->s;
    if (k == V_UNSURE && first)
        diag(ic, TX_SEV_INFO, "csv-examples", cell_span(ic, cl),
             "values of '%s' in %s taken as examples; put them in an 'Allowed values' column to make "
             "them a closed list", name, at(ic, r, c));
}

/* "[deprecated: reason] [pii] [owner: team] text" */
static imeta read_meta(ictx *ic, const char *s)
{
    imeta m = { 0 };
    const char *p = s;          /* after the last tag */
    for (;;) {
        const char *q = p;
        while (is_space(*q))
            q++;
        const char *e = *q == '[' ? strchr(q, ']') : NULL;
        if (!e)
            break;
        if (strncmp(q, "[deprecated]", 12) == 0) {
            m.deprecated = true;
        } else if (strncmp(q, "[deprecated: ", 13) == 0) {
            m.deprecated = true;
            m.dep_reason = trim_dup(ic->a, q + 13, (size_t)(e - q - 13));
        } else if (strncmp(q, "[pii]", 5) == 0) {
            m.pii = true;
        } else if (strncmp(q, "[owner: ", 8) == 0) {
            m.owner = trim_dup(ic->a, q + 8, (size_t)(e - q - 8));
        } else {
            break;
        }
        p = e + 1;
    }
    if (p != s && *p == ' ')
        p++;                    /* the one space export writes after the tags */
    m.desc = *p ? p : NULL;
    return m;
}

static const char *const req_yes[] = { "required", "yes", "y", "true", "o", "필수", "✓", "✔", "v", "●", "1", "r" };
static const char *const req_no[] = { "optional", "no", "n", "false", "x", "선택", "-", "0", "옵션" };

static int read_required(ictx *ic, const row *r, const cell *cl)
{
    if (!cl->n)
        return 0;
    const char *l = lower(ic->a, cl->s);
    if (word_in(l, strlen(l), req_yes, sizeof req_yes / sizeof req_yes[0]))
        return 1;
    if (word_in(l, strlen(l), req_no, sizeof req_no / sizeof req_no[0]))
        return 0;
    diag(ic, TX_SEV_ERROR, "csv-required", cell_span(ic, cl),
         "cannot read '%s' in %s; write required or optional (Y/N, O/X, 필수/선택 are read too)", cl->s,
         at(ic, r, C_REQUIRED));
    return -1;
}

/* "required (variant)" / "optional (variant)": the row is the event's (or
 * group's) own definition of the property (issue 16); *rc gets the cell
 * without the marker. */
static bool variant_marked(ictx *ic, const cell *cl, cell *rc)
{
    *rc = *cl;
    if (!ends_with(cl->s, "(variant)"))
        return false;
    rc->s = trim_dup(ic->a, cl->s, cl->n - 9);
    rc->n = strlen(rc->s);
    return true;
}

static bool itype_eq(const itype *a, const itype *b)
{
    if (!a || !b)
        return a == b;
    if (a->base != b->base || a->nullable != b->nullable || a->enums.n != b->enums.n ||
        a->min_len != b->min_len || a->max_len != b->max_len || a->min_items != b->min_items ||
        a->max_items != b->max_items)
        return false;
#define SEQ(x, y) ((!(x) && !(y)) || ((x) && (y) && strcmp((x), (y)) == 0))
    if (!SEQ(a->min, b->min) || !SEQ(a->max, b->max) || !SEQ(a->pattern, b->pattern) ||
        !SEQ(a->format, b->format) || !SEQ(a->named, b->named) || a->fields.n != b->fields.n ||
        a->open != b->open || !itype_eq(a->additional, b->additional) || a->branches.n != b->branches.n)
        return false;
    for (size_t i = 0; i < a->branches.n; i++)
        if (!itype_eq(a->branches.items[i], b->branches.items[i]))
            return false;
    for (size_t i = 0; i < a->fields.n; i++)
        if (strcmp(a->fields.items[i].name, b->fields.items[i].name) != 0 ||
            a->fields.items[i].required != b->fields.items[i].required ||
            !itype_eq(a->fields.items[i].type, b->fields.items[i].type))
            return false;
    for (size_t i = 0; i < a->enums.n; i++)
        if (strcmp(a->enums.items[i].val, b->enums.items[i].val) != 0 ||
            !SEQ(a->enums.items[i].desc, b->enums.items[i].desc))
            return false;
#undef SEQ
    return itype_eq(a->items, b->items);
}

static const char *type_summary(ictx *ic, const itype *t)
{
    if (t->base == TX_ARRAY && t->items)
        return tx_arena_printf(ic->a, "array of %s", tx_base_name(t->items->base));
    return tx_base_name(t->base);
}

/* ---- rows -> model ------------------------------------------------------------------------ */

static size_t event_of(ictx *ic, const row *r, const cell *name_cell, const char *category)
{
    size_t k = hm_get(&ic->event_ix, name_cell->s);
    if (k) {
        ievent *e = &ic->events.items[k - 1];
        tx_diag *dg = diag(ic, TX_SEV_WARNING, "csv-duplicate", cell_span(ic, name_cell),
                           "event '%s' in row %zu was already listed; its rows are merged", name_cell->s, r->no);
        tx_diag_note(ic->d, dg, e->span, "first listed here");
        if (category && e->category && strcmp(category, e->category) != 0)
            diag(ic, TX_SEV_WARNING, "csv-conflict", cell_span(ic, name_cell),
                 "event '%s' has category '%s' here but '%s' before; the first is kept", name_cell->s,
                 category, e->category);
        return k - 1;
    }
    ievent e = { 0 };
    e.name = name_cell->s;
    e.row = r->no;
    e.span = cell_span(ic, name_cell);
    TX_PUSH(ic->a, ic->events, e);
    hm_put(&ic->event_ix, e.name, ic->events.n);
    return ic->events.n - 1;
}

static void event_fields(ictx *ic, const row *r, ievent *e, const char *category)
{
    const cell *d = get(ic, r, C_EVENT_DESC), *tr = get(ic, r, C_TRIGGER);
    if (!e->category && category)
        e->category = category;
    if (d->n && !e->meta.desc && !e->meta.deprecated && !e->meta.owner)
        e->meta = read_meta(ic, d->s);
    if (tr->n) {
        if (!e->trigger)
            e->trigger = tr->s;
        else if (strcmp(e->trigger, tr->s) != 0)
            diag(ic, TX_SEV_WARNING, "csv-conflict", cell_span(ic, tr),
                 "event '%s' has a second trigger in %s; the first is kept", e->name, at(ic, r, C_TRIGGER));
    }
}

/* The type of a row (a property or a member): Type/Format/Allowed values/
 * Value cells. `first` is false when the property was seen before (its
 * notes are not repeated). NULL after an error. */
static itype *row_type(ictx *ic, const row *r, const char *name, const imeta *m, const char **examples,
                       bool first)
{
    itype *t;
    int fmt = F_NONE;
    col tcol = ic->exported ? C_TYPE : C_FORMAT;
    const cell *tc = get(ic, r, tcol);
    if (tc->n) {
        t = parse_type_cell(ic, r, tcol, tc, &fmt);
        if (!t)
            return NULL;
    } else {
        t = new_type(ic, TX_STRING);
        if (ic->colmap[tcol] >= 0 && first)
            diag(ic, TX_SEV_INFO, "csv-type", (tx_span){ ic->file, r->start, r->start },
                 "no type for '%s' in %s; string assumed", name, at(ic, r, tcol));
    }
    bool ok = true;
    iprop holder = { 0 };
    if (ic->exported) {
        const cell *fc = get(ic, r, C_FORMAT);
        if (fc->n)
            ok &= parse_format_clauses(ic, r, fc, t);
        if (fmt != F_NONE) {
            itype *v = t->base == TX_ARRAY && t->items ? t->items : t;
            if (!v->format)
                v->format = fmt == F_DATE ? "date" : fmt == F_TIME ? "time" : "date-time";
        }
        ok &= parse_allowed(ic, r, get(ic, r, C_ALLOWED), t);
        const cell *vc = get(ic, r, ic->colmap[C_VALUE] >= 0 ? C_VALUE : C_EXAMPLE);
        if (vc->n)
            holder.examples = vc->s;
    } else {
        const cell *ac = get(ic, r, C_ALLOWED);
        if (ac->n)
            ok &= parse_allowed(ic, r, ac, t);
        col vcol = ic->colmap[C_VALUE] >= 0 ? C_VALUE : C_EXAMPLE;
        if (fmt != F_NONE || !ac->n)
            read_value_cell(ic, r, vcol, get(ic, r, vcol), &holder, t, fmt, name, m->desc, first);
        if (vcol == C_VALUE && get(ic, r, C_EXAMPLE)->n)
            holder.examples = get(ic, r, C_EXAMPLE)->s;
    }
    if (!ok)
        return NULL;
    *examples = holder.examples;
    /* a named type is defined by its first row; so are the items' */
    itype *uses[2] = { t, t->items };
    for (size_t i = 0; i < 2; i++) {
        if (!uses[i] || !uses[i]->named)
            continue;
        size_t k = hm_get(&ic->named_ix, uses[i]->named);
        if (!k) {
            inamed nt = { uses[i]->named, uses[i], r->no, cell_span(ic, tc), { 0 }, false };
            TX_PUSH(ic->a, ic->named, nt);
            hm_put(&ic->named_ix, uses[i]->named, ic->named.n);
        } else {
            pending pd = { uses[i], (size_t)-1, k - 1, cell_span(ic, tc), r->no };
            TX_PUSH(ic->a, ic->pend, pd);
        }
    }
    return t;
}

static void register_objects(ictx *ic, const char *path, itype *t)
{
    if (t->base == TX_OBJECT || t->base == TX_UNION) {     /* a union: its object branch */
        objctx o = { path, t };
        TX_PUSH(ic->a, ic->objs, o);
    } else if (t->base == TX_ARRAY && t->items && t->items->base == TX_OBJECT) {
        objctx o = { tx_arena_printf(ic->a, "%s[]", path), t->items };
        TX_PUSH(ic->a, ic->objs, o);
    }
}

static const char *summary(ictx *ic, const itype *t)
{
    bool en = t->enums.n || (t->items && t->items->enums.n);
    return tx_arena_printf(ic->a, "%s%s", type_summary(ic, t), en ? " with allowed values" : "");
}

/* Definitions met again are compared once their member rows are in. */
static void flush_pending(ictx *ic)
{
    for (size_t i = 0; i < ic->pend.n; i++) {
        const pending *pd = &ic->pend.items[i];
        if (pd->prop == (size_t)-1) {
            const inamed *nt = &ic->named.items[pd->named];
            if (!itype_eq(nt->type, pd->fresh)) {
                tx_diag *dg = diag(ic, TX_SEV_WARNING, "csv-conflict", pd->span,
                                   "type '%s' is described differently in row %zu; the first description is kept",
                                   nt->name, pd->row);
                tx_diag_note(ic->d, dg, nt->span, "first described here");
            }
            continue;
        }
        const iprop *p = &ic->props.items[pd->prop];
        if (!itype_eq(p->type, pd->fresh)) {
            tx_diag *dg = diag(ic, TX_SEV_WARNING, "csv-conflict", pd->span,
                               "property '%s' is %s in row %zu but %s in row %zu; the first definition is kept",
                               p->name, summary(ic, pd->fresh), pd->row, summary(ic, p->type), p->row);
            tx_diag_note(ic->d, dg, p->span, "first defined here");
        }
    }
    ic->pend.n = 0;
}

/* A property row: merged into the dictionary (first definition wins).
 * Returns the index or -1. */
static long property_of(ictx *ic, const row *r, const cell *name_cell)
{
    const char *name = name_cell->s;
    const cell *dcell = get(ic, r, C_PROP_DESC);
    imeta m = dcell->n ? read_meta(ic, dcell->s) : (imeta){ 0 };
    size_t k = hm_get(&ic->prop_ix, name);
    const char *examples = NULL;
    itype *t = row_type(ic, r, name, &m, &examples, k == 0);
    if (!t)
        return -1;
    register_objects(ic, name, t);
    if (!k) {
        iprop np = { 0 };
        np.name = name;
        np.row = r->no;
        np.span = cell_span(ic, name_cell);
        np.meta = m;
        np.type = t;
        np.examples = examples;
        TX_PUSH(ic->a, ic->props, np);
        hm_put(&ic->prop_ix, name, ic->props.n);
        return (long)ic->props.n - 1;
    }
    iprop *p = &ic->props.items[k - 1];
    pending pd = { t, k - 1, 0, cell_span(ic, name_cell), r->no };
    TX_PUSH(ic->a, ic->pend, pd);
    if (m.desc && p->meta.desc && strcmp(m.desc, p->meta.desc) != 0) {
        bool seen = false;
        const char *note = tx_arena_printf(ic->a, "also described as '%s' (row %zu)", m.desc, r->no);
        for (size_t i = 0; i < p->notes.n && !seen; i++)
            seen = strcmp(p->notes.items[i], note) == 0;
        if (!seen)
            TX_PUSH(ic->a, p->notes, note);
        diag(ic, TX_SEV_INFO, "csv-description", cell_span(ic, dcell),
             "property '%s' is described differently in %s; the description from row %zu is kept", name,
             at(ic, r, C_PROP_DESC), p->row);
    } else if (m.desc && !p->meta.desc) {
        p->meta.desc = m.desc;
    }
    if (!p->examples && examples)
        p->examples = examples;
    p->meta.deprecated |= m.deprecated;
    if (m.dep_reason && !p->meta.dep_reason)
        p->meta.dep_reason = m.dep_reason;
    if (m.owner && !p->meta.owner)
        p->meta.owner = m.owner;
    p->meta.pii |= m.pii;
    return (long)k - 1;
}

/* A member row "parent.member" / "parent[].member": a field of the object
 * named by the nearest property row above in the same block. */
static bool member_of(ictx *ic, const row *r, const cell *pc)
{
    const char *dot = strrchr(pc->s, '.');
    const char *parent = tx_arena_strndup(ic->a, pc->s, (size_t)(dot - pc->s));
    const char *fname = dot + 1;
    itype *obj = NULL;
    for (size_t i = ic->objs.n; i-- > 0 && !obj;)
        if (strcmp(ic->objs.items[i].path, parent) == 0)
            obj = ic->objs.items[i].type;
    if (!obj) {     /* an empty member name ("parent.") is one, as in JSON */
        diag(ic, TX_SEV_ERROR, "csv-row", cell_span(ic, pc),
             "member row '%s' in row %zu has no object property '%s' above it", pc->s, r->no, parent);
        return false;
    }
    if (strcmp(fname, "*") == 0 && !get(ic, r, C_REQUIRED)->n) {
        /* "parent.*" with Required blank: the type of the open object's
         * other members (a member named "*" says required or optional) */
        const char *examples;
        imeta m = { 0 };
        itype *at_ = row_type(ic, r, pc->s, &m, &examples, true);
        if (!at_)
            return false;
        obj->open = true;
        obj->additional = at_;
        register_objects(ic, pc->s, at_);
        return true;
    }
    for (size_t i = 0; i < obj->fields.n; i++)
        if (strcmp(obj->fields.items[i].name, fname) == 0) {
            diag(ic, TX_SEV_WARNING, "csv-duplicate", cell_span(ic, pc),
                 "member '%s' listed twice (row %zu); the first is kept", pc->s, r->no);
            return true;
        }
    const cell *dcell = get(ic, r, C_PROP_DESC);
    ifield f = { 0 };
    f.name = fname;
    f.meta = dcell->n ? read_meta(ic, dcell->s) : (imeta){ 0 };
    int req = read_required(ic, r, get(ic, r, C_REQUIRED));
    const char *examples;
    f.type = row_type(ic, r, pc->s, &f.meta, &examples, true);
    if (!f.type || req < 0)
        return false;
    f.required = req == 1;
    TX_PUSH(ic->a, obj->fields, f);
    register_objects(ic, pc->s, f.type);
    return true;
}

/* Sections after the events (see export_csv.c), by their Event cell. */
enum { S_NONE = -1, S_USER = -2, S_GROUP = -3, S_DICT = -4, S_TYPES = -5, S_TAXONOMY = -6 };

/* "(taxonomy)": Event description = description, Property = identifier,
 * Property description = "version X.Y.Z". */
static bool taxonomy_row(ictx *ic, const row *r)
{
    const cell *d = get(ic, r, C_EVENT_DESC), *n = get(ic, r, C_PROPERTY), *v = get(ic, r, C_PROP_DESC);
    ic->tax_row = true;
    if (d->n)
        ic->tax_desc = d->s;
    if (n->n) {
        if (!tx_is_identifier(n->s)) {
            diag(ic, TX_SEV_ERROR, "csv-row", cell_span(ic, n),
                 "taxonomy name '%s' in row %zu is not an identifier ([A-Za-z_][A-Za-z0-9_]*)",
                 n->s, r->no);
            return false;
        }
        ic->tax_name = n->s;
    }
    if (v->n) {
        if (strncmp(v->s, "version ", 8) != 0) {
            diag(ic, TX_SEV_ERROR, "csv-row", cell_span(ic, v),
                 "expected 'version X.Y.Z' in row %zu (Property description of the (taxonomy) row)", r->no);
            return false;
        }
        ic->tax_version = trim_dup(ic->a, v->s + 8, v->n - 8);
    }
    return true;
}

static long section_of(ictx *ic, const row *r, const cell *ec, bool *ok)
{
    if (strcmp(ec->s, "(user properties)") == 0)
        return S_USER;
    if (strcmp(ec->s, "(properties)") == 0)
        return S_DICT;
    if (strcmp(ec->s, "(types)") == 0)
        return S_TYPES;
    if (strcmp(ec->s, "(taxonomy)") == 0)
        return taxonomy_row(ic, r) ? S_TAXONOMY : (*ok = false, S_TAXONOMY);  /* consumed either way */
    if (strncmp(ec->s, "(group ", 7) == 0 && ec->s[ec->n - 1] == ')') {
        const char *name = trim_dup(ic->a, ec->s + 7, ec->n - 8);
        for (size_t i = 0; i < ic->groups.n; i++)
            if (strcmp(ic->groups.items[i].name, name) == 0) {
                diag(ic, TX_SEV_ERROR, "csv-duplicate", cell_span(ic, ec), "group '%s' listed twice (row %zu)",
                     name, r->no);
                *ok = false;
                return S_NONE;
            }
        igroup g = { 0 };
        g.name = name;
        const cell *d = get(ic, r, C_EVENT_DESC);
        if (d->n)
            g.meta = read_meta(ic, d->s);
        TX_PUSH(ic->a, ic->groups, g);
        return S_GROUP;
    }
    diag(ic, TX_SEV_ERROR, "csv-row", cell_span(ic, ec),
         "unknown section '%s' in row %zu; sections are (user properties), (properties), (group NAME), (types)",
         ec->s, r->no);
    *ok = false;
    return S_NONE;
}

/* A row of the "(types)" section: a named type's own definition. */
static bool type_row(ictx *ic, const row *r, const cell *pc)
{
    if (!ident_ok(pc->s)) {
        diag(ic, TX_SEV_ERROR, "csv-type", cell_span(ic, pc), "bad type name '%s' in row %zu", pc->s, r->no);
        return false;
    }
    const cell *dcell = get(ic, r, C_PROP_DESC);
    imeta m = dcell->n ? read_meta(ic, dcell->s) : (imeta){ 0 };
    const char *examples;
    itype *t = row_type(ic, r, pc->s, &m, &examples, true);
    if (!t)
        return false;
    if (t->named) {
        diag(ic, TX_SEV_ERROR, "csv-type", cell_span(ic, get(ic, r, C_TYPE)),
             "the (types) row for '%s' names another type; write its base type", pc->s);
        return false;
    }
    register_objects(ic, pc->s, t);
    size_t k = hm_get(&ic->named_ix, pc->s);
    if (!k) {
        t->named = pc->s;
        inamed nt = { pc->s, t, r->no, cell_span(ic, pc), m, true };
        TX_PUSH(ic->a, ic->named, nt);
        hm_put(&ic->named_ix, pc->s, ic->named.n);
        TX_PUSH(ic->a, ic->type_order, ic->named.n - 1);
        return true;
    }
    t->named = pc->s;
    ic->named.items[k - 1].meta = m;
    if (!ic->named.items[k - 1].listed) {
        ic->named.items[k - 1].listed = true;
        TX_PUSH(ic->a, ic->type_order, k - 1);
    }
    pending pd = { t, (size_t)-1, k - 1, cell_span(ic, pc), r->no };
    TX_PUSH(ic->a, ic->pend, pd);
    return true;
}

static const char *use_name(const ictx *ic, const iuse *u)
{
    return u->variant ? u->name : ic->props.items[u->prop].name;
}

/* A "(variant)" row of an event or group: the property's definition for
 * it alone, kept with the use (a property the dictionary lacks stays out
 * of it: an event-local property). */
static bool variant_row(ictx *ic, const row *r, const cell *pc, long cur, bool required)
{
    const cell *dcell = get(ic, r, C_PROP_DESC);
    iuse u = { (size_t)-1, required, NULL, pc->s, dcell->n ? read_meta(ic, dcell->s) : (imeta){ 0 } };
    const char *examples;
    if (!(u.variant = row_type(ic, r, pc->s, &u.meta, &examples, true)))
        return false;
    register_objects(ic, pc->s, u.variant);
    usevec *uses = cur == S_GROUP ? &ic->groups.items[ic->groups.n - 1].props
                                  : &ic->events.items[cur].props;
    for (size_t i = 0; i < uses->n; i++)
        if (strcmp(use_name(ic, &uses->items[i]), pc->s) == 0) {
            diag(ic, TX_SEV_WARNING, "csv-duplicate", cell_span(ic, pc),
                 "property '%s' listed twice (row %zu); the first is kept", pc->s, r->no);
            return true;
        }
    TX_PUSH(ic->a, *uses, u);
    return true;
}

static bool build(ictx *ic, size_t header)
{
    const char *category = NULL;
    long cur = -1;          /* event index; -2 in the user-properties section */
    bool ok = true;
    for (size_t ri = header + 1; ri < ic->rows.n; ri++) {
        const row *r = &ic->rows.items[ri];
        if (row_blank(r))
            continue;
        const cell *cc = get(ic, r, C_CATEGORY), *ec = get(ic, r, C_EVENT), *pc = get(ic, r, C_PROPERTY);
        bool member = pc->n && strchr(pc->s, '.') != NULL;
        if (!member) {
            flush_pending(ic);
            ic->objs.n = 0;
        }
        if (cc->n)
            category = strcmp(cc->s, "(none)") == 0 ? NULL : cc->s;
        if (ec->n && ec->s[0] == '(') {
            cur = section_of(ic, r, ec, &ok);
            if (cur == S_TAXONOMY) {
                cur = S_NONE;
                continue;
            }
        } else if (ec->n) {
            if (cur < 0 || strcmp(ic->events.items[cur].name, ec->s) != 0)
                cur = (long)event_of(ic, r, ec, category);
            event_fields(ic, r, &ic->events.items[cur], category);
        } else if (cur >= 0 && !cc->n) {
            /* a continuation row (merged cells): only fills what is missing */
            event_fields(ic, r, &ic->events.items[cur], NULL);
        }
        if (!pc->n) {
            if (!ec->n && !cc->n) {
                bool other = false;
                for (int c = 0; c < C__N; c++)
                    other |= c != C_EVENT_DESC && c != C_TRIGGER && get(ic, r, (col)c)->n > 0;
                if (other) {
                    diag(ic, TX_SEV_ERROR, "csv-row", (tx_span){ ic->file, r->start, r->start },
                         "row %zu has no event and no property", r->no);
                    ok = false;
                }
            }
            continue;
        }
        if (cur == S_NONE) {
            diag(ic, TX_SEV_ERROR, "csv-row", cell_span(ic, pc),
                 "property '%s' in row %zu comes before any event", pc->s, r->no);
            ok = false;
            continue;
        }
        if (member) {
            ok &= member_of(ic, r, pc);
            continue;
        }
        if (cur == S_TYPES) {
            ok &= type_row(ic, r, pc);
            continue;
        }
        cell rc;
        bool variant = (cur >= 0 || cur == S_GROUP) && variant_marked(ic, get(ic, r, C_REQUIRED), &rc);
        int req = cur == S_USER || cur == S_DICT ? 0 : read_required(ic, r, variant ? &rc : get(ic, r, C_REQUIRED));
        if (variant) {
            ok &= req >= 0 && variant_row(ic, r, pc, cur, req == 1);
            continue;
        }
        long p = property_of(ic, r, pc);
        if (p < 0 || req < 0) {
            ok = false;
            continue;
        }
        if (cur == S_USER) {
            if (!ic->props.items[p].is_user)
                TX_PUSH(ic->a, ic->user_order, (size_t)p);
            ic->props.items[p].is_user = true;
            continue;
        }
        if (cur == S_DICT)
            continue;
        if (cur == S_GROUP) {
            igroup *g = &ic->groups.items[ic->groups.n - 1];
            bool dup = false;
            for (size_t i = 0; i < g->props.n && !dup; i++)
                dup = strcmp(use_name(ic, &g->props.items[i]), pc->s) == 0;
            if (!dup) {
                iuse u = { (size_t)p, req == 1, NULL, NULL, { 0 } };
                TX_PUSH(ic->a, g->props, u);
            }
            continue;
        }
        ievent *e = &ic->events.items[cur];
        bool dup = false;
        for (size_t i = 0; i < e->props.n && !dup; i++)
            dup = strcmp(use_name(ic, &e->props.items[i]), pc->s) == 0;
        if (dup) {
            diag(ic, TX_SEV_WARNING, "csv-duplicate", cell_span(ic, pc),
                 "property '%s' listed twice for event '%s' (row %zu); the first is kept", pc->s, e->name, r->no);
            continue;
        }
        iuse u = { (size_t)p, req == 1, NULL, NULL, { 0 } };
        TX_PUSH(ic->a, e->props, u);
    }
    flush_pending(ic);
    return ok;
}

/* ---- YAML writer ---------------------------------------------------------------------------- */

static bool yaml_special_word(const char *s)
{
    static const char *const words[] = { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        const char *w = words[i];
        size_t j = 0;
        while (w[j] && tolower((unsigned char)s[j]) == w[j])
            j++;
        if (!w[j] && !s[j])
            return true;    /* the word in any case */
    }
    return false;
}

static bool plain_ok(const char *s, bool flow)
{
    size_t n = strlen(s);
    if (!n || is_space(s[0]) || is_space(s[n - 1]) || strchr("-?:,[]{}#&*!|>'\"%@`.+", s[0]) ||
        isdigit((unsigned char)s[0]) || yaml_special_word(s) || s[n - 1] == ':')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f || (c == ':' && (i + 1 == n || s[i + 1] == ' ')) ||
            (c == '#' && i && s[i - 1] == ' ') || (flow && strchr(",[]{}", c)))
            return false;
        /* U+0085, U+2028, U+2029 break lines for YAML 1.1 readers; U+FEFF */
        if (c == 0xC2 && (unsigned char)s[i + 1] == 0x85)
            return false;
        if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9))
            return false;
        if (c == 0xEF && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF)
            return false;
    }
    return true;
}

static void yq(tx_sb *sb, const char *s, bool flow)
{
    if (plain_ok(s, flow)) {
        tx_sb_adds(sb, s);
        return;
    }
    tx_sb_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            tx_sb_addc(sb, '\\'), tx_sb_addc(sb, (char)*p);
        else if (*p == '\n')
            tx_sb_adds(sb, "\\n");
        else if (*p == '\t')
            tx_sb_adds(sb, "\\t");
        else if (*p == '\r')
            tx_sb_adds(sb, "\\r");
        else if (*p < 0x20 || *p == 0x7f)
            tx_sb_addf(sb, "\\x%02x", *p);
        else if (*p == 0xC2 && p[1] == 0x85)
            tx_sb_adds(sb, "\\N"), p++;
        else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            tx_sb_adds(sb, p[2] == 0xA8 ? "\\L" : "\\P"), p += 2;
        else if (*p == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
            tx_sb_adds(sb, "\\uFEFF"), p += 2;
        else
            tx_sb_addc(sb, (char)*p);
    }
    tx_sb_addc(sb, '"');
}

/* A comment line: no line breaks can end it early. */
static void ycomment(tx_sb *sb, int ind, const char *prefix, const char *s)
{
    tx_sb_addf(sb, "%*s# %s", ind, "", prefix);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            tx_sb_addc(sb, ' ');
        else if (*p == 0xC2 && p[1] == 0x85)
            tx_sb_addc(sb, ' '), p++;
        else if (*p == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            tx_sb_addc(sb, ' '), p += 2;
        else
            tx_sb_addc(sb, (char)*p);
    }
    tx_sb_addc(sb, '\n');
}

static void ykv(tx_sb *sb, int ind, const char *k, const char *v)
{
    tx_sb_addf(sb, "%*s%s: ", ind, "", k);
    yq(sb, v, false);
    tx_sb_addc(sb, '\n');
}

static bool has_constraints(const itype *t)
{
    return t->nullable || t->enums.n || t->min || t->max || t->min_len >= 0 || t->max_len >= 0 ||
           t->min_items >= 0 || t->max_items >= 0 || t->pattern || t->format || t->items || t->named ||
           t->fields.n || t->open || t->branches.n;
}

/* The value of `type:` without the named type: a base, or a union's
 * branches as a flow list ("[integer, product_id]"). */
static void emit_type_word(tx_sb *sb, const itype *t)
{
    if (t->base != TX_UNION) {
        tx_sb_adds(sb, tx_base_name(t->base));
        return;
    }
    tx_sb_addc(sb, '[');
    for (size_t i = 0; i < t->branches.n; i++) {
        const itype *b = t->branches.items[i];
        if (i)
            tx_sb_adds(sb, ", ");
        if (b->named)
            yq(sb, b->named, true);
        else
            tx_sb_adds(sb, b->base == TX_NULL ? "'null'" : tx_base_name(b->base));
    }
    tx_sb_addc(sb, ']');
}

static void emit_meta(tx_sb *sb, int ind, const imeta *m);
static void emit_constraints(tx_sb *sb, int ind, const itype *t);

/* `type: ...` and the rest of a spec: a named type is only referenced. */
static void emit_spec(tx_sb *sb, int ind, const itype *t)
{
    tx_sb_addf(sb, "%*stype: ", ind, "");
    if (t->named) {
        yq(sb, t->named, false);
        tx_sb_addc(sb, '\n');
        return;
    }
    emit_type_word(sb, t);
    tx_sb_addc(sb, '\n');
    emit_constraints(sb, ind, t);
}

/* A union's values by their own kind: a string that reads as a number or
 * boolean quoted (yq does), the others plain. */
static bool enum_plain(const itype *t, size_t i)
{
    if (t->base == TX_UNION)
        return t->enums.items[i].kind != TX_STRING;
    return t->base == TX_INTEGER || t->base == TX_NUMBER || t->base == TX_BOOLEAN;
}

static void emit_enum(tx_sb *sb, int ind, const itype *t)
{
    bool descs = false;
    for (size_t i = 0; i < t->enums.n; i++)
        descs |= t->enums.items[i].desc != NULL;
    if (!descs) {
        tx_sb_addf(sb, "%*senum: [", ind, "");
        for (size_t i = 0; i < t->enums.n; i++) {
            if (i)
                tx_sb_adds(sb, ", ");
            if (enum_plain(t, i))
                tx_sb_adds(sb, t->enums.items[i].val);
            else
                yq(sb, t->enums.items[i].val, true);
        }
        tx_sb_adds(sb, "]\n");
        return;
    }
    tx_sb_addf(sb, "%*senum:\n", ind, "");
    for (size_t i = 0; i < t->enums.n; i++) {
        tx_sb_addf(sb, "%*s", ind + 2, "");
        if (enum_plain(t, i))
            tx_sb_adds(sb, t->enums.items[i].val);
        else
            yq(sb, t->enums.items[i].val, false);
        tx_sb_adds(sb, ":");
        if (t->enums.items[i].desc) {
            tx_sb_addc(sb, ' ');
            yq(sb, t->enums.items[i].desc, false);
        }
        tx_sb_addc(sb, '\n');
    }
}

/* The constraint keys of a type spec (not `type:` itself). */
static void emit_constraints(tx_sb *sb, int ind, const itype *t)
{
    if (t->nullable)
        tx_sb_addf(sb, "%*snullable: true\n", ind, "");
    if (t->enums.n)
        emit_enum(sb, ind, t);
    if (t->min)
        tx_sb_addf(sb, "%*smin: %s\n", ind, "", t->min);
    if (t->max)
        tx_sb_addf(sb, "%*smax: %s\n", ind, "", t->max);
    if (t->min_len >= 0)
        tx_sb_addf(sb, "%*smin_length: %" PRId64 "\n", ind, "", t->min_len);
    if (t->max_len >= 0)
        tx_sb_addf(sb, "%*smax_length: %" PRId64 "\n", ind, "", t->max_len);
    if (t->format)
        ykv(sb, ind, "format", t->format);
    if (t->pattern)
        ykv(sb, ind, "pattern", t->pattern);
    if (t->items) {
        if (!has_constraints(t->items)) {
            tx_sb_addf(sb, "%*sitems: ", ind, "");
            emit_type_word(sb, t->items);
            tx_sb_addc(sb, '\n');
        } else {
            tx_sb_addf(sb, "%*sitems:\n", ind, "");
            emit_spec(sb, ind + 2, t->items);
        }
    }
    if (t->fields.n) {
        tx_sb_addf(sb, "%*sproperties:\n", ind, "");
        for (size_t i = 0; i < t->fields.n; i++) {
            const ifield *f = &t->fields.items[i];
            tx_sb_addf(sb, "%*s", ind + 2, "");
            yq(sb, f->name, false);
            tx_sb_adds(sb, ":\n");
            emit_spec(sb, ind + 4, f->type);
            if (f->required)
                tx_sb_addf(sb, "%*srequired: true\n", ind + 4, "");
            emit_meta(sb, ind + 4, &f->meta);
        }
    }
    if (t->open && !t->additional) {
        tx_sb_addf(sb, "%*sadditional: true\n", ind, "");
    } else if (t->open && !has_constraints(t->additional)) {
        tx_sb_addf(sb, "%*sadditional: ", ind, "");
        emit_type_word(sb, t->additional);
        tx_sb_addc(sb, '\n');
    } else if (t->open) {
        tx_sb_addf(sb, "%*sadditional:\n", ind, "");
        emit_spec(sb, ind + 2, t->additional);
    }
    if (t->min_items >= 0)
        tx_sb_addf(sb, "%*smin_items: %" PRId64 "\n", ind, "", t->min_items);
    if (t->max_items >= 0)
        tx_sb_addf(sb, "%*smax_items: %" PRId64 "\n", ind, "", t->max_items);
}

static void emit_meta(tx_sb *sb, int ind, const imeta *m)
{
    if (m->desc)
        ykv(sb, ind, "description", m->desc);
    if (m->deprecated) {
        if (m->dep_reason)
            ykv(sb, ind, "deprecated", m->dep_reason);
        else
            tx_sb_addf(sb, "%*sdeprecated: true\n", ind, "");
    }
    if (m->owner)
        ykv(sb, ind, "owner", m->owner);
    if (m->pii)
        tx_sb_addf(sb, "%*spii: true\n", ind, "");
}

/* An event's or group's property: "name: required", or a variant as its
 * own definition (`type:` and the rest). */
static void emit_use(const ictx *ic, tx_sb *sb, const iuse *u)
{
    tx_sb_adds(sb, "      ");
    yq(sb, use_name(ic, u), false);
    if (!u->variant) {
        tx_sb_adds(sb, u->required ? ": required\n" : ": optional\n");
        return;
    }
    tx_sb_adds(sb, ":\n");
    if (u->required)
        tx_sb_adds(sb, "        required: true\n");
    emit_spec(sb, 8, u->variant);
    emit_meta(sb, 8, &u->meta);
}

static const char *taxonomy_name(ictx *ic, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (isalnum(c) && c < 0x80)
            tx_sb_addc(&sb, (char)tolower(c));
        else if (sb.len && sb.buf[sb.len - 1] != '_')
            tx_sb_addc(&sb, '_');
    }
    while (sb.len && sb.buf[sb.len - 1] == '_')
        sb.buf[--sb.len] = '\0';
    const char *r = !sb.len ? "taxonomy"
                    : isdigit((unsigned char)sb.buf[0]) ? tx_arena_printf(ic->a, "t_%s", sb.buf)
                                                        : tx_arena_strdup(ic->a, sb.buf);
    tx_sb_release(&sb);
    return r;
}

static char *write_yaml(ictx *ic, const char *path, const tx_import_opts *o, size_t *out_len)
{
    tx_sb sb = TX_SB_INIT;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    ycomment(&sb, 0, "", tx_arena_printf(ic->a, "imported from %s by taxonc import csv", base));
    ycomment(&sb, 0, "", "values the sheet gave as examples are kept as '# e.g.' comments");
    ykv(&sb, 0, "taxonomy", o && o->name ? o->name : ic->tax_name ? ic->tax_name : taxonomy_name(ic, path));
    /* an exported plan without a version stays without one */
    const char *version = o && o->version ? o->version : ic->tax_version ? ic->tax_version
                          : ic->tax_row ? NULL : "0.1.0";
    if (version)
        ykv(&sb, 0, "version", version);
    if (ic->tax_desc)
        ykv(&sb, 0, "description", ic->tax_desc);
    if (ic->named.n) {
        /* the (types) rows in their order, then types only used, in order of use */
        for (size_t i = 0; i < ic->named.n; i++)
            if (!ic->named.items[i].listed)
                TX_PUSH(ic->a, ic->type_order, i);
        tx_sb_adds(&sb, "\ntypes:\n");
        for (size_t i = 0; i < ic->type_order.n; i++) {
            const inamed *nt = &ic->named.items[ic->type_order.items[i]];
            tx_sb_addf(&sb, "  ");
            yq(&sb, nt->name, false);
            tx_sb_adds(&sb, ":\n    type: ");
            emit_type_word(&sb, nt->type);
            tx_sb_addc(&sb, '\n');
            itype plain = *nt->type;
            plain.named = NULL;
            emit_constraints(&sb, 4, &plain);
            emit_meta(&sb, 4, &nt->meta);
        }
    }
    if (ic->props.n) {
        tx_sb_adds(&sb, "\nproperties:\n");
        for (size_t i = 0; i < ic->props.n; i++) {
            const iprop *p = &ic->props.items[i];
            tx_sb_adds(&sb, "  ");
            yq(&sb, p->name, false);
            tx_sb_adds(&sb, ":\n");
            emit_spec(&sb, 4, p->type);
            emit_meta(&sb, 4, &p->meta);
            if (p->examples)
                ycomment(&sb, 4, "e.g. ", p->examples);
            for (size_t k = 0; k < p->notes.n; k++)
                ycomment(&sb, 4, "", p->notes.items[k]);
        }
    }
    if (ic->groups.n) {
        tx_sb_adds(&sb, "\nproperty_groups:\n");
        for (size_t i = 0; i < ic->groups.n; i++) {
            const igroup *g = &ic->groups.items[i];
            tx_sb_adds(&sb, "  ");
            yq(&sb, g->name, false);
            tx_sb_adds(&sb, ":\n");
            emit_meta(&sb, 4, &g->meta);
            tx_sb_adds(&sb, g->props.n ? "    properties:\n" : "    properties: {}\n");
            for (size_t k = 0; k < g->props.n; k++)
                emit_use(ic, &sb, &g->props.items[k]);
        }
    }
    for (size_t i = 0; i < ic->user_order.n; i++) {
        tx_sb_adds(&sb, i ? ", " : "\nuser_properties: [");
        yq(&sb, ic->props.items[ic->user_order.items[i]].name, true);
    }
    if (ic->user_order.n)
        tx_sb_adds(&sb, "]\n");
    if (ic->events.n) {
        tx_sb_adds(&sb, "\nevents:\n");
        for (size_t i = 0; i < ic->events.n; i++) {
            const ievent *e = &ic->events.items[i];
            tx_sb_adds(&sb, "  ");
            yq(&sb, e->name, false);
            tx_sb_adds(&sb, ":\n");
            emit_meta(&sb, 4, &e->meta);
            if (e->category)
                ykv(&sb, 4, "category", e->category);
            if (e->trigger)
                ykv(&sb, 4, "trigger", e->trigger);
            if (e->props.n) {
                tx_sb_adds(&sb, "    properties:\n");
                for (size_t k = 0; k < e->props.n; k++)
                    emit_use(ic, &sb, &e->props.items[k]);
            }
        }
    }
    if (sb.failed) {
        tx_sb_release(&sb);
        return NULL;
    }
    char *r = tx_arena_strndup(ic->a, sb.buf, sb.len);
    *out_len = sb.len;
    tx_sb_release(&sb);
    return r;
}

/* ---- entry ---------------------------------------------------------------------------------- */

const char *tx_import_csv(tx_ctx *ctx, const char *path, const char *text, size_t len,
                          const tx_import_opts *opts, size_t *out_len)
{
    ictx ic = { .ctx = ctx, .a = ctx->arena, .d = &ctx->diags };
    tx_strmap_init_arena(&ic.prop_ix, ic.a, 0);
    tx_strmap_init_arena(&ic.event_ix, ic.a, 0);
    tx_strmap_init_arena(&ic.named_ix, ic.a, 0);
    /* the sources keep the pointer: the text must live in the arena */
    ic.file = tx_sources_add(&ctx->sources, path, tx_arena_strndup(ctx->arena, text, len), len);
    ic.text = ctx->sources.items[ic.file].text;
    ic.len = ctx->sources.items[ic.file].len;
    size_t start = tx_csv_check_text(ic.d, ic.file, ic.text, ic.len, "sheet");
    if (start == (size_t)-1)
        return NULL;
    bool csv_ok = tx_csv_read(ic.a, ic.d, ic.file, ic.text, ic.len, start, TX_CSV_FORMULA_GUARD, &ic.rows);
    size_t h = find_header(&ic);
    if (h == (size_t)-1) {
        diag(&ic, TX_SEV_ERROR, "csv-header", (tx_span){ ic.file, 0, 0 },
             ic.rows.n ? "no header row with an Event or Property column in the first 10 rows"
                       : "the sheet is empty");
        return NULL;
    }
    if (!map_header(&ic, &ic.rows.items[h]))
        return NULL;
    bool ok = build(&ic, h);
    if (!ok || !csv_ok || ic.d->n_error)
        return NULL;
    return write_yaml(&ic, path, opts, out_len);
}
