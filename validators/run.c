/* Streaming the logs through the checker with flat memory.
 *
 * The main thread reads each input (plain, or gzip recognised by its magic
 * bytes and inflated with zlib as it streams; a zip or tar archive is read
 * member by member, each a log of its own, see validators/archive.c) and
 * cuts it into chunks of
 * about 1 MiB at record boundaries: NDJSON is cut at the last newline of a
 * buffer (workers split the lines themselves); a JSON array of events, or
 * one or more pretty-printed documents, goes through a small splitter that
 * tracks strings and bracket depth and hands over whole records. A record
 * longer than --max-record is never held: its first bytes are kept for the
 * report and the rest is skipped to its end.
 *
 * With --jobs 1 each chunk is checked inline; with N jobs, worker threads
 * take chunks in order and the main thread merges the results strictly in
 * input order, so every report and filter output is the same for any N.
 * At most 2N chunks are in flight, so memory is bounded by N, not by the
 * size of the logs. */
#include "internal.h"
#include "archive.h"
#include "funnels.h"
#include "../support/util.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

void val_opts_init(val_opts *o)
{
    memset(o, 0, sizeof *o);
    o->profile = VAL_PROF_AUTO;
    for (int i = 0; i < VAL_N_CODES; i++)
        o->fail[i] = val_code_fails_by_default((val_code)i);
}

/* --- input sources ------------------------------------------------------ */

/* A byte stream: the raw bytes of a file, stdin, a buffer or an archive
 * member (pull), inflated as they stream when they start with the gzip
 * magic. Its first decoded bytes are peeked to recognise an archive. */
#define ZIN_CAP (256u * 1024u)
#define HEAD_LEN 512u           /* a tar header: its magic is at 257 */
#define ERR_LEN 1024u

typedef struct bstream {
    val_pull_fn pull;
    void *ctx;
    const char *name;           /* for messages */
    char *err;                  /* where messages go, ERR_LEN bytes */
    unsigned char *zin;         /* raw bytes: the peek, then gzip's input */
    size_t zin_len, zin_pos;    /* plain: peeked bytes zin_pos..zin_len not handed out */
    bool gz, gz_end, zs_up, raw_eof, eof;
    bool raw_err;               /* pulling failed after the peek: the read after it says so */
    bool failed;                /* an error was returned: the stream has ended */
    z_stream zs;
    unsigned char head[HEAD_LEN];   /* gzip: decoded bytes peeked, handed out first */
    size_t head_len, head_pos;
    bool head_err;              /* decoding failed while peeking: the read after head says so */
} bstream;

static ssize_t bs_pull(bstream *b, void *buf, size_t n)
{
    return b->raw_err ? -1 : b->pull(b->ctx, buf, n);
}

/* What the gzip reader inflates: up to n bytes; 0 at the end, -1 on error. */
static ssize_t bs_inflate(bstream *b, char *buf, size_t n)
{
    size_t want = n > (1u << 30) ? (1u << 30) : n;
    b->zs.next_out = (Bytef *)buf;
    b->zs.avail_out = (uInt)want;
    while (b->zs.avail_out == (uInt)want) {
        if (b->zs.avail_in == 0 && !b->raw_eof) {
            ssize_t r = bs_pull(b, b->zin, ZIN_CAP);
            if (r < 0)
                return -1;
            if (r == 0)
                b->raw_eof = true;
            b->zs.next_in = b->zin;
            b->zs.avail_in = (uInt)r;
        }
        if (b->gz_end) {
            /* Another gzip member may follow (concatenated files). */
            if (b->zs.avail_in == 0 && b->raw_eof) {
                b->eof = true;
                return 0;
            }
            if (inflateReset(&b->zs) != Z_OK) {
                snprintf(b->err, ERR_LEN, "'%s': corrupt gzip data", b->name);
                return -1;
            }
            b->gz_end = false;
        }
        int rc = inflate(&b->zs, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            b->gz_end = true;
            continue;
        }
        if (rc == Z_BUF_ERROR && b->zs.avail_in == 0 && b->raw_eof) {
            snprintf(b->err, ERR_LEN, "'%s': truncated gzip data (unexpected end of file)",
                     b->name);
            return -1;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(b->err, ERR_LEN, "'%s': corrupt gzip data: %s", b->name,
                     b->zs.msg ? b->zs.msg : "inflate failed");
            return -1;
        }
    }
    return (ssize_t)(want - b->zs.avail_out);
}

static ssize_t bs_decoded(bstream *b, char *buf, size_t n);

/* Up to n bytes of (decompressed) input; 0 at the end, -1 on error, once:
 * the stream ends there. A val_pull_fn: an archive reads from here. */
static ssize_t bs_read(void *ctx, void *out, size_t n)
{
    bstream *b = ctx;
    if (b->failed)
        return 0;
    ssize_t k = bs_decoded(b, out, n);
    if (k < 0)
        b->failed = true;
    return k;
}

static ssize_t bs_decoded(bstream *b, char *buf, size_t n)
{
    if (b->head_pos < b->head_len) {
        size_t k = b->head_len - b->head_pos < n ? b->head_len - b->head_pos : n;
        memcpy(buf, b->head + b->head_pos, k);
        b->head_pos += k;
        return (ssize_t)k;
    }
    if (b->head_err)
        return -1;
    if (b->eof || n == 0)
        return 0;
    if (b->gz)
        return bs_inflate(b, buf, n);
    if (b->zin_pos < b->zin_len) {  /* the peeked bytes first */
        size_t k = b->zin_len - b->zin_pos < n ? b->zin_len - b->zin_pos : n;
        memcpy(buf, b->zin + b->zin_pos, k);
        b->zin_pos += k;
        return (ssize_t)k;
    }
    if (b->raw_eof) {
        b->eof = true;
        return 0;
    }
    ssize_t r = bs_pull(b, buf, n);
    if (r == 0)
        b->eof = true;
    return r;
}

/* Starts a stream over pull(ctx) (a stream used before is reset, keeping
 * its buffer): peeks at its first bytes for the gzip magic and, inflated
 * if need be, for an archive's. The archive kind (VAL_AR_NONE for a log),
 * or -1 on error with the message in err. */
