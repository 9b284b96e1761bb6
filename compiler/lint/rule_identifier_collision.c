/* identifier-collision: names whose generated identifiers would be equal
 * in C (snake_case) or Swift/Kotlin (lowerCamelCase functions, parameters
 * and enum cases; UpperCamelCase types), using the same mapping as codegen
 * (ident.c). Names that are equal ignoring case and separators are left to
 * name-collision / enum-value-duplicate when those rules run, so a pair is
 * reported once. */
#include "lint_int.h"
#include "../../support/util.h"
#include <stddef.h>
#include <string.h>

/* Approach: each space (events, properties, types, one object's members,
 * one enum's values) has three tables, by C identifier, Swift/Kotlin
 * identifier and folded name, from the key's hash to the first name that
 * had it. Keys are not kept: on a hash match the earlier name's key is
 * computed again and compared, which happens once per real collision (and
 * once in four billion otherwise). A slot is 8 bytes, so a plan of a
 * million events costs 48 MB here instead of copied keys, an item per
 * name and 24-byte slots (~250 MB): why this rule keeps its own tables
 * instead of support/strmap.h. */

/* Where the names of one space are: item i of the list is `size` bytes
 * after item i-1 (a pointer to the item when `pointers`), its name and
 * span at fixed offsets in it. */
typedef struct layout {
    size_t size, name, span;
    bool pointers;
} layout;

#define LAYOUT(T, name_member) { sizeof(T), offsetof(T, name_member), offsetof(T, span), false }
static const layout events_l = LAYOUT(tx_event, name);
static const layout props_l = LAYOUT(tx_property, name);
static const layout fields_l = LAYOUT(tx_field, name);
static const layout enums_l = LAYOUT(tx_enum_value, str);
static const layout types_l = { sizeof(tx_type *), offsetof(tx_type, name), offsetof(tx_type, span),
                                true };

typedef struct slot {
    uint32_t hash;
    uint32_t ix;            /* index + 1 of the first name with this key; 0 = empty */
} slot;

typedef struct table {
    slot *slots;
    size_t mask;
} table;

enum { BY_SNAKE, BY_CAMEL, BY_FOLD };

typedef struct space {
    const layout *lay;
    const void *list;
    table by[3];
    tx_sb key, other;       /* the key being placed, an earlier name's key */
    bool skip_fold;         /* the fold-equal pairs belong to another rule */
} space;

static void space_init(lint_ctx *c, space *s, const layout *lay, const void *list, size_t n,
                       bool skip_fold)
{
    size_t cap = 16;
    while (cap < n + n / 3 + 1)     /* at most 3/4 full */
        cap *= 2;
    for (int k = 0; k < 3; k++) {
        s->by[k].slots = tx_arena_alloc_aligned(c->scratch, cap * sizeof(slot), 8);
        s->by[k].mask = cap - 1;
    }
    s->lay = lay;
    s->list = list;
    s->skip_fold = skip_fold;
}

/* The name of item i, and its span in *sp. */
static const char *name_at(const space *s, size_t i, tx_span *sp)
{
    const char *item = (const char *)s->list + i * s->lay->size;
    if (s->lay->pointers)
        item = *(const char *const *)item;
    *sp = *(const tx_span *)(item + s->lay->span);
    return *(const char *const *)(item + s->lay->name);
}

static void space_done(space *s)
{
    tx_sb_release(&s->key);
    tx_sb_release(&s->other);
}

static void make_key(tx_sb *sb, int by, const char *name)
{
    tx_sb_reset(sb);
    if (by == BY_FOLD)
        lint_fold_append(sb, name, strlen(name));
    else
        tx_ident_append(sb, by == BY_SNAKE ? TX_IDENT_SNAKE : TX_IDENT_CAMEL, name, strlen(name));
    if (sb->failed)
        tx_die_oom();
}

/* Places name i under its key in table `by`: returns the index of the
 * earlier name with the same key (its key stays in s->key), or -1 after
 * registering i as the first. */
