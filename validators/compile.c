/* Compiles a loaded taxonomy into the validator's tables, once per run:
 * open-addressing hash tables for event and property names, a per-event
 * set of carried properties, exact decimal bounds, decoded enums and
 * compiled patterns. Each type is read through its effective constraints
 * (tx_eff_of, schema/constraints.h); a union's branches and an open
 * object's `additional` are compiled like any type. Every event slot gets
 * its own compiled type (val_event.ktype: the event's variant, or the
 * dictionary's shared one), and event-local properties get indexes after
 * the dictionary's so the name tables, sets and stamps take them as
 * they are. Everything lives in the schema's own arena; after
 * val_schema_new returns the schema is read-only and shared by threads. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "internal.h"
#include "../schema/constraints.h"
#include "../support/util.h"
#include <inttypes.h>
#include <stddef.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The validator's tables are kept apart from support/strmap.h: they are
 * laid out for the per-line lookups (cache lines, hash heads), which the
 * bench measures; tmap is keyed by address like codegen/plan.c's. */
typedef struct tmap {       /* tx_type* -> val_type*, linear probing */
    const tx_type **keys;
    val_type **vals;
    size_t mask, n;
} tmap;

typedef struct comp {
    val_schema *s;
    tmap tm;
    char *err;
    size_t errlen;
    bool failed;
    /* simple patterns compiled so far: properties that share a pattern
     * share its tables, which then stay in the cache */
    const char **sre_pat;
    const val_sre **sre;
    size_t n_sre, cap_sre;
} comp;

static const val_sre *sre_for(comp *c, tx_arena *a, const char *pat)
{
    for (size_t i = 0; i < c->n_sre; i++)
        if (strcmp(c->sre_pat[i], pat) == 0)
            return c->sre[i];
    val_sre *r = val_sre_compile(pat);
    if (!r)
        return NULL;
    tx_arena_defer(a, val_sre_free, r);
    if (c->n_sre == c->cap_sre) {
        size_t cap = c->cap_sre ? 2 * c->cap_sre : 16;
        c->sre_pat = tx_arena_grow(a, c->sre_pat, c->cap_sre * sizeof *c->sre_pat,
                                   cap * sizeof *c->sre_pat);
        c->sre = tx_arena_grow(a, c->sre, c->cap_sre * sizeof *c->sre, cap * sizeof *c->sre);
        c->cap_sre = cap;
    }
    c->sre_pat[c->n_sre] = pat;
    c->sre[c->n_sre++] = r;
    return r;
}

/* The open-addressing tables below share three steps: a power of two of
 * slots (at least cap, at least n), zeroed slots that start on a cache
 * line where a lookup must touch one line only, and the free slot for a
 * hash by linear probing. */
static size_t table_cap(size_t cap, size_t n)
{
    while (cap < n)
        cap *= 2;
    return cap;
}

/* cap zeroed slots of size bytes on a 64-byte boundary, extra bytes after. */
static void *aligned_slots(tx_arena *a, size_t cap, size_t size, size_t extra)
{
    uintptr_t raw = (uintptr_t)tx_arena_alloc(a, cap * size + 63 + extra);
    void *tab = (void *)((raw + 63) & ~(uintptr_t)63);
    memset(tab, 0, cap * size);
    return tab;
}

/* The free slot for hash h in tab (mask + 1 slots of size bytes); a slot is
 * taken when its uint32_t at offset used (an index + 1) is not 0. */
static size_t free_slot(const void *tab, size_t size, size_t used, size_t mask, uint64_t h)
{
    size_t j = (size_t)h & mask;
    for (;;) {
        uint32_t taken;
        memcpy(&taken, (const char *)tab + j * size + used, sizeof taken);
        if (!taken)
            return j;
        j = (j + 1) & mask;
    }
}

