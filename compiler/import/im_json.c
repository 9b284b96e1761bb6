/* JSON input and the JSON Schema converter (see im_json.h).
 *
 * Approach: a schema mapping is read in two steps. First its keys are
 * sorted into slots by the `keywords` table (unknown keys are losses,
 * annotations are skipped); then the spec is built in a fixed order: the
 * type (given, or inferred from the keywords present), then the
 * constraints that fit it, so the output never depends on key order.
 * $ref chains are followed with an explicit stack of the references being
 * expanded (a repeat is a cycle) and a node budget, so a schema that
 * references itself or doubles at every level stops with an error. */
#include "im_json.h"
#include "../../support/util.h"
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ----------------------------------------------------------------------------- */

int im_doc_parse(tx_ctx *ctx, const char *path, const char *text, size_t len, im_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    doc->path = path;
    char *copy = tx_arena_strndup(ctx->arena, text, len);
    doc->file = tx_sources_add(&ctx->sources, path, copy, len);
    size_t bad = tx_utf8_check(copy, len);
    if (memchr(copy, '\0', len)) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, "import-json", (tx_span){ doc->file, 0, 0 },
                    "'%s' contains NUL bytes; expected JSON text", path);
        return -1;
    }
    if (bad < len) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, "import-json",
                    (tx_span){ doc->file, (uint32_t)bad, (uint32_t)bad + 1 },
                    "'%s' is not valid UTF-8 (byte 0x%02x)", path, (unsigned char)copy[bad]);
        return -1;
    }
    /* JSON may be indented with tabs, which YAML refuses: read them as
     * spaces (same byte length, so every span stays right) */
    size_t i = len >= 3 && memcmp(copy, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (copy[i] == ' ' || copy[i] == '\t' || copy[i] == '\n' || copy[i] == '\r'))
        i++;
    if (i < len && (copy[i] == '{' || copy[i] == '['))
        for (char *p = copy; (p = memchr(p, '\t', (size_t)(copy + len - p))); p++)
            *p = ' ';
    yl_opts yo = { 0 };
    size_t errs = ctx->diags.n_error;
    if (yl_parse(ctx->arena, &ctx->diags, doc->file, copy, len, &yo, &doc->root) != 0 ||
        ctx->diags.n_error > errs)
        return -1;
    if (!doc->root || yl_is_null(doc->root)) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, "import-json", (tx_span){ doc->file, 0, 0 },
                    "'%s' is empty", path);
        return -1;
    }
    return 0;
}

int im_doc_read(tx_ctx *ctx, const char *path, im_doc *doc)
{
    char *data;
    size_t len;
    if (tx_read_file(path, 64u << 20, &data, &len) != 0) {
        memset(doc, 0, sizeof *doc);
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, TX_DIAG_IO, (tx_span){ 0, 0, 0 }, "cannot read '%s': %s",
                    path, errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
        return -1;
    }
    int r = im_doc_parse(ctx, path, data, len, doc);
    free(data);
    return r;
}

const char *im_open_one(tx_ctx *ctx, const char *const *paths, size_t n, const char *format,
                        const char *what, im_doc *doc, im_plan *p)
{
    if (n != 1) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, "import-format", (tx_span){ 0, 0, 0 },
                    "import %s reads one %s, not %zu files", format, what, n);
        return NULL;
    }
    if (im_doc_read(ctx, paths[0], doc) != 0)
        return NULL;
    im_plan_init(p, ctx);
    const char *b = strrchr(paths[0], '/');
    b = b ? b + 1 : paths[0];
    TX_PUSH(p->a, p->header, tx_arena_printf(p->a, "imported from %s by taxonc import %s", b,
                                             format));
    return b;
}

/* ---- small helpers ----------------------------------------------------------------------- */

typedef enum skind { SK_STR, SK_INT, SK_NUM, SK_BOOL, SK_NULL, SK_OTHER } skind;

static bool is_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return false;
    char *end;
    errno = 0;
    (void)strtod(s, &end);
    return *end == '\0';
}

static skind scalar_kind(const yl_node *n)
{
    if (!n || n->kind != YL_SCALAR)
        return SK_OTHER;
    if (n->style != YL_PLAIN)
        return SK_STR;
    if (yl_is_null(n))
        return SK_NULL;
    if (strcmp(n->str, "true") == 0 || strcmp(n->str, "false") == 0)
        return SK_BOOL;
    if (is_json_number(n->str)) {
        double v = strtod(n->str, NULL);
        return isfinite(v) && v == floor(v) ? SK_INT : SK_NUM;
    }
    return SK_STR;
}

