/* Funnel step hits: from the records to the engine (funnels.h).
 *
 * Worker side (val_fn_extract): both checking paths flag a record whose
 * event is a step of some funnel (val_worker.fn_hit, one byte read per
 * event); only such records are read a second time, here, following the
 * profile's key tree (val_spec) to each event object: its name, its
 * properties object, and the profile's identity and time keys (fx_keys).
 * For each step the event is, the step's `where` conditions are checked
 * against the properties, the key (the user, or the key property's value)
 * and the event time are taken (and the device identity, which links the
 * device to the user when both are there), and a val_fhit goes into the
 * chunk's result. Nothing is allocated per record but the key's text.
 *
 * Merge side (val_fn_merge, main thread, input order): the hits go to the
 * run's engine in input order, so the counts and violations are the same
 * for any --jobs; the engine's violations are counted and kept in the
 * result like every other verdict. */
#include "internal.h"
#include "funnels.h"
#include <string.h>

/* --- compiling the funnels (once, with the schema) ------------------------ */

static void compile_cond(tx_arena *a, val_fn_cond *c, const tx_funnel_where *wh)
{
    const char *name = wh->slot->prop->name;
    c->name = name;
    c->len = strlen(name);
    c->kind = (uint8_t)wh->value.kind;
    c->s = wh->value.str;
    c->n = wh->value.len;
    if (c->kind == TX_INTEGER || c->kind == TX_NUMBER) {
        const char *lit = wh->value.num.text ? wh->value.num.text : wh->value.str;
        char *copy = tx_arena_alloc(a, strlen(lit) + 1);
        memcpy(copy, lit, strlen(lit));
        if (!val_dec_parse(copy, strlen(copy), &c->dec))
            c->kind = TX_ANY;  /* cannot match: check refused it already */
    }
    c->b = c->n == 4 && memcmp(c->s, "true", 4) == 0;
}

void val_fn_compile(val_schema *s)
{
    const tx_taxonomy *t = s->t;
    tx_arena *a = s->arena;
    s->fn_ev = tx_arena_alloc(a, s->n_ev + 1);
    s->fn_first = tx_arena_alloc(a, (s->n_ev + 2) * sizeof *s->fn_first);
    size_t total = 0;
    for (size_t f = 0; f < t->n_funnels; f++)
        total += t->funnels[f].n_steps;
    s->fn_refs = tx_arena_alloc(a, (total + 1) * sizeof *s->fn_refs);
    /* grouped by event: count, prefix sums, fill */
    uint32_t *cnt = tx_arena_alloc(a, (s->n_ev + 1) * sizeof *cnt);
    for (size_t f = 0; f < t->n_funnels; f++)
        for (size_t k = 0; k < t->funnels[f].n_steps; k++)
            cnt[t->funnels[f].steps[k].event - t->events]++;
    for (size_t e = 0; e < s->n_ev; e++) {
        s->fn_first[e + 1] = s->fn_first[e] + cnt[e];
        s->fn_ev[e] = cnt[e] != 0;
        cnt[e] = s->fn_first[e];
    }
    for (size_t f = 0; f < t->n_funnels; f++) {
        const tx_funnel *fu = &t->funnels[f];
        for (size_t k = 0; k < fu->n_steps; k++) {
            const tx_funnel_step *st = &fu->steps[k];
            val_fn_ref *r = &s->fn_refs[cnt[st->event - t->events]++];
            r->funnel = (uint32_t)f;
            r->step = (uint32_t)k;
            r->key = fu->key;
            r->key_len = fu->key ? strlen(fu->key) : 0;
            r->n_cond = st->n_where;
            r->cond = tx_arena_alloc(a, (st->n_where + 1) * sizeof *r->cond);
            for (size_t i = 0; i < st->n_where; i++)
                compile_cond(a, &r->cond[i], &st->where[i]);
        }
    }
}

/* --- reading a record (worker) ------------------------------------------- */

