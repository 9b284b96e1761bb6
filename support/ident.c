/* Name -> identifier mapping shared by lint and codegen (see ident.h).
 * A single left-to-right scan finds word boundaries (tx_ident_next resumes
 * where the previous word ended, so walking a name is linear in its
 * length); no allocation except the output buffer. */
#include "ident.h"
#include <string.h>

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
/* Part of a word: ASCII letters and digits, and every non-ASCII byte. */
static int is_wordc(unsigned char c) { return is_lower(c) || is_upper(c) || is_digit(c) || c >= 0x80; }

bool tx_ident_next(const char *name, size_t n, size_t *pos, tx_ident_word *out)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t i = *pos;
    while (i < n && !is_wordc(s[i]))
        i++;
    if (i >= n) {
        *pos = n;
        return false;
    }
    size_t start = i++;
    while (i < n && is_wordc(s[i])) {
        unsigned char p = s[i - 1], c = s[i];
        if (is_upper(c) && (is_lower(p) || is_digit(p)))
            break;                              /* loginType, page2View */
        if (is_lower(c) && is_upper(p) && i - 1 > start && is_upper(s[i - 2])) {
            i--;                                /* HTMLParser: HTML|Parser */
            break;
        }
        i++;
    }
    out->s = name + start;
    out->n = i - start;
    *pos = i;
    return true;
}

size_t tx_ident_words(const char *name, size_t n, tx_ident_word *out, size_t max)
{
    size_t count = 0, pos = 0;
    tx_ident_word w;
    while (tx_ident_next(name, n, &pos, &w)) {
        if (count < max)
            out[count] = w;
        count++;
    }
    return count;
}

static char lower(char c) { return is_upper((unsigned char)c) ? (char)(c - 'A' + 'a') : c; }
static char upper(char c) { return is_lower((unsigned char)c) ? (char)(c - 'a' + 'A') : c; }

void tx_ident_append(tx_sb *sb, tx_ident_case kind, const char *name, size_t n)
{
    size_t start = sb->len, w = 0, pos = 0;
    tx_ident_word word;
    /* The same scan as tx_ident_words, emitting as it goes. */
    while (tx_ident_next(name, n, &pos, &word)) {
        if (kind == TX_IDENT_SNAKE && w > 0)
            tx_sb_addc(sb, '_');
        for (size_t k = 0; k < word.n; k++) {
            char c = word.s[k];
            bool cap = k == 0 && (kind == TX_IDENT_PASCAL || (kind == TX_IDENT_CAMEL && w > 0));
            tx_sb_addc(sb, cap ? upper(c) : lower(c));
        }
        w++;
    }
    if (sb->failed)
        return;
    if (sb->len == start || is_digit((unsigned char)sb->buf[start])) {
        /* insert a leading underscore */
        tx_sb_addc(sb, '_');
        if (sb->failed)
            return;
        memmove(sb->buf + start + 1, sb->buf + start, sb->len - start - 1);
        sb->buf[start] = '_';
    }
}

static const char *ident_in(tx_arena *a, tx_ident_case c, const char *name)
{
    tx_sb sb = TX_SB_INIT;
    tx_ident_append(&sb, c, name, strlen(name));
    if (sb.failed)
        tx_die_oom();
    const char *r = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

const char *tx_ident_snake(tx_arena *a, const char *name) { return ident_in(a, TX_IDENT_SNAKE, name); }
const char *tx_ident_camel(tx_arena *a, const char *name) { return ident_in(a, TX_IDENT_CAMEL, name); }
const char *tx_ident_pascal(tx_arena *a, const char *name) { return ident_in(a, TX_IDENT_PASCAL, name); }
