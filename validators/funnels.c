/* The funnel engine (funnels.h): open journeys in a bounded table, judged
 * when they close.
 *
 * A journey is one (funnel, identity, key) — hashes only, no strings. It
 * keeps, per step, the first and the last hit (time, file and record,
 * line): enough to find the in-order completion Amplitude's "this order"
 * funnels count (each step after the previous one, other events between
 * allowed) and the first arrival of every step, which is what the
 * violations are about. A step sent more than twice keeps its first and
 * last hits only.
 *
 * Memory: journeys sit in one array of fixed-size entries (stride: two
 * occurrences per step of the longest funnel), grown by doubling up to
 * max_journeys; free entries are chained; two open-addressing indexes
 * (journey id, and for key: PROP funnels the user's latest journey) hold
 * entry + 1, twice as many slots as entries, with backward-shift deletion.
 * An LRU list (most recently touched at the head) gives the journey to
 * expire or evict. For key: PROP funnels a third index holds the head of
 * a chain of every open journey of one (funnel, user), so a device's
 * journeys can be found when it is linked to a user. The links take at
 * most max_journeys entries too. So the engine never holds more than
 * max_journeys * val_fn_journey_bytes, whatever the number of users.
 *
 * Time: hits are ordered by (event time, input order). A hit without a
 * time takes its journey's latest time so far (none yet: it sorts first),
 * so records without times keep input order. A journey's window runs from
 * its earliest time; a hit after it closes the journey and opens a new
 * one, a hit before it (older than the window allows) is judged alone.
 *
 * Identities: a hit with a user and a device identity links the device to
 * the user (funnel_links.c). When that link is new, the device's open
 * journeys are re-keyed as the user's, or merged into the user's journey
 * of the same funnel and key: per step the first and the last of both
 * journeys' hits in (time, input) order; the merged-away journey leaves
 * the table uncounted (journeys counts it once). A hit with the device
 * alone then takes the user's identity. The lookup is per step hit, so a
 * record without one costs nothing. */
#include "funnels.h"
#include "funnel_links.h"
#include "../support/arena.h"
#include "../support/lru.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX
#define REC_BITS 40
#define REC_MASK ((UINT64_C(1) << REC_BITS) - 1)

typedef struct occ {
    int64_t t;                  /* effective time; VAL_FN_NO_TIME sorts first */
    uint64_t at;                /* (file + 1) << 40 | record; 0: empty */
    uint64_t line;
} occ;

typedef struct jrn {
    uint64_t id, uid, key;
    int64_t t0, tmax;           /* earliest and latest event time, or none */
    tx_lru_link lru;            /* the LRU list; free list: lru.next */
    uint32_t funnel;
    uint32_t live;
    uint32_t cprev, cnext;      /* key: PROP: the (funnel, user)'s chain; prev: nearer its head */
} jrn;

typedef struct item {           /* an occurrence being judged */
    int64_t t;
    uint64_t at, line;
    uint32_t step, k;
} item;

typedef enum { CLOSE_END, CLOSE_EXPIRED, CLOSE_EVICTED } close_why;

struct val_fn_engine {
    const tx_taxonomy *t;
    val_fn_sink sink;
    void *ctx;
    size_t max, cap, used;      /* limit, entries allocated, entries ever used */
    size_t stride;              /* occurrences per journey */
    jrn *j;
    occ *o;
    uint32_t free_head;
    size_t n_open;
    uint32_t *ix_id, *ix_uid, *ix_chain;
    val_fn_links *links;
    size_t ix_mask;
    tx_lru lru;
    int64_t watermark;
    val_fn_counts *c;
    uint64_t *reached;          /* all funnels' reached[], one block */
    const char **files;
    size_t n_files, cap_files;
    jrn scratch;                /* a hit judged alone */
    occ *scratch_o;
    item *items;                /* stride entries */
    int32_t *first;             /* per step */
    bool *told;                 /* per step */
    char msg[768];
};

static void *xcalloc(size_t n, size_t size)
{
    void *p = tx_xmalloc(n * size + 1);
    memset(p, 0, n * size);
    return p;
}

