/* name-collision: two names of one kind (events, properties, types,
 * groups, the members of one object type) that differ only in case or
 * separators, e.g. `loginType` and `login_type`. Reported at the later
 * name with a note at the first; keys come from lint_fold(). */
#include "lint_int.h"
#include <string.h>

typedef struct seen {
    const char *name;
    tx_span span;
} seen;

static void one(lint_ctx *c, lint_map *m, const char *what, const char *name, tx_span sp,
                const tx_meta *meta)
{
    size_t kl;
    const char *key = lint_fold(c->scratch, name, strlen(name), &kl);
    bool is_new;
    void **v = lint_map_put(m, key, kl, &is_new);
    if (is_new) {
        seen *s = tx_arena_alloc(c->scratch, sizeof *s);
        s->name = name;
        s->span = sp;
        *v = s;
        return;
    }
    const seen *first = *v;
    tx_diag *d = lint_emit(c, sp, meta, NULL,
                           "%s '%s' differs from '%s' only in case or separators", what, name,
                           first->name);
    tx_diag_note(c->out, d, first->span, "'%s' is defined here", first->name);
    tx_diag_fix(c->out, d, "use one name for both, or rename one so the difference is visible");
}

static void fields(lint_ctx *c, const tx_type *ty, int depth)
{
    for (; ty && depth < 32; ty = ty->items, depth++) {
        if (depth > 0 && ty->name)
            return;
        if (!ty->n_fields)
            continue;
        lint_map m;
        lint_map_init(&m, c->scratch, ty->n_fields);
        for (size_t i = 0; i < ty->n_fields; i++) {
            one(c, &m, "field", ty->fields[i].name, ty->fields[i].span, &ty->fields[i].meta);
            fields(c, ty->fields[i].type, depth + 1);
        }
    }
}

static void check(lint_ctx *c)
{
    const tx_taxonomy *t = c->t;
    lint_map m;
    lint_map_init(&m, c->scratch, t->n_events);
    for (size_t i = 0; i < t->n_events; i++)
        one(c, &m, "event", t->events[i].name, t->events[i].span, &t->events[i].meta);
    lint_map_init(&m, c->scratch, t->n_props);
    for (size_t i = 0; i < t->n_props; i++)
        one(c, &m, "property", t->props[i].name, t->props[i].span, &t->props[i].meta);
    lint_map_init(&m, c->scratch, t->n_types);
    for (size_t i = 0; i < t->n_types; i++)
        one(c, &m, "type", t->types[i]->name, t->types[i]->span, &t->types[i]->meta);
    lint_map_init(&m, c->scratch, t->n_groups);
    for (size_t i = 0; i < t->n_groups; i++)
        one(c, &m, "group", t->groups[i].name, t->groups[i].span, &t->groups[i].meta);
    for (size_t i = 0; i < t->n_types; i++)
        fields(c, t->types[i], 0);
    for (size_t i = 0; i < t->n_props; i++)
        if (t->props[i].type && !t->props[i].type->name)
            fields(c, t->props[i].type, 0);
}

const tx_lint_rule lint_rule_name_collision = {
    .id = "name-collision",
    .name = "NameCollision",
    .severity = TX_SEV_ERROR,
    .summary = "names of one kind that differ only in case or separators",
    .doc =
        "Two events, two properties, two types, two groups or two members of one object\n"
        "type whose names are equal once case and the separators `_`, `-`, `.`, `/` and\n"
        "spaces are ignored: `loginType` and `login_type`, `Sign Up` and `sign_up`.\n\n"
        "Why: they are almost always the same thing written twice. Tools that normalise\n"
        "names (warehouses, Segment's snake_casing, generated code) merge or clash them,\n"
        "and people cannot tell which one to use.",
    .bad = "properties:\n"
           "  login_type: {type: string, description: 로그인 수단}\n"
           "  loginType: {type: string, description: 로그인 수단}\n",
    .good = "properties:\n"
            "  login_type: {type: string, description: 로그인 수단}\n",
    .check = check,
};
