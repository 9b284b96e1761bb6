/* The reader half of the cell grammar (cells.h): a Type, Allowed values,
 * Format, description or Required cell -> the importer's model
 * (internal.h). Each reader takes the cell's text as the exporter writes
 * it (cells_write.c) plus the looser spellings of hand-made sheets
 * (type words such as Int, Date, 문자열; Y/N, O/X, 필수/선택), and reports
 * what it cannot read as an error naming the row and column, with the
 * grammar in the message. The lexical pieces (numbers, trimming, words)
 * are shared with the rest of the importer through internal.h. */
#include "internal.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- lexical pieces ---------------------------------------------------------------------- */

static char *lower(tx_arena *a, const char *s)
{
    char *o = tx_arena_strdup(a, s);
    for (char *p = o; *p; p++)
        *p = (char)((unsigned char)*p < 0x80 ? tolower((unsigned char)*p) : *p);
    return o;
}

bool sh_is_number(const char *s, bool int_only)
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
    if (!sh_is_number(s, true) || s[0] == '-' || strlen(s) > 15)
        return false;
    *out = strtoll(s, NULL, 10);
    return true;
}

char *sh_trim_dup(tx_arena *a, const char *s, size_t n)
{
    while (n && sh_is_space(*s))
        s++, n--;
    while (n && sh_is_space(s[n - 1]))
        n--;
    return tx_arena_strndup(a, s, n);
}

itype *sh_new_type(ictx *ic, tx_base b)
{
    itype *t = tx_arena_alloc(ic->a, sizeof *t);
    t->base = b;
    t->min_len = t->max_len = t->min_items = t->max_items = -1;
    return t;
}

bool sh_word_in(const char *w, size_t n, const char *const *list, size_t ln)
{
    for (size_t i = 0; i < ln; i++)
        if (strlen(list[i]) == n && strncmp(list[i], w, n) == 0)
            return true;
    return false;
}

bool sh_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- Type --------------------------------------------------------------------------------- */

static const struct {
    const char *word;
    tx_base base;
    int fmt;
} type_words[] = {
    { "string", TX_STRING, SH_FMT_NONE },    { "str", TX_STRING, SH_FMT_NONE },       { "text", TX_STRING, SH_FMT_NONE },
    { "varchar", TX_STRING, SH_FMT_NONE },   { "문자", TX_STRING, SH_FMT_NONE },       { "문자열", TX_STRING, SH_FMT_NONE },
    { "integer", TX_INTEGER, SH_FMT_NONE },  { "int", TX_INTEGER, SH_FMT_NONE },      { "long", TX_INTEGER, SH_FMT_NONE },
    { "bigint", TX_INTEGER, SH_FMT_NONE },   { "정수", TX_INTEGER, SH_FMT_NONE },
    { "number", TX_NUMBER, SH_FMT_NONE },    { "num", TX_NUMBER, SH_FMT_NONE },       { "numeric", TX_NUMBER, SH_FMT_NONE },
    { "float", TX_NUMBER, SH_FMT_NONE },     { "double", TX_NUMBER, SH_FMT_NONE },    { "decimal", TX_NUMBER, SH_FMT_NONE },
    { "숫자", TX_NUMBER, SH_FMT_NONE },       { "실수", TX_NUMBER, SH_FMT_NONE },
    { "boolean", TX_BOOLEAN, SH_FMT_NONE },  { "bool", TX_BOOLEAN, SH_FMT_NONE },     { "불리언", TX_BOOLEAN, SH_FMT_NONE },
    { "array", TX_ARRAY, SH_FMT_NONE },      { "list", TX_ARRAY, SH_FMT_NONE },       { "배열", TX_ARRAY, SH_FMT_NONE },
    { "object", TX_OBJECT, SH_FMT_NONE },    { "map", TX_OBJECT, SH_FMT_NONE },       { "객체", TX_OBJECT, SH_FMT_NONE },
    { "any", TX_ANY, SH_FMT_NONE },          { "null", TX_NULL, SH_FMT_NONE },
    { "date", TX_STRING, SH_FMT_DATE },      { "날짜", TX_STRING, SH_FMT_DATE },
    { "datetime", TX_STRING, SH_FMT_DATE_TIME }, { "date-time", TX_STRING, SH_FMT_DATE_TIME },
    { "date time", TX_STRING, SH_FMT_DATE_TIME }, { "timestamp", TX_STRING, SH_FMT_DATE_TIME },
    { "일시", TX_STRING, SH_FMT_DATE_TIME }, { "time", TX_STRING, SH_FMT_TIME },
};