const char *im_str(const yl_node *n)
{
    return scalar_kind(n) == SK_STR ? n->str : NULL;
}

const yl_node *im_map(const yl_node *map, const char *key)
{
    const yl_node *v = map && map->kind == YL_MAP ? yl_get(map, key) : NULL;
    return v && v->kind == YL_MAP ? v : NULL;
}

const yl_node *im_seq(const yl_node *map, const char *key)
{
    const yl_node *v = map && map->kind == YL_MAP ? yl_get(map, key) : NULL;
    return v && v->kind == YL_SEQ ? v : NULL;
}

im_member im_members(tx_arena *a, const yl_node *map, const char *key, const char *ptr)
{
    return (im_member){ .a = a, .map = im_map(map, key), .base = im_ptr(a, ptr, key) };
}

bool im_member_next(im_member *m)
{
    if (!m->map || m->i >= m->map->n)
        return false;
    m->key = m->map->pairs[m->i].key->str;
    m->val = m->map->pairs[m->i].val;
    m->ptr = im_ptr(m->a, m->base, m->key);
    m->i++;
    return true;
}

void im_not_format(im_plan *p, const im_doc *d, const yl_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = tx_arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    tx_span sp = n ? yl_head_span(&p->ctx->sources, n) : (tx_span){ d->file, 0, 0 };
    tx_diag_add(&p->ctx->diags, TX_SEV_ERROR, "import-format", sp, "%s", msg);
}

void im_lost_keys(im_plan *p, im_strs *notes, const yl_node *map, const char *ptr,
                  const char *const *known)
{
    if (!map || map->kind != YL_MAP)
        return;
    for (uint32_t i = 0; i < map->n; i++) {
        const char *k = map->pairs[i].key->str;
        size_t j = 0;
        while (known[j] && strcmp(known[j], k) != 0)
            j++;
        if (!known[j])
            im_lost(p, notes, map->pairs[i].key->span, im_ptr(p->a, ptr, k),
                    "'%s' has no place in a taxonomy", k);
    }
}

static void err(im_conv *c, const yl_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void err(im_conv *c, const yl_node *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = tx_arena_vprintf(c->plan->a, fmt, ap);
    va_end(ap);
    if (!c->failed)     /* one error per source: the rest would repeat it */
        tx_diag_add(&c->plan->ctx->diags, TX_SEV_ERROR, "import-ref",
                    n ? n->span : (tx_span){ c->doc->file, 0, 0 }, "%s", msg);
    c->failed = true;
}

#define LOST(c, n, ptr, ...) im_lost((c)->plan, (c)->lost, (n)->span, (ptr), __VA_ARGS__)

/* ---- keywords ---------------------------------------------------------------------------- */

/* The keywords read, in one list for the enum and the names: those before
 * K_REF constrain values, the rest refer, combine or annotate. */
#define KEYWORDS(X)                                                                              \
    X(K_TYPE, "type") X(K_ENUM, "enum") X(K_CONST, "const") X(K_MINIMUM, "minimum")              \
    X(K_MAXIMUM, "maximum") X(K_EXMIN, "exclusiveMinimum") X(K_EXMAX, "exclusiveMaximum")       \
    X(K_MINLEN, "minLength") X(K_MAXLEN, "maxLength") X(K_PATTERN, "pattern")                    \
    X(K_FORMAT, "format") X(K_ITEMS, "items") X(K_MINITEMS, "minItems") X(K_MAXITEMS, "maxItems") \
    X(K_PROPS, "properties") X(K_REQUIRED, "required") X(K_ADDPROPS, "additionalProperties")     \
    X(K_REF, "$ref") X(K_ALLOF, "allOf") X(K_ANYOF, "anyOf") X(K_ONEOF, "oneOf")                 \
    X(K_DESC, "description") X(K_TITLE, "title") X(K_DEPRECATED, "deprecated")

typedef enum kw {
#define KW_ENUM_(e, name) e,
    KEYWORDS(KW_ENUM_)
#undef KW_ENUM_
    K__N,
    K_SKIP,         /* an annotation or bookkeeping: nothing to keep */
} kw;

static const char *const kw_names[K__N] = {
#define KW_NAME_(e, name) [e] = name,
    KEYWORDS(KW_NAME_)
#undef KW_NAME_
};

/* Annotations and bookkeeping: Typewriter's `key`, Segment's `labels`,
 * Iglu's `self`, definitions (read through $ref). */
static const char *const skipped[] = { "$schema", "$id",  "id",       "$comment", "key",
                                       "labels",  "self", "definitions", "$defs", "examples",
                                       "readOnly", "writeOnly" };

static bool in_list(const char *s, const char *const *l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, l[i]) == 0)
            return true;
    return false;
}

