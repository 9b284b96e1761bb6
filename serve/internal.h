/* Private to serve/: the store that http.c drives. One mutex guards all of
 * it: libmicrohttpd runs a thread per connection, and every request holds
 * the lock only while it checks or reads (the validator is fast; bodies are
 * read and inflated before it is taken). */
#ifndef SV_INTERNAL_H
#define SV_INTERNAL_H
#include "serve.h"
#include <pthread.h>

#define SV_NPROF (VAL_PROF_SNOWPLOW + 1)

typedef struct sv_entry {
    uint64_t seq;
    char *json;                 /* the QA API's object for it, one line */
    size_t len;
    char *test, *event;         /* for the filters, inside json's block; NULL: none */
    val_rec_verdict verdict;
    const char *file;           /* where it is (the capture's name, or the profile's) */
    uint64_t line;
    size_t vt_at, vl_end;       /* in json: violations_total's digits; the list's ']' */
} sv_entry;

/* --- funnels (funnels.c) ---------------------------------------------- */

#define SV_FN_TAGS 64           /* test tags followed by engines of their own */
#define SV_FN_UPD 1024          /* amended events remembered for the streams */

typedef struct sv_fn_note {     /* a funnel violation waiting for its event */
    val_code code;
    const char *file, *event;   /* borrowed: the store's / the taxonomy's */
    uint64_t line, record;
    char *message;
} sv_fn_note;

typedef struct sv_funnels {
    const tx_taxonomy *t;       /* NULL: the taxonomy has no funnels */
    size_t journeys;            /* open journeys per engine, at most */
    struct {
        char *test;
        struct val_fn_engine *e;
    } tags[SV_FN_TAGS];
    size_t n_tags;
    uint64_t untracked_hits;    /* step hits of tags past SV_FN_TAGS */
    sv_fn_note *notes;
    size_t n_notes, cap_notes;
    uint64_t unplaced;          /* violations whose event had left the ring */
    uint64_t upd[SV_FN_UPD];    /* ring of the seqs of amended events */
    uint64_t n_upd;
} sv_funnels;

typedef struct sv_counters {
    uint64_t requests, records, events_valid, events_invalid, events_ignored;
    uint64_t bad_requests, too_large, unauthorized, not_found, profile_updates;
    uint64_t capture_errors;
    uint64_t timed_out;         /* connections cut by --request-timeout (deadline.c) */
} sv_counters;

typedef struct sv_store {
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* a new event, a reset or the end */
    val_stream *vs;
    val_report_opts ro;
    bool fail[VAL_N_CODES];
    sv_entry *ring;             /* the last `keep` events */
    size_t keep, head, n, bytes, keep_bytes;
    uint64_t seq;               /* the last event's; never reset */
    uint64_t resets;
    sv_counters c;
    /* per slot (a profile, or 0 for one capture of all): the capture and
     * the records given to it, so a violation's line is its line there */
    const char *capture;
    bool cap_split;             /* the path holds %p: one file per profile */
    int cap_fd[SV_NPROF];
    char *cap_name[SV_NPROF];
    uint64_t cap_lines[SV_NPROF];
    bool quit;
    sv_funnels fn;
} sv_store;

int sv_store_init(sv_store *st, const val_schema *s, const val_opts *vo, const sv_opts *o,
                  char *err, size_t errlen);
void sv_store_free(sv_store *st);
/* Captures, checks and keeps a request's records. 0, or -1 when the
 * capture could not be written (err; nothing counted). */
int sv_store_ingest(sv_store *st, const sv_route *r, const char *test, sv_batch *b, char *err,
                    size_t errlen);
void sv_store_count(sv_store *st, uint64_t *counter);

typedef struct sv_filter {
    int valid;                  /* -1 any, 0 invalid only, 1 valid only */
    const char *event, *test;
    uint64_t since;
    size_t limit;
} sv_filter;
void sv_store_events(sv_store *st, const sv_filter *f, tx_sb *out);
/* The validate JSON report, with the live funnels (test: one tag's). */
void sv_store_summary(sv_store *st, const char *test, tx_sb *out);
void sv_store_stats(sv_store *st, tx_sb *out);
void sv_store_reset(sv_store *st);
/* Server-sent events: frames for the events after *since of test (NULL:
 * all), at most max bytes; waits up to ms for one. *resets is the
 * client's count of resets seen. Returns 1 when out has frames, 0 on a
 * timeout, -1 once the server stops. */
int sv_store_sse(sv_store *st, uint64_t *since, uint64_t *resets, uint64_t *upd, const char *test,
                 size_t max, tx_sb *out, unsigned ms);
/* The kept event seq, or NULL (the lock held). */
sv_entry *sv_store_find(sv_store *st, uint64_t seq);
/* e's one block: json, then test and event (en bytes) copied after it. */
void sv_entry_fill(sv_entry *e, const char *json, size_t len, const char *test,
                   const char *event, size_t en);

/* funnels.c: the store's funnel engines. The stream's engine follows
 * every record; one more per test tag (at most SV_FN_TAGS). All but the
 * *_json calls and sv_fn_finish run with the lock held. */
void sv_fn_init(sv_store *st);
void sv_fn_feed(sv_store *st, const char *test, const val_record *recs, size_t n);
/* The violations told since: added to their kept events (the lock held). */
void sv_fn_apply(sv_store *st);
void sv_fn_reset(sv_store *st);
/* Closes and judges every open journey of every engine (lock taken). */
void sv_fn_finish(sv_store *st);
/* The summary's funnel members (",..."), overall or of test (lock held). */
void sv_fn_summary(sv_store *st, const char *test, tx_sb *out);
/* GET /api/funnels?user=ID: the user's open journeys (lock taken). */
void sv_fn_user(sv_store *st, const char *user, const char *test, tx_sb *out);
void sv_store_quit(sv_store *st);

/* deadline.c: --request-timeout. A request's headers and body must
 * arrive within `seconds` of its connection opening, or of the previous
 * request on it completing; a watchdog thread shuts an overdue connection
 * down (counted in st's timed_out). NULL from start when the thread could
 * not be started. open/close bracket a connection (libmicrohttpd's
 * connection callbacks; close before the descriptor is closed), answering
 * when its request has fully arrived, rearm when it has completed. */
typedef struct sv_deadline sv_deadline;
typedef struct sv_conn sv_conn;
sv_deadline *sv_deadline_start(unsigned seconds, sv_store *st);
void sv_deadline_stop(sv_deadline *d);
sv_conn *sv_deadline_open(sv_deadline *d, int fd);
void sv_deadline_close(sv_deadline *d, sv_conn *c);
void sv_deadline_answering(sv_deadline *d, sv_conn *c);
void sv_deadline_rearm(sv_deadline *d, sv_conn *c);

/* page.c */
/* The page, built once; static storage. */
const char *sv_page(size_t *len);
#endif
