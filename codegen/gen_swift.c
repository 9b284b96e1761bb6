/* Swift backend: one file per taxonomy, Swift 6 language mode (strict
 * concurrency) with Foundation, also on Linux. Everything is nested in one
 * `public struct <Taxonomy>: Sendable`: the Transport protocol, the Value
 * and Property types the transport receives, Strictness, the taxonomy's
 * enums and object structs, and one method per event, e.g.
 * `completeSignUp(signUpType: .kakao, signUpDate: "20240101")`. Required
 * properties are parameters; optional ones default to nil (nil = absent).
 * Strict mode checks ranges, lengths in code points, formats (dates against
 * the calendar) and patterns (NSRegularExpression).
 * Hooks: sw_escape_string (raw UTF-8 except unsafe code points as \u{..}),
 * comment text via cg_comment_text for `///` lines, identifiers via cg_ident
 * with the Swift keywords (contextual ones included) and the names the
 * output itself uses. Nested types and methods share one scope (Swift has
 * no case distinction for letters such as Hangul). */
#include "cg_internal.h"
#include "gen_swift_rt.h"
#include "../support/util.h"
#include <string.h>

static const char *const sw_keywords[] = {
    "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension",
    "fileprivate", "func", "import", "init", "inout", "internal", "let", "nonisolated", "open",
    "operator", "package", "precedencegroup", "private", "protocol", "public", "rethrows",
    "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
    "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
    "return", "switch", "throw", "where", "while", "Any", "as", "await", "false", "is", "nil",
    "self", "Self", "super", "throws", "true", "try", "associativity", "async", "convenience",
    "didSet", "dynamic", "final", "get", "indirect", "infix", "lazy", "left", "mutating", "none",
    "nonmutating", "optional", "override", "postfix", "precedence", "prefix", "Protocol",
    "required", "right", "set", "some", "Type", "unowned", "weak", "willSet", "actor", "any",
    "each", "isolated", "macro", "consume", "copy", "discard", "sending", "_",
    NULL,
};

/* Type names the output refers to unqualified, and the tracker's own
 * members: a nested type or method with one of these names would shadow it. */
static const char *const sw_taken[] = {
    "String", "Int64", "Int", "Double", "Bool", "Array", "Dictionary", "Optional", "Character",
    "UInt8", "Data", "NSRegularExpression", "NSRange", "NSNull", "FileHandle", "Foundation",
    "Swift", "Sendable", "Equatable", "Hashable", "CaseIterable", "CustomStringConvertible",
    "Error", "Never", "AnyObject", "Void", "Transport", "Value", "Property", "Violation",
    "Strictness", "transport", "strictness", "dictionary",
    NULL,
};

static const char *const sw_case_taken[] = { "allCases", "wire", "hashValue", NULL };

/* ---- hooks ---- */
static void sw_escape_string(tx_sb *sb, const char *s, size_t n)
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
        if (c == '"' || c == '\\') {
            tx_sb_addc(sb, '\\');
            tx_sb_addc(sb, (char)c);
        } else if (c == '\n') {
            tx_sb_adds(sb, "\\n");
        } else if (c == '\r') {
            tx_sb_adds(sb, "\\r");
        } else if (c == '\t') {
            tx_sb_adds(sb, "\\t");
        } else if (cg_unsafe_codepoint(cp) || cp == 0xFFFD) {
            tx_sb_addf(sb, "\\u{%X}", (unsigned)cp);
        } else {
            tx_sb_add(sb, s + i, l);
        }
        i += l;
    }
    tx_sb_addc(sb, '"');
}

static void sw_escape_comment(tx_sb *sb, const char *s, size_t n)
{
    cg_comment_text(sb, s, n, 0);
}

/* ---- naming ---- */
typedef struct gs {
    const cg_plan *p;
    const tx_taxonomy *t;
    tx_arena *a;
    cg_ident_rules kw, types, cases;
    const char *type_name;
    cg_wordset *members;
    const char **ev_fn;
    const char ***ev_param;
    const char **decl_name;
    const char ***case_name;
    const char ***field_name;
    const char **node_fn;
    const char **node_type;     /* per node: its Swift type */
    const char **prop_ident;    /* per property: parameter name before scoping */
    const char **prop_fn;       /* per property: `_p...` appending it */
    const char **prop_doc;      /* per property: escaped description (summary) */
    const char **prop_wire;     /* per property: escaped 'wire' */
    const char **prop_param[2]; /* per property, optional or required: its whole
                                 * parameter doc after the name, escaped */
    unsigned uses;
    tx_sb tmp;
} gs;

enum {
    S_DIG = 1u << 0, S_DATE_AT = 1u << 1, S_TIME = 1u << 2, S_DATE = 1u << 3,
    S_DATE_TIME = 1u << 4, S_UUID = 1u << 5, S_EMAIL = 1u << 6, S_URI = 1u << 7,
    S_PATTERN = 1u << 8, S_REGEX = 1u << 9,
};

