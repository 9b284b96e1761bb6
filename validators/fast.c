/* The fast path: decides that a record is valid, or gives up.
 *
 * Most records of a captured log are valid, and for them the full walk
 * (check.c) does work that only matters when something is wrong: a JSON
 * Pointer stack, key positions for messages, per-key bookkeeping for
 * "property not defined for this event". This walk keeps none of it. It
 * reads the record with the same strict reader and judges values with the
 * same verdict functions as the full walk, and as soon as anything would
 * be reported (or is merely unusual: a batch body, an object-typed value,
 * a deprecated name, two keys with one hash, a union's or a null-typed
 * value other than null, a property that varies by event before the
 * event is known) it returns false without
 * touching the results, and the full walk checks the record from the
 * start. So it can only ever say "valid" for a record the full walk finds
 * no violation in; tests run every log both ways and compare the reports
 * byte for byte, and fuzz_validate does the same on random records.
 * What it learns from records (templates, key predictions, slot caches)
 * lives in the worker's val_fast (internal.h), apart from the walk's. */
#include "internal.h"
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Keys of the objects whose duplicates are found by hash (the record's
 * own keys, user properties, skipped reserved keys): a table of hashes
 * per record, an entry live while its generation is newer than the
 * record's first. */
#define FK_MAX (VAL_FK_SLOTS / 2)

static void fk_begin_record(val_worker *w)
{
    if (w->fast.fk_cur > UINT32_MAX - 2 * VAL_FK_SLOTS) {
        memset(w->fast.fk_gen, 0, sizeof w->fast.fk_gen);
        w->fast.fk_cur = 0;
    }
    w->fast.fk_base = w->fast.fk_cur;
    w->fast.fk_used = 0;
}

/* True when the key hash h was seen before in object g (or may have been:
 * then the full walk decides), or when the record has too many keys. */
static inline bool fk_dup(val_worker *w, uint32_t g, uint64_t h)
{
    if (++w->fast.fk_used > FK_MAX)
        return true;
    size_t i = (size_t)h & (VAL_FK_SLOTS - 1);
    while (w->fast.fk_gen[i] > w->fast.fk_base) {
        if (w->fast.fk_gen[i] == g && w->fast.fk_h[i] == h)
            return true;
        i = (i + 1) & (VAL_FK_SLOTS - 1);
    }
    w->fast.fk_gen[i] = g;
    w->fast.fk_h[i] = h;
    return false;
}

/* The closing quote of a plain string at p (its opening quote): one with
 * no escape, control character or byte >= 0x80 before the quote, which
 * is what log keys and most values are. NULL otherwise, and the general
 * reader takes the string (it decodes, validates UTF-8 and reports).
 * Reads up to VAL_READ_PAST bytes past end: the run loop pads every
 * chunk. */
static inline const char *plain_end(const char *p, const char *end)
{
    const char *q = p + 1;
    for (;;) {
#ifdef __SSE2__
        /* 16 bytes a step: most keys and values end within the first
         * (signed, bytes >= 0x80 are below 0x20) */
        const __m128i quote = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'),
                      sp = _mm_set1_epi8(0x20);
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i ma = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, quote), _mm_cmpeq_epi8(a, bs)),
                                  _mm_cmplt_epi8(a, sp));
        uint32_t mask = (uint32_t)_mm_movemask_epi8(ma);
        if (mask) {
            q += __builtin_ctz(mask);
            return q < end && *q == '"' ? q : NULL;
        }
        q += 16;
#else
        unsigned char c = (unsigned char)*q;
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
            return q < end && c == '"' ? q : NULL;
        q++;
#endif
        if (q >= end)
            return NULL;
    }
}

/* The closing quote of a string at p (its opening quote) with bytes >=
 * 0x80 but no escape or control character, when its UTF-8 is valid (the
 * same test as the reader's), and its length in code points in *cp; NULL
 * otherwise. Such strings are the text of a log (search terms, names),
 * and the general reader would copy them for nothing. */
static __attribute__((noinline)) const char *utf8_end(const char *p, const char *end, size_t *cp)
{
    const char *q = p + 1;
    size_t extra = 0;           /* continuation bytes: not code points */
    while (q < end) {
        unsigned char c = (unsigned char)*q;
        if (c < 0x80) {
            if (c == '"') {
                *cp = (size_t)(q - p - 1) - extra;
                return q;
            }
            if (c == '\\' || c < 0x20)
                return NULL;
            q++;
        } else {
            size_t n = val_utf8_seq(q, end);
            if (!n)
                return NULL;
            q += n;
            extra += n - 1;
        }
    }
    return NULL;
}

/* A key at p: its bytes in ks and kn (decoded when escaped); returns the
 * position of the value, or NULL when the reader failed. */
static inline const char *fast_key(val_worker *w, const char *p, const char *end,
                                   const char **ks, size_t *kn)
{
    const char *q = plain_end(p, end);
    if (q && q[1] == ':' && (unsigned char)q[2] > ' ') {
        *ks = p + 1;
        *kn = (size_t)(q - p - 1);
        return q + 2;
    }
    val_str k;
    p = val_json_key(&w->jr, p, end, &k);
    *ks = k.s;
    *kn = k.n;
    return w->jr.failed ? NULL : p;
}

/* A string value at p, into *s; returns the position after it or NULL. */
static inline __attribute__((always_inline)) const char *fast_string(val_worker *w, const char *p,
                                                                    const char *end, val_str *s)
{
    const char *q = plain_end(p, end);
    if (q) {
        s->s = p + 1;
        s->n = (size_t)(q - p - 1);
        s->ascii = true;
        return q + 1;
    }
    p = val_json_string(&w->jr, p, end, s);
    return w->jr.failed ? NULL : p;
}