static uint64_t mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)(a ^ 0xa0761d6478bd642full) * (b ^ 0xe7037ed1a0b428dbull);
    uint64_t h = (uint64_t)r ^ (uint64_t)(r >> 64);
    return h ? h : 1;
}

/* The (funnel, user) hash of a key: PROP funnel's journeys (jrn.uid). */
static uint64_t uid_of(uint32_t f, uint64_t ident)
{
    return mix(f + 0x9E3779B97F4A7C15ull, ident);
}

static size_t max_steps(const tx_taxonomy *t)
{
    size_t m = 2;
    for (size_t f = 0; f < t->n_funnels; f++)
        if (t->funnels[f].n_steps > m)
            m = t->funnels[f].n_steps;
    return m;
}

size_t val_fn_journey_bytes(const tx_taxonomy *t)
{
    /* the entry, its occurrences, two index slots in each index, a link */
    return sizeof(jrn) + 2 * max_steps(t) * sizeof(occ) + 6 * sizeof(uint32_t) +
           val_fn_link_bytes();
}

val_fn_engine *val_fn_new(const tx_taxonomy *t, size_t max_journeys, val_fn_sink sink, void *ctx)
{
    if (!t->n_funnels)
        return NULL;
    val_fn_engine *e = xcalloc(1, sizeof *e);
    e->t = t;
    e->sink = sink;
    e->ctx = ctx;
    e->max = max_journeys ? max_journeys : VAL_FN_DEFAULT_JOURNEYS;
    if (e->max > NONE - 1)
        e->max = NONE - 1;
    size_t ms = max_steps(t);
    e->stride = 2 * ms;
    e->free_head = NONE;
    e->lru = (tx_lru)TX_LRU_INIT;
    e->watermark = VAL_FN_NO_TIME;
    e->c = xcalloc(t->n_funnels, sizeof *e->c);
    size_t total = 0;
    for (size_t f = 0; f < t->n_funnels; f++)
        total += t->funnels[f].n_steps;
    e->reached = xcalloc(total, sizeof *e->reached);
    for (size_t f = 0, at = 0; f < t->n_funnels; f++) {
        e->c[f].reached = e->reached + at;
        at += t->funnels[f].n_steps;
    }
    e->scratch_o = xcalloc(e->stride, sizeof *e->scratch_o);
    e->items = xcalloc(e->stride, sizeof *e->items);
    e->first = xcalloc(ms, sizeof *e->first);
    e->told = xcalloc(ms, sizeof *e->told);
    e->links = val_fn_links_new(e->max);
    return e;
}

void val_fn_free(val_fn_engine *e)
{
    if (!e)
        return;
    free(e->j);
    free(e->o);
    free(e->ix_id);
    free(e->ix_uid);
    free(e->ix_chain);
    val_fn_links_free(e->links);
    free(e->c);
    free(e->reached);
    free(e->files);
    free(e->scratch_o);
    free(e->items);
    free(e->first);
    free(e->told);
    free(e);
}

size_t val_fn_max_journeys(const val_fn_engine *e)
{
    return e->max;
}

uint64_t val_fn_links_forgotten_of(const val_fn_engine *e)
{
    return val_fn_links_forgotten(e->links);
}

size_t val_fn_open(const val_fn_engine *e)
{
    return e->n_open;
}

const val_fn_counts *val_fn_counts_of(const val_fn_engine *e, size_t f)
{
    return &e->c[f];
}

/* --- the indexes: slot holds entry + 1; by id, or by uid (ix_uid and
 * ix_chain) ------------------------------------------------------------- */

static uint64_t ix_hash(const val_fn_engine *e, uint32_t *ix, uint32_t j)
{
    return ix == e->ix_id ? e->j[j].id : e->j[j].uid;
}

/* The slot holding h's entry, or the empty slot where it would go. */
static size_t ix_slot(const val_fn_engine *e, uint32_t *ix, uint64_t h)
{
    size_t i = (size_t)h & e->ix_mask;
    while (ix[i] && ix_hash(e, ix, ix[i] - 1) != h)
        i = (i + 1) & e->ix_mask;
    return i;
}

