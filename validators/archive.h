/* Reading the members of a zip or tar archive as a stream (libarchive),
 * for the validator's input layer (validators/run.c). The archive pulls its
 * bytes from the caller (a file, stdin or memory, already inflated when it
 * was a .tar.gz) and hands out one regular member at a time; nothing is
 * ever held whole. Messages name the member as ARCHIVE!MEMBER. */
#ifndef TAXONC_VAL_ARCHIVE_H
#define TAXONC_VAL_ARCHIVE_H

#include <stddef.h>
#include <sys/types.h>

/* Up to n bytes into buf; 0 at the end, -1 on error with the message
 * already written where the puller keeps it. */
typedef ssize_t (*val_pull_fn)(void *ctx, void *buf, size_t n);

enum { VAL_AR_NONE, VAL_AR_ZIP, VAL_AR_TAR };

/* Which archive the first n bytes of a stream open (at least 263 are
 * needed to see a tar's magic): zip by its local header, tar by the
 * ustar magic at offset 257. */
int val_archive_sniff(const unsigned char *head, size_t n);

typedef struct val_archive val_archive;

/* Starts reading an archive of the given kind named name (its path as
 * shown in reports) from pull(ctx); pull_err is where pull writes its
 * messages. Messages of this reader go to err (errlen bytes, may be the
 * same buffer). NULL on failure with the message in err. */
val_archive *val_archive_open(int kind, const char *name, val_pull_fn pull, void *ctx,
                              const char *pull_err, char *err, size_t errlen);

/* The next regular member: 1 with *member set (its path inside the
 * archive, valid until the next call); 0 after the last one, when the
 * archive ended as it should (a zip with its central directory, a tar with
 * its end blocks); -1 on a damaged or truncated archive, message in err.
 * Directories, links and other non-regular members are skipped. */
int val_archive_next(val_archive *a, const char **member);

/* Up to n bytes of the current member: 0 at its end, -1 when it is
 * damaged (message in err, naming ARCHIVE!MEMBER). */
ssize_t val_archive_read(val_archive *a, void *buf, size_t n);

/* Skips the rest of the current member. 0, or -1 (message in err). */
int val_archive_skip(val_archive *a);

void val_archive_close(val_archive *a);

#endif