/* Object members, the same way in every loop below: fast_first opens the
 * object (1: a member follows, 0: empty, -1: failed); fast_member reads
 * and hashes a key and leaves *pp at its value; fast_more goes past the
 * member's value (1: another member follows, 0: the object closed, -1:
 * the value or the reader failed). */
static inline int fast_first(val_worker *w, const char **pp, const char *end)
{
    const char *p = *pp;
    if (w->jr.depth < w->jr.max_depth && p + 1 < end) {
        if (p[1] == '"') {          /* a key right after the brace */
            w->jr.depth++;
            *pp = p + 1;
            return 1;
        }
        if (p[1] == '}') {
            *pp = p + 2;
            return 0;
        }
    }
    bool empty;
    *pp = val_json_obj_open(&w->jr, p, end, &empty);
    return w->jr.failed ? -1 : !empty;
}

static inline bool fast_member(val_worker *w, const char **pp, const char *end, val_str *k,
                               uint64_t *h)
{
    *pp = fast_key(w, *pp, end, &k->s, &k->n);
    if (!*pp)
        return false;
    *h = val_hash(k->s, k->n);
    return true;
}

static inline int fast_more(val_worker *w, const char **pp, const char *end)
{
    bool done;
    if (!*pp || w->jr.failed)
        return -1;
    *pp = val_json_obj_next(&w->jr, *pp, end, &done);
    return w->jr.failed ? -1 : !done;
}

#define FAST_MAX_PROPS 256

typedef struct fstate {
    long ei;                            /* the event, once looked up; -1 before */
    const val_efast *ef;                /* then its slot */
    bool by_k;                          /* properties checked through its table */
    uint64_t seen_k;                    /* then: bit k, the property at k was there */
    val_str name, type;
    bool has_name, has_type;
    uint32_t stamp;
    uint32_t n_props, n_user;
    uint32_t props[FAST_MAX_PROPS];     /* dictionary indexes, event properties */
    uint32_t user[FAST_MAX_PROPS];      /* user properties */
} fstate;

/* fast_dec's "not decided here". */
#define FAST_UNSURE ((const char *)1)

/* A plain integer, or a decimal when frac, of at most 18 digits at p (the
 * usual count, id or price) against integer bounds, decided exactly:
 * v / 10^f >= lo is v >= lo * 10^f. Returns the position after it, NULL
 * when it is out of bounds, FAST_UNSURE for anything else (exponents,
 * more digits, not a number): then the exact decimals decide. */
static inline const char *fast_dec(const char *p, const char *end, bool frac, bool has_lo,
                                   int64_t lo, bool has_hi, int64_t hi)
{
    static const int64_t pow10[19] = {
        1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
        10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000,
        1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000
    };
    const char *q = p + (*p == '-');
    if (q >= end)
        return FAST_UNSURE;
    int64_t v = 0;
    unsigned nd = 0, f = 0;
    if (*q == '0') {
        q++;
    } else if ((unsigned)(*q - '1') < 9) {
        while (q < end && (unsigned)(*q - '0') < 10 && nd < 18)
            v = v * 10 + (*q++ - '0'), nd++;
    } else {
        return FAST_UNSURE;
    }
    if (q < end && *q == '.' && frac) {
        const char *f0 = ++q;
        while (q < end && (unsigned)(*q - '0') < 10 && nd < 18)
            v = v * 10 + (*q++ - '0'), nd++;
        f = (unsigned)(q - f0);
        if (!f)
            return FAST_UNSURE;
    }
    if (q < end && ((unsigned)(*q - '0') < 10 || *q == '.' || *q == 'e' || *q == 'E'))
        return FAST_UNSURE;
    if (*p == '-')
        v = -v;
    /* |v| < 10^18: a bound that overflows when scaled is beyond every
     * such value */
    int64_t l, h;
    if (has_lo && (__builtin_mul_overflow(lo, pow10[f], &l) ? lo > 0 : v < l))
        return NULL;
    if (has_hi && (__builtin_mul_overflow(hi, pow10[f], &h) ? hi < 0 : v > h))
        return NULL;
    return q;
}

/* The decimal digits at p, up to 8 (SWAR: 8 bytes read at once, which
 * the chunk's padding covers): their count, and their value in *v. */
