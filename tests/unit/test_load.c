/* Unit tests for the compiler front end: the YAML layer (spans, hazards,
 * aliases, merge keys), the resolver (model shape, flattening, refinement,
 * used marks), includes, and the examples' hygiene. Diagnostic texts are
 * pinned by the golden tests (tests/golden/check); here we pin the model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "../../compiler/load.h"
#include "../../compiler/yaml.h"
#include "../../compiler/codes.h"
#include "../../compiler/resolve.h"
#include "../../support/util.h"
#include "../../support/out.h"
#include "../../support/strbuf.h"
#include "arena_fx.h"

/* ---- helpers -------------------------------------------------------- */

static const tx_taxonomy *load(tx_ctx **ctx, const char *text)
{
    *ctx = tx_ctx_new();
    return tx_load_string(*ctx, "t.yaml", text, strlen(text), NULL);
}

static bool has_code(const tx_ctx *ctx, const char *code)
{
    for (size_t i = 0; i < ctx->diags.n; i++)
        if (strcmp(ctx->diags.items[i].code, code) == 0)
            return true;
    return false;
}

/* Loads text expecting failure with exactly one error of the given code. */
static void expect_one(const char *text, const char *code)
{
    tx_ctx *ctx;
    const tx_taxonomy *t = load(&ctx, text);
    if (t || ctx->diags.n_error != 1 || !has_code(ctx, code)) {
        for (size_t i = 0; i < ctx->diags.n; i++)
            fprintf(stderr, "  got [%s] %s\n", ctx->diags.items[i].code,
                    ctx->diags.items[i].message);
        fprintf(stderr, "  expected one [%s] for:\n%s\n", code, text);
    }
    assert_null(t);
    assert_int_equal(ctx->diags.n_error, 1);
    assert_true(has_code(ctx, code));
    tx_ctx_free(ctx);
}

/* A YAML-layer parse: its arena (first, for arena_fx.h), its diagnostics
 * and yl_parse's result. */
typedef struct yfx {
    tx_arena *a;
    tx_diags d;
    int rc;
} yfx;

static int yfx_setup(void **state)
{
    yfx *f = arena_fx_new(state, sizeof *f);
    f->d = (tx_diags){ .arena = f->a };
    return 0;
}

/* A test of the YAML layer gets a fresh yfx as its state. */
#define YAML_TEST(f) cmocka_unit_test_setup_teardown(f, yfx_setup, arena_fx_free)

/* Parses text with options o (NULL: the defaults) into f->d and f->rc. */
static yl_node *parse(yfx *f, const char *text, const yl_opts *o)
{
    yl_node *root = NULL;
    f->rc = yl_parse(f->a, &f->d, 0, text, strlen(text), o, &root);
    return root;
}

/* ---- YAML layer ----------------------------------------------------- */

static void test_yaml_spans_are_bytes(void **state)
{
    yfx *f = *state;
    /* Korean text before the key, CRLF line ends, a BOM: spans stay bytes. */
    const char *text = "\xEF\xBB\xBF" "a: 한글\r\nbb: \"x\"\n";
    yl_node *root = parse(f, text, NULL);
    assert_int_equal(f->rc, 0);
    assert_non_null(root);
    assert_int_equal(root->kind, YL_MAP);
    assert_int_equal(root->n, 2);
    const yl_node *v = root->pairs[0].val;
    assert_string_equal(v->str, "한글");
    assert_int_equal(v->span.start, 6);            /* BOM(3) + "a: " */
    assert_int_equal(v->span.end, 6 + 6);          /* two 3-byte syllables */
    const yl_node *k2 = root->pairs[1].key;
    assert_int_equal(k2->span.start, strlen(text) - strlen("bb: \"x\"\n"));
    const yl_node *v2 = root->pairs[1].val;
    assert_int_equal(v2->style, YL_QUOTED);
    assert_int_equal(v2->span.end - v2->span.start, 3);
}

/* Every key of a long document mixing ASCII runs of every length with
 * 2-, 3- and 4-byte characters has a span at its exact byte offset (the
 * mark conversion skips ASCII eight bytes at a time). */
static void test_yaml_spans_long_mixed_text(void **state)
{
    yfx *f = *state;
    static const char *const fill[] = { "", "é", "한", "😀", "x", "é한", "abcdefghijk" };
    tx_sb sb = TX_SB_INIT;
    for (int i = 0; i < 300; i++) {
        tx_sb_addf(&sb, "k%d: \"", i);
        for (int j = 0; j < i % 23; j++)
            tx_sb_adds(&sb, "a");
        tx_sb_addf(&sb, "%s%s\"  # %s\n", fill[i % 7], fill[(i / 7) % 7], fill[(i / 3) % 7]);
    }
    yl_node *root = parse(f, sb.buf, NULL);
    assert_int_equal(f->rc, 0);
    assert_int_equal(root->n, 300);
    for (size_t i = 0; i < root->n; i++) {
        char key[32];
        snprintf(key, sizeof key, "\nk%zu: ", i);
        const char *at = i ? strstr(sb.buf, key) + 1 : sb.buf;
        assert_int_equal(root->pairs[i].key->span.start, (uint32_t)(at - sb.buf));
        const char *q = strchr(at, '"');
        assert_int_equal(root->pairs[i].val->span.start, (uint32_t)(q - sb.buf));
        assert_int_equal(root->pairs[i].val->span.end, (uint32_t)(strchr(q + 1, '"') + 1 - sb.buf));
    }
    tx_sb_release(&sb);
}

