/* Unit tests for the importers' JSON Schema converter (compiler/import/
 * im_json.c) and the YAML they write (im_yaml.c): each keyword, unions,
 * any, $ref (inlined and named), cycles, outside references, broken JSON
 * with its location, losses (a warning and a `# lost:` comment), the
 * writer's quoting; then every fixture under tests/fixtures/import/ against
 * its golden YAML in tests/golden/import/ (UPDATE_GOLDEN=1 rewrites them).
 * The goldens are the importers' text: whether the loader takes it is
 * tests/e2e/import_formats.sh's business. Run from the repository root. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "../../compiler/import/im_json.h"
#include "../../compiler/import/import.h"
#include "../../support/util.h"

typedef struct conv {
    tx_ctx *ctx;
    im_plan p;
    im_doc d;
    im_conv c;
    im_type *t;
    const char *text;       /* the spec's YAML */
} conv;

/* Converts the root schema of json; named_refs as given. */
static conv *run(const char *json, bool named)
{
    conv *r = calloc(1, sizeof *r);
    r->ctx = tx_ctx_new();
    im_plan_init(&r->p, r->ctx);
    if (im_doc_parse(r->ctx, "s.json", json, strlen(json), &r->d) != 0)
        return r;
    r->c = (im_conv){ .plan = &r->p, .doc = &r->d, .named_refs = named };
    r->t = im_schema(&r->c, r->d.root, "", NULL);
    r->text = im_type_text(r->p.a, r->t);
    return r;
}

static void done(conv *r)
{
    im_plan_done(&r->p);
    tx_ctx_free(r->ctx);
    free(r);
}

static bool has_diag(const tx_ctx *ctx, const char *code, const char *needle)
{
    for (size_t i = 0; i < ctx->diags.n; i++)
        if (strcmp(ctx->diags.items[i].code, code) == 0 && strstr(ctx->diags.items[i].message, needle))
            return true;
    return false;
}

static bool has_note(const im_plan *p, const char *needle)
{
    for (size_t i = 0; i < p->notes.n; i++)
        if (strstr(p->notes.items[i], needle))
            return true;
    return false;
}

#define SPEC(json, want)                                                                           \
    do {                                                                                           \
        conv *r_ = run(json, false);                                                               \
        assert_non_null(r_->t);                                                                    \
        assert_string_equal(r_->text, want);                                                       \
        done(r_);                                                                                  \
    } while (0)

static void test_base_types(void **state)
{
    (void)state;
    SPEC("{\"type\": \"string\"}", "type: string\n");
    SPEC("{\"type\": \"integer\"}", "type: integer\n");
    SPEC("{\"type\": \"number\"}", "type: number\n");
    SPEC("{\"type\": \"boolean\"}", "type: boolean\n");
    SPEC("{\"type\": \"null\"}", "type: \"null\"\n");
    SPEC("{}", "type: any\n");
    SPEC("{\"description\": \"anything\"}", "type: any\n");
    SPEC("true", "type: any\n");
    SPEC("{\"type\": \"array\"}", "type: array\n");
    SPEC("{\"type\": \"array\", \"items\": {}}", "type: array\nitems: any\n");
    /* objects are open unless additionalProperties says otherwise */
    SPEC("{\"type\": \"object\"}", "type: object\nadditional: true\n");
    SPEC("{\"type\": \"object\", \"additionalProperties\": false}", "type: object\n");
}

