/* Spreadsheet import: CSV text -> rows -> the sheet model (internal.h)
 * -> taxonomy YAML.
 *
 * Approach, in passes:
 *  1. csv_read.c reads the records, each cell with its byte range, so
 *     every problem points at its cell;
 *  2. the header row is found and its columns mapped (columns.c);
 *  3. rows become events and properties (here): blank Category/Event cells
 *     continue the row above (merged cells); a property met again in
 *     another event keeps its first definition, and differences are
 *     reported; each cell is read by the grammar's reader (cells_read.c),
 *     a hand-made sheet's Value cell by the heuristics (heuristics.c);
 *  4. plan.c hands the model to the importers' one YAML writer.
 *
 * Two kinds of sheet are read. An exported sheet (it has a Type column)
 * uses the exact cell grammar (cells.h): Allowed values are a closed list
 * or a range, Format holds clauses. A hand-made sheet (no Type column: the
 * Format column holds Date/String/Number/Int) has a Value column that
 * mixes examples and allowed values.
 *
 * Issue 16's kinds: a union's Type cell ("a | b") becomes an itype with
 * branches and the union's constraints on itself (written as `type: [a,
 * b]` with them); "parent.*" rows give an open object's additional type;
 * "(variant)" rows become per-use types written under the event, never
 * merged into the dictionary (a name the dictionary lacks stays local). */
#include "internal.h"
#include <stdarg.h>
#include <string.h>

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

tx_span sh_span(const ictx *ic, const cell *c)
{
    return (tx_span){ ic->file, c->start, c->end > c->start ? c->end : c->start };
}

tx_diag *sh_diag(ictx *ic, tx_severity sev, const char *code, tx_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = tx_arena_vprintf(ic->a, fmt, ap);
    va_end(ap);
    return tx_diag_add(ic->d, sev, code, sp, "%s", m);
}

const char *sh_at(ictx *ic, const row *r, int c)
{
    return tx_arena_printf(ic->a, "row %zu (%s)", r->no, sh_col_titles[c]);
}

const cell *sh_get(const ictx *ic, const row *r, int c)
{
    return tx_csv_at(r, ic->colmap[c]);
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
        tx_diag *dg = sh_diag(ic, TX_SEV_WARNING, "csv-duplicate", sh_span(ic, name_cell),
                              "event '%s' in row %zu was already listed; its rows are merged", name_cell->s, r->no);
        tx_diag_note(ic->d, dg, e->span, "first listed here");
        if (category && e->category && strcmp(category, e->category) != 0)
            sh_diag(ic, TX_SEV_WARNING, "csv-conflict", sh_span(ic, name_cell),
                    "event '%s' has category '%s' here but '%s' before; the first is kept", name_cell->s,
                    category, e->category);
        return k - 1;
    }
    ievent e = { 0 };
    e.name = name_cell->s;
    e.row = r->no;
    e.span = sh_span(ic, name_cell);
    TX_PUSH(ic->a, ic->events, e);
    hm_put(&ic->event_ix, e.name, ic->events.n);
    return ic->events.n - 1;
}

static void event_fields(ictx *ic, const row *r, ievent *e, const char *category)
{
    const cell *d = sh_get(ic, r, C_EVENT_DESC), *tr = sh_get(ic, r, C_TRIGGER);
    if (!e->category && category)
        e->category = category;
    if (d->n && !e->meta.desc && !e->meta.deprecated && !e->meta.owner)
        e->meta = sh_read_meta_cell(ic, d->s);
    if (tr->n) {
        if (!e->trigger)
            e->trigger = tr->s;
        else if (strcmp(e->trigger, tr->s) != 0)
            sh_diag(ic, TX_SEV_WARNING, "csv-conflict", sh_span(ic, tr),
                    "event '%s' has a second trigger in %s; the first is kept", e->name, sh_at(ic, r, C_TRIGGER));
    }
}

/* The type of a row (a property or a member): Type/Format/Allowed values/
 * Value cells. `first` is false when the property was seen before (its
 * notes are not repeated). NULL after an error. */
