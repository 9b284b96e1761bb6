/* Exports of a taxonomy for people and other tools: JSON Schema (draft
 * 2020-12), Markdown, HTML and Amplitude's CSVs (the tracking-plan sheet is
 * compiler/sheet/'s). All of them only read the model and write into a
 * string builder; the CLI (cli/cmd_export.c) decides where the text goes
 * and writes it atomically.
 *
 * The Markdown and HTML tables show a type in the sheet's cell texts
 * (type, allowed values, format), so they include the sheet's grammar,
 * compiler/sheet/cells.h. */
#ifndef TX_EXPORT_COMMON_H
#define TX_EXPORT_COMMON_H
#include <stdbool.h>
#include "../schema/model.h"
#include "../schema/constraints.h"
#include "../support/arena.h"
#include "../support/strbuf.h"
#include "../compiler/sheet/cells.h"

/* Events by category, in order of first appearance; events without a
 * category come last under `uncategorized_title`. */
typedef struct tx_exp_category {
    const char *name;                   /* NULL for the uncategorized group */
    size_t n;
    const tx_event **events;
} tx_exp_category;

size_t tx_exp_categories(tx_arena *a, const tx_taxonomy *t, tx_exp_category **out);

/* The metadata to show for an event's (or group's) property slot: the
 * dictionary's, with a per-event variant's own description and
 * deprecation over it (issue 16); `buf` holds the merged copy. */
const tx_meta *tx_exp_slot_meta(const tx_event_prop *ep, tx_meta *buf);

/* A file-name-safe version of `name`: [A-Za-z0-9._-] kept, anything else
 * (and a leading dot) as '_'; empty names become "_". */
char *tx_exp_file_name(tx_arena *a, const char *name);

/* The Markdown and HTML exports (export_doc.c: one walk of the document,
 * two spellings). Each appends a whole document to `sb`. */
void tx_export_markdown(tx_sb *sb, tx_arena *a, const tx_taxonomy *t);
void tx_export_html(tx_sb *sb, tx_arena *a, const tx_taxonomy *t);

/* Amplitude Data's two import CSVs (export_amplitude.c): events.csv into
 * `events`, user_properties.csv into `users`; what Amplitude cannot hold is
 * a warning (code amplitude-export) in `d`, once per property. */
void tx_export_amplitude(tx_sb *events, tx_sb *users, tx_arena *a, const tx_taxonomy *t, tx_diags *d);

/* JSON Schema: one document per event (the event's properties object), and
 * a bundle that validates an envelope {"event": NAME, "properties": {...},
 * "user_properties": {...}} with every event's schema under $defs. */
typedef struct tx_jsonschema_opts {
    bool format_keywords;   /* also write `format` for date, date-time, time,
                             * email, uri (validators may then disagree) */
} tx_jsonschema_opts;
void tx_export_jsonschema_event(tx_sb *sb, const tx_taxonomy *t, const tx_event *e,
                                const tx_jsonschema_opts *o);
void tx_export_jsonschema_bundle(tx_sb *sb, const tx_taxonomy *t, const tx_jsonschema_opts *o);
/* The regular expression (ECMA-262 and Python `re` compatible) that
 * accepts exactly the values of a date pattern, calendar included; NULL
 * when the pattern has no parts. */
char *tx_exp_date_pattern_regex(tx_arena *a, const tx_date_pattern *p);
/* The same for any format of a type (date, date-time, time, uuid, email,
 * uri, date patterns); NULL when it has none. */
char *tx_exp_format_regex(tx_arena *a, const tx_type *t);
#endif
