/* The members of a zip or tar archive as a stream, for `taxonc validate`.
 *
 * Amplitude's Export API answers with a zip of hourly gzip files
 * (PROJECT/PROJECT_2024-01-01_0#0.json.gz); people also keep logs in tar
 * and tar.gz. The input layer (validators/run.c) recognises an archive by
 * its first bytes (val_archive_sniff) and then reads it through this file,
 * one regular member at a time, each member being a log of its own.
 *
 * libarchive does the parsing. It is given only the one format that was
 * sniffed and no decompression filter: a .tar.gz is inflated by the input
 * layer's own gzip reader before it gets here, and a gzip member inside a
 * zip is inflated by the same reader after. The zip reader is libarchive's
 * streamable one, which walks the local headers in order: it needs no
 * seeking, so a zip on stdin reads like a file, and it holds no table of
 * the members (the seekable one reads the whole central directory first).
 * Our read callback hands libarchive one 256 KiB buffer at a time.
 *
 * libarchive is loaded (dlopen) when the first archive is met, not linked:
 * Debian's brings libxml2, ICU and libstdc++ along, which tripled the
 * start-up time of every taxonc command (1.7 to 6 ms for a small validate).
 * Only its header is needed to build.
 *
 * Nothing is lost silently. A damaged member (bad deflate data, a CRC
 * mismatch, a cut in the middle) is an error naming ARCHIVE!MEMBER after
 * the members before it were read. A stream that stops exactly between two
 * members is no error to libarchive's tar reader (it takes it as the end)
 * and a message-less one to its zip reader, so the bytes are watched as
 * they pass: a zip must end with its end-of-central-directory record, a
 * tar with a zero block, or the archive is reported truncated. */
#include "archive.h" /* ours: validators/archive.h */
#include "../support/arena.h"
#include <archive.h> /* libarchive's: the system include path only */
#include <archive_entry.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AR_BUF (256u * 1024u)
#define EOCD_LEN 22u        /* an end-of-central-directory record, without its comment */

struct val_archive {
    struct archive *la;
    int kind;
    const char *name;           /* the archive as reports show it */
    val_pull_fn pull;
    void *ctx;
    const char *pull_err;
    char *err;
    size_t errlen;
    unsigned char *buf;         /* what the read callback hands libarchive */
    bool pull_failed, dead;
    char *member;               /* the current (or last) member's path */
    size_t member_cap;
    /* how the stream ends */
    uint64_t total;             /* bytes pulled so far */
    bool eocd;                  /* zip: an end-of-central-directory signature seen */
    uint64_t eocd_at;           /* ... the last one, at this offset */
    unsigned char tail[3];      /* zip: the last bytes pulled, for a signature across buffers */
    size_t tail_len;
    uint64_t zeros;             /* tar: zero bytes at the end of what was pulled */
};

/* The libarchive calls used here, found in the library when it is loaded. */
#define LA_FUNCS(X)                                                                          \
    X(archive_read_new)                                                                      \
    X(archive_read_support_format_zip_streamable)                                            \
    X(archive_read_support_format_tar)                                                       \
    X(archive_read_open)                                                                     \
    X(archive_read_next_header)                                                              \
    X(archive_read_data)                                                                     \
    X(archive_read_data_skip)                                                                \
    X(archive_read_free)                                                                     \
    X(archive_error_string)                                                                  \
    X(archive_set_error)                                                                     \
    X(archive_entry_pathname)                                                                \
    X(archive_entry_pathname_utf8)                                                           \
    X(archive_entry_filetype)                                                                \
    X(archive_entry_hardlink)
#define LA_FIELD(f) __typeof__(f) *f;
static struct {
    LA_FUNCS(LA_FIELD)
} lib;

