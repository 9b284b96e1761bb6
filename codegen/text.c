/* Text hazards shared by the generators: what may never be pasted raw into
 * a comment or literal (control characters, line and paragraph separators,
 * bidirectional controls that make code read differently from how it
 * compiles), plus exact double literals and the format checks' names and
 * messages. Per-language escaping lives in
 * each gen_<lang>.c; this file holds the common part. */
#include "cg_internal.h"
#include "../support/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cg_unsafe_codepoint(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

static const cg_format_check format_checks[TX_FMT_URI + 1] = {
    [TX_FMT_DATE] = { "date", "Date", "not a date (yyyy-mm-dd)" },
    [TX_FMT_DATE_TIME] = { "date_time", "DateTime", "not an RFC 3339 date-time" },
    [TX_FMT_TIME] = { "time", "Time", "not an RFC 3339 time" },
    [TX_FMT_UUID] = { "uuid", "Uuid", "not a uuid" },
    [TX_FMT_EMAIL] = { "email", "Email", "not an email address" },
    [TX_FMT_URI] = { "uri", "Uri", "not a uri" },
};

const cg_format_check *cg_format_check_of(tx_format f)
{
    if ((unsigned)f >= sizeof format_checks / sizeof format_checks[0] || !format_checks[f].message)
        return NULL;
    return &format_checks[f];
}

const char *cg_common_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\t': return "\\t";
    default: return NULL;
    }
}

size_t cg_utf8_at(const char *s, size_t n, uint32_t *cp)
{
    size_t l = tx_utf8_decode(s, n, cp);
    if (l)
        return l;
    *cp = 0xFFFD;
    return 1;
}

void cg_comment_text(tx_sb *sb, const char *s, size_t n, unsigned flags)
{
    size_t start = sb->len;
    char prev = 0;
    size_t i = 0;
    while (i < n) {
        /* fast path: a run of printable ASCII with no hazard in it */
        size_t run = i;
        while (run < n) {
            unsigned char r = (unsigned char)s[run];
            if (r < 0x20 || r >= 0x7F || r == '*' || r == '/' || r == '?')
                break;
            run++;
        }
        if (run > i) {
            tx_sb_add(sb, s + i, run - i);
            prev = s[run - 1];
            i = run;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        uint32_t cp;
        size_t l = cg_utf8_at(s + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1) {
            tx_sb_adds(sb, "<U+FFFD>");
            prev = '>';
            i += l;
            continue;
        }
        if (c == '\r') {
            /* \r\n and lone \r both end a line */
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
            c = '\n';
            cp = '\n';
        }
        if (c == '\n') {
            while (sb->len > start && sb->buf[sb->len - 1] == ' ')
                sb->len--;
            tx_sb_addc(sb, '\n');
            prev = '\n';
            i += 1;
            continue;
        }
        if (c == '\t') {
            tx_sb_addc(sb, ' ');
            prev = ' ';
            i++;
            continue;
        }
        if (cg_unsafe_codepoint(cp)) {
            tx_sb_addf(sb, "<U+%04X>", (unsigned)cp);
            prev = '>';
            i += l;
            continue;
        }
        if ((flags & CG_COMMENT_BLOCK) &&
            ((prev == '*' && c == '/') || (prev == '/' && c == '*'))) {
            tx_sb_addc(sb, ' ');
        }
        if ((flags & CG_COMMENT_TRIGRAPH) && prev == '?' && c == '?') {
            tx_sb_addc(sb, ' ');
            c = '?';
        }
        tx_sb_add(sb, s + i, l);
        prev = (char)c;
        i += l;
    }
    while (sb->len > start && (sb->buf[sb->len - 1] == ' ' || sb->buf[sb->len - 1] == '\n'))
        sb->len--;
    if (!sb->failed && sb->cap)
        sb->buf[sb->len] = '\0';
}

const char *cg_comment_dup(tx_arena *a, const char *s, size_t n, unsigned flags)
{
    tx_sb sb = TX_SB_INIT;
    cg_comment_text(&sb, s, n, flags);
    const char *r = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

void cg_double_literal(tx_sb *sb, double d)
{
    char buf[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* the C locale is in effect in taxonc; still, make sure of '.' */
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    tx_sb_adds(sb, buf);
    if (!strpbrk(buf, ".eEn"))
        tx_sb_adds(sb, ".0");
}

void cg_expand(tx_sb *sb, const char *text, const char *p, const char *P, const char *N)
{
    const char *s = text;
    for (;;) {
        const char *q = strchr(s, '`');
        if (!q) {
            tx_sb_adds(sb, s);
            return;
        }
        tx_sb_add(sb, s, (size_t)(q - s));
        if ((q[1] == 'p' || q[1] == 'P' || q[1] == 'N') && q[2] == '`') {
            tx_sb_adds(sb, q[1] == 'p' ? p : q[1] == 'P' ? P : N);
            s = q + 3;
        } else {
            tx_sb_addc(sb, '`');
            s = q + 1;
        }
    }
}
