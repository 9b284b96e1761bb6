/* Unit tests for compiler/diff/diff.c: every change kind is produced with the
 * right class on hand-built models, renames are guessed only when unique,
 * named-type changes are reported once, the semver rules (including 0.x and
 * pre-releases) hold, and the three renderers print exactly what they should. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "../../compiler/diff/diff.h"
#include "../../support/strbuf.h"
#include "model_build.h"
#include "arena_fx.h"

/* The travel model every test starts from; tests change it through the
 * pointers before finishing it. */
typedef struct base {
    mb m;
    tx_type *login_method, *yyyymmdd, *headcount, *search_term_t, *coupons_t, *coupon_item, *tier_t;
    tx_property *sign_up_type, *sign_up_date, *travel_adults, *search_term, *coupon_codes, *tier;
    tx_group *opts;
    tx_event *sign_up, *search, *coupon;
} base;

static const char *const login_vals[] = { "kakao", "naver", "google" };
static const char *const tier_vals[] = { "basic", "gold" };

static base make_base(tx_arena *a, const char *version)
{
    base b;
    b.m = mb_new(a, "travel_app", version);
    mb *m = &b.m;
    b.login_method = mb_named(m, "login_method", TX_STRING);
    mb_enum(m, b.login_method, login_vals, 3);
    b.yyyymmdd = mb_named(m, "yyyymmdd", TX_STRING);
    b.yyyymmdd->format = TX_FMT_DATE_PATTERN;
    b.yyyymmdd->format_text = "yyyyMMdd";
    b.headcount = mb_named(m, "headcount", TX_INTEGER);
    b.headcount->min = mb_int(m, 0);
    b.headcount->max = mb_int(m, 20);
    b.search_term_t = mb_type(m, TX_STRING);
    b.search_term_t->max_length = 100;
    b.coupons_t = mb_type(m, TX_ARRAY);
    b.coupon_item = mb_type(m, TX_STRING);
    b.coupons_t->items = b.coupon_item;
    b.coupons_t->max_items = 10;
    b.tier_t = mb_type(m, TX_STRING);
    mb_enum(m, b.tier_t, tier_vals, 2);

    b.sign_up_type = mb_prop(m, "sign_up_type", b.login_method, "회원가입 수단");
    b.sign_up_date = mb_prop(m, "sign_up_date", b.yyyymmdd, "회원가입 완료 일자");
    b.travel_adults = mb_prop(m, "travel_adults", b.headcount, "성인 수");
    b.search_term = mb_prop(m, "search_term", b.search_term_t, "검색어");
    b.coupon_codes = mb_prop(m, "coupon_codes", b.coupons_t, NULL);
    b.tier = mb_prop(m, "membership_tier", b.tier_t, "회원 등급");
    mb_user(m, b.tier);

    b.opts = mb_group(m, "stay_search_options");
    mb_group_carry(b.opts, b.travel_adults, false);

    b.sign_up = mb_event(m, "complete_sign_up", "회원가입 완료", "onboarding");
    b.sign_up->trigger = "right after the sign-up API returns success";
    mb_carry(b.sign_up, b.sign_up_type, true);
    mb_carry(b.sign_up, b.sign_up_date, false);
    b.search = mb_event(m, "search_stay", "숙소 검색", "journey");
    mb_carry(b.search, b.search_term, true);
    mb_use_group(b.search, b.opts);
    b.coupon = mb_event(m, "apply_coupon", NULL, "purchase");
    mb_carry(b.coupon, b.coupon_codes, false);
    return b;
}

typedef struct fx {
    tx_arena *a;        /* first, for arena_fx.h */
    base o, n;
} fx;

static int setup(void **state)
{
    fx *f = arena_fx_new(state, sizeof *f);
    f->o = make_base(f->a, "1.2.0");
    f->n = make_base(f->a, "1.2.0");
    return 0;
}

