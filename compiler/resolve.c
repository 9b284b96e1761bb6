/* Nodes -> model: the top level, the property dictionary, groups, events
 * and user properties (types are in types.c, conventions in
 * conventions.c).
 *
 * Approach: first collect every definition from every file (root first,
 * then includes in order) into name tables, reporting duplicates with both
 * places; then resolve in dependency order: named types (lazily, so they
 * may refer to each other in any order), properties, groups, events. Every
 * problem is reported and resolution goes on, so one run shows them all;
 * the model is returned only when no error was reported. Everything built
 * here lives in the context's arena. */
#include "resolve.h"
#include "../support/util.h"
#include <stdlib.h>
#include <string.h>

/* ---- diagnostics and typed readers ---------------------------------- */

tx_diag *rs_err(rs *r, tx_code c, tx_span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_diag *dg = tx_diag_vadd(r->d, TX_SEV_ERROR, tx_code_name(c), sp, fmt, ap);
    va_end(ap);
    return dg;
}

bool tx_diags_full(const tx_diags *d)
{
    return d->n >= (d->limit ? d->limit : 1000);
}

tx_diag *rs_wrong_kind(rs *r, const yl_node *n, const char *expected, const char *what)
{
    return rs_err(r, TXC_WRONG_KIND, yl_head_span(&r->ctx->sources, n),
                  "expected %s for %s, found %s", expected, what, yl_describe(n));
}

/* tx_suggest for the long candidate lists (every property, type or group
 * name), with the same answer but cheap: the letter counts of two strings
 * bound their edit distance from below (an insertion or deletion changes
 * them by one, a substitution by two, a transposition not at all), so most
 * candidates are dismissed in one pass over their bytes before the
 * quadratic distance. A run's suggestions also share a budget of candidate
 * visits: a file naming thousands of unknown properties against a big
 * dictionary gets suggestions for the first of them, not minutes of work. */
#define RS_SUGGEST_BUDGET 4000000u

const char *rs_suggest(rs *r, const char *w, size_t wn, const char *const *cands, size_t nc)
{
    if (r->suggest_work + nc > RS_SUGGEST_BUDGET)
        return NULL;
    r->suggest_work += nc;
    return tx_suggest(w, wn, cands, nc);
}

tx_diag *rs_unknown(rs *r, tx_code c, const yl_node *n, const char *kind,
                    const char *const *cands, size_t nc)
{
    const char *near = tx_diags_full(r->d) ? NULL : rs_suggest(r, n->str, n->n, cands, nc);
    if (near)
        return rs_err(r, c, n->span, "unknown %s '%s'; did you mean '%s'?", kind, n->str, near);
    return rs_err(r, c, n->span, "unknown %s '%s'", kind, n->str);
}

static bool is_string_node(const yl_node *n)
{
    return n->kind == YL_SCALAR && !yl_is_null(n);
}

bool rs_str(rs *r, const yl_node *n, const char *what, const char **out)
{
    if (!is_string_node(n)) {
        rs_wrong_kind(r, n, "a string", what);
        return false;
    }
    *out = n->str;
    return true;
}

bool rs_is_yaml11_bool(const char *s)
{
    static const char *const words[] = { "yes", "no", "on", "off", "y", "n", "true", "false" };
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (n == strlen(words[i]) && strncasecmp(s, words[i], n) == 0)
            return true;
    return false;
}

bool rs_bool(rs *r, const yl_node *n, const char *what, bool *out)
{
    if (n->kind == YL_SCALAR && (n->style == YL_PLAIN || n->tag == YL_TAG_BOOL)) {
        if (strcmp(n->str, "true") == 0) { *out = true; return true; }
        if (strcmp(n->str, "false") == 0) { *out = false; return true; }
    }
    if (n->kind != YL_SCALAR) {
        rs_wrong_kind(r, n, "true or false", what);
        return false;
    }
    bool quoted_bool =
        n->style != YL_PLAIN && (!strcmp(n->str, "true") || !strcmp(n->str, "false"));
    tx_diag *dg = rs_err(r, TXC_INVALID_VALUE, n->span,
                         "expected true or false for %s, found %s'%s'", what,
                         quoted_bool ? "the quoted string " : "", n->str);
    if (quoted_bool)
        tx_diag_fix(r->d, dg, "write %s without quotes", n->str);
    else if (n->style == YL_PLAIN && rs_is_yaml11_bool(n->str))
        tx_diag_fix(r->d, dg, "YAML 1.1 words such as yes, no, on and off are strings in taxonc; "
                    "write true or false");
    return false;
}

bool rs_parse_int(const char *s, int64_t *out)
{
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (*p < '0' || *p > '9')
        return false;
    uint64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        unsigned dgt = (unsigned)(*p - '0');
        if (v > (UINT64_MAX - dgt) / 10)
            return false;
        v = v * 10 + dgt;
    }
    if (*p)
        return false;
    if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
        return false;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

bool rs_parse_num(const char *s, double *out)
{
    /* JSON's number grammar plus a leading '+'; no hex, no inf/nan. */
    if (!tx_is_number(s, false))
        return false;
    *out = strtod(s, NULL);
    return true;
}

