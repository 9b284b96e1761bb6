/* libyaml event stream -> yl_node tree (see yaml.h).
 *
 * Approach: one pass over the events with an explicit frame stack (no
 * recursion, so a 10,000-deep file costs nothing before the depth limit
 * stops it). Each event is copied into the arena and deleted right away.
 * Aliases share the anchored node instead of copying it; every alias adds
 * its target's expanded weight to a counter, so a billion-laughs file hits
 * max_alias_nodes after a few hundred events and stops. Anchors are
 * registered when their node completes; an alias to a still-open anchor is
 * a recursive alias and is refused. libyaml marks count characters (CRLF is
 * two, a BOM none); mark_conv turns them into byte offsets with a cursor
 * that only moves a little between consecutive events. */
#include "yaml.h"
#include "codes.h"
#include "../support/strmap.h"
#include "../support/util.h"
#include <yaml.h>
#include <stdlib.h>
#include <string.h>

/* a + b, saturating at SIZE_MAX / 2 (a function: the operands' own types
 * would make one of the tests always false, which clang reports) */
static inline size_t sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX / 2 || b > SIZE_MAX / 2 ? SIZE_MAX / 2 : a + b;
}
#define WEIGHT_MAX (UINT32_MAX / 2)     /* node weights saturate here */
#define HEIGHT_MAX 0xFFFFFFu             /* and heights here (24 bits) */

typedef struct mark_conv {
    const char *text;
    size_t len;
    size_t byte, ch;
} mark_conv;

static uint32_t to_byte(mark_conv *m, size_t idx)
{
    while (m->ch < idx && m->byte < m->len) {
        /* ASCII runs (most of a taxonomy) up to eight bytes at a time,
         * also the short ones between two marks */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (m->len - m->byte >= 8) {
            uint64_t w;
            memcpy(&w, m->text + m->byte, 8);
            size_t k = idx - m->ch < 8 ? idx - m->ch : 8;
            uint64_t hi = w & 0x8080808080808080ull;
            if (k < 8)
                hi &= (1ull << (k * 8)) - 1;    /* little-endian: the first k bytes */
            if (!hi) {
                m->byte += k;
                m->ch += k;
                continue;
            }
        }
#endif
        unsigned char c = (unsigned char)m->text[m->byte];
        size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        m->byte = m->byte + l > m->len ? m->len : m->byte + l;
        m->ch++;
    }
    while (m->ch > idx && m->byte > 0) {
        m->byte--;
        while (m->byte > 0 && ((unsigned char)m->text[m->byte] & 0xC0) == 0x80)
            m->byte--;
        m->ch--;
    }
    return (uint32_t)m->byte;
}

typedef struct frame {
    yl_node *node;
    size_t first;           /* its children start here on the scratch stack */
    yl_node *key;           /* mapping: key waiting for its value */
    bool skip_value;        /* mapping: the key was refused, drop the value */
    size_t anchor;          /* index+1 into anchors, 0 = none */
} frame;

typedef struct anchor {
    const char *name;
    yl_node *node;          /* NULL while the anchored node is still open */
} anchor;

typedef struct builder {
    tx_arena *a;            /* scalar text (outlives the tree) */
    tx_arena *tree;         /* nodes, their arrays, anchor names */
    tx_diags *d;
    uint32_t file;
    mark_conv mc;
    size_t skip;            /* bytes of BOM not given to libyaml */
    unsigned max_depth;
    size_t max_alias;
    size_t alias_nodes;
    frame *stack;
    size_t depth, cap;
    /* Children of open collections, LIFO (inner frames on top); copied to
     * exact-size arena arrays when a collection closes. */
    yl_node **items;
    size_t n_items, cap_items;
    yl_pair *pairs;
    size_t n_pairs, cap_pairs;
    TX_VEC(anchor) anchors;
    tx_strmap anchor_ix;    /* name -> index+1 (latest definition wins) */
    yl_node *root;
    bool failed;            /* an error that stops the parse */
    bool had_error;         /* any error */
} builder;

