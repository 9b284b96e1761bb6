/* `taxonc import jsonschema FILE|DIR...`: one event per JSON Schema.
 *
 * Sources are files, or folders walked recursively in byte order of their
 * names, taking `*.json` files and files named like a SchemaVer version
 * (`1-0-0`: Iglu's layout VENDOR/NAME/jsonschema/1-0-0 has no extension).
 * A schema's root must be an object schema; its `properties` become the
 * event's, `required` its required ones, its description the event's.
 * `definitions`/`$defs` reached through local `$ref` become named types.
 *
 * Naming: a Snowplow Iglu self-describing schema (`self: {vendor, name,
 * format, version}`) is the event `NAME` (`VENDOR/NAME` when two vendors
 * share NAME) with `iglu: {vendor: VENDOR, versions: [...]}`, which is
 * what `validate --profile snowplow` matches. Several versions of one
 * schema make one event: every version is listed, the newest gives the
 * properties, and what older versions say differently is reported.
 * Other schemas are named by `title`, else the file name without `.json`. */
#include "import.h"
#include "im_json.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct schema {
    im_doc doc;
    const char *vendor, *name, *version;    /* Iglu; name also for plain schemas */
    unsigned ver[3];
    bool iglu;
} schema;

typedef struct js {
    tx_ctx *ctx;
    im_plan *p;
    TX_VEC(schema) s;
    bool bad;
} js;

static bool schemaver(const char *v, unsigned out[3])
{
    char tail;
    return v && sscanf(v, "%u-%u-%u%c", &out[0], &out[1], &out[2], &tail) == 3;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_file(js *j, const char *path);

static void walk(js *j, const char *dir, unsigned depth)
{
    if (depth > 16)
        return;
    DIR *d = opendir(dir);
    if (!d) {
        tx_diag_add(&j->ctx->diags, TX_SEV_ERROR, TX_DIAG_IO, (tx_span){ 0, 0, 0 },
                    "cannot read the folder '%s'", dir);
        j->bad = true;
        return;
    }
    TX_VEC(const char *) names = { 0 };
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        TX_PUSH(j->p->a, names, tx_arena_strdup(j->p->a, e->d_name));
    }
    closedir(d);
    if (names.n)
        qsort(names.items, names.n, sizeof names.items[0], by_name);
    for (size_t i = 0; i < names.n; i++) {
        const char *path = tx_arena_printf(j->p->a, "%s/%s", dir, names.items[i]);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        unsigned v[3];
        size_t l = strlen(names.items[i]);
        if (S_ISDIR(st.st_mode))
            walk(j, path, depth + 1);
        else if (S_ISREG(st.st_mode) &&
                 ((l > 5 && strcmp(names.items[i] + l - 5, ".json") == 0) || schemaver(names.items[i], v)))
            add_file(j, path);
    }
}

static void add_file(js *j, const char *path)
{
    schema s = { 0 };
    if (im_doc_read(j->ctx, path, &s.doc) != 0) {
        j->bad = true;
        return;
    }
    const yl_node *root = s.doc.root;
    const yl_node *self = im_map(root, "self");
    if (self) {
        s.vendor = im_str(yl_get(self, "vendor"));
        s.name = im_str(yl_get(self, "name"));
        s.version = im_str(yl_get(self, "version"));
        const char *format = im_str(yl_get(self, "format"));
        if (!s.vendor || !s.name || !format || strcmp(format, "jsonschema") != 0 ||
            !schemaver(s.version, s.ver)) {
            im_not_format(j->p, &s.doc, self,
                          "'self' in '%s' is not an Iglu schema key {vendor, name, format: "
                          "jsonschema, version: M-R-A}", path);
            j->bad = true;
            return;
        }
        s.iglu = true;
    } else {
        s.name = root->kind == YL_MAP ? im_str(yl_get(root, "title")) : NULL;
        if (!s.name || !*s.name) {
            const char *b = strrchr(path, '/');
            b = b ? b + 1 : path;
            size_t l = strlen(b);
            s.name = tx_arena_strndup(j->p->a, b, l > 5 && strcmp(b + l - 5, ".json") == 0 ? l - 5 : l);
        }
    }
    const yl_node *t = root->kind == YL_MAP ? yl_get(root, "type") : NULL;
    if (root->kind != YL_MAP || (!yl_get(root, "properties") && !(im_str(t) && strcmp(t->str, "object") == 0))) {
        im_not_format(j->p, &s.doc, root,
                      "'%s' is not a JSON Schema of an event: expected an object schema with "
                      "'properties' or 'type: object'", path);
        j->bad = true;
        return;
    }
    TX_PUSH(j->p->a, j->s, s);
}

