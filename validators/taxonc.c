/* libtaxonc's public API (taxonc.h): a thin facade over the loader
 * (compiler/), the validator (val_run, val_stream) and the merge
 * (report_merge.c). A plan owns the loading context and the compiled
 * validator; a summary owns a val_result and the fail set it was run
 * with, so its JSON is the CLI's byte for byte. */
#include "taxonc.h"
#include "merge.h"
#include "../compiler/load.h"
#include "../support/strbuf.h"
#include <stdlib.h>
#include <string.h>

struct taxonc_plan {
    tx_ctx *ctx;
    val_schema *vs;
    val_opts o;
};

struct taxonc_summary {
    val_result res;
    bool fail[VAL_N_CODES];
};

const char *taxonc_version(void)
{
    return "0.1.0";
}

void taxonc_free(void *p)
{
    free(p);
}

static char *dup_text(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    return d ? strcpy(d, s) : NULL;
}

taxonc_plan *taxonc_load(const char *path, char **diagnostics)
{
    if (diagnostics)
        *diagnostics = NULL;
    taxonc_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_file(p->ctx, path, NULL);
    char err[512] = "";
    if (t)
        p->vs = val_schema_new(t, err, sizeof err);
    if (!p->vs) {
        if (diagnostics) {
            char *buf = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&buf, &len);
            if (m) {
                tx_diags_sort(&p->ctx->diags);
                tx_render_text(&p->ctx->sources, &p->ctx->diags, &(tx_render_opts){ 0 },
                               tx_out_file, m);
                if (err[0])
                    fprintf(m, "%s\n", err);
                fclose(m);
                *diagnostics = buf;
            }
        }
        taxonc_plan_free(p);
        return NULL;
    }
    val_opts_init(&p->o);
    return p;
}

void taxonc_plan_free(taxonc_plan *p)
{
    if (!p)
        return;
    val_schema_free(p->vs);
    tx_ctx_free(p->ctx);
    free(p);
}

static taxonc_summary *summary_new(const taxonc_plan *p)
{
    taxonc_summary *s = calloc(1, sizeof *s);
    if (s)
        memcpy(s->fail, p->o.fail, sizeof s->fail);
    return s;
}

taxonc_summary *taxonc_validate_files(const taxonc_plan *p, const char *const *paths, size_t n,
                                      char **error)
{
    taxonc_summary *s = summary_new(p);
    char err[512];
    if (s && val_run(p->vs, &p->o, paths, n, &s->res, err, sizeof err) != 0) {
        if (error)
            *error = dup_text(err);
        free(s);
        return NULL;
    }
    return s;
}

taxonc_summary *taxonc_validate_buffer(const taxonc_plan *p, const char *name, const void *data,
                                       size_t len)
{
    taxonc_summary *s = summary_new(p);
    if (s && val_run_buffer(p->vs, &p->o, name, data, len, &s->res) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

int taxonc_check(const taxonc_plan *p, const char *record, size_t len, char **violations)
{
    char err[256];
    val_stream *st = val_stream_new(p->vs, &p->o, err, sizeof err);
    if (!st)
        return -1;
    val_record r = { .data = record, .len = len };
    val_stream_check(st, VAL_PROF_AUTO, "record", 1, &r, 1);
    if (violations) {
        tx_sb b = TX_SB_INIT;
        tx_sb_addc(&b, '[');
        for (size_t i = 0; i < r.n_kept; i++) {
            if (i)
                tx_sb_addc(&b, ',');
            val_violation_json(&b, &r.violations[i]);
        }
        tx_sb_addc(&b, ']');
        *violations = tx_sb_detach(&b, NULL);
    }
    val_stream_free(st);
    return r.verdict == VAL_REC_VALID ? 0 : r.verdict == VAL_REC_INVALID ? 1 : 2;
}

char *taxonc_summary_json(const taxonc_summary *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return NULL;
    val_report(&s->res, VAL_FMT_JSON, &(val_report_opts){ .fail = s->fail }, m);
    if (fclose(m) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

uint64_t taxonc_summary_count(const taxonc_summary *s, taxonc_counter c)
{
    const val_result *r = &s->res;
    uint64_t total = 0;
    switch (c) {
    case TAXONC_FILES: return r->files;
    case TAXONC_BYTES: return r->bytes;
    case TAXONC_RECORDS: return r->records;
    case TAXONC_EVENTS: return r->events;
    case TAXONC_VALID: return r->valid;
    case TAXONC_INVALID: return r->invalid;
    case TAXONC_IGNORED: return r->ignored;
    case TAXONC_FAILING: return r->failing;
    case TAXONC_IO_ERROR: return r->io_error;
    case TAXONC_VIOLATIONS:
        for (int i = 0; i < VAL_N_CODES; i++)
            total += r->code_count[i];
        return total;
    }
    return 0;
}

int taxonc_summary_merge(taxonc_summary *into, const taxonc_summary *from, char **error)
{
    char err[512];
    if (val_result_merge(&into->res, &from->res, err, sizeof err) != 0) {
        if (error)
            *error = dup_text(err);
        return -1;
    }
    return 0;
}

void taxonc_summary_free(taxonc_summary *s)
{
    if (!s)
        return;
    val_result_free(&s->res);
    free(s);
}

taxonc_summary *taxonc_summary_from_json(const char *text, size_t len, char **error)
{
    char err[512];
    taxonc_summary *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (val_result_from_json("summary", text, len, &s->res, s->fail, err, sizeof err) != 0) {
        if (error)
            *error = dup_text(err);
        free(s);
        return NULL;
    }
    return s;
}
