/* `taxonc import amplitude`: Amplitude Data's tracking-plan CSV files ->
 * an im_plan (im.h) -> taxonomy YAML.
 *
 * The files are the ones Amplitude Data imports and exports, as its ".CSV
 * file schema reference" (help article "CSV import and export", section
 * "Events and event properties file schema" and "User properties file
 * schema") documents them:
 *  - the events file: one row per entity. An `Object Type` of `Event` (or
 *    `Property Group`) opens an entity named by `Object Name`; the rows
 *    below it with `Property Type` `Event Property` are its properties
 *    (`Event Property Name`, value type, required, constraints), a row with
 *    `Event Property Group` pulls in the groups named in `Property Group
 *    Names`. The two parts may share a row.
 *  - the user properties file: one `User Property` row per property
 *    (`Property Name`).
 * Which file is which is told by its header, so they may come in any order.
 * Headers are matched without regard to case or spacing (the reference
 * itself writes both "Object Description" and "Object description").
 *
 * Mapping, in short (docs/import.md has the table): value types string,
 * number (+ `Number Is Integer`), integer, boolean, any (or blank), enum
 * (`Enum Values`, comma separated), const (`Const Value`, a one-value
 * enum), object (open); `Property Is Array` wraps the type in an array with
 * the `Array Min/Max Items`; `Property Regex` is the pattern, the string
 * and number bounds are kept. Property groups are flattened into the
 * events that use them (an event's own row wins). Everything the format
 * cannot hold (display names, tags, sources, activity and schema status,
 * visibility, unique items, a `Remove` action) is a loss: a warning at the
 * cell and a `# lost:` comment. Observations (first/last seen, 30-day
 * volume and queries) are not part of a plan and are skipped silently.
 *
 * Problems with the files themselves (not CSV, not UTF-8, a missing
 * column, an unknown Object Type) are errors at the cell; the caller
 * writes nothing then. */
#include "amplitude.h"
#include "../sheet/csv.h"
#include "../../support/util.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- columns ---------------------------------------------------------------------------- */

typedef enum acol {
    A_ACTION, A_OBJECT_TYPE, A_OBJECT_NAME, A_DISPLAY_NAME, A_OWNER, A_OBJECT_DESC, A_CATEGORY,
    A_TAGS, A_EVENT_STATUS, A_ACTIVITY, A_HIDDEN_DROPDOWNS, A_HIDDEN_PERSONA, A_HIDDEN_PATHFINDER,
    A_HIDDEN_TIMELINE, A_SOURCE, A_VOLUME, A_QUERIES, A_EVENT_FIRST, A_EVENT_LAST, A_PROPERTY_TYPE,
    A_GROUP_NAMES, A_EVENT_PROPERTY_NAME, A_PROPERTY_NAME, A_PROP_DESC, A_PROP_CATEGORY, A_VALUE_TYPE,
    A_PROP_STATUS, A_REQUIRED, A_VISIBILITY, A_IS_ARRAY, A_STR_MIN, A_STR_MAX, A_IS_INTEGER, A_NUM_MIN,
    A_NUM_MAX, A_UNIQUE, A_ITEMS_MIN, A_ITEMS_MAX, A_ENUM, A_CONST, A_REGEX, A_PROP_FIRST, A_PROP_LAST,
    A__N
} acol;

/* How a column is read: mapped into the plan, kept only when it says
 * more than its default (else a loss), or an observation (skipped). */
typedef enum akind { K_MAPPED, K_LOSSY, K_OBSERVED } akind;