static int vercmp(const schema *a, const schema *b)
{
    for (int i = 0; i < 3; i++)
        if (a->ver[i] != b->ver[i])
            return a->ver[i] < b->ver[i] ? -1 : 1;
    return 0;
}

static bool same_node(const yl_node *a, const yl_node *b)
{
    if (!a || !b || a->kind != b->kind || a->n != b->n)
        return a == b;
    if (a->kind == YL_SCALAR)
        return (a->style == YL_PLAIN) == (b->style == YL_PLAIN) && strcmp(a->str, b->str) == 0;
    for (uint32_t i = 0; i < a->n; i++) {
        if (a->kind == YL_SEQ ? !same_node(a->items[i], b->items[i])
                              : strcmp(a->pairs[i].key->str, b->pairs[i].key->str) != 0 ||
                                    !same_node(a->pairs[i].val, b->pairs[i].val))
            return false;
    }
    return true;
}

/* What an older version says differently from the newest, as losses. */
static void differences(js *j, im_event *ev, const schema *old, const schema *newest)
{
    const yl_node *op = im_map(old->doc.root, "properties"), *np = im_map(newest->doc.root, "properties");
    for (uint32_t i = 0; op && i < op->n; i++) {
        const char *k = op->pairs[i].key->str;
        const yl_node *nv = np ? yl_get(np, k) : NULL;
        if (same_node(op->pairs[i].val, nv))
            continue;
        im_lost(j->p, &ev->notes, op->pairs[i].key->span,
                im_ptr(j->p->a, "/properties", k),
                nv ? "'%s' in version %s differs from version %s (the newest is kept)"
                   : "'%s' in version %s is not in version %s",
                k, old->version, newest->version);
    }
    const yl_node *oreq = im_seq(old->doc.root, "required"), *nreq = im_seq(newest->doc.root, "required");
    if (!same_node(oreq, nreq) && (oreq || nreq))
        im_lost(j->p, &ev->notes, oreq ? oreq->span : old->doc.root->span, "/required",
                "the required properties of version %s differ from version %s", old->version,
                newest->version);
}

static void event_of(js *j, size_t first, size_t n, bool qualify)
{
    schema *g = &j->s.items[first];
    size_t newest = first;
    for (size_t i = first + 1; i < first + n; i++)
        if (vercmp(&j->s.items[i], &j->s.items[newest]) > 0)
            newest = i;
    schema *s = &j->s.items[newest];
    const char *name = qualify ? tx_arena_printf(j->p->a, "%s/%s", g->vendor, g->name) : g->name;
    im_event *ev = im_event_add(j->p, name);
    const char *d = im_str(yl_get(s->doc.root, "description"));
    if (d && *d)
        ev->meta.desc = d;
    if (g->iglu) {
        ev->iglu = true;
        ev->iglu_vendor = g->vendor;
        for (size_t i = first; i < first + n; i++)
            TX_PUSH(j->p->a, ev->iglu_versions, j->s.items[i].version);
    }
    im_conv c = { .plan = j->p, .doc = &s->doc, .lost = &ev->notes, .named_refs = true };
    if (im_object_uses(&c, ev, s->doc.root, "", false)) {
        const yl_node *props = im_map(s->doc.root, "properties");
        if (props || !yl_get(s->doc.root, "additionalProperties"))
            im_lost(j->p, &ev->notes, s->doc.root->span, "/additionalProperties",
                    "the schema accepts properties it does not list; a taxonomy event accepts only its own");
    }
    j->bad |= c.failed;
    for (size_t i = first; i < first + n; i++)
        if (i != newest)
            differences(j, ev, &j->s.items[i], s);
}

