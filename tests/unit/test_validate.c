/* The validator, one verdict at a time: each case is one log record run
 * against tests/golden/validate/taxonomy.yaml, with the exact code, path,
 * line:column and message it must produce; then records that must pass
 * (JSON Schema semantics: 10.0 is an integer, escapes are decoded before
 * lengths are counted, Korean counts per character), profiles, input
 * shapes and the --jobs equality. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "../../compiler/load.h"
#include "../../support/util.h"
#include "../../validators/validate.h"
#include "../../validators/internal.h"
#include "load_fx.h"

static tx_ctx *ctx;
static const tx_taxonomy *tax;
static val_schema *schema;

static int setup(void **state)
{
    (void)state;
    const char *root = getenv("ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/golden/validate/taxonomy.yaml", root ? root : ".");
    ctx = tx_ctx_new();
    tax = tx_load_file(ctx, path, NULL);
    if (!tax)
        return -1;
    char err[256];
    schema = val_schema_new(tax, err, sizeof err);
    return schema ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    val_schema_free(schema);
    tx_ctx_free(ctx);
    return 0;
}

static void run(const char *log, val_profile prof, unsigned jobs, val_result *res)
{
    val_opts o;
    val_opts_init(&o);
    o.profile = prof;
    o.jobs = jobs;
    assert_int_equal(val_run_buffer(schema, &o, "t.ndjson", log, strlen(log), res), 0);
}

typedef struct vcase {
    const char *rec;
    val_code code;
    const char *path;
    unsigned col;
    const char *msg;
} vcase;

#define E(ev, props) "{\"event_type\":\"" ev "\",\"event_properties\":" props "}"

static const vcase cases[] = {
    { "{\"a\":1,}", VAL_MALFORMED_JSON, "", 7, "trailing comma" },
    { "{\"event_type\":\"view_page\",\"x\":01}", VAL_MALFORMED_JSON, "/x", 31,
      "leading zeros are not allowed in numbers" },
    { "\"x\"", VAL_NOT_AN_EVENT, "", 1, "the record is a string, not an event object" },
    { "{\"event_properties\":{}}", VAL_NOT_AN_EVENT, "", 1, "no event name at '/event_type'" },
    { "{\"event_type\":7}", VAL_NOT_AN_EVENT, "/event_type", 15, "the event name is not a string" },
    { E("serch_stay", "{}"), VAL_UNKNOWN_EVENT, "/event_type", 15,
      "unknown event 'serch_stay'; did you mean 'search_stay'?" },
    { E("view_page", "{\"serch_term\":\"a\"}"), VAL_UNKNOWN_PROPERTY, "/event_properties/serch_term",
      47, "unknown property 'serch_term'; did you mean 'search_term'?" },
    { E("view_page", "{\"price\":1}"), VAL_UNKNOWN_PROPERTY, "/event_properties/price", 47,
      "property 'price' is not defined for event 'view_page'" },
    { E("search_stay", "{}"), VAL_MISSING_REQUIRED, "/event_properties", 48,
      "required property 'search_term' of event 'search_stay' is missing" },
    { E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":\"2\"}"), VAL_WRONG_TYPE,
      "/event_properties/travel_adults", 85, "expected integer, found string" },
    { E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":2.5}"), VAL_WRONG_TYPE,
      "/event_properties/travel_adults", 85, "expected integer, found number" },
    { E("complete_sign_up", "{\"sign_up_type\":\"kakoa\"}"), VAL_NOT_IN_ENUM,
      "/event_properties/sign_up_type", 69, "'kakoa' is not an allowed value; did you mean 'kakao'?" },
    { E("search_stay", "{\"search_term\":\"abc\",\"rating\":4}"), VAL_NOT_IN_ENUM,
      "/event_properties/rating", 78, "4 is not an allowed value" },
    { E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":21}"), VAL_OUT_OF_RANGE,
      "/event_properties/travel_adults", 85, "21 is more than the maximum 20" },
    { E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":-1e0}"), VAL_OUT_OF_RANGE,
      "/event_properties/travel_adults", 85, "-1e0 is less than the minimum 0" },
    { E("search_stay", "{\"search_term\":\"abc\",\"big_count\":9007199254740994}"), VAL_OUT_OF_RANGE,
      "/event_properties/big_count", 81, "9007199254740994 is more than the maximum 9007199254740993" },
    { E("search_stay", "{\"search_term\":\"abc\",\"price\":-0.50001}"), VAL_OUT_OF_RANGE,
      "/event_properties/price", 77, "-0.50001 is less than the minimum -0.5" },
    { E("search_stay", "{\"search_term\":\"abc\",\"score\":10.5}"), VAL_OUT_OF_RANGE,
      "/event_properties/score", 77, "10.5 is more than the maximum 10" },
    { E("search_stay", "{\"search_term\":\"abc\",\"score\":-10.001}"), VAL_OUT_OF_RANGE,
      "/event_properties/score", 77, "-10.001 is less than the minimum -10" },
    { E("search_stay", "{\"search_term\":\"abc\",\"score\":11}"), VAL_OUT_OF_RANGE,
      "/event_properties/score", 77, "11 is more than the maximum 10" },
    { E("search_stay", "{\"search_term\":\"abcdef\"}"), VAL_TOO_LONG, "/event_properties/search_term",
      63, "string has 6 code points, more than 5" },
    { E("search_stay", "{\"search_term\":\"\\u006b\"}"), VAL_TOO_SHORT, "/event_properties/search_term",
      63, "string has 1 code point, fewer than 2" },
    { E("search_stay", "{\"search_term\":\"abc\",\"region_code\":\"kr-11\"}"), VAL_PATTERN_MISMATCH,
      "/event_properties/region_code", 83, "'kr-11' does not match the pattern" },
    { E("complete_sign_up", "{\"sign_up_type\":\"kakao\",\"sign_up_date\":\"20230229\"}"), VAL_BAD_FORMAT,
      "/event_properties/sign_up_date", 92, "'20230229' is not a valid yyyyMMdd" },
    { E("complete_booking", "{\"booking_id\":\"not-a-uuid\"}"), VAL_BAD_FORMAT,
      "/event_properties/booking_id", 67, "'not-a-uuid' is not a valid uuid" },
    { E("complete_sign_up", "{\"sign_up_type\":null}"), VAL_NULL_NOT_ALLOWED,
      "/event_properties/sign_up_type", 69, "null is not allowed here (not nullable)" },
    { E("complete_sign_up", "{\"sign_up_type\":\"kakao\",\"sign_up_type\":\"naver\"}"), VAL_DUPLICATE_KEY,
      "/event_properties/sign_up_type", 77, "duplicate key 'sign_up_type' in one object" },
    { "{\"event_type\":\"view_page\",\"event_\\u0074ype\":\"view_page\"}", VAL_DUPLICATE_KEY,
      "/event_type", 27, "duplicate key 'event_type' in one object" },
    { E("search_stay", "{\"search_term\":\"ab\xff\"}"), VAL_INVALID_UTF8, "/event_properties/search_term",
      66, "invalid UTF-8 byte 0xff" },
    { E("search_stay", "{\"search_term\":\"ab\\udc00\"}"), VAL_INVALID_UTF8,
      "/event_properties/search_term", 66, "lone surrogate '\\udc00'" },
    { E("view_legacy_page", "{}"), VAL_DEPRECATED_EVENT, "/event_type", 15,
      "event 'view_legacy_page' is deprecated: replaced by view_page" },
    { E("complete_sign_up", "{\"sign_up_type\":\"kakao\",\"old_flag\":true}"), VAL_DEPRECATED_PROPERTY,
      "/event_properties/old_flag", 77, "property 'old_flag' is deprecated: use is_member" },
    { E("complete_booking", "{\"booking_id\":\"0b8a7f5e-6c1d-4e2f-9a3b-5c6d7e8f9a0b\",\"coupon_codes\":[\"A\",\"B\",\"C\",\"D\"]}"),
      VAL_TOO_MANY_ITEMS, "/event_properties/coupon_codes", 121, "array has 4 items, more than 3" },
    { E("complete_booking", "{\"booking_id\":\"0b8a7f5e-6c1d-4e2f-9a3b-5c6d7e8f9a0b\",\"coupon_codes\":[]}"),
      VAL_TOO_FEW_ITEMS, "/event_properties/coupon_codes", 121, "array has 0 items, fewer than 1" },
    { E("complete_booking", "{\"booking_id\":\"0b8a7f5e-6c1d-4e2f-9a3b-5c6d7e8f9a0b\",\"coupon_codes\":[\"A\",\"TOOLONGCODE\"]}"),
      VAL_TOO_LONG, "/event_properties/coupon_codes/1", 126, "string has 11 code points, more than 8" },
    { E("search_stay", "{\"search_term\":\"abc\",\"address\":{\"zip\":\"123\"}}"), VAL_MISSING_REQUIRED,
      "/event_properties/address", 79, "required field 'city' is missing" },
    { E("search_stay", "{\"search_term\":\"abc\",\"address\":{\"city\":\"x\",\"zip\":\"123\"}}"),
      VAL_PATTERN_MISMATCH, "/event_properties/address/zip", 97, "'123' does not match the pattern" },
    { "{\"event_type\":\"view_page\",\"user_properties\":{\"membership_level\":\"silver\"}}",
      VAL_NOT_IN_ENUM, "/user_properties/membership_level", 65, "'silver' is not an allowed value" },
    { "{\"event_type\":\"view_page\",\"user_properties\":{\"$set\":{\"membershp_level\":\"gold\"}}}",
      VAL_UNKNOWN_PROPERTY, "/user_properties/$set/membershp_level", 54,
      "'membershp_level' is not a user property; did you mean 'membership_level'?" },
};

static void test_each_verdict(void **state)
{
    (void)state;
    bool covered[VAL_N_CODES] = { false };
    int bad = 0;
    covered[VAL_TOO_DEEP] = covered[VAL_RECORD_TOO_LARGE] = true;   /* tested below */
    covered[VAL_BAD_IGLU_URI] = covered[VAL_SCHEMA_VERSION] = true; /* test_snowplow */
    covered[VAL_FUNNEL_OUT_OF_ORDER] = covered[VAL_FUNNEL_SKIPPED_STEP] =
        covered[VAL_FUNNEL_KEY_MISMATCH] = true;    /* journeys: test_funnels.c */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const vcase *c = &cases[i];
        val_result r;
        run(c->rec, VAL_PROF_AMPLITUDE, 1, &r);
        if (r.n_kept < 1 || r.kept[0].code != c->code || strcmp(r.kept[0].path, c->path) != 0 ||
            r.kept[0].column != c->col || strcmp(r.kept[0].message, c->msg) != 0) {
            printf("case %zu: %s\n", i, c->rec);
            for (size_t k = 0; k < r.n_kept; k++)
                printf("  got %s %s col %llu: %s\n", val_code_name(r.kept[k].code), r.kept[k].path,
                       (unsigned long long)r.kept[k].column, r.kept[k].message);
            printf("  want %s %s col %u: %s\n", val_code_name(c->code), c->path, c->col, c->msg);
            bad++;
        } else {
            assert_int_equal(r.kept[0].line, 1);
        }
        assert_int_equal(r.code_count[c->code] >= 1, 1);
        covered[c->code] = true;
        val_result_free(&r);
    }
    for (int k = 0; k < VAL_N_CODES; k++) {
        if (!covered[k])
            printf("no case for %s\n", val_code_name((val_code)k));
        assert_true(covered[k]);
    }
    assert_int_equal(bad, 0);
}

