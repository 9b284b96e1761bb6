/* SARIF, GitHub annotation and JUnit renderers (see report.h). Each builds
 * its document in one string builder and hands it to the output callback
 * once; nothing here allocates per diagnostic beyond that buffer. */
#include "report.h"
#include "strbuf.h"
#include "util.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void tx_report_uri(tx_sb *sb, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *p = path;
    if (p[0] == '/')
        tx_sb_adds(sb, "file://");
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            tx_sb_addc(sb, (char)c);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            tx_sb_add(sb, e, 3);
        }
    }
}

static long rule_index(const tx_report_opts *o, const char *code)
{
    for (size_t i = 0; code && i < o->n_rules; i++)
        if (strcmp(o->rules[i].id, code) == 0)
            return (long)i;
    return -1;
}

static const char *sarif_level(tx_severity s)
{
    switch (s) {
    case TX_SEV_ERROR: return "error";
    case TX_SEV_WARNING: return "warning";
    case TX_SEV_INFO: return "note";
    default: return "none";
    }
}

/* Start and end of a span as 1-based line/column; the end is exclusive,
 * and an empty span covers one character. */
static void span_region(tx_sources *src, tx_span sp, tx_loc *a, tx_loc *b)
{
    *a = tx_span_loc(src, sp);
    tx_span e = sp;
    e.start = sp.end > sp.start ? sp.end : sp.start;
    *b = tx_span_loc(src, e);
    if (b->line == a->line && b->col <= a->col)
        b->col = a->col + 1;
}

/* What one SARIF document needs beyond the sources: each file's URI,
 * worked out once (realpath) on first use. */
typedef struct sarif_files {
    tx_sources *src;
    const tx_report_opts *o;
    char **uri;     /* per file index; NULL until asked */
    bool *based;    /* the URI is relative to %SRCROOT% */
} sarif_files;

/* A file's URI: relative to o->src_root (based) when the file is under it,
 * else as given (absolute paths become file:// URIs). */
static const char *sarif_uri(sarif_files *sf, uint32_t file, bool *based)
{
    if (!sf->uri[file]) {
        const char *path = sf->src->items[file].path, *root = sf->o->src_root;
        char *abs = root ? realpath(path, NULL) : NULL;
        size_t n = root ? strlen(root) : 0;
        while (n > 1 && root[n - 1] == '/')
            n--;
        tx_sb sb = TX_SB_INIT;
        sf->based[file] = abs && strncmp(abs, root, n) == 0 && abs[n] == '/';
        tx_report_uri(&sb, sf->based[file] ? abs + n + 1 : abs ? abs : path);
        free(abs);
        sf->uri[file] = tx_sb_detach(&sb, NULL);
    }
    *based = sf->based[file];
    return sf->uri[file] ? sf->uri[file] : "";
}

/* A location object; with id/message for a related location, without a
 * physical location when the span has no file. */
static void sarif_location(tx_sb *sb, sarif_files *sf, tx_span sp, int id, const char *msg)
{
    tx_sb_addc(sb, '{');
    if (sp.file != TX_NO_FILE) {
        tx_loc a, b;
        bool based;
        span_region(sf->src, sp, &a, &b);
        tx_sb_addesc(sb, tx_sb_add_jstr, "\"physicalLocation\":{\"artifactLocation\":{\"uri\":%s",
                     sarif_uri(sf, sp.file, &based));
        tx_sb_addf(sb, "%s},\"region\":{\"startLine\":%u,\"startColumn\":%u,\"endLine\":%u,"
                       "\"endColumn\":%u}}",
                   based ? ",\"uriBaseId\":\"%SRCROOT%\"" : "", a.line, a.col, b.line, b.col);
    }
    if (msg) {
        tx_sb_adds(sb, sp.file != TX_NO_FILE ? "," : "");
        tx_sb_addesc(sb, tx_sb_add_jstr, "\"id\":%d,\"message\":{\"text\":%s}", id, msg);
    }
    tx_sb_addc(sb, '}');
}

/* The fingerprint key of a finding: rule id, URI, flagged text, message
 * (no line or column), hashed. */
