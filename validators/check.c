/* Checks one record against the compiled schema, in one pass and without a
 * tree: the profile's key tree (profile.c) says which members hold the event
 * name, its properties and the user's properties; property values are
 * checked against the dictionary as they stream by (most properties have
 * one type everywhere), and what depends on the event (is the property
 * carried by it, are required ones present, and the values of properties
 * an event gives a type of its own: issue 16's variants and event-local
 * properties, skipped on the way and read again then) is settled when the
 * event object ends, so key order does not matter. Issue 16's kinds:
 * `any` takes every value, `null` only null, an open object's other
 * members are checked against `additional`, and a union sends a value to
 * its one branch of the value's JSON type (check_union). Violations of the record collect in the
 * worker (offsets into one text buffer, reset per record: no allocation per
 * record in steady state) and are copied into the chunk's result at the end
 * of the record, with line and column computed only for them. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "internal.h"
#include "../support/util.h"
#include <pcre2.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define REC_KEEP 100            /* violations kept per record (all are counted) */
#define FOUND_MAX 80            /* bytes of a value quoted in `found` */
/* Whether the decoded string k (a val_str) is the literal lit. */
#define KEY_IS(k, lit) ((k).n == sizeof lit - 1 && memcmp((k).s, lit, (k).n) == 0)

void val_cres_init(val_cres *cr, const val_schema *s)
{
    static uint64_t next_id;
    memset(cr, 0, sizeof *cr);
    cr->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
    cr->arena = tx_arena_new();
    cr->ev = tx_arena_alloc(cr->arena, (s->n_ev + 1) * sizeof *cr->ev);
    cr->prop_seen = tx_arena_alloc(cr->arena, s->n_props + 1);
    cr->ev_prop_seen = tx_arena_alloc(cr->arena, s->n_ev_props + 1);
    cr->ev_seen_k = tx_arena_alloc(cr->arena, (s->n_ev + 1) * sizeof *cr->ev_seen_k);
    cr->valid_buf = (tx_sb)TX_SB_INIT;
    cr->inv_buf = (tx_sb)TX_SB_INIT;
}

void val_cres_free(val_cres *cr)
{
    tx_sb_release(&cr->valid_buf);
    tx_sb_release(&cr->inv_buf);
    tx_arena_free(cr->arena);
    memset(cr, 0, sizeof *cr);
}

void val_worker_init(val_worker *w, const val_schema *s, const val_opts *o, const val_prof *p)
{
    memset(w, 0, sizeof *w);
    w->s = s;
    w->o = o;
    w->prof = p;
    val_jr_init(&w->jr);
    if (o->max_depth)
        w->jr.max_depth = o->max_depth;
    w->md = pcre2_match_data_create(1, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mc, 1000000);
    pcre2_set_depth_limit(mc, 10000);
    w->mc = mc;
    w->seen = tx_xmalloc((s->n_props + 1) * sizeof *w->seen);
    memset(w->seen, 0, (s->n_props + 1) * sizeof *w->seen);
    w->walk.dup_mask = 255;
    w->walk.dup = tx_xmalloc((w->walk.dup_mask + 1) * sizeof *w->walk.dup);
    memset(w->walk.dup, 0, (w->walk.dup_mask + 1) * sizeof *w->walk.dup);
    w->walk.path_cap = w->jr.max_depth + 16;
    w->walk.path = tx_xmalloc(w->walk.path_cap * sizeof *w->walk.path);
    w->walk.txt = (tx_sb)TX_SB_INIT;
    w->walk.tmp = (tx_sb)TX_SB_INIT;
    w->walk.pend0 = SIZE_MAX;
    w->walk.cell_cache = tx_xmalloc(VAL_CELL_CACHE * sizeof *w->walk.cell_cache);
    memset(w->walk.cell_cache, 0, VAL_CELL_CACHE * sizeof *w->walk.cell_cache);
    w->walk.sugg = tx_xmalloc(VAL_SUGG_CACHE * sizeof *w->walk.sugg);
    memset(w->walk.sugg, 0, VAL_SUGG_CACHE * sizeof *w->walk.sugg);
    w->vcache = tx_xmalloc(VAL_VCACHE * sizeof *w->vcache);
    memset(w->vcache, 0, VAL_VCACHE * sizeof *w->vcache);
    w->fast.on = !o->no_fast;
    w->fast.succ = tx_xmalloc((s->n_ev_props + s->n_ev + 1) * sizeof *w->fast.succ);
    memset(w->fast.succ, 0, (s->n_ev_props + s->n_ev + 1) * sizeof *w->fast.succ);
    val_fast_init(w);
}

void val_worker_free(val_worker *w)
{
    val_jr_free(&w->jr);
    pcre2_match_data_free(w->md);
    pcre2_match_context_free(w->mc);
    free(w->seen);
    free(w->walk.dup);
    free(w->walk.path);
    free(w->walk.sp);
    free(w->walk.rv);
    free(w->walk.pend);
    free(w->walk.cell_cache);
    tx_sb_release(&w->walk.txt);
    tx_sb_release(&w->walk.tmp);
    for (size_t i = 0; i < VAL_SUGG_CACHE; i++)
        free(w->walk.sugg[i].word);
    free(w->walk.sugg);
    free(w->vcache);
    free(w->fast.succ);
}

/* tx_suggest with a direct-mapped cache: logs repeat their typos. */
static const char *suggest(val_worker *w, const char *word, size_t n, const char *const *cands,
                           size_t nc)
{
    uint64_t h = val_hash(word, n) ^ ((uint64_t)(uintptr_t)cands * 0x9E3779B97F4A7C15ull);
    val_sugg *e = &w->walk.sugg[h & (VAL_SUGG_CACHE - 1)];
    if (e->word && e->hash == h && e->set == cands && e->n == n && memcmp(e->word, word, n) == 0)
        return e->answer;
    const char *a = tx_suggest(word, n, cands, nc);
    free(e->word);
    e->word = tx_xmalloc(n + 1);
    memcpy(e->word, word, n);
    e->word[n] = '\0';
    e->n = n;
    e->hash = h;
    e->set = cands;
    e->answer = a;
    return a;
}

/* --- text of the record's violations ------------------------------------ */

static uint32_t txt_add(val_worker *w, const char *s, size_t n)
{
    uint32_t off = (uint32_t)w->walk.txt.len;
    tx_sb_add(&w->walk.txt, s, n);
    tx_sb_addc(&w->walk.txt, '\0');
    return off;
}

static const char *txt_at(const val_worker *w, uint32_t off)
{
    return off == NONE ? NULL : w->walk.txt.buf + off;
}

/* At most FOUND_MAX bytes of raw JSON, cut on a character boundary;
 * invalid UTF-8 becomes U+FFFD so every report stays well-formed. */
static uint32_t found_add(val_worker *w, const char *s, size_t n)
{
    uint32_t off = (uint32_t)w->walk.txt.len;
    size_t i = 0;
    while (i < n && i < FOUND_MAX) {
        uint32_t cp;
        size_t l = tx_utf8_decode(s + i, n - i, &cp);
        if (!l) {
            tx_sb_adds(&w->walk.txt, "\xef\xbf\xbd");
            i++;
        } else if (cp == 0) {
            tx_sb_adds(&w->walk.txt, "\\u0000");
            i++;
        } else {
            tx_sb_add(&w->walk.txt, s + i, l);
            i += l;
        }
    }
    if (i < n)
        tx_sb_adds(&w->walk.txt, "...");
    tx_sb_addc(&w->walk.txt, '\0');
    return off;
}

static uint32_t path_add(val_worker *w)
{
    uint32_t off = (uint32_t)w->walk.txt.len;
    for (size_t i = 0; i < w->walk.path_n; i++) {
        const val_seg *g = &w->walk.path[i];
        tx_sb_addc(&w->walk.txt, '/');
        if (!g->s) {
            tx_sb_addf(&w->walk.txt, "%zu", g->n);
            continue;
        }
        for (size_t k = 0; k < g->n; k++) {
            char c = g->s[k];
            if (c == '~')
                tx_sb_adds(&w->walk.txt, "~0");
            else if (c == '/')
                tx_sb_adds(&w->walk.txt, "~1");
            else
                tx_sb_addc(&w->walk.txt, c);
        }
    }
    tx_sb_addc(&w->walk.txt, '\0');
    return off;
}

static inline void push_key(val_worker *w, const char *s, size_t n)
{
    if (w->walk.path_n < w->walk.path_cap)
        w->walk.path[w->walk.path_n] = (val_seg){ s, n };
    w->walk.path_n++;
}

static inline void push_index(val_worker *w, size_t i)
{
    if (w->walk.path_n < w->walk.path_cap)
        w->walk.path[w->walk.path_n] = (val_seg){ NULL, i };
    w->walk.path_n++;
}

/* Pops unless the reader failed: then the path stays at the failure. */
static inline void pop(val_worker *w)
{
    if (!w->jr.failed)
        w->walk.path_n--;
}

/* The elements of an array, each with its index on the path:
 *     p = items_open(w, &it, p, end);
 *     while (items_next(w, &it, &p, end))
 *         p = ...the element at p...;
 * items_next goes past the previous element's comma and pushes the next
 * index; false (the index popped) after the last element or an error.
 * it.n is then the number of elements. */
typedef struct items_it {
    size_t n;
    bool empty;
} items_it;

static const char *items_open(val_worker *w, items_it *it, const char *p, const char *end)
{
    it->n = 0;
    p = val_json_arr_open(&w->jr, p, end, &it->empty);
    it->empty |= w->jr.failed;
    return p;
}

/* The step of items_next and members_next (obj) before an element: past
 * the previous one, popping its path segment; false at the end or on an
 * error. */
static inline __attribute__((always_inline)) bool
next_step(val_worker *w, bool started, bool empty, const char **pp, const char *end, bool obj)
{
    if (!started)
        return !empty;
    bool done;
    pop(w);
    if (w->jr.failed)
        return false;
    *pp = obj ? val_json_obj_next(&w->jr, *pp, end, &done)
              : val_json_arr_next(&w->jr, *pp, end, &done);
    return !done;
}

static bool items_next(val_worker *w, items_it *it, const char **pp, const char *end)
{
    if (!next_step(w, it->n != 0, it->empty, pp, end, false))
        return false;
    push_index(w, it->n++);
    return true;
}