/* Loads libarchive once (the main thread opens the inputs). */
static bool la_load(const char *name, char *err, size_t errlen)
{
    static int state;           /* 0 not tried, 1 loaded, -1 failed */
    static char why[256];
    if (state == 0) {
        void *h = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
        if (!h)
            h = dlopen("libarchive.so", RTLD_NOW | RTLD_LOCAL);
        state = h ? 1 : -1;
        if (!h)
            snprintf(why, sizeof why, "%s", dlerror());
#define LA_SYM(f)                                                                            \
    if (state == 1) {                                                                        \
        void *sym = dlsym(h, #f);                                                            \
        memcpy(&lib.f, &sym, sizeof sym); /* POSIX: a data pointer holds a function's */     \
        if (!sym) {                                                                          \
            state = -1;                                                                      \
            snprintf(why, sizeof why, "no %s in it", #f);                                    \
        }                                                                                    \
    }
        LA_FUNCS(LA_SYM)
#undef LA_SYM
    }
    if (state < 0)
        snprintf(err, errlen,
                 "'%s' is an archive, but libarchive cannot be loaded (%s): install libarchive13 "
                 "or extract the archive first", name, why);
    return state > 0;
}

int val_archive_sniff(const unsigned char *h, size_t n)
{
    if (n >= 4 && h[0] == 'P' && h[1] == 'K' &&
        ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6) ||
         (h[2] == 7 && h[3] == 8)))
        return VAL_AR_ZIP;
    /* POSIX "ustar\0" and GNU "ustar  \0" */
    if (n >= 263 && memcmp(h + 257, "ustar", 5) == 0 && (h[262] == 0 || h[262] == ' '))
        return VAL_AR_TAR;
    return VAL_AR_NONE;
}

/* Watches the bytes going by for the end of the archive. */
static void track(val_archive *a, const unsigned char *p, size_t n)
{
    if (a->kind == VAL_AR_ZIP) {
        static const unsigned char sig[4] = { 'P', 'K', 5, 6 };
        unsigned char edge[6];
        size_t e = a->tail_len, k = n < 3 ? n : 3;
        memcpy(edge, a->tail, e);
        memcpy(edge + e, p, k);
        for (size_t i = 0; i + 4 <= e + k; i++)
            if (i < e && memcmp(edge + i, sig, 4) == 0) {
                a->eocd = true;
                a->eocd_at = a->total - e + i;
            }
        for (const unsigned char *q = p, *end = p + n; q + 4 <= end;) {
            const unsigned char *m = memmem(q, (size_t)(end - q), sig, 4);
            if (!m)
                break;
            a->eocd = true;
            a->eocd_at = a->total + (uint64_t)(m - p);
            q = m + 1;
        }
        /* the last 3 bytes of everything so far */
        if (n >= 3) {
            memcpy(a->tail, p + n - 3, 3);
            a->tail_len = 3;
        } else {
            size_t keep = a->tail_len + n > 3 ? 3 - n : a->tail_len;
            memmove(a->tail, a->tail + a->tail_len - keep, keep);
            memcpy(a->tail + keep, p, n);
            a->tail_len = keep + n;
        }
    } else {
        size_t i = n;
        while (i > 0 && p[i - 1] == 0)
            i--;
        a->zeros = i == 0 ? a->zeros + n : n - i;
    }
    a->total += n;
}

static la_ssize_t cb_read(struct archive *la, void *ud, const void **out)
{
    val_archive *a = ud;
    ssize_t k = a->pull(a->ctx, a->buf, AR_BUF);
    if (k < 0) {
        a->pull_failed = true;
        lib.archive_set_error(la, EIO, "%s", a->pull_err);
        return -1;
    }
    track(a, a->buf, (size_t)k);
    *out = a->buf;
    return k;
}

/* The message of a failed libarchive call: "WHAT: libarchive's message";
 * or, when pulling the bytes failed (a truncated .tar.gz), the stream's
 * own message followed by " (WHERE)". */
static void fail(val_archive *a, const char *what, const char *where)
{
    char m[512];
    const char *la_msg = lib.archive_error_string(a->la);
    snprintf(m, sizeof m, "%s", a->pull_failed ? a->pull_err : la_msg ? la_msg : "unknown error");
    if (a->pull_failed)
        snprintf(a->err, a->errlen, "%s (%s)", m, where);
    else
        snprintf(a->err, a->errlen, "%s: %s", what, m);
}

/* fail() for the current member */
static void fail_member(val_archive *a)
{
    char what[600], where[600];
    snprintf(what, sizeof what, "'%s!%s': cannot read the member", a->name, a->member);
    snprintf(where, sizeof where, "while reading '%s!%s'", a->name, a->member);
    fail(a, what, where);
}

val_archive *val_archive_open(int kind, const char *name, val_pull_fn pull, void *ctx,
                              const char *pull_err, char *err, size_t errlen)
{
    if (!la_load(name, err, errlen))
        return NULL;
    val_archive *a = tx_xmalloc(sizeof *a);
    *a = (val_archive){ .kind = kind, .name = name, .pull = pull, .ctx = ctx,
                        .pull_err = pull_err, .err = err, .errlen = errlen,
                        .buf = tx_xmalloc(AR_BUF) };
    a->la = lib.archive_read_new();
    if (!a->la) {
        snprintf(err, errlen, "'%s': cannot start reading the archive", name);
        val_archive_close(a);
        return NULL;
    }
    if (kind == VAL_AR_ZIP)
        lib.archive_read_support_format_zip_streamable(a->la);
    else
        lib.archive_read_support_format_tar(a->la);
    if (lib.archive_read_open(a->la, a, NULL, cb_read, NULL) != ARCHIVE_OK) {
        char what[300];
        snprintf(what, sizeof what, "'%s': cannot read the %s archive", name,
                 kind == VAL_AR_ZIP ? "zip" : "tar");
        fail(a, what, "at the start of the archive");
        val_archive_close(a);
        return NULL;
    }
    return a;
}