static kw keyword(const char *k)
{
    for (size_t i = 0; i < K__N; i++)
        if (strcmp(kw_names[i], k) == 0)
            return (kw)i;
    return in_list(k, skipped, sizeof skipped / sizeof skipped[0]) ? K_SKIP : K__N;
}

static const char *const json_types[] = { "string", "integer", "number", "boolean",
                                          "array",  "object",  "null" };
static const char *const formats[] = { "date", "date-time", "time", "uuid", "email", "uri" };

static bool fits(const im_type *t, const char *base)
{
    if (t->type)
        return strcmp(t->type, base) == 0;
    for (size_t i = 0; i < t->branches.n; i++)
        if (strcmp(t->branches.items[i], base) == 0)
            return true;
    return false;
}

static bool fits_num(const im_type *t) { return fits(t, "integer") || fits(t, "number"); }

/* ---- $ref -------------------------------------------------------------------------------- */

static const yl_node *resolve(const yl_node *root, const char *ref, tx_arena *a)
{
    const yl_node *n = root;
    const char *p = ref + 1;        /* past '#' */
    while (*p == '/' && n) {
        p++;
        tx_sb tok = TX_SB_INIT;
        for (; *p && *p != '/'; p++) {
            if (*p == '~' && (p[1] == '0' || p[1] == '1'))
                tx_sb_addc(&tok, p[1] == '0' ? '~' : '/'), p++;
            else if (*p == '%' && p[1] && p[2] && strchr("0123456789abcdefABCDEF", p[1]) &&
                     strchr("0123456789abcdefABCDEF", p[2])) {
                char hex[3] = { p[1], p[2], 0 };
                tx_sb_addc(&tok, (char)strtol(hex, NULL, 16));
                p += 2;
            } else
                tx_sb_addc(&tok, *p);
        }
        const char *t = tx_arena_strndup(a, tok.buf, tok.len);
        tx_sb_release(&tok);
        if (n->kind == YL_MAP) {
            n = yl_get(n, t);
        } else if (n->kind == YL_SEQ) {
            char *end;
            unsigned long i = strtoul(t, &end, 10);
            n = *t && !*end && i < n->n ? n->items[i] : NULL;
        } else {
            n = NULL;
        }
    }
    return *p ? NULL : n;
}

static im_type *convert(im_conv *c, const yl_node *s, const char *ptr, im_meta *meta);

static im_type *any(im_conv *c) { return im_type_new(c->plan->a, "any"); }

static im_type *follow_ref(im_conv *c, const yl_node *rn, im_meta *meta)
{
    tx_arena *a = c->plan->a;
    const char *ref = im_str(rn);
    if (!ref) {
        err(c, rn, "$ref must be a string, found %s", yl_describe(rn));
        return any(c);
    }
    if (ref[0] != '#') {
        err(c, rn, "$ref '%s' points outside the file; only local references (#/...) are followed",
            ref);
        return any(c);
    }
    const yl_node *target = resolve(c->doc->root, ref, a);
    if (!target) {
        err(c, rn, "$ref '%s' resolves to nothing in '%s'", ref, c->doc->path);
        return any(c);
    }
    for (size_t i = 0; i < c->n_refs; i++) {
        if (strcmp(c->refs[i], ref) != 0)
            continue;
        tx_sb chain = TX_SB_INIT;
        for (size_t j = i; j < c->n_refs; j++)
            tx_sb_addf(&chain, "'%s' -> ", c->refs[j]);
        tx_sb_addf(&chain, "'%s'", ref);
        err(c, rn, "$ref cycle: %s; a taxonomy type cannot contain itself", chain.buf);
        tx_sb_release(&chain);
        return any(c);
    }
    if (c->n_refs == IM_MAX_REF_DEPTH) {
        err(c, rn, "more than %d nested $ref at '%s'", IM_MAX_REF_DEPTH, ref);
        return any(c);
    }
    /* #/definitions/NAME, #/$defs/NAME -> a named type */
    const char *name = NULL;
    if (c->named_refs) {
        const char *p = strncmp(ref, "#/definitions/", 14) == 0 ? ref + 14
                        : strncmp(ref, "#/$defs/", 8) == 0   ? ref + 8
                                                              : NULL;
        if (p && tx_is_identifier(p) && !im_is_base(p))
            name = p;
    }
    const char *key = tx_arena_printf(a, "%u%s", (unsigned)c->doc->file, ref);
    if (name) {
        void *found = tx_strmap_get(&c->plan->ref_types, key, strlen(key));
        if (found)
            return im_type_new(a, c->plan->types.items[(size_t)(uintptr_t)found - 1].name);
    }
    c->refs[c->n_refs++] = ref;
    im_strs notes = { 0 };
    im_strs *saved = c->lost;
    if (name)
        c->lost = &notes;
    im_meta tm = { 0 };
    im_type *t = convert(c, target, ref + 1, name ? &tm : meta);
    c->lost = saved;
    c->n_refs--;
    if (!name || c->failed)
        return t;
    /* a free name: NAME, else NAME_2, NAME_3 ... */
    const char *nm = name;
    for (unsigned k = 2; im_named_find(c->plan, nm) >= 0; k++)
        nm = tx_arena_printf(a, "%s_%u", name, k);
    im_named nt = { .name = nm, .type = t, .meta = tm, .notes = notes };
    TX_PUSH(a, c->plan->types, nt);
    bool f;
    tx_strmap_put(&c->plan->ref_types, key, strlen(key), &f)->val =
        (void *)(uintptr_t)c->plan->types.n;
    return im_type_new(a, nm);
}

