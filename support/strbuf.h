/* Growable string with sticky errors (after git's strbuf). buf is never
 * NULL; an allocation failure is remembered in `failed` and checked once at
 * the end, so emitters need no error handling per call. */
#ifndef TX_STRBUF_H
#define TX_STRBUF_H
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

typedef struct tx_sb {
    char *buf;
    size_t len, cap;
    bool failed;
} tx_sb;

extern char tx_sb_empty[];
#define TX_SB_INIT { tx_sb_empty, 0, 0, false }

void tx_sb_grow(tx_sb *sb, size_t extra);
void tx_sb_add(tx_sb *sb, const void *data, size_t n);
void tx_sb_adds(tx_sb *sb, const char *s);
void tx_sb_addc(tx_sb *sb, char c);
void tx_sb_addf(tx_sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tx_sb_vaddf(tx_sb *sb, const char *fmt, va_list ap);
void tx_sb_reset(tx_sb *sb);
char *tx_sb_detach(tx_sb *sb, size_t *len); /* caller frees; NULL if failed */
void tx_sb_release(tx_sb *sb);
/* JSON string body escaping (no surrounding quotes); input assumed UTF-8. */
void tx_sb_add_json_str(tx_sb *sb, const char *s, size_t n);
/* XML/HTML text escaping. */
void tx_sb_add_xml(tx_sb *sb, const char *s, size_t n);
/* Markdown inline text (a table cell, a heading): Markdown punctuation
 * backslash-escaped, HTML made inert (&lt; &gt; &amp;), line breaks, tabs
 * and other control characters folded to spaces. NULL adds nothing. The
 * one Markdown escaper: the export and diff's Markdown both use it. */
void tx_sb_add_md(tx_sb *sb, const char *s);
/* A name in Markdown: as `inline code` when that is safe (no backquote,
 * pipe or control character), else escaped text (tx_sb_add_md). */
void tx_sb_add_md_code(tx_sb *sb, const char *s);

/* An escaper: appends the C string s written in some output language. */
typedef void tx_sb_escaper(tx_sb *sb, const char *s);
/* A JSON string in quotes, or null for NULL. */
void tx_sb_add_jstr(tx_sb *sb, const char *s);
/* XML/HTML text of a C string (tx_sb_add_xml); NULL adds nothing. */
void tx_sb_add_xmls(tx_sb *sb, const char *s);
/* One record of a JSON, XML, HTML or Markdown writer from one template:
 * each %s passes through esc (tx_sb_add_jstr, tx_sb_add_xmls, tx_sb_add_md,
 * ...); the other directives are printf's: %c, %%, and d i u x X o f e g
 * with flags, width, precision and no length or l, ll, z, j, t. A string
 * that must not be escaped goes through tx_sb_addf. An unknown directive
 * fails the builder. */
void tx_sb_addesc(tx_sb *sb, tx_sb_escaper *esc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void tx_sb_vaddesc(tx_sb *sb, tx_sb_escaper *esc, const char *fmt, va_list ap);
#endif
