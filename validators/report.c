/* Reports of a validation run, all rendered from one val_result: text
 * (concise summary, or every kept violation with --verbose), JSON for
 * machines, JUnit XML (one test case per event type, so CI shows QA
 * results) and a self-contained HTML page (no scripts, no external files:
 * coverage bars, SVG bar charts by code and by event, the violations per
 * event and property, examples), built one section per function. Every
 * string that came from a log or the taxonomy is escaped for the output's
 * language. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

int val_format_parse(const char *s, val_format *out)
{
    static const struct { const char *name; val_format f; } tab[] = {
        { "text", VAL_FMT_TEXT }, { "json", VAL_FMT_JSON },
        { "junit", VAL_FMT_JUNIT }, { "html", VAL_FMT_HTML },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].name) == 0) {
            *out = tab[i].f;
            return 0;
        }
    return -1;
}

typedef unsigned long long ull;

static ull total_violations(const val_result *r)
{
    ull t = 0;
    for (int i = 0; i < VAL_N_CODES; i++)
        t += r->code_count[i];
    return t;
}

/* Codes with a count, most frequent first (ties: list order). */
static size_t codes_by_count(const val_result *r, int out[VAL_N_CODES])
{
    size_t n = 0;
    for (int i = 0; i < VAL_N_CODES; i++)
        if (r->code_count[i])
            out[n++] = i;
    for (size_t i = 1; i < n; i++) {
        int x = out[i];
        size_t j = i;
        while (j > 0 && r->code_count[out[j - 1]] < r->code_count[x]) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}

typedef struct coverage {
    size_t ev_total, ev_seen, prop_total, prop_seen;
} coverage;

static coverage cover(const val_result *r)
{
    coverage c = { 0, 0, 0, 0 };
    const tx_taxonomy *t = r->tax;
    c.ev_total = t->n_events;
    for (size_t i = 0; i < t->n_events; i++)
        c.ev_seen += r->ev[i].seen > 0;
    c.prop_total = t->n_props;
    for (size_t i = 0; i < t->n_props; i++)
        c.prop_seen += r->prop_seen[i] != 0;
    return c;
}

static double pct(size_t a, size_t b)
{
    return b ? 100.0 * (double)a / (double)b : 100.0;
}

static void sb_write(tx_sb *sb, FILE *out)
{
    if (sb->len)
        fwrite(sb->buf, 1, sb->len, out);
    tx_sb_release(sb);
}

/* --- text ------------------------------------------------------------------ */

static void text_violation(tx_sb *b, const val_violation *v)
{
    tx_sb_addf(b, "%s:%llu:%llu: %s: %s", v->file, (ull)v->line, (ull)v->column,
               val_code_name(v->code), v->message);
    if (v->path && v->path[0])
        tx_sb_addf(b, " at %s", v->path);
    if (v->event)
        tx_sb_addf(b, " (event '%s')", v->event);
    tx_sb_addc(b, '\n');
    if (v->expected || v->found) {
        tx_sb_adds(b, "    ");
        if (v->expected)
            tx_sb_addf(b, "expected: %s", v->expected);
        if (v->expected && v->found)
            tx_sb_adds(b, "; ");
        if (v->found)
            tx_sb_addf(b, "found: %s", v->found);
        tx_sb_addc(b, '\n');
    }
}

static void report_text(const val_result *r, const val_report_opts *o, FILE *out)
{
    tx_sb b = TX_SB_INIT;
    const tx_taxonomy *t = r->tax;
    ull total = total_violations(r);
    if (o->verbose) {
        for (size_t i = 0; i < r->n_kept; i++)
            text_violation(&b, &r->kept[i]);
        if (total > r->n_kept)
            tx_sb_addf(&b, "... %llu more violations not shown (--max-errors %zu)\n",
                       total - r->n_kept, r->max_errors);
        if (r->n_kept)
            tx_sb_addc(&b, '\n');
    }
    tx_sb_addf(&b, "validated %llu record%s (%llu event%s) in %llu file%s, profile %s\n",
               (ull)r->records, r->records == 1 ? "" : "s", (ull)r->events,
               r->events == 1 ? "" : "s", (ull)r->files, r->files == 1 ? "" : "s",
               val_profile_name(r->profile));
    tx_sb_addf(&b, "  valid %llu, invalid %llu", (ull)r->valid, (ull)r->invalid);
    if (r->ignored)
        tx_sb_addf(&b, ", ignored %llu (not track events)", (ull)r->ignored);
    tx_sb_addc(&b, '\n');
    int order[VAL_N_CODES];
    size_t nc = codes_by_count(r, order);
    if (nc) {
        tx_sb_addf(&b, "\nviolations (%llu):\n", total);
        for (size_t i = 0; i < nc; i++) {
            int c = order[i];
            tx_sb_addf(&b, "  %-20s %8llu%s\n", val_code_name((val_code)c),
                       (ull)r->code_count[c], o->fail && !o->fail[c] ? "  (not failing)" : "");
            if (!o->verbose && r->n_examples[c]) {
                const val_violation *v = &r->examples[c][0];
                tx_sb_addf(&b, "    e.g. %s:%llu:%llu: %s", v->file, (ull)v->line,
                           (ull)v->column, v->message);
                if (v->path && v->path[0])
                    tx_sb_addf(&b, " at %s", v->path);
                tx_sb_addc(&b, '\n');
            }
        }
    }
    bool any = false;
    for (size_t i = 0; i < t->n_events; i++) {
        const val_event_stats *s = &r->ev[i];
        if (!s->seen)
            continue;
        if (!any)
            tx_sb_addf(&b, "\nevents: %-28s %8s %8s %8s\n", "", "seen", "valid", "invalid");
        any = true;
        tx_sb_addf(&b, "  %-34s %8llu %8llu %8llu\n", t->events[i].name, (ull)s->seen,
                   (ull)s->valid, (ull)s->invalid);
    }
    if (r->unknown.seen) {
        tx_sb_addf(&b, "  %-34s %8llu %8llu %8llu\n", "(unknown events)", (ull)r->unknown.seen,
                   (ull)r->unknown.valid, (ull)r->unknown.invalid);
        for (size_t i = 0; i < r->n_unknown && i < 10; i++)
            tx_sb_addf(&b, "    %s (%llu)\n", r->unknown_names[i].name,
                       (ull)r->unknown_names[i].seen);
        if (r->n_unknown > 10)
            tx_sb_addf(&b, "    ... %zu more names\n", r->n_unknown - 10);
    }
    coverage cv = cover(r);
    tx_sb_addf(&b, "\ncoverage: %zu/%zu events seen (%.1f%%), %zu/%zu properties seen (%.1f%%)\n",
               cv.ev_seen, cv.ev_total, pct(cv.ev_seen, cv.ev_total), cv.prop_seen, cv.prop_total,
               pct(cv.prop_seen, cv.prop_total));
    if (cv.ev_seen < cv.ev_total) {
        tx_sb_adds(&b, "  events never seen:");
        size_t shown = 0;
        for (size_t i = 0; i < t->n_events; i++)
            if (!r->ev[i].seen) {
                if (shown++ == 20 && !o->verbose) {
                    tx_sb_addf(&b, " ... (%zu more)", cv.ev_total - cv.ev_seen - 20);
                    break;
                }
                tx_sb_addf(&b, " %s", t->events[i].name);
            }
        tx_sb_addc(&b, '\n');
    }
    if (cv.prop_seen < cv.prop_total) {
        tx_sb_adds(&b, "  properties never seen:");
        size_t shown = 0;
        for (size_t i = 0; i < t->n_props; i++)
            if (!r->prop_seen[i]) {
                if (shown++ == 20 && !o->verbose) {
                    tx_sb_addf(&b, " ... (%zu more)", cv.prop_total - cv.prop_seen - 20);
                    break;
                }
                tx_sb_addf(&b, " %s", t->props[i].name);
            }
        tx_sb_addc(&b, '\n');
    }
    val_fn_report_text(&b, r);
    if (r->failing)
        tx_sb_addf(&b, "\nFAIL: %llu invalid record%s\n", (ull)r->invalid,
                   r->invalid == 1 ? "" : "s");
    else
        tx_sb_adds(&b, "\nOK: no failing violations\n");
    sb_write(&b, out);
}

/* --- JSON ------------------------------------------------------------------ */

void val_violation_json(struct tx_sb *b, const val_violation *v)
{
    tx_sb_addesc(b, tx_sb_add_jstr, "{\"code\":%s,\"file\":%s,\"line\":%llu,\"column\":%llu,"
                 "\"record\":%llu,\"event\":%s,\"path\":%s,\"message\":%s,\"expected\":%s,"
                 "\"found\":%s}", val_code_name(v->code), v->file, (ull)v->line, (ull)v->column,
                 (ull)v->record, v->event, v->path, v->message, v->expected, v->found);
}

/* The violations per event, property and code (val_cell), in report order:
 * event null for events not in the taxonomy, property null for the event
 * itself, and where the first one is. */
static void json_breakdown(tx_sb *b, const val_result *r)
{
    const val_cell **v = val_cells_sorted(&r->cells);
    tx_sb_adds(b, "\"breakdown\":[");
    for (size_t i = 0; i < r->cells.n; i++) {
        const val_cell *c = v[i];
        tx_sb_adds(b, i ? ",\n  " : "\n  ");
        tx_sb_addesc(b, tx_sb_add_jstr, "{\"event\":%s,\"property\":%s,\"code\":%s,"
                     "\"count\":%llu,\"file\":%s,\"line\":%llu,\"column\":%llu}",
                     c->event == VAL_CELL_UNKNOWN ? NULL : r->tax->events[c->event].name, c->prop,
                     val_code_name(c->code), (ull)c->count, c->file, (ull)c->line, (ull)c->column);
    }
    tx_sb_adds(b, "]");
    free(v);
}

static void report_json(const val_result *r, const val_report_opts *o, FILE *out)
{
    tx_sb b = TX_SB_INIT;
    const tx_taxonomy *t = r->tax;
    tx_sb_addesc(&b, tx_sb_add_jstr, "{\"taxonomy\":%s,\"profile\":%s", t->name,
                 val_profile_name(r->profile));
    tx_sb_addf(&b, ",\"files\":%llu,\"bytes\":%llu,\"records\":%llu,\"events\":%llu,"
               "\"valid\":%llu,\"invalid\":%llu,\"ignored\":%llu,\"violations_total\":%llu,"
               "\"violations_failing\":%llu,\"io_error\":%s,",
               (ull)r->files, (ull)r->bytes, (ull)r->records, (ull)r->events, (ull)r->valid,
               (ull)r->invalid, (ull)r->ignored, total_violations(r), (ull)r->failing,
               r->io_error ? "true" : "false");
    /* what `taxonc report merge` needs beyond the counts (report_merge.c) */
    tx_sb_addf(&b, "\"limits\":{\"max_errors\":%zu,\"examples\":%zu},\"taxonomy_version\":",
               r->max_errors, r->max_examples);
    tx_sb_add_jstr(&b, t->version);
    tx_sb_adds(&b, ",\n");
    tx_sb_adds(&b, "\"codes\":{");
    bool first = true;
    for (int c = 0; c < VAL_N_CODES; c++) {
        if (!r->code_count[c])
            continue;
        tx_sb_addf(&b, "%s\n  ", first ? "" : ",");
        first = false;
        tx_sb_add_jstr(&b, val_code_name((val_code)c));
        tx_sb_addf(&b, ":{\"count\":%llu,\"fails\":%s,\"examples\":[", (ull)r->code_count[c],
                   o->fail && !o->fail[c] ? "false" : "true");
        for (size_t i = 0; i < r->n_examples[c]; i++) {
            if (i)
                tx_sb_addc(&b, ',');
            val_violation_json(&b, &r->examples[c][i]);
        }
        tx_sb_adds(&b, "]}");
    }
    tx_sb_adds(&b, "},\n");
    json_breakdown(&b, r);
    tx_sb_adds(&b, ",\n\"event_types\":[");
    first = true;
    for (size_t i = 0; i < t->n_events; i++) {
        const val_event_stats *s = &r->ev[i];
        tx_sb_adds(&b, first ? "\n  " : ",\n  ");
        first = false;
        tx_sb_addesc(&b, tx_sb_add_jstr, "{\"name\":%s,\"seen\":%llu,\"valid\":%llu,"
                     "\"invalid\":%llu,\"properties_never_seen\":[", t->events[i].name,
                     (ull)s->seen, (ull)s->valid, (ull)s->invalid);
        bool f2 = true;
        for (size_t k = 0; k < t->events[i].n_props; k++)
            if (!r->ev_prop_seen[r->ev_prop_base[i] + k]) {
                if (!f2)
                    tx_sb_addc(&b, ',');
                f2 = false;
                tx_sb_add_jstr(&b, t->events[i].props[k].prop->name);
            }
        tx_sb_adds(&b, "]}");
    }
    tx_sb_addf(&b, "],\n\"unknown_events\":{\"seen\":%llu,\"valid\":%llu,\"invalid\":%llu,\"names\":[",
               (ull)r->unknown.seen, (ull)r->unknown.valid, (ull)r->unknown.invalid);
    for (size_t i = 0; i < r->n_unknown; i++) {
        tx_sb_adds(&b, i ? "," : "");
        tx_sb_addesc(&b, tx_sb_add_jstr, "{\"name\":%s,\"seen\":%llu}",
                     r->unknown_names[i].name, (ull)r->unknown_names[i].seen);
    }
    coverage cv = cover(r);
    tx_sb_addf(&b, "]},\n\"coverage\":{\"events_total\":%zu,\"events_seen\":%zu,"
               "\"properties_total\":%zu,\"properties_seen\":%zu,\"events_never_seen\":[",
               cv.ev_total, cv.ev_seen, cv.prop_total, cv.prop_seen);
    first = true;
    for (size_t i = 0; i < t->n_events; i++)
        if (!r->ev[i].seen) {
            if (!first)
                tx_sb_addc(&b, ',');
            first = false;
            tx_sb_add_jstr(&b, t->events[i].name);
        }
    tx_sb_adds(&b, "],\"properties_never_seen\":[");
    first = true;
    for (size_t i = 0; i < t->n_props; i++)
        if (!r->prop_seen[i]) {
            if (!first)
                tx_sb_addc(&b, ',');
            first = false;
            tx_sb_add_jstr(&b, t->props[i].name);
        }
    tx_sb_adds(&b, "]}");
    val_fn_report_json(&b, r);
    tx_sb_addf(&b, ",\n\"violations_kept\":%zu,\"violations\":[", r->n_kept);
    for (size_t i = 0; i < r->n_kept; i++) {
        tx_sb_adds(&b, i ? ",\n  " : "\n  ");
        val_violation_json(&b, &r->kept[i]);
    }
    tx_sb_adds(&b, "]}\n");
    sb_write(&b, out);
}

/* --- JUnit ----------------------------------------------------------------- */

static void junit_examples(tx_sb *b, const val_result *r, const char *event, size_t limit)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_kept && n < limit; i++) {
        const val_violation *v = &r->kept[i];
        if (event ? !(v->event && strcmp(v->event, event) == 0) : v->event != NULL)
            continue;
        n++;
        tx_sb_add_xml(b, "", 0);
        char head[512];
        snprintf(head, sizeof head, "%s:%llu:%llu: %s: ", v->file, (ull)v->line, (ull)v->column,
                 val_code_name(v->code));
        tx_sb_add_xmls(b, head);
        tx_sb_add_xmls(b, v->message);
        if (v->path && v->path[0]) {
            tx_sb_addesc(b, tx_sb_add_xmls, " at %s", v->path);
        }
        tx_sb_addc(b, '\n');
    }
}