static const struct { unsigned use, needs; const char *text; } sw_pieces[] = {
    { S_DIG, 0, sw_rt_dig },
    { S_DATE_AT, S_DIG, sw_rt_date_at },
    { S_TIME, S_DIG, sw_rt_time },
    { S_DATE, S_DATE_AT | S_DIG, sw_rt_date },
    { S_DATE_TIME, S_DATE_AT | S_TIME | S_DIG, sw_rt_date_time },
    { S_UUID, 0, sw_rt_uuid },
    { S_EMAIL, 0, sw_rt_email },
    { S_URI, 0, sw_rt_uri },
    { S_PATTERN, S_DIG, sw_rt_pattern },
    { S_REGEX, 0, sw_rt_regex },
};

static const struct {
    tx_format fmt;
    unsigned use;
    const char *fn;
    const char *message;
} sw_formats[] = {
    { TX_FMT_DATE, S_DATE, "_fmtDate", "not a date (yyyy-mm-dd)" },
    { TX_FMT_DATE_TIME, S_DATE_TIME, "_fmtDateTime", "not an RFC 3339 date-time" },
    { TX_FMT_TIME, S_TIME, "_fmtTime", "not an RFC 3339 time" },
    { TX_FMT_UUID, S_UUID, "_fmtUuid", "not a uuid" },
    { TX_FMT_EMAIL, S_EMAIL, "_fmtEmail", "not an email address" },
    { TX_FMT_URI, S_URI, "_fmtUri", "not a uri" },
};

static void sw_rules(gs *g)
{
    cg_wordset *kw = cg_wordset_new(g->a);
    cg_wordset_add_list(kw, sw_keywords);
    cg_wordset *ty = cg_wordset_child(g->a, kw);
    cg_wordset_add_list(ty, sw_taken);
    cg_wordset *cs = cg_wordset_child(g->a, kw);
    cg_wordset_add_list(cs, sw_case_taken);
    g->kw = (cg_ident_rules){ kw, true };
    g->types = (cg_ident_rules){ ty, true };
    g->cases = (cg_ident_rules){ cs, true };
}

static const char **sw_batch(gs *g, cg_wordset *scope, const cg_ident_rules *r, cg_case c,
                             size_t n, const char *const *raws)
{
    const char **out = tx_arena_alloc(g->a, (n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = cg_ident(g->a, r, c, raws[i], strlen(raws[i]));
    cg_scope_assign(g->a, scope, n, raws, out);
    return out;
}

/* Tracker type and event methods: shared with `taxonc status`. */
static void sw_name_events(gs *g)
{
    const tx_taxonomy *t = g->t;
    const char *tn = t->name ? t->name : "taxonomy";
    g->type_name = cg_ident(g->a, &g->types, CG_PASCAL, tn, strlen(tn));
    g->members = cg_wordset_new(g->a);
    cg_wordset_add_list(g->members, sw_taken);
    cg_wordset_add(g->members, g->type_name);  /* a nested type must not shadow it */
    const char **raws = tx_arena_alloc(g->a, (t->n_events + 1) * sizeof *raws);
    for (size_t i = 0; i < t->n_events; i++)
        raws[i] = t->events[i].name;
    g->ev_fn = sw_batch(g, g->members, &g->types, CG_CAMEL, t->n_events, raws);
}

static void sw_name_all(gs *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;
    sw_name_events(g);
    /* enums and objects (arrays are [T]) */
    const char **raws = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *raws);
    size_t *idx = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *idx);
    size_t n = 0;
    for (size_t i = 0; i < p->n_decls; i++)
        if (p->decls[i]->kind != CG_ARRAY) {
            idx[n] = i;
            raws[n++] = p->decls[i]->seed;
        }
    const char **names = sw_batch(g, g->members, &g->types, CG_PASCAL, n, raws);
    g->decl_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->decl_name);
    for (size_t i = 0; i < n; i++)
        g->decl_name[idx[i]] = names[i];

    g->case_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->case_name);
    g->field_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->field_name);
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind == CG_ENUM) {
            const char **vr = tx_arena_alloc(a, (d->n_values + 1) * sizeof *vr);
            for (size_t j = 0; j < d->n_values; j++)
                vr[j] = cg_enum_value_raw(a, d->base, &d->values[j]);
            g->case_name[i] = sw_batch(g, cg_wordset_new(a), &g->cases, CG_CAMEL, d->n_values, vr);
        } else if (d->kind == CG_OBJECT) {
            const char **fr = tx_arena_alloc(a, (d->n_fields + 1) * sizeof *fr);
            for (size_t j = 0; j < d->n_fields; j++)
                fr[j] = d->fields[j].f->name;
            g->field_name[i] = sw_batch(g, cg_wordset_new(a), &g->kw, CG_CAMEL, d->n_fields, fr);
        }
    }
    /* parameters: the body's own names are the locals c, p, x and the
     * member strictness */
    static const char *const locals[] = { "c", "p", "x", "strictness", NULL };
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
            pn = sw_batch(g, sc, &g->kw, CG_CAMEL, ev->n_params, pr);
        }
        g->ev_param[i] = pn;
    }
    /* property appenders `_p` + the name, unique among themselves */
    cg_ident_rules plain0 = { NULL, true };
    const char **pid = sw_batch(g, cg_wordset_new(a), &plain0, CG_PASCAL, nused, praw);
    g->prop_fn = tx_arena_alloc(a, (p->n_props + 1) * sizeof *g->prop_fn);
    for (size_t i = 0; i < nused; i++)
        g->prop_fn[pidx[i]] = tx_arena_printf(a, "_p%s", pid[i][0] == '_' ? pid[i] + 1 : pid[i]);
    /* node converters: `_n` + the seed; never clash with names above,
     * which cannot start with '_' followed by a letter */
    const char **nr = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *nr);
    for (size_t i = 0; i < p->n_nodes; i++)
        nr[i] = p->nodes[i]->seed;
    cg_ident_rules plain = { NULL, true };
    const char **nid = sw_batch(g, cg_wordset_new(a), &plain, CG_PASCAL, p->n_nodes, nr);
    g->node_fn = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *g->node_fn);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_fn[i] = tx_arena_printf(a, "_n%s", nid[i][0] == '_' ? nid[i] + 1 : nid[i]);
}

