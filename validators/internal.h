/* Private structures shared by the files of validators/: the compiled
 * schema (compile.c), profiles (profile.c), the per-thread worker that
 * checks records (its fast path's state for fast.c, its full walk's for
 * check.c) and the per-chunk results merged in input order
 * (run.c). Not part of the public API. */
#ifndef VAL_INTERNAL_H
#define VAL_INTERNAL_H
#include "validate.h"
#include "json.h"
#include "../support/strbuf.h"
#include <string.h>

static inline uint64_t val_load64(const char *s)
{
    uint64_t v;
    __builtin_memcpy(&v, s, 8);
    return v;
}

static inline uint32_t val_load32(const char *s)
{
    uint32_t v;
    __builtin_memcpy(&v, s, 4);
    return v;
}

static inline uint64_t val_mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* Fast hash for names and keys (after wyhash's short-input path): never
 * reads outside [s, s+n), only fixed-size loads, no loop below 17 bytes. */
static inline uint64_t val_hash(const char *s, size_t n)
{
    uint64_t a, b;
    if (n <= 16) {
        if (n >= 8) {
            a = val_load64(s);
            b = val_load64(s + n - 8);
        } else if (n >= 4) {
            a = val_load32(s);
            b = val_load32(s + n - 4);
        } else if (n) {
            a = ((uint64_t)(unsigned char)s[0] << 16) | ((uint64_t)(unsigned char)s[n >> 1] << 8) |
                (unsigned char)s[n - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        uint64_t h = 0x243F6A8885A308D3ull;
        size_t i = 0;
        for (; i + 16 < n; i += 16)
            h = val_mix(val_load64(s + i) ^ 0xa0761d6478bd642full,
                        val_load64(s + i + 8) ^ h);
        a = val_load64(s + n - 16) ^ h;
        b = val_load64(s + n - 8);
    }
    return val_mix(a ^ 0xa0761d6478bd642full, b ^ 0xe7037ed1a0b428dbull ^ n);
}

/* Equality of two byte strings of the same length, without a call:
 * overlapping fixed-size loads, no byte loop below 17 bytes. */
static inline bool val_eq(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        while (n > 16) {
            if (val_load64(a) != val_load64(b))
                return false;
            a += 8;
            b += 8;
            n -= 8;
        }
        return val_load64(a) == val_load64(b) && val_load64(a + n - 8) == val_load64(b + n - 8);
    }
    if (n >= 4)
        return val_load32(a) == val_load32(b) && val_load32(a + n - 4) == val_load32(b + n - 4);
    if (n == 0)
        return true;
    return a[0] == b[0] && a[n >> 1] == b[n >> 1] && a[n - 1] == b[n - 1];
}

/* Open-addressing slot: the hash, the index, and the first bytes of the
 * name inline, so a lookup of a name up to 16 bytes touches one cache
 * line. */
typedef struct val_slot {
    uint64_t hash;
    uint32_t idx;           /* index + 1; 0 = empty */
    uint32_t len;
    char head[16];          /* the name's first 16 bytes */
} val_slot;

typedef struct val_table {
    val_slot *slots;
    size_t mask;
    const char *const *names;   /* by index, for names over 16 bytes */
} val_table;

static inline long val_table_find(const val_table *t, const char *s, size_t n, uint64_t h)
{
    size_t i = (size_t)h & t->mask;
    for (;;) {
        const val_slot *sl = &t->slots[i];
        if (!sl->idx)
            return -1;
        if (sl->hash == h && sl->len == n &&
            (n <= 16 ? val_eq(sl->head, s, n) : val_eq(t->names[sl->idx - 1], s, n)))
            return (long)sl->idx - 1;
        i = (i + 1) & t->mask;
    }
}

typedef struct val_type val_type;

typedef struct val_field {
    const char *name;
    size_t len;
    const val_type *type;
    bool required;
    bool deprecated;
    const char *dep_reason;
} val_field;

/* sre.c: exact matcher for simple anchored patterns; NULL when the
 * pattern is not simple enough (then PCRE2 decides). */
typedef struct val_sre val_sre;
enum { VAL_SRE_NOMATCH = 0, VAL_SRE_MATCH = 1, VAL_SRE_UNSURE = 2 };
val_sre *val_sre_compile(const char *pat);
int val_sre_match(const val_sre *r, const char *s, size_t n);
void val_sre_free(void *r);

/* check.c: tx_suggest's exact answer, with most edit distances skipped. */

typedef struct val_enum {
    const char *s;          /* strings: the value; numbers: the literal */
    size_t n;
    val_dec dec;            /* numbers */
    bool is_num;
    uint8_t kind;           /* tx_base of the value (a union's enum holds several) */
} val_enum;

/* String enums by hash: slot idx is the value's index + 1 (0: empty).
 * Values up to VAL_ES_HEAD bytes are kept in the slot, so a lookup reads
 * one line. */
#define VAL_ES_HEAD 16
typedef struct val_eslot {
    uint64_t hash;
    uint32_t idx, len;
    char head[VAL_ES_HEAD];
} val_eslot;

/* The one constraint of a string type the fast path decides inline
 * (compile.c); anything else goes through val_string_verdict. */
enum {
    VAL_SK_NONE,        /* no constraint */
    VAL_SK_ENUM,        /* string enum only */
    VAL_SK_YMD,         /* date pattern yyyyMMdd only */
    VAL_SK_UUID,        /* format uuid only */
    VAL_SK_SRE,         /* a simple pattern only */
    VAL_SK_LEN,         /* length bounds only */
    VAL_SK_OTHER,
};

struct val_type {
    /* Hot: what a string value reads, in the first cache line. */
    uint8_t base;               /* tx_base */
    bool nullable;
    bool has_min, has_max;
    bool min_i64, max_i64;      /* the bound is an integer within int64 */
    uint8_t format;             /* tx_format */
    bool has_len;               /* min_len or max_len set */
    uint8_t str_kind;           /* VAL_SK_*: what the fast path checks of a string */
    uint32_t n_enum;
    uint32_t enum_mask;         /* string enums: enum_tab has mask + 1 slots */
    const val_eslot *enum_tab;  /* string enums, or NULL */
    void *re;                   /* pcre2_code_8 * */
    const struct val_sre *sre;  /* the same pattern without PCRE2 (sre.c), or NULL */
    const val_type *items;
    int64_t min_len, max_len;
    /* Numbers: the second line. */
    int64_t min_i, max_i;
    val_enum *enums;
    /* Cold: bounds as decimals, messages, nested objects. */
    const tx_type *t;
    val_dec min, max;
    const char *min_text, *max_text;
    const char **enum_names;    /* for tx_suggest */
    const char *enum_desc;      /* "one of kakao, naver, google" */
    const char *pattern;
    const char *format_text;
    int64_t min_items, max_items;
    size_t n_fields;
    val_field *fields;
    const char **field_names;
    bool open;                  /* objects: other members accepted, */
    const val_type *additional; /* ... each checked against this (NULL: any value) */
    uint32_t n_branches;        /* TX_UNION: one branch per JSON type (check.c check_union) */
    const val_type **branches;
    const char *desc;           /* "string", "integer or string", ... for messages */
};

typedef struct val_prop {
    const val_type *type;   /* hot */
    bool deprecated;        /* hot */
    bool is_user;           /* hot */
    /* Some event gives it a type of its own (issue 16's per-event
     * variants; always for an event-local property): its values are
     * checked against the event's slot type (val_event.ktype) once the
     * event is known, never against `type` when the event is. */
    bool varies;
    const tx_property *p;
    const char *name;
    size_t len;
    const char *dep_reason;
} val_prop;

typedef struct val_evslot {
    uint32_t prop1;         /* property index + 1; 0 = empty */
    uint32_t k;             /* position in the event's flattened list */
} val_evslot;

/* What the fast path needs of a property's type to check the usual values
 * without reading the type itself (compile.c hot_of): with 200 events and
 * 600 properties the types do not stay in the cache, the event's slots
 * do (they are prefetched as soon as the event is known). */
enum {
    VAL_HK_OTHER,       /* read the type (fast_value_any) */
    VAL_HK_STR,         /* string, no constraint */
    VAL_HK_ENUM,        /* string enum only: u.etab, mask */
    VAL_HK_YMD,         /* yyyyMMdd only */
    VAL_HK_UUID,        /* format uuid only */
    VAL_HK_SRE,         /* a simple pattern only: u.sre */
    VAL_HK_LEN,         /* length bounds only: u.b (-1: none) */
    VAL_HK_BOOL,        /* boolean, no enum */
    VAL_HK_INT,         /* integer, no enum, bounds in u.b (INT32_MIN/MAX: none) */
    VAL_HK_NUM,         /* number, the same */
    VAL_HK_STRS,        /* array of unconstrained strings, at most mask items */
};
enum { VAL_HF_NULL = 1 };
typedef struct val_hot {
    uint8_t kind;           /* VAL_HK_* */
    uint8_t flags;          /* VAL_HF_*: null allowed */
    uint16_t pad;
    uint32_t mask;
    union {
        const val_eslot *etab;
        const struct val_sre *sre;
        struct { int32_t lo, hi; } b;
    } u;
} val_hot;
_Static_assert(sizeof(val_hot) == 16, "fits an event slot");

/* An event's own properties by name hash (fast.c): one slot gives the
 * property's type, its dictionary index and its position k in the event. */
#define VAL_EP_KEY 24
#define VAL_EP_NAME (VAL_EP_KEY - 3)
#define VAL_EP_LONG 0xFF
typedef struct val_epslot {     /* one cache line */
    uint64_t hash;
    const val_type *type;
    uint32_t prop1;         /* dictionary index + 1; 0 = empty */
    uint8_t k;              /* < 64 */
    bool deprecated;
    uint8_t len;            /* the name's, up to VAL_EP_NAME; else VAL_EP_LONG */
    uint8_t next1;          /* the slot of the property at k + 1, plus 1; 0 after the last */
    val_hot hot;            /* the type's hot part */
    /* The key as logs write it, `"name":`, which the fast path's guesses
     * compare byte for byte; key[0] is 0 instead of the quote where a
     * guess must not match (deprecated properties, long names): the key is
     * then found by hash and judged there. */
    char key[VAL_EP_KEY];
} val_epslot;
_Static_assert(sizeof(val_epslot) == 64, "one cache line per slot");

typedef struct val_event {
    /* Hot: read for every event. */
    val_epslot *ptab;       /* events with at most 64 properties, else NULL */
    uint32_t pmask;
    uint8_t first1;         /* the slot of the property at k = 0, plus 1 */
    uint64_t req_k;         /* bit k: the property at k is required */
    uint32_t *kprop;        /* property index by position */
    const val_type **ktype; /* the slot's type by position: what the event accepts */
    val_evslot *set;
    uint32_t *required;     /* property indexes */
    uint32_t mask, n_required;
    uint32_t base;          /* into val_result.ev_prop_seen */
    bool deprecated;
    /* Cold. */
    const tx_event *e;
    const char *name;
    size_t len;
    size_t n_props;
    const char **prop_names;
    const char *dep_reason;
} val_event;

/* The events by name for the fast path (compile.c): one line gives what
 * it needs to start on the event's properties. */
#define VAL_EF_HEAD 24
typedef struct val_efast {
    uint64_t hash;
    uint32_t ei1;               /* event index + 1; 0 = empty */
    uint16_t len;               /* 0xFFFF: longer than VAL_EF_HEAD */
    bool deprecated;
    uint8_t first1;             /* the slot of the property at k = 0, plus 1 */
    const val_epslot *ptab;     /* as in val_event */
    uint32_t pmask, base;
    uint64_t req_k;
    char head[VAL_EF_HEAD];
} val_efast;
_Static_assert(sizeof(val_efast) == 64, "one cache line per slot");

struct val_schema {
    tx_arena *arena;
    const tx_taxonomy *t;
    val_table events_tab, props_tab;
    val_efast *efast;           /* efmask + 1 slots, on a cache-line boundary */
    size_t efmask;
    /* n_props counts the dictionary's properties, then the event-local
     * ones (tx_property.local, by index); locals of one name share the
     * first one's index, which is the one in props_tab and the events'
     * sets. */
    size_t n_ev, n_props, n_ev_props;
    uint32_t *local1;           /* by local position: the index its name has */
    val_event *ev;
    val_prop *props;
    const char **event_names;
    const char **prop_names;
    const char **user_names;
    size_t n_user;
    /* Funnels (funnel_hits.c): fn_ev[e] is 1 when event e is a step of
     * some funnel (always allocated, so the paths read it unchecked); its
     * steps are fn_refs[fn_first[e] .. fn_first[e + 1]). */
    uint8_t *fn_ev;
    uint32_t *fn_first;
    struct val_fn_ref *fn_refs;
};

static inline long val_event_has(const val_event *e, uint32_t prop)
{
    size_t i = (prop * 0x9E3779B1u) & e->mask;
    for (;;) {
        if (!e->set[i].prop1)
            return -1;
        if (e->set[i].prop1 == prop + 1)
            return e->set[i].k;
        i = (i + 1) & e->mask;
    }
}

/* --- profiles: where the event name and properties live --- */
typedef enum val_role {
    ROLE_NONE,
    ROLE_NAME,              /* string: the event name */
    ROLE_PROPS,             /* object: event properties */
    ROLE_USER,              /* object: user properties */
    ROLE_TYPE,              /* string: segment's message type */
    ROLE_BATCH,             /* array of events (kids describe an event) */
    ROLE_OBJ,               /* object to descend into (kids) */
    ROLE_ATTRS,             /* braze: array of user attributes objects */
    ROLE_ITEMS,             /* braze purchases: array of objects, shape only */
    ROLE_IGLU,              /* snowplow: an Iglu URI naming the event and its version */
} val_role;

typedef struct val_spec {
    const char *key;
    size_t len;
    val_role role;
    const struct val_spec *kids;
    size_t n_kids;
} val_spec;

typedef struct val_prof {
    val_profile id;
    const val_spec *root;   /* describes one event object */
    size_t n_root;
    bool mixpanel_reserved; /* ignore $..., mp_..., time, distinct_id, token */
    bool user_ops;          /* amplitude: $set/$setOnce... objects in user_properties */
    const char *name_path;  /* "/event_type", for messages */
    const char *type_value; /* ROLE_TYPE: the type that is an event ("track") */
} val_prof;

/* A message whose type (ROLE_TYPE) is set is an event only when it is the
 * profile's type_value: segment "track", snowplow "unstruct". */
static inline bool val_type_is_event(const val_prof *p, const char *t, size_t n)
{
    return p->type_value && strnlen(p->type_value, n + 1) == n && memcmp(p->type_value, t, n) == 0;
}

const val_prof *val_prof_builtin(val_profile p);
/* Custom profile from JSON Pointers; NULL with err on a bad pointer. */
const val_prof *val_prof_custom(tx_arena *a, const char *event_ptr, const char *props_ptr,
                                const char *user_ptr, char *err, size_t errlen);
/* The profile o's JSON Pointers describe when o->profile is custom, else
 * NULL, in *pa, a new arena the caller frees. -1 with err (and *pa freed)
 * on a bad pointer. */
int val_prof_of_opts(const val_opts *o, tx_arena **pa, const val_prof **custom, char *err,
                     size_t errlen);
/* Guesses the profile from one record. */
val_profile val_prof_detect(const char *rec, size_t n);

/* --- per-chunk results, merged in input order --- */
typedef struct val_inv {
    uint64_t line, record;  /* relative to the chunk */
    size_t off, len;        /* rest of the annotation in inv_buf */
} val_inv;

/* Distinct unknown event names are kept up to VAL_UNKNOWN_KEEP, found by
 * hash: a log of a million distinct unknown names must not cost a scan of
 * the kept names per record. tab has VAL_UNKNOWN_SLOTS entries holding
 * index + 1 into names (0: empty); it is allocated on first use. */
#define VAL_UNKNOWN_KEEP 1000u
#define VAL_UNKNOWN_SLOTS 2048u
typedef struct val_unknown_key {
    uint64_t hash;
    size_t len;             /* names may hold NUL bytes: compare by length */
} val_unknown_key;
typedef struct val_unknown_tab {
    uint32_t *tab;
    val_unknown_key *keys;  /* per kept name */
} val_unknown_tab;
/* Allocates the table in arena a. */
void val_unknown_tab_init(val_unknown_tab *t, tx_arena *a);
/* Index of the kept name s/n, or -1 (then *slot is where it would go, or
 * SIZE_MAX when the table is full). */
long val_unknown_find(const val_unknown_tab *t, const val_unknown_event *names, const char *s,
                      size_t n, uint64_t h, size_t *slot);
/* Keeps name (copied into arena a) at names[*count] when there is room. */
void val_unknown_add(val_unknown_tab *t, tx_arena *a, val_unknown_event *names, size_t *count,
                     size_t slot, uint64_t h, const char *s, size_t n, uint64_t seen);

/* One funnel step hit found by a worker (funnel_hits.c), line and record
 * relative like the chunk's violations; txt (the key's value, for
 * messages) lives in the chunk's arena. */
typedef struct val_fhit {
    uint32_t funnel, step;
    bool has_key;
    uint64_t ident, key;
    int64_t time_ms;
    uint64_t line, record;
    const char *txt;
    size_t txt_n;
    uint64_t device;            /* the device identity, 0: none (val_fn_hit.device) */
} val_fhit;

typedef struct val_cres {
    tx_arena *arena;
    TX_VEC(val_fhit) fn_hits;   /* funnel step hits, input order */
    uint64_t lines, records, events, valid, invalid, ignored, bytes, failing;
    uint64_t code_count[VAL_N_CODES];
    val_event_stats *ev;
    val_event_stats unknown;
    TX_VEC(val_unknown_event) unknown_names;
    val_unknown_tab unknown_tab;
    uint8_t *prop_seen, *ev_prop_seen;
    uint64_t *ev_seen_k;    /* fast path: per event, bit k = its property k was seen */
    TX_VEC(val_violation) kept;             /* line/record relative */
    TX_VEC(val_violation) examples[VAL_N_CODES];
    tx_sb valid_buf, inv_buf;
    TX_VEC(val_inv) inv;
    /* Violations kept by the chunks merged before this one was handed
     * out (a lower bound of those before it in input order): once these
     * plus this chunk's reach the limits, a violation can only be
     * counted, so its message is not even written. */
    size_t kept_base, ex_base[VAL_N_CODES];
    val_cells cells;        /* per (event, property, code); lines relative */
    uint64_t id;            /* unique per val_cres_init, for the workers' cell caches */
} val_cres;

/* cells.c: the cell of (event, prop, code) in m, made in arena a (with a
 * copy of prop) when new, which *fresh says: count 0, no location yet. */
val_cell *val_cells_get(val_cells *m, tx_arena *a, uint32_t event, const char *prop,
                        val_code code, bool *fresh);
/* Adds from's cells to into's (storage in arena a): counts add up, and a
 * cell new to into takes from's location, its line plus bl, in file (NULL:
 * a copy of from's). Merging in input order keeps each cell's first. */
void val_cells_merge(val_cells *into, tx_arena *a, const val_cells *from, uint64_t bl,
                     const char *file);
/* The cells in report order: by event (unknown events last), the most
 * frequent first, then by property (the event itself first) and code. The
 * array is the caller's to free. */
const val_cell **val_cells_sorted(const val_cells *m);

struct val_fn_violation;
/* run.c: a chunk's (or a live batch's) results merged into a run's, in
 * input order; the state lives in res's arena. */
typedef struct val_merge {
    val_unknown_tab unknown_tab;    /* over res->unknown_names */
    uint64_t *k_merged;             /* per event: ev_seen_k bits merged already */
    val_result *res;                /* funnels: where the engine's violations go */
    const bool *fail;               /* the run's fail set (val_opts.fail) */
    /* told each funnel violation after it is counted (the live stream's
     * caller, taxonc serve); NULL in a run */
    void (*fn_note)(void *ctx, const struct val_fn_violation *v);
    void *fn_note_ctx;
} val_merge;
void val_result_init(val_result *res, val_merge *m, const val_schema *s, const val_opts *o);
void val_merge_cres(val_merge *m, val_result *res, const val_schema *s, const val_cres *cr,
                    uint64_t bl, uint64_t br, const char *file);
/* Keeps a copy of v (file borrowed, strings copied) in res's kept list and
 * its code's examples while they have room. */
void val_result_keep(val_result *res, const val_violation *v);

/* --- funnels (funnel_hits.c): the worker finds step hits, the merge feeds
 * them to the engine (funnels.h) in input order --- */
typedef struct val_fn_cond {        /* a step's `where`, compiled */
    const char *name;
    size_t len;
    uint8_t kind;                   /* tx_base of the value */
    const char *s;                  /* strings */
    size_t n;
    val_dec dec;                    /* numbers */
    bool b;                         /* booleans */
} val_fn_cond;
typedef struct val_fn_ref {         /* an event is step `step` of `funnel` */
    uint32_t funnel, step;
    const char *key;                /* the funnel's key property, or NULL: the user */
    size_t key_len;
    size_t n_cond;
    val_fn_cond *cond;
} val_fn_ref;
/* Fills s->fn_* from s->t's funnels (val_schema_new). */
void val_fn_compile(val_schema *s);
struct val_worker;
/* The record [rec, rec+n) holds a step event (w->fn_hit): appends its
 * hits to w->cr->fn_hits. */
void val_fn_extract(struct val_worker *w, const char *rec, size_t n, uint64_t line,
                    uint64_t recno);
/* The engine of res, fed a chunk's hits; created by val_result_init when
 * the taxonomy has funnels. */
void val_fn_merge(val_merge *m, val_result *res, const val_cres *cr, uint64_t bl, uint64_t br,
                  const char *file);
/* End of the run: closes every journey and keeps the counts in res. */
void val_fn_done(val_result *res);
/* funnel_report.c: the funnels' sections of each report (nothing without
 * funnels); junit_count adds the test cases' failures and returns their
 * number. */
void val_fn_report_text(tx_sb *b, const val_result *r);
size_t val_fn_junit_count(const val_result *r, const bool *fail, size_t *failures);
void val_fn_report_junit(tx_sb *b, const val_result *r, const bool *fail);
void val_fn_report_html(tx_sb *b, const val_result *r);

/* --- the worker: one per thread --- */
typedef struct val_rv {
    val_code code;
    size_t off;             /* byte offset in the record */
    uint32_t path, msg, exp, found, event;  /* offsets in txt; UINT32_MAX: none */
} val_rv;

typedef struct val_dup {
    uint64_t hash;
    const char *s;
    uint32_t n;
    uint32_t obj;
    uint32_t gen;
} val_dup;

/* A violation of the current event waiting for the event's name: its
 * property (index, or UINT32_MAX: the event itself), code, how many and
 * the first one's offset in the record (check.c pend_*). */
typedef struct val_pend {
    uint32_t prop;
    uint32_t code;
    uint64_t count;
    size_t off;
} val_pend;

/* A chunk's cell met lately, by (event, property index, code): settling
 * an event's counts mostly finds its cells here, not by name. */
typedef struct val_cellref {
    uint64_t cres;          /* val_cres.id; 0: empty */
    uint32_t event, prop, code;
    val_cell *cell;
} val_cellref;
#define VAL_CELL_CACHE 256

typedef struct val_seg {
    const char *s;          /* key, or NULL for an index */
    size_t n;
} val_seg;

typedef struct val_seenp {
    uint32_t prop;
    const char *key;
    size_t key_n;
    size_t off;
    size_t raw_n;
    size_t voff;            /* its value, when its check waits for the event (varies) */
} val_seenp;

typedef struct val_sugg {     /* cached "did you mean" answers */
    uint64_t hash;
    const void *set;
    char *word;
    size_t n;
    const char *answer;
} val_sugg;

#define VAL_SUGG_CACHE 4096

/* Cached pattern/format verdicts of short strings: logs repeat values
 * (dates, codes, versions), and a hit costs a hash and a compare instead
 * of a PCRE2 match and a calendar check. */
typedef struct val_vcache {
    const void *type;
    uint64_t hash;
    uint32_t n;
    uint8_t bad_pattern, bad_format;
    char s[26];
} val_vcache;

#define VAL_VCACHE 1024

#define VAL_FK_SLOTS 256
#define VAL_ROOT_MAX 8
#define VAL_TPL_MAX 24      /* top-level keys in a template */
#define VAL_TPL_KEY 32      /* bytes of `"key":` at most */
#define VAL_UKEYS 4         /* user property keys remembered by position */
/* The fast path reads up to this many bytes past a record's end (the run
 * loop pads every chunk with at least as many). */
#define VAL_READ_PAST 32

/* The fast path's state (fast.c), one per worker, embedded in it as
 * val_worker.fast. Only fast.c reads or writes it, except `on` (set by
 * val_worker_init, read by val_check_record and run.c's line loop) and
 * `succ` (allocated and freed with the worker, check.c). Everything here
 * is a cache or a prediction learnt from earlier valid records: losing it
 * costs speed, never a verdict, and nothing here reaches the results
 * except through what val_fast_record and val_fast_line count. */
typedef struct val_fast {
    bool on;                    /* try val_fast_record first (not --no-fast) */
    bool root_by_hash;          /* the profile's top keys found through root_idx */
    uint8_t root_idx[64];       /* by the top 6 bits of a key's hash: index + 1 */
    uint64_t root_hash[VAL_ROOT_MAX];
    /* Keys whose duplicates are found by hash (fast.c fk_*): generation
     * stamps and hashes, live from fk_base of the current record on. */
    uint32_t fk_cur, fk_base, fk_used;
    uint32_t fk_gen[VAL_FK_SLOTS];
    uint64_t fk_h[VAL_FK_SLOTS];
    /* The top-level keys of a recent valid record, in order (a template):
     * a record whose keys follow it byte for byte needs no hashing, lookup
     * or duplicate check for them. tpl_bytes holds each key as `,"key":`
     * (`{"key":` for the first), tpl_klen those bytes' count. */
    uint8_t tpl_n, tpl_klen[VAL_TPL_MAX];
    uint16_t tpl_off[VAL_TPL_MAX];
    const val_spec *tpl_sp[VAL_TPL_MAX];
    uint8_t tpl_role[VAL_TPL_MAX];      /* tpl_sp's role, ROLE_NONE for none */
    uint64_t tpl_hash[VAL_TPL_MAX];
    char tpl_bytes[VAL_TPL_MAX * VAL_TPL_KEY + 32];
    /* what the current record would teach it */
    uint8_t lrn_n;
    bool lrn_ok, lrn_new;
    const char *lrn_at[VAL_TPL_MAX];
    uint8_t lrn_klen[VAL_TPL_MAX];
    const val_spec *lrn_sp[VAL_TPL_MAX];
    uint64_t lrn_hash[VAL_TPL_MAX];
    /* Per event, the property that followed each one last time (slot + 1
     * in its table; entry 0: the first), so most keys are recognised by
     * one comparison: event e's entries start at ev[e].base + e. Owned:
     * n_ev_props + n_ev + 1 entries (check.c val_worker_init/free). */
    uint16_t *succ;
    /* The user property keys of the last record, by position: `"key":`,
     * its dictionary index and hash (duplicates are still checked). */
    char ukey[VAL_UKEYS][VAL_TPL_KEY + 32];
    uint8_t ukey_len[VAL_UKEYS];
    uint32_t ukey_pi[VAL_UKEYS];
    uint64_t ukey_hash[VAL_UKEYS];
} val_fast;

/* The full walk's state (check.c), one per worker, embedded in it as
 * val_worker.walk; only check.c uses it. Per record: the JSON Pointer
 * being walked, the keys seen per object (duplicates), the properties
 * seen, the violations found and their text; across records: the
 * "did you mean" cache. All buffers are owned and grow as needed;
 * val_worker_free releases them. */
typedef struct val_walk {
    const char *rec;            /* the record being checked, [rec, rec+rec_len) */
    size_t rec_len;
    val_dup *dup;               /* keys by hash, per object (obj_id, dup_gen) */
    size_t dup_mask, dup_used;
    uint32_t dup_gen, obj_id;
    val_seg *path;              /* where the walk is, as JSON Pointer segments */
    size_t path_n, path_cap;
    val_seenp *sp;              /* the properties of the current event, as met */
    size_t n_sp, cap_sp;
    val_rv *rv;                 /* the record's violations; their text in txt */
    size_t n_rv, cap_rv;
    size_t rec_viols;
    bool rec_invalid;
    tx_sb txt;
    tx_sb tmp;
    val_sugg *sugg;             /* VAL_SUGG_CACHE entries */
    /* Per (property, code) counts of the events being walked, settled into
     * cr's cells when an event's name is known (finish_event): the current
     * event's are pend[pend0..n_pend) (pend0 SIZE_MAX: no event), packed
     * by key once they reach pend_pack, so they stay bounded by the plan. */
    val_pend *pend;
    size_t n_pend, cap_pend, pend0, pend_pack;
    uint32_t cur_prop;          /* the property being checked, or UINT32_MAX */
    val_cellref *cell_cache;    /* VAL_CELL_CACHE entries */
    uint64_t line0, col0;       /* where the record starts, for the cells' locations */
    const char *file;
} val_walk;

/* One per thread (or one per profile in a stream): checks records into
 * cr. The top part is shared by both paths: the schema, options and
 * profile (borrowed), the JSON reader, PCRE2's match data, the verdict
 * cache, the "property seen in this event" stamps; then each path's own
 * state. val_worker_init sets it all up, val_worker_free releases what it
 * owns; cr is the caller's (run.c, stream.c). */
typedef struct val_worker {
    const val_schema *s;
    const val_opts *o;
    const val_prof *prof;
    val_jr jr;
    void *md, *mc;          /* pcre2 match data and context */
    uint32_t stamp;
    uint32_t *seen;         /* per property: stamp of the event that had it */
    val_vcache *vcache;     /* VAL_VCACHE entries (val_string_verdict) */
    val_cres *cr;
    uint8_t fn_hit;         /* the record had a funnel step event (s->fn_ev) */
    val_walk walk;
    val_fast fast;
} val_worker;

/* After a record was checked (by either path): its funnel step hits,
 * when it had a step event (the paths set fn_hit), read at once into
 * w->cr->fn_hits. The one extraction of hits, for a run's chunks and for
 * the live stream's records (stream.c) alike. */
static inline void val_fn_record_hits(val_worker *w, const char *rec, size_t n, uint64_t line,
                                      uint64_t recno)
{
    if (w->fn_hit) {
        w->fn_hit = 0;
        val_fn_extract(w, rec, n, line, recno);
    }
}

/* Verdicts on one value (check.c), shared by the full walk, which turns
 * them into violations, and the fast path (fast.c), which only needs to
 * know that a value is fine. */
enum {
    VAL_VB_ENUM = 1 << 0,       /* not an allowed value */
    VAL_VB_LONG = 1 << 1,       /* more code points than max_len (*cp_out set) */
    VAL_VB_SHORT = 1 << 2,
    VAL_VB_PATTERN = 1 << 3,    /* no match, or PCRE2 gave up (*rc_out) */
    VAL_VB_FORMAT = 1 << 4,
    VAL_VB_MIN = 1 << 5,        /* below the minimum */
    VAL_VB_MAX = 1 << 6,
};
unsigned val_string_verdict(val_worker *w, const val_type *vt, const val_str *s, int *rc_out,
                            size_t *cp_out);
/* The string enum table tab (mask + 1 slots) of vt has the value s. */
static inline bool val_etab_has(const val_eslot *tab, uint32_t mask, const val_type *vt,
                                const char *s, size_t n)
{
    uint64_t h = val_hash(s, n);
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        const val_eslot *e = &tab[i];
        if (!e->idx)
            return false;
        if (e->hash == h && e->len == n &&
            val_eq(n <= VAL_ES_HEAD ? e->head : vt->enums[e->idx - 1].s, s, n))
            return true;
    }
}
/* A string enum (vt->enum_tab) has the value s. */
static inline bool val_enum_has(const val_type *vt, const val_str *s)
{
    return val_etab_has(vt->enum_tab, vt->enum_mask, vt, s->s, s->n);
}
unsigned val_number_verdict(const val_type *vt, const val_dec *d);
/* check.c: a short printable form of a decoded string for messages (at
 * most 60 bytes, cut at a character, control characters as \uXXXX), in
 * b (reset first); returns b's text. */
const char *val_shown(tx_sb *b, const char *s, size_t n);
/* Mixpanel's own keys in properties ($..., mp_..., time, distinct_id, token). */
bool val_mixpanel_reserved(const val_str *k);
/* Filter mode (check.c): appends a record that was read without error to
 * sb on one line, with its newline: verbatim when it holds no line break
 * (NDJSON), else re-serialized compactly (val_json_compact). */
void val_out_record(val_worker *w, tx_sb *sb, const char *rec, size_t n, bool nl);
/* fast.c: true when the record is valid and has been counted as such;
 * false (nothing counted) when the full walk must check it. */
bool val_fast_record(val_worker *w, const char *rec, size_t n);
/* The same for the NDJSON line starting at rec, whose end is not known
 * yet: at most up to end (the input ends there when at_eof). Returns the
 * record's length (its newline, or "\r\n", follows it) when it is valid
 * and counted, 0 when the line must be cut and checked the usual way. */
size_t val_fast_line(val_worker *w, const char *rec, const char *end, bool at_eof);
/* Precomputes what val_fast_record needs of the worker's profile. */
void val_fast_init(val_worker *w);

void val_worker_init(val_worker *w, const val_schema *s, const val_opts *o, const val_prof *p);
void val_worker_free(val_worker *w);
void val_cres_init(val_cres *cr, const val_schema *s);
void val_cres_free(val_cres *cr);
/* Checks one record (a line, array element or document) at [rec, rec+n).
 * line0/col0: where the record starts (relative line in the chunk, and
 * code points before it on its line). */
void val_check_record_walk(val_worker *w, const char *rec, size_t n, uint64_t line0,
                           uint64_t col0, uint64_t recno, const char *file);
/* The fast path first, inline: most records end there. */
static inline void val_check_record(val_worker *w, const char *rec, size_t n, uint64_t line0,
                                    uint64_t col0, uint64_t recno, const char *file)
{
    if (!(w->fast.on && val_fast_record(w, rec, n)))
        val_check_record_walk(w, rec, n, line0, col0, recno, file);
}
/* A record longer than the limit, seen only in part. */
void val_record_too_large(val_worker *w, const char *prefix, size_t n, uint64_t line0,
                          uint64_t recno, const char *file, size_t limit);
/* A record the splitter already knows to be malformed. */
void val_record_error(val_worker *w, const char *rec, size_t n, uint64_t line0, uint64_t col0,
                      uint64_t recno, const char *file, const char *msg);
#endif
