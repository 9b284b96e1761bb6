/* Type specs -> tx_type: named types, inline specs of properties, array
 * items and object members, with every constraint checked against the base
 * type it applies to.
 *
 * Approach: a spec names its base (`type:`), either a base type or a named
 * type it refines. A refinement starts as a copy of its parent's resolved
 * constraints and then applies its own, so readers of the model never walk
 * parents. Named types resolve lazily with a three-state mark, so they may
 * refer to each other in any order and a cycle is reported where it closes.
 * Which key is allowed where, and on which base, is one table. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "resolve.h"
#include "../support/util.h"
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

enum {
    B_STR = 1 << TX_STRING, B_INT = 1 << TX_INTEGER, B_NUM = 1 << TX_NUMBER,
    B_BOOL = 1 << TX_BOOLEAN, B_ARR = 1 << TX_ARRAY, B_OBJ = 1 << TX_OBJECT,
    B_ALL = 63,
};
enum { C_ALL = RS_SPEC_TYPE | RS_SPEC_PROPERTY | RS_SPEC_ITEMS | RS_SPEC_FIELD,
       C_META = RS_SPEC_TYPE | RS_SPEC_PROPERTY | RS_SPEC_FIELD };

typedef enum spec_k {
    S_TYPE, S_ENUM, S_MIN, S_MAX, S_MIN_LENGTH, S_MAX_LENGTH, S_PATTERN, S_NULLABLE, S_FORMAT,
    S_ITEMS, S_MIN_ITEMS, S_MAX_ITEMS, S_PROPERTIES, S_ADDITIONAL,
    S_DESCRIPTION, S_DEPRECATED, S_OWNER, S_PII, S_LINT, S_REQUIRED, S__COUNT
} spec_k;

static const rs_key spec_keys[S__COUNT] = {
    [S_TYPE] = { "type", C_ALL },           [S_ENUM] = { "enum", C_ALL },
    [S_MIN] = { "min", C_ALL },             [S_MAX] = { "max", C_ALL },
    [S_MIN_LENGTH] = { "min_length", C_ALL }, [S_MAX_LENGTH] = { "max_length", C_ALL },
    [S_PATTERN] = { "pattern", C_ALL },     [S_NULLABLE] = { "nullable", C_ALL },
    [S_FORMAT] = { "format", C_ALL },       [S_ITEMS] = { "items", C_ALL },
    [S_MIN_ITEMS] = { "min_items", C_ALL }, [S_MAX_ITEMS] = { "max_items", C_ALL },
    [S_PROPERTIES] = { "properties", C_ALL }, [S_ADDITIONAL] = { "additional", C_ALL },
    [S_DESCRIPTION] = { "description", C_META }, [S_DEPRECATED] = { "deprecated", C_META },
    [S_OWNER] = { "owner", C_META },        [S_PII] = { "pii", C_META },
    [S_LINT] = { "lint", C_META },          [S_REQUIRED] = { "required", RS_SPEC_FIELD },
};

/* Constraints: the base types each applies to, and a hint when it does not. */
static const struct { unsigned bases; const char *hint; } spec_rules[S__COUNT] = {
    [S_ENUM] = { B_STR | B_INT | B_NUM | B_BOOL, NULL },
    [S_MIN] = { B_INT | B_NUM, "use min_length for strings, min_items for arrays" },
    [S_MAX] = { B_INT | B_NUM, "use max_length for strings, max_items for arrays" },
    [S_MIN_LENGTH] = { B_STR, "use min for numbers, min_items for arrays" },
    [S_MAX_LENGTH] = { B_STR, "use max for numbers, max_items for arrays" },
    [S_PATTERN] = { B_STR, NULL },
    [S_NULLABLE] = { B_ALL, NULL },
    [S_FORMAT] = { B_STR, NULL },
    [S_ITEMS] = { B_ARR, NULL },
    [S_MIN_ITEMS] = { B_ARR, "use min_length for strings" },
    [S_MAX_ITEMS] = { B_ARR, "use max_length for strings" },
    [S_PROPERTIES] = { B_OBJ, NULL },
    [S_ADDITIONAL] = { B_OBJ, NULL },
};

/* In tx_base order: base_names[b] names base b. */
static const char *const base_names[] = { "string", "integer", "number", "boolean", "array",
                                          "object", "any", "null" };

/* Names people reach for that are not ours: a hint instead of a bare error. */
static const struct { const char *word, *hint; } type_hints[] = {
    { "int", "write 'integer'" },  { "long", "write 'integer'" },   { "float", "write 'number'" },
    { "double", "write 'number'" }, { "decimal", "write 'number'" }, { "bool", "write 'boolean'" },
    { "str", "write 'string'" },   { "text", "write 'string'" },    { "list", "write 'array'" },
    { "map", "write 'object'" },   { "dict", "write 'object'" },
    { "date", "'date' is a format: write {type: string, format: date}" },
    { "date-time", "'date-time' is a format: write {type: string, format: date-time}" },
    { "datetime", "write {type: string, format: date-time}" },
    { "time", "'time' is a format: write {type: string, format: time}" },
    { "uuid", "'uuid' is a format: write {type: string, format: uuid}" },
    { "email", "'email' is a format: write {type: string, format: email}" },
    { "uri", "'uri' is a format: write {type: string, format: uri}" },
    { "url", "write {type: string, format: uri}" },
};

static const char *const format_names[] = { "date", "date-time", "time", "uuid", "email", "uri" };

bool rs_is_spec_key(const char *key)
{
    for (size_t i = 0; i < S__COUNT; i++)
        if (i != S_REQUIRED && strcmp(spec_keys[i].name, key) == 0)
            return true;
    return false;
}

static void type_init(tx_type *t)
{
    t->min_length = t->max_length = t->min_items = t->max_items = -1;
}

void rs_types_begin(rs *r)
{
    size_t nb = sizeof base_names / sizeof base_names[0];
    r->type_names = tx_arena_alloc(r->scratch, (nb + r->types.n) * sizeof *r->type_names);
    for (size_t i = 0; i < nb; i++)
        r->type_names[r->n_type_names++] = base_names[i];
    for (size_t i = 0; i < r->types.n; i++) {
        rs_def *d = &r->types.items[i];
        tx_type *t = tx_arena_alloc(r->a, sizeof *t);
        type_init(t);
        t->name = d->name;
        t->span = d->key->span;
        d->item = t;
        r->type_names[r->n_type_names++] = d->name;
    }
}

static rs_def *find_type_def(rs *r, const char *name, size_t len)
{
    uintptr_t i = (uintptr_t)tx_strmap_get(&r->type_ix, name, len);
    return i ? &r->types.items[i - 1] : NULL;
}

bool rs_is_base_type(const char *name)
{
    for (size_t i = 0; i < sizeof base_names / sizeof base_names[0]; i++)
        if (strcmp(name, base_names[i]) == 0)
            return true;
    return false;
}

bool rs_is_type_name(rs *r, const char *name)
{
    return rs_is_base_type(name) || find_type_def(r, name, strlen(name)) != NULL;
}

/* Resolves a `type:` reference. Returns false after an error (or when the
 * referenced named type itself failed, already reported there). */