static void report_junit(const val_result *r, const val_report_opts *o, FILE *out)
{
    tx_sb b = TX_SB_INIT;
    const tx_taxonomy *t = r->tax;
    size_t tests = 0, failures = 0, skipped = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        tests++;
        if (r->ev[i].invalid)
            failures++;
        else if (!r->ev[i].seen)
            skipped++;
    }
    bool other = r->unknown.seen || r->n_kept > 0;
    tests += 2;     /* unknown events, records that are not events */
    if (r->unknown.seen)
        failures++;
    bool rec_fail = false;
    for (size_t i = 0; i < r->n_kept; i++)
        if (!r->kept[i].event)
            rec_fail = true;
    if (rec_fail)
        failures++;
    (void)other;
    tests += val_fn_junit_count(r, o->fail, &failures);
    tx_sb_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    /* Jenkins' junit-10.xsd: `skipped` is allowed on testsuite only, and
     * testsuite requires `errors` (tests/schemas/junit-10.xsd) */
    tx_sb_addf(&b, "<testsuites tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", tests,
               failures);
    tx_sb_addesc(&b, tx_sb_add_xmls, "  <testsuite name=\"taxonc validate %s\" tests=\"%zu\" "
                 "failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
                 t->name, tests, failures, skipped);
    for (size_t i = 0; i < t->n_events; i++) {
        const val_event_stats *s = &r->ev[i];
        tx_sb_addesc(&b, tx_sb_add_xmls, "    <testcase classname=\"events\" name=\"%s\">",
                     t->events[i].name);
        if (s->invalid) {
            tx_sb_addf(&b, "<failure message=\"%llu of %llu events invalid\" type=\"violations\">",
                       (ull)s->invalid, (ull)s->seen);
            junit_examples(&b, r, t->events[i].name, 20);
            tx_sb_adds(&b, "</failure>");
        } else if (!s->seen) {
            tx_sb_adds(&b, "<skipped message=\"never seen in the log\"/>");
        } else {
            tx_sb_addf(&b, "<system-out>%llu events valid</system-out>", (ull)s->seen);
        }
        tx_sb_adds(&b, "</testcase>\n");
    }
    tx_sb_adds(&b, "    <testcase classname=\"events\" name=\"(unknown events)\">");
    if (r->unknown.seen) {
        tx_sb_addf(&b, "<failure message=\"%llu events not in the taxonomy\" type=\"unknown-event\">",
                   (ull)r->unknown.seen);
        for (size_t i = 0; i < r->n_unknown && i < 50; i++) {
            tx_sb_addesc(&b, tx_sb_add_xmls, "%s (%llu)\n", r->unknown_names[i].name,
                         (ull)r->unknown_names[i].seen);
        }
        tx_sb_adds(&b, "</failure>");
    }
    tx_sb_adds(&b, "</testcase>\n");
    tx_sb_adds(&b, "    <testcase classname=\"records\" name=\"(records that are not events)\">");
    if (rec_fail) {
        tx_sb_adds(&b, "<failure message=\"malformed or non-event records\" type=\"records\">");
        junit_examples(&b, r, NULL, 20);
        tx_sb_adds(&b, "</failure>");
    }
    tx_sb_adds(&b, "</testcase>\n");
    val_fn_report_junit(&b, r, o->fail);
    tx_sb_adds(&b, "  </testsuite>\n</testsuites>\n");
    sb_write(&b, out);
}

