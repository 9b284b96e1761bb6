/* The files of `taxonc export jsonschema --out DIR` (see the header): each
 * event's schema under a sanitized file name made unique case-insensitively
 * with a set of lowercased names (the shared map, in the arena), the
 * bundle, and an index from event names to their files. Everything is
 * rendered in memory so the CLI can write all of it or none. */
#include "export_jsonschema_dir.h"
#include "../support/strmap.h"
#include "../support/util.h"
#include <ctype.h>
#include <string.h>

/* Adds name (case-folded); false when it is already there. */
static bool set_add(tx_arena *a, tx_strmap *s, const char *name)
{
    char *low = tx_arena_strdup(a, name);
    for (char *p = low; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    bool found;
    tx_strmap_put(s, low, strlen(low), &found)->val = low;
    return !found;
}

static void render_index(tx_sb *index, const tx_taxonomy *t, const tx_export_file *files)
{
    tx_sb_adds(index, "{\n  \"bundle\": \"bundle.schema.json\",\n  \"events\": {");
    for (size_t i = 0; i < t->n_events; i++) {
        tx_sb_adds(index, i ? ",\n    \"" : "\n    \"");
        tx_sb_add_json_str(index, t->events[i].name, strlen(t->events[i].name));
        tx_sb_addf(index, "\": \"%s\"", files[i].path);
    }
    tx_sb_adds(index, t->n_events ? "\n  }\n}\n" : "}\n}\n");
}

int tx_export_jsonschema_files(tx_arena *a, const tx_taxonomy *t, const tx_jsonschema_opts *o,
                               tx_export_files *out)
{
    tx_strmap set;
    tx_strmap_init_arena(&set, a, t->n_events + 1);
    set_add(a, &set, "index");
    out->n_events = t->n_events;
    out->n = t->n_events + 2;
    out->items = tx_arena_alloc(a, out->n * sizeof *out->items);
    bool failed = false;
    for (size_t i = 0; i < t->n_events; i++) {
        const char *base = tx_exp_file_name(a, t->events[i].name);
        const char *nm = base;
        for (int k = 2; !set_add(a, &set, nm); k++)
            nm = tx_arena_printf(a, "%s-%d", base, k);
        tx_export_file *f = &out->items[i];
        f->path = tx_arena_printf(a, "events/%s.schema.json", nm);
        f->doc = (tx_sb)TX_SB_INIT;
        tx_export_jsonschema_event(&f->doc, t, &t->events[i], o);
        failed |= f->doc.failed;
    }
    tx_export_file *bundle = &out->items[t->n_events], *index = bundle + 1;
    *bundle = (tx_export_file){ "bundle.schema.json", TX_SB_INIT };
    *index = (tx_export_file){ "index.json", TX_SB_INIT };
    tx_export_jsonschema_bundle(&bundle->doc, t, o);
    render_index(&index->doc, t, out->items);
    if (failed || bundle->doc.failed || index->doc.failed) {
        tx_export_files_release(out);
        return -1;
    }
    return 0;
}

void tx_export_files_release(tx_export_files *f)
{
    for (size_t i = 0; i < f->n; i++)
        tx_sb_release(&f->items[i].doc);
    f->n = 0;
}
