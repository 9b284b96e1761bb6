/* The SDKs' wire formats: which path speaks which, and how a request body
 * becomes records.
 *
 * A record is one event object in the shape its validator profile reads,
 * compacted onto one line (val_json_compact: tokens as written, white
 * space dropped), which is what the capture stores and what is checked:
 *   Amplitude   each element of "events"
 *   Segment     each element of "batch", or the body of /v1/track etc.
 *               (given its "type" from the path when it has none)
 *   Mixpanel    each event of data= (JSON or base64 JSON; form, query or
 *               JSON body), an object or an array
 *   Braze       {"events":[E]} for each event, {"attributes":[A]} and
 *               {"purchases":[P]} for each of those: the braze profile
 *               reads a /users/track body, one element per record
 * The body must be one JSON text (checked first, so a malformed body is
 * refused whole, nothing of it counted). Names are read from the compact
 * record for the QA API's filters. */
#include "serve.h"
#include "../validators/json.h"
#include <stdlib.h>
#include <string.h>

static const sv_route routes[] = {
    { "/2/httpapi", SV_W_AMPLITUDE, VAL_PROF_AMPLITUDE, NULL, false },
    { "/batch", SV_W_AMPLITUDE, VAL_PROF_AMPLITUDE, NULL, false },
    { "/v1/batch", SV_W_SEGMENT, VAL_PROF_SEGMENT, NULL, true },
    { "/v1/track", SV_W_SEGMENT, VAL_PROF_SEGMENT, "track", false },
    { "/v1/identify", SV_W_SEGMENT, VAL_PROF_SEGMENT, "identify", false },
    { "/v1/page", SV_W_SEGMENT, VAL_PROF_SEGMENT, "page", false },
    { "/v1/screen", SV_W_SEGMENT, VAL_PROF_SEGMENT, "screen", false },
    { "/v1/group", SV_W_SEGMENT, VAL_PROF_SEGMENT, "group", false },
    { "/v1/alias", SV_W_SEGMENT, VAL_PROF_SEGMENT, "alias", false },
    /* the short paths of analytics.js and the mobile SDKs (apiHost + "/b") */
    { "/v1/b", SV_W_SEGMENT, VAL_PROF_SEGMENT, NULL, true },
    { "/v1/t", SV_W_SEGMENT, VAL_PROF_SEGMENT, "track", false },
    { "/v1/i", SV_W_SEGMENT, VAL_PROF_SEGMENT, "identify", false },
    { "/v1/p", SV_W_SEGMENT, VAL_PROF_SEGMENT, "page", false },
    { "/v1/g", SV_W_SEGMENT, VAL_PROF_SEGMENT, "group", false },
    { "/v1/a", SV_W_SEGMENT, VAL_PROF_SEGMENT, "alias", false },
    { "/track", SV_W_MIXPANEL, VAL_PROF_MIXPANEL, NULL, false },
    { "/import", SV_W_MIXPANEL, VAL_PROF_MIXPANEL, NULL, false },
    { "/engage", SV_W_MIXPANEL_ENGAGE, VAL_PROF_MIXPANEL, NULL, false },
    { "/users/track", SV_W_BRAZE, VAL_PROF_BRAZE, NULL, false },
};

const sv_route *sv_route_find(const char *path)
{
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/')     /* "/track/" as "/track" */
        n--;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (strlen(routes[i].path) == n && memcmp(routes[i].path, path, n) == 0)
            return &routes[i];
    return NULL;
}

void sv_batch_init(sv_batch *b)
{
    memset(b, 0, sizeof *b);
    b->buf = (tx_sb)TX_SB_INIT;
}