bool rs_int(rs *r, const yl_node *n, const char *what, int64_t *out)
{
    if (n->kind == YL_SCALAR && n->style == YL_PLAIN && rs_parse_int(n->str, out))
        return true;
    if (n->kind != YL_SCALAR)
        rs_wrong_kind(r, n, "an integer", what);
    else
        rs_bad_number(r, n, "an integer", what);
    return false;
}

void rs_bad_number(rs *r, const yl_node *n, const char *expected, const char *what)
{
    double d;
    bool quoted_num = n->style != YL_PLAIN && rs_parse_num(n->str, &d);
    tx_diag *dg = rs_err(r, TXC_INVALID_VALUE, n->span, "expected %s for %s, found %s'%s'",
                         expected, what, quoted_num ? "the quoted string " : "", n->str);
    if (quoted_num)
        tx_diag_fix(r->d, dg, "write %s without quotes", n->str);
}

bool rs_map(rs *r, const yl_node *n, const char *what)
{
    if (n->kind == YL_MAP)
        return true;
    rs_wrong_kind(r, n, "a mapping", what);
    return false;
}

bool rs_seq(rs *r, const yl_node *n, const char *what)
{
    if (n->kind == YL_SEQ)
        return true;
    tx_diag *dg = rs_wrong_kind(r, n, "a list", what);
    if (n->kind == YL_SCALAR && !yl_is_null(n))
        tx_diag_fix(r->d, dg, "write a list, even of one: [%s]", n->str);
    return false;
}

int rs_key_lookup(rs *r, const yl_node *key, const rs_key *tab, size_t n, unsigned ctx,
                  const char *in_what)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(key->str, tab[i].name) == 0)
            return (int)i;
    /* Suggest from every key the table knows (so `requried` finds
     * `required` even where it then gets a targeted "not allowed here"),
     * but list only the keys allowed in this context. */
    const char *all[64], *cands[64];
    size_t na = 0, nc = 0;
    for (size_t i = 0; i < n && na < 64; i++) {
        all[na++] = tab[i].name;
        if (tab[i].where & ctx)
            cands[nc++] = tab[i].name;
    }
    const char *near = tx_diags_full(r->d) ? NULL : tx_suggest(key->str, key->n, all, na);
    tx_diag *dg;
    if (near) {
        rs_err(r, TXC_UNKNOWN_KEY, key->span, "unknown key '%s' in %s; did you mean '%s'?",
               key->str, in_what, near);
        return -1;
    }
    dg = rs_err(r, TXC_UNKNOWN_KEY, key->span, "unknown key '%s' in %s", key->str, in_what);
    if (dg) {
        tx_sb sb = TX_SB_INIT;
        for (size_t i = 0; i < nc; i++)
            tx_sb_addf(&sb, "%s%s", i ? ", " : "", cands[i]);
        tx_diag_fix(r->d, dg, "allowed keys: %s", sb.buf);
        tx_sb_release(&sb);
    }
    return -1;
}

/* ---- metadata ------------------------------------------------------- */

static void read_lint(rs *r, const yl_node *key, const yl_node *v, tx_meta *m)
{
    if (!rs_map(r, v, "'lint'"))
        return;
    static const rs_key keys[] = { { "ignore", 1 }, { "reason", 1 } };
    const yl_node *ignore = NULL;
    const char *reason = NULL;
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = rs_key_lookup(r, p->key, keys, 2, 1, "'lint'");
        if (k == 0)
            ignore = p->val;
        else if (k == 1)
            rs_str(r, p->val, "'reason'", &reason);
    }
    if (!ignore) {
        rs_err(r, TXC_MISSING_KEY, key->span, "'lint' needs 'ignore: [rule-id, ...]'");
        return;
    }
    if (!reason) {
        tx_diag *dg = rs_err(r, TXC_MISSING_REASON, key->span,
                             "lint suppression without a reason");
        tx_diag_fix(r->d, dg, "add 'reason: ...' saying why the rule does not apply here");
    }
    const yl_node *one[1] = { ignore };
    const yl_node *const *ids = one;
    size_t n = 1;
    if (ignore->kind == YL_SEQ) {
        ids = (const yl_node *const *)ignore->items;
        n = ignore->n;
    }
    m->suppress = tx_arena_alloc(r->a, (n ? n : 1) * sizeof *m->suppress);
    m->n_suppress = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id;
        if (!rs_str(r, ids[i], "a lint rule id", &id))
            continue;
        tx_suppress *s = &m->suppress[m->n_suppress++];
        s->rule = id;
        s->reason = reason;
        s->span = ids[i]->span;
    }
}

bool rs_meta_key(rs *r, const yl_pair *p, tx_meta *m)
{
    const char *key = p->key->str;
    const yl_node *val = p->val;
    if (strcmp(key, "lint") == 0) {
        read_lint(r, p->key, val, m);
    } else if (strcmp(key, "description") == 0) {
        rs_str(r, val, "'description'", &m->description);
    } else if (strcmp(key, "owner") == 0) {
        rs_str(r, val, "'owner'", &m->owner);
    } else if (strcmp(key, "pii") == 0) {
        if (rs_bool(r, val, "'pii'", &m->pii))
            m->pii_set = true;
    } else if (strcmp(key, "deprecated") == 0) {
        /* true | false | "reason" */
        if (val->kind == YL_SCALAR && val->style == YL_PLAIN &&
            (strcmp(val->str, "true") == 0 || strcmp(val->str, "false") == 0)) {
            m->deprecated = val->str[0] == 't';
        } else if (val->kind == YL_SCALAR && val->style == YL_PLAIN &&
                   rs_is_yaml11_bool(val->str)) {
            tx_diag *dg = rs_err(r, TXC_INVALID_VALUE, val->span,
                                 "expected true, false or a reason for 'deprecated', found '%s'",
                                 val->str);
            tx_diag_fix(r->d, dg, "YAML 1.1 words such as yes and no are strings in taxonc; "
                        "write true, false or a quoted reason");
        } else if (rs_str(r, val, "'deprecated'", &m->deprecated_reason)) {
            m->deprecated = true;
        }
    } else {
        return false;
    }
    return true;
}

