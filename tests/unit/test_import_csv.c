/* Unit tests for compiler/sheet/ (the import side): the CSV reader (quotes, BOM, CRLF,
 * separators), header aliases, merged cells, the Value heuristics of
 * hand-made sheets, the exact grammar of exported sheets, diagnostics with
 * their row and column, and the round trip model -> export csv -> import ->
 * load -> diff with zero changes on a model that uses every feature, and
 * on a plan with every kind of issue 16. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "../../compiler/sheet/sheet.h"
#include "../../compiler/diff/diff.h"
#include "../../codegen/export_common.h"
#include "../../support/strbuf.h"
#include "model_build.h"

typedef struct run {
    tx_ctx *ctx;
    const char *yaml;
    size_t len;
    tx_ctx *lctx;
    const tx_taxonomy *t;
} run;

static run import(const char *csv, const char *name)
{
    run r = { 0 };
    r.ctx = tx_ctx_new();
    tx_import_opts o = { .name = name };
    r.yaml = tx_import_csv(r.ctx, "sheet.csv", csv, strlen(csv), &o, &r.len);
    if (r.yaml) {
        r.lctx = tx_ctx_new();
        r.t = tx_load_string(r.lctx, "imported.yaml", r.yaml, r.len, NULL);
        if (!r.t) {
            tx_render_text(&r.lctx->sources, &r.lctx->diags, NULL, tx_out_file, stderr);
            fprintf(stderr, "%s", r.yaml);
        }
    }
    return r;
}

static void done(run *r)
{
    tx_ctx_free(r->ctx);
    tx_ctx_free(r->lctx);
}

/* Imports csv and checks that it gives YAML holding every snippet of a
 * NULL-terminated list (a missing one is named, with the YAML); the caller
 * checks more and calls done(). */
static run import_expecting(const char *csv, const char *const *snippets)
{
    run r = import(csv, NULL);
    assert_non_null(r.yaml);
    for (size_t i = 0; snippets[i]; i++)
        if (!strstr(r.yaml, snippets[i]))
            fail_msg("the YAML lacks \"%s\"; it is:\n%s", snippets[i], r.yaml);
    return r;
}

/* "line:col: severity: message" of the first diagnostic with `code`. */
static const char *diag_of(run *r, const char *code)
{
    for (size_t i = 0; i < r->ctx->diags.n; i++) {
        const tx_diag *d = &r->ctx->diags.items[i];
        if (strcmp(d->code, code) == 0) {
            tx_loc l = tx_span_loc(&r->ctx->sources, d->span);
            return tx_arena_printf(r->ctx->arena, "%u:%u: %s: %s", l.line, l.col,
                                   tx_severity_name(d->severity), d->message);
        }
    }
    return "(none)";
}

static const tx_type *ptype(const tx_taxonomy *t, const char *name)
{
    const tx_property *p = tx_find_property(t, name, strlen(name));
    assert_non_null(p);
    return p->type;
}

static const char sample[] =
    "Category,Event Name,이벤트명,Property,Definition,Value,Format,Trigger time\n"
    "Onboarding,sign_up,회원가입,sign_up_date,회원가입 완료 일자,yyyyMMdd,Date,회원가입 완료 시\n"
    ",,,sign_up_type,회원가입 수단,\"kakao, naver, google\",String,\n"
    ",login,로그인,login_count,로그인 횟수,\"1,2,3,4\",Number,\n"
    "journey_1,search,검색,search_term,검색어,\"페어몬트, 파라다이스\",String,검색 결과 노출 시\n"
    ",,,product_detailInfo,숙소 세부 유형,\"호텔, 리조트, 펜션\",String,\n"
    ",,,travel_adults,검색옵션 : 성인 수,\"2,3,4\",Int,\n"
    ",,,city,지역1,\"서울,인천,제주\",String,\n"
    ",,,checkin_at,체크인 일시,2024-03-15 15:00:00,DateTime,\n"
    ",,,visit_day,방문일,2024.03.15,Date,\n"
    ",,,mood,기분,\"happy, sad\",String,\n"
    ",detail_view,상세페이지 조회,travel_adults,성인수,\"2,3,4\",Int,상세페이지 진입 시\n";