static void ix_del(val_fn_engine *e, uint32_t *ix, size_t i)
{
    ix[i] = 0;
    for (size_t j = (i + 1) & e->ix_mask; ix[j]; j = (j + 1) & e->ix_mask) {
        size_t home = (size_t)ix_hash(e, ix, ix[j] - 1) & e->ix_mask;
        /* move j back to i unless its home lies cyclically in (i, j] */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            ix[i] = ix[j];
            ix[j] = 0;
            i = j;
        }
    }
}

static bool uses_uid(const val_fn_engine *e, const jrn *j)
{
    return e->t->funnels[j->funnel].key && j->uid;
}

static void ix_rebuild(val_fn_engine *e, size_t slots)
{
    free(e->ix_id);
    free(e->ix_uid);
    free(e->ix_chain);
    e->ix_id = xcalloc(slots, sizeof *e->ix_id);
    e->ix_uid = xcalloc(slots, sizeof *e->ix_uid);
    e->ix_chain = xcalloc(slots, sizeof *e->ix_chain);
    e->ix_mask = slots - 1;
    /* least recent first, so a user's latest journey wins the uid slot */
    for (uint32_t j = e->lru.tail; j != NONE; j = e->j[j].lru.prev) {
        e->ix_id[ix_slot(e, e->ix_id, e->j[j].id)] = j + 1;
        if (uses_uid(e, &e->j[j]))
            e->ix_uid[ix_slot(e, e->ix_uid, e->j[j].uid)] = j + 1;
        if (uses_uid(e, &e->j[j]) && e->j[j].cprev == NONE)
            e->ix_chain[ix_slot(e, e->ix_chain, e->j[j].uid)] = j + 1;
    }
}

/* --- a (funnel, user)'s chain of journeys (key: PROP) -------------------- */

static void chain_push(val_fn_engine *e, uint32_t j)
{
    size_t s = ix_slot(e, e->ix_chain, e->j[j].uid);
    uint32_t head = e->ix_chain[s];
    e->j[j].cprev = NONE;
    e->j[j].cnext = head ? head - 1 : NONE;
    if (head)
        e->j[head - 1].cprev = j;
    e->ix_chain[s] = j + 1;
}

static void chain_unlink(val_fn_engine *e, uint32_t j)
{
    jrn *x = &e->j[j];
    if (x->cprev != NONE) {
        e->j[x->cprev].cnext = x->cnext;
    } else {
        size_t s = ix_slot(e, e->ix_chain, x->uid);
        if (x->cnext != NONE)
            e->ix_chain[s] = x->cnext + 1;
        else
            ix_del(e, e->ix_chain, s);
    }
    if (x->cnext != NONE)
        e->j[x->cnext].cprev = x->cprev;
}

static void grow(val_fn_engine *e)
{
    size_t nc = e->cap ? e->cap * 2 : 1024;
    if (nc > e->max)
        nc = e->max;
    e->j = tx_xrealloc(e->j, nc * sizeof *e->j);
    e->o = tx_xrealloc(e->o, nc * e->stride * sizeof *e->o);
    e->cap = nc;
    size_t slots = 16;
    while (slots < 2 * nc)
        slots *= 2;
    ix_rebuild(e, slots);
}

/* --- the LRU list -------------------------------------------------------- */

static void lru_unlink(val_fn_engine *e, uint32_t j)
{
    tx_lru_unlink(&e->lru, &e->j->lru, sizeof *e->j, j);
}

static void lru_push(val_fn_engine *e, uint32_t j)
{
    tx_lru_push(&e->lru, &e->j->lru, sizeof *e->j, j);
}

/* --- judging a journey --------------------------------------------------- */

static val_fn_loc loc_of(const val_fn_engine *e, uint64_t at, uint64_t line)
{
    return (val_fn_loc){ e->files[(at >> REC_BITS) - 1], line, at & REC_MASK };
}