/* The type name a scalar holds; a plain YAML null written out (`type:
 * null`) names the base null. NULL for anything else. */
static const char *type_word(const yl_node *n)
{
    if (n->kind != YL_SCALAR)
        return NULL;
    if (yl_is_null(n))
        return n->style == YL_PLAIN && n->n == 4 ? "null" : NULL;
    return n->str;
}

static bool type_ref(rs *r, const yl_node *n, tx_base *base, const tx_type **parent)
{
    const char *w = type_word(n);
    if (!w) {
        rs_wrong_kind(r, n, "a type name", "'type'");
        return false;
    }
    for (size_t i = 0; i < sizeof base_names / sizeof base_names[0]; i++)
        if (strcmp(w, base_names[i]) == 0) {
            *base = (tx_base)i;
            *parent = NULL;
            return true;
        }
    rs_def *d = find_type_def(r, n->str, n->n);
    if (d) {
        if (d->state == 1) {
            tx_sb sb = TX_SB_INIT;
            size_t from = 0;
            for (size_t i = 0; i < r->type_stack.n; i++)
                if (r->type_stack.items[i] == d)
                    from = i;
            for (size_t i = from; i < r->type_stack.n; i++)
                tx_sb_addf(&sb, "%s -> ", r->type_stack.items[i]->name);
            tx_sb_adds(&sb, d->name);
            rs_err(r, TXC_TYPE_CYCLE, n->span, "types refer to each other in a cycle: %s",
                   sb.buf);
            tx_sb_release(&sb);
            d->state = 3;
            return false;
        }
        tx_type *t = rs_named_type(r, d);
        if (!t)
            return false;
        t->used = true;
        *base = t->base;
        *parent = t;
        return true;
    }
    tx_diag *dg = rs_unknown(r, TXC_UNKNOWN_TYPE, n, "type", r->type_names, r->n_type_names);
    for (size_t i = 0; i < sizeof type_hints / sizeof type_hints[0]; i++)
        if (strcmp(n->str, type_hints[i].word) == 0)
            tx_diag_fix(r->d, dg, "%s", type_hints[i].hint);
    return false;
}

static void free_re(void *p)
{
    pcre2_code_free((pcre2_code *)p);
}

void *rs_compile_regex(rs *r, const yl_node *n)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)n->str, n->n, PCRE2_UTF | PCRE2_UCP, &ec, &eo,
                                   NULL);
    if (re) {
        pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);  /* best effort: falls back to the interpreter */
        tx_arena_defer(r->a, free_re, re);
        return re;
    }
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(ec, msg, sizeof msg) < 0)
        snprintf((char *)msg, sizeof msg, "error %d", ec);
    /* Point at PCRE2's offset when the value appears verbatim in the file
     * (plain or quoted without escapes); otherwise at the whole scalar. */
    tx_span sp = n->span;
    const tx_source *src = &r->ctx->sources.items[sp.file];
    size_t cs = sp.start + (n->style == YL_QUOTED ? 1 : 0);
    if (eo > n->n)
        eo = n->n;
    if (cs + n->n <= src->len && memcmp(src->text + cs, n->str, n->n) == 0) {
        sp.start = (uint32_t)(cs + eo);
        sp.end = sp.start + 1;
    }
    rs_err(r, TXC_INVALID_REGEX, sp, "invalid pattern: %s (at offset %zu)", (const char *)msg,
           (size_t)eo);
    return NULL;
}

static void num_from(tx_num *out, const yl_node *v, bool is_int, int64_t i, double d)
{
    out->set = true;
    out->is_int = is_int;
    out->i = i;
    out->d = is_int ? (double)i : d;
    out->text = v->str;
}

/* A number constraint or enum value for an integer/number base. */
static bool read_num(rs *r, const yl_node *v, tx_base base, const char *what, tx_num *out)
{
    int64_t i;
    double d;
    if (v->kind == YL_SCALAR && v->style == YL_PLAIN && rs_parse_int(v->str, &i)) {
        num_from(out, v, true, i, 0);
        return true;
    }
    if (base == TX_NUMBER && v->kind == YL_SCALAR && v->style == YL_PLAIN &&
        rs_parse_num(v->str, &d)) {
        num_from(out, v, false, 0, d);
        return true;
    }
    if (v->kind != YL_SCALAR) {
        rs_wrong_kind(r, v, base == TX_INTEGER ? "an integer" : "a number", what);
        return false;
    }
    rs_bad_number(r, v, base == TX_INTEGER ? "an integer" : "a number", what);
    return false;
}

static bool num_less(const tx_num *a, const tx_num *b)
{
    if (a->is_int && b->is_int)
        return a->i < b->i;
    return a->d < b->d;
}

static bool read_len(rs *r, const yl_node *v, const char *key, int64_t *out)
{
    char *what = tx_arena_printf(r->scratch, "'%s'", key);
    int64_t x;
    if (!rs_int(r, v, what, &x))
        return false;
    if (x < 0) {
        rs_err(r, TXC_INVALID_RANGE, v->span, "'%s' must not be negative", key);
        return false;
    }
    *out = x;
    return true;
}

static void read_enum(rs *r, tx_type *t, const tx_type *parent, const char *pdesc,
                      const yl_node *v, const char *what)
{
    if (v->kind != YL_SEQ && v->kind != YL_MAP) {
        rs_wrong_kind(r, v, "a list of values", "'enum'");
        return;
    }
    if (v->n == 0) {
        rs_err(r, TXC_EMPTY_ENUM, yl_head_span(&r->ctx->sources, v), "empty enum in %s", what);
        return;
    }
    tx_enum_value *vals = tx_arena_alloc(r->a, v->n * sizeof *vals);
    size_t n = 0;
    tx_strmap seen = { 0 };
    for (size_t i = 0; i < v->n; i++) {
        const yl_node *it = v->kind == YL_SEQ ? v->items[i] : v->pairs[i].key;
        tx_enum_value ev = { 0 };
        ev.span = it->span;
        ev.kind = t->base;
        if (v->kind == YL_MAP && !yl_is_null(v->pairs[i].val) &&
            !rs_str(r, v->pairs[i].val, "an enum value's description", &ev.description))
            continue;
        if (it->kind != YL_SCALAR || yl_is_null(it)) {
            if (yl_is_null(it) && it->n) {
                tx_diag *dg = rs_err(r, TXC_ENUM_TYPE, it->span,
                                     "enum value '%s' is a YAML null, not a %s value", it->str,
                                     tx_base_name(t->base));
                tx_diag_fix(r->d, dg, "to allow null write 'nullable: true'; to allow the text "
                            "'%s', quote it", it->str);
                continue;
            }
            rs_err(r, TXC_ENUM_TYPE, yl_head_span(&r->ctx->sources, it),
                   "enum value of %s type must be a scalar, found %s", tx_base_name(t->base),
                   yl_describe(it));
            continue;
        }
        const char *key = it->str;
        size_t keylen = it->n;
        switch (t->base) {
        case TX_STRING:
            break;
        case TX_INTEGER:
        case TX_NUMBER: {
            int64_t iv;
            double dv;
            bool ok = it->style == YL_PLAIN && (rs_parse_int(it->str, &iv) ||
                                                (t->base == TX_NUMBER && rs_parse_num(it->str, &dv)));
            if (!ok) {
                rs_err(r, TXC_ENUM_TYPE, it->span, "enum value '%s' is not %s", it->str,
                       t->base == TX_INTEGER ? "an integer" : "a number");
                continue;
            }
            read_num(r, it, t->base, "an enum value", &ev.num);
            key = ev.num.is_int ? tx_arena_printf(r->a, "%lld", (long long)ev.num.i)
                                : tx_arena_printf(r->a, "%.17g", ev.num.d);
            keylen = strlen(key);
            break;
        }
        case TX_BOOLEAN:
            if (it->style != YL_PLAIN || (strcmp(it->str, "true") && strcmp(it->str, "false"))) {
                rs_err(r, TXC_ENUM_TYPE, it->span, "enum value '%s' is not true or false",
                       it->str);
                continue;
            }
            break;
        default:
            continue;
        }
        ev.str = it->str;
        ev.len = it->n;
        if (parent && parent->n_enum) {
            bool in = false;
            for (size_t j = 0; j < parent->n_enum && !in; j++)
                in = t->base == TX_STRING || t->base == TX_BOOLEAN
                         ? strcmp(parent->enums[j].str, it->str) == 0
                         : parent->enums[j].num.d == ev.num.d;
            if (!in) {
                rs_err(r, TXC_REFINEMENT, it->span, "enum value '%s' is not allowed by %s",
                       it->str, pdesc);
                continue;
            }
        }
        bool found;
        tx_strmap_slot *s = tx_strmap_put(&seen, key, keylen, &found);
        if (found) {
            const tx_enum_value *first = s->val;
            tx_diag *dg = rs_err(r, TXC_DUPLICATE_ENUM, it->span, "duplicate enum value '%s'",
                                 it->str);
            tx_diag_note(r->d, dg, first->span, "first listed here");
            continue;
        }
        vals[n] = ev;
        s->val = &vals[n];
        n++;
    }
    tx_strmap_free(&seen);
    t->enums = vals;
    t->n_enum = n;
}

