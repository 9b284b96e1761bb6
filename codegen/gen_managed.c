/* The driver of the managed-language backends (Swift and Kotlin): both
 * generate the same thing, a tracker type with one method per event (and,
 * with user properties, identify(), planned as one more event), typed
 * enums and objects, a converter per type node that runs the strict-mode
 * checks and builds the Value the transport gets, and a sample program.
 * Everything whose logic is the same lives here once: naming (keywords,
 * scopes, collisions), the per-node caches, doc-comment text, the checks,
 * the converters, the event methods, the property appenders and the sample
 * values. A backend is an mg_lang table (gen_managed.h) of spellings - type
 * names, literals, statements as cg_emit formats - plus the emitters whose
 * shape truly differs: enum and object declarations, the file layout and
 * the sample program around its calls.
 *
 * A new type constraint is added in one place: its check in
 * emit_string_checks()/emit_node() below (condition and message composed
 * from the table's expressions, emitted through fail_fmt), a runtime piece
 * in each gen_<lang>_rt.h if it needs a helper, and a table entry per
 * language only when it needs a spelling the table does not have yet.
 *
 * Issue 16's kinds: `any` is the language's JSON value type (declared, and
 * its converter `_any` added, only when used), `null` a unit type, a union
 * a tagged union (emit_union: a Swift enum with payloads, a Kotlin sealed
 * class) converted by a switch over its cases, an open object's extras a
 * String-keyed map sent after the declared members.
 *
 * Output is byte-identical to the two backends this replaced; the golden
 * files (tests/golden/gen) and the compile tests hold it so. */
#include "gen_managed.h"
#include "../support/util.h"
#include <string.h>

/* ---- literals ---- */
void mg_escape_string(tx_sb *sb, const char *s, size_t n, unsigned flags)
{
    bool dollar = flags & MG_ESC_DOLLAR;
    tx_sb_addc(sb, '"');
    for (size_t i = 0; i < n;) {
        /* fast path: a run of printable ASCII that needs no escape */
        size_t run = i;
        while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F &&
               s[run] != '"' && s[run] != '\\' && s[run] != '$')
            run++;
        if (run > i) {
            tx_sb_add(sb, s + i, run - i);
            i = run;
            if (i == n)
                break;
        }
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t l = cg_utf8_at(s + i, n - i, &cp);
        const char *esc = cg_common_escape(c);
        if (esc) {
            tx_sb_adds(sb, esc);
        } else if (c == '$' && dollar) {
            tx_sb_adds(sb, "\\$");
        } else if (c == '\r') {
            tx_sb_adds(sb, "\\r");
        } else if (cg_unsafe_codepoint(cp) || cp == 0xFFFD) {
            if (flags & MG_ESC_BRACES)
                tx_sb_addf(sb, "\\u{%X}", (unsigned)cp);
            else
                tx_sb_addf(sb, "\\u%04X", (unsigned)cp);
        } else {
            tx_sb_add(sb, s + i, l);
        }
        i += l;
    }
    tx_sb_addc(sb, '"');
}

const char *mg_tmp_str(mg_gen *g)
{
    return tx_arena_strndup(g->a, g->tmp.buf, g->tmp.len);
}