/* ---- collecting definitions ----------------------------------------- */

static void collect(rs *r, rs_defs *defs, tx_strmap *ix, const yl_node *map, const char *section,
                    const char *kind)
{
    if (yl_is_null(map))
        return;
    char *what = tx_arena_printf(r->scratch, "'%s'", section);
    if (!rs_map(r, map, what))
        return;
    /* exact room: doubling would leave every outgrown copy in the arena */
    if (defs->cap < defs->n + map->n) {
        defs->items = tx_arena_grow(r->scratch, defs->items, defs->n * sizeof *defs->items,
                                    (defs->n + map->n) * sizeof *defs->items);
        defs->cap = defs->n + map->n;
    }
    tx_strmap_reserve(ix, map->n);
    for (size_t i = 0; i < map->n; i++) {
        yl_pair *p = &map->pairs[i];
        if (p->key->n == 0) {
            rs_err(r, TXC_INVALID_NAME, p->key->span, "empty %s name", kind);
            continue;
        }
        if (defs == &r->types && rs_is_base_type(p->key->str)) {
            /* `type: string` must keep meaning the base type everywhere */
            tx_diag *dg = rs_err(r, TXC_INVALID_NAME, p->key->span,
                                 "type name '%s' is a base type", p->key->str);
            tx_diag_fix(r->d, dg, "'type: %s' always means the base type; name this one "
                        "after what it holds (e.g. 'headcount', 'stay_code')", p->key->str);
            continue;
        }
        bool found;
        tx_strmap_slot *s = tx_strmap_put(ix, p->key->str, p->key->n, &found);
        if (found) {
            rs_def *first = &defs->items[(uintptr_t)s->val - 1];
            tx_diag *dg = rs_err(r, TXC_DUPLICATE_DEF, p->key->span, "duplicate definition of %s '%s'",
                                 kind, p->key->str);
            tx_diag_note(r->d, dg, first->key->span, "first defined here");
            continue;
        }
        rs_def d = { p->key->str, p->key, p->val, 0, NULL };
        defs->items[defs->n++] = d;
        s->val = (void *)(uintptr_t)defs->n;
    }
}

static rs_def *find_def(rs_defs *defs, tx_strmap *ix, const char *name, size_t len)
{
    uintptr_t i = (uintptr_t)tx_strmap_get(ix, name, len);
    return i ? &defs->items[i - 1] : NULL;
}

/* Semantic Versioning 2.0.0: MAJOR.MINOR.PATCH[-pre][+build], no leading zeros. */
static bool is_semver(const char *s)
{
    for (int part = 0; part < 3; part++) {
        if (*s < '0' || *s > '9')
            return false;
        if (*s == '0' && s[1] >= '0' && s[1] <= '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
        if (part < 2 && *s++ != '.')
            return false;
    }
    for (int sec = 0; sec < 2; sec++) {
        char lead = sec == 0 ? '-' : '+';
        if (*s != lead)
            continue;
        s++;
        for (;;) {
            const char *b = s;
            bool digits = true;
            while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
                   (*s >= 'A' && *s <= 'Z') || *s == '-') {
                if (!(*s >= '0' && *s <= '9'))
                    digits = false;
                s++;
            }
            if (s == b)
                return false;
            if (sec == 0 && digits && *b == '0' && s - b > 1)
                return false;
            if (*s != '.')
                break;
            s++;
        }
    }
    return *s == '\0';
}

/* ---- top level ------------------------------------------------------ */

enum { IN_ROOT = 1, IN_INCLUDE = 2, ANYWHERE = 3 };
static const rs_key top_keys[] = {
    { "taxonomy", IN_ROOT },      { "version", IN_ROOT },         { "description", IN_ROOT },
    { "include", ANYWHERE },      { "conventions", IN_ROOT },     { "types", ANYWHERE },
    { "properties", ANYWHERE },   { "property_groups", ANYWHERE }, { "user_properties", ANYWHERE },
    { "events", ANYWHERE },       { "funnels", ANYWHERE },
};
enum { K_TAXONOMY, K_VERSION, K_DESCRIPTION, K_INCLUDE, K_CONVENTIONS, K_TYPES, K_PROPERTIES,
       K_GROUPS, K_USER, K_EVENTS, K_FUNNELS };

