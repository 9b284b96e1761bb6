/* `taxonc export csv`: the tracking-plan sheet marketing teams keep, one row
 * per (event, property), columns Category | Event | Event description |
 * Property | Property description | Type | Allowed values | Format |
 * Required | Trigger. Merged-cell style: the event's own cells are filled on
 * its first row only, as in hand-made sheets. RFC 4180: CRLF line ends,
 * fields quoted when they hold a comma, quote, CR or LF, or edge spaces.
 * The cell grammar is export_common.c's, read back by import_csv.c. */
#include "export_common.h"
#include <string.h>

static void csv_field(tx_sb *sb, const char *s, size_t n)
{
    bool quote = n && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        tx_sb_add(sb, s, n);
        return;
    }
    tx_sb_addc(sb, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            tx_sb_addc(sb, '"');
        tx_sb_addc(sb, s[i]);
    }
    tx_sb_addc(sb, '"');
}

static void cell(tx_sb *sb, const char *s, bool last)
{
    if (s)
        csv_field(sb, s, strlen(s));
    tx_sb_adds(sb, last ? "\r\n" : ",");
}

static void sb_cell(tx_sb *sb, tx_sb *tmp, bool last)
{
    csv_field(sb, tmp->buf, tmp->len);
    tx_sb_adds(sb, last ? "\r\n" : ",");
    tx_sb_reset(tmp);
}

/* "[deprecated: reason] description" */
static void described(tx_sb *tmp, const tx_meta *m)
{
    if (m->deprecated) {
        if (m->deprecated_reason)
            tx_sb_addf(tmp, "[deprecated: %s]", m->deprecated_reason);
        else
            tx_sb_adds(tmp, "[deprecated]");
        if (m->description)
            tx_sb_addc(tmp, ' ');
    }
    if (m->description)
        tx_sb_adds(tmp, m->description);
}

void tx_export_csv(tx_sb *sb, const tx_taxonomy *t, const tx_csv_opts *o)
{
    if (!o || !o->no_bom)
        tx_sb_adds(sb, "\xEF\xBB\xBF");
    tx_sb_adds(sb, "Category,Event,Event description,Property,Property description,Type,"
                   "Allowed values,Format,Required,Trigger\r\n");
    tx_sb tmp = TX_SB_INIT;
    for (size_t i = 0; i < t->n_events; i++) {
        const tx_event *e = &t->events[i];
        size_t rows = e->n_props ? e->n_props : 1;
        for (size_t r = 0; r < rows; r++) {
            bool head = r == 0;
            cell(sb, head ? e->category : NULL, false);
            cell(sb, head ? e->name : NULL, false);
            if (head)
                described(&tmp, &e->meta);
            sb_cell(sb, &tmp, false);
            if (!e->n_props) {
                tx_sb_adds(sb, ",,,,,,");
                cell(sb, e->trigger, true);
                continue;
            }
            const tx_event_prop *ep = &e->props[r];
            const tx_property *p = ep->prop;
            cell(sb, p->name, false);
            described(&tmp, &p->meta);
            sb_cell(sb, &tmp, false);
            tx_exp_type_cell(&tmp, p->type);
            sb_cell(sb, &tmp, false);
            tx_exp_allowed_cell(&tmp, p->type);
            sb_cell(sb, &tmp, false);
            tx_exp_format_cell(&tmp, p->type);
            sb_cell(sb, &tmp, false);
            cell(sb, ep->required ? "required" : "optional", false);
            cell(sb, head ? e->trigger : NULL, true);
        }
    }
    tx_sb_release(&tmp);
}