const char *mg_lit(mg_gen *g, const char *s)
{
    tx_sb sb = TX_SB_INIT;
    g->L->escape_string(&sb, s, strlen(s));
    const char *r = tx_arena_strndup(g->a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

/* A number literal (in g->tmp, copied out). */
static const char *mg_num(mg_gen *g, const tx_num *n, bool as_int)
{
    tx_sb_reset(&g->tmp);
    if (as_int && n->i == INT64_MIN)
        tx_sb_adds(&g->tmp, g->L->int_min);
    else if (as_int)
        tx_sb_addf(&g->tmp, "%lld%s", (long long)n->i, g->L->int_suffix);
    else
        cg_double_literal(&g->tmp, n->d);
    return mg_tmp_str(g);
}

const char *mg_enum_wire(mg_gen *g, const cg_decl *d, const tx_enum_value *v)
{
    if (d->base == TX_UNION) {  /* an enum of several kinds: a Value */
        const mg_lang *L = g->L;
        const char *lit;
        cg_kind k;
        if (v->kind == TX_STRING) {
            k = CG_STRING;
            lit = mg_lit(g, tx_arena_strndup(g->a, v->str, v->len));
        } else if (v->kind == TX_BOOLEAN) {
            k = CG_BOOLEAN;
            lit = tx_arena_strndup(g->a, v->str, v->len);
        } else {
            k = v->kind == TX_INTEGER ? CG_INTEGER : CG_NUMBER;
            lit = v->num.set ? mg_num(g, &v->num, k == CG_INTEGER && v->num.is_int)
                             : k == CG_INTEGER ? L->zero_int : L->zero_number;
        }
        return tx_arena_printf(g->a, "%s(%s)", L->value[k], lit);
    }
    if (d->base == TX_STRING)
        return mg_lit(g, tx_arena_strndup(g->a, v->str, v->len));
    if (v->num.set)
        return mg_num(g, &v->num, d->base == TX_INTEGER && v->num.is_int);
    return d->base == TX_INTEGER ? g->L->zero_int : g->L->zero_number;
}

static void mg_escape_comment(const mg_gen *g, tx_sb *sb, const char *s, size_t n)
{
    cg_comment_text(sb, s, n, g->L->comment_flags);
}

/* ---- naming ---- */
static cg_ident_rules mg_child_rules(tx_arena *a, cg_ident_rules kw, const char *const *more)
{
    if (!more)
        return kw;
    cg_wordset *s = cg_wordset_child(a, kw.reserved);
    cg_wordset_add_list(s, more);
    return (cg_ident_rules){ s, true };
}

static void mg_rules(mg_gen *g)
{
    cg_wordset *kw = cg_wordset_new(g->a);
    cg_wordset_add_list(kw, g->L->keywords);
    if (g->L->keywords_more)
        cg_wordset_add_list(kw, g->L->keywords_more);
    g->kw = (cg_ident_rules){ kw, true };
    g->types = mg_child_rules(g->a, g->kw, g->L->taken);
    if (g->p && (g->p->uses_any || g->p->uses_null))  /* the JSON types' names */
        g->types = mg_child_rules(g->a, g->types, g->L->json_taken);
    g->cases = mg_child_rules(g->a, g->kw, g->L->case_taken);
    g->fields = mg_child_rules(g->a, g->kw, g->L->field_taken);
    g->ascii = (cg_ident_rules){ kw, false };
}

static const char **mg_batch(mg_gen *g, cg_wordset *scope, const cg_ident_rules *r, cg_case c,
                             size_t n, const char *const *raws)
{
    const char **out = tx_arena_alloc(g->a, (n + 1) * sizeof *out);
    for (size_t i = 0; i < n; i++)
        out[i] = cg_ident(g->a, r, c, raws[i], strlen(raws[i]));
    cg_scope_assign(g->a, scope, n, raws, out);
    return out;
}

/* "identify", or NULL when the taxonomy has no user properties. */
static const char *mg_identify_fn(const tx_taxonomy *t)
{
    return t->n_user_props ? "identify" : NULL;
}

/* Tracker type and event methods: shared with `taxonc status`. Nested
 * types and methods share one scope. */
static void mg_name_events(mg_gen *g)
{
    const tx_taxonomy *t = g->t;
    const char *tn = t->name ? t->name : "taxonomy";
    const cg_opts *o = g->p ? g->p->opts : NULL;
    g->type_name = cg_ident(g->a, &g->types, CG_PASCAL, tn, strlen(tn));
    g->package = cg_ident(g->a, &g->ascii, CG_SNAKE, tn, strlen(tn));
    /* gen --type-name / --package: as given (checked by cg_opts_check); a
     * reserved type name gets '_' behind, as every identifier does */
    if (o && o->type_name)
        g->type_name = cg_wordset_has(g->types.reserved, o->type_name, strlen(o->type_name))
                           ? tx_arena_printf(g->a, "%s_", o->type_name)
                           : o->type_name;
    if (o && o->package)
        g->package = o->package;
    g->members = cg_wordset_new(g->a);
    cg_wordset_add_list(g->members, g->L->taken);
    if (g->p && (g->p->uses_any || g->p->uses_null))
        cg_wordset_add_list(g->members, g->L->json_taken);
    cg_wordset_add(g->members, g->type_name);  /* a nested type must not shadow it */
    g->identify_fn = mg_identify_fn(t);
    if (g->identify_fn)
        cg_wordset_add(g->members, g->identify_fn);
    const char **raws = tx_arena_alloc(g->a, (t->n_events + 1) * sizeof *raws);
    for (size_t i = 0; i < t->n_events; i++)
        raws[i] = t->events[i].name;
    g->ev_fn = mg_batch(g, g->members, &g->types, CG_CAMEL, t->n_events, raws);
}

/* Enums and objects (arrays are spelt as lists), their cases and fields. */
static void mg_name_decls(mg_gen *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;
    const char **raws = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *raws);
    size_t *idx = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *idx);
    size_t n = 0;
    for (size_t i = 0; i < p->n_decls; i++)
        if (p->decls[i]->kind != CG_ARRAY) {
            idx[n] = i;
            raws[n++] = p->decls[i]->seed;
        }
    const char **names = mg_batch(g, g->members, &g->types, CG_PASCAL, n, raws);
    g->decl_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->decl_name);
    for (size_t i = 0; i < n; i++)
        g->decl_name[idx[i]] = names[i];

    g->case_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->case_name);
    g->field_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->field_name);
    g->branch_name = tx_arena_alloc(a, (p->n_decls + 1) * sizeof *g->branch_name);
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind == CG_ENUM) {
            const char **vr = tx_arena_alloc(a, (d->n_values + 1) * sizeof *vr);
            for (size_t j = 0; j < d->n_values; j++)
                vr[j] = cg_enum_value_raw(a, d->base, &d->values[j]);
            g->case_name[i] = mg_batch(g, cg_wordset_new(a), &g->cases, g->L->case_style,
                                       d->n_values, vr);
        } else if (d->kind == CG_OBJECT) {
            const char **fr = tx_arena_alloc(a, (d->n_fields + 1) * sizeof *fr);
            for (size_t j = 0; j < d->n_fields; j++)
                fr[j] = d->fields[j].f->name;
            cg_wordset *sc = cg_wordset_new(a);
            if (d->open)
                cg_wordset_add(sc, "extras");
            g->field_name[i] = mg_batch(g, sc, &g->fields, CG_CAMEL, d->n_fields, fr);
        } else if (d->kind == CG_UNION) {
            const char **bn = mg_batch(g, cg_wordset_new(a), &g->cases, g->L->union_case_style,
                                       d->n_branches, d->branch_seed);
            for (size_t j = 0; j < d->n_branches; j++)
                bn[j] = tx_arena_printf(a, "%s%s", g->L->union_case_prefix, bn[j]);
            g->branch_name[i] = bn;
        }
    }
}

/* `prefix` + a unique PascalCase name per raw name (helpers: `_p`, `_n`);
 * these never clash with the names above, which cannot start with '_'
 * followed by a letter. */
static const char **mg_helper_names(mg_gen *g, const char *prefix, size_t n,
                                    const char *const *raws)
{
    cg_ident_rules plain = { NULL, true };
    const char **id = mg_batch(g, cg_wordset_new(g->a), &plain, CG_PASCAL, n, raws);
    for (size_t i = 0; i < n; i++)
        id[i] = tx_arena_printf(g->a, "%s%s", prefix, id[i][0] == '_' ? id[i] + 1 : id[i]);
    return id;
}

/* Event parameters: the body's own names (L->locals) stay free; a
 * property keeps its identifier unless it collides in that event. Then
 * the property appenders and the node converters. */