/* A test that changes the two travel models gets a fresh fx as its state. */
#define FX_TEST(f) cmocka_unit_test_setup_teardown(f, setup, arena_fx_free)

static tx_diff *run(fx *f)
{
    const tx_taxonomy *o = mb_finish(&f->o.m), *n = mb_finish(&f->n.m);
    tx_diff_opts opts = { .old_label = "old.yaml", .new_label = "new.yaml" };
    return tx_diff_models(f->a, o, n, &opts);
}

/* The changes as "class kind message" lines, for exact comparison. */
static const char *lines(fx *f, const tx_diff *d)
{
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < d->n; i++)
        tx_sb_addf(&sb, "%s %s %s\n", tx_change_class_name(d->changes[i].cls),
                   tx_change_kind_get(d->changes[i].kind)->id, d->changes[i].message);
    const char *r = tx_arena_strdup(f->a, sb.buf);
    tx_sb_release(&sb);
    return r;
}

/* Diffs the two models and checks their changes, as lines() writes them,
 * are exactly want; returns the diff for the checks that follow. */
static tx_diff *expect_changes(fx *f, const char *want)
{
    tx_diff *d = run(f);
    assert_string_equal(lines(f, d), want);
    return d;
}

static void test_identical(void **state)
{
    fx *f = *state;
    tx_diff *d = run(f);
    assert_int_equal(d->n, 0);
    assert_true(d->version.checked);
    assert_true(d->version.ok);
    assert_int_equal(d->version.needed, TX_CHG_NONE);
}

static void test_event_added_needs_minor(void **state)
{
    fx *f = *state;
    mb_event(&f->n.m, "view_page", "페이지 조회", "journey");
    f->n.m.t->version = "1.2.1";
    tx_diff *d = expect_changes(f, "compatible added event 'view_page' added\n");
    assert_false(d->version.ok);
    assert_string_equal(d->version.expected, "1.3.0");
    assert_string_equal(d->version.message,
                        "1.2.0 -> 1.2.1 is not enough: needs a minor bump (compatible changes), 1.3.0 or later");
}

static void test_event_removed_is_breaking(void **state)
{
    fx *f = *state;
    f->n.m.t->n_events--;   /* drops apply_coupon */
    f->n.m.t->version = "1.3.0";
    tx_diff *d = expect_changes(f, "breaking removed event 'apply_coupon' removed\n");
    assert_int_equal(d->n_breaking, 1);
    assert_false(d->version.ok);
    assert_string_equal(d->version.expected, "2.0.0");
}

static void test_major_bump_accepted(void **state)
{
    fx *f = *state;
    f->n.m.t->n_events--;
    f->n.m.t->version = "2.0.0-rc.1";
    tx_diff *d = run(f);
    assert_true(d->version.ok);
}

static void test_zero_major_rules(void **state)
{
    fx *f = *state;
    f->o.m.t->version = "0.3.2";
    f->n.m.t->n_events--;   /* breaking: below 1.0.0 a minor bump is enough */
    f->n.m.t->version = "0.4.0";
    tx_diff *d = run(f);
    assert_true(d->version.ok);
    d->version = (tx_version_check){ 0 };
    f->n.m.t->version = "0.3.3";
    tx_diff_opts opts = { 0 };
    d = tx_diff_models(f->a, f->o.m.t, f->n.m.t, &opts);
    assert_false(d->version.ok);
    assert_string_equal(d->version.expected, "0.4.0");
}

static void test_docs_need_patch(void **state)
{
    fx *f = *state;
    f->n.sign_up->meta.description = "회원가입을 완료함";
    f->n.sign_up->trigger = "after the API call";
    tx_diff *d = expect_changes(f,
        "docs description-changed event 'complete_sign_up': description changed from '회원가입 완료' to '회원가입을 완료함'\n"
        "docs trigger-changed event 'complete_sign_up': trigger changed from 'right after the sign-up API returns success' to 'after the API call'\n");
    assert_false(d->version.ok);     /* unchanged version */
    assert_string_equal(d->version.expected, "1.2.1");
    f->n.m.t->version = "1.2.1";
    tx_diff_opts opts = { 0 };
    d = tx_diff_models(f->a, f->o.m.t, f->n.m.t, &opts);
    assert_true(d->version.ok);
}

