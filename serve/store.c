/* The store: every record received is captured, checked and counted; the
 * last ones are kept in full for the QA API.
 *
 * Checking is the validator's live entry point (val_stream): the running
 * result it keeps is what /api/summary renders with the JSON report of
 * `validate`, so the summary has that report's shape and numbers. Each
 * event is kept as the one line of JSON the API returns (seq, test, verdict,
 * violations as the report writes them, the record itself), in a ring of
 * at most --keep events and keep_bytes bytes: memory stays bounded however
 * long the server runs, while the counts cover everything.
 *
 * The capture is an append log, not an output to publish: the one writer
 * of support/out.h writes a temporary and renames it at the end, which is
 * right for reports and wrong here, where every record must be on disk as
 * soon as it is answered. So each request's records are appended with one
 * write(2) on an O_APPEND descriptor (nothing is buffered in the process,
 * so a signal loses nothing), before they are checked; a failed write is
 * cut back off and the request refused (500), so the capture and the
 * counts always hold the same records. Shutdown fsyncs it. A violation's
 * file and line are the capture's, so `validate` on the capture reports
 * them at the same place; without a capture, the file is the profile. */
#include "internal.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int slot_of(const sv_store *st, val_profile p)
{
    return st->capture && !st->cap_split ? 0 : (int)p;
}

/* Lines already in the capture, so violations point at the right ones. */
static uint64_t count_lines(int fd)
{
    char buf[65536];
    uint64_t n = 0;
    ssize_t k;
    off_t pos = 0;
    while ((k = pread(fd, buf, sizeof buf, pos)) > 0) {
        for (ssize_t i = 0; i < k; i++)
            n += buf[i] == '\n';
        pos += k;
    }
    return n;
}

static int cap_open(sv_store *st, int slot, val_profile p, char *err, size_t errlen)
{
    if (st->cap_fd[slot] >= 0)
        return 0;
    tx_sb path = TX_SB_INIT;
    for (const char *s = st->capture; *s; s++) {
        if (s[0] == '%' && s[1] == 'p') {
            tx_sb_adds(&path, val_profile_name(p));
            s++;
        } else {
            tx_sb_addc(&path, *s);
        }
    }
    int fd = open(path.buf, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open the capture '%s': %s", path.buf, strerror(errno));
        tx_sb_release(&path);
        return -1;
    }
    st->cap_fd[slot] = fd;
    free(st->cap_name[slot]);
    st->cap_name[slot] = tx_sb_detach(&path, NULL);
    st->cap_lines[slot] = count_lines(fd);
    return 0;
}

int sv_store_init(sv_store *st, const val_schema *s, const val_opts *vo, const sv_opts *o,
                  char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    for (int i = 0; i < SV_NPROF; i++)
        st->cap_fd[i] = -1;
    st->vs = val_stream_new(s, vo, err, errlen);
    if (!st->vs)
        return -1;
    memcpy(st->fail, vo->fail, sizeof st->fail);
    st->ro = (val_report_opts){ .fail = st->fail };
    st->keep = o->keep ? o->keep : 10000;
    st->keep_bytes = o->keep_bytes ? o->keep_bytes : (256u << 20);
    st->ring = calloc(st->keep, sizeof *st->ring);
    if (!st->ring)
        tx_die_oom();
    pthread_mutex_init(&st->mu, NULL);
    pthread_cond_init(&st->cv, NULL);
    st->capture = o->capture;
    st->cap_split = o->capture && strstr(o->capture, "%p");
    if (st->capture && !st->cap_split && cap_open(st, 0, VAL_PROF_AUTO, err, errlen) != 0) {
        sv_store_free(st);
        return -1;
    }
    sv_fn_init(st);
    return 0;
}

void sv_entry_fill(sv_entry *e, const char *json, size_t len, const char *test,
                   const char *event, size_t en)
{
    size_t tn = test ? strlen(test) : 0;
    char *block = malloc(len + 1 + (test ? tn + 1 : 0) + (event ? en + 1 : 0));
    if (!block)
        tx_die_oom();
    memcpy(block, json, len);
    block[len] = 0;
    char *more = block + len + 1;
    char *t = NULL, *ev = NULL;
    if (test) {
        t = memcpy(more, test, tn + 1);
        more += tn + 1;
    }
    if (event) {
        ev = memcpy(more, event, en);
        ev[en] = 0;
    }
    e->json = block;
    e->len = len;
    e->test = t;
    e->event = ev;
}

sv_entry *sv_store_find(sv_store *st, uint64_t seq)
{
    if (!st->n || seq < st->ring[st->head].seq || seq - st->ring[st->head].seq >= st->n)
        return NULL;    /* the ring holds consecutive seqs */
    return &st->ring[(st->head + (size_t)(seq - st->ring[st->head].seq)) % st->keep];
}