static void read_format(rs *r, tx_type *t, const yl_node *v)
{
    const char *s;
    if (!rs_str(r, v, "'format'", &s))
        return;
    tx_format f;
    if (tx_format_parse(s, &f) == 0) {
        t->format = f;
        t->format_text = s;
        t->date_pattern = NULL;
        return;
    }
    const char *near = tx_suggest(s, v->n, format_names, sizeof format_names / sizeof format_names[0]);
    const char *perr = NULL;
    tx_date_pattern *dp = near ? NULL : tx_date_pattern_compile(r->a, s, &perr);
    if (dp) {
        t->format = TX_FMT_DATE_PATTERN;
        t->format_text = s;
        t->date_pattern = dp;
        return;
    }
    tx_diag *dg;
    if (near)
        dg = rs_err(r, TXC_UNKNOWN_FORMAT, v->span, "unknown format '%s'; did you mean '%s'?", s,
                    near);
    else
        dg = rs_err(r, TXC_UNKNOWN_FORMAT, v->span, "unknown format '%s': %s", s,
                    perr ? perr : "not a date pattern");
    tx_diag_fix(r->d, dg, "formats: date, date-time, time, uuid, email, uri, or a date pattern "
                "such as yyyyMMdd or 'yyyy-MM-dd HH:mm:ss'");
}

static void read_fields(rs *r, tx_type *t, const yl_node *v, const char *what)
{
    char *pw = tx_arena_printf(r->scratch, "'properties' of %s", what);
    if (!rs_map(r, v, pw))
        return;
    t->fields = tx_arena_alloc(r->a, (v->n + 1) * sizeof *t->fields);
    t->n_fields = 0;
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        tx_field *f = &t->fields[t->n_fields];
        f->name = p->key->str;
        f->span = p->key->span;
        char *fw = tx_arena_printf(r->scratch, "member '%s' of %s", f->name, what);
        f->type = rs_type_spec(r, p->val, RS_SPEC_FIELD, fw, &f->meta, &f->required);
        if (f->type)
            t->n_fields++;
    }
}

/* The pattern is the user's, so it is matched with PCRE2's match, depth
 * and heap limits: a catastrophically backtracking one (`^(a+)+$`) ends
 * with "could not be checked" instead of hanging the load. */
void rs_strfit_begin(rs_strfit *f, const tx_type *t)
{
    *f = (rs_strfit){ .e = tx_eff_of(t) };
    if (f->e.base != TX_STRING || !f->e.pattern_re)
        return;
    f->md = pcre2_match_data_create_from_pattern((const pcre2_code *)f->e.pattern_re, NULL);
    pcre2_match_context *mc = f->md ? pcre2_match_context_create(NULL) : NULL;
    if (mc) {
        pcre2_set_match_limit(mc, 1000000);
        pcre2_set_depth_limit(mc, 10000);
        pcre2_set_heap_limit(mc, 20 * 1024);   /* KiB */
    }
    f->mc = mc;
}

void rs_strfit_end(rs_strfit *f)
{
    if (f->md)
        pcre2_match_data_free(f->md);
    pcre2_match_context_free(f->mc);
    f->md = f->mc = NULL;
}

const char *rs_strfit_why(rs *r, rs_strfit *f, const char *s, size_t n)
{
    const tx_eff *e = &f->e;
    f->unchecked = false;
    if (e->base != TX_STRING)
        return NULL;
    int64_t len = (int64_t)tx_utf8_count_lenient(s, n);
    if (e->min_length >= 0 && len < e->min_length)
        return tx_arena_printf(r->scratch, "is shorter than min_length %lld",
                               (long long)e->min_length);
    if (e->max_length >= 0 && len > e->max_length)
        return tx_arena_printf(r->scratch, "is longer than max_length %lld",
                               (long long)e->max_length);
    int rc;
    if (f->md && !f->gave_up &&
        (rc = pcre2_match((const pcre2_code *)e->pattern_re, (PCRE2_SPTR)s, n, 0, 0, f->md,
                          f->mc)) < 0) {
        if (rc == PCRE2_ERROR_NOMATCH)
            return tx_arena_printf(r->scratch, "does not match pattern '%s'", e->pattern);
        f->gave_up = f->unchecked = true;
        return tx_arena_printf(r->scratch, "could not be checked against pattern '%s' "
                               "(PCRE2 error %d: a match limit was hit)", e->pattern, rc);
    }
    if (e->format != TX_FMT_NONE && !tx_format_check(e->t, s, n))
        return tx_arena_printf(r->scratch, "is not a valid %s",
                               e->format == TX_FMT_DATE_PATTERN ? e->format_text
                                                               : tx_format_name(e->format));
    return NULL;
}

/* Every enum value must pass the type's other constraints: an enum value
 * the type itself would reject is a bug in the plan. Strings go through
 * rs_strfit (a pattern that hits a match limit is not tried on the values
 * after it). */