static const struct {
    acol c;
    const char *name;       /* as Amplitude writes it */
    akind kind;
    const char *dflt;       /* K_LOSSY: values that say nothing ("|"-separated, lowercase) */
} columns[A__N] = {
    { A_ACTION, "Action", K_MAPPED, NULL },
    { A_OBJECT_TYPE, "Object Type", K_MAPPED, NULL },
    { A_OBJECT_NAME, "Object Name", K_MAPPED, NULL },
    { A_DISPLAY_NAME, "Event Display Name", K_LOSSY, "" },
    { A_OWNER, "Object Owner", K_MAPPED, NULL },
    { A_OBJECT_DESC, "Object Description", K_MAPPED, NULL },
    { A_CATEGORY, "Event Category", K_MAPPED, NULL },
    { A_TAGS, "Tags", K_LOSSY, "" },
    { A_EVENT_STATUS, "Event Schema Status", K_LOSSY, "|live|planned" },
    { A_ACTIVITY, "Event Activity", K_LOSSY, "|active" },
    { A_HIDDEN_DROPDOWNS, "Event Hidden From Dropdowns", K_LOSSY, "|false" },
    { A_HIDDEN_PERSONA, "Event Hidden From Persona Results", K_LOSSY, "|false" },
    { A_HIDDEN_PATHFINDER, "Event Hidden From Pathfinder", K_LOSSY, "|false" },
    { A_HIDDEN_TIMELINE, "Event Hidden From Timeline", K_LOSSY, "|false" },
    { A_SOURCE, "Event Source", K_LOSSY, "" },
    { A_VOLUME, "Event 30 Day Volume", K_OBSERVED, NULL },
    { A_QUERIES, "Event 30 Day Queries", K_OBSERVED, NULL },
    { A_EVENT_FIRST, "Event First Seen", K_OBSERVED, NULL },
    { A_EVENT_LAST, "Event Last Seen", K_OBSERVED, NULL },
    { A_PROPERTY_TYPE, "Property Type", K_MAPPED, NULL },
    { A_GROUP_NAMES, "Property Group Names", K_MAPPED, NULL },
    { A_EVENT_PROPERTY_NAME, "Event Property Name", K_MAPPED, NULL },
    { A_PROPERTY_NAME, "Property Name", K_MAPPED, NULL },
    { A_PROP_DESC, "Property Description", K_MAPPED, NULL },
    { A_PROP_CATEGORY, "Property Category", K_LOSSY, "" },
    { A_VALUE_TYPE, "Property Value Type", K_MAPPED, NULL },
    { A_PROP_STATUS, "Property Schema Status", K_LOSSY, "|live|planned" },
    { A_REQUIRED, "Property Required", K_MAPPED, NULL },
    { A_VISIBILITY, "Property Visibility", K_LOSSY, "|visible" },
    { A_IS_ARRAY, "Property Is Array", K_MAPPED, NULL },
    { A_STR_MIN, "String Property Value Min Length", K_MAPPED, NULL },
    { A_STR_MAX, "String Property Value Max Length", K_MAPPED, NULL },
    { A_IS_INTEGER, "Number Is Integer", K_MAPPED, NULL },
    { A_NUM_MIN, "Number Property Value Min", K_MAPPED, NULL },
    { A_NUM_MAX, "Number Property Value Max", K_MAPPED, NULL },
    { A_UNIQUE, "Array Unique Items", K_MAPPED, NULL },
    { A_ITEMS_MIN, "Array Min Items", K_MAPPED, NULL },
    { A_ITEMS_MAX, "Array Max Items", K_MAPPED, NULL },
    { A_ENUM, "Enum Values", K_MAPPED, NULL },
    { A_CONST, "Const Value", K_MAPPED, NULL },
    { A_REGEX, "Property Regex", K_MAPPED, NULL },
    { A_PROP_FIRST, "Property First Seen", K_OBSERVED, NULL },
    { A_PROP_LAST, "Property Last Seen", K_OBSERVED, NULL },
};

/* The columns each file must have (the reference asks for all of its
 * columns; these are the ones nothing can be read without). */
static const acol events_needs[] = { A_OBJECT_TYPE, A_OBJECT_NAME, A_PROPERTY_TYPE, A_EVENT_PROPERTY_NAME };
static const acol users_needs[] = { A_PROPERTY_TYPE, A_PROPERTY_NAME };

/* ---- state --------------------------------------------------------------------------------- */

typedef struct agroup_prop {
    const char *name;
    im_type *type;
    im_meta meta;
    bool required;
} agroup_prop;

typedef struct agroup {
    const char *name;
    TX_VEC(agroup_prop) props;
} agroup;

typedef struct aref {           /* an event pulls in a group */
    im_event *ev;
    const char *group;
    tx_span span;
    size_t line;
} aref;

typedef struct actx {
    im_plan *p;
    tx_ctx *ctx;
    tx_arena *a;
    uint32_t file;
    const char *path;
    int col[A__N];
    const tx_csv_row *row;      /* the row being read */
    size_t line;                /* its first line */
    TX_VEC(agroup) groups;
    TX_VEC(aref) refs;
    tx_strmap events;           /* name -> im_event* (not owned) */
    bool ok;
} actx;

