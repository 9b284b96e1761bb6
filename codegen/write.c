/* Putting generated files on disk all-or-nothing, and --check.
 * Writing goes in two phases: every file is first written in full to a
 * temporary file next to its target (and fsync'd), either from memory or
 * by a stream while it is generated (cg_stream below); only when all of
 * them succeeded are they renamed over the targets. Any error before the renames
 * (permissions, disk full, a file size limit) removes the temporaries and
 * leaves the output folder exactly as it was. Files whose content is
 * already up to date are not rewritten, so build systems see no change. */
#include "cg_internal.h"
#include "../support/util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join_path(const char *dir, const char *rel)
{
    size_t dl = strlen(dir), rl = strlen(rel);
    char *p = tx_xmalloc(dl + rl + 2);
    memcpy(p, dir, dl);
    size_t k = dl;
    if (k && p[k - 1] != '/')
        p[k++] = '/';
    memcpy(p + k, rel, rl + 1);
    return p;
}

/* 1 same content, 0 differs, -1 missing, -2 other error (errno set).
 * The size decides most cases; equal sizes are compared in chunks. */
static int compare_file(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return errno == ENOENT ? -1 : -2;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -2;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return -2;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size != (uint64_t)len) {
        close(fd);
        return 0;
    }
    char buf[1 << 16];
    size_t at = 0;
    int same = 1;
    while (at < len) {
        ssize_t r = read(fd, buf, sizeof buf < len - at ? sizeof buf : len - at);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -2;
        }
        if (r == 0 || memcmp(buf, data + at, (size_t)r) != 0) {
            same = 0;
            break;
        }
        at += (size_t)r;
    }
    close(fd);
    return same;
}

/* ---- streams: files sent to disk while they are generated ----
 * A stream compares what it is handed with the file already in the folder
 * (ST_COMPARE); at the first difference it creates the temporary, copies
 * the equal prefix from the old file and from then on writes (ST_WRITE).
 * With --check it stops at the first difference instead. So an up-to-date
 * file is only read, and no file is ever held in memory whole. */
enum { ST_MEMORY, ST_COMPARE, ST_WRITE, ST_DIFFERS, ST_MISSING, ST_FAILED };
#define CG_STREAM_BUF (256u * 1024u)
#define CG_WRITEBACK_EVERY (4u * 1024u * 1024u)

void cg_files_stream(cg_files *f, const char *dir, bool check)
{
    f->dir = dir;
    f->check = check;
}

static void fail(cg_stream *s, const char *verb, int err)
{
    if (s->state == ST_FAILED)
        return;
    s->state = ST_FAILED;
    s->verb = verb;
    s->err = err;
}

/* Lets the disk start on what is written so far while generation goes
 * on, so the fsync before the rename has little left to wait for (Linux;
 * elsewhere the fsync does it all). Failures here are only advisory. */