static void emit(val_fn_engine *e, val_code code, uint32_t f, uint32_t step, val_fn_loc loc)
{
    if (!e->sink)
        return;
    val_fn_violation v = { code, f, step, loc, e->t->funnels[f].steps[step].event->name, e->msg };
    e->sink(e->ctx, &v);
}

static bool item_before(const item *a, const item *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    if (a->at != b->at)
        return a->at < b->at;
    return a->k < b->k;
}

/* The journey's occurrences in (time, input) order into e->items. */
static size_t gather(val_fn_engine *e, const jrn *j, const occ *o)
{
    size_t n = 0, ns = e->t->funnels[j->funnel].n_steps;
    for (uint32_t k = 0; k < 2 * ns; k++) {
        if (!o[k].at)
            continue;
        item it = { o[k].t, o[k].at, o[k].line, k / 2, k };
        size_t i = n++;
        while (i > 0 && item_before(&it, &e->items[i - 1])) {
            e->items[i] = e->items[i - 1];
            i--;
        }
        e->items[i] = it;
    }
    return n;
}

static size_t add_step_name(char *b, size_t at, size_t cap, const tx_funnel *fu, size_t s)
{
    if (at >= cap)
        return at;
    int k = snprintf(b + at, cap - at, "%s%zu '%s'", at ? ", " : "", s + 1,
                     fu->steps[s].event->name);
    return k < 0 ? at : at + (size_t)k;
}

/* The violations of a judged journey: per step's first arrival, the
 * earlier steps that never came (skipped, each told once), else an
 * earlier step that came after it (out of order). */
static void judge_violations(val_fn_engine *e, const jrn *j, size_t n, val_fn_counts *c)
{
    const tx_funnel *fu = &e->t->funnels[j->funnel];
    for (size_t i = 0; i < n; i++) {
        const item *it = &e->items[i];
        if (e->first[it->step] != (int32_t)i)
            continue;
        char names[512];
        size_t len = 0, missing = 0;
        for (size_t s = 0; s < it->step; s++)
            if (e->first[s] < 0 && !e->told[s]) {
                e->told[s] = true;
                missing++;
                len = add_step_name(names, len, sizeof names, fu, s);
            }
        val_fn_loc loc = loc_of(e, it->at, it->line);
        if (missing) {
            c->skipped++;
            snprintf(e->msg, sizeof e->msg,
                     "funnel '%s': step %u '%s' came but step%s %s never did", fu->name,
                     it->step + 1, fu->steps[it->step].event->name, missing > 1 ? "s" : "",
                     names);
            emit(e, VAL_FUNNEL_SKIPPED_STEP, j->funnel, it->step, loc);
            continue;
        }
        for (size_t s = 0; s < it->step; s++)
            if (e->first[s] > (int32_t)i) {
                c->out_of_order++;
                snprintf(e->msg, sizeof e->msg,
                         "funnel '%s': step %u '%s' came before step %zu '%s' of the same journey",
                         fu->name, it->step + 1, fu->steps[it->step].event->name, s + 1,
                         fu->steps[s].event->name);
                emit(e, VAL_FUNNEL_OUT_OF_ORDER, j->funnel, it->step, loc);
                break;
            }
    }
}

/* Counts the journey into c: entered, reached in order, completed; and,
 * with violations, tells them to the sink. */
static void judge(val_fn_engine *e, const jrn *j, const occ *o, val_fn_counts *c, bool violations)
{
    const tx_funnel *fu = &e->t->funnels[j->funnel];
    size_t ns = fu->n_steps, n = gather(e, j, o);
    for (size_t s = 0; s < ns; s++) {
        e->first[s] = -1;
        e->told[s] = false;
    }
    for (size_t i = 0; i < n; i++)
        if (e->first[e->items[i].step] < 0)
            e->first[e->items[i].step] = (int32_t)i;
    size_t reached = 0;
    for (size_t i = 0; i < n && reached < ns; i++)
        if (e->items[i].step == reached)
            reached++;
    if (reached)
        c->entered++;
    for (size_t s = 0; s < reached; s++)
        c->reached[s]++;
    if (reached == ns)
        c->completed++;
    if (violations)
        judge_violations(e, j, n, c);
}

