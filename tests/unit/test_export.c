/* Unit tests for codegen/export_*.c that need no validator: the regular
 * expressions standing for formats accept exactly what schema/format.c
 * accepts (every date around the calendar edges in several patterns, RFC
 * 3339 times, and random strings over each format's alphabet, matched
 * with PCRE2), and the sheet cell texts (issue 16's kinds too). */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <cmocka.h>
#include <pcre2.h>
#include <string.h>
#include "../../codegen/export_common.h"
#include "../../support/strbuf.h"
#include "../../support/util.h"
#include "../../compiler/load.h"
#include "model_build.h"
#include "load_fx.h"

static pcre2_code *compile(const char *re)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &eo, NULL);
    if (!c)
        fail_msg("regex does not compile at %zu: %s", (size_t)eo, re);
    return c;
}

static bool re_match(pcre2_code *c, const char *s, size_t n)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    int rc = pcre2_match(c, (PCRE2_SPTR)s, n, 0, 0, md, NULL);
    pcre2_match_data_free(md);
    return rc >= 0;
}

static size_t n_checked;

static void same(pcre2_code *c, const tx_type *t, const char *s)
{
    size_t n = strlen(s);
    if (tx_utf8_check(s, n) != n)
        return;     /* JSON strings are valid UTF-8 by the time formats apply */
    bool want = tx_format_check(t, s, n), got = re_match(c, s, n);
    n_checked++;
    if (want != got)
        fail_msg("'%s': taxonc says %s, the exported pattern %s", s, want ? "valid" : "invalid",
                 got ? "valid" : "invalid");
}

static void check_date_pattern(tx_arena *a, const char *fmt)
{
    tx_type t = { .base = TX_STRING, .format = TX_FMT_DATE_PATTERN, .format_text = fmt,
                  .min_length = -1, .max_length = -1, .min_items = -1, .max_items = -1 };
    const char *err = NULL;
    t.date_pattern = tx_date_pattern_compile(a, fmt, &err);
    assert_non_null(t.date_pattern);
    pcre2_code *c = compile(tx_exp_format_regex(a, &t));
    static const char *const years[] = { "0000", "0004", "1900", "1996", "2000", "2023", "2024", "2100", "2400", "9999" };
    char buf[64];
    for (size_t y = 0; y < sizeof years / sizeof years[0]; y++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                /* fill the pattern's fields */
                size_t k = 0;
                for (const char *p = fmt; *p && k < sizeof buf - 8;) {
                    if (strncmp(p, "yyyy", 4) == 0) { memcpy(buf + k, years[y], 4); k += 4; p += 4; }
                    else if (strncmp(p, "yy", 2) == 0) { memcpy(buf + k, years[y] + 2, 2); k += 2; p += 2; }
                    else if (strncmp(p, "MM", 2) == 0) { k += (size_t)snprintf(buf + k, 3, "%02d", m); p += 2; }
                    else if (strncmp(p, "dd", 2) == 0) { k += (size_t)snprintf(buf + k, 3, "%02d", d); p += 2; }
                    else if (strncmp(p, "HH", 2) == 0) { k += (size_t)snprintf(buf + k, 3, "%02d", (m * 7 + d) % 26); p += 2; }
                    else if (strncmp(p, "mm", 2) == 0) { k += (size_t)snprintf(buf + k, 3, "%02d", (d * 13) % 62); p += 2; }
                    else if (strncmp(p, "ss", 2) == 0) { k += (size_t)snprintf(buf + k, 3, "%02d", (m * 31 + d) % 62); p += 2; }
                    else if (strncmp(p, "SSS", 3) == 0) { memcpy(buf + k, "999", 3); k += 3; p += 3; }
                    else if (*p == '\'') { p++; }
                    else buf[k++] = *p++;
                }
                buf[k] = '\0';
                same(c, &t, buf);
                /* and broken copies: one character off, a trailing newline */
                char alt[72];
                snprintf(alt, sizeof alt, "%s\n", buf);
                same(c, &t, alt);
                snprintf(alt, sizeof alt, "%.*sx", (int)(k ? k - 1 : 0), buf);
                same(c, &t, alt);
            }
    pcre2_code_free(c);
}

