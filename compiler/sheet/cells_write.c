/* The writer half of the cell grammar (cells.h): the model's types and
 * metadata -> the cell texts `taxonc export csv` writes and the Markdown
 * and HTML exports show, which cells_read.c reads back. Each cell reads the
 * type through its effective constraints (tx_eff_of); a union is shown
 * through one view of its branches (tx_exp_union_view). Numbers are
 * written in a form both the range grammar and JSON read (`+5`, `01e3` in
 * the YAML become 5 and 1e3); a value is quoted (JSON string form) only
 * when its plain text would read back as something else. */
#include "cells.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *tx_exp_format_name(tx_format f)
{
    return f > TX_FMT_NONE && f < TX_FMT_DATE_PATTERN ? tx_format_name(f) : "";
}

/* A decimal literal in JSON's form, same value: no '+', no leading zeros,
 * digits on both sides of a '.' ("01e3" is 1e3, ".5" is 0.5, "2." is 2);
 * false when text is not a plain decimal literal. */
static bool json_decimal(tx_sb *sb, const char *text)
{
    const char *p = text;
    bool neg = *p == '-';
    p += *p == '-' || *p == '+';
    const char *i0 = p;
    while (*p >= '0' && *p <= '9')
        p++;
    const char *i1 = p, *f0 = p, *f1 = p;
    if (*p == '.') {
        f0 = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        f1 = p;
    }
    if (i0 == i1 && f0 == f1)
        return false;
    const char *e0 = p;
    if (*p == 'e' || *p == 'E') {
        p++;
        p += *p == '+' || *p == '-';
        const char *d = p;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p == d)
            return false;
    }
    if (*p)
        return false;
    while (i0 + 1 < i1 && *i0 == '0')
        i0++;
    if (neg)
        tx_sb_addc(sb, '-');
    if (i0 == i1)
        tx_sb_addc(sb, '0');
    tx_sb_add(sb, i0, (size_t)(i1 - i0));
    if (f0 < f1) {
        tx_sb_addc(sb, '.');
        tx_sb_add(sb, f0, (size_t)(f1 - f0));
    }
    tx_sb_adds(sb, e0);
    return true;
}

/* Numbers in a form the sheet's range grammar (and JSON) read back: the
 * YAML may say `max: 0100000000`, `+5` or `01e3`. Integers canonical,
 * other numbers their literal text (exact) in JSON's form. */
static void num_text(tx_sb *sb, const tx_num *n)
{
    if (n->is_int)
        tx_sb_addf(sb, "%" PRId64, n->i);
    else if (!n->text || !json_decimal(sb, n->text))
        tx_sb_addf(sb, "%.17g", n->d);
}

static void branch_word(tx_sb *sb, const tx_type *b);

/* An array's item type after "array of ": its base, or a union's
 * branches in parentheses ("array of (string | number)"). */
static void items_word(tx_sb *sb, const tx_type *it)
{
    tx_eff e = tx_eff_of(it);
    if (e.base != TX_UNION) {
        tx_sb_adds(sb, tx_base_name(e.base));
        return;
    }
    tx_sb_addc(sb, '(');
    for (size_t i = 0; i < e.n_branches; i++) {
        if (i)
            tx_sb_adds(sb, " | ");
        branch_word(sb, e.branches[i]);
    }
    tx_sb_addc(sb, ')');
}

/* A union's branch: its named type when it is or refines one (the
 * union's constraints that fit it are the union's cells), else its base. */
static void branch_word(tx_sb *sb, const tx_type *b)
{
    tx_eff e = tx_eff_of(b);
    if (e.ref) {
        tx_sb_adds(sb, e.ref);
        return;
    }
    tx_sb_adds(sb, tx_base_name(e.base));
    if (e.base == TX_ARRAY && e.items) {
        tx_sb_adds(sb, " of ");
        items_word(sb, e.items);
    }
}

void tx_exp_type_cell(tx_sb *sb, const tx_type *t)
{
    tx_eff e = tx_eff_of(t);
    if (e.base == TX_UNION) {
        for (size_t i = 0; i < e.n_branches; i++) {
            if (i)
                tx_sb_adds(sb, " | ");
            branch_word(sb, e.branches[i]);
        }
    } else {
        tx_sb_adds(sb, tx_base_name(e.base));
    }
    if (e.base == TX_ARRAY && e.items) {
        tx_sb_adds(sb, " of ");
        items_word(sb, e.items);
    }
    /* only a direct use of a named type: a refinement's own constraints
     * would otherwise be read back as the named type's */
    if (t && t->name)
        tx_sb_addf(sb, " (%s)", t->name);
}

