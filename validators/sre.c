/* A fast exact matcher for the simplest anchored patterns, so the common
 * `^[A-Z]{2}[0-9]{4,8}$` does not pay for a PCRE2 call per value.
 *
 * Accepted: '^', then atoms, then '$'. An atom is an ASCII letter or digit,
 * or a bracket class of printable ASCII characters and ranges (no '^', no
 * escapes, no POSIX classes), optionally followed by ?, *, + or {m},
 * {m,}, {m,n} (no lazy or possessive suffix). Every atom but the last must
 * match at least once and consecutive atoms must have disjoint classes:
 * then the greedy run of each atom is the only possible split, so one pass
 * without backtracking decides exactly what PCRE2 decides. Anything else is
 * refused (val_sre_compile returns NULL) and left to PCRE2.
 *
 * A match consumed only class characters up to the end, which PCRE2 also
 * matches. A mismatch is trusted only when every byte is printable ASCII:
 * otherwise a newline before the end could satisfy PCRE2's '$', so the
 * caller asks PCRE2 (VAL_SRE_UNSURE). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

typedef struct sre_atom {
    uint64_t set[2];        /* bytes 0..127 */
    uint32_t min, max;      /* max UINT32_MAX: unbounded */
    uint8_t in[256];        /* the set as a table: one load per byte when matching */
} sre_atom;

struct val_sre {
    uint32_t n;
    sre_atom a[];
};

static void add(sre_atom *a, unsigned c)
{
    a->set[c >> 6] |= 1ull << (c & 63);
    a->in[c] = 1;
}

static bool class_char(char c)
{
    return c >= 0x21 && c <= 0x7e && c != '\\' && c != '[' && c != ']' && c != '-' && c != '^';
}

static bool alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool number(const char **pp, uint32_t *out)
{
    const char *p = *pp;
    uint32_t v = 0;
    if (*p < '0' || *p > '9')
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (uint32_t)(*p - '0');
        if (v > 65535)
            return false;
    }
    *pp = p;
    *out = v;
    return true;
}

val_sre *val_sre_compile(const char *pat)
{
    size_t len = strlen(pat);
    if (len < 3 || pat[0] != '^' || pat[len - 1] != '$')
        return NULL;
    val_sre *r = calloc(1, sizeof *r + len * sizeof(sre_atom));
    if (!r)
        return NULL;
    const char *p = pat + 1, *end = pat + len - 1;
    while (p < end) {
        sre_atom *a = &r->a[r->n];
        memset(a, 0, sizeof *a);
        if (*p == '[') {
            p++;
            if (p < end && *p == ']')
                goto refuse;
            while (p < end && *p != ']') {
                if (!class_char(*p))
                    goto refuse;
                unsigned lo = (unsigned char)*p++, hi = lo;
                if (p < end && *p == '-') {
                    if (p + 1 >= end || !class_char(p[1]) || (unsigned char)p[1] < lo)
                        goto refuse;
                    hi = (unsigned char)p[1];
                    p += 2;
                }
                for (unsigned c = lo; c <= hi; c++)
                    add(a, c);
            }
            if (p >= end)
                goto refuse;
            p++;                            /* ']' */
        } else if (alnum(*p)) {
            add(a, (unsigned char)*p++);
        } else {
            goto refuse;
        }
        a->min = a->max = 1;
        if (p < end) {
            if (*p == '?') {
                a->min = 0, p++;
            } else if (*p == '*') {
                a->min = 0, a->max = UINT32_MAX, p++;
            } else if (*p == '+') {
                a->max = UINT32_MAX, p++;
            } else if (*p == '{') {
                p++;
                if (!number(&p, &a->min))
                    goto refuse;
                a->max = a->min;
                if (*p == ',') {
                    p++;
                    a->max = UINT32_MAX;
                    if (*p != '}' && !number(&p, &a->max))
                        goto refuse;
                }
                if (*p != '}' || a->max < a->min || a->max == 0)
                    goto refuse;
                p++;
            }
            if (p < end && (*p == '?' || *p == '+' || *p == '*' || *p == '{'))
                goto refuse;                /* lazy, possessive or stacked */
        }
        if (p > end)
            goto refuse;
        if (r->n) {
            const sre_atom *b = &r->a[r->n - 1];
            if (b->min == 0 || (b->set[0] & a->set[0]) || (b->set[1] & a->set[1]))
                goto refuse;
        }
        r->n++;
    }
    if (r->n == 0)
        goto refuse;
    return r;
refuse:
    free(r);
    return NULL;
}

void val_sre_free(void *r)
{
    free(r);
}

int val_sre_match(const val_sre *r, const char *s, size_t n)
{
    size_t pos = 0;
    for (uint32_t i = 0; i < r->n; i++) {
        const sre_atom *a = &r->a[i];
        size_t start = pos, lim = n - pos > a->max ? pos + a->max : n;
        while (pos < lim && a->in[(unsigned char)s[pos]])
            pos++;
        if (pos - start < a->min)
            goto nomatch;
    }
    if (pos == n)
        return VAL_SRE_MATCH;
nomatch:
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
            return VAL_SRE_UNSURE;
    return VAL_SRE_NOMATCH;
}