static int by_key(const void *a, const void *b)
{
    const schema *x = a, *y = b;
    int c = strcmp(x->vendor ? x->vendor : "", y->vendor ? y->vendor : "");
    if (!c)
        c = strcmp(x->name, y->name);
    if (!c)
        c = vercmp(x, y);
    return c;
}

const char *tx_import_jsonschema(tx_ctx *ctx, const char *const *paths, size_t n,
                                 const tx_import_opts *opts, size_t *out_len)
{
    im_plan p;
    im_plan_init(&p, ctx);
    js j = { .ctx = ctx, .p = &p };
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            walk(&j, paths[i], 0);
        else
            add_file(&j, paths[i]);
    }
    if (!j.bad && !j.s.n)
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, "import-format", (tx_span){ 0, 0, 0 },
                    "no JSON Schema found (files *.json, or Iglu's NAME/jsonschema/M-R-A)");
    if (j.bad || !j.s.n) {
        im_plan_done(&p);
        return NULL;
    }
    const char *b = strrchr(paths[0], '/');
    TX_PUSH(p.a, p.header, tx_arena_printf(p.a, "imported from %s by taxonc import jsonschema",
                                           n == 1 ? (b && b[1] ? b + 1 : paths[0]) : "several files"));
    /* Iglu schemas sorted by vendor, name, version (plain schemas keep their order) */
    size_t n_iglu = 0;
    for (size_t i = 0; i < j.s.n; i++)
        if (j.s.items[i].iglu) {
            schema t = j.s.items[i];
            memmove(&j.s.items[n_iglu + 1], &j.s.items[n_iglu], (i - n_iglu) * sizeof t);
            j.s.items[n_iglu++] = t;
        }
    qsort(j.s.items, n_iglu, sizeof j.s.items[0], by_key);
    for (size_t i = 0; i < j.s.n;) {
        size_t k = i + 1;
        while (k < n_iglu && i < n_iglu && strcmp(j.s.items[k].vendor, j.s.items[i].vendor) == 0 &&
               strcmp(j.s.items[k].name, j.s.items[i].name) == 0)
            k++;
        bool qualify = false;
        for (size_t o = 0; o < j.s.n && !qualify; o++)
            qualify = (o < i || o >= k) && strcmp(j.s.items[o].name, j.s.items[i].name) == 0 &&
                      j.s.items[i].iglu;
        bool dup = false;
        for (size_t e = 0; e < p.events.n && !dup; e++)
            dup = strcmp(p.events.items[e].name, j.s.items[i].name) == 0;
        if (dup && !qualify) {
            im_not_format(&p, &j.s.items[i].doc, NULL, "two schemas are named '%s'; give one a 'title'",
                          j.s.items[i].name);
            im_plan_done(&p);
            return NULL;
        }
        event_of(&j, i, k - i, qualify);
        i = k;
    }
    im_plan_settle(&p);
    im_plan_conventions(&p);
    if (opts && opts->name)
        p.name = opts->name;
    else {
        const char *base = strrchr(paths[0], '/');
        base = base && base[1] ? base + 1 : paths[0];
        const char *dot = strrchr(base, '.');
        p.name = im_slug(p.a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
    }
    p.version = opts ? opts->version : NULL;
    char *y = j.bad || ctx->diags.n_error ? NULL : im_write_yaml(&p, out_len);
    im_plan_done(&p);
    return y;
}