/* --- HTML ------------------------------------------------------------------ */

/* The page's style: Korean fonts (Windows, macOS, Linux) before the generic
 * family, so Hangul event names read the same in the tables and charts; a
 * location (file:line:col) never breaks inside, only between entries. */
static const char html_style[] =
    "body{font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",\"Malgun Gothic\","
    "\"Apple SD Gothic Neo\",\"Noto Sans KR\",sans-serif;margin:2em auto;max-width:70em;"
    "color:#222;padding:0 1em}\n"
    "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd}"
    "h3{font-size:1em;margin:1.4em 0 .3em}\n"
    "table{border-collapse:collapse;width:100%}td,th{padding:.25em .6em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}\n"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".cov{margin:.6em 0}.bar{background:#eee;height:1em;border-radius:.5em;overflow:hidden}\n"
    ".fill{background:#2a7;height:100%}.bad{color:#b22}.ok{color:#2a7}\n"
    "code{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,\"Malgun Gothic\","
    "\"Apple SD Gothic Neo\",\"Noto Sans KR\",monospace;font-size:.92em;word-break:break-all}\n"
    ".verdict{font-size:1.2em;font-weight:bold}.muted{color:#777}\n"
    "td.c code,code.loc{word-break:normal;white-space:nowrap}\n"
    ".wide{overflow-x:auto}table.props{table-layout:fixed;min-width:36em}"
    "table.props th:nth-child(1){width:34%}table.props th:nth-child(2){width:22%}"
    "table.props th:nth-child(3){width:10%}\n"
    "svg.chart{display:block;width:100%;margin:.4em 0 1em}\n"
    "svg.chart text{font-size:13px;fill:#222}svg.chart text.count{font-variant-numeric:tabular-nums;fill:#555}\n"
    "svg.chart rect.bar{fill:#c44}svg.chart rect.bar.soft{fill:#aaa}\n";