static void test_yaml_duplicate_key_is_reported_and_first_kept(void **state)
{
    yfx *f = *state;
    yl_node *root = parse(f, "a: 1\nb: 2\na: 3\n", NULL);
    assert_int_equal(f->rc, 0);    /* non-fatal: the tree is usable */
    assert_int_equal(f->d.n_error, 1);
    assert_string_equal(f->d.items[0].code, "duplicate-key");
    assert_int_equal(f->d.items[0].span.start, 10);
    assert_int_equal(f->d.items[0].note_span.start, 0);
    assert_int_equal(root->n, 2);
    assert_string_equal(yl_get(root, "a")->str, "1");
}

static void test_yaml_duplicate_keys_in_big_mapping(void **state)
{
    yfx *f = *state;
    tx_sb sb = TX_SB_INIT;
    for (int i = 0; i < 5000; i++)
        tx_sb_addf(&sb, "k%d: %d\n", i, i);
    tx_sb_adds(&sb, "k4321: again\n");
    yl_node *root = parse(f, sb.buf, NULL);
    assert_int_equal(f->rc, 0);
    assert_int_equal(f->d.n_error, 1);
    assert_int_equal(root->n, 5000);
    tx_sb_release(&sb);
}

static void test_yaml_aliases_share_and_merge(void **state)
{
    yfx *f = *state;
    yl_node *root = parse(f,
                          "base: &b {type: string, max_length: 10}\n"
                          "x: *b\n"
                          "y: {<<: *b, max_length: 20, description: d}\n",
                          NULL);
    assert_int_equal(f->rc, 0);
    assert_int_equal(f->d.n, 0);
    assert_ptr_equal(yl_get(root, "x"), yl_get(root, "base"));
    const yl_node *y = yl_get(root, "y");
    assert_int_equal(y->n, 3);
    assert_string_equal(yl_get(y, "max_length")->str, "20");   /* explicit key wins */
    assert_string_equal(yl_get(y, "type")->str, "string");
    assert_string_equal(yl_get(y, "description")->str, "d");
}

static void test_yaml_alias_hazards(void **state)
{
    (void)state;
    static const struct { const char *text; const char *code; } cases[] = {
        { "a: *nope\n", "undefined-alias" },
        { "a: &x [1, *x]\n", "recursive-alias" },
        { "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
          "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c]\n", "alias-limit" },
        { "a: !custom x\n", "unsupported-tag" },
        { "a: !!map x\n", "unsupported-tag" },
        { "a: 1\n---\nb: 2\n", "multiple-documents" },
        { "a: [1, 2\n", "yaml-syntax" },
        { "? [a]\n: b\n", "invalid-key" },
    };
    yl_opts o = { .max_alias_nodes = 1000 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        yfx *f;
        yfx_setup((void **)&f);
        parse(f, cases[i].text, &o);
        if (f->d.n < 1 || strcmp(f->d.items[0].code, cases[i].code) != 0)
            fprintf(stderr, "case %zu: expected %s, got %s\n", i, cases[i].code,
                    f->d.n ? f->d.items[0].code : "nothing");
        assert_true(f->d.n >= 1);
        assert_string_equal(f->d.items[0].code, cases[i].code);
        arena_fx_free((void **)&f);
    }
}

static void test_yaml_depth_limit(void **state)
{
    yfx *f = *state;
    char *deep = malloc(20001 + 16);
    strcpy(deep, "a: ");
    memset(deep + 3, '[', 10000);
    memset(deep + 10003, ']', 10000);
    deep[20003] = '\0';
    parse(f, deep, NULL);
    assert_int_equal(f->rc, -1);
    assert_int_equal(f->d.n, 1);   /* one clear error, not ten thousand */
    assert_string_equal(f->d.items[0].code, "yaml-depth");
    /* 64 levels: the root mapping plus 63 lists is still fine (fresh diagnostics) */
    f->d = (tx_diags){ .arena = f->a };
    deep[3 + 63] = ']';
    memmove(deep + 3 + 63, deep + 10003, 63);
    deep[3 + 126] = '\0';
    parse(f, deep, NULL);
    assert_int_equal(f->rc, 0);
    assert_int_equal(f->d.n, 0);
    /* an alias cannot smuggle depth past the limit */
    yl_opts o = { .max_depth = 4 };
    parse(f, "a: &x [[1]]\nb: [[*x]]\n", &o);
    assert_int_equal(f->rc, -1);
    assert_string_equal(f->d.items[0].code, "yaml-depth");
    free(deep);
}

static void test_yaml_null_and_styles(void **state)
{
    yfx *f = *state;
    yl_node *root = parse(f, "a:\nb: ~\nc: null\nd: 'null'\ne: !!null x\nf: |\n  text\n",
                          NULL);
    assert_int_equal(f->rc, 0);
    assert_true(yl_is_null(yl_get(root, "a")));
    assert_true(yl_is_null(yl_get(root, "b")));
    assert_true(yl_is_null(yl_get(root, "c")));
    assert_false(yl_is_null(yl_get(root, "d")));
    assert_true(yl_is_null(yl_get(root, "e")));
    assert_int_equal(yl_get(root, "f")->style, YL_BLOCK);
    assert_string_equal(yl_get(root, "f")->str, "text\n");
}

