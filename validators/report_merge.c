/* Merging validation results (merge.h): in memory, as the library's
 * summaries do, and from `validate --format json` reports, as `taxonc
 * report merge` does. A report read back gets a taxonomy rebuilt from the
 * names the report states (events in order with the properties each never
 * saw, the dictionary's never-seen properties, placeholders for the seen
 * ones), which is all the renderers read; so a merged result renders as
 * text, JSON, JUnit or HTML exactly as one run over all the parts would.
 *
 * Coverage is merged by name: a property still unseen in into becomes seen
 * unless from lists it as unseen too. The report is read with the project's
 * YAML tree reader (JSON is YAML's flow syntax), as the importers do. */
#include "merge.h"
#include "internal.h"
#include "funnels.h"
#include "../compiler/yaml.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int fail_msg(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const char *dup(tx_arena *a, const char *s)
{
    return s ? tx_arena_strdup(a, s) : NULL;
}

static void append(val_result *into, val_violation **arr, size_t *n, size_t *cap, size_t max,
                   const val_violation *src, size_t n_src)
{
    for (size_t i = 0; i < n_src && *n < max; i++) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 64;
            *arr = tx_arena_grow(into->arena, *arr, *cap * sizeof **arr, nc * sizeof **arr);
            *cap = nc;
        }
        val_violation *d = &(*arr)[(*n)++];
        *d = src[i];
        d->file = dup(into->arena, src[i].file);
        d->event = dup(into->arena, src[i].event);
        d->path = dup(into->arena, src[i].path);
        d->message = dup(into->arena, src[i].message);
        d->expected = dup(into->arena, src[i].expected);
        d->found = dup(into->arena, src[i].found);
    }
}

/* Does from list prop name as never seen by event e (e < 0: the dictionary)? */
static bool from_unseen(const val_result *from, long e, const char *name)
{
    const tx_taxonomy *t = from->tax;
    if (e < 0) {
        for (size_t i = 0; i < t->n_props; i++)
            if (!from->prop_seen[i] && strcmp(t->props[i].name, name) == 0)
                return true;
        return false;
    }
    const tx_event *ev = &t->events[e];
    for (size_t k = 0; k < ev->n_props; k++)
        if (!from->ev_prop_seen[from->ev_prop_base[e] + k] &&
            strcmp(ev->props[k].prop->name, name) == 0)
            return true;
    return false;
}

static int same_shape(const val_result *a, const val_result *b, char *err, size_t errlen)
{
    const tx_taxonomy *x = a->tax, *y = b->tax;
    if (x == y)
        return 0;
    if (strcmp(x->name, y->name) != 0 || x->n_events != y->n_events || x->n_props != y->n_props)
        return fail_msg(err, errlen, "results of different taxonomies ('%s' and '%s')", x->name,
                        y->name);
    for (size_t i = 0; i < x->n_events; i++)
        if (strcmp(x->events[i].name, y->events[i].name) != 0)
            return fail_msg(err, errlen, "results of different taxonomies (event '%s' and '%s')",
                            x->events[i].name, y->events[i].name);
    if (a->max_errors != b->max_errors || a->max_examples != b->max_examples)
        return fail_msg(err, errlen, "results kept different numbers of violations "
                        "(--max-errors %zu and %zu, --examples %zu and %zu)", a->max_errors,
                        b->max_errors, a->max_examples, b->max_examples);
    return 0;
}

/* Funnels: the same names and steps (a report without funnels, from a
 * plan without them, merges only with its kind). */
static int same_funnels(const val_result *a, const val_result *b, char *err, size_t errlen)
{
    if (a->n_funnels != b->n_funnels)
        return fail_msg(err, errlen, "results of different funnels (%zu and %zu)", a->n_funnels,
                        b->n_funnels);
    for (size_t f = 0; f < a->n_funnels; f++) {
        const tx_funnel *x = &a->tax->funnels[f], *y = &b->tax->funnels[f];
        if (strcmp(x->name, y->name) != 0 || x->n_steps != y->n_steps)
            return fail_msg(err, errlen, "results of different funnels ('%s' and '%s')",
                            x->name, y->name);
    }
    return 0;
}

/* Counts add up; a journey that spans two parts is two journeys in the
 * parts' counts (docs/validate.md "Funnels"). */