static int bs_open(bstream *b, val_pull_fn pull, void *ctx, const char *name, char *err)
{
    unsigned char *zin = b->zin ? b->zin : tx_xmalloc(ZIN_CAP);
    if (b->zs_up)
        inflateEnd(&b->zs);
    *b = (bstream){ .pull = pull, .ctx = ctx, .name = name, .err = err, .zin = zin };
    size_t got = 0;
    while (got < HEAD_LEN) {
        ssize_t r = pull(ctx, zin + got, ZIN_CAP - got);
        if (r < 0 && got == 0)
            return -1;
        if (r < 0) {            /* the bytes before the damage are read first */
            b->raw_err = true;
            break;
        }
        if (r == 0) {
            b->raw_eof = true;
            break;
        }
        got += (size_t)r;
    }
    b->zin_len = got;
    if (got < 2 || zin[0] != 0x1f || zin[1] != 0x8b)
        return val_archive_sniff(zin, got);
    b->gz = true;
    if (inflateInit2(&b->zs, 15 + 32) != Z_OK) {
        snprintf(err, ERR_LEN, "'%s': cannot start gzip decoding", name);
        return -1;
    }
    b->zs_up = true;
    b->zs.next_in = zin;
    b->zs.avail_in = (uInt)got;
    while (b->head_len < HEAD_LEN) {
        ssize_t k = bs_inflate(b, (char *)b->head + b->head_len, HEAD_LEN - b->head_len);
        if (k < 0)
            b->head_err = true;
        if (k <= 0)
            break;
        b->head_len += (size_t)k;
    }
    return val_archive_sniff(b->head, b->head_len);
}

static void bs_close(bstream *b)
{
    if (b->zs_up)
        inflateEnd(&b->zs);
    free(b->zin);
    memset(b, 0, sizeof *b);
}

/* An input: a file, stdin or a buffer; a log, or an archive whose regular
 * members are logs, each named ARCHIVE!MEMBER (validators/archive.c). */
typedef struct src {
    const char *path;           /* as named: a path, "<stdin>", a buffer's name */
    const char *name;           /* what reports show: path, or path!member */
    int fd;                     /* -1 for memory */
    const char *mem;
    size_t mem_len, mem_pos;
    bstream top;                /* the input's bytes */
    val_archive *ar;            /* when they are a zip or tar */
    bstream member;             /* the current member's bytes */
    bool started;
    char *mname;
    size_t mname_cap;
    uint64_t raw_done;          /* bytes read from the file or buffer (before gunzip) */
    char err[ERR_LEN];
} src;

#define VAL_PAD 64      /* slack after a chunk's data, see process_chunk */
_Static_assert(VAL_PAD >= VAL_READ_PAST && VAL_PAD >= 16, "the readers look past a record's end");

