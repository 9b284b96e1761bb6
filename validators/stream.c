/* Live validation: records checked as they arrive (taxonc serve).
 *
 * The same worker as a run (check.c, fast.c) checks each record, so the
 * verdicts, codes and JSON Pointers are exactly `validate`'s; only the
 * reading differs. A call checks a batch into one chunk result (val_cres)
 * and merges it into the running result with run.c's val_merge_cres, as a
 * run merges a chunk. Each record's verdict comes from what the chunk
 * result counted while it was checked (valid, invalid, ignored, the codes),
 * and its violations are the ones the chunk kept for it: the stream's
 * worker keeps every violation's detail (up to check.c's per-record cap),
 * whatever the running result still has room for.
 *
 * Records are copied with zeroed padding behind them, since the fast path
 * may read a little past a record's end (VAL_READ_PAST). One worker per
 * profile, made when first used. The chunk result of the last call is kept
 * until the next one, for the violations handed out.
 *
 * Funnels: each record's step hits are read after it is checked, by the
 * run's own extraction (val_fn_record_hits), placed at the record's line
 * and merged into the running result's engine with the rest, in arrival
 * order; each record is handed its hits too (the caller may follow them
 * per test, taxonc serve does). */
#include "internal.h"
#include "funnels.h"
#include "../support/util.h"
#include <stdlib.h>
#include <string.h>

#define ST_PAD 64

struct val_stream {
    const val_schema *s;
    val_opts o;                 /* the caller's: the running result's limits */
    val_opts wo;                /* the workers': every violation's detail */
    tx_arena *pa;               /* the custom profile */
    const val_prof *custom;
    val_worker w[VAL_PROF_SNOWPLOW + 1];
    bool w_up[VAL_PROF_SNOWPLOW + 1];
    val_result res;
    val_merge mg;
    bool any;                   /* res->profile set by the first batch */
    val_cres cr;
    bool cr_up;
    char *buf;                  /* one record and its padding */
    size_t cap;
    val_fn_hit *hits;           /* the last call's funnel step hits, per record */
    size_t cap_hits;
};

val_stream *val_stream_new(const val_schema *s, const val_opts *o, char *err, size_t errlen)
{
    val_stream *st = tx_xmalloc(sizeof *st);
    memset(st, 0, sizeof *st);
    st->s = s;
    st->o = *o;
    st->o.valid_out = st->o.invalid_out = NULL;
    st->o.jobs = 1;
    st->wo = st->o;
    st->wo.max_errors = SIZE_MAX / 2;
    st->wo.examples = SIZE_MAX / 2;
    if (val_prof_of_opts(o, &st->pa, &st->custom, err, errlen) != 0) {
        free(st);
        return NULL;
    }
    val_result_init(&st->res, &st->mg, s, &st->o);
    st->res.profile = o->profile == VAL_PROF_AUTO ? VAL_PROF_AMPLITUDE : o->profile;
    return st;
}

static val_worker *worker_for(val_stream *st, val_profile p)
{
    if (p == VAL_PROF_AUTO)
        p = st->o.profile == VAL_PROF_AUTO ? VAL_PROF_AMPLITUDE : st->o.profile;
    if (p == VAL_PROF_CUSTOM && !st->custom)
        p = VAL_PROF_AMPLITUDE;
    if (!st->w_up[p]) {
        const val_prof *pr = p == VAL_PROF_CUSTOM ? st->custom : val_prof_builtin(p);
        val_worker_init(&st->w[p], st->s, &st->wo, pr);
        st->w_up[p] = true;
    }
    if (!st->any) {
        st->res.profile = p;
        st->any = true;
    }
    return &st->w[p];
}

static uint64_t code_total(const val_cres *cr)
{
    uint64_t n = 0;
    for (int i = 0; i < VAL_N_CODES; i++)
        n += cr->code_count[i];
    return n;
}

/* The chunk kept relative lines (the record's index); make them the file's. */
static void place(val_violation *v, size_t n, const char *file, uint64_t line0)
{
    for (size_t i = 0; i < n; i++) {
        v[i].file = file;
        v[i].record = line0 - 1 + v[i].line;
        v[i].line = line0 + v[i].line;
    }
}

/* The batch's hits placed at their records' lines (as place() does for the
 * violations, so the engine's are the file's), and handed to each record. */
