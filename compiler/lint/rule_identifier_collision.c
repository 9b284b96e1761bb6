/* identifier-collision: names whose generated identifiers would be equal
 * in C (snake_case) or Swift/Kotlin (lowerCamelCase functions, parameters
 * and enum cases; UpperCamelCase types), using the same mapping as codegen
 * (ident.c). Names that are equal ignoring case and separators are left to
 * name-collision / enum-value-duplicate when those rules run, so a pair is
 * reported once. */
#include "lint_int.h"
#include <string.h>

typedef struct item {
    const char *name;
    tx_span span;
} item;

typedef struct space {
    lint_map snake, camel, fold;
    bool skip_fold;         /* the fold-equal pairs belong to another rule */
} space;

static void space_init(lint_ctx *c, space *s, size_t n, bool skip_fold)
{
    lint_map_init(&s->snake, c->scratch, n);
    lint_map_init(&s->camel, c->scratch, n);
    lint_map_init(&s->fold, c->scratch, n);
    s->skip_fold = skip_fold;
}

/* Registers name in map under its identifier; returns the earlier item with
 * the same identifier (and the identifier in *id), or NULL. */
static const item *reg(lint_ctx *c, lint_map *m, tx_ident_case k, const item *it, const char **id)
{
    tx_sb sb = TX_SB_INIT;
    tx_ident_append(&sb, k, it->name, strlen(it->name));
    if (sb.failed)
        tx_die_oom();
    bool is_new;
    void **v = lint_map_put(m, sb.buf, sb.len, &is_new);
    *id = is_new ? NULL : tx_arena_strndup(c->scratch, sb.buf, sb.len);
    tx_sb_release(&sb);
    if (is_new) {
        *v = (void *)it;
        return NULL;
    }
    return *v;
}

/* what: "event", "property", ...; of: "type 'x'" for enum values, or NULL */
static void one(lint_ctx *c, space *s, const char *what, const char *of, const char *name,
                tx_span sp, const tx_meta *m1, const tx_meta *m2)
{
    item *it = tx_arena_alloc(c->scratch, sizeof *it);
    it->name = name;
    it->span = sp;
    size_t kl;
    const char *key = lint_fold(c->scratch, name, strlen(name), &kl);
    bool fold_new;
    void **fv = lint_map_put(&s->fold, key, kl, &fold_new);
    if (fold_new)
        *fv = it;
    const char *sid, *cid;
    const item *a = reg(c, &s->snake, TX_IDENT_SNAKE, it, &sid);
    const item *b = reg(c, &s->camel, TX_IDENT_CAMEL, it, &cid);
    const item *first = a ? a : b;
    if (!first)
        return;
    if (s->skip_fold && !fold_new)
        return;             /* name-collision / enum-value-duplicate reports it */
    const char *subj = of ? tx_arena_printf(c->scratch, "%s '%s' of %s", what, name, of)
                          : tx_arena_printf(c->scratch, "%s '%s'", what, name);
    tx_diag *d;
    if (a && b && a == b)
        d = lint_emit(c, sp, m1, m2,
                      "%s maps to the same identifiers as '%s': '%s' in C, '%s' in Swift/Kotlin",
                      subj, first->name, sid, cid);
    else if (a)
        d = lint_emit(c, sp, m1, m2, "%s maps to the same C identifier '%s' as '%s'", subj, sid,
                      a->name);
    else
        d = lint_emit(c, sp, m1, m2, "%s maps to the same Swift/Kotlin identifier '%s' as '%s'",
                      subj, cid, b->name);
    tx_diag_note(c->out, d, first->span, "'%s' is defined here", first->name);
    tx_diag_fix(c->out, d, "rename one of them so their words differ");
}

static void enum_values(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label,
                        void *ud)
{
    (void)ud;
    if (ty->base != TX_STRING || ty->n_enum < 2)
        return;
    space s;
    space_init(c, &s, ty->n_enum, lint_rule_enabled(c, &lint_rule_enum_value_duplicate));
    for (size_t i = 0; i < ty->n_enum; i++)
        one(c, &s, "enum value", label, ty->enums[i].str, ty->enums[i].span, &ty->meta, owner);
}

static void fields(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label,
                   void *ud)
{
    (void)owner;
    (void)label;
    (void)ud;
    if (ty->n_fields < 2)
        return;
    space s;
    space_init(c, &s, ty->n_fields, lint_rule_enabled(c, &lint_rule_name_collision));
    for (size_t i = 0; i < ty->n_fields; i++)
        one(c, &s, "field", NULL, ty->fields[i].name, ty->fields[i].span, &ty->fields[i].meta, NULL);
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    bool nc = lint_rule_enabled(c, &lint_rule_name_collision);
    space s;
    space_init(c, &s, t->n_events, nc);
    for (size_t i = 0; i < t->n_events; i++)
        one(c, &s, "event", NULL, t->events[i].name, t->events[i].span, &t->events[i].meta, NULL);
    space_init(c, &s, t->n_props, nc);
    for (size_t i = 0; i < t->n_props; i++)
        one(c, &s, "property", NULL, t->props[i].name, t->props[i].span, &t->props[i].meta, NULL);
    space_init(c, &s, t->n_types, nc);
    for (size_t i = 0; i < t->n_types; i++)
        one(c, &s, "type", NULL, t->types[i]->name, t->types[i]->span, &t->types[i]->meta, NULL);
    lint_for_each_type(c, fields, NULL);
    lint_for_each_type(c, enum_values, NULL);
}

const tx_lint_rule lint_rule_identifier_collision = {
    .id = "identifier-collision",
    .name = "IdentifierCollision",
    .severity = TX_SEV_ERROR,
    .summary = "names whose generated C, Swift or Kotlin identifiers would collide",
    .doc =
        "Generated code turns names into identifiers: snake_case in C, lowerCamelCase for\n"
        "Swift/Kotlin functions, parameters and enum cases, UpperCamelCase for their types.\n"
        "Words are split at every character that is not a letter or digit and at case\n"
        "changes, so `c++` and `c`, or `10-20` and `10_20`, map to the same identifier.\n"
        "This rule checks events, properties, types, the members of each object type and\n"
        "the values of each string enum. Pairs that differ only in case or separators are\n"
        "reported by name-collision (and enum-value-duplicate for enum values) instead,\n"
        "unless that rule is off. The mapping is the one codegen uses (`tx_ident_snake`,\n"
        "`tx_ident_camel`, `tx_ident_pascal` in compiler/lint/ident.h).\n\n"
        "Why: two enum cases or functions with one identifier do not compile, and renaming\n"
        "one in generated code by hand is lost at the next generation.",
    .bad = "types:\n"
           "  language:\n"
           "    type: string\n"
           "    enum: [c, c++, kotlin]\n",
    .good = "types:\n"
            "  language:\n"
            "    type: string\n"
            "    enum: [c, cpp, kotlin]\n",
    .check = check,
};