static void top_level(rs *r, const tx_doc *doc)
{
    tx_taxonomy *t = r->t;
    const yl_node *root = doc->root;
    unsigned where = doc->is_root ? IN_ROOT : IN_INCLUDE;
    bool have_name = false;
    for (size_t i = 0; i < root->n; i++) {
        const yl_pair *p = &root->pairs[i];
        int k = rs_key_lookup(r, p->key, top_keys, sizeof top_keys / sizeof top_keys[0], where,
                              "the top level");
        if (k < 0)
            continue;
        if (!(top_keys[k].where & where)) {
            rs_err(r, TXC_ROOT_ONLY_KEY, p->key->span,
                   "'%s' is only allowed in the root file, not in an included file", p->key->str);
            continue;
        }
        const yl_node *v = p->val;
        switch (k) {
        case K_TAXONOMY:
            have_name = true;
            if (rs_str(r, v, "'taxonomy'", &t->name)) {
                t->name_span = v->span;
                if (!tx_is_identifier(t->name))
                    rs_err(r, TXC_INVALID_NAME, v->span,
                           "taxonomy name '%s' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)",
                           t->name);
            }
            break;
        case K_VERSION:
            if (rs_str(r, v, "'version'", &t->version)) {
                t->version_span = v->span;
                if (!is_semver(t->version)) {
                    tx_diag *dg = rs_err(r, TXC_INVALID_VERSION, v->span,
                                         "version '%s' is not a semantic version", t->version);
                    tx_diag_fix(r->d, dg, "write MAJOR.MINOR.PATCH, e.g. 1.2.0");
                }
            }
            break;
        case K_DESCRIPTION: rs_str(r, v, "'description'", &t->description); break;
        case K_INCLUDE: break;   /* load.c follows includes */
        case K_CONVENTIONS:
            t->conv.span = p->key->span;
            rs_conventions(r, v, &t->conv);
            break;
        case K_TYPES: collect(r, &r->types, &r->type_ix, v, "types", "type"); break;
        case K_PROPERTIES: collect(r, &r->props, &r->prop_ix, v, "properties", "property"); break;
        case K_GROUPS:
            collect(r, &r->groups, &r->group_ix, v, "property_groups", "property group");
            break;
        case K_USER:
            if (!yl_is_null(v) && rs_seq(r, v, "'user_properties'"))
                TX_PUSH(r->a, r->user_lists, (yl_node *)v);
            break;
        case K_EVENTS: collect(r, &r->events, &r->event_ix, v, "events", "event"); break;
        case K_FUNNELS: TX_PUSH(r->scratch, r->funnel_maps, (yl_pair *)p); break;   /* funnels.c */
        default: break;
        }
    }
    if (doc->is_root && !have_name) {
        tx_span sp = { doc->file, root->span.start, root->span.start };
        tx_diag *dg = rs_err(r, TXC_MISSING_KEY, sp, "missing 'taxonomy' name at the top level");
        tx_diag_fix(r->d, dg, "add 'taxonomy: my_app' (an identifier, the namespace of "
                    "generated code)");
    }
}

/* ---- property references (groups and events) ----------------------- */

/* The property list of the group or event being built: a malloc'd buffer
 * reused for every item, copied to an exact-size arena array at the end
 * (growing arena arrays would leave every outgrown copy behind). */
typedef struct prop_vec {
    tx_event_prop *items;
    size_t n, cap;
} prop_vec;

static void push_prop(prop_vec *v, tx_event_prop ep)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 64;
        v->items = tx_xrealloc(v->items, v->cap * sizeof *v->items);
    }
    v->items[v->n++] = ep;
}

static tx_event_prop *props_copy(rs *r, const prop_vec *v)
{
    if (!v->n)
        return NULL;
    tx_event_prop *out = tx_arena_alloc(r->a, v->n * sizeof *out);
    memcpy(out, v->items, v->n * sizeof *out);
    return out;
}

typedef struct ref_marks {
    uint32_t *stamp;    /* per property: list token that last saw it */
    uint32_t *pos;      /* its position in the list being built */
    uint32_t token;
    prop_vec props;     /* the list being built */
    uint32_t *gstamp;   /* per group: the event token that last listed it */
    uint32_t *gpos;     /* its position in that event's groups */
} ref_marks;

static const tx_property *lookup_prop(rs *r, const yl_node *name)
{
    rs_def *d = find_def(&r->props, &r->prop_ix, name->str, name->n);
    if (d)
        return d->item;
    tx_diag *dg = rs_unknown(r, TXC_UNKNOWN_PROPERTY, name, "property", r->prop_names,
                             r->n_prop_names);
    if (dg && !strstr(dg->message, "did you mean"))
        tx_diag_fix(r->d, dg, "define it once under 'properties:' and refer to it by name");
    return NULL;
}

static const char *const req_words[] = { "required", "optional" };