/* ---- types ---- */
static const char *sw_type(gs *g, const cg_node *n)
{
    const char *base;
    switch (n->kind) {
    case CG_STRING: base = "String"; break;
    case CG_INTEGER: base = "Int64"; break;
    case CG_NUMBER: base = "Double"; break;
    case CG_BOOLEAN: base = "Bool"; break;
    case CG_ARRAY: base = tx_arena_printf(g->a, "[%s]", sw_type(g, n->items)); break;
    default: base = g->decl_name[n->decl->index]; break;
    }
    return n->nullable ? tx_arena_printf(g->a, "%s?", base) : base;
}

static void sw_cache(gs *g)
{
    const cg_plan *p = g->p;
    g->node_type = tx_arena_alloc(g->a, (p->n_nodes + 1) * sizeof *g->node_type);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_type[i] = sw_type(g, p->nodes[i]);
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
        sw_escape_comment(&esc, raw.buf, raw.len);
        g->prop_doc[i] = tx_arena_strndup(g->a, esc.buf, esc.len);
        tx_sb_reset(&raw);
        tx_sb_reset(&esc);
        tx_sb_addf(&raw, "'%s'", p->props[i].p->name);
        sw_escape_comment(&esc, raw.buf, raw.len);
        g->prop_wire[i] = tx_arena_strndup(g->a, esc.buf, esc.len);
        for (int req = 0; req < 2; req++) {
            tx_sb_reset(&raw);
            tx_sb_adds(&raw, g->prop_wire[i]);
            tx_sb_adds(&raw, req ? ": " : " (optional; nil: not sent): ");
            tx_sb_adds(&raw, g->prop_doc[i]);
            g->prop_param[req][i] = tx_arena_strndup(g->a, raw.buf, raw.len);
        }
    }
    tx_sb_release(&raw);
    tx_sb_release(&esc);
}

static void sw_doc(cg_emitter *e, const char *text)
{
    tx_sb sb = TX_SB_INIT;
    sw_escape_comment(&sb, text, strlen(text));
    if (sb.len)
        cg_emit_lines(e, "/// ", sb.buf, sb.len);
    tx_sb_release(&sb);
}

static const char *tmp_str(gs *g)
{
    return tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
}