static void bar(tx_sb *b, const char *label, size_t seen, size_t total)
{
    double p = pct(seen, total);
    tx_sb_addesc(b, tx_sb_add_xmls, "<div class=\"cov\"><div class=\"lbl\">%s: "
                 "<b class=\"num\">%zu/%zu</b> (%.1f%%)</div>"
                 "<div class=\"bar\"><div class=\"fill\" style=\"width:%.1f%%\"></div></div></div>\n",
                 label, seen, total, p, p);
}

/* Names as a comma-separated list of code elements. */
static void html_names(tx_sb *b, const char *title, const char *const *names, size_t n)
{
    tx_sb_addesc(b, tx_sb_add_xmls, "<p>%s: ", title);
    for (size_t i = 0; i < n; i++)
        tx_sb_addesc(b, tx_sb_add_xmls, "%s<code>%s</code>", i ? ", " : "", names[i]);
    tx_sb_adds(b, "</p>\n");
}

static void html_head(tx_sb *b, const val_result *r)
{
    const tx_taxonomy *t = r->tax;
    tx_sb_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    tx_sb_addesc(b, tx_sb_add_xmls, "taxonc validate: %s</title>\n<style>\n", t->name);
    tx_sb_adds(b, html_style);
    tx_sb_addesc(b, tx_sb_add_xmls, "</style></head><body>\n<h1>Event log validation: %s", t->name);
    if (t->version)
        tx_sb_addesc(b, tx_sb_add_xmls, " <span class=\"muted\">%s</span>", t->version);
    tx_sb_adds(b, "</h1>\n");
}

