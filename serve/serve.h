/* taxonc serve: a local collector that apps, SDKs and their tests send
 * events to (the public API of serve/, prefix sv_).
 *
 * The wire formats (wire.c) turn a request body into records, each one
 * event object in its profile's shape; the store (store.c) checks them with
 * the validator's live entry point (val_stream, the same code and verdicts
 * as `taxonc validate`), appends them to the capture, keeps the last ones
 * for the QA API and counts everything; http.c puts libmicrohttpd in front
 * of both; page.c is the live page.
 *
 * Ownership: an sv_batch owns its buffers (sv_batch_free); the store owns
 * every kept event. sv_run owns nothing of its arguments. */
#ifndef SV_SERVE_H
#define SV_SERVE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../support/strbuf.h"
#include "../validators/validate.h"

#define SV_DEFAULT_PORT 8737

typedef struct sv_opts {
    const char *bind;           /* address to listen on; NULL: 127.0.0.1 */
    unsigned port;              /* 0: a free port (printed) */
    const char *capture;        /* NDJSON append log, or NULL; "%p" is the profile */
    const char *token;          /* required by the API and the page, or NULL */
    size_t keep;                /* events kept in full; 0: 10,000 */
    size_t keep_bytes;          /* and at most these bytes of them; 0: 256 MiB */
    size_t max_body;            /* request body, decoded; 0: 8 MiB */
    unsigned max_conns;         /* 0: 64 */
    unsigned timeout;           /* idle seconds before a connection is closed; 0: 10 */
    unsigned request_timeout;   /* seconds for a request's headers and body to arrive,
                                 * from the connection's opening or its previous
                                 * request's end; 0: 30 */
    bool quiet;                 /* no banner on stderr */
    size_t funnel_journeys;     /* open journeys per funnel engine; 0: 1,000,000 */
} sv_opts;

/* Serves until SIGINT or SIGTERM, then shuts down cleanly (the capture
 * synced). Returns 0, or -1 with err set (the address is taken, the
 * capture cannot be opened, ...). */
int sv_run(const val_schema *vs, const val_opts *vo, const sv_opts *o, char *err, size_t errlen);

/* --- wire formats (wire.c) --- */

typedef enum sv_wire {
    SV_W_AMPLITUDE,             /* {"api_key", "events": [...]} */
    SV_W_SEGMENT,               /* {"batch": [...]} or one message */
    SV_W_MIXPANEL,              /* data= (JSON or base64), or a JSON body */
    SV_W_MIXPANEL_ENGAGE,       /* profile updates: counted, not events */
    SV_W_BRAZE,                 /* {"attributes", "events", "purchases"} */
} sv_wire;

typedef struct sv_route {
    const char *path;
    sv_wire wire;
    val_profile profile;
    const char *seg_type;       /* segment: the type a message without one has */
    bool batch;                 /* segment: {"batch": [...]} */
} sv_route;

/* The route for a path, or NULL. */
const sv_route *sv_route_find(const char *path);

/* A request's records, compacted to one line each (as the capture holds
 * them), and each one's event name when it has one. */
typedef struct sv_batch {
    tx_sb buf;                  /* the records, back to back */
    size_t n, cap;
    size_t *off, *len;
    size_t *name_off, *name_len;    /* into buf; name_len SIZE_MAX: none */
    size_t counts[3];           /* braze: attributes, events, purchases */
} sv_batch;

void sv_batch_init(sv_batch *b);
void sv_batch_free(sv_batch *b);
/* Splits body into records. form is the body's or the query's data=
 * value for Mixpanel (already URL-decoded), else NULL. Returns 0, or -1
 * with a message in err (the body is malformed or not the route's shape). */
int sv_wire_split(const sv_route *r, const char *body, size_t n, const char *form,
                  size_t form_len, sv_batch *out, char *err, size_t errlen);
/* URL-decodes s in place (+ is a space); returns the new length. */
size_t sv_url_decode(char *s, size_t n);
#endif
