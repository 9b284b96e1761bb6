/* Source files and spans. A span is a byte range in one loaded file; line
 * and column are computed on demand from a per-file line table, only when a
 * diagnostic is printed (after jq's locfile). Lines and columns are 1-based;
 * columns count Unicode code points so carets line up under Korean text. */
#ifndef TX_SOURCE_H
#define TX_SOURCE_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

typedef struct tx_span {
    uint32_t file;          /* index into tx_sources; TX_NO_FILE when none */
    uint32_t start, end;    /* byte offsets, end exclusive */
} tx_span;

#define TX_NO_FILE UINT32_MAX
#define TX_NO_SPAN ((tx_span){ TX_NO_FILE, 0, 0 })

typedef struct tx_source {
    const char *path;       /* as given by the user (for messages) */
    const char *text;       /* owned by the arena, NUL-terminated */
    size_t len;
    uint32_t *line_starts;  /* lazily built */
    size_t n_lines;
    uint32_t *cp_blocks;    /* lazily built: code points before each 4 KiB block */
} tx_source;

typedef struct tx_sources {
    tx_arena *arena;
    tx_source *items;
    size_t n, cap;
} tx_sources;

typedef struct tx_loc {
    const char *path;
    unsigned line, col;     /* 1-based */
} tx_loc;

/* Registers a file. The text is NOT copied: it must live as long as the
 * sources (put it in the same arena). The path is copied. */
uint32_t tx_sources_add(tx_sources *s, const char *path, const char *text, size_t len);
tx_loc tx_span_loc(tx_sources *s, tx_span sp);
/* The whole line containing offset, without its newline. */
const char *tx_source_line(tx_sources *s, uint32_t file, uint32_t offset, size_t *len,
                           uint32_t *line_start);
#endif