static void add_v(val_worker *w, val_code c, const char *at, const char *exp,
                  const char *found, size_t found_n, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
static bool want_detail(const val_worker *w, val_code c);
/* add_v, with the message's arguments (quoted values, formatted bounds)
 * computed only when the violation can reach the output: most of a big
 * log's violations are only counted. */
#define ADD_V(w, c, at, ...)                  \
    do {                                      \
        if (detail(w, c))                     \
            add_v(w, c, at, __VA_ARGS__);     \
        else                                  \
            count_v(w, c, at);                \
    } while (0)

static void pend_add(val_worker *w, val_code c, const char *at);

/* Counts a violation of code c at `at` in the current record (and, inside
 * an event, for the event's property being checked). */
static void count_v(val_worker *w, val_code c, const char *at)
{
    val_cres *cr = w->cr;
    cr->code_count[c]++;
    if (w->o->fail[c]) {
        w->walk.rec_invalid = true;
        cr->failing++;
    }
    w->walk.rec_viols++;
    if (w->walk.pend0 != SIZE_MAX)
        pend_add(w, c, at);
}

/* A violation of code c found now can reach the output (then add_v keeps
 * its details). */
static inline bool detail(const val_worker *w, val_code c)
{
    return w->walk.n_rv < REC_KEEP && want_detail(w, c);
}

/* Counts a violation and, when it can reach the output, keeps its
 * position, path, message and values. */
static void add_va(val_worker *w, val_code c, const char *at, const char *exp,
                   const char *found, size_t found_n, const char *fmt, va_list ap)
    __attribute__((format(printf, 7, 0)));
static void add_va(val_worker *w, val_code c, const char *at, const char *exp,
                   const char *found, size_t found_n, const char *fmt, va_list ap)
{
    count_v(w, c, at);
    if (!detail(w, c))
        return;
    if (w->walk.n_rv == w->walk.cap_rv) {
        w->walk.cap_rv = w->walk.cap_rv ? w->walk.cap_rv * 2 : 16;
        w->walk.rv = tx_xrealloc(w->walk.rv, w->walk.cap_rv * sizeof *w->walk.rv);
    }
    val_rv *r = &w->walk.rv[w->walk.n_rv++];
    r->code = c;
    r->off = (size_t)(at - w->walk.rec);
    r->path = path_add(w);
    r->msg = (uint32_t)w->walk.txt.len;
    tx_sb_vaddf(&w->walk.txt, fmt, ap);
    tx_sb_addc(&w->walk.txt, '\0');
    r->exp = exp ? txt_add(w, exp, strlen(exp)) : NONE;
    r->found = found ? found_add(w, found, found_n) : NONE;
    r->event = NONE;
}

static void add_v(val_worker *w, val_code c, const char *at, const char *exp,
                  const char *found, size_t found_n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_va(w, c, at, exp, found, found_n, fmt, ap);
    va_end(ap);
}

/* Skips the value at p, which is not of the kind expected there, and
 * reports it as code c with the value as found (not when it is null and
 * null_ok: an absent optional member); returns past the value. Only
 * wrong values come here, so the hot path never pays for the va_list. */
static const char *skip_wrong(val_worker *w, const char *p, const char *end, bool null_ok,
                              val_code c, const char *exp, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
static const char *skip_wrong(val_worker *w, const char *p, const char *end, bool null_ok,
                              val_code c, const char *exp, const char *fmt, ...)
{
    const char *at = p;
    p = val_json_skip(&w->jr, p, end);
    if (w->jr.failed || (null_ok && *at == 'n'))
        return p;
    if (!detail(w, c)) {
        count_v(w, c, at);
        return p;
    }
    va_list ap;
    va_start(ap, fmt);
    add_va(w, c, at, exp, at, (size_t)(p - at), fmt, ap);
    va_end(ap);
    return p;
}

/* Whether a violation of this code in the current record can reach any
 * output (kept list, examples, --invalid-out). Costly details such as
 * "did you mean" suggestions are computed only then; the counts never
 * depend on it. Chunks are cut the same way for any --jobs, and the
 * globally kept violations are within each chunk's first ones, so the
 * output is the same for every N. */
/* Whether a violation of code c found now can still reach the output:
 * the report keeps the first max_errors violations and the first few
 * examples per code, in input order, so once the violations kept before
 * this one reach both limits it can only be counted. Exact: counts only
 * grow, and the bases are from chunks that precede this one. */
static bool want_detail(const val_worker *w, val_code c)
{
    const val_cres *cr = w->cr;
    size_t max_errors = w->o->max_errors ? w->o->max_errors : 1000;
    size_t max_ex = w->o->examples ? w->o->examples : 5;
    if (w->o->invalid_out)
        return true;
    if (w->walk.n_rv >= REC_KEEP)
        return false;
    return cr->kept_base + cr->kept.n < max_errors || cr->ex_base[c] + cr->examples[c].n < max_ex;
}

const char *val_shown(tx_sb *b, const char *s, size_t n)
{
    tx_sb_reset(b);
    size_t k = n > 60 ? 60 : n;
    while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            tx_sb_addf(b, "\\u%04x", c);
        else
            tx_sb_addc(b, (char)c);
    }
    if (k < n)
        tx_sb_adds(b, "...");
    return b->buf;
}

/* A short printable form of a decoded string for messages. */
static const char *shown(val_worker *w, const char *s, size_t n)
{
    return val_shown(&w->walk.tmp, s, n);
}

static const char *json_type_of(char c, const val_dec *d)
{
    switch (c) {
    case '"': return "string";
    case '{': return "object";
    case '[': return "array";
    case 't': case 'f': return "boolean";
    case 'n': return "null";
    default: return d && !val_dec_is_integer(d) ? "number" : "integer";
    }
}

static const char *a_type(char c)
{
    switch (c) {
    case '"': return "a string";
    case '[': return "an array";
    case '{': return "an object";
    case 't': case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
    }
}

/* --- duplicate keys ------------------------------------------------------ */

static void dup_grow(val_worker *w)
{
    size_t cap = (w->walk.dup_mask + 1) * 2;
    val_dup *nd = tx_xmalloc(cap * sizeof *nd);
    memset(nd, 0, cap * sizeof *nd);
    for (size_t i = 0; i <= w->walk.dup_mask; i++) {
        val_dup *d = &w->walk.dup[i];
        if (d->gen != w->walk.dup_gen)
            continue;
        size_t j = (size_t)d->hash & (cap - 1);
        while (nd[j].gen == w->walk.dup_gen)
            j = (j + 1) & (cap - 1);
        nd[j] = *d;
    }
    free(w->walk.dup);
    w->walk.dup = nd;
    w->walk.dup_mask = cap - 1;
}

/* True when the key was already seen in object `obj` of this record. */
static bool dup_seen(val_worker *w, uint32_t obj, const val_str *k, uint64_t kh)
{
    if ((w->walk.dup_used + 1) * 2 > w->walk.dup_mask)
        dup_grow(w);
    uint64_t h = kh ^ ((uint64_t)obj * 0x9E3779B97F4A7C15ull);
    size_t i = (size_t)h & w->walk.dup_mask;
    for (;;) {
        val_dup *d = &w->walk.dup[i];
        if (d->gen != w->walk.dup_gen) {
            *d = (val_dup){ h, k->s, (uint32_t)k->n, obj, w->walk.dup_gen };
            w->walk.dup_used++;
            return false;
        }
        if (d->hash == h && d->obj == obj && d->n == k->n && memcmp(d->s, k->s, k->n) == 0)
            return true;
        i = (i + 1) & w->walk.dup_mask;
    }
}

/* The keys of one object: the first KS_SMALL are compared by hash in a
 * local array (no table traffic for ordinary objects); past that they all
 * go to the per-record table. */
#define KS_SMALL 16
typedef struct keyset {
    uint32_t obj, n;
    uint64_t bloom;             /* one bit per key hash: most keys skip the scan */
    uint64_t h[KS_SMALL];
    const char *s[KS_SMALL];
    uint32_t len[KS_SMALL];
} keyset;

static inline void ks_init(val_worker *w, keyset *ks)
{
    ks->obj = ++w->walk.obj_id;
    ks->n = 0;
    ks->bloom = 0;
}

static inline __attribute__((always_inline)) bool ks_dup(val_worker *w, keyset *ks,
                                                         const val_str *k, uint64_t h)
{
    if (ks->n < KS_SMALL) {
        uint64_t bit = 1ull << (h >> 58);
        if (ks->bloom & bit) {
            for (uint32_t i = 0; i < ks->n; i++)
                if (ks->h[i] == h && ks->len[i] == k->n && val_eq(ks->s[i], k->s, k->n))
                    return true;
        }
        ks->bloom |= bit;
        ks->h[ks->n] = h;
        ks->s[ks->n] = k->s;
        ks->len[ks->n++] = (uint32_t)k->n;
        return false;
    }
    if (ks->n == KS_SMALL) {
        for (uint32_t i = 0; i < KS_SMALL; i++) {
            val_str o = { ks->s[i], ks->len[i], NULL, 0, false, false };
            dup_seen(w, ks->obj, &o, ks->h[i]);
        }
        ks->n++;
    }
    return dup_seen(w, ks->obj, k, h);
}

static void dup_report(val_worker *w, const val_str *k)
{
    ADD_V(w, VAL_DUPLICATE_KEY, k->raw, "each key once", k->raw, k->raw_n,
          "duplicate key '%s' in one object", shown(w, k->s, k->n));
}

/* The members of an object, each with its key on the path, as items_it
 * walks an array's elements:
 *     p = members_open(w, &it, &ks, p, end);
 *     while (members_next(w, &it, &k, &h, &p, end))
 *         p = ...the value at p, of key k (hash h)...;
 * members_next goes past the previous value's comma, reads the next key,
 * pushes it and reports it if the key set ks (NULL: the caller looks for
 * duplicates itself) had it already; false (the key popped) after the
 * last member or an error. Always inlined, with ks_dup, and the key set
 * kept out of the iterator so that the iterator lives in registers: it is
 * every object's loop on the walk's hot path, and a call per member cost
 * the walk 4 % of its instructions (callgrind, --full-walk). */
typedef struct members_it {
    keyset *ks;
    bool started, empty;
} members_it;

static inline const char *members_open(val_worker *w, members_it *it, keyset *ks,
                                       const char *p, const char *end)
{
    bool empty;
    if (ks)
        ks_init(w, ks);
    it->ks = ks;
    it->started = false;
    p = val_json_obj_open(&w->jr, p, end, &empty);
    it->empty = empty || w->jr.failed;
    return p;
}

static inline __attribute__((always_inline)) bool
members_next(val_worker *w, members_it *it, val_str *k, uint64_t *h, const char **pp,
             const char *end)
{
    if (!next_step(w, it->started, it->empty, pp, end, true))
        return false;
    it->started = true;
    *pp = val_json_key(&w->jr, *pp, end, k);
    if (w->jr.failed)
        return false;
    *h = val_hash(k->s, k->n);
    push_key(w, k->s, k->n);
    if (it->ks && ks_dup(w, it->ks, k, *h))
        dup_report(w, k);
    return true;
}

/* A key the object may not have: "<before>'key'<after>", with the nearest
 * of the names as a suggestion when the violation can reach the output. */
static void unknown_key(val_worker *w, const val_str *k, const char *before, const char *after,
                        const char *const *names, size_t n)
{
    const char *near = want_detail(w, VAL_UNKNOWN_PROPERTY) ? suggest(w, k->s, k->n, names, n)
                                                             : NULL;
    if (near)
        ADD_V(w, VAL_UNKNOWN_PROPERTY, k->raw, NULL, k->raw, k->raw_n,
              "%s'%s'%s; did you mean '%s'?", before, shown(w, k->s, k->n), after, near);
    else
        ADD_V(w, VAL_UNKNOWN_PROPERTY, k->raw, NULL, k->raw, k->raw_n, "%s'%s'%s", before,
              shown(w, k->s, k->n), after);
}

/* "<what> 'name' is deprecated[: reason]" at the key k. */
static void deprecated_key(val_worker *w, const val_str *k, const char *what, const char *name,
                           const char *reason)
{
    ADD_V(w, VAL_DEPRECATED_PROPERTY, k->raw, NULL, k->raw, k->raw_n, "%s '%s' is deprecated%s%s",
          what, name, reason ? ": " : "", reason ? reason : "");
}

/* --- values -------------------------------------------------------------- */

static const char *check_value(val_worker *w, const val_type *vt, const char *p,
                               const char *end);
static const char *check_union(val_worker *w, const val_type *vt, const char *p,
                               const char *end);

static void wrong_type(val_worker *w, const val_type *vt, const char *at, const char *raw_end,
                       const char *found_type)
{
    ADD_V(w, VAL_WRONG_TYPE, at, vt->desc, at, (size_t)(raw_end - at),
          "expected %s, found %s", vt->desc, found_type);
}

unsigned val_string_verdict(val_worker *w, const val_type *vt, const val_str *s, int *rc_out,
                            size_t *cp_out)
{
    unsigned v = 0;
    if (vt->enum_tab) {
        if (!val_enum_has(vt, s))
            v |= VAL_VB_ENUM;
    } else if (vt->n_enum) {
        bool ok = false;
        for (size_t i = 0; i < vt->n_enum && !ok; i++)
            ok = vt->enums[i].n == s->n && val_eq(vt->enums[i].s, s->s, s->n);
        if (!ok)
            v |= VAL_VB_ENUM;
    }
    if (vt->has_len) {
        size_t cp = s->ascii ? s->n : val_utf8_count(s->s, s->n);
        *cp_out = cp;
        if (vt->max_len >= 0 && cp > (size_t)vt->max_len)
            v |= VAL_VB_LONG;
        if (vt->min_len >= 0 && cp < (size_t)vt->min_len)
            v |= VAL_VB_SHORT;
    }
    if (!vt->re && vt->format == TX_FMT_NONE)
        return v;
    /* Pattern and format verdicts, through the per-thread cache, except
     * for a simple pattern alone: deciding it costs less than the cache. */
    val_vcache *ce = NULL;
    bool bad_pattern = false, bad_format = false, known = false;
    int rc = 0;
    uint64_t h = 0;
    if (vt->sre && vt->format == TX_FMT_NONE) {
        int sm = val_sre_match(vt->sre, s->s, s->n);
        if (sm != VAL_SRE_UNSURE) {
            bad_pattern = sm == VAL_SRE_NOMATCH;
            rc = bad_pattern ? PCRE2_ERROR_NOMATCH : 1;
            known = true;
        }
    }
    /* Only a PCRE2 match is worth caching; format checks cost less than
     * the cache's hash and copy. */
    if (!known && vt->re && !vt->sre && s->n <= sizeof ce->s) {
        h = val_hash(s->s, s->n) ^ (uint64_t)(uintptr_t)vt;
        ce = &w->vcache[(h ^ (h >> 29)) & (VAL_VCACHE - 1)];
        if (ce->type == vt && ce->hash == h && ce->n == s->n && val_eq(ce->s, s->s, s->n)) {
            bad_pattern = ce->bad_pattern;
            bad_format = ce->bad_format;
            rc = bad_pattern ? PCRE2_ERROR_NOMATCH : 1;
            known = true;
        }
    }
    if (!known) {
        int sm = vt->sre && vt->format != TX_FMT_NONE ? val_sre_match(vt->sre, s->s, s->n)
                                                        : VAL_SRE_UNSURE;
        if (sm != VAL_SRE_UNSURE) {
            rc = sm == VAL_SRE_MATCH ? 1 : PCRE2_ERROR_NOMATCH;
            bad_pattern = sm == VAL_SRE_NOMATCH;
        } else if (vt->re) {
            rc = pcre2_match(vt->re, (PCRE2_SPTR)s->s, s->n, 0, PCRE2_NO_UTF_CHECK, w->md, w->mc);
            bad_pattern = rc < 0;
        }
        if (vt->format != TX_FMT_NONE)
            bad_format = !tx_format_check(vt->t, s->s, s->n);
        if (ce && (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)) {
            ce->type = vt;
            ce->hash = h;
            ce->n = (uint32_t)s->n;
            ce->bad_pattern = bad_pattern;
            ce->bad_format = bad_format;
            memcpy(ce->s, s->s, s->n);
        }
    }
    *rc_out = rc;
    if (bad_pattern)
        v |= VAL_VB_PATTERN;
    if (bad_format)
        v |= VAL_VB_FORMAT;
    return v;
}

static void check_string(val_worker *w, const val_type *vt, const val_str *s, const char *at,
                         const char *raw_end)
{
    int rc = 0;
    size_t cp = 0;
    unsigned v = val_string_verdict(w, vt, s, &rc, &cp);
    if (!v)
        return;
    size_t rn = (size_t)(raw_end - at);
    if (v & VAL_VB_ENUM) {
        const char *near = want_detail(w, VAL_NOT_IN_ENUM)
            ? suggest(w, s->s, s->n, vt->enum_names, vt->n_enum) : NULL;
        if (near)
            ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, rn,
                  "'%s' is not an allowed value; did you mean '%s'?",
                  shown(w, s->s, s->n), near);
        else
            ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, rn,
                  "'%s' is not an allowed value", shown(w, s->s, s->n));
    }
    char exp[64];
    if (v & VAL_VB_LONG) {
        if (detail(w, VAL_TOO_LONG))
            snprintf(exp, sizeof exp, "at most %lld code points", (long long)vt->max_len);
        ADD_V(w, VAL_TOO_LONG, at, exp, at, rn, "string has %zu code point%s, more than %lld",
              cp, cp == 1 ? "" : "s", (long long)vt->max_len);
    }
    if (v & VAL_VB_SHORT) {
        if (detail(w, VAL_TOO_SHORT))
            snprintf(exp, sizeof exp, "at least %lld code points", (long long)vt->min_len);
        ADD_V(w, VAL_TOO_SHORT, at, exp, at, rn, "string has %zu code point%s, fewer than %lld",
              cp, cp == 1 ? "" : "s", (long long)vt->min_len);
    }
    if (v & VAL_VB_PATTERN) {
        if (rc == 0 || rc == PCRE2_ERROR_NOMATCH)
            ADD_V(w, VAL_PATTERN_MISMATCH, at, vt->pattern, at, rn,
                  "'%s' does not match the pattern", shown(w, s->s, s->n));
        else
            ADD_V(w, VAL_PATTERN_MISMATCH, at, vt->pattern, at, rn,
                  "pattern matching gave up on '%s' (error %d, e.g. the match limit)",
                  shown(w, s->s, s->n), rc);
    }
    if (v & VAL_VB_FORMAT)
        ADD_V(w, VAL_BAD_FORMAT, at, vt->format_text, at, rn, "'%s' is not a valid %s",
              shown(w, s->s, s->n), vt->format_text);
}