static bool enum_fits(rs *r, const tx_type *t)
{
    bool ok = true;
    rs_strfit f;
    rs_strfit_begin(&f, t);
    for (size_t i = 0; i < t->n_enum; i++) {
        const tx_enum_value *ev = &t->enums[i];
        const char *why = NULL;
        if (t->base == TX_STRING) {
            why = rs_strfit_why(r, &f, ev->str, ev->len);
        } else if (t->base == TX_INTEGER || t->base == TX_NUMBER) {
            if (t->min.set && num_less(&ev->num, &t->min))
                why = tx_arena_printf(r->scratch, "is less than min %s", t->min.text);
            else if (t->max.set && num_less(&t->max, &ev->num))
                why = tx_arena_printf(r->scratch, "is greater than max %s", t->max.text);
        }
        if (why) {
            rs_err(r, TXC_ENUM_CONSTRAINT, ev->span, "enum value '%s' %s%s", ev->str, why,
                   f.unchecked ? "; the pattern is not tried on the values after it" : "");
            ok = false;
        }
    }
    rs_strfit_end(&f);
    return ok;
}

/* A refinement may add and tighten constraints, never loosen its parent's:
 * a wider bound, or a pattern or format in place of the parent's (which
 * the model would then forget), is an invalid-refinement. n holds the
 * nodes of min, max, min_length, max_length, min_items, max_items, pattern
 * and format as written in the refinement (NULL when absent). */
static bool narrows(rs *r, const tx_type *t, const tx_type *pt, const char *pdesc,
                    const yl_node *const n[8])
{
    bool ok = true;
    struct { const yl_node *at; bool wider; const char *key; const char *was; } b[] = {
        { n[0], pt->min.set && num_less(&t->min, &pt->min), "min", pt->min.text },
        { n[1], pt->max.set && num_less(&pt->max, &t->max), "max", pt->max.text },
        { n[2], pt->min_length >= 0 && t->min_length < pt->min_length, "min_length", NULL },
        { n[3], pt->max_length >= 0 && t->max_length > pt->max_length, "max_length", NULL },
        { n[4], pt->min_items >= 0 && t->min_items < pt->min_items, "min_items", NULL },
        { n[5], pt->max_items >= 0 && t->max_items > pt->max_items, "max_items", NULL },
    };
    const int64_t was_len[] = { 0, 0, pt->min_length, pt->max_length, pt->min_items,
                                pt->max_items };
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
        if (!b[i].at || !b[i].wider)
            continue;
        tx_diag *dg = b[i].was
            ? rs_err(r, TXC_REFINEMENT, b[i].at->span, "'%s' %s loosens %s, whose %s is %s",
                     b[i].key, b[i].at->str, pdesc, b[i].key, b[i].was)
            : rs_err(r, TXC_REFINEMENT, b[i].at->span, "'%s' %s loosens %s, whose %s is %lld",
                     b[i].key, b[i].at->str, pdesc, b[i].key, (long long)was_len[i]);
        tx_diag_fix(r->d, dg, "a refinement can only tighten its parent's constraints; to "
                    "allow more, refine from a base type instead");
        ok = false;
    }
    if (n[6] && pt->pattern && t->pattern && strcmp(t->pattern, pt->pattern) != 0) {
        tx_diag *dg = rs_err(r, TXC_REFINEMENT, n[6]->span,
                             "'pattern' would replace the pattern '%s' of %s", pt->pattern,
                             pdesc);
        tx_diag_fix(r->d, dg, "a refinement keeps its parent's pattern; fold both into one "
                    "pattern in a type refined from 'string'");
        ok = false;
    }
    if (n[7] && pt->format != TX_FMT_NONE && t->format_text && pt->format_text &&
        strcmp(t->format_text, pt->format_text) != 0) {
        rs_err(r, TXC_REFINEMENT, n[7]->span, "'format' %s would replace the format %s of %s",
               t->format_text, pt->format_text, pdesc);
        ok = false;
    }
    return ok;
}

/* ---- type references: one name, or a union's list (issue 16) -------- */

/* What a `type:` names: a base or named type, or the branches of a union.
 * `null` in a list is no branch: it makes the type nullable. A named union
 * (or, for an event's refinement, the dictionary's union) lends its
 * branches. */
typedef struct type_refs {
    tx_base base;               /* TX_UNION with two or more branches */
    const tx_type *parent;      /* the type refined (a named one, or the dictionary's) */
    bool null;                  /* `null` was listed beside the branches */
    size_t n;                   /* union: the branches */
    tx_base *bases;
    const tx_type **types;      /* the branch's type, or NULL for a bare base */
    unsigned mask;              /* 1 << base of every branch */
} type_refs;

static void refs_of_type(rs *r, const tx_type *p, type_refs *u)
{
    *u = (type_refs){ .base = p->base, .parent = p };
    if (p->base != TX_UNION)
        return;
    u->n = p->n_branches;
    u->bases = tx_arena_alloc(r->scratch, (u->n + 1) * sizeof *u->bases);
    u->types = tx_arena_alloc(r->scratch, (u->n + 1) * sizeof *u->types);
    for (size_t i = 0; i < u->n; i++) {
        u->types[i] = p->branches[i];
        u->bases[i] = p->branches[i]->base;
        u->mask |= 1u << u->bases[i];
    }
}

static const char *branch_list(rs *r, const type_refs *u)
{
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < u->n; i++)
        tx_sb_addf(&sb, "%s%s", i ? (i + 1 == u->n ? " or " : ", ") : "",
                   u->types[i] && u->types[i]->name ? u->types[i]->name
                                                    : tx_base_name(u->bases[i]));
    char *out = tx_arena_printf(r->scratch, "%s", sb.buf ? sb.buf : "");
    tx_sb_release(&sb);
    return out;
}

static bool read_type_refs(rs *r, const yl_node *n, type_refs *u)
{
    *u = (type_refs){ 0 };
    if (n->kind != YL_SEQ) {
        tx_base b;
        const tx_type *p;
        if (!type_ref(r, n, &b, &p))
            return false;
        if (p)
            refs_of_type(r, p, u);
        else
            u->base = b;
        return true;
    }
    if (n->n == 0) {
        tx_diag *dg = rs_err(r, TXC_INVALID_UNION, n->span, "empty list of types in 'type'");
        tx_diag_fix(r->d, dg, "a union lists two or more types, e.g. [string, integer]");
        return false;
    }
    u->bases = tx_arena_alloc(r->scratch, n->n * sizeof *u->bases);
    u->types = tx_arena_alloc(r->scratch, n->n * sizeof *u->types);
    const yl_node **at = tx_arena_alloc(r->scratch, n->n * sizeof *at);
    const yl_node *null_at = NULL;
    bool ok = true;
    for (size_t i = 0; i < n->n; i++) {
        const yl_node *it = n->items[i];
        tx_base b;
        const tx_type *p;
        if (!type_ref(r, it, &b, &p)) {
            ok = false;
            continue;
        }
        const char *w = type_word(it);
        const yl_node *first = NULL;
        for (size_t j = 0; j < u->n && !first; j++)
            if (u->bases[j] == b)
                first = at[j];
        if (b == TX_NULL && null_at)
            first = null_at;
        if (first) {
            tx_diag *dg;
            if (strcmp(type_word(first), w) == 0)
                dg = rs_err(r, TXC_INVALID_UNION, it->span, "type '%s' is listed twice in the "
                            "union", w);
            else
                dg = rs_err(r, TXC_INVALID_UNION, it->span, "types '%s' and '%s' are both %s: "
                            "a union holds one branch per JSON type", type_word(first), w,
                            tx_base_name(b));
            tx_diag_note(r->d, dg, first->span, "first listed here");
            ok = false;
        } else if (b == TX_NULL) {
            null_at = it;
        } else if (b == TX_ANY) {
            tx_diag *dg = rs_err(r, TXC_INVALID_UNION, it->span, "'%s' cannot be a branch of a "
                                 "union: it already holds every value", w);
            tx_diag_fix(r->d, dg, "use any alone");
            ok = false;
        } else if (b == TX_UNION) {
            tx_diag *dg = rs_err(r, TXC_INVALID_UNION, it->span, "union type '%s' cannot be a "
                                 "branch of a union", w);
            tx_diag_fix(r->d, dg, "list its branches here instead");
            ok = false;
        } else {
            at[u->n] = it;
            u->types[u->n] = p;
            u->bases[u->n++] = b;
            u->mask |= 1u << b;
        }
    }
    if (!ok)
        return false;
    u->null = null_at != NULL;
    if (u->n == 0) {
        u->base = TX_NULL;
    } else if (u->n == 1) {     /* a union of one type is that type */
        if (u->types[0])
            refs_of_type(r, u->types[0], u);
        else
            u->base = u->bases[0];
        u->null = null_at != NULL;
    } else {
        u->base = TX_UNION;
    }
    return true;
}