static ssize_t raw_read(void *ctx, void *buf, size_t n)
{
    src *s = ctx;
    if (s->fd < 0) {
        size_t k = s->mem_len - s->mem_pos;
        if (k > n)
            k = n;
        memcpy(buf, s->mem + s->mem_pos, k);
        s->mem_pos += k;
        s->raw_done += k;
        return (ssize_t)k;
    }
    for (;;) {
        ssize_t r = read(s->fd, buf, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            snprintf(s->err, sizeof s->err, "cannot read '%s': %s", s->path, strerror(errno));
        else
            s->raw_done += (uint64_t)r;
        return r;
    }
}

static ssize_t member_read(void *ctx, void *buf, size_t n)
{
    return val_archive_read(ctx, buf, n);
}

static int src_open(src *s, const char *path, const char *mem, size_t mem_len)
{
    memset(s, 0, sizeof *s);
    s->path = s->name = path;
    s->fd = -1;
    if (mem) {
        s->mem = mem;
        s->mem_len = mem_len;
    } else if (strcmp(path, "-") == 0) {
        s->fd = 0;
        s->path = s->name = "<stdin>";
    } else {
        s->fd = open(path, O_RDONLY);
        if (s->fd < 0) {
            snprintf(s->err, sizeof s->err, "cannot open '%s': %s", path, strerror(errno));
            return -1;
        }
    }
    int kind = bs_open(&s->top, raw_read, s, s->path, s->err);
    if (kind < 0)
        return -1;
    if (kind != VAL_AR_NONE) {
        s->ar = val_archive_open(kind, s->path, bs_read, &s->top, s->err, s->err, sizeof s->err);
        if (!s->ar)
            return -1;
    }
    return 0;
}

/* Moves to the next log of the input, s->name: 1; 0 when there is none
 * left; -1 on an error that ends the input, -2 on one that skips a member
 * (message in s->err either way). A plain or gzip file is one log. */
static int src_next(src *s)
{
    if (!s->ar) {
        if (s->started)
            return 0;
        s->started = true;
        return 1;
    }
    const char *m;
    int rc = val_archive_next(s->ar, &m);
    if (rc <= 0)
        return rc;
    size_t lp = strlen(s->path), lm = strlen(m);
    if (s->mname_cap < lp + lm + 2) {
        s->mname_cap = lp + lm + 2;
        s->mname = tx_xrealloc(s->mname, s->mname_cap);
    }
    memcpy(s->mname, s->path, lp);
    s->mname[lp] = '!';
    memcpy(s->mname + lp + 1, m, lm + 1);
    s->name = s->mname;
    int kind = bs_open(&s->member, member_read, s->ar, s->mname, s->err);
    if (kind < 0)
        return -2;
    if (kind != VAL_AR_NONE) {
        snprintf(s->err, sizeof s->err,
                 "'%s': an archive inside an archive is not read; extract it first", s->mname);
        char msg[ERR_LEN];
        memcpy(msg, s->err, sizeof msg);
        if (val_archive_skip(s->ar) == 0)
            memcpy(s->err, msg, sizeof msg);
        return -2;
    }
    return 1;
}

static void src_close(src *s)
{
    bs_close(&s->member);
    val_archive_close(s->ar);
    s->ar = NULL;
    bs_close(&s->top);
    if (s->fd > 0)
        close(s->fd);
    free(s->mname);
    s->mname = NULL;
}

/* Up to n bytes of the current log; 0 at its end, -1 on error. */
static ssize_t src_read(src *s, char *buf, size_t n)
{
    return bs_read(s->ar ? &s->member : &s->top, buf, n);
}

/* --- chunks -------------------------------------------------------------- */

enum { CH_LINES, CH_RECORDS, CH_OVERSIZE };
enum { RD_NORMAL, RD_OVERSIZE, RD_ERROR };

typedef struct rdesc {
    size_t off, len;
    uint64_t line, col, rec;    /* absolute */
    int kind;
    const char *msg;            /* RD_ERROR */
    size_t full_len;            /* RD_OVERSIZE: bytes seen */
} rdesc;

typedef struct chunk {
    char *buf;
    size_t cap, len;
    int kind;
    bool first_of_file;
    const char *file;
    uint64_t n_lines, n_records;
    rdesc *rd_items;
    size_t n_rd, cap_rd;
    val_cres res;
    bool done;
    struct chunk *next_free;
} chunk;

typedef struct runner {
    const val_schema *s;
    const val_opts *o;
    const val_prof *prof;
    val_result *res;
    size_t chunk_size, max_record;
    /* reader state for the current file */
    src in;
    int mode;                   /* 0 NDJSON, 1 array, 2 documents */
    char *carry;
    size_t carry_len, carry_cap;
    /* splitter state (array / documents) */
    int phase, depth;
    bool in_str, esc, need_value;
    uint64_t line, col, rec;
    bool rec_open;
    uint64_t rec_line, rec_col, rec_seen;
    char *rbuf;
    size_t rlen;
    /* merge state */
    uint64_t base_line, base_rec;
    val_merge mg;                   /* over res */
    chunk *free_list;
    /* threads */
    unsigned jobs;
    pthread_t *th;
    val_worker *workers;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_done;
    chunk **queue;              /* ready, FIFO */
    size_t q_head, q_len, q_cap;
    bool quit;
    chunk **ring;               /* in flight, in input order: merged from ring_head */
    size_t ring_head, ring_n, ring_cap;
    struct wctx *wx;            /* what each worker thread is given */
    bool threads_up;
    val_worker inline_w;        /* --jobs 1: chunks are checked on this thread */
    bool inline_up;
    tx_arena *prof_arena;       /* holds a custom profile */
    /* progress */
    double last_progress, start;
    bool progress_shown;
    uint64_t total_size;        /* of every input as stored; 0: unknown (a pipe) */
    uint64_t raw_before;        /* stored bytes of the inputs before the current one */
} runner;

static chunk *chunk_get(runner *r)
{
    chunk *c = r->free_list;
    if (c) {
        r->free_list = c->next_free;
    } else {
        c = tx_xmalloc(sizeof *c);
        memset(c, 0, sizeof *c);
        c->cap = r->chunk_size + r->max_record + 4 * VAL_PAD;
        c->buf = tx_xmalloc(c->cap);
    }
    c->len = 0;
    c->n_rd = 0;
    c->kind = CH_LINES;
    c->first_of_file = false;
    c->n_lines = c->n_records = 0;
    c->done = false;
    val_cres_init(&c->res, r->s);
    return c;
}

static void chunk_put(runner *r, chunk *c)
{
    val_cres_free(&c->res);
    c->next_free = r->free_list;
    r->free_list = c;
}

static void chunk_free_all(runner *r)
{
    while (r->free_list) {
        chunk *c = r->free_list;
        r->free_list = c->next_free;
        free(c->buf);
        free(c->rd_items);
        free(c);
    }
}

static rdesc *rd_push(chunk *c)
{
    if (c->n_rd == c->cap_rd) {
        c->cap_rd = c->cap_rd ? c->cap_rd * 2 : 256;
        c->rd_items = tx_xrealloc(c->rd_items, c->cap_rd * sizeof *c->rd_items);
    }
    rdesc *d = &c->rd_items[c->n_rd++];
    memset(d, 0, sizeof *d);
    return d;
}

/* --- blank runs ------------------------------------------------------------ */

/* Blank bytes: what may stand between records and on blank lines. */
static inline bool is_blank(char ch)
{
    return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
}

/* The end of the run of blank bytes at p (the first other byte, or end),
 * 16 bytes a step, so a gigabyte of blank lines is skipped at memory speed
 * rather than one line at a time. *nl gets the number of newlines in the
 * run and *after the byte after the last one (p when there is none): the
 * line numbers after the run stay exact. Never reads past end. */
static const char *blank_run(const char *p, const char *end, uint64_t *nl, const char **after)
{
    const char *q = p, *last = p;
    uint64_t n = 0;
#ifdef __SSE2__
    const __m128i sp = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), cr = _mm_set1_epi8('\r'),
                  lf = _mm_set1_epi8('\n');
    while (end - q >= 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i is_lf = _mm_cmpeq_epi8(a, lf);
        __m128i bl = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(a, sp), _mm_cmpeq_epi8(a, tab)),
                                  _mm_or_si128(_mm_cmpeq_epi8(a, cr), is_lf));
        unsigned other = ~(unsigned)_mm_movemask_epi8(bl) & 0xffffu;
        unsigned lfs = (unsigned)_mm_movemask_epi8(is_lf);
        unsigned stop = other ? (unsigned)__builtin_ctz(other) : 16;
        if (stop < 16)
            lfs &= (1u << stop) - 1;
        if (lfs) {
            n += (unsigned)__builtin_popcount(lfs);
            last = q + (31 - __builtin_clz(lfs)) + 1;
        }
        q += stop;
        if (stop < 16) {
            *nl = n;
            *after = last;
            return q;
        }
    }
#endif
    for (; q < end && is_blank(*q); q++)
        if (*q == '\n') {
            n++;
            last = q + 1;
        }
    *nl = n;
    *after = last;
    return q;
}

/* --- checking a chunk (worker side) -------------------------------------- */

static void process_chunk(val_worker *w, chunk *c, size_t max_record)
{
    w->cr = &c->res;
    /* The reader may look up to 16 bytes past a record's end (never using
     * them); zeroed, so memory checkers see no uninitialised reads. */
    memset(c->buf + c->len, 0, VAL_PAD);
    w->jr.padded = true;
    c->res.bytes = c->len;
    if (c->kind == CH_OVERSIZE) {
        val_record_too_large(w, c->buf, c->len, 0, 0, c->file, max_record);
        c->n_lines = c->n_records = 1;
        return;
    }
    if (c->kind == CH_RECORDS) {
        for (size_t i = 0; i < c->n_rd; i++) {
            rdesc *d = &c->rd_items[i];
            if (d->kind == RD_OVERSIZE)
                val_record_too_large(w, c->buf + d->off, d->len, d->line, d->rec, c->file,
                                     max_record);
            else if (d->kind == RD_ERROR)
                val_record_error(w, c->buf + d->off, d->len, d->line, d->col, d->rec, c->file,
                                 d->msg);
            else
                val_check_record(w, c->buf + d->off, d->len, d->line, d->col, d->rec, c->file);
            val_fn_record_hits(w, c->buf + d->off, d->len, d->line, d->rec);
        }
        return;
    }
    const char *p = c->buf, *end = c->buf + c->len;
    uint64_t line = 0, rec = 0;
    while (p < end) {
        /* Most lines are valid records: the fast path finds where they
         * end itself, which saves a pass over the line to cut it. */
        bool tried = false;
        if (*p == '{' && w->fast.on) {
            size_t avail = (size_t)(end - p), lim = avail < max_record ? avail : max_record;
            size_t n = val_fast_line(w, p, p + lim, lim == avail);
            if (n) {
                val_fn_record_hits(w, p, n, line, rec);
                rec++;
                line++;
                p = n == avail ? end : p + n + (p[n] == '\r' ? 2 : 1);
                continue;
            }
            tried = true;
        } else if (is_blank(*p)) {
            uint64_t n;
            const char *after;
            blank_run(p, end, &n, &after);
            if (n) {            /* blank lines, at once */
                line += n;
                p = after;
                continue;
            }
        }
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *e = le;
        if (e > p && e[-1] == '\r')
            e--;
        const char *q = p;
        while (q < e && (*q == ' ' || *q == '\t' || *q == '\r'))
            q++;
        if (q < e) {
            size_t n = (size_t)(e - p);
            if (n > max_record)
                val_record_too_large(w, p, n < 256 ? n : 256, line, rec, c->file, max_record);
            else if (tried)     /* the fast path said no: the full walk */
                val_check_record_walk(w, p, n, line, 0, rec, c->file);
            else
                val_check_record(w, p, n, line, 0, rec, c->file);
            val_fn_record_hits(w, p, n, line, rec);
            rec++;
        }
        line++;
        p = nl ? nl + 1 : end;
    }
    c->n_lines = line;
    c->n_records = rec;
}

