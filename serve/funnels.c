/* Live funnels for taxonc serve (issue 18): journeys followed as records
 * arrive, overall and per test tag.
 *
 * Overall, the engine is the validator stream's own (val_result.fn_engine):
 * every record's step hits, read by the run's extraction, go to it in
 * arrival order under the store's lock, exactly as `validate` feeds the
 * capture's lines, so its counts and violations are validate's on the
 * capture. Per test tag, the store keeps one more engine per tag seen,
 * fed that tag's records' hits (val_record.hits) in the same order; at
 * most SV_FN_TAGS tags are followed, the hits of later tags only counted
 * (untracked_hits). Each engine holds at most the run's --funnel-journeys
 * open journeys; a reset frees them all, unjudged.
 *
 * Violations: the overall engine tells each one (val_stream_on_funnel);
 * it is noted, and once the request's events are kept it is added to its
 * event's verdict (violations_total and the list; the verdict word stays,
 * as in validate, where funnel codes count but make no record invalid),
 * and the event's seq goes to a ring the streams send as `update` frames.
 * funnel-key-mismatch comes with the record itself; out-of-order and
 * skipped-step when the journey closes: its window passed, the table was
 * full, or POST /api/funnels/finish closed every journey. An event that
 * left the ring by then only counts (unplaced). The tags' engines judge
 * too, but only count: an event's violations are the overall engine's.
 *
 * The summary's numbers are snapshots (val_fn_snapshot: open journeys
 * counted as if they closed now, their violations not yet), written by the
 * JSON report's own writer for funnels (val_fn_report_json). */
#include "internal.h"
#include "../validators/funnels.h"
#include <stdlib.h>
#include <string.h>

typedef unsigned long long ull;

static val_fn_engine *overall(const sv_store *st)
{
    return val_stream_result(st->vs)->fn_engine;
}

static void note(void *ctx, const val_fn_violation *v)
{
    sv_funnels *fn = &((sv_store *)ctx)->fn;
    if (fn->n_notes == fn->cap_notes) {
        fn->cap_notes = fn->cap_notes ? 2 * fn->cap_notes : 16;
        fn->notes = tx_xrealloc(fn->notes, fn->cap_notes * sizeof *fn->notes);
    }
    char *msg = strdup(v->message);
    if (!msg)
        tx_die_oom();
    fn->notes[fn->n_notes++] = (sv_fn_note){ v->code, v->loc.file, v->event, v->loc.line,
                                             v->loc.record, msg };
}

void sv_fn_init(sv_store *st)
{
    const tx_taxonomy *t = val_stream_result(st->vs)->tax;
    st->fn.t = t->n_funnels ? t : NULL;
    st->fn.journeys = val_stream_result(st->vs)->funnel_journeys;
    if (st->fn.t)
        val_stream_on_funnel(st->vs, note, st);
}

void sv_fn_feed(sv_store *st, const char *test, const val_record *recs, size_t n)
{
    sv_funnels *fn = &st->fn;
    if (!fn->t || !test)
        return;
    size_t k = 0;
    while (k < fn->n_tags && strcmp(fn->tags[k].test, test) != 0)
        k++;
    for (size_t i = 0; i < n; i++)
        for (size_t h = 0; h < recs[i].n_hits; h++) {
            if (k == fn->n_tags && fn->n_tags == SV_FN_TAGS) {
                fn->untracked_hits++;
                continue;
            }
            if (k == fn->n_tags) {  /* at the tag's first hit */
                fn->tags[k].test = strdup(test);
                if (!fn->tags[k].test)
                    tx_die_oom();
                fn->tags[k].e = val_fn_new(fn->t, fn->journeys, NULL, NULL);
                fn->n_tags++;
            }
            val_fn_feed(fn->tags[k].e, &recs[i].hits[h]);
        }
}

/* The kept event at (file, line); NULL when it has left. A file's lines
 * grow with seq, so the event is at least (the file's last line - line)
 * events back from the newest: the scan starts there (with one file, that
 * is the event). */
static sv_entry *entry_at(sv_store *st, const char *file, uint64_t line)
{
    uint64_t last = 0;
    for (int k = 0; k < SV_NPROF; k++) {
        const char *f = st->capture ? st->cap_name[k] : val_profile_name((val_profile)k);
        if (f && (f == file || strcmp(f, file) == 0))
            last = st->cap_lines[k];
    }
    uint64_t back = last > line ? last - line : 0;
    if (back >= st->n)
        return NULL;
    for (size_t i = st->n - (size_t)back; i-- > 0;) {
        sv_entry *e = &st->ring[(st->head + i) % st->keep];
        if (e->line == line && (e->file == file || strcmp(e->file, file) == 0))
            return e;
    }
    return NULL;
}