/* ---- open objects ---------------------------------------------------- */

/* additional: true | false | a type spec (docs/format.md). */
static bool read_additional(rs *r, tx_type *t, const yl_node *v, const char *what)
{
    if (v->kind == YL_SCALAR && v->style == YL_PLAIN &&
        (strcmp(v->str, "true") == 0 || strcmp(v->str, "false") == 0)) {
        t->open = v->str[0] == 't';
        t->additional = NULL;
        return true;
    }
    char *aw = tx_arena_printf(r->scratch, "'additional' of %s", what);
    const tx_type *at = rs_type_spec(r, v, RS_SPEC_ITEMS, aw, NULL, NULL);
    if (!at)
        return false;
    t->open = true;
    t->additional = at->base == TX_ANY ? NULL : at;
    return true;
}

/* a is b or refines it (through named parents). */
static bool within(const tx_type *a, const tx_type *b)
{
    for (int i = 0; a && i < 300; a = a->parent, i++)
        if (a == b)
            return true;
    return false;
}

/* A refinement may close an open object or narrow what its other members
 * must be, never open a closed one or widen that. */
static bool narrows_open(rs *r, const tx_type *t, const tx_type *pt, const char *pdesc,
                         const yl_node *at)
{
    if (!at || pt->base != TX_OBJECT || !t->open)
        return true;
    if (!pt->open) {
        tx_diag *dg = rs_err(r, TXC_REFINEMENT, at->span, "'additional' would open %s, whose "
                             "members are closed", pdesc);
        tx_diag_fix(r->d, dg, "a refinement can only narrow; to accept other members, open the "
                    "object where it is defined");
        return false;
    }
    if (pt->additional && (!t->additional || !within(t->additional, pt->additional))) {
        rs_err(r, TXC_REFINEMENT, at->span, "'additional' would widen %s, whose other members "
               "must be %s", pdesc, pt->additional->name ? pt->additional->name
                                                         : tx_base_name(pt->additional->base));
        return false;
    }
    return true;
}

/* ---- filling a type from its spec ----------------------------------- */

static bool fill_from(rs *r, tx_type *t, const yl_node *spec, unsigned ctx, const char *what,
                      tx_meta *meta, bool *required, const type_refs *u, const char *pdesc,
                      bool variant, unsigned only);

/* The union's constraints go to the branches they fit (JSON Schema's
 * type-specific keywords): a branch with none is shared as it is. */
static bool union_branches(rs *r, tx_type *t, const yl_node *spec, const type_refs *u,
                           const char *what)
{
    bool ok = true;
    const tx_type **br = tx_arena_alloc(r->a, (u->n + 1) * sizeof *br);
    for (size_t i = 0; i < u->n; i++) {
        unsigned bit = 1u << u->bases[i];
        bool fits = false;
        for (size_t k = 0; spec->kind == YL_MAP && k < spec->n; k++)
            for (int j = S_MIN; j <= S_ADDITIONAL; j++)
                if (j != S_NULLABLE && (spec_rules[j].bases & bit) &&
                    strcmp(spec->pairs[k].key->str, spec_keys[j].name) == 0)
                    fits = true;
        const tx_type *bt = u->types[i];
        if (!fits && bt) {
            br[i] = bt;
            continue;
        }
        tx_type *nt = tx_arena_alloc(r->a, sizeof *nt);
        type_init(nt);
        nt->base = u->bases[i];
        nt->span = bt ? bt->span : t->span;
        if (fits) {
            type_refs one = { .base = u->bases[i], .parent = bt };
            const char *bn = bt && bt->name ? bt->name : tx_base_name(u->bases[i]);
            char *bw = tx_arena_printf(r->scratch, "the %s branch of %s", bn, what);
            char *pd = bt ? tx_arena_printf(r->scratch, "the %s branch '%s'", what, bn) : NULL;
            ok = fill_from(r, nt, spec, RS_SPEC_ITEMS, bw, NULL, NULL, &one, pd, false, bit) &&
                 ok;
        }
        br[i] = nt;
    }
    t->branches = br;
    t->n_branches = u->n;
    return ok;
}

