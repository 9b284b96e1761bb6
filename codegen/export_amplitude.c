/* `taxonc export amplitude`: the two CSV files Amplitude Data imports
 * (Data > Events > import, and Properties > User Properties > import), with
 * the columns its ".CSV file schema reference" documents, so a plan kept
 * in git can be pushed into Amplitude. `taxonc import amplitude`
 * (compiler/import/amplitude.c) reads them back; export -> import ->
 * export is a fixed point.
 *
 * events.csv: per event, its row (Object Type `Event`, Object Name, Object
 * Owner, Object Description, Event Category) and then one `Event Property`
 * row per property it carries, flattened (direct ones, then its groups'),
 * with the property's value type and constraints:
 *   string -> string (pattern -> Property Regex, lengths), a string enum ->
 *   enum (Enum Values comma separated), integer -> number + Number Is
 *   Integer, number -> number (bounds), boolean, any, an array -> its item
 *   type + Property Is Array (Array Min/Max Items).
 * user_properties.csv: one `User Property` row per user property.
 *
 * What Amplitude cannot hold is a warning at the definition in the
 * taxonomy (code `amplitude-export`), once per property: object members,
 * null, enums of numbers or booleans, enum descriptions, formats (written
 * as their regular expression when there is no pattern), nullable, pii,
 * deprecated, triggers, property groups as such (their properties are
 * written into each event). RFC 4180 text, CRLF line ends, no BOM, no
 * formula guard (Amplitude would keep the apostrophe). */
#include "export_common.h"
#include "../compiler/sheet/csv.h"
#include <string.h>

static const char *const event_cols[] = {
    "Action", "Object Type", "Object Name", "Event Display Name", "Object Owner", "Object Description",
    "Event Category", "Tags", "Event Activity", "Event Source", "Property Type", "Property Group Names",
    "Event Property Name", "Property Description", "Property Value Type", "Property Required",
    "Property Is Array", "Enum Values", "Property Regex", "Const Value", "String Property Value Min Length",
    "String Property Value Max Length", "Number Property Value Min", "Number Property Value Max",
    "Number Is Integer", "Array Min Items", "Array Max Items", "Array Unique Items",
};
enum {
    E_ACTION, E_OBJECT_TYPE, E_OBJECT_NAME, E_DISPLAY, E_OWNER, E_DESC, E_CATEGORY, E_TAGS, E_ACTIVITY,
    E_SOURCE, E_PROPERTY_TYPE, E_GROUPS, E_PROPERTY_NAME, E__N_EVENT
};

static const char *const user_cols[] = {
    "Action", "Property Type", "Property Name", "Property Description", "Property Value Type",
    "Property Is Array", "Enum Values", "Property Regex", "Const Value", "String Property Value Min Length",
    "String Property Value Max Length", "Number Property Value Min", "Number Property Value Max",
    "Number Is Integer", "Array Min Items", "Array Max Items", "Array Unique Items",
};

/* The property part shared by both files, in this order. */
typedef struct pcells {
    const char *desc, *value_type, *required, *is_array, *enums, *regex, *cnst, *min_len, *max_len, *min,
        *max, *is_int, *min_items, *max_items, *unique;
} pcells;

typedef struct actx {
    tx_arena *a;
    tx_diags *d;
    const tx_taxonomy *t;
    bool *warned;       /* per property index */
} actx;

static void row(tx_sb *sb, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            tx_sb_addc(sb, ',');
        tx_csv_field(sb, cells[i] ? cells[i] : "", cells[i] ? strlen(cells[i]) : 0, 0);
    }
    tx_sb_adds(sb, "\r\n");
}

static void warn(actx *x, const tx_property *p, tx_span sp, const char *fmt, const char *arg)
{
    tx_diag_add(x->d, TX_SEV_WARNING, "amplitude-export", sp, fmt, p->name, arg ? arg : "");
}

static const char *num_text(actx *x, const tx_num *n)
{
    if (!n || !n->set)
        return NULL;
    if (n->text)
        return n->text;
    return n->is_int ? tx_arena_printf(x->a, "%lld", (long long)n->i) : tx_arena_printf(x->a, "%.17g", n->d);
}

static const char *count_text(actx *x, int64_t v)
{
    return v < 0 ? NULL : tx_arena_printf(x->a, "%lld", (long long)v);
}

/* Issue 16's kinds Amplitude has no value type for: a union is written
 * as its first branch, null as any (each with a warning when `report`). */
static tx_eff amplitude_view(actx *x, const tx_property *p, tx_span sp, bool report, const tx_type *t)
{
    tx_eff e = tx_eff_of(t);
    if (e.base == TX_UNION && e.n_branches) {
        tx_eff u = e;
        e = tx_eff_of(e.branches[0]);
        if (report)
            warn(x, p, sp, "property '%s': a union is written as its first branch, %s", e.ref ? e.ref
                 : tx_base_name(e.base));
        if (u.n_enum && report)
            warn(x, p, sp, "property '%s': the union's enum is lost%s", NULL);
        e.nullable |= u.nullable;
    } else if (e.base == TX_NULL && report) {
        warn(x, p, sp, "property '%s': null is written as any (Amplitude has no null type)%s", NULL);
    }
    return e;
}

