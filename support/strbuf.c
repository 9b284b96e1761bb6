#include "strbuf.h"
#include "util.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char tx_sb_empty[1];

void tx_sb_grow(tx_sb *sb, size_t extra)
{
    if (sb->failed)
        return;
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t nc = sb->cap ? sb->cap : 64;
    while (nc < sb->len + extra + 1) {
        if (nc > ((size_t)-1) / 2) {
            sb->failed = true;
            return;
        }
        nc *= 2;
    }
    char *nb = realloc(sb->cap ? sb->buf : NULL, nc);
    if (!nb) {
        sb->failed = true;
        return;
    }
    if (!sb->cap)
        nb[0] = '\0';
    sb->buf = nb;
    sb->cap = nc;
}

void tx_sb_add(tx_sb *sb, const void *data, size_t n)
{
    tx_sb_grow(sb, n);
    if (sb->failed)
        return;
    memcpy(sb->buf + sb->len, data, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void tx_sb_adds(tx_sb *sb, const char *s) { tx_sb_add(sb, s, strlen(s)); }
void tx_sb_addc(tx_sb *sb, char c) { tx_sb_add(sb, &c, 1); }

void tx_sb_vaddf(tx_sb *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        sb->failed = true;
        return;
    }
    tx_sb_grow(sb, (size_t)n);
    if (sb->failed)
        return;
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void tx_sb_addf(tx_sb *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

void tx_sb_reset(tx_sb *sb)
{
    sb->len = 0;
    if (sb->cap)
        sb->buf[0] = '\0';
}

char *tx_sb_detach(tx_sb *sb, size_t *len)
{
    char *r;
    if (sb->failed) {
        tx_sb_release(sb);
        return NULL;
    }
    if (!sb->cap) {
        r = malloc(1);
        if (r)
            r[0] = '\0';
    } else {
        r = sb->buf;
    }
    if (len)
        *len = sb->len;
    sb->buf = tx_sb_empty;
    sb->len = sb->cap = 0;
    return r;
}

void tx_sb_release(tx_sb *sb)
{
    if (sb->cap)
        free(sb->buf);
    sb->buf = tx_sb_empty;
    sb->len = sb->cap = 0;
    sb->failed = false;
}

void tx_sb_add_json_str(tx_sb *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[7];
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c == '\b') esc = "\\b";
        else if (c == '\f') esc = "\\f";
        else if (c < 0x20 || c == 0x7f) {
            ubuf[0] = '\\'; ubuf[1] = 'u'; ubuf[2] = '0'; ubuf[3] = '0';
            ubuf[4] = hex[c >> 4]; ubuf[5] = hex[c & 15]; ubuf[6] = 0;
            esc = ubuf;
        }
        if (esc) {
            tx_sb_add(sb, s + i - run, run);
            run = 0;
            tx_sb_adds(sb, esc);
        } else {
            run++;
        }
    }
    tx_sb_add(sb, s + n - run, run);
}

void tx_sb_add_xml(tx_sb *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '<': tx_sb_adds(sb, "&lt;"); break;
        case '>': tx_sb_adds(sb, "&gt;"); break;
        case '&': tx_sb_adds(sb, "&amp;"); break;
        case '"': tx_sb_adds(sb, "&quot;"); break;
        case '\'': tx_sb_adds(sb, "&#39;"); break;
        default:
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                tx_sb_adds(sb, "&#xFFFD;");
            } else if (c < 0x80) {
                tx_sb_addc(sb, (char)c);
            } else {
                /* XML 1.0 has no U+FFFE, U+FFFF nor invalid UTF-8 (a file
                 * name, say): U+FFFD stands in, so the document parses */
                uint32_t cp;
                size_t l = tx_utf8_decode(s + i, n - i, &cp);
                if (!l || cp == 0xFFFE || cp == 0xFFFF)
                    tx_sb_adds(sb, "&#xFFFD;");
                else
                    tx_sb_add(sb, s + i, l);
                if (l)
                    i += l - 1;
            }
        }
    }
}

void tx_sb_add_md(tx_sb *sb, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c && strchr("\\`*_[]|~#!{}", c))
            tx_sb_addc(sb, '\\'), tx_sb_addc(sb, (char)c);
        else if (c == '<')
            tx_sb_adds(sb, "&lt;");
        else if (c == '>')
            tx_sb_adds(sb, "&gt;");
        else if (c == '&')
            tx_sb_adds(sb, "&amp;");
        else if (c < 0x20 || c == 0x7f)
            tx_sb_addc(sb, ' ');
        else
            tx_sb_addc(sb, (char)c);
    }
}

