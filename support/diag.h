/* One diagnostics type and one renderer for the whole tool (after flatcc's
 * error_report and chibicc's verror_at). Library code records diagnostics
 * in a tx_diags list and returns; only the CLI decides the exit code.
 * Messages follow git's guidelines: lowercase, no full stop, the problem
 * first, the subject quoted. Output goes through a callback so tests can
 * capture it. */
#ifndef TX_DIAG_H
#define TX_DIAG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "arena.h"
#include "source.h"

typedef enum tx_severity {
    TX_SEV_OFF = 0,
    TX_SEV_INFO,
    TX_SEV_WARNING,
    TX_SEV_ERROR,
} tx_severity;

const char *tx_severity_name(tx_severity s);          /* "error", ... */
int tx_severity_parse(const char *s, tx_severity *out); /* 0 or -1 */

typedef struct tx_diag {
    const char *code;       /* stable id, e.g. "unknown-type" or a lint rule id */
    tx_severity severity;
    tx_span span;
    const char *message;
    const char *note;       /* optional: "first defined here" */
    tx_span note_span;
    const char *fix;        /* optional: replacement / suggestion text for "help:" */
} tx_diag;

typedef struct tx_diags {
    tx_arena *arena;
    tx_diag *items;
    size_t n, cap;
    size_t limit;           /* max kept; 0 = default 1000 */
    size_t dropped;         /* counted but not kept */
    size_t n_error, n_warning, n_info;
} tx_diags;

/* The code of a diagnostic that says a file could not be read or written
 * (every command exits 2 on one): the loader's, gen's, export's and the
 * CLI's I/O errors all use it. */
#define TX_DIAG_IO "io"
/* True when d holds an I/O diagnostic. */
bool tx_diags_have_io(const tx_diags *d);

/* Adds a diagnostic; returns it (or NULL when over the limit) so callers
 * can attach a note or fix. */
tx_diag *tx_diag_add(tx_diags *d, tx_severity sev, const char *code, tx_span span,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The same with a va_list (for a caller's own printf-like reporter); the
 * message is not even formatted when the diagnostic is over the limit. */
tx_diag *tx_diag_vadd(tx_diags *d, tx_severity sev, const char *code, tx_span span,
                      const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
void tx_diag_note(tx_diags *d, tx_diag *dg, tx_span span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void tx_diag_fix(tx_diags *d, tx_diag *dg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Stable order for output: by file, offset, then insertion. */
void tx_diags_sort(tx_diags *d);

typedef void (*tx_out_fn)(void *ud, const char *s, size_t n);
void tx_out_file(void *ud, const char *s, size_t n);  /* ud = FILE* */

typedef struct tx_render_opts {
    bool color;
    bool no_source;         /* omit the source line and caret */
    bool summary;           /* print "N errors, N warnings" at the end */
} tx_render_opts;

/* file:line:col: severity: message [code] + source line + ^~~~ + notes. */
void tx_render_text(tx_sources *src, const tx_diags *d, const tx_render_opts *o,
                    tx_out_fn out, void *ud);
/* {"diagnostics":[{"code","severity","file","line","column","end_line",
 *   "end_column","message","note","fix"}], "errors":N, "warnings":N, "infos":N} */
void tx_render_json(tx_sources *src, const tx_diags *d, tx_out_fn out, void *ud);
/* True when stdout-like fd should get colour (tty and NO_COLOR unset). */
bool tx_want_color(int fd);
#endif
