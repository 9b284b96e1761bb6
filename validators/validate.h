/* Event-log validation: the public API of validators/. A val_schema is
 * compiled once from a loaded taxonomy (hash tables for event and property
 * names, exact bounds, enums, patterns) and is read-only afterwards, so
 * worker threads share it. val_run streams the logs through it and fills a
 * val_result: counts per event type and per code, coverage, the first
 * violations. Reports are rendered from a val_result (report.c). The
 * schema and the result own their memory; free them with val_schema_free
 * and val_result_free. */
#ifndef VAL_VALIDATE_H
#define VAL_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "codes.h"
#include "../schema/model.h"
#include "../support/arena.h"

typedef enum val_profile {
    VAL_PROF_AUTO,
    VAL_PROF_AMPLITUDE,
    VAL_PROF_SEGMENT,
    VAL_PROF_MIXPANEL,
    VAL_PROF_BRAZE,
    VAL_PROF_CUSTOM,
    VAL_PROF_SNOWPLOW,
} val_profile;

const char *val_profile_name(val_profile p);
int val_profile_parse(const char *s, val_profile *out);

typedef struct val_schema val_schema;

typedef struct val_opts {
    val_profile profile;
    const char *event_ptr;      /* custom: JSON Pointer to the event name */
    const char *props_ptr;      /* custom: to the properties object */
    const char *user_ptr;       /* custom: to the user properties (optional) */
    size_t max_errors;          /* violations kept (not counted); 0 = 1000 */
    size_t examples;            /* examples kept per code; 0 = 5 */
    size_t max_record;          /* bytes per record; 0 = 4 MiB */
    unsigned max_depth;         /* nesting; 0 = 512 */
    unsigned jobs;              /* worker threads; 0 = 1 */
    size_t chunk_size;          /* bytes handed to a worker; 0 = 1 MiB, at least 4096 */
    FILE *valid_out;            /* filter mode: valid records, verbatim */
    FILE *invalid_out;          /* invalid records annotated, one JSON per line */
    bool fail[VAL_N_CODES];     /* codes that make a record invalid */
    bool progress;              /* progress line on stderr */
    bool no_fast;               /* every record through the full walk (for tests) */
    size_t funnel_journeys;     /* open funnel journeys kept; 0 = 1,000,000 */
} val_opts;

/* Fills defaults (fail set from the codes' default severities). */
void val_opts_init(val_opts *o);

typedef struct val_violation {
    val_code code;
    const char *file;
    uint64_t line;              /* 1-based */
    uint64_t column;            /* 1-based, in code points */
    uint64_t record;            /* 0-based index of the record in its file */
    const char *event;          /* event name when known, or NULL */
    const char *path;           /* JSON Pointer into the record */
    const char *message;
    const char *expected;       /* may be NULL */
    const char *found;          /* may be NULL */
} val_violation;

typedef struct val_event_stats {
    uint64_t seen, valid, invalid;
} val_event_stats;

typedef struct val_unknown_event {
    const char *name;
    uint64_t seen;
} val_unknown_event;

/* Violations counted per (event, property, code), each cell with the
 * location of its first violation in input order. A run can fill at most
 * (events + 1) x (properties + 1) x codes cells, whatever the logs hold:
 * the plan bounds them. Built and merged by cells.c. */
#define VAL_CELL_UNKNOWN UINT32_MAX     /* val_cell.event: events not in the taxonomy */
typedef struct val_cell {
    uint32_t event;             /* index in tax->events, or VAL_CELL_UNKNOWN */
    val_code code;
    const char *prop;           /* the property's name; NULL: the event itself */
    uint64_t count;
    const char *file;           /* where the first one is */
    uint64_t line, column;
} val_cell;
struct tx_strmap;
typedef struct val_cells {
    val_cell **items;           /* in the order first met */
    size_t n, cap;
    struct tx_strmap *map;      /* (event, code, property) -> cell; made on first use */
} val_cells;

