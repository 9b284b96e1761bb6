/* Sample values for the sample programs (`taxonc gen --sample`): for every
 * type a value that passes all its checks, so a program calling every event
 * with them sends only valid data. Strings honour lengths, formats (dates
 * are 2024-02-29, a leap day, so the calendar checks matter) and patterns:
 * a small sampler walks the regular expression choosing the shortest path
 * (first alternative, minimum repetitions), and PCRE2 confirms the result;
 * a pattern it cannot satisfy is reported, never guessed silently. */
#include "cg_internal.h"
#include "../support/util.h"
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

/* ---- the regex sampler ---- */
typedef struct rx {
    const char *p, *end;
    bool fail;
    int depth;
    int extra;      /* strategy: repetitions beyond the minimum */
} rx;

static void rx_alt(rx *r, tx_sb *out, bool emit);

static void put_cp(tx_sb *sb, uint32_t cp)
{
    char b[4];
    tx_sb_add(sb, b, tx_utf8_encode(cp, b));
}

/* One escape after the backslash: the character it stands for, or 0 for an
 * assertion (\b); sets fail for what the sampler does not know. */
static uint32_t rx_escape(rx *r)
{
    if (r->p >= r->end) {
        r->fail = true;
        return 0;
    }
    char c = *r->p++;
    switch (c) {
    case 'd': return '0';
    case 'w': return 'a';
    case 's': return ' ';
    case 'D': return 'a';
    case 'W': return '-';
    case 'S': return 'a';
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': case 'B': case 'A': case 'z': case 'Z': case 'G': return 0;
    case 'x': {
        uint32_t v = 0;
        int n = 0;
        bool brace = r->p < r->end && *r->p == '{';
        if (brace)
            r->p++;
        while (r->p < r->end && n < (brace ? 6 : 2)) {
            char h = *r->p;
            int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
                  : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0)
                break;
            v = v * 16 + (uint32_t)d;
            r->p++;
            n++;
        }
        if (brace) {
            if (r->p < r->end && *r->p == '}')
                r->p++;
            else
                r->fail = true;
        }
        return v ? v : (r->fail = true, 0);
    }
    case 'p': case 'P': case 'k': case 'g': case 'Q': case 'E': case 'R': case 'X':
        r->fail = true;
        return 0;
    default:
        if (c >= '1' && c <= '9') {
            r->fail = true; /* back-references */
            return 0;
        }
        return (unsigned char)c;
    }
}

static uint32_t rx_next_cp(rx *r)
{
    uint32_t cp;
    size_t l = tx_utf8_decode(r->p, (size_t)(r->end - r->p), &cp);
    if (!l) {
        r->fail = true;
        r->p++;
        return '?';
    }
    r->p += l;
    return cp;
}

/* A bracket class: the first member (or, negated, a common character that
 * is not a member). */
static uint32_t rx_class(rx *r)
{
    bool neg = false;
    if (r->p < r->end && *r->p == '^') {
        neg = true;
        r->p++;
    }
    uint32_t first = 0;
    uint32_t los[64], his[64];
    int n = 0;
    bool start = true;
    while (r->p < r->end && (*r->p != ']' || start)) {
        start = false;
        uint32_t lo;
        if (*r->p == '[' && r->p + 1 < r->end && r->p[1] == ':') {
            r->fail = true;     /* POSIX classes */
            return 0;
        }
        if (*r->p == '\\') {
            r->p++;
            char e = r->p < r->end ? *r->p : 0;
            lo = rx_escape(r);
            if (e == 'd') {
                if (n < 64) { los[n] = '0'; his[n++] = '9'; }
                if (!first) first = '0';
                continue;
            }
            if (e == 'w') {
                if (n < 62) { los[n] = 'a'; his[n++] = 'z'; los[n] = 'A'; his[n++] = 'Z'; los[n] = '0'; his[n++] = '9'; los[n] = '_'; his[n++] = '_'; }
                if (!first) first = 'a';
                continue;
            }
            if (e == 's') {
                if (n < 64) { los[n] = ' '; his[n++] = ' '; }
                if (!first) first = ' ';
                continue;
            }
        } else {
            lo = rx_next_cp(r);
        }
        uint32_t hi = lo;
        if (r->p + 1 < r->end && *r->p == '-' && r->p[1] != ']') {
            r->p++;
            if (*r->p == '\\') {
                r->p++;
                hi = rx_escape(r);
            } else {
                hi = rx_next_cp(r);
            }
        }
        if (n < 64) {
            los[n] = lo;
            his[n++] = hi;
        }
        if (!first)
            first = lo;
    }
    if (r->p >= r->end) {
        r->fail = true;
        return 0;
    }
    r->p++;     /* ] */
    if (!neg)
        return first ? first : (r->fail = true, 0);
    static const char cands[] = "a0xZ_-. ";
    for (const char *c = cands; *c; c++) {
        bool in = false;
        for (int i = 0; i < n; i++)
            in |= (uint32_t)*c >= los[i] && (uint32_t)*c <= his[i];
        if (!in)
            return (unsigned char)*c;
    }
    r->fail = true;
    return 0;
}

