/* The HTTP side of taxonc serve, on libmicrohttpd (no HTTP parsing here).
 *
 * libmicrohttpd runs a thread per connection, at most max_conns of them
 * (at most a quarter of them from one address when not bound to loopback),
 * each closed after `timeout` idle seconds, and shut down when a request's
 * headers and body have not arrived within `request_timeout` seconds
 * (deadline.c: a client trickling a byte at a time is not idle), so slow
 * clients cost a bounded number of threads for a bounded time. A request's body is gathered up to max_body bytes (a
 * declared Content-Length beyond is refused at once with 413, a chunked one
 * as soon as it passes the limit), inflated when it is gzip (the decoded
 * size bounded the same way, and by 1000x the compressed size), split into
 * records by its route's wire format (wire.c) and handed to the store.
 * Answers are what each SDK expects; every refusal is JSON and counted.
 *
 * A collector path may carry a test id as a /t/ID prefix (SDKs that take
 * a base URL cannot add a query); the X-Taxonc-Test header wins over it,
 * and it over ?test=.
 *
 * The API (/api/...) and the page (/) require the token when one is set:
 * `Authorization: Bearer T` or `?token=T` (an EventSource cannot set
 * headers). The collector routes never do: SDKs send their own keys,
 * which are accepted whatever they are. Every answer carries CORS headers
 * and OPTIONS is answered for any path, so browser SDKs can post.
 *
 * SIGINT and SIGTERM are blocked in every thread and taken by sv_run with
 * sigwait: the daemon is stopped (streams are woken to end), then the
 * store is freed, which syncs and closes the capture. */
#include "internal.h"
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <zlib.h>

#define SSE_BLOCK (16u * 1024u)

typedef struct server {
    sv_store st;
    const sv_opts *o;
    size_t max_body;
    unsigned ping_ms;           /* a stream's comment line, well inside the idle timeout */
    sv_deadline *deadline;      /* --request-timeout */
} server;

typedef enum rkind {
    K_INGEST, K_PAGE, K_SUMMARY, K_EVENTS, K_STATS, K_RESET, K_STREAM, K_FUNNELS, K_FN_FINISH
} rkind;

typedef struct req {
    rkind kind;
    const sv_route *route;
    char *test;                 /* from a /t/ID prefix, or NULL */
    tx_sb body;
    size_t received;
    bool too_large;
} req;

/* --- answers ---------------------------------------------------------- */

/* Queues r with the headers every answer carries (its type, no caching,
 * any origin; nosniff for a whole body) and lets go of r. */
static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
                             const char *type, bool nosniff)
{
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    if (nosniff)
        MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type,
                              const char *body, size_t len)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
    return r ? queue(c, status, r, type, true) : MHD_NO;
}

static enum MHD_Result answer_json(struct MHD_Connection *c, unsigned status, const tx_sb *b)
{
    return answer(c, status, "application/json; charset=utf-8", b->buf, b->len);
}

/* {"code":N,"status":0,"error":"...","message":"..."}: Amplitude reads
 * code and error, Mixpanel status and error, Segment's and RudderStack's
 * SDKs code and message (a body without message is a KeyError in the
 * RudderStack SDK), Braze message. */
static enum MHD_Result refuse(server *s, struct MHD_Connection *c, unsigned status,
                              uint64_t *counter, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static enum MHD_Result refuse(server *s, struct MHD_Connection *c, unsigned status,
                              uint64_t *counter, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (counter)
        sv_store_count(&s->st, counter);
    tx_sb b = TX_SB_INIT;
    tx_sb_addf(&b, "{\"code\":%u,\"status\":0,\"error\":\"", status);
    tx_sb_add_json_str(&b, msg, strlen(msg));
    tx_sb_adds(&b, "\",\"message\":\"");
    tx_sb_add_json_str(&b, msg, strlen(msg));
    tx_sb_adds(&b, "\"}\n");
    enum MHD_Result rc = answer_json(c, status, &b);
    tx_sb_release(&b);
    return rc;
}

static enum MHD_Result preflight(struct MHD_Connection *c)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    const char *want =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Access-Control-Request-Headers");
    MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
    MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    MHD_add_response_header(r, "Access-Control-Allow-Headers",
                            want ? want : "Content-Type, Content-Encoding, Authorization, "
                                          "X-Taxonc-Test");
    MHD_add_response_header(r, "Access-Control-Max-Age", "600");
    enum MHD_Result rc = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, r);
    MHD_destroy_response(r);
    return rc;
}