static int type_word(const char *w)
{
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
        if (strcmp(type_words[i].word, w) == 0)
            return (int)i;
    return -1;
}

static void unknown_type(ictx *ic, const row *r, int c, const cell *cl, const char *w)
{
    const char *cands[sizeof type_words / sizeof type_words[0]];
    for (size_t i = 0; i < sizeof type_words / sizeof type_words[0]; i++)
        cands[i] = type_words[i].word;
    const char *near = tx_suggest(w, strlen(w), cands, sizeof cands / sizeof cands[0]);
    tx_diag *dg;
    if (near)
        dg = sh_diag(ic, TX_SEV_ERROR, "csv-type", sh_span(ic, cl), "unknown type '%s' in %s; did you mean '%s'?",
                     cl->s, sh_at(ic, r, c), near);
    else
        dg = sh_diag(ic, TX_SEV_ERROR, "csv-type", sh_span(ic, cl), "unknown type '%s' in %s", cl->s,
                     sh_at(ic, r, c));
    tx_diag_fix(ic->d, dg, "types: string, integer, number, boolean, array of TYPE, object, any, "
                "null, a union A | B; Date, DateTime and Int are read too");
}

bool sh_ident_ok(const char *s)
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
static itype *union_branch(ictx *ic, const row *r, int c, const cell *cl, const char *w, itype *u)
{
    const char *l = lower(ic->a, w);
    int k;
    if (strncmp(l, "array of ", 9) == 0) {
        if ((k = type_word(l + 9)) < 0) {
            unknown_type(ic, r, c, cl, l + 9);
            return NULL;
        }
        u->items = sh_new_type(ic, type_words[k].base);
        return sh_new_type(ic, TX_ARRAY);
    }
    if ((k = type_word(l)) >= 0)
        return sh_new_type(ic, type_words[k].base);
    if (!sh_ident_ok(w)) {
        unknown_type(ic, r, c, cl, w);
        return NULL;
    }
    itype *b = sh_new_type(ic, TX_STRING);     /* its base is the named type's */
    b->named = w;
    return b;
}

