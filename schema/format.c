/* Value formats shared by the loader (parsing `format:`), the validator and
 * generated-code tests: RFC 3339 date/date-time/time (calendar-checked,
 * leap years, offsets), uuid, a pragmatic email, RFC 3986 uri, and
 * marketer-style date patterns (yyyyMMdd, 'yyyy-MM-dd HH:mm:ss').
 * All checks are allocation-free and take (s, n): the validator calls them
 * on every value of every record. Compiled patterns live in the caller's
 * arena. */
#include "model.h"
#include "../support/arena.h"
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const char *const format_names[] = {
    [TX_FMT_NONE] = "none",        [TX_FMT_DATE] = "date",  [TX_FMT_DATE_TIME] = "date-time",
    [TX_FMT_TIME] = "time",        [TX_FMT_UUID] = "uuid",  [TX_FMT_EMAIL] = "email",
    [TX_FMT_URI] = "uri",          [TX_FMT_DATE_PATTERN] = "date pattern",
};

const char *tx_format_name(tx_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "?";
}

int tx_format_parse(const char *s, tx_format *out)
{
    for (int f = TX_FMT_DATE; f <= TX_FMT_URI; f++)
        if (strcmp(s, format_names[f]) == 0) {
            *out = (tx_format)f;
            return 0;
        }
    return -1;
}

/* ---- small scanners --------------------------------------------------- */

/* Inline: called with constant n, so the loop unrolls (hot in the
 * validator's date checks). */
static inline bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    unsigned bad = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        bad |= d > 9;
        v = v * 10 + (int)d;
    }
    *out = v;
    return !bad;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool tx_date_valid(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* full-date = YYYY-MM-DD; 10 bytes */
static bool full_date(const char *s, size_t n)
{
    int y, m, d;
    return n == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4, &y) && digits(s + 5, 2, &m) &&
           digits(s + 8, 2, &d) && tx_date_valid(y, m, d);
}

/* full-time = HH:MM:SS[.frac](Z|+HH:MM|-HH:MM) */
static bool full_time(const char *s, size_t n)
{
    int h, mi, se;
    if (n < 9 || s[2] != ':' || s[5] != ':' || !digits(s, 2, &h) || !digits(s + 3, 2, &mi) ||
        !digits(s + 6, 2, &se))
        return false;
    /* second 60 is a leap second; RFC 3339 allows it at the end of a minute */
    if (h > 23 || mi > 59 || se > 60 || (se == 60 && mi != 59))
        return false;
    size_t i = 8;
    if (i < n && s[i] == '.') {
        size_t b = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == b)
            return false;
    }
    if (i == n)
        return false;   /* the offset is required */
    if ((s[i] == 'Z' || s[i] == 'z') && i + 1 == n)
        return true;
    int oh, om;
    return (s[i] == '+' || s[i] == '-') && n - i == 6 && s[i + 3] == ':' &&
           digits(s + i + 1, 2, &oh) && digits(s + i + 4, 2, &om) && oh <= 23 && om <= 59;
}

static bool date_time(const char *s, size_t n)
{
    return n > 11 && (s[10] == 'T' || s[10] == 't' || s[10] == ' ') && full_date(s, 10) &&
           full_time(s + 11, n - 11);
}

static bool hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

#ifdef __SSE2__
/* Bit i set when byte i of v is a hex digit (bytes >= 0x80 compare as
 * negative, so they never are). */
static inline unsigned hex_mask16(const char *s)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
    __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
    __m128i d = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                              _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i l = _mm_and_si128(_mm_cmpgt_epi8(lo, _mm_set1_epi8('a' - 1)),
                              _mm_cmplt_epi8(lo, _mm_set1_epi8('f' + 1)));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(d, l));
}
#endif

/* 8-4-4-4-12 hex digits; the validator calls this for every uuid value,
 * so with SSE2 it is three overlapping 16-byte compares. */
/* SchemaVer (Snowplow's Iglu schema versions): MODEL-REVISION-ADDITION. */
bool tx_schemaver_valid(const char *s, size_t n, bool allow_star)
{
    size_t parts = 0, i = 0;
    while (i < n) {
        size_t j = i;
        if (allow_star && s[i] == '*') {
            j++;
        } else {
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i)
                return false;
        }
        parts++;
        if (j == n)
            break;
        if (s[j] != '-' || parts == 3)
            return false;
        i = j + 1;
        if (i == n)
            return false;
    }
    return parts == 3;
}