/* --- request pieces ---------------------------------------------------- */

static const char *query(struct MHD_Connection *c, const char *k)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, k);
}

static bool token_ok(server *s, struct MHD_Connection *c)
{
    const char *t = s->o->token;
    if (!t)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    const char *got = h && strncmp(h, "Bearer ", 7) == 0 ? h + 7 : query(c, "token");
    if (!got || strlen(got) != strlen(t))
        return false;
    unsigned char d = 0;        /* constant time */
    for (size_t i = 0; t[i]; i++)
        d |= (unsigned char)(t[i] ^ got[i]);
    return d == 0;
}

/* A form value of body (application/x-www-form-urlencoded), URL-decoded
 * in a copy the caller frees; NULL when absent. */
static char *form_value(const char *body, size_t n, const char *key, size_t *len)
{
    size_t kn = strlen(key);
    const char *p = body, *end = body + n;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *e = amp ? amp : end;
        if ((size_t)(e - p) > kn && memcmp(p, key, kn) == 0 && p[kn] == '=') {
            size_t vn = (size_t)(e - p) - kn - 1;
            char *v = malloc(vn + 1);
            if (!v)
                tx_die_oom();
            memcpy(v, p + kn + 1, vn);
            *len = sv_url_decode(v, vn);
            v[*len] = 0;
            return v;
        }
        p = e + 1;
    }
    return NULL;
}

static bool has_prefix_ci(const char *s, const char *p)
{
    return s && strncasecmp(s, p, strlen(p)) == 0;
}

/* Inflates a gzip (or zlib) body into out, at most max bytes and 1000x
 * its size. 0, 1 when too large, -1 when corrupt. */
static int inflate_body(const char *in, size_t n, size_t max, tx_sb *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 32 + MAX_WBITS) != Z_OK)
        return -1;
    size_t ratio_cap = n > SIZE_MAX / 1000 ? SIZE_MAX : n * 1000;
    size_t cap = max < ratio_cap ? max : ratio_cap;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        tx_sb_grow(out, 65536);
        if (out->failed)
            tx_die_oom();
        z.next_out = (Bytef *)out->buf + out->len;
        z.avail_out = 65536;
        rc = inflate(&z, Z_NO_FLUSH);
        out->len += 65536 - z.avail_out;
        if (out->len > cap) {
            inflateEnd(&z);
            return 1;
        }
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK || (z.avail_in == 0 && z.avail_out != 0)) {
            inflateEnd(&z);
            return -1;
        }
    }
    inflateEnd(&z);
    return 0;
}

/* --- the collector ------------------------------------------------------ */

