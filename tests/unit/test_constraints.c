/* Unit tests for schema/constraints.c, the one effective-constraints view
 * of a resolved type, and for the readers that take their constraints from
 * it: refinements (named and inline, several levels deep) carry every
 * constraint of the types they refine, the code-generation plan checks
 * exactly those (one pattern, not one per level; bounds that check
 * nothing dropped) and the validator's compiled types agree. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "../../schema/constraints.h"
#include "../../compiler/load.h"
#include "../../codegen/cg_internal.h"
#include "../../validators/internal.h"

static const char plan_yaml[] =
    "taxonomy: refine_chain\n"
    "version: 1.0.0\n"
    "types:\n"
    "  code: {type: string, pattern: '^[A-Z]{2,8}$', min_length: 2, max_length: 8}\n"
    "  short_code: {type: code, max_length: 4, pattern: '^[A-Z]{2,8}$'}\n"
    "  shorter_code: {type: short_code, min_length: 3}\n"
    "  day: {type: string, format: yyyyMMdd}\n"
    "  day2: {type: day, nullable: true}\n"
    "  count: {type: integer, min: 0, max: 100}\n"
    "  small_count: {type: count, max: 10}\n"
    "  smaller_count: {type: small_count, min: 1}\n"
    "  color: {type: string, enum: [red, green, blue]}\n"
    "  warm: {type: color, enum: [red]}\n"
    "  tags: {type: array, items: code, min_items: 0, max_items: 10}\n"
    "  few_tags: {type: tags, max_items: 3}\n"
    "  point: {type: object, properties: {x: {type: integer, required: true}, y: integer}}\n"
    "  point2: {type: point, nullable: true}\n"
    "  empty_point: {type: point, properties: {}}\n"
    "  big: {type: integer, min: -9223372036854775808, max: 9223372036854775807}\n"
    "properties:\n"
    "  p_code: shorter_code\n"
    "  p_code_inline: {type: short_code, max_length: 3}\n"
    "  p_len0: {type: string, min_length: 0, max_length: 3}\n"
    "  p_day: day2\n"
    "  p_count: smaller_count\n"
    "  p_color: warm\n"
    "  p_tags: few_tags\n"
    "  p_point: point2\n"
    "  p_empty_point: empty_point\n"
    "  p_big: {type: big}\n"
    "events:\n"
    "  view_item:\n"
    "    properties: {p_code: required, p_code_inline: optional, p_len0: optional,\n"
    "                 p_day: optional,\n"
    "                 p_count: optional, p_color: optional, p_tags: optional,\n"
    "                 p_point: optional, p_empty_point: optional, p_big: optional}\n";

typedef struct fx {
    tx_ctx *ctx;
    const tx_taxonomy *t;
} fx;

static int setup(void **state)
{
    static fx f;
    f.ctx = tx_ctx_new();
    f.t = tx_load_string(f.ctx, "refine.yaml", plan_yaml, strlen(plan_yaml), NULL);
    *state = &f;
    return f.t ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    tx_ctx_free(f->ctx);
    return 0;
}

static const tx_type *type_of(const fx *f, const char *prop)
{
    const tx_property *p = tx_find_property(f->t, prop, strlen(prop));
    assert_non_null(p);
    return p->type;
}

static void test_no_type(void **state)
{
    (void)state;
    tx_eff e = tx_eff_of(NULL);
    assert_null(e.t);
    assert_int_equal(e.base, TX_STRING);
    assert_false(e.nullable);
    assert_null(e.min);
    assert_null(e.max);
    assert_int_equal(e.min_length, -1);
    assert_int_equal(e.max_length, -1);
    assert_int_equal(e.min_items, -1);
    assert_int_equal(e.max_items, -1);
    assert_null(e.pattern);
    assert_int_equal(e.format, TX_FMT_NONE);
    assert_null(e.format_text);
    assert_int_equal(e.n_enum, 0);
    assert_null(e.items);
    assert_int_equal(e.n_fields, 0);
    assert_null(e.ref);
}

/* Two levels of refinement: the grandparent's pattern and lower bound,
 * the parent's upper bound, the type's own lower bound. */
static void test_refinement_chain(void **state)
{
    fx *f = *state;
    tx_eff e = tx_eff_of(type_of(f, "p_code"));
    assert_string_equal(e.ref, "shorter_code");
    assert_string_equal(e.pattern, "^[A-Z]{2,8}$");
    assert_non_null(e.pattern_re);
    assert_int_equal(e.min_length, 3);
    assert_int_equal(e.max_length, 4);

    e = tx_eff_of(type_of(f, "p_count"));
    assert_non_null(e.min);
    assert_non_null(e.max);
    assert_int_equal(e.min->i, 1);
    assert_int_equal(e.max->i, 10);

    e = tx_eff_of(type_of(f, "p_color"));
    assert_int_equal(e.n_enum, 1);
    assert_string_equal(e.enums[0].str, "red");

    e = tx_eff_of(type_of(f, "p_tags"));
    assert_int_equal(e.base, TX_ARRAY);
    assert_int_equal(e.min_items, 0);
    assert_int_equal(e.max_items, 3);
    assert_non_null(e.items);
    assert_string_equal(e.items->name, "code");

    e = tx_eff_of(type_of(f, "p_day"));
    assert_true(e.nullable);
    assert_int_equal(e.format, TX_FMT_DATE_PATTERN);
    assert_string_equal(e.format_text, "yyyyMMdd");
    assert_non_null(e.date_pattern);

    e = tx_eff_of(type_of(f, "p_point"));
    assert_true(e.nullable);
    assert_int_equal(e.n_fields, 2);
    assert_string_equal(e.fields[0].name, "x");
    assert_true(e.fields[0].required);

    /* an inline refinement names the type it refines */
    e = tx_eff_of(type_of(f, "p_code_inline"));
    assert_string_equal(e.ref, "short_code");
    assert_int_equal(e.min_length, 2);
    assert_int_equal(e.max_length, 3);
    assert_string_equal(e.pattern, "^[A-Z]{2,8}$");
}

