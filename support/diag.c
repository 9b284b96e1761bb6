#include "diag.h"
#include "strbuf.h"
#include "util.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *tx_severity_name(tx_severity s)
{
    switch (s) {
    case TX_SEV_ERROR: return "error";
    case TX_SEV_WARNING: return "warning";
    case TX_SEV_INFO: return "info";
    default: return "off";
    }
}

int tx_severity_parse(const char *s, tx_severity *out)
{
    static const struct { const char *name; tx_severity sev; } tab[] = {
        { "error", TX_SEV_ERROR }, { "warning", TX_SEV_WARNING }, { "warn", TX_SEV_WARNING },
        { "info", TX_SEV_INFO }, { "off", TX_SEV_OFF },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].name) == 0) {
            *out = tab[i].sev;
            return 0;
        }
    return -1;
}

tx_diag *tx_diag_add(tx_diags *d, tx_severity sev, const char *code, tx_span span,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_diag *dg = tx_diag_vadd(d, sev, code, span, fmt, ap);
    va_end(ap);
    return dg;
}

tx_diag *tx_diag_vadd(tx_diags *d, tx_severity sev, const char *code, tx_span span,
                      const char *fmt, va_list ap)
{
    if (sev == TX_SEV_ERROR) d->n_error++;
    else if (sev == TX_SEV_WARNING) d->n_warning++;
    else if (sev == TX_SEV_INFO) d->n_info++;
    size_t limit = d->limit ? d->limit : 1000;
    if (d->n >= limit) {
        d->dropped++;
        return NULL;
    }
    if (d->n == d->cap) {
        size_t nc = d->cap ? d->cap * 2 : 16;
        d->items = tx_arena_grow(d->arena, d->items, d->cap * sizeof *d->items,
                                 nc * sizeof *d->items);
        d->cap = nc;
    }
    tx_diag *dg = &d->items[d->n++];
    memset(dg, 0, sizeof *dg);
    dg->code = code;
    dg->severity = sev;
    dg->span = span;
    dg->note_span = TX_NO_SPAN;
    dg->message = tx_arena_vprintf(d->arena, fmt, ap);
    return dg;
}

/* dg's note at *note_span, or its fix when note_span is NULL; nothing for
 * a NULL dg (a diagnostic past the limit). */
static void diag_vtext(tx_diags *d, tx_diag *dg, const tx_span *note_span, const char *fmt,
                       va_list ap)
{
    if (!dg)
        return;
    const char *text = tx_arena_vprintf(d->arena, fmt, ap);
    if (note_span) {
        dg->note = text;
        dg->note_span = *note_span;
    } else {
        dg->fix = text;
    }
}

void tx_diag_note(tx_diags *d, tx_diag *dg, tx_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vtext(d, dg, &span, fmt, ap);
    va_end(ap);
}

void tx_diag_fix(tx_diags *d, tx_diag *dg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vtext(d, dg, NULL, fmt, ap);
    va_end(ap);
}

static bool diag_before(const tx_diag *a, const tx_diag *b)
{
    return a->span.file < b->span.file ||
           (a->span.file == b->span.file && a->span.start < b->span.start);
}

void tx_diags_sort(tx_diags *d)
{
    /* Stable bottom-up merge sort: --max-errors keeps up to a million
     * diagnostics, and lint appends its findings rule by rule, so the list
     * is far from sorted (insertion sort took minutes there). */
    size_t n = d->n;
    if (n < 2)
        return;
    tx_diag *tmp = tx_xmalloc(n * sizeof *tmp);
    tx_diag *src = d->items, *dst = tmp;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = diag_before(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        tx_diag *t = src;
        src = dst;
        dst = t;
    }
    if (src != d->items)
        memcpy(d->items, src, n * sizeof *src);
    free(tmp);
}

void tx_out_file(void *ud, const char *s, size_t n)
{
    fwrite(s, 1, n, (FILE *)ud);
}