unsigned val_number_verdict(const val_type *vt, const val_dec *d)
{
    unsigned v = 0;
    if (vt->n_enum) {
        bool ok = false;
        for (size_t i = 0; i < vt->n_enum && !ok; i++)
            ok = vt->enums[i].is_num && val_dec_cmp(&vt->enums[i].dec, d) == 0;
        if (!ok)
            v |= VAL_VB_ENUM;
    }
    if (d->exp == 0 && d->il <= 18 && (vt->min_i64 || !vt->has_min) &&
        (vt->max_i64 || !vt->has_max)) {
        /* Fast path: x = +-(I + f), 0 <= f < 1, against integer bounds B:
         * x >= B and x <= B decided on I and whether f is zero. */
        int64_t i = 0;
        for (size_t k = 0; k < d->il; k++)
            i = i * 10 + (d->ip[k] - '0');
        bool f = false;
        for (size_t k = 0; k < d->fl && !f; k++)
            f = d->fp[k] != '0';
        bool ge_min, le_max;
        if (!d->neg) {
            ge_min = !vt->has_min || i >= vt->min_i;
            le_max = !vt->has_max || i < vt->max_i || (i == vt->max_i && !f);
        } else {
            ge_min = !vt->has_min || i < -vt->min_i || (i == -vt->min_i && !f);
            le_max = !vt->has_max || -i <= vt->max_i;
        }
        if (ge_min && le_max)
            return v;
    }
    if (vt->has_min && val_dec_cmp(d, &vt->min) < 0)
        v |= VAL_VB_MIN;
    if (vt->has_max && val_dec_cmp(d, &vt->max) > 0)
        v |= VAL_VB_MAX;
    return v;
}

static void check_number(val_worker *w, const val_type *vt, const val_dec *d, const char *at)
{
    unsigned v = val_number_verdict(vt, d);
    int shown_n = (int)(d->raw_len > 60 ? 60 : d->raw_len);
    char exp[96];
    if (v & VAL_VB_ENUM)
        ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, d->raw_len,
              "%.*s is not an allowed value", shown_n, d->raw);
    if (v & VAL_VB_MIN) {
        if (detail(w, VAL_OUT_OF_RANGE))
            snprintf(exp, sizeof exp, ">= %s", vt->min_text);
        ADD_V(w, VAL_OUT_OF_RANGE, at, exp, at, d->raw_len, "%.*s is less than the minimum %s",
              shown_n, d->raw, vt->min_text);
    }
    if (v & VAL_VB_MAX) {
        if (detail(w, VAL_OUT_OF_RANGE))
            snprintf(exp, sizeof exp, "<= %s", vt->max_text);
        ADD_V(w, VAL_OUT_OF_RANGE, at, exp, at, d->raw_len, "%.*s is more than the maximum %s",
              shown_n, d->raw, vt->max_text);
    }
}

/* An object of vt's fields; partial: its required fields may be absent
 * (a Braze $update's $new_object, merged into the stored one). */
static const char *check_fields(val_worker *w, const val_type *vt, const char *p,
                                const char *end, bool partial)
{
    const char *start = p;
    uint64_t small = 0;
    uint8_t *big = vt->n_fields > 64 ? calloc(vt->n_fields, 1) : NULL;
    keyset ks;
    members_it it;
    val_str k;
    uint64_t h;
    p = members_open(w, &it, &ks, p, end);
    while (members_next(w, &it, &k, &h, &p, end)) {
        size_t fi = vt->n_fields;
        for (size_t i = 0; i < vt->n_fields; i++)
            if (vt->fields[i].len == k.n && val_eq(vt->fields[i].name, k.s, k.n)) {
                fi = i;
                break;
            }
        if (fi == vt->n_fields && vt->open) {
            p = vt->additional ? check_value(w, vt->additional, p, end)
                               : val_json_skip(&w->jr, p, end);
        } else if (fi == vt->n_fields) {
            unknown_key(w, &k, "unknown field ", "", vt->field_names, vt->n_fields);
            p = val_json_skip(&w->jr, p, end);
        } else {
            const val_field *f = &vt->fields[fi];
            if (big)
                big[fi] = 1;
            else
                small |= 1ull << fi;
            if (f->deprecated)
                deprecated_key(w, &k, "field", f->name, f->dep_reason);
            p = check_value(w, f->type, p, end);
        }
    }
    if (!w->jr.failed && !partial) {
        for (size_t i = 0; i < vt->n_fields; i++) {
            bool had = big ? big[i] : (small >> i) & 1;
            if (vt->fields[i].required && !had)
                ADD_V(w, VAL_MISSING_REQUIRED, start, vt->fields[i].name, NULL, 0,
                      "required field '%s' is missing", vt->fields[i].name);
        }
    }
    free(big);
    return w->jr.failed ? end : p;
}

static const char *check_items(val_worker *w, const val_type *vt, const char *p,
                               const char *end)
{
    const char *start = p;
    items_it it;
    p = items_open(w, &it, p, end);
    while (items_next(w, &it, &p, end))
        p = vt->items ? check_value(w, vt->items, p, end) : val_json_skip(&w->jr, p, end);
    if (w->jr.failed)
        return end;
    size_t n = it.n;
    char exp[64];
    if (vt->max_items >= 0 && n > (size_t)vt->max_items) {
        if (detail(w, VAL_TOO_MANY_ITEMS))
            snprintf(exp, sizeof exp, "at most %lld items", (long long)vt->max_items);
        ADD_V(w, VAL_TOO_MANY_ITEMS, start, exp, NULL, 0, "array has %zu item%s, more than %lld",
              n, n == 1 ? "" : "s", (long long)vt->max_items);
    }
    if (vt->min_items >= 0 && n < (size_t)vt->min_items) {
        if (detail(w, VAL_TOO_FEW_ITEMS))
            snprintf(exp, sizeof exp, "at least %lld items", (long long)vt->min_items);
        ADD_V(w, VAL_TOO_FEW_ITEMS, start, exp, NULL, 0, "array has %zu item%s, fewer than %lld",
              n, n == 1 ? "" : "s", (long long)vt->min_items);
    }
    return p;
}