static uint64_t finding_hash(sarif_files *sf, const tx_diag *dg)
{
    tx_sb k = TX_SB_INIT;
    const tx_source *f = &sf->src->items[dg->span.file];
    bool based;
    tx_sb_adds(&k, dg->code ? dg->code : "taxonc");
    tx_sb_addc(&k, '\0');
    tx_sb_adds(&k, sarif_uri(sf, dg->span.file, &based));
    tx_sb_addc(&k, '\0');
    if (dg->span.start <= dg->span.end && dg->span.end <= f->len)
        tx_sb_add(&k, f->text + dg->span.start, dg->span.end - dg->span.start);
    tx_sb_addc(&k, '\0');
    tx_sb_adds(&k, dg->message);
    uint64_t h = tx_hash64(k.buf, k.len);
    tx_sb_release(&k);
    return h;
}

/* hashes[i] is item i's finding hash (0 without a location); the n-th
 * result with the same hash gets ":n". */
static void sarif_fingerprint(tx_sb *sb, const uint64_t *hashes, size_t i)
{
    unsigned nth = 1;
    for (size_t j = 0; j < i; j++)
        nth += hashes[j] == hashes[i];
    tx_sb_addf(sb, ", \"partialFingerprints\": {\"taxoncFinding/v1\": \"%016llx:%u\"}",
               (unsigned long long)hashes[i], nth);
}

static void sarif_help_uri(tx_sb *sb, const tx_report_opts *o, const tx_report_rule *r)
{
    const char *base = r->help_uri ? r->help_uri : o->help_uri_base;
    if (!base)
        return;
    tx_sb_adds(sb, ", \"helpUri\": \"");
    tx_sb_add_json_str(sb, base, strlen(base));
    if (!r->help_uri) {
        tx_sb_addf(sb, "%s", strchr(base, '#') ? "" : "#");
        tx_sb_add_json_str(sb, r->id, strlen(r->id));
    }
    tx_sb_addc(sb, '"');
}

void tx_render_sarif(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                     tx_out_fn out, void *ud)
{
    sarif_files sf = { src, o, calloc(src->n + 1, sizeof(char *)), calloc(src->n + 1, 1) };
    uint64_t *hashes = calloc(d->n + 1, sizeof *hashes);
    if (!sf.uri || !sf.based || !hashes) {
        free(sf.uri);
        free(sf.based);
        free(hashes);
        return;     /* out of memory: nothing written, as with a failed builder */
    }
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].span.file != TX_NO_FILE)
            hashes[i] = finding_hash(&sf, &d->items[i]);
    tx_sb sb = TX_SB_INIT;
    tx_sb_adds(&sb, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
                    "  \"version\": \"2.1.0\",\n  \"runs\": [{\n");
    tx_sb_addesc(&sb, tx_sb_add_jstr, "    \"tool\": {\"driver\": {\"name\": %s",
                 o->tool ? o->tool : "taxonc");
    if (o->version)
        tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"version\": %s", o->version);
    if (o->info_uri)
        tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"informationUri\": %s", o->info_uri);
    tx_sb_adds(&sb, ", \"rules\": [");
    for (size_t i = 0; i < o->n_rules; i++) {
        const tx_report_rule *r = &o->rules[i];
        tx_sb_adds(&sb, i ? ",\n      " : "\n      ");
        tx_sb_addesc(&sb, tx_sb_add_jstr, "{\"id\": %s", r->id);
        if (r->name)
            tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"name\": %s", r->name);
        if (r->summary)
            tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"shortDescription\": {\"text\": %s}", r->summary);
        if (r->help) {
            tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"help\": {\"text\": %s", r->help);
            if (r->help_markdown)
                tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"markdown\": %s", r->help_markdown);
            tx_sb_addc(&sb, '}');
        }
        sarif_help_uri(&sb, o, r);
        tx_sb_addf(&sb, ", \"defaultConfiguration\": {\"level\": \"%s\"}}", sarif_level(r->level));
    }
    tx_sb_adds(&sb, o->n_rules ? "\n    ]}},\n" : "]}},\n");
    if (o->src_root) {
        tx_sb_adds(&sb, "    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": \"");
        tx_sb uri = TX_SB_INIT;
        tx_report_uri(&uri, o->src_root);
        if (uri.len && uri.buf[uri.len - 1] != '/')
            tx_sb_addc(&uri, '/');
        tx_sb_add_json_str(&sb, uri.buf, uri.len);
        tx_sb_release(&uri);
        tx_sb_adds(&sb, "\"}},\n");
    }
    tx_sb_adds(&sb, "    \"columnKind\": \"unicodeCodePoints\",\n    \"results\": [");
    for (size_t i = 0; i < d->n; i++) {
        const tx_diag *dg = &d->items[i];
        const char *code = dg->code ? dg->code : "taxonc";
        tx_sb_adds(&sb, i ? ",\n      " : "\n      ");
        tx_sb_addesc(&sb, tx_sb_add_jstr, "{\"ruleId\": %s", code);
        long ri = rule_index(o, code);
        if (ri >= 0)
            tx_sb_addf(&sb, ", \"ruleIndex\": %ld", ri);
        tx_sb_addf(&sb, ", \"level\": \"%s\", \"message\": {\"text\": \"",
                   sarif_level(dg->severity));
        tx_sb_add_json_str(&sb, dg->message, strlen(dg->message));
        if (dg->fix) {
            tx_sb_add_json_str(&sb, "; ", 2);
            tx_sb_add_json_str(&sb, dg->fix, strlen(dg->fix));
        }
        tx_sb_adds(&sb, "\"}");
        if (dg->span.file != TX_NO_FILE) {
            tx_sb_adds(&sb, ", \"locations\": [");
            sarif_location(&sb, &sf, dg->span, 0, NULL);
            tx_sb_addc(&sb, ']');
            sarif_fingerprint(&sb, hashes, i);
        }
        if (dg->note) {
            tx_sb_adds(&sb, ", \"relatedLocations\": [");
            sarif_location(&sb, &sf, dg->note_span, 1, dg->note);
            tx_sb_addc(&sb, ']');
        }
        if (dg->fix)
            tx_sb_addesc(&sb, tx_sb_add_jstr, ", \"properties\": {\"fix\": %s}", dg->fix);
        tx_sb_addc(&sb, '}');
    }
    tx_sb_adds(&sb, d->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
    out(ud, sb.buf, sb.len);
    tx_sb_release(&sb);
    for (size_t i = 0; i < src->n; i++)
        free(sf.uri[i]);
    free(sf.uri);
    free(sf.based);
    free(hashes);
}