static void mg_name_params(mg_gen *g)
{
    const cg_plan *p = g->p;
    tx_arena *a = g->a;
    cg_wordset *fixed = cg_wordset_new(a);
    cg_wordset_add_list(fixed, g->L->locals);
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
            size_t pi = ev->params[j].slot;
            pn[j] = g->prop_ident[pi];
            all_free = all_free && free_ok[pi];
        }
        if (!all_free && !cg_names_distinct(pn, ev->n_params, fixed)) {
            const char **pr = tx_arena_alloc(a, (ev->n_params + 1) * sizeof *pr);
            for (size_t j = 0; j < ev->n_params; j++)
                pr[j] = ev->params[j].p->name;
            cg_wordset *sc = cg_wordset_new(a);
            cg_wordset_add_list(sc, g->L->locals);
            pn = mg_batch(g, sc, &g->kw, CG_CAMEL, ev->n_params, pr);
        }
        g->ev_param[i] = pn;
    }
    if (p->user) {  /* identify(userId, <user properties>): a scope of its own */
        cg_wordset *sc = cg_wordset_new(a);
        cg_wordset_add_list(sc, g->L->locals);
        g->user_id = cg_scope_claim(a, sc, "userId");
        const char **ur = tx_arena_alloc(a, (p->user->n_params + 1) * sizeof *ur);
        for (size_t j = 0; j < p->user->n_params; j++)
            ur[j] = p->user->params[j].p->name;
        g->user_param = mg_batch(g, sc, &g->kw, CG_CAMEL, p->user->n_params, ur);
    }
    const char **pid = mg_helper_names(g, "_p", nused, praw);
    g->prop_fn = tx_arena_alloc(a, (p->n_props + 1) * sizeof *g->prop_fn);
    for (size_t i = 0; i < nused; i++)
        g->prop_fn[pidx[i]] = pid[i];
    const char **nr = tx_arena_alloc(a, (p->n_nodes + 1) * sizeof *nr);
    for (size_t i = 0; i < p->n_nodes; i++)
        nr[i] = p->nodes[i]->seed;
    g->node_fn = mg_helper_names(g, "_n", p->n_nodes, nr);
}

/* ---- types and caches ---- */
const char *mg_base_type(const mg_gen *g, tx_base b)
{
    if (b == TX_UNION)
        return "Value";     /* both runtimes' value type */
    return b == TX_STRING ? g->L->t_string : b == TX_INTEGER ? g->L->t_integer : g->L->t_number;
}

const char *mg_type(mg_gen *g, const cg_node *n)
{
    const mg_lang *L = g->L;
    const char *base;
    switch (n->kind) {
    case CG_STRING: base = L->t_string; break;
    case CG_INTEGER: base = L->t_integer; break;
    case CG_NUMBER: base = L->t_number; break;
    case CG_BOOLEAN: base = L->t_boolean; break;
    case CG_ARRAY:
        base = tx_arena_printf(g->a, "%s%s%s", L->list_open, mg_type(g, n->items), L->list_close);
        break;
    case CG_ANY: return L->t_json;     /* holds null itself */
    case CG_NULL: return L->t_null;
    default: base = g->decl_name[n->decl->index]; break;
    }
    return n->nullable ? tx_arena_printf(g->a, "%s?", base) : base;
}

const char *mg_extras_type(mg_gen *g, const cg_decl *d)
{
    return tx_arena_printf(g->a, "%s%s%s", g->L->map_open, mg_type(g, d->extra), g->L->map_close);
}

static void mg_cache(mg_gen *g)
{
    const cg_plan *p = g->p;
    g->node_type = tx_arena_alloc(g->a, (p->n_nodes + 1) * sizeof *g->node_type);
    for (size_t i = 0; i < p->n_nodes; i++)
        g->node_type[i] = mg_type(g, p->nodes[i]);
    g->prop_doc = cg_prop_docs(g->a, p, false, g->L->comment_flags);
    g->prop_wire = tx_arena_alloc(g->a, (p->n_props + 1) * sizeof *g->prop_wire);
    for (int req = 0; req < 2; req++)
        g->prop_param[req] = tx_arena_alloc(g->a, (p->n_props + 1) * sizeof *g->prop_param[req]);
    const char *opt = tx_arena_printf(g->a, " (optional; %s: not sent): ", g->L->nil);
    for (size_t i = 0; i < p->n_props; i++) {
        if (!p->props[i].type)
            continue;
        const char *wire = tx_arena_printf(g->a, "'%s'", p->props[i].p->name);
        g->prop_wire[i] = cg_comment_dup(g->a, wire, strlen(wire), g->L->comment_flags);
        for (int req = 0; req < 2; req++)
            g->prop_param[req][i] = tx_arena_printf(g->a, "%s%s%s%s", g->L->doc_param_sep,
                                                    g->prop_wire[i], req ? ": " : opt,
                                                    g->prop_doc[i]);
    }
}

static void mg_prepare(mg_gen *g, const mg_lang *L, const cg_plan *p)
{
    *g = (mg_gen){ .L = L, .p = p, .t = p->t, .a = p->a, .tmp = TX_SB_INIT };
    mg_rules(g);
    mg_name_events(g);
    mg_name_decls(g);
    mg_name_params(g);
    mg_cache(g);
    g->doc_returns = tx_arena_printf(g->a, "%swhether the event was handed to the transport",
                                     L->doc_returns);
}

/* ---- doc comments ---- */
void mg_doc(mg_gen *g, cg_emitter *e, const char *text)
{
    tx_sb sb = TX_SB_INIT;
    mg_escape_comment(g, &sb, text, strlen(text));
    if (sb.len)
        g->L->doc(e, sb.buf, sb.len);
    tx_sb_release(&sb);
}