static const char *const valid_records[] = {
    E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":10.0}"),
    E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":1E+1}"),
    E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":-0}"),
    E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":2e1}"),
    E("search_stay", "{\"search_term\":\"abc\",\"big_count\":9007199254740993}"),
    E("search_stay", "{\"search_term\":\"abc\",\"price\":-0.5}"),
    E("search_stay", "{\"search_term\":\"abc\",\"price\":1000000.000}"),
    E("search_stay", "{\"search_term\":\"abc\",\"rating\":3.0}"),
    E("search_stay", "{\"search_term\":\"abc\",\"score\":10.000}"),
    E("search_stay", "{\"search_term\":\"abc\",\"score\":-10}"),
    E("search_stay", "{\"search_term\":\"abc\",\"score\":-9.999}"),
    E("search_stay", "{\"search_term\":\"abc\",\"score\":9.5}"),
    E("search_stay", "{\"search_term\":\"abc\",\"score\":-0.0}"),
    E("search_stay", "{\"search_term\":\"\xec\x88\x99\xec\x86\x8c\xec\x98\x88\xec\x95\xbd\xed\x95\x98\"}"),
    E("search_stay", "{\"search_term\":\"\\u006b\\u006b\\u006b\\u006b\\u006b\"}"),
    E("search_stay", "{\"search_term\":\"\\ud83d\\ude00x\"}"),
    E("search_stay", "{\"search_term\":\"abc\",\"note\":null}"),
    E("search_stay", "{\"search_term\":\"abc\",\"address\":{\"city\":\"Seoul\",\"zip\":\"04524\"}}"),
    E("search_stay", "{\"search_term\":\"abc\",\"region_code\":\"KR-11\"}"),
    E("complete_sign_up", "{\"sign_up_type\":\"kakao\",\"sign_up_date\":\"20240229\",\"is_member\":false}"),
    E("complete_sign_up", "{\"sign_up_type\":\"\\u006bakao\"}"),
    E("complete_booking", "{\"booking_id\":\"0b8a7f5e-6c1d-4e2f-9a3b-5c6d7e8f9a0b\",\"booked_at\":\"2024-03-15T10:20:30+09:00\",\"coupon_codes\":[\"A\"]}"),
    "{\"event_properties\":{\"search_term\":\"abc\"},\"event_type\":\"search_stay\",\"user_id\":\"u1\",\"data\":{\"a\":[1,{\"b\":null}]}}",
    "{\"event_type\":\"view_page\",\"event_properties\":null,\"user_properties\":{\"membership_level\":\"gold\",\"$set\":{\"membership_level\":\"basic\"}}}",
    "  {\"event_type\":\"view_page\"}  \r",
};