static void start_writeback(cg_stream *s, size_t n)
{
#ifdef SYNC_FILE_RANGE_WRITE
    s->unsynced += n;
    if (s->unsynced >= CG_WRITEBACK_EVERY) {
        if (s->w->fd >= 0)
            (void)sync_file_range(s->w->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        s->unsynced = 0;
    }
#else
    (void)s;
    (void)n;
#endif
}

/* The bytes [0, s->at) are equal in the old file: copy them over. */
static void start_write(cg_stream *s)
{
    s->w = tx_xmalloc(sizeof *s->w);
    if (tx_out_open(s->w, s->final, 0) != 0) {
        fail(s, "write", s->w->err);
        return;
    }
    s->state = ST_WRITE;
    char buf[1 << 16];
    size_t done = 0;
    while (done < s->at) {
        size_t want = s->at - done < sizeof buf ? s->at - done : sizeof buf;
        ssize_t r = pread(s->rfd, buf, want, (off_t)done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            fail(s, "write", r < 0 ? errno : EIO);
            return;
        }
        if (tx_out_write(s->w, buf, (size_t)r) != 0) {
            fail(s, "write", errno);
            return;
        }
        done += (size_t)r;
    }
}

/* Whether the old file continues with data[0..n); reads past it. */
static int old_continues(cg_stream *s, const char *data, size_t n)
{
    char buf[1 << 16];
    while (n) {
        ssize_t r = read(s->rfd, buf, n < sizeof buf ? n : sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0 || memcmp(buf, data, (size_t)r) != 0)
            return 0;
        data += r;
        n -= (size_t)r;
    }
    return 1;
}

static void feed(cg_stream *s, const char *data, size_t n)
{
    if (!n)
        return;
    if (s->state == ST_COMPARE) {
        int same = old_continues(s, data, n);
        if (same < 0) {
            fail(s, s->out->check ? "read" : "replace", errno);
            return;
        }
        if (same == 0) {
            if (s->out->check) {
                s->state = ST_DIFFERS;
            } else {
                start_write(s);
                if (s->state == ST_WRITE && tx_out_write(s->w, data, n) != 0)
                    fail(s, "write", errno);
            }
        }
    } else if (s->state == ST_WRITE) {
        if (tx_out_write(s->w, data, n) != 0)
            fail(s, "write", errno);
        else
            start_writeback(s, n);
    }
    s->at += n;
}

void cg_stream_open(cg_stream *s, cg_files *out, const char *path)
{
    *s = (cg_stream){ .sb = TX_SB_INIT, .out = out, .rfd = -1 };
    size_t pl = strlen(path);
    s->path = tx_xmalloc(pl + 1);
    memcpy(s->path, path, pl + 1);
    if (!out->dir) {
        s->state = ST_MEMORY;
        return;
    }
    tx_sb_grow(&s->sb, CG_STREAM_BUF);
    s->final = join_path(out->dir, path);
    struct stat st;
    const char *verb = out->check ? "read" : "replace";
    if (stat(s->final, &st) != 0) {
        if (errno != ENOENT) {
            fail(s, verb, errno);
        } else if (out->check) {
            s->state = ST_MISSING;
        } else {
            start_write(s);
        }
    } else if (S_ISDIR(st.st_mode)) {     /* e.g. a folder in the way */
        fail(s, verb, EISDIR);
    } else if (!S_ISREG(st.st_mode)) {
        if (out->check)
            s->state = ST_DIFFERS;
        else
            start_write(s);
    } else {
        s->rfd = open(s->final, O_RDONLY);
        if (s->rfd < 0)
            fail(s, verb, errno);
        else
            s->state = ST_COMPARE;
    }
}

/* Hands over all but the trailing newlines, which stay in sb so that
 * cg_stream_trim() can still drop them. */
void cg_stream_flush(cg_stream *s)
{
    if (s->state == ST_MEMORY)
        return;
    if (s->sb.failed) {
        fail(s, NULL, 0);
        return;
    }
    size_t keep = 0;
    while (keep < s->sb.len && s->sb.buf[s->sb.len - 1 - keep] == '\n')
        keep++;
    if (keep == s->sb.len)
        return;
    feed(s, s->sb.buf, s->sb.len - keep);
    memmove(s->sb.buf, s->sb.buf + s->sb.len - keep, keep);
    s->sb.len = keep;
    s->sb.buf[keep] = '\0';
}

void cg_stream_write(cg_stream *s, const char *data, size_t n)
{
    size_t keep = 0;
    if (s->state != ST_MEMORY && n >= CG_STREAM_BUF / 4 && !s->sb.failed)
        while (keep < n && data[n - 1 - keep] == '\n')
            keep++;
    if (s->state == ST_MEMORY || n < CG_STREAM_BUF / 4 || s->sb.failed || keep == n) {
        if (s->state != ST_MEMORY && s->sb.cap - s->sb.len <= n)
            cg_stream_flush(s);
        tx_sb_add(&s->sb, data, n);
        return;
    }
    /* what sb holds is no longer at the end: all of it goes first */
    feed(s, s->sb.buf, s->sb.len);
    tx_sb_reset(&s->sb);
    feed(s, data, n - keep);
    tx_sb_add(&s->sb, data + n - keep, keep);
}

void cg_stream_trim(cg_stream *s)
{
    tx_sb *sb = &s->sb;
    while (sb->len >= 2 && sb->buf[sb->len - 1] == '\n' && sb->buf[sb->len - 2] == '\n')
        sb->buf[--sb->len] = '\0';
}

static void stream_free(cg_stream *s)
{
    if (s->w)
        tx_out_abort(s->w);
    free(s->w);
    if (s->rfd >= 0)
        close(s->rfd);
    free(s->final);
    free(s->path);
    tx_sb_release(&s->sb);
    s->rfd = -1;
    s->w = NULL;
    s->final = s->path = NULL;
}

void cg_stream_abort(cg_stream *s) { stream_free(s); }

int cg_stream_close(cg_stream *s, tx_diags *d)
{
    if (s->state == ST_MEMORY) {
        int rc = cg_files_take(s->out, s->path, &s->sb, d);
        stream_free(s);
        return rc;
    }
    if (s->state != ST_FAILED && s->sb.failed)
        fail(s, NULL, 0);
    if (s->state != ST_FAILED && s->sb.len) {
        feed(s, s->sb.buf, s->sb.len);
        tx_sb_reset(&s->sb);
    }
    cg_file_state st = CG_FILE_MISSING;
    if (s->state == ST_COMPARE) {
        char c;
        ssize_t r;
        do
            r = read(s->rfd, &c, 1);
        while (r < 0 && errno == EINTR);
        if (r < 0) {
            fail(s, s->out->check ? "read" : "replace", errno);
        } else if (r == 0) {
            st = CG_FILE_SAME;
        } else if (s->out->check) {
            s->state = ST_DIFFERS;
        } else {
            start_write(s);
        }
    }
    if (s->state == ST_DIFFERS)
        st = CG_FILE_DIFFERS;
    if (s->state == ST_WRITE) {
        st = s->rfd >= 0 ? CG_FILE_DIFFERS : CG_FILE_MISSING;
        if (s->state != ST_FAILED && tx_out_finish(s->w) != 0)
            fail(s, "write", errno);
    }
    if (s->state == ST_FAILED) {
        if (s->verb)
            tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot %s '%s': %s", s->verb,
                        s->final, strerror(s->err));
        else
            tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "out of memory generating '%s'",
                        s->path);
        s->out->io_failed = true;
        stream_free(s);
        return -1;
    }
    cg_files *out = s->out;
    if (out->n == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 4;
        out->items = tx_xrealloc(out->items, out->cap * sizeof *out->items);
    }
    out->items[out->n++] = (cg_file){ s->path, NULL, s->at, st, s->w };
    s->path = NULL;
    s->w = NULL;
    stream_free(s);
    return 0;
}