static void test_sample_sheet(void **state)
{
    (void)state;
    run r = import(sample, NULL);
    assert_non_null(r.yaml);
    assert_non_null(r.t);
    const tx_taxonomy *t = r.t;
    assert_string_equal(t->name, "sheet");
    assert_int_equal(t->n_events, 4);
    /* merged cells: login inherits Onboarding; detail_view inherits journey_1 */
    assert_string_equal(t->events[1].name, "login");
    assert_string_equal(t->events[1].category, "Onboarding");
    assert_null(t->events[1].trigger);
    assert_string_equal(t->events[3].category, "journey_1");
    assert_string_equal(t->events[0].meta.description, "회원가입");
    assert_string_equal(t->events[0].trigger, "회원가입 완료 시");
    /* Date + yyyyMMdd: a date pattern */
    const tx_type *d = ptype(t, "sign_up_date");
    assert_int_equal(d->format, TX_FMT_DATE_PATTERN);
    assert_string_equal(d->format_text, "yyyyMMdd");
    /* closed by the name word 'type' */
    assert_int_equal(ptype(t, "sign_up_type")->n_enum, 3);
    /* closed by the description word 유형 */
    assert_int_equal(ptype(t, "product_detailInfo")->n_enum, 3);
    /* examples: 'count', 'term', 'city' and a trailing 수 */
    assert_int_equal(ptype(t, "login_count")->n_enum, 0);
    assert_int_equal(ptype(t, "login_count")->base, TX_NUMBER);
    assert_int_equal(ptype(t, "search_term")->n_enum, 0);
    assert_int_equal(ptype(t, "city")->n_enum, 0);
    assert_int_equal(ptype(t, "travel_adults")->base, TX_INTEGER);
    assert_int_equal(ptype(t, "travel_adults")->n_enum, 0);
    /* example dates give their pattern */
    assert_string_equal(ptype(t, "checkin_at")->format_text, "yyyy-MM-dd HH:mm:ss");
    assert_string_equal(ptype(t, "visit_day")->format_text, "yyyy.MM.dd");
    /* no rule decides: examples, with a note */
    assert_int_equal(ptype(t, "mood")->n_enum, 0);
    assert_string_equal(diag_of(&r, "csv-examples"),
                        "11:12: info: values of 'mood' in row 11 (Value) taken as examples; put them in an "
                        "'Allowed values' column to make them a closed list");
    /* the second description is noted, the first kept */
    assert_string_equal(tx_find_property(t, "travel_adults", 13)->meta.description, "검색옵션 : 성인 수");
    assert_non_null(strstr(r.yaml, "    # also described as '성인수' (row 12)\n"));
    assert_non_null(strstr(r.yaml, "    # e.g. 페어몬트, 파라다이스\n"));
    assert_int_equal(r.ctx->diags.n_error, 0);
    done(&r);
}

/* Hand-made sheets and what the YAML they give must hold, a cmocka case
 * each (the case's state is its row); where prop is set, its type's first
 * allowed value must load as first_enum. */
typedef struct written {
    const char *name, *csv;
    const char *const snippets[3];
    const char *prop, *first_enum;
} written;

static const written writtens[] = {
    /* allowed values are written as the type says: a string quoted when
     * YAML would read it as something else ("y", "on"), numbers bare */
    { "allowed values quoting",
      "Event,Property,Format,Value\n"
      "answer,answer_type,String,\"y, n, on, ok\"\n"
      ",step,Int,\"1, 2, 3\"\n",
      { "    enum: [\"y\", \"n\", \"on\", ok]\n", "    enum: [1, 2, 3]\n", NULL },
      "answer_type", "y" },
    /* the same for an exported sheet's Allowed values */
    { "exported allowed values quoting",
      "Event,Property,Type,Allowed values\n"
      "answer,answer_type,string,\"y, no\"\n"
      ",flag,boolean,\"true, false\"\n",
      { "    enum: [\"y\", \"no\"]\n", "    enum: [true, false]\n", NULL },
      "answer_type", "y" },
    /* a use of a named type is written as a reference, even when the type
     * is named like a base word (items and additional included) */
    { "named type references",
      "Event,Property,Type,Allowed values,Format,Required\n"
      "e,a,array of string,,items type string,required\n"
      ",c,object,,additional string (integer),optional\n",
      { "    items:\n      type: string\n", "    additional:\n      type: integer\n", NULL },
      NULL, NULL },
};