static void merge_funnels(val_result *into, const val_result *from)
{
    if (from->funnel_journeys > into->funnel_journeys)
        into->funnel_journeys = from->funnel_journeys;
    for (size_t f = 0; f < into->n_funnels; f++) {
        val_fn_counts *a = &into->funnels[f];
        const val_fn_counts *b = &from->funnels[f];
        a->hits += b->hits;
        a->journeys += b->journeys;
        a->entered += b->entered;
        a->completed += b->completed;
        a->expired += b->expired;
        a->evicted += b->evicted;
        a->out_of_order += b->out_of_order;
        a->skipped += b->skipped;
        a->key_missing += b->key_missing;
        a->key_changed += b->key_changed;
        for (size_t s = 0; s < into->tax->funnels[f].n_steps; s++)
            a->reached[s] += b->reached[s];
    }
}

int val_result_merge(val_result *into, const val_result *from, char *err, size_t errlen)
{
    if (same_shape(into, from, err, errlen) != 0 || same_funnels(into, from, err, errlen) != 0)
        return -1;
    if (into->tax == from->tax &&
        (into->max_errors != from->max_errors || into->max_examples != from->max_examples))
        return fail_msg(err, errlen, "results kept different numbers of violations");
    if (into->records && from->records && into->profile != from->profile)
        return fail_msg(err, errlen, "results of different profiles ('%s' and '%s')",
                        val_profile_name(into->profile), val_profile_name(from->profile));
    if (!into->records)
        into->profile = from->profile;
    into->files += from->files;
    into->bytes += from->bytes;
    into->lines += from->lines;
    into->records += from->records;
    into->events += from->events;
    into->valid += from->valid;
    into->invalid += from->invalid;
    into->ignored += from->ignored;
    into->failing += from->failing;
    into->io_error |= from->io_error;
    for (int c = 0; c < VAL_N_CODES; c++)
        into->code_count[c] += from->code_count[c];
    const tx_taxonomy *t = into->tax;
    for (size_t i = 0; i < t->n_events; i++) {
        into->ev[i].seen += from->ev[i].seen;
        into->ev[i].valid += from->ev[i].valid;
        into->ev[i].invalid += from->ev[i].invalid;
        for (size_t k = 0; k < t->events[i].n_props; k++) {
            uint8_t *s = &into->ev_prop_seen[into->ev_prop_base[i] + k];
            if (!*s)
                *s = into->tax == from->tax
                         ? from->ev_prop_seen[from->ev_prop_base[i] + k]
                         : !from_unseen(from, (long)i, t->events[i].props[k].prop->name);
        }
    }
    for (size_t i = 0; i < t->n_props; i++)
        if (!into->prop_seen[i])
            into->prop_seen[i] = into->tax == from->tax ? from->prop_seen[i]
                                                        : !from_unseen(from, -1, t->props[i].name);
    into->unknown.seen += from->unknown.seen;
    into->unknown.valid += from->unknown.valid;
    into->unknown.invalid += from->unknown.invalid;
    for (size_t i = 0; i < from->n_unknown; i++) {
        const val_unknown_event *u = &from->unknown_names[i];
        size_t j = 0;
        while (j < into->n_unknown && strcmp(into->unknown_names[j].name, u->name) != 0)
            j++;
        if (j < into->n_unknown) {
            into->unknown_names[j].seen += u->seen;
        } else if (into->n_unknown < VAL_UNKNOWN_KEEP) {
            into->unknown_names[into->n_unknown].name = tx_arena_strdup(into->arena, u->name);
            into->unknown_names[into->n_unknown++].seen = u->seen;
        }
    }
    merge_funnels(into, from);
    append(into, &into->kept, &into->n_kept, &into->cap_kept, into->max_errors, from->kept,
           from->n_kept);
    for (int c = 0; c < VAL_N_CODES; c++)
        append(into, &into->examples[c], &into->n_examples[c], &into->cap_examples[c],
               into->max_examples, from->examples[c], from->n_examples[c]);
    val_cells_merge(&into->cells, into->arena, &from->cells, 0, NULL);
    return 0;
}

/* --- reading a JSON report ---------------------------------------------------- */

typedef struct rd {
    const char *name;
    char *err;
    size_t errlen;
    bool bad;
} rd;

static const yl_node *want(rd *r, const yl_node *map, const char *key, yl_kind kind)
{
    const yl_node *n = map && map->kind == YL_MAP ? yl_get(map, key) : NULL;
    if (!n || n->kind != kind) {
        if (!r->bad)
            fail_msg(r->err, r->errlen, "'%s' is not a report of 'taxonc validate --format json': "
                     "'%s' missing or not %s", r->name, key,
                     kind == YL_MAP ? "an object" : kind == YL_SEQ ? "a list" : "a value");
        r->bad = true;
        return NULL;
    }
    return n;
}