static inline unsigned digits8(const char *p, const char *end, uint64_t *v)
{
    uint64_t x = val_load64(p);
    /* a digit's high nibble is 3 and stays 3 after adding 6; a carry out
     * of a byte >= 0xFA only reaches bytes after that non-digit */
    uint64_t nd = ((x & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull) |
                  (((x + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) ^ 0x3030303030303030ull);
    unsigned n = nd ? (unsigned)__builtin_ctzll(nd) / 8 : 8;
    if ((size_t)(end - p) < n)
        n = (unsigned)(end - p);
    if (!n)
        return 0;
    /* the n digits as the last of eight, zeros before them, then pairs,
     * fours and eights of digits combined */
    x = (x & 0x0F0F0F0F0F0F0F0Full) << (8 * (8 - n));
    x = (x * 10 + (x >> 8)) & 0x00FF00FF00FF00FFull;
    x = (x * 100 + (x >> 16)) & 0x0000FFFF0000FFFFull;
    *v = (x * 10000 + (x >> 32)) & 0xFFFFFFFFull;
    return n;
}

/* yyyyMMdd: eight digits naming a day of the calendar. */
static inline bool ymd8(const char *s, size_t n)
{
    uint64_t v;
    if (n != 8 || digits8(s, s + 8, &v) != 8)
        return false;
    return tx_date_valid((int)(v / 10000), (int)(v / 100 % 100), (int)(v % 100));
}

/* fast_dec for an event slot's 32-bit bounds (val_hot): numbers of at
 * most 7 integer and 7 fraction digits, so v * 10^f and the bounds
 * scaled by 10^f fit 64 bits; anything longer is FAST_UNSURE. */
static inline const char *fast_dec32(const char *p, const char *end, bool frac, int32_t lo,
                                     int32_t hi)
{
    static const int64_t pow10[8] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000 };
    bool neg = *p == '-';
    const char *q = p + neg;
    uint64_t u, fv;
    unsigned n = digits8(q, end, &u), f = 0;
    /* no digit, eight (maybe more), or a leading zero */
    if (!n || n == 8 || (*q == '0' && n > 1))
        return FAST_UNSURE;
    q += n;
    int64_t v = (int64_t)u;
    if (q < end && *q == '.' && frac) {
        f = digits8(q + 1, end, &fv);
        if (!f || f == 8)
            return FAST_UNSURE;
        q += 1 + f;
        v = v * pow10[f] + (int64_t)fv;
    }
    unsigned char c = (unsigned char)*q;
    if (q < end && ((unsigned)(c - '0') < 10 || c == '.' || c == 'e' || c == 'E'))
        return FAST_UNSURE;
    if (neg)
        v = -v;
    return v >= lo * pow10[f] && v <= hi * pow10[f] ? q : NULL;
}

/* Returns the position after the value, or NULL when the value is not
 * plainly valid. */
static inline const char *fast_value(val_worker *w, const val_type *vt, const char *p,
                                     const char *end);

static __attribute__((noinline)) const char *fast_array(val_worker *w, const val_type *vt,
                                                        const char *p, const char *end)
{
    bool empty, done;
    size_t n = 0;
    if (w->jr.depth < w->jr.max_depth && p + 1 < end && (unsigned char)p[1] > ' ') {
        /* the usual compact array; the reader's functions take the rest */
        p++;
        empty = *p == ']';
        if (empty)
            p++;
        else
            w->jr.depth++;
    } else {
        p = val_json_arr_open(&w->jr, p, end, &empty);
    }
    while (!empty) {
        if (w->jr.failed)
            return NULL;
        p = vt->items ? fast_value(w, vt->items, p, end) : val_json_skip(&w->jr, p, end);
        if (!p || w->jr.failed)
            return NULL;
        n++;
        if (p + 1 < end && *p == ',' && (unsigned char)p[1] > ' ' && p[1] != ']') {
            p++;
            continue;
        }
        if (p < end && *p == ']') {
            w->jr.depth--;
            p++;
            break;
        }
        p = val_json_arr_next(&w->jr, p, end, &done);
        if (done)
            break;
    }
    if (w->jr.failed || (vt->max_items >= 0 && n > (size_t)vt->max_items) ||
        (vt->min_items >= 0 && n < (size_t)vt->min_items))
        return NULL;
    return p;
}

static __attribute__((noinline)) const char *fast_number(val_worker *w, const val_type *vt,
                                                         const char *p, const char *end)
{
    val_dec d;
    p = val_json_number(&w->jr, p, end, &d);
    if (w->jr.failed)
        return NULL;
    if (vt->base == TX_INTEGER) {
        if ((d.fl || d.exp) && !val_dec_is_integer(&d))
            return NULL;
    } else if (vt->base != TX_NUMBER) {
        return NULL;
    }
    return val_number_verdict(vt, &d) ? NULL : p;
}

static __attribute__((noinline)) const char *fast_value_any(val_worker *w, const val_type *vt,
                                                           const char *p, const char *end)
{
    if (vt->base == TX_ANY) {   /* every value: only the reader can object */
        p = val_json_skip(&w->jr, p, end);
        return w->jr.failed ? NULL : p;
    }
    /* null and unions fall through: no base below is theirs, so they give
     * up on every value but null where null is allowed */
    switch (*p) {
    case '"': {
        if (vt->base != TX_STRING)
            return NULL;
        val_str s;
        p = fast_string(w, p, end, &s);
        if (!p)
            return NULL;
        switch (vt->str_kind) {
        case VAL_SK_NONE:
            return p;
        case VAL_SK_ENUM:
            return val_enum_has(vt, &s) ? p : NULL;
        case VAL_SK_YMD:
            return ymd8(s.s, s.n) ? p : NULL;
        case VAL_SK_UUID:
            return tx_format_check(vt->t, s.s, s.n) ? p : NULL;
        case VAL_SK_SRE: {
            int sm = val_sre_match(vt->sre, s.s, s.n);
            if (sm != VAL_SRE_UNSURE)
                return sm == VAL_SRE_MATCH ? p : NULL;
            break;
        }
        case VAL_SK_LEN:
            if (s.ascii)
                return (vt->max_len < 0 || s.n <= (size_t)vt->max_len) &&
                               (vt->min_len < 0 || s.n >= (size_t)vt->min_len)
                           ? p
                           : NULL;
            break;
        }
        int rc;
        size_t cp;
        return val_string_verdict(w, vt, &s, &rc, &cp) ? NULL : p;
    }
    case '[':
        return vt->base == TX_ARRAY ? fast_array(w, vt, p, end) : NULL;
    case '{':
        return NULL;            /* object-typed values: the full walk */
    case 't': case 'f': case 'n': {
        char lit = *p;
        size_t len = lit == 'f' ? 5 : 4;
        if ((size_t)(end - p) >= len &&
            memcmp(p, lit == 't' ? "true" : lit == 'f' ? "false" : "null", len) == 0)
            p += len;
        else
            return NULL;        /* not a literal: the full walk reports it */
        if (lit == 'n')
            return vt->nullable ? p : NULL;
        return vt->base == TX_BOOLEAN && !vt->n_enum ? p : NULL;
    }
    default: {
        if (!vt->n_enum && (vt->base == TX_INTEGER || vt->base == TX_NUMBER) &&
            (vt->min_i64 || !vt->has_min) && (vt->max_i64 || !vt->has_max)) {
            const char *q = fast_dec(p, end, vt->base == TX_NUMBER, vt->has_min, vt->min_i,
                                     vt->has_max, vt->max_i);
            if (q != FAST_UNSURE)
                return q;
        }
        return fast_number(w, vt, p, end);
    }
    }
}

/* The commonest values inline in the property loops (a plain string with
 * no constraint or an enum); everything else out of line. */
static inline __attribute__((always_inline)) const char *
fast_value(val_worker *w, const val_type *vt, const char *p, const char *end)
{
    if (*p == '"' && vt->base == TX_STRING && vt->str_kind <= VAL_SK_ENUM) {
        const char *q = plain_end(p, end);
        if (q) {
            val_str s;
            s.s = p + 1;
            s.n = (size_t)(q - p - 1);
            return vt->str_kind == VAL_SK_NONE || val_enum_has(vt, &s) ? q + 1 : NULL;
        }
    }
    return fast_value_any(w, vt, p, end);
}

/* An array of plain strings at p, written compactly, of at most max
 * items; NULL when it is anything else (fast_value_any then reads it
 * the general way). */
static inline const char *fast_strs(const val_worker *w, const char *p, const char *end,
                                    uint32_t max)
{
    if (w->jr.depth >= w->jr.max_depth || p + 1 >= end)
        return NULL;
    p++;
    if (*p == ']')
        return p + 1;
    for (uint32_t n = 1;; n++) {
        const char *q = *p == '"' ? plain_end(p, end) : NULL;
        if (!q || n > max || q + 2 >= end)
            return NULL;
        if (q[1] == ']')
            return q + 2;
        if (q[1] != ',')
            return NULL;
        p = q + 2;
    }
}

/* A string of n code points meets a VAL_HK_LEN slot's bounds (-1: none). */
static inline bool hot_len_ok(const val_hot *h, size_t n)
{
    return (h->u.b.hi < 0 || n <= (size_t)h->u.b.hi) && (h->u.b.lo < 0 || n >= (size_t)h->u.b.lo);
}

/* fast_slot_value's string that is not plain ASCII: UTF-8 text for the
 * kinds it can decide (no constraint, enum, length in code points), else
 * FAST_UNSURE (escapes, and the formats and patterns, which ASCII values
 * meet: the general reader decodes and judges). */
static __attribute__((noinline)) const char *fast_text(const val_hot *h, const val_type *vt,
                                                       const char *p, const char *end)
{
    size_t cp;
    const char *q;
    if ((h->kind != VAL_HK_STR && h->kind != VAL_HK_ENUM && h->kind != VAL_HK_LEN) ||
        !(q = utf8_end(p, end, &cp)))
        return FAST_UNSURE;
    switch (h->kind) {
    case VAL_HK_STR:
        return q + 1;
    case VAL_HK_ENUM:   /* no escape: the bytes are the decoded value */
        return val_etab_has(h->u.etab, h->mask, vt, p + 1, (size_t)(q - p - 1)) ? q + 1 : NULL;
    default:
        return hot_len_ok(h, cp) ? q + 1 : NULL;
    }
}

/* A property's value through its event slot: the usual kinds decided from
 * the slot's copy of the type (val_hot), the rest from the type. */
static inline __attribute__((always_inline)) const char *
fast_slot_value(val_worker *w, const val_epslot *sl, const char *p, const char *end)
{
    const val_hot *h = &sl->hot;
    switch (*p) {
    case '"':
        if (h->kind >= VAL_HK_STR && h->kind <= VAL_HK_LEN) {
            const char *q = plain_end(p, end);
            if (!q) {
                q = fast_text(h, sl->type, p, end);
                if (q == FAST_UNSURE)
                    break;
                return q;
            }
            const char *v = p + 1;
            size_t n = (size_t)(q - v);
            switch (h->kind) {
            case VAL_HK_STR:
                return q + 1;
            case VAL_HK_ENUM:
                return val_etab_has(h->u.etab, h->mask, sl->type, v, n) ? q + 1 : NULL;
            case VAL_HK_YMD:
                return ymd8(v, n) ? q + 1 : NULL;
            case VAL_HK_UUID:
                return tx_uuid_valid(v, n) ? q + 1 : NULL;
            case VAL_HK_SRE: {
                int m = val_sre_match(h->u.sre, v, n);
                if (m != VAL_SRE_UNSURE)
                    return m == VAL_SRE_MATCH ? q + 1 : NULL;
                break;
            }
            default:            /* VAL_HK_LEN: ASCII, so bytes are code points */
                return hot_len_ok(h, n) ? q + 1 : NULL;
            }
        }
        break;
    case 't':
    case 'f':
        if (h->kind == VAL_HK_BOOL) {
            if (end - p >= 4 && memcmp(p, "true", 4) == 0)
                return p + 4;
            if (end - p >= 5 && memcmp(p, "false", 5) == 0)
                return p + 5;
        }
        break;
    case 'n':
        if (end - p >= 4 && memcmp(p, "null", 4) == 0)
            return h->flags & VAL_HF_NULL ? p + 4 : NULL;
        break;
    case '[':
        if (h->kind == VAL_HK_STRS) {
            const char *q = fast_strs(w, p, end, h->mask);
            if (q)
                return q;
        }
        break;
    default:
        if (h->kind == VAL_HK_INT || h->kind == VAL_HK_NUM) {
            const char *q = fast_dec32(p, end, h->kind == VAL_HK_NUM, h->u.b.lo, h->u.b.hi);
            if (q != FAST_UNSURE)
                return q;
        }
        break;
    }
    return fast_value_any(w, sl->type, p, end);
}

static inline const val_epslot *ev_find(const val_schema *s, const val_efast *ef,
                                        const char *ks, size_t kn, uint64_t h)
{
    size_t i = (size_t)h & ef->pmask;
    for (;;) {
        const val_epslot *sl = &ef->ptab[i];
        if (!sl->prop1)
            return NULL;
        if (sl->hash == h &&
            (kn <= VAL_EP_NAME ? sl->len == kn && val_eq(sl->key + 1, ks, kn)
                      : sl->len == VAL_EP_LONG && s->props[sl->prop1 - 1].len == kn &&
                            val_eq(s->props[sl->prop1 - 1].name, ks, kn)))
            return sl;
        i = (i + 1) & ef->pmask;
    }
}

/* The first len bytes (at most 32) at a and b are equal; reads 32 bytes
 * from each (the chunk's padding and the buffers' slack cover them). */
static inline bool eq32(const char *a, const char *b, unsigned len)
{
#ifdef __SSE2__
    __m128i x = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)a),
                               _mm_loadu_si128((const __m128i *)(const void *)b));
    __m128i y = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(a + 16)),
                               _mm_loadu_si128((const __m128i *)(const void *)(b + 16)));
    uint32_t eq = (uint32_t)_mm_movemask_epi8(x) | (uint32_t)_mm_movemask_epi8(y) << 16;
    return (~eq & (uint32_t)((1ull << len) - 1)) == 0;