/* ---- building a spec --------------------------------------------------------------------- */

/* A bound as taxonomy text: integers only for an integer-only type (a
 * fractional or exclusive bound moves to the next integer inside). */
static const char *bound(im_conv *c, const yl_node *n, const char *ptr, const im_type *t, bool is_min,
                         bool exclusive)
{
    skind k = scalar_kind(n);
    if (k != SK_INT && k != SK_NUM) {
        LOST(c, n, ptr, "bound is not a number");
        return NULL;
    }
    bool int_only = fits(t, "integer") && !fits(t, "number");
    if (!int_only) {
        if (exclusive)
            LOST(c, n, ptr, "exclusive bound %s kept as an inclusive one", n->str);
        return n->str;
    }
    double v = strtod(n->str, NULL);
    if (fabs(v) > 9007199254740992.0) {
        LOST(c, n, ptr, "bound %s is beyond the integers a taxonomy holds exactly", n->str);
        return NULL;
    }
    double r = is_min ? (exclusive ? floor(v) + 1 : ceil(v)) : (exclusive ? ceil(v) - 1 : floor(v));
    return tx_arena_printf(c->plan->a, "%.0f", r);
}

static int64_t count(im_conv *c, const yl_node *n, const char *ptr)
{
    if (scalar_kind(n) != SK_INT || n->str[0] == '-' || strtod(n->str, NULL) > 1e15) {
        LOST(c, n, ptr, "not a count: %s", n->kind == YL_SCALAR ? n->str : yl_describe(n));
        return -1;
    }
    return (int64_t)strtod(n->str, NULL);
}

/* The value fits a branch of t: kept in an enum. */
static bool enum_value(const im_type *t, skind k)
{
    switch (k) {
    case SK_STR: return fits(t, "string");
    case SK_INT: return fits_num(t);
    case SK_NUM: return fits(t, "number");
    case SK_BOOL: return fits(t, "boolean");
    default: return false;
    }
}

static void add_enum(im_conv *c, im_type *t, const yl_node *const *vals, size_t n, const yl_node *at,
                     const char *ptr)
{
    TX_VEC(im_enum) out = { 0 };
    bool has_null = false;
    for (size_t i = 0; i < n; i++) {
        skind k = scalar_kind(vals[i]);
        if (k == SK_OTHER) {
            LOST(c, vals[i], im_ptr_index(c->plan->a, ptr, i),
                 "an enum value that is %s; the enum is left out", yl_describe(vals[i]));
            return;
        }
        if (k == SK_NULL) {
            has_null = true;
            continue;
        }
        if (!enum_value(t, k))
            continue;       /* the type refuses it anyway */
        bool dup = false;
        for (size_t j = 0; j < out.n && !dup; j++)
            dup = strcmp(out.items[j].val, vals[i]->str) == 0 && out.items[j].str == (k == SK_STR);
        if (!dup) {
            im_enum e = { .val = vals[i]->str, .str = k == SK_STR };
            TX_PUSH(c->plan->a, out, e);
        }
    }
    if (!out.n) {
        if (has_null && t->nullable) {
            /* only null: the type is null */
            t->type = "null", t->nullable = false, t->branches.n = 0;
            return;
        }
        LOST(c, at, ptr, "no enum value fits the type; the enum is left out");
        return;
    }
    t->enums.items = out.items, t->enums.n = out.n, t->enums.cap = out.cap;
}