/* ---- small helpers ----------------------------------------------------------------------------- */

static const char *cell(const actx *x, acol c) { return tx_csv_at(x->row, x->col[c])->s; }

static tx_span cell_span(const actx *x, acol c)
{
    const tx_csv_cell *cl = tx_csv_at(x->row, x->col[c]);
    if (x->col[c] < 0 || (size_t)x->col[c] >= x->row->n)
        return (tx_span){ x->file, x->row->start, x->row->start };
    return (tx_span){ x->file, cl->start, cl->end > cl->start ? cl->end : cl->start };
}

/* "line 7, column Tags": where a cell is, for messages and comments. */
static const char *where(actx *x, acol c)
{
    return tx_arena_printf(x->a, "line %zu, column %s", x->line, columns[c].name);
}

/* What is wrong with cell c: an error (the caller then writes nothing),
 * or a loss recorded in notes. */
static void report(actx *x, bool error, im_strs *notes, acol c, const char *fmt, va_list ap)
{
    char *m = tx_arena_vprintf(x->a, fmt, ap);
    if (!error) {
        im_lost(x->p, notes, cell_span(x, c), where(x, c), "%s", m);
        return;
    }
    tx_diag_add(&x->ctx->diags, TX_SEV_ERROR, "amplitude-csv", cell_span(x, c), "%s, %s", m, where(x, c));
    x->ok = false;
}