static long rx_number(rx *r)
{
    long v = -1;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
        v = (v < 0 ? 0 : v) * 10 + (*r->p - '0');
        if (v > 100000)
            v = 100000;
        r->p++;
    }
    return v;
}

/* Repetitions for the quantifier after an atom (1 when there is none). */
static long rx_quant(rx *r)
{
    long n = 1;
    if (r->p >= r->end)
        return 1;
    char q = *r->p;
    if (q == '?' || q == '*') {
        n = 0;
        r->p++;
    } else if (q == '+') {
        n = 1;
        r->p++;
    } else if (q == '{') {
        const char *save = r->p;
        r->p++;
        long lo = rx_number(r), hi = lo;
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            hi = rx_number(r);
        }
        if (lo < 0 || r->p >= r->end || *r->p != '}') {
            r->p = save;    /* a literal brace */
            return 1;
        }
        r->p++;
        n = lo;
        if (r->extra && (hi < 0 || hi > lo))
            n = lo + 1;
    } else {
        return 1;
    }
    if (r->extra && (q == '*' || q == '+'))
        n++;
    if (r->p < r->end && (*r->p == '?' || *r->p == '+'))
        r->p++;
    return n;
}

static void rx_seq(rx *r, tx_sb *out, bool emit)
{
    while (r->p < r->end && !r->fail && *r->p != '|' && *r->p != ')') {
        tx_sb atom = TX_SB_INIT;
        char c = *r->p;
        if (c == '^' || c == '$') {
            r->p++;
            continue;
        }
        if (c == '(') {
            r->p++;
            bool look = false;
            if (r->p < r->end && *r->p == '?') {
                r->p++;
                char k = r->p < r->end ? *r->p : 0;
                if (k == ':' || k == '>') {
                    r->p++;
                } else if (k == '=' || k == '!') {
                    r->p++;
                    look = true;
                } else if (k == '<' && r->p + 1 < r->end && (r->p[1] == '=' || r->p[1] == '!')) {
                    r->p += 2;
                    look = true;
                } else if (k == '<' || k == 'P' || k == '\'') {
                    const char *close = memchr(r->p, k == '\'' ? '\'' : '>', (size_t)(r->end - r->p - 1) + 1);
                    if (k == 'P' && r->p + 1 < r->end && r->p[1] == '<')
                        close = memchr(r->p + 2, '>', (size_t)(r->end - r->p - 2));
                    if (!close) {
                        r->fail = true;
                        break;
                    }
                    r->p = close + 1;
                } else {
                    r->fail = true; /* inline flags and the like */
                    break;
                }
            }
            if (++r->depth > 50) {
                r->fail = true;
                break;
            }
            rx_alt(r, &atom, emit && !look);
            r->depth--;
            if (r->p >= r->end || *r->p != ')') {
                r->fail = true;
                tx_sb_release(&atom);
                break;
            }
            r->p++;
        } else if (c == '[') {
            r->p++;
            uint32_t cp = rx_class(r);
            if (emit && cp)
                put_cp(&atom, cp);
        } else if (c == '\\') {
            r->p++;
            uint32_t cp = rx_escape(r);
            if (emit && cp)
                put_cp(&atom, cp);
        } else if (c == '.') {
            r->p++;
            if (emit)
                tx_sb_addc(&atom, 'a');
        } else if (c == '*' || c == '+' || c == '?') {
            r->fail = true;
            break;
        } else {
            uint32_t cp = rx_next_cp(r);
            if (emit)
                put_cp(&atom, cp);
        }
        long n = rx_quant(r);
        for (long i = 0; i < n && emit; i++)
            tx_sb_add(out, atom.buf, atom.len);
        tx_sb_release(&atom);
    }
}

static void rx_alt(rx *r, tx_sb *out, bool emit)
{
    rx_seq(r, out, emit);
    while (!r->fail && r->p < r->end && *r->p == '|') {
        r->p++;
        rx_seq(r, out, false);
    }
}

static bool pcre_match(const char *pattern, const char *s, size_t n)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err,
                                   &off, NULL);
    if (!re)
        return false;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
    int rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return rc >= 0;
}