/* Takes journey ji out of the indexes (its id, and its user's). */
static void unindex(val_fn_engine *e, uint32_t ji)
{
    jrn *j = &e->j[ji];
    ix_del(e, e->ix_id, ix_slot(e, e->ix_id, j->id));
    if (uses_uid(e, j)) {
        size_t s = ix_slot(e, e->ix_uid, j->uid);
        if (e->ix_uid[s] == ji + 1)
            ix_del(e, e->ix_uid, s);
        chain_unlink(e, ji);
    }
}

/* Journey ji leaves the table, unjudged. */
static void release(val_fn_engine *e, uint32_t ji)
{
    jrn *j = &e->j[ji];
    unindex(e, ji);
    lru_unlink(e, ji);
    j->live = 0;
    j->lru.next = e->free_head;
    e->free_head = ji;
    e->n_open--;
}

static void close_journey(val_fn_engine *e, uint32_t ji, close_why why)
{
    jrn *j = &e->j[ji];
    val_fn_counts *c = &e->c[j->funnel];
    if (why == CLOSE_EXPIRED)
        c->expired++;
    else if (why == CLOSE_EVICTED)
        c->evicted++;
    judge(e, j, e->o + (size_t)ji * e->stride, c, true);
    release(e, ji);
}

static int64_t within_ms(const val_fn_engine *e, uint32_t f)
{
    return e->t->funnels[f].within_s * 1000;
}

/* The window of j has passed the watermark. */
static bool expired(const val_fn_engine *e, const jrn *j)
{
    return j->t0 != VAL_FN_NO_TIME && e->watermark != VAL_FN_NO_TIME &&
           e->watermark - j->t0 > within_ms(e, j->funnel);
}

static uint32_t open_journey(val_fn_engine *e, uint32_t f, uint64_t id, uint64_t uid,
                             uint64_t key)
{
    if (e->n_open == e->cap && e->cap < e->max)
        grow(e);
    if (e->n_open == e->cap) {
        uint32_t old = e->lru.tail;
        close_journey(e, old, expired(e, &e->j[old]) ? CLOSE_EXPIRED : CLOSE_EVICTED);
    }
    uint32_t ji;
    if (e->free_head != NONE) {
        ji = e->free_head;
        e->free_head = e->j[ji].lru.next;
    } else {
        ji = (uint32_t)e->used++;
    }
    jrn *j = &e->j[ji];
    *j = (jrn){ id, uid, key, VAL_FN_NO_TIME, VAL_FN_NO_TIME, { NONE, NONE }, f, 1, NONE, NONE };
    memset(e->o + (size_t)ji * e->stride, 0, e->stride * sizeof *e->o);
    e->ix_id[ix_slot(e, e->ix_id, id)] = ji + 1;
    if (uses_uid(e, j))
        chain_push(e, ji);
    lru_push(e, ji);
    e->n_open++;
    e->c[f].journeys++;
    return ji;
}

/* The index of the hit's file: consecutive hits of one file share one
 * entry (names are compared, so a caller may copy them per chunk). Kept
 * in 24 bits of an occurrence: past 16,777,215 files, indexes wrap and
 * locations name a wrong file, never one out of the table. */
static uint32_t file_index(val_fn_engine *e, const char *file)
{
    if (!file)
        file = "";
    if (e->n_files && (e->files[e->n_files - 1] == file ||
                       strcmp(e->files[e->n_files - 1], file) == 0))
        return (uint32_t)e->n_files - 1;
    if (e->n_files == e->cap_files) {
        e->cap_files = e->cap_files ? e->cap_files * 2 : 16;
        e->files = tx_xrealloc(e->files, e->cap_files * sizeof *e->files);
    }
    e->files[e->n_files] = file;
    return (uint32_t)e->n_files++;
}