static void html_summary(tx_sb *b, const val_result *r)
{
    tx_sb_addesc(b, tx_sb_add_xmls, "<p id=\"summary\">%llu records (%llu events) in %llu file%s, "
                 "profile <b>%s</b>: <span class=\"ok\">%llu valid</span>, <span class=\"bad\">"
                 "%llu invalid</span>, %llu violations.</p>\n", (ull)r->records, (ull)r->events,
                 (ull)r->files, r->files == 1 ? "" : "s", val_profile_name(r->profile),
                 (ull)r->valid, (ull)r->invalid, total_violations(r));
    if (r->failing)
        tx_sb_addf(b, "<p class=\"verdict bad\" id=\"verdict\">FAIL: %llu invalid records</p>\n",
                   (ull)r->invalid);
    else
        tx_sb_adds(b, "<p class=\"verdict ok\" id=\"verdict\">OK: no failing violations</p>\n");
}

static void html_coverage(tx_sb *b, const val_result *r)
{
    const tx_taxonomy *t = r->tax;
    coverage cv = cover(r);
    tx_sb_adds(b, "<h2>Coverage</h2>\n<div id=\"coverage\">\n");
    bar(b, "Events seen", cv.ev_seen, cv.ev_total);
    bar(b, "Properties seen", cv.prop_seen, cv.prop_total);
    tx_sb_adds(b, "</div>\n");
    const char **names = tx_xmalloc((t->n_events + t->n_props + 1) * sizeof *names);
    size_t n = 0;
    for (size_t i = 0; i < t->n_events; i++)
        if (!r->ev[i].seen)
            names[n++] = t->events[i].name;
    if (n)
        html_names(b, "Events never seen", names, n);
    n = 0;
    for (size_t i = 0; i < t->n_props; i++)
        if (!r->prop_seen[i])
            names[n++] = t->props[i].name;
    if (n)
        html_names(b, "Properties never seen", names, n);
    free(names);
}

