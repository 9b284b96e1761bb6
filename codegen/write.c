/* Putting generated files on disk all-or-nothing, and --check.
 * Writing goes in two phases: every file is first written in full to a
 * temporary file next to its target (and fsync'd); only when all of them
 * succeeded are they renamed over the targets. Any error before the renames
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

static int write_all(int fd, const char *p, size_t left)
{
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

int cg_write_files(const char *dir, const cg_files *f, tx_diags *d)
{
    if (tx_mkdirs(dir) != 0) {
        tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot create output folder '%s': %s",
                    dir, strerror(errno));
        return -1;
    }
    char **final = tx_xmalloc((f->n + 1) * sizeof *final);
    char **tmp = tx_xmalloc((f->n + 1) * sizeof *tmp);
    size_t n_tmp = 0;
    int rc = 0;
    for (size_t i = 0; i < f->n; i++) {
        final[i] = join_path(dir, f->items[i].path);
        tmp[i] = NULL;
    }
    /* phase 1: temporaries */
    for (size_t i = 0; i < f->n && rc == 0; i++) {
        const cg_file *fi = &f->items[i];
        int same = compare_file(final[i], fi->data, fi->len);
        if (same == 1)
            continue;
        if (same == -2) {   /* e.g. a folder in the way: stop before any rename */
            tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot replace '%s': %s", final[i],
                        strerror(errno));
            rc = -1;
            break;
        }
        size_t tl = strlen(final[i]) + 48;
        tmp[i] = tx_xmalloc(tl);
        snprintf(tmp[i], tl, "%s.taxonc-tmp.%ld.%zu", final[i], (long)getpid(), i);
        int fd = open(tmp[i], O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0) {
            tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot write '%s': %s", final[i],
                        strerror(errno));
            free(tmp[i]);
            tmp[i] = NULL;
            rc = -1;
            break;
        }
        n_tmp++;
        if (write_all(fd, fi->data, fi->len) != 0 || (fsync(fd) != 0 && errno != EINVAL)) {
            int e = errno;
            close(fd);
            tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot write '%s': %s", final[i],
                        strerror(e));
            rc = -1;
            break;
        }
        if (close(fd) != 0) {
            tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot write '%s': %s", final[i],
                        strerror(errno));
            rc = -1;
            break;
        }
    }
    /* phase 2: renames, only when every temporary is complete */
    for (size_t i = 0; i < f->n; i++) {
        if (!tmp[i])
            continue;
        if (rc == 0 && rename(tmp[i], final[i]) != 0) {
            tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot replace '%s': %s", final[i],
                        strerror(errno));
            rc = -1;
        }
        if (rc != 0)
            unlink(tmp[i]);
        free(tmp[i]);
    }
    if (rc == 0 && n_tmp) {
        int dfd = open(dir, O_RDONLY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    for (size_t i = 0; i < f->n; i++)
        free(final[i]);
    free(final);
    free(tmp);
    return rc;
}

int cg_check_files(const char *dir, const cg_files *f,
                   void (*stale)(void *ud, const char *path, const char *why), void *ud,
                   tx_diags *d)
{
    int n = 0;
    for (size_t i = 0; i < f->n; i++) {
        char *path = join_path(dir, f->items[i].path);
        int same = compare_file(path, f->items[i].data, f->items[i].len);
        if (same == -2) {
            tx_diag_add(d, TX_SEV_ERROR, "io", TX_NO_SPAN, "cannot read '%s': %s", path,
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