bool tx_schemaver_match(const char *pat, const char *v, size_t vn)
{
    const char *vend = v + vn;
    for (int part = 0; part < 3; part++) {
        const char *pe = pat, *ve = v;
        while (*pe && *pe != '-')
            pe++;
        while (ve < vend && *ve != '-')
            ve++;
        if (!(pe - pat == 1 && *pat == '*') &&
            !(pe - pat == ve - v && memcmp(pat, v, (size_t)(ve - v)) == 0))
            return false;
        pat = *pe ? pe + 1 : pe;
        v = ve < vend ? ve + 1 : ve;
    }
    return true;
}

bool tx_uuid_valid(const char *s, size_t n)
{
    if (n != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
        return false;
#ifdef __SSE2__
    /* hex everywhere but the dashes: 8 and 13; 18 and 23 (at 2 and 7 of
     * the second load); 23 (at 3 of the third, bytes 20..35) */
    return (hex_mask16(s) | 0x2100u) == 0xFFFFu && (hex_mask16(s + 16) | 0x0084u) == 0xFFFFu &&
           (hex_mask16(s + 20) | 0x0008u) == 0xFFFFu;
#else
    for (size_t i = 0; i < n; i++)
        if (i != 8 && i != 13 && i != 18 && i != 23 && !hex(s[i]))
            return false;
    return true;
#endif
}

/* Pragmatic: local@domain, no spaces or controls, one @, a dot in the
 * domain with no empty labels. Not RFC 5322 (quoted locals are refused). */
static bool email(const char *s, size_t n)
{
    if (n > 254)
        return false;
    const char *at = memchr(s, '@', n);
    if (!at || at == s || at == s + n - 1 || memchr(at + 1, '@', (size_t)(s + n - at - 1)))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7F || c == '<' || c == '>' || c == '(' || c == ')' ||
            c == ',' || c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']')
            return false;
    }
    const char *d = at + 1, *e = s + n;
    bool dot = false;
    if (*d == '.' || e[-1] == '.')
        return false;
    for (const char *p = d; p < e; p++) {
        if (*p == '.') {
            if (p[1] == '.')
                return false;
            dot = true;
        }
    }
    return dot;
}