static void test_constraints(void **state)
{
    (void)state;
    SPEC("{\"type\": \"string\", \"minLength\": 1, \"maxLength\": 40, \"pattern\": \"^a\", "
         "\"format\": \"email\"}",
         "type: string\nmin_length: 1\nmax_length: 40\nformat: email\npattern: ^a\n");
    SPEC("{\"type\": \"number\", \"minimum\": 0, \"maximum\": 2.5}", "type: number\nmin: 0\nmax: 2.5\n");
    /* integers: fractional and exclusive bounds move inside */
    SPEC("{\"type\": \"integer\", \"minimum\": 0.5, \"exclusiveMaximum\": 10}",
         "type: integer\nmin: 1\nmax: 9\n");
    /* draft-04 boolean exclusiveMinimum */
    SPEC("{\"type\": \"integer\", \"minimum\": 3, \"exclusiveMinimum\": true}", "type: integer\nmin: 4\n");
    SPEC("{\"type\": \"array\", \"items\": {\"type\": \"string\", \"enum\": [\"a\", \"b\"]}, "
         "\"minItems\": 1, \"maxItems\": 3}",
         "type: array\nitems:\n  type: string\n  enum: [a, b]\nmin_items: 1\nmax_items: 3\n");
    SPEC("{\"enum\": [\"yes\", \"no\", \"1.0\"]}", "type: string\nenum: [\"yes\", \"no\", \"1.0\"]\n");
    SPEC("{\"type\": \"integer\", \"enum\": [1, 2, \"3\"]}", "type: integer\nenum: [1, 2]\n");
    SPEC("{\"const\": \"fixed\"}", "type: string\nenum: [fixed]\n");
    SPEC("{\"type\": \"object\", \"properties\": {\"a b\": {\"type\": \"string\", \"description\": "
         "\"첫 줄\\n둘째 줄\"}, \"n\": {}}, \"required\": [\"a b\", \"z\"], "
         "\"additionalProperties\": {\"type\": \"integer\"}}",
         "type: object\nproperties:\n  a b:\n    type: string\n    required: true\n"
         "    description: \"첫 줄\\n둘째 줄\"\n  \"n\":\n    type: any\n  z:\n    type: any\n"
         "    required: true\nadditional: integer\n");
}

static void test_unions(void **state)
{
    (void)state;
    SPEC("{\"type\": [\"string\", \"null\"]}", "type: string\nnullable: true\n");
    SPEC("{\"type\": [\"integer\", \"string\"], \"minimum\": 1, \"maxLength\": 4}",
         "type: [integer, string]\nmin: 1\nmax_length: 4\n");
    SPEC("{\"type\": [\"integer\", \"number\"]}", "type: number\n");
    SPEC("{\"type\": [\"null\"]}", "type: \"null\"\n");
    SPEC("{\"anyOf\": [{\"type\": \"integer\", \"minimum\": 0}, {\"type\": \"string\", \"format\": "
         "\"date\"}, {\"type\": \"null\"}]}",
         "type: [integer, string]\nnullable: true\nmin: 0\nformat: date\n");
    SPEC("{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}]}", "type: string\nnullable: true\n");
    SPEC("{\"allOf\": [{\"type\": \"boolean\"}]}", "type: boolean\n");
    /* not a choice of distinct simple types: any, reported */
    conv *r = run("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"string\", \"minLength\": 2}]}", false);
    assert_string_equal(r->text, "type: any\n");
    assert_true(has_diag(r->ctx, "import-lost", "anyOf"));
    assert_true(has_note(&r->p, "lost: /anyOf: anyOf that is not a choice"));
    done(r);
}

static void test_losses(void **state)
{
    (void)state;
    conv *r = run("{\"type\": \"number\", \"multipleOf\": 5, \"exclusiveMinimum\": 0,\n"
                  " \"not\": {\"type\": \"string\"}, \"format\": \"ipv4\"}", false);
    assert_string_equal(r->text, "type: number\nmin: 0\n");
    assert_true(has_note(&r->p, "lost: /multipleOf: keyword 'multipleOf' is not supported"));
    assert_true(has_note(&r->p, "lost: /not:"));
    assert_true(has_note(&r->p, "lost: /exclusiveMinimum: exclusive bound 0 kept as an inclusive one"));
    assert_true(has_diag(r->ctx, "import-lost", "(at /multipleOf)"));
    /* the warning points at the keyword: line 1 */
    assert_int_equal(r->ctx->diags.items[0].span.file, r->d.file);
    assert_int_equal(r->ctx->diags.n_error, 0);
    done(r);
    r = run("{\"type\": \"array\", \"items\": [{\"type\": \"string\"}]}", false);
    assert_string_equal(r->text, "type: array\n");
    assert_true(has_note(&r->p, "lost: /items: tuple items"));
    done(r);
    /* pointers escape ~ and / */
    r = run("{\"type\": \"object\", \"properties\": {\"a/b~c\": {\"type\": \"string\", \"x-y\": 1}}}", false);
    assert_true(has_note(&r->p, "lost: /properties/a~1b~0c/x-y:"));
    done(r);
}