/* ---- GitHub workflow commands ------------------------------------------ */

/* Workflow-command escaping: %, CR and LF always, and in a property
 * (file=, title=) also ':' and ',', as %XX. */
static void gh_escape(tx_sb *sb, const char *s, bool property)
{
    for (; *s; s++) {
        if (*s == '%' || *s == '\r' || *s == '\n' || (property && (*s == ':' || *s == ',')))
            tx_sb_addf(sb, "%%%02X", (unsigned)(unsigned char)*s);
        else
            tx_sb_addc(sb, *s);
    }
}

void tx_render_github(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                      tx_out_fn out, void *ud)
{
    (void)o;
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < d->n; i++) {
        const tx_diag *dg = &d->items[i];
        const char *cmd = dg->severity == TX_SEV_ERROR     ? "error"
                          : dg->severity == TX_SEV_WARNING ? "warning"
                                                           : "notice";
        tx_sb_addf(&sb, "::%s ", cmd);
        if (dg->span.file != TX_NO_FILE) {
            tx_loc a, b;
            span_region(src, dg->span, &a, &b);
            tx_sb_adds(&sb, "file=");
            gh_escape(&sb, a.path, true);
            tx_sb_addf(&sb, ",line=%u,col=%u,endLine=%u,endColumn=%u,", a.line, a.col, b.line,
                       b.col);
        }
        tx_sb_adds(&sb, "title=");
        gh_escape(&sb, dg->code ? dg->code : "taxonc", true);
        tx_sb_adds(&sb, "::");
        gh_escape(&sb, dg->message, false);
        if (dg->fix) {
            tx_sb_adds(&sb, "%0Ahelp: ");
            gh_escape(&sb, dg->fix, false);
        }
        if (dg->note) {
            tx_sb_adds(&sb, "%0Anote: ");
            gh_escape(&sb, dg->note, false);
        }
        tx_sb_addc(&sb, '\n');
    }
    out(ud, sb.buf, sb.len);
    tx_sb_release(&sb);
}

/* ---- JUnit ------------------------------------------------------------- */

/* "path:line:col" of a diagnostic, or "" without a location. */
static void junit_where(tx_sb *sb, tx_sources *src, const tx_diag *dg)
{
    if (dg->span.file != TX_NO_FILE) {
        tx_loc a = tx_span_loc(src, dg->span);
        tx_sb_addesc(sb, tx_sb_add_xmls, "%s:%u:%u", a.path, a.line, a.col);
    }
}

/* The finding in full, as the text renderer's first lines say it:
 * "path:line:col: severity: message [code]", then help and note lines. */
