/* A strict RFC 8259 JSON reader specialised for validation (after flatcc's
 * runtime json_parser): no tree, no allocation per value. Hot paths take
 * (jr, p, end) and return the new p; the first error is recorded once in
 * the reader and the function returns `end`, so every loop stops at once.
 * Strings without escapes are returned as pointers into the input; strings
 * with escapes are decoded into the reader's scratch area, which is reset
 * per record (val_jr_begin) and sized to the record, so it never grows
 * during one. Numbers are kept as their digits and exponent (val_dec) and
 * compared exactly, whatever their size. */
#ifndef VAL_JSON_H
#define VAL_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "codes.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct val_jr {
    const char *base;       /* start of the current record (for offsets) */
    bool failed;
    val_code code;          /* malformed-json, invalid-utf8 or too-deep */
    const char *err_at;
    char err_msg[120];
    unsigned depth, max_depth;
    bool padded;            /* 16 readable bytes follow every record's end */
    bool nl_seen;           /* white space skipped since val_jr_begin held a newline */
    char *scratch;          /* decoded strings of the current record */
    size_t scratch_len, scratch_cap;
} val_jr;

/* A string value: s/n are the decoded bytes (valid UTF-8, may hold NUL). */
typedef struct val_str {
    const char *s;
    size_t n;
    const char *raw;        /* the opening quote in the input */
    size_t raw_n;           /* bytes in the input, quotes included */
    bool escaped;           /* decoded into scratch */
    bool ascii;             /* known to be plain ASCII (n code points) */
} val_str;

/* A number as written: sign, integer digits, fraction digits, exponent. */
typedef struct val_dec {
    bool neg;
    const char *ip, *fp;    /* digits before / after the point */
    size_t il, fl;
    int64_t exp;            /* exponent part, saturated to +-4e18 */
    const char *raw;        /* as written in the input */
    size_t raw_len;
} val_dec;

#define VAL_DEFAULT_MAX_DEPTH 512u

void val_jr_init(val_jr *jr);
void val_jr_free(val_jr *jr);
/* Starts a record: clears the error, resets the scratch area and makes it
 * large enough for any decoding of n input bytes. */
void val_jr_begin(val_jr *jr, const char *rec, size_t n);
/* Records the first error only; returns end. */
const char *val_jr_fail(val_jr *jr, val_code code, const char *at, const char *end,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static inline const char *val_json_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        p++;
    return p;
}

/* Each expects p at the first byte of the value (whitespace skipped). */
const char *val_json_skip(val_jr *jr, const char *p, const char *end);
const char *val_json_string_slow(val_jr *jr, const char *p, const char *end, val_str *out);
const char *val_json_number(val_jr *jr, const char *p, const char *end, val_dec *out);
/* true, false or null: *kind gets 't', 'f' or 'n'. */
const char *val_json_literal(val_jr *jr, const char *p, const char *end, char *kind);

/* Object iteration. p at '{': val_json_obj_open returns the position of the
 * first key or of the closing brace (check *p == '}'). After a member's
 * value, val_json_obj_next returns the position of the next key, or the
 * position of '}' (then *done is set). Keys are read with val_json_key,
 * which also consumes the ':' and the whitespace after it. Arrays work the
 * same with '[' / ']' and no keys. When *empty or *done is set the
 * container is closed and p is past its bracket. With key == NULL the key
 * is only checked, not decoded. */
const char *val_json_obj_open(val_jr *jr, const char *p, const char *end, bool *empty);
/* After a key's closing quote at p (or anywhere once the reader failed):
 * white space, ':', white space. */
const char *val_json_key_rest(val_jr *jr, const char *p, const char *end);
const char *val_json_obj_next_slow(val_jr *jr, const char *p, const char *end, bool *done);
const char *val_json_arr_open(val_jr *jr, const char *p, const char *end, bool *empty);
const char *val_json_arr_next(val_jr *jr, const char *p, const char *end, bool *done);

/* Inline fast paths for the common cases (a short plain ASCII string, a
 * key followed directly by ':', a ',' or '}' right after a member); they
 * fall back to the full functions for everything else. */
static inline const char *val_json_string(val_jr *jr, const char *p, const char *end,
                                          val_str *out)
{
#ifdef __SSE2__
    const char *q = p + 1;
    while (end - q >= 16 || (jr->padded && q < end)) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                 _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
        unsigned mask = (unsigned)_mm_movemask_epi8(m);
        if (!mask) {
            q += 16;
            continue;
        }
        q += __builtin_ctz(mask);
        if (q >= end || *q != '"')
            break;
        if (out) {
            out->s = p + 1;
            out->n = (size_t)(q - p - 1);
            out->raw = p;
            out->raw_n = (size_t)(q + 1 - p);
            out->escaped = false;
            out->ascii = true;
        }
        return q + 1;
    }
#endif
    return val_json_string_slow(jr, p, end, out);
}

static inline const char *val_json_key(val_jr *jr, const char *p, const char *end, val_str *key)
{
    const char *q = val_json_string(jr, p, end, key);
    if (q + 1 < end && *q == ':' && q[1] != ' ' && q[1] != '\n' && q[1] != '\r' && q[1] != '\t')
        return q + 1;
    /* the rest from q: reading the key again would decode it into the
     * scratch space a second time, which is sized for each string once */
    return val_json_key_rest(jr, q, end);
}

static inline const char *val_json_obj_next(val_jr *jr, const char *p, const char *end, bool *done)
{
    if (p + 1 < end && *p == ',' && p[1] == '"') {
        *done = false;
        return p + 1;
    }
    if (p < end && *p == '}') {
        jr->depth--;
        *done = true;
        return p + 1;
    }
    return val_json_obj_next_slow(jr, p, end, done);
}

/* Checks that [s, s+n) is exactly one JSON text (whitespace around it
 * allowed). Returns 0, or -1 with the error in jr. */
int val_json_check(val_jr *jr, const char *s, size_t n);
/* Appends the JSON text [s, s+n) to out on one line: each token as written
 * (numbers keep their digits, strings their escapes), the white space
 * between tokens dropped. Starts a record in jr (val_jr_begin). Returns 0,
 * or -1 with the error in jr and out as it was. */
struct tx_sb;
int val_json_compact(val_jr *jr, const char *s, size_t n, struct tx_sb *out);

/* --- exact decimal numbers --- */
/* Parses a JSON number spelled in a C string (for bounds from the model). */
bool val_dec_parse(const char *s, size_t n, val_dec *out);
bool val_dec_is_zero(const val_dec *d);
/* Mathematically an integer (10.0, 1e2 and -0 are). */
bool val_dec_is_integer(const val_dec *d);
/* -1, 0, 1, compared exactly. */
int val_dec_cmp(const val_dec *a, const val_dec *b);

/* Code points in valid UTF-8. */
size_t val_utf8_count(const char *s, size_t n);

/* Length of the valid UTF-8 sequence at p (first byte >= 0x80), or 0:
 * RFC 3629, no overlong forms, surrogates or code points past U+10FFFF. */
static inline size_t val_utf8_seq(const char *p, const char *end)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t left = (size_t)(end - p);
    unsigned c = s[0];
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return left >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (left < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0;           /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0;           /* UTF-16 surrogate */
        return 3;
    }
    if (c > 0xF4 || left < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80)
        return 0;
    if (c == 0xF0 && s[1] < 0x90)
        return 0;               /* overlong */
    if (c == 0xF4 && s[1] >= 0x90)
        return 0;               /* above U+10FFFF */
    return 4;
}
#endif