/* e's JSON with one more violation: its total, and its detail in the list. */
static void amend(sv_store *st, sv_entry *e, const sv_fn_note *v)
{
    const char *j0 = e->json;
    size_t vt_end = e->vt_at + strspn(j0 + e->vt_at, "0123456789");
    tx_sb j = TX_SB_INIT;
    tx_sb_add(&j, j0, e->vt_at);
    tx_sb_addf(&j, "%llu", strtoull(j0 + e->vt_at, NULL, 10) + 1);
    tx_sb_add(&j, j0 + vt_end, e->vl_end - vt_end);
    if (j0[e->vl_end - 1] != '[')
        tx_sb_addc(&j, ',');
    val_violation vv = { v->code, v->file, v->line, 1, v->record, v->event, "", v->message,
                         NULL, NULL };
    val_violation_json(&j, &vv);
    size_t vl_end = j.len;
    tx_sb_add(&j, j0 + e->vl_end, e->len - e->vl_end);
    if (j.failed)
        tx_die_oom();
    sv_entry n = *e;
    sv_entry_fill(&n, j.buf, j.len, e->test, e->event, e->event ? strlen(e->event) : 0);
    n.vl_end = vl_end;
    st->bytes += n.len - e->len;
    free(e->json);
    *e = n;
    tx_sb_release(&j);
}

void sv_fn_apply(sv_store *st)
{
    sv_funnels *fn = &st->fn;
    for (size_t i = 0; i < fn->n_notes; i++) {
        sv_fn_note *v = &fn->notes[i];
        sv_entry *e = entry_at(st, v->file, v->line);
        if (e) {
            amend(st, e, v);
            if (!fn->n_upd || fn->upd[(fn->n_upd - 1) % SV_FN_UPD] != e->seq)
                fn->upd[fn->n_upd++ % SV_FN_UPD] = e->seq;
        } else {
            fn->unplaced++;
        }
        free(v->message);
    }
    fn->n_notes = 0;
}

void sv_fn_reset(sv_store *st)
{
    sv_funnels *fn = &st->fn;
    for (size_t k = 0; k < fn->n_tags; k++) {
        free(fn->tags[k].test);
        val_fn_free(fn->tags[k].e);
    }
    fn->n_tags = 0;
    fn->untracked_hits = fn->unplaced = 0;
    for (size_t i = 0; i < fn->n_notes; i++)
        free(fn->notes[i].message);
    free(fn->notes);
    fn->notes = NULL;
    fn->n_notes = fn->cap_notes = 0;
}

void sv_fn_finish(sv_store *st)
{
    pthread_mutex_lock(&st->mu);
    if (st->fn.t) {
        if (overall(st))
            val_fn_finish(overall(st));
        for (size_t k = 0; k < st->fn.n_tags; k++)
            val_fn_finish(st->fn.tags[k].e);
        sv_fn_apply(st);
        pthread_cond_broadcast(&st->cv);
    }
    pthread_mutex_unlock(&st->mu);
}

/* ,"funnel_journeys":N,"funnels":[...] of engine e (NULL: nothing yet). */
static void counts_json(const sv_funnels *fn, const val_fn_engine *e, tx_sb *out)
{
    const tx_taxonomy *t = fn->t;
    val_result r;
    memset(&r, 0, sizeof r);
    r.tax = t;
    r.n_funnels = t->n_funnels;
    r.funnel_journeys = fn->journeys;
    r.funnels = tx_xmalloc(t->n_funnels * sizeof *r.funnels);
    for (size_t f = 0; f < t->n_funnels; f++) {
        size_t ns = t->funnels[f].n_steps;
        memset(&r.funnels[f], 0, sizeof r.funnels[f]);
        r.funnels[f].reached = tx_xmalloc(ns * sizeof(uint64_t));
        memset(r.funnels[f].reached, 0, ns * sizeof(uint64_t));
        if (e)
            val_fn_snapshot(e, f, &r.funnels[f]);
    }
    val_fn_report_json(out, &r);
    for (size_t f = 0; f < t->n_funnels; f++)
        free(r.funnels[f].reached);
    free(r.funnels);
}