/* Where each profile keeps the user id, the device (anonymous) id and the
 * event time, in order of preference; in_props: in the event's
 * properties (Mixpanel), else beside the event name; anon: the prefix of
 * a user id that is an anonymous id (Mixpanel's "$device:X" is device X). */
typedef struct fx_keys {
    const char *user[2], *device[2], *time[3];
    bool in_props;
    const char *anon;
} fx_keys;

static const fx_keys prof_keys[] = {
    [VAL_PROF_AUTO] = { { "user_id" }, { "device_id" }, { "time", "event_time" }, false },
    [VAL_PROF_AMPLITUDE] = { { "user_id" }, { "device_id" }, { "time", "event_time" }, false },
    [VAL_PROF_SEGMENT] = { { "userId" }, { "anonymousId" }, { "timestamp" }, false },
    [VAL_PROF_MIXPANEL] = { { "distinct_id" }, { "$device_id" }, { "time" }, true, "$device:" },
    [VAL_PROF_BRAZE] = { { "external_id" }, { "braze_id" }, { "time" }, false },
    [VAL_PROF_CUSTOM] = { { "user_id", "userId" }, { "device_id", "anonymousId" },
                          { "time", "timestamp", "event_time" }, false },
    [VAL_PROF_SNOWPLOW] = { { "user_id" }, { "domain_userid" },
                            { "derived_tstamp", "dvce_created_tstamp", "collector_tstamp" },
                            false },
};

/* A scalar value as read: 's' string, 'n' number, 't'/'f', 'z' null,
 * 'o' anything else. */
typedef struct fx_val {
    char kind;
    val_str s;
    val_dec d;
} fx_val;

typedef struct fx {             /* one event's facts while its object is read */
    val_str name;
    bool has_name, not_event;
    const char *props;          /* its properties object ('{'), or NULL */
    fx_val user, device, time;
    int time_rank;              /* index of the time key found; 9: none */
} fx;

typedef struct fxw {
    val_worker *w;
    const fx_keys *keys;
    const char *end;
    uint64_t line, rec;
} fxw;

static bool str_is(const val_str *k, const char *s)
{
    return s && strlen(s) == k->n && memcmp(s, k->s, k->n) == 0;
}

static const char *read_val(val_jr *jr, const char *p, const char *end, fx_val *v)
{
    v->kind = 'o';
    if (p >= end)
        return end;
    if (*p == '"') {
        v->kind = 's';
        return val_json_string(jr, p, end, &v->s);
    }
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
        v->kind = 'n';
        return val_json_number(jr, p, end, &v->d);
    }
    if (*p == 't' || *p == 'f' || *p == 'n') {
        char k;
        p = val_json_literal(jr, p, end, &k);
        v->kind = k == 'n' ? 'z' : k;
        return p;
    }
    return val_json_skip(jr, p, end);
}

/* The identity or time key k, if it is one: its value into ev. */
static const char *identity_key(const fx_keys *ks, val_jr *jr, const val_str *k, const char *p,
                                const char *end, fx *ev, bool *taken)
{
    *taken = true;
    for (int i = 0; i < 2; i++) {
        if (str_is(k, ks->user[i]) && ev->user.kind != 's')
            return read_val(jr, p, end, &ev->user);
        if (str_is(k, ks->device[i]) && ev->device.kind != 's')
            return read_val(jr, p, end, &ev->device);
    }
    for (int i = 0; i < 3; i++)
        if (str_is(k, ks->time[i]) && i < ev->time_rank) {
            ev->time_rank = i;
            return read_val(jr, p, end, &ev->time);
        }
    *taken = false;
    return p;
}

/* Snowplow: the event named by "iglu:VENDOR/NAME/jsonschema/M-R-A" is
 * VENDOR/NAME when the taxonomy has it, else NAME. */