static int by_span(const void *a, const void *b)
{
    const tx_enum_value *x = a, *y = b;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

/* A union's enum applies to every value; each value goes to the branch of
 * its YAML kind (a quoted or unknown plain scalar to the string branch) and
 * must pass that branch's constraints. */
static bool union_enum(rs *r, tx_type *t, const yl_node *v, const char *what)
{
    if (v->kind != YL_SEQ && v->kind != YL_MAP) {
        rs_wrong_kind(r, v, "a list of values", "'enum'");
        return false;
    }
    if (v->n == 0) {
        rs_err(r, TXC_EMPTY_ENUM, yl_head_span(&r->ctx->sources, v), "empty enum in %s", what);
        return false;
    }
    size_t nb = t->n_branches, *cnt = tx_arena_alloc(r->scratch, nb * sizeof *cnt);
    size_t *pick = tx_arena_alloc(r->scratch, v->n * sizeof *pick);
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) {
        const yl_node *it = v->kind == YL_SEQ ? v->items[i] : v->pairs[i].key;
        int64_t iv;
        double dv;
        unsigned want = 0;
        if (it->kind == YL_SCALAR && it->style == YL_PLAIN && !yl_is_null(it)) {
            if (strcmp(it->str, "true") == 0 || strcmp(it->str, "false") == 0)
                want = 1u << TX_BOOLEAN;
            else if (rs_parse_int(it->str, &iv))
                want = 1u << TX_INTEGER | 1u << TX_NUMBER;
            else if (rs_parse_num(it->str, &dv))
                want = 1u << TX_NUMBER;
        }
        size_t b = nb;
        for (size_t j = 0; j < nb && b == nb; j++)
            if (want & (1u << t->branches[j]->base))
                b = j;
        for (size_t j = 0; j < nb && b == nb; j++)  /* text, as a string enum reads it */
            if (t->branches[j]->base == TX_STRING && it->kind == YL_SCALAR && !yl_is_null(it))
                b = j;
        if (b == nb && it->kind == YL_SCALAR && !yl_is_null(it)) {
            tx_sb sb = TX_SB_INIT;
            for (size_t j = 0; j < nb; j++)
                tx_sb_addf(&sb, "%s%s", j ? ", " : "", tx_base_name(t->branches[j]->base));
            rs_err(r, TXC_ENUM_TYPE, it->span, "enum value '%s' fits no branch of the union "
                   "(%s)", it->str, sb.buf);
            tx_sb_release(&sb);
            ok = false;
            b = nb;
        } else if (b == nb) {
            b = 0;  /* not a scalar: read_enum says so */
        }
        pick[i] = b;
        if (b < nb)
            cnt[b]++;
    }
    tx_enum_value *all = tx_arena_alloc(r->a, v->n * sizeof *all);
    size_t n = 0;
    for (size_t j = 0; j < nb; j++) {
        if (!cnt[j])
            continue;
        yl_node sub = *v;
        sub.n = 0;
        if (v->kind == YL_SEQ)
            sub.items = tx_arena_alloc(r->scratch, cnt[j] * sizeof *sub.items);
        else
            sub.pairs = tx_arena_alloc(r->scratch, cnt[j] * sizeof *sub.pairs);
        for (size_t i = 0; i < v->n; i++)
            if (pick[i] == j) {
                if (v->kind == YL_SEQ)
                    sub.items[sub.n++] = v->items[i];
                else
                    sub.pairs[sub.n++] = v->pairs[i];
            }
        const tx_type *bt = t->branches[j];
        tx_type tmp = *bt;
        tmp.n_enum = 0;
        tmp.enums = NULL;
        char *pd = tx_arena_printf(r->scratch, "the %s branch '%s'", what,
                                   bt->name ? bt->name : tx_base_name(bt->base));
        size_t before = r->d->n_error;
        read_enum(r, &tmp, bt->n_enum ? bt : NULL, pd, &sub, what);
        if (r->d->n_error != before)
            ok = false;
        if (tmp.n_enum && !enum_fits(r, &tmp))
            ok = false;
        memcpy(all + n, tmp.enums, tmp.n_enum * sizeof *all);
        n += tmp.n_enum;
    }
    qsort(all, n, sizeof *all, by_span);
    t->enums = all;
    t->n_enum = n;
    return ok;
}

/* What filling a type carries from key to key: the type, what it refines,
 * where the spec sits, and the node of each key as written (NULL when
 * absent; at[S_ENUM] only for a union, whose enum is read at the end). */
typedef struct filling {
    rs *r;
    tx_type *t;
    const type_refs *u;         /* NULL: the base is unknown */
    const tx_type *pt;          /* what is refined, or NULL */
    tx_base base;
    unsigned ctx, only, have;   /* have: the bits of the base (a union's branches) */
    const char *what, *pdesc;
    const yl_node *at[S__COUNT];
    bool distribute;            /* a union: constraints for its branches */
} filling;

/* Starts t as a copy of what u refines (its name and span kept), or blank;
 * returns the parent's description for messages. */
static const char *fill_start(rs *r, tx_type *t, const type_refs *u, const char *pdesc)
{
    bool typed = u != NULL;
    tx_base base = typed ? u->base : TX_STRING;
    const tx_type *pt = typed ? u->parent : NULL;   /* what is refined */
    const char *name = t->name;
    tx_span span = t->span;
    if (pt) {
        *t = *pt;
        t->meta = (tx_meta){ 0 };
        t->used = false;
    }
    t->name = name;
    t->span = span;
    t->base = base;
    t->parent = pt && !pt->name ? pt->parent : pt;
    if (typed && u->null)
        t->nullable = true;
    if (pt && !pdesc)
        pdesc = tx_arena_printf(r->scratch, "parent type '%s'", pt->name);
    return pdesc;
}

/* Reports a constraint written for a base it does not apply to. */
static void not_applicable(const filling *f, const yl_pair *p, int idx)
{
    rs *r = f->r;
    tx_base base = f->base;
    const tx_type *pt = f->pt;
    tx_diag *dg;
    if (base == TX_UNION)
        dg = rs_err(r, TXC_NOT_APPLICABLE, p->key->span,
                    "'%s' does not apply to any branch of the union (%s)", p->key->str,
                    branch_list(r, f->u));
    else
        dg = rs_err(r, TXC_NOT_APPLICABLE, p->key->span,
                    "'%s' does not apply to %s type%s%s%s", p->key->str,
                    tx_base_name(base), pt && pt->name ? " '" : "",
                    pt && pt->name ? pt->name : "", pt && pt->name ? "'" : "");
    if (idx == S_NULLABLE)
        tx_diag_fix(r->d, dg, "%s", base == TX_ANY ? "any already accepts null"
                                                   : "null is its only value");
    else if (base == TX_ANY || base == TX_NULL)
        tx_diag_fix(r->d, dg, "%s takes no constraints", tx_base_name(base));
    else if (spec_rules[idx].hint)
        tx_diag_fix(r->d, dg, "%s", spec_rules[idx].hint);
}

/* The spec_keys index of p's key once it is known, allowed where it is
 * written and fits the base; -1 to pass over it (*ok cleared when that
 * was reported). A union branch takes only the constraints of its base. */
static int fill_key(const filling *f, const yl_pair *p, bool *ok)
{
    rs *r = f->r;
    int idx = -1;
    if (f->only) {
        for (int j = S_MIN; j <= S_ADDITIONAL && idx < 0; j++)
            if (j != S_NULLABLE && (spec_rules[j].bases & f->only) &&
                strcmp(p->key->str, spec_keys[j].name) == 0)
                idx = j;
        if (idx < 0)
            return -1;
    } else {
        idx = rs_key_lookup(r, p->key, spec_keys, S__COUNT, f->ctx, f->what);
    }
    if (idx < 0) {
        *ok = false;
        return -1;
    }
    if (!(spec_keys[idx].where & f->ctx)) {
        tx_diag *dg = rs_err(r, TXC_UNKNOWN_KEY, p->key->span, "'%s' is not allowed in %s",
                             p->key->str, f->what);
        if (idx == S_REQUIRED)
            tx_diag_fix(r->d, dg, "events and property groups say whether a property is "
                        "required");
        else if (f->ctx == RS_SPEC_ITEMS)
            tx_diag_fix(r->d, dg, "describe the array property itself, not its items");
        *ok = false;
        return -1;
    }
    if (!f->u && spec_rules[idx].bases)
        return -1;  /* unknown base: only check the keys themselves */
    if (spec_rules[idx].bases && !(spec_rules[idx].bases & f->have)) {
        not_applicable(f, p, idx);
        *ok = false;
        return -1;
    }
    return idx;
}

/* Applies one checked key's value to the type (a union keeps its
 * constraints for the branches); false after an error. */