/* ---- resolver ------------------------------------------------------- */

static const char travel[] =
    "taxonomy: travel_app\n"
    "version: 1.2.0\n"
    "description: 숙박 예약 앱\n"
    "conventions:\n"
    "  event_name: {style: action_object, actions: [view, search, complete], "
    "pattern: '^[a-z_]+$', pattern_mode: replace, max_length: 40}\n"
    "  property_name: {casing: snake_case, max_length: 30}\n"
    "  destinations: [amplitude, braze]\n"
    "  rules: {missing-description: warning, pii-unmarked: off}\n"
    "types:\n"
    "  login_method: {type: string, enum: [kakao, naver, google], description: 수단}\n"
    "  yyyymmdd: {type: string, format: yyyyMMdd}\n"
    "  headcount: {type: integer, min: 0, max: 20}\n"
    "  unused_type: {type: number}\n"
    "  korean_login: {type: login_method, enum: [kakao, naver]}\n"
    "properties:\n"
    "  sign_up_type: {type: login_method, description: 회원가입 수단}\n"
    "  sign_up_date: {type: yyyymmdd, description: 가입일, pii: false}\n"
    "  travel_adults: {type: headcount, max: 9, description: 성인 수}\n"
    "  search_term: string\n"
    "  check_in: yyyymmdd\n"
    "  check_out: yyyymmdd\n"
    "  coupon_codes: {type: array, items: {type: string, pattern: '^[A-Z]+$'}, max_items: 10}\n"
    "  cart: {type: object, properties: {id: {type: string, required: true}, qty: integer}}\n"
    "  email: {type: string, format: email, pii: true, deprecated: use user_email, "
    "lint: {ignore: [pii-in-name], reason: hashed before sending}}\n"
    "  membership_tier: {type: string, enum: {basic: 일반, gold: 골드}}\n"
    "  orphan: {type: boolean, deprecated: true}\n"
    "property_groups:\n"
    "  stay_search_options:\n"
    "    description: 검색 조건\n"
    "    properties: {check_in: required, check_out: required, travel_adults: optional}\n"
    "  dates: {properties: [check_in, check_out]}\n"
    "user_properties: [membership_tier]\n"
    "events:\n"
    "  complete_sign_up:\n"
    "    description: 회원가입 완료\n"
    "    category: onboarding\n"
    "    trigger: after the API succeeds\n"
    "    owner: growth\n"
    "    properties:\n"
    "      sign_up_type: required\n"
    "      sign_up_date: optional\n"
    "      email: {required: false}\n"
    "  search_stay:\n"
    "    groups: [stay_search_options, dates]\n"
    "    properties: {search_term: required, check_in: optional, coupon_codes: optional, "
    "cart: required}\n"
    "  view_nothing:\n";

/* test_resolve_model: named types in declaration order, refinement copies the parent */
static void check_travel_types(const tx_taxonomy *t)
{
    assert_int_equal(t->n_types, 5);
    assert_string_equal(t->types[0]->name, "login_method");
    const tx_type *lm = tx_find_type(t, "login_method", 12);
    assert_int_equal(lm->n_enum, 3);
    assert_string_equal(lm->enums[2].str, "google");
    assert_string_equal(lm->meta.description, "수단");
    assert_true(lm->used);
    assert_false(tx_find_type(t, "unused_type", 11)->used);
    const tx_type *kl = tx_find_type(t, "korean_login", 12);
    assert_ptr_equal(kl->parent, lm);
    assert_int_equal(kl->n_enum, 2);
    assert_int_equal(kl->base, TX_STRING);
    assert_null(kl->meta.description);      /* metadata is not inherited */
}

