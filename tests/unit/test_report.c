/* Unit tests for support/report.c: URI references, GitHub escaping, SARIF
 * and JUnit structure on a diagnostics list built by hand. The e2e tests
 * validate real lint output (SARIF against the 2.1.0 schema). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include "../../support/report.h"
#include "render_fx.h"

/* Every renderer test prints the same diagnostics, added to the fixture
 * (render_fx.h) by cmocka's setup. */
static int setup(void **state)
{
    render_fx_setup(state);
    render_fx *f = *state;
    tx_diags *ds = &f->ctx->diags;
    const char *text = "events:\n  page_view: {a: 1}\n  '회원,가입': {}\n";
    uint32_t file = render_fx_source(f, "dir/a,b:c%.yaml", text);
    tx_diag *d = tx_diag_add(ds, TX_SEV_WARNING, "event-name-action-object",
                             (tx_span){ file, 10, 19 }, "event '%s' 100%% wrong, see: here",
                             "page_view");
    tx_diag_fix(ds, d, "rename to 'view_page'");
    tx_diag_note(ds, d, (tx_span){ file, 0, 6 }, "line one\nline two");
    tx_diag_add(ds, TX_SEV_INFO, "other-code", (tx_span){ file, 30, 45 }, "a <note> & more");
    tx_diag_add(ds, TX_SEV_ERROR, "usage", TX_NO_SPAN, "no location");
    return 0;
}

typedef void render_fn(tx_sources *src, const tx_diags *d, const tx_report_opts *o,
                       tx_out_fn out, void *ud);

/* The fixture's diagnostics as one renderer prints them with options o. */
static const char *render(render_fx *f, render_fn *fn, const tx_report_opts *o)
{
    tx_sb_reset(&f->out);
    fn(&f->ctx->sources, &f->ctx->diags, o, render_fx_capture, &f->out);
    return f->out.buf;
}

static void test_uri(void **state)
{
    (void)state;
    tx_sb sb = TX_SB_INIT;
    tx_report_uri(&sb, "./my plans/여행.yaml");
    assert_string_equal(sb.buf, "my%20plans/%EC%97%AC%ED%96%89.yaml");
    tx_sb_reset(&sb);
    tx_report_uri(&sb, "/abs/x#y.yaml");
    assert_string_equal(sb.buf, "file:///abs/x%23y.yaml");
    tx_sb_release(&sb);
}

static void test_github(void **state)
{
    tx_report_opts o = { .tool = "taxonc" };
    assert_string_equal(render(*state, tx_render_github, &o),
        "::warning file=dir/a%2Cb%3Ac%25.yaml,line=2,col=3,endLine=2,endColumn=12,"
        "title=event-name-action-object::event 'page_view' 100%25 wrong, see: here"
        "%0Ahelp: rename to 'view_page'%0Anote: line one%0Aline two\n"
        "::notice file=dir/a%2Cb%3Ac%25.yaml,line=3,col=3,endLine=3,endColumn=10,"
        "title=other-code::a <note> & more\n"
        "::error title=usage::no location\n");
}

static void test_sarif(void **state)
{
    tx_report_rule rules[] = {
        { "unused-type", "UnusedType", "types nobody uses", "long help", TX_SEV_WARNING, NULL, NULL },
        { "event-name-action-object", "EventNameActionObject", "names", NULL, TX_SEV_WARNING, NULL, NULL },
    };
    tx_report_opts o = { .tool = "taxonc", .version = "0.1.0", .rules = rules, .n_rules = 2,
                         .help_uri_base = "https://example.org/rules.md" };
    const char *s = render(*state, tx_render_sarif, &o);
    assert_non_null(strstr(s, "\"version\": \"2.1.0\""));
    assert_non_null(strstr(s, "\"helpUri\": \"https://example.org/rules.md#unused-type\""));
    assert_non_null(strstr(s, "{\"ruleId\": \"event-name-action-object\", \"ruleIndex\": 1, "
                              "\"level\": \"warning\""));
    assert_non_null(strstr(s, "\"uri\":\"dir/a%2Cb%3Ac%25.yaml\"},\"region\":{\"startLine\":2,"
                              "\"startColumn\":3,\"endLine\":2,\"endColumn\":12}"));
    assert_non_null(strstr(s, "\"relatedLocations\": [{\"physicalLocation\""));
    assert_non_null(strstr(s, "\"id\":1,\"message\":{\"text\":\"line one\\nline two\"}}]"));
    assert_non_null(strstr(s, "\"level\": \"note\""));
    /* unknown codes: no ruleIndex; no location: no locations */
    assert_non_null(strstr(s, "{\"ruleId\": \"usage\", \"level\": \"error\", \"message\": "
                              "{\"text\": \"no location\"}}"));
}

static void test_junit(void **state)
{
    render_fx *f = *state;
    tx_report_rule rules[] = {
        { "unused-type", "UnusedType", "types", NULL, TX_SEV_WARNING, NULL, NULL },
        { "event-name-action-object", "EventNameActionObject", "names", NULL, TX_SEV_WARNING, NULL, NULL },
    };
    tx_report_opts o = { .suite = "taxonc lint", .rules = rules, .n_rules = 2 };
    const char *s = render(f, tx_render_junit, &o);
    /* a passing case per rule without findings, one case per finding:
     * the warning is skipped (shown, not failing), the error a failure,
     * the info output of a passing case; locations in name and message */
    assert_non_null(strstr(s, "<testsuite name=\"taxonc lint\" tests=\"4\" failures=\"1\" "
                              "errors=\"0\" skipped=\"1\""));
    assert_non_null(strstr(s, "<testcase classname=\"taxonc lint\" name=\"unused-type\"/>"));
    assert_non_null(strstr(s, "name=\"event-name-action-object at dir/a,b:c%.yaml:2:3\">\n"
                              "      <skipped type=\"warning\" message=\"dir/a,b:c%.yaml:2:3: "
                              "event &#39;page_view&#39;"));
    assert_non_null(strstr(s, "[event-name-action-object]\nhelp: rename to &#39;view_page&#39;\n"
                              "note: dir/a,b:c%.yaml:1:1: line one\nline two\n</skipped>"));
    assert_null(strstr(s, "<failure type=\"warning\""));
    assert_non_null(strstr(s, "name=\"other-code at dir/a,b:c%.yaml:3:3\">\n      <system-out>"
                              "dir/a,b:c%.yaml:3:3: info: a &lt;note&gt; &amp; more [other-code]\n"
                              "</system-out>"));
    assert_non_null(strstr(s, "name=\"usage\">\n      <failure type=\"error\" message=\"no "
                              "location\">error: no location [usage]\n</failure>"));
    /* lint --max-warnings exceeded: warnings fail too */
    o.warnings_fail = true;
    s = render(f, tx_render_junit, &o);
    assert_non_null(strstr(s, "failures=\"2\" errors=\"0\" skipped=\"0\""));
    assert_non_null(strstr(s, "<failure type=\"warning\" message=\"dir/a,b:c%.yaml:2:3: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uri),
        cmocka_unit_test_setup_teardown(test_github, setup, render_fx_teardown),
        cmocka_unit_test_setup_teardown(test_sarif, setup, render_fx_teardown),
        cmocka_unit_test_setup_teardown(test_junit, setup, render_fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