static enum MHD_Result ingest(server *s, struct MHD_Connection *c, req *q)
{
    const sv_route *r = q->route;
    const char *body = q->body.buf;
    size_t n = q->body.len;
    tx_sb inflated = TX_SB_INIT;
    const char *enc = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Encoding");
    if (enc && (strcasecmp(enc, "gzip") == 0 || strcasecmp(enc, "deflate") == 0)) {
        int z = inflate_body(body, n, s->max_body, &inflated);
        if (z != 0) {
            tx_sb_release(&inflated);
            return z > 0 ? refuse(s, c, MHD_HTTP_CONTENT_TOO_LARGE, &s->st.c.too_large,
                                  "the decoded body is larger than %zu bytes or 1000 times "
                                  "its compressed size", s->max_body)
                         : refuse(s, c, MHD_HTTP_BAD_REQUEST, &s->st.c.bad_requests,
                                  "the body is not valid %s data", enc);
        }
        body = inflated.buf;
        n = inflated.len;
    }
    char *form = NULL;
    size_t form_len = 0;
    bool verbose = false;
    if (r->wire == SV_W_MIXPANEL || r->wire == SV_W_MIXPANEL_ENGAGE) {
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        const char *qd = query(c, "data"), *qv = query(c, "verbose");
        verbose = qv && strcmp(qv, "1") == 0;
        if (n && has_prefix_ci(ct, "application/x-www-form-urlencoded")) {
            size_t vl;
            char *v = form_value(body, n, "verbose", &vl);
            verbose = verbose || (v && strcmp(v, "1") == 0);
            free(v);
            form = form_value(body, n, "data", &form_len);
            if (!form) {
                tx_sb_release(&inflated);
                return refuse(s, c, MHD_HTTP_BAD_REQUEST, &s->st.c.bad_requests,
                              "the form has no data= field");
            }
        } else if (qd && !n) {
            form = strdup(qd);
            if (!form)
                tx_die_oom();
            form_len = strlen(form);
        }
    }
    sv_batch b;
    sv_batch_init(&b);
    char err[512];
    if (sv_wire_split(r, body, n, form, form_len, &b, err, sizeof err) != 0) {
        free(form);
        tx_sb_release(&inflated);
        sv_batch_free(&b);
        return refuse(s, c, MHD_HTTP_BAD_REQUEST, &s->st.c.bad_requests, "%s", err);
    }
    free(form);
    const char *test = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Taxonc-Test");
    if (!test)
        test = q->test ? q->test : query(c, "test");
    if (sv_store_ingest(&s->st, r, test, &b, err, sizeof err) != 0) {
        fprintf(stderr, "taxonc: error: %s\n", err);
        sv_batch_free(&b);
        tx_sb_release(&inflated);
        return refuse(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL, "%s", err);
    }
    tx_sb a = TX_SB_INIT;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    switch (r->wire) {
    case SV_W_AMPLITUDE:
        tx_sb_addf(&a, "{\"code\":200,\"events_ingested\":%zu,\"payload_size_bytes\":%zu,"
                       "\"server_upload_time\":%lld}", b.n, q->body.len,
                   (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
        break;
    case SV_W_SEGMENT:
        tx_sb_adds(&a, "{\"success\":true}");
        break;
    case SV_W_MIXPANEL:
    case SV_W_MIXPANEL_ENGAGE:
        tx_sb_adds(&a, verbose ? "{\"status\":1,\"error\":null}" : "1");
        break;
    case SV_W_BRAZE:
        tx_sb_addf(&a, "{\"message\":\"success\",\"attributes_processed\":%zu,"
                       "\"events_processed\":%zu,\"purchases_processed\":%zu}",
                   b.counts[0], b.counts[1], b.counts[2]);
        break;
    }
    sv_batch_free(&b);
    tx_sb_release(&inflated);
    enum MHD_Result rc = answer_json(c, MHD_HTTP_OK, &a);
    tx_sb_release(&a);
    return rc;
}

/* --- the QA API ------------------------------------------------------------ */

typedef struct sse {
    server *s;
    uint64_t since, resets, upd;
    char *test;
    tx_sb pending;
    size_t pos;
} sse;

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    sse *x = cls;
    if (x->pos == x->pending.len) {
        tx_sb_reset(&x->pending);
        x->pos = 0;
        int rc = sv_store_sse(&x->s->st, &x->since, &x->resets, &x->upd, x->test, 4 * SSE_BLOCK,
                              &x->pending, x->s->ping_ms);
        if (rc < 0)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (rc == 0)
            tx_sb_adds(&x->pending, ": ping\n\n");
        if (x->pending.failed)
            tx_die_oom();
    }
    size_t k = x->pending.len - x->pos < max ? x->pending.len - x->pos : max;
    memcpy(buf, x->pending.buf + x->pos, k);
    x->pos += k;
    return (ssize_t)k;
}

static void sse_free(void *cls)
{
    sse *x = cls;
    tx_sb_release(&x->pending);
    free(x->test);
    free(x);
}

static enum MHD_Result stream(server *s, struct MHD_Connection *c)
{
    sse *x = calloc(1, sizeof *x);
    if (!x)
        tx_die_oom();
    x->s = s;
    x->pending = (tx_sb)TX_SB_INIT;
    const char *since = query(c, "since");
    if (!since)
        since = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
    x->since = since ? strtoull(since, NULL, 10) : 0;
    const char *test = query(c, "test");
    x->test = test ? strdup(test) : NULL;
    pthread_mutex_lock(&s->st.mu);
    x->resets = s->st.resets;
    x->upd = s->st.fn.n_upd;
    pthread_mutex_unlock(&s->st.mu);
    tx_sb_adds(&x->pending, "retry: 1000\n\n");
    struct MHD_Response *r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, SSE_BLOCK, sse_read, x, sse_free);
    if (!r) {
        sse_free(x);
        return MHD_NO;
    }
    return queue(c, MHD_HTTP_OK, r, "text/event-stream; charset=utf-8", false);
}