static uint64_t num(rd *r, const yl_node *map, const char *key)
{
    const yl_node *n = want(r, map, key, YL_SCALAR);
    return n ? strtoull(n->str, NULL, 10) : 0;
}

static const char *str(rd *r, tx_arena *a, const yl_node *map, const char *key)
{
    const yl_node *n = want(r, map, key, YL_SCALAR);
    if (!n || (n->style == YL_PLAIN && yl_is_null(n)))
        return NULL;
    return tx_arena_strdup(a, n->str);
}

static bool truth(rd *r, const yl_node *map, const char *key)
{
    const yl_node *n = want(r, map, key, YL_SCALAR);
    return n && strcmp(n->str, "true") == 0;
}

static void read_violation(rd *r, tx_arena *a, const yl_node *n, val_violation *v)
{
    const char *code = str(r, a, n, "code");
    int c = code ? val_code_parse(code, strlen(code)) : -1;
    if (c < 0 && !r->bad) {
        fail_msg(r->err, r->errlen, "unknown verdict code '%s' in '%s'", code ? code : "",
                 r->name);
        r->bad = true;
    }
    v->code = c < 0 ? (val_code)0 : (val_code)c;
    v->file = str(r, a, n, "file");
    v->line = num(r, n, "line");
    v->column = num(r, n, "column");
    v->record = num(r, n, "record");
    v->event = str(r, a, n, "event");
    v->path = str(r, a, n, "path");
    v->message = str(r, a, n, "message");
    v->expected = str(r, a, n, "expected");
    v->found = str(r, a, n, "found");
}

static val_violation *read_violations(rd *r, tx_arena *a, const yl_node *seq, size_t *n)
{
    *n = seq ? seq->n : 0;
    val_violation *v = tx_arena_alloc(a, (*n + 1) * sizeof *v);
    for (size_t i = 0; i < *n; i++)
        read_violation(r, a, seq->items[i], &v[i]);
    return v;
}

/* The per-property breakdown (optional: reports from before it have
 * none). An event is named by its position in event_types, so the cells
 * index the rebuilt taxonomy as they did the original. */
static void read_breakdown(rd *r, const yl_node *root, val_result *res)
{
    const yl_node *bd = root->kind == YL_MAP ? yl_get(root, "breakdown") : NULL;
    if (!bd)
        return;
    if (bd->kind != YL_SEQ) {
        want(r, root, "breakdown", YL_SEQ);
        return;
    }
    tx_arena *a = res->arena;
    const tx_taxonomy *t = res->tax;
    size_t at = 0;
    for (size_t i = 0; i < bd->n && !r->bad; i++) {
        const yl_node *n = bd->items[i];
        const char *ev = str(r, a, n, "event"), *prop = str(r, a, n, "property");
        const char *code = str(r, a, n, "code");
        int c = code ? val_code_parse(code, strlen(code)) : -1;
        uint32_t e = VAL_CELL_UNKNOWN;
        for (size_t j = 0; ev && j < t->n_events && e == VAL_CELL_UNKNOWN; j++) {
            size_t k = (at + j) % t->n_events;  /* entries come by event: look on from the last */
            if (t->events[k].name && strcmp(t->events[k].name, ev) == 0)
                e = (uint32_t)(at = k);
        }
        if (!r->bad && (c < 0 || (ev && e == VAL_CELL_UNKNOWN))) {
            fail_msg(r->err, r->errlen, "'%s': breakdown entry %zu names %s '%s'", r->name, i,
                     c < 0 ? "an unknown verdict code" : "an event not in event_types",
                     c < 0 ? (code ? code : "") : ev);
            r->bad = true;
            return;
        }
        bool fresh;
        val_cell *cell = val_cells_get(&res->cells, a, e, prop, (val_code)c, &fresh);
        cell->count += num(r, n, "count");
        if (fresh) {
            cell->file = str(r, a, n, "file");
            cell->line = num(r, n, "line");
            cell->column = num(r, n, "column");
        }
    }
}