/* test_resolve_model: properties, their types and metadata */
static void check_travel_props(const tx_taxonomy *t)
{
    const tx_type *lm = tx_find_type(t, "login_method", 12);
    /* properties: a bare reference shares the named type */
    assert_int_equal(t->n_props, 11);
    const tx_property *sut = tx_find_property(t, "sign_up_type", 12);
    assert_ptr_equal(sut->type, lm);
    assert_string_equal(sut->meta.description, "회원가입 수단");
    assert_int_equal(sut->index, 0);
    const tx_property *sud = tx_find_property(t, "sign_up_date", 12);
    assert_true(sud->meta.pii_set);
    assert_false(sud->meta.pii);
    assert_int_equal(sud->type->format, TX_FMT_DATE_PATTERN);
    assert_non_null(sud->type->date_pattern);
    assert_true(tx_format_check(sud->type, "20240229", 8));
    assert_false(tx_format_check(sud->type, "20230229", 8));
    /* a refinement with a constraint is a new inline type */
    const tx_property *ta = tx_find_property(t, "travel_adults", 13);
    const tx_type *hc = tx_find_type(t, "headcount", 9);
    assert_ptr_not_equal(ta->type, hc);
    assert_ptr_equal(ta->type->parent, hc);
    assert_null(ta->type->name);
    assert_true(ta->type->min.set);
    assert_int_equal(ta->type->min.i, 0);
    assert_int_equal(ta->type->max.i, 9);
    assert_string_equal(ta->type->max.text, "9");
    /* shorthand */
    const tx_property *st = tx_find_property(t, "search_term", 11);
    assert_int_equal(st->type->base, TX_STRING);
    assert_null(st->type->name);
    assert_int_equal(st->type->min_length, -1);
    assert_int_equal(st->type->max_length, -1);
    assert_ptr_equal(tx_find_property(t, "check_in", 8)->type, tx_find_type(t, "yyyymmdd", 8));
    /* arrays, objects */
    const tx_type *cc = tx_find_property(t, "coupon_codes", 12)->type;
    assert_int_equal(cc->base, TX_ARRAY);
    assert_int_equal(cc->max_items, 10);
    assert_int_equal(cc->min_items, -1);
    assert_non_null(cc->items);
    assert_non_null(cc->items->pattern_re);
    assert_string_equal(cc->items->pattern, "^[A-Z]+$");
    const tx_type *cart = tx_find_property(t, "cart", 4)->type;
    assert_int_equal(cart->n_fields, 2);
    assert_string_equal(cart->fields[0].name, "id");
    assert_true(cart->fields[0].required);
    assert_false(cart->fields[1].required);
    assert_int_equal(cart->fields[1].type->base, TX_INTEGER);
    /* metadata */
    const tx_property *em = tx_find_property(t, "email", 5);
    assert_true(em->meta.pii);
    assert_true(em->meta.deprecated);
    assert_string_equal(em->meta.deprecated_reason, "use user_email");
    assert_int_equal(em->meta.n_suppress, 1);
    assert_string_equal(em->meta.suppress[0].rule, "pii-in-name");
    assert_string_equal(em->meta.suppress[0].reason, "hashed before sending");
    const tx_property *orphan = tx_find_property(t, "orphan", 6);
    assert_true(orphan->meta.deprecated);
    assert_null(orphan->meta.deprecated_reason);
    assert_false(orphan->used);
    /* enum as a mapping carries descriptions */
    const tx_property *mt = tx_find_property(t, "membership_tier", 15);
    assert_int_equal(mt->type->n_enum, 2);
    assert_string_equal(mt->type->enums[1].str, "gold");
    assert_string_equal(mt->type->enums[1].description, "골드");
    assert_true(mt->is_user);
    assert_false(mt->used);
    assert_int_equal(t->n_user_props, 1);
    assert_ptr_equal(t->user_props[0], mt);
}