static enum MHD_Result api(server *s, struct MHD_Connection *c, req *q)
{
    tx_sb b = TX_SB_INIT;
    switch (q->kind) {
    case K_SUMMARY:
        sv_store_summary(&s->st, query(c, "test"), &b);
        break;
    case K_FUNNELS: {
        const char *user = query(c, "user");
        if (!user) {
            tx_sb_release(&b);
            return refuse(s, c, MHD_HTTP_BAD_REQUEST, &s->st.c.bad_requests,
                          "/api/funnels needs ?user=ID (a user id, or a device id)");
        }
        sv_fn_user(&s->st, user, query(c, "test"), &b);
        break;
    }
    case K_FN_FINISH:
        sv_fn_finish(&s->st);
        tx_sb_adds(&b, "{\"finished\":true}\n");
        break;
    case K_STATS:
        sv_store_stats(&s->st, &b);
        break;
    case K_RESET:
        sv_store_reset(&s->st);
        tx_sb_adds(&b, "{\"reset\":true}\n");
        break;
    case K_EVENTS: {
        sv_filter f = { .valid = -1, .event = query(c, "event"), .test = query(c, "test") };
        const char *v = query(c, "valid"), *since = query(c, "since"), *lim = query(c, "limit");
        if (v && strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
            tx_sb_release(&b);
            return refuse(s, c, MHD_HTTP_BAD_REQUEST, &s->st.c.bad_requests,
                          "valid= must be true or false, not '%s'", v);
        }
        f.valid = !v ? -1 : strcmp(v, "true") == 0;
        f.since = since ? strtoull(since, NULL, 10) : 0;
        f.limit = lim ? strtoull(lim, NULL, 10) : 0;
        sv_store_events(&s->st, &f, &b);
        break;
    }
    case K_PAGE: {
        tx_sb_release(&b);
        size_t n;
        const char *html = sv_page(&n);
        return answer(c, MHD_HTTP_OK, "text/html; charset=utf-8", html, n);
    }
    default:
        break;
    }
    if (b.failed)
        tx_die_oom();
    enum MHD_Result rc = answer_json(c, MHD_HTTP_OK, &b);
    tx_sb_release(&b);
    return rc;
}

/* --- dispatch ------------------------------------------------------------ */

static const struct {
    const char *path, *method;
    rkind kind;
} api_routes[] = {
    { "/", "GET", K_PAGE },
    { "/index.html", "GET", K_PAGE },
    { "/api/summary", "GET", K_SUMMARY },
    { "/api/events", "GET", K_EVENTS },
    { "/api/stats", "GET", K_STATS },
    { "/api/reset", "POST", K_RESET },
    { "/api/stream", "GET", K_STREAM },
    { "/api/funnels", "GET", K_FUNNELS },
    { "/api/funnels/finish", "POST", K_FN_FINISH },
};