/* Nodes and their arrays are 8-aligned (16 would add a quarter to the
 * tree); an empty collection shares one empty array. Nothing writes to a
 * node's array once it is made, so the shared ones stay empty. */
static yl_pair no_pairs[1];
static yl_node *no_items[1];

static yl_node *new_node(builder *b)
{
    return tx_arena_alloc_aligned(b->tree, sizeof(yl_node), 8);
}

static void *node_array(builder *b, size_t size)
{
    return tx_arena_alloc_aligned(b->tree, size, 8);
}

static tx_span mark_span(builder *b, yaml_mark_t s, yaml_mark_t e)
{
    tx_span sp = { b->file, to_byte(&b->mc, s.index), 0 };
    sp.end = to_byte(&b->mc, e.index);
    if (sp.end < sp.start)
        sp.end = sp.start;
    return sp;
}

static tx_diag *err(builder *b, tx_code c, tx_span sp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static tx_diag *err(builder *b, tx_code c, tx_span sp, const char *fmt, ...)
{
    b->had_error = true;
    va_list ap;
    va_start(ap, fmt);
    tx_diag *dg = tx_diag_vadd(b->d, TX_SEV_ERROR, tx_code_name(c), sp, fmt, ap);
    va_end(ap);
    return dg;
}

static const struct { const char *uri; yl_tag tag; } std_tags[] = {
    { "tag:yaml.org,2002:str", YL_TAG_STR },   { "tag:yaml.org,2002:int", YL_TAG_INT },
    { "tag:yaml.org,2002:float", YL_TAG_FLOAT }, { "tag:yaml.org,2002:bool", YL_TAG_BOOL },
    { "tag:yaml.org,2002:null", YL_TAG_NULL }, { "tag:yaml.org,2002:seq", YL_TAG_SEQ },
    { "tag:yaml.org,2002:map", YL_TAG_MAP },   { "!", YL_TAG_NONE },
};

static yl_tag read_tag(builder *b, const yaml_char_t *tag, yl_kind kind, tx_span sp)
{
    if (!tag)
        return YL_TAG_NONE;
    const char *t = (const char *)tag;
    for (size_t i = 0; i < sizeof std_tags / sizeof std_tags[0]; i++) {
        if (strcmp(t, std_tags[i].uri) != 0)
            continue;
        yl_tag r = std_tags[i].tag;
        bool ok = r == YL_TAG_NONE || (kind == YL_SEQ ? r == YL_TAG_SEQ
                                        : kind == YL_MAP ? r == YL_TAG_MAP
                                        : r != YL_TAG_SEQ && r != YL_TAG_MAP);
        if (!ok) {
            err(b, TXC_UNSUPPORTED_TAG, sp, "tag '!!%s' does not fit %s", t + 18,
                kind == YL_SEQ ? "a list" : kind == YL_MAP ? "a mapping" : "a scalar");
            return YL_TAG_NONE;
        }
        return r;
    }
    const char *shown = strncmp(t, "tag:yaml.org,2002:", 18) == 0 ? t + 18 : t;
    err(b, TXC_UNSUPPORTED_TAG, sp, "unsupported tag '%s%s'; only the standard tags "
        "(!!str, !!int, !!float, !!bool, !!null, !!seq, !!map) are allowed",
        shown == t ? "" : "!!", shown);
    return YL_TAG_NONE;
}

static bool push_frame(builder *b, yl_node *n, size_t anchor_ix)
{
    if (b->depth >= b->max_depth) {
        tx_span sp = n->span;
        sp.end = sp.start + 1;
        err(b, TXC_YAML_DEPTH, sp, "nesting deeper than %u levels", b->max_depth);
        b->failed = true;
        return false;
    }
    if (b->depth == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->stack = tx_xrealloc(b->stack, b->cap * sizeof *b->stack);
    }
    frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = n;
    f->anchor = anchor_ix;
    f->first = n->kind == YL_SEQ ? b->n_items : b->n_pairs;
    return true;
}

/* Attaches a finished node to the open collection (or makes it the root). */
static void add_child(builder *b, yl_node *n)
{
    if (b->depth == 0) {
        b->root = n;
        return;
    }
    frame *f = &b->stack[b->depth - 1];
    if (f->node->kind == YL_SEQ) {
        if (b->n_items == b->cap_items) {
            b->cap_items = b->cap_items ? b->cap_items * 2 : 256;
            b->items = tx_xrealloc(b->items, b->cap_items * sizeof *b->items);
        }
        b->items[b->n_items++] = n;
        return;
    }
    if (!f->key && !f->skip_value) {
        if (n->kind != YL_SCALAR) {
            tx_span sp = n->span;
            err(b, TXC_INVALID_KEY, sp, "mapping keys must be plain strings, not %s",
                yl_describe(n));
            f->skip_value = true;
            return;
        }
        f->key = n;
        return;
    }
    if (f->skip_value) {
        f->skip_value = false;
        return;
    }
    if (b->n_pairs == b->cap_pairs) {
        b->cap_pairs = b->cap_pairs ? b->cap_pairs * 2 : 256;
        b->pairs = tx_xrealloc(b->pairs, b->cap_pairs * sizeof *b->pairs);
    }
    b->pairs[b->n_pairs++] = (yl_pair){ f->key, n };
    f->key = NULL;
}

static bool is_merge_key(const yl_node *k)
{
    return k->style == YL_PLAIN && k->tag == YL_TAG_NONE && k->n == 2 && k->str[0] == '<' &&
           k->str[1] == '<';
}

/* Removes duplicate keys (reporting them, keeping the first) and applies
 * merge keys: `<<: *base` or `<<: [*a, *b]` add the merged mappings' pairs
 * whose keys are not written explicitly, in place of the << pair. */
static void finish_map(builder *b, frame *f)
{
    yl_node *n = f->node;
    yl_pair *pairs = b->pairs ? b->pairs + f->first : NULL;
    size_t np = b->n_pairs - f->first;
    tx_strmap seen = { 0 };
    bool has_merge = false;
    /* Most mappings are small ({type: string, description: ...}): compare
     * their keys pairwise instead of hashing them into a fresh table. */
    bool small = np <= 8;
    size_t out = 0;
    for (size_t i = 0; i < np; i++) {
        yl_pair p = pairs[i];
        if (is_merge_key(p.key)) {
            has_merge = true;
            pairs[out++] = p;
            continue;
        }
        const yl_node *first = NULL;
        if (small) {
            for (size_t j = 0; j < out && !first; j++)
                if (pairs[j].key->n == p.key->n && !is_merge_key(pairs[j].key) &&
                    memcmp(pairs[j].key->str, p.key->str, p.key->n) == 0)
                    first = pairs[j].key;
        } else {
            bool found;
            tx_strmap_slot *s = tx_strmap_put(&seen, p.key->str, p.key->n, &found);
            if (found)
                first = s->val;
            else
                s->val = p.key;
        }
        if (first) {
            tx_diag *dg = err(b, TXC_DUPLICATE_KEY, p.key->span, "duplicate key '%s'",
                              p.key->str);
            tx_diag_note(b->d, dg, first->span, "first defined here");
            continue;
        }
        pairs[out++] = p;
    }
    np = out;
    if (!has_merge) {
        n->pairs = np ? node_array(b, np * sizeof *pairs) : no_pairs;
        if (np)
            memcpy(n->pairs, pairs, np * sizeof *pairs);
        n->n = np;
        tx_strmap_free(&seen);
        return;
    }
    if (small) {    /* the merge below needs every explicit key in the table */
        for (size_t i = 0; i < np; i++) {
            bool found;
            if (!is_merge_key(pairs[i].key))
                tx_strmap_put(&seen, pairs[i].key->str, pairs[i].key->n, &found)->val =
                    pairs[i].key;
        }
    }
    TX_VEC(yl_pair) merged = { 0 };
    for (size_t i = 0; i < np; i++) {
        yl_pair p = pairs[i];
        if (!is_merge_key(p.key)) {
            TX_PUSH(b->tree, merged, p);
            continue;
        }
        yl_node *srcs1[1] = { p.val };
        yl_node **srcs = srcs1;
        size_t ns = 1;
        if (p.val->kind == YL_SEQ) {
            srcs = p.val->items;
            ns = p.val->n;
        }
        for (size_t j = 0; j < ns; j++) {
            if (srcs[j]->kind != YL_MAP) {
                err(b, TXC_WRONG_KIND, srcs[j]->span,
                    "merge key '<<' expects a mapping or a list of mappings, found %s",
                    yl_describe(srcs[j]));
                continue;
            }
            for (size_t k = 0; k < srcs[j]->n; k++) {
                yl_pair q = srcs[j]->pairs[k];
                bool found;
                tx_strmap_slot *s = tx_strmap_put(&seen, q.key->str, q.key->n, &found);
                if (found)
                    continue;   /* explicit keys and earlier merges win */
                s->val = q.key;
                TX_PUSH(b->tree, merged, q);
            }
        }
    }
    tx_strmap_free(&seen);
    n->pairs = merged.items;
    n->n = merged.n;
}

static void close_frame(builder *b, yaml_mark_t end)
{
    frame *f = &b->stack[--b->depth];
    yl_node *n = f->node;
    n->span.end = to_byte(&b->mc, end.index);
    if (n->span.end < n->span.start)
        n->span.end = n->span.start;
    size_t w = 1;
    unsigned h = 0;
    if (n->kind == YL_SEQ) {
        n->n = b->n_items - f->first;
        n->items = n->n ? node_array(b, n->n * sizeof *n->items) : no_items;
        if (n->n)
            memcpy(n->items, b->items + f->first, n->n * sizeof *n->items);
        b->n_items = f->first;
        for (size_t i = 0; i < n->n; i++) {
            w = sat_add(w, n->items[i]->weight);
            if (n->items[i]->height > h)
                h = n->items[i]->height;
        }
    } else {
        finish_map(b, f);
        b->n_pairs = f->first;
        for (size_t i = 0; i < n->n; i++) {
            w = sat_add(w, 1 + n->pairs[i].val->weight);
            if (n->pairs[i].val->height > h)
                h = n->pairs[i].val->height;
        }
    }
    n->weight = w > WEIGHT_MAX ? WEIGHT_MAX : (uint32_t)w;
    n->height = h + 1 < HEIGHT_MAX ? h + 1 : HEIGHT_MAX;
    if (f->anchor)
        b->anchors.items[f->anchor - 1].node = n;
    add_child(b, n);
}

static size_t define_anchor(builder *b, const yaml_char_t *name, yl_node *n)
{
    if (!name)
        return 0;
    const char *nm = tx_arena_strdup(b->tree, (const char *)name);
    anchor an = { nm, n };
    TX_PUSH(b->tree, b->anchors, an);
    bool found;
    tx_strmap_slot *s = tx_strmap_put(&b->anchor_ix, nm, strlen(nm), &found);
    s->key = nm;    /* the newest definition wins, as YAML says */
    s->val = (void *)(uintptr_t)b->anchors.n;
    return b->anchors.n;
}

static void on_alias(builder *b, const yaml_event_t *ev)
{
    tx_span sp = mark_span(b, ev->start_mark, ev->end_mark);
    const char *name = (const char *)ev->data.alias.anchor;
    uintptr_t ix = (uintptr_t)tx_strmap_get(&b->anchor_ix, name, strlen(name));
    if (!ix) {
        err(b, TXC_UNDEFINED_ALIAS, sp, "alias '*%s' refers to no earlier anchor", name);
        b->failed = true;
        return;
    }
    yl_node *t = b->anchors.items[ix - 1].node;
    if (!t) {
        err(b, TXC_RECURSIVE_ALIAS, sp, "alias '*%s' refers to its own enclosing node", name);
        b->failed = true;
        return;
    }
    b->alias_nodes = sat_add(b->alias_nodes, t->weight);
    if (b->alias_nodes > b->max_alias) {
        err(b, TXC_ALIAS_LIMIT, sp, "alias expansion exceeds %zu nodes", b->max_alias);
        b->failed = true;
        return;
    }
    if (b->depth + t->height > b->max_depth) {
        err(b, TXC_YAML_DEPTH, sp, "alias '*%s' nests deeper than %u levels", name,
            b->max_depth);
        b->failed = true;
        return;
    }
    frame *f = b->depth ? &b->stack[b->depth - 1] : NULL;
    if (f && f->node->kind == YL_MAP && !f->key && !f->skip_value) {
        /* An alias used as a key: problems with the key (not a scalar, a
         * duplicate) are reported where the alias is, not at the anchor. */
        if (t->kind != YL_SCALAR) {
            err(b, TXC_INVALID_KEY, sp, "mapping keys must be plain strings, not %s",
                yl_describe(t));
            f->skip_value = true;
            return;
        }
        yl_node *k = new_node(b);
        *k = *t;
        k->span = sp;
        t = k;
    }
    add_child(b, t);
}

static void on_scalar(builder *b, const yaml_event_t *ev)
{
    yl_node *n = new_node(b);
    n->kind = YL_SCALAR;
    n->span = mark_span(b, ev->start_mark, ev->end_mark);
    n->str = tx_arena_strndup(b->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
    n->n = ev->data.scalar.length;
    switch (ev->data.scalar.style) {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = YL_QUOTED; break;
    case YAML_LITERAL_SCALAR_STYLE:
    case YAML_FOLDED_SCALAR_STYLE: n->style = YL_BLOCK; break;
    default: n->style = YL_PLAIN; break;
    }
    n->tag = read_tag(b, ev->data.scalar.tag, YL_SCALAR, n->span);
    if (memchr(n->str, '\0', n->n))
        err(b, TXC_INVALID_VALUE, n->span, "strings may not contain NUL characters");
    n->weight = 1;
    n->height = 1;
    define_anchor(b, ev->data.scalar.anchor, n);
    add_child(b, n);
}

static void on_start(builder *b, const yaml_event_t *ev, yl_kind kind)
{
    yl_node *n = new_node(b);
    n->kind = kind;
    n->span = mark_span(b, ev->start_mark, ev->end_mark);
    const yaml_char_t *tag = kind == YL_SEQ ? ev->data.sequence_start.tag
                                            : ev->data.mapping_start.tag;
    const yaml_char_t *anc = kind == YL_SEQ ? ev->data.sequence_start.anchor
                                            : ev->data.mapping_start.anchor;
    n->tag = read_tag(b, tag, kind, n->span);
    size_t ai = define_anchor(b, anc, NULL);   /* pending until the node closes */
    push_frame(b, n, ai);
}

/* True when the ': ' at text[at] follows another ': ' on its line, as in
 * `description: 검색옵션 : 체크인 날짜`: unquoted text with a colon in it. */
static bool colon_in_value(const char *text, size_t len, size_t at)
{
    if (at >= len || text[at] != ':' || (at + 1 < len && text[at + 1] != ' ' &&
                                          text[at + 1] != '\n' && text[at + 1] != '\r'))
        return false;
    for (size_t i = at; i > 0 && text[i - 1] != '\n'; i--)
        if (text[i - 1] == ':' && i < at && (text[i] == ' ' || text[i] == '\t'))
            return true;
    return false;
}

static void syntax_error(builder *b, const yaml_parser_t *p)
{
    tx_span sp;
    if (p->error == YAML_READER_ERROR) {
        size_t off = p->problem_offset + b->skip;
        sp = (tx_span){ b->file, (uint32_t)(off < b->mc.len ? off : b->mc.len), 0 };
    } else {
        sp = mark_span(b, p->problem_mark, p->problem_mark);
    }
    sp.end = sp.start;
    tx_diag *dg = err(b, TXC_YAML_SYNTAX, sp, "malformed YAML: %s",
                      p->problem ? p->problem : "unknown error");
    if (p->context && dg) {
        tx_span cs = mark_span(b, p->context_mark, p->context_mark);
        tx_diag_note(b->d, dg, cs, "%s", p->context);
    }
    if (sp.start < b->mc.len && b->mc.text[sp.start] == '\t')
        tx_diag_fix(b->d, dg, "YAML indents with spaces; a tab cannot start a token");
    else if (colon_in_value(b->mc.text, b->mc.len, sp.start))
        tx_diag_fix(b->d, dg, "quote text that contains ': ', e.g. "
                    "description: \"option: check-in date\"");
    b->failed = true;
}

int yl_parse(tx_arena *a, tx_diags *d, uint32_t file, const char *text, size_t len,
             const yl_opts *o, yl_node **root)
{
    builder b = { 0 };
    b.a = a;
    b.tree = o && o->tree ? o->tree : a;
    b.d = d;
    b.file = file;
    b.mc.text = text;
    b.mc.len = len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        b.skip = b.mc.byte = 3; /* a BOM is not content; marks start after it */
    b.max_depth = o && o->max_depth ? o->max_depth : 64;
    b.max_alias = o && o->max_alias_nodes ? o->max_alias_nodes : 100000;
    *root = NULL;

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        tx_die_oom();
    yaml_parser_set_input_string(&p, (const unsigned char *)text + b.skip, len - b.skip);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    int docs = 0;
    bool done = false;
    while (!done && !b.failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            syntax_error(&b, &p);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                tx_span sp = mark_span(&b, ev.start_mark, ev.end_mark);
                err(&b, TXC_MULTIPLE_DOCUMENTS, sp,
                    "more than one YAML document in one file; split it with 'include:'");
                b.failed = true;
            }
            break;
        case YAML_SCALAR_EVENT: on_scalar(&b, &ev); break;
        case YAML_ALIAS_EVENT: on_alias(&b, &ev); break;
        case YAML_SEQUENCE_START_EVENT: on_start(&b, &ev, YL_SEQ); break;
        case YAML_MAPPING_START_EVENT: on_start(&b, &ev, YL_MAP); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (b.depth)
                close_frame(&b, ev.end_mark);
            break;
        default: break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    free(b.stack);
    free(b.items);
    free(b.pairs);
    tx_strmap_free(&b.anchor_ix);
    if (b.failed)
        return -1;
    *root = b.root;     /* also after non-fatal errors such as duplicate keys */
    return 0;
}

bool yl_is_null(const yl_node *n)
{
    if (!n || n->kind != YL_SCALAR)
        return false;
    if (n->tag == YL_TAG_NULL)
        return true;
    if (n->style != YL_PLAIN || n->tag != YL_TAG_NONE)
        return false;
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
    for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
        if (strcmp(n->str, nulls[i]) == 0)
            return true;
    return false;
}

yl_node *yl_get(const yl_node *map, const char *key)
{
    if (!map || map->kind != YL_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->pairs[i].key->str, key) == 0)
            return map->pairs[i].val;
    return NULL;
}

const char *yl_describe(const yl_node *n)
{
    if (n->kind == YL_SEQ)
        return "a list";
    if (n->kind == YL_MAP)
        return "a mapping";
    if (yl_is_null(n))
        return "nothing";
    return "a scalar";
}

tx_span yl_head_span(tx_sources *s, const yl_node *n)
{
    tx_span sp = n->span;
    if (sp.file >= s->n)
        return sp;
    const tx_source *src = &s->items[sp.file];
    uint32_t e = sp.start;
    while (e < sp.end && e < src->len && src->text[e] != '\n' && src->text[e] != '\r')
        e++;
    sp.end = e;
    return sp;
}