/* One bar of a chart: a label, its count, and whether it is muted (codes
 * that do not fail the run). */
typedef struct chart_bar {
    const char *label;
    ull count;
    bool soft;
} chart_bar;

#define CHART_MAX 30            /* bars drawn; the rest are summed in a line below */
#define CHART_ROW 36            /* px per bar: the label above, the bar under it */

/* A horizontal bar chart as inline SVG (no script, no font of its own: it
 * takes the page's): each bar's label on a line of its own, so a long or
 * Korean name never runs into the bar, and its count after the bar. Widths
 * are percentages of the page, the longest bar 82%. */
static void svg_chart(tx_sb *b, const char *id, const char *title, const chart_bar *v, size_t n)
{
    size_t shown = n < CHART_MAX ? n : CHART_MAX;
    ull max = 1, rest = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].count > max)
            max = v[i].count;
        if (i >= shown)
            rest += v[i].count;
    }
    tx_sb_addesc(b, tx_sb_add_xmls, "<svg class=\"chart\" id=\"%s\" role=\"img\" aria-label=\"%s\" "
                 "height=\"%zu\"><title>%s</title>\n", id, title, shown * CHART_ROW + 4, title);
    for (size_t i = 0; i < shown; i++) {
        double w = 82.0 * (double)v[i].count / (double)max;
        if (w < 0.3)
            w = 0.3;
        size_t y = i * CHART_ROW;
        tx_sb_addesc(b, tx_sb_add_xmls, "<g class=\"row\" data-count=\"%llu\" data-label=\"%s\">"
                     "<title>%s: %llu</title><text class=\"label\" x=\"0\" y=\"%zu\">%s</text>"
                     "<rect class=\"bar%s\" x=\"0\" y=\"%zu\" width=\"%.2f%%\" height=\"13\"/>"
                     "<text class=\"count\" x=\"%.2f%%\" y=\"%zu\">%llu</text></g>\n",
                     v[i].count, v[i].label, v[i].label, v[i].count, y + 14, v[i].label,
                     v[i].soft ? " soft" : "", y + 19, w, w + 0.8, y + 30, v[i].count);
    }
    tx_sb_adds(b, "</svg>\n");
    if (n > shown)
        tx_sb_addf(b, "<p class=\"muted\">and %zu more with %llu violations</p>\n", n - shown, rest);
}

static const char *event_label(const val_result *r, uint32_t e)
{
    return e == VAL_CELL_UNKNOWN ? "(unknown events)" : r->tax->events[e].name;
}

static int by_count(const void *pa, const void *pb)
{
    const chart_bar *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->label, b->label);     /* event names are unique */
}

/* Violations by code, and by event from the cells (sorted by event): the
 * violations of no event (records that are not events, malformed ones)
 * are the rest of the total. */
