/* The strict JSON reader (see json.h). String bodies are scanned 16 bytes
 * at a time with SSE2 (one compare each for '"', '\\' and bytes below 0x20
 * or above 0x7f, which the signed compare catches together); everything
 * else is a switch on the first byte. UTF-8 is validated as it is met,
 * \u escapes are decoded and surrogate pairs joined; a lone surrogate is
 * an error (invalid-utf8), since no valid Unicode string can hold it. */
#include "json.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "../support/util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void val_jr_init(val_jr *jr)
{
    memset(jr, 0, sizeof *jr);
    jr->max_depth = VAL_DEFAULT_MAX_DEPTH;
}

void val_jr_free(val_jr *jr)
{
    free(jr->scratch);
    jr->scratch = NULL;
    jr->scratch_cap = 0;
}

void val_jr_begin(val_jr *jr, const char *rec, size_t n)
{
    jr->base = rec;
    jr->failed = false;
    jr->err_at = NULL;
    jr->err_msg[0] = '\0';
    jr->depth = 0;
    jr->nl_seen = false;
    jr->scratch_len = 0;
    if (jr->scratch_cap < n + 16) {
        size_t cap = jr->scratch_cap ? jr->scratch_cap : 4096;
        while (cap < n + 16)
            cap *= 2;
        free(jr->scratch);
        jr->scratch = tx_xmalloc(cap);
        jr->scratch_cap = cap;
    }
}

const char *val_jr_fail(val_jr *jr, val_code code, const char *at, const char *end,
                        const char *fmt, ...)
{
    if (!jr->failed) {
        jr->failed = true;
        jr->code = code;
        jr->err_at = at;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(jr->err_msg, sizeof jr->err_msg, fmt, ap);
        va_end(ap);
    }
    return end;
}

/* A printable description of the byte at p for messages. */
static const char *what(const char *p, const char *end, char buf[16])
{
    if (p >= end)
        return "end of input";
    unsigned char c = (unsigned char)*p;
    if (c >= 0x21 && c < 0x7f && c != '\'')
        snprintf(buf, 16, "'%c'", c);
    else
        snprintf(buf, 16, "byte 0x%02x", c);
    return buf;
}

static const char *unexpected(val_jr *jr, const char *p, const char *end, const char *expected)
{
    char b[16];
    return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "expected %s, found %s", expected,
                       what(p, end, b));
}

/* First byte at or after p that ends a plain run: '"', '\\', a control
 * character or a non-ASCII byte; end when none. */
static inline const char *scan_plain(const char *p, const char *end)
{
#ifdef __SSE2__
    const __m128i q = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'), sp = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q), _mm_cmpeq_epi8(v, bs)),
                                 _mm_cmplt_epi8(v, sp));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (mask)
            return p + __builtin_ctz(mask);
        p += 16;
    }
#endif
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
            return p;
        p++;
    }
    return p;
}

static inline int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static long hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval((unsigned char)p[i]);
        if (h < 0)
            return -1;
        v = (v << 4) | h;
    }
    return v;
}

/* One escape at p ('\\'): writes the decoded bytes at *d (when d is not
 * NULL) and returns the position after it. */
static const char *escape(val_jr *jr, const char *p, const char *end, char **d)
{
    if (end - p < 2)
        return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "unterminated string");
    static const char simple[256] = {
        ['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b',
        ['f'] = '\f', ['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
    };
    unsigned char e = (unsigned char)p[1];
    if (simple[e]) {
        if (*d)
            *(*d)++ = simple[e];
        return p + 2;
    }
    if (e != 'u') {
        char b[16];
        return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "invalid escape '\\' followed by %s",
                           what(p + 1, end, b));
    }
    long cp = hex4(p + 2, end);
    if (cp < 0)
        return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end,
                           "invalid \\u escape: expected 4 hex digits");
    const char *q = p + 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return val_jr_fail(jr, VAL_INVALID_UTF8, p, end, "lone surrogate '\\u%04lx'", cp);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        bool next_u = end - q >= 2 && q[0] == '\\' && q[1] == 'u';
        long lo = next_u ? hex4(q + 2, end) : -1;
        if (next_u && lo < 0)
            return val_jr_fail(jr, VAL_MALFORMED_JSON, q, end,
                               "invalid \\u escape: expected 4 hex digits");
        if (lo < 0xDC00 || lo > 0xDFFF)
            return val_jr_fail(jr, VAL_INVALID_UTF8, p, end, "lone surrogate '\\u%04lx'", cp);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        q += 6;
    }
    if (*d)
        *d += tx_utf8_encode((uint32_t)cp, *d);
    return q;
}

