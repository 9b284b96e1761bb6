/* The funnels' part of the validation reports (report.c calls in here):
 * per funnel the conversion table (journeys, entered, reached at each step
 * in order, completed), what closed journeys early (window, eviction) and
 * the violations by kind. Text and JSON give the numbers; JUnit a test
 * case per funnel (failing when it has violations of a failing code); HTML
 * draws the funnel as horizontal bars in inline SVG, no scripts. Every
 * count comes from val_result.funnels (filled at the end of a run, or by
 * `taxonc report merge`); nothing here reads the engine. */
#include "internal.h"
#include "funnels.h"
#include <string.h>

typedef unsigned long long ull;

static double share(uint64_t a, uint64_t b)
{
    return b ? 100.0 * (double)a / (double)b : 0.0;
}

static uint64_t key_mismatches(const val_fn_counts *c)
{
    return c->key_missing + c->key_changed;
}

/* One funnel's part of a report; f is its index. */
typedef void funnel_part(tx_sb *b, const tx_funnel *fu, const val_fn_counts *c, size_t f);

/* A report's funnels section, nothing without funnels: head (a format that
 * may print the journeys kept, %zu), each funnel's part in the taxonomy's
 * order, tail. */
static void funnel_section(tx_sb *b, const val_result *r, const char *head, funnel_part *part,
                           const char *tail)
{
    if (!r->n_funnels)
        return;
    tx_sb_addf(b, head, r->funnel_journeys);
    for (size_t f = 0; f < r->n_funnels; f++)
        part(b, &r->tax->funnels[f], &r->funnels[f], f);
    tx_sb_adds(b, tail);
}

static void text_funnel(tx_sb *b, const tx_funnel *fu, const val_fn_counts *c, size_t f)
{
    (void)f;
    tx_sb_addf(b, "  %s (key %s, within %s): %llu journeys, %llu entered, %llu completed "
                  "(%.1f%%)\n",
               fu->name, fu->key ? fu->key : "user", fu->within_text, (ull)c->journeys,
               (ull)c->entered, (ull)c->completed, share(c->completed, c->entered));
    tx_sb_addf(b, "    %-32s %10s %11s %12s\n", "step", "reached", "of entered", "of previous");
    for (size_t s = 0; s < fu->n_steps; s++) {
        char label[300];
        snprintf(label, sizeof label, "%zu %s", s + 1, fu->steps[s].event->name);
        tx_sb_addf(b, "    %-32s %10llu %10.1f%%", label, (ull)c->reached[s],
                   share(c->reached[s], c->entered));
        if (s)
            tx_sb_addf(b, " %11.1f%%", share(c->reached[s], c->reached[s - 1]));
        tx_sb_addc(b, '\n');
    }
    tx_sb_addf(b, "    out of order %llu, skipped step %llu, key mismatch %llu "
                  "(missing %llu, changed %llu)\n",
               (ull)c->out_of_order, (ull)c->skipped, (ull)key_mismatches(c),
               (ull)c->key_missing, (ull)c->key_changed);
    if (c->evicted)
        tx_sb_addf(b, "    %llu journeys evicted before their window ended (table full: "
                      "raise --funnel-journeys)\n", (ull)c->evicted);
}

void val_fn_report_text(tx_sb *b, const val_result *r)
{
    funnel_section(b, r, "\nfunnels (open journeys kept: %zu):\n", text_funnel, "");
    if (r->n_funnels && r->funnel_links_forgotten)
        tx_sb_addf(b, "  %llu device -> user links forgotten (table full: raise "
                      "--funnel-journeys)\n", (ull)r->funnel_links_forgotten);
}

static void json_funnel(tx_sb *b, const tx_funnel *fu, const val_fn_counts *c, size_t f)
{
    tx_sb_adds(b, f ? ",\n  " : "\n  ");
    tx_sb_addesc(b, tx_sb_add_jstr, "{\"name\":%s,\"key\":%s,\"within\":%s,\"within_s\":%lld,"
                 "\"hits\":%llu,\"journeys\":%llu,\"entered\":%llu,\"completed\":%llu,"
                 "\"expired\":%llu,\"evicted\":%llu,\"open\":%llu,\"steps\":[", fu->name,
                 fu->key ? fu->key : "user", fu->within_text, (long long)fu->within_s,
                 (ull)c->hits, (ull)c->journeys, (ull)c->entered, (ull)c->completed,
                 (ull)c->expired, (ull)c->evicted, (ull)c->open);
    for (size_t s = 0; s < fu->n_steps; s++) {
        tx_sb_adds(b, s ? "," : "");
        tx_sb_addesc(b, tx_sb_add_jstr, "{\"event\":%s,\"reached\":%llu}",
                     fu->steps[s].event->name, (ull)c->reached[s]);
    }
    tx_sb_addf(b, "],\"violations\":{\"funnel-out-of-order\":%llu,\"funnel-skipped-step\":%llu,"
                  "\"funnel-key-mismatch\":%llu,\"key_missing\":%llu,\"key_changed\":%llu}}",
               (ull)c->out_of_order, (ull)c->skipped, (ull)key_mismatches(c),
               (ull)c->key_missing, (ull)c->key_changed);
}