static void hand_hits(val_stream *st, val_cres *cr, val_record *recs, size_t n,
                      const size_t *h0, const char *file, uint64_t line0)
{
    size_t nh = cr->fn_hits.n;
    if (nh > st->cap_hits) {
        st->cap_hits = nh;
        st->hits = tx_xrealloc(st->hits, nh * sizeof *st->hits);
    }
    for (size_t i = 0; i < nh; i++) {
        val_fhit *x = &cr->fn_hits.items[i];
        x->record = line0 - 1 + x->record;
        x->line = line0 + x->line;
        st->hits[i] = (val_fn_hit){ x->funnel, x->step, x->has_key, x->ident, x->key, x->txt,
                                    x->txt_n, x->time_ms, { file, x->line, x->record },
                                    x->device };
    }
    for (size_t i = 0; i < n; i++) {
        recs[i].n_hits = h0[i + 1] - h0[i];
        recs[i].hits = recs[i].n_hits ? st->hits + h0[i] : NULL;
    }
}

void val_stream_check(val_stream *st, val_profile p, const char *file, uint64_t line0,
                      val_record *recs, size_t n)
{
    val_worker *w = worker_for(st, p);
    if (st->cr_up)
        val_cres_free(&st->cr);
    val_cres_init(&st->cr, st->s);
    st->cr_up = true;
    val_cres *cr = &st->cr;
    w->cr = cr;
    w->jr.padded = true;
    size_t *k0 = tx_xmalloc((n + 1) * sizeof *k0), *h0 = tx_xmalloc((n + 1) * sizeof *h0);
    for (size_t i = 0; i < n; i++) {
        val_record *r = &recs[i];
        if (r->len + ST_PAD > st->cap) {
            st->cap = r->len + ST_PAD;
            st->buf = tx_xrealloc(st->buf, st->cap);
        }
        memcpy(st->buf, r->data, r->len);
        memset(st->buf + r->len, 0, ST_PAD);
        uint64_t inv = cr->invalid, ign = cr->ignored, evs = cr->events, codes = code_total(cr);
        k0[i] = cr->kept.n;
        h0[i] = cr->fn_hits.n;
        val_check_record(w, st->buf, r->len, i, 0, i, file);
        val_fn_record_hits(w, st->buf, r->len, i, i);
        cr->bytes += r->len + 1;
        r->n_violations = (size_t)(code_total(cr) - codes);
        r->verdict = cr->invalid != inv ? VAL_REC_INVALID
                     : cr->ignored != ign && cr->events == evs ? VAL_REC_IGNORED
                                                                : VAL_REC_VALID;
    }
    k0[n] = cr->kept.n;
    h0[n] = cr->fn_hits.n;
    place(cr->kept.items, cr->kept.n, file, line0);
    hand_hits(st, cr, recs, n, h0, file, line0);
    for (int c = 0; c < VAL_N_CODES; c++)
        place(cr->examples[c].items, cr->examples[c].n, file, line0);
    for (size_t i = 0; i < cr->cells.n; i++)
        cr->cells.items[i]->line += line0;
    for (size_t i = 0; i < n; i++) {
        recs[i].n_kept = k0[i + 1] - k0[i];
        recs[i].violations = recs[i].n_kept ? cr->kept.items + k0[i] : NULL;
    }
    free(k0);
    free(h0);
    val_merge_cres(&st->mg, &st->res, st->s, cr, 0, 0, file);
    st->res.lines += n;
    st->res.files = 1;
}

const val_result *val_stream_result(const val_stream *st)
{
    return &st->res;
}

void val_stream_on_funnel(val_stream *st, void (*note)(void *ctx, const struct val_fn_violation *v),
                          void *ctx)
{
    st->mg.fn_note = note;
    st->mg.fn_note_ctx = ctx;
}

void val_stream_reset(val_stream *st)
{
    val_profile p = st->res.profile;
    val_result_free(&st->res);
    val_result_init(&st->res, &st->mg, st->s, &st->o);
    st->res.profile = p;
}

void val_stream_free(val_stream *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < sizeof st->w / sizeof st->w[0]; i++)
        if (st->w_up[i])
            val_worker_free(&st->w[i]);
    if (st->cr_up)
        val_cres_free(&st->cr);
    val_result_free(&st->res);
    tx_arena_free(st->pa);
    free(st->buf);
    free(st->hits);
    free(st);
}
