/* The one output writer: every file taxonc writes (gen, export, import,
 * validate's report and its filter outputs) goes through a tx_out.
 *
 * A target that is a regular file, or that does not exist yet, is written
 * to a temporary beside it ("PATH.taxonc-tmp.PID.N", tracked so an
 * interrupt removes it) and renamed over it only when every write, the
 * flush, the fsync and the close succeeded: a failure (ENOSPC, EFBIG, EIO,
 * ...) removes the temporary and leaves the old file as it was. A symlink
 * to a regular file is followed: its target is replaced, the link kept.
 * The new file keeps the old one's permission bits.
 *
 * An existing target that is not a regular file (a character device such
 * as /dev/null, a FIFO, a symlink to one) is opened and written in place,
 * never renamed over; "-" is standard output. Nothing can be taken back
 * there, but every error is still reported.
 *
 * Errors are sticky: the first errno is kept in `err` and every later call
 * does nothing, so a writer checks once, at tx_out_commit(). Writing a set
 * of files all-or-nothing is tx_out_finish() on each, then (when all
 * succeeded) tx_out_publish() on each; tx_out_abort() on the rest.
 *
 * Ownership: a tx_out owns copies of the paths it holds; tx_out_commit,
 * tx_out_publish and tx_out_abort release everything (abort is safe on a
 * zeroed or already released tx_out). Not thread-safe: one writer each. */
#ifndef TX_OUT_H
#define TX_OUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "util.h"

enum {
    TX_OUT_NO_FSYNC = 1,    /* the caller syncs the file system once for a set */
};

typedef struct tx_out {
    char *path;         /* as named, for messages */
    char *final;        /* what the temporary replaces; NULL when written in place */
    char *tmp;          /* the temporary; NULL when written in place */
    tx_tmp_slot *slot;  /* tmp, removed on an interrupt */
    int fd;             /* -1 when closed */
    FILE *f;            /* tx_out_stream()'s stream, or stdout */
    int err;            /* first errno; 0 while all is well */
    unsigned flags;
    bool in_place;      /* a special file or stdout: written directly */
    bool is_stdout;
    bool finished;      /* the temporary is complete, waiting for publish */
} tx_out;

/* "-": standard output. */
bool tx_out_is_stdout_name(const char *path);
/* Opens path for writing. Returns 0, or -1 with errno (and o->err) set;
 * o can be aborted either way. */
int tx_out_open(tx_out *o, const char *path, unsigned flags);
/* Appends n bytes. 0, or -1 once any write failed. */
int tx_out_write(tx_out *o, const void *data, size_t n);
/* A buffered stdio stream whose bytes go to o (errors land in o->err);
 * owned by o. NULL when out of memory (o->err ENOMEM). */
FILE *tx_out_stream(tx_out *o);
/* Flushes, fsyncs (unless TX_OUT_NO_FSYNC) and closes: the content is
 * complete and durable but not yet in place. 0, or -1 with errno; on -1
 * the temporary is gone. In place outputs are flushed only. */
int tx_out_finish(tx_out *o);
/* Renames a finished temporary over its target and releases o. 0, or -1
 * with errno (the temporary removed, the target unchanged). */
int tx_out_publish(tx_out *o);
/* tx_out_finish then tx_out_publish; releases o either way. */
int tx_out_commit(tx_out *o);
/* Gives the output up: the temporary removed, the target unchanged
 * (output already sent in place stays sent); releases o. */
void tx_out_abort(tx_out *o);
/* Writes data to path in one go through a tx_out: 0, or -1 with errno. */
int tx_out_write_file(const char *path, const void *data, size_t len);
#endif
