/* Code generation: typed tracking stubs for C, Swift and Kotlin.
 * cg_generate() turns a loaded taxonomy into in-memory files (deterministic:
 * the same model gives byte-identical output); cg_write_files() puts a set
 * on disk all-or-nothing; cg_check_files() reports which files on disk
 * differ (for `taxonc gen --check`); cg_event_function_names() and
 * cg_identify_function_name() say what app code calls (validators/appsource/
 * checks app sources for those calls).
 * Ownership: a cg_files owns its paths and data (malloc); free it with
 * cg_files_free(). Nothing returned points into the model. For large
 * taxonomies cg_files_stream() sends the files straight to disk instead. */
#ifndef TX_CG_GEN_H
#define TX_CG_GEN_H
#include <stdbool.h>
#include <stddef.h>
#include "../schema/model.h"
#include "../support/diag.h"
#include "../support/util.h"
#include "../support/out.h"

typedef enum cg_lang {
    CG_LANG_C,
    CG_LANG_SWIFT,
    CG_LANG_KOTLIN,
    CG_LANG_COUNT
} cg_lang;

const char *cg_lang_name(cg_lang l);            /* "c", "swift", "kotlin" */
int cg_lang_parse(const char *s, size_t n, cg_lang *out);   /* 0 or -1 */

/* What a streamed file (cg_files_stream) turned out to be. */
typedef enum cg_file_state {
    CG_FILE_MEMORY,     /* not streamed: data holds the content */
    CG_FILE_SAME,       /* the file in the folder already has this content */
    CG_FILE_DIFFERS,    /* it differs (written: tmp waits for its rename) */
    CG_FILE_MISSING,    /* there is none (written: tmp waits for its rename) */
} cg_file_state;

typedef struct cg_file {
    char *path;         /* relative to the output folder, e.g. "travel_app.h" */
    char *data;         /* the content; NULL when streamed */
    size_t len;
    cg_file_state state;
    tx_out *w;          /* streamed and written: the finished output, waiting
                         * for cg_write_files() to publish it (support/out.h) */
} cg_file;

typedef struct cg_files {
    cg_file *items;
    size_t n, cap;
    /* Streaming, set by cg_files_stream(): */
    const char *dir;    /* not owned */
    bool check;
    bool io_failed;     /* a streamed file failed (an "io" diagnostic says why) */
    bool dir_ready, dir_created, committed;
} cg_files;

/* Makes the generators send every file straight to dir while they produce
 * it instead of keeping it in memory (a 10,000-event taxonomy makes over
 * 100 MB of code): each file is compared with the one already there as it
 * is produced and, from its first difference, written to a temporary file
 * next to it. With check set nothing is written; each file is only
 * compared. cg_generate_set() creates dir when missing (and
 * cg_files_free() removes it again when nothing was committed). Then
 * cg_write_files() renames the temporaries over their targets and
 * cg_check_files() reports what differed; cg_files_free() removes any
 * temporary left. An I/O error fails generation with an "io" diagnostic
 * and sets io_failed. */
void cg_files_stream(cg_files *f, const char *dir, bool check);

/* Appends the files for one language to *out. Returns 0, or -1 with a
 * diagnostic in d (out is then left as it was). */
int cg_generate(const tx_taxonomy *t, cg_lang lang, cg_files *out, tx_diags *d);
void cg_files_free(cg_files *f);
/* The languages marked in want (and their samples when sample is set),
 * generated side by side in threads; files are appended in language order,
 * so the result is the same as calling cg_generate for each in turn.
 * Returns 0, or -1 when some language failed (diagnostics in d). */
int cg_generate_set(const tx_taxonomy *t, const bool want[CG_LANG_COUNT], bool sample,
                    cg_files *out, tx_diags *d);

/* What `gen` lets the app choose for Swift and Kotlin (NULL: as derived
 * from the taxonomy's name): the tracker type's name (an ASCII identifier;
 * a keyword gets `_` behind) and the Kotlin package (dot-separated ASCII
 * identifiers, none a Kotlin hard keyword). The caller validates the
 * spelling (cg_opts_check). */
typedef struct cg_opts {
    const char *type_name;
    const char *package;
    bool internal;      /* the tracker type `internal` (module-only), not public */
} cg_opts;

/* 0 when o's names are spelt as above; else -1 and a message in why. */
int cg_opts_check(const cg_opts *o, const char **why);
/* cg_generate_set with options (o may be NULL). */
int cg_generate_set_opts(const tx_taxonomy *t, const bool want[CG_LANG_COUNT], bool sample,
                         const cg_opts *o, cg_files *out, tx_diags *d);
/* Appends a sample program for one language: it calls every event with
 * valid sample values through a transport printing one NDJSON line per
 * event ({"event_type":...,"event_properties":{...}}, Amplitude's shape) and
 * counts strict-mode violations. C: <taxonomy>_sample.c with main();
 * Swift: <Taxonomy>Sample.swift with `enum <Taxonomy>Sample { static func
 * run() -> Int }`; Kotlin: <Taxonomy>Sample.kt with main(). */
int cg_generate_sample(const tx_taxonomy *t, cg_lang lang, cg_files *out, tx_diags *d);

/* Writes every file under dir (created when missing): all temporary files
 * first, then the renames, so an error (disk full, permissions, file size
 * limit) leaves no partial file and, before the first rename, no change at
 * all. Streamed files already have their temporaries. Returns 0, or -1
 * with an "io" diagnostic. */
int cg_write_files(const char *dir, cg_files *f, tx_diags *d);

/* For --check: calls stale(ud, path, why) for each file under dir that is
 * missing or differs ("missing", "differs"); returns how many, or -1 with a
 * diagnostic on an I/O error other than a missing file. Streamed files
 * were compared while they were generated. */
int cg_check_files(const char *dir, const cg_files *f,
                   void (*stale)(void *ud, const char *path, const char *why),
                   void *ud, tx_diags *d);

/* The name of the generated function for event i in a language, as app
 * code calls it ("travel_app_track_complete_sign_up", "completeSignUp").
 * Fills names[0..n_events) (strings in arena a). */
void cg_event_function_names(const tx_taxonomy *t, cg_lang lang, tx_arena *a,
                             const char **names);
/* The name of the generated identify function (the user properties) in a
 * language, as app code calls it ("travel_app_identify", "identify"), or
 * NULL when the taxonomy has no user properties (none is generated).
 * String in arena a. */
const char *cg_identify_function_name(const tx_taxonomy *t, cg_lang lang, tx_arena *a);
#endif
