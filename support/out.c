/* The one output writer (see out.h for the rules it keeps). The decision
 * between "temporary + rename" and "in place" is made once, at open, from
 * what the target is then: stat() follows symlinks, so a link to /dev/null
 * is written in place and a link to a regular file has its target
 * replaced. Every system call's result is kept: the first failing errno
 * sticks in o->err, and finish/commit turn it into -1 after removing the
 * temporary. Writers that use stdio get a stream made with fopencookie()
 * whose write function is tx_out_write, so stdio's own buffering cannot
 * hide an error either. */
#include "out.h"
#include "arena.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned tmp_counter;    /* temporaries of this process, for unique names */

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = tx_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* Records errno as o's error (the first one wins); returns -1. */
static int fail(tx_out *o)
{
    int e = errno ? errno : EIO;
    if (!o->err)
        o->err = e;
    errno = o->err;
    return -1;
}

static void release(tx_out *o)
{
    if (o->f && !o->is_stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->fd >= 0 && !o->is_stdout)
        close(o->fd);
    o->fd = -1;
    if (o->tmp)
        unlink(o->tmp);
    tx_tmp_untrack(o->slot);
    o->slot = NULL;
    free(o->tmp);
    free(o->final);
    free(o->path);
    o->tmp = o->final = o->path = NULL;
}

bool tx_out_is_stdout_name(const char *path)
{
    return strcmp(path, "-") == 0;
}

int tx_out_open(tx_out *o, const char *path, unsigned flags)
{
    *o = (tx_out){ .fd = -1, .flags = flags };
    o->path = dup_str(path);
    if (tx_out_is_stdout_name(path)) {
        o->in_place = o->is_stdout = true;
        o->f = stdout;
        return 0;
    }
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        return fail(o);
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return fail(o);
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device, a FIFO, a socket: never renamed over */
        o->in_place = true;
        o->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        return o->fd < 0 ? fail(o) : 0;
    }
    struct stat lst;
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        o->final = realpath(path, NULL);   /* replace the link's target, keep the link */
        if (!o->final)
            return fail(o);
    } else {
        o->final = dup_str(path);
    }
    size_t tl = strlen(o->final) + 64;
    o->tmp = tx_xmalloc(tl);
    unsigned n = __atomic_fetch_add(&tmp_counter, 1, __ATOMIC_RELAXED);
    snprintf(o->tmp, tl, "%s.taxonc-tmp.%ld.%u", o->final, (long)getpid(), n);
    o->slot = tx_tmp_track(o->tmp);     /* before open(): see tx_tmp_track */
    o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (o->fd < 0) {
        int e = errno;
        tx_tmp_untrack(o->slot);
        o->slot = NULL;
        free(o->tmp);
        o->tmp = NULL;
        errno = e;
        return fail(o);
    }
    /* the new file keeps the old one's permissions */
    if (exists && fchmod(o->fd, st.st_mode & 07777) != 0)
        return fail(o);
    return 0;
}

int tx_out_write(tx_out *o, const void *data, size_t n)
{
    if (o->err)
        return -1;
    if (o->is_stdout) {
        if (n && fwrite(data, 1, n, stdout) != n)
            return fail(o);
        return 0;
    }
    if (o->fd < 0) {
        errno = EBADF;
        return fail(o);
    }
    const char *p = data;
    while (n) {
        ssize_t w = write(o->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return fail(o);
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
    return tx_out_write(cookie, buf, n) == 0 ? (ssize_t)n : -1;
}

FILE *tx_out_stream(tx_out *o)
{
    if (o->f)
        return o->f;
    cookie_io_functions_t io = { .write = cookie_write };
    o->f = fopencookie(o, "w", io);
    if (!o->f) {
        errno = ENOMEM;
        fail(o);
        return NULL;
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return o->f;
}

int tx_out_finish(tx_out *o)
{
    if (o->finished)
        return o->err ? -1 : 0;
    if (o->f) {
        if (fflush(o->f) != 0 || ferror(o->f))
            fail(o);
        if (!o->is_stdout) {
            if (fclose(o->f) != 0)
                fail(o);
            o->f = NULL;
        }
    }
    if (!o->err && o->fd >= 0) {
        if (!o->in_place && !(o->flags & TX_OUT_NO_FSYNC) && fsync(o->fd) != 0 &&
            errno != EINVAL)
            fail(o);
        int fd = o->fd;
        o->fd = -1;
        if (close(fd) != 0)
            fail(o);
    }
    if (o->err) {
        int e = o->err;
        if (o->tmp)
            unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        tx_tmp_untrack(o->slot);
        o->slot = NULL;
        errno = e;
        return -1;
    }
    o->finished = true;
    return 0;
}

int tx_out_publish(tx_out *o)
{
    int rc = 0;
    if (!o->finished || o->err) {
        errno = o->err ? o->err : EINVAL;
        rc = -1;
    } else if (o->tmp && rename(o->tmp, o->final) != 0) {
        rc = -1;
    } else if (o->tmp) {
        tx_tmp_untrack(o->slot);    /* after the rename: an interrupt before it removes tmp */
        o->slot = NULL;
        free(o->tmp);
        o->tmp = NULL;
    }
    int e = errno;
    release(o);
    errno = e;
    return rc;
}

int tx_out_commit(tx_out *o)
{
    if (tx_out_finish(o) != 0) {
        int e = errno;
        release(o);
        errno = e;
        return -1;
    }
    return tx_out_publish(o);
}

void tx_out_abort(tx_out *o)
{
    int e = errno;
    release(o);
    errno = e;
}

int tx_out_write_file(const char *path, const void *data, size_t len)
{
    tx_out o;
    if (tx_out_open(&o, path, 0) != 0 || tx_out_write(&o, data, len) != 0) {
        tx_out_abort(&o);
        errno = o.err;
        return -1;
    }
    return tx_out_commit(&o);
}