static void test_date_patterns_exact(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    static const char *const fmts[] = { "yyyyMMdd", "yyyy-MM-dd HH:mm:ss", "yyMMdd", "MM/dd", "dd.MM.yyyy",
                                        "yyyyMMddHHmmssSSS", "yyyy'T'MM", "HHmm", "yyyy년 MM월 dd일" };
    n_checked = 0;
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++)
        check_date_pattern(a, fmts[i]);
    assert_true(n_checked > 30000);
    tx_arena_free(a);
}

/* A format's seeds (its edges, NULL-terminated), the alphabet that random
 * mutations of them draw from, and how many mutations to try. */
typedef struct format_case {
    tx_format f;
    const char *const *seeds;
    const char *alphabet;
    unsigned rounds;
} format_case;

static const format_case format_cases[] = {
    { TX_FMT_DATE,
      (const char *const[]){ "2024-02-29", "2023-02-29", "0000-02-29", "1900-02-29", "2000-02-29",
                             "2024-04-31", "2024-12-31", "2024-13-01", "2024-00-10", NULL },
      "0123456789-:T ", 20000 },
    { TX_FMT_TIME,
      (const char *const[]){ "23:59:60Z", "23:58:60Z", "00:00:00+09:00", "12:30:00.123-23:59",
                             "12:30:00z", "24:00:00Z", "12:30:00+24:00", "12:30:00", NULL },
      "0123456789:.+-Zz ", 20000 },
    { TX_FMT_DATE_TIME,
      (const char *const[]){ "2024-02-29T23:59:60Z", "2024-02-29t00:00:00+09:00",
                             "2024-02-29 12:00:00.5Z", "2023-02-29T00:00:00Z", NULL },
      "0123456789-:.+TtZz ", 20000 },
    { TX_FMT_UUID,
      (const char *const[]){ "123e4567-e89b-12d3-a456-426614174000",
                             "123E4567-E89B-12D3-A456-426614174000", NULL },
      "0123456789abcdefgABCDEF-{} ", 20000 },
    { TX_FMT_EMAIL,
      (const char *const[]){ "a@b.co", "한글@예시.한국", ".a@b.c", "a..b@c.d", "a@b..c", "a@b.c.",
                             "a@.b.c", "a b@c.d", "\"a\"@b.c", "a@[1.2.3.4]", NULL },
      "ab.@ <>(),;:\\\"[]\t-_", 30000 },
    { TX_FMT_URI,
      (const char *const[]){ "http://x", "https://e.com/a?b=c#d", "x:y", "a:%41", "a:%4", "1a:b",
                             "a:", "ht+tp.-x:y", "http://[::1]/", NULL },
      "ab1:/%4F?#[]@!$&'()*+,;=-._~ <>\"\\^`{|}", 30000 },
};

/* Random strings over an alphabet that hits the format's edges. */
static void check_format_random(tx_arena *a, const format_case *fc)
{
    tx_type t = { .base = TX_STRING, .format = fc->f, .min_length = -1, .max_length = -1,
                  .min_items = -1, .max_items = -1 };
    pcre2_code *c = compile(tx_exp_format_regex(a, &t));
    const char *const *seeds = fc->seeds;
    size_t n_seeds = 0;
    while (seeds[n_seeds])
        same(c, &t, seeds[n_seeds++]);
    const char *alphabet = fc->alphabet;
    uint64_t x = 88172645463325252ull;
    size_t al = strlen(alphabet);
    char buf[300];
    for (unsigned r = 0; r < fc->rounds; r++) {
        /* mutate a seed */
        const char *s = seeds[r % n_seeds];
        size_t n = strlen(s);
        if (n >= sizeof buf - 4)
            n = sizeof buf - 4;
        memcpy(buf, s, n);
        for (int k = 0; k < 2; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            size_t pos = n ? x % n : 0;
            char ch = alphabet[(x >> 20) % al];
            switch ((x >> 40) % 3) {
            case 0: if (n) buf[pos] = ch; break;
            case 1: memmove(buf + pos + 1, buf + pos, n - pos); buf[pos] = ch; n++; break;
            default: if (n) { memmove(buf + pos, buf + pos + 1, n - pos - 1); n--; } break;
            }
        }
        buf[n] = '\0';
        same(c, &t, buf);
    }
    pcre2_code_free(c);
}

static void test_formats_exact(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++)
        check_format_random(a, &format_cases[i]);
    tx_arena_free(a);
}

typedef void cell_fn(tx_sb *sb, const tx_type *t);

/* One sheet cell of type t as text ("" when empty), into sb. */
static const char *cell(tx_sb *sb, cell_fn *fn, const tx_type *t)
{
    tx_sb_reset(sb);
    fn(sb, t);
    return sb->len ? sb->buf : "";
}