static void html_charts(tx_sb *b, const val_result *r, const val_report_opts *o,
                        const val_cell *const *cells)
{
    int order[VAL_N_CODES];
    size_t nc = codes_by_count(r, order);
    if (!nc)
        return;
    chart_bar cb[VAL_N_CODES];
    for (size_t i = 0; i < nc; i++)
        cb[i] = (chart_bar){ val_code_name((val_code)order[i]), (ull)r->code_count[order[i]],
                             o->fail && !o->fail[order[i]] };
    tx_sb_adds(b, "<h2>Violations by code</h2>\n");
    svg_chart(b, "chart-codes", "Violations by code", cb, nc);
    chart_bar *eb = tx_xmalloc((r->cells.n + 2) * sizeof *eb);
    size_t ne = 0;
    ull in_events = 0;
    for (size_t i = 0; i < r->cells.n; i++) {
        if (!ne || cells[i]->event != cells[i - 1]->event)
            eb[ne++] = (chart_bar){ event_label(r, cells[i]->event), 0, false };
        eb[ne - 1].count += cells[i]->count;
        in_events += cells[i]->count;
    }
    qsort(eb, ne, sizeof *eb, by_count);
    if (total_violations(r) > in_events)
        eb[ne++] = (chart_bar){ "(records that are not events)", total_violations(r) - in_events,
                                false };
    tx_sb_adds(b, "<h2>Violations by event</h2>\n");
    svg_chart(b, "chart-events", "Violations by event", eb, ne);
    free(eb);
}

static void html_codes(tx_sb *b, const val_result *r, const val_report_opts *o)
{
    int order[VAL_N_CODES];
    size_t nc = codes_by_count(r, order);
    tx_sb_adds(b, "<h2>Top violations</h2>\n");
    if (!nc) {
        tx_sb_adds(b, "<p>None.</p>\n");
        return;
    }
    tx_sb_adds(b, "<table id=\"violations\"><tr><th>code</th><th class=\"n\">count</th>"
                  "<th>meaning</th></tr>\n");
    for (size_t i = 0; i < nc; i++) {
        int c = order[i];
        tx_sb_addesc(b, tx_sb_add_xmls, "<tr><td><code>%s</code>", val_code_name((val_code)c));
        if (o->fail && !o->fail[c])
            tx_sb_adds(b, " <span class=\"muted\">(not failing)</span>");
        tx_sb_addesc(b, tx_sb_add_xmls, "</td><td class=\"n\">%llu</td><td>%s</td></tr>\n",
                     (ull)r->code_count[c], val_code_doc((val_code)c));
    }
    tx_sb_adds(b, "</table>\n");
}

/* file:line:col, never broken inside. */
static void html_loc(tx_sb *b, const char *file, uint64_t line, uint64_t col)
{
    tx_sb_addesc(b, tx_sb_add_xmls, "<code class=\"loc\">%s:%llu:%llu</code>", file ? file : "-",
                 (ull)line, (ull)col);
}

/* Per event with violations, a table of property x code: how many, and
 * where the first one is. */
static void html_breakdown(tx_sb *b, const val_result *r, const val_cell *const *cells)
{
    if (!r->cells.n)
        return;
    tx_sb_adds(b, "<h2>Violations by event and property</h2>\n<div id=\"breakdown\">\n");
    for (size_t i = 0; i < r->cells.n; i++) {
        const val_cell *c = cells[i];
        const char *ev = event_label(r, c->event);
        if (!i || c->event != cells[i - 1]->event) {
            ull sum = 0;
            for (size_t k = i; k < r->cells.n && cells[k]->event == c->event; k++)
                sum += cells[k]->count;
            tx_sb_adds(b, i ? "</table></div>\n" : "");
            tx_sb_addesc(b, tx_sb_add_xmls, "<h3><code>%s</code> <span class=\"muted\">"
                         "%llu violation%s</span></h3>\n"
                         "<div class=\"wide\"><table class=\"props\"><tr><th>property</th>"
                         "<th>code</th><th class=\"n\">count</th><th>first at</th></tr>\n",
                         ev, sum, sum == 1 ? "" : "s");
        }
        tx_sb_addesc(b, tx_sb_add_xmls, "<tr data-event=\"%s\" data-property=\"%s\" data-code=\"%s\" "
                     "data-count=\"%llu\"><td>", ev, c->prop ? c->prop : "", val_code_name(c->code),
                     (ull)c->count);
        if (c->prop)
            tx_sb_addesc(b, tx_sb_add_xmls, "<code>%s</code>", c->prop);
        else
            tx_sb_adds(b, "<span class=\"muted\">(the event)</span>");
        tx_sb_addesc(b, tx_sb_add_xmls, "</td><td class=\"c\"><code>%s</code></td>"
                     "<td class=\"n\">%llu</td><td>", val_code_name(c->code), (ull)c->count);
        html_loc(b, c->file, c->line, c->column);
        tx_sb_adds(b, "</td></tr>\n");
    }
    tx_sb_adds(b, "</table></div>\n</div>\n");
}