/* The first call for a request: its route, the checks that need no body. */
static enum MHD_Result start(server *s, struct MHD_Connection *c, const char *url,
                             const char *method, void **con_cls)
{
    if (strcmp(method, "OPTIONS") == 0)
        return preflight(c);
    req *q = calloc(1, sizeof *q);
    if (!q)
        tx_die_oom();
    q->body = (tx_sb)TX_SB_INIT;
    *con_cls = q;
    /* /t/ID/PATH: PATH tagged ID, for SDKs that take a base URL and add
     * the path themselves (a base URL cannot carry a query) */
    if (strncmp(url, "/t/", 3) == 0 && url[3] && url[3] != '/' && strchr(url + 3, '/')) {
        const char *slash = strchr(url + 3, '/');
        q->test = strndup(url + 3, (size_t)(slash - url - 3));
        if (!q->test)
            tx_die_oom();
        url = slash;
    }
    q->route = sv_route_find(url);
    if (!q->route && q->test)
        return refuse(s, c, MHD_HTTP_NOT_FOUND, &s->st.c.not_found,
                      "no collector route '%s' after the test prefix", url);
    if (q->route) {
        bool get_ok = q->route->wire == SV_W_MIXPANEL || q->route->wire == SV_W_MIXPANEL_ENGAGE;
        if (strcmp(method, "POST") != 0 && !(get_ok && strcmp(method, "GET") == 0))
            return refuse(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, &s->st.c.bad_requests,
                          "'%s' takes POST, not %s", url, method);
        q->kind = K_INGEST;
    } else {
        size_t i = 0, n = sizeof api_routes / sizeof api_routes[0];
        while (i < n && strcmp(api_routes[i].path, url) != 0)
            i++;
        if (i == n)
            return refuse(s, c, MHD_HTTP_NOT_FOUND, &s->st.c.not_found, "no route '%s'", url);
        if (strcmp(api_routes[i].method, method) != 0)
            return refuse(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, &s->st.c.bad_requests,
                          "'%s' takes %s, not %s", url, api_routes[i].method, method);
        if (!token_ok(s, c))
            return refuse(s, c, MHD_HTTP_UNAUTHORIZED, &s->st.c.unauthorized,
                          "the token is missing or wrong: send 'Authorization: Bearer TOKEN' "
                          "or '?token=TOKEN'");
        q->kind = api_routes[i].kind;
    }
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > s->max_body)
        return refuse(s, c, MHD_HTTP_CONTENT_TOO_LARGE, &s->st.c.too_large,
                      "the body is larger than %zu bytes", s->max_body);
    return MHD_YES;
}

/* The connection's deadline entry (its socket context), or NULL. */
static sv_conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *data_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    req *q = *con_cls;
    if (!q)
        return start(s, c, url, method, con_cls);
    if (*data_size) {
        q->received += *data_size;
        if (q->received > s->max_body) {
            q->too_large = true;
            tx_sb_release(&q->body);
            if (q->received > 4 * s->max_body)
                return MHD_NO;  /* a chunked flood: drop the connection */
        } else {
            tx_sb_add(&q->body, data, *data_size);
            if (q->body.failed)
                tx_die_oom();
        }
        *data_size = 0;
        return MHD_YES;
    }
    /* the request has arrived in full: its answer is not on the clock */
    sv_deadline_answering(s->deadline, conn_of(c));
    if (q->too_large)
        return refuse(s, c, MHD_HTTP_CONTENT_TOO_LARGE, &s->st.c.too_large,
                      "the body is larger than %zu bytes", s->max_body);
    switch (q->kind) {
    case K_INGEST:
        return ingest(s, c, q);
    case K_STREAM:
        return stream(s, c);
    default:
        return api(s, c, q);
    }
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    server *s = cls;
    (void)toe;
    sv_deadline_rearm(s->deadline, conn_of(c));     /* the next request's clock */
    req *q = *con_cls;
    if (q) {
        tx_sb_release(&q->body);
        free(q->test);
        free(q);
        *con_cls = NULL;
    }
}

/* A connection opens or closes: its deadline entry (the socket context).
 * libmicrohttpd calls this with CLOSED before it closes the descriptor. */
static void connection(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode toe)
{
    server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = ci ? sv_deadline_open(s->deadline, ci->connect_fd) : NULL;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        sv_deadline_close(s->deadline, *socket_context);
        *socket_context = NULL;
    }
}

