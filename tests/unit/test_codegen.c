/* Unit tests for codegen/: identifier mapping and collisions, escaping of
 * literals and comments, the emitter, determinism, the shape of generated
 * functions, the format corpus against tx_format_check, sample values,
 * the status scanner and the all-or-nothing writer. Models come from
 * tests/unit/cg_fixture.h (built by hand) or from YAML fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cg_fixture.h"
#include "arena_fx.h"
#include "../../codegen/cg_internal.h"
#include "../../validators/appsource/status.h"
#include "../../compiler/load.h"
#include "../../support/ident.h"
#include "../../support/util.h"

/* ---- helpers ---- */
static const char *ident(tx_arena *a, const char *const *kw, bool unicode, cg_case c,
                         const char *name)
{
    cg_wordset *ws = cg_wordset_new(a);
    if (kw)
        cg_wordset_add_list(ws, kw);
    cg_ident_rules r = { ws, unicode };
    return cg_ident(a, &r, c, name, strlen(name));
}

static const cg_file *find_file(const cg_files *f, const char *suffix)
{
    for (size_t i = 0; i < f->n; i++) {
        size_t pl = strlen(f->items[i].path), sl = strlen(suffix);
        if (pl >= sl && strcmp(f->items[i].path + pl - sl, suffix) == 0)
            return &f->items[i];
    }
    return NULL;
}

static void assert_contains(const cg_file *f, const char *needle)
{
    assert_non_null(f);
    if (!strstr(f->data, needle)) {
        fprintf(stderr, "%s lacks:\n%s\n", f->path, needle);
        fail();
    }
}

static void assert_lacks(const cg_file *f, const char *needle)
{
    assert_non_null(f);
    if (strstr(f->data, needle)) {
        fprintf(stderr, "%s has:\n%s\n", f->path, needle);
        fail();
    }
}

