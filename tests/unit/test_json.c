/* Conformance of the validator's JSON reader (validators/json.c), in the
 * spirit of JSONTestSuite: y_ documents must be accepted, n_ documents
 * rejected, each with the verdict code it must carry (and, for some, the
 * exact message and offset). Then string decoding, exact number semantics
 * and nesting limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../validators/json.h"
#include "../../support/strbuf.h"

typedef struct jcase {
    const char *name;
    const char *doc;
    size_t len;             /* 0: strlen(doc) */
    int expect;             /* -1: valid, else the val_code of the error */
    const char *msg;        /* set: the error message, exactly ... */
    size_t off;             /* ... and its offset in doc */
} jcase;

#define Y(n, d) { .name = "y_" n, .doc = d, .expect = -1 }
#define YL(n, d, l) { .name = "y_" n, .doc = d, .len = l, .expect = -1 }
#define N(n, d) { .name = "n_" n, .doc = d, .expect = VAL_MALFORMED_JSON }
#define NL(n, d, l) { .name = "n_" n, .doc = d, .len = l, .expect = VAL_MALFORMED_JSON }
#define NU(n, d) { .name = "n_" n, .doc = d, .expect = VAL_INVALID_UTF8 }
/* an invalid document whose message and offset are pinned too */
#define NM(n, d, m, o)                                                                        \
    { .name = "n_" n, .doc = d, .expect = VAL_MALFORMED_JSON, .msg = m, .off = o }
#define NUM(n, d, m, o) { .name = "n_" n, .doc = d, .expect = VAL_INVALID_UTF8, .msg = m, .off = o }