/* --- running ------------------------------------------------------------- */

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) ==
               127;
    const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(a);
}

int sv_run(const val_schema *vs, const val_opts *vo, const sv_opts *o, char *err, size_t errlen)
{
    const char *bind_to = o->bind ? o->bind : "127.0.0.1";
    unsigned port = o->port;
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
    struct sockaddr *sa;
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
    memset(&a4, 0, sizeof a4);
    memset(&a6, 0, sizeof a6);
    if (inet_pton(AF_INET, bind_to, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, bind_to, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        sa = (struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(err, errlen, "invalid address '%s': expected an IPv4 or IPv6 address such as "
                 "127.0.0.1 or 0.0.0.0", bind_to);
        return -1;
    }
    server *s = calloc(1, sizeof *s);
    if (!s)
        tx_die_oom();
    s->o = o;
    s->max_body = o->max_body ? o->max_body : (8u << 20);
    /* an idle stream is a connection like any other: ping at a third of
     * the timeout, or libmicrohttpd closes it and the page reconnects */
    s->ping_ms = (o->timeout ? o->timeout : 10) * 1000u / 3;
    if (sv_store_init(&s->st, vs, vo, o, err, errlen) != 0) {
        free(s);
        return -1;
    }
    /* not on loopback, one address gets at most a quarter of the
     * connections, so one host cannot take them all (on loopback every
     * client is 127.0.0.1: the request deadline is what bounds them there) */
    unsigned conns = o->max_conns ? o->max_conns : 64;
    unsigned per_ip = is_loopback(sa) ? 0 : conns / 4 > 2 ? conns / 4 : 2;
    /* Every thread libmicrohttpd (or the deadline) starts inherits the
     * mask: the signals come to sigwait below, never into a handler
     * mid-request. */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    s->deadline = sv_deadline_start(o->request_timeout ? o->request_timeout : 30, &s->st);
    if (!s->deadline) {
        snprintf(err, errlen, "cannot start the request-timeout thread");
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        sv_store_free(&s->st);
        free(s);
        return -1;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_CONNECTION_LIMIT, conns, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(o->timeout ? o->timeout : 10),
        MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, connection, s, MHD_OPTION_END);
    if (!d) {
        int e = errno;
        snprintf(err, errlen, "cannot listen on %s port %u: %s", bind_to, port,
                 e ? strerror(e) : "the address may be in use");
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        sv_deadline_stop(s->deadline);
        sv_store_free(&s->st);
        free(s);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned actual = info ? info->port : port;
    if (!o->quiet) {
        fprintf(stderr, "taxonc serve: listening on http://%s%s%s:%u/%s\n",
                sa->sa_family == AF_INET6 ? "[" : "", bind_to,
                sa->sa_family == AF_INET6 ? "]" : "", actual,
                s->st.capture ? "" : " (no capture)");
        if (!is_loopback(sa) && !o->token)
            fprintf(stderr, "taxonc: warning: listening on '%s' without --token: anyone who "
                    "can reach this address can read the events and reset the counts\n",
                    bind_to);
        fflush(stderr);
    }
    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;
    sv_store_quit(&s->st);
    MHD_stop_daemon(d);
    sv_deadline_stop(s->deadline);      /* every connection has closed */
    /* The signals stay blocked until the process exits: `timeout` and a
     * terminal send a second SIGTERM/SIGINT to the process group, and
     * unblocking here would let it kill the shutdown half-way (exit 143,
     * the capture not synced). A pending one is discarded at exit. */
    if (!o->quiet) {
        pthread_mutex_lock(&s->st.mu);
        fprintf(stderr, "taxonc serve: stopped (%s): %llu records, %llu invalid\n",
                sig == SIGINT ? "SIGINT" : "SIGTERM", (unsigned long long)s->st.c.records,
                (unsigned long long)s->st.c.events_invalid);
        pthread_mutex_unlock(&s->st.mu);
    }
    sv_store_free(&s->st);
    free(s);
    return 0;
}