void mg_decl_doc(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    tx_sb_reset(&g->tmp);
    if (d->meta && d->meta->description && *d->meta->description) {
        tx_sb_adds(&g->tmp, d->meta->description);
        tx_sb_adds(&g->tmp, "\n\n");
    }
    tx_sb_addf(&g->tmp, "%s '%s'.", d->kind == CG_ENUM ? "Values of" :
                                   d->kind == CG_UNION ? "Union" : "Object", d->seed);
    if (d->meta && d->meta->deprecated)
        tx_sb_addf(&g->tmp, " Deprecated%s%s", d->meta->deprecated_reason ? ": " : ".",
                   d->meta->deprecated_reason ? d->meta->deprecated_reason : "");
    mg_doc(g, e, mg_tmp_str(g));
}

void mg_value_doc(mg_gen *g, cg_emitter *e, const cg_decl *d, size_t j)
{
    tx_sb_reset(&g->tmp);
    cg_value_doc(&g->tmp, d, j);
    mg_doc(g, e, mg_tmp_str(g));
}

void mg_field_doc(mg_gen *g, cg_emitter *e, const cg_decl *d, size_t j)
{
    const cg_field *f = &d->fields[j];
    tx_sb_reset(&g->tmp);
    tx_sb_addf(&g->tmp, "'%s': ", f->f->name);
    cg_prop_doc(&g->tmp, &f->f->meta, f->type);
    if (!f->f->required)
        tx_sb_addf(&g->tmp, "; optional (%s: not sent)", g->L->nil);
    mg_doc(g, e, mg_tmp_str(g));
}

void mg_emit_head(mg_gen *g, cg_emitter *e, const char *what, bool describe)
{
    tx_sb head = TX_SB_INIT, esc = TX_SB_INIT;
    cg_header_line(&head, g->t);
    tx_sb_adds(&head, "\n\n");
    tx_sb_adds(&head, what);
    if (describe && g->t->description && *g->t->description) {
        tx_sb_adds(&head, "\n\n");
        tx_sb_adds(&head, g->t->description);
    }
    mg_escape_comment(g, &esc, head.buf, head.len);
    cg_emit_lines(e, "// ", esc.buf, esc.len);
    tx_sb_release(&head);
    tx_sb_release(&esc);
}

void mg_emit_tracker_doc(mg_gen *g, cg_emitter *e)
{
    tx_sb_reset(&g->tmp);
    tx_sb_addf(&g->tmp, "Tracking for taxonomy '%s'", g->t->name ? g->t->name : "");
    if (g->t->version)
        tx_sb_addf(&g->tmp, " version %s", g->t->version);
    tx_sb_adds(&g->tmp, ": one method per event.");
    mg_doc(g, e, mg_tmp_str(g));
}

void mg_emit_runtime(mg_gen *g, cg_emitter *e, const char *text, const char *after)
{
    tx_sb rt = TX_SB_INIT;
    cg_expand(&rt, text, g->t->name ? g->t->name : "", g->package, g->type_name);
    tx_sb_adds(&rt, after);
    cg_emit_raw(e, rt.buf, rt.len);
    if (rt.failed)
        e->out->failed = true;
    tx_sb_release(&rt);
}

/* ---- checks ---- */
/* A message: the literal head (or none), the number x as text, the
 * literal tail, e.g. "too short: " + String(len) + " code points, ...". */
static const char *mg_message(mg_gen *g, const char *head, const char *x, const char *tail)
{
    const mg_lang *L = g->L;
    return tx_arena_printf(g->a, "%s%s%s%s%s + %s", head ? mg_lit(g, head) : L->show_lead,
                           head ? " + " : "", L->show_open, x, L->show_close, mg_lit(g, tail));
}

static void mg_fail(mg_gen *g, cg_emitter *e, const char *cond, const char *message)
{
    cg_emit(e, g->L->fail_fmt, cond, message);
}

/* Checks a count (length, items) against its bounds; -1 / 0 = unset. */
static void mg_count_checks(mg_gen *g, cg_emitter *e, const char *x, int64_t min, int64_t max,
                            const char *few, const char *many, const char *unit)
{
    if (min > 0)
        mg_fail(g, e, tx_arena_printf(g->a, "%s < %lld", x, (long long)min),
                mg_message(g, few, x, tx_arena_printf(g->a, "%s, at least %lld", unit,
                                                      (long long)min)));
    if (max >= 0)
        mg_fail(g, e, tx_arena_printf(g->a, "%s > %lld", x, (long long)max),
                mg_message(g, many, x, tx_arena_printf(g->a, "%s, at most %lld", unit,
                                                       (long long)max)));
}

static void mg_bound(mg_gen *g, cg_emitter *e, const char *v, const tx_num *b, bool ints,
                     const char *op, const char *what)
{
    const char *code = mg_num(g, b, ints);
    const char *text = code;
    if (!g->L->bound_as_code) {
        tx_sb_reset(&g->tmp);
        cg_num_text(&g->tmp, b, ints);
        text = mg_tmp_str(g);
    }
    mg_fail(g, e, tx_arena_printf(g->a, "%s %s %s", v, op, code),
            mg_message(g, NULL, "v", tx_arena_printf(g->a, " is %s %s", what, text)));
}

static void emit_range(mg_gen *g, cg_emitter *e, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    bool ints = n->kind == CG_INTEGER && (!c->min.set || c->min.is_int) &&
                (!c->max.set || c->max.is_int);
    const char *v = n->kind == CG_INTEGER && !ints ? g->L->as_double : "v";
    if (c->min.set)
        mg_bound(g, e, v, &c->min, ints, "<", "below the minimum");
    if (c->max.set)
        mg_bound(g, e, v, &c->max, ints, ">", "above the maximum");
}

