/* `taxonc import amplitude`: Amplitude Data's tracking-plan CSV files (the
 * events and event properties file, and optionally the user properties
 * file, in any order) -> taxonomy YAML through the importers' one writer
 * (im.h). amplitude.c opens with the mapping; docs/import.md has its table.
 * Everything lives in the context's arena. */
#ifndef TX_IMPORT_AMPLITUDE_H
#define TX_IMPORT_AMPLITUDE_H
#include "im.h"
#include "import.h"

/* Reads one file into p; *kind is 'e' (events file), 'u' (user properties
 * file) or 0 (not one). False when the file had errors (diagnostics in
 * p->ctx). The text is copied and registered in ctx->sources. */
bool im_amplitude_read(im_plan *p, const char *path, const char *text, size_t len, int *kind);

/* All files -> YAML (NUL-terminated, *out_len bytes), or NULL when any had
 * an error; losses are warnings. opts: name (default: from the first
 * file's name) and version (default: none). */
const char *tx_import_amplitude(tx_ctx *ctx, const char *const *paths, const char *const *texts,
                                const size_t *lens, size_t n, const tx_import_opts *opts, size_t *out_len);
#endif
