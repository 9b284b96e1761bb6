/* CSV (RFC 4180), both ways. The one reader the importers share (`taxonc
 * import csv`, import.c here, and `taxonc import amplitude`,
 * compiler/import/amplitude.c; csv_read.c) and the one field writer the
 * CSV exports share (`taxonc export csv`, export.c, and `taxonc export
 * amplitude`, codegen/export_amplitude.c; csv_write.c).
 *
 * Each cell keeps its byte range in the source, quotes included, so every
 * problem can point at its cell. Quoted cells may span lines; unquoted
 * cells are trimmed (spaces, tabs, stray line breaks, NBSP); ';' or tab
 * separators are detected from the first line read. Rows and cell texts
 * live in the caller's arena and are NUL-terminated. */
#ifndef TX_SHEET_CSV_H
#define TX_SHEET_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../../support/arena.h"
#include "../../support/diag.h"
#include "../../support/strbuf.h"

typedef struct tx_csv_cell {
    const char *s;          /* unquoted, trimmed, NUL-terminated (arena) */
    size_t n;
    uint32_t start, end;    /* byte range in the source, quotes included */
} tx_csv_cell;

typedef struct tx_csv_row {
    tx_csv_cell *cells;
    size_t n;
    size_t no;              /* record number, 1-based (the header is a record) */
    uint32_t start;
} tx_csv_row;

typedef TX_VEC(tx_csv_row) tx_csv_rows;

enum {
    /* reading: drop the ' that `taxonc export csv` puts before a cell that
     * a spreadsheet would run as a formula ('=, '+, '-, '@, ...);
     * writing: put it there */
    TX_CSV_FORMULA_GUARD = 1,
};

/* Checks that `text` is CSV text at all: valid UTF-8, no NUL bytes. On a
 * problem, records an error (code "csv-encoding", "the <what> is not valid
 * UTF-8 ...") and returns (size_t)-1; else the offset to read from (past a
 * UTF-8 BOM). */
size_t tx_csv_check_text(tx_diags *d, uint32_t file, const char *text, size_t len, const char *what);

/* Reads every record from offset `from` into `out` (appended). Syntax
 * problems are errors with code "csv-syntax"; returns false when there was
 * one (the rows before an unterminated quote are kept, so their problems
 * can still be reported). */
bool tx_csv_read(tx_arena *a, tx_diags *d, uint32_t file, const char *text, size_t len, size_t from,
                 unsigned flags, tx_csv_rows *out);

/* The cell in column k of r, or an empty cell when the row is shorter. */
const tx_csv_cell *tx_csv_at(const tx_csv_row *r, int k);
/* True when every cell of r is empty. */
bool tx_csv_row_blank(const tx_csv_row *r);

/* Appends n bytes of s as one field: quoted when it holds a comma, quote,
 * CR or LF or starts or ends with a space (quotes doubled); with
 * TX_CSV_FORMULA_GUARD, a leading apostrophe when a spreadsheet would run
 * it as a formula. */
void tx_csv_field(tx_sb *sb, const char *s, size_t n, unsigned flags);
#endif