/* test_resolve_model: groups, and events flattened */
static void check_travel_events(const tx_taxonomy *t)
{
    /* groups */
    assert_int_equal(t->n_groups, 2);
    const tx_group *g = tx_find_group(t, "stay_search_options", 19);
    assert_true(g->used);
    assert_int_equal(g->n_props, 3);
    assert_false(g->props[2].required);
    assert_string_equal(g->meta.description, "검색 조건");

    /* events: flattened, direct first, then groups, no duplicates */
    assert_int_equal(t->n_events, 3);
    const tx_event *cs = tx_find_event(t, "complete_sign_up", 16);
    assert_string_equal(cs->category, "onboarding");
    assert_string_equal(cs->trigger, "after the API succeeds");
    assert_string_equal(cs->meta.owner, "growth");
    assert_int_equal(cs->n_props, 3);
    assert_true(cs->props[0].required);
    assert_false(cs->props[1].required);
    assert_false(cs->props[2].required);
    assert_null(cs->props[0].via);
    const tx_event *ss = &t->events[1];
    assert_string_equal(ss->name, "search_stay");
    assert_int_equal(ss->index, 1);
    assert_int_equal(ss->n_groups, 2);
    const char *order[] = { "search_term", "check_in", "coupon_codes", "cart", "check_out",
                            "travel_adults" };
    assert_int_equal(ss->n_props, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(ss->props[i].prop->name, order[i]);
    assert_false(ss->props[1].required);            /* the direct entry wins */
    assert_null(ss->props[1].via);
    assert_ptr_equal(ss->props[4].via, g);          /* first group wins */
    assert_true(ss->props[4].required);
    assert_false(ss->props[5].required);
    assert_non_null(tx_event_find_prop(ss, "cart", 4));
    assert_null(tx_event_find_prop(ss, "email", 5));
    const tx_event *vn = tx_find_event(t, "view_nothing", 12);
    assert_int_equal(vn->n_props, 0);
    assert_null(vn->meta.description);
    assert_true(tx_find_property(t, "check_out", 9)->used);
}

/* test_resolve_model: the conventions */
static void check_travel_conventions(const tx_taxonomy *t)
{
    const tx_conventions *c = &t->conv;
    assert_string_equal(c->event_style, "action_object");
    assert_int_equal(c->n_actions, 3);
    assert_string_equal(c->actions[2], "complete");
    assert_string_equal(c->event_pattern, "^[a-z_]+$");
    assert_true(c->event_pattern_replaces);
    assert_int_equal(c->event_max_length, 40);
    assert_string_equal(c->property_casing, "snake_case");
    assert_int_equal(c->property_max_length, 30);
    assert_null(c->property_pattern);
    assert_int_equal(c->n_destinations, 2);
    assert_string_equal(c->destinations[1], "braze");
    assert_int_equal(c->n_rules, 2);
    assert_string_equal(c->rules[1].rule, "pii-unmarked");
    assert_int_equal(c->rules[1].severity, TX_SEV_OFF);
    assert_int_not_equal(c->span.file, TX_NO_FILE);
}

static void test_resolve_model(void **state)
{
    (void)state;
    tx_ctx *ctx;
    const tx_taxonomy *t = load(&ctx, travel);
    for (size_t i = 0; i < ctx->diags.n; i++)
        fprintf(stderr, "unexpected: %s\n", ctx->diags.items[i].message);
    assert_non_null(t);
    assert_int_equal(ctx->diags.n, 0);
    assert_string_equal(t->name, "travel_app");
    assert_string_equal(t->version, "1.2.0");
    assert_string_equal(t->description, "숙박 예약 앱");
    assert_ptr_equal(t->sources, &ctx->sources);
    assert_int_not_equal(t->content_hash, 0);
    check_travel_types(t);
    check_travel_props(t);
    check_travel_events(t);
    check_travel_conventions(t);

    /* the hash is stable across loads and changes with content */
    tx_ctx *ctx2;
    const tx_taxonomy *t2 = load(&ctx2, travel);
    assert_int_equal(t2->content_hash, t->content_hash);
    tx_ctx_free(ctx2);
    char *changed = strdup(travel);
    strstr(changed, "max: 9")[5] = '8';
    const tx_taxonomy *t3 = load(&ctx2, changed);
    assert_non_null(t3);
    assert_int_not_equal(t3->content_hash, t->content_hash);
    tx_ctx_free(ctx2);
    free(changed);
    tx_ctx_free(ctx);
}

static void test_resolve_defaults(void **state)
{
    (void)state;
    tx_ctx *ctx;
    const tx_taxonomy *t = load(&ctx, "taxonomy: x\n");
    assert_non_null(t);
    assert_null(t->version);
    assert_int_equal(t->n_events, 0);
    assert_string_equal(t->conv.event_style, "action_object");
    assert_string_equal(t->conv.event_casing, "snake_case");
    assert_int_equal(t->conv.event_max_length, -1);
    assert_int_equal(t->conv.n_actions, 0);
    assert_false(t->conv.event_pattern_replaces);
    assert_int_equal(t->conv.span.file, TX_NO_FILE);
    assert_null(tx_find_event(t, "x", 1));
    tx_ctx_free(ctx);
}

/* Documents the resolver rejects, each with the one error code it reports. */
static const struct { const char *text, *code; } resolve_errors[] = {
    { "", "empty-taxonomy" },
    { "# only a comment\n", "empty-taxonomy" },
    { "- a\n", "wrong-kind" },
    { "taxonomy: 1abc\n", "invalid-name" },
    { "taxonomy: x\nversion: 01.2.3\n", "invalid-version" },
    { "taxonomy: x\nversion: 1.2.3-rc.01\n", "invalid-version" },
    { "taxonomy: x\nevnets: {}\n", "unknown-key" },
    { "taxonomy: x\ntypes: {a: {type: strng}}\n", "unknown-type" },
    { "taxonomy: x\ntypes: {a: {type: b}, b: {type: a}}\n", "type-cycle" },
    { "taxonomy: x\ntypes: {a: {enum: [x]}}\n", "missing-key" },
    { "taxonomy: x\ntypes: {a: {type: string, enum: []}}\n", "empty-enum" },
    { "taxonomy: x\ntypes: {a: {type: string, enum: [x, x]}}\n", "duplicate-enum" },
    { "taxonomy: x\ntypes: {a: {type: number, enum: [1, 1.0]}}\n", "duplicate-enum" },
    { "taxonomy: x\ntypes: {a: {type: integer, enum: [\"1\"]}}\n", "enum-type-mismatch" },
    { "taxonomy: x\ntypes: {a: {type: array, enum: [1]}}\n", "constraint-not-applicable" },
    { "taxonomy: x\ntypes: {a: {type: integer, min: 5, max: 1}}\n", "invalid-range" },
    { "taxonomy: x\ntypes: {a: {type: number, min: 1.5, max: 1.25}}\n", "invalid-range" },
    { "taxonomy: x\ntypes: {a: {type: integer, min: 1.5}}\n", "invalid-value" },
    { "taxonomy: x\ntypes: {a: {type: string, max_length: -1}}\n", "invalid-range" },
    { "taxonomy: x\ntypes: {a: {type: string, max_length: 2, enum: [ab, abc]}}\n",
      "enum-constraint" },
    { "taxonomy: x\ntypes: {a: {type: string, enum: [ab]}}\n"
      "properties: {p: {type: a, pattern: '^x'}}\n", "enum-constraint" },
    { "taxonomy: x\ntypes: {a: {type: string, pattern: '('}}\n", "invalid-regex" },
    { "taxonomy: x\ntypes: {a: {type: string, format: yyyyDD}}\n", "unknown-format" },
    { "taxonomy: x\ntypes: {a: {type: string, nullable: yes}}\n", "invalid-value" },
    { "taxonomy: x\ntypes: {a: {type: string, required: true}}\n", "unknown-key" },
    { "taxonomy: x\ntypes: {a: {type: array, items: {type: string, description: d}}}\n",
      "unknown-key" },
    { "taxonomy: x\nproperties: {p: }\n", "wrong-kind" },
    { "taxonomy: x\nproperties: {p: [string]}\n", "wrong-kind" },
    { "taxonomy: x\nproperties: {p: {type: string, lint: {ignore: [r]}}}\n",
      "missing-reason" },
    { "taxonomy: x\nproperties: {p: {type: string, deprecated: no}}\n", "invalid-value" },
    { "taxonomy: x\nevents: {e: {properties: [p]}}\n", "unknown-property" },
    { "taxonomy: x\nevents: {e: {groups: [g]}}\n", "unknown-group" },
    { "taxonomy: x\nproperties: {p: string}\nevents: {e: {properties: {p: string}}}\n",
      "invalid-required" },
    { "taxonomy: x\nproperties: {p: string}\nevents: {e: {properties: {p: maybe}}}\n",
      "invalid-required" },
    { "taxonomy: x\nproperties: {p: string}\nevents: {e: {properties: {p: }}}\n",
      "invalid-required" },
    { "taxonomy: x\nproperties: {p: string}\nevents: {e: {properties: [p, p]}}\n",
      "duplicate-reference" },
    { "taxonomy: x\nproperties: {p: string}\nproperty_groups: {g: {properties: [p]}}\n"
      "events: {e: {groups: [g, g]}}\n", "duplicate-reference" },
    { "taxonomy: x\nproperties: {p: string}\nuser_properties: [p, p]\n",
      "duplicate-reference" },
    { "taxonomy: x\nproperty_groups: {g: {category: c}}\n", "unknown-key" },
    { "taxonomy: x\nconventions: {destinations: [amplitude, ga5]}\n", "unknown-destination" },
    { "taxonomy: x\nconventions: {rules: {r: loud}}\n", "invalid-convention" },
    { "taxonomy: x\nconventions: {property_name: {style: none}}\n", "unknown-key" },
    { "taxonomy: x\ninclude: [nope.yaml]\n", "include-missing" },
    { "version: 1.0.0\n", "missing-key" },
    { "taxonomy: x\ndescription: \"a\\0b\"\n", "invalid-value" },
};

static void test_resolve_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof resolve_errors / sizeof resolve_errors[0]; i++)
        expect_one(resolve_errors[i].text, resolve_errors[i].code);
}

