/* Kotlin backend: one file per taxonomy, plain Kotlin/JVM with no
 * dependency beyond the standard library, valid for kotlinc 1.3 (no sealed
 * interfaces, value classes or `fun interface`). Everything is nested in
 * `class <Taxonomy>(transport, strictness)`: the Transport interface, the
 * Value and Property types, Strictness, the taxonomy's enum classes and data
 * classes, and one method per event, e.g.
 * `completeSignUp(signUpType = LoginMethod.KAKAO)`. Optional properties
 * default to null (null = absent). Strict mode checks ranges, lengths in
 * code points, formats (dates against the calendar) and patterns
 * (kotlin.text.Regex).
 * Hooks: kt_escape_string (`$`, quotes, backslashes; unsafe code points as
 * \uXXXX), comment text via cg_comment_text with the block hazards (Kotlin
 * comments nest), identifiers via cg_ident with the hard, soft and modifier
 * keywords. Nested types and methods share one scope. */
#include "cg_internal.h"
#include "gen_kotlin_rt.h"
#include "../support/util.h"
#include <string.h>

static const char *const kt_keywords[] = {
    /* hard */
    "as", "break", "class", "continue", "do", "else", "false", "for", "fun", "if", "in",
    "interface", "is", "null", "object", "package", "return", "super", "this", "throw", "true",
    "try", "typealias", "typeof", "val", "var", "when", "while",
    /* soft */
    "by", "catch", "constructor", "delegate", "dynamic", "field", "file", "finally", "get",
    "import", "init", "param", "property", "receiver", "set", "setparam", "value", "where",
    /* modifiers */
    "abstract", "actual", "annotation", "companion", "const", "crossinline", "data", "enum",
    "expect", "external", "final", "infix", "inline", "inner", "internal", "lateinit",
    "noinline", "open", "operator", "out", "override", "private", "protected", "public",
    "reified", "sealed", "suspend", "tailrec", "vararg",
    /* special identifiers */
    "it", "_",
    NULL,
};

/* Types the output refers to unqualified and the class's own members. */
static const char *const kt_taken[] = {
    "String", "Long", "Double", "Boolean", "Int", "Any", "Unit", "List", "ArrayList", "Map",
    "LinkedHashMap", "StringBuilder", "Regex", "ByteArray", "IntArray", "Char", "Charsets",
    "System", "Exception", "Deprecated", "Suppress", "JvmStatic", "Integer", "Character",
    "Nothing", "Array", "Enum", "Comparable", "Collection", "Iterable", "Transport", "Value",
    "Property", "Violation", "ViolationHandler", "Strictness", "Companion", "transport",
    "strictness", "toMap", "kotlin", "java",
    NULL,
};

static const char *const kt_field_taken[] = { "copy", "toString", "hashCode", "equals", NULL };

/* ---- hooks ---- */
static void kt_escape_string(tx_sb *sb, const char *s, size_t n)
{
    tx_sb_addc(sb, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c;
        size_t l = 1;
        if (c >= 0x80) {
            l = tx_utf8_decode(s + i, n - i, &cp);
            if (!l) {
                cp = 0xFFFD;
                l = 1;
            }
        }
        if (c == '"' || c == '\\' || c == '$') {
            tx_sb_addc(sb, '\\');
            tx_sb_addc(sb, (char)c);
        } else if (c == '\n') {
            tx_sb_adds(sb, "\\n");
        } else if (c == '\r') {
            tx_sb_adds(sb, "\\r");
        } else if (c == '\t') {
            tx_sb_adds(sb, "\\t");
        } else if (cg_unsafe_codepoint(cp) || cp == 0xFFFD) {
            tx_sb_addf(sb, "\\u%04X", (unsigned)cp);
        } else {
            tx_sb_add(sb, s + i, l);
        }
        i += l;
    }
    tx_sb_addc(sb, '"');
}

static void kt_escape_comment(tx_sb *sb, const char *s, size_t n)
{
    cg_comment_text(sb, s, n, CG_COMMENT_BLOCK);
}

/* ---- naming ---- */
typedef struct gk {
    const cg_plan *p;
    const tx_taxonomy *t;
    tx_arena *a;
    cg_ident_rules kw, types, fields, ascii;
    const char *type_name, *package;
    cg_wordset *members;
    const char **ev_fn;
    const char ***ev_param;
    const char **decl_name;
    const char ***entry_name;
    const char ***field_name;
    const char **node_fn;
    const char **node_type;     /* per node: its Kotlin type */
    const char **prop_ident;    /* per property: parameter name before scoping */
    const char **prop_fn;       /* per property: `_p...` appending it */
    const char **prop_doc;      /* per property: escaped description (summary) */
    const char **prop_wire;     /* per property: escaped 'wire' */
    const char **prop_param[2]; /* per property, optional or required: its whole
                                 * parameter doc after the name, escaped */
    unsigned uses;
    tx_sb tmp;
} gk;

enum {
    K_DIG = 1u << 0, K_DATE_AT = 1u << 1, K_TIME = 1u << 2, K_DATE = 1u << 3,
    K_DATE_TIME = 1u << 4, K_UUID = 1u << 5, K_EMAIL = 1u << 6, K_URI = 1u << 7,
    K_PATTERN = 1u << 8, K_REGEX = 1u << 9,
};

