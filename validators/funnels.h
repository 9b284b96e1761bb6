/* The funnel engine (issue 18): journeys of the taxonomy's funnels, fed one
 * step hit at a time in input order, judged when they close.
 *
 * A caller (validators/run.c's merge, later taxonc serve) extracts from
 * each record the facts of its funnel steps (val_fn_hit: which funnel and
 * step, the journey's identity and key as hashes, the event time or none,
 * where the record is) and feeds them with val_fn_feed, in input order:
 * the engine is deterministic, so the same hits in the same order give the
 * same counts and violations whatever produced them (--jobs N).
 *
 * Journeys live in a table of at most max_journeys entries (fixed bytes
 * per journey, val_fn_journey_bytes; grown on demand up to the limit). A
 * journey closes when a hit comes after its window, when the least
 * recently touched journey's window has passed the watermark (the greatest
 * event time fed), when the table is full (the least recently touched one
 * is evicted, judged as it stands and counted as evicted), or at
 * val_fn_finish. Closing judges it: entered, reached per step, completed,
 * and the violations funnel-out-of-order and funnel-skipped-step;
 * funnel-key-mismatch is judged as the hit arrives. Each violation goes to
 * the sink at once, with a message the engine owns only for the call.
 * docs/validate.md "Funnels" defines every rule.
 *
 * Identities: a hit carrying a user and a device identity links the device
 * to the user (funnel_links.h, at most max_journeys links, the least
 * recently used forgotten when full); the device's open journeys then
 * become the user's (merged with the user's own journey of the same funnel
 * and key, if any), and later hits of the device alone go to the user.
 *
 * Ownership: the engine owns its tables (val_fn_free releases them); it
 * borrows the taxonomy and the file names of the hits (they must outlive
 * it); it keeps no string of a hit. Not thread-safe: one feeder. */
#ifndef VAL_FUNNELS_H
#define VAL_FUNNELS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "codes.h"
#include "../schema/model.h"

#define VAL_FN_DEFAULT_JOURNEYS 1000000u
#define VAL_FN_NO_TIME INT64_MIN

typedef struct val_fn_loc {
    const char *file;           /* borrowed: must outlive the engine */
    uint64_t line;              /* 1-based */
    uint64_t record;            /* 0-based, in its file */
} val_fn_loc;

/* One record's hit of one funnel step. */
typedef struct val_fn_hit {
    uint32_t funnel, step;      /* indexes into tax->funnels, ->steps */
    bool has_key;               /* false: the key is missing (funnel-key-mismatch) */
    uint64_t ident;             /* the user (or device) identity's hash; 0: unknown */
    uint64_t key;               /* key: user -> ident; key: PROP -> the value's hash */
    const char *key_text;       /* the key's value as written, for messages (may be NULL) */
    size_t key_len;
    int64_t time_ms;            /* event time in ms since 1970, or VAL_FN_NO_TIME */
    val_fn_loc loc;
    uint64_t device;            /* the record's device identity's hash, 0: none; when it
                                 * differs from ident (a user's), it links the device
                                 * to that user */
} val_fn_hit;

typedef struct val_fn_violation {
    val_code code;              /* VAL_FUNNEL_OUT_OF_ORDER, _SKIPPED_STEP, _KEY_MISMATCH */
    uint32_t funnel, step;      /* the step the record is a hit of */
    val_fn_loc loc;
    const char *event;          /* the step's event name (the taxonomy's) */
    const char *message;        /* owned by the engine, valid during the call */
} val_fn_violation;
typedef void (*val_fn_sink)(void *ctx, const val_fn_violation *v);

/* What one funnel counted; reached[i] is how many journeys reached step i
 * in order (reached[0] == entered), completed == reached[n_steps - 1]. */
typedef struct val_fn_counts {
    uint64_t hits;              /* step hits fed (with or without key) */
    uint64_t journeys;          /* journeys opened (entered or not) */
    uint64_t entered;           /* journeys whose step 1 came */
    uint64_t completed;
    uint64_t *reached;          /* n_steps entries */
    uint64_t expired;           /* closed because their window passed */
    uint64_t evicted;           /* closed because the table was full */
    uint64_t open;              /* still open (a snapshot's) */
    uint64_t out_of_order, skipped, key_missing, key_changed;
} val_fn_counts;

typedef struct val_fn_engine val_fn_engine;

/* NULL when t has no funnels. max_journeys 0 = VAL_FN_DEFAULT_JOURNEYS. */
val_fn_engine *val_fn_new(const tx_taxonomy *t, size_t max_journeys, val_fn_sink sink,
                          void *ctx);
void val_fn_feed(val_fn_engine *e, const val_fn_hit *h);
/* Closes every open journey (oldest first); feeding may go on afterwards. */
void val_fn_finish(val_fn_engine *e);
/* Funnel f's counts so far; open journeys are not in them until closed. */
const val_fn_counts *val_fn_counts_of(const val_fn_engine *e, size_t f);
/* The counts as if every open journey closed now, without closing them or
 * reporting violations (a live view: taxonc serve). out->reached must
 * have room for the funnel's n_steps. */
void val_fn_snapshot(const val_fn_engine *e, size_t f, val_fn_counts *out);
/* One open journey of an identity, as it stands (val_fn_journeys_of). */
typedef struct val_fn_progress {
    uint32_t funnel;
    uint32_t reached;           /* steps reached in order so far; 0: not entered */
    uint64_t key;               /* the journey's key hash (the identity's for key: user) */
    int64_t t0, tmax;           /* its earliest and latest event time, or VAL_FN_NO_TIME */
} val_fn_progress;
/* The open journeys of identity ident (a val_fn_hit.ident), oldest touched
 * first: at most max into out; returns how many there are. Scans every
 * open journey (a query, not a hot path); closed journeys are only counts. */
size_t val_fn_journeys_of(const val_fn_engine *e, uint64_t ident, val_fn_progress *out,
                          size_t max);
/* funnel_hits.c: the identity hash of a user id (device: a device or
 * anonymous id) as the extraction computes val_fn_hit.ident. */
uint64_t val_fn_ident(const char *id, size_t n, bool device);
size_t val_fn_max_journeys(const val_fn_engine *e);
/* Device -> user links forgotten because the link table was full. */
uint64_t val_fn_links_forgotten_of(const val_fn_engine *e);
size_t val_fn_open(const val_fn_engine *e);
/* Bytes one journey costs at most (table, step occurrences, indexes, and
 * one identity link). */
size_t val_fn_journey_bytes(const tx_taxonomy *t);
void val_fn_free(val_fn_engine *e);
#endif