/* json, test and event share one allocation (json's): one malloc and one
 * free per event on the hot path, not three. */
static void entry_free(sv_entry *e)
{
    free(e->json);
    memset(e, 0, sizeof *e);
}

static void drop_all(sv_store *st)
{
    for (size_t i = 0; i < st->n; i++)
        entry_free(&st->ring[(st->head + i) % st->keep]);
    st->head = st->n = st->bytes = 0;
}

void sv_store_free(sv_store *st)
{
    sv_fn_reset(st);
    drop_all(st);
    free(st->ring);
    for (int i = 0; i < SV_NPROF; i++) {
        if (st->cap_fd[i] >= 0) {
            fsync(st->cap_fd[i]);
            close(st->cap_fd[i]);
        }
        free(st->cap_name[i]);
    }
    val_stream_free(st->vs);
    pthread_mutex_destroy(&st->mu);
    pthread_cond_destroy(&st->cv);
    memset(st, 0, sizeof *st);
}

static void keep_entry(sv_store *st, sv_entry *e)
{
    while (st->n && (st->n == st->keep || st->bytes + e->len > st->keep_bytes)) {
        sv_entry *old = &st->ring[st->head];
        st->bytes -= old->len;
        entry_free(old);
        st->head = (st->head + 1) % st->keep;
        st->n--;
    }
    st->ring[(st->head + st->n) % st->keep] = *e;
    st->n++;
    st->bytes += e->len;
}

