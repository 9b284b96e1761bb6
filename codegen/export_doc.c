/* `taxonc export markdown` and `taxonc export html`: the tracking plan as
 * one document, grouped by category: for each event its description, its
 * facts (trigger, deprecation, owner) and a table of properties (type,
 * required, allowed values, format, description); then user properties and
 * the named types.
 *
 * The two formats are one structure in two spellings, so there is one walk
 * of the document (doc_walk) and one table (spell) that gives each part its
 * Markdown and its HTML spelling side by side; only the heads (Markdown's
 * contents, the page's navigation) are written apart.
 *   - Markdown: cell texts are the sheet grammar of compiler/sheet/cells.h,
 *     so the document reads like the CSV export; text from the taxonomy is
 *     escaped (Markdown punctuation, HTML) so it cannot change the
 *     document's structure.
 *   - HTML: a self-contained, browsable page (inline CSS and a few lines of
 *     script, nothing fetched; it reads the same with scripts off). Every
 *     text from the taxonomy goes through tx_sb_add_xml.
 * Ids and anchors are our own ASCII counters, never names. */
#include "export_common.h"
#include <string.h>

enum { MD, HTML };

typedef struct doc {
    tx_sb *sb;
    tx_sb tmp;      /* a cell's text before escaping */
    int fmt;        /* MD or HTML */
} doc;

static void h_code(tx_sb *sb, const char *s)
{
    tx_sb_adds(sb, "<code>");
    tx_sb_add_xmls(sb, s);
    tx_sb_adds(sb, "</code>");
}

static void md_deprecated(doc *d, const tx_meta *m);
static void h_deprecated(doc *d, const tx_meta *m);
static void md_deprecated_fact(doc *d, const tx_meta *m);
static void h_deprecated_fact(doc *d, const tx_meta *m);
static void md_head(doc *d, const tx_taxonomy *t, const tx_exp_category *cats, size_t nc);
static void h_head(doc *d, const tx_taxonomy *t, const tx_exp_category *cats, size_t nc);

/* Each part of the document: { Markdown, HTML }. Strings named *_fmt are
 * printf formats of one number (the category's, the event's). */
static const struct {
    void (*text[2])(tx_sb *sb, const char *s);      /* escaped text; NULL writes nothing */
    void (*code[2])(tx_sb *sb, const char *s);      /* a property's or type's name */
    void (*event_name[2])(tx_sb *sb, const char *s);
    /* after the name of a deprecated property; its fact in an event */
    void (*deprecated[2])(doc *d, const tx_meta *m);
    void (*deprecated_fact[2])(doc *d, const tx_meta *m);
    /* up to the first category: title, contents or navigation */
    void (*head[2])(doc *d, const tx_taxonomy *t, const tx_exp_category *cats, size_t nc);
    const char *category_fmt[2], *category_close[2];    /* around its title */
    const char *event_fmt[2], *event_close[2];          /* around its name */
    const char *para_open[2], *para_close[2];           /* around a description */
    const char *facts_open[2], *facts_close[2];         /* around an event's facts */
    const char *fact_fmt[2], *fact_close[2];            /* around one (fmt: its label) */
    const char *no_props[2];            /* an event without properties, closing it */
    const char *event_table[2];         /* the head of an event's property table */
    const char *event_end[2];           /* after its rows, closing the event */
    const char *user_table[2], *type_table[2];          /* the last sections' heads */
    const char *table_end[2];           /* after their rows */
    const char *row_open[2], *cell_sep[2], *row_close[2];
    const char *required[2][2];         /* the Required cell and its separator:
                                         * optional, required */
    const char *tail[2];                /* the document's end */
} spell = {
    .text = { tx_sb_add_md, tx_sb_add_xmls },
    .code = { tx_sb_add_md_code, h_code },
    .event_name = { tx_sb_add_md_code, tx_sb_add_xmls },
    .deprecated = { md_deprecated, h_deprecated },
    .deprecated_fact = { md_deprecated_fact, h_deprecated_fact },
    .head = { md_head, h_head },
    .category_fmt = { "\n<a id=\"category-%zu\"></a>\n\n## ", "<h2 id=\"cat-%zu\">" },
    .category_close = { "\n", "</h2>\n" },
    .event_fmt = { "\n### ", "<section class=\"event\" id=\"ev-%zu\">\n<h3>" },
    .event_close = { "\n\n", "</h3>\n" },
    .para_open = { "", "<p>" },
    .para_close = { "\n\n", "</p>\n" },
    .facts_open = { "", "<dl>\n" },
    .facts_close = { "\n", "</dl>\n" },
    .fact_fmt = { "- **%s:** ", "<dt>%s</dt><dd>" },
    .fact_close = { "\n", "</dd>\n" },
    .no_props = { "No properties.\n", "<p class=\"meta\">No properties.</p>\n</section>\n" },
    .event_table = { "| Property | Type | Required | Allowed values | Format | Description |\n"
                     "|---|---|---|---|---|---|\n",
                     "<table>\n<tr><th>Property</th><th>Type</th><th>Required</th>"
                     "<th>Allowed values</th><th>Format</th><th>Description</th></tr>\n" },
    .event_end = { "", "</table>\n</section>\n" },
    .user_table = { "\n<a id=\"user-properties\"></a>\n\n## User properties\n\n"
                    "| Property | Type | Allowed values | Format | Description |\n"
                    "|---|---|---|---|---|\n",
                    "<h2 id=\"user-properties\">User properties</h2>\n<table>\n"
                    "<tr><th>Property</th><th>Type</th><th>Allowed values</th><th>Format</th>"
                    "<th>Description</th></tr>\n" },
    .type_table = { "\n<a id=\"types\"></a>\n\n## Types\n\n"
                    "| Type | Base | Allowed values | Format | Description |\n"
                    "|---|---|---|---|---|\n",
                    "<h2 id=\"types\">Types</h2>\n<table>\n<tr><th>Type</th><th>Base</th>"
                    "<th>Allowed values</th><th>Format</th><th>Description</th></tr>\n" },
    .table_end = { "", "</table>\n" },
    .row_open = { "| ", "<tr><td>" },
    .cell_sep = { " | ", "</td><td>" },
    .row_close = { " |\n", "</td></tr>\n" },
    .required = { { " | optional", " | required" },
                  { "</td><td class=\"opt\">optional", "</td><td class=\"req\">required" } },
    .tail = { "", "</main>\n<script>"
                  "document.getElementById('q').addEventListener('input',function(){"
                  "var q=this.value.toLowerCase();"
                  "document.querySelectorAll('section.event').forEach(function(s){"
                  "s.style.display=s.textContent.toLowerCase().indexOf(q)<0?'none':'';});});"
                  "</script>\n</body>\n</html>\n" },
};