static void test_written(void **state)
{
    const written *w = *state;
    run r = import_expecting(w->csv, w->snippets);
    if (w->prop)
        assert_string_equal(ptype(r.t, w->prop)->enums[0].str, w->first_enum);
    done(&r);
}

#define WRITTEN_TEST(i)                                                                     \
    { writtens[i].name, test_written, NULL, NULL, (void *)&writtens[i] }

static void test_reader_bom_crlf_semicolons(void **state)
{
    (void)state;
    run r = import("\xEF\xBB\xBFTracking plan v2;;\r\n"
                   "\"Event\";\"Property\";\"Type\";\"Required\";\"Property description\"\r\n"
                   "open_app;\"launch_source\";string;Y;\"where the app was opened from; \"\"deep\"\" links too\"\r\n"
                   "open_app;note;string;n;\"two\r\nlines\"\r\n",
                   "app");
    assert_non_null(r.t);
    assert_int_equal(r.t->n_events, 1);
    assert_int_equal(r.t->events[0].n_props, 2);
    assert_true(r.t->events[0].props[0].required);
    assert_false(r.t->events[0].props[1].required);
    assert_string_equal(r.t->props[0].meta.description, "where the app was opened from; \"deep\" links too");
    assert_string_equal(r.t->props[1].meta.description, "two\r\nlines");
    done(&r);
}

/* A sheet, whether it imports, and the diagnostics it must give, each
 * {code, "line:col: severity: message"} as diag_of() writes it. */
typedef struct sheet_diags {
    const char *csv;
    bool imports;
    const char *diags[2][2];
} sheet_diags;

/* Imports row i of sheets and checks it, naming the row and the diagnostic
 * that differs; the caller checks more and calls done(). */
static run import_diagnosed(const sheet_diags *sheets, size_t i)
{
    const sheet_diags *s = &sheets[i];
    run r = import(s->csv, NULL);
    if ((r.yaml != NULL) != s->imports)
        fail_msg("sheet %zu %s", i, r.yaml ? "imports" : "does not import");
    for (size_t k = 0; k < 2 && s->diags[k][0]; k++) {
        const char *got = diag_of(&r, s->diags[k][0]);
        if (strcmp(got, s->diags[k][1]) != 0)
            fail_msg("sheet %zu: [%s] is \"%s\", not \"%s\"", i, s->diags[k][0], got,
                     s->diags[k][1]);
    }
    return r;
}

static const sheet_diags bad_sheets[] = {
    /* every mistake of a sheet is reported, each at its row and column */
    { "Event,Property,Type,Required\n"
      "a,x,strng,required\n"
      "b,y,string,maybe\n"
      ",z,array of thing,\n", false,
      { { "csv-type", "2:5: error: unknown type 'strng' in row 2 (Type); did you mean 'string'?" },
        { "csv-required", "3:12: error: cannot read 'maybe' in row 3 (Required); write required "
                          "or optional (Y/N, O/X, 필수/선택 are read too)" } } },
    /* sheets that stop at their first mistake */
    { "Property,Type\nx,string\n", false,
      { { "csv-header", "1:1: error: no Event column in the header (accepted names include "
                        "'Event', 'Event Name', '이벤트')" } } },
    { "Event,Property\na,\"unterminated\n", false,
      { { "csv-syntax", "2:3: error: unterminated quoted cell in row 2" } } },
    { "Event,Property\n,x\n", false,
      { { "csv-row", "2:2: error: property 'x' in row 2 comes before any event" } } },
    { "Event,Property\nok,\xff\n", false,
      { { "csv-encoding", "2:4: error: the sheet is not valid UTF-8 (byte 0xff); save it as "
                          "\"CSV UTF-8\"" } } },
    /* conflicting rows are warned about and the first definition kept */
    { "Event,Property,Type\n"
      "a,x,integer\n"
      "b,x,string\n"
      "b,x,string\n", true,
      { { "csv-conflict", "3:3: warning: property 'x' is string in row 3 but integer in row 2; "
                          "the first definition is kept" },
        { "csv-duplicate", "4:3: warning: property 'x' listed twice for event 'b' (row 4); the "
                           "first is kept" } } },
};

