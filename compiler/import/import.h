/* The JSON importers: `taxonc import segment | rudderstack | jsonschema`.
 * Each reads its sources (files; jsonschema also folders), builds an
 * im_plan (im.h) through the JSON Schema converter (im_json.h) and returns
 * the YAML from the one writer. docs/import.md has, per format, what maps
 * to what and what is lost.
 *
 * All three have one signature, so the CLI's table of formats holds them
 * directly. They return the YAML (NUL-terminated, *out_len bytes, in the
 * context's arena) or NULL when the input had an error (broken JSON, not
 * the format, a $ref outside the file or in a cycle): the diagnostics are
 * in ctx->diags, with file:line:col. Losses are warnings `import-lost`. */
#ifndef TX_IMPORT_H
#define TX_IMPORT_H
#include "../load.h"

/* What every importer takes. */
typedef struct tx_import_opts {
    const char *name;       /* taxonomy identifier; default: from the file name */
    const char *version;    /* NULL: the importer's default (csv: "0.1.0") */
} tx_import_opts;

typedef const char *(*tx_import_fn)(tx_ctx *ctx, const char *const *paths, size_t n,
                                    const tx_import_opts *opts, size_t *out_len);

/* Segment Protocols: the Config API / Typewriter plan.json
 * ({rules: {events, identify, group, global}}), Typewriter's
 * {events: [...]} and the Public API's list of rules ({data: {rules}}).
 * One source. */
const char *tx_import_segment(tx_ctx *ctx, const char *const *paths, size_t n,
                              const tx_import_opts *opts, size_t *out_len);
/* RudderTyper's plan.json ({rules: {events: [{eventType, rules}], global,
 * identify_traits, group_traits}}). One source. */
const char *tx_import_rudderstack(tx_ctx *ctx, const char *const *paths, size_t n,
                                  const tx_import_opts *opts, size_t *out_len);
/* JSON Schema files and folders of them (walked in name order): one event
 * per schema; Snowplow Iglu self-describing schemas become events with
 * `iglu:` (several versions of one schema: one event). */
const char *tx_import_jsonschema(tx_ctx *ctx, const char *const *paths, size_t n,
                                 const tx_import_opts *opts, size_t *out_len);
/* mParticle data plans: a data plan version ({version_document:
 * {data_points}}) or a data plan ({data_plan_versions}: the highest is
 * read). One source. */
const char *tx_import_mparticle(tx_ctx *ctx, const char *const *paths, size_t n,
                                const tx_import_opts *opts, size_t *out_len);
#endif