static void test_version_down_and_invalid(void **state)
{
    fx *f = *state;
    f->n.m.t->version = "1.1.9";
    tx_diff *d = run(f);
    assert_false(d->version.ok);
    assert_string_equal(d->version.message, "version went down from 1.2.0 to 1.1.9");
    f->n.m.t->version = "v1.3";
    tx_diff_opts opts = { 0 };
    d = tx_diff_models(f->a, f->o.m.t, f->n.m.t, &opts);
    assert_false(d->version.ok);
    assert_string_equal(d->version.message, "new version 'v1.3' is not a semantic version");
    opts.no_version_check = true;
    d = tx_diff_models(f->a, f->o.m.t, f->n.m.t, &opts);
    assert_true(d->version.ok);
    assert_false(d->version.checked);
}

static void test_constraints(void **state)
{
    fx *f = *state;
    base *n = &f->n;
    n->search_term_t->max_length = 50;                  /* tightened */
    n->search_term_t->min_length = 1;                   /* tightened (added) */
    n->coupons_t->max_items = 20;                       /* loosened */
    n->coupon_item->pattern = "^[A-Z0-9]+$";       /* items pattern added */
    n->tier_t->nullable = true;                         /* compatible */
    static const char *const tiers[] = { "gold", "vip" };
    mb_enum(&n->m, n->tier_t, tiers, 2);                /* basic removed, vip added */
    tx_diff *d = expect_changes(f,
        "breaking constraint-tightened property 'search_term': min_length 1 added\n"
        "breaking constraint-tightened property 'search_term': max_length lowered from 100 to 50\n"
        "breaking pattern-added property 'coupon_codes': items: pattern '^[A-Z0-9]+$' added\n"
        "breaking enum-value-removed property 'membership_tier': allowed value 'basic' removed\n"
        "compatible constraint-loosened property 'coupon_codes': max_items raised from 10 to 20\n"
        "compatible nullable-added property 'membership_tier': now nullable\n"
        "compatible enum-value-added property 'membership_tier': allowed value 'vip' added\n");
    assert_int_equal(d->n_breaking, 4);
    assert_int_equal(d->n_compatible, 3);
}

static void test_named_type_reported_once(void **state)
{
    fx *f = *state;
    f->n.headcount->max = mb_int(&f->n.m, 10);
    f->n.headcount->min = mb_int(&f->n.m, -1);
    expect_changes(f,
        "breaking constraint-tightened type 'headcount': max lowered from 20 to 10\n"
        "compatible constraint-loosened type 'headcount': min lowered from 0 to -1\n");
}

static void test_type_changes(void **state)
{
    fx *f = *state;
    base *n = &f->n;
    n->travel_adults->type = mb_type(&n->m, TX_NUMBER);             /* integer -> number */
    tx_type *inl = mb_type(&n->m, TX_STRING);                        /* named -> equal inline */
    mb_enum(&n->m, inl, login_vals, 3);
    n->sign_up_type->type = inl;
    tx_type *fmt = mb_type(&n->m, TX_STRING);
    fmt->format = TX_FMT_DATE;
    n->sign_up_date->type = fmt;                                     /* yyyyMMdd -> date */
    expect_changes(f,
        "breaking format-changed property 'sign_up_date': format changed from 'yyyyMMdd' to 'date'\n"
        "breaking type-changed property 'travel_adults': type changed from 'integer' to 'number'\n"
        "compatible type-reference-changed property 'sign_up_type': no longer uses type 'login_method' (inline type instead)\n"
        "compatible type-reference-changed property 'sign_up_date': no longer uses type 'yyyymmdd' (inline type instead)\n"
        "compatible type-reference-changed property 'travel_adults': no longer uses type 'headcount' (inline type instead)\n");
    /* the named types stay defined (now unused): nothing to report on them */
}