/* The value type and constraints of a property's type t; warnings (when
 * `report`) at sp for what the cells cannot say. */
static void type_cells(actx *x, const tx_property *p, const tx_type *t, tx_span sp, bool report, pcells *c)
{
    tx_eff e = amplitude_view(x, p, sp, report, t);
    if (e.base == TX_ARRAY) {
        c->is_array = "TRUE";
        c->min_items = count_text(x, e.min_items);
        c->max_items = count_text(x, e.max_items);
        if (e.nullable && report)
            warn(x, p, sp, "property '%s': nullable is lost in Amplitude%s", NULL);
        const tx_type *it = e.items;
        if (it && (it->base == TX_ARRAY || it->base == TX_OBJECT) && report)
            warn(x, p, sp, "property '%s': an array of %ss is written as an array of any", tx_base_name(it->base));
        if (it && (it->base == TX_ARRAY || it->base == TX_OBJECT)) {
            c->value_type = "any";
            return;
        }
        if (!it) {
            c->value_type = "any";
            return;
        }
        e = amplitude_view(x, p, sp, report, it);
        if (e.base == TX_ARRAY || e.base == TX_OBJECT) {   /* a union's first branch */
            if (report)
                warn(x, p, sp, "property '%s': an array of %ss is written as an array of any",
                     tx_base_name(e.base));
            c->value_type = "any";
            return;
        }
    } else
        c->is_array = "FALSE";
    if (e.nullable && report)
        warn(x, p, sp, "property '%s': nullable is lost in Amplitude%s", NULL);
    bool descs = false;
    for (size_t i = 0; i < e.n_enum; i++)
        descs |= e.enums[i].description != NULL;
    if (descs && report)
        warn(x, p, sp, "property '%s': enum value descriptions are lost in Amplitude%s", NULL);
    switch (e.base) {
    case TX_STRING: {
        const char *re = e.pattern;
        if (e.format != TX_FMT_NONE) {
            if (!re) {
                re = tx_exp_format_regex(x->a, e.t);
                if (report)
                    warn(x, p, sp, "property '%s': format '%s' is written as its regular expression", e.format_text);
            } else if (report)
                warn(x, p, sp, "property '%s': format '%s' is lost (Amplitude has one regex, the pattern is kept)",
                     e.format_text);
        }
        c->regex = re;
        if (e.n_enum) {
            c->value_type = "enum";
            tx_sb sb = TX_SB_INIT;
            for (size_t i = 0; i < e.n_enum; i++) {
                const char *v = e.enums[i].str;
                size_t n = strlen(v);
                if (report && (strchr(v, ',') || !n || v[0] == ' ' || v[n - 1] == ' '))
                    warn(x, p, sp, "property '%s': enum value '%s' cannot be written in Amplitude's "
                                   "comma-separated Enum Values", v);
                if (i)
                    tx_sb_addc(&sb, ',');
                tx_sb_adds(&sb, v);
            }
            c->enums = tx_arena_strndup(x->a, sb.buf ? sb.buf : "", sb.len);
            tx_sb_release(&sb);
            if ((e.min_length >= 0 || e.max_length >= 0) && report)
                warn(x, p, sp, "property '%s': length bounds next to an enum are lost%s", NULL);
        } else {
            c->value_type = "string";
            c->min_len = count_text(x, e.min_length);
            c->max_len = count_text(x, e.max_length);
        }
        break;
    }
    case TX_INTEGER:
    case TX_NUMBER:
        c->value_type = "number";
        c->is_int = e.base == TX_INTEGER ? "TRUE" : "FALSE";
        c->min = num_text(x, e.min);
        c->max = num_text(x, e.max);
        if (e.n_enum && report)
            warn(x, p, sp, "property '%s': an enum of %ss is lost (Amplitude enums hold text)",
                 tx_base_name(e.base));
        break;
    case TX_BOOLEAN:
        c->value_type = "boolean";
        if (e.n_enum && report)
            warn(x, p, sp, "property '%s': an enum of booleans is lost%s", NULL);
        break;
    case TX_OBJECT:
        if (e.open) {
            /* Amplitude's object: any members, as an open object */
            c->value_type = "object";
            if (e.n_fields && report)
                warn(x, p, sp, "property '%s': an object's members are lost (Amplitude's object lists "
                               "none)%s", NULL);
            if (e.additional && report)
                warn(x, p, sp, "property '%s': the type of an open object's other members is lost%s",
                     NULL);
            break;
        }
        c->value_type = "any";
        if (report)
            warn(x, p, sp, "property '%s': an object's members are lost (Amplitude's CSV has no object type)%s",
                 NULL);
        break;
    default:
        c->value_type = "any";
        break;
    }
}