/* The stream ended before the archive did. */
static int truncated(val_archive *a)
{
    const char *what = a->kind == VAL_AR_ZIP ? "zip archive: no central directory"
                                             : "tar archive: no end-of-archive block";
    if (a->member)
        snprintf(a->err, a->errlen, "'%s': truncated %s after member '%s'", a->name, what,
                 a->member);
    else
        snprintf(a->err, a->errlen, "'%s': truncated %s", a->name, what);
    return -1;
}

/* After libarchive's last member: reads what is left and checks that the
 * archive ended as it should, not merely that the bytes ran out. */
static int finish(val_archive *a)
{
    ssize_t k;
    while ((k = a->pull(a->ctx, a->buf, AR_BUF)) > 0)
        track(a, a->buf, (size_t)k);
    if (k < 0) {
        if (a->err != a->pull_err)
            snprintf(a->err, a->errlen, "%s", a->pull_err);
        return -1;
    }
    bool ok = a->kind == VAL_AR_ZIP
                  ? a->eocd && a->total - a->eocd_at >= EOCD_LEN &&
                        a->total - a->eocd_at <= EOCD_LEN + 65535
                  : a->zeros >= 512;
    return ok ? 0 : truncated(a);
}

int val_archive_next(val_archive *a, const char **member)
{
    if (a->dead)
        return 0;               /* a damaged member was reported: nothing more can be read */
    for (;;) {
        struct archive_entry *e;
        int rc = lib.archive_read_next_header(a->la, &e);
        if (rc == ARCHIVE_EOF) {
            a->dead = true;
            return finish(a);
        }
        if (rc < ARCHIVE_WARN && !a->pull_failed && !lib.archive_error_string(a->la)) {
            a->dead = true;     /* the zip reader found no next header: the bytes ran out */
            return truncated(a);
        }
        if (rc < ARCHIVE_WARN) {
            char what[600], where[600];
            if (a->member) {
                snprintf(what, sizeof what, "'%s': damaged archive after member '%s'", a->name,
                         a->member);
                snprintf(where, sizeof where, "after '%s!%s'", a->name, a->member);
            } else {
                snprintf(what, sizeof what, "'%s': damaged archive", a->name);
                snprintf(where, sizeof where, "at the start of the archive");
            }
            fail(a, what, where);
            a->dead = true;
            return -1;
        }
        const char *p = lib.archive_entry_pathname_utf8(e);
        if (!p)
            p = lib.archive_entry_pathname(e);
        if (!p)
            p = "?";
        size_t n = strlen(p) + 1;
        if (a->member_cap < n) {
            a->member_cap = n;
            a->member = tx_xrealloc(a->member, n);
        }
        memcpy(a->member, p, n);
        /* Only regular files hold logs; a hard link's data is its
         * target's, read already; __MACOSX/ holds a Mac's resource forks,
         * not data. */
        if (lib.archive_entry_filetype(e) != AE_IFREG || lib.archive_entry_hardlink(e) ||
            strncmp(p, "__MACOSX/", 9) == 0) {
            if (val_archive_skip(a) != 0)
                return -1;
            continue;
        }
        *member = a->member;
        return 1;
    }
}

ssize_t val_archive_read(val_archive *a, void *buf, size_t n)
{
    if (a->dead)
        return 0;
    la_ssize_t k = lib.archive_read_data(a->la, buf, n);
    if (k >= 0)
        return (ssize_t)k;
    fail_member(a);
    if (k <= ARCHIVE_FATAL)
        a->dead = true;
    return -1;
}

int val_archive_skip(val_archive *a)
{
    if (a->dead)
        return 0;
    int rc = lib.archive_read_data_skip(a->la);
    if (rc >= ARCHIVE_WARN)
        return 0;
    fail_member(a);
    a->dead = true;
    return -1;
}

void val_archive_close(val_archive *a)
{
    if (!a)
        return;
    if (a->la)
        lib.archive_read_free(a->la);
    free(a->buf);
    free(a->member);
    free(a);
}
