/* `taxonc import segment` and `taxonc import rudderstack`: tracking plans
 * whose events are JSON Schemas of the whole call. RudderTyper is a fork
 * of Segment's Typewriter and keeps its plan.json, so both formats are
 * read here: one table of call kinds with both spellings (call_of), one
 * reader of a `rules` mapping (rules_map), a reader per format's top.
 *
 * Shapes read (docs/import.md has the full mapping):
 *  - Segment Config API / Typewriter plan.json: {display_name, rules:
 *    {events: [{name, description, rules, version}], identify, group,
 *    global}}; Typewriter's test fixtures put `events` at the top;
 *  - Segment Public API: {data: {rules: [{type: TRACK|IDENTIFY|GROUP|
 *    COMMON|PAGE|SCREEN, key, jsonSchema, version}]}} (or `rules` at the
 *    top);
 *  - RudderTyper plan.json: {display_name|name, rules: {events: [{name,
 *    description, eventType: track|identify|page|screen|group, rules}],
 *    global, identify_traits, group_traits}}.
 * A call's schema holds `properties.properties` (an event's properties),
 * `properties.traits` (identify: user properties) and
 * `properties.context`. Track events become events, identify traits user
 * properties, global/common rules' properties are added to every event;
 * group traits, page and screen rules, context rules are reported lost.
 * Several versions of one event: the highest is kept. */
#include "import.h"
#include "im_json.h"
#include <stdlib.h>
#include <string.h>

typedef enum call { C_TRACK, C_IDENTIFY, C_GROUP, C_GLOBAL, C_PAGE, C_SCREEN, C_OTHER } call;

typedef struct rd {
    im_plan *p;
    im_conv c;
    const im_doc *doc;
    const char *format;     /* "Segment", "RudderStack" */
    size_t open_events;
    const yl_node *open_at;
    const char *open_ptr;
    /* global properties, added to every event at the end */
    TX_VEC(struct gprop { const char *name; im_type *type; im_meta meta; bool required; }) global;
} rd;

/* A rule's kind as the Segment Public API writes it (TRACK, ..., COMMON)
 * or as a RudderTyper eventType (track, ..., global). */
static call call_of(const char *s)
{
    static const char *const words[C_OTHER][2] = {
        [C_TRACK] = { "track", "TRACK" }, [C_IDENTIFY] = { "identify", "IDENTIFY" },
        [C_GROUP] = { "group", "GROUP" }, [C_GLOBAL] = { "global", "COMMON" },
        [C_PAGE] = { "page", "PAGE" },    [C_SCREEN] = { "screen", "SCREEN" },
    };
    for (int c = 0; s && c < C_OTHER; c++)
        if (strcmp(words[c][0], s) == 0 || strcmp(words[c][1], s) == 0)
            return (call)c;
    return C_OTHER;
}

/* An empty schema ({} or {type: object}) says nothing worth keeping. */
static bool empty_schema(const yl_node *s)
{
    if (!s || s->kind != YL_MAP)
        return true;
    for (uint32_t i = 0; i < s->n; i++) {
        const char *k = s->pairs[i].key->str;
        if (strcmp(k, "description") != 0 && strcmp(k, "type") != 0 && strcmp(k, "$schema") != 0)
            return false;
    }
    return true;
}

/* The call schema's parts: properties.{properties, traits, context}. */
static void call_parts(rd *r, const yl_node *schema, const char *ptr, call kind, im_event *ev)
{
    tx_arena *a = r->p->a;
    if (!schema || schema->kind != YL_MAP) {
        if (schema && !(im_str(schema) == NULL && schema->kind == YL_SCALAR))
            im_lost(r->p, r->c.lost, schema->span, ptr, "rules that are %s", yl_describe(schema));
        return;
    }
    static const char *const known[] = { "$schema", "type", "properties", "required", "labels",
                                         "description", "title", "$id", "id", "additionalProperties",
                                         NULL };
    im_lost_keys(r->p, r->c.lost, schema, ptr, known);
    for (im_member pm = im_members(a, schema, "properties", ptr); im_member_next(&pm);) {
        bool props = strcmp(pm.key, "properties") == 0, traits = strcmp(pm.key, "traits") == 0;
        if (props && kind == C_TRACK) {
            if (im_object_uses(&r->c, ev, pm.val, pm.ptr, false) && !r->open_events++)
                r->open_at = pm.val, r->open_ptr = pm.ptr;
        } else if (props && kind == C_GLOBAL) {
            im_event scratch = { 0 };
            im_object_uses(&r->c, &scratch, pm.val, pm.ptr, false);
            for (size_t k = 0; k < scratch.props.n; k++) {
                const im_use *u = &scratch.props.items[k];
                im_prop *pr = &r->p->props.items[u->prop];
                const im_def *d = &pr->defs.items[u->def - 1];
                struct gprop g = { pr->name, d->type, u->meta, u->required };
                TX_PUSH(a, r->global, g);
                pr->defs.items[u->def - 1].count--;     /* counted again per event */
            }
        } else if (traits && kind == C_IDENTIFY) {
            im_object_uses(&r->c, NULL, pm.val, pm.ptr, true);
        } else if (empty_schema(pm.val)) {
            continue;
        } else if (kind == C_GROUP && traits) {
            im_lost(r->p, r->c.lost, pm.val->span, pm.ptr,
                    "group traits: a taxonomy has no group calls");
        } else {
            im_lost(r->p, r->c.lost, pm.val->span, pm.ptr, "rules for '%s' of %s calls", pm.key,
                    kind == C_TRACK      ? "track"
                    : kind == C_IDENTIFY ? "identify"
                    : kind == C_GLOBAL   ? "all"
                                         : "group");
        }
    }
}