int cg_write_files(const char *dir, cg_files *f, tx_diags *d)
{
    if (tx_mkdirs(dir) != 0) {
        tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot create output folder '%s': %s",
                    dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    size_t n_new = 0;
    /* phase 1: every changed file complete in its temporary (streamed
     * files already are) */
    for (size_t i = 0; i < f->n && rc == 0; i++) {
        cg_file *fi = &f->items[i];
        n_new += fi->w != NULL;
        if (fi->state != CG_FILE_MEMORY)
            continue;
        char *final = join_path(dir, fi->path);
        int same = compare_file(final, fi->data, fi->len);
        if (same == -2) {   /* e.g. a folder in the way: stop before any rename */
            tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot replace '%s': %s", final,
                        strerror(errno));
            rc = -1;
        } else if (same != 1) {
            fi->w = tx_xmalloc(sizeof *fi->w);
            n_new++;
            if (tx_out_open(fi->w, final, 0) != 0 || tx_out_write(fi->w, fi->data, fi->len) != 0 ||
                tx_out_finish(fi->w) != 0) {
                tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot write '%s': %s", final,
                            strerror(fi->w->err));
                rc = -1;
            }
        }
        free(final);
    }
    /* phase 2: renames, only when every temporary is complete */
    for (size_t i = 0; i < f->n; i++) {
        tx_out *w = f->items[i].w;
        if (!w)
            continue;
        f->items[i].w = NULL;
        if (rc != 0) {
            tx_out_abort(w);
        } else if (tx_out_publish(w) != 0) {
            char *final = join_path(dir, f->items[i].path);
            tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot replace '%s': %s", final,
                        strerror(errno));
            free(final);
            rc = -1;
        }
        free(w);
    }
    if (rc == 0)
        f->committed = true;
    if (rc == 0 && n_new) {
        int dfd = open(dir, O_RDONLY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    return rc;
}

int cg_check_files(const char *dir, const cg_files *f,
                   void (*stale)(void *ud, const char *path, const char *why), void *ud,
                   tx_diags *d)
{
    int n = 0;
    for (size_t i = 0; i < f->n; i++) {
        char *path = join_path(dir, f->items[i].path);
        cg_file_state st = f->items[i].state;
        int same = st == CG_FILE_MEMORY ? compare_file(path, f->items[i].data, f->items[i].len)
                   : st == CG_FILE_SAME  ? 1
                   : st == CG_FILE_MISSING ? -1
                                           : 0;
        if (same == -2) {
            tx_diag_add(d, TX_SEV_ERROR, TX_DIAG_IO, TX_NO_SPAN, "cannot read '%s': %s", path,
                        strerror(errno));
            free(path);
            return -1;
        }
        if (same != 1) {
            n++;
            if (stale)
                stale(ud, path, same == -1 ? "missing" : "differs");
        }
        free(path);
    }
    return n;
}