static void text(doc *d, const char *s)
{
    spell.text[d->fmt](d->sb, s);
}

static void adds(doc *d, const char *const part[2])
{
    tx_sb_adds(d->sb, part[d->fmt]);
}

/* A description as a paragraph, when there is one. */
static void para(doc *d, const char *s)
{
    if (!s)
        return;
    adds(d, spell.para_open);
    text(d, s);
    adds(d, spell.para_close);
}

/* open, then ": " and the deprecation's reason when it has one, then close. */
static void with_reason(doc *d, const char *open, const tx_meta *m, const char *close)
{
    tx_sb_adds(d->sb, open);
    if (m->deprecated_reason) {
        tx_sb_adds(d->sb, ": ");
        text(d, m->deprecated_reason);
    }
    tx_sb_adds(d->sb, close);
}

static void md_deprecated(doc *d, const tx_meta *m)
{
    (void)m;
    tx_sb_adds(d->sb, " (deprecated)");
}

static void h_deprecated(doc *d, const tx_meta *m)
{
    with_reason(d, " <span class=\"dep\">deprecated", m, "</span>");
}

static void md_deprecated_fact(doc *d, const tx_meta *m)
{
    with_reason(d, "- **Deprecated**", m, "\n");
}

static void h_deprecated_fact(doc *d, const tx_meta *m)
{
    tx_sb_adds(d->sb, "<dt class=\"dep\">Deprecated</dt><dd>");
    tx_sb_add_xmls(d->sb, m->deprecated_reason ? m->deprecated_reason : "yes");
    tx_sb_adds(d->sb, "</dd>\n");
}

/* The taxonomy's name (or "taxonomy") and version. */
static void title(doc *d, const tx_taxonomy *t)
{
    text(d, t->name ? t->name : "taxonomy");
    if (t->version) {
        tx_sb_addc(d->sb, ' ');
        text(d, t->version);
    }
}

static void counts(doc *d, const tx_taxonomy *t)
{
    tx_sb_addf(d->sb, "%zu event%s, %zu propert%s, %zu type%s.", t->n_events,
               t->n_events == 1 ? "" : "s", t->n_props, t->n_props == 1 ? "y" : "ies", t->n_types,
               t->n_types == 1 ? "" : "s");
}

static const char *category_title(const tx_exp_category *c)
{
    return c->name ? c->name : "(no category)";
}