/* --- reading chunks (main thread) ---------------------------------------- */

static void io_error(runner *r, const char *msg)
{
    fprintf(stderr, "taxonc: error: %s\n", msg);
    r->res->io_error = true;
}

/* Reads up to n bytes of the current file into buf: 0 at its end or on
 * an error (reported here, once). */
static size_t read_some(runner *r, char *buf, size_t n)
{
    ssize_t k = src_read(&r->in, buf, n);
    if (k < 0)
        io_error(r, r->in.err);
    return k > 0 ? (size_t)k : 0;
}

/* Fills c with whole NDJSON lines. Returns false at the end of the file. */
static bool read_lines(runner *r, chunk *c)
{
    memcpy(c->buf, r->carry, r->carry_len);
    c->len = r->carry_len;
    r->carry_len = 0;
    bool eof = false;
    while (c->len < r->chunk_size) {
        size_t k = read_some(r, c->buf + c->len, r->chunk_size - c->len);
        if (!k) {
            eof = true;
            break;
        }
        c->len += k;
    }
    const char *nl = c->len ? memrchr(c->buf, '\n', c->len) : NULL;
    while (!nl && !eof) {
        /* One line longer than a chunk: read on up to the record limit. */
        size_t room = c->cap - c->len - VAL_PAD;
        if (c->len > r->max_record || room == 0)
            break;
        size_t k = read_some(r, c->buf + c->len, room);
        if (!k) {
            eof = true;
            break;
        }
        nl = memchr(c->buf + c->len, '\n', k);
        c->len += k;
    }
    if (nl) {
        size_t cut = (size_t)(nl - c->buf) + 1;
        r->carry_len = c->len - cut;
        if (r->carry_cap < r->carry_len) {
            r->carry_cap = r->carry_len;
            r->carry = tx_xrealloc(r->carry, r->carry_cap);
        }
        memcpy(r->carry, c->buf + cut, r->carry_len);
        c->len = cut;
        return !(eof && r->carry_len == 0);
    }
    if (eof)
        return false;
    /* Over the limit without a newline: keep a prefix, skip to the line
     * end. A line of blanks only is a blank line, however long. */
    uint64_t n;
    const char *after;
    bool blank = blank_run(c->buf, c->buf + c->len, &n, &after) == c->buf + c->len;
    if (c->len > 256)
        c->len = 256;
    bool more = false;
    char tmp[65536];
    for (;;) {
        size_t k = read_some(r, tmp, sizeof tmp);
        if (!k)
            break;
        char *q = memchr(tmp, '\n', k);
        size_t upto = q ? (size_t)(q - tmp) : k;
        const char *e = blank ? blank_run(tmp, tmp + upto, &n, &after) : NULL;
        if (e && e < tmp + upto) {
            blank = false;      /* the record starts here: its first bytes */
            c->len = tmp + upto - e < 256 ? (size_t)(tmp + upto - e) : 256;
            memcpy(c->buf, e, c->len);
        }
        if (q) {
            r->carry_len = (size_t)(tmp + k - (q + 1));
            if (r->carry_cap < r->carry_len) {
                r->carry_cap = r->carry_len;
                r->carry = tx_xrealloc(r->carry, r->carry_cap);
            }
            memcpy(r->carry, q + 1, r->carry_len);
            more = true;
            break;
        }
    }
    if (blank) {
        c->buf[0] = '\n';
        c->len = 1;
    } else {
        c->kind = CH_OVERSIZE;
        c->n_lines = 1;
        c->n_records = 1;
    }
    return more;
}

/* The splitter for arrays and documents: one byte at a time, tracking
 * strings and depth, copying the current record into rbuf. */
enum { PH_START, PH_WAIT, PH_ELEM, PH_AFTER, PH_DONE };

static void emit(runner *r, chunk *c, int kind, const char *msg)
{
    rdesc *d = rd_push(c);
    size_t n = r->rlen;
    if (kind == RD_OVERSIZE && n > 256)
        n = 256;
    d->off = c->len;
    d->len = n;
    memcpy(c->buf + c->len, r->rbuf, n);
    c->len += n;
    d->line = r->rec_line;
    d->col = r->rec_col;
    d->rec = r->rec++;
    d->kind = kind;
    d->msg = msg;
    d->full_len = r->rec_seen;
    r->rlen = 0;
    r->rec_seen = 0;
    r->rec_open = false;
}

static inline void rec_byte(runner *r, char ch)
{
    if (r->rlen < r->max_record)
        r->rbuf[r->rlen++] = ch;
    r->rec_seen++;
}

static void rec_start(runner *r)
{
    r->rec_open = true;
    r->rec_line = r->line;
    r->rec_col = r->col;
    r->rlen = 0;
    r->rec_seen = 0;
    r->depth = 0;
    r->in_str = r->esc = false;
}

static void rec_end(runner *r, chunk *c)
{
    emit(r, c, r->rec_seen > r->max_record ? RD_OVERSIZE : RD_NORMAL, NULL);
}

