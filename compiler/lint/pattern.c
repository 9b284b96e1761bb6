/* The naming patterns from conventions (event_name.pattern,
 * property_name.pattern): compiled once per lint run, JIT-compiled where
 * PCRE2 supports it, and matched under a match context with match, depth
 * and heap limits, so that a pathological user pattern ('^(a+)+$' against
 * a long name) ends with LINT_MATCH_LIMIT instead of hanging the run. After
 * one limit hit a pattern is reported once (pattern-match-limit) and not
 * applied again, which keeps the worst case at one limit's worth of work. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lint_int.h"
#include <string.h>

static void compile_one(lint_ctx *c, lint_pattern *p)
{
    if (!p->src)
        return;
    int err;
    PCRE2_SIZE off;
    /* UTF and Unicode properties, like the loader's value patterns */
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)p->src, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
    if (!re) {
        PCRE2_UCHAR buf[256];
        if (pcre2_get_error_message(err, buf, sizeof buf) < 0)
            strcpy((char *)buf, "invalid pattern");
        p->error = tx_arena_strdup(c->keep, (const char *)buf);
        p->error_offset = off;
        return;
    }
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back to the interpreter */
    p->code = re;
    p->md = pcre2_match_data_create_from_pattern(re, NULL);
    if (!p->md)
        tx_die_oom();
    int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR) "action");
    p->action_group = g > 0 ? g : 0;
    g = pcre2_substring_number_from_name(re, (PCRE2_SPTR) "object");
    p->object_group = g > 0 ? g : 0;
}

void lint_patterns_compile(lint_ctx *c)
{
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (!mc)
        tx_die_oom();
    pcre2_set_match_limit(mc, c->match_limit);
    pcre2_set_depth_limit(mc, 10000);
    pcre2_set_heap_limit(mc, 20 * 1024);       /* KiB */
    /* JIT code keeps its backtracking frames on a JIT stack (32 KiB by
     * default, small for long names); give it 1 MiB. NULL (no JIT in this
     * PCRE2) is fine: the interpreter does not use it. */
    c->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (c->jit_stack)
        pcre2_jit_stack_assign(mc, NULL, c->jit_stack);
    c->mctx = mc;
    compile_one(c, &c->event_pat);
    compile_one(c, &c->prop_pat);
}

void lint_patterns_free(lint_ctx *c)
{
    lint_pattern *ps[] = { &c->event_pat, &c->prop_pat };
    for (size_t i = 0; i < 2; i++) {
        pcre2_match_data_free(ps[i]->md);
        pcre2_code_free(ps[i]->code);
        ps[i]->md = ps[i]->code = NULL;
    }
    pcre2_match_context_free(c->mctx);
    pcre2_jit_stack_free(c->jit_stack);
    c->mctx = NULL;
    c->jit_stack = NULL;
}

lint_match lint_pattern_match(lint_ctx *c, lint_pattern *p, const char *s, size_t n)
{
    if (!p->code || p->broken)
        return LINT_MATCH_SKIPPED;
    int rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, 0, p->md, c->mctx);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)   /* retry in the interpreter, bounded by its limits */
        rc = pcre2_match(p->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_JIT, p->md, c->mctx);
    if (rc >= 0)
        return LINT_MATCH;
    if (rc == PCRE2_ERROR_NOMATCH)
        return LINT_NO_MATCH;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
        rc == PCRE2_ERROR_NOMEMORY) {
        p->broken = true;
        return LINT_MATCH_LIMIT;
    }
    /* anything else (e.g. invalid UTF-8 in a name) counts as no match */
    return LINT_NO_MATCH;
}

const char *lint_pattern_group(lint_ctx *c, lint_pattern *p, const char *s, int group)
{
    if (group <= 0 || !p->md)
        return NULL;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
    uint32_t n = pcre2_get_ovector_count(p->md);
    if ((uint32_t)group >= n || ov[2 * group] == PCRE2_UNSET)
        return NULL;
    return tx_arena_strndup(c->scratch, s + ov[2 * group], ov[2 * group + 1] - ov[2 * group]);
}

void lint_pattern_limit(lint_ctx *c, lint_pattern *p, tx_span sp, const tx_meta *m,
                        const char *what, const char *name)
{
    if (p->limit_reported)
        return;
    p->limit_reported = true;
    tx_diag *d = lint_emit_for(c, &lint_rule_pattern_match_limit, sp, m, NULL,
                               "pattern in %s hit the PCRE2 match limit on %s '%s'; it is not "
                               "applied to this or any later name",
                               p->where, what, name);
    if (d && p->span.file != TX_NO_FILE)
        tx_diag_note(c->out, d, p->span, "the pattern is '%s'", p->src);
    else
        tx_diag_note(c->out, d, TX_NO_SPAN, "the pattern is '%s'", p->src);
    tx_diag_fix(c->out, d, "rewrite the pattern without nested or ambiguous repetition, "
                           "e.g. '(a+)+' -> 'a+'");
}