/* A value needs the quoted form when the plain one would read back as
 * something else. */
static bool needs_quotes(const char *s, size_t n)
{
    if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[0] == '"' || s[0] == '\t' || s[n - 1] == '\t')
        return true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ',' || c == '"' || c == '\\' || c < 0x20 || c == 0x7f)
            return true;
        if (c == '.' && i + 1 < n && s[i + 1] == '.')
            return true;
    }
    return false;
}

/* A string value of a union's enum that would read back as a number or
 * boolean, so it is written quoted. */
static bool reads_as_other(const char *s, size_t n)
{
    if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0) ||
        (n == 4 && memcmp(s, "null", 4) == 0))
        return true;
    size_t i = s[0] == '-' || s[0] == '+';
    bool digit = false;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digit = true;
        else if (!strchr(".eE+-", s[i]))
            return false;
    }
    return digit;
}

/* A union's constraints as one view: the enum and nullability are the
 * union's; each other constraint is that of the branch of its kind (the
 * loader gave each branch the union's constraints that fit it), taken
 * from the branches that name no type of their own (a named branch
 * brings its own). */
static tx_eff union_view(const tx_eff *u)
{
    tx_eff v = *u;
    for (size_t i = 0; i < u->n_branches; i++) {
        tx_eff b = tx_eff_of(u->branches[i]);
        if (b.ref)
            continue;
        if (!v.min && !v.max) {
            v.min = b.min;
            v.max = b.max;
        }
        if (b.base == TX_STRING) {
            v.min_length = b.min_length;
            v.max_length = b.max_length;
            v.pattern = b.pattern;
            v.format = b.format;
            v.format_text = b.format_text;
            v.date_pattern = b.date_pattern;
        } else if (b.base == TX_ARRAY) {
            v.items = b.items;
            v.min_items = b.min_items;
            v.max_items = b.max_items;
        } else if (b.base == TX_OBJECT) {
            v.n_fields = b.n_fields;
            v.fields = b.fields;
            v.open = b.open;
            v.additional = b.additional;
        }
    }
    return v;
}

tx_eff tx_exp_union_view(const tx_type *t)
{
    tx_eff e = tx_eff_of(t);
    return e.base == TX_UNION ? union_view(&e) : e;
}

static void allowed_of(tx_sb *sb, const tx_eff *e)
{
    if (e->n_enum) {
        for (size_t i = 0; i < e->n_enum; i++) {
            const tx_enum_value *v = &e->enums[i];
            if (i)
                tx_sb_adds(sb, ", ");
            tx_base k = e->base == TX_UNION ? v->kind : e->base;
            if (k == TX_STRING && (needs_quotes(v->str, v->len) || memchr(v->str, '(', v->len) ||
                                   (e->base == TX_UNION && reads_as_other(v->str, v->len)))) {
                tx_sb_addc(sb, '"');
                tx_sb_add_json_str(sb, v->str, v->len);
                tx_sb_addc(sb, '"');
            } else if ((k == TX_INTEGER || k == TX_NUMBER) && v->num.set) {
                num_text(sb, &v->num);  /* `01` and `+2` are 1 and 2 */
            } else {
                tx_sb_add(sb, v->str, v->len);
            }
            if (v->description) {
                size_t dn = strlen(v->description);
                bool q = needs_quotes(v->description, dn) || memchr(v->description, '(', dn) ||
                         memchr(v->description, ')', dn);
                tx_sb_adds(sb, " (");
                if (q) {
                    tx_sb_addc(sb, '"');
                    tx_sb_add_json_str(sb, v->description, dn);
                    tx_sb_addc(sb, '"');
                } else {
                    tx_sb_add(sb, v->description, dn);
                }
                tx_sb_addc(sb, ')');
            }
        }
        return;
    }
    if (e->min || e->max) {
        if (e->min)
            num_text(sb, e->min);
        tx_sb_adds(sb, "..");
        if (e->max)
            num_text(sb, e->max);
    }
}

void tx_exp_allowed_cell(tx_sb *sb, const tx_type *t)
{
    tx_eff e = tx_eff_of(t);
    if (e.base == TX_UNION)
        e = union_view(&e);
    if (e.base == TX_ARRAY) {
        if (!e.items)
            return;
        e = tx_exp_union_view(e.items);
    }
    allowed_of(sb, &e);
}

