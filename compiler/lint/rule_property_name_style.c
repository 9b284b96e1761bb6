/* property-name-style: property names (and the member names of object
 * types) match conventions.property_name.pattern when set, are in the
 * configured casing (snake_case by default; with a pattern, only when a
 * casing is written too) and within conventions.property_name.max_length. */
#include "lint_int.h"
#include <string.h>

static void check_name(lint_ctx *c, const char *what, const char *name, tx_span sp,
                       const tx_meta *m)
{
    lint_pattern *p = &c->prop_pat;
    size_t n = strlen(name);
    if (p->code) {
        lint_match r = lint_pattern_match(c, p, name, n);
        if (r == LINT_MATCH_LIMIT)
            lint_pattern_limit(c, p, sp, m, what, name);
        else if (r == LINT_NO_MATCH)
            lint_emit(c, sp, m, NULL, "%s '%s' does not match the pattern '%s' of %s", what, name,
                      p->src, p->where);
    }
    if ((!p->src || c->prop_casing_explicit) && !c->prop_casing->ok(name, n)) {
        tx_diag *d = lint_emit(c, sp, m, NULL, "%s '%s' is not in %s", what, name,
                               c->prop_casing->name);
        lint_words w = lint_split(c->scratch, name);
        if (w.n) {
            const char *sug = lint_join(c->scratch, c->prop_casing, w.w, 0, w.n);
            if (strcmp(sug, name) != 0)
                tx_diag_fix(c->out, d, "rename to '%s'", sug);
        }
    }
    int64_t max = c->t->conv.property_max_length;
    if (max > 0) {
        size_t cp = lint_codepoints(name);
        if ((int64_t)cp > max)
            lint_emit(c, sp, m, NULL,
                      "%s '%s' is %zu characters long; conventions.property_name.max_length is %lld",
                      what, name, cp, (long long)max);
    }
}

static void check_fields(lint_ctx *c, const tx_type *ty, int depth)
{
    for (; ty && depth < 32; ty = ty->items, depth++) {
        if (depth > 0 && ty->name)
            return;             /* named types are checked on their own */
        for (size_t i = 0; i < ty->n_fields; i++) {
            const tx_field *f = &ty->fields[i];
            check_name(c, "field", f->name, f->span, &f->meta);
            check_fields(c, f->type, depth + 1);
        }
    }
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    for (size_t i = 0; i < t->n_props; i++) {
        const tx_property *p = &t->props[i];
        check_name(c, "property", p->name, p->span, &p->meta);
        if (p->type && !p->type->name)
            check_fields(c, p->type, 0);
    }
    for (size_t i = 0; i < t->n_types; i++)
        check_fields(c, t->types[i], 0);
}

const tx_lint_rule lint_rule_property_name_style = {
    .id = "property-name-style",
    .name = "PropertyNameStyle",
    .severity = TX_SEV_WARNING,
    .summary = "property names not matching the configured pattern, casing or max_length",
    .doc =
        "Property names, and the member names of object types, must match\n"
        "`conventions.property_name.pattern` (PCRE2) when it is set, be in\n"
        "`conventions.property_name.casing` (snake_case by default; with a pattern the\n"
        "casing is checked only when written explicitly) and be at most\n"
        "`conventions.property_name.max_length` characters when that is set. The fix\n"
        "renames to the configured casing.\n\n"
        "Why: properties become columns, dimensions and generated parameters; `loginType`\n"
        "and `login_type` in one plan split the data and the code.",
    .bad = "properties:\n"
           "  loginType: {type: string, description: 로그인 수단}\n",
    .good = "properties:\n"
            "  login_type: {type: string, description: 로그인 수단}\n",
    .check = check,
};