static void test_required_and_members(void **state)
{
    fx *f = *state;
    base *n = &f->n;
    n->sign_up->props[1].required = true;                            /* sign_up_date now required */
    n->search->props[0].required = false;                            /* search_term now optional */
    tx_property *sort = mb_prop(&n->m, "sort_order", mb_type(&n->m, TX_STRING), "정렬");
    mb_carry(n->search, sort, false);
    mb_carry(n->coupon, sort, true);
    n->coupon->n_props = 1;
    n->coupon->props[0] = n->coupon->props[1];                       /* coupon_codes dropped */
    expect_changes(f,
        "breaking now-required event 'complete_sign_up': property 'sign_up_date' now required\n"
        "breaking event-property-removed event 'apply_coupon': property 'coupon_codes' removed\n"
        "breaking event-required-property-added event 'apply_coupon': required property 'sort_order' added\n"
        "compatible added property 'sort_order' added\n"
        "compatible now-optional event 'search_stay': property 'search_term' now optional\n"
        "compatible event-property-added event 'search_stay': optional property 'sort_order' added\n");
}

static void test_renames(void **state)
{
    fx *f = *state;
    base *n = &f->n;
    n->search->name = "find_stay";          /* same members: a rename */
    n->sign_up_type->name = "signup_type";  /* same type, same description */
    tx_diff *d = expect_changes(f,
        "breaking renamed property 'sign_up_type' renamed to 'signup_type'\n"
        "breaking renamed event 'search_stay' renamed to 'find_stay'\n");
    assert_string_equal(d->changes[1].old_name, "search_stay");
    assert_string_equal(d->changes[1].name, "find_stay");
}

static void test_type_rename(void **state)
{
    fx *f = *state;
    f->n.headcount->name = "head_count";    /* same constraints, near name */
    /* the properties that use it follow the rename: nothing to report there */
    expect_changes(f, "breaking renamed type 'headcount' renamed to 'head_count'\n");
}

static void test_ambiguous_rename_is_not_guessed(void **state)
{
    fx *f = *state;
    base *o = &f->o, *n = &f->n;
    /* two removed events with the same members and two added: no guess */
    tx_event *x = mb_event(&o->m, "open_app", "앱 실행", NULL);
    tx_event *y = mb_event(&o->m, "close_app", "앱 종료", NULL);
    (void)x, (void)y;
    mb_event(&n->m, "launch_app", "실행", NULL);
    mb_event(&n->m, "quit_app", "종료", NULL);
    tx_diff *d = expect_changes(f,
        "breaking removed event 'open_app' removed\n"
        "breaking removed event 'close_app' removed\n"
        "compatible added event 'launch_app' added\n"
        "compatible added event 'quit_app' added\n");
    tx_diff_opts opts = { .no_renames = true };
    f->n.search->name = "find_stay";
    d = tx_diff_models(f->a, f->o.m.t, f->n.m.t, &opts);
    assert_int_equal(d->n, 6);
}

static void test_meta_and_user(void **state)
{
    fx *f = *state;
    base *n = &f->n;
    n->search->meta.deprecated = true;
    n->search->meta.deprecated_reason = "use find_stay";
    n->tier->is_user = false;
    n->m.t->n_user_props = 0;
    n->sign_up->category = "account";
    n->travel_adults->meta.pii = true;
    expect_changes(f,
        "breaking user-property-removed property 'membership_tier': no longer a user property\n"
        "compatible deprecated event 'search_stay': deprecated: use find_stay\n"
        "docs pii-changed property 'travel_adults': pii changed from false to true\n"
        "docs category-changed event 'complete_sign_up': category changed from 'onboarding' to 'account'\n");
}

