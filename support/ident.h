/* Taxonomy names -> identifiers of generated code. One mapping, shared by
 * lint (identifier-collision) and codegen, so what lint promises is what the
 * generators emit.
 *
 * A name is split into words: at every ASCII character that is not a letter
 * or digit (`_`, `-`, space, `.`, `+`, ...), at a lower-to-upper change
 * (`loginType` -> login|Type), at the end of an upper-case run followed by a
 * lower-case letter (`HTMLParser` -> HTML|Parser) and at a digit-to-upper
 * change (`page2View` -> page2|View). Digits otherwise stay in their word.
 * Bytes >= 0x80 (UTF-8, e.g. Hangul) are kept unchanged inside words: C11,
 * Swift and Kotlin accept them in identifiers and they have no case.
 *
 *   snake  (C):              words lower-cased, joined by '_'   login_type
 *   camel  (Swift/Kotlin functions, parameters, enum cases)     loginType
 *   pascal (Swift/Kotlin types)                                 LoginType
 *
 * A result that would start with a digit gets a leading '_' ("1day" ->
 * "_1day"); a name with no word at all maps to "_". Language keywords are
 * not handled here: escaping them is each generator's business. */
#ifndef TX_IDENT_H
#define TX_IDENT_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"
#include "strbuf.h"

typedef enum tx_ident_case {
    TX_IDENT_SNAKE,
    TX_IDENT_CAMEL,
    TX_IDENT_PASCAL,
} tx_ident_case;

typedef struct tx_ident_word {
    const char *s;      /* points into the name */
    size_t n;
} tx_ident_word;

/* Splits name[0..n) into words as described above. Writes at most `max`
 * words to out (out may be NULL when max is 0) and returns how many words
 * the name has. */
size_t tx_ident_words(const char *name, size_t n, tx_ident_word *out, size_t max);

/* The next word of name[0..n) at or after *pos: fills *out, moves *pos past
 * the word and returns true; false at the end. Start with *pos = 0. A name
 * is split the same way word by word as by tx_ident_words. */
bool tx_ident_next(const char *name, size_t n, size_t *pos, tx_ident_word *out);

/* Appends the identifier for name[0..n) to sb. */
void tx_ident_append(tx_sb *sb, tx_ident_case c, const char *name, size_t n);

/* The same, as a NUL-terminated string in arena a. */
const char *tx_ident_snake(tx_arena *a, const char *name);
const char *tx_ident_camel(tx_arena *a, const char *name);
const char *tx_ident_pascal(tx_arena *a, const char *name);
#endif