static const jcase cases[] = {
    /* --- valid: structure --- */
    Y("array_empty", "[]"),
    Y("array_empty_ws", "[ \t\r\n ]"),
    Y("array_nested", "[[[[]]]]"),
    Y("array_mixed", "[1,\"a\",true,false,null,{},[]]"),
    Y("array_with_spaces", " [ 1 , 2 ] "),
    Y("array_one_null", "[null]"),
    Y("array_heterogeneous", "[null, 1, \"1\", {}]"),
    Y("array_arrays_with_spaces", "[[]   ]"),
    Y("array_ending_with_newline", "[\"a\"]\n"),
    Y("object_empty", "{}"),
    Y("object_empty_ws", "{ \n }"),
    Y("object_basic", "{\"a\":1}"),
    Y("object_two", "{\"a\":1,\"b\":2}"),
    Y("object_nested", "{\"a\":{\"b\":{\"c\":[1,{\"d\":null}]}}}"),
    Y("object_empty_key", "{\"\":0}"),
    Y("object_escaped_key", "{\"\\u0061\":1}"),
    Y("object_long_strings", "{\"x\":[{\"id\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}], \"id\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"),
    Y("object_simple_ws", " { \"a\" : [ ] } "),
    Y("object_string_unicode", "{\"title\":\"\\u041f\\u043e\\u043b\\u0442\\u043e\\u0440\\u0430\"}"),
    Y("object_with_newlines", "{\n\"a\": \"b\"\n}"),
    Y("object_duplicated_key", "{\"a\":\"b\",\"a\":\"c\"}"),
    Y("structure_lonely_true", "true"),
    Y("structure_lonely_false", "false"),
    Y("structure_lonely_null", "null"),
    Y("structure_lonely_int", "42"),
    Y("structure_lonely_negative_real", "-0.1"),
    Y("structure_lonely_string", "\"asd\""),
    Y("structure_string_empty", "\"\""),
    Y("structure_trailing_newline", "[\"a\"]\n"),
    Y("structure_whitespace_array", " [] "),
    Y("structure_true_in_array", "[true]"),
    /* --- valid: numbers --- */
    Y("number_0", "[0]"),
    Y("number_minus_0", "[-0]"),
    Y("number_minus_0_0", "[-0.0]"),
    Y("number_1", "[1]"),
    Y("number_negative_int", "[-123]"),
    Y("number_real", "[123.456789]"),
    Y("number_0e1", "[0e1]"),
    Y("number_0e_plus1", "[0e+1]"),
    Y("number_capital_E", "[1E22]"),
    Y("number_capital_E_neg_exp", "[1E-2]"),
    Y("number_capital_E_pos_exp", "[1E+2]"),
    Y("number_exp", "[123e45]"),
    Y("number_real_exp", "[123.456e78]"),
    Y("number_real_fraction_exp", "[123.456e-789]"),
    Y("number_real_neg_exp", "[1e-2]"),
    Y("number_real_pos_exp", "[1e+2]"),
    Y("number_huge_exp", "[0.4e00669999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999969999999006]"),
    Y("number_1e400", "[1e400]"),
    Y("number_neg_1e400", "[-1e400]"),
    Y("number_tiny", "[4.9e-324]"),
    Y("number_too_small", "[1e-400]"),
    Y("number_big_int", "[100000000000000000000000000000000000000000000000000]"),
    Y("number_neg_big_int", "[-237462374673276894279832749832423479823246327846]"),
    Y("number_simple_int", "[123]"),
    Y("number_simple_real", "[-12.5]"),
    Y("number_after_space", "[ 4]"),
    Y("number_double_close_to_zero", "[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]"),
    Y("number_int_with_exp", "[20e1]"),
    Y("number_int_in_object", "{\"a\":-1}"),
    /* --- valid: strings --- */
    Y("string_1_2_3_bytes_UTF8", "[\"\\u0060\\u012a\\u12AB\"]"),
    Y("string_accepted_surrogate_pair", "[\"\\uD801\\udc37\"]"),
    Y("string_accepted_surrogate_pairs", "[\"\\ud83d\\ude39\\ud83d\\udc8d\"]"),
    Y("string_allowed_escapes", "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]"),
    Y("string_backslash_and_u_escaped_zero", "[\"\\\\u0000\"]"),
    Y("string_backslash_doublequotes", "[\"\\\"\"]"),
    Y("string_comments", "[\"a/*b*/c/*d//e\"]"),
    Y("string_double_escape_a", "[\"\\\\a\"]"),
    Y("string_double_escape_n", "[\"\\\\n\"]"),
    Y("string_escaped_control_character", "[\"\\u0012\"]"),
    Y("string_escaped_noncharacter", "[\"\\uFFFF\"]"),
    Y("string_in_array", "[\"asd\"]"),
    Y("string_in_array_with_leading_space", "[ \"asd\"]"),
    Y("string_last_surrogates_1_and_2", "[\"\\uDBFF\\uDFFF\"]"),
    Y("string_nbsp_uescaped", "[\"new\\u00A0line\"]"),
    Y("string_nonCharacterInUTF-8_U+10FFFF", "[\"\xf4\x8f\xbf\xbf\"]"),
    Y("string_nonCharacterInUTF-8_U+FFFF", "[\"\xef\xbf\xbf\"]"),
    Y("string_null_escape", "[\"\\u0000\"]"),
    Y("string_one-byte-utf-8", "[\"\\u002c\"]"),
    Y("string_pi", "[\"\xcf\x80\"]"),
    Y("string_reservedCharacterInUTF-8_U+1BFFF", "[\"\xf0\x9b\xbf\xbf\"]"),
    Y("string_simple_ascii", "[\"asd \"]"),
    Y("string_space", "\" \""),
    Y("string_three-byte-utf-8", "[\"\\u0821\"]"),
    Y("string_two-byte-utf-8", "[\"\\u0123\"]"),
    Y("string_u+2028_line_sep", "[\"\xe2\x80\xa8\"]"),
    Y("string_u+2029_par_sep", "[\"\xe2\x80\xa9\"]"),
    Y("string_uEscape", "[\"\\u0061\\u30af\\u30EA\\u30b9\"]"),
    Y("string_unescaped_char_delete", "[\"\x7f\"]"),
    Y("string_unicode", "[\"\\uA66D\"]"),
    Y("string_unicode_escaped_double_quote", "[\"\\u0022\"]"),
    Y("string_utf8", "[\"\xe2\x82\xac\xf0\x9d\x84\x9e\"]"),
    Y("string_korean", "{\"search_term\":\"\xec\x88\x99\xec\x86\x8c \xec\x98\x88\xec\x95\xbd\"}"),
    Y("string_long_ascii_simd", "[\"0123456789abcdef0123456789abcdef0123456789abcdef\"]"),
    Y("string_escape_after_16", "[\"0123456789abcdef0123\\n456789abcdef\"]"),
    Y("string_with_del_character", "[\"a\x7f" "a\"]"),
    /* --- invalid: structure --- */
    N("structure_empty", ""),
    N("structure_only_ws", " \n\t "),
    N("array_1_true_without_comma", "[1 true]"),
    NM("array_1_2_without_comma", "[1 2]", "expected ',' or ']', found '2'", 3),
    N("array_colon_instead_of_comma", "[\"\": 1]"),
    N("array_comma_and_number", "[,1]"),
    N("array_double_comma", "[1,,2]"),
    N("array_double_extra_comma", "[\"x\",,]"),
    N("array_extra_close", "[\"x\"]]"),
    N("array_extra_comma", "[\"\",]"),
    N("array_incomplete", "[\"x\""),
    N("array_incomplete_invalid_value", "[x"),
    N("array_inner_array_no_comma", "[3[4]]"),
    N("array_items_separated_by_semicolon", "[1:2]"),
    N("array_just_comma", "[,]"),
    N("array_just_minus", "[-]"),
    N("array_missing_value", "[   , \"\"]"),
    N("array_newlines_unclosed", "[\"a\",\n4\n,1,"),
    NM("array_number_and_comma", "[1,]", "trailing comma", 2),
    N("array_number_and_several_commas", "[1,,]"),
    N("array_unclosed", "[\"\""),
    N("array_unclosed_trailing_comma", "[1,"),
    N("array_unclosed_with_object_inside", "[{}"),
    N("object_bad_value", "[\"a\", truth]"),
    N("object_comma_instead_of_colon", "{\"x\", null}"),
    N("object_double_colon", "{\"x\"::\"b\"}"),
    N("object_garbage_at_end", "{\"a\":\"a\" 123}"),
    N("object_key_with_single_quotes", "{key: 'value'}"),
    N("object_missing_colon", "{\"a\" b}"),
    NM("object_missing_colon_before_1", "{\"a\" 1}", "expected ':' after the key, found '1'", 5),
    N("object_missing_key", "{:\"b\"}"),
    N("object_missing_semicolon", "{\"a\" \"b\"}"),
    N("object_missing_value", "{\"a\":"),
    N("object_no-colon", "{\"a\""),
    N("object_non_string_key", "{1:1}"),
    N("object_non_string_key_but_huge_number_instead", "{9999E9999:1}"),
    N("object_repeated_null_null", "{null:null,null:null}"),
    N("object_several_trailing_commas", "{\"id\":0,,,,,}"),
    N("object_single_quote", "{'a':0}"),
    N("object_trailing_comma", "{\"id\":0,}"),
    NM("object_trailing_comma_after_1", "{\"a\":1,}", "trailing comma", 6),
    N("object_trailing_comment", "{\"a\":\"b\"}/**/"),
    N("object_trailing_comment_slash", "{\"a\":\"b\"}//"),
    N("object_two_commas_in_a_row", "{\"a\":\"b\",,\"c\":\"d\"}"),
    N("object_unquoted_key", "{a: \"b\"}"),
    N("object_unterminated-value", "{\"a\":\"a"),
    N("object_with_single_string", "{ \"foo\" : \"bar\", \"a\" }"),
    N("object_with_trailing_garbage", "{\"a\":\"b\"}#"),
    N("object_comment_inside", "{\"a\":/*comment*/\"b\"}"),
    N("object_lone_brace", "{"),
    N("object_close_only", "}"),
    N("structure_array_with_extra_array_close", "[1]]"),
    N("structure_array_trailing_garbage", "[1]x"),
    N("structure_capitalized_True", "[True]"),
    N("structure_close_unopened_array", "1]"),
    N("structure_double_array", "[][]"),
    N("structure_end_array", "]"),
    N("structure_lone-open-bracket", "["),
    N("structure_number_with_trailing_garbage", "2@"),
    N("structure_object_followed_by_closing_object", "{}}"),
    NM("structure_object_followed_by_x", "{} x", "unexpected 'x' after the JSON value", 3),
    N("structure_object_unclosed_no_value", "{\"\":"),
    N("structure_object_with_comment", "{\"a\":/*comment*/\"b\"}"),
    N("structure_open_array_apostrophe", "['"),
    N("structure_single_star", "*"),
    N("structure_two_values", "1 2"),
    N("structure_trailing_hash", "{\"a\":1}#"),
    N("structure_unclosed_array", "[1"),
    N("structure_unclosed_object", "{\"asd\":\"asd\""),
    N("structure_unicode-identifier", "\xc3\xa5"),
    N("structure_UTF8_BOM_no_data", "\xef\xbb\xbf"),
    N("structure_BOM_before_value", "\xef\xbb\xbf{}"),
    N("structure_whitespace_formfeed", "[\f]"),
    N("structure_whitespace_U+2060_word_joiner", "[\xe2\x81\xa0]"),
    N("structure_null-byte-outside-string", "[\\u0000]"),
    NL("structure_raw_nul_outside_string", "[\0]", 3),
    N("structure_angle_bracket", "<.>"),
    N("structure_ascii-unicode-identifier", "a\xc3\xa5"),
    N("incomplete_false", "[fals]"),
    N("incomplete_null", "[nul]"),
    N("incomplete_true", "[tru]"),
    N("literal_truex", "truex"),
    N("literal_NULL", "NULL"),
    /* --- invalid: numbers --- */
    N("number_++", "[++1234]"),
    N("number_+1", "[+1]"),
    N("number_+Inf", "[+Inf]"),
    N("number_-01", "[-01]"),
    N("number_-1.0.", "[-1.0.]"),
    N("number_-2.", "[-2.]"),
    N("number_-NaN", "[-NaN]"),
    N("number_.-1", "[.-1]"),
    N("number_.2e-3", "[.2e-3]"),
    N("number_0.1.2", "[0.1.2]"),
    N("number_0.3e+", "[0.3e+]"),
    N("number_0.3e", "[0.3e]"),
    N("number_0.e1", "[0.e1]"),
    N("number_0_capital_E+", "[0E+]"),
    N("number_0_capital_E", "[0E]"),
    N("number_0e+", "[0e+]"),
    N("number_0e", "[0e]"),
    N("number_1.0e+", "[1.0e+]"),
    N("number_1.0e-", "[1.0e-]"),
    N("number_1.0e", "[1.0e]"),
    N("number_1_000", "[1 000.0]"),
    N("number_1eE2", "[1eE2]"),
    N("number_2.e+3", "[2.e+3]"),
    N("number_2.e-3", "[2.e-3]"),
    N("number_2.e3", "[2.e3]"),
    N("number_9.e+", "[9.e+]"),
    N("number_Inf", "[Inf]"),
    N("number_Infinity", "[Infinity]"),
    N("number_-Infinity", "[-Infinity]"),
    NM("number_NaN", "[NaN]", "expected a JSON value, found 'N'", 1),
    NM("number_leading_zero", "[01]", "leading zeros are not allowed in numbers", 1),
    N("number_U+FF11_fullwidth_digit_one", "[\xef\xbc\x91]"),
    N("number_hex_1_digit", "[0x1]"),
    N("number_hex_2_digits", "[0x42]"),
    N("number_infinity", "[infinity]"),
    N("number_invalid+-", "[0e+-1]"),
    N("number_invalid-negative-real", "[-123.123foo]"),
    N("number_leading_zero", "[012]"),
    N("number_leading_zeros_00", "[00]"),
    N("number_minus_infinity", "[-Infinity]"),
    N("number_minus_sign_with_trailing_garbage", "[-foo]"),
    N("number_minus_space_1", "[- 1]"),
    N("number_neg_int_starting_with_zero", "[-012]"),
    N("number_neg_real_without_int_part", "[-.123]"),
    N("number_neg_with_garbage_at_end", "[-1x]"),
    N("number_real_garbage_after_e", "[1ea]"),
    NM("number_real_without_fractional_part", "[1.]",
       "expected a digit after the decimal point, found ']'", 3),
    N("number_starting_with_dot", "[.123]"),
    N("number_with_alpha", "[1.2a-3]"),
    N("number_with_alpha_char", "[1.8011670033376514H-308]"),
    N("number_with_leading_zero", "[0123]"),
    N("number_lone_minus", "-"),
    /* --- invalid: strings --- */
    N("string_1_surrogate_then_escape_u1x", "[\"\\uD800\\u1x\"]"),
    N("string_accentuated_char_no_quotes", "[\xc3\xa9]"),
    N("string_backslash_00", "[\"\\\0\"]"),
    N("string_escape_x", "[\"\\x00\"]"),
    N("string_escaped_backslash_bad", "[\"\\\\\\\"]"),
    N("string_escaped_ctrl_char_tab", "[\"\\\t\"]"),
    N("string_escaped_emoji", "[\"\\\xf0\x9f\x8c\x80\"]"),
    N("string_incomplete_escape", "[\"\\\"]"),
    N("string_incomplete_escaped_character", "[\"\\u00A\"]"),
    NUM("string_lone_surrogate", "[\"\\ud800\"]", "lone surrogate '\\ud800'", 2),
    NU("string_incomplete_surrogate_escape_invalid", "[\"\\uD800\\uD800\\x\"]"),
    N("string_invalid_backslash_esc", "[\"\\a\"]"),
    NM("string_invalid_backslash_esc_q", "[\"\\q\"]", "invalid escape '\\' followed by 'q'", 2),
    N("string_invalid_unicode_escape", "[\"\\uqqqq\"]"),
    N("string_leading_uescaped_thinspace", "[\\u0020\"asd\"]"),
    N("string_no_quotes_with_bad_escape", "[\\n]"),
    N("string_single_doublequote", "\""),
    N("string_single_quote", "['single quote']"),
    N("string_single_string_no_double_quotes", "abc"),
    N("string_start_escape_unclosed", "[\"\\"),
    N("string_unescaped_ctrl_char", "[\"a\x01" "a\"]"),
    N("string_unescaped_newline", "[\"new\nline\"]"),
    NM("string_unescaped_newline_short", "[\"a\nb\"]",
       "unescaped control character U+000A in string", 3),
    N("string_unescaped_tab", "[\"\t\"]"),
    N("string_unicode_CapitalU", "\"\\UA66D\""),
    N("string_with_trailing_garbage", "\"\"x"),
    N("string_unescaped_ctrl_after_16", "[\"0123456789abcdef01\x1f\"]"),
    NM("string_unterminated", "\"abc", "unterminated string", 0),
    N("string_unterminated_long", "[\"0123456789abcdef0123456789abcdef"),
    NL("string_raw_nul", "[\"a\0b\"]", 6),
    /* --- invalid UTF-8 and lone surrogates: invalid-utf8 --- */
    NU("string_1_surrogate_then_escape", "[\"\\uD800\\\"]"),
    N("string_1_surrogate_then_escape_u", "[\"\\uD800\\u\"]"),
    N("string_1_surrogate_then_escape_u1", "[\"\\uD800\\u1\"]"),
    NU("string_lone_high_surrogate", "[\"\\uD800\"]"),
    NU("string_lone_low_surrogate", "[\"\\uDC00\"]"),
    NU("string_lone_low_then_high", "[\"\\uDFFF\\uD800\"]"),
    NU("string_high_high", "[\"\\uD800\\uD800\"]"),
    NU("string_high_then_char", "[\"\\uDBFFx\"]"),
    NUM("string_invalid_utf8", "[\"\xff\"]", "invalid UTF-8 byte 0xff", 2),
    NU("string_invalid_utf8_after_escape", "[\"\\u0061\xe9\"]"),
    NU("string_iso_latin_1", "[\"\xe9\"]"),
    NU("string_lone_utf8_continuation_byte", "[\"\x81\"]"),
    NU("string_overlong_sequence_2_bytes", "[\"\xc0\xaf\"]"),
    NU("string_overlong_sequence_6_bytes", "[\"\xfc\x83\xbf\xbf\xbf\xbf\"]"),
    NU("string_overlong_3_bytes", "[\"\xe0\x80\xaf\"]"),
    NU("string_overlong_4_bytes", "[\"\xf0\x80\x80\xaf\"]"),
    NU("string_UTF-16_surrogate_encoded", "[\"\xed\xa0\x80\"]"),
    NU("string_UTF8_surrogate_U+D800", "[\"\xed\xa0\x80\"]"),
    NU("string_above_10FFFF", "[\"\xf4\x90\x80\x80\"]"),
    NU("string_truncated_utf-8", "[\"\xe0\xff\"]"),
    NU("string_not_in_unicode_range", "[\"\xf4\xbf\xbf\xbf\"]"),
    NU("string_utf8_cut_at_quote", "[\"\xe2\x82\"]"),
    NU("string_invalid_utf8_in_key", "{\"\xff\":0}"),
    NU("string_invalid_utf8_after_16", "[\"0123456789abcdef\x80\"]"),
};