static void test_group_changes(void **state)
{
    fx *f = *state;
    base *n = &f->n;
    n->opts->name = "search_options";       /* same members: group renamed */
    expect_changes(f,
        "compatible group-renamed group 'stay_search_options' renamed to 'search_options'\n");
}

static void test_object_fields(void **state)
{
    fx *f = *state;
    tx_type *oo = mb_type(&f->o.m, TX_OBJECT), *no = mb_type(&f->n.m, TX_OBJECT);
    oo->fields = tx_arena_alloc(f->a, 2 * sizeof *oo->fields);
    no->fields = tx_arena_alloc(f->a, 2 * sizeof *no->fields);
    oo->n_fields = 2;
    no->n_fields = 2;
    oo->fields[0] = (tx_field){ .name = "city", .type = mb_type(&f->o.m, TX_STRING), .required = false };
    oo->fields[1] = (tx_field){ .name = "zip", .type = mb_type(&f->o.m, TX_STRING) };
    no->fields[0] = (tx_field){ .name = "city", .type = mb_type(&f->n.m, TX_STRING), .required = true };
    no->fields[1] = (tx_field){ .name = "country", .type = mb_type(&f->n.m, TX_STRING) };
    tx_property *po = mb_prop(&f->o.m, "address", oo, NULL), *pn = mb_prop(&f->n.m, "address", no, NULL);
    mb_carry(f->o.sign_up, po, false);
    mb_carry(f->n.sign_up, pn, false);
    expect_changes(f,
        "breaking now-required property 'address': city: now required\n"
        "breaking field-removed property 'address': field 'zip' removed\n"
        "compatible field-added property 'address': optional field 'country' added\n");
}

static void test_semver(void **state)
{
    (void)state;
    unsigned long long v[3];
    const char *pre;
    size_t pl;
    assert_int_equal(tx_semver_parse("1.2.3-rc.1+build.5", v, &pre, &pl), 0);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[2], 3);
    assert_int_equal(pl, 4);
    assert_int_equal(tx_semver_parse("01.2.3", v, NULL, NULL), -1);
    assert_int_equal(tx_semver_parse("1.2", v, NULL, NULL), -1);
    assert_int_equal(tx_semver_parse("1.2.3-", v, NULL, NULL), -1);
    assert_int_equal(tx_semver_parse("1.2.3-a..b", v, NULL, NULL), -1);
    /* the ordering example from semver.org, item 11 */
    const char *order[] = { "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                            "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0",
                            "2.1.0", "2.1.1" };
    for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++) {
        assert_int_equal(tx_semver_cmp(order[i], order[i + 1]), -1);
        assert_int_equal(tx_semver_cmp(order[i + 1], order[i]), 1);
    }
    assert_int_equal(tx_semver_cmp("1.0.0+a", "1.0.0+b"), 0);
}

static void capture(void *ud, const char *s, size_t n) { tx_sb_add(ud, s, n); }

