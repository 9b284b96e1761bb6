/* Small shared helpers: UTF-8, hashing, near-name suggestions, file I/O. */
#ifndef TX_UTIL_H
#define TX_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Returns the byte offset of the first invalid sequence, or n if valid.
 * Rejects overlongs, surrogates and code points above U+10FFFF. */
size_t tx_utf8_check(const char *s, size_t n);
/* Code points in a valid UTF-8 string (invalid bytes count one each). */
size_t tx_utf8_count_lenient(const char *s, size_t n);
/* Decodes one code point at s (n bytes left); returns its length or 0. */
size_t tx_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp (at most U+10FFFF) as UTF-8 into out; returns its length.
 * Inline: validators/json.c decodes \u escapes with it on its hot path. */
static inline size_t tx_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

uint64_t tx_hash64(const void *data, size_t n);   /* FNV-1a, stable across runs */

/* Levenshtein distance, capped: returns cap+1 when larger. */
size_t tx_edit_distance(const char *a, size_t an, const char *b, size_t bn, size_t cap);
/* The closest candidate within a sensible distance (1 edit for words of up
 * to 3 bytes, 2 up to 6, 3 above; a transposition is one edit), or NULL;
 * ties go to the earlier candidate. The one did-you-mean of the project. */
const char *tx_suggest(const char *word, size_t wn, const char *const *cands, size_t n);
/* The same with the caller's distance cap (0: the sensible one above),
 * NULL candidates skipped, and optionally each candidate's tx_letters()
 * computed once by the caller (NULL: computed here). Candidates are
 * dismissed by cheap lower bounds (length, letters one word has and the
 * other lacks) before the edit distance, so a large vocabulary costs little;
 * the answer is exactly tx_suggest's. */
const char *tx_suggest_in(const char *word, size_t wn, const char *const *cands, size_t n,
                          size_t cap, const uint64_t *letters);
/* The set of bytes in s folded onto 64 bits (byte & 63), for tx_suggest_in. */
uint64_t tx_letters(const char *s, size_t n);

/* Reads a whole file (NUL-terminated). Returns 0, or -1 with errno set;
 * errno EFBIG when larger than max_size. Caller frees *data. */
int tx_read_file(const char *path, size_t max_size, char **data, size_t *len);
/* The same for a path that must name a regular file (a symlink to one is
 * fine), e.g. an included file: a FIFO, socket, device or folder is never
 * waited on or read. Returns -1 with *kind naming it ("a FIFO", "a socket",
 * "a character device", "a block device", "a folder"); on any other
 * failure *kind is NULL and errno says why. */
int tx_read_regular_file(const char *path, size_t max_size, char **data, size_t *len,
                         const char **kind);
/* Temporary files to remove if the process is interrupted (SIGINT,
 * SIGTERM, SIGHUP; handlers are installed on first use, and only where the
 * signal is not ignored). tx_tmp_track returns a handle (NULL when it
 * could not track); the caller keeps path alive and calls tx_tmp_untrack
 * with the handle before freeing path or renaming the file. Used by the
 * output writer (out.h). */
typedef const char *volatile tx_tmp_slot;
tx_tmp_slot *tx_tmp_track(const char *path);
void tx_tmp_untrack(tx_tmp_slot *slot);
/* mkdir -p; 0 or -1 with errno. */
int tx_mkdirs(const char *path);
/* [A-Za-z_][A-Za-z0-9_]*: taxonomy names and other plain identifiers. */
bool tx_is_identifier(const char *s);
/* Whether all of s is a number: JSON's grammar
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? when json, else the
 * loader's, which also takes a leading '+' and leading zeros. */
bool tx_is_number(const char *s, bool json);
#endif