static void err(actx *x, acol c, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(actx *x, acol c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(x, true, NULL, c, fmt, ap);
    va_end(ap);
}

static void lost(actx *x, im_strs *notes, acol c, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void lost(actx *x, im_strs *notes, acol c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(x, false, notes, c, fmt, ap);
    va_end(ap);
}

static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

/* Header text compared without case and with runs of spaces/underscores as one. */
static bool header_is(const char *h, const char *name)
{
    for (;;) {
        while (*h == ' ' || *h == '_')
            h++;
        while (*name == ' ')
            name++;
        if (!*h || !*name)
            return !*h && !*name;
        if (tolower((unsigned char)*h) != tolower((unsigned char)*name))
            return false;
        h++, name++;
    }
}

/* A documented default ("|live|planned": empty, LIVE, PLANNED). */
static bool is_default(const char *v, const char *dflts)
{
    if (!*v)
        return true;
    for (const char *d = dflts; d && *d;) {
        d++;                            /* past '|' */
        const char *e = strchr(d, '|');
        size_t n = e ? (size_t)(e - d) : strlen(d);
        if (strlen(v) == n) {
            size_t i = 0;
            while (i < n && tolower((unsigned char)v[i]) == d[i])
                i++;
            if (i == n)
                return true;
        }
        if (!e)
            break;
        d = e;
    }
    return false;
}

/* TRUE / FALSE cells; anything else is an error. Blank is false. */
static bool flag(actx *x, acol c)
{
    const char *v = cell(x, c);
    if (!*v || ieq(v, "false"))
        return false;
    if (ieq(v, "true"))
        return true;
    err(x, c, "expected TRUE or FALSE, not '%s'", v);
    return false;
}

/* A plain decimal number (what the YAML format accepts); *v NULL when blank. */
static bool number(actx *x, acol c, bool int_only, const char **v)
{
    const char *s = cell(x, c);
    *v = NULL;
    if (!*s)
        return true;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    bool digits = false, frac = false;
    while (isdigit((unsigned char)*p))
        p++, digits = true;
    if (*p == '.') {
        frac = true;
        p++;
        while (isdigit((unsigned char)*p))
            p++, digits = true;
    }
    if (digits && (*p == 'e' || *p == 'E')) {
        frac = true;
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!isdigit((unsigned char)*p))
            digits = false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (!digits || *p || (int_only && frac)) {
        err(x, c, "expected %s, not '%s'", int_only ? "a whole number" : "a number", s);
        return false;
    }
    *v = s[0] == '+' ? s + 1 : s;
    return true;
}

static bool count(actx *x, acol c, int64_t *out)
{
    const char *v;
    *out = -1;
    if (!number(x, c, true, &v) || !v)
        return false;
    errno = 0;
    long long n = strtoll(v, NULL, 10);
    if (errno || n < 0) {
        err(x, c, "expected a count (0 or more), not '%s'", v);
        return false;
    }
    *out = n;
    return true;
}

/* "a, b ,c" -> [a, b, c]; empty items are dropped. */
static void split_list(tx_arena *a, const char *s, im_strs *out)
{
    while (*s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        const char *b = s;
        while (n && (*b == ' ' || *b == '\t'))
            b++, n--;
        while (n && (b[n - 1] == ' ' || b[n - 1] == '\t'))
            n--;
        if (n)
            TX_PUSH(a, *out, tx_arena_strndup(a, b, n));
        if (!e)
            break;
        s = e + 1;
    }
}

/* ---- a property's type from its row ------------------------------------------------------------ */

static im_type *row_type(actx *x, im_strs *notes)
{
    const char *vt = cell(x, A_VALUE_TYPE);
    bool is_int = flag(x, A_IS_INTEGER);
    const char *base;
    bool is_enum = false, is_const = false;
    if (!*vt || ieq(vt, "any"))
        base = "any";
    else if (ieq(vt, "string"))
        base = "string";
    else if (ieq(vt, "number"))
        base = is_int ? "integer" : "number";
    else if (ieq(vt, "integer"))
        base = "integer";
    else if (ieq(vt, "boolean"))
        base = "boolean";
    else if (ieq(vt, "enum"))
        base = "string", is_enum = true;
    else if (ieq(vt, "const"))
        base = "string", is_const = true;
    else if (ieq(vt, "object"))
        base = "object";
    else if (ieq(vt, "null"))
        base = "null";
    else {
        err(x, A_VALUE_TYPE, "unknown value type '%s'; expected string, number, boolean, any, enum or const", vt);
        return NULL;
    }
    if (is_int && strcmp(base, "integer") != 0)
        lost(x, notes, A_IS_INTEGER, "Number Is Integer on a '%s' property", vt);
    im_type *t = im_type_new(x->a, base);
    bool str = strcmp(base, "string") == 0, num = !strcmp(base, "integer") || !strcmp(base, "number");
    if (!strcmp(base, "object"))
        t->additional = IM_OPEN;        /* the CSV never lists an object's members */

    /* enum / const */
    const char *ev = cell(x, A_ENUM), *cv = cell(x, A_CONST);
    if (is_const) {
        if (!*cv)
            err(x, A_CONST, "a const property without a Const Value");
        else
            TX_PUSH(x->a, t->enums, ((im_enum){ cv, NULL, true }));
    } else if (*cv)
        lost(x, notes, A_CONST, "Const Value '%s' on a '%s' property", cv, *vt ? vt : "any");
    if (*ev && (is_enum || str)) {
        im_strs vals = { 0 };
        split_list(x->a, ev, &vals);
        for (size_t i = 0; i < vals.n; i++) {
            bool dup = false;
            for (size_t k = 0; k < t->enums.n && !dup; k++)
                dup = strcmp(t->enums.items[k].val, vals.items[i]) == 0;
            if (dup)
                lost(x, notes, A_ENUM, "enum value '%s' listed twice", vals.items[i]);
            else
                TX_PUSH(x->a, t->enums, ((im_enum){ vals.items[i], NULL, true }));
        }
    } else if (*ev)
        lost(x, notes, A_ENUM, "Enum Values on a '%s' property", *vt ? vt : "any");
    if (is_enum && !t->enums.n && !*ev)
        err(x, A_ENUM, "an enum property without Enum Values");

    /* strings */
    const char *re = cell(x, A_REGEX);
    if (*re && str)
        t->pattern = re;
    else if (*re)
        lost(x, notes, A_REGEX, "Property Regex on a '%s' property", *vt ? vt : "any");
    int64_t lo, hi;
    count(x, A_STR_MIN, &lo);
    count(x, A_STR_MAX, &hi);
    if (str && !t->enums.n)
        t->min_len = lo, t->max_len = hi;
    else {
        if (lo >= 0)
            lost(x, notes, A_STR_MIN, "a min length on a '%s' property", *vt ? vt : "any");
        if (hi >= 0)
            lost(x, notes, A_STR_MAX, "a max length on a '%s' property", *vt ? vt : "any");
    }

    /* numbers */
    const char *nlo, *nhi;
    bool int_b = !strcmp(base, "integer");
    number(x, A_NUM_MIN, int_b, &nlo);
    number(x, A_NUM_MAX, int_b, &nhi);
    if (num)
        t->min = nlo, t->max = nhi;
    else {
        if (nlo)
            lost(x, notes, A_NUM_MIN, "a minimum on a '%s' property", *vt ? vt : "any");
        if (nhi)
            lost(x, notes, A_NUM_MAX, "a maximum on a '%s' property", *vt ? vt : "any");
    }

    /* arrays */
    int64_t ilo, ihi;
    count(x, A_ITEMS_MIN, &ilo);
    count(x, A_ITEMS_MAX, &ihi);
    const char *uq = cell(x, A_UNIQUE);
    bool unique = ieq(uq, "true");
    if (flag(x, A_IS_ARRAY)) {
        im_type *arr = im_type_new(x->a, "array");
        arr->items = t;
        arr->min_items = ilo;
        arr->max_items = ihi;
        if (unique)
            lost(x, notes, A_UNIQUE, "Array Unique Items (taxonomy arrays cannot require unique items)");
        return arr;
    }
    if (ilo >= 0)
        lost(x, notes, A_ITEMS_MIN, "Array Min Items on a property that is not an array");
    if (ihi >= 0)
        lost(x, notes, A_ITEMS_MAX, "Array Max Items on a property that is not an array");
    if (unique)
        lost(x, notes, A_UNIQUE, "Array Unique Items on a property that is not an array");
    return t;
}

/* Lossy columns of this row that hold more than their default. */
static void lossy_cells(actx *x, im_strs *notes, const acol *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *v = cell(x, cols[i]);
        if (!is_default(v, columns[cols[i]].dflt))
            lost(x, notes, cols[i], "%s '%s'", columns[cols[i]].name, v);
    }
}

/* ---- the events file ---------------------------------------------------------------------------- */

static const acol event_lossy[] = { A_DISPLAY_NAME, A_TAGS, A_EVENT_STATUS, A_ACTIVITY, A_HIDDEN_DROPDOWNS,
                                    A_HIDDEN_PERSONA, A_HIDDEN_PATHFINDER, A_HIDDEN_TIMELINE, A_SOURCE };
static const acol prop_lossy[] = { A_PROP_CATEGORY, A_PROP_STATUS, A_VISIBILITY };

typedef enum { CUR_NONE, CUR_EVENT, CUR_GROUP, CUR_SKIP } curkind;

static void add_refs(actx *x, im_event *ev)
{
    im_strs names = { 0 };
    split_list(x->a, cell(x, A_GROUP_NAMES), &names);
    for (size_t i = 0; i < names.n; i++)
        TX_PUSH(x->a, x->refs, ((aref){ ev, names.items[i], cell_span(x, A_GROUP_NAMES), x->line }));
}

/* Steps *ri to the next row that is not blank, setting x->row and x->line;
 * false after the last. */
static bool next_row(actx *x, const tx_csv_rows *rows, size_t *ri)
{
    while (++*ri < rows->n) {
        x->row = &rows->items[*ri];
        x->line = tx_span_loc(&x->ctx->sources, (tx_span){ x->file, x->row->start, x->row->start }).line;
        if (!tx_csv_row_blank(x->row))
            return true;
    }
    return false;
}

static void read_events(actx *x, const tx_csv_rows *rows, size_t header)
{
    curkind cur = CUR_NONE;
    im_event *ev = NULL;
    agroup *grp = NULL;
    for (size_t ri = header; next_row(x, rows, &ri);) {
        const char *action = cell(x, A_ACTION);
        bool remove = ieq(action, "remove");
        if (*action && !remove && !ieq(action, "ignore"))
            err(x, A_ACTION, "unknown Action '%s'; expected Ignore, Remove or nothing", action);
        const char *ot = cell(x, A_OBJECT_TYPE), *on = cell(x, A_OBJECT_NAME);
        if (*ot) {
            if (!*on) {
                err(x, A_OBJECT_NAME, "an %s row without an Object Name", ot);
                cur = CUR_SKIP;
            } else if (remove) {
                lost(x, &x->p->notes, A_ACTION, "%s '%s' has Action Remove; it is left out", ot, on);
                cur = CUR_SKIP;
            } else if (ieq(ot, "event")) {
                bool found;
                tx_strmap_slot *s = tx_strmap_put(&x->events, on, strlen(on), &found);
                if (found) {
                    tx_diag_add(&x->ctx->diags, TX_SEV_WARNING, "amplitude-csv", cell_span(x, A_OBJECT_NAME),
                                "event '%s' is listed again; its rows are merged, %s", on,
                                where(x, A_OBJECT_NAME));
                    ev = s->val;
                } else {
                    ev = im_event_add(x->p, on);
                    s->val = ev;
                }
                if (*cell(x, A_OBJECT_DESC) && !ev->meta.desc)
                    ev->meta.desc = cell(x, A_OBJECT_DESC);
                if (*cell(x, A_CATEGORY) && !ev->category)
                    ev->category = cell(x, A_CATEGORY);
                if (*cell(x, A_OWNER) && !ev->meta.owner)
                    ev->meta.owner = cell(x, A_OWNER);
                lossy_cells(x, &ev->notes, event_lossy, sizeof event_lossy / sizeof event_lossy[0]);
                cur = CUR_EVENT;
            } else if (ieq(ot, "property group")) {
                grp = NULL;
                for (size_t i = 0; i < x->groups.n && !grp; i++)
                    if (strcmp(x->groups.items[i].name, on) == 0)
                        grp = &x->groups.items[i];
                if (!grp) {
                    TX_PUSH(x->a, x->groups, ((agroup){ on, { 0 } }));
                    grp = &x->groups.items[x->groups.n - 1];
                }
                if (*cell(x, A_OBJECT_DESC))
                    lost(x, &x->p->notes, A_OBJECT_DESC, "property group '%s': description '%s' (groups are "
                         "flattened into their events)", on, cell(x, A_OBJECT_DESC));
                cur = CUR_GROUP;
            } else {
                err(x, A_OBJECT_TYPE, "unknown Object Type '%s'; expected Event or Property Group", ot);
                cur = CUR_SKIP;
            }
        }
        const char *pt = cell(x, A_PROPERTY_TYPE);
        if (!*pt) {
            if (!*ot && *cell(x, A_EVENT_PROPERTY_NAME))
                err(x, A_PROPERTY_TYPE, "a property row without a Property Type; expected Event Property");
            continue;
        }
        if (cur == CUR_SKIP)
            continue;
        if (ieq(pt, "event property group")) {
            if (cur != CUR_EVENT)
                err(x, A_PROPERTY_TYPE, "an Event Property Group row with no Event row above it");
            else if (remove)
                lost(x, &ev->notes, A_ACTION, "the groups '%s' have Action Remove; they are left out",
                     cell(x, A_GROUP_NAMES));
            else
                add_refs(x, ev);
            continue;
        }
        if (!ieq(pt, "event property")) {
            err(x, A_PROPERTY_TYPE, "unknown Property Type '%s'; expected Event Property or Event Property Group", pt);
            continue;
        }
        const char *pn = cell(x, A_EVENT_PROPERTY_NAME);
        if (!*pn) {
            err(x, A_EVENT_PROPERTY_NAME, "an Event Property row without an Event Property Name");
            continue;
        }
        if (cur == CUR_NONE) {
            err(x, A_PROPERTY_TYPE, "event property '%s' has no Event or Property Group row above it", pn);
            continue;
        }
        im_strs *notes = cur == CUR_EVENT ? &ev->notes : &x->p->notes;
        if (remove) {
            lost(x, notes, A_ACTION, "property '%s' has Action Remove; it is left out", pn);
            continue;
        }
        im_type *t = row_type(x, notes);
        lossy_cells(x, notes, prop_lossy, sizeof prop_lossy / sizeof prop_lossy[0]);
        bool req = flag(x, A_REQUIRED);
        if (!t)
            continue;
        im_meta m = { 0 };
        if (*cell(x, A_PROP_DESC))
            m.desc = cell(x, A_PROP_DESC);
        if (cur == CUR_EVENT)
            im_use_add(x->p, ev, pn, t, &m, req, false);
        else
            TX_PUSH(x->a, grp->props, ((agroup_prop){ pn, t, m, req }));
    }
}

/* Groups go into the events that name them, after the event's own rows
 * (its own entry for a name wins, then the first group's). */
static void flatten_groups(actx *x)
{
    for (size_t i = 0; i < x->refs.n; i++) {
        const aref *r = &x->refs.items[i];
        const agroup *g = NULL;
        for (size_t k = 0; k < x->groups.n && !g; k++)
            if (strcmp(x->groups.items[k].name, r->group) == 0)
                g = &x->groups.items[k];
        if (!g) {
            tx_diag_add(&x->ctx->diags, TX_SEV_ERROR, "amplitude-csv", r->span,
                        "event '%s' names the property group '%s', which has no Property Group rows, line %zu, "
                        "column Property Group Names", r->ev->name, r->group, r->line);
            x->ok = false;
            continue;
        }
        for (size_t k = 0; k < g->props.n; k++) {
            const agroup_prop *gp = &g->props.items[k];
            bool has = false;
            for (size_t u = 0; u < r->ev->props.n && !has; u++)
                has = strcmp(x->p->props.items[r->ev->props.items[u].prop].name, gp->name) == 0;
            if (!has)
                im_use_add(x->p, r->ev, gp->name, gp->type, &gp->meta, gp->required, false);
        }
    }
}

/* ---- the user properties file ---------------------------------------------------------------------- */

static void read_users(actx *x, const tx_csv_rows *rows, size_t header)
{
    for (size_t ri = header; next_row(x, rows, &ri);) {
        const char *action = cell(x, A_ACTION);
        const char *pt = cell(x, A_PROPERTY_TYPE), *pn = cell(x, A_PROPERTY_NAME);
        if (*action && !ieq(action, "remove") && !ieq(action, "ignore")) {
            err(x, A_ACTION, "unknown Action '%s'; expected Ignore, Remove or nothing", action);
            continue;
        }
        if (!ieq(pt, "user property")) {
            err(x, A_PROPERTY_TYPE, "unknown Property Type '%s'; expected User Property", pt);
            continue;
        }
        if (!*pn) {
            err(x, A_PROPERTY_NAME, "a User Property row without a Property Name");
            continue;
        }
        if (ieq(action, "remove")) {
            lost(x, &x->p->notes, A_ACTION, "user property '%s' has Action Remove; it is left out", pn);
            continue;
        }
        im_type *t = row_type(x, &x->p->notes);
        lossy_cells(x, &x->p->notes, prop_lossy, sizeof prop_lossy / sizeof prop_lossy[0]);
        if (flag(x, A_REQUIRED))
            lost(x, &x->p->notes, A_REQUIRED, "user property '%s' is required (user properties are not "
                 "required by events)", pn);
        if (!t)
            continue;
        im_meta m = { 0 };
        if (*cell(x, A_PROP_DESC))
            m.desc = cell(x, A_PROP_DESC);
        im_use_add(x->p, NULL, pn, t, &m, false, true);
    }
}

/* ---- one file ------------------------------------------------------------------------------------- */

/* Maps the header; returns 'e' (events file), 'u' (user properties) or 0. */
static int map_header(actx *x, const tx_csv_row *h)
{
    for (int c = 0; c < A__N; c++)
        x->col[c] = -1;
    x->row = h;
    x->line = tx_span_loc(&x->ctx->sources, (tx_span){ x->file, h->start, h->start }).line;
    for (size_t k = 0; k < h->n; k++) {
        const tx_csv_cell *cl = &h->cells[k];
        if (!cl->n)
            continue;
        int c = -1;
        for (int i = 0; i < A__N && c < 0; i++)
            if (header_is(cl->s, columns[i].name))
                c = i;
        tx_span sp = { x->file, cl->start, cl->end };
        if (c < 0) {
            im_lost(x->p, &x->p->notes, sp, tx_arena_printf(x->a, "line %zu", x->line),
                    "unknown column '%s' ignored", cl->s);
            continue;
        }
        if (x->col[c] >= 0) {
            tx_diag_add(&x->ctx->diags, TX_SEV_WARNING, "amplitude-csv", sp,
                        "column '%s' is repeated; the first one is used", cl->s);
            continue;
        }
        x->col[c] = (int)k;
    }
    int kind = x->col[A_OBJECT_TYPE] >= 0 ? 'e' : x->col[A_PROPERTY_NAME] >= 0 ? 'u' : 0;
    tx_span hs = { x->file, h->start, h->start };
    if (!kind) {
        tx_diag_add(&x->ctx->diags, TX_SEV_ERROR, "amplitude-csv", hs,
                    "not an Amplitude Data CSV: the header has neither 'Object Type' (the events file) nor "
                    "'Property Name' (the user properties file)");
        return 0;
    }
    const acol *needs = kind == 'e' ? events_needs : users_needs;
    size_t nn = kind == 'e' ? sizeof events_needs / sizeof events_needs[0] : sizeof users_needs / sizeof users_needs[0];
    bool ok = true;
    for (size_t i = 0; i < nn; i++)
        if (x->col[needs[i]] < 0) {
            tx_diag_add(&x->ctx->diags, TX_SEV_ERROR, "amplitude-csv", hs,
                        "the %s file has no '%s' column", kind == 'e' ? "events" : "user properties",
                        columns[needs[i]].name);
            ok = false;
        }
    return ok ? kind : 0;
}

bool im_amplitude_read(im_plan *p, const char *path, const char *text, size_t len, int *kind)
{
    tx_ctx *ctx = p->ctx;
    actx x = { .p = p, .ctx = ctx, .a = p->a, .path = path, .ok = true };
    *kind = 0;
    x.file = tx_sources_add(&ctx->sources, path, tx_arena_strndup(ctx->arena, text, len), len);
    const char *t = ctx->sources.items[x.file].text;
    size_t from = tx_csv_check_text(&ctx->diags, x.file, t, len, "file");
    if (from == (size_t)-1)
        return false;
    tx_csv_rows rows = { 0 };
    bool ok = tx_csv_read(x.a, &ctx->diags, x.file, t, len, from, 0, &rows);
    size_t h = 0;
    while (h < rows.n && tx_csv_row_blank(&rows.items[h]))
        h++;
    if (h == rows.n) {
        tx_diag_add(&ctx->diags, TX_SEV_ERROR, "amplitude-csv", (tx_span){ x.file, 0, 0 }, "the file is empty");
        return false;
    }
    *kind = map_header(&x, &rows.items[h]);
    if (!*kind)
        return false;
    if (*kind == 'e') {
        read_events(&x, &rows, h);
        flatten_groups(&x);
    } else
        read_users(&x, &rows, h);
    tx_strmap_free(&x.events);
    return ok && x.ok;
}

/* The events file's header has an Object Type column (matched as
 * header_is does, without case or spacing): a look at the first non-blank
 * line, so the events file is read first whatever the order given and
 * the YAML does not depend on it. A file this misjudges is read anyway,
 * and map_header says what it is. */
static bool looks_like_events(const char *t, size_t len)
{
    size_t i = 0;
    while (i < len && (t[i] == '\r' || t[i] == '\n'))
        i++;
    char w[10];
    size_t k = 0;
    for (; i < len && t[i] != '\n'; i++) {
        char c = (char)tolower((unsigned char)t[i]);
        if (c == ' ' || c == '_' || c == '"')
            continue;
        if (c == ',') {
            k = 0;
            continue;
        }
        if (k < sizeof w)
            w[k] = c;
        k++;
        if (k == sizeof w && memcmp(w, "objecttype", sizeof w) == 0)
            return true;
    }
    return false;
}

const char *tx_import_amplitude(tx_ctx *ctx, const char *const *paths, const char *const *texts,
                                const size_t *lens, size_t n, const tx_import_opts *opts, size_t *out_len)
{
    im_plan p;
    im_plan_init(&p, ctx);
    bool ok = true;
    int seen[2] = { 0, 0 };
    for (size_t j = 0; j < 2 * n; j++) {
        size_t i = j % n;
        if (looks_like_events(texts[i], lens[i]) != (j < n))
            continue;   /* events files first, then the others */
        int kind;
        bool r = im_amplitude_read(&p, paths[i], texts[i], lens[i], &kind);
        ok &= r;
        if (kind && seen[kind == 'u']++) {
            tx_diag_add(&ctx->diags, TX_SEV_ERROR, "amplitude-csv", (tx_span){ ctx->sources.n - 1, 0, 0 },
                        "a second %s file; give one events file and at most one user properties file",
                        kind == 'e' ? "events" : "user properties");
            ok = false;
        }
    }
    const char *yaml = NULL;
    if (ok && !ctx->diags.n_error) {
        if (opts && opts->name)
            p.name = opts->name;
        else {
            const char *b = strrchr(paths[0], '/');
            b = b ? b + 1 : paths[0];
            const char *dot = strrchr(b, '.');
            p.name = im_slug(p.a, b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
        }
        if (opts && opts->version)
            p.version = opts->version;
        im_plan_settle(&p);
        im_plan_conventions(&p);
        yaml = im_write_yaml(&p, out_len);
    }
    im_plan_done(&p);
    return yaml;
}