#else
    return memcmp(a, b, len) == 0;
#endif
}

/* eq32 for len <= 16, reading 16 bytes. */
static inline bool eq16(const char *a, const char *b, unsigned len)
{
#ifdef __SSE2__
    uint32_t eq = (uint32_t)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)a),
                       _mm_loadu_si128((const __m128i *)(const void *)b)));
    return (~eq & ((1u << len) - 1)) == 0;
#else
    return memcmp(a, b, len) == 0;
#endif
}

/* True when the key at p is t, `"key":` (len bytes, at most 32, with 32
 * readable bytes at t) byte for byte, and a value follows without
 * whitespace. */
static inline bool key_eq(const char *t, unsigned len, const char *p)
{
    return eq32(p, t, len) && (unsigned char)p[len] > ' ';
}

/* True when the key at p is the property of slot sl, `"name":` byte for
 * byte, and a value follows without whitespace; never for a slot whose
 * key[0] is 0. */
static inline bool slot_key(const val_epslot *sl, const char *p)
{
    unsigned len = sl->len;
    return len <= VAL_EP_NAME && eq32(p, sl->key, len + 3) && (unsigned char)p[len + 3] > ' ';
}

/* The event's properties object. With ef (the event is known and has a
 * table of its own) keys are found in that table and duplicates and
 * required properties are bits of seen_k; without, keys are found in the
 * dictionary, duplicates by the worker's stamps, and whether the event
 * carries them is settled at the end (val_fast_record). */
