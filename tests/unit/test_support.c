/* Unit tests for support/: arena, string builder, UTF-8, suggestions,
 * the diagnostics renderer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include "../../support/arena.h"
#include "../../support/strbuf.h"
#include "../../support/util.h"
#include "../../support/diag.h"
#include "render_fx.h"

static void test_arena(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    char *s = tx_arena_printf(a, "%s-%d", "x", 42);
    assert_string_equal(s, "x-42");
    char *big = tx_arena_alloc(a, 1 << 20);
    big[(1 << 20) - 1] = 1;
    TX_VEC(int) v = { 0 };
    for (int i = 0; i < 1000; i++)
        TX_PUSH(a, v, i);
    assert_int_equal(v.n, 1000);
    assert_int_equal(v.items[999], 999);
    tx_arena_free(a);
}

static void test_strbuf(void **state)
{
    (void)state;
    tx_sb sb = TX_SB_INIT;
    assert_string_equal(sb.buf, "");
    tx_sb_addf(&sb, "%d", 7);
    tx_sb_add_json_str(&sb, "a\"b\n\x01", 5);
    assert_string_equal(sb.buf, "7a\\\"b\\n\\u0001");
    size_t n;
    char *d = tx_sb_detach(&sb, &n);
    assert_int_equal(n, strlen(d));
    free(d);
    assert_string_equal(sb.buf, "");
}

/* tx_sb_vaddesc without the compiler's format check, for what the check
 * would refuse: a literal NULL for %s, a directive outside the set. */
static void addesc_unchecked(tx_sb *sb, tx_sb_escaper *esc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tx_sb_vaddesc(sb, esc, fmt, ap);
    va_end(ap);
}

/* The templated writer: %s through the escaper (JSON string or null, XML
 * text, nothing for NULL), every other directive as printf prints it. */
static void test_strbuf_addesc(void **state)
{
    (void)state;
    tx_sb sb = TX_SB_INIT;
    addesc_unchecked(&sb, tx_sb_add_jstr, "{\"a\":%s,\"b\":%s,\"n\":%llu,\"m\":%d}%%", "x\"y", NULL,
                 18446744073709551615ull, -2147483647 - 1);
    assert_string_equal(sb.buf, "{\"a\":\"x\\\"y\",\"b\":null,\"n\":18446744073709551615,"
                                "\"m\":-2147483648}%");
    tx_sb_reset(&sb);
    addesc_unchecked(&sb, tx_sb_add_xmls, "<td>%s</td><td>%s</td>", "a<b", NULL);
    assert_string_equal(sb.buf, "<td>a&lt;b</td><td></td>");
    char want[256];
    snprintf(want, sizeof want, "%zu %u %ld %lld %jd %td %x %05lX %-4o| %+d % i %3c %.1f %8.3e %g",
             (size_t)-1, 0u, -7L, 123456789012LL, (intmax_t)-9, (ptrdiff_t)-3, 255u, 48879UL, 8u,
             5, 6, 'q', 99.95, 1e-9, 0.5);
    tx_sb_reset(&sb);
    tx_sb_addesc(&sb, tx_sb_add_xmls, "%zu %u %ld %lld %jd %td %x %05lX %-4o| %+d % i %3c %.1f %8.3e %g",
                 (size_t)-1, 0u, -7L, 123456789012LL, (intmax_t)-9, (ptrdiff_t)-3, 255u, 48879UL,
                 8u, 5, 6, 'q', 99.95, 1e-9, 0.5);
    assert_string_equal(sb.buf, want);
    assert_false(sb.failed);
    /* outside the set: the builder fails rather than misread an argument */
    static const char *const bad[] = { "%5s", "%hd", "%Lf", "%*d", "%p", "%lf", "%" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tx_sb_reset(&sb);
        sb.failed = false;
        addesc_unchecked(&sb, tx_sb_add_xmls, bad[i]);
        assert_true(sb.failed);
    }
    tx_sb_release(&sb);
}

/* XML text: markup escaped, and only XML 1.0 characters: control bytes,
 * U+FFFE, U+FFFF and invalid UTF-8 become U+FFFD (a JUnit report with them
 * would not parse). */