/* The taxonomy as far as the report tells it, and the events' counts. */
static void read_taxonomy(rd *r, const yl_node *root, val_result *res)
{
    tx_arena *a = res->arena;
    tx_taxonomy *t = tx_arena_alloc(a, sizeof *t);
    res->tax = t;
    t->name = str(r, a, root, "taxonomy");
    const yl_node *ver = root->kind == YL_MAP ? yl_get(root, "taxonomy_version") : NULL;
    t->version = ver && ver->kind == YL_SCALAR && !yl_is_null(ver) ? tx_arena_strdup(a, ver->str)
                                                                    : NULL;
    const yl_node *evs = want(r, root, "event_types", YL_SEQ);
    const yl_node *cov = want(r, root, "coverage", YL_MAP);
    const yl_node *pns = want(r, cov, "properties_never_seen", YL_SEQ);
    if (r->bad)
        return;
    t->n_events = evs->n;
    t->events = tx_arena_alloc(a, (evs->n + 1) * sizeof *t->events);
    res->ev = tx_arena_alloc(a, (evs->n + 1) * sizeof *res->ev);
    res->ev_prop_base = tx_arena_alloc(a, (evs->n + 1) * sizeof *res->ev_prop_base);
    size_t n_ev_props = 0;
    for (size_t i = 0; i < evs->n; i++) {
        const yl_node *e = evs->items[i];
        const yl_node *never = want(r, e, "properties_never_seen", YL_SEQ);
        if (r->bad)
            return;
        tx_event *te = &t->events[i];
        te->name = str(r, a, e, "name");
        te->index = (uint32_t)i;
        te->n_props = never->n;
        te->props = tx_arena_alloc(a, (never->n + 1) * sizeof *te->props);
        for (size_t k = 0; k < never->n; k++) {
            tx_property *p = tx_arena_alloc(a, sizeof *p);
            p->name = tx_arena_strdup(a, never->items[k]->str);
            te->props[k].prop = p;
        }
        res->ev[i].seen = num(r, e, "seen");
        res->ev[i].valid = num(r, e, "valid");
        res->ev[i].invalid = num(r, e, "invalid");
        res->ev_prop_base[i] = n_ev_props;
        n_ev_props += never->n;
    }
    res->ev_prop_seen = tx_arena_alloc(a, n_ev_props + 1);    /* all unseen */
    size_t total = (size_t)num(r, cov, "properties_total");
    if (total < pns->n)
        total = pns->n;
    t->n_props = total;
    t->props = tx_arena_alloc(a, (total + 1) * sizeof *t->props);
    res->prop_seen = tx_arena_alloc(a, total + 1);
    for (size_t i = 0; i < total; i++) {
        bool unseen = i < pns->n;
        t->props[i].name = unseen ? tx_arena_strdup(a, pns->items[i]->str) : "";
        res->prop_seen[i] = !unseen;
    }
}

/* The funnels a report states (none in reports of plans without them):
 * a funnel per entry, its steps pointing at the rebuilt events by name. */
static void read_funnels(rd *r, const yl_node *root, val_result *res)
{
    const yl_node *fs = root->kind == YL_MAP ? yl_get(root, "funnels") : NULL;
    if (!fs || fs->kind != YL_SEQ || !res->tax)
        return;
    tx_arena *a = res->arena;
    tx_taxonomy *t = (tx_taxonomy *)res->tax;
    res->funnel_journeys = (size_t)num(r, root, "funnel_journeys");
    t->n_funnels = res->n_funnels = fs->n;
    t->funnels = tx_arena_alloc(a, (fs->n + 1) * sizeof *t->funnels);
    res->funnels = tx_arena_alloc(a, (fs->n + 1) * sizeof *res->funnels);
    for (size_t f = 0; f < fs->n && !r->bad; f++) {
        const yl_node *n = fs->items[f], *steps = want(r, n, "steps", YL_SEQ);
        const yl_node *v = want(r, n, "violations", YL_MAP);
        if (r->bad)
            return;
        tx_funnel *fu = &t->funnels[f];
        val_fn_counts *c = &res->funnels[f];
        fu->name = str(r, a, n, "name");
        const char *key = str(r, a, n, "key");
        fu->key = key && strcmp(key, "user") != 0 ? key : NULL;
        fu->within_text = str(r, a, n, "within");
        fu->within_s = (int64_t)num(r, n, "within_s");
        fu->n_steps = steps->n;
        fu->steps = tx_arena_alloc(a, (steps->n + 1) * sizeof *fu->steps);
        c->reached = tx_arena_alloc(a, (steps->n + 1) * sizeof *c->reached);
        for (size_t s = 0; s < steps->n; s++) {
            const char *ev = str(r, a, steps->items[s], "event");
            const tx_event *te = NULL;
            for (size_t i = 0; ev && i < t->n_events && !te; i++)
                if (strcmp(t->events[i].name, ev) == 0)
                    te = &t->events[i];
            if (!te) {
                tx_event *ph = tx_arena_alloc(a, sizeof *ph);
                ph->name = ev ? ev : "";
                te = ph;
            }
            fu->steps[s].event = te;
            c->reached[s] = num(r, steps->items[s], "reached");
        }
        c->hits = num(r, n, "hits");
        c->journeys = num(r, n, "journeys");
        c->entered = num(r, n, "entered");
        c->completed = num(r, n, "completed");
        c->expired = num(r, n, "expired");
        c->evicted = num(r, n, "evicted");
        c->out_of_order = num(r, v, "funnel-out-of-order");
        c->skipped = num(r, v, "funnel-skipped-step");
        c->key_missing = num(r, v, "key_missing");
        c->key_changed = num(r, v, "key_changed");
    }
}