static void clause(tx_sb *sb, bool *first, const char *prefix, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void clause(tx_sb *sb, bool *first, const char *prefix, const char *fmt, ...)
{
    if (!*first)
        tx_sb_adds(sb, "; ");
    *first = false;
    tx_sb_adds(sb, prefix);
    va_list ap;
    va_start(ap, fmt);
    tx_sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

/* Clauses of one level; the pattern is returned, not written, so the
 * caller can put it last. */
static const char *scalar_clauses(tx_sb *sb, bool *first, const char *pre, const tx_eff *e)
{
    if (e->format == TX_FMT_DATE_PATTERN && e->format_text) {
        const char *ft = e->format_text;
        size_t n = strlen(ft);
        if (strchr(ft, ';') || ft[0] == '"' || (n && (ft[0] == ' ' || ft[n - 1] == ' '))) {
            /* the clause separator, or edges the reader trims: the
             * pattern in double quotes ("" for a quote) */
            clause(sb, first, pre, "\"");
            for (; *ft; ft++) {
                if (*ft == '"')
                    tx_sb_addc(sb, '"');
                tx_sb_addc(sb, *ft);
            }
            tx_sb_addc(sb, '"');
        } else {
            clause(sb, first, pre, "%s", ft);
        }
    }
    else if (e->format != TX_FMT_NONE)
        clause(sb, first, pre, "%s", tx_exp_format_name(e->format));
    if (e->nullable)
        clause(sb, first, pre, "nullable");
    if (e->n_enum && (e->min || e->max)) {   /* the range did not fit the allowed-values cell */
        if (e->min) {
            clause(sb, first, pre, "min ");
            num_text(sb, e->min);
        }
        if (e->max) {
            clause(sb, first, pre, "max ");
            num_text(sb, e->max);
        }
    }
    if (e->min_length >= 0)
        clause(sb, first, pre, "min length %" PRId64, e->min_length);
    if (e->max_length >= 0)
        clause(sb, first, pre, "max length %" PRId64, e->max_length);
    return e->pattern;
}

/* "additional" (other members: any value) or "additional TYPE". */
static void additional_clause(tx_sb *sb, bool *first, const tx_eff *e)
{
    if (!e->open)
        return;
    clause(sb, first, "", "additional");
    if (e->additional) {
        tx_sb_addc(sb, ' ');
        tx_exp_type_cell(sb, e->additional);
    }
}

void tx_exp_format_cell(tx_sb *sb, const tx_type *t)
{
    tx_eff e = tx_eff_of(t);
    bool first = true;
    const char *pat;
    if (e.base == TX_UNION) {
        /* the string branch's clauses, then the array branch's ("items ...") */
        tx_eff v = union_view(&e);
        additional_clause(sb, &first, &v);
        if (v.min_items >= 0)
            clause(sb, &first, "", "min items %" PRId64, v.min_items);
        if (v.max_items >= 0)
            clause(sb, &first, "", "max items %" PRId64, v.max_items);
        pat = scalar_clauses(sb, &first, "", &v);
        if (pat)
            clause(sb, &first, "", "pattern %s", pat);
        return;
    }
    additional_clause(sb, &first, &e);
    if (e.base == TX_ARRAY) {
        if (e.nullable)
            clause(sb, &first, "", "nullable");
        if (e.min_items >= 0)
            clause(sb, &first, "", "min items %" PRId64, e.min_items);
        if (e.max_items >= 0)
            clause(sb, &first, "", "max items %" PRId64, e.max_items);
        /* items of a named type: the Type cell names only the array's own */
        if (e.items && e.items->name)
            clause(sb, &first, "items ", "type %s", e.items->name);
        tx_eff ie = tx_exp_union_view(e.items);
        pat = e.items ? scalar_clauses(sb, &first, "items ", &ie) : NULL;
        if (pat)
            clause(sb, &first, "items ", "pattern %s", pat);
        return;
    }
    pat = scalar_clauses(sb, &first, "", &e);
    if (pat)
        clause(sb, &first, "", "pattern %s", pat);
}

void tx_exp_meta_cell(tx_sb *sb, const tx_meta *m)
{
    size_t start = sb->len;
    if (m->deprecated) {
        if (m->deprecated_reason)
            tx_sb_addf(sb, "[deprecated: %s] ", m->deprecated_reason);
        else
            tx_sb_adds(sb, "[deprecated] ");
    }
    if (m->pii)
        tx_sb_adds(sb, "[pii] ");
    if (m->owner)
        tx_sb_addf(sb, "[owner: %s] ", m->owner);
    if (m->description)
        tx_sb_adds(sb, m->description);
    else if (sb->len > start)
        sb->buf[--sb->len] = '\0';    /* no trailing space after the tags */
}
