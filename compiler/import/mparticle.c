/* `taxonc import mparticle`: an mParticle data plan. Read as the Data
 * Planning API and the UI's "download" give it — one data plan version
 * ({data_plan_id, version, version_document: {data_points: [...]}}), or a
 * data plan ({data_plan_id, data_plan_versions: [...]}) whose highest
 * version is read. Each data point is {description, match: {type,
 * criteria}, validator: {type: json_schema, definition}}:
 *  - custom_event (criteria.event_name, custom_event_type): an event; its
 *    definition's properties.data.properties.custom_attributes schema gives
 *    the event's properties (through the one JSON Schema converter,
 *    im_json.h), custom_event_type becomes the event's category;
 *  - screen_view (criteria.screen_name): an event of category screen_view,
 *    read the same way;
 *  - user_attributes: the definition's properties are user properties;
 *  - commerce (product_action, promotion_action, product_impression),
 *    user_identities, application state and every other kind: reported
 *    lost, as are custom_flags and any other part of `data`.
 * docs/import.md has the table. Losses are warnings `import-lost` with the
 * JSON Pointer and `# lost:` comments in the YAML. */
#include "import.h"
#include "im_json.h"
#include <stdlib.h>
#include <string.h>

typedef struct mp {
    im_plan *p;
    im_conv c;
    size_t open_events;     /* custom_attributes that accept unlisted keys */
    const yl_node *open_at;
    const char *open_ptr;
} mp;

/* definition.properties.data: {properties: {custom_attributes, ...}} */
static void event_schema(mp *m, im_event *ev, const yl_node *def, const char *ptr)
{
    tx_arena *a = m->p->a;
    for (im_member pm = im_members(a, def, "properties", ptr); im_member_next(&pm);) {
        if (strcmp(pm.key, "data") != 0) {
            im_lost(m->p, &ev->notes, pm.val->span, pm.ptr, "rules for the event's '%s'", pm.key);
            continue;
        }
        for (im_member dm = im_members(a, pm.val, "properties", pm.ptr); im_member_next(&dm);) {
            if (strcmp(dm.key, "custom_attributes") == 0) {
                if (im_object_uses(&m->c, ev, dm.val, dm.ptr, false) && !m->open_events++)
                    m->open_at = dm.val, m->open_ptr = dm.ptr;
            } else {
                im_lost(m->p, &ev->notes, dm.val->span, dm.ptr, "rules for '%s' (only "
                        "custom_attributes become properties)", dm.key);
            }
        }
    }
}

static const char *kind_lost(const char *type)
{
    static const struct {
        const char *type, *why;
    } kinds[] = {
        { "product_action", "commerce product actions: a taxonomy has no product actions" },
        { "promotion_action", "commerce promotion actions: a taxonomy has no promotion actions" },
        { "product_impression", "commerce impressions: a taxonomy has no product impressions" },
        { "user_identities", "user identities: identities are not properties" },
        { "application_state_transition", "application state transitions" },
        { "crash_report", "crash reports" },
        { "opt_out", "opt-out events" },
        { "session_start", "session starts" },
        { "session_end", "session ends" },
        { "breadcrumb", "breadcrumbs" },
    };
    for (size_t i = 0; type && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].type, type) == 0)
            return kinds[i].why;
    return NULL;
}

static void data_point(mp *m, const yl_node *n, const char *ptr)
{
    im_plan *p = m->p;
    tx_arena *a = p->a;
    if (n->kind != YL_MAP) {
        im_lost(p, NULL, n->span, ptr, "a data point that is %s", yl_describe(n));
        return;
    }
    const yl_node *match = im_map(n, "match");
    const char *type = match ? im_str(yl_get(match, "type")) : NULL;
    const yl_node *crit = match ? im_map(match, "criteria") : NULL;
    const yl_node *val = im_map(n, "validator");
    const char *vtype = val ? im_str(yl_get(val, "type")) : NULL;
    const yl_node *def = val ? im_map(val, "definition") : NULL;
    const char *defp = im_ptr(a, im_ptr(a, ptr, "validator"), "definition");
    if (!type) {
        im_lost(p, NULL, n->span, ptr, "a data point without match.type");
        return;
    }
    if (vtype && strcmp(vtype, "json_schema") != 0) {
        im_lost(p, NULL, val->span, im_ptr(a, ptr, "validator"),
                "a validator of type '%s' (only json_schema is read)", vtype);
        def = NULL;
    }
    bool custom = strcmp(type, "custom_event") == 0, screen = strcmp(type, "screen_view") == 0;
    if (custom || screen) {
        const char *key = custom ? "event_name" : "screen_name";
        const char *name = crit ? im_str(yl_get(crit, key)) : NULL;
        if (!name || !*name) {
            im_lost(p, NULL, n->span, ptr, "a %s data point without criteria.%s", type, key);
            return;
        }
        for (size_t e = 0; e < p->events.n; e++)
            if (strcmp(p->events.items[e].name, name) == 0) {
                im_lost(p, NULL, n->span, ptr, "a second data point for '%s' (the first is kept)",
                        name);
                return;
            }
        im_event *ev = im_event_add(p, name);
        const char *d = im_str(yl_get(n, "description"));
        ev->meta.desc = d && *d ? d : NULL;
        const char *cat = custom && crit ? im_str(yl_get(crit, "custom_event_type")) : NULL;
        ev->category = screen ? "screen_view" : cat && *cat ? cat : NULL;
        im_strs *saved = m->c.lost;
        m->c.lost = &ev->notes;
        if (def)
            event_schema(m, ev, def, defp);
        m->c.lost = saved;
        return;
    }
    if (strcmp(type, "user_attributes") == 0) {
        if (def)
            im_object_uses(&m->c, NULL, def, defp, true);
        return;
    }
    const char *why = kind_lost(type);
    if (why)
        im_lost(p, NULL, n->span, ptr, "%s", why);
    else
        im_lost(p, NULL, n->span, ptr, "a data point of kind '%s'", type);
}