static void iglu_name(const val_schema *s, const val_str *v, fx *ev)
{
    if (v->n < 6 || memcmp(v->s, "iglu:", 5) != 0)
        return;
    const char *a = v->s + 5, *e = v->s + v->n;
    const char *s1 = memchr(a, '/', (size_t)(e - a));
    const char *s2 = s1 ? memchr(s1 + 1, '/', (size_t)(e - s1 - 1)) : NULL;
    if (!s2)
        return;
    size_t n = (size_t)(s2 - a);
    ev->has_name = true;
    ev->name = (val_str){ .s = a, .n = n };
    if (val_table_find(&s->events_tab, a, n, val_hash(a, n)) < 0)
        ev->name = (val_str){ .s = s1 + 1, .n = (size_t)(s2 - s1 - 1) };
}

static void fx_emit(fxw *x, fx *ev);

static const char *fx_obj(fxw *x, const char *p, const val_spec *sp, size_t nsp, fx *ev,
                          bool own);

/* A batch: each element an event object of its own, with the facts read
 * so far around it (identity, time) as its defaults. */
static const char *fx_batch(fxw *x, const char *p, const val_spec *hit, const fx *ev)
{
    val_jr *jr = &x->w->jr;
    bool empty, done = false;
    p = val_json_arr_open(jr, p, x->end, &empty);
    while (!empty && !done && !jr->failed) {
        if (*p == '{') {
            fx el = *ev;
            el.has_name = el.not_event = false;
            el.props = NULL;
            p = fx_obj(x, p, hit->kids, hit->n_kids, &el, true);
        } else {
            p = val_json_skip(jr, p, x->end);
        }
        p = val_json_arr_next(jr, p, x->end, &done);
    }
    return p;
}

/* One member's value at p (key k, described by hit or NULL): what the
 * event's facts need of it; returns past the value. */
static const char *fx_member(fxw *x, const char *p, const val_str *k, const val_spec *hit,
                             fx *ev)
{
    val_jr *jr = &x->w->jr;
    const char *end = x->end;
    val_str v;
    if (!hit) {
        bool taken = false;
        const char *q = x->keys->in_props ? p : identity_key(x->keys, jr, k, p, end, ev, &taken);
        return taken ? q : val_json_skip(jr, p, end);
    }
    switch (hit->role) {
    case ROLE_NAME:
        if (*p != '"')
            break;
        ev->has_name = true;
        return val_json_string(jr, p, end, &ev->name);
    case ROLE_IGLU:
        if (*p != '"')
            break;
        p = val_json_string(jr, p, end, &v);
        if (!jr->failed)
            iglu_name(x->w->s, &v, ev);
        return p;
    case ROLE_TYPE:
        if (*p != '"')
            break;
        p = val_json_string(jr, p, end, &v);
        ev->not_event = !val_type_is_event(x->w->prof, v.s, v.n);
        return p;
    case ROLE_PROPS:
        if (*p == '{')
            ev->props = p;
        break;
    case ROLE_OBJ:
        if (*p == '{')
            return fx_obj(x, p, hit->kids, hit->n_kids, ev, false);
        break;
    case ROLE_BATCH:
        if (*p == '[')
            return fx_batch(x, p, hit, ev);
        break;
    default:
        break;
    }
    return val_json_skip(jr, p, end);
}

/* Reads the object at p described by sp; own: it is an event object of
 * its own (the root, a batch element), else its facts are its parent's
 * (a nested object on the way to the event, Snowplow's). */
static const char *fx_obj(fxw *x, const char *p, const val_spec *sp, size_t nsp, fx *ev, bool own)
{
    val_jr *jr = &x->w->jr;
    const char *end = x->end;
    bool empty, done = false;
    p = val_json_obj_open(jr, p, end, &empty);
    while (!empty && !done && !jr->failed) {
        val_str k;
        p = val_json_key(jr, p, end, &k);
        if (jr->failed)
            return end;
        const val_spec *hit = NULL;
        for (size_t i = 0; i < nsp && !hit; i++)
            if (sp[i].len == k.n && memcmp(sp[i].key, k.s, k.n) == 0)
                hit = &sp[i];
        p = fx_member(x, p, &k, hit, ev);
        if (jr->failed)
            return end;
        p = val_json_obj_next(jr, p, end, &done);
    }
    if (own && ev->has_name && !ev->not_event && !jr->failed)
        fx_emit(x, ev);
    return p;
}

