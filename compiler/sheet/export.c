/* `taxonc export csv`: the tracking-plan sheet marketing teams keep, one row
 * per (event, property), columns Category | Event | Event description |
 * Property | Property description | Type | Allowed values | Format |
 * Required | Trigger. Merged-cell style: the event's own cells are filled on
 * its first row only, as in hand-made sheets. RFC 4180: CRLF line ends,
 * fields quoted when they hold a comma, quote, CR or LF, or edge spaces.
 * The cell grammar is cells.h's (written by cells_write.c, read back by
 * cells_read.c), plus:
 *  - a cell that would run as a formula (= + - @) starts with an apostrophe;
 *  - an event without a category after one with a category says "(none)",
 *    since a blank cell continues the category above;
 *  - descriptions carry tags: "[deprecated: why] [pii] [owner: team] text";
 *  - members of an object property follow it as rows "parent.member"
 *    ("parent[].member" for an array of objects), Required saying whether
 *    the member is required; an open object's additional type last as the
 *    row "parent.*" with Required blank;
 *  - an event's (or group's) own definition of a property (issue 16's
 *    per-event variants, event-local properties) is its row with the
 *    event's type and description, Required "required (variant)" or
 *    "optional (variant)"; dictionary properties only variants use are
 *    listed in "(properties)" so their own definition is kept;
 *  - sections after the events, each opened by its Event cell: user
 *    properties "(user properties)", dictionary properties no event or
 *    group uses "(properties)", each property group "(group NAME)" (its
 *    description in Event description), and the named types "(types)"
 *    (Property = the type's name, Type = its base); last the row
 *    "(taxonomy)" with the plan's description, identifier and
 *    "version X.Y.Z" in the Event description, Property and Property
 *    description cells. */
#include "sheet.h"
#include "cells.h"
#include "csv.h"
#include <stdlib.h>
#include <string.h>

static void cell(tx_sb *sb, const char *s, bool last)
{
    if (s)
        tx_csv_field(sb, s, strlen(s), TX_CSV_FORMULA_GUARD);
    tx_sb_adds(sb, last ? "\r\n" : ",");
}

static void sb_cell(tx_sb *sb, tx_sb *tmp, bool last)
{
    tx_csv_field(sb, tmp->buf, tmp->len, TX_CSV_FORMULA_GUARD);
    tx_sb_adds(sb, last ? "\r\n" : ",");
    tx_sb_reset(tmp);
}

/* The cells from Property to Required of one property or member row. */
static void prop_cells(tx_sb *sb, tx_sb *tmp, const char *name, const tx_meta *meta,
                       const tx_type *type, const char *required)
{
    cell(sb, name, false);
    tx_exp_meta_cell(tmp, meta);
    sb_cell(sb, tmp, false);
    tx_exp_type_cell(tmp, type);
    sb_cell(sb, tmp, false);
    tx_exp_allowed_cell(tmp, type);
    sb_cell(sb, tmp, false);
    tx_exp_format_cell(tmp, type);
    sb_cell(sb, tmp, false);
    cell(sb, required, false);
}

/* Member rows of an object (or array-of-objects) type, depth first; an
 * open object's `additional` type last, as the row "parent.*" (Required
 * empty). A union reads as its object branch (tx_exp_union_view). */
static void member_rows(tx_sb *sb, tx_sb *tmp, const char *path, const tx_type *t, int depth)
{
    if (!t || depth > 32)
        return;
    const char *sep = ".";
    tx_eff e = tx_exp_union_view(t);
    if (e.base == TX_ARRAY && e.items && e.items->base == TX_OBJECT) {
        e = tx_eff_of(e.items);
        sep = "[].";
    }
    if (e.base != TX_OBJECT && e.base != TX_UNION)
        return;
    for (size_t i = 0; i < e.n_fields; i++) {
        const tx_field *f = &e.fields[i];
        tx_sb name = TX_SB_INIT;
        tx_sb_addf(&name, "%s%s%s", path, sep, f->name);
        tx_sb_adds(sb, ",,,");
        prop_cells(sb, tmp, name.buf, &f->meta, f->type, f->required ? "required" : "optional");
        cell(sb, NULL, true);
        member_rows(sb, tmp, name.buf, f->type, depth + 1);
        tx_sb_release(&name);
    }
    if (e.open && e.additional) {
        tx_sb name = TX_SB_INIT;
        tx_sb_addf(&name, "%s%s*", path, sep);
        tx_sb_adds(sb, ",,,");
        prop_cells(sb, tmp, name.buf, &e.additional->meta, e.additional, "");
        cell(sb, NULL, true);
        member_rows(sb, tmp, name.buf, e.additional, depth + 1);
        tx_sb_release(&name);
    }
}

/* An event's (or group's) property row: the slot's own type; a per-event
 * variant (issue 16) says so in Required, and its cells and description
 * are the event's own definition. */