bool tx_want_color(int fd)
{
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fd) != 0;
}

static const char *sev_color(tx_severity s)
{
    switch (s) {
    case TX_SEV_ERROR: return "\033[1;31m";
    case TX_SEV_WARNING: return "\033[1;33m";
    default: return "\033[1;36m";
    }
}

/* Wide (Hangul, CJK) characters take two columns on a terminal. */
static bool is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

/* Prints the source line and an underline for span. Tabs are kept in the
 * gutter so the caret lines up; columns count code points. */
static void render_snippet(tx_sb *sb, tx_sources *src, tx_span sp, bool color)
{
    size_t ll;
    uint32_t ls;
    const char *line = tx_source_line(src, sp.file, sp.start, &ll, &ls);
    if (!line)
        return;
    tx_loc loc = tx_span_loc(src, sp);
    char gutter[16];
    int gw = snprintf(gutter, sizeof gutter, "%u", loc.line);
    /* A line longer than 200 bytes is cut around the caret. */
    size_t from = 0, to = ll;
    uint32_t off = sp.start - ls;
    if (ll > 200) {
        from = off > 60 ? off - 60 : 0;
        while (from > 0 && ((unsigned char)line[from] & 0xC0) == 0x80)
            from--;
        to = from + 200 < ll ? from + 200 : ll;
        while (to < ll && ((unsigned char)line[to] & 0xC0) == 0x80)
            to++;
    }
    tx_sb_addf(sb, " %s | ", gutter);
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)line[i];
        tx_sb_addc(sb, (c < 0x20 && c != '\t') ? '?' : (char)c);
    }
    tx_sb_addc(sb, '\n');
    tx_sb_addf(sb, " %*s | ", gw, "");
    for (size_t i = from; i < off && i < to; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c & 0xC0) == 0x80)
            continue;
        uint32_t cp = c;
        tx_utf8_decode(line + i, ll - i, &cp);
        tx_sb_adds(sb, c == '\t' ? "\t" : is_wide(cp) ? "  " : " ");
    }
    size_t endoff = sp.end > sp.start ? sp.end - ls : off + 1;
    if (endoff > ll)
        endoff = ll > off ? ll : off + 1;
    if (color)
        tx_sb_adds(sb, "\033[1;32m");
    /* the underline is as wide as the text above it: wide characters,
     * the first one included, take two columns */
    size_t w = 0;
    for (size_t i = off; i < endoff && i < to; i++) {
        if (((unsigned char)line[i] & 0xC0) == 0x80)
            continue;
        uint32_t cp = (unsigned char)line[i];
        tx_utf8_decode(line + i, ll - i, &cp);
        w += is_wide(cp) ? 2 : 1;
    }
    w = w && sp.end > sp.start ? w - 1 : 0;
    tx_sb_addc(sb, '^');
    for (size_t i = 0; i < w; i++)
        tx_sb_addc(sb, '~');
    if (color)
        tx_sb_adds(sb, "\033[0m");
    tx_sb_addc(sb, '\n');
}

static void render_loc(tx_sb *sb, tx_sources *src, tx_span sp)
{
    if (sp.file == TX_NO_FILE)
        return;
    tx_loc loc = tx_span_loc(src, sp);
    tx_sb_addf(sb, "%s:%u:%u: ", loc.path, loc.line, loc.col);
}

