/* Renderers for a tx_diff: text for terminals and logs, JSON for machines,
 * Markdown for a pull-request comment. Each builds the whole document in a
 * string builder and hands it to `out` once. The order of changes is the
 * engine's (breaking, compatible, docs; model order inside each class). */
#include "diff.h"
#include "../../support/strbuf.h"
#include "../../support/util.h"

static const char *const class_titles[] = { "None", "Documentation only", "Compatible", "Breaking" };

static void flush(tx_sb *sb, tx_out_fn out, void *ud)
{
    if (sb->failed) {
        static const char oom[] = "taxonc: out of memory while rendering the diff\n";
        out(ud, oom, sizeof oom - 1);
    } else {
        out(ud, sb->buf, sb->len);
    }
    tx_sb_release(sb);
}

/* ---- text ------------------------------------------------------------------ */

static void side_text(tx_sb *sb, const char *label, const char *name, const char *version)
{
    tx_sb_adds(sb, label ? label : "?");
    if (name || version)
        tx_sb_addf(sb, " (%s %s)", name ? name : "?", version ? version : "no version");
}

void tx_diff_render_text(const tx_diff *d, bool color, tx_out_fn out, void *ud)
{
    static const char *const colors[] = { "", "\033[2m", "\033[33m", "\033[1;31m" };
    tx_sb sb = TX_SB_INIT;
    tx_sb_adds(&sb, "comparing ");
    side_text(&sb, d->old_label, d->old_name, d->old_version);
    tx_sb_adds(&sb, " with ");
    side_text(&sb, d->new_label, d->new_name, d->new_version);
    tx_sb_adds(&sb, "\n");
    if (d->n)
        tx_sb_addc(&sb, '\n');
    for (size_t i = 0; i < d->n; i++) {
        const tx_change *c = &d->changes[i];
        const char *cls = tx_change_class_name(c->cls);
        if (color)
            tx_sb_addf(&sb, "%s%-10s\033[0m %s [%s]\n", colors[c->cls], cls, c->message,
                       tx_change_kind_get(c->kind)->id);
        else
            tx_sb_addf(&sb, "%-10s %s [%s]\n", cls, c->message, tx_change_kind_get(c->kind)->id);
    }
    tx_sb_addc(&sb, '\n');
    if (d->n)
        tx_sb_addf(&sb, "%zu change%s: %zu breaking, %zu compatible, %zu docs\n", d->n,
                   d->n == 1 ? "" : "s", d->n_breaking, d->n_compatible, d->n_docs);
    else
        tx_sb_adds(&sb, "no changes\n");
    if (d->version.checked)
        tx_sb_addf(&sb, "version: %s%s\n", d->version.ok ? "ok, " : "", d->version.message);
    flush(&sb, out, ud);
}

/* ---- JSON -------------------------------------------------------------------- */

static void jside(tx_sb *sb, const char *key, const char *label, const char *name, const char *ver)
{
    tx_sb_addf(sb, "  \"%s\": ", key);
    tx_sb_addesc(sb, tx_sb_add_jstr, "{\"file\": %s, \"taxonomy\": %s, \"version\": %s},\n", label,
                 name, ver);
}

void tx_diff_render_json(const tx_diff *d, tx_out_fn out, void *ud)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_adds(&sb, "{\n");
    jside(&sb, "old", d->old_label, d->old_name, d->old_version);
    jside(&sb, "new", d->new_label, d->new_name, d->new_version);
    tx_sb_adds(&sb, "  \"changes\": [");
    for (size_t i = 0; i < d->n; i++) {
        const tx_change *c = &d->changes[i];
        tx_sb_adds(&sb, i ? ",\n    " : "\n    ");
        tx_sb_addesc(&sb, tx_sb_add_jstr, "{\"class\": %s, \"kind\": %s, \"subject\": %s, "
                     "\"name\": %s, \"old_name\": %s, \"path\": %s, \"attribute\": %s, "
                     "\"old\": %s, \"new\": %s, \"message\": %s}",
                     tx_change_class_name(c->cls), tx_change_kind_get(c->kind)->id,
                     tx_subject_name(c->subject), c->name, c->old_name, c->path, c->what,
                     c->old_value, c->new_value, c->message);
    }
    tx_sb_adds(&sb, d->n ? "\n  ],\n" : "],\n");
    tx_sb_addf(&sb, "  \"summary\": {\"total\": %zu, \"breaking\": %zu, \"compatible\": %zu, \"docs\": %zu},\n",
               d->n, d->n_breaking, d->n_compatible, d->n_docs);
    const tx_version_check *v = &d->version;
    tx_sb_addf(&sb, "  \"version_check\": {\"checked\": %s, \"ok\": %s, ",
               v->checked ? "true" : "false", v->ok ? "true" : "false");
    tx_sb_addesc(&sb, tx_sb_add_jstr, "\"needed\": %s, \"expected\": %s, \"message\": %s}\n}\n",
                 tx_change_class_name(v->needed), v->expected, v->message);
    flush(&sb, out, ud);
}

/* ---- Markdown ------------------------------------------------------------------ */


void tx_diff_render_markdown(const tx_diff *d, tx_out_fn out, void *ud)
{
    tx_sb sb = TX_SB_INIT;
    tx_sb_addesc(&sb, tx_sb_add_md_code, "### Taxonomy changes: %s ",
                 d->new_name ? d->new_name : d->old_name);
    tx_sb_addesc(&sb, tx_sb_add_md, "%s → %s\n\n", d->old_version ? d->old_version : "(no version)",
                 d->new_version ? d->new_version : "(no version)");
    if (!d->n) {
        tx_sb_adds(&sb, "No changes.\n");
    } else {
        tx_sb_addf(&sb, "%s%zu breaking%s · %zu compatible · %zu documentation only\n",
                   d->n_breaking ? "**" : "", d->n_breaking, d->n_breaking ? "**" : "",
                   d->n_compatible, d->n_docs);
    }
    if (d->version.checked) {
        tx_sb_adds(&sb, d->version.ok ? "\n:white_check_mark:" : "\n:x:");
        tx_sb_addesc(&sb, tx_sb_add_md, " **Version:** %s\n", d->version.message);
    }
    for (int cls = TX_CHG_BREAKING; cls >= TX_CHG_DOCS; cls--) {
        bool any = false;
        for (size_t i = 0; i < d->n; i++) {
            const tx_change *c = &d->changes[i];
            if ((int)c->cls != cls)
                continue;
            if (!any) {
                tx_sb_addf(&sb, "\n#### %s\n\n| Item | Change | Kind |\n|---|---|---|\n",
                           class_titles[cls]);
                any = true;
            }
            tx_sb_addf(&sb, "| %s ", tx_subject_name(c->subject));
            tx_sb_add_md_code(&sb, c->name);
            tx_sb_addesc(&sb, tx_sb_add_md, " | %s | %s |\n", c->detail,
                         tx_change_kind_get(c->kind)->id);
        }
    }
    flush(&sb, out, ud);
}
