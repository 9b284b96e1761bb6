/* Unit tests for schema/format.c: RFC 3339 date/date-time/time with the
 * calendar (leap years, month lengths, offsets, leap seconds), uuid, email,
 * uri, and marketer-style date patterns (compile errors and matching). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "../../schema/model.h"

static bool check(tx_format f, const char *s)
{
    tx_type t = { 0 };
    t.format = f;
    return tx_format_check(&t, s, strlen(s));
}

/* Checks every value of a list against format f: each must pass (want true)
 * or fail (want false); the first that does not is named in the failure. */
static void expect_format(tx_format f, const char *const *vals, size_t n, bool want)
{
    for (size_t i = 0; i < n; i++)
        if (check(f, vals[i]) != want)
            fail_msg("%s value #%zu '%s' should %s", tx_format_name(f), i, vals[i],
                     want ? "pass" : "fail");
}

#define PASSES(f, vals) expect_format((f), (vals), sizeof (vals) / sizeof (vals)[0], true)
#define FAILS(f, vals) expect_format((f), (vals), sizeof (vals) / sizeof (vals)[0], false)

static void test_names(void **state)
{
    (void)state;
    tx_format f;
    assert_int_equal(tx_format_parse("date-time", &f), 0);
    assert_int_equal(f, TX_FMT_DATE_TIME);
    assert_int_equal(tx_format_parse("uri", &f), 0);
    assert_int_equal(f, TX_FMT_URI);
    assert_int_equal(tx_format_parse("yyyyMMdd", &f), -1);
    assert_int_equal(tx_format_parse("none", &f), -1);
    assert_int_equal(tx_format_parse("", &f), -1);
    assert_string_equal(tx_format_name(TX_FMT_EMAIL), "email");
    assert_string_equal(tx_format_name(TX_FMT_DATE_PATTERN), "date pattern");
    assert_true(check(TX_FMT_NONE, "anything"));
}

static void test_date(void **state)
{
    (void)state;
    const char *good[] = { "2024-02-29", "2000-02-29", "2023-12-31", "0001-01-01", "2024-04-30" };
    const char *bad[] = { "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
                          "2024-01-00", "2024-1-01", "20240101", "2024-01-01T", "2024/01/01",
                          "２０２４-01-01", "" };
    PASSES(TX_FMT_DATE, good);
    FAILS(TX_FMT_DATE, bad);
}

static void test_time_and_date_time(void **state)
{
    (void)state;
    const char *good_t[] = { "12:34:56Z", "00:00:00z", "23:59:59+09:00", "23:59:60Z",
                             "08:30:00.123456-05:30" };
    const char *bad_t[] = { "12:34:56", "24:00:00Z", "12:60:00Z", "12:34:61Z", "12:34:60Z",
                            "12:34:56+9:00", "12:34:56+24:00", "12:34:56.Z", "1:02:03Z",
                            "12:34:56ZZ" };
    PASSES(TX_FMT_TIME, good_t);
    FAILS(TX_FMT_TIME, bad_t);
    const char *good_dt[] = { "2024-03-15T09:30:00+09:00", "2024-02-29t00:00:00Z",
                              "2024-03-15 09:30:00.5Z", "1985-04-12T23:20:50.52Z" };
    const char *bad_dt[] = { "2024-03-15T09:30:00", "2023-02-29T00:00:00Z", "2024-03-15",
                             "2024-03-15X09:30:00Z", "2024-03-15T9:30:00Z" };
    PASSES(TX_FMT_DATE_TIME, good_dt);
    FAILS(TX_FMT_DATE_TIME, bad_dt);
}

static void test_uuid_email_uri(void **state)
{
    (void)state;
    const char *good_id[] = { "123e4567-e89b-12d3-a456-426614174000",
                              "123E4567-E89B-12D3-A456-426614174000" };
    const char *bad_id[] = { "123e4567e89b12d3a456426614174000",
                             "123e4567-e89b-12d3-a456-42661417400g",
                             "123e4567-e89b-12d3-a456-4266141740001" };
    PASSES(TX_FMT_UUID, good_id);
    FAILS(TX_FMT_UUID, bad_id);

    const char *good_e[] = { "a@b.co", "first.last+tag@example.co.kr", "홍길동@example.com" };
    const char *bad_e[] = { "plain", "@example.com", "a@", "a@b", "a b@c.com", "a@b..com",
                            "a@.b.com", "a@b.com.", "a@@b.com", "a@b@c.com", "<a>@b.com" };
    PASSES(TX_FMT_EMAIL, good_e);
    FAILS(TX_FMT_EMAIL, bad_e);

    const char *good_u[] = { "https://example.com/stay?id=1&q=%ED%95%9C", "mailto:a@b.com",
                             "urn:isbn:0451450523", "myapp://open/stay/ST123#top",
                             "http://[::1]:8080/" };
    const char *bad_u[] = { "example.com", "://x", "1http://x", "http://exa mple.com",
                            "http://x/%zz", "http://x/%4", "https:", "http://x/한", "" };
    PASSES(TX_FMT_URI, good_u);
    FAILS(TX_FMT_URI, bad_u);
}