static void test_valid_records(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_records / sizeof valid_records[0]; i++) {
        val_result r;
        run(valid_records[i], VAL_PROF_AMPLITUDE, 1, &r);
        if (r.n_kept) {
            printf("record %zu: %s\n  got %s %s: %s\n", i, valid_records[i],
                   val_code_name(r.kept[0].code), r.kept[0].path, r.kept[0].message);
            fail();
        }
        assert_int_equal(r.valid, 1);
        assert_int_equal(r.events, 1);
        val_result_free(&r);
    }
}

static void test_deep_and_large(void **state)
{
    (void)state;
    size_t depth = 100000;
    size_t n = depth * 2 + 64;
    char *log = malloc(n + 1);
    size_t k = (size_t)snprintf(log, n, "{\"event_type\":\"view_page\",\"x\":");
    memset(log + k, '[', depth);
    memset(log + k + depth, ']', depth);
    strcpy(log + k + 2 * depth, "}\n{\"event_type\":\"view_page\"}\n");
    val_result r;
    run(log, VAL_PROF_AMPLITUDE, 1, &r);
    assert_int_equal(r.code_count[VAL_TOO_DEEP], 1);
    assert_int_equal(r.records, 2);
    assert_int_equal(r.valid, 1);
    assert_string_equal(r.kept[0].message, "nesting deeper than 512 levels");
    val_result_free(&r);

    /* A line over --max-record is reported and skipped; the next line is checked. */
    val_opts o;
    val_opts_init(&o);
    o.max_record = 100;
    const char *big = "{\"event_type\":\"view_page\",\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}\n"
                      "{\"event_type\":\"view_page\"}\n";
    assert_int_equal(val_run_buffer(schema, &o, "t", big, strlen(big), &r), 0);
    assert_int_equal(r.code_count[VAL_RECORD_TOO_LARGE], 1);
    assert_int_equal(r.kept[0].line, 1);
    assert_int_equal(r.valid, 1);
    val_result_free(&r);
    free(log);
}

static void test_lines_and_one_bad_line(void **state)
{
    (void)state;
    const char *log = "{\"event_type\":\"view_page\"}\n"
                      "\n"
                      "{\"event_type\":\"view_page\"\n"
                      "{\"event_type\":\"serch_stay\"}\n";
    val_result r;
    run(log, VAL_PROF_AUTO, 1, &r);
    assert_int_equal(r.records, 3);
    assert_int_equal(r.n_kept, 2);
    assert_int_equal(r.kept[0].code, VAL_MALFORMED_JSON);
    assert_int_equal(r.kept[0].line, 3);
    assert_int_equal(r.kept[0].record, 1);
    assert_int_equal(r.kept[1].code, VAL_UNKNOWN_EVENT);
    assert_int_equal(r.kept[1].line, 4);
    assert_int_equal(r.kept[1].record, 2);
    val_result_free(&r);
}

/* Snowplow self-describing events against tests/fixtures/snowplow: the
 * event named by the Iglu URI, the version checked against the event's
 * iglu: patterns, a malformed URI its own code; SchemaVer helpers. */