static void test_conformance(void **state)
{
    (void)state;
    val_jr jr;
    val_jr_init(&jr);
    int bad = 0, n_y = 0, n_n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const jcase *c = &cases[i];
        size_t len = c->len ? c->len : strlen(c->doc);
        /* Exact-size heap copy so ASan catches any read past the end. */
        char *buf = malloc(len ? len : 1);
        memcpy(buf, c->doc, len);
        int r = val_json_check(&jr, buf, len);
        if (c->expect < 0) {
            n_y++;
            if (r != 0) {
                printf("FAIL %s: rejected: %s\n", c->name, jr.err_msg);
                bad++;
            }
        } else {
            n_n++;
            if (r == 0) {
                printf("FAIL %s: accepted\n", c->name);
                bad++;
            } else if ((int)jr.code != c->expect) {
                printf("FAIL %s: code %s (%s), expected %s\n", c->name, val_code_name(jr.code),
                       jr.err_msg, val_code_name((val_code)c->expect));
                bad++;
            } else if (jr.err_at < buf || jr.err_at > buf + len) {
                printf("FAIL %s: error position out of the document\n", c->name);
                bad++;
            }
        }
        free(buf);
    }
    printf("%d valid and %d invalid documents checked\n", n_y, n_n);
    assert_true(n_y + n_n >= 150);
    val_jr_free(&jr);
    assert_int_equal(bad, 0);
}

