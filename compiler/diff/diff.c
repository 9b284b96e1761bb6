/* The diff engine: pairs up the items of two models by name (then guesses
 * renames among what is left, see detect_renames), compares each pair
 * attribute by attribute, and records one tx_change per difference with
 * its class from the TX_CHANGE_KINDS table. Types are compared by their
 * *effective* constraints (schema/constraints.h), so a property that
 * switches from an inline type to an equal named one only reports the
 * reference change. A change to a named type is reported once, on the
 * type, not again on every property that uses it.
 *
 * Approach: one pass per item kind, in model order, so the output is
 * deterministic; the changes are then sorted stably by class. All strings
 * are copied into the result arena. */
#include "diff.h"
#include "../../schema/constraints.h"
#include "../../support/util.h"
#include "../../support/strbuf.h"
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const tx_change_kind_info kinds[] = {
#define TX_X_(e, id, cls, doc) { id, TX_CHG_##cls, doc },
    TX_CHANGE_KINDS(TX_X_)
#undef TX_X_
};

const tx_change_kind_info *tx_change_kind_get(tx_change_kind k)
{
    return (unsigned)k < TX_CK_COUNT_ ? &kinds[k] : NULL;
}

const char *tx_change_class_name(tx_change_class c)
{
    static const char *const names[] = { "none", "docs", "compatible", "breaking" };
    return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

const char *tx_subject_name(tx_subject s)
{
    static const char *const names[] = { "taxonomy", "type", "property", "group", "event" };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* ---- context ------------------------------------------------------------ */

#define MAX_DEPTH 64

/* The kinds of named items, in the order they are diffed (kinds_of below). */
enum { K_TYPE, K_PROP, K_GROUP, K_EVENT, K__N };

typedef struct dctx {
    tx_arena *a;
    const tx_taxonomy *o, *n;
    TX_VEC(tx_change) ch;
    /* per item kind: old index -> new index (or -1), and back; filled by
     * name, then renames */
    long *map[K__N], *rmap[K__N];
    bool no_renames;
    /* order-free hashes for the rename evidence, computed once on demand:
     * per property the events carrying it, per named type the properties
     * naming it */
    uint64_t *carriers[2], *type_users[2];
} dctx;

/* Where a change is: the item and a path inside it. */
typedef struct where {
    tx_subject subj;
    const char *name;       /* arena copy, display name */
    const char *path;       /* "" at the item itself */
    tx_span os, ns;
} where;

/* Names and values in one-line messages: control characters escaped, long
 * text cut at `max` code points (0 = no limit). */
static const char *show(dctx *dc, const char *s, size_t max)
{
    if (!s)
        return "";
    tx_sb sb = TX_SB_INIT;
    size_t n = strlen(s), cps = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (max && cps == max) {
            tx_sb_adds(&sb, "...");
            break;
        }
        if (c == '\n')
            tx_sb_adds(&sb, "\\n");
        else if (c == '\t')
            tx_sb_adds(&sb, "\\t");
        else if (c < 0x20 || c == 0x7f)
            tx_sb_addf(&sb, "\\x%02x", c);
        else {
            uint32_t cp;
            size_t l = tx_utf8_decode(s + i, n - i, &cp);
            if (l == 0) {
                tx_sb_addf(&sb, "\\x%02x", c);
                i++;
                cps++;
                continue;
            }
            tx_sb_add(&sb, s + i, l);
            i += l;
            cps++;
            continue;
        }
        i++;
        cps++;
    }
    const char *r = tx_arena_strndup(dc->a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

static const char *dup(dctx *dc, const char *s) { return s ? tx_arena_strdup(dc->a, s) : NULL; }

/* Records a change. `detail` is the text after "<subject> 'name': ". */
static tx_change *emit(dctx *dc, const where *w, tx_change_kind k, const char *what,
                       const char *ov, const char *nv, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

static tx_change *emit(dctx *dc, const where *w, tx_change_kind k, const char *what,
                       const char *ov, const char *nv, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *detail = tx_arena_vprintf(dc->a, fmt, ap);
    va_end(ap);
    tx_change c = {
        .kind = k,
        .cls = kinds[k].cls,
        .subject = w->subj,
        .name = w->name,
        .path = w->path,
        .what = what,
        .old_value = dup(dc, ov),
        .new_value = dup(dc, nv),
        .old_span = w->os,
        .new_span = w->ns,
    };
    const char *subj = tx_subject_name(w->subj);
    c.detail = w->path[0] ? tx_arena_printf(dc->a, "%s: %s", w->path, detail) : detail;
    if (w->path[0])
        c.message = tx_arena_printf(dc->a, "%s '%s': %s: %s", subj, show(dc, w->name, 0),
                                    w->path, detail);
    else if (k == TX_CK_ADDED || k == TX_CK_REMOVED || k == TX_CK_REMOVED_UNUSED)
        c.message = tx_arena_printf(dc->a, "%s '%s' %s", subj, show(dc, w->name, 0), detail);
    else
        c.message = tx_arena_printf(dc->a, "%s '%s': %s", subj, show(dc, w->name, 0), detail);
    TX_PUSH(dc->a, dc->ch, c);
    return &dc->ch.items[dc->ch.n - 1];
}

static where sub(dctx *dc, const where *w, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static where sub(dctx *dc, const where *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = tx_arena_vprintf(dc->a, fmt, ap);
    va_end(ap);
    where r = *w;
    r.path = w->path[0] ? tx_arena_printf(dc->a, "%s.%s", w->path, p) : p;
    return r;
}

/* ---- type attributes ------------------------------------------------------
 * Types are read through their effective constraints (tx_eff_of,
 * schema/constraints.h); `parent` is only the name a refinement refines. */

/* The format as the diff shows it: as written, or its name. */
static const char *format_text(const tx_eff *e)
{
    if (e->format == TX_FMT_NONE)
        return NULL;
    if (e->format == TX_FMT_DATE_PATTERN)
        return e->format_text ? e->format_text : "pattern";
    return tx_format_name(e->format);
}

static const char *num_text(dctx *dc, const tx_num *v)
{
    if (!v)
        return NULL;
    if (v->text)
        return v->text;
    return v->is_int ? tx_arena_printf(dc->a, "%" PRId64, v->i) : tx_arena_printf(dc->a, "%.17g", v->d);
}

static int num_cmp(const tx_num *a, const tx_num *b)
{
    if (a->is_int && b->is_int)
        return (a->i > b->i) - (a->i < b->i);
    double x = a->is_int ? (double)a->i : a->d, y = b->is_int ? (double)b->i : b->d;
    return (x > y) - (x < y);
}

static bool enum_eq(tx_base base, const tx_enum_value *a, const tx_enum_value *b)
{
    if ((base == TX_INTEGER || base == TX_NUMBER) && a->num.set && b->num.set)
        return num_cmp(&a->num, &b->num) == 0;
    return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static const char *enum_show(dctx *dc, const tx_enum_value *v)
{
    return show(dc, tx_arena_strndup(dc->a, v->str, v->len), 0);
}

/* ---- name maps ---------------------------------------------------------- */

static long type_index(const tx_taxonomy *t, const tx_type *ty)
{
    for (size_t i = 0; i < t->n_types; i++)
        if (t->types[i] == ty)
            return (long)i;
    return -1;
}

static long *new_map(dctx *dc, size_t n)
{
    long *m = tx_arena_alloc(dc->a, (n ? n : 1) * sizeof *m);
    for (size_t i = 0; i < n; i++)
        m[i] = -1;
    return m;
}

/* The new name an old named type maps to (itself when kept, the new name
 * when renamed), or NULL when it is gone. */
static const char *mapped_type_name(const dctx *dc, const tx_type *old_t)
{
    long i = type_index(dc->o, old_t);
    if (i < 0)
        return old_t->name;
    return dc->map[K_TYPE][i] >= 0 ? dc->n->types[dc->map[K_TYPE][i]]->name : NULL;
}

static const char *mapped_prop_name(const dctx *dc, const tx_property *p)
{
    /* an event-local property is not in the dictionary: its name is its key */
    if (p->local)
        return p->name;
    long i = p - dc->o->props;
    return dc->map[K_PROP][i] >= 0 ? dc->n->props[dc->map[K_PROP][i]].name : NULL;
}

/* ---- signatures (for rename detection) ---------------------------------- */

static void sig_str(tx_sb *sb, const char *s, size_t n)
{
    tx_sb_addf(sb, "%zu:", n);
    tx_sb_add(sb, s, n);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* `old_side`: names of named types are mapped to NEW names first, so that a
 * property keeps its signature across a type rename. */
static void type_sig(dctx *dc, tx_sb *sb, const tx_type *t, bool old_side, bool top, int depth)
{
    if (!t || depth > MAX_DEPTH) {
        tx_sb_adds(sb, "?");
        return;
    }
    if (t->name && !top) {
        const char *nm = old_side ? mapped_type_name(dc, t) : t->name;
        if (!nm)
            nm = "\x01gone";
        tx_sb_addc(sb, '@');
        sig_str(sb, nm, strlen(nm));
        return;
    }
    tx_eff e = tx_eff_of(t);
    tx_sb_addf(sb, "b%d", (int)e.base);
    if (e.nullable)
        tx_sb_adds(sb, "n");
    if (e.n_enum) {
        const char **vals = tx_xmalloc(e.n_enum * sizeof *vals);
        for (size_t i = 0; i < e.n_enum; i++)
            vals[i] = tx_arena_strndup(dc->a, e.enums[i].str, e.enums[i].len);
        qsort(vals, e.n_enum, sizeof *vals, cmp_cstr);
        tx_sb_adds(sb, "e[");
        for (size_t i = 0; i < e.n_enum; i++)
            sig_str(sb, vals[i], strlen(vals[i]));
        tx_sb_adds(sb, "]");
        free(vals);
    }
    if (e.min)
        tx_sb_addf(sb, "<%.17g", e.min->is_int ? (double)e.min->i : e.min->d);
    if (e.max)
        tx_sb_addf(sb, ">%.17g", e.max->is_int ? (double)e.max->i : e.max->d);
    const int64_t lens[] = { e.min_length, e.max_length, e.min_items, e.max_items };
    for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++)
        tx_sb_addf(sb, "l%" PRId64, lens[k]);
    if (e.pattern) {
        tx_sb_adds(sb, "p");
        sig_str(sb, e.pattern, strlen(e.pattern));
    }
    const char *f = format_text(&e);
    if (f) {
        tx_sb_adds(sb, "f");
        sig_str(sb, f, strlen(f));
    }
    if (e.items) {
        tx_sb_adds(sb, "i(");
        type_sig(dc, sb, e.items, old_side, false, depth + 1);
        tx_sb_adds(sb, ")");
    }
    if (e.n_fields) {
        tx_sb_adds(sb, "o{");
        for (size_t i = 0; i < e.n_fields; i++) {
            sig_str(sb, e.fields[i].name, strlen(e.fields[i].name));
            tx_sb_addc(sb, e.fields[i].required ? 'R' : 'O');
            type_sig(dc, sb, e.fields[i].type, old_side, false, depth + 1);
            tx_sb_addc(sb, ';');
        }
        tx_sb_adds(sb, "}");
    }
}

static const char *prop_sig(dctx *dc, const tx_property *p, bool old_side)
{
    tx_sb sb = TX_SB_INIT;
    type_sig(dc, &sb, p->type, old_side, false, 0);
    const char *r = tx_arena_strndup(dc->a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

static const char *named_type_sig(dctx *dc, const tx_type *t, bool old_side)
{
    tx_sb sb = TX_SB_INIT;
    type_sig(dc, &sb, t, old_side, true, 0);
    const char *r = tx_arena_strndup(dc->a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

/* Member list of an event or group as "name:R" items, sorted; old side
 * names are mapped through property renames. */
static const char *members_sig(dctx *dc, const tx_event_prop *ps, size_t n, bool old_side)
{
    const char **items = tx_xmalloc((n ? n : 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const char *nm = ps[i].prop->name;
        if (old_side) {
            const char *m = mapped_prop_name(dc, ps[i].prop);
            nm = m ? m : tx_arena_printf(dc->a, "\x01gone:%s", nm);
        }
        items[i] = tx_arena_printf(dc->a, "%s\x02%c", nm, ps[i].required ? 'R' : 'O');
    }
    qsort(items, n, sizeof *items, cmp_cstr);
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < n; i++)
        sig_str(&sb, items[i], strlen(items[i]));
    free(items);
    const char *r = tx_arena_strndup(dc->a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

static bool same_text(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static bool near_names(const char *a, const char *b)
{
    size_t an = strlen(a), bn = strlen(b);
    size_t m = an < bn ? an : bn;
    size_t cap = m / 3 > 2 ? m / 3 : 2;
    return tx_edit_distance(a, an, b, bn, cap) <= cap;
}

/* ---- rename detection ---------------------------------------------------
 * Among the items only in OLD (removed) and only in NEW (added), a pair is
 * taken as a rename when (1) their signatures are equal (same effective
 * type, or same member list with the same required flags), (2) a support
 * test passes (see each kind), and (3) the match is unique both ways: the
 * removed item has exactly one candidate and that candidate has exactly
 * one. Anything ambiguous stays a removal plus an addition. */

typedef struct rn_item {
    long idx;
    uint64_t h;
    const char *sig;
} rn_item;

typedef bool (*support_fn)(dctx *dc, long old_i, long new_i);

static int rn_cmp(const void *a, const void *b)
{
    const rn_item *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static size_t rn_lower(const rn_item *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].h < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Finds the only candidate of `x` in `pool` (sorted), or -1 when none or
 * several. `x_is_old` tells the support test which side x is on. */
static long rn_only(dctx *dc, const rn_item *x, const rn_item *pool, size_t np, support_fn sup,
                    bool x_is_old)
{
    long found = -1;
    for (size_t k = rn_lower(pool, np, x->h); k < np && pool[k].h == x->h; k++) {
        if (strcmp(pool[k].sig, x->sig) != 0)
            continue;
        bool ok = x_is_old ? sup(dc, x->idx, pool[k].idx) : sup(dc, pool[k].idx, x->idx);
        if (!ok)
            continue;
        if (found >= 0)
            return -1;
        found = pool[k].idx;
    }
    return found;
}

typedef const char *(*sig_fn)(dctx *dc, long i, bool old_side);

typedef TX_VEC(rn_item) rn_vec;

/* One side's items left unpaired (map[i] < 0), with their signatures. */
static rn_vec unpaired(dctx *dc, size_t n, const long *map, sig_fn sig, bool old_side)
{
    rn_vec v = { 0 };
    for (size_t i = 0; i < n; i++)
        if (map[i] < 0) {
            const char *s = sig(dc, (long)i, old_side);
            rn_item it = { (long)i, tx_hash64(s, strlen(s)), s };
            TX_PUSH(dc->a, v, it);
        }
    return v;
}

static void detect_renames(dctx *dc, size_t n_old, size_t n_new, long *map, long *rmap,
                           sig_fn sig, support_fn sup)
{
    if (dc->no_renames)
        return;
    rn_vec rem = unpaired(dc, n_old, map, sig, true);
    if (!rem.n)
        return;
    rn_vec add = unpaired(dc, n_new, rmap, sig, false);
    if (!add.n)
        return;
    qsort(add.items, add.n, sizeof *add.items, rn_cmp);
    rn_item *rem_sorted = tx_arena_alloc(dc->a, rem.n * sizeof *rem_sorted);
    memcpy(rem_sorted, rem.items, rem.n * sizeof *rem_sorted);
    qsort(rem_sorted, rem.n, sizeof *rem_sorted, rn_cmp);
    for (size_t i = 0; i < rem.n; i++) {
        const rn_item *r = &rem.items[i];
        long a = rn_only(dc, r, add.items, add.n, sup, true);
        if (a < 0 || rmap[a] >= 0)
            continue;
        /* the candidate must have only this one candidate too */
        const rn_item *ai = NULL;
        for (size_t k = rn_lower(add.items, add.n, r->h); k < add.n && add.items[k].h == r->h; k++)
            if (add.items[k].idx == a)
                ai = &add.items[k];
        if (!ai || rn_only(dc, ai, rem_sorted, rem.n, sup, false) != r->idx)
            continue;
        map[r->idx] = a;
        rmap[a] = r->idx;
    }
}

static const char *sig_type(dctx *dc, long i, bool old_side)
{
    return named_type_sig(dc, (old_side ? dc->o : dc->n)->types[i], old_side);
}

/* Per item index of one side, an order-free hash of its users (fill adds
 * each user's hash at the index), computed once on demand into memo. */
typedef void (*hash_fill_fn)(const tx_taxonomy *t, uint64_t *h);

static const uint64_t *memo_hashes(dctx *dc, uint64_t *memo[2], int side, size_t n,
                                   hash_fill_fn fill)
{
    if (!memo[side]) {
        memo[side] = tx_arena_alloc(dc->a, (n + 1) * sizeof *memo[side]);
        fill(side ? dc->n : dc->o, memo[side]);
    }
    return memo[side];
}

/* Evidence for a rename of a type or a property: the same description, near
 * names, or the same (non-empty) users on both sides. */
static bool sup_named(dctx *dc, const char *an, const char *bn, const tx_meta *am,
                      const tx_meta *bm, const uint64_t *(*users)(dctx *, int), long oi, long ni)
{
    if (same_text(am->description, bm->description) || near_names(an, bn))
        return true;
    uint64_t ha = users(dc, 0)[oi];
    return ha && ha == users(dc, 1)[ni];
}

/* Properties that name each type directly, by type index, as hashes of
 * their names (raw names: types are paired before properties). */
static void fill_type_users(const tx_taxonomy *t, uint64_t *h)
{
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_type *ty = t->props[i].type;
        if (!ty || !ty->name)
            continue;
        long k = type_index(t, ty);
        if (k >= 0)
            h[k] += tx_hash64(t->props[i].name, strlen(t->props[i].name)) | 1;
    }
}

static const uint64_t *type_users(dctx *dc, int side)
{
    return memo_hashes(dc, dc->type_users, side, (side ? dc->n : dc->o)->n_types, fill_type_users);
}

static bool sup_type(dctx *dc, long oi, long ni)
{
    const tx_type *a = dc->o->types[oi], *b = dc->n->types[ni];
    return sup_named(dc, a->name, b->name, &a->meta, &b->meta, type_users, oi, ni);
}

static const char *sig_prop(dctx *dc, long i, bool old_side)
{
    return prop_sig(dc, &(old_side ? dc->o : dc->n)->props[i], old_side);
}

/* Events carrying each property, by property index, as hashes of event
 * names. One pass over all events. */
static void fill_carriers(const tx_taxonomy *t, uint64_t *h)
{
    for (size_t i = 0; i < t->n_events; i++) {
        uint64_t eh = tx_hash64(t->events[i].name, strlen(t->events[i].name)) | 1;
        for (size_t j = 0; j < t->events[i].n_props; j++)
            h[t->events[i].props[j].prop - t->props] += eh;
    }
}

static const uint64_t *carriers(dctx *dc, int side)
{
    return memo_hashes(dc, dc->carriers, side, (side ? dc->n : dc->o)->n_props, fill_carriers);
}

static bool sup_prop(dctx *dc, long oi, long ni)
{
    const tx_property *a = &dc->o->props[oi], *b = &dc->n->props[ni];
    return sup_named(dc, a->name, b->name, &a->meta, &b->meta, carriers, oi, ni);
}

static const char *sig_group(dctx *dc, long i, bool old_side)
{
    const tx_group *g = &(old_side ? dc->o : dc->n)->groups[i];
    return members_sig(dc, g->props, g->n_props, old_side);
}

static bool sup_group(dctx *dc, long oi, long ni)
{
    (void)ni;
    return dc->o->groups[oi].n_props > 0;
}

static const char *sig_event(dctx *dc, long i, bool old_side)
{
    const tx_event *e = &(old_side ? dc->o : dc->n)->events[i];
    return members_sig(dc, e->props, e->n_props, old_side);
}

static bool sup_event(dctx *dc, long oi, long ni)
{
    const tx_event *a = &dc->o->events[oi], *b = &dc->n->events[ni];
    if (a->n_props > 0)
        return true;
    return same_text(a->meta.description, b->meta.description) || same_text(a->trigger, b->trigger);
}

/* ---- comparisons -------------------------------------------------------- */

static void cmp_text(dctx *dc, const where *w, tx_change_kind k, const char *what,
                     const char *a, const char *b)
{
    if ((!a && !b) || (a && b && strcmp(a, b) == 0))
        return;
    if (!a)
        emit(dc, w, k, what, a, b, "%s added: '%s'", what, show(dc, b, 60));
    else if (!b)
        emit(dc, w, k, what, a, b, "%s removed (was '%s')", what, show(dc, a, 60));
    else
        emit(dc, w, k, what, a, b, "%s changed from '%s' to '%s'", what, show(dc, a, 60),
             show(dc, b, 60));
}

/* A flag turned on or off. */
static void cmp_flag(dctx *dc, const where *w, const char *what, bool a, bool b, tx_change_kind on,
                     tx_change_kind off, const char *on_text, const char *off_text)
{
    if (!a && b)
        emit(dc, w, on, what, "false", "true", "%s", on_text);
    else if (a && !b)
        emit(dc, w, off, what, "true", "false", "%s", off_text);
}

static void cmp_meta(dctx *dc, const where *w, const tx_meta *a, const tx_meta *b)
{
    if (!a->deprecated && b->deprecated) {
        if (b->deprecated_reason)
            emit(dc, w, TX_CK_DEPRECATED, "deprecated", "false", "true", "deprecated: %s",
                 show(dc, b->deprecated_reason, 80));
        else
            emit(dc, w, TX_CK_DEPRECATED, "deprecated", "false", "true", "deprecated");
    } else if (a->deprecated && !b->deprecated) {
        emit(dc, w, TX_CK_UNDEPRECATED, "deprecated", "true", "false", "no longer deprecated");
    } else if (a->deprecated && b->deprecated) {
        cmp_text(dc, w, TX_CK_DESCRIPTION, "deprecation reason", a->deprecated_reason,
                 b->deprecated_reason);
    }
    cmp_text(dc, w, TX_CK_DESCRIPTION, "description", a->description, b->description);
    cmp_text(dc, w, TX_CK_OWNER, "owner", a->owner, b->owner);
    if (a->pii != b->pii)
        emit(dc, w, TX_CK_PII, "pii", a->pii ? "true" : "false", b->pii ? "true" : "false",
             "pii changed from %s to %s", a->pii ? "true" : "false", b->pii ? "true" : "false");
}

static void cmp_bound(dctx *dc, const where *w, const char *what, const tx_num *a,
                      const tx_num *b, bool is_min)
{
    if (!a && !b)
        return;
    const char *at = num_text(dc, a), *bt = num_text(dc, b);
    if (!a) {
        emit(dc, w, TX_CK_TIGHTENED, what, NULL, bt, "%s %s added", what, bt);
        return;
    }
    if (!b) {
        emit(dc, w, TX_CK_LOOSENED, what, at, NULL, "%s %s removed", what, at);
        return;
    }
    int c = num_cmp(b, a);
    if (c == 0)
        return;
    bool tighter = is_min ? c > 0 : c < 0;
    emit(dc, w, tighter ? TX_CK_TIGHTENED : TX_CK_LOOSENED, what, at, bt, "%s %s from %s to %s",
         what, c > 0 ? "raised" : "lowered", at, bt);
}

static void cmp_len(dctx *dc, const where *w, const char *what, int64_t a, int64_t b, bool is_min)
{
    tx_num x = { .set = true, .is_int = true, .i = a, .d = (double)a };
    tx_num y = { .set = true, .is_int = true, .i = b, .d = (double)b };
    x.text = tx_arena_printf(dc->a, "%" PRId64, a);
    y.text = tx_arena_printf(dc->a, "%" PRId64, b);
    cmp_bound(dc, w, what, a >= 0 ? &x : NULL, b >= 0 ? &y : NULL, is_min);
}

static const char *base_text(dctx *dc, const tx_type *t, int depth)
{
    if (t->base == TX_ARRAY) {
        const tx_type *it = tx_eff_of(t).items;
        if (it && depth < 8)
            return tx_arena_printf(dc->a, "array of %s",
                                   it->name ? it->name : base_text(dc, it, depth + 1));
    }
    return tx_base_name(t->base);
}

static void cmp_ref(dctx *dc, const where *w, const tx_type *a, const tx_type *b, int depth);

static void cmp_enum(dctx *dc, const where *w, const tx_eff *ea, const tx_eff *eb)
{
    if (!ea->n_enum && !eb->n_enum)
        return;
    if (!ea->n_enum) {
        emit(dc, w, TX_CK_ENUM_ADDED, "enum", NULL, NULL, "allowed values introduced (%zu values)",
             eb->n_enum);
        return;
    }
    if (!eb->n_enum) {
        emit(dc, w, TX_CK_ENUM_REMOVED, "enum", NULL, NULL,
             "list of allowed values dropped (%zu values; generated enums change)", ea->n_enum);
        return;
    }
    for (size_t i = 0; i < ea->n_enum; i++) {
        const tx_enum_value *va = &ea->enums[i], *match = NULL;
        for (size_t j = 0; j < eb->n_enum && !match; j++)
            if (enum_eq(ea->base, va, &eb->enums[j]))
                match = &eb->enums[j];
        const char *s = enum_show(dc, va);
        if (!match)
            emit(dc, w, TX_CK_ENUM_VALUE_REMOVED, "enum", s, NULL, "allowed value '%s' removed", s);
        else {
            where vw = sub(dc, w, "enum '%s'", s);
            cmp_text(dc, &vw, TX_CK_DESCRIPTION, "description", va->description, match->description);
        }
    }
    for (size_t j = 0; j < eb->n_enum; j++) {
        bool found = false;
        for (size_t i = 0; i < ea->n_enum && !found; i++)
            found = enum_eq(ea->base, &ea->enums[i], &eb->enums[j]);
        if (!found) {
            const char *s = enum_show(dc, &eb->enums[j]);
            emit(dc, w, TX_CK_ENUM_VALUE_ADDED, "enum", NULL, s, "allowed value '%s' added", s);
        }
    }
}

static void cmp_fields(dctx *dc, const where *w, const tx_eff *fa, const tx_eff *fb, int depth)
{
    size_t na = fa->n_fields, nb = fb->n_fields;
    for (size_t i = 0; i < na; i++) {
        const tx_field *x = &fa->fields[i], *y = NULL;
        for (size_t j = 0; j < nb && !y; j++)
            if (strcmp(fb->fields[j].name, x->name) == 0)
                y = &fb->fields[j];
        where fw = sub(dc, w, "%s", show(dc, x->name, 0));
        if (!y) {
            fw.path = w->path;
            emit(dc, &fw, TX_CK_FIELD_REMOVED, "fields", x->name, NULL, "field '%s' removed",
                 show(dc, x->name, 0));
            continue;
        }
        cmp_flag(dc, &fw, "required", x->required, y->required, TX_CK_NOW_REQUIRED,
                 TX_CK_NOW_OPTIONAL, "now required", "now optional");
        cmp_meta(dc, &fw, &x->meta, &y->meta);
        cmp_ref(dc, &fw, x->type, y->type, depth + 1);
    }
    for (size_t j = 0; j < nb; j++) {
        const tx_field *y = &fb->fields[j];
        bool found = false;
        for (size_t i = 0; i < na && !found; i++)
            found = strcmp(fa->fields[i].name, y->name) == 0;
        if (!found)
            emit(dc, w, y->required ? TX_CK_REQ_FIELD_ADDED : TX_CK_FIELD_ADDED, "fields", NULL,
                 y->name, "%s field '%s' added", y->required ? "required" : "optional",
                 show(dc, y->name, 0));
    }
}

/* An object's other members (issue 16's `additional`): closed, any value,
 * or values of one type, in that order of width. */
static void cmp_open(dctx *dc, const where *w, const tx_eff *ea, const tx_eff *eb, int depth)
{
    const char *x = !ea->open ? "closed" : ea->additional ? "typed" : "any";
    const char *y = !eb->open ? "closed" : eb->additional ? "typed" : "any";
    if (ea->open && eb->open && ea->additional && eb->additional) {
        where aw = sub(dc, w, "additional");
        cmp_ref(dc, &aw, ea->additional, eb->additional, depth + 1);
        return;
    }
    if (strcmp(x, y) == 0)
        return;
    const char *ya = eb->additional ? base_text(dc, eb->additional, 0) : NULL;
    if (!ea->open || (eb->open && !eb->additional))
        emit(dc, w, TX_CK_OBJECT_OPENED, "additional", x, y, "now accepts other members%s%s",
             ya ? " of type " : "", ya ? ya : "");
    else
        emit(dc, w, TX_CK_OBJECT_CLOSED, "additional", x, y, "%s",
             eb->open ? tx_arena_printf(dc->a, "other members must now be %s", ya)
                      : "no longer accepts other members");
}

/* A union's branches, paired by base (a union holds one per JSON type). */
static void cmp_branches(dctx *dc, const where *w, const tx_eff *ea, const tx_eff *eb, int depth)
{
    for (size_t i = 0; i < ea->n_branches; i++) {
        const tx_type *x = ea->branches[i], *y = NULL;
        for (size_t j = 0; j < eb->n_branches && !y; j++)
            if (eb->branches[j]->base == x->base)
                y = eb->branches[j];
        const char *bn = tx_base_name(x->base);
        if (!y) {
            emit(dc, w, TX_CK_UNION_NARROWED, "type", bn, NULL, "branch '%s' removed from the union",
                 bn);
            continue;
        }
        where bw = sub(dc, w, "%s branch", bn);
        cmp_ref(dc, &bw, x, y, depth + 1);
    }
    for (size_t j = 0; j < eb->n_branches; j++) {
        bool found = false;
        for (size_t i = 0; i < ea->n_branches && !found; i++)
            found = ea->branches[i]->base == eb->branches[j]->base;
        if (!found) {
            const char *bn = tx_base_name(eb->branches[j]->base);
            emit(dc, w, TX_CK_UNION_WIDENED, "type", NULL, bn, "branch '%s' added to the union", bn);
        }
    }
}

/* A text constraint (pattern, format) added, removed or changed. */
static void cmp_constraint_text(dctx *dc, const where *w, const char *what, const char *a,
                                const char *b, tx_change_kind added, tx_change_kind removed,
                                tx_change_kind changed)
{
    if (!a && b)
        emit(dc, w, added, what, NULL, b, "%s '%s' added", what, show(dc, b, 0));
    else if (a && !b)
        emit(dc, w, removed, what, a, NULL, "%s '%s' removed", what, show(dc, a, 0));
    else if (a && b && strcmp(a, b) != 0)
        emit(dc, w, changed, what, a, b, "%s changed from '%s' to '%s'", what, show(dc, a, 0),
             show(dc, b, 0));
}

/* The constraints of a type compared one by one, in the order they are
 * reported: a new constraint of the effective view (tx_eff) is one row
 * here, with its change kinds in diff.h. Items, members and branches,
 * which recurse, follow in cmp_type. */
typedef enum { BY_FLAG, BY_ENUM, BY_BOUND, BY_LENGTH, BY_TEXT, BY_FORMAT } cmp_how;

typedef struct constraint_row {
    const char *what;           /* the attribute in the change */
    cmp_how how;
    size_t off;                 /* its field in tx_eff (not BY_ENUM, BY_FORMAT) */
    bool is_min;                /* BY_BOUND, BY_LENGTH: raising it tightens */
    bool array_only;            /* compared on arrays only */
    tx_change_kind added, removed, changed;     /* BY_FLAG: set, unset; BY_TEXT, BY_FORMAT */
    const char *set_text, *unset_text;          /* BY_FLAG */
} constraint_row;

static const constraint_row constraints[] = {
    { "nullable", BY_FLAG, offsetof(tx_eff, nullable), false, false, TX_CK_NULLABLE_ADDED,
      TX_CK_NULLABLE_REMOVED, 0, "now nullable", "no longer nullable" },
    { "enum", BY_ENUM, 0, false, false, 0, 0, 0, NULL, NULL },
    { "min", BY_BOUND, offsetof(tx_eff, min), true, false, 0, 0, 0, NULL, NULL },
    { "max", BY_BOUND, offsetof(tx_eff, max), false, false, 0, 0, 0, NULL, NULL },
    { "min_length", BY_LENGTH, offsetof(tx_eff, min_length), true, false, 0, 0, 0, NULL, NULL },
    { "max_length", BY_LENGTH, offsetof(tx_eff, max_length), false, false, 0, 0, 0, NULL, NULL },
    { "pattern", BY_TEXT, offsetof(tx_eff, pattern), false, false, TX_CK_PATTERN_ADDED,
      TX_CK_PATTERN_REMOVED, TX_CK_PATTERN_CHANGED, NULL, NULL },
    { "format", BY_FORMAT, 0, false, false, TX_CK_FORMAT_ADDED, TX_CK_FORMAT_REMOVED,
      TX_CK_FORMAT_CHANGED, NULL, NULL },
    { "min_items", BY_LENGTH, offsetof(tx_eff, min_items), true, true, 0, 0, 0, NULL, NULL },
    { "max_items", BY_LENGTH, offsetof(tx_eff, max_items), false, true, 0, 0, 0, NULL, NULL },
};

#define EFF_FIELD(e, T, off) (*(const T *)(const void *)((const char *)(e) + (off)))

static void cmp_constraint(dctx *dc, const where *w, const constraint_row *r, const tx_eff *ea,
                           const tx_eff *eb)
{
    switch (r->how) {
    case BY_FLAG:
        cmp_flag(dc, w, r->what, EFF_FIELD(ea, bool, r->off), EFF_FIELD(eb, bool, r->off),
                 r->added, r->removed, r->set_text, r->unset_text);
        break;
    case BY_ENUM:
        cmp_enum(dc, w, ea, eb);
        break;
    case BY_BOUND:
        cmp_bound(dc, w, r->what, EFF_FIELD(ea, const tx_num *, r->off),
                  EFF_FIELD(eb, const tx_num *, r->off), r->is_min);
        break;
    case BY_LENGTH:
        cmp_len(dc, w, r->what, EFF_FIELD(ea, int64_t, r->off), EFF_FIELD(eb, int64_t, r->off),
                r->is_min);
        break;
    case BY_TEXT:
        cmp_constraint_text(dc, w, r->what, EFF_FIELD(ea, const char *, r->off),
                            EFF_FIELD(eb, const char *, r->off), r->added, r->removed, r->changed);
        break;
    case BY_FORMAT:
        cmp_constraint_text(dc, w, r->what, format_text(ea), format_text(eb), r->added, r->removed,
                            r->changed);
        break;
    }
}

/* Effective comparison of two types at the same place. */
static void cmp_type(dctx *dc, const where *w, const tx_type *a, const tx_type *b, int depth)
{
    if (!a || !b || depth > MAX_DEPTH)
        return;
    if (a->base != b->base) {
        const char *x = base_text(dc, a, 0), *y = base_text(dc, b, 0);
        emit(dc, w, TX_CK_TYPE_CHANGED, "type", x, y, "type changed from '%s' to '%s'", x, y);
        return;
    }
    tx_eff ea = tx_eff_of(a), eb = tx_eff_of(b);
    for (size_t i = 0; i < sizeof constraints / sizeof constraints[0]; i++)
        if (!constraints[i].array_only || a->base == TX_ARRAY)
            cmp_constraint(dc, w, &constraints[i], &ea, &eb);
    if (a->base == TX_ARRAY && ea.items && eb.items) {
        where iw = sub(dc, w, "items");
        cmp_ref(dc, &iw, ea.items, eb.items, depth + 1);
    }
    if (a->base == TX_OBJECT) {
        cmp_fields(dc, w, &ea, &eb, depth);
        cmp_open(dc, w, &ea, &eb, depth);
    }
    if (a->base == TX_UNION)
        cmp_branches(dc, w, &ea, &eb, depth);
}

/* A type reference at a place (a property, items, a field): a named type
 * kept (or renamed) on both sides is compared once, at the type itself. */
static void cmp_ref(dctx *dc, const where *w, const tx_type *a, const tx_type *b, int depth)
{
    if (!a || !b)
        return;
    const char *an = a->name ? mapped_type_name(dc, a) : NULL;
    if (a->name && b->name && an && strcmp(an, b->name) == 0)
        return;
    if (a->name || b->name) {
        if (a->name && b->name)
            emit(dc, w, TX_CK_TYPE_REF_CHANGED, "type", a->name, b->name,
                 "now uses type '%s' instead of '%s'", show(dc, b->name, 0), show(dc, a->name, 0));
        else if (a->name)
            emit(dc, w, TX_CK_TYPE_REF_CHANGED, "type", a->name, NULL,
                 "no longer uses type '%s' (inline type instead)", show(dc, a->name, 0));
        else
            emit(dc, w, TX_CK_TYPE_REF_CHANGED, "type", NULL, b->name,
                 "now uses type '%s' instead of an inline type", show(dc, b->name, 0));
    }
    cmp_type(dc, w, a, b, depth);
}

/* ---- per item kind ------------------------------------------------------ */

static where item_where(dctx *dc, tx_subject s, const char *name, tx_span os, tx_span ns)
{
    return (where){ s, dup(dc, name), "", os, ns };
}

static void diff_taxonomy(dctx *dc)
{
    const tx_taxonomy *o = dc->o, *n = dc->n;
    where w = item_where(dc, TX_SUBJ_TAXONOMY, n->name ? n->name : "", o->name_span, n->name_span);
    if (o->name && n->name && strcmp(o->name, n->name) != 0) {
        tx_change *c = emit(dc, &w, TX_CK_TAXONOMY_RENAMED, "name", o->name, n->name,
                            "renamed from '%s' (generated code namespace changes)",
                            show(dc, o->name, 0));
        c->old_name = dup(dc, o->name);
    }
    cmp_text(dc, &w, TX_CK_DESCRIPTION, "description", o->description, n->description);
}

/* Member lists of events and groups, compared under property renames. */
static const tx_event_prop *find_member(const tx_event_prop *ps, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ps[i].prop->name, name) == 0)
            return &ps[i];
    return NULL;
}

/* A slot with a per-event variant on either side (issue 16): what the
 * event accepts is compared here, since the dictionary's changes (reported
 * at the property) do not reach it. */
static void cmp_variant(dctx *dc, const where *w, const tx_event_prop *x, const tx_event_prop *y,
                        const char *shown)
{
    if (!x->variant && !y->variant)
        return;
    where pw = sub(dc, w, "%s", shown);
    if (!x->variant)
        emit(dc, &pw, TX_CK_VARIANT_ADDED, "variant", NULL, "true",
             "now has a definition of its own in this %s", w->subj == TX_SUBJ_GROUP ? "group" : "event");
    else if (!y->variant)
        emit(dc, &pw, TX_CK_VARIANT_REMOVED, "variant", "true", NULL,
             "now uses the dictionary's definition");
    cmp_ref(dc, &pw, x->type, y->type, 0);
}

static void cmp_members(dctx *dc, const where *w, const tx_event_prop *pa, size_t na,
                        const tx_event_prop *pb, size_t nb, bool is_group)
{
    for (size_t i = 0; i < na; i++) {
        const char *nm = mapped_prop_name(dc, pa[i].prop);
        const tx_event_prop *y = nm ? find_member(pb, nb, nm) : NULL;
        const char *shown = show(dc, nm ? nm : pa[i].prop->name, 0);
        if (!y) {
            emit(dc, w, is_group ? TX_CK_GROUP_CHANGED : TX_CK_EVENT_PROP_REMOVED, "properties",
                 pa[i].prop->name, NULL, "property '%s' removed", show(dc, pa[i].prop->name, 0));
            continue;
        }
        cmp_variant(dc, w, &pa[i], y, shown);
        if (pa[i].required == y->required)
            continue;
        tx_change_kind k = is_group ? TX_CK_GROUP_CHANGED
                           : y->required ? TX_CK_NOW_REQUIRED : TX_CK_NOW_OPTIONAL;
        emit(dc, w, k, "required", pa[i].required ? "true" : "false", y->required ? "true" : "false",
             "property '%s' now %s", shown, y->required ? "required" : "optional");
    }
    for (size_t j = 0; j < nb; j++) {
        bool found = false;
        for (size_t i = 0; i < na && !found; i++) {
            const char *nm = mapped_prop_name(dc, pa[i].prop);
            found = nm && strcmp(nm, pb[j].prop->name) == 0;
        }
        if (found)
            continue;
        tx_change_kind k = is_group ? TX_CK_GROUP_CHANGED
                           : pb[j].required ? TX_CK_EVENT_REQ_PROP_ADDED : TX_CK_EVENT_PROP_ADDED;
        emit(dc, w, k, "properties", NULL, pb[j].prop->name, "%s property '%s' added",
             pb[j].required ? "required" : "optional", show(dc, pb[j].prop->name, 0));
    }
}

/* One row per kind of named item: how to read an item of a model and what
 * to compare once an old and a new one are paired. diff_items pairs them
 * (by name, then renames) and reports what was added, renamed and removed
 * the same way for every kind. */
typedef struct item_view {
    const char *name;
    tx_span span;
    const char *added;          /* the detail when it is new */
    bool used;                  /* when it is gone: "removed", else the kind's unused note */
} item_view;

typedef struct item_kind {
    tx_subject subj;            /* its name is the noun in "type 'a' renamed to 'b'" */
    tx_change_kind renamed;
    const char *unused_note;    /* the detail when an unused item is gone */
    size_t (*count)(const tx_taxonomy *t);
    item_view (*at)(const tx_taxonomy *t, size_t i);
    long (*indexed)(const tx_taxonomy *t, const char *name);   /* when t->index_, or NULL */
    sig_fn sig;
    support_fn sup;
    void (*cmp)(dctx *dc, const where *w, size_t oi, size_t ni);
} item_kind;

static long index_by_name(const item_kind *k, const tx_taxonomy *t, const char *name)
{
    if (t->index_ && k->indexed)
        return k->indexed(t, name);
    for (size_t i = 0, n = k->count(t); i < n; i++) {
        const char *s = k->at(t, i).name;
        if (s && strcmp(s, name) == 0)
            return (long)i;
    }
    return -1;
}

static void map_by_name(dctx *dc, const item_kind *k, long **map, long **rmap)
{
    size_t n_old = k->count(dc->o);
    *map = new_map(dc, n_old);
    *rmap = new_map(dc, k->count(dc->n));
    for (size_t i = 0; i < n_old; i++) {
        long j = index_by_name(k, dc->n, k->at(dc->o, i).name);
        if (j >= 0) {
            (*map)[i] = j;
            (*rmap)[j] = (long)i;
        }
    }
}

static void diff_items(dctx *dc, const item_kind *k, long **map, long **rmap)
{
    const tx_taxonomy *o = dc->o, *n = dc->n;
    map_by_name(dc, k, map, rmap);
    detect_renames(dc, k->count(o), k->count(n), *map, *rmap, k->sig, k->sup);
    for (size_t j = 0; j < k->count(n); j++) {
        item_view b = k->at(n, j);
        long i = (*rmap)[j];
        if (i < 0) {
            where w = item_where(dc, k->subj, b.name, TX_NO_SPAN, b.span);
            emit(dc, &w, TX_CK_ADDED, NULL, NULL, NULL, "%s", b.added);
            continue;
        }
        item_view a = k->at(o, (size_t)i);
        where w = item_where(dc, k->subj, b.name, a.span, b.span);
        if (strcmp(a.name, b.name) != 0) {
            tx_change *c = emit(dc, &w, k->renamed, "name", a.name, b.name,
                                "renamed from '%s'", show(dc, a.name, 0));
            c->old_name = dup(dc, a.name);
            c->message = tx_arena_printf(dc->a, "%s '%s' renamed to '%s'", tx_subject_name(k->subj),
                                         show(dc, a.name, 0), show(dc, b.name, 0));
        }
        k->cmp(dc, &w, (size_t)i, j);
    }
    for (size_t i = 0; i < k->count(o); i++)
        if ((*map)[i] < 0) {
            item_view a = k->at(o, i);
            where w = item_where(dc, k->subj, a.name, a.span, TX_NO_SPAN);
            if (a.used)
                emit(dc, &w, TX_CK_REMOVED, NULL, NULL, NULL, "removed");
            else
                emit(dc, &w, TX_CK_REMOVED_UNUSED, NULL, NULL, NULL, "%s", k->unused_note);
        }
}

/* types */
static size_t n_types(const tx_taxonomy *t) { return t->n_types; }

static item_view type_at(const tx_taxonomy *t, size_t i)
{
    const tx_type *x = t->types[i];
    return (item_view){ x->name, x->span, "added", x->used };
}

static void cmp_type_item(dctx *dc, const where *w, size_t oi, size_t ni)
{
    const tx_type *a = dc->o->types[oi], *b = dc->n->types[ni];
    cmp_meta(dc, w, &a->meta, &b->meta);
    cmp_type(dc, w, a, b, 0);
}

/* properties */
static size_t n_props(const tx_taxonomy *t) { return t->n_props; }

static item_view prop_at(const tx_taxonomy *t, size_t i)
{
    const tx_property *x = &t->props[i];
    return (item_view){ x->name, x->span, x->is_user ? "added (user property)" : "added",
                        x->used || x->is_user };
}

static long prop_indexed(const tx_taxonomy *t, const char *name)
{
    const tx_property *p = tx_find_property(t, name, strlen(name));
    return p ? (long)(p - t->props) : -1;
}

static void cmp_prop_item(dctx *dc, const where *w, size_t oi, size_t ni)
{
    const tx_property *a = &dc->o->props[oi], *b = &dc->n->props[ni];
    cmp_flag(dc, w, "user_properties", a->is_user, b->is_user, TX_CK_USER_PROP_ADDED,
             TX_CK_USER_PROP_REMOVED, "now a user property", "no longer a user property");
    cmp_meta(dc, w, &a->meta, &b->meta);
    cmp_ref(dc, w, a->type, b->type, 0);
}

/* groups: a removed one is never "used", events report their own effect */
static size_t n_groups(const tx_taxonomy *t) { return t->n_groups; }

static item_view group_at(const tx_taxonomy *t, size_t i)
{
    const tx_group *x = &t->groups[i];
    return (item_view){ x->name, x->span, "added", false };
}

static void cmp_group_item(dctx *dc, const where *w, size_t oi, size_t ni)
{
    const tx_group *a = &dc->o->groups[oi], *b = &dc->n->groups[ni];
    cmp_meta(dc, w, &a->meta, &b->meta);
    cmp_members(dc, w, a->props, a->n_props, b->props, b->n_props, true);
}

/* events */
static size_t n_events(const tx_taxonomy *t) { return t->n_events; }

static item_view event_at(const tx_taxonomy *t, size_t i)
{
    const tx_event *x = &t->events[i];
    return (item_view){ x->name, x->span, "added", true };
}

static long event_indexed(const tx_taxonomy *t, const char *name)
{
    const tx_event *e = tx_find_event(t, name, strlen(name));
    return e ? (long)(e - t->events) : -1;
}

static void cmp_event_item(dctx *dc, const where *w, size_t oi, size_t ni)
{
    const tx_event *a = &dc->o->events[oi], *b = &dc->n->events[ni];
    cmp_meta(dc, w, &a->meta, &b->meta);
    cmp_text(dc, w, TX_CK_CATEGORY, "category", a->category, b->category);
    cmp_text(dc, w, TX_CK_TRIGGER, "trigger", a->trigger, b->trigger);
    cmp_members(dc, w, a->props, a->n_props, b->props, b->n_props, false);
}

static const item_kind kinds_of[K__N] = {
    [K_TYPE] = { TX_SUBJ_TYPE, TX_CK_RENAMED, "removed (it was unused)", n_types, type_at, NULL,
                 sig_type, sup_type, cmp_type_item },
    [K_PROP] = { TX_SUBJ_PROPERTY, TX_CK_RENAMED, "removed (it was unused)", n_props, prop_at,
                 prop_indexed, sig_prop, sup_prop, cmp_prop_item },
    [K_GROUP] = { TX_SUBJ_GROUP, TX_CK_GROUP_RENAMED, "removed (events report their own effect)",
                  n_groups, group_at, NULL, sig_group, sup_group, cmp_group_item },
    [K_EVENT] = { TX_SUBJ_EVENT, TX_CK_RENAMED, NULL, n_events, event_at, event_indexed,
                  sig_event, sup_event, cmp_event_item },
};

/* ---- semver -------------------------------------------------------------- */

static int parse_num(const char **p, unsigned long long *out)
{
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return -1;
    if (*s == '0' && s[1] >= '0' && s[1] <= '9')
        return -1;                          /* no leading zeros */
    unsigned long long v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (~0ull - 9) / 10)
            return -1;
        v = v * 10 + (unsigned)(*s - '0');
    }
    *out = v;
    *p = s;
    return 0;
}

static bool ident_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* dot-separated non-empty identifiers up to `stop` chars */
static int parse_idents(const char **p, const char *stops)
{
    const char *s = *p;
    for (;;) {
        const char *b = s;
        while (*s && ident_char(*s))
            s++;
        if (s == b)
            return -1;
        if (*s == '.') {
            s++;
            continue;
        }
        if (*s && !strchr(stops, *s))
            return -1;
        *p = s;
        return 0;
    }
}

int tx_semver_parse(const char *s, unsigned long long out[3], const char **pre, size_t *pre_len)
{
    if (!s)
        return -1;
    const char *p = s;
    if (*p == 'v')
        return -1;
    for (int i = 0; i < 3; i++) {
        if (parse_num(&p, &out[i]) != 0)
            return -1;
        if (i < 2 && *p++ != '.')
            return -1;
    }
    const char *pb = NULL, *pe = NULL;
    if (*p == '-') {
        pb = ++p;
        if (parse_idents(&p, "+") != 0)
            return -1;
        pe = p;
    }
    if (*p == '+') {
        p++;
        if (parse_idents(&p, "") != 0)
            return -1;
    }
    if (*p)
        return -1;
    if (pre)
        *pre = pb;
    if (pre_len)
        *pre_len = pb ? (size_t)(pe - pb) : 0;
    return 0;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static int cmp_pre(const char *a, size_t an, const char *b, size_t bn)
{
    if (!a && !b)
        return 0;
    if (!a)
        return 1;   /* a release ranks above its pre-releases */
    if (!b)
        return -1;
    size_t i = 0, j = 0;
    while (i < an && j < bn) {
        size_t ie = i, je = j;
        while (ie < an && a[ie] != '.')
            ie++;
        while (je < bn && b[je] != '.')
            je++;
        bool da = all_digits(a + i, ie - i), db = all_digits(b + j, je - j);
        int c;
        if (da && db) {
            c = (ie - i > je - j) - (ie - i < je - j);
            if (!c)
                c = memcmp(a + i, b + j, ie - i);
        } else if (da) {
            c = -1;
        } else if (db) {
            c = 1;
        } else {
            size_t m = ie - i < je - j ? ie - i : je - j;
            c = memcmp(a + i, b + j, m);
            if (!c)
                c = (ie - i > je - j) - (ie - i < je - j);
        }
        if (c)
            return c < 0 ? -1 : 1;
        i = ie < an ? ie + 1 : ie;
        j = je < bn ? je + 1 : je;
    }
    return (i < an) - (j < bn);
}

int tx_semver_cmp(const char *a, const char *b)
{
    unsigned long long x[3], y[3];
    const char *pa, *pb;
    size_t la, lb;
    if (tx_semver_parse(a, x, &pa, &la) != 0 || tx_semver_parse(b, y, &pb, &lb) != 0)
        return 0;
    for (int i = 0; i < 3; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return cmp_pre(pa, la, pb, lb);
}

/* The bump rules (docs/diff.md): from 1.0.0 on, breaking needs MAJOR,
 * compatible MINOR, docs PATCH. Below 1.0.0 everything shifts one place:
 * breaking needs MINOR, anything else PATCH. From a pre-release any higher
 * version is accepted: pre-releases promise no compatibility. A bump larger
 * than needed is always fine; a version that goes down never is. */
static void check_version(dctx *dc, tx_diff *d, bool disabled)
{
    tx_version_check *v = &d->version;
    v->old_version = d->old_version;
    v->new_version = d->new_version;
    v->needed = d->n_breaking ? TX_CHG_BREAKING : d->n_compatible ? TX_CHG_COMPATIBLE
                : d->n_docs ? TX_CHG_DOCS : TX_CHG_NONE;
    if (disabled) {
        v->ok = true;
        v->message = "version check skipped";
        return;
    }
    v->checked = true;
    unsigned long long x[3], y[3];
    const char *pa, *pb;
    size_t la, lb;
    if (!d->old_version || tx_semver_parse(d->old_version, x, &pa, &la) != 0) {
        v->message = d->old_version
            ? tx_arena_printf(dc->a, "old version '%s' is not a semantic version", show(dc, d->old_version, 0))
            : "old taxonomy has no version";
        return;
    }
    if (!d->new_version || tx_semver_parse(d->new_version, y, &pb, &lb) != 0) {
        v->message = d->new_version
            ? tx_arena_printf(dc->a, "new version '%s' is not a semantic version", show(dc, d->new_version, 0))
            : "new taxonomy has no version";
        return;
    }
    int c = tx_semver_cmp(d->new_version, d->old_version);
    if (c < 0) {
        v->message = tx_arena_printf(dc->a, "version went down from %s to %s", d->old_version,
                                     d->new_version);
        return;
    }
    if (v->needed == TX_CHG_NONE) {
        v->ok = true;
        v->message = c == 0 ? "no changes; version unchanged"
                            : "no changes; version bumped anyway";
        return;
    }
    /* smallest acceptable version */
    unsigned long long e[3] = { x[0], x[1], x[2] };
    const char *need;
    bool zero = x[0] == 0;
    if (pa) {
        /* from a pre-release: the release itself, or anything above */
        need = "a higher version (old version is a pre-release)";
    } else if (v->needed == TX_CHG_BREAKING && !zero) {
        e[0]++, e[1] = 0, e[2] = 0;
        need = "a major bump (breaking changes)";
    } else if (v->needed == TX_CHG_BREAKING || (v->needed == TX_CHG_COMPATIBLE && !zero)) {
        e[1]++, e[2] = 0;
        need = zero ? "a minor bump (breaking changes below 1.0.0)" : "a minor bump (compatible changes)";
    } else {
        e[2]++;
        need = v->needed == TX_CHG_DOCS ? "a patch bump (documentation changes)"
                                         : "a patch bump (compatible changes below 1.0.0)";
    }
    bool ok;
    if (pa) {
        ok = c > 0;
        v->expected = NULL;
    } else {
        /* compare the release core only: 2.0.0-rc.1 counts as a major bump */
        ok = y[0] != e[0] ? y[0] > e[0] : y[1] != e[1] ? y[1] > e[1] : y[2] >= e[2];
        v->expected = tx_arena_printf(dc->a, "%llu.%llu.%llu", e[0], e[1], e[2]);
    }
    v->ok = ok;
    if (ok)
        v->message = tx_arena_printf(dc->a, "%s -> %s satisfies %s", d->old_version,
                                     d->new_version, need);
    else if (v->expected)
        v->message = tx_arena_printf(dc->a, "%s -> %s is not enough: needs %s, %s or later",
                                     d->old_version, d->new_version, need, v->expected);
    else
        v->message = tx_arena_printf(dc->a, "%s -> %s is not enough: needs %s", d->old_version,
                                     d->new_version, need);
}

/* ---- entry ---------------------------------------------------------------- */

typedef struct ord { tx_change_class cls; size_t seq; } ord;

static int ord_cmp(const void *a, const void *b)
{
    const ord *x = a, *y = b;
    if (x->cls != y->cls)
        return x->cls > y->cls ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void sort_changes(dctx *dc, tx_diff *d)
{
    size_t n = dc->ch.n;
    ord *o = tx_xmalloc((n ? n : 1) * sizeof *o);
    for (size_t i = 0; i < n; i++)
        o[i] = (ord){ dc->ch.items[i].cls, i };
    qsort(o, n, sizeof *o, ord_cmp);
    d->changes = tx_arena_alloc(dc->a, (n ? n : 1) * sizeof *d->changes);
    for (size_t i = 0; i < n; i++)
        d->changes[i] = dc->ch.items[o[i].seq];
    d->n = n;
    free(o);
}

tx_diff *tx_diff_models(tx_arena *a, const tx_taxonomy *old, const tx_taxonomy *new_,
                        const tx_diff_opts *opts)
{
    tx_diff_opts none = { 0 };
    if (!opts)
        opts = &none;
    dctx dc = { .a = a, .o = old, .n = new_, .no_renames = opts->no_renames };
    tx_diff *d = tx_arena_alloc(a, sizeof *d);
    d->old_label = dup(&dc, opts->old_label);
    d->new_label = dup(&dc, opts->new_label);
    d->old_name = dup(&dc, old->name);
    d->new_name = dup(&dc, new_->name);
    d->old_version = dup(&dc, old->version);
    d->new_version = dup(&dc, new_->version);

    diff_taxonomy(&dc);
    for (int k = 0; k < K__N; k++)
        diff_items(&dc, &kinds_of[k], &dc.map[k], &dc.rmap[k]);

    sort_changes(&dc, d);
    for (size_t i = 0; i < d->n; i++) {
        switch (d->changes[i].cls) {
        case TX_CHG_BREAKING: d->n_breaking++; break;
        case TX_CHG_COMPATIBLE: d->n_compatible++; break;
        default: d->n_docs++; break;
        }
    }
    check_version(&dc, d, opts->no_version_check);
    return d;
}