static void table_build(tx_arena *a, val_table *t, size_t n, const char *const *names)
{
    size_t cap = table_cap(16, n + n / 2 + 2);
    t->slots = tx_arena_alloc(a, cap * sizeof *t->slots);
    t->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(names[i]);
        uint64_t h = val_hash(names[i], len);
        val_slot *sl =
            &t->slots[free_slot(t->slots, sizeof *sl, offsetof(val_slot, idx), t->mask, h)];
        sl->hash = h;
        sl->idx = (uint32_t)i + 1;
        sl->len = (uint32_t)len;
        memcpy(sl->head, names[i], len < 16 ? len : 16);
    }
    t->names = names;
}

/* The fast path's table of events (val_efast). */
static void efast_build(tx_arena *a, val_schema *s)
{
    size_t cap = table_cap(16, 2 * s->n_ev);
    s->efast = aligned_slots(a, cap, sizeof(val_efast), 0);
    s->efmask = cap - 1;
    for (size_t i = 0; i < s->n_ev; i++) {
        const val_event *ve = &s->ev[i];
        uint64_t h = val_hash(ve->name, ve->len);
        val_efast *f = &s->efast[free_slot(s->efast, sizeof *f, offsetof(val_efast, ei1),
                                           s->efmask, h)];
        *f = (val_efast){ .hash = h, .ei1 = (uint32_t)i + 1,
                          .len = ve->len <= VAL_EF_HEAD ? (uint16_t)ve->len : 0xFFFF,
                          .deprecated = ve->deprecated, .first1 = ve->first1, .ptab = ve->ptab,
                          .pmask = ve->pmask, .base = ve->base, .req_k = ve->req_k };
        memcpy(f->head, ve->name, ve->len < VAL_EF_HEAD ? ve->len : VAL_EF_HEAD);
    }
}

static void free_code(void *p)
{
    pcre2_code_free(p);
}

static bool num_dec(tx_arena *a, const tx_num *num, val_dec *out, const char **text)
{
    if (!num->set)
        return false;
    char buf[64];
    const char *s = NULL;
    if (num->text && val_dec_parse(num->text, strlen(num->text), out)) {
        *text = num->text;
        return true;
    }
    if (num->is_int)
        snprintf(buf, sizeof buf, "%" PRId64, num->i);
    else
        snprintf(buf, sizeof buf, "%.17g", num->d);
    s = tx_arena_strdup(a, buf);
    *text = s;
    return val_dec_parse(s, strlen(s), out);
}

/* A bound of at most 32 bits into *out. */
static bool bound32(bool has, bool is_i64, int64_t v, int32_t *out)
{
    if (!has)
        return true;
    if (!is_i64 || v < INT32_MIN || v > INT32_MAX)
        return false;
    *out = (int32_t)v;
    return true;
}

/* The part of a type the fast path reads from an event slot (val_hot):
 * the usual kinds of value it decides without the type. */