static void test_snowplow(void **state)
{
    (void)state;
    assert_true(tx_schemaver_valid("1-0-0", 5, false));
    assert_true(tx_schemaver_valid("10-22-333", 9, false));
    assert_false(tx_schemaver_valid("1-0-*", 5, false));
    assert_true(tx_schemaver_valid("1-*-*", 5, true));
    assert_false(tx_schemaver_valid("1-0", 3, true));
    assert_false(tx_schemaver_valid("1-0-0-0", 7, true));
    assert_false(tx_schemaver_valid("1--0", 4, true));
    assert_false(tx_schemaver_valid("1-0-", 4, true));
    assert_false(tx_schemaver_valid("1-0-x", 5, true));
    assert_false(tx_schemaver_valid("1-0-**", 6, true));
    assert_true(tx_schemaver_match("1-0-*", "1-0-12", 6));
    assert_true(tx_schemaver_match("*-*-*", "3-2-1", 5));
    assert_false(tx_schemaver_match("1-0-*", "1-1-0", 5));
    assert_false(tx_schemaver_match("1-0-1", "1-0-10", 6));
    assert_false(tx_schemaver_match("1-0-10", "1-0-1", 5));
    const char *root = getenv("ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/snowplow/taxonomy.yaml", root ? root : ".");
    tx_ctx *c2 = tx_ctx_new();
    const tx_taxonomy *t2 = tx_load_file(c2, path, NULL);
    assert_non_null(t2);
    char err[256];
    val_schema *s2 = val_schema_new(t2, err, sizeof err);
    assert_non_null(s2);
    static const struct { const char *rec; val_code code; const char *path, *msg; } tab[] = {
#define SD(name, ver) "{\"schema\":\"iglu:com.acme/" name "/jsonschema/" ver "\",\"data\":"
        { SD("checkout_cart", "1-0-3") "{\"cart_id\":\"c\",\"total\":1}}", VAL_N_CODES, "", "" },
        { SD("checkout_cart", "1-1-0") "{\"cart_id\":\"c\",\"total\":1}}", VAL_N_CODES, "", "" },
        { SD("checkout_cart", "1-1-1") "{\"cart_id\":\"c\",\"total\":1}}", VAL_SCHEMA_VERSION,
          "/schema", "version 1-1-1 of event 'checkout_cart' is not accepted; it accepts 1-0-*, 1-1-0" },
        { "{\"schema\":\"iglu:org.x/add_to_cart/jsonschema/1-0-0\",\"data\":{\"sku\":\"s\"}}",
          VAL_SCHEMA_VERSION, "/schema",
          "Iglu vendor 'org.x' is not the vendor of event 'add_to_cart' (com.acme)" },
        { SD("checkout_cart", "1-0-0") "{\"cart_id\":\"c\",\"total\":\"1\"}}", VAL_WRONG_TYPE,
          "/data/total", "expected number, found string" },
        { "{\"schema\":\"iglu:com.acme/checkout_cart/jsonschema/v1\",\"data\":{}}", VAL_BAD_IGLU_URI,
          "/schema", "'iglu:com.acme/checkout_cart/jsonschema/v1' is not an Iglu URI "
          "iglu:vendor/name/jsonschema/M-R-A" },
        { "{\"schema\":\"iglu:com.acme//jsonschema/1-0-0\",\"data\":{}}", VAL_BAD_IGLU_URI,
          "/schema", "'iglu:com.acme//jsonschema/1-0-0' is not an Iglu URI "
          "iglu:vendor/name/jsonschema/M-R-A" },
        { "{\"schema\":null,\"data\":{}}", VAL_BAD_IGLU_URI, "/schema",
          "the schema is null, not an Iglu URI" },
        { "{\"event\":\"unstruct\",\"unstruct_event\":{\"schema\":\"iglu:com.snowplowanalytics.snowplow/"
          "unstruct_event/jsonschema/1-0-0\",\"data\":" SD("checkout_cart", "2-0-0")
          "{\"cart_id\":\"c\",\"total\":1}}}}",
          VAL_SCHEMA_VERSION, "/unstruct_event/data/schema",
          "version 2-0-0 of event 'checkout_cart' is not accepted; it accepts 1-0-*, 1-1-0" },
        { "{\"event\":\"page_view\",\"unstruct_event\":null}", VAL_N_CODES, "", "" },
#undef SD
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        for (int prof = 0; prof < 2; prof++) {
            val_opts o;
            val_opts_init(&o);
            o.profile = prof ? VAL_PROF_SNOWPLOW : VAL_PROF_AUTO;
            val_result r;
            assert_int_equal(val_run_buffer(s2, &o, "t", tab[i].rec, strlen(tab[i].rec), &r), 0);
            assert_int_equal(r.profile, VAL_PROF_SNOWPLOW);
            if (tab[i].code == VAL_N_CODES) {
                if (r.n_kept)
                    printf("case %zu: %s %s\n", i, r.kept[0].path, r.kept[0].message);
                assert_int_equal(r.n_kept, 0);
            } else {
                if (r.n_kept != 1 || r.kept[0].code != tab[i].code ||
                    strcmp(r.kept[0].path, tab[i].path) || strcmp(r.kept[0].message, tab[i].msg))
                    printf("case %zu: %zu kept; %s %s\n", i, r.n_kept,
                           r.n_kept ? r.kept[0].path : "", r.n_kept ? r.kept[0].message : "");
                assert_int_equal(r.n_kept, 1);
                assert_int_equal(r.kept[0].code, tab[i].code);
                assert_string_equal(r.kept[0].path, tab[i].path);
                assert_string_equal(r.kept[0].message, tab[i].msg);
            }
            val_result_free(&r);
        }
    }
    val_schema_free(s2);
    tx_ctx_free(c2);
}

