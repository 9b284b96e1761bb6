/* `taxonc import csv`: a tracking-plan spreadsheet (CSV, UTF-8, Korean
 * text welcome) -> taxonomy YAML text. Columns are found by header name
 * (aliases in import_csv.c and docs/import.md); blank Category/Event cells
 * continue the row above, as merged cells do; a `Value` column's examples
 * and allowed values are told apart by documented heuristics. Reads back
 * exactly what `taxonc export csv` writes.
 *
 * Problems are diagnostics on the CSV source (file:line:col, the row and
 * the column named in the message); the YAML is returned only when there
 * were no errors. Everything lives in the context's arena. */
#ifndef TX_IMPORT_CSV_H
#define TX_IMPORT_CSV_H
#include "../load.h"

typedef struct tx_import_opts {
    const char *name;       /* taxonomy identifier; default: from the file name */
    const char *version;    /* default "0.1.0" */
} tx_import_opts;

/* Returns the YAML (NUL-terminated, *out_len bytes) or NULL when any row
 * had an error; warnings and notes do not stop it. `path` names the sheet
 * in messages. The text is registered in ctx->sources. */
const char *tx_import_csv(tx_ctx *ctx, const char *path, const char *text, size_t len,
                          const tx_import_opts *opts, size_t *out_len);
#endif