/* Adds the hit to journey j (occurrences o). */
static void add_hit(jrn *j, occ *o, const val_fn_hit *h, uint64_t at)
{
    int64_t t = h->time_ms;
    if (t != VAL_FN_NO_TIME) {
        if (j->t0 == VAL_FN_NO_TIME || t < j->t0)
            j->t0 = t;
        if (j->tmax == VAL_FN_NO_TIME || t > j->tmax)
            j->tmax = t;
    } else {
        t = j->tmax;
    }
    occ *slot = &o[2 * h->step];
    if (slot->at)
        slot++;
    *slot = (occ){ t, at, h->loc.line };
}

static void key_missing(val_fn_engine *e, const val_fn_hit *h)
{
    const tx_funnel *fu = &e->t->funnels[h->funnel];
    e->c[h->funnel].key_missing++;
    if (fu->key)
        snprintf(e->msg, sizeof e->msg, "funnel '%s': step %u '%s' has no key '%s'", fu->name,
                 h->step + 1, fu->steps[h->step].event->name, fu->key);
    else
        snprintf(e->msg, sizeof e->msg,
                 "funnel '%s': step %u '%s' has no user or device id to tie it to a journey",
                 fu->name, h->step + 1, fu->steps[h->step].event->name);
    emit(e, VAL_FUNNEL_KEY_MISMATCH, h->funnel, h->step, h->loc);
}

/* key: PROP: a step with no journey for its value while the user's latest
 * open journey, under another value, has an earlier step but not this
 * one: the key changed within the journey. */
static bool key_changed(val_fn_engine *e, const val_fn_hit *h, uint64_t uid)
{
    const tx_funnel *fu = &e->t->funnels[h->funnel];
    if (!fu->key || !uid || h->step == 0)
        return false;
    uint32_t ji = e->ix_uid[ix_slot(e, e->ix_uid, uid)];
    if (!ji)
        return false;
    const jrn *j = &e->j[ji - 1];
    const occ *o = e->o + (size_t)(ji - 1) * e->stride;
    if (j->key == h->key || o[2 * h->step].at)
        return false;
    if (h->time_ms != VAL_FN_NO_TIME && j->t0 != VAL_FN_NO_TIME &&
        h->time_ms - j->t0 > within_ms(e, h->funnel))
        return false;
    uint32_t s = 0;
    while (s < h->step && !o[2 * s].at)
        s++;
    if (s == h->step)
        return false;           /* no earlier step: a journey of its own */
    e->c[h->funnel].key_changed++;
    val_fn_loc from = loc_of(e, o[2 * s].at, o[2 * s].line);
    snprintf(e->msg, sizeof e->msg,
             "funnel '%s': key '%s' is '%.*s' at step %u '%s', but this user's journey from "
             "%s:%llu has another value",
             fu->name, fu->key, (int)(h->key_len > 200 ? 200 : h->key_len),
             h->key_text ? h->key_text : "", h->step + 1, fu->steps[h->step].event->name,
             from.file, (unsigned long long)from.line);
    emit(e, VAL_FUNNEL_KEY_MISMATCH, h->funnel, h->step, h->loc);
    return true;
}

/* --- identity links ----------------------------------------------------- */

static bool occ_before(const occ *a, const occ *b)
{
    return a->t != b->t ? a->t < b->t : a->at < b->at;
}

/* Journey d's hits into journey u: per step, the first and the last of
 * both in (time, input) order. */
static void merge_into(val_fn_engine *e, uint32_t u, uint32_t d)
{
    jrn *ju = &e->j[u];
    const jrn *jd = &e->j[d];
    occ *ou = e->o + (size_t)u * e->stride;
    const occ *od = e->o + (size_t)d * e->stride;
    for (size_t s = 0; s < e->t->funnels[ju->funnel].n_steps; s++) {
        occ all[4];
        size_t n = 0;
        for (size_t k = 2 * s; k < 2 * s + 2; k++) {
            if (ou[k].at)
                all[n++] = ou[k];
            if (od[k].at)
                all[n++] = od[k];
        }
        if (!n)
            continue;
        occ lo = all[0], hi = all[0];
        for (size_t i = 1; i < n; i++) {
            if (occ_before(&all[i], &lo))
                lo = all[i];
            if (occ_before(&hi, &all[i]))
                hi = all[i];
        }
        ou[2 * s] = lo;
        ou[2 * s + 1] = n > 1 ? hi : (occ){ 0, 0, 0 };
    }
    if (jd->t0 != VAL_FN_NO_TIME && (ju->t0 == VAL_FN_NO_TIME || jd->t0 < ju->t0))
        ju->t0 = jd->t0;
    if (jd->tmax != VAL_FN_NO_TIME && (ju->tmax == VAL_FN_NO_TIME || jd->tmax > ju->tmax))
        ju->tmax = jd->tmax;
}