void sv_batch_free(sv_batch *b)
{
    tx_sb_release(&b->buf);
    free(b->off);
    free(b->len);
    free(b->name_off);
    free(b->name_len);
    memset(b, 0, sizeof *b);
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0'
         : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

size_t sv_url_decode(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            s[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < n + 0 && hexval(s[i + 1]) >= 0 &&
                   hexval(s[i + 2]) >= 0) {
            s[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            s[o++] = s[i];
        }
    }
    return o;
}

/* Standard or URL-safe base64, padding and white space optional, into out
 * (at least n * 3 / 4 + 3 bytes). Returns the length, or -1. */
static long b64_decode(const char *s, size_t n, char *out)
{
    unsigned acc = 0;
    int bits = 0;
    long o = 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i], v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else if (c == '=' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        else
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    return o;
}

/* The string value of a top-level key of the object [rec, rec+n); false
 * when there is none (or it is not a string). */
static bool top_string(val_jr *jr, const char *rec, size_t n, const char *key, val_str *out)
{
    size_t kn = strlen(key);
    const char *end = rec + n;
    val_jr_begin(jr, rec, n);
    const char *p = val_json_ws(rec, end);
    bool empty, done;
    if (p >= end || *p != '{')
        return false;
    p = val_json_obj_open(jr, p, end, &empty);
    while (!jr->failed && !empty) {
        val_str k;
        p = val_json_key(jr, p, end, &k);
        if (jr->failed)
            return false;
        if (k.n == kn && memcmp(k.s, key, kn) == 0 && p < end && *p == '"') {
            val_json_string(jr, p, end, out);
            return !jr->failed;
        }
        p = val_json_skip(jr, p, end);
        p = val_json_obj_next(jr, p, end, &done);
        if (done)
            break;
    }
    return false;
}

typedef struct splitter {
    const sv_route *r;
    sv_batch *b;
    val_jr env, cj;             /* the body's reader; the records' */
    tx_sb tmp;
} splitter;

static void push(sv_batch *b, size_t off, size_t len)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->off = realloc(b->off, b->cap * sizeof *b->off);
        b->len = realloc(b->len, b->cap * sizeof *b->len);
        b->name_off = realloc(b->name_off, b->cap * sizeof *b->name_off);
        b->name_len = realloc(b->name_len, b->cap * sizeof *b->name_len);
        if (!b->off || !b->len || !b->name_off || !b->name_len)
            tx_die_oom();
    }
    b->off[b->n] = off;
    b->len[b->n] = len;
    b->name_len[b->n] = SIZE_MAX;
    b->n++;
}

/* The record [s, s+n) (a JSON value already checked), wrapped as
 * pre + record + post, compacted into the batch; name_key names it (in
 * the record itself). */
static void add_record(splitter *sp, const char *s, size_t n, const char *pre, const char *post,
                       const char *name_key)
{
    sv_batch *b = sp->b;
    tx_sb_reset(&sp->tmp);
    if (val_json_compact(&sp->cj, s, n, &sp->tmp) != 0)
        return;                 /* cannot happen: the body was checked */
    val_str t;
    const char *seg = sp->r->seg_type;
    bool add_type = seg && sp->tmp.len >= 2 && sp->tmp.buf[0] == '{' &&
                    !top_string(&sp->cj, sp->tmp.buf, sp->tmp.len, "type", &t);
    size_t off = b->buf.len;
    tx_sb_adds(&b->buf, pre);
    if (add_type) {
        tx_sb_addf(&b->buf, "{\"type\":\"%s\"%s", seg, sp->tmp.len > 2 ? "," : "");
        tx_sb_add(&b->buf, sp->tmp.buf + 1, sp->tmp.len - 1);
    } else {
        tx_sb_add(&b->buf, sp->tmp.buf, sp->tmp.len);
    }
    tx_sb_adds(&b->buf, post);
    push(b, off, b->buf.len - off);
    /* the name, from the compact value (before any wrapping) */
    val_str nm;
    if (name_key && top_string(&sp->cj, sp->tmp.buf, sp->tmp.len, name_key, &nm)) {
        b->name_off[b->n - 1] = b->buf.len;
        b->name_len[b->n - 1] = nm.n;
        tx_sb_add(&b->buf, nm.s, nm.n);
    }
}

/* Each element of the array at p (or the value itself when it is not an
 * array and one is allowed) as a record. Returns the count, or -1. */
static long each(splitter *sp, const char *p, const char *end, bool single_ok, const char *pre,
                 const char *post, const char *name_key, const char **after)
{
    val_jr *jr = &sp->env;
    if (p >= end)
        return -1;
    if (*p != '[') {
        if (!single_ok || *p != '{')
            return -1;
        const char *q = val_json_skip(jr, p, end);
        add_record(sp, p, (size_t)(q - p), pre, post, name_key);
        *after = q;
        return 1;
    }
    bool empty, done = false;
    long k = 0;
    p = val_json_arr_open(jr, p, end, &empty);
    while (!jr->failed && !empty && !done) {
        const char *q = val_json_skip(jr, p, end);
        if (jr->failed)
            return -1;
        if (*p != '{')
            return -1;          /* an event must be an object */
        add_record(sp, p, (size_t)(q - p), pre, post, name_key);
        k++;
        p = val_json_arr_next(jr, q, end, &done);
    }
    *after = p;
    return jr->failed ? -1 : k;
}