/* Checks the type, allowed-values and format cells of t (a NULL want is
 * not checked); a failure names the subject and the cell. */
static void expect_cells(tx_sb *sb, const char *subject, const tx_type *t, const char *type,
                         const char *allowed, const char *format)
{
    static const char *const names[] = { "type", "allowed values", "format" };
    cell_fn *const fns[] = { tx_exp_type_cell, tx_exp_allowed_cell, tx_exp_format_cell };
    const char *const want[] = { type, allowed, format };
    for (size_t i = 0; i < 3; i++) {
        const char *got = want[i] ? cell(sb, fns[i], t) : NULL;
        if (got && strcmp(got, want[i]) != 0)
            fail_msg("%s: %s cell is \"%s\", want \"%s\"", subject, names[i], got, want[i]);
    }
}

static void test_cells(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    mb m = mb_new(a, "t", "1.0.0");
    tx_type *e = mb_named(&m, "login_method", TX_STRING);
    static const char *const v[] = { "kakao", "a, b", "(x)", "1..2", " sp" };
    mb_enum(&m, e, v, 5);
    e->enums[0].description = "카카오";
    e->enums[1].description = "with (parens)";
    e->nullable = true;
    tx_type *arr = mb_type(&m, TX_ARRAY);
    tx_type *item = mb_type(&m, TX_STRING);
    item->format = TX_FMT_DATE_PATTERN;
    item->format_text = "yyyyMMdd";
    item->pattern = "^20;x$";
    arr->items = item;
    arr->max_items = 3;
    tx_type *num = mb_type(&m, TX_INTEGER);
    num->min = mb_int(&m, -5);
    tx_sb sb = TX_SB_INIT;
    expect_cells(&sb, "login_method", e, "string (login_method)",
                 "kakao (카카오), \"a, b\" (\"with (parens)\"), \"(x)\", \"1..2\", \" sp\"",
                 "nullable");
    expect_cells(&sb, "array", arr, "array of string", NULL,
                 "max items 3; items yyyyMMdd; items pattern ^20;x$");
    expect_cells(&sb, "integer", num, NULL, "-5..", NULL);
    tx_sb_release(&sb);
    tx_arena_free(a);
}

/* The cells of issue 16's kinds (docs/export.md): type, allowed values and
 * format of each, read from a loaded plan. */
static plan_fx v2 = {
    .name = "v2.yaml",
    .yaml = "taxonomy: t\n"
            "types:\n"
            "  pid: {type: string, pattern: '^P'}\n"
            "properties:\n"
            "  a: any\n"
            "  n: {type: null}\n"
            "  u: {type: [integer, string, 'null'], min: 1, max_length: 4, pattern: x}\n"
            "  un: {type: [integer, pid]}\n"
            "  ue: {type: [string, number, boolean], enum: ['1', 2.5, 'null', x, true]}\n"
            "  ua: {type: [string, array], items: integer, max_items: 2}\n"
            "  au: {type: array, items: {type: [string, integer], max_length: 2}}\n"
            "  oo: {type: object, additional: true}\n"
            "  om: {type: object, additional: {type: array, items: string}}\n",
};

static void test_cells_types_v2(void **state)
{
    static const struct {
        const char *prop, *type, *allowed, *format;
    } want[] = {
        { "a", "any", "", "" },
        { "n", "null", "", "" },
        { "u", "integer | string", "1..", "nullable; max length 4; pattern x" },
        { "un", "integer | pid", "", "" },
        { "ue", "string | number | boolean", "\"1\", 2.5, \"null\", x, true", "" },
        { "ua", "string | array of integer", "", "max items 2" },
        { "au", "array of (string | integer)", "", "items max length 2" },
        { "oo", "object", "", "additional" },
        { "om", "object", "", "additional array of string" },
    };
    const tx_taxonomy *t = plan_of(state);
    tx_sb sb = TX_SB_INIT;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const tx_property *p = tx_find_property(t, want[i].prop, strlen(want[i].prop));
        assert_non_null(p);
        expect_cells(&sb, want[i].prop, p->type, want[i].type, want[i].allowed, want[i].format);
    }
    tx_sb_release(&sb);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_patterns_exact),
        cmocka_unit_test(test_formats_exact),
        cmocka_unit_test(test_cells),
        PLAN_TEST(test_cells_types_v2, &v2),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