static val_hot hot_of(const val_type *vt)
{
    val_hot h;
    memset(&h, 0, sizeof h);
    h.flags = vt->nullable ? VAL_HF_NULL : 0;
    switch (vt->base) {
    case TX_STRING: {
        /* the one string constraint the fast path decides, as a hot kind */
        static const uint8_t hot_kind[] = {
            [VAL_SK_NONE] = VAL_HK_STR, [VAL_SK_ENUM] = VAL_HK_ENUM, [VAL_SK_YMD] = VAL_HK_YMD,
            [VAL_SK_UUID] = VAL_HK_UUID, [VAL_SK_SRE] = VAL_HK_SRE, [VAL_SK_LEN] = VAL_HK_LEN,
            [VAL_SK_OTHER] = VAL_HK_OTHER,
        };
        h.kind = hot_kind[vt->str_kind];
        if (vt->str_kind == VAL_SK_ENUM) {
            h.u.etab = vt->enum_tab;
            h.mask = vt->enum_mask;
        } else if (vt->str_kind == VAL_SK_SRE) {
            h.u.sre = vt->sre;
        } else if (vt->str_kind == VAL_SK_LEN) {
            if (vt->min_len <= INT32_MAX && vt->max_len <= INT32_MAX) {
                h.u.b.lo = (int32_t)vt->min_len;
                h.u.b.hi = (int32_t)vt->max_len;
            } else {
                h.kind = VAL_HK_OTHER;      /* bounds past the fast path's int32 */
            }
        }
        break;
    }
    case TX_BOOLEAN:
        if (!vt->n_enum)
            h.kind = VAL_HK_BOOL;
        break;
    case TX_INTEGER:
    case TX_NUMBER:
        /* no bound is the widest: fast_dec32 takes numbers of at most 7
         * integer digits, far inside it */
        h.u.b.lo = INT32_MIN;
        h.u.b.hi = INT32_MAX;
        if (!vt->n_enum && bound32(vt->has_min, vt->min_i64, vt->min_i, &h.u.b.lo) &&
            bound32(vt->has_max, vt->max_i64, vt->max_i, &h.u.b.hi))
            h.kind = vt->base == TX_INTEGER ? VAL_HK_INT : VAL_HK_NUM;
        break;
    case TX_ARRAY:
        if (vt->items && vt->items->base == TX_STRING && vt->items->str_kind == VAL_SK_NONE &&
            !vt->items->nullable && vt->min_items <= 0 && vt->max_items < UINT32_MAX) {
            h.kind = VAL_HK_STRS;
            h.mask = vt->max_items >= 0 ? (uint32_t)vt->max_items : UINT32_MAX;
        }
        break;
    }
    return h;
}

/* The index of property p in the schema's tables: its position in the
 * dictionary, or for an event-local one that of the first local of its
 * name (s->local1, filled by val_schema_new). */
static uint32_t prop_index(const val_schema *s, const tx_taxonomy *t, const tx_property *p)
{
    return p->local ? s->local1[p->index - t->n_props] : p->index;
}

/* The event's properties in a table of their own, looked up by the fast
 * path once the event is known: one slot instead of the dictionary's slot,
 * the property and the event's set. */
static void event_table(tx_arena *a, const val_schema *s, val_event *ve, const tx_event *e,
                        const tx_taxonomy *t)
{
    /* small: 200 tables must share the cache */
    size_t cap = table_cap(4, e->n_props + e->n_props / 4 + 1);
    /* (+32: slot_key compares 32 bytes from the last slot's key) */
    val_epslot *tab = aligned_slots(a, cap, sizeof(val_epslot), 32);
    ve->kprop = tx_arena_alloc(a, (e->n_props + 1) * sizeof *ve->kprop);
    for (size_t k = 0; k < e->n_props; k++) {
        uint32_t pi = prop_index(s, t, e->props[k].prop);
        ve->kprop[k] = pi;
        long k0 = val_event_has(ve, pi);
        if (k0 != (long)k)
            continue;           /* listed twice: the set keeps the first */
        const val_prop *vp = &s->props[pi];
        uint64_t h = val_hash(vp->name, vp->len);
        val_epslot *sl = &tab[free_slot(tab, sizeof *sl, offsetof(val_epslot, prop1), cap - 1, h)];
        sl->hash = h;
        sl->type = ve->ktype[k];
        sl->prop1 = pi + 1;
        sl->k = (uint8_t)k;
        sl->deprecated = vp->deprecated;
        sl->hot = hot_of(ve->ktype[k]);
        if (vp->len <= VAL_EP_NAME) {
            sl->len = (uint8_t)vp->len;
            sl->key[0] = vp->deprecated ? '\0' : '"';
            memcpy(sl->key + 1, vp->name, vp->len);
            sl->key[vp->len + 1] = '"';
            sl->key[vp->len + 2] = ':';
        } else {
            sl->len = VAL_EP_LONG;
        }
        if (e->props[k].required)
            ve->req_k |= 1ull << k;
    }
    /* the properties in the event's order, for the fast path's guesses */
    val_epslot *prev = NULL;
    for (size_t k = 0; k < e->n_props; k++)
        for (size_t j = 0; j < cap; j++)
            if (tab[j].prop1 && tab[j].k == k) {
                if (prev)
                    prev->next1 = (uint8_t)(j + 1);
                else
                    ve->first1 = (uint8_t)(j + 1);
                prev = &tab[j];
            }
    ve->ptab = tab;
    ve->pmask = (uint32_t)(cap - 1);
}