typedef struct val_result {
    tx_arena *arena;
    const tx_taxonomy *tax;
    val_profile profile;        /* as used (after detection) */
    uint64_t files, bytes, lines, records, events, valid, invalid, ignored;
    uint64_t code_count[VAL_N_CODES];
    val_event_stats *ev;        /* per taxonomy event */
    val_event_stats unknown;    /* events not in the taxonomy, all names */
    size_t n_unknown;           /* distinct unknown names kept (<= 1000) */
    val_unknown_event *unknown_names;
    uint8_t *prop_seen;         /* per dictionary property */
    uint8_t *ev_prop_seen;      /* per event's flattened property (ev_prop_base) */
    size_t *ev_prop_base;
    size_t n_kept;
    val_violation *kept;        /* first max_errors violations, input order */
    size_t n_examples[VAL_N_CODES];
    val_violation *examples[VAL_N_CODES];
    size_t max_errors, max_examples;
    size_t cap_kept, cap_examples[VAL_N_CODES]; /* grown on demand, never by the maxima */
    uint64_t failing;           /* violations whose code is in the fail set */
    bool io_error;              /* some input could not be read completely */
    /* Funnels (validators/funnels.h): per taxonomy funnel, its counts once
     * the run has ended (NULL without funnels); the journey table's limit. */
    size_t n_funnels;
    struct val_fn_counts *funnels;
    size_t funnel_journeys;
    struct val_fn_engine *fn_engine;    /* the live engine, during the run */
    uint64_t funnel_links_forgotten;    /* device -> user links the full table forgot */
    val_cells cells;            /* violations of events, per property and code */
} val_result;

/* Compiles the validator. Returns NULL with *err set when a pattern of the
 * taxonomy cannot be compiled. */
val_schema *val_schema_new(const tx_taxonomy *t, char *err, size_t errlen);
void val_schema_free(val_schema *s);

/* Validates the files (path "-" is stdin). I/O errors are printed on
 * stderr as `taxonc: error: ...` and flagged in res->io_error; the run goes
 * on with the next file. Returns 0, or -1 on bad options (message in err). */
int val_run(const val_schema *s, const val_opts *o, const char *const *paths, size_t n,
            val_result *res, char *err, size_t errlen);
/* Validates one in-memory log (NDJSON, array or document), for tests. */
int val_run_buffer(const val_schema *s, const val_opts *o, const char *name,
                   const char *data, size_t len, val_result *res);
void val_result_free(val_result *res);

/* Live validation (taxonc serve): records arrive a batch at a time, each
 * is checked exactly as `validate` checks a line of a log, its verdict and
 * violations are returned at once, and everything is added to one running
 * result, the one the reports render. A record's violations live until the
 * next call; the stream owns its result. Not thread-safe. */
typedef struct val_stream val_stream;
struct val_fn_hit;
struct val_fn_violation;
typedef enum val_rec_verdict { VAL_REC_VALID, VAL_REC_INVALID, VAL_REC_IGNORED } val_rec_verdict;
typedef struct val_record {
    const char *data;           /* in: one record (a JSON object) */
    size_t len;
    val_rec_verdict verdict;    /* out; ignored: no event in it (identify, ...) */
    size_t n_violations;        /* out: all of the record's, counted */
    size_t n_kept;              /* out: the first ones (up to 100), in violations */
    const val_violation *violations;
    size_t n_hits;              /* out: its funnel step hits (funnels.h), fed to the */
    const struct val_fn_hit *hits;  /* stream's engine already; valid until the next call */
} val_record;
/* o->profile is the default; NULL with err on bad custom pointers. */
val_stream *val_stream_new(const val_schema *s, const val_opts *o, char *err, size_t errlen);
/* Checks recs[0..n) as records line0, line0+1, ... of file (for messages
 * and the kept violations) with profile p (VAL_PROF_AUTO: the stream's). */
void val_stream_check(val_stream *st, val_profile p, const char *file, uint64_t line0,
                      val_record *recs, size_t n);
const val_result *val_stream_result(const val_stream *st);
/* Funnels: note is told each violation of the stream's engine
 * (val_result.fn_engine, fed every record's hits in order) once counted:
 * during val_stream_check, or during a val_fn_finish of that engine. */
void val_stream_on_funnel(val_stream *st, void (*note)(void *ctx, const struct val_fn_violation *v),
                          void *ctx);
/* Forgets everything counted so far. */
void val_stream_reset(val_stream *st);
void val_stream_free(val_stream *st);

/* Reports. */
typedef enum val_format { VAL_FMT_TEXT, VAL_FMT_JSON, VAL_FMT_JUNIT, VAL_FMT_HTML } val_format;
int val_format_parse(const char *s, val_format *out);
typedef struct val_report_opts {
    bool verbose;               /* text: every kept violation, not a summary */
    bool color;
    const bool *fail;           /* the fail set, for the verdict line */
} val_report_opts;
void val_report(const val_result *r, val_format f, const val_report_opts *o, FILE *out);
/* One violation as the JSON report writes it (an object), appended to b. */
struct tx_sb;
void val_violation_json(struct tx_sb *b, const val_violation *v);
/* The JSON report's funnel members, `,"funnel_journeys":N,"funnels":[...]`,
 * of r->funnels (n_funnels of them; nothing when 0): funnel_report.c. */
void val_fn_report_json(struct tx_sb *b, const val_result *r);
#endif