static void junit_body(tx_sb *sb, tx_sources *src, const tx_diag *dg, const char *code)
{
    junit_where(sb, src, dg);
    tx_sb_adds(sb, dg->span.file != TX_NO_FILE ? ": " : "");
    tx_sb_addesc(sb, tx_sb_add_xmls, "%s: %s [%s]\n", tx_severity_name(dg->severity),
                 dg->message, code);
    if (dg->fix)
        tx_sb_addesc(sb, tx_sb_add_xmls, "help: %s\n", dg->fix);
    if (dg->note) {
        tx_sb_adds(sb, "note: ");
        if (dg->note_span.file != TX_NO_FILE) {
            tx_loc n = tx_span_loc(src, dg->note_span);
            tx_sb_addesc(sb, tx_sb_add_xmls, "%s:%u:%u: ", n.path, n.line, n.col);
        }
        tx_sb_addesc(sb, tx_sb_add_xmls, "%s\n", dg->note);
    }
}

/* One testcase for one finding, named "code at path:line:col": an error
 * (or a warning when o->warnings_fail) is a <failure>, a warning a
 * <skipped> (shown, not failing the job), an info <system-out> in a
 * passing case. Counts the failure or skip. */
static void junit_finding(tx_sb *sb, tx_sources *src, const tx_diag *dg, const tx_report_opts *o,
                          const char *suite, size_t *failures, size_t *skipped)
{
    const char *code = dg->code ? dg->code : "taxonc";
    bool fails = dg->severity == TX_SEV_ERROR ||
                 (dg->severity == TX_SEV_WARNING && o->warnings_fail);
    const char *el = fails ? "failure" : dg->severity == TX_SEV_WARNING ? "skipped" : NULL;
    tx_sb_addesc(sb, tx_sb_add_xmls, "    <testcase classname=\"%s\" name=\"%s", suite, code);
    if (dg->span.file != TX_NO_FILE) {
        tx_sb_adds(sb, " at ");
        junit_where(sb, src, dg);
    }
    tx_sb_adds(sb, "\">\n      ");
    if (el) {
        tx_sb_addf(sb, "<%s type=\"%s\" message=\"", el, tx_severity_name(dg->severity));
        junit_where(sb, src, dg);
        tx_sb_adds(sb, dg->span.file != TX_NO_FILE ? ": " : "");
        tx_sb_addesc(sb, tx_sb_add_xmls, "%s\">", dg->message);
        junit_body(sb, src, dg, code);
        tx_sb_addf(sb, "</%s>\n", el);
        *(fails ? failures : skipped) += 1;
    } else {
        tx_sb_adds(sb, "<system-out>");
        junit_body(sb, src, dg, code);
        tx_sb_adds(sb, "</system-out>\n");
    }
    tx_sb_adds(sb, "    </testcase>\n");
}

static bool has_code(const tx_diags *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].code ? d->items[i].code : "taxonc", code) == 0)
            return true;
    return false;
}

void tx_render_junit(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                     tx_out_fn out, void *ud)
{
    const char *suite = o->suite ? o->suite : (o->tool ? o->tool : "taxonc");
    tx_sb cases = TX_SB_INIT;
    size_t tests = 0, failures = 0, skipped = 0;
    /* every rule that found nothing passes, by name */
    for (size_t i = 0; i < o->n_rules; i++) {
        if (has_code(d, o->rules[i].id))
            continue;
        tx_sb_addesc(&cases, tx_sb_add_xmls, "    <testcase classname=\"%s\" name=\"%s\"/>\n",
                     suite, o->rules[i].id);
        tests++;
    }
    for (size_t i = 0; i < d->n; i++, tests++)
        junit_finding(&cases, src, &d->items[i], o, suite, &failures, &skipped);
    if (tests == 0) {
        tx_sb_addesc(&cases, tx_sb_add_xmls,
                     "    <testcase classname=\"%s\" name=\"no problems\"/>\n", suite);
        tests = 1;
    }
    tx_sb sb = TX_SB_INIT;
    tx_sb_addesc(&sb, tx_sb_add_xmls,
                 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<testsuites name=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n"
                 "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
                 suite, tests, failures, suite, tests, failures, skipped);
    tx_sb_add(&sb, cases.buf, cases.len);
    tx_sb_adds(&sb, "  </testsuite>\n</testsuites>\n");
    out(ud, sb.buf, sb.len);
    tx_sb_release(&sb);
    tx_sb_release(&cases);
}
