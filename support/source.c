#include "source.h"
#include "util.h"
#include <string.h>

uint32_t tx_sources_add(tx_sources *s, const char *path, const char *text, size_t len)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 8;
        s->items = tx_arena_grow(s->arena, s->items, s->cap * sizeof *s->items,
                                 nc * sizeof *s->items);
        s->cap = nc;
    }
    tx_source *src = &s->items[s->n];
    src->path = tx_arena_strdup(s->arena, path);
    src->text = text;
    src->len = len;
    src->line_starts = NULL;
    src->n_lines = 0;
    src->cp_blocks = NULL;
    return (uint32_t)s->n++;
}

static void build_lines(tx_sources *s, tx_source *src)
{
    size_t n = 1;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            n++;
    src->line_starts = tx_arena_alloc(s->arena, n * sizeof(uint32_t));
    size_t k = 0;
    src->line_starts[k++] = 0;
    for (size_t i = 0; i < src->len; i++)
        if (src->text[i] == '\n')
            src->line_starts[k++] = (uint32_t)(i + 1);
    src->n_lines = n;
}

static size_t line_index(tx_sources *s, tx_source *src, uint32_t off)
{
    if (!src->line_starts)
        build_lines(s, src);
    size_t lo = 0, hi = src->n_lines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (src->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Code points in text[0..off): a count kept per 4 KiB block plus the rest
 * of the block, so a column far into a long line (minified YAML, JSON on one
 * line) costs at most one block's scan, not the whole line's. */
#define CP_BLOCK 4096u

static size_t cp_before(tx_sources *s, tx_source *src, uint32_t off)
{
    if (src->len <= CP_BLOCK)
        return tx_utf8_count_lenient(src->text, off);
    if (!src->cp_blocks) {
        size_t nb = src->len / CP_BLOCK + 1;
        src->cp_blocks = tx_arena_alloc(s->arena, nb * sizeof(uint32_t));
        uint32_t total = 0;
        for (size_t b = 0; b < nb; b++) {
            src->cp_blocks[b] = total;
            size_t from = b * CP_BLOCK;
            size_t to = from + CP_BLOCK < src->len ? from + CP_BLOCK : src->len;
            total += (uint32_t)tx_utf8_count_lenient(src->text + from, to - from);
        }
    }
    uint32_t b = off / CP_BLOCK;
    return src->cp_blocks[b] + tx_utf8_count_lenient(src->text + (size_t)b * CP_BLOCK,
                                                     off - b * CP_BLOCK);
}

tx_loc tx_span_loc(tx_sources *s, tx_span sp)
{
    tx_loc loc = { "<unknown>", 0, 0 };
    if (sp.file == TX_NO_FILE || sp.file >= s->n)
        return loc;
    tx_source *src = &s->items[sp.file];
    loc.path = src->path;
    uint32_t off = sp.start > src->len ? (uint32_t)src->len : sp.start;
    size_t li = line_index(s, src, off);
    loc.line = (unsigned)li + 1;
    uint32_t ls = src->line_starts[li];
    loc.col = off - ls <= CP_BLOCK
                  ? (unsigned)tx_utf8_count_lenient(src->text + ls, off - ls) + 1
                  : (unsigned)(cp_before(s, src, off) - cp_before(s, src, ls)) + 1;
    return loc;
}

const char *tx_source_line(tx_sources *s, uint32_t file, uint32_t offset, size_t *len,
                           uint32_t *line_start)
{
    if (file == TX_NO_FILE || file >= s->n) {
        *len = 0;
        return NULL;
    }
    tx_source *src = &s->items[file];
    if (offset > src->len)
        offset = (uint32_t)src->len;
    size_t li = line_index(s, src, offset);
    uint32_t ls = src->line_starts[li];
    /* the line ends where the next one starts (O(1): a 7 MB one-line file
     * with a thousand diagnostics used to be scanned a thousand times) */
    uint32_t le = li + 1 < src->n_lines ? src->line_starts[li + 1] - 1 : (uint32_t)src->len;
    if (le > ls && src->text[le - 1] == '\r')
        le--;
    *len = le - ls;
    if (line_start)
        *line_start = ls;
    return src->text + ls;
}
