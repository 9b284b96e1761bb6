/* The directory form of the JSON Schema export (`taxonc export jsonschema
 * --out DIR`): which files, under which names, with what text. Rendering
 * only; the CLI writes them (all or none) and removes stale ones. */
#ifndef TX_EXPORT_JSONSCHEMA_DIR_H
#define TX_EXPORT_JSONSCHEMA_DIR_H
#include "export_common.h"

typedef struct tx_export_file {
    const char *path;       /* relative to DIR, e.g. "events/view_page.schema.json" */
    tx_sb doc;
} tx_export_file;

/* One file per event first (in the taxonomy's order), then
 * "bundle.schema.json" and "index.json" (event name -> its file). */
typedef struct tx_export_files {
    tx_export_file *items;
    size_t n, n_events;
} tx_export_files;

/* Renders every file of the directory export of t. Event file names are
 * tx_exp_file_name of the event, unique even on a case-insensitive file
 * system (a later clash gets -2, -3, ...; "index" is taken). Paths and the
 * array live in a; the documents are the caller's, freed by
 * tx_export_files_release. Returns 0, or -1 when memory ran out (the
 * documents are released then). */
int tx_export_jsonschema_files(tx_arena *a, const tx_taxonomy *t, const tx_jsonschema_opts *o,
                               tx_export_files *out);
void tx_export_files_release(tx_export_files *f);
#endif