/* The type names: `type` given, or inferred from the keywords present. */
static im_type *base_of(im_conv *c, const yl_node *const *k, const char *ptr)
{
    tx_arena *a = c->plan->a;
    im_strs names = { 0 };
    if (k[K_TYPE]) {
        const yl_node *tn = k[K_TYPE];
        size_t n = tn->kind == YL_SEQ ? tn->n : 1;
        for (size_t i = 0; i < n; i++) {
            const yl_node *e = tn->kind == YL_SEQ ? tn->items[i] : tn;
            const char *s = im_str(e);
            if (!s && yl_is_null(e) && e->kind == YL_SCALAR)
                s = "null";     /* YAML input: `type: null` */
            if (!s || !in_list(s, json_types, sizeof json_types / sizeof json_types[0])) {
                LOST(c, e, im_ptr(a, ptr, "type"), "unknown type %s%s%s; taken as any",
                     s ? "'" : "", s ? s : yl_describe(e), s ? "'" : "");
                return any(c);
            }
            bool dup = false;
            for (size_t j = 0; j < names.n; j++)
                dup |= strcmp(names.items[j], s) == 0;
            if (!dup)
                TX_PUSH(a, names, s);
        }
    } else if (k[K_ENUM] || k[K_CONST]) {
        const yl_node *ev = k[K_ENUM] ? k[K_ENUM] : k[K_CONST];
        size_t n = k[K_ENUM] && ev->kind == YL_SEQ ? ev->n : 1;
        static const char *const kname[] = { "string", "integer", "number", "boolean", "null" };
        for (size_t i = 0; i < n; i++) {
            skind sk = scalar_kind(k[K_ENUM] && ev->kind == YL_SEQ ? ev->items[i] : ev);
            if (sk == SK_OTHER)
                return any(c);
            const char *s = kname[sk];
            bool dup = false;
            for (size_t j = 0; j < names.n; j++)
                dup |= strcmp(names.items[j], s) == 0;
            if (!dup)
                TX_PUSH(a, names, s);
        }
    } else {
        const char *guess = k[K_PROPS] || k[K_REQUIRED] || k[K_ADDPROPS]     ? "object"
                            : k[K_ITEMS] || k[K_MINITEMS] || k[K_MAXITEMS]   ? "array"
                            : k[K_MINLEN] || k[K_MAXLEN] || k[K_PATTERN] || k[K_FORMAT] ? "string"
                            : k[K_MINIMUM] || k[K_MAXIMUM] || k[K_EXMIN] || k[K_EXMAX] ? "number"
                                                                                       : NULL;
        if (!guess)
            return any(c);
        const yl_node *at = NULL;
        for (int i = 0; i < K_REF && !at; i++)
            at = k[i];
        LOST(c, at, ptr, "no 'type': values other than %s %s were accepted by the source", 
             strcmp(guess, "object") == 0 || strcmp(guess, "array") == 0 ? "an" : "a", guess);
        TX_PUSH(a, names, guess);
    }
    bool nullable = false, has_int = false, has_num = false;
    im_strs keep = { 0 };
    for (size_t i = 0; i < names.n; i++) {
        const char *s = names.items[i];
        if (strcmp(s, "null") == 0)
            nullable = true;
        else {
            has_int |= strcmp(s, "integer") == 0;
            has_num |= strcmp(s, "number") == 0;
        }
    }
    for (size_t i = 0; i < names.n; i++) {
        const char *s = names.items[i];
        if (strcmp(s, "null") != 0 && !(has_int && has_num && strcmp(s, "integer") == 0))
            TX_PUSH(a, keep, s);     /* integer within number: number alone says it */
    }
    if (!keep.n)
        return im_type_new(a, "null");
    im_type *t = im_type_new(a, keep.n == 1 ? keep.items[0] : NULL);
    if (keep.n > 1)
        t->branches = keep;
    t->nullable = nullable;
    return t;
}