static const val_fn_engine *tag_engine(const sv_funnels *fn, const char *test)
{
    for (size_t k = 0; k < fn->n_tags; k++)
        if (strcmp(fn->tags[k].test, test) == 0)
            return fn->tags[k].e;
    return NULL;
}

void sv_fn_summary(sv_store *st, const char *test, tx_sb *out)
{
    const sv_funnels *fn = &st->fn;
    if (!fn->t)
        return;
    counts_json(fn, test ? tag_engine(fn, test) : overall(st), out);
    tx_sb_adds(out, ",\n\"funnels_test\":");
    tx_sb_add_jstr(out, test);
    tx_sb_addf(out, ",\"funnel_tags_limit\":%d,\"funnel_untracked_hits\":%llu,"
                    "\"funnel_violations_unplaced\":%llu",
               SV_FN_TAGS, (ull)fn->untracked_hits, (ull)fn->unplaced);
    if (test)
        return;
    tx_sb_adds(out, ",\n\"funnels_by_test\":{");
    for (size_t k = 0; k < fn->n_tags; k++) {
        tx_sb one = TX_SB_INIT;
        counts_json(fn, fn->tags[k].e, &one);
        tx_sb_adds(out, k ? ",\n  " : "\n  ");
        tx_sb_addesc(out, tx_sb_add_jstr, "%s:{", fn->tags[k].test);
        tx_sb_add(out, one.buf + 2, one.len - 2);   /* past its leading ",\n" */
        tx_sb_addc(out, '}');
        tx_sb_release(&one);
    }
    tx_sb_adds(out, "}");
}

static void time_json(tx_sb *b, int64_t t)
{
    if (t == VAL_FN_NO_TIME)
        tx_sb_adds(b, "null");
    else
        tx_sb_addf(b, "%lld", (long long)t);
}

#define SV_FN_USER_MAX 1000     /* journeys listed per identity kind */

void sv_fn_user(sv_store *st, const char *user, const char *test, tx_sb *out)
{
    tx_sb_addesc(out, tx_sb_add_jstr, "{\"user\":%s,\"test\":%s,\"funnels\":[", user, test);
    val_fn_progress *p = tx_xmalloc(2 * SV_FN_USER_MAX * sizeof *p);
    pthread_mutex_lock(&st->mu);
    const sv_funnels *fn = &st->fn;
    const val_fn_engine *e = !fn->t ? NULL : test ? tag_engine(fn, test) : overall(st);
    size_t n = 0, total = 0;
    if (e) {                    /* the id as a user id, then as a device id */
        for (int dev = 0; dev < 2; dev++) {
            size_t k = val_fn_journeys_of(e, val_fn_ident(user, strlen(user), dev), p + n,
                                          SV_FN_USER_MAX);
            total += k;
            n += k < SV_FN_USER_MAX ? k : SV_FN_USER_MAX;
        }
    }
    for (size_t f = 0; fn->t && f < fn->t->n_funnels; f++) {
        const tx_funnel *fu = &fn->t->funnels[f];
        tx_sb_adds(out, f ? ",\n " : "\n ");
        tx_sb_addesc(out, tx_sb_add_jstr, "{\"name\":%s,\"key\":%s,\"steps\":%zu,\"open\":[",
                     fu->name, fu->key ? fu->key : "user", fu->n_steps);
        bool first = true;
        for (size_t i = 0; i < n; i++) {
            if (p[i].funnel != f)
                continue;
            tx_sb_adds(out, first ? "" : ",");
            tx_sb_addesc(out, tx_sb_add_jstr, "{\"reached\":%u,\"step\":%s", p[i].reached,
                         p[i].reached ? fu->steps[p[i].reached - 1].event->name : NULL);
            tx_sb_addf(out, ",\"completed\":%s,\"first_time_ms\":",
                       p[i].reached == fu->n_steps ? "true" : "false");
            time_json(out, p[i].t0);
            tx_sb_adds(out, ",\"last_time_ms\":");
            time_json(out, p[i].tmax);
            tx_sb_addc(out, '}');
            first = false;
        }
        tx_sb_adds(out, "]}");
    }
    pthread_mutex_unlock(&st->mu);
    free(p);
    tx_sb_addf(out, "],\n\"open_total\":%zu,\"listed\":%zu}\n", total, n);
}