/* The requiredness written for one property in an event or group mapping. */
static bool read_required(rs *r, const yl_node *name, const yl_node *v, bool *req)
{
    if (v->kind == YL_SCALAR && !yl_is_null(v)) {
        if (strcmp(v->str, "required") == 0) { *req = true; return true; }
        if (strcmp(v->str, "optional") == 0) { *req = false; return true; }
        if (rs_is_type_name(r, v->str)) {
            tx_diag *dg = rs_err(r, TXC_INVALID_REQUIRED, v->span,
                                 "expected 'required' or 'optional' for '%s', found the type "
                                 "'%s'", name->str, v->str);
            tx_diag_fix(r->d, dg, "to give '%s' a definition of its own here, write {type: %s}",
                        name->str, v->str);
            return false;
        }
        const char *near = tx_suggest(v->str, v->n, req_words, 2);
        if (near)
            rs_err(r, TXC_INVALID_REQUIRED, v->span,
                   "expected 'required' or 'optional' for '%s', found '%s'; did you mean '%s'?",
                   name->str, v->str, near);
        else
            rs_err(r, TXC_INVALID_REQUIRED, v->span,
                   "expected 'required' or 'optional' for '%s', found '%s'", name->str, v->str);
        return false;
    }
    if (yl_is_null(v)) {
        rs_err(r, TXC_INVALID_REQUIRED, name->span,
               "missing requiredness for '%s'; write 'required' or 'optional'", name->str);
        return false;
    }
    rs_wrong_kind(r, v, "'required' or 'optional'", tx_arena_printf(r->a, "'%s'", name->str));
    return false;
}

/* Adds the slot and returns it (valid until the next push), or NULL. */
static tx_event_prop *add_ref(rs *r, ref_marks *mk, prop_vec *out, const yl_node *name,
                              bool req, const tx_group *via)
{
    const tx_property *pr = lookup_prop(r, name);
    if (!pr)
        return NULL;
    if (mk->stamp[pr->index] == mk->token) {
        tx_diag *dg = rs_err(r, TXC_DUPLICATE_REF, name->span, "property '%s' is listed twice",
                             name->str);
        tx_diag_note(r->d, dg, out->items[mk->pos[pr->index]].span, "first listed here");
        return NULL;
    }
    mk->stamp[pr->index] = mk->token;
    mk->pos[pr->index] = (uint32_t)out->n;
    ((tx_property *)pr)->used = true;
    tx_event_prop ep = { pr, req, name->span, via, pr->type, false, { 0 } };
    push_prop(out, ep);
    return &out->items[out->n - 1];
}

/* The slot of a property the dictionary does not hold, defined by this
 * event or group alone (issue 16): a tx_property of its own, not in the
 * dictionary, listed in tx_taxonomy.local_props. */
static void add_local(rs *r, prop_vec *out, const yl_node *name, bool req, const tx_group *via,
                      const tx_type *ty, const tx_meta *meta)
{
    for (size_t i = 0; i < out->n; i++)
        if (out->items[i].prop->local && strcmp(out->items[i].prop->name, name->str) == 0) {
            tx_diag *dg = rs_err(r, TXC_DUPLICATE_REF, name->span,
                                 "property '%s' is listed twice", name->str);
            tx_diag_note(r->d, dg, out->items[i].span, "first listed here");
            return;
        }
    tx_property *p = tx_arena_alloc(r->a, sizeof *p);
    p->name = name->str;
    p->span = name->span;
    p->type = ty;
    p->meta = *meta;
    p->local = true;
    p->used = true;
    p->index = (uint32_t)(r->t->n_props + r->locals.n);
    TX_PUSH(r->a, r->locals, (const tx_property *)p);  /* not scratch: released per item */
    push_prop(out, (tx_event_prop){ p, req, name->span, via, ty, true, *meta });
}

/* `name: {required: ..., type or constraints ...}` in an event or group:
 * a refinement of the dictionary's definition, or with `type:` a
 * definition of its own (docs/format.md, "Per-event variants"). */
static void read_variant(rs *r, ref_marks *mk, prop_vec *out, const yl_node *name,
                         const yl_node *spec, const char *what, const tx_group *via)
{
    rs_def *d = find_def(&r->props, &r->prop_ix, name->str, name->n);
    const tx_property *pr = d ? d->item : NULL;
    if (!pr && !yl_get(spec, "type")) {
        tx_diag *dg = rs_unknown(r, TXC_UNKNOWN_PROPERTY, name, "property", r->prop_names,
                                 r->n_prop_names);
        tx_diag_fix(r->d, dg, "only a property of the dictionary can be refined here; to "
                    "define '%s' for this %s alone, give it a 'type:'", name->str,
                    via ? "group" : "event");
        return;
    }
    bool req = false, variant;
    const tx_type *ty;
    tx_meta meta = { 0 };
    char *pw = tx_arena_printf(r->scratch, "property '%s' of %s", name->str, what);
    if (!rs_event_spec(r, spec, pr ? pr->type : NULL, name->str, pw, &meta, &req, &ty, &variant))
        return;
    if (!pr) {
        add_local(r, out, name, req, via, ty, &meta);
        return;
    }
    tx_event_prop *ep = add_ref(r, mk, out, name, req, via);
    if (ep) {
        ep->type = ty;
        ep->variant = variant;
        ep->meta = meta;
    }
}