static const struct { unsigned use, needs; const char *text; } kt_pieces[] = {
    { K_DIG, 0, kt_rt_dig },
    { K_DATE_AT, K_DIG, kt_rt_date_at },
    { K_TIME, K_DIG, kt_rt_time },
    { K_DATE, K_DATE_AT | K_DIG, kt_rt_date },
    { K_DATE_TIME, K_DATE_AT | K_TIME | K_DIG, kt_rt_date_time },
    { K_UUID, K_DIG, kt_rt_uuid },
    { K_EMAIL, K_DIG, kt_rt_email },
    { K_URI, K_DIG, kt_rt_uri },
    { K_PATTERN, K_DIG, kt_rt_pattern },
    { K_REGEX, 0, kt_rt_regex },
};

static const struct {
    tx_format fmt;
    unsigned use;
    const char *fn;
    const char *message;
} kt_formats[] = {
    { TX_FMT_DATE, K_DATE, "_fmtDate", "not a date (yyyy-mm-dd)" },
    { TX_FMT_DATE_TIME, K_DATE_TIME, "_fmtDateTime", "not an RFC 3339 date-time" },
    { TX_FMT_TIME, K_TIME, "_fmtTime", "not an RFC 3339 time" },
    { TX_FMT_UUID, K_UUID, "_fmtUuid", "not a uuid" },
    { TX_FMT_EMAIL, K_EMAIL, "_fmtEmail", "not an email address" },
    { TX_FMT_URI, K_URI, "_fmtUri", "not a uri" },
};

static void kt_rules(gk *g)
{
    cg_wordset *kw = cg_wordset_new(g->a);
    cg_wordset_add_list(kw, kt_keywords);
    cg_wordset *ty = cg_wordset_child(g->a, kw);
    cg_wordset_add_list(ty, kt_taken);
    cg_wordset *fs = cg_wordset_child(g->a, kw);
    cg_wordset_add_list(fs, kt_field_taken);
    g->kw = (cg_ident_rules){ kw, true };
    g->types = (cg_ident_rules){ ty, true };
    g->fields = (cg_ident_rules){ fs, true };
    g->ascii = (cg_ident_rules){ kw, false };
}

static const char **kt_batch(gk *g, cg_wordset *scope, const cg_ident_rules *r, cg_case c,
                             size_t n, const char *const *raws)
{
    const char **out = tx_arena_alloc(g->a, (n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = cg_ident(g->a, r, c, raws[i], strlen(raws[i]));
    cg_scope_assign(g->a, scope, n, raws, out);
    return out;
}

static void kt_name_events(gk *g)
{
    const tx_taxonomy *t = g->t;
    const char *tn = t->name ? t->name : "taxonomy";
    g->type_name = cg_ident(g->a, &g->types, CG_PASCAL, tn, strlen(tn));
    g->package = cg_ident(g->a, &g->ascii, CG_SNAKE, tn, strlen(tn));
    g->members = cg_wordset_new(g->a);
    cg_wordset_add_list(g->members, kt_taken);
    cg_wordset_add(g->members, g->type_name);  /* a nested type must not shadow it */
    const char **raws = tx_arena_alloc(g->a, (t->n_events + 1) * sizeof *raws);
    for (size_t i = 0; i < t->n_events; i++)
        raws[i] = t->events[i].name;
    g->ev_fn = kt_batch(g, g->members, &g->types, CG_CAMEL, t->n_events, raws);
}

static void kt_name_all(gk *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;
    kt_name_events(g);
    const char **raws = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *raws);
    size_t *idx = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *idx);
    size_t n = 0;
    for (size_t i = 0; i < p->n_decls; i++)
        if (p->decls[i]->kind != CG_ARRAY) {
            idx[n] = i;
            raws[n++] = p->decls[i]->seed;
        }
    const char **names = kt_batch(g, g->members, &g->types, CG_PASCAL, n, raws);
    g->decl_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->decl_name);
    for (size_t i = 0; i < n; i++)
        g->decl_name[idx[i]] = names[i];

    g->entry_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->entry_name);
    g->field_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->field_name);
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind == CG_ENUM) {
            const char **vr = tx_arena_alloc(a, (d->n_values + 1) * sizeof *vr);
            for (size_t j = 0; j < d->n_values; j++)
                vr[j] = cg_enum_value_raw(a, d->base, &d->values[j]);
            g->entry_name[i] = kt_batch(g, cg_wordset_new(a), &g->kw, CG_UPPER, d->n_values, vr);
        } else if (d->kind == CG_OBJECT) {
            const char **fr = tx_arena_alloc(a, (d->n_fields + 1) * sizeof *fr);
            for (size_t j = 0; j < d->n_fields; j++)
                fr[j] = d->fields[j].f->name;
            g->field_name[i] = kt_batch(g, cg_wordset_new(a), &g->fields, CG_CAMEL, d->n_fields, fr);
        }
    }
    /* parameters: the body's own names are the locals c and p and the
     * member strictness */
    static const char *const locals[] = { "c", "p", "strictness", NULL };
    cg_wordset *fixed = cg_wordset_new(a);
    cg_wordset_add_list(fixed, locals);
    g->prop_ident = tx_arena_alloc(a, (p->n_props + 1) * sizeof *g->prop_ident);
    const char **praw = tx_arena_alloc(a, (p->n_props + 1) * sizeof *praw);
    size_t *pidx = tx_arena_alloc(a, (p->n_props + 1) * sizeof *pidx);
    size_t nused = 0;
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type) {
            g->prop_ident[i] = cg_ident(a, &g->kw, CG_CAMEL, p->props[i].p->name,
                                        strlen(p->props[i].p->name));
            pidx[nused] = i;
            praw[nused++] = p->props[i].p->name;
        }
    bool *free_ok = cg_idents_free(a, g->prop_ident, p->n_props, fixed);
    g->ev_param = tx_arena_alloc(a, (p->n_events + 1) * sizeof *g->ev_param);
    for (size_t i = 0; i < p->n_events; i++) {
        const cg_event *ev = &p->events[i];
        const char **pn = tx_arena_alloc(a, (ev->n_params + 1) * sizeof *pn);
        bool all_free = true;
        for (size_t j = 0; j < ev->n_params; j++) {
            size_t pi = (size_t)(ev->params[j].p - g->t->props);
            pn[j] = g->prop_ident[pi];
            all_free = all_free && free_ok[pi];
        }
        if (!all_free && !cg_names_distinct(pn, ev->n_params, fixed)) {
            const char **pr = tx_arena_alloc(a, (ev->n_params + 1) * sizeof *pr);
            for (size_t j = 0; j < ev->n_params; j++)
                pr[j] = ev->params[j].p->name;
            cg_wordset *sc = cg_wordset_new(a);
            cg_wordset_add_list(sc, locals);
            pn = kt_batch(g, sc, &g->kw, CG_CAMEL, ev->n_params, pr);
        }
        g->ev_param[i] = pn;
    }
    cg_ident_rules plain0 = { NULL, true };
    const char **pid = kt_batch(g, cg_wordset_new(a), &plain0, CG_PASCAL, nused, praw);
    g->prop_fn = tx_arena_alloc(a, (p->n_props + 1) * sizeof *g->prop_fn);
    for (size_t i = 0; i < nused; i++)
        g->prop_fn[pidx[i]] = tx_arena_printf(a, "_p%s", pid[i][0] == '_' ? pid[i] + 1 : pid[i]);
    const char **nr = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *nr);
    for (size_t i = 0; i < p->n_nodes; i++)
        nr[i] = p->nodes[i]->seed;
    cg_ident_rules plain = { NULL, true };
    const char **nid = kt_batch(g, cg_wordset_new(a), &plain, CG_PASCAL, p->n_nodes, nr);
    g->node_fn = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *g->node_fn);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_fn[i] = tx_arena_printf(a, "_n%s", nid[i][0] == '_' ? nid[i] + 1 : nid[i]);
}