/* Reads the literal at p (true, false, null) into *lit, where a value of
 * type vt stands; a null is fine only when vt is nullable. Returns end on
 * an error. */
static inline const char *literal(val_worker *w, const val_type *vt, const char *p,
                                  const char *end, char *lit)
{
    const char *at = p;
    p = val_json_literal(&w->jr, p, end, lit);
    if (w->jr.failed)
        return end;
    if (*lit == 'n' && !vt->nullable)
        ADD_V(w, VAL_NULL_NOT_ALLOWED, at, vt->desc, at, 4, "null is not allowed here (not nullable)");
    return p;
}

static const char *check_value(val_worker *w, const val_type *vt, const char *p,
                               const char *end)
{
    const char *at = p;
    char lit;
    if (__builtin_expect(vt->base >= TX_ANY, 0)) {
        if (vt->base == TX_UNION)
            return check_union(w, vt, p, end);
        if (vt->base == TX_ANY) {
            p = val_json_skip(&w->jr, p, end);
            return w->jr.failed ? end : p;
        }
        /* TX_NULL: nullable, and no other base matches */
    }
    switch (*p) {
    case '"': {
        val_str s;
        p = val_json_string(&w->jr, p, end, &s);
        if (w->jr.failed)
            return end;
        if (vt->base != TX_STRING)
            wrong_type(w, vt, at, p, "string");
        else
            check_string(w, vt, &s, at, p);
        return p;
    }
    case '{':
    case '[':
        if (vt->base == (*p == '{' ? TX_OBJECT : TX_ARRAY))
            return *p == '{' ? check_fields(w, vt, p, end, false) : check_items(w, vt, p, end);
        p = val_json_skip(&w->jr, p, end);
        if (!w->jr.failed)
            wrong_type(w, vt, at, p, *at == '{' ? "object" : "array");
        return p;
    case 't': case 'f': case 'n':
        p = literal(w, vt, p, end, &lit);
        if (w->jr.failed || lit == 'n')
            return p;
        if (vt->base != TX_BOOLEAN) {
            wrong_type(w, vt, at, p, "boolean");
        } else if (vt->n_enum) {
            /* enum: [true] must reject false, as JSON Schema's enum does */
            const char *lt = lit == 't' ? "true" : "false";
            size_t ln = lit == 't' ? 4 : 5;
            bool ok = false;
            for (size_t i = 0; i < vt->n_enum && !ok; i++)
                ok = vt->enums[i].n == ln && memcmp(vt->enums[i].s, lt, ln) == 0;
            if (!ok)
                ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, ln,
                      "'%s' is not an allowed value", lt);
        }
        return p;
    default: {
        val_dec d;
        p = val_json_number(&w->jr, p, end, &d);
        if (w->jr.failed)
            return end;
        if (vt->base == TX_INTEGER) {
            if ((d.fl || d.exp) && !val_dec_is_integer(&d)) {
                wrong_type(w, vt, at, p, "number");
                return p;
            }
        } else if (vt->base != TX_NUMBER) {
            wrong_type(w, vt, at, p, json_type_of(*at, &d));
            return p;
        }
        check_number(w, vt, &d, at);
        return p;
    }
    }
}

/* --- unions ---------------------------------------------------------------- */

/* A union's branch of base b, or NULL: the loader gives a union at most
 * one branch per JSON type (integer and number being two). */
static const val_type *branch_of(const val_type *vt, tx_base b)
{
    for (uint32_t i = 0; i < vt->n_branches; i++)
        if (vt->branches[i]->base == b)
            return vt->branches[i];
    return NULL;
}

/* The union's enum holds the value (of JSON kind c: s for a string, d for
 * a number); objects and arrays are never in it. */
static bool union_enum_has(const val_type *vt, char c, const val_str *s, const val_dec *d)
{
    const char *lt = c == 't' ? "true" : "false";
    for (uint32_t i = 0; i < vt->n_enum; i++) {
        const val_enum *en = &vt->enums[i];
        bool ok = false;
        switch (c) {
        case '"': ok = en->kind == TX_STRING && en->n == s->n && val_eq(en->s, s->s, s->n); break;
        case 't': case 'f':
            ok = en->kind == TX_BOOLEAN && en->n == strlen(lt) && memcmp(en->s, lt, en->n) == 0;
            break;
        case '{': case '[': break;
        default: ok = en->is_num && val_dec_cmp(&en->dec, d) == 0; break;
        }
        if (ok)
            return true;
    }
    return false;
}

/* A union: the value goes to the branch of its JSON type (an integral
 * number to the integer branch, or the number branch when that one
 * accepts it and the integer branch does not). No branch of its type:
 * wrong-type, naming the union ("expected integer or string, found
 * boolean"); else that branch's violations are the value's. The union's
 * enum applies to every value but null (allowed when nullable whatever
 * the enum says). One branch per JSON type means a value is read once
 * and judged by one branch: no trial walks. */
static const char *check_union(val_worker *w, const val_type *vt, const char *p,
                               const char *end)
{
    const char *at = p;
    const val_type *br;
    val_str s = { 0 };
    val_dec d;
    char c = *p, lit;
    switch (c) {
    case '"':
        p = val_json_string(&w->jr, p, end, &s);
        if (w->jr.failed)
            return end;
        if (!(br = branch_of(vt, TX_STRING))) {
            wrong_type(w, vt, at, p, "string");
            return p;
        }
        check_string(w, br, &s, at, p);
        break;
    case '{':
    case '[':
        br = branch_of(vt, c == '{' ? TX_OBJECT : TX_ARRAY);
        p = br ? check_value(w, br, p, end) : val_json_skip(&w->jr, p, end);
        if (w->jr.failed)
            return end;
        if (!br) {
            wrong_type(w, vt, at, p, c == '{' ? "object" : "array");
            return p;
        }
        break;
    case 't': case 'f': case 'n':
        p = literal(w, vt, p, end, &lit);
        if (w->jr.failed || lit == 'n')
            return p;
        if (!(br = branch_of(vt, TX_BOOLEAN))) {
            wrong_type(w, vt, at, p, "boolean");
            return p;
        }
        check_value(w, br, at, end);
        c = lit;
        break;
    default: {
        p = val_json_number(&w->jr, p, end, &d);
        if (w->jr.failed)
            return end;
        const val_type *bi = val_dec_is_integer(&d) ? branch_of(vt, TX_INTEGER) : NULL;
        const val_type *bn = branch_of(vt, TX_NUMBER);
        if (!bi && !bn) {
            wrong_type(w, vt, at, p, json_type_of(*at, &d));
            return p;
        }
        if (!(bi && bn && (!val_number_verdict(bi, &d) || !val_number_verdict(bn, &d))))
            check_number(w, bi ? bi : bn, &d, at);
        break;
    }
    }
    if (vt->n_enum && !union_enum_has(vt, c, &s, &d)) {
        size_t rn = (size_t)(p - at);
        if (c == '"')
            ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, rn, "'%s' is not an allowed value",
                  shown(w, s.s, s.n));
        else if (c == 't' || c == 'f')
            ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, rn, "'%s' is not an allowed value",
                  c == 't' ? "true" : "false");
        else if (c == '{' || c == '[')
            ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, rn, "%s is not an allowed value",
                  a_type(c));
        else
            ADD_V(w, VAL_NOT_IN_ENUM, at, vt->enum_desc, at, rn, "%.*s is not an allowed value",
                  (int)(rn > 60 ? 60 : rn), at);
    }
    return p;
}

/* --- events --------------------------------------------------------------- */

typedef struct evstate {
    const char *obj;            /* the event object's '{' */
    val_str name;
    bool has_name, name_bad, batch, has_type, has_props;
    bool nameless;              /* the spec names no event (braze bodies) */
    const val_spec *name_sp;    /* the spec's own name member, or NULL */
    bool iglu;                  /* the name came from an Iglu URI: */
    val_str iglu_vendor, iglu_ver;  /* its vendor and version (SchemaVer) */
    val_str type;
    const char *props_at;
    val_seg props_path[8], name_path[8];
    size_t props_path_n, name_path_n;
    uint32_t stamp;
    size_t sp0, rv0;
    size_t n_defer;             /* values of properties that vary, not checked yet */
    uint64_t failing0;
    size_t pend_save, pack_save;    /* the enclosing event's pending counts */
    uint32_t prop_save;
} evstate;

/* --- violations per event property (the report's cells) -------------------- */

#define PEND_PACK 64            /* pending entries of an event before the first packing */

static int pend_by_key(const void *pa, const void *pb)
{
    const val_pend *a = pa, *b = pb;
    if (a->prop != b->prop)
        return a->prop < b->prop ? -1 : 1;
    return a->code < b->code ? -1 : a->code > b->code;
}

static int pend_by_off(const void *pa, const void *pb)
{
    const val_pend *a = pa, *b = pb;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    return pend_by_key(pa, pb);
}

/* One entry per key in the current event's pending counts, each with its
 * first offset; the next packing waits until they have doubled, so the
 * entries stay within twice the event's distinct keys (plus PEND_PACK). */
static void pend_pack(val_walk *wk)
{
    val_pend *a = wk->pend + wk->pend0;
    size_t n = wk->n_pend - wk->pend0, k = 0;
    qsort(a, n, sizeof *a, pend_by_key);
    for (size_t i = 0; i < n; i++) {
        if (k && a[k - 1].prop == a[i].prop && a[k - 1].code == a[i].code) {
            a[k - 1].count += a[i].count;
            if (a[i].off < a[k - 1].off)
                a[k - 1].off = a[i].off;
        } else {
            a[k++] = a[i];
        }
    }
    wk->n_pend = wk->pend0 + k;
    wk->pend_pack = 2 * k + PEND_PACK;
}

/* A violation of the current event, for the property being checked. */
static void pend_add(val_worker *w, val_code c, const char *at)
{
    val_walk *wk = &w->walk;
    size_t off = at && at > wk->rec ? (size_t)(at - wk->rec) : 0;
    if (off > wk->rec_len)
        off = wk->rec_len;
    if (wk->n_pend > wk->pend0) {       /* most often the same as the last one */
        val_pend *l = &wk->pend[wk->n_pend - 1];
        if (l->prop == wk->cur_prop && l->code == (uint32_t)c) {
            l->count++;
            if (off < l->off)
                l->off = off;
            return;
        }
    }
    if (wk->n_pend - wk->pend0 >= wk->pend_pack)
        pend_pack(wk);
    if (wk->n_pend == wk->cap_pend) {
        wk->cap_pend = wk->cap_pend ? wk->cap_pend * 2 : 64;
        wk->pend = tx_xrealloc(wk->pend, wk->cap_pend * sizeof *wk->pend);
    }
    wk->pend[wk->n_pend++] = (val_pend){ wk->cur_prop, (uint32_t)c, 1, off };
}

/* Line and column (0-based, in code points) at byte `to` of the record,
 * going on from *pos. */