/* Every strict prefix of a valid document that is not itself valid JSON
 * must be rejected without reading past its end. */
static void test_truncations(void **state)
{
    (void)state;
    const char *doc = "{\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\ud83d\\ude00\xed\x95\x9c\"],"
                      "\"b\":{\"c\":{}}}";
    size_t n = strlen(doc);
    val_jr jr;
    val_jr_init(&jr);
    for (size_t k = 0; k < n; k++) {
        char *buf = malloc(k ? k : 1);
        memcpy(buf, doc, k);
        assert_int_equal(val_json_check(&jr, buf, k), -1);
        free(buf);
    }
    assert_int_equal(val_json_check(&jr, doc, n), 0);
    val_jr_free(&jr);
}

/* The documents of cases whose message and offset are pinned: exactly
 * those, naming the case that differs. */
static void test_error_messages(void **state)
{
    (void)state;
    val_jr jr;
    val_jr_init(&jr);
    size_t n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const jcase *c = &cases[i];
        if (!c->msg)
            continue;
        n++;
        int r = val_json_check(&jr, c->doc, strlen(c->doc));
        size_t off = r ? (size_t)(jr.err_at - c->doc) : 0;
        if (r != -1 || strcmp(jr.err_msg, c->msg) != 0 || off != c->off)
            fail_msg("%s: %d, \"%s\" at %zu; expected \"%s\" at %zu", c->name, r,
                     r ? jr.err_msg : "", off, c->msg, c->off);
    }
    assert_int_equal(n, 13);
    val_jr_free(&jr);
}