/* The string at p ('"'). With out == NULL it is only checked. */
const char *val_json_string_slow(val_jr *jr, const char *p, const char *end, val_str *out)
{
    const char *raw = p;
    const char *start = ++p, *run = p;
    char *d = NULL, *d0 = NULL;
    for (;;) {
        p = scan_plain(p, end);
        if (p >= end)
            return val_jr_fail(jr, VAL_MALFORMED_JSON, raw, end, "unterminated string");
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c == '\\') {
            if (out) {
                if (!d) {
                    /* room for the whole string decoded (never longer than
                     * its text): each string of a record is decoded at
                     * most once and scratch holds the record, so this only
                     * fails if a caller breaks that rule */
                    if (jr->scratch_cap - jr->scratch_len < (size_t)(end - start))
                        return val_jr_fail(jr, VAL_MALFORMED_JSON, raw, end,
                                           "internal error: no room to decode this string");
                    d0 = d = jr->scratch + jr->scratch_len;
                }
                memcpy(d, run, (size_t)(p - run));
                d += p - run;
            }
            p = escape(jr, p, end, &d);
            if (jr->failed)
                return end;
            run = p;
        } else if (c < 0x20) {
            return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end,
                               "unescaped control character U+%04X in string", c);
        } else {
            size_t n = val_utf8_seq(p, end);
            if (!n)
                return val_jr_fail(jr, VAL_INVALID_UTF8, p, end, "invalid UTF-8 byte 0x%02x", c);
            p += n;
        }
    }
    if (out) {
        out->raw = raw;
        out->raw_n = (size_t)(p + 1 - raw);
        if (d) {
            memcpy(d, run, (size_t)(p - run));
            d += p - run;
            out->s = d0;
            out->n = (size_t)(d - d0);
            out->escaped = true;
            out->ascii = false;
            jr->scratch_len += out->n;
        } else {
            out->s = start;
            out->n = (size_t)(p - start);
            out->escaped = false;
            out->ascii = false;
        }
    }
    return p + 1;
}

#define IS_DIGIT(c) ((unsigned)((unsigned char)(c) - '0') < 10u)
#define EXP_SAT ((int64_t)1 << 60)

const char *val_json_number(val_jr *jr, const char *p, const char *end, val_dec *out)
{
    const char *s = p;
    bool neg = false;
    if (*p == '-') {
        neg = true;
        p++;
    }
    if (p >= end || !IS_DIGIT(*p))
        return unexpected(jr, p, end, "a digit");
    const char *ip = p;
    if (*p == '0') {
        p++;
        if (p < end && IS_DIGIT(*p))
            return val_jr_fail(jr, VAL_MALFORMED_JSON, ip, end,
                               "leading zeros are not allowed in numbers");
    } else {
        while (p < end && IS_DIGIT(*p))
            p++;
    }
    size_t il = (size_t)(p - ip);
    const char *fp = p;
    size_t fl = 0;
    if (p < end && *p == '.') {
        fp = ++p;
        while (p < end && IS_DIGIT(*p))
            p++;
        fl = (size_t)(p - fp);
        if (!fl)
            return unexpected(jr, p, end, "a digit after the decimal point");
    }
    int64_t ex = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        bool eneg = false;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (p >= end || !IS_DIGIT(*p))
            return unexpected(jr, p, end, "a digit in the exponent");
        while (p < end && IS_DIGIT(*p)) {
            /* Saturate before multiplying: ex < EXP_SAT alone let
             * ex * 10 overflow int64 (UB) for 19-digit exponents. */
            ex = ex > (EXP_SAT - 9) / 10 ? EXP_SAT : ex * 10 + (*p - '0');
            p++;
        }
        if (ex > EXP_SAT)
            ex = EXP_SAT;
        if (eneg)
            ex = -ex;
    }
    if (out) {
        out->neg = neg;
        out->ip = ip;
        out->il = il;
        out->fp = fp;
        out->fl = fl;
        out->exp = ex;
        out->raw = s;
        out->raw_len = (size_t)(p - s);
    }
    return p;
}

const char *val_json_literal(val_jr *jr, const char *p, const char *end, char *kind)
{
    static const char *const words[] = { "true", "false", "null" };
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (*p == words[i][0]) {
            if ((size_t)(end - p) >= n && memcmp(p, words[i], n) == 0) {
                *kind = words[i][0];
                return p + n;
            }
            break;
        }
    }
    return unexpected(jr, p, end, "a JSON value");
}