static long place(space *s, int by, size_t i, const char *name)
{
    make_key(&s->key, by, name);
    uint32_t h = (uint32_t)tx_hash64(s->key.buf, s->key.len);
    table *t = &s->by[by];
    for (size_t j = h & t->mask;; j = (j + 1) & t->mask) {
        slot *sl = &t->slots[j];
        if (!sl->ix) {
            sl->hash = h;
            sl->ix = (uint32_t)i + 1;
            return -1;
        }
        if (sl->hash != h)
            continue;
        tx_span unused;
        make_key(&s->other, by, name_at(s, sl->ix - 1, &unused));
        if (s->other.len == s->key.len && memcmp(s->other.buf, s->key.buf, s->key.len) == 0)
            return (long)sl->ix - 1;
    }
}

/* what: "event", "property", ...; of: "type 'x'" for enum values, or NULL */
static void one(lint_ctx *c, space *s, const char *what, const char *of, size_t i,
                const tx_meta *m1, const tx_meta *m2)
{
    tx_span sp;
    const char *name = name_at(s, i, &sp);
    bool fold_new = place(s, BY_FOLD, i, name) < 0;
    long a = place(s, BY_SNAKE, i, name);
    const char *sid = a < 0 ? NULL : tx_arena_strndup(c->scratch, s->key.buf, s->key.len);
    long b = place(s, BY_CAMEL, i, name);
    const char *cid = b < 0 ? NULL : tx_arena_strndup(c->scratch, s->key.buf, s->key.len);
    long first = a >= 0 ? a : b;
    if (first < 0)
        return;
    if (s->skip_fold && !fold_new)
        return;             /* name-collision / enum-value-duplicate reports it */
    tx_span first_sp;       /* first is a when there is one, else b */
    const char *first_name = name_at(s, (size_t)first, &first_sp);
    const char *subj = of ? tx_arena_printf(c->scratch, "%s '%s' of %s", what, name, of)
                          : tx_arena_printf(c->scratch, "%s '%s'", what, name);
    tx_diag *d;
    if (a >= 0 && b >= 0 && a == b)
        d = lint_emit(c, sp, m1, m2,
                      "%s maps to the same identifiers as '%s': '%s' in C, '%s' in Swift/Kotlin",
                      subj, first_name, sid, cid);
    else if (a >= 0)
        d = lint_emit(c, sp, m1, m2, "%s maps to the same C identifier '%s' as '%s'", subj, sid,
                      first_name);
    else
        d = lint_emit(c, sp, m1, m2, "%s maps to the same Swift/Kotlin identifier '%s' as '%s'",
                      subj, cid, first_name);
    tx_diag_note(c->out, d, first_sp, "'%s' is defined here", first_name);
    tx_diag_fix(c->out, d, "rename one of them so their words differ");
}

static void enum_values(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label,
                        void *ud)
{
    (void)ud;
    if (ty->base != TX_STRING || ty->n_enum < 2)
        return;
    space s = { 0 };
    space_init(c, &s, &enums_l, ty->enums, ty->n_enum,
               lint_rule_enabled(c, &lint_rule_enum_value_duplicate));
    for (size_t i = 0; i < ty->n_enum; i++)
        one(c, &s, "enum value", label, i, &ty->meta, owner);
    space_done(&s);
}

static void fields(lint_ctx *c, const tx_type *ty, const tx_meta *owner, const char *label,
                   void *ud)
{
    (void)owner;
    (void)label;
    (void)ud;
    if (ty->n_fields < 2)
        return;
    space s = { 0 };
    space_init(c, &s, &fields_l, ty->fields, ty->n_fields,
               lint_rule_enabled(c, &lint_rule_name_collision));
    for (size_t i = 0; i < ty->n_fields; i++)
        one(c, &s, "field", NULL, i, &ty->fields[i].meta, NULL);
    space_done(&s);
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    bool nc = lint_rule_enabled(c, &lint_rule_name_collision);
    space s = { 0 };
    space_init(c, &s, &events_l, t->events, t->n_events, nc);
    for (size_t i = 0; i < t->n_events; i++)
        one(c, &s, "event", NULL, i, &t->events[i].meta, NULL);
    space_init(c, &s, &props_l, t->props, t->n_props, nc);
    for (size_t i = 0; i < t->n_props; i++)
        one(c, &s, "property", NULL, i, &t->props[i].meta, NULL);
    space_init(c, &s, &types_l, t->types, t->n_types, nc);
    for (size_t i = 0; i < t->n_types; i++)
        one(c, &s, "type", NULL, i, &t->types[i]->meta, NULL);
    space_done(&s);
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
        "`tx_ident_camel`, `tx_ident_pascal` in support/ident.h).\n\n"
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