static void test_refs(void **state)
{
    (void)state;
    const char *doc = "{\"type\": \"object\", \"additionalProperties\": false,\n"
                      " \"properties\": {\"a\": {\"$ref\": \"#/definitions/money\"},\n"
                      "  \"b\": {\"$ref\": \"#/$defs/code\", \"description\": \"b's own\"},\n"
                      "  \"c\": {\"$ref\": \"#/definitions/money\"},\n"
                      "  \"d\": {\"$ref\": \"#/properties/a\"}},\n"
                      " \"definitions\": {\"money\": {\"type\": \"number\", \"minimum\": 0, "
                      "\"description\": \"won\"}},\n"
                      " \"$defs\": {\"code\": {\"type\": \"string\", \"pattern\": \"^[A-Z]{3}$\"}}}";
    conv *r = run(doc, false);     /* inlined */
    assert_string_equal(r->text, "type: object\nproperties:\n"
                                 "  a:\n    type: number\n    min: 0\n    description: won\n"
                                 "  b:\n    type: string\n    pattern: ^[A-Z]{3}$\n    description: b's own\n"
                                 "  c:\n    type: number\n    min: 0\n    description: won\n"
                                 "  d:\n    type: number\n    min: 0\n    description: won\n");
    assert_int_equal(r->p.types.n, 0);
    done(r);
    r = run(doc, true);            /* named types, each converted once */
    assert_string_equal(r->text, "type: object\nproperties:\n"
                                 "  a:\n    type: money\n  b:\n    type: code\n    description: b's own\n"
                                 "  c:\n    type: money\n  d:\n    type: money\n");
    assert_int_equal(r->p.types.n, 2);
    assert_string_equal(r->p.types.items[0].name, "money");
    assert_string_equal(r->p.types.items[0].meta.desc, "won");
    done(r);
}

static void test_ref_errors(void **state)
{
    (void)state;
    conv *r = run("{\"type\": \"object\",\n \"properties\": {\"a\": {\"$ref\": \"other.json#/x\"}}}", false);
    assert_true(r->c.failed);
    assert_true(has_diag(r->ctx, "import-ref", "'other.json#/x' points outside the file"));
    assert_int_equal(r->ctx->diags.items[0].span.start, (uint32_t)(strstr("{\"type\": \"object\",\n \"properties\": {\"a\": {\"$ref\": \"other.json#/x\"}}}", "\"other") - "{\"type\": \"object\",\n \"properties\": {\"a\": {\"$ref\": \"other.json#/x\"}}}"));
    done(r);
    r = run("{\"$ref\": \"#/definitions/a\", \"definitions\": {\"a\": {\"type\": \"array\", \"items\": "
            "{\"$ref\": \"#/definitions/b\"}}, \"b\": {\"$ref\": \"#/definitions/a\"}}}", true);
    assert_true(r->c.failed);
    assert_true(has_diag(r->ctx, "import-ref",
                         "$ref cycle: '#/definitions/a' -> '#/definitions/b' -> '#/definitions/a'"));
    done(r);
    r = run("{\"$ref\": \"#/definitions/nope\"}", false);
    assert_true(r->c.failed);
    assert_true(has_diag(r->ctx, "import-ref", "resolves to nothing"));
    done(r);
    /* doubling at every level: stopped by the node budget, not memory */
    char big[16384] = "{\"definitions\": {\"d0\": {\"type\": \"string\"}";
    for (int i = 1; i < 40; i++)
        snprintf(big + strlen(big), sizeof big - strlen(big),
                 ", \"d%d\": {\"type\": \"object\", \"properties\": {\"x\": {\"$ref\": \"#/definitions/d%d\"}, "
                 "\"y\": {\"$ref\": \"#/definitions/d%d\"}}}", i, i - 1, i - 1);
    snprintf(big + strlen(big), sizeof big - strlen(big), "}, \"$ref\": \"#/definitions/d39\"}");
    r = run(big, false);
    assert_true(r->c.failed);
    assert_true(has_diag(r->ctx, "import-ref", "expands to more than"));
    done(r);
}

