/* The code emitter (after flatcc's println with indent()/unindent()).
 * cg_emit(e, fmt, ...) appends formatted text to a string builder and puts
 * the current indentation in front of every line it starts. The format is
 * our own, small and fast (generation of a 10,000-event taxonomy calls it a
 * few million times):
 *   %s  const char *        %d int   %u unsigned   %z size_t   %l int64_t
 *   %H  uint64_t as 16 hex digits
 *   %q  const char *, written as a string literal of the target language
 *       (quotes included) through the language's escape_string hook
 *   %%  a percent sign
 * Errors are sticky in the builder (support/strbuf.h). An emitter writing
 * to a cg_stream (cg_internal.h) hands the text over whenever the builder
 * fills, so large files are never held in memory whole. */
#ifndef TX_CG_EMIT_H
#define TX_CG_EMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../support/strbuf.h"

/* Writes s[0..n) as a complete string literal (with quotes). */
typedef void (*cg_escape_fn)(tx_sb *sb, const char *s, size_t n);

typedef struct cg_stream cg_stream;

typedef struct cg_emitter {
    tx_sb *out;
    cg_stream *stream;          /* when set, out is its sb and is flushed as it fills */
    int level;
    const char *unit;           /* one level of indentation, e.g. "    " */
    size_t unit_len;
    bool unit_spaces;           /* unit is all spaces */
    bool bol;                   /* at the beginning of a line */
    cg_escape_fn escape_string; /* for %q */
} cg_emitter;

void cg_emitter_init(cg_emitter *e, tx_sb *out, const char *unit, cg_escape_fn esc);
void cg_emit(cg_emitter *e, const char *fmt, ...);
void cg_indent(cg_emitter *e);
void cg_unindent(cg_emitter *e);
/* Appends text as it is (indenting each line it starts). */
void cg_emit_raw(cg_emitter *e, const char *s, size_t n);
/* Writes each line of text (already escaped for a comment) after prefix,
 * e.g. " * " or "/// "; an empty line gets the prefix without its trailing
 * spaces. */
void cg_emit_lines(cg_emitter *e, const char *prefix, const char *text, size_t n);
/* A Javadoc-style doc comment (C, KDoc) of text already escaped for a
 * comment: on one line when it has no newline and is short, else as a
 * block of " * " lines. */
void cg_emit_block_doc(cg_emitter *e, const char *text, size_t n);
#endif