static void advance(const val_walk *wk, size_t *pos, size_t to, uint64_t *line, uint64_t *col)
{
    for (; *pos < to && *pos < wk->rec_len; (*pos)++) {
        unsigned char c = (unsigned char)wk->rec[*pos];
        if (c == '\n') {
            (*line)++;
            *col = 0;
        } else if ((c & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* The chunk's cell of (event, property index, code), through the cache. */
static val_cell *cell_of(val_worker *w, uint32_t event, uint32_t prop, uint32_t code, bool *fresh)
{
    val_cres *cr = w->cr;
    uint32_t h = (event * 0x9E3779B1u) ^ (prop * 0x85EBCA77u) ^ (code * 0xC2B2AE3Du);
    val_cellref *e = &w->walk.cell_cache[(h ^ h >> 16) & (VAL_CELL_CACHE - 1)];
    if (e->cres == cr->id && e->event == event && e->prop == prop && e->code == code) {
        *fresh = false;
        return e->cell;
    }
    const char *name = prop == NONE ? NULL : w->s->props[prop].name;
    val_cell *c = val_cells_get(&cr->cells, cr->arena, event, name, (val_code)code, fresh);
    *e = (val_cellref){ cr->id, event, prop, code, c };
    return c;
}

/* The current event's pending counts, now that its name is known (event:
 * its index or VAL_CELL_UNKNOWN), into the chunk's cells; a cell new to
 * the chunk takes the location of its first violation. */
static void pend_flush(val_worker *w, uint32_t event)
{
    val_walk *wk = &w->walk;
    size_t n = wk->n_pend - wk->pend0, pos = 0;
    if (!n)
        return;                         /* (pend may still be NULL) */
    val_pend *a = wk->pend + wk->pend0;
    if (n > 16) {
        qsort(a, n, sizeof *a, pend_by_off);
    } else {                            /* the usual few: no call per compare */
        for (size_t i = 1; i < n; i++) {
            val_pend x = a[i];
            size_t j = i;
            for (; j > 0 && pend_by_off(&a[j - 1], &x) > 0; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
    }
    uint64_t line = wk->line0, col = wk->col0;
    for (size_t i = 0; i < n; i++) {
        bool fresh;
        val_cell *c = cell_of(w, event, a[i].prop, a[i].code, &fresh);
        c->count += a[i].count;
        if (!fresh)
            continue;
        advance(wk, &pos, a[i].off, &line, &col);
        c->file = wk->file;
        c->line = line;
        c->column = col + 1;
    }
}

bool val_mixpanel_reserved(const val_str *k)
{
    if (k->n && k->s[0] == '$')
        return true;
    if (k->n >= 3 && memcmp(k->s, "mp_", 3) == 0)
        return true;
    return KEY_IS(*k, "time") || KEY_IS(*k, "distinct_id") || KEY_IS(*k, "token");
}

static const char *check_props(val_worker *w, evstate *ev, const char *p, const char *end)
{
    const val_schema *s = w->s;
    keyset ks;
    members_it it;
    val_str k;
    uint64_t h;
    ks_init(w, &ks);
    /* Known properties find duplicates through the event's stamps (free);
     * a second properties object in one event (itself a duplicate key)
     * falls back to the key set. */
    bool stamps = !ev->has_props;
    ev->has_props = true;
    ev->props_at = p;
    ev->props_path_n = w->walk.path_n < 8 ? w->walk.path_n : 8;
    memcpy(ev->props_path, w->walk.path, ev->props_path_n * sizeof *w->walk.path);
    p = members_open(w, &it, NULL, p, end);
    while (members_next(w, &it, &k, &h, &p, end)) {
        long pi = -1;
        if (!(w->prof->mixpanel_reserved && val_mixpanel_reserved(&k)))
            pi = val_table_find(&s->props_tab, k.s, k.n, h);
        w->walk.cur_prop = pi >= 0 ? (uint32_t)pi : NONE;
        if (pi >= 0 && stamps ? w->seen[pi] == ev->stamp : ks_dup(w, &ks, &k, h))
            dup_report(w, &k);
        if (w->prof->mixpanel_reserved && val_mixpanel_reserved(&k)) {
            p = val_json_skip(&w->jr, p, end);
        } else if (pi < 0) {
            unknown_key(w, &k, "unknown property ", "", s->prop_names, s->n_props);
            p = val_json_skip(&w->jr, p, end);
        } else {
            const val_prop *vp = &s->props[pi];
            w->seen[pi] = ev->stamp;
            w->cr->prop_seen[pi] = 1;
            if (w->walk.n_sp == w->walk.cap_sp) {
                w->walk.cap_sp = w->walk.cap_sp ? w->walk.cap_sp * 2 : 64;
                w->walk.sp = tx_xrealloc(w->walk.sp, w->walk.cap_sp * sizeof *w->walk.sp);
            }
            w->walk.sp[w->walk.n_sp++] =
                (val_seenp){ (uint32_t)pi, k.s, k.n, (size_t)(k.raw - w->walk.rec), k.raw_n,
                             vp->varies ? (size_t)(p - w->walk.rec) : 0 };
            if (vp->deprecated)
                deprecated_key(w, &k, "property", vp->name, vp->dep_reason);
            if (vp->varies) {   /* its type is the event's: checked in finish_event */
                p = val_json_skip(&w->jr, p, end);
                ev->n_defer++;
            } else {
                p = check_value(w, vp->type, p, end);
            }
        }
        w->walk.cur_prop = NONE;
    }
    return w->jr.failed ? end : p;
}

/* Braze's own fields in a user attributes object (identifiers, API flags,
 * standard profile fields): not custom attributes, so not checked against
 * the taxonomy unless it declares them as user properties. The list is
 * Braze's "user attributes object" as documented in 2026 (the object body's
 * identifiers and flags, `_merge_objects` from its nested-object section,
 * and every row of its "Braze user profile fields" table, which added
 * alias_name and alias_label and no longer lists image_url):
 * https://www.braze.com/docs/api/objects_filters/user_attributes_object */
static bool braze_standard(const val_str *k)
{
    static const char *const names[] = {
        "_merge_objects", "_update_existing_only", "alias_label", "alias_name", "braze_id",
        "country", "current_location", "date_of_first_session", "date_of_last_session", "dob",
        "email", "email_click_tracking_disabled", "email_open_tracking_disabled",
        "email_subscribe", "external_id", "facebook", "first_name", "gender", "home_city",
        "language", "last_name", "marked_email_as_spam_at", "phone", "push_subscribe",
        "push_token_import", "push_tokens", "subscription_groups", "time_zone", "twitter",
        "user_alias",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == k->n && memcmp(names[i], k->s, k->n) == 0)
            return true;
    return false;
}

/* One element of a Braze $remove or $update list on an array of objects:
 * {"$identifier_key": K, "$identifier_value": V} (and, for $update,
 * "$new_object": {...}). K must name a field of the item object and V fit
 * that field's type; $new_object is a partial item, since Braze merges it
 * into the stored one. In any order: V is checked once the object ends. */
static const char *braze_ident(val_worker *w, const val_type *it, const char *op, const char *p,
                               const char *end)
{
    bool update = op[1] == 'u', has_key = false, has_new = false;
    const val_field *field = NULL;
    const char *start = p, *val_at = NULL;
    keyset ks;
    members_it mi;
    val_str k;
    uint64_t h;
    p = members_open(w, &mi, &ks, p, end);
    while (members_next(w, &mi, &k, &h, &p, end)) {
        const char *at = p;
        if (KEY_IS(k, "$identifier_key")) {
            has_key = true;
            val_str v;
            if (*p == '"') {
                p = val_json_string(&w->jr, p, end, &v);
                for (size_t i = 0; !w->jr.failed && i < it->n_fields && !field; i++)
                    if (it->fields[i].len == v.n && val_eq(it->fields[i].name, v.s, v.n))
                        field = &it->fields[i];
                if (!w->jr.failed && !field)
                    ADD_V(w, VAL_UNKNOWN_PROPERTY, at, "a field of the array's objects", at,
                          (size_t)(p - at), "$identifier_key '%s' is not a field of the array's objects",
                          shown(w, v.s, v.n));
            } else {
                p = skip_wrong(w, p, end, false, VAL_WRONG_TYPE, "string",
                               "expected a field name for $identifier_key, found %s",
                               json_type_of(*at, NULL));
            }
        } else if (KEY_IS(k, "$identifier_value")) {
            val_at = p;
            p = val_json_skip(&w->jr, p, end);
        } else if (update && KEY_IS(k, "$new_object")) {
            has_new = true;
            p = *p == '{' ? check_fields(w, it, p, end, true)
                          : skip_wrong(w, p, end, false, VAL_WRONG_TYPE, "object",
                                       "expected the object's new fields for $new_object, found %s",
                                       json_type_of(*at, NULL));
        } else {
            ADD_V(w, VAL_UNKNOWN_PROPERTY, k.raw, NULL, k.raw, k.raw_n,
                  "unexpected '%s' in a Braze %s item; expected $identifier_key, "
                  "$identifier_value%s", shown(w, k.s, k.n), op,
                  update ? ", $new_object" : "");
            p = val_json_skip(&w->jr, p, end);
        }
    }
    if (w->jr.failed)
        return end;
    if (val_at && field) {
        push_key(w, "$identifier_value", 17);
        check_value(w, field->type, val_at, end);
        pop(w);
    }
    static const char *const need[] = { "$identifier_key", "$identifier_value", "$new_object" };
    bool had[] = { has_key, val_at != NULL, has_new };
    for (size_t i = 0; i < (update ? 3u : 2u); i++)
        if (!had[i])
            ADD_V(w, VAL_MISSING_REQUIRED, start, need[i], NULL, 0,
                  "'%s' is missing in a Braze %s item", need[i], op);
    return w->jr.failed ? end : p;
}

/* Braze's operations on an array-of-objects attribute, p at '{': {"$add":
 * [objects], "$remove": [identifiers], "$update": [identifiers with a
 * $new_object]}; added objects are checked as the item type. */
static const char *braze_obj_ops(val_worker *w, const val_type *vt, const char *p,
                                 const char *end)
{
    keyset ks;
    members_it mi;
    val_str k;
    uint64_t h;
    p = members_open(w, &mi, &ks, p, end);
    while (members_next(w, &mi, &k, &h, &p, end)) {
        static const char *const ops[] = { "$add", "$remove", "$update" };
        const char *op = NULL;
        for (size_t i = 0; i < 3; i++)
            if (strlen(ops[i]) == k.n && memcmp(ops[i], k.s, k.n) == 0)
                op = ops[i];
        const char *at = p;
        if (!op) {
            ADD_V(w, VAL_UNKNOWN_PROPERTY, k.raw, "$add, $remove or $update", k.raw, k.raw_n,
                  "unknown Braze array operation '%s'; expected $add, $remove or $update",
                  shown(w, k.s, k.n));
            p = val_json_skip(&w->jr, p, end);
        } else if (*p != '[') {
            p = skip_wrong(w, p, end, false, VAL_WRONG_TYPE, "array",
                           "expected an array for %s, found %s", op, json_type_of(*at, NULL));
        } else {
            items_it iti;
            p = items_open(w, &iti, p, end);
            while (items_next(w, &iti, &p, end)) {
                if (op[1] == 'a')
                    p = check_value(w, vt->items, p, end);
                else if (*p == '{')
                    p = braze_ident(w, vt->items, op, p, end);
                else
                    p = skip_wrong(w, p, end, false, VAL_WRONG_TYPE, "object",
                                   "expected an object with $identifier_key and "
                                   "$identifier_value in %s, found %s", op,
                                   json_type_of(*p, NULL));
            }
        }
    }
    return w->jr.failed ? end : p;
}

/* A Braze operation on a custom attribute: {"inc": n} on a number,
 * {"add": [...], "remove": [...]} (either or both) on an array (items
 * checked against the item type), {"$add": ..., "$remove": ...,
 * "$update": ...} on an array of objects (braze_obj_ops). p at '{'; NULL
 * when the object is not one of them (then the caller checks it as a
 * plain value). */
static const char *braze_op(val_worker *w, const val_type *vt, const char *p, const char *end)
{
    const char *q = val_json_ws(p + 1, end);
    val_str op;
    if (q >= end || *q != '"')
        return NULL;
    val_json_string(&w->jr, q, end, &op);
    if (w->jr.failed)
        return end;
    if (op.n && op.s[0] == '$' && vt->base == TX_ARRAY && vt->items &&
        vt->items->base == TX_OBJECT)
        return braze_obj_ops(w, vt, p, end);
    bool num = vt->base == TX_INTEGER || vt->base == TX_NUMBER, arr = vt->base == TX_ARRAY;
    if (!(num && KEY_IS(op, "inc")) && !(arr && (KEY_IS(op, "add") || KEY_IS(op, "remove"))))
        return NULL;    /* not an operation: checked as a plain value */
    keyset ks;
    members_it mi;
    val_str k;
    uint64_t h;
    p = members_open(w, &mi, &ks, p, end);
    while (members_next(w, &mi, &k, &h, &p, end)) {
        const char *at = p;
        if (num && KEY_IS(k, "inc")) {
            p = *p == '-' || (*p >= '0' && *p <= '9')
                ? val_json_skip(&w->jr, p, end)
                : skip_wrong(w, p, end, false, VAL_WRONG_TYPE, "number",
                             "expected a number to add, found %s", json_type_of(*at, NULL));
        } else if (arr && (KEY_IS(k, "add") || KEY_IS(k, "remove"))) {
            if (*p == '[') {
                items_it it;
                p = items_open(w, &it, p, end);
                while (items_next(w, &it, &p, end))
                    p = vt->items ? check_value(w, vt->items, p, end)
                                  : val_json_skip(&w->jr, p, end);
            } else {
                p = skip_wrong(w, p, end, false, VAL_WRONG_TYPE, "array",
                               "expected an array of values, found %s", json_type_of(*at, NULL));
            }
        } else {
            ADD_V(w, VAL_UNKNOWN_PROPERTY, k.raw, num ? "inc" : "add or remove", k.raw, k.raw_n,
                  "unexpected '%s' in a Braze attribute operation; expected %s",
                  shown(w, k.s, k.n), num ? "inc" : "add or remove");
            p = val_json_skip(&w->jr, p, end);
        }
    }
    return w->jr.failed ? end : p;
}

/* A user properties object (amplitude user_properties, segment traits,
 * custom) or, with braze, one Braze user attributes object: declared user
 * properties are checked by type (for braze, null removes an attribute and
 * inc/add/remove operations are read), Braze's standard fields are left
 * alone, anything else is not a user property. */
static const char *check_user(val_worker *w, const char *p, const char *end, bool braze)
{
    const val_schema *s = w->s;
    keyset ks;
    members_it it;
    val_str k;
    uint64_t h;
    p = members_open(w, &it, &ks, p, end);
    while (members_next(w, &it, &k, &h, &p, end)) {
        long pi = val_table_find(&s->props_tab, k.s, k.n, h);
        w->walk.cur_prop = pi >= 0 && s->props[pi].is_user ? (uint32_t)pi : NONE;
        if (pi >= 0 && s->props[pi].is_user) {
            const val_prop *vp = &s->props[pi];
            w->cr->prop_seen[pi] = 1;
            if (vp->deprecated)
                deprecated_key(w, &k, "user property", vp->name, vp->dep_reason);
            const char *q = NULL;
            if (braze && *p == 'n' && end - p >= 4 && memcmp(p, "null", 4) == 0)
                q = val_json_skip(&w->jr, p, end);      /* removes the attribute */
            else if (braze && *p == '{' && vp->type->base != TX_OBJECT)
                q = braze_op(w, vp->type, p, end);
            p = q ? q : check_value(w, vp->type, p, end);
        } else if (w->prof->user_ops && k.n && k.s[0] == '$' && *p == '{') {
            p = check_user(w, p, end, false);   /* amplitude: {"$set": {...}} */
            w->walk.cur_prop = NONE;
        } else if (s->n_user == 0 || (braze && braze_standard(&k))) {
            p = val_json_skip(&w->jr, p, end);
        } else {
            unknown_key(w, &k, "", " is not a user property", s->user_names, s->n_user);
            p = val_json_skip(&w->jr, p, end);
        }
        w->walk.cur_prop = NONE;
    }
    return w->jr.failed ? end : p;
}

static const char *process_event(val_worker *w, const val_spec *spec, size_t n_spec,
                                 const char *p, const char *end);

/* True when the event name lies under this member of the key tree. */
static bool spec_holds_name(const val_spec *sp)
{
    if (sp->role == ROLE_NAME || sp->role == ROLE_IGLU)
        return true;
    if (sp->role != ROLE_OBJ)
        return false;
    for (size_t i = 0; i < sp->n_kids; i++)
        if (spec_holds_name(&sp->kids[i]))
            return true;
    return false;
}

/* A Snowplow schema, "iglu:VENDOR/NAME/jsonschema/MODEL-REVISION-ADDITION"
 * (at..after in the input): the event is VENDOR/NAME when the taxonomy
 * has an event of that name, else NAME; its vendor and version are
 * checked against the event's iglu: once the event is known
 * (check_iglu). */
static void read_iglu(val_worker *w, evstate *ev, const val_str *v, const char *at,
                      const char *after)
{
    const char *s = v->s, *e = s + v->n, *vendor = s + 5, *s1 = NULL, *s2 = NULL, *s3 = NULL;
    bool ok = v->n > 5 && memcmp(s, "iglu:", 5) == 0;
    if (ok)
        ok = (s1 = memchr(vendor, '/', (size_t)(e - vendor))) && s1 > vendor;
    if (ok)
        ok = (s2 = memchr(s1 + 1, '/', (size_t)(e - s1 - 1))) && s2 > s1 + 1;
    if (ok)
        ok = (s3 = memchr(s2 + 1, '/', (size_t)(e - s2 - 1))) && s3 - s2 - 1 == 10 &&
             memcmp(s2 + 1, "jsonschema", 10) == 0 &&
             tx_schemaver_valid(s3 + 1, (size_t)(e - s3 - 1), false);
    if (!ok) {
        ev->name_bad = true;
        ADD_V(w, VAL_BAD_IGLU_URI, at, "iglu:vendor/name/jsonschema/M-R-A", at,
              (size_t)(after - at), "'%s' is not an Iglu URI iglu:vendor/name/jsonschema/M-R-A",
              shown(w, v->s, v->n));
        return;
    }
    val_str name = *v;
    name.s = vendor;
    name.n = (size_t)(s2 - vendor);
    if (val_table_find(&w->s->events_tab, name.s, name.n, val_hash(name.s, name.n)) < 0) {
        name.s = s1 + 1;
        name.n = (size_t)(s2 - s1 - 1);
    }
    ev->name = name;
    ev->has_name = true;
    ev->name_path_n = w->walk.path_n < 8 ? w->walk.path_n : 8;
    memcpy(ev->name_path, w->walk.path, ev->name_path_n * sizeof *w->walk.path);
    ev->iglu = true;
    ev->iglu_vendor = (val_str){ .s = vendor, .n = (size_t)(s1 - vendor) };
    ev->iglu_ver = (val_str){ .s = s3 + 1, .n = (size_t)(e - s3 - 1) };
}

/* The Iglu vendor and version of a known event against its iglu: (the
 * path is the schema's). */
static void check_iglu(val_worker *w, const evstate *ev, const tx_event *te)
{
    const val_str *vd = &ev->iglu_vendor, *vr = &ev->iglu_ver;
    const char *at = ev->name.raw;
    if (te->iglu_vendor &&
        !(strlen(te->iglu_vendor) == vd->n && memcmp(te->iglu_vendor, vd->s, vd->n) == 0)) {
        ADD_V(w, VAL_SCHEMA_VERSION, at, te->iglu_vendor, at, ev->name.raw_n,
              "Iglu vendor '%s' is not the vendor of event '%s' (%s)", shown(w, vd->s, vd->n),
              te->name, te->iglu_vendor);
        return;
    }
    if (!te->n_iglu_versions)
        return;
    for (size_t i = 0; i < te->n_iglu_versions; i++)
        if (tx_schemaver_match(te->iglu_versions[i], vr->s, vr->n))
            return;
    if (!detail(w, VAL_SCHEMA_VERSION)) {
        count_v(w, VAL_SCHEMA_VERSION, at);
        return;
    }
    char list[200];
    size_t off = 0;
    for (size_t i = 0; i < te->n_iglu_versions && off < sizeof list; i++) {
        int k = snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "",
                         te->iglu_versions[i]);
        off += k > 0 ? (size_t)k : 0;
    }
    add_v(w, VAL_SCHEMA_VERSION, at, list, at, ev->name.raw_n,
          "version %.*s of event '%s' is not accepted; it accepts %s", (int)vr->n, vr->s,
          te->name, list);
}

/* A member that holds an array of objects, p at its value: a batch's
 * events (each walked as an event of the kids' spec), Braze's user
 * attributes objects, or Braze purchases (objects the taxonomy does not
 * describe). An element that is not an object, or a value that is not an
 * array (null is, but for a batch), is reported in the role's words. */
static const char *object_array(val_worker *w, const val_spec *sp, const char *p,
                                const char *end)
{
    bool batch = sp->role == ROLE_BATCH, attrs = sp->role == ROLE_ATTRS;
    val_code c = batch ? VAL_NOT_AN_EVENT : VAL_WRONG_TYPE;
    const char *elem = batch ? "an event object" : attrs ? "a user attributes object"
                                                          : "an object";
    if (*p != '[') {
        const char *arr = batch ? "an array of events"
                        : attrs ? "an array of user attributes objects" : "an array of objects";
        return skip_wrong(w, p, end, !batch, c, batch ? arr : "array",
                          "'%s' is %s, expected %s", sp->key, a_type(*p), arr);
    }
    items_it it;
    p = items_open(w, &it, p, end);
    while (items_next(w, &it, &p, end)) {
        if (*p != '{')
            p = skip_wrong(w, p, end, false, c, batch ? elem : "object",
                           "an element of '%s' is %s, not %s", sp->key, a_type(*p), elem);
        else if (batch)
            p = process_event(w, sp->kids, sp->n_kids, p, end);
        else if (attrs)
            p = check_user(w, p, end, true);
        else
            p = val_json_skip(&w->jr, p, end);
    }
    return p;
}

static const char *walk(val_worker *w, evstate *ev, const val_spec *spec, size_t n_spec,
                        const char *p, const char *end)
{
    keyset ks;
    members_it mi;
    val_str k;
    uint64_t h;
    uint64_t lenmask = 0;       /* key lengths named by the spec: most keys skip the compare */
    for (size_t i = 0; i < n_spec; i++)
        lenmask |= 1ull << (spec[i].len & 63);
    p = members_open(w, &mi, &ks, p, end);
    while (members_next(w, &mi, &k, &h, &p, end)) {
        const val_spec *sp = NULL;
        if (lenmask & (1ull << (k.n & 63)))
            for (size_t i = 0; i < n_spec; i++)
                if (spec[i].len == k.n && val_eq(spec[i].key, k.s, k.n)) {
                    sp = &spec[i];
                    break;
                }
        const char *at = p;
        switch (sp ? sp->role : ROLE_NONE) {
        case ROLE_NAME:
        case ROLE_TYPE:
            if (*p == '"') {
                val_str v;
                p = val_json_string(&w->jr, p, end, &v);
                if (sp->role == ROLE_NAME) {
                    ev->name = v;
                    ev->has_name = true;
                    ev->name_path_n = w->walk.path_n < 8 ? w->walk.path_n : 8;
                    memcpy(ev->name_path, w->walk.path, ev->name_path_n * sizeof *w->walk.path);
                } else {
                    ev->type = v;
                    ev->has_type = true;
                }
            } else if (sp->role == ROLE_NAME) {
                p = skip_wrong(w, p, end, false, VAL_NOT_AN_EVENT, "a string",
                               "the event name is not a string");
                ev->name_bad |= !w->jr.failed;
            } else {
                p = val_json_skip(&w->jr, p, end);
            }
            break;
        case ROLE_IGLU:
            if (*p == '"') {
                val_str v;
                p = val_json_string(&w->jr, p, end, &v);
                if (!w->jr.failed)
                    read_iglu(w, ev, &v, at, p);
            } else {
                p = skip_wrong(w, p, end, false, VAL_BAD_IGLU_URI,
                               "iglu:vendor/name/jsonschema/M-R-A",
                               "the schema is %s, not an Iglu URI", a_type(*at));
                ev->name_bad |= !w->jr.failed;
            }
            break;
        case ROLE_PROPS:
        case ROLE_USER:
            if (*p != '{')
                p = skip_wrong(w, p, end, true, VAL_WRONG_TYPE, "object",
                               "expected the %s properties object, found %s",
                               sp->role == ROLE_PROPS ? "event" : "user", json_type_of(*at, NULL));
            else if (sp->role == ROLE_PROPS)
                p = check_props(w, ev, p, end);
            else
                p = check_user(w, p, end, false);
            break;
        case ROLE_BATCH:
            ev->batch = true;   /* a wrapper, not itself an event */
            p = object_array(w, sp, p, end);
            break;
        case ROLE_ATTRS:
        case ROLE_ITEMS:
            p = object_array(w, sp, p, end);
            break;
        case ROLE_OBJ:
            if (*p == '{') {
                p = walk(w, ev, sp->kids, sp->n_kids, p, end);
            } else {
                p = skip_wrong(w, p, end, true, VAL_NOT_AN_EVENT, "an object",
                               "'%.*s' is %s, expected an object", (int)sp->len, sp->key,
                               a_type(*at));
                if (!w->jr.failed && *at != 'n' && spec_holds_name(sp))
                    ev->name_bad = true;    /* said here, not again as "no name" */
            }
            break;
        case ROLE_NONE:
            p = val_json_skip(&w->jr, p, end);
            break;
        }
    }
    return w->jr.failed ? end : p;
}

long val_unknown_find(const val_unknown_tab *t, const val_unknown_event *names, const char *s,
                      size_t n, uint64_t h, size_t *slot)
{
    *slot = SIZE_MAX;
    if (!t->tab)
        return -1;
    for (size_t i = h & (VAL_UNKNOWN_SLOTS - 1), probes = 0; probes < VAL_UNKNOWN_SLOTS;
         i = (i + 1) & (VAL_UNKNOWN_SLOTS - 1), probes++) {
        uint32_t e = t->tab[i];
        if (e == 0) {
            *slot = i;
            return -1;
        }
        const val_unknown_key *k2 = &t->keys[e - 1];
        if (k2->hash == h && k2->len == n && memcmp(names[e - 1].name, s, n) == 0)
            return (long)(e - 1);
    }
    return -1;
}

void val_unknown_add(val_unknown_tab *t, tx_arena *a, val_unknown_event *names, size_t *count,
                     size_t slot, uint64_t h, const char *s, size_t n, uint64_t seen)
{
    if (*count >= VAL_UNKNOWN_KEEP || slot == SIZE_MAX)
        return;
    names[*count] = (val_unknown_event){ tx_arena_strndup(a, s, n), seen };
    t->keys[*count] = (val_unknown_key){ h, n };
    t->tab[slot] = (uint32_t)++*count;
}

void val_unknown_tab_init(val_unknown_tab *t, tx_arena *a)
{
    t->tab = tx_arena_alloc(a, VAL_UNKNOWN_SLOTS * sizeof *t->tab);
    t->keys = tx_arena_alloc(a, VAL_UNKNOWN_KEEP * sizeof *t->keys);
}

static void note_unknown(val_worker *w, const val_str *name)
{
    val_cres *cr = w->cr;
    val_unknown_tab *t = &cr->unknown_tab;
    cr->unknown.seen++;
    if (!t->tab) {
        val_unknown_tab_init(t, cr->arena);
        cr->unknown_names.items = tx_arena_alloc(cr->arena,
                                                 VAL_UNKNOWN_KEEP * sizeof *cr->unknown_names.items);
        cr->unknown_names.cap = VAL_UNKNOWN_KEEP;
    }
    uint64_t h = tx_hash64(name->s, name->n);
    size_t slot;
    long i = val_unknown_find(t, cr->unknown_names.items, name->s, name->n, h, &slot);
    if (i >= 0)
        cr->unknown_names.items[i].seen++;
    else
        val_unknown_add(t, cr->arena, cr->unknown_names.items, &cr->unknown_names.n, slot, h,
                        name->s, name->n, 1);
}

/* The values of the event's properties that vary by event (val_prop
 * varies), against the type the event gives them: its slot's when it
 * carries them, else (ve NULL: an unknown event, or a record that is no
 * event) the dictionary's; an event-local property has no type outside
 * the events that define it (finish_event reports it there), so its value
 * is not checked then. Each value is at the path it was read at. */
static void check_deferred(val_worker *w, const evstate *ev, const val_event *ve)
{
    const val_schema *s = w->s;
    size_t save_path = w->walk.path_n;
    const char *end = w->walk.rec + w->walk.rec_len;
    for (size_t i = ev->sp0; i < w->walk.n_sp && !w->jr.failed; i++) {
        const val_seenp *sp = &w->walk.sp[i];
        const val_prop *vp = &s->props[sp->prop];
        if (!vp->varies)
            continue;
        long k = ve ? val_event_has(ve, sp->prop) : -1;
        const val_type *vt = k >= 0 ? ve->ktype[k] : vp->p->local ? NULL : vp->type;
        if (!vt)
            continue;
        memcpy(w->walk.path, ev->props_path, ev->props_path_n * sizeof *w->walk.path);
        w->walk.path_n = ev->props_path_n;
        push_key(w, sp->key, sp->key_n);
        w->walk.cur_prop = sp->prop;
        check_value(w, vt, w->walk.rec + sp->voff, end);
        w->walk.cur_prop = NONE;
        w->walk.path_n = save_path;
    }
}

static void finish_event(val_worker *w, evstate *ev)
{
    const val_schema *s = w->s;
    val_cres *cr = w->cr;
    if (w->jr.failed)
        return;
    if (ev->n_defer) {
        long di = -1;
        if (ev->has_name && !(ev->has_type && !val_type_is_event(w->prof, ev->type.s, ev->type.n)))
            di = val_table_find(&s->events_tab, ev->name.s, ev->name.n,
                                val_hash(ev->name.s, ev->name.n));
        check_deferred(w, ev, di >= 0 ? &s->ev[di] : NULL);
    }
    if (ev->has_type && !val_type_is_event(w->prof, ev->type.s, ev->type.n)) {
        cr->ignored++;          /* segment identify/page/..., snowplow page_view/... */
        return;
    }
    if (!ev->has_name) {
        if (ev->batch)
            return;
        if (ev->nameless) {
            cr->ignored++;      /* e.g. a braze body with attributes only */
            return;
        }
        if (ev->name_bad)
            return;
        if (w->walk.path_n && ev->name_sp)   /* a batch element */
            ADD_V(w, VAL_NOT_AN_EVENT, ev->obj, NULL, NULL, 0,
                  "no event name: the event has no '%.*s' member", (int)ev->name_sp->len,
                  ev->name_sp->key);
        else
            ADD_V(w, VAL_NOT_AN_EVENT, ev->obj, w->prof->name_path, NULL, 0,
                  "no event name at '%s'", w->prof->name_path);
        return;
    }
    cr->events++;
    size_t save_path = w->walk.path_n;
    long ei = val_table_find(&s->events_tab, ev->name.s, ev->name.n,
                             val_hash(ev->name.s, ev->name.n));
    memcpy(w->walk.path, ev->name_path, ev->name_path_n * sizeof *w->walk.path);
    w->walk.path_n = ev->name_path_n;
    if (ei < 0) {
        const char *near = want_detail(w, VAL_UNKNOWN_EVENT)
            ? suggest(w, ev->name.s, ev->name.n, s->event_names, s->n_ev) : NULL;
        const char *at = ev->name.raw;
        if (near)
            ADD_V(w, VAL_UNKNOWN_EVENT, at, NULL, at, ev->name.raw_n,
                  "unknown event '%s'; did you mean '%s'?", shown(w, ev->name.s, ev->name.n),
                  near);
        else
            ADD_V(w, VAL_UNKNOWN_EVENT, at, NULL, at, ev->name.raw_n, "unknown event '%s'",
                  shown(w, ev->name.s, ev->name.n));
        note_unknown(w, &ev->name);
        w->walk.path_n = save_path;
    } else {
        const val_event *ve = &s->ev[ei];
        if (ve->deprecated)
            ADD_V(w, VAL_DEPRECATED_EVENT, ev->name.raw, NULL, ev->name.raw, ev->name.raw_n,
                  "event '%s' is deprecated%s%s", ve->name, ve->dep_reason ? ": " : "",
                  ve->dep_reason ? ve->dep_reason : "");
        if (ev->iglu)
            check_iglu(w, ev, ve->e);
        w->walk.path_n = save_path;
        /* Properties of the dictionary this event does not carry. */
        for (size_t i = ev->sp0; i < w->walk.n_sp; i++) {
            const val_seenp *sp = &w->walk.sp[i];
            long k = val_event_has(ve, sp->prop);
            if (k >= 0) {
                cr->ev_prop_seen[ve->base + (size_t)k] = 1;
                continue;
            }
            memcpy(w->walk.path, ev->props_path, ev->props_path_n * sizeof *w->walk.path);
            w->walk.path_n = ev->props_path_n;
            push_key(w, sp->key, sp->key_n);
            const char *at = w->walk.rec + sp->off;
            w->walk.cur_prop = sp->prop;
            ADD_V(w, VAL_UNKNOWN_PROPERTY, at, NULL, at, sp->raw_n,
                  "property '%s' is not defined for event '%s'", s->props[sp->prop].name,
                  ve->name);
            w->walk.cur_prop = NONE;
            w->walk.path_n = save_path;
        }
        for (size_t i = 0; i < ve->n_required; i++) {
            uint32_t pi = ve->required[i];
            if (w->seen[pi] == ev->stamp)
                continue;
            const char *at = ev->has_props ? ev->props_at : ev->obj;
            if (ev->has_props) {
                memcpy(w->walk.path, ev->props_path, ev->props_path_n * sizeof *w->walk.path);
                w->walk.path_n = ev->props_path_n;
            }
            w->walk.cur_prop = pi;
            ADD_V(w, VAL_MISSING_REQUIRED, at, s->props[pi].name, NULL, 0,
                  "required property '%s' of event '%s' is missing", s->props[pi].name,
                  ve->name);
            w->walk.cur_prop = NONE;
            w->walk.path_n = save_path;
        }
        val_event_stats *st = &cr->ev[ei];
        st->seen++;
        w->fn_hit |= s->fn_ev[ei];
        if (cr->failing > ev->failing0)
            st->invalid++;
        else
            st->valid++;
    }
    if (ei < 0) {
        if (cr->failing > ev->failing0)
            cr->unknown.invalid++;
        else
            cr->unknown.valid++;
    }
    pend_flush(w, ei >= 0 ? (uint32_t)ei : VAL_CELL_UNKNOWN);
    if (ev->rv0 < w->walk.n_rv) {
        uint32_t name_off = txt_add(w, ev->name.s, ev->name.n);
        for (size_t i = ev->rv0; i < w->walk.n_rv; i++)
            w->walk.rv[i].event = name_off;
    }
}

static void begin_event(val_worker *w, evstate *ev, const val_spec *spec, size_t n_spec,
                        const char *p)
{
    ev->obj = p;
    ev->nameless = true;
    ev->name_sp = NULL;
    for (size_t i = 0; i < n_spec; i++) {
        if (spec[i].role == ROLE_NAME || spec[i].role == ROLE_OBJ || spec[i].role == ROLE_IGLU)
            ev->nameless = false;
        if (spec[i].role == ROLE_NAME)
            ev->name_sp = &spec[i];
    }
    ev->has_name = ev->name_bad = ev->batch = ev->has_type = ev->has_props = false;
    ev->iglu = false;
    ev->props_at = NULL;
    ev->props_path_n = ev->name_path_n = 0;
    if (++w->stamp == 0) {
        memset(w->seen, 0, (w->s->n_props + 1) * sizeof *w->seen);
        w->stamp = 1;
    }
    ev->stamp = w->stamp;
    ev->n_defer = 0;
    ev->sp0 = w->walk.n_sp;
    ev->rv0 = w->walk.n_rv;
    ev->failing0 = w->cr->failing;
    ev->pend_save = w->walk.pend0;
    ev->pack_save = w->walk.pend_pack;
    ev->prop_save = w->walk.cur_prop;
    w->walk.pend0 = w->walk.n_pend;
    w->walk.pend_pack = PEND_PACK;
    w->walk.cur_prop = NONE;
}

static void end_event(val_worker *w, evstate *ev)
{
    finish_event(w, ev);
    w->walk.n_sp = ev->sp0;
    w->walk.n_pend = w->walk.pend0;     /* settled, or not an event's */
    w->walk.pend0 = ev->pend_save;
    w->walk.pend_pack = ev->pack_save;
    w->walk.cur_prop = ev->prop_save;
}

static const char *process_event(val_worker *w, const val_spec *spec, size_t n_spec,
                                 const char *p, const char *end)
{
    evstate ev;
    begin_event(w, &ev, spec, n_spec, p);
    p = walk(w, &ev, spec, n_spec, p, end);
    end_event(w, &ev);
    return p;
}

/* --- records --------------------------------------------------------------- */

static void sort_rv(val_rv *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        val_rv x = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1].off > x.off) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
}

/* JSON string body of arbitrary bytes: invalid UTF-8 becomes U+FFFD. */
static void add_json_text(tx_sb *sb, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t ok = tx_utf8_check(s + i, n - i);
        tx_sb_add_json_str(sb, s + i, ok);
        i += ok;
        if (i < n) {
            tx_sb_adds(sb, "\\ufffd");
            i++;
        }
    }
}

/* A record that spans lines (pretty-printed documents, a JSON array) is
 * re-read token by token: a line break in a record that was read without
 * error can only be white space between tokens. The compaction cannot
 * fail on such a record; were it to, the record is kept as it is. */
void val_out_record(val_worker *w, tx_sb *sb, const char *rec, size_t n, bool nl)
{
    if ((!memchr(rec, '\n', n) && !memchr(rec, '\r', n)) ||
        val_json_compact(&w->jr, rec, n, sb) < 0)
        tx_sb_add(sb, rec, n);
    if (nl)
        tx_sb_addc(sb, '\n');
}

static void finish_record(val_worker *w, uint64_t line0, uint64_t col0, uint64_t recno,
                          const char *file)
{
    val_cres *cr = w->cr;
    const val_opts *o = w->o;
    size_t max_errors = o->max_errors ? o->max_errors : 1000;
    size_t max_ex = o->examples ? o->examples : 5;
    if (w->walk.rec_invalid)
        cr->invalid++;
    else
        cr->valid++;
    if (!w->walk.n_rv && !w->walk.rec_invalid) {
        if (o->valid_out)
            val_out_record(w, &cr->valid_buf, w->walk.rec, w->walk.rec_len, true);
        return;
    }
    sort_rv(w->walk.rv, w->walk.n_rv);
    /* Line and column of each violation, scanning the record once. */
    uint64_t line = line0, col = col0;
    size_t pos = 0;
    bool inv = o->invalid_out && w->walk.rec_invalid;
    size_t inv_off = cr->inv_buf.len;
    if (inv)
        tx_sb_adds(&cr->inv_buf, ",\"violations\":[");
    for (size_t i = 0; i < w->walk.n_rv; i++) {
        val_rv *r = &w->walk.rv[i];
        advance(&w->walk, &pos, r->off, &line, &col);
        val_violation v = {
            .code = r->code, .file = file, .line = line, .column = col + 1, .record = recno,
            .event = txt_at(w, r->event), .path = txt_at(w, r->path),
            .message = txt_at(w, r->msg), .expected = txt_at(w, r->exp),
            .found = txt_at(w, r->found),
        };
        bool keep = cr->kept.n < max_errors;
        bool ex = cr->examples[r->code].n < max_ex;
        if (keep || ex) {
            val_violation c = v;
            tx_arena *a = cr->arena;
            c.event = v.event ? tx_arena_strdup(a, v.event) : NULL;
            c.path = tx_arena_strdup(a, v.path);
            c.message = tx_arena_strdup(a, v.message);
            c.expected = v.expected ? tx_arena_strdup(a, v.expected) : NULL;
            c.found = v.found ? tx_arena_strdup(a, v.found) : NULL;
            if (keep)
                TX_PUSH(a, cr->kept, c);
            if (ex)
                TX_PUSH(a, cr->examples[r->code], c);
        }
        if (inv) {
            tx_sb *b = &cr->inv_buf;
            tx_sb_addf(b, "%s{\"code\":\"%s\",\"path\":\"", i ? "," : "", val_code_name(r->code));
            tx_sb_add_json_str(b, v.path, strlen(v.path));
            tx_sb_addf(b, "\",\"column\":%llu,\"message\":\"", (unsigned long long)v.column);
            add_json_text(b, v.message, strlen(v.message));
            tx_sb_adds(b, "\"");
            if (v.expected) {
                tx_sb_adds(b, ",\"expected\":\"");
                add_json_text(b, v.expected, strlen(v.expected));
                tx_sb_adds(b, "\"");
            }
            if (v.found) {
                tx_sb_adds(b, ",\"found\":\"");
                add_json_text(b, v.found, strlen(v.found));
                tx_sb_adds(b, "\"");
            }
            tx_sb_adds(b, "}");
        }
    }
    if (inv) {
        tx_sb *b = &cr->inv_buf;
        if (w->walk.rec_viols > w->walk.n_rv)
            tx_sb_addf(b, "],\"more_violations\":%zu", w->walk.rec_viols - w->walk.n_rv);
        else
            tx_sb_adds(b, "]");
        if (w->jr.failed) {
            tx_sb_adds(b, ",\"raw\":\"");
            add_json_text(b, w->walk.rec, w->walk.rec_len);
            tx_sb_adds(b, "\"}\n");
        } else {
            tx_sb_adds(b, ",\"record\":");
            val_out_record(w, b, w->walk.rec, w->walk.rec_len, false);
            tx_sb_adds(b, "}\n");
        }
        val_inv e = { line0, recno, inv_off, cr->inv_buf.len - inv_off };
        TX_PUSH(cr->arena, cr->inv, e);
    } else if (!w->walk.rec_invalid && o->valid_out) {
        val_out_record(w, &cr->valid_buf, w->walk.rec, w->walk.rec_len, true);
    }
}

static void begin_record(val_worker *w, const char *rec, size_t n)
{
    w->walk.rec = rec;
    w->walk.rec_len = n;
    w->walk.n_rv = 0;
    w->walk.n_sp = 0;
    w->walk.rec_viols = 0;
    w->walk.rec_invalid = false;
    w->walk.n_pend = 0;
    w->walk.pend0 = SIZE_MAX;       /* no event yet */
    w->walk.cur_prop = NONE;
    tx_sb_reset(&w->walk.txt);
    w->walk.path_n = 0;
    w->walk.obj_id = 0;
    w->walk.dup_used = 0;
    if (++w->walk.dup_gen == 0) {
        memset(w->walk.dup, 0, (w->walk.dup_mask + 1) * sizeof *w->walk.dup);
        w->walk.dup_gen = 1;
    }
    w->cr->records++;
    val_jr_begin(&w->jr, rec, n);
}

/* The full walk of a record the fast path did not settle. */
void val_check_record_walk(val_worker *w, const char *rec, size_t n, uint64_t line0,
                           uint64_t col0, uint64_t recno, const char *file)
{
    begin_record(w, rec, n);
    w->walk.line0 = line0;
    w->walk.col0 = col0;
    w->walk.file = file;
    const char *end = rec + n, *p = val_json_ws(rec, end);
    if (p >= end) {
        val_jr_fail(&w->jr, VAL_MALFORMED_JSON, p, end, "expected a JSON value, found nothing");
    } else if (*p == '{') {
        /* The record's own event is settled after the check for trailing
         * data, so a record with garbage after it counts no event. */
        evstate ev;
        begin_event(w, &ev, w->prof->root, w->prof->n_root, p);
        p = walk(w, &ev, w->prof->root, w->prof->n_root, p, end);
        if (!w->jr.failed) {
            p = val_json_ws(p, end);
            if (p < end)
                val_jr_fail(&w->jr, VAL_MALFORMED_JSON, p, end,
                            "unexpected data after the JSON value");
        }
        end_event(w, &ev);
    } else if (p < end) {
        const char *at = p;
        p = val_json_skip(&w->jr, p, end);
        if (!w->jr.failed)
            ADD_V(w, VAL_NOT_AN_EVENT, at, "an event object", at, (size_t)(p - at),
                  "the record is %s, not an event object", a_type(*at));
    }
    if (!w->jr.failed) {
        p = val_json_ws(p, end);
        if (p < end)
            val_jr_fail(&w->jr, VAL_MALFORMED_JSON, p, end,
                        "unexpected data after the JSON value");
    }
    if (w->jr.failed) {
        size_t pn = w->walk.path_n < w->walk.path_cap ? w->walk.path_n : w->walk.path_cap;
        w->walk.path_n = pn;
        const char *at = w->jr.err_at ? w->jr.err_at : rec;
        if (at > end)
            at = end;
        ADD_V(w, w->jr.code, at, w->jr.code == VAL_TOO_DEEP ? "less nesting" : "valid JSON",
              at, (size_t)(end - at), "%s", w->jr.err_msg);
    }
    finish_record(w, line0, col0, recno, file);
}

void val_record_too_large(val_worker *w, const char *prefix, size_t n, uint64_t line0,
                          uint64_t recno, const char *file, size_t limit)
{
    begin_record(w, prefix, n);
    char exp[64];
    snprintf(exp, sizeof exp, "at most %zu bytes", limit);
    ADD_V(w, VAL_RECORD_TOO_LARGE, prefix, exp, prefix, n,
          "record is longer than %zu bytes; skipped", limit);
    w->jr.failed = true;    /* the annotation quotes the prefix as raw text */
    finish_record(w, line0, 0, recno, file);
}

void val_record_error(val_worker *w, const char *rec, size_t n, uint64_t line0, uint64_t col0,
                      uint64_t recno, const char *file, const char *msg)
{
    begin_record(w, rec, n);
    ADD_V(w, VAL_MALFORMED_JSON, rec, "valid JSON", rec, n, "%s", msg);
    w->jr.failed = true;
    finish_record(w, line0, col0, recno, file);
}