/* ---- types ---- */
static const char *kt_type(gk *g, const cg_node *n)
{
    const char *base;
    switch (n->kind) {
    case CG_STRING: base = "String"; break;
    case CG_INTEGER: base = "Long"; break;
    case CG_NUMBER: base = "Double"; break;
    case CG_BOOLEAN: base = "Boolean"; break;
    case CG_ARRAY: base = tx_arena_printf(g->a, "List<%s>", kt_type(g, n->items)); break;
    default: base = g->decl_name[n->decl->index]; break;
    }
    return n->nullable ? tx_arena_printf(g->a, "%s?", base) : base;
}

static void kt_cache(gk *g)
{
    const cg_plan *p = g->p;
    g->node_type = tx_arena_alloc(g->a, (p->n_nodes + 1) * sizeof *g->node_type);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_type[i] = kt_type(g, p->nodes[i]);
    g->prop_doc = tx_arena_alloc(g->a, (p->n_props + 1) * sizeof *g->prop_doc);
    g->prop_wire = tx_arena_alloc(g->a, (p->n_props + 1) * sizeof *g->prop_wire);
    for (int req = 0; req < 2; req++)
        g->prop_param[req] = tx_arena_alloc(g->a, (p->n_props + 1) * sizeof *g->prop_param[req]);
    tx_sb raw = TX_SB_INIT, esc = TX_SB_INIT;
    for (size_t i = 0; i < p->n_props; i++) {
        if (!p->props[i].type)
            continue;
        tx_sb_reset(&raw);
        tx_sb_reset(&esc);
        cg_prop_doc(&raw, &p->props[i].p->meta, p->props[i].type);
        kt_escape_comment(&esc, raw.buf, raw.len);
        g->prop_doc[i] = tx_arena_strndup(g->a, esc.buf, esc.len);
        tx_sb_reset(&raw);
        tx_sb_reset(&esc);
        tx_sb_addf(&raw, "'%s'", p->props[i].p->name);
        kt_escape_comment(&esc, raw.buf, raw.len);
        g->prop_wire[i] = tx_arena_strndup(g->a, esc.buf, esc.len);
        for (int req = 0; req < 2; req++) {
            tx_sb_reset(&raw);
            tx_sb_adds(&raw, g->prop_wire[i]);
            tx_sb_adds(&raw, req ? ": " : " (optional; null: not sent): ");
            tx_sb_adds(&raw, g->prop_doc[i]);
            g->prop_param[req][i] = tx_arena_strndup(g->a, raw.buf, raw.len);
        }
    }
    tx_sb_release(&raw);
    tx_sb_release(&esc);
}

static void kt_doc_escaped(cg_emitter *e, const char *text, size_t n)
{
    if (!n)
        return;
    if (!memchr(text, '\n', n) && n < 90) {
        cg_emit(e, "/** %s */\n", text);
    } else {
        cg_emit(e, "/**\n");
        cg_emit_lines(e, " * ", text, n);
        cg_emit(e, " */\n");
    }
}