static void test_renderers(void **state)
{
    fx *f = *state;
    f->n.m.t->n_events--;
    f->n.sign_up->meta.description = "가입 | 완료";
    f->n.m.t->version = "1.3.0";
    tx_diff *d = run(f);
    tx_sb sb = TX_SB_INIT;
    tx_diff_render_text(d, false, capture, &sb);
    assert_string_equal(sb.buf,
        "comparing old.yaml (travel_app 1.2.0) with new.yaml (travel_app 1.3.0)\n"
        "\n"
        "breaking   event 'apply_coupon' removed [removed]\n"
        "docs       event 'complete_sign_up': description changed from '회원가입 완료' to '가입 | 완료' [description-changed]\n"
        "\n"
        "2 changes: 1 breaking, 0 compatible, 1 docs\n"
        "version: 1.2.0 -> 1.3.0 is not enough: needs a major bump (breaking changes), 2.0.0 or later\n");
    tx_sb_reset(&sb);
    tx_diff_render_markdown(d, capture, &sb);
    assert_string_equal(sb.buf,
        "### Taxonomy changes: `travel_app` 1.2.0 → 1.3.0\n"
        "\n"
        "**1 breaking** · 0 compatible · 1 documentation only\n"
        "\n"
        ":x: **Version:** 1.2.0 -&gt; 1.3.0 is not enough: needs a major bump (breaking changes), 2.0.0 or later\n"
        "\n"
        "#### Breaking\n"
        "\n"
        "| Item | Change | Kind |\n"
        "|---|---|---|\n"
        "| event `apply_coupon` | removed | removed |\n"
        "\n"
        "#### Documentation only\n"
        "\n"
        "| Item | Change | Kind |\n"
        "|---|---|---|\n"
        "| event `complete_sign_up` | description changed from '회원가입 완료' to '가입 \\| 완료' | description-changed |\n");
    tx_sb_reset(&sb);
    tx_diff_render_json(d, capture, &sb);
    assert_string_equal(sb.buf,
        "{\n"
        "  \"old\": {\"file\": \"old.yaml\", \"taxonomy\": \"travel_app\", \"version\": \"1.2.0\"},\n"
        "  \"new\": {\"file\": \"new.yaml\", \"taxonomy\": \"travel_app\", \"version\": \"1.3.0\"},\n"
        "  \"changes\": [\n"
        "    {\"class\": \"breaking\", \"kind\": \"removed\", \"subject\": \"event\", \"name\": \"apply_coupon\", \"old_name\": null, \"path\": \"\", \"attribute\": null, \"old\": null, \"new\": null, \"message\": \"event 'apply_coupon' removed\"},\n"
        "    {\"class\": \"docs\", \"kind\": \"description-changed\", \"subject\": \"event\", \"name\": \"complete_sign_up\", \"old_name\": null, \"path\": \"\", \"attribute\": \"description\", \"old\": \"회원가입 완료\", \"new\": \"가입 | 완료\", \"message\": \"event 'complete_sign_up': description changed from '회원가입 완료' to '가입 | 완료'\"}\n"
        "  ],\n"
        "  \"summary\": {\"total\": 2, \"breaking\": 1, \"compatible\": 0, \"docs\": 1},\n"
        "  \"version_check\": {\"checked\": true, \"ok\": false, \"needed\": \"breaking\", \"expected\": \"2.0.0\", \"message\": \"1.2.0 -> 1.3.0 is not enough: needs a major bump (breaking changes), 2.0.0 or later\"}\n"
        "}\n");
    tx_sb_release(&sb);
}

static void test_hostile_names_are_shown_safely(void **state)
{
    fx *f = *state;
    mb_event(&f->n.m, "bad\nname\x01", NULL, NULL);
    f->n.m.t->version = "1.3.0";
    tx_diff *d = run(f);
    assert_string_equal(d->changes[0].message, "event 'bad\\nname\\x01' added");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        FX_TEST(test_identical),
        FX_TEST(test_event_added_needs_minor),
        FX_TEST(test_event_removed_is_breaking),
        FX_TEST(test_major_bump_accepted),
        FX_TEST(test_zero_major_rules),
        FX_TEST(test_docs_need_patch),
        FX_TEST(test_version_down_and_invalid),
        FX_TEST(test_constraints),
        FX_TEST(test_named_type_reported_once),
        FX_TEST(test_type_changes),
        FX_TEST(test_required_and_members),
        FX_TEST(test_renames),
        FX_TEST(test_type_rename),
        FX_TEST(test_ambiguous_rename_is_not_guessed),
        FX_TEST(test_meta_and_user),
        FX_TEST(test_group_changes),
        FX_TEST(test_object_fields),
        FX_TEST(test_renderers),
        FX_TEST(test_hostile_names_are_shown_safely),
        cmocka_unit_test(test_semver),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
