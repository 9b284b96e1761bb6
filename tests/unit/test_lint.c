/* Unit tests for compiler/lint: the identifier mapping, the engine
 * (severities, suppressions, configuration) and every rule, on models built
 * by hand so each test states exactly the taxonomy it lints. The YAML
 * golden tests (tests/golden/lint, tests/e2e/lint_golden.sh) cover the
 * same rules end to end with exact output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include "../../compiler/lint/lint.h"
#include "../../support/ident.h"
#include "model_build.h"

/* ---- the model builder (model_build.h), with name lists -------------- */

/* A model and the findings of linting it. */
static mb *mb_alloc(void)
{
    mb *m = calloc(1, sizeof *m);
    *m = mb_new(tx_arena_new(), "test", NULL);
    m->d.arena = m->a;
    return m;
}

static void mb_free(mb *m)
{
    tx_arena_free(m->a);
    free(m);
}

static tx_type *mk_type(mb *m, const char *name, tx_base base)
{
    return name ? mb_named(m, name, base) : mb_type(m, base);
}

static void set_enum(mb *m, tx_type *ty, const char *const *vals, size_t n)
{
    mb_enum(m, ty, vals, n);
}

static tx_property *mk_prop(mb *m, const char *name, const tx_type *ty)
{
    return mb_prop(m, name, ty ? ty : mk_type(m, NULL, TX_STRING), "d");
}

static tx_property *find_prop(mb *m, const char *name)
{
    for (size_t i = 0; i < m->t->n_props; i++)
        if (strcmp(m->t->props[i].name, name) == 0)
            return &m->t->props[i];
    return mk_prop(m, name, NULL);
}

/* props: NULL-terminated names, created as string properties when new */
static tx_event *mk_event(mb *m, const char *name, const char *const *props)
{
    tx_event *e = mb_event(m, name, "d", NULL);
    for (size_t i = 0; props && props[i]; i++)
        mb_carry(e, find_prop(m, props[i]), true);
    return e;
}

static tx_group *mk_group(mb *m, const char *name, const char *const *props)
{
    tx_group *g = mb_group(m, name);
    for (size_t i = 0; props && props[i]; i++)
        mb_group_carry(g, find_prop(m, props[i]), false);
    return g;
}

static void add_group(mb *m, tx_event *e, tx_group *g)
{
    (void)m;
    mb_use_group(e, g);
}

static void set_rule(mb *m, const char *id, tx_severity sev)
{
    tx_rule_setting *r = tx_arena_alloc(m->a, (m->t->conv.n_rules + 1) * sizeof *r);
    if (m->t->conv.n_rules)
        memcpy(r, m->t->conv.rules, m->t->conv.n_rules * sizeof *r);
    r[m->t->conv.n_rules].rule = id;
    r[m->t->conv.n_rules].severity = sev;
    r[m->t->conv.n_rules].span = TX_NO_SPAN;
    m->t->conv.rules = r;
    m->t->conv.n_rules++;
}

static void suppress(mb *m, tx_meta *meta, const char *rule, const char *reason)
{
    tx_suppress *s = tx_arena_alloc(m->a, (meta->n_suppress + 1) * sizeof *s);
    if (meta->n_suppress)
        memcpy(s, meta->suppress, meta->n_suppress * sizeof *s);
    s[meta->n_suppress].rule = rule;
    s[meta->n_suppress].reason = reason;
    s[meta->n_suppress].span = TX_NO_SPAN;
    meta->suppress = s;
    meta->n_suppress++;
}

static void destinations(mb *m, const char *d1)
{
    const char **d = tx_arena_alloc(m->a, sizeof *d);
    d[0] = d1;
    m->t->conv.destinations = d;
    m->t->conv.n_destinations = 1;
}

static int run(mb *m)
{
    return tx_lint(m->t, NULL, &m->d);
}

static size_t count(const mb *m, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < m->d.n; i++)
        if (strcmp(m->d.items[i].code, code) == 0)
            n++;
    return n;
}

/* The first finding of code whose message contains sub, or NULL. */
static const tx_diag *find(const mb *m, const char *code, const char *sub)
{
    for (size_t i = 0; i < m->d.n; i++)
        if (strcmp(m->d.items[i].code, code) == 0 && strstr(m->d.items[i].message, sub))
            return &m->d.items[i];
    return NULL;
}

static void dump(const mb *m);

/* find() that fails the test (showing every finding) when there is none. */
static const tx_diag *must(const mb *m, const char *code, const char *sub)
{
    const tx_diag *d = find(m, code, sub);
    if (!d) {
        dump(m);
        fail_msg("no [%s] finding containing \"%s\"", code, sub);
    }
    return d;
}

static void dump(const mb *m)
{
    for (size_t i = 0; i < m->d.n; i++)
        fprintf(stderr, "  [%s] %s: %s%s%s\n", m->d.items[i].code,
                tx_severity_name(m->d.items[i].severity), m->d.items[i].message,
                m->d.items[i].fix ? " | help: " : "", m->d.items[i].fix ? m->d.items[i].fix : "");
}