/* --- event time ------------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static bool digits(const char *s, size_t n, int64_t *out)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return n > 0;
}

/* Seconds or milliseconds since 1970 (digits ip, fraction fp): a value
 * of 10^11 or more is taken as milliseconds (Amplitude's `time`), less
 * as seconds (Mixpanel's). */
static int64_t epoch_ms(const char *ip, size_t il, const char *fp, size_t fl)
{
    int64_t v;
    if (il > 15 || !digits(ip, il, &v))
        return VAL_FN_NO_TIME;
    if (v >= 100000000000LL)
        return v;
    int64_t ms = 0;
    for (size_t i = 0; i < 3; i++)
        ms = ms * 10 + (i < fl && fp[i] >= '0' && fp[i] <= '9' ? fp[i] - '0' : 0);
    return v * 1000 + ms;
}

/* "YYYY-MM-DD", then optionally "T" or " " and "HH:MM[:SS[.fff]]", then
 * optionally "Z" or "+HH:MM" / "-HHMM" (UTC when absent). */
static int64_t iso_ms(const char *s, size_t n)
{
    int64_t y, mo, d, h = 0, mi = 0, se = 0, ms = 0, off = 0;
    if (n < 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
        !digits(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > 31)
        return VAL_FN_NO_TIME;
    size_t i = 10;
    if (i < n && (s[i] == 'T' || s[i] == ' ')) {
        if (n < i + 6 || s[i + 3] != ':' || !digits(s + i + 1, 2, &h) ||
            !digits(s + i + 4, 2, &mi))
            return VAL_FN_NO_TIME;
        i += 6;
        if (i + 3 <= n && s[i] == ':' && digits(s + i + 1, 2, &se))
            i += 3;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t k = 0;
            for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
                if (k < 3)
                    ms = ms * 10 + (s[i] - '0');
            for (; k < 3; k++)
                ms *= 10;
        }
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        int64_t oh, om = 0;
        if (i + 3 > n || !digits(s + i + 1, 2, &oh))
            return VAL_FN_NO_TIME;
        size_t j = i + 3;
        if (j < n && s[j] == ':')
            j++;
        if (j + 2 <= n && digits(s + j, 2, &om))
            j += 2;
        off = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
        i = j;
    }
    if (i != n)
        return VAL_FN_NO_TIME;
    int64_t sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
    return sec * 1000 + ms;
}

static int64_t time_of(const fx_val *v)
{
    if (v->kind == 'n' && !v->d.neg && v->d.exp == 0)
        return epoch_ms(v->d.ip, v->d.il, v->d.fp, v->d.fl);
    if (v->kind == 's') {
        int64_t d;
        if (digits(v->s.s, v->s.n, &d))
            return epoch_ms(v->s.s, v->s.n, NULL, 0);
        return iso_ms(v->s.s, v->s.n);
    }
    return VAL_FN_NO_TIME;
}

/* --- one event's hits ------------------------------------------------------- */

#define FX_FOUND 32

typedef struct fx_props {       /* the properties the event's steps ask for */
    size_t n;
    val_str name[FX_FOUND];
    fx_val val[FX_FOUND];
} fx_props;

static bool wanted(const val_schema *s, uint32_t ei, const val_str *k)
{
    for (uint32_t r = s->fn_first[ei]; r < s->fn_first[ei + 1]; r++) {
        const val_fn_ref *ref = &s->fn_refs[r];
        if (ref->key && ref->key_len == k->n && memcmp(ref->key, k->s, k->n) == 0)
            return true;
        for (size_t c = 0; c < ref->n_cond; c++)
            if (ref->cond[c].len == k->n && memcmp(ref->cond[c].name, k->s, k->n) == 0)
                return true;
    }
    return false;
}