static const char *fast_props(val_worker *w, fstate *ev, const val_efast *ef, const char *p,
                              const char *end)
{
    const val_schema *s = w->s;
    uint32_t g = ++w->fast.fk_cur;   /* for skipped reserved keys */
    uint64_t seen = 0;
    /* Successor prediction, but not where reserved keys are skipped
     * first (a property may share a reserved name). */
    uint16_t *succ = ef && !w->prof->mixpanel_reserved ? w->fast.succ + ef->base + ev->ei : NULL;
    unsigned prev = 0;          /* succ entry: 0 before the first key, else k + 1 */
    const val_epslot *last = NULL;  /* the property before, when found by its slot */
    int more = fast_first(w, &p, end);
    while (more > 0) {
        const val_epslot *sl = NULL;
        if (succ) {
            /* The next property in the event's declared order; else the
             * key that followed last time when that was another (logs
             * written in another order); else one of the few after the
             * next (optional properties come and go). */
            unsigned j = last ? last->next1 : ef->first1;
            if (j && slot_key(&ef->ptab[j - 1], p)) {
                sl = &ef->ptab[j - 1];
            } else {
                unsigned g1 = succ[prev];
                if (g1 && g1 != j && slot_key(&ef->ptab[g1 - 1], p)) {
                    sl = &ef->ptab[g1 - 1];
                } else if (j) {
                    j = ef->ptab[j - 1].next1;
                    for (int tries = 0; j && tries < 3; tries++) {
                        if (j != g1 && slot_key(&ef->ptab[j - 1], p)) {
                            sl = &ef->ptab[j - 1];
                            succ[prev] = (uint16_t)j;
                            break;
                        }
                        j = ef->ptab[j - 1].next1;
                    }
                }
            }
            if (sl)
                p += sl->len + 3;
        }
        if (!sl) {
            val_str k;
            uint64_t h;
            if (!fast_member(w, &p, end, &k, &h))
                return NULL;
            if (w->prof->mixpanel_reserved && val_mixpanel_reserved(&k)) {
                if (fk_dup(w, g, h))
                    return NULL;
                p = val_json_skip(&w->jr, p, end);
                more = fast_more(w, &p, end);
                continue;
            }
            if (!ef) {
                long pi = val_table_find(&s->props_tab, k.s, k.n, h);
                /* a property that varies by event: its type is not known
                 * before the event is */
                if (pi < 0 || w->seen[pi] == ev->stamp || s->props[pi].deprecated ||
                    s->props[pi].varies || ev->n_props == FAST_MAX_PROPS)
                    return NULL;
                w->seen[pi] = ev->stamp;
                ev->props[ev->n_props++] = (uint32_t)pi;
                p = fast_value(w, s->props[pi].type, p, end);
                more = fast_more(w, &p, end);
                continue;
            }
            sl = ev_find(s, ef, k.s, k.n, h);
            if (!sl || sl->deprecated)
                return NULL;
            if (succ)
                succ[prev] = (uint16_t)(sl - ef->ptab + 1);
        }
        /* the property at sl, p at its value: one place, so the value's
         * checks are inlined once */
        if ((seen >> sl->k) & 1)
            return NULL;
        seen |= 1ull << sl->k;
        prev = sl->k + 1u;
        last = sl;
        p = fast_slot_value(w, sl, p, end);
        /* the usual next key at once: the slot's check returns NULL on any
         * failure, never a position with the reader failed */
        if (p && p + 1 < end && p[0] == ',' && p[1] == '"') {
            p++;
            continue;
        }
        more = fast_more(w, &p, end);
    }
    if (ef) {
        ev->by_k = true;
        ev->seen_k = seen;
    }
    return more < 0 ? NULL : p;
}