static itype *row_type(ictx *ic, const row *r, const char *name, const im_meta *m, const char **examples,
                       bool first)
{
    itype *t;
    int fmt = SH_FMT_NONE;
    col tcol = ic->exported ? C_TYPE : C_FORMAT;
    const cell *tc = sh_get(ic, r, tcol);
    if (tc->n) {
        t = sh_read_type_cell(ic, r, tcol, tc, &fmt);
        if (!t)
            return NULL;
    } else {
        t = sh_new_type(ic, TX_STRING);
        if (ic->colmap[tcol] >= 0 && first)
            sh_diag(ic, TX_SEV_INFO, "csv-type", (tx_span){ ic->file, r->start, r->start },
                    "no type for '%s' in %s; string assumed", name, sh_at(ic, r, tcol));
    }
    bool ok = true;
    iprop holder = { 0 };
    if (ic->exported) {
        const cell *fc = sh_get(ic, r, C_FORMAT);
        if (fc->n)
            ok &= sh_read_format_cell(ic, r, fc, t);
        if (fmt != SH_FMT_NONE) {
            itype *v = t->base == TX_ARRAY && t->items ? t->items : t;
            if (!v->format)
                v->format = fmt == SH_FMT_DATE ? "date" : fmt == SH_FMT_TIME ? "time" : "date-time";
        }
        ok &= sh_read_allowed_cell(ic, r, sh_get(ic, r, C_ALLOWED), t);
        const cell *vc = sh_get(ic, r, ic->colmap[C_VALUE] >= 0 ? C_VALUE : C_EXAMPLE);
        if (vc->n)
            holder.examples = vc->s;
    } else {
        const cell *ac = sh_get(ic, r, C_ALLOWED);
        if (ac->n)
            ok &= sh_read_allowed_cell(ic, r, ac, t);
        col vcol = ic->colmap[C_VALUE] >= 0 ? C_VALUE : C_EXAMPLE;
        if (fmt != SH_FMT_NONE || !ac->n)
            sh_read_value_cell(ic, r, vcol, sh_get(ic, r, vcol), &holder, t, fmt, name, m->desc, first);
        if (vcol == C_VALUE && sh_get(ic, r, C_EXAMPLE)->n)
            holder.examples = sh_get(ic, r, C_EXAMPLE)->s;
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
            inamed nt = { uses[i]->named, uses[i], r->no, sh_span(ic, tc), { 0 }, false };
            TX_PUSH(ic->a, ic->named, nt);
            hm_put(&ic->named_ix, uses[i]->named, ic->named.n);
        } else {
            pending pd = { uses[i], (size_t)-1, k - 1, sh_span(ic, tc), r->no };
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
                tx_diag *dg = sh_diag(ic, TX_SEV_WARNING, "csv-conflict", pd->span,
                                      "type '%s' is described differently in row %zu; the first description is kept",
                                      nt->name, pd->row);
                tx_diag_note(ic->d, dg, nt->span, "first described here");
            }
            continue;
        }
        const iprop *p = &ic->props.items[pd->prop];
        if (!itype_eq(p->type, pd->fresh)) {
            tx_diag *dg = sh_diag(ic, TX_SEV_WARNING, "csv-conflict", pd->span,
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
    const cell *dcell = sh_get(ic, r, C_PROP_DESC);
    im_meta m = dcell->n ? sh_read_meta_cell(ic, dcell->s) : (im_meta){ 0 };
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
        np.span = sh_span(ic, name_cell);
        np.meta = m;
        np.type = t;
        np.examples = examples;
        TX_PUSH(ic->a, ic->props, np);
        hm_put(&ic->prop_ix, name, ic->props.n);
        return (long)ic->props.n - 1;
    }
    iprop *p = &ic->props.items[k - 1];
    pending pd = { t, k - 1, 0, sh_span(ic, name_cell), r->no };
    TX_PUSH(ic->a, ic->pend, pd);
    if (m.desc && p->meta.desc && strcmp(m.desc, p->meta.desc) != 0) {
        bool seen = false;
        const char *note = tx_arena_printf(ic->a, "also described as '%s' (row %zu)", m.desc, r->no);
        for (size_t i = 0; i < p->notes.n && !seen; i++)
            seen = strcmp(p->notes.items[i], note) == 0;
        if (!seen)
            TX_PUSH(ic->a, p->notes, note);
        sh_diag(ic, TX_SEV_INFO, "csv-description", sh_span(ic, dcell),
                "property '%s' is described differently in %s; the description from row %zu is kept", name,
                sh_at(ic, r, C_PROP_DESC), p->row);
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
        sh_diag(ic, TX_SEV_ERROR, "csv-row", sh_span(ic, pc),
                "member row '%s' in row %zu has no object property '%s' above it", pc->s, r->no, parent);
        return false;
    }
    if (strcmp(fname, "*") == 0 && !sh_get(ic, r, C_REQUIRED)->n) {
        /* "parent.*" with Required blank: the type of the open object's
         * other members (a member named "*" says required or optional) */
        const char *examples;
        im_meta m = { 0 };
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
            sh_diag(ic, TX_SEV_WARNING, "csv-duplicate", sh_span(ic, pc),
                    "member '%s' listed twice (row %zu); the first is kept", pc->s, r->no);
            return true;
        }
    const cell *dcell = sh_get(ic, r, C_PROP_DESC);
    ifield f = { 0 };
    f.name = fname;
    f.meta = dcell->n ? sh_read_meta_cell(ic, dcell->s) : (im_meta){ 0 };
    int req = sh_read_required_cell(ic, r, sh_get(ic, r, C_REQUIRED));
    const char *examples;
    f.type = row_type(ic, r, pc->s, &f.meta, &examples, true);
    if (!f.type || req < 0)
        return false;
    f.required = req == 1;
    TX_PUSH(ic->a, obj->fields, f);
    register_objects(ic, pc->s, f.type);
    return true;
}