/* Feeds bytes; returns the number consumed (stops when the chunk is full). */
static size_t split(runner *r, chunk *c, const char *p, size_t n)
{
    size_t i = 0;
    for (; i < n; i++) {
        if (c->len + r->max_record + 300 > c->cap && !r->rec_open)
            break;
        char ch = p[i];
        bool ws = is_blank(ch);
        if (ws && r->phase != PH_ELEM) {
            /* between values: a run of blanks at once */
            uint64_t nl;
            const char *after, *q = blank_run(p + i, p + n, &nl, &after);
            if (nl) {
                r->line += nl;
                r->col = (uint64_t)(q - after);
            } else {
                r->col += (uint64_t)(q - (p + i));
            }
            i = (size_t)(q - p) - 1;
            continue;
        }
        if (r->phase == PH_ELEM) {
            if (r->in_str) {
                if (r->esc)
                    r->esc = false;
                else if (ch == '\\')
                    r->esc = true;
                else if (ch == '"')
                    r->in_str = false;
                rec_byte(r, ch);
            } else if (ch == '"') {
                r->in_str = true;
                rec_byte(r, ch);
            } else if (ch == '{' || ch == '[') {
                r->depth++;
                rec_byte(r, ch);
            } else if ((ch == '}' || ch == ']') && r->depth > 0) {
                r->depth--;
                rec_byte(r, ch);
                if (r->depth == 0 && r->mode == 2) {
                    rec_end(r, c);
                    r->phase = PH_WAIT;
                }
            } else if (r->depth == 0 && r->mode == 1 && (ch == ',' || ch == ']')) {
                rec_end(r, c);
                r->phase = ch == ',' ? PH_WAIT : PH_DONE;
                r->need_value = ch == ',';
            } else if (r->depth == 0 && r->mode == 2 && ws) {
                rec_end(r, c);
                r->phase = PH_WAIT;
            } else {
                rec_byte(r, ch);
            }
        } else if (ws) {
            /* between values */
        } else if (r->phase == PH_START && r->mode == 1 && ch == '[') {
            r->phase = PH_WAIT;
            r->need_value = false;
        } else if (r->phase == PH_WAIT && r->mode == 1 && ch == ']') {
            if (r->need_value) {
                rec_start(r);
                emit(r, c, RD_ERROR, "trailing comma before ']'");
            }
            r->phase = PH_DONE;
        } else if (r->phase == PH_START || r->phase == PH_WAIT) {
            /* a value starts: read it again as the element's first byte */
            r->phase = PH_ELEM;
            rec_start(r);
            i--;
            continue;
        } else if (r->phase == PH_DONE) {
            /* data after the closing ']' */
            r->phase = PH_AFTER;
            rec_start(r);
            rec_byte(r, ch);
        } else {
            rec_byte(r, ch);
        }
        if (ch == '\n') {
            r->line++;
            r->col = 0;
        } else if (((unsigned char)ch & 0xC0) != 0x80) {
            r->col++;
        }
    }
    return i;
}

static void split_eof(runner *r, chunk *c)
{
    if (r->phase == PH_ELEM && r->rec_open) {
        if (r->mode == 1) {
            emit(r, c, RD_ERROR, "unexpected end of input: the array is not closed");
        } else {
            rec_end(r, c);
        }
    } else if (r->phase == PH_AFTER && r->rec_open) {
        emit(r, c, RD_ERROR, "unexpected data after the array of events");
    } else if (r->mode == 1 && r->phase == PH_WAIT) {
        rec_start(r);
        emit(r, c, RD_ERROR, "unexpected end of input: the array is not closed");
    }
}

/* Fills c with whole records of an array/documents input. */
static bool read_records(runner *r, chunk *c)
{
    c->kind = CH_RECORDS;
    bool more = true;
    while (c->len < r->chunk_size && c->len + r->max_record + 300 <= c->cap) {
        if (!r->carry_len) {
            if (r->carry_cap < 65536) {
                r->carry_cap = 65536;
                r->carry = tx_xrealloc(r->carry, r->carry_cap);
            }
            r->carry_len = read_some(r, r->carry, r->carry_cap);
            if (!r->carry_len) {
                split_eof(r, c);
                more = false;
                break;
            }
        }
        size_t used = split(r, c, r->carry, r->carry_len);
        memmove(r->carry, r->carry + used, r->carry_len - used);
        r->carry_len -= used;
        if (r->carry_len)
            break;      /* chunk full */
    }
    return more;
}

/* Decides NDJSON, array or documents from the start of the file. */
static void detect_mode(runner *r)
{
    r->carry_len = 0;
    if (r->carry_cap < 65536) {
        r->carry_cap = 65536;
        r->carry = tx_xrealloc(r->carry, r->carry_cap);
    }
    r->carry_len = read_some(r, r->carry, r->carry_cap);
    size_t i = 0;
    if (r->carry_len >= 3 && memcmp(r->carry, "\xef\xbb\xbf", 3) == 0) {
        memmove(r->carry, r->carry + 3, r->carry_len - 3);   /* UTF-8 BOM */
        r->carry_len -= 3;
    }
    while (i < r->carry_len && (r->carry[i] == ' ' || r->carry[i] == '\n' ||
                                r->carry[i] == '\r' || r->carry[i] == '\t'))
        i++;
    r->mode = 0;
    if (i < r->carry_len && r->carry[i] == '[') {
        r->mode = 1;
    } else if (i < r->carry_len && r->carry[i] == '{') {
        /* One record per line unless the first value spans lines. */
        int depth = 0;
        bool s = false, e = false, closed = false, nl = false;
        for (size_t j = i; j < r->carry_len; j++) {
            char ch = r->carry[j];
            if (s) {
                if (e) e = false;
                else if (ch == '\\') e = true;
                else if (ch == '"') s = false;
            } else if (ch == '"') s = true;
            else if (ch == '{' || ch == '[') depth++;
            else if (ch == '}' || ch == ']') {
                if (--depth == 0) {
                    closed = true;
                    break;
                }
            } else if (ch == '\n') {
                nl = true;
                break;
            }
            if (ch == '\n') {
                nl = true;
                break;
            }
        }
        if (!closed && nl)
            r->mode = 2;
    }
    r->phase = PH_START;
    r->depth = 0;
    r->in_str = r->esc = r->rec_open = false;
    r->line = r->col = r->rec = 0;
    r->rlen = 0;
}

/* --- merging (main thread, input order) ---------------------------------- */

static const char *intern_file(val_result *res, const char *f)
{
    return tx_arena_strdup(res->arena, f);
}

/* Room for one more violation in a kept list of n whose capacity is *cap. */
static val_violation *room(tx_arena *a, val_violation *v, size_t n, size_t *cap)
{
    if (n < *cap)
        return v;
    size_t nc = *cap ? *cap * 2 : 64;
    v = tx_arena_grow(a, v, *cap * sizeof *v, nc * sizeof *v);
    *cap = nc;
    return v;
}