static void object_parts(im_conv *c, im_type *t, const yl_node *const *k, const char *ptr)
{
    tx_arena *a = c->plan->a;
    const yl_node *props = k[K_PROPS], *req = k[K_REQUIRED];
    if (props && props->kind == YL_MAP) {
        const char *pp = im_ptr(a, ptr, "properties");
        for (uint32_t i = 0; i < props->n; i++) {
            im_field f = { .name = props->pairs[i].key->str };
            f.type = convert(c, props->pairs[i].val, im_ptr(a, pp, f.name), &f.meta);
            TX_PUSH(a, t->fields, f);
        }
    } else if (props) {
        LOST(c, props, im_ptr(a, ptr, "properties"), "'properties' is %s, not a mapping",
             yl_describe(props));
    }
    if (req && req->kind == YL_SEQ) {
        for (uint32_t i = 0; i < req->n; i++) {
            const char *r = im_str(req->items[i]);
            if (!r) {
                LOST(c, req->items[i], im_ptr_index(a, im_ptr(a, ptr, "required"), i),
                     "a required name that is %s", yl_describe(req->items[i]));
                continue;
            }
            size_t j = 0;
            while (j < t->fields.n && strcmp(t->fields.items[j].name, r) != 0)
                j++;
            if (j == t->fields.n) {     /* required but not described: any value */
                im_field f = { .name = r, .type = any(c) };
                TX_PUSH(a, t->fields, f);
            }
            t->fields.items[j].required = true;
        }
    } else if (req) {
        LOST(c, req, im_ptr(a, ptr, "required"), "'required' is %s, not a list", yl_describe(req));
    }
    const yl_node *ap = k[K_ADDPROPS];
    if (!ap || scalar_kind(ap) == SK_BOOL) {
        t->additional = ap && strcmp(ap->str, "false") == 0 ? IM_CLOSED : IM_OPEN;
    } else {
        im_type *at = convert(c, ap, im_ptr(a, ptr, "additionalProperties"), NULL);
        if (at->type && strcmp(at->type, "any") == 0)
            t->additional = IM_OPEN;
        else
            t->additional = IM_ADDITIONAL_TYPE, t->additional_type = at;
    }
}

static void constraints(im_conv *c, im_type *t, const yl_node *const *k, const char *ptr)
{
    tx_arena *a = c->plan->a;
    if (k[K_ENUM]) {
        if (k[K_ENUM]->kind == YL_SEQ)
            add_enum(c, t, (const yl_node *const *)k[K_ENUM]->items, k[K_ENUM]->n, k[K_ENUM],
                     im_ptr(a, ptr, "enum"));
        else
            LOST(c, k[K_ENUM], im_ptr(a, ptr, "enum"), "'enum' is not a list");
    } else if (k[K_CONST]) {
        add_enum(c, t, &k[K_CONST], 1, k[K_CONST], im_ptr(a, ptr, "const"));
    }
    if (fits_num(t)) {
        /* draft-04: exclusiveMinimum: true turns minimum exclusive */
        bool ex4min = k[K_EXMIN] && scalar_kind(k[K_EXMIN]) == SK_BOOL;
        bool ex4max = k[K_EXMAX] && scalar_kind(k[K_EXMAX]) == SK_BOOL;
        const yl_node *lo = k[K_EXMIN] && !ex4min ? k[K_EXMIN] : k[K_MINIMUM];
        const yl_node *hi = k[K_EXMAX] && !ex4max ? k[K_EXMAX] : k[K_MAXIMUM];
        bool lo_ex = lo && (lo == k[K_EXMIN] || (ex4min && strcmp(k[K_EXMIN]->str, "true") == 0));
        bool hi_ex = hi && (hi == k[K_EXMAX] || (ex4max && strcmp(k[K_EXMAX]->str, "true") == 0));
        if (lo)
            t->min = bound(c, lo, im_ptr(a, ptr, lo == k[K_EXMIN] ? "exclusiveMinimum" : "minimum"), t,
                           true, lo_ex);
        if (hi)
            t->max = bound(c, hi, im_ptr(a, ptr, hi == k[K_EXMAX] ? "exclusiveMaximum" : "maximum"), t,
                           false, hi_ex);
        if (k[K_MINIMUM] && lo == k[K_EXMIN])       /* both: the exclusive one is tighter or equal */
            LOST(c, k[K_MINIMUM], im_ptr(a, ptr, "minimum"), "minimum beside exclusiveMinimum");
        if (k[K_MAXIMUM] && hi == k[K_EXMAX])
            LOST(c, k[K_MAXIMUM], im_ptr(a, ptr, "maximum"), "maximum beside exclusiveMaximum");
    }
    if (fits(t, "string")) {
        if (k[K_MINLEN])
            t->min_len = count(c, k[K_MINLEN], im_ptr(a, ptr, "minLength"));
        if (k[K_MAXLEN])
            t->max_len = count(c, k[K_MAXLEN], im_ptr(a, ptr, "maxLength"));
        if (k[K_PATTERN]) {
            if (im_str(k[K_PATTERN]))
                t->pattern = k[K_PATTERN]->str;
            else
                LOST(c, k[K_PATTERN], im_ptr(a, ptr, "pattern"), "pattern is not a string");
        }
        if (k[K_FORMAT]) {
            const char *f = im_str(k[K_FORMAT]);
            if (f && in_list(f, formats, sizeof formats / sizeof formats[0]))
                t->format = f;
            else
                LOST(c, k[K_FORMAT], im_ptr(a, ptr, "format"),
                     "format '%s' is not one a taxonomy checks", f ? f : "?");
        }
    }
    if (fits(t, "array")) {
        const yl_node *it = k[K_ITEMS];
        if (it && it->kind == YL_MAP) {
            im_type *itt = convert(c, it, im_ptr(a, ptr, "items"), NULL);
            t->items = itt;
        } else if (it && it->kind == YL_SEQ) {
            LOST(c, it, im_ptr(a, ptr, "items"), "tuple items (a list of schemas); items taken as any");
        } else if (it && !(scalar_kind(it) == SK_BOOL && strcmp(it->str, "true") == 0)) {
            LOST(c, it, im_ptr(a, ptr, "items"), "items that is %s", yl_describe(it));
        }
        if (k[K_MINITEMS])
            t->min_items = count(c, k[K_MINITEMS], im_ptr(a, ptr, "minItems"));
        if (k[K_MAXITEMS])
            t->max_items = count(c, k[K_MAXITEMS], im_ptr(a, ptr, "maxItems"));
    }
    if (fits(t, "object"))
        object_parts(c, t, k, ptr);
}