/* A device's journey d becomes the user's (id, uid, key), or, when the
 * user has that journey already, is merged into it and leaves. */
static void move_journey(val_fn_engine *e, uint32_t d, uint64_t id, uint64_t uid, uint64_t key)
{
    uint32_t u = e->ix_id[ix_slot(e, e->ix_id, id)];
    if (u) {
        merge_into(e, u - 1, d);
        e->c[e->j[d].funnel].journeys--;
        release(e, d);
        return;
    }
    unindex(e, d);
    jrn *j = &e->j[d];
    j->id = id;
    j->uid = uid;
    j->key = key;
    e->ix_id[ix_slot(e, e->ix_id, id)] = d + 1;
    if (uses_uid(e, j)) {
        chain_push(e, d);
        size_t s = ix_slot(e, e->ix_uid, uid);
        if (!e->ix_uid[s])
            e->ix_uid[s] = d + 1;
    }
}

/* Device dev is newly the user's: every open journey of dev moves. */
static void link_journeys(val_fn_engine *e, uint64_t dev, uint64_t user)
{
    for (uint32_t f = 0; f < e->t->n_funnels; f++) {
        if (!e->t->funnels[f].key) {
            uint32_t d = e->ix_id[ix_slot(e, e->ix_id, mix(f, dev))];
            if (d)
                move_journey(e, d - 1, mix(f, user), 0, user);
            continue;
        }
        uint32_t head = e->ix_chain[ix_slot(e, e->ix_chain, uid_of(f, dev))];
        for (uint32_t k = head ? head - 1 : NONE; k != NONE;) {
            uint32_t next = e->j[k].cnext;
            uint64_t key = e->j[k].key;
            move_journey(e, k, mix(mix(f, user), key), uid_of(f, user), key);
            k = next;
        }
    }
}

/* The identity hit h counts for: a device linked to a user is the user;
 * a hit with both links them (and moves the device's journeys). */
static uint64_t identity(val_fn_engine *e, const val_fn_hit *h)
{
    if (!h->device || !h->ident)
        return h->ident;
    if (h->ident == h->device) {
        uint64_t user = val_fn_links_find(e->links, h->device);
        return user ? user : h->ident;
    }
    if (val_fn_links_put(e->links, h->device, h->ident) != h->ident && e->n_open)
        link_journeys(e, h->device, h->ident);
    return h->ident;
}