static void test_deep_nesting(void **state)
{
    (void)state;
    size_t depth = 100000;
    char *buf = malloc(depth * 2);
    memset(buf, '[', depth);
    memset(buf + depth, ']', depth);
    val_jr jr;
    val_jr_init(&jr);
    assert_int_equal(val_json_check(&jr, buf, depth * 2), -1);
    assert_int_equal(jr.code, VAL_TOO_DEEP);
    assert_string_equal(jr.err_msg, "nesting deeper than 512 levels");
    /* Exactly the limit is fine; one more is not. */
    size_t lim = VAL_DEFAULT_MAX_DEPTH;
    memset(buf, '[', lim);
    memset(buf + lim, ']', lim);
    assert_int_equal(val_json_check(&jr, buf, lim * 2), 0);
    for (size_t i = 0; i + 6 <= depth; i += 6)
        memcpy(buf + i, "{\"a\":[", 6);
    assert_int_equal(val_json_check(&jr, buf, depth - depth % 6), -1);
    assert_int_equal(jr.code, VAL_TOO_DEEP);
    memset(buf, '[', depth * 2);    /* unclosed within the limit: malformed */
    assert_int_equal(val_json_check(&jr, buf, 300), -1);
    assert_int_equal(jr.code, VAL_MALFORMED_JSON);
    free(buf);
    val_jr_free(&jr);
}