static void copy_v(val_result *res, val_violation *dst, const val_violation *v, uint64_t bl,
                   uint64_t br, const char *file)
{
    tx_arena *a = res->arena;
    *dst = *v;
    dst->file = file;
    dst->line = v->line + bl;
    dst->record = v->record + br;
    dst->event = v->event ? tx_arena_strdup(a, v->event) : NULL;
    dst->path = tx_arena_strdup(a, v->path);
    dst->message = tx_arena_strdup(a, v->message);
    dst->expected = v->expected ? tx_arena_strdup(a, v->expected) : NULL;
    dst->found = v->found ? tx_arena_strdup(a, v->found) : NULL;
}

void val_result_keep(val_result *res, const val_violation *v)
{
    if (res->n_kept < res->max_errors) {
        res->kept = room(res->arena, res->kept, res->n_kept, &res->cap_kept);
        copy_v(res, &res->kept[res->n_kept++], v, 0, 0, v->file);
    }
    val_code k = v->code;
    if (res->n_examples[k] < res->max_examples) {
        res->examples[k] = room(res->arena, res->examples[k], res->n_examples[k],
                                &res->cap_examples[k]);
        copy_v(res, &res->examples[k][res->n_examples[k]++], v, 0, 0, v->file);
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The progress line, at most four times a second: megabytes, records and
 * violations so far and, when the inputs' size is known, the share read
 * (stored bytes, so a gzip log counts as its file) and the time left at
 * the rate so far. */
static void show_progress(runner *r, bool final)
{
    if (!r->o->progress)
        return;
    double now = now_seconds();
    if (final) {
        if (r->progress_shown)
            fputs("\r\033[K", stderr);
        return;
    }
    if (now - r->last_progress < 0.25)
        return;
    if (r->last_progress == 0) {
        r->last_progress = now;
        return;
    }
    r->last_progress = now;
    r->progress_shown = true;
    val_result *res = r->res;
    uint64_t bad = 0;
    for (int i = 0; i < VAL_N_CODES; i++)
        bad += res->code_count[i];
    fprintf(stderr, "\r\033[Kvalidating: ");
    uint64_t done = r->raw_before + r->in.raw_done;
    if (r->total_size && done) {
        double part = done >= r->total_size ? 1.0 : (double)done / (double)r->total_size;
        double left = (now - r->start) * (1.0 - part) / part;
        fprintf(stderr, "%.0f%% of %.1f MB, %u:%02u left, ", part * 100.0,
                (double)r->total_size / 1e6, (unsigned)(left / 60), (unsigned)left % 60);
    } else {
        fprintf(stderr, "%.1f MB, ", (double)res->bytes / 1e6);
    }
    fprintf(stderr, "%llu records, %llu violations", (unsigned long long)res->records,
            (unsigned long long)bad);
}

/* Adds a chunk's (or a live batch's) results to res: counts, coverage,
 * unknown names, and the violations kept while res has room. bl and br
 * turn the chunk's relative lines and record indexes into the file's. */
void val_merge_cres(val_merge *m, val_result *res, const val_schema *s, const val_cres *cr,
                    uint64_t bl, uint64_t br, const char *file)
{
    res->bytes += cr->bytes;
    res->records += cr->records;
    res->events += cr->events;
    res->valid += cr->valid;
    res->invalid += cr->invalid;
    res->ignored += cr->ignored;
    res->failing += cr->failing;
    for (int i = 0; i < VAL_N_CODES; i++)
        res->code_count[i] += cr->code_count[i];
    for (size_t i = 0; i < s->n_ev; i++) {
        if (!cr->ev[i].seen)
            continue;           /* valid and invalid count seen events */
        res->ev[i].seen += cr->ev[i].seen;
        res->ev[i].valid += cr->ev[i].valid;
        res->ev[i].invalid += cr->ev[i].invalid;
    }
    res->unknown.seen += cr->unknown.seen;
    res->unknown.valid += cr->unknown.valid;
    res->unknown.invalid += cr->unknown.invalid;
    for (size_t i = 0; i < cr->unknown_names.n; i++) {
        val_unknown_event *u = &cr->unknown_names.items[i];
        uint64_t h = cr->unknown_tab.keys[i].hash;
        size_t n = cr->unknown_tab.keys[i].len, slot;
        long j = val_unknown_find(&m->unknown_tab, res->unknown_names, u->name, n, h, &slot);
        if (j >= 0)
            res->unknown_names[j].seen += u->seen;
        else
            val_unknown_add(&m->unknown_tab, res->arena, res->unknown_names, &res->n_unknown,
                            slot, h, u->name, n, u->seen);
    }
    /* coverage only grows: each property of an event is expanded once */
    for (size_t e = 0; e < s->n_ev; e++)
        for (uint64_t b = cr->ev_seen_k[e] & ~m->k_merged[e]; b; b &= b - 1) {
            m->k_merged[e] |= b & -b;
            unsigned k = (unsigned)__builtin_ctzll(b);
            res->prop_seen[s->ev[e].kprop[k]] = 1;
            res->ev_prop_seen[s->ev[e].base + k] = 1;
        }
    for (size_t i = 0; i < s->n_props; i++)
        res->prop_seen[i] |= cr->prop_seen[i];
    for (size_t i = 0; i < s->n_ev_props; i++)
        res->ev_prop_seen[i] |= cr->ev_prop_seen[i];
    for (size_t i = 0; i < cr->kept.n && res->n_kept < res->max_errors; i++) {
        res->kept = room(res->arena, res->kept, res->n_kept, &res->cap_kept);
        copy_v(res, &res->kept[res->n_kept++], &cr->kept.items[i], bl, br, file);
    }
    val_cells_merge(&res->cells, res->arena, &cr->cells, bl, file);
    for (int k = 0; k < VAL_N_CODES; k++)
        for (size_t i = 0; i < cr->examples[k].n && res->n_examples[k] < res->max_examples; i++) {
            res->examples[k] = room(res->arena, res->examples[k], res->n_examples[k],
                                    &res->cap_examples[k]);
            copy_v(res, &res->examples[k][res->n_examples[k]++], &cr->examples[k].items[i], bl,
                   br, file);
        }
    val_fn_merge(m, res, cr, bl, br, file);
}

static void merge(runner *r, chunk *c)
{
    val_cres *cr = &c->res;
    if (c->first_of_file) {
        r->base_line = 1;
        r->base_rec = 0;
    }
    const char *file = c->file;
    uint64_t bl = c->kind == CH_RECORDS ? 1 : r->base_line;
    uint64_t br = c->kind == CH_RECORDS ? 0 : r->base_rec;
    val_merge_cres(&r->mg, r->res, r->s, cr, bl, br, file);
    if (r->o->valid_out && cr->valid_buf.len)
        fwrite(cr->valid_buf.buf, 1, cr->valid_buf.len, r->o->valid_out);
    if (r->o->invalid_out) {
        for (size_t i = 0; i < cr->inv.n; i++) {
            val_inv *e = &cr->inv.items[i];
            tx_sb h = TX_SB_INIT;
            tx_sb_adds(&h, "{\"file\":\"");
            tx_sb_add_json_str(&h, file, strlen(file));
            tx_sb_addf(&h, "\",\"line\":%llu,\"index\":%llu", (unsigned long long)(e->line + bl),
                       (unsigned long long)(e->record + br));
            fwrite(h.buf, 1, h.len, r->o->invalid_out);
            tx_sb_release(&h);
            fwrite(cr->inv_buf.buf + e->off, 1, e->len, r->o->invalid_out);
        }
    }
    if (c->kind != CH_RECORDS) {
        r->base_line += c->n_lines;
        r->base_rec += c->n_records;
    }
    r->res->lines += c->kind == CH_RECORDS ? 0 : c->n_lines;
    show_progress(r, false);
}

/* Merges the oldest chunk in flight (r->ring[r->ring_head]), in order:
 * waits for it with r->mu held, merges it with r->mu released. */
static void merge_oldest(runner *r)
{
    while (!r->ring[r->ring_head]->done)
        pthread_cond_wait(&r->cv_done, &r->mu);
    chunk *h = r->ring[r->ring_head];
    r->ring_head = (r->ring_head + 1) % r->ring_cap;
    r->ring_n--;
    pthread_mutex_unlock(&r->mu);
    merge(r, h);
    chunk_put(r, h);
    pthread_mutex_lock(&r->mu);
}

/* --- threads --------------------------------------------------------------- */

typedef struct wctx {
    runner *r;
    val_worker *w;
} wctx;

static void *worker_main(void *arg)
{
    wctx *x = arg;
    runner *r = x->r;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        while (!r->q_len && !r->quit)
            pthread_cond_wait(&r->cv_work, &r->mu);
        if (!r->q_len && r->quit) {
            pthread_mutex_unlock(&r->mu);
            return NULL;
        }
        chunk *c = r->queue[r->q_head];
        r->q_head = (r->q_head + 1) % r->q_cap;
        r->q_len--;
        pthread_mutex_unlock(&r->mu);
        process_chunk(x->w, c, r->max_record);
        pthread_mutex_lock(&r->mu);
        c->done = true;
        pthread_cond_broadcast(&r->cv_done);
        pthread_mutex_unlock(&r->mu);
    }
}

/* --- the run ---------------------------------------------------------------- */

void val_result_init(val_result *res, val_merge *m, const val_schema *s, const val_opts *o)
{
    memset(res, 0, sizeof *res);
    res->arena = tx_arena_new();
    res->tax = s->t;
    res->max_errors = o->max_errors ? o->max_errors : 1000;
    res->max_examples = o->examples ? o->examples : 5;
    res->ev = tx_arena_alloc(res->arena, (s->n_ev + 1) * sizeof *res->ev);
    res->prop_seen = tx_arena_alloc(res->arena, s->n_props + 1);
    res->ev_prop_seen = tx_arena_alloc(res->arena, s->n_ev_props + 1);
    res->ev_prop_base = tx_arena_alloc(res->arena, (s->n_ev + 1) * sizeof *res->ev_prop_base);
    for (size_t i = 0; i < s->n_ev; i++)
        res->ev_prop_base[i] = s->ev[i].base;
    res->unknown_names = tx_arena_alloc(res->arena,
                                        VAL_UNKNOWN_KEEP * sizeof *res->unknown_names);
    val_unknown_tab_init(&m->unknown_tab, res->arena);
    m->k_merged = tx_arena_alloc(res->arena, (s->n_ev + 1) * sizeof *m->k_merged);
    m->res = res;
    m->fail = o->fail;
    res->funnel_journeys = o->funnel_journeys ? o->funnel_journeys : VAL_FN_DEFAULT_JOURNEYS;
    /* kept and examples grow on demand (room): --max-errors 100000000 on a
     * small log must not allocate and zero gigabytes up front */
}

void val_result_free(val_result *res)
{
    val_fn_free(res->fn_engine);
    if (res->arena)
        tx_arena_free(res->arena);
    memset(res, 0, sizeof *res);
}

typedef struct input {
    const char *path;
    const char *mem;
    size_t len;
} input;

/* The inputs' total size as stored, when every one is a regular file or a
 * buffer; 0 when any size is unknown (stdin, a pipe). */
static uint64_t inputs_size(const input *in, size_t n)
{
    uint64_t total = 0;
    for (size_t f = 0; f < n; f++) {
        struct stat st;
        if (in[f].mem)
            total += in[f].len;
        else if (strcmp(in[f].path, "-") != 0 && stat(in[f].path, &st) == 0 && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
        else
            return 0;
    }
    return total;
}

/* Sets the runner's limits, profile, result and buffers; -1 (err filled)
 * when the custom profile is wrong, with nothing left to free. */
static int runner_start(runner *r, const val_schema *s, const val_opts *o, val_result *res,
                        char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->o = o;
    r->res = res;
    r->chunk_size = o->chunk_size ? o->chunk_size : (1u << 20);
    /* The record splitter keeps a 236-byte margin inside each chunk; below
     * that an array or multi-line document never made progress (endless
     * loop of empty chunks). The CLI already clamps --chunk-size to 4096. */
    if (r->chunk_size < 4096)
        r->chunk_size = 4096;
    r->max_record = o->max_record ? o->max_record : (4u << 20);
    r->jobs = o->jobs ? o->jobs : 1;
    if (r->jobs > 64)
        r->jobs = 64;
    if (val_prof_of_opts(o, &r->prof_arena, &r->prof, err, errlen) != 0)
        return -1;
    if (!r->prof && o->profile != VAL_PROF_AUTO)
        r->prof = val_prof_builtin(o->profile);
    val_result_init(res, &r->mg, s, o);
    r->rbuf = tx_xmalloc(r->max_record + 1);
    r->ring_cap = r->jobs == 1 ? 1 : 2 * r->jobs;
    r->ring = tx_xmalloc(r->ring_cap * sizeof *r->ring);
    r->q_cap = r->ring_cap;
    r->queue = tx_xmalloc(r->q_cap * sizeof *r->queue);
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->cv_work, NULL);
    pthread_cond_init(&r->cv_done, NULL);
    return 0;
}

/* Starts the worker threads (on the first chunk, once the profile is known). */
static void start_workers(runner *r)
{
    r->th = tx_xmalloc(r->jobs * sizeof *r->th);
    r->workers = tx_xmalloc(r->jobs * sizeof *r->workers);
    r->wx = tx_xmalloc(r->jobs * sizeof *r->wx);
    for (unsigned j = 0; j < r->jobs; j++) {
        val_worker_init(&r->workers[j], r->s, r->o, r->prof);
        r->wx[j] = (wctx){ r, &r->workers[j] };
        pthread_create(&r->th[j], NULL, worker_main, &r->wx[j]);
    }
    r->threads_up = true;
}

/* Checks one chunk: inline with one job; else hands it to the workers and
 * merges the finished ones in order, waiting while the ring is full. */
static void submit(runner *r, chunk *c)
{
    if (r->jobs == 1) {
        if (!r->inline_up) {
            val_worker_init(&r->inline_w, r->s, r->o, r->prof);
            r->inline_up = true;
        }
        process_chunk(&r->inline_w, c, r->max_record);
        merge(r, c);
        chunk_put(r, c);
        return;
    }
    if (!r->threads_up)
        start_workers(r);
    pthread_mutex_lock(&r->mu);
    r->ring[(r->ring_head + r->ring_n++) % r->ring_cap] = c;
    r->queue[(r->q_head + r->q_len++) % r->q_cap] = c;
    pthread_cond_signal(&r->cv_work);
    /* Merge finished chunks in order; wait while the ring is full. */
    while (r->ring_n && (r->ring_n == r->ring_cap || r->ring[r->ring_head]->done))
        merge_oldest(r);
    pthread_mutex_unlock(&r->mu);
}

/* Cuts the current log (file, as reported) into chunks and checks each. */
static void run_log(runner *r, const char *file)
{
    val_result *res = r->res;
    bool first = true, more = true;
    while (more) {
        chunk *c = chunk_get(r);
        c->file = file;
        c->first_of_file = first;
        more = r->mode == 0 ? read_lines(r, c) : read_records(r, c);
        if (c->len == 0 && c->n_rd == 0 && c->kind != CH_OVERSIZE) {
            chunk_put(r, c);    /* nothing in it (an empty file) */
            continue;
        }
        first = false;
        if (!r->prof) {
            /* Detect the profile from the first record of the run. */
            const char *p = c->kind == CH_RECORDS ? c->buf + c->rd_items[0].off : c->buf;
            size_t len = c->kind == CH_RECORDS ? c->rd_items[0].len : c->len;
            const char *nl = c->kind == CH_LINES ? memchr(p, '\n', len) : NULL;
            r->prof = val_prof_builtin(val_prof_detect(p, nl ? (size_t)(nl - p) : len));
        }
        res->profile = r->prof->id;
        c->res.kept_base = res->n_kept;
        memcpy(c->res.ex_base, res->n_examples, sizeof c->res.ex_base);
        submit(r, c);
    }
    /* Chunks of this file still in flight keep their file pointer, which
     * lives in the result's arena: no need to drain here. */
}

/* Checks one input: a log, or each member of an archive in turn. */
static void run_input(runner *r, const input *in)
{
    r->raw_before += r->in.raw_done;    /* the previous input's, or 0 */
    if (src_open(&r->in, in->path, in->mem, in->len) != 0) {
        io_error(r, r->in.err);
        src_close(&r->in);
        return;
    }
    for (int m; (m = src_next(&r->in)) != 0;) {
        if (m < 0) {
            io_error(r, r->in.err);
            if (m == -1)
                break;
            continue;
        }
        r->res->files++;
        const char *file = intern_file(r->res, r->in.name);
        detect_mode(r);
        run_log(r, file);
    }
    src_close(&r->in);
}

/* Merges what is still in flight, then stops and frees the workers. */
static void stop_workers(runner *r)
{
    if (r->threads_up) {
        pthread_mutex_lock(&r->mu);
        while (r->ring_n)
            merge_oldest(r);
        r->quit = true;
        pthread_cond_broadcast(&r->cv_work);
        pthread_mutex_unlock(&r->mu);
        for (unsigned j = 0; j < r->jobs; j++) {
            pthread_join(r->th[j], NULL);
            val_worker_free(&r->workers[j]);
        }
        free(r->th);
        free(r->workers);
        free(r->wx);
    }
    if (r->inline_up)
        val_worker_free(&r->inline_w);
}

/* Frees what runner_start set up and flushes the filter outputs. */
static void runner_end(runner *r)
{
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->cv_work);
    pthread_cond_destroy(&r->cv_done);
    chunk_free_all(r);
    free(r->ring);
    free(r->queue);
    free(r->carry);
    free(r->rbuf);
    tx_arena_free(r->prof_arena);
    if (r->o->valid_out)
        fflush(r->o->valid_out);
    if (r->o->invalid_out)
        fflush(r->o->invalid_out);
}