/* The body's top-level object: each of the keys wanted, at its value. */
static int envelope(splitter *sp, const char *body, size_t n, char *err, size_t errlen)
{
    const sv_route *r = sp->r;
    val_jr *jr = &sp->env;
    const char *end = body + n, *p = val_json_ws(body, end);
    bool found = false, empty, done;
    val_jr_begin(jr, body, n);
    if (*p != '{') {
        snprintf(err, errlen, "the body is not a JSON object");
        return -1;
    }
    if (r->wire == SV_W_SEGMENT && !r->batch) {
        add_record(sp, p, (size_t)(val_json_skip(jr, p, end) - p), "", "", "event");
        return 0;
    }
    p = val_json_obj_open(jr, p, end, &empty);
    while (!jr->failed && !empty) {
        val_str k;
        p = val_json_key(jr, p, end, &k);
        if (jr->failed)
            break;
#define IS(lit) (k.n == sizeof lit - 1 && memcmp(k.s, lit, k.n) == 0)
        long got = -2;
        if (r->wire == SV_W_AMPLITUDE && IS("events"))
            got = each(sp, p, end, false, "", "", "event_type", &p);
        else if (r->wire == SV_W_SEGMENT && IS("batch"))
            got = each(sp, p, end, false, "", "", "event", &p);
        else if (r->wire == SV_W_BRAZE && IS("events"))
            got = each(sp, p, end, false, "{\"events\":[", "]}", "name", &p);
        else if (r->wire == SV_W_BRAZE && IS("attributes"))
            got = each(sp, p, end, false, "{\"attributes\":[", "]}", NULL, &p);
        else if (r->wire == SV_W_BRAZE && IS("purchases"))
            got = each(sp, p, end, false, "{\"purchases\":[", "]}", NULL, &p);
        if (got == -1) {
            snprintf(err, errlen, "'%.*s' is not an array of objects", (int)k.n, k.s);
            return -1;
        }
        if (got >= 0) {
            found = true;
            if (r->wire == SV_W_BRAZE)
                sp->b->counts[IS("attributes") ? 0 : IS("events") ? 1 : 2] += (size_t)got;
        } else {
            p = val_json_skip(jr, p, end);
        }
#undef IS
        p = val_json_obj_next(jr, p, end, &done);
        if (done)
            break;
    }
    if (jr->failed) {
        snprintf(err, errlen, "malformed JSON: %s", jr->err_msg);
        return -1;
    }
    if (!found && r->wire != SV_W_BRAZE) {
        snprintf(err, errlen, "the body has no '%s' array",
                 r->wire == SV_W_AMPLITUDE ? "events" : "batch");
        return -1;
    }
    return 0;
}

int sv_wire_split(const sv_route *r, const char *body, size_t n, const char *form,
                  size_t form_len, sv_batch *out, char *err, size_t errlen)
{
    splitter sp = { .r = r, .b = out, .tmp = TX_SB_INIT };
    val_jr_init(&sp.env);
    val_jr_init(&sp.cj);
    char *decoded = NULL;
    int rc = -1;
    if (form) {                 /* mixpanel data=: JSON, or base64 of it */
        const char *q = val_json_ws(form, form + form_len);
        if (q < form + form_len && *q != '{' && *q != '[') {
            decoded = malloc(form_len * 3 / 4 + 4);
            if (!decoded)
                tx_die_oom();
            long k = b64_decode(form, form_len, decoded);
            if (k < 0) {
                snprintf(err, errlen, "data= is neither JSON nor base64");
                goto out;
            }
            form = decoded;
            form_len = (size_t)k;
        }
        body = form;
        n = form_len;
    }
    if (val_json_check(&sp.env, body, n) != 0) {
        snprintf(err, errlen, "malformed JSON: %s", sp.env.err_msg);
        goto out;
    }
    if (r->wire == SV_W_MIXPANEL || r->wire == SV_W_MIXPANEL_ENGAGE) {
        const char *end = body + n, *p = val_json_ws(body, end);
        val_jr_begin(&sp.env, body, n);
        const char *after;
        if (each(&sp, p, end, true, "", "", r->wire == SV_W_MIXPANEL ? "event" : NULL,
                 &after) < 0) {
            snprintf(err, errlen, "the data is not an event object or an array of them");
            goto out;
        }
        rc = 0;
    } else {
        rc = envelope(&sp, body, n, err, errlen);
    }
out:
    if (rc == 0 && out->buf.failed)
        tx_die_oom();
    free(decoded);
    tx_sb_release(&sp.tmp);
    val_jr_free(&sp.env);
    val_jr_free(&sp.cj);
    return rc;
}