/* The event named name, when the taxonomy has it and it is not
 * deprecated; NULL otherwise. */
static const val_efast *find_event(const val_schema *s, const val_str *name)
{
    uint64_t h = val_hash(name->s, name->n);
    for (size_t i = (size_t)h & s->efmask;; i = (i + 1) & s->efmask) {
        const val_efast *f = &s->efast[i];
        if (!f->ei1)
            return NULL;
        if (f->hash == h &&
            (name->n <= VAL_EF_HEAD
                 ? f->len == name->n && val_eq(f->head, name->s, name->n)
                 : f->len == 0xFFFF && s->ev[f->ei1 - 1].len == name->n &&
                       val_eq(s->ev[f->ei1 - 1].name, name->s, name->n)))
            return f->deprecated ? NULL : f;
    }
}

/* Looks the event up once, into ev; false when it is not there. */
static inline bool fast_event(const val_schema *s, fstate *ev)
{
    if (ev->ei < 0) {
        ev->ef = find_event(s, &ev->name);
        if (!ev->ef)
            return false;
        ev->ei = (long)ev->ef->ei1 - 1;
    }
    return true;
}

static const char *fast_user(val_worker *w, fstate *ev, const char *p, const char *end)
{
    const val_schema *s = w->s;
    uint32_t g = ++w->fast.fk_cur;
    unsigned pos = 0;
    int more = fast_first(w, &p, end);
    for (; more > 0; more = fast_more(w, &p, end), pos++) {
        uint32_t pi;
        uint64_t h;
        if (pos < VAL_UKEYS && w->fast.ukey_len[pos] &&
            key_eq(w->fast.ukey[pos], w->fast.ukey_len[pos], p)) {
            /* the same user property as at this position last time */
            pi = w->fast.ukey_pi[pos];
            h = w->fast.ukey_hash[pos];
            p += w->fast.ukey_len[pos];
        } else {
            val_str k;
            const char *key_at = p;
            if (!fast_member(w, &p, end, &k, &h))
                return NULL;
            long f = val_table_find(&s->props_tab, k.s, k.n, h);
            if (f < 0 || !s->props[f].is_user) {
                if ((w->prof->user_ops && k.n && k.s[0] == '$' && *p == '{') || s->n_user ||
                    fk_dup(w, g, h))
                    return NULL;    /* $set objects, or not a user property */
                p = val_json_skip(&w->jr, p, end);
                continue;
            }
            pi = (uint32_t)f;
            if (s->props[pi].deprecated)
                return NULL;
            if (pos < VAL_UKEYS && k.s == key_at + 1 && k.n + 3 <= VAL_TPL_KEY &&
                key_at[k.n + 1] == '"' && key_at[k.n + 2] == ':') {
                memcpy(w->fast.ukey[pos], key_at, k.n + 3);
                w->fast.ukey_len[pos] = (uint8_t)(k.n + 3);
                w->fast.ukey_pi[pos] = pi;
                w->fast.ukey_hash[pos] = h;
            }
        }
        if (fk_dup(w, g, h) || ev->n_user == FAST_MAX_PROPS)
            return NULL;
        ev->user[ev->n_user++] = pi;
        p = fast_value(w, s->props[pi].type, p, end);
    }
    return more < 0 ? NULL : p;
}

/* Notes a top-level key for the template: key_at is its opening quote. */
static inline void tpl_learn(val_worker *w, const char *key_at, const val_str *k,
                             const val_spec *sp, uint64_t h)
{
    if (w->fast.lrn_n == VAL_TPL_MAX || k->s != key_at + 1 || k->n + 4 > VAL_TPL_KEY ||
        key_at[k->n + 1] != '"' || key_at[k->n + 2] != ':') {
        w->fast.lrn_ok = false;      /* escaped, spaced or long keys: no template */
        return;
    }
    unsigned i = w->fast.lrn_n++;
    w->fast.lrn_at[i] = key_at;
    w->fast.lrn_klen[i] = (uint8_t)(k->n + 3);
    w->fast.lrn_sp[i] = sp;
    w->fast.lrn_hash[i] = h;
}

/* After a valid record: its top-level keys become the template, each
 * with the byte that comes before it in a compact record ('{' for the
 * first, ',' for the others). Some keys may be the old template's own
 * bytes, so the new one is built aside first. */
static void tpl_commit(val_worker *w)
{
    char bytes[sizeof w->fast.tpl_bytes];
    size_t off = 0;
    for (unsigned i = 0; i < w->fast.lrn_n; i++) {
        bytes[off] = i ? ',' : '{';
        memcpy(bytes + off + 1, w->fast.lrn_at[i], w->fast.lrn_klen[i]);
        w->fast.tpl_off[i] = (uint16_t)off;
        w->fast.tpl_klen[i] = (uint8_t)(w->fast.lrn_klen[i] + 1);
        w->fast.tpl_sp[i] = w->fast.lrn_sp[i];
        w->fast.tpl_role[i] = (uint8_t)(w->fast.lrn_sp[i] ? w->fast.lrn_sp[i]->role : ROLE_NONE);
        w->fast.tpl_hash[i] = w->fast.lrn_hash[i];
        off += w->fast.lrn_klen[i] + 1u;
    }
    memcpy(w->fast.tpl_bytes, bytes, off);
    w->fast.tpl_n = w->fast.lrn_n;
}