/* val_json_ws for the functions below, noting a skipped newline: the
 * fast path reads NDJSON without cutting lines first (val_fast_line) and
 * must know that a record did not span two lines. */
static inline const char *ws_nl(val_jr *jr, const char *p, const char *end)
{
    const char *q = val_json_ws(p, end);
    if (q != p && memchr(p, '\n', (size_t)(q - p)))
        jr->nl_seen = true;
    return q;
}

static const char *open_container(val_jr *jr, const char *p, const char *end, char close,
                                  bool *empty)
{
    *empty = true;  /* also on errors, so loops stop */
    if (++jr->depth > jr->max_depth)
        return val_jr_fail(jr, VAL_TOO_DEEP, p, end, "nesting deeper than %u levels",
                           jr->max_depth);
    p = ws_nl(jr, p + 1, end);
    if (p < end && *p == close) {
        jr->depth--;
        *empty = true;
        return p + 1;
    }
    *empty = false;
    if (p >= end)
        return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "unexpected end of input");
    if (close == '}' && *p != '"')
        return unexpected(jr, p, end, "a string key or '}'");
    return p;
}

const char *val_json_obj_open(val_jr *jr, const char *p, const char *end, bool *empty)
{
    return open_container(jr, p, end, '}', empty);
}

const char *val_json_arr_open(val_jr *jr, const char *p, const char *end, bool *empty)
{
    return open_container(jr, p, end, ']', empty);
}

const char *val_json_key_rest(val_jr *jr, const char *p, const char *end)
{
    if (jr->failed)
        return end;
    p = ws_nl(jr, p, end);
    if (p >= end || *p != ':')
        return unexpected(jr, p, end, "':' after the key");
    p = ws_nl(jr, p + 1, end);
    if (p >= end)
        return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "unexpected end of input");
    return p;
}

static const char *next_member(val_jr *jr, const char *p, const char *end, char close,
                               bool *done)
{
    *done = true;   /* also on errors, so loops stop */
    p = ws_nl(jr, p, end);
    if (p < end && *p == ',') {
        const char *comma = p;
        p = ws_nl(jr, p + 1, end);
        if (p < end && *p == close)
            return val_jr_fail(jr, VAL_MALFORMED_JSON, comma, end, "trailing comma");
        if (p >= end)
            return val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "unexpected end of input");
        if (close == '}' && *p != '"')
            return unexpected(jr, p, end, "a string key");
        *done = false;
        return p;
    }
    if (p < end && *p == close) {
        jr->depth--;
        *done = true;
        return p + 1;
    }
    return unexpected(jr, p, end, close == '}' ? "',' or '}'" : "',' or ']'");
}

const char *val_json_obj_next_slow(val_jr *jr, const char *p, const char *end, bool *done)
{
    return next_member(jr, p, end, '}', done);
}

const char *val_json_arr_next(val_jr *jr, const char *p, const char *end, bool *done)
{
    return next_member(jr, p, end, ']', done);
}

static const char *value(val_jr *jr, const char *p, const char *end, tx_sb *out);

/* An object's members (close '}') or an array's elements (']') for
 * value(): one loop, keys read (and copied) for an object only. Inlined
 * with close a constant, so each is the loop it was written as. */
static inline __attribute__((always_inline)) const char *
container(val_jr *jr, const char *p, const char *end, tx_sb *out, char close)
{
    bool e, done;
    p = open_container(jr, p, end, close, &e);
    if (out)
        tx_sb_add(out, close == '}' ? "{}" : "[]", e ? 2 : 1);
    if (jr->failed || e)
        return p;
    for (;;) {
        if (close == '}' && out) {
            const char *key = p;
            p = val_json_string(jr, p, end, NULL);
            tx_sb_add(out, key, (size_t)(p - key));
            tx_sb_addc(out, ':');
            p = val_json_key_rest(jr, p, end);
        } else if (close == '}') {
            p = val_json_key(jr, p, end, NULL);
        }
        if (jr->failed)
            return end;
        p = value(jr, p, end, out);
        if (jr->failed)
            return end;
        p = close == '}' ? val_json_obj_next(jr, p, end, &done)
                         : next_member(jr, p, end, close, &done);
        if (out)
            tx_sb_addc(out, done ? close : ',');
        if (jr->failed || done)
            return p;
    }
}