/* Sections after the events (see export.c), by their Event cell. */
enum { S_NONE = -1, S_USER = -2, S_GROUP = -3, S_DICT = -4, S_TYPES = -5, S_TAXONOMY = -6 };

/* "(taxonomy)": Event description = description, Property = identifier,
 * Property description = "version X.Y.Z". */
static bool taxonomy_row(ictx *ic, const row *r)
{
    const cell *d = sh_get(ic, r, C_EVENT_DESC), *n = sh_get(ic, r, C_PROPERTY), *v = sh_get(ic, r, C_PROP_DESC);
    ic->tax_row = true;
    if (d->n)
        ic->tax_desc = d->s;
    if (n->n) {
        if (!tx_is_identifier(n->s)) {
            sh_diag(ic, TX_SEV_ERROR, "csv-row", sh_span(ic, n),
                    "taxonomy name '%s' in row %zu is not an identifier ([A-Za-z_][A-Za-z0-9_]*)",
                    n->s, r->no);
            return false;
        }
        ic->tax_name = n->s;
    }
    if (v->n) {
        if (strncmp(v->s, "version ", 8) != 0) {
            sh_diag(ic, TX_SEV_ERROR, "csv-row", sh_span(ic, v),
                    "expected 'version X.Y.Z' in row %zu (Property description of the (taxonomy) row)", r->no);
            return false;
        }
        ic->tax_version = sh_trim_dup(ic->a, v->s + 8, v->n - 8);
    }
    return true;
}

static long section_of(ictx *ic, const row *r, const cell *ec, bool *ok)
{
    if (strcmp(ec->s, SH_SECTION_USER) == 0)
        return S_USER;
    if (strcmp(ec->s, SH_SECTION_DICT) == 0)
        return S_DICT;
    if (strcmp(ec->s, SH_SECTION_TYPES) == 0)
        return S_TYPES;
    if (strcmp(ec->s, SH_SECTION_TAXONOMY) == 0)
        return taxonomy_row(ic, r) ? S_TAXONOMY : (*ok = false, S_TAXONOMY);  /* consumed either way */
    if (strncmp(ec->s, SH_SECTION_GROUP, sizeof SH_SECTION_GROUP - 1) == 0 && ec->s[ec->n - 1] == ')') {
        const char *name = sh_trim_dup(ic->a, ec->s + 7, ec->n - 8);
        for (size_t i = 0; i < ic->groups.n; i++)
            if (strcmp(ic->groups.items[i].name, name) == 0) {
                sh_diag(ic, TX_SEV_ERROR, "csv-duplicate", sh_span(ic, ec), "group '%s' listed twice (row %zu)",
                        name, r->no);
                *ok = false;
                return S_NONE;
            }
        igroup g = { 0 };
        g.name = name;
        const cell *d = sh_get(ic, r, C_EVENT_DESC);
        if (d->n)
            g.meta = sh_read_meta_cell(ic, d->s);
        TX_PUSH(ic->a, ic->groups, g);
        return S_GROUP;
    }
    sh_diag(ic, TX_SEV_ERROR, "csv-row", sh_span(ic, ec),
            "unknown section '%s' in row %zu; sections are (user properties), (properties), (group NAME), (types)",
            ec->s, r->no);
    *ok = false;
    return S_NONE;
}