#define N_BAD_SHEETS (sizeof bad_sheets / sizeof bad_sheets[0])

static void test_errors_have_rows_and_columns(void **state)
{
    (void)state;
    run r = import_diagnosed(bad_sheets, 0);
    assert_int_equal(r.ctx->diags.n_error, 3);
    done(&r);
    for (size_t i = 1; i < N_BAD_SHEETS - 1; i++) {
        r = import_diagnosed(bad_sheets, i);
        done(&r);
    }
}

static void test_conflicts_keep_the_first(void **state)
{
    (void)state;
    run r = import_diagnosed(bad_sheets, N_BAD_SHEETS - 1);
    assert_non_null(r.t);
    assert_int_equal(ptype(r.t, "x")->base, TX_INTEGER);
    done(&r);
}

static void test_exact_grammar(void **state)
{
    (void)state;
    run r = import(
        "Category,Event,Event description,Property,Property description,Type,Allowed values,Format,Required,Trigger\n"
        "c,e,[deprecated: use f] 설명,s,[pii] [owner: growth] 이메일,string,,email; max length 254,required,t\n"
        ",,,k,,string (kind),\"a (첫째), \"\"b, c\"\" (\"\"둘, 셋\"\"), \"\"d (x)\"\"\",nullable,optional,\n"
        ",,,n,,number,-0.5..99.75,,optional,\n"
        ",,,p,,string,,min length 1; pattern ^a;b$,optional,\n"
        ",,,tags,,array of string,\"x, y\",max items 3; items pattern ^[x-z]$,optional,\n"
        ",,,addr,,object,,,optional,\n"
        ",,,addr.city,도시,string,,,required,\n"
        ",,,addr.geo,,object,,,optional,\n"
        ",,,addr.geo.lat,,number,-90..90,,required,\n"
        ",(user properties),,tier,,string,\"basic, gold\",,,\n"
        ",(group g),그룹,s,,string,,email; max length 254,required,\n"
        ",(types),,kind,종류,string,\"a (첫째), \"\"b, c\"\" (\"\"둘, 셋\"\"), \"\"d (x)\"\"\",nullable,,\n"
        ",(taxonomy),설명,my_plan,version 2.1.0,,,,,\n",
        NULL);
    assert_non_null(r.t);
    const tx_taxonomy *t = r.t;
    assert_string_equal(t->name, "my_plan");
    assert_string_equal(t->version, "2.1.0");
    assert_string_equal(t->description, "설명");
    assert_true(t->events[0].meta.deprecated);
    assert_string_equal(t->events[0].meta.deprecated_reason, "use f");
    const tx_property *s = tx_find_property(t, "s", 1);
    assert_true(s->meta.pii);
    assert_string_equal(s->meta.owner, "growth");
    assert_string_equal(s->meta.description, "이메일");
    assert_int_equal(s->type->format, TX_FMT_EMAIL);
    assert_int_equal(s->type->max_length, 254);
    const tx_type *k = ptype(t, "k");
    assert_string_equal(k->name, "kind");
    assert_true(k->nullable);
    assert_int_equal(k->n_enum, 3);
    assert_string_equal(k->enums[1].str, "b, c");
    assert_string_equal(k->enums[1].description, "둘, 셋");
    assert_string_equal(k->enums[2].str, "d (x)");
    assert_string_equal(k->meta.description, "종류");
    assert_string_equal(ptype(t, "n")->min.text, "-0.5");
    assert_string_equal(ptype(t, "p")->pattern, "^a;b$");
    const tx_type *tags = ptype(t, "tags");
    assert_int_equal(tags->max_items, 3);
    assert_int_equal(tags->items->n_enum, 2);
    assert_string_equal(tags->items->pattern, "^[x-z]$");
    const tx_type *addr = ptype(t, "addr");
    assert_int_equal(addr->n_fields, 2);
    assert_true(addr->fields[0].required);
    assert_string_equal(addr->fields[0].meta.description, "도시");
    assert_int_equal(addr->fields[1].type->n_fields, 1);
    assert_true(tx_find_property(t, "tier", 4)->is_user);
    assert_int_equal(t->n_groups, 1);
    assert_string_equal(t->groups[0].meta.description, "그룹");
    assert_true(t->groups[0].props[0].required);
    assert_int_equal(r.ctx->diags.n, 0);
    done(&r);
}