static const char *const none[] = { NULL };
static const char *const x_id[] = { "x_id", NULL };

/* One event per name in the NULL-terminated names, each carrying props. */
static void mk_events(mb *m, const char *const *names, const char *const *props)
{
    for (size_t i = 0; names[i]; i++)
        mk_event(m, names[i], props);
}

/* What a test expects of a lint run, one row each, written
 * { HAS(code, sub), ... }: a [code] finding whose message contains sub,
 * and, where they are set, its exact fix, a part its fix has or lacks, its
 * note and its severity; { NOT(code, sub) }: no such finding;
 * { COUNT(code, n) }: exactly n findings of code. A row without code ends
 * a list. */
typedef enum { W_HAS, W_NOT, W_COUNT } want_kind;

typedef struct lint_want {
    want_kind kind;
    const char *code, *sub;
    size_t n;
    const char *fix, *fix_has, *fix_lacks, *note;
    tx_severity sev;        /* TX_SEV_OFF: not checked */
} lint_want;

/* Checks row i of a list; a row that does not hold fails, naming it and
 * showing every finding. */
static void check_row(const mb *m, size_t i, const lint_want *w)
{
    const tx_diag *d = w->kind == W_COUNT ? NULL : find(m, w->code, w->sub);
    const char *bad = NULL;
    if (w->kind == W_COUNT && count(m, w->code) != w->n)
        bad = "a different number of findings";
    else if (w->kind == W_NOT && d)
        bad = "an unexpected finding";
    else if (w->kind == W_HAS && !d)
        bad = "no finding";
    else if (w->kind == W_HAS && w->fix && (!d->fix || strcmp(d->fix, w->fix) != 0))
        bad = "another fix";
    else if (w->kind == W_HAS && w->fix_has && (!d->fix || !strstr(d->fix, w->fix_has)))
        bad = "a fix without the expected part";
    else if (w->kind == W_HAS && w->fix_lacks && (!d->fix || strstr(d->fix, w->fix_lacks)))
        bad = "a fix with a part it should lack";
    else if (w->kind == W_HAS && w->note && (!d->note || strcmp(d->note, w->note) != 0))
        bad = "another note";
    else if (w->kind == W_HAS && w->sev && d->severity != w->sev)
        bad = "another severity";
    if (bad) {
        dump(m);
        fail_msg("row %zu ([%s] \"%s\", n %zu): %s (%zu findings of the code)", i, w->code,
                 w->sub ? w->sub : "", w->n, bad, count(m, w->code));
    }
}

/* Lints m with o, expecting tx_lint to return ret, checks each row of w,
 * then frees m. */
static void lint_check(mb *m, const tx_lint_opts *o, int ret, const lint_want *w)
{
    assert_int_equal(tx_lint(m->t, o, &m->d), ret);
    for (size_t i = 0; w[i].code; i++)
        check_row(m, i, &w[i]);
    mb_free(m);
}

#define HAS(c, s) .kind = W_HAS, .code = (c), .sub = (s)
#define NOT(c, s) .kind = W_NOT, .code = (c), .sub = (s)
#define COUNT(c, k) .kind = W_COUNT, .code = (c), .n = (k)

#define LINT_EXPECT_OPTS(m, o, ret, ...)                                                      \
    lint_check((m), (o), (ret), (const lint_want[]){ __VA_ARGS__, { 0 } })
#define LINT_EXPECT(m, ...) LINT_EXPECT_OPTS((m), NULL, 0, __VA_ARGS__)

/* rule ids the tests below name often */
#define AO "event-name-action-object"
#define ENS "event-name-style"
#define PNS "property-name-style"
#define LC "lint-config"


/* ---- ident ------------------------------------------------------------ */

static void test_ident(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    assert_string_equal(tx_ident_snake(a, "loginType"), "login_type");
    assert_string_equal(tx_ident_camel(a, "login_type"), "loginType");
    assert_string_equal(tx_ident_pascal(a, "login_type"), "LoginType");
    assert_string_equal(tx_ident_snake(a, "HTMLParser"), "html_parser");
    assert_string_equal(tx_ident_camel(a, "userID"), "userId");
    assert_string_equal(tx_ident_camel(a, "page2View"), "page2View");
    assert_string_equal(tx_ident_snake(a, "Sign Up-Complete"), "sign_up_complete");
    assert_string_equal(tx_ident_camel(a, "1day"), "_1day");
    assert_string_equal(tx_ident_snake(a, "---"), "_");
    assert_string_equal(tx_ident_pascal(a, "c++"), "C");
    assert_string_equal(tx_ident_camel(a, "카카오_login"), "카카오Login");
    tx_ident_word w[4];
    assert_int_equal(tx_ident_words("view_page2", 10, w, 4), 2);
    assert_int_equal(w[1].n, 5);
    /* tx_ident_next walks the same words one at a time and resumes where
     * the last one ended (so walking a long name stays linear) */
    const char *nm = "__HTMLParser-v2Page";
    size_t pos = 0, k = 0;
    tx_ident_word nw;
    const char *want[] = { "HTML", "Parser", "v2", "Page" };
    while (tx_ident_next(nm, strlen(nm), &pos, &nw)) {
        assert_true(k < 4);
        assert_int_equal(nw.n, strlen(want[k]));
        assert_memory_equal(nw.s, want[k], nw.n);
        assert_int_equal(pos, (size_t)(nw.s + nw.n - nm));
        k++;
    }
    assert_int_equal(k, 4);
    assert_int_equal(pos, strlen(nm));
    assert_false(tx_ident_next(nm, strlen(nm), &pos, &nw));
    tx_arena_free(a);
}