void val_fn_feed(val_fn_engine *e, const val_fn_hit *h)
{
    const tx_funnel *fu = &e->t->funnels[h->funnel];
    e->c[h->funnel].hits++;
    if (h->time_ms != VAL_FN_NO_TIME &&
        (e->watermark == VAL_FN_NO_TIME || h->time_ms > e->watermark))
        e->watermark = h->time_ms;
    uint64_t ident = identity(e, h);
    if (!h->has_key) {
        key_missing(e, h);
        return;
    }
    if (!e->cap)
        grow(e);
    uint64_t at = ((uint64_t)(file_index(e, h->loc.file) % 0xFFFFFFu) + 1) << REC_BITS |
                  (h->loc.record & REC_MASK);
    uint64_t key = !fu->key && ident != h->ident ? ident : h->key;
    uint64_t id = fu->key ? mix(mix(h->funnel, ident), key) : mix(h->funnel, key);
    uint64_t uid = fu->key && ident ? uid_of(h->funnel, ident) : 0;
    uint32_t ji = e->ix_id[ix_slot(e, e->ix_id, id)];
    int64_t w = within_ms(e, h->funnel);
    if (ji) {
        jrn *j = &e->j[ji - 1];
        if (h->time_ms != VAL_FN_NO_TIME && j->t0 != VAL_FN_NO_TIME && h->time_ms - j->t0 > w) {
            close_journey(e, ji - 1, CLOSE_EXPIRED);
            ji = 0;
        } else if (h->time_ms != VAL_FN_NO_TIME && j->tmax != VAL_FN_NO_TIME &&
                   j->tmax - h->time_ms > w) {
            /* older than the open journey's window allows: judged alone */
            e->scratch = (jrn){ id, uid, key, VAL_FN_NO_TIME, VAL_FN_NO_TIME, { NONE, NONE },
                                h->funnel, 1, NONE, NONE };
            memset(e->scratch_o, 0, e->stride * sizeof *e->scratch_o);
            add_hit(&e->scratch, e->scratch_o, h, at);
            e->c[h->funnel].journeys++;
            e->c[h->funnel].expired++;
            judge(e, &e->scratch, e->scratch_o, &e->c[h->funnel], true);
            return;
        }
    }
    if (!ji) {
        if (key_changed(e, h, uid))
            return;
        ji = open_journey(e, h->funnel, id, uid, key) + 1;
    }
    uint32_t j = ji - 1;
    add_hit(&e->j[j], e->o + (size_t)j * e->stride, h, at);
    tx_lru_touch(&e->lru, &e->j->lru, sizeof *e->j, j);
    if (uses_uid(e, &e->j[j]))
        e->ix_uid[ix_slot(e, e->ix_uid, uid)] = j + 1;
    /* the least recently touched journey goes once its window has passed */
    if (e->lru.tail != j && expired(e, &e->j[e->lru.tail]))
        close_journey(e, e->lru.tail, CLOSE_EXPIRED);
}

void val_fn_finish(val_fn_engine *e)
{
    while (e->lru.tail != NONE)
        close_journey(e, e->lru.tail, expired(e, &e->j[e->lru.tail]) ? CLOSE_EXPIRED : CLOSE_END);
}

void val_fn_snapshot(const val_fn_engine *e, size_t f, val_fn_counts *out)
{
    const val_fn_counts *c = &e->c[f];
    size_t ns = e->t->funnels[f].n_steps;
    uint64_t *reached = out->reached;
    *out = *c;
    out->reached = reached;
    memcpy(reached, c->reached, ns * sizeof *reached);
    out->open = 0;
    /* judging only writes the engine's scratch buffers, never its state */
    val_fn_engine *m = (val_fn_engine *)e;
    for (uint32_t j = e->lru.tail; j != NONE; j = e->j[j].lru.prev)
        if (e->j[j].funnel == f) {
            out->open++;
            judge(m, &e->j[j], e->o + (size_t)j * e->stride, out, false);
        }
}

size_t val_fn_journeys_of(const val_fn_engine *e, uint64_t ident, val_fn_progress *out,
                          size_t max)
{
    size_t n = 0;
    if (!ident)
        return 0;
    val_fn_engine *m = (val_fn_engine *)e;     /* gather writes scratch only */
    for (uint32_t ji = e->lru.tail; ji != NONE; ji = e->j[ji].lru.prev) {
        const jrn *j = &e->j[ji];
        const tx_funnel *fu = &e->t->funnels[j->funnel];
        bool mine = fu->key ? j->uid == uid_of(j->funnel, ident)
                            : j->key == ident;
        if (!mine)
            continue;
        if (n < max) {
            size_t k = gather(m, j, e->o + (size_t)ji * e->stride);
            uint32_t reached = 0;
            for (size_t i = 0; i < k && reached < fu->n_steps; i++)
                if (e->items[i].step == reached)
                    reached++;
            out[n] = (val_fn_progress){ j->funnel, reached, j->key, j->t0, j->tmax };
        }
        n++;
    }
    return n;
}