/* A model with every feature the sheet carries, exported and imported back. */
static void test_round_trip_zero_changes(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    mb m = mb_new(a, "round_trip", "3.4.5");
    m.t->description = "왕복 시험, \"quoted\"";
    tx_type *login = mb_named(&m, "login_method", TX_STRING);
    static const char *const lv[] = { "kakao", "naver", "a, b", "(x)", "\"q\"", "1" };
    mb_enum(&m, login, lv, 6);
    login->enums[0].description = "카카오 로그인";
    login->enums[2].description = "with, comma (and parens)";
    login->meta.description = "수단";
    tx_type *ymd = mb_named(&m, "yyyymmdd", TX_STRING);
    ymd->format = TX_FMT_DATE_PATTERN;
    ymd->format_text = "yyyyMMdd";
    ymd->date_pattern = NULL;
    tx_type *unused = mb_named(&m, "unused_type", TX_INTEGER);
    unused->min = mb_int(&m, -3);

    tx_type *amount = mb_type(&m, TX_NUMBER);
    amount->min = mb_dbl("-0.5");
    amount->max = mb_dbl("1e6");
    amount->nullable = true;
    tx_type *text = mb_type(&m, TX_STRING);
    text->min_length = 1;
    text->max_length = 40;
    text->pattern = "^[^;,]+; \"x\"$";
    tx_type *ints = mb_type(&m, TX_INTEGER);
    static const char *const iv[] = { "1", "2", "3" };
    mb_enum(&m, ints, iv, 3);
    tx_type *arr = mb_type(&m, TX_ARRAY);
    tx_type *item = mb_type(&m, TX_STRING);
    item->format = TX_FMT_UUID;
    arr->items = item;
    arr->min_items = 1;
    arr->max_items = 5;
    tx_type *obj = mb_type(&m, TX_OBJECT);
    obj->fields = tx_arena_alloc(a, 2 * sizeof *obj->fields);
    obj->n_fields = 2;
    obj->fields[0] = (tx_field){ .name = "city", .type = mb_type(&m, TX_STRING), .required = true };
    obj->fields[0].meta.description = "도시";
    obj->fields[1] = (tx_field){ .name = "when", .type = ymd };
    tx_type *objs = mb_type(&m, TX_ARRAY);
    objs->items = obj;
    tx_type *dt = mb_type(&m, TX_STRING);
    dt->format = TX_FMT_DATE_TIME;

    tx_property *p_login = mb_prop(&m, "login_type", login, "로그인 수단");
    tx_property *p_amount = mb_prop(&m, "amount", amount, NULL);
    p_amount->meta.deprecated = true;
    p_amount->meta.deprecated_reason = "use price";
    tx_property *p_text = mb_prop(&m, "note", text, "메모, 자유 입력");
    p_text->meta.pii = true;
    p_text->meta.owner = "crm";
    tx_property *p_ints = mb_prop(&m, "rating", ints, "  leading spaces");
    tx_property *p_arr = mb_prop(&m, "ids", arr, "ids\nsecond line");
    tx_property *p_addr = mb_prop(&m, "addresses", objs, NULL);
    tx_property *p_dt = mb_prop(&m, "seen_at", dt, "보기 일시");
    tx_property *p_day = mb_prop(&m, "visit_day", ymd, NULL);
    tx_property *p_user = mb_prop(&m, "tier", mb_type(&m, TX_STRING), "등급");
    mb_user(&m, p_user);
    mb_prop(&m, "orphan", mb_type(&m, TX_BOOLEAN), "쓰이지 않음");
    /* cells a spreadsheet would run as formulas, and the apostrophe guard itself */
    mb_prop(&m, "f1", mb_type(&m, TX_STRING), "=HYPERLINK(\"http://x\")");
    mb_prop(&m, "f2", mb_type(&m, TX_STRING), "'=already quoted");
    mb_prop(&m, "f3", mb_type(&m, TX_STRING), "- a bullet");
    mb_prop(&m, "f4", mb_type(&m, TX_STRING), "@mention");

    tx_group *g = mb_group(&m, "common");
    g->meta.description = "공통";
    mb_group_carry(g, p_login, true);
    mb_group_carry(g, p_day, false);

    tx_event *e1 = mb_event(&m, "complete_login", "로그인 완료", "onboarding");
    e1->trigger = "after \"login\", on success";
    mb_carry(e1, p_text, false);
    mb_use_group(e1, g);
    tx_event *e2 = mb_event(&m, "view_page", NULL, NULL);
    e2->meta.deprecated = true;
    mb_carry(e2, p_amount, true);
    mb_carry(e2, p_ints, false);
    mb_carry(e2, p_arr, true);
    mb_carry(e2, p_addr, false);
    mb_carry(e2, p_dt, false);
    mb_carry(e2, p_user, false);
    mb_event(&m, "open_app", "앱 실행", "onboarding");
    const tx_taxonomy *orig = mb_finish(&m);

    tx_sb csv = TX_SB_INIT;
    tx_export_csv(&csv, orig, NULL);
    run r = import(csv.buf, NULL);
    if (!r.yaml) {
        tx_render_text(&r.ctx->sources, &r.ctx->diags, NULL, tx_out_file, stderr);
        fprintf(stderr, "%s", csv.buf);
    }
    assert_non_null(r.t);
    assert_int_equal(r.ctx->diags.n, 0);
    tx_diff *d = tx_diff_models(a, orig, r.t, NULL);
    for (size_t i = 0; i < d->n; i++)
        fprintf(stderr, "unexpected change: %s\n", d->changes[i].message);
    assert_int_equal(d->n, 0);
    assert_true(d->version.ok);
    tx_sb_release(&csv);
    done(&r);
    tx_arena_free(a);
}