void val_fn_report_json(tx_sb *b, const val_result *r)
{
    funnel_section(b, r, ",\n\"funnel_journeys\":%zu,\"funnels\":[", json_funnel, "]");
}

static bool funnel_fails(const val_fn_counts *c, const bool *fail)
{
    return (c->out_of_order && fail[VAL_FUNNEL_OUT_OF_ORDER]) ||
           (c->skipped && fail[VAL_FUNNEL_SKIPPED_STEP]) ||
           (key_mismatches(c) && fail[VAL_FUNNEL_KEY_MISMATCH]);
}

size_t val_fn_junit_count(const val_result *r, const bool *fail, size_t *failures)
{
    for (size_t f = 0; f < r->n_funnels && fail; f++)
        if (funnel_fails(&r->funnels[f], fail))
            (*failures)++;
    return r->n_funnels;
}

void val_fn_report_junit(tx_sb *b, const val_result *r, const bool *fail)
{
    const tx_taxonomy *t = r->tax;
    for (size_t f = 0; f < r->n_funnels; f++) {
        const tx_funnel *fu = &t->funnels[f];
        const val_fn_counts *c = &r->funnels[f];
        tx_sb_addesc(b, tx_sb_add_xmls, "    <testcase classname=\"funnels\" name=\"%s\">",
                     fu->name);
        bool fails = fail && funnel_fails(c, fail);
        if (fails)
            tx_sb_addf(b, "<failure message=\"%llu out of order, %llu skipped steps, %llu key "
                          "mismatches\" type=\"funnel\">",
                       (ull)c->out_of_order, (ull)c->skipped, (ull)key_mismatches(c));
        else
            tx_sb_adds(b, "<system-out>");
        tx_sb_addf(b, "%llu journeys, %llu entered, %llu completed\n", (ull)c->journeys,
                   (ull)c->entered, (ull)c->completed);
        for (size_t s = 0; s < fu->n_steps; s++)
            tx_sb_addesc(b, tx_sb_add_xmls, "%zu %s: %llu\n", s + 1, fu->steps[s].event->name,
                         (ull)c->reached[s]);
        if (!fails)
            tx_sb_addf(b, "violations: %llu out of order, %llu skipped steps, %llu key mismatches\n",
                       (ull)c->out_of_order, (ull)c->skipped, (ull)key_mismatches(c));
        tx_sb_adds(b, fails ? "</failure>" : "</system-out>");
        tx_sb_adds(b, "</testcase>\n");
    }
}

/* One funnel as bars: a row per step, its width the share of entered
 * journeys that reached it, the count and share written beside it. */
static void svg_funnel(tx_sb *b, const tx_funnel *fu, const val_fn_counts *c)
{
    const int row = 26, label_w = 220, bar_w = 360, h = (int)fu->n_steps * row + 8;
    tx_sb_addesc(b, tx_sb_add_xmls, "<svg class=\"funnel\" role=\"img\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>\n",
                 label_w + bar_w + 160, h, label_w + bar_w + 160, h, fu->name);
    for (size_t s = 0; s < fu->n_steps; s++) {
        double p = share(c->reached[s], c->entered);
        int y = (int)s * row + 4, w = (int)(p / 100.0 * bar_w + 0.5);
        tx_sb_addesc(b, tx_sb_add_xmls, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"13\">"
                     "%zu %s</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eee\"/>"
                     "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#2a7\"/>"
                     "<text x=\"%d\" y=\"%d\" font-size=\"13\">%llu (%.1f%%)</text>\n",
                     label_w - 8, y + 15, s + 1, fu->steps[s].event->name, label_w, y, bar_w,
                     row - 6, label_w, y, w, row - 6, label_w + bar_w + 8, y + 15,
                     (ull)c->reached[s], p);
    }
    tx_sb_adds(b, "</svg>\n");
}

static void html_funnel(tx_sb *b, const tx_funnel *fu, const val_fn_counts *c, size_t f)
{
    (void)f;
    tx_sb_addesc(b, tx_sb_add_xmls, "<h3><code>%s</code></h3>\n<p>key <code>%s</code>, within "
                 "<code>%s</code>: %llu journeys, %llu entered, <b>%llu completed (%.1f%%)</b>; "
                 "%llu out of order, %llu skipped steps, %llu key mismatches",
                 fu->name, fu->key ? fu->key : "user", fu->within_text, (ull)c->journeys,
                 (ull)c->entered, (ull)c->completed, share(c->completed, c->entered),
                 (ull)c->out_of_order, (ull)c->skipped, (ull)key_mismatches(c));
    if (c->evicted)
        tx_sb_addf(b, "; <span class=\"bad\">%llu evicted</span>", (ull)c->evicted);
    tx_sb_adds(b, ".</p>\n");
    svg_funnel(b, fu, c);
}

void val_fn_report_html(tx_sb *b, const val_result *r)
{
    /* no count in the head: each funnel's line gives its own */
    funnel_section(b, r, "<h2>Funnels</h2>\n<div id=\"funnels\">\n", html_funnel, "</div>\n");
}
