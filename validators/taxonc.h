/* libtaxonc: the public C API (installed as <taxonc.h>; the only header a
 * user needs). It lives with the validator it exposes: the library's
 * internal headers (those of schema, compiler and validators) are not installed
 * and nothing here names their types.
 *
 * Ownership: every handle is opaque and freed by its own _free function;
 * every char * returned is a NUL-terminated malloc'd string the caller
 * releases with taxonc_free. A plan is read-only once loaded: threads may
 * validate with one plan at the same time. A summary is not thread-safe. */
#ifndef TAXONC_H
#define TAXONC_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct taxonc_plan taxonc_plan;
typedef struct taxonc_summary taxonc_summary;

/* The library's version, e.g. "0.1.0". */
const char *taxonc_version(void);
void taxonc_free(void *p);

/* Loads and compiles the taxonomy at path. NULL when it cannot be used;
 * *diagnostics (when diagnostics is not NULL) then receives the text
 * `taxonc check` prints, else NULL. */
taxonc_plan *taxonc_load(const char *path, char **diagnostics);
void taxonc_plan_free(taxonc_plan *p);

/* Validates the files (NDJSON, JSON array or documents, gzip, zip, tar;
 * "-" is stdin) as `taxonc validate PLAN FILE...` does. NULL only for bad
 * options (*error set); unreadable input is counted in the summary
 * (TAXONC_IO_ERROR) and reported on stderr. */
taxonc_summary *taxonc_validate_files(const taxonc_plan *p, const char *const *paths, size_t n,
                                      char **error);
/* Validates one in-memory log named name (for the report). */
taxonc_summary *taxonc_validate_buffer(const taxonc_plan *p, const char *name, const void *data,
                                       size_t len);

/* Checks one record (a JSON object). Returns 0 valid, 1 invalid, 2 ignored
 * (not an event), -1 on failure; *violations (when not NULL) receives the
 * record's violations as a JSON array, as the JSON report writes them. */
int taxonc_check(const taxonc_plan *p, const char *record, size_t len, char **violations);

/* The report: exactly `taxonc validate --format json`'s text. */
char *taxonc_summary_json(const taxonc_summary *s);
typedef enum taxonc_counter {
    TAXONC_FILES, TAXONC_BYTES, TAXONC_RECORDS, TAXONC_EVENTS, TAXONC_VALID, TAXONC_INVALID,
    TAXONC_IGNORED, TAXONC_VIOLATIONS, TAXONC_FAILING, TAXONC_IO_ERROR,
} taxonc_counter;
uint64_t taxonc_summary_count(const taxonc_summary *s, taxonc_counter c);
/* Adds from to into: afterwards into is the summary of into's inputs then
 * from's, as one run over them would give. Both must come from the same
 * plan. -1 with *error set (when error is not NULL) otherwise. */
int taxonc_summary_merge(taxonc_summary *into, const taxonc_summary *from, char **error);
void taxonc_summary_free(taxonc_summary *s);
/* Reads a `validate --format json` report (taxonc_summary_json's text, or
 * the CLI's) back as a summary, to send summaries between processes (the
 * Python package pickles them so): it renders the same JSON and merges
 * with the summaries of the plan it came from. NULL with *error set (when
 * error is not NULL) when the text is not such a report. */
taxonc_summary *taxonc_summary_from_json(const char *text, size_t len, char **error);

#ifdef __cplusplus
}
#endif
#endif
