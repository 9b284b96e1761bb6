/* The per-request deadline of taxonc serve (--request-timeout, issue 17).
 *
 * libmicrohttpd's connection timeout is idle-based: a client that sends
 * one byte of its headers or body every few seconds is never closed, and
 * --max-connections of them hold the server. So every connection has a
 * deadline: S seconds from its opening, or from its previous request
 * completing on a keep-alive connection, for the next request's headers
 * and body to arrive in full. Once they have (http.c calls
 * sv_deadline_answering) the deadline is off until the answer is sent
 * (sv_deadline_rearm from the request-completed callback): answers, a
 * server-sent stream included, are never cut by it; a reader too slow is
 * the idle timeout's business.
 *
 * Approach: a watchdog thread sleeps until the earliest deadline (a new
 * one is always at least S seconds ahead, so it never needs waking for
 * one) and shuts an overdue connection's socket down, shutdown(SHUT_RDWR)
 * and never close(): libmicrohttpd's connection thread then sees the end
 * of the stream and closes the connection itself, the one owner of the
 * descriptor. The list lives under one mutex that the connection-closed
 * callback takes too, and libmicrohttpd calls that callback before it
 * closes the descriptor, so the watchdog never touches a descriptor that
 * may have been reused. The hot path (two calls per request) is a lock, a
 * clock read and a store.
 *
 * Ownership: the deadline owns its entries; an entry lives from
 * sv_deadline_open to sv_deadline_close (libmicrohttpd's socket context). */
#include "internal.h"
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

typedef struct sv_conn {
    struct sv_conn *prev, *next;
    int fd;
    int64_t due_ms;             /* CLOCK_MONOTONIC; 0: a request is being answered */
    bool cut;                   /* shut down already (counted once) */
} sv_conn;

struct sv_deadline {
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* on CLOCK_MONOTONIC; signalled only to stop */
    sv_conn head;               /* the open connections (a circular list) */
    int64_t limit_ms;
    bool stop;
    pthread_t th;
    sv_store *st;               /* counts the connections cut */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Shuts the overdue connections down; returns when the next one is due. */
static int64_t sweep(sv_deadline *d, int64_t now, uint64_t *cut)
{
    int64_t next = now + d->limit_ms;
    for (sv_conn *c = d->head.next; c != &d->head; c = c->next) {
        if (!c->due_ms || c->cut)
            continue;
        if (c->due_ms <= now) {
            shutdown(c->fd, SHUT_RDWR);
            c->cut = true;
            (*cut)++;
        } else if (c->due_ms < next) {
            next = c->due_ms;
        }
    }
    return next;
}

static void *watch(void *arg)
{
    sv_deadline *d = arg;
    pthread_mutex_lock(&d->mu);
    while (!d->stop) {
        uint64_t cut = 0;
        int64_t next = sweep(d, now_ms(), &cut);
        if (cut) {      /* counted outside our lock: never store.mu inside it */
            pthread_mutex_unlock(&d->mu);
            for (uint64_t i = 0; i < cut; i++)
                sv_store_count(d->st, &d->st->c.timed_out);
            pthread_mutex_lock(&d->mu);
            continue;
        }
        struct timespec ts = { .tv_sec = next / 1000, .tv_nsec = (next % 1000) * 1000000 };
        pthread_cond_timedwait(&d->cv, &d->mu, &ts);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

sv_deadline *sv_deadline_start(unsigned seconds, sv_store *st)
{
    sv_deadline *d = calloc(1, sizeof *d);
    if (!d)
        tx_die_oom();
    d->limit_ms = (int64_t)seconds * 1000;
    d->st = st;
    d->head.next = d->head.prev = &d->head;
    pthread_mutex_init(&d->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&d->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&d->th, NULL, watch, d) != 0) {
        pthread_cond_destroy(&d->cv);
        pthread_mutex_destroy(&d->mu);
        free(d);
        return NULL;
    }
    return d;
}

void sv_deadline_stop(sv_deadline *d)
{
    if (!d)
        return;
    pthread_mutex_lock(&d->mu);
    d->stop = true;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->th, NULL);
    for (sv_conn *c = d->head.next, *n; c != &d->head; c = n) {
        n = c->next;    /* (none left once the daemon has stopped) */
        free(c);
    }
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

sv_conn *sv_deadline_open(sv_deadline *d, int fd)
{
    sv_conn *c = calloc(1, sizeof *c);
    if (!c)
        tx_die_oom();
    c->fd = fd;
    pthread_mutex_lock(&d->mu);
    c->due_ms = now_ms() + d->limit_ms;
    c->next = &d->head;
    c->prev = d->head.prev;
    c->prev->next = c;
    d->head.prev = c;
    pthread_mutex_unlock(&d->mu);
    return c;
}

void sv_deadline_close(sv_deadline *d, sv_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&d->mu);
    c->prev->next = c->next;
    c->next->prev = c->prev;
    pthread_mutex_unlock(&d->mu);
    free(c);
}

void sv_deadline_answering(sv_deadline *d, sv_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&d->mu);
    c->due_ms = 0;
    pthread_mutex_unlock(&d->mu);
}

void sv_deadline_rearm(sv_deadline *d, sv_conn *c)
{
    if (!c)
        return;
    int64_t due = now_ms() + d->limit_ms;
    pthread_mutex_lock(&d->mu);
    c->due_ms = due;
    pthread_mutex_unlock(&d->mu);
}
