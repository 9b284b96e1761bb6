#include "util.h"
#include "arena.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t tx_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t tx_utf8_check(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t l = tx_utf8_decode(s + i, n - i, &cp);
        if (!l)
            return i;
        i += l;
    }
    return n;
}

size_t tx_utf8_count_lenient(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

uint64_t tx_hash64(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* Optimal string alignment distance: adjacent transpositions cost one. */
static size_t osa_distance(const char *a, size_t an, const char *b, size_t bn)
{
    size_t d[65][65];
    for (size_t i = 0; i <= an; i++) d[i][0] = i;
    for (size_t j = 0; j <= bn; j++) d[0][j] = j;
    for (size_t i = 1; i <= an; i++) {
        for (size_t j = 1; j <= bn; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < v) v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[an][bn];
}

size_t tx_edit_distance(const char *a, size_t an, const char *b, size_t bn, size_t cap)
{
    size_t diff = an > bn ? an - bn : bn - an;
    if (an > 64 || bn > 64 || diff > cap)
        return cap + 1;
    size_t d = osa_distance(a, an, b, bn);
    return d > cap ? cap + 1 : d;
}

uint64_t tx_letters(const char *s, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++)
        m |= 1ull << ((unsigned char)s[i] & 63);
    return m;
}

/* Two distinct bits of the letter sets are two distinct bytes, so each
 * letter one word has and the other lacks needs an edit of its own: the
 * larger of the two counts bounds the distance from below. */
static size_t letter_bound(uint64_t a, uint64_t b)
{
    size_t x = (size_t)__builtin_popcountll(a & ~b), y = (size_t)__builtin_popcountll(b & ~a);
    return x > y ? x : y;
}

const char *tx_suggest_in(const char *word, size_t wn, const char *const *cands, size_t n,
                          size_t cap, const uint64_t *letters)
{
    if (wn == 0 || wn > 64)
        return NULL;
    if (!cap)
        cap = wn <= 3 ? 1 : wn <= 6 ? 2 : 3;
    uint64_t mw = tx_letters(word, wn);
    const char *best = NULL;
    size_t bestd = cap + 1;
    for (size_t i = 0; i < n; i++) {
        const char *c = cands[i];
        if (!c || (letters && letter_bound(mw, letters[i]) >= bestd))
            continue;
        size_t cn = strlen(c);
        if (cn > 64 || (cn > wn ? cn - wn : wn - cn) >= bestd)
            continue;
        if (!letters && letter_bound(mw, tx_letters(c, cn)) >= bestd)
            continue;
        size_t d = tx_edit_distance(word, wn, c, cn, cap);
        if (d < bestd) {
            bestd = d;
            best = c;
        }
    }
    return best;
}

const char *tx_suggest(const char *word, size_t wn, const char *const *cands, size_t n)
{
    return tx_suggest_in(word, wn, cands, n, 0, NULL);
}

/* Reads f to its end into a NUL-terminated buffer of at most max_size
 * bytes; f stays open. 0, or -1 with errno (EFBIG when larger). */
static int read_all(FILE *f, size_t max_size, char **data, size_t *len)
{
    size_t cap = 65536, n = 0;
    char *buf = tx_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max_size + 2) {
                free(buf);
                errno = EFBIG;
                return -1;
            }
            cap *= 2;
            buf = tx_xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) {
                int e = errno ? errno : EIO;
                free(buf);
                errno = e;
                return -1;
            }
            break;
        }
    }
    if (n > max_size) {
        free(buf);
        errno = EFBIG;
        return -1;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int tx_read_file(const char *path, size_t max_size, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (f != stdin)
            fclose(f);
        errno = EISDIR;
        return -1;
    }
    int rc = read_all(f, max_size, data, len);
    int e = errno;
    if (f != stdin)
        fclose(f);
    errno = e;
    return rc;
}

static const char *file_kind(mode_t m)
{
    return S_ISDIR(m) ? "a folder" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : "not a regular file";
}