static void emit_string_checks(mg_gen *g, cg_emitter *e, const cg_node *n)
{
    const cg_checks *c = &n->ck;
    if (g->L->utf16_check)
        mg_fail(g, e, g->L->utf16_check,
                mg_lit(g, "has a lone surrogate; sent with U+FFFD in its place"));
    if (cg_checks_length(c)) {
        cg_emit(e, g->L->length_decl);
        mg_count_checks(g, e, "len", c->min_length, c->max_length, "too short: ", "too long: ",
                        " code points");
    }
    if (c->format == TX_FMT_DATE_PATTERN && c->date_pattern) {
        g->uses |= MG_PATTERN;
        tx_sb_reset(&g->tmp);
        cg_date_spec(&g->tmp, c->date_pattern);
        const char *spec = mg_lit(g, mg_tmp_str(g));
        mg_fail(g, e, tx_arena_printf(g->a, "!_fmtPattern(v, %s)", spec),
                mg_lit(g, tx_arena_printf(g->a, "not a date in the form %s",
                                          c->format_text ? c->format_text
                                                         : c->date_pattern->text)));
    }
    const cg_format_check *fc = cg_format_check_of(c->format);
    if (fc) {
        g->uses |= MG_FORMAT(c->format);
        mg_fail(g, e, tx_arena_printf(g->a, "!_fmt%s(v)", fc->pascal), mg_lit(g, fc->message));
    }
    for (size_t i = 0; i < c->n_patterns; i++) {
        g->uses |= MG_REGEX;
        const char *re = tx_arena_printf(g->a, "_re%s_%zu", g->node_fn[n->index] + 2, i);
        mg_fail(g, e, g->L->pattern_mismatch(g, e, re, i),
                mg_lit(g, tx_arena_printf(g->a, "does not match the pattern %s", c->patterns[i])));
    }
}

/* ---- converters ---- */
/* The expression converting x (of the node's type) to a Value. */
static const char *mg_call(mg_gen *g, const cg_node *n, const char *x, const char *path)
{
    return tx_arena_printf(g->a, "%s(%s, %s, %s)", g->node_fn[n->index], x, g->L->check_arg, path);
}

static void mg_checks_block(mg_gen *g, cg_emitter *e, const cg_node *n,
                            void (*checks)(mg_gen *, cg_emitter *, const cg_node *))
{
    cg_emit(e, g->L->if_fmt, "c.on");
    cg_indent(e);
    checks(g, e, n);
    cg_unindent(e);
    cg_emit(e, "}\n");
}

static void emit_items_checks(mg_gen *g, cg_emitter *e, const cg_node *n)
{
    mg_count_checks(g, e, g->L->count, n->ck.min_items, n->ck.max_items, "too few items: ",
                    "too many items: ", "");
}

/* An open object's other members, after the declared ones: each converted
 * with the extras node's converter; a key repeating a declared member's is
 * reported and not sent. */
static void emit_extras_conv(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    const mg_lang *L = g->L;
    cg_emit(e, L->extras_open);
    cg_indent(e);
    if (d->n_fields) {
        tx_sb_reset(&g->tmp);
        for (size_t j = 0; j < d->n_fields; j++) {
            tx_sb_adds(&g->tmp, j ? " || k == " : "k == ");
            tx_sb_adds(&g->tmp, mg_lit(g, d->fields[j].f->name));
        }
        cg_emit(e, L->if_fmt, mg_tmp_str(g));
        cg_indent(e);
        mg_fail(g, e, "c.on", mg_lit(g, "another member repeats a declared member's name; not sent"));
        cg_emit(e, "continue\n");
        cg_unindent(e);
        cg_emit(e, "}\n");
    }
    cg_emit(e, L->extra_fmt, mg_call(g, d->extra, L->extras_value, "path + \".\" + k"));
    cg_unindent(e);
    cg_emit(e, "}\n");
}

static void emit_object_conv(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    const mg_lang *L = g->L;
    if (d->n_fields == 0 && !d->open) {
        cg_emit(e, L->object_empty);
        return;
    }
    cg_emit(e, L->object_fmt, d->n_fields);
    for (size_t j = 0; j < d->n_fields; j++) {
        const cg_field *f = &d->fields[j];
        const char *path = tx_arena_printf(g->a, "path + %s",
                                           mg_lit(g, tx_arena_printf(g->a, ".%s", f->f->name)));
        const char *x = tx_arena_printf(g->a, "v.%s", g->field_name[d->index][j]);
        if (f->f->required) {
            cg_emit(e, L->field_fmt, f->f->name, mg_call(g, f->type, x, path));
        } else {
            cg_emit(e, L->opt_open_fmt, x);
            cg_emit(e, L->field_fmt, f->f->name,
                    mg_call(g, f->type, L->opt_bound ? L->opt_bound : x, path));
            cg_emit(e, L->opt_close);
        }
    }
    if (d->open)
        emit_extras_conv(g, e, d);
    cg_emit(e, "return %s(out)\n", L->value[CG_OBJECT]);
}

/* x wrapped in the Value constructor of kind k. */
static const char *mg_value(mg_gen *g, cg_kind k, const char *x)
{
    return tx_arena_printf(g->a, "%s(%s)", g->L->value[k], x);
}

static void emit_union_conv(mg_gen *g, cg_emitter *e, const cg_decl *d)
{
    const mg_lang *L = g->L;
    cg_emit(e, L->union_open);
    cg_indent(e);
    for (size_t j = 0; j < d->n_branches; j++)
        cg_emit(e, L->union_case_fmt, g->decl_name[d->index], g->branch_name[d->index][j],
                mg_call(g, d->branches[j], L->union_payload, "path"));
    cg_unindent(e);
    cg_emit(e, "}\n");
}

/* n's converter body after the null guard: its checks, then what it
 * returns (NULL: the body wrote its own returns). */