/* A row of the "(types)" section: a named type's own definition. */
static bool type_row(ictx *ic, const row *r, const cell *pc)
{
    if (!sh_ident_ok(pc->s)) {
        sh_diag(ic, TX_SEV_ERROR, "csv-type", sh_span(ic, pc), "bad type name '%s' in row %zu", pc->s, r->no);
        return false;
    }
    const cell *dcell = sh_get(ic, r, C_PROP_DESC);
    im_meta m = dcell->n ? sh_read_meta_cell(ic, dcell->s) : (im_meta){ 0 };
    const char *examples;
    itype *t = row_type(ic, r, pc->s, &m, &examples, true);
    if (!t)
        return false;
    if (t->named) {
        sh_diag(ic, TX_SEV_ERROR, "csv-type", sh_span(ic, sh_get(ic, r, C_TYPE)),
                "the (types) row for '%s' names another type; write its base type", pc->s);
        return false;
    }
    register_objects(ic, pc->s, t);
    size_t k = hm_get(&ic->named_ix, pc->s);
    if (!k) {
        t->named = pc->s;
        inamed nt = { pc->s, t, r->no, sh_span(ic, pc), m, true };
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
    pending pd = { t, (size_t)-1, k - 1, sh_span(ic, pc), r->no };
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
    const cell *dcell = sh_get(ic, r, C_PROP_DESC);
    iuse u = { (size_t)-1, required, NULL, pc->s, dcell->n ? sh_read_meta_cell(ic, dcell->s) : (im_meta){ 0 } };
    const char *examples;
    if (!(u.variant = row_type(ic, r, pc->s, &u.meta, &examples, true)))
        return false;
    register_objects(ic, pc->s, u.variant);
    usevec *uses = cur == S_GROUP ? &ic->groups.items[ic->groups.n - 1].props
                                  : &ic->events.items[cur].props;
    for (size_t i = 0; i < uses->n; i++)
        if (strcmp(use_name(ic, &uses->items[i]), pc->s) == 0) {
            sh_diag(ic, TX_SEV_WARNING, "csv-duplicate", sh_span(ic, pc),
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
        if (tx_csv_row_blank(r))
            continue;
        const cell *cc = sh_get(ic, r, C_CATEGORY), *ec = sh_get(ic, r, C_EVENT), *pc = sh_get(ic, r, C_PROPERTY);
        bool member = pc->n && strchr(pc->s, '.') != NULL;
        if (!member) {
            flush_pending(ic);
            ic->objs.n = 0;
        }
        if (cc->n)
            category = strcmp(cc->s, SH_NO_CATEGORY) == 0 ? NULL : cc->s;
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
                    other |= c != C_EVENT_DESC && c != C_TRIGGER && sh_get(ic, r, (col)c)->n > 0;
                if (other) {
                    sh_diag(ic, TX_SEV_ERROR, "csv-row", (tx_span){ ic->file, r->start, r->start },
                            "row %zu has no event and no property", r->no);
                    ok = false;
                }
            }
            continue;
        }
        if (cur == S_NONE) {
            sh_diag(ic, TX_SEV_ERROR, "csv-row", sh_span(ic, pc),
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
        bool variant = (cur >= 0 || cur == S_GROUP) && sh_variant_marked(ic, sh_get(ic, r, C_REQUIRED), &rc);
        int req = cur == S_USER || cur == S_DICT ? 0 : sh_read_required_cell(ic, r, variant ? &rc : sh_get(ic, r, C_REQUIRED));
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
            sh_diag(ic, TX_SEV_WARNING, "csv-duplicate", sh_span(ic, pc),
                    "property '%s' listed twice for event '%s' (row %zu); the first is kept", pc->s, e->name, r->no);
            continue;
        }
        iuse u = { (size_t)p, req == 1, NULL, NULL, { 0 } };
        TX_PUSH(ic->a, e->props, u);
    }
    flush_pending(ic);
    return ok;
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
    size_t h = sh_find_header(&ic);
    if (h == (size_t)-1) {
        sh_diag(&ic, TX_SEV_ERROR, "csv-header", (tx_span){ ic.file, 0, 0 },
                ic.rows.n ? "no header row with an Event or Property column in the first 10 rows"
                          : "the sheet is empty");
        return NULL;
    }
    if (!sh_map_header(&ic, &ic.rows.items[h]))
        return NULL;
    bool ok = build(&ic, h);
    if (!ok || !csv_ok || ic.d->n_error)
        return NULL;
    return sh_write_yaml(&ic, path, opts, out_len);
}