static void test_resolve_reports_everything(void **state)
{
    (void)state;
    tx_ctx *ctx;
    const tx_taxonomy *t = load(&ctx,
                                "taxonomy: x\n"
                                "types: {a: {type: strng}}\n"
                                "properties: {p: {type: integr}, q: string}\n"
                                "events: {e: {properties: [q, r], groups: [g]}}\n");
    assert_null(t);
    assert_int_equal(ctx->diags.n_error, 4);
    tx_ctx_free(ctx);
}

static void test_byte_checks(void **state)
{
    (void)state;
    tx_ctx *ctx = tx_ctx_new();
    const char bin[] = "taxonomy: x\n\0\0";
    assert_null(tx_load_string(ctx, "b.yaml", bin, sizeof bin - 1, NULL));
    assert_string_equal(ctx->diags.items[0].code, "binary-file");
    assert_int_equal(ctx->diags.items[0].span.start, 12);
    tx_ctx_free(ctx);
    ctx = tx_ctx_new();
    const char bad[] = "taxonomy: x\ndescription: \xC3\x28\n";
    assert_null(tx_load_string(ctx, "u.yaml", bad, sizeof bad - 1, NULL));
    assert_string_equal(ctx->diags.items[0].code, "invalid-utf8");
    tx_loc loc = tx_span_loc(&ctx->sources, ctx->diags.items[0].span);
    assert_int_equal(loc.line, 2);
    assert_int_equal(loc.col, 14);
    tx_ctx_free(ctx);
    ctx = tx_ctx_new();
    tx_load_opts o = { .max_file_size = 8 };
    assert_null(tx_load_string(ctx, "big.yaml", "taxonomy: x\n", 12, &o));
    assert_string_equal(ctx->diags.items[0].code, "file-too-large");
    tx_ctx_free(ctx);
    ctx = tx_ctx_new();
    assert_null(tx_load_file(ctx, "/nonexistent/taxonomy.yaml", NULL));
    assert_string_equal(ctx->diags.items[0].code, "io");
    tx_ctx_free(ctx);
}

/* ---- includes -------------------------------------------------------- */

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    tx_mkdirs(path);
    *slash = '/';
    assert_int_equal(tx_out_write_file(path, text, strlen(text)), 0);
}

static const tx_taxonomy *load_tmp(tx_ctx **ctx, const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    *ctx = tx_ctx_new();
    return tx_load_file(*ctx, path, NULL);
}

/* An include set-up that must fail to load: its files ({path, text}, the
 * root first), codes it must report, and what else is pinned about it
 * (n_error < 0 or a NULL field: not checked). */
typedef struct include_failure {
    const char *files[2][2];
    const char *codes[3];
    int n_error;
    const char *first_code, *first_message;
} include_failure;