/* Title, description, counts, then the contents. */
static void md_head(doc *d, const tx_taxonomy *t, const tx_exp_category *cats, size_t nc)
{
    tx_sb *sb = d->sb;
    tx_sb_adds(sb, "# ");
    title(d, t);
    tx_sb_adds(sb, "\n\n");
    para(d, t->description);
    counts(d, t);
    tx_sb_adds(sb, "\n\n## Contents\n\n");
    for (size_t c = 0; c < nc; c++) {
        tx_sb_adds(sb, "- [");
        tx_sb_add_md(sb, category_title(&cats[c]));
        tx_sb_addf(sb, "](#category-%zu): %zu event%s\n", c + 1, cats[c].n,
                   cats[c].n == 1 ? "" : "s");
    }
    if (t->n_user_props)
        tx_sb_adds(sb, "- [User properties](#user-properties)\n");
    if (t->n_types)
        tx_sb_adds(sb, "- [Types](#types)\n");
}

static const char css[] =
    "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI','Apple SD Gothic Neo','Noto Sans KR',sans-serif;"
    "margin:0;color:#1f2328;background:#fff}"
    "nav{position:fixed;top:0;left:0;bottom:0;width:250px;overflow:auto;padding:16px;"
    "background:#f6f8fa;border-right:1px solid #d0d7de;box-sizing:border-box}"
    "nav a{color:#0969da;text-decoration:none}nav ul{padding-left:16px;margin:4px 0}"
    "nav input{width:100%;box-sizing:border-box;padding:4px 6px;margin:8px 0}"
    "main{margin-left:250px;padding:16px 32px;max-width:1100px}"
    "h1{margin-top:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:4px;margin-top:32px}"
    "section.event{border:1px solid #d0d7de;border-radius:6px;padding:8px 16px;margin:16px 0}"
    "section.event h3{margin:4px 0;font-family:ui-monospace,monospace}"
    "table{border-collapse:collapse;width:100%;margin:8px 0}"
    "th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f6f8fa}code{font-family:ui-monospace,monospace}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}"
    "dt{font-weight:600}dd{margin:0}"
    ".req{font-weight:600}.opt{color:#57606a}.dep{color:#cf222e}.meta{color:#57606a}"
    "@media print{nav{display:none}main{margin:0}}";

/* The page's head, the navigation (categories and their events), then the
 * title, description and counts. */
static void h_head(doc *d, const tx_taxonomy *t, const tx_exp_category *cats, size_t nc)
{
    tx_sb *sb = d->sb;
    tx_sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    title(d, t);
    tx_sb_adds(sb, " - tracking plan</title>\n<style>");
    tx_sb_adds(sb, css);
    tx_sb_adds(sb, "</style>\n</head>\n<body>\n<nav>\n<strong>");
    tx_sb_add_xmls(sb, t->name ? t->name : "taxonomy");
    tx_sb_adds(sb, "</strong>\n<input id=\"q\" type=\"search\" placeholder=\"filter events\" aria-label=\"filter events\">\n<ul>\n");
    size_t ev_no = 0;
    for (size_t c = 0; c < nc; c++) {
        tx_sb_addf(sb, "<li><a href=\"#cat-%zu\">", c + 1);
        tx_sb_add_xmls(sb, category_title(&cats[c]));
        tx_sb_adds(sb, "</a>\n<ul>\n");
        for (size_t k = 0; k < cats[c].n; k++) {
            tx_sb_addf(sb, "<li><a href=\"#ev-%zu\"><code>", ++ev_no);
            tx_sb_add_xmls(sb, cats[c].events[k]->name);
            tx_sb_adds(sb, "</code></a></li>\n");
        }
        tx_sb_adds(sb, "</ul></li>\n");
    }
    if (t->n_user_props)
        tx_sb_adds(sb, "<li><a href=\"#user-properties\">User properties</a></li>\n");
    if (t->n_types)
        tx_sb_adds(sb, "<li><a href=\"#types\">Types</a></li>\n");
    tx_sb_adds(sb, "</ul>\n</nav>\n<main>\n<h1>");
    title(d, t);
    tx_sb_adds(sb, "</h1>\n");
    para(d, t->description);
    tx_sb_adds(sb, "<p class=\"meta\">");
    counts(d, t);
    tx_sb_adds(sb, "</p>\n");
}

static void fact(doc *d, const char *label, const char *s)
{
    if (!s)
        return;
    tx_sb_addf(d->sb, spell.fact_fmt[d->fmt], label);
    text(d, s);
    adds(d, spell.fact_close);
}