void tx_sb_add_md_code(tx_sb *sb, const char *s)
{
    bool plain = s && *s;
    for (const char *p = s; plain && *p; p++)
        if (*p == '`' || *p == '|' || (unsigned char)*p < 0x20 || *p == 0x7f)
            plain = false;
    if (plain)
        tx_sb_addf(sb, "`%s`", s);
    else
        tx_sb_add_md(sb, s);
}

void tx_sb_add_jstr(tx_sb *sb, const char *s)
{
    if (!s) {
        tx_sb_adds(sb, "null");
        return;
    }
    tx_sb_addc(sb, '"');
    tx_sb_add_json_str(sb, s, strlen(s));
    tx_sb_addc(sb, '"');
}

void tx_sb_add_xmls(tx_sb *sb, const char *s)
{
    if (s)
        tx_sb_add_xml(sb, s, strlen(s));
}

/* A plain %d or %u: the digits, without vsnprintf's two passes. */
static void add_digits(tx_sb *sb, bool neg, uintmax_t v)
{
    char d[24];
    size_t i = sizeof d;
    do
        d[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (neg)
        d[--i] = '-';
    tx_sb_add(sb, d + i, sizeof d - i);
}

/* One directive other than %s and %%, spec[0..n): '%', flags, width and
 * precision (spec[1..head)), a length, the conversion. The argument is
 * taken at the type the length says and printed as printf would; false
 * for a directive outside the set tx_sb_addesc takes. */
static bool add_directive(tx_sb *sb, const char *spec, size_t n, va_list *ap)
{
    char conv = spec[n - 1], fmt[32];
    size_t head = 1 + strspn(spec + 1, "-+ #0123456789.");
    const char *len = spec + head;
    size_t nlen = n - 1 - head;
    if (head + 3 > sizeof fmt || nlen > 2 || (nlen == 2 && strncmp(len, "ll", 2) != 0))
        return false;
    memcpy(fmt, spec, head);
    fmt[head + 1] = '\0';
    if (strchr("fegc", conv)) {
        if (nlen)
            return false;
        fmt[head] = conv;
        if (conv == 'c')
            tx_sb_addf(sb, fmt, va_arg(*ap, int));
        else
            tx_sb_addf(sb, fmt, va_arg(*ap, double));
        return true;
    }
    bool sign = conv == 'd' || conv == 'i';
    intmax_t sv = 0;
    uintmax_t uv = 0;
#define TAKE(st, ut) (sign ? (void)(sv = va_arg(*ap, st)) : (void)(uv = va_arg(*ap, ut)))
    switch (nlen ? len[nlen - 1] : 0) {
    case 0: TAKE(int, unsigned); break;
    case 'l':
        if (nlen == 2)
            TAKE(long long, unsigned long long);
        else
            TAKE(long, unsigned long);
        break;
    case 'z': case 't': TAKE(ptrdiff_t, size_t); break;
    case 'j': TAKE(intmax_t, uintmax_t); break;
    default: return false;
    }
#undef TAKE
    if (head == 1 && conv != 'x' && conv != 'X' && conv != 'o') {
        add_digits(sb, sv < 0, sv < 0 ? -(uintmax_t)sv : sign ? (uintmax_t)sv : uv);
        return true;
    }
    fmt[head] = 'j', fmt[head + 1] = conv, fmt[head + 2] = '\0';
    if (sign)
        tx_sb_addf(sb, fmt, sv);
    else
        tx_sb_addf(sb, fmt, uv);
    return true;
}

void tx_sb_vaddesc(tx_sb *sb, tx_sb_escaper *esc, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    const char *p = fmt;
    while (*p) {
        const char *pc = strchr(p, '%');
        if (!pc) {
            tx_sb_adds(sb, p);
            break;
        }
        tx_sb_add(sb, p, (size_t)(pc - p));
        size_t n = 1 + strspn(pc + 1, "-+ #0123456789.ljzt");
        char conv = pc[n];
        bool ok = true;
        if (n == 1 && conv == '%')
            tx_sb_addc(sb, '%');
        else if (n == 1 && conv == 's')
            esc(sb, va_arg(cp, const char *));
        else
            ok = conv && strchr("diuxXofegc", conv) && add_directive(sb, pc, n + 1, &cp);
        if (!ok) {
            sb->failed = true;
            break;
        }
        p = pc + n + 1;
    }
    va_end(cp);
}
void tx_sb_addesc(tx_sb *sb, tx_sb_escaper *esc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_sb_vaddesc(sb, esc, fmt, ap);
    va_end(ap);
}