static const char *emit_node_body(mg_gen *g, cg_emitter *e, const cg_node *n)
{
    const mg_lang *L = g->L;
    const cg_checks *c = &n->ck;
    bool range = c->min.set || c->max.set;
    switch (n->kind) {
    case CG_STRING:
        if (L->utf16_check || cg_node_has_checks(n))
            mg_checks_block(g, e, n, emit_string_checks);
        return mg_value(g, CG_STRING, "v");
    case CG_INTEGER:
        if (range)
            mg_checks_block(g, e, n, emit_range);
        return mg_value(g, CG_INTEGER, "v");
    case CG_NUMBER:
        cg_emit(e, L->if_fmt, L->not_finite);
        cg_indent(e);
        mg_fail(g, e, "c.on", mg_lit(g, "not a finite number; sent as null"));
        cg_emit(e, "return %s\n", L->null_value);
        cg_unindent(e);
        cg_emit(e, "}\n");
        if (range)
            mg_checks_block(g, e, n, emit_range);
        return mg_value(g, CG_NUMBER, "v");
    case CG_BOOLEAN:
        return mg_value(g, CG_BOOLEAN, "v");
    case CG_ENUM: {
        tx_base b = n->decl->base;
        if (b == TX_UNION)      /* the wire value is a Value already */
            return "v.wire";
        return mg_value(g, b == TX_STRING ? CG_STRING : b == TX_INTEGER ? CG_INTEGER : CG_NUMBER,
                        "v.wire");
    }
    case CG_ARRAY:
        if (c->min_items > 0 || c->max_items >= 0)
            mg_checks_block(g, e, n, emit_items_checks);
        cg_emit(e, L->array_fmt,
                mg_call(g, n->items, "x",
                        tx_arena_printf(g->a, "path + \"[\" + %si%s + \"]\"", L->show_open,
                                        L->show_close)));
        return mg_value(g, CG_ARRAY, "out");
    case CG_OBJECT:
        emit_object_conv(g, e, n->decl);
        return NULL;
    case CG_UNION:
        emit_union_conv(g, e, n->decl);
        return NULL;
    case CG_ANY:
        g->uses |= MG_ANY;
        return "_any(v)";   /* the MG_ANY piece's function */
    case CG_NULL:
        return L->null_value;
    }
    return NULL;
}

