/* enum-value-case: the values of one string enum written in different
 * casings (`kakao`, `naver`, `Google`). Each value with at least two ASCII
 * letters is classed lower, UPPER, Capitalized or mixed; values not in the
 * majority class (ties: the first value's) are reported, with the value in
 * the majority casing as the fix. Near-duplicates are left to
 * enum-value-duplicate when that rule runs. */
#include "lint_int.h"
#include <string.h>

typedef enum vcase { VC_NONE, VC_LOWER, VC_UPPER, VC_CAPITAL, VC_MIXED, VC_N } vcase;

static const char *const vcase_names[VC_N] = { "", "lowercase", "UPPERCASE", "Capitalized",
                                               "mixed case" };

static bool lo(char c) { return c >= 'a' && c <= 'z'; }
static bool up(char c) { return c >= 'A' && c <= 'Z'; }
static bool al(char c) { return lo(c) || up(c); }

/* Capitalized: the first letter is upper-case and every other upper-case
 * letter starts a word ("Google", "New York"); "iOS", "McDonald" are mixed. */
static vcase classify(const char *s, size_t n)
{
    size_t letters = 0, lower = 0, upper = 0;
    bool capital = true, seen_letter = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!al(c))
            continue;
        letters++;
        bool word_start = i == 0 || !al(s[i - 1]);
        if (lo(c)) {
            lower++;
            if (!seen_letter)
                capital = false;
        } else {
            upper++;
            if (!word_start)
                capital = false;
        }
        seen_letter = true;
    }
    if (letters < 2)
        return VC_NONE;
    if (!upper)
        return VC_LOWER;
    if (!lower)
        return VC_UPPER;
    return capital ? VC_CAPITAL : VC_MIXED;
}

static const char *convert(lint_ctx *c, const char *s, size_t n, vcase to)
{
    char *r = tx_arena_strndup(c->scratch, s, n);
    for (size_t i = 0; i < n; i++) {
        bool word_start = i == 0 || !al(s[i - 1]);
        if (to == VC_UPPER || (to == VC_CAPITAL && word_start)) {
            if (lo(r[i]))
                r[i] = (char)(r[i] - 'a' + 'A');
        } else if (up(r[i])) {
            r[i] = (char)(r[i] - 'A' + 'a');
        }
    }
    return r;
}

static void one_type(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label)
{
    if (ty->base != TX_STRING || ty->n_enum < 2)
        return;
    size_t count[VC_N] = { 0 };
    vcase first = VC_NONE;
    vcase *cls = tx_arena_alloc(c->scratch, ty->n_enum * sizeof *cls);
    for (size_t i = 0; i < ty->n_enum; i++) {
        cls[i] = classify(ty->enums[i].str, ty->enums[i].len);
        count[cls[i]]++;
        if (first == VC_NONE)
            first = cls[i];
    }
    if (first == VC_NONE)
        return;
    vcase major = first;
    for (int k = VC_LOWER; k < VC_N; k++)
        if (count[k] > count[major])
            major = (vcase)k;
    /* a value equal to another but for case is enum-value-duplicate's */
    bool *dup = tx_arena_alloc(c->scratch, ty->n_enum);
    if (lint_rule_enabled(c, &lint_rule_enum_value_duplicate)) {
        const size_t *alike = lint_enum_first_alike(c, ty);
        for (size_t i = 0; i < ty->n_enum; i++)
            if (alike[i] != i)
                dup[i] = dup[alike[i]] = true;
    }
    for (size_t i = 0; i < ty->n_enum; i++) {
        if (cls[i] == VC_NONE || cls[i] == major || dup[i])
            continue;
        const tx_enum_value *v = &ty->enums[i];
        tx_diag *d = lint_emit(c, v->span, &ty->meta, owner,
                               "enum value '%s' of %s is %s while the other values are %s", v->str,
                               label, vcase_names[cls[i]], vcase_names[major]);
        if (major != VC_MIXED)
            tx_diag_fix(c->out, d, "write it '%s'", convert(c, v->str, v->len, major));
    }
}

const tx_lint_rule lint_rule_enum_value_case = {
    .id = "enum-value-case",
    .name = "EnumValueCase",
    .severity = TX_SEV_WARNING,
    .summary = "enum values written in different casings within one enum",
    .doc =
        "Each value of a string enum with at least two ASCII letters is classed lowercase,\n"
        "UPPERCASE, Capitalized (each word starts upper-case) or mixed case. Values outside\n"
        "the class most values share (on a tie, the first value's) are reported, with the\n"
        "value rewritten in that casing as the fix. Values that differ from another only in\n"
        "case are reported by enum-value-duplicate instead, unless that rule is off.\n\n"
        "Why: enum values are matched exactly downstream; one stray `Google` among\n"
        "`kakao` and `naver` usually means a developer will send `google` one day.",
    .bad = "types:\n"
           "  login_method: {type: string, enum: [kakao, naver, Google]}\n",
    .good = "types:\n"
            "  login_method: {type: string, enum: [kakao, naver, google]}\n",
    .each_type = one_type,
};