/* Which single constraint of a string type the fast path can decide
 * inline (VAL_SK_*). */
static uint8_t str_kind(const val_type *vt, const tx_date_pattern *dp)
{
    unsigned n = (vt->n_enum > 0) + (vt->re != NULL) + (vt->format != TX_FMT_NONE) + vt->has_len;
    if (n == 0)
        return VAL_SK_NONE;
    if (n > 1)
        return VAL_SK_OTHER;
    if (vt->enum_tab)
        return VAL_SK_ENUM;
    if (vt->re)
        return vt->sre ? VAL_SK_SRE : VAL_SK_OTHER;
    if (vt->has_len)
        return VAL_SK_LEN;
    if (vt->format == TX_FMT_UUID)
        return VAL_SK_UUID;
    if (vt->format == TX_FMT_DATE_PATTERN && dp && dp->length == 8 && dp->n_parts == 3 &&
        dp->parts[0].kind == TX_DP_YEAR4 && dp->parts[1].kind == TX_DP_MONTH &&
        dp->parts[2].kind == TX_DP_DAY)
        return VAL_SK_YMD;
    return VAL_SK_OTHER;
}

static val_type *compile_type(comp *c, const tx_type *t);

/* An integral decimal of at most 18 digits as int64 (for the fast path). */
static bool dec_i64(const val_dec *d, int64_t *out)
{
    if (!val_dec_is_integer(d))
        return false;
    char buf[64];
    size_t n = 0;
    for (size_t i = 0; i < d->il && n < 40; i++)
        buf[n++] = d->ip[i];
    for (size_t i = 0; i < d->fl && n < 40; i++)
        buf[n++] = d->fp[i];
    int64_t e = d->exp - (int64_t)d->fl;
    while (e > 0 && n < 40) {
        buf[n++] = '0';
        e--;
    }
    while (e < 0 && n > 0) {    /* trailing zeros of an integral value */
        n--;
        e++;
    }
    size_t i = 0;
    while (i + 1 < n && buf[i] == '0')
        i++;
    if (n - i > 18)
        return false;
    int64_t v = 0;
    for (; i < n; i++)
        v = v * 10 + (buf[i] - '0');
    *out = d->neg ? -v : v;
    return true;
}