/* ---- the rule table ---------------------------------------------------- */

static void test_table(void **state)
{
    (void)state;
    size_t n = tx_lint_rule_count();
    assert_true(n >= 20);
    for (size_t i = 0; i < n; i++) {
        const tx_lint_rule *r = tx_lint_rule_at(i);
        for (const char *p = r->id; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
        assert_non_null(r->name);
        assert_non_null(r->summary);
        assert_non_null(r->doc);
        assert_non_null(r->bad);
        assert_non_null(r->good);
        if (strncmp(r->id, "destination-", 12) == 0) {
            assert_non_null(r->sources);
            assert_non_null(strstr(r->sources, "https://"));
        }
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(r->id, tx_lint_rule_at(j)->id);
        assert_ptr_equal(tx_lint_rule_find(r->id), r);
    }
    assert_string_equal(tx_lint_rule_suggest("missing-descriptoin"), "missing-description");
    tx_sb sb = TX_SB_INIT;
    tx_lint_rules_markdown(&sb);
    assert_non_null(strstr(sb.buf, "### destination-ga4"));
    assert_non_null(strstr(sb.buf, "https://support.google.com/analytics/answer/9267744"));
    tx_sb_release(&sb);
}

static void test_parse_override(void **state)
{
    (void)state;
    tx_lint_override o;
    char err[200];
    assert_int_equal(tx_lint_parse_override("missing-description=error", &o, err, sizeof err), 0);
    assert_string_equal(o.rule, "missing-description");
    assert_int_equal(o.severity, TX_SEV_ERROR);
    assert_int_equal(tx_lint_parse_override("unused-typ=off", &o, err, sizeof err), -1);
    assert_string_equal(err, "unknown rule 'unused-typ'; did you mean 'unused-type'?");
    assert_int_equal(tx_lint_parse_override("unused-type=loud", &o, err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown severity 'loud'"));
    assert_int_equal(tx_lint_parse_override("unused-type", &o, err, sizeof err), -1);
}

/* ---- event names ------------------------------------------------------- */

static void test_action_object(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    mk_events(m, (const char *[]){ "page_view", "detail_view", "sign_up_complete", "product_viewed",
                                   "viewed_page", "view_page", "purchase", "veiw_item", "foo_bar",
                                   "checkout_completion", "sign_up", "login", "serach_stay", NULL },
              x_id);
    LINT_EXPECT(m,
        { HAS(AO, "'page_view' puts the object before"), .fix = "rename to 'view_page'",
          .sev = TX_SEV_WARNING },
        { HAS(AO, "'detail_view'"), .fix = "rename to 'view_detail'" },
        { HAS(AO, "'sign_up_complete'"), .fix = "rename to 'complete_sign_up'" },
        { HAS(AO, "'product_viewed'"), .fix = "rename to 'view_product'" },
        { HAS(AO, "'viewed_page' starts with 'viewed'"), .fix = "rename to 'view_page'" },
        { HAS(AO, "'checkout_completion'"), .fix = "rename to 'complete_checkout'" },
        { HAS(AO, "'purchase' names no object after its action 'purchase'") },
        { HAS(AO, "'veiw_item' does not start with an action"),
          .fix = "did you mean 'view'? rename to 'view_item'" },
        { HAS(AO, "'foo_bar'"), .fix_has = "conventions.event_name.actions" },
        /* no far-fetched guesses ('sign' is two edits from 'win', 'login'
         * from 'join'), but a swapped pair of letters is a typo */
        { HAS(AO, "'sign_up' does not start with an action: 'sign'"),
          .fix = "start with the action, e.g. 'complete_sign_up', or list 'sign' "
                 "in conventions.event_name.actions" },
        { HAS(AO, "'login' does not start with an action: 'login'"), .fix_lacks = "did you mean" },
        { HAS(AO, "'serach_stay' does not start with an action"),
          .fix = "did you mean 'search'? rename to 'search_stay'" },
        { NOT(AO, "'view_page'") },
        { COUNT(AO, 12) });
}

static void test_custom_actions(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    const char *acts[] = { "open", "close" };
    m->t->conv.actions = acts;
    m->t->conv.n_actions = 2;
    mk_events(m, (const char *[]){ "open_app", "view_page", NULL }, x_id);
    LINT_EXPECT(m, { HAS(AO, "'view_page' does not start with an action: 'view'") },
                { COUNT(AO, 1) });
}

static void test_event_pattern(void **state)
{
    (void)state;
    /* add mode: the built-in style and the pattern both apply */
    mb *m = mb_alloc();
    m->t->conv.event_pattern = "^[a-z_]{1,12}$";
    mk_events(m, (const char *[]){ "view_page", "view_very_long_page", "page_view", NULL }, x_id);
    LINT_EXPECT(m, { HAS(AO, "'view_very_long_page' does not match the pattern '^[a-z_]{1,12}$'") },
                { HAS(AO, "'page_view' puts the object before") },
                { COUNT(AO, 2) });

    /* replace mode with named groups: only the pattern and its groups */
    m = mb_alloc();
    m->t->conv.event_pattern = "^(?<object>[a-z]+)\\.(?<action>[a-z]+)$";
    m->t->conv.event_pattern_replaces = true;
    mk_events(m, (const char *[]){ "page.view", "page.frobnicate", "view_page", NULL }, x_id);
    LINT_EXPECT(m,
        { HAS(AO, "'page.frobnicate' does not start with an action: 'frobnicate'"),
          .fix = "start with an action (view, click, tap, press, search, ...), or "
                 "list 'frobnicate' in conventions.event_name.actions" },
        { HAS(AO, "'view_page' does not match the pattern") },
        { COUNT(AO, 2) },
        /* the default snake_case casing still applies to page.view */
        { HAS(ENS, "'page.view' is not in snake_case") });
}

static void test_pathological_pattern(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    m->t->conv.event_pattern = "^(a+)+$";
    m->t->conv.event_pattern_replaces = true;
    char *names[20];
    for (int i = 0; i < 20; i++) {
        names[i] = tx_arena_alloc(m->a, 64);
        memset(names[i], 'a', 40 + i);
        names[i][40 + i] = '!';
        mk_event(m, names[i], x_id);
    }
    /* without the limit this is 2^40 steps per name; with it, one report */
    tx_lint_opts o = { .match_limit = 100000 };
    LINT_EXPECT_OPTS(m, &o, 0, { COUNT("pattern-match-limit", 1) },
                     { HAS("pattern-match-limit", "hit the PCRE2 match limit on event 'aaaa"),
                       .sev = TX_SEV_ERROR });
}

static void test_event_name_style(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    m->t->conv.event_max_length = 12;
    mk_events(m, (const char *[]){ "viewPage", "PageView", "view_home_page_banner", NULL }, x_id);
    LINT_EXPECT(m, { HAS(ENS, "'viewPage' is not in snake_case"), .fix = "rename to 'view_page'" },
                { HAS(ENS, "'PageView' is not in snake_case"), .fix = "rename to 'view_page'" },
                { HAS(ENS, "'view_home_page_banner' is 21 characters long; "
                           "conventions.event_name.max_length is 12") });

    m = mb_alloc();
    m->t->conv.event_casing = "camelCase";
    mk_events(m, (const char *[]){ "viewPage", "page_view", NULL }, x_id);
    LINT_EXPECT(m, { HAS(ENS, "'page_view' is not in camelCase"), .fix = "rename to 'viewPage'" },
                { COUNT(ENS, 1) });

    /* Title Case (Segment style) */
    m = mb_alloc();
    m->t->conv.event_casing = "Title Case";
    mk_events(m, (const char *[]){ "View Page", "view_product", "View  Cart", NULL }, x_id);
    LINT_EXPECT(m,
        { HAS(ENS, "'view_product' is not in Title Case"), .fix = "rename to 'View Product'" },
        { HAS(ENS, "'View  Cart'") },
        { COUNT(ENS, 2) },
        { COUNT(AO, 0) });

    /* 'any' turns the casing check off */
    m = mb_alloc();
    m->t->conv.event_casing = "any";
    mk_event(m, "view-Page.now", x_id);
    LINT_EXPECT(m, { COUNT(ENS, 0) });

    /* a long name keeps every word in the fix: "View" + 78 x "Ab" */
    m = mb_alloc();
    char *longname = tx_arena_alloc(m->a, 4 + 78 * 2 + 1);
    memcpy(longname, "View", 4);
    for (int i = 0; i < 78; i++)
        memcpy(longname + 4 + 2 * i, "Ab", 2);
    mk_event(m, longname, x_id);
    run(m);
    const tx_diag *d = must(m, ENS, "is not in snake_case");
    assert_int_equal(strlen(d->fix), strlen("rename to ''") + 4 + 78 * 3);
    mb_free(m);
}

/* ---- property names ---------------------------------------------------- */

static void test_property_name_style(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    m->t->conv.property_max_length = 10;
    mk_event(m, "view_page", (const char *[]){ "loginType", "sign_up_date_time", "ok", NULL });
    tx_type *obj = mk_type(m, NULL, TX_OBJECT);
    obj->fields = tx_arena_alloc(m->a, sizeof *obj->fields);
    obj->n_fields = 1;
    obj->fields[0] = (tx_field){ .name = "itemPrice", .span = TX_NO_SPAN,
                                 .type = mk_type(m, NULL, TX_NUMBER) };
    tx_property *cart = mk_prop(m, "cart", obj);
    cart->is_user = true;
    LINT_EXPECT(m,
        { HAS(PNS, "property 'loginType' is not in snake_case"), .fix = "rename to 'login_type'" },
        { HAS(PNS, "property 'sign_up_date_time' is 17 characters long") },
        { HAS(PNS, "field 'itemPrice' is not in snake_case") });

    m = mb_alloc();
    m->t->conv.property_pattern = "^[a-z]+(_[a-z]+)*$";
    mk_event(m, "view_page", (const char *[]){ "login_type", "login2", NULL });
    LINT_EXPECT(m, { HAS(PNS, "property 'login2' does not match the pattern") },
                { COUNT(PNS, 1) });

    /* naming patterns have Unicode properties on, as value patterns do:
     * \w matches Hangul */
    m = mb_alloc();
    m->t->conv.property_pattern = "^\\w+$";
    m->t->conv.property_casing = "any";
    mk_event(m, "view_page", (const char *[]){ "검색어", "search-term", NULL });
    LINT_EXPECT(m, { HAS(PNS, "property 'search-term' does not match the pattern") },
                { COUNT(PNS, 1) });
}

/* ---- collisions -------------------------------------------------------- */

static void test_collisions(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    const char *p[] = { "login_type", "loginType", "page2", "page_2", NULL };
    mk_events(m, (const char *[]){ "view_page", "view-page", NULL }, p);
    tx_type *lang = mk_type(m, "language", TX_STRING);
    const char *vals[] = { "c", "c++", "kotlin", "10-20", "10_20" };
    set_enum(m, lang, vals, 5);
    mk_prop(m, "lang", lang)->is_user = true;
    LINT_EXPECT(m,
        { HAS("name-collision", "property 'loginType' differs from 'login_type'"),
          .sev = TX_SEV_ERROR },
        { HAS("name-collision", "event 'view-page' differs from 'view_page'") },
        { HAS("name-collision", "property 'page_2' differs from 'page2'") },
        /* not repeated by identifier-collision while name-collision runs */
        { NOT("identifier-collision", "page_2") },
        { HAS("identifier-collision", "enum value 'c++' of type 'language' maps to the same "
                                      "identifiers as 'c': 'c' in C, 'c' in Swift/Kotlin") },
        /* 10-20 and 10_20 fold to the same key: enum-value-duplicate's */
        { HAS("enum-value-duplicate", "'10_20' of type 'language' differs from '10-20'") },
        { NOT("identifier-collision", "10_20") });

    /* with name-collision off, identifier-collision reports the pair */
    m = mb_alloc();
    set_rule(m, "name-collision", TX_SEV_OFF);
    mk_event(m, "view_page", p);
    LINT_EXPECT(m,
        { HAS("identifier-collision", "property 'page_2' maps to the same Swift/Kotlin "
                                      "identifier 'page2' as 'page2'") },
        { COUNT("name-collision", 0) });
}

/* ---- enums ------------------------------------------------------------- */

static void test_enums(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    tx_type *lm = mk_type(m, "login_method", TX_STRING);
    const char *vals[] = { "kakao", "naver", "Google", "Kakao", "x" };
    set_enum(m, lm, vals, 5);
    mk_prop(m, "sign_up_type", lm);
    mk_event(m, "complete_sign_up", (const char *[]){ "sign_up_type", NULL });
    LINT_EXPECT(m,
        { HAS("enum-value-case", "'Google' of type 'login_method' is Capitalized while the "
                                 "other values are lowercase"), .fix = "write it 'google'" },
        /* Kakao is a near-duplicate: reported once, by enum-value-duplicate */
        { NOT("enum-value-case", "Kakao") },
        { HAS("enum-value-duplicate", "'Kakao' of type 'login_method' differs from 'kakao' only") },
        { COUNT("enum-value-case", 1) });
}

/* ---- usage ------------------------------------------------------------- */

static void test_unused(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    tx_type *base = mk_type(m, "count", TX_INTEGER);
    tx_type *head = mk_type(m, "headcount", TX_INTEGER);
    head->parent = base;
    mk_type(m, "orphan", TX_STRING);
    tx_type *chain = mk_type(m, "chain_a", TX_STRING);
    tx_type *chain_b = mk_type(m, "chain_b", TX_STRING);
    chain_b->parent = chain;  /* chain_b unused, so chain_a unused too */
    mk_prop(m, "travel_adults", head);
    mk_prop(m, "dead_prop", NULL);
    mk_prop(m, "tier", NULL)->is_user = true;
    tx_group *g = mk_group(m, "opts", (const char *[]){ "travel_adults", NULL });
    mk_group(m, "spare", (const char *[]){ "travel_adults", NULL });
    tx_event *e = mk_event(m, "search_stay", none);
    add_group(m, e, g);
    LINT_EXPECT(m, { HAS("unused-type", "type 'orphan' is not used") },
                { HAS("unused-type", "type 'chain_a' is not used") },
                { HAS("unused-type", "type 'chain_b' is not used") },
                { COUNT("unused-type", 3) },
                { HAS("unused-property", "property 'dead_prop' is not carried") },
                { COUNT("unused-property", 1) },
                { HAS("unused-group", "property group 'spare' is not used") },
                { COUNT("unused-group", 1) });
}

/* ---- consistency ------------------------------------------------------- */

static void test_missing_description(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    mk_event(m, "view_page", x_id)->meta.description = NULL;
    mk_event(m, "view_item", x_id)->meta.description = "  ";
    tx_event *old = mk_event(m, "view_old", x_id);
    old->meta.description = NULL;
    old->meta.deprecated = true;
    LINT_EXPECT(m,
        { HAS("missing-description", "event 'view_page' has no description"), .sev = TX_SEV_INFO },
        { HAS("missing-description", "'view_item'") },
        { COUNT("missing-description", 2) });
}

static void test_deprecated_reference(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    tx_type *oldt = mk_type(m, "old_code", TX_STRING);
    oldt->meta.deprecated = true;
    oldt->meta.deprecated_reason = "use coupon_codes";
    tx_property *cc = mk_prop(m, "coupon_code", NULL);
    cc->meta.deprecated = true;
    cc->meta.deprecated_reason = "replaced by coupon_codes";
    mk_prop(m, "promo", oldt);
    tx_group *g = mk_group(m, "promo_fields", (const char *[]){ "coupon_code", NULL });
    tx_group *dg = mk_group(m, "legacy", (const char *[]){ "promo", NULL });
    dg->meta.deprecated = true;
    const char *p[] = { "coupon_code", "promo", NULL };
    tx_event *e1 = mk_event(m, "complete_purchase", p);
    add_group(m, e1, g);
    tx_event *e2 = mk_event(m, "start_checkout", (const char *[]){ "promo", NULL });
    add_group(m, e2, g);
    add_group(m, e2, dg);
    tx_event *e3 = mk_event(m, "view_coupon", p);
    e3->meta.deprecated = true;
    LINT_EXPECT(m,
        { HAS("deprecated-reference", "event 'complete_purchase' carries deprecated property "
                                      "'coupon_code'"),
          .note = "deprecated: replaced by coupon_codes" },
        { HAS("deprecated-reference", "group 'promo_fields' carries deprecated property "
                                      "'coupon_code' into live event 'complete_purchase'") },
        { HAS("deprecated-reference", "event 'start_checkout' uses deprecated group 'legacy'") },
        { HAS("deprecated-reference", "property 'promo' uses deprecated type 'old_code'") },
        /* the group's entry once, not per event; nothing for the deprecated event */
        { COUNT("deprecated-reference", 4) });
}

static void test_event_without_properties(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    const char *p[] = { "search_term", NULL };
    mk_event(m, "search_stay", none)->category = "search";
    mk_event(m, "search_flight", p)->category = "search";
    mk_event(m, "search_car", p)->category = "search";
    mk_event(m, "open_app", none)->category = "app";
    mk_event(m, "close_app", none)->category = "app";
    mk_event(m, "view_home", none);
    mk_event(m, "view_tab", none)->category = "nav";
    mk_event(m, "view_menu", p)->category = "nav";
    LINT_EXPECT(m,
        { HAS("event-without-properties", "event 'search_stay' carries no properties, unlike 2 "
                                          "of the 2 other events in category 'search'") },
        /* nav: 1 of 1 other has properties -> more than half */
        { HAS("event-without-properties", "'view_tab'") },
        { COUNT("event-without-properties", 2) });
}

static void test_pii(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    const char *p[] = { "user_email", "phoneNumber", "hotel_name", "product_name", "name",
                        "first_name", "birth_date", "checked", "ip_address", "ok_email", NULL };
    mk_event(m, "view_page", p);
    find_prop(m, "ok_email")->meta.pii = true;
    find_prop(m, "ok_email")->meta.pii_set = true;
    tx_property *fn = find_prop(m, "first_name");
    fn->meta.pii_set = true;    /* pii: false written explicitly */
    LINT_EXPECT(m,
        { HAS("pii-unmarked", "property 'user_email' looks like personal data (an email "
                              "address)") },
        { HAS("pii-unmarked", "'phoneNumber' looks like personal data (a phone number)") },
        { HAS("pii-unmarked", "property 'name' looks like personal data (a person's name)") },
        { HAS("pii-unmarked", "'birth_date'") },
        { HAS("pii-unmarked", "'ip_address'") },
        { NOT("pii-unmarked", "hotel_name") },
        { NOT("pii-unmarked", "product_name") },
        { COUNT("pii-unmarked", 5) });
}

/* ---- destinations ------------------------------------------------------ */

static void test_ga4(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    destinations(m, "ga4");
    const char *many[30];
    char *names = tx_arena_alloc(m->a, 30 * 8);
    for (int i = 0; i < 26; i++) {
        snprintf(names + i * 8, 8, "p_%02d", i);
        many[i] = names + i * 8;
    }
    many[26] = NULL;
    mk_event(m, "view_page_with_a_name_longer_than_forty_chars", many);
    mk_events(m, (const char *[]){ "page_view", "firebase_thing", NULL }, none);
    mk_prop(m, "firebase_id", NULL);
    mk_event(m, "view_x", (const char *[]){ "firebase_id", NULL });
    tx_type *longs = mk_type(m, NULL, TX_STRING);
    longs->max_length = 200;
    mk_prop(m, "long_text", longs);
    mk_event(m, "view_y", (const char *[]){ "long_text", NULL });
    mk_prop(m, "membership_tier_of_the_user", NULL)->is_user = true;
    LINT_EXPECT(m,
        { HAS("destination-ga4", "event name 'view_page_with_a_name_longer_than_forty_chars' is "
                                 "45 characters long; GA4 allows at most 40") },
        { HAS("destination-ga4", "carries 26 properties; GA4 accepts at most 25 per event") },
        { HAS("destination-ga4", "event name 'page_view' is reserved by GA4") },
        { HAS("destination-ga4", "event name 'firebase_thing' starts with 'firebase_', a prefix "
                                 "GA4 reserves") },
        { HAS("destination-ga4", "property name 'firebase_id' starts with 'firebase_'") },
        { HAS("destination-ga4", "property 'long_text' allows values of 200 characters; GA4 "
                                 "keeps at most 100") },
        { HAS("destination-ga4", "user property name 'membership_tier_of_the_user' is 27 "
                                 "characters long; GA4 allows at most 24") },
        { HAS("destination-ga4", "page_view"), .sev = TX_SEV_ERROR },
        /* not listed -> not applied */
        { COUNT("destination-braze", 0) });
}

static void test_other_destinations(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    destinations(m, "braze");
    mk_event(m, "view_page", (const char *[]){ "time", "$plan", NULL });
    LINT_EXPECT(m, { HAS("destination-braze", "property name 'time' is reserved by Braze") },
                { HAS("destination-braze", "property name '$plan' starts with '$'") });

    m = mb_alloc();
    destinations(m, "mixpanel");
    mk_event(m, "view_page", (const char *[]){ "distinct_id", "mp_lib", NULL });
    LINT_EXPECT(m, { HAS("destination-mixpanel", "'distinct_id' is reserved by Mixpanel") },
                { HAS("destination-mixpanel", "'mp_lib' starts with 'mp_'") });

    m = mb_alloc();
    destinations(m, "Amplitude");
    mk_event(m, "$identify", none)->meta.description = "d";
    mk_event(m, "view_page", (const char *[]){ "$set", NULL });
    LINT_EXPECT(m, { HAS("destination-amplitude", "event name '$identify' starts with '$'") },
                { HAS("destination-amplitude", "property name '$set' starts with '$'") });

    m = mb_alloc();
    destinations(m, "segment");
    mk_prop(m, "revenue", NULL);
    mk_event(m, "pages", (const char *[]){ "revenue", "userId", "context_ip", NULL });
    LINT_EXPECT(m,
        { HAS("destination-segment", "event 'pages' would be stored in Segment's warehouse "
                                     "table 'pages'") },
        { HAS("destination-segment", "property 'userId' would become warehouse column "
                                     "'user_id'") },
        { HAS("destination-segment", "'context_ip'") },
        { HAS("destination-segment", "property 'revenue' is a string; Segment's Track spec "
                                     "reserves 'revenue' for a number") });
}

/* ---- engine: severities, suppressions, configuration ------------------- */

static void test_severities(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    mk_event(m, "page_view", x_id)->meta.description = NULL;
    set_rule(m, "missing-description", TX_SEV_ERROR);
    set_rule(m, AO, TX_SEV_OFF);
    LINT_EXPECT(m, { HAS("missing-description", ""), .sev = TX_SEV_ERROR }, { COUNT(AO, 0) });

    /* the command line wins over conventions.rules */
    m = mb_alloc();
    mk_event(m, "page_view", x_id)->meta.description = NULL;
    set_rule(m, "missing-description", TX_SEV_ERROR);
    tx_lint_override ov[] = { { "missing-description", TX_SEV_WARNING },
                              { AO, TX_SEV_OFF },
                              { AO, TX_SEV_INFO } };
    tx_lint_opts o = { .overrides = ov, .n_overrides = 3 };
    LINT_EXPECT_OPTS(m, &o, 0, { HAS("missing-description", ""), .sev = TX_SEV_WARNING },
                     { HAS(AO, ""), .sev = TX_SEV_INFO });

    m = mb_alloc();
    tx_lint_override bad[] = { { "no-such-rule", TX_SEV_OFF } };
    tx_lint_opts ob = { .overrides = bad, .n_overrides = 1 };
    assert_int_equal(tx_lint(m->t, &ob, &m->d), -1);
    assert_int_equal(m->d.n_error, 1);
    mb_free(m);
}

static void test_suppressions(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    tx_event *e = mk_event(m, "page_view", x_id);
    suppress(m, &e->meta, AO, "GA4 automatic event name");
    suppress(m, &e->meta, "missing-description", "stale");
    suppress(m, &e->meta, "missing-descriptoin", "typo");
    tx_event *e2 = mk_event(m, "detail_view", x_id);
    suppress(m, &e2->meta, AO, "");
    LINT_EXPECT(m, { NOT(AO, "'page_view'") },
        /* the suppression without a reason still suppresses, and is reported */
        { NOT(AO, "'detail_view'") },
        { HAS(LC, "suppression of 'event-name-action-object' has no reason") },
        { HAS(LC, "unknown rule 'missing-descriptoin' in a lint suppression; did you "
                  "mean 'missing-description'?") },
        { HAS("unused-suppression", "suppression of 'missing-description' silences nothing") },
        { COUNT("unused-suppression", 1) });
}

static void test_config(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    set_rule(m, "unused-typ", TX_SEV_OFF);
    set_rule(m, "frobnicate-everything", TX_SEV_OFF);
    destinations(m, "amplitud");
    m->t->conv.event_casing = "Snake";
    m->t->conv.event_style = "verb_noun";
    m->t->conv.property_pattern = "^(unclosed";
    static const char *acts[] = { "view", "Select", "sign_up" };
    m->t->conv.actions = acts;
    m->t->conv.n_actions = 3;
    LINT_EXPECT(m,
        { HAS(LC, "action 'Select' in conventions.event_name.actions is not one lowercase word"),
          .fix = "list the word event names start with, e.g. 'select'" },
        { HAS(LC, "action 'sign_up' in conventions.event_name.actions") },
        { NOT(LC, "action 'view'") },
        { HAS(LC, "unknown rule 'unused-typ' in conventions.rules; did you mean "
                  "'unused-type'?") },
        { HAS(LC, "unknown rule 'frobnicate-everything'"),
          .fix = "'taxonc rules' lists the rule ids" },
        { HAS(LC, "unknown destination 'amplitud'; did you mean 'amplitude'?") },
        { HAS(LC, "unknown casing 'Snake' in conventions.event_name.casing") },
        { HAS(LC, "unknown event_name.style 'verb_noun'") },
        { HAS(LC, "invalid pattern in conventions.property_name.pattern: missing "
                  "closing parenthesis at offset 10") },
        { HAS(LC, ""), .sev = TX_SEV_ERROR });
}

static void test_clean(void **state)
{
    (void)state;
    mb *m = mb_alloc();
    tx_type *lm = mk_type(m, "login_method", TX_STRING);
    const char *vals[] = { "kakao", "naver", "google" };
    set_enum(m, lm, vals, 3);
    mk_prop(m, "sign_up_type", lm);
    mk_prop(m, "user_email", NULL)->meta.pii = true;
    const char *p[] = { "sign_up_type", "user_email", NULL };
    mk_event(m, "complete_sign_up", p)->category = "onboarding";
    mk_event(m, "view_page", p)->category = "onboarding";
    destinations(m, "ga4");
    assert_int_equal(run(m), 0);
    if (m->d.n)
        dump(m);
    assert_int_equal(m->d.n, 0);
    mb_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ident),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_parse_override),
        cmocka_unit_test(test_action_object),
        cmocka_unit_test(test_custom_actions),
        cmocka_unit_test(test_event_pattern),
        cmocka_unit_test(test_pathological_pattern),
        cmocka_unit_test(test_event_name_style),
        cmocka_unit_test(test_property_name_style),
        cmocka_unit_test(test_collisions),
        cmocka_unit_test(test_enums),
        cmocka_unit_test(test_unused),
        cmocka_unit_test(test_missing_description),
        cmocka_unit_test(test_deprecated_reference),
        cmocka_unit_test(test_event_without_properties),
        cmocka_unit_test(test_pii),
        cmocka_unit_test(test_ga4),
        cmocka_unit_test(test_other_destinations),
        cmocka_unit_test(test_severities),
        cmocka_unit_test(test_suppressions),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