static void emit_decl(gs *g, cg_emitter *e, const cg_decl *d)
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
    sw_doc(e, tmp_str(g));
    if (d->kind == CG_ENUM) {
        cg_emit(e, "public enum %s: Sendable, CaseIterable {\n", name);
        cg_indent(e);
        for (size_t j = 0; j < d->n_values; j++) {
            const tx_enum_value *v = &d->values[j];
            tx_sb_reset(&g->tmp);
            cg_enum_json(&g->tmp, d->base, v);
            if (v->description && *v->description) {
                tx_sb_adds(&g->tmp, ": ");
                tx_sb_adds(&g->tmp, v->description);
            }
            sw_doc(e, tmp_str(g));
            cg_emit(e, "case %s\n", g->case_name[d->index][j]);
        }
        const char *wt = d->base == TX_STRING ? "String" : d->base == TX_INTEGER ? "Int64" : "Double";
        cg_emit(e, "\n/// The value sent.\npublic var wire: %s {\n", wt);
        cg_indent(e);
        cg_emit(e, "switch self {\n");
        for (size_t j = 0; j < d->n_values; j++) {
            const tx_enum_value *v = &d->values[j];
            cg_emit(e, "case .%s: return ", g->case_name[d->index][j]);
            if (d->base == TX_STRING) {
                const char *w = tx_arena_strndup(g->a, v->str, v->len);
                cg_emit(e, "%q\n", w);
            } else {
                tx_sb_reset(&g->tmp);
                if (d->base == TX_INTEGER && v->num.set && v->num.is_int)
                    tx_sb_addf(&g->tmp, v->num.i == INT64_MIN ? "Int64.min" : "%lld",
                               (long long)v->num.i);
                else if (v->num.set)
                    cg_double_literal(&g->tmp, v->num.d);
                else
                    tx_sb_adds(&g->tmp, "0");
                cg_emit(e, "%s\n", tmp_str(g));
            }
        }
        cg_emit(e, "}\n");
        cg_unindent(e);
        cg_emit(e, "}\n");
        cg_unindent(e);
        cg_emit(e, "}\n\n");
        return;
    }
    /* object */
    cg_emit(e, "public struct %s: Sendable, Equatable {\n", name);
    cg_indent(e);
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        tx_sb_reset(&g->tmp);
        tx_sb_addf(&g->tmp, "'%s': ", f->f->name);
        cg_prop_doc(&g->tmp, &f->f->meta, f->type);
        if (!f->f->required)
            tx_sb_adds(&g->tmp, "; optional (nil: not sent)");
        sw_doc(e, tmp_str(g));
        const char *ty = sw_type(g, f->type);
        cg_emit(e, "public var %s: %s%s\n", g->field_name[d->index][j], ty,
                !f->f->required && !f->type->nullable ? "?" : "");
    }
    if (d->n_fields)
        cg_emit(e, "\n");
    cg_emit(e, "public init(");
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        const char *ty = sw_type(g, f->type);
        cg_emit(e, "%s%s: %s%s%s", j ? ", " : "", g->field_name[d->index][j], ty,
                !f->f->required && !f->type->nullable ? "?" : "", f->f->required ? "" : " = nil");
    }
    cg_emit(e, ") {\n");
    cg_indent(e);
    for (size_t j = 0; j < d->n_fields; j++)
        cg_emit(e, "self.%s = %s\n", g->field_name[d->index][j], g->field_name[d->index][j]);
    cg_unindent(e);
    cg_emit(e, "}\n");
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* ---- converters ---- */
static const char *sw_num(gs *g, const tx_num *n, bool as_int)
{
    tx_sb_reset(&g->tmp);
    if (as_int)
        tx_sb_addf(&g->tmp, n->i == INT64_MIN ? "Int64.min" : "%lld", (long long)n->i);
    else
        cg_double_literal(&g->tmp, n->d);
    return tmp_str(g);
}

static void emit_range(gs *g, cg_emitter *e, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    bool ints = n->kind == CG_INTEGER && (!c->min.set || c->min.is_int) &&
                (!c->max.set || c->max.is_int);
    const char *v = n->kind == CG_INTEGER && !ints ? "Double(v)" : "v";
    if (c->min.set) {
        const char *lit = sw_num(g, &c->min, ints);
        cg_emit(e, "if %s < %s {\n", v, lit);
        cg_emit(e, "    c.fail(path, String(v) + %q)\n",
                tx_arena_printf(g->a, " is below the minimum %s", lit));
        cg_emit(e, "}\n");
    }
    if (c->max.set) {
        const char *lit = sw_num(g, &c->max, ints);
        cg_emit(e, "if %s > %s {\n", v, lit);
        cg_emit(e, "    c.fail(path, String(v) + %q)\n",
                tx_arena_printf(g->a, " is above the maximum %s", lit));
        cg_emit(e, "}\n");
    }
}

static void emit_string_checks(gs *g, cg_emitter *e, const cg_node *n, size_t node)
{
    const cg_checks *c = &n->ck;
    if (cg_checks_length(c)) {
        cg_emit(e, "let len = v.unicodeScalars.count\n");
        if (c->min_length > 0) {
            cg_emit(e, "if len < %l {\n", c->min_length);
            cg_emit(e, "    c.fail(path, \"too short: \" + String(len) + %q)\n",
                    tx_arena_printf(g->a, " code points, at least %lld", (long long)c->min_length));
            cg_emit(e, "}\n");
        }
        if (c->max_length >= 0) {
            cg_emit(e, "if len > %l {\n", c->max_length);
            cg_emit(e, "    c.fail(path, \"too long: \" + String(len) + %q)\n",
                    tx_arena_printf(g->a, " code points, at most %lld", (long long)c->max_length));
            cg_emit(e, "}\n");
        }
    }
    if (c->format == TX_FMT_DATE_PATTERN && c->date_pattern) {
        g->uses |= S_PATTERN;
        tx_sb_reset(&g->tmp);
        cg_date_spec(&g->tmp, c->date_pattern);
        const char *spec = tmp_str(g);
        cg_emit(e, "if !_fmtPattern(v, %q) {\n", spec);
        cg_emit(e, "    c.fail(path, %q)\n",
                tx_arena_printf(g->a, "not a date in the form %s",
                                c->format_text ? c->format_text : c->date_pattern->text));
        cg_emit(e, "}\n");
    }
    for (size_t i = 0; i < sizeof sw_formats / sizeof sw_formats[0]; i++) {
        if (sw_formats[i].fmt != c->format)
            continue;
        g->uses |= sw_formats[i].use;
        cg_emit(e, "if !%s(v) {\n", sw_formats[i].fn);
        cg_emit(e, "    c.fail(path, %q)\n", sw_formats[i].message);
        cg_emit(e, "}\n");
    }
    for (size_t i = 0; i < c->n_patterns; i++) {
        g->uses |= S_REGEX;
        cg_emit(e, "if !_re%s_%z.matches(v) {\n", g->node_fn[node] + 2, i);
        cg_emit(e, "    c.fail(path, %q)\n",
                tx_arena_printf(g->a, "does not match the pattern %s", c->patterns[i]));
        cg_emit(e, "}\n");
    }
}