static val_type *tmap_get(comp *c, const tx_type *t)
{
    tmap *m = &c->tm;
    if (m->n * 2 + 2 > m->mask) {
        size_t cap = m->mask ? (m->mask + 1) * 2 : 64;
        const tx_type **k = tx_xmalloc(cap * sizeof *k);
        val_type **v = tx_xmalloc(cap * sizeof *v);
        memset(k, 0, cap * sizeof *k);
        for (size_t i = 0; m->mask && i <= m->mask; i++) {
            if (!m->keys[i])
                continue;
            size_t j = ((uintptr_t)m->keys[i] >> 4) & (cap - 1);
            while (k[j])
                j = (j + 1) & (cap - 1);
            k[j] = m->keys[i];
            v[j] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = k;
        m->vals = v;
        m->mask = cap - 1;
    }
    size_t j = ((uintptr_t)t >> 4) & m->mask;
    while (m->keys[j]) {
        if (m->keys[j] == t)
            return m->vals[j];
        j = (j + 1) & m->mask;
    }
    val_type *vt = tx_arena_alloc(c->s->arena, sizeof *vt);
    m->keys[j] = t;
    m->vals[j] = vt;
    m->n++;
    return NULL == vt ? NULL : (val_type *)((uintptr_t)vt | 1);
}

/* A union's branches, and its name in messages: "integer or string",
 * "string, integer or boolean" (declaration order). */
static void compile_branches(comp *c, val_type *vt, const tx_eff *e)
{
    tx_arena *a = c->s->arena;
    vt->n_branches = (uint32_t)e->n_branches;
    vt->branches = tx_arena_alloc(a, e->n_branches * sizeof *vt->branches);
    tx_sb d = TX_SB_INIT;
    for (size_t i = 0; i < e->n_branches; i++) {
        vt->branches[i] = compile_type(c, e->branches[i]);
        if (i)
            tx_sb_adds(&d, i + 1 == e->n_branches ? " or " : ", ");
        tx_sb_adds(&d, tx_base_name(e->branches[i]->base));
    }
    vt->desc = tx_arena_strndup(a, d.buf, d.len);
    tx_sb_release(&d);
}

static val_type *compile_type(comp *c, const tx_type *t)
{
    tx_arena *a = c->s->arena;
    val_type *got = tmap_get(c, t);
    if (!((uintptr_t)got & 1))
        return got;                 /* compiled already (or in progress) */
    val_type *vt = (val_type *)((uintptr_t)got & ~(uintptr_t)1);
    const tx_eff e = tx_eff_of(t);
    vt->t = t;
    vt->base = (uint8_t)e.base;
    vt->nullable = e.nullable;
    vt->desc = tx_base_name(e.base);
    vt->has_min = e.min && num_dec(a, e.min, &vt->min, &vt->min_text);
    vt->has_max = e.max && num_dec(a, e.max, &vt->max, &vt->max_text);
    vt->min_i64 = vt->has_min && dec_i64(&vt->min, &vt->min_i);
    vt->max_i64 = vt->has_max && dec_i64(&vt->max, &vt->max_i);
    vt->min_len = e.min_length;
    vt->max_len = e.max_length;
    vt->has_len = e.min_length >= 0 || e.max_length >= 0;
    vt->min_items = e.min_items;
    vt->max_items = e.max_items;
    vt->format = (uint8_t)e.format;
    vt->format_text = e.format_text ? e.format_text : tx_format_name(e.format);
    if (e.n_enum) {
        vt->n_enum = (uint32_t)e.n_enum;
        vt->enums = tx_arena_alloc(a, e.n_enum * sizeof *vt->enums);
        vt->enum_names = tx_arena_alloc(a, e.n_enum * sizeof *vt->enum_names);
        tx_sb d = TX_SB_INIT;
        tx_sb_adds(&d, "one of ");
        for (size_t i = 0; i < e.n_enum; i++) {
            const tx_enum_value *ev = &e.enums[i];
            val_enum *en = &vt->enums[i];
            en->s = ev->str;
            en->n = ev->str ? (ev->len ? ev->len : strlen(ev->str)) : 0;
            en->kind = (uint8_t)(e.base == TX_UNION ? ev->kind : e.base);
            if (en->kind == TX_INTEGER || en->kind == TX_NUMBER) {
                const char *txt;
                en->is_num = num_dec(a, &ev->num, &en->dec, &txt) ||
                             (en->s && val_dec_parse(en->s, en->n, &en->dec));
                if (!en->s) {
                    en->s = txt;
                    en->n = strlen(txt);
                }
            }
            vt->enum_names[i] = en->s ? tx_arena_strndup(a, en->s, en->n) : "";
            if (i)
                tx_sb_adds(&d, ", ");
            if (i == 20 && e.n_enum > 21) {
                tx_sb_addf(&d, "... (%zu values)", e.n_enum);
                break;
            }
            tx_sb_add(&d, en->s ? en->s : "", en->n);
        }
        vt->enum_desc = tx_arena_strndup(a, d.buf, d.len);
        tx_sb_release(&d);
        if (e.base == TX_STRING) {
            size_t cap = table_cap(4, 2 * e.n_enum);
            val_eslot *tab = tx_arena_alloc(a, cap * sizeof *tab);
            memset(tab, 0, cap * sizeof *tab);
            for (size_t i = 0; i < e.n_enum; i++) {
                const val_enum *en = &vt->enums[i];
                uint64_t h = val_hash(en->s, en->n);
                size_t j = free_slot(tab, sizeof *tab, offsetof(val_eslot, idx), cap - 1, h);
                tab[j].hash = h;
                tab[j].idx = (uint32_t)i + 1;
                tab[j].len = (uint32_t)en->n;
                if (en->n <= VAL_ES_HEAD)
                    memcpy(tab[j].head, en->s, en->n);
            }
            vt->enum_tab = tab;
            vt->enum_mask = (uint32_t)(cap - 1);
        }
    }
    if (e.pattern) {
        vt->pattern = e.pattern;
        if (e.pattern_re) {
            vt->re = e.pattern_re;
        } else {
            int ec;
            PCRE2_SIZE eo;
            pcre2_code *re = pcre2_compile((PCRE2_SPTR)e.pattern, PCRE2_ZERO_TERMINATED,
                                           PCRE2_UTF, &ec, &eo, NULL);
            if (!re) {
                PCRE2_UCHAR msg[120];
                pcre2_get_error_message(ec, msg, sizeof msg);
                if (!c->failed)
                    snprintf(c->err, c->errlen, "invalid pattern '%s' at offset %zu: %s",
                             e.pattern, (size_t)eo, (const char *)msg);
                c->failed = true;
            } else {
                pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
                tx_arena_defer(a, free_code, re);
                vt->re = re;
            }
        }
        if (vt->re)
            vt->sre = sre_for(c, a, e.pattern);
    }
    vt->str_kind = str_kind(vt, e.date_pattern);
    if (e.base == TX_ANY || e.base == TX_NULL)
        vt->nullable = true;        /* null is one of their values */
    if (e.n_branches)
        compile_branches(c, vt, &e);
    vt->open = e.open;
    if (e.additional)
        vt->additional = compile_type(c, e.additional);
    if (e.items)
        vt->items = compile_type(c, e.items);
    if (e.n_fields) {
        vt->n_fields = e.n_fields;
        vt->fields = tx_arena_alloc(a, e.n_fields * sizeof *vt->fields);
        vt->field_names = tx_arena_alloc(a, e.n_fields * sizeof *vt->field_names);
        for (size_t i = 0; i < e.n_fields; i++) {
            const tx_field *f = &e.fields[i];
            vt->fields[i] = (val_field){ f->name, strlen(f->name), compile_type(c, f->type),
                                         f->required, f->meta.deprecated,
                                         f->meta.deprecated_reason };
            vt->field_names[i] = f->name;
        }
    }
    return vt;
}

val_schema *val_schema_new(const tx_taxonomy *t, char *err, size_t errlen)
{
    tx_arena *a = tx_arena_new();
    val_schema *s = tx_arena_alloc(a, sizeof *s);
    s->arena = a;
    s->t = t;
    comp c = { .s = s, .err = err, .errlen = errlen };
    if (errlen)
        err[0] = '\0';

    /* the dictionary's properties, then the event-local ones */
    size_t np = t->n_props + t->n_local_props;
    s->n_props = np;
    s->props = tx_arena_alloc(a, (np + 1) * sizeof *s->props);
    s->prop_names = tx_arena_alloc(a, (np + 1) * sizeof *s->prop_names);
    s->user_names = tx_arena_alloc(a, (t->n_props + 1) * sizeof *s->user_names);
    for (size_t i = 0; i < np; i++) {
        const tx_property *p = i < t->n_props ? &t->props[i] : t->local_props[i - t->n_props];
        val_prop *vp = &s->props[i];
        vp->varies = p->local;
        vp->p = p;
        vp->name = p->name;
        vp->len = strlen(p->name);
        vp->type = compile_type(&c, p->type);
        vp->deprecated = p->meta.deprecated;
        vp->dep_reason = p->meta.deprecated_reason;
        s->prop_names[i] = p->name;
    }
    for (size_t i = 0; i < t->n_user_props; i++) {
        const tx_property *p = t->user_props[i];
        size_t k = (size_t)(p - t->props);
        if (k < t->n_props) {
            s->props[k].is_user = true;
            s->user_names[s->n_user++] = p->name;
        }
    }
    for (size_t i = 0; i < t->n_props; i++)
        if (t->props[i].is_user && !s->props[i].is_user) {
            s->props[i].is_user = true;
            s->user_names[s->n_user++] = t->props[i].name;
        }
    /* Locals of one name (two events each defining it) share the first
     * one's index: the table finds the first of equal names. */
    table_build(a, &s->props_tab, np, s->prop_names);
    s->local1 = tx_arena_alloc(a, (t->n_local_props + 1) * sizeof *s->local1);
    for (size_t i = 0; i < t->n_local_props; i++) {
        const val_prop *vp = &s->props[t->n_props + i];
        s->local1[i] = (uint32_t)val_table_find(&s->props_tab, vp->name, vp->len,
                                                val_hash(vp->name, vp->len));
    }

    s->n_ev = t->n_events;
    s->ev = tx_arena_alloc(a, (t->n_events + 1) * sizeof *s->ev);
    s->event_names = tx_arena_alloc(a, (t->n_events + 1) * sizeof *s->event_names);
    size_t base = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        val_event *ve = &s->ev[i];
        ve->e = e;
        ve->name = e->name;
        ve->len = strlen(e->name);
        ve->deprecated = e->meta.deprecated;
        ve->dep_reason = e->meta.deprecated_reason;
        ve->n_props = e->n_props;
        ve->base = (uint32_t)base;
        base += e->n_props;
        s->event_names[i] = e->name;
        size_t cap = 4;
        while (cap < e->n_props * 2 + 1)
            cap *= 2;
        ve->set = tx_arena_alloc(a, cap * sizeof *ve->set);
        ve->mask = (uint32_t)(cap - 1);
        ve->required = tx_arena_alloc(a, (e->n_props + 1) * sizeof *ve->required);
        ve->prop_names = tx_arena_alloc(a, (e->n_props + 1) * sizeof *ve->prop_names);
        ve->ktype = tx_arena_alloc(a, (e->n_props + 1) * sizeof *ve->ktype);
        for (size_t k = 0; k < e->n_props; k++) {
            const tx_event_prop *ep = &e->props[k];
            uint32_t pi = prop_index(s, t, ep->prop);
            ve->prop_names[k] = ep->prop->name;
            ve->ktype[k] = compile_type(&c, ep->type);
            if (ve->ktype[k] != s->props[pi].type)
                s->props[pi].varies = true;
            if (val_event_has(ve, pi) >= 0)
                continue;
            size_t j = (pi * 0x9E3779B1u) & ve->mask;
            while (ve->set[j].prop1)
                j = (j + 1) & ve->mask;
            ve->set[j] = (val_evslot){ pi + 1, (uint32_t)k };
            if (e->props[k].required)
                ve->required[ve->n_required++] = pi;
        }
        if (e->n_props <= 64)
            event_table(a, s, ve, e, t);
    }
    s->n_ev_props = base;
    table_build(a, &s->events_tab, t->n_events, s->event_names);
    efast_build(a, s);
    val_fn_compile(s);
    free(c.tm.keys);
    free(c.tm.vals);
    if (c.failed) {
        tx_arena_free(a);
        return NULL;
    }
    return s;
}

void val_schema_free(val_schema *s)
{
    if (s)
        tx_arena_free(s->arena);
}