/* Decimal, without printf (per event on the hot path). */
static void add_u64(tx_sb *b, uint64_t v)
{
    char d[24];
    size_t i = sizeof d;
    do
        d[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    tx_sb_add(b, d + i, sizeof d - i);
}

static void jstr(tx_sb *b, const char *s, size_t n)
{
    tx_sb_addc(b, '"');
    tx_sb_add_json_str(b, s, n);
    tx_sb_addc(b, '"');
}

static const char *const verdict_names[] = { "valid", "invalid", "ignored" };

/* Appends the batch to its capture in one write; cut back on failure. */
static int cap_write(sv_store *st, int slot, const sv_batch *b, char *err, size_t errlen)
{
    int fd = st->cap_fd[slot];
    tx_sb all = TX_SB_INIT;
    for (size_t i = 0; i < b->n; i++) {
        tx_sb_add(&all, b->buf.buf + b->off[i], b->len[i]);
        tx_sb_addc(&all, '\n');
    }
    if (all.failed)
        tx_die_oom();
    off_t before = lseek(fd, 0, SEEK_END);
    size_t done = 0;
    while (done < all.len) {
        ssize_t k = write(fd, all.buf + done, all.len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            snprintf(err, errlen, "cannot write the capture '%s': %s", st->cap_name[slot],
                     strerror(k < 0 ? errno : EIO));
            if (before >= 0 && ftruncate(fd, before) != 0)
                fprintf(stderr, "taxonc: warning: the capture '%s' ends with a partial line\n",
                        st->cap_name[slot]);
            tx_sb_release(&all);
            return -1;
        }
        done += (size_t)k;
    }
    tx_sb_release(&all);
    return 0;
}

int sv_store_ingest(sv_store *st, const sv_route *r, const char *test, sv_batch *b, char *err,
                    size_t errlen)
{
    pthread_mutex_lock(&st->mu);
    st->c.requests++;
    if (r->wire == SV_W_MIXPANEL_ENGAGE) {      /* profile updates: not events */
        st->c.profile_updates += b->n;
        pthread_mutex_unlock(&st->mu);
        return 0;
    }
    int slot = slot_of(st, r->profile);
    if (st->capture && (cap_open(st, slot, r->profile, err, errlen) != 0 ||
                        cap_write(st, slot, b, err, errlen) != 0)) {
        st->c.capture_errors++;
        pthread_mutex_unlock(&st->mu);
        return -1;
    }
    const char *file = st->capture ? st->cap_name[slot] : val_profile_name(r->profile);
    uint64_t line0 = st->cap_lines[slot] + 1;
    st->cap_lines[slot] += b->n;
    val_record *recs = calloc(b->n + 1, sizeof *recs);
    if (!recs)
        tx_die_oom();
    for (size_t i = 0; i < b->n; i++) {
        recs[i].data = b->buf.buf + b->off[i];
        recs[i].len = b->len[i];
    }
    val_stream_check(st->vs, r->profile, file, line0, recs, b->n);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char when[96];
    snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    tx_sb j = TX_SB_INIT;
    for (size_t i = 0; i < b->n; i++) {
        val_record *rec = &recs[i];
        sv_entry e = { .seq = ++st->seq, .verdict = rec->verdict };
        st->c.records++;
        *(rec->verdict == VAL_REC_VALID     ? &st->c.events_valid
          : rec->verdict == VAL_REC_INVALID ? &st->c.events_invalid
                                            : &st->c.events_ignored) += 1;
        tx_sb_reset(&j);
        tx_sb_adds(&j, "{\"seq\":");
        add_u64(&j, e.seq);
        tx_sb_adds(&j, ",\"time\":\"");
        tx_sb_adds(&j, when);
        tx_sb_adds(&j, "\",\"test\":");
        if (test)
            jstr(&j, test, strlen(test));
        else
            tx_sb_adds(&j, "null");
        tx_sb_adds(&j, ",\"source\":");
        jstr(&j, val_profile_name(r->profile), strlen(val_profile_name(r->profile)));
        tx_sb_adds(&j, ",\"route\":");
        jstr(&j, r->path, strlen(r->path));
        tx_sb_adds(&j, ",\"file\":");
        jstr(&j, file, strlen(file));
        tx_sb_adds(&j, ",\"line\":");
        add_u64(&j, line0 + i);
        tx_sb_adds(&j, ",\"event\":");
        bool named = b->name_len[i] != SIZE_MAX;
        if (named)
            jstr(&j, b->buf.buf + b->name_off[i], b->name_len[i]);
        else
            tx_sb_adds(&j, "null");
        tx_sb_adds(&j, ",\"verdict\":\"");
        tx_sb_adds(&j, verdict_names[rec->verdict]);
        tx_sb_adds(&j, "\",\"violations_total\":");
        e.vt_at = j.len;
        add_u64(&j, rec->n_violations);
        tx_sb_adds(&j, ",\"violations\":[");
        for (size_t k = 0; k < rec->n_kept; k++) {
            if (k)
                tx_sb_addc(&j, ',');
            val_violation_json(&j, &rec->violations[k]);
        }
        e.vl_end = j.len;
        tx_sb_adds(&j, "],\"payload\":");
        tx_sb_add(&j, rec->data, rec->len);
        tx_sb_adds(&j, "}");
        if (j.failed)
            tx_die_oom();
        e.file = file;
        e.line = line0 + i;
        sv_entry_fill(&e, j.buf, j.len, test, named ? b->buf.buf + b->name_off[i] : NULL,
                      named ? b->name_len[i] : 0);
        keep_entry(st, &e);
    }
    tx_sb_release(&j);
    sv_fn_feed(st, test, recs, b->n);
    sv_fn_apply(st);
    free(recs);
    pthread_cond_broadcast(&st->cv);
    pthread_mutex_unlock(&st->mu);
    return 0;
}

void sv_store_count(sv_store *st, uint64_t *counter)
{
    pthread_mutex_lock(&st->mu);
    (*counter)++;
    pthread_mutex_unlock(&st->mu);
}

static bool matches(const sv_entry *e, const sv_filter *f)
{
    if (e->seq <= f->since)
        return false;
    if (f->valid == 1 && e->verdict != VAL_REC_VALID)
        return false;
    if (f->valid == 0 && e->verdict != VAL_REC_INVALID)
        return false;
    if (f->test && (!e->test || strcmp(e->test, f->test) != 0))
        return false;
    if (f->event && (!e->event || strcmp(e->event, f->event) != 0))
        return false;
    return true;
}

void sv_store_events(sv_store *st, const sv_filter *f, tx_sb *out)
{
    pthread_mutex_lock(&st->mu);
    size_t k = 0, limit = f->limit ? f->limit : 1000;
    bool more = false;
    tx_sb_adds(out, "{\"events\":[");
    for (size_t i = 0; i < st->n; i++) {
        const sv_entry *e = &st->ring[(st->head + i) % st->keep];
        if (!matches(e, f))
            continue;
        if (k == limit) {
            more = true;
            break;
        }
        tx_sb_adds(out, k++ ? ",\n" : "\n");
        tx_sb_add(out, e->json, e->len);
    }
    uint64_t oldest = st->n ? st->ring[st->head].seq : st->seq + 1;
    tx_sb_addf(out, "],\n\"count\":%zu,\"more\":%s,\"last_seq\":%llu,\"oldest_kept_seq\":%llu}\n",
               k, more ? "true" : "false", (unsigned long long)st->seq,
               (unsigned long long)oldest);
    pthread_mutex_unlock(&st->mu);
}

void sv_store_summary(sv_store *st, const char *test, tx_sb *out)
{
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    if (!f)
        tx_die_oom();
    tx_sb fn = TX_SB_INIT;
    pthread_mutex_lock(&st->mu);
    val_report(val_stream_result(st->vs), VAL_FMT_JSON, &st->ro, f);
    sv_fn_summary(st, test, &fn);
    pthread_mutex_unlock(&st->mu);
    if (fclose(f) != 0)
        tx_die_oom();
    /* the report is one object: its funnel members go before the '}' */
    size_t end = len;
    while (end && mem[end - 1] != '}')
        end--;
    if (!end || fn.failed)
        tx_die_oom();
    tx_sb_add(out, mem, end - 1);
    tx_sb_add(out, fn.buf, fn.len);
    tx_sb_add(out, mem + end - 1, len - end + 1);
    tx_sb_release(&fn);
    free(mem);
}

void sv_store_stats(sv_store *st, tx_sb *out)
{
    pthread_mutex_lock(&st->mu);
    const sv_counters *c = &st->c;
    typedef unsigned long long ull;
    tx_sb_addf(out,
               "{\"requests\":%llu,\"records\":%llu,\"valid\":%llu,\"invalid\":%llu,"
               "\"ignored\":%llu,\"bad_requests\":%llu,\"too_large\":%llu,"
               "\"unauthorized\":%llu,\"not_found\":%llu,\"profile_updates\":%llu,"
               "\"capture_errors\":%llu,\"timed_out\":%llu,\"kept\":%zu,\"kept_bytes\":%zu,"
               "\"last_seq\":%llu,\"resets\":%llu}\n",
               (ull)c->requests, (ull)c->records, (ull)c->events_valid, (ull)c->events_invalid,
               (ull)c->events_ignored, (ull)c->bad_requests, (ull)c->too_large,
               (ull)c->unauthorized, (ull)c->not_found, (ull)c->profile_updates,
               (ull)c->capture_errors, (ull)c->timed_out, st->n, st->bytes, (ull)st->seq,
               (ull)st->resets);
    pthread_mutex_unlock(&st->mu);
}

void sv_store_reset(sv_store *st)
{
    pthread_mutex_lock(&st->mu);
    drop_all(st);
    sv_fn_reset(st);
    val_stream_reset(st->vs);
    st->resets++;
    pthread_cond_broadcast(&st->cv);
    pthread_mutex_unlock(&st->mu);
}

/* Frames for the kept events amended since *upd (funnel violations told
 * after they were sent), when they match f and were sent already. */
static int sse_updates(sv_store *st, uint64_t *upd, const sv_filter *f, size_t max, tx_sb *out)
{
    const sv_funnels *fn = &st->fn;
    int rc = 0;
    if (fn->n_upd - *upd > SV_FN_UPD)
        *upd = fn->n_upd - SV_FN_UPD;   /* fell behind: the oldest are gone */
    for (; *upd < fn->n_upd; ++*upd) {
        const sv_entry *e = sv_store_find(st, fn->upd[*upd % SV_FN_UPD]);
        if (!e || e->seq > f->since)
            continue;                   /* gone, or not sent yet: it goes as it is */
        sv_filter any = *f;
        any.since = 0;
        if (!matches(e, &any))
            continue;
        if (out->len && out->len + e->len + 32 > max)
            break;
        tx_sb_adds(out, "event: update\ndata: ");
        tx_sb_add(out, e->json, e->len);
        tx_sb_adds(out, "\n\n");
        rc = 1;
    }
    return rc;
}

int sv_store_sse(sv_store *st, uint64_t *since, uint64_t *resets, uint64_t *upd, const char *test,
                 size_t max, tx_sb *out, unsigned ms)
{
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += ms / 1000;
    dl.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    sv_filter f = { .valid = -1, .test = test };
    pthread_mutex_lock(&st->mu);
    int rc = 0;
    for (;;) {
        if (st->quit) {
            rc = -1;
            break;
        }
        if (*resets != st->resets) {
            *resets = st->resets;
            tx_sb_adds(out, "event: reset\ndata: {}\n\n");
            rc = 1;
        }
        for (size_t i = 0; i < st->n; i++) {
            const sv_entry *e = &st->ring[(st->head + i) % st->keep];
            f.since = *since;
            if (e->seq <= *since)
                continue;
            if (out->len && out->len + e->len + 32 > max)
                break;
            *since = e->seq;
            if (!matches(e, &f))
                continue;
            tx_sb_addf(out, "id: %llu\ndata: ", (unsigned long long)e->seq);
            tx_sb_add(out, e->json, e->len);
            tx_sb_adds(out, "\n\n");
            rc = 1;
        }
        if (!st->n)
            *since = st->seq;   /* nothing kept after a reset */
        f.since = *since;
        if (sse_updates(st, upd, &f, max, out))
            rc = 1;
        if (rc || pthread_cond_timedwait(&st->cv, &st->mu, &dl) != 0)
            break;
    }
    pthread_mutex_unlock(&st->mu);
    return rc;
}

void sv_store_quit(sv_store *st)
{
    pthread_mutex_lock(&st->mu);
    st->quit = true;
    pthread_cond_broadcast(&st->cv);
    pthread_mutex_unlock(&st->mu);
}