static void read_props(fxw *x, fx *ev, uint32_t ei, fx_props *fp)
{
    val_jr *jr = &x->w->jr;
    const char *p = ev->props, *end = x->end;
    bool empty, done = false;
    fp->n = 0;
    if (!p)
        return;
    p = val_json_obj_open(jr, p, end, &empty);
    while (!empty && !done && !jr->failed) {
        val_str k;
        p = val_json_key(jr, p, end, &k);
        if (jr->failed)
            return;
        bool taken = false;
        if (x->keys->in_props)
            p = identity_key(x->keys, jr, &k, p, end, ev, &taken);
        if (!taken && fp->n < FX_FOUND && wanted(x->w->s, ei, &k)) {
            fp->name[fp->n] = k;
            p = read_val(jr, p, end, &fp->val[fp->n++]);
        } else if (!taken) {
            p = val_json_skip(jr, p, end);
        }
        if (jr->failed)
            return;
        p = val_json_obj_next(jr, p, end, &done);
    }
}

static const fx_val *prop(const fx_props *fp, const char *name, size_t n)
{
    for (size_t i = 0; i < fp->n; i++)   /* the first one: duplicates are reported elsewhere */
        if (fp->name[i].n == n && memcmp(fp->name[i].s, name, n) == 0)
            return &fp->val[i];
    return NULL;
}

static bool cond_holds(const val_fn_cond *c, const fx_val *v)
{
    if (!v)
        return false;
    switch (c->kind) {
    case TX_STRING:
        return v->kind == 's' && v->s.n == c->n && memcmp(v->s.s, c->s, c->n) == 0;
    case TX_INTEGER:
    case TX_NUMBER:
        return v->kind == 'n' && val_dec_cmp(&v->d, &c->dec) == 0;
    case TX_BOOLEAN:
        return v->kind == (c->b ? 't' : 'f');
    default:
        return false;
    }
}

/* A scalar's text: a string's bytes, a number as written, true/false;
 * false for null, objects, arrays and the empty string. */
static bool scalar_text(const fx_val *v, const char **s, size_t *n)
{
    switch (v ? v->kind : 'o') {
    case 's': *s = v->s.s; *n = v->s.n; return v->s.n > 0;
    case 'n': *s = v->d.raw; *n = v->d.raw_len; return true;
    case 't': *s = "true"; *n = 4; return true;
    case 'f': *s = "false"; *n = 5; return true;
    default: return false;
    }
}

static uint64_t tagged(uint64_t h, uint64_t tag)
{
    uint64_t r = val_mix(h ^ tag, 0x9E3779B97F4A7C15ull);
    return r ? r : 1;
}

uint64_t val_fn_ident(const char *id, size_t n, bool device)
{
    return tagged(val_hash(id, n), device ? 'd' : 'u');
}

/* The event's identity (the user's, else the device's; 0: none) and its
 * device identity (0: none): both set and different, they link. */
static uint64_t identities(const fx_keys *ks, const fx *ev, uint64_t *device)
{
    const char *us, *ds;
    size_t un, dn, an = ks->anon ? strlen(ks->anon) : 0;
    *device = scalar_text(&ev->device, &ds, &dn) ? val_fn_ident(ds, dn, true) : 0;
    if (!scalar_text(&ev->user, &us, &un))
        return *device;
    if (an && un > an && memcmp(us, ks->anon, an) == 0) {
        *device = val_fn_ident(us + an, un - an, true);
        return *device;
    }
    return val_fn_ident(us, un, false);
}