/* The expression converting x (of the node's type) to a Value. */
static const char *sw_call(gs *g, const cg_node *n, const char *x, const char *path)
{
    return tx_arena_printf(g->a, "%s(%s, &c, %s)", g->node_fn[n->index], x, path);
}

static void emit_node(gs *g, cg_emitter *e, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    const char *fn = g->node_fn[n->index];
    cg_emit(e, "private static func %s(_ v: %s, _ c: inout _Check, _ path: String) -> Value {\n",
            fn, sw_type(g, n));
    cg_indent(e);
    if (n->nullable) {
        cg_emit(e, "guard let v = v else {\n    return .null\n}\n");
    }
    switch (n->kind) {
    case CG_STRING:
        if (cg_node_has_checks(n)) {
            cg_emit(e, "if c.on {\n");
            cg_indent(e);
            emit_string_checks(g, e, n, n->index);
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "return .string(v)\n");
        break;
    case CG_INTEGER:
        if (c->min.set || c->max.set) {
            cg_emit(e, "if c.on {\n");
            cg_indent(e);
            emit_range(g, e, n);
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "return .integer(v)\n");
        break;
    case CG_NUMBER:
        cg_emit(e, "if !v.isFinite {\n");
        cg_emit(e, "    if c.on {\n        c.fail(path, \"not a finite number; sent as null\")\n    }\n");
        cg_emit(e, "    return .null\n}\n");
        if (c->min.set || c->max.set) {
            cg_emit(e, "if c.on {\n");
            cg_indent(e);
            emit_range(g, e, n);
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "return .number(v)\n");
        break;
    case CG_BOOLEAN:
        cg_emit(e, "return .boolean(v)\n");
        break;
    case CG_ENUM:
        cg_emit(e, "return .%s(v.wire)\n", n->decl->base == TX_STRING ? "string"
                                           : n->decl->base == TX_INTEGER ? "integer" : "number");
        break;
    case CG_ARRAY:
        if (c->min_items > 0 || c->max_items >= 0) {
            cg_emit(e, "if c.on {\n");
            cg_indent(e);
            if (c->min_items > 0) {
                cg_emit(e, "if v.count < %l {\n", c->min_items);
                cg_emit(e, "    c.fail(path, \"too few items: \" + String(v.count) + %q)\n",
                        tx_arena_printf(g->a, ", at least %lld", (long long)c->min_items));
                cg_emit(e, "}\n");
            }
            if (c->max_items >= 0) {
                cg_emit(e, "if v.count > %l {\n", c->max_items);
                cg_emit(e, "    c.fail(path, \"too many items: \" + String(v.count) + %q)\n",
                        tx_arena_printf(g->a, ", at most %lld", (long long)c->max_items));
                cg_emit(e, "}\n");
            }
            cg_unindent(e);
            cg_emit(e, "}\n");
        }
        cg_emit(e, "var out: [Value] = []\n");
        cg_emit(e, "out.reserveCapacity(v.count)\n");
        cg_emit(e, "for (i, x) in v.enumerated() {\n");
        cg_emit(e, "    out.append(%s)\n", sw_call(g, n->items, "x", "path + \"[\" + String(i) + \"]\""));
        cg_emit(e, "}\n");
        cg_emit(e, "return .array(out)\n");
        break;
    case CG_OBJECT: {
        const cg_decl *d = n->decl;
        if (d->n_fields == 0) {
            cg_emit(e, "_ = v\n");
            cg_emit(e, "return .object([])\n");
            break;
        }
        cg_emit(e, "var out: [Property] = []\n");
        for (size_t j = 0; j < d->n_fields; j++) {
            const cg_field *f = &d->fields[j];
            const char *fname = g->field_name[d->index][j];
            const char *path = tx_arena_printf(g->a, "path + %s", "");
            tx_sb_reset(&g->tmp);
            tx_sb_addc(&g->tmp, '.');
            tx_sb_adds(&g->tmp, f->f->name);
            tx_sb esc = TX_SB_INIT;
            sw_escape_string(&esc, g->tmp.buf, g->tmp.len);
            path = tx_arena_printf(g->a, "path + %s", esc.buf);
            tx_sb_release(&esc);
            if (f->f->required) {
                cg_emit(e, "out.append(Property(name: %q, value: %s))\n", f->f->name,
                        sw_call(g, f->type, tx_arena_printf(g->a, "v.%s", fname), path));
            } else {
                cg_emit(e, "if let x = v.%s {\n", fname);
                cg_emit(e, "    out.append(Property(name: %q, value: %s))\n", f->f->name,
                        sw_call(g, f->type, "x", path));
                cg_emit(e, "}\n");
            }
        }
        cg_emit(e, "return .object(out)\n");
        break;
    }
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

static void emit_event(gs *g, cg_emitter *e, size_t i)
{
    const cg_event *ev = &g->p->events[i];
    const tx_event *te = ev->e;
    tx_sb raw = TX_SB_INIT;
    cg_event_doc(&raw, te);
    tx_sb_reset(&g->tmp);
    sw_escape_comment(&g->tmp, raw.buf, raw.len);
    tx_sb_release(&raw);
    if (ev->n_params)
        tx_sb_adds(&g->tmp, "\n\n- Parameters:");
    for (size_t j = 0; j < ev->n_params; j++) {
        size_t pi = (size_t)(ev->params[j].p - g->t->props);
        tx_sb_adds(&g->tmp, "\n  - ");
        tx_sb_adds(&g->tmp, g->ev_param[i][j]);
        tx_sb_adds(&g->tmp, ": ");
        tx_sb_adds(&g->tmp, g->prop_param[ev->params[j].required][pi]);
    }
    tx_sb_adds(&g->tmp, "\n- Returns: whether the event was handed to the transport");
    cg_emit_lines(e, "/// ", g->tmp.buf, g->tmp.len);
    if (te->meta.deprecated)
        cg_emit(e, "@available(*, deprecated, message: %q)\n",
                te->meta.deprecated_reason ? te->meta.deprecated_reason
                                           : "deprecated in the taxonomy");
    cg_emit(e, "@discardableResult\npublic func %s(", g->ev_fn[i]);
    for (size_t j = 0; j < ev->n_params; j++) {
        const cg_param *pa = &ev->params[j];
        cg_emit(e, "%s%s: %s%s", j ? ", " : "", g->ev_param[i][j], g->node_type[pa->type->index],
                pa->required ? "" : pa->type->nullable ? " = nil" : "? = nil");
    }
    cg_emit(e, ") -> Bool {\n");
    cg_indent(e);
    if (ev->n_params == 0) {
        cg_emit(e, "return _send(%q, [], _Check(strictness, %q))\n", te->name, te->name);
    } else {
        cg_emit(e, "var c = _Check(strictness, %q)\n", te->name);
        cg_emit(e, "var p: [Property] = []\n");
        cg_emit(e, "p.reserveCapacity(%z)\n", ev->n_params);
        for (size_t w = 0; w < ev->n_params; w++) {
            size_t j = ev->wire_order[w];
            const cg_param *pa = &ev->params[j];
            const char *fn = g->prop_fn[pa->p - g->t->props];
            if (pa->required)
                cg_emit(e, "Self.%s(&p, &c, %s)\n", fn, g->ev_param[i][j]);
            else
                cg_emit(e, "if let x = %s { Self.%s(&p, &c, x) }\n", g->ev_param[i][j], fn);
        }
        cg_emit(e, "return _send(%q, p, c)\n", te->name);
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* One appender per property: the wire name and its converter. */
static void emit_prop_fn(gs *g, cg_emitter *e, const cg_prop *cp)
{
    size_t pi = (size_t)(cp - g->p->props);
    tx_sb lit = TX_SB_INIT;
    sw_escape_string(&lit, cp->p->name, strlen(cp->p->name));
    cg_emit(e, "private static func %s(_ p: inout [Property], _ c: inout _Check, _ v: %s) {\n",
            g->prop_fn[pi], g->node_type[cp->type->index]);
    cg_emit(e, "    p.append(Property(name: %s, value: %s(v, &c, %s)))\n}\n\n", lit.buf,
            g->node_fn[cp->type->index], lit.buf);
    tx_sb_release(&lit);
}

static int sw_generate(const cg_plan *p, cg_files *out, tx_diags *d)
{
    gs g = { .p = p, .t = p->t, .a = p->a, .tmp = TX_SB_INIT };
    sw_rules(&g);
    sw_name_all(&g);
    sw_cache(&g);
    /* in file order, streamed: header, public runtime, body, private runtime */
    cg_stream os;
    cg_stream_open(&os, out, tx_arena_printf(p->a, "%s.swift", g.type_name));
    cg_emitter e;
    cg_emitter_init(&e, &os.sb, "    ", sw_escape_string);
    e.stream = &os;
    tx_sb head = TX_SB_INIT;
    cg_header_line(&head, g.t);
    tx_sb_adds(&head, "\n\nTyped tracking functions, one per event (Swift 6, Foundation).\n"
                      "See docs/codegen.md for the transport and strict mode.");
    if (g.t->description && *g.t->description) {
        tx_sb_adds(&head, "\n\n");
        tx_sb_adds(&head, g.t->description);
    }
    tx_sb hesc = TX_SB_INIT;
    sw_escape_comment(&hesc, head.buf, head.len);
    cg_emit_lines(&e, "// ", hesc.buf, hesc.len);
    tx_sb_release(&head);
    tx_sb_release(&hesc);
    cg_emit(&e, "\nimport Foundation\n\n");
    tx_sb_reset(&g.tmp);
    tx_sb_addf(&g.tmp, "Tracking for taxonomy '%s'", g.t->name ? g.t->name : "");
    if (g.t->version)
        tx_sb_addf(&g.tmp, " version %s", g.t->version);
    tx_sb_adds(&g.tmp, ": one method per event.");
    sw_doc(&e, tmp_str(&g));
    cg_emit(&e, "public struct %s: Sendable {\n", g.type_name);
    tx_sb rt = TX_SB_INIT;
    cg_expand(&rt, sw_rt_public, g.t->name ? g.t->name : "", "", g.type_name);
    cg_indent(&e);
    cg_emit_raw(&e, rt.buf, rt.len);
    cg_emit(&e, "\n");

    if (p->n_decls)
        cg_emit(&e, "// MARK: - Types\n\n");
    for (size_t i = 0; i < p->n_decls; i++)
        if (p->decls[i]->kind != CG_ARRAY)
            emit_decl(&g, &e, p->decls[i]);
    cg_emit(&e, "// MARK: - Events\n\n");
    for (size_t i = 0; i < p->n_events; i++)
        emit_event(&g, &e, i);
    cg_emit(&e, "// MARK: - Checks and conversions\n\n");
    cg_emit_pattern_decls(&e, p, g.node_fn, "private static let _re%s_%z = _Pattern(%q)\n");
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type)
            emit_prop_fn(&g, &e, &p->props[i]);
    for (size_t i = 0; i < p->n_nodes; i++)
        emit_node(&g, &e, p->nodes[i]);
    e.level = 1;
    e.bol = true;

    cg_emit(&e, "// MARK: - Runtime\n\n");
    tx_sb_reset(&rt);
    cg_expand(&rt, sw_rt_private, g.t->name ? g.t->name : "", "", g.type_name);
    cg_emit_raw(&e, rt.buf, rt.len);
    unsigned uses = g.uses;
    for (size_t i = 0; i < sizeof sw_pieces / sizeof sw_pieces[0]; i++)
        if (uses & sw_pieces[i].use)
            uses |= sw_pieces[i].needs;
    for (size_t i = 0; i < sizeof sw_pieces / sizeof sw_pieces[0]; i++)
        if (uses & sw_pieces[i].use) {
            cg_emit(&e, "\n");
            cg_emit_raw(&e, sw_pieces[i].text, strlen(sw_pieces[i].text));
        }
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    if (rt.failed)
        os.sb.failed = true;
    tx_sb_release(&rt);
    tx_sb_release(&g.tmp);
    return cg_stream_close(&os, d);
}

/* ---- sample program (gen --sample) ---- */
static const char *sw_sample_expr(gs *g, const cg_node *n, const char *where, tx_diags *d,
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
        tx_sb lit = TX_SB_INIT;
        sw_escape_string(&lit, s, strlen(s));
        const char *r = tx_arena_strndup(a, lit.buf, lit.len);
        tx_sb_release(&lit);
        return r;
    }
    case CG_INTEGER: {
        tx_num v = { .set = true, .is_int = true, .i = cg_sample_int(n) };
        return sw_num(g, &v, true);
    }
    case CG_NUMBER: {
        tx_num v = { .set = true, .d = cg_sample_number(n) };
        return sw_num(g, &v, false);
    }
    case CG_BOOLEAN:
        return "true";
    case CG_ENUM:
        return tx_arena_printf(a, "%s.%s.%s", g->type_name, g->decl_name[n->decl->index],
                               g->case_name[n->decl->index][0]);
    case CG_ARRAY: {
        size_t k = cg_sample_count(n);
        tx_sb sb = TX_SB_INIT;
        tx_sb_addc(&sb, '[');
        for (size_t i = 0; i < k; i++) {
            if (i)
                tx_sb_adds(&sb, ", ");
            tx_sb_adds(&sb, sw_sample_expr(g, n->items, tx_arena_printf(a, "%s[%zu]", where, i), d,
                                           failed));
        }
        tx_sb_addc(&sb, ']');
        const char *r = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_release(&sb);
        return r;
    }
    case CG_OBJECT: {
        const cg_decl *dc = n->decl;
        tx_sb sb = TX_SB_INIT;
        tx_sb_addf(&sb, "%s.%s(", g->type_name, g->decl_name[dc->index]);
        for (size_t j = 0; j < dc->n_fields; j++)
            tx_sb_addf(&sb, "%s%s: %s", j ? ", " : "", g->field_name[dc->index][j],
                       sw_sample_expr(g, dc->fields[j].type,
                                      tx_arena_printf(a, "%s.%s", where, dc->fields[j].f->name), d,
                                      failed));
        tx_sb_addc(&sb, ')');
        const char *r = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_release(&sb);
        return r;
    }
    }
    return "nil";
}

static int sw_sample(const cg_plan *p, cg_files *out, tx_diags *d)
{
    gs g = { .p = p, .t = p->t, .a = p->a, .tmp = TX_SB_INIT };
    sw_rules(&g);
    sw_name_all(&g);
    sw_cache(&g);
    const char *T = g.type_name;
    tx_sb sb = TX_SB_INIT;
    cg_emitter e;
    cg_emitter_init(&e, &sb, "    ", sw_escape_string);
    tx_sb head = TX_SB_INIT;
    cg_header_line(&head, g.t);
    tx_sb_adds(&head, "\n\nSample: calls every event once with valid values, in strict mode, and\n"
                      "prints what the transport gets as NDJSON (Amplitude's shape).");
    tx_sb hesc = TX_SB_INIT;
    sw_escape_comment(&hesc, head.buf, head.len);
    cg_emit_lines(&e, "// ", hesc.buf, hesc.len);
    tx_sb_release(&head);
    tx_sb_release(&hesc);
    cg_emit(&e, "\nimport Foundation\n\n");
    cg_emit(&e, "public enum %sSample {\n", T);
    cg_indent(&e);
    cg_emit(&e, "private final class Printer: %s.Transport, @unchecked Sendable {\n", T);
    cg_emit(&e, "    func send(event: String, json: String, properties: [%s.Property]) {\n", T);
    cg_emit(&e, "        print(\"{\\\"event_type\\\":\" + %s.Value.string(event).json + "
                "\",\\\"event_properties\\\":\" + json + \"}\")\n", T);
    cg_emit(&e, "    }\n}\n\n");
    cg_emit(&e, "private final class Counter: @unchecked Sendable {\n    var n = 0\n}\n\n");
    cg_emit(&e, "/// Calls every event once; returns the number of problems (violations\n"
                "/// plus events not sent).\n");
    cg_emit(&e, "public static func run() -> Int {\n");
    cg_indent(&e);
    cg_emit(&e, "let counter = Counter()\n");
    cg_emit(&e, "let t = %s(transport: Printer(), strictness: .custom({ v in\n", T);
    cg_emit(&e, "    counter.n += 1\n");
    cg_emit(&e, "    FileHandle.standardError.write(Data((\"violation: \" + v.description + \"\\n\").utf8))\n");
    cg_emit(&e, "    return true\n}))\n");
    cg_emit(&e, "var sent = 0\n");
    bool failed = false;
    for (size_t i = 0; i < p->n_events; i++) {
        const cg_event *ev = &p->events[i];
        cg_emit(&e, "if t.%s(", g.ev_fn[i]);
        for (size_t j = 0; j < ev->n_params; j++)
            cg_emit(&e, "%s%s: %s", j ? ", " : "", g.ev_param[i][j],
                    sw_sample_expr(&g, ev->params[j].type,
                                   tx_arena_printf(p->a, "%s.%s", ev->e->name, ev->params[j].p->name),
                                   d, &failed));
        cg_emit(&e, ") {\n    sent += 1\n}\n");
    }
    cg_emit(&e, "FileHandle.standardError.write(Data((String(sent) + \" of %z events sent, \" + "
                "String(counter.n) + \" violations\\n\").utf8))\n", p->n_events);
    cg_emit(&e, "return counter.n + (%z - sent)\n", p->n_events);
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    tx_sb_release(&g.tmp);
    int rc = failed ? -1 : cg_files_take(out, tx_arena_printf(p->a, "%sSample.swift", T), &sb, d);
    tx_sb_release(&sb);
    return rc;
}

static void sw_event_names(const tx_taxonomy *t, tx_arena *a, const char **names)
{
    gs g = { .t = t, .a = a };
    sw_rules(&g);
    sw_name_events(&g);
    for (size_t i = 0; i < t->n_events; i++)
        names[i] = g.ev_fn[i];
}

const cg_backend cg_backend_swift = { CG_LANG_SWIFT, "swift", sw_generate, sw_event_names, sw_sample };
