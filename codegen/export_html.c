/* `taxonc export html`: a self-contained, browsable tracking plan (one
 * file, inline CSS and a few lines of script, nothing fetched; it reads
 * the same with scripts off). Navigation by category; per event its
 * description, trigger and a property table with type, required, allowed
 * values, format and description; then user properties and named types.
 * Every text from the taxonomy goes through tx_sb_add_xml; ids are our own
 * ASCII counters, never names. */
#include "export_common.h"
#include <string.h>

static void h(tx_sb *sb, const char *s)
{
    if (s)
        tx_sb_add_xml(sb, s, strlen(s));
}

static void cell_of(tx_sb *sb, tx_sb *tmp, void (*f)(tx_sb *, const tx_type *), const tx_type *t)
{
    tx_sb_reset(tmp);
    f(tmp, t);
    tx_sb_add_xml(sb, tmp->buf, tmp->len);
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

static const char script[] =
    "document.getElementById('q').addEventListener('input',function(){"
    "var q=this.value.toLowerCase();"
    "document.querySelectorAll('section.event').forEach(function(s){"
    "s.style.display=s.textContent.toLowerCase().indexOf(q)<0?'none':'';});});";

/* One property row: p's name, with the type and metadata of its slot in
 * an event (a per-event variant's own, issue 16) or of p itself. */
static void prop_row(tx_sb *sb, tx_sb *tmp, const tx_property *p, const tx_type *type,
                     const tx_meta *meta, int required)
{
    tx_sb_adds(sb, "<tr><td><code>");
    h(sb, p->name);
    tx_sb_adds(sb, "</code>");
    if (meta->deprecated) {
        tx_sb_adds(sb, " <span class=\"dep\">deprecated");
        if (meta->deprecated_reason) {
            tx_sb_adds(sb, ": ");
            h(sb, meta->deprecated_reason);
        }
        tx_sb_adds(sb, "</span>");
    }
    tx_sb_adds(sb, "</td><td>");
    cell_of(sb, tmp, tx_exp_type_cell, type);
    if (required >= 0)
        tx_sb_adds(sb, required ? "</td><td class=\"req\">required" : "</td><td class=\"opt\">optional");
    tx_sb_adds(sb, "</td><td>");
    cell_of(sb, tmp, tx_exp_allowed_cell, type);
    tx_sb_adds(sb, "</td><td>");
    cell_of(sb, tmp, tx_exp_format_cell, type);
    tx_sb_adds(sb, "</td><td>");
    h(sb, meta->description);
    tx_sb_adds(sb, "</td></tr>\n");
}

void tx_export_html(tx_sb *sb, tx_arena *a, const tx_taxonomy *t)
{
    tx_sb tmp = TX_SB_INIT;
    tx_exp_category *cats;
    size_t nc = tx_exp_categories(a, t, &cats);
    const char *title = t->name ? t->name : "taxonomy";

    tx_sb_adds(sb, "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    h(sb, title);
    if (t->version) {
        tx_sb_addc(sb, ' ');
        h(sb, t->version);
    }
    tx_sb_adds(sb, " - tracking plan</title>\n<style>");
    tx_sb_adds(sb, css);
    tx_sb_adds(sb, "</style>\n</head>\n<body>\n<nav>\n<strong>");
    h(sb, title);
    tx_sb_adds(sb, "</strong>\n<input id=\"q\" type=\"search\" placeholder=\"filter events\" aria-label=\"filter events\">\n<ul>\n");
    size_t ev_no = 0;
    for (size_t c = 0; c < nc; c++) {
        tx_sb_addf(sb, "<li><a href=\"#cat-%zu\">", c + 1);
        h(sb, cats[c].name ? cats[c].name : "(no category)");
        tx_sb_adds(sb, "</a>\n<ul>\n");
        for (size_t k = 0; k < cats[c].n; k++) {
            tx_sb_addf(sb, "<li><a href=\"#ev-%zu\"><code>", ++ev_no);
            h(sb, cats[c].events[k]->name);
            tx_sb_adds(sb, "</code></a></li>\n");
        }
        tx_sb_adds(sb, "</ul></li>\n");
    }
    if (t->n_user_props)
        tx_sb_adds(sb, "<li><a href=\"#user-properties\">User properties</a></li>\n");
    if (t->n_types)
        tx_sb_adds(sb, "<li><a href=\"#types\">Types</a></li>\n");
    tx_sb_adds(sb, "</ul>\n</nav>\n<main>\n<h1>");
    h(sb, title);
    if (t->version) {
        tx_sb_addc(sb, ' ');
        h(sb, t->version);
    }
    tx_sb_adds(sb, "</h1>\n");
    if (t->description) {
        tx_sb_adds(sb, "<p>");
        h(sb, t->description);
        tx_sb_adds(sb, "</p>\n");
    }
    tx_sb_addf(sb, "<p class=\"meta\">%zu event%s, %zu propert%s, %zu type%s.</p>\n", t->n_events,
               t->n_events == 1 ? "" : "s", t->n_props, t->n_props == 1 ? "y" : "ies", t->n_types,
               t->n_types == 1 ? "" : "s");
    ev_no = 0;
    for (size_t c = 0; c < nc; c++) {
        tx_sb_addf(sb, "<h2 id=\"cat-%zu\">", c + 1);
        h(sb, cats[c].name ? cats[c].name : "(no category)");
        tx_sb_adds(sb, "</h2>\n");
        for (size_t k = 0; k < cats[c].n; k++) {
            const tx_event *e = cats[c].events[k];
            tx_sb_addf(sb, "<section class=\"event\" id=\"ev-%zu\">\n<h3>", ++ev_no);
            h(sb, e->name);
            tx_sb_adds(sb, "</h3>\n");
            if (e->meta.description) {
                tx_sb_adds(sb, "<p>");
                h(sb, e->meta.description);
                tx_sb_adds(sb, "</p>\n");
            }
            if (e->trigger || e->meta.deprecated || e->meta.owner) {
                tx_sb_adds(sb, "<dl>\n");
                if (e->trigger) {
                    tx_sb_adds(sb, "<dt>Trigger</dt><dd>");
                    h(sb, e->trigger);
                    tx_sb_adds(sb, "</dd>\n");
                }
                if (e->meta.deprecated) {
                    tx_sb_adds(sb, "<dt class=\"dep\">Deprecated</dt><dd>");
                    h(sb, e->meta.deprecated_reason ? e->meta.deprecated_reason : "yes");
                    tx_sb_adds(sb, "</dd>\n");
                }
                if (e->meta.owner) {
                    tx_sb_adds(sb, "<dt>Owner</dt><dd>");
                    h(sb, e->meta.owner);
                    tx_sb_adds(sb, "</dd>\n");
                }
                tx_sb_adds(sb, "</dl>\n");
            }
            if (!e->n_props) {
                tx_sb_adds(sb, "<p class=\"meta\">No properties.</p>\n</section>\n");
                continue;
            }
            tx_sb_adds(sb, "<table>\n<tr><th>Property</th><th>Type</th><th>Required</th>"
                           "<th>Allowed values</th><th>Format</th><th>Description</th></tr>\n");
            tx_meta vm;
            for (size_t i = 0; i < e->n_props; i++)
                prop_row(sb, &tmp, e->props[i].prop, e->props[i].type,
                         tx_exp_slot_meta(&e->props[i], &vm), e->props[i].required);
            tx_sb_adds(sb, "</table>\n</section>\n");
        }
    }
    if (t->n_user_props) {
        tx_sb_adds(sb, "<h2 id=\"user-properties\">User properties</h2>\n<table>\n"
                       "<tr><th>Property</th><th>Type</th><th>Allowed values</th><th>Format</th>"
                       "<th>Description</th></tr>\n");
        for (size_t i = 0; i < t->n_user_props; i++)
            prop_row(sb, &tmp, t->user_props[i], t->user_props[i]->type, &t->user_props[i]->meta, -1);
        tx_sb_adds(sb, "</table>\n");
    }
    if (t->n_types) {
        tx_sb_adds(sb, "<h2 id=\"types\">Types</h2>\n<table>\n<tr><th>Type</th><th>Base</th>"
                       "<th>Allowed values</th><th>Format</th><th>Description</th></tr>\n");
        for (size_t i = 0; i < t->n_types; i++) {
            const tx_type *ty = t->types[i];
            tx_sb_adds(sb, "<tr><td><code>");
            h(sb, ty->name);
            tx_sb_adds(sb, "</code></td><td>");
            h(sb, tx_base_name(ty->base));
            tx_sb_adds(sb, "</td><td>");
            cell_of(sb, &tmp, tx_exp_allowed_cell, ty);
            tx_sb_adds(sb, "</td><td>");
            cell_of(sb, &tmp, tx_exp_format_cell, ty);
            tx_sb_adds(sb, "</td><td>");
            h(sb, ty->meta.description);
            tx_sb_adds(sb, "</td></tr>\n");
        }
        tx_sb_adds(sb, "</table>\n");
    }
    tx_sb_adds(sb, "</main>\n<script>");
    tx_sb_adds(sb, script);
    tx_sb_adds(sb, "</script>\n</body>\n</html>\n");
    tx_sb_release(&tmp);
}