static void expect_include_failure(const include_failure *c)
{
    for (size_t i = 0; i < 2 && c->files[i][0]; i++)
        write_file(c->files[i][0], c->files[i][1]);
    tx_ctx *ctx;
    const tx_taxonomy *t = load_tmp(&ctx, c->files[0][0]);
    bool ok = !t && (c->n_error < 0 || ctx->diags.n_error == (size_t)c->n_error);
    for (size_t i = 0; i < 3 && c->codes[i]; i++)
        ok = ok && has_code(ctx, c->codes[i]);
    ok = ok && (!c->first_code || (ctx->diags.n && !strcmp(ctx->diags.items[0].code, c->first_code)));
    ok = ok && (!c->first_message ||
                (ctx->diags.n && strstr(ctx->diags.items[0].message, c->first_message)));
    if (!ok) {
        fprintf(stderr, "include case %s:\n", c->files[0][0]);
        for (size_t i = 0; i < ctx->diags.n; i++)
            fprintf(stderr, "  got [%s] %s\n", ctx->diags.items[i].code, ctx->diags.items[i].message);
    }
    assert_null(t);
    for (size_t i = 0; i < 3 && c->codes[i]; i++)
        assert_true(has_code(ctx, c->codes[i]));
    if (c->n_error >= 0)
        assert_int_equal(ctx->diags.n_error, c->n_error);
    if (c->first_code)
        assert_string_equal(ctx->diags.items[0].code, c->first_code);
    if (c->first_message)
        assert_non_null(strstr(ctx->diags.items[0].message, c->first_message));
    tx_ctx_free(ctx);
}

static const include_failure include_failures[] = {
    /* root-only keys, cycles, and duplicates across files */
    { .files = { { "b/taxonomy.yaml", "taxonomy: b\ninclude: [x.yaml]\nproperties: {p: string}\n" },
                 { "b/x.yaml", "taxonomy: again\ninclude: [taxonomy.yaml]\nproperties: {p: integer}\n" } },
      .codes = { "include-cycle", "root-only-key", "duplicate-definition" }, .n_error = 3 },
    /* an unparsable include stops resolution (no follow-on errors) */
    { .files = { { "c/taxonomy.yaml", "taxonomy: c\ninclude: [x.yaml]\nevents: {e: {properties: [p]}}\n" },
                 { "c/x.yaml", "properties: {p: [\n" } },
      .n_error = 1, .first_code = "yaml-syntax" },
    /* a glob that matches the including file itself skips it (test_includes'
     * d/), but one that matches nothing else is missing, and one reaching
     * back to an including ancestor is a cycle */
    { .files = { { "f/taxonomy.yaml", "taxonomy: f\ninclude: ['*.yaml']\n" } },
      .codes = { "include-missing" }, .n_error = -1, .first_message = "matches no file but the one" },
    { .files = { { "e/taxonomy.yaml", "taxonomy: e\ninclude: [sub/x.yaml]\n" },
                 { "e/sub/x.yaml", "include: ['../*.yaml']\n" } },
      .codes = { "include-cycle" }, .n_error = -1 },
};

static void test_includes(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/taxonc-load-XXXXXX", base && *base ? base : "/tmp");
    assert_non_null(mkdtemp(tmpdir));
    write_file("a/taxonomy.yaml",
               "taxonomy: inc\ninclude: [events/*.yaml, types.yaml, events/b.yaml]\n"
               "properties: {p: {type: code}}\n"
               "events: {e0: {properties: [p]}}\n");
    write_file("a/types.yaml", "types: {code: {type: string, max_length: 4}}\n");
    write_file("a/events/b.yaml", "events: {e2: {properties: [q]}}\nproperties: {q: integer}\n");
    write_file("a/events/a.yaml", "events: {e1: {properties: [p, q]}}\n");
    tx_ctx *ctx;
    const tx_taxonomy *t = load_tmp(&ctx, "a/taxonomy.yaml");
    for (size_t i = 0; i < ctx->diags.n; i++)
        fprintf(stderr, "unexpected: %s\n", ctx->diags.items[i].message);
    assert_non_null(t);
    /* root first, then includes in order, each glob sorted, no file twice */
    assert_int_equal(ctx->sources.n, 4);
    assert_int_equal(t->n_events, 3);
    assert_string_equal(t->events[0].name, "e0");
    assert_string_equal(t->events[1].name, "e1");
    assert_string_equal(t->events[2].name, "e2");
    assert_string_equal(t->props[1].name, "q");
    assert_int_equal(tx_find_property(t, "p", 1)->type->max_length, 4);
    tx_ctx_free(ctx);

    /* a glob that matches the including file itself skips it (no cycle) */
    write_file("d/taxonomy.yaml", "taxonomy: d\ninclude: ['*.yaml']\nproperties: {p: string}\n");
    write_file("d/events.yaml", "events: {e: {properties: [p]}}\n");
    t = load_tmp(&ctx, "d/taxonomy.yaml");
    for (size_t i = 0; i < ctx->diags.n; i++)
        fprintf(stderr, "unexpected: %s\n", ctx->diags.items[i].message);
    assert_non_null(t);
    assert_int_equal(t->n_events, 1);
    tx_ctx_free(ctx);
    for (size_t i = 0; i < sizeof include_failures / sizeof include_failures[0]; i++)
        expect_include_failure(&include_failures[i]);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    assert_int_equal(system(cmd), 0);
}

/* ---- examples and docs ------------------------------------------------ */