static void test_string_decoding(void **state)
{
    (void)state;
    static const struct { const char *json; const char *dec; size_t n; bool esc; } tab[] = {
        { "\"abc\"", "abc", 3, false },
        { "\"\\u006b\"", "k", 1, true },
        { "\"a\\nb\\t\\\"\\\\\\/\"", "a\nb\t\"\\/", 7, true },
        { "\"\\u00e9\"", "\xc3\xa9", 2, true },
        { "\"\\uD83D\\uDE00\"", "\xf0\x9f\x98\x80", 4, true },
        { "\"x\\u0000y\"", "x\0y", 3, true },
        { "\"\xed\x95\x9c\xea\xb8\x80\"", "\xed\x95\x9c\xea\xb8\x80", 6, false },
        { "\"0123456789abcdef\\u0041ghij\"", "0123456789abcdefAghij", 21, true },
    };
    val_jr jr;
    val_jr_init(&jr);
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++) {
        const char *s = tab[i].json;
        size_t n = strlen(s);
        val_jr_begin(&jr, s, n);
        val_str v;
        const char *p = val_json_string(&jr, s, s + n, &v);
        assert_false(jr.failed);
        assert_ptr_equal(p, s + n);
        assert_int_equal(v.n, tab[i].n);
        assert_memory_equal(v.s, tab[i].dec, v.n);
        assert_int_equal(v.escaped, tab[i].esc);
    }
    assert_int_equal(val_utf8_count("\xed\x95\x9c\xea\xb8\x80" "a", 7), 3);
    val_jr_free(&jr);
}