/* ---- identifiers ---- */
static void test_ident_cases(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    static const struct {
        const char *in;
        cg_case c;
        bool unicode;
        const char *out;
    } cases[] = {
        { "complete_sign_up", CG_CAMEL, true, "completeSignUp" },
        { "complete_sign_up", CG_PASCAL, true, "CompleteSignUp" },
        { "complete_sign_up", CG_SNAKE, false, "complete_sign_up" },
        { "complete_sign_up", CG_UPPER, false, "COMPLETE_SIGN_UP" },
        { "HTTPServer", CG_SNAKE, false, "http_server" },
        { "userID", CG_CAMEL, true, "userId" },
        { "page2View", CG_SNAKE, false, "page2_view" },
        { "1st_open", CG_CAMEL, true, "_1stOpen" },
        { "1st_open", CG_SNAKE, false, "_1st_open" },
        { "sign-up complete", CG_CAMEL, true, "signUpComplete" },
        { "a\"b", CG_CAMEL, true, "aB" },
        { "1_5", CG_CAMEL, true, "_15" },
        { "회원가입 완료", CG_CAMEL, true, "회원가입완료" },
        { "회원가입", CG_SNAKE, false, "ud68cuc6d0uac00uc785" },
        { "café", CG_SNAKE, false, "cafu00e9" },
        { "café", CG_CAMEL, true, "café" },
        { "🎉 party", CG_CAMEL, true, "u1f389Party" },
        { "\xe2\x80\xae" "evil", CG_CAMEL, true, "u202eevil" },
        { "", CG_CAMEL, true, "empty" },
        { "!!!", CG_SNAKE, false, "u0021u0021u0021" },
        { "__x__", CG_SNAKE, false, "x" },
        { "$x ${y}", CG_CAMEL, true, "xY" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = ident(a, NULL, cases[i].unicode, cases[i].c, cases[i].in);
        if (strcmp(got, cases[i].out) != 0) {
            fprintf(stderr, "'%s' -> '%s', want '%s'\n", cases[i].in, got, cases[i].out);
            fail();
        }
    }
    tx_arena_free(a);
}

/* What lint's identifier-collision rule promises is what the generators
 * emit: for ASCII names both map alike in every case style. */
static void test_ident_matches_lint(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    static const char *const names[] = {
        "complete_sign_up", "loginType", "login_type", "HTMLParser", "page2View", "1st_open",
        "a-b c", "userID", "ABc", "x__y", "v1_5", "V15", "sign-up complete", "__init__",
        "camelCaseHTTP2Server", "a1B2c3", "Q", "9", "e.g. this", "$x ${y}",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_string_equal(ident(a, NULL, true, CG_SNAKE, names[i]), tx_ident_snake(a, names[i]));
        assert_string_equal(ident(a, NULL, true, CG_CAMEL, names[i]), tx_ident_camel(a, names[i]));
        assert_string_equal(ident(a, NULL, true, CG_PASCAL, names[i]),
                            tx_ident_pascal(a, names[i]));
    }
    tx_arena_free(a);
}

static void test_ident_keywords(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    static const char *const kw[] = { "class", "int", "Type", "fun", NULL };
    assert_string_equal(ident(a, kw, false, CG_SNAKE, "int"), "int_");
    assert_string_equal(ident(a, kw, true, CG_CAMEL, "class"), "class_");
    assert_string_equal(ident(a, kw, true, CG_PASCAL, "type"), "Type_");
    assert_string_equal(ident(a, kw, true, CG_CAMEL, "fun"), "fun_");
    assert_string_equal(ident(a, kw, true, CG_CAMEL, "fun_x"), "funX");
    tx_arena_free(a);
}

static const char **assign(tx_arena *a, const char *const *raws, size_t n)
{
    const char **out = tx_arena_alloc(a, n * sizeof *out);
    cg_ident_rules r = { NULL, false };
    for (size_t i = 0; i < n; i++)
        out[i] = cg_ident(a, &r, CG_SNAKE, raws[i], strlen(raws[i]));
    cg_scope_assign(a, cg_wordset_new(a), n, raws, out);
    return out;
}

static void test_scope_collisions(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    static const char *const raws[] = { "signUp", "sign-up", "sign_up", "SignUp", "sign_up_2" };
    const char **names = assign(a, raws, 5);
    /* the exact identifier keeps it; the rest by raw order; a natural
     * sign_up_2 is never taken by a suffixed name */
    assert_string_equal(names[2], "sign_up");
    assert_string_equal(names[4], "sign_up_2");
    assert_string_equal(names[3], "sign_up_3");   /* "SignUp" < "sign-up" < "signUp" */
    assert_string_equal(names[1], "sign_up_4");
    assert_string_equal(names[0], "sign_up_5");
    /* order of the input does not matter */
    static const char *const rev[] = { "sign_up_2", "SignUp", "sign_up", "sign-up", "signUp" };
    const char **names2 = assign(a, rev, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(names2[i], names[4 - i]);
    tx_arena_free(a);
}

/* ---- text ---- */
static const char *comment(tx_arena *a, const char *s, unsigned flags)
{
    tx_sb sb = TX_SB_INIT;
    cg_comment_text(&sb, s, strlen(s), flags);
    const char *r = tx_arena_strndup(a, sb.buf, sb.len);
    tx_sb_release(&sb);
    return r;
}

static void test_comment_text(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    unsigned blk = CG_COMMENT_BLOCK, c = CG_COMMENT_BLOCK | CG_COMMENT_TRIGRAPH;
    assert_string_equal(comment(a, "ends */ here", blk), "ends * / here");
    assert_string_equal(comment(a, "opens /* here", blk), "opens / * here");
    assert_string_equal(comment(a, "/*/", blk), "/ * /");
    assert_string_equal(comment(a, "a**/b", blk), "a** /b");
    assert_string_equal(comment(a, "what?\?/", c), "what? ?/");
    assert_string_equal(comment(a, "ends */", 0), "ends */");
    assert_string_equal(comment(a, "line\r\nnext\rlast  \n", 0), "line\nnext\nlast");
    assert_string_equal(comment(a, "tab\there", 0), "tab here");
    assert_string_equal(comment(a, "bidi \xe2\x80\xae" "x\xe2\x81\xa6" "y", 0),
                        "bidi <U+202E>x<U+2066>y");
    assert_string_equal(comment(a, "sep\xe2\x80\xa8" "x", 0), "sep<U+2028>x");
    assert_string_equal(comment(a, "nul\x01" "x", 0), "nul<U+0001>x");
    assert_string_equal(comment(a, "bad \xff utf8", 0), "bad <U+FFFD> utf8");
    assert_string_equal(comment(a, "한국어 설명 \"\"\" ${x}", blk), "한국어 설명 \"\"\" ${x}");
    tx_arena_free(a);
}

static void test_double_literal(void **state)
{
    (void)state;
    static const struct { double d; const char *s; } cases[] = {
        { 0.1, "0.1" }, { 1, "1.0" }, { -3.25, "-3.25" }, { 1e20, "1e+20" },
        { 1.0 / 3.0, "0.3333333333333333" }, { 5e-324, "4.94065645841247e-324" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tx_sb sb = TX_SB_INIT;
        cg_double_literal(&sb, cases[i].d);
        assert_string_equal(sb.buf, cases[i].s);
        assert_true(strtod(sb.buf, NULL) == cases[i].d);
        tx_sb_release(&sb);
    }
}

/* ---- the emitter ---- */
static void quote(tx_sb *sb, const char *s, size_t n)
{
    tx_sb_addc(sb, '<');
    tx_sb_add(sb, s, n);
    tx_sb_addc(sb, '>');
}

static void test_emitter(void **state)
{
    (void)state;
    tx_sb sb = TX_SB_INIT;
    cg_emitter e;
    cg_emitter_init(&e, &sb, "  ", quote);
    cg_emit(&e, "f(%s) {\n", "x");
    cg_indent(&e);
    cg_emit(&e, "a = %d; b = %u; c = %z; d = %l;\n\n", -5, 7u, (size_t)42, (int64_t)INT64_MIN);
    cg_emit(&e, "h = %H; q = %q; 100%%\n", (uint64_t)0xabcULL, "lit");
    cg_indent(&e);
    cg_emit_lines(&e, "/// ", "one\n\ntwo", 8);
    cg_unindent(&e);
    cg_unindent(&e);
    cg_unindent(&e);
    cg_emit(&e, "}\n");
    assert_string_equal(sb.buf, "f(x) {\n"
                                "  a = -5; b = 7; c = 42; d = -9223372036854775808;\n"
                                "\n"
                                "  h = 0000000000000abc; q = <lit>; 100%\n"
                                "    /// one\n"
                                "    ///\n"
                                "    /// two\n"
                                "}\n");
    tx_sb_release(&sb);
}

/* ---- generated code ---- */
static void gen_all(const tx_taxonomy *t, cg_files *f)
{
    tx_arena *a = tx_arena_new();
    tx_diags d = { .arena = a };
    for (int l = 0; l < CG_LANG_COUNT; l++)
        assert_int_equal(cg_generate(t, (cg_lang)l, f, &d), 0);
    assert_int_equal(d.n, 0);
    tx_arena_free(a);
}

/* A test of the generated code: its arena (first, for arena_fx.h) and the
 * four files generated for its taxonomy (header, C source, Swift, Kotlin). */
typedef struct gfx {
    tx_arena *a;
    cg_files files;
    const cg_file *h, *c, *sw, *kt;
} gfx;

static int gfx_setup(void **state)
{
    return arena_fx_new(state, sizeof(gfx)) ? 0 : -1;
}

static int gfx_teardown(void **state)
{
    cg_files_free(&((gfx *)*state)->files);
    return arena_fx_free(state);
}

#define GEN_TEST(f) cmocka_unit_test_setup_teardown(f, gfx_setup, gfx_teardown)

/* Generates every language for t into the fixture and finds its files. */
static void generate(gfx *g, const tx_taxonomy *t)
{
    gen_all(t, &g->files);
    g->h = find_file(&g->files, ".h");
    g->c = find_file(&g->files, ".c");
    g->sw = find_file(&g->files, ".swift");
    g->kt = find_file(&g->files, ".kt");
}

static void test_determinism(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    const tx_taxonomy *t = fx_travel(a);
    cg_files f1 = { 0 }, f2 = { 0 }, f3 = { 0 };
    gen_all(t, &f1);
    gen_all(t, &f2);
    bool want[CG_LANG_COUNT] = { true, true, true };
    tx_diags d = { .arena = a };
    assert_int_equal(cg_generate_set(t, want, false, &f3, &d), 0);
    assert_int_equal(f1.n, 4);
    assert_int_equal(f2.n, f1.n);
    assert_int_equal(f3.n, f1.n);
    for (size_t i = 0; i < f1.n; i++) {
        assert_string_equal(f1.items[i].path, f2.items[i].path);
        assert_int_equal(f1.items[i].len, f2.items[i].len);
        assert_memory_equal(f1.items[i].data, f2.items[i].data, f1.items[i].len);
        assert_string_equal(f1.items[i].path, f3.items[i].path);
        assert_memory_equal(f1.items[i].data, f3.items[i].data, f1.items[i].len);
        /* no timestamp, no absolute path */
        assert_null(strstr(f1.items[i].data, "/tmp"));
    }
    assert_string_equal(f1.items[0].path, "travel_app.h");
    assert_string_equal(f1.items[1].path, "travel_app.c");
    assert_string_equal(f1.items[2].path, "TravelApp.swift");
    assert_string_equal(f1.items[3].path, "TravelApp.kt");
    cg_files_free(&f1);
    cg_files_free(&f2);
    cg_files_free(&f3);
    tx_arena_free(a);
}

static void test_shapes(void **state)
{
    gfx *g = *state;
    const tx_taxonomy *t = fx_travel(g->a);
    generate(g, t);
    const cg_file *h = g->h, *c = g->c, *sw = g->sw, *kt = g->kt;
    char hash[64];
    snprintf(hash, sizeof hash, "content hash %016llx", (unsigned long long)t->content_hash);
    assert_contains(h, "Generated by taxonc from taxonomy 'travel_app' version 1.2.0");
    assert_contains(h, hash);
    assert_contains(sw, hash);
    assert_contains(kt, hash);
    /* C: required parameters, an option struct with presence flags */
    assert_contains(h, "bool travel_app_track_complete_sign_up(\n"
                       "    const travel_app_client *client,\n"
                       "    travel_app_login_method sign_up_type,\n"
                       "    const travel_app_complete_sign_up_opt *opt);");
    assert_contains(h, "    bool has_sign_up_date;\n    const char *sign_up_date;\n");
    assert_contains(h, "    TRAVEL_APP_LOGIN_METHOD_KAKAO,\n");
    assert_contains(h, "bool travel_app_track_rate_stay(\n    const travel_app_client *client,\n"
                       "    travel_app_rating rating,\n    const int64_t *room_count,\n");
    assert_contains(h, "    double price TRAVEL_APP_DEPRECATED(\"use total_price\");");
    assert_contains(h, "TRAVEL_APP_DEPRECATED(\"deprecated in the taxonomy\")\n"
                       "bool travel_app_track_open_app_legacy(");
    assert_contains(c, "{ \"\\\"kakao\\\"\", 7, \"kakao\", 5, 0, 0.0 },");
    assert_contains(c, "travel_app_prop *p = travel_app_key_(ck, \"sign_up_type\", "
                       "\"\\\"sign_up_type\\\":\", 15);");
    assert_lacks(c, "malloc");
    /* Swift: defaulted optional parameters, enums with wire values */
    assert_contains(sw, "public func completeSignUp(signUpType: LoginMethod, "
                        "signUpDate: String? = nil) -> Bool {");
    assert_contains(sw, "public func rateStay(rating: Rating, roomCount: Int64?, "
                        "bookedAt: String? = nil) -> Bool {");
    assert_contains(sw, "case .kakao: return \"kakao\"");
    assert_contains(sw, "@available(*, deprecated, message: \"deprecated in the taxonomy\")");
    /* Kotlin */
    assert_contains(kt, "fun completeSignUp(signUpType: LoginMethod, signUpDate: String? = null)"
                        ": Boolean {");
    assert_contains(kt, "KAKAO(\"kakao\"),");
    assert_contains(kt, "enum class Rating(val wire: Long) {");
    assert_contains(kt, "@Deprecated(\"deprecated in the taxonomy\")\n    fun openAppLegacy(");
    assert_contains(kt, "package travel_app\n");
}

/* An event whose name holds every literal hazard: each language's literal
 * must carry it exactly, escaped its own way. */
static void test_literal_escaping(void **state)
{
    gfx *g = *state;
    tx_taxonomy *t = tx_arena_alloc(g->a, sizeof *t);
    t->name = "lit";
    t->version = "1.0.0";
    t->description = "ends */ and /* and \"\"\" ${x} \\ ?\?/\n\xe2\x80\xae";
    static const fx_ev evs[] = {
        { .name = "a\"b\\c$d?\?=e\xe2\x80\xae" "f", .description = "x */ y", .n = 0 },
    };
    fx_finish(g->a, t, evs, 1);
    generate(g, t);
    const cg_file *h = g->h, *c = g->c, *sw = g->sw, *kt = g->kt;
    assert_contains(c, "\"a\\\"b\\\\c$d?\\?=e\\342\\200\\256f\"");
    assert_contains(sw, "\"a\\\"b\\\\c$d?\?=e\\u{202E}f\"");
    assert_contains(kt, "\"a\\\"b\\\\c\\$d?\?=e\\u202Ef\"");
    /* no raw bidi control anywhere, no comment closed early */
    for (size_t i = 0; i < g->files.n; i++)
        assert_null(strstr(g->files.items[i].data, "\xe2\x80\xae"));
    assert_contains(h, " * ends * / and / * and \"\"\" ${x} \\ ? ?/\n * <U+202E>\n");
    assert_contains(kt, "// ends * / and / * and \"\"\" ${x} \\ ?\?/\n// <U+202E>\n");
    assert_contains(sw, "// ends */ and /* and \"\"\" ${x} \\ ?\?/\n// <U+202E>\n");
}

/* ---- formats: the corpus every runtime must agree with ---- */
static void test_format_corpus(void **state)
{
    (void)state;
    tx_ctx *ctx = tx_ctx_new();
    const tx_taxonomy *t = tx_load_file(ctx, "tests/golden/gen/strict.yaml", NULL);
    assert_non_null(t);
    char *text;
    size_t len;
    assert_int_equal(tx_read_file("tests/golden/gen/formats.tsv", 1 << 20, &text, &len), 0);
    size_t n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        assert_non_null(tab2);
        *tab1 = *tab2 = '\0';
        char prop[64];
        snprintf(prop, sizeof prop, "f_%s", line);
        const tx_property *p = tx_find_property(t, prop, strlen(prop));
        assert_non_null(p);
        bool want = tab2[1] == '1';
        bool got = tx_format_check(p->type, tab1 + 1, strlen(tab1 + 1));
        if (got != want) {
            fprintf(stderr, "format %s '%s': got %d, corpus says %d\n", line, tab1 + 1, got, want);
            fail();
        }
        n++;
    }
    assert_true(n > 60);
    free(text);
    tx_ctx_free(ctx);
}

/* ---- sample values ---- */
static void test_samples(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    tx_diags d = { .arena = a };
    static const char *patterns[] = {
        "^ST[0-9]{6,10}$", "^[A-Z]{2}-[0-9]{2}$", "^(kr|jp)_[a-z]+$", "^\\d{3}\\.\\d{2}$",
        "^[^0-9]+x?$", "^(?:ab|cd)+[.]$", "^\"q\"\\\\\\$[a-z]+ \\{2\\}$", "^P[0-9]{8}$",
    };
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        cg_node n = { 0 };
        n.kind = CG_STRING;
        n.ck.min_length = n.ck.max_length = n.ck.min_items = n.ck.max_items = -1;
        n.ck.n_patterns = 1;
        n.ck.patterns = &patterns[i];
        const char *s = cg_sample_string(&n, a, &d, "p");
        if (!s) {
            fprintf(stderr, "no sample for %s\n", patterns[i]);
            fail();
        }
    }
    /* an impossible combination is reported, not guessed */
    static const char *digits[] = { "^[0-9]{5}$" };
    cg_node n = { 0 };
    n.kind = CG_STRING;
    n.ck.min_length = -1;
    n.ck.max_length = 3;
    n.ck.n_patterns = 1;
    n.ck.patterns = digits;
    assert_null(cg_sample_string(&n, a, &d, "zip"));
    assert_int_equal(d.n, 1);
    assert_string_equal(d.items[0].message,
                        "cannot make a sample value for 'zip' that passes its checks");
    cg_node num = { 0 };
    num.kind = CG_INTEGER;
    num.ck.min = fx_int(3);
    num.ck.max = fx_int(9);
    assert_int_equal(cg_sample_int(&num), 3);
    num.ck.min.set = false;
    num.ck.max = fx_int(-2);
    assert_int_equal(cg_sample_int(&num), -2);
    tx_arena_free(a);
}

/* ---- status ---- */
static void test_status_scan(void **state)
{
    (void)state;
    tx_arena *a = tx_arena_new();
    tx_taxonomy *t = fx_travel(a);
    val_status st;
    /* without user properties identify is not looked for */
    static const char swift_identify[] = "import Foundation\nt.identify(userId: nil)\n";
    val_status_init(t, a, &st);
    val_status_scan_text(t, CG_LANG_SWIFT, swift_identify, strlen(swift_identify), "b.swift", a,
                         &st);
    assert_false(st.has_identify);
    assert_false(st.identify.implemented);
    t->n_user_props = 1;
    t->user_props = tx_arena_alloc(a, sizeof *t->user_props);
    t->user_props[0] = &t->props[6];   /* is_member */
    val_status_init(t, a, &st);
    assert_true(st.has_identify);
    /* each scan adds one implemented event, or identify: calls in comments,
     * strings and declarations do not count */
    static const struct {
        cg_lang lang;
        const char *file, *text;
        size_t n_implemented;   /* the count after the scan */
        int called;             /* the event it adds, or -1: identify */
    } scans[] = {
        { CG_LANG_SWIFT, "a.swift",
          "// t.viewHome()\n"
          "/* outer /* nested t.rateStay() */ still t.rateStay() */\n"
          "let s = \"t.searchStay()\"\n"
          "let r = #\"raw \"t.searchStay()\" \"#\n"
          "let m = \"\"\"\n t.searchStay()\n \"\"\"\n"
          "func completeSignUp() {}\n"
          "t.completeSignUp (signUpType: .kakao)\n"
          "// t.identify(userId: \"u\")\nlet i = \"t.identify()\"\n"
          "func identify(userId: String?) {}\n", 1, 0 },
        { CG_LANG_C, "a.c",
          "/* travel_app_track_view_home(c) */ // travel_app_track_rate_stay(c)\n"
          "const char *s = \"travel_app_track_search_stay(c)\"; char q = '\"';\n"
          "travel_app_track_view_home(&client);\n"
          "/* travel_app_identify(c, 0, 0) */ const char *i = \"travel_app_identify(c)\";\n"
          "identify(&client);\n", 2, 2 },
        { CG_LANG_KOTLIN, "a.kt",
          "val s = \"${t.rateStay(x)}\"\nval r = \"\"\"t.searchStay()\"\"\"\n"
          "fun searchStay() {}\nt.searchStay(\"x\")\n"
          "// t.identify(userId = \"u\")\nval i = \"${t.identify()}\"\n"
          "override fun identify(userId: String?) {}\n", 3, 1 },
        { CG_LANG_SWIFT, "b.swift", swift_identify, 3, -1 },
        { CG_LANG_C, "b.c", "travel_app_identify(&client, \"u-1\", &user);\n", 3, -1 },
        { CG_LANG_KOTLIN, "b.kt", "t.identify(userId = \"u-1\")\n", 3, -1 },
    };
    for (size_t i = 0; i < sizeof scans / sizeof scans[0]; i++) {
        val_status_scan_text(t, scans[i].lang, scans[i].text, strlen(scans[i].text),
                             scans[i].file, a, &st);
        bool want_identify = scans[i].called < 0;
        const bool *called = want_identify ? st.identify.called : st.events[scans[i].called].called;
        if (st.n_implemented != scans[i].n_implemented || !called[scans[i].lang] ||
            st.identify.called[scans[i].lang] != want_identify)
            fprintf(stderr, "scan of %s: %zu implemented, event %d called: %d, identify: %d\n",
                    scans[i].file, st.n_implemented, scans[i].called, called[scans[i].lang],
                    st.identify.called[scans[i].lang]);
        assert_int_equal(st.n_implemented, scans[i].n_implemented);
        assert_true(called[scans[i].lang]);
        assert_int_equal(st.identify.called[scans[i].lang], want_identify);
        if (i == 0) {
            assert_string_equal(st.events[0].first_file, "a.swift");
            assert_int_equal(st.events[0].first_line, 9);
        }
    }
    assert_false(st.events[3].implemented);
    assert_true(st.identify.implemented);
    assert_string_equal(st.identify.first_file, "b.swift");
    assert_int_equal(st.identify.first_line, 2);
    tx_arena_free(a);
}

/* ---- writing ---- */
static void test_write_and_check(void **state)
{
    (void)state;
    char dir[] = "/tmp/cgtestXXXXXX";
    assert_non_null(mkdtemp(dir));
    char out[512];
    snprintf(out, sizeof out, "%s/out/sub", dir);
    tx_arena *a = tx_arena_new();
    tx_diags d = { .arena = a };
    const tx_taxonomy *t = fx_travel(a);
    cg_files f = { 0 };
    gen_all(t, &f);
    assert_int_equal(cg_check_files(out, &f, NULL, NULL, &d), 4);
    assert_int_equal(cg_write_files(out, &f, &d), 0);
    assert_int_equal(cg_check_files(out, &f, NULL, NULL, &d), 0);
    /* a stale file is found; an up-to-date one is not rewritten */
    char p[600];
    snprintf(p, sizeof p, "%s/travel_app.c", out);
    struct stat before, after;
    assert_int_equal(stat(p, &before), 0);
    snprintf(p, sizeof p, "%s/TravelApp.kt", out);
    FILE *fp = fopen(p, "a");
    assert_non_null(fp);
    fputs("// edited\n", fp);
    fclose(fp);
    assert_int_equal(cg_check_files(out, &f, NULL, NULL, &d), 1);
    sleep(1);
    assert_int_equal(cg_write_files(out, &f, &d), 0);
    snprintf(p, sizeof p, "%s/travel_app.c", out);
    assert_int_equal(stat(p, &after), 0);
    assert_true(before.st_mtime == after.st_mtime);
    assert_int_equal(cg_check_files(out, &f, NULL, NULL, &d), 0);
    /* a target that is a folder fails before anything is replaced */
    snprintf(p, sizeof p, "%s/TravelApp.kt", out);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(mkdir(p, 0755), 0);
    snprintf(p, sizeof p, "%s/TravelApp.swift", out);
    fp = fopen(p, "w");
    fputs("old", fp);
    fclose(fp);
    size_t nd = d.n;
    assert_int_equal(cg_write_files(out, &f, &d), -1);
    assert_true(d.n > nd);
    char *old;
    size_t olen;
    assert_int_equal(tx_read_file(p, 100, &old, &olen), 0);
    assert_string_equal(old, "old");
    free(old);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s | grep taxonc-tmp)\"", out);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    cg_files_free(&f);
    tx_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ident_cases),
        cmocka_unit_test(test_ident_matches_lint),
        cmocka_unit_test(test_ident_keywords),
        cmocka_unit_test(test_scope_collisions),
        cmocka_unit_test(test_comment_text),
        cmocka_unit_test(test_double_literal),
        cmocka_unit_test(test_emitter),
        cmocka_unit_test(test_determinism),
        GEN_TEST(test_shapes),
        GEN_TEST(test_literal_escaping),
        cmocka_unit_test(test_format_corpus),
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_status_scan),
        cmocka_unit_test(test_write_and_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