/* Issue 16's kinds through the sheet: the cells export writes for each
 * (the grammar of docs/export.md), then import -> load -> diff with zero
 * changes, and export -> import -> export byte-identical. */
static const char v2_plan[] =
    "taxonomy: shop\n"
    "types:\n"
    "  product_id: {type: string, pattern: '^P[0-9]+$'}\n"
    "  idu: {type: [integer, product_id], min: 1}\n"
    "properties:\n"
    "  context: any\n"
    "  nothing: {type: null}\n"
    "  quantity: {type: [integer, string], min: 1, max_length: 4, description: 'a, b'}\n"
    "  id: {type: idu}\n"
    "  size: {type: [string, integer, boolean], enum: [S, '1', 2, 'true', false]}\n"
    "  maybe: {type: [string, number, 'null']}\n"
    "  address: {type: object, properties: {city: string}, additional: true}\n"
    "  labels: {type: object, additional: string}\n"
    "  scores: {type: object, additional: {type: integer, min: 0}}\n"
    "  nested: {type: object, additional: {type: object, properties: {x: {type: number, required: true}}}}\n"
    "  mixed: {type: array, items: {type: [string, number]}, max_items: 3}\n"
    "  anys: {type: array, items: any}\n"
    "  star: {type: object, properties: {'*': string}}\n"
    "  price: {type: number, min: 0, description: the price}\n"
    "  only_variant: {type: string}\n"
    "events:\n"
    "  view_product:\n"
    "    properties: {price: required, context: optional, nothing: optional, quantity: optional,\n"
    "                 id: optional, size: optional, maybe: optional, address: optional,\n"
    "                 labels: optional, scores: optional, nested: optional, mixed: optional, anys: optional,\n"
    "                 star: optional}\n"
    "  complete_purchase:\n"
    "    properties:\n"
    "      price: {required: true, max: 1000000, description: capped}\n"
    "      only_variant: {type: integer}\n";

static const char v2_local[] =
    "taxonomy: shop\n"
    "properties:\n"
    "  price: {type: number}\n"
    "events:\n"
    "  buy:\n"
    "    properties:\n"
    "      price: required\n"
    "      currency: {required: true, type: string, enum: [KRW, USD]}\n";

static char *export_of(const tx_taxonomy *t)
{
    tx_sb sb = TX_SB_INIT;
    tx_csv_opts o = { .no_bom = true };
    tx_export_csv(&sb, t, &o);
    char *r = strdup(sb.buf);
    tx_sb_release(&sb);
    return r;
}