/* `properties:` of an event or group: a list (all required) or a mapping. */
static void read_refs(rs *r, ref_marks *mk, const yl_node *v, const char *what, prop_vec *out,
                      const tx_group *via)
{
    if (yl_is_null(v))
        return;
    if (v->kind == YL_SEQ) {
        for (size_t i = 0; i < v->n; i++) {
            const yl_node *it = v->items[i];
            if (it->kind != YL_SCALAR || yl_is_null(it)) {
                tx_diag *dg = rs_wrong_kind(r, it, "a property name", what);
                if (it->kind == YL_MAP && it->n == 1)
                    tx_diag_fix(r->d, dg, "a list names properties that are all required; to "
                                "say required or optional per property, drop the dashes: "
                                "'%s: %s' as a mapping", it->pairs[0].key->str,
                                it->pairs[0].val->kind == YL_SCALAR ? it->pairs[0].val->str
                                                                   : "required");
                continue;
            }
            add_ref(r, mk, out, it, true, via);
        }
    } else if (v->kind == YL_MAP) {
        for (size_t i = 0; i < v->n; i++) {
            const yl_pair *p = &v->pairs[i];
            if (p->val->kind == YL_MAP) {
                read_variant(r, mk, out, p->key, p->val, what, via);
                continue;
            }
            bool req = true;
            bool ok = read_required(r, p->key, p->val, &req);
            if (ok)
                add_ref(r, mk, out, p->key, req, via);
            else
                (void)lookup_prop(r, p->key);  /* still report an unknown name */
        }
    } else {
        tx_diag *dg = rs_wrong_kind(r, v, "a list or mapping of property names", what);
        if (v->kind == YL_SCALAR)
            tx_diag_fix(r->d, dg, "write a list, even of one: [%s]", v->str);
    }
}

/* ---- groups and events ---------------------------------------------- */

enum { G_DESC, G_OWNER, G_DEPR, G_PII, G_LINT, G_PROPS, E_CATEGORY, E_TRIGGER, E_GROUPS,
       E_IGLU };
static const rs_key item_keys[] = {
    [G_DESC] = { "description", 3 }, [G_OWNER] = { "owner", 3 },
    [G_DEPR] = { "deprecated", 3 },  [G_PII] = { "pii", 3 },
    [G_LINT] = { "lint", 3 },        [G_PROPS] = { "properties", 3 },
    [E_CATEGORY] = { "category", 2 }, [E_TRIGGER] = { "trigger", 2 },
    [E_GROUPS] = { "groups", 2 },    [E_IGLU] = { "iglu", 2 },
};
enum { IN_GROUP = 1, IN_EVENT = 2 };

/* The item_keys index of a group's (where IN_GROUP) or an event's key, or
 * -1 after reporting an unknown one. */
static int item_key(rs *r, const yl_pair *p, unsigned where, const char *what)
{
    return rs_key_lookup(r, p->key, item_keys, sizeof item_keys / sizeof item_keys[0], where,
                         what);
}

/* The mark's property list, emptied for the next group or event. */
static prop_vec *new_list(ref_marks *mk)
{
    mk->props.n = 0;
    mk->token++;
    return &mk->props;
}

/* iglu: {vendor: com.acme, versions: ["1-0-*", "1-1-0"]}: the Snowplow
 * schemas a self-describing event may carry (validators/check.c). */
static void read_iglu(rs *r, tx_event *e, const yl_node *v, const char *what)
{
    static const rs_key keys[] = { { "vendor", 1 }, { "versions", 1 } };
    char *in = tx_arena_printf(r->scratch, "'iglu' of %s", what);
    if (yl_is_null(v) || !rs_map(r, v, in))
        return;
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = rs_key_lookup(r, p->key, keys, 2, 1, in);
        if (k == 0) {
            const char *vendor;
            if (!rs_str(r, p->val, "'vendor'", &vendor))
                continue;
            if (!*vendor || strchr(vendor, '/'))
                rs_err(r, TXC_INVALID_VALUE, p->val->span,
                       "invalid Iglu vendor '%s': a non-empty name without '/'", vendor);
            else
                e->iglu_vendor = vendor;
        } else if (k == 1) {
            if (yl_is_null(p->val) || !rs_seq(r, p->val, "'versions'"))
                continue;
            e->iglu_versions = tx_arena_alloc(r->a, (p->val->n + 1) * sizeof *e->iglu_versions);
            e->n_iglu_versions = 0;
            for (size_t j = 0; j < p->val->n; j++) {
                const char *ver;
                if (!rs_str(r, p->val->items[j], "an Iglu version", &ver))
                    continue;
                if (!tx_schemaver_valid(ver, strlen(ver), true))
                    rs_err(r, TXC_INVALID_VERSION, p->val->items[j]->span,
                           "invalid Iglu version '%s': MODEL-REVISION-ADDITION, each a number or "
                           "'*', e.g. 1-0-*", ver);
                else
                    e->iglu_versions[e->n_iglu_versions++] = ver;
            }
        }
    }
}

static void resolve_group(rs *r, ref_marks *mk, rs_def *d)
{
    tx_group *g = d->item;
    const yl_node *v = d->val;
    char *what = tx_arena_printf(r->scratch, "property group '%s'", d->name);
    if (yl_is_null(v))
        return;
    if (!rs_map(r, v, what))
        return;
    prop_vec *props = new_list(mk);
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = item_key(r, p, IN_GROUP, what);
        if (k < 0)
            continue;
        if (!(item_keys[k].where & IN_GROUP)) {
            rs_err(r, TXC_UNKNOWN_KEY, p->key->span, "'%s' is an event key, not allowed in %s",
                   p->key->str, what);
            continue;
        }
        if (k == G_PROPS)
            read_refs(r, mk, p->val, what, props, g);
        else
            rs_meta_key(r, p, &g->meta);
    }
    g->props = props_copy(r, props);
    g->n_props = props->n;
}