static void test_broken_json(void **state)
{
    (void)state;
    conv *r = run("{\n  \"type\": \"object\",\n  \"properties\": {\"a\": [1, 2}\n}", false);
    assert_null(r->t);
    assert_true(r->ctx->diags.n_error > 0);
    /* the error is on line 3 */
    tx_loc lc = tx_span_loc(&r->ctx->sources, r->ctx->diags.items[0].span);
    assert_int_equal(lc.line, 3);
    done(r);
    r = run("{\"a\": 1, \"a\": 2}", false);     /* duplicate keys: an error too */
    assert_null(r->t);
    done(r);
    /* tab-indented JSON (RudderTyper's plan.json) reads fine */
    r = run("{\n\t\"type\":\t\"string\"\n}", false);
    assert_non_null(r->t);
    assert_string_equal(r->text, "type: string\n");
    done(r);
}

static void test_writer_quoting(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        { "Order Completed", "Order Completed" }, { "yes", "\"yes\"" },     { "No", "\"No\"" },
        { "null", "\"null\"" },                    { "1.0", "\"1.0\"" },     { "a: b", "\"a: b\"" },
        { "a #b", "\"a #b\"" },                    { "-x", "\"-x\"" },       { "", "\"\"" },
        { "line\nbreak", "\"line\\nbreak\"" },     { "회원가입", "회원가입" }, { "x\"y", "x\"y" },
        { "'q'", "\"'q'\"" },                      { " lead", "\" lead\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tx_sb sb = TX_SB_INIT;
        im_yq(&sb, cases[i].in, false);
        assert_string_equal(sb.buf, cases[i].out);
        tx_sb_release(&sb);
    }
    tx_sb sb = TX_SB_INIT;
    im_yq(&sb, "a,b", true);     /* flow context: , [ ] { } need quotes */
    assert_string_equal(sb.buf, "\"a,b\"");
    tx_sb_reset(&sb);
    im_comment(&sb, 2, "lost: ", "a\nb");
    assert_string_equal(sb.buf, "  # lost: a b\n");
    tx_sb_release(&sb);
}

/* Variants: the dictionary takes the most common definition. */
static void test_variants(void **state)
{
    (void)state;
    tx_ctx *ctx = tx_ctx_new();
    im_plan p;
    im_plan_init(&p, ctx);
    im_type *num = im_type_new(p.a, "number"), *num2 = im_type_new(p.a, "number");
    im_type *str = im_type_new(p.a, "string");
    im_event *a = im_event_add(&p, "A Happened");
    im_use_add(&p, a, "price", num, NULL, true, false);
    im_event *b = im_event_add(&p, "B Happened");
    im_use_add(&p, b, "price", str, NULL, false, false);
    im_event *c = im_event_add(&p, "C Happened");
    im_use_add(&p, c, "price", num2, NULL, false, false);
    im_plan_settle(&p);
    im_plan_conventions(&p);
    p.name = "t";
    size_t len;
    const char *y = im_write_yaml(&p, &len);
    assert_string_equal(y, "taxonomy: t\n\nconventions:\n  event_name:\n    style: object_action\n"
                           "    casing: Title Case\n  property_name:\n    casing: snake_case\n"
                           "  rules:\n    property-variant: off\n\nproperties:\n  price:\n"
                           "    type: number\n\nevents:\n  A Happened:\n    properties:\n"
                           "      price: required\n  B Happened:\n    properties:\n      price:\n"
                           "        type: string\n  C Happened:\n    properties:\n      price: optional\n");
    im_plan_done(&p);
    tx_ctx_free(ctx);
}

