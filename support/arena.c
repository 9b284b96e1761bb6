/* Chunked bump allocator. Chunks grow geometrically; a request bigger than
 * a chunk gets its own. Nothing is freed before tx_arena_free(). Strings
 * are packed byte to byte (a million short names would otherwise spend
 * half their bytes on padding); everything else starts 16-aligned unless
 * the caller asks for less. */
#include "arena.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    max_align_t align_;
    unsigned char data[];
} chunk;

typedef struct deferred {
    struct deferred *next;
    void (*fn)(void *);
    void *ptr;
} deferred;

struct tx_arena {
    chunk *head;
    chunk *spare;           /* one chunk given back by tx_arena_release, for reuse */
    deferred *defers;
    size_t total;
    size_t next_size;
};

void tx_die_oom(void)
{
    fputs("taxonc: fatal: out of memory\n", stderr);
    abort();
}

void *tx_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        tx_die_oom();
    return p;
}

void *tx_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        tx_die_oom();
    return q;
}

tx_arena *tx_arena_new(void)
{
    tx_arena *a = calloc(1, sizeof *a);
    if (!a)
        tx_die_oom();
    a->next_size = 16 * 1024;
    return a;
}

void tx_arena_free(tx_arena *a)
{
    if (!a)
        return;
    for (deferred *d = a->defers; d; d = d->next)
        d->fn(d->ptr);
    chunk *c = a->head;
    while (c) {
        chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a->spare);
    free(a);
}

/* The bump itself: size bytes at the next multiple of align (a power of
 * two, at most 16) in the newest chunk, or in a new one. */
static void *bump(tx_arena *a, size_t size, size_t align)
{
    chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->size || c->size - at < size) {
        size_t want = a->next_size;
        if (want < size)
            want = size;
        else if (a->next_size < 4u * 1024 * 1024)
            a->next_size *= 2;
        if (a->spare && a->spare->size >= want) {
            c = a->spare;   /* a released chunk: no malloc and free per item */
            a->spare = NULL;
            want = c->size;
        } else {
            c = malloc(sizeof *c + want);
            if (!c)
                tx_die_oom();
        }
        c->size = want;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        at = 0;
    }
    void *p = c->data + at;
    c->used = at + size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *tx_arena_alloc(tx_arena *a, size_t size)
{
    return bump(a, size ? size : 1, 16);
}

void *tx_arena_alloc_aligned(tx_arena *a, size_t size, size_t align)
{
    if (align == 0 || align > 16 || (align & (align - 1)))
        align = 16;
    return bump(a, size ? size : 1, align);
}

void *tx_arena_grow(tx_arena *a, void *old, size_t old_size, size_t new_size)
{
    void *p = tx_arena_alloc(a, new_size);
    if (old && old_size)
        memcpy(p, old, old_size < new_size ? old_size : new_size);
    return p;
}

char *tx_arena_strndup(tx_arena *a, const char *s, size_t n)
{
    char *p = bump(a, n + 1, 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *tx_arena_strdup(tx_arena *a, const char *s)
{
    return tx_arena_strndup(a, s, strlen(s));
}

char *tx_arena_vprintf(tx_arena *a, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        n = 0;
    char *p = bump(a, (size_t)n + 1, 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *tx_arena_printf(tx_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = tx_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void tx_arena_defer(tx_arena *a, void (*fn)(void *), void *ptr)
{
    deferred *d = tx_arena_alloc(a, sizeof *d);
    d->fn = fn;
    d->ptr = ptr;
    d->next = a->defers;
    a->defers = d;
}

size_t tx_arena_used(const tx_arena *a)
{
    return a->total;
}

tx_arena_mark tx_arena_mark_now(tx_arena *a)
{
    return (tx_arena_mark){ a->head, a->head ? a->head->used : 0, a->total, a->defers };
}

void tx_arena_release(tx_arena *a, tx_arena_mark m)
{
    while (a->defers && a->defers != m.defers) {
        deferred *d = a->defers;
        a->defers = d->next;
        d->fn(d->ptr);      /* d itself is in a chunk freed below */
    }
    while (a->head && a->head != m.chunk) {
        chunk *c = a->head;
        a->head = c->next;
        if (!a->spare || a->spare->size < c->size) {
            free(a->spare);
            a->spare = c;
        } else {
            free(c);
        }
    }
    if (a->head)
        a->head->used = m.used;
    a->total = m.total;
}