static const char *fast_walk(val_worker *w, fstate *ev, const val_spec *spec, size_t n_spec,
                             const char *p, const char *end);

/* The value of a member whose key has role sp (NULL: none) at p; returns
 * the position after it, or NULL. */
static inline __attribute__((always_inline)) const char *
fast_role(val_worker *w, fstate *ev, unsigned role, const val_spec *sp, const char *p,
          const char *end)
{
    switch (role) {
    case ROLE_NONE:
        if (*p == '"') {
            const char *q = plain_end(p, end);
            return q ? q + 1 : val_json_string(&w->jr, p, end, NULL);
        }
        return val_json_skip(&w->jr, p, end);
    case ROLE_NAME:
    case ROLE_TYPE:
        if (*p != '"')
            return NULL;
        if (role == ROLE_TYPE) {
            ev->has_type = true;
            return fast_string(w, p, end, &ev->type);
        }
        p = fast_string(w, p, end, &ev->name);
        if (!p)
            return NULL;
        ev->has_name = true;
        /* Look the event up now and fetch its property table while the
         * keys before the properties are read: the tables of 200 events
         * do not stay in the cache. */
        if (fast_event(w->s, ev)) {
            const val_efast *ef = ev->ef;
            /* tables have 4, 8, 16 or more slots: the first 32 at most,
             * without a loop */
            const val_epslot *t = ef->ptab;
#define PF4(i)                                                              \
    (__builtin_prefetch(t + (i)), __builtin_prefetch(t + (i) + 1),          \
     __builtin_prefetch(t + (i) + 2), __builtin_prefetch(t + (i) + 3))
            switch (t ? ef->pmask : 0) {
            default:
                PF4(16), PF4(20), PF4(24), PF4(28);
                /* fall through */
            case 15:
                PF4(8), PF4(12);
                /* fall through */
            case 7:
                PF4(4);
                /* fall through */
            case 3:
                PF4(0);
                /* fall through */
            case 0:
                break;
            }
#undef PF4
            __builtin_prefetch(w->fast.succ + ef->base + ev->ei);
        }
        return p;
    case ROLE_PROPS:
        if (*p != '{')
            return NULL;
        if (ev->has_name) {             /* the usual order: the event is known */
            if (!fast_event(w->s, ev))
                return NULL;
            return fast_props(w, ev, ev->ef->ptab ? ev->ef : NULL, p, end);
        }
        return fast_props(w, ev, NULL, p, end);
    case ROLE_USER:
        return *p == '{' ? fast_user(w, ev, p, end) : NULL;
    case ROLE_OBJ:
        if (*p == '{')
            return fast_walk(w, ev, sp->kids, sp->n_kids, p, end);
        return *p == 'n' ? val_json_skip(&w->jr, p, end) : NULL;  /* the walk reports it */
    case ROLE_BATCH:
    case ROLE_ATTRS:
    default:
        return NULL;
    }
}

/* One event object described by spec (the profile's key tree). */
static const char *fast_walk(val_worker *w, fstate *ev, const val_spec *spec, size_t n_spec,
                             const char *p, const char *end)
{
    uint32_t g = ++w->fast.fk_cur;
    bool root = spec == w->prof->root;
    bool by_hash = root && w->fast.root_by_hash;
    uint64_t lenmask = 0;
    if (!by_hash)
        for (size_t i = 0; i < n_spec; i++)
            lenmask |= 1ull << (spec[i].len & 63);
    unsigned ti = 0;            /* top-level keys that followed the template */
    bool tpl = root && w->fast.tpl_n;
    if (root) {
        w->fast.lrn_n = 0;
        w->fast.lrn_ok = true;
        w->fast.lrn_new = !tpl;
    }
    int more;
    if (tpl && w->jr.depth < w->jr.max_depth) {
        /* The template's keys in order, each with the byte before it ('{'
         * or ','), one comparison a key; the loop below takes over at the
         * first that differs. */
        w->jr.depth++;
        for (; ti < w->fast.tpl_n; ti++) {
            unsigned len = w->fast.tpl_klen[ti];
            const char *t = w->fast.tpl_bytes + w->fast.tpl_off[ti];
            if (!(len <= 16 ? eq16(p, t, len) : eq32(p, t, len)) || (unsigned char)p[len] <= ' ')
                break;
            p = fast_role(w, ev, w->fast.tpl_role[ti], w->fast.tpl_sp[ti], p + len, end);
            if (!p || w->jr.failed)
                return NULL;
        }
        if (ti) {
            more = fast_more(w, &p, end);
        } else {
            w->jr.depth--;
            more = fast_first(w, &p, end);
        }
    } else {
        more = fast_first(w, &p, end);
    }
    for (; more > 0; more = fast_more(w, &p, end)) {
        if (tpl) {
            /* Off the template: the keys so far join the duplicate check,
             * and what a commit would learn starts with them. */
            tpl = false;
            w->fast.lrn_new = true;
            for (unsigned j = 0; j < ti; j++) {
                if (fk_dup(w, g, w->fast.tpl_hash[j]))
                    return NULL;
                w->fast.lrn_at[j] = w->fast.tpl_bytes + w->fast.tpl_off[j] + 1;
                w->fast.lrn_klen[j] = (uint8_t)(w->fast.tpl_klen[j] - 1);
                w->fast.lrn_sp[j] = w->fast.tpl_sp[j];
                w->fast.lrn_hash[j] = w->fast.tpl_hash[j];
            }
            w->fast.lrn_n = (uint8_t)ti;
        }
        const val_spec *sp = NULL;
        val_str k;
        uint64_t h;
        const char *key_at = p;
        if (!fast_member(w, &p, end, &k, &h) || fk_dup(w, g, h))
            return NULL;
        if (by_hash) {
            unsigned i = w->fast.root_idx[h >> 58];
            if (i && w->fast.root_hash[i - 1] == h && spec[i - 1].len == k.n &&
                val_eq(spec[i - 1].key, k.s, k.n))
                sp = &spec[i - 1];
        } else if (lenmask & (1ull << (k.n & 63)))
            for (size_t i = 0; i < n_spec; i++)
                if (spec[i].len == k.n && val_eq(spec[i].key, k.s, k.n)) {
                    sp = &spec[i];
                    break;
                }
        if (root)
            tpl_learn(w, key_at, &k, sp, h);
        p = fast_role(w, ev, sp ? sp->role : ROLE_NONE, sp, p, end);
    }
    return more < 0 ? NULL : p;
}