static double version_of(const yl_node *rule)
{
    const yl_node *v = rule->kind == YL_MAP ? yl_get(rule, "version") : NULL;
    return v && v->kind == YL_SCALAR && v->style == YL_PLAIN ? strtod(v->str, NULL) : 0;
}

/* One rule: {name|key, description, eventType|type, rules|jsonSchema}. */
static void rule(rd *r, const yl_node *n, const char *ptr, call kind, const yl_node *all,
                 const char *name_key, const char *schema_key)
{
    tx_arena *a = r->p->a;
    if (n->kind != YL_MAP) {
        im_lost(r->p, NULL, n->span, ptr, "a rule that is %s", yl_describe(n));
        return;
    }
    const yl_node *schema = yl_get(n, schema_key);
    const char *sp = im_ptr(a, ptr, schema_key);
    if (kind == C_PAGE || kind == C_SCREEN || kind == C_OTHER) {
        const yl_node *t = yl_get(n, "eventType") ? yl_get(n, "eventType") : yl_get(n, "type");
        im_lost(r->p, NULL, n->span, ptr, "a rule for %s calls: a taxonomy has events only",
                t && t->kind == YL_SCALAR ? t->str : "other");
        return;
    }
    if (kind != C_TRACK) {
        im_strs *saved = r->c.lost;
        r->c.lost = NULL;
        call_parts(r, schema, sp, kind, NULL);
        r->c.lost = saved;
        return;
    }
    const char *name = im_str(yl_get(n, name_key));
    if (!name || !*name) {
        im_lost(r->p, NULL, n->span, ptr, "a track rule without a '%s'", name_key);
        return;
    }
    /* several versions of one event: the highest wins */
    double v = version_of(n);
    for (uint32_t i = 0; all && i < all->n; i++) {
        const yl_node *o = all->items[i];
        if (o == n || o->kind != YL_MAP)
            continue;
        const char *on = im_str(yl_get(o, name_key));
        if (!on || strcmp(on, name) != 0)
            continue;
        double ov = version_of(o);
        if (ov > v || (ov == v && o < n)) {
            im_lost(r->p, NULL, n->span, ptr, "version %g of '%s' (version %g is kept)", v, name, ov);
            return;
        }
    }
    im_event *ev = im_event_add(r->p, name);
    const char *d = im_str(yl_get(n, "description"));
    if (!d && schema && schema->kind == YL_MAP)
        d = im_str(yl_get(schema, "description"));
    ev->meta.desc = d && *d ? d : NULL;
    im_strs *saved = r->c.lost;
    r->c.lost = &ev->notes;
    call_parts(r, schema, sp, C_TRACK, ev);
    r->c.lost = saved;
}

static void rules_list(rd *r, const yl_node *list, const char *ptr, const char *kind_key,
                       const char *name_key, const char *schema_key)
{
    for (uint32_t i = 0; i < list->n; i++) {
        const yl_node *n = list->items[i];
        call k = C_TRACK;
        if (kind_key) {
            const yl_node *t = n->kind == YL_MAP ? yl_get(n, kind_key) : NULL;
            k = t ? call_of(im_str(t)) : C_TRACK;
        }
        rule(r, n, im_ptr_index(r->p->a, ptr, i), k, list, name_key, schema_key);
    }
}

/* A call-wide rule (rules.identify, rules.global, ...): a schema itself. */
static void call_rule(rd *r, const yl_node *rules, const char *key, call kind, const char *ptr)
{
    const yl_node *s = yl_get(rules, key);
    if (!s)
        return;
    /* RudderTyper wraps them as rule metadata: {name, eventType, rules} */
    const yl_node *inner = s->kind == YL_MAP ? yl_get(s, "rules") : NULL;
    const char *sp = im_ptr(r->p->a, ptr, key);
    if (inner)
        s = inner, sp = im_ptr(r->p->a, sp, "rules");
    call_parts(r, s, sp, kind, NULL);
}