int val_result_from_json(const char *name, const char *text, size_t len, val_result *res,
                         bool fail[VAL_N_CODES], char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    res->arena = tx_arena_new();
    tx_arena *a = res->arena;
    tx_diags d = { .arena = a };
    yl_node *root = NULL;
    rd r = { .name = name, .err = err, .errlen = errlen };
    if (yl_parse(a, &d, 0, text, len, &(yl_opts){ .max_depth = 16 }, &root) != 0 || !root ||
        root->kind != YL_MAP) {
        fail_msg(err, errlen, "'%s' is not a report of 'taxonc validate --format json'", name);
        val_result_free(res);
        return -1;
    }
    read_taxonomy(&r, root, res);
    const yl_node *limits = want(&r, root, "limits", YL_MAP);
    res->max_errors = (size_t)num(&r, limits, "max_errors");
    res->max_examples = (size_t)num(&r, limits, "examples");
    const char *prof = str(&r, a, root, "profile");
    if (prof && val_profile_parse(prof, &res->profile) != 0)
        res->profile = VAL_PROF_AUTO;
    res->files = num(&r, root, "files");
    res->bytes = num(&r, root, "bytes");
    res->records = num(&r, root, "records");
    res->events = num(&r, root, "events");
    res->valid = num(&r, root, "valid");
    res->invalid = num(&r, root, "invalid");
    res->ignored = num(&r, root, "ignored");
    res->failing = num(&r, root, "violations_failing");
    res->io_error = truth(&r, root, "io_error");
    for (int c = 0; c < VAL_N_CODES; c++)
        fail[c] = val_code_fails_by_default((val_code)c);
    const yl_node *codes = want(&r, root, "codes", YL_MAP);
    for (size_t i = 0; codes && i < codes->n; i++) {
        const yl_pair *p = &codes->pairs[i];
        int c = val_code_parse(p->key->str, strlen(p->key->str));
        if (c < 0) {
            if (!r.bad)
                fail_msg(err, errlen, "unknown verdict code '%s' in '%s'", p->key->str, name);
            r.bad = true;
            break;
        }
        res->code_count[c] = num(&r, p->val, "count");
        fail[c] = truth(&r, p->val, "fails");
        res->examples[c] = read_violations(&r, a, want(&r, p->val, "examples", YL_SEQ),
                                           &res->n_examples[c]);
        res->cap_examples[c] = res->n_examples[c];
    }
    const yl_node *unk = want(&r, root, "unknown_events", YL_MAP);
    res->unknown.seen = num(&r, unk, "seen");
    res->unknown.valid = num(&r, unk, "valid");
    res->unknown.invalid = num(&r, unk, "invalid");
    const yl_node *names = want(&r, unk, "names", YL_SEQ);
    res->unknown_names = tx_arena_alloc(a, VAL_UNKNOWN_KEEP * sizeof *res->unknown_names);
    for (size_t i = 0; names && i < names->n && i < VAL_UNKNOWN_KEEP; i++) {
        res->unknown_names[i].name = str(&r, a, names->items[i], "name");
        res->unknown_names[i].seen = num(&r, names->items[i], "seen");
        res->n_unknown++;
    }
    read_funnels(&r, root, res);
    if (!r.bad)
        read_breakdown(&r, root, res);
    res->kept = read_violations(&r, a, want(&r, root, "violations", YL_SEQ), &res->n_kept);
    res->cap_kept = res->n_kept;
    if (r.bad) {
        val_result_free(res);
        return -1;
    }
    return 0;
}