/* The value at p, checked; with out, its tokens are appended to out as
 * written (a number keeps its digits, a string its escapes) and the white
 * space between them is dropped. Strings are only checked, never decoded,
 * so the scratch area is not used. */
static const char *value(val_jr *jr, const char *p, const char *end, tx_sb *out)
{
    const char *at = p;
    char k;
    switch (*p) {
    case '"':
        p = val_json_string(jr, p, end, NULL);
        break;
    case '{':
        return container(jr, p, end, out, '}');
    case '[':
        return container(jr, p, end, out, ']');
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        p = val_json_number(jr, p, end, NULL);
        break;
    default:
        p = val_json_literal(jr, p, end, &k);
        break;
    }
    if (out && !jr->failed)
        tx_sb_add(out, at, (size_t)(p - at));
    return p;
}

const char *val_json_skip(val_jr *jr, const char *p, const char *end)
{
    return value(jr, p, end, NULL);
}

/* One JSON text, white space around it allowed; copied to out if set. */
static int text(val_jr *jr, const char *s, size_t n, tx_sb *out)
{
    const char *end = s + n;
    val_jr_begin(jr, s, n);
    const char *p = val_json_ws(s, end);
    if (p >= end) {
        val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "empty input");
        return -1;
    }
    p = value(jr, p, end, out);
    if (jr->failed)
        return -1;
    p = val_json_ws(p, end);
    if (p < end) {
        char b[16];
        val_jr_fail(jr, VAL_MALFORMED_JSON, p, end, "unexpected %s after the JSON value",
                    what(p, end, b));
        return -1;
    }
    return 0;
}

int val_json_check(val_jr *jr, const char *s, size_t n)
{
    return text(jr, s, n, NULL);
}

int val_json_compact(val_jr *jr, const char *s, size_t n, tx_sb *out)
{
    size_t len = out->len;
    if (text(jr, s, n, out) == 0)
        return 0;
    out->len = len;
    if (out->cap)
        out->buf[len] = '\0';
    return -1;
}

/* --- exact decimals ---------------------------------------------------- */

static inline char dec_digit(const val_dec *d, size_t j)
{
    return j < d->il ? d->ip[j] : d->fp[j - d->il];
}

/* Significant digits: first index f, count n, scientific exponent E with
 * value = 0.d_f..d_(f+n-1) x 10^E. n == 0 for zero. */
typedef struct sig { size_t f, n; int64_t e; } sig;

static sig significant(const val_dec *d)
{
    sig r = { 0, 0, 0 };
    size_t len = d->il + d->fl, f = 0;
    while (f < len && dec_digit(d, f) == '0')
        f++;
    if (f == len)
        return r;
    size_t l = len;
    while (l > f && dec_digit(d, l - 1) == '0')
        l--;
    r.f = f;
    r.n = l - f;
    r.e = (int64_t)d->il - (int64_t)f + d->exp;
    return r;
}

bool val_dec_parse(const char *s, size_t n, val_dec *out)
{
    val_jr jr;
    val_jr_init(&jr);
    jr.base = s;
    const char *end = s + n;
    if (n == 0 || !(*s == '-' || IS_DIGIT(*s)))
        return false;
    const char *p = val_json_number(&jr, s, end, out);
    return !jr.failed && p == end;
}

bool val_dec_is_zero(const val_dec *d)
{
    return significant(d).n == 0;
}

bool val_dec_is_integer(const val_dec *d)
{
    if (d->fl == 0 && d->exp == 0)
        return true;
    sig s = significant(d);
    return s.n == 0 || (int64_t)s.n <= s.e;
}

int val_dec_cmp(const val_dec *a, const val_dec *b)
{
    sig sa = significant(a), sb = significant(b);
    int ga = sa.n == 0 ? 0 : a->neg ? -1 : 1;
    int gb = sb.n == 0 ? 0 : b->neg ? -1 : 1;
    if (ga != gb)
        return ga < gb ? -1 : 1;
    if (ga == 0)
        return 0;
    int mag = 0;
    if (sa.e != sb.e) {
        mag = sa.e > sb.e ? 1 : -1;
    } else {
        size_t n = sa.n > sb.n ? sa.n : sb.n;
        for (size_t i = 0; i < n && !mag; i++) {
            char x = i < sa.n ? dec_digit(a, sa.f + i) : '0';
            char y = i < sb.n ? dec_digit(b, sb.f + i) : '0';
            if (x != y)
                mag = x > y ? 1 : -1;
        }
    }
    return ga * mag;
}

size_t val_utf8_count(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}