static void test_profiles(void **state)
{
    (void)state;
    static const struct { const char *log; val_profile want; uint64_t events, bad; } tab[] = {
        { "{\"events\":[{\"event_type\":\"view_page\"},{\"event_type\":\"serch_stay\"}]}",
          VAL_PROF_AMPLITUDE, 2, 1 },
        { "{\"type\":\"track\",\"event\":\"view_page\",\"properties\":{\"price\":1}}\n"
          "{\"type\":\"identify\",\"traits\":{\"membership_level\":\"gold\"}}\n"
          "{\"type\":\"page\",\"name\":\"x\"}",
          VAL_PROF_SEGMENT, 1, 1 },
        { "{\"batch\":[{\"type\":\"track\",\"event\":\"view_page\",\"properties\":{}}]}",
          VAL_PROF_SEGMENT, 1, 0 },
        { "{\"event\":\"search_stay\",\"properties\":{\"search_term\":\"abc\",\"$os\":\"iOS\","
          "\"mp_lib\":\"web\",\"time\":1,\"distinct_id\":\"u\",\"token\":\"t\"}}",
          VAL_PROF_MIXPANEL, 1, 0 },
        { "{\"attributes\":[{\"external_id\":\"u\"}],\"events\":[{\"external_id\":\"u\",\"name\":"
          "\"search_stay\",\"time\":\"2024-01-01T00:00:00Z\",\"properties\":{\"search_term\":\"x\"}}]}",
          VAL_PROF_BRAZE, 1, 1 },
        { "{\"events\":[{\"name\":\"view_page\"}]}\n{\"attributes\":[{\"external_id\":\"u\"}]}",
          VAL_PROF_BRAZE, 1, 0 },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        val_result r;
        run(tab[i].log, VAL_PROF_AUTO, 1, &r);
        assert_int_equal(r.profile, tab[i].want);
        assert_int_equal(r.events, tab[i].events);
        uint64_t bad = 0;
        for (int k = 0; k < VAL_N_CODES; k++)
            bad += r.code_count[k];
        if (bad != tab[i].bad) {
            printf("case %zu: %llu violations\n", i, (unsigned long long)bad);
            for (size_t k = 0; k < r.n_kept; k++)
                printf("  %s %s\n", r.kept[k].path, r.kept[k].message);
        }
        assert_int_equal(bad, tab[i].bad);
        val_result_free(&r);
    }
    /* Batch paths point into the batch. */
    val_result r;
    run("{\"events\":[{\"event_type\":\"view_page\"},{\"event_type\":\"serch_stay\"}]}",
        VAL_PROF_AUTO, 1, &r);
    assert_string_equal(r.kept[0].path, "/events/1/event_type");
    assert_string_equal(r.kept[0].event, "serch_stay");
    val_result_free(&r);
    /* Custom: JSON Pointers from flags. */
    val_opts o;
    val_opts_init(&o);
    o.profile = VAL_PROF_CUSTOM;
    o.event_ptr = "/meta/name";
    o.props_ptr = "/payload";
    const char *log = "{\"meta\":{\"name\":\"search_stay\"},\"payload\":{\"search_term\":\"abcdefg\"}}";
    assert_int_equal(val_run_buffer(schema, &o, "t", log, strlen(log), &r), 0);
    assert_int_equal(r.n_kept, 1);
    assert_int_equal(r.kept[0].code, VAL_TOO_LONG);
    assert_string_equal(r.kept[0].path, "/payload/search_term");
    val_result_free(&r);
}

static void test_array_and_document_inputs(void **state)
{
    (void)state;
    const char *arr = "[\n  {\"event_type\":\"view_page\"},\n  {\"event_type\":\"serch_stay\"},\n"
                      "  {\"event_type\": \"view_page\", \"event_properties\": {\"x\": 1}}\n]\n";
    val_result r;
    run(arr, VAL_PROF_AUTO, 1, &r);
    assert_int_equal(r.records, 3);
    assert_int_equal(r.n_kept, 2);
    assert_int_equal(r.kept[0].line, 3);
    assert_int_equal(r.kept[0].column, 17);
    assert_int_equal(r.kept[0].record, 1);
    assert_int_equal(r.kept[1].line, 4);
    assert_int_equal(r.kept[1].column, 52);
    val_result_free(&r);
    run("[{\"event_type\":\"view_page\"},]", VAL_PROF_AUTO, 1, &r);
    assert_int_equal(r.code_count[VAL_MALFORMED_JSON], 1);
    assert_string_equal(r.kept[0].message, "trailing comma before ']'");
    val_result_free(&r);
    run("[{\"event_type\":\"view_page\"}", VAL_PROF_AUTO, 1, &r);
    assert_int_equal(r.code_count[VAL_MALFORMED_JSON], 1);
    val_result_free(&r);
    const char *doc = "{\n  \"events\": [\n    {\"event_type\": \"view_page\"},\n"
                      "    {\"event_type\": \"view_page\", \"event_properties\": {\"price\": true}}\n  ]\n}\n";
    run(doc, VAL_PROF_AUTO, 1, &r);
    assert_int_equal(r.records, 1);
    assert_int_equal(r.events, 2);
    assert_int_equal(r.n_kept, 2);
    assert_int_equal(r.kept[0].line, 4);
    assert_string_equal(r.kept[0].path, "/events/1/event_properties/price");
    val_result_free(&r);
}

static void test_duplicates(void **state)
{
    (void)state;
    static const struct { const char *rec; uint64_t dups; } tab[] = {
        { E("view_page", "{\"zz\":1,\"zz\":2}"), 1 },
        { E("search_stay", "{\"search_term\":\"abc\",\"search_\\u0074erm\":\"abd\"}"), 1 },
        { "{\"event_type\":\"search_stay\",\"event_properties\":{\"search_term\":\"abc\"},"
          "\"event_properties\":{\"search_term\":\"abd\"}}", 1 },
        { E("search_stay", "{\"search_term\":\"abc\",\"address\":{\"city\":\"a\",\"city\":\"b\"}}"), 1 },
        { E("search_stay", "{\"search_term\":\"abc\",\"address\":{\"city\":\"a\"},\"x\":{\"city\":1}}"), 0 },
        { "{\"events\":[{\"event_type\":\"view_page\"},{\"event_type\":\"view_page\"}]}", 0 },
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        val_result r;
        run(tab[i].rec, VAL_PROF_AMPLITUDE, 1, &r);
        if (r.code_count[VAL_DUPLICATE_KEY] != tab[i].dups)
            printf("case %zu: %llu duplicate-key\n", i,
                   (unsigned long long)r.code_count[VAL_DUPLICATE_KEY]);
        assert_int_equal(r.code_count[VAL_DUPLICATE_KEY], tab[i].dups);
        val_result_free(&r);
    }
}

/* The inline equality and hash used by the lookup tables: every length up
 * to 40, a difference at every position. */
static void test_eq_and_hash(void **state)
{
    (void)state;
    char a[48], b[48];
    for (size_t n = 0; n <= 40; n++) {
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = (char)('a' + i % 26);
        assert_true(val_eq(a, b, n));
        assert_true(val_hash(a, n) == val_hash(b, n));
        for (size_t k = 0; k < n; k++) {
            b[k] ^= 1;
            assert_false(val_eq(a, b, n));
            assert_true(val_hash(a, n) != val_hash(b, n));
            b[k] ^= 1;
        }
    }
}

/* One verdict a run keeps, in the order it keeps them. */
typedef struct verdict {
    val_code code;
    uint64_t line;
    const char *path, *msg;
} verdict;

/* Validates log (Amplitude profile) against the plan yaml, with the fast
 * path on and then off (the two must agree): the counts of records and of
 * valid ones, then each kept verdict; a verdict that differs is named. */