static const char *finish(rd *r, const tx_import_opts *o, const yl_node *root, size_t *out_len)
{
    im_plan *p = r->p;
    /* global properties: every event carries them (its own entry wins) */
    for (size_t e = 0; e < p->events.n; e++) {
        im_event *ev = &p->events.items[e];
        for (size_t g = 0; g < r->global.n; g++) {
            bool has = false;
            for (size_t k = 0; k < ev->props.n && !has; k++)
                has = strcmp(p->props.items[ev->props.items[k].prop].name, r->global.items[g].name) == 0;
            if (!has)
                im_use_add(p, ev, r->global.items[g].name, r->global.items[g].type,
                           &r->global.items[g].meta, r->global.items[g].required, false);
        }
    }
    if (r->open_events)
        im_lost(p, NULL, r->open_at->span, r->open_ptr,
                "%zu event%s unlisted properties (no additionalProperties: false); "
                "a taxonomy event accepts only its own",
                r->open_events, r->open_events == 1 ? " accepts" : "s accept");
    im_plan_settle(p);
    im_plan_conventions(p);
    const char *title = NULL;
    if (root->kind == YL_MAP) {
        title = im_str(yl_get(root, "display_name"));
        if (!title)
            title = im_str(yl_get(root, "name"));
        if (title && strchr(title, '/'))
            title = NULL;   /* "workspaces/x/tracking-plans/rs_..." is an id */
    }
    if (o && o->name)
        p->name = o->name;
    else if (title)
        p->name = im_slug(p->a, title, strlen(title));
    else {
        const char *b = strrchr(r->doc->path, '/');
        b = b ? b + 1 : r->doc->path;
        const char *dot = strrchr(b, '.');
        p->name = im_slug(p->a, b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
    }
    p->version = o ? o->version : NULL;
    if (title)
        p->description = title;
    char *y = r->c.failed || p->ctx->diags.n_error ? NULL : im_write_yaml(p, out_len);
    im_plan_done(p);
    return y;
}

/* A `rules` mapping of an events list and call rules (Segment's Config API,
 * RudderTyper): the identify and group rules' keys differ by format. */
static void rules_map(rd *r, const yl_node *rules, const char *kind_key, const char *identify,
                      const char *group)
{
    const char *const known[] = { "events", identify, group, "global", NULL };
    im_lost_keys(r->p, NULL, rules, "/rules", known);
    rules_list(r, im_seq(rules, "events"), "/rules/events", kind_key, "name", "rules");
    call_rule(r, rules, identify, C_IDENTIFY, "/rules");
    call_rule(r, rules, group, C_GROUP, "/rules");
    call_rule(r, rules, "global", C_GLOBAL, "/rules");
}

static bool read_segment(rd *r, const yl_node *root, const char *path)
{
    const yl_node *rules = root->kind == YL_MAP ? yl_get(root, "rules") : NULL;
    const yl_node *data = im_map(root, "data");
    if (data && im_seq(data, "rules"))                          /* Public API */
        rules_list(r, im_seq(data, "rules"), "/data/rules", "type", "key", "jsonSchema");
    else if (rules && rules->kind == YL_SEQ)
        rules_list(r, rules, "/rules", "type", "key", "jsonSchema");
    else if (rules && rules->kind == YL_MAP && im_seq(rules, "events"))   /* Config API */
        rules_map(r, rules, NULL, "identify", "group");
    else if (im_seq(root, "events"))                            /* Typewriter fixtures */
        rules_list(r, im_seq(root, "events"), "/events", NULL, "name", "rules");
    else {
        im_not_format(r->p, r->doc, root,
                      "'%s' is not a Segment tracking plan: expected 'rules.events' (Config API, "
                      "Typewriter plan.json) or 'data.rules' (Public API)", path);
        return false;
    }
    return true;
}

static bool read_rudderstack(rd *r, const yl_node *root, const char *path)
{
    const yl_node *rules = root->kind == YL_MAP ? im_map(root, "rules") : NULL;
    if (!rules || !im_seq(rules, "events")) {
        im_not_format(r->p, r->doc, root,
                      "'%s' is not a RudderTyper plan.json: expected 'rules.events'", path);
        return false;
    }
    rules_map(r, rules, "eventType", "identify_traits", "group_traits");
    return true;
}

/* Both commands: one plan file, read by the format's reader, then written. */
static const char *import_plan(tx_ctx *ctx, const char *const *paths, size_t n, const char *format,
                               bool (*read)(rd *, const yl_node *, const char *),
                               const tx_import_opts *opts, size_t *out_len)
{
    im_doc d;
    im_plan p;
    if (!im_open_one(ctx, paths, n, format, "plan", &d, &p))
        return NULL;
    rd r = { .p = &p, .c = { .plan = &p, .doc = &d }, .doc = &d, .format = format };
    if (!read(&r, d.root, paths[0])) {
        im_plan_done(&p);
        return NULL;
    }
    return finish(&r, opts, d.root, out_len);
}

const char *tx_import_segment(tx_ctx *ctx, const char *const *paths, size_t n,
                              const tx_import_opts *opts, size_t *out_len)
{
    return import_plan(ctx, paths, n, "segment", read_segment, opts, out_len);
}

const char *tx_import_rudderstack(tx_ctx *ctx, const char *const *paths, size_t n,
                                  const tx_import_opts *opts, size_t *out_len)
{
    return import_plan(ctx, paths, n, "rudderstack", read_rudderstack, opts, out_len);
}