static bool has_constraint(const im_type *t)
{
    return t->enums.n || t->min || t->max || t->min_len >= 0 || t->max_len >= 0 || t->pattern ||
           t->format || t->items || t->min_items >= 0 || t->max_items >= 0 || t->fields.n ||
           t->additional_type;
}

/* anyOf/oneOf of schemas of distinct simple types -> one union whose
 * constraints are each branch's own (they apply per branch, as JSON
 * Schema's type-specific keywords do). NULL when that cannot be said. */
static im_type *union_of(im_conv *c, const yl_node *list, const char *ptr, bool one_of)
{
    tx_arena *a = c->plan->a;
    if (list->kind != YL_SEQ || !list->n)
        return NULL;
    TX_VEC(im_type *) br = { 0 };
    bool nullable = false;
    for (uint32_t i = 0; i < list->n; i++) {
        im_type *b = convert(c, list->items[i], im_ptr_index(a, ptr, i), NULL);
        if (b->type && strcmp(b->type, "null") == 0 && !has_constraint(b))
            nullable = true;
        else
            TX_PUSH(a, br, b);
    }
    if (br.n == 1) {
        im_type *t = br.items[0];
        if (nullable && !(t->type && strcmp(t->type, "any") == 0))
            t->nullable = true;
        return t;
    }
    im_type *u = im_type_new(a, NULL);
    u->nullable = nullable;
    for (size_t i = 0; i < br.n; i++) {
        im_type *b = br.items[i];
        if (!b->type || !im_is_base(b->type) || strcmp(b->type, "any") == 0 || b->enums.n ||
            b->nullable || fits(u, b->type))
            return NULL;
        if ((strcmp(b->type, "integer") == 0 && fits(u, "number")) ||
            (strcmp(b->type, "number") == 0 && fits(u, "integer")))
            return NULL;    /* overlapping branches: oneOf and anyOf differ, and bounds would mix */
        TX_PUSH(a, u->branches, b->type);
#define TAKE(f, unset)                                                                              \
    if (b->f != unset) {                                                                            \
        if (u->f != unset)                                                                          \
            return NULL;                                                                            \
        u->f = b->f;                                                                                \
    }
        TAKE(min, NULL) TAKE(max, NULL) TAKE(min_len, -1) TAKE(max_len, -1) TAKE(pattern, NULL)
        TAKE(format, NULL) TAKE(items, NULL) TAKE(min_items, -1) TAKE(max_items, -1)
        TAKE(additional_type, NULL)
#undef TAKE
        if (b->fields.n) {
            if (u->fields.n)
                return NULL;
            u->fields = b->fields;
        }
        if (strcmp(b->type, "object") == 0)
            u->additional = b->additional;
    }
    (void)one_of;
    return u;
}

