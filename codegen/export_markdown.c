/* `taxonc export markdown`: the tracking plan as one Markdown document,
 * grouped by category: for each event its description, trigger and a table
 * of properties (type, required, allowed values, format, description); then
 * user properties and the named types. Cell texts are the sheet grammar of
 * compiler/sheet/cells.h, so the document reads like the CSV export. Text from the
 * taxonomy is escaped (Markdown punctuation, HTML) so it cannot change the
 * document's structure. */
#include "export_common.h"
#include <string.h>


/* Anchor ids of our own, ASCII only, unique by index. */
static void anchor(tx_sb *sb, const char *kind, size_t i) { tx_sb_addf(sb, "%s-%zu", kind, i + 1); }

static void cell_of(tx_sb *sb, tx_sb *tmp, void (*f)(tx_sb *, const tx_type *), const tx_type *t)
{
    tx_sb_reset(tmp);
    f(tmp, t);
    tx_sb_add_md(sb, tmp->buf);
}

static void deprecated_line(tx_sb *sb, const tx_meta *m)
{
    if (!m->deprecated)
        return;
    tx_sb_adds(sb, "- **Deprecated**");
    if (m->deprecated_reason) {
        tx_sb_adds(sb, ": ");
        tx_sb_add_md(sb, m->deprecated_reason);
    }
    tx_sb_addc(sb, '\n');
}

/* One property row: p's name, with the type and metadata of its slot in
 * an event (a per-event variant's own, issue 16) or of p itself. */
static void prop_row(tx_sb *sb, tx_sb *tmp, const tx_property *p, const tx_type *type,
                     const tx_meta *meta, const char *required)
{
    tx_sb_adds(sb, "| ");
    tx_sb_add_md_code(sb, p->name);
    if (meta->deprecated)
        tx_sb_adds(sb, " (deprecated)");
    tx_sb_adds(sb, " | ");
    cell_of(sb, tmp, tx_exp_type_cell, type);
    if (required) {
        tx_sb_adds(sb, " | ");
        tx_sb_adds(sb, required);
    }
    tx_sb_adds(sb, " | ");
    cell_of(sb, tmp, tx_exp_allowed_cell, type);
    tx_sb_adds(sb, " | ");
    cell_of(sb, tmp, tx_exp_format_cell, type);
    tx_sb_adds(sb, " | ");
    tx_sb_add_md(sb, meta->description);
    tx_sb_adds(sb, " |\n");
}

void tx_export_markdown(tx_sb *sb, tx_arena *a, const tx_taxonomy *t)
{
    tx_sb tmp = TX_SB_INIT;
    tx_exp_category *cats;
    size_t nc = tx_exp_categories(a, t, &cats);

    tx_sb_adds(sb, "# ");
    tx_sb_add_md(sb, t->name ? t->name : "taxonomy");
    if (t->version) {
        tx_sb_addc(sb, ' ');
        tx_sb_add_md(sb, t->version);
    }
    tx_sb_adds(sb, "\n\n");
    if (t->description) {
        tx_sb_add_md(sb, t->description);
        tx_sb_adds(sb, "\n\n");
    }
    tx_sb_addf(sb, "%zu event%s, %zu propert%s, %zu type%s.\n\n## Contents\n\n", t->n_events,
               t->n_events == 1 ? "" : "s", t->n_props, t->n_props == 1 ? "y" : "ies", t->n_types,
               t->n_types == 1 ? "" : "s");
    for (size_t c = 0; c < nc; c++) {
        tx_sb_adds(sb, "- [");
        tx_sb_add_md(sb, cats[c].name ? cats[c].name : "(no category)");
        tx_sb_adds(sb, "](#");
        anchor(sb, "category", c);
        tx_sb_addf(sb, "): %zu event%s\n", cats[c].n, cats[c].n == 1 ? "" : "s");
    }
    if (t->n_user_props)
        tx_sb_adds(sb, "- [User properties](#user-properties)\n");
    if (t->n_types)
        tx_sb_adds(sb, "- [Types](#types)\n");

    for (size_t c = 0; c < nc; c++) {
        tx_sb_adds(sb, "\n<a id=\"");
        anchor(sb, "category", c);
        tx_sb_adds(sb, "\"></a>\n\n## ");
        tx_sb_add_md(sb, cats[c].name ? cats[c].name : "(no category)");
        tx_sb_addc(sb, '\n');
        for (size_t k = 0; k < cats[c].n; k++) {
            const tx_event *e = cats[c].events[k];
            tx_sb_adds(sb, "\n### ");
            tx_sb_add_md_code(sb, e->name);
            tx_sb_adds(sb, "\n\n");
            if (e->meta.description) {
                tx_sb_add_md(sb, e->meta.description);
                tx_sb_adds(sb, "\n\n");
            }
            bool list = e->trigger || e->meta.deprecated || e->meta.owner;
            if (e->trigger) {
                tx_sb_adds(sb, "- **Trigger:** ");
                tx_sb_add_md(sb, e->trigger);
                tx_sb_addc(sb, '\n');
            }
            deprecated_line(sb, &e->meta);
            if (e->meta.owner) {
                tx_sb_adds(sb, "- **Owner:** ");
                tx_sb_add_md(sb, e->meta.owner);
                tx_sb_addc(sb, '\n');
            }
            if (list)
                tx_sb_addc(sb, '\n');
            if (!e->n_props) {
                tx_sb_adds(sb, "No properties.\n");
                continue;
            }
            tx_sb_adds(sb, "| Property | Type | Required | Allowed values | Format | Description |\n"
                           "|---|---|---|---|---|---|\n");
            tx_meta vm;
            for (size_t i = 0; i < e->n_props; i++)
                prop_row(sb, &tmp, e->props[i].prop, e->props[i].type,
                         tx_exp_slot_meta(&e->props[i], &vm),
                         e->props[i].required ? "required" : "optional");
        }
    }
    if (t->n_user_props) {
        tx_sb_adds(sb, "\n<a id=\"user-properties\"></a>\n\n## User properties\n\n"
                       "| Property | Type | Allowed values | Format | Description |\n"
                       "|---|---|---|---|---|\n");
        for (size_t i = 0; i < t->n_user_props; i++)
            prop_row(sb, &tmp, t->user_props[i], t->user_props[i]->type, &t->user_props[i]->meta, NULL);
    }
    if (t->n_types) {
        tx_sb_adds(sb, "\n<a id=\"types\"></a>\n\n## Types\n\n"
                       "| Type | Base | Allowed values | Format | Description |\n"
                       "|---|---|---|---|---|\n");
        for (size_t i = 0; i < t->n_types; i++) {
            const tx_type *ty = t->types[i];
            tx_sb_adds(sb, "| ");
            tx_sb_add_md_code(sb, ty->name);
            tx_sb_adds(sb, " | ");
            tx_sb_add_md(sb, tx_base_name(ty->base));
            tx_sb_adds(sb, " | ");
            cell_of(sb, &tmp, tx_exp_allowed_cell, ty);
            tx_sb_adds(sb, " | ");
            cell_of(sb, &tmp, tx_exp_format_cell, ty);
            tx_sb_adds(sb, " | ");
            tx_sb_add_md(sb, ty->meta.description);
            tx_sb_adds(sb, " |\n");
        }
    }
    tx_sb_release(&tmp);
}