static void event_facts(doc *d, const tx_event *e)
{
    if (!e->trigger && !e->meta.deprecated && !e->meta.owner)
        return;
    adds(d, spell.facts_open);
    fact(d, "Trigger", e->trigger);
    if (e->meta.deprecated)
        spell.deprecated_fact[d->fmt](d, &e->meta);
    fact(d, "Owner", e->meta.owner);
    adds(d, spell.facts_close);
}

/* A cell of the sheet grammar (compiler/sheet/cells.h), escaped. */
static void sheet_cell(doc *d, void (*f)(tx_sb *, const tx_type *), const tx_type *t)
{
    tx_sb_reset(&d->tmp);
    f(&d->tmp, t);
    adds(d, spell.cell_sep);
    text(d, d->tmp.buf);
}

/* The cells every table ends with: allowed values, format, description. */
static void row_tail(doc *d, const tx_type *type, const char *description)
{
    sheet_cell(d, tx_exp_allowed_cell, type);
    sheet_cell(d, tx_exp_format_cell, type);
    adds(d, spell.cell_sep);
    text(d, description);
    adds(d, spell.row_close);
}

/* A property-table row: p's name with the type and metadata of its slot in
 * an event (a per-event variant's own, issue 16) or of p itself; the
 * Required cell only when required >= 0. */
static void prop_row(doc *d, const tx_property *p, const tx_type *type, const tx_meta *meta,
                     int required)
{
    adds(d, spell.row_open);
    spell.code[d->fmt](d->sb, p->name);
    if (meta->deprecated)
        spell.deprecated[d->fmt](d, meta);
    sheet_cell(d, tx_exp_type_cell, type);
    if (required >= 0)
        tx_sb_adds(d->sb, spell.required[d->fmt][required > 0]);
    row_tail(d, type, meta->description);
}

/* A type-table row: name, base, allowed values, format, description. */
static void type_row(doc *d, const tx_type *ty)
{
    adds(d, spell.row_open);
    spell.code[d->fmt](d->sb, ty->name);
    adds(d, spell.cell_sep);
    text(d, tx_base_name(ty->base));
    row_tail(d, ty, ty->meta.description);
}

static void event_section(doc *d, const tx_event *e, size_t no)
{
    tx_sb_addf(d->sb, spell.event_fmt[d->fmt], no);
    spell.event_name[d->fmt](d->sb, e->name);
    adds(d, spell.event_close);
    para(d, e->meta.description);
    event_facts(d, e);
    if (!e->n_props) {
        adds(d, spell.no_props);
        return;
    }
    adds(d, spell.event_table);
    tx_meta vm;
    for (size_t i = 0; i < e->n_props; i++)
        prop_row(d, e->props[i].prop, e->props[i].type, tx_exp_slot_meta(&e->props[i], &vm),
                 e->props[i].required);
    adds(d, spell.event_end);
}

/* The whole document: the head, then per category its events, the user
 * properties, the types, the end. */
static void doc_walk(tx_sb *sb, tx_arena *a, const tx_taxonomy *t, int fmt)
{
    doc d = { sb, TX_SB_INIT, fmt };
    tx_exp_category *cats;
    size_t nc = tx_exp_categories(a, t, &cats);
    spell.head[fmt](&d, t, cats, nc);
    size_t ev_no = 0;
    for (size_t c = 0; c < nc; c++) {
        tx_sb_addf(sb, spell.category_fmt[fmt], c + 1);
        text(&d, category_title(&cats[c]));
        adds(&d, spell.category_close);
        for (size_t k = 0; k < cats[c].n; k++)
            event_section(&d, cats[c].events[k], ++ev_no);
    }
    if (t->n_user_props) {
        adds(&d, spell.user_table);
        for (size_t i = 0; i < t->n_user_props; i++)
            prop_row(&d, t->user_props[i], t->user_props[i]->type, &t->user_props[i]->meta, -1);
        adds(&d, spell.table_end);
    }
    if (t->n_types) {
        adds(&d, spell.type_table);
        for (size_t i = 0; i < t->n_types; i++)
            type_row(&d, t->types[i]);
        adds(&d, spell.table_end);
    }
    adds(&d, spell.tail);
    tx_sb_release(&d.tmp);
}

void tx_export_markdown(tx_sb *sb, tx_arena *a, const tx_taxonomy *t)
{
    doc_walk(sb, a, t, MD);
}

void tx_export_html(tx_sb *sb, tx_arena *a, const tx_taxonomy *t)
{
    doc_walk(sb, a, t, HTML);
}