static void expect_plan_verdicts(const char *file, const char *yaml, const char *log,
                                 uint64_t records, uint64_t valid, const verdict *want, size_t n)
{
    tx_ctx *c;
    const tx_taxonomy *t = load_plan(&c, file, yaml);
    char err[256];
    val_schema *s = val_schema_new(t, err, sizeof err);
    assert_non_null(s);
    for (int no_fast = 0; no_fast < 2; no_fast++) {
        val_opts o;
        val_opts_init(&o);
        o.profile = VAL_PROF_AMPLITUDE;
        o.no_fast = no_fast;
        val_result res;
        assert_int_equal(val_run_buffer(s, &o, "t.ndjson", log, strlen(log), &res), 0);
        assert_int_equal(res.records, records);
        assert_int_equal(res.valid, valid);
        assert_int_equal(res.n_kept, n);
        for (size_t i = 0; i < n; i++) {
            const val_violation *k = &res.kept[i];
            if (k->code != want[i].code || k->line != want[i].line ||
                strcmp(k->path, want[i].path) != 0 || strcmp(k->message, want[i].msg) != 0)
                fail_msg("%s, no_fast %d: verdict %zu is [%d] line %llu %s: %s; expected "
                         "[%d] line %llu %s: %s", file, no_fast, i, (int)k->code,
                         (unsigned long long)k->line, k->path, k->message, (int)want[i].code,
                         (unsigned long long)want[i].line, want[i].path, want[i].msg);
        }
        val_result_free(&res);
    }
    val_schema_free(s);
    tx_ctx_free(c);
}

/* A boolean with enum: [true] rejects false (JSON Schema's enum), and
 * enum: [false, true] allows both; once a bug: the enum was ignored. */
static void test_boolean_enum(void **state)
{
    (void)state;
    static const verdict want[] = {
        { VAL_NOT_IN_ENUM, 2, "/event_properties/only_true", "'false' is not an allowed value" },
    };
    expect_plan_verdicts("b.yaml",
                         "taxonomy: b\nversion: 1.0.0\n"
                         "properties:\n"
                         "  only_true: {type: boolean, enum: [true]}\n"
                         "  both: {type: boolean, enum: [false, true]}\n"
                         "events:\n"
                         "  e:\n"
                         "    properties: {only_true: optional, both: optional}\n",
                         E("e", "{\"only_true\":true,\"both\":false}") "\n"
                         E("e", "{\"only_true\":false,\"both\":true}") "\n",
                         2, 1, want, sizeof want / sizeof want[0]);
}

/* Issue 16's kinds: two events each defining a local property of one
 * name check it against their own type; a union's value goes to the
 * branch of its JSON type; an open object's other members meet
 * `additional`; a refinement binds only its event. The fast path and the
 * full walk agree. */
static void test_types_v2(void **state)
{
    (void)state;
    static const verdict want[] = {
        { VAL_WRONG_TYPE, 3, "/event_properties/mode", "expected string, found integer" },
        { VAL_WRONG_TYPE, 4, "/event_properties/mode", "expected integer, found string" },
        { VAL_WRONG_TYPE, 5, "/event_properties/q", "expected integer or string, found boolean" },
        { VAL_TOO_LONG, 5, "/event_properties/o/z", "string has 4 code points, more than 2" },
        { VAL_OUT_OF_RANGE, 5, "/event_properties/n", "6 is more than the maximum 5" },
        { VAL_OUT_OF_RANGE, 6, "/event_properties/q", "0 is less than the minimum 1" },
    };
    expect_plan_verdicts(
        "v.yaml",
        "taxonomy: v\nversion: 1.0.0\n"
        "properties:\n"
        "  q: {type: [integer, string], min: 1}\n"
        "  o: {type: object, properties: {a: integer}, additional: {type: string, max_length: 2}}\n"
        "  n: {type: integer, min: 0}\n"
        "events:\n"
        "  a:\n"
        "    properties: {mode: {type: string}, q: optional, o: optional, n: {max: 5}}\n"
        "  b:\n"
        "    properties: {mode: {type: integer}, n: optional}\n",
        E("a", "{\"mode\":\"x\",\"q\":\"s\",\"o\":{\"a\":1,\"z\":\"ok\"},\"n\":5}") "\n"
        E("b", "{\"mode\":1,\"n\":50}") "\n"
        E("a", "{\"mode\":1}") "\n"
        E("b", "{\"mode\":\"x\"}") "\n"
        E("a", "{\"q\":false,\"o\":{\"z\":\"long\"},\"n\":6}") "\n"
        E("a", "{\"q\":0}") "\n",
        6, 2, want, sizeof want / sizeof want[0]);
}

/* sre.c against PCRE2 itself: the patterns it accepts decide every string
 * exactly as PCRE2 does (or say they are unsure), and the patterns it cannot
 * decide without backtracking are refused. */