static im_type *convert(im_conv *c, const yl_node *s, const char *ptr, im_meta *meta)
{
    tx_arena *a = c->plan->a;
    if (c->failed)
        return any(c);
    if (++c->nodes > IM_MAX_NODES) {
        err(c, s, "the schema expands to more than %d schemas through $ref", IM_MAX_NODES);
        return any(c);
    }
    if (s->kind != YL_MAP) {
        skind k = scalar_kind(s);
        if (k == SK_BOOL && strcmp(s->str, "true") == 0)
            return any(c);
        LOST(c, s, ptr, "%s", k == SK_BOOL ? "the schema false (no value is valid); taken as any"
                                           : "a schema that is not a mapping; taken as any");
        return any(c);
    }
    const yl_node *k[K__N] = { 0 };
    bool validation = false;
    for (uint32_t i = 0; i < s->n; i++) {
        const char *name = s->pairs[i].key->str;
        kw w = keyword(name);
        if (w == K_SKIP)
            continue;
        if (w == K__N) {
            LOST(c, s->pairs[i].key, im_ptr(a, ptr, name), "keyword '%s' is not supported", name);
            continue;
        }
        k[w] = s->pairs[i].val;
        validation |= w < K_REF;
    }
    if (meta) {
        const char *d = im_str(k[K_DESC]);
        if (d && *d)
            meta->desc = d;
        else if (im_str(k[K_TITLE]) && *k[K_TITLE]->str)
            meta->desc = k[K_TITLE]->str;
        if (k[K_DEPRECATED] && scalar_kind(k[K_DEPRECATED]) == SK_BOOL &&
            strcmp(k[K_DEPRECATED]->str, "true") == 0)
            meta->deprecated = true;
    }
    if (k[K_REF]) {
        if (validation)
            LOST(c, s, ptr, "keywords beside $ref are left out (the referenced schema is used)");
        im_meta inner = { 0 };
        im_type *t = follow_ref(c, k[K_REF], &inner);
        if (meta && !meta->desc)
            meta->desc = inner.desc;
        return t;
    }
    if (k[K_ALLOF]) {
        const yl_node *l = k[K_ALLOF];
        if (l->kind == YL_SEQ && l->n == 1 && !validation && !k[K_ANYOF] && !k[K_ONEOF]) {
            im_meta inner = { 0 };
            im_type *t = convert(c, l->items[0], im_ptr_index(a, im_ptr(a, ptr, "allOf"), 0), &inner);
            if (meta && !meta->desc)
                meta->desc = inner.desc;
            return t;
        }
        LOST(c, l, im_ptr(a, ptr, "allOf"), "allOf of %u schemas is left out",
             l->kind == YL_SEQ ? (unsigned)l->n : 0u);
    }
    if (k[K_ANYOF] || k[K_ONEOF]) {
        bool one = !k[K_ANYOF];
        const char *kp = im_ptr(a, ptr, one ? "oneOf" : "anyOf");
        im_type *u = validation ? NULL : union_of(c, one ? k[K_ONEOF] : k[K_ANYOF], kp, one);
        if (u)
            return u;
        LOST(c, one ? k[K_ONEOF] : k[K_ANYOF], kp,
             "%s that is not a choice between distinct simple types; taken as any",
             one ? "oneOf" : "anyOf");
        return any(c);
    }
    im_type *t = base_of(c, k, ptr);
    if (strcmp(t->type ? t->type : "", "any") == 0 || strcmp(t->type ? t->type : "", "null") == 0)
        return t;
    constraints(c, t, k, ptr);
    return t;
}

im_type *im_schema(im_conv *c, const yl_node *s, const char *ptr, im_meta *meta)
{
    return convert(c, s, ptr, meta);
}

bool im_object_uses(im_conv *c, im_event *ev, const yl_node *s, const char *ptr, bool user)
{
    tx_arena *a = c->plan->a;
    if (!s || s->kind != YL_MAP)
        return s == NULL || scalar_kind(s) == SK_BOOL;
    static const char *const known[] = { "type", "properties", "required", "additionalProperties",
                                         "description", "title", "$schema", "$id", "id",
                                         "$comment", "key", "labels", "self", "definitions",
                                         "$defs", "examples", NULL };
    im_lost_keys(c->plan, c->lost, s, ptr, known);
    const yl_node *t = yl_get(s, "type");
    if (t && !(im_str(t) && strcmp(t->str, "object") == 0))
        LOST(c, t, im_ptr(a, ptr, "type"), "the properties' type is not 'object'");
    const yl_node *req = im_seq(s, "required");
    for (im_member pm = im_members(a, s, "properties", ptr); im_member_next(&pm);) {
        im_meta m = { 0 };
        im_type *pt = convert(c, pm.val, pm.ptr, &m);
        bool required = false;
        for (uint32_t j = 0; req && j < req->n && !required; j++)
            required = im_str(req->items[j]) && strcmp(req->items[j]->str, pm.key) == 0;
        im_use_add(c->plan, ev, pm.key, pt, &m, required, user);
    }
    const yl_node *ap = yl_get(s, "additionalProperties");
    if (ap && scalar_kind(ap) == SK_BOOL)
        return strcmp(ap->str, "true") == 0;
    if (ap)
        LOST(c, ap, im_ptr(a, ptr, "additionalProperties"),
             "a schema for the unlisted properties of an event");
    return !ap;
}