/* Keys with escapes followed by white space before or after the colon:
 * each is decoded once (a second decode of the same key used to run past
 * the scratch space, which holds each string of a record once: a heap
 * overflow on a record that is mostly such a key). */
static void test_escaped_keys_spaced(void **state)
{
    (void)state;
    static const char *const seps[] = { " :", ": ", " : ", "\t:\n" };
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        char rec[8192];
        size_t n = 0;
        rec[n++] = '{';
        rec[n++] = '"';
        for (int j = 0; j < 3000; j++)
            rec[n++] = 'a';
        memcpy(rec + n, "\\n\"", 3);
        n += 3;
        n += (size_t)sprintf(rec + n, "%s1,\"\\u006b\"%s2}", seps[i], seps[i]);
        val_jr jr;
        val_jr_init(&jr);
        val_jr_begin(&jr, rec, n);
        const char *end = rec + n;
        bool empty, done;
        const char *p = val_json_obj_open(&jr, rec, end, &empty);
        assert_false(jr.failed);
        val_str k;
        p = val_json_key(&jr, p, end, &k);
        assert_false(jr.failed);
        assert_int_equal(k.n, 3001);
        assert_int_equal(k.s[0], 'a');
        assert_int_equal(k.s[3000], '\n');
        p = val_json_skip(&jr, p, end);
        p = val_json_obj_next(&jr, p, end, &done);
        assert_false(done);
        p = val_json_key(&jr, p, end, &k);
        assert_false(jr.failed);
        assert_int_equal(k.n, 1);
        assert_int_equal(k.s[0], 'k');
        assert_true(jr.scratch_len <= n);   /* each key once */
        p = val_json_skip(&jr, p, end);
        p = val_json_obj_next(&jr, p, end, &done);
        assert_true(done);
        assert_ptr_equal(p, end);
        val_jr_free(&jr);
    }
}

static int cmp(const char *a, const char *b)
{
    val_dec x, y;
    assert_true(val_dec_parse(a, strlen(a), &x));
    assert_true(val_dec_parse(b, strlen(b), &y));
    return val_dec_cmp(&x, &y);
}

static bool is_int(const char *a)
{
    val_dec x;
    assert_true(val_dec_parse(a, strlen(a), &x));
    return val_dec_is_integer(&x);
}

