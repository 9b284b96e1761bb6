/* The YAML layer: libyaml's event stream -> a small node tree in the arena.
 * Every event is copied out and deleted at once; libyaml's marks (0-based,
 * counted in characters) become byte-offset spans. This layer owns the YAML
 * hazards: duplicate keys, anchors/aliases (shared, expansion bounded),
 * merge keys (<<), nesting depth, tags, multiple documents. It knows nothing
 * of taxonomies. Scalar text lives in the arena passed in (the model
 * borrows it); the nodes and their arrays live in o->tree when given, so
 * the loader can drop the whole tree once the model is built, else in the
 * same arena. */
#ifndef TX_YAML_H
#define TX_YAML_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../support/diag.h"
#include "../support/source.h"

typedef enum yl_kind { YL_SCALAR, YL_SEQ, YL_MAP } yl_kind;

typedef enum yl_style {
    YL_PLAIN,       /* unquoted: may be null, a bool, a number or a word */
    YL_QUOTED,      /* 'single' or "double": always a string */
    YL_BLOCK,       /* | or >: always a string */
} yl_style;

typedef enum yl_tag {
    YL_TAG_NONE, YL_TAG_STR, YL_TAG_INT, YL_TAG_FLOAT, YL_TAG_BOOL, YL_TAG_NULL,
    YL_TAG_SEQ, YL_TAG_MAP,
} yl_tag;

typedef struct yl_node yl_node;
typedef struct yl_pair {
    yl_node *key;   /* always a scalar */
    yl_node *val;
} yl_pair;

/* Kept small (32 bytes, 8-aligned): a plan at the size limit has two
 * million nodes. Read str, items or pairs only for a node of that kind.
 * height saturates at 2^24 - 1 (deeper than any depth limit in use). */
struct yl_node {
    tx_span span;
    uint32_t n;             /* items, pairs or bytes of str (files are < 4 GiB) */
    uint32_t weight;        /* nodes in the subtree, aliases expanded (saturating) */
    unsigned kind : 2;      /* yl_kind */
    unsigned style : 2;     /* yl_style */
    unsigned tag : 4;       /* yl_tag */
    unsigned height : 24;   /* nesting levels below and including this node */
    union {
        const char *str;    /* scalars: NUL-terminated, may hold no NUL */
        yl_node **items;    /* sequences */
        yl_pair *pairs;     /* mappings, duplicates removed, merges applied */
    };
};

typedef struct yl_opts {
    unsigned max_depth;         /* 0 = 64 */
    size_t max_alias_nodes;     /* 0 = 100000 */
    tx_arena *tree;             /* nodes and their arrays go here when set */
} yl_opts;

/* Parses one file's text (already checked to be UTF-8 without NUL bytes).
 * Returns 0 with *root set (NULL for an empty stream), possibly after
 * non-fatal errors (duplicate keys, tags: the tree is still usable), or -1
 * when the text could not be parsed (syntax, depth, aliases). */
int yl_parse(tx_arena *a, tx_diags *d, uint32_t file, const char *text, size_t len,
             const yl_opts *o, yl_node **root);

/* Plain null: empty, ~, null, Null, NULL (and !!null). */
bool yl_is_null(const yl_node *n);
/* The value for key in a mapping, or NULL. */
yl_node *yl_get(const yl_node *map, const char *key);
/* Human name of a node's kind for messages: "a mapping", "a list", "a string"... */
const char *yl_describe(const yl_node *n);
/* The span of n cut to its first line (for wrong-kind errors on big nodes). */
tx_span yl_head_span(tx_sources *s, const yl_node *n);
#endif