/* ---- strings ---- */
static void render_date_pattern(tx_sb *sb, const tx_date_pattern *dp)
{
    static const char *const vals[] = {
        [TX_DP_YEAR4] = "2024", [TX_DP_YEAR2] = "24", [TX_DP_MONTH] = "02", [TX_DP_DAY] = "29",
        [TX_DP_HOUR] = "13", [TX_DP_MINUTE] = "45", [TX_DP_SECOND] = "30", [TX_DP_MILLIS] = "123",
    };
    for (size_t i = 0; i < dp->n_parts; i++) {
        if (dp->parts[i].kind == TX_DP_LITERAL)
            tx_sb_add(sb, dp->parts[i].lit, dp->parts[i].lit_len);
        else if ((unsigned)dp->parts[i].kind < sizeof vals / sizeof vals[0])
            tx_sb_adds(sb, vals[dp->parts[i].kind]);
    }
}

static bool string_ok(const cg_checks *c, const char *s, size_t n)
{
    size_t cps = tx_utf8_count_lenient(s, n);
    if (c->min_length > 0 && (int64_t)cps < c->min_length)
        return false;
    if (c->max_length >= 0 && (int64_t)cps > c->max_length)
        return false;
    for (size_t i = 0; i < c->n_patterns; i++)
        if (!pcre_match(c->patterns[i], s, n))
            return false;
    return true;
}

const char *cg_sample_string(const cg_node *n, tx_arena *a, tx_diags *d, const char *where)
{
    const cg_checks *c = &n->ck;
    static const struct { tx_format f; const char *v; } fixed[] = {
        { TX_FMT_DATE, "2024-02-29" }, { TX_FMT_DATE_TIME, "2024-02-29T13:45:30Z" },
        { TX_FMT_TIME, "13:45:30Z" }, { TX_FMT_UUID, "123e4567-e89b-12d3-a456-426614174000" },
        { TX_FMT_EMAIL, "user@example.com" }, { TX_FMT_URI, "https://example.com/" },
    };
    tx_sb sb = TX_SB_INIT;
    const char *r = NULL;
    if (c->format == TX_FMT_DATE_PATTERN && c->date_pattern) {
        render_date_pattern(&sb, c->date_pattern);
    } else if (c->format != TX_FMT_NONE) {
        for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
            if (fixed[i].f == c->format)
                tx_sb_adds(&sb, fixed[i].v);
    } else if (c->n_patterns) {
        for (int extra = 0; extra < 2; extra++) {
            rx x = { c->patterns[0], c->patterns[0] + strlen(c->patterns[0]), false, 0, extra };
            tx_sb_reset(&sb);
            rx_alt(&x, &sb, true);
            if (!x.fail && x.p == x.end && string_ok(c, sb.buf, sb.len))
                break;
        }
    } else {
        tx_sb_adds(&sb, "sample");
        while (c->min_length > 0 && (int64_t)tx_utf8_count_lenient(sb.buf, sb.len) < c->min_length)
            tx_sb_addc(&sb, 'x');
        if (c->max_length >= 0 && (int64_t)sb.len > c->max_length)
            sb.len = (size_t)c->max_length;
    }
    if (string_ok(c, sb.buf, sb.len))
        r = tx_arena_strndup(a, sb.buf, sb.len);
    else
        tx_diag_add(d, TX_SEV_ERROR, "gen-sample", n->t ? n->t->span : TX_NO_SPAN,
                    "cannot make a sample value for '%s' that passes its checks", where);
    tx_sb_release(&sb);
    return r;
}

int64_t cg_sample_int(const cg_node *n)
{
    const cg_checks *c = &n->ck;
    int64_t v = 1;
    if (c->min.set) {
        int64_t lo = c->min.is_int ? c->min.i : (int64_t)c->min.d + (c->min.d > (double)(int64_t)c->min.d);
        if (v < lo)
            v = lo;
    }
    if (c->max.set) {
        int64_t hi = c->max.is_int ? c->max.i : (int64_t)c->max.d - (c->max.d < (double)(int64_t)c->max.d);
        if (v > hi)
            v = hi;
    }
    return v;
}

double cg_sample_number(const cg_node *n)
{
    const cg_checks *c = &n->ck;
    double v = 1.5;
    if (c->min.set && v < c->min.d)
        v = c->min.d;
    if (c->max.set && v > c->max.d)
        v = c->max.d;
    return v;
}

size_t cg_sample_count(const cg_node *n)
{
    int64_t k = n->ck.min_items > 0 ? n->ck.min_items : 1;
    if (n->ck.max_items >= 0 && k > n->ck.max_items)
        k = n->ck.max_items;
    if (k > 1000)
        k = 1000;
    return (size_t)k;
}

const char *cg_sample_extra_key(const cg_decl *d, tx_arena *a)
{
    const char *key = "sample_extra";
    for (size_t j = 0; j < d->n_fields; j++)
        if (strcmp(d->fields[j].f->name, key) == 0) {
            key = tx_arena_printf(a, "%s_", key);
            j = (size_t)-1;     /* look again from the first */
        }
    return key;
}