static void html_example(tx_sb *b, const val_violation *v)
{
    tx_sb_adds(b, "<tr><td class=\"where\">");
    html_loc(b, v->file, v->line, v->column);
    if (v->path && v->path[0])
        tx_sb_addesc(b, tx_sb_add_xmls, " <code>%s</code>", v->path);
    tx_sb_addesc(b, tx_sb_add_xmls, "</td><td class=\"c\"><code>%s</code></td><td>%s</td>"
                 "<td><code>%s</code></td><td><code>%s</code></td></tr>\n",
                 val_code_name(v->code), v->message, v->expected, v->found);
}

static void html_examples(tx_sb *b, const val_result *r)
{
    int order[VAL_N_CODES];
    size_t nc = codes_by_count(r, order);
    if (!nc)
        return;
    tx_sb_adds(b, "<h2>Examples</h2>\n<div class=\"wide\"><table id=\"examples\"><tr><th>where</th>"
                  "<th>code</th><th>problem</th><th>expected</th><th>found</th></tr>\n");
    for (size_t i = 0; i < nc; i++)
        for (size_t k = 0; k < r->n_examples[order[i]]; k++)
            html_example(b, &r->examples[order[i]][k]);
    tx_sb_adds(b, "</table></div>\n");
}

static void html_events(tx_sb *b, const val_result *r)
{
    const tx_taxonomy *t = r->tax;
    tx_sb_adds(b, "<h2>Event types</h2>\n<table id=\"events\"><tr><th>event</th><th class=\"n\">seen</th>"
                  "<th class=\"n\">valid</th><th class=\"n\">invalid</th></tr>\n");
    for (size_t i = 0; i < t->n_events; i++) {
        const val_event_stats *s = &r->ev[i];
        tx_sb_adds(b, s->seen ? "<tr>" : "<tr class=\"muted\">");
        tx_sb_addesc(b, tx_sb_add_xmls, "<td><code>%s</code></td><td class=\"n\">%llu</td>"
                     "<td class=\"n\">%llu</td><td class=\"n%s\">%llu</td></tr>\n",
                     t->events[i].name, (ull)s->seen, (ull)s->valid, s->invalid ? " bad" : "",
                     (ull)s->invalid);
    }
    if (r->unknown.seen)
        tx_sb_addf(b, "<tr><td>(unknown events)</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
                   "<td class=\"n bad\">%llu</td></tr>\n", (ull)r->unknown.seen,
                   (ull)r->unknown.valid, (ull)r->unknown.invalid);
    tx_sb_adds(b, "</table>\n");
    if (r->n_unknown) {
        tx_sb_adds(b, "<p>Unknown event names: ");
        for (size_t i = 0; i < r->n_unknown && i < 50; i++) {
            tx_sb_addesc(b, tx_sb_add_xmls, "%s<code>%s</code> (%llu)", i ? ", " : "",
                         r->unknown_names[i].name, (ull)r->unknown_names[i].seen);
        }
        tx_sb_adds(b, "</p>\n");
    }
}

/* The page, one section per call: a new section is one more line here. */
static void report_html(const val_result *r, const val_report_opts *o, FILE *out)
{
    tx_sb b = TX_SB_INIT;
    const val_cell **cells = val_cells_sorted(&r->cells);
    html_head(&b, r);
    html_summary(&b, r);
    html_coverage(&b, r);
    html_charts(&b, r, o, cells);
    html_codes(&b, r, o);
    html_breakdown(&b, r, cells);
    html_examples(&b, r);
    html_events(&b, r);
    val_fn_report_html(&b, r);
    tx_sb_adds(&b, "<p class=\"muted\">Generated by taxonc validate.</p>\n</body></html>\n");
    free(cells);
    sb_write(&b, out);
}

void val_report(const val_result *r, val_format f, const val_report_opts *o, FILE *out)
{
    switch (f) {
    case VAL_FMT_JSON: report_json(r, o, out); break;
    case VAL_FMT_JUNIT: report_junit(r, o, out); break;
    case VAL_FMT_HTML: report_html(r, o, out); break;
    default: report_text(r, o, out); break;
    }
}