/* A date pattern given without its text shows the pattern's. */
static void test_date_pattern_text(void **state)
{
    fx *f = *state;
    tx_type t = *type_of(f, "p_day");
    t.format_text = NULL;
    tx_eff e = tx_eff_of(&t);
    assert_string_equal(e.format_text, "yyyyMMdd");
}

static const cg_node *plan_node(const cg_plan *p, const char *prop)
{
    for (size_t i = 0; i < p->n_props; i++)
        if (strcmp(p->props[i].p->name, prop) == 0)
            return p->props[i].type;
    fail_msg("no property %s in the plan", prop);
    return NULL;
}

/* The plan checks the effective constraints: one pattern for a chain that
 * repeats it, no check for at least 0 code points or items, none for
 * bounds every int64 meets. */
static void test_plan_checks(void **state)
{
    fx *f = *state;
    tx_arena *a = tx_arena_new();
    tx_diags d = { .arena = a };
    cg_plan p;
    assert_int_equal(cg_plan_build(&p, f->t, a, &d), 0);

    const cg_node *n = plan_node(&p, "p_code");
    assert_int_equal(n->kind, CG_STRING);
    assert_int_equal(n->ck.n_patterns, 1);
    assert_string_equal(n->ck.patterns[0], "^[A-Z]{2,8}$");
    assert_int_equal(n->ck.min_length, 3);
    assert_int_equal(n->ck.max_length, 4);

    n = plan_node(&p, "p_code_inline");
    assert_int_equal(n->ck.n_patterns, 1);
    assert_int_equal(n->ck.min_length, 2);
    assert_int_equal(n->ck.max_length, 3);
    n = plan_node(&p, "p_len0");
    assert_int_equal(tx_eff_of(n->t).min_length, 0);
    assert_int_equal(n->ck.min_length, -1);     /* at least 0: checks nothing */
    assert_int_equal(n->ck.max_length, 3);

    n = plan_node(&p, "p_count");
    assert_true(n->ck.min.set && n->ck.min.i == 1);
    assert_true(n->ck.max.set && n->ck.max.i == 10);

    n = plan_node(&p, "p_color");
    assert_int_equal(n->kind, CG_ENUM);
    assert_int_equal(n->decl->n_values, 1);

    n = plan_node(&p, "p_tags");
    assert_int_equal(n->kind, CG_ARRAY);
    assert_int_equal(n->ck.min_items, -1);
    assert_int_equal(n->ck.max_items, 3);
    assert_int_equal(n->items->ck.n_patterns, 1);

    n = plan_node(&p, "p_day");
    assert_true(n->nullable);
    assert_int_equal(n->ck.format, TX_FMT_DATE_PATTERN);
    assert_non_null(n->ck.date_pattern);

    n = plan_node(&p, "p_big");
    assert_false(n->ck.min.set);
    assert_false(n->ck.max.set);

    /* `properties: {}` on a refinement declares no members, as the model,
     * the validator and the JSON Schema export say (plan.c, fields_source) */
    n = plan_node(&p, "p_empty_point");
    assert_int_equal(n->kind, CG_OBJECT);
    assert_int_equal(n->decl->n_fields, 0);
    tx_arena_free(a);
}

static const val_type *compiled(const val_schema *s, const char *prop)
{
    for (size_t i = 0; i < s->n_props; i++)
        if (strcmp(s->props[i].name, prop) == 0)
            return s->props[i].type;
    fail_msg("no property %s in the schema", prop);
    return NULL;
}

/* The validator compiles the same constraints. */
static void test_validator_types(void **state)
{
    fx *f = *state;
    char err[256];
    val_schema *s = val_schema_new(f->t, err, sizeof err);
    assert_non_null(s);
    const val_type *t = compiled(s, "p_code");
    assert_int_equal(t->min_len, 3);
    assert_int_equal(t->max_len, 4);
    assert_string_equal(t->pattern, "^[A-Z]{2,8}$");
    t = compiled(s, "p_tags");
    assert_int_equal(t->max_items, 3);
    assert_non_null(t->items);
    assert_int_equal(t->items->max_len, 8);
    t = compiled(s, "p_day");
    assert_true(t->nullable);
    assert_string_equal(t->format_text, "yyyyMMdd");
    t = compiled(s, "p_count");
    assert_true(t->has_min && t->min_i64 && t->min_i == 1);
    assert_true(t->has_max && t->max_i64 && t->max_i == 10);
    t = compiled(s, "p_empty_point");
    assert_int_equal(t->n_fields, 0);   /* the model's: no members */
    val_schema_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_type),
        cmocka_unit_test(test_refinement_chain),
        cmocka_unit_test(test_date_pattern_text),
        cmocka_unit_test(test_plan_checks),
        cmocka_unit_test(test_validator_types),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