static void test_simple_patterns(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "^[A-Z]{2}[0-9]{4,8}$", "^[a-z]+$", "^ab[0-9]?$", "^[A-Za-z_]+[0-9]*$",
        "^[0-9]{3}$", "^x{2,}[.]$", "^[A-F0-9]{1,3}Z$",
    };
    static const char *const refused[] = {
        "[0-9]{3}", "^[A-Z]{0,2}[0-9]?[A-Z]$", "^[A-Z]+[A-Z0-9]$", "^a.b$", "^[^a]$",
        "^\\d+$", "^[a-]$", "^(ab)+$", "^a|b$", "^a{2}?$", "^a++$", "^[[:alpha:]]$",
        "^a$b", "^$", "^a{0}$", "^[]a]$", "^[z-a]$",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        val_sre *r = val_sre_compile(refused[i]);
        if (r)
            fail_msg("pattern '%s' should be left to PCRE2", refused[i]);
    }
    static const char alphabet[] = "AZaz09_.x-Z\n\r\xc3\xa9 ";
    unsigned seed = 12345;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        val_sre *r = val_sre_compile(ok[i]);
        assert_non_null(r);
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)ok[i], PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                                       &ec, &eo, NULL);
        assert_non_null(re);
        pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
        for (int k = 0; k < 20000; k++) {
            char buf[16];
            seed = seed * 1103515245u + 12345u;
            size_t n = (seed >> 16) % 12;
            for (size_t j = 0; j < n; j++) {
                seed = seed * 1103515245u + 12345u;
                buf[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
            int pm = pcre2_match(re, (PCRE2_SPTR)buf, n, 0, 0, md, NULL);
            if (pm == PCRE2_ERROR_UTF8_ERR1 || (pm < 0 && pm != PCRE2_ERROR_NOMATCH))
                continue;   /* invalid UTF-8 never reaches the matcher */
            int sm = val_sre_match(r, buf, n);
            if (sm != VAL_SRE_UNSURE && (sm == VAL_SRE_MATCH) != (pm >= 0))
                fail_msg("'%s' on '%.*s': sre %d, pcre2 %d", ok[i], (int)n, buf, sm, pm);
        }
        /* the trailing newline PCRE2's '$' allows is left to PCRE2 */
        if (strcmp(ok[i], "^[a-z]+$") == 0) {
            assert_int_equal(val_sre_match(r, "ab\n", 3), VAL_SRE_UNSURE);
            assert_int_equal(val_sre_match(r, "ab", 2), VAL_SRE_MATCH);
            assert_int_equal(val_sre_match(r, "aB", 2), VAL_SRE_NOMATCH);
        }
        pcre2_match_data_free(md);
        pcre2_code_free(re);
        val_sre_free(r);
    }
}

/* The plain answer tx_suggest's bounds must not change: every candidate's
 * edit distance, the first smallest within the cap. */
static const char *suggest_brute(const char *w, size_t wn, const char *const *cands, size_t nc)
{
    if (wn == 0 || wn > 64)
        return NULL;
    size_t cap = wn <= 3 ? 1 : wn <= 6 ? 2 : 3, bestd = cap + 1;
    const char *best = NULL;
    for (size_t i = 0; i < nc; i++) {
        size_t d = tx_edit_distance(w, wn, cands[i], strlen(cands[i]), cap);
        if (d < bestd)
            bestd = d, best = cands[i];
    }
    return best;
}

/* tx_suggest dismisses candidates by length and letter-set bounds: it must
 * give the brute-force answer (same candidate, same tie) on every word. */