/* export -> import -> export gives the same sheet; returns the first. */
static char *fixed_point(const tx_taxonomy *t, run *r)
{
    char *a = export_of(t);
    *r = import(a, NULL);
    if (!r->t)
        fprintf(stderr, "%s\n%s", a, r->yaml ? r->yaml : "(no yaml)");
    assert_non_null(r->t);
    assert_int_equal(r->ctx->diags.n, 0);
    char *b = export_of(r->t);
    assert_string_equal(a, b);
    free(b);
    return a;
}

static void test_types_v2_round_trip(void **state)
{
    (void)state;
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_string(ctx, "v2.yaml", v2_plan, strlen(v2_plan), NULL);
    if (!t)
        tx_render_text(&ctx->sources, &ctx->diags, NULL, tx_out_file, stderr);
    assert_non_null(t);
    run r;
    char *csv = fixed_point(t, &r);
    static const char *const rows[] = {
        ",,,context,,any,,,optional,\r\n",
        ",,,nothing,,null,,,optional,\r\n",
        ",,,quantity,\"a, b\",integer | string,1..,max length 4,optional,\r\n",
        ",,,id,,integer | product_id (idu),1..,,optional,\r\n",
        /* string values that read as a number or boolean are quoted */
        ",,,size,,string | integer | boolean,\"S, \"\"1\"\", 2, \"\"true\"\", false\",,optional,\r\n",
        ",,,maybe,,string | number,,nullable,optional,\r\n",
        ",,,address,,object,,additional,optional,\r\n,,,address.city,,string,,,optional,\r\n",
        ",,,labels,,object,,additional string,optional,\r\n,,,labels.*,,string,,,,\r\n",
        ",,,scores.*,,integer,0..,,,\r\n",
        ",,,nested.*,,object,,,,\r\n,,,nested.*.x,,number,,,required,\r\n",
        ",,,mixed,,array of (string | number),,max items 3,optional,\r\n",
        ",,,anys,,array of any,,,optional,\r\n",
        /* a member named "*" says optional: not an additional type */
        ",,,star,,object,,,optional,\r\n,,,star.*,,string,,,optional,\r\n",
        ",complete_purchase,,price,capped,number,0..1000000,,required (variant),\r\n",
        ",,,only_variant,,integer,,,optional (variant),\r\n",
        /* only variants use these: their own definition is listed */
        ",(properties),,only_variant,,string,,,optional,\r\n",
        ",,,idu,,integer | product_id,1..,,,\r\n",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (!strstr(csv, rows[i]))
            fail_msg("no row %s in\n%s", rows[i], csv);
    assert_non_null(strstr(r.yaml, "enum: [S, \"1\", 2, \"true\", false]"));
    tx_diff *d = tx_diff_models(ctx->arena, t, r.t, NULL);
    for (size_t i = 0; i < d->n; i++)
        fprintf(stderr, "unexpected change: %s\n", d->changes[i].message);
    assert_int_equal(d->n, 0);
    free(csv);
    done(&r);
    tx_ctx_free(ctx);

    /* an event-local property stays out of the dictionary */
    ctx = tx_ctx_new();
    t = tx_load_string(ctx, "local.yaml", v2_local, strlen(v2_local), NULL);
    assert_non_null(t);
    csv = fixed_point(t, &r);
    assert_non_null(strstr(csv, ",,,currency,,string,\"KRW, USD\",,required (variant),\r\n"));
    assert_null(tx_find_property(r.t, "currency", 8));
    assert_int_equal(r.t->n_local_props, 1);
    free(csv);
    done(&r);
    tx_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sample_sheet),
        WRITTEN_TEST(0),
        WRITTEN_TEST(1),
        WRITTEN_TEST(2),
        cmocka_unit_test(test_reader_bom_crlf_semicolons),
        cmocka_unit_test(test_errors_have_rows_and_columns),
        cmocka_unit_test(test_conflicts_keep_the_first),
        cmocka_unit_test(test_exact_grammar),
        cmocka_unit_test(test_round_trip_zero_changes),
        cmocka_unit_test(test_types_v2_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