static void resolve_event(rs *r, ref_marks *mk, rs_def *d)
{
    tx_event *e = d->item;
    const yl_node *v = d->val;
    char *what = tx_arena_printf(r->scratch, "event '%s'", d->name);
    if (yl_is_null(v))
        return;     /* an event with nothing to say: lint asks for a description */
    if (!rs_map(r, v, what))
        return;
    prop_vec *props = new_list(mk);
    TX_VEC(const tx_group *) groups = { 0 };
    TX_VEC(const yl_node *) group_names = { 0 };
    for (size_t i = 0; i < v->n; i++) {
        const yl_pair *p = &v->pairs[i];
        int k = item_key(r, p, IN_EVENT, what);
        if (k < 0)
            continue;
        switch (k) {
        case G_PROPS: read_refs(r, mk, p->val, what, props, NULL); break;
        case E_CATEGORY:
            if (rs_str(r, p->val, "'category'", &e->category))
                e->category_span = p->val->span;
            break;
        case E_TRIGGER: rs_str(r, p->val, "'trigger'", &e->trigger); break;
        case E_IGLU: read_iglu(r, e, p->val, what); break;
        case E_GROUPS:
            if (yl_is_null(p->val) || !rs_seq(r, p->val, "'groups'"))
                break;
            for (size_t j = 0; j < p->val->n; j++) {
                const yl_node *gn = p->val->items[j];
                if (!is_string_node(gn)) {
                    rs_wrong_kind(r, gn, "a property group name", "'groups'");
                    continue;
                }
                rs_def *gd = find_def(&r->groups, &r->group_ix, gn->str, gn->n);
                if (!gd) {
                    if (!r->group_names) {
                        r->group_names = tx_arena_alloc(r->a, (r->groups.n + 1) *
                                                                  sizeof *r->group_names);
                        for (size_t q = 0; q < r->groups.n; q++)
                            r->group_names[q] = r->groups.items[q].name;
                    }
                    rs_unknown(r, TXC_UNKNOWN_GROUP, gn, "property group", r->group_names,
                               r->groups.n);
                    continue;
                }
                size_t gi = (size_t)((tx_group *)gd->item - r->t->groups);
                if (mk->gstamp[gi] == mk->token) {
                    tx_diag *dg = rs_err(r, TXC_DUPLICATE_REF, gn->span,
                                         "property group '%s' is listed twice", gn->str);
                    tx_diag_note(r->d, dg, group_names.items[mk->gpos[gi]]->span,
                                 "first listed here");
                    continue;
                }
                mk->gstamp[gi] = mk->token;
                mk->gpos[gi] = (uint32_t)groups.n;
                ((tx_group *)gd->item)->used = true;
                TX_PUSH(r->a, groups, (const tx_group *)gd->item);
                TX_PUSH(r->a, group_names, gn);
            }
            break;
        default: rs_meta_key(r, p, &e->meta); break;
        }
    }
    /* Flatten: direct properties first, then each group's, no duplicates
     * (a direct entry wins over a group's; the first group wins over later). */
    for (size_t i = 0; i < groups.n; i++) {
        const tx_group *g = groups.items[i];
        for (size_t j = 0; j < g->n_props; j++) {
            const tx_event_prop *gp = &g->props[j];
            if (gp->prop->local) {  /* not in the stamps (sized by the dictionary) */
                bool seen = false;
                for (size_t q = 0; q < props->n && !seen; q++)
                    seen = strcmp(props->items[q].prop->name, gp->prop->name) == 0;
                if (seen)
                    continue;
            } else {
                if (mk->stamp[gp->prop->index] == mk->token)
                    continue;
                mk->stamp[gp->prop->index] = mk->token;
                mk->pos[gp->prop->index] = (uint32_t)props->n;
            }
            tx_event_prop ep = *gp;
            ep.via = g;
            push_prop(props, ep);
        }
    }
    e->props = props_copy(r, props);
    e->n_props = props->n;
    e->groups = groups.items;
    e->n_groups = groups.n;
}

static void user_properties(rs *r)
{
    TX_VEC(const tx_property *) out = { 0 };
    /* where each property was first listed, by index (no scan per entry) */
    const yl_node **where = tx_xmalloc((r->t->n_props + 1) * sizeof *where);
    for (size_t i = 0; i < r->user_lists.n; i++) {
        const yl_node *l = r->user_lists.items[i];
        for (size_t j = 0; j < l->n; j++) {
            const yl_node *n = l->items[j];
            if (!is_string_node(n)) {
                rs_wrong_kind(r, n, "a property name", "'user_properties'");
                continue;
            }
            const tx_property *p = lookup_prop(r, n);
            if (!p)
                continue;
            if (p->is_user) {
                tx_diag *dg = rs_err(r, TXC_DUPLICATE_REF, n->span,
                                     "user property '%s' is listed twice", n->str);
                tx_diag_note(r->d, dg, where[p->index]->span, "first listed here");
                continue;
            }
            ((tx_property *)p)->is_user = true;
            TX_PUSH(r->a, out, p);
            where[p->index] = n;
        }
    }
    free(where);
    r->t->user_props = out.items;
    r->t->n_user_props = out.n;
}

/* ---- driver --------------------------------------------------------- */