static void test_xml_escape(void **state)
{
    (void)state;
    tx_sb sb = TX_SB_INIT;
    const char in[] = "<a&'\">\x01\t\xef\xbf\xbf\xef\xbf\xbe\xef\xbf\xbd\xc3\xa9\xff\xc3 \xf0\x9f\x98\x80";
    tx_sb_add_xml(&sb, in, sizeof in - 1);
    assert_string_equal(sb.buf, "&lt;a&amp;&#39;&quot;&gt;&#xFFFD;\t&#xFFFD;&#xFFFD;\xef\xbf\xbd"
                                "\xc3\xa9&#xFFFD;&#xFFFD; \xf0\x9f\x98\x80");
    tx_sb_release(&sb);
}

static void test_utf8(void **state)
{
    (void)state;
    const char *ko = "회원가입";
    assert_int_equal(tx_utf8_check(ko, strlen(ko)), strlen(ko));
    assert_int_equal(tx_utf8_count_lenient(ko, strlen(ko)), 4);
    assert_int_equal(tx_utf8_check("a\xC0\x80", 3), 1);      /* overlong */
    assert_int_equal(tx_utf8_check("\xED\xA0\x80", 3), 0);   /* surrogate */
    assert_int_equal(tx_utf8_check("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
}

static void test_suggest(void **state)
{
    (void)state;
    const char *c[] = { "required", "optional", "description" };
    assert_string_equal(tx_suggest("requried", 8, c, 3), "required");
    assert_string_equal(tx_suggest("descripton", 10, c, 3), "description");
    assert_null(tx_suggest("zzzzzz", 6, c, 3));
}

/* The fixture's diagnostics as the text renderer prints them with options o. */
static const char *render(render_fx *f, const tx_render_opts *o)
{
    tx_sb_reset(&f->out);
    tx_render_text(&f->ctx->sources, &f->ctx->diags, o, render_fx_capture, &f->out);
    return f->out.buf;
}

static void test_render(void **state)
{
    render_fx *f = *state;
    uint32_t file = render_fx_source(f, "t.yaml", "types:\n  d: {type: yyyymmd}\n");
    tx_span sp = { file, 19, 26 };
    tx_diag *dg = tx_diag_add(&f->ctx->diags, TX_SEV_ERROR, "unknown-type", sp,
                              "unknown type '%s'; did you mean '%s'?", "yyyymmd", "yyyymmdd");
    assert_non_null(dg);
    assert_string_equal(render(f, NULL),
        "t.yaml:2:13: error: unknown type 'yyyymmd'; did you mean 'yyyymmdd'? [unknown-type]\n"
        " 2 |   d: {type: yyyymmd}\n"
        "   |             ^~~~~~~\n");
}

/* Hangul takes two terminal columns: the caret's indent and the underline
 * both count them, so the underline covers the name it points at. */
static void test_render_wide(void **state)
{
    render_fx *f = *state;
    const char *text = "events:\n  검색_완료: {description: 한글}\n";
    uint32_t file = render_fx_source(f, "t.yaml", text);
    const char *at = strstr(text, "검색");
    uint32_t s0 = (uint32_t)(at - text);
    tx_diag_add(&f->ctx->diags, TX_SEV_WARNING, "x", (tx_span){ file, s0, s0 + 13 }, "name");
    const char *v = strstr(text, "한글");
    uint32_t s1 = (uint32_t)(v - text);
    tx_diag_add(&f->ctx->diags, TX_SEV_WARNING, "y", (tx_span){ file, s1, s1 }, "empty span");
    tx_render_opts o = { .no_source = false };
    assert_string_equal(render(f, &o),
        "t.yaml:2:3: warning: name [x]\n"
        " 2 |   검색_완료: {description: 한글}\n"
        "   |   ^~~~~~~~~\n"
        "t.yaml:2:24: warning: empty span [y]\n"
        " 2 |   검색_완료: {description: 한글}\n"
        "   | " "                           " "^\n");   /* 27 columns */
}

/* Columns far into long lines (minified YAML) come from per-block counts;
 * they must equal a plain count of code points from the line start, and the
 * line returned for a snippet must end at the newline. */
static void test_long_line_columns(void **state)
{
    render_fx *f = *state;
    tx_sources *src = &f->ctx->sources;
    tx_sb sb = TX_SB_INIT;
    static const char *const pieces[] = { "a", "é", "한", "😀", "bc" };
    for (int i = 0; i < 30000; i++)     /* lines of 1 to ~12,000 bytes */
        tx_sb_adds(&sb, i % 2503 == 0 || i % 7919 == 1 ? "\n" : pieces[(i * 7 + i / 5) % 5]);
    uint32_t file = tx_sources_add(src, "t.yaml", sb.buf, sb.len);
    uint32_t line_start = 0, line = 1;
    for (uint32_t off = 0; off < sb.len; off++) {
        if (((unsigned char)sb.buf[off] & 0xC0) == 0x80)
            continue;
        if (off % 97 == 0 || off + 1 == sb.len) {
            tx_loc l = tx_span_loc(src, (tx_span){ file, off, off });
            assert_int_equal(l.line, line);
            assert_int_equal(l.col, tx_utf8_count_lenient(sb.buf + line_start, off - line_start) + 1);
            size_t ll;
            uint32_t ls;
            const char *text = tx_source_line(src, file, off, &ll, &ls);
            assert_int_equal(ls, line_start);
            assert_ptr_equal(text, sb.buf + line_start);
            const char *nl = memchr(sb.buf + line_start, '\n', sb.len - line_start);
            assert_int_equal(ll, (size_t)((nl ? nl : sb.buf + sb.len) - text));
        }
        if (sb.buf[off] == '\n') {
            line++;
            line_start = off + 1;
        }
    }
    assert_true(line > 10);
    tx_sb_release(&sb);
}

/* tx_diags_sort orders by file, then offset, and keeps the insertion
 * order of equal positions (several findings on one name). */
static void test_diags_sort(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    tx_diags d = { .arena = a, .limit = 100000 };
    unsigned x = 7;
    enum { N = 5000 };
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        tx_span sp = { (x >> 8) % 3, (x >> 12) % 200, 0 };
        if (i % 17 == 0)
            sp.file = TX_NO_FILE;
        tx_diag_add(&d, TX_SEV_WARNING, "x", sp, "%d", i);
    }
    tx_diags_sort(&d);
    assert_int_equal(d.n, N);
    for (size_t i = 1; i < d.n; i++) {
        const tx_diag *p = &d.items[i - 1], *q = &d.items[i];
        assert_true(p->span.file <= q->span.file);
        if (p->span.file == q->span.file) {
            assert_true(p->span.start <= q->span.start);
            if (p->span.start == q->span.start)
                assert_true(atoi(p->message) < atoi(q->message));
        }
    }
    tx_arena_free(a);
}

/* The two number grammars of tx_is_number: JSON's (the JSON Schema export)
 * and the loader's, which adds a leading '+' and leading zeros. */
static void test_is_number(void **state)
{
    (void)state;
    static const char *const both[] = { "0", "-0", "12", "1.5", "-1.5e3", "2E-7", "0.25e+1" };
    static const char *const neither[] = { "", "-", "+", "1.", ".5", "1e", "1e+", "0x1", "inf",
                                           "1 ", " 1", "1.5.2", "--1", "nan" };
    static const char *const loader_only[] = { "+1", "007", "+0.5", "00e1" };
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
        assert_true(tx_is_number(both[i], true));
        assert_true(tx_is_number(both[i], false));
    }
    for (size_t i = 0; i < sizeof neither / sizeof neither[0]; i++) {
        assert_false(tx_is_number(neither[i], true));
        assert_false(tx_is_number(neither[i], false));
    }
    for (size_t i = 0; i < sizeof loader_only / sizeof loader_only[0]; i++) {
        assert_false(tx_is_number(loader_only[i], true));
        assert_true(tx_is_number(loader_only[i], false));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_strbuf),
        cmocka_unit_test(test_strbuf_addesc),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_xml_escape),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test_setup_teardown(test_render, render_fx_setup, render_fx_teardown),
        cmocka_unit_test_setup_teardown(test_render_wide, render_fx_setup, render_fx_teardown),
        cmocka_unit_test_setup_teardown(test_long_line_columns, render_fx_setup, render_fx_teardown),
        cmocka_unit_test(test_diags_sort),
        cmocka_unit_test(test_is_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