static void prop_meta_warnings(actx *x, const tx_property *p)
{
    if (p->meta.deprecated)
        warn(x, p, p->span, "property '%s': deprecated is lost in Amplitude%s", NULL);
    if (p->meta.pii)
        warn(x, p, p->span, "property '%s': pii is lost in Amplitude%s", NULL);
    if (p->meta.owner)
        warn(x, p, p->span, "property '%s': owner '%s' is lost (Amplitude properties have no owner)",
             p->meta.owner);
}

static pcells prop_cells(actx *x, const tx_property *p)
{
    pcells c = { 0 };
    bool report = !x->warned[p->index];
    x->warned[p->index] = true;
    c.desc = p->meta.description;
    type_cells(x, p, p->type, p->span, report, &c);
    if (report)
        prop_meta_warnings(x, p);
    return c;
}

/* An event's property: the slot's own type (a per-event variant, issue 16,
 * is written in that event's row, as Amplitude keeps a property's
 * constraints per event; its warnings are at the event's definition). */
static pcells slot_cells(actx *x, const tx_event_prop *ep)
{
    if (!ep->variant)
        return prop_cells(x, ep->prop);
    pcells c = { 0 };
    tx_meta buf;
    c.desc = tx_exp_slot_meta(ep, &buf)->description;
    type_cells(x, ep->prop, ep->type, ep->span, true, &c);
    if (!x->warned[ep->prop->index]) {
        x->warned[ep->prop->index] = true;
        prop_meta_warnings(x, ep->prop);
    }
    return c;
}

static void event_warnings(actx *x, const tx_event *e)
{
    const char *what = e->meta.deprecated ? "deprecated" : NULL;
    if (what)
        tx_diag_add(x->d, TX_SEV_WARNING, "amplitude-export", e->span, "event '%s': deprecated is lost in Amplitude",
                    e->name);
    if (e->trigger)
        tx_diag_add(x->d, TX_SEV_WARNING, "amplitude-export", e->span, "event '%s': its trigger is lost in Amplitude",
                    e->name);
    if (e->meta.pii)
        tx_diag_add(x->d, TX_SEV_WARNING, "amplitude-export", e->span, "event '%s': pii is lost in Amplitude",
                    e->name);
    if (e->n_iglu_versions || e->iglu_vendor)
        tx_diag_add(x->d, TX_SEV_WARNING, "amplitude-export", e->span, "event '%s': its iglu schemas are lost",
                    e->name);
}

void tx_export_amplitude(tx_sb *events, tx_sb *users, tx_arena *a, const tx_taxonomy *t, tx_diags *d)
{
    size_t np = t->n_props + t->n_local_props + 1;     /* locals count on from n_props */
    actx x = { a, d, t, tx_arena_alloc(a, np) };
    memset(x.warned, 0, np);
    size_t ne = sizeof event_cols / sizeof event_cols[0];
    row(events, event_cols, ne);
    const char **cells = tx_arena_alloc(a, ne * sizeof *cells);
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        memset(cells, 0, ne * sizeof *cells);
        cells[E_OBJECT_TYPE] = "Event";
        cells[E_OBJECT_NAME] = e->name;
        cells[E_OWNER] = e->meta.owner;
        cells[E_DESC] = e->meta.description;
        cells[E_CATEGORY] = e->category;
        row(events, cells, ne);
        event_warnings(&x, e);
        for (size_t k = 0; k < e->n_props; k++) {
            const tx_event_prop *ep = &e->props[k];
            pcells c = slot_cells(&x, ep);
            memset(cells, 0, ne * sizeof *cells);
            cells[E_PROPERTY_TYPE] = "Event Property";
            cells[E_PROPERTY_NAME] = ep->prop->name;
            const char *const rest[] = { c.desc,      c.value_type, ep->required ? "TRUE" : "FALSE",
                                         c.is_array,  c.enums,      c.regex,
                                         c.cnst,      c.min_len,    c.max_len,
                                         c.min,       c.max,        c.is_int,
                                         c.min_items, c.max_items,  c.unique };
            memcpy(cells + E_PROPERTY_NAME + 1, rest, sizeof rest);
            row(events, cells, ne);
        }
    }
    if (t->n_groups)
        tx_diag_add(d, TX_SEV_WARNING, "amplitude-export", t->groups[0].span,
                    "property groups are written into the events that use them (%zu group%s)", t->n_groups,
                    t->n_groups == 1 ? "" : "s");

    size_t nu = sizeof user_cols / sizeof user_cols[0];
    row(users, user_cols, nu);
    for (size_t i = 0; i < t->n_user_props; i++) {
        const tx_property *p = t->user_props[i];
        pcells c = prop_cells(&x, p);
        const char *const r[] = { NULL,    "User Property", p->name,   c.desc,      c.value_type, c.is_array,
                                  c.enums, c.regex,         c.cnst,    c.min_len,   c.max_len,    c.min,
                                  c.max,   c.is_int,        c.min_items, c.max_items, c.unique };
        row(users, r, nu);
    }
}