/* The examples are teaching material: beyond loading clean they follow the
 * hygiene lint asks for (described, used, personal data marked). */
static void test_examples(void **state)
{
    (void)state;
    static const char *const ex[] = { "examples/travel/taxonomy.yaml",
                                      "examples/ecommerce/taxonomy.yaml",
                                      "examples/music/taxonomy.yaml" };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        tx_ctx *ctx = tx_ctx_new();
        const tx_taxonomy *t = tx_load_file(ctx, ex[i], NULL);
        for (size_t k = 0; k < ctx->diags.n; k++)
            fprintf(stderr, "%s: %s\n", ex[i], ctx->diags.items[k].message);
        assert_non_null(t);
        assert_non_null(t->version);
        for (size_t k = 0; k < t->n_events; k++) {
            const tx_event *e = &t->events[k];
            assert_non_null(e->meta.description);
            assert_non_null(e->category);
            assert_non_null(e->trigger);
            assert_true(e->n_props > 0);
        }
        for (size_t k = 0; k < t->n_props; k++) {
            const tx_property *p = &t->props[k];
            if (!p->used || !p->meta.description)
                fprintf(stderr, "%s: property %s\n", ex[i], p->name);
            assert_true(p->used);
            assert_non_null(p->meta.description);
            if (strstr(p->name, "email") || strstr(p->name, "phone"))
                assert_true(p->meta.pii);
        }
        for (size_t k = 0; k < t->n_types; k++)
            assert_true(t->types[k]->used);
        for (size_t k = 0; k < t->n_groups; k++)
            assert_true(t->groups[k].used);
        tx_ctx_free(ctx);
    }
}

static void test_codes_documented(void **state)
{
    (void)state;
    char *doc;
    size_t n;
    assert_int_equal(tx_read_file("docs/check.md", 1 << 20, &doc, &n), 0);
    for (int c = 0; c < TXC__COUNT; c++) {
        char want[96];
        snprintf(want, sizeof want, "`%s`", tx_code_name((tx_code)c));
        if (!strstr(doc, want))
            fprintf(stderr, "docs/check.md does not document %s\n", want);
        assert_non_null(strstr(doc, want));
        assert_true(strlen(tx_code_doc((tx_code)c)) > 0);
    }
    free(doc);
}

/* rs_suggest answers exactly as tx_suggest (its letter-count filter only
 * skips candidates that cannot win) and stops once the run's budget of
 * candidate visits is spent. */
static unsigned rnd(unsigned *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 8;
}

static void test_suggest_same_as_tx_suggest(void **state)
{
    (void)state;
    enum { N = 3000 };
    static char store[N][24];
    const char *cands[N];
    unsigned x = 12345;
    static const char alpha[] = "abcdeimnoprstu_0123";
    for (int i = 0; i < N; i++) {
        size_t len = 3 + rnd(&x) % 14;
        for (size_t k = 0; k < len; k++)
            store[i][k] = alpha[rnd(&x) % 19];
        store[i][len] = '\0';
        cands[i] = store[i];
    }
    rs r = { 0 };
    int found = 0;
    for (int q = 0; q < 400; q++) {
        char w[48];
        strcpy(w, cands[rnd(&x) % N]);
        size_t n = strlen(w);
        /* one to three random edits: substitute, delete, insert, swap */
        int edits = 1 + (int)(rnd(&x) % 3);
        for (int e = 0; e < edits && n > 1; e++) {
            size_t at = rnd(&x) % (n - 1);
            switch (rnd(&x) % 4) {
            case 0: w[at] = 'z'; break;
            case 1: memmove(w + at, w + at + 1, n - at); n--; break;
            case 2: memmove(w + at + 1, w + at, n - at + 1); w[at] = 'y'; n++; break;
            default: { char t = w[at]; w[at] = w[at + 1]; w[at + 1] = t; } break;
            }
        }
        const char *want = tx_suggest(w, n, cands, N);
        assert_ptr_equal(rs_suggest(&r, w, n, cands, N), want);
        found += want != NULL;
    }
    assert_true(found > 200);
    /* budget spent: no more suggestions in this run */
    r.suggest_work = 4000000u - N + 1;
    assert_null(rs_suggest(&r, cands[7], strlen(cands[7]), cands, N));
    assert_non_null(tx_suggest(cands[7], strlen(cands[7]), cands, N));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        YAML_TEST(test_yaml_spans_are_bytes),
        YAML_TEST(test_yaml_spans_long_mixed_text),
        YAML_TEST(test_yaml_duplicate_key_is_reported_and_first_kept),
        YAML_TEST(test_yaml_duplicate_keys_in_big_mapping),
        YAML_TEST(test_yaml_aliases_share_and_merge),
        cmocka_unit_test(test_yaml_alias_hazards),
        YAML_TEST(test_yaml_depth_limit),
        YAML_TEST(test_yaml_null_and_styles),
        cmocka_unit_test(test_resolve_model),
        cmocka_unit_test(test_resolve_defaults),
        cmocka_unit_test(test_resolve_errors),
        cmocka_unit_test(test_resolve_reports_everything),
        cmocka_unit_test(test_byte_checks),
        cmocka_unit_test(test_includes),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_codes_documented),
        cmocka_unit_test(test_suggest_same_as_tx_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