/* ---- fixtures against goldens ---- */

static char *slurp(const char *path, size_t *len)
{
    char *d = NULL;
    if (tx_read_file(path, 1u << 24, &d, len) != 0)
        return NULL;
    return d;
}

static void golden(tx_import_fn fn, const char *const *srcs, size_t n, const char *gold)
{
    tx_ctx *ctx = tx_ctx_new();
    size_t len = 0;
    const char *y = fn(ctx, srcs, n, NULL, &len);
    if (!y)
        tx_render_text(&ctx->sources, &ctx->diags, NULL, tx_out_file, stderr);
    assert_non_null(y);
    if (getenv("UPDATE_GOLDEN")) {
        FILE *f = fopen(gold, "wb");
        assert_non_null(f);
        fwrite(y, 1, len, f);
        fclose(f);
    }
    size_t glen;
    char *g = slurp(gold, &glen);
    if (!g)
        fprintf(stderr, "missing golden %s\n", gold);
    assert_non_null(g);
    if (glen != len || memcmp(g, y, len) != 0)
        fprintf(stderr, "%s differs; got:\n%s", gold, y);
    assert_true(glen == len && memcmp(g, y, len) == 0);
    free(g);
    tx_ctx_free(ctx);
}

#define FIX "tests/fixtures/import/"
#define GOLD "tests/golden/import/"

/* Each fixture, the importer that reads it and the golden YAML it gives. */
static const struct {
    tx_import_fn fn;
    const char *src, *gold;
} goldens[] = {
    { tx_import_segment, FIX "segment/config-plan.json", GOLD "segment-config-plan.yaml" },
    { tx_import_segment, FIX "segment/public-api-rules.json", GOLD "segment-public-api-rules.yaml" },
    { tx_import_segment, FIX "segment/typewriter-events.json", GOLD "segment-typewriter-events.yaml" },
    { tx_import_rudderstack, FIX "rudderstack/plan.json", GOLD "rudderstack-plan.yaml" },
    { tx_import_jsonschema, FIX "jsonschema/checkout.json", GOLD "jsonschema-checkout.yaml" },
    { tx_import_jsonschema, FIX "jsonschema/iglu", GOLD "jsonschema-iglu.yaml" },
};

/* Checks every golden of one importer (golden() names the file that differs). */
static void goldens_of(tx_import_fn fn)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof goldens / sizeof goldens[0]; i++)
        if (goldens[i].fn == fn) {
            golden(fn, &goldens[i].src, 1, goldens[i].gold);
            n++;
        }
    assert_true(n > 0);
}

static void test_golden_segment(void **state)
{
    (void)state;
    goldens_of(tx_import_segment);
}

static void test_golden_rudderstack(void **state)
{
    (void)state;
    goldens_of(tx_import_rudderstack);
}

static void test_golden_jsonschema(void **state)
{
    (void)state;
    goldens_of(tx_import_jsonschema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base_types),     cmocka_unit_test(test_constraints),
        cmocka_unit_test(test_unions),         cmocka_unit_test(test_losses),
        cmocka_unit_test(test_refs),           cmocka_unit_test(test_ref_errors),
        cmocka_unit_test(test_broken_json),    cmocka_unit_test(test_writer_quoting),
        cmocka_unit_test(test_variants),       cmocka_unit_test(test_golden_segment),
        cmocka_unit_test(test_golden_rudderstack), cmocka_unit_test(test_golden_jsonschema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