static void test_numbers(void **state)
{
    (void)state;
    assert_true(is_int("10"));
    assert_true(is_int("10.0"));
    assert_true(is_int("1e2"));
    assert_true(is_int("1.5e1"));
    assert_true(is_int("-0"));
    assert_true(is_int("-0.0"));
    assert_true(is_int("0e-5"));
    assert_true(is_int("1e400"));
    assert_true(is_int("123456789012345678901234567890"));
    assert_true(is_int("1200e-2"));
    assert_false(is_int("1.5"));
    assert_false(is_int("1e-2"));
    assert_false(is_int("1201e-2"));
    assert_false(is_int("1e-400"));
    assert_int_equal(cmp("0", "-0"), 0);
    assert_int_equal(cmp("-0.0", "0e10"), 0);
    assert_int_equal(cmp("10", "10.0"), 0);
    assert_int_equal(cmp("1e2", "100"), 0);
    assert_int_equal(cmp("1E+2", "100.000"), 0);
    assert_int_equal(cmp("0.001", "1e-3"), 0);
    assert_int_equal(cmp("20", "100"), -1);
    assert_int_equal(cmp("-20", "-100"), 1);
    assert_int_equal(cmp("-1", "0"), -1);
    assert_int_equal(cmp("0", "-1e-400"), 1);
    assert_int_equal(cmp("1e400", "9223372036854775807"), 1);
    assert_int_equal(cmp("-1e400", "-9223372036854775808"), -1);
    /* Beyond double precision: 2^53 + 1 vs 2^53. */
    assert_int_equal(cmp("9007199254740993", "9007199254740992"), 1);
    assert_int_equal(cmp("9223372036854775808", "9223372036854775807"), 1);
    assert_int_equal(cmp("100000000000000000000000000000000000000001",
                         "1e41"), 1);
    assert_int_equal(cmp("0.30000000000000000000001", "0.3"), 1);
    assert_int_equal(cmp("12.5", "1.25e1"), 0);
    assert_int_equal(cmp("0.1", "0.09999999999999999999"), 1);
    val_dec x;
    assert_false(val_dec_parse("+1", 2, &x));
    assert_false(val_dec_parse("01", 2, &x));
    assert_false(val_dec_parse("1.", 2, &x));
    assert_false(val_dec_parse("", 0, &x));
    assert_false(val_dec_parse("1 ", 2, &x));
}

/* val_json_compact: every token as written, only the white space between
 * tokens dropped; a broken text leaves the builder as it was. */
static void test_compact(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } ok[] = {
        { " {\n  \"a\" : 1.50 ,\r\n\t\"b\":[ -0 , 1E+2,1e400 ] }\n", "{\"a\":1.50,\"b\":[-0,1E+2,1e400]}" },
        { "[\n]", "[]" },
        { "{ }", "{}" },
        { "[ {}, [ ], \"\" ]", "[{},[],\"\"]" },
        { "\"a b\\n\\u2028 \\\" \\/\"", "\"a b\\n\\u2028 \\\" \\/\"" },
        { "{\"k\\u0041 y\" :\n true, \"n\": null , \"f\" :false}",
          "{\"k\\u0041 y\":true,\"n\":null,\"f\":false}" },
        { "\"\xe2\x80\xa8 \xc3\xa9\"", "\"\xe2\x80\xa8 \xc3\xa9\"" },
        { " 12 ", "12" },
    };
    static const char *const bad[] = { "{\n\"a\": 1,\n}", "[1 2]", "", "{\"a\":\"\n\"}", "1 1" };
    val_jr jr;
    val_jr_init(&jr);
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        tx_sb sb = TX_SB_INIT;
        tx_sb_adds(&sb, "x");
        assert_int_equal(val_json_compact(&jr, ok[i].in, strlen(ok[i].in), &sb), 0);
        assert_string_equal(sb.buf + 1, ok[i].out);
        tx_sb_release(&sb);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tx_sb sb = TX_SB_INIT;
        tx_sb_adds(&sb, "x");
        assert_int_equal(val_json_compact(&jr, bad[i], strlen(bad[i]), &sb), -1);
        assert_true(jr.failed);
        assert_string_equal(sb.buf, "x");
        tx_sb_release(&sb);
    }
    val_jr_free(&jr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conformance),
        cmocka_unit_test(test_truncations),
        cmocka_unit_test(test_error_messages),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_string_decoding),
        cmocka_unit_test(test_escaped_keys_spaced),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_compact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