const tx_taxonomy *rs_resolve(tx_ctx *ctx, tx_doc *docs, size_t n, const tx_load_opts *o,
                              tx_arena *scratch)
{
    (void)o;
    rs r = { 0 };
    r.ctx = ctx;
    r.a = ctx->arena;
    r.scratch = scratch;
    r.d = &ctx->diags;
    tx_taxonomy *t = tx_arena_alloc(r.a, sizeof *t);
    r.t = t;
    t->sources = &ctx->sources;
    t->conv.event_style = "action_object";
    t->conv.event_casing = "snake_case";
    t->conv.property_casing = "snake_case";
    t->conv.event_max_length = -1;
    t->conv.property_max_length = -1;
    t->conv.span = TX_NO_SPAN;
    t->conv.event_style_span = t->conv.actions_span = TX_NO_SPAN;
    t->conv.event_pattern_span = t->conv.property_pattern_span = TX_NO_SPAN;
    t->name_span = t->version_span = TX_NO_SPAN;

    for (size_t i = 0; i < n; i++)
        top_level(&r, &docs[i]);
    tx_strmap_free(&r.event_ix);    /* only duplicates needed it */

    /* Named types, in declaration order. */
    rs_types_begin(&r);
    t->types = tx_arena_alloc(r.a, (r.types.n + 1) * sizeof *t->types);
    /* Each item's message contexts ("event 'x'") are scratch: given back
     * after the item, so a million of them never pile up. */
    tx_arena_mark mark = tx_arena_mark_now(r.scratch);
    for (size_t i = 0; i < r.types.n; i++) {
        rs_named_type(&r, &r.types.items[i]);
        t->types[t->n_types++] = r.types.items[i].item;
        tx_arena_release(r.scratch, mark);
    }

    /* The property dictionary. */
    t->props = tx_arena_alloc(r.a, (r.props.n + 1) * sizeof *t->props);
    r.prop_names = tx_arena_alloc(r.scratch, (r.props.n + 1) * sizeof *r.prop_names);
    for (size_t i = 0; i < r.props.n; i++) {
        rs_def *d = &r.props.items[i];
        tx_property *p = &t->props[t->n_props];
        p->name = d->name;
        p->span = d->key->span;
        p->index = (uint32_t)t->n_props++;
        d->item = p;
        r.prop_names[r.n_prop_names++] = d->name;
    }
    mark = tx_arena_mark_now(r.scratch);    /* keeps prop_names */
    for (size_t i = 0; i < r.props.n; i++) {
        rs_def *d = &r.props.items[i];
        tx_property *p = d->item;
        char *what = tx_arena_printf(r.scratch, "property '%s'", d->name);
        p->type = rs_type_spec(&r, d->val, RS_SPEC_PROPERTY, what, &p->meta, NULL);
        tx_arena_release(r.scratch, mark);
    }

    ref_marks mk = { 0 };
    mk.stamp = tx_xmalloc((t->n_props + 1) * sizeof *mk.stamp);
    mk.pos = tx_xmalloc((t->n_props + 1) * sizeof *mk.pos);
    memset(mk.stamp, 0, (t->n_props + 1) * sizeof *mk.stamp);
    mk.gstamp = tx_xmalloc((r.groups.n + 1) * sizeof *mk.gstamp);
    mk.gpos = tx_xmalloc((r.groups.n + 1) * sizeof *mk.gpos);
    memset(mk.gstamp, 0, (r.groups.n + 1) * sizeof *mk.gstamp);

    t->groups = tx_arena_alloc(r.a, (r.groups.n + 1) * sizeof *t->groups);
    for (size_t i = 0; i < r.groups.n; i++) {
        rs_def *d = &r.groups.items[i];
        tx_group *g = &t->groups[t->n_groups++];
        g->name = d->name;
        g->span = d->key->span;
        d->item = g;
    }
    for (size_t i = 0; i < r.groups.n; i++) {
        resolve_group(&r, &mk, &r.groups.items[i]);
        tx_arena_release(r.scratch, mark);
    }

    t->events = tx_arena_alloc(r.a, (r.events.n + 1) * sizeof *t->events);
    for (size_t i = 0; i < r.events.n; i++) {
        rs_def *d = &r.events.items[i];
        tx_event *e = &t->events[t->n_events];
        e->name = d->name;
        e->span = d->key->span;
        e->category_span = TX_NO_SPAN;
        e->index = (uint32_t)t->n_events++;
        d->item = e;
        resolve_event(&r, &mk, d);
        tx_arena_release(r.scratch, mark);
    }
    free(mk.stamp);
    free(mk.pos);
    free(mk.props.items);
    free(mk.gstamp);
    free(mk.gpos);

    user_properties(&r);
    rs_funnels(&r);
    t->local_props = tx_arena_alloc(r.a, (r.locals.n + 1) * sizeof *t->local_props);
    if (r.locals.n)
        memcpy(t->local_props, r.locals.items, r.locals.n * sizeof *t->local_props);
    t->n_local_props = r.locals.n;

    tx_strmap_free(&r.type_ix);
    tx_strmap_free(&r.prop_ix);
    tx_strmap_free(&r.group_ix);
    tx_strmap_free(&r.event_ix);
    if (ctx->diags.n_error)
        return NULL;
    tx_model_index(t, r.a);
    t->content_hash = tx_model_hash(t);
    return t;
}
