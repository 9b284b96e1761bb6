/* The code emitter: indentation at line starts plus a tiny formatter (see
 * emit.h). Plain runs of the format are found in one table-driven scan
 * (for '%', newline and the end) and copied in one piece; only the
 * directives are interpreted, so emitting is cheap: it runs a few million
 * times for a 10,000-event taxonomy and writes over 100 MB. */
#include "cg_internal.h"
#include <stdarg.h>
#include <string.h>

void cg_emitter_init(cg_emitter *e, tx_sb *out, const char *unit, cg_escape_fn esc)
{
    e->out = out;
    e->stream = NULL;
    e->level = 0;
    e->unit = unit;
    e->unit_len = strlen(unit);
    e->unit_spaces = strspn(unit, " ") == e->unit_len;
    e->bol = true;
    e->escape_string = esc;
}

void cg_indent(cg_emitter *e) { e->level++; }
void cg_unindent(cg_emitter *e) { if (e->level > 0) e->level--; }

/* Appends with the builder's own invariants (sticky failure, NUL at the
 * end) but without a call when there is room: emitting is mostly short
 * fragments, millions of them for a large taxonomy. */
static void put_slow(cg_emitter *e, const char *s, size_t n)
{
    if (e->stream)
        cg_stream_flush(e->stream);
    tx_sb_add(e->out, s, n);
}

/* Most fragments are a few bytes: fixed-size moves (two overlapping ones
 * cover 4..16 bytes) instead of a call to memcpy. */
static inline void copy_small(char *d, const char *s, size_t n)
{
    if (n >= 8 && n <= 16) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        memcpy(d, s, n);
    }
}

static inline void put(cg_emitter *e, const char *s, size_t n)
{
    tx_sb *sb = e->out;
    if (sb->cap - sb->len > n && !sb->failed) {
        copy_small(sb->buf + sb->len, s, n);
        sb->len += n;   /* the NUL comes at the end of each public call */
    } else {
        put_slow(e, s, n);
    }
}

/* The builder's invariant, kept once per call rather than per fragment:
 * put() leaves room for it. */
static inline void terminate(cg_emitter *e)
{
    if (e->out->cap)
        e->out->buf[e->out->len] = '\0';
}

static void put_indent(cg_emitter *e)
{
    static const char spaces[] = "                                                                "
                                 "                                                                ";
    size_t ul = e->unit_len, n = ul * (size_t)e->level;
    if (e->unit_spaces && n <= sizeof spaces - 1) {
        put(e, spaces, n);
    } else {
        for (int i = 0; i < e->level; i++)
            put(e, e->unit, ul);
    }
    e->bol = false;
}

/* Copies s[0..n), which holds no newline, indenting it at a line start. */
static inline void put_line_part(cg_emitter *e, const char *s, size_t n)
{
    if (!n)
        return;
    if (e->bol)
        put_indent(e);
    put(e, s, n);
}

static inline void put_newline(cg_emitter *e)
{
    put(e, "\n", 1);
    e->bol = true;
}

/* Bytes that end a plain run of a format. */
static const unsigned char fmt_stop[256] = { ['\0'] = 1, ['%'] = 1, ['\n'] = 1 };

/* Copies s[0..n), indenting each line it starts (empty lines stay empty). */
void cg_emit_raw(cg_emitter *e, const char *s, size_t n)
{
    const char *end = s + n;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *stop = nl ? nl : end;
        put_line_part(e, s, (size_t)(stop - s));
        if (!nl)
            break;
        put_newline(e);
        s = nl + 1;
    }
    terminate(e);
}

/* A NUL-terminated string: %s arguments average ~25 bytes, long enough
 * for the vectorised strlen and memchr to beat a byte loop. */
static void put_str(cg_emitter *e, const char *s)
{
    size_t n = strlen(s);
    const char *nl = memchr(s, '\n', n);
    if (!nl)
        put_line_part(e, s, n);
    else
        cg_emit_raw(e, s, n);
}

static void put_u64(cg_emitter *e, uint64_t v, bool neg)
{
    char buf[24];
    size_t i = sizeof buf;
    do {
        buf[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (neg)
        buf[--i] = '-';
    put_line_part(e, buf + i, sizeof buf - i);
}

static void put_i64(cg_emitter *e, int64_t v)
{
    if (v < 0)
        put_u64(e, (uint64_t)0 - (uint64_t)v, true);
    else
        put_u64(e, (uint64_t)v, false);
}

void cg_emit(cg_emitter *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = fmt;
    for (;;) {
        const char *q = p;
        while (!fmt_stop[(unsigned char)*q])
            q++;
        put_line_part(e, p, (size_t)(q - p));
        if (*q == '\0')
            break;
        if (*q == '\n') {
            put_newline(e);
            p = q + 1;
            continue;
        }
        p = q + 2;
        switch (q[1]) {
        case 's': put_str(e, va_arg(ap, const char *)); break;
        case 'd': put_i64(e, va_arg(ap, int)); break;
        case 'u': put_u64(e, va_arg(ap, unsigned), false); break;
        case 'z': put_u64(e, va_arg(ap, size_t), false); break;
        case 'l': put_i64(e, va_arg(ap, int64_t)); break;
        case 'H': {
            static const char hex[] = "0123456789abcdef";
            uint64_t v = va_arg(ap, uint64_t);
            char buf[16];
            for (int i = 15; i >= 0; i--, v >>= 4)
                buf[i] = hex[v & 15];
            put_line_part(e, buf, 16);
            break;
        }
        case 'q': {
            const char *s = va_arg(ap, const char *);
            if (e->bol)
                put_indent(e);
            e->escape_string(e->out, s, strlen(s));
            break;
        }
        case '%': put_line_part(e, "%", 1); break;
        default:    /* a bug in a generator: make it visible in the output */
            put_line_part(e, "<bad format>", 12);
            if (!q[1])
                p = q + 1;
            break;
        }
    }
    va_end(ap);
    terminate(e);
}

void cg_emit_lines(cg_emitter *e, const char *prefix, const char *text, size_t n)
{
    size_t pl = strlen(prefix), trimmed = pl;
    while (trimmed && prefix[trimmed - 1] == ' ')
        trimmed--;
    /* the indentation and the prefix as one piece, built once per call
     * (only when the prefix holds no newline; else line by line) */
    char lead[256];
    size_t il = e->unit_spaces ? e->unit_len * (size_t)e->level : sizeof lead;
    bool fast = il + pl <= sizeof lead && !memchr(prefix, '\n', pl);
    if (fast) {
        memset(lead, ' ', il);
        memcpy(lead + il, prefix, pl);
    }
    const char *end = text + n;
    for (;;) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
        size_t take = len ? pl : trimmed;
        if (!fast) {
            cg_emit_raw(e, prefix, take);
        } else if (take || len) {
            if (e->bol)
                put(e, lead, il + take);
            else
                put(e, prefix, take);
            e->bol = false;
        }
        put_line_part(e, text, len);
        put_newline(e);
        if (!nl)
            break;
        text = nl + 1;
    }
    terminate(e);
}

void cg_emit_block_doc(cg_emitter *e, const char *text, size_t n)
{
    if (!memchr(text, '\n', n) && n < 90) {
        cg_emit(e, "/** %s */\n", text);
    } else {
        cg_emit(e, "/**\n");
        cg_emit_lines(e, " * ", text, n);
        cg_emit(e, " */\n");
    }
}