static int run_inputs(const val_schema *s, const val_opts *o, const input *in, size_t n,
                      val_result *res, char *err, size_t errlen)
{
    runner r;
    if (runner_start(&r, s, o, res, err, errlen) != 0)
        return -1;
    if (o->progress) {
        r.start = now_seconds();
        r.total_size = inputs_size(in, n);
    }
    for (size_t f = 0; f < n; f++)
        run_input(&r, &in[f]);
    stop_workers(&r);
    if (!r.prof)
        res->profile = o->profile == VAL_PROF_AUTO ? VAL_PROF_AMPLITUDE : o->profile;
    val_fn_done(res);
    show_progress(&r, true);
    runner_end(&r);
    return 0;
}

int val_run(const val_schema *s, const val_opts *o, const char *const *paths, size_t n,
            val_result *res, char *err, size_t errlen)
{
    input *in = tx_xmalloc((n + 1) * sizeof *in);
    for (size_t i = 0; i < n; i++)
        in[i] = (input){ paths[i], NULL, 0 };
    int rc = run_inputs(s, o, in, n, res, err, errlen);
    free(in);
    return rc;
}

int val_run_buffer(const val_schema *s, const val_opts *o, const char *name, const char *data,
                   size_t len, val_result *res)
{
    input in = { name, data ? data : "", len };
    char err[256];
    return run_inputs(s, o, &in, 1, res, err, sizeof err);
}