void val_fast_init(val_worker *w)
{
    const val_prof *pr = w->prof;
    w->fast.root_by_hash = pr->n_root <= VAL_ROOT_MAX;
    for (size_t i = 0; i < pr->n_root && w->fast.root_by_hash; i++) {
        uint64_t h = val_hash(pr->root[i].key, pr->root[i].len);
        if (w->fast.root_idx[h >> 58])
            w->fast.root_by_hash = false;    /* two keys share a slot: compare them all */
        w->fast.root_idx[h >> 58] = (uint8_t)(i + 1);
        w->fast.root_hash[i] = h;
    }
}

/* Starts a record at p (its '{') for fast_walk. */
static void fast_start(val_worker *w, fstate *ev, const char *rec, size_t n)
{
    val_jr_begin(&w->jr, rec, n);
    fk_begin_record(w);
    ev->ei = -1;
    ev->by_k = false;
    ev->has_name = ev->has_type = false;
    ev->n_props = ev->n_user = 0;
    if (++w->stamp == 0) {
        memset(w->seen, 0, (w->s->n_props + 1) * sizeof *w->seen);
        w->stamp = 1;
    }
    ev->stamp = w->stamp;
}

/* After fast_walk read the whole record [rec, rec+n): the checks that
 * need all of it, then, if it is valid, what the full walk would have
 * counted. False (nothing counted) when the full walk must check it. */
static bool fast_finish(val_worker *w, fstate *ev, const char *rec, size_t n)
{
    const val_schema *s = w->s;
    if (!ev->has_name)
        return false;
    bool learn = w->fast.lrn_new && w->fast.lrn_ok;
    if (ev->has_type && !val_type_is_event(w->prof, ev->type.s, ev->type.n))
        return false;
    if (!fast_event(s, ev))
        return false;
    long ei = ev->ei;
    const val_event *ve = &s->ev[ei];
    val_cres *cr = w->cr;
    if (ev->by_k) {
        if ((ev->seen_k & ev->ef->req_k) != ev->ef->req_k)
            return false;
        cr->ev_seen_k[ei] |= ev->seen_k;     /* coverage, expanded by the merge */
    } else {
        uint32_t k[FAST_MAX_PROPS];
        for (uint32_t i = 0; i < ev->n_props; i++) {
            long ki = val_event_has(ve, ev->props[i]);
            if (ki < 0)
                return false;
            k[i] = (uint32_t)ki;
        }
        for (uint32_t i = 0; i < ve->n_required; i++)
            if (w->seen[ve->required[i]] != ev->stamp)
                return false;
        for (uint32_t i = 0; i < ev->n_props; i++) {
            cr->prop_seen[ev->props[i]] = 1;
            cr->ev_prop_seen[ve->base + k[i]] = 1;
        }
    }
    /* Valid: what the full walk would have counted. */
    cr->records++;
    cr->events++;
    cr->valid++;
    cr->ev[ei].seen++;
    cr->ev[ei].valid++;
    w->fn_hit |= s->fn_ev[ei];
    for (uint32_t i = 0; i < ev->n_user; i++)
        cr->prop_seen[ev->user[i]] = 1;
    if (w->o->valid_out)
        val_out_record(w, &cr->valid_buf, rec, n, true);
    if (learn)
        tpl_commit(w);
    return true;
}

bool val_fast_record(val_worker *w, const char *rec, size_t n)
{
    const char *end = rec + n, *p = val_json_ws(rec, end);
    if (p >= end || *p != '{' || !w->jr.padded)
        return false;
    fstate ev;
    fast_start(w, &ev, rec, n);
    p = fast_walk(w, &ev, w->prof->root, w->prof->n_root, p, end);
    if (!p || val_json_ws(p, end) != end)
        return false;
    return fast_finish(w, &ev, rec, n);
}

size_t val_fast_line(val_worker *w, const char *rec, const char *end, bool at_eof)
{
    if (*rec != '{' || !w->jr.padded)
        return 0;
    fstate ev;
    fast_start(w, &ev, rec, (size_t)(end - rec));
    const char *p = fast_walk(w, &ev, w->prof->root, w->prof->n_root, rec, end);
    /* the value ends the line: a newline right after it, or the input */
    if (!p || w->jr.nl_seen ||
        !((p < end && *p == '\n') || (p + 1 < end && p[0] == '\r' && p[1] == '\n') ||
          (p == end && at_eof)))
        return 0;
    size_t n = (size_t)(p - rec);
    return n && fast_finish(w, &ev, rec, n) ? n : 0;
}