void tx_render_text(tx_sources *src, const tx_diags *d, const tx_render_opts *o,
                    tx_out_fn out, void *ud)
{
    tx_render_opts def = { 0 };
    if (!o)
        o = &def;
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < d->n; i++) {
        const tx_diag *dg = &d->items[i];
        tx_sb_reset(&sb);
        if (o->color)
            tx_sb_adds(&sb, "\033[1m");
        render_loc(&sb, src, dg->span);
        if (o->color)
            tx_sb_addf(&sb, "%s%s:\033[0m\033[1m %s\033[0m", sev_color(dg->severity),
                       tx_severity_name(dg->severity), dg->message);
        else
            tx_sb_addf(&sb, "%s: %s", tx_severity_name(dg->severity), dg->message);
        if (dg->code)
            tx_sb_addf(&sb, " [%s]", dg->code);
        tx_sb_addc(&sb, '\n');
        if (!o->no_source)
            render_snippet(&sb, src, dg->span, o->color);
        if (dg->fix)
            tx_sb_addf(&sb, " = help: %s\n", dg->fix);
        if (dg->note) {
            if (dg->note_span.file != TX_NO_FILE) {
                render_loc(&sb, src, dg->note_span);
                tx_sb_addf(&sb, "note: %s\n", dg->note);
                if (!o->no_source)
                    render_snippet(&sb, src, dg->note_span, o->color);
            } else {
                tx_sb_addf(&sb, " = note: %s\n", dg->note);
            }
        }
        out(ud, sb.buf, sb.len);
    }
    if (o->summary) {
        tx_sb_reset(&sb);
        if (d->dropped)
            tx_sb_addf(&sb, "(%zu more not shown)\n", d->dropped);
        tx_sb_addf(&sb, "%zu error%s, %zu warning%s", d->n_error, d->n_error == 1 ? "" : "s",
                   d->n_warning, d->n_warning == 1 ? "" : "s");
        if (d->n_info)
            tx_sb_addf(&sb, ", %zu info", d->n_info);
        tx_sb_addc(&sb, '\n');
        out(ud, sb.buf, sb.len);
    }
    tx_sb_release(&sb);
}

void tx_render_json(tx_sources *src, const tx_diags *d, tx_out_fn out, void *ud)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_adds(&sb, "{\"diagnostics\":[");
    for (size_t i = 0; i < d->n; i++) {
        const tx_diag *dg = &d->items[i];
        if (i)
            tx_sb_addc(&sb, ',');
        tx_sb_addesc(&sb, tx_sb_add_jstr, "\n  {\"code\":%s,\"severity\":%s",
                     dg->code ? dg->code : "", tx_severity_name(dg->severity));
        if (dg->span.file != TX_NO_FILE) {
            tx_loc a = tx_span_loc(src, dg->span);
            tx_span e = dg->span;
            e.start = dg->span.end > dg->span.start ? dg->span.end : dg->span.start;
            tx_loc b = tx_span_loc(src, e);
            tx_sb_addesc(&sb, tx_sb_add_jstr, ",\"file\":%s,\"line\":%u,\"column\":%u,"
                         "\"end_line\":%u,\"end_column\":%u", a.path, a.line, a.col, b.line, b.col);
        }
        tx_sb_addesc(&sb, tx_sb_add_jstr, ",\"message\":%s", dg->message);
        if (dg->fix)
            tx_sb_addesc(&sb, tx_sb_add_jstr, ",\"fix\":%s", dg->fix);
        if (dg->note) {
            tx_sb_addesc(&sb, tx_sb_add_jstr, ",\"note\":%s", dg->note);
            if (dg->note_span.file != TX_NO_FILE) {
                tx_loc n = tx_span_loc(src, dg->note_span);
                tx_sb_addesc(&sb, tx_sb_add_jstr, ",\"note_file\":%s,\"note_line\":%u,"
                             "\"note_column\":%u", n.path, n.line, n.col);
            }
        }
        tx_sb_addc(&sb, '}');
    }
    tx_sb_addf(&sb, "\n],\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu,\"dropped\":%zu}\n",
               d->n_error, d->n_warning, d->n_info, d->dropped);
    out(ud, sb.buf, sb.len);
    tx_sb_release(&sb);
}

bool tx_diags_have_io(const tx_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].code && strcmp(d->items[i].code, TX_DIAG_IO) == 0)
            return true;
    return false;
}