static void test_date_pattern_compile(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    const char *err;
    tx_date_pattern *p = tx_date_pattern_compile(a, "yyyyMMdd", &err);
    assert_non_null(p);
    assert_null(err);
    assert_int_equal(p->n_parts, 3);
    assert_int_equal(p->length, 8);
    assert_int_equal(p->parts[1].kind, TX_DP_MONTH);
    p = tx_date_pattern_compile(a, "yyyy-MM-dd HH:mm:ss", &err);
    assert_non_null(p);
    assert_int_equal(p->length, 19);
    assert_int_equal(p->n_parts, 11);
    assert_int_equal(p->parts[1].kind, TX_DP_LITERAL);
    assert_int_equal(p->parts[1].lit_len, 1);
    p = tx_date_pattern_compile(a, "yyyy-MM-dd'T'HH:mm:ss.SSS", &err);
    assert_non_null(p);
    assert_int_equal(p->length, 23);
    p = tx_date_pattern_compile(a, "yyMMdd", &err);
    assert_non_null(p);
    assert_int_equal(p->parts[0].kind, TX_DP_YEAR2);

    static const struct { const char *pat, *needle; } bad[] = {
        { "yyyymmdd", "minutes" },          /* the classic: mm is minutes */
        { "yyyyMMDD", "'D'" },
        { "yyyMMdd", "'yyy' is not a field" },
        { "yyyy-MM-ddTHH", "'T'" },
        { "hh:mm", "HH" },
        { "yyyyMMddMM", "twice" },
        { "yyyy-dd", "without a month" },
        { "HH:ss", "without minutes" },
        { "yyyy'", "unterminated" },
        { "----", "no date or time fields" },
        { "", "no date or time fields" },
        { "emial", "'e'" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = NULL;
        assert_null(tx_date_pattern_compile(a, bad[i].pat, &err));
        assert_non_null(err);
        if (!strstr(err, bad[i].needle))
            fprintf(stderr, "pattern '%s': '%s' lacks '%s'\n", bad[i].pat, err, bad[i].needle);
        assert_non_null(strstr(err, bad[i].needle));
    }
    tx_arena_free(a);
}

static void test_date_pattern_match(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    const char *err;
    tx_date_pattern *p = tx_date_pattern_compile(a, "yyyyMMdd", &err);
    assert_true(tx_date_pattern_match(p, "20240315", 8));
    assert_true(tx_date_pattern_match(p, "20240229", 8));
    assert_false(tx_date_pattern_match(p, "20230229", 8));
    assert_false(tx_date_pattern_match(p, "21000229", 8));
    assert_true(tx_date_pattern_match(p, "20000229", 8));
    assert_false(tx_date_pattern_match(p, "20240431", 8));
    assert_false(tx_date_pattern_match(p, "20241301", 8));
    assert_false(tx_date_pattern_match(p, "2024031", 7));
    assert_false(tx_date_pattern_match(p, "2024-03-15", 10));
    assert_false(tx_date_pattern_match(p, "2024031a", 8));
    assert_false(tx_date_pattern_match(NULL, "20240315", 8));

    tx_date_pattern *q = tx_date_pattern_compile(a, "yyyy-MM-dd HH:mm:ss", &err);
    assert_true(tx_date_pattern_match(q, "2024-03-15 23:59:59", 19));
    assert_false(tx_date_pattern_match(q, "2024-03-15 24:00:00", 19));
    assert_false(tx_date_pattern_match(q, "2024-03-15T23:59:59", 19));
    assert_false(tx_date_pattern_match(q, "2024-03-15 23:60:00", 19));

    tx_date_pattern *r = tx_date_pattern_compile(a, "yyyy-MM-dd'T'HH:mm:ss.SSS", &err);
    assert_true(tx_date_pattern_match(r, "2024-03-15T08:00:00.999", 23));
    assert_false(tx_date_pattern_match(r, "2024-03-15T08:00:00.99x", 23));

    tx_date_pattern *md = tx_date_pattern_compile(a, "MM/dd", &err);
    assert_true(tx_date_pattern_match(md, "02/29", 5));     /* no year: leap day allowed */
    assert_false(tx_date_pattern_match(md, "02/30", 5));

    tx_date_pattern *yy = tx_date_pattern_compile(a, "yyMMdd", &err);
    assert_true(tx_date_pattern_match(yy, "240229", 6));
    assert_false(tx_date_pattern_match(yy, "230229", 6));

    /* through tx_format_check */
    tx_type t = { 0 };
    t.format = TX_FMT_DATE_PATTERN;
    t.date_pattern = p;
    assert_true(tx_format_check(&t, "20241231", 8));
    assert_false(tx_format_check(&t, "20241232", 8));
    tx_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_time_and_date_time),
        cmocka_unit_test(test_uuid_email_uri),
        cmocka_unit_test(test_date_pattern_compile),
        cmocka_unit_test(test_date_pattern_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