static void kt_doc(cg_emitter *e, const char *text)
{
    tx_sb sb = TX_SB_INIT;
    kt_escape_comment(&sb, text, strlen(text));
    if (sb.len) {
        if (!memchr(sb.buf, '\n', sb.len) && sb.len < 90) {
            cg_emit(e, "/** %s */\n", sb.buf);
        } else {
            cg_emit(e, "/**\n");
            cg_emit_lines(e, " * ", sb.buf, sb.len);
            cg_emit(e, " */\n");
        }
    }
    tx_sb_release(&sb);
}

static const char *tmp_str(gk *g)
{
    return tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
}

static const char *lit(gk *g, const char *s)
{
    tx_sb sb = TX_SB_INIT;
    kt_escape_string(&sb, s, strlen(s));
    const char *r = tx_arena_strndup(g->a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

static const char *kt_num(gk *g, const tx_num *n, bool as_int)
{
    tx_sb_reset(&g->tmp);
    if (as_int)
        tx_sb_addf(&g->tmp, n->i == INT64_MIN ? "Long.MIN_VALUE" : "%lldL", (long long)n->i);
    else
        cg_double_literal(&g->tmp, n->d);
    return tmp_str(g);
}

static void emit_decl(gk *g, cg_emitter *e, const cg_decl *d)
{
    const char *name = g->decl_name[d->index];
    tx_sb_reset(&g->tmp);
    if (d->meta && d->meta->description && *d->meta->description) {
        tx_sb_adds(&g->tmp, d->meta->description);
        tx_sb_adds(&g->tmp, "\n\n");
    }
    tx_sb_addf(&g->tmp, "%s '%s'.", d->kind == CG_ENUM ? "Values of" : "Object", d->seed);
    if (d->meta && d->meta->deprecated)
        tx_sb_addf(&g->tmp, " Deprecated%s%s", d->meta->deprecated_reason ? ": " : ".",
                   d->meta->deprecated_reason ? d->meta->deprecated_reason : "");
    kt_doc(e, tmp_str(g));
    if (d->kind == CG_ENUM) {
        const char *wt = d->base == TX_STRING ? "String" : d->base == TX_INTEGER ? "Long" : "Double";
        cg_emit(e, "enum class %s(val wire: %s) {\n", name, wt);
        cg_indent(e);
        for (size_t j = 0; j < d->n_values; j++) {
            const tx_enum_value *v = &d->values[j];
            tx_sb_reset(&g->tmp);
            cg_enum_json(&g->tmp, d->base, v);
            if (v->description && *v->description) {
                tx_sb_adds(&g->tmp, ": ");
                tx_sb_adds(&g->tmp, v->description);
            }
            kt_doc(e, tmp_str(g));
            const char *w;
            if (d->base == TX_STRING)
                w = lit(g, tx_arena_strndup(g->a, v->str, v->len));
            else if (v->num.set)
                w = kt_num(g, &v->num, d->base == TX_INTEGER && v->num.is_int);
            else
                w = d->base == TX_INTEGER ? "0L" : "0.0";
            cg_emit(e, "%s(%s)%s\n", g->entry_name[d->index][j], w,
                    j + 1 < d->n_values ? "," : "");
        }
        cg_unindent(e);
        cg_emit(e, "}\n\n");
        return;
    }
    if (d->n_fields == 0) {
        cg_emit(e, "class %s\n\n", name);
        return;
    }
    cg_emit(e, "data class %s(\n", name);
    cg_indent(e);
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        tx_sb_reset(&g->tmp);
        tx_sb_addf(&g->tmp, "'%s': ", f->f->name);
        cg_prop_doc(&g->tmp, &f->f->meta, f->type);
        if (!f->f->required)
            tx_sb_adds(&g->tmp, "; optional (null: not sent)");
        kt_doc(e, tmp_str(g));
        const char *ty = kt_type(g, f->type);
        cg_emit(e, "val %s: %s%s%s%s\n", g->field_name[d->index][j], ty,
                !f->f->required && !f->type->nullable ? "?" : "",
                f->f->required ? "" : " = null", j + 1 < d->n_fields ? "," : "");
    }
    cg_unindent(e);
    cg_emit(e, ")\n\n");
}

/* ---- converters ---- */
static void emit_range(gk *g, cg_emitter *e, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    bool ints = n->kind == CG_INTEGER && (!c->min.set || c->min.is_int) &&
                (!c->max.set || c->max.is_int);
    const char *v = n->kind == CG_INTEGER && !ints ? "v.toDouble()" : "v";
    if (c->min.set) {
        const char *l = kt_num(g, &c->min, ints);
        tx_sb_reset(&g->tmp);
        tx_sb_adds(&g->tmp, " is below the minimum ");
        cg_num_text(&g->tmp, &c->min, ints);
        cg_emit(e, "if (%s < %s) c.fail(path, \"\" + v + %s)\n", v, l, lit(g, tmp_str(g)));
    }
    if (c->max.set) {
        const char *l = kt_num(g, &c->max, ints);
        tx_sb_reset(&g->tmp);
        tx_sb_adds(&g->tmp, " is above the maximum ");
        cg_num_text(&g->tmp, &c->max, ints);
        cg_emit(e, "if (%s > %s) c.fail(path, \"\" + v + %s)\n", v, l, lit(g, tmp_str(g)));
    }
}

static void emit_string_checks(gk *g, cg_emitter *e, const cg_node *n, size_t node)
{
    const cg_checks *c = &n->ck;
    cg_emit(e, "if (_badUtf16(v)) c.fail(path, \"has a lone surrogate; sent with U+FFFD in its place\")\n");
    if (cg_checks_length(c)) {
        cg_emit(e, "val len = v.codePointCount(0, v.length)\n");
        if (c->min_length > 0)
            cg_emit(e, "if (len < %l) c.fail(path, \"too short: \" + len + %s)\n", c->min_length,
                    lit(g, tx_arena_printf(g->a, " code points, at least %lld",
                                           (long long)c->min_length)));
        if (c->max_length >= 0)
            cg_emit(e, "if (len > %l) c.fail(path, \"too long: \" + len + %s)\n", c->max_length,
                    lit(g, tx_arena_printf(g->a, " code points, at most %lld",
                                           (long long)c->max_length)));
    }
    if (c->format == TX_FMT_DATE_PATTERN && c->date_pattern) {
        g->uses |= K_PATTERN;
        tx_sb_reset(&g->tmp);
        cg_date_spec(&g->tmp, c->date_pattern);
        const char *spec = tmp_str(g);
        cg_emit(e, "if (!_fmtPattern(v, %q)) c.fail(path, %q)\n", spec,
                tx_arena_printf(g->a, "not a date in the form %s",
                                c->format_text ? c->format_text : c->date_pattern->text));
    }
    for (size_t i = 0; i < sizeof kt_formats / sizeof kt_formats[0]; i++) {
        if (kt_formats[i].fmt != c->format)
            continue;
        g->uses |= kt_formats[i].use;
        cg_emit(e, "if (!%s(v)) c.fail(path, %q)\n", kt_formats[i].fn, kt_formats[i].message);
    }
    for (size_t i = 0; i < c->n_patterns; i++) {
        g->uses |= K_REGEX;
        cg_emit(e, "val re%z = _re%s_%z\n", i, g->node_fn[node] + 2, i);
        cg_emit(e, "if (re%z != null && !re%z.containsMatchIn(v)) c.fail(path, %q)\n", i, i,
                tx_arena_printf(g->a, "does not match the pattern %s", c->patterns[i]));
    }
}

static const char *kt_call(gk *g, const cg_node *n, const char *x, const char *path)
{
    return tx_arena_printf(g->a, "%s(%s, c, %s)", g->node_fn[n->index], x, path);
}

static void emit_node(gk *g, cg_emitter *e, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    bool unused_v = n->kind == CG_OBJECT && n->decl->n_fields == 0 && !n->nullable;
    bool unused_c = n->kind == CG_BOOLEAN || n->kind == CG_ENUM ||
                    (n->kind == CG_OBJECT && n->decl->n_fields == 0) ||
                    (n->kind == CG_INTEGER && !c->min.set && !c->max.set);
    /* converters that check nothing leave c and path unused */
    if (unused_v || unused_c)
        cg_emit(e, "@Suppress(\"UNUSED_PARAMETER\")\n");
    cg_emit(e, "private fun %s(v: %s, c: _Check, path: String): Value {\n", g->node_fn[n->index],
            kt_type(g, n));
    cg_indent(e);
    if (n->nullable)
        cg_emit(e, "if (v == null) return Value.NullValue\n");
    switch (n->kind) {
    case CG_STRING:
        cg_emit(e, "if (c.on) {\n");
        cg_indent(e);
        emit_string_checks(g, e, n, n->index);
        cg_unindent(e);
        cg_emit(e, "}\n");
        cg_emit(e, "return Value.StringValue(v)\n");
        break;
    case CG_INTEGER:
        if (c->min.set || c->max.set) {
            cg_emit(e, "if (c.on) {\n");
            cg_indent(e);
            emit_range(g, e, n);
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "return Value.IntegerValue(v)\n");
        break;
    case CG_NUMBER:
        cg_emit(e, "if (v.isNaN() || v.isInfinite()) {\n");
        cg_emit(e, "    if (c.on) c.fail(path, \"not a finite number; sent as null\")\n");
        cg_emit(e, "    return Value.NullValue\n}\n");
        if (c->min.set || c->max.set) {
            cg_emit(e, "if (c.on) {\n");
            cg_indent(e);
            emit_range(g, e, n);
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "return Value.NumberValue(v)\n");
        break;
    case CG_BOOLEAN:
        cg_emit(e, "return Value.BooleanValue(v)\n");
        break;
    case CG_ENUM:
        cg_emit(e, "return Value.%s(v.wire)\n", n->decl->base == TX_STRING ? "StringValue"
                                               : n->decl->base == TX_INTEGER ? "IntegerValue"
                                                                             : "NumberValue");
        break;
    case CG_ARRAY:
        if (c->min_items > 0 || c->max_items >= 0) {
            cg_emit(e, "if (c.on) {\n");
            cg_indent(e);
            if (c->min_items > 0)
                cg_emit(e, "if (v.size < %l) c.fail(path, \"too few items: \" + v.size + %s)\n",
                        c->min_items,
                        lit(g, tx_arena_printf(g->a, ", at least %lld", (long long)c->min_items)));
            if (c->max_items >= 0)
                cg_emit(e, "if (v.size > %l) c.fail(path, \"too many items: \" + v.size + %s)\n",
                        c->max_items,
                        lit(g, tx_arena_printf(g->a, ", at most %lld", (long long)c->max_items)));
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "val out = ArrayList<Value>(v.size)\n");
        cg_emit(e, "for ((i, x) in v.withIndex()) out.add(%s)\n",
                kt_call(g, n->items, "x", "path + \"[\" + i + \"]\""));
        cg_emit(e, "return Value.ArrayValue(out)\n");
        break;
    case CG_OBJECT: {
        const cg_decl *d = n->decl;
        if (d->n_fields == 0) {
            cg_emit(e, "return Value.ObjectValue(emptyList())\n");
            break;
        }
        cg_emit(e, "val out = ArrayList<Property>(%z)\n", d->n_fields);
        for (size_t j = 0; j < d->n_fields; j++) {
            const cg_field *f = &d->fields[j];
            const char *fname = g->field_name[d->index][j];
            const char *path = tx_arena_printf(g->a, "path + %s",
                                               lit(g, tx_arena_printf(g->a, ".%s", f->f->name)));
            const char *x = tx_arena_printf(g->a, "v.%s", fname);
            if (f->f->required)
                cg_emit(e, "out.add(Property(%q, %s))\n", f->f->name, kt_call(g, f->type, x, path));
            else
                cg_emit(e, "if (%s != null) out.add(Property(%q, %s))\n", x, f->f->name,
                        kt_call(g, f->type, x, path));
        }
        cg_emit(e, "return Value.ObjectValue(out)\n");
        break;
    }
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void emit_event(gk *g, cg_emitter *e, size_t i)
{
    const cg_event *ev = &g->p->events[i];
    const tx_event *te = ev->e;
    tx_sb raw = TX_SB_INIT;
    cg_event_doc(&raw, te);
    tx_sb_reset(&g->tmp);
    kt_escape_comment(&g->tmp, raw.buf, raw.len);
    tx_sb_release(&raw);
    if (ev->n_params)
        tx_sb_adds(&g->tmp, "\n");
    for (size_t j = 0; j < ev->n_params; j++) {
        size_t pi = (size_t)(ev->params[j].p - g->t->props);
        tx_sb_adds(&g->tmp, "\n@param ");
        tx_sb_adds(&g->tmp, g->ev_param[i][j]);
        tx_sb_addc(&g->tmp, ' ');
        tx_sb_adds(&g->tmp, g->prop_param[ev->params[j].required][pi]);
    }
    tx_sb_adds(&g->tmp, "\n@return whether the event was handed to the transport");
    kt_doc_escaped(e, g->tmp.buf, g->tmp.len);
    if (te->meta.deprecated)
        cg_emit(e, "@Deprecated(%q)\n", te->meta.deprecated_reason ? te->meta.deprecated_reason
                                                                   : "deprecated in the taxonomy");
    cg_emit(e, "fun %s(", g->ev_fn[i]);
    for (size_t j = 0; j < ev->n_params; j++) {
        const cg_param *pa = &ev->params[j];
        cg_emit(e, "%s%s: %s%s", j ? ", " : "", g->ev_param[i][j], g->node_type[pa->type->index],
                pa->required ? "" : pa->type->nullable ? " = null" : "? = null");
    }
    cg_emit(e, "): Boolean {\n");
    cg_indent(e);
    cg_emit(e, "val c = _Check(strictness, %q)\n", te->name);
    cg_emit(e, "val p = ArrayList<Property>(%z)\n", ev->n_params);
    for (size_t w = 0; w < ev->n_params; w++) {
        size_t j = ev->wire_order[w];
        const cg_param *pa = &ev->params[j];
        const char *fn = g->prop_fn[pa->p - g->t->props];
        if (pa->required)
            cg_emit(e, "%s(p, c, %s)\n", fn, g->ev_param[i][j]);
        else
            cg_emit(e, "if (%s != null) %s(p, c, %s)\n", g->ev_param[i][j], fn, g->ev_param[i][j]);
    }
    cg_emit(e, "return _send(%q, p, c)\n", te->name);
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* One appender per property: the wire name and its converter. */
static void emit_prop_fn(gk *g, cg_emitter *e, const cg_prop *cp)
{
    size_t pi = (size_t)(cp - g->p->props);
    const char *l = lit(g, cp->p->name);
    cg_emit(e, "private fun %s(p: ArrayList<Property>, c: _Check, v: %s) {\n", g->prop_fn[pi],
            g->node_type[cp->type->index]);
    cg_emit(e, "    p.add(Property(%s, %s(v, c, %s)))\n}\n\n", l, g->node_fn[cp->type->index], l);
}

static int kt_generate(const cg_plan *p, cg_files *out, tx_diags *d)
{
    gk g = { .p = p, .t = p->t, .a = p->a, .tmp = TX_SB_INIT };
    kt_rules(&g);
    kt_name_all(&g);
    kt_cache(&g);

    /* in file order, streamed: header, the class with its body, the
     * companion object with its body, the runtime pieces it uses */
    cg_stream os;
    cg_stream_open(&os, out, tx_arena_printf(p->a, "%s.kt", g.type_name));
    cg_emitter e;
    cg_emitter_init(&e, &os.sb, "    ", kt_escape_string);
    e.stream = &os;
    tx_sb head = TX_SB_INIT;
    cg_header_line(&head, g.t);
    tx_sb_adds(&head, "\n\nTyped tracking functions, one per event (Kotlin/JVM, no dependencies).\n"
                      "See docs/codegen.md for the transport and strict mode.");
    if (g.t->description && *g.t->description) {
        tx_sb_adds(&head, "\n\n");
        tx_sb_adds(&head, g.t->description);
    }
    tx_sb hesc = TX_SB_INIT;
    kt_escape_comment(&hesc, head.buf, head.len);
    cg_emit_lines(&e, "// ", hesc.buf, hesc.len);
    tx_sb_release(&head);
    tx_sb_release(&hesc);
    cg_emit(&e, "@file:Suppress(\"unused\", \"FunctionName\", \"LocalVariableName\", "
                "\"ClassName\", \"EnumEntryName\", \"NonAsciiCharacters\", \"ObjectPropertyName\", "
                "\"PrivatePropertyName\", \"RemoveRedundantQualifierName\")\n\n");
    cg_emit(&e, "package %s\n\n", g.package);
    tx_sb_reset(&g.tmp);
    tx_sb_addf(&g.tmp, "Tracking for taxonomy '%s'", g.t->name ? g.t->name : "");
    if (g.t->version)
        tx_sb_addf(&g.tmp, " version %s", g.t->version);
    tx_sb_adds(&g.tmp, ": one method per event.");
    kt_doc(&e, tmp_str(&g));
    cg_emit(&e, "class %s(val transport: Transport, val strictness: Strictness = Strictness.Off) {\n",
            g.type_name);
    cg_indent(&e);
    tx_sb rt = TX_SB_INIT;
    cg_expand(&rt, kt_rt_public, g.t->name ? g.t->name : "", "", g.type_name);
    tx_sb_addc(&rt, '\n');
    cg_emit_raw(&e, rt.buf, rt.len);
    cg_emit(&e, "\n");

    /* the class body */
    for (size_t i = 0; i < p->n_decls; i++)
        if (p->decls[i]->kind != CG_ARRAY)
            emit_decl(&g, &e, p->decls[i]);
    for (size_t i = 0; i < p->n_events; i++)
        emit_event(&g, &e, i);
    e.level = 1;
    e.bol = true;

    tx_sb_reset(&rt);
    cg_expand(&rt, kt_rt_private, g.t->name ? g.t->name : "", "", g.type_name);
    tx_sb_addc(&rt, '\n');
    cg_emit_raw(&e, rt.buf, rt.len);
    cg_emit(&e, "\ncompanion object {\n");
    cg_indent(&e);
    tx_sb_reset(&rt);
    cg_expand(&rt, kt_rt_companion, g.t->name ? g.t->name : "", "", g.type_name);
    tx_sb_adds(&rt, "\n\n");
    cg_emit_raw(&e, rt.buf, rt.len);

    /* the companion body */
    cg_emit_pattern_decls(&e, p, g.node_fn, "private val _re%s_%z: Regex? = _regex(%q)\n");
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type)
            emit_prop_fn(&g, &e, &p->props[i]);
    for (size_t i = 0; i < p->n_nodes; i++)
        emit_node(&g, &e, p->nodes[i]);
    e.level = 2;
    e.bol = true;

    unsigned uses = g.uses;
    for (size_t i = 0; i < sizeof kt_pieces / sizeof kt_pieces[0]; i++)
        if (uses & kt_pieces[i].use)
            uses |= kt_pieces[i].needs;
    for (size_t i = 0; i < sizeof kt_pieces / sizeof kt_pieces[0]; i++)
        if (uses & kt_pieces[i].use) {
            cg_emit_raw(&e, kt_pieces[i].text, strlen(kt_pieces[i].text));
            cg_emit(&e, "\n\n");
        }
    cg_stream_trim(&os);
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    if (rt.failed)
        os.sb.failed = true;
    tx_sb_release(&rt);
    tx_sb_release(&g.tmp);
    return cg_stream_close(&os, d);
}

/* ---- sample program (gen --sample) ---- */
static const char *kt_sample_expr(gk *g, const cg_node *n, const char *where, tx_diags *d,
                                  bool *failed)
{
    tx_arena *a = g->a;
    switch (n->kind) {
    case CG_STRING: {
        const char *s = cg_sample_string(n, a, d, where);
        if (!s) {
            *failed = true;
            return "\"\"";
        }
        return lit(g, s);
    }
    case CG_INTEGER: {
        tx_num v = { .set = true, .is_int = true, .i = cg_sample_int(n) };
        return kt_num(g, &v, true);
    }
    case CG_NUMBER: {
        tx_num v = { .set = true, .d = cg_sample_number(n) };
        return kt_num(g, &v, false);
    }
    case CG_BOOLEAN:
        return "true";
    case CG_ENUM:
        return tx_arena_printf(a, "%s.%s.%s", g->type_name, g->decl_name[n->decl->index],
                               g->entry_name[n->decl->index][0]);
    case CG_ARRAY: {
        size_t k = cg_sample_count(n);
        if (k == 0)
            return "emptyList()";
        tx_sb sb = TX_SB_INIT;
        tx_sb_adds(&sb, "listOf(");
        for (size_t i = 0; i < k; i++) {
            if (i)
                tx_sb_adds(&sb, ", ");
            tx_sb_adds(&sb, kt_sample_expr(g, n->items, tx_arena_printf(a, "%s[%zu]", where, i), d,
                                           failed));
        }
        tx_sb_addc(&sb, ')');
        const char *r = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_release(&sb);
        return r;
    }
    case CG_OBJECT: {
        const cg_decl *dc = n->decl;
        if (dc->n_fields == 0)
            return tx_arena_printf(a, "%s.%s()", g->type_name, g->decl_name[dc->index]);
        tx_sb sb = TX_SB_INIT;
        tx_sb_addf(&sb, "%s.%s(", g->type_name, g->decl_name[dc->index]);
        for (size_t j = 0; j < dc->n_fields; j++)
            tx_sb_addf(&sb, "%s%s = %s", j ? ", " : "", g->field_name[dc->index][j],
                       kt_sample_expr(g, dc->fields[j].type,
                                      tx_arena_printf(a, "%s.%s", where, dc->fields[j].f->name), d,
                                      failed));
        tx_sb_addc(&sb, ')');
        const char *r = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_release(&sb);
        return r;
    }
    }
    return "null";
}

static int kt_sample(const cg_plan *p, cg_files *out, tx_diags *d)
{
    gk g = { .p = p, .t = p->t, .a = p->a, .tmp = TX_SB_INIT };
    kt_rules(&g);
    kt_name_all(&g);
    kt_cache(&g);
    const char *T = g.type_name;
    tx_sb sb = TX_SB_INIT;
    cg_emitter e;
    cg_emitter_init(&e, &sb, "    ", kt_escape_string);
    tx_sb head = TX_SB_INIT;
    cg_header_line(&head, g.t);
    tx_sb_adds(&head, "\n\nSample: calls every event once with valid values, in strict mode, and\n"
                      "prints what the transport gets as NDJSON (Amplitude's shape).");
    tx_sb hesc = TX_SB_INIT;
    kt_escape_comment(&hesc, head.buf, head.len);
    cg_emit_lines(&e, "// ", hesc.buf, hesc.len);
    tx_sb_release(&head);
    tx_sb_release(&hesc);
    cg_emit(&e, "@file:Suppress(\"DEPRECATION\")\n\npackage %s\n\n", g.package);
    cg_emit(&e, "object %sSample {\n", T);
    cg_indent(&e);
    cg_emit(&e, "private class Printer : %s.Transport {\n", T);
    cg_emit(&e, "    override fun send(event: String, json: String, properties: List<%s.Property>) {\n", T);
    cg_emit(&e, "        println(\"{\\\"event_type\\\":\" + %s.Value.StringValue(event).toJson() + "
                "\",\\\"event_properties\\\":\" + json + \"}\")\n", T);
    cg_emit(&e, "    }\n}\n\n");
    cg_emit(&e, "private class Counter : %s.ViolationHandler {\n", T);
    cg_emit(&e, "    var n = 0\n\n");
    cg_emit(&e, "    override fun onViolation(violation: %s.Violation): Boolean {\n", T);
    cg_emit(&e, "        n++\n        System.err.println(\"violation: \" + violation)\n");
    cg_emit(&e, "        return true\n    }\n}\n\n");
    cg_emit(&e, "/** Calls every event once; returns the number of problems (violations\n"
                " * plus events not sent). */\n");
    cg_emit(&e, "@JvmStatic\nfun run(): Int {\n");
    cg_indent(&e);
    cg_emit(&e, "val counter = Counter()\n");
    cg_emit(&e, "val t = %s(Printer(), %s.Strictness.Custom(counter))\n", T, T);
    cg_emit(&e, "var sent = 0\n");
    bool failed = false;
    for (size_t i = 0; i < p->n_events; i++) {
        const cg_event *ev = &p->events[i];
        cg_emit(&e, "if (t.%s(", g.ev_fn[i]);
        for (size_t j = 0; j < ev->n_params; j++)
            cg_emit(&e, "%s%s = %s", j ? ", " : "", g.ev_param[i][j],
                    kt_sample_expr(&g, ev->params[j].type,
                                   tx_arena_printf(p->a, "%s.%s", ev->e->name, ev->params[j].p->name),
                                   d, &failed));
        cg_emit(&e, ")) sent++\n");
    }
    cg_emit(&e, "System.err.println(\"\" + sent + \" of %z events sent, \" + counter.n + \" violations\")\n",
            p->n_events);
    cg_emit(&e, "return counter.n + (%z - sent)\n", p->n_events);
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    cg_unindent(&e);
    cg_emit(&e, "}\n\n");
    cg_emit(&e, "fun main() {\n    System.exit(if (%sSample.run() == 0) 0 else 1)\n}\n", T);
    tx_sb_release(&g.tmp);
    int rc = failed ? -1 : cg_files_take(out, tx_arena_printf(p->a, "%sSample.kt", T), &sb, d);
    tx_sb_release(&sb);
    return rc;
}

static void kt_event_names(const tx_taxonomy *t, tx_arena *a, const char **names)
{
    gk g = { .t = t, .a = a };
    kt_rules(&g);
    kt_name_events(&g);
    for (size_t i = 0; i < t->n_events; i++)
        names[i] = g.ev_fn[i];
}

const cg_backend cg_backend_kotlin = { CG_LANG_KOTLIN, "kotlin", kt_generate, kt_event_names, kt_sample };