static void slot_row(tx_sb *sb, tx_sb *tmp, const tx_event_prop *ep, const char *trigger, bool head)
{
    const tx_property *p = ep->prop;
    const tx_type *ty = ep->type ? ep->type : p->type;     /* a hand-built model may leave it */
    const char *req = ep->variant ? (ep->required ? "required " SH_VARIANT : "optional " SH_VARIANT)
                                  : ep->required ? "required" : "optional";
    prop_cells(sb, tmp, p->name, ep->variant ? &ep->meta : &p->meta, ty, req);
    cell(sb, head ? trigger : NULL, true);
    member_rows(sb, tmp, p->name, ty, 0);
}

/* Marks the dictionary properties whose own definition a row of the
 * events or groups shows (a slot without a variant); the others go into
 * the "(properties)" section: unused ones, and those only used through
 * variants. */
static void mark_shown(const tx_taxonomy *t, bool *shown)
{
    for (size_t i = 0; i < t->n_events; i++)
        for (size_t k = 0; k < t->events[i].n_props; k++) {
            const tx_event_prop *ep = &t->events[i].props[k];
            if (!ep->variant && !ep->prop->local && ep->prop->index < t->n_props)
                shown[ep->prop->index] = true;
        }
    for (size_t i = 0; i < t->n_groups; i++)
        for (size_t k = 0; k < t->groups[i].n_props; k++) {
            const tx_event_prop *ep = &t->groups[i].props[k];
            if (!ep->variant && !ep->prop->local && ep->prop->index < t->n_props)
                shown[ep->prop->index] = true;
        }
}

void tx_export_csv(tx_sb *sb, const tx_taxonomy *t, const tx_csv_opts *o)
{
    if (!o || !o->no_bom)
        tx_sb_adds(sb, "\xEF\xBB\xBF");
    tx_sb_adds(sb, "Category,Event,Event description,Property,Property description,Type,"
                   "Allowed values,Format,Required,Trigger\r\n");
    tx_sb tmp = TX_SB_INIT;
    const char *running = NULL;     /* the category a blank cell would inherit */
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        size_t rows = e->n_props ? e->n_props : 1;
        for (size_t r = 0; r < rows; r++) {
            bool head = r == 0;
            if (head && !e->category && running)
                cell(sb, SH_NO_CATEGORY, false);
            else
                cell(sb, head ? e->category : NULL, false);
            if (head)
                running = e->category;
            cell(sb, head ? e->name : NULL, false);
            if (head)
                tx_exp_meta_cell(&tmp, &e->meta);
            sb_cell(sb, &tmp, false);
            if (!e->n_props) {
                tx_sb_adds(sb, ",,,,,,");
                cell(sb, e->trigger, true);
                continue;
            }
            slot_row(sb, &tmp, &e->props[r], e->trigger, head);
        }
    }
    for (size_t i = 0; i < t->n_user_props; i++) {
        const tx_property *p = t->user_props[i];
        tx_sb_adds(sb, i ? ",," : "," SH_SECTION_USER ",");
        tx_sb_addc(sb, ',');
        prop_cells(sb, &tmp, p->name, &p->meta, p->type, "optional");
        cell(sb, NULL, true);
        member_rows(sb, &tmp, p->name, p->type, 0);
    }
    bool first = true;
    bool *shown = calloc(t->n_props + 1, sizeof *shown);
    if (shown)
        mark_shown(t, shown);
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        if (p->is_user || (shown ? shown[i] : p->used))
            continue;
        tx_sb_adds(sb, first ? "," SH_SECTION_DICT ",," : ",,,");
        first = false;
        prop_cells(sb, &tmp, p->name, &p->meta, p->type, "optional");
        cell(sb, NULL, true);
        member_rows(sb, &tmp, p->name, p->type, 0);
    }
    free(shown);
    for (size_t i = 0; i < t->n_groups; i++) {
        const tx_group *g = &t->groups[i];
        size_t rows = g->n_props ? g->n_props : 1;
        for (size_t r = 0; r < rows; r++) {
            tx_sb_addc(sb, ',');
            if (r == 0) {
                tx_sb_addf(&tmp, SH_SECTION_GROUP "%s)", g->name);
                sb_cell(sb, &tmp, false);
                tx_exp_meta_cell(&tmp, &g->meta);
                sb_cell(sb, &tmp, false);
            } else {
                tx_sb_adds(sb, ",,");
            }
            if (!g->n_props) {
                tx_sb_adds(sb, ",,,,,,\r\n");
                continue;
            }
            slot_row(sb, &tmp, &g->props[r], NULL, false);
        }
    }
    for (size_t i = 0; i < t->n_types; i++) {
        const tx_type *ty = t->types[i];
        tx_sb_adds(sb, i ? ",,," : "," SH_SECTION_TYPES ",,");
        /* the type's own cells: its base, not a reference to itself */
        tx_type plain = *ty;
        plain.name = NULL;
        prop_cells(sb, &tmp, ty->name, &ty->meta, &plain, "");
        cell(sb, NULL, true);
        member_rows(sb, &tmp, ty->name, ty, 0);
    }
    tx_sb_adds(sb, "," SH_SECTION_TAXONOMY ",");
    cell(sb, t->description, false);
    cell(sb, t->name, false);
    if (t->version)
        tx_sb_addf(&tmp, "version %s", t->version);
    sb_cell(sb, &tmp, false);
    tx_sb_adds(sb, ",,,,\r\n");
    tx_sb_release(&tmp);
}