static void test_suggest_same(void **state)
{
    (void)state;
    static const char *const cands[] = {
        "search_stay", "view_page", "complete_sign_up", "sign_up", "stay_search", "page_view",
        "abc", "abd", "bca", "a", "kakao", "naver", "google", "kakoa", "search_stays",
    };
    size_t nc = sizeof cands / sizeof *cands;
    static const char alphabet[] = "abcdegiknoprstuvy_";
    unsigned seed = 777;
    for (int k = 0; k < 50000; k++) {
        char word[24];
        seed = seed * 1103515245u + 12345u;
        size_t n;
        if (k % 2) {    /* a mutation of a candidate */
            const char *c = cands[(seed >> 16) % nc];
            n = strlen(c);
            memcpy(word, c, n);
            for (int e = 0; e < 3; e++) {
                seed = seed * 1103515245u + 12345u;
                size_t at = (seed >> 8) % (n + 1);
                char ch = alphabet[(seed >> 20) % (sizeof alphabet - 1)];
                switch ((seed >> 16) % 4) {
                case 0: if (at < n) word[at] = ch; break;
                case 1: if (n < 20) { memmove(word + at + 1, word + at, n - at); word[at] = ch; n++; } break;
                case 2: if (at < n && n > 1) { memmove(word + at, word + at + 1, n - at - 1); n--; } break;
                default: if (at + 1 < n) { char t = word[at]; word[at] = word[at + 1]; word[at + 1] = t; }
                }
            }
        } else {
            n = 1 + (seed >> 16) % 14;
            for (size_t j = 0; j < n; j++) {
                seed = seed * 1103515245u + 12345u;
                word[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            }
        }
        const char *a = tx_suggest(word, n, cands, nc), *b = suggest_brute(word, n, cands, nc);
        if (a != b)
            fail_msg("'%.*s': tx_suggest %s, brute force %s", (int)n, word, a ? a : "-", b ? b : "-");
    }
}

/* The cell of (event, property, code) in r, or NULL. */
static const val_cell *cell(const val_result *r, const char *event, const char *prop, val_code c)
{
    for (size_t i = 0; i < r->cells.n; i++) {
        const val_cell *x = r->cells.items[i];
        const char *e = x->event == VAL_CELL_UNKNOWN ? NULL : r->tax->events[x->event].name;
        if (x->code == c && (e && event ? strcmp(e, event) == 0 : e == event) &&
            (x->prop && prop ? strcmp(x->prop, prop) == 0 : x->prop == prop))
            return x;
    }
    return NULL;
}

static uint64_t cells_total(const val_result *r)
{
    uint64_t n = 0;
    for (size_t i = 0; i < r->cells.n; i++)
        n += r->cells.items[i]->count;
    return n;
}

static void test_jobs_equal(void **state)
{
    (void)state;
    /* Enough lines for several chunks; results must not depend on jobs. */
    size_t lines = 30000;
    char *log = malloc(lines * 120);
    size_t n = 0;
    for (size_t i = 0; i < lines; i++)
        n += (size_t)sprintf(log + n, i % 7 == 3 ? E("search_stay", "{\"search_term\":\"x%zu\",\"rating\":9}") "\n"
                                                 : E("search_stay", "{\"search_term\":\"ab%zu\"}") "\n", i);
    val_opts o;
    val_opts_init(&o);
    o.chunk_size = 65536;
    o.max_errors = 50;
    val_result a, b;
    o.jobs = 1;
    assert_int_equal(val_run_buffer(schema, &o, "t", log, n, &a), 0);
    o.jobs = 3;
    assert_int_equal(val_run_buffer(schema, &o, "t", log, n, &b), 0);
    assert_int_equal(a.records, lines);
    assert_int_equal(a.records, b.records);
    assert_int_equal(a.invalid, b.invalid);
    assert_memory_equal(a.code_count, b.code_count, sizeof a.code_count);
    assert_int_equal(a.n_kept, 50);
    assert_int_equal(a.n_kept, b.n_kept);
    for (size_t i = 0; i < a.n_kept; i++) {
        assert_int_equal(a.kept[i].line, b.kept[i].line);
        assert_string_equal(a.kept[i].message, b.kept[i].message);
    }
    assert_int_equal(a.kept[49].line, b.kept[49].line);
    /* the per-property cells too, first locations included */
    assert_int_equal(a.cells.n, b.cells.n);
    const val_cell **ca = val_cells_sorted(&a.cells), **cb = val_cells_sorted(&b.cells);
    for (size_t i = 0; i < a.cells.n; i++) {
        assert_int_equal(ca[i]->event, cb[i]->event);
        assert_int_equal(ca[i]->code, cb[i]->code);
        assert_string_equal(ca[i]->prop, cb[i]->prop);
        assert_int_equal(ca[i]->count, cb[i]->count);
        assert_int_equal(ca[i]->line, cb[i]->line);
        assert_int_equal(ca[i]->column, cb[i]->column);
    }
    const val_cell *rating = cell(&a, "search_stay", "rating", VAL_NOT_IN_ENUM);
    assert_non_null(rating);
    assert_int_equal(rating->count, a.code_count[VAL_NOT_IN_ENUM]);
    assert_int_equal(rating->line, 4);
    free(ca);
    free(cb);
    val_result_free(&a);
    val_result_free(&b);
    free(log);
}

/* Violations per event, property and code: each counted for the event
 * that holds it (a batch's events apart), the property it is in (a nested
 * member's counts for the top property; a required one missing for
 * itself; a key not in the dictionary for the event), with the first
 * location; violations of no event are in no cell. */
static void test_cells(void **state)
{
    (void)state;
    const char *log =
        "{\"events\":[" E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":21}") ","
        E("complete_booking", "{\"coupon_codes\":[]}") "]}\n"
        E("search_stay", "{\"search_term\":\"abc\",\"address\":{\"zip\":\"1\"},\"zz\":1,\"travel_adults\":22}") "\n"
        "{\"event_type\":\"search_stay\",\"user_properties\":{\"membership_level\":\"x\"},"
        "\"event_properties\":{\"search_term\":\"abc\"}}\n"
        E("nope", "{\"price\":\"x\"}") "\n"
        "not json\n"
        E("search_stay", "{\"search_term\":\"abc\",\"travel_adults\":\"2\"}") "\n";
    val_result r;
    run(log, VAL_PROF_AMPLITUDE, 1, &r);
    const val_cell *c = cell(&r, "search_stay", "travel_adults", VAL_OUT_OF_RANGE);
    assert_non_null(c);
    assert_int_equal(c->count, 2);
    assert_int_equal(c->line, 1);
    assert_int_equal(c->column, 85 + strlen("{\"events\":["));
    assert_string_equal(c->file, "t.ndjson");
    c = cell(&r, "complete_booking", "booking_id", VAL_MISSING_REQUIRED);
    assert_non_null(c);
    assert_int_equal(c->count, 1);
    assert_non_null(cell(&r, "complete_booking", "coupon_codes", VAL_TOO_FEW_ITEMS));
    c = cell(&r, "search_stay", "address", VAL_MISSING_REQUIRED);   /* address.city */
    assert_non_null(c);
    assert_int_equal(c->line, 2);
    assert_non_null(cell(&r, "search_stay", "address", VAL_PATTERN_MISMATCH));
    assert_non_null(cell(&r, "search_stay", NULL, VAL_UNKNOWN_PROPERTY));     /* zz */
    assert_non_null(cell(&r, "search_stay", "membership_level", VAL_NOT_IN_ENUM));
    assert_non_null(cell(&r, NULL, NULL, VAL_UNKNOWN_EVENT));
    c = cell(&r, "search_stay", "travel_adults", VAL_WRONG_TYPE);
    assert_non_null(c);
    assert_int_equal(c->line, 6);
    /* all but the malformed line's violation */
    assert_int_equal(r.code_count[VAL_MALFORMED_JSON], 1);
    uint64_t total = 0;
    for (int i = 0; i < VAL_N_CODES; i++)
        total += r.code_count[i];
    assert_int_equal(cells_total(&r), total - 1);
    val_result_free(&r);

    /* One record with 300 violations of two codes in turn in one property:
     * the pending counts are packed, the counts and first places exact. */
    tx_sb b = TX_SB_INIT;
    tx_sb_adds(&b, "{\"event_type\":\"complete_booking\",\"event_properties\":{\"booking_id\":"
                   "\"0b8a7f5e-6c1d-4e2f-9a3b-5c6d7e8f9a0b\",\"coupon_codes\":[");
    for (int i = 0; i < 300; i++)
        tx_sb_adds(&b, i % 2 ? ",\"much-too-long\"" : (i ? ",7" : "7"));
    tx_sb_adds(&b, "]}}\n");
    tx_sb_addc(&b, '\0');
    run(b.buf, VAL_PROF_AMPLITUDE, 1, &r);
    c = cell(&r, "complete_booking", "coupon_codes", VAL_WRONG_TYPE);
    assert_non_null(c);
    assert_int_equal(c->count, 150);
    assert_int_equal(c->column, (uint64_t)(strchr(b.buf, '[') - b.buf) + 2);
    c = cell(&r, "complete_booking", "coupon_codes", VAL_TOO_LONG);
    assert_non_null(c);
    assert_int_equal(c->count, 150);
    assert_int_equal(c->column, (uint64_t)(strstr(b.buf, "\"much") - b.buf) + 1);
    assert_int_equal(cell(&r, "complete_booking", "coupon_codes", VAL_TOO_MANY_ITEMS)->count, 1);
    assert_int_equal(r.cells.n, 3);
    val_result_free(&r);
    tx_sb_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_verdict),
        cmocka_unit_test(test_valid_records),
        cmocka_unit_test(test_deep_and_large),
        cmocka_unit_test(test_lines_and_one_bad_line),
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_array_and_document_inputs),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_eq_and_hash),
        cmocka_unit_test(test_jobs_equal),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_boolean_enum),
        cmocka_unit_test(test_types_v2),
        cmocka_unit_test(test_simple_patterns),
        cmocka_unit_test(test_suggest_same),
        cmocka_unit_test(test_snowplow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