/* "integer | string | product_id": a union (text without its "(NAME)"). */
static itype *parse_union(ictx *ic, const row *r, int c, const cell *cl, const char *text)
{
    itype *u = sh_new_type(ic, TX_UNION);
    const char *p = text;
    for (;;) {
        const char *bar = strstr(p, " | ");
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        itype *b = union_branch(ic, r, c, cl, sh_trim_dup(ic->a, p, n), u);
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
itype *sh_read_type_cell(ictx *ic, const row *r, int c, const cell *cl, int *fmt)
{
    char *s = lower(ic->a, cl->s);
    const char *named = NULL;
    *fmt = SH_FMT_NONE;
    size_t n = strlen(s);
    if (n && s[n - 1] == ')') {
        char *open = strrchr(s, '(');
        if (open && !strchr(open, '|')) {   /* not "array of (a | b)" */
            /* the name keeps its case: take it from the original text */
            size_t off = (size_t)(open - s);
            named = sh_trim_dup(ic->a, cl->s + off + 1, n - off - 2);
            if (!sh_ident_ok(named)) {
                sh_diag(ic, TX_SEV_ERROR, "csv-type", sh_span(ic, cl), "bad type name '%s' in %s", named,
                        sh_at(ic, r, c));
                return NULL;
            }
            s = sh_trim_dup(ic->a, s, off);
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
        itype *t = sh_new_type(ic, TX_ARRAY);
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
        int w = type_word(sh_trim_dup(ic->a, item, strlen(item)));
        if (w < 0) {
            unknown_type(ic, r, c, cl, item);
            return NULL;
        }
        t = sh_new_type(ic, TX_ARRAY);
        t->items = sh_new_type(ic, type_words[w].base);
        *fmt = type_words[w].fmt;
    } else {
        int w = type_word(s);
        if (w < 0) {
            unknown_type(ic, r, c, cl, s);
            return NULL;
        }
        t = sh_new_type(ic, type_words[w].base);
        *fmt = type_words[w].fmt;
    }
    t->named = named;
    t->nullable = nullable;
    return t;
}

/* ---- Allowed values ------------------------------------------------------------------------ */

/* Four hex digits at p as a number, or -1. */
static long hex4(const char *p)
{
    long v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char h = (unsigned char)p[k];
        if (!isxdigit(h))
            return -1;
        v = v * 16 + (isdigit(h) ? h - '0' : tolower(h) - 'a' + 10);
    }
    return v;
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
                long v = hex4(p + 1);
                if (v >= 0)
                    p += 4;
                if (v >= 0xD800 && v <= 0xDBFF && p[1] == '\\' && p[2] == 'u') {
                    long lo = hex4(p + 3);
                    if (lo < 0) {
                        v = -1;
                    } else if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
                        p += 6;
                    }
                }
                if (v < 0 || (v >= 0xD800 && v <= 0xDFFF)) {
                    tx_sb_release(&sb);
                    return NULL;
                }
                char u[4];
                tx_sb_add(&sb, u, tx_utf8_encode((uint32_t)v, u));
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

static const char *skip_spaces(const char *p)
{
    while (sh_is_space(*p))
        p++;
    return p;
}

/* An item's value (in_desc false) or its description (true) at p, spaces
 * before it skipped: "..." with JSON escapes, or plain text, trimmed, up
 * to the end of the item (a value: ',' or a " (" that opens a description;
 * a description: ')'). The position after it, or NULL when a quoted text
 * is broken. */
static const char *item_text(tx_arena *a, const char *p, bool in_desc, const char **out)
{
    p = skip_spaces(p);
    if (*p == '"')
        return json_unquote(a, p, out);
    const char *b = p;
    while (*p && (in_desc ? *p != ')' : *p != ',' && !(*p == ' ' && p[1] == '(')))
        p++;
    *out = sh_trim_dup(a, b, (size_t)(p - b));
    return p;
}

static const char *list_item(tx_arena *a, const char *p, const char **val, const char **desc)
{
    *desc = NULL;
    p = item_text(a, p, false, val);
    if (!p)
        return NULL;
    p = skip_spaces(p);
    if (*p == '(') {
        p = item_text(a, p + 1, true, desc);
        if (!p)
            return NULL;
        p = skip_spaces(p);
        if (*p != ')')
            return NULL;
        p = skip_spaces(p + 1);
    }
    if (*p && *p != ',')
        return NULL;
    return p;
}

bool sh_range_text(ictx *ic, const char *s, const char *sep, const char **lo, const char **hi)
{
    const char *m = strstr(s, sep);
    if (!m)
        return false;
    *lo = sh_trim_dup(ic->a, s, (size_t)(m - s));
    *hi = sh_trim_dup(ic->a, m + strlen(sep), strlen(m + strlen(sep)));
    return true;
}

/* Allowed values (exact grammar): "a, b (desc), \"c, d\"" or "0..20". */
bool sh_read_allowed_cell(ictx *ic, const row *r, const cell *cl, itype *t)
{
    if (!cl->n)
        return true;
    itype *v = t->base == TX_ARRAY && t->items ? t->items : t;
    if (v->base == TX_OBJECT || v->base == TX_ARRAY) {
        sh_diag(ic, TX_SEV_ERROR, "csv-value", sh_span(ic, cl), "allowed values for a %s in %s",
                tx_base_name(v->base), sh_at(ic, r, C_ALLOWED));
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
    if ((has_int || has_num) && cl->s[0] != '"' && sh_range_text(ic, cl->s, "..", &lo, &hi)) {
        bool io = has_int && !has_num;
        if ((*lo && !sh_is_number(lo, io)) || (*hi && !sh_is_number(hi, io)) || (!*lo && !*hi)) {
            sh_diag(ic, TX_SEV_ERROR, "csv-value", sh_span(ic, cl), "bad range '%s' in %s; write MIN..MAX, MIN.. or ..MAX",
                    cl->s, sh_at(ic, r, C_ALLOWED));
            return false;
        }
        v->min = *lo ? lo : NULL;
        v->max = *hi ? hi : NULL;
        return true;
    }
    const char *p = cl->s;
    while (*p) {
        const char *val, *desc;
        while (sh_is_space(*p))
            p++;
        bool quoted = *p == '"';
        const char *q = list_item(ic->a, p, &val, &desc);
        if (!q) {
            sh_diag(ic, TX_SEV_ERROR, "csv-value", sh_span(ic, cl),
                    "cannot read the allowed values '%s' in %s; separate values with commas and quote "
                    "values holding commas as \"...\"", cl->s, sh_at(ic, r, C_ALLOWED));
            return false;
        }
        bool bad = (v->base == TX_INTEGER && !sh_is_number(val, true)) ||
                   (v->base == TX_NUMBER && !sh_is_number(val, false)) ||
                   (v->base == TX_BOOLEAN && strcmp(val, "true") && strcmp(val, "false"));
        if (bad) {
            sh_diag(ic, TX_SEV_ERROR, "csv-value", sh_span(ic, cl), "allowed value '%s' in %s is not %s", val,
                    sh_at(ic, r, C_ALLOWED), v->base == TX_INTEGER ? "an integer"
                                             : v->base == TX_NUMBER  ? "a number"
                                                                     : "true or false");
            return false;
        }
        bool dup = false;
        for (size_t i = 0; i < v->enums.n && !dup; i++)
            dup = strcmp(v->enums.items[i].val, val) == 0;
        if (dup) {
            sh_diag(ic, TX_SEV_WARNING, "csv-value", sh_span(ic, cl), "allowed value '%s' listed twice in %s",
                    val, sh_at(ic, r, C_ALLOWED));
        } else {
            /* a union's value: quoted is a string (export quotes a string
             * that reads as another kind), else what it reads as */
            tx_base kind = v->base;
            if (v->base == TX_UNION)
                kind = quoted ? TX_STRING
                       : has_bool && (!strcmp(val, "true") || !strcmp(val, "false")) ? TX_BOOLEAN
                       : has_int && sh_is_number(val, true) ? TX_INTEGER
                       : (has_int || has_num) && sh_is_number(val, false) ? TX_NUMBER
                       : TX_STRING;
            im_enum e = { val, desc && *desc ? desc : NULL, sh_enum_str(v->base, kind) };
            TX_PUSH(ic->a, v->enums, e);
        }
        p = *q == ',' ? q + 1 : q;
    }
    return true;
}

/* ---- Format --------------------------------------------------------------------------------- */

const char *sh_format_of(ictx *ic, const char *s)
{
    const char *l = lower(ic->a, s);
    tx_format f;
    if (tx_format_parse(l, &f) == 0)
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
bool sh_read_format_cell(ictx *ic, const row *r, const cell *cl, itype *t)
{
    const char *p = cl->s;
    while (*p) {
        while (sh_is_space(*p) || *p == ';')
            p++;
        if (!*p)
            break;
        itype *target = t;
        const char *q = p;
        if (strncmp(q, "items ", 6) == 0) {
            if (t->base != TX_ARRAY || !t->items) {
                sh_diag(ic, TX_SEV_ERROR, "csv-format", sh_span(ic, cl), "'items' clause for a %s in %s",
                        tx_base_name(t->base), sh_at(ic, r, C_FORMAT));
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
                sh_diag(ic, TX_SEV_ERROR, "csv-format", sh_span(ic, cl), "empty pattern in %s",
                        sh_at(ic, r, C_FORMAT));
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
                sh_diag(ic, TX_SEV_ERROR, "csv-format", sh_span(ic, cl),
                        "cannot read the quoted date pattern in %s: %s", sh_at(ic, r, C_FORMAT),
                        *s != '"' ? "no closing quote" : err ? err : "it is empty");
                return false;
            }
            p = s + 1;
            while (sh_is_space(*p))
                p++;
            if (*p && *p != ';') {
                sh_diag(ic, TX_SEV_ERROR, "csv-format", sh_span(ic, cl),
                        "'; ' expected after the quoted date pattern in %s", sh_at(ic, r, C_FORMAT));
                return false;
            }
            continue;
        }
        const char *e = strchr(q, ';');
        size_t n = e ? (size_t)(e - q) : strlen(q);
        const char *cls = sh_trim_dup(ic->a, q, n);
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
            if (!(t->additional = sh_read_type_cell(ic, r, C_FORMAT, &sub, &f)))
                return false;
        } else if (strncmp(cls, "type ", 5) == 0 && target != t && sh_ident_ok(cls + 5)) {
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
                   sh_is_number(num = cls + 4, target->base == TX_INTEGER)) {
            if (cls[1] == 'i')
                target->min = num;
            else
                target->max = num;
        } else if ((num = sh_format_of(ic, cls)) != NULL) {
            target->format = num;
        } else {
            sh_diag(ic, TX_SEV_ERROR, "csv-format", sh_span(ic, cl),
                    "cannot read '%s' in %s; clauses: a format (date, date-time, time, uuid, email, uri "
                    "or a date pattern such as yyyyMMdd), nullable, min/max length N, min/max items N, "
                    "min/max N, additional, additional TYPE, pattern RE, items type NAME", cls,
                    sh_at(ic, r, C_FORMAT));
            return false;
        }
    }
    return true;
}

/* ---- description and Required ------------------------------------------------------------- */

/* "[deprecated: reason] [pii] [owner: team] text" */
im_meta sh_read_meta_cell(ictx *ic, const char *s)
{
    im_meta m = { 0 };
    const char *p = s;          /* after the last tag */
    for (;;) {
        const char *q = p;
        while (sh_is_space(*q))
            q++;
        const char *e = *q == '[' ? strchr(q, ']') : NULL;
        if (!e)
            break;
        if (strncmp(q, "[deprecated]", 12) == 0) {
            m.deprecated = true;
        } else if (strncmp(q, "[deprecated: ", 13) == 0) {
            m.deprecated = true;
            m.dep_reason = sh_trim_dup(ic->a, q + 13, (size_t)(e - q - 13));
        } else if (strncmp(q, "[pii]", 5) == 0) {
            m.pii = true;
        } else if (strncmp(q, "[owner: ", 8) == 0) {
            m.owner = sh_trim_dup(ic->a, q + 8, (size_t)(e - q - 8));
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

int sh_read_required_cell(ictx *ic, const row *r, const cell *cl)
{
    if (!cl->n)
        return 0;
    const char *l = lower(ic->a, cl->s);
    if (sh_word_in(l, strlen(l), req_yes, sizeof req_yes / sizeof req_yes[0]))
        return 1;
    if (sh_word_in(l, strlen(l), req_no, sizeof req_no / sizeof req_no[0]))
        return 0;
    sh_diag(ic, TX_SEV_ERROR, "csv-required", sh_span(ic, cl),
            "cannot read '%s' in %s; write required or optional (Y/N, O/X, 필수/선택 are read too)", cl->s,
            sh_at(ic, r, C_REQUIRED));
    return -1;
}

/* "required (variant)" / "optional (variant)": the row is the event's (or
 * group's) own definition of the property (issue 16); *rc gets the cell
 * without the marker. */
bool sh_variant_marked(ictx *ic, const cell *cl, cell *rc)
{
    *rc = *cl;
    if (!sh_ends_with(cl->s, SH_VARIANT))
        return false;
    rc->s = sh_trim_dup(ic->a, cl->s, cl->n - 9);
    rc->n = strlen(rc->s);
    return true;
}