static void emit_node(mg_gen *g, cg_emitter *e, const cg_node *n)
{
    const mg_lang *L = g->L;
    const cg_checks *c = &n->ck;
    bool no_fields = n->kind == CG_OBJECT && n->decl->n_fields == 0 && !n->decl->open;
    bool unused_v = (no_fields && !n->nullable) || n->kind == CG_NULL;
    bool unused_c = n->kind == CG_BOOLEAN || n->kind == CG_ENUM || no_fields ||
                    n->kind == CG_ANY || n->kind == CG_NULL ||
                    (n->kind == CG_INTEGER && !c->min.set && !c->max.set);
    /* converters that check nothing leave c and path unused */
    if (L->unused_note && (unused_v || unused_c))
        cg_emit(e, L->unused_note);
    cg_emit(e, L->node_fmt, g->node_fn[n->index], g->node_type[n->index]);
    cg_indent(e);
    if (n->nullable)
        cg_emit(e, L->null_guard);
    const char *r = emit_node_body(g, e, n);
    if (r)
        cg_emit(e, "return %s\n", r);
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* One appender per property: the wire name and its converter. */
static void emit_prop_fn(mg_gen *g, cg_emitter *e, const cg_prop *cp)
{
    size_t pi = (size_t)(cp - g->p->props);
    const char *l = mg_lit(g, cp->p->name);
    cg_emit(e, g->L->prop_fn_fmt, g->prop_fn[pi], g->node_type[cp->type->index], l,
            g->node_fn[cp->type->index], l);
}

void mg_emit_converters(mg_gen *g, cg_emitter *e)
{
    const cg_plan *p = g->p;
    cg_emit_pattern_decls(e, p, g->node_fn, g->L->pattern_decl_fmt);
    for (size_t i = 0; i < p->n_props; i++)
        if (p->props[i].type)
            emit_prop_fn(g, e, &p->props[i]);
    for (size_t i = 0; i < p->n_nodes; i++)
        emit_node(g, e, p->nodes[i]);
}

void mg_emit_pieces(mg_gen *g, cg_emitter *e, const char *before, const char *after)
{
    const mg_lang *L = g->L;
    unsigned uses = g->uses;
    for (size_t i = 0; i < L->n_pieces; i++)
        if (uses & L->pieces[i].use)
            uses |= L->pieces[i].needs;
    for (size_t i = 0; i < L->n_pieces; i++)
        if (uses & L->pieces[i].use) {
            if (*before)
                cg_emit(e, before);
            cg_emit_raw(e, L->pieces[i].text, strlen(L->pieces[i].text));
            if (*after)
                cg_emit(e, after);
        }
}

/* ---- declarations and events ---- */
void mg_emit_decls(mg_gen *g, cg_emitter *e)
{
    const cg_plan *p = g->p;
    if (p->uses_any)
        mg_emit_runtime(g, e, g->L->json_public, "\n");
    if (p->uses_null && *g->L->null_public)
        mg_emit_runtime(g, e, g->L->null_public, "\n");
    for (size_t i = 0; i < p->n_decls; i++) {
        const cg_decl *d = p->decls[i];
        if (d->kind == CG_ARRAY)
            continue;
        mg_decl_doc(g, e, d);
        if (d->kind == CG_ENUM)
            g->L->emit_enum(g, e, d);
        else if (d->kind == CG_UNION)
            g->L->emit_union(g, e, d);
        else
            g->L->emit_object(g, e, d);
    }
}

/* The doc lines of parameters (names[j] for ev->params[j]) into g->tmp. */
static void add_param_docs(mg_gen *g, const cg_event *ev, const char *const *names)
{
    for (size_t j = 0; j < ev->n_params; j++) {
        size_t pi = ev->params[j].slot;
        tx_sb_adds(&g->tmp, g->L->doc_param);
        tx_sb_adds(&g->tmp, names[j]);
        tx_sb_adds(&g->tmp, g->prop_param[ev->params[j].required][pi]);
    }
}

static void emit_event_doc(mg_gen *g, cg_emitter *e, size_t i)
{
    const mg_lang *L = g->L;
    const cg_event *ev = &g->p->events[i];
    tx_sb raw = TX_SB_INIT;
    cg_event_doc(&raw, ev->e);
    tx_sb_reset(&g->tmp);
    mg_escape_comment(g, &g->tmp, raw.buf, raw.len);
    tx_sb_release(&raw);
    if (ev->n_params)
        tx_sb_adds(&g->tmp, L->doc_params);
    add_param_docs(g, ev, g->ev_param[i]);
    tx_sb_adds(&g->tmp, g->doc_returns);
    L->doc(e, g->tmp.buf, g->tmp.len);
}

/* The parameter list (after `lead` ones when lead is set). */
static void emit_params(mg_gen *g, cg_emitter *e, const cg_event *ev, const char *const *names,
                        const char *const dflt[2], bool lead)
{
    for (size_t j = 0; j < ev->n_params; j++) {
        const cg_param *pa = &ev->params[j];
        cg_emit(e, "%s%s: %s%s", j || lead ? ", " : "", names[j], g->node_type[pa->type->index],
                pa->required ? "" : dflt[pa->type->nullable]);
    }
}

/* The body up to the hand-over: the check, the list, one appender call per
 * parameter in wire order. */
static void emit_calls(mg_gen *g, cg_emitter *e, const cg_event *ev, const char *const *names,
                       const char *wire)
{
    const mg_lang *L = g->L;
    cg_emit(e, L->event_open_fmt, wire, ev->n_params);
    for (size_t w = 0; w < ev->n_params; w++) {
        size_t j = ev->wire_order[w];
        const cg_param *pa = &ev->params[j];
        const char *fn = g->prop_fn[pa->slot];
        if (pa->required)
            cg_emit(e, L->call_fmt, fn, names[j]);
        else
            cg_emit(e, L->call_opt_fmt, names[j], fn, names[j]);
    }
}

static void emit_event(mg_gen *g, cg_emitter *e, size_t i, const char *const dflt[2])
{
    const mg_lang *L = g->L;
    const cg_event *ev = &g->p->events[i];
    const tx_event *te = ev->e;
    emit_event_doc(g, e, i);
    if (te->meta.deprecated)
        cg_emit(e, L->deprecated_fmt, te->meta.deprecated_reason ? te->meta.deprecated_reason
                                                                 : "deprecated in the taxonomy");
    cg_emit(e, L->event_fmt, g->ev_fn[i]);
    emit_params(g, e, ev, g->ev_param[i], dflt, false);
    cg_emit(e, L->event_close);
    cg_indent(e);
    if (ev->n_params == 0 && L->event_empty_fmt) {
        cg_emit(e, L->event_empty_fmt, te->name, te->name);
    } else {
        emit_calls(g, e, ev, g->ev_param[i], te->name);
        cg_emit(e, "return _send(%q, p, c)\n", te->name);
    }
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

/* identify(userId, <user properties>): the user properties, every one
 * optional, checked and converted as event properties are, handed to the
 * transport's identify (violations name the event "$identify"). */
static void emit_identify(mg_gen *g, cg_emitter *e, const char *const dflt[2])
{
    const mg_lang *L = g->L;
    const cg_event *u = g->p->user;
    tx_sb_reset(&g->tmp);
    tx_sb_adds(&g->tmp, "Sends the user properties (the taxonomy's user_properties) to the\n"
                        "transport's identify, checked in strict mode as event properties are\n"
                        "(violations name the event '$identify').");
    tx_sb_adds(&g->tmp, L->doc_params);
    tx_sb_addf(&g->tmp, "%s%s%sthe user's id (%s: left as it is)", L->doc_param, g->user_id,
               L->doc_param_sep, L->nil);
    add_param_docs(g, u, g->user_param);
    tx_sb_addf(&g->tmp, "%swhether they were handed to the transport", L->doc_returns);
    L->doc(e, g->tmp.buf, g->tmp.len);
    cg_emit(e, L->event_fmt, g->identify_fn);
    cg_emit(e, "%s: %s%s", g->user_id, L->t_string, dflt[0]);
    emit_params(g, e, u, g->user_param, dflt, true);
    cg_emit(e, L->event_close);
    cg_indent(e);
    emit_calls(g, e, u, g->user_param, "$identify");
    cg_emit(e, "return _identify(%s, p, c)\n", g->user_id);
    cg_unindent(e);
    cg_emit(e, "}\n\n");
}

void mg_emit_user_runtime(mg_gen *g, cg_emitter *e, const char *text)
{
    if (g->p->user)
        mg_emit_runtime(g, e, text, "");
}

void mg_emit_events(mg_gen *g, cg_emitter *e)
{
    /* an optional parameter's default: for a nullable type and for others */
    const char *dflt[2] = { tx_arena_printf(g->a, "? = %s", g->L->nil),
                            tx_arena_printf(g->a, " = %s", g->L->nil) };
    for (size_t i = 0; i < g->p->n_events; i++)
        emit_event(g, e, i, dflt);
    if (g->p->user)
        emit_identify(g, e, dflt);
}

int mg_generate(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d)
{
    const mg_lang *L = b->impl;
    mg_gen g;
    mg_prepare(&g, L, p);
    /* in file order, streamed */
    cg_stream os;
    cg_stream_open(&os, out, tx_arena_printf(p->a, "%s.%s", g.type_name, L->ext));
    cg_emitter e;
    cg_emitter_init(&e, &os.sb, "    ", L->escape_string);
    e.stream = &os;
    L->layout(&g, &e, &os);
    tx_sb_release(&g.tmp);
    return cg_stream_close(&os, d);
}

/* ---- sample program (gen --sample) ---- */
static const char *mg_sample_expr(mg_gen *g, const cg_node *n, const char *where, tx_diags *d,
                                  bool *failed)
{
    const mg_lang *L = g->L;
    tx_arena *a = g->a;
    switch (n->kind) {
    case CG_STRING: {
        const char *s = cg_sample_string(n, a, d, where);
        if (!s) {
            *failed = true;
            return "\"\"";
        }
        return mg_lit(g, s);
    }
    case CG_INTEGER: {
        tx_num v = { .set = true, .is_int = true, .i = cg_sample_int(n) };
        return mg_num(g, &v, true);
    }
    case CG_NUMBER: {
        tx_num v = { .set = true, .d = cg_sample_number(n) };
        return mg_num(g, &v, false);
    }
    case CG_BOOLEAN:
        return "true";
    case CG_ENUM:
        return tx_arena_printf(a, "%s.%s.%s", g->type_name, g->decl_name[n->decl->index],
                               g->case_name[n->decl->index][0]);
    case CG_ARRAY: {
        size_t k = cg_sample_count(n);
        if (k == 0 && L->list_lit_empty)
            return L->list_lit_empty;
        tx_sb sb = TX_SB_INIT;
        tx_sb_adds(&sb, L->list_lit_open);
        for (size_t i = 0; i < k; i++) {
            if (i)
                tx_sb_adds(&sb, ", ");
            tx_sb_adds(&sb, mg_sample_expr(g, n->items, tx_arena_printf(a, "%s[%zu]", where, i), d,
                                           failed));
        }
        tx_sb_adds(&sb, L->list_lit_close);
        const char *r = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_release(&sb);
        return r;
    }
    case CG_OBJECT: {
        const cg_decl *dc = n->decl;
        tx_sb sb = TX_SB_INIT;
        tx_sb_addf(&sb, "%s.%s(", g->type_name, g->decl_name[dc->index]);
        for (size_t j = 0; j < dc->n_fields; j++)
            tx_sb_addf(&sb, "%s%s%s%s", j ? ", " : "", g->field_name[dc->index][j], L->arg_label,
                       mg_sample_expr(g, dc->fields[j].type,
                                      tx_arena_printf(a, "%s.%s", where, dc->fields[j].f->name), d,
                                      failed));
        if (dc->open) {     /* one other member */
            const char *key = cg_sample_extra_key(dc, a);
            const char *xv = mg_sample_expr(g, dc->extra, tx_arena_printf(a, "%s.%s", where, key),
                                            d, failed);
            tx_sb_addf(&sb, "%sextras%s", dc->n_fields ? ", " : "", L->arg_label);
            tx_sb_addf(&sb, L->map_lit_fmt, mg_lit(g, key), xv);
        }
        tx_sb_addc(&sb, ')');
        const char *r = tx_arena_strndup(a, sb.buf, sb.len);
        tx_sb_release(&sb);
        return r;
    }
    case CG_UNION: {    /* the last branch, as in C */
        const cg_decl *dc = n->decl;
        size_t k = dc->n_branches - 1;
        return tx_arena_printf(a, "%s.%s.%s(%s)", g->type_name, g->decl_name[dc->index],
                               g->branch_name[dc->index][k],
                               mg_sample_expr(g, dc->branches[k],
                                              tx_arena_printf(a, "%s(%s)", where, dc->branch_seed[k]),
                                              d, failed));
    }
    case CG_ANY: {
        const char *T = g->type_name;
        return tx_arena_printf(a, L->any_lit_fmt, T, T, T, T, T, T, T);
    }
    case CG_NULL:
        return tx_arena_printf(a, L->null_lit_fmt, g->type_name);
    }
    return L->nil;
}

void mg_sample_calls(mg_gen *g, cg_emitter *e, const char *call_fmt, const char *close,
                     tx_diags *d, bool *failed)
{
    const cg_plan *p = g->p;
    for (size_t i = 0; i < p->n_events; i++) {
        const cg_event *ev = &p->events[i];
        cg_emit(e, call_fmt, g->ev_fn[i]);
        for (size_t j = 0; j < ev->n_params; j++)
            cg_emit(e, "%s%s%s%s", j ? ", " : "", g->ev_param[i][j], g->L->arg_label,
                    mg_sample_expr(g, ev->params[j].type,
                                   tx_arena_printf(p->a, "%s.%s", ev->e->name, ev->params[j].p->name),
                                   d, failed));
        cg_emit(e, close);
    }
    if (p->user) {  /* identify with every user property: checked, not printed */
        const cg_event *u = p->user;
        cg_emit(e, "t.%s(%s%s%s", g->identify_fn, g->user_id, g->L->arg_label,
                mg_lit(g, "sample-user"));
        for (size_t j = 0; j < u->n_params; j++)
            cg_emit(e, ", %s%s%s", g->user_param[j], g->L->arg_label,
                    mg_sample_expr(g, u->params[j].type,
                                   tx_arena_printf(p->a, "$identify.%s", u->params[j].p->name),
                                   d, failed));
        cg_emit(e, ")\n");
    }
}

int mg_sample(const cg_backend *b, const cg_plan *p, cg_files *out, tx_diags *d)
{
    const mg_lang *L = b->impl;
    mg_gen g;
    mg_prepare(&g, L, p);
    tx_sb sb = TX_SB_INIT;
    cg_emitter e;
    cg_emitter_init(&e, &sb, "    ", L->escape_string);
    mg_emit_head(&g, &e, "Sample: calls every event once with valid values, in strict mode, and\n"
                         "prints what the transport gets as NDJSON (Amplitude's shape).", false);
    bool failed = false;
    mg_emit_runtime(&g, &e, L->sample_open, "");
    e.level = 2;
    mg_sample_calls(&g, &e, L->sample_call_fmt, L->sample_call_close, d, &failed);
    cg_emit(&e, L->sample_count_fmt, p->n_events, p->n_events);
    e.level = 0;
    mg_emit_runtime(&g, &e, L->sample_close, "");
    tx_sb_release(&g.tmp);
    int rc = failed ? -1
                    : cg_files_take(out, tx_arena_printf(p->a, "%sSample.%s", g.type_name, L->ext),
                                    &sb, d);
    tx_sb_release(&sb);
    return rc;
}

const char *mg_call_names(const cg_backend *b, const tx_taxonomy *t, tx_arena *a,
                          const char **names)
{
    if (!names)     /* identify's alone: no need to name the events */
        return mg_identify_fn(t);
    mg_gen g = { .L = b->impl, .t = t, .a = a };
    mg_rules(&g);
    mg_name_events(&g);
    for (size_t i = 0; i < t->n_events; i++)
        names[i] = g.ev_fn[i];
    return g.identify_fn;
}