static void fx_emit(fxw *x, fx *ev)
{
    const val_schema *s = x->w->s;
    long ei = val_table_find(&s->events_tab, ev->name.s, ev->name.n,
                             val_hash(ev->name.s, ev->name.n));
    if (ei < 0 || !s->fn_ev[ei])
        return;
    fx_props fp;
    read_props(x, ev, (uint32_t)ei, &fp);
    if (x->w->jr.failed)
        return;
    uint64_t device, ident = identities(x->keys, ev, &device);
    int64_t t = time_of(&ev->time);
    val_cres *cr = x->w->cr;
    for (uint32_t r = s->fn_first[ei]; r < s->fn_first[ei + 1]; r++) {
        const val_fn_ref *ref = &s->fn_refs[r];
        bool ok = true;
        for (size_t c = 0; c < ref->n_cond && ok; c++)
            ok = cond_holds(&ref->cond[c], prop(&fp, ref->cond[c].name, ref->cond[c].len));
        if (!ok)
            continue;
        val_fhit h = { ref->funnel, ref->step, ident != 0, ident, ident, t, x->line, x->rec,
                       NULL, 0, device };
        if (ref->key) {
            const char *ks;
            size_t kn;
            h.has_key = scalar_text(prop(&fp, ref->key, ref->key_len), &ks, &kn);
            if (h.has_key) {    /* its printable form, for a message */
                h.key = tagged(val_hash(ks, kn), 'k');
                const char *shown = val_shown(&x->w->walk.tmp, ks, kn);
                h.txt_n = strlen(shown);
                h.txt = tx_arena_strdup(cr->arena, shown);
            }
        }
        TX_PUSH(cr->arena, cr->fn_hits, h);
    }
}

void val_fn_extract(val_worker *w, const char *rec, size_t n, uint64_t line, uint64_t recno)
{
    fxw x = { w, &prof_keys[w->prof->id], rec + n, line, recno };
    val_jr_begin(&w->jr, rec, n);
    const char *p = val_json_ws(rec, rec + n);
    if (p >= rec + n || *p != '{')
        return;
    fx ev;
    memset(&ev, 0, sizeof ev);
    ev.time_rank = 9;
    fx_obj(&x, p, w->prof->root, w->prof->n_root, &ev, true);
}

/* --- the merge: hits to the engine, violations to the result ---------------- */

static void sink(void *ctx, const val_fn_violation *fv)
{
    val_merge *m = ctx;
    val_result *res = m->res;
    res->code_count[fv->code]++;
    if (m->fail && m->fail[fv->code])
        res->failing++;
    val_violation v = { fv->code, fv->loc.file, fv->loc.line, 1, fv->loc.record, fv->event, "",
                        fv->message, NULL, NULL };
    val_result_keep(res, &v);
    if (m->fn_note)
        m->fn_note(m->fn_note_ctx, fv);
}

void val_fn_merge(val_merge *m, val_result *res, const val_cres *cr, uint64_t bl, uint64_t br,
                  const char *file)
{
    if (!cr->fn_hits.n)
        return;
    if (!res->fn_engine) {      /* at the first hit: a run without any costs nothing */
        m->res = res;
        res->fn_engine = val_fn_new(res->tax, res->funnel_journeys, sink, m);
    }
    for (size_t i = 0; i < cr->fn_hits.n && res->fn_engine; i++) {
        const val_fhit *x = &cr->fn_hits.items[i];
        val_fn_hit h = { x->funnel, x->step, x->has_key, x->ident, x->key, x->txt, x->txt_n,
                         x->time_ms, { file, x->line + bl, x->record + br }, x->device };
        val_fn_feed(res->fn_engine, &h);
    }
}

void val_fn_done(val_result *res)
{
    const tx_taxonomy *t = res->tax;
    if (!t->n_funnels)
        return;
    res->n_funnels = t->n_funnels;
    res->funnels = tx_arena_alloc(res->arena, t->n_funnels * sizeof *res->funnels);
    for (size_t f = 0; f < t->n_funnels; f++)
        res->funnels[f].reached = tx_arena_alloc(res->arena,
                                                 (t->funnels[f].n_steps + 1) * sizeof(uint64_t));
    if (!res->fn_engine)
        return;
    val_fn_finish(res->fn_engine);
    res->funnel_links_forgotten = val_fn_links_forgotten_of(res->fn_engine);
    for (size_t f = 0; f < t->n_funnels; f++) {
        uint64_t *reached = res->funnels[f].reached;
        const val_fn_counts *c = val_fn_counts_of(res->fn_engine, f);
        res->funnels[f] = *c;
        res->funnels[f].reached = reached;
        memcpy(reached, c->reached, t->funnels[f].n_steps * sizeof *reached);
    }
    val_fn_free(res->fn_engine);
    res->fn_engine = NULL;
}