int tx_read_regular_file(const char *path, size_t max_size, char **data, size_t *len,
                         const char **kind)
{
    *kind = NULL;
    /* O_NONBLOCK: opening a FIFO without a writer (or a device) must not
     * wait; the kind is taken from the opened descriptor, so nothing can
     * be swapped in between a check and the open. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        int e = errno;
        if (e == ENXIO && stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            *kind = file_kind(st.st_mode);      /* a socket cannot be opened at all */
        errno = e;
        return -1;
    }
    bool stat_ok = fstat(fd, &st) == 0;
    if (!stat_ok || !S_ISREG(st.st_mode)) {
        int e = stat_ok ? EINVAL : errno;
        if (stat_ok)
            *kind = file_kind(st.st_mode);
        close(fd);
        errno = e;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    FILE *f = fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ? NULL : fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int rc = read_all(f, max_size, data, len);
    int e = errno;
    fclose(f);
    errno = e;
    return rc;
}

/* The tracked paths, appended to blocks that are never freed (a slot is
 * not reused, so tracking and untracking are O(1)): the signal handler
 * walks them while the program may be adding a block, so a block is
 * zeroed before it is linked and a slot is one pointer store. */
#define TMP_BLOCK 256
typedef struct tmp_block {
    tx_tmp_slot path[TMP_BLOCK];
    struct tmp_block *volatile next;
} tmp_block;
static tmp_block tmp_first, *tmp_last = &tmp_first;
static size_t tmp_used;             /* slots taken in tmp_last */
static volatile sig_atomic_t tmp_handlers;

static void tmp_on_signal(int sig)
{
    for (tmp_block *b = &tmp_first; b; b = b->next)
        for (size_t i = 0; i < TMP_BLOCK; i++) {
            const char *p = b->path[i];
            if (p)
                unlink(p);
        }
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Call it before the file is created: a signal that arrives during
 * open() runs its handler as open() returns, so a path tracked after the
 * call could be left behind (CI saw it). Unlinking a path not created yet
 * is harmless. */
tx_tmp_slot *tx_tmp_track(const char *path)
{
    if (!tmp_handlers) {
        tmp_handlers = 1;
        static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
        for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
            struct sigaction old, sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = tmp_on_signal;
            sigemptyset(&sa.sa_mask);
            if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
                sigaction(sigs[i], &sa, NULL);
        }
    }
    if (tmp_used == TMP_BLOCK) {
        tmp_block *nb = calloc(1, sizeof *nb);
        if (!nb)
            return NULL;    /* untracked: still removed on the normal error paths */
        tmp_last->next = nb;
        tmp_last = nb;
        tmp_used = 0;
    }
    tx_tmp_slot *slot = &tmp_last->path[tmp_used++];
    *slot = path;
    return slot;
}

void tx_tmp_untrack(tx_tmp_slot *slot)
{
    if (slot)
        *slot = NULL;
}

bool tx_is_identifier(const char *s)
{
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (s++; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_' ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* Past the digits at s, or NULL when there is none. */
static const char *digits(const char *s)
{
    if (*s < '0' || *s > '9')
        return NULL;
    while (*s >= '0' && *s <= '9')
        s++;
    return s;
}

bool tx_is_number(const char *s, bool json)
{
    if (*s == '-' || (!json && *s == '+'))
        s++;
    if (json && *s == '0')
        s++;                    /* JSON: no other number starts with 0 */
    else
        s = digits(s);
    if (s && *s == '.')
        s = digits(s + 1);
    if (s && (*s == 'e' || *s == 'E'))
        s = digits(s + 1 + (s[1] == '+' || s[1] == '-'));
    return s && *s == '\0';
}

int tx_mkdirs(const char *path)
{
    size_t n = strlen(path);
    char *p = tx_xmalloc(n + 1);
    memcpy(p, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                free(p);
                errno = e;
                return -1;
            }
            p[i] = c;
        }
    }
    free(p);
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}