static bool fill_value(filling *f, const yl_pair *p, int idx, tx_meta *meta, bool *required)
{
    rs *r = f->r;
    tx_type *t = f->t;
    const yl_node *v = p->val;
    if (f->base == TX_UNION && idx != S_NULLABLE && spec_rules[idx].bases) {
        if (idx == S_ENUM)
            f->at[S_ENUM] = v;
        else
            f->distribute = true;
        return true;
    }
    f->at[idx] = v;
    switch ((spec_k)idx) {
    case S_ENUM: read_enum(r, t, f->pt, f->pdesc, v, f->what); return true;
    case S_MIN: return read_num(r, v, f->base, "'min'", &t->min);
    case S_MAX: return read_num(r, v, f->base, "'max'", &t->max);
    case S_MIN_LENGTH: return read_len(r, v, "min_length", &t->min_length);
    case S_MAX_LENGTH: return read_len(r, v, "max_length", &t->max_length);
    case S_MIN_ITEMS: return read_len(r, v, "min_items", &t->min_items);
    case S_MAX_ITEMS: return read_len(r, v, "max_items", &t->max_items);
    case S_PATTERN:
        if (!rs_str(r, v, "'pattern'", &t->pattern))
            return true;    /* rs_str reported it */
        t->pattern_re = rs_compile_regex(r, v);
        return t->pattern_re != NULL;
    case S_NULLABLE: {
        bool ok = rs_bool(r, v, "'nullable'", &t->nullable);
        if (f->u && f->u->null)
            t->nullable = true;
        return ok;
    }
    case S_FORMAT: read_format(r, t, v); return true;
    case S_ITEMS: {
        char *iw = tx_arena_printf(r->scratch, "the items of %s", f->what);
        t->items = rs_type_spec(r, v, RS_SPEC_ITEMS, iw, NULL, NULL);
        return t->items != NULL;
    }
    case S_PROPERTIES: read_fields(r, t, v, f->what); return true;
    case S_ADDITIONAL: return read_additional(r, t, v, f->what);
    case S_REQUIRED: return required ? rs_bool(r, v, "'required'", required) : true;
    case S_LINT:
    case S_DESCRIPTION:
    case S_DEPRECATED:
    case S_OWNER:
    case S_PII:
        if (meta)
            rs_meta_key(r, p, meta);
        return true;
    default: return true;
    }
}

/* A union's end: its branches take the constraints that fit them, its enum
 * is dealt out to them and must stay within the parent's. */
static bool union_finish(filling *f, const yl_node *spec, bool ok)
{
    rs *r = f->r;
    tx_type *t = f->t;
    const tx_type *pt = f->pt;
    const yl_node *enumn = f->at[S_ENUM];
    if (ok && (f->distribute || !pt))
        ok = union_branches(r, t, spec, f->u, f->what);
    if (ok && enumn)
        ok = union_enum(r, t, enumn, f->what);
    for (size_t i = 0; ok && enumn && pt && pt->n_enum && i < t->n_enum; i++) {
        const tx_enum_value *ev = &t->enums[i];
        bool in = false;
        for (size_t j = 0; j < pt->n_enum && !in; j++)
            in = pt->enums[j].kind == ev->kind &&
                 (ev->kind == TX_INTEGER || ev->kind == TX_NUMBER
                      ? pt->enums[j].num.d == ev->num.d
                      : strcmp(pt->enums[j].str, ev->str) == 0);
        if (!in) {
            rs_err(r, TXC_REFINEMENT, ev->span, "enum value '%s' is not allowed by %s",
                   ev->str, f->pdesc);
            ok = false;
        }
    }
    return ok;
}

/* Reports each lower bound above its upper one, at the upper bound,
 * pointing back at the lower; false when one was. */
static bool ranges_ok(const filling *f)
{
    rs *r = f->r;
    const tx_type *t = f->t, *pt = f->pt;
    const yl_node *const *at = f->at;
    bool ok = true;
    struct { const yl_node *lo, *hi; bool bad; const char *a, *b; } ranges[] = {
        { at[S_MIN], at[S_MAX], t->min.set && t->max.set && num_less(&t->max, &t->min), "min",
          "max" },
        { at[S_MIN_LENGTH], at[S_MAX_LENGTH],
          t->min_length >= 0 && t->max_length >= 0 && t->max_length < t->min_length,
          "min_length", "max_length" },
        { at[S_MIN_ITEMS], at[S_MAX_ITEMS],
          t->min_items >= 0 && t->max_items >= 0 && t->max_items < t->min_items,
          "min_items", "max_items" },
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        if (!ranges[i].bad || (!ranges[i].lo && !ranges[i].hi))
            continue;
        const yl_node *hit = ranges[i].hi ? ranges[i].hi : ranges[i].lo;
        tx_diag *dg = rs_err(r, TXC_INVALID_RANGE, hit->span, "'%s' is less than '%s' in %s",
                             ranges[i].b, ranges[i].a, f->what);
        if (ranges[i].lo && ranges[i].hi)
            tx_diag_note(r->d, dg, ranges[i].lo->span, "'%s' is set here", ranges[i].a);
        else if (pt && pt->name)
            tx_diag_note(r->d, dg, pt->span, "the other bound comes from type '%s'", pt->name);
        else if (pt)
            tx_diag_note(r->d, dg, pt->span, "the other bound comes from %s", f->pdesc);
        ok = false;
    }
    return ok;
}

/* The last checks: a refinement only narrows its parent, an event's does
 * not widen nullability, and its enum fits its own constraints. */
static bool fill_last_checks(const filling *f, bool variant)
{
    rs *r = f->r;
    const tx_type *t = f->t, *pt = f->pt;
    const yl_node *const *at = f->at;
    bool ok = true;
    if (pt)
        ok = narrows(r, t, pt, f->pdesc, (const yl_node *[]){ at[S_MIN], at[S_MAX],
                     at[S_MIN_LENGTH], at[S_MAX_LENGTH], at[S_MIN_ITEMS], at[S_MAX_ITEMS],
                     at[S_PATTERN], at[S_FORMAT] });
    if (ok && pt)
        ok = narrows_open(r, t, pt, f->pdesc, at[S_ADDITIONAL]);
    if (ok && pt && variant && at[S_NULLABLE] && t->nullable && !pt->nullable) {
        rs_err(r, TXC_REFINEMENT, at[S_NULLABLE]->span, "'nullable: true' would widen %s, "
               "which does not allow null", f->pdesc);
        ok = false;
    }
    if (ok && t->n_enum && f->base != TX_UNION)
        ok = enum_fits(r, t);
    return ok;
}

/* Fills t from spec with its `type:` already read into u (NULL: unknown,
 * then only the keys themselves are checked). pdesc names what a
 * refinement refines in messages ("parent type 'x'", "the dictionary's
 * definition of 'price'"); variant: an event's refinement, which may not
 * widen nullability either. only: a union branch being built (its base's
 * bit): the spec's keys were checked at the union, so here only the
 * constraints that fit the branch are applied, quietly. */
