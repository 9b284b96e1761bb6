/* The tracking-plan spreadsheet, both ways: `taxonc import csv` reads a
 * sheet (CSV, UTF-8, Korean text welcome) into taxonomy YAML, `taxonc
 * export csv` writes a taxonomy as one, and what export writes import
 * reads back to the same taxonomy. The folder holds the whole format:
 *   sheet.h        this: the two entry points
 *   csv.h          CSV both ways (RFC 4180): the reader, cells with byte
 *                  ranges (csv_read.c), and the field writer (csv_write.c),
 *                  shared with the Amplitude importer and exporter
 *   columns.c      header aliases
 *   cells.h        the cell grammar, written by cells_write.c and read by
 *                  cells_read.c
 *   heuristics.c   hand-made sheets' Value cells: examples or allowed values
 *   internal.h     the importer's model and the helpers its files share
 *   import.c       rows -> model; plan.c: model -> the importers' YAML writer
 *   export.c       the sheet writer
 *
 * Import: columns are found by header name (aliases in columns.c and
 * docs/import.md); blank Category/Event cells continue the row above, as
 * merged cells do; a `Value` column's examples and allowed values are told
 * apart by documented heuristics. Problems are diagnostics on the CSV
 * source (file:line:col, the row and the column named in the message);
 * the YAML is returned only when there were no errors. Everything lives in
 * the context's arena.
 *
 * Export: appends the whole sheet to a string builder; the CLI
 * (cli/cmd_export.c) decides where it goes. */
#ifndef TX_SHEET_H
#define TX_SHEET_H
#include <stdbool.h>
#include "../import/import.h"
#include "../../schema/model.h"
#include "../../support/strbuf.h"

/* Returns the YAML (NUL-terminated, *out_len bytes) or NULL when any row
 * had an error; warnings and notes do not stop it. `path` names the sheet
 * in messages. The text is registered in ctx->sources. */
const char *tx_import_csv(tx_ctx *ctx, const char *path, const char *text, size_t len,
                          const tx_import_opts *opts, size_t *out_len);

typedef struct tx_csv_opts {
    bool no_bom;        /* default: a UTF-8 BOM first, so spreadsheet apps read Korean */
} tx_csv_opts;
/* The sheet of t: columns Category | Event | Event description | Property |
 * Property description | Type | Allowed values | Format | Required |
 * Trigger (export.c opens with its layout). */
void tx_export_csv(tx_sb *sb, const tx_taxonomy *t, const tx_csv_opts *o);
#endif
