/* Name -> identifier mapping shared by lint and codegen (see ident.h).
 * A single left-to-right scan finds word boundaries; no allocation except
 * the output buffer. */
#include "ident.h"
#include <string.h>

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
/* Part of a word: ASCII letters and digits, and every non-ASCII byte. */
static int is_wordc(unsigned char c) { return is_lower(c) || is_upper(c) || is_digit(c) || c >= 0x80; }

size_t tx_ident_words(const char *name, size_t n, tx_ident_word *out, size_t max)
{
    const unsigned char *s = (const unsigned char *)name;
    size_t count = 0, i = 0;
    while (i < n) {
        while (i < n && !is_wordc(s[i]))
            i++;
        if (i >= n)
            break;
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
        if (count < max) {
            out[count].s = name + start;
            out[count].n = i - start;
        }
        count++;
    }
    return count;
}

static char lower(char c) { return is_upper((unsigned char)c) ? (char)(c - 'A' + 'a') : c; }
static char upper(char c) { return is_lower((unsigned char)c) ? (char)(c - 'a' + 'A') : c; }

void tx_ident_append(tx_sb *sb, tx_ident_case kind, const char *name, size_t n)
{
    size_t start = sb->len, w = 0, i = 0;
    /* The same scan as tx_ident_words, emitting as it goes. */
    while (i < n) {
        tx_ident_word word;
        if (tx_ident_words(name + i, n - i, &word, 1) == 0)
            break;
        if (kind == TX_IDENT_SNAKE && w > 0)
            tx_sb_addc(sb, '_');
        for (size_t k = 0; k < word.n; k++) {
            char c = word.s[k];
            bool cap = k == 0 && (kind == TX_IDENT_PASCAL || (kind == TX_IDENT_CAMEL && w > 0));
            tx_sb_addc(sb, cap ? upper(c) : lower(c));
        }
        w++;
        i = (size_t)(word.s + word.n - name);
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