/* RFC 3986: scheme ":" then only URI characters, percent-escapes well formed. */
static bool uri(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                     (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (i == n || s[i] != ':' || i + 1 == n)
        return false;
    static const char allowed[] = "-._~:/?#[]@!$&'()*+,;=";
    for (i++; i < n; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            continue;
        if (c == '%') {
            if (i + 2 >= n || !hex(s[i + 1]) || !hex(s[i + 2]))
                return false;
            i += 2;
            continue;
        }
        if (c == '\0' || !strchr(allowed, c))
            return false;
    }
    return true;
}

/* ---- date patterns ---------------------------------------------------- */

static const struct {
    char letter;
    size_t width;
    tx_dp_kind kind;
} fields[] = {
    { 'y', 4, TX_DP_YEAR4 }, { 'y', 2, TX_DP_YEAR2 }, { 'M', 2, TX_DP_MONTH },
    { 'd', 2, TX_DP_DAY },   { 'H', 2, TX_DP_HOUR },  { 'm', 2, TX_DP_MINUTE },
    { 's', 2, TX_DP_SECOND }, { 'S', 3, TX_DP_MILLIS },
};

static const char *field_hint(char c)
{
    switch (c) {
    case 'D': return "use dd for the day of the month";
    case 'Y': return "use yyyy for the year";
    case 'h': return "use HH for hours (00-23)";
    case 'a': return "AM/PM is not supported; use HH";
    default: return "fields are yyyy yy MM dd HH mm ss SSS; quote literal letters like 'T'";
    }
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

tx_date_pattern *tx_date_pattern_compile(tx_arena *a, const char *text, const char **err)
{
    size_t n = strlen(text);
    tx_date_pattern *p = tx_arena_alloc(a, sizeof *p);
    p->text = tx_arena_strdup(a, text);
    p->parts = tx_arena_alloc(a, (n + 1) * sizeof *p->parts);
    char *lit = tx_arena_alloc(a, n + 1);   /* literal bytes, unquoted */
    size_t nl = 0;
    unsigned seen = 0;
    *err = NULL;
    for (size_t i = 0; i < n;) {
        char c = text[i];
        if (is_letter(c)) {
            size_t run = 1;
            while (i + run < n && text[i + run] == c)
                run++;
            tx_dp_kind kind = TX_DP_LITERAL;
            bool letter_known = false;
            for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
                if (fields[f].letter != c)
                    continue;
                letter_known = true;
                if (fields[f].width == run)
                    kind = fields[f].kind;
            }
            if (kind == TX_DP_LITERAL) {
                *err = letter_known
                           ? tx_arena_printf(a, "'%.*s' is not a field (%s)", (int)run, text + i,
                                             c == 'y' ? "use yyyy or yy"
                                                      : c == 'S' ? "use SSS for milliseconds"
                                                                 : "fields are two letters wide")
                           : tx_arena_printf(a, "'%c' is not a date pattern field; %s", c,
                                             field_hint(c));
                return NULL;
            }
            unsigned bit = 1u << (kind == TX_DP_YEAR2 ? TX_DP_YEAR4 : kind);
            if (seen & bit) {
                *err = tx_arena_printf(a, "field '%.*s' appears twice", (int)run, text + i);
                return NULL;
            }
            seen |= bit;
            p->parts[p->n_parts++] = (tx_dp_part){ kind, NULL, 0 };
            p->length += run;
            i += run;
            continue;
        }
        /* a literal run: plain characters and 'quoted' letters ('' is a quote) */
        size_t start = nl;
        while (i < n && !is_letter(text[i])) {
            if (text[i] == '\'') {
                if (i + 1 < n && text[i + 1] == '\'') {
                    lit[nl++] = '\'';
                    i += 2;
                    continue;
                }
                size_t j = i + 1;
                while (j < n && text[j] != '\'')
                    lit[nl++] = text[j++];
                if (j == n) {
                    *err = "unterminated quote in date pattern";
                    return NULL;
                }
                i = j + 1;
                continue;
            }
            lit[nl++] = text[i++];
        }
        p->parts[p->n_parts++] = (tx_dp_part){ TX_DP_LITERAL, lit + start, nl - start };
        p->length += nl - start;
    }
#define HAS(k) (seen & (1u << (k)))
    if (!seen) {
        *err = "no date or time fields";
        return NULL;
    }
    if (HAS(TX_DP_MINUTE) && !HAS(TX_DP_HOUR) && HAS(TX_DP_DAY) && !HAS(TX_DP_MONTH)) {
        *err = "'mm' means minutes and there is no month; write MM for the month";
        return NULL;
    }
    if (HAS(TX_DP_DAY) && !HAS(TX_DP_MONTH)) {
        *err = "a day (dd) without a month (MM)";
        return NULL;
    }
    if (HAS(TX_DP_MINUTE) && !HAS(TX_DP_HOUR)) {
        *err = "minutes (mm) without hours (HH); write MM for the month";
        return NULL;
    }
    if (HAS(TX_DP_SECOND) && !HAS(TX_DP_MINUTE)) {
        *err = "seconds (ss) without minutes (mm)";
        return NULL;
    }
    if (HAS(TX_DP_MILLIS) && !HAS(TX_DP_SECOND)) {
        *err = "milliseconds (SSS) without seconds (ss)";
        return NULL;
    }
#undef HAS
    return p;
}

bool tx_date_pattern_match(const tx_date_pattern *p, const char *s, size_t n)
{
    if (!p || n != p->length)
        return false;
    int year = 2000, month = 0, day = 0;    /* no year: leap day allowed */
    size_t at = 0;
    for (size_t i = 0; i < p->n_parts; i++) {
        const tx_dp_part *pt = &p->parts[i];
        int v;
        switch (pt->kind) {
        case TX_DP_LITERAL:
            if (memcmp(s + at, pt->lit, pt->lit_len) != 0)
                return false;
            at += pt->lit_len;
            continue;
        case TX_DP_YEAR4:
            if (!digits(s + at, 4, &year))
                return false;
            at += 4;
            continue;
        case TX_DP_MILLIS:
            if (!digits(s + at, 3, &v))
                return false;
            at += 3;
            continue;
        default:
            if (!digits(s + at, 2, &v))
                return false;
            at += 2;
            break;
        }
        switch (pt->kind) {
        case TX_DP_YEAR2: year = 2000 + v; break;
        case TX_DP_MONTH: if (v < 1 || v > 12) return false; month = v; break;
        case TX_DP_DAY: if (v < 1 || v > 31) return false; day = v; break;
        case TX_DP_HOUR: if (v > 23) return false; break;
        case TX_DP_MINUTE:
        case TX_DP_SECOND: if (v > 59) return false; break;
        default: break;
        }
    }
    if (month && day && !tx_date_valid(year, month, day))
        return false;
    return true;
}

bool tx_format_check(const tx_type *t, const char *s, size_t n)
{
    switch (t->format) {
    case TX_FMT_NONE: return true;
    case TX_FMT_DATE: return full_date(s, n);
    case TX_FMT_DATE_TIME: return date_time(s, n);
    case TX_FMT_TIME: return full_time(s, n);
    case TX_FMT_UUID: return tx_uuid_valid(s, n);
    case TX_FMT_EMAIL: return email(s, n);
    case TX_FMT_URI: return uri(s, n);
    case TX_FMT_DATE_PATTERN: return tx_date_pattern_match(t->date_pattern, s, n);
    }
    return false;
}