static bool fill_from(rs *r, tx_type *t, const yl_node *spec, unsigned ctx, const char *what,
                      tx_meta *meta, bool *required, const type_refs *u, const char *pdesc,
                      bool variant, unsigned only)
{
    filling f = { .r = r, .t = t, .u = u, .pt = u ? u->parent : NULL,
                  .base = u ? u->base : TX_STRING, .ctx = ctx, .only = only, .what = what };
    f.pdesc = fill_start(r, t, u, pdesc);
    if (spec->kind != YL_MAP)
        return f.base == TX_UNION && !f.pt ? union_branches(r, t, spec, u, what) : true;
    f.have = f.base == TX_UNION ? u->mask : 1u << f.base;
    bool ok = u != NULL;
    for (size_t i = 0; i < spec->n; i++) {
        const yl_pair *p = &spec->pairs[i];
        int idx = fill_key(&f, p, &ok);
        if (idx >= 0)
            ok = fill_value(&f, p, idx, meta, required) && ok;
    }
    if (f.base == TX_UNION)
        ok = union_finish(&f, spec, ok);
    ok = ranges_ok(&f) && ok;
    return ok && fill_last_checks(&f, variant);
}

/* Fills t from spec. t arrives with its name/span set (named types) or
 * blank (inline). Returns false after an error. */
static bool fill(rs *r, tx_type *t, const yl_node *spec, unsigned ctx, const char *what,
                 tx_meta *meta, bool *required)
{
    const yl_node *type_node = NULL;
    if (spec->kind == YL_SCALAR && !yl_is_null(spec)) {
        type_node = spec;   /* shorthand: `search_term: string` */
    } else if (spec->kind == YL_MAP) {
        type_node = yl_get(spec, "type");
        if (!type_node) {
            tx_diag *dg = rs_err(r, TXC_MISSING_KEY, yl_head_span(&r->ctx->sources, spec),
                                 "missing 'type' in %s", what);
            tx_diag_fix(r->d, dg, "base types: string, integer, number, boolean, array, object, "
                        "any, null; or the name of a type under 'types:'");
            return false;
        }
    } else {
        tx_diag *dg = rs_wrong_kind(r, spec, "a type (a name or a mapping with 'type:')", what);
        if (spec->kind == YL_SEQ)
            tx_diag_fix(r->d, dg, "for a union write the list under 'type:', e.g. "
                        "{type: [string, integer]}");
        return false;
    }
    type_refs u;
    bool typed = read_type_refs(r, type_node, &u);
    if (!typed && spec->kind != YL_MAP)
        return false;
    return fill_from(r, t, spec, ctx, what, meta, required, typed ? &u : NULL, NULL, false, 0);
}

tx_type *rs_named_type(rs *r, rs_def *d)
{
    if (d->state == 2)
        return d->item;
    if (d->state == 1 || d->state == 3)
        return NULL;
    d->state = 1;
    tx_type *t = d->item;
    char *what = tx_arena_printf(r->scratch, "type '%s'", d->name);
    if (r->depth++ > 256) {
        rs_err(r, TXC_TYPE_CYCLE, d->key->span, "type '%s' refines too many levels of types",
               d->name);
        r->depth--;
        d->state = 3;
        return NULL;
    }
    TX_PUSH(r->a, r->type_stack, d);
    bool ok = fill(r, t, d->val, RS_SPEC_TYPE, what, &t->meta, NULL);
    r->type_stack.n--;
    r->depth--;
    if (d->state == 3)
        ok = false;
    d->state = ok ? 2 : 3;
    return ok ? t : NULL;
}

static bool has_constraints(const yl_node *spec)
{
    if (spec->kind != YL_MAP)
        return false;
    for (size_t i = 0; i < spec->n; i++)
        for (int j = S_ENUM; j <= S_ADDITIONAL; j++)
            if (strcmp(spec->pairs[i].key->str, spec_keys[j].name) == 0)
                return true;
    return false;
}

const tx_type *rs_type_spec(rs *r, const yl_node *spec, unsigned ctx, const char *what,
                            tx_meta *meta, bool *required)
{
    /* A plain reference to a named type shares it: `type: login_method`
     * with only metadata beside it is not a new type. */
    const yl_node *tn = spec->kind == YL_SCALAR ? spec : yl_get(spec, "type");
    if (tn && tn->kind == YL_SCALAR && !has_constraints(spec)) {
        rs_def *d = find_type_def(r, tn->str, tn->n);
        if (d && d->state != 1) {
            tx_type *nt = rs_named_type(r, d);
            if (!nt)
                return NULL;
            tx_type scratch = { 0 };
            type_init(&scratch);
            /* still read metadata and reject stray keys */
            if (!fill(r, &scratch, spec, ctx, what, meta, required))
                return NULL;
            nt->used = true;
            return nt;
        }
    }
    /* `p: string` in the property dictionary holds nothing but its base:
     * one such type per base is shared (a plan at the size limit names
     * 900,000 properties, at 280 bytes a type). Its span is the first
     * place it is written. */
    int bare = -1;
    if (ctx == RS_SPEC_PROPERTY && spec->kind == YL_SCALAR)
        for (int i = 0; i < 4; i++)     /* string, integer, number, boolean */
            if (strcmp(spec->str, base_names[i]) == 0)
                bare = i;
    if (bare >= 0 && r->bare[bare])
        return r->bare[bare];
    tx_type *t = tx_arena_alloc(r->a, sizeof *t);
    type_init(t);
    t->span = spec->span;
    if (spec->kind == YL_MAP && tn)
        t->span = tn->span;
    if (!fill(r, t, spec, ctx, what, meta, required))
        return NULL;
    if (bare >= 0)
        r->bare[bare] = t;
    return t;
}

/* An event's (or group's) entry for a property written as a mapping
 * (issue 16): `required` and/or a type spec. With `type:` it is the
 * event's own definition; without, a refinement of dict (the dictionary's
 * type, NULL when the property is not in the dictionary: then only a
 * definition with `type:` is accepted, the caller reports the rest). A
 * mapping of only `required` and metadata keeps dict. */
bool rs_event_spec(rs *r, const yl_node *spec, const tx_type *dict, const char *pname,
                   const char *what, tx_meta *meta, bool *required, const tx_type **type,
                   bool *variant)
{
    *variant = false;
    *type = dict;
    if (yl_get(spec, "type")) {
        const tx_type *t = rs_type_spec(r, spec, RS_SPEC_FIELD, what, meta, required);
        if (!t)
            return false;
        *type = t;
        *variant = true;
        return true;
    }
    if (!dict) {    /* its definition failed (reported there): still check the keys */
        tx_type scratch = { 0 };
        type_init(&scratch);
        fill_from(r, &scratch, spec, RS_SPEC_FIELD, what, meta, required, NULL, NULL, true, 0);
        return false;
    }
    type_refs u;
    refs_of_type(r, dict, &u);
    char *pdesc = tx_arena_printf(r->scratch, "the dictionary's definition of '%s'", pname);
    if (!has_constraints(spec)) {   /* required and metadata only */
        tx_type scratch = { 0 };
        type_init(&scratch);
        return fill_from(r, &scratch, spec, RS_SPEC_FIELD, what, meta, required, &u, pdesc, true,
                         0);
    }
    tx_type *t = tx_arena_alloc(r->a, sizeof *t);
    type_init(t);
    t->span = yl_head_span(&r->ctx->sources, spec);
    if (!fill_from(r, t, spec, RS_SPEC_FIELD, what, meta, required, &u, pdesc, true, 0))
        return false;
    *type = t;
    *variant = true;
    return true;
}