/* The version document: {data_points: [...]} */
static const yl_node *pick_version(im_plan *p, const im_doc *d, const yl_node *root,
                                   const char **ptr, const yl_node **ver)
{
    const yl_node *vd = im_map(root, "version_document");
    *ver = root;
    *ptr = "/version_document";
    if (vd)
        return vd;
    const yl_node *vs = im_seq(root, "data_plan_versions");
    if (!vs)
        return NULL;
    long best = -1, best_v = -1;
    for (uint32_t i = 0; i < vs->n; i++) {
        const yl_node *v = vs->items[i];
        const yl_node *num = v->kind == YL_MAP ? yl_get(v, "version") : NULL;
        long n = num && num->kind == YL_SCALAR ? strtol(num->str, NULL, 10) : 0;
        if (v->kind == YL_MAP && im_map(v, "version_document") && n > best_v)
            best = (long)i, best_v = n;
    }
    if (best < 0)
        return NULL;
    for (uint32_t i = 0; i < vs->n; i++)
        if ((long)i != best)
            im_lost(p, NULL, vs->items[i]->span, im_ptr_index(p->a, "/data_plan_versions", i),
                    "data plan version %s (version %ld is read)",
                    vs->items[i]->kind == YL_MAP && yl_get(vs->items[i], "version")
                        && yl_get(vs->items[i], "version")->kind == YL_SCALAR
                        ? yl_get(vs->items[i], "version")->str : "?", best_v);
    *ver = vs->items[best];
    *ptr = tx_arena_printf(p->a, "/data_plan_versions/%ld/version_document", best);
    (void)d;
    return im_map(*ver, "version_document");
}

const char *tx_import_mparticle(tx_ctx *ctx, const char *const *paths, size_t n,
                                const tx_import_opts *opts, size_t *out_len)
{
    im_doc d;
    im_plan p;
    const char *base = im_open_one(ctx, paths, n, "mparticle", "data plan", &d, &p);
    if (!base)
        return NULL;
    mp m = { .p = &p, .c = { .plan = &p, .doc = &d } };
    const char *vptr;
    const yl_node *ver;
    const yl_node *vd = d.root && d.root->kind == YL_MAP ? pick_version(&p, &d, d.root, &vptr, &ver)
                                                         : NULL;
    const yl_node *points = vd ? im_seq(vd, "data_points") : NULL;
    if (!points) {
        im_not_format(&p, &d, d.root,
                      "'%s' is not an mParticle data plan: expected 'version_document.data_points' "
                      "(a data plan version) or 'data_plan_versions' (a data plan)", paths[0]);
        im_plan_done(&p);
        return NULL;
    }
    const char *pp = im_ptr(p.a, vptr, "data_points");
    for (uint32_t i = 0; i < points->n; i++)
        data_point(&m, points->items[i], im_ptr_index(p.a, pp, i));
    if (m.open_events)
        im_lost(&p, NULL, m.open_at->span, m.open_ptr,
                "%zu event%s custom attributes they do not list (additionalProperties is not "
                "false); a taxonomy event accepts only its own",
                m.open_events, m.open_events == 1 ? " accepts" : "s accept");
    im_plan_settle(&p);
    im_plan_conventions(&p);
    const char *id = im_str(yl_get(d.root, "data_plan_id"));
    if (!id && ver != d.root)
        id = im_str(yl_get(ver, "data_plan_id"));
    if (opts && opts->name)
        p.name = opts->name;
    else if (id)
        p.name = im_slug(p.a, id, strlen(id));
    else {
        const char *dot = strrchr(base, '.');
        p.name = im_slug(p.a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
    }
    const yl_node *vn = ver && ver->kind == YL_MAP ? yl_get(ver, "version") : NULL;
    if (opts && opts->version)
        p.version = opts->version;
    else if (vn && vn->kind == YL_SCALAR && vn->style == YL_PLAIN && strtol(vn->str, NULL, 10) > 0)
        p.version = tx_arena_printf(p.a, "%ld.0.0", strtol(vn->str, NULL, 10));
    const char *vdesc = ver ? im_str(yl_get(ver, "version_description")) : NULL;
    if (vdesc && *vdesc)
        p.description = vdesc;
    char *y = m.c.failed || ctx->diags.n_error ? NULL : im_write_yaml(&p, out_len);
    im_plan_done(&p);
    return y;
}
