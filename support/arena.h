/* One arena per compilation: the model, interned names and diagnostics all
 * live here and are freed at once by tx_arena_free(). Allocation failure is
 * fatal (abort with a message): there is no sensible partial model to return.
 * Cleanups registered with tx_arena_defer() run at free time, for foreign
 * objects such as compiled PCRE2 patterns. */
#ifndef TX_ARENA_H
#define TX_ARENA_H
#include <stddef.h>
#include <stdarg.h>

typedef struct tx_arena tx_arena;

tx_arena *tx_arena_new(void);
void tx_arena_free(tx_arena *a);
void *tx_arena_alloc(tx_arena *a, size_t size);      /* zeroed, 16-aligned */
/* zeroed, aligned to align (a power of two up to 16): for small structs
 * made by the million, where rounding each up to 16 bytes would show */
void *tx_arena_alloc_aligned(tx_arena *a, size_t size, size_t align);
void *tx_arena_grow(tx_arena *a, void *old, size_t old_size, size_t new_size);
/* Strings (strndup, strdup, printf) are not aligned: they are packed. */
char *tx_arena_strndup(tx_arena *a, const char *s, size_t n);
char *tx_arena_strdup(tx_arena *a, const char *s);
char *tx_arena_printf(tx_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *tx_arena_vprintf(tx_arena *a, const char *fmt, va_list ap);
void tx_arena_defer(tx_arena *a, void (*fn)(void *), void *ptr);
size_t tx_arena_used(const tx_arena *a);

/* A point to roll the arena back to, for scratch work per item of a long
 * list: tx_arena_release(a, m) gives back everything allocated since
 * tx_arena_mark(a) returned m (running cleanups deferred since then), and
 * keeps one chunk for the next item. Pointers made after the mark die. */
typedef struct tx_arena_mark {
    void *chunk;
    size_t used, total;
    void *defers;
} tx_arena_mark;
tx_arena_mark tx_arena_mark_now(tx_arena *a);
void tx_arena_release(tx_arena *a, tx_arena_mark m);

/* Growable array kept in an arena: TX_VEC(T) v = {0}; TX_PUSH(a, v, x); */
#define TX_VEC(T) struct { T *items; size_t n, cap; }
#define TX_PUSH(arena, vec, value)                                              \
    do {                                                                        \
        if ((vec).n == (vec).cap) {                                             \
            size_t nc_ = (vec).cap ? (vec).cap * 2 : 8;                         \
            (vec).items = tx_arena_grow((arena), (vec).items,                   \
                                        (vec).cap * sizeof *(vec).items,        \
                                        nc_ * sizeof *(vec).items);             \
            (vec).cap = nc_;                                                    \
        }                                                                       \
        (vec).items[(vec).n++] = (value);                                       \
    } while (0)

void tx_die_oom(void);
void *tx_xmalloc(size_t n);
void *tx_xrealloc(void *p, size_t n);
#endif
