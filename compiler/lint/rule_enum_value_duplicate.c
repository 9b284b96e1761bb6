/* enum-value-duplicate: values of one string enum that are equal once case,
 * separators and spaces are ignored (`Kakao` / `kakao`, `sign up` /
 * `sign_up`). Reported at the later value with a note at the first. */
#include "lint_int.h"
#include <string.h>

size_t *lint_enum_first_alike(lint_ctx *c, const tx_type *ty)
{
    size_t *first = tx_arena_alloc(c->scratch, (ty->n_enum ? ty->n_enum : 1) * sizeof *first);
    lint_map m;
    lint_map_init(&m, c->scratch, ty->n_enum);
    for (size_t i = 0; i < ty->n_enum; i++) {
        size_t kl;
        const char *key = lint_fold(c->scratch, ty->enums[i].str, ty->enums[i].len, &kl);
        bool is_new;
        void **v = lint_map_put(&m, key, kl, &is_new);
        if (is_new) {
            first[i] = i;
            *v = &first[i];
        } else {
            first[i] = *(size_t *)*v;
        }
    }
    return first;
}

static void one_type(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label)
{
    if (ty->base != TX_STRING || ty->n_enum < 2)
        return;
    const size_t *alike = lint_enum_first_alike(c, ty);
    for (size_t i = 0; i < ty->n_enum; i++) {
        if (alike[i] == i)
            continue;
        const tx_enum_value *v = &ty->enums[i], *first = &ty->enums[alike[i]];
        tx_diag *d = lint_emit(c, v->span, &ty->meta, owner,
                               "enum value '%s' of %s differs from '%s' only in case or separators",
                               v->str, label, first->str);
        tx_diag_note(c->out, d, first->span, "'%s' is listed here", first->str);
        tx_diag_fix(c->out, d, "keep one spelling, e.g. '%s'", first->str);
    }
}

const tx_lint_rule lint_rule_enum_value_duplicate = {
    .id = "enum-value-duplicate",
    .name = "EnumValueDuplicate",
    .severity = TX_SEV_WARNING,
    .summary = "enum values that differ only in case, separators or spaces",
    .doc =
        "Values of one string enum that are equal once case, the separators `_`, `-`, `.`,\n"
        "`/` and spaces are ignored: `Kakao` and `kakao`, `sign up` and `sign_up`.\n\n"
        "Why: the app sends one spelling and the charts count two values; a segment on\n"
        "`kakao` silently misses the `Kakao` users.",
    .bad = "types:\n"
           "  login_method: {type: string, enum: [kakao, naver, Kakao]}\n",
    .good = "types:\n"
            "  login_method: {type: string, enum: [kakao, naver, google]}\n",
    .each_type = one_type,
};
